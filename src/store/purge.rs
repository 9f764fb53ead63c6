//! Removing a closed case for good (rensning): every byte of it, from
//! every file under the data directory, leaving its anonymous figures and
//! a line in the log of removals ([`super::figures`]).
//!
//! sled keeps the bytes of removed and overwritten values in its log, so
//! deleting the keys is not enough: the store is copied without the case
//! into a database apart, which is swapped in for the old one, and the old
//! one deleted. Then the backups: a fresh one of the store as it is now,
//! and each older one that held the case removed when the store holds
//! everything else it held, rewritten without the case when it does not.
//! Stores set aside by a restore are rewritten the same way, and the
//! inbox's notes for the case deleted.
//!
//! Cut off at any moment, the case is whole or removed, never half: until
//! [`WHOLE`] is written in the directory apart nothing in use has changed,
//! and once it is, the next open finishes the removal ([`finish_purge`]).

use std::fs;
use std::io;
use std::ops::Bound;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::backup::{backups_dir, entries, utc, write_backup_of};
use super::backup_stream::{checked_body, missing_from, order_of};
use super::figures::{Removal, kept};
use super::open::{self, TREES_AFTER_KINDS};
use super::pass::Pass;
use super::{Store, StoreError, inbox};
use super::{io_err, remove_all};
use crate::domain::figures::Figures;

/// Where the store without the case is built, and the old one kept until
/// it is deleted.
const PURGING: &str = "db.purging";
/// Written into [`PURGING`] once its store is whole: the code removed.
const WHOLE: &str = "whole";

/// What a removal did besides the store.
#[derive(Debug, Default)]
pub struct Purged {
    /// Values of the case's left behind: records, versions, marks, drafts,
    /// counters, summary.
    pub values: usize,
    pub backups_removed: usize,
    pub backups_rewritten: usize,
    pub stores_rewritten: usize,
    pub queued_removed: usize,
    /// Files that may hold the case and could not be read to rewrite:
    /// the worker is told to delete them.
    pub left: Vec<PathBuf>,
}

impl Store {
    /// Removes case `code` ([`module`](self)), keeping `figures` and
    /// logging `removal`. Takes the store, which is closed and opened
    /// again; refused while a handle to it is lent out.
    pub fn purge(
        self,
        code: &str,
        figures: &Figures,
        removal: &Removal,
        now: NaiveDateTime,
    ) -> Result<(Store, Purged), StoreError> {
        if !self.alone() {
            return Err(in_use(&self.dir));
        }
        self.ensure_space(super::readonly::tree_size(&self.dir.join("db")).unwrap_or(0) as usize)?;
        let apart = self.dir.join(PURGING);
        remove_all(&apart)?;
        let mut purged = Purged::default();
        let (store, values) = copy_without(self, &apart.join("db"), code.as_bytes(), COPY_PIECE)?;
        purged.values = values;
        let new = sled_at(&apart.join("db"))?;
        for (tree, key, value) in kept(figures, removal)? {
            let name = TREES_AFTER_KINDS[tree - super::SEQ_TREE];
            new.open_tree(name)?.insert(key, value)?;
        }
        super::summary::moved_on(&new.open_tree("summaries")?)?;
        new.flush()?;
        drop(new);
        abort_at("copied");
        let whole = apart.join(WHOLE);
        fs::write(&whole, code)
            .and_then(|()| fs::File::open(&apart)?.sync_all())
            .map_err(io_err("write", &whole))?;
        abort_at("whole");
        let store = store.reopened_after(swap_in)?;
        abort_at("swapped");
        let (store, rest) = store.finish_purging(code, now)?;
        Ok((
            store,
            Purged {
                values: purged.values,
                ..rest
            },
        ))
    }

    /// The removal of `code` after its store was swapped in: the backups,
    /// the stores set aside, the inbox; then the directory apart.
    /// Each pass over the store is in pieces ([`Pass::owned`]): the store
    /// is taken and given back.
    fn finish_purging(self, code: &str, now: NaiveDateTime) -> Result<(Store, Purged), StoreError> {
        let mut purged = Purged::default();
        let data_dir = self.dir.clone();
        let mut pass = Pass::owned(self);
        write_backup_of(&mut pass, utc(now), true)?;
        abort_at("backup");
        let fresh = entries(&data_dir)
            .map_err(io_err("read", &backups_dir(&data_dir)))?
            .into_iter()
            .next()
            .map(|e| e.path);
        for backup in backup_files(&backups_dir(&data_dir)) {
            if Some(&backup) == fresh.as_ref() {
                continue;
            }
            purge_backup(&mut pass, &backup, code, &mut purged)?;
        }
        // The stores set aside are rewritten while this one is closed
        // (sled holds much of each database it has open), unless it cannot
        // be: a write left stalled holds it.
        let mut rewrite = |data_dir: &Path| {
            for aside in stores_aside(data_dir) {
                match rewrite_store(&aside, code) {
                    Ok(true) => purged.stores_rewritten += 1,
                    Ok(false) => {}
                    Err(_) => purged.left.push(aside),
                }
            }
            Ok(())
        };
        let store = pass.into_owned()?;
        let store = if store.alone() {
            store.reopened_after(rewrite)?
        } else {
            rewrite(&data_dir)?;
            store
        };
        purged.queued_removed = remove_queued(&data_dir, code);
        remove_all(&data_dir.join(PURGING))?;
        Ok((store, purged))
    }
}

