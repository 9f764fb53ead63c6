use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::*;
use crate::domain::phase::Phase;

pub(super) fn today() -> NaiveDate {
    "2026-11-22".parse().unwrap()
}

pub(super) fn now() -> NaiveDateTime {
    today().and_time(NaiveTime::from_hms_opt(14, 2, 0).unwrap())
}

pub(super) fn demo_app(dir: &std::path::Path) -> App {
    let store = Store::open(dir).unwrap();
    crate::demo::seed(&store, today()).unwrap();
    App::new(store, today(), Rules::default(), "AS".into(), Lang::En).unwrap()
}

pub(super) fn select(app: &mut App, code: &str) {
    let pos = app
        .visible
        .iter()
        .position(|i| app.cases[*i].code() == code)
        .unwrap();
    app.selected = pos;
    app.hold_current_whole();
}

#[test]
fn most_overdue_comes_first_and_sort_cycles() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    assert_eq!(
        crate::domain::due::worst(app.current_items()),
        DueState::Overdue
    );
    let last = &app.cases[*app.visible.last().unwrap()];
    assert_eq!(crate::domain::due::worst(&last.items), DueState::Ok);
    app.update(Action::Sort, now());
    assert_eq!(app.sort, SortBy::LastContact);
    app.update(Action::Sort, now());
    assert_eq!(app.sort, SortBy::Code);
    let codes: Vec<&str> = app.visible.iter().map(|i| app.cases[*i].code()).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted);
}

#[test]
fn a_step_done_outside_insats_is_checked_by_hand_with_a_reason_and_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-101");
    app.update(Action::FocusChecklist, now());
    // Fas 1: alliance, plan, mapping, first rating follow their records;
    // the Fas 1 report is not sent.
    app.update(Action::Bottom, now());
    assert_eq!(app.step, 4);
    assert_eq!(app.update(Action::ToggleStep, now()), Effect::Draw);
    assert_eq!(
        app.prompt.as_ref().unwrap().kind,
        PromptKind::StepNote(Step::Fas1Report)
    );
    // A step a record completes needs a reason to be checked by hand.
    app.prompt_key(PromptKey::Submit, now());
    assert!(app.prompt.as_ref().unwrap().error.is_some());
    for c in "Sent by post".chars() {
        app.prompt_key(PromptKey::Char(c), now());
    }
    app.prompt_key(PromptKey::Submit, now());
    assert!(app.prompt.is_none());
    assert_eq!(app.save, SaveState::Saved(now().time()));
    let file = app.current().unwrap();
    let check = file.case.body.step_done(Step::Fas1Report).unwrap();
    assert_eq!(
        (check.done_on, check.note.as_str()),
        (today(), "Sent by post")
    );
    assert_eq!(file.case.history.len(), 1);
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .contains("checked by hand 2026-11-22")
    );
    // It is on disk.
    let (file, _) = app.store.load_case("2026-101").unwrap();
    assert!(
        file.unwrap()
            .case
            .body
            .step_done(Step::Fas1Report)
            .is_some()
    );
    // Space again takes the hand check back.
    app.update(Action::ToggleStep, now());
    assert!(
        app.current()
            .unwrap()
            .case
            .body
            .step_done(Step::Fas1Report)
            .is_none()
    );
}

#[test]
fn a_step_a_record_completes_cannot_be_ticked_or_redated_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-101");
    app.update(Action::FocusChecklist, now());
    app.update(Action::Down, now());
    // The plan was set: the step is done by it.
    app.update(Action::ToggleStep, now());
    assert!(app.prompt.is_none());
    assert!(app.message.as_deref().unwrap().contains("by the plan, set"));
    app.update(Action::EditDate, now());
    assert!(app.prompt.is_none());
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .contains("follows from the plan")
    );
    assert!(app.current().unwrap().case.body.steps.is_empty());
    // Enter opens the editor that completes it.
    app.update(Action::Open, now());
    assert!(matches!(
        app.form.as_ref().unwrap().kind,
        crate::editor::FormKind::Plan { .. }
    ));
}

