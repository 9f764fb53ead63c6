//! Fictional demo cases, laid out around `today` so that every kind of flag
//! shows: overdue, due soon and on time, in all three phases and closed.
//! Every family, person and worker here is invented.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime};

use crate::domain::case::{Case, Person, PersonRole, Place, Reason, SocialSecretary};
use crate::domain::incident::{Actor, ChainLink, Incident, LinkKind};
use crate::domain::note::{GoalScore, IsoWeek, Note, Participant, Reflection};
use crate::domain::phase::{Phase, Step};
use crate::domain::plan::{
    Activity, Factor, FactorKind, FactorSource, Goal, GoalOrigin, GoalStatus, Plan,
};
use crate::domain::rating::{Instrument, Occasion, Rating};
use crate::domain::record::Record;
use crate::domain::report::{
    Answer, FollowUp, FollowUpOutcome, Interview, Report, ReportKind, Respondent,
};
use crate::store::{Store, StoreError};

/// The shape of one demo case, in days before `today`.
struct Shape {
    family: &'static str,
    worker: &'static str,
    started: u64,
    /// Days ago each later phase began (Fas 2, Fas 3).
    moves: &'static [u64],
    /// Days ago the last lägesrapport was sent.
    report: Option<u64>,
    /// Days ago the case closed, and whether it was followed up.
    closed: Option<(u64, bool)>,
    /// Weeks of Fas 2 to leave without a reflection, counted back from now.
    skip_weeks: &'static [u64],
    reasons: &'static [Reason],
    goals: &'static [&'static str],
}

const SHAPES: &[Shape] = &[
    Shape {
        family: "Fam Ek",
        worker: "AS",
        started: 50,
        moves: &[],
        report: None,
        closed: None,
        skip_weeks: &[],
        reasons: &[Reason::ParentingSupport, Reason::TeenageProblems],
        goals: &["Gemensamma regler för kvällar", "Lugnare morgnar"],
    },
    Shape {
        family: "Fam Björk",
        worker: "JK",
        started: 38,
        moves: &[],
        report: None,
        closed: None,
        skip_weeks: &[],
        reasons: &[Reason::SchoolProblems],
        goals: &["Skolnärvaro varje dag"],
    },
    Shape {
        family: "Fam Al",
        worker: "AS",
        started: 9,
        moves: &[],
        report: None,
        closed: None,
        skip_weeks: &[],
        reasons: &[Reason::EverydaySupport],
        goals: &["Struktur i vardagen"],
    },
    Shape {
        family: "Fam Lind",
        worker: "JK",
        started: 100,
        moves: &[58],
        report: Some(38),
        closed: None,
        skip_weeks: &[2],
        reasons: &[Reason::RelationshipProblems, Reason::DivorceCustodyContact],
        goals: &["Samarbete kring umgänge", "Färre konflikter vid hämtning"],
    },
    Shape {
        family: "Fam Rönn",
        worker: "AS",
        started: 190,
        moves: &[150],
        report: Some(52),
        closed: None,
        skip_weeks: &[0, 1],
        reasons: &[Reason::AbuseViolence, Reason::ParentingSupport],
        goals: &["Trygga gränser utan våld", "Vuxen närvaro på kvällar"],
    },
    Shape {
        family: "Fam Asp",
        worker: "JK",
        started: 62,
        moves: &[20],
        report: Some(3),
        closed: None,
        skip_weeks: &[],
        reasons: &[Reason::MentalIllHealth],
        goals: &["Förälderns återhämtning", "Barnets sömn"],
    },
    Shape {
        family: "Fam Hassel",
        worker: "AS",
        started: 240,
        moves: &[200, 50],
        report: Some(20),
        closed: None,
        skip_weeks: &[],
        reasons: &[Reason::TeenageProblems],
        goals: &["Nätverk kring ungdomen"],
    },
    Shape {
        family: "Fam Alm",
        worker: "JK",
        started: 280,
        moves: &[230, 70],
        report: Some(48),
        closed: None,
        skip_weeks: &[],
        reasons: &[Reason::SubstanceAbuse, Reason::ConcernChildHealth],
        goals: &["Drogfri vardag", "Stöd från skolan"],
    },
    Shape {
        family: "Fam Gran",
        worker: "AS",
        started: 320,
        moves: &[270, 90],
        report: Some(40),
        closed: Some((20, false)),
        skip_weeks: &[],
        reasons: &[Reason::EconomyHousing],
        goals: &["Stabilt boende"],
    },
    Shape {
        family: "Fam Tall",
        worker: "JK",
        started: 300,
        moves: &[250, 80],
        report: Some(30),
        closed: Some((25, true)),
        skip_weeks: &[],
        reasons: &[Reason::ParentingSupport],
        goals: &["Tydligare rutiner"],
    },
];

