//! Export to JSON (a backup a person can read) and import from it,
//! refusing records that are already in the store.
//!
//! An export is written as the store is read, a case's records of one
//! kind in memory at a time: a store of years is never held whole, nor is
//! its text. Backups are written by the same pass ([`write_json`]).

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::marker::PhantomData;

use serde::ser::{Error as _, SerializeSeq, SerializeStruct};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::ser::{Formatter, PrettyFormatter};
use std::io::Write as _;

pub use super::backup_stream::NotRead;
use super::backup_stream::{Take, each_record};
use super::pass::Pass;
use super::read::Read;
use super::{
    Damage, Kind, SEQ_TREE, Store, StoreError, Stored, Write, case_prefix, codec, record_key,
    seq_key,
};
use crate::domain::case::Case;
use crate::domain::incident::Incident;
use crate::domain::note::{Note, Reflection};
use crate::domain::plan::{Factor, Goal, Plan};
use crate::domain::rating::Rating;
use crate::domain::record::Record;
use crate::domain::report::{FollowUp, Report};
use crate::domain::text::{Lines, has_control};

/// The export file's format; bumped when its shape changes.
pub const EXPORT_FORMAT: u32 = 1;

/// The bytes an import writes in one transaction, at least (whole cases).
const IMPORT_CHUNK: usize = 1 << 20;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Export {
    pub insats_export: u32,
    pub cases: Vec<Record<Case>>,
    pub plans: Vec<Record<Plan>>,
    pub goals: Vec<Record<Goal>>,
    pub factors: Vec<Record<Factor>>,
    pub notes: Vec<Record<Note>>,
    pub reflections: Vec<Record<Reflection>>,
    pub incidents: Vec<Record<Incident>>,
    pub ratings: Vec<Record<Rating>>,
    pub reports: Vec<Record<Report>>,
    pub follow_ups: Vec<Record<FollowUp>>,
}

impl Export {
    /// An export of no records.
    pub fn empty() -> Export {
        Export {
            insats_export: EXPORT_FORMAT,
            cases: vec![],
            plans: vec![],
            goals: vec![],
            factors: vec![],
            notes: vec![],
            reflections: vec![],
            incidents: vec![],
            ratings: vec![],
            reports: vec![],
            follow_ups: vec![],
        }
    }

    pub fn record_count(&self) -> usize {
        self.cases.len()
            + self.plans.len()
            + self.goals.len()
            + self.factors.len()
            + self.notes.len()
            + self.reflections.len()
            + self.incidents.len()
            + self.ratings.len()
            + self.reports.len()
            + self.follow_ups.len()
    }
}

/// What a pass over every record does with a record it cannot use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// `insats export`: a record that cannot be read, or whose case
    /// cannot, is left out and named.
    Whole,
    /// `insats check --salvage`: every record that reads, its case's or
    /// not (its text is what matters when rescuing).
    Readable,
    /// A backup: the first record left out ends the pass (a short backup
    /// is none).
    Every,
}

/// What an export wrote, and the records it left out.
#[derive(Debug)]
pub struct Written {
    pub records: usize,
    pub damaged: Vec<Damage>,
}

/// Why an export was not written whole.
#[derive(Debug)]
pub enum ExportError {
    Store(StoreError),
    /// Its output could not be written.
    Write(io::Error),
}

impl From<StoreError> for ExportError {
    fn from(e: StoreError) -> ExportError {
        ExportError::Store(e)
    }
}

impl From<io::Error> for ExportError {
    fn from(e: io::Error) -> ExportError {
        ExportError::Write(e)
    }
}

