//! A backup written and checked a record at a time, so that its cost in
//! memory is one record, not the archive: every command may take the day's
//! backup (SPEC §11), and on a store of years that must not mean holding
//! every record, and the export's whole text, at once.
//!
//! The file is the one [`super::backup`] describes, its header's numbers
//! padded with zeros to a fixed width: it is written first as a
//! placeholder, the export after it (a value a line, unindented), and the
//! header again over the placeholder once the numbers are known. Readers parse
//! the padded numbers as they parse unpadded ones.

use std::fs;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, Write};
use std::marker::PhantomData;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

use serde::de::{DeserializeOwned, DeserializeSeed, Error, MapAccess, SeqAccess, Visitor};

use serde_json::ser::PrettyFormatter;

use super::backup::{BACKUP_FORMAT, MAGIC, Problem};
use super::export::{EXPORT_FORMAT, ExportError, Keep, write_json};
use super::figures::Removed;
use super::kind::every_kind;
use super::pass::Pass;
use super::{StoreError, Stored};
use crate::domain::case::Case;
use crate::domain::incident::Incident;
use crate::domain::journal::Transfer;
use crate::domain::note::{NoContact, Note, Reflection};
use crate::domain::plan::{Factor, Goal, Plan};
use crate::domain::rating::Rating;
use crate::domain::report::{FollowUp, Report};

/// The header with its numbers, always the same length; last, the
/// store's generation it was taken at (0: not known) and the backup's
/// place in the order they were taken, which readers of the first backups
/// skip as words they do not ask for.
fn header(records: usize, bytes: u64, crc: u32, generation: u64, order: u64) -> String {
    format!(
        "{MAGIC} {BACKUP_FORMAT} records={records:012} bytes={bytes:015} crc32={crc:08x} \
         generation={generation:016x} order={order:012}\n"
    )
}

/// A backup file opened (a regular file only: a pipe or a device is
/// never waited on nor read without end): its header line, and the reader
/// past it.
fn open_backup(path: &Path) -> io::Result<(Vec<u8>, BufReader<fs::File>)> {
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is not a regular file",
        ));
    }
    let mut file = BufReader::with_capacity(1 << 16, file);
    let mut line = Vec::new();
    file.by_ref().take(256).read_until(b'\n', &mut line)?;
    Ok((line, file))
}

/// The number after `word=` in the header of the backup at `path`, in
/// `radix`; None when it does not say (or cannot be read).
fn header_word(path: &Path, word: &str, radix: u32) -> Option<u64> {
    let (line, _) = open_backup(path).ok()?;
    let line = std::str::from_utf8(&line).ok()?;
    let value = line
        .split_whitespace()
        .find_map(|w| w.strip_prefix(word)?.strip_prefix('='))?;
    u64::from_str_radix(value, radix).ok()
}

/// The store's generation a backup file was taken at, from its header;
/// None for a backup that does not say (or cannot be read).
pub(super) fn generation_of(path: &Path) -> Option<u64> {
    header_word(path, "generation", 16).filter(|g| *g != 0)
}

/// A backup's place in the order backups were taken (the first ones do
/// not say: 0).
pub(super) fn order_of(path: &Path) -> u64 {
    header_word(path, "order", 10).unwrap_or(0)
}

/// What writing the export found: every record read, or the store's
/// damage (then no backup is kept: it would be short).
pub(super) enum Streamed {
    Records(usize),
    Damaged,
}

/// Counts and checksums what passes through it, and every 256 KB makes
/// sure the disk keeps its reserve: a backup must never fill the disk the
/// store writes to.
struct Summing<'a, W> {
    inner: W,
    bytes: u64,
    crc: crc32fast::Hasher,
    dir: &'a Path,
    checked: u64,
}

/// How much is written between two looks at the free space.
const LOOK_EVERY: u64 = 256 * 1024;

