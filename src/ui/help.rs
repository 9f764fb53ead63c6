//! The `?` overlay: every key of the current context and of `global`,
//! generated from the keymap in force; in two columns when there is room.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::wrap::wrap;
use super::{View, centered, clip, fit, popup};
use crate::app::{Action, KeyContext, Overlay};
use crate::keymap::{KeySeq, Step};

/// The keys the history takes, of the global ones.
const HISTORY_KEYS: [Action; 12] = [
    Action::Up,
    Action::Down,
    Action::PageUp,
    Action::PageDown,
    Action::Top,
    Action::Bottom,
    Action::Open,
    Action::Remove,
    Action::History,
    Action::Back,
    Action::Help,
    Action::Redraw,
];

/// Whose keys the help lists, and its name: over the history, the
/// overdue view or the statistics, theirs; else the record read, the
/// editor open or the pane in focus.
fn keys_of(app: &crate::app::App) -> (KeyContext, &'static str) {
    let over = match &app.help_back {
        Some(Overlay::History { .. }) => Some((KeyContext::Global, app.lang.forms().history)),
        Some(Overlay::Overdue { .. }) => Some((KeyContext::Overdue, "")),
        Some(Overlay::Stats { .. }) => Some((KeyContext::Global, "")),
        Some(Overlay::Details { .. }) => Some((KeyContext::Global, app.lang.details().name)),
        Some(Overlay::Waiting { .. }) => Some((KeyContext::Waiting, "")),
        Some(Overlay::Journal { .. }) => Some((KeyContext::Journal, "")),
        _ => None,
    };
    let ctx = match over {
        Some((ctx, _)) => ctx,
        None if app.viewer.is_some() => KeyContext::Viewer,
        None if app.form.is_some() && app.in_chain() => KeyContext::ChainEditor,
        None if app.form.is_some() => KeyContext::Editor,
        None => app.focus.context(),
    };
    let name = match over {
        Some((_, name)) if !name.is_empty() => name,
        _ => app.lang.context_name(ctx),
    };
    (ctx, name)
}

/// The tables whose keys work in `ctx`: an editor takes only its own, so
/// the global ones are not listed there.
fn contexts_of(ctx: KeyContext) -> Vec<KeyContext> {
    if ctx.falls_back_to_global() {
        vec![ctx, KeyContext::Global]
    } else {
        vec![ctx]
    }
}

