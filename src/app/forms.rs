//! The editors: each form built from the case's records, with the values
//! of the record being edited or sensible defaults for a new one.

use chrono::NaiveDateTime;

use super::App;
use super::form::{Field, Form, FormKind};
use super::parse::factor_line;
use crate::domain::case::{PersonRole, Place};
use crate::domain::casefile::CaseFile;
use crate::domain::incident::Incident;
use crate::domain::note::{IsoWeek, Participant};
use crate::i18n::fill;

pub(super) fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

pub fn place_index(p: Place) -> usize {
    Place::ALL.iter().position(|x| *x == p).unwrap_or(0)
}

fn participants_chosen(list: &[Participant]) -> Vec<bool> {
    Participant::ALL.iter().map(|p| list.contains(p)).collect()
}

pub fn role_index(r: PersonRole) -> usize {
    match r {
        PersonRole::Parent => 0,
        PersonRole::Child => 1,
        PersonRole::YoungPerson => 2,
        PersonRole::Other => 3,
    }
}

/// The active goals of a case, as (sequence, title).
pub fn active_goals(file: &CaseFile) -> Vec<(u32, String)> {
    let mut goals: Vec<_> = file
        .goals
        .iter()
        .filter(|g| g.is_live() && g.body.is_active())
        .collect();
    goals.sort_by_key(|g| (g.body.priority, g.seq));
    goals
        .iter()
        .map(|g| (g.seq, g.body.title.clone()))
        .collect()
}

