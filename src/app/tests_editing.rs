//! The editors through the app: every kind of record entered, drafts,
//! edits with history, and the checks that keep a form open.

use super::tests::{choose_next, demo_app, focus_field, now, select, today, type_in};
use super::*;
use crate::domain::note::IsoWeek;
use crate::editor::form;

#[test]
fn every_record_of_spec_4_can_be_entered_from_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    // A new case.
    app.update(Action::NewCase, now());
    type_in(&mut app, "2026-200");
    focus_field(&mut app, "family");
    type_in(&mut app, "Fam Ny");
    focus_field(&mut app, "persons");
    type_in(&mut app, "Mira, barn, 2016\nMamma, förälder");
    app.update(Action::Save, now());
    assert!(
        app.form.is_none(),
        "{:?}",
        app.form
            .as_ref()
            .map(|f| f.fields.iter().map(|x| x.error.clone()).collect::<Vec<_>>())
    );
    select(&mut app, "2026-200");
    assert_eq!(app.current().unwrap().case.body.persons.len(), 2);
    // A goal, the plan with its mapping, a rating, a report, a reflection.
    app.update(Action::NewGoal, now());
    type_in(&mut app, "Lugna kvällar");
    app.update(Action::Save, now());
    // The plan starts from the goals already set; a new line is a new goal.
    app.update(Action::EditPlan, now());
    type_in(&mut app, "\nSkolnärvaro");
    focus_field(&mut app, "mapping");
    type_in(&mut app, "R: trångbott\nS: mormor");
    app.update(Action::Save, now());
    app.update(Action::NewRating, now());
    let scores = "involvement: 30\npositive_parenting: 20\npoor_monitoring: 15\ninconsistent_discipline: 12\ncorporal_punishment: 4";
    focus_field(&mut app, "scores");
    app.form
        .as_mut()
        .unwrap()
        .fields
        .iter_mut()
        .find(|f| f.id == "scores")
        .unwrap()
        .kind = form::FieldKind::Text(form::text_area(""));
    type_in(&mut app, scores);
    app.update(Action::Save, now());
    app.update(Action::RegisterReport, now());
    app.update(Action::Save, now());
    app.update(Action::PhaseNext, now());
    app.update(Action::NewReflection, now());
    type_in(&mut app, "6");
    app.update(Action::Save, now());
    let file = app.current().unwrap();
    assert_eq!(file.goals.len(), 2);
    assert_eq!(file.goals[1].body.title, "Skolnärvaro");
    assert_eq!(
        file.plan.as_ref().unwrap().body.goals,
        vec!["Lugna kvällar".to_string(), "Skolnärvaro".to_string()]
    );
    assert_eq!(file.factors.len(), 2);
    assert_eq!(file.ratings[0].body.scores.len(), 5);
    assert_eq!(file.reports.len(), 1);
    assert_eq!(file.reflections[0].body.scores[0].score, 6);
    // Closing it, each goal's outcome chosen.
    app.update(Action::CloseCase, now());
    type_in(&mut app, "Målen uppnådda");
    for id in ["outcome1", "outcome2"] {
        choose_next(&mut app, id, 1);
    }
    app.update(Action::Save, now());
    assert!(app.current().unwrap().case.body.is_closed());
}

#[test]
fn a_bad_date_is_a_message_at_the_field_and_the_text_stays() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    app.update(Action::NewNote, now());
    type_in(&mut app, "Text som inte får försvinna");
    focus_field(&mut app, "date");
    for _ in 0..10 {
        app.form_input(
            tui_textarea::Input {
                key: tui_textarea::Key::Backspace,
                ..Default::default()
            },
            now(),
        );
    }
    type_in(&mut app, "31/2");
    app.update(Action::Save, now());
    let form = app.form.as_ref().expect("the editor stays open");
    let field = form.field("date").unwrap();
    assert!(field.error.as_deref().unwrap().contains("31/2"));
    assert_eq!(form.text("text"), "Text som inte får försvinna");
    assert_eq!(form.fields[form.focus].id, "date");
}