/// serde_json's pretty layout, with DEL and the C1 characters, which JSON
/// lets through raw, written as `\u0080`-style escapes: the same JSON
/// value, safe on a terminal (serde_json already escapes C0).
#[derive(Default)]
pub struct Escaping(PrettyFormatter<'static>);

macro_rules! pretty {
    ($($method:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {$(
        fn $method<W: ?Sized + io::Write>(&mut self, w: &mut W $(, $arg: $ty)*) -> io::Result<()> {
            self.0.$method(w $(, $arg)*)
        }
    )*};
}

impl Formatter for Escaping {
    pretty!(
        begin_array(),
        end_array(),
        begin_array_value(first: bool),
        end_array_value(),
        begin_object(),
        end_object(),
        begin_object_key(first: bool),
        begin_object_value(),
        end_object_value(),
    );

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        mut fragment: &str,
    ) -> io::Result<()> {
        while let Some((at, c)) = fragment
            .char_indices()
            .find(|(_, c)| matches!(c, '\u{7f}'..='\u{9f}'))
        {
            w.write_all(&fragment.as_bytes()[..at])?;
            write!(w, "\\u{:04x}", c as u32)?;
            fragment = &fragment[at + c.len_utf8()..];
        }
        w.write_all(fragment.as_bytes())
    }
}

/// Writes every record of the store read by `pass` to `out`, as
/// [`Export`] serializes: a kind at a time, in the order of its fields,
/// each in the order of its keys. None when `keep` is [`Keep::Every`] and
/// a record had to be left out.
pub(super) fn write_json<W: io::Write, F: Formatter>(
    pass: &mut Pass,
    out: &mut serde_json::Serializer<W, F>,
    keep: Keep,
) -> Result<Option<Written>, ExportError> {
    let walk = RefCell::new(Walk {
        pass,
        tally: Tally {
            keep,
            codes: BTreeSet::new(),
            records: 0,
            damaged: Vec::new(),
            orphans: Vec::new(),
        },
        stopped: None,
    });
    let written = (|| {
        let mut s = out.serialize_struct("Export", 11)?;
        s.serialize_field("insats_export", &EXPORT_FORMAT)?;
        macro_rules! lists {
            ($($name:literal: $t:ty),*) => {$(
                s.serialize_field($name, &List::<$t>(&walk, PhantomData))?;
            )*};
        }
        lists!(
            "cases": Case,
            "plans": Plan,
            "goals": Goal,
            "factors": Factor,
            "notes": Note,
            "reflections": Reflection,
            "incidents": Incident,
            "ratings": Rating,
            "reports": Report,
            "follow_ups": FollowUp
        );
        SerializeStruct::end(s)
    })();
    let Walk { tally, stopped, .. } = walk.into_inner();
    match (stopped, written) {
        (Some(Ended::Store(e)), _) => Err(ExportError::Store(e)),
        (Some(Ended::Short), _) => Ok(None),
        (None, Err(e)) => Err(ExportError::Write(e.into())),
        (None, Ok(())) => {
            let Tally {
                records,
                mut damaged,
                orphans,
                ..
            } = tally;
            damaged.extend(orphans);
            Ok(Some(Written { records, damaged }))
        }
    }
}

/// The pass of [`write_json`], lent to each kind's list in turn.
struct Walk<'w, 'p> {
    pass: &'w mut Pass<'p>,
    tally: Tally,
    /// Why the pass ended early, when it did.
    stopped: Option<Ended>,
}

/// What the pass has met so far.
struct Tally {
    keep: Keep,
    /// The codes of the cases read (the first kind).
    codes: BTreeSet<String>,
    records: usize,
    damaged: Vec<Damage>,
    /// Records whose case cannot be read, named after the others.
    orphans: Vec<Damage>,
}

/// Why a pass ended before its output did.
enum Ended {
    Store(StoreError),
    /// A record left out, when none may be.
    Short,
}

/// Why a kind's list ended early: the pass, or the serializer's error.
enum Stop<E> {
    Ended(Ended),
    Write(E),
}

impl<E> From<StoreError> for Stop<E> {
    fn from(e: StoreError) -> Stop<E> {
        Stop::Ended(Ended::Store(e))
    }
}

impl Tally {
    fn left_out<E>(&mut self, damage: Damage) -> Result<(), Stop<E>> {
        if self.keep == Keep::Every {
            return Err(Stop::Ended(Ended::Short));
        }
        self.damaged.push(damage);
        Ok(())
    }

    /// The records of one case read, in order of number: a store not
    /// wholly moved into buckets gives a case's records under their own
    /// keys first, and they are the newer of two of one number.
    fn write_case<T: Stored, S: SerializeSeq>(
        &mut self,
        group: &mut Vec<Record<T>>,
        seq: &mut S,
    ) -> Result<(), Stop<S::Error>> {
        group.sort_by_key(|r| r.seq);
        group.dedup_by_key(|r| r.seq);
        for record in group.drain(..) {
            if T::KIND == Kind::Case {
                self.codes.insert(record.case.clone());
            } else if !self.codes.contains(&record.case) {
                let damage = Damage {
                    tree: T::KIND.tree_name(),
                    key: record.key(),
                    problem: format!("its case {} cannot be read", record.case),
                };
                match self.keep {
                    Keep::Every => return Err(Stop::Ended(Ended::Short)),
                    Keep::Whole => {
                        self.orphans.push(damage);
                        continue;
                    }
                    Keep::Readable => {}
                }
            }
            seq.serialize_element(&record).map_err(Stop::Write)?;
            self.records += 1;
        }
        Ok(())
    }
}

/// One kind's records, serialized as they are read.
struct List<'c, 'w, 'p, T>(&'c RefCell<Walk<'w, 'p>>, PhantomData<T>);

impl<T: Stored> Serialize for List<'_, '_, '_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut walk = self.0.borrow_mut();
        let Walk {
            pass,
            tally,
            stopped,
        } = &mut *walk;
        let mut seq = s.serialize_seq(None)?;
        let mut group: Vec<Record<T>> = Vec::new();
        let read = pass.each(T::KIND, |read| {
            match read {
                Read::Record {
                    case,
                    seq: n,
                    bytes,
                } => match codec::decode::<Record<T>>(bytes) {
                    Ok(record) => {
                        if group.last().is_some_and(|l| l.case != record.case) {
                            tally.write_case(&mut group, &mut seq)?;
                        }
                        group.push(record);
                    }
                    Err(e) => tally.left_out(Damage {
                        tree: T::KIND.tree_name(),
                        key: format!("{}/{n}", String::from_utf8_lossy(case)),
                        problem: e.to_string(),
                    })?,
                },
                Read::Damaged(d) => tally.left_out(d)?,
            }
            Ok(())
        });
        match read.and_then(|()| tally.write_case(&mut group, &mut seq)) {
            Ok(()) => seq.end(),
            Err(Stop::Write(e)) => Err(e),
            Err(Stop::Ended(ended)) => {
                *stopped = Some(ended);
                Err(S::Error::custom("the export stopped"))
            }
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub imported: usize,
    pub new_cases: usize,
    /// Records whose key was already in the store, left as they were, or
    /// came earlier in the same file (the first one is taken).
    pub duplicates: usize,
    /// Records whose case is neither in the file nor in the store.
    pub orphans: usize,
    /// Records that do not hold together (a week not in the calendar, a
    /// case whose code does not match its key).
    pub invalid: usize,
    /// Records holding control characters (escape sequences).
    pub controls: usize,
}

impl ImportSummary {
    /// Every record read, taken or not.
    pub fn records(&self) -> usize {
        self.imported + self.duplicates + self.orphans + self.invalid + self.controls
    }
}

/// The writes of an import not yet made, grouped by case so that each
/// case arrives whole or not at all.
struct Staged {
    writes: BTreeMap<String, Vec<Write>>,
    /// The bytes of `writes`.
    bytes: usize,
    counters: BTreeMap<(Kind, String), u32>,
    /// Every (tree, key) queued, so a second record with the same key in
    /// the file is refused as a duplicate and cannot write over the first.
    keys: BTreeSet<(usize, Vec<u8>)>,
    /// Whether the store held any record of a case in a kind's tree before
    /// the writes queued ([`Store::holds`]).
    cases_held: BTreeMap<(Kind, String), bool>,
    /// The codes of the cases taken from the file.
    known: BTreeSet<String>,
    /// The day each case taken from the file began: none of its records
    /// is dated before it.
    begins: BTreeMap<String, chrono::NaiveDate>,
    /// The day of the import: no record is dated after it.
    today: chrono::NaiveDate,
    /// Whether records holding control characters are refused (an import
    /// from outside) or taken as they are (a restore of our own backup).
    refuse_controls: bool,
    /// Whether every record was already found to read back once stored.
    checked: bool,
    summary: ImportSummary,
}

impl Staged {
    fn new(refuse_controls: bool) -> Staged {
        Staged {
            writes: BTreeMap::new(),
            bytes: 0,
            counters: BTreeMap::new(),
            keys: BTreeSet::new(),
            cases_held: BTreeMap::new(),
            known: BTreeSet::new(),
            begins: BTreeMap::new(),
            today: chrono::Local::now().date_naive(),
            refuse_controls,
            checked: false,
            summary: ImportSummary::default(),
        }
    }
}

/// An import read a record at a time ([`each_record`]), written as a
/// chunk is staged.
struct Importing<'s> {
    store: &'s Store,
    plan: Staged,
}

