//! A note queued while the screen did not answer, for a case the store
//! has not: the screen counts it, lists it whole, and puts it in the case
//! the worker names, once; nothing stays out of sight.

mod support;

use std::process::Command;
use std::time::Duration;

use support::pty::BIN;
use support::{Fixture, fixture};

const CASE: &str = "2026-105";

fn note_while_stopped(f: &Fixture, case: &str, text: &str) {
    let out = Command::new(BIN)
        .args([
            "--data-dir",
            &f.data,
            "--today",
            "2026-11-22",
            "--lang",
            "en",
        ])
        .args(["note", case, "-m", text])
        .env("INSATS_CONFIG_DIR", &f.config)
        .env("INSATS_WORKER", "AS")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("queued"));
}

fn notes_saying(f: &Fixture, text: &str) -> Vec<String> {
    let out = Command::new(BIN)
        .args(["--data-dir", &f.data, "export"])
        .env("INSATS_CONFIG_DIR", &f.config)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let notes = v["notes"].as_array().unwrap().iter();
    notes
        .filter(|n| n["body"]["text"] == text)
        .map(|n| n["case"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_note_for_a_mistyped_case_is_shown_and_put_in_the_right_one() {
    let f = fixture();
    let mut pty = f.spawn("en", &[], 80, 24);
    pty.wait_for_text("due soon");
    // The screen stopped (Ctrl-Z, a hung link): the note is queued unchecked.
    pty.signal(libc::SIGSTOP);
    note_while_stopped(&f, "2026-1O5", "Skrivet med fel kod");
    pty.signal(libc::SIGCONT);
    pty.wait_for_text_within(Duration::from_secs(4), "1 queued note waits (W)");
    pty.send_key("W");
    let screen = pty.wait_for_text("Queued notes waiting");
    assert!(
        screen.contains("Note for 2026-1O5 (no such case)"),
        "{screen}"
    );
    assert!(screen.contains("Skrivet med fel kod"), "{screen}");
    pty.send_key("a");
    pty.wait_for_text("Put the note in case");
    pty.send_key("ctrl-u");
    pty.send(CASE);
    pty.send_key("enter");
    let screen = pty.wait_for_text("The note is in its case now");
    assert!(!screen.contains("queued note waits"), "{screen}");
    pty.send_key("q");
    assert_eq!(pty.expect_exit(Duration::from_secs(5)), 0);
    assert_eq!(
        notes_saying(&f, "Skrivet med fel kod"),
        vec![CASE.to_string()]
    );
    let inbox = std::fs::read_dir(std::path::Path::new(&f.data).join("inbox")).unwrap();
    assert_eq!(inbox.count(), 0);
}
