use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use proptest::prelude::*;

use super::*;
use crate::domain::case::{Case, CaseStatus, Place};
use crate::domain::due::{Rules, due_items, pause_periods, progress_report_due};
use crate::domain::note::{IsoWeek, Reflection};
use crate::domain::plan::{Factor, FactorKind, FactorSource, Goal, GoalOrigin, GoalStatus, Plan};
use crate::domain::rating::{Instrument, Occasion, Rating};
use crate::domain::report::{FollowUp, FollowUpOutcome, NotAsked, Report, ReportKind};
use crate::domain::steps::{checklist, phase_progress, step_done};

const CODE: &str = "2026-001";

fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + Duration::days(n)
}

fn at(date: NaiveDate) -> NaiveDateTime {
    date.and_time(NaiveTime::MIN)
}

fn push<T: Clone + PartialEq>(list: &mut Vec<Record<T>>, body: T, on: NaiveDate) {
    let seq = CaseFile::next_seq(list);
    list.push(Record::new(CODE, seq, body, "ab", at(on)));
}

/// One thing a worker does to a case: every kind of write, edit and removal
/// the rules can see.
#[derive(Debug, Clone)]
enum Op {
    Note { on: i64, child: bool, with: u8 },
    EditNoteDate(usize, i64),
    Report(u8, i64),
    Reflection(i64),
    Goal(i64),
    EndGoal(usize),
    Factor(i64, bool),
    Rating(bool, i64),
    Plan(Option<i64>),
    FollowUp(i64),
    Forward(i64),
    Back(i64),
    Pause(i64),
    Resume(i64),
    Close(i64),
    Remove(u8, usize),
}

fn op() -> impl Strategy<Value = Op> {
    let on = 0i64..500;
    prop_oneof![
        4 => (on.clone(), any::<bool>(), 0u8..4).prop_map(|(on, child, with)| Op::Note { on, child, with }),
        1 => (0usize..8, on.clone()).prop_map(|(i, on)| Op::EditNoteDate(i, on)),
        1 => (0u8..3, on.clone()).prop_map(|(k, on)| Op::Report(k, on)),
        2 => on.clone().prop_map(Op::Reflection),
        1 => on.clone().prop_map(Op::Goal),
        1 => (0usize..4).prop_map(Op::EndGoal),
        1 => (on.clone(), any::<bool>()).prop_map(|(on, m)| Op::Factor(on, m)),
        1 => (any::<bool>(), on.clone()).prop_map(|(c, on)| Op::Rating(c, on)),
        1 => proptest::option::of(on.clone()).prop_map(Op::Plan),
        1 => on.clone().prop_map(Op::FollowUp),
        2 => on.clone().prop_map(Op::Forward),
        1 => on.clone().prop_map(Op::Back),
        1 => on.clone().prop_map(Op::Pause),
        1 => on.clone().prop_map(Op::Resume),
        1 => on.clone().prop_map(Op::Close),
        2 => (0u8..9, 0usize..8).prop_map(|(k, i)| Op::Remove(k, i)),
    ]
}

fn note(on: NaiveDate, child: bool, with: u8) -> Note {
    let with = [
        Participant::Parent,
        Participant::Child,
        Participant::Other,
        Participant::SocialSecretary,
    ][with as usize];
    Note {
        date: on,
        start: NaiveTime::MIN,
        minutes: 60,
        place: Place::Home,
        participants: vec![with],
        child_took_part: child,
        child_words: "ord".into(),
        text: "text".into(),
        goals: vec![1],
    }
}

fn set_status(f: &mut CaseFile, status: CaseStatus, on: NaiveDate) {
    let mut body = f.case.body.clone();
    body.status = status;
    f.case.edit(body, "ab", at(on));
}

fn remove<T: Clone + PartialEq>(list: &mut [Record<T>], i: usize, on: NaiveDate) {
    if let Some(r) = list.get_mut(i) {
        r.remove("fel", "ab", at(on));
    }
}

