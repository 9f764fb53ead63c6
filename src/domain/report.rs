//! Behandlingsrapport and avslutsuppföljning: reports to the social
//! secretary and the family's own follow-up at closure (study 002).

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::casefile::CaseFile;
use super::phase::Phase;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReportKind {
    /// The report closing Fas 1 (insats- eller lägesrapport).
    Fas1,
    /// Lägesrapport, every 6 weeks in Fas 2 and 3.
    Progress,
    /// Avslutsrapport.
    Closing,
}

/// Behandlingsrapport — a report registered as sent, with its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub kind: ReportKind,
    #[serde(deserialize_with = "super::iso::date")]
    pub from: NaiveDate,
    #[serde(deserialize_with = "super::iso::date")]
    pub to: NaiveDate,
    #[serde(deserialize_with = "super::iso::date")]
    pub sent_on: NaiveDate,
    pub recipient: String,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    Yes,
    No,
    Unsure,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Respondent {
    Parent,
    BothParents,
    Guardian,
    Other,
}

/// Why the family was not asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotAsked {
    Moved,
    Unreachable,
    Declined,
    Other(String),
}

/// The child's answers, kept apart from the parents'.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ChildAnswers {
    pub worked_well: String,
    pub worked_less_well: String,
    pub comment: String,
}

/// The interview of study 002's appendix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interview {
    pub respondent: Respondent,
    /// Expectations met 1–6 (half points allowed); None when declined.
    pub expectations_met: Option<f32>,
    pub had_plan: Answer,
    /// Up to three things that worked well.
    pub worked_well: Vec<String>,
    /// Up to three things that worked less well.
    pub worked_less_well: Vec<String>,
    pub helped_as_parent: String,
    pub would_contact_again: Answer,
    pub comment: String,
    pub child: Option<ChildAnswers>,
}

/// How a person was interviewed (study 002: 9 in person, 5 by phone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mode {
    InPerson,
    Phone,
}

/// One person's interview, and how it was held.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonInterview {
    pub mode: Mode,
    /// The person's answers; the child's are kept apart, in the outcome.
    pub interview: Interview,
}

/// New variants go last: stored records name them by position.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FollowUpOutcome {
    /// One interview for the family, how it was held not recorded (as
    /// follow-ups were written before persons were counted apart).
    Asked(Interview),
    NotAsked(NotAsked),
    /// Each person interviewed apart — a family may have two — and the
    /// child's answers apart (study 002 counts families for who was asked,
    /// persons for the grades).
    Interviewed {
        persons: Vec<PersonInterview>,
        child: Option<ChildAnswers>,
    },
}

impl FollowUpOutcome {
    /// The persons interviewed, each with how (None when not recorded).
    pub fn persons(&self) -> Vec<(Option<Mode>, &Interview)> {
        match self {
            FollowUpOutcome::Asked(i) => vec![(None, i)],
            FollowUpOutcome::NotAsked(_) => Vec::new(),
            FollowUpOutcome::Interviewed { persons, .. } => persons
                .iter()
                .map(|p| (Some(p.mode), &p.interview))
                .collect(),
        }
    }

    /// The child's answers, when the child took part.
    pub fn child(&self) -> Option<&ChildAnswers> {
        match self {
            FollowUpOutcome::Asked(i) => i.child.as_ref(),
            FollowUpOutcome::NotAsked(_) => None,
            FollowUpOutcome::Interviewed { child, .. } => child.as_ref(),
        }
    }
}

/// Avslutsuppföljning — the family's follow-up at closure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUp {
    #[serde(deserialize_with = "super::iso::date")]
    pub date: NaiveDate,
    pub outcome: FollowUpOutcome,
}

/// The period a report of `kind` covers: the Fas 1 report, Fas 1; a
/// lägesrapport, from the day after the last report sent to today; the
/// avslutsrapport, the whole intervention, start to closing.
pub fn default_period(
    file: &CaseFile,
    kind: ReportKind,
    today: NaiveDate,
) -> (NaiveDate, NaiveDate) {
    let case = &file.case.body;
    let day_before = |d: NaiveDate| d.checked_sub_days(Days::new(1)).unwrap_or(d);
    let day_after = |d: NaiveDate| d.checked_add_days(Days::new(1)).unwrap_or(d);
    let (from, to) = match kind {
        ReportKind::Fas1 => (
            case.start,
            case.phase_began(Phase::Treatment)
                .map_or(today, day_before)
                .min(today),
        ),
        // From the day after the last day a report covered: what was dated
        // between that day and the day it was sent is not left out.
        ReportKind::Progress => (
            file.reports
                .iter()
                .filter(|r| r.is_live())
                .map(|r| r.body.to)
                .max()
                .map(day_after)
                .or(case.phase_began(Phase::Treatment))
                .unwrap_or(case.start),
            today,
        ),
        ReportKind::Closing => (
            case.start,
            case.closing.as_ref().map_or(today, |c| c.on.min(today)),
        ),
    };
    (from.min(to), to)
}

/// The kind of report a case is due for: the Fas 1 report until it is
/// sent, whatever the phase (it stays due); then a lägesrapport, and the
/// avslutsrapport in Fas 3.
pub fn default_kind(file: &CaseFile) -> ReportKind {
    let case = &file.case.body;
    if !case.is_closed() && super::steps::step_done(file, super::phase::Step::Fas1Report).is_none()
    {
        ReportKind::Fas1
    } else if case.phase() == Phase::Generalising || case.is_closed() {
        ReportKind::Closing
    } else {
        ReportKind::Progress
    }
}
