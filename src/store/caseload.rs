//! The day's caseload: every case's record and due items, as the case
//! list and `insats overdue` read them, kept under the store's generation
//! so that a start or an `overdue` with nothing written since the last one
//! reads one value and not every case's summary (SPEC §11).
//!
//! Derived, never edited: it is taken only when the store's generation,
//! the day and the rules are those it was made under, and made again from
//! the summaries otherwise. Every write of a record moves the generation
//! on ([`super::summary`]), in the transaction that writes it.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Damage, SUMMARY_TREE, Store, StoreError, codec};
use crate::domain::case::Case;
use crate::domain::due::{DueItem, DueKind, DueState, Listed, Rules};
use crate::domain::record::Record;

/// Bumped when [`Listed`] or the rules change shape: a caseload of another
/// format is made again.
const FORMAT: u32 = 2;

/// A case as kept: its record, and its items without the case code each
/// repeats, their dates as days (a date as text is most of the cost of
/// reading one).
#[derive(Serialize, Deserialize)]
struct Row {
    case: Record<Case>,
    items: Vec<(DueKind, i32, DueState)>,
}

impl Row {
    fn new(listed: &Listed) -> Row {
        Row {
            case: listed.case.clone(),
            items: listed
                .items
                .iter()
                .map(|i| (i.kind.clone(), i.due.num_days_from_ce(), i.state))
                .collect(),
        }
    }

    /// None when a day is out of the calendar's range (never written so).
    fn listed(self) -> Option<Listed> {
        let code = &self.case.body.code;
        let items = self
            .items
            .into_iter()
            .map(|(kind, days, state)| {
                Some(DueItem {
                    case: code.clone(),
                    kind,
                    due: NaiveDate::from_num_days_from_ce_opt(days)?,
                    state,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Listed {
            case: self.case,
            items,
        })
    }
}

/// Its key in the tree of summaries (before every case code).
const CASELOAD: &[u8] = b"\0caseload";

/// The stored value. The format comes first, so that a value of another
/// format is known as such whatever follows it.
#[derive(Serialize, Deserialize)]
struct Kept<C> {
    format: u32,
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
        let loaded = self.load_summaries()?;
        let cases: Vec<Listed> = loaded
            .files
            .iter()
            .map(|f| Listed::of(f, today, rules))
            .collect();
        if let Some(g) = generation
            && loaded.damaged.is_empty()
        {
            // Best effort: a caseload not kept is made again next time.
            let _ = self.keep_caseload(g, today, rules, &cases);
        }
        Ok((cases, loaded.damaged))
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
}
