//! The queued notes the inbox cannot take in: one line each, then the
//! selected note whole (a page key scrolls a long one). What each key
//! does is in the status bar's hints, from the keymap in force.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::wrap::wrap;
use super::{View, clip, popup};
use crate::app::{waiting_text, why_waiting};

pub fn render(frame: &mut Frame, area: Rect, view: &View, selected: usize, scroll: usize) {
    let app = view.app;
    let inner = popup(frame, area, view, app.lang.waiting().title, "");
    if app.waiting.is_empty() {
        frame.render_widget(Paragraph::new(app.lang.waiting().none), inner);
        return;
    }
    // The list takes at most a third of the room; the note the rest.
    let most = (inner.height as usize / 3).max(1);
    let listed = app.waiting.len().min(most) as u16;
    let [list, rule, text] = Layout::vertical([
        Constraint::Length(listed),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(inner);
    let width = inner.width as usize;
    let first = selected.saturating_sub(most - 1);
    let rows: Vec<Line> = (app.waiting.iter().enumerate().skip(first))
        .take(most)
        .map(|(i, stuck)| {
            let note = &stuck.note;
            let line = format!(
                "{} {}  {}  {}  {}  {}",
                if i == selected { "▸" } else { " " },
                note.case,
                note.date,
                note.by,
                why_waiting(app.lang, &stuck.why),
                note.text.lines().next().unwrap_or(""),
            );
            Line::from(Span::styled(
                clip(&line, width),
                view.theme.selected(i == selected),
            ))
        })
        .collect();
    frame.render_widget(Paragraph::new(rows), list);
    frame.render_widget(
        Paragraph::new("─".repeat(width)).style(view.theme.dim()),
        rule,
    );
    let Some(stuck) = app.waiting.get(selected) else {
        return;
    };
    let lines: Vec<Line> = (waiting_text(stuck, app.lang).lines())
        .flat_map(|l| wrap(l, width))
        .map(Line::from)
        .collect();
    let scroll = scroll.min(lines.len().saturating_sub(text.height as usize));
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), text);
}
