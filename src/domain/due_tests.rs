use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use proptest::prelude::*;

use super::*;
use crate::domain::case::{Case, Place};
use crate::domain::note::{Note, Reflection};
use crate::domain::plan::{Goal, GoalOrigin, GoalStatus};
use crate::domain::rating::{Instrument, Occasion, Rating};
use crate::domain::record::Record;
use crate::domain::report::{FollowUp, FollowUpOutcome, NotAsked, Report, ReportKind};

pub(super) fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub(super) fn at(date: NaiveDate) -> NaiveDateTime {
    date.and_time(NaiveTime::MIN)
}

pub(super) fn file(start: &str) -> CaseFile {
    let start = d(start);
    CaseFile::new(Record::new(
        "2026-001",
        0,
        Case::new("2026-001", "Fam A", start),
        "ab",
        at(start),
    ))
}

pub(super) fn with_phase(mut f: CaseFile, phase: Phase, on: &str) -> CaseFile {
    while f.case.body.phase() != phase {
        f.case.body.phase_forward(d(on));
    }
    f
}

fn report(f: &mut CaseFile, kind: ReportKind, sent: &str) {
    let sent = d(sent);
    let seq = CaseFile::next_seq(&f.reports);
    let body = Report {
        kind,
        from: sent,
        to: sent,
        sent_on: sent,
        recipient: String::new(),
        text: String::new(),
    };
    f.reports
        .push(Record::new("2026-001", seq, body, "ab", at(sent)));
}

pub(super) fn reflection(f: &mut CaseFile, on: &str) {
    let on = d(on);
    let seq = CaseFile::next_seq(&f.reflections);
    let body = Reflection {
        week: IsoWeek::of(on),
        date: on,
        participants: vec![],
        scores: vec![],
        system_view: String::new(),
        child_voice: String::new(),
        next_step: String::new(),
    };
    f.reflections
        .push(Record::new("2026-001", seq, body, "ab", at(on)));
}

fn note(f: &mut CaseFile, on: &str, child: bool) {
    let on = d(on);
    let seq = CaseFile::next_seq(&f.notes);
    let body = Note {
        date: on,
        start: NaiveTime::MIN,
        minutes: 60,
        place: Place::Home,
        participants: vec![],
        child_took_part: child,
        child_words: String::new(),
        text: "x".into(),
        goals: vec![],
    };
    f.notes
        .push(Record::new("2026-001", seq, body, "ab", at(on)));
}

fn goal(f: &mut CaseFile, started: &str) {
    let started = d(started);
    let seq = CaseFile::next_seq(&f.goals);
    let body = Goal {
        title: format!("Mål {seq}"),
        description: String::new(),
        origin: GoalOrigin::SocialSecretary,
        area: None,
        priority: seq as u8,
        started_on: started,
        status: GoalStatus::Active,
    };
    f.goals
        .push(Record::new("2026-001", seq, body, "ab", at(started)));
}

pub(super) fn item(f: &CaseFile, today: &str, pick: impl Fn(&DueKind) -> bool) -> Option<DueItem> {
    due_items(f, d(today), &Rules::default())
        .into_iter()
        .find(|i| pick(&i.kind))
}

fn state(f: &CaseFile, today: &str, pick: impl Fn(&DueKind) -> bool) -> Option<DueState> {
    item(f, today, pick).map(|i| i.state)
}

#[test]
fn fas1_report_is_overdue_on_day_43_not_42() {
    let f = file("2026-09-01");
    let is = |k: &DueKind| *k == DueKind::Fas1Report;
    // Day 42 is 2026-10-13: due today, not yet overdue.
    assert_eq!(item(&f, "2026-10-13", is).unwrap().due, d("2026-10-13"));
    assert_eq!(state(&f, "2026-10-13", is), Some(DueState::DueSoon));
    assert_eq!(state(&f, "2026-10-14", is), Some(DueState::Overdue));
    // Seven days ahead is due soon, eight is ok.
    assert_eq!(state(&f, "2026-10-06", is), Some(DueState::DueSoon));
    assert_eq!(state(&f, "2026-10-05", is), Some(DueState::Ok));
}

#[test]
fn the_acceptance_case_82_days_in() {
    let f = file("2026-09-01");
    let i = item(&f, "2026-11-22", |k| *k == DueKind::Fas1Report).unwrap();
    assert_eq!(i.state, DueState::Overdue);
    assert_eq!(i.days_late(d("2026-11-22")), 40);
}

