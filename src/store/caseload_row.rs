//! One case of the kept caseload ([`super::caseload`]) as its file holds
//! it: of its record what the list reads, and its due items without the
//! case code each repeats, every date and time as a number.
//!
//! Encoded field by field with bincode's own traits, not through serde:
//! the file is read at every start, and serde's visitors (a date read as
//! text, an enum by name) were most of the cost of reading it. Read in one
//! pass straight into what the list holds; a number that is no day, or a
//! tag that names nothing, fails the whole file, which is then made again.
//!
//! ```text
//! code, family, workers, start,
//! phases (count, then each: phase, day), status, closed on (option),
//! created and updated (seconds),
//! items (count, then each: kind, due day, state)
//! ```
//!
//! A kind is a tag (its place in [`DueKind`]) and what that kind holds.

use bincode::de::Decoder;
use bincode::enc::Encoder;
use bincode::error::{DecodeError, EncodeError};
use bincode::{Decode, Encode};
use chrono::{Datelike, NaiveDate, NaiveDateTime};

use crate::domain::case::{Case, CaseStatus, Closing, PhaseEntry};
use crate::domain::due::{DueItem, DueKind, DueState, Listed};
use crate::domain::note::IsoWeek;
use crate::domain::phase::{Phase, Step};
use crate::domain::record::{Meta, Record};

/// A case to write.
pub struct Out<'a>(pub &'a Listed);

/// A case read back, as [`crate::domain::summary::listed_case`] gives it.
pub struct In(pub Listed);

/// A day as a number: its year and its day of the year, packed (read
/// back by a table lookup, where a count of days from the calendar's start
/// takes a division by 400-year cycles, for each of ten dates a case).
pub fn days(d: NaiveDate) -> i32 {
    (d.year() << 9) | d.ordinal() as i32
}

fn day(n: i32) -> Result<NaiveDate, DecodeError> {
    NaiveDate::from_yo_opt(n >> 9, (n & 511) as u32).ok_or(DecodeError::Other("not a day"))
}

fn seconds(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp()
}

fn time(n: i64) -> Result<NaiveDateTime, DecodeError> {
    chrono::DateTime::from_timestamp(n, 0)
        .map(|t| t.naive_utc())
        .ok_or(DecodeError::Other("not a time"))
}

/// The tag of each value of a small enum is its place here.
const STATUSES: [CaseStatus; 3] = [CaseStatus::Active, CaseStatus::Paused, CaseStatus::Closed];
const STATES: [DueState; 3] = [DueState::Overdue, DueState::DueSoon, DueState::Ok];

/// Every step, each phase's in order: a step's tag is its place here.
fn steps() -> impl Iterator<Item = Step> {
    Phase::ALL
        .into_iter()
        .flat_map(|p| p.steps().iter().copied())
}

/// The place of `value` in `all`.
fn tag<T: PartialEq>(all: &[T], value: &T) -> Result<u8, EncodeError> {
    all.iter()
        .position(|v| v == value)
        .map(|i| i as u8)
        .ok_or(EncodeError::Other("a value with no tag"))
}

/// The value at `tag` in `all`.
fn untag<T: Copy, C, D: Decoder<Context = C>>(all: &[T], d: &mut D) -> Result<T, DecodeError> {
    let tag = u8::decode(d)?;
    all.get(usize::from(tag))
        .copied()
        .ok_or(DecodeError::Other("a tag that names nothing"))
}

/// A count, then that many values read by `one`.
fn many<T, C, D: Decoder<Context = C>>(
    d: &mut D,
    mut one: impl FnMut(&mut D) -> Result<T, DecodeError>,
) -> Result<Vec<T>, DecodeError> {
    let count = usize::decode(d)?;
    // At most 64 reserved ahead: a count is not trusted with an allocation.
    let mut out = Vec::with_capacity(count.min(64));
    for _ in 0..count {
        out.push(one(d)?);
    }
    Ok(out)
}

