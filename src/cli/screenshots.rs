//! `insats screenshots DIR`: the real screen on a fresh demo store, rendered
//! into SVG files. The README's images are made with it.

use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveTime;

use super::{Context, Fail};
use crate::app::{Action, App, Effect};
use crate::keymap::Keymap;
use crate::store::Store;
use crate::ui::{Theme, View, render_buffer, svg};

/// The scenes shot: a name and the actions that lead to it from the start.
const SCENES: [(&str, &[Action]); 6] = [
    ("main", &[]),
    ("overdue", &[Action::OverdueView]),
    ("help", &[Action::Help]),
    ("incident", &[Action::FocusIncidents, Action::Open]),
    (
        "note",
        &[Action::Cancel, Action::FocusCases, Action::NewNote],
    ),
    (
        "notes",
        &[
            Action::Cancel,
            Action::FocusNotes,
            Action::Down,
            Action::Open,
        ],
    ),
];

const SIZES: [(u16, u16); 2] = [(120, 36), (80, 24)];

pub fn write_all(ctx: &Context, keymap: &Keymap, dir: &Path) -> Result<ExitCode, Fail> {
    let tmp =
        super::demo_dir().map_err(|e| Fail::Failed(format!("cannot create a demo store: {e}")))?;
    let result = shoot(ctx, keymap, dir, &tmp);
    let _ = std::fs::remove_dir_all(&tmp);
    result
}

fn shoot(ctx: &Context, keymap: &Keymap, dir: &Path, tmp: &Path) -> Result<ExitCode, Fail> {
    let store = Store::open(tmp)?;
    crate::demo::seed(&store, ctx.today)?;
    let mut app = App::new(store, ctx.today, ctx.rules, "AS".into(), ctx.lang)?;
    std::fs::create_dir_all(dir)
        .map_err(|e| Fail::Failed(format!("cannot create {}: {e}", dir.display())))?;
    let now = ctx
        .today
        .and_time(NaiveTime::from_hms_opt(14, 2, 0).unwrap_or_default());
    let theme = Theme { color: true };
    for (name, actions) in SCENES {
        for a in actions {
            if app.update(*a, now) == Effect::Quit {
                break;
            }
        }
        for (w, h) in SIZES {
            let buffer = render_buffer(
                &View {
                    app: &app,
                    keymap,
                    theme,
                },
                w,
                h,
            );
            let path = dir.join(format!("{name}-{w}x{h}.svg"));
            std::fs::write(&path, svg::to_svg(&buffer))
                .map_err(|e| Fail::Failed(format!("cannot write {}: {e}", path.display())))?;
            println!("{}", path.display());
        }
        app.overlay = None;
    }
    Ok(ExitCode::SUCCESS)
}
