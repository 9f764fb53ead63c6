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
pub mod inbox;
mod kind;
pub mod lock;
mod open;
mod pass;
pub mod perms;
mod read;
mod readonly;
pub mod space;
pub mod summary;
mod texts;

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize};

use chrono::NaiveDateTime;
use sled::Transactional;
use sled::transaction::ConflictableTransactionError;

use crate::domain::case::Case;
use crate::domain::casefile::CaseFile;
use crate::domain::record::Record;
pub use batch::Batch;
pub use drafts::Drafter;
use error::{Abort, abort_codec};
pub use error::{Damage, StoreError, megabytes, megabytes_down};
pub use kind::{Kind, Stored};
use lock::DirLock;
use open::{open_sled, open_trees};

/// The tree of per-case sequence counters, after the record trees.
const SEQ_TREE: usize = Kind::ALL.len();
/// The tree of drafts: text being written, kept until it is saved.
const DRAFT_TREE: usize = SEQ_TREE + 1;
/// The tree of case summaries ([`summary`]).
const SUMMARY_TREE: usize = DRAFT_TREE + 1;

/// The key of a record: the case code, a zero byte, the sequence (big
/// endian, so a case's records iterate in order).
pub fn record_key(case: &str, seq: u32) -> Vec<u8> {
    let mut k = case_prefix(case);
    k.extend_from_slice(&seq.to_be_bytes());
    k
}