impl Encode for Out<'_> {
    fn encode<E: Encoder>(&self, e: &mut E) -> Result<(), EncodeError> {
        let (case, meta) = (&self.0.case.body, &self.0.case.meta);
        case.code.encode(e)?;
        case.family.encode(e)?;
        case.workers.encode(e)?;
        days(case.start).encode(e)?;
        case.phases.len().encode(e)?;
        for p in &case.phases {
            tag(&Phase::ALL, &p.phase)?.encode(e)?;
            days(p.began).encode(e)?;
        }
        tag(&STATUSES, &case.status)?.encode(e)?;
        case.closing.as_ref().map(|c| days(c.on)).encode(e)?;
        seconds(meta.created_at).encode(e)?;
        seconds(meta.updated_at).encode(e)?;
        self.0.items.len().encode(e)?;
        for item in &self.0.items {
            encode_kind(&item.kind, e)?;
            days(item.due).encode(e)?;
            tag(&STATES, &item.state)?.encode(e)?;
        }
        Ok(())
    }
}

impl<C> Decode<C> for In {
    fn decode<D: Decoder<Context = C>>(d: &mut D) -> Result<In, DecodeError> {
        let code = String::decode(d)?;
        let family = String::decode(d)?;
        let workers = Vec::<String>::decode(d)?;
        let start = day(i32::decode(d)?)?;
        let phases = many(d, |d| {
            Ok(PhaseEntry {
                phase: untag(&Phase::ALL, d)?,
                began: day(i32::decode(d)?)?,
            })
        })?;
        let status = untag(&STATUSES, d)?;
        let closing = match Option::<i32>::decode(d)? {
            Some(on) => Some(Closing {
                on: day(on)?,
                reason: String::new(),
            }),
            None => None,
        };
        let created_at = time(i64::decode(d)?)?;
        let updated_at = time(i64::decode(d)?)?;
        let items = many(d, |d| {
            Ok(DueItem {
                case: code.clone(),
                kind: decode_kind(d)?,
                due: day(i32::decode(d)?)?,
                state: untag(&STATES, d)?,
            })
        })?;
        let body = Case {
            code: code.clone(),
            family,
            persons: Vec::new(),
            secretary: Default::default(),
            assignment: String::new(),
            reasons: Vec::new(),
            workers,
            places: Vec::new(),
            start,
            phases,
            steps: Vec::new(),
            status,
            closing,
        };
        let case = Record {
            case: code,
            seq: 0,
            meta: Meta {
                created_at,
                created_by: String::new(),
                updated_at,
                updated_by: String::new(),
            },
            body,
            history: Vec::new(),
            removed: None,
        };
        Ok(In(Listed { case, items }))
    }
}

fn encode_kind<E: Encoder>(kind: &DueKind, e: &mut E) -> Result<(), EncodeError> {
    match kind {
        DueKind::Fas1Report => 0u8.encode(e),
        DueKind::Fas1Step(step) => {
            1u8.encode(e)?;
            let at = steps().position(|s| s == *step);
            let at = at.ok_or(EncodeError::Other("a step of no phase"))?;
            (at as u8).encode(e)
        }
        DueKind::Fas1Length => 2u8.encode(e),
        DueKind::ProgressReport => 3u8.encode(e),
        DueKind::Reflections(weeks) => {
            4u8.encode(e)?;
            weeks.len().encode(e)?;
            for w in weeks {
                w.year.encode(e)?;
                w.week.encode(e)?;
            }
            Ok(())
        }
        DueKind::GoalLimit { goal, title } => {
            5u8.encode(e)?;
            goal.encode(e)?;
            title.encode(e)
        }
        DueKind::Fas3Length => 6u8.encode(e),
        DueKind::ClosingReport => 7u8.encode(e),
        DueKind::ClosingRating => 8u8.encode(e),
        DueKind::FollowUp => 9u8.encode(e),
        DueKind::ChildContact { last } => {
            10u8.encode(e)?;
            last.map(days).encode(e)
        }
    }
}

