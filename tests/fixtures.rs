//! Stored records of format version 1, one of each kind, kept as bytes in
//! `tests/fixtures/v1/`. A change to the record types or the codec that
//! cannot read them fails here: add a migration, never rewrite the files.
//!
//! The files were written once with `INSATS_WRITE_FIXTURES=1 cargo test
//! --test fixtures`.

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use insats::domain::case::{Case, Person, PersonRole, Place, Reason, SocialSecretary};
use insats::domain::incident::{Actor, ChainLink, Incident, LinkKind};
use insats::domain::note::{GoalScore, IsoWeek, Note, Participant, Reflection};
use insats::domain::phase::Step;
use insats::domain::plan::{
    Activity, BbicArea, Factor, FactorKind, FactorSource, Goal, GoalOrigin, GoalStatus, Plan,
};
use insats::domain::rating::{Instrument, Occasion, Rating};
use insats::domain::record::Record;
use insats::domain::report::{
    Answer, ChildAnswers, FollowUp, FollowUpOutcome, Interview, Report, ReportKind, Respondent,
};
use insats::store::codec::{decode, encode};
use serde::Serialize;
use serde::de::DeserializeOwned;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    d(s).and_time(NaiveTime::from_hms_opt(14, 2, 0).unwrap())
}

fn record<T: Clone + PartialEq>(seq: u32, body: T, edited: Option<T>) -> Record<T> {
    let mut r = Record::new("2026-014", seq, body, "AS", at("2026-09-01"));
    if let Some(e) = edited {
        r.edit(e, "JK", at("2026-09-02"));
    }
    r
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1")
}

fn check<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(name: &str, expected: T) {
    let path = dir().join(format!("{name}.bin"));
    if std::env::var_os("INSATS_WRITE_FIXTURES").is_some() && !path.exists() {
        std::fs::write(&path, encode(&expected).unwrap()).unwrap();
    }
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(bytes[..2], [1, 0], "{name} is not a version 1 fixture");
    let got: T =
        decode(&bytes).unwrap_or_else(|e| panic!("{name}: v1 fixture no longer reads: {e}"));
    assert_eq!(got, expected, "{name}");
}

#[test]
fn version_1_case() {
    let mut case = Case::new("2026-014", "Fam Ö", d("2026-09-01"));
    case.persons.push(Person {
        alias: "Sam".into(),
        role: PersonRole::YoungPerson,
        birth_year: Some(2012),
    });
    case.secretary = SocialSecretary {
        name: "Maria".into(),
        unit: "BoU".into(),
        contact: "tel".into(),
    };
    case.assignment = "Stöd i föräldrarollen".into();
    case.reasons = vec![Reason::ParentingSupport, Reason::Other];
    case.workers = vec!["AS".into(), "JK".into()];
    case.places = vec![Place::Home, Place::School];
    case.phase_forward(d("2026-10-10"));
    case.toggle_step(Step::Alliance, d("2026-09-05"));
    let mut closed = case.clone();
    closed.close(d("2026-11-01"), "klart");
    check("case", record(0, case, Some(closed)));
}

#[test]
fn version_1_plan_goal_factor() {
    let plan = Plan {
        goals: vec!["Lugnare kvällar".into()],
        activities: vec![Activity {
            what: "Samtal".into(),
            goal: "Lugnare kvällar".into(),
            responsible: "AS".into(),
            when: "tisdagar".into(),
            how: "hemma".into(),
        }],
        cooperation: "skolan".into(),
        child_participation: "Sam vill".into(),
        parent_participation: "Mamma vill".into(),
        set_on: Some(d("2026-09-20")),
        follow_up: "var 6:e vecka".into(),
    };
    check("plan", record(0, plan, None));
    let goal = Goal {
        title: "Lugnare kvällar".into(),
        description: "d".into(),
        origin: GoalOrigin::Parent,
        area: Some(BbicArea::GuidanceBoundaries),
        priority: 1,
        started_on: d("2026-10-10"),
        status: GoalStatus::Achieved(d("2026-11-01")),
    };
    check("goal", record(1, goal, None));
    let factor = Factor {
        kind: FactorKind::Protective,
        text: "Mormor".into(),
        area: None,
        noted_on: d("2026-09-15"),
        source: FactorSource::Incident(2),
    };
    check("factor", record(1, factor, None));
}

#[test]
fn version_1_note_and_reflection() {
    let note = Note {
        date: d("2026-11-20"),
        start: NaiveTime::from_hms_opt(13, 30, 0).unwrap(),
        minutes: 75,
        place: Place::Home,
        participants: vec![Participant::Parent, Participant::Child],
        child_took_part: true,
        child_words: "Det är bättre nu".into(),
        text: "Hembesök, åäö".into(),
        goals: vec![1],
    };
    let mut edited = note.clone();
    edited.text.push_str(" (rättad)");
    let mut r = record(3, note, Some(edited));
    r.remove("fel ärende", "AS", at("2026-11-21"));
    check("note", r);
    let reflection = Reflection {
        week: IsoWeek {
            year: 2026,
            week: 53,
        },
        date: d("2026-12-30"),
        participants: vec![Participant::Parent],
        scores: vec![GoalScore {
            goal: 1,
            score: 7,
            text: "bättre".into(),
        }],
        system_view: "mormor".into(),
        child_voice: "Sam".into(),
        next_step: "fortsätt".into(),
    };
    check("reflection", record(1, reflection, None));
}

#[test]
fn version_1_incident() {
    let incident = Incident {
        when: at("2026-11-10"),
        place: "köket".into(),
        present: "Mamma, Sam".into(),
        goal: Some(1),
        behaviour: "skrek".into(),
        chain: vec![
            ChainLink {
                kind: LinkKind::PromptingEvent,
                actor: Actor::Child,
                text: "kom sent".into(),
                intensity: None,
            },
            ChainLink {
                kind: LinkKind::Feeling,
                actor: Actor::Parent,
                text: "ilska".into(),
                intensity: Some(8),
            },
        ],
        break_point: Some(1),
        could_break: "paus".into(),
        factors: vec![4],
        plan_next_time: "sms".into(),
        child_account: "mobilen dog".into(),
        review_on: Some(d("2026-11-24")),
    };
    check("incident", record(1, incident, None));
}

#[test]
fn version_1_rating_report_follow_up() {
    let mut rating = Rating::preset(Instrument::Apq, Occasion::Initial, d("2026-09-12"));
    rating.informant = "Mamma".into();
    rating.scores[0].score = 32.5;
    check("rating", record(1, rating, None));
    let custom = Rating::preset(
        Instrument::Custom("SDQ".into()),
        Occasion::Closing,
        d("2026-11-12"),
    );
    check("rating_custom", record(2, custom, None));
    let report = Report {
        kind: ReportKind::Progress,
        from: d("2026-10-01"),
        to: d("2026-11-12"),
        sent_on: d("2026-11-13"),
        recipient: "Maria".into(),
        text: "Lägesrapport".into(),
    };
    check("report", record(1, report, None));
    let follow_up = FollowUp {
        date: d("2026-11-20"),
        outcome: FollowUpOutcome::Asked(Interview {
            respondent: Respondent::BothParents,
            expectations_met: Some(5.5),
            had_plan: Answer::Unsure,
            worked_well: vec!["hembesök".into()],
            worked_less_well: vec![],
            helped_as_parent: "ja".into(),
            would_contact_again: Answer::Yes,
            comment: String::new(),
            child: Some(ChildAnswers {
                worked_well: "lugnare".into(),
                ..ChildAnswers::default()
            }),
        }),
    };
    check("follow_up", record(1, follow_up, None));
}
