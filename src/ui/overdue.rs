//! The overdue view: every due item across all cases, grouped by worker,
//! sorted by how late; Enter goes to the case.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::mark;
use super::wrap::{wrap, wrap_with_tail};
use super::{View, clip, fit, popup};
use crate::app::OverdueRow;

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
    let mut selected_end = 0;
    let mut worker: Option<&str> = None;
    // The families as wide as there is room for beside what is due; a
    // name that does not fit goes without the words it shares with
    // another ("Familjen Lindqvist-…"), as in the case list.
    let mut files: Vec<usize> = rows.iter().map(|r| r.file).collect();
    files.sort_unstable();
    files.dedup();
    let mut sorted: Vec<&str> = (files.iter())
        .map(|f| app.cases[*f].case().family.as_str())
        .collect();
    sorted.sort_unstable();
    let longest = sorted.iter().map(|f| f.chars().count()).max().unwrap_or(0);
    let family_w = longest.clamp(10, 10 + width.saturating_sub(80) / 2);
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
        let is_sel = i == selected;
        if is_sel {
            selected_line = lines.len();
        }
        let family = &app.cases[row.file].case().family;
        let family = match family.strip_prefix(super::case_list::shared_start(&sorted, family)) {
            Some(rest) if family.chars().count() > family_w && !rest.is_empty() => rest,
            _ => family,
        };
        lines.extend(row_lines(view, row, (family, family_w), is_sel, width));
        if is_sel {
            selected_end = lines.len();
        }
    }
    // The whole selected item in view, its first line at least.
    let height = inner.height as usize;
    let scroll = selected_end.saturating_sub(height).min(selected_line);
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), inner);
}

/// One due item: the case, then what is due in whole words (wrapped in
/// their column, or under the case when the column would be narrow), then
/// the date and how late, kept together at the right.
fn row_lines(
    view: &View,
    row: &OverdueRow,
    (family, family_w): (&str, usize),
    selected: bool,
    width: usize,
) -> Vec<Line<'static>> {
    let app = view.app;
    let t = app.text();
    let item = &row.item;
    let style = if selected {
        view.theme.selected(true)
    } else {
        Style::new()
    };
    let state = view.theme.state(item.state).patch(style);
    let lead = format!("{} ", if selected { "▸" } else { " " });
    let head = format!("{} {} ", fit(&item.case, 8), fit(family, family_w));
    let label = t.due_label(&item.kind);
    let tail = format!("{}  {}", item.due, t.lateness(item.due, app.today));
    let head_w = 4 + head.chars().count();
    let tail_w = tail.chars().count();
    let mut lines = vec![Line::from(vec![
        Span::styled(lead, style),
        Span::styled(format!("{} ", mark(item.state)), state),
        Span::styled(clip(&head, width.saturating_sub(4)), style),
    ])];
    if width >= head_w + 20 + 2 + tail_w {
        // A table: the words in their column, the date at the right of
        // the first line.
        let label_w = width - head_w - 2 - tail_w;
        for (n, text) in wrap(&label, label_w).into_iter().enumerate() {
            if n == 0 {
                let pad = label_w + 2 - text.chars().count();
                lines[0]
                    .spans
                    .push(Span::styled(format!("{text}{}", " ".repeat(pad)), style));
                lines[0].spans.push(Span::styled(tail.clone(), state));
            } else {
                let text = format!("{}{text}", " ".repeat(head_w));
                lines.push(Line::from(Span::styled(text, style)));
            }
        }
        return lines;
    }
    // Narrow: the words under the case (or beside it when there is room),
    // the date after the words.
    let (indent, words) = if width >= head_w + 20 {
        (head_w, wrap_with_tail(&label, &tail, width - head_w))
    } else {
        lines.push(Line::from(Span::styled(" ".repeat(4), style)));
        (4, wrap_with_tail(&label, &tail, width.saturating_sub(4)))
    };
    let last = words.len().saturating_sub(1);
    for (n, text) in words.into_iter().enumerate() {
        if n > 0 {
            lines.push(Line::from(Span::styled(" ".repeat(indent), style)));
        }
        let line = lines.last_mut().expect("the row has a line");
        // The tail ends the last line, in the colour of its state.
        match text.strip_suffix(tail.as_str()).filter(|_| n == last) {
            Some(words) => {
                line.spans.push(Span::styled(words.to_string(), style));
                line.spans.push(Span::styled(tail.clone(), state));
            }
            None => line.spans.push(Span::styled(text, style)),
        }
    }
    lines
}
