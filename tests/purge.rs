//! Removing a closed case (`insats purge`): nothing of it stays in any
//! file under the data directory, before a restore or after it; the
//! statistics are the same; a removal killed at any step leaves the case
//! whole or removed; what is shared holds no personal data; bad input is
//! one line, exit 2.

mod shell;

use std::path::Path;

use insats::domain::note::Note;
use insats::store::Store;
use shell::{Shell, stderr, stdout};

const CANARY: &str = "KANARIEFAGEL-7f3a-ingen-annan-text";

/// A demo store in Swedish, with the canary written into the closed case
/// that is followed up ("Fam Tall"), its notes all entered into the
/// journal; the code of that case.
fn seeded() -> (Shell, String) {
    let mut sh = Shell::new();
    sh.lang = "sv";
    let today = sh.today.parse().unwrap();
    let code = {
        let store = Store::open(&sh.data).unwrap();
        insats::demo::seed(&store, today).unwrap();
        let (files, _) = store
            .summaries_as(|f| (f.case.body.family == "Fam Tall").then(|| f.code().to_string()))
            .unwrap();
        let code = files.into_iter().flatten().next().unwrap();
        let (file, _) = store.load_case(&code).unwrap();
        let mut note: Note = file.unwrap().notes[0].body.clone();
        note.text = format!("Hembesök. {CANARY}");
        note.child_words = CANARY.to_string();
        store
            .add(&code, note, "AS", today.and_hms_opt(9, 0, 0).unwrap())
            .unwrap();
        store.flush().unwrap();
        code
    };
    sh.ok(&["journal", &code, "--mark"]);
    (sh, code)
}

/// How many times the canary occurs in the files under `dir`.
fn canaries(dir: &Path) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            n += canaries(&path);
        } else if let Ok(bytes) = std::fs::read(&path) {
            n += bytes
                .windows(CANARY.len())
                .filter(|w| *w == CANARY.as_bytes())
                .count();
        }
    }
    n
}

