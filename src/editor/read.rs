//! Reading a form's values for saving: each checked, or the field that
//! is wrong and why, so the form can say it at the field.

use chrono::{NaiveDate, NaiveTime};

use super::Ctx;
use super::form::Form;
use crate::domain::dates::parse_date;
use crate::domain::note::Participant;
use crate::i18n::fill;
use crate::i18n::forms::FormText;

/// A field that cannot be saved: its id and why.
pub type Bad = (&'static str, String);

pub struct Read<'a> {
    pub form: &'a Form,
    pub today: NaiveDate,
    pub f: &'static FormText,
}

impl Read<'_> {
    pub fn new<'a>(form: &'a Form, cx: &Ctx) -> Read<'a> {
        Read {
            form,
            today: cx.today,
            f: cx.forms(),
        }
    }

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

    /// A date of what has happened: not after today.
    pub fn past_date(&self, id: &'static str) -> Result<NaiveDate, Bad> {
        let date = self.date(id)?;
        if date > self.today {
            let (date, today) = (date.to_string(), self.today.to_string());
            return Err((
                id,
                fill(self.f.date_ahead, &[("date", &date), ("today", &today)]),
            ));
        }
        Ok(date)
    }

    pub fn past_date_opt(&self, id: &'static str) -> Result<Option<NaiveDate>, Bad> {
        if self.form.text(id).trim().is_empty() {
            Ok(None)
        } else {
            self.past_date(id).map(Some)
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
