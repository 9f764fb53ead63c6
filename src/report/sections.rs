//! The sections of a report draft, in order. A section is a function of
//! the case file, the period and the language ([`Scope`]), written into
//! the document.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::{Doc, Format, Scope, trend};
use crate::domain::case::PersonRole;
use crate::domain::casefile::{CaseFile, live};
use crate::domain::due::missing_reflection_weeks;
use crate::domain::incident::LinkKind;
use crate::domain::note::IsoWeek;
use crate::domain::phase::{Phase, Step};
use crate::domain::plan::{FactorSource, GoalStatus, factor_line};
use crate::domain::report::ReportKind;
use crate::domain::steps::{Done, step_done};
use crate::i18n::fill;

/// The title, the period, who the report goes to, who wrote it, the phase
/// (or, once closed, the day it closed).
pub fn header(doc: &mut Doc, s: &Scope) {
    let format = doc.format;
    let t = s.lang.report();
    let tx = s.lang.text();
    let case = &s.file.case.body;
    let from = s.from;
    let to = s.to;
    let kind = s.kind;
    let kind_name = t.kinds[kind as usize];
    doc.title(&format!("{kind_name} — {} {}", case.code, case.family));
    doc.field(t.period, &format!("{from} – {to}"));
    let sec = [&case.secretary.name, &case.secretary.unit]
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    doc.field(t.secretary, &sec);
    doc.field(t.worker, &case.workers.join(", "));
    match case.closing.as_ref().filter(|_| case.is_closed()) {
        Some(c) => doc.field(t.status, &fill(t.closed, &[("date", &c.on.to_string())])),
        None => {
            let phase = case.phase();
            let began = case
                .phase_began(phase)
                .map(|d| format!(" ({} {d})", tx.since.replace(" {date}", "")))
                .unwrap_or_default();
            doc.field(
                t.phase,
                &format!(
                    "{} {}{began}",
                    tx.phase(phase),
                    tx.phase_titles[phase.number() as usize - 1]
                ),
            );
        }
    }
    doc.out.push('\n');
    doc.para(
        &format!("_{}_", t.draft_note)
            .replace('_', if format == Format::Markdown { "_" } else { "" }),
    );
}

/// The assignment (uppdrag), the reasons for it, and the persons of the
/// family it concerns.
pub fn assignment(doc: &mut Doc, s: &Scope) {
    let t = s.lang.report();
    let ft = s.lang.forms();
    let case = &s.file.case.body;
    doc.heading(t.assignment);
    doc.para(&case.assignment);
    let reasons: Vec<&str> = case
        .reasons
        .iter()
        .filter_map(|r| {
            crate::domain::case::Reason::ALL
                .iter()
                .position(|x| x == r)
                .map(|i| ft.reason_options[i])
        })
        .collect();
    doc.field(t.reasons, &reasons.join(", "));
    if !reasons.is_empty() {
        doc.out.push('\n');
    }
    let persons: Vec<String> = case
        .persons
        .iter()
        .filter(|p| !p.alias.trim().is_empty())
        .map(|p| {
            let role = ft.roles[match p.role {
                PersonRole::Parent => 0,
                PersonRole::Child => 1,
                PersonRole::YoungPerson => 2,
                PersonRole::Other => 3,
            }];
            match p.birth_year {
                Some(y) => format!(
                    "{} ({role}, {})",
                    p.alias.trim(),
                    fill(t.born, &[("year", &y.to_string())])
                ),
                None => format!("{} ({role})", p.alias.trim()),
            }
        })
        .collect();
    if !persons.is_empty() {
        doc.para(&format!("{}:", t.persons_in_case));
        doc.bullets(&persons);
    }
}

/// When the case was closed and why: what the avslutsrapport tells once
/// the case is closed.
pub fn closing(doc: &mut Doc, s: &Scope) {
    let case = &s.file.case.body;
    let Some(c) = case.closing.as_ref().filter(|_| case.is_closed()) else {
        return;
    };
    if s.kind != ReportKind::Closing {
        return;
    }
    let t = s.lang.report();
    doc.heading(t.closing_of_case);
    doc.field(t.closed_on, &c.on.to_string());
    doc.out.push('\n');
    doc.labelled(t.closing_reason, &c.reason);
}

