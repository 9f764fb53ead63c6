//! Report periods at their boundary days, and what each kind of report
//! holds.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::*;
use crate::domain::case::{Case, Place};
use crate::domain::incident::Incident;
use crate::domain::note::{GoalScore, IsoWeek, Note, Participant, Reflection};
use crate::domain::plan::{Activity, Factor, FactorKind, FactorSource, Plan};
use crate::domain::rating::{Instrument, Occasion, Rating};
use crate::domain::record::Record;
use crate::domain::report::Report;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(s: &str, hour: u32) -> NaiveDateTime {
    d(s).and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap())
}

/// Started 2026-09-01, Fas 2 from 2026-10-13; the Fas 1 report sent
/// 2026-10-10 and registered that day at 10:00.
fn file() -> CaseFile {
    let mut case = Case::new("2026-001", "Fam A", d("2026-09-01"));
    case.phase_forward(d("2026-10-13"));
    let mut f = CaseFile::new(Record::new("2026-001", 0, case, "ab", at("2026-09-01", 9)));
    f.reports.push(Record::new(
        "2026-001",
        1,
        Report {
            kind: ReportKind::Fas1,
            from: d("2026-09-01"),
            to: d("2026-10-10"),
            sent_on: d("2026-10-10"),
            recipient: String::new(),
            text: String::new(),
        },
        "ab",
        at("2026-10-10", 10),
    ));
    f
}

fn incident(f: &mut CaseFile, when: &str, written: NaiveDateTime, behaviour: &str) {
    let seq = CaseFile::next_seq(&f.incidents);
    let body = Incident {
        when: at(when, 21),
        place: String::new(),
        present: String::new(),
        goal: None,
        behaviour: behaviour.into(),
        chain: vec![],
        break_point: None,
        could_break: String::new(),
        factors: vec![],
        plan_next_time: String::new(),
        child_account: String::new(),
        review_on: None,
    };
    f.incidents
        .push(Record::new("2026-001", seq, body, "ab", written));
}

fn reflection(f: &mut CaseFile, on: &str, written: NaiveDateTime, next: &str) {
    let seq = CaseFile::next_seq(&f.reflections);
    let body = Reflection {
        week: IsoWeek::of(d(on)),
        date: d(on),
        participants: vec![],
        scores: vec![],
        system_view: String::new(),
        child_voice: String::new(),
        next_step: next.into(),
    };
    f.reflections
        .push(Record::new("2026-001", seq, body, "ab", written));
}

fn draft(f: &CaseFile, kind: ReportKind, today: &str) -> String {
    let (from, to) = default_period(f, kind, d(today));
    draft_report(f, kind, from, to, Lang::En, Format::Text, 6)
}

#[test]
fn each_kind_covers_its_own_period() {
    let f = file();
    // The Fas 1 report: Fas 1, up to the day before Fas 2 began.
    assert_eq!(
        default_period(&f, ReportKind::Fas1, d("2026-11-18")),
        (d("2026-09-01"), d("2026-10-12"))
    );
    // A lägesrapport: from the day after the last report sent to today.
    assert_eq!(
        default_period(&f, ReportKind::Progress, d("2026-11-18")),
        (d("2026-10-11"), d("2026-11-18"))
    );
    // Sent today: the period is today alone, never backwards.
    assert_eq!(
        default_period(&f, ReportKind::Progress, d("2026-10-10")),
        (d("2026-10-10"), d("2026-10-10"))
    );
    // The avslutsrapport: the whole intervention, to the closing.
    assert_eq!(
        default_period(&f, ReportKind::Closing, d("2026-11-18")),
        (d("2026-09-01"), d("2026-11-18"))
    );
    let mut closed = f.clone();
    closed.case.body.close(d("2026-11-10"), "klart");
    assert_eq!(
        default_period(&closed, ReportKind::Closing, d("2026-11-18")),
        (d("2026-09-01"), d("2026-11-10"))
    );
}

