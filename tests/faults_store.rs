//! Faults under the store: damaged files, a full disk, a store that does
//! not answer, and the modes of everything insats writes.

mod support;

mod shell;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use insats::domain::case::{Case, Place};
use insats::domain::note::Note;
use insats::domain::record::Record;
use insats::store::{Store, record_key};
use shell::{Shell, assert_one_line, bounded, stderr, stdout};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(date: &str, h: u32, m: u32, s: u32) -> NaiveDateTime {
    d(date).and_time(NaiveTime::from_hms_opt(h, m, s).unwrap())
}

fn note(text: String) -> Note {
    Note {
        date: d("2026-11-20"),
        start: NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
        minutes: 60,
        place: Place::Home,
        participants: vec![],
        child_took_part: false,
        child_words: String::new(),
        text,
        goals: vec![],
    }
}

/// The name of the backup [`healthy_store`] leaves.
const BACKUP: &str = "insats-2026-11-22-000001.backup";

/// Three cases, twelve short notes and ten of 60 KB (a leaf of which sled
/// keeps in a file of its own), and a backup of it all. Returns its export.
fn healthy_store(sh: &Shell) -> String {
    let store = Store::open(&sh.data).unwrap();
    let when = at("2026-09-01", 9, 0, 0);
    for code in ["2026-001", "2026-002", "2026-003"] {
        let case = Case::new(code, "Fam", d("2026-09-01"));
        store
            .insert_case(&Record::new(code, 0, case, "ab", when))
            .unwrap();
    }
    for i in 0..12 {
        let code = ["2026-001", "2026-002", "2026-003"][i % 3];
        store
            .add(code, note(format!("Hembesök nummer {i}.")), "ab", when)
            .unwrap();
    }
    for i in 0..10 {
        let text = format!("Lång anteckning {i}: {}", "ord ".repeat(15_000));
        store.add("2026-001", note(text), "ab", when).unwrap();
    }
    store.flush().unwrap();
    store
        .write_backup(at("2026-11-22", 0, 0, 1))
        .unwrap()
        .unwrap();
    drop(store);
    sh.ok(&["export"])
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            files_under(&entry.path(), out);
        } else {
            out.push(entry.path());
        }
    }
}

/// The kinds of damage: a flipped bit at three places, the file cut to
/// half and its last 100 bytes cut, a zeroed 4 KiB block at the start and
/// in the middle.
const DAMAGE: [&str; 7] = [
    "flip-start",
    "flip-middle",
    "flip-end",
    "cut-half",
    "cut-tail",
    "zero-start",
    "zero-middle",
];

fn damage(file: &Path, kind: &str) {
    let mut bytes = fs::read(file).unwrap();
    let n = bytes.len();
    if n == 0 {
        return;
    }
    let zero = |bytes: &mut Vec<u8>, from: usize| {
        let end = (from + 4096).min(bytes.len());
        bytes[from..end].fill(0);
    };
    match kind {
        "flip-start" => bytes[16.min(n - 1)] ^= 0x10,
        "flip-middle" => bytes[n / 2] ^= 0x01,
        "flip-end" => bytes[n.saturating_sub(17)] ^= 0x80,
        "cut-half" => bytes.truncate(n / 2),
        "cut-tail" => bytes.truncate(n.saturating_sub(100)),
        "zero-start" => zero(&mut bytes, 0),
        "zero-middle" => zero(&mut bytes, (n / 2) & !4095),
        _ => unreachable!(),
    }
    fs::write(file, bytes).unwrap();
}

