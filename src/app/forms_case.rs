//! The editors for the case itself and its plan, goals, ratings, reports,
//! closing and follow-up.

use chrono::NaiveDate;

use super::App;
use super::form::{Field, Form, FormKind};
use super::forms::{active_goals, mapping_lines, role_index, strings};
use crate::domain::case::{Case, Place, Reason};
use crate::domain::casefile::CaseFile;
use crate::domain::plan::{BbicArea, GoalOrigin, GoalStatus};
use crate::domain::rating::{Instrument, Occasion, Rating, compare};
use crate::domain::report::ReportKind;
use crate::i18n::{fill, subscale};

impl App {
    pub fn case_form(&self, file: Option<&CaseFile>, today: NaiveDate) -> Form {
        let f = self.forms_text();
        let c: Option<&Case> = file.map(|x| &x.case.body);
        let persons = c
            .map(|c| {
                c.persons
                    .iter()
                    .map(|p| {
                        let year = p.birth_year.map(|y| format!(", {y}")).unwrap_or_default();
                        format!("{}, {}{year}", p.alias, f.roles[role_index(p.role)])
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default();
        let reasons = Reason::ALL
            .iter()
            .map(|r| c.is_some_and(|c| c.reasons.contains(r)))
            .collect();
        let places = Place::ALL
            .iter()
            .map(|p| c.map_or(*p == Place::Home, |c| c.places.contains(p)))
            .collect();
        let workers = c.map_or(self.worker.clone(), |c| c.workers.join(", "));
        let mut fields = Vec::new();
        if c.is_none() {
            fields.push(Field::line("code", f.code, ""));
        }
        fields.extend([
            Field::line("family", f.family, c.map_or("", |c| &c.family)),
            Field::date("start", f.start, &c.map_or(today, |c| c.start).to_string()),
            Field::line("workers", f.workers, &workers),
            Field::text("assignment", f.assignment, c.map_or("", |c| &c.assignment)),
            Field::multi("reasons", f.reasons, strings(&f.reason_options), reasons),
            Field::multi("places", f.usual_places, strings(&f.places), places),
            Field::line(
                "secretary",
                f.secretary_name,
                c.map_or("", |c| &c.secretary.name),
            ),
            Field::line(
                "unit",
                f.secretary_unit,
                c.map_or("", |c| &c.secretary.unit),
            ),
            Field::line(
                "contact",
                f.secretary_contact,
                c.map_or("", |c| &c.secretary.contact),
            ),
            Field::text("persons", f.persons, &persons),
        ]);
        match file {
            Some(file) => {
                let status = match c.map(|c| c.status) {
                    Some(crate::domain::CaseStatus::Paused) => 1,
                    Some(crate::domain::CaseStatus::Closed) => 2,
                    _ => 0,
                };
                fields.push(Field::choice(
                    "status",
                    f.status,
                    strings(&f.case_status),
                    status,
                ));
                let kind = FormKind::EditCase {
                    case: file.code().to_string(),
                };
                Form::new(kind, self.case_title(f.edit_case, file), fields, "family")
            }
            None => Form::new(FormKind::NewCase, f.new_case.to_string(), fields, "code"),
        }
    }

    pub fn plan_form(&self, file: &CaseFile, today: NaiveDate) -> Form {
        let f = self.forms_text();
        let p = file.plan.as_ref().map(|r| &r.body);
        let activities = p
            .map(|p| {
                p.activities
                    .iter()
                    .map(|a| {
                        format!(
                            "{} | {} | {} | {} | {}",
                            a.what, a.goal, a.responsible, a.when, a.how
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default();
        let goals = match p {
            Some(p) => p.goals.join("\n"),
            None => active_goals(file)
                .into_iter()
                .map(|(_, t)| t)
                .collect::<Vec<_>>()
                .join("\n"),
        };
        let fields = vec![
            Field::text("goals", f.plan_goals, &goals),
            Field::text("activities", f.activities, &activities),
            Field::text(
                "cooperation",
                f.cooperation,
                p.map_or("", |p| &p.cooperation),
            ),
            Field::text(
                "child",
                f.child_participation,
                p.map_or("", |p| &p.child_participation),
            ),
            Field::text(
                "parents",
                f.parent_participation,
                p.map_or("", |p| &p.parent_participation),
            ),
            Field::date(
                "set_on",
                f.set_on,
                &p.and_then(|p| p.set_on).unwrap_or(today).to_string(),
            ),
            Field::text(
                "follow_up",
                f.plan_follow_up,
                p.map_or("", |p| &p.follow_up),
            ),
            Field::text("mapping", f.mapping, &mapping_lines(file)),
        ];
        Form::new(
            FormKind::Plan {
                case: file.code().to_string(),
            },
            self.case_title(f.plan, file),
            fields,
            "goals",
        )
    }

    pub fn goal_form(&self, file: &CaseFile, seq: Option<u32>, today: NaiveDate) -> Form {
        let f = self.forms_text();
        let g = seq
            .and_then(|s| file.goals.iter().find(|g| g.seq == s))
            .map(|r| &r.body);
        let next_priority = file.goals.iter().filter(|g| g.is_live()).count() + 1;
        let (status, status_date) = match g.map(|g| g.status) {
            Some(GoalStatus::Achieved(d)) => (1, d.to_string()),
            Some(GoalStatus::Dropped(d)) => (2, d.to_string()),
            _ => (0, String::new()),
        };
        let origin = match g.map(|g| g.origin) {
            Some(GoalOrigin::Parent) => 1,
            Some(GoalOrigin::Child) => 2,
            Some(GoalOrigin::Worker) => 3,
            _ => 0,
        };
        let area = g
            .and_then(|g| g.area)
            .and_then(|a| BbicArea::ALL.iter().position(|x| *x == a))
            .map_or(0, |i| i + 1);
        let mut areas = vec![f.none.to_string()];
        areas.extend(strings(&f.areas));
        let fields = vec![
            Field::line("title", f.title, g.map_or("", |g| &g.title)),
            Field::text(
                "description",
                f.description,
                g.map_or("", |g| &g.description),
            ),
            Field::choice("origin", f.origin, strings(&f.origins), origin),
            Field::choice("area", f.area, areas, area),
            Field::line(
                "priority",
                f.priority,
                &g.map_or(next_priority as u8, |g| g.priority).to_string(),
            ),
            Field::date(
                "started",
                f.start,
                &g.map_or(today, |g| g.started_on).to_string(),
            ),
            Field::choice("status", f.status, strings(&f.goal_statuses), status),
            Field::date("status_date", f.status_date, &status_date),
        ];
        Form::new(
            FormKind::Goal {
                case: file.code().to_string(),
                seq,
            },
            self.case_title(f.goal, file),
            fields,
            "title",
        )
    }

    pub fn rating_form(&self, file: &CaseFile, seq: Option<u32>, today: NaiveDate) -> Form {
        let f = self.forms_text();
        let existing = seq
            .and_then(|s| file.ratings.iter().find(|r| r.seq == s))
            .map(|r| &r.body);
        let has_initial = file.has_rating(Occasion::Initial);
        let rating = existing.cloned().unwrap_or_else(|| {
            let occasion = if !has_initial {
                Occasion::Initial
            } else if file.case.body.phase() == crate::domain::Phase::Generalising {
                Occasion::Closing
            } else {
                Occasion::Interim
            };
            Rating::preset(Instrument::Apq, occasion, today)
        });
        let (instrument, custom) = match &rating.instrument {
            Instrument::Apq => (0, String::new()),
            Instrument::Cbcl => (1, String::new()),
            Instrument::Custom(n) => (2, n.clone()),
        };
        let occasion = match rating.occasion {
            Occasion::Initial => 0,
            Occasion::Interim => 1,
            Occasion::Closing => 2,
        };
        let scores = rating
            .scores
            .iter()
            .map(|s| {
                if existing.is_some() || s.score != 0.0 {
                    format!("{}: {}", subscale(self.lang, &s.name), s.score)
                } else {
                    format!("{}: ", subscale(self.lang, &s.name))
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let mut fields = vec![
            Field::choice(
                "instrument",
                f.instrument,
                strings(&f.instruments),
                instrument,
            ),
            Field::line("custom", f.custom_name, &custom),
            Field::choice("occasion", f.occasion, strings(&f.occasions), occasion),
            Field::date("date", f.date, &rating.date.to_string()),
            Field::line("informant", f.informant, &rating.informant),
            Field::text("scores", f.scores, &scores),
        ];
        // The closing rating beside the initial one, subscale by subscale.
        let initial = file.ratings.iter().filter(|r| r.is_live()).find(|r| {
            r.body.occasion == Occasion::Initial && r.body.instrument == rating.instrument
        });
        if let (Some(initial), Occasion::Closing) = (initial, rating.occasion) {
            let lines: Vec<String> = compare(&initial.body, &rating)
                .iter()
                .map(|c| {
                    let word = match c.improved {
                        Some(true) => f.better,
                        Some(false) => f.worse,
                        None => "=",
                    };
                    format!(
                        "{:<24} {:>6} → {:>6}  {:+.1} {word}",
                        subscale(self.lang, &c.name),
                        c.initial,
                        c.closing,
                        c.change
                    )
                })
                .collect();
            fields.push(Field::info("beside", f.initial_beside, lines.join("\n")));
        } else if let Some(initial) = initial {
            let lines: Vec<String> = initial
                .body
                .scores
                .iter()
                .map(|s| format!("{}: {}", subscale(self.lang, &s.name), s.score))
                .collect();
            fields.push(Field::info("beside", f.initial_beside, lines.join("\n")));
        }
        let mut form = Form::new(
            FormKind::Rating {
                case: file.code().to_string(),
                seq,
            },
            self.case_title(f.rating, file),
            fields,
            "scores",
        );
        // Scores are written from the first subscale down.
        form.cursor_to_top("scores");
        form
    }

    /// Study 002's interview at closure, or why the family was not asked.
    pub fn follow_up_form(&self, file: &CaseFile, seq: Option<u32>, today: NaiveDate) -> Form {
        use crate::domain::report::{Answer, FollowUpOutcome, NotAsked, Respondent};
        let f = self.forms_text();
        let n = |i: usize, t: &str| fill(t, &[("n", &i.to_string())]);
        let existing = seq
            .and_then(|s| file.follow_ups.iter().find(|r| r.seq == s))
            .map(|r| &r.body);
        let answer = |a: Answer| match a {
            Answer::Yes => 0,
            Answer::No => 1,
            Answer::Unsure => 2,
        };
        let (outcome, other) = match existing.map(|e| &e.outcome) {
            Some(FollowUpOutcome::NotAsked(NotAsked::Declined)) => (1, String::new()),
            Some(FollowUpOutcome::NotAsked(NotAsked::Moved)) => (2, String::new()),
            Some(FollowUpOutcome::NotAsked(NotAsked::Unreachable)) => (3, String::new()),
            Some(FollowUpOutcome::NotAsked(NotAsked::Other(why))) => (4, why.clone()),
            _ => (0, String::new()),
        };
        let interview = match existing.map(|e| &e.outcome) {
            Some(FollowUpOutcome::Asked(i)) => Some(i),
            _ => None,
        };
        let line = |list: Option<&Vec<String>>, i: usize| {
            list.and_then(|l| l.get(i)).cloned().unwrap_or_default()
        };
        let respondent = interview.map_or(0, |i| match i.respondent {
            Respondent::Parent => 0,
            Respondent::BothParents => 1,
            Respondent::Guardian => 2,
            Respondent::Other => 3,
        });
        let expectations = interview
            .and_then(|i| i.expectations_met)
            .map(|e| e.to_string())
            .unwrap_or_default();
        let child = interview.and_then(|i| i.child.clone()).unwrap_or_default();
        let date = existing.map_or(today, |e| e.date).to_string();
        let mut fields = vec![
            Field::date("date", f.date, &date),
            Field::choice("outcome", f.outcome, strings(&f.outcomes), outcome),
            Field::line("other_reason", f.other_reason, &other),
            Field::choice(
                "respondent",
                f.respondent,
                strings(&f.respondents),
                respondent,
            ),
            Field::line("expectations", f.expectations, &expectations),
            Field::choice(
                "had_plan",
                f.had_plan,
                strings(&f.answers),
                interview.map_or(0, |i| answer(i.had_plan)),
            ),
        ];
        for (i, id) in ["well1", "well2", "well3"].into_iter().enumerate() {
            fields.push(Field::line(
                id,
                &n(i + 1, f.worked_well),
                &line(interview.map(|x| &x.worked_well), i),
            ));
        }
        for (i, id) in ["less1", "less2", "less3"].into_iter().enumerate() {
            fields.push(Field::line(
                id,
                &n(i + 1, f.worked_less_well),
                &line(interview.map(|x| &x.worked_less_well), i),
            ));
        }
        fields.extend([
            Field::text(
                "helped",
                f.helped,
                interview.map_or("", |i| &i.helped_as_parent),
            ),
            Field::choice(
                "again",
                f.contact_again,
                strings(&f.answers),
                interview.map_or(0, |i| answer(i.would_contact_again)),
            ),
            Field::text("comment", f.comment, interview.map_or("", |i| &i.comment)),
            Field::line("child_well", f.child_well, &child.worked_well),
            Field::line("child_less", f.child_less, &child.worked_less_well),
            Field::text("child_comment", f.child_comment, &child.comment),
        ]);
        Form::new(
            FormKind::FollowUp {
                case: file.code().to_string(),
                seq,
            },
            self.case_title(f.follow_up, file),
            fields,
            "outcome",
        )
    }

    pub fn report_form(&self, file: &CaseFile, today: NaiveDate) -> Form {
        self.report_form_with(file, today, None)
    }

    /// The report registration, with a drafted text when given.
    pub fn report_form_with(
        &self,
        file: &CaseFile,
        today: NaiveDate,
        draft: Option<(ReportKind, NaiveDate, String)>,
    ) -> Form {
        let f = self.forms_text();
        let case = &file.case.body;
        let kind = if !file.report_sent(ReportKind::Fas1)
            && case.phase() == crate::domain::Phase::Initial
        {
            0
        } else if case.phase() == crate::domain::Phase::Generalising {
            2
        } else {
            1
        };
        let from = file.last_report_sent().unwrap_or(case.start);
        let drafted = draft.is_some();
        let (kind, from, text) = match draft {
            Some((k, from, text)) => (k as usize, from, text),
            None => (kind, from, String::new()),
        };
        let fields = vec![
            Field::choice("kind", f.report_kind, strings(&f.report_kinds), kind),
            Field::date("from", f.from, &from.to_string()),
            Field::date("to", f.to, &today.to_string()),
            Field::date("sent_on", f.sent_on, &today.to_string()),
            Field::line("recipient", f.recipient, &case.secretary.name),
            Field::text("text", f.text, &text),
        ];
        Form::new(
            FormKind::Report {
                case: file.code().to_string(),
            },
            self.case_title(if drafted { f.report_draft } else { f.report }, file),
            fields,
            // A drafted report opens on its text, to be read and edited.
            if drafted { "text" } else { "kind" },
        )
    }

    pub fn close_form(&self, file: &CaseFile, today: NaiveDate) -> Form {
        let f = self.forms_text();
        let fields = vec![
            Field::date("on", f.close_on, &today.to_string()),
            Field::line("reason", f.close_reason, ""),
        ];
        Form::new(
            FormKind::Close {
                case: file.code().to_string(),
            },
            self.case_title(f.close, file),
            fields,
            "reason",
        )
    }
}