/// The first reading of a file to import: every record read and encoded,
/// nothing kept.
struct Checking;

impl Take for Checking {
    type Of<T: Stored> = Record<T>;

    fn take<T: Stored>(&mut self, record: Record<T>) -> Result<(), StoreError> {
        readable(&record).map(|_| ())
    }
}

impl Take for Importing<'_> {
    type Of<T: Stored> = Record<T>;

    fn take<T: Stored>(&mut self, record: Record<T>) -> Result<(), StoreError> {
        let store = self.store;
        store.take(&mut self.plan, &record)?;
        if self.plan.bytes >= IMPORT_CHUNK {
            store.write_staged(&mut self.plan)?;
        }
        if cfg!(debug_assertions) && !self.plan.refuse_controls {
            // Test builds only: a restore killed half way, once this many
            // records are in.
            let after = std::env::var("INSATS_TEST_RESTORE_KILL_AFTER").ok();
            if after.and_then(|n| n.parse().ok()) == Some(self.plan.summary.records()) {
                store.write_staged(&mut self.plan)?;
                store.flush()?;
                std::process::abort();
            }
        }
        Ok(())
    }
}

/// Writes the export of the store read by `pass` to `out`, pretty and
/// escaped as `insats export` writes it, a line's end after it.
fn write_pretty(pass: &mut Pass, out: impl io::Write, keep: Keep) -> Result<Written, ExportError> {
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    let mut json = serde_json::Serializer::with_formatter(&mut out, Escaping::default());
    let written = write_json(pass, &mut json, keep)?
        .ok_or_else(|| io::Error::other("a record was left out"))?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(written)
}

