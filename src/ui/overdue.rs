//! The overdue view: every due item across all cases, grouped by worker,
//! sorted by how late; Enter goes to the case.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::mark;
use super::{View, clip, fit, popup};

pub fn render(frame: &mut Frame, area: Rect, view: &View, selected: usize) {
    let app = view.app;
    let t = app.text();
    let inner = popup(frame, area, view, t.overdue_title, t.overdue_footer);
    let rows = app.overdue_rows();
    if rows.is_empty() {
        frame.render_widget(Paragraph::new(t.nothing_due), inner);
        return;
    }
    let width = inner.width as usize;
    // Lines with the worker headings between groups; remember where the
    // selected row lands so it can be kept in view.
    let mut lines = Vec::new();
    let mut selected_line = 0;
    let mut worker: Option<&str> = None;
    for (i, row) in rows.iter().enumerate() {
        if worker != Some(row.worker.as_str()) {
            worker = Some(row.worker.as_str());
            let name = if row.worker.is_empty() {
                t.no_worker
            } else {
                row.worker.as_str()
            };
            lines.push(Line::from(Span::styled(
                name.to_string(),
                view.theme.bold(),
            )));
        }
        let file = &app.files[row.file];
        let item = &row.item;
        let is_sel = i == selected;
        if is_sel {
            selected_line = lines.len();
        }
        let style = if is_sel {
            view.theme.selected(true)
        } else {
            Style::new()
        };
        let state = format!("{} {}", mark(item.state), fit(t.state(item.state), 8));
        let when = format!("{} {:>13}", item.due, t.lateness(item.due, app.today));
        let fixed = 2 + 11 + 9 + 11 + 1 + 24;
        let label_w = width.saturating_sub(fixed).max(8);
        lines.push(Line::from(vec![
            Span::styled(if is_sel { "▸ " } else { "  " }, style),
            Span::styled(
                format!("{state} "),
                view.theme.state(item.state).patch(style),
            ),
            Span::styled(format!("{} ", fit(&item.case, 8)), style),
            Span::styled(format!("{} ", fit(&file.case.body.family, 10)), style),
            Span::styled(
                format!("{} ", fit(&t.due_label(&item.kind), label_w)),
                style,
            ),
            Span::styled(clip(&when, width), style),
        ]));
    }
    let height = inner.height as usize;
    let scroll = selected_line.saturating_sub(height.saturating_sub(1));
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), inner);
}
