//! The store: sled trees, one per kind of record, holding values in the
//! versioned codec. "Saved" means [`Store::flush`] returned.

pub mod codec;
pub mod export;
pub mod inbox;
pub mod lock;
pub mod perms;

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::Serialize;
use serde::de::DeserializeOwned;
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError};

use crate::domain::case::Case;
use crate::domain::casefile::CaseFile;
use crate::domain::incident::Incident;
use crate::domain::note::{Note, Reflection};
use crate::domain::plan::{Factor, Goal, Plan};
use crate::domain::rating::Rating;
use crate::domain::record::Record;
use crate::domain::report::{FollowUp, Report};
use codec::CodecError;
use lock::{DirLock, LockError};

/// The kinds of record, each in a tree of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Case,
    Plan,
    Goal,
    Factor,
    Note,
    Reflection,
    Incident,
    Rating,
    Report,
    FollowUp,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::Case,
        Kind::Plan,
        Kind::Goal,
        Kind::Factor,
        Kind::Note,
        Kind::Reflection,
        Kind::Incident,
        Kind::Rating,
        Kind::Report,
        Kind::FollowUp,
    ];

    pub fn tree_name(self) -> &'static str {
        match self {
            Kind::Case => "cases",
            Kind::Plan => "plans",
            Kind::Goal => "goals",
            Kind::Factor => "factors",
            Kind::Note => "notes",
            Kind::Reflection => "reflections",
            Kind::Incident => "incidents",
            Kind::Rating => "ratings",
            Kind::Report => "reports",
            Kind::FollowUp => "follow_ups",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The tree of per-case sequence counters, after the record trees.
const SEQ_TREE: usize = Kind::ALL.len();
/// The tree of drafts: text being written, kept until it is saved.
const DRAFT_TREE: usize = SEQ_TREE + 1;

/// A record body that lives in a tree of its own.
pub trait Stored: Serialize + DeserializeOwned + Clone + PartialEq {
    const KIND: Kind;
    /// Puts a loaded record into its place in the case file.
    fn attach(file: &mut CaseFile, record: Record<Self>);
    /// Whether a record from outside (an import) holds together.
    fn valid(_record: &Record<Self>) -> bool {
        true
    }
}

macro_rules! stored {
    ($($body:ty => $kind:ident, $field:ident;)*) => {$(
        impl Stored for $body {
            const KIND: Kind = Kind::$kind;
            fn attach(file: &mut CaseFile, record: Record<Self>) {
                file.$field.push(record);
            }
        }
    )*};
}

impl Stored for Reflection {
    const KIND: Kind = Kind::Reflection;
    fn attach(file: &mut CaseFile, record: Record<Self>) {
        file.reflections.push(record);
    }
    fn valid(record: &Record<Self>) -> bool {
        record.body.week.is_valid() && record.history.iter().all(|v| v.body.week.is_valid())
    }
}

stored! {
    Goal => Goal, goals;
    Factor => Factor, factors;
    Note => Note, notes;
    Incident => Incident, incidents;
    Rating => Rating, ratings;
    Report => Report, reports;
    FollowUp => FollowUp, follow_ups;
}

impl Stored for Case {
    const KIND: Kind = Kind::Case;
    fn attach(file: &mut CaseFile, record: Record<Self>) {
        file.case = record;
    }
    fn valid(record: &Record<Self>) -> bool {
        record.seq == 0
            && record.case == record.body.code
            && crate::domain::case::valid_case_code(&record.case)
    }
}

impl Stored for Plan {
    const KIND: Kind = Kind::Plan;
    fn attach(file: &mut CaseFile, record: Record<Self>) {
        file.plan = Some(record);
    }
}

/// A stored value that could not be read; it is skipped, and reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damage {
    pub tree: &'static str,
    pub key: String,
    pub problem: String,
}

impl std::fmt::Display for Damage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.tree, self.key, self.problem)
    }
}

/// Errors of the store, each a one-line message that says what to do. No
/// record text ever appears in them.
#[derive(Debug)]
pub enum StoreError {
    /// Another insats session holds the store.
    Locked(PathBuf),
    Io {
        doing: &'static str,
        path: PathBuf,
        err: io::Error,
    },
    Db(sled::Error),
    Codec(CodecError),
    CaseExists(String),
    NoSuchCase(String),
}

impl StoreError {
    /// The disk (or the user's quota) is full.
    pub fn is_disk_full(&self) -> bool {
        match self {
            StoreError::Io { err, .. } | StoreError::Db(sled::Error::Io(err)) => is_disk_full(err),
            _ => false,
        }
    }
}

