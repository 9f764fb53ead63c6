//! A case from Fas 1 to closing in the real binary, in a pty: every step
//! of the checklist is done by the record that completes it — none is
//! ticked by hand — and shows that record's date.

mod support;

use std::process::Command;
use std::time::Duration;

use support::Pty;

const BIN: &str = env!("CARGO_BIN_EXE_insats");
const TODAY: &str = "2026-11-22";

struct Case {
    _tmp: tempfile::TempDir,
    data: String,
    config: String,
}

fn new_case() -> Case {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data").display().to_string();
    let config = tmp.path().join("config").display().to_string();
    let out = Command::new(BIN)
        .args(["--data-dir", &data, "--today", TODAY, "--lang", "en"])
        .args([
            "--worker", "AS", "case", "add", "2026-001", "--family", "Fam A",
        ])
        .env("INSATS_CONFIG_DIR", &config)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Case {
        _tmp: tmp,
        data,
        config,
    }
}

/// Whether an editor is open: its title, on the first line, names the case.
fn editing(screen: &str) -> bool {
    screen
        .lines()
        .next()
        .is_some_and(|l| l.contains("· 2026-001 Fam A"))
}

/// `Ctrl-S` in the open editor: waits until it has closed, saved.
fn save(pty: &mut Pty) {
    pty.send_key("ctrl-s");
    pty.wait_for(Duration::from_secs(10), |s| {
        !editing(s) && s.contains(" saved")
    });
}

/// Opens an editor with `key` and waits for its title.
fn open(pty: &mut Pty, key: &str) {
    pty.send(key);
    pty.wait_for(Duration::from_secs(10), editing);
}

fn tabs(pty: &mut Pty, n: usize) {
    for _ in 0..n {
        pty.send_key("tab");
    }
}

#[test]
fn from_fas_1_to_closing_every_step_follows_its_record() {
    let c = new_case();
    let mut pty = Pty::spawn(
        &["--data-dir", &c.data, "--today", TODAY, "--worker", "AS"],
        &[("INSATS_CONFIG_DIR", &c.config), ("LANG", "en_GB.UTF-8")],
        120,
        40,
    );
    pty.wait_for_text("2026-001 Fam A");

    // Fas 1: the first visit (the alliance), the plan with its goal and
    // the mapping, the first rating, the Fas 1 report sent.
    open(&mut pty, "n");
    pty.send("Första besöket hemma.");
    save(&mut pty);
    open(&mut pty, "p");
    pty.send("Lugnare kvällar");
    // The day the plan was set (fastställd), then the mapping.
    tabs(&mut pty, 5);
    pty.send(TODAY);
    tabs(&mut pty, 2);
    pty.send("R: Trångbott");
    save(&mut pty);
    open(&mut pty, "s");
    save(&mut pty);
    open(&mut pty, "D");
    save(&mut pty);
    pty.send("2");
    let screen = pty.wait_for(Duration::from_secs(10), |s| {
        s.lines()
            .filter(|l| l.contains("[x]") && l.contains(TODAY))
            .count()
            == 5
    });
    assert!(!screen.contains("✎"), "{screen}");

    // Fas 2, then Fas 3: a meeting with the network and the social
    // secretary, a new goal, the closing rating, the avslutsrapport.
    pty.send(">");
    pty.wait_for_text("Fas 2 Treatment work");
    pty.send(">");
    pty.wait_for_text("Fas 3 Generalising work");
    open(&mut pty, "n");
    pty.send("Nätverksmöte med skolan och socialsekreteraren.");
    tabs(&mut pty, 5);
    // The participants: 4 the social secretary, 5 another (the network).
    pty.send("4");
    pty.send("5");
    save(&mut pty);
    open(&mut pty, "m");
    pty.send("Behålla rutinerna");
    save(&mut pty);
    open(&mut pty, "s");
    save(&mut pty);
    open(&mut pty, "D");
    save(&mut pty);

    // Closing: the reason and each goal's outcome; then the family's
    // follow-up.
    open(&mut pty, "C");
    pty.send("Målen nådda");
    // The meeting, done by the note, is said, not asked; each goal's
    // outcome: achieved.
    pty.wait_for_text("Closing meeting");
    tabs(&mut pty, 1);
    pty.send_key("right");
    pty.send_key("tab");
    pty.send_key("right");
    // Its notes are not yet in the journal: named, and asked about.
    pty.send_key("ctrl-s");
    pty.wait_for_text("notes not in the journal");
    pty.send_key("enter");
    pty.wait_for(Duration::from_secs(10), |s| {
        !editing(s) && s.contains(" saved")
    });
    open(&mut pty, "F");
    save(&mut pty);

    let screen = pty.wait_for(Duration::from_secs(10), |s| {
        s.contains("Closed 2026-11-22") && s.contains("Fas 1 5/5")
    });
    let pane: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("[x]") || l.contains("[ ]"))
        .collect();
    let done: Vec<&&str> = pane
        .iter()
        .filter(|l| l.contains("[x]") && l.contains(TODAY))
        .collect();
    assert_eq!(done.len(), 6, "every Fas 3 step done, dated:\n{screen}");
    assert!(!pane.iter().any(|l| l.contains("[ ]")), "{screen}");
    assert!(!screen.contains("✎"), "nothing ticked by hand:\n{screen}");
    pty.send("q");
    assert_eq!(pty.expect_exit(Duration::from_secs(5)), 0);
}
