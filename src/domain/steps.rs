//! Moment — where each step of the programme stands, derived from what was
//! written (the programme's phases, 000). A step that a record completes is done when that
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
            // A closed case owes no reflections.
            let missing: Vec<IsoWeek> = if case.is_closed() {
                Vec::new()
            } else {
                missing_reflection_weeks(file, today)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|w| *w != week)
                    .collect()
            };
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

#[cfg(test)]
mod tests {
    use chrono::{NaiveDateTime, NaiveTime};

    use super::*;
    use crate::domain::case::{Case, Place, StepCheck};
    use crate::domain::note::Note;
    use crate::domain::plan::{
        Factor, FactorKind, FactorSource, Goal, GoalOrigin, GoalStatus, Plan,
    };
    use crate::domain::rating::{Instrument, Rating};
    use crate::domain::record::Record;
    use crate::domain::report::{FollowUp, FollowUpOutcome, NotAsked, Report};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn at(date: NaiveDate) -> NaiveDateTime {
        date.and_time(NaiveTime::MIN)
    }

    /// A case that began 2026-09-01, Fas 2 on 2026-10-13, Fas 3 on 2026-11-02.
    fn file() -> CaseFile {
        let mut case = Case::new("2026-001", "Fam A", d("2026-09-01"));
        case.phase_forward(d("2026-10-13"));
        case.phase_forward(d("2026-11-02"));
        CaseFile::new(Record::new("2026-001", 0, case, "ab", at(d("2026-09-01"))))
    }

    fn record<T: Clone + PartialEq>(body: T, on: &str) -> Record<T> {
        Record::new("2026-001", 1, body, "ab", at(d(on)))
    }

    fn note(on: &str, with: Participant) -> Record<Note> {
        record(
            Note {
                date: d(on),
                start: NaiveTime::MIN,
                minutes: 60,
                place: Place::Home,
                participants: vec![Participant::Parent, with],
                child_took_part: false,
                child_words: String::new(),
                text: "x".into(),
                goals: vec![],
            },
            on,
        )
    }

    fn report(kind: ReportKind, on: &str) -> Record<Report> {
        record(
            Report {
                kind,
                from: d("2026-09-01"),
                to: d(on),
                sent_on: d(on),
                recipient: String::new(),
                text: String::new(),
            },
            on,
        )
    }

    /// Each step with the record that completes it: saved, the step is
    /// done with the record's date; removed, it is not.
    fn done_then_undone(
        step: Step,
        on: &str,
        add: impl Fn(&mut CaseFile),
        remove: impl Fn(&mut CaseFile),
    ) {
        let mut f = file();
        assert_eq!(step_done(&f, step), None, "{step:?} before its record");
        add(&mut f);
        let done = step_done(&f, step).unwrap_or_else(|| panic!("{step:?} with its record"));
        assert_eq!(done.on(), d(on), "{step:?}");
        assert!(!done.by_hand());
        remove(&mut f);
        assert_eq!(
            step_done(&f, step),
            None,
            "{step:?} after its record was removed"
        );
    }

    fn gone<T: Clone + PartialEq>(list: &mut [Record<T>]) {
        for r in list {
            r.remove("fel", "ab", at(d("2026-11-20")));
        }
    }

    #[test]
    fn every_step_follows_the_record_that_completes_it() {
        done_then_undone(
            Step::Alliance,
            "2026-09-03",
            |f| f.notes.push(note("2026-09-03", Participant::Parent)),
            |f| gone(&mut f.notes),
        );
        done_then_undone(
            Step::ImplementationPlan,
            "2026-09-20",
            |f| {
                let plan = Plan {
                    set_on: Some(d("2026-09-20")),
                    ..Plan::default()
                };
                f.plan = Some(record(plan, "2026-09-21"));
            },
            |f| {
                if let Some(p) = &mut f.plan {
                    p.remove("fel", "ab", at(d("2026-11-20")));
                }
            },
        );
        done_then_undone(
            Step::InitialMapping,
            "2026-09-15",
            |f| {
                f.factors.push(record(
                    Factor {
                        kind: FactorKind::Risk,
                        text: "trångbott".into(),
                        area: None,
                        noted_on: d("2026-09-15"),
                        source: FactorSource::Mapping,
                    },
                    "2026-09-16",
                ))
            },
            |f| gone(&mut f.factors),
        );
        for (step, occasion) in [
            (Step::FirstRating, Occasion::Initial),
            (Step::ClosingRating, Occasion::Closing),
        ] {
            done_then_undone(
                step,
                "2026-09-12",
                |f| {
                    let r = Rating::preset(Instrument::Apq, occasion, d("2026-09-12"));
                    f.ratings.push(record(r, "2026-09-13"));
                },
                |f| gone(&mut f.ratings),
            );
        }
        for (step, kind) in [
            (Step::Fas1Report, ReportKind::Fas1),
            (Step::ClosingReport, ReportKind::Closing),
        ] {
            done_then_undone(
                step,
                "2026-10-10",
                |f| f.reports.push(report(kind, "2026-10-10")),
                |f| gone(&mut f.reports),
            );
        }
        for (step, with) in [
            (Step::NetworkWork, Participant::Other),
            (Step::ClosingMeeting, Participant::SocialSecretary),
        ] {
            done_then_undone(
                step,
                "2026-11-05",
                |f| f.notes.push(note("2026-11-05", with)),
                |f| gone(&mut f.notes),
            );
        }
        done_then_undone(
            Step::NewGoalFocus,
            "2026-11-04",
            |f| {
                f.goals.push(record(
                    Goal {
                        title: "Nytt".into(),
                        description: String::new(),
                        origin: GoalOrigin::Parent,
                        area: None,
                        priority: 1,
                        started_on: d("2026-11-04"),
                        status: GoalStatus::Active,
                    },
                    "2026-11-04",
                ))
            },
            |f| gone(&mut f.goals),
        );
        done_then_undone(
            Step::FamilyFollowUp,
            "2026-12-01",
            |f| {
                let body = FollowUp {
                    date: d("2026-12-01"),
                    outcome: FollowUpOutcome::NotAsked(NotAsked::Declined),
                };
                f.follow_ups.push(record(body, "2026-12-01"));
            },
            |f| gone(&mut f.follow_ups),
        );
    }