fn apply(f: &mut CaseFile, op: &Op) {
    let start = f.case.body.start;
    let on = |n: &i64| start + Duration::days(*n);
    match op {
        Op::Note { on: n, child, with } => push(&mut f.notes, note(on(n), *child, *with), on(n)),
        Op::EditNoteDate(i, n) => {
            if let Some(r) = f.notes.get_mut(*i) {
                let mut body = r.body.clone();
                body.date = on(n);
                r.edit(body, "ab", at(on(n)));
            }
        }
        Op::Report(k, n) => {
            let kind = [ReportKind::Fas1, ReportKind::Progress, ReportKind::Closing][*k as usize];
            let body = Report {
                kind,
                from: on(n),
                to: on(n),
                sent_on: on(n),
                recipient: "soc".into(),
                text: "rapport".into(),
            };
            push(&mut f.reports, body, on(n));
        }
        Op::Reflection(n) => {
            let body = Reflection {
                week: IsoWeek::of(on(n)),
                date: on(n),
                participants: vec![Participant::Parent],
                scores: vec![],
                system_view: "s".into(),
                child_voice: "c".into(),
                next_step: "n".into(),
            };
            push(&mut f.reflections, body, on(n));
        }
        Op::Goal(n) => {
            let body = Goal {
                title: format!("Mål {n}"),
                description: "d".into(),
                origin: GoalOrigin::SocialSecretary,
                area: None,
                priority: 1,
                started_on: on(n),
                status: GoalStatus::Active,
            };
            push(&mut f.goals, body, on(n));
        }
        Op::EndGoal(i) => {
            if let Some(r) = f.goals.get_mut(*i) {
                let mut body = r.body.clone();
                body.status = GoalStatus::Achieved(r.body.started_on);
                r.edit(body, "ab", r.meta.updated_at);
            }
        }
        Op::Factor(n, mapping) => {
            let body = Factor {
                kind: FactorKind::Risk,
                text: "trångbott".into(),
                area: None,
                noted_on: on(n),
                source: if *mapping {
                    FactorSource::Mapping
                } else {
                    FactorSource::Incident(1)
                },
            };
            push(&mut f.factors, body, on(n));
        }
        Op::Rating(closing, n) => {
            let occasion = if *closing {
                Occasion::Closing
            } else {
                Occasion::Initial
            };
            push(
                &mut f.ratings,
                Rating::preset(Instrument::Apq, occasion, on(n)),
                on(n),
            );
        }
        Op::Plan(set) => {
            let body = Plan {
                set_on: set.as_ref().map(on),
                follow_up: "varje månad".into(),
                ..Plan::default()
            };
            match &mut f.plan {
                Some(p) => p.edit(body, "ab", p.meta.updated_at),
                None => f.plan = Some(Record::new(CODE, 1, body, "ab", at(start))),
            }
        }
        Op::FollowUp(n) => {
            let body = FollowUp {
                date: on(n),
                outcome: FollowUpOutcome::NotAsked(NotAsked::Declined),
            };
            push(&mut f.follow_ups, body, on(n));
        }
        Op::Forward(n) => {
            f.case.body.phase_forward(on(n));
        }
        Op::Back(n) => {
            f.case.body.phase_back(on(n));
        }
        Op::Pause(n) => set_status(f, CaseStatus::Paused, on(n)),
        Op::Resume(n) => set_status(f, CaseStatus::Active, on(n)),
        Op::Close(n) => f.case.body.close(on(n), "klart"),
        Op::Remove(kind, i) => {
            let when = on(&400);
            match kind {
                0 | 1 => remove(&mut f.notes, *i, when),
                2 => remove(&mut f.reports, *i, when),
                3 => remove(&mut f.reflections, *i, when),
                4 => remove(&mut f.goals, *i, when),
                5 => remove(&mut f.factors, *i, when),
                6 => remove(&mut f.ratings, *i, when),
                7 => remove(&mut f.follow_ups, *i, when),
                _ => {
                    if let Some(p) = &mut f.plan {
                        p.remove("fel", "ab", at(when));
                    }
                }
            }
        }
    }
}

