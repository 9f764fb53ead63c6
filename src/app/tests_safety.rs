//! The screen's safeguards through the app: control characters typed,
//! pasted and saved.

use super::tests::{demo_app, focus_field, now, select, type_in};
use super::*;
use crate::domain::incident::{Actor, ChainLink, LinkKind};
use crate::editor::form::{self, FieldKind};
use tui_textarea::{Input, Key};

fn new_note(app: &mut App) {
    select(app, "2026-105");
    app.update(Action::NewNote, now());
    assert!(app.form.is_some());
}

fn notes_of(app: &App, code: &str) -> Vec<String> {
    let (file, _) = app.store.load_case(code).unwrap();
    file.unwrap()
        .notes
        .iter()
        .map(|n| n.body.text.clone())
        .collect()
}

#[test]
fn a_paste_from_a_terminal_goes_in_without_its_codes_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    new_note(&mut app);
    app.form_paste(
        "Mamma sa: \u{1b}[1;31mnej\u{1b}[0m.\r\nSam\u{1b}]0;titel\u{7} log.\u{9b}2J",
        now(),
    );
    let form = app.form.as_ref().unwrap();
    assert_eq!(form.text("text"), "Mamma sa: nej.\nSam log.");
    let said = app.message.clone().unwrap();
    assert!(said.contains("4 control characters"), "{said}");
    // The draft holds the clean text too.
    let draft = app.draft_slot.get().unwrap();
    assert!(
        draft
            .values
            .iter()
            .any(|(id, v)| id == "text"
                && *v == form::Value::Text("Mamma sa: nej.\nSam log.".into()))
    );
    app.update(Action::Save, now());
    assert!(app.form.is_none());
    assert!(notes_of(&app, "2026-105").contains(&"Mamma sa: nej.\nSam log.".to_string()));
}

#[test]
fn a_paste_into_a_one_line_field_or_a_prompt_is_one_clean_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    new_note(&mut app);
    focus_field(&mut app, "minutes");
    if let Some(FieldKind::Line(ta)) = app.form.as_mut().map(|f| &mut f.fields[f.focus].kind) {
        ta.select_all();
        ta.cut();
    }
    app.form_paste("4\t5\u{1b}[m\n", now());
    assert_eq!(app.form.as_ref().unwrap().text("minutes"), "4 5 ");
    app.form = None;
    app.update(Action::Filter, now());
    app.form_paste("Fam\u{1b}[7m Asp\u{1b}[m", now());
    assert_eq!(app.prompt.as_ref().unwrap().text, "Fam Asp");
    // A C1 character typed is not taken.
    app.prompt_key(PromptKey::Char('\u{9b}'), now());
    assert_eq!(app.prompt.as_ref().unwrap().text, "Fam Asp");
}

#[test]
fn a_control_character_typed_is_not_taken() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    new_note(&mut app);
    type_in(&mut app, "ab");
    for c in ['\u{9b}', '\u{85}', '\u{7f}'] {
        app.form_input(
            Input {
                key: Key::Char(c),
                ..Default::default()
            },
            now(),
        );
    }
    type_in(&mut app, "c");
    assert_eq!(app.form.as_ref().unwrap().text("text"), "abc");
}

/// Text that came in another way — an older record, a draft kept before
/// this check — is refused at save, at the field, the cursor just after
/// the character; Backspace removes it, and then it saves.
#[test]
fn a_control_character_already_in_the_text_is_refused_at_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    new_note(&mut app);
    let before = notes_of(&app, "2026-105").len();
    let text = "Rad ett\nrad \u{1b}[31mtvå";
    app.form.as_mut().unwrap().set_text("text", text);
    app.form.as_mut().unwrap().focus = 1;
    app.update(Action::Save, now());
    let form = app.form.as_ref().expect("the editor stays open");
    let field = form.focused().unwrap();
    assert_eq!(field.id, "text");
    let why = field.error.clone().unwrap();
    assert!(
        why.contains("U+001B") && why.contains("line 2, character 5"),
        "{why}"
    );
    assert_eq!(form.text("text"), text, "the text is kept as it was");
    assert_eq!(notes_of(&app, "2026-105").len(), before, "nothing written");
    app.form_input(
        Input {
            key: Key::Backspace,
            ..Default::default()
        },
        now(),
    );
    assert_eq!(
        app.form.as_ref().unwrap().text("text"),
        "Rad ett\nrad [31mtvå"
    );
    app.update(Action::Save, now());
    assert!(app.form.is_none());
    assert_eq!(notes_of(&app, "2026-105").len(), before + 1);
}

