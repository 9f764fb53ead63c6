//! Opening a store: our lock, then sled and its trees.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize};

use std::time::{Duration, Instant};

use super::lock::{self, DirLock, Holder, LockError};
use super::{Kind, Store, StoreError, error, io_err, perms, readonly, space};

impl Store {
    /// Opens (creating if needed) the store in `dir`. Takes our lock first:
    /// a second session gets [`StoreError::Locked`].
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        let lock = Store::lock(dir)?;
        super::backup::finish_restore(dir)?;
        super::purge::finish_swap(dir)?;
        if cfg!(debug_assertions) && std::env::var_os("INSATS_TEST_OPEN_ENOSPC").is_some() {
            // Test builds only: sled's open on a full disk, which fails as
            // it pads its log.
            let full = io::Error::from_raw_os_error(libc::ENOSPC);
            return Err(damaged_open(dir, sled::Error::Io(full)));
        }
        let store = Store::open_locked(dir, lock)?;
        super::purge::finish_after_open(store)
    }

    /// [`Store::open`] (or `open`, e.g. [`Store::open_to_read`]) for a
    /// command: while another command holds the store, it is waited for,
    /// up to [`WAIT_FOR_COMMAND`]; while the screen does, the store is
    /// [`StoreError::Locked`] at once.
    pub fn open_waiting(
        dir: &Path,
        open: fn(&Path) -> Result<Store, StoreError>,
    ) -> Result<Store, StoreError> {
        let began = Instant::now();
        loop {
            match open(dir) {
                Err(StoreError::Locked(_))
                    if !Store::held_by_screen(dir) && began.elapsed() < WAIT_FOR_COMMAND =>
                {
                    std::thread::sleep(Duration::from_millis(20));
                }
                other => return other,
            }
        }
    }

    /// Whether the screen holds the store in `dir` (in another window).
    pub fn held_by_screen(dir: &Path) -> bool {
        lock::holder(&dir.join("lock")) == Holder::Screen
    }

    /// Says in the lock file that the screen holds this store: a command
    /// then queues its note in the inbox instead of waiting.
    pub fn hold_as_screen(&self) {
        self.lock.say(Holder::Screen);
    }

    /// Our lock on a store whose directory cannot be written, to read it.
    pub fn lock_to_read(dir: &Path) -> Result<DirLock, StoreError> {
        DirLock::acquire_to_read(dir).map_err(|e| match e {
            LockError::Busy => StoreError::Locked(dir.to_path_buf()),
            LockError::Io(err) => io_err("lock", dir)(err),
        })
    }

    /// Takes our lock on the store in `dir`, creating the directory.
    pub fn lock(dir: &Path) -> Result<DirLock, StoreError> {
        if cfg!(debug_assertions) && std::env::var_os("INSATS_TEST_READ_ONLY").is_some() {
            // Test builds only: a data directory on a read-only filesystem.
            let ro = io::Error::from_raw_os_error(libc::EROFS);
            return Err(io_err("lock", dir)(ro));
        }
        perms::secure_dir(dir).map_err(io_err("create the data directory", dir))?;
        DirLock::acquire(&dir.join("lock")).map_err(|e| match e {
            LockError::Busy => StoreError::Locked(dir.to_path_buf()),
            LockError::Io(err) => io_err("lock", dir)(err),
        })
    }

    /// Opens the store in `dir` under a lock already taken.
    pub fn open_locked(dir: &Path, lock: DirLock) -> Result<Store, StoreError> {
        let db = open_sled(dir)?;
        let trees = open_trees(&db, dir)?;
        perms::secure_dir(dir).map_err(io_err("protect", dir))?;
        let store = Store::opened(db, trees, dir.to_path_buf(), Arc::new(lock), None);
        // Best effort: a store whose buckets cannot be taken apart now (a
        // full disk) is read as it is, and the rest done at the next start.
        let _ = store.take_buckets_apart();
        store.forget_kept_caseload();
        Ok(store)
    }

    /// Removes the caseload an earlier release kept beside the database
    /// (a file, or before that a value among the summaries): it names the
    /// cases and is read by nothing now. Best effort; tried at each open.
    fn forget_kept_caseload(&self) {
        let _ = std::fs::remove_file(self.dir.join("caseload"));
        let summaries = &self.trees[super::SUMMARY_TREE];
        if summaries.contains_key(b"\0caseload").unwrap_or(false) {
            let _ = summaries.remove(b"\0caseload");
        }
    }

    /// A store of the database `db` in `dir`, opened under `lock`.
    pub(super) fn opened(
        db: sled::Db,
        trees: Vec<sled::Tree>,
        dir: PathBuf,
        lock: Arc<DirLock>,
        scratch: Option<Arc<readonly::Scratch>>,
    ) -> Store {
        Store {
            db,
            trees,
            dir,
            stalled: Arc::new(AtomicBool::new(false)),
            handles: Arc::new(()),
            read: AtomicUsize::new(0),
            reads: AtomicUsize::new(0),
            lock,
            scratch,
        }
    }

    /// A second handle on this open store, for another thread of the
    /// same process (the screen's server, `cli/serve.rs`): the same
    /// database, lock and stall flag. While one is out, the store is not
    /// closed and opened again under it ([`super::pass`]); dropping it
    /// closes nothing.
    pub fn lend(&self) -> Store {
        Store {
            db: self.db.clone(),
            trees: self.trees.clone(),
            dir: self.dir.clone(),
            stalled: self.stalled.clone(),
            handles: self.handles.clone(),
            read: AtomicUsize::new(0),
            reads: AtomicUsize::new(0),
            lock: self.lock.clone(),
            scratch: self.scratch.clone(),
        }
    }
}

