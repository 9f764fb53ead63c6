//! The pty harness itself, proven on small shell programs (and once on the
//! real binary's `--help`), independent of the application's screen.

mod support;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use support::Pty;

fn sh(script: &str, cols: u16, rows: u16) -> Pty {
    Pty::spawn_program("/bin/sh", &["-c", script], &[], cols, rows)
}

/// A process that no longer runs (gone, or a zombie nobody has reaped yet).
fn is_dead(pid: i32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        // The state follows the parenthesised command name.
        Ok(stat) => stat
            .rsplit_once(") ")
            .is_some_and(|(_, rest)| rest.starts_with('Z') || rest.starts_with('X')),
    }
}

fn panic_message(result: std::thread::Result<String>) -> String {
    let payload = result.expect_err("the wait should have panicked");
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

#[test]
fn finds_printed_text_with_non_ascii() {
    let mut pty = sh("printf 'hello å\\n'; sleep 5", 40, 10);
    let screen = pty.wait_for_text("hello å");
    assert!(screen.starts_with("hello å"), "{screen}");
    assert_eq!(pty.row(0), "hello å");
    assert_eq!(pty.find("å"), Some((0, 6)));
    assert!(pty.bytes_read() >= "hello å\r\n".len());
}

#[test]
fn resize_reaches_the_child_and_the_emulator() {
    let mut pty = sh("stty size; read x; stty size; sleep 2", 80, 24);
    pty.wait_for_text("24 80");
    pty.resize(100, 30);
    assert_eq!(pty.vt().size(), (30, 100));
    pty.send("\r");
    pty.wait_for_text("30 100");
}

#[test]
fn bytes_during_counts_idle_and_busy_output() {
    let mut idle = Pty::spawn_program("sleep", &["3"], &[], 80, 24);
    assert_eq!(idle.bytes_during(Duration::from_millis(700)), 0);

    let mut busy = sh("while :; do echo tick; sleep 0.05; done", 80, 24);
    busy.wait_for_text("tick");
    assert!(busy.bytes_during(Duration::from_millis(500)) > 0);
}

#[test]
fn wait_exit_reports_the_exit_code() {
    let mut pty = sh("exit 3", 80, 24);
    assert_eq!(pty.wait_exit(Duration::from_secs(5)), Some(3));
    // Asking again returns the same.
    assert_eq!(pty.wait_exit(Duration::ZERO), Some(3));

    let mut running = Pty::spawn_program("sleep", &["5"], &[], 80, 24);
    assert_eq!(running.wait_exit(Duration::from_millis(200)), None);
}

#[test]
fn sigterm_ends_a_sleeping_child() {
    let mut pty = Pty::spawn_program("sleep", &["30"], &[], 80, 24);
    assert!(pty.pid().is_some());
    pty.signal(libc::SIGTERM);
    let status = pty
        .wait_exit_status(Duration::from_secs(5))
        .expect("sleep ends on SIGTERM");
    assert!(status.signal().is_some(), "{status}");
}

#[test]
fn closing_the_master_hangs_up_the_child() {
    let mut pty = Pty::spawn_program("cat", &[], &[], 80, 24);
    pty.send("ping\r");
    // The terminal's echo, then cat's copy.
    pty.wait_for(Duration::from_secs(5), |s| s.matches("ping").count() == 2);
    pty.close_master();
    assert!(pty.wait_exit(Duration::from_secs(5)).is_some());
}

#[test]
fn keys_are_encoded_as_an_xterm_sends_them() {
    let mut pty = sh("stty raw -echo; printf 'ready\\r\\n'; cat -vT", 80, 24);
    pty.wait_for_text("ready");
    for key in [
        "down",
        "tab",
        "shift-tab",
        "ctrl-s",
        "f1",
        "pagedown",
        "å",
        "X",
    ] {
        pty.send_key(key);
    }
    pty.wait_for_text("^[[B^I^[[Z^S^[OP^[[6~M-CM-%X");
}

#[test]
fn application_cursor_mode_changes_the_arrows() {
    let mut pty = sh(
        "stty raw -echo; printf '\\033[?1hready\\r\\n'; cat -v",
        80,
        24,
    );
    pty.wait_for_text("ready");
    assert!(pty.vt().application_cursor());
    pty.send_key("up");
    pty.wait_for_text("^[OA");
}

#[test]
fn cursor_position_queries_are_answered() {
    let mut pty = sh("stty raw -echo; printf 'abc\\033[6n'; cat -v", 80, 24);
    // The reply, typed back into cat, names row 1, column 4.
    pty.wait_for_text("^[[1;4R");
}

#[test]
fn a_failed_wait_panics_with_the_screen() {
    let mut pty = sh("echo visible; sleep 5", 40, 5);
    pty.wait_for_text("visible");
    let started = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| {
        pty.wait_for(Duration::from_millis(300), |s| s.contains("never"))
    }));
    let message = panic_message(result);
    assert!(message.contains("timed out"), "{message}");
    assert!(message.contains("  0|visible"), "{message}");
    assert!(started.elapsed() < Duration::from_secs(4));

    // When the output ends, a wait fails at once instead of timing out.
    let mut done = sh("echo bye", 40, 5);
    let started = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| done.wait_for_text("never")));
    let message = panic_message(result);
    assert!(message.contains("output ended"), "{message}");
    assert!(message.contains("bye"), "{message}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn dropping_kills_the_whole_process_group() {
    let mut pty = sh("sleep 30 & echo \"bg=$!\"; wait", 40, 5);
    let screen = pty.wait_for_text("bg=");
    let bg: i32 = screen
        .split("bg=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|pid| pid.parse().ok())
        .unwrap_or_else(|| panic!("no pid in {screen:?}"));
    let sh_pid = pty.pid().expect("pid") as i32;
    assert!(!is_dead(bg));
    drop(pty);
    let deadline = Instant::now() + Duration::from_secs(5);
    while !(is_dead(bg) && is_dead(sh_pid)) {
        assert!(Instant::now() < deadline, "pid {bg} or {sh_pid} survived");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn the_real_binary_prints_its_usage() {
    let mut pty = Pty::spawn(&["--help"], &[], 100, 40);
    pty.wait_for_text("Usage");
    assert_eq!(pty.wait_exit(Duration::from_secs(10)), Some(0));
}
