//! Faults at the command line: control characters in and out, output that
//! cannot be written, dates outside the work, hostile imports and keymaps.

mod shell;

use std::fs::File;
use std::process::Stdio;

use chrono::{NaiveDate, NaiveTime};
use insats::domain::case::{Case, Place};
use insats::domain::note::Note;
use insats::domain::record::Record;
use insats::store::Store;
use shell::{Shell, assert_one_line, has_control, stderr, stdout};

/// An OSC 0 window title, an SGR colour, an OSC 52 clipboard write and a
/// C1 CSI: what a label must never send to a terminal.
const TITLE: &str = "\u{1b}]0;pwned\u{7}";
const COLOUR: &str = "\u{1b}[31m";
const CLIPBOARD: &str = "\u{1b}]52;c;aGVq\u{7}";
const C1: &str = "\u{9b}2J";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A store holding, as an older insats took them, a label and a note with
/// escape sequences.
fn hostile_store(sh: &Shell) {
    let store = Store::open(&sh.data).unwrap();
    let at = d("2026-09-01").and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap());
    let mut case = Case::new("2026-001", &format!("Fam {TITLE}{C1}"), d("2026-09-01"));
    case.workers = vec![format!("ab{COLOUR}")];
    store
        .insert_case(&Record::new("2026-001", 0, case, "ab", at))
        .unwrap();
    let note = Note {
        date: d("2026-11-20"),
        start: NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
        minutes: 60,
        place: Place::Home,
        participants: vec![],
        child_took_part: true,
        child_words: format!("ord {CLIPBOARD}"),
        text: format!("rad ett\n\tindrag {COLOUR}röd{C1}"),
        goals: vec![],
    };
    store.add("2026-001", note, "ab", at).unwrap();
    store.flush().unwrap();
}

#[test]
fn escape_sequences_in_the_store_are_escaped_in_every_output() {
    let sh = Shell::new();
    hostile_store(&sh);
    let commands: &[&[&str]] = &[
        &["overdue"],
        &["overdue", "--json"],
        &["case", "list"],
        &["report", "2026-001"],
        &["report", "2026-001", "--format", "text"],
        &["export"],
        &["stats"],
        &["stats", "--json"],
        &["check"],
    ];
    for args in commands {
        let out = sh.run(args);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {}",
            stderr(&out)
        );
        let text = stdout(&out);
        assert!(!has_control(&text), "{args:?} sent a control character");
        assert!(!has_control(&stderr(&out)), "{args:?}");
    }
    // Shown as text, where a person can see them.
    let list = sh.ok(&["case", "list"]);
    assert!(list.contains("Fam \\x1b]0;pwned"), "{list}");
    let report = sh.ok(&["report", "2026-001", "--format", "text"]);
    assert!(report.contains("ord \\x1b]52;c;aGVq\\x07"), "{report}");
    assert!(report.lines().count() > 10, "newlines stay: {report}");
    // JSON keeps the value: read back, it is the text as stored.
    let json: serde_json::Value = serde_json::from_str(&sh.ok(&["export"])).unwrap();
    assert_eq!(
        json["cases"][0]["body"]["family"],
        format!("Fam {TITLE}{C1}")
    );
}

#[test]
fn control_characters_are_refused_on_the_command_line() {
    let sh = Shell::new();
    sh.add_case();
    let refused: &[&[&str]] = &[
        &[
            "case",
            "add",
            "2026-002",
            "--family",
            &format!("Fam {TITLE}"),
        ],
        &[
            "case",
            "add",
            "2026-002",
            "--family",
            "F",
            "--secretary",
            C1,
        ],
        &[
            "case",
            "add",
            "2026-002",
            "--family",
            "F",
            "--case-worker",
            "a\tb",
        ],
        &["case", "add", "2026-002", "--family", "Rad\nTvå"],
        &["note", "2026-001", "-m", &format!("text {CLIPBOARD}")],
        &["note", "2026-001", "-m", "carriage\rreturn"],
        &["note", "2026-001", "-m", "ok", "--child-words", COLOUR],
    ];
    for args in refused {
        let out = sh.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert_one_line(&out, &format!("{args:?}"));
        assert!(
            stderr(&out).contains("control character"),
            "{}",
            stderr(&out)
        );
        assert!(stderr(&out).contains("U+00"), "{}", stderr(&out));
    }
    // Nothing of it was written: one case, no note.
    assert_eq!(sh.records(), 1);
    // Newline and tab are text in a note.
    sh.ok(&["note", "2026-001", "-m", "rad ett\n\trad två"]);
    let json: serde_json::Value = serde_json::from_str(&sh.ok(&["export"])).unwrap();
    assert_eq!(json["notes"][0]["body"]["text"], "rad ett\n\trad två");
}

