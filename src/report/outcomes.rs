//! The later sections of a report draft: the ratings, the period's
//! contacts, the child's perspective and what comes next.

use std::collections::HashSet;

use chrono::{Days, NaiveDate};

use super::sections::{LIST_WIDTH, wrap_at_commas};
use super::{Doc, Scope};
use crate::domain::casefile::live;
use crate::domain::rating::{Instrument, Occasion, Rating, compare};
use crate::domain::report::ReportKind;
use crate::i18n::{fill, subscale};

/// The ratings: the closing beside the initial, subscale by subscale; in
/// a lägesrapport, the period's beside the latest one before it.
pub fn ratings(doc: &mut Doc, s: &Scope) {
    let t = s.lang.report();
    let file = s.file;
    doc.heading(t.ratings);
    if s.kind == ReportKind::Progress {
        return period_ratings(doc, s);
    }
    // The Fas 1 report and the avslutsrapport sum up from the start.
    let ratings: Vec<&Rating> = live(&file.ratings).collect();
    if ratings.is_empty() {
        doc.para(t.no_ratings);
    }
    let pick = |inst: &Instrument, occ| {
        ratings
            .iter()
            .filter(|r| &r.instrument == inst && r.occasion == occ)
            .max_by_key(|r| r.date)
    };
    for inst in instruments(&ratings) {
        let name = instrument_name(inst);
        match (pick(inst, Occasion::Initial), pick(inst, Occasion::Closing)) {
            (Some(a), Some(b)) => {
                change_table(doc, s, &name, a, b, [t.initial, t.closing]);
            }
            (first, _) => {
                if let Some(r) = first.or_else(|| {
                    ratings
                        .iter()
                        .filter(|r| &r.instrument == inst)
                        .max_by_key(|r| r.date)
                }) {
                    scores_line(doc, s, &format!("{name} ({})", r.date), r);
                }
            }
        }
    }
}

/// A lägesrapport's ratings: each instrument's latest rating before the
/// period is the baseline (the initial APQ, say, rated in Fas 1), and the
/// latest in the period is set beside it.
fn period_ratings(doc: &mut Doc, s: &Scope) {
    let t = s.lang.report();
    let period: Vec<&Rating> = s
        .file
        .ratings
        .iter()
        .filter(|r| s.includes(r, r.body.date))
        .map(|r| &r.body)
        .collect();
    let before: Vec<&Rating> = live(&s.file.ratings)
        .filter(|r| r.date < s.from && !period.iter().any(|p| std::ptr::eq(*p, *r)))
        .collect();
    let all: Vec<&Rating> = before.iter().chain(&period).copied().collect();
    if all.is_empty() {
        doc.para(t.no_ratings);
    }
    for inst in instruments(&all) {
        let name = instrument_name(inst);
        let first = period
            .iter()
            .filter(|r| &r.instrument == inst)
            .min_by_key(|r| r.date)
            .copied();
        match (latest(&before, inst).or(first), latest(&period, inst)) {
            (Some(a), Some(b)) if !std::ptr::eq(a, b) => {
                change_table(doc, s, &name, a, b, [t.baseline, t.latest]);
            }
            (_, Some(b)) => scores_line(doc, s, &format!("{name} ({})", b.date), b),
            (Some(a), None) => {
                let head = format!(
                    "{name}, {} ({}, {})",
                    t.baseline.to_lowercase(),
                    a.date,
                    t.before_period
                );
                scores_line(doc, s, &head, a);
                doc.para(t.no_new_rating);
            }
            (None, None) => {}
        }
    }
}

/// The latest rating of `inst` among `ratings`.
fn latest<'a>(ratings: &[&'a Rating], inst: &Instrument) -> Option<&'a Rating> {
    ratings
        .iter()
        .filter(|r| &r.instrument == inst)
        .max_by_key(|r| r.date)
        .copied()
}

/// The instruments rated, in the order first rated.
fn instruments<'a>(ratings: &[&'a Rating]) -> Vec<&'a Instrument> {
    let mut instruments: Vec<&Instrument> = Vec::new();
    for r in ratings {
        if !instruments.contains(&&r.instrument) {
            instruments.push(&r.instrument);
        }
    }
    instruments
}

fn instrument_name(inst: &Instrument) -> String {
    match inst {
        Instrument::Apq => "APQ".to_string(),
        Instrument::Cbcl => "CBCL".to_string(),
        Instrument::Custom(n) => n.clone(),
    }
}

