//! How insats keeps up with a large store, against the demo in the same
//! run: the demo's 10 cases, and 2,000 cases made from them with 100 notes
//! each and the demo's other records cloned (SPEC §11, issue 11).
//!
//! cargo bench --bench scale            (or: cargo bench --bench scale -- 500)
//!
//! Each figure: the demo's, the large store's, and their ratio. The start
//! and a key are timed in this process (open, read, first frame at 80x24;
//! `↓` and its frame); `insats overdue` and `import` through the release
//! binary, whose peak memory is read from the kernel (`wait4`). A figure
//! timed more than once is timed on the two stores in turn, so that a
//! machine whose speed drifts moves both alike.

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

/// `cases` cases made from the demo's, each with 100 notes and the demo
/// case's other records.
fn large_export(demo: &Export, cases: usize) -> Export {
    let mut out = Export::from_files(Vec::new());
    for n in 0..cases {
        let from = &demo.cases[n % demo.cases.len()];
        let code = format!("{}-{n:04}", from.case);
        let mut case = from.clone();
        case.case = code.clone();
        case.body.code = code.clone();
        out.cases.push(case);
        macro_rules! cloned {
            ($($list:ident),*) => {$(
                for r in demo.$list.iter().filter(|r| r.case == from.case) {
                    let mut r = r.clone();
                    r.case = code.clone();
                    out.$list.push(r);
                }
            )*};
        }
        cloned!(
            plans,
            goals,
            factors,
            reflections,
            incidents,
            ratings,
            reports,
            follow_ups
        );
        let notes: Vec<_> = demo.notes.iter().filter(|r| r.case == from.case).collect();
        for seq in 1..=100u32 {
            let Some(base) = notes.get(seq as usize % notes.len().max(1)) else {
                break;
            };
            let mut r = (*base).clone();
            r.case = code.clone();
            r.seq = seq;
            r.body.date = from.body.start + Days::new(u64::from(seq) * 2);
            out.notes.push(r);
        }
    }
    out
}

