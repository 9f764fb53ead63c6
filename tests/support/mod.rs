//! Shared helpers for the integration tests. Include with `mod support;`.
//!
//! Each test file uses only part of this, hence the allowances below.
#![allow(dead_code, unused_imports)]

pub mod pty;

pub use pty::Pty;

/// A demo store seeded for 2026-11-22 in a fresh directory, with an empty
/// configuration directory of its own.
pub struct Fixture {
    _tmp: tempfile::TempDir,
    pub data: String,
    pub config: String,
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
