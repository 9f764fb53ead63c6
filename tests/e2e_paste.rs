//! Pasting into the real binary in a pseudo-terminal: a line feed is a
//! line break.

mod support;

use std::process::Command;
use std::time::Duration;

use support::pty::BIN;
use support::{Fixture, Pty, fixture};

fn note_texts(f: &Fixture) -> Vec<String> {
    let out = Command::new(BIN)
        .args(["--data-dir", &f.data, "export"])
        .env("INSATS_CONFIG_DIR", &f.config)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["body"]["text"].as_str().unwrap().to_string())
        .collect()
}

/// The note editor open on a fresh demo store at 80x24.
fn note_editor(f: &Fixture) -> Pty {
    let mut pty = f.spawn("en", &[], 80, 24);
    pty.wait_for_text("due soon");
    pty.send_key("n");
    pty.wait_for_text("Note · 2026-105");
    pty
}

#[test]
fn line_feeds_pasted_as_keys_are_line_breaks_and_lose_nothing() {
    let f = fixture();
    let mut pty = note_editor(&f);
    // What `tmux paste-buffer -r` sends, and what Ctrl-J is.
    pty.send("NBP line one\nNBP line two\nNBP line three");
    pty.wait_for_text("NBP line three");
    pty.send_key("ctrl-s");
    pty.wait_for(Duration::from_secs(10), |s| {
        s.lines().last().is_some_and(|l| l.contains("saved "))
    });
    pty.send_key("q");
    assert_eq!(pty.expect_exit(Duration::from_secs(10)), 0);
    let texts = note_texts(&f);
    assert!(
        texts.contains(&"NBP line one\nNBP line two\nNBP line three".to_string()),
        "{texts:?}"
    );
}