#[test]
fn a_hand_checked_step_date_can_be_changed_and_a_bad_date_keeps_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-101");
    app.update(Action::FocusChecklist, now());
    app.update(Action::Bottom, now());
    app.update(Action::ToggleStep, now());
    for c in "Sent by post".chars() {
        app.prompt_key(PromptKey::Char(c), now());
    }
    app.prompt_key(PromptKey::Submit, now());
    app.update(Action::EditDate, now());
    assert_eq!(
        app.prompt.as_ref().unwrap().kind,
        PromptKind::StepDate(Step::Fas1Report)
    );
    for _ in 0..10 {
        app.prompt_key(PromptKey::Backspace, now());
    }
    for c in "31/2".chars() {
        app.prompt_key(PromptKey::Char(c), now());
    }
    app.prompt_key(PromptKey::Submit, now());
    let prompt = app
        .prompt
        .as_ref()
        .expect("a bad date keeps the prompt open");
    assert_eq!(prompt.text, "31/2");
    assert!(prompt.error.is_some());
    for _ in 0..4 {
        app.prompt_key(PromptKey::Backspace, now());
    }
    for c in "igår".chars() {
        app.prompt_key(PromptKey::Char(c), now());
    }
    app.prompt_key(PromptKey::Submit, now());
    assert!(app.prompt.is_none());
    let done = app
        .current()
        .unwrap()
        .case
        .body
        .step_done(Step::Fas1Report)
        .unwrap()
        .done_on;
    assert_eq!(done, "2026-11-21".parse::<NaiveDate>().unwrap());
}

#[test]
fn phases_move_forward_and_back_keeping_dates() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-103");
    app.update(Action::PhaseNext, now());
    // Asked first, as Fas 1 still owes steps (tests_confirm.rs).
    app.prompt_key(PromptKey::Submit, now());
    assert_eq!(app.current().unwrap().case.body.phase(), Phase::Treatment);
    app.update(Action::PhasePrev, now());
    app.prompt_key(PromptKey::Submit, now());
    let case = &app.current().unwrap().case.body;
    assert_eq!(case.phase(), Phase::Initial);
    assert_eq!(case.phases.len(), 3);
}

#[test]
fn a_closed_case_is_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-110");
    let before = app.current().unwrap().clone();
    app.update(Action::FocusChecklist, now());
    app.update(Action::ToggleStep, now());
    app.update(Action::PhasePrev, now());
    assert_eq!(app.current().unwrap(), &before);
    assert_eq!(app.message.as_deref(), Some(Lang::En.text().read_only));
    assert_eq!(app.save, SaveState::Clean);
}

#[test]
fn filter_narrows_live_and_escape_clears() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    app.update(Action::Filter, now());
    for c in "rÖn".chars() {
        app.prompt_key(PromptKey::Char(c), now());
    }
    assert_eq!(app.visible.len(), 1);
    assert_eq!(app.current().unwrap().code(), "2026-105");
    app.prompt_key(PromptKey::Submit, now());
    assert_eq!(app.filter, "rÖn");
    app.update(Action::Back, now());
    assert_eq!(app.visible.len(), app.cases.len());
    // A paste into the prompt never submits it.
    app.update(Action::Filter, now());
    app.prompt_paste("Hass\nel", now());
    assert!(app.prompt.is_some());
    assert_eq!(app.prompt.as_ref().unwrap().text, "Hass el");
    app.prompt_key(PromptKey::Cancel, now());
    assert!(app.filter.is_empty());
}

#[test]
fn the_overdue_view_jumps_to_the_case() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    app.update(Action::OverdueView, now());
    let rows = app.overdue_rows();
    assert!(rows.iter().any(|r| r.item.state == DueState::Overdue));
    // Grouped by worker, worst first within a worker.
    assert!(rows.windows(2).all(|w| w[0].worker < w[1].worker
        || (w[0].worker == w[1].worker
            && (w[0].item.state, w[0].item.due) <= (w[1].item.state, w[1].item.due))));
    app.update(Action::Bottom, now());
    let target = rows.last().unwrap().file;
    app.update(Action::Open, now());
    assert!(app.overlay.is_none());
    assert_eq!(app.visible[app.selected], target);
    assert_eq!(app.focus, Pane::Checklist);
}