fn ago(today: NaiveDate, days: u64) -> NaiveDate {
    today.checked_sub_days(Days::new(days)).unwrap_or(today)
}

fn at(date: NaiveDate, hour: u32) -> NaiveDateTime {
    date.and_time(NaiveTime::from_hms_opt(hour, 0, 0).expect("valid hour"))
}

/// Fills `store` with the demo cases; returns how many.
pub fn seed(store: &Store, today: NaiveDate) -> Result<usize, StoreError> {
    for (i, shape) in SHAPES.iter().enumerate() {
        seed_case(
            store,
            today,
            &format!("{}-{:03}", today.year(), 101 + i),
            shape,
        )?;
    }
    store.flush()?;
    Ok(SHAPES.len())
}

fn seed_case(store: &Store, today: NaiveDate, code: &str, s: &Shape) -> Result<(), StoreError> {
    let by = s.worker;
    let start = ago(today, s.started);
    let mut case = Case::new(code, s.family, start);
    case.workers = vec![s.worker.to_string()];
    case.reasons = s.reasons.to_vec();
    case.places = vec![Place::Home, Place::Office];
    case.secretary = SocialSecretary {
        name: "Maria Ström".into(),
        unit: "Barn och unga".into(),
        contact: "maria.strom@kommun.example".into(),
    };
    case.assignment = format!(
        "Förstärkt föräldrastöd: {}.",
        s.goals.join("; ").to_lowercase()
    );
    case.persons = vec![
        Person {
            alias: "Mamma".into(),
            role: PersonRole::Parent,
            birth_year: None,
        },
        Person {
            alias: "Pappa".into(),
            role: PersonRole::Parent,
            birth_year: None,
        },
        Person {
            alias: "Sam".into(),
            role: PersonRole::YoungPerson,
            birth_year: Some(today.year() as u16 - 14),
        },
    ];
    for (k, days) in s.moves.iter().enumerate() {
        let on = ago(today, *days);
        case.phase_forward(on);
        if k == 0 {
            // Everything of Fas 1 was done by the time Fas 2 began.
            for step in Phase::Initial.steps() {
                case.toggle_step(*step, on.checked_sub_days(Days::new(3)).unwrap_or(on));
            }
        }
        if k == 1 {
            for step in [
                Step::GoalReflections,
                Step::IncidentAnalyses,
                Step::MethodBank,
                Step::ProgressReports,
            ] {
                case.toggle_step(step, on);
            }
        }
    }
    if case.phase() == Phase::Initial {
        // Early Fas 1: the alliance and, for the older cases, the plan.
        case.toggle_step(
            Step::Alliance,
            start.checked_add_days(Days::new(5)).unwrap_or(start),
        );
        if s.started > 30 {
            case.toggle_step(
                Step::ImplementationPlan,
                start.checked_add_days(Days::new(16)).unwrap_or(start),
            );
        }
    }
    let closed = s
        .closed
        .map(|(days, followed)| (ago(today, days), followed));
    if let Some((on, _)) = closed {
        case.toggle_step(Step::ClosingMeeting, on);
        case.toggle_step(Step::ClosingReport, on);
        case.toggle_step(Step::ClosingRating, on);
        case.close(on, "Målen uppnådda");
    }
    store.insert_case(&Record::new(code, 0, case.clone(), by, at(start, 9)))?;

    let mut plan = Plan {
        goals: s.goals.iter().map(|g| g.to_string()).collect(),
        cooperation: "Socialsekreterare var 6:e vecka; skolans mentor vid behov.".into(),
        child_participation: "Sam vill att vuxna pratar lugnare och håller det de lovar.".into(),
        parent_participation: "Föräldrarna prioriterade målen tillsammans med behandlaren.".into(),
        set_on: Some(start.checked_add_days(Days::new(16)).unwrap_or(start)),
        follow_up: "Vid varje behandlingsrapport.".into(),
        ..Plan::default()
    };
    plan.activities.push(Activity {
        what: "Veckosamtal hemma".into(),
        goal: s.goals[0].to_string(),
        responsible: s.worker.into(),
        when: "Tisdagar".into(),
        how: "Samtal med föräldrarna, ibland med Sam".into(),
    });
    if s.started > 30 {
        let mut r = Record::new(code, 0, plan, by, at(start, 10));
        r.seq = 0;
        store.put(&r)?;
    }

    let fas2 = case.phase_began(Phase::Treatment);
    let goal_start = fas2.unwrap_or(start);
    let mut goal_seqs = Vec::new();
    for (p, title) in s.goals.iter().enumerate() {
        let goal = Goal {
            title: title.to_string(),
            description: String::new(),
            origin: if p == 0 {
                GoalOrigin::SocialSecretary
            } else {
                GoalOrigin::Parent
            },
            area: None,
            priority: p as u8 + 1,
            started_on: goal_start,
            // By Fas 3 the goals were reached (000: "Ny målfokusering").
            status: if closed.is_some() || case.phase() == Phase::Generalising {
                GoalStatus::Achieved(case.phase_began(Phase::Generalising).unwrap_or(today))
            } else {
                GoalStatus::Active
            },
        };
        goal_seqs.push(store.add(code, goal, by, at(goal_start, 10))?.seq);
    }

    if s.started > 20 {
        let factors = [
            (FactorKind::Protective, "Mormor hämtar på fredagar"),
            (FactorKind::Risk, "Trångboddhet, inget eget rum"),
        ];
        for (kind, text) in factors {
            let f = Factor {
                kind,
                text: text.into(),
                area: None,
                noted_on: start.checked_add_days(Days::new(14)).unwrap_or(start),
                source: FactorSource::Mapping,
            };
            store.add(code, f, by, at(start, 11))?;
        }
        let mut first = Rating::preset(Instrument::Apq, Occasion::Initial, start + Days::new(12));
        first.informant = "Mamma".into();
        for (k, v) in [32.0, 18.0, 22.0, 17.0, 6.0].into_iter().enumerate() {
            first.scores[k].score = v;
        }
        store.add(code, first, by, at(start, 12))?;
    }
    if let Some((on, _)) = closed {
        let mut last = Rating::preset(Instrument::Apq, Occasion::Closing, on);
        last.informant = "Mamma".into();
        for (k, v) in [38.0, 23.0, 16.0, 12.0, 3.0].into_iter().enumerate() {
            last.scores[k].score = v;
        }
        store.add(code, last, by, at(on, 12))?;
    }

    // Notes: a visit a week, the child in every other one; the latest
    // weeks of the busiest case without the child.
    let open_until = closed.map_or(today, |(on, _)| on);
    let mut day = start + Days::new(2);
    let mut n = 0u32;
    while day <= open_until {
        let child = n % 2 == 1 && !(s.family == "Fam Rönn" && day > ago(today, 60));
        let note = Note {
            date: day,
            start: NaiveTime::from_hms_opt(13, 30, 0).expect("valid time"),
            minutes: 75,
            place: if n % 3 == 2 {
                Place::Office
            } else {
                Place::Home
            },
            participants: if child {
                vec![Participant::Parent, Participant::YoungPerson]
            } else {
                vec![Participant::Parent]
            },
            child_took_part: child,
            child_words: if child {
                "Det är bättre när ingen skriker.".into()
            } else {
                String::new()
            },
            text: NOTE_TEXTS[n as usize % NOTE_TEXTS.len()].into(),
            goals: goal_seqs.iter().take(1).copied().collect(),
        };
        store.add(code, note, by, at(day, 15))?;
        day = day + Days::new(7);
        n += 1;
    }

    if let Some(fas2) = fas2 {
        let end = case
            .phase_began(Phase::Generalising)
            .unwrap_or(today)
            .min(open_until);
        let mut week = IsoWeek::of(fas2);
        let current = IsoWeek::of(today);
        let mut k = 0u32;
        let total = ((end - fas2).num_days() / 7).max(1) as u32;
        while week.monday() <= end {
            let weeks_back = (current.monday() - week.monday()).num_days() / 7;
            if !s.skip_weeks.contains(&(weeks_back as u64)) {
                let date = week
                    .monday()
                    .checked_add_days(Days::new(3))
                    .unwrap_or(week.monday())
                    .min(today);
                let scores = goal_seqs
                    .iter()
                    .enumerate()
                    .map(|(g, seq)| GoalScore {
                        goal: *seq,
                        // Rising unevenly from 2 towards 8 over Fas 2.
                        score: (2 + k * 6 / total + g as u32 + (k % 3 == 1) as u32).min(10) as u8,
                        text: "Små steg framåt".into(),
                    })
                    .collect();
                let r = Reflection {
                    week,
                    date,
                    participants: vec![Participant::Parent],
                    scores,
                    system_view: "Mormors stöd håller kvällarna lugnare.".into(),
                    child_voice: if k.is_multiple_of(2) {
                        "Sam: \"Mamma lyssnar mer nu.\"".into()
                    } else {
                        String::new()
                    },
                    next_step: "Fortsätt med kvällsrutinen.".into(),
                };
                store.add(code, r, by, at(date, 16))?;
            }
            week = week.next();
            k += 1;
        }
        seed_incident(store, code, by, fas2, today, goal_seqs.first().copied())?;
    }

    if !s.moves.is_empty() {
        let on = ago(today, s.moves[0] + 4);
        let r = Report {
            kind: ReportKind::Fas1,
            from: start,
            to: on,
            sent_on: on,
            recipient: "Maria Ström".into(),
            text: "Insatsrapport Fas 1.".into(),
        };
        store.add(code, r, by, at(on, 14))?;
    }
    if let Some(days) = s.report {
        let on = ago(today, days);
        let r = Report {
            kind: ReportKind::Progress,
            from: ago(today, days + 42),
            to: on,
            sent_on: on,
            recipient: "Maria Ström".into(),
            text: "Lägesrapport.".into(),
        };
        store.add(code, r, by, at(on, 14))?;
    }
    if let Some((on, true)) = closed {
        let r = Report {
            kind: ReportKind::Closing,
            from: start,
            to: on,
            sent_on: on,
            recipient: "Maria Ström".into(),
            text: "Avslutsrapport.".into(),
        };
        store.add(code, r, by, at(on, 14))?;
        let f = FollowUp {
            date: on + Days::new(10),
            outcome: FollowUpOutcome::Asked(Interview {
                respondent: Respondent::Parent,
                expectations_met: Some(5.0),
                had_plan: Answer::Yes,
                worked_well: vec!["Behandlaren kom hem till oss".into(), "Konkreta råd".into()],
                worked_less_well: vec!["Byte av behandlare i mitten".into()],
                helped_as_parent: "Jag vågar sätta gränser nu.".into(),
                would_contact_again: Answer::Yes,
                comment: String::new(),
                child: None,
            }),
        };
        store.add(code, f, by, at(on + Days::new(10), 10))?;
    }
    Ok(())
}