fn is_disk_full(err: &io::Error) -> bool {
    matches!(err.raw_os_error(), Some(libc::ENOSPC) | Some(libc::EDQUOT))
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Locked(dir) => write!(
                f,
                "the store {} is in use: another insats session has it open (close that one first)",
                dir.display()
            ),
            StoreError::Io { err, path, .. } if is_disk_full(err) => {
                write!(
                    f,
                    "the disk is full at {}: free some space, then try again",
                    path.display()
                )
            }
            StoreError::Io { doing, path, err } => {
                write!(f, "cannot {doing} {}: {err}", path.display())
            }
            StoreError::Db(sled::Error::Io(err)) if is_disk_full(err) => {
                write!(f, "the disk is full: free some space, then try again")
            }
            StoreError::Db(e) => write!(f, "the store failed: {e}"),
            StoreError::Codec(e) => write!(f, "a record could not be written: {e}"),
            StoreError::CaseExists(code) => write!(f, "case {code} already exists"),
            StoreError::NoSuchCase(code) => {
                write!(
                    f,
                    "no case {code} (see the case list, or add it with 'insats case add')"
                )
            }
        }
    }
}

impl std::error::Error for StoreError {}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> StoreError {
        StoreError::Db(e)
    }
}

/// What went wrong inside a transaction of ours.
enum Abort {
    Codec(CodecError),
    NoSuchCase(String),
    Exists(String),
}

impl From<TransactionError<Abort>> for StoreError {
    fn from(e: TransactionError<Abort>) -> StoreError {
        match e {
            TransactionError::Abort(Abort::Codec(c)) => StoreError::Codec(c),
            TransactionError::Abort(Abort::NoSuchCase(c)) => StoreError::NoSuchCase(c),
            TransactionError::Abort(Abort::Exists(c)) => StoreError::CaseExists(c),
            TransactionError::Storage(s) => StoreError::Db(s),
        }
    }
}

fn abort_codec(e: CodecError) -> ConflictableTransactionError<Abort> {
    ConflictableTransactionError::Abort(Abort::Codec(e))
}

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

/// Everything in the store, and what could not be read.
#[derive(Debug, Default)]
pub struct Loaded {
    pub files: Vec<CaseFile>,
    pub damaged: Vec<Damage>,
    /// Records read, damaged ones not counted.
    pub records: usize,
}

/// An open store, holding its lock.
pub struct Store {
    db: sled::Db,
    /// One tree per [`Kind`], then the sequence counters.
    trees: Vec<sled::Tree>,
    dir: PathBuf,
    _lock: DirLock,
}

