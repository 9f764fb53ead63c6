//! The day's caseload: every case's record and due items, as the case
//! list and `insats overdue` read them, kept under the store's generation
//! so that a start or an `overdue` with nothing written since the last one
//! reads one value and not every case's summary (SPEC §11).
//!
//! Derived, never edited: it is taken only when the store's generation,
//! the day and the rules are those it was made under, and made again from
//! the summaries otherwise. Every write of a record moves the generation
//! on ([`super::summary`]), in the transaction that writes it.
//!
//! It is kept in a file of its own beside the database ([`FILE`]), not as
//! a sled value: sled keeps a value this large (250 KB for 2,000 cases) as
//! a blob beside its log, read back with the page that points to it at
//! every start and written anew at every keep; the file is one read
//! (`insats overdue` on the large store, the same store's layout: 43 ms
//! against 47). The generation, a token no other write leaves, ties the
//! file to the store it was made from: a store restored, imported into or
//! copied over has another.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use bincode::serde::Compat;
use bincode::{Decode, Encode};
use chrono::NaiveDate;

use super::caseload_row::{In, Out, days};
use super::summary::SUMMARY_FORMAT;
use super::{Damage, SUMMARY_TREE, Store, StoreError, codec, perms};
use crate::domain::due::{Listed, Rules};

/// Bumped when [`Listed`] or the rules change shape, or when a tag of
/// [`super::caseload_row`] would name another value (the phases, the steps,
/// a status, a state or a due kind added or reordered): a caseload of
/// another format is made again. The file's limit ([`codec::SIZE_LIMIT`])
/// counts each case as held in memory (about 600 bytes): some 50,000 cases
/// fit; a caseload past that is made from the summaries at every start.
const FORMAT: u32 = 4;

/// The cases of a caseload, each made as it is taken.
pub type Cases = Box<dyn ExactSizeIterator<Item = Listed>>;

/// The file it is kept in, in the data directory.
pub const FILE: &str = "caseload";

/// Its key in the tree of summaries, where insats 0.1 kept it (before every
/// case code): let go of when the file is first written.
const CASELOAD: &[u8] = b"\0caseload";

/// The stored value. The format comes first, so that a value of another
/// format is known as such whatever follows it. Its cases are
/// [`super::caseload_row`]'s.
#[derive(Encode, Decode)]
struct Kept<C> {
    format: u32,
    /// The insats that made it, and its summaries' format: another one
    /// may word the rules otherwise.
    made_by: String,
    summary_format: u32,
    generation: u64,
    today: i32,
    rules: Compat<Rules>,
    cases: C,
}

/// Opens the store in `dir` by `open`, and gives its caseload on `today`
/// under `rules` made by `make` into what the caller holds, with the
/// damage met reading it ([`Store::caseload_read`]). The caseload kept is
/// read and made on a thread of its own while the store opens (on a large
/// store, sled's open is most of a start), and taken when it was kept at
/// the open store's generation; else it is read from the open store.
///
/// The file is read without the store's lock: a caseload is kept by a
/// rename, so what is read is a caseload kept whole, whichever session
/// kept it, and its generation says whose it is. It is taken only if it
/// is still the file there once the store is open: one let go of or kept
/// anew meanwhile (`insats check --repair` lets go of it without a write)
/// is not.
pub fn open_with_caseload<T, E, F>(
    dir: &Path,
    open: impl FnOnce(&Path) -> Result<Store, E>,
    today: NaiveDate,
    rules: Rules,
    make: F,
) -> Result<(Store, T, Vec<Damage>), E>
where
    T: Send + 'static,
    E: From<StoreError>,
    F: Fn(Cases) -> T + Copy + Send + 'static,
{
    let path = dir.join(FILE);
    let read = {
        let path = path.clone();
        std::thread::Builder::new()
            .name("caseload".into())
            .spawn(move || {
                let mut file = fs::File::open(&path).ok()?;
                let seen = Seen::of(&file.metadata().ok()?);
                let mut value = Vec::new();
                io::Read::read_to_end(&mut file, &mut value).ok()?;
                let kept = kept_of(&value, today, &rules)?;
                drop(value);
                let cases: Cases = Box::new(kept.cases.into_iter().map(|In(c)| c));
                Some((kept.generation, seen, make(cases)))
            })
    };
    let store = open(dir)?;
    // A thread that could not start, or failed: the store reads its own.
    if let Some((generation, seen, made)) = read.ok().and_then(|r| r.join().ok()).flatten()
        && store.generation()? == Some(generation)
        && fs::metadata(&path).is_ok_and(|now| Seen::of(&now) == seen)
    {
        return Ok((store, made, Vec::new()));
    }
    let (cases, damaged) = store.caseload_read(today, &rules)?;
    let made = make(cases);
    Ok((store, made, damaged))
}

