//! Records that must change together, written in one transaction.

use super::error::StoreError;
use super::{Kind, Store, Stored, Write, codec, record_key};
use crate::domain::record::Record;

/// Records that must change together (an incident and the factors it
/// found), written by [`Store::commit`] in one transaction.
#[derive(Default)]
pub struct Batch {
    writes: Vec<Write>,
    drop_drafts: Vec<String>,
}

impl Batch {
    /// Adds or replaces a record; a new record's number moves its counter.
    pub fn put<T: Stored>(&mut self, record: &Record<T>) -> Result<(), StoreError> {
        let value = codec::encode(record).map_err(StoreError::Codec)?;
        self.writes
            .push((T::KIND.index(), record_key(&record.case, record.seq), value));
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
        let (writes, drop_drafts) = (batch.writes, batch.drop_drafts);
        self.transact(bytes, move |tx| {
            for (tree, key, value) in &writes {
                tx.put(*tree, key, value)?;
            }
            for key in &drop_drafts {
                tx.drop_draft(key)?;
            }
            Ok(())
        })
    }
}

impl Store {
    /// Marks records of `case` entered into the journal, every transfer in
    /// one transaction: a mark of "all shown" is all of it or none.
    pub fn mark_transferred(
        &self,
        case: &str,
        transfers: Vec<crate::domain::journal::Transfer>,
        by: &str,
        at: chrono::NaiveDateTime,
    ) -> Result<usize, StoreError> {
        let mut batch = Batch::default();
        let mut seq = self.counter(Kind::Transfer, case)?;
        let n = transfers.len();
        for t in transfers {
            seq += 1;
            batch.put(&Record::new(case, seq, t, by, at))?;
        }
        self.commit(batch)?;
        Ok(n)
    }
}
