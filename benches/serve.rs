//! The open screen answering the shell (`src/cli/serve.rs`), measured on
//! the release binary:
//!
//! - `insats overdue` answered by the screen against the same command
//!   with no screen open, median of 20, on the demo store and on a stress
//!   store (the demo's cases made again, 2,000 by default);
//! - the longest stall of the screen's typing while commands run against
//!   it from another window: a key typed into the note editor every
//!   20 ms, each timed until the terminal shows it, while a second thread
//!   runs `overdue`, `export`, `report` and `note -m` one after another
//!   (and, to compare, with no command running). A key is timed from its
//!   write to the pty until the cursor moves in the terminal read back
//!   through vt100: the harness's own latency is in it.
//!
//! cargo bench --bench serve            (or: cargo bench --bench serve -- 500)

mod support;

use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use insats::store::Store;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const BIN: &str = env!("CARGO_BIN_EXE_insats");
const TODAY: &str = "2026-11-22";

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut runs: Vec<Duration>) -> f64 {
    runs.sort();
    ms(runs[runs.len() / 2])
}

/// The demo's records, and a store of `cases` cases made from them.
fn stores(cases: usize) -> (tempfile::TempDir, tempfile::TempDir) {
    let demo = tempfile::tempdir().unwrap();
    let store = Store::open(demo.path()).unwrap();
    insats::demo::seed(&store, TODAY.parse::<NaiveDate>().unwrap()).unwrap();
    let (export, _) = store.export().unwrap();
    drop(store);
    let out = support::large_export(&export, cases);
    let stress = tempfile::tempdir().unwrap();
    let store = Store::open(stress.path()).unwrap();
    let json = serde_json::to_vec(&out).unwrap();
    store.import_from(|| Ok(json.as_slice())).unwrap().unwrap();
    store.flush().unwrap();
    store.load_summaries().unwrap();
    drop(store);
    (demo, stress)
}

fn insats(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .arg("--data-dir")
        .arg(dir)
        .args(["--today", TODAY, "--lang", "en"])
        .args(args)
        .env("INSATS_WORKER", "AS")
        .output()
        .unwrap()
}

fn overdue_runs(dir: &Path) -> Vec<Duration> {
    (0..20)
        .map(|_| {
            let t = Instant::now();
            let out = insats(dir, &["overdue"]);
            let took = t.elapsed();
            assert!(out.status.code().unwrap_or(9) < 2, "{out:?}");
            took
        })
        .collect()
}

/// The screen in a pty, its output parsed as a terminal shows it.
struct Screen {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Screen {
    fn open(dir: &Path) -> Screen {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(["--data-dir", &dir.display().to_string(), "--today", TODAY]);
        cmd.args(["--lang", "en"]);
        cmd.env("TERM", "xterm-256color");
        cmd.env("INSATS_WORKER", "AS");
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0)));
        let theirs = parser.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                theirs.lock().unwrap().process(&buf[..n]);
            }
        });
        let mut screen = Screen {
            child,
            writer,
            parser,
            _master: pair.master,
        };
        screen.wait(Duration::from_secs(30), |s| {
            s.contents().contains("due soon")
        });
        assert!(dir.join("sock").exists(), "the screen does not listen");
        screen
    }

    fn wait(&mut self, limit: Duration, done: impl Fn(&vt100::Screen) -> bool) -> Duration {
        let t = Instant::now();
        loop {
            if done(self.parser.lock().unwrap().screen()) {
                return t.elapsed();
            }
            assert!(t.elapsed() < limit, "the screen did not show it");
            std::thread::sleep(Duration::from_micros(200));
        }
    }

    fn send(&mut self, keys: &[u8]) {
        self.writer.write_all(keys).unwrap();
        self.writer.flush().unwrap();
    }

    fn cursor(&self) -> (u16, u16) {
        self.parser.lock().unwrap().screen().cursor_position()
    }

    fn close(mut self) {
        self.send(b"\x1b");
        std::thread::sleep(Duration::from_millis(300));
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The longest wait for a typed key to show, and how many keys, while
/// commands run against the screen (or, without `requests`, none do).
fn typing_stall(dir: &Path, case: &str, requests: bool) -> (f64, usize, usize) {
    let mut screen = Screen::open(dir);
    // The draft the run before left, killed with its text: discarded.
    std::thread::sleep(Duration::from_millis(300));
    if screen
        .parser
        .lock()
        .unwrap()
        .screen()
        .contents()
        .contains("Draft from")
    {
        screen.send(b"d");
        screen.wait(Duration::from_secs(10), |s| {
            !s.contents().contains("Draft from")
        });
    }
    // The note editor on the selected case: typing goes to its text.
    screen.send(b"n");
    screen.wait(Duration::from_secs(10), |s| {
        s.contents().contains("Note · ")
    });
    std::thread::sleep(Duration::from_millis(300));
    let busy = Arc::new(AtomicBool::new(requests));
    let (theirs, dir2, case) = (busy.clone(), dir.to_path_buf(), case.to_string());
    let requests = std::thread::spawn(move || {
        let mut n = 0;
        let mut i = 0;
        while theirs.load(Ordering::SeqCst) {
            let args: &[&str] = match i % 4 {
                0 => &["overdue"],
                1 => &["export"],
                2 => &["report", &case],
                _ => &["note", &case, "-m", "from the other window"],
            };
            let out = insats(&dir2, args);
            assert!(out.status.code().unwrap_or(9) < 2, "{args:?}: {out:?}");
            i += 1;
            n += 1;
        }
        n
    });
    let mut longest = Duration::ZERO;
    let mut keys = 0;
    let began = Instant::now();
    while began.elapsed() < Duration::from_secs(10) {
        let before = screen.cursor();
        let key: &[u8] = if keys % 2 == 0 { b"x" } else { b"\x7f" };
        screen.send(key);
        let t = Instant::now();
        loop {
            if screen.cursor() != before {
                break;
            }
            assert!(t.elapsed() < Duration::from_secs(10), "a key never showed");
            std::thread::sleep(Duration::from_micros(200));
        }
        longest = longest.max(t.elapsed());
        if t.elapsed() > Duration::from_millis(50) {
            eprintln!(
                "  a key waited {:.0} ms, {:.1} s in",
                ms(t.elapsed()),
                began.elapsed().as_secs_f64()
            );
        }
        keys += 1;
        std::thread::sleep(Duration::from_millis(20));
    }
    busy.store(false, Ordering::SeqCst);
    let requests = requests.join().unwrap();
    screen.close();
    (ms(longest), keys, requests)
}

fn main() {
    let cases: usize = std::env::args()
        .filter_map(|a| a.parse().ok())
        .next()
        .unwrap_or(2000);
    let (demo, stress) = stores(cases);
    for (name, dir) in [("demo", demo.path()), ("stress", stress.path())] {
        let alone = median(overdue_runs(dir));
        let screen = Screen::open(dir);
        let served = median(overdue_runs(dir));
        screen.close();
        println!(
            "insats overdue, {name} store: alone {alone:.1} ms, answered by the screen {served:.1} ms (median of 20)"
        );
    }
    // The case each store's screen opens on, its most overdue.
    let cases = [
        ("demo", demo.path(), "2026-105"),
        ("stress", stress.path(), "2026-105-0004"),
    ];
    for (name, dir, case) in cases {
        let (idle, _, _) = typing_stall(dir, case, false);
        let (longest, keys, requests) = typing_stall(dir, case, true);
        println!(
            "typing, {name} store: longest wait for a key {idle:.1} ms with no command, {longest:.1} ms while commands run ({keys} keys, {requests} commands)"
        );
    }
}