/// Which file a path named, and as it was then.
#[derive(PartialEq)]
struct Seen {
    dev: u64,
    ino: u64,
    len: u64,
    modified: (i64, i64),
}

impl Seen {
    fn of(meta: &fs::Metadata) -> Seen {
        use std::os::unix::fs::MetadataExt;
        Seen {
            dev: meta.dev(),
            ino: meta.ino(),
            len: meta.len(),
            modified: (meta.mtime(), meta.mtime_nsec()),
        }
    }
}

/// The caseload kept in `value` (a file's bytes) for `today` under
/// `rules`, at whatever generation; None when it is of another format,
/// insats, day or rules, or cannot be read.
fn kept_of(value: &[u8], today: NaiveDate, rules: &Rules) -> Option<Kept<Vec<In>>> {
    codec::decode_native::<Kept<Vec<In>>>(value)
        .ok()
        .filter(|k| {
            k.format == FORMAT
                && k.made_by == env!("CARGO_PKG_VERSION")
                && k.summary_format == SUMMARY_FORMAT
                && k.today == days(today)
                && k.rules.0 == *rules
        })
}

impl Store {
    /// The file the caseload is kept in (a copy opened on a full disk reads
    /// its store's).
    fn caseload_file(&self) -> PathBuf {
        self.origin().join(FILE)
    }

    /// Every case on `today` under `rules`, and the damage met reading
    /// them: the caseload kept when nothing was written since it was made,
    /// else made from the summaries and kept (not when anything was
    /// damaged, so that the damage is said again next time).
    pub fn caseload_on(
        &self,
        today: NaiveDate,
        rules: &Rules,
    ) -> Result<(Vec<Listed>, Vec<Damage>), StoreError> {
        let (cases, damaged) = self.caseload_read(today, rules)?;
        Ok((cases.collect(), damaged))
    }

    /// [`Store::caseload_on`], each case made from what was kept as it is
    /// taken: the caseload is never held twice over.
    pub fn caseload_read(
        &self,
        today: NaiveDate,
        rules: &Rules,
    ) -> Result<(Cases, Vec<Damage>), StoreError> {
        let generation = self.generation()?;
        if let Some(g) = generation
            && let Some(rows) = self.kept_rows(g, today, rules)
        {
            return Ok((Box::new(rows.into_iter().map(|In(c)| c)), Vec::new()));
        }
        let (cases, damaged) = self.summaries_as(|f| Listed::of(&f, today, rules))?;
        if let Some(g) = generation
            && damaged.is_empty()
        {
            // Best effort: a caseload not kept is made again next time.
            let _ = self.keep_caseload(g, today, rules, &cases);
        }
        Ok((Box::new(cases.into_iter()), damaged))
    }

    /// The caseload kept at `generation` for `today` under `rules`; None
    /// when there is none, or it was made at another generation, day or
    /// rules, or cannot be read.
    pub fn kept_caseload(
        &self,
        generation: u64,
        today: NaiveDate,
        rules: &Rules,
    ) -> Result<Option<Vec<Listed>>, StoreError> {
        Ok(self
            .kept_rows(generation, today, rules)
            .map(|rows| rows.into_iter().map(|In(c)| c).collect()))
    }

    /// The cases of [`Store::kept_caseload`].
    fn kept_rows(&self, generation: u64, today: NaiveDate, rules: &Rules) -> Option<Vec<In>> {
        let value = fs::read(self.caseload_file()).ok()?;
        kept_of(&value, today, rules)
            .filter(|k| k.generation == generation)
            .map(|k| k.cases)
    }

