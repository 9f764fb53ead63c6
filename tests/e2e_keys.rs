//! Keys as they arrive over a slow link, in the real binary: an Esc and
//! the next key in one read.

mod support;

use std::time::Duration;

use support::{Fixture, Pty, fixture};

fn open(f: &Fixture, args: &[&str]) -> Pty {
    let mut all = vec![
        "--data-dir",
        &f.data,
        "--today",
        "2026-11-22",
        "--lang",
        "sv",
    ];
    all.extend_from_slice(args);
    let mut pty = Pty::spawn(&all, &[("INSATS_CONFIG_DIR", f.config.as_str())], 80, 24);
    pty.wait_for_text("snart");
    pty
}

#[test]
fn esc_and_q_in_one_read_close_the_view_and_quit() {
    let f = fixture();
    let mut pty = open(&f, &[]);
    pty.send_key("o");
    pty.wait_for_text("Försenat och snart, alla ärenden");
    // Sent as one write, as a burst over SSH arrives: crossterm reads it
    // as Alt-q, which means nothing here.
    pty.send("\x1bq");
    assert_eq!(pty.expect_exit(Duration::from_secs(5)), 0);
}

#[test]
fn esc_and_a_key_in_one_read_leave_an_editor_and_act_on_the_screen() {
    let f = fixture();
    let mut pty = open(&f, &[]);
    pty.send_key("n");
    pty.wait_for_text("Anteckning ·");
    // Nothing typed: Esc leaves at once, and `o` opens the overdue view.
    pty.send("\x1bo");
    pty.wait_for_text("Försenat och snart, alla ärenden");
    // An Alt chord the keymap binds stays one: alt-digit in an editor.
    pty.send_key("esc");
    pty.wait_for_text_gone("Försenat och snart, alla ärenden");
    pty.send_key("n");
    pty.wait_for_text("▸1 Text");
    pty.send("\x1b3");
    pty.wait_for_text("▸3 Tid");
    pty.send_key("esc");
    pty.wait_for_text_gone("▸3 Tid");
    pty.send("\x1bq");
    assert_eq!(pty.expect_exit(Duration::from_secs(5)), 0);
}
