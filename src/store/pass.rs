//! A pass over every record (a backup, a check) a piece at a time.
//!
//! sled keeps in memory every page such a pass reads, whatever its cache's
//! limit: it counts the pages read in batches of 64 for each of 256
//! shards, and evicts only when a shard's batch is full. One pass over the
//! large store fills fewer than that (a few thousand pages over 256
//! shards), so its cache ends up holding most of the store (49 MB of the
//! 2,000 × 100 store's 104 MB). sled lets go of them only when it is closed.
//!
//! A pass that owns its store, and where no other handle to the database
//! is out ([`super::Drafter`]) nor a write stalled, closes sled and opens
//! it again after each [`PIECE`] of bytes read; the pass goes on from the
//! key it stopped after. A pass over a store lent to it reads in one piece.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use sled::IVec;

use super::read::{self, Read};
use super::{Kind, Store, StoreError, open_sled, open_trees};

/// Bytes read between two openings of sled: about what it then holds.
pub(super) const PIECE: usize = 4 << 20;

/// The store a pass reads, lent or owned.
pub(super) struct Pass<'a> {
    held: Held<'a>,
    /// [`PIECE`], but in tests.
    piece: usize,
    /// How many times sled was opened again.
    reopened: usize,
}

enum Held<'a> {
    Lent(&'a Store),
    Owned(Store),
    /// sled could not be opened again: [`Pass::rest`] said why, and the
    /// pass ends there.
    Lost(PathBuf),
}

impl<'a> Pass<'a> {
    /// A pass over a store still needed after it: read in one piece.
    pub fn lent(store: &'a Store) -> Self {
        Pass {
            held: Held::Lent(store),
            piece: usize::MAX,
            reopened: 0,
        }
    }

    /// A pass over a store closed after it.
    pub fn owned(store: Store) -> Pass<'static> {
        Pass::in_pieces(store, PIECE)
    }

    /// A pass over a store closed after it, opened again after every
    /// `piece` bytes read.
    pub fn in_pieces(store: Store, piece: usize) -> Pass<'static> {
        Pass {
            held: Held::Owned(store),
            piece,
            reopened: 0,
        }
    }

    /// The store of a pass made by [`Pass::owned`], opened as it now is.
    pub fn into_owned(self) -> Result<Store, StoreError> {
        match self.held {
            Held::Owned(store) => Ok(store),
            Held::Lent(store) => Err(closed(&store.dir)),
            Held::Lost(dir) => Err(closed(&dir)),
        }
    }

    /// How many times sled was opened again.
    #[cfg(test)]
    pub fn times_reopened(&self) -> usize {
        self.reopened
    }

    pub fn store(&self) -> Result<&Store, StoreError> {
        match &self.held {
            Held::Lent(store) => Ok(store),
            Held::Owned(store) => Ok(store),
            Held::Lost(dir) => Err(closed(dir)),
        }
    }

    /// How many bytes to read before [`Pass::rest`]: a piece when sled can
    /// be opened again, else everything.
    pub fn piece(&self) -> usize {
        match &self.held {
            Held::Owned(store) if store.alone() => self.piece,
            _ => usize::MAX,
        }
    }

    /// Between two pieces: once a piece was read since sled was opened, it
    /// is closed and opened again, and every page it kept let go of.
    /// Nothing for a lent store.
    pub fn rest(&mut self) -> Result<(), StoreError> {
        let Held::Owned(store) = &self.held else {
            return Ok(());
        };
        if store.read_since_open() < self.piece() {
            return Ok(());
        }
        let lost = Held::Lost(store.dir.clone());
        let Held::Owned(store) = std::mem::replace(&mut self.held, lost) else {
            return Ok(());
        };
        self.held = Held::Owned(store.reopened()?);
        self.reopened += 1;
        Ok(())
    }
}

/// What a pass whose store is not there any more says (never seen: an
/// error opening sled again ends the pass with that error).
fn closed(dir: &Path) -> StoreError {
    StoreError::Io {
        doing: "open",
        path: dir.to_path_buf(),
        err: io::Error::other("the store was closed"),
    }
}

