//! Moment — where each step of the programme stands, derived from what was
//! written (SPEC §3). A step that a record completes is done when that
//! record exists, with the record's date, and undone when it is removed;
//! a worker never ticks what a record already says. A step done outside
//! insats can still be checked by hand, with a date and a reason, and is
//! shown as such. Fas 2's duties recur: they are status lines, not boxes.

use chrono::NaiveDate;

use super::casefile::{CaseFile, live};
use super::due::{Rules, missing_reflection_weeks, progress_report_due};
use super::note::{IsoWeek, Participant};
use super::phase::{Phase, Step};
use super::rating::Occasion;
use super::report::ReportKind;

/// The record that completes a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// The first note: the first meeting with the family (alliansskapande).
    FirstNote,
    /// The genomförandeplan, set (fastställd).
    Plan,
    /// The mapping of risk and protective factors.
    Mapping,
    Rating(Occasion),
    Report(ReportKind),
    /// A note of Fas 3 with the network (school, health care, relatives).
    NetworkNote,
    /// A goal started in Fas 3.
    NewGoal,
    /// A note of Fas 3 with the social secretary.
    MeetingNote,
    FollowUp,
}

/// How a step was done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    /// A record says so.
    Record { on: NaiveDate, by: Evidence },
    /// Checked by hand, with why (done outside insats, or a step no record
    /// completes).
    Hand { on: NaiveDate, note: String },
}

impl Done {
    pub fn on(&self) -> NaiveDate {
        match self {
            Done::Record { on, .. } | Done::Hand { on, .. } => *on,
        }
    }

    pub fn by_hand(&self) -> bool {
        matches!(self, Done::Hand { .. })
    }
}

/// Fas 2's duties come back every week or six weeks: never done once.
pub fn recurs(step: Step) -> bool {
    step.phase() == Phase::Treatment
}

/// Whether checking the step by hand needs a reason: yes for a step a
/// record of its own completes (the plan, a rating, a report, the
/// follow-up) — by hand it was done outside insats; no for the steps whose
/// work the programme leaves to the worker's judgement (alliansskapande,
/// nätverksarbete, ny målfokusering, the closing meeting).
pub fn needs_reason(step: Step) -> bool {
    !recurs(step)
        && !matches!(
            step,
            Step::Alliance | Step::NetworkWork | Step::NewGoalFocus | Step::ClosingMeeting
        )
}

/// Where a step stands: done by a record (the earliest that completes
/// it), else by hand, else not done. A recurring duty is never done.
pub fn step_done(file: &CaseFile, step: Step) -> Option<Done> {
    if recurs(step) {
        return None;
    }
    evidence(file, step)
        .map(|(on, by)| Done::Record { on, by })
        .or_else(|| {
            file.case.body.step_done(step).map(|c| Done::Hand {
                on: c.done_on,
                note: c.note.clone(),
            })
        })
}

/// The steps the checklist shows: the current phase's, then any step of an
/// earlier phase still not done (it stays due, so it stays in sight).
pub fn checklist(file: &CaseFile) -> Vec<Step> {
    let phase = file.case.body.phase();
    let mut steps = phase.steps().to_vec();
    for earlier in Phase::ALL.into_iter().filter(|p| *p < phase) {
        steps.extend(
            earlier
                .steps()
                .iter()
                .filter(|s| !recurs(**s) && step_done(file, **s).is_none()),
        );
    }
    steps
}

/// How many of a phase's one-time steps are done, of how many.
pub fn phase_progress(file: &CaseFile, phase: Phase) -> (usize, usize) {
    let once: Vec<&Step> = phase.steps().iter().filter(|s| !recurs(**s)).collect();
    let done = once
        .iter()
        .filter(|s| step_done(file, ***s).is_some())
        .count();
    (done, once.len())
}

