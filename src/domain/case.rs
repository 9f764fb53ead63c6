//! Ärende — one family's case.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::phase::{Phase, Step};

/// The role of a person in the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PersonRole {
    /// Förälder / vårdnadshavare — "föräldern" stands for all (000).
    Parent,
    Child,
    YoungPerson,
    Other,
}

/// A member of the family, by alias only — never a personal identity number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub alias: String,
    pub role: PersonRole,
    /// For children and young people.
    pub birth_year: Option<u16>,
}

/// Socialsekreterare — the social secretary who ordered the intervention.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SocialSecretary {
    pub name: String,
    pub unit: String,
    pub contact: String,
}

/// Reasons for the intervention, the list of study 002.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Reason {
    ParentingSupport,
    RelationshipProblems,
    EverydaySupport,
    DivorceCustodyContact,
    PartOfInvestigation,
    SubstanceAbuse,
    AbuseViolence,
    SchoolProblems,
    MentalIllHealth,
    ConcernChildHealth,
    TeenageProblems,
    EconomyHousing,
    Other,
}

impl Reason {
    pub const ALL: [Reason; 13] = [
        Reason::ParentingSupport,
        Reason::RelationshipProblems,
        Reason::EverydaySupport,
        Reason::DivorceCustodyContact,
        Reason::PartOfInvestigation,
        Reason::SubstanceAbuse,
        Reason::AbuseViolence,
        Reason::SchoolProblems,
        Reason::MentalIllHealth,
        Reason::ConcernChildHealth,
        Reason::TeenageProblems,
        Reason::EconomyHousing,
        Reason::Other,
    ];
}

/// Where a meeting took place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Place {
    Home,
    Office,
    Outdoors,
    School,
    Phone,
    Video,
    Other,
}

impl Place {
    pub const ALL: [Place; 7] = [
        Place::Home,
        Place::Office,
        Place::Outdoors,
        Place::School,
        Place::Phone,
        Place::Video,
        Place::Other,
    ];

    /// The word used on the command line: the Swedish one of the reasons' list (study 002).
    pub fn code(self) -> &'static str {
        match self {
            Place::Home => "hem",
            Place::Office => "lokal",
            Place::Outdoors => "ute",
            Place::School => "skola",
            Place::Phone => "telefon",
            Place::Video => "video",
            Place::Other => "annat",
        }
    }

    pub fn from_code(s: &str) -> Option<Place> {
        let s = s.to_lowercase();
        let english = [
            "home", "office", "outdoors", "school", "phone", "video", "other",
        ];
        Place::ALL
            .into_iter()
            .zip(english)
            .find(|(p, en)| p.code() == s || *en == s)
            .map(|(p, _)| p)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseStatus {
    Active,
    Paused,
    Closed,
}

/// The day a phase began. Moving back and forward again adds entries; the
/// earlier dates are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseEntry {
    pub phase: Phase,
    #[serde(deserialize_with = "super::iso::date")]
    pub began: NaiveDate,
}

/// A step of a phase checked off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepCheck {
    pub step: Step,
    #[serde(deserialize_with = "super::iso::date")]
    pub done_on: NaiveDate,
    pub note: String,
}

/// Closing of a case: when and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closing {
    #[serde(deserialize_with = "super::iso::date")]
    pub on: NaiveDate,
    pub reason: String,
}

/// Ärende / insats — one family's case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    /// A short human code such as `2026-014`.
    pub code: String,
    /// A pseudonym or initials.
    pub family: String,
    pub persons: Vec<Person>,
    pub secretary: SocialSecretary,
    /// Uppdrag — the assignment text.
    pub assignment: String,
    pub reasons: Vec<Reason>,
    /// One or two workers (initials or login names).
    pub workers: Vec<String>,
    /// The usual meeting places, the first one is the default for a note.
    pub places: Vec<Place>,
    #[serde(deserialize_with = "super::iso::date")]
    pub start: NaiveDate,
    /// Every phase entry in order; the last is the current phase.
    pub phases: Vec<PhaseEntry>,
    pub steps: Vec<StepCheck>,
    pub status: CaseStatus,
    pub closing: Option<Closing>,
}