const NOTE_TEXTS: &[&str] = &[
    "Hembesök. Gick igenom veckans kvällsrutin; mamma berättar att det fungerat tre av fem kvällar.",
    "Samtal om hur föräldrarna kan hålla samma linje när Sam kommer hem sent.",
    "Möte på kontoret. Vi ritade upp veckan och vem som gör vad.",
    "Pappa beskrev ett bråk i helgen; vi gjorde en kort händelseanalys tillsammans.",
];

fn seed_incident(
    store: &Store,
    code: &str,
    by: &str,
    fas2: NaiveDate,
    today: NaiveDate,
    goal: Option<u32>,
) -> Result<(), StoreError> {
    let when = fas2
        .checked_add_days(Days::new(9))
        .unwrap_or(fas2)
        .min(today);
    let link = |kind, actor, text: &str, intensity| ChainLink {
        kind,
        actor,
        text: text.into(),
        intensity,
    };
    let incident = Incident {
        when: at(when, 21),
        place: "Hemma, köket".into(),
        present: "Mamma, Sam".into(),
        goal,
        behaviour: "Mamma skrek åt Sam och tog telefonen ifrån honom.".into(),
        chain: vec![
            link(
                LinkKind::Vulnerability,
                Actor::Parent,
                "Sov dåligt, lång arbetsdag",
                None,
            ),
            link(
                LinkKind::PromptingEvent,
                Actor::Child,
                "Sam kom hem 22.30 i stället för 21",
                None,
            ),
            link(LinkKind::Thought, Actor::Parent, "Han struntar i mig", None),
            link(LinkKind::Feeling, Actor::Parent, "Ilska", Some(8)),
            link(
                LinkKind::Action,
                Actor::Parent,
                "Skrek och tog telefonen",
                None,
            ),
            link(
                LinkKind::ShortTermConsequence,
                Actor::Child,
                "Sam smällde igen dörren",
                None,
            ),
        ],
        break_point: Some(2),
        could_break: "Paus: andas, säga \"vi pratar i morgon\".".into(),
        factors: Vec::new(),
        plan_next_time: "Överenskommen hemkomsttid på kylskåpet; sms vid försening.".into(),
        child_account: "Sam: \"Jag glömde tiden, mobilen var död.\"".into(),
        review_on: Some(when + Days::new(14)),
    };
    store.add(code, incident, by, at(when, 22))?;
    Ok(())
}
