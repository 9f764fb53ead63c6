//! What stays of a closed case once its working notes are removed: its
//! figures, with no code, no family label, no names, no text and no date
//! finer than the month. The follow-up statistics ([`super::stats`]) are
//! counted from these alone, so that they are the same before a removal
//! and after it, and a unit can put its workers' figures together.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::casefile::{CaseFile, live};
use super::phase::Phase;
use super::rating::{APQ_SUBSCALES, Instrument, Occasion, compare};
use super::report::{Answer, FollowUpOutcome, Mode, NotAsked};
use super::{Place, Reason};

/// A month of a year: the finest date the figures keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl std::str::FromStr for Month {
    type Err = ();
    fn from_str(s: &str) -> Result<Month, ()> {
        let (y, m) = s.split_once('-').ok_or(())?;
        let (year, month) = (y.parse().map_err(|_| ())?, m.parse().map_err(|_| ())?);
        NaiveDate::from_ymd_opt(year, month, 1).ok_or(())?;
        Ok(Month { year, month })
    }
}

impl Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Month, D::Error> {
        let s = String::deserialize(d)?;
        s.parse()
            .map_err(|()| serde::de::Error::custom(format!("not a month: {s}")))
    }
}

/// One closed case in figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// Tells the same case given twice from two cases, and nothing more:
    /// a hash of the case under the store's own key (`store::figures`).
    pub id: String,
    pub closed: Month,
    pub reasons: Vec<Reason>,
    /// Weeks in each phase, in the order of the phases.
    pub phase_weeks: Vec<(Phase, u32)>,
    /// Contacts (notes) by place, and those the child took part in.
    pub contacts: Vec<(Place, u32)>,
    pub with_child: u32,
    pub follow_up: Outcome,
    /// Each APQ subscale's change, the first initial rating to the last
    /// closing one.
    pub apq: Vec<Change>,
}

/// The family follow-up, in figures: the latest registered counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Outcome {
    None,
    Declined,
    Moved,
    Unreachable,
    OtherNotAsked,
    Interviewed {
        persons: Vec<Person>,
        child_answered: bool,
    },
}

/// One person's answers at the follow-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// How they were interviewed, when it was recorded.
    pub mode: Option<Mode>,
    pub expectations_met: Option<f32>,
    pub had_plan: Answer,
    pub would_contact_again: Answer,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub subscale: String,
    pub change: f32,
    pub improved: bool,
}

impl Figures {
    /// The figures of `file`, a closed case (None when it is not), known
    /// by `id`.
    pub fn of(file: &CaseFile, id: String) -> Option<Figures> {
        let case = &file.case.body;
        let closing = case.closing.as_ref().filter(|_| case.is_closed())?;
        let mut contacts: Vec<(Place, u32)> = Vec::new();
        let mut with_child = 0;
        for note in live(&file.notes) {
            match contacts.iter_mut().find(|(p, _)| *p == note.place) {
                Some((_, n)) => *n += 1,
                None => contacts.push((note.place, 1)),
            }
            with_child += u32::from(note.child_took_part);
        }
        contacts.sort_by_key(|(p, _)| Place::ALL.iter().position(|q| q == p));
        Some(Figures {
            id,
            closed: Month::of(closing.on),
            reasons: case.reasons.clone(),
            phase_weeks: phase_weeks(case, closing.on),
            contacts,
            with_child,
            follow_up: outcome(file),
            apq: apq_changes(file),
        })
    }

    pub fn notes(&self) -> u32 {
        self.contacts.iter().map(|(_, n)| n).sum()
    }
}

/// The format of a file of shared figures; bumped when its shape changes.
pub const SHARED_FORMAT: u32 = 1;

/// A file of shared figures (`insats stats --share`): one worker's closed
/// cases, removed or not, and nothing that names them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shared {
    pub insats_shared_stats: u32,
    pub figures: Vec<Figures>,
}

/// Why a file does not read as [`Shared`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotShared {
    NotOurs,
    Damaged,
    Newer(u32),
}

impl Shared {
    pub fn new(figures: Vec<Figures>) -> Shared {
        Shared {
            insats_shared_stats: SHARED_FORMAT,
            figures,
        }
    }

    /// The figures a file holds, or why it is none of ours.
    pub fn read(bytes: &[u8]) -> Result<Shared, NotShared> {
        let ours = || {
            let head = &bytes[..bytes.len().min(64)];
            String::from_utf8_lossy(head).contains("\"insats_shared_stats\"")
        };
        let value: serde_json::Value = match serde_json::from_slice(bytes) {
            Ok(v) => v,
            Err(_) if ours() => return Err(NotShared::Damaged),
            Err(_) => return Err(NotShared::NotOurs),
        };
        let Some(format) = value.get("insats_shared_stats") else {
            return Err(NotShared::NotOurs);
        };
        match format.as_u64() {
            Some(f) if f > u64::from(SHARED_FORMAT) => {
                return Err(NotShared::Newer(u32::try_from(f).unwrap_or(u32::MAX)));
            }
            Some(_) => {}
            None => return Err(NotShared::Damaged),
        }
        serde_json::from_value(value).map_err(|_| NotShared::Damaged)
    }
}

/// Why a case's working notes cannot be removed yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocker {
    /// The case is not closed.
    Open,
    /// Records not entered into the journal: how many.
    Journal(usize),
    /// No family follow-up registered (nor why the family was not asked).
    FollowUp,
}

