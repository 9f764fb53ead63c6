//! Report drafts for the social secretary, built from what was written in
//! the period, and the follow-up statistics as study 002's tables.

use chrono::{Days, NaiveDate};

use crate::domain::casefile::{CaseFile, live};
use crate::domain::incident::LinkKind;
use crate::domain::note::IsoWeek;
use crate::domain::phase::Phase;
use crate::domain::plan::GoalStatus;
use crate::domain::rating::{Instrument, Occasion, compare};
use crate::domain::report::ReportKind;
use crate::domain::stats::Stats;
use crate::i18n::{Lang, fill, subscale};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Text,
}

/// A document written as Markdown or as plain text.
struct Doc {
    format: Format,
    out: String,
}

impl Doc {
    fn title(&mut self, s: &str) {
        match self.format {
            Format::Markdown => self.out.push_str(&format!("# {s}\n\n")),
            Format::Text => self
                .out
                .push_str(&format!("{s}\n{}\n\n", "=".repeat(s.chars().count()))),
        }
    }

    fn heading(&mut self, s: &str) {
        match self.format {
            Format::Markdown => self.out.push_str(&format!("## {s}\n\n")),
            Format::Text => self
                .out
                .push_str(&format!("{s}\n{}\n\n", "-".repeat(s.chars().count()))),
        }
    }

    fn para(&mut self, s: &str) {
        if !s.trim().is_empty() {
            self.out.push_str(s.trim_end());
            self.out.push_str("\n\n");
        }
    }

    fn field(&mut self, label: &str, value: &str) {
        if value.trim().is_empty() {
            return;
        }
        match self.format {
            Format::Markdown => self
                .out
                .push_str(&format!("**{label}:** {}  \n", value.trim())),
            Format::Text => self.out.push_str(&format!("{label}: {}\n", value.trim())),
        }
    }

    fn bullets(&mut self, items: &[String]) {
        for item in items.iter().filter(|i| !i.trim().is_empty()) {
            let mut lines = item.trim().lines();
            if let Some(first) = lines.next() {
                self.out.push_str(&format!("- {first}\n"));
            }
            for l in lines {
                self.out.push_str(&format!("  {l}\n"));
            }
        }
        if !items.is_empty() {
            self.out.push('\n');
        }
    }

    fn table(&mut self, head: &[&str], rows: &[Vec<String>]) {
        match self.format {
            Format::Markdown => {
                self.out.push_str(&format!("| {} |\n", head.join(" | ")));
                self.out.push_str(&format!(
                    "|{}\n",
                    head.iter().map(|_| "---|").collect::<String>()
                ));
                for r in rows {
                    self.out.push_str(&format!("| {} |\n", r.join(" | ")));
                }
            }
            Format::Text => {
                let mut widths: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
                for r in rows {
                    for (i, c) in r.iter().enumerate() {
                        widths[i] = widths[i].max(c.chars().count());
                    }
                }
                let line = |cells: Vec<String>| -> String {
                    let padded: Vec<String> = cells
                        .iter()
                        .enumerate()
                        .map(|(i, c)| {
                            let pad = widths[i].saturating_sub(c.chars().count());
                            if i == 0 {
                                format!("{c}{}", " ".repeat(pad))
                            } else {
                                format!("{}{c}", " ".repeat(pad))
                            }
                        })
                        .collect();
                    format!("  {}\n", padded.join("   ").trim_end())
                };
                self.out
                    .push_str(&line(head.iter().map(|h| h.to_string()).collect()));
                for r in rows {
                    self.out.push_str(&line(r.clone()));
                }
            }
        }
        self.out.push('\n');
    }
}

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The scores as a small trend: `3 → 7 ▃▄▅▇`.
fn trend(scores: &[u8]) -> String {
    match (scores.first(), scores.last()) {
        (Some(a), Some(b)) => {
            let bars: String = scores
                .iter()
                .map(|s| BARS[(*s.min(&10) as usize * 7).div_ceil(10)])
                .collect();
            format!("{a} → {b} {bars}")
        }
        _ => String::new(),
    }
}

