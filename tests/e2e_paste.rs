//! Pasting into the real binary in a pseudo-terminal: a long paste that
//! arrives as plain keys (tmux's `paste-buffer`, many SSH clients) or as a
//! bracketed paste is taken in whole at once, and a line feed is a line
//! break.

mod support;

use std::process::Command;
use std::time::{Duration, Instant};

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

/// About `len` bytes of words on lines of about 70, ending in a word found
/// nowhere else.
fn long_text(len: usize, line_end: &str) -> String {
    let words = [
        "hembesök",
        "mamma",
        "pappa",
        "barnet",
        "skolan",
        "kväll",
        "öva",
    ];
    let mut text = String::new();
    let mut line = 0;
    let mut i = 0;
    while text.len() < len {
        let w = words[i % words.len()];
        i += 1;
        text.push_str(w);
        line += w.len() + 1;
        if line > 70 {
            text.push_str(line_end);
            line = 0;
        } else {
            text.push(' ');
        }
    }
    text.push_str("SLUTORDET");
    text
}

/// The note editor open on a fresh demo store at 80x24.
fn note_editor(f: &Fixture) -> Pty {
    let mut pty = f.spawn("en", &[], 80, 24);
    pty.wait_for_text("due soon");
    pty.send_key("n");
    pty.wait_for_text("Note · 2026-105");
    pty
}

/// Sends `bytes` as the terminal would, then: the end of the text must be
/// drawn with no key after it, and `Ctrl-S` must save at once.
fn pasted_whole_and_saved(f: &Fixture, bytes: &[u8], within: Duration) {
    let mut pty = note_editor(f);
    let start = Instant::now();
    pty.send_bytes(bytes);
    pty.wait_for(within, |s| s.contains("SLUTORDET"));
    pty.send_key("ctrl-s");
    pty.wait_for(within, |s| {
        s.lines().last().is_some_and(|l| l.contains("saved "))
    });
    let took = start.elapsed();
    println!(
        "{} bytes pasted: drawn whole and saved in {took:?}",
        bytes.len()
    );
    pty.send_key("q");
    assert_eq!(pty.expect_exit(Duration::from_secs(10)), 0);
    let texts = note_texts(f);
    assert!(
        texts.iter().any(|t| t.ends_with("SLUTORDET")),
        "not saved whole after {took:?}"
    );
}

#[test]
fn a_ten_kilobyte_paste_as_plain_keys_is_drawn_whole_and_saves_at_once() {
    let f = fixture();
    let text = long_text(10_000, "\r");
    pasted_whole_and_saved(&f, text.as_bytes(), Duration::from_secs(5));
    let saved = note_texts(&f);
    assert!(
        saved.contains(&text.replace('\r', "\n")),
        "not the text pasted"
    );
}

#[test]
fn a_ten_kilobyte_bracketed_paste_is_drawn_whole_and_saves_at_once() {
    let f = fixture();
    let text = long_text(10_000, "\n");
    let bytes = format!("\x1b[200~{text}\x1b[201~");
    pasted_whole_and_saved(&f, bytes.as_bytes(), Duration::from_secs(5));
    assert!(note_texts(&f).contains(&text));
}

#[test]
fn a_megabyte_paste_as_plain_keys_or_bracketed_is_taken_whole() {
    let f = fixture();
    let text = long_text(1 << 20, "\r");
    pasted_whole_and_saved(&f, text.as_bytes(), Duration::from_secs(30));
    let bytes = format!("\x1b[200~{}\x1b[201~", text.replace('\r', "\n"));
    pasted_whole_and_saved(&f, bytes.as_bytes(), Duration::from_secs(30));
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
