//! The phase checklist: the current phase's steps with their dates; the
//! other phases folded into one line.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{View, clip, fit};
use crate::app::Pane;
use crate::domain::case::Case;
use crate::domain::due::{DueItem, DueKind, DueState};
use crate::domain::phase::{Phase, Step};
use crate::i18n::fill;

pub fn render(frame: &mut Frame, area: Rect, view: &View) {
    let app = view.app;
    let t = app.text();
    let Some(file) = app.current() else {
        let block = view.block(Pane::Checklist, format!("2 {}", t.panes[1]));
        frame.render_widget(block, area);
        return;
    };
    let case = &file.case.body;
    let phase = case.phase();
    let began = case
        .phase_began(phase)
        .map(|d| fill(t.since, &[("date", &d.to_string())]))
        .unwrap_or_default();
    let title = format!(
        "2 {} {} · {began}",
        t.phase(phase),
        t.phase_titles[phase.number() as usize - 1]
    );
    // The other phases, folded: "Fas 1 5/5 · Fas 3 0/6".
    let folded: Vec<String> = Phase::ALL
        .into_iter()
        .filter(|p| *p != phase)
        .map(|p| {
            let done = p
                .steps()
                .iter()
                .filter(|s| case.step_done(**s).is_some())
                .count();
            format!("{} {done}/{}", t.phase(p), p.steps().len())
        })
        .collect();
    let block = view
        .block(Pane::Checklist, title)
        .title_bottom(Line::from(format!(" ▸ {} ", folded.join(" · "))).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 {
        return;
    }
    let due = app.due(file);
    let steps = case.checklist();
    let rows = inner.height as usize;
    let first = app.step.saturating_sub(rows.saturating_sub(1));
    let width = inner.width as usize;
    let focused = app.focus == Pane::Checklist && app.overlay.is_none();
    let mut lines = Vec::new();
    for (i, step) in steps.iter().enumerate().skip(first).take(rows) {
        let selected = i == app.step;
        let style = if selected {
            view.theme.selected(focused)
        } else {
            Style::new()
        };
        let (tick, date) = match case.step_done(*step) {
            Some(check) => ("[x]", check.done_on.to_string()),
            None => ("[ ]", String::new()),
        };
        let flag = late(&due, *step);
        let flag_text = match flag {
            Some(DueState::Overdue) => "!",
            Some(DueState::DueSoon) => "~",
            _ => " ",
        };
        let name_w = width.saturating_sub(1 + 4 + 3 + 10);
        lines.push(Line::from(vec![
            Span::styled(if selected { "▸" } else { " " }, style),
            Span::styled(format!("{tick} "), style),
            // A step left from an earlier phase says which.
            Span::styled(
                fit(
                    &if step.phase() == phase {
                        t.step(*step).to_string()
                    } else {
                        format!("{} {}", t.phase(step.phase()), t.step(*step))
                    },
                    name_w,
                ),
                style,
            ),
            Span::styled(
                format!(" {flag_text} "),
                flag.map_or(style, |s| view.theme.state(s).patch(style)),
            ),
            Span::styled(clip(&format!("{date:>10}"), 10), style),
        ]));
    }
    // With room to spare, the folded phases get a line each.
    if rows > steps.len() + 1 {
        lines.push(Line::default());
        lines.extend(folded_lines(view, case, rows - steps.len() - 1, width));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// How late a step is, when it is.
fn late(due: &[DueItem], step: Step) -> Option<DueState> {
    due.iter()
        .find(|d| {
            d.kind == DueKind::Fas1Step(step)
                || (step == Step::Fas1Report && d.kind == DueKind::Fas1Report)
                || (step == Step::ProgressReports && d.kind == DueKind::ProgressReport)
                || (step == Step::GoalReflections && matches!(d.kind, DueKind::Reflections(_)))
                || (step == Step::ClosingReport && d.kind == DueKind::ClosingReport)
                || (step == Step::ClosingRating && d.kind == DueKind::ClosingRating)
                || (step == Step::FamilyFollowUp && d.kind == DueKind::FollowUp)
        })
        .map(|d| d.state)
        .filter(|s| *s != DueState::Ok)
}

/// The phases other than the current one, a line each: steps done and
/// the day each began.
fn folded_lines(view: &View, case: &Case, rows: usize, width: usize) -> Vec<Line<'static>> {
    let t = view.app.text();
    let phase = case.phase();
    Phase::ALL
        .into_iter()
        .filter(|p| *p != phase)
        .take(rows)
        .map(|p| {
            let done = p
                .steps()
                .iter()
                .filter(|s| case.step_done(**s).is_some())
                .count();
            let began = case
                .phase_began(p)
                .map(|d| d.to_string())
                .unwrap_or_default();
            let head = format!(
                " ▸ {} {}",
                t.phase(p),
                t.phase_titles[p.number() as usize - 1]
            );
            let tail = format!("{done}/{} {began:>10}", p.steps().len());
            let gap = width.saturating_sub(head.chars().count() + tail.chars().count());
            Line::from(Span::styled(
                format!("{head}{}{tail}", " ".repeat(gap)),
                view.theme.dim(),
            ))
        })
        .collect()
}
