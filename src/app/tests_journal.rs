//! The journal view: what is owed, marked from the screen; an edit after
//! the transfer owed again; closing names what is owed and asks.

use super::tests::{demo_app, now, select};
use super::*;

fn owed_in(app: &App, code: &str) -> usize {
    let file = app.file_named(code).unwrap();
    crate::domain::journal::owed(&file, app.rules.journal_kinds).len()
}

#[test]
fn the_view_shows_the_case_owed_and_m_marks_one_and_capital_m_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    // The demo leaves Fam Rönn's last two notes out of the journal.
    select(&mut app, "2026-105");
    assert_eq!(owed_in(&app, "2026-105"), 2);
    app.update(Action::JournalView, now());
    assert_eq!(app.key_context(), KeyContext::Journal);
    let view = app.journal.as_ref().unwrap();
    assert!(!view.all);
    assert_eq!(view.owed.len(), 2);
    app.update(Action::MarkTransferred, now());
    assert_eq!(owed_in(&app, "2026-105"), 1);
    assert_eq!(app.journal.as_ref().unwrap().owed.len(), 1);
    let said = app.message.clone().unwrap();
    assert_eq!(
        said,
        "1 record of 2026-105 marked as entered into the journal."
    );
    // Tab: every case; all of the demo's other notes are in the journal.
    app.update(Action::FocusNext, now());
    let view = app.journal.as_ref().unwrap();
    assert!(view.all);
    assert_eq!(view.owed.len(), 1);
    app.update(Action::MarkAllTransferred, now());
    assert_eq!(owed_in(&app, "2026-105"), 0);
    assert!(app.journal.as_ref().unwrap().owed.is_empty());
    let items = &app.cases[app.row_of("2026-105").unwrap()].items;
    assert!(
        !items
            .iter()
            .any(|i| matches!(i.kind, crate::domain::due::DueKind::Journal { .. }))
    );
    app.update(Action::Back, now());
    assert!(app.overlay.is_none() && app.journal.is_none());
}

#[test]
fn a_note_edited_after_its_transfer_is_owed_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-101");
    assert_eq!(owed_in(&app, "2026-101"), 0);
    app.update(Action::FocusNotes, now());
    app.update(Action::Edit, now());
    app.form_paste(" Rättelse.", now());
    app.update(Action::Save, now());
    assert!(app.form.is_none(), "{:?}", app.message);
    app.update(Action::JournalView, now());
    let view = app.journal.as_ref().unwrap();
    assert_eq!(view.owed.len(), 1);
    assert!(view.owed[0].1.changed_after);
    let text = crate::report::journal::entry(&view.files[0], &view.owed[0].1, Lang::En);
    assert!(
        text.lines()
            .next()
            .unwrap()
            .ends_with("(changed after it was entered)"),
        "{text}"
    );
}

#[test]
fn closing_a_case_that_owes_the_journal_names_it_and_asks() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-105");
    app.update(Action::CloseCase, now());
    assert!(app.form.is_some());
    app.update(Action::Save, now());
    let Some(PromptKind::Confirm(asked)) = app.prompt.as_ref().map(|p| p.kind) else {
        panic!("nothing asked: {:?}", app.message);
    };
    let question = app.confirm_question(asked);
    assert!(
        question.starts_with("2026-105 has 2 notes not in the journal (oldest "),
        "{question}"
    );
    app.prompt_key(PromptKey::Cancel, now());
    assert!(app.form.is_some());
    assert!(!app.current().unwrap().case.body.is_closed());
}

#[test]
fn the_reader_says_whether_a_note_is_in_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-101");
    app.update(Action::FocusNotes, now());
    app.update(Action::Open, now());
    let title = app.viewer.as_ref().unwrap().form.title.clone();
    assert!(title.contains("· in the journal 2026-"), "{title}");
    app.update(Action::Back, now());
    app.update(Action::Edit, now());
    app.form_paste(" Rättelse.", now());
    app.update(Action::Save, now());
    app.update(Action::Open, now());
    let title = app.viewer.as_ref().unwrap().form.title.clone();
    assert!(title.ends_with("· changed after it was entered"), "{title}");
}
