//! A start on the caseload the store kept (each case by its record, its
//! due items given) shows what a start on every case's summary shows: the
//! same screens, every case selected in turn, in every sort, with the
//! overdue view, on the day and on the next.

use chrono::{Days, NaiveDate, NaiveDateTime};
use insats::app::{Action, App};
use insats::domain::due::Rules;
use insats::i18n::Lang;
use insats::keymap::Keymap;
use insats::store::Store;
use insats::ui::{Theme, View, render_buffer};

fn today() -> NaiveDate {
    "2026-11-22".parse().unwrap()
}

fn noon(day: NaiveDate) -> NaiveDateTime {
    day.and_hms_opt(12, 0, 0).unwrap()
}

fn open(dir: &std::path::Path, day: NaiveDate) -> App {
    let store = Store::open(dir).unwrap();
    App::new(store, day, Rules::default(), "AS".into(), Lang::En).unwrap()
}

/// As the screen starts: the caseload kept read while the store opens.
fn start(dir: &std::path::Path, day: NaiveDate) -> App {
    App::open(
        dir,
        Store::open,
        day,
        Rules::default(),
        "AS".into(),
        Lang::En,
    )
    .unwrap()
}

fn screen(app: &App, keymap: &Keymap, width: u16, height: u16) -> String {
    let view = View {
        app,
        keymap,
        theme: Theme { color: false },
    };
    let buffer = render_buffer(&view, width, height);
    buffer
        .content
        .chunks(width as usize)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>() + "\n")
        .collect()
}

/// Every case selected in turn in each of the three sorts, at 80x24 and
/// 120x40, then the overdue view.
fn screens(app: &mut App, day: NaiveDate) -> Vec<String> {
    let keymap = Keymap::load(None, None).unwrap();
    let mut out = Vec::new();
    for _ in 0..3 {
        app.update(Action::Sort, noon(day));
        app.update(Action::Top, noon(day));
        for _ in 0..app.visible.len() {
            out.push(screen(app, &keymap, 80, 24));
            out.push(screen(app, &keymap, 120, 40));
            app.update(Action::Down, noon(day));
        }
    }
    app.update(Action::OverdueView, noon(day));
    out.push(screen(app, &keymap, 80, 24));
    app.update(Action::Back, noon(day));
    out
}

#[test]
fn a_start_on_the_kept_caseload_shows_what_a_start_on_the_summaries_shows() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        insats::demo::seed(&store, today()).unwrap();
        store.flush().unwrap();
    }
    // Every case by its summary: as the screen holds them once something
    // needed more of them than their records.
    let mut full = open(dir.path(), today());
    full.read_summaries();
    assert!(!full.listed_only);
    let want = screens(&mut full, today());
    drop(full);
    // As the last session's exit, or an `insats overdue`, leaves it.
    {
        let store = Store::open(dir.path()).unwrap();
        store.caseload_on(today(), &Rules::default()).unwrap();
    }
    let mut kept = open(dir.path(), today());
    assert!(kept.listed_only);
    // Held by its record alone, a case has no notes but the selected one.
    assert!(kept.files.iter().filter(|f| !f.notes.is_empty()).count() <= 1);
    let got = screens(&mut kept, today());
    assert_eq!(got.len(), want.len());
    for (got, want) in got.iter().zip(&want) {
        assert_eq!(got, want);
    }
    drop(kept);
    let mut started = start(dir.path(), today());
    assert!(started.listed_only);
    assert_eq!(screens(&mut started, today()), want);
    drop(started);
    // The next day, followed by the clock: as a start on that day.
    let next = today() + Days::new(1);
    let mut kept = open(dir.path(), today());
    assert!(kept.listed_only);
    kept.set_today(next);
    let got = screens(&mut kept, next);
    drop(kept);
    let mut full = open(dir.path(), next);
    full.read_summaries();
    assert!(!full.listed_only);
    let want = screens(&mut full, next);
    assert_eq!(got, want);
}

#[test]
fn a_caseload_kept_before_a_write_is_not_taken_after_it() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        insats::demo::seed(&store, today()).unwrap();
        store.caseload_on(today(), &Rules::default()).unwrap();
        // A case added after it was kept, as `insats case add` would.
        let case = insats::domain::case::Case::new("2026-999", "Fam Ny", today() - Days::new(90));
        store
            .insert_case(&insats::domain::record::Record::new(
                "2026-999",
                0,
                case,
                "AS",
                noon(today()),
            ))
            .unwrap();
        store.flush().unwrap();
    }
    // Made again from the summaries: the case added is there.
    for opened in [open, start] {
        let app = opened(dir.path(), today());
        let at = app
            .files
            .iter()
            .position(|f| f.code() == "2026-999")
            .unwrap();
        assert!(!app.due(&app.files[at]).is_empty());
    }
}
