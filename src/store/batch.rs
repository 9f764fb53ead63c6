//! Records that must change together, written in one transaction.

use std::collections::BTreeMap;

use sled::Transactional;
use sled::transaction::ConflictableTransactionError;

use super::error::{Abort, StoreError};
use super::{
    DRAFT_TREE, Kind, SEQ_TREE, SUMMARY_TREE, Store, Stored, Write, codec, record_key, seq_key,
};
use crate::domain::record::Record;

/// Records that must change together (an incident and the factors it
/// found), written by [`Store::commit`] in one transaction.
#[derive(Default)]
pub struct Batch {
    writes: Vec<Write>,
    counters: BTreeMap<(Kind, String), u32>,
    drop_drafts: Vec<String>,
}

impl Batch {
    /// Adds or replaces a record; a new record's number moves its counter.
    pub fn put<T: Stored>(&mut self, record: &Record<T>) -> Result<(), StoreError> {
        let value = codec::encode(record).map_err(StoreError::Codec)?;
        self.writes
            .push((T::KIND.index(), record_key(&record.case, record.seq), value));
        if T::KIND != Kind::Case && T::KIND != Kind::Plan {
            let c = self
                .counters
                .entry((T::KIND, record.case.clone()))
                .or_default();
            *c = (*c).max(record.seq);
        }
        Ok(())
    }

    /// Deletes the draft the records came from, with them.
    pub fn drop_draft(&mut self, key: &str) {
        self.drop_drafts.push(key.to_string());
    }
}

impl Store {
    /// Writes a batch in one transaction: all of it or none.
    pub fn commit(&self, batch: Batch) -> Result<(), StoreError> {
        let bytes = batch.writes.iter().map(|(_, k, v)| k.len() + v.len()).sum();
        self.ensure_space(bytes)?;
        let mut writes = batch.writes;
        for ((kind, case), seq) in batch.counters {
            if seq > self.counter(kind, &case)? {
                writes.push((SEQ_TREE, seq_key(kind, &case), seq.to_be_bytes().to_vec()));
            }
        }
        let cases: Vec<Vec<u8>> = super::summary::cases_written(&writes)
            .into_iter()
            .map(<[u8]>::to_vec)
            .collect();
        let (trees, drop_drafts) = (self.trees.clone(), batch.drop_drafts);
        self.write_within(move || {
            trees.as_slice().transaction(|views| {
                super::put_values(views, &writes)?;
                for case in &cases {
                    super::summary::mark_written(&views[SUMMARY_TREE], case)?;
                }
                for key in &drop_drafts {
                    views[DRAFT_TREE].remove(key.as_bytes())?;
                }
                Ok::<(), ConflictableTransactionError<Abort>>(())
            })?;
            Ok(())
        })
    }
}