#[test]
fn leaving_with_text_asks_and_keeps_a_draft_unless_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    app.update(Action::NewNote, now());
    type_in(&mut app, "Halvfärdig");
    app.update(Action::Cancel, now());
    assert!(app.form.as_ref().unwrap().leaving);
    app.leave_answer(Answer::Yes, now());
    assert!(app.form.is_none());
    let (drafts, _) = app.store.drafts::<form::Draft>().unwrap();
    assert_eq!(drafts.len(), 1);
    // Opening the same note again brings the text back.
    app.update(Action::NewNote, now());
    assert_eq!(app.form.as_ref().unwrap().text("text"), "Halvfärdig");
    app.update(Action::Cancel, now());
    app.leave_answer(Answer::Discard, now());
    let (drafts, _) = app.store.drafts::<form::Draft>().unwrap();
    assert!(drafts.is_empty());
    // Nothing typed: leaving does not ask.
    app.update(Action::NewNote, now());
    app.update(Action::Cancel, now());
    assert!(app.form.is_none());
}

#[test]
fn editing_a_saved_note_keeps_the_earlier_version() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-103");
    app.update(Action::NewNote, now());
    type_in(&mut app, "Första");
    app.update(Action::Save, now());
    let seq = app
        .current()
        .unwrap()
        .notes
        .iter()
        .map(|n| n.seq)
        .max()
        .unwrap();
    let file = app.current().unwrap().clone();
    let form = crate::editor::note::form(&app.ctx(now()), &file, Some(seq));
    app.show_form(form, now());
    type_in(&mut app, " och andra");
    app.update(Action::Save, now());
    let note = app
        .current()
        .unwrap()
        .notes
        .iter()
        .find(|n| n.seq == seq)
        .unwrap();
    assert_eq!(note.body.text, "Första och andra");
    assert_eq!(note.history.len(), 1);
    assert_eq!(note.history[0].body.text, "Första");
}

#[test]
fn the_family_follow_up_is_entered_on_a_closed_case_and_clears_its_flag() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-109");
    let due = |app: &App| app.current_items().to_vec();
    assert_eq!(due(&app)[0].kind, crate::domain::due::DueKind::FollowUp);
    assert_eq!(due(&app)[0].state, DueState::Overdue);
    app.update(Action::FollowUp, now());
    focus_field(&mut app, "expectations");
    type_in(&mut app, "5,5");
    focus_field(&mut app, "well1");
    type_in(&mut app, "Hembesöken");
    focus_field(&mut app, "child_well");
    type_in(&mut app, "Att någon lyssnade");
    app.update(Action::Save, now());
    assert!(
        app.form.is_none(),
        "{:?}",
        app.form.as_ref().map(|f| f
            .fields
            .iter()
            .filter_map(|x| x.error.clone())
            .collect::<Vec<_>>())
    );
    let left: Vec<_> = due(&app).into_iter().map(|i| i.kind).collect();
    assert_eq!(left, vec![crate::domain::due::DueKind::Purge]);
    let f = &app.current().unwrap().follow_ups[0].body;
    let persons = f.outcome.persons();
    assert_eq!(persons.len(), 1, "{:?}", f.outcome);
    let (mode, i) = persons[0];
    assert_eq!(mode, Some(crate::domain::report::Mode::InPerson));
    assert_eq!(i.expectations_met, Some(5.5));
    assert_eq!(i.worked_well, vec!["Hembesöken".to_string()]);
    assert_eq!(f.outcome.child().unwrap().worked_well, "Att någon lyssnade");
    // The statistics view counts it.
    app.update(Action::Stats, now());
    assert_eq!(app.overlay, Some(Overlay::Stats { scroll: 0 }));
    let s = app.stats.clone().unwrap();
    assert_eq!(s.interviewed, 2);
    assert_eq!(s.bands[2], 1);
}

#[test]
fn a_draft_kept_on_leaving_is_not_offered_until_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    app.update(Action::NewNote, now());
    type_in(&mut app, "Behåll mig");
    app.update(Action::Cancel, now());
    app.leave_answer(Answer::Yes, now());
    assert!(app.offered_draft().is_none());
    // The next start offers it.
    drop(app);
    let app = demo_app_reopen(dir.path());
    assert_eq!(
        app.offered_draft()
            .unwrap()
            .values
            .iter()
            .find(|(id, _)| id == "text")
            .unwrap()
            .1,
        form::Value::Text("Behåll mig".into())
    );
}

fn demo_app_reopen(dir: &std::path::Path) -> App {
    App::new(
        Store::open(dir).unwrap(),
        today(),
        Rules::default(),
        "AS".into(),
        Lang::En,
    )
    .unwrap()
}