impl Store {
    /// Every record as an [`Export`], and what could not be read (a
    /// record, or one whose case cannot be).
    pub fn export(&self) -> Result<(Export, Vec<Damage>), StoreError> {
        self.collect(Keep::Whole)
    }

    /// Every record that can still be read, as `check --salvage` writes
    /// them: unlike [`Store::export`], a record whose case is damaged too.
    pub fn salvage(&self) -> Result<(Export, Vec<Damage>), StoreError> {
        self.collect(Keep::Readable)
    }

    fn collect(&self, keep: Keep) -> Result<(Export, Vec<Damage>), StoreError> {
        let failed = |err| StoreError::Io {
            doing: "export",
            path: self.dir.clone(),
            err,
        };
        let mut bytes = Vec::new();
        let written =
            write_pretty(&mut Pass::lent(self), &mut bytes, keep).map_err(|e| match e {
                ExportError::Store(e) => e,
                ExportError::Write(err) => failed(err),
            })?;
        let export = serde_json::from_slice(&bytes).map_err(|e| failed(e.into()))?;
        Ok((export, written.damaged))
    }

    /// Writes the export to `out` as `insats export` shows it, as the
    /// store is read: records left out as `keep` says. The store is closed
    /// after it, and given back as the pass left it ([`super::pass`]).
    pub fn write_export(
        self,
        out: impl io::Write,
        keep: Keep,
    ) -> Result<(Store, Written), ExportError> {
        let mut pass = Pass::owned(self);
        let written = write_pretty(&mut pass, out, keep)?;
        Ok((pass.into_owned()?, written))
    }