#[test]
fn nothing_falls_between_two_reports() {
    let mut f = file();
    // Dated in the Fas 1 report's period and written before it was sent:
    // it was in that report, not the next.
    incident(&mut f, "2026-10-08", at("2026-10-09", 9), "Covered already");
    // Dated before the report but written after it was registered: the
    // next lägesrapport holds it.
    incident(&mut f, "2026-09-27", at("2026-09-29", 9), "Written early");
    incident(&mut f, "2026-09-27", at("2026-10-10", 11), "Written late");
    // The boundary days: the report's own day (before registering) is
    // the old period; the day after is the new.
    reflection(&mut f, "2026-10-10", at("2026-10-10", 9), "Old period");
    reflection(&mut f, "2026-10-11", at("2026-10-11", 9), "First new day");
    let text = draft(&f, ReportKind::Progress, "2026-11-18");
    assert!(text.contains("Period: 2026-10-11 – 2026-11-18"), "{text}");
    assert!(text.contains("Written late"), "{text}");
    assert!(!text.contains("Written early"), "{text}");
    assert!(!text.contains("Covered already"), "{text}");
    assert!(text.contains("First new day"), "{text}");
    assert!(!text.contains("Old period"), "{text}");
}

#[test]
fn the_fas_1_report_holds_the_plan_and_the_mapping() {
    let mut f = file();
    f.plan = Some(Record::new(
        "2026-001",
        0,
        Plan {
            goals: vec!["Lugnare kvällar".into()],
            activities: vec![Activity {
                what: "Veckosamtal".into(),
                goal: "Lugnare kvällar".into(),
                responsible: "AS".into(),
                when: "tisdagar".into(),
                how: "hemma".into(),
            }],
            set_on: Some(d("2026-09-20")),
            ..Plan::default()
        },
        "ab",
        at("2026-09-20", 9),
    ));
    f.factors.push(Record::new(
        "2026-001",
        1,
        Factor {
            kind: FactorKind::Risk,
            text: "Trångbott".into(),
            area: None,
            noted_on: d("2026-09-15"),
            source: FactorSource::Mapping,
        },
        "ab",
        at("2026-09-15", 9),
    ));
    let text = draft(&f, ReportKind::Fas1, "2026-10-09");
    for expected in [
        "Lugnare kvällar",
        "Veckosamtal · Lugnare kvällar · AS",
        "R: Trångbott",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    // The plan and the mapping were done by their records.
    assert!(
        text.contains("2026-09-20 Implementation plan (BBIC) (the plan, set)"),
        "{text}"
    );
    // A lägesrapport does not repeat them.
    let later = draft(&f, ReportKind::Progress, "2026-11-18");
    assert!(!later.contains("R: Trångbott"), "{later}");
    assert!(!later.contains("Implementation plan (BBIC)"), "{later}");
}

#[test]
fn a_lagesrapport_recalls_fas_1_ratings_as_baseline_and_the_closing_sums_up() {
    let mut f = file();
    let mut first = Rating::preset(Instrument::Apq, Occasion::Initial, d("2026-09-12"));
    first.scores[0].score = 30.0;
    f.ratings
        .push(Record::new("2026-001", 1, first, "ab", at("2026-09-12", 9)));
    let later = draft(&f, ReportKind::Progress, "2026-11-18");
    assert!(later.contains("APQ, baseline (2026-09-12"), "{later}");
    assert!(!later.contains("First rating"), "{later}");
    let mut last = Rating::preset(Instrument::Apq, Occasion::Closing, d("2026-11-15"));
    last.scores[0].score = 36.0;
    f.ratings
        .push(Record::new("2026-001", 2, last, "ab", at("2026-11-15", 9)));
    f.notes.push(Record::new(
        "2026-001",
        1,
        Note {
            date: d("2026-09-03"),
            start: NaiveTime::MIN,
            minutes: 60,
            place: Place::Home,
            participants: vec![Participant::Parent, Participant::Child],
            child_took_part: true,
            child_words: String::new(),
            text: "Första besöket".into(),
            goals: vec![],
        },
        "ab",
        at("2026-09-03", 15),
    ));
    let closing = draft(&f, ReportKind::Closing, "2026-11-18");
    assert!(
        closing.contains("Period: 2026-09-01 – 2026-11-18"),
        "{closing}"
    );
    assert!(
        closing.contains("initial 2026-09-12 — closing 2026-11-15"),
        "{closing}"
    );
    // The whole intervention: the first visit counts for the child.
    assert!(closing.contains("1 of 1"), "{closing}");
}

#[test]
fn what_was_dated_between_a_reports_end_and_its_sending_is_in_the_next() {
    // Fas 2 began 2026-10-13; the Fas 1 report, covering Fas 1 to 10-12,
    // was sent 10-20. A reflection dated 10-15 and written that day, before
    // the report was registered, is in the next lägesrapport.
    let mut case = Case::new("2026-001", "Fam A", d("2026-09-01"));
    case.phase_forward(d("2026-10-13"));
    let mut f = CaseFile::new(Record::new("2026-001", 0, case, "ab", at("2026-09-01", 9)));
    f.reports.push(Record::new(
        "2026-001",
        1,
        Report {
            kind: ReportKind::Fas1,
            from: d("2026-09-01"),
            to: d("2026-10-12"),
            sent_on: d("2026-10-20"),
            recipient: String::new(),
            text: String::new(),
        },
        "ab",
        at("2026-10-20", 10),
    ));
    reflection(
        &mut f,
        "2026-10-15",
        at("2026-10-15", 9),
        "Between end and sending",
    );
    assert_eq!(
        default_period(&f, ReportKind::Progress, d("2026-11-18")),
        (d("2026-10-13"), d("2026-11-18"))
    );
    let text = draft(&f, ReportKind::Progress, "2026-11-18");
    assert!(text.contains("Between end and sending"), "{text}");
}

#[test]
fn the_fas_1_and_closing_reports_hold_the_plans_written_fields() {
    let mut f = file();
    f.plan = Some(Record::new(
        "2026-001",
        0,
        Plan {
            goals: vec!["Lugnare kvällar".into()],
            cooperation: "Skolan ringer vid frånvaro.".into(),
            child_participation: "Sam vill ha färre bråk.".into(),
            follow_up: "Var sjätte vecka\nmed socialsekreteraren.".into(),
            set_on: Some(d("2026-09-20")),
            ..Plan::default()
        },
        "ab",
        at("2026-09-20", 9),
    ));
    for kind in [ReportKind::Fas1, ReportKind::Closing] {
        let text = draft(&f, kind, "2026-10-09");
        for expected in [
            "Cooperation: Skolan ringer vid frånvaro.",
            "The child's participation and view: Sam vill ha färre bråk.",
            "Follow-up of the plan: Var sjätte vecka\nmed socialsekreteraren.",
        ] {
            assert!(text.contains(expected), "{kind:?} {expected}: {text}");
        }
        // Not written: left out, not an empty label.
        assert!(!text.contains("parents' participation"), "{text}");
    }
    // In Markdown each keeps its line breaks.
    let (from, to) = default_period(&f, ReportKind::Fas1, d("2026-10-09"));
    let md = draft_report(
        &f,
        ReportKind::Fas1,
        from,
        to,
        Lang::Sv,
        Format::Markdown,
        6,
    );
    assert!(
        md.contains("**Uppföljning:** Var sjätte vecka  \nmed socialsekreteraren.\n"),
        "{md}"
    );
    assert!(
        md.contains("**Samverkan:** Skolan ringer vid frånvaro.\n"),
        "{md}"
    );
}

#[test]
fn every_report_names_the_persons() {
    use crate::domain::case::{Person, PersonRole};
    let mut f = file();
    f.case.body.persons = vec![
        Person {
            alias: "Karin".into(),
            role: PersonRole::Parent,
            birth_year: None,
        },
        Person {
            alias: "Noah".into(),
            role: PersonRole::Child,
            birth_year: Some(2012),
        },
    ];
    for kind in [ReportKind::Fas1, ReportKind::Progress, ReportKind::Closing] {
        let text = draft(&f, kind, "2026-11-18");
        assert!(
            text.contains("Persons:\n\n- Karin (parent)\n- Noah (child, born 2012)\n"),
            "{kind:?}: {text}"
        );
    }
    let (from, to) = default_period(&f, ReportKind::Progress, d("2026-11-18"));
    let sv = draft_report(
        &f,
        ReportKind::Progress,
        from,
        to,
        Lang::Sv,
        Format::Text,
        6,
    );
    assert!(sv.contains("- Noah (barn, född 2012)"), "{sv}");
}

#[test]
fn a_closed_case_s_report_says_when_and_why_it_closed() {
    let mut f = file();
    f.case.body.phase_forward(d("2026-11-02"));
    f.case.body.close(d("2026-11-10"), "Målen uppnådda");
    let text = draft(&f, ReportKind::Closing, "2026-11-18");
    assert!(text.contains("Status: closed 2026-11-10\n"), "{text}");
    assert!(!text.contains("since"), "{text}");
    assert!(!text.contains("Phase:"), "{text}");
    assert!(text.contains("Closed on: 2026-11-10\n"), "{text}");
    assert!(text.contains("Reason: Målen uppnådda\n"), "{text}");
    // Still open: the phase as before, and no closing to tell.
    let open = draft(&file(), ReportKind::Closing, "2026-11-18");
    assert!(
        open.contains("Phase: Fas 2 Treatment work (since 2026-10-13)"),
        "{open}"
    );
    assert!(!open.contains("Closed on"), "{open}");
}

#[test]
fn a_closing_report_drafted_before_closing_leaves_each_outcome_to_be_set() {
    use crate::domain::plan::{Goal, GoalOrigin, GoalStatus};
    let mut f = file();
    for (seq, title, status) in [
        (1, "Lugnare kvällar", GoalStatus::Active),
        (2, "Sam i skolan", GoalStatus::Achieved(d("2026-11-05"))),
    ] {
        let goal = Goal {
            title: title.into(),
            description: String::new(),
            origin: GoalOrigin::Parent,
            area: None,
            priority: seq as u8,
            started_on: d("2026-10-13"),
            status,
        };
        f.goals.push(Record::new(
            "2026-001",
            seq,
            goal,
            "ab",
            at("2026-10-13", 9),
        ));
    }
    let text = draft(&f, ReportKind::Closing, "2026-11-18");
    assert!(!text.contains("ongoing"), "{text}");
    assert!(
        text.contains("- Lugnare kvällar (start 2026-10-13): no score in the goal reflections\n")
            && text.contains(
                "\n  Outcome: to be set (achieved, partly achieved, not achieved or dropped)\n"
            ),
        "{text}"
    );
    assert!(
        text.contains("\n  Outcome: achieved 2026-11-05\n"),
        "{text}"
    );
    // A lägesrapport still says where each goal stands.
    let progress = draft(&f, ReportKind::Progress, "2026-11-18");
    assert!(progress.contains("Lugnare kvällar (ongoing"), "{progress}");
    assert!(!progress.contains("Outcome"), "{progress}");
}

#[test]
fn a_lagesrapport_counts_reflections_against_the_owed_fas_2_weeks() {
    use crate::domain::case::CaseStatus;
    let mut f = file();
    // Paused for week 44 (2026-10-26 – 11-01) from Monday to Monday.
    let mut paused = f.case.body.clone();
    paused.status = CaseStatus::Paused;
    f.case.edit(paused, "ab", at("2026-10-26", 8));
    let mut back = f.case.body.clone();
    back.status = CaseStatus::Active;
    f.case.edit(back, "ab", at("2026-11-02", 8));
    // Weeks 42, 45 and this week 47 written; 43 and 46 missed. Week 41,
    // in the period but in Fas 1, is not owed.
    for on in ["2026-10-15", "2026-11-05", "2026-11-17"] {
        reflection(&mut f, on, at(on, 9), &format!("Steg {on}"));
    }
    let text = draft(&f, ReportKind::Progress, "2026-11-18");
    assert!(
        text.contains(
            "3 of 5 Fas 2 weeks in the period have a goal reflection.\nMissing: W 43, W 46.\n"
        ),
        "{text}"
    );
    let (from, to) = default_period(&f, ReportKind::Progress, d("2026-11-18"));
    let sv = draft_report(
        &f,
        ReportKind::Progress,
        from,
        to,
        Lang::Sv,
        Format::Text,
        6,
    );
    assert!(
        sv.contains(
            "3 av 5 veckor i Fas 2 under perioden har en målreflektion.\nSaknas: v. 43, v. 46.\n"
        ),
        "{sv}"
    );
    // Week 43 said to be without contact: named with why, no longer missing.
    let (week, date, reason) = (IsoWeek::of(d("2026-10-20")), d("2026-10-27"), "sjuk".into());
    let none = crate::domain::note::NoContact { week, date, reason };
    f.no_contacts
        .push(Record::new("2026-001", 1, none, "ab", at("2026-10-27", 9)));
    let text = draft(&f, ReportKind::Progress, "2026-11-18");
    let said = "3 of 5 Fas 2 weeks in the period have a goal reflection.\nWithout contact: W 43 (sjuk).\nMissing: W 46.\n";
    assert!(text.contains(said), "{text}");
}

#[test]
fn a_lagesrapport_takes_the_latest_rating_before_its_period_as_baseline() {
    let mut f = file();
    let mut first = Rating::preset(Instrument::Apq, Occasion::Initial, d("2026-09-12"));
    first.scores[0].score = 30.0;
    f.ratings
        .push(Record::new("2026-001", 1, first, "ab", at("2026-09-12", 9)));
    let text = draft(&f, ReportKind::Progress, "2026-11-18");
    assert!(!text.contains("No ratings"), "{text}");
    assert!(
        text.contains("APQ, baseline (2026-09-12, before the period): involvement 30"),
        "{text}"
    );
    assert!(text.contains("No new rating in the period."), "{text}");
    // A rating in the period is set beside the baseline.
    let mut again = Rating::preset(Instrument::Apq, Occasion::Interim, d("2026-11-10"));
    again.scores[0].score = 34.0;
    f.ratings
        .push(Record::new("2026-001", 2, again, "ab", at("2026-11-10", 9)));
    let text = draft(&f, ReportKind::Progress, "2026-11-18");
    assert!(
        text.contains("APQ: baseline 2026-09-12 — latest 2026-11-10"),
        "{text}"
    );
    assert!(
        text.lines().any(|l| l
            .split_whitespace()
            .eq(["involvement", "30", "34", "+4", "better"])),
        "{text}"
    );
}

#[test]
fn a_rating_listed_over_several_lines_fits_the_report_editor() {
    // The Swedish APQ subscales make the longest score list; at 80 columns
    // the editor is 78 wide inside its frame and would break a line of 80
    // again, between a subscale and its score.
    let mut f = file();
    let mut first = Rating::preset(Instrument::Apq, Occasion::Initial, d("2026-09-12"));
    for (i, score) in first.scores.iter_mut().enumerate() {
        score.score = 20.5 + i as f32;
    }
    f.ratings
        .push(Record::new("2026-001", 1, first, "ab", at("2026-09-12", 9)));
    let (from, to) = default_period(&f, ReportKind::Progress, d("2026-11-18"));
    let sv = draft_report(
        &f,
        ReportKind::Progress,
        from,
        to,
        Lang::Sv,
        Format::Text,
        6,
    );
    // The score lines: from the one that names the rating to the blank.
    let listed: Vec<&str> = (sv.lines())
        .skip_while(|l| !l.starts_with("APQ"))
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(listed.len() > 1, "{sv}");
    assert!(listed.iter().any(|l| l.contains("tillsyn 22.5")), "{sv}");
    for line in listed {
        assert!(line.chars().count() <= 76, "{line:?} in\n{sv}");
    }
}

#[test]
fn a_lagesrapport_lists_the_reflections_week_by_week() {
    let mut f = file();
    // Week 45 written first, week 43 caught up afterwards.
    reflection(&mut f, "2026-11-05", at("2026-11-05", 9), "Steg v45");
    reflection(&mut f, "2026-10-22", at("2026-11-06", 9), "Steg v43");
    let goal = 1;
    f.reflections.last_mut().unwrap().body.scores = vec![GoalScore {
        goal,
        score: 4,
        text: "Mål v43".into(),
    }];
    let text = draft(&f, ReportKind::Progress, "2026-11-18");
    let at_ = |w: &str| text.find(w).unwrap_or_else(|| panic!("{w}: {text}"));
    // By week, and within a week as the form reads: the goal first.
    let order = [at_("Mål v43"), at_("Steg v43"), at_("Steg v45")];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
}

#[test]
fn the_child_s_words_are_listed_in_date_order() {
    let mut f = file();
    let note = |date: &str, words: &str| Note {
        date: d(date),
        start: NaiveTime::MIN,
        minutes: 30,
        place: Place::Home,
        participants: vec![Participant::Child],
        child_took_part: true,
        child_words: words.into(),
        text: "Besök".into(),
        goals: vec![],
    };
    f.notes.push(Record::new(
        "2026-001",
        1,
        note("2026-10-20", "Senare ord"),
        "ab",
        at("2026-10-20", 15),
    ));
    f.notes.push(Record::new(
        "2026-001",
        2,
        note("2026-10-14", "Tidiga ord"),
        "ab",
        at("2026-10-21", 15),
    ));
    reflection(&mut f, "2026-10-22", at("2026-10-22", 9), "");
    f.reflections.last_mut().unwrap().body.child_voice = "Ord i veckan".into();
    incident(&mut f, "2026-10-16", at("2026-10-16", 22), "Bråk");
    f.incidents.last_mut().unwrap().body.child_account = "Ord om bråket".into();
    let text = draft(&f, ReportKind::Progress, "2026-11-18");
    let at_ = |w: &str| text.find(w).unwrap_or_else(|| panic!("{w}: {text}"));
    let order = [
        at_("Tidiga ord"),
        at_("Ord om bråket"),
        at_("Senare ord"),
        at_("Ord i veckan"),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
}

#[test]
fn a_report_sums_up_the_contacts_where_and_with_whom() {
    use crate::domain::case::Place;
    use crate::domain::note::{Note, Participant};
    let mut f = file();
    let contact = |date: &str, place, participants: Vec<Participant>, minutes| Note {
        date: d(date),
        start: chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
        minutes,
        place,
        child_took_part: participants.contains(&Participant::Child),
        participants,
        child_words: String::new(),
        text: "Besök.".into(),
        goals: vec![],
    };
    let notes = [
        contact(
            "2026-10-20",
            Place::Home,
            vec![Participant::Parent, Participant::Child],
            60,
        ),
        contact("2026-10-27", Place::Home, vec![Participant::Parent], 90),
        contact(
            "2026-11-03",
            Place::Phone,
            vec![Participant::SocialSecretary],
            30,
        ),
    ];
    for (i, n) in notes.into_iter().enumerate() {
        f.notes.push(Record::new(
            "2026-001",
            i as u32 + 1,
            n,
            "ab",
            at("2026-11-03", 12),
        ));
    }
    let text = draft(&f, ReportKind::Progress, "2026-11-20");
    assert!(
        text.contains("3 contacts in the period, 3.0 hours in all."),
        "{text}"
    );
    assert!(text.contains("home 2, phone 1"), "{text}");
    assert!(
        text.contains("parent 2, child 1, social secretary 1"),
        "{text}"
    );
}
