//! The day's caseload: every case's record and due items, as the case
//! list and `insats overdue` read them, kept under the store's generation
//! so that a start or an `overdue` with nothing written since the last one
//! reads one value and not every case's summary (SPEC §11).
//!
//! Derived, never edited: it is taken only when the store's generation,
//! the day and the rules are those it was made under, and made again from
//! the summaries otherwise. Every write of a record moves the generation
//! on ([`super::summary`]), in the transaction that writes it.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::summary::SUMMARY_FORMAT;
use super::{Damage, SUMMARY_TREE, Store, StoreError, codec};
use crate::domain::case::{Case, CaseStatus, Closing, PhaseEntry};
use crate::domain::due::{DueItem, DueKind, DueState, Listed, Rules};
use crate::domain::phase::Phase;
use crate::domain::record::Record;

/// Bumped when [`Listed`] or the rules change shape: a caseload of another
/// format is made again.
const FORMAT: u32 = 3;

/// A case as kept: of its record what the list reads, and its items
/// without the case code each repeats, every date and time as a number (a
/// date as text is most of the cost of reading one).
#[derive(Serialize, Deserialize)]
struct Row {
    code: String,
    family: String,
    workers: Vec<String>,
    start: i32,
    phases: Vec<(Phase, i32)>,
    status: CaseStatus,
    closed_on: Option<i32>,
    /// The record's creation and last change, seconds.
    at: (i64, i64),
    items: Vec<(DueKind, i32, DueState)>,
}

