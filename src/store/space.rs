//! Free space and bounded waits. sled, on a full disk, can wait for ever
//! on a write it cannot finish (seen with values it keeps in files of
//! their own): so the free space is checked before every write, and a
//! flush that does not return within a bound is reported, not waited on.

use std::ffi::CString;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use super::error::StoreError;

/// Room kept free beyond the value itself: sled writes in segments of
/// 512 KiB and may start a new one for any write; and it keeps a leaf of
/// large values as one file, rewritten whole (seen: 400 KB for eight
/// notes of 40 KB).
pub const RESERVE: u64 = 1024 * 1024;

/// How long a flush may take before the store is said not to answer.
pub const FLUSH_BOUND: Duration = Duration::from_secs(5);

/// The space a write of `bytes` needs: the value twice (the log, then
/// its place after a compaction) and the reserve.
pub fn needed_for(bytes: usize) -> u64 {
    RESERVE + 2 * bytes as u64
}

/// Bytes free to an unprivileged user on the filesystem of `dir`.
pub fn free_bytes(dir: &Path) -> io::Result<u64> {
    if let Some(free) = injected_free() {
        return Ok(free);
    }
    let path = CString::new(dir.as_os_str().as_bytes())
        .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
    // SAFETY: statvfs writes into the zeroed struct we own; the path is a
    // valid NUL-terminated string for the duration of the call.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::statvfs(path.as_ptr(), &mut st) };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok((st.f_bavail as u64).saturating_mul(st.f_frsize as u64))
}

/// Refuses a write of `bytes` into the store at `dir` when the disk has
/// not the room for it. A filesystem that cannot say lets the write try.
pub fn ensure(dir: &Path, bytes: usize) -> Result<(), StoreError> {
    let needed = needed_for(bytes);
    match free_bytes(dir) {
        Ok(free) if free < needed => Err(StoreError::NoSpace {
            needed,
            free,
            dir: dir.to_path_buf(),
        }),
        _ => Ok(()),
    }
}

/// Flushes `db`, waiting at most [`FLUSH_BOUND`]. A flush that does not
/// return marks the store stalled and is left to itself: one handle to
/// the database is leaked on purpose, so that no drop later (which would
/// flush again) can hang the exit.
pub fn flush_within(
    db: &sled::Db,
    dir: &Path,
    stalled: &Arc<AtomicBool>,
) -> Result<(), StoreError> {
    let seconds = FLUSH_BOUND.as_secs();
    let stall = || StoreError::Stalled {
        dir: dir.to_path_buf(),
        seconds,
    };
    if stalled.load(Ordering::SeqCst) {
        return Err(stall());
    }
    let (tx, rx) = mpsc::channel();
    let handle = db.clone();
    let spawned = std::thread::Builder::new()
        .name("flush".into())
        .spawn(move || {
            injected_stall();
            let result = handle.flush();
            // Dropped before answering: a store closed right after the
            // answer must not find this handle still holding sled's lock.
            drop(handle);
            let _ = tx.send(result);
        });
    if spawned.is_err() {
        // No thread to wait with: flush here, unbounded, as before.
        db.flush()?;
        return Ok(());
    }
    match rx.recv_timeout(FLUSH_BOUND) {
        Ok(result) => {
            result?;
            Ok(())
        }
        Err(_) => {
            if !stalled.swap(true, Ordering::SeqCst) {
                std::mem::forget(db.clone());
            }
            Err(stall())
        }
    }
}

/// Test builds only: `INSATS_TEST_FREE_BYTES` pretends the disk has this
/// many bytes free, so the full-disk path is tested where no small
/// filesystem can be mounted. A release build never reads it.
fn injected_free() -> Option<u64> {
    if cfg!(debug_assertions) {
        std::env::var("INSATS_TEST_FREE_BYTES").ok()?.parse().ok()
    } else {
        None
    }
}

/// Test builds only: `INSATS_TEST_STALL_FLUSH=1` makes every flush hang,
/// as sled's does on a full disk.
fn injected_stall() {
    if cfg!(debug_assertions) && std::env::var_os("INSATS_TEST_STALL_FLUSH").is_some() {
        loop {
            std::thread::park();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_space_of_a_real_directory() {
        let dir = tempfile::tempdir().unwrap();
        let free = free_bytes(dir.path()).unwrap();
        assert!(free > 0);
        assert!(free_bytes(&dir.path().join("no/such/dir")).is_err());
    }

    #[test]
    fn a_write_bigger_than_the_room_is_refused_before_it_starts() {
        let dir = tempfile::tempdir().unwrap();
        let free = free_bytes(dir.path()).unwrap();
        assert!(ensure(dir.path(), 10).is_ok() || free < needed_for(10));
        let huge = usize::try_from(free).unwrap_or(usize::MAX / 4);
        match ensure(dir.path(), huge) {
            Err(StoreError::NoSpace {
                needed, free: f, ..
            }) => {
                assert!(needed > f);
            }
            other => panic!("expected NoSpace, got {other:?}"),
        }
    }
}
