//! Everything recorded for one case, as the rules and the screen need it.

use super::journal::Transfer;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::case::Case;
use super::incident::Incident;
use super::note::{IsoWeek, NoContact, Note, Reflection};
use super::plan::{Factor, Goal, Plan};
use super::rating::{Occasion, Rating};
use super::record::Record;
use super::report::{FollowUp, Report, ReportKind};

/// A case with all its records. Removed records are kept here (they are
/// history); the queries below look at the live ones only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseFile {
    pub case: Record<Case>,
    pub plan: Option<Record<Plan>>,
    pub goals: Vec<Record<Goal>>,
    pub factors: Vec<Record<Factor>>,
    pub notes: Vec<Record<Note>>,
    pub reflections: Vec<Record<Reflection>>,
    pub incidents: Vec<Record<Incident>>,
    pub ratings: Vec<Record<Rating>>,
    pub reports: Vec<Record<Report>>,
    pub follow_ups: Vec<Record<FollowUp>>,
    /// What of the notes was entered into the journal ([`super::journal`]).
    pub transfers: Vec<Record<Transfer>>,
    /// Weeks of Fas 2 without contact, and why.
    pub no_contacts: Vec<Record<NoContact>>,
}

/// The live bodies of a list of records.
pub fn live<T: Clone + PartialEq>(records: &[Record<T>]) -> impl Iterator<Item = &T> {
    records.iter().filter(|r| r.is_live()).map(|r| &r.body)
}

impl CaseFile {
    pub fn new(case: Record<Case>) -> CaseFile {
        CaseFile {
            case,
            plan: None,
            goals: Vec::new(),
            factors: Vec::new(),
            notes: Vec::new(),
            reflections: Vec::new(),
            incidents: Vec::new(),
            ratings: Vec::new(),
            reports: Vec::new(),
            follow_ups: Vec::new(),
            transfers: Vec::new(),
            no_contacts: Vec::new(),
        }
    }

    pub fn code(&self) -> &str {
        &self.case.body.code
    }

    /// The live notes, the latest contact first.
    pub fn notes_latest_first(&self) -> Vec<&Record<Note>> {
        let mut notes: Vec<_> = self.notes.iter().filter(|r| r.is_live()).collect();
        notes.sort_by(|a, b| {
            (b.body.date, b.body.start, b.seq).cmp(&(a.body.date, a.body.start, a.seq))
        });
        notes
    }

    /// The date of the latest note.
    pub fn last_contact(&self) -> Option<NaiveDate> {
        live(&self.notes).map(|n| n.date).max()
    }

    /// The date of the latest note in which the child took part.
    pub fn last_child_contact(&self) -> Option<NaiveDate> {
        live(&self.notes)
            .filter(|n| n.child_took_part)
            .map(|n| n.date)
            .max()
    }

    /// The week said to have had no contact, when it was.
    pub fn no_contact_for(&self, week: IsoWeek) -> Option<&Record<NoContact>> {
        (self.no_contacts.iter()).find(|r| r.is_live() && r.body.week == week)
    }

    pub fn reflection_for(&self, week: IsoWeek) -> Option<&Record<Reflection>> {
        self.reflections
            .iter()
            .find(|r| r.is_live() && r.body.week == week)
    }

    /// The date the latest report of any kind was sent.
    pub fn last_report_sent(&self) -> Option<NaiveDate> {
        live(&self.reports).map(|r| r.sent_on).max()
    }

    pub fn report_sent(&self, kind: ReportKind) -> bool {
        live(&self.reports).any(|r| r.kind == kind)
    }

    pub fn has_rating(&self, occasion: Occasion) -> bool {
        live(&self.ratings).any(|r| r.occasion == occasion)
    }

    /// The ISO weeks of Fas 2: from the week it began to this week, or to
    /// the week Fas 3 began or the case closed. Empty before Fas 2.
    pub fn treatment_weeks(&self, today: NaiveDate) -> Vec<IsoWeek> {
        use super::phase::Phase;
        let case = &self.case.body;
        let Some(fas2) = case.phase_began(Phase::Treatment) else {
            return Vec::new();
        };
        let end = match case.phase() {
            Phase::Treatment => today,
            _ => case
                .phase_began(Phase::Generalising)
                .unwrap_or(today)
                .min(today),
        };
        let end = case.closing.as_ref().map_or(end, |c| c.on.min(end));
        let mut weeks = Vec::new();
        let mut w = IsoWeek::of(fas2.min(end));
        while w <= IsoWeek::of(end) {
            weeks.push(w);
            w = w.next();
        }
        weeks
    }

    /// The next free sequence number for a new record of a list.
    pub fn next_seq<T>(records: &[Record<T>]) -> u32 {
        records.iter().map(|r| r.seq).max().unwrap_or(0) + 1
    }
}