    /// Keeps the caseload made from the summaries read at `generation`.
    pub fn keep_caseload(
        &self,
        generation: u64,
        today: NaiveDate,
        rules: &Rules,
        cases: &[Listed],
    ) -> Result<(), StoreError> {
        let kept = Kept {
            format: FORMAT,
            made_by: env!("CARGO_PKG_VERSION").to_string(),
            summary_format: SUMMARY_FORMAT,
            generation,
            today: days(today),
            rules: Compat(*rules),
            cases: cases.iter().map(Out).collect::<Vec<_>>(),
        };
        let value = codec::encode_native(&kept).map_err(StoreError::Codec)?;
        self.ensure_space(value.len())?;
        // Whole or not at all: a file cut short would not decode, and be
        // made again, but it is not left for that. Not synced: a file a
        // crash leaves short is made again, like one that is not there,
        // and a start after a write does not wait for the disk. Under the
        // store's lock: no other insats writes it meanwhile.
        let path = self.caseload_file();
        let tmp = path.with_file_name(format!(".{FILE}.tmp"));
        perms::write_private_unsynced(&tmp, &value)
            .and_then(|()| fs::rename(&tmp, &path))
            .map_err(|err| {
                let _ = fs::remove_file(&tmp);
                StoreError::Io {
                    doing: "write",
                    path,
                    err,
                }
            })?;
        self.forget_old_caseload()
    }

    /// Lets go of the caseload kept: `insats check` made summaries again.
    pub(super) fn forget_caseload(&self) -> Result<(), StoreError> {
        let path = self.caseload_file();
        match fs::remove_file(&path) {
            Err(err) if err.kind() != io::ErrorKind::NotFound => {
                return Err(StoreError::Io {
                    doing: "remove",
                    path,
                    err,
                });
            }
            _ => {}
        }
        self.forget_old_caseload()
    }

