//! Keys as they arrive over a slow link, in the real binary: an Esc and
//! the next key in one read.

mod support;

use std::time::Duration;

use support::{Fixture, Pty, fixture};

fn open(f: &Fixture, args: &[&str]) -> Pty {
    let mut pty = f.spawn("sv", args, 80, 24);
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

#[test]
fn fewer_keys_in_the_incident_editor_a_suggestion_replaced_a_line_cleared_kinds_backwards() {
    let f = fixture();
    let mut pty = open(&f, &[]);
    pty.send_key("i");
    pty.wait_for_text("▸5 Problembeteendet");
    // Back to "När": its suggestion (now) is replaced by what is typed.
    pty.send_keys(&["shift-tab", "shift-tab", "shift-tab", "shift-tab"]);
    pty.wait_for_text("▸1 När");
    for c in "igår 18.30".chars() {
        pty.send(&c.to_string());
    }
    pty.wait_for_text("▸1 När (datum och tid): igår 18.30");
    // Ctrl-U clears the line, as in a shell (ctrl-z would bring it back).
    pty.send_key("ctrl-u");
    pty.wait_for(Duration::from_secs(5), |s| {
        s.lines().any(|l| l.trim_end() == "▸1 När (datum och tid):")
    });
    pty.send_key("ctrl-z");
    pty.wait_for_text("▸1 När (datum och tid): igår 18.30");
    // The chain: a link, its kind backwards with T, its actor through
    // parent, child, young person.
    pty.send_keys(&["tab", "tab", "tab", "tab", "tab"]);
    pty.wait_for_text("▸6 Händelsekedjan");
    pty.send_key("a");
    pty.send("Trött");
    pty.send_key("enter");
    pty.wait_for_text("1. Sårbarhet (förälder): Trött");
    pty.send_key("T");
    pty.wait_for_text("1. Konsekvens lång sikt (förälder): Trött");
    pty.send_key("t");
    pty.send_keys(&["w", "w"]);
    pty.wait_for_text("1. Sårbarhet (ungdom): Trött");
}

#[test]
fn notes_are_read_with_enter_edited_with_e_and_the_history_is_returned_to() {
    let f = fixture();
    let mut pty = open(&f, &[]);
    pty.send_key("5");
    pty.wait_for_text("╔ 5 Anteckningar 1/27");
    pty.send_key("enter");
    pty.wait_for_text("e ändra");
    let read = pty.wait_for_text("Anteckning · 2026-105 Fam Rönn");
    assert!(read.contains("Datum: 2026-11-16"), "{read}");
    pty.send_key("e");
    pty.wait_for_text("▸1 Text");
    pty.send(" Tillägg.");
    pty.send_key("ctrl-s");
    pty.wait_for_text("Anteckning · 2026-105 Fam Rönn sparad.");
    // In the history the note has a version before; saving a record opened
    // there returns there.
    pty.send_key("h");
    pty.wait_for_text("Historik · 2026-105");
    pty.send_key("enter");
    pty.wait_for_text("▸1 Text");
    pty.send("!");
    pty.send_key("ctrl-s");
    let back = pty.wait_for_text("Historik · 2026-105");
    assert_eq!(back.matches("   ↳ ").count(), 2, "{back}");
    // The goal's status from the reflections pane.
    pty.send_key("esc");
    pty.wait_for_text_gone("Historik · 2026-105");
    pty.send_keys(&["3", "down", "e"]);
    pty.wait_for_text("Mål · 2026-105");
    pty.wait_for_text("Status: ‹ aktivt ›");
}

#[test]
fn a_demo_leaves_no_store_behind_when_quit_or_when_its_terminal_goes() {
    for hang_up in [false, true] {
        let tmp = tempfile::tempdir().unwrap();
        let tmpdir = tmp.path().display().to_string();
        let mut pty = Pty::spawn(
            &["--demo", "--lang", "sv"],
            &[
                ("TMPDIR", tmpdir.as_str()),
                ("INSATS_CONFIG_DIR", "/nonexistent"),
            ],
            80,
            24,
        );
        pty.wait_for_text("snart");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
        if hang_up {
            pty.close_master();
        } else {
            pty.send_key("q");
        }
        pty.wait_exit(Duration::from_secs(5)).expect("insats exits");
        let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert!(left.is_empty(), "hang-up {hang_up}: {left:?}");
    }
}

#[test]
fn vim_saves_with_esc_colon_w_and_leaves_with_esc_colon_q() {
    let f = fixture();
    let mut pty = open(&f, &["--keymap", "vim"]);
    pty.send_key("n");
    pty.wait_for_text("▸1 Text");
    // A colon in a text is text: no mode is entered by typing.
    pty.send("Hembesök kl 10:30 wq");
    pty.wait_for_text("10:30 wq");
    // Esc alone does not leave: the line says how a command goes on.
    pty.send_key("esc");
    let begun = pty.wait_for_text("esc … : w enter spara");
    assert!(begun.contains("▸1 Text"), "{begun}");
    assert!(begun.contains(": q enter avbryt"), "{begun}");
    pty.send(":w");
    pty.send_key("enter");
    let saved = pty.wait_for_text("sparad.");
    assert!(!saved.contains("▸1 Text"), "{saved}");
    pty.send_key("5");
    pty.send_key("enter");
    let read = pty.wait_for_text("Datum: 2026-11-22");
    assert!(read.contains("Hembesök kl 10:30 wq"), "{read}");
    pty.send_key("esc");
    pty.wait_for_text_gone("Datum: 2026-11-22");
    // The whole command in one read, as a slow link delivers it: ESC and
    // `:` arrive as one Alt chord, which means nothing here.
    pty.send_key("n");
    pty.wait_for_text("▸1 Text");
    pty.send("Andra");
    pty.wait_for_text("Andra");
    pty.send("\x1b:q\r");
    pty.wait_for_text("Osparad text");
    pty.send_key("d");
    pty.wait_for_text_gone("▸1 Text");
    // A command begun and not finished is dropped, and types nothing.
    pty.send_key("n");
    pty.wait_for_text("▸1 Text");
    pty.send_key("esc");
    pty.send("y");
    pty.wait_for_text("esc y gör ingenting här");
    pty.send("x");
    let line = pty.wait_for_text("x");
    assert!(!line.contains("yx"), "{line}");
    pty.send_keys(&["esc", "esc"]);
    pty.wait_for_text("Osparad text");
}

#[test]
fn emacs_saves_with_ctrl_x_ctrl_s_and_quits_with_ctrl_x_ctrl_c() {
    let f = fixture();
    let mut pty = open(&f, &["--keymap", "emacs"]);
    pty.send_key("n");
    pty.wait_for_text("▸1 Text");
    pty.send("Samtal i skolan");
    pty.wait_for_text("Samtal i skolan");
    pty.send_key("ctrl-x");
    pty.wait_for_text("ctrl-x … ctrl-s spara");
    pty.send_key("ctrl-s");
    pty.wait_for_text("sparad.");
    // A key that continues nothing is no text either.
    pty.send_key("n");
    pty.wait_for_text("▸1 Text");
    pty.send_keys(&["ctrl-x", "a"]);
    let line = pty.wait_for_text("ctrl-x a gör ingenting här");
    assert!(!line.contains("▸1 Text a"), "{line}");
    pty.send_keys(&["ctrl-x", "k"]);
    pty.wait_for_text_gone("▸1 Text");
    // The panes take [global]'s sequence, split over two reads.
    pty.send_key("ctrl-x");
    pty.wait_for_text("ctrl-x … ctrl-c");
    pty.send_key("ctrl-c");
    assert_eq!(pty.expect_exit(Duration::from_secs(5)), 0);
}
