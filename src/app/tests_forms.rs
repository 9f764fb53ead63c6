//! Forms that show what they hold: a comparison that follows what is
//! typed, a title that follows the week, the checks at their fields.

use super::tests::{demo_app, focus_field, now, select, type_in};
use super::*;
use crate::editor::FieldKind;

fn info(app: &App, id: &str) -> Option<String> {
    match app.form.as_ref()?.field(id).map(|f| &f.kind) {
        Some(FieldKind::Info(text)) => Some(text.clone()),
        _ => None,
    }
}

/// Ctrl-U, as in a shell.
fn clear_line(app: &mut App) {
    app.form_input(
        tui_textarea::Input {
            key: tui_textarea::Key::Char('u'),
            ctrl: true,
            ..Default::default()
        },
        now(),
    );
}

#[test]
fn a_closing_ratings_comparison_follows_the_scores_typed() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-107");
    app.update(Action::NewRating, now());
    assert_eq!(app.form.as_ref().unwrap().choice("occasion"), 2, "closing");
    let before = info(&app, "beside").expect("the initial rating beside");
    assert!(
        !before.contains("worse"),
        "nothing typed, nothing compared: {before}"
    );
    focus_field(&mut app, "scores");
    // The first subscale's line: "involvement: " and the score typed.
    app.form_input(
        tui_textarea::Input {
            key: tui_textarea::Key::End,
            ..Default::default()
        },
        now(),
    );
    type_in(&mut app, "42");
    let after = info(&app, "beside").unwrap();
    let line = after
        .lines()
        .find(|l| l.starts_with("involvement"))
        .unwrap();
    assert!(
        line.contains("32 →     42") && line.contains("+10.0 better"),
        "{after}"
    );
}

#[test]
fn the_initial_rating_is_not_compared_with_itself() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-107");
    let file = app.current().unwrap().clone();
    let initial = file
        .ratings
        .iter()
        .find(|r| r.body.occasion == crate::domain::rating::Occasion::Initial)
        .unwrap();
    let form = crate::editor::rating::form(&app.ctx(now()), &file, Some(initial.seq));
    app.show_form(form, now());
    assert_eq!(info(&app, "beside"), None);
}

#[test]
fn a_reflections_title_and_confirmation_name_the_week_it_is_filed_under() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    app.lang = Lang::Sv;
    select(&mut app, "2026-106");
    app.update(Action::NewReflection, now());
    assert!(
        app.form
            .as_ref()
            .unwrap()
            .title
            .starts_with("Målreflektion v. 47")
    );
    focus_field(&mut app, "date");
    clear_line(&mut app);
    type_in(&mut app, "2026-10-09");
    let title = app.form.as_ref().unwrap().title.clone();
    assert!(
        title.starts_with("Målreflektion v. 41 · 2026-106"),
        "{title}"
    );
    focus_field(&mut app, "system_view");
    type_in(&mut app, "Lugnare vecka");
    app.update(Action::Save, now());
    assert!(
        app.form.is_none(),
        "{:?}",
        app.form.as_ref().map(|f| &f.fields)
    );
    let msg = app.message.clone().unwrap();
    assert!(msg.starts_with("Målreflektion v. 41"), "{msg}");
    let week = crate::domain::note::IsoWeek {
        year: 2026,
        week: 41,
    };
    assert!(app.current().unwrap().reflection_for(week).is_some());
}

#[test]
fn a_note_dated_before_the_case_started_is_refused_at_its_date() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-103");
    let start = app.current().unwrap().case.body.start;
    let before = app.current().unwrap().notes.len();
    app.update(Action::NewNote, now());
    type_in(&mut app, "Tidigt samtal");
    focus_field(&mut app, "date");
    clear_line(&mut app);
    type_in(&mut app, "2020-01-01");
    app.update(Action::Save, now());
    let form = app.form.as_ref().expect("the note stays open");
    let field = form.field("date").unwrap();
    assert!(
        field.error.as_deref().unwrap().contains(&start.to_string()),
        "{:?}",
        field.error
    );
    assert_eq!(form.text("text"), "Tidigt samtal");
    assert_eq!(app.current().unwrap().notes.len(), before);
}

#[test]
fn a_note_dated_after_today_is_refused_at_its_date_as_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-103");
    let before = app.current().unwrap().notes.len();
    app.update(Action::NewNote, now());
    type_in(&mut app, "Samtal i morgon");
    focus_field(&mut app, "date");
    clear_line(&mut app);
    let tomorrow = app.today.succ_opt().unwrap().to_string();
    type_in(&mut app, &tomorrow);
    app.update(Action::Save, now());
    let form = app.form.as_ref().expect("the note stays open");
    let error = form.field("date").unwrap().error.clone();
    assert_eq!(
        error.as_deref(),
        Some(app.lang.text().err_future),
        "{error:?}"
    );
    assert_eq!(form.text("text"), "Samtal i morgon");
    assert_eq!(app.current().unwrap().notes.len(), before);
    // Today is taken.
    focus_field(&mut app, "date");
    clear_line(&mut app);
    let today = app.today.to_string();
    type_in(&mut app, &today);
    app.update(Action::Save, now());
    assert!(app.form.is_none());
    assert_eq!(app.current().unwrap().notes.len(), before + 1);
}

#[test]
fn the_note_asks_once_whether_the_child_took_part() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-103");
    app.update(Action::NewNote, now());
    let form = app.form.as_ref().unwrap();
    assert!(form.field("child").is_none());
    assert!(form.field("participants").is_some());
    type_in(&mut app, "Barnet var med");
    focus_field(&mut app, "participants");
    type_in(&mut app, "2");
    app.update(Action::Save, now());
    let file = app.current().unwrap();
    assert!(file.notes_latest_first()[0].body.child_took_part);
}

fn type_prompt(app: &mut App, text: &str) {
    for c in text.chars() {
        app.prompt_key(PromptKey::Char(c), now());
    }
}

/// What has happened is not dated ahead: a plan set, a rating taken, a
/// step done, as a note (item 2 of the four months, in every editor).
#[test]
fn a_plan_a_rating_or_a_step_dated_after_today_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    select(&mut app, "2026-101");
    let tomorrow = app.today.succ_opt().unwrap().to_string();
    for (action, field) in [(Action::EditPlan, "set_on"), (Action::NewRating, "date")] {
        app.update(action, now());
        focus_field(&mut app, field);
        clear_line(&mut app);
        type_in(&mut app, &tomorrow);
        app.update(Action::Save, now());
        let form = app.form.as_ref().expect("the editor stays open");
        let error = form.field(field).unwrap().error.clone().unwrap_or_default();
        assert!(error.contains(&tomorrow), "{action:?}: {error}");
        app.form = None;
    }
    app.update(Action::FocusChecklist, now());
    app.update(Action::Bottom, now());
    app.update(Action::ToggleStep, now());
    type_prompt(&mut app, "Skickad per post");
    app.prompt_key(PromptKey::Submit, now());
    app.update(Action::EditDate, now());
    assert!(app.prompt.is_some(), "{:?}", app.message);
    type_prompt(&mut app, &tomorrow);
    app.prompt_key(PromptKey::Submit, now());
    let prompt = app.prompt.as_ref().expect("the prompt stays");
    assert!(prompt.error.as_deref().unwrap_or("").contains(&tomorrow));
}
