//! Report drafts and follow-up statistics through the real binary, on
//! stores built record by record.

use std::path::Path;
use std::process::Command;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use insats::domain::case::{Case, Place};
use insats::domain::due::{DueKind, Rules, due_items};
use insats::domain::incident::{Actor, ChainLink, Incident, LinkKind};
use insats::domain::note::{GoalScore, IsoWeek, Note, Participant, Reflection};
use insats::domain::phase::Step;
use insats::domain::plan::{Goal, GoalOrigin, GoalStatus};
use insats::domain::rating::{Instrument, Occasion, Rating};
use insats::domain::record::Record;
use insats::domain::report::{
    Answer, ChildAnswers, FollowUp, FollowUpOutcome, Interview, NotAsked, Report, ReportKind,
    Respondent,
};
use insats::store::Store;

const BIN: &str = env!("CARGO_BIN_EXE_insats");

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    d(s).and_time(NaiveTime::from_hms_opt(15, 0, 0).unwrap())
}

fn run(data: &Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(data)
        .args(["--today", "2026-11-22"])
        .args(if args.contains(&"--lang") {
            &[][..]
        } else {
            &["--lang", "en"][..]
        })
        .args(args)
        .env("INSATS_CONFIG_DIR", data.join("no-config"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn note(date: &str, text: &str, child_words: &str) -> Note {
    Note {
        date: d(date),
        start: NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
        minutes: 60,
        place: Place::Home,
        participants: vec![Participant::Parent],
        child_took_part: !child_words.is_empty(),
        child_words: child_words.into(),
        text: text.into(),
        goals: vec![1],
    }
}

fn incident(when: &str, behaviour: &str, bp_text: &str, plan: &str) -> Incident {
    let link = |kind, text: &str| ChainLink {
        kind,
        actor: Actor::Parent,
        text: text.into(),
        intensity: None,
    };
    Incident {
        when: at(when),
        place: "hemma".into(),
        present: "mamma, Sam".into(),
        goal: Some(1),
        behaviour: behaviour.into(),
        chain: vec![
            link(LinkKind::PromptingEvent, "Sam kom sent"),
            link(LinkKind::Thought, bp_text),
            link(LinkKind::Action, "skrek"),
        ],
        break_point: Some(1),
        could_break: "en paus".into(),
        factors: vec![],
        plan_next_time: plan.into(),
        child_account: "Sam: jag glömde tiden".into(),
        review_on: None,
    }
}

fn apq(occasion: Occasion, date: &str, scores: [f32; 5]) -> Rating {
    let mut r = Rating::preset(Instrument::Apq, occasion, d(date));
    for (s, v) in r.scores.iter_mut().zip(scores) {
        s.score = v;
    }
    r
}

#[test]
fn a_closing_report_draft_holds_everything_written_and_a_sent_report_resets_the_clock() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let store = Store::open(&data).unwrap();
    let code = "2026-050";
    let mut case = Case::new(code, "Fam Test", d("2026-03-02"));
    case.assignment = "Stöd i föräldrarollen kring gränssättning.".into();
    for step in [
        Step::Alliance,
        Step::ImplementationPlan,
        Step::InitialMapping,
        Step::FirstRating,
        Step::Fas1Report,
    ] {
        case.toggle_step(step, d("2026-04-01"));
    }
    case.phase_forward(d("2026-04-06"));
    store
        .insert_case(&Record::new(code, 0, case.clone(), "AS", at("2026-03-02")))
        .unwrap();
    let goal = Goal {
        title: "Lugna kvällar".into(),
        description: String::new(),
        origin: GoalOrigin::SocialSecretary,
        area: None,
        priority: 1,
        started_on: d("2026-04-06"),
        status: GoalStatus::Active,
    };
    store.add(code, goal, "AS", at("2026-04-06")).unwrap();
    store
        .add(
            code,
            apq(
                Occasion::Initial,
                "2026-03-20",
                [30.0, 18.0, 22.0, 17.0, 6.0],
            ),
            "AS",
            at("2026-03-20"),
        )
        .unwrap();
    store
        .add(
            code,
            note(
                "2026-09-07",
                "Hembesök, genomgång av veckan.",
                "Det är lugnare nu",
            ),
            "AS",
            at("2026-09-07"),
        )
        .unwrap();
    store
        .add(
            code,
            note("2026-09-14", "Telefonsamtal med mamma.", ""),
            "AS",
            at("2026-09-14"),
        )
        .unwrap();
    for (i, day) in ["2026-09-10", "2026-09-17", "2026-09-24"]
        .into_iter()
        .enumerate()
    {
        let r = Reflection {
            week: IsoWeek::of(d(day)),
            date: d(day),
            participants: vec![Participant::Parent],
            scores: vec![GoalScore {
                goal: 1,
                score: 4 + 2 * i as u8,
                text: format!("Vecka {i}: bättre"),
            }],
            system_view: "Mormor avlastar på fredagar.".into(),
            child_voice: String::new(),
            next_step: format!("Nästa steg {i}"),
        };
        store.add(code, r, "AS", at(day)).unwrap();
    }
    store
        .add(
            code,
            incident(
                "2026-09-12",
                "Mamma skrek åt Sam",
                "Han struntar i mig",
                "Sms vid försening",
            ),
            "AS",
            at("2026-09-12"),
        )
        .unwrap();
    store
        .add(
            code,
            incident(
                "2026-10-03",
                "Sam smällde i dörrar",
                "Ingen lyssnar",
                "Paus och prata i morgon",
            ),
            "AS",
            at("2026-10-03"),
        )
        .unwrap();
    let mut f3 = case.clone();
    f3.phase_forward(d("2026-10-05"));
    let mut rec = store.get::<Case>(code, 0).unwrap().unwrap();
    rec.edit(f3, "AS", at("2026-10-05"));
    store.put(&rec).unwrap();
    store
        .add(
            code,
            apq(
                Occasion::Closing,
                "2026-11-15",
                [35.0, 23.0, 16.0, 12.0, 3.0],
            ),
            "AS",
            at("2026-11-15"),
        )
        .unwrap();
    store.flush().unwrap();
    drop(store);

    let out = tmp.path().join("avslut.md");
    run(
        &data,
        &[
            "report",
            code,
            "--kind",
            "avslut",
            "--from",
            "2026-09-01",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let draft = std::fs::read_to_string(&out).unwrap();
    for needle in [
        "# Closing report — 2026-050 Fam Test",
        "2026-09-01 – 2026-11-22",
        "Stöd i föräldrarollen kring gränssättning.",
        "Lugna kvällar",
        "latest 8/10",
        "4 → 8",
        "Mormor avlastar på fredagar.",
        "Nästa steg 2",
        "Vecka 1: bättre",
        "Mamma skrek åt Sam",
        "Break point: Thought — Han struntar i mig",
        "Sms vid försening",
        "Sam smällde i dörrar",
        "Break point: Thought — Ingen lyssnar",
        "Paus och prata i morgon",
        "Implementation plan (BBIC)",
        "| involvement | 30 | 35 | +5 better |",
        "| corporal punishment | 6 | 3 | -3 better |",
        "| poor monitoring | 22 | 16 | -6 better |",
        "The child took part in 1 of 2 contacts",
        "Det är lugnare nu",
        "Sam: jag glömde tiden",
        "Family follow-up within 14 days",
    ] {
        assert!(draft.contains(needle), "missing {needle:?} in\n{draft}");
    }
    // The same draft as plain text.
    let text = run(
        &data,
        &["report", code, "--kind", "avslut", "--format", "text"],
    );
    assert!(
        text.contains("Closing report — 2026-050 Fam Test\n===") && !text.contains("| involvement")
    );

    // Registered as sent: the next lägesrapport is due six weeks later.
    let store = Store::open(&data).unwrap();
    let mut rec = store.get::<Case>(code, 0).unwrap().unwrap();
    let mut body = rec.body.clone();
    body.phase_back(d("2026-11-01"));
    rec.edit(body, "AS", at("2026-11-01"));
    store.put(&rec).unwrap();
    let sent = Report {
        kind: ReportKind::Progress,
        from: d("2026-09-01"),
        to: d("2026-11-20"),
        sent_on: d("2026-11-20"),
        recipient: "Maria".into(),
        text: draft,
    };
    store.add(code, sent, "AS", at("2026-11-20")).unwrap();
    let (file, _) = store.load_case(code).unwrap();
    let items = due_items(&file.unwrap(), d("2026-11-22"), &Rules::default());
    let next = items
        .iter()
        .find(|i| i.kind == DueKind::ProgressReport)
        .unwrap();
    assert_eq!(next.due, d("2027-01-01"));
}

/// One closed case with its follow-up (or none) and, for some, ratings.
fn closed_case(
    store: &Store,
    n: usize,
    closed: &str,
    outcome: Option<FollowUpOutcome>,
    child_notes: (usize, usize),
) {
    let code = format!("2026-{:03}", 100 + n);
    let mut case = Case::new(&code, &format!("Fam {n}"), d("2026-01-05"));
    case.close(d(closed), "klart");
    store
        .insert_case(&Record::new(&code, 0, case, "AS", at("2026-01-05")))
        .unwrap();
    let (with, without) = child_notes;
    for i in 0..with + without {
        store
            .add(
                &code,
                note("2026-02-01", "besök", if i < with { "hej" } else { "" }),
                "AS",
                at("2026-02-01"),
            )
            .unwrap();
    }
    if let Some(outcome) = outcome {
        store
            .add(
                &code,
                FollowUp {
                    date: d(closed),
                    outcome,
                },
                "AS",
                at(closed),
            )
            .unwrap();
    }
}

fn asked(expect: Option<f32>, plan: Answer, again: Answer, child: bool) -> Option<FollowUpOutcome> {
    Some(FollowUpOutcome::Asked(Interview {
        respondent: Respondent::Parent,
        expectations_met: expect,
        had_plan: plan,
        worked_well: vec!["hembesöken".into()],
        worked_less_well: vec![],
        helped_as_parent: String::new(),
        would_contact_again: again,
        comment: String::new(),
        child: child.then(ChildAnswers::default),
    }))
}

#[test]
fn statistics_of_13_followed_up_cases_match_the_hand_count() {
    use Answer::*;
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let store = Store::open(&data).unwrap();
    // Nine interviews: grades 6, 5.5, 5, 4.5, 4, 3, 2, 6 and one without a figure.
    let interviews = [
        (Some(6.0), Yes, Yes, true),
        (Some(5.5), Yes, Yes, false),
        (Some(5.0), No, Yes, false),
        (Some(4.5), Yes, Unsure, true),
        (Some(4.0), No, No, false),
        (Some(3.0), No, Yes, false),
        (Some(2.0), Unsure, No, false),
        (Some(6.0), Yes, Yes, false),
        (None, No, Unsure, false),
    ];
    let mut n = 0;
    for (e, plan, again, child) in interviews {
        n += 1;
        closed_case(
            &store,
            n,
            "2026-06-15",
            asked(e, plan, again, child),
            (1, 1),
        );
    }
    // Four not interviewed: two declined, one moved, one unreachable.
    for outcome in [
        NotAsked::Declined,
        NotAsked::Declined,
        NotAsked::Moved,
        NotAsked::Unreachable,
    ] {
        n += 1;
        closed_case(
            &store,
            n,
            "2026-06-20",
            Some(FollowUpOutcome::NotAsked(outcome)),
            (0, 2),
        );
    }
    // Outside the period, and one closed in it without a follow-up yet.
    closed_case(
        &store,
        20,
        "2025-12-01",
        asked(Some(1.0), No, No, false),
        (0, 0),
    );
    closed_case(&store, 21, "2026-06-30", None, (2, 0));
    // APQ initial and closing for two of them.
    for (code, first, last) in [
        (
            "2026-101",
            [30.0, 18.0, 22.0, 17.0, 6.0],
            [35.0, 23.0, 16.0, 12.0, 3.0],
        ),
        (
            "2026-102",
            [28.0, 20.0, 20.0, 15.0, 5.0],
            [31.0, 19.0, 18.0, 15.0, 5.0],
        ),
    ] {
        store
            .add(
                code,
                apq(Occasion::Initial, "2026-01-20", first),
                "AS",
                at("2026-01-20"),
            )
            .unwrap();
        store
            .add(
                code,
                apq(Occasion::Closing, "2026-06-01", last),
                "AS",
                at("2026-06-01"),
            )
            .unwrap();
    }
    store.flush().unwrap();
    drop(store);

    let v: serde_json::Value = serde_json::from_str(&run(
        &data,
        &[
            "stats",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--json",
        ],
    ))
    .unwrap();
    // Table 1: 14 closed in 2026, 9 interviewed, 2 declined, 2 not asked, 1 pending.
    assert_eq!(v["closed"], 14);
    assert_eq!(v["interviewed"], 9);
    assert_eq!(v["declined"], 2);
    assert_eq!(v["not_asked_moved"], 1);
    assert_eq!(v["not_asked_unreachable"], 1);
    assert_eq!(v["not_asked_other"], 0);
    assert_eq!(v["no_follow_up"], 1);
    // Table 2: 1–3: {3, 2} = 2; 4–5: {5, 4.5, 4} = 3; 5.5–6: {6, 5.5, 6} = 3.
    assert_eq!(v["bands"], serde_json::json!([2, 3, 3]));
    assert_eq!(v["expectations_declined"], 1);
    // Mean of 6, 5.5, 5, 4.5, 4, 3, 2, 6 = 36 / 8 = 4.5.
    assert_eq!(v["expectations_mean"], 4.5);
    // Table 3: plan yes {6, 5.5, 4.5, 6} mean 5.5; no {5, 4, 3} (and one without a figure) mean 4.
    assert_eq!(v["had_plan"], serde_json::json!([4, 4, 1]));
    assert_eq!(v["mean_with_plan"], 5.5);
    assert_eq!(v["mean_without_plan"], 4.0);
    assert_eq!(v["contact_again"], serde_json::json!([5, 2, 2]));
    assert_eq!(v["child_answers"], 2);
    // Notes: 9 cases × (1 with, 1 without) + 4 × 2 without + 2 with = 11 of 28.
    assert_eq!(v["notes"], 28);
    assert_eq!(v["notes_with_child"], 11);
    // APQ: involvement +5 and +3 → +4, both better; positive parenting +5 and −1 → +2.
    let apq = v["apq"].as_array().unwrap();
    assert_eq!(apq[0]["subscale"], "involvement");
    assert_eq!(apq[0]["cases"], 2);
    assert_eq!(apq[0]["mean_change"], 4.0);
    assert_eq!(apq[0]["improved"], 2);
    assert_eq!(apq[1]["mean_change"], 2.0);
    assert_eq!(apq[1]["improved"], 1);
    // Inconsistent discipline −5 and 0: one better.
    assert_eq!(apq[3]["mean_change"], -2.5);
    assert_eq!(apq[3]["improved"], 1);

    // The text reads like the study's tables.
    let text = run(
        &data,
        &[
            "--lang",
            "sv",
            "stats",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
        ],
    );
    for needle in [
        "Tabell 1",
        "Intervjuade familjer",
        "Avböjt medverkan",
        "Summa",
        "Tabell 2",
        "5,5 – 6",
        "medelbetyg",
        "4,5",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    // Without a period every closed case counts.
    let all: serde_json::Value = serde_json::from_str(&run(&data, &["stats", "--json"])).unwrap();
    assert_eq!(all["closed"], 15);
}

fn person(
    mode: insats::domain::report::Mode,
    expect: Option<f32>,
) -> insats::domain::report::PersonInterview {
    insats::domain::report::PersonInterview {
        mode,
        interview: Interview {
            respondent: Respondent::Parent,
            expectations_met: expect,
            had_plan: Answer::Yes,
            worked_well: vec![],
            worked_less_well: vec![],
            helped_as_parent: String::new(),
            would_contact_again: Answer::Yes,
            comment: String::new(),
            child: None,
        },
    }
}

#[test]
fn study_002_counts_families_for_who_was_asked_and_persons_for_the_grades() {
    use insats::domain::report::Mode::{InPerson, Phone};
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let store = Store::open(&data).unwrap();
    // 14 persons from 13 families: one family of two interviewed apart;
    // 9 in person, 5 by phone; one person gave no grade.
    let mut n = 0;
    let mut families: Vec<Vec<insats::domain::report::PersonInterview>> = Vec::new();
    families.push(vec![person(InPerson, Some(6.0)), person(Phone, Some(4.0))]);
    for k in 0..12 {
        let mode = if k < 8 { InPerson } else { Phone };
        let grade = if k == 0 { None } else { Some(5.0) };
        families.push(vec![person(mode, grade)]);
    }
    for persons in families {
        n += 1;
        let outcome = FollowUpOutcome::Interviewed {
            persons,
            child: None,
        };
        closed_case(&store, n, "2026-06-15", Some(outcome), (1, 1));
    }
    // And one written before persons were counted apart: still counts,
    // its mode unknown.
    n += 1;
    closed_case(
        &store,
        n,
        "2026-06-16",
        asked(Some(3.0), Answer::No, Answer::No, false),
        (0, 1),
    );
    drop(store);
    let json: serde_json::Value = serde_json::from_str(&run(&data, &["stats", "--json"])).unwrap();
    assert_eq!(json["interviewed"], 14, "{json}");
    assert_eq!(json["persons"], 15, "{json}");
    assert_eq!(json["in_person"], 9, "{json}");
    assert_eq!(json["by_phone"], 5, "{json}");
    assert_eq!(json["mode_unknown"], 1, "{json}");
    assert_eq!(json["expectations_declined"], 1, "{json}");
    let bands: u64 = json["bands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(bands, 14, "{json}");
    let text = run(&data, &["--lang", "sv", "stats"]);
    assert!(text.contains("intervjuade personer"), "{text}");
    assert!(
        text.contains("9 på plats, 5 per telefon, 1 okänt hur"),
        "{text}"
    );
}