/// The genomförandeplan and the mapping of risk and protective factors:
/// what the Fas 1 report summarises (000), and the avslutsrapport recalls.
pub fn plan(doc: &mut Doc, s: &Scope) {
    if s.kind == ReportKind::Progress {
        return;
    }
    let t = s.lang.report();
    let file = s.file;
    let plan = file.plan.as_ref().filter(|p| p.is_live()).map(|p| &p.body);
    doc.heading(t.plan);
    match plan {
        Some(p) => {
            if let Some(on) = p.set_on {
                doc.field(t.plan_set, &on.to_string());
                doc.out.push('\n');
            }
            doc.bullets(&p.goals);
            let activities: Vec<String> = p
                .activities
                .iter()
                .map(|a| {
                    [&a.what, &a.goal, &a.responsible, &a.when, &a.how]
                        .iter()
                        .filter(|x| !x.trim().is_empty())
                        .map(|x| x.trim())
                        .collect::<Vec<_>>()
                        .join(" · ")
                })
                .collect();
            if !activities.is_empty() {
                doc.para(&format!("{}:", t.activities));
                doc.bullets(&activities);
            }
            for (label, text) in [
                (t.cooperation, &p.cooperation),
                (t.child_participation, &p.child_participation),
                (t.parent_participation, &p.parent_participation),
                (t.plan_follow_up, &p.follow_up),
            ] {
                doc.labelled(label, text);
            }
        }
        None => doc.para(t.no_plan),
    }
    let mapped: Vec<String> = file
        .factors
        .iter()
        .filter(|f| f.is_live() && f.body.source == FactorSource::Mapping)
        .map(|f| factor_line(&f.body))
        .collect();
    doc.para(&format!("{}:", t.mapping));
    if mapped.is_empty() {
        doc.para(t.no_mapping);
    } else {
        doc.bullets(&mapped);
    }
}

/// Each goal with its status, its latest score and the trend in the
/// period; the avslutsrapport gives each its outcome.
pub fn goals(doc: &mut Doc, s: &Scope) {
    let t = s.lang.report();
    let tx = s.lang.text();
    let ft = s.lang.forms();
    let file = s.file;
    let in_period = |d: NaiveDate| s.in_period(d);
    let from = s.from;
    let to = s.to;
    doc.heading(t.goals);
    let goals: Vec<_> = file.goals.iter().filter(|g| g.is_live()).collect();
    if goals.is_empty() {
        doc.para(t.no_goals);
    }
    let mut items = Vec::new();
    for g in &goals {
        let mut scored: Vec<(IsoWeek, u8)> = live(&file.reflections)
            .filter(|r| r.date <= to)
            .filter_map(|r| {
                r.scores
                    .iter()
                    .find(|s| s.goal == g.seq)
                    .map(|s| (r.week, s.score))
            })
            .collect();
        scored.sort();
        let period_scores: Vec<u8> = scored
            .iter()
            .filter(|(w, _)| in_period(w.sunday().min(to)) || w.sunday() >= from)
            .map(|(_, s)| *s)
            .collect();
        let status = match g.body.status {
            s @ GoalStatus::Active => t.goal_status[s.index()].to_string(),
            s => format!(
                "{} {}",
                t.goal_status[s.index()],
                s.ended_on().map(|d| d.to_string()).unwrap_or_default()
            ),
        };
        let score = match scored.last() {
            Some((week, s)) => fill(
                t.latest_score,
                &[
                    ("score", &s.to_string()),
                    ("week", &format!("{} {}", tx.week, week.week)),
                    ("trend", &{
                        let tr = trend(&period_scores);
                        if tr.is_empty() { "–".to_string() } else { tr }
                    }),
                ],
            ),
            None => t.no_score.to_string(),
        };
        let start = format!("{} {}", ft.start.to_lowercase(), g.body.started_on);
        if s.kind == ReportKind::Closing {
            // Drafted before closing (the checklist's order), an active
            // goal's outcome is left for the worker to write, not "ongoing".
            let outcome = match g.body.status {
                GoalStatus::Active => t.outcome_to_set,
                _ => status.as_str(),
            };
            items.push(format!(
                "{} ({start}): {score}\n{}: {outcome}",
                g.body.title, t.outcome
            ));
        } else {
            items.push(format!("{} ({status}, {start}): {score}", g.body.title));
        }
    }
    doc.bullets(&items);
}