impl Pass<'_> {
    /// Every entry of the tree of `kind`, in key order, to `each` until it
    /// says to stop (false); sled opened again between pieces.
    pub fn entries<E: From<StoreError>>(
        &mut self,
        kind: Kind,
        mut each: impl FnMut(sled::Result<(IVec, IVec)>) -> Result<bool, E>,
    ) -> Result<(), E> {
        let mut after = None;
        loop {
            let piece = self.piece();
            match read::entries_piece(self.store()?, kind, after.as_deref(), piece, &mut each)? {
                Some(key) => after = Some(key),
                None => return Ok(()),
            }
            self.rest()?;
        }
    }

    /// Every record of the tree of `kind`, as [`read::each`] gives them,
    /// sled opened again between pieces.
    pub fn each<E: From<StoreError>>(
        &mut self,
        kind: Kind,
        mut each: impl FnMut(Read<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        self.entries(kind, |entry| read::visit(kind, entry, &mut each))
    }
}

impl Store {
    /// Whether this store holds the only handles to its database: no
    /// [`super::Drafter`] is out, and no write was left stalled (a stalled
    /// write keeps one for ever).
    pub(super) fn alone(&self) -> bool {
        Arc::strong_count(&self.handles) == 1 && !self.stalled.load(Ordering::SeqCst)
    }

    /// Counts what sled read for an entry.
    pub(super) fn count_read(&self, entry: &sled::Result<(IVec, IVec)>) {
        if let Ok((key, value)) = entry {
            self.count(key.len() + value.len());
        }
    }

    /// Counts `bytes` read.
    pub(super) fn count(&self, bytes: usize) {
        self.read.fetch_add(bytes, Ordering::Relaxed);
    }

    pub(super) fn read_since_open(&self) -> usize {
        self.read.load(Ordering::Relaxed)
    }

    /// The store closed and opened again, under the same lock. Only when
    /// [`Store::alone`]: its stall flag and handle count start afresh.
    pub(super) fn reopened(self) -> Result<Store, StoreError> {
        self.reopened_after(|_| Ok(()))
    }

    /// [`Store::reopened`], `between` done while sled is closed (a store
    /// rewritten apart swapped in, [`super::purge`]). Only when
    /// [`Store::alone`].
    pub(super) fn reopened_after(
        self,
        between: impl FnOnce(&std::path::Path) -> Result<(), StoreError>,
    ) -> Result<Store, StoreError> {
        let Store {
            db,
            trees,
            dir,
            lock,
            scratch,
            ..
        } = self;
        drop(trees);
        drop(db);
        between(&dir)?;
        let db = open_sled(&dir).map_err(|e| match e {
            // Not another session's (ours is the lock): sled's own, let go
            // of too slowly.
            StoreError::Locked(path) => StoreError::Io {
                doing: "open again",
                path,
                err: io::Error::other("the database did not let go of its files"),
            },
            e => e,
        })?;
        let trees = open_trees(&db, &dir)?;
        Ok(Store::opened(db, trees, dir, lock, scratch))
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveDateTime};

    use super::*;
    use crate::domain::note::Note;
    use crate::domain::record::Record;