impl<W: Write> Write for Summing<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes >= self.checked + LOOK_EVERY {
            self.checked = self.bytes;
            if super::space::free_bytes(self.dir).is_ok_and(|free| free < super::space::RESERVE) {
                return Err(io::Error::from_raw_os_error(libc::ENOSPC));
            }
        }
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Writes the backup of `store` to `tmp` (a new private file), header and
/// all, `order` its place among the backups, and syncs it.
pub(super) fn write(pass: &mut Pass, tmp: &Path, order: u64) -> Result<Streamed, StoreError> {
    let dir = tmp.parent().unwrap_or(tmp);
    // Named by the directory the user knows, not the temporary file.
    let io_err = super::io_err("write", dir);
    let file = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(tmp)
        .map_err(io_err)?;
    file.set_permissions(fs::Permissions::from_mode(0o600))
        .map_err(io_err)?;
    let generation = pass.store()?.generation()?.unwrap_or(0);
    let placeholder = header(0, 0, 0, generation, order);
    (&file).write_all(placeholder.as_bytes()).map_err(io_err)?;
    let mut out = Summing {
        inner: BufWriter::with_capacity(1 << 16, &file),
        bytes: 0,
        crc: crc32fast::Hasher::new(),
        dir,
        checked: 0,
    };
    let mut json =
        serde_json::Serializer::with_formatter(&mut out, PrettyFormatter::with_indent(b""));
    let records = match write_json(pass, &mut json, Keep::Every) {
        Ok(Some(written)) => written.records,
        Ok(None) => return Ok(Streamed::Damaged),
        Err(ExportError::Store(e)) => return Err(e),
        Err(ExportError::Write(e)) => return Err(io_err(e)),
    };
    out.write_all(b"\n").map_err(io_err)?;
    out.flush().map_err(io_err)?;
    let Summing {
        inner, bytes, crc, ..
    } = out;
    drop(inner);
    let crc = crc.finalize();
    (&file).rewind().map_err(io_err)?;
    (&file)
        .write_all(header(records, bytes, crc, generation, order).as_bytes())
        .map_err(io_err)?;
    file.sync_all().map_err(io_err)?;
    Ok(Streamed::Records(records))
}

/// The records a backup file holds, its checksum checked, read a piece at
/// a time.
pub(super) fn verify(path: &Path) -> io::Result<Result<usize, Problem>> {
    let (line, mut file) = open_backup(path)?;
    let (records, len, crc) = match super::backup::parse_header(&line) {
        Ok(numbers) => numbers,
        Err(problem) => return Ok(Err(problem)),
    };
    let mut crc_seen = crc32fast::Hasher::new();
    let mut left = len as u64;
    let mut buf = vec![0u8; 1 << 16];
    while left > 0 {
        let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let got = file.read(&mut buf[..want])?;
        if got == 0 {
            return Ok(Err(Problem::Truncated));
        }
        crc_seen.update(&buf[..got]);
        left -= got as u64;
    }
    if crc_seen.finalize() != crc {
        return Ok(Err(Problem::Checksum));
    }
    Ok(Ok(records))
}

/// A backup's body, read past its header.
pub type Body = io::Take<BufReader<fs::File>>;

/// The body of the backup at `path`, its checksum checked first (a piece
/// at a time): the records its header counts, and a reader of the body.
pub(super) fn checked_body(path: &Path) -> io::Result<Result<(usize, Body), Problem>> {
    let records = match verify(path)? {
        Ok(records) => records,
        Err(problem) => return Ok(Err(problem)),
    };
    let (line, file) = open_backup(path)?;
    let (_, len, _) = super::backup::parse_header(&line).map_err(|_| io::ErrorKind::InvalidData)?;
    Ok(Ok((records, file.take(len as u64))))
}

/// The records of the backup at `path` that the store no longer holds
/// whole, as "notes 2026-014/3", read a record at a time (neither the
/// backup nor the store is ever in memory whole, sled opened again between
/// pieces); None when the backup cannot be read.
pub(super) fn missing_from(
    pass: &mut Pass,
    path: &Path,
) -> Result<Option<Vec<String>>, StoreError> {
    let Some(records) = verify(path).ok().and_then(Result::ok) else {
        return Ok(None);
    };
    let Ok((_, file)) = open_backup(path) else {
        return Ok(None);
    };
    let mut lost = Lost {
        pass,
        missing: Vec::new(),
    };
    let read = each_record(file, &mut lost)?.ok();
    // A backup that holds other than its header says is not read.
    Ok((read == Some(records)).then_some(lost.missing))
}

/// The records of a backup the store does not hold, as they are read.
struct Lost<'p, 'a> {
    pass: &'p mut Pass<'a>,
    missing: Vec<String>,
}

/// What a record of a backup is known by.
#[derive(serde::Deserialize)]
struct Key {
    case: String,
    seq: u32,
}

impl Take for Lost<'_, '_> {
    type Of<T: Stored> = Key;

