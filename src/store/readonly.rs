//! Reading a store on a full disk. sled writes as it opens (it pads its
//! log to a whole segment), so on a full disk it cannot open at all — and
//! the worker could not even read or export their notes. For a command
//! that only reads, the store's files are then copied to a private
//! directory on another filesystem with room (memory first: `/dev/shm`),
//! opened there, and the copy removed when the store is closed. Nothing
//! is ever written through such a store.

use std::fs;
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use super::{Kind, Store, StoreError, damaged_open, open_sled, space};

/// A private copy of a store's files, removed when dropped.
pub(super) struct Scratch {
    dir: PathBuf,
    /// The store the copy was taken of: where messages point.
    pub origin: PathBuf,
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

impl Store {
    /// Opens the store in `dir` to read. On a full disk, where it cannot be
    /// opened in place, a private copy of it is opened instead; such a store
    /// refuses every write ([`Store::is_copy`]).
    pub fn open_to_read(dir: &Path) -> Result<Store, StoreError> {
        match Store::open(dir) {
            Err(e) if e.is_disk_full() => {
                let lock = Store::lock(dir)?;
                let scratch = copy_elsewhere(dir).map_err(|_| e)?;
                let db = open_sled(&scratch.dir)?;
                let mut trees = Vec::with_capacity(Kind::ALL.len() + 3);
                for name in
                    Kind::ALL
                        .iter()
                        .map(|k| k.tree_name())
                        .chain(["seq", "drafts", "summaries"])
                {
                    trees.push(db.open_tree(name).map_err(|e| damaged_open(dir, e))?);
                }
                Ok(Store {
                    db,
                    trees,
                    dir: scratch.dir.clone(),
                    stalled: Arc::new(AtomicBool::new(false)),
                    _lock: lock,
                    scratch: Some(scratch),
                })
            }
            other => other,
        }
    }

    /// Whether this store is a copy opened to read on a full disk.
    pub fn is_copy(&self) -> bool {
        self.scratch.is_some()
    }

    /// The directory of the store as the user knows it (not a copy's).
    pub fn origin(&self) -> &Path {
        self.scratch.as_ref().map_or(&self.dir, |s| &s.origin)
    }
}

/// Where a copy may go: memory, the user's runtime directory, the
/// temporary directory — the first with room.
fn candidates() -> Vec<PathBuf> {
    let mut out = vec![PathBuf::from("/dev/shm")];
    if let Some(run) = std::env::var_os("XDG_RUNTIME_DIR") {
        out.push(PathBuf::from(run));
    }
    out.push(std::env::temp_dir());
    out
}

fn copy_elsewhere(dir: &Path) -> io::Result<Scratch> {
    let source = dir.join("db");
    let size = tree_size(&source)?;
    // The full filesystem itself has no room, so the free space decides.
    let base = candidates()
        .into_iter()
        .find(|c| {
            fs::metadata(c).is_ok_and(|m| m.is_dir())
                && space::free_bytes(c).is_ok_and(|f| f > size + space::RESERVE)
        })
        .ok_or_else(|| io::Error::from_raw_os_error(libc::ENOSPC))?;
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let scratch = Scratch {
        dir: base.join(format!("insats-read-{}-{stamp}", std::process::id())),
        origin: dir.to_path_buf(),
    };
    fs::create_dir(&scratch.dir)?;
    fs::set_permissions(&scratch.dir, fs::Permissions::from_mode(0o700))?;
    copy_tree(&source, &scratch.dir.join("db"))?;
    Ok(scratch)
}

fn tree_size(dir: &Path) -> io::Result<u64> {
    let mut total = 0;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let meta = entry.metadata()?;
        total += if meta.is_dir() {
            tree_size(&entry.path())?
        } else {
            meta.len()
        };
    }
    Ok(total)
}

fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir(to)?;
    fs::set_permissions(to, fs::Permissions::from_mode(0o700))?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)?;
            fs::set_permissions(&target, fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(())
}