/// One backup that may hold `code`: left when it does not, removed when
/// the store holds everything else in it, else rewritten without the
/// case.
fn purge_backup(
    pass: &mut Pass,
    path: &Path,
    code: &str,
    purged: &mut Purged,
) -> Result<(), StoreError> {
    let of_case = format!(" {code}/");
    let data_dir = pass.store()?.dir.clone();
    let Some(missing) = missing_from(pass, path)? else {
        // Not readable: it cannot be rewritten, and may hold the case.
        if fs::read(path).is_ok_and(|b| contains(&b, code.as_bytes())) {
            fs::remove_file(path).map_err(io_err("remove", path))?;
            purged.backups_removed += 1;
        }
        return Ok(());
    };
    let (case, other): (Vec<_>, Vec<_>) = missing.iter().partition(|m| m.contains(&of_case));
    if case.is_empty() {
        return Ok(());
    }
    if other.is_empty() {
        fs::remove_file(path).map_err(io_err("remove", path))?;
        purged.backups_removed += 1;
        return Ok(());
    }
    rewrite_backup(&data_dir, path, code)?;
    purged.backups_rewritten += 1;
    Ok(())
}

/// A removal cut off: undone when its store apart was not whole, else
/// swapped in and finished. Under our lock, before sled is opened
/// ([`swap_in`]), and after ([`finish_after_open`]).
pub(super) fn finish_swap(data_dir: &Path) -> Result<(), StoreError> {
    let apart = data_dir.join(PURGING);
    if !apart.exists() {
        return Ok(());
    }
    if !apart.join(WHOLE).exists() {
        return remove_all(&apart);
    }
    swap_in(data_dir)
}

/// The rest of a removal cut off after its store was swapped in.
pub(super) fn finish_after_open(store: Store) -> Result<Store, StoreError> {
    let whole = store.dir.join(PURGING).join(WHOLE);
    let Ok(code) = fs::read_to_string(&whole) else {
        return Ok(store);
    };
    let (store, _) = store.finish_purging(&code, chrono::Local::now().naive_local())?;
    Ok(store)
}

/// The store apart put in place of the one in use, that one moved into
/// the directory apart to be deleted with it. Each step a rename: cut off
/// between two, it is taken up again where it stopped.
fn swap_in(data_dir: &Path) -> Result<(), StoreError> {
    let apart = data_dir.join(PURGING);
    let (db, new, old) = (data_dir.join("db"), apart.join("db"), apart.join("old"));
    if !new.exists() {
        return Ok(());
    }
    if db.exists() && !old.exists() {
        fs::rename(&db, &old).map_err(io_err("move aside", &db))?;
    }
    if !db.exists() {
        fs::rename(&new, &db)
            .and_then(|()| fs::File::open(data_dir)?.sync_all())
            .map_err(io_err("replace", &db))?;
    }
    fs::remove_dir_all(&old).map_err(io_err("remove", &old))
}

/// Whether the entry `key` → `value` of the tree `tree` belongs to case
/// `code`: its records and buckets (keyed by the code and a zero byte),
/// its counters (the kind, a zero byte, the code), its drafts (the code
/// the second part of the key), its summary, the inbox's marks of its
/// notes (valued by a record key).
fn of_case(tree: &[u8], key: &[u8], value: &[u8], code: &[u8]) -> bool {
    let keyed = |b: &[u8]| b.len() > code.len() && b.starts_with(code) && b[code.len()] == 0;
    match tree {
        b"seq" => key.splitn(2, |b| *b == 0).nth(1) == Some(code),
        b"drafts" => key.split(|b| *b == b'/').nth(1) == Some(code),
        b"summaries" => key == code,
        b"inbox_taken" => keyed(value),
        b"figures" | b"removals" | b"__sled__default" => false,
        _ => keyed(key),
    }
}

/// Bytes copied between two openings of either database: sled keeps in
/// memory much of what it read and wrote while it is open. A batch is
/// 64 KB, as an import's transaction: a larger one costs memory.
const COPY_PIECE: usize = 4 << 20;

