//! Behandlingsrapport and avslutsuppföljning: reports to the social
//! secretary and the family's own follow-up at closure (study 002).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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
    pub from: NaiveDate,
    pub to: NaiveDate,
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FollowUpOutcome {
    Asked(Interview),
    NotAsked(NotAsked),
}

/// Avslutsuppföljning — the family's follow-up at closure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUp {
    pub date: NaiveDate,
    pub outcome: FollowUpOutcome,
}