#[test]
fn the_reflection_week_stays_within_fas_2() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-106");
    let weeks = app.current().unwrap().treatment_weeks(today());
    app.update(Action::FocusReflections, now());
    for _ in 0..10 {
        app.update(Action::PageUp, now());
    }
    assert_eq!(app.week_offset, weeks.len() - 1);
    app.update(Action::NewReflection, now());
    assert_eq!(week_of_form(&app), weeks[0]);
}

#[test]
fn in_fas_3_the_week_at_pane_3_s_right_is_the_last_of_fas_2() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-107");
    let weeks = app.current().unwrap().treatment_weeks(today());
    assert!(weeks.len() >= 2, "{weeks:?}");
    assert_ne!(weeks.last(), Some(&IsoWeek::of(today())));
    app.update(Action::FocusReflections, now());
    app.update(Action::NewReflection, now());
    assert_eq!(week_of_form(&app), weeks[weeks.len() - 1]);
    app.update(Action::Cancel, now());
    app.update(Action::WeekBack, now());
    app.update(Action::NewReflection, now());
    assert_eq!(week_of_form(&app), weeks[weeks.len() - 2]);
}

/// The week the open reflection form writes.
fn week_of_form(app: &App) -> IsoWeek {
    match &app.form.as_ref().unwrap().kind {
        form::FormKind::Reflection { year, week, .. } => IsoWeek {
            year: *year,
            week: *week,
        },
        other => panic!("{other:?}"),
    }
}

#[test]
fn left_and_right_choose_the_week_a_reflection_is_written_for() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    // The demo's Fam Rönn misses weeks 46 and 47 of Fas 2: the one before
    // last is reached alone, not only a page at a time.
    select(&mut app, "2026-105");
    let weeks = app.current().unwrap().treatment_weeks(today());
    app.update(Action::FocusReflections, now());
    app.update(Action::WeekBack, now());
    app.update(Action::NewReflection, now());
    let week = weeks[weeks.len() - 2];
    assert_eq!(week_of_form(&app), week);
    // Dated in that week, so that it is filed there as it says.
    let date = app.form.as_ref().unwrap().text("date");
    let date = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").unwrap();
    assert_eq!(IsoWeek::of(date), week, "{date}");
    app.update(Action::Cancel, now());
    assert!(app.form.is_none());
    // Forward past this week stays on this week; back past Fas 2 stays
    // on its first.
    for _ in 0..3 {
        app.update(Action::WeekForward, now());
    }
    assert_eq!(app.week_offset, 0);
    for _ in 0..weeks.len() + 2 {
        app.update(Action::WeekBack, now());
    }
    assert_eq!(app.week_offset, weeks.len() - 1);
    // Elsewhere the keys do nothing.
    app.update(Action::FocusNotes, now());
    app.update(Action::WeekForward, now());
    assert_eq!(app.week_offset, weeks.len() - 1);
}

#[test]
fn factors_found_in_an_incident_become_factors_of_the_case() {
    use crate::domain::plan::{FactorKind, FactorSource};
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-103");
    app.update(Action::NewIncident, now());
    type_in(&mut app, "Bråk vid läggdags");
    focus_field(&mut app, "factors");
    type_in(&mut app, "R: trött efter skolan\nS: storasyster hjälper");
    app.update(Action::Save, now());
    assert!(app.form.is_none());
    let file = app.current().unwrap().clone();
    let incident = file.incidents.iter().max_by_key(|i| i.seq).unwrap();
    assert_eq!(incident.body.factors.len(), 2);
    for seq in &incident.body.factors {
        let f = file.factors.iter().find(|f| f.seq == *seq).unwrap();
        assert_eq!(f.body.source, FactorSource::Incident(incident.seq));
    }
    let risk = file
        .factors
        .iter()
        .find(|f| f.body.kind == FactorKind::Risk && f.body.text == "trött efter skolan");
    assert!(risk.is_some());
    // Taking one out of the analysis marks it removed.
    let form = crate::editor::incident::form(&app.ctx(now()), &file, Some(incident.seq));
    app.show_form(form, now());
    focus_field(&mut app, "factors");
    let text = form::text_area("S: storasyster hjälper");
    app.form
        .as_mut()
        .unwrap()
        .fields
        .iter_mut()
        .find(|f| f.id == "factors")
        .unwrap()
        .kind = form::FieldKind::Text(text);
    app.form.as_mut().unwrap().dirty = true;
    app.update(Action::Save, now());
    let file = app.current().unwrap();
    let risk = file
        .factors
        .iter()
        .find(|f| f.body.text == "trött efter skolan")
        .unwrap();
    assert!(risk.removed.is_some());
    // Opened again, the analysis lists only the factor still in it.
    let file = app.current().unwrap().clone();
    let seq = file.incidents.iter().map(|i| i.seq).max().unwrap();
    let form = crate::editor::incident::form(&app.ctx(now()), &file, Some(seq));
    assert_eq!(form.text("factors"), "S: storasyster hjälper");
}