impl Case {
    /// A new case in Fas 1 from `start`.
    pub fn new(code: &str, family: &str, start: NaiveDate) -> Case {
        Case {
            code: code.to_string(),
            family: family.to_string(),
            persons: Vec::new(),
            secretary: SocialSecretary::default(),
            assignment: String::new(),
            reasons: Vec::new(),
            workers: Vec::new(),
            places: vec![Place::Home],
            start,
            phases: vec![PhaseEntry {
                phase: Phase::Initial,
                began: start,
            }],
            steps: Vec::new(),
            status: CaseStatus::Active,
            closing: None,
        }
    }

    pub fn phase(&self) -> Phase {
        self.phases.last().map_or(Phase::Initial, |e| e.phase)
    }

    /// The date the phase was most recently entered, if it ever was.
    pub fn phase_began(&self, phase: Phase) -> Option<NaiveDate> {
        if phase == Phase::Initial {
            // Fas 1 begins with the case; moving back to it later does not
            // restart its clock.
            return Some(self.start);
        }
        self.phases
            .iter()
            .rev()
            .find(|e| e.phase == phase)
            .map(|e| e.began)
    }

    pub fn is_closed(&self) -> bool {
        self.status == CaseStatus::Closed
    }

    pub fn step_done(&self, step: Step) -> Option<&StepCheck> {
        self.steps.iter().find(|c| c.step == step)
    }

    /// Checks a step on `on`, or unchecks it when it was checked.
    pub fn toggle_step(&mut self, step: Step, on: NaiveDate) {
        if let Some(i) = self.steps.iter().position(|c| c.step == step) {
            self.steps.remove(i);
        } else {
            self.steps.push(StepCheck {
                step,
                done_on: on,
                note: String::new(),
            });
        }
    }

    /// Moves to the next phase on `on`; false when already in Fas 3.
    pub fn phase_forward(&mut self, on: NaiveDate) -> bool {
        match self.phase().next() {
            Some(next) => {
                self.phases.push(PhaseEntry {
                    phase: next,
                    began: on,
                });
                true
            }
            None => false,
        }
    }

    /// Moves back one phase. The phase returned to keeps the day it began
    /// (its clocks run on as before); `on` is used only for a phase never
    /// entered. The move itself is in the case's history.
    pub fn phase_back(&mut self, on: NaiveDate) -> bool {
        match self.phase().prev() {
            Some(prev) => {
                let began = self.phase_began(prev).unwrap_or(on);
                self.phases.push(PhaseEntry { phase: prev, began });
                true
            }
            None => false,
        }
    }

    pub fn close(&mut self, on: NaiveDate, reason: &str) {
        self.status = CaseStatus::Closed;
        self.closing = Some(Closing {
            on,
            reason: reason.to_string(),
        });
    }

    pub fn reopen(&mut self) {
        self.status = CaseStatus::Active;
        self.closing = None;
    }

    /// Whether something dated `date` (a visit, a contact) can belong to
    /// the case: not before it started, not after it closed, not after
    /// `today`.
    pub fn outside_life(&self, date: NaiveDate, today: NaiveDate) -> Option<OutsideLife> {
        if date < self.start {
            return Some(OutsideLife::BeforeStart(self.start));
        }
        if let Some(closing) = &self.closing
            && date > closing.on
        {
            return Some(OutsideLife::AfterClosing(closing.on));
        }
        (date > today).then_some(OutsideLife::Future)
    }
}

/// How a date falls outside a case's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutsideLife {
    /// Before the case's start date.
    BeforeStart(NaiveDate),
    /// After the day it was closed.
    AfterClosing(NaiveDate),
    /// After today: a note tells of a contact that has happened.
    Future,
}

