//! Reading a form's values for saving: each checked, or the field that
//! is wrong and why, so the form can say it at the field.

use chrono::{NaiveDate, NaiveTime};

use super::form::Form;
use super::parse::lines;
use crate::domain::dates::parse_date;
use crate::domain::note::Participant;
use crate::domain::rating::{APQ_SUBSCALES, Better, CBCL_SUBSCALES, Instrument, SubscaleScore};
use crate::domain::report::{
    Answer, ChildAnswers, FollowUpOutcome, Interview, NotAsked, Respondent,
};
use crate::i18n::fill;
use crate::i18n::forms::FormText;

/// A field that cannot be saved: its id and why.
pub(super) type Bad = (&'static str, String);

pub(super) struct Read<'a> {
    pub form: &'a Form,
    pub today: NaiveDate,
    pub f: &'static FormText,
}

impl Read<'_> {
    pub fn date(&self, id: &'static str) -> Result<NaiveDate, Bad> {
        let s = self.form.text(id);
        parse_date(&s, self.today).map_err(|_| (id, fill(self.f.bad_date, &[("input", s.trim())])))
    }

    pub fn date_opt(&self, id: &'static str) -> Result<Option<NaiveDate>, Bad> {
        if self.form.text(id).trim().is_empty() {
            Ok(None)
        } else {
            self.date(id).map(Some)
        }
    }

    pub fn time(&self, id: &'static str) -> Result<NaiveTime, Bad> {
        let s = self.form.text(id);
        let t = s.trim().replace('.', ":");
        NaiveTime::parse_from_str(&t, "%H:%M")
            .map_err(|_| (id, fill(self.f.bad_time, &[("input", s.trim())])))
    }

    pub fn number(&self, id: &'static str, min: f32, max: f32) -> Result<f32, Bad> {
        let s = self.form.text(id);
        match s.trim().replace(',', ".").parse::<f32>() {
            Ok(v) if (min..=max).contains(&v) => Ok(v),
            _ => Err((
                id,
                fill(
                    self.f.bad_number,
                    &[
                        ("input", s.trim()),
                        ("min", &min.to_string()),
                        ("max", &max.to_string()),
                    ],
                ),
            )),
        }
    }

    pub fn required(&self, id: &'static str) -> Result<String, Bad> {
        let s = self.form.text(id).trim().to_string();
        if s.is_empty() {
            Err((id, self.f.required.to_string()))
        } else {
            Ok(s)
        }
    }

    pub fn participants(&self) -> Vec<Participant> {
        Participant::ALL
            .iter()
            .zip(self.form.multi("participants"))
            .filter(|(_, on)| *on)
            .map(|(p, _)| *p)
            .collect()
    }
}

/// The scores of a rating, a subscale a line (`name: score`, by its name in
/// either language or its code); a line without a score is skipped.
pub(super) fn rating_scores(
    instrument: &Instrument,
    text: &str,
    f: &FormText,
) -> Result<Vec<SubscaleScore>, Bad> {
    let preset: &[(&str, Better)] = match instrument {
        Instrument::Apq => &APQ_SUBSCALES,
        Instrument::Cbcl => &CBCL_SUBSCALES,
        Instrument::Custom(_) => &[],
    };
    let bad = |input: &str| {
        (
            "scores",
            fill(
                f.bad_number,
                &[("input", input), ("min", "0"), ("max", "999")],
            ),
        )
    };
    let mut scores = Vec::new();
    for line in lines(text) {
        let Some((name, value)) = line.rsplit_once(':') else {
            return Err(bad(&line));
        };
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let score = value
            .replace(',', ".")
            .parse::<f32>()
            .ok()
            .filter(|v| v.is_finite() && (0.0..=999.0).contains(v))
            .ok_or_else(|| bad(value))?;
        let name = crate::i18n::subscale_code(name);
        let better = preset
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(Better::Higher, |(_, b)| *b);
        scores.push(SubscaleScore {
            name,
            better,
            score,
        });
    }
    Ok(scores)
}

/// Study 002's interview as the follow-up form holds it, or why the family
/// was not asked.
pub(super) fn follow_up_outcome(form: &Form, r: &Read) -> Result<FollowUpOutcome, Bad> {
    Ok(match form.choice("outcome") {
        0 => {
            let expectations_met = if form.text("expectations").trim().is_empty() {
                None
            } else {
                // Half points, as study 002's answers (5,5).
                Some(((r.number("expectations", 1.0, 6.0))? * 2.0).round() / 2.0)
            };
            let answer = |id| [Answer::Yes, Answer::No, Answer::Unsure][form.choice(id).min(2)];
            let list = |ids: [&str; 3]| -> Vec<String> {
                ids.iter()
                    .map(|id| form.text(id).trim().to_string())
                    .filter(|t| !t.is_empty())
                    .collect()
            };
            let child = ChildAnswers {
                worked_well: form.text("child_well").trim().to_string(),
                worked_less_well: form.text("child_less").trim().to_string(),
                comment: form.text("child_comment").trim_end().to_string(),
            };
            FollowUpOutcome::Asked(Interview {
                respondent: [
                    Respondent::Parent,
                    Respondent::BothParents,
                    Respondent::Guardian,
                    Respondent::Other,
                ][form.choice("respondent").min(3)],
                expectations_met,
                had_plan: answer("had_plan"),
                worked_well: list(["well1", "well2", "well3"]),
                worked_less_well: list(["less1", "less2", "less3"]),
                helped_as_parent: form.text("helped").trim_end().to_string(),
                would_contact_again: answer("again"),
                comment: form.text("comment").trim_end().to_string(),
                child: (child != ChildAnswers::default()).then_some(child),
            })
        }
        1 => FollowUpOutcome::NotAsked(NotAsked::Declined),
        2 => FollowUpOutcome::NotAsked(NotAsked::Moved),
        3 => FollowUpOutcome::NotAsked(NotAsked::Unreachable),
        _ => FollowUpOutcome::NotAsked(NotAsked::Other((r.required("other_reason"))?)),
    })
}