#[test]
fn a_removed_case_is_in_no_file_before_or_after_a_restore_and_the_figures_stay() {
    let (sh, code) = seeded();
    let before = canaries(&sh.data);
    assert!(before > 0);
    assert!(canaries(&sh.data.join("backups")) > 0, "in a backup too");
    let stats = sh.ok(&["stats", "--json"]);
    let said = sh.ok(&["purge", &code, "--yes"]);
    assert!(
        said.contains(&format!("{code} är rensat ur lagret")),
        "{said}"
    );
    assert!(said.contains("Exporter du själv gjort"), "{said}");
    assert_eq!(canaries(&sh.data), 0, "of {before} canaries");
    // The log says what became of it, and nothing more.
    let log = sh.ok(&["purge", "--log"]);
    assert!(
        log.starts_with(&format!("{code}  rensat 2026-11-22 av ")),
        "{log}"
    );
    assert_eq!(log.lines().count(), 1, "{log}");
    assert_eq!(sh.ok(&["stats", "--json"]), stats);
    let list = sh.ok(&["case", "list"]);
    assert!(!list.contains(&code), "{list}");
    assert!(!list.contains("Fam Tall"), "{list}");
    // The newest backup holds everything but the case.
    let restored = sh.run(&["restore"]);
    assert_eq!(restored.status.code(), Some(0), "{}", stderr(&restored));
    assert_eq!(canaries(&sh.data), 0);
    assert_eq!(sh.ok(&["stats", "--json"]), stats);
    assert!(sh.ok(&["case", "list"]).contains("Fam Rönn"));
    let check = sh.run(&["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
}

/// A store an earlier restore set aside holds the case too: it is
/// rewritten without it, in pieces, and kept.
#[test]
fn a_store_set_aside_by_a_restore_is_rewritten_without_the_case() {
    let (sh, code) = seeded();
    let restored = sh.run(&["restore"]);
    assert_eq!(restored.status.code(), Some(0), "{}", stderr(&restored));
    let aside = || {
        std::fs::read_dir(&sh.data)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().contains("db.before-restore-"))
            .collect::<Vec<_>>()
    };
    let before = aside();
    assert_eq!(before.len(), 1, "{before:?}");
    assert!(
        canaries(&before[0]) > 0,
        "the store set aside holds the case"
    );
    sh.ok(&["purge", &code, "--yes"]);
    assert_eq!(canaries(&sh.data), 0);
    assert_eq!(aside(), before, "kept, under its name");
    let holds = |dir: &Path, text: &str| {
        std::fs::read_dir(dir).unwrap().flatten().any(|e| {
            std::fs::read(e.path())
                .is_ok_and(|b| b.windows(text.len()).any(|w| w == text.as_bytes()))
        })
    };
    assert!(holds(&before[0], "Fam Rönn"), "the other cases stay in it");
}

#[test]
fn an_open_case_or_one_that_owes_is_refused_in_one_line_and_nothing_changes() {
    let (sh, _) = seeded();
    let records = sh.records();
    let store = Store::open(&sh.data).unwrap();
    let family_of = |family: &str| {
        let (codes, _) = store
            .summaries_as(|f| (f.case.body.family == family).then(|| f.code().to_string()))
            .unwrap();
        codes.into_iter().flatten().next().unwrap()
    };
    let (open, unfollowed) = (family_of("Fam Rönn"), family_of("Fam Gran"));
    drop(store);
    for (code, says) in [
        (open.as_str(), "ärendet är inte avslutat"),
        (unfollowed.as_str(), "ingen avslutsuppföljning registrerad"),
        ("2026-999", "2026-999"),
    ] {
        let out = sh.run(&["purge", code, "--yes"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{code}: {err}");
        assert!(err.contains(says), "{code}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
    // Without --yes and no terminal to ask on: refused, nothing removed.
    let out = sh.run(&["purge", &unfollowed]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(sh.records(), records);
}

#[test]
fn a_removal_killed_at_any_step_leaves_the_case_whole_or_removed() {
    for step in ["copied", "whole", "swapped", "backup"] {
        let (sh, code) = seeded();
        let stats = sh.ok(&["stats", "--json"]);
        let out = sh
            .command(&["purge", &code, "--yes"])
            .env("INSATS_TEST_PURGE_ABORT", step)
            .output()
            .unwrap();
        assert_ne!(out.status.code(), Some(0), "{step}: killed");
        // The next command finishes it or undoes it.
        let check = sh.run(&["check"]);
        assert_eq!(check.status.code(), Some(0), "{step}: {}", stdout(&check));
        let listed = sh.ok(&["case", "list"]).contains(&code);
        let left = canaries(&sh.data);
        match step {
            "copied" => assert!(listed && left > 0, "{step}: whole"),
            _ => assert!(!listed && left == 0, "{step}: removed, {left} left"),
        }
        assert_eq!(sh.ok(&["stats", "--json"]), stats, "{step}");
        assert!(!sh.data.join("db.purging").exists(), "{step}");
    }
}

#[test]
fn shared_figures_hold_no_personal_data_and_put_together_count_each_case_once() {
    let (one, code) = seeded();
    one.ok(&["purge", &code, "--yes"]);
    let (two, _) = seeded();
    let (a, b) = (one.path("a.json"), two.path("b.json"));
    one.ok(&["stats", "--share", "-o", a.to_str().unwrap()]);
    two.ok(&["stats", "--share", "-o", b.to_str().unwrap()]);
    let shared = std::fs::read_to_string(&a).unwrap();
    let store = Store::open(&two.data).unwrap();
    let (named, _) = store
        .summaries_as(|f| {
            let case = &f.case.body;
            let mut words = vec![case.code.clone(), case.family.clone()];
            words.extend(case.persons.iter().map(|p| p.alias.clone()));
            words
        })
        .unwrap();
    drop(store);
    for word in named.into_iter().flatten().filter(|w| w.len() > 2) {
        assert!(!shared.contains(&word), "{word} in {shared}");
    }
    assert!(!shared.contains(CANARY) && !shared.contains("Hembesök"));
    // No day: a date is a month at the finest.
    let bytes = shared.as_bytes();
    let day = bytes.windows(10).any(|w| {
        w.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
    });
    assert!(!day, "{shared}");
    let json = |out: &str| -> serde_json::Value { serde_json::from_str(out).unwrap() };
    let closed = |v: &serde_json::Value| v["closed"].as_u64().unwrap();
    let alone = json(&one.ok(&["stats", "--json"]));
    let (pa, pb) = (a.to_str().unwrap(), b.to_str().unwrap());
    let both = json(&one.ok(&["stats", pa, pb, "--json"]));
    assert_eq!(closed(&both), 2 * closed(&alone));
    let out = one.run(&["stats", pa, pa, "--json"]);
    assert_eq!(closed(&json(&stdout(&out))), closed(&alone));
    assert!(stderr(&out).contains("räknas en gång"), "{}", stderr(&out));
}

#[test]
fn a_file_that_is_no_shared_figures_is_named_in_one_line() {
    let sh = Shell {
        lang: "sv",
        ..Shell::new()
    };
    let write = |name: &str, text: &str| {
        let p = sh.path(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    };
    let cases = [
        (
            write("notes.txt", "Hembesök hos familjen."),
            "ingen delad statistikfil",
        ),
        (
            write("cut.json", "{\"insats_shared_stats\": 1, \"figures\": [{"),
            "skadad",
        ),
        (
            write("new.json", "{\"insats_shared_stats\": 9, \"figures\": []}"),
            "nyare insats (format 9)",
        ),
    ];
    for (path, says) in cases {
        let out = sh.run(&["stats", &path]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(says) && err.contains(&path), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
}
