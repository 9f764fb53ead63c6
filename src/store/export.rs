//! Export to JSON (a backup a person can read); importing it is
//! `import.rs`.
//!
//! An export is written as the store is read, a case's records of one
//! kind in memory at a time: a store of years is never held whole, nor is
//! its text. Backups are written by the same pass ([`write_json`]).

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::io;
use std::marker::PhantomData;

use serde::ser::{Error as _, SerializeSeq, SerializeStruct};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::ser::{Formatter, PrettyFormatter};
use std::io::Write as _;

pub use super::backup_stream::NotRead;
use super::figures::Removed;
use super::kind::every_kind;
use super::pass::Pass;
use super::read::Read;
use super::{Damage, Kind, Store, StoreError, Stored, codec};
use crate::domain::case::Case;
use crate::domain::incident::Incident;
use crate::domain::journal::Transfer;
use crate::domain::note::{NoContact, Note, Reflection};
use crate::domain::plan::{Factor, Goal, Plan};
use crate::domain::rating::Rating;
use crate::domain::record::Record;
use crate::domain::report::{FollowUp, Report};
use crate::domain::text::escape_json;

/// The export file's format; bumped when its shape changes.
pub const EXPORT_FORMAT: u32 = 1;

/// The bytes an import writes in one transaction, at least (whole cases).
/// sled keeps what a transaction replaced until it ends, so a larger one
/// costs memory, not speed; one a record costs both.
pub(super) const IMPORT_CHUNK: usize = 64 << 10;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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
    /// Left out when there are none, so that a store that keeps no
    /// transfers exports as the release before them did.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transfers: Vec<Record<Transfer>>,
    /// Left out when there are none, as the transfers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub no_contacts: Vec<Record<NoContact>>,
    /// What stays of the cases removed ([`super::figures`]), when there
    /// is any.
    #[serde(default, skip_serializing_if = "Removed::is_empty")]
    pub removed: Removed,
}

impl Export {
    /// An export of no records.
    pub fn empty() -> Export {
        Export {
            insats_export: EXPORT_FORMAT,
            ..Export::default()
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
            + self.transfers.len()
            + self.no_contacts.len()
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
        s: &str,
    ) -> io::Result<()> {
        w.write_all(escape_json(s).as_bytes())
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
        let mut s = out.serialize_struct("Export", 13)?;
        s.serialize_field("insats_export", &EXPORT_FORMAT)?;
        // As `Export` serializes: the transfers and the weeks without
        // contact only when there are any.
        let none_of = |kind: Kind| {
            let walk = walk.borrow();
            walk.pass
                .store()
                .is_ok_and(|st| st.trees[kind.index()].is_empty())
        };
        macro_rules! lists {
            ($($name:literal: $t:ty),*) => {$(
                let left_out = match $name {
                    "transfers" => none_of(Kind::Transfer),
                    "no_contacts" => none_of(Kind::NoContact),
                    _ => false,
                };
                if !left_out {
                    s.serialize_field($name, &List::<$t>(&walk, PhantomData))?;
                }
            )*};
        }
        every_kind!(lists);
        let removed = walk.borrow().pass.store().and_then(Store::removed);
        match removed {
            Ok(removed) if removed.is_empty() => {}
            Ok(removed) => s.serialize_field("removed", &removed)?,
            Err(e) => {
                walk.borrow_mut().stopped = Some(Ended::Store(e));
                return Err(serde_json::Error::custom("the export stopped"));
            }
        }
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
        let failed = super::io_err("export", &self.dir);
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
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use chrono::{NaiveDate, NaiveTime};
    use proptest::prelude::*;

    use super::*;
    use crate::domain::case::Place;

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
            let s = store.import_export(&export).unwrap();
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
            let again = store.import_export(&export).unwrap();
            prop_assert_eq!(again.imported, 0);
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
        let said = store.import_export(&export).unwrap();
        assert_eq!(said.invalid, 1);
        assert_eq!(said.imported, 0);
    }
}
