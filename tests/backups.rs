//! Backups, restore and import against what a fault or a mistake does to
//! them: a restore cut off, a record too large to read back, input that
//! never ends.

mod shell;

use std::time::Duration;

use shell::{Shell, assert_one_line, bounded, stderr};

/// Case 2026-001 with `n` notes: a backup after each write.
fn with_notes(n: usize) -> Shell {
    let sh = Shell::new();
    sh.add_case();
    for i in 0..n {
        sh.ok(&["note", "2026-001", "-m", &format!("Hembesök {i}.")]);
    }
    sh
}

#[test]
fn a_restore_cut_off_half_way_leaves_the_store_as_it_was() {
    let sh = with_notes(6);
    let before = sh.records();
    let mut cut = sh.command(&["restore"]);
    cut.env("INSATS_TEST_RESTORE_KILL_AFTER", "3");
    let (out, _) = bounded(cut, Duration::from_secs(60));
    assert!(!out.status.success(), "{}", stderr(&out));
    // The next command finds the restore cut off and undoes it.
    let list = sh.ok(&["case", "list"]);
    assert!(list.contains("2026-001"), "{list}");
    assert_eq!(sh.records(), before);
    assert!(!sh.data.join("db.restoring").exists());
    // A restore let run to its end brings back every record.
    sh.ok(&["restore"]);
    assert_eq!(sh.records(), before);
    let said = sh.ok(&["check"]);
    assert!(!said.contains("damaged"), "{said}");
}

#[test]
fn a_record_too_large_to_read_back_is_refused_at_import() {
    let sh = with_notes(1);
    let mut export: serde_json::Value = serde_json::from_str(&sh.ok(&["export"])).unwrap();
    export["notes"][0]["body"]["text"] = "x".repeat(33 << 20).into();
    let file = sh.path("large.json");
    std::fs::write(&file, export.to_string()).unwrap();
    let other = Shell::new();
    let out = other.run(&["import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_one_line(&out, "a record of 33 MB");
    assert!(stderr(&out).contains("32 MB"), "{}", stderr(&out));
    // Nothing of the file was taken, and backups go on.
    assert_eq!(other.records(), 0);
    other.add_case();
    assert!(other.ok(&["backups"]).contains("insats-"));
}

#[test]
fn input_that_is_no_regular_file_or_too_large_is_refused_in_one_line() {
    let sh = with_notes(1);
    let fifo = sh.path("fifo");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid C string, a mode.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let large = sh.path("large.json");
    std::fs::File::create(&large)
        .unwrap()
        .set_len((1 << 30) + 1)
        .unwrap();
    let (fifo, large) = (fifo.to_str().unwrap(), large.to_str().unwrap());
    for args in [
        ["import", "/dev/zero"],
        ["import", fifo],
        ["import", large],
        ["restore", "/dev/zero"],
        ["restore", fifo],
    ] {
        let (out, took) = bounded(sh.command(&args), Duration::from_secs(20));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert_one_line(&out, &format!("{args:?}"));
        assert!(took < Duration::from_secs(10), "{args:?} took {took:?}");
    }
    let out = sh.run(&["import", large]);
    assert!(stderr(&out).contains("1024 MB"), "{}", stderr(&out));
    assert_eq!(sh.records(), 2);
}

/// How many backups `insats backups` lists.
fn backups(sh: &Shell) -> usize {
    sh.ok(&["backups"]).matches("insats-").count()
}

#[test]
fn a_wrong_date_deletes_no_backup() {
    let mut sh = Shell::new();
    sh.today = "2026-11-14";
    sh.add_case();
    for day in [
        "2026-11-15",
        "2026-11-16",
        "2026-11-17",
        "2026-11-18",
        "2026-11-19",
        "2026-11-20",
        "2026-11-21",
        "2026-11-22",
    ] {
        sh.today = day;
        sh.ok(&["note", "2026-001", "-m", &format!("Hembesök {day}.")]);
    }
    let before = backups(&sh);
    assert!(before >= 8, "{before}");
    // A case added under a date ten years on: a backup taken then, and
    // the others pruned as ten years old.
    sh.today = "2036-11-22";
    sh.ok(&["case", "add", "2026-002", "--family", "Fam B"]);
    sh.today = "2026-11-23";
    sh.ok(&["note", "2026-001", "-m", "Hembesök, rätt dag."]);
    assert!(backups(&sh) >= before, "{}", sh.ok(&["backups"]));
}

#[test]
fn restore_takes_the_newest_backup_whatever_the_clock_said() {
    let mut sh = with_notes(0);
    let note = |sh: &Shell, tz: &str, text: &str| {
        let mut cmd = sh.command(&["note", "2026-001", "-m", text]);
        cmd.env("TZ", tz);
        let (out, _) = bounded(cmd, Duration::from_secs(60));
        assert!(out.status.success(), "{}", stderr(&out));
    };
    // Stockholm is an hour ahead of UTC in November; then a day behind.
    note(&sh, "Europe/Stockholm", "Under Stockholm's clock.");
    note(&sh, "UTC", "Under UTC.");
    sh.today = "2026-11-21";
    note(&sh, "UTC", "A day behind.");
    sh.today = "2026-11-22";
    sh.ok(&["restore"]);
    let back = sh.ok(&["export"]);
    for text in ["Under Stockholm's clock.", "Under UTC.", "A day behind."] {
        assert!(back.contains(text), "{text} lost: {back}");
    }
}

#[test]
fn a_store_that_cannot_be_backed_up_says_so() {
    let sh = with_notes(2);
    {
        let db = sled::Config::new().path(sh.data.join("db")).open().unwrap();
        let notes = db.open_tree("notes").unwrap();
        let (key, _) = notes.first().unwrap().unwrap();
        notes.insert(key, b"\x01\x00garbage".as_slice()).unwrap();
        db.flush().unwrap();
    }
    let out = sh.run(&["note", "2026-001", "-m", "Efter skadan."]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("no backup could be written"), "{err}");
    assert!(err.contains("insats check"), "{err}");
}
