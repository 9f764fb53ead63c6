//! The notes pane: the selected case's notes, the latest contact first —
//! date, place, whether the child was there, the first line. `Enter` reads
//! one, `e` edits it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{View, clip, fit};
use crate::app::{Action, KeyContext, Pane};
use crate::domain::case::Place;
use crate::i18n::fill;

pub fn render(frame: &mut Frame, area: Rect, view: &View) {
    let app = view.app;
    let t = app.text();
    let name = format!("5 {}", t.panes[4]);
    let Some(file) = app.current() else {
        frame.render_widget(view.block(Pane::Notes, name), area);
        return;
    };
    let notes = file.notes_latest_first();
    let pos = app.note.min(notes.len().saturating_sub(1));
    let title = if notes.is_empty() {
        name
    } else {
        format!("{name} {}/{}", pos + 1, notes.len())
    };
    let block = view.block(Pane::Notes, title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    if notes.is_empty() {
        let key = view
            .keymap
            .keys(KeyContext::Notes, Action::NewNote)
            .first()
            .map_or(String::new(), |k| k.to_string());
        frame.render_widget(
            Paragraph::new(fill(t.no_notes, &[("key", &key)])).wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    let f = app.lang.forms();
    let width = inner.width as usize;
    let rows = inner.height as usize;
    let first = pos.saturating_sub(rows.saturating_sub(1));
    let focused = app.focus == Pane::Notes && app.overlay.is_none();
    // A narrow pane gives the date without its year.
    let date_format = if width >= 40 { "%Y-%m-%d" } else { "%m-%d" };
    let child_w = t.child_there.chars().count();
    let mut lines = Vec::new();
    for (i, note) in notes.iter().enumerate().skip(first).take(rows) {
        let n = &note.body;
        let place = f.places[Place::ALL.iter().position(|p| *p == n.place).unwrap_or(0)];
        let child = if n.child_took_part { t.child_there } else { "" };
        // Who wrote it, and ✎ for a note changed since, where there is room.
        let by = match width >= 44 {
            true => format!(
                "{}{}",
                fit(&note.meta.created_by, 3),
                if note.history.is_empty() { " " } else { "✎" }
            ),
            false => String::new(),
        };
        let head = format!(
            "{}{} {} {} {}",
            if i == pos { "▸" } else { " " },
            n.date.format(date_format),
            fit(place, 7),
            fit(child, child_w),
            if by.is_empty() {
                String::new()
            } else {
                format!("{by} ")
            },
        );
        let text = n.text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let rest = width.saturating_sub(head.chars().count());
        let style = if i == pos {
            view.theme.selected(focused)
        } else {
            Style::new()
        };
        lines.push(Line::from(vec![
            Span::styled(head, style),
            Span::styled(clip(text.trim(), rest), style),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