/// The record that completes `step`, and its date.
fn evidence(file: &CaseFile, step: Step) -> Option<(NaiveDate, Evidence)> {
    let case = &file.case.body;
    let fas3 = case.phase_began(Phase::Generalising);
    let note_in_fas3 = |with: Participant| {
        let fas3 = fas3?;
        live(&file.notes)
            .filter(|n| n.date >= fas3 && n.participants.contains(&with))
            .map(|n| n.date)
            .min()
    };
    let report = |kind| {
        live(&file.reports)
            .filter(|r| r.kind == kind)
            .map(|r| r.sent_on)
            .min()
    };
    let rating = |occasion| {
        live(&file.ratings)
            .filter(|r| r.occasion == occasion)
            .map(|r| r.date)
            .min()
    };
    let found = match step {
        Step::Alliance => (live(&file.notes).map(|n| n.date).min(), Evidence::FirstNote),
        Step::ImplementationPlan => (
            file.plan
                .as_ref()
                .filter(|p| p.is_live())
                .and_then(|p| p.body.set_on),
            Evidence::Plan,
        ),
        Step::InitialMapping => (
            live(&file.factors)
                .filter(|f| f.source == super::plan::FactorSource::Mapping)
                .map(|f| f.noted_on)
                .min(),
            Evidence::Mapping,
        ),
        Step::FirstRating => (
            rating(Occasion::Initial),
            Evidence::Rating(Occasion::Initial),
        ),
        Step::Fas1Report => (report(ReportKind::Fas1), Evidence::Report(ReportKind::Fas1)),
        Step::NetworkWork => (note_in_fas3(Participant::Other), Evidence::NetworkNote),
        Step::NewGoalFocus => (
            fas3.and_then(|fas3| {
                live(&file.goals)
                    .filter(|g| g.started_on >= fas3)
                    .map(|g| g.started_on)
                    .min()
            }),
            Evidence::NewGoal,
        ),
        Step::ClosingMeeting => (
            note_in_fas3(Participant::SocialSecretary),
            Evidence::MeetingNote,
        ),
        Step::ClosingReport => (
            report(ReportKind::Closing),
            Evidence::Report(ReportKind::Closing),
        ),
        Step::ClosingRating => (
            rating(Occasion::Closing),
            Evidence::Rating(Occasion::Closing),
        ),
        Step::FamilyFollowUp => (
            live(&file.follow_ups).map(|f| f.date).min(),
            Evidence::FollowUp,
        ),
        Step::GoalReflections
        | Step::IncidentAnalyses
        | Step::MethodBank
        | Step::ProgressReports => (None, Evidence::FirstNote),
    };
    found.0.map(|on| (on, found.1))
}

/// Where a recurring duty of Fas 2 stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Duty {
    /// The latest week reflected, the weeks still missing, and this week
    /// with its Sunday when it is still to be written.
    Reflections {
        last: Option<IsoWeek>,
        missing: Vec<IsoWeek>,
        this_week: Option<(IsoWeek, NaiveDate)>,
    },
    /// How many incident analyses, and the latest.
    Incidents {
        count: usize,
        latest: Option<NaiveDate>,
    },
    /// The methods of the programme's bank (000).
    MethodBank,
    /// The last report sent, and when the next is due.
    ProgressReport {
        last_sent: Option<NaiveDate>,
        next_due: Option<NaiveDate>,
    },
}

/// Where the recurring duty `step` stands on `today`; None for a step
/// that does not recur.
pub fn duty(file: &CaseFile, step: Step, today: NaiveDate, rules: &Rules) -> Option<Duty> {
    let case = &file.case.body;
    Some(match step {
        Step::GoalReflections => {
            let last = live(&file.reflections).map(|r| r.week).max();
            let week = IsoWeek::of(today);
            let open = case.phase() == Phase::Treatment && !case.is_closed();
            let missing: Vec<IsoWeek> = missing_reflection_weeks(file, today)
                .unwrap_or_default()
                .into_iter()
                .filter(|w| *w != week)
                .collect();
            let this_week =
                (open && file.reflection_for(week).is_none()).then(|| (week, week.sunday()));
            Duty::Reflections {
                last,
                missing,
                this_week,
            }
        }
        Step::IncidentAnalyses => Duty::Incidents {
            count: live(&file.incidents).count(),
            latest: live(&file.incidents).map(|i| i.when.date()).max(),
        },
        Step::MethodBank => Duty::MethodBank,
        Step::ProgressReports => Duty::ProgressReport {
            last_sent: file.last_report_sent(),
            next_due: progress_report_due(file, rules),
        },
        _ => return None,
    })
}
