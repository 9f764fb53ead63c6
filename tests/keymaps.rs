//! The shipped keymaps, user overrides, and a folder of broken keymaps each
//! of which must be refused with the file, the line and a clear problem.

use std::fs;
use std::path::{Path, PathBuf};

use insats::app::{Action, KeyContext};
use insats::keymap::{KeyCombo, Keymap};

fn key(name: &str) -> KeyCombo {
    name.parse().unwrap_or_else(|e| panic!("{e}"))
}

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/keymaps")
        .join(path)
}

fn shipped() -> Vec<(&'static str, Keymap)> {
    Keymap::BUILTIN_NAMES
        .iter()
        .map(|name| {
            let map = Keymap::load(Some(name), None).unwrap_or_else(|e| panic!("{e}"));
            (*name, map)
        })
        .collect()
}

#[test]
fn every_shipped_keymap_parses_from_the_binary_and_the_folder() {
    for name in Keymap::BUILTIN_NAMES {
        let compiled = Keymap::builtin(name).unwrap();
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("keymaps/{name}.toml"));
        assert_eq!(fs::read_to_string(&path).unwrap(), compiled, "{name}");
        let from_file = Keymap::load(Some(path.to_str().unwrap()), None).unwrap();
        assert_eq!(
            from_file.bindings(),
            Keymap::load(Some(name), None).unwrap().bindings()
        );
    }
    assert!(Keymap::builtin("nano").is_none());
}

#[test]
fn every_action_has_a_key_in_every_shipped_keymap() {
    for (name, map) in shipped() {
        for action in Action::ALL {
            let bound = KeyContext::ALL
                .iter()
                .any(|ctx| !map.keys(*ctx, action).is_empty());
            assert!(bound, "{name}: {} has no key", action.name());
        }
    }
}

#[test]
fn the_keys_the_spec_names_do_what_it_says() {
    let map = Keymap::default();
    let g = KeyContext::Global;
    assert_eq!(
        map.action(KeyContext::CaseList, &key("n")),
        Some(Action::NewNote)
    );
    assert_eq!(
        map.action(KeyContext::CaseList, &key("N")),
        Some(Action::NewCase)
    );
    assert_eq!(
        map.action(KeyContext::Editor, &key("ctrl-s")),
        Some(Action::Save)
    );
    assert_eq!(map.action(g, &key("tab")), Some(Action::FocusNext));
    assert_eq!(map.action(g, &key("shift-tab")), Some(Action::FocusPrev));
    assert_eq!(
        map.keys(KeyContext::Checklist, Action::ToggleStep),
        [key("space"), key("x")]
    );
    // Typing in an editor never triggers a pane command.
    for c in ["n", "q", "?", "å", "j", "N"] {
        assert_eq!(map.action(KeyContext::Editor, &key(c)), None, "{c}");
    }
    let vim = Keymap::load(Some("vim"), None).unwrap();
    assert_eq!(
        vim.action(KeyContext::Incidents, &key("j")),
        Some(Action::Down)
    );
    assert_eq!(vim.action(g, &key("G")), Some(Action::Bottom));
    assert_eq!(vim.action(g, &key("H")), Some(Action::History));
    let emacs = Keymap::load(Some("emacs"), None).unwrap();
    assert_eq!(emacs.action(g, &key("ctrl-n")), Some(Action::Down));
    assert_eq!(emacs.action(g, &key("alt->")), Some(Action::Bottom));
    assert_eq!(emacs.action(g, &key("ctrl-q")), Some(Action::Quit));
}

#[test]
fn the_rendered_keymap_parses_back_to_the_same_keymap() {
    for (name, map) in shipped() {
        let text = map.render_text();
        let again = Keymap::parse(&text, "rendered").unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(again.bindings(), map.bindings(), "{name}");
        assert!(
            text.contains("\n[case_list]\nfilter = [\"/\""),
            "{name}:\n{text}"
        );
    }
}

