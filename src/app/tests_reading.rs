//! Reading what was written: the notes pane, a record read before it is
//! edited, earlier versions in the history, and notes queued from another
//! window taken in.

use super::tests::{demo_app, focus_field, now, select, type_in};
use super::*;
use crate::store::Kind;

/// A note of 2026-103 edited once, so it has an earlier version.
fn note_with_a_version(app: &mut App) -> u32 {
    select(app, "2026-103");
    app.update(Action::NewNote, now());
    type_in(app, "Första");
    app.update(Action::Save, now());
    app.update(Action::FocusNotes, now());
    app.update(Action::Top, now());
    app.update(Action::Edit, now());
    type_in(app, " och andra");
    app.update(Action::Save, now());
    app.note_under_cursor().unwrap()
}

#[test]
fn the_notes_pane_lists_the_latest_first_reads_one_and_edits_it_keeping_the_version() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-105");
    app.update(Action::FocusNotes, now());
    assert_eq!(app.key_context(), KeyContext::Notes);
    let notes: Vec<u32> = app
        .current()
        .unwrap()
        .notes_latest_first()
        .iter()
        .map(|n| n.seq)
        .collect();
    let dates: Vec<_> = app
        .current()
        .unwrap()
        .notes_latest_first()
        .iter()
        .map(|n| n.body.date)
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    app.update(Action::Down, now());
    assert_eq!(app.note_under_cursor(), Some(notes[1]));
    // Enter reads it: nothing can be typed into it.
    app.update(Action::Open, now());
    let viewer = app.viewer.as_ref().expect("the note is shown");
    assert_eq!(
        (viewer.kind, viewer.seq, viewer.version),
        (Kind::Note, notes[1], None)
    );
    assert!(app.form.is_none());
    assert_eq!(app.key_context(), KeyContext::Viewer);
    // e edits it; the version before is kept.
    app.update(Action::Edit, now());
    assert!(app.viewer.is_none());
    let before = app.form.as_ref().unwrap().text("text");
    focus_field(&mut app, "text");
    type_in(&mut app, " Tillägg.");
    app.update(Action::Save, now());
    assert!(app.form.is_none());
    assert_eq!(app.overlay, None);
    let note = app
        .current()
        .unwrap()
        .notes
        .iter()
        .find(|n| n.seq == notes[1])
        .unwrap();
    assert_eq!(note.body.text, format!("{before} Tillägg."));
    assert_eq!(note.history.last().unwrap().body.text, before);
    // Esc from reading goes back to the pane.
    app.update(Action::Open, now());
    app.update(Action::Back, now());
    assert!(app.viewer.is_none());
    assert_eq!(app.focus, Pane::Notes);
}

#[test]
fn an_earlier_version_is_selected_in_the_history_and_read_not_edited() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    let seq = note_with_a_version(&mut app);
    app.update(Action::History, now());
    let rows = history_rows(app.current().unwrap(), Lang::En);
    let pos = rows
        .iter()
        .position(|r| r.kind == Kind::Note && r.seq == seq)
        .unwrap();
    app.overlay = Some(Overlay::History {
        selected: pos,
        version: None,
    });
    // Tab goes into the row's versions, shift-tab out of them; up and
    // down go from record to record.
    app.update(Action::FocusNext, now());
    assert_eq!(
        app.overlay,
        Some(Overlay::History {
            selected: pos,
            version: Some(0)
        })
    );
    app.update(Action::Open, now());
    let viewer = app.viewer.as_ref().expect("the version is shown");
    assert_eq!(viewer.version, Some(0));
    assert_eq!(viewer.form.text("text"), "Första");
    assert!(app.overlay.is_none());
    // What the edit after it changed, and only that.
    let said = app.message.clone().unwrap_or_default();
    assert!(said.ends_with("changed since: Text"), "{said}");
    assert_eq!(
        app.changed_since(Kind::Note, seq, 0, 1),
        vec!["Text".to_string()]
    );
    // It is read only.
    app.update(Action::Edit, now());
    assert!(app.form.is_none());
    assert_eq!(app.message.as_deref(), Some(Lang::En.forms().old_version));
    // Back returns to the history, where it was.
    app.update(Action::Back, now());
    assert_eq!(
        app.overlay,
        Some(Overlay::History {
            selected: pos,
            version: Some(0)
        })
    );
    app.update(Action::FocusPrev, now());
    assert_eq!(
        app.overlay,
        Some(Overlay::History {
            selected: pos,
            version: None
        })
    );
    app.update(Action::FocusNext, now());
    app.update(Action::Down, now());
    let next = (pos + 1).min(rows.len() - 1);
    assert_eq!(
        app.overlay,
        Some(Overlay::History {
            selected: next,
            version: None
        })
    );
}

