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
use std::path::PathBuf;

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
        let Ok(value) = fs::read(self.caseload_file()) else {
            return Ok(None);
        };
        Ok(codec::decode::<Kept<Vec<Row>>>(&value)
            .ok()
            .filter(|k| {
                k.format == FORMAT
                    && k.made_by == env!("CARGO_PKG_VERSION")
                    && k.summary_format == SUMMARY_FORMAT
                    && k.generation == generation
                    && k.today == today
                    && k.rules == *rules
            })
            .and_then(|k| k.cases.into_iter().map(Row::listed).collect()))
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
}
