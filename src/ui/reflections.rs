//! Weekly goal reflections: recent ISO weeks, goal by goal, the score and
//! a small trend; a Fas 2 week without a reflection is marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{View, fit};
use crate::app::Pane;
use crate::domain::casefile::{CaseFile, live};
use crate::domain::due::{DueState, missing_reflection_weeks};
use crate::domain::note::IsoWeek;
use crate::domain::phase::Phase;
use crate::domain::plan::Goal;
use crate::domain::record::Record;

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// A score 0–10 as one bar of a sparkline.
fn bar(score: u8) -> char {
    BARS[(score.min(10) as usize * 7).div_ceil(10)]
}

pub fn render(frame: &mut Frame, area: Rect, view: &View) {
    let app = view.app;
    let t = app.text();
    let block = view.block(Pane::Reflections, format!("3 {}", t.panes[2]));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let Some(file) = app.current() else { return };
    if file.case.body.phase_began(Phase::Treatment).is_none() {
        let lines = goals_before_fas2(view, file);
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        return;
    }
    let weeks = file.treatment_weeks(app.today);
    let goals: Vec<_> = file.goals.iter().filter(|g| g.is_live()).collect();
    let trend_w = 6;
    let (shown, title_w) = columns(
        &weeks,
        &goals,
        app.week_offset,
        inner.width as usize,
        trend_w,
    );

    // The goals that fit under the header and the week marks, from the
    // one that keeps the cursor in sight; the header says which.
    let cursor = app.goal.min(goals.len().saturating_sub(1));
    let room = (inner.height as usize).saturating_sub(2).max(1);
    let first = (cursor + 1).saturating_sub(room);
    let end = (first + room).min(goals.len());
    let focused = app.focus == crate::app::Pane::Reflections && app.overlay.is_none();
    let mut lines = vec![
        header(view, shown, title_w, (first, end, goals.len()), focused),
        // One row that marks each week with or without a reflection.
        Line::from(week_marks(view, file, shown, title_w)),
    ];
    if goals.is_empty() {
        lines.push(Line::from(t.no_goals));
    }
    // The goal under the cursor (`e` opens it) is marked.
    for (i, goal) in goals.iter().enumerate().take(end).skip(first) {
        let mut row = goal_row(view, file, goal, shown, title_w, trend_w);
        if i == cursor {
            if let Some(title) = row.spans.first_mut() {
                let text = format!("▸{}", title.content.chars().skip(1).collect::<String>());
                *title = Span::styled(text, view.theme.selected(focused));
            }
        }
        lines.push(row);
    }
    lines.extend(latest_words(view, file));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Before Fas 2 there is nothing to reflect on, but the goals are set:
/// they are shown under the word why.
fn goals_before_fas2(view: &View, file: &CaseFile) -> Vec<Line<'static>> {
    let t = view.app.text();
    let mut lines = vec![Line::from(Span::styled(t.not_in_fas2, view.theme.dim()))];
    for section in super::case_details::goals(file, view.app.lang) {
        lines.push(Line::from(Span::styled(section.label, view.theme.bold())));
        lines.extend(
            section
                .values
                .into_iter()
                .map(|v| Line::from(format!(" {v}"))),
        );
    }
    lines
}

/// The weeks shown (as many as fit, ending `offset` weeks back) and the
/// width of the goals' column. Fewer weeks than there is room for (early
/// in Fas 2, or on a wide screen): the goals take the weeks' room, as far
/// as their titles go; the trend and the words for the marks keep theirs.
fn columns<'w>(
    weeks: &'w [IsoWeek],
    goals: &[&Record<Goal>],
    offset: usize,
    width: usize,
    trend_w: usize,
) -> (&'w [IsoWeek], usize) {
    let title_w = (width / 3).clamp(8, 22);
    let cols = (width.saturating_sub(title_w + trend_w + 1) / 4).max(1);
    let last = weeks
        .len()
        .saturating_sub(offset.min(weeks.len().saturating_sub(1)));
    let shown = &weeks[last.saturating_sub(cols)..last];
    let longest = (goals.iter())
        .map(|g| g.body.title.chars().count() + 2)
        .max()
        .unwrap_or(0);
    let spare = title_w + 4 * (cols - shown.len());
    (shown, title_w.max(longest.min(spare)))
}

