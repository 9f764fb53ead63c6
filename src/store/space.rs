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

/// How long a write or a flush may take before the store is said not to
/// answer.
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
/// A store that is a copy of the one at `copy_of`, opened to read on a
/// full disk, refuses every write: it says how full that disk is.
pub(super) fn ensure(dir: &Path, copy_of: Option<&Path>, bytes: usize) -> Result<(), StoreError> {
    let (needed, at) = (needed_for(bytes), copy_of.unwrap_or(dir));
    let free = free_bytes(at);
    if copy_of.is_none() && free.as_ref().map_or(true, |&free| free >= needed) {
        return Ok(());
    }
    Err(StoreError::NoSpace {
        needed,
        free: free.unwrap_or(0),
        dir: at.to_path_buf(),
    })
}

/// Flushes `db`, waiting at most [`FLUSH_BOUND`].
pub fn flush_within(
    db: &sled::Db,
    dir: &Path,
    stalled: &Arc<AtomicBool>,
) -> Result<(), StoreError> {
    let handle = db.clone();
    within(db, dir, stalled, FLUSH_BOUND, move || {
        injected_stall("INSATS_TEST_STALL_FLUSH");
        let result = handle.flush();
        // Dropped before answering: a store closed right after the
        // answer must not find this handle still holding sled's lock.
        drop(handle);
        result.map(|_| ()).map_err(StoreError::from)
    })
}

/// Runs a write (an insert, a transaction) on a thread of its own, waiting
/// at most [`FLUSH_BOUND`]: sled on a full disk can wait for ever inside
/// one, and the screen must stay with the worker.
pub fn write_within<R: Send + 'static>(
    db: &sled::Db,
    dir: &Path,
    stalled: &Arc<AtomicBool>,
    write: impl FnOnce() -> Result<R, StoreError> + Send + 'static,
) -> Result<R, StoreError> {
    within(db, dir, stalled, FLUSH_BOUND, move || {
        injected_stall("INSATS_TEST_STALL_WRITE");
        write()
    })
}

/// Runs `work` on a thread of its own and waits at most `bound` for it. Work that does not return marks the store stalled — nothing
/// is tried on it after — and is left to itself: one handle to the
/// database is leaked on purpose, so that no drop later (which would
/// flush) can hang the exit.
fn within<R: Send + 'static>(
    db: &sled::Db,
    dir: &Path,
    stalled: &Arc<AtomicBool>,
    bound: Duration,
    work: impl FnOnce() -> Result<R, StoreError> + Send + 'static,
) -> Result<R, StoreError> {
    let seconds = bound.as_secs().max(1);
    let stall = || StoreError::Stalled {
        dir: dir.to_path_buf(),
        seconds,
    };
    if stalled.load(Ordering::SeqCst) {
        return Err(stall());
    }
    let (tx, rx) = mpsc::channel();
    // The work comes back when no thread can be started: done here, as
    // before, unbounded.
    let work = Arc::new(std::sync::Mutex::new(Some(work)));
    let theirs = Arc::clone(&work);
    let spawned = std::thread::Builder::new()
        .name("store".into())
        .spawn(move || {
            let work = theirs.lock().ok().and_then(|mut w| w.take());
            if let Some(work) = work {
                let _ = tx.send(work());
            }
        });
    if spawned.is_err() {
        let work = work.lock().ok().and_then(|mut w| w.take());
        return work.map_or_else(|| Err(stall()), |w| w());
    }
    match rx.recv_timeout(bound) {
        Ok(result) => result,
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
/// as sled's does on a full disk, and `INSATS_TEST_STALL_WRITE=1` every
/// write.
fn injected_stall(var: &str) {
    if cfg!(debug_assertions) && std::env::var_os(var).is_some() {
        loop {
            std::thread::park();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_that_does_not_return_is_reported_and_nothing_is_tried_after() {
        let dir = tempfile::tempdir().unwrap();
        let db = sled::Config::new().temporary(true).open().unwrap();
        let stalled = Arc::new(AtomicBool::new(false));
        let bound = Duration::from_millis(100);
        assert_eq!(
            within(&db, dir.path(), &stalled, bound, || Ok(7)).unwrap(),
            7
        );
        let start = std::time::Instant::now();
        let stuck = within(&db, dir.path(), &stalled, bound, || {
            std::thread::sleep(Duration::from_secs(3));
            Ok(())
        });
        assert!(
            matches!(stuck, Err(StoreError::Stalled { .. })),
            "{stuck:?}"
        );
        assert!(start.elapsed() < Duration::from_secs(1));
        assert!(stalled.load(Ordering::SeqCst));
        // Refused at once, without running: the store is stuck.
        let ran = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&ran);
        let after = within(&db, dir.path(), &stalled, bound, move || {
            flag.store(true, Ordering::SeqCst);
            Ok(())
        });
        assert!(matches!(after, Err(StoreError::Stalled { .. })));
        assert!(!ran.load(Ordering::SeqCst));
    }

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
        assert!(ensure(dir.path(), None, 10).is_ok() || free < needed_for(10));
        let huge = usize::try_from(free).unwrap_or(usize::MAX / 4);
        match ensure(dir.path(), None, huge) {
            Err(StoreError::NoSpace {
                needed, free: f, ..
            }) => {
                assert!(needed > f);
            }
            other => panic!("expected NoSpace, got {other:?}"),
        }
    }
}
