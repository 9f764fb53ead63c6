//! `insats restore`: a fresh store from a backup, built apart from the one
//! in use and swapped in only once whole; a restore cut off is finished or
//! undone at the next start ([`finish_restore`]).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::backup::{Entry, Problem, STAMP, backups_dir, entries};
use super::{Store, StoreError, backup_stream, perms};
use super::{io_err, remove_all};

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    pub records: usize,
    /// Where the earlier store went, when there was one.
    pub moved: Option<PathBuf>,
}

/// Why a restore did not happen.
#[derive(Debug)]
pub enum RestoreError {
    Read(io::Error),
    Bad(Problem),
    Store(StoreError),
}

impl From<StoreError> for RestoreError {
    fn from(e: StoreError) -> RestoreError {
        RestoreError::Store(e)
    }
}

/// Where a restore builds its store, apart from the one in use: a data
/// directory of its own, swapped in only once [`WHOLE`] is in it.
pub(super) const RESTORING: &str = "db.restoring";
/// Written into [`RESTORING`] once its store holds the whole backup.
pub(super) const WHOLE: &str = "whole";

/// A fresh store in `data_dir` from the backup at `backup`; the store
/// there before is moved aside to `db.before-restore-…`, never deleted.
/// The backup's checksum is checked before anything is written; its
/// records go into a store built apart, a piece at a time, which is
/// swapped in once whole. A restore cut off before is undone at the next
/// start, one cut off after is finished ([`finish_restore`]).
pub fn restore(
    data_dir: &Path,
    backup: &Path,
    now: NaiveDateTime,
) -> Result<Restored, RestoreError> {
    let (records, body) = backup_stream::checked_body(backup)
        .map_err(RestoreError::Read)?
        .map_err(RestoreError::Bad)?;
    let _lock = Store::lock(data_dir)?;
    let apart = data_dir.join(RESTORING);
    // Under our lock no other restore runs: what is there was cut off.
    remove_all(&apart)?;
    let store = Store::open(&apart)?;
    let read = store.restore_from(body)?;
    store.flush()?;
    drop(store);
    let summary = match read {
        Ok(s) if s.records() == records => s,
        // A backup that holds other than its header says.
        _ => {
            remove_all(&apart)?;
            return Err(RestoreError::Bad(Problem::Checksum));
        }
    };
    set_aside_newer(data_dir, backup, now)?;
    let whole = apart.join(WHOLE);
    fs::write(&whole, b"")
        .and_then(|()| fs::File::open(&apart)?.sync_all())
        .map_err(io_err("write", &whole))?;
    let moved = swap_in(data_dir, now)?;
    perms::secure_dir(data_dir).map_err(io_err("protect", data_dir))?;
    Ok(Restored {
        records: summary.imported,
        moved,
    })
}

/// A restore cut off (killed, the machine stopped) finished when its
/// store was whole, undone when it was not; under our lock, before the
/// store in `data_dir` is opened.
pub(super) fn finish_restore(data_dir: &Path) -> Result<(), StoreError> {
    let apart = data_dir.join(RESTORING);
    if !apart.exists() {
        return Ok(());
    }
    if apart.join(WHOLE).exists() {
        swap_in(data_dir, chrono::Local::now().naive_local())?;
        return Ok(());
    }
    remove_all(&apart)
}

/// The store built apart put in place of the one in `data_dir`, that one
/// moved aside (returned). Each step a rename: cut off between two, it is
/// taken up again from where it stopped.
fn swap_in(data_dir: &Path, now: NaiveDateTime) -> Result<Option<PathBuf>, StoreError> {
    let apart = data_dir.join(RESTORING);
    let (db, new) = (data_dir.join("db"), apart.join("db"));
    if !new.exists() {
        // Already swapped in: only the directory was left.
        return remove_all(&apart).map(|()| None);
    }
    let moved = if db.exists() {
        let mut aside = data_dir.join(format!("db.before-restore-{}", now.format(STAMP)));
        let mut n = 1;
        while aside.exists() {
            n += 1;
            aside = data_dir.join(format!("db.before-restore-{}-{n}", now.format(STAMP)));
        }
        fs::rename(&db, &aside).map_err(io_err("move aside", &db))?;
        Some(aside)
    } else {
        None
    };
    fs::rename(&new, &db)
        .and_then(|()| fs::File::open(data_dir)?.sync_all())
        .map_err(io_err("restore", &db))?;
    remove_all(&apart)?;
    Ok(moved)
}

/// The backups newer than the one restored go to a folder of their own,
/// `backups/before-restore-…`: kept, but no longer the newest (the store
/// now holds less than they do, and backups must go on from here).
fn set_aside_newer(data_dir: &Path, restored: &Path, now: NaiveDateTime) -> Result<(), StoreError> {
    if restored.parent() != Some(backups_dir(data_dir).as_path()) {
        return Ok(());
    }
    let mut newer = entries(data_dir).unwrap_or_default();
    let Some(at) = newer.iter().position(|e| e.path == restored) else {
        return Ok(());
    };
    newer.truncate(at);
    if newer.is_empty() {
        return Ok(());
    }
    let aside = backups_dir(data_dir).join(format!("before-restore-{}", now.format(STAMP)));
    fs::create_dir_all(&aside).map_err(io_err("set aside", &aside))?;
    for Entry { name, path, .. } in newer {
        fs::rename(&path, aside.join(name)).map_err(io_err("set aside", &path))?;
    }
    Ok(())
}
