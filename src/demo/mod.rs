//! The fictional caseload of `insats --demo` and of the screenshots: the
//! cases are data (`cases.toml`, laid out in days before `today`); this
//! file turns them into records. Every family, person and worker is
//! invented.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime};
use serde::Deserialize;

use crate::domain::case::{Case, Person, PersonRole, Place, Reason, SocialSecretary, StepCheck};
use crate::domain::incident::{ChainLink, Incident};
use crate::domain::note::{GoalScore, IsoWeek, Note, Participant, Reflection};
use crate::domain::phase::{Phase, Step};
use crate::domain::plan::{
    Activity, Factor, FactorKind, FactorSource, Goal, GoalOrigin, GoalStatus, Plan,
};
use crate::domain::rating::{Instrument, Occasion, Rating};
use crate::domain::record::Record;
use crate::domain::report::{
    FollowUp, FollowUpOutcome, Interview, Mode, PersonInterview, Report, ReportKind,
};
use crate::store::{Store, StoreError};

/// `cases.toml`: what every demo case shares, and the cases.
#[derive(Deserialize)]
struct Demo {
    secretary: SocialSecretary,
    assignment: String,
    places: Vec<Place>,
    persons: Vec<DemoPerson>,
    notes: Notes,
    plan: PlanText,
    mapping: Mapping,
    ratings: Ratings,
    reflection: ReflectionText,
    incident: IncidentText,
    reports: ReportTexts,
    follow_up: Interview,
    closing_reason: String,
    closing_meeting: String,
    case: Vec<Shape>,
}

#[derive(Deserialize)]
struct DemoPerson {
    alias: String,
    role: PersonRole,
    /// Age today, for a child.
    age: Option<u16>,
}

#[derive(Deserialize)]
struct Notes {
    texts: Vec<String>,
    child_words: String,
    child_absent: ChildAbsent,
}

/// The family whose child was not in the notes of the last `days`.
#[derive(Deserialize)]
struct ChildAbsent {
    family: String,
    days: u64,
}

#[derive(Deserialize)]
struct PlanText {
    cooperation: String,
    child_participation: String,
    parent_participation: String,
    follow_up: String,
    activity: ActivityText,
}

#[derive(Deserialize)]
struct ActivityText {
    what: String,
    when: String,
    how: String,
}

#[derive(Deserialize)]
struct Mapping {
    factors: Vec<FactorText>,
}

#[derive(Deserialize)]
struct FactorText {
    kind: FactorKind,
    text: String,
}

#[derive(Deserialize)]
struct Ratings {
    informant: String,
    initial: Vec<f32>,
    closing: Vec<f32>,
}

#[derive(Deserialize)]
struct ReflectionText {
    goal_text: String,
    system_view: String,
    child_voice: String,
    next_step: String,
}

#[derive(Deserialize)]
struct IncidentText {
    place: String,
    present: String,
    behaviour: String,
    break_point: usize,
    could_break: String,
    plan_next_time: String,
    child_account: String,
    chain: Vec<ChainLink>,
}

#[derive(Deserialize)]
struct ReportTexts {
    fas1: String,
    progress: String,
    closing: String,
}

/// The shape of one demo case, in days before `today`.
#[derive(Deserialize)]
struct Shape {
    family: String,
    worker: String,
    started: u64,
    /// Days ago each later phase began (Fas 2, Fas 3).
    #[serde(default)]
    moves: Vec<u64>,
    /// Days ago the last lägesrapport was sent.
    report: Option<u64>,
    closed: Option<Closed>,
    /// Weeks of Fas 2 to leave without a reflection, counted back from now.
    #[serde(default)]
    skip_weeks: Vec<u64>,
    /// The latest notes not yet entered into the journal; the rest are,
    /// the day after their contact.
    #[serde(default)]
    journal_owed: usize,
    reasons: Vec<Reason>,
    goals: Vec<String>,
}

#[derive(Deserialize, Clone, Copy)]
struct Closed {
    days: u64,
    followed_up: bool,
}

fn demo() -> Demo {
    // Compiled in and read by a test: it cannot fail at run time.
    toml::from_str(include_str!("cases.toml")).expect("cases.toml is checked by a test")
}

