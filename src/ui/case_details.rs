//! The case details (ärendeuppgifter) over the main screen: what the case
//! editor holds — the persons, the social secretary, the assignment, the
//! reasons — with the workers, the phases and the goals, in Fas 1 too.
//! And, on a wide screen, the selected case's one-line header above the
//! panes. Both read the case the app holds ([`crate::app::App::current`]).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::wrap::wrap;
use super::{View, clip, popup};
use crate::domain::case::{Case, Reason};
use crate::domain::casefile::{CaseFile, live};
use crate::editor::case::role_index;
use crate::i18n::{Lang, fill};

/// Below this inner width a label goes on a line of its own, above its
/// values, instead of in a column beside them.
const LABELS_BESIDE: usize = 56;

/// One labelled part of the view: a label and its values, a line each.
pub struct Section {
    pub label: &'static str,
    pub values: Vec<String>,
}

/// The sections of the details of `file`, in order.
pub fn sections(file: &CaseFile, lang: Lang) -> Vec<Section> {
    let d = lang.details();
    let f = lang.forms();
    let case = &file.case.body;
    let or_nothing = |values: Vec<String>| {
        if values.is_empty() {
            vec![d.nothing.to_string()]
        } else {
            values
        }
    };
    let sec = &case.secretary;
    let secretary = [&sec.name, &sec.unit, &sec.contact]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    let reasons = Reason::ALL
        .iter()
        .enumerate()
        .filter(|(_, r)| case.reasons.contains(r))
        .map(|(i, _)| f.reason_options[i])
        .collect::<Vec<_>>()
        .join(" · ");
    let one = |s: String| or_nothing(if s.trim().is_empty() { vec![] } else { vec![s] });
    let mut out = vec![
        Section {
            label: d.persons,
            values: or_nothing(case.persons.iter().map(|p| person(p, lang)).collect()),
        },
        Section {
            label: d.secretary,
            values: one(secretary),
        },
        Section {
            label: d.assignment,
            values: one(case.assignment.trim().to_string()),
        },
        Section {
            label: d.reasons,
            values: one(reasons),
        },
        Section {
            label: d.workers,
            values: one(case.workers.join(", ")),
        },
        Section {
            label: d.phases,
            values: phases(case, lang),
        },
    ];
    out.extend(goals(file, lang));
    out
}

/// `Sam, ungdom, f. 2012`.
fn person(p: &crate::domain::case::Person, lang: Lang) -> String {
    let role = lang.forms().roles[role_index(p.role)];
    match p.birth_year {
        Some(year) => format!(
            "{}, {role}, {}",
            p.alias,
            fill(lang.details().born, &[("year", &year.to_string())])
        ),
        None => format!("{}, {role}", p.alias),
    }
}

/// Each phase the case entered, from the day it began; the closing last.
fn phases(case: &Case, lang: Lang) -> Vec<String> {
    let t = lang.text();
    let d = lang.details();
    let mut out: Vec<String> = case
        .phases
        .iter()
        .map(|e| {
            let name = format!(
                "{} {}",
                t.phase(e.phase),
                t.phase_titles[e.phase.number() as usize - 1]
            );
            let began = fill(d.began, &[("date", &e.began.to_string())]);
            format!("{name} · {began}")
        })
        .collect();
    if let Some(c) = case.closing.as_ref().filter(|_| case.is_closed()) {
        let closed = fill(lang.report().closed, &[("date", &c.on.to_string())]);
        out.push(format!("{closed}: {}", c.reason));
    }
    out
}

