//! The screen holds each case by its record (its summary when more of it
//! is needed) and one case whole; due items follow writes.

use super::tests::{demo_app, now, select, today};
use super::*;
use crate::domain::case::Place;
use crate::domain::casefile::CaseFile;
use crate::domain::due::due_items;
use crate::domain::note::{Note, Participant};
use crate::domain::summary::{listed_case, summarize};

fn held_whole(app: &App) -> usize {
    app.wholes.iter().filter(|c| c.get().is_some()).count()
}

#[test]
fn one_case_is_held_whole_and_the_rest_by_their_records_then_summaries() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    for _ in 0..4 {
        app.update(Action::Down, now());
        let code = app.current().unwrap().code().to_string();
        let (whole, _) = app.store.load_case(&code).unwrap();
        assert_eq!(app.current(), whole.as_ref());
        assert_eq!(held_whole(&app), 1);
    }
    // A start holds each case by its record as the list reads it.
    for file in &app.files {
        let (whole, _) = app.store.load_case(file.code()).unwrap();
        assert_eq!(file, &CaseFile::new(listed_case(&whole.unwrap().case)));
    }
    // What needs more of them reads their summaries.
    app.read_summaries();
    for file in &app.files {
        let (whole, _) = app.store.load_case(file.code()).unwrap();
        assert_eq!(file, &summarize(&whole.unwrap()));
    }
}

#[test]
fn a_write_to_a_case_changes_its_flags_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    let is_child = |i: &DueItem| matches!(i.kind, crate::domain::DueKind::ChildContact { .. });
    // A case whose child was last seen before today.
    let code = app
        .files
        .iter()
        .find(|f| {
            app.due(f)
                .iter()
                .any(|i| is_child(i) && i.due < today() + chrono::Days::new(42))
        })
        .unwrap()
        .code()
        .to_string();
    let code = code.as_str();
    select(&mut app, code);
    let before = app.due(app.current().unwrap());
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
    let after = app.due(file);
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

/// The status bar's counts, taken as a start reads the caseload, are the
/// counts of every case's due items made from its records; on a start
/// from the kept caseload too.
#[test]
fn a_start_counts_what_the_records_make_due() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(dir.path());
    let mut expected = (0, 0);
    for file in app.store.load_all().unwrap().files {
        for item in due_items(&file, today(), &app.rules) {
            match item.state {
                DueState::Overdue => expected.0 += 1,
                DueState::DueSoon => expected.1 += 1,
                DueState::Ok => {}
            }
        }
    }
    assert!(expected.0 > 0 && expected.1 > 0, "{expected:?}");
    assert_eq!(app.counts(), expected);
    let (store, rules, worker, lang) = (app.store, app.rules, app.worker, app.lang);
    let kept = App::new(store, today(), rules, worker, lang).unwrap();
    assert_eq!(kept.counts(), expected);
}

/// A start on a store that cannot be opened says why, whatever the
/// caseload read meanwhile.
#[test]
fn a_start_on_a_store_in_use_says_so() {
    let dir = tempfile::tempdir().unwrap();
    drop(demo_app(dir.path()));
    assert!(dir.path().join(crate::store::caseload::FILE).exists());
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
