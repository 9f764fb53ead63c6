//! Automatic backups: a complete export, checksummed, in `backups/` beside
//! the store, so that a damaged store never costs more than the work since
//! the last one. Written to a temporary file, synced and renamed: a backup
//! is whole or absent, named by the time it was taken in UTC. Kept: the
//! newest 10, and the newest of each of the last 7 days and of each of the
//! last 4 weeks that have one, in the order they were taken.
//!
//! A backup file is one header line, then the export as JSON:
//!
//! ```text
//! insats-backup 1 records=42 bytes=18211 crc32=8a9f00c1
//! { "insats_export": 1, ... }
//! ```

use std::fs;
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDateTime, TimeZone};

use super::backup_stream::{self, Streamed};
use super::pass::Pass;
pub(super) use super::restore::finish_restore;
pub use super::restore::{RestoreError, restore};
use super::{Store, StoreError, io_err, space};
use crate::domain::backups;

/// The backup file's format; bumped when its shape changes.
pub const BACKUP_FORMAT: u32 = 1;
pub(super) const MAGIC: &str = "insats-backup";
const SUFFIX: &str = ".backup";
pub(super) const STAMP: &str = "%Y-%m-%d-%H%M%S";

/// The directory of backups of the store in `data_dir`.
pub fn backups_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("backups")
}

/// Why a backup file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    NotOurs,
    Checksum,
    Newer(u32),
    Truncated,
}

/// One backup on the disk.
#[derive(Debug, Clone)]
pub struct BackupInfo {
    pub path: PathBuf,
    pub name: String,
    pub taken: NaiveDateTime,
    pub bytes: u64,
    /// Records in it, or what is wrong with it.
    pub records: Result<usize, Problem>,
}

/// The header line's numbers: (records, body's bytes, its CRC32).
pub(super) fn parse_header(line: &[u8]) -> Result<(usize, usize, u32), Problem> {
    let end = line
        .iter()
        .position(|b| *b == b'\n')
        .ok_or(Problem::NotOurs)?;
    let header = std::str::from_utf8(&line[..end]).map_err(|_| Problem::NotOurs)?;
    let mut words = header.split(' ');
    if words.next() != Some(MAGIC) {
        return Err(Problem::NotOurs);
    }
    let version: u32 = words
        .next()
        .and_then(|v| v.parse().ok())
        .ok_or(Problem::NotOurs)?;
    if version > BACKUP_FORMAT {
        return Err(Problem::Newer(version));
    }
    let mut field = |name: &str| -> Result<&str, Problem> {
        words
            .next()
            .and_then(|w| w.strip_prefix(name))
            .and_then(|w| w.strip_prefix('='))
            .ok_or(Problem::NotOurs)
    };
    let records: usize = field("records")?.parse().map_err(|_| Problem::NotOurs)?;
    let len: usize = field("bytes")?.parse().map_err(|_| Problem::NotOurs)?;
    let crc = u32::from_str_radix(field("crc32")?, 16).map_err(|_| Problem::NotOurs)?;
    Ok((records, len, crc))
}

/// The body of the backup at `path`, to read as an export: its checksum
/// checked first, a piece at a time.
pub fn open_body(path: &Path) -> io::Result<Result<backup_stream::Body, Problem>> {
    Ok(backup_stream::checked_body(path)?.map(|(_, body)| body))
}

/// Whether `bytes` start as a backup file (and not a plain export).
pub fn is_backup(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC.as_bytes())
}

fn name_for(taken: NaiveDateTime) -> String {
    format!("insats-{}{SUFFIX}", taken.format(STAMP))
}

fn taken_from(name: &str) -> Option<NaiveDateTime> {
    let stamp = name.strip_prefix("insats-")?.strip_suffix(SUFFIX)?;
    NaiveDateTime::parse_from_str(stamp, STAMP).ok()
}

/// A backup's file, by its name and its header's first line.
pub(super) struct Entry {
    pub(super) taken: NaiveDateTime,
    pub(super) name: String,
    pub(super) path: PathBuf,
    /// Its place in the order backups were taken ([`backup_stream::order_of`]).
    pub(super) order: u64,
}