pub fn render(frame: &mut Frame, area: Rect, view: &View, scroll: usize) {
    let app = view.app;
    let t = app.text();
    let (ctx, name) = keys_of(app);
    let area = centered(area, 100, area.height);
    let title = format!("{} — {}", t.help_title, name);
    let inner = popup(frame, area, view, &title, t.help_footer);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let columns = if inner.width >= 60 { 2 } else { 1 };
    let col_w = (inner.width as usize / columns).saturating_sub(1);
    // A third of the column, or as wide as the longest sequence bound here
    // (`esc : w q enter,`) up to half of it, so that each stays on a row.
    let longest = contexts_of(ctx)
        .iter()
        .flat_map(|c| {
            view.keymap
                .bindings()
                .into_iter()
                .filter(move |b| b.0 == *c)
        })
        .flat_map(|(_, _, keys)| keys)
        .map(|k| k.to_string().chars().count() + 1)
        .max()
        .unwrap_or(0);
    let key_w = longest.min(col_w / 2).max((col_w / 3).clamp(4, 14));
    let mut lines: Vec<Line> = Vec::new();
    let contexts = contexts_of(ctx);
    let only = match &app.help_back {
        Some(Overlay::History { .. }) => Some(&HISTORY_KEYS[..]),
        _ => None,
    };
    for &c in &contexts {
        // A key of `global` the pane binds to something else is that
        // here ("e" edits the goal in pane 3, not the case): only the
        // keys that do the action here are listed.
        let rows: Vec<_> = (view.keymap.bindings().into_iter())
            .filter(|(b, _, _)| *b == c)
            .filter(|(_, action, _)| only.is_none_or(|o| o.contains(action)))
            .map(|(b, action, keys)| {
                let here = |k: &KeySeq| {
                    c == ctx
                        || matches!(view.keymap.resolve(ctx, k.keys()), Step::Action(a) if a == action)
                };
                (b, action, keys.into_iter().filter(here).collect::<Vec<_>>())
            })
            .filter(|(_, _, keys)| !keys.is_empty())
            .collect();
        if rows.is_empty() {
            continue;
        }
        lines.push(Line::from(Span::styled(
            clip(app.lang.context_name(c), col_w),
            view.theme.bold(),
        )));
        for (_, action, keys) in rows {
            lines.extend(entry(view, c, action, &keys, key_w, col_w));
        }
    }
    // Keys an editor takes that are not actions of the keymap.
    let f = app.lang.forms();
    let extra = match ctx {
        KeyContext::Editor => Some(f.more_keys),
        KeyContext::ChainEditor => Some(f.chain_more_keys),
        _ => None,
    };
    if let Some(extra) = extra {
        for part in extra.split(" · ") {
            for (i, l) in wrap(part, col_w.saturating_sub(3)).into_iter().enumerate() {
                let indent = if i == 0 { " " } else { "   " };
                lines.push(Line::from(Span::styled(
                    format!("{indent}{l}"),
                    view.theme.dim(),
                )));
            }
        }
    }
    let height = inner.height as usize;
    let per_page = height * columns;
    let scroll = scroll.min(lines.len().saturating_sub(per_page));
    for (col, chunk) in lines
        .into_iter()
        .skip(scroll)
        .collect::<Vec<_>>()
        .chunks(height.max(1))
        .take(columns)
        .enumerate()
    {
        let x = inner.x + (col * (col_w + 1)) as u16;
        let rect = Rect {
            x,
            y: inner.y,
            width: col_w as u16,
            height: inner.height,
        };
        frame.render_widget(Paragraph::new(chunk.to_vec()), rect);
    }
}

/// Keys in rows of at most `width` columns, separated by commas: a
/// sequence (`esc : w enter`) is kept whole on a row, and only one wider
/// than the column is wrapped.
fn pack(keys: impl Iterator<Item = String>, width: usize) -> Vec<String> {
    let mut rows: Vec<String> = Vec::new();
    let mut keys = keys.peekable();
    while let Some(key) = keys.next() {
        let key = if keys.peek().is_some() {
            key + ","
        } else {
            key
        };
        match rows.last_mut() {
            Some(row) if row.chars().count() + 1 + key.chars().count() <= width => {
                row.push(' ');
                row.push_str(&key);
            }
            _ => rows.extend(wrap(&key, width)),
        }
    }
    rows
}

/// One key binding, its keys and words wrapped in their columns, never cut.
fn entry(
    view: &View,
    ctx: KeyContext,
    action: crate::app::Action,
    keys: &[crate::keymap::KeySeq],
    key_w: usize,
    col_w: usize,
) -> Vec<Line<'static>> {
    let keys = pack(keys.iter().map(|k| k.to_string()), key_w);
    let label = wrap(
        super::status_bar::action_label(view, ctx, action),
        col_w.saturating_sub(key_w + 2),
    );
    (0..keys.len().max(label.len()))
        .map(|i| {
            let k = keys.get(i).map_or("", String::as_str);
            let l = label.get(i).map_or("", String::as_str);
            Line::from(vec![
                Span::styled(format!(" {}", fit(k, key_w)), view.theme.key()),
                Span::raw(format!(" {l}")),
            ])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::pack;

    #[test]
    fn a_key_sequence_stays_whole_on_its_row() {
        let keys = ["ctrl-s", "esc : w enter", "esc : x enter"].map(String::from);
        assert_eq!(
            pack(keys.clone().into_iter(), 16),
            vec!["ctrl-s,", "esc : w enter,", "esc : x enter"]
        );
        assert_eq!(
            pack(["a", "b", "c"].map(String::from).into_iter(), 16),
            vec!["a, b, c"]
        );
        // Wider than the column: wrapped, nothing lost.
        assert_eq!(
            pack(keys.into_iter().skip(1), 8),
            vec!["esc : w", "enter,", "esc : x", "enter"]
        );
    }
}