    /// Adds what the export holds and the store does not. A record already
    /// present (same case, kind and number), or twice in the file, is
    /// refused and left untouched; so is one holding control characters,
    /// and the import is refused whole for a record too large to read back.
    pub fn import(&self, export: &Export) -> Result<ImportSummary, StoreError> {
        let mut plan = Staged::new(true);
        macro_rules! each {
            ($($list:ident),*) => {$(
                for r in &export.$list {
                    self.take(&mut plan, r)?;
                }
            )*};
        }
        each!(
            cases,
            plans,
            goals,
            factors,
            notes,
            reflections,
            incidents,
            ratings,
            reports,
            follow_ups
        );
        self.write_staged(&mut plan)?;
        Ok(plan.summary)
    }

    /// [`Store::import`] of the export `open` reads, a record at a time:
    /// read once to check that it reads whole and that every record will
    /// read back once stored (nothing is written otherwise), then again to
    /// write it a piece at a time (its cases first, as an export has them).
    /// An import cut off half way is taken up by the same import again.
    pub fn import_from<R: io::Read>(
        &self,
        open: impl Fn() -> io::Result<R>,
    ) -> Result<Result<ImportSummary, NotRead>, StoreError> {
        let reader = || open().map_err(NotRead::Read);
        match reader().map(|json| each_record(json, &mut Checking)) {
            Ok(Ok(Ok(_))) => {}
            Ok(Ok(Err(not))) | Err(not) => return Ok(Err(not)),
            Ok(Err(e)) => return Err(e),
        }
        match reader() {
            Ok(json) => self.import_read(json, true),
            Err(not) => Ok(Err(not)),
        }
    }

    /// [`Store::import_from`] of a backup of our own, into a fresh store
    /// being built apart: every record as it was kept, control characters
    /// included (they were taken before the rule, and a restore must bring
    /// back everything).
    pub(super) fn restore_from(
        &self,
        json: impl io::Read,
    ) -> Result<Result<ImportSummary, NotRead>, StoreError> {
        self.import_read(json, false)
    }

    /// Stages what `json` holds, written as it makes a chunk.
    fn import_read(
        &self,
        json: impl io::Read,
        from_outside: bool,
    ) -> Result<Result<ImportSummary, NotRead>, StoreError> {
        let mut importing = Importing {
            store: self,
            plan: Staged::new(from_outside),
        };
        // An import's first reading checked them; a backup holds only
        // records that were read.
        importing.plan.checked = true;
        if let Err(not) = each_record(json, &mut importing)? {
            return Ok(Err(not));
        }
        self.write_staged(&mut importing.plan)?;
        Ok(Ok(importing.plan.summary))
    }

    /// Stages one record from a file: a case, or a record of a case in the
    /// file or in the store.
    fn take<T: Stored>(&self, plan: &mut Staged, record: &Record<T>) -> Result<(), StoreError> {
        if T::KIND == Kind::Case {
            if self.stage(plan, record)? {
                plan.summary.new_cases += 1;
                plan.known.insert(record.case.clone());
            }
        } else if plan.known.contains(&record.case) || self.case_exists(&record.case)? {
            self.stage(plan, record)?;
        } else {
            plan.summary.orphans += 1;
        }
        Ok(())
    }

    /// Writes what is staged with the counters it moves on: whole cases in
    /// each transaction, as many as make a chunk (a case is all in or not
    /// at all, and a large import is not one transaction per case).
    fn write_staged(&self, plan: &mut Staged) -> Result<(), StoreError> {
        for ((kind, case), seq) in std::mem::take(&mut plan.counters) {
            if seq > self.counter(kind, &case)? {
                let counter = (SEQ_TREE, seq_key(kind, &case), seq.to_be_bytes().to_vec());
                plan.writes.entry(case).or_default().push(counter);
            }
        }
        let (mut chunk, mut bytes): (Vec<Write>, usize) = (Vec::new(), 0);
        for writes in std::mem::take(&mut plan.writes).into_values() {
            bytes += writes
                .iter()
                .map(|(_, k, v)| k.len() + v.len())
                .sum::<usize>();
            chunk.extend(writes);
            if bytes >= IMPORT_CHUNK {
                self.write_all(std::mem::take(&mut chunk))?;
                bytes = 0;
            }
        }
        if !chunk.is_empty() {
            self.write_all(chunk)?;
        }
        // What is written is in the store now, where the next look finds it.
        plan.keys.clear();
        plan.cases_held.clear();
        plan.bytes = 0;
        Ok(())
    }

