//! Summaries: what the case list, its flags and the overdue view need of a
//! case ([`summarize`]), one value per case in a tree of its own, so that
//! start-up and `insats overdue` read one small value per case and not
//! the archive.
//!
//! Every write of a record removes its case's summary in the same sled
//! transaction; the summary is written again from the records afterwards
//! (by the screen as it reloads the case, or by the next reader that finds
//! it missing). A crash between the two leaves no summary, never a stale
//! one: a missing summary, or one of an older format, is rebuilt from the
//! case's records when read.

use serde::{Deserialize, Serialize};

use super::error::{Damage, StoreError};
use super::{Kind, Loaded, SEQ_TREE, SUMMARY_TREE, Store, Write, codec};
use crate::domain::case::Case;
use crate::domain::casefile::CaseFile;
use crate::domain::note::{IsoWeek, Note};
use crate::domain::plan::{Factor, Goal, Plan};
use crate::domain::rating::Rating;
use crate::domain::record::Record;
use crate::domain::report::{FollowUp, Report};
use crate::domain::summary::{blank_meta, summarize, week_reflected};

/// Bumped whenever [`summarize`] keeps something it did not before: every
/// stored summary of an older format is then rebuilt once.
const SUMMARY_FORMAT: u32 = 3;

/// The stored value: the thin case file's case record, and of its other
/// records the number and body alone (their meta is [`blank_meta`], their
/// history empty), its reflections as their weeks ([`week_reflected`]).
/// The format comes first, so that a value of another format is known as
/// such whatever follows it.
#[derive(Serialize, Deserialize)]
struct Stored {
    format: u32,
    case: Record<Case>,
    plan: Option<(u32, Plan)>,
    goals: Vec<(u32, Goal)>,
    factors: Vec<(u32, Factor)>,
    notes: Vec<(u32, Note)>,
    weeks: Vec<(u32, IsoWeek)>,
    ratings: Vec<(u32, Rating)>,
    reports: Vec<(u32, Report)>,
    follow_ups: Vec<(u32, FollowUp)>,
}

fn bodies<T: Clone>(records: &[Record<T>]) -> Vec<(u32, T)> {
    records.iter().map(|r| (r.seq, r.body.clone())).collect()
}

/// The records of `file` with these numbers and bodies.
fn records<T>(file: &CaseFile, list: Vec<(u32, T)>) -> Vec<Record<T>> {
    let meta = blank_meta(file);
    list.into_iter()
        .map(|(seq, body)| Record {
            case: file.code().to_string(),
            seq,
            meta: meta.clone(),
            body,
            history: Vec::new(),
            removed: None,
        })
        .collect()
}

impl Stored {
    fn new(thin: &CaseFile) -> Stored {
        Stored {
            format: SUMMARY_FORMAT,
            case: thin.case.clone(),
            plan: thin.plan.as_ref().map(|p| (p.seq, p.body.clone())),
            goals: bodies(&thin.goals),
            factors: bodies(&thin.factors),
            notes: bodies(&thin.notes),
            weeks: thin
                .reflections
                .iter()
                .map(|r| (r.seq, r.body.week))
                .collect(),
            ratings: bodies(&thin.ratings),
            reports: bodies(&thin.reports),
            follow_ups: bodies(&thin.follow_ups),
        }
    }

    fn into_file(self) -> CaseFile {
        let mut file = CaseFile::new(self.case);
        file.plan = records(&file, self.plan.into_iter().collect()).pop();
        file.goals = records(&file, self.goals);
        file.factors = records(&file, self.factors);
        file.notes = records(&file, self.notes);
        file.ratings = records(&file, self.ratings);
        file.reports = records(&file, self.reports);
        file.follow_ups = records(&file, self.follow_ups);
        file.reflections = self
            .weeks
            .into_iter()
            .map(|(seq, week)| week_reflected(&file, seq, week))
            .collect();
        file
    }
}

/// The key of a case's summary: its code.
fn summary_key(case: &str) -> &[u8] {
    case.as_bytes()
}

/// What [`Store::check_summaries`] found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SummaryCheck {
    /// Summaries that said something other than the records: made again.
    pub mismatched: Vec<String>,
    /// Summaries missing or of an older format: made.
    pub missing: usize,
}

