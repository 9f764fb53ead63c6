//! The weekly reflections' rule: due on Sunday, late on Monday, across
//! week 53, forgiven inside a pause, owed after a pause or the move to
//! Fas 3.

use super::tests::{at, d, file, item, reflection, with_phase};
use super::*;
use crate::domain::note::IsoWeek;

#[test]
fn weekly_reflection_is_due_on_sunday_and_overdue_on_monday() {
    // Fas 2 begins Wednesday 2026-11-18, week 47.
    let mut f = with_phase(file("2026-10-01"), Phase::Treatment, "2026-11-18");
    let is = |k: &DueKind| matches!(k, DueKind::Reflections(_));
    let sunday = item(&f, "2026-11-22", is).unwrap();
    assert_eq!(sunday.due, d("2026-11-22"));
    assert_eq!(sunday.state, DueState::DueSoon);
    assert_eq!(
        sunday.kind,
        DueKind::Reflections(vec![IsoWeek {
            year: 2026,
            week: 47
        }])
    );
    let monday = item(&f, "2026-11-23", is).unwrap();
    assert_eq!(monday.state, DueState::Overdue);
    assert_eq!(
        monday.kind,
        DueKind::Reflections(vec![IsoWeek {
            year: 2026,
            week: 47
        }])
    );
    // This week's is due soon apart, not late with last week's.
    let this_week: Vec<_> = due_items(&f, d("2026-11-23"), &Rules::default())
        .into_iter()
        .filter(|i| is(&i.kind))
        .collect();
    assert_eq!(this_week.len(), 2);
    assert_eq!(this_week[1].state, DueState::DueSoon);
    assert_eq!(
        this_week[1].kind,
        DueKind::Reflections(vec![IsoWeek {
            year: 2026,
            week: 48
        }])
    );
    reflection(&mut f, "2026-11-20");
    let next = item(&f, "2026-11-23", is).unwrap();
    assert_eq!(next.state, DueState::DueSoon);
    assert_eq!(next.due, d("2026-11-29"));
    reflection(&mut f, "2026-11-23");
    assert!(item(&f, "2026-11-23", is).is_none());
}

#[test]
fn on_a_weeks_own_sunday_its_missing_reflection_is_not_late() {
    // Fas 2 from Monday 2026-11-09 (week 46); today is Sunday of week 47.
    let f = with_phase(file("2026-09-01"), Phase::Treatment, "2026-11-09");
    let items: Vec<_> = due_items(&f, d("2026-11-22"), &Rules::default())
        .into_iter()
        .filter(|i| matches!(i.kind, DueKind::Reflections(_)))
        .collect();
    let w = |week| IsoWeek { year: 2026, week };
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].kind, DueKind::Reflections(vec![w(46)]));
    assert_eq!(items[0].state, DueState::Overdue);
    assert_eq!(items[1].kind, DueKind::Reflections(vec![w(47)]));
    assert_eq!(items[1].state, DueState::DueSoon);
    assert_eq!(items[1].due, d("2026-11-22"));
}

#[test]
fn weekly_reflections_across_week_53() {
    // 2026 has an ISO week 53 (Mon 2026-12-28 – Sun 2027-01-03).
    let mut f = with_phase(file("2026-11-01"), Phase::Treatment, "2026-12-21");
    reflection(&mut f, "2026-12-21");
    let is = |k: &DueKind| matches!(k, DueKind::Reflections(_));
    let i = item(&f, "2027-01-03", is).unwrap();
    assert_eq!(
        i.kind,
        DueKind::Reflections(vec![IsoWeek {
            year: 2026,
            week: 53
        }])
    );
    assert_eq!(i.due, d("2027-01-03"));
    assert_eq!(i.state, DueState::DueSoon);
    let i = item(&f, "2027-01-04", is).unwrap();
    assert_eq!(i.state, DueState::Overdue);
    assert_eq!(
        i.kind,
        DueKind::Reflections(vec![IsoWeek {
            year: 2026,
            week: 53
        }])
    );
}