/// What a copy reads: the store in use, or one a restore set aside.
trait Source: Sized {
    fn db(&self) -> &sled::Db;
    /// Closed and opened again, to let go of what sled keeps of it.
    fn reopened(self) -> Result<Self, StoreError>;
}

impl Source for Store {
    fn db(&self) -> &sled::Db {
        &self.db
    }

    fn reopened(self) -> Result<Store, StoreError> {
        Store::reopened(self)
    }
}

/// A store set aside by a restore: a sled directory, and its database.
struct Aside<'p>(&'p Path, sled::Db);

impl Source for Aside<'_> {
    fn db(&self) -> &sled::Db {
        &self.1
    }

    fn reopened(self) -> Result<Self, StoreError> {
        let Aside(path, db) = self;
        drop(db);
        Ok(Aside(path, sled_at(path)?))
    }
}

/// Every tree of `store` into a database at `to`, but what belongs to
/// case `code`: the store (closed and opened again between pieces), and
/// how many values were left behind. Neither database is ever in memory
/// whole: both are closed and opened again every `piece` bytes.
fn copy_without<S: Source>(
    mut store: S,
    to: &Path,
    code: &[u8],
    piece: usize,
) -> Result<(S, usize), StoreError> {
    let mut new = sled_at(to)?;
    let mut left = 0;
    for name in store.db().tree_names() {
        let mut after: Option<sled::IVec> = None;
        loop {
            let (src, dst) = (store.db().open_tree(&name)?, new.open_tree(&name)?);
            let entries = match after.take() {
                Some(key) => src.range((Bound::Excluded(key), Bound::Unbounded)),
                None => src.iter(),
            };
            let (mut batch, mut bytes, mut read) = (sled::Batch::default(), 0, 0);
            for entry in entries {
                let (key, value) = entry?;
                read += key.len() + value.len();
                if of_case(&name, &key, &value, code) {
                    left += 1;
                } else {
                    bytes += key.len() + value.len();
                    batch.insert(key.clone(), value);
                }
                if bytes >= 64 << 10 {
                    dst.apply_batch(std::mem::take(&mut batch))?;
                    bytes = 0;
                }
                if read >= piece {
                    after = Some(key);
                    break;
                }
            }
            dst.apply_batch(batch)?;
            if after.is_none() {
                break;
            }
            drop((src, dst));
            new.flush()?;
            drop(new);
            store = store.reopened()?;
            new = sled_at(to)?;
        }
    }
    new.flush()?;
    Ok((store, left))
}

/// Deletes what belongs to case `code` from `db`, in place: in a scratch
/// store about to be written out and deleted.
fn delete_case(db: &sled::Db, code: &[u8]) -> Result<usize, StoreError> {
    let mut gone = 0;
    for name in db.tree_names() {
        let tree = db.open_tree(&name)?;
        for entry in tree.iter() {
            let (key, value) = entry?;
            if of_case(&name, &key, &value, code) {
                tree.remove(key)?;
                gone += 1;
            }
        }
    }
    Ok(gone)
}

/// A database of our own at `path`: a store built apart, or one set aside.
fn sled_at(path: &Path) -> Result<sled::Db, StoreError> {
    Ok(open::sled_at(path, 4 << 20)?)
}

/// A store set aside by a restore (`db.before-restore-…`, a sled
/// directory of its own) rewritten without case `code` when it holds it;
/// whether it did.
fn rewrite_store(aside: &Path, code: &str) -> Result<bool, StoreError> {
    let old = Aside(aside, sled_at(aside)?);
    let holds = (old.1)
        .open_tree("cases")?
        .scan_prefix(super::case_prefix(code))
        .next()
        .is_some();
    if !holds {
        return Ok(false);
    }
    // `db.before-restore-….purging`: `with_extension` would make it
    // `db.purging`, the removal's own directory apart.
    let mut new_path = aside.as_os_str().to_owned();
    new_path.push(".purging");
    let new_path = PathBuf::from(new_path);
    remove_all(&new_path)?;
    drop(copy_without(old, &new_path, code.as_bytes(), COPY_PIECE)?);
    remove_all(aside)?;
    fs::rename(&new_path, aside).map_err(io_err("replace", aside))?;
    Ok(true)
}

/// The backup at `path` rewritten without case `code`: restored into a
/// scratch store, the case deleted there, written out again under its own
/// name and place in the order.
fn rewrite_backup(data_dir: &Path, path: &Path, code: &str) -> Result<(), StoreError> {
    let scratch_dir = data_dir.join(PURGING).join("scratch");
    remove_all(&scratch_dir)?;
    let scratch = Store::open(&scratch_dir)?;
    let Ok(Ok((_, body))) = checked_body(path) else {
        return Err(io_err("read", path)(io::Error::other("not readable")));
    };
    scratch
        .restore_from(body)?
        .map_err(|_| io_err("read", path)(io::Error::other("not a backup")))?;
    delete_case(&scratch.db, code.as_bytes())?;
    scratch.flush()?;
    let tmp = path.with_extension("rewriting");
    let written = super::backup_stream::write(&mut Pass::lent(&scratch), &tmp, order_of(path))?;
    drop(scratch);
    if !matches!(written, super::backup_stream::Streamed::Records(_)) {
        let _ = fs::remove_file(&tmp);
        return Err(StoreError::Unreadable);
    }
    fs::rename(&tmp, path).map_err(io_err("replace", path))?;
    remove_all(&scratch_dir)
}

