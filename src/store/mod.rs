//! The store: sled trees, one per kind of record, holding values in the
//! versioned codec. "Saved" means [`Store::flush`] returned.

pub mod backup;
mod backup_stream;
mod batch;
pub mod bucket;
pub mod codec;
mod drafts;
mod error;
pub mod export;
pub mod figures;
pub mod import;
pub mod inbox;
mod kind;
pub mod lock;
mod open;
mod pass;
pub mod perms;
pub mod purge;
mod read;
mod readonly;
mod restore;
pub mod space;
pub mod summary;

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize};

use chrono::NaiveDateTime;
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionalTree};

use crate::domain::case::Case;
use crate::domain::casefile::CaseFile;
use crate::domain::record::Record;
pub use batch::Batch;
pub use drafts::Drafter;
use error::{Abort, abort_codec};
pub use error::{Damage, StoreError};
pub use kind::{Kind, Stored};
use lock::DirLock;
use open::{open_sled, open_trees};
pub use readonly::WhyCopy;

/// The tree of per-case sequence counters, after the record trees.
const SEQ_TREE: usize = Kind::ALL.len();
/// The tree of drafts: text being written, kept until it is saved.
const DRAFT_TREE: usize = SEQ_TREE + 1;
/// The tree of case summaries ([`summary`]).
const SUMMARY_TREE: usize = DRAFT_TREE + 1;
/// The tree of the inbox's notes taken in ([`inbox`]).
const TAKEN_TREE: usize = SUMMARY_TREE + 1;
/// The trees of what stays of removed cases ([`figures`]).
const FIGURES_TREE: usize = TAKEN_TREE + 1;
const REMOVALS_TREE: usize = FIGURES_TREE + 1;

/// The key of a record: the case code, a zero byte, the sequence (big
/// endian, so a case's records iterate in order).
pub fn record_key(case: &str, seq: u32) -> Vec<u8> {
    record_key_bytes(case.as_bytes(), seq)
}

/// [`record_key`] of a case code in bytes.
fn record_key_bytes(case: &[u8], seq: u32) -> Vec<u8> {
    [case, &[0], &seq.to_be_bytes()].concat()
}

/// What the keys of a case's records begin with: its code and a zero byte.
fn case_prefix(case: impl AsRef<[u8]>) -> Vec<u8> {
    [case.as_ref(), &[0]].concat()
}

/// `2026-014/3` for a key, or its bytes when it is not one of ours.
pub fn display_key(key: &[u8]) -> String {
    if key.len() >= 5 && key[key.len() - 5] == 0 {
        let (case, rest) = key.split_at(key.len() - 5);
        if let Ok(case) = std::str::from_utf8(case) {
            let seq = u32::from_be_bytes([rest[1], rest[2], rest[3], rest[4]]);
            return format!("{case}/{seq}");
        }
    }
    format!("{key:02x?}")
}

/// The key of a case's counter of one kind: the kind, a zero byte, the case.
fn seq_key(kind: Kind, case: impl AsRef<[u8]>) -> Vec<u8> {
    [kind.tree_name().as_bytes(), &[0], case.as_ref()].concat()
}

/// One value to write: tree index, key, encoded value.
type Write = (usize, Vec<u8>, Vec<u8>);

/// Everything in the store, and what could not be read.
#[derive(Debug, Default)]
pub struct Loaded {
    pub files: Vec<CaseFile>,
    pub damaged: Vec<Damage>,
    /// Records read, damaged ones not counted.
    pub records: usize,
    /// Cases listed whose records cannot be read: code and problem.
    pub unreadable: Vec<(String, String)>,
}

/// An open store, holding its lock.
pub struct Store {
    db: sled::Db,
    /// One tree per [`Kind`], then the sequence counters, the drafts, the
    /// summaries and the inbox's marks.
    trees: Vec<sled::Tree>,
    dir: PathBuf,
    /// Set when a flush did not return in time; no write is tried after.
    stalled: Arc<AtomicBool>,
    /// Held by every handle to the database given out ([`Drafter`]): while
    /// one is, sled cannot be closed and opened again ([`pass`]).
    handles: Arc<()>,
    /// Bytes of values read since sled was opened: about what it keeps
    /// in memory ([`pass`]).
    read: AtomicUsize,
    /// Reads made through this handle ([`Store::reads`]).
    reads: AtomicUsize,
    /// Shared with the handles lent to the screen's server
    /// ([`Store::lend`]): the lock is let go with the last of them.
    lock: Arc<DirLock>,
    /// A copy opened to read on a full disk; removed after the database
    /// above it is closed (fields drop in order).
    scratch: Option<Arc<readonly::Scratch>>,
}

