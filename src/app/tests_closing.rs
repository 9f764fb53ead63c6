//! The editors through the app, continued: a drafted report that follows
//! its period, closing a case, who signs, and the checks of the case form.

use super::tests::{choose_next, demo_app, focus_field, now, select, today, type_in};
use super::*;

#[test]
fn a_drafted_report_follows_its_period_and_asks_before_edits_are_lost() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    // Fam Asp, Fas 2: a lägesrapport from the day after the last one.
    select(&mut app, "2026-106");
    app.update(Action::DraftReport, now());
    let form = app.form.as_ref().unwrap();
    assert!(
        form.text("text")
            .contains("Period: 2026-11-20 – 2026-11-22")
    );
    // A new start of the period, and leaving the field: the draft follows.
    focus_field(&mut app, "from");
    app.form.as_mut().unwrap().set_text("from", "2026-11-01");
    app.update(Action::FocusNext, now());
    let text = app.form.as_ref().unwrap().text("text");
    assert!(text.contains("Period: 2026-11-01 – 2026-11-22"), "{text}");
    assert!(app.prompt.is_none());
    // Once the text is edited, a new period asks first; Esc keeps it.
    focus_field(&mut app, "text");
    type_in(&mut app, "Egen rad. ");
    focus_field(&mut app, "to");
    app.form.as_mut().unwrap().set_text("to", "2026-11-20");
    app.update(Action::FocusNext, now());
    assert_eq!(
        app.prompt.as_ref().unwrap().kind,
        PromptKind::Redraft("2026-11-01".parse().unwrap(), "2026-11-20".parse().unwrap())
    );
    app.prompt_key(PromptKey::Cancel, now());
    let text = app.form.as_ref().unwrap().text("text");
    assert!(text.contains("Egen rad. "), "{text}");
    // Asked once: saving now registers the report, and says what it is.
    app.update(Action::Save, now());
    assert!(app.form.is_none(), "{:?}", app.message);
    assert_eq!(
        app.message.as_deref(),
        Some("Progress report registered as sent 2026-11-22.")
    );
    let file = app.current().unwrap();
    let sent = file.reports.last().unwrap();
    assert_eq!(
        (sent.body.from, sent.body.to),
        ("2026-11-01".parse().unwrap(), "2026-11-20".parse().unwrap())
    );
}

#[test]
fn saving_a_draft_whose_period_changed_redraws_it_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-106");
    app.update(Action::DraftReport, now());
    focus_field(&mut app, "from");
    app.form.as_mut().unwrap().set_text("from", "2026-11-01");
    // Ctrl-S straight from the field: the text is redrawn, not sent.
    app.update(Action::Save, now());
    let form = app.form.as_ref().expect("still open, redrawn");
    assert!(
        form.text("text")
            .contains("Period: 2026-11-01 – 2026-11-22")
    );
    app.update(Action::Save, now());
    assert!(app.form.is_none());
}