    /// Whether the store holds `key` of `case` in the tree of `kind`: one
    /// look for whether the case has any record there, remembered, and
    /// one for the key only when it has (an import into a new store, or of
    /// new cases, looks once a case and kind, not once a record).
    fn holds(
        &self,
        plan: &mut Staged,
        kind: Kind,
        case: &str,
        key: &[u8],
    ) -> Result<bool, StoreError> {
        let any = match plan.cases_held.get(&(kind, case.to_string())) {
            Some(any) => *any,
            None => {
                let any = self
                    .tree(kind)
                    .scan_prefix(case_prefix(case))
                    .next()
                    .is_some();
                plan.cases_held.insert((kind, case.to_string()), any);
                any
            }
        };
        Ok(any && self.contains(kind, key)?)
    }

    /// Queues one record unless its key is taken; true when queued.
    fn stage<T: Stored>(&self, plan: &mut Staged, record: &Record<T>) -> Result<bool, StoreError> {
        if let Some(start) = record.body.begins() {
            plan.begins.insert(record.case.clone(), start);
        }
        // A record from outside dated before its case or after today; a
        // restore of our own backup takes every record it holds.
        let outside = plan.refuse_controls
            && record.body.day().is_some_and(|day| {
                day > plan.today || plan.begins.get(&record.case).is_some_and(|s| day < *s)
            });
        if !T::valid(record) || outside {
            plan.summary.invalid += 1;
            return Ok(false);
        }
        if plan.refuse_controls && holds_control(record) {
            plan.summary.controls += 1;
            return Ok(false);
        }
        let key = record_key(&record.case, record.seq);
        if plan.keys.contains(&(T::KIND.index(), key.clone()))
            || self.holds(plan, T::KIND, &record.case, &key)?
        {
            plan.summary.duplicates += 1;
            return Ok(false);
        }
        let value = match plan.checked {
            true => codec::encode(record).map_err(StoreError::Codec)?,
            false => readable(record)?,
        };
        plan.keys.insert((T::KIND.index(), key.clone()));
        plan.bytes += key.len() + value.len();
        plan.writes
            .entry(record.case.clone())
            .or_default()
            .push((T::KIND.index(), key, value));
        if T::KIND != Kind::Case && T::KIND != Kind::Plan {
            let counter = plan
                .counters
                .entry((T::KIND, record.case.clone()))
                .or_default();
            *counter = (*counter).max(record.seq);
        }
        plan.summary.imported += 1;
        Ok(true)
    }
}

/// A record's value, when it will read back: the codec refuses to decode
/// one that claims more than [`codec::SIZE_LIMIT`] bytes, and encodes it
/// all the same.
fn readable<T: Stored>(record: &Record<T>) -> Result<Vec<u8>, StoreError> {
    let value = codec::encode(record).map_err(StoreError::Codec)?;
    match codec::decode::<Record<T>>(&value) {
        Ok(_) => Ok(value),
        Err(_) => Err(StoreError::TooLarge {
            record: format!("{} {}", T::KIND.tree_name(), record.key()),
            bytes: value.len(),
        }),
    }
}

