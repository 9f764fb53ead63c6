//! The history view: every record of the case, who changed it and when,
//! its earlier versions and any removal with its reason.

use crate::i18n::fill;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{View, clip, popup};
use crate::app::history_rows;

/// The history, the row `selected` (or its earlier `version`) marked.
pub fn render(frame: &mut Frame, area: Rect, view: &View, selected: usize, version: Option<usize>) {
    let app = view.app;
    let f = app.lang.forms();
    let Some(file) = app.current() else { return };
    let title = format!("{} · {} {}", f.history, file.code(), file.case.body.family);
    let inner = popup(frame, area, view, &title, f.history_hints);
    let width = inner.width as usize;
    let rows = history_rows(file, app.lang);
    let mut lines = Vec::new();
    let mut selected_line = 0;
    for (i, row) in rows.iter().enumerate() {
        let expanded = i == selected;
        let is_sel = expanded && version.is_none();
        if is_sel {
            selected_line = lines.len();
        }
        let style = if is_sel {
            view.theme.selected(true)
        } else {
            Style::new()
        };
        let kind = f.kinds[row.kind as usize];
        let versions = if row.versions.is_empty() {
            String::new()
        } else {
            format!(" · {}", f.versions.count(row.versions.len(), &[]))
        };
        let head = format!(
            "{}{} {:<6} {} #{}: {}{versions}",
            if is_sel { "▸" } else { " " },
            row.updated_at.format("%Y-%m-%d %H:%M"),
            clip(&row.updated_by, 6),
            kind,
            row.seq,
            row.summary
        );
        lines.push(Line::from(Span::styled(clip(&head, width), style)));
        if let Some((at, by, reason)) = &row.removed {
            let text = format!(
                "   ✗ {} {} {by}: {reason}",
                f.removed,
                at.format("%Y-%m-%d %H:%M")
            );
            lines.push(Line::from(Span::styled(
                clip(&text, width),
                view.theme.error(),
            )));
        }
        if expanded {
            for (j, (at, by, summary)) in row.versions.iter().enumerate() {
                let on = version == Some(j);
                if on {
                    selected_line = lines.len();
                }
                let head = format!(
                    "{}  ↳ {} {by}",
                    if on { "▸" } else { " " },
                    at.format("%Y-%m-%d %H:%M")
                );
                let changed = app.changed_since(row.kind, row.seq, j, row.versions.len());
                let text = if changed.is_empty() {
                    format!("{head}: {summary}")
                } else {
                    let fields = changed.join(", ");
                    let head = fill(f.changed_since, &[("title", &head), ("fields", &fields)]);
                    format!("{head} — {summary}")
                };
                let style = if on {
                    view.theme.selected(true)
                } else {
                    view.theme.dim()
                };
                lines.push(Line::from(Span::styled(clip(&text, width), style)));
            }
            let made = format!(
                "   + {} {} {}",
                f.created,
                row.created_at.format("%Y-%m-%d %H:%M"),
                row.created_by
            );
            lines.push(Line::from(Span::styled(made, view.theme.dim())));
        }
    }
    let height = inner.height as usize;
    let scroll = selected_line.saturating_sub(height.saturating_sub(4));
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), inner);
}