/// Every file of a healthy store, each kind of damage: no panic, no hang,
/// one clear line when it cannot be opened (naming the backup and the
/// restore), and `insats restore` brings back everything in the backup.
#[test]
fn the_damage_corpus() {
    let healthy = Shell::new();
    let export = healthy_store(&healthy);
    let records = healthy.records();
    let mut files = Vec::new();
    files_under(&healthy.data.join("db"), &mut files);
    assert!(
        files
            .iter()
            .any(|f| f.to_string_lossy().contains("/blobs/")),
        "no blob files: {files:?}"
    );
    let (mut copies, mut clean, mut named, mut unopened, mut restored) = (0, 0, 0, 0, 0);
    let mut recovered = 0;
    for file in &files {
        let rel = file.strip_prefix(&healthy.data).unwrap();
        for kind in DAMAGE {
            let what = format!("{} {kind}", rel.display());
            let sh = Shell::new();
            copy_dir(&healthy.data, &sh.data);
            damage(&sh.data.join(rel), kind);
            copies += 1;
            let (out, _) = bounded(sh.command(&["check"]), Duration::from_secs(60));
            let err = stderr(&out);
            assert!(!err.contains("panicked"), "{what}: {err}");
            assert!(
                !err.contains("corrupted data") && !err.contains("backtrace"),
                "{what}: sled's words: {err}"
            );
            match out.status.code() {
                Some(0) => clean += 1,
                Some(1) => {
                    named += 1;
                    assert!(stdout(&out).lines().count() > 1, "{what}: names nothing");
                }
                Some(3) => {
                    unopened += 1;
                    assert_one_line(&out, &what);
                    assert!(
                        err.contains("damaged and cannot be opened"),
                        "{what}: {err}"
                    );
                    assert!(err.contains(BACKUP), "{what}: {err}");
                    assert!(err.contains("insats restore"), "{what}: {err}");
                }
                other => panic!("{what}: exit {other:?}: {err}"),
            }
            let out = sh.run(&["restore"]);
            assert_eq!(out.status.code(), Some(0), "{what}: {}", stderr(&out));
            let said = stdout(&out);
            assert!(said.contains("moved to"), "{what}: {said}");
            assert!(
                fs::read_dir(&sh.data).unwrap().any(|e| e
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with("db.before-restore-")),
                "{what}: the damaged store was not kept"
            );
            let out = sh.run(&["check"]);
            assert_eq!(out.status.code(), Some(0), "{what}: {}", stdout(&out));
            assert_eq!(sh.ok(&["export"]), export, "{what}: not all came back");
            restored += 1;
            recovered += sh.records();
        }
    }
    println!(
        "damage corpus: {copies} damaged copies of {} files; {} opened ({clean} whole, {named} naming damaged or missing records), {unopened} could not be opened; {restored} restored, {recovered} of {} records recovered",
        files.len(),
        clean + named,
        copies * records
    );
    assert_eq!(restored, copies);
    assert_eq!(recovered, copies * records);
}

/// Writes a value that does not decode under a note's key, with sled
/// itself, as a damaged page would leave it.
fn damage_one_note(data: &Path, case: &str, seq: u32) {
    let db = support::raw_db(&data.join("db"));
    let notes = db.open_tree("notes").unwrap();
    let key = record_key(case, seq);
    assert!(notes.get(&key).unwrap().is_some());
    notes.insert(key, b"\x01\x00garbage".as_slice()).unwrap();
    db.flush().unwrap();
}

