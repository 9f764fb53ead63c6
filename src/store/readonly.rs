//! Reading a store on a full disk, or in a directory that cannot be
//! written (a read-only filesystem). sled writes as it opens (it pads its
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

use super::{Store, StoreError, open_sled, open_trees, space};

/// A private copy of a store's files, removed when dropped.
pub(super) struct Scratch {
    dir: PathBuf,
    /// The store the copy was taken of: where messages point.
    pub origin: PathBuf,
    pub why: WhyCopy,
}

/// Why a store was opened on a copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhyCopy {
    DiskFull,
    /// The data directory cannot be written.
    ReadOnly,
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
            Err(e) if e.is_disk_full() || e.is_read_only() => {
                let why = match e.is_read_only() {
                    true => WhyCopy::ReadOnly,
                    false => WhyCopy::DiskFull,
                };
                let lock = match Store::lock(dir) {
                    Err(l) if l.is_read_only() => Store::lock_to_read(dir)?,
                    other => other?,
                };
                let scratch = copy_elsewhere(dir, why).map_err(|_| e)?;
                let db = open_sled(&scratch.dir)?;
                let trees = open_trees(&db, dir)?;
                let (dir, scratch) = (scratch.dir.clone(), Some(Arc::new(scratch)));
                Ok(Store::opened(db, trees, dir, Arc::new(lock), scratch))
            }
            other => other,
        }
    }

    /// Whether this store is a copy opened to read on a full disk.
    pub fn is_copy(&self) -> bool {
        self.scratch.is_some()
    }

    /// Why this store is a copy, when it is one.
    pub fn why_copy(&self) -> Option<WhyCopy> {
        self.scratch.as_ref().map(|s| s.why)
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

fn copy_elsewhere(dir: &Path, why: WhyCopy) -> io::Result<Scratch> {
    for base in candidates() {
        remove_stale_copies(&base);
    }
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
        why,
    };
    fs::create_dir(&scratch.dir)?;
    fs::set_permissions(&scratch.dir, fs::Permissions::from_mode(0o700))?;
    copy_tree(&source, &scratch.dir.join("db"))?;
    Ok(scratch)
}

/// The bytes of every file under `dir` that can be read: one gone
/// between listing and reading (sled removing an old snapshot) counts
/// nothing, rather than the whole count failing.
pub(super) fn tree_size(dir: &Path) -> io::Result<u64> {
    let mut total = 0;
    for entry in fs::read_dir(dir)?.flatten() {
        total += match entry.metadata() {
            Ok(meta) if meta.is_dir() => tree_size(&entry.path()).unwrap_or(0),
            Ok(meta) => meta.len(),
            Err(_) => 0,
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

/// Copies left by sessions that were killed (a copy is removed when its
/// store is closed): they hold personal data, and room in memory. Only
/// ours — named so, owned by this user, of a process that is gone.
fn remove_stale_copies(base: &Path) {
    use std::os::unix::fs::MetadataExt;
    let Ok(entries) = fs::read_dir(base) else {
        return;
    };
    // SAFETY: getuid cannot fail.
    let me = unsafe { libc::getuid() };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix("insats-read-")
            .and_then(|rest| rest.split('-').next())
            .and_then(|p| p.parse::<libc::pid_t>().ok())
        else {
            continue;
        };
        let ours = entry.metadata().is_ok_and(|m| m.is_dir() && m.uid() == me);
        if ours && pid > 0 && !alive(pid) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

fn alive(pid: libc::pid_t) -> bool {
    // SAFETY: signal 0 only asks whether the process exists.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_of_killed_sessions_are_removed_and_no_others() {
        let base = tempfile::tempdir().unwrap();
        let mut gone = std::process::Command::new("true").spawn().unwrap();
        let dead = gone.id();
        gone.wait().unwrap();
        let names = [
            format!("insats-read-{dead}-1"),
            format!("insats-read-{}-2", std::process::id()),
            "insats-read-x-3".to_string(),
            format!("other-{dead}-4"),
        ];
        for n in &names {
            fs::create_dir(base.path().join(n)).unwrap();
        }
        remove_stale_copies(base.path());
        let left: Vec<bool> = names.iter().map(|n| base.path().join(n).exists()).collect();
        assert_eq!(left, [false, true, true, true]);
    }
}
