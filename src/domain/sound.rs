//! Whether a record from outside (an import) holds what insats itself
//! would have written: dates in the years a case can have, scores on
//! their scales, a case code that is a code. The screen and the command
//! line refuse such values as they are typed; an import is refused them
//! here, record by record.

use chrono::{Datelike, NaiveDate};

use super::case::{Case, valid_case_code};
use super::incident::Incident;
use super::note::{Note, Reflection};
use super::plan::{Factor, Goal, Plan};
use super::rating::Rating;
use super::report::{FollowUp, Report};

/// A date a case of today can hold: from 1900 to 2100 (years 0000, 9999
/// and -1 are typing or data errors, never a visit).
pub fn plausible(d: NaiveDate) -> bool {
    (1900..=2100).contains(&d.year())
}

/// A record body that can be checked on its own.
pub trait Sound {
    /// Whether every value is one insats would have written.
    fn sound(&self) -> bool;
    /// The day it is of, which must lie within its case's life.
    fn day(&self) -> Option<NaiveDate> {
        None
    }
    /// Of a case: the day it began, before which none of its records is.
    fn begins(&self) -> Option<NaiveDate> {
        None
    }
}

impl Sound for Case {
    fn sound(&self) -> bool {
        valid_case_code(&self.code)
            && plausible(self.start)
            && self.phases.iter().all(|p| plausible(p.began))
            && self.closing.as_ref().is_none_or(|c| plausible(c.on))
    }
    fn begins(&self) -> Option<NaiveDate> {
        Some(self.start)
    }
}

impl Sound for Plan {
    fn sound(&self) -> bool {
        self.set_on.is_none_or(plausible)
    }
}

impl Sound for Goal {
    fn sound(&self) -> bool {
        plausible(self.started_on) && self.status.ended_on().is_none_or(plausible)
    }
}

impl Sound for Factor {
    fn sound(&self) -> bool {
        true
    }
}

impl Sound for Note {
    fn sound(&self) -> bool {
        plausible(self.date) && self.minutes <= 24 * 60
    }
    fn day(&self) -> Option<NaiveDate> {
        Some(self.date)
    }
}

impl Sound for Reflection {
    fn sound(&self) -> bool {
        self.week.is_valid() && plausible(self.date) && self.scores.iter().all(|s| s.score <= 10)
    }
    fn day(&self) -> Option<NaiveDate> {
        Some(self.date)
    }
}

impl Sound for super::note::NoContact {
    fn sound(&self) -> bool {
        self.week.is_valid() && plausible(self.date) && !self.reason.trim().is_empty()
    }
    fn day(&self) -> Option<NaiveDate> {
        Some(self.date)
    }
}

impl Sound for Incident {
    fn sound(&self) -> bool {
        plausible(self.when.date())
    }
    fn day(&self) -> Option<NaiveDate> {
        Some(self.when.date())
    }
}

impl Sound for Rating {
    fn sound(&self) -> bool {
        plausible(self.date)
            && self
                .scores
                .iter()
                .all(|s| s.score.is_finite() && s.score >= 0.0)
    }
    fn day(&self) -> Option<NaiveDate> {
        Some(self.date)
    }
}

impl Sound for Report {
    fn sound(&self) -> bool {
        [self.from, self.to, self.sent_on]
            .into_iter()
            .all(plausible)
            && self.from <= self.to
    }
}

impl Sound for crate::domain::journal::Transfer {
    /// A reference is one line. Its day is not bound to the case's life:
    /// what is owed is entered after closing too.
    fn sound(&self) -> bool {
        plausible(self.on) && !self.reference.contains(['\n', '\r'])
    }
}

impl Sound for FollowUp {
    /// Expectations met are graded 1–6 (study 002), half points allowed.
    fn sound(&self) -> bool {
        plausible(self.date)
            && self.outcome.persons().iter().all(|(_, i)| {
                i.expectations_met
                    .is_none_or(|g| (1.0..=6.0).contains(&g) && (g * 2.0).fract() == 0.0)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::note::IsoWeek;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn years_no_case_can_have_are_refused() {
        for bad in [
            "0000-01-01",
            "9999-12-31",
            "-0001-06-01",
            "1899-12-31",
            "2101-01-01",
        ] {
            let date = NaiveDate::parse_from_str(bad, "%Y-%m-%d").unwrap();
            assert!(!plausible(date), "{bad}");
        }
        assert!(plausible(d("2026-11-22")));
        let mut case = Case::new("2026-014", "Fam", d("2026-09-01"));
        assert!(case.sound());
        case.start = NaiveDate::from_ymd_opt(0, 1, 1).unwrap();
        assert!(!case.sound());
    }

    #[test]
    fn codes_that_name_no_case_are_refused() {
        for bad in [".", "..", "CON", "nul", "COM1", "lpt9", "", "a/b"] {
            assert!(!valid_case_code(bad), "{bad}");
        }
        for good in ["2026-014", "A.1", "COM", "CONS", "åå", "Fam_Ö"] {
            assert!(valid_case_code(good), "{good}");
        }
    }

    #[test]
    fn scores_and_grades_off_their_scales_are_refused() {
        let mut r = Reflection {
            week: IsoWeek::of(d("2026-11-16")),
            date: d("2026-11-16"),
            participants: vec![],
            scores: vec![crate::domain::note::GoalScore {
                goal: 1,
                score: 10,
                text: String::new(),
            }],
            system_view: String::new(),
            child_voice: String::new(),
            next_step: String::new(),
        };
        assert!(r.sound());
        r.scores[0].score = 11;
        assert!(!r.sound());
    }
}
