//! Summaries: what the case list, its flags and the overdue view need of a
//! case ([`summarize`]), one value per case in a tree of its own, so that
//! start-up and `insats overdue` read one small value per case and not
//! the archive.
//!
//! Every write of a record marks its case's summary [`STALE`] in the same
//! sled transaction; the summary is written again from the records
//! afterwards (by the screen as it reloads the case, or by the next reader
//! that finds it stale). A crash between the two leaves a stale mark, never
//! a wrong summary: a stale one, or one of an older format, is rebuilt from
//! the case's records when read.
//!
//! Every case has an entry in the tree (a new case gets a stale mark with
//! its record), so the caseload is listed from this tree alone, without
//! reading the case records. A store written before that was so is listed
//! from its case records once, and [`COMPLETE`] set.

use serde::{Deserialize, Serialize};
use sled::transaction::{TransactionalTree, UnabortableTransactionError};

use super::error::{Damage, StoreError};
use super::pass::Pass;
use super::{Kind, Loaded, SUMMARY_TREE, Store, codec};
use chrono::NaiveDate;

use crate::domain::casefile::CaseFile;
use crate::domain::due::{Listed, Rules};
use crate::domain::summary::summarize;

/// Bumped whenever [`summarize`] keeps something it did not before, or
/// the stored value changes: every stored summary of an older format is
/// then rebuilt once.
pub(super) const SUMMARY_FORMAT: u32 = 6;

/// The stored value: the thin case file itself. The format comes first,
/// so that a value of another format is known as such whatever follows.
#[derive(Serialize, Deserialize)]
struct Stored {
    format: u32,
    file: CaseFile,
}

/// The value that stands for a summary to be made again.
pub(super) const STALE: &[u8] = &[];

/// The key set when every case has an entry in the tree. Case codes hold
/// no control characters, so no code sorts before it or equals it.
const COMPLETE: &[u8] = b"\0complete";

/// The key whose value changes with every write of a record (a token, not
/// a count: equal only when nothing was written in between), so that a
/// backup can tell it would hold what the newest one holds.
const GENERATION: &[u8] = b"\0generation";

/// The first key of a case's entry: codes hold no control characters, so
/// the keys of the tree's own (`\0…`) come before every case.
const FIRST_CASE: &[u8] = &[1];

/// In a write's transaction: the case's summary marked stale, and the
/// store's generation moved on.
pub(super) fn mark_written(
    summaries: &TransactionalTree,
    case: &[u8],
) -> Result<(), UnabortableTransactionError> {
    summaries.insert(case, STALE)?;
    summaries.insert(GENERATION, &token())?;
    Ok(())
}

/// Moves the store's generation on for a write that is no record's.
pub(super) fn move_on(summaries: &TransactionalTree) -> Result<(), UnabortableTransactionError> {
    summaries.insert(GENERATION, &token())?;
    Ok(())
}

/// [`move_on`] in a database being built apart ([`super::purge`]).
pub(super) fn moved_on(summaries: &sled::Tree) -> sled::Result<()> {
    summaries.insert(GENERATION, &token())?;
    Ok(())
}

/// A value no earlier write left: the time to the nanosecond, mixed with
/// this process's random hash keys.
fn token() -> [u8; 8] {
    use std::hash::{BuildHasher, Hasher};
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(nanos);
    (h.finish() | 1).to_be_bytes()
}

/// The key of a case's summary: its code.
fn summary_key(case: &str) -> &[u8] {
    case.as_bytes()
}