/// Every backup file under `dir`, those set aside by a restore included.
fn backup_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(backup_files(&path));
        } else if path.extension().is_some_and(|e| e == "backup") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The stores a restore set aside in `data_dir`.
fn stores_aside(data_dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(data_dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_dir()
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("db.before-restore-"))
                && p.extension().is_none_or(|e| e != "purging")
        })
        .collect();
    out.sort();
    out
}

/// Deletes the inbox's notes queued for case `code`; how many.
fn remove_queued(data_dir: &Path, code: &str) -> usize {
    let Ok(entries) = fs::read_dir(inbox::inbox_dir(data_dir)) else {
        return 0;
    };
    let named = format!("\"{code}\"");
    entries
        .flatten()
        .filter(|e| {
            fs::read(e.path()).is_ok_and(|b| contains(&b, named.as_bytes()))
                && fs::remove_file(e.path()).is_ok()
        })
        .count()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

fn in_use(dir: &Path) -> StoreError {
    StoreError::Io {
        doing: "remove a case from",
        path: dir.to_path_buf(),
        err: io::Error::other("the store is in use by another part of insats"),
    }
}

/// Test builds only: a removal killed at `step`.
fn abort_at(step: &str) {
    if cfg!(debug_assertions) && std::env::var("INSATS_TEST_PURGE_ABORT").is_ok_and(|s| s == step) {
        std::process::abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every entry of every tree of `db`, by tree.
    fn entries(db: &sled::Db) -> Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> {
        let mut out = Vec::new();
        for name in db.tree_names() {
            for entry in db.open_tree(&name).unwrap().iter() {
                let (k, v) = entry.unwrap();
                out.push((name.to_vec(), k.to_vec(), v.to_vec()));
            }
        }
        out.sort();
        out
    }

    #[test]
    fn a_copy_in_small_pieces_holds_everything_but_the_case() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        crate::demo::seed(&store, today).unwrap();
        store.flush().unwrap();
        let before = entries(&store.db);
        let to = dir.path().join("copy");
        // Pieces of a kilobyte: sled closed and opened again many times.
        let (store, left) = copy_without(store, &to, b"2026-110", 1024).unwrap();
        let copied = entries(&sled_at(&to).unwrap());
        let (gone, mut kept): (Vec<_>, Vec<_>) = before
            .into_iter()
            .partition(|(t, k, v)| of_case(t, k, v, b"2026-110"));
        kept.sort();
        assert_eq!(left, gone.len());
        assert!(gone.len() > 100, "{}", gone.len());
        assert!(
            copied == kept,
            "{} copied, {} kept",
            copied.len(),
            kept.len()
        );
        assert!(store.case_exists("2026-101").unwrap());
        // The same from a store set aside: a sled directory at its path.
        let again = dir.path().join("again");
        let aside = Aside(&to, sled_at(&to).unwrap());
        let (aside, left) = copy_without(aside, &again, b"2026-101", 1024).unwrap();
        drop(aside);
        let (gone, kept): (Vec<_>, Vec<_>) =
            (copied.into_iter()).partition(|(t, k, v)| of_case(t, k, v, b"2026-101"));
        assert_eq!(left, gone.len());
        assert!(gone.len() > 10, "{}", gone.len());
        assert!(entries(&sled_at(&again).unwrap()) == kept);
    }

    #[test]
    fn each_tree_names_its_case_entries_and_no_others() {
        let code = b"2026-110";
        assert!(of_case(b"notes", b"2026-110\0\0\0\0\x01", b"", code));
        assert!(!of_case(b"notes", b"2026-1100\0\0\0\0\x01", b"", code));
        assert!(of_case(b"seq", b"notes\x002026-110", b"", code));
        assert!(of_case(b"drafts", b"note/2026-110/new", b"", code));
        assert!(!of_case(b"drafts", b"case/new", b"", code));
        assert!(of_case(b"summaries", b"2026-110", b"", code));
        assert!(!of_case(b"summaries", b"\0generation", b"", code));
        assert!(of_case(
            b"inbox_taken",
            b"id",
            b"2026-110\0\0\0\0\x02",
            code
        ));
        assert!(!of_case(b"removals", b"2026-11-22\x002026-110", b"", code));
    }
}