impl Store {
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// How many reads of records or summaries this handle has made: the
    /// tests hold rendering to none.
    pub fn reads(&self) -> usize {
        self.reads.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn note_read(&self) {
        self.reads
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    fn tree(&self, kind: Kind) -> &sled::Tree {
        &self.trees[kind.index()]
    }

    /// Makes everything written so far durable. Only after this returns may
    /// the screen say "saved".
    /// Waits at most [`space::FLUSH_BOUND`]: a store that does not answer
    /// is [`StoreError::Stalled`], never a hang.
    pub fn flush(&self) -> Result<(), StoreError> {
        space::flush_within(&self.db, &self.dir, &self.stalled)?;
        perms::secure_dir(&self.dir).map_err(io_err("protect", &self.dir))
    }

    /// Refuses a write of about `bytes` when the disk has not the room —
    /// and every write to a copy opened to read on a full disk.
    pub fn ensure_space(&self, bytes: usize) -> Result<(), StoreError> {
        let copy_of = self.scratch.as_ref().map(|s| s.origin.as_path());
        space::ensure(&self.dir, copy_of, bytes)
    }

    pub fn case_exists(&self, code: &str) -> Result<bool, StoreError> {
        Ok(self.tree(Kind::Case).contains_key(record_key(code, 0))?)
    }

    /// Registers a new case; refuses a code already taken.
    pub fn insert_case(&self, record: &Record<Case>) -> Result<(), StoreError> {
        let value = codec::encode(record).map_err(StoreError::Codec)?;
        let key = record_key(&record.body.code, 0);
        let code = record.body.code.clone();
        self.transact(value.len(), move |tx| {
            if tx.has_case(&code)? {
                return Err(ConflictableTransactionError::Abort(Abort::Exists(
                    code.clone(),
                )));
            }
            tx.put(Kind::Case.index(), &key, &value)
        })
    }

    /// Runs `write` in one transaction over every tree, once the disk has
    /// room for about `bytes`: every write of a record goes through here,
    /// so that what is derived from the records ([`Tx::put`]) changes with
    /// them. Waits as [`Store::write_within`].
    fn transact<R: Send + 'static>(
        &self,
        bytes: usize,
        write: impl Fn(&Tx) -> Result<R, ConflictableTransactionError<Abort>> + Send + 'static,
    ) -> Result<R, StoreError> {
        self.ensure_space(bytes)?;
        let trees = self.trees.clone();
        self.write_within(move || Ok(trees.as_slice().transaction(|views| write(&Tx(views)))?))
    }

    /// Runs a write waiting at most [`space::FLUSH_BOUND`]: a store that
    /// does not answer is [`StoreError::Stalled`], never a hang.
    fn write_within<R: Send + 'static>(
        &self,
        write: impl FnOnce() -> Result<R, StoreError> + Send + 'static,
    ) -> Result<R, StoreError> {
        space::write_within(&self.db, &self.dir, &self.stalled, write)
    }

    /// Adds a new record to a case under the next sequence number; the
    /// record and its counter change in one transaction.
    pub fn add<T: Stored>(
        &self,
        case: &str,
        body: T,
        by: &str,
        at: NaiveDateTime,
    ) -> Result<Record<T>, StoreError> {
        self.add_clearing(case, body, by, at, None)
    }

    /// [`Store::add`], and in the same transaction the draft it came from
    /// is deleted: the text is never in neither place, nor in both.
    pub fn add_clearing<T: Stored>(
        &self,
        case: &str,
        body: T,
        by: &str,
        at: NaiveDateTime,
        draft: Option<&str>,
    ) -> Result<Record<T>, StoreError> {
        // The record's size before its number is known: the number is a
        // few bytes of it.
        let size = codec::encode(&Record::new(case, 0, body.clone(), by, at))
            .map_err(StoreError::Codec)?
            .len();
        let (case, by, draft) = (case.to_string(), by.to_string(), draft.map(str::to_string));
        self.transact(size, move |tx| {
            if let Some(key) = &draft {
                tx.drop_draft(key)?;
            }
            tx.add(Record::new(&case, 0, body.clone(), &by, at))
        })
    }

    /// Writes a record over its earlier value (an edit, a removal mark, the
    /// case's plan).
    pub fn put<T: Stored>(&self, record: &Record<T>) -> Result<(), StoreError> {
        self.put_clearing(record, None)
    }