/// The summary of case `code` in a stored value, None when the value is
/// stale, unreadable, of another format or of another case.
fn decoded(code: &str, value: &[u8]) -> Option<CaseFile> {
    codec::decode::<Stored>(value)
        .ok()
        .filter(|s| s.format == SUMMARY_FORMAT && s.file.code() == code)
        .map(|s| s.file)
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
    /// The store's generation: changed by every write of a record, None
    /// before the first one this version made.
    pub fn generation(&self) -> Result<Option<u64>, StoreError> {
        let value = self.trees[SUMMARY_TREE].get(GENERATION)?;
        Ok(value.and_then(|v| <[u8; 8]>::try_from(v.as_ref()).ok().map(u64::from_be_bytes)))
    }

    /// The summary of every case, ordered by case code: a thin case file
    /// each ([`summarize`]). A summary missing, unreadable or of an older
    /// format is rebuilt from its case's records and written back (on a
    /// store opened to read only, it is used without being kept).
    pub fn load_summaries(&self) -> Result<Loaded, StoreError> {
        let (files, damaged) = self.summaries_as(|file| file)?;
        // A case listed whose records could not be read: named, never left
        // out of the list.
        let listed: std::collections::HashSet<&str> = files.iter().map(CaseFile::code).collect();
        let mut unreadable: Vec<(String, String)> = Vec::new();
        for d in &damaged {
            let Some((code, _)) = d.key.rsplit_once('/') else {
                continue;
            };
            if !listed.contains(code) && !unreadable.iter().any(|(c, _)| c == code) {
                unreadable.push((code.to_string(), d.to_string()));
            }
        }
        Ok(Loaded {
            records: files.len(),
            files,
            damaged,
            unreadable,
        })
    }

    /// Every case on `today` under `rules` with its due items, as the case
    /// list and `insats overdue` read them, made from the summaries; and
    /// the damage met reading them.
    pub fn caseload(
        &self,
        today: NaiveDate,
        rules: &Rules,
    ) -> Result<(Vec<Listed>, Vec<Damage>), StoreError> {
        self.summaries_as(|f| Listed::of(&f, today, rules))
    }

    /// [`Store::load_summaries`], each case file made into what `map` makes
    /// of it as it is read: only one is in memory at a time.
    pub fn summaries_as<T>(
        &self,
        mut map: impl FnMut(CaseFile) -> T,
    ) -> Result<Summaries<T>, StoreError> {
        self.note_read();
        let summaries = &self.trees[SUMMARY_TREE];
        if summaries.get(COMPLETE)?.is_none() {
            let (listed, whole) = self.list_from_cases(&mut map)?;
            // Best effort, as every summary written here: a store that
            // cannot keep it is listed from its case records next time too,
            // as is one whose case records could not be read through.
            if whole {
                let _ = self
                    .ensure_space(COMPLETE.len())
                    .and_then(|()| Ok(summaries.insert(COMPLETE, &[1u8])?));
            }
            return Ok(listed);
        }
        let (mut out, mut damaged) = (Vec::new(), Vec::new());
        for entry in summaries.range(FIRST_CASE..) {
            let Ok((key, value)) = entry else {
                // The tree of summaries cannot be read through: list the
                // cases from their records, as before it was complete.
                return Ok(self.list_from_cases(&mut map)?.0);
            };
            match std::str::from_utf8(&key) {
                Ok(code) => {
                    let stored = decoded(code, &value);
                    out.extend(
                        self.summary_or_rebuilt(code, stored, &mut damaged)?
                            .map(&mut map),
                    );
                }
                Err(_) => damaged.push(Damage {
                    tree: "summaries",
                    key: format!("{key:02x?}"),
                    problem: "not a case code".into(),
                }),
            }
        }
        Ok((out, damaged))
    }

    /// The summary of every case listed from the case records' keys, and
    /// whether every key could be read (every case has an entry then).
    fn list_from_cases<T>(
        &self,
        map: &mut impl FnMut(CaseFile) -> T,
    ) -> Result<(Summaries<T>, bool), StoreError> {
        let (mut out, mut damaged) = (Vec::new(), Vec::new());
        let mut whole = true;
        for key in self.tree(Kind::Case).iter().keys() {
            let key = match key {
                Ok(k) => k,
                Err(e) => {
                    damaged.push(Damage {
                        tree: Kind::Case.tree_name(),
                        key: "…".into(),
                        problem: StoreError::from(e).to_string(),
                    });
                    whole = false;
                    break;
                }
            };
            let Some(code) = key
                .split_last_chunk::<5>()
                .and_then(|(code, _)| std::str::from_utf8(code).ok())
            else {
                continue;
            };
            let value = self.trees[SUMMARY_TREE].get(summary_key(code))?;
            let file = value.and_then(|v| decoded(code, &v));
            out.extend(
                self.summary_or_rebuilt(code, file, &mut damaged)?
                    .map(&mut *map),
            );
        }
        Ok(((out, damaged), whole))
    }

    /// The summary of case `code`: `stored` when there is one of this
    /// format, else one made from the case's records and written back;
    /// None when its records cannot be read (said in `damaged`). An entry
    /// whose case has no record left is let go of.
    fn summary_or_rebuilt(
        &self,
        code: &str,
        stored: Option<CaseFile>,
        damaged: &mut Vec<Damage>,
    ) -> Result<Option<CaseFile>, StoreError> {
        if stored.is_some() {
            return Ok(stored);
        }
        let (file, lost) = self.load_case(code)?;
        let gone = file.is_none() && lost.is_empty();
        damaged.extend(lost);
        // Best effort: a summary not kept is made again by the next reader.
        match file {
            Some(file) => return Ok(Some(summarize(&file))),
            None if gone => {
                let _ = self.trees[SUMMARY_TREE].remove(summary_key(code));
            }
            // Its records cannot be read: a stale entry keeps it in the
            // list's tree, so that every start tries it again and says so.
            None => {
                let _ = self
                    .ensure_space(code.len())
                    .and_then(|()| Ok(self.trees[SUMMARY_TREE].insert(summary_key(code), STALE)?));
            }
        }
        Ok(None)
    }

    /// The cases of `codes` read whole, each given to `take` in turn and
    /// let go of after it (the follow-up statistics read the closed cases'
    /// notes). The damage met reading them.
    pub fn each_whole(
        &self,
        codes: &[String],
        take: impl FnMut(&CaseFile),
    ) -> Result<Vec<Damage>, StoreError> {
        each_whole(&mut Pass::lent(self), codes, take)
    }

    /// [`Store::each_whole`] of a store closed after it: sled is opened
    /// again between pieces, so that what it keeps of the cases read stays
    /// bounded ([`super::pass`]).
    pub fn each_whole_owned(
        self,
        codes: &[String],
        take: impl FnMut(&CaseFile),
    ) -> Result<(Store, Vec<Damage>), StoreError> {
        let mut pass = Pass::owned(self);
        let damaged = each_whole(&mut pass, codes, take)?;
        Ok((pass.into_owned()?, damaged))
    }

    /// The stored summary of a case, None when it is missing, unreadable
    /// or of an older format.
    pub fn summary(&self, code: &str) -> Result<Option<CaseFile>, StoreError> {
        self.note_read();
        let value = self.trees[SUMMARY_TREE].get(summary_key(code))?;
        Ok(value.and_then(|v| decoded(code, &v)))
    }

    /// Writes the summary of a case from its whole file, as just read from
    /// the store.
    pub(super) fn put_summary(&self, file: &CaseFile) -> Result<(), StoreError> {
        self.put_summary_thin(&summarize(file))
    }

    /// After case `file` was read whole: its summary made again if a write
    /// left it stale (or it is missing, or of an older format). Best
    /// effort: one not kept is made by the next reader that finds it stale.
    pub(super) fn refresh_summary(&self, file: &CaseFile) {
        let summaries = &self.trees[SUMMARY_TREE];
        let fresh = summaries
            .get(summary_key(file.code()))
            .ok()
            .flatten()
            .is_some_and(|v| decoded(file.code(), &v).is_some());
        if !fresh {
            let _ = self.put_summary(file);
        }
    }

    fn put_summary_thin(&self, thin: &CaseFile) -> Result<(), StoreError> {
        let stored = Stored {
            format: SUMMARY_FORMAT,
            file: thin.clone(),
        };
        let value = codec::encode(&stored).map_err(StoreError::Codec)?;
        self.ensure_space(value.len())?;
        self.trees[SUMMARY_TREE].insert(summary_key(thin.code()), value)?;
        Ok(())
    }

    /// Compares each case's stored summary with the one its records give
    /// (`files`, every case read whole) and writes the right one where they
    /// differ or it is missing; lets go of entries of no case.
    pub fn check_summaries(&self, files: &[CaseFile]) -> Result<SummaryCheck, StoreError> {
        let mut found = SummaryCheck::default();
        for file in files {
            self.check_summary(file, &mut found)?;
        }
        self.finish_summary_check(&mut found)?;
        Ok(found)
    }

    /// Reads every record, a case at a time (a store's records are never
    /// all in memory at once): how many, which are damaged, and, when
    /// `repair`, each case's summary compared with its records and made
    /// again where they differ ([`Store::check_summaries`]).
    pub fn check_every_case(self, repair: bool) -> Result<(Store, Checked), StoreError> {
        let mut pass = Pass::owned(self);
        let checked = check_every_case(&mut pass, repair)?;
        Ok((pass.into_owned()?, checked))
    }

    /// One case's summary against its records, made again when it differs.
    fn check_summary(&self, file: &CaseFile, found: &mut SummaryCheck) -> Result<(), StoreError> {
        let right = summarize(file);
        match self.summary(file.code())? {
            Some(stored) if stored == right => return Ok(()),
            Some(_) => found.mismatched.push(file.code().to_string()),
            None => found.missing += 1,
        }
        self.put_summary_thin(&right)
    }

    /// After every case's summary was checked: every case key has an entry,
    /// and no entry is of no case.
    fn finish_summary_check(&self, found: &mut SummaryCheck) -> Result<(), StoreError> {
        let summaries = &self.trees[SUMMARY_TREE];
        // A case whose records cannot be read keeps a stale entry: it is
        // listed, and its damage said, at every start.
        for key in self.tree(Kind::Case).iter().keys() {
            let key = key?;
            if let Some((code, _)) = key.split_last_chunk::<5>()
                && !summaries.contains_key(code)?
            {
                summaries.insert(code, STALE)?;
                found.missing += 1;
            }
        }
        for key in summaries.range(FIRST_CASE..).keys() {
            let key = key?;
            let code = String::from_utf8_lossy(&key);
            if !self.contains(Kind::Case, &super::record_key(&code, 0))? {
                summaries.remove(&key)?;
                found.mismatched.push(code.into_owned());
            }
        }
        summaries.insert(COMPLETE, &[1u8])?;
        Ok(())
    }
}