/// One rating's scores after `head`, in lines that fit the report editor.
fn scores_line(doc: &mut Doc, s: &Scope, head: &str, r: &Rating) {
    let scores: Vec<String> = r
        .scores
        .iter()
        .map(|x| format!("{} {}", subscale(s.lang, &x.name), x.score))
        .collect();
    doc.lines(&wrap_at_commas(
        &format!("{head}: {}", scores.join(", ")),
        LIST_WIDTH,
    ));
}

/// Rating `b` beside `a` of instrument `name`: a line naming both by
/// `cols` and their dates, then subscale by subscale under the columns.
fn change_table(doc: &mut Doc, s: &Scope, name: &str, a: &Rating, b: &Rating, cols: [&str; 2]) {
    let t = s.lang.report();
    doc.para(&format!(
        "{name}: {} {} — {} {}",
        cols[0].to_lowercase(),
        a.date,
        cols[1].to_lowercase(),
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
                subscale(s.lang, &c.name),
                format!("{}", c.initial),
                format!("{}", c.closing),
                format!("{:+} {word}", c.change).trim().to_string(),
            ]
        })
        .collect();
    doc.table(&[t.subscale, cols[0], cols[1], t.change], &rows);
}

/// The contacts of the period: how many and how long, where, and with
/// whom (the child's part is the next section's).
pub fn contacts(doc: &mut Doc, s: &Scope) {
    use crate::domain::case::Place;
    use crate::domain::note::Participant;
    let (t, f) = (s.lang.report(), s.lang.forms());
    let notes: Vec<_> = s
        .file
        .notes
        .iter()
        .filter(|n| s.includes(n, n.body.date))
        .map(|n| &n.body)
        .collect();
    if notes.is_empty() {
        return;
    }
    doc.heading(t.contacts);
    let minutes: u32 = notes.iter().map(|n| u32::from(n.minutes)).sum();
    let hours = super::stats::decimal(f64::from(minutes) / 60.0, false, s.lang);
    doc.para(&t.contacts_count.count(notes.len(), &[("hours", &hours)]));
    let counted = |names: &[&str], counts: Vec<usize>| -> String {
        names
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(name, n)| format!("{name} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let places = Place::ALL
        .iter()
        .map(|p| notes.iter().filter(|n| n.place == *p).count())
        .collect();
    doc.field(t.contacts_where, &counted(&f.places, places));
    let who = Participant::ALL
        .iter()
        .map(|p| notes.iter().filter(|n| n.participants.contains(p)).count())
        .collect();
    doc.field(t.contacts_who, &counted(&f.participant_options, who));
    doc.out.push('\n');
}

/// The child's perspective: how often the child took part, in its own words.
pub fn child(doc: &mut Doc, s: &Scope) {
    let t = s.lang.report();
    let tx = s.lang.text();
    let file = s.file;
    let reflections = s.reflections();
    doc.heading(t.child);
    let notes: Vec<_> = file
        .notes
        .iter()
        .filter(|n| s.includes(n, n.body.date))
        .map(|n| &n.body)
        .collect();
    let with = notes.iter().filter(|n| n.child_took_part).count();
    doc.para(&fill(
        t.child_took_part,
        &[
            ("with", &with.to_string()),
            ("all", &notes.len().to_string()),
        ],
    ));
    let mut words: Vec<(NaiveDate, String)> = Vec::new();
    for n in &notes {
        if !n.child_words.trim().is_empty() {
            words.push((
                n.date,
                format!("{}: \"{}\"", n.date, n.child_words.trim().trim_matches('"')),
            ));
        }
    }
    for r in &reflections {
        if !r.child_voice.trim().is_empty() {
            words.push((
                r.date,
                format!("{} {}: {}", tx.week, r.week.week, r.child_voice.trim()),
            ));
        }
    }
    for i in file
        .incidents
        .iter()
        .filter(|i| s.includes(i, i.body.when.date()))
    {
        if !i.body.child_account.trim().is_empty() {
            let on = i.body.when.date();
            words.push((on, format!("{on}: {}", i.body.child_account.trim())));
        }
    }
    // In the order they were said, not the order they were written down.
    words.sort_by_key(|(on, _)| *on);
    let mut words: Vec<String> = words.into_iter().map(|(_, w)| w).collect();
    // The same words twice are said once, with their first date.
    let mut said = HashSet::new();
    words.retain(|w| said.insert(w.split_once(": ").map_or(w.clone(), |(_, x)| x.to_string())));
    if !words.is_empty() {
        doc.para(&format!("{}:", t.child_words));
        doc.bullets(&words);
    }
}

/// What comes next.
pub fn next(doc: &mut Doc, s: &Scope) {
    let t = s.lang.report();
    let to = s.to;
    let kind = s.kind;
    let report_weeks = s.report_weeks;
    let reflections = s.reflections();
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
}