fn days(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

fn day(n: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(n)
}

fn seconds(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp()
}

fn time(n: i64) -> Option<NaiveDateTime> {
    chrono::DateTime::from_timestamp(n, 0).map(|t| t.naive_utc())
}

impl Row {
    fn new(listed: &Listed) -> Row {
        let (c, meta) = (&listed.case.body, &listed.case.meta);
        Row {
            code: c.code.clone(),
            family: c.family.clone(),
            workers: c.workers.clone(),
            start: days(c.start),
            phases: c.phases.iter().map(|p| (p.phase, days(p.began))).collect(),
            status: c.status,
            closed_on: c.closing.as_ref().map(|x| days(x.on)),
            at: (seconds(meta.created_at), seconds(meta.updated_at)),
            items: listed
                .items
                .iter()
                .map(|i| (i.kind.clone(), days(i.due), i.state))
                .collect(),
        }
    }

    /// The case as [`crate::domain::summary::listed_case`] gives it; None
    /// when a number is out of the calendar's range (never written so).
    fn listed(self) -> Option<Listed> {
        let mut body = Case::new(&self.code, &self.family, day(self.start)?);
        body.workers = self.workers;
        body.places = Vec::new();
        body.phases = self
            .phases
            .into_iter()
            .map(|(phase, began)| {
                Some(PhaseEntry {
                    phase,
                    began: day(began)?,
                })
            })
            .collect::<Option<_>>()?;
        body.status = self.status;
        body.closing = match self.closed_on {
            Some(on) => Some(Closing {
                on: day(on)?,
                reason: String::new(),
            }),
            None => None,
        };
        let items = self
            .items
            .into_iter()
            .map(|(kind, due, state)| {
                Some(DueItem {
                    case: self.code.clone(),
                    kind,
                    due: day(due)?,
                    state,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let mut case = Record::new(&self.code, 0, body, "", time(self.at.0)?);
        case.meta.updated_at = time(self.at.1)?;
        case.meta.updated_by = String::new();
        Some(Listed { case, items })
    }
}

/// Its key in the tree of summaries (before every case code).
const CASELOAD: &[u8] = b"\0caseload";

/// The stored value. The format comes first, so that a value of another
/// format is known as such whatever follows it.
#[derive(Serialize, Deserialize)]
struct Kept<C> {
    format: u32,
    /// The insats that made it, and its summaries' format: another one
    /// may word the rules otherwise.
    made_by: String,
    summary_format: u32,
    generation: u64,
    today: NaiveDate,
    rules: Rules,
    cases: C,
}

impl Store {
    /// Every case on `today` under `rules`, and the damage met reading
    /// them: the caseload kept when nothing was written since it was made,
    /// else made from the summaries and kept (not when anything was
    /// damaged, so that the damage is said again next time).
    pub fn caseload_on(
        &self,
        today: NaiveDate,
        rules: &Rules,
    ) -> Result<(Vec<Listed>, Vec<Damage>), StoreError> {
        let generation = self.generation()?;
        if let Some(g) = generation
            && let Some(cases) = self.kept_caseload(g, today, rules)?
        {
            return Ok((cases, Vec::new()));
        }
        let (cases, damaged) = self.summaries_as(|f| Listed::of(&f, today, rules))?;
        if let Some(g) = generation
            && damaged.is_empty()
        {
            // Best effort: a caseload not kept is made again next time.
            let _ = self.keep_caseload(g, today, rules, &cases);
        }
        Ok((cases, damaged))
    }

    /// The caseload kept at `generation` for `today` under `rules`; None
    /// when there is none, or it was made at another generation, day or
    /// rules, or cannot be read.
    pub fn kept_caseload(
        &self,
        generation: u64,
        today: NaiveDate,
        rules: &Rules,
    ) -> Result<Option<Vec<Listed>>, StoreError> {
        let Some(value) = self.trees[SUMMARY_TREE].get(CASELOAD)? else {
            return Ok(None);
        };
        Ok(codec::decode::<Kept<Vec<Row>>>(&value)
            .ok()
            .filter(|k| {
                k.format == FORMAT
                    && k.made_by == env!("CARGO_PKG_VERSION")
                    && k.summary_format == SUMMARY_FORMAT
                    && k.generation == generation
                    && k.today == today
                    && k.rules == *rules
            })
            .and_then(|k| k.cases.into_iter().map(Row::listed).collect()))
    }

    /// Keeps the caseload made from the summaries read at `generation`.
    pub fn keep_caseload(
        &self,
        generation: u64,
        today: NaiveDate,
        rules: &Rules,
        cases: &[Listed],
    ) -> Result<(), StoreError> {
        let kept = Kept {
            format: FORMAT,
            made_by: env!("CARGO_PKG_VERSION").to_string(),
            summary_format: SUMMARY_FORMAT,
            generation,
            today,
            rules: *rules,
            cases: cases.iter().map(Row::new).collect::<Vec<_>>(),
        };
        let value = codec::encode(&kept).map_err(StoreError::Codec)?;
        self.ensure_space(value.len())?;
        self.trees[SUMMARY_TREE].insert(CASELOAD, value)?;
        Ok(())
    }

    /// Lets go of the caseload kept: `insats check` made summaries again.
    pub(super) fn forget_caseload(&self) -> Result<(), StoreError> {
        self.trees[SUMMARY_TREE].remove(CASELOAD)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every case of the demo, on days from its start to past its end, is
    /// read back as it was kept: the case as the list reads it, and every
    /// item.
    #[test]
    fn a_kept_case_reads_back_as_it_was_listed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let seeded: NaiveDate = "2026-11-22".parse().unwrap();
        crate::demo::seed(&store, seeded).unwrap();
        let files = store.load_all().unwrap().files;
        let rules = Rules::default();
        let mut items = 0;
        for offset in [-120i64, -30, 0, 1, 45, 400] {
            let today = seeded + chrono::Duration::days(offset);
            let listed: Vec<Listed> = files.iter().map(|f| Listed::of(f, today, &rules)).collect();
            items += listed.iter().map(|l| l.items.len()).sum::<usize>();
            let g = 7;
            store.keep_caseload(g, today, &rules, &listed).unwrap();
            assert_eq!(store.kept_caseload(g, today, &rules).unwrap(), Some(listed));
        }
        assert!(items > 100, "{items}");
    }
}