#[test]
fn closing_asks_how_each_goal_ended_and_the_closed_case_reads_only() {
    use crate::domain::phase::Step;
    use crate::domain::plan::GoalStatus;
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    // Fam Lind, Fas 2, two active goals.
    select(&mut app, "2026-104");
    app.update(Action::CloseCase, now());
    let form = app.form.as_ref().unwrap();
    let outcomes: Vec<&str> = form
        .fields
        .iter()
        .filter(|f| f.id.starts_with("outcome"))
        .map(|f| f.label.as_str())
        .collect();
    assert_eq!(
        outcomes,
        [
            "Goal: Samarbete kring umgänge",
            "Goal: Färre konflikter vid hämtning"
        ]
    );
    // The reason is required.
    app.update(Action::Save, now());
    assert!(
        app.form
            .as_ref()
            .unwrap()
            .field("reason")
            .unwrap()
            .error
            .is_some()
    );
    focus_field(&mut app, "reason");
    type_in(&mut app, "Familjen flyttar");
    // Each goal's outcome is asked: none is taken for achieved unasked.
    app.update(Action::Save, now());
    let form = app.form.as_ref().expect("an outcome is missing");
    assert!(form.field("outcome1").unwrap().error.is_some());
    choose_next(&mut app, "outcome1", 1);
    choose_next(&mut app, "outcome2", 2);
    app.update(Action::Save, now());
    assert!(app.form.is_none(), "{:?}", app.message);
    let file = app.current().unwrap();
    let closing = file.case.body.closing.as_ref().unwrap();
    assert_eq!(
        (closing.on, closing.reason.as_str()),
        (today(), "Familjen flyttar")
    );
    let statuses: Vec<GoalStatus> = file.goals.iter().map(|g| g.body.status).collect();
    assert_eq!(
        statuses,
        [
            GoalStatus::Achieved(today()),
            GoalStatus::PartlyAchieved(today())
        ]
    );
    assert!(file.goals.iter().all(|g| g.history.len() == 1));
    assert_eq!(
        crate::domain::steps::step_done(file, Step::ClosingMeeting).map(|d| d.on()),
        Some(today())
    );
    // A closed case's note opens to be read, marked, and nothing changes.
    let rows = history_rows(file, Lang::En);
    let pos = rows
        .iter()
        .position(|r| r.kind == crate::store::Kind::Note)
        .unwrap();
    app.update(Action::History, now());
    for _ in 0..pos {
        app.update(Action::Down, now());
    }
    app.update(Action::Open, now());
    let form = app.form.as_ref().expect("the note opens to be read");
    assert!(form.read_only);
    assert!(
        form.title.ends_with("read only: the case is closed"),
        "{}",
        form.title
    );
    let before = form.text("text");
    focus_field(&mut app, "text");
    type_in(&mut app, "ändrad");
    assert_eq!(app.form.as_ref().unwrap().text("text"), before);
    app.update(Action::Save, now());
    assert!(app.form.is_some());
    app.update(Action::Cancel, now());
    assert!(app.form.is_none());
    assert!(app.offered_draft().is_none());
}

#[test]
fn with_nobody_to_sign_the_screen_asks_once_and_nothing_is_signed_empty() {
    let dir = tempfile::tempdir().unwrap();
    let store = crate::store::Store::open(dir.path()).unwrap();
    crate::demo::seed(&store, today()).unwrap();
    let mut app = App::new(store, today(), Rules::default(), String::new(), Lang::En).unwrap();
    assert_eq!(app.prompt.as_ref().unwrap().kind, PromptKind::Worker);
    // No draft offer, no editor takes the question away.
    assert!(app.offered_draft().is_none());
    app.open_editor(Action::NewNote, now());
    assert_eq!(app.prompt.as_ref().unwrap().kind, PromptKind::Worker);
    // Nothing is saved without a name.
    app.prompt = None;
    type_in(&mut app, "Utan namn");
    app.update(Action::Save, now());
    assert!(app.form.is_some());
    assert_eq!(app.prompt.as_ref().unwrap().kind, PromptKind::Worker);
    // An empty answer is refused; initials are taken and kept to be saved.
    app.prompt_key(PromptKey::Submit, now());
    assert!(app.prompt.as_ref().unwrap().error.is_some());
    for c in "AS".chars() {
        app.prompt_key(PromptKey::Char(c), now());
    }
    app.prompt_key(PromptKey::Submit, now());
    assert_eq!(
        (app.worker.as_str(), app.worker_asked.as_deref()),
        ("AS", Some("AS"))
    );
    app.update(Action::Save, now());
    assert!(app.form.is_none(), "{:?}", app.message);
    let note = app.current().unwrap().notes.last().unwrap();
    assert_eq!(note.meta.created_by, "AS");
}

#[test]
fn esc_at_the_question_of_who_writes_leaves_insats() {
    let dir = tempfile::tempdir().unwrap();
    let store = crate::store::Store::open(dir.path()).unwrap();
    let mut app = App::new(store, today(), Rules::default(), String::new(), Lang::En).unwrap();
    assert_eq!(app.prompt_key(PromptKey::Cancel, now()), Effect::Quit);
}

