//! The store holds personal data about families and children: the data
//! directory is 0700 and every file in it 0600. sled sets no modes of its
//! own, so we set them after opening and after every flush.

use std::fs;
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

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
    for ours in ["db", "backups"] {
        let sub = dir.join(ours);
        if sub.is_dir() {
            secure_tree(&sub)?;
        }
    }
    Ok(())
}

fn secure_tree(dir: &Path) -> io::Result<()> {
    set_mode(dir, 0o700)?;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            secure_tree(&entry.path())?;
        } else if kind.is_file() {
            set_mode(&entry.path(), 0o600)?;
        }
    }
    Ok(())
}

fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    let meta = fs::metadata(path)?;
    if meta.permissions().mode() & 0o777 != mode {
        fs::set_permissions(path, fs::Permissions::from_mode(mode))?;
    }
    Ok(())
}

/// Writes a file that only its owner can read (exports, report drafts).
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    private_file(path, bytes)?.sync_all()
}

/// [`write_private`] without waiting for the disk: for what is derived,
/// and made again when a crash leaves it short.
pub fn write_private_unsynced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    private_file(path, bytes).map(drop)
}

fn private_file(path: &Path, bytes: &[u8]) -> io::Result<fs::File> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    // An existing file keeps its mode on open; make it private too.
    file.set_permissions(fs::Permissions::from_mode(0o600))?;
    file.write_all(bytes)?;
    Ok(file)
}

/// Writes a new file only its owner can read, never over one that exists
/// (a draft the worker names): created, written, synced — or removed again
/// when the writing fails half way (a full disk).
pub fn write_new_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    let written = file
        .set_permissions(fs::Permissions::from_mode(0o600))
        .and_then(|()| file.write_all(bytes))
        .and_then(|()| file.sync_all());
    if written.is_err() {
        drop(file);
        let _ = fs::remove_file(path);
    }
    written
}