/// The backups' files newest first in the order they were taken, then by
/// the time in their names (the first backups do not say their order):
/// never by the time alone, which a clock set wrong, a `--today` or a
/// change of time zone can put in any order.
pub(super) fn entries(data_dir: &Path) -> io::Result<Vec<Entry>> {
    let entries = match fs::read_dir(backups_dir(data_dir)) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(taken) = taken_from(&name) {
            let path = entry.path();
            let order = backup_stream::order_of(&path);
            out.push(Entry {
                taken,
                name,
                path,
                order,
            });
        }
    }
    out.sort_by_key(|e| std::cmp::Reverse((e.order, e.taken)));
    Ok(out)
}

fn info(
    Entry {
        taken, name, path, ..
    }: Entry,
) -> io::Result<BackupInfo> {
    // Read a piece at a time: a store of years has backups of many MB.
    let records = backup_stream::verify(&path)?;
    Ok(BackupInfo {
        records,
        bytes: fs::metadata(&path)?.len(),
        path,
        name,
        taken,
    })
}

/// Every backup of the store in `data_dir`, newest first, each checked.
pub fn list(data_dir: &Path) -> io::Result<Vec<BackupInfo>> {
    entries(data_dir)?.into_iter().map(info).collect()
}

/// A backup this small is taken after every save and every command that
/// writes; a larger one at most hourly after writes.
pub const CHEAP_BACKUP: u64 = 4 * 1024 * 1024;

/// The size of the newest backup file, without reading it (none: 0).
pub fn newest_bytes(data_dir: &Path) -> u64 {
    entries(data_dir)
        .ok()
        .and_then(|e| e.first().and_then(|e| fs::metadata(&e.path).ok()))
        .map_or(0, |m| m.len())
}

/// The newest backup that can be used.
pub fn newest(data_dir: &Path) -> Option<BackupInfo> {
    entries(data_dir)
        .ok()?
        .into_iter()
        .filter_map(|e| info(e).ok())
        .find(|b| b.records.is_ok())
}

/// Deletes the backups the rule does not keep; unreadable ones are left
/// for a person to look at. Returns how many were deleted.
pub fn prune(data_dir: &Path) -> io::Result<usize> {
    let good: Vec<BackupInfo> = list(data_dir)?
        .into_iter()
        .filter(|b| b.records.is_ok())
        .collect();
    let taken: Vec<NaiveDateTime> = good.iter().map(|b| b.taken).collect();
    let mut deleted = 0;
    for (b, keep) in good.iter().zip(backups::to_keep(&taken)) {
        if !keep {
            fs::remove_file(&b.path)?;
            deleted += 1;
        }
    }
    Ok(deleted)
}

/// Whether the newest backup taken by `now` is older than `age` (or there
/// is none). One dated after `now` (a clock set back) says nothing of how
/// recent a backup is: counting it as owed a new one at every command
/// read it whole each time (1.4 s on a store of 2,000 cases) until the
/// clock passed it.
pub fn older_than(data_dir: &Path, now: NaiveDateTime, age: Duration) -> bool {
    entries(data_dir).map_or(true, |e| {
        e.iter()
            .filter(|e| e.taken <= now)
            .map(|e| e.taken)
            .max()
            .is_none_or(|taken| now - taken >= age)
    })
}