impl App {
    pub(super) fn forms_text(&self) -> &'static crate::i18n::forms::FormText {
        self.lang.forms()
    }

    pub(super) fn case_title(&self, what: &str, file: &CaseFile) -> String {
        format!("{what} · {} {}", file.code(), file.case.body.family)
    }

    /// The quick post-visit note: today, now, the usual place; the cursor in
    /// the text.
    pub fn note_form(&self, file: &CaseFile, seq: Option<u32>, now: NaiveDateTime) -> Form {
        let f = self.forms_text();
        let existing = seq.and_then(|s| file.notes.iter().find(|n| n.seq == s));
        let place = file
            .case
            .body
            .places
            .first()
            .copied()
            .unwrap_or(Place::Home);
        let goals = active_goals(file);
        let (date, time, minutes, place, who, child, words, text, touched) = match existing {
            Some(n) => {
                let b = &n.body;
                (
                    b.date.to_string(),
                    b.start.format("%H:%M").to_string(),
                    b.minutes.to_string(),
                    place_index(b.place),
                    participants_chosen(&b.participants),
                    b.child_took_part,
                    b.child_words.clone(),
                    b.text.clone(),
                    goals.iter().map(|(s, _)| b.goals.contains(s)).collect(),
                )
            }
            None => (
                now.date().to_string(),
                now.format("%H:%M").to_string(),
                "60".to_string(),
                place_index(place),
                participants_chosen(&[Participant::Parent]),
                false,
                String::new(),
                String::new(),
                vec![false; goals.len()],
            ),
        };
        let mut fields = vec![
            Field::text("text", f.text, &text),
            Field::date("date", f.date, &date),
            Field::line("time", f.time, &time),
            Field::line("minutes", f.minutes, &minutes),
            Field::choice("place", f.place, strings(&f.places), place),
            Field::multi(
                "participants",
                f.participants,
                strings(&f.participant_options),
                who,
            ),
            Field::toggle("child", f.child_took_part, child),
            Field::text("child_words", f.child_words, &words),
        ];
        let seqs = goals.iter().map(|(s, _)| *s).collect();
        if !goals.is_empty() {
            fields.push(Field::multi(
                "goals",
                f.goals_touched,
                goals.into_iter().map(|(_, t)| t).collect(),
                touched,
            ));
        }
        let kind = FormKind::Note {
            case: file.code().to_string(),
            seq,
            goals: seqs,
        };
        Form::new(kind, self.case_title(f.note, file), fields, "text")
    }

    /// This ISO week's reflection (or the one of `week`), one per case and week.
    pub fn reflection_form(&self, file: &CaseFile, week: IsoWeek, now: NaiveDateTime) -> Form {
        let f = self.forms_text();
        let existing = file.reflection_for(week);
        let mut goals = active_goals(file);
        if let Some(r) = existing {
            // A goal scored then but no longer active keeps its place.
            for s in &r.body.scores {
                if !goals.iter().any(|(g, _)| *g == s.goal) {
                    let title = file
                        .goals
                        .iter()
                        .find(|g| g.seq == s.goal)
                        .map(|g| g.body.title.clone());
                    goals.push((s.goal, title.unwrap_or_else(|| format!("#{}", s.goal))));
                }
            }
        }
        let date = existing.map_or(now.date(), |r| r.body.date).to_string();
        let who = existing.map_or(vec![true, false, false, false, false], |r| {
            participants_chosen(&r.body.participants)
        });
        let mut fields = vec![
            Field::date("date", f.date, &date),
            Field::multi(
                "participants",
                f.participants,
                strings(&f.participant_options),
                who,
            ),
        ];
        for (i, (seq, title)) in goals.iter().take(GOAL_SCORE_IDS.len()).enumerate() {
            let score = existing.and_then(|r| r.body.scores.iter().find(|s| s.goal == *seq));
            let short: String = title.chars().take(40).collect();
            fields.push(Field::line(
                GOAL_SCORE_IDS[i],
                &fill(f.goal_score, &[("goal", &short)]),
                &score.map(|s| s.score.to_string()).unwrap_or_default(),
            ));
            fields.push(Field::text(
                GOAL_TEXT_IDS[i],
                &fill(f.goal_text, &[("goal", &short)]),
                &score.map(|s| s.text.clone()).unwrap_or_default(),
            ));
        }
        let body = existing.map(|r| &r.body);
        fields.push(Field::text(
            "system_view",
            f.system_view,
            body.map_or("", |b| &b.system_view),
        ));
        fields.push(Field::text(
            "child_voice",
            f.child_voice,
            body.map_or("", |b| &b.child_voice),
        ));
        fields.push(Field::text(
            "next_step",
            f.next_step,
            body.map_or("", |b| &b.next_step),
        ));
        let kind = FormKind::Reflection {
            case: file.code().to_string(),
            seq: existing.map(|r| r.seq),
            year: week.year,
            week: week.week,
            goals: goals
                .iter()
                .take(GOAL_SCORE_IDS.len())
                .map(|(s, _)| *s)
                .collect(),
        };
        let focus = if goals.is_empty() {
            "system_view"
        } else {
            GOAL_SCORE_IDS[0]
        };
        let title = fill(
            f.reflection,
            &[("week", &format!("{} {}", self.text().week, week.week))],
        );
        Form::new(kind, self.case_title(&title, file), fields, focus)
    }

    pub fn incident_form(&self, file: &CaseFile, seq: Option<u32>, now: NaiveDateTime) -> Form {
        let f = self.forms_text();
        let existing: Option<&Incident> = seq
            .and_then(|s| file.incidents.iter().find(|i| i.seq == s))
            .map(|r| &r.body);
        let goals = active_goals(file);
        let mut goal_options = vec![f.none.to_string()];
        goal_options.extend(goals.iter().map(|(_, t)| t.clone()));
        let goal = existing
            .and_then(|i| i.goal)
            .and_then(|g| goals.iter().position(|(s, _)| *s == g))
            .map_or(0, |i| i + 1);
        let when = existing
            .map_or(now, |i| i.when)
            .format("%Y-%m-%d %H:%M")
            .to_string();
        let factors = existing
            .map(|i| {
                i.factors
                    .iter()
                    // A factor taken out of the analysis stays out.
                    .filter_map(|s| file.factors.iter().find(|x| x.seq == *s && x.is_live()))
                    .map(|x| factor_line(&x.body))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default();
        let e = |g: fn(&Incident) -> &str| existing.map_or(String::new(), |i| g(i).to_string());
        let fields = vec![
            Field::line("when", f.when, &when),
            Field::line("place", f.where_, &e(|i| &i.place)),
            Field::line("present", f.present, &e(|i| &i.present)),
            Field::choice("goal", f.linked_goal, goal_options, goal),
            Field::text("behaviour", f.behaviour, &e(|i| &i.behaviour)),
            Field::chain(
                "chain",
                f.chain,
                existing.map_or(Vec::new(), |i| i.chain.clone()),
                existing.and_then(|i| i.break_point),
            ),
            Field::text("could_break", f.could_break, &e(|i| &i.could_break)),
            Field::text("factors", f.factors, &factors),
            Field::text("plan_next", f.plan_next, &e(|i| &i.plan_next_time)),
            Field::text("child_account", f.child_account, &e(|i| &i.child_account)),
            Field::date(
                "review_on",
                f.review_on,
                &existing
                    .and_then(|i| i.review_on)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            ),
        ];
        let kind = FormKind::Incident {
            case: file.code().to_string(),
            seq,
            goals: goals.iter().map(|(s, _)| *s).collect(),
        };
        Form::new(
            kind,
            self.case_title(f.incident, file),
            fields,
            if seq.is_some() { "chain" } else { "behaviour" },
        )
    }
}

/// The case's mapped factors (kartläggning) as lines `R: …` / `S: …`.
pub fn mapping_lines(file: &CaseFile) -> String {
    use crate::domain::plan::FactorSource;
    file.factors
        .iter()
        .filter(|x| x.is_live() && x.body.source == FactorSource::Mapping)
        .map(|x| factor_line(&x.body))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Field ids for up to twelve goals in a reflection.
pub const GOAL_SCORE_IDS: [&str; 12] = [
    "score1", "score2", "score3", "score4", "score5", "score6", "score7", "score8", "score9",
    "score10", "score11", "score12",
];
pub const GOAL_TEXT_IDS: [&str; 12] = [
    "gtext1", "gtext2", "gtext3", "gtext4", "gtext5", "gtext6", "gtext7", "gtext8", "gtext9",
    "gtext10", "gtext11", "gtext12",
];