#[test]
fn a_drafted_report_opens_in_the_editor_and_registering_it_resets_the_clock() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-104");
    let before = app.current_items().to_vec();
    let report_due = |items: &[crate::domain::due::DueItem]| {
        items
            .iter()
            .find(|i| i.kind == crate::domain::due::DueKind::ProgressReport)
            .map(|i| (i.due, i.state))
    };
    assert_eq!(report_due(&before).unwrap().1, DueState::DueSoon);
    app.update(Action::DraftReport, now());
    let form = app.form.as_ref().unwrap();
    assert!(form.text("text").contains("Progress report — 2026-104"));
    assert_eq!(form.choice("kind"), 1);
    app.update(Action::Save, now());
    assert!(app.form.is_none());
    let after = app.current_items().to_vec();
    let (due, state) = report_due(&after).unwrap();
    assert_eq!(due, today() + chrono::Days::new(42));
    assert_eq!(state, DueState::Ok);
    let sent = app
        .current()
        .unwrap()
        .reports
        .iter()
        .max_by_key(|r| r.seq)
        .unwrap();
    assert!(sent.body.text.contains("Goals and progress"));
}

#[test]
fn focus_cycles_through_the_five_panes() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    let mut seen = vec![app.focus];
    for _ in 0..5 {
        app.update(Action::FocusNext, now());
        seen.push(app.focus);
    }
    assert_eq!(
        seen,
        vec![
            Pane::Cases,
            Pane::Checklist,
            Pane::Reflections,
            Pane::Incidents,
            Pane::Notes,
            Pane::Cases
        ]
    );
    app.update(Action::FocusPrev, now());
    assert_eq!(app.focus, Pane::Notes);
    assert_eq!(app.key_context(), KeyContext::Notes);
    // The incidents and the notes share a place: the one focused last holds it.
    app.update(Action::FocusIncidents, now());
    app.update(Action::FocusCases, now());
    assert_eq!(app.lower, Pane::Incidents);
}

#[test]
fn a_record_is_removed_with_a_reason_and_stays_readable() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-105");
    app.update(Action::History, now());
    let rows = history_rows(app.current().unwrap(), Lang::En);
    let pos = rows
        .iter()
        .position(|r| r.kind == crate::store::Kind::Note)
        .unwrap();
    for _ in 0..pos {
        app.update(Action::Down, now());
    }
    app.update(Action::Remove, now());
    assert!(matches!(
        app.prompt.as_ref().unwrap().kind,
        PromptKind::RemoveReason(crate::store::Kind::Note, _)
    ));
    // A reason is needed.
    app.prompt_key(PromptKey::Submit, now());
    assert!(app.prompt.as_ref().unwrap().error.is_some());
    for c in "fel ärende".chars() {
        app.prompt_key(PromptKey::Char(c), now());
    }
    app.prompt_key(PromptKey::Submit, now());
    assert!(app.prompt.is_none());
    let seq = rows[pos].seq;
    let note = app
        .current()
        .unwrap()
        .notes
        .iter()
        .find(|n| n.seq == seq)
        .unwrap();
    assert_eq!(note.removed.as_ref().unwrap().reason, "fel ärende");
    assert!(!note.body.text.is_empty());
}

/// Types into the open editor's focused field.
pub(super) fn type_in(app: &mut App, text: &str) {
    for c in text.chars() {
        let key = if c == '\n' {
            tui_textarea::Key::Enter
        } else {
            tui_textarea::Key::Char(c)
        };
        app.form_input(
            tui_textarea::Input {
                key,
                ..Default::default()
            },
            now(),
        );
    }
}

