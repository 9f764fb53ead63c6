//! The screen's caseload is state made from the store by actions: a start
//! through `App::open` shows what a start through `App::new` shows, and
//! a screen whose day moved on shows what a start on that day shows: the
//! same screens, every case selected in turn, in every sort, with the
//! overdue view.

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
fn a_screen_whose_day_moved_on_shows_what_a_start_on_that_day_shows() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        insats::demo::seed(&store, today()).unwrap();
        store.flush().unwrap();
    }
    let mut first = open(dir.path(), today());
    let want = screens(&mut first, today());
    drop(first);
    let mut started = start(dir.path(), today());
    assert_eq!(screens(&mut started, today()), want);
    drop(started);
    // The next day, followed by the clock: as a start on that day.
    let next = today() + Days::new(1);
    let mut moved = open(dir.path(), today());
    moved.set_today(next);
    let got = screens(&mut moved, next);
    drop(moved);
    let want = screens(&mut open(dir.path(), next), next);
    assert_eq!(got, want);
    // Five weeks on, other items are due: still as a start on that day.
    let later = today() + Days::new(35);
    let mut moved = open(dir.path(), today());
    moved.set_today(later);
    let got = screens(&mut moved, later);
    drop(moved);
    let want_later = screens(&mut open(dir.path(), later), later);
    assert_eq!(got, want_later);
    assert_ne!(want_later, want);
}

#[test]
fn a_case_added_from_the_shell_is_listed_with_its_items() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        insats::demo::seed(&store, today()).unwrap();
        drop(open_on(store));
        // A case added after a session, as `insats case add` would.
        let store = Store::open(dir.path()).unwrap();
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
    for opened in [open, start] {
        let app = opened(dir.path(), today());
        let at = app.row_of("2026-999").unwrap();
        assert!(!app.cases[at].items.is_empty());
    }
}

fn open_on(store: Store) -> App {
    App::new(store, today(), Rules::default(), "AS".into(), Lang::En).unwrap()
}
