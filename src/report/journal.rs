//! What a case still owes the journal, as plain text in the order a
//! journal entry takes: date and time, place, who took part, the text,
//! the child's own words, the goals touched. No borders, no marks but the
//! words: a terminal selection over SSH copies it clean into the journal.

use std::fmt::Write;

use crate::domain::case::Place;
use crate::domain::casefile::CaseFile;
use crate::domain::journal::{Journaled, Owed};
use crate::domain::note::Participant;
use crate::i18n::Lang;

use super::Format;

/// The records owed, each as its journal entry, a blank line between.
pub fn journal_text(file: &CaseFile, owed: &[Owed], lang: Lang, format: Format) -> String {
    let j = lang.journal();
    let mut out = String::new();
    let head = (j.owed).count(
        owed.len(),
        &[("code", file.code()), ("family", &file.case.body.family)],
    );
    match format {
        Format::Markdown => writeln!(out, "## {head}\n"),
        Format::Text => writeln!(out, "{head}\n"),
    }
    .ok();
    for o in owed {
        let entry = entry(file, o, lang);
        let Some((title, body)) = entry.split_once('\n') else {
            continue;
        };
        match format {
            Format::Markdown => writeln!(out, "### {title}\n\n{body}\n"),
            Format::Text => writeln!(out, "{title}\n{body}\n"),
        }
        .ok();
    }
    out
}

/// One record's entry: its heading line, then its fields.
pub fn entry(file: &CaseFile, o: &Owed, lang: Lang) -> String {
    let (j, f) = (lang.journal(), lang.forms());
    let changed = if o.changed_after {
        format!(" ({})", j.changed_after)
    } else {
        String::new()
    };
    let who = |list: &[Participant]| {
        let names: Vec<&str> = (list.iter())
            .filter_map(|p| Participant::ALL.iter().position(|q| q == p))
            .map(|i| f.participant_options[i])
            .collect();
        names.join(", ")
    };
    let goal = |seq: u32| {
        (file.goals.iter().find(|g| g.seq == seq))
            .map_or(format!("#{seq}"), |g| g.body.title.clone())
    };
    let mut lines = Vec::new();
    let mut field = |label: &str, value: &str| {
        if !value.trim().is_empty() {
            lines.push(format!("{label}: {value}"));
        }
    };
    let title = match o.kind {
        Journaled::Note => {
            let Some(n) = file.notes.iter().find(|n| n.seq == o.seq) else {
                return String::new();
            };
            let n = &n.body;
            let place = Place::ALL.iter().position(|p| *p == n.place).unwrap_or(0);
            field(
                j.time,
                &format!("{} {}, {} min", n.date, n.start.format("%H:%M"), n.minutes),
            );
            field(j.place, f.places[place]);
            field(j.took_part, &who(&n.participants));
            lines.push(String::new());
            lines.push(n.text.trim_end().to_string());
            lines.push(String::new());
            let mut field = |label: &str, value: &str| {
                if !value.trim().is_empty() {
                    lines.push(format!("{label}: {value}"));
                }
            };
            field(f.child_words, &n.child_words);
            let goals: Vec<String> = n.goals.iter().map(|g| goal(*g)).collect();
            field(f.goals_touched, &goals.join("; "));
            format!("{} #{} · {}{changed}", j.note, o.seq, n.date)
        }
        Journaled::Reflection => {
            let Some(r) = file.reflections.iter().find(|r| r.seq == o.seq) else {
                return String::new();
            };
            let r = &r.body;
            field(j.week, &format!("{} ({})", r.week.week, r.date));
            field(j.took_part, &who(&r.participants));
            for s in &r.scores {
                field(
                    &goal(s.goal),
                    &format!("{}/10 {}", s.score, s.text.trim_end()),
                );
            }
            field(f.system_view, &r.system_view);
            field(f.child_voice, &r.child_voice);
            field(f.next_step, &r.next_step);
            format!("{} #{} · {}{changed}", j.reflection, o.seq, r.date)
        }
        Journaled::Incident => {
            let Some(i) = file.incidents.iter().find(|i| i.seq == o.seq) else {
                return String::new();
            };
            let i = &i.body;
            field(j.time, &i.when.format("%Y-%m-%d %H:%M").to_string());
            field(j.place, &i.place);
            field(j.present, &i.present);
            field(j.behaviour, &i.behaviour);
            let chain: Vec<&str> = i.chain.iter().map(|l| l.text.as_str()).collect();
            field(j.chain, &chain.join(" → "));
            field(j.could_break, &i.could_break);
            field(j.next_time, &i.plan_next_time);
            format!("{} #{} · {}{changed}", j.incident, o.seq, i.when.date())
        }
    };
    format!("{title}\n{}", lines.join("\n").trim_end())
}