    /// [`Store::put`], deleting the draft it came from in the same transaction.
    pub fn put_clearing<T: Stored>(
        &self,
        record: &Record<T>,
        draft: Option<&str>,
    ) -> Result<(), StoreError> {
        let value = codec::encode(record).map_err(StoreError::Codec)?;
        let key = record_key(&record.case, record.seq);
        let draft = draft.map(str::to_string);
        self.transact(value.len(), move |tx| {
            if let Some(d) = &draft {
                tx.drop_draft(d)?;
            }
            tx.put(T::KIND.index(), &key, &value)
        })
    }

    /// Writes many values in one transaction: all of them or none.
    fn write_all(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        let bytes = writes.iter().map(|(_, k, v)| k.len() + v.len()).sum();
        self.transact(bytes, move |tx| {
            for (tree, key, value) in &writes {
                tx.put(*tree, key, value)?;
            }
            Ok(())
        })
    }

    /// The number the next record of this kind in `case` will get.
    pub fn next_seq<T: Stored>(&self, case: &str) -> Result<u32, StoreError> {
        Ok(self.counter(T::KIND, case)? + 1)
    }

    pub(super) fn counter(&self, kind: Kind, case: &str) -> Result<u32, StoreError> {
        Ok(self.trees[SEQ_TREE]
            .get(seq_key(kind, case))?
            .map_or(0, |v| be_u32(&v)))
    }
}

/// The trees of one write's transaction ([`Store::transact`]).
struct Tx<'a>(&'a [TransactionalTree]);

type TxResult<T> = Result<T, ConflictableTransactionError<Abort>>;

impl Tx<'_> {
    /// Writes `value` under `key` in the tree `tree`: the one place that
    /// keeps what is derived from the records in step with them. A
    /// record's write moves its counter up to its number, so that the next
    /// one added comes after it; marks its case's summary stale; and moves
    /// the store's generation on ([`summary::mark_written`]).
    fn put(&self, tree: usize, key: &[u8], value: &[u8]) -> TxResult<()> {
        self.0[tree].insert(key, value)?;
        if tree < SEQ_TREE
            && let Some((case, [_, seq @ ..])) = key.split_last_chunk::<5>()
        {
            let counter = seq_key(Kind::ALL[tree], case);
            let seq = u32::from_be_bytes(*seq);
            if seq > self.counter(&counter)? {
                self.0[SEQ_TREE].insert(counter, &seq.to_be_bytes())?;
            }
            summary::mark_written(&self.0[SUMMARY_TREE], case)?;
        } else if tree >= FIGURES_TREE {
            summary::move_on(&self.0[SUMMARY_TREE])?;
        }
        Ok(())
    }

    /// The counter under `key` ([`seq_key`]): the number of the last record
    /// of its kind in its case, 0 for none.
    fn counter(&self, key: &[u8]) -> TxResult<u32> {
        Ok(self.0[SEQ_TREE].get(key)?.map_or(0, |v| be_u32(&v)))
    }

    /// Writes `record` as the next of its kind in its case (its number
    /// given here), refusing a case that is not there.
    fn add<T: Stored>(&self, mut record: Record<T>) -> TxResult<Record<T>> {
        if !self.has_case(&record.case)? {
            return Err(ConflictableTransactionError::Abort(Abort::NoSuchCase(
                record.case.clone(),
            )));
        }
        record.seq = self.counter(&seq_key(T::KIND, &record.case))? + 1;
        let value = codec::encode(&record).map_err(abort_codec)?;
        self.put(
            T::KIND.index(),
            &record_key(&record.case, record.seq),
            &value,
        )?;
        Ok(record)
    }

    fn has_case(&self, case: &str) -> TxResult<bool> {
        Ok(self.0[Kind::Case.index()]
            .get(record_key(case, 0))?
            .is_some())
    }

    fn drop_draft(&self, key: &str) -> TxResult<()> {
        self.0[DRAFT_TREE].remove(key.as_bytes())?;
        Ok(())
    }

    /// The tree `tree` itself, for what is no record (the inbox's marks).
    fn tree(&self, tree: usize) -> &TransactionalTree {
        &self.0[tree]
    }
}

/// The error of `doing` something to `path`.
fn io_err<'a>(doing: &'static str, path: &'a Path) -> impl Fn(io::Error) -> StoreError + Copy + 'a {
    move |err| StoreError::Io {
        doing,
        path: path.to_path_buf(),
        err,
    }
}

/// Removes the directory `path` and all in it; one not there is removed.
fn remove_all(path: &Path) -> Result<(), StoreError> {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io_err("remove", path)(e)),
        _ => Ok(()),
    }
}

fn be_u32(v: &[u8]) -> u32 {
    let mut b = [0u8; 4];
    let n = v.len().min(4);
    b[..n].copy_from_slice(&v[..n]);
    u32::from_be_bytes(b)
}

#[cfg(test)]
mod tests;