#[test]
fn saving_a_record_opened_from_the_history_returns_to_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-105");
    app.update(Action::History, now());
    let rows = history_rows(app.current().unwrap(), Lang::En);
    let pos = rows.iter().position(|r| r.kind == Kind::Note).unwrap();
    let seq = rows[pos].seq;
    app.overlay = Some(Overlay::History {
        selected: pos,
        version: None,
    });
    app.update(Action::Open, now());
    assert!(app.form.is_some());
    focus_field(&mut app, "text");
    type_in(&mut app, " Ändrad.");
    app.update(Action::Save, now());
    assert!(app.form.is_none());
    let Some(Overlay::History { selected, version }) = app.overlay else {
        panic!("back in the history: {:?}", app.overlay);
    };
    let rows = history_rows(app.current().unwrap(), Lang::En);
    assert_eq!((rows[selected].kind, rows[selected].seq), (Kind::Note, seq));
    assert_eq!(version, None);
    // Leaving an editor without a change returns there too.
    app.update(Action::Open, now());
    app.update(Action::Cancel, now());
    assert!(matches!(app.overlay, Some(Overlay::History { .. })));
}

#[test]
fn a_goals_status_is_reached_from_the_reflections_pane() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-105");
    let goals: Vec<u32> = app
        .current()
        .unwrap()
        .goals
        .iter()
        .filter(|g| g.is_live())
        .map(|g| g.seq)
        .collect();
    assert!(goals.len() >= 2);
    app.update(Action::FocusReflections, now());
    app.update(Action::Down, now());
    assert_eq!(app.goal, 1);
    assert_eq!(app.week_offset, 0, "up and down choose goals, not weeks");
    app.update(Action::Edit, now());
    let form = app.form.as_ref().expect("the goal opens");
    assert_eq!(
        form.kind,
        crate::editor::FormKind::Goal {
            case: "2026-105".into(),
            seq: Some(goals[1])
        }
    );
    assert!(form.field("status").is_some());
}

#[test]
fn a_new_case_is_selected_once_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    app.update(Action::NewCase, now());
    type_in(&mut app, "2026-300");
    focus_field(&mut app, "family");
    type_in(&mut app, "Fam Ny");
    app.update(Action::Save, now());
    assert!(app.form.is_none());
    assert_eq!(app.current().unwrap().code(), "2026-300");
    // Ett ärende: sparat.
    app.lang = Lang::Sv;
    app.update(Action::NewCase, now());
    type_in(&mut app, "2026-301");
    focus_field(&mut app, "family");
    type_in(&mut app, "Fam Nyare");
    app.update(Action::Save, now());
    assert_eq!(app.message.as_deref(), Some("Nytt ärende sparat."));
}

#[test]
fn a_note_queued_from_another_window_is_taken_in_and_shown() {
    use crate::store::inbox::{queue_note, queued};
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-103");
    let before = app.current().unwrap().notes.len();
    let note = queued(
        "2026-103",
        "Skrivet i ett annat fönster",
        today(),
        now().time(),
        30,
        None,
        true,
        "",
        "AS",
        now(),
    );
    queue_note(dir.path(), &note).unwrap();
    assert_eq!(app.take_inbox(now()), Effect::Draw);
    let file = app.current().unwrap();
    assert_eq!(file.notes.len(), before + 1);
    assert_eq!(
        file.notes_latest_first()[0].body.text,
        "Skrivet i ett annat fönster"
    );
    assert_eq!(app.lower, Pane::Notes);
    assert!(app.message.as_deref().unwrap().contains("2026-103/"));
    // Nothing more to take: nothing to draw.
    assert_eq!(app.take_inbox(now()), Effect::None);
}

use super::tests::today;

#[test]
fn a_sent_report_is_read_back_from_the_history_as_it_was_sent() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-103");
    app.update(Action::RegisterReport, now());
    focus_field(&mut app, "text");
    type_in(&mut app, "Till socialsekreteraren: läget i v. 46.");
    app.update(Action::Save, now());
    assert!(app.form.is_none());
    app.update(Action::History, now());
    let rows = history_rows(app.current().unwrap(), Lang::En);
    let pos = rows.iter().position(|r| r.kind == Kind::Report).unwrap();
    app.overlay = Some(Overlay::History {
        selected: pos,
        version: None,
    });
    app.update(Action::Open, now());
    let viewer = app.viewer.as_ref().expect("the report is shown");
    assert_eq!(viewer.kind, Kind::Report);
    assert_eq!(
        viewer.form.text("text"),
        "Till socialsekreteraren: läget i v. 46."
    );
    // It is kept as sent.
    app.update(Action::Edit, now());
    assert!(app.form.is_none());
    assert_eq!(
        app.message.as_deref(),
        Some(Lang::En.forms().report_as_sent)
    );
    app.update(Action::Back, now());
    assert!(matches!(app.overlay, Some(Overlay::History { .. })));
}

