//! The screen on a full disk, in the real binary in a pseudo-terminal,
//! with the faults a test build injects: a store that cannot be opened
//! for want of room (`INSATS_TEST_OPEN_ENOSPC`), a disk with too little
//! free (`INSATS_TEST_FREE_BYTES`), a flush that never returns
//! (`INSATS_TEST_STALL_FLUSH`). And a paste that carries a terminal's
//! escape sequences.

mod shell;
mod support;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use insats::editor::{Draft, FormKind, Value};
use insats::store::Store;
use insats::store::inbox::{queue_note, queued};
use shell::Shell;
use support::Pty;

fn screen(sh: &Shell, lang: &str, env: &[(&str, &str)]) -> Pty {
    let data = sh.data.display().to_string();
    let config = sh.path("config").display().to_string();
    let home = sh.path("home").display().to_string();
    fs::create_dir_all(&home).unwrap();
    let mut all = vec![
        ("INSATS_CONFIG_DIR", config.as_str()),
        ("HOME", home.as_str()),
    ];
    all.extend_from_slice(env);
    Pty::spawn(
        &[
            "--data-dir",
            &data,
            "--today",
            sh.today,
            "--lang",
            lang,
            "--worker",
            "ab",
        ],
        &all,
        80,
        24,
    )
}

fn type_text(pty: &mut Pty, text: &str) {
    for c in text.chars() {
        pty.send(&c.to_string());
    }
}

/// The copies a read-only screen makes of the store, wherever they are.
fn copies() -> Vec<String> {
    ["/dev/shm".into(), std::env::temp_dir()]
        .iter()
        .filter_map(|d| fs::read_dir(d).ok())
        .flatten()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("insats-read-"))
        .collect()
}

/// A draft of a note left by an earlier session.
fn leave_draft(sh: &Shell, text: &str) {
    let store = Store::open(&sh.data).unwrap();
    let kind = FormKind::Note {
        case: "2026-001".into(),
        seq: None,
        goals: vec![],
    };
    let draft = Draft {
        title: "Anteckning · 2026-001 Fam A".into(),
        values: vec![("text".into(), Value::Text(text.into()))],
        saved_at: NaiveDate::from_ymd_opt(2026, 11, 21)
            .unwrap()
            .and_hms_opt(16, 30, 0)
            .unwrap(),
        kind: kind.clone(),
    };
    store.put_draft(&kind.draft_key(), &draft).unwrap();
    store.flush().unwrap();
}

/// sled cannot open on the full disk: the screen opens on a copy, says so
/// on its first line in Swedish, refuses every write in the same words,
/// shows a draft left earlier to be read — and loses nothing: the store
/// and its draft are as they were, and no copy is left behind.
#[test]
fn on_a_full_disk_the_screen_opens_read_only_with_a_banner() {
    let sh = Shell::new();
    sh.add_case();
    sh.ok(&["note", "2026-001", "-m", "Före den fulla disken."]);
    leave_draft(&sh, "Utkast som inte får försvinna.");
    let before = sh.ok(&["export"]);
    // A note from a second window, waiting in the store's inbox.
    let at = NaiveDate::from_ymd_opt(2026, 11, 22)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let waiting = queued(
        "2026-001",
        "Väntar i inkorgen.",
        at.date(),
        at.time(),
        30,
        None,
        false,
        "",
        "ab",
        at,
    );
    queue_note(&sh.data, &waiting).unwrap();
    let copies_before = copies();
    let mut pty = screen(&sh, "sv", &[("INSATS_TEST_OPEN_ENOSPC", "1")]);
    let banner = format!(
        "Disken är full: bara läsning — frigör plats i {}",
        sh.data.display()
    );
    pty.wait_for_text("Utkast från");
    let start: String = banner.chars().take(60).collect();
    assert!(pty.row(0).starts_with(&start), "{}", pty.dump());
    // The draft opens to be read.
    pty.send_key("enter");
    pty.wait_for_text("Utkast som inte får försvinna.");
    pty.wait_for_text("bara läsning: disken är full");
    type_text(&mut pty, "x");
    let refused = "Disken är full: bara läsning, inget kan sparas";
    pty.wait_for_text(refused);
    assert!(!pty.screen().contains("Utkast som inte får försvinna.x"));
    pty.send_key("esc");
    pty.wait_for_text_gone("bara läsning: disken är full");
    // A new note is not opened: nothing would be kept.
    pty.send_key("n");
    pty.wait_for_text(refused);
    assert!(!pty.screen().contains("Anteckning ·"), "{}", pty.dump());
    // A step checked by hand is refused by the store, in the same words.
    pty.send_keys(&["2", "end", "space"]);
    pty.wait_for_text("Gjort utanför insats");
    type_text(&mut pty, "Per post");
    pty.send_key("enter");
    pty.wait_for_text("EJ SPARAT: Disken är full: bara läsning");
    pty.send_key("q");
    assert_eq!(pty.expect_exit(Duration::from_secs(10)), 0);
    // (Copies left by killed sessions may have been cleared meanwhile.)
    let left = copies();
    assert!(
        left.iter().all(|c| copies_before.contains(c)),
        "a copy was left behind: {left:?}"
    );
    // The note from the inbox was not taken into the copy: it waits.
    let inbox: Vec<_> = fs::read_dir(sh.data.join("inbox")).unwrap().collect();
    assert_eq!(inbox.len(), 1);
    // Nothing else changed: the export (which takes the note in, with
    // room again) is the one before and that note.
    let mut after: serde_json::Value = serde_json::from_str(&sh.ok(&["export"])).unwrap();
    let notes = after["notes"].as_array_mut().unwrap();
    assert_eq!(notes.pop().unwrap()["body"]["text"], "Väntar i inkorgen.");
    let before: serde_json::Value = serde_json::from_str(&before).unwrap();
    assert_eq!(after, before, "the store changed");
    // With room again, the draft is offered as before.
    let mut pty = screen(&sh, "sv", &[]);
    pty.wait_for_text("Utkast från");
    assert!(!pty.row(0).starts_with("Disken är full"));
    pty.send_key("esc");
    pty.wait_for_text_gone("Utkast från");
    pty.send_key("q");
    pty.expect_exit(Duration::from_secs(10));
    assert!(sh.ok(&["export"]).contains("Väntar i inkorgen."));
}