/// Whether `code` is a usable case code: short, printable, no slash (it is
/// part of record keys such as `2026-014/3`).
pub fn valid_case_code(code: &str) -> bool {
    // A code names files (a report's, a draft's): never `.` or `..`, nor
    // a name a file system keeps for a device.
    const DEVICES: [&str; 4] = ["CON", "PRN", "AUX", "NUL"];
    let device = DEVICES.iter().any(|d| code.eq_ignore_ascii_case(d))
        || (code.len() == 4
            && code
                .get(..3)
                .is_some_and(|p| ["COM", "LPT"].iter().any(|d| p.eq_ignore_ascii_case(d)))
            && code.as_bytes()[3].is_ascii_digit());
    !code.is_empty()
        && code.chars().count() <= 20
        && code
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
        && !code.chars().all(|c| c == '.')
        && !device
}

/// Whether a text holds a personnummer anywhere (10 or 12 digits, with or
/// without `-` or `+`), which must never be a family label: a case is named by a pseudonym or initials.
pub fn looks_like_personal_number(s: &str) -> bool {
    s.split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .any(|token| {
            let digits: String = token.chars().filter(|c| *c != '-' && *c != '+').collect();
            let only_digits = !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit());
            only_digits && (digits.len() == 10 || digits.len() == 12)
        })
        || {
            let digits = s.chars().filter(|c| c.is_ascii_digit()).count();
            digits >= 10
                && s.chars()
                    .filter(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | ' '))
                    .count()
                    + 2
                    >= s.chars().count()
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_date_belongs_to_the_case_between_start_and_closing() {
        let mut c = Case::new("2026-001", "Fam A", d("2026-01-05"));
        let today = d("2026-03-01");
        assert_eq!(c.outside_life(d("2026-01-05"), today), None);
        assert_eq!(c.outside_life(today, today), None);
        assert_eq!(
            c.outside_life(d("2026-01-04"), today),
            Some(OutsideLife::BeforeStart(d("2026-01-05")))
        );
        assert_eq!(
            c.outside_life(d("2026-03-02"), today),
            Some(OutsideLife::Future)
        );
        c.close(d("2026-02-01"), "klart");
        assert_eq!(
            c.outside_life(d("2026-02-02"), today),
            Some(OutsideLife::AfterClosing(d("2026-02-01")))
        );
        assert_eq!(c.outside_life(d("2026-02-01"), today), None);
    }

    #[test]
    fn moving_back_keeps_the_dates() {
        let mut c = Case::new("2026-001", "Fam A", d("2026-01-05"));
        assert!(c.phase_forward(d("2026-02-10")));
        assert!(c.phase_forward(d("2026-05-04")));
        // Back from Fas 3: Fas 2 keeps the day it began.
        assert!(c.phase_back(d("2026-05-06")));
        assert_eq!(c.phase(), Phase::Treatment);
        assert_eq!(c.phase_began(Phase::Treatment), Some(d("2026-02-10")));
        assert!(c.phase_back(d("2026-05-07")));
        assert!(c.phase_forward(d("2026-05-20")));
        assert_eq!(c.phase(), Phase::Treatment);
        assert_eq!(c.phases.len(), 6);
        assert_eq!(c.phase_began(Phase::Treatment), Some(d("2026-05-20")));
        assert_eq!(c.phase_began(Phase::Initial), Some(d("2026-01-05")));
        assert_eq!(c.phase_began(Phase::Generalising), Some(d("2026-05-04")));
    }

    #[test]
    fn a_step_toggles() {
        let mut c = Case::new("2026-001", "Fam A", d("2026-01-05"));
        c.toggle_step(Step::Alliance, d("2026-01-07"));
        assert_eq!(
            c.step_done(Step::Alliance).unwrap().done_on,
            d("2026-01-07")
        );
        c.toggle_step(Step::Alliance, d("2026-01-08"));
        assert!(c.step_done(Step::Alliance).is_none());
    }

    #[test]
    fn case_codes() {
        assert!(valid_case_code("2026-014"));
        assert!(!valid_case_code(""));
        assert!(!valid_case_code("a/b"));
        assert!(!valid_case_code("a b"));
    }

    #[test]
    fn places_parse_in_both_languages() {
        assert_eq!(Place::from_code("Hem"), Some(Place::Home));
        assert_eq!(Place::from_code("phone"), Some(Place::Phone));
        assert_eq!(Place::from_code("kafé"), None);
    }
}