/// The goals, by priority, with where each stands; the plan's goals in its
/// own words when it names one no goal record has (in Fas 1 often the only
/// goals there are).
pub(super) fn goals(file: &CaseFile, lang: Lang) -> Vec<Section> {
    let d = lang.details();
    let f = lang.forms();
    let mut records: Vec<_> = live(&file.goals).collect();
    records.sort_by_key(|g| (g.priority, g.started_on));
    let titles: Vec<String> = records.iter().map(|g| g.title.to_lowercase()).collect();
    let plan: Vec<String> = file
        .plan
        .as_ref()
        .filter(|p| p.is_live())
        .map(|p| p.body.goals.clone())
        .unwrap_or_default()
        .into_iter()
        .filter(|g| !g.trim().is_empty())
        .collect();
    let plan_differs = plan
        .iter()
        .any(|g| !titles.contains(&g.trim().to_lowercase()));
    let mut values: Vec<String> = records
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let status = f.goal_statuses[g.status.index()];
            match g.status.ended_on() {
                Some(on) => format!("{}. {} · {status} {on}", i + 1, g.title),
                None => format!("{}. {} · {status}", i + 1, g.title),
            }
        })
        .collect();
    let plan_lines =
        || -> Vec<String> { plan.iter().map(|g| format!("– {}", g.trim())).collect() };
    if values.is_empty() {
        values = plan_lines();
    }
    let mut out = vec![Section {
        label: d.goals,
        values: if values.is_empty() {
            vec![d.nothing.to_string()]
        } else {
            values
        },
    }];
    if !records.is_empty() && plan_differs {
        out.push(Section {
            label: d.plan_goals,
            values: plan_lines(),
        });
    }
    out
}

/// The sections as lines of at most `width` characters: the labels in a
/// column beside their values when there is room, else each above its
/// values, indented.
pub fn lines(sections: &[Section], width: usize, view: &View) -> Vec<Line<'static>> {
    let label_w = sections
        .iter()
        .map(|s| s.label.chars().count())
        .max()
        .unwrap_or(0)
        + 2;
    let beside = width >= LABELS_BESIDE;
    let (indent, room) = if beside {
        (label_w, width.saturating_sub(label_w))
    } else {
        (2, width.saturating_sub(2))
    };
    let mut out = Vec::new();
    for s in sections {
        let mut label = Some(s.label);
        if !beside {
            out.push(Line::from(Span::styled(
                s.label.to_string(),
                view.theme.bold(),
            )));
            label = None;
        }
        for value in &s.values {
            for piece in wrap(value, room.max(1)) {
                let head = match label.take() {
                    Some(l) => Span::styled(format!("{l:<indent$}"), view.theme.bold()),
                    None => Span::raw(" ".repeat(indent)),
                };
                out.push(Line::from(vec![head, Span::raw(piece)]));
            }
        }
    }
    out
}

/// The view over `area`, scrolled `scroll` lines.
pub fn render(frame: &mut Frame, area: Rect, view: &View, scroll: usize) {
    let app = view.app;
    let d = app.lang.details();
    let file = app.current();
    let title = match file {
        Some(file) => fill(
            d.title,
            &[("code", file.code()), ("family", &file.case.body.family)],
        ),
        None => fill(d.title, &[("code", ""), ("family", "")]),
    };
    let footer = app.text().help_footer.split(' ').next().unwrap_or("Esc");
    let mut inner = popup(frame, area, view, &title, footer);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    // A column of margin inside the border, when it costs no word.
    if inner.width > 30 {
        inner.x += 1;
        inner.width -= 1;
    }
    let Some(file) = file else {
        frame.render_widget(Paragraph::new(d.no_case), inner);
        return;
    };
    let lines = lines(&sections(file, app.lang), inner.width as usize, view);
    let scroll = scroll.min(lines.len().saturating_sub(inner.height as usize));
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), inner);
}

/// The selected case in one line: code, family, persons, the social
/// secretary. Empty when no case is held.
pub fn header_text(view: &View) -> String {
    let app = view.app;
    let Some(file) = app.current() else {
        return String::new();
    };
    let d = app.lang.details();
    let case = &file.case.body;
    let mut parts = vec![format!("{} {}", case.code, case.family)];
    let persons: Vec<String> = case
        .persons
        .iter()
        .map(|p| match p.birth_year {
            Some(year) => format!(
                "{} ({})",
                p.alias,
                fill(d.born, &[("year", &year.to_string())])
            ),
            None => p.alias.clone(),
        })
        .collect();
    if !persons.is_empty() {
        parts.push(persons.join(", "));
    }
    let sec = [&case.secretary.name, &case.secretary.unit]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if !sec.is_empty() {
        parts.push(format!("{} {sec}", d.secretary_short));
    }
    parts.join(" · ")
}

/// The header line over `area` (one row), cut at its end.
pub fn render_header(frame: &mut Frame, area: Rect, view: &View) {
    let text = header_text(view);
    let line = format!(" {}", clip(&text, (area.width as usize).saturating_sub(1)));
    frame.render_widget(Paragraph::new(Span::styled(line, view.theme.bold())), area);
}
