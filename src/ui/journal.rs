//! What is not yet entered into the journal, as plain text over the
//! whole screen above the status bar: no border, no mark but the selected
//! record's heading shown in reverse, so that a terminal selection over
//! SSH copies the words and nothing else.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::View;
use super::wrap::wrap;
use crate::report::journal::entry;

pub fn render(frame: &mut Frame, area: Rect, view: &View, selected: usize) {
    let app = view.app;
    let j = app.lang.journal();
    frame.render_widget(Clear, area);
    let width = area.width as usize;
    let bold = view.theme.bold();
    let mut lines: Vec<Line> = (wrap(&app.journal_title(), width).into_iter())
        .map(|l| Line::from(Span::styled(l, bold)))
        .collect();
    let Some(shown) = &app.journal else {
        return;
    };
    if shown.owed.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(j.nothing));
    }
    let mut at_selected = 0;
    let mut case = None;
    for (n, (i, owed)) in shown.owed.iter().enumerate() {
        let file = &shown.files[*i];
        if case != Some(*i) {
            case = Some(*i);
            let head = (j.owed).count(
                shown.owed.iter().filter(|(f, _)| f == i).count(),
                &[("code", file.code()), ("family", &file.case.body.family)],
            );
            lines.push(Line::from(""));
            lines.extend(
                wrap(&head, width)
                    .into_iter()
                    .map(|l| Line::from(Span::styled(l, bold))),
            );
        }
        lines.push(Line::from(""));
        let text = entry(file, owed, app.lang);
        let mut rows = text.lines();
        if n == selected {
            at_selected = lines.len();
        }
        let title = rows.next().unwrap_or_default();
        let style = view.theme.selected(n == selected);
        lines.extend(
            wrap(title, width)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, style))),
        );
        for row in rows {
            lines.extend(wrap(row, width).into_iter().map(Line::from));
        }
    }
    // From the top while the selected record fits; else its heading a
    // few rows from the top.
    let height = area.height as usize;
    let scroll = if at_selected + 8 <= height {
        0
    } else {
        at_selected.saturating_sub(2)
    };
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), area);
}
