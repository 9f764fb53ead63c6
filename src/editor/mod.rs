//! The editors. The form engine (`form.rs`, `field.rs`, `chain.rs`,
//! `draft.rs`, `parse.rs`, `read.rs`) and one file per kind of record —
//! note, reflection, incident, case, plan, goal, rating, report, closing,
//! follow-up — each holding what that editor is: `form`, the fields it
//! shows (filled from the record or with defaults), and `write`, what
//! `Ctrl-S` checks and the record (or batch) it writes. The application
//! (`app/`) opens them and routes keys; it knows no kind's fields.
//!
//! Layer: below `app`, above `store`; no terminal, no clock (`now` and
//! `today` come in [`Ctx`]).

pub mod case;
pub mod chain;
pub mod closing;
pub mod controls;
pub mod draft;
pub mod field;
pub mod follow_up;
pub mod form;
pub mod goal;
pub mod incident;
pub mod note;
pub mod parse;
pub mod plain;
pub mod plan;
pub mod rating;
pub mod read;
pub mod reflection;
pub mod report;
pub mod soft_wrap;

use chrono::{NaiveDate, NaiveDateTime};

pub use form::{Chain, Draft, DraftSlot, Field, FieldKind, Form, FormKind, Value};

use crate::domain::casefile::CaseFile;
use crate::domain::note::{IsoWeek, Participant};
use crate::domain::record::Record;
use crate::i18n::Lang;
use crate::i18n::forms::FormText;
use crate::store::{Store, StoreError, Stored};

/// What an editor knows of its surroundings: who writes, when, in which
/// language.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    pub lang: Lang,
    pub today: NaiveDate,
    pub now: NaiveDateTime,
    /// Signs what is written.
    pub worker: &'a str,
}

impl Ctx<'_> {
    pub fn forms(&self) -> &'static FormText {
        self.lang.forms()
    }

    /// An editor's title: what it is, and for which case.
    pub fn title(&self, what: &str, file: &CaseFile) -> String {
        format!("{what} · {} {}", file.code(), file.case.body.family)
    }
}

/// Where a save writes: the store, the case file as loaded (none for a new
/// case), and the draft deleted in the same transaction as the record.
pub struct Writer<'a> {
    pub store: &'a Store,
    pub file: Option<&'a CaseFile>,
    pub cx: Ctx<'a>,
    pub draft: String,
}

/// What a save wrote: the case, and the record's number where it has one
/// (a retried save writes over it rather than adding a second).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub case: String,
    pub seq: Option<u32>,
    /// What the status bar says, when more than "saved".
    pub message: Option<String>,
}

/// Why a save did not happen: a field to correct (its id and why), or the
/// store failed.
#[derive(Debug)]
pub enum Fail {
    Field(&'static str, String),
    Store(StoreError),
}

impl From<StoreError> for Fail {
    fn from(e: StoreError) -> Fail {
        Fail::Store(e)
    }
}

impl From<read::Bad> for Fail {
    fn from((id, why): read::Bad) -> Fail {
        Fail::Field(id, why)
    }
}

pub type Written = Result<Saved, Fail>;

impl Writer<'_> {
    /// The draft key, for writes that clear it.
    fn draft(&self) -> Option<&str> {
        Some(self.draft.as_str())
    }

    /// Adds a new record, or edits the one with `seq` keeping its history;
    /// the draft goes in the same transaction.
    fn upsert<T: Stored>(
        &self,
        list: Option<&[Record<T>]>,
        case: &str,
        seq: Option<u32>,
        body: T,
    ) -> Written {
        let (by, now) = (self.cx.worker, self.cx.now);
        let seq = match seq.and_then(|s| list.and_then(|l| l.iter().find(|r| r.seq == s))) {
            Some(existing) => {
                let mut record = existing.clone();
                record.edit(body, by, now);
                self.store.put_clearing(&record, self.draft())?;
                record.seq
            }
            None => {
                self.store
                    .add_clearing(case, body, by, now, self.draft())?
                    .seq
            }
        };
        Ok(Saved {
            case: case.to_string(),
            seq: Some(seq),
            message: None,
        })
    }
}

/// `Ctrl-S`: the form's values checked and its record written by the
/// editor of its kind.
pub fn write(form: &Form, w: &Writer) -> Written {
    controls::refuse(form, w.cx.lang.safety())?;
    match &form.kind {
        FormKind::Note { case, seq, goals } => note::write(w, form, case, *seq, goals),
        FormKind::Reflection {
            case, seq, goals, ..
        } => reflection::write(w, form, case, *seq, goals),
        FormKind::Incident { case, seq, goals } => incident::write(w, form, case, *seq, goals),
        FormKind::NewCase => case::write(w, form, None),
        FormKind::EditCase { case } => case::write(w, form, Some(case)),
        FormKind::Plan { case } => plan::write(w, form, case),
        FormKind::Goal { case, seq } => goal::write(w, form, case, *seq),
        FormKind::Rating { case, seq } => rating::write(w, form, case, *seq),
        FormKind::Report { case } => report::write(w, form, case),
        FormKind::FollowUp { case, seq } => follow_up::write(w, form, case, *seq),
        FormKind::Close { case } => closing::write(w, form, case),
    }
}

/// The editor a draft was kept from, opened again on its case (`None` when
/// the case is gone).
pub fn reopen(kind: &FormKind, file: Option<&CaseFile>, cx: &Ctx) -> Option<Form> {
    Some(match (kind, file) {
        (FormKind::NewCase, _) => case::form(cx, None),
        (FormKind::Note { seq, .. }, Some(f)) => note::form(cx, f, *seq),
        (FormKind::Reflection { year, week, .. }, Some(f)) => {
            let week = NaiveDate::from_isoywd_opt(*year, *week, chrono::Weekday::Mon)
                .map(IsoWeek::of)
                .unwrap_or(IsoWeek::of(cx.today));
            reflection::form(cx, f, week)
        }
        (FormKind::Incident { seq, .. }, Some(f)) => incident::form(cx, f, *seq),
        (FormKind::EditCase { .. }, Some(f)) => case::form(cx, Some(f)),
        (FormKind::Plan { .. }, Some(f)) => plan::form(cx, f),
        (FormKind::Goal { seq, .. }, Some(f)) => goal::form(cx, f, *seq),
        (FormKind::Rating { seq, .. }, Some(f)) => rating::form(cx, f, *seq),
        (FormKind::Report { .. }, Some(f)) => report::form(cx, f, None),
        (FormKind::Close { .. }, Some(f)) => closing::form(cx, f),
        (FormKind::FollowUp { seq, .. }, Some(f)) => follow_up::form(cx, f, *seq),
        (_, None) => return None,
    })
}

/// After a key changed the form's values: what one editor redoes from
/// another field — a rating's subscales follow its instrument and its
/// comparison with the initial rating follows the scores typed; a
/// reflection's title follows the week of its date.
pub fn changed(form: &mut Form, cx: &Ctx, file: Option<&CaseFile>) {
    match form.kind {
        FormKind::Rating { .. } => {
            rating::instrument_changed(form, cx.lang);
            if let Some(file) = file {
                rating::beside_changed(form, cx, file);
            }
        }
        FormKind::Reflection { .. } => reflection::date_changed(form, cx),
        _ => {}
    }
}

pub(crate) fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

pub(crate) fn participants_chosen(list: &[Participant]) -> Vec<bool> {
    Participant::ALL.iter().map(|p| list.contains(p)).collect()
}

/// The active goals of a case, as (sequence, title), in priority order.
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