/// What stands in the way of removing `file`'s working notes: nothing
/// once it is closed, its follow-up done and its journal owed nothing.
pub fn blockers(file: &CaseFile, rules: &super::Rules) -> Vec<Blocker> {
    if !file.case.body.is_closed() {
        return vec![Blocker::Open];
    }
    let mut out = Vec::new();
    let owed = super::journal::owed(file, rules.journal_kinds).len();
    if owed > 0 {
        out.push(Blocker::Journal(owed));
    }
    if super::steps::step_done(file, super::Step::FamilyFollowUp).is_none() {
        out.push(Blocker::FollowUp);
    }
    out
}

/// The days spent in each phase, from each entry to the next (or to the
/// closing), in whole weeks rounded to the nearest.
fn phase_weeks(case: &super::Case, closed: NaiveDate) -> Vec<(Phase, u32)> {
    let mut days = [0i64; 3];
    for (i, entry) in case.phases.iter().enumerate() {
        let end = case.phases.get(i + 1).map_or(closed, |e| e.began);
        let p = Phase::ALL
            .iter()
            .position(|p| *p == entry.phase)
            .unwrap_or(0);
        days[p] += (end - entry.began).num_days().max(0);
    }
    Phase::ALL
        .iter()
        .zip(days)
        .filter(|(p, d)| *d > 0 || case.phases.iter().any(|e| e.phase == **p))
        .map(|(p, d)| (*p, ((d + 3) / 7) as u32))
        .collect()
}

fn outcome(file: &CaseFile) -> Outcome {
    let latest = live(&file.follow_ups).max_by_key(|f| f.date);
    match latest.map(|f| &f.outcome) {
        None => Outcome::None,
        Some(FollowUpOutcome::NotAsked(reason)) => match reason {
            NotAsked::Declined => Outcome::Declined,
            NotAsked::Moved => Outcome::Moved,
            NotAsked::Unreachable => Outcome::Unreachable,
            NotAsked::Other(_) => Outcome::OtherNotAsked,
        },
        Some(outcome) => Outcome::Interviewed {
            persons: outcome
                .persons()
                .into_iter()
                .map(|(mode, i)| Person {
                    mode,
                    expectations_met: i.expectations_met,
                    had_plan: i.had_plan,
                    would_contact_again: i.would_contact_again,
                })
                .collect(),
            child_answered: outcome.child().is_some(),
        },
    }
}

fn apq_changes(file: &CaseFile) -> Vec<Change> {
    let apq = |occasion| {
        live(&file.ratings)
            .filter(move |r| r.instrument == Instrument::Apq && r.occasion == occasion)
    };
    let first = apq(Occasion::Initial).min_by_key(|r| r.date);
    let last = apq(Occasion::Closing).max_by_key(|r| r.date);
    let (Some(first), Some(last)) = (first, last) else {
        return Vec::new();
    };
    compare(first, last)
        .into_iter()
        .filter(|c| APQ_SUBSCALES.iter().any(|(n, _)| *n == c.name))
        .map(|c| Change {
            subscale: c.name,
            change: c.change,
            improved: c.improved == Some(true),
        })
        .collect()
}

/// The id of case `code`'s figures under `key`: SipHash-2-4, a keyed hash
/// made for this (std's, deprecated only as a general-purpose hasher),
/// twice with the key's two halves, so 128 bits.
pub fn id_of(key: &[u8; 32], code: &str) -> String {
    let half = |k: &[u8]| {
        let word = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or([0; 8]));
        #[allow(deprecated)]
        let mut h = std::hash::SipHasher::new_with_keys(word(&k[..8]), word(&k[8..16]));
        std::hash::Hasher::write(&mut h, code.as_bytes());
        std::hash::Hasher::finish(&h)
    };
    format!("{:016x}{:016x}", half(&key[..16]), half(&key[16..]))
}

/// Bytes as lowercase hex, two digits a byte.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The 32 bytes [`hex`] wrote, None for anything else.
pub fn unhex(s: &str) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    if s.len() != 64 {
        return None;
    }
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_the_same_for_a_code_and_tells_codes_and_keys_apart() {
        let (a, b) = ([1u8; 32], [2u8; 32]);
        assert_eq!(id_of(&a, "2026-014"), id_of(&a, "2026-014"));
        assert_ne!(id_of(&a, "2026-014"), id_of(&a, "2026-015"));
        assert_ne!(id_of(&a, "2026-014"), id_of(&b, "2026-014"));
        assert_eq!(id_of(&a, "2026-014").len(), 32);
        assert!(!id_of(&a, "2026-014").contains("2026"));
    }

    #[test]
    fn a_key_reads_back_from_its_hex() {
        let key = [0xa5u8; 32];
        assert_eq!(unhex(&hex(&key)), Some(key));
        assert_eq!(unhex("zz"), None);
    }

    #[test]
    fn a_month_reads_back_as_written_and_nothing_finer() {
        let m: Month = "2026-03".parse().unwrap();
        assert_eq!(m.to_string(), "2026-03");
        assert_eq!(Month::of("2026-03-31".parse().unwrap()), m);
        assert!("2026-13".parse::<Month>().is_err());
        assert!("2026-03-01".parse::<Month>().is_err());
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, "\"2026-03\"");
        assert_eq!(serde_json::from_str::<Month>(&json).unwrap(), m);
    }

    #[test]
    fn the_weeks_of_each_phase_run_to_the_next_or_to_the_closing() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let mut case = super::super::Case::new("2026-001", "Fam", d("2026-01-05"));
        case.phases.push(super::super::case::PhaseEntry {
            phase: Phase::Treatment,
            began: d("2026-02-09"),
        });
        case.close(d("2026-05-04"), "klart");
        assert_eq!(
            phase_weeks(&case, d("2026-05-04")),
            vec![(Phase::Initial, 5), (Phase::Treatment, 12)]
        );
    }
}
