//! How insats keeps up as a store grows, in one run: the demo's 10 cases,
//! a realistic caseload (60 cases, the demo's made again, with 100 notes
//! each and the demo's other records) and a stress store (2,000 such
//! cases). A worker carries 8–15 families; with closed cases removed, a
//! store holds tens of cases: the stress store must still work, slower
//! but without a cliff.
//!
//! cargo bench --bench scale            (or: cargo bench --bench scale -- 500)
//!
//! Each figure: the demo's, then each store's with its ratio to the
//! demo's. The start and a key are timed in this process (open, read,
//! first frame at 80x24; `↓` and its frame); the commands through the
//! release binary, whose peak memory is read from the kernel (`wait4`).
//! A figure timed more than once is timed on the stores in turn, so that
//! a machine whose speed drifts moves all alike.

mod support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use insats::app::{Action, App};
use insats::domain::due::Rules;
use insats::i18n::Lang;
use insats::keymap::Keymap;
use insats::store::Store;
use insats::store::export::Export;
use insats::ui::{Theme, View, render_buffer};

const BIN: &str = env!("CARGO_BIN_EXE_insats");
const TODAY: &str = "2026-11-22";

fn today() -> NaiveDate {
    TODAY.parse().unwrap()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The median and the 99th percentile of some runs, in ms.
fn spread(mut runs: Vec<Duration>) -> (f64, f64) {
    runs.sort();
    let p99 = runs[(runs.len() * 99 / 100).min(runs.len() - 1)];
    (ms(runs[runs.len() / 2]), ms(p99))
}

/// The demo's records, as an export.
fn demo_export(dir: &Path) -> Export {
    let store = Store::open(dir).unwrap();
    insats::demo::seed(&store, today()).unwrap();
    let (export, _) = store.export().unwrap();
    export
}

/// Imports `export`, as JSON in memory, into a new store in `dir`; the
/// time it took.
fn import(dir: &Path, export: &Export) -> Duration {
    let store = Store::open(dir).unwrap();
    let json = serde_json::to_vec(export).unwrap();
    let start = Instant::now();
    store.import_from(|| Ok(json.as_slice())).unwrap().unwrap();
    store.flush().unwrap();
    start.elapsed()
}

fn frame(app: &App, keymap: &Keymap) -> usize {
    let view = View {
        app,
        keymap,
        theme: Theme { color: true },
    };
    render_buffer(&view, 80, 24).content.len()
}

/// One start to its first frame, as the screen opens.
fn start(dir: &Path, keymap: &Keymap) -> Duration {
    let t = Instant::now();
    let app = App::open(
        dir,
        Store::open,
        today(),
        Rules::default(),
        "AS".into(),
        Lang::Sv,
    )
    .unwrap();
    std::hint::black_box(frame(&app, keymap));
    t.elapsed()
}

/// Runs `each` on every store in turn, `times` times each, and gives
/// the medians (ms): a machine whose speed drifts (a virtual one) moves
/// all alike, not the one measured last.
fn in_turn(times: usize, mut each: impl FnMut(&Path) -> Duration, dirs: &[&Path]) -> Vec<f64> {
    let mut runs = vec![Vec::new(); dirs.len()];
    for _ in 0..times {
        for (dir, runs) in dirs.iter().zip(&mut runs) {
            runs.push(each(dir));
        }
    }
    runs.into_iter().map(|r| spread(r).0).collect()
}

/// `↓` to its frame, down the list and back up (median, p99).
fn keys(dir: &Path) -> (f64, f64) {
    let keymap = Keymap::load(None, None).unwrap();
    let store = Store::open(dir).unwrap();
    let mut app = App::new(store, today(), Rules::default(), "AS".into(), Lang::Sv).unwrap();
    let now = today().and_hms_opt(12, 0, 0).unwrap();
    let mut keys = Vec::new();
    for i in 0..400 {
        // Down the list, and back up from its end.
        let action = if (i / app.visible.len().max(2).saturating_sub(1)).is_multiple_of(2) {
            Action::Down
        } else {
            Action::Up
        };
        let t = Instant::now();
        app.update(action, now);
        std::hint::black_box(frame(&app, &keymap));
        keys.push(t.elapsed());
    }
    spread(keys)
}

/// Runs a command to its end: its time and peak memory (MB).
// wait4 reaps the child: no zombie is left.
#[allow(clippy::zombie_processes)]
fn measured(cmd: &mut Command) -> (Duration, f64) {
    let t = Instant::now();
    let child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is our child's, not yet waited for; both pointers
    // are to live locals.
    unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    (t.elapsed(), usage.ru_maxrss as f64 / 1024.0)
}

/// Runs a command from a small helper process (this bench, started
/// afresh): a child started from this large process would count its peak
/// memory as its own (Linux keeps the peak across exec). Its time and peak
/// memory (MB).
fn helped(program: &Path, args: &[&str], envs: &[(&str, &Path)]) -> (Duration, f64) {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.env("INSATS_BENCH_PEAK", "1").arg(program).args(args);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    let mut words = said.split_whitespace().map(|w| w.parse::<f64>().unwrap());
    let (micros, mb) = (words.next().unwrap(), words.next().unwrap());
    (Duration::from_micros(micros as u64), mb)
}

/// In the helper: runs the command of its arguments, says its time (µs)
/// and peak memory (MB).
fn helper() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (time, mb) = measured(
        Command::new(&args[0])
            .args(&args[1..])
            .env_remove("INSATS_BENCH_PEAK"),
    );
    println!("{} {mb:.2}", time.as_micros());
}