/// Temporary files of backups that never finished (a process killed while
/// writing one). Backups are written only under the store's lock, so none
/// of them is being written now.
fn remove_leftovers(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(".insats-") && name.contains(".tmp-") {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The local time `now` in UTC, which backups are named by: a change of
/// time zone (or of summer time) never puts them out of order.
pub(super) fn utc(now: NaiveDateTime) -> NaiveDateTime {
    chrono::Local
        .from_local_datetime(&now)
        .earliest()
        .map_or(now, |t| t.naive_utc())
}

impl Store {
    /// Writes a backup taken at `now` (local time) and prunes the old ones. A store
    /// with damaged records, or with fewer records than the newest backup
    /// (records are never deleted: some were lost), is not backed up — its
    /// backup would be short, and pruning could then delete a whole one.
    pub fn write_backup(&self, now: NaiveDateTime) -> Result<Option<PathBuf>, StoreError> {
        write_backup(&mut Pass::lent(self), utc(now))
    }

    /// [`Store::write_backup`] as the store is closed: its pass over every
    /// record holds a piece of the store in memory at a time, not all it
    /// read ([`super::pass`]).
    pub fn close_with_backup(self, now: NaiveDateTime) -> Result<Option<PathBuf>, StoreError> {
        write_backup(&mut Pass::owned(self), utc(now))
    }

    /// [`Store::write_backup`] when one is owed (none in the last day).
    pub fn backup_if_due(&self, now: NaiveDateTime) -> Result<Option<PathBuf>, StoreError> {
        self.backup_if_older(now, Duration::hours(24))
    }

    /// A backup when the newest is older than `age`: after a command that
    /// wrote, so that a script writing many notes pays for one backup an
    /// hour, not one a note.
    pub fn backup_if_older(
        &self,
        now: NaiveDateTime,
        age: Duration,
    ) -> Result<Option<PathBuf>, StoreError> {
        backup_if_older(&mut Pass::lent(self), utc(now), age)
    }

    /// [`Store::backup_if_older`] as the store is closed, as
    /// [`Store::close_with_backup`].
    pub fn close_with_backup_if_older(
        self,
        now: NaiveDateTime,
        age: Duration,
    ) -> Result<Option<PathBuf>, StoreError> {
        backup_if_older(&mut Pass::owned(self), utc(now), age)
    }
}

/// One backup at a time in this process: the screen's own and those after
/// the writes it made for another window (`cli/serve.rs`) share a name
/// for their temporary file.
static WRITING: std::sync::Mutex<()> = std::sync::Mutex::new(());

pub(super) fn write_backup(
    pass: &mut Pass,
    now: NaiveDateTime,
) -> Result<Option<PathBuf>, StoreError> {
    write_backup_of(pass, now, false)
}

/// [`write_backup`]; `fewer` lets a store of fewer records than its newest
/// backup be backed up, as after a case was removed on purpose.
pub(super) fn write_backup_of(
    pass: &mut Pass,
    now: NaiveDateTime,
    fewer: bool,
) -> Result<Option<PathBuf>, StoreError> {
    let _alone = WRITING.lock().unwrap_or_else(|e| e.into_inner());
    let store = pass.store()?;
    if store.is_copy() {
        return Ok(None);
    }
    let data_dir = store.dir.clone();
    let dir = backups_dir(&data_dir);
    fs::create_dir_all(&dir).map_err(io_err("create", &dir))?;
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o700))
        .map_err(io_err("protect", &dir))?;
    // About the size of the last one: records are only ever added.
    let free = space::free_bytes(&dir).unwrap_or(u64::MAX);
    let needed = newest_bytes(&data_dir) + space::RESERVE;
    if free < needed {
        return Err(StoreError::NoSpace { needed, free, dir });
    }
    remove_leftovers(&dir);
    let path = dir.join(name_for(now));
    let tmp = dir.join(format!(
        ".{name}.tmp-{}",
        std::process::id(),
        name = name_for(now)
    ));
    let order = entries(&data_dir).map_or(0, |e| e.iter().map(|e| e.order).max().unwrap_or(0));
    let written = backup_stream::write(pass, &tmp, order + 1);
    let records = match written {
        Ok(Streamed::Records(n)) => n,
        Ok(Streamed::Damaged) => {
            let _ = fs::remove_file(&tmp);
            return Err(StoreError::Unreadable);
        }
        Err(StoreError::Io { err, .. }) if super::error::is_disk_full(&err) => {
            // At least what was written when the disk ran short.
            let wrote = fs::metadata(&tmp).map_or(0, |m| m.len());
            let _ = fs::remove_file(&tmp);
            let free = space::free_bytes(&dir).unwrap_or(0);
            let needed = needed.max(wrote + space::RESERVE);
            return Err(StoreError::NoSpace { needed, free, dir });
        }
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
    };
    if !fewer
        && let Some(newest) = newest(&data_dir)
        && let Ok(backed_up) = newest.records
        && backed_up > records
    {
        let _ = fs::remove_file(&tmp);
        return Err(StoreError::Shrunk {
            records,
            backup: newest.path,
            backed_up,
        });
    }
    fs::rename(&tmp, &path)
        .and_then(|()| fs::File::open(&dir)?.sync_all())
        .map_err(io_err("write", &path))?;
    prune(&data_dir).map_err(io_err("prune", &dir))?;
    Ok(Some(path))
}