#[test]
fn a_rating_takes_the_subscales_of_its_instrument() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-103");
    app.update(Action::NewRating, now());
    assert!(
        app.form
            .as_ref()
            .unwrap()
            .text("scores")
            .starts_with("involvement: ")
    );
    focus_field(&mut app, "instrument");
    type_in(&mut app, " ");
    let scores = app.form.as_ref().unwrap().text("scores");
    assert!(
        scores.starts_with("internalizing: ") && !scores.contains("involvement"),
        "{scores}"
    );
    // Typing in the scores starts after the first subscale's name.
    focus_field(&mut app, "scores");
    type_in(&mut app, "38");
    let scores = app.form.as_ref().unwrap().text("scores");
    assert!(scores.starts_with("internalizing: 38\n"), "{scores}");
    app.update(Action::Cancel, now());
    app.leave_answer(Answer::Discard, now());
    app.update(Action::NewRating, now());
    type_in(&mut app, "38");
    let scores = app.form.as_ref().unwrap().text("scores");
    assert!(scores.starts_with("involvement: 38\n"), "{scores}");
}

#[test]
fn a_follow_up_opens_from_the_history_with_its_answers_and_keeps_the_earlier_version() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-110");
    let rows = history_rows(app.current().unwrap(), Lang::En);
    let pos = rows
        .iter()
        .position(|r| r.kind == crate::store::Kind::FollowUp)
        .unwrap();
    app.update(Action::History, now());
    for _ in 0..pos {
        app.update(Action::Down, now());
    }
    app.update(Action::Open, now());
    let form = app.form.as_ref().expect("the follow-up opens");
    assert_eq!(form.text("expectations"), "5");
    assert_eq!(form.text("well1"), "Behandlaren kom hem till oss");
    focus_field(&mut app, "comment");
    type_in(&mut app, "Tillagt efteråt");
    app.update(Action::Save, now());
    let file = app.current().unwrap();
    assert_eq!(file.follow_ups.len(), 1);
    assert_eq!(file.follow_ups[0].history.len(), 1);
}

#[test]
fn a_line_that_is_not_a_factor_is_refused_at_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-103");
    app.update(Action::NewIncident, now());
    type_in(&mut app, "Bråk");
    focus_field(&mut app, "factors");
    type_in(&mut app, "Risk: pappa dricker\nIngen prefix här");
    app.update(Action::Save, now());
    let form = app.form.as_ref().expect("stays open");
    assert!(
        form.field("factors")
            .unwrap()
            .error
            .as_deref()
            .unwrap()
            .contains("Ingen prefix här")
    );
    assert_eq!(
        form.text("factors"),
        "Risk: pappa dricker\nIngen prefix här"
    );
}

#[test]
fn a_reflection_goes_to_the_week_of_its_date_and_never_over_another() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-105");
    // This week (W47) has none; W46 has none either; W45 has one.
    app.update(Action::NewReflection, now());
    focus_field(&mut app, "date");
    let form = app.form.as_mut().unwrap();
    form.fields
        .iter_mut()
        .find(|f| f.id == "date")
        .unwrap()
        .kind = form::FieldKind::Date(form::text_area("2026-11-05"));
    form.dirty = true;
    app.update(Action::Save, now());
    let form = app.form.as_ref().expect("W45 is taken: the editor stays");
    assert!(
        form.field("date")
            .unwrap()
            .error
            .as_deref()
            .unwrap()
            .contains("45")
    );
    let form = app.form.as_mut().unwrap();
    form.fields
        .iter_mut()
        .find(|f| f.id == "date")
        .unwrap()
        .kind = form::FieldKind::Date(form::text_area("2026-11-12"));
    app.update(Action::Save, now());
    assert!(app.form.is_none());
    assert!(
        app.current()
            .unwrap()
            .reflection_for(IsoWeek {
                year: 2026,
                week: 46
            })
            .is_some()
    );
}
