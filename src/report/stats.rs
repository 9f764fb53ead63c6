//! The follow-up statistics as text that reads like study 002's tables.

use super::{Doc, Format};
use crate::domain::stats::Stats;
use crate::i18n::{Lang, fill, subscale};

/// The statistics as text that reads like study 002's tables.
pub fn stats_text(s: &Stats, lang: Lang, format: Format) -> String {
    let t = lang.report();
    let mut doc = Doc::new(format);
    let period = match (s.from, s.to) {
        (None, None) => t.all_time.to_string(),
        (f, to) => format!(
            "{} – {}",
            f.map(|d| d.to_string()).unwrap_or_default(),
            to.map(|d| d.to_string()).unwrap_or_default()
        ),
    };
    doc.title(&format!("{} ({period})", t.stats_title));
    asked(&mut doc, s, lang);
    expectations(&mut doc, s, lang);
    let dec = |v: f64, sign: bool| decimal(v, sign, lang);
    let mean = |m: Option<f64>| m.map_or(t.none.to_string(), |v| dec(v, false));

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
    doc.finish()
}

/// Table 1: who was asked, who was not and why, who declined.
fn asked(doc: &mut Doc, s: &Stats, lang: Lang) {
    let t = lang.report();
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
        vec![t.persons.to_string(), s.persons.to_string(), {
            let mut split = fill(
                t.mode_split,
                &[
                    ("in_person", &s.in_person.to_string()),
                    ("phone", &s.by_phone.to_string()),
                ],
            );
            if s.mode_unknown > 0 {
                split.push_str(&format!(
                    ", {}",
                    fill(t.mode_unknown, &[("n", &s.mode_unknown.to_string())])
                ));
            }
            split
        }],
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
}

/// Table 2: "expectations met" in the study's bands, and the mean.
fn expectations(doc: &mut Doc, s: &Stats, lang: Lang) {
    let t = lang.report();
    doc.heading(t.table2);
    let mean = |m: Option<f64>| m.map_or(t.none.to_string(), |v| decimal(v, false, lang));
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
}

/// Swedish writes a decimal comma, as the study does (5,5).
/// One decimal in the language's way: "2,5" in Swedish, "2.5" in English.
pub(super) fn decimal(v: f64, sign: bool, lang: Lang) -> String {
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
}