#[test]
fn error_messages_show_typed_escapes_as_text() {
    let sh = Shell::new();
    sh.add_case();
    for args in [
        vec!["note", "20\u{1b}]52;c;aGVq\u{7}", "-m", "hej"],
        vec!["case", "add", "20\u{1b}[2J", "--family", "F"],
        vec!["note", "2026-001", "-m", "x", "--date", "2026\u{9b}1"],
        vec!["note", "2026-001", "-m", "x", "--place", "h\u{1b}[1m"],
    ] {
        let out = sh.run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_one_line(&out, &format!("{args:?}"));
        let err = stderr(&out);
        assert!(err.contains("\\x1b") || err.contains("\\u{9b}"), "{err}");
    }
}

/// Standard output on /dev/full.
fn to_full(sh: &Shell, args: &[&str]) -> std::process::Output {
    let mut c = sh.command(args);
    c.stdout(Stdio::from(File::create("/dev/full").unwrap()))
        .stderr(Stdio::piped());
    c.output().unwrap()
}

#[test]
fn an_unwritable_output_says_whether_the_record_was_saved() {
    let sh = Shell::new();
    let export = sh.path("in.json");
    let writes: &[(&[&str], &str)] = &[
        (
            &[
                "case",
                "add",
                "2026-001",
                "--family",
                "F",
                "--start",
                "2026-09-01",
            ],
            "case 2026-001 is saved",
        ),
        (
            &["note", "2026-001", "-m", "Hembesök"],
            "note 2026-001/1 is saved",
        ),
    ];
    for (args, said) in writes {
        let out = to_full(&sh, args);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {}", stderr(&out));
        assert_one_line(&out, &format!("{args:?}"));
        assert!(stderr(&out).contains(said), "{}", stderr(&out));
        assert!(stderr(&out).contains("do not run the command again"));
    }
    // Saved exactly once each.
    assert_eq!(sh.records(), 2);

    sh.ok(&["export", "-o", export.to_str().unwrap()]);
    let other = Shell::new();
    let out = to_full(&other, &["import", export.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the import (2 records) is saved"),
        "{}",
        stderr(&out)
    );
    assert_eq!(other.records(), 2);

    let reads: &[&[&str]] = &[
        &["overdue"],
        &["overdue", "--json"],
        &["case", "list"],
        &["export"],
        &["report", "2026-001"],
        &["stats"],
        &["check"],
        &["keys"],
        &["backups"],
    ];
    for args in reads {
        let out = to_full(&sh, args);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {}", stderr(&out));
        assert_one_line(&out, &format!("{args:?}"));
        assert!(
            stderr(&out).contains("nothing was changed"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(sh.records(), 2);
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::os::unix::process::ExitStatusExt;
    let sh = Shell::new();
    sh.add_case();
    for args in [&["overdue"][..], &["export"], &["case", "list"]] {
        let mut child = sh
            .command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Closed before the command has written anything.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.signal() == Some(libc::SIGPIPE) || out.status.code() == Some(1),
            "{args:?}: {:?}",
            out.status
        );
        assert_eq!(stderr(&out), "", "{args:?}");
    }
}

#[test]
fn dates_outside_the_work_are_refused() {
    let sh = Shell::new();
    sh.add_case();
    let bad: &[(&[&str], &str)] = &[
        (&["--today", "0000-01-01", "overdue"], "not a date"),
        (
            &[
                "case",
                "add",
                "2026-002",
                "--family",
                "F",
                "--start",
                "0000-01-01",
            ],
            "years 1900–2100",
        ),
        (
            &[
                "case",
                "add",
                "2026-002",
                "--family",
                "F",
                "--start",
                "1899-12-31",
            ],
            "not a date",
        ),
        (
            &["note", "2026-001", "-m", "x", "--date", "0000-01-01"],
            "not a date",
        ),
        (
            &["note", "2026-001", "-m", "x", "--date", "2101-01-01"],
            "not a date",
        ),
        (
            &["note", "2026-001", "-m", "x", "--date", "2026-08-31"],
            "before the case started (2026-09-01)",
        ),
        (
            &["note", "2026-001", "-m", "x", "--date", "2026-11-23"],
            "after today",
        ),
    ];
    for (args, said) in bad {
        // `--today` given twice is clap's to refuse; the shell sets one.
        let out = if args[0] == "--today" {
            let mut c = std::process::Command::new(shell::BIN);
            c.args(["--data-dir", sh.data.to_str().unwrap()])
                .args(*args);
            c.output().unwrap()
        } else {
            sh.run(args)
        };
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert_one_line(&out, &format!("{args:?}"));
        assert!(stderr(&out).contains(said), "{args:?}: {}", stderr(&out));
    }
    assert_eq!(sh.records(), 1);
    sh.ok(&["note", "2026-001", "-m", "x", "--date", "2026-09-01"]);
}

#[test]
fn duplicates_within_an_import_file_are_refused_and_counted() {
    let sh = Shell::new();
    sh.add_case();
    sh.ok(&["note", "2026-001", "-m", "första texten"]);
    let mut v: serde_json::Value = serde_json::from_str(&sh.ok(&["export"])).unwrap();
    let mut case2 = v["cases"][0].clone();
    case2["body"]["family"] = "Fam B".into();
    v["cases"].as_array_mut().unwrap().push(case2);
    let mut note2 = v["notes"][0].clone();
    note2["body"]["text"] = "andra texten".into();
    v["notes"].as_array_mut().unwrap().push(note2);
    let file = sh.path("dup.json");
    std::fs::write(&file, v.to_string()).unwrap();

    let other = Shell::new();
    let said = other.ok(&["import", file.to_str().unwrap()]);
    assert!(said.contains("Imported 2 records (1 new cases)"), "{said}");
    assert!(said.contains("refused 2 duplicates"), "{said}");
    let back: serde_json::Value = serde_json::from_str(&other.ok(&["export"])).unwrap();
    assert_eq!(back["cases"].as_array().unwrap().len(), 1);
    assert_eq!(back["cases"][0]["body"]["family"], "Fam A");
    assert_eq!(back["notes"].as_array().unwrap().len(), 1);
    assert_eq!(back["notes"][0]["body"]["text"], "första texten");
}

#[test]
fn an_import_refuses_records_with_control_characters() {
    let sh = Shell::new();
    sh.add_case();
    sh.ok(&["note", "2026-001", "-m", "ren text"]);
    sh.ok(&["note", "2026-001", "-m", "också ren"]);
    let mut v: serde_json::Value = serde_json::from_str(&sh.ok(&["export"])).unwrap();
    v["notes"][1]["body"]["child_words"] = format!("x{CLIPBOARD}").into();
    let file = sh.path("hostile.json");
    std::fs::write(&file, v.to_string()).unwrap();
    let other = Shell::new();
    let said = other.ok(&["import", file.to_str().unwrap()]);
    assert!(said.contains("Imported 2 records"), "{said}");
    assert!(said.contains("1 holding control characters"), "{said}");
    assert_eq!(other.records(), 2);
    // A case refused takes its records with it.
    v["cases"][0]["body"]["family"] = format!("F{TITLE}").into();
    std::fs::write(&file, v.to_string()).unwrap();
    let third = Shell::new();
    let said = third.ok(&["import", file.to_str().unwrap()]);
    assert!(said.contains("Imported 0 records"), "{said}");
    assert!(said.contains("2 without a case"), "{said}");
}

#[test]
fn a_keymap_that_is_no_keymap_is_not_quoted() {
    let sh = Shell::new();
    let shadow = sh.path("shadow");
    std::fs::write(
        &shadow,
        "root:$6$saltsalt$SECRETHASHabcdef:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n",
    )
    .unwrap();
    for keymap in [shadow.to_str().unwrap(), "/dev/zero", "/"] {
        let out = sh.run(&["--keymap", keymap, "keys"]);
        assert_eq!(out.status.code(), Some(2), "{keymap}: {}", stderr(&out));
        assert_one_line(&out, keymap);
        let err = stderr(&out);
        for fragment in ["$6$", "SECRET", "19000", ":*:", "root"] {
            assert!(!err.contains(fragment), "{err}");
        }
    }
}
