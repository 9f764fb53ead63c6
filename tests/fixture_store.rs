//! A whole store written by an earlier release, kept in
//! `tests/fixtures/release-1/`: the demo's ten cases and twenty more notes
//! in one case, written by `insats --demo --keep --today 2026-11-20` and
//! `insats note`, with its export beside it. Whatever the store's layout
//! becomes, this store must open and read whole: every record it held,
//! byte for byte the same export. Never rewrite these files; a change that
//! cannot read them needs a migration.

mod shell;

use std::path::{Path, PathBuf};

use shell::Shell;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/release-1")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the fixture store, so the test never changes the files.
fn store_of_release_1() -> Shell {
    let sh = Shell::new();
    copy_dir(&fixture().join("db"), &sh.data.join("db"));
    sh
}

#[test]
fn a_store_of_release_1_opens_and_exports_every_record() {
    let sh = store_of_release_1();
    let expected = std::fs::read_to_string(fixture().join("export.json")).unwrap();
    let got = sh.ok(&["export"]);
    assert_eq!(got.trim_end(), expected.trim_end());
    // A second open reads the store as the first one left it.
    assert_eq!(sh.ok(&["export"]).trim_end(), expected.trim_end());
}

#[test]
fn a_store_of_release_1_checks_clean_and_lists_its_cases() {
    let sh = store_of_release_1();
    let said = sh.ok(&["check"]);
    assert!(!said.contains("damaged"), "{said}");
    let list = sh.ok(&["case", "list"]);
    for code in 101..=110 {
        assert!(list.contains(&format!("2026-{code}")), "{list}");
    }
}

#[test]
fn a_store_of_release_1_takes_new_notes_after_its_last() {
    let sh = store_of_release_1();
    sh.ok(&["note", "2026-101", "-m", "after the upgrade"]);
    let export: serde_json::Value = serde_json::from_str(&sh.ok(&["export"])).unwrap();
    let before: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture().join("export.json")).unwrap())
            .unwrap();
    let count = |v: &serde_json::Value| v.to_string().matches("\"seq\"").count();
    assert_eq!(count(&export), count(&before) + 1);
    assert!(export.to_string().contains("after the upgrade"));
}
