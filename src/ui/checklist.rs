//! The phase checklist: the current phase's steps, each done with the date
//! of the record that completed it (`✎` when checked by hand), Fas 2's
//! recurring duties as status lines (`↻`), any step of an earlier phase
//! still not done, and the other phases folded.

use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{View, clip, fit};
use crate::app::Pane;
use crate::domain::casefile::CaseFile;
use crate::domain::due::{DueItem, DueKind, DueState};
use crate::domain::phase::{Phase, Step};
use crate::domain::steps::{Duty, checklist, duty, phase_progress, recurs, step_done};
use crate::i18n::{Lang, fill};

pub fn render(frame: &mut Frame, area: Rect, view: &View) {
    let app = view.app;
    let t = app.text();
    let Some(file) = app.current() else {
        let block = view.block(Pane::Checklist, format!("2 {}", t.panes[1]));
        frame.render_widget(block, area);
        return;
    };
    let block = view
        .block(Pane::Checklist, title(view, file))
        .title_bottom(Line::from(format!(" ▸ {} ", folded(view, file))).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 {
        return;
    }
    let due = app.current_items();
    let steps = checklist(file);
    let rows = inner.height as usize;
    let first = app.step.saturating_sub(rows.saturating_sub(1));
    let width = inner.width as usize;
    let focused = app.focus == Pane::Checklist && app.overlay.is_none();
    // The names take what the longest needs, no more: on a wide screen the
    // flag and the date stay beside the step.
    let longest = steps
        .iter()
        .map(|s| step_name(view, file, *s).chars().count())
        .max()
        .unwrap_or(0);
    let name_w = longest.min(width.saturating_sub(2 + 4 + 12));
    let mut lines = Vec::new();
    for (i, step) in steps.iter().enumerate().skip(first).take(rows) {
        let selected = i == app.step;
        let style = if selected {
            view.theme.selected(focused)
        } else {
            Style::new()
        };
        let flag = late(due, *step);
        let mut spans = vec![Span::styled(if selected { "▸" } else { " " }, style)];
        if recurs(*step) {
            spans.extend(duty_spans(
                view,
                file,
                *step,
                width.saturating_sub(2),
                style,
            ));
        } else {
            spans.extend(step_spans(view, file, *step, name_w, style));
        }
        // The flag in a column of its own, beside the cursor.
        let mark = match flag {
            Some(DueState::Overdue) => "!",
            Some(DueState::DueSoon) => "~",
            _ => " ",
        };
        let mark_style = flag.map_or(style, |s| view.theme.state(s).patch(style));
        spans.insert(1, Span::styled(mark, mark_style));
        lines.push(Line::from(spans));
    }
    // With room to spare, the folded phases get a line each.
    if rows > steps.len() + 1 {
        lines.push(Line::default());
        lines.extend(folded_lines(view, file, rows - steps.len() - 1, width));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The phase and since when; for a closed case, when and why it closed.
fn title(view: &View, file: &CaseFile) -> String {
    let (t, case) = (view.app.text(), &file.case.body);
    let phase = case.phase();
    if let Some(closing) = &case.closing {
        return format!(
            "2 {}",
            fill(
                view.app.lang.steps().closed,
                &[
                    ("date", &closing.on.to_string()),
                    ("reason", &closing.reason)
                ],
            )
            .trim_end_matches(": ")
        );
    }
    let began = case
        .phase_began(phase)
        .map(|d| fill(t.since, &[("date", &d.to_string())]))
        .unwrap_or_default();
    format!(
        "2 {} {} · {began}",
        t.phase(phase),
        t.phase_titles[phase.number() as usize - 1]
    )
}

/// The other phases, folded: "Fas 1 5/5 · Fas 3 0/6".
fn folded(view: &View, file: &CaseFile) -> String {
    let t = view.app.text();
    let phase = file.case.body.phase();
    Phase::ALL
        .into_iter()
        .filter(|p| *p != phase)
        .map(|p| match phase_progress(file, p) {
            (_, 0) => format!("{} ↻", t.phase(p)),
            (done, all) => format!("{} {done}/{all}", t.phase(p)),
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A step's name; one left from an earlier phase says which, unless its
/// name already does ("Fas 1-rapport", never "Fas 1 Fas 1-rapport").
fn step_name(view: &View, file: &CaseFile, step: Step) -> String {
    let t = view.app.text();
    let (phase, name) = (t.phase(step.phase()), t.step(step));
    if step.phase() == file.case.body.phase() || name.starts_with(phase) {
        name.to_string()
    } else {
        format!("{phase} {name}")
    }
}

/// `[x] Genomförandeplan (BBIC)   2026-10-01`, `✎` before a hand check's
/// date.
fn step_spans(
    view: &View,
    file: &CaseFile,
    step: Step,
    name_w: usize,
    style: Style,
) -> Vec<Span<'static>> {
    let done = step_done(file, step);
    let tick = if done.is_some() { "[x]" } else { "[ ]" };
    let date = done.map(|d| {
        let hand = if d.by_hand() {
            view.app.lang.steps().hand_mark
        } else {
            ""
        };
        format!("{hand}{}", d.on())
    });
    // A step not done has no date: its name takes the date's room.
    let name_w = if date.is_some() { name_w } else { name_w + 12 };
    let mut spans = vec![
        Span::styled(tick, style),
        Span::styled(" ", style),
        Span::styled(fit(&step_name(view, file, step), name_w), style),
    ];
    if let Some(date) = date {
        spans.push(Span::styled(
            format!(" {}", clip(&format!("{date:>11}"), 11)),
            style,
        ));
    }
    spans
}

/// `↻ Målreflektioner: senast v. 46 · v. 47 senast sön 22/11`.
fn duty_spans(
    view: &View,
    file: &CaseFile,
    step: Step,
    width: usize,
    style: Style,
) -> Vec<Span<'static>> {
    let app = view.app;
    let status = duty(file, step, app.today, &app.rules)
        .map(|d| duty_text(app.lang, &d, app.today))
        .unwrap_or_default();
    let names = app.lang.steps().duties;
    let name = match step {
        Step::GoalReflections => names[0],
        Step::IncidentAnalyses => names[1],
        Step::MethodBank => names[2],
        _ => names[3],
    };
    let line = format!(" {name}: {status}");
    vec![
        Span::styled("↻", style),
        Span::styled(clip(&line, width.saturating_sub(1)), style),
    ]
}

/// A recurring duty's status in words.
pub fn duty_text(lang: Lang, duty: &Duty, today: NaiveDate) -> String {
    let (t, st) = (lang.text(), lang.steps());
    let week = |w: crate::domain::note::IsoWeek| format!("{} {}", t.week, w.week);
    let day = |d: NaiveDate| {
        format!(
            "{} {}/{}",
            st.weekdays[d.weekday().num_days_from_monday() as usize],
            d.day(),
            d.month()
        )
    };
    let mut parts = Vec::new();
    match duty {
        Duty::Reflections {
            last,
            missing,
            this_week,
        } => {
            // The weeks missing say more than the last one written.
            if missing.is_empty() {
                parts.push(match last {
                    Some(w) => fill(st.reflections_last, &[("week", &week(*w))]),
                    None => st.reflections_none.to_string(),
                });
            } else {
                let weeks = crate::i18n::week_numbers(missing);
                let weeks = format!("{} {}", t.week, weeks.join(", "));
                parts.push(fill(st.reflections_missing, &[("weeks", &weeks)]));
            }
            if let Some((w, sunday)) = this_week {
                parts.push(fill(
                    st.reflections_this_week,
                    &[("week", &week(*w)), ("date", &day(*sunday))],
                ));
            }
        }
        Duty::Incidents { count, latest } => parts.push(match latest {
            Some(d) => fill(
                st.incidents_count,
                &[("n", &count.to_string()), ("date", &d.to_string())],
            ),
            None => st.incidents_none.to_string(),
        }),
        Duty::MethodBank => parts.push(st.method_bank.to_string()),
        Duty::ProgressReport {
            last_sent,
            next_due,
        } => {
            // What to do first: when the next is due, and how late.
            if let Some(next) = next_due {
                parts.push(fill(st.report_next, &[("date", &next.to_string())]));
                let late = (today - *next).num_days();
                if late > 0 {
                    parts.push(t.days_late.count(late as usize, &[]));
                }
            }
            parts.push(match last_sent {
                Some(d) => fill(st.report_sent, &[("date", &d.to_string())]),
                None => st.report_none.to_string(),
            });
        }
    }
    parts.join(" · ")
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
fn folded_lines(view: &View, file: &CaseFile, rows: usize, width: usize) -> Vec<Line<'static>> {
    let t = view.app.text();
    let case = &file.case.body;
    let phase = case.phase();
    Phase::ALL
        .into_iter()
        .filter(|p| *p != phase)
        .take(rows)
        .map(|p| {
            let progress = match phase_progress(file, p) {
                (_, 0) => "↻".to_string(),
                (done, all) => format!("{done}/{all}"),
            };
            let began = case
                .phase_began(p)
                .map(|d| d.to_string())
                .unwrap_or_default();
            let head = format!(
                " ▸ {} {}",
                t.phase(p),
                t.phase_titles[p.number() as usize - 1]
            );
            // Narrow: the date goes first, then the title is cut; a space
            // always parts the title from the count.
            let mut tail = format!("{progress} {began:>10}");
            if head.chars().count() + 1 + tail.chars().count() > width {
                tail = progress;
            }
            let head = clip(&head, width.saturating_sub(tail.chars().count() + 1));
            let gap = width
                .saturating_sub(head.chars().count() + tail.chars().count())
                .max(1);
            Line::from(Span::styled(
                format!("{head}{}{tail}", " ".repeat(gap)),
                view.theme.dim(),
            ))
        })
        .collect()
}