#[test]
fn check_names_the_damaged_record_and_salvage_exports_the_rest() {
    let sh = Shell::new();
    sh.add_case();
    for text in ["ett", "två"] {
        sh.ok(&["note", "2026-001", "-m", text]);
    }
    // A small store is backed up after every command that wrote.
    sh.ok(&["note", "2026-001", "-m", "tre"]);
    damage_one_note(&sh.data, "2026-001", 2);
    let out = sh.run(&["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(said.contains("notes 2026-001/2"), "{said}");
    // The backup taken after the last note holds it: check says so.
    assert!(said.contains("missing from the store"), "{said}");

    let file = sh.path("salvage.json");
    let out = sh.run(&["check", "--salvage", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Salvaged 3 records"),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("notes 2026-001/2"),
        "{}",
        stderr(&out)
    );
    let v: serde_json::Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    let texts: Vec<&str> = v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["body"]["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["ett", "tre"]);
    assert_eq!(
        fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );

    // A store with a damaged record is not backed up over its backup, and
    // the restore brings the note back.
    let out = sh.run(&["restore"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(sh.run(&["check"]).status.code(), Some(0));
    assert!(sh.ok(&["export"]).contains("\"två\""));
}

#[test]
fn backups_are_listed_newest_first_and_one_is_chosen_by_name() {
    let mut sh = Shell::new();
    let none = sh.ok(&["backups"]);
    assert!(none.contains("No backups yet"), "{none}");
    // The day before: a small store is backed up after every write (the
    // case's and the note's backups are one when taken in one second).
    sh.today = "2026-11-21";
    sh.add_case();
    sh.ok(&["note", "2026-001", "-m", "samma dag, nyare kopia"]);
    sh.today = "2026-11-22";
    let mut day_before: Vec<String> = fs::read_dir(sh.data.join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    day_before.sort();
    assert!((1..=2).contains(&day_before.len()), "{day_before:?}");
    let older = [day_before.pop().unwrap()];
    sh.ok(&["note", "2026-001", "-m", "efter första kopian"]);
    let list = sh.ok(&["backups"]);
    let lines: Vec<&str> = list.lines().skip(1).collect();
    assert_eq!(lines.len(), 2 + day_before.len(), "{list}");
    assert!(lines[0].contains("3 records"), "{list}");
    assert!(
        lines[1].contains(&older[0]) && lines[1].contains("2 records"),
        "{list}"
    );
    // Back to the older one: the note goes, into the store moved aside, and
    // the newer backup is set aside, not deleted.
    let out = sh.run(&["restore", &older[0]]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(sh.records(), 2);
    let aside = fs::read_dir(sh.data.join("backups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir())
        .expect("the newer backup is kept in a folder of its own");
    assert_eq!(fs::read_dir(aside).unwrap().count(), 1);
    // A backup with a flipped byte is refused before anything is moved.
    let b = sh.data.join("backups").join(&older[0]);
    let mut bytes = fs::read(&b).unwrap();
    let i = bytes.len() / 2;
    bytes[i] ^= 1;
    fs::write(&b, bytes).unwrap();
    let out = sh.run(&["restore", &older[0]]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_one_line(&out, "a damaged backup");
    assert!(stderr(&out).contains("checksum"), "{}", stderr(&out));
    assert!(sh.ok(&["backups"]).contains("DAMAGED"));
}

#[test]
fn a_damaged_store_is_named_in_swedish_with_its_backup() {
    let mut sh = Shell::new();
    sh.lang = "sv";
    sh.add_case();
    let db = sh.data.join("db").join("conf");
    fs::write(&db, b"").unwrap();
    let mut files = Vec::new();
    files_under(&sh.data.join("db"), &mut files);
    for f in files {
        if f.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("snap.")
        {
            damage(&f, "zero-start");
        }
    }
    damage(&sh.data.join("db").join("db"), "zero-start");
    let out = sh.run(&["case", "list"]);
    if out.status.code() == Some(3) {
        assert_one_line(&out, "sv");
        let err = stderr(&out);
        assert!(err.contains("är skadat och kan inte öppnas"), "{err}");
        assert!(err.contains("insats restore"), "{err}");
    }
    let out = sh.run(&["restore"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Återställde 1 poster"),
        "{}",
        stdout(&out)
    );
}

// --- A full disk ---------------------------------------------------------

/// A write refused for want of room: within the bound, in numbers, the
/// store as it was; and everything that only reads still works.
#[test]
fn a_full_disk_refuses_writes_in_time_and_still_reads() {
    let sh = Shell::new();
    sh.add_case();
    sh.ok(&["note", "2026-001", "-m", "före"]);
    let before = sh.ok(&["export"]);
    for args in [
        &["note", "2026-001", "-m", "efter"][..],
        &["case", "add", "2026-002", "--family", "F"],
    ] {
        let mut c = sh.command(args);
        c.env("INSATS_TEST_FREE_BYTES", "300000");
        let (out, took) = bounded(c, Duration::from_secs(30));
        assert_eq!(out.status.code(), Some(3), "{args:?}: {}", stderr(&out));
        assert!(took < Duration::from_secs(5), "{args:?} took {took:?}");
        assert_one_line(&out, &format!("{args:?}"));
        let err = stderr(&out);
        let expect = format!("MB needed, 0.2 MB free in {}", sh.data.display());
        assert!(
            err.contains("the disk is full: 1.") && err.contains(&expect),
            "{err}"
        );
        assert!(err.contains("nothing was saved"), "{err}");
    }
    assert_eq!(sh.ok(&["export"]), before);
    let other = sh.path("rescue.json");
    for args in [
        &["overdue"][..],
        &["case", "list"],
        &["check"],
        &["export", "-o", other.to_str().unwrap()],
    ] {
        let mut c = sh.command(args);
        c.env("INSATS_TEST_FREE_BYTES", "300000");
        let (out, _) = bounded(c, Duration::from_secs(30));
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert!(fs::read_to_string(&other).unwrap().contains("före"));
}

/// sled cannot even open on a full disk: reading goes to a copy elsewhere,
/// which is removed after; writing is refused.
#[test]
fn a_store_that_cannot_open_for_want_of_room_is_still_read() {
    let sh = Shell::new();
    sh.add_case();
    sh.ok(&["note", "2026-001", "-m", "läsbar"]);
    let scratch = || -> Vec<String> {
        ["/dev/shm".into(), std::env::temp_dir()]
            .iter()
            .filter_map(|d| fs::read_dir(d).ok())
            .flatten()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("insats-read-"))
            .collect()
    };
    let before = scratch();
    let full = |args: &[&str]| {
        let mut c = sh.command(args);
        c.env("INSATS_TEST_OPEN_ENOSPC", "1");
        bounded(c, Duration::from_secs(30)).0
    };
    let out = full(&["export"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("läsbar"));
    assert!(
        stderr(&out).contains("reading from a copy"),
        "{}",
        stderr(&out)
    );
    for args in [&["overdue"][..], &["case", "list"], &["check"]] {
        let out = full(args);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    let out = full(&["note", "2026-001", "-m", "skrivs inte"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the disk is full"),
        "{}",
        stderr(&out)
    );
    // (Copies left by killed sessions may have been cleared meanwhile.)
    let left = scratch();
    assert!(
        left.iter().all(|c| before.contains(c)),
        "a copy was left behind: {left:?}"
    );
    assert_eq!(sh.records(), 2);
}

/// A flush that never returns (sled on a full disk) is reported within
/// seconds, and the process ends.
#[test]
fn a_store_that_does_not_answer_is_reported_within_seconds() {
    let sh = Shell::new();
    sh.add_case();
    let mut c = sh.command(&["note", "2026-001", "-m", "fastnar"]);
    c.env("INSATS_TEST_STALL_FLUSH", "1");
    let (out, took) = bounded(c, Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_one_line(&out, "stalled");
    assert!(
        stderr(&out).contains("did not answer within 5 seconds"),
        "{}",
        stderr(&out)
    );
    assert!(took < Duration::from_secs(9), "took {took:?}");
}

/// A write that never returns (sled waiting for room inside a
/// transaction) is bounded like the flush: reported within seconds, the
/// process ends, and the store is as it was.
#[test]
fn a_write_that_does_not_return_is_reported_within_seconds() {
    let sh = Shell::new();
    sh.add_case();
    let before = sh.ok(&["export"]);
    for args in [
        &["note", "2026-001", "-m", "fastnar i skrivningen"][..],
        &["case", "add", "2026-002", "--family", "F"],
    ] {
        let mut c = sh.command(args);
        c.env("INSATS_TEST_STALL_WRITE", "1");
        let (out, took) = bounded(c, Duration::from_secs(30));
        assert_eq!(out.status.code(), Some(3), "{args:?}: {}", stderr(&out));
        assert_one_line(&out, "stalled write");
        assert!(
            stderr(&out).contains("did not answer within 5 seconds"),
            "{}",
            stderr(&out)
        );
        assert!(took < Duration::from_secs(9), "{args:?} took {took:?}");
    }
    assert_eq!(sh.ok(&["export"]), before);
}

/// Unmounts the small filesystem however the test ends.
struct Mounted(PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// The real thing, where the machine lets a test mount a 3 MB tmpfs (as
/// root): notes of 40 KB until the disk is full. Every command ends within
/// seconds, every acknowledged note is there, and reading still works.
#[test]
fn a_small_real_filesystem_fills_up_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let mnt = tmp.path().join("small");
    fs::create_dir(&mnt).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=3m", "tmpfs"])
        .arg(&mnt)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        println!(
            "skipped: cannot mount a small tmpfs here (not root?); the injected tests cover it"
        );
        return;
    }
    let _guard = Mounted(mnt.clone());
    let sh = Shell::at(&mnt.join("data"));
    sh.add_case();
    let text = "ord ".repeat(10_000);
    let mut saved = 0;
    let mut refused = None;
    for _ in 0..100 {
        let (out, took) = bounded(
            sh.command(&["note", "2026-001", "-m", &text]),
            Duration::from_secs(30),
        );
        assert!(took < Duration::from_secs(8), "a note took {took:?}");
        match out.status.code() {
            Some(0) => saved += 1,
            Some(3) => {
                refused = Some(stderr(&out));
                break;
            }
            other => panic!("exit {other:?}: {}", stderr(&out)),
        }
    }
    let refused = refused.expect("3 MB never filled");
    assert!(refused.contains("the disk is full"), "{refused}");
    assert!(refused.contains("nothing was saved"), "{refused}");
    println!("small filesystem: {saved} notes of 40 KB saved, then: {refused}");
    // Reading while full, and a rescue to another filesystem.
    let rescue = tmp.path().join("rescue.json");
    let out = sh.run(&["export", "-o", rescue.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&fs::read_to_string(&rescue).unwrap()).unwrap();
    assert_eq!(v["notes"].as_array().unwrap().len(), saved);
    assert!(matches!(sh.run(&["overdue"]).status.code(), Some(0 | 1)));
    assert_eq!(sh.run(&["check"]).status.code(), Some(0));
}

// --- Modes ---------------------------------------------------------------

fn modes_under(dir: &Path, wrong: &mut Vec<String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let mode = entry.metadata().unwrap().permissions().mode() & 0o777;
        let want = if entry.file_type().unwrap().is_dir() {
            modes_under(&entry.path(), wrong);
            0o700
        } else {
            0o600
        };
        if mode != want {
            wrong.push(format!("{} {mode:o}", entry.path().display()));
        }
    }
}

#[test]
fn everything_written_is_private_under_umask_000() {
    let sh = Shell::new();
    let umask0 = |args: &[&str]| {
        let mut c = std::process::Command::new("sh");
        c.arg("-c")
            .arg("umask 000; exec \"$@\"")
            .arg("sh")
            .arg(shell::BIN)
            .args(sh.command(args).get_args());
        for (k, v) in sh.command(args).get_envs() {
            match v {
                Some(v) => c.env(k, v),
                None => c.env_remove(k),
            };
        }
        let (out, _) = bounded(c, Duration::from_secs(60));
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {}",
            stderr(&out)
        );
    };
    umask0(&[
        "case",
        "add",
        "2026-001",
        "--family",
        "F",
        "--start",
        "2026-09-01",
    ]);
    umask0(&["note", "2026-001", "-m", "privat"]);
    let export = sh.path("export.json");
    let report = sh.path("report.md");
    let salvage = sh.path("salvage.json");
    umask0(&["export", "-o", export.to_str().unwrap()]);
    umask0(&["report", "2026-001", "-o", report.to_str().unwrap()]);
    umask0(&["check", "--salvage", salvage.to_str().unwrap()]);
    umask0(&["restore"]);
    assert_eq!(
        fs::metadata(&sh.data).unwrap().permissions().mode() & 0o777,
        0o700
    );
    let mut wrong = Vec::new();
    modes_under(&sh.data, &mut wrong);
    for f in [&export, &report, &salvage] {
        let mode = fs::metadata(f).unwrap().permissions().mode() & 0o777;
        if mode != 0o600 {
            wrong.push(format!("{} {mode:o}", f.display()));
        }
    }
    assert!(wrong.is_empty(), "not private: {wrong:?}");
    assert!(sh.data.join("backups").is_dir());
    assert!(fs::read_dir(&sh.data).unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with("db.before-restore-")
    }));
}

/// As an open on a disk with 0 bytes free leaves it: sled began a snapshot
/// and could not write a byte of it.
#[test]
fn a_snapshot_left_empty_by_a_full_disk_does_not_make_the_store_unopenable() {
    let sh = Shell::new();
    let before = healthy_store(&sh);
    let db = sh.data.join("db");
    let last = fs::read_dir(&db)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| u64::from_str_radix(n.strip_prefix("snap.")?, 16).ok())
        .max()
        .unwrap_or(0);
    let leftover = db.join(format!("snap.{:016X}.generating", last + 0x1000));
    fs::write(&leftover, b"").unwrap();
    assert_eq!(sh.ok(&["export"]), before);
    let said = sh.ok(&["check"]);
    assert!(said.contains("whole"), "{said}");
    assert!(!leftover.exists());
}
