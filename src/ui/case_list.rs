//! The case list: code, family label, phase and the worst flag.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::mark;
use super::{View, fit};
use crate::app::{Pane, SortBy};
use crate::domain::due::worst;

pub fn render(frame: &mut Frame, area: Rect, view: &View) {
    let app = view.app;
    let t = app.text();
    let sort = t.sorts[match app.sort {
        SortBy::Code => 0,
        SortBy::MostOverdue => 1,
        SortBy::LastContact => 2,
    }];
    let mut title = format!("1 {} {}/{}", t.panes[0], app.visible.len(), app.cases.len());
    if !app.filter.is_empty() {
        title = format!("{title} /{}", app.filter);
    }
    let block = view
        .block(Pane::Cases, title)
        .title_bottom(ratatui::text::Line::from(format!(" ↓ {sort} ")).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 {
        return;
    }
    if app.visible.is_empty() {
        // An empty start says how to begin, with the key in force.
        let msg = if app.cases.is_empty() {
            let key = view
                .keymap
                .keys(
                    crate::app::KeyContext::CaseList,
                    crate::app::Action::NewCase,
                )
                .first()
                .map_or(String::new(), |k| k.to_string());
            crate::i18n::fill(t.no_case, &[("key", &key)])
        } else {
            t.no_match.to_string()
        };
        frame.render_widget(
            Paragraph::new(msg).wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    }
    let rows = inner.height as usize;
    // Keep the selection in view.
    let first = app.selected.saturating_sub(rows.saturating_sub(1));
    let width = inner.width as usize;
    let focused = app.focus == Pane::Cases && app.overlay.is_none();
    // Words every label begins with ("Familjen …") tell no case apart:
    // a label that does not fit goes without them.
    let common = shared_start(
        app.visible
            .iter()
            .map(|i| app.cases[*i].case().family.as_str()),
    );
    let mut lines = Vec::new();
    for (pos, i) in app.visible.iter().enumerate().skip(first).take(rows) {
        let selected = pos == app.selected;
        lines.push(row_line(
            view,
            &app.cases[*i],
            common,
            width,
            selected,
            focused,
        ));
    }
    // With a row to spare, the marks are also said in words.
    if lines.len() + 1 < rows {
        while lines.len() < rows - 1 {
            lines.push(Line::default());
        }
        let legend = format!(
            " ! {}  ~ {}  · {}",
            t.state_overdue.to_lowercase(),
            t.state_due_soon.to_lowercase(),
            t.state_ok.to_lowercase()
        );
        lines.push(Line::from(Span::styled(
            fit(&legend, width),
            view.theme.dim(),
        )));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// One case's row: `▸ ! 2026-105 Familjen Rönn      F2`.
fn row_line(
    view: &View,
    row: &crate::app::CaseRow,
    common: &str,
    width: usize,
    selected: bool,
    focused: bool,
) -> Line<'static> {
    let t = view.app.text();
    let case = row.case();
    let state = worst(&row.items);
    // A case that cannot be read says so where its name would be.
    let family = match row.unreadable {
        Some(_) => format!("✗ {}", t.case_unreadable),
        None => case.family.clone(),
    };
    // Closed ✓; paused ‖ beside its phase, so that it does not look
    // like any other case in the phase (in monochrome too).
    let phase = match case.status {
        crate::domain::case::CaseStatus::Closed => "✓".to_string(),
        crate::domain::case::CaseStatus::Paused => format!("‖{}", case.phase().number()),
        crate::domain::case::CaseStatus::Active => format!("F{}", case.phase().number()),
    };
    // ▸ ! 2026-105  Familjen Rönn      F2
    let family_w = width.saturating_sub(2 + 2 + case.code.chars().count() + 1 + 3);
    let family = match family.strip_prefix(common) {
        Some(rest) if family.chars().count() > family_w && !rest.is_empty() => rest.to_string(),
        _ => family,
    };
    let row_style = if selected {
        view.theme.selected(focused)
    } else {
        ratatui::style::Style::new()
    };
    Line::from(vec![
        Span::styled(if selected { "▸" } else { " " }, row_style),
        Span::styled(
            format!("{} ", mark(state)),
            view.theme.state(state).patch(row_style),
        ),
        Span::styled(format!("{} ", case.code), row_style),
        Span::styled(fit(&family, family_w), row_style),
        Span::styled(format!(" {phase:>2}"), row_style),
    ])
}

/// The whole words, with the space after them, that every label begins
/// with; empty when they share none (or there is only one).
fn shared_start<'a>(mut labels: impl Iterator<Item = &'a str>) -> &'a str {
    let Some(first) = labels.next() else {
        return "";
    };
    let mut shared = first.len();
    let mut more = false;
    for label in labels {
        more = true;
        shared = first
            .char_indices()
            .zip(label.chars())
            .take_while(|((i, a), b)| *i < shared && a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8());
    }
    if !more {
        return "";
    }
    // Back to the end of a whole word.
    first[..shared]
        .rfind(' ')
        .map_or("", |space| &first[..=space])
}

#[cfg(test)]
mod tests {
    use super::shared_start;

    #[test]
    fn labels_share_only_whole_words() {
        let start = |l: &[&'static str]| shared_start(l.iter().copied());
        assert_eq!(start(&["Familjen Rönn", "Familjen Lind"]), "Familjen ");
        assert_eq!(start(&["Familjen Rönn", "Familjen Rönnberg"]), "Familjen ");
        assert_eq!(start(&["Fam Ek", "Fam Al", "Familjen X"]), "");
        assert_eq!(start(&["Familjen Rönn"]), "");
        assert_eq!(start(&[]), "");
        assert_eq!(start(&["Åsa Öberg", "Åsa Öst"]), "Åsa ");
    }
}