#[test]
fn fas1_report_done_when_sent() {
    let mut f = file("2026-09-01");
    report(&mut f, ReportKind::Fas1, "2026-10-10");
    assert_eq!(state(&f, "2026-11-22", |k| *k == DueKind::Fas1Report), None);
}

#[test]
fn fas1_steps_and_length_at_their_boundary() {
    let mut f = file("2026-09-01");
    for step in [
        Step::ImplementationPlan,
        Step::InitialMapping,
        Step::FirstRating,
    ] {
        let is = |k: &DueKind| *k == DueKind::Fas1Step(step);
        assert_eq!(state(&f, "2026-10-13", is), Some(DueState::DueSoon));
        assert_eq!(state(&f, "2026-10-14", is), Some(DueState::Overdue));
    }
    let len = |k: &DueKind| *k == DueKind::Fas1Length;
    assert_eq!(state(&f, "2026-10-14", len), Some(DueState::Overdue));
    f.case
        .body
        .toggle_step(Step::InitialMapping, d("2026-09-20"));
    assert_eq!(
        state(&f, "2026-10-14", |k| *k
            == DueKind::Fas1Step(Step::InitialMapping)),
        None
    );
    let f = with_phase(f, Phase::Treatment, "2026-10-10");
    assert_eq!(state(&f, "2026-10-14", len), None);
}

#[test]
fn progress_report_clock_resets_when_a_report_is_sent() {
    let mut f = with_phase(file("2026-01-05"), Phase::Treatment, "2026-02-09");
    let is = |k: &DueKind| *k == DueKind::ProgressReport;
    // No report since Fas 2 began: due six weeks after 2026-02-09.
    assert_eq!(item(&f, "2026-03-01", is).unwrap().due, d("2026-03-23"));
    assert_eq!(state(&f, "2026-03-23", is), Some(DueState::DueSoon));
    assert_eq!(state(&f, "2026-03-24", is), Some(DueState::Overdue));
    report(&mut f, ReportKind::Progress, "2026-03-20");
    let i = item(&f, "2026-03-24", is).unwrap();
    assert_eq!(i.due, d("2026-05-01"));
    assert_eq!(i.state, DueState::Ok);
    // A Fas 1 report sent before Fas 2 began does not pull the clock back.
    let mut g = with_phase(file("2026-01-05"), Phase::Treatment, "2026-02-09");
    report(&mut g, ReportKind::Fas1, "2026-02-01");
    assert_eq!(item(&g, "2026-03-01", is).unwrap().due, d("2026-03-23"));
}

#[test]
fn progress_reports_go_on_in_fas3_until_the_closing_report() {
    let mut f = with_phase(file("2026-01-05"), Phase::Generalising, "2026-02-09");
    assert!(item(&f, "2026-03-01", |k| *k == DueKind::ProgressReport).is_some());
    report(&mut f, ReportKind::Closing, "2026-03-02");
    assert!(item(&f, "2026-03-03", |k| *k == DueKind::ProgressReport).is_none());
}

#[test]
fn leap_day_start() {
    // Fas 1 from 2028-02-29: six weeks later is 2028-04-11.
    let f = file("2028-02-29");
    let i = item(&f, "2028-04-11", |k| *k == DueKind::Fas1Report).unwrap();
    assert_eq!(i.due, d("2028-04-11"));
    assert_eq!(i.state, DueState::DueSoon);
    assert_eq!(
        state(&f, "2028-04-12", |k| *k == DueKind::Fas1Report),
        Some(DueState::Overdue)
    );
}

#[test]
fn goal_reaches_its_limit_at_20_weeks() {
    let mut f = with_phase(file("2026-01-05"), Phase::Treatment, "2026-02-09");
    goal(&mut f, "2026-02-09");
    let is = |k: &DueKind| matches!(k, DueKind::GoalLimit { goal: 1, .. });
    // 20 weeks = 140 days after 2026-02-09 is 2026-06-29.
    assert_eq!(item(&f, "2026-06-29", is).unwrap().due, d("2026-06-29"));
    assert_eq!(state(&f, "2026-06-29", is), Some(DueState::DueSoon));
    assert_eq!(state(&f, "2026-06-30", is), Some(DueState::Overdue));
    f.goals[0].body.status = GoalStatus::Achieved(d("2026-06-01"));
    assert_eq!(state(&f, "2026-06-30", is), None);
}

