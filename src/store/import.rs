//! Import from an export, refusing records already in the store, twice
//! in the file, holding control characters or values insats would not
//! write (`domain::sound`); and the restore of a backup through the same
//! staging. A file is read a record at a time and written a chunk of whole
//! cases at a time.

use std::collections::{BTreeMap, BTreeSet};
use std::io;

use super::backup_stream::{NotRead, Take, each_record};
use super::export::IMPORT_CHUNK;
use super::figures::Removed;
use super::{Kind, Store, StoreError, Stored, Write, case_prefix, codec, record_key};
use crate::domain::record::Record;
use crate::domain::text::holds_control;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub imported: usize,
    pub new_cases: usize,
    /// Records whose key was already in the store, left as they were, or
    /// came earlier in the same file (the first one is taken).
    pub duplicates: usize,
    /// Records whose case is neither in the file nor in the store.
    pub orphans: usize,
    /// Records that do not hold together (a week not in the calendar, a
    /// case whose code does not match its key).
    pub invalid: usize,
    /// Records holding control characters (escape sequences).
    pub controls: usize,
}

impl ImportSummary {
    /// Every record read, taken or not.
    pub fn records(&self) -> usize {
        self.imported + self.duplicates + self.orphans + self.invalid + self.controls
    }
}

/// The writes of an import not yet made, grouped by case so that each
/// case arrives whole or not at all.
#[derive(Default)]
struct Staged {
    writes: BTreeMap<String, Vec<Write>>,
    /// The bytes of `writes`.
    bytes: usize,
    /// Every (tree, key) queued, so a second record with the same key in
    /// the file is refused as a duplicate and cannot write over the first.
    keys: BTreeSet<(usize, Vec<u8>)>,
    /// Whether the store held any record of a case in a kind's tree before
    /// the writes queued ([`Store::holds`]).
    cases_held: BTreeMap<(Kind, String), bool>,
    /// The codes of the cases taken from the file.
    known: BTreeSet<String>,
    /// The day each case taken from the file began: none of its records
    /// is dated before it.
    begins: BTreeMap<String, chrono::NaiveDate>,
    /// The day of the import: no record is dated after it.
    today: chrono::NaiveDate,
    /// Whether records holding control characters are refused (an import
    /// from outside) or taken as they are (a restore of our own backup).
    refuse_controls: bool,
    summary: ImportSummary,
}

impl Staged {
    fn new(refuse_controls: bool) -> Staged {
        Staged {
            today: chrono::Local::now().date_naive(),
            refuse_controls,
            ..Staged::default()
        }
    }
}

/// An import read a record at a time ([`each_record`]), written as a
/// chunk is staged.
struct Importing<'s> {
    store: &'s Store,
    plan: Staged,
}

/// The first reading of a file to import: every record read and encoded,
/// nothing kept.
struct Checking;

impl Take for Checking {
    type Of<T: Stored> = Record<T>;

    fn take<T: Stored>(&mut self, record: Record<T>) -> Result<(), StoreError> {
        readable(&record).map(|_| ())
    }
}

impl Take for Importing<'_> {
    type Of<T: Stored> = Record<T>;

    fn removed(&mut self, removed: &Removed) -> Result<(), StoreError> {
        self.store.take_removed(removed)
    }

    fn take<T: Stored>(&mut self, record: Record<T>) -> Result<(), StoreError> {
        let store = self.store;
        store.take(&mut self.plan, &record)?;
        if self.plan.bytes >= IMPORT_CHUNK {
            store.write_staged(&mut self.plan)?;
        }
        if cfg!(debug_assertions) && !self.plan.refuse_controls {
            // Test builds only: a restore killed half way, once this many
            // records are in.
            let after = std::env::var("INSATS_TEST_RESTORE_KILL_AFTER").ok();
            if after.and_then(|n| n.parse().ok()) == Some(self.plan.summary.records()) {
                store.write_staged(&mut self.plan)?;
                store.flush()?;
                std::process::abort();
            }
        }
        Ok(())
    }
}

impl Store {
    /// Adds what the export `open` reads holds and the store does not. A
    /// record already present (same case, kind and number), or twice in
    /// the file, is refused and left untouched; so is one holding control
    /// characters. The file is read once to check that it reads whole and
    /// that every record will read back once stored (nothing is written
    /// otherwise; a record too large to read back refuses it whole), then
    /// again to write it a piece at a time (its cases first, as an export
    /// has them). An import cut off half way is taken up by the same
    /// import again.
    pub fn import_from<R: io::Read>(
        &self,
        open: impl Fn() -> io::Result<R>,
    ) -> Result<Result<ImportSummary, NotRead>, StoreError> {
        let reader = || open().map_err(NotRead::Read);
        match reader().map(|json| each_record(json, &mut Checking)) {
            Ok(Ok(Ok(_))) => {}
            Ok(Ok(Err(not))) | Err(not) => return Ok(Err(not)),
            Ok(Err(e)) => return Err(e),
        }
        match reader() {
            Ok(json) => self.import_read(json, true),
            Err(not) => Ok(Err(not)),
        }
    }

    /// [`Store::import_from`] of a backup of our own, into a fresh store
    /// being built apart: every record as it was kept, control characters
    /// included (they were taken before the rule, and a restore must bring
    /// back everything).
    pub(super) fn restore_from(
        &self,
        json: impl io::Read,
    ) -> Result<Result<ImportSummary, NotRead>, StoreError> {
        self.import_read(json, false)
    }

