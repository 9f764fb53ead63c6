//! Shared helpers for the integration tests. Include with `mod support;`.
//!
//! Each test file uses only part of this, hence the allowances below.
#![allow(dead_code, unused_imports)]

pub mod pty;
pub mod screen;

pub use pty::Pty;

/// A demo store seeded for 2026-11-22 in a fresh directory, with an empty
/// configuration directory of its own.
pub struct Fixture {
    _tmp: tempfile::TempDir,
    pub data: String,
    pub config: String,
}

impl Fixture {
    /// The real binary on this store in a pty at `cols`x`rows`, on
    /// 2026-11-22 and in `lang`, with `args` after the common ones.
    pub fn spawn(&self, lang: &str, args: &[&str], cols: u16, rows: u16) -> Pty {
        let mut all = vec![
            "--data-dir",
            &self.data,
            "--today",
            "2026-11-22",
            "--lang",
            lang,
        ];
        all.extend_from_slice(args);
        Pty::spawn(
            &all,
            &[("INSATS_CONFIG_DIR", self.config.as_str())],
            cols,
            rows,
        )
    }
}

pub fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let store = insats::store::Store::open(&data).unwrap();
    insats::demo::seed(&store, "2026-11-22".parse().unwrap()).unwrap();
    drop(store);
    let config = tmp.path().join("config").display().to_string();
    Fixture {
        data: data.display().to_string(),
        config,
        _tmp: tmp,
    }
}

/// sled's own database in `db` (a store's `db/`), to be changed behind
/// insats's back. A store closed a moment ago can still hold sled's file
/// lock while its threads end (slowly on a loaded machine): waited for.
pub fn raw_db(db: &std::path::Path) -> sled::Db {
    for _ in 0..100 {
        match sled::open(db) {
            Err(sled::Error::Io(e)) if e.to_string().contains("could not acquire lock") => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            opened => return opened.unwrap(),
        }
    }
    panic!("sled's lock on {} was never let go", db.display())
}
