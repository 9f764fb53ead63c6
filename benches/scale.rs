//! How insats keeps up with a large caseload: a store of many cases, each
//! with a year of notes and reflections, then the work of a start and of a
//! keystroke. Medians of repeated runs, in milliseconds.
//!
//! cargo bench --bench scale            (or: cargo bench --bench scale -- 1000)

use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate, NaiveTime};
use insats::app::{Action, App};
use insats::domain::case::{Case, Place};
use insats::domain::due::{Rules, due_items};
use insats::domain::note::{GoalScore, IsoWeek, Note, Participant, Reflection};
use insats::domain::record::Record;
use insats::i18n::Lang;
use insats::keymap::Keymap;
use insats::store::Store;
use insats::ui::{Theme, View, render_buffer};

fn median(mut runs: Vec<Duration>) -> f64 {
    runs.sort();
    runs[runs.len() / 2].as_secs_f64() * 1000.0
}

fn time<T>(n: usize, mut f: impl FnMut() -> T) -> f64 {
    median(
        (0..n)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(f());
                start.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let cases: usize = std::env::args()
        .filter_map(|a| a.parse().ok())
        .next()
        .unwrap_or(300);
    let today: NaiveDate = "2026-11-22".parse().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let start = today - Days::new(365);
    let at = start.and_time(NaiveTime::MIN);
    let mut records = 0;
    for c in 0..cases {
        let code = format!("2026-{c:04}");
        let mut case = Case::new(&code, &format!("Fam {c}"), start);
        case.workers = vec![format!("W{}", c % 7)];
        case.phase_forward(start + Days::new(42));
        store
            .insert_case(&Record::new(&code, 0, case, "AS", at))
            .unwrap();
        for week in 0..52u64 {
            let date = start + Days::new(week * 7 + 2);
            let note = Note {
                date,
                start: NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
                minutes: 60,
                place: Place::Home,
                participants: vec![Participant::Parent],
                child_took_part: week % 2 == 0,
                child_words: String::new(),
                text: "Hembesök. ".repeat(40),
                goals: vec![],
            };
            store.add(&code, note, "AS", at).unwrap();
            if week >= 6 && week % 3 != 0 {
                let r = Reflection {
                    week: IsoWeek::of(date),
                    date,
                    participants: vec![],
                    scores: vec![GoalScore {
                        goal: 1,
                        score: (week % 10) as u8,
                        text: "ok".into(),
                    }],
                    system_view: String::new(),
                    child_voice: String::new(),
                    next_step: "fortsätt".into(),
                };
                store.add(&code, r, "AS", at).unwrap();
                records += 1;
            }
            records += 1;
        }
    }
    store.flush().unwrap();
    drop(store);
    println!("{cases} cases, {records} notes and reflections");

    let load = time(5, || {
        Store::open(dir.path())
            .unwrap()
            .load_all()
            .unwrap()
            .files
            .len()
    });
    println!("open the store and read everything: {load:.1} ms");
    let store = Store::open(dir.path()).unwrap();
    let files = store.load_all().unwrap().files;
    let rules = Rules::default();
    let due = time(20, || {
        files
            .iter()
            .map(|f| due_items(f, today, &rules).len())
            .sum::<usize>()
    });
    println!("every due item of every case: {due:.2} ms");
    let mut app = App::new(store, today, rules, "AS".into(), Lang::Sv).unwrap();
    let keymap = Keymap::load(None, None).unwrap();
    let frame = time(20, || {
        render_buffer(
            &View {
                app: &app,
                keymap: &keymap,
                theme: Theme { color: true },
            },
            120,
            36,
        )
    });
    println!("one frame of the main screen, 120x36: {frame:.2} ms");
    let now = today.and_hms_opt(12, 0, 0).unwrap();
    let key = time(20, || {
        app.update(Action::Down, now);
        render_buffer(
            &View {
                app: &app,
                keymap: &keymap,
                theme: Theme { color: true },
            },
            120,
            36,
        )
    });
    println!("a key (down) and its frame: {key:.2} ms");
}