/// Whether any text of `record` (its earlier versions included) holds a
/// control character other than newline and tab.
fn holds_control<T: Serialize>(record: &T) -> bool {
    fn walk(v: &serde_json::Value) -> bool {
        match v {
            serde_json::Value::String(s) => has_control(s, Lines::Many),
            serde_json::Value::Array(items) => items.iter().any(walk),
            serde_json::Value::Object(map) => map
                .iter()
                .any(|(k, v)| has_control(k, Lines::Many) || walk(v)),
            _ => false,
        }
    }
    serde_json::to_value(record).is_ok_and(|v| walk(&v))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use chrono::{NaiveDate, NaiveTime};
    use proptest::prelude::*;

    use super::*;
    use crate::domain::case::Place;
    use crate::domain::text::{Lines, find_control};

    fn note(text: &str) -> Note {
        Note {
            date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            start: NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
            minutes: 60,
            place: Place::Home,
            participants: vec![],
            child_took_part: false,
            child_words: String::new(),
            text: text.into(),
            goals: vec![],
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Whatever a file holds — the same case or note twice, control
        /// characters, notes of no case — every record is counted once, the
        /// first of a key is the one kept, and nothing is written over.
        #[test]
        fn an_import_counts_every_record_and_keeps_the_first_of_a_key(
            cases in proptest::collection::vec((0u8..3, "[a-c]{1,3}"), 0..6),
            notes in proptest::collection::vec((0u8..4, 1u32..4, "[a-c\\x1b\\n]{1,4}"), 0..12),
        ) {
            let at = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
            let mut export = Export::empty();
            for (c, family) in &cases {
                let code = format!("2026-00{c}");
                let case = Case::new(&code, family, at.date());
                export.cases.push(Record::new(&code, 0, case, "ab", at));
            }
            for (c, seq, text) in &notes {
                export.notes.push(Record::new(&format!("2026-00{c}"), *seq, note(text), "ab", at));
            }
            let dir = tempfile::tempdir().unwrap();
            let store = Store::open(dir.path()).unwrap();
            let s = store.import(&export).unwrap();
            prop_assert_eq!(
                s.imported + s.duplicates + s.orphans + s.invalid + s.controls,
                export.record_count()
            );
            // What the store holds is, for each key, the first in the file.
            let mut first: BTreeMap<String, &str> = BTreeMap::new();
            let known: Vec<String> = export.cases.iter().map(|c| c.case.clone()).collect();
            for n in &export.notes {
                if known.contains(&n.case) && !n.body.text.contains('\u{1b}') {
                    first.entry(n.key()).or_insert(&n.body.text);
                }
            }
            let (back, damaged) = store.export().unwrap();
            prop_assert!(damaged.is_empty());
            let kept: BTreeMap<String, &str> =
                back.notes.iter().map(|n| (n.key(), n.body.text.as_str())).collect();
            prop_assert_eq!(kept, first);
            // A second import of the same file adds nothing.
            let again = store.import(&export).unwrap();
            prop_assert_eq!(again.imported, 0);
        }

        /// A control is found exactly where one of the record's texts
        /// holds one.
        #[test]
        fn the_controls_found_are_those_of_the_texts(
            text in "(\\PC|[\\x00-\\x1f\\x7f-\\x9f\\\\\"/u])*",
            words in "(\\PC|[\\x00-\\x1f\\x7f-\\x9f])*",
        ) {
            let found = find_control(&text, Lines::Many).is_some()
                || find_control(&words, Lines::Many).is_some();
            let mut body = note(&text);
            body.child_words = words;
            let record = Record::new("2026-001", 1, body, "ab", NaiveDate::MIN.and_time(NaiveTime::MIN));
            prop_assert_eq!(holds_control(&record), found);
        }

        /// The export written as the store is read is, byte for byte, the
        /// whole export's pretty JSON with DEL and C1 escaped.
        #[test]
        fn a_streamed_export_is_the_pretty_json_escaped(
            texts in proptest::collection::vec("(\\PC|[\\x00-\\x1f\\x7f-\\x9f])*", 0..4),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let store = Store::open(dir.path()).unwrap();
            let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
            crate::demo::seed(&store, today).unwrap();
            let at = today.and_hms_opt(9, 0, 0).unwrap();
            for text in &texts {
                store.add("2026-101", note(text), "ab", at).unwrap();
            }
            let (export, damaged) = store.export().unwrap();
            prop_assert!(damaged.is_empty());
            let mut bytes = Vec::new();
            let (_, written) = store.write_export(&mut bytes, Keep::Whole).unwrap();
            prop_assert_eq!(written.records, export.record_count());
            let whole = serde_json::to_string_pretty(&export).unwrap();
            let expected = format!("{}\n", crate::domain::text::escape_json(&whole));
            prop_assert_eq!(String::from_utf8(bytes).unwrap(), expected);
        }
    }

    #[test]
    fn a_second_plan_of_a_case_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        crate::demo::seed(&store, today).unwrap();
        let (mut export, _) = store.export().unwrap();
        let plan = export.plans.first().unwrap().clone();
        export.plans = vec![Record { seq: 7, ..plan }];
        let said = store.import(&export).unwrap();
        assert_eq!(said.invalid, 1);
        assert_eq!(said.imported, 0);
    }
}
