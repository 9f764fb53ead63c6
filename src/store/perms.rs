//! The store holds personal data about families and children: the data
//! directory is 0700 and every file in it 0600. sled sets no modes of its
//! own, so we set them after opening and after every flush.

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Creates `dir` if needed and makes it and what insats keeps in it (the
/// lock, the database and the backups) private. Other files a user keeps beside them are
/// left as they are.
pub fn secure_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    set_mode(dir, 0o700)?;
    let lock = dir.join("lock");
    if lock.is_file() {
        set_mode(&lock, 0o600)?;
    }
    for ours in ["db", "backups", "inbox"] {
        own_dir(&dir.join(ours))?;
    }
    // The inbox is written by other processes while this one runs (its
    // files made 0600 as they are written): only checked, never walked.
    for ours in ["db", "backups"] {
        let sub = dir.join(ours);
        if sub.is_dir() {
            secure_tree(&sub)?;
        }
    }
    Ok(())
}

/// Refuses a directory insats keeps under the data directory that is a
/// symbolic link, not a directory, or another user's: what would be
/// written there would land elsewhere, what is read there is not ours.
/// One not there yet is no error.
pub fn own_dir(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() && is_ours(&m) => Ok(()),
        Ok(_) => Err(io::Error::other(NotOurs(path.to_path_buf()))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// A path under the data directory that is not insats's own (its error,
/// as [`own_dir`] gives it, in an [`io::Error`]).
#[derive(Debug)]
pub struct NotOurs(pub PathBuf);

impl std::fmt::Display for NotOurs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} is not insats's own directory", self.0.display())
    }
}

impl std::error::Error for NotOurs {}

impl NotOurs {
    /// The path of an error [`own_dir`] gave.
    pub fn of(err: &io::Error) -> Option<&Path> {
        err.get_ref()?
            .downcast_ref::<NotOurs>()
            .map(|n| n.0.as_path())
    }
}

/// Whether a file insats reads from under the data directory is one it
/// wrote: a regular file of this user's that no one else may read.
pub fn is_own_file(meta: &fs::Metadata) -> bool {
    meta.is_file() && is_ours(meta) && meta.permissions().mode() & 0o077 == 0
}

fn is_ours(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    meta.uid() == unsafe { libc::geteuid() }
}

/// Makes `dir` and what is in it private. This runs before the lock is
/// taken too, while another process may be writing there (a backup's
/// temporary file renamed away): what is gone by the time it is reached
/// needs nothing.
fn secure_tree(dir: &Path) -> io::Result<()> {
    set_mode(dir, 0o700)?;
    let entries = match fs::read_dir(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        other => other?,
    };
    for entry in entries {
        let entry = entry?;
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => secure_tree(&entry.path())?,
            Ok(kind) if kind.is_file() => set_mode(&entry.path(), 0o600)?,
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    let meta = match fs::metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        other => other?,
    };
    if meta.permissions().mode() & 0o777 != mode {
        match fs::set_permissions(path, fs::Permissions::from_mode(mode)) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            other => other?,
        }
    }
    Ok(())
}

/// Writes a file that only its owner can read (exports, report drafts,
/// salvage), whole or not at all: a new file beside it, written and synced,
/// renamed into place. Never through a symbolic link (another user's, in a
/// shared `/tmp`, would point the export at a file of the worker's), nor
/// over anything but a regular file: refused as [`io::ErrorKind::InvalidInput`].
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_private_with(path, |file| file.write_all(bytes))
}

/// [`write_private`] of what `write` writes to the new file; when it
/// fails, nothing is renamed into place.
pub fn write_private_with<T, E: From<io::Error>>(
    path: &Path,
    write: impl FnOnce(&mut fs::File) -> Result<T, E>,
) -> Result<T, E> {
    let refused = |why: &str| io::Error::new(io::ErrorKind::InvalidInput, why.to_string());
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => return Err(refused("it is a symbolic link").into()),
        Ok(m) if !m.is_file() => return Err(refused("it is not a regular file").into()),
        _ => {}
    }
    let Some(name) = path.file_name() else {
        return Err(refused("it names no file").into());
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let temp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    // A new name, opened exclusively: a link planted there is not followed.
    let written = write_new_private_with(&temp, write)?;
    // A rename replaces a link planted since the check, never its target.
    fs::rename(&temp, path).inspect_err(|_| {
        let _ = fs::remove_file(&temp);
    })?;
    Ok(written)
}

/// Writes a new file only its owner can read, never over one that exists
/// (a draft the worker names): created, written, synced — or removed again
/// when the writing fails half way (a full disk).
pub fn write_new_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_new_private_with(path, |file| file.write_all(bytes))
}

fn write_new_private_with<T, E: From<io::Error>>(
    path: &Path,
    write: impl FnOnce(&mut fs::File) -> Result<T, E>,
) -> Result<T, E> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    let written = file
        .set_permissions(fs::Permissions::from_mode(0o600))
        .map_err(E::from)
        .and_then(|()| write(&mut file))
        .and_then(|t| file.sync_all().map(|()| t).map_err(E::from));
    if written.is_err() {
        drop(file);
        let _ = fs::remove_file(path);
    }
    written
}