fn backup_if_older(
    pass: &mut Pass,
    now: NaiveDateTime,
    age: Duration,
) -> Result<Option<PathBuf>, StoreError> {
    let store = pass.store()?;
    if store.is_copy() || !older_than(&store.dir, now, age) {
        return Ok(None);
    }
    if let Some(path) = store.restamp_if_unchanged(now)? {
        return Ok(Some(path));
    }
    write_backup(pass, now)
}

impl Store {
    /// When nothing was written since the newest backup was taken (the
    /// store's generation is the one it was taken at) and it reads whole,
    /// it is what a new backup would be: it is linked under `now`'s name
    /// instead, which costs a read of it, not a pass over every record.
    /// A link, not a rename: its old name keeps its day among those kept,
    /// exactly as a second backup of the same records would.
    fn restamp_if_unchanged(&self, now: NaiveDateTime) -> Result<Option<PathBuf>, StoreError> {
        let Some(generation) = self.generation()? else {
            return Ok(None);
        };
        let Some(newest) = entries(&self.dir).ok().and_then(|e| e.into_iter().next()) else {
            return Ok(None);
        };
        let (newest, dir) = (newest.path, backups_dir(&self.dir));
        let path = dir.join(name_for(now));
        let holds_now = |path: &Path| {
            backup_stream::generation_of(path) == Some(generation)
                && backup_stream::verify(path).is_ok_and(|r| r.is_ok())
        };
        if path == newest || !holds_now(&newest) {
            return Ok(None);
        }
        // Already under `now`'s name (linked this very second, under a
        // clock set back): kept when it is this store's as it is.
        if path.exists() {
            return Ok(holds_now(&path).then_some(path));
        }
        fs::hard_link(&newest, &path)
            .and_then(|()| fs::File::open(&dir)?.sync_all())
            .map_err(io_err("write", &path))?;
        Ok(Some(path))
    }
}

/// The records of the backup at `backup` that the store does not hold, as
/// `notes 2026-001/3`, for `insats check`; None when the backup cannot be
/// read. The store is given back as its pass left it ([`super::pass`]).
pub fn missing(store: Store, backup: &Path) -> Result<(Store, Option<Vec<String>>), StoreError> {
    let mut pass = Pass::owned(store);
    let missing = backup_stream::missing_from(&mut pass, backup)?;
    Ok((pass.into_owned()?, missing))
}