/// Imports `export` into a new store in `dir`; the time it took.
fn import(dir: &Path, export: &Export) -> Duration {
    let store = Store::open(dir).unwrap();
    let start = Instant::now();
    store.import(export).unwrap();
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

/// One start to its first frame: with nothing written since the last
/// session kept the caseload (`kept`), or after a write elsewhere (every
/// summary read, the caseload made and kept).
fn start(dir: &Path, kept: bool, keymap: &Keymap) -> Duration {
    if !kept {
        let _ = std::fs::remove_file(dir.join("caseload"));
    }
    let t = Instant::now();
    // As the screen opens: the caseload made ready while sled opens.
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

/// Runs `each` on the demo and the large store in turn, `times` times
/// each, and gives the two medians (ms): a machine whose speed drifts
/// (a virtual one) moves both alike, not the one measured second.
fn in_turn(
    times: usize,
    mut each: impl FnMut(&Path) -> Duration,
    small: &Path,
    large: &Path,
) -> (f64, f64) {
    let (mut s, mut l) = (Vec::new(), Vec::new());
    for _ in 0..times {
        s.push(each(small));
        l.push(each(large));
    }
    (spread(s).0, spread(l).0)
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

/// [`screen_memory`] of a start that makes the caseload from the summaries.
fn screen_memory_unkept(dir: &Path) -> f64 {
    let _ = std::fs::remove_file(dir.join("caseload"));
    screen_memory(dir)
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

/// The parts of a start before the first frame (ms, median of 9 opens):
/// opening sled, reading the caseload kept for the day, and reading every
/// case's summary instead (as a start after a write elsewhere does).
fn start_parts(dir: &Path) -> (f64, f64, f64) {
    let rules = Rules::default();
    // Kept, as a session's exit leaves it.
    let store = Store::open(dir).unwrap();
    store.caseload_on(today(), &rules).unwrap();
    drop(store);
    let (mut opened, mut kept, mut every) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..9 {
        let t = Instant::now();
        let store = Store::open(dir).unwrap();
        opened.push(t.elapsed());
        // Timed to the value read; letting it go is not.
        let t = Instant::now();
        let cases = std::hint::black_box(store.caseload_on(today(), &rules).unwrap());
        kept.push(t.elapsed());
        drop(cases);
        let t = Instant::now();
        let summaries = std::hint::black_box(store.load_summaries().unwrap());
        every.push(t.elapsed());
        drop(summaries);
    }
    (spread(opened).0, spread(kept).0, spread(every).0)
}

fn row(what: &str, small: f64, large: f64, unit: &str) {
    let ratio = if small > 0.0 { large / small } else { 0.0 };
    println!("| {what} | {small:.2} {unit} | {large:.2} {unit} | {ratio:.1}× |");
}

fn main() {
    if std::env::var_os("INSATS_BENCH_PEAK").is_some() {
        return helper();
    }
    if let Some(dir) = std::env::var_os("INSATS_BENCH_SCREEN") {
        screen_child(Path::new(&dir));
        return;
    }
    let cases: usize = std::env::args()
        .filter_map(|a| a.parse().ok())
        .next()
        .unwrap_or(2000);
    let seeded = tempfile::tempdir().unwrap();
    let demo = demo_export(seeded.path());
    let large = large_export(&demo, cases);
    let (small_dir, large_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let small_import = import(small_dir.path(), &demo);
    let large_import = import(large_dir.path(), &large);
    if let Some(keep) = std::env::var_os("INSATS_BENCH_KEEP") {
        // A copy of the large store to try by hand: `--data-dir` it.
        let status = Command::new("cp")
            .arg("-r")
            .arg(large_dir.path())
            .arg(&keep)
            .status()
            .unwrap();
        assert!(
            status.success(),
            "could not copy the large store to {keep:?}"
        );
    }
    // The first start after the import builds the summaries, once.
    let t = Instant::now();
    Store::open(large_dir.path())
        .unwrap()
        .load_summaries()
        .unwrap();
    let built = t.elapsed();
    println!(
        "demo: {} cases, {} records; large: {} cases, {} records (summaries built once in {:.0} ms)\n",
        demo.cases.len(),
        demo.record_count(),
        large.cases.len(),
        large.record_count(),
        ms(built)
    );
    let (s_open, s_kept, s_read) = start_parts(small_dir.path());
    let (l_open, l_kept, l_read) = start_parts(large_dir.path());
    println!(
        "of a start (median of 9): opening sled {s_open:.1} ms (demo) and {l_open:.1} ms \
         (large); reading the kept caseload {s_kept:.1} ms and {l_kept:.1} ms (the screen \
         reads it while sled opens); reading every summary instead {s_read:.1} ms and \
         {l_read:.1} ms\n"
    );
    let (small, large) = (small_dir.path(), large_dir.path());
    let keymap = Keymap::load(None, None).unwrap();
    // Start to first frame, median of 15 each, the two stores in turn.
    let (s_written, l_written) = in_turn(15, |d| start(d, false, &keymap), small, large);
    // As the last session's exit, an `insats overdue` or the starts above
    // leave it.
    let (s_start, l_start) = in_turn(15, |d| start(d, true, &keymap), small, large);
    let ((s_key, s_p99), (l_key, l_p99)) = (keys(small), keys(large));
    let (s_first, l_first) = (first_overdue(small), first_overdue(large));
    // After the first: median of 15 each, in turn; the peak memory of one.
    let (s_over, l_over) = in_turn(15, |d| run(d, &["overdue"]).0, small, large);
    let (s_over_mb, l_over_mb) = (run(small, &["overdue"]).1, run(large, &["overdue"]).1);
    let (s_next, l_next) = (next_day_overdue(small), next_day_overdue(large));
    println!("| | demo | {cases} × 100 | ratio |\n|---|---|---|---|");
    row("start to first frame (80x24)", s_start, l_start, "ms");
    row(
        "same, after a write elsewhere (every summary read, the caseload kept)",
        s_written,
        l_written,
        "ms",
    );
    row("a key (↓) to its frame, median", s_key, l_key, "ms");
    row("same, p99", s_p99, l_p99, "ms");
    row("`insats overdue`", s_over, l_over, "ms");
    row(
        "peak memory, screen",
        screen_memory(small_dir.path()),
        screen_memory(large_dir.path()),
        "MB",
    );
    row(
        "same, no caseload kept (after a write elsewhere)",
        screen_memory_unkept(small_dir.path()),
        screen_memory_unkept(large_dir.path()),
        "MB",
    );
    row("peak memory, `overdue`", s_over_mb, l_over_mb, "MB");
    row("import", ms(small_import), ms(large_import), "ms");
    row(
        "first `overdue` of the day (takes the backup)",
        s_first.0,
        l_first.0,
        "ms",
    );
    row("same, peak memory", s_first.1, l_first.1, "MB");
    row(
        "the next day's first, nothing written since",
        s_next.0,
        l_next.0,
        "ms",
    );
    row("same, peak memory", s_next.1, l_next.1, "MB");
    // Reads every record, a case at a time, and the newest backup whole.
    let (s_check, l_check) = (
        run(small_dir.path(), &["check"]),
        run(large_dir.path(), &["check"]),
    );
    row("`insats check`", ms(s_check.0), ms(l_check.0), "ms");
    row("same, peak memory", s_check.1, l_check.1, "MB");
    // The list and the follow-up statistics (every closed case read whole,
    // a fifth of the large store's).
    for (what, args) in [
        ("`insats case list`", &["case", "list"][..]),
        ("`insats stats`", &["stats"][..]),
    ] {
        let (small, large) = (run(small_dir.path(), args), run(large_dir.path(), args));
        row(what, ms(small.0), ms(large.0), "ms");
        row("same, peak memory", small.1, large.1, "MB");
    }
}
