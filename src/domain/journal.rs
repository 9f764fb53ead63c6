//! Journalföring: which of a case's working notes are entered into the
//! journal, the official record (Journal Digital in 000), and which are
//! still owed. A transfer names the version of the record entered; a
//! record edited since is owed again, as the correction goes into the
//! journal too. [`owed`] is what a case owes: the journal view, the due
//! item and the removal of a closed case all read it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::casefile::CaseFile;
use super::record::Record;

/// A kind of record that is entered into the journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Journaled {
    Note,
    Reflection,
    Incident,
}

impl Journaled {
    pub const ALL: [Journaled; 3] = [Journaled::Note, Journaled::Reflection, Journaled::Incident];

    /// Its name in `[rules] journal_kinds`.
    pub fn code(self) -> &'static str {
        match self {
            Journaled::Note => "notes",
            Journaled::Reflection => "reflections",
            Journaled::Incident => "incidents",
        }
    }
}

/// Which kinds are owed to the journal (`[rules] journal_kinds`, by
/// default the notes alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JournalKinds(u8);

impl JournalKinds {
    pub fn of(kinds: &[Journaled]) -> JournalKinds {
        JournalKinds(kinds.iter().fold(0, |bits, k| bits | 1 << *k as u8))
    }

    pub fn owes(self, kind: Journaled) -> bool {
        self.0 & (1 << kind as u8) != 0
    }

    pub fn kinds(self) -> Vec<Journaled> {
        (Journaled::ALL.into_iter())
            .filter(|k| self.owes(*k))
            .collect()
    }
}

impl Default for JournalKinds {
    fn default() -> JournalKinds {
        JournalKinds::of(&[Journaled::Note])
    }
}

impl Serialize for JournalKinds {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let codes: Vec<&str> = self.kinds().into_iter().map(Journaled::code).collect();
        codes.serialize(s)
    }
}

impl<'de> Deserialize<'de> for JournalKinds {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<JournalKinds, D::Error> {
        let codes = Vec::<String>::deserialize(d)?;
        let kinds = codes.iter().map(|c| {
            (Journaled::ALL.into_iter().find(|k| k.code() == c.trim())).ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "'{c}' is not a kind of record (notes, reflections, incidents)"
                ))
            })
        });
        Ok(JournalKinds::of(&kinds.collect::<Result<Vec<_>, _>>()?))
    }
}

/// One record entered into the journal: which, which version, on what
/// day, and the journal's own reference (its entry's number), if given.
/// Who entered it is the transfer record's author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transfer {
    pub kind: Journaled,
    pub seq: u32,
    /// The version entered: how many earlier versions the record had.
    pub version: u32,
    #[serde(deserialize_with = "super::iso::date")]
    pub on: NaiveDate,
    pub reference: String,
}

/// A record still owed to the journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owed {
    pub kind: Journaled,
    pub seq: u32,
    /// The record's date (a note's contact, a reflection's day).
    pub date: NaiveDate,
    /// Entered once, and edited since ("ändrad efter journalföring").
    pub changed_after: bool,
    /// Its current version, which a transfer of it names.
    pub version: u32,
}

impl Owed {
    /// Its transfer: entered on `on`, with the journal's reference.
    pub fn entered(&self, on: NaiveDate, reference: &str) -> Transfer {
        Transfer {
            kind: self.kind,
            seq: self.seq,
            version: self.version,
            on,
            reference: reference.to_string(),
        }
    }
}

/// The version of a record the journal has, if any: the latest transfer.
pub fn transferred(file: &CaseFile, kind: Journaled, seq: u32) -> Option<&Transfer> {
    (file.transfers.iter().filter(|t| t.is_live()))
        .map(|t| &t.body)
        .filter(|t| t.kind == kind && t.seq == seq)
        .max_by_key(|t| (t.version, t.on))
}

/// What the case owes the journal, oldest first: every live record of a
/// kind in `kinds` whose current version was not entered.
pub fn owed(file: &CaseFile, kinds: JournalKinds) -> Vec<Owed> {
    let mut out = Vec::new();
    if kinds.owes(Journaled::Note) {
        owed_of(file, Journaled::Note, &file.notes, |n| n.date, &mut out);
    }
    if kinds.owes(Journaled::Reflection) {
        owed_of(
            file,
            Journaled::Reflection,
            &file.reflections,
            |r| r.date,
            &mut out,
        );
    }
    if kinds.owes(Journaled::Incident) {
        owed_of(
            file,
            Journaled::Incident,
            &file.incidents,
            |i| i.when.date(),
            &mut out,
        );
    }
    out.sort_by_key(|o| (o.date, o.kind, o.seq));
    out
}

fn owed_of<T: Clone + PartialEq>(
    file: &CaseFile,
    kind: Journaled,
    records: &[Record<T>],
    date: impl Fn(&T) -> NaiveDate,
    out: &mut Vec<Owed>,
) {
    for r in records.iter().filter(|r| r.is_live()) {
        let version = r.history.len() as u32;
        let entered = transferred(file, kind, r.seq).map(|t| t.version);
        if entered != Some(version) {
            out.push(Owed {
                kind,
                seq: r.seq,
                date: date(&r.body),
                changed_after: entered.is_some(),
                version,
            });
        }
    }
}

/// Whether the record was entered and has changed since.
pub fn changed_after(file: &CaseFile, kind: Journaled, seq: u32, version: usize) -> bool {
    transferred(file, kind, seq).is_some_and(|t| t.version as usize != version)
}

#[cfg(test)]
#[path = "journal_tests.rs"]
mod tests;