/// How long a command waits for another command that holds the store: a
/// command's own work, its backup included, is well under it.
pub const WAIT_FOR_COMMAND: Duration = Duration::from_secs(10);

/// What sled may keep of the store's pages in memory: the screen's working
/// set (the summaries, a case or two) is far smaller. sled keeps it only
/// loosely; a pass over every record bounds itself ([`super::pass`]).
const CACHE_BYTES: u64 = 4 * 1024 * 1024;

/// The trees after the record trees, in the order of their indices.
pub(super) const TREES_AFTER_KINDS: [&str; 6] = [
    "seq",
    "drafts",
    "summaries",
    "inbox_taken",
    "figures",
    "removals",
];

/// The trees of `db`: one per [`Kind`], then the sequence counters, the
/// drafts, the summaries and the inbox's marks.
pub(super) fn open_trees(db: &sled::Db, dir: &Path) -> Result<Vec<sled::Tree>, StoreError> {
    Kind::ALL
        .iter()
        .map(|k| k.tree_name())
        .chain(TREES_AFTER_KINDS)
        .map(|name| db.open_tree(name).map_err(|e| damaged_open(dir, e)))
        .collect()
}

/// Opens sled under our lock. sled takes a file lock of its own, which a
/// store closed a moment ago (its threads ending, slowly on a loaded
/// machine) can still hold briefly: wait for it, up to 5 s, then say the
/// store is in use.
pub(super) fn open_sled(dir: &Path) -> Result<sled::Db, StoreError> {
    forget_unfinished_snapshots(&dir.join("db"));
    sled_at(&dir.join("db"), CACHE_BYTES).map_err(|e| match e {
        e if busy(&e) => StoreError::Locked(dir.to_path_buf()),
        e => damaged_open(dir, e),
    })
}

/// The sled database at `path`, with a cache of `cache` bytes. sled's
/// own file lock, of a database closed a moment ago, is waited for.
pub(super) fn sled_at(path: &Path, cache: u64) -> sled::Result<sled::Db> {
    let mut tries = 0;
    loop {
        match sled::Config::new().path(path).cache_capacity(cache).open() {
            Err(e) if busy(&e) && tries < 100 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            opened => return opened,
        }
    }
}

/// Whether sled failed to open because another holds its file lock.
fn busy(e: &sled::Error) -> bool {
    matches!(e, sled::Error::Io(io) if io.kind() == io::ErrorKind::WouldBlock
        || io.to_string().contains("could not acquire lock"))
}

/// Removes the snapshots sled began and never finished (`snap.N.generating`,
/// left empty by an open on a full disk): sled renames a snapshot into
/// place only once it is whole, and reads such a leftover as damage,
/// which made a store unopenable after one command on a disk with 0 bytes
/// free. Without them sled opens from its last whole snapshot and its
/// log. Best effort, under our lock.
fn forget_unfinished_snapshots(db: &Path) {
    let Ok(entries) = std::fs::read_dir(db) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("snap.") && name.ends_with(".generating") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// An error opening sled: a full disk is said as such; anything else
/// means its files cannot be read.
pub(super) fn damaged_open(dir: &Path, e: sled::Error) -> StoreError {
    use io::ErrorKind::{InvalidData, InvalidInput, UnexpectedEof};
    match e {
        // sled pads its log as it opens: that needs room.
        sled::Error::Io(err) if error::is_disk_full(&err) => StoreError::NoSpace {
            needed: space::RESERVE,
            free: space::free_bytes(dir).unwrap_or(0),
            dir: dir.to_path_buf(),
        },
        sled::Error::Io(err)
            if !matches!(err.kind(), InvalidData | InvalidInput | UnexpectedEof) =>
        {
            StoreError::Io {
                doing: "open the store in",
                path: dir.to_path_buf(),
                err,
            }
        }
        _ => StoreError::Damaged(dir.to_path_buf()),
    }
}
