//! Our own advisory lock, taken before sled opens, so that a second insats
//! on the same store (a second SSH session) gets a clear message instead of
//! sled's error.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// Held for the life of the store; the kernel releases it when the process
/// ends, however it ends.
#[derive(Debug)]
pub struct DirLock {
    _file: File,
}

pub enum LockError {
    Busy,
    Io(io::Error),
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
        Ok(DirLock { _file: file })
    }
}