#[test]
fn fas3_closing_items_at_eight_weeks() {
    let mut f = with_phase(file("2026-01-05"), Phase::Generalising, "2026-06-01");
    for kind in [
        DueKind::Fas3Length,
        DueKind::ClosingReport,
        DueKind::ClosingRating,
    ] {
        let is = |k: &DueKind| *k == kind;
        assert_eq!(item(&f, "2026-07-27", is).unwrap().due, d("2026-07-27"));
        assert_eq!(state(&f, "2026-07-27", is), Some(DueState::DueSoon));
        assert_eq!(state(&f, "2026-07-28", is), Some(DueState::Overdue));
    }
    report(&mut f, ReportKind::Closing, "2026-07-20");
    assert_eq!(
        state(&f, "2026-07-28", |k| *k == DueKind::ClosingReport),
        None
    );
    let seq = CaseFile::next_seq(&f.ratings);
    let rating = Rating::preset(Instrument::Apq, Occasion::Closing, d("2026-07-21"));
    f.ratings.push(Record::new(
        "2026-001",
        seq,
        rating,
        "ab",
        at(d("2026-07-21")),
    ));
    assert_eq!(
        state(&f, "2026-07-28", |k| *k == DueKind::ClosingRating),
        None
    );
    assert_eq!(
        state(&f, "2026-07-28", |k| *k == DueKind::Fas3Length),
        Some(DueState::Overdue)
    );
}

#[test]
fn follow_up_is_due_14_days_after_closing_and_nothing_else_is() {
    let mut f = with_phase(file("2026-01-05"), Phase::Generalising, "2026-06-01");
    f.case.body.close(d("2026-07-20"), "mål uppnådda");
    let items = due_items(&f, d("2026-08-03"), &Rules::default());
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].kind, DueKind::FollowUp);
    assert_eq!(items[0].due, d("2026-08-03"));
    assert_eq!(items[0].state, DueState::DueSoon);
    assert_eq!(
        state(&f, "2026-08-04", |k| *k == DueKind::FollowUp),
        Some(DueState::Overdue)
    );
    let body = FollowUp {
        date: d("2026-08-01"),
        outcome: FollowUpOutcome::NotAsked(NotAsked::Declined),
    };
    f.follow_ups
        .push(Record::new("2026-001", 1, body, "ab", at(d("2026-08-01"))));
    // Then nothing is owed but the removal of the notes, 90 days on.
    let items = due_items(&f, d("2026-08-04"), &Rules::default());
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0].kind, DueKind::Purge);
    assert_eq!(items[0].due, d("2026-10-18"));
    assert_eq!(items[0].state, DueState::Ok);
    // Not while the journal is owed.
    note(&mut f, "2026-07-10", false);
    let items = due_items(&f, d("2026-08-04"), &Rules::default());
    assert!(items.iter().all(|i| i.kind != DueKind::Purge), "{items:?}");
}

#[test]
fn child_contact_flag_after_six_weeks_without_the_child() {
    let mut f = file("2026-09-01");
    let is = |k: &DueKind| matches!(k, DueKind::ChildContact { .. });
    assert_eq!(state(&f, "2026-10-13", is), Some(DueState::DueSoon));
    assert_eq!(state(&f, "2026-10-14", is), Some(DueState::Overdue));
    note(&mut f, "2026-10-01", false);
    assert_eq!(state(&f, "2026-10-14", is), Some(DueState::Overdue));
    note(&mut f, "2026-10-02", true);
    let i = item(&f, "2026-10-14", is).unwrap();
    assert_eq!(i.due, d("2026-11-13"));
    assert_eq!(
        i.kind,
        DueKind::ChildContact {
            last: Some(d("2026-10-02"))
        }
    );
}

#[test]
fn removed_records_do_not_count() {
    let mut f = file("2026-09-01");
    report(&mut f, ReportKind::Fas1, "2026-10-10");
    f.reports[0].remove("fel ärende", "ab", at(d("2026-10-11")));
    assert_eq!(
        state(&f, "2026-11-22", |k| *k == DueKind::Fas1Report),
        Some(DueState::Overdue)
    );
}

#[test]
fn rules_are_configurable() {
    let f = file("2026-09-01");
    let rules = Rules {
        fas1_weeks: 3,
        due_soon_days: 0,
        ..Rules::default()
    };
    let items = due_items(&f, d("2026-09-22"), &rules);
    let i = items
        .iter()
        .find(|i| i.kind == DueKind::Fas1Report)
        .unwrap();
    assert_eq!(i.due, d("2026-09-22"));
    assert_eq!(i.state, DueState::DueSoon);
}

