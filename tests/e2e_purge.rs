//! `X` on the real screen: a closed case that owes nothing is asked for,
//! removed with the store let go of, and the screen opens again on the
//! rest, saying what was done.

mod support;

use std::process::Command;
use std::time::Duration;

use support::fixture;
use support::pty::BIN;

#[test]
fn x_on_a_closed_case_removes_it_and_the_screen_goes_on_without_it() {
    let f = fixture();
    let mut pty = f.spawn("en", &[], 80, 24);
    pty.wait_for_text("due soon");
    pty.send_key("/");
    pty.send("Tall");
    pty.send_key("enter");
    pty.wait_for_text("2026-110 Fam Tall");
    pty.send_key("X");
    let screen = pty.wait_for_text("Remove 2026-110 Fam Tall for good");
    assert!(screen.contains("40 notes, 25 goal reflections"), "{screen}");
    pty.send_key("enter");
    let screen = pty.wait_for_text_within(Duration::from_secs(20), "2026-110 is removed");
    assert!(!screen.contains("Fam Tall"), "{screen}");
    assert!(screen.contains("Fam Rönn"), "{screen}");
    pty.send_key("q");
    assert_eq!(pty.expect_exit(Duration::from_secs(5)), 0);
    let out = Command::new(BIN)
        .args(["--data-dir", &f.data, "--lang", "en", "case", "list"])
        .env("INSATS_CONFIG_DIR", &f.config)
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(
        !list.contains("2026-110") && list.contains("2026-105"),
        "{list}"
    );
}
