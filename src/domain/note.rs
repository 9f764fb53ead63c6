//! Besöksanteckning and målreflektion: the note after a visit and the
//! weekly reflection on each goal.

use chrono::{Datelike, Days, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use super::case::Place;

/// Who took part in a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Participant {
    Parent,
    Child,
    YoungPerson,
    SocialSecretary,
    Other,
}

impl Participant {
    pub const ALL: [Participant; 5] = [
        Participant::Parent,
        Participant::Child,
        Participant::YoungPerson,
        Participant::SocialSecretary,
        Participant::Other,
    ];

    /// The word a command line takes (`--with barn,socialsekreterare`).
    pub fn code(self) -> &'static str {
        match self {
            Participant::Parent => "förälder",
            Participant::Child => "barn",
            Participant::YoungPerson => "ungdom",
            Participant::SocialSecretary => "socialsekreterare",
            Participant::Other => "annan",
        }
    }

    /// A participant by its word, in Swedish or English; the network
    /// (nätverk) is among the others, as the editor lists it.
    pub fn from_code(s: &str) -> Option<Participant> {
        let s = s.trim().to_lowercase();
        let english = ["parent", "child", "young", "secretary", "other"];
        let found = (Participant::ALL.into_iter().zip(english))
            .find(|(p, en)| p.code() == s || *en == s)
            .map(|(p, _)| p);
        found.or(match s.as_str() {
            "nätverk" | "network" => Some(Participant::Other),
            "soc" | "socsek" | "social-secretary" => Some(Participant::SocialSecretary),
            "young-person" => Some(Participant::YoungPerson),
            _ => None,
        })
    }

    /// Who took part in a note written from the shell: those named, else
    /// a parent; the child too when the child took part.
    pub fn of_note(named: &[Participant], child: bool) -> Vec<Participant> {
        let mut who = if named.is_empty() {
            vec![Participant::Parent]
        } else {
            named.to_vec()
        };
        let young = who.contains(&Participant::YoungPerson);
        if child && !young && !who.contains(&Participant::Child) {
            who.push(Participant::Child);
        }
        who.sort_by_key(|p| Participant::ALL.iter().position(|q| q == p));
        who.dedup();
        who
    }
}

/// Besöksanteckning — a note after a visit or contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    #[serde(deserialize_with = "super::iso::date")]
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub minutes: u16,
    pub place: Place,
    pub participants: Vec<Participant>,
    /// Whether the child took part (barnperspektivet, 002).
    pub child_took_part: bool,
    /// Barnets röst — the child's own words, kept apart.
    pub child_words: String,
    pub text: String,
    /// Sequence numbers of the goals this contact touched.
    pub goals: Vec<u32>,
}

/// An ISO 8601 week: the unit of the weekly reflection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct IsoWeek {
    pub year: i32,
    pub week: u32,
}

impl IsoWeek {
    pub fn of(date: NaiveDate) -> IsoWeek {
        let w = date.iso_week();
        IsoWeek {
            year: w.year(),
            week: w.week(),
        }
    }

    /// Whether this is a week of the calendar (53 exists only in some years).
    pub fn is_valid(self) -> bool {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon).is_some()
    }

    fn day(self, day: Weekday) -> NaiveDate {
        // A week that is not in the calendar (from a damaged or hand-made
        // import) is read as the last real week of its year, never a panic.
        NaiveDate::from_isoywd_opt(self.year, self.week, day)
            .or_else(|| NaiveDate::from_isoywd_opt(self.year, self.week.clamp(1, 52), day))
            .unwrap_or(NaiveDate::MIN)
    }

    pub fn monday(self) -> NaiveDate {
        self.day(Weekday::Mon)
    }

    /// The Sunday that ends the week: the day its reflection is due.
    pub fn sunday(self) -> NaiveDate {
        self.day(Weekday::Sun)
    }

    pub fn next(self) -> IsoWeek {
        IsoWeek::of(self.sunday() + Days::new(1))
    }
}

impl std::fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

/// One goal's part of a reflection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalScore {
    /// Sequence number of the goal.
    pub goal: u32,
    /// Progress 0–10.
    pub score: u8,
    pub text: String,
}

/// Målreflektion — the weekly reflection, one per case and ISO week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reflection {
    pub week: IsoWeek,
    #[serde(deserialize_with = "super::iso::date")]
    pub date: NaiveDate,
    pub participants: Vec<Participant>,
    pub scores: Vec<GoalScore>,
    /// What in and around the family keeps or changes the pattern.
    pub system_view: String,
    pub child_voice: String,
    pub next_step: String,
}

/// A week of Fas 2 without contact with the family, and why: it closes
/// the week's reflection honestly, where none could be written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoContact {
    pub week: IsoWeek,
    /// The day it was written.
    #[serde(deserialize_with = "super::iso::date")]
    pub date: NaiveDate,
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::Participant;

    #[test]
    fn participants_are_named_in_either_language_and_a_parent_is_the_default() {
        for p in Participant::ALL {
            assert_eq!(Participant::from_code(p.code()), Some(p));
        }
        assert_eq!(
            Participant::from_code(" Secretary "),
            Some(Participant::SocialSecretary)
        );
        assert_eq!(Participant::from_code("nätverk"), Some(Participant::Other));
        assert_eq!(Participant::from_code("mormor"), None);
        assert_eq!(Participant::of_note(&[], false), vec![Participant::Parent]);
        assert_eq!(
            Participant::of_note(&[Participant::SocialSecretary, Participant::Parent], true),
            vec![
                Participant::Parent,
                Participant::Child,
                Participant::SocialSecretary
            ]
        );
        let young = Participant::of_note(&[Participant::YoungPerson], true);
        assert_eq!(young, vec![Participant::YoungPerson]);
    }

    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn week_53_and_the_turn_of_the_year() {
        // 2026 has 53 ISO weeks; 2027-01-03 is the Sunday ending week 53.
        let w = IsoWeek::of(d("2026-12-31"));
        assert_eq!(
            w,
            IsoWeek {
                year: 2026,
                week: 53
            }
        );
        assert_eq!(w.sunday(), d("2027-01-03"));
        assert_eq!(w.monday(), d("2026-12-28"));
        assert_eq!(
            w.next(),
            IsoWeek {
                year: 2027,
                week: 1
            }
        );
        assert_eq!(w.to_string(), "2026-W53");
        assert!(w.is_valid());
    }

    #[test]
    fn a_week_not_in_the_calendar_does_not_panic() {
        let bad = IsoWeek {
            year: 2025,
            week: 60,
        };
        assert!(!bad.is_valid());
        assert_eq!(bad.monday(), d("2025-12-22"));
        assert!(
            !IsoWeek {
                year: 2025,
                week: 53
            }
            .is_valid()
        );
        let _ = IsoWeek {
            year: i32::MAX,
            week: 0,
        }
        .sunday();
    }
}