fn ago(today: NaiveDate, days: u64) -> NaiveDate {
    today.checked_sub_days(Days::new(days)).unwrap_or(today)
}

fn after(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days)).unwrap_or(date)
}

fn at(date: NaiveDate, hour: u32) -> NaiveDateTime {
    date.and_time(NaiveTime::from_hms_opt(hour, 0, 0).expect("valid hour"))
}

/// Fills `store` with the demo cases; returns how many.
pub fn seed(store: &Store, today: NaiveDate) -> Result<usize, StoreError> {
    let demo = demo();
    for (i, shape) in demo.case.iter().enumerate() {
        let code = format!("{}-{:03}", today.year(), 101 + i);
        Seeding {
            store,
            demo: &demo,
            shape,
            today,
            code: &code,
            by: &shape.worker,
        }
        .case()?;
    }
    store.flush()?;
    Ok(demo.case.len())
}

/// One demo case being written.
struct Seeding<'a> {
    store: &'a Store,
    demo: &'a Demo,
    shape: &'a Shape,
    today: NaiveDate,
    code: &'a str,
    by: &'a str,
}

impl Seeding<'_> {
    fn case(&self) -> Result<(), StoreError> {
        let s = self.shape;
        let start = ago(self.today, s.started);
        let case = self.case_record(start);
        self.store.insert_case(&Record::new(
            self.code,
            0,
            case.clone(),
            self.by,
            at(start, 9),
        ))?;
        if s.started > 30 {
            self.plan(start)?;
        }
        let fas2 = case.phase_began(Phase::Treatment);
        let goals = self.goals(&case, fas2.unwrap_or(start))?;
        if s.started > 20 {
            self.mapping_and_first_rating(start)?;
        }
        let closed = self.closed_on();
        if let Some(on) = closed {
            self.closing_rating(on)?;
        }
        self.notes(start, closed.unwrap_or(self.today), &goals)?;
        if let Some(fas2) = fas2 {
            let end = case
                .phase_began(Phase::Generalising)
                .unwrap_or(self.today)
                .min(closed.unwrap_or(self.today));
            self.reflections(fas2, end, &goals)?;
            self.incident(fas2, goals.first().copied())?;
        }
        self.reports(start)?;
        self.journal()
    }

    /// Every note entered into the journal the day after its contact, but
    /// for the latest [`Shape::journal_owed`].
    fn journal(&self) -> Result<(), StoreError> {
        let Some(file) = self.store.load_case(self.code)?.0 else {
            return Ok(());
        };
        let mut owed = crate::domain::journal::owed(&file, Default::default());
        owed.truncate(owed.len().saturating_sub(self.shape.journal_owed));
        let entered = (owed.iter())
            .map(|o| o.entered((o.date + chrono::Days::new(1)).min(self.today), ""))
            .collect();
        let at = at(self.today, 8);
        self.store
            .mark_transferred(self.code, entered, self.by, at)?;
        Ok(())
    }

    fn closed_on(&self) -> Option<NaiveDate> {
        self.shape.closed.map(|c| ago(self.today, c.days))
    }

    /// The case with its phases, the steps done and, for a closed case,
    /// its closing.
    fn case_record(&self, start: NaiveDate) -> Case {
        let (d, s) = (self.demo, self.shape);
        let mut case = Case::new(self.code, &s.family, start);
        case.workers = vec![s.worker.clone()];
        case.reasons = s.reasons.clone();
        case.places = d.places.clone();
        case.secretary = d.secretary.clone();
        case.assignment = d
            .assignment
            .replace("{goals}", &s.goals.join("; ").to_lowercase());
        case.persons = d
            .persons
            .iter()
            .map(|p| Person {
                alias: p.alias.clone(),
                role: p.role,
                birth_year: p.age.map(|a| self.today.year() as u16 - a),
            })
            .collect();
        // The steps follow the records written below; only the closing
        // meeting, held outside insats, is checked by hand.
        for days in &s.moves {
            case.phase_forward(ago(self.today, *days));
        }
        if let Some(on) = self.closed_on() {
            case.steps.push(StepCheck {
                step: Step::ClosingMeeting,
                done_on: on,
                note: self.demo.closing_meeting.clone(),
            });
            case.close(on, &self.demo.closing_reason);
        }
        case
    }

    fn plan(&self, start: NaiveDate) -> Result<(), StoreError> {
        let (p, s) = (&self.demo.plan, self.shape);
        let mut plan = Plan {
            goals: s.goals.clone(),
            cooperation: p.cooperation.clone(),
            child_participation: p.child_participation.clone(),
            parent_participation: p.parent_participation.clone(),
            set_on: Some(after(start, 16)),
            follow_up: p.follow_up.clone(),
            ..Plan::default()
        };
        plan.activities.push(Activity {
            what: p.activity.what.clone(),
            goal: s.goals[0].clone(),
            responsible: s.worker.clone(),
            when: p.activity.when.clone(),
            how: p.activity.how.clone(),
        });
        self.store
            .put(&Record::new(self.code, 0, plan, self.by, at(start, 10)))
    }

    /// The goals, from `start`; by Fas 3 they were reached (000: "Ny
    /// målfokusering"). Returns their numbers.
    fn goals(&self, case: &Case, start: NaiveDate) -> Result<Vec<u32>, StoreError> {
        let reached = self.shape.closed.is_some() || case.phase() == Phase::Generalising;
        let mut seqs = Vec::new();
        for (p, title) in self.shape.goals.iter().enumerate() {
            let goal = Goal {
                title: title.clone(),
                description: String::new(),
                origin: if p == 0 {
                    GoalOrigin::SocialSecretary
                } else {
                    GoalOrigin::Parent
                },
                area: None,
                priority: p as u8 + 1,
                started_on: start,
                status: if reached {
                    GoalStatus::Achieved(
                        case.phase_began(Phase::Generalising).unwrap_or(self.today),
                    )
                } else {
                    GoalStatus::Active
                },
            };
            seqs.push(self.store.add(self.code, goal, self.by, at(start, 10))?.seq);
        }
        Ok(seqs)
    }

    fn mapping_and_first_rating(&self, start: NaiveDate) -> Result<(), StoreError> {
        for f in &self.demo.mapping.factors {
            let factor = Factor {
                kind: f.kind,
                text: f.text.clone(),
                area: None,
                noted_on: after(start, 14),
                source: FactorSource::Mapping,
            };
            self.store.add(self.code, factor, self.by, at(start, 11))?;
        }
        let r = &self.demo.ratings;
        let first = self.apq(Occasion::Initial, after(start, 12), &r.initial);
        self.store.add(self.code, first, self.by, at(start, 12))?;
        Ok(())
    }

    fn closing_rating(&self, on: NaiveDate) -> Result<(), StoreError> {
        let last = self.apq(Occasion::Closing, on, &self.demo.ratings.closing);
        self.store.add(self.code, last, self.by, at(on, 12))?;
        Ok(())
    }

    fn apq(&self, occasion: Occasion, on: NaiveDate, scores: &[f32]) -> Rating {
        let mut rating = Rating::preset(Instrument::Apq, occasion, on);
        rating.informant = self.demo.ratings.informant.clone();
        for (s, v) in rating.scores.iter_mut().zip(scores) {
            s.score = *v;
        }
        rating
    }

    /// A visit a week, the child in every other one; the latest weeks of
    /// one case without the child.
    fn notes(&self, start: NaiveDate, until: NaiveDate, goals: &[u32]) -> Result<(), StoreError> {
        let n = &self.demo.notes;
        let absent = &n.child_absent;
        let mut day = after(start, 2);
        let mut k = 0usize;
        while day <= until {
            let child = k % 2 == 1
                && !(self.shape.family == absent.family && day > ago(self.today, absent.days));
            let note = Note {
                date: day,
                start: NaiveTime::from_hms_opt(13, 30, 0).expect("valid time"),
                minutes: 75,
                place: if k % 3 == 2 {
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
                    n.child_words.clone()
                } else {
                    String::new()
                },
                text: n.texts[k % n.texts.len()].clone(),
                goals: goals.iter().take(1).copied().collect(),
            };
            self.store.add(self.code, note, self.by, at(day, 15))?;
            day = after(day, 7);
            k += 1;
        }
        Ok(())
    }

    /// A reflection each week of Fas 2 up to `end`, but the weeks skipped;
    /// the scores rise unevenly from 2 towards 8.
    fn reflections(
        &self,
        fas2: NaiveDate,
        end: NaiveDate,
        goals: &[u32],
    ) -> Result<(), StoreError> {
        let text = &self.demo.reflection;
        let current = IsoWeek::of(self.today);
        let total = ((end - fas2).num_days() / 7).max(1) as u32;
        let mut week = IsoWeek::of(fas2);
        let mut k = 0u32;
        while week.monday() <= end {
            let weeks_back = (current.monday() - week.monday()).num_days() / 7;
            if !self.shape.skip_weeks.contains(&(weeks_back as u64)) {
                let date = after(week.monday(), 3).min(self.today);
                let scores = goals
                    .iter()
                    .enumerate()
                    .map(|(g, seq)| GoalScore {
                        goal: *seq,
                        score: (2 + k * 6 / total + g as u32 + (k % 3 == 1) as u32).min(10) as u8,
                        text: text.goal_text.clone(),
                    })
                    .collect();
                let r = Reflection {
                    week,
                    date,
                    participants: vec![Participant::Parent],
                    scores,
                    system_view: text.system_view.clone(),
                    child_voice: if k.is_multiple_of(2) {
                        text.child_voice.clone()
                    } else {
                        String::new()
                    },
                    next_step: text.next_step.clone(),
                };
                self.store.add(self.code, r, self.by, at(date, 16))?;
            }
            week = week.next();
            k += 1;
        }
        Ok(())
    }

    /// The incident analysis, nine days into Fas 2.
    fn incident(&self, fas2: NaiveDate, goal: Option<u32>) -> Result<(), StoreError> {
        let d = &self.demo.incident;
        let when = after(fas2, 9).min(self.today);
        let incident = Incident {
            when: at(when, 21),
            place: d.place.clone(),
            present: d.present.clone(),
            goal,
            behaviour: d.behaviour.clone(),
            chain: d.chain.clone(),
            break_point: Some(d.break_point),
            could_break: d.could_break.clone(),
            factors: Vec::new(),
            plan_next_time: d.plan_next_time.clone(),
            child_account: d.child_account.clone(),
            review_on: Some(after(when, 14)),
        };
        self.store.add(self.code, incident, self.by, at(when, 22))?;
        Ok(())
    }

    /// The Fas 1 report, the last lägesrapport and, for a case closed and
    /// followed up, the avslutsrapport and the family's follow-up.
    fn reports(&self, start: NaiveDate) -> Result<(), StoreError> {
        let (s, t) = (self.shape, &self.demo.reports);
        if let Some(first) = s.moves.first() {
            let on = ago(self.today, first + 4);
            self.report(ReportKind::Fas1, start, on, &t.fas1)?;
        }
        if let Some(days) = s.report {
            let on = ago(self.today, days);
            self.report(
                ReportKind::Progress,
                ago(self.today, days + 42),
                on,
                &t.progress,
            )?;
        }
        if let Some(on) = self
            .closed_on()
            .filter(|_| s.closed.is_some_and(|c| c.followed_up))
        {
            self.report(ReportKind::Closing, start, on, &t.closing)?;
            let f = FollowUp {
                date: after(on, 10),
                outcome: FollowUpOutcome::Interviewed {
                    persons: vec![PersonInterview {
                        mode: Mode::InPerson,
                        interview: self.demo.follow_up.clone(),
                    }],
                    child: None,
                },
            };
            self.store
                .add(self.code, f, self.by, at(after(on, 10), 10))?;
        }
        Ok(())
    }

    fn report(
        &self,
        kind: ReportKind,
        from: NaiveDate,
        on: NaiveDate,
        text: &str,
    ) -> Result<(), StoreError> {
        let r = Report {
            kind,
            from,
            to: on,
            sent_on: on,
            recipient: self.demo.secretary.name.clone(),
            text: text.to_string(),
        };
        self.store.add(self.code, r, self.by, at(on, 14))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_data_reads_and_every_case_has_goals() {
        let demo = demo();
        assert_eq!(demo.case.len(), 10);
        assert!(demo.case.iter().all(|c| !c.goals.is_empty()));
        assert_eq!(demo.incident.chain.len(), 6);
        assert!(demo.incident.break_point < demo.incident.chain.len());
        assert_eq!(demo.ratings.initial.len(), 5);
    }
}
