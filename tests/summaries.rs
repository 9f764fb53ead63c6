//! A store written before summaries were kept (no `summaries` tree) opens,
//! gets each case's summary built once, and shows the same overdue items.

mod support;

use chrono::NaiveDate;
use insats::domain::due::{DueState, Rules, due_items};
use insats::store::Store;

fn today() -> NaiveDate {
    "2026-11-22".parse().unwrap()
}

/// Every overdue or due-soon item of `files` today.
fn flagged(files: &[insats::domain::CaseFile]) -> Vec<insats::domain::DueItem> {
    files
        .iter()
        .flat_map(|f| due_items(f, today(), &Rules::default()))
        .filter(|i| i.state != DueState::Ok)
        .collect()
}

/// The demo's store, closed, and opened again as sled's own database, to
/// be changed behind insats's back.
fn demo_closed(dir: &std::path::Path) -> sled::Db {
    let store = Store::open(dir).unwrap();
    insats::demo::seed(&store, today()).unwrap();
    store.flush().unwrap();
    drop(store);
    support::raw_db(&dir.join("db"))
}

/// The demo's store as an earlier insats left it: its records, no summaries.
fn store_without_summaries(dir: &std::path::Path) {
    let db = demo_closed(dir);
    db.drop_tree("summaries").unwrap();
    assert!(!db.tree_names().iter().any(|n| n.as_ref() == b"summaries"));
    db.flush().unwrap();
}

#[test]
fn an_older_store_gets_its_summaries_once_and_the_same_overdue_items() {
    let dir = tempfile::tempdir().unwrap();
    store_without_summaries(dir.path());
    let store = Store::open(dir.path()).unwrap();
    let whole = store.load_all().unwrap();
    assert!(whole.files.len() >= 10, "{}", whole.files.len());
    for file in &whole.files {
        assert_eq!(store.summary(file.code()).unwrap(), None);
    }
    let thin = store.load_summaries().unwrap();
    // Built once, and kept: every case has its summary now.
    for file in &whole.files {
        assert!(
            store.summary(file.code()).unwrap().is_some(),
            "{}",
            file.code()
        );
    }
    let before = flagged(&whole.files);
    assert!(!before.is_empty());
    assert_eq!(flagged(&thin.files), before);
    // Read again, from the summaries kept: the same.
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(flagged(&store.load_summaries().unwrap().files), before);
}

#[test]
fn the_screen_on_an_older_store_shows_the_same_overdue_rows() {
    let dir = tempfile::tempdir().unwrap();
    store_without_summaries(dir.path());
    let store = Store::open(dir.path()).unwrap();
    let whole = store.load_all().unwrap().files;
    let rules = Rules::default();
    let mut before: Vec<_> = whole
        .iter()
        .flat_map(|f| {
            let workers = f.case.body.workers.len().max(1);
            let items = due_items(f, today(), &rules);
            items
                .into_iter()
                .filter(|i| i.state != DueState::Ok)
                .flat_map(move |i| std::iter::repeat_n(i, workers))
        })
        .collect();
    let app =
        insats::app::App::new(store, today(), rules, "AS".into(), insats::i18n::Lang::En).unwrap();
    // The screen holds summaries, and the selected case whole.
    let selected = app.current().unwrap();
    let read = whole.iter().find(|f| f.code() == selected.code()).unwrap();
    assert_eq!(selected, read);
    assert!(
        app.cases
            .iter()
            .map(|r| r.summary().notes.len())
            .sum::<usize>()
            < whole.iter().map(|f| f.notes.len()).sum()
    );
    let mut shown: Vec<_> = app.overdue_rows().into_iter().map(|r| r.item).collect();
    let key = |i: &insats::domain::DueItem| (i.case.clone(), i.due, format!("{:?}", i.kind));
    before.sort_by_key(key);
    shown.sort_by_key(key);
    assert_eq!(shown, before);
    for file in &whole {
        assert!(app.store.summary(file.code()).unwrap().is_some());
    }
}

/// The demo's store as the previous insats left it: summaries of an older
/// format, the entries of cases written last dropped (as that version's
/// writes did), and no mark that every case has an entry.
fn store_of_the_previous_version(dir: &std::path::Path) -> Vec<String> {
    let db = demo_closed(dir);
    let summaries = db.open_tree("summaries").unwrap();
    summaries.clear().unwrap();
    let cases = db.open_tree("cases").unwrap();
    let codes: Vec<String> = cases
        .iter()
        .keys()
        .map(|k| {
            let k = k.unwrap();
            String::from_utf8(k[..k.len() - 5].to_vec()).unwrap()
        })
        .collect();
    for code in codes.iter().skip(3) {
        // A value of format 2: its first varint says so.
        summaries
            .insert(code.as_bytes(), &[1, 0, 0, 0, 0, 0, 2, 9, 9])
            .unwrap();
    }
    db.flush().unwrap();
    codes
}

#[test]
fn a_store_of_the_previous_version_lists_every_case_and_then_its_summaries_alone() {
    let dir = tempfile::tempdir().unwrap();
    let codes = store_of_the_previous_version(dir.path());
    assert!(codes.len() >= 10);
    let store = Store::open(dir.path()).unwrap();
    let whole = store.load_all().unwrap();
    let listed = store.load_summaries().unwrap();
    let listed_codes: Vec<&str> = listed.files.iter().map(|f| f.code()).collect();
    assert_eq!(listed_codes, codes);
    assert_eq!(flagged(&listed.files), flagged(&whole.files));
    // From now on listed from the summaries' tree: drop a case record's key
    // behind the store's back and the case is still listed, by its summary.
    drop(store);
    let db = support::raw_db(&dir.path().join("db"));
    let cases = db.open_tree("cases").unwrap();
    let first = cases.iter().keys().next().unwrap().unwrap();
    let value = cases.remove(&first).unwrap().unwrap();
    db.flush().unwrap();
    drop((cases, db));
    let store = Store::open(dir.path()).unwrap();
    let again = store.load_summaries().unwrap();
    assert_eq!(again.files.len(), codes.len());
    assert_eq!(flagged(&again.files), flagged(&whole.files));
    drop(store);
    let db = support::raw_db(&dir.path().join("db"));
    db.open_tree("cases").unwrap().insert(first, value).unwrap();
    db.flush().unwrap();
}