/// The export the backup file at `path` holds, read as a restore
/// reads it: its checksum checked, then its records counted.
#[cfg(test)]
pub(super) fn read_back(path: &Path) -> Result<super::export::Export, Problem> {
    let (records, body) = backup_stream::checked_body(path).unwrap()?;
    let export: super::export::Export =
        serde_json::from_reader(body).map_err(|_| Problem::Checksum)?;
    if export.record_count() != records {
        return Err(Problem::Checksum);
    }
    Ok(export)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::export::Export;
    use crate::store::restore::{RESTORING, WHOLE};

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn empty() -> Export {
        Export::empty()
    }

    /// The bytes of a backup of an empty store.
    fn empty_backup() -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        fs::read(store.write_backup(t("2026-11-22 10:16")).unwrap().unwrap()).unwrap()
    }

    /// `bytes` read back as a backup file.
    fn read_bytes(bytes: &[u8]) -> Result<Export, Problem> {
        let file = tempfile::NamedTempFile::new().unwrap();
        fs::write(file.path(), bytes).unwrap();
        read_back(file.path())
    }

    #[test]
    fn a_backup_reads_back_and_any_flipped_byte_is_caught() {
        let bytes = empty_backup();
        assert_eq!(read_bytes(&bytes), Ok(empty()));
        // The words after the checksum (the store's generation, the
        // backup's order) are hints for taking the next one, not checked.
        let text = String::from_utf8(bytes.clone()).unwrap();
        let hints = text.find(" generation=").unwrap()..text.find('\n').unwrap();
        for i in (0..bytes.len() - 1).filter(|i| !hints.contains(i)) {
            let mut bad = bytes.clone();
            bad[i] ^= 0x04;
            assert!(read_bytes(&bad).is_err(), "a flip at byte {i} went unseen");
        }
        assert_eq!(
            read_bytes(&bytes[..bytes.len() - 5]),
            Err(Problem::Truncated)
        );
        assert_eq!(read_bytes(b"{\"insats_export\":1}"), Err(Problem::NotOurs));
        let newer = String::from_utf8(bytes).unwrap().replacen(" 1 ", " 9 ", 1);
        assert_eq!(read_bytes(newer.as_bytes()), Err(Problem::Newer(9)));
    }

    #[test]
    fn a_backup_cut_short_by_a_kill_leaves_no_file_behind_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let backups = backups_dir(dir.path());
        fs::create_dir_all(&backups).unwrap();
        let leftover = backups.join(".insats-2026-11-22-101500.backup.tmp-99999");
        fs::write(&leftover, b"half").unwrap();
        let written = store.write_backup(t("2026-11-22 10:16")).unwrap().unwrap();
        assert!(!leftover.exists());
        let names: Vec<_> = fs::read_dir(&backups)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(names, vec![written.clone()]);
        let mode = fs::metadata(&written).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(read_back(&written), Ok(empty()));
    }

    #[test]
    fn names_carry_the_time() {
        let at = t("2026-11-22 10:15");
        assert_eq!(name_for(at), "insats-2026-11-22-101500.backup");
        assert_eq!(taken_from(&name_for(at)), Some(at));
        assert_eq!(taken_from("notes.txt"), None);
    }

    proptest::proptest! {
        /// Any bytes: an error or a backup, never a panic; and a backup
        /// with any byte changed is refused or reads as the very same.
        #[test]
        fn damaged_backups_are_refused_never_misread(
            junk in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200),
            at in 0usize..4096,
            flip in 1u8..=255,
        ) {
            let _ = read_bytes(&junk);
            let mut with_header = b"insats-backup 1 records=0 bytes=".to_vec();
            with_header.extend_from_slice(&junk);
            let _ = read_bytes(&with_header);
            static GOOD: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
            let good = GOOD.get_or_init(empty_backup);
            let mut bad = good.clone();
            let i = at % bad.len();
            bad[i] ^= flip;
            if let Ok(e) = read_bytes(&bad) {
                proptest::prop_assert_eq!(e, empty());
            }
        }
    }

    /// A backup dated after `now` (a clock set back) owes one at `now`,
    /// once: the one taken then is the newest that counts.
    #[test]
    fn a_backup_from_the_future_owes_one_backup_not_one_a_command() {
        let dir = tempfile::tempdir().unwrap();
        let backups = backups_dir(dir.path());
        fs::create_dir_all(&backups).unwrap();
        let now = t("2026-11-22 18:00");
        fs::write(backups.join(name_for(t("2026-12-02 08:54"))), b"").unwrap();
        let due = |now| older_than(dir.path(), now, Duration::hours(24));
        assert!(due(now), "only a backup from the future");
        fs::write(backups.join(name_for(now)), b"").unwrap();
        assert!(!due(now + Duration::minutes(5)));
        assert!(due(now + Duration::hours(24)));
    }

    /// Cut off after the store in use was moved aside and before the one
    /// built apart took its place: the next open puts it there.
    #[test]
    fn a_restore_cut_off_once_whole_is_finished_at_the_next_open() {
        use crate::domain::case::Case;
        use crate::domain::record::Record;
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path();
        drop(Store::open(data).unwrap());
        let apart = data.join(RESTORING);
        let built = Store::open(&apart).unwrap();
        let at = t("2026-11-01 09:00");
        let case = Case::new("2026-001", "Fam A", at.date());
        built
            .insert_case(&Record::new("2026-001", 0, case, "AS", at))
            .unwrap();
        built.flush().unwrap();
        drop(built);
        fs::write(apart.join(WHOLE), b"").unwrap();
        fs::rename(data.join("db"), data.join("db.before-restore-x")).unwrap();
        let store = Store::open(data).unwrap();
        assert!(store.case_exists("2026-001").unwrap());
        assert!(!apart.exists());
    }
}