fn decode_kind<C, D: Decoder<Context = C>>(d: &mut D) -> Result<DueKind, DecodeError> {
    Ok(match u8::decode(d)? {
        0 => DueKind::Fas1Report,
        1 => DueKind::Fas1Step(
            steps()
                .nth(usize::from(u8::decode(d)?))
                .ok_or(DecodeError::Other("a step that names nothing"))?,
        ),
        2 => DueKind::Fas1Length,
        3 => DueKind::ProgressReport,
        4 => DueKind::Reflections(many(d, |d| {
            Ok(IsoWeek {
                year: i32::decode(d)?,
                week: u32::decode(d)?,
            })
        })?),
        5 => DueKind::GoalLimit {
            goal: u32::decode(d)?,
            title: String::decode(d)?,
        },
        6 => DueKind::Fas3Length,
        7 => DueKind::ClosingReport,
        8 => DueKind::ClosingRating,
        9 => DueKind::FollowUp,
        10 => DueKind::ChildContact {
            last: Option::<i32>::decode(d)?.map(day).transpose()?,
        },
        _ => return Err(DecodeError::Other("a due kind that names nothing")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::summary::listed_case;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn round_trip(listed: &Listed) -> Listed {
        let config = bincode::config::standard();
        let bytes = bincode::encode_to_vec(Out(listed), config).unwrap();
        let (In(back), used) = bincode::decode_from_slice::<In, _>(&bytes, config).unwrap();
        assert_eq!(used, bytes.len());
        back
    }

    /// Every kind of item, every step, phase, status and state, and a
    /// case with every field the list reads, come back as the list reads
    /// them; what the list does not read is not kept.
    #[test]
    fn every_kind_and_tag_reads_back() {
        let mut case = Case::new("2026-001", "Fam Åberg", d("2026-01-05"));
        case.workers = vec!["AS".into(), "Björn".into()];
        case.assignment = "Not kept".into();
        case.phases = Phase::ALL
            .iter()
            .zip(["2026-01-05", "2026-02-09", "2026-06-01"])
            .map(|(&phase, on)| PhaseEntry {
                phase,
                began: d(on),
            })
            .collect();
        case.closing = Some(Closing {
            on: d("2026-11-01"),
            reason: "Not kept either".into(),
        });
        let at = d("2026-01-05").and_hms_opt(9, 30, 15).unwrap();
        let mut record = Record::new("2026-001", 0, case, "AS", at);
        record.meta.updated_at = at + chrono::Duration::days(40);
        let mut kinds: Vec<DueKind> = steps().map(DueKind::Fas1Step).collect();
        kinds.extend([
            DueKind::Fas1Report,
            DueKind::Fas1Length,
            DueKind::ProgressReport,
            DueKind::Reflections(vec![
                IsoWeek {
                    year: 2026,
                    week: 1,
                },
                IsoWeek {
                    year: 2025,
                    week: 53,
                },
            ]),
            DueKind::Reflections(Vec::new()),
            DueKind::GoalLimit {
                goal: 7,
                title: "Lugnare kvällar".into(),
            },
            DueKind::Fas3Length,
            DueKind::ClosingReport,
            DueKind::ClosingRating,
            DueKind::FollowUp,
            DueKind::ChildContact { last: None },
            DueKind::ChildContact {
                last: Some(d("2026-10-30")),
            },
        ]);
        let items = kinds
            .into_iter()
            .zip(STATES.iter().cycle())
            .enumerate()
            .map(|(i, (kind, &state))| DueItem {
                case: "2026-001".into(),
                kind,
                due: d("2026-11-20") + chrono::Duration::days(i as i64),
                state,
            })
            .collect();
        for status in STATUSES {
            record.body.status = status;
            let listed = Listed {
                case: listed_case(&record),
                items: Vec::clone(&items),
            };
            assert_eq!(round_trip(&listed), listed);
        }
    }

    /// A number that is no day, or a tag that names nothing, is an error,
    /// not a case.
    #[test]
    fn a_bad_number_or_tag_fails() {
        let config = bincode::config::standard();
        let listed = Listed {
            case: listed_case(&Record::new(
                "C",
                0,
                Case::new("C", "F", d("2026-01-05")),
                "AS",
                d("2026-01-05").and_hms_opt(9, 0, 0).unwrap(),
            )),
            items: vec![DueItem {
                case: "C".into(),
                kind: DueKind::FollowUp,
                due: d("2026-03-01"),
                state: DueState::Ok,
            }],
        };
        let good = bincode::encode_to_vec(Out(&listed), config).unwrap();
        assert!(bincode::decode_from_slice::<In, _>(&good, config).is_ok());
        // The item's state is the last byte, its kind's tag before its day.
        let mut state = good.clone();
        *state.last_mut().unwrap() = 3;
        let mut kind = good.clone();
        let at = good.len() - 1 - 5 - 1;
        assert_eq!(kind[at], 9, "the follow-up's tag");
        kind[at] = 11;
        // The start: after the code, the family and no workers.
        let mut start = good.clone();
        start[5..10].copy_from_slice(&[0xFC, 0xFF, 0xFF, 0xFF, 0x7F]);
        for bad in [state, kind, start] {
            assert!(bincode::decode_from_slice::<In, _>(&bad, config).is_err());
        }
    }
}