/// [`Store::each_whole`]: sled opened again between pieces when the pass
/// owns the store.
fn each_whole(
    pass: &mut Pass,
    codes: &[String],
    mut take: impl FnMut(&CaseFile),
) -> Result<Vec<Damage>, StoreError> {
    let mut damaged = Vec::new();
    for code in codes {
        let (file, lost) = pass.store()?.load_case(code)?;
        damaged.extend(lost);
        if let Some(file) = file {
            take(&file);
        }
        pass.rest()?;
    }
    Ok(damaged)
}

/// [`Store::check_every_case`]: sled opened again between pieces.
pub(super) fn check_every_case(pass: &mut Pass, repair: bool) -> Result<Checked, StoreError> {
    use std::collections::BTreeSet;
    let mut checked = Checked::default();
    // The codes of the cases, of the records of other kinds, and the
    // keys that are no record's.
    let (mut codes, mut others) = (BTreeSet::new(), BTreeSet::new());
    let mut strays = Vec::new();
    for kind in Kind::ALL {
        pass.entries(kind, |entry| {
            let key = match entry {
                Ok((key, _)) => key,
                Err(e) => {
                    checked.damaged.push(Damage {
                        tree: kind.tree_name(),
                        key: "…".into(),
                        problem: StoreError::from(e).to_string(),
                    });
                    return Ok::<_, StoreError>(false);
                }
            };
            match super::bucket::parse(&key) {
                Some(parsed) if kind == Kind::Case => {
                    codes.insert(parsed.case().to_vec());
                }
                Some(parsed) => {
                    others.insert(parsed.case().to_vec());
                }
                None => strays.push((kind, key)),
            }
            Ok(true)
        })?;
    }
    // Records whose case has no record at all: read by their codes, as
    // orphans.
    let orphans: BTreeSet<Vec<u8>> = others.difference(&codes).cloned().collect();
    // A stray key under a code read below is said by that reading.
    for (kind, key) in strays {
        let code = key.split(|&b| b == 0).next().unwrap_or(&key);
        if !codes.contains(code) && !orphans.contains(code) {
            checked.damaged.push(Damage {
                tree: kind.tree_name(),
                key: super::display_key(&key),
                problem: "not a record's key".into(),
            });
        }
    }
    for code in codes.iter().chain(&orphans) {
        let store = pass.store()?;
        let loaded = store.load(&super::case_prefix(code))?;
        checked.records += loaded.records;
        checked.damaged.extend(loaded.damaged);
        // Best effort, as every summary written: one not made again
        // here is made by the next reader that finds it stale.
        if repair {
            for file in &loaded.files {
                let _ = store.check_summary(file, &mut checked.summaries);
            }
        }
        pass.rest()?;
    }
    if repair {
        let _ = pass.store()?.finish_summary_check(&mut checked.summaries);
    }
    Ok(checked)
}

/// What every case's summary was made into, and what could not be read.
pub type Summaries<T> = (Vec<T>, Vec<Damage>);

/// What [`Store::check_every_case`] found.
#[derive(Debug, Default)]
pub struct Checked {
    /// Records read, damaged ones not counted.
    pub records: usize,
    pub damaged: Vec<Damage>,
    pub summaries: SummaryCheck,
}

#[cfg(test)]
#[path = "summary_tests.rs"]
mod tests;
