//! The open screen answers the shell: with the screen open in a pty, a
//! second process runs each command and gets, byte for byte, the output
//! and exit status the same command gives with no screen open. Also: 20
//! notes at once, each saved once and shown; a stopped screen said within
//! 3 s and a note queued; a screen killed with kill -9 blocks nothing.

mod support;

use std::io::Write;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use support::pty::BIN;
use support::{Fixture, Pty, fixture};

const CASE: &str = "2026-105";
const CLOSED: &str = "2026-109";

fn screen(f: &Fixture) -> Pty {
    let mut pty = f.spawn("en", &[], 80, 24);
    pty.wait_for_text("due soon");
    // The socket is there before the lock says "screen".
    assert!(Path::new(&f.data).join("sock").exists());
    pty
}

/// `insats ARGS` on the fixture's store, from `cwd`, with `stdin`.
fn run_in(f: &Fixture, cwd: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let lang: &[&str] = if args.contains(&"--lang") {
        &[]
    } else {
        &["--lang", "en"]
    };
    let mut child = Command::new(BIN)
        .args(["--data-dir", &f.data, "--today", "2026-11-22"])
        .args(lang)
        .args(args)
        .current_dir(cwd)
        .env("INSATS_CONFIG_DIR", &f.config)
        .env("INSATS_WORKER", "AS")
        .env_remove("INSATS_DATA_DIR")
        .env_remove("INSATS_TODAY")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    child.wait_with_output().unwrap()
}

/// `insats ARGS` with its standard output on `/dev/full`.
fn to_a_full_disk(f: &Fixture, args: &[&str]) -> Output {
    Command::new(BIN)
        .args([
            "--data-dir",
            &f.data,
            "--today",
            "2026-11-22",
            "--lang",
            "en",
        ])
        .args(args)
        .env("INSATS_CONFIG_DIR", &f.config)
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap()
}

fn run(f: &Fixture, args: &[&str]) -> Output {
    run_in(f, Path::new(&f.data), args, None)
}

fn shown(o: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}\n--- stderr\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The commands compared, in order; the writes keep both stores in step.
/// A note without its text on the command line has it on stdin.
const COMMANDS: &[&[&str]] = &[
    &["overdue"],
    &["overdue", "--json"],
    &["case", "list"],
    &["report", CASE],
    &["report", CASE, "--kind", "fas1", "--format", "text"],
    &["report", "2026-999"],
    &["report", CASE, "--from", "2026-12-01", "--to", "2026-11-01"],
    &["stats"],
    &["stats", "--json"],
    &["purge", "--log"],
    &["export"],
    &["export", "-o", "out.json"],
    &["check"],
    &["keys"],
    &["note", "2026-999", "-m", "no such case"],
    &["note", CLOSED, "-m", "closed case"],
    &["note", CASE, "--date", "2027-05-01", "-m", "after today"],
    &["note", CASE, "--date", "not-a-date", "-m", "bad date"],
    &[
        "note",
        CASE,
        "--date",
        "2020-01-01",
        "-m",
        "before the start",
    ],
    &["note", CASE, "--place", "månen", "-m", "bad place"],
    &["note", CASE, "-m", "saved from the shell"],
    &["note", CASE, "-m", "-"],
    &["note", CASE],
    &["journal"],
    &["journal", CASE, "--format", "md"],
    &["journal", "2026-999", "--mark"],
    &["journal", CASE, "--mark", "--through", "2026-11-20"],
    &["journal", CASE],
    &["case", "add", "2026-120", "--family", "Fam Ny"],
    &["case", "add", "2026-120", "--family", "Fam Ny"],
    &["case", "add", "bad", "--family", "Fam Ny"],
    &["overdue"],
    &["case", "list"],
    &["report", CASE, "--format", "text"],
    // In another language than the screen's.
    &["--lang", "sv", "overdue"],
    &[
        "--lang",
        "sv",
        "note",
        "2026-999",
        "-m",
        "inget sådant ärende",
    ],
    &["--lang", "sv", "note", CLOSED, "-m", "avslutat"],
    &["--lang", "sv", "report", CASE, "--from", "2026-12-01"],
];

fn each_command(f: &Fixture, cwd: &Path) -> Vec<(String, Output)> {
    COMMANDS
        .iter()
        .map(|args| {
            let from_stdin = *args == ["note", CASE] || args.last() == Some(&"-");
            let stdin = from_stdin.then_some("text from standard input\n");
            (args.join(" "), run_in(f, cwd, args, stdin))
        })
        .collect()
}

