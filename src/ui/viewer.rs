//! A record read, not edited: every field of its form with its value,
//! words wrapped, scrolled as a page.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::wrap::wrap;
use super::{View, clip};
use crate::app::Viewer;
use crate::editor::FieldKind;
use crate::editor::form::area_text;

pub fn render(frame: &mut Frame, area: Rect, view: &View, viewer: &Viewer) {
    frame.render_widget(Clear, area);
    if area.height == 0 || area.width == 0 {
        return;
    }
    let title = Line::from(Span::styled(
        clip(&format!(" {} ", viewer.form.title), area.width as usize),
        view.theme.title(true),
    ));
    frame.render_widget(Paragraph::new(title), Rect { height: 1, ..area });
    let body = Rect {
        x: area.x + 1,
        y: area.y + 1,
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(1),
    };
    let lines = record_lines(view, viewer, body.width as usize);
    let scroll = viewer
        .scroll
        .min(lines.len().saturating_sub(body.height as usize));
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(scroll)
        .take(body.height as usize)
        .collect();
    frame.render_widget(Paragraph::new(shown), body);
}

/// Each field as its label and its value.
fn record_lines(view: &View, viewer: &Viewer, width: usize) -> Vec<Line<'static>> {
    let f = view.app.lang.forms();
    let t = view.app.text();
    let mut lines = Vec::new();
    let value = |lines: &mut Vec<Line<'static>>, text: &str| {
        let text = if text.trim().is_empty() { "—" } else { text };
        for l in wrap(text.trim_end(), width.saturating_sub(2)) {
            lines.push(Line::from(format!("  {l}")));
        }
    };
    for field in &viewer.form.fields {
        let label = Span::styled(field.label.clone(), view.theme.bold());
        let inline = match &field.kind {
            FieldKind::Line(ta) | FieldKind::Date(ta) => Some(area_text(ta)),
            FieldKind::Choice { options, selected } => options.get(*selected).cloned(),
            FieldKind::Toggle(on) => Some(if *on { f.yes } else { f.no }.to_string()),
            FieldKind::Multi {
                options, chosen, ..
            } => {
                let on: Vec<&str> = options
                    .iter()
                    .zip(chosen)
                    .filter(|(_, c)| **c)
                    .map(|(o, _)| o.as_str())
                    .collect();
                Some(if on.is_empty() {
                    "—".to_string()
                } else {
                    on.join(", ")
                })
            }
            _ => None,
        };
        if let Some(v) = inline {
            let text = format!("{}: {v}", field.label);
            let mut wrapped = wrap(&text, width).into_iter();
            let first = wrapped.next().unwrap_or_default();
            match first.strip_prefix(&field.label) {
                Some(rest) => lines.push(Line::from(vec![label, Span::raw(rest.to_string())])),
                None => lines.push(Line::from(first)),
            }
            lines.extend(wrapped.map(Line::from));
            continue;
        }
        lines.push(Line::from(label));
        match &field.kind {
            FieldKind::Text(ta) => value(&mut lines, &area_text(ta)),
            FieldKind::Info(text) => value(&mut lines, text),
            FieldKind::Chain(chain) => {
                for (n, link) in chain.links.iter().enumerate() {
                    let bp = chain.break_point == Some(n);
                    let text = format!(
                        "{}{}{}{}",
                        if bp { "▶" } else { "" },
                        super::incident_chain::link_head(t, link, n),
                        link.text,
                        if bp {
                            format!(" ◀ {}", t.break_point)
                        } else {
                            String::new()
                        }
                    );
                    value(&mut lines, &text);
                }
                if chain.links.is_empty() {
                    value(&mut lines, "");
                }
            }
            _ => {}
        }
    }
    lines
}