impl Store {
    /// Opens (creating if needed) the store in `dir`. Takes our lock first:
    /// a second session gets [`StoreError::Locked`].
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        let io_err = |doing, path: &Path| {
            let path = path.to_path_buf();
            move |err| StoreError::Io { doing, path, err }
        };
        perms::secure_dir(dir).map_err(io_err("create the data directory", dir))?;
        let lock = DirLock::acquire(&dir.join("lock")).map_err(|e| match e {
            LockError::Busy => StoreError::Locked(dir.to_path_buf()),
            LockError::Io(err) => io_err("lock", dir)(err),
        })?;
        let db = open_sled(dir)?;
        let mut trees = Vec::with_capacity(Kind::ALL.len() + 1);
        for kind in Kind::ALL {
            trees.push(db.open_tree(kind.tree_name())?);
        }
        trees.push(db.open_tree("seq")?);
        trees.push(db.open_tree("drafts")?);
        perms::secure_dir(dir).map_err(io_err("protect", dir))?;
        Ok(Store {
            db,
            trees,
            dir: dir.to_path_buf(),
            _lock: lock,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn tree(&self, kind: Kind) -> &sled::Tree {
        &self.trees[kind.index()]
    }

    /// Makes everything written so far durable. Only after this returns may
    /// the screen say "saved".
    pub fn flush(&self) -> Result<(), StoreError> {
        self.db.flush()?;
        perms::secure_dir(&self.dir).map_err(|err| StoreError::Io {
            doing: "protect",
            path: self.dir.clone(),
            err,
        })
    }

    pub fn case_exists(&self, code: &str) -> Result<bool, StoreError> {
        Ok(self.tree(Kind::Case).contains_key(record_key(code, 0))?)
    }

    /// Registers a new case; refuses a code already taken.
    pub fn insert_case(&self, record: &Record<Case>) -> Result<(), StoreError> {
        let value = codec::encode(record).map_err(StoreError::Codec)?;
        let key = record_key(&record.body.code, 0);
        let code = record.body.code.clone();
        self.tree(Kind::Case).transaction(|t| {
            if t.get(&key)?.is_some() {
                return Err(ConflictableTransactionError::Abort(Abort::Exists(
                    code.clone(),
                )));
            }
            t.insert(key.as_slice(), value.as_slice())?;
            Ok(())
        })?;
        Ok(())
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
        let counter = seq_key(T::KIND, case);
        let case_key = record_key(case, 0);
        let trees = (
            self.tree(T::KIND),
            &self.trees[SEQ_TREE],
            self.tree(Kind::Case),
            &self.trees[DRAFT_TREE],
        );
        let record = trees.transaction(|(records, seqs, cases, drafts)| {
            if let Some(key) = draft {
                drafts.remove(key.as_bytes())?;
            }
            if cases.get(&case_key)?.is_none() {
                return Err(ConflictableTransactionError::Abort(Abort::NoSuchCase(
                    case.to_string(),
                )));
            }
            let last = seqs.get(&counter)?.map_or(0, |v| be_u32(&v));
            let record = Record::new(case, last + 1, body.clone(), by, at);
            seqs.insert(counter.as_slice(), &(last + 1).to_be_bytes())?;
            let value = codec::encode(&record).map_err(abort_codec)?;
            records.insert(record_key(case, record.seq), value)?;
            Ok(record)
        })?;
        Ok(record)
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
        (self.tree(T::KIND), &self.trees[DRAFT_TREE]).transaction(|(records, drafts)| {
            if let Some(d) = draft {
                drafts.remove(d.as_bytes())?;
            }
            records.insert(key.as_slice(), value.as_slice())?;
            Ok::<(), ConflictableTransactionError<Abort>>(())
        })?;
        Ok(())
    }

    /// Keeps a draft under `key`, replacing the one before.
    pub fn put_draft<D: Serialize>(&self, key: &str, draft: &D) -> Result<(), StoreError> {
        self.drafter().put(key, draft)
    }

    pub fn remove_draft(&self, key: &str) -> Result<(), StoreError> {
        self.trees[DRAFT_TREE].remove(key.as_bytes())?;
        Ok(())
    }

    /// Every draft, by key; one that cannot be read is reported.
    pub fn drafts<D: DeserializeOwned>(&self) -> Result<(Vec<D>, Vec<Damage>), StoreError> {
        let mut out = Vec::new();
        let mut damaged = Vec::new();
        for entry in self.trees[DRAFT_TREE].iter() {
            let (key, value) = entry?;
            match codec::decode(&value) {
                Ok(d) => out.push(d),
                Err(e) => damaged.push(Damage {
                    tree: "drafts",
                    key: String::from_utf8_lossy(&key).into_owned(),
                    problem: e.to_string(),
                }),
            }
        }
        Ok((out, damaged))
    }

    /// A handle that writes drafts and flushes from another thread.
    pub fn drafter(&self) -> Drafter {
        Drafter {
            db: self.db.clone(),
            drafts: self.trees[DRAFT_TREE].clone(),
        }
    }

    pub fn get<T: Stored>(&self, case: &str, seq: u32) -> Result<Option<Record<T>>, StoreError> {
        match self.tree(T::KIND).get(record_key(case, seq))? {
            Some(v) => codec::decode(&v).map(Some).map_err(StoreError::Codec),
            None => Ok(None),
        }
    }

    /// Reads every record of one kind (under `prefix`, when given); a value
    /// that cannot be read is skipped and reported in `damaged`.
    fn scan<T: Stored>(
        &self,
        prefix: &[u8],
        damaged: &mut Vec<Damage>,
    ) -> Result<Vec<Record<T>>, StoreError> {
        let mut out = Vec::new();
        for entry in self.tree(T::KIND).scan_prefix(prefix) {
            let (key, value) = entry?;
            match codec::decode::<Record<T>>(&value) {
                Ok(record) => out.push(record),
                Err(e) => damaged.push(Damage {
                    tree: T::KIND.tree_name(),
                    key: display_key(&key),
                    problem: e.to_string(),
                }),
            }
        }
        Ok(out)
    }

    /// Every case with its records, ordered by case code.
    pub fn load_all(&self) -> Result<Loaded, StoreError> {
        self.load(&[])
    }

    /// One case with its records; None when there is no such case.
    pub fn load_case(&self, code: &str) -> Result<(Option<CaseFile>, Vec<Damage>), StoreError> {
        let loaded = self.load(&case_prefix(code))?;
        Ok((loaded.files.into_iter().next(), loaded.damaged))
    }

    fn load(&self, prefix: &[u8]) -> Result<Loaded, StoreError> {
        let mut loaded = Loaded::default();
        let mut files: BTreeMap<String, CaseFile> = BTreeMap::new();
        for case in self.scan::<Case>(prefix, &mut loaded.damaged)? {
            files.insert(case.case.clone(), CaseFile::new(case));
        }
        loaded.records = files.len();
        let mut orphans = Vec::new();
        self.attach_all::<Plan>(prefix, &mut files, &mut loaded, &mut orphans)?;
        self.attach_all::<Goal>(prefix, &mut files, &mut loaded, &mut orphans)?;
        self.attach_all::<Factor>(prefix, &mut files, &mut loaded, &mut orphans)?;
        self.attach_all::<Note>(prefix, &mut files, &mut loaded, &mut orphans)?;
        self.attach_all::<Reflection>(prefix, &mut files, &mut loaded, &mut orphans)?;
        self.attach_all::<Incident>(prefix, &mut files, &mut loaded, &mut orphans)?;
        self.attach_all::<Rating>(prefix, &mut files, &mut loaded, &mut orphans)?;
        self.attach_all::<Report>(prefix, &mut files, &mut loaded, &mut orphans)?;
        self.attach_all::<FollowUp>(prefix, &mut files, &mut loaded, &mut orphans)?;
        loaded.damaged.extend(orphans);
        loaded.files = files.into_values().collect();
        Ok(loaded)
    }

    fn attach_all<T: Stored>(
        &self,
        prefix: &[u8],
        files: &mut BTreeMap<String, CaseFile>,
        loaded: &mut Loaded,
        orphans: &mut Vec<Damage>,
    ) -> Result<(), StoreError> {
        for record in self.scan::<T>(prefix, &mut loaded.damaged)? {
            loaded.records += 1;
            match files.get_mut(&record.case) {
                Some(file) => T::attach(file, record),
                None => orphans.push(Damage {
                    tree: T::KIND.tree_name(),
                    key: record.key(),
                    problem: format!("its case {} cannot be read", record.case),
                }),
            }
        }
        Ok(())
    }

    /// Writes a batch in one transaction: all of it or none.
    pub fn commit(&self, batch: Batch) -> Result<(), StoreError> {
        let mut writes = batch.writes;
        for ((kind, case), seq) in batch.counters {
            if seq > self.counter(kind, &case)? {
                writes.push((SEQ_TREE, seq_key(kind, &case), seq.to_be_bytes().to_vec()));
            }
        }
        self.trees.as_slice().transaction(|views| {
            for (tree, key, value) in &writes {
                views[*tree].insert(key.as_slice(), value.as_slice())?;
            }
            for key in &batch.drop_drafts {
                views[DRAFT_TREE].remove(key.as_bytes())?;
            }
            Ok::<(), ConflictableTransactionError<Abort>>(())
        })?;
        Ok(())
    }

    /// Writes many values in one transaction: all of them or none.
    fn write_all(&self, writes: &[Write]) -> Result<(), StoreError> {
        self.trees.as_slice().transaction(|views| {
            for (tree, key, value) in writes {
                views[*tree].insert(key.as_slice(), value.as_slice())?;
            }
            Ok::<(), ConflictableTransactionError<Abort>>(())
        })?;
        Ok(())
    }

    fn contains(&self, kind: Kind, key: &[u8]) -> Result<bool, StoreError> {
        Ok(self.tree(kind).contains_key(key)?)
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

/// Opens sled under our lock. sled takes a file lock of its own, which a
/// store closed a moment ago in this process (its flusher thread ending)
/// can still hold briefly: wait for it, then say the store is in use.
fn open_sled(dir: &Path) -> Result<sled::Db, StoreError> {
    let busy = |e: &sled::Error| matches!(e, sled::Error::Io(io) if io.kind() == io::ErrorKind::WouldBlock);
    let mut tries = 0;
    loop {
        match sled::Config::new().path(dir.join("db")).open() {
            Ok(db) => return Ok(db),
            Err(e) if busy(&e) && tries < 40 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(e) if busy(&e) => return Err(StoreError::Locked(dir.to_path_buf())),
            Err(e) => return Err(e.into()),
        }
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

/// Writes drafts and flushes the store from another thread (the signal
/// thread), without the rest of the store.
#[derive(Clone)]
pub struct Drafter {
    db: sled::Db,
    drafts: sled::Tree,
}

impl Drafter {
    pub fn put<D: Serialize>(&self, key: &str, draft: &D) -> Result<(), StoreError> {
        let value = codec::encode(draft).map_err(StoreError::Codec)?;
        self.drafts.insert(key.as_bytes(), value)?;
        Ok(())
    }

    pub fn flush(&self) -> Result<(), StoreError> {
        self.db.flush()?;
        Ok(())
    }
}