    fn take<T: Stored>(&mut self, Key { case, seq }: Key) -> Result<(), StoreError> {
        let kind = T::KIND;
        self.pass.rest()?;
        let store = self.pass.store()?;
        let bytes = super::read::record_bytes(store, kind, &case, seq);
        if let Ok(Some(bytes)) = &bytes {
            store.count(bytes.len());
        }
        // Held when it is there and reads: a damaged record, or one on a
        // page sled cannot read, is as lost as one gone.
        if !matches!(&bytes, Ok(Some(bytes)) if kind.reads(bytes)) {
            self.missing
                .push(format!("{} {case}/{seq}", kind.tree_name()));
        }
        Ok(())
    }
}

/// What [`each_record`] hands each record of an export to.
pub(super) trait Take {
    /// What is read of a record of kind `T`: all of it, or less.
    type Of<T: Stored>: DeserializeOwned;
    fn take<T: Stored>(&mut self, record: Self::Of<T>) -> Result<(), StoreError>;
    /// What the export keeps of removed cases, when it has any.
    fn removed(&mut self, _removed: &Removed) -> Result<(), StoreError> {
        Ok(())
    }
}

/// Why a file was not read as an export.
#[derive(Debug)]
pub enum NotRead {
    /// Written by a newer insats: its export format.
    Newer(u32),
    Json(serde_json::Error),
    /// It could not be opened again.
    Read(io::Error),
}

/// Gives `take` every record of the export read from `json`, a record at
/// a time (neither the file nor its records are ever in memory whole):
/// how many were read, or why it is not an export; the first error `take`
/// gives ends the reading.
pub(super) fn each_record<X: Take>(
    json: impl io::Read,
    take: &mut X,
) -> Result<Result<usize, NotRead>, StoreError> {
    let mut top = Top {
        take,
        read: 0,
        failed: None,
        newer: None,
    };
    let mut json = serde_json::Deserializer::from_reader(json);
    let parsed =
        serde::Deserializer::deserialize_map(&mut json, &mut top).and_then(|()| json.end());
    match (top.failed, top.newer, parsed) {
        (Some(e), _, _) => Err(e),
        (None, Some(format), _) => Ok(Err(NotRead::Newer(format))),
        (None, None, Err(e)) => Ok(Err(NotRead::Json(e))),
        (None, None, Ok(())) => Ok(Ok(top.read)),
    }
}

/// The export's top-level object, each kind's list read in turn.
struct Top<'t, X> {
    take: &'t mut X,
    read: usize,
    /// The error `take` gave, which ended the reading.
    failed: Option<StoreError>,
    /// The format of an export too new to read.
    newer: Option<u32>,
}

/// One kind's list of records.
struct List<'l, 't, X, T>(&'l mut Top<'t, X>, PhantomData<T>);

impl<'de, X: Take> Visitor<'de> for &mut Top<'_, X> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an export")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(name) = map.next_key::<String>()? {
            macro_rules! kinds {
                ($($name:literal: $t:ty),*) => {
                    match name.as_str() {
                        $($name => map.next_value_seed(List::<X, $t>(&mut *self, PhantomData))?,)*
                        "insats_export" => {
                            let format: u32 = map.next_value()?;
                            if format > EXPORT_FORMAT {
                                self.newer = Some(format);
                                return Err(A::Error::custom("a newer format"));
                            }
                        }
                        "removed" => {
                            let removed: Removed = map.next_value()?;
                            if let Err(e) = self.take.removed(&removed) {
                                self.failed = Some(e);
                                return Err(A::Error::custom("the store failed"));
                            }
                        }
                        other => return Err(A::Error::unknown_field(other, &[])),
                    }
                };
            }
            every_kind!(kinds);
        }
        Ok(())
    }
}

