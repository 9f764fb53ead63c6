//! The screen on demo data with a fixed today, rendered without colour on
//! ratatui's TestBackend and read as text: for the snapshot tests.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use insats::app::App;
use insats::domain::due::Rules;
use insats::i18n::Lang;
use insats::keymap::Keymap;
use insats::store::Store;
use insats::ui::{Theme, View, render_buffer};
use ratatui::buffer::Buffer;

pub fn today() -> NaiveDate {
    "2026-11-22".parse().unwrap()
}

pub fn now() -> NaiveDateTime {
    today().and_time(NaiveTime::from_hms_opt(14, 2, 0).unwrap())
}

/// The demo's cases in a store in `dir`, on the screen in `lang`.
pub fn demo_app(dir: &std::path::Path, lang: Lang) -> App {
    let store = Store::open(dir).unwrap();
    insats::demo::seed(&store, today()).unwrap();
    App::new(store, today(), Rules::default(), "AS".into(), lang).unwrap()
}

/// The buffer as plain text, one line a row.
pub fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The screen at `w`x`h` as text, with the default keymap.
pub fn shot(app: &App, w: u16, h: u16) -> String {
    let keymap = Keymap::load(None, None).unwrap();
    text(&render_buffer(
        &View {
            app,
            keymap: &keymap,
            theme: Theme { color: false },
        },
        w,
        h,
    ))
}