#[test]
fn items_come_worst_first() {
    let f = with_phase(file("2026-01-05"), Phase::Treatment, "2026-10-01");
    let items = due_items(&f, d("2026-11-22"), &Rules::default());
    assert!(
        items
            .windows(2)
            .all(|w| (w[0].state, w[0].due) <= (w[1].state, w[1].due))
    );
    assert_eq!(worst(&items), DueState::Overdue);
    assert_eq!(worst(&[]), DueState::Ok);
}

// Property tests: random case histories.

fn date_from(days: i64) -> NaiveDate {
    d("2025-01-01") + chrono::Duration::days(days)
}

#[derive(Debug, Clone)]
struct History {
    start: i64,
    moves: Vec<i64>,
    reports: Vec<(u8, i64)>,
    reflections: Vec<i64>,
    goals: Vec<i64>,
    notes: Vec<(i64, bool)>,
    closed: Option<i64>,
    paused: bool,
}

fn history() -> impl Strategy<Value = History> {
    (
        0i64..700,
        proptest::collection::vec(0i64..200, 0..3),
        proptest::collection::vec((0u8..3, 0i64..400), 0..5),
        proptest::collection::vec(0i64..400, 0..20),
        proptest::collection::vec(0i64..300, 0..4),
        proptest::collection::vec((0i64..400, any::<bool>()), 0..6),
        proptest::option::of(0i64..400),
        any::<bool>(),
    )
        .prop_map(
            |(start, moves, reports, reflections, goals, notes, closed, paused)| History {
                start,
                moves,
                reports,
                reflections,
                goals,
                notes,
                closed,
                paused,
            },
        )
}

fn build(h: &History) -> CaseFile {
    let start = date_from(h.start);
    let mut f = file(&start.to_string());
    let mut on = start;
    for m in &h.moves {
        on += chrono::Duration::days(*m);
        f.case.body.phase_forward(on);
    }
    for (kind, off) in &h.reports {
        let kind = [ReportKind::Fas1, ReportKind::Progress, ReportKind::Closing][*kind as usize];
        report(
            &mut f,
            kind,
            &(start + chrono::Duration::days(*off)).to_string(),
        );
    }
    for off in &h.reflections {
        reflection(&mut f, &(start + chrono::Duration::days(*off)).to_string());
    }
    for off in &h.goals {
        goal(&mut f, &(start + chrono::Duration::days(*off)).to_string());
    }
    for (off, child) in &h.notes {
        note(
            &mut f,
            &(start + chrono::Duration::days(*off)).to_string(),
            *child,
        );
    }
    if h.paused {
        f.case.body.status = CaseStatus::Paused;
    }
    if let Some(off) = h.closed {
        f.case
            .body
            .close(start + chrono::Duration::days(off), "klart");
    }
    f
}

proptest! {
    #[test]
    fn later_today_never_clears_an_undone_overdue_item(h in history(), t1 in 0i64..1200, dt in 0i64..400) {
        let f = build(&h);
        let rules = Rules::default();
        let today1 = date_from(t1);
        let today2 = date_from(t1 + dt);
        let later = due_items(&f, today2, &rules);
        for item in due_items(&f, today1, &rules).into_iter().filter(|i| i.state == DueState::Overdue) {
            let same = later.iter().find(|l| l.kind == item.kind || matches!(
                (&l.kind, &item.kind),
                (DueKind::Reflections(_), DueKind::Reflections(_))
            ));
            prop_assert!(same.is_some(), "{:?} vanished", item.kind);
            let same = same.unwrap();
            prop_assert_eq!(same.state, DueState::Overdue);
            prop_assert_eq!(same.due, item.due);
        }
    }

    #[test]
    fn a_report_never_makes_anything_due_sooner(h in history(), kind in 0u8..3, off in 0i64..500, t in 0i64..1200) {
        let before_file = build(&h);
        let mut after_file = before_file.clone();
        let kind = [ReportKind::Fas1, ReportKind::Progress, ReportKind::Closing][kind as usize];
        let sent = before_file.case.body.start + chrono::Duration::days(off);
        report(&mut after_file, kind, &sent.to_string());
        let today = date_from(t);
        let rules = Rules::default();
        let before = due_items(&before_file, today, &rules);
        for item in due_items(&after_file, today, &rules) {
            let earlier = before.iter().find(|b| b.kind == item.kind);
            prop_assert!(earlier.is_some(), "{:?} appeared after a report", item.kind);
            prop_assert!(item.due >= earlier.unwrap().due);
        }
    }
}
