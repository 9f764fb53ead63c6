//! Two windows: `insats note CASE -m` from a second process while the
//! screen holds the store and does not answer it (the inbox is then the
//! fallback; `e2e_serve.rs` has the screen answering). Every note is
//! queued, taken in by the open screen within two seconds and shown; a
//! screen killed halfway loses none and takes none twice.

mod support;

use std::collections::BTreeMap;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use support::pty::BIN;
use support::{Fixture, Pty, fixture};

const CASE: &str = "2026-105";
const RUNS: usize = 200;

/// The screen, answering no command itself (`INSATS_TEST_NO_SERVE`): the
/// inbox is what a screen that does not answer in time has.
fn screen(f: &Fixture) -> Pty {
    let args = [
        "--data-dir",
        &f.data,
        "--today",
        "2026-11-22",
        "--lang",
        "en",
    ];
    let env = [
        ("INSATS_CONFIG_DIR", f.config.as_str()),
        ("INSATS_TEST_NO_SERVE", "1"),
    ];
    let mut pty = Pty::spawn(&args, &env, 80, 24);
    pty.wait_for_text("due soon");
    pty
}

/// `insats note CASE -m inbox-N` for N in `range`, one process after the
/// other, counting those that have returned.
fn notes_from_a_second_window(
    f: &Fixture,
    range: std::ops::Range<usize>,
    done: Arc<AtomicUsize>,
) -> thread::JoinHandle<Vec<String>> {
    let (data, config) = (f.data.clone(), f.config.clone());
    thread::spawn(move || {
        let mut said = Vec::new();
        for i in range {
            let out = Command::new(BIN)
                .args(["--data-dir", &data, "--today", "2026-11-22", "--lang", "en"])
                .args(["note", CASE, "-m", &format!("inbox-{i}")])
                .env("INSATS_CONFIG_DIR", &config)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "run {i}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            said.push(String::from_utf8_lossy(&out.stdout).into_owned());
            done.fetch_add(1, Ordering::SeqCst);
        }
        said
    })
}

/// How many times each `inbox-N` note is in the store.
fn counts(f: &Fixture) -> BTreeMap<String, usize> {
    let out = Command::new(BIN)
        .args(["--data-dir", &f.data, "export"])
        .env("INSATS_CONFIG_DIR", &f.config)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut counts = BTreeMap::new();
    for n in v["notes"].as_array().unwrap() {
        let text = n["body"]["text"].as_str().unwrap();
        if text.starts_with("inbox-") {
            *counts.entry(text.to_string()).or_default() += 1;
        }
    }
    counts
}

fn inbox_len(f: &Fixture) -> usize {
    std::fs::read_dir(std::path::Path::new(&f.data).join("inbox")).map_or(0, |d| {
        d.filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".note"))
        })
        .count()
    })
}

fn assert_each_once(counts: &BTreeMap<String, usize>) {
    let twice: Vec<_> = counts.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "taken in more than once: {twice:?}");
    let missing: Vec<_> = (0..RUNS)
        .map(|i| format!("inbox-{i}"))
        .filter(|t| !counts.contains_key(t))
        .collect();
    assert!(missing.is_empty(), "lost: {missing:?}");
}

#[test]
fn two_hundred_notes_from_a_second_window_are_each_taken_in_once() {
    let f = fixture();
    let mut pty = screen(&f);
    pty.send_key("5");
    let started = Instant::now();
    let done = Arc::new(AtomicUsize::new(0));
    let runs = notes_from_a_second_window(&f, 0..RUNS, done.clone());
    // A note that failed ends its thread: said by the join, not a hang.
    while done.load(Ordering::SeqCst) < RUNS && !runs.is_finished() {
        pty.refresh();
        thread::sleep(Duration::from_millis(50));
    }
    let said = runs.join().unwrap();
    assert!(said.iter().all(|s| s.contains("queued")), "{:?}", said[0]);
    // The open screen takes in the last within two seconds, and shows it.
    let last = Instant::now();
    while inbox_len(&f) > 0 {
        assert!(
            last.elapsed() < Duration::from_secs(2),
            "{} notes still queued 2 s after the last",
            inbox_len(&f)
        );
        pty.refresh();
        thread::sleep(Duration::from_millis(20));
    }
    let taken_in = last.elapsed();
    let shown = pty.wait_for(Duration::from_secs(3), |s| {
        s.contains(&format!("inbox-{}", RUNS - 1))
    });
    assert!(shown.contains("5 Notes"), "{shown}");
    pty.send_key("q");
    assert_eq!(pty.expect_exit(Duration::from_secs(5)), 0);
    assert_each_once(&counts(&f));
    eprintln!(
        "{RUNS} notes queued and taken in: {:?} in all, the last {taken_in:?} after it was queued",
        started.elapsed()
    );
}

#[test]
fn a_screen_killed_halfway_loses_no_note_and_takes_none_twice() {
    let f = fixture();
    let mut pty = screen(&f);
    let started = Instant::now();
    let done = Arc::new(AtomicUsize::new(0));
    let runs = notes_from_a_second_window(&f, 0..RUNS, done.clone());
    while done.load(Ordering::SeqCst) < RUNS / 2 && !runs.is_finished() {
        pty.refresh();
        thread::sleep(Duration::from_millis(5));
    }
    pty.signal(libc::SIGKILL);
    pty.wait_exit(Duration::from_secs(5))
        .expect("the screen is gone");
    // The rest find the store free and write it themselves.
    let said = runs.join().unwrap();
    let queued = said.iter().filter(|s| s.contains("queued")).count();
    assert!(queued >= RUNS / 2, "{queued} queued");
    // The next start takes in what was left.
    let mut pty = screen(&f);
    pty.send_key("q");
    assert_eq!(pty.expect_exit(Duration::from_secs(5)), 0);
    assert_eq!(inbox_len(&f), 0);
    assert_each_once(&counts(&f));
    eprintln!(
        "{RUNS} notes, the screen killed after {}: {queued} queued, all in once, {:?}",
        RUNS / 2,
        started.elapsed()
    );
}
