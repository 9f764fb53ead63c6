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
//! It is kept in a file beside the database ([`FILE`]), not in it: so the
//! screen and `insats overdue` read and decode it on another thread while
//! sled opens ([`Store::open_reading_caseload`]), which on a large
//! store take about as long as each other. The generation, a token no
//! other write leaves, ties the file to the store it was made from: a
//! store restored, imported into or copied over has another.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::thread::JoinHandle;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::summary::SUMMARY_FORMAT;
use super::{Damage, SUMMARY_TREE, Store, StoreError, codec, perms};
use crate::domain::case::{Case, CaseStatus, Closing, PhaseEntry};
use crate::domain::due::{DueItem, DueKind, DueState, Listed, Rules};
use crate::domain::phase::Phase;
use crate::domain::record::Record;

/// Bumped when [`Listed`] or the rules change shape: a caseload of another
/// format is made again.
const FORMAT: u32 = 3;

/// A case as kept: of its record what the list reads, and its items
/// without the case code each repeats, every date and time as a number (a
/// date as text is most of the cost of reading one).
#[derive(Serialize, Deserialize)]
struct Row {
    code: String,
    family: String,
    workers: Vec<String>,
    start: i32,
    phases: Vec<(Phase, i32)>,
    status: CaseStatus,
    closed_on: Option<i32>,
    /// The record's creation and last change, seconds.
    at: (i64, i64),
    items: Vec<(DueKind, i32, DueState)>,
}

