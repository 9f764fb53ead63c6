//! The real binary on a store of its own, each run bounded in time, for
//! the fault tests. Include with `mod shell;`.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_insats");

/// A temporary directory with a store (`data`) and an empty configuration.
pub struct Shell {
    pub tmp: tempfile::TempDir,
    pub data: PathBuf,
    pub lang: &'static str,
    pub today: &'static str,
}

impl Shell {
    pub fn new() -> Shell {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        Shell {
            tmp,
            data,
            lang: "en",
            today: "2026-11-22",
        }
    }

    /// A shell on another data directory (a copy of a store).
    pub fn at(data: &Path) -> Shell {
        let mut sh = Shell::new();
        sh.data = data.to_path_buf();
        sh
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(BIN);
        c.arg("--data-dir")
            .arg(&self.data)
            .args(["--today", self.today, "--lang", self.lang])
            .args(args)
            .env("INSATS_CONFIG_DIR", self.tmp.path().join("config"))
            .env_remove("INSATS_DATA_DIR")
            .env_remove("INSATS_TODAY")
            .env_remove("INSATS_TEST_FREE_BYTES")
            .env_remove("INSATS_TEST_STALL_FLUSH")
            .env_remove("INSATS_TEST_STALL_WRITE")
            .env_remove("INSATS_TEST_OPEN_ENOSPC")
            .env_remove("INSATS_TEST_RESTORE_KILL_AFTER");
        c
    }

    /// Runs, killing the process after 60 s (a hang fails the test).
    pub fn run(&self, args: &[&str]) -> Output {
        bounded(self.command(args), Duration::from_secs(60)).0
    }

    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Case 2026-001, started 2026-09-01.
    pub fn add_case(&self) {
        self.ok(&[
            "case",
            "add",
            "2026-001",
            "--family",
            "Fam A",
            "--start",
            "2026-09-01",
        ]);
    }

    /// How many records `insats export` holds.
    pub fn records(&self) -> usize {
        let v: serde_json::Value = serde_json::from_str(&self.ok(&["export"])).unwrap();
        v.as_object()
            .unwrap()
            .values()
            .filter_map(|l| l.as_array())
            .map(|l| l.len())
            .sum()
    }
}

/// Runs `cmd` with its output captured, killing it after `limit`; returns
/// the output and how long it took. A process still running at `limit`
/// panics the test: a hang is the failure.
pub fn bounded(mut cmd: Command, limit: Duration) -> (Output, Duration) {
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = out.read_to_end(&mut b);
        b
    });
    let err_reader = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = err.read_to_end(&mut b);
        b
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} did not end within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let took = start.elapsed();
    (
        Output {
            status,
            stdout: reader.join().unwrap(),
            stderr: err_reader.join().unwrap(),
        },
        took,
    )
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// C0 other than newline and tab, DEL, or C1.
pub fn has_control(text: &str) -> bool {
    text.chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\t') || ('\u{7f}'..='\u{9f}').contains(&c))
}

/// The one line an error must be: `insats: …`, no panic, nothing raw.
pub fn assert_one_line(out: &Output, what: &str) {
    let err = stderr(out);
    assert_eq!(err.lines().count(), 1, "{what}: {err:?}");
    assert!(err.starts_with("insats: "), "{what}: {err}");
    assert!(!err.contains("panicked"), "{what}: {err}");
    assert!(!has_control(&err), "{what}: {err:?}");
}