/// The reflections' main points in the period.
pub fn reflections(doc: &mut Doc, s: &Scope) {
    let t = s.lang.report();
    let tx = s.lang.text();
    let file = s.file;
    let reflections = s.reflections();
    let (written, without, missed) = owed_weeks(s);
    if !reflections.is_empty() || !missed.is_empty() || !without.is_empty() {
        doc.heading(t.reflections);
        let owed = written + without.len() + missed.len();
        if owed == 0 {
            doc.para(&fill(
                t.reflections_written,
                &[("n", &reflections.len().to_string())],
            ));
        } else {
            let mut lines = vec![fill(
                t.reflections_in_weeks,
                &[("n", &written.to_string()), ("weeks", &owed.to_string())],
            )];
            // Across New Year a week's number alone is ambiguous.
            let years = IsoWeek::of(s.from).year != IsoWeek::of(s.to).year;
            let named = |w: &IsoWeek| match years {
                true => format!("{} {} {}", tx.week, w.week, w.year),
                false => format!("{} {}", tx.week, w.week),
            };
            if !without.is_empty() {
                let weeks: Vec<String> = (without.iter())
                    .map(|(w, why)| format!("{} ({why})", named(w)))
                    .collect();
                let said = fill(t.weeks_without_contact, &[("weeks", &weeks.join(", "))]);
                lines.extend(wrap_at_commas(&said, LIST_WIDTH));
            }
            if !missed.is_empty() {
                let weeks: Vec<String> = missed.iter().map(named).collect();
                let missed = fill(t.weeks_missed, &[("weeks", &weeks.join(", "))]);
                lines.extend(wrap_at_commas(&missed, LIST_WIDTH));
            }
            doc.lines(&lines);
        }
        let mut points = Vec::new();
        let mut seen = HashSet::new();
        // Week by week, each as its form reads: the goals, then the
        // system view and the next step.
        for r in &reflections {
            let mut lines = Vec::new();
            for (label, text) in [(t.system_view, &r.system_view), (t.next_step, &r.next_step)] {
                if !text.trim().is_empty() && seen.insert(text.trim().to_string()) {
                    lines.push(format!(
                        "{} {} — {label}: {}",
                        tx.week,
                        r.week.week,
                        text.trim()
                    ));
                }
            }
            for s in &r.scores {
                if !s.text.trim().is_empty() && seen.insert(s.text.trim().to_string()) {
                    let goal = file
                        .goals
                        .iter()
                        .find(|g| g.seq == s.goal)
                        .map_or(String::new(), |g| g.body.title.clone());
                    points.push(format!(
                        "{} {} — {goal}: {} ({}/10)",
                        tx.week,
                        r.week.week,
                        s.text.trim(),
                        s.score
                    ));
                }
            }
            points.extend(lines);
        }
        doc.bullets(&points);
    }
}

/// The Fas 2 weeks the period owes a reflection for, as how many have one
/// which were said to be without contact (and why), and which were
/// missed: each week whose Sunday falls in the period (as the overdue rule
/// counts them, paused weeks owing nothing), and the week under way when
/// its reflection is already written.
fn owed_weeks(s: &Scope) -> (usize, Vec<(IsoWeek, String)>, Vec<IsoWeek>) {
    // Without its reflections, the case's missing weeks are all it owes.
    let owed =
        missing_reflection_weeks(&CaseFile::new(s.file.case.clone()), s.to).unwrap_or_default();
    let (mut written, mut without, mut missed) = (0, Vec::new(), Vec::new());
    for w in owed.into_iter().filter(|w| w.sunday() >= s.from) {
        let none = s.file.no_contact_for(w).map(|r| r.body.reason.clone());
        match (s.file.reflection_for(w), none) {
            (Some(_), _) if w.monday() <= s.to => written += 1,
            (None, Some(why)) if w.monday() <= s.to => without.push((w, why)),
            (None, None) if w.sunday() <= s.to => missed.push(w),
            _ => {}
        }
    }
    (written, without, missed)
}