    #[test]
    fn what_does_not_complete_a_step_leaves_it_open() {
        let mut f = file();
        // A plan not yet set, a mapping factor found in an incident, a
        // network note before Fas 3, an interim rating, a progress report.
        f.plan = Some(record(Plan::default(), "2026-09-20"));
        f.notes.push(note("2026-10-01", Participant::Other));
        let interim = Rating::preset(Instrument::Apq, Occasion::Interim, d("2026-10-01"));
        f.ratings.push(record(interim, "2026-10-01"));
        f.reports.push(report(ReportKind::Progress, "2026-10-30"));
        f.factors.push(record(
            Factor {
                kind: FactorKind::Protective,
                text: "mormor".into(),
                area: None,
                noted_on: d("2026-10-02"),
                source: FactorSource::Incident(1),
            },
            "2026-10-02",
        ));
        for step in [
            Step::ImplementationPlan,
            Step::InitialMapping,
            Step::FirstRating,
            Step::Fas1Report,
            Step::NetworkWork,
            Step::ClosingRating,
            Step::ClosingReport,
        ] {
            assert_eq!(step_done(&f, step), None, "{step:?}");
        }
    }

    #[test]
    fn a_hand_check_counts_and_says_so_and_a_record_wins() {
        let mut f = file();
        f.case.body.steps.push(StepCheck {
            step: Step::Fas1Report,
            done_on: d("2026-10-09"),
            note: "per post".into(),
        });
        assert_eq!(
            step_done(&f, Step::Fas1Report),
            Some(Done::Hand {
                on: d("2026-10-09"),
                note: "per post".into()
            })
        );
        f.reports.push(report(ReportKind::Fas1, "2026-10-10"));
        assert!(!step_done(&f, Step::Fas1Report).unwrap().by_hand());
    }

    #[test]
    fn fas_2_duties_recur_and_are_never_done_once() {
        let mut f = file();
        f.case.body.steps.push(StepCheck {
            step: Step::GoalReflections,
            done_on: d("2026-10-20"),
            note: String::new(),
        });
        for step in Phase::Treatment.steps() {
            assert!(recurs(*step));
            assert_eq!(step_done(&f, *step), None);
        }
        assert_eq!(phase_progress(&f, Phase::Treatment), (0, 0));
        // An earlier phase's undone one-time step stays on the checklist;
        // a recurring one does not follow the case into Fas 3.
        let list = checklist(&f);
        assert_eq!(&list[..6], Phase::Generalising.steps());
        assert!(list.contains(&Step::Fas1Report));
        assert!(!list.contains(&Step::GoalReflections));
    }

    #[test]
    fn the_progress_report_duty_says_when_the_next_is_due() {
        let mut f = file();
        // Back in Fas 2.
        f.case.body.phase_back(d("2026-11-10"));
        f.reports.push(report(ReportKind::Fas1, "2026-10-10"));
        let rules = Rules::default();
        let Some(Duty::ProgressReport {
            last_sent,
            next_due,
        }) = duty(&f, Step::ProgressReports, d("2026-11-20"), &rules)
        else {
            panic!("a progress report duty");
        };
        assert_eq!(last_sent, Some(d("2026-10-10")));
        // Six weeks after Fas 2 began (2026-10-13), later than the report.
        assert_eq!(next_due, Some(d("2026-11-24")));
    }
}
