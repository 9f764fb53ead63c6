//! The layer rule: each part of `src/` uses only the parts below it —
//! domain → store → editor, report → app → keymap → ui → cli; the
//! terminal backend (term) uses none of them, and only cli uses it. Test code
//! (files named `tests*.rs`, `*_tests.rs`, and `#[cfg(test)]` modules) may
//! use anything.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// Each top-level module and the modules it may use.
const ALLOWED: &[(&str, &[&str])] = &[
    ("domain", &[]),
    // The actions and key contexts, which the catalogues describe.
    ("action", &[]),
    // The terminal backend: ratatui and crossterm, nothing of insats.
    ("term", &[]),
    ("i18n", &["domain", "action"]),
    ("store", &["domain"]),
    ("demo", &["domain", "store"]),
    ("config", &["domain", "i18n"]),
    ("editor", &["domain", "i18n", "store"]),
    ("report", &["domain", "i18n"]),
    (
        "app",
        &["domain", "action", "i18n", "store", "editor", "report"],
    ),
    // A keymap maps keys to the application's action names, and reads its
    // file as the settings are read (config::read_bounded).
    ("keymap", &["domain", "i18n", "config", "app"]),
    (
        "ui",
        &["domain", "i18n", "editor", "report", "app", "keymap"],
    ),
    (
        "cli",
        &[
            "domain", "i18n", "store", "demo", "config", "editor", "report", "app", "keymap", "ui",
            "term",
        ],
    ),
];

/// The non-test part of a source file.
fn non_test(source: &str) -> &str {
    let mut at = 0;
    let lines: Vec<&str> = source.split_inclusive('\n').collect();
    for (i, line) in lines.iter().enumerate() {
        let next = lines.get(i + 1).map_or("", |l| l.trim());
        if line.trim() == "#[cfg(test)]" && next.starts_with("mod ") {
            return &source[..at];
        }
        at += line.len();
    }
    source
}

/// The top-level modules a source uses through `crate::`.
fn uses(source: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in source.match_indices("crate::") {
        let name: String = source[i + 7..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            out.insert(name);
        }
    }
    out
}

/// Every use of a module above `layer` in `source`.
fn violations(layer: &str, source: &str) -> Vec<String> {
    let allowed = ALLOWED
        .iter()
        .find(|(l, _)| *l == layer)
        .map_or(&[][..], |(_, a)| *a);
    uses(non_test(source))
        .into_iter()
        .filter(|m| m != layer && !allowed.contains(&m.as_str()))
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn is_test_file(path: &Path) -> bool {
    let name = path.file_stem().unwrap().to_string_lossy();
    name.starts_with("tests") || name.ends_with("_tests")
}

#[test]
fn every_layer_uses_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    let mut checked = 0;
    for path in files.iter().filter(|p| !is_test_file(p)) {
        let relative = path.strip_prefix(&src).unwrap();
        let layer = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if !ALLOWED.iter().any(|(l, _)| *l == layer) {
            continue;
        }
        checked += 1;
        for m in violations(&layer, &fs::read_to_string(path).unwrap()) {
            problems.push(format!("{} uses crate::{m}", relative.display()));
        }
    }
    assert!(checked > 50, "only {checked} files were checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Rendering reads the app's state only: no file of `ui/` reaches the
/// store through the app (`app.store`), nor names it.
#[test]
fn rendering_never_names_the_store() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let mut files = Vec::new();
    rust_files(&ui, &mut files);
    let mut problems = Vec::new();
    for path in files.iter().filter(|p| !is_test_file(p)) {
        let source = fs::read_to_string(path).unwrap();
        for needle in [".store", "Store", "crate::store"] {
            if non_test(&source).contains(needle) {
                problems.push(format!("{} names {needle}", path.display()));
            }
        }
    }
    assert!(files.len() > 10);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_checker_finds_an_upward_use_and_ignores_test_code() {
    let upward = "use crate::domain::Case;\nuse crate::app::App;\n";
    assert_eq!(violations("store", upward), vec!["app".to_string()]);
    let in_tests =
        "use crate::domain::Case;\n#[cfg(test)]\nmod tests {\n    use crate::app::App;\n}\n";
    assert!(violations("store", in_tests).is_empty());
    assert_eq!(
        violations("domain", "fn f() { crate::ui::draw() }"),
        vec!["ui".to_string()]
    );
}