#[test]
fn delete_on_an_earlier_version_removes_nothing_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    let seq = note_with_a_version(&mut app);
    app.update(Action::History, now());
    let rows = history_rows(app.current().unwrap(), Lang::En);
    let pos = rows
        .iter()
        .position(|r| r.kind == Kind::Note && r.seq == seq)
        .unwrap();
    app.overlay = Some(Overlay::History {
        selected: pos,
        version: Some(0),
    });
    app.update(Action::Remove, now());
    assert!(app.prompt.is_none());
    assert_eq!(
        app.message.as_deref(),
        Some(Lang::En.forms().remove_version)
    );
    let note = app.current().unwrap().notes.iter().find(|n| n.seq == seq);
    assert!(note.unwrap().removed.is_none());
    // On the record's own row it asks, naming what goes.
    app.update(Action::FocusPrev, now());
    app.update(Action::Remove, now());
    assert_eq!(
        app.prompt.as_ref().map(|p| p.kind),
        Some(PromptKind::RemoveReason(Kind::Note, seq))
    );
}

#[test]
fn help_over_the_history_names_its_keys_and_gives_the_history_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-105");
    app.update(Action::History, now());
    app.update(Action::Down, now());
    let before = app.overlay.clone();
    app.update(Action::Help, now());
    assert!(matches!(app.overlay, Some(Overlay::Help { .. })));
    assert_eq!(app.help_back, before);
    app.update(Action::Back, now());
    assert_eq!(app.overlay, before);
}

#[test]
fn esc_from_a_closed_cases_record_goes_back_to_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    let closed = app
        .cases
        .iter()
        .find(|c| c.case().is_closed())
        .map(|c| c.code().to_string())
        .expect("the demo has a closed case");
    select(&mut app, &closed);
    app.update(Action::History, now());
    let rows = history_rows(app.current().unwrap(), Lang::En);
    let pos = rows.iter().position(|r| r.kind == Kind::Note).unwrap();
    app.overlay = Some(Overlay::History {
        selected: pos,
        version: None,
    });
    app.update(Action::Open, now());
    assert!(app.form.as_ref().is_some_and(|f| f.read_only));
    app.update(Action::Cancel, now());
    assert!(app.form.is_none());
    assert_eq!(
        app.overlay,
        Some(Overlay::History {
            selected: pos,
            version: None
        })
    );
}

#[test]
fn a_draft_kept_in_english_is_offered_in_swedish_with_a_swedish_title() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-103");
    app.update(Action::NewNote, now());
    type_in(&mut app, "Halvfärdig");
    app.update(Action::Cancel, now());
    app.leave_answer(Answer::Yes, now());
    assert!(app.form.is_none());
    drop(app);
    let store = crate::store::Store::open(dir.path()).unwrap();
    let app = App::new(
        store,
        super::tests::today(),
        crate::domain::due::Rules::default(),
        "AS".into(),
        Lang::Sv,
    )
    .unwrap();
    let offer = app.draft_offer_text().expect("the draft is offered");
    assert!(offer.starts_with("Utkast från"), "{offer}");
    assert!(offer.contains("Anteckning"), "{offer}");
    assert!(!offer.contains("Note"), "{offer}");
}

#[test]
fn the_details_key_opens_the_case_details_and_esc_closes_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-101");
    app.update(Action::FocusNotes, now());
    assert_eq!(app.update(Action::CaseDetails, now()), Effect::Draw);
    assert_eq!(app.overlay, Some(Overlay::Details { scroll: 0 }));
    assert_eq!(app.key_context(), KeyContext::Global);
    // It scrolls; the keys of the panes do nothing under it.
    app.update(Action::Down, now());
    assert_eq!(app.overlay, Some(Overlay::Details { scroll: 1 }));
    assert_eq!(app.update(Action::NewNote, now()), Effect::None);
    assert!(app.form.is_none());
    // The help over it gives it back.
    app.update(Action::Help, now());
    assert_eq!(app.overlay, Some(Overlay::Help { scroll: 0 }));
    app.update(Action::Back, now());
    assert_eq!(app.overlay, Some(Overlay::Details { scroll: 1 }));
    // Esc closes it, back where it was opened, on the same case.
    assert_eq!(app.update(Action::Back, now()), Effect::Draw);
    assert_eq!(app.overlay, None);
    assert_eq!(app.focus, Pane::Notes);
    assert_eq!(app.current().unwrap().code(), "2026-101");
    // Its key again closes it too.
    app.update(Action::CaseDetails, now());
    app.update(Action::CaseDetails, now());
    assert_eq!(app.overlay, None);
}

#[test]
fn without_a_case_the_details_key_opens_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut app = App::new(
        store,
        super::tests::today(),
        Rules::default(),
        "AS".into(),
        Lang::Sv,
    )
    .unwrap();
    assert_eq!(app.update(Action::CaseDetails, now()), Effect::None);
    assert_eq!(app.overlay, None);
}