fn case_prefix(case: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(case.len() + 5);
    k.extend_from_slice(case.as_bytes());
    k.push(0);
    k
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

fn seq_key(kind: Kind, case: &str) -> Vec<u8> {
    let mut k = kind.tree_name().as_bytes().to_vec();
    k.push(0);
    k.extend_from_slice(case.as_bytes());
    k
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
    /// One tree per [`Kind`], then the sequence counters.
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
    _lock: DirLock,
    /// A copy opened to read on a full disk; removed after the database
    /// above it is closed (fields drop in order).
    scratch: Option<readonly::Scratch>,
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
        match &self.scratch {
            Some(s) => Err(StoreError::NoSpace {
                needed: space::needed_for(bytes),
                free: space::free_bytes(&s.origin).unwrap_or(0),
                dir: s.origin.clone(),
            }),
            None => space::ensure(&self.dir, bytes),
        }
    }

    pub fn case_exists(&self, code: &str) -> Result<bool, StoreError> {
        Ok(self.tree(Kind::Case).contains_key(record_key(code, 0))?)
    }

    /// Registers a new case; refuses a code already taken.
    pub fn insert_case(&self, record: &Record<Case>) -> Result<(), StoreError> {
        let value = codec::encode(record).map_err(StoreError::Codec)?;
        self.ensure_space(value.len())?;
        let key = record_key(&record.body.code, 0);
        let code = record.body.code.clone();
        let trees = (
            self.tree(Kind::Case).clone(),
            self.trees[SUMMARY_TREE].clone(),
        );
        self.write_within(move || {
            let (cases, summaries) = &trees;
            (cases, summaries).transaction(|(t, summaries)| {
                if t.get(&key)?.is_some() {
                    return Err(ConflictableTransactionError::Abort(Abort::Exists(
                        code.clone(),
                    )));
                }
                t.insert(key.as_slice(), value.as_slice())?;
                summary::mark_written(summaries, code.as_bytes())?;
                Ok(())
            })?;
            Ok(())
        })
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
        self.ensure_space(size)?;
        let counter = seq_key(T::KIND, case);
        let case_key = record_key(case, 0);
        let trees = [
            T::KIND.index(),
            SEQ_TREE,
            Kind::Case.index(),
            DRAFT_TREE,
            SUMMARY_TREE,
        ]
        .map(|i| self.trees[i].clone());
        let (case, by, draft) = (case.to_string(), by.to_string(), draft.map(str::to_string));
        self.write_within(move || {
            let [records, seqs, cases, drafts, summaries] = &trees;
            let record = (records, seqs, cases, drafts, summaries).transaction(
                |(records, seqs, cases, drafts, summaries)| {
                    if let Some(key) = &draft {
                        drafts.remove(key.as_bytes())?;
                    }
                    if cases.get(&case_key)?.is_none() {
                        return Err(ConflictableTransactionError::Abort(Abort::NoSuchCase(
                            case.clone(),
                        )));
                    }
                    let last = seqs.get(&counter)?.map_or(0, |v| be_u32(&v));
                    let record = Record::new(&case, last + 1, body.clone(), &by, at);
                    seqs.insert(counter.as_slice(), &(last + 1).to_be_bytes())?;
                    let value = codec::encode(&record).map_err(abort_codec)?;
                    bucket::put(records, T::KIND, &record_key(&case, record.seq), &value)?;
                    summary::mark_written(summaries, case.as_bytes())?;
                    Ok(record)
                },
            )?;
            Ok(record)
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
        self.ensure_space(value.len())?;
        let key = record_key(&record.case, record.seq);
        let (records, drafts, summaries) = (
            self.tree(T::KIND).clone(),
            self.trees[DRAFT_TREE].clone(),
            self.trees[SUMMARY_TREE].clone(),
        );
        let draft = draft.map(str::to_string);
        let case = record.case.clone();
        self.write_within(move || {
            (&records, &drafts, &summaries).transaction(|(records, drafts, summaries)| {
                if let Some(d) = &draft {
                    drafts.remove(d.as_bytes())?;
                }
                bucket::put(records, T::KIND, &key, &value)?;
                summary::mark_written(summaries, case.as_bytes())?;
                Ok::<(), ConflictableTransactionError<Abort>>(())
            })?;
            Ok(())
        })
    }

    /// Writes many values in one transaction: all of them or none.
    fn write_all(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        self.ensure_space(writes.iter().map(|(_, k, v)| k.len() + v.len()).sum())?;
        let cases: Vec<Vec<u8>> = summary::cases_written(&writes)
            .into_iter()
            .map(<[u8]>::to_vec)
            .collect();
        let trees = self.trees.clone();
        self.write_within(move || {
            trees.as_slice().transaction(|views| {
                put_values(views, &writes)?;
                for case in &cases {
                    summary::mark_written(&views[SUMMARY_TREE], case)?;
                }
                Ok::<(), ConflictableTransactionError<Abort>>(())
            })?;
            Ok(())
        })
    }

    /// The number the next record of this kind in `case` will get.
    pub fn next_seq<T: Stored>(&self, case: &str) -> Result<u32, StoreError> {
        Ok(self.counter(T::KIND, case)? + 1)
    }

    fn counter(&self, kind: Kind, case: &str) -> Result<u32, StoreError> {
        Ok(self.trees[SEQ_TREE]
            .get(seq_key(kind, case))?
            .map_or(0, |v| be_u32(&v)))
    }
}

/// In a transaction over every tree: the values of [`Write`], records put
/// into their buckets, each bucket read and written once for the records
/// of it that come together (an import's, in order of number).
fn put_values(
    views: &[sled::transaction::TransactionalTree],
    writes: &[Write],
) -> Result<(), ConflictableTransactionError<Abort>> {
    let bucket = |(tree, key, _): &Write| {
        (
            *tree,
            Kind::ALL
                .get(*tree)
                .and_then(|k| bucket::bucket_of(*k, key)),
        )
    };
    for group in writes.chunk_by(|a, b| {
        let (ta, ba) = bucket(a);
        ba.is_some() && (ta, ba) == bucket(b)
    }) {
        let tree = group[0].0;
        match Kind::ALL.get(tree) {
            Some(&kind) => {
                let records: Vec<(&[u8], &[u8])> = group
                    .iter()
                    .map(|(_, k, v)| (k.as_slice(), v.as_slice()))
                    .collect();
                bucket::put_all(&views[tree], kind, &records)?;
            }
            None => {
                for (_, key, value) in group {
                    views[tree].insert(key.as_slice(), value.as_slice())?;
                }
            }
        }
    }
    Ok(())
}

fn io_err(doing: &'static str, path: &Path) -> impl FnOnce(io::Error) -> StoreError {
    let path = path.to_path_buf();
    move |err| StoreError::Io { doing, path, err }
}

fn be_u32(v: &[u8]) -> u32 {
    let mut b = [0u8; 4];
    let n = v.len().min(4);
    b[..n].copy_from_slice(&v[..n]);
    u32::from_be_bytes(b)
}

#[cfg(test)]
mod tests;
