//! The incident chain: the case's incidents, and the selected one's chain
//! link by link with the break point marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{View, clip, first_line};
use crate::app::Pane;
use crate::domain::incident::{ChainLink, LinkKind};
use crate::i18n::Text;

pub fn render(frame: &mut Frame, area: Rect, view: &View) {
    let app = view.app;
    let t = app.text();
    let Some(file) = app.current() else {
        frame.render_widget(
            view.block(Pane::Incidents, format!("4 {}", t.panes[3])),
            area,
        );
        return;
    };
    let incidents: Vec<_> = file.incidents.iter().filter(|r| r.is_live()).collect();
    let pos = app.incident.min(incidents.len().saturating_sub(1));
    let title = if incidents.is_empty() {
        format!("4 {}", t.panes[3])
    } else {
        format!("4 {} {}/{}", t.panes[3], pos + 1, incidents.len())
    };
    let block = view.block(Pane::Incidents, title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 {
        return;
    }
    let Some(incident) = incidents.get(pos) else {
        frame.render_widget(Paragraph::new(t.no_incidents), inner);
        return;
    };
    let i = &incident.body;
    let width = inner.width as usize;
    let focused = app.focus == Pane::Incidents && app.overlay.is_none();
    let head_style = if focused {
        view.theme.selected(true)
    } else {
        view.theme.bold()
    };
    let mut lines = vec![Line::from(Span::styled(
        clip(
            &format!(
                "{} {}",
                i.when.format("%Y-%m-%d %H:%M"),
                first_line(&i.behaviour)
            ),
            width,
        ),
        head_style,
    ))];
    let rows = (inner.height as usize).saturating_sub(1);
    // Keep the break point in view when the chain is longer than the pane.
    let bp = i.break_point.unwrap_or(0);
    let first = if i.chain.len() > rows {
        bp.saturating_sub(rows / 2).min(i.chain.len() - rows)
    } else {
        0
    };
    for (n, link) in i.chain.iter().enumerate().skip(first).take(rows) {
        let is_bp = i.break_point == Some(n);
        let lead = if is_bp { "▶" } else { " " };
        let tail = if is_bp {
            format!(" ◀ {}", t.break_point)
        } else {
            String::new()
        };
        let fixed = format!("{lead}{}", link_head(t, link, n));
        let text_w = width.saturating_sub(fixed.chars().count() + tail.chars().count());
        let style = if is_bp {
            view.theme.break_point()
        } else {
            Style::new()
        };
        lines.push(Line::from(vec![
            Span::styled(fixed, style.patch(view.theme.bold())),
            Span::styled(clip(first_line(&link.text), text_w), style),
            Span::styled(tail, style),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// `3. Känsla 8/10 (förälder): ` — a link's number, kind, intensity and actor.
pub(super) fn link_head(t: &Text, link: &ChainLink, n: usize) -> String {
    let kind = t.link_kinds[LinkKind::ALL
        .iter()
        .position(|k| *k == link.kind)
        .unwrap_or(0)];
    let actor = t.actors[link.actor.index()];
    let intensity = link
        .intensity
        .map(|v| format!(" {v}/10"))
        .unwrap_or_default();
    format!("{}. {kind}{intensity} ({actor}): ", n + 1)
}