pub(super) fn focus_field(app: &mut App, id: &str) {
    let form = app.form.as_mut().unwrap();
    form.focus = form.fields.iter().position(|f| f.id == id).unwrap();
}

/// The choice `times` further on in the field `id`, as `→` chooses it.
pub(super) fn choose_next(app: &mut App, id: &str, times: usize) {
    focus_field(app, id);
    for _ in 0..times {
        let right = tui_textarea::Input {
            key: tui_textarea::Key::Right,
            ..Default::default()
        };
        app.form_input(right, now());
    }
}

#[test]
fn a_case_that_cannot_be_read_is_listed_as_damaged_and_never_written_to() {
    let dir = tempfile::tempdir().unwrap();
    drop(demo_app(dir.path()));
    // The case record of 2026-101 damaged behind the store's back.
    let db = raw_db(&dir.path().join("db"));
    let cases = db.open_tree("cases").unwrap();
    let key = crate::store::record_key("2026-101", 0);
    let mut value = cases.get(&key).unwrap().unwrap().to_vec();
    *value.last_mut().unwrap() ^= 0xff;
    cases.insert(&key, value.clone()).unwrap();
    db.flush().unwrap();
    drop((cases, db));
    let store = Store::open(dir.path()).unwrap();
    let mut app = App::new(store, today(), Rules::default(), "AS".into(), Lang::En).unwrap();
    select(&mut app, "2026-101");
    let row = &app.cases[app.row_of("2026-101").unwrap()];
    assert!(row.unreadable.is_some(), "said in the list, not swallowed");
    assert!(app.current().is_none());
    assert!(app.damaged > 0);
    let stored = |store: &Store| {
        store
            .get::<crate::domain::note::Note>("2026-101", 1)
            .unwrap()
    };
    let note = stored(&app.store).unwrap();
    app.update(Action::PhaseNext, now());
    app.update(Action::NewNote, now());
    assert!(app.form.is_none(), "no editor opens on a case not read");
    app.remove_record(crate::store::Kind::Note, 1, "fel ärende", now())
        .unwrap();
    assert_eq!(stored(&app.store).unwrap(), note);
    drop(app);
    let db = raw_db(&dir.path().join("db"));
    let kept = db.open_tree("cases").unwrap().get(&key).unwrap().unwrap();
    assert_eq!(kept.to_vec(), value);
}

/// sled's own database in `db` (a store's `db/`), to be changed behind
/// insats's back. A store closed a moment ago can still hold sled's file
/// lock while its threads end (slowly on a loaded machine): waited for.
fn raw_db(db: &std::path::Path) -> sled::Db {
    for _ in 0..100 {
        match sled::open(db) {
            Err(sled::Error::Io(e)) if e.to_string().contains("could not acquire lock") => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            opened => return opened.unwrap(),
        }
    }
    panic!("sled's lock on {} was never let go", db.display())
}

#[test]
fn the_step_date_prompt_replaces_its_suggestion_and_takes_ctrl_u() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-101");
    app.update(Action::FocusChecklist, now());
    app.update(Action::Bottom, now());
    app.update(Action::ToggleStep, now());
    for c in "Skickad per post".chars() {
        app.prompt_key(PromptKey::Char(c), now());
    }
    app.prompt_key(PromptKey::Submit, now());
    app.update(Action::EditDate, now());
    let prompt = app.prompt.as_ref().unwrap();
    assert!(prompt.suggested && !prompt.text.is_empty());
    // Typing replaces the date suggested, never appends to it.
    for c in "2026-09-10".chars() {
        app.prompt_key(PromptKey::Char(c), now());
    }
    assert_eq!(app.prompt.as_ref().unwrap().text, "2026-09-10");
    // Ctrl-U clears what was typed.
    app.prompt_key(PromptKey::Clear, now());
    assert_eq!(app.prompt.as_ref().unwrap().text, "");
    for c in "igår".chars() {
        app.prompt_key(PromptKey::Char(c), now());
    }
    app.prompt_key(PromptKey::Submit, now());
    assert!(app.prompt.is_none());
}
