//! `insats journal`: what is not yet entered into the journal, as plain
//! text and Markdown; `--mark` (with `--through`) marks it; an edit after
//! the transfer makes it owed again; bad input is one line, exit 2.

mod shell;

use shell::Shell;

fn with_two_notes() -> Shell {
    let mut sh = Shell::new();
    sh.lang = "sv";
    sh.ok(&[
        "case",
        "add",
        "2026-050",
        "--family",
        "Fam Test",
        "--start",
        "2026-11-01",
    ]);
    let first = [
        "note",
        "2026-050",
        "-m",
        "Hembesök.",
        "--date",
        "2026-11-16",
    ];
    sh.ok(&[&first[..], &["--child-words", "Jag vill bo här"]].concat());
    sh.ok(&["note", "2026-050", "-m", "Telefon.", "--date", "2026-11-21"]);
    sh
}

#[test]
fn what_is_owed_is_printed_in_the_journal_order_and_flagged_overdue() {
    let sh = with_two_notes();
    let text = sh.ok(&["journal"]);
    assert!(
        text.starts_with("2026-050 Fam Test: 2 poster ej journalförda\n"),
        "{text}"
    );
    let first = text.find("Anteckning #1 · 2026-11-16").unwrap();
    let second = text.find("Anteckning #2 · 2026-11-21").unwrap();
    assert!(first < second, "{text}");
    for line in [
        "Tid: 2026-11-16 12:00, 60 min",
        "Plats: hem",
        "Deltog: förälder, barn",
    ] {
        assert!(text.contains(line), "{line}: {text}");
    }
    assert!(
        text.contains("\nHembesök.\n\nBarnets egna ord: Jag vill bo här\n"),
        "{text}"
    );
    assert!(!text.contains(['│', '┌', '╔', '▸']), "{text}");
    let md = sh.ok(&["journal", "2026-050", "--format", "md"]);
    assert!(
        md.contains("## 2026-050") && md.contains("### Anteckning #1"),
        "{md}"
    );
    let out = sh.run(&["overdue"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("2 anteckningar ej journalförda (2026-11-16)"),
        "{said}"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn marking_through_a_day_leaves_the_rest_and_an_edit_is_owed_again() {
    let sh = with_two_notes();
    let said = sh.ok(&["journal", "2026-050", "--mark", "--through", "2026-11-17"]);
    assert_eq!(said, "1 post i 2026-050 markerad som journalförd.\n");
    let text = sh.ok(&["journal", "2026-050"]);
    assert!(
        !text.contains("Anteckning #1") && text.contains("Anteckning #2"),
        "{text}"
    );
    sh.ok(&["journal", "2026-050", "--mark", "--reference", "JD 4711"]);
    assert_eq!(sh.ok(&["journal"]), "Allt är journalfört.\n");
    let export = sh.ok(&["export"]);
    assert!(export.contains("\"reference\": \"JD 4711\""), "{export}");
    assert!(!String::from_utf8_lossy(&sh.run(&["overdue"]).stdout).contains("journalför"));
    // Nothing owed: said, not an error.
    let said = sh.ok(&["journal", "2026-050", "--mark"]);
    assert!(said.contains("Inget att markera i 2026-050"), "{said}");
}

#[test]
fn a_mark_of_an_unknown_case_or_a_bad_date_is_refused_in_one_line() {
    let sh = with_two_notes();
    for args in [
        &["journal", "2026-999", "--mark"][..],
        &["journal", "2026-050", "--mark", "--through", "2026-13-40"],
        &["journal", "2026-050", "--format", "pdf"],
        &["journal", "2026-050", "--through", "2026-11-20"],
    ] {
        let out = sh.run(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    }
    assert!(sh.ok(&["journal"]).contains("2 poster ej journalförda"));
}