#[test]
fn a_person_role_not_taken_keeps_the_case_open_at_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    app.update(Action::NewCase, now());
    type_in(&mut app, "2026-201");
    focus_field(&mut app, "family");
    type_in(&mut app, "Fam Roll");
    focus_field(&mut app, "persons");
    type_in(&mut app, "Noah, son, 2012\nKarin, mamma, 1980\nMy, kusin");
    app.update(Action::Save, now());
    let form = app.form.as_ref().expect("the case stays open");
    let error = form.field("persons").unwrap().error.clone().unwrap();
    assert!(error.contains("My, kusin"), "{error}");
    assert!(
        error.contains(&app.lang.forms().roles.join(", ")),
        "{error}"
    );
    assert!(form.text("persons").ends_with("My, kusin"));
    // Written as a role taken, it saves, each role as typed means.
    app.form
        .as_mut()
        .unwrap()
        .set_text("persons", "Noah, son, 2012\nKarin, mamma, 1980\nMy, other");
    app.update(Action::Save, now());
    assert!(
        app.form.is_none(),
        "{:?}",
        app.form.as_ref().map(|f| &f.fields)
    );
    select(&mut app, "2026-201");
    let roles: Vec<_> = app
        .current()
        .unwrap()
        .case
        .body
        .persons
        .iter()
        .map(|p| p.role)
        .collect();
    use crate::domain::case::PersonRole;
    assert_eq!(
        roles,
        [PersonRole::Child, PersonRole::Parent, PersonRole::Other]
    );
}

#[test]
fn closing_shows_the_meeting_a_note_already_records() {
    use crate::domain::case::Place;
    use crate::domain::note::{Note, Participant};
    use crate::domain::phase::Step;
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    // Fam in Fas 3, its closing meeting written as a note two days ago.
    select(&mut app, "2026-107");
    let met = today() - chrono::Days::new(2);
    let note = Note {
        date: met,
        start: chrono::NaiveTime::MIN,
        minutes: 60,
        place: Place::Office,
        participants: vec![Participant::Parent, Participant::SocialSecretary],
        child_took_part: false,
        child_words: String::new(),
        text: "Avslutande möte".into(),
        goals: vec![],
    };
    app.store.add("2026-107", note, "AS", now()).unwrap();
    app.reload("2026-107").unwrap();
    app.update(Action::CloseCase, now());
    // Said as the note has it, not asked again as if unknown.
    let form = app.form.as_ref().unwrap();
    let meeting = form.field("meeting").unwrap();
    assert!(
        matches!(&meeting.kind, crate::editor::FieldKind::Info(t) if *t == met.to_string()),
        "{:?}",
        meeting.kind
    );
    let outcomes: Vec<String> = (form.fields.iter())
        .filter(|f| f.id.starts_with("outcome"))
        .map(|f| f.id.to_string())
        .collect();
    focus_field(&mut app, "reason");
    type_in(&mut app, "Målen nådda");
    for id in outcomes {
        choose_next(&mut app, &id, 1);
    }
    app.update(Action::Save, now());
    // Owing still (the demo's reports), it asks first.
    if app.prompt.is_some() {
        app.prompt_key(PromptKey::Char('y'), now());
    }
    assert!(app.form.is_none(), "{:?}", app.message);
    let file = app.current().unwrap();
    assert!(file.case.body.closing.is_some());
    let done = crate::domain::steps::step_done(file, Step::ClosingMeeting);
    assert_eq!(done.map(|d| d.on()), Some(met));
    // Closed, its avslutsrapport is still drafted and registered as sent.
    app.update(Action::DraftReport, now());
    let form = app.form.as_ref().expect("the closing report opens");
    assert!(
        form.text("text").contains("Closing report"),
        "{}",
        form.text("text")
    );
    app.update(Action::Save, now());
    assert!(app.form.is_none(), "{:?}", app.message);
    let file = app.current().unwrap();
    let done = crate::domain::steps::step_done(file, Step::ClosingReport);
    assert_eq!(done.map(|d| d.on()), Some(today()));
    // Only the avslutsrapport: a Fas 1-rapport is refused at its kind.
    app.update(Action::RegisterReport, now());
    focus_field(&mut app, "kind");
    for _ in 0..2 {
        let left = tui_textarea::Input {
            key: tui_textarea::Key::Left,
            ..Default::default()
        };
        app.form_input(left, now());
    }
    app.update(Action::Save, now());
    let form = app.form.as_ref().expect("a Fas 1-rapport is refused");
    assert!(
        form.field("kind").unwrap().error.is_some(),
        "{:?}",
        app.message
    );
    app.update(Action::Cancel, now());
    app.leave_answer(crate::app::Answer::Discard, now());
    // Notes stay closed to writing.
    app.update(Action::NewNote, now());
    assert!(app.form.is_none());
}
