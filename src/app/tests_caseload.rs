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

/// A start given the caseload made ready as the store opened takes it:
/// the cases, items and counts of a start that read the store's, and the
/// file is not made again.
#[test]
fn a_start_takes_the_caseload_made_ready_as_the_store_opened() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(dir.path());
    let items: Vec<Vec<DueItem>> = app.files.iter().map(|f| app.due(f)).collect();
    let (files, counts) = (app.files.clone(), app.counts());
    let (cases, _) = app.store.caseload_read(today(), &app.rules).unwrap();
    let early = caseload::Early::of(cases);
    drop(app);
    let file = dir.path().join(crate::store::caseload::FILE);
    std::fs::remove_file(&file).unwrap();
    let store = Store::open(dir.path()).unwrap();
    let app = App::with(
        store,
        today(),
        Rules::default(),
        "AS".into(),
        Lang::En,
        Some(early),
    );
    let app = app.unwrap();
    // A start that read the store's would have kept the file again.
    assert!(!file.exists());
    assert_eq!(app.files, files);
    let held: Vec<Vec<DueItem>> = app.files.iter().map(|f| app.due(f)).collect();
    assert_eq!(held, items);
    assert_eq!(app.counts(), counts);
}

/// A note another window queued while no session was open is taken in at
/// the start, after the caseload made ready as the store opened: its case
/// is read again, and the start shows what a start on the store's shows.
#[test]
fn a_note_queued_before_the_start_is_counted_on_the_caseload_made_ready() {
    let is_child = |i: &DueItem| matches!(i.kind, crate::domain::DueKind::ChildContact { .. });
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut before = None;
    for dir in [a.path(), b.path()] {
        let app = demo_app(dir);
        let file = (app.files.iter())
            .find(|f| app.due(f).iter().any(|i| is_child(i) && i.due < today()))
            .unwrap();
        before = Some((file.code().to_string(), app.counts()));
        let code = file.code();
        let note = crate::store::inbox::queued(
            code,
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
        crate::store::inbox::queue_note(dir, &note).unwrap();
    }
    let (code, counts) = before.unwrap();
    // The note moved the generation on: a start on the store reads every
    // summary; one given the caseload made ready reads the case again.
    let kept = |dir: &std::path::Path| {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(dir.join(crate::store::caseload::FILE)).unwrap();
        (meta.ino(), meta.mtime_nsec())
    };
    let (kept_a, kept_b) = (kept(a.path()), kept(b.path()));
    let store = Store::open(a.path()).unwrap();
    let on_store = App::new(store, today(), Rules::default(), "AS".into(), Lang::En).unwrap();
    let open = App::open(
        b.path(),
        Store::open,
        today(),
        Rules::default(),
        "AS".into(),
        Lang::En,
    );
    let made_ready = open.unwrap();
    assert_ne!(kept(a.path()), kept_a, "made again from the summaries");
    assert_eq!(kept(b.path()), kept_b, "taken as made ready");
    // The child's contact moved on: one overdue item fewer.
    assert_eq!(made_ready.counts().0 + 1, counts.0);
    assert_eq!(made_ready.counts(), on_store.counts());
    let due = |app: &App| {
        let file = app.files.iter().find(|f| f.code() == code).unwrap();
        app.due(file)
    };
    assert_eq!(due(&made_ready), due(&on_store));
    assert!(
        due(&made_ready)
            .iter()
            .all(|i| !is_child(i) || i.due > today())
    );
}
