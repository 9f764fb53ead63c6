//! The day's due list: what `insats overdue` prints, kept under the
//! store's generation, so that a second look the same day with nothing
//! written in between reads one value and not every case's summary.
//!
//! Derived, never edited: it is taken only when the store's generation,
//! the day and the rules are those it was made under, and made again from
//! the summaries otherwise. Every write of a record moves the generation
//! on ([`super::summary`]), in the transaction that writes it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{SUMMARY_TREE, Store, StoreError, codec};
use crate::domain::due::{Flagged, Rules};

/// Bumped when [`Flagged`] or the rules change shape: a list of another
/// format is made again.
const FORMAT: u32 = 1;

/// Its key in the tree of summaries (before every case code).
const DUE_LIST: &[u8] = b"\0due list";

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
    /// The due list kept at `generation` for `today` under `rules`; None
    /// when there is none, or it was made at another generation, day or
    /// rules, or cannot be read.
    pub fn kept_due_list(
        &self,
        generation: u64,
        today: NaiveDate,
        rules: &Rules,
    ) -> Result<Option<Vec<Flagged>>, StoreError> {
        let Some(value) = self.trees[SUMMARY_TREE].get(DUE_LIST)? else {
            return Ok(None);
        };
        Ok(codec::decode::<Kept<Vec<Flagged>>>(&value)
            .ok()
            .filter(|k| {
                k.format == FORMAT
                    && k.generation == generation
                    && k.today == today
                    && k.rules == *rules
            })
            .map(|k| k.cases))
    }

    /// Keeps the due list made from the summaries read at `generation`.
    pub fn keep_due_list(
        &self,
        generation: u64,
        today: NaiveDate,
        rules: &Rules,
        cases: &[Flagged],
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
        self.trees[SUMMARY_TREE].insert(DUE_LIST, value)?;
        Ok(())
    }
}