#[test]
fn a_control_character_in_a_one_line_field_or_a_link_is_refused_in_swedish_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    app.lang = Lang::Sv;
    select(&mut app, "2026-105");
    app.update(Action::NewCase, now());
    type_in(&mut app, "2026-300");
    app.form
        .as_mut()
        .unwrap()
        .set_text("family", "Fam \u{9d}0;x\u{9c}Ny");
    app.update(Action::Save, now());
    let form = app.form.as_ref().unwrap();
    let why = form.field("family").unwrap().error.clone().unwrap();
    assert!(why.contains("styrtecken (U+009D) vid tecken 5"), "{why}");
    assert_eq!(form.focused().unwrap().id, "family");

    app.form = None;
    app.update(Action::NewIncident, now());
    let form = app.form.as_mut().unwrap();
    form.set_text("behaviour", "Kastade en tallrik");
    let chain = form
        .fields
        .iter_mut()
        .find_map(|f| match &mut f.kind {
            FieldKind::Chain(c) => Some(c),
            _ => None,
        })
        .unwrap();
    for text in ["ok", "bråk\u{7}"] {
        chain.links.push(ChainLink {
            kind: LinkKind::Thought,
            actor: Actor::Parent,
            text: text.into(),
            intensity: None,
        });
    }
    app.update(Action::Save, now());
    let form = app.form.as_ref().unwrap();
    let why = form.focused().unwrap().error.clone().unwrap();
    assert!(why.contains("U+0007") && why.contains("länk 2"), "{why}");
}

/// The file a failed save offers: the editor's text, private, never
/// written over an existing file; what goes wrong is said at the prompt.
#[test]
fn the_text_of_a_failed_save_goes_to_a_file_of_the_workers_choosing() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(&dir.path().join("data"));
    new_note(&mut app);
    type_in(&mut app, "Skrivet medan disken var full, åäö.");
    app.offer_draft_file(now());
    let prompt = app.prompt.clone().unwrap();
    assert!(matches!(prompt.kind, PromptKind::DraftFile { .. }));
    assert!(
        prompt.text.ends_with("insats-2026-105-1122-1402.txt"),
        "{}",
        prompt.text
    );
    let file = dir.path().join("utkast.txt");
    let named = file.display().to_string();
    app.submit_draft_file(&named, now());
    assert!(app.prompt.is_none());
    assert!(app.message.clone().unwrap().contains(&named));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("Skrivet medan disken var full, åäö."),
        "{text}"
    );
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // The editor stays open with its text.
    assert_eq!(
        app.form.as_ref().unwrap().text("text"),
        "Skrivet medan disken var full, åäö."
    );
    // Not over a file that is there, nor into a directory that is not,
    // nor without a name: said at the prompt, which stays.
    for (named, said) in [
        (named.clone(), "exists already"),
        (
            dir.path().join("saknas/x.txt").display().to_string(),
            "Cannot write the file (No such file or directory)",
        ),
        ("  ".to_string(), "Type a file name"),
    ] {
        app.offer_draft_file(now());
        app.submit_draft_file(&named, now());
        let error = app.prompt.as_ref().unwrap().error.clone().unwrap();
        assert!(error.contains(said), "{error}");
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

#[test]
fn the_stores_errors_are_said_in_the_users_language() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());
    app.lang = Lang::Sv;
    let full = StoreError::NoSpace {
        needed: 1_150_000,
        free: 300_000,
        dir: "/data".into(),
    };
    assert_eq!(
        app.store_words(&full),
        "disken är full: 1.1 MB behövs, 0.2 MB fria i /data"
    );
    let stalled = StoreError::Stalled {
        dir: "/data".into(),
        seconds: 5,
    };
    assert!(
        app.store_words(&stalled)
            .contains("svarade inte inom 5 sekunder")
    );
    let sled = StoreError::Db(sled::Error::Corruption { at: None, bt: () });
    let said = app.store_words(&sled);
    assert!(
        said.starts_with("lagret i ") && said.contains("insats check"),
        "{said}"
    );
    assert!(!said.contains("corrupt"), "{said}");
    app.lang = Lang::En;
    assert!(
        app.store_words(&full)
            .starts_with("the disk is full: 1.1 MB needed")
    );
}