/// The default period of a report: since the last report sent (or the
/// start) up to today.
pub fn default_period(file: &CaseFile, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    (
        file.last_report_sent().unwrap_or(file.case.body.start),
        today,
    )
}

/// The kind of report a case is due for.
pub fn default_kind(file: &CaseFile) -> ReportKind {
    let case = &file.case.body;
    if case.phase() == Phase::Initial && !file.report_sent(ReportKind::Fas1) {
        ReportKind::Fas1
    } else if case.phase() == Phase::Generalising || case.is_closed() {
        ReportKind::Closing
    } else {
        ReportKind::Progress
    }
}

/// A report draft from what was written between `from` and `to`.
#[allow(clippy::too_many_arguments)]
pub fn draft_report(
    file: &CaseFile,
    kind: ReportKind,
    from: NaiveDate,
    to: NaiveDate,
    lang: Lang,
    format: Format,
    report_weeks: u32,
) -> String {
    let t = lang.report();
    let tx = lang.text();
    let ft = lang.forms();
    let case = &file.case.body;
    let in_period = |d: NaiveDate| d >= from && d <= to;
    let mut doc = Doc {
        format,
        out: String::new(),
    };
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
    doc.out.push('\n');
    doc.para(
        &format!("_{}_", t.draft_note)
            .replace('_', if format == Format::Markdown { "_" } else { "" }),
    );

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

    // Goals with their latest score and the trend in the period.
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
            GoalStatus::Active => t.goal_status[0].to_string(),
            GoalStatus::Achieved(d) => format!("{} {d}", t.goal_status[1]),
            GoalStatus::Dropped(d) => format!("{} {d}", t.goal_status[2]),
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
        items.push(format!(
            "{} ({status}, {} {}): {score}",
            g.body.title,
            ft.start.to_lowercase(),
            g.body.started_on
        ));
    }
    doc.bullets(&items);

    // The reflections' main points.
    let reflections: Vec<_> = live(&file.reflections)
        .filter(|r| in_period(r.date))
        .collect();
    if !reflections.is_empty() {
        doc.heading(t.reflections);
        let weeks = ((to - from).num_days() / 7).max(1);
        doc.para(&fill(
            t.reflections_count,
            &[
                ("n", &reflections.len().to_string()),
                ("weeks", &weeks.to_string()),
            ],
        ));
        let mut points = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for r in &reflections {
            for (label, text) in [(t.system_view, &r.system_view), (t.next_step, &r.next_step)] {
                if !text.trim().is_empty() && seen.insert(text.trim().to_string()) {
                    points.push(format!(
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
        }
        doc.bullets(&points);
    }

    // Each incident analysis with its break point and what came of it.
    doc.heading(t.incidents);
    let incidents: Vec<_> = file
        .incidents
        .iter()
        .filter(|i| i.is_live() && in_period(i.body.when.date()))
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
            .map(|f| super::parse::factor_line(&f.body))
            .collect();
        if !factors.is_empty() {
            lines.push(format!("{}: {}", t.factors, factors.join("; ")));
        }
        if let Some(d) = b.review_on {
            lines.push(format!("{}: {d}", t.review_on));
        }
        doc.bullets(&[lines.join("\n")]);
    }

    // Steps done.
    // The steps done in the period; a closing report sums up them all.
    let mut steps: Vec<_> = case
        .steps
        .iter()
        .filter(|s| kind == ReportKind::Closing || in_period(s.done_on))
        .collect();
    steps.sort_by_key(|s| (s.done_on, s.step));
    if !steps.is_empty() {
        doc.heading(t.steps);
        let items: Vec<String> = steps
            .iter()
            .map(|s| format!("{} {}", s.done_on, tx.step(s.step)))
            .collect();
        doc.bullets(&items);
    }

    // Ratings: the closing beside the initial, subscale by subscale.
    doc.heading(t.ratings);
    let ratings: Vec<_> = live(&file.ratings).collect();
    if ratings.is_empty() {
        doc.para(t.no_ratings);
    }
    let pick = |inst: &Instrument, occ| {
        ratings
            .iter()
            .filter(|r| &r.instrument == inst && r.occasion == occ)
            .max_by_key(|r| r.date)
    };
    let mut instruments: Vec<&Instrument> = Vec::new();
    for r in &ratings {
        if !instruments.contains(&&r.instrument) {
            instruments.push(&r.instrument);
        }
    }
    for inst in instruments {
        let name = match inst {
            Instrument::Apq => "APQ".to_string(),
            Instrument::Cbcl => "CBCL".to_string(),
            Instrument::Custom(n) => n.clone(),
        };
        match (pick(inst, Occasion::Initial), pick(inst, Occasion::Closing)) {
            (Some(a), Some(b)) => {
                doc.para(&format!(
                    "{name}: {} {} — {} {}",
                    t.initial.to_lowercase(),
                    a.date,
                    t.closing.to_lowercase(),
                    b.date
                ));
                let rows: Vec<Vec<String>> = compare(a, b)
                    .iter()
                    .map(|c| {
                        let word = match c.improved {
                            Some(true) => t.better,
                            Some(false) => t.worse,
                            None => "",
                        };
                        vec![
                            subscale(lang, &c.name),
                            format!("{}", c.initial),
                            format!("{}", c.closing),
                            format!("{:+} {word}", c.change).trim().to_string(),
                        ]
                    })
                    .collect();
                doc.table(&[t.subscale, t.initial, t.closing, t.change], &rows);
            }
            (first, _) => {
                if let Some(r) = first.or_else(|| {
                    ratings
                        .iter()
                        .filter(|r| &r.instrument == inst)
                        .max_by_key(|r| r.date)
                }) {
                    let scores: Vec<String> = r
                        .scores
                        .iter()
                        .map(|s| format!("{} {}", subscale(lang, &s.name), s.score))
                        .collect();
                    doc.para(&format!("{name} ({}): {}", r.date, scores.join(", ")));
                }
            }
        }
    }

    // The child's perspective: how often the child took part, in its own words.
    doc.heading(t.child);
    let notes: Vec<_> = live(&file.notes).filter(|n| in_period(n.date)).collect();
    let with = notes.iter().filter(|n| n.child_took_part).count();
    doc.para(&fill(
        t.child_took_part,
        &[
            ("with", &with.to_string()),
            ("all", &notes.len().to_string()),
        ],
    ));
    let mut words: Vec<String> = Vec::new();
    for n in &notes {
        if !n.child_words.trim().is_empty() {
            words.push(format!(
                "{}: \"{}\"",
                n.date,
                n.child_words.trim().trim_matches('"')
            ));
        }
    }
    for r in &reflections {
        if !r.child_voice.trim().is_empty() {
            words.push(format!(
                "{} {}: {}",
                tx.week,
                r.week.week,
                r.child_voice.trim()
            ));
        }
    }
    for i in file
        .incidents
        .iter()
        .filter(|i| i.is_live() && in_period(i.body.when.date()))
    {
        if !i.body.child_account.trim().is_empty() {
            words.push(format!(
                "{}: {}",
                i.body.when.date(),
                i.body.child_account.trim()
            ));
        }
    }
    // The same words twice are said once, with their first date.
    let mut said = std::collections::HashSet::new();
    words.retain(|w| said.insert(w.split_once(": ").map_or(w.clone(), |(_, x)| x.to_string())));
    if !words.is_empty() {
        doc.para(&format!("{}:", t.child_words));
        doc.bullets(&words);
    }

    // What comes next.
    doc.heading(t.next);
    let mut next = Vec::new();
    if let Some(r) = reflections.iter().max_by_key(|r| r.week) {
        if !r.next_step.trim().is_empty() {
            next.push(r.next_step.trim().to_string());
        }
    }
    match kind {
        ReportKind::Closing => next.push(t.next_follow_up.to_string()),
        _ => {
            let due = to
                .checked_add_days(Days::new(u64::from(report_weeks) * 7))
                .unwrap_or(to);
            next.push(fill(t.next_report, &[("date", &due.to_string())]));
        }
    }
    doc.bullets(&next);
    doc.out.trim_end().to_string() + "\n"
}

/// The statistics as text that reads like study 002's tables.
pub fn stats_text(s: &Stats, lang: Lang, format: Format) -> String {
    let t = lang.report();
    let mut doc = Doc {
        format,
        out: String::new(),
    };
    let period = match (s.from, s.to) {
        (None, None) => t.all_time.to_string(),
        (f, to) => format!(
            "{} – {}",
            f.map(|d| d.to_string()).unwrap_or_default(),
            to.map(|d| d.to_string()).unwrap_or_default()
        ),
    };
    doc.title(&format!("{} ({period})", t.stats_title));
    doc.heading(t.table1);
    let not_asked = s.not_asked_moved + s.not_asked_unreachable + s.not_asked_other;
    let reasons = format!(
        "{} {}, {} {}, {} {}",
        t.moved,
        s.not_asked_moved,
        t.unreachable,
        s.not_asked_unreachable,
        t.other_reason,
        s.not_asked_other
    );
    let mut rows = vec![
        vec![
            t.interviewed.to_string(),
            s.interviewed.to_string(),
            String::new(),
        ],
        vec![t.not_asked.to_string(), not_asked.to_string(), reasons],
        vec![
            t.declined.to_string(),
            s.declined.to_string(),
            String::new(),
        ],
    ];
    if s.no_follow_up > 0 {
        rows.push(vec![
            t.no_follow_up.to_string(),
            s.no_follow_up.to_string(),
            String::new(),
        ]);
    }
    rows.push(vec![t.sum.to_string(), s.closed.to_string(), String::new()]);
    doc.table(&["", "n", ""], &rows);

    doc.heading(t.table2);
    // Swedish writes a decimal comma, as the study does (5,5).
    let dec = |v: f64, sign: bool| {
        let s = if sign {
            format!("{v:+.1}")
        } else {
            format!("{v:.1}")
        };
        if lang == Lang::Sv {
            s.replace('.', ",")
        } else {
            s
        }
    };
    let mean = |m: Option<f64>| m.map_or(t.none.to_string(), |v| dec(v, false));
    let mut rows = vec![
        vec!["5,5 – 6".to_string(), s.bands[2].to_string()],
        vec!["4 – 5".to_string(), s.bands[1].to_string()],
        vec!["1 – 3".to_string(), s.bands[0].to_string()],
    ];
    if s.expectations_declined > 0 {
        rows.push(vec![
            t.no_figure.to_string(),
            s.expectations_declined.to_string(),
        ]);
    }
    rows.push(vec![t.mean.to_string(), mean(s.expectations_mean)]);
    doc.table(&[t.band, t.people], &rows);

    doc.heading(t.table3);
    let rows = vec![
        vec![t.plan_answers[0].to_string(), s.had_plan[0].to_string()],
        vec![t.plan_answers[1].to_string(), s.had_plan[1].to_string()],
        vec![t.plan_answers[2].to_string(), s.had_plan[2].to_string()],
        vec![t.mean_with_plan.to_string(), mean(s.mean_with_plan)],
        vec![t.mean_without_plan.to_string(), mean(s.mean_without_plan)],
    ];
    doc.table(&["", t.people], &rows);
    let pct = if s.notes == 0 {
        0.0
    } else {
        100.0 * s.notes_with_child as f64 / s.notes as f64
    };
    doc.field(
        t.child_in_notes,
        &format!("{} / {} ({pct:.0} %)", s.notes_with_child, s.notes),
    );
    doc.field(t.child_answers, &s.child_answers.to_string());
    doc.field(
        t.contact_again,
        &format!(
            "{} / {} / {}",
            s.contact_again[0], s.contact_again[1], s.contact_again[2]
        ),
    );
    doc.out.push('\n');

    doc.heading(t.table4);
    if s.apq.is_empty() {
        doc.para(t.none);
    } else {
        let rows: Vec<Vec<String>> = s
            .apq
            .iter()
            .map(|c| {
                vec![
                    subscale(lang, &c.subscale),
                    c.cases.to_string(),
                    dec(c.mean_change, true),
                    c.improved.to_string(),
                ]
            })
            .collect();
        doc.table(&[t.subscale, t.cases, t.mean_change, t.improved], &rows);
    }
    doc.out.trim_end().to_string() + "\n"
}
