//! Questions before a step hard to take back: a phase left with steps
//! owed, a phase back, a closed case reopened.

use super::tests::{demo_app, now, select};
use super::*;
use crate::domain::phase::Phase;

fn phase_of(app: &App) -> Phase {
    app.current().unwrap().case.body.phase()
}

/// A demo case in Fas 1 with steps still owed.
fn in_fas1_with_steps_owed(app: &App) -> String {
    let row = app
        .cases
        .iter()
        .find(|r| r.case().phase() == Phase::Initial && !r.case().is_closed());
    row.unwrap().code().to_string()
}

#[test]
fn leaving_a_phase_with_steps_owed_names_them_and_waits_for_yes() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    let code = in_fas1_with_steps_owed(&app);
    select(&mut app, &code);
    app.update(Action::PhaseNext, now());
    let Some(Prompt {
        kind: PromptKind::Confirm(asked),
        ..
    }) = app.prompt.clone()
    else {
        panic!("no question: {:?}", app.prompt);
    };
    let question = app.confirm_question(asked);
    assert!(question.starts_with("Fas 1 still owes: "), "{question}");
    assert!(
        question.contains("Fas 1 report") && question.contains("Fas 2"),
        "{question}"
    );
    // Esc (or n) leaves it where it was; other letters are not taken.
    app.prompt_key(PromptKey::Char('x'), now());
    assert!(app.prompt.is_some());
    app.prompt_key(PromptKey::Cancel, now());
    assert_eq!(phase_of(&app), Phase::Initial);
    app.update(Action::PhaseNext, now());
    app.prompt_key(PromptKey::Char('n'), now());
    assert_eq!(phase_of(&app), Phase::Initial);
    app.update(Action::PhaseNext, now());
    app.prompt_key(PromptKey::Submit, now());
    assert!(app.prompt.is_none());
    assert_eq!(phase_of(&app), Phase::Treatment);
    // Back asks too, and y answers yes.
    app.update(Action::PhasePrev, now());
    let Some(PromptKind::Confirm(asked)) = app.prompt.as_ref().map(|p| p.kind) else {
        panic!("no question");
    };
    assert_eq!(
        app.confirm_question(asked),
        "Move back from Fas 2 to Fas 1? Enter: yes · Esc: no"
    );
    app.prompt_key(PromptKey::Char('y'), now());
    assert_eq!(phase_of(&app), Phase::Initial);
}

#[test]
fn reopening_a_closed_case_is_asked_before_it_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    let code = app
        .cases
        .iter()
        .find(|r| r.case().is_closed())
        .unwrap()
        .code()
        .to_string();
    select(&mut app, &code);
    app.update(Action::EditCase, now());
    // From "closed" back to "active".
    let form = app.form.as_mut().unwrap();
    let status = form.fields.iter_mut().find(|f| f.id == "status").unwrap();
    let crate::editor::FieldKind::Choice { selected, .. } = &mut status.kind else {
        panic!("status is a choice");
    };
    *selected = 0;
    app.update(Action::Save, now());
    let Some(PromptKind::Confirm(asked)) = app.prompt.as_ref().map(|p| p.kind) else {
        panic!("no question: {:?}", app.message);
    };
    assert!(
        app.confirm_question(asked)
            .starts_with(&format!("Reopen {code}? Its closing on "))
    );
    app.prompt_key(PromptKey::Cancel, now());
    assert!(app.form.is_some(), "the editor stays, with what was chosen");
    assert!(app.current().unwrap().case.body.is_closed());
    app.update(Action::Save, now());
    app.prompt_key(PromptKey::Submit, now());
    assert!(app.form.is_none());
    assert!(!app.current().unwrap().case.body.is_closed());
}