#[test]
fn a_user_file_replaces_the_actions_it_names_and_leaves_the_rest() {
    let user = fixture("user_override.toml");
    let map = Keymap::load(None, Some(&user)).unwrap();
    let base = Keymap::default();
    let g = KeyContext::Global;
    assert_eq!(map.keys(g, Action::NewNote), [key("a")]);
    assert_eq!(map.keys(g, Action::NewRating), [key("n")]);
    assert_eq!(
        map.action(KeyContext::CaseList, &key("n")),
        Some(Action::NewRating)
    );
    assert_eq!(map.action(KeyContext::CaseList, &key("s")), None);
    assert_eq!(
        map.keys(KeyContext::Checklist, Action::ToggleStep),
        [key("enter")]
    );
    // Only in the checklist: `enter` still opens elsewhere.
    assert_eq!(
        map.action(KeyContext::CaseList, &key("enter")),
        Some(Action::Open)
    );
    for (ctx, action, keys) in base.bindings() {
        let touched = matches!(action, Action::NewNote | Action::NewRating) && ctx == g
            || (action == Action::ToggleStep && ctx == KeyContext::Checklist);
        if !touched {
            assert_eq!(
                map.keys(ctx, action),
                base.keys(ctx, action),
                "{ctx:?} {action:?}"
            );
            assert!(!keys.is_empty());
        }
    }
    assert_eq!(map.sources().len(), 2);
}

#[test]
fn a_missing_user_file_is_no_error_but_an_unknown_keymap_is() {
    let missing = fixture("no_such_file.toml");
    assert!(Keymap::load(Some("vim"), Some(&missing)).is_ok());
    let err = Keymap::load(Some("vimm"), None).unwrap_err();
    assert_eq!(err.file, "vimm");
    assert!(err.to_string().contains("default, vim, emacs"), "{err}");
}

/// `# expect: <substring>` on the first line, `# line: N` on the second.
fn expectations(text: &str) -> (String, Option<usize>) {
    let mut lines = text.lines();
    let expect = lines
        .next()
        .and_then(|l| l.strip_prefix("# expect: "))
        .expect("a broken keymap starts with `# expect: <substring>`")
        .to_string();
    let line = lines
        .next()
        .and_then(|l| l.strip_prefix("# line: "))
        .map(|n| n.trim().parse().expect("`# line: N`"));
    (expect, line)
}

#[test]
fn every_broken_keymap_is_refused_with_file_line_and_problem() {
    let dir = fixture("broken");
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 7, "the broken keymaps are missing");
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let (expect, line) = expectations(&fs::read_to_string(&path).unwrap());
        let file = path.display().to_string();

        let as_user = Keymap::load(None, Some(&path));
        let err = as_user.expect_err(&format!("{name} was accepted as a user file"));
        let shown = err.to_string();
        assert!(
            shown.contains(&expect),
            "{name}: expected {expect:?} in\n{shown}"
        );
        assert_eq!(err.file, file, "{name}");
        assert!(
            shown.starts_with(&format!("{file}:{}: ", err.line)),
            "{shown}"
        );
        assert_eq!(shown.lines().count(), 1, "{name}: {shown}");
        if let Some(line) = line {
            assert_eq!(err.line, line, "{name}: {shown}");
        }

        // Broken on its own, too, unless it breaks only over the base.
        if !name.starts_with("override_") {
            let err = Keymap::load(Some(&file), None).expect_err(&name);
            assert!(
                err.to_string().contains(&expect),
                "{name} as --keymap: {err}"
            );
        }
    }
}

#[test]
fn capital_i_opens_the_case_details_from_every_pane_in_every_shipped_keymap() {
    for (name, map) in shipped() {
        for ctx in [
            KeyContext::CaseList,
            KeyContext::Checklist,
            KeyContext::Reflections,
            KeyContext::Incidents,
            KeyContext::Notes,
        ] {
            assert_eq!(
                map.action(ctx, &key("I")),
                Some(Action::CaseDetails),
                "{name} {ctx:?}"
            );
        }
        // The chain editor keeps its own `I`, a link before.
        assert_eq!(
            map.action(KeyContext::ChainEditor, &key("I")),
            Some(Action::LinkInsertBefore),
            "{name}"
        );
    }
}
