//! `X` on the screen: refused in words while the case is open or owes,
//! asked naming the case and what goes, and on yes handed to the runner.

use super::confirm::Confirm;
use super::tests::{demo_app, now, select};
use super::*;

fn code_of(app: &App, family: &str) -> String {
    let row = app.cases.iter().find(|r| r.case().family == family);
    row.unwrap().code().to_string()
}

#[test]
fn an_open_case_or_one_without_its_follow_up_is_refused_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    for (family, says) in [
        ("Fam Rönn", "the case is not closed"),
        ("Fam Gran", "no family follow-up registered"),
    ] {
        let code = code_of(&app, family);
        select(&mut app, &code);
        app.update(Action::PurgeCase, now());
        assert!(app.prompt.is_none(), "{family}");
        let said = app.message.clone().unwrap_or_default();
        assert!(said.contains(&code) && said.contains(says), "{said}");
        assert_eq!(app.purge_asked, None);
    }
}

#[test]
fn a_closed_case_that_owes_nothing_is_asked_for_and_handed_on_only_on_yes() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    let code = code_of(&app, "Fam Tall");
    select(&mut app, &code);
    app.update(Action::PurgeCase, now());
    let asked = app.prompt.as_ref().map(|p| p.kind);
    assert_eq!(asked, Some(PromptKind::Confirm(Confirm::Purge)));
    let question = app.confirm_question(Confirm::Purge);
    assert!(
        question.contains(&code) && question.contains("Fam Tall"),
        "{question}"
    );
    assert!(question.contains(" notes"), "{question}");
    // No: nothing asked of the runner.
    app.prompt_key(PromptKey::Cancel, now());
    assert!(app.prompt.is_none());
    assert_eq!(app.purge_asked, None);
    // Yes: the screen ends for the runner to remove it.
    app.update(Action::PurgeCase, now());
    assert_eq!(app.prompt_key(PromptKey::Submit, now()), Effect::Quit);
    assert_eq!(app.purge_asked, Some(code));
}