/// "Mål 1–3/4  v44 v45 v46 trend": the goals shown of how many, and the
/// weeks, the last (the one `r` writes for) marked while in focus.
fn header(
    view: &View,
    shown: &[IsoWeek],
    title_w: usize,
    (first, end, goals): (usize, usize, usize),
    focused: bool,
) -> Line<'static> {
    let t = view.app.text();
    let goal_title = if end - first < goals {
        format!(" {} {}–{end}/{goals}", t.goal, first + 1)
    } else {
        format!(" {}", t.goal)
    };
    let mut header = vec![Span::styled(fit(&goal_title, title_w), view.theme.bold())];
    // "v43" in Swedish, "W43" in English: the catalogue's week without
    // its dot.
    let wk = t.week.trim_end_matches('.');
    for (i, w) in shown.iter().enumerate() {
        let style = if focused && i + 1 == shown.len() {
            view.theme.selected(true)
        } else {
            view.theme.bold()
        };
        header.push(Span::styled(
            format!("{:>4}", format!("{wk}{}", w.week)),
            style,
        ));
    }
    header.push(Span::styled(format!(" {}", t.trend), view.theme.dim()));
    Line::from(header)
}

/// The latest week's next step and the child's voice: by week, not by
/// when written, so a week caught up afterwards does not stand for now.
fn latest_words(view: &View, file: &CaseFile) -> Vec<Line<'static>> {
    let Some(r) = live(&file.reflections).max_by_key(|r| (r.week, r.date)) else {
        return Vec::new();
    };
    [("→", &r.next_step), ("♪", &r.child_voice)]
        .into_iter()
        .filter(|(_, text)| !text.is_empty())
        .map(|(mark, text)| Line::from(Span::styled(format!("{mark} {text}"), view.theme.dim())))
        .collect()
}

/// A goal's scores in the weeks shown, and its trend over the last
/// reflections that scored it.
fn goal_row(
    view: &View,
    file: &CaseFile,
    goal: &Record<Goal>,
    shown: &[IsoWeek],
    title_w: usize,
    trend_w: usize,
) -> Line<'static> {
    let mut spans = vec![Span::raw(fit(&format!(" {}", goal.body.title), title_w))];
    for w in shown {
        let score = file
            .reflection_for(*w)
            .and_then(|r| r.body.scores.iter().find(|s| s.goal == goal.seq));
        spans.push(Span::raw(match score {
            Some(s) => format!("{:>4}", s.score),
            None => format!("{:>4}", "·"),
        }));
    }
    let scores: Vec<u8> = live(&file.reflections)
        .filter(|r| r.week <= *shown.last().unwrap_or(&IsoWeek::of(view.app.today)))
        .filter_map(|r| {
            r.scores
                .iter()
                .find(|s| s.goal == goal.seq)
                .map(|s| (r.week, s.score))
        })
        .collect::<std::collections::BTreeMap<_, _>>()
        .into_values()
        .collect();
    let trend: String = scores
        .iter()
        .rev()
        .take(trend_w - 1)
        .rev()
        .map(|s| bar(*s))
        .collect();
    spans.push(Span::raw(format!(" {trend}")));
    Line::from(spans)
}

/// Each week shown marked: ✓ reflected, – without contact (and why, in
/// the legend), ✗ owed and late, … owed this
/// week, · not owed (before Fas 2, paused, or the case closed), as the
/// due rules say ([`missing_reflection_weeks`]); and the words for the
/// marks of owed weeks shown.
fn week_marks(
    view: &View,
    file: &CaseFile,
    shown: &[IsoWeek],
    title_w: usize,
) -> Vec<Span<'static>> {
    let (app, t) = (view.app, view.app.text());
    let owed = missing_reflection_weeks(file, app.today).unwrap_or_default();
    let mut marks = vec![Span::raw(fit("", title_w))];
    let (mut late, mut this_week, mut without) = (false, false, false);
    for w in shown {
        let (text, style) = if file.reflection_for(*w).is_some() {
            ("✓", Style::new())
        } else if file.no_contact_for(*w).is_some() {
            without = true;
            ("–", Style::new())
        } else if !owed.contains(w) || file.case.body.is_closed() {
            ("·", Style::new())
        } else if w.sunday() < app.today {
            late = true;
            ("✗", view.theme.state(DueState::Overdue))
        } else {
            this_week = true;
            ("…", view.theme.state(DueState::DueSoon))
        };
        marks.push(Span::styled(format!("{text:>4}"), style));
    }
    if late {
        marks.push(Span::styled(
            format!(" ✗ {}", t.reflection_missing),
            view.theme.state(DueState::Overdue),
        ));
    }
    // One legend where there is room for one: the late mark's first.
    if without && !late {
        marks.push(Span::raw(format!(" – {}", t.reflection_no_contact)));
    } else if this_week && !late {
        marks.push(Span::styled(
            format!(" … {}", t.reflection_this_week),
            view.theme.state(DueState::DueSoon),
        ));
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::bar;

    #[test]
    fn bars_span_the_scale() {
        assert_eq!(bar(0), '▁');
        assert_eq!(bar(10), '█');
        assert_eq!(bar(5), '▅');
        assert_eq!(bar(200), '█');
    }
}
