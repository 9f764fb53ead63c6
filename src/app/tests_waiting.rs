//! The queued notes the inbox cannot take in: listed whole, put in a
//! case, or written to a file; never out of sight.

use super::tests::{demo_app, now, select};
use super::*;
use crate::store::inbox::{Waiting, queue_note, queued};

fn queue(dir: &std::path::Path, case: &str, text: &str) -> String {
    let note = queued(
        case,
        text,
        now().date(),
        now().time(),
        45,
        None,
        true,
        "Jag vill bo kvar",
        "AS",
        now(),
    );
    queue_note(dir, &note).unwrap()
}

/// The demo store opened again (seeded once, by `demo_app`).
fn reopen(dir: &std::path::Path) -> App {
    let store = Store::open(dir).unwrap();
    App::new(store, now().date(), Rules::default(), "AS".into(), Lang::En).unwrap()
}

fn answer(app: &mut App, text: &str) -> Effect {
    app.prompt_key(PromptKey::Clear, now());
    for c in text.chars() {
        app.prompt_key(PromptKey::Char(c), now());
    }
    app.prompt_key(PromptKey::Submit, now())
}

fn closed_code(app: &App) -> String {
    let row = app.cases.iter().find(|r| r.case().is_closed()).unwrap();
    row.code().to_string()
}

#[test]
fn a_note_for_no_such_case_is_listed_whole_and_goes_into_the_case_typed() {
    let dir = tempfile::tempdir().unwrap();
    drop(demo_app(dir.path()));
    queue(dir.path(), "2026-1O1", "Hembesök, skrivet med fel kod");
    let mut app = reopen(dir.path());
    assert_eq!(app.waiting.len(), 1);
    assert_eq!(app.waiting[0].why, Waiting::NoSuchCase);
    app.update(Action::WaitingNotes, now());
    assert_eq!(app.key_context(), KeyContext::Waiting);
    let shown = waiting_text(app.selected_waiting().unwrap(), app.lang);
    assert!(
        shown.contains("2026-1O1") && shown.contains("no such case"),
        "{shown}"
    );
    assert!(
        shown.contains("Jag vill bo kvar") && shown.ends_with("fel kod\n"),
        "{shown}"
    );
    // Refused by a case that cannot take it, in words; nothing changes.
    app.update(Action::AssignNote, now());
    answer(&mut app, "2026-999");
    let prompt = app.prompt.as_ref().unwrap();
    assert_eq!(prompt.error.as_deref(), Some("no case 2026-999"));
    let closed = closed_code(&app);
    answer(&mut app, &closed);
    assert!(
        app.prompt
            .as_ref()
            .unwrap()
            .error
            .as_ref()
            .unwrap()
            .contains("closed")
    );
    answer(&mut app, "2026-101");
    assert!(app.prompt.is_none());
    assert!(app.waiting.is_empty() && app.overlay.is_none());
    assert!(app.message.as_ref().unwrap().contains("2026-101/"));
    let file = app.current().unwrap();
    assert_eq!(file.code(), "2026-101");
    assert!(
        file.notes
            .iter()
            .any(|n| n.body.text == "Hembesök, skrivet med fel kod")
    );
    assert_eq!(
        std::fs::read_dir(dir.path().join("inbox")).unwrap().count(),
        0
    );
}

#[test]
fn the_case_on_screen_is_suggested_when_open_else_the_code_the_note_named() {
    let dir = tempfile::tempdir().unwrap();
    let closed = closed_code(&demo_app(dir.path()));
    queue(dir.path(), &closed, "Efter avslut");
    let mut app = reopen(dir.path());
    assert_eq!(app.waiting[0].why, Waiting::Closed);
    select(&mut app, &closed);
    app.update(Action::WaitingNotes, now());
    app.update(Action::AssignNote, now());
    assert_eq!(app.prompt.as_ref().unwrap().text, closed);
    app.prompt = None;
    select(&mut app, "2026-101");
    app.update(Action::AssignNote, now());
    assert_eq!(app.prompt.as_ref().unwrap().text, "2026-101");
}

#[test]
fn a_note_written_to_a_file_leaves_the_queue_and_a_file_in_the_way_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    drop(demo_app(dir.path()));
    queue(dir.path(), "2026-998", "Första");
    let mut app = reopen(dir.path());
    app.update(Action::WaitingNotes, now());
    let out = tempfile::tempdir().unwrap();
    let taken = out.path().join("upptagen.txt");
    std::fs::write(&taken, "min egen fil").unwrap();
    app.update(Action::NoteToFile, now());
    answer(&mut app, taken.to_str().unwrap());
    assert_eq!(
        app.prompt.as_ref().unwrap().error.as_deref(),
        Some(app.lang.safety().draft_file_exists)
    );
    assert_eq!(std::fs::read_to_string(&taken).unwrap(), "min egen fil");
    assert_eq!(app.waiting.len(), 1);
    let path = out.path().join("anteckning.txt");
    answer(&mut app, path.to_str().unwrap());
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(
        written.contains("2026-998") && written.ends_with("Första\n"),
        "{written}"
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    assert!(app.waiting.is_empty() && app.overlay.is_none());
    assert_eq!(
        std::fs::read_dir(dir.path().join("inbox")).unwrap().count(),
        0
    );
}

#[test]
fn the_list_follows_the_inbox_and_keeps_the_note_selected() {
    let dir = tempfile::tempdir().unwrap();
    drop(demo_app(dir.path()));
    queue(dir.path(), "2026-990", "a");
    let mut app = reopen(dir.path());
    app.update(Action::WaitingNotes, now());
    let second = queue(dir.path(), "2026-991", "b");
    app.take_inbox(now());
    assert_eq!(app.waiting.len(), 2);
    app.update(Action::Down, now());
    assert_eq!(app.selected_waiting().unwrap().id, second);
    // The first goes by hand: the second stays selected.
    let first = app.waiting[0].id.clone();
    std::fs::remove_file(dir.path().join("inbox").join(format!("{first}.note"))).unwrap();
    assert_eq!(app.take_inbox(now()), Effect::Draw);
    assert_eq!(app.selected_waiting().unwrap().id, second);
}

#[test]
fn with_nothing_waiting_the_key_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    app.update(Action::WaitingNotes, now());
    assert!(app.overlay.is_none());
    assert_eq!(app.message.as_deref(), Some(app.lang.waiting().none));
}