#[test]
fn every_command_answered_by_the_screen_equals_the_command_alone() {
    let alone = fixture();
    let served = fixture();
    let (cwd_alone, cwd_served) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let want = each_command(&alone, cwd_alone.path());

    let full_alone = to_a_full_disk(&alone, &["report", CASE]);

    let mut pty = screen(&served);
    let got = each_command(&served, cwd_served.path());
    for ((what, want), (_, got)) in want.iter().zip(&got) {
        assert_eq!(shown(got), shown(want), "insats {what}");
    }
    // An output that cannot be written is said as by the command alone.
    assert_eq!(
        shown(&to_a_full_disk(&served, &["report", CASE])),
        shown(&full_alone)
    );
    // The file written by `export -o` is where the command was run.
    let file = |d: &tempfile::TempDir| std::fs::read(d.path().join("out.json")).unwrap();
    assert_eq!(file(&cwd_served), file(&cwd_alone));
    // The note saved from the shell shows in the open screen.
    pty.send_key("5");
    // (The notes pane shows a note's first words beside its writer.)
    pty.wait_for_text_within(Duration::from_secs(2), "text from standard");
    pty.send_key("q");
    assert_eq!(pty.expect_exit(Duration::from_secs(5)), 0);
    assert!(!Path::new(&served.data).join("sock").exists());
}

#[test]
fn the_note_editor_says_the_screen_is_open_and_names_the_other_forms() {
    let f = fixture();
    let mut pty = screen(&f);
    let mut editor = f.spawn("en", &["note", CASE], 80, 24);
    let said = editor.wait_for_text("is open");
    assert!(said.contains("-m TEXT"), "{said}");
    assert!(said.contains("standard input"), "{said}");
    assert_eq!(editor.expect_exit(Duration::from_secs(5)), 2);
    pty.send_key("q");
    assert_eq!(pty.expect_exit(Duration::from_secs(5)), 0);
}

#[test]
fn another_version_gets_a_clear_line() {
    let f = fixture();
    let mut pty = screen(&f);
    let mut s = UnixStream::connect(Path::new(&f.data).join("sock")).unwrap();
    s.write_all(b"{\"insats_serve\":1,\"version\":\"0.0.0\",\"command\":\"Keys\"}\n")
        .unwrap();
    let mut answer = String::new();
    std::io::Read::read_to_string(&mut s, &mut answer).unwrap();
    let v: serde_json::Value = serde_json::from_str(answer.trim()).unwrap();
    assert_eq!(v["answer"], "other_version", "{answer}");
    assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));
    pty.send_key("q");
    assert_eq!(pty.expect_exit(Duration::from_secs(5)), 0);
}

/// How many notes of the store hold `text`.
fn notes_saying(f: &Fixture, text: &str) -> usize {
    let out = run(f, &["export"]);
    assert!(out.status.success(), "{}", shown(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["body"]["text"] == text)
        .count()
}

#[test]
fn twenty_notes_at_once_are_each_saved_once_and_shown() {
    let f = fixture();
    let mut pty = screen(&f);
    pty.send_key("5");
    let runs: Vec<_> = (0..20)
        .map(|i| {
            let (data, config) = (f.data.clone(), f.config.clone());
            thread::spawn(move || {
                Command::new(BIN)
                    .args(["--data-dir", &data, "--today", "2026-11-22", "--lang", "en"])
                    .args(["note", CASE, "-m", &format!("parallel-{i}")])
                    .env("INSATS_CONFIG_DIR", &config)
                    .output()
                    .unwrap()
            })
        })
        .collect();
    for (i, r) in runs.into_iter().enumerate() {
        let out = r.join().unwrap();
        assert!(out.status.success(), "note {i}: {}", shown(&out));
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            said.contains("saved"),
            "note {i} not saved by the screen: {said}"
        );
    }
    // Each shows in the screen: the last saved within the second, and
    // the notes pane counts them all.
    let last = Instant::now();
    let out = run(&f, &["note", CASE, "-m", "the last"]);
    assert!(out.status.success(), "{}", shown(&out));
    pty.wait_for_text_within(Duration::from_secs(1), "the last");
    eprintln!(
        "a note saved through the screen shown {:?} after",
        last.elapsed()
    );
    pty.send_key("q");
    assert_eq!(pty.expect_exit(Duration::from_secs(5)), 0);
    for i in 0..20 {
        assert_eq!(
            notes_saying(&f, &format!("parallel-{i}")),
            1,
            "parallel-{i}"
        );
    }
}

