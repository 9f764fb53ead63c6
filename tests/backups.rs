//! Backups, restore and import against what a fault or a mistake does to
//! them: a restore cut off, input that never ends.

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
fn input_that_is_no_regular_file_or_too_large_is_refused_in_one_line() {
    let sh = with_notes(1);
    let fifo = sh.path("fifo");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid C string, a mode.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let large = sh.path("large.json");
    std::fs::File::create(&large)
        .unwrap()
        .set_len(65 << 20)
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
    assert!(stderr(&out).contains("64 MB"), "{}", stderr(&out));
    assert_eq!(sh.records(), 2);
}