fn new_note(pty: &mut Pty, title: &str, text: &str) {
    pty.wait_for_text("Fam A");
    pty.send_key("n");
    pty.wait_for_text(title);
    type_text(pty, text);
    pty.wait_for_text(text);
}

/// The file the prompt suggested, written under the test's home.
fn written_file(sh: &Shell) -> PathBuf {
    let files: Vec<PathBuf> = fs::read_dir(sh.path("home"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

/// A save refused for want of room: said within seconds, in Swedish with
/// the numbers; the text stays in the editor; the worker is asked for a
/// file and the text goes there, private; nothing reached the store.
#[test]
fn a_save_on_a_full_disk_keeps_the_text_and_writes_it_to_a_file_on_request() {
    let sh = Shell::new();
    sh.add_case();
    let mut pty = screen(&sh, "sv", &[("INSATS_TEST_FREE_BYTES", "300000")]);
    let text = "Hembesök: Sam åt middag, lugnt.";
    new_note(&mut pty, "Anteckning · 2026-001", text);
    // The draft cannot be kept either: said while typing, before Ctrl-S.
    pty.wait_for_text("EJ SPARAT: disken är full: ");
    let start = Instant::now();
    pty.send_key("ctrl-s");
    let screen =
        pty.wait_for_text("Disken är full — skriv texten till fil: ~/insats-2026-001-1122-");
    let took = start.elapsed();
    println!("full disk: Ctrl-S to the question of a file: {took:?}");
    assert!(took < Duration::from_secs(5));
    assert!(screen.contains(text), "the text left the editor: {screen}");
    pty.send_key("enter");
    pty.wait_for_text("Texten finns i ");
    assert!(pty.screen().contains(text), "{}", pty.dump());
    let file = written_file(&sh);
    let saved = fs::read_to_string(&file).unwrap();
    assert!(saved.contains(text), "{saved}");
    assert!(
        saved.starts_with("Anteckning · 2026-001 Fam A\n"),
        "{saved}"
    );
    let mode = fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{}", file.display());
    // Again: the file is there already, and is never written over.
    pty.send_key("ctrl-s");
    pty.wait_for_text("Disken är full — skriv texten till fil");
    pty.send_key("enter");
    pty.wait_for(Duration::from_secs(10), |s| {
        s.contains("Filen finns redan, välj ett annat namn: ~/insats-2026-001-")
    });
    assert_eq!(fs::read_to_string(&file).unwrap(), saved);
    // Back in the editor: the text, and why it was not saved, in numbers.
    pty.send_key("esc");
    pty.wait_for_text_gone("finns redan");
    let screen = pty.wait_for_text("EJ SPARAT: disken är full: 1.1 MB behövs, 0.2 MB fria i /");
    assert!(screen.contains(text), "{screen}");
    pty.signal(libc::SIGKILL);
    pty.wait_exit(Duration::from_secs(5));
    let v: serde_json::Value = serde_json::from_str(&sh.ok(&["export"])).unwrap();
    assert_eq!(v["notes"].as_array().unwrap().len(), 0);
}

/// A store that does not answer (sled's flush on a full disk): the screen
/// says so within seconds, keeps the text, and offers the file.
#[test]
fn a_store_that_does_not_answer_keeps_the_text_and_offers_a_file() {
    let sh = Shell::new();
    sh.add_case();
    let mut pty = screen(&sh, "en", &[("INSATS_TEST_STALL_FLUSH", "1")]);
    let text = "Skrivet när disken slutade svara.";
    new_note(&mut pty, "Note · 2026-001", text);
    let start = Instant::now();
    pty.send_key("ctrl-s");
    let screen = pty.wait_for_text_within(
        Duration::from_secs(15),
        "Not saved — write the text to file: ~/",
    );
    let took = start.elapsed();
    println!("stalled flush: Ctrl-S to the question of a file: {took:?}");
    assert!(took < Duration::from_secs(8), "took {took:?}");
    assert!(screen.contains(text), "{screen}");
    pty.send_key("enter");
    pty.wait_for_text("The text is in ");
    assert!(
        fs::read_to_string(written_file(&sh))
            .unwrap()
            .contains(text)
    );
    pty.send_key("esc");
    pty.wait_for_text("did not answer within 5 seconds");
}

/// A write that never returns: the draft kept while typing is the first
/// (the screen waits for it at most the bound, then stops trying), and
/// Ctrl-S is then refused at once; the text stays and the file is offered.
#[test]
fn a_write_that_does_not_return_keeps_the_text_and_offers_a_file() {
    let sh = Shell::new();
    sh.add_case();
    let mut pty = screen(&sh, "en", &[("INSATS_TEST_STALL_WRITE", "1")]);
    pty.wait_for_text("Fam A");
    pty.send_key("n");
    pty.wait_for_text("Note · 2026-001");
    let text = "Skrivet när skrivningen fastnade.";
    let start = Instant::now();
    type_text(&mut pty, text);
    pty.wait_for_text_within(Duration::from_secs(15), text);
    let typed = start.elapsed();
    println!("stalled write: typing waited {typed:?} for the first draft");
    assert!(typed < Duration::from_secs(8), "typing waited {typed:?}");
    let start = Instant::now();
    pty.send_key("ctrl-s");
    let screen = pty.wait_for_text("Not saved — write the text to file: ~/");
    let took = start.elapsed();
    println!("stalled write: Ctrl-S to the question of a file: {took:?}");
    assert!(took < Duration::from_secs(2));
    assert!(screen.contains(text), "{screen}");
    pty.send_key("enter");
    pty.wait_for_text("The text is in ");
    assert!(
        fs::read_to_string(written_file(&sh))
            .unwrap()
            .contains(text)
    );
    pty.send_key("esc");
    pty.wait_for_text("did not answer within 5 seconds");
}

/// Text copied from a terminal, pasted: its colours and title codes are
/// left out, the words are saved, and the screen says how many went.
#[test]
fn a_paste_with_escape_sequences_is_saved_without_them() {
    let sh = Shell::new();
    sh.add_case();
    let mut pty = screen(&sh, "en", &[]);
    pty.wait_for_text("Fam A");
    pty.send_key("n");
    pty.wait_for_text("Note · 2026-001");
    pty.send("\x1b[200~Mamma: \x1b[1;31mnej\x1b[0m\x1b]0;titel\x07, sa hon.\x1b[201~");
    pty.wait_for_text("Pasted without 3 control characters");
    pty.send_key("ctrl-s");
    pty.wait_for(Duration::from_secs(10), |s| s.contains("saved "));
    pty.send_key("q");
    pty.expect_exit(Duration::from_secs(10));
    let v: serde_json::Value = serde_json::from_str(&sh.ok(&["export"])).unwrap();
    assert_eq!(v["notes"][0]["body"]["text"], "Mamma: nej, sa hon.");
}

/// SIGHUP while typing on a full disk: the store cannot take the draft, so
/// the text goes to the file the screen would have offered, private, and
/// the next start names it.
#[test]
fn a_hang_up_on_a_full_disk_keeps_the_text_in_a_file_the_next_start_names() {
    let sh = Shell::new();
    sh.add_case();
    let mut pty = screen(&sh, "sv", &[("INSATS_TEST_FREE_BYTES", "300000")]);
    let text = "Skrivet när disken var full, åäö.";
    new_note(&mut pty, "Anteckning · 2026-001", text);
    pty.wait_for_text("EJ SPARAT: disken är full: ");
    pty.signal(libc::SIGHUP);
    assert!(pty.wait_exit(Duration::from_secs(5)).is_some());
    let file = written_file(&sh);
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("insats-2026-001-") && name.ends_with(".txt"),
        "{name}"
    );
    let saved = fs::read_to_string(&file).unwrap();
    assert!(saved.contains(text), "{saved}");
    let mode = fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // The next start, with room again, says where the text is.
    let mut pty = screen(&sh, "sv", &[]);
    // The message is drawn whole once its rows are laid out: wait for its
    // end, the file's name, not its start.
    let screen = pty.wait_for(Duration::from_secs(4), |s| {
        s.contains("Text som inte kunde sparas vid ett avbrott") && s.contains(&name)
    });
    let foot: Vec<&str> = screen.lines().rev().take(3).collect();
    let foot: String = foot
        .into_iter()
        .rev()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(foot.contains(&format!("finns i ~/{name}")), "{screen}");
    pty.send_key("q");
    pty.wait_exit(Duration::from_secs(5));
}