    fn at(hours: i64) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap()
            + chrono::Duration::hours(hours)
    }

    /// The demo's cases, each with forty notes more.
    fn seeded() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        crate::demo::seed(&store, at(0).date()).unwrap();
        let files = store.load_all().unwrap().files;
        let like = files
            .iter()
            .find_map(|f| f.notes.first())
            .unwrap()
            .body
            .clone();
        for file in files.iter().filter(|f| !f.case.body.is_closed()) {
            for i in 0..40 {
                let text = format!("Hembesök {i}: {}", "samtal om rutiner. ".repeat(20));
                let note = Note {
                    text,
                    ..like.clone()
                };
                store.add(file.code(), note, "AS", at(0)).unwrap();
            }
        }
        store.flush().unwrap();
        (dir, store)
    }

    /// A piece a few values long: sled opened again many times a pass.
    const SMALL: usize = 8 * 1024;

    #[test]
    fn a_backup_in_pieces_is_the_backup_in_one() {
        let (_dir, store) = seeded();
        let whole = store.write_backup(at(0)).unwrap().unwrap();
        let whole = std::fs::read(whole).unwrap();
        let mut pass = Pass::in_pieces(store, SMALL);
        let pieces = super::super::backup::write_backup(&mut pass, at(1))
            .unwrap()
            .unwrap();
        assert!(pass.reopened > 20, "opened again {} times", pass.reopened);
        // The same bytes, but for the backup's place in the order taken.
        let unordered = |b: Vec<u8>| {
            let text = String::from_utf8(b).unwrap();
            let (head, body) = text.split_once('\n').unwrap();
            format!("{}\n{body}", head.split(" order=").next().unwrap())
        };
        assert_eq!(unordered(std::fs::read(pieces).unwrap()), unordered(whole));
        // The store given back reads and writes as before.
        let store = pass.into_owned().unwrap();
        let all = store.load_all().unwrap();
        let first = &all.files[0];
        let note = first.notes[0].body.clone();
        let added = store.add(first.code(), note, "AS", at(2)).unwrap();
        let read: Record<Note> = store.get(first.code(), added.seq).unwrap().unwrap();
        assert_eq!(read, added);
    }

    #[test]
    fn a_check_in_pieces_finds_what_one_in_a_piece_finds() {
        let (_dir, store) = seeded();
        let path = store.write_backup(at(0)).unwrap().unwrap();
        // A note lost since the backup, and a key that is no record's.
        let first = store.load_summaries().unwrap().files[0].code().to_string();
        let notes = store.tree(Kind::Note);
        for seq in 16..32 {
            notes.remove(crate::store::record_key(&first, seq)).unwrap();
        }
        notes.insert(b"stray".as_slice(), b"x".as_slice()).unwrap();
        let all = store.load_all().unwrap();
        let lost = super::super::backup_stream::missing_from(&mut Pass::lent(&store), &path)
            .unwrap()
            .unwrap();
        assert_eq!(lost.len(), 16, "{lost:?}");

        let mut pass = Pass::in_pieces(store, SMALL);
        let checked = super::super::summary::check_every_case(&mut pass, false).unwrap();
        assert_eq!(checked.records, all.records);
        assert_eq!(
            checked.damaged.len(),
            all.damaged.len(),
            "{:?}",
            checked.damaged
        );
        let before = pass.reopened;
        assert!(before > 20, "opened again {before} times");
        let missing = super::super::backup_stream::missing_from(&mut pass, &path).unwrap();
        assert!(
            pass.reopened > before + 20,
            "opened again {} times",
            pass.reopened
        );
        assert_eq!(missing, Some(lost));
    }

    #[test]
    fn a_store_with_a_handle_out_is_read_in_one_piece() {
        let (_dir, store) = seeded();
        let drafter = store.drafter();
        let mut pass = Pass::in_pieces(store, SMALL);
        let backup = super::super::backup::write_backup(&mut pass, at(1)).unwrap();
        assert!(backup.is_some());
        assert_eq!(pass.reopened, 0);
        // Its handle still writes to the store it was given for.
        drafter.put("note/2026-101", &"Halvskriven text").unwrap();
        drafter.flush().unwrap();
        drop(drafter);
        let store = pass.into_owned().unwrap();
        let (drafts, _) = store.drafts::<String>().unwrap();
        assert_eq!(drafts, vec!["Halvskriven text".to_string()]);
        // With the handle given back, a pass goes in pieces again.
        assert_eq!(Pass::in_pieces(store, SMALL).piece(), SMALL);
    }

    #[test]
    fn a_store_whose_write_stalled_is_read_in_one_piece() {
        let (_dir, store) = seeded();
        store.stalled.store(true, Ordering::SeqCst);
        let mut pass = Pass::in_pieces(store, SMALL);
        assert_eq!(pass.piece(), usize::MAX);
        let backup = super::super::backup::write_backup(&mut pass, at(1)).unwrap();
        assert!(backup.is_some());
        assert_eq!(pass.reopened, 0);
    }
}
