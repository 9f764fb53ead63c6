//! The screen holds every case by its summary and items, and the selected
//! case whole, as plain state; due items follow writes.

use super::tests::{demo_app, now, select, today};
use super::*;
use crate::domain::case::Place;
use crate::domain::due::{DueItem, due_items};
use crate::domain::note::{Note, Participant};
use crate::domain::summary::summarize;

#[test]
fn every_case_is_held_by_its_summary_and_the_selected_one_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    for _ in 0..4 {
        app.update(Action::Down, now());
        let code = app.current().unwrap().code().to_string();
        let (whole, _) = app.store.load_case(&code).unwrap();
        assert_eq!(app.current(), whole.as_ref());
    }
    for row in &app.cases {
        let (whole, _) = app.store.load_case(row.code()).unwrap();
        let whole = whole.unwrap();
        assert_eq!(row.summary(), &summarize(&whole));
        assert_eq!(row.items, due_items(&whole, today(), &app.rules));
    }
}

#[test]
fn a_write_to_a_case_changes_its_flags_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    let is_child = |i: &DueItem| matches!(i.kind, crate::domain::DueKind::ChildContact { .. });
    // A case whose child was last seen before today.
    let code = (app.cases.iter())
        .find(|r| (r.items.iter()).any(|i| is_child(i) && i.due < today() + chrono::Days::new(42)))
        .unwrap()
        .code()
        .to_string();
    let code = code.as_str();
    select(&mut app, code);
    let before = app.current_items().to_vec();
    let child_before = before.iter().find(|i| is_child(i)).cloned();
    let note = Note {
        date: today(),
        start: chrono::NaiveTime::MIN,
        minutes: 60,
        place: Place::Home,
        participants: vec![Participant::Child],
        child_took_part: true,
        child_words: String::new(),
        text: "hembesök".into(),
        goals: vec![],
    };
    app.store.add(code, note, "AS", now()).unwrap();
    app.reload(code).unwrap();
    let file = app.current().unwrap();
    assert_eq!(file.code(), code);
    let after = app.current_items();
    assert_eq!(after, due_items(file, today(), &app.rules));
    let child_after = after.iter().find(|i| is_child(i)).cloned();
    assert_ne!(child_after, child_before);
    assert_eq!(child_after.unwrap().due, today() + chrono::Days::new(42));
    // Its summary is kept again, from the records.
    let (whole, _) = app.store.load_case(code).unwrap();
    assert_eq!(
        app.store.summary(code).unwrap(),
        Some(summarize(&whole.unwrap()))
    );
}

/// The status bar's counts are the counts of every case's due items made
/// from its records, at a start and after a change of day.
#[test]
fn the_counts_are_what_the_records_make_due() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    let expected = |app: &App, day| {
        let mut expected = (0, 0);
        for file in app.store.load_all().unwrap().files {
            crate::domain::due::tally(&mut expected, &due_items(&file, day, &app.rules));
        }
        expected
    };
    let on_the_day = expected(&app, today());
    assert!(on_the_day.0 > 0 && on_the_day.1 > 0, "{on_the_day:?}");
    assert_eq!(app.counts(), on_the_day);
    let later = today() + chrono::Days::new(30);
    app.set_today(later);
    assert_eq!(app.counts(), expected(&app, later));
    assert_ne!(app.counts(), on_the_day);
}

/// A start on a store that cannot be opened says why.
#[test]
fn a_start_on_a_store_in_use_says_so() {
    let dir = tempfile::tempdir().unwrap();
    drop(demo_app(dir.path()));
    let _held = Store::open(dir.path()).unwrap();
    let opened = App::open(
        dir.path(),
        Store::open,
        today(),
        Rules::default(),
        "AS".into(),
        Lang::En,
    );
    assert!(
        matches!(opened, Err(StoreError::Locked(_))),
        "{:?}",
        opened.err()
    );
}

/// A note another window queued while no session was open is taken in at
/// the start: its case is read again, and its items follow.
#[test]
fn a_note_queued_before_the_start_is_counted() {
    let is_child = |i: &DueItem| matches!(i.kind, crate::domain::DueKind::ChildContact { .. });
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(dir.path());
    let row = (app.cases.iter())
        .find(|r| r.items.iter().any(|i| is_child(i) && i.due < today()))
        .unwrap();
    let (code, counts) = (row.code().to_string(), app.counts());
    let note = crate::store::inbox::queued(
        &code,
        "hembesök",
        today(),
        chrono::NaiveTime::MIN,
        60,
        None,
        true,
        "",
        "AS",
        now(),
    );
    drop(app);
    crate::store::inbox::queue_note(dir.path(), &note).unwrap();
    let store = Store::open(dir.path()).unwrap();
    let app = App::new(store, today(), Rules::default(), "AS".into(), Lang::En).unwrap();
    // The child's contact moved on: one overdue item fewer.
    assert_eq!(app.counts().0 + 1, counts.0);
    let row = &app.cases[app.row_of(&code).unwrap()];
    assert!(row.items.iter().all(|i| !is_child(i) || i.due > today()));
}