impl<'de, X: Take, T: Stored> DeserializeSeed<'de> for List<'_, '_, X, T> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, X: Take, T: Stored> Visitor<'de> for List<'_, '_, X, T> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of records")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let top = self.0;
        while let Some(record) = seq.next_element::<X::Of<T>>()? {
            top.read += 1;
            if let Err(e) = top.take.take::<T>(record) {
                top.failed = Some(e);
                return Err(A::Error::custom("the store failed"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, NaiveDate, NaiveDateTime};

    use super::*;
    use crate::domain::note::Note;
    use crate::domain::record::Record;
    use crate::store::backup::read_back;
    use crate::store::backup::{self, backups_dir};
    use crate::store::{Kind, Store};

    fn at(hours: i64) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 22)
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap()
            + Duration::hours(hours)
    }

    fn seeded() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        crate::demo::seed(&store, at(0).date()).unwrap();
        (dir, store)
    }

    fn files(store: &Store) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(backups_dir(&store.dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_streamed_backup_reads_back_as_the_export() {
        let (_dir, store) = seeded();
        let path = store.write_backup(at(4)).unwrap().unwrap();
        let (export, damaged) = store.export().unwrap();
        assert!(damaged.is_empty());
        assert!(export.record_count() > 100);
        assert_eq!(read_back(&path).unwrap(), export);
        assert_eq!(verify(&path).unwrap(), Ok(export.record_count()));
        let listed = backup::newest(&store.dir).unwrap();
        assert_eq!(listed.records, Ok(export.record_count()));
    }

    #[test]
    fn a_flipped_byte_or_a_cut_is_caught_by_the_piecewise_check() {
        let (dir, store) = seeded();
        let path = store.write_backup(at(4)).unwrap().unwrap();
        let good = fs::read(&path).unwrap();
        let mut flipped = good.clone();
        let at = flipped.len() / 2;
        flipped[at] ^= 0x20;
        let bad = dir.path().join("flipped");
        fs::write(&bad, &flipped).unwrap();
        assert_eq!(verify(&bad).unwrap(), Err(Problem::Checksum));
        fs::write(&bad, &good[..good.len() - 10]).unwrap();
        assert_eq!(verify(&bad).unwrap(), Err(Problem::Truncated));
        fs::write(&bad, b"{\"insats_export\": 1}").unwrap();
        assert_eq!(verify(&bad).unwrap(), Err(Problem::NotOurs));
    }

    #[test]
    fn a_record_that_cannot_be_read_leaves_no_backup() {
        let (_dir, store) = seeded();
        let (key, _) = store.tree(Kind::Note).first().unwrap().unwrap();
        store.tree(Kind::Note).insert(key, &[1, 0, 9, 9]).unwrap();
        assert!(matches!(
            store.write_backup(at(4)),
            Err(StoreError::Unreadable)
        ));
        let left: Vec<_> = fs::read_dir(backup::backups_dir(&store.dir))
            .unwrap()
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn every_write_moves_the_generation_on_and_reading_does_not() {
        let (_dir, store) = seeded();
        let mut seen = vec![store.generation().unwrap().unwrap()];
        let mut moved = |store: &Store| {
            let g = store.generation().unwrap().unwrap();
            assert!(!seen.contains(&g), "{seen:?} then {g}");
            seen.push(g);
        };
        let mut note: Record<Note> = store.get("2026-101", 1).unwrap().unwrap();
        store
            .add("2026-101", note.body.clone(), "AS", at(1))
            .unwrap();
        moved(&store);
        note.body.text.push_str(" Och mer.");
        store.put(&note).unwrap();
        moved(&store);
        let case = crate::domain::case::Case::new("2026-201", "Fam Ny", at(1).date());
        store
            .insert_case(&Record::new("2026-201", 0, case, "AS", at(1)))
            .unwrap();
        moved(&store);
        let mut batch = crate::store::Batch::default();
        let seq = store.next_seq::<Note>("2026-101").unwrap();
        batch
            .put(&Record::new(
                "2026-101",
                seq,
                note.body.clone(),
                "AS",
                at(1),
            ))
            .unwrap();
        store.commit(batch).unwrap();
        moved(&store);
        let (mut export, _) = store.export().unwrap();
        export.notes.retain(|n| n.case == "2026-101");
        for n in &mut export.notes {
            n.seq += 1000;
        }
        store.import_export(&export).unwrap();
        moved(&store);
        let before = store.generation().unwrap();
        store.load_summaries().unwrap();
        store
            .put_summary(&store.load_case("2026-101").unwrap().0.unwrap())
            .unwrap();
        assert_eq!(store.generation().unwrap(), before);
    }

    #[test]
    fn an_unchanged_store_links_its_newest_backup_instead_of_taking_one() {
        use std::os::unix::fs::MetadataExt;
        let (_dir, store) = seeded();
        let first = store.write_backup(at(0)).unwrap().unwrap();
        let bytes = fs::read(&first).unwrap();
        // A day on, nothing written: the same file under the day's name,
        // its first name kept for its own day.
        let again = store.backup_if_due(at(25)).unwrap().unwrap();
        assert_ne!(again, first);
        assert_eq!(files(&store).len(), 2);
        assert_eq!(fs::read(&again).unwrap(), bytes);
        let inode = |p: &Path| fs::metadata(p).unwrap().ino();
        assert_eq!(inode(&again), inode(&first));
        // A note written the same day: a new backup beside them (the
        // newest are kept whatever their days).
        let note: Record<Note> = store.get("2026-101", 1).unwrap().unwrap();
        store.add("2026-101", note.body, "AS", at(26)).unwrap();
        let after = store.write_backup(at(26)).unwrap().unwrap();
        let kept = files(&store);
        assert_eq!(kept.len(), 3, "{kept:?}");
        assert!(first.exists() && after.exists() && again.exists());
        assert_ne!(inode(&after), inode(&again));
    }

    #[test]
    fn the_records_a_backup_holds_and_the_store_lost_are_named() {
        let (_dir, store) = seeded();
        let path = store.write_backup(at(0)).unwrap().unwrap();
        assert_eq!(
            missing_from(&mut Pass::lent(&store), &path).unwrap(),
            Some(Vec::new())
        );
        // Note 2026-101/1 gone, as lost pages leave it.
        let tree = store.tree(Kind::Note);
        tree.remove(crate::store::record_key("2026-101", 1))
            .unwrap();
        assert_eq!(
            missing_from(&mut Pass::lent(&store), &path).unwrap(),
            Some(vec!["notes 2026-101/1".to_string()])
        );
        // Nor one whose header counts other records than it holds.
        let bytes = fs::read(&path).unwrap();
        let (line, body) = bytes.split_at(bytes.iter().position(|b| *b == b'\n').unwrap() + 1);
        let (records, len, crc) = crate::store::backup::parse_header(line).unwrap();
        let recounted = [header(records + 1, len as u64, crc, 1, 1).as_bytes(), body].concat();
        fs::write(&path, &recounted).unwrap();
        assert_eq!(verify(&path).unwrap().unwrap(), records + 1);
        assert_eq!(missing_from(&mut Pass::lent(&store), &path).unwrap(), None);
        fs::write(&path, &bytes).unwrap();
        // A backup that does not read is no list at all.
        let mut bytes = fs::read(&path).unwrap();
        let end = bytes.len() - 3;
        bytes[end] ^= 0x20;
        fs::write(&path, &bytes).unwrap();
        assert_eq!(missing_from(&mut Pass::lent(&store), &path).unwrap(), None);
    }

    #[test]
    fn a_backup_already_under_the_name_is_kept_and_no_error_said() {
        let (_dir, store) = seeded();
        // A clock set back a day: the newest backup is of the future. A
        // backup is owed now, once, not at every command.
        let newest = store.write_backup(at(25)).unwrap().unwrap();
        let linked = store.backup_if_due(at(0)).unwrap().unwrap();
        assert_eq!(store.backup_if_due(at(0)).unwrap(), None);
        // A command that wrote to a small store owes one whatever the age
        // of the last: in the same second, it finds it there.
        let after_a_write = chrono::Duration::zero();
        assert_eq!(
            store.backup_if_older(at(0), after_a_write).unwrap(),
            Some(linked.clone())
        );
        assert_eq!(files(&store).len(), 2);
        // Anything else under that name is taken over by a backup.
        fs::write(&linked, b"not a backup").unwrap();
        assert_eq!(
            store.backup_if_older(at(0), after_a_write).unwrap(),
            Some(linked.clone())
        );
        assert!(verify(&linked).unwrap().is_ok());
        assert!(newest.exists());
    }

    #[test]
    fn a_damaged_or_unmarked_newest_backup_is_not_renamed() {
        let (_dir, store) = seeded();
        let first = store.write_backup(at(0)).unwrap().unwrap();
        let mut bytes = fs::read(&first).unwrap();
        let end = bytes.len() - 3;
        bytes[end] ^= 0x20;
        fs::write(&first, &bytes).unwrap();
        store.backup_if_due(at(25)).unwrap().unwrap();
        assert_eq!(files(&store).len(), 2, "a new one beside the damaged");
        // A backup of the first format (no generation in its header) is
        // never taken for the store as it is now.
        let newest = backup::newest(&store.dir).unwrap().path;
        let text = fs::read_to_string(&newest).unwrap();
        let (head, body) = text.split_once('\n').unwrap();
        let old_head = head.split(" generation=").next().unwrap();
        fs::write(&newest, format!("{old_head}\n{body}")).unwrap();
        assert_eq!(generation_of(&newest), None);
        assert_eq!(
            verify(&newest).unwrap(),
            backup::newest(&store.dir).unwrap().records
        );
        store.backup_if_due(at(50)).unwrap().unwrap();
        assert_eq!(files(&store).len(), 3);
    }
}