fn days(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

fn day(n: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(n)
}

fn seconds(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp()
}

fn time(n: i64) -> Option<NaiveDateTime> {
    chrono::DateTime::from_timestamp(n, 0).map(|t| t.naive_utc())
}

impl Row {
    fn new(listed: &Listed) -> Row {
        let (c, meta) = (&listed.case.body, &listed.case.meta);
        Row {
            code: c.code.clone(),
            family: c.family.clone(),
            workers: c.workers.clone(),
            start: days(c.start),
            phases: c.phases.iter().map(|p| (p.phase, days(p.began))).collect(),
            status: c.status,
            closed_on: c.closing.as_ref().map(|x| days(x.on)),
            at: (seconds(meta.created_at), seconds(meta.updated_at)),
            items: listed
                .items
                .iter()
                .map(|i| (i.kind.clone(), days(i.due), i.state))
                .collect(),
        }
    }

    /// The case as [`crate::domain::summary::listed_case`] gives it; None
    /// when a number is out of the calendar's range (never written so).
    fn listed(self) -> Option<Listed> {
        let mut body = Case::new(&self.code, &self.family, day(self.start)?);
        body.workers = self.workers;
        body.places = Vec::new();
        body.phases = self
            .phases
            .into_iter()
            .map(|(phase, began)| {
                Some(PhaseEntry {
                    phase,
                    began: day(began)?,
                })
            })
            .collect::<Option<_>>()?;
        body.status = self.status;
        body.closing = match self.closed_on {
            Some(on) => Some(Closing {
                on: day(on)?,
                reason: String::new(),
            }),
            None => None,
        };
        let items = self
            .items
            .into_iter()
            .map(|(kind, due, state)| {
                Some(DueItem {
                    case: self.code.clone(),
                    kind,
                    due: day(due)?,
                    state,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let mut case = Record::new(&self.code, 0, body, "", time(self.at.0)?);
        case.meta.updated_at = time(self.at.1)?;
        case.meta.updated_by = String::new();
        Some(Listed { case, items })
    }
}

/// The file it is kept in, in the data directory.
pub const FILE: &str = "caseload";

/// Its key in the tree of summaries, where insats 0.1 kept it (before every
/// case code): let go of when the file is first written.
const CASELOAD: &[u8] = b"\0caseload";

/// The stored value. The format comes first, so that a value of another
/// format is known as such whatever follows it.
#[derive(Serialize, Deserialize)]
struct Kept<C> {
    format: u32,
    /// The insats that made it, and its summaries' format: another one
    /// may word the rules otherwise.
    made_by: String,
    summary_format: u32,
    generation: u64,
    today: NaiveDate,
    rules: Rules,
    cases: C,
}

/// A kept caseload read from its file, its rows made cases again; the
/// generation, day and rules it was made under are still to be matched.
type Read = Kept<Vec<Listed>>;

/// The caseload kept at `path`, when it reads whole and is of this insats.
fn read(path: &Path) -> Option<Read> {
    let bytes = fs::read(path).ok()?;
    let kept = codec::decode::<Kept<Vec<Row>>>(&bytes).ok()?;
    if kept.format != FORMAT
        || kept.made_by != env!("CARGO_PKG_VERSION")
        || kept.summary_format != SUMMARY_FORMAT
    {
        return None;
    }
    let cases = kept
        .cases
        .into_iter()
        .map(Row::listed)
        .collect::<Option<Vec<_>>>()?;
    Some(Kept {
        format: kept.format,
        made_by: kept.made_by,
        summary_format: kept.summary_format,
        generation: kept.generation,
        today: kept.today,
        rules: kept.rules,
        cases,
    })
}

/// The kept caseload being read on another thread as the store opens.
#[derive(Default)]
pub(super) struct Reading(Mutex<Option<JoinHandle<Option<Read>>>>);

impl Reading {
    /// What the thread read; None when none was started (or it is taken).
    fn take(&self) -> Option<Option<Read>> {
        let handle = self.0.lock().ok()?.take()?;
        Some(handle.join().ok().flatten())
    }
}

impl Store {
    /// The store in `dir` opened by `open` ([`Store::open`],
    /// [`Store::open_to_read`]), the caseload kept beside it read on another
    /// thread meanwhile: for the screen and `insats overdue`, which read it
    /// first.
    pub fn open_reading_caseload(
        dir: &Path,
        open: impl FnOnce(&Path) -> Result<Store, StoreError>,
    ) -> Result<Store, StoreError> {
        let path = dir.join(FILE);
        let reading = std::thread::Builder::new()
            .name("caseload".into())
            .spawn(move || read(&path))
            .ok();
        let store = open(dir)?;
        if let Ok(mut slot) = store.reading.0.lock() {
            *slot = reading;
        }
        Ok(store)
    }

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
        let generation = self.generation()?;
        if let Some(g) = generation
            && let Some(cases) = self.kept_caseload(g, today, rules)?
        {
            return Ok((cases, Vec::new()));
        }
        let (cases, damaged) = self.summaries_as(|f| Listed::of(&f, today, rules))?;
        if let Some(g) = generation
            && damaged.is_empty()
        {
            // Best effort: a caseload not kept is made again next time.
            let _ = self.keep_caseload(g, today, rules, &cases);
        }
        Ok((cases, damaged))
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
        let kept = match self.reading.take() {
            Some(read) => read,
            None => read(&self.caseload_file()),
        };
        Ok(kept
            .filter(|k| k.generation == generation && k.today == today && k.rules == *rules)
            .map(|k| k.cases))
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
            today,
            rules: *rules,
            cases: cases.iter().map(Row::new).collect::<Vec<_>>(),
        };
        let value = codec::encode(&kept).map_err(StoreError::Codec)?;
        self.ensure_space(value.len())?;
        // Whole or not at all: a file cut short would not decode, and be
        // made again, but it is not left for that.
        let path = self.caseload_file();
        let tmp = self.dir.join(format!(".{FILE}.tmp-{}", std::process::id()));
        perms::write_private(&tmp, &value)
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

    /// The caseload an earlier insats kept in the database, and any read
    /// as the store opened: neither is the one kept now.
    fn forget_old_caseload(&self) -> Result<(), StoreError> {
        self.reading.take();
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

    /// The caseload read on another thread as the store opens is the one
    /// kept; a file cut short, flipped or of another generation is not
    /// taken, and the value an earlier insats kept in the database goes
    /// when the file is written.
    #[test]
    fn the_caseload_read_as_the_store_opens_is_the_one_kept() {
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
        let reopen = || Store::open_reading_caseload(dir.path(), Store::open).unwrap();

        let store = reopen();
        assert!(store.reading.0.lock().unwrap().is_some());
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
}