impl Store {
    /// The summary of every case, ordered by case code: a thin case file
    /// each ([`summarize`]). A summary missing, unreadable or of an older
    /// format is rebuilt from its case's records and written back (on a
    /// store opened to read only, it is used without being kept).
    pub fn load_summaries(&self) -> Result<Loaded, StoreError> {
        let mut loaded = Loaded::default();
        for key in self.tree(Kind::Case).iter().keys() {
            let key = match key {
                Ok(k) => k,
                Err(e) => {
                    loaded.damaged.push(Damage {
                        tree: Kind::Case.tree_name(),
                        key: "…".into(),
                        problem: StoreError::from(e).to_string(),
                    });
                    break;
                }
            };
            let Some(code) = key
                .split_last_chunk::<5>()
                .and_then(|(code, _)| std::str::from_utf8(code).ok())
            else {
                continue;
            };
            match self.summary(code)? {
                Some(file) => loaded.files.push(file),
                None => {
                    let (file, damaged) = self.load_case(code)?;
                    loaded.damaged.extend(damaged);
                    if let Some(file) = file {
                        let thin = summarize(&file);
                        // Best effort: a summary not kept is made again
                        // by the next reader.
                        let _ = self.put_summary_thin(&thin);
                        loaded.files.push(thin);
                    }
                }
            }
        }
        loaded.records = loaded.files.len();
        Ok(loaded)
    }

    /// Every closed case read whole (the follow-up statistics read their
    /// notes); the open caseload is not read.
    pub fn load_closed(&self) -> Result<Loaded, StoreError> {
        let summaries = self.load_summaries()?;
        let mut loaded = Loaded {
            damaged: summaries.damaged,
            ..Loaded::default()
        };
        for thin in summaries.files.iter().filter(|f| f.case.body.is_closed()) {
            let (file, damaged) = self.load_case(thin.code())?;
            loaded.damaged.extend(damaged);
            loaded.files.extend(file);
        }
        loaded.records = loaded.files.len();
        Ok(loaded)
    }

    /// The stored summary of a case, None when it is missing, unreadable
    /// or of an older format.
    pub fn summary(&self, code: &str) -> Result<Option<CaseFile>, StoreError> {
        let Some(value) = self.trees[SUMMARY_TREE].get(summary_key(code))? else {
            return Ok(None);
        };
        Ok(codec::decode::<Stored>(&value)
            .ok()
            .filter(|s| s.format == SUMMARY_FORMAT && s.case.body.code == code)
            .map(Stored::into_file))
    }

    /// Writes the summary of a case from its whole file, as just read from
    /// the store.
    pub fn put_summary(&self, file: &CaseFile) -> Result<(), StoreError> {
        self.put_summary_thin(&summarize(file))
    }

    fn put_summary_thin(&self, thin: &CaseFile) -> Result<(), StoreError> {
        let value = codec::encode(&Stored::new(thin)).map_err(StoreError::Codec)?;
        self.ensure_space(value.len())?;
        self.trees[SUMMARY_TREE].insert(summary_key(thin.code()), value)?;
        Ok(())
    }

    /// Compares each case's stored summary with the one its records give
    /// (`files`, every case read whole) and writes the right one where they
    /// differ or it is missing.
    pub fn check_summaries(&self, files: &[CaseFile]) -> Result<SummaryCheck, StoreError> {
        let mut found = SummaryCheck::default();
        for file in files {
            let right = summarize(file);
            match self.summary(file.code())? {
                Some(stored) if stored == right => continue,
                Some(_) => found.mismatched.push(file.code().to_string()),
                None => found.missing += 1,
            }
            self.put_summary_thin(&right)?;
        }
        Ok(found)
    }
}

/// The cases whose records `writes` change (their summaries go with them).
pub(super) fn cases_written(writes: &[Write]) -> std::collections::BTreeSet<&[u8]> {
    writes
        .iter()
        .filter(|(tree, _, _)| *tree < SEQ_TREE)
        .filter_map(|(_, key, _)| key.split_last_chunk::<5>().map(|(case, _)| case))
        .collect()
}

#[cfg(test)]
#[path = "summary_tests.rs"]
mod tests;
