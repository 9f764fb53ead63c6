//! What can go wrong in the store, and what a damaged record is.

use std::io;

use crate::domain::text::{megabytes, megabytes_down};
use std::path::PathBuf;

use sled::transaction::{ConflictableTransactionError, TransactionError};

use super::codec::CodecError;

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
/// record text ever appears in them, nor the store library's own words.
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
    /// Not enough free space for the write: nothing was written.
    NoSpace {
        needed: u64,
        free: u64,
        dir: PathBuf,
    },
    /// The store did not answer within the bound (a full or lost disk):
    /// what was being written may not be on the disk.
    Stalled {
        dir: PathBuf,
        seconds: u64,
    },
    /// The store's files cannot be opened: they are damaged.
    Damaged(PathBuf),
    /// The store holds fewer records than its newest backup: some were
    /// lost (records are never deleted), so no backup is taken over it.
    Shrunk {
        records: usize,
        backup: PathBuf,
        backed_up: usize,
    },
    /// The store holds records that cannot be read: no backup is taken
    /// (it would lack them, and pruning could then delete a whole one).
    Unreadable,
    /// A record from outside too large to read back once stored (`notes
    /// 2026-001/3`, its bytes): nothing was written.
    TooLarge {
        record: String,
        bytes: usize,
    },
}

impl StoreError {
    /// The disk (or the user's quota) is full.
    pub fn is_disk_full(&self) -> bool {
        match self {
            StoreError::NoSpace { .. } => true,
            StoreError::Io { err, .. } | StoreError::Db(sled::Error::Io(err)) => is_disk_full(err),
            _ => false,
        }
    }
}

impl StoreError {
    /// The data directory cannot be written: a read-only filesystem, or
    /// no permission to write there.
    pub fn is_read_only(&self) -> bool {
        match self {
            StoreError::Io { err, .. } | StoreError::Db(sled::Error::Io(err)) => {
                matches!(err.raw_os_error(), Some(libc::EROFS) | Some(libc::EACCES))
            }
            _ => false,
        }
    }
}

pub(super) fn is_disk_full(err: &io::Error) -> bool {
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
            StoreError::NoSpace { needed, free, dir } => write!(
                f,
                "the disk is full: {} MB needed, {} MB free in {}",
                megabytes(*needed),
                megabytes_down(*free),
                dir.display()
            ),
            StoreError::Stalled { dir, seconds } => write!(
                f,
                "the store in {} did not answer within {seconds} seconds (is the disk full?)",
                dir.display()
            ),
            StoreError::Damaged(dir) => write!(
                f,
                "the store in {} is damaged and cannot be opened (see 'insats backups')",
                dir.display()
            ),
            StoreError::Shrunk {
                records,
                backup,
                backed_up,
            } => write!(
                f,
                "the store holds {records} records, its backup {} {backed_up}: run 'insats check'",
                backup.display()
            ),
            StoreError::Unreadable => f.write_str(
                "the store holds records that cannot be read, and a backup of it would lack them; see 'insats check'",
            ),
            StoreError::TooLarge { record, bytes } => write!(
                f,
                "{record} is {} MB, more than the {} MB a record may hold: nothing was imported",
                megabytes(*bytes as u64),
                megabytes(super::codec::SIZE_LIMIT as u64)
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
            StoreError::Db(sled::Error::Io(err)) => write!(f, "the store failed: {err}"),
            // sled's own words name its internals ("Read corrupted data at
            // file offset None backtrace ()"): they help no one.
            StoreError::Db(_) => write!(f, "the store failed: its files may be damaged"),
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
pub(super) enum Abort {
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

pub(super) fn abort_codec(e: CodecError) -> ConflictableTransactionError<Abort> {
    ConflictableTransactionError::Abort(Abort::Codec(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sleds_own_words_never_reach_the_user() {
        let e = StoreError::Db(sled::Error::Corruption { at: None, bt: () });
        let s = e.to_string();
        assert!(
            !s.contains("corrupted data") && !s.contains("backtrace"),
            "{s}"
        );
    }
}