/// Runs the binary on the store in `dir`.
fn run(dir: &Path, args: &[&str]) -> (Duration, f64) {
    run_on(dir, TODAY, args)
}

/// Runs the binary on the store in `dir` on the day `today`.
fn run_on(dir: &Path, today: &str, args: &[&str]) -> (Duration, f64) {
    let mut all = vec![
        "--data-dir",
        dir.to_str().unwrap(),
        "--today",
        today,
        "--lang",
        "en",
    ];
    all.extend_from_slice(args);
    helped(
        Path::new(BIN),
        &all,
        &[("INSATS_CONFIG_DIR", &dir.join("no-config"))],
    )
}

/// `insats overdue`, the day's first: its time and memory (it takes the
/// day's backup, which reads every record).
fn first_overdue(dir: &Path) -> (f64, f64) {
    let first = run(dir, &["overdue"]);
    (ms(first.0), first.1)
}

/// The next day's first `insats overdue`, with nothing written since (the
/// backup is checked and linked, not taken): its time and memory.
fn next_day_overdue(dir: &Path) -> (f64, f64) {
    let next_day = (today() + Days::new(1)).to_string();
    let next = run_on(dir, &next_day, &["overdue"]);
    (ms(next.0), next.1)
}

/// Peak memory (MB) of the screen: a process of this bench that starts
/// the screen, moves 50 keys and ends.
fn screen_memory(dir: &Path) -> f64 {
    let me = std::env::current_exe().unwrap();
    helped(&me, &[], &[("INSATS_BENCH_SCREEN", dir)]).1
}

fn screen_child(dir: &Path) {
    let keymap = Keymap::load(None, None).unwrap();
    let store = Store::open(dir).unwrap();
    let mut app = App::new(store, today(), Rules::default(), "AS".into(), Lang::Sv).unwrap();
    let now = today().and_hms_opt(12, 0, 0).unwrap();
    frame(&app, &keymap);
    for _ in 0..50 {
        app.update(Action::Down, now);
        frame(&app, &keymap);
    }
}

/// One row: the demo's figure, then each store's with its ratio.
fn row(what: &str, figures: &[f64], unit: &str) {
    let mut line = format!("| {what} | {:.2} {unit} |", figures[0]);
    for f in &figures[1..] {
        let ratio = if figures[0] > 0.0 {
            f / figures[0]
        } else {
            0.0
        };
        line += &format!(" {f:.2} {unit} | {ratio:.1}× |");
    }
    println!("{line}");
}

