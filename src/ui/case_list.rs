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
    // Words a label shares with another ("Familjen …", "Familjen
    // Lindqvist-…") tell those cases apart no more than their codes: a
    // label that does not fit goes without them. The label sharing most
    // of a label's start is next to it in sorted order.
    let mut sorted: Vec<&str> = app
        .visible
        .iter()
        .map(|i| app.cases[*i].case().family.as_str())
        .collect();
    sorted.sort_unstable();
    let mut lines = Vec::new();
    for (pos, i) in app.visible.iter().enumerate().skip(first).take(rows) {
        let selected = pos == app.selected;
        lines.push(row_line(
            view,
            &app.cases[*i],
            shared_start(&sorted, &app.cases[*i].case().family),
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

/// The whole words (ending in a space or a hyphen) that `label` shares
/// at its start with another of the `sorted` labels; empty when it shares
/// none, or only with itself.
pub(super) fn shared_start<'a>(sorted: &[&str], label: &'a str) -> &'a str {
    let at = sorted.partition_point(|l| *l < label);
    let others = sorted[..at]
        .last()
        .into_iter()
        .chain(sorted[at..].iter().skip_while(|l| **l == label).take(1));
    // Another label just like it counts too: its whole words are shared.
    let twin = sorted[at..].iter().take_while(|l| **l == label).count() > 1;
    let mut shared = if twin { label.len() } else { 0 };
    for other in others {
        let common = label
            .char_indices()
            .zip(other.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8());
        shared = shared.max(common);
    }
    // Back to the end of a whole word.
    label[..shared]
        .rfind([' ', '-'])
        .map_or("", |end| &label[..=end])
}

#[cfg(test)]
mod tests {
    use super::shared_start;

    #[test]
    fn labels_share_only_whole_words() {
        let start = |all: &[&'static str], label: &'static str| {
            let mut sorted = all.to_vec();
            sorted.sort_unstable();
            shared_start(&sorted, label)
        };
        let two = ["Familjen Rönn", "Familjen Lind"];
        assert_eq!(start(&two, "Familjen Rönn"), "Familjen ");
        let two = ["Familjen Rönn", "Familjen Rönnberg"];
        assert_eq!(start(&two, "Familjen Rönnberg"), "Familjen ");
        let three = ["Fam Ek", "Fam Al", "Familjen X"];
        assert_eq!(start(&three, "Familjen X"), "");
        assert_eq!(start(&three, "Fam Al"), "Fam ");
        assert_eq!(start(&["Familjen Rönn"], "Familjen Rönn"), "");
        assert_eq!(start(&["Åsa Öberg", "Åsa Öst"], "Åsa Öst"), "Åsa ");
        // Each label keeps what tells it from the one most like it.
        let four = [
            "Familjen Lindqvist-Öberg",
            "Familjen Lindqvist-Nilsson",
            "Familjen Ek",
            "Familjen Al",
        ];
        assert_eq!(
            start(&four, "Familjen Lindqvist-Öberg"),
            "Familjen Lindqvist-"
        );
        assert_eq!(
            start(&four, "Familjen Lindqvist-Nilsson"),
            "Familjen Lindqvist-"
        );
        assert_eq!(start(&four, "Familjen Ek"), "Familjen ");
        // Two labels alike share all their whole words, not the last.
        let twins = ["Fam Ek", "Fam Ek", "Fam Al"];
        assert_eq!(start(&twins, "Fam Ek"), "Fam ");
    }
}
