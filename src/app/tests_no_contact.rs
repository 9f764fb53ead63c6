//! `u`: the oldest week owed a reflection closed as without contact, with
//! why; the week is owed no more, and pane 3 marks it.

use super::tests::{demo_app, now, select};
use super::*;
use crate::domain::due::DueKind;

fn weeks_owed(app: &App, code: &str) -> Vec<u32> {
    let items = &app.cases[app.row_of(code).unwrap()].items;
    (items.iter())
        .filter_map(|i| match &i.kind {
            DueKind::Reflections(weeks) => Some(weeks.iter().map(|w| w.week).collect::<Vec<_>>()),
            _ => None,
        })
        .flatten()
        .collect()
}

#[test]
fn a_week_without_contact_is_asked_why_and_owed_no_more() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    // The demo's Fam Rönn misses weeks 46 and 47 of Fas 2.
    select(&mut app, "2026-105");
    assert_eq!(weeks_owed(&app, "2026-105"), vec![46, 47]);
    app.update(Action::NoContactWeek, now());
    let asked = app.prompt.as_ref().map(|p| p.kind);
    let Some(PromptKind::NoContact(week)) = asked else {
        panic!("{asked:?}");
    };
    assert_eq!(week.week, 46);
    // No reason: asked again, nothing written.
    app.prompt_key(PromptKey::Submit, now());
    assert!(app.prompt.as_ref().is_some_and(|p| p.error.is_some()));
    for c in "Familjen sjuk".chars() {
        app.prompt_key(PromptKey::Char(c), now());
    }
    app.prompt_key(PromptKey::Submit, now());
    assert!(app.prompt.is_none());
    assert_eq!(weeks_owed(&app, "2026-105"), vec![47]);
    let said = app.message.clone().unwrap_or_default();
    assert_eq!(said, "Week 46: no contact (Familjen sjuk).");
    // Read back from the store as written.
    let file = app.file_named("2026-105").unwrap();
    let none = file.no_contact_for(week).unwrap();
    assert_eq!(
        (none.body.reason.as_str(), none.meta.created_by.as_str()),
        ("Familjen sjuk", "AS")
    );
}

#[test]
fn with_no_week_owed_it_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-101");
    app.update(Action::NoContactWeek, now());
    assert!(app.prompt.is_none());
    assert_eq!(
        app.message.as_deref(),
        Some("No week is owed a goal reflection.")
    );
}

#[test]
fn a_week_without_contact_goes_through_an_export_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-105");
    app.update(Action::NoContactWeek, now());
    for c in "Bortresta".chars() {
        app.prompt_key(PromptKey::Char(c), now());
    }
    app.prompt_key(PromptKey::Submit, now());
    let (export, damaged) = app.store.export().unwrap();
    assert!(damaged.is_empty());
    assert_eq!(export.no_contacts.len(), 1);
    let other = tempfile::tempdir().unwrap();
    let store = crate::store::Store::open(other.path()).unwrap();
    store.import_export(&export).unwrap();
    let (file, _) = store.load_case("2026-105").unwrap();
    let file = file.unwrap();
    assert_eq!(file.no_contacts.len(), 1);
    assert_eq!(file.no_contacts[0].body.reason, "Bortresta");
}