#[test]
fn no_reflections_owed_outside_fas2_or_while_paused() {
    let f = file("2026-10-01");
    assert!(item(&f, "2026-11-30", |k| matches!(k, DueKind::Reflections(_))).is_none());
    let mut f = with_phase(f, Phase::Treatment, "2026-11-02");
    f.case.body.status = CaseStatus::Paused;
    assert!(item(&f, "2026-11-30", |k| matches!(k, DueKind::Reflections(_))).is_none());
}

#[test]
fn weeks_while_paused_are_not_owed_after_resuming() {
    // Fas 2 from Monday 2026-10-05 (W41); paused on 2026-10-12 (W42),
    // resumed on 2026-11-02 (W45).
    let mut f = with_phase(file("2026-09-01"), Phase::Treatment, "2026-10-05");
    reflection(&mut f, "2026-10-08");
    let mut paused = f.case.body.clone();
    paused.status = CaseStatus::Paused;
    f.case.edit(paused, "ab", at(d("2026-10-12")));
    let mut resumed = f.case.body.clone();
    resumed.status = CaseStatus::Active;
    f.case.edit(resumed, "ab", at(d("2026-11-02")));
    assert_eq!(
        pause_periods(&f),
        vec![(d("2026-10-12"), Some(d("2026-11-02")))]
    );
    let i = item(&f, "2026-11-10", |k| matches!(k, DueKind::Reflections(_))).unwrap();
    // W42, W43 and W44 were paused; W45 is late and W46, this week, due.
    assert_eq!(
        i.kind,
        DueKind::Reflections(vec![IsoWeek {
            year: 2026,
            week: 45
        }])
    );
    // The child-contact clock runs from the day it resumed.
    let c = item(&f, "2026-11-10", |k| {
        matches!(k, DueKind::ChildContact { .. })
    })
    .unwrap();
    assert_eq!(c.due, d("2026-12-14"));
}

fn week(year: i32, week: u32) -> IsoWeek {
    IsoWeek { year, week }
}

#[test]
fn a_week_missed_before_a_pause_stays_owed_while_paused() {
    // Fas 2 from W52 2026; W52 reflected, W53 missed; paused on Monday
    // 2027-01-04 (W1) and still paused.
    let mut f = with_phase(file("2026-11-01"), Phase::Treatment, "2026-12-21");
    reflection(&mut f, "2026-12-21");
    let mut paused = f.case.body.clone();
    paused.status = CaseStatus::Paused;
    f.case.edit(paused, "ab", at(d("2027-01-04")));
    let is = |k: &DueKind| matches!(k, DueKind::Reflections(_));
    let i = item(&f, "2027-01-20", is).unwrap();
    assert_eq!(i.kind, DueKind::Reflections(vec![week(2026, 53)]));
    assert_eq!(i.state, DueState::Overdue);
}

#[test]
fn a_week_missed_in_fas2_stays_owed_in_fas3_and_fas3_weeks_owe_none() {
    // Fas 2 from W43; W43 reflected, W44 missed, W45 reflected; Fas 3
    // from Monday 2026-11-09 (W46).
    let mut f = with_phase(file("2026-09-01"), Phase::Treatment, "2026-10-19");
    reflection(&mut f, "2026-10-19");
    reflection(&mut f, "2026-11-02");
    f.case.body.phase_forward(d("2026-11-09"));
    assert_eq!(f.case.body.phase(), Phase::Generalising);
    let is = |k: &DueKind| matches!(k, DueKind::Reflections(_));
    let i = item(&f, "2026-11-30", is).unwrap();
    assert_eq!(i.kind, DueKind::Reflections(vec![week(2026, 44)]));
    assert_eq!(i.state, DueState::Overdue);
    // Reflected late, nothing is owed.
    reflection(&mut f, "2026-10-28");
    assert!(item(&f, "2026-11-30", is).is_none());
}