    /// The caseload an earlier insats kept in the database.
    fn forget_old_caseload(&self) -> Result<(), StoreError> {
        let summaries = &self.trees[SUMMARY_TREE];
        if summaries.contains_key(CASELOAD)? {
            summaries.remove(CASELOAD)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every case of the demo, on days from its start to past its end, is
    /// read back as it was kept: the case as the list reads it, and every
    /// item.
    #[test]
    fn a_kept_case_reads_back_as_it_was_listed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let seeded: NaiveDate = "2026-11-22".parse().unwrap();
        crate::demo::seed(&store, seeded).unwrap();
        let files = store.load_all().unwrap().files;
        let rules = Rules::default();
        let mut items = 0;
        for offset in [-120i64, -30, 0, 1, 45, 400] {
            let today = seeded + chrono::Duration::days(offset);
            let listed: Vec<Listed> = files.iter().map(|f| Listed::of(f, today, &rules)).collect();
            items += listed.iter().map(|l| l.items.len()).sum::<usize>();
            let g = 7;
            store.keep_caseload(g, today, &rules, &listed).unwrap();
            assert_eq!(store.kept_caseload(g, today, &rules).unwrap(), Some(listed));
        }
        assert!(items > 100, "{items}");
    }

    /// The caseload read from its file is the one kept; a file cut short,
    /// flipped or of another generation is not taken, and the value an
    /// earlier insats kept in the database goes when the file is written.
    #[test]
    fn the_caseload_read_from_its_file_is_the_one_kept() {
        let dir = tempfile::tempdir().unwrap();
        let today: NaiveDate = "2026-11-22".parse().unwrap();
        let rules = Rules::default();
        let store = Store::open(dir.path()).unwrap();
        crate::demo::seed(&store, today).unwrap();
        store.trees[SUMMARY_TREE]
            .insert(CASELOAD, b"old".as_slice())
            .unwrap();
        let (listed, damaged) = store.caseload_on(today, &rules).unwrap();
        assert!(damaged.is_empty() && listed.len() > 5);
        assert!(!store.trees[SUMMARY_TREE].contains_key(CASELOAD).unwrap());
        let g = store.generation().unwrap().unwrap();
        drop(store);
        let reopen = || Store::open(dir.path()).unwrap();

        let store = reopen();
        assert_eq!(
            store.kept_caseload(g, today, &rules).unwrap(),
            Some(listed.clone())
        );
        assert_eq!(store.kept_caseload(g + 1, today, &rules).unwrap(), None);
        drop(store);

        let file = dir.path().join(FILE);
        let good = fs::read(&file).unwrap();
        let mut flipped = good.clone();
        let at = good.len() / 2;
        flipped[at] ^= 0x04;
        for bad in [&good[..good.len() - 9], &flipped[..], b"".as_slice()] {
            fs::write(&file, bad).unwrap();
            let store = reopen();
            assert_eq!(store.kept_caseload(g, today, &rules).unwrap(), None);
            // Made again from the summaries, and kept.
            assert_eq!(store.caseload_on(today, &rules).unwrap().0, listed);
            assert_eq!(fs::read(&file).unwrap(), good);
        }
        // `insats check` lets go of it.
        let store = reopen();
        store.forget_caseload().unwrap();
        assert!(!file.exists());
        assert_eq!(store.kept_caseload(g, today, &rules).unwrap(), None);
    }

    /// The caseload read while the store opens is taken when it was kept
    /// at the store's generation, for the day asked, and is still there:
    /// not for another day, nor when let go of, nor after a write (here,
    /// made as the store opens, after the file may have been read). Then
    /// the open store's is given.
    #[test]
    fn a_caseload_read_while_the_store_opens_is_taken_only_when_it_is_the_stores() {
        let dir = tempfile::tempdir().unwrap();
        let today: NaiveDate = "2026-11-22".parse().unwrap();
        let rules = Rules::default();
        let listed = {
            let store = Store::open(dir.path()).unwrap();
            crate::demo::seed(&store, today).unwrap();
            store.caseload_on(today, &rules).unwrap().0
        };
        // Each case, and whether it was made on the thread beside the open.
        let all = |cases: Cases| {
            let beside = std::thread::current().name() == Some("caseload");
            (beside, cases.collect::<Vec<_>>())
        };
        let opened = |day, open: fn(&Path) -> Result<Store, StoreError>| {
            let (_, made, damaged) = open_with_caseload(dir.path(), open, day, rules, all).unwrap();
            assert!(damaged.is_empty());
            made
        };
        assert_eq!(opened(today, Store::open), (true, listed.clone()));
        let next = today + chrono::Days::new(1);
        let (beside, on_next) = opened(next, Store::open);
        assert!(!beside);
        assert_eq!(on_next.len(), listed.len());
        // That kept the next day's: today's is made again, and kept.
        assert_eq!(opened(today, Store::open), (false, listed.clone()));
        // Let go of by the session before (as a check's repair does, with
        // no write) after it may have been read: read again, and kept.
        let forgotten = |dir: &Path| -> Result<Store, StoreError> {
            let store = Store::open(dir)?;
            store.forget_caseload()?;
            Ok(store)
        };
        assert_eq!(opened(today, forgotten), (false, listed.clone()));
        assert_eq!(opened(today, Store::open), (true, listed.clone()));
        let written = |dir: &Path| -> Result<Store, StoreError> {
            let store = Store::open(dir)?;
            let start: NaiveDate = "2026-11-22".parse().unwrap();
            let case = crate::domain::case::Case::new("2026-999", "Fam Ny", start);
            let at = start.and_hms_opt(12, 0, 0).unwrap();
            let record = crate::domain::record::Record::new("2026-999", 0, case, "AS", at);
            store.insert_case(&record)?;
            Ok(store)
        };
        // Made again from the summaries: the case written is there.
        let (beside, now) = opened(today, written);
        assert!(!beside);
        assert_eq!(now.len(), listed.len() + 1);
    }

    /// A caseload an earlier insats kept (format 3, through serde) is not
    /// taken: made again from the summaries, and kept in this format.
    #[test]
    fn a_caseload_of_an_earlier_format_is_made_again() {
        let dir = tempfile::tempdir().unwrap();
        let today: NaiveDate = "2026-11-22".parse().unwrap();
        let rules = Rules::default();
        let store = Store::open(dir.path()).unwrap();
        crate::demo::seed(&store, today).unwrap();
        let (listed, _) = store.caseload_on(today, &rules).unwrap();
        let g = store.generation().unwrap().unwrap();
        let earlier = (
            3u32,
            env!("CARGO_PKG_VERSION"),
            SUMMARY_FORMAT,
            g,
            today,
            rules,
            Vec::<u8>::new(),
        );
        let file = dir.path().join(FILE);
        fs::write(&file, codec::encode(&earlier).unwrap()).unwrap();
        assert_eq!(store.kept_caseload(g, today, &rules).unwrap(), None);
        // Nor one read whole in this encoding but of another format.
        let other = Kept {
            format: FORMAT - 1,
            made_by: env!("CARGO_PKG_VERSION").to_string(),
            summary_format: SUMMARY_FORMAT,
            generation: g,
            today: days(today),
            rules: Compat(rules),
            cases: listed.iter().map(Out).collect::<Vec<_>>(),
        };
        fs::write(&file, codec::encode_native(&other).unwrap()).unwrap();
        assert_eq!(store.kept_caseload(g, today, &rules).unwrap(), None);
        assert_eq!(store.caseload_on(today, &rules).unwrap().0, listed);
        assert_eq!(store.kept_caseload(g, today, &rules).unwrap(), Some(listed));
    }
}
