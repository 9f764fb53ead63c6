//! Our own advisory lock, taken before sled opens, so that a second insats
//! on the same store (a second SSH session) gets a clear message instead of
//! sled's error. The lock file says who holds it ([`Holder`]): a command
//! holds the store for a moment and is waited for; the screen holds it for
//! as long as it is open, and a note from the shell goes to its inbox.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::os::fd::AsRawFd;
use std::os::unix::fs::{FileExt, OpenOptionsExt};
use std::path::Path;

/// Held for the life of the store; the kernel releases it when the process
/// ends, however it ends.
#[derive(Debug)]
pub struct DirLock {
    file: File,
}

pub enum LockError {
    Busy,
    Io(io::Error),
}

/// Who holds a store's lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// A command, done in a moment.
    Command,
    /// The screen, open in another window.
    Screen,
}

impl Holder {
    fn word(self) -> &'static [u8] {
        match self {
            Holder::Command => b"command\n",
            Holder::Screen => b"screen\n",
        }
    }
}

impl DirLock {
    pub fn acquire(path: &Path) -> Result<DirLock, LockError> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(path)
            .map_err(LockError::Io)?;
        // SAFETY: flock on a descriptor we own; no memory is shared.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        if rc != 0 {
            let err = io::Error::last_os_error();
            return Err(match err.raw_os_error() {
                Some(libc::EWOULDBLOCK) => LockError::Busy,
                _ => LockError::Io(err),
            });
        }
        let lock = DirLock { file };
        lock.say(Holder::Command);
        Ok(lock)
    }

    /// The lock of a store whose directory cannot be written (a read-only
    /// filesystem): shared, on the lock file as it is, or on the directory
    /// when there is none. Only readers come to such a store.
    pub fn acquire_to_read(dir: &Path) -> Result<DirLock, LockError> {
        let file = File::open(dir.join("lock"))
            .or_else(|_| File::open(dir))
            .map_err(LockError::Io)?;
        // SAFETY: flock on a descriptor we own; no memory is shared.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_SH | libc::LOCK_NB) };
        if rc != 0 {
            return Err(LockError::Busy);
        }
        Ok(DirLock { file })
    }

    /// Writes who holds the lock into its file, for a second process to
    /// read ([`holder`]). Best effort: on a full disk the file may stay
    /// empty, which reads as a command (waited for, then a note queued).
    pub fn say(&self, holder: Holder) {
        let word = holder.word();
        let _ = self
            .file
            .write_all_at(word, 0)
            .and_then(|()| self.file.set_len(word.len() as u64));
    }
}

/// Who holds the lock of the file at `path`, as its file says.
pub fn holder(path: &Path) -> Holder {
    let mut word = Vec::new();
    let read = File::open(path).and_then(|f| f.take(16).read_to_end(&mut word));
    match read {
        Ok(_) if word == Holder::Screen.word() => Holder::Screen,
        _ => Holder::Command,
    }
}
