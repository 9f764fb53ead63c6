//! The day's caseload: every case's record and due items, as the case
//! list and `insats overdue` read them, kept under the store's generation
//! so that a start or an `overdue` with nothing written since the last one
//! reads one value and not every case's summary (SPEC §11).
//!
//! Derived, never edited: it is taken only when the store's generation,
//! the day and the rules are those it was made under, and made again from
//! the summaries otherwise. Every write of a record moves the generation
//! on ([`super::summary`]), in the transaction that writes it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Damage, SUMMARY_TREE, Store, StoreError, codec};
use crate::domain::due::{Listed, Rules};

/// Bumped when [`Listed`] or the rules change shape: a caseload of another
/// format is made again.
const FORMAT: u32 = 1;

/// Its key in the tree of summaries (before every case code).
const CASELOAD: &[u8] = b"\0caseload";

/// The stored value: `C` is the list read (a Vec) or written (a slice).
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
        Ok(codec::decode::<Kept<Vec<Listed>>>(&value)
            .ok()
            .filter(|k| {
                k.format == FORMAT
                    && k.generation == generation
                    && k.today == today
                    && k.rules == *rules
            })
            .map(|k| k.cases))
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
            cases,
        };
        let value = codec::encode(&kept).map_err(StoreError::Codec)?;
        self.ensure_space(value.len())?;
        self.trees[SUMMARY_TREE].insert(CASELOAD, value)?;
        Ok(())
    }
}