fn start_file(start: i64) -> CaseFile {
    let on = day(start);
    CaseFile::new(Record::new(
        CODE,
        0,
        Case::new(CODE, "Fam A", on),
        "ab",
        at(on),
    ))
}

/// Everything the list, the flags and the overdue view read of a case is
/// the same from its summary as from its whole file.
fn same_for_the_rules(
    full: &CaseFile,
    thin: &CaseFile,
    today: NaiveDate,
) -> Result<(), TestCaseError> {
    let rules = Rules::default();
    prop_assert_eq!(
        due_items(thin, today, &rules),
        due_items(full, today, &rules)
    );
    for phase in Phase::ALL {
        for step in phase.steps() {
            prop_assert_eq!(step_done(thin, *step), step_done(full, *step), "{:?}", step);
        }
        prop_assert_eq!(phase_progress(thin, phase), phase_progress(full, phase));
    }
    prop_assert_eq!(checklist(thin), checklist(full));
    prop_assert_eq!(thin.last_contact(), full.last_contact());
    prop_assert_eq!(thin.last_child_contact(), full.last_child_contact());
    prop_assert_eq!(thin.last_report_sent(), full.last_report_sent());
    prop_assert_eq!(
        progress_report_due(thin, &rules),
        progress_report_due(full, &rules)
    );
    prop_assert_eq!(thin.treatment_weeks(today), full.treatment_weeks(today));
    // The case as the list shows it; of its history, the pauses.
    prop_assert_eq!(pause_periods(thin), pause_periods(full));
    let mut body = full.case.body.clone();
    body.assignment.clear();
    prop_assert_eq!(&thin.case.body, &body);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_summary_tells_the_rules_what_the_records_do(
        start in 0i64..400,
        ops in proptest::collection::vec(op(), 0..40),
        today in 0i64..1000,
    ) {
        let mut full = start_file(start);
        for op in &ops {
            apply(&mut full, op);
            // After every kind of write, edit and removal.
            let thin = summarize(&full);
            same_for_the_rules(&full, &thin, day(today))?;
        }
        let thin = summarize(&full);
        // Made again from itself, a summary is itself: nothing it needs is
        // left out of it.
        prop_assert_eq!(summarize(&thin), thin.clone());
        same_for_the_rules(&full, &thin, day(today))?;
    }
}

#[test]
fn a_summary_holds_no_text_and_few_notes() {
    let mut f = start_file(0);
    for n in 0..100 {
        apply(
            &mut f,
            &Op::Note {
                on: n,
                child: n % 3 == 0,
                with: (n % 4) as u8,
            },
        );
    }
    apply(&mut f, &Op::Reflection(10));
    apply(&mut f, &Op::Report(0, 20));
    // Not yet in the journal, every note is kept, without its text.
    let thin = summarize(&f);
    assert_eq!(thin.notes.len(), 100);
    assert!(thin.notes.iter().all(|n| n.body.text.is_empty()));
    // Entered, only those a rule reads.
    let all = crate::domain::journal::JournalKinds::default();
    for (seq, o) in crate::domain::journal::owed(&f, all).iter().enumerate() {
        let t = o.entered(o.date, "");
        let at = f.case.meta.created_at;
        f.transfers
            .push(Record::new("2026-001", seq as u32 + 1, t, "ab", at));
    }
    let thin = summarize(&f);
    assert!(thin.notes.len() <= 5, "{}", thin.notes.len());
    assert!(thin.notes.iter().all(|n| n.body.text.is_empty()));
    assert!(thin.reports.iter().all(|r| r.body.text.is_empty()));
    assert!(
        thin.reflections
            .iter()
            .all(|r| r.body.system_view.is_empty() && r.body.scores.is_empty())
    );
    assert_eq!(thin.last_contact(), f.last_contact());
}