/// The widest line a wrapped list may take: the report draft opens in an
/// editor 78 columns wide inside its frame on an 80-column screen, so a
/// line of 80 would be broken again there, mid-item.
pub(super) const LIST_WIDTH: usize = 76;

/// A list written `a, b, c` in lines of at most `width` columns, broken
/// only after a comma so that no item is split.
pub(super) fn wrap_at_commas(list: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for item in list.split_inclusive(", ") {
        match lines.last_mut() {
            Some(line) if line.chars().count() + item.trim_end().chars().count() <= width => {
                line.push_str(item)
            }
            _ => {
                if let Some(line) = lines.last_mut() {
                    line.truncate(line.trim_end().len());
                }
                lines.push(item.to_string());
            }
        }
    }
    lines
}

/// Each incident analysis with its break point and what came of it.
pub fn incidents(doc: &mut Doc, s: &Scope) {
    let t = s.lang.report();
    let tx = s.lang.text();
    let file = s.file;
    doc.heading(t.incidents);
    let incidents: Vec<_> = file
        .incidents
        .iter()
        .filter(|i| s.includes(i, i.body.when.date()))
        .collect();
    if incidents.is_empty() {
        doc.para(t.no_incidents);
    }
    for i in incidents {
        let b = &i.body;
        let mut lines = vec![format!(
            "{} — {}",
            b.when.format("%Y-%m-%d %H:%M"),
            b.behaviour.trim()
        )];
        if let Some(link) = b.break_link() {
            let kind = tx.link_kinds[LinkKind::ALL
                .iter()
                .position(|k| *k == link.kind)
                .unwrap_or(0)];
            lines.push(format!("{}: {kind} — {}", t.break_point, link.text.trim()));
        }
        for (label, text) in [
            (t.could_break, &b.could_break),
            (t.plan_next, &b.plan_next_time),
        ] {
            if !text.trim().is_empty() {
                lines.push(format!("{label}: {}", text.trim()));
            }
        }
        let factors: Vec<String> = b
            .factors
            .iter()
            .filter_map(|s| file.factors.iter().find(|f| f.seq == *s && f.is_live()))
            .map(|f| factor_line(&f.body))
            .collect();
        if !factors.is_empty() {
            lines.push(format!("{}: {}", t.factors, factors.join("; ")));
        }
        if let Some(d) = b.review_on {
            lines.push(format!("{}: {d}", t.review_on));
        }
        doc.bullets(&[lines.join("\n")]);
    }
}

/// The steps done in the period, each with the record that completed it;
/// a closing report sums up them all.
pub fn steps(doc: &mut Doc, s: &Scope) {
    let t = s.lang.report();
    let (tx, st) = (s.lang.text(), s.lang.steps());
    let mut done: Vec<(NaiveDate, Step, String)> = Phase::ALL
        .iter()
        .flat_map(|p| p.steps())
        .filter_map(|step| step_done(s.file, *step).map(|d| (*step, d)))
        .filter(|(_, d)| s.kind == ReportKind::Closing || s.in_period(d.on()))
        .map(|(step, d)| {
            let how = match &d {
                Done::Record { by, .. } => st.evidence(*by).to_string(),
                Done::Hand { note, .. } if note.is_empty() => st.hand_mark.to_string(),
                Done::Hand { note, .. } => format!("{} {note}", st.hand_mark),
            };
            (d.on(), step, how)
        })
        .collect();
    done.sort_by_key(|(on, step, _)| (*on, *step));
    if !done.is_empty() {
        doc.heading(t.steps);
        let items: Vec<String> = done
            .iter()
            .map(|(on, step, how)| format!("{on} {} ({how})", tx.step(*step)))
            .collect();
        doc.bullets(&items);
    }
}