#[test]
fn a_stopped_screen_is_said_within_three_seconds_and_a_note_queued() {
    let f = fixture();
    let mut pty = screen(&f);
    pty.signal(libc::SIGSTOP);
    let began = Instant::now();
    let out = run(&f, &["overdue"]);
    let took = began.elapsed();
    assert!(took < Duration::from_secs(3), "took {took:?}");
    assert_eq!(out.status.code(), Some(2), "{}", shown(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not answering"),
        "{}",
        shown(&out)
    );
    let began = Instant::now();
    let out = run(&f, &["note", CASE, "-m", "while stopped"]);
    assert!(began.elapsed() < Duration::from_secs(3));
    assert!(out.status.success(), "{}", shown(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("queued"));
    pty.signal(libc::SIGCONT);
    // Taken in from the inbox, not also saved from the request the
    // stopped screen found waiting on its socket.
    pty.send_key("5");
    pty.wait_for_text_within(Duration::from_secs(4), "while stopped");
    thread::sleep(Duration::from_millis(500));
    pty.send_key("q");
    assert_eq!(pty.expect_exit(Duration::from_secs(5)), 0);
    assert_eq!(notes_saying(&f, "while stopped"), 1);
}

#[test]
fn a_socket_left_by_kill_9_blocks_nothing() {
    let f = fixture();
    let mut pty = screen(&f);
    pty.signal(libc::SIGKILL);
    pty.wait_exit(Duration::from_secs(5))
        .expect("the screen is gone");
    assert!(Path::new(&f.data).join("sock").exists());
    let began = Instant::now();
    let out = run(&f, &["overdue"]);
    assert!(began.elapsed() < Duration::from_secs(3));
    assert_eq!(out.status.code(), Some(1), "{}", shown(&out));
    let out = run(&f, &["note", CASE, "-m", "after the kill"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("saved"),
        "{}",
        shown(&out)
    );
    // A new screen replaces the socket and answers on it.
    let mut pty = screen(&f);
    let out = run(&f, &["case", "list"]);
    assert!(out.status.success(), "{}", shown(&out));
    pty.send_key("q");
    assert_eq!(pty.expect_exit(Duration::from_secs(5)), 0);
}

/// Run as another user by `another_uid_is_refused_in_one_line`: connects
/// to the socket named in `INSATS_TEST_SOCKET` and prints what comes back.
/// Does nothing in a plain run.
#[test]
fn connect_as_another_user() {
    let Some(path) = std::env::var_os("INSATS_TEST_SOCKET") else {
        return;
    };
    let mut s = UnixStream::connect(path).unwrap();
    let _ = s.write_all(b"{}\n");
    let mut answer = String::new();
    let _ = std::io::Read::read_to_string(&mut s, &mut answer);
    println!("ANSWER:{answer}:END");
}

#[test]
fn another_uid_is_refused_in_one_line() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    // SAFETY: getuid cannot fail.
    if unsafe { libc::getuid() } != 0 {
        eprintln!("skipped: only root can connect as another uid (the check is unit-tested)");
        return;
    }
    let f = fixture();
    let mut pty = screen(&f);
    // Let another user reach the socket: only the screen's own check of
    // the peer's uid is left to refuse it.
    let data = Path::new(&f.data);
    let open = |p: &Path, mode| std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode));
    open(data.parent().unwrap(), 0o711).unwrap();
    open(data, 0o711).unwrap();
    open(&data.join("sock"), 0o666).unwrap();
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "connect_as_another_user", "--nocapture"])
        .args(["--test-threads", "1"])
        .env("INSATS_TEST_SOCKET", data.join("sock"))
        .uid(65534)
        .gid(65534)
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&out.stdout);
    let answer = printed
        .split("ANSWER:")
        .nth(1)
        .and_then(|a| a.split(":END").next())
        .unwrap_or_else(|| panic!("{printed}\n{}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(answer.lines().count(), 1, "{answer:?}");
    assert!(
        answer.contains("refused") && answer.contains("65534"),
        "{answer:?}"
    );
    open(data, 0o700).unwrap();
    pty.send_key("q");
    assert_eq!(pty.expect_exit(Duration::from_secs(5)), 0);
}