    /// Stages what `json` holds, written as it makes a chunk.
    fn import_read(
        &self,
        json: impl io::Read,
        from_outside: bool,
    ) -> Result<Result<ImportSummary, NotRead>, StoreError> {
        // An import's first reading checked that its records read back; a
        // backup holds only records that were read.
        let mut importing = Importing {
            store: self,
            plan: Staged::new(from_outside),
        };
        if let Err(not) = each_record(json, &mut importing)? {
            return Ok(Err(not));
        }
        self.write_staged(&mut importing.plan)?;
        Ok(Ok(importing.plan.summary))
    }

    /// Stages one record from a file: a case, or a record of a case in the
    /// file or in the store.
    fn take<T: Stored>(&self, plan: &mut Staged, record: &Record<T>) -> Result<(), StoreError> {
        if T::KIND == Kind::Case {
            if self.stage(plan, record)? {
                plan.summary.new_cases += 1;
                plan.known.insert(record.case.clone());
            }
        } else if plan.known.contains(&record.case) || self.case_exists(&record.case)? {
            self.stage(plan, record)?;
        } else {
            plan.summary.orphans += 1;
        }
        Ok(())
    }

    /// Writes what is staged: whole cases in each transaction, as many as
    /// make a chunk (a case is all in or not at all, and a large import is
    /// not one transaction per case).
    fn write_staged(&self, plan: &mut Staged) -> Result<(), StoreError> {
        let (mut chunk, mut bytes): (Vec<Write>, usize) = (Vec::new(), 0);
        for writes in std::mem::take(&mut plan.writes).into_values() {
            bytes += writes
                .iter()
                .map(|(_, k, v)| k.len() + v.len())
                .sum::<usize>();
            chunk.extend(writes);
            if bytes >= IMPORT_CHUNK {
                self.write_all(std::mem::take(&mut chunk))?;
                bytes = 0;
            }
        }
        if !chunk.is_empty() {
            self.write_all(chunk)?;
        }
        // What is written is in the store now, where the next look finds it.
        plan.keys.clear();
        plan.cases_held.clear();
        plan.bytes = 0;
        Ok(())
    }

    /// Whether the store holds `key` of `case` in the tree of `kind`: one
    /// look for whether the case has any record there, remembered, and
    /// one for the key only when it has (an import into a new store, or of
    /// new cases, looks once a case and kind, not once a record).
    fn holds(
        &self,
        plan: &mut Staged,
        kind: Kind,
        case: &str,
        key: &[u8],
    ) -> Result<bool, StoreError> {
        let any = match plan.cases_held.get(&(kind, case.to_string())) {
            Some(any) => *any,
            None => {
                let any = self
                    .tree(kind)
                    .scan_prefix(case_prefix(case))
                    .next()
                    .is_some();
                plan.cases_held.insert((kind, case.to_string()), any);
                any
            }
        };
        Ok(any && self.contains(kind, key)?)
    }

    /// Queues one record unless its key is taken; true when queued.
    fn stage<T: Stored>(&self, plan: &mut Staged, record: &Record<T>) -> Result<bool, StoreError> {
        if let Some(start) = record.body.begins() {
            plan.begins.insert(record.case.clone(), start);
        }
        // A record from outside dated before its case or after today; a
        // restore of our own backup takes every record it holds.
        let outside = plan.refuse_controls
            && record.body.day().is_some_and(|day| {
                day > plan.today || plan.begins.get(&record.case).is_some_and(|s| day < *s)
            });
        if !T::valid(record) || outside {
            plan.summary.invalid += 1;
            return Ok(false);
        }
        if plan.refuse_controls && holds_control(record) {
            plan.summary.controls += 1;
            return Ok(false);
        }
        let key = record_key(&record.case, record.seq);
        if plan.keys.contains(&(T::KIND.index(), key.clone()))
            || self.holds(plan, T::KIND, &record.case, &key)?
        {
            plan.summary.duplicates += 1;
            return Ok(false);
        }
        let value = codec::encode(record).map_err(StoreError::Codec)?;
        plan.keys.insert((T::KIND.index(), key.clone()));
        plan.bytes += key.len() + value.len();
        plan.writes
            .entry(record.case.clone())
            .or_default()
            .push((T::KIND.index(), key, value));
        plan.summary.imported += 1;
        Ok(true)
    }
}

/// A record's value, when it will read back: the codec refuses to decode
/// one that claims more than [`codec::SIZE_LIMIT`] bytes, and encodes it
/// all the same.
fn readable<T: Stored>(record: &Record<T>) -> Result<Vec<u8>, StoreError> {
    let value = codec::encode(record).map_err(StoreError::Codec)?;
    match codec::decode::<Record<T>>(&value) {
        Ok(_) => Ok(value),
        Err(_) => Err(StoreError::TooLarge {
            record: format!("{} {}", T::KIND.tree_name(), record.key()),
            bytes: value.len(),
        }),
    }
}

/// Test builds only: [`Store::import_from`] of `export` as its JSON.
#[cfg(test)]
impl Store {
    pub(crate) fn import_export(
        &self,
        export: &super::export::Export,
    ) -> Result<ImportSummary, StoreError> {
        let json = serde_json::to_vec(export).unwrap();
        Ok(self.import_from(|| Ok(json.as_slice()))?.unwrap())
    }
}