fn main() {
    if std::env::var_os("INSATS_BENCH_PEAK").is_some() {
        return helper();
    }
    if let Some(dir) = std::env::var_os("INSATS_BENCH_SCREEN") {
        screen_child(Path::new(&dir));
        return;
    }
    let stress: usize = std::env::args()
        .filter_map(|a| a.parse().ok())
        .next()
        .unwrap_or(2000);
    let seeded = tempfile::tempdir().unwrap();
    let demo = demo_export(seeded.path());
    let exports = [
        demo.clone(),
        support::large_export(&demo, 60),
        support::large_export(&demo, stress),
    ];
    let dirs: Vec<tempfile::TempDir> = exports
        .iter()
        .map(|_| tempfile::tempdir().unwrap())
        .collect();
    let paths: Vec<&Path> = dirs.iter().map(|d| d.path()).collect();
    let imports: Vec<f64> = (exports.iter().zip(&paths))
        .map(|(e, d)| ms(import(d, e)))
        .collect();
    if let Some(keep) = std::env::var_os("INSATS_BENCH_KEEP") {
        // A copy of the stress store to try by hand: `--data-dir` it.
        let status = Command::new("cp")
            .arg("-r")
            .arg(paths[2])
            .arg(&keep)
            .status()
            .unwrap();
        assert!(status.success(), "could not copy the store to {keep:?}");
    }
    // The first start after an import builds the summaries, once.
    for dir in &paths {
        Store::open(dir).unwrap().load_summaries().unwrap();
    }
    let counts: Vec<String> = (exports.iter())
        .map(|e| format!("{} cases, {} records", e.cases.len(), e.record_count()))
        .collect();
    println!(
        "demo: {}; realistic: {}; stress: {}\n",
        counts[0], counts[1], counts[2]
    );
    let keymap = Keymap::load(None, None).unwrap();
    let starts = in_turn(15, |d| start(d, &keymap), &paths);
    let keys: Vec<(f64, f64)> = paths.iter().map(|d| keys(d)).collect();
    // The day's first `overdue` takes the day's backup, reading every record.
    let first: Vec<(f64, f64)> = paths.iter().map(|d| first_overdue(d)).collect();
    let overdue = in_turn(15, |d| run(d, &["overdue"]).0, &paths);
    let next: Vec<(f64, f64)> = paths.iter().map(|d| next_day_overdue(d)).collect();
    println!("| | demo | 60 × 100 | ratio | {stress} × 100 | ratio |\n|---|---|---|---|---|---|");
    row("start to first frame (80x24)", &starts, "ms");
    row(
        "a key (↓) to its frame, median",
        &keys.iter().map(|k| k.0).collect::<Vec<_>>(),
        "ms",
    );
    row(
        "same, p99",
        &keys.iter().map(|k| k.1).collect::<Vec<_>>(),
        "ms",
    );
    row("`insats overdue`", &overdue, "ms");
    row("import", &imports, "ms");
    let screen: Vec<f64> = paths.iter().map(|d| screen_memory(d)).collect();
    row("peak memory, screen", &screen, "MB");
    row(
        "first `overdue` of the day (takes the backup)",
        &first.iter().map(|f| f.0).collect::<Vec<_>>(),
        "ms",
    );
    row(
        "same, peak memory",
        &first.iter().map(|f| f.1).collect::<Vec<_>>(),
        "MB",
    );
    row(
        "the next day's first, nothing written since",
        &next.iter().map(|f| f.0).collect::<Vec<_>>(),
        "ms",
    );
    row(
        "same, peak memory",
        &next.iter().map(|f| f.1).collect::<Vec<_>>(),
        "MB",
    );
    let report_case = format!("{}-0000", demo.cases[0].case);
    for (what, args) in [
        ("`insats overdue`, peak memory", &["overdue"][..]),
        ("`insats check`", &["check"][..]),
        ("`insats case list`", &["case", "list"][..]),
        ("`insats stats`", &["stats"][..]),
        ("`insats export`", &["export"][..]),
        (
            "`insats report` (one case)",
            &["report", report_case.as_str()][..],
        ),
    ] {
        let runs: Vec<(Duration, f64)> = paths.iter().map(|d| run(d, args)).collect();
        if !what.ends_with("peak memory") {
            row(
                what,
                &runs.iter().map(|r| ms(r.0)).collect::<Vec<_>>(),
                "ms",
            );
        }
        row(
            if what.ends_with("peak memory") {
                what
            } else {
                "same, peak memory"
            },
            &runs.iter().map(|r| r.1).collect::<Vec<_>>(),
            "MB",
        );
    }
}
