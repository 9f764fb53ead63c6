//! Saving an editor: its values read and checked, turned into a record,
//! written with the draft deleted in the same transaction, and flushed
//! before the screen says "saved".

use chrono::NaiveDateTime;

use super::form::{Form, FormKind};
use super::parse::{lines, parse_factors, parse_person, parse_when};
use super::read::{Bad, Read, follow_up_outcome, rating_scores};
use super::{App, Effect};
use crate::domain::case::{Case, CaseStatus, Place, Reason, SocialSecretary, valid_case_code};
use crate::domain::incident::Incident;
use crate::domain::note::{GoalScore, IsoWeek, Note, Participant, Reflection};
use crate::domain::plan::{
    Activity, BbicArea, Factor, FactorSource, Goal, GoalOrigin, GoalStatus, Plan,
};
use crate::domain::rating::{Instrument, Occasion, Rating};
use crate::domain::record::Record;
use crate::domain::report::{FollowUp, Report, ReportKind};
use crate::i18n::fill;
use crate::store::StoreError;

impl App {
    /// Ctrl-S in an editor.
    pub fn save_form(&mut self, now: NaiveDateTime) -> Effect {
        let Some(form) = self.form.take() else {
            return Effect::None;
        };
        let result = self.write_form(&form, now);
        match result {
            Ok(Ok((code, written))) => {
                self.saved(now, Ok(()));
                if let super::SaveState::Failed(_) = self.save {
                    // Written but not on disk: the editor stays open with its
                    // text and its draft, and says so; saving again writes
                    // over the same record rather than adding a second.
                    let mut form = form;
                    if let Some(seq) = written {
                        form.kind.set_seq(seq);
                    }
                    self.form = Some(form);
                    return Effect::Draw;
                }
                if let Err(e) = self.reload(&code) {
                    self.save = super::SaveState::Failed(e.to_string());
                }
                self.draft_slot.clear();
                self.message = Some(fill(self.lang.forms().saved, &[("title", &form.title)]));
                self.saved_forms += 1;
            }
            Ok(Err((id, why))) => {
                let mut form = form;
                form.fail(id, why);
                self.form = Some(form);
            }
            Err(e) => {
                self.save = super::SaveState::Failed(e.to_string());
                self.form = Some(form);
            }
        }
        Effect::Draw
    }

    /// Writes the form's record; the outer error is the store's, the inner
    /// one a field to correct. Returns the case code written to.
    fn write_form(
        &mut self,
        form: &Form,
        now: NaiveDateTime,
    ) -> Result<Result<(String, Option<u32>), Bad>, StoreError> {
        let r = Read {
            form,
            today: self.today,
            f: self.lang.forms(),
        };
        let draft = form.kind.draft_key();
        let draft = Some(draft.as_str());
        let by = self.worker.clone();
        let store = &self.store;
        let file = form
            .kind
            .case()
            .and_then(|c| self.files.iter().find(|f| f.code() == c));
        macro_rules! check {
            ($e:expr) => {
                match $e {
                    Ok(v) => v,
                    Err(bad) => return Ok(Err(bad)),
                }
            };
        }
        match &form.kind {
            FormKind::Note { case, seq, goals } => {
                let text = check!(r.required("text"));
                let body = Note {
                    date: check!(r.date("date")),
                    start: check!(r.time("time")),
                    minutes: check!(r.number("minutes", 0.0, 1440.0)) as u16,
                    place: Place::ALL[form.choice("place").min(Place::ALL.len() - 1)],
                    participants: r.participants(),
                    child_took_part: form.toggle("child"),
                    child_words: form.text("child_words").trim_end().to_string(),
                    text: text_keep(&form.text("text"), &text),
                    goals: goals
                        .iter()
                        .zip(form.multi("goals"))
                        .filter(|(_, on)| *on)
                        .map(|(g, _)| *g)
                        .collect(),
                };
                // The child took part when ticked, quoted, or listed as there.
                let child_there = body
                    .participants
                    .iter()
                    .any(|p| matches!(p, Participant::Child | Participant::YoungPerson));
                let body = Note {
                    child_took_part: body.child_took_part
                        || child_there
                        || !body.child_words.is_empty(),
                    ..body
                };
                let written = upsert(
                    store,
                    file.map(|f| &f.notes[..]),
                    case,
                    *seq,
                    body,
                    &by,
                    now,
                    draft,
                )?;
                Ok(Ok((case.clone(), Some(written))))
            }
            FormKind::Reflection {
                case, seq, goals, ..
            } => {
                let mut scores = Vec::new();
                for (i, goal) in goals.iter().enumerate() {
                    let (sid, tid) = (
                        super::forms::GOAL_SCORE_IDS[i],
                        super::forms::GOAL_TEXT_IDS[i],
                    );
                    let text = form.text(tid).trim_end().to_string();
                    if form.text(sid).trim().is_empty() && text.is_empty() {
                        continue;
                    }
                    let score = check!(r.number(sid, 0.0, 10.0)).round() as u8;
                    scores.push(GoalScore {
                        goal: *goal,
                        score,
                        text,
                    });
                }
                // The week follows the date written; a week has one
                // reflection, so another week's is opened, not overwritten.
                let date = check!(r.date("date"));
                let week = IsoWeek::of(date);
                if let Some(other) = file.and_then(|f| f.reflection_for(week)) {
                    if Some(other.seq) != *seq {
                        return Ok(Err((
                            "date",
                            fill(r.f.week_taken, &[("week", &week.week.to_string())]),
                        )));
                    }
                }
                let body = Reflection {
                    week,
                    date,
                    participants: r.participants(),
                    scores,
                    system_view: form.text("system_view").trim_end().to_string(),
                    child_voice: form.text("child_voice").trim_end().to_string(),
                    next_step: form.text("next_step").trim_end().to_string(),
                };
                let written = upsert(
                    store,
                    file.map(|f| &f.reflections[..]),
                    case,
                    *seq,
                    body,
                    &by,
                    now,
                    draft,
                )?;
                Ok(Ok((case.clone(), Some(written))))
            }
            FormKind::Incident { case, seq, goals } => {
                let when = form.text("when");
                let when = check!(
                    parse_when(&when, self.today)
                        .ok_or(("when", fill(r.f.bad_date, &[("input", when.trim())])))
                );
                let review_on = check!(r.date_opt("review_on"));
                let (chain, break_point) = form.chain("chain");
                let goal = form
                    .choice("goal")
                    .checked_sub(1)
                    .and_then(|i| goals.get(i).copied());
                // Factors found become Factors of the case (000: "synliggörs
                // ofta fler risk- och skyddsfaktorer").
                let existing =
                    seq.and_then(|s| file.and_then(|f| f.incidents.iter().find(|i| i.seq == s)));
                let old: Vec<&Record<Factor>> = existing
                    .map(|i| {
                        i.body
                            .factors
                            .iter()
                            .filter_map(|s| {
                                file.and_then(|f| f.factors.iter().find(|x| x.seq == *s))
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                // The incident and the factors it found change together: one
                // transaction. A new incident and new factors take the next
                // numbers (one session holds the store, none can be taken).
                let incident_seq = match seq {
                    Some(s) => *s,
                    None => store.next_seq::<Incident>(case)?,
                };
                let mut next_factor = store.next_seq::<Factor>(case)?;
                let mut batch = crate::store::Batch::default();
                let wanted =
                    check!(parse_factors(&form.text("factors"), r.f).map_err(|m| ("factors", m)));
                // Factors taken out of the analysis are marked removed, not erased.
                for f in &old {
                    if !wanted
                        .iter()
                        .any(|(k, t)| f.body.kind == *k && f.body.text == *t)
                    {
                        let mut f = (*f).clone();
                        f.remove(r.f.factor_dropped, &by, now);
                        batch.put(&f)?;
                    }
                }
                let mut factors = Vec::new();
                for (kind, text) in wanted {
                    if let Some(f) = old
                        .iter()
                        .find(|f| f.body.text == text && f.body.kind == kind)
                    {
                        factors.push(f.seq);
                        continue;
                    }
                    let body = Factor {
                        kind,
                        text,
                        area: None,
                        noted_on: when.date(),
                        source: FactorSource::Incident(incident_seq),
                    };
                    batch.put(&Record::new(case, next_factor, body, &by, now))?;
                    factors.push(next_factor);
                    next_factor += 1;
                }
                let body = Incident {
                    when,
                    place: form.text("place").trim().to_string(),
                    present: form.text("present").trim().to_string(),
                    goal,
                    behaviour: form.text("behaviour").trim_end().to_string(),
                    chain,
                    break_point,
                    could_break: form.text("could_break").trim_end().to_string(),
                    factors,
                    plan_next_time: form.text("plan_next").trim_end().to_string(),
                    child_account: form.text("child_account").trim_end().to_string(),
                    review_on,
                };
                let record = match existing {
                    Some(e) => {
                        let mut record = e.clone();
                        record.edit(body, &by, now);
                        record
                    }
                    None => Record::new(case, incident_seq, body, &by, now),
                };
                batch.put(&record)?;
                if let Some(d) = draft {
                    batch.drop_draft(d);
                }
                store.commit(batch)?;
                let written = record.seq;
                Ok(Ok((case.clone(), Some(written))))
            }
            FormKind::NewCase | FormKind::EditCase { .. } => {
                let code = match &form.kind {
                    FormKind::EditCase { case } => case.clone(),
                    _ => {
                        let code = check!(r.required("code"));
                        if !valid_case_code(&code) {
                            return Ok(Err(("code", r.f.bad_code.to_string())));
                        }
                        if self.files.iter().any(|f| f.code() == code) {
                            return Ok(Err(("code", fill(r.f.case_exists, &[("code", &code)]))));
                        }
                        code
                    }
                };
                let family = check!(r.required("family"));
                if crate::domain::case::looks_like_personal_number(&family) {
                    return Ok(Err(("family", r.f.not_personal_number.to_string())));
                }
                let start = check!(r.date("start"));
                let mut case = match file {
                    Some(f) => f.case.body.clone(),
                    None => Case::new(&code, &family, start),
                };
                case.family = family;
                if case.start != start {
                    case.start = start;
                    if let Some(first) = case.phases.first_mut() {
                        first.began = start;
                    }
                }
                case.workers = form
                    .text("workers")
                    .split(',')
                    .map(|w| w.trim().to_string())
                    .filter(|w| !w.is_empty())
                    .collect();
                case.assignment = form.text("assignment").trim_end().to_string();
                case.reasons = Reason::ALL
                    .iter()
                    .zip(form.multi("reasons"))
                    .filter(|(_, on)| *on)
                    .map(|(x, _)| *x)
                    .collect();
                case.places = Place::ALL
                    .iter()
                    .zip(form.multi("places"))
                    .filter(|(_, on)| *on)
                    .map(|(x, _)| *x)
                    .collect();
                case.secretary = SocialSecretary {
                    name: form.text("secretary").trim().to_string(),
                    unit: form.text("unit").trim().to_string(),
                    contact: form.text("contact").trim().to_string(),
                };
                case.persons = lines(&form.text("persons"))
                    .iter()
                    .map(|l| parse_person(l, r.f))
                    .collect();
                if let Some(f) = file {
                    let status = [CaseStatus::Active, CaseStatus::Paused, CaseStatus::Closed]
                        [form.choice("status").min(2)];
                    match (f.case.body.status, status) {
                        (CaseStatus::Closed, CaseStatus::Closed) => {}
                        (CaseStatus::Closed, s) => {
                            case.reopen();
                            case.status = s;
                        }
                        (_, CaseStatus::Closed) => case.close(self.today, ""),
                        (_, s) => case.status = s,
                    }
                    let mut record = f.case.clone();
                    record.edit(case, &by, now);
                    store.put_clearing(&record, draft)?;
                } else {
                    store.insert_case(&Record::new(&code, 0, case, &by, now))?;
                    store.remove_draft(&form.kind.draft_key())?;
                }
                Ok(Ok((code, None)))
            }
            FormKind::Plan { case } => {
                let activities = lines(&form.text("activities"))
                    .iter()
                    .map(|l| {
                        let mut p = l.split('|').map(|x| x.trim().to_string());
                        let mut next = || p.next().unwrap_or_default();
                        Activity {
                            what: next(),
                            goal: next(),
                            responsible: next(),
                            when: next(),
                            how: next(),
                        }
                    })
                    .collect();
                let body = Plan {
                    goals: lines(&form.text("goals")),
                    activities,
                    cooperation: form.text("cooperation").trim_end().to_string(),
                    child_participation: form.text("child").trim_end().to_string(),
                    parent_participation: form.text("parents").trim_end().to_string(),
                    set_on: check!(r.date_opt("set_on")),
                    follow_up: form.text("follow_up").trim_end().to_string(),
                };
                // The plan's goals are the case's goals: a line that names no
                // goal yet becomes one, in the plan's order (000: the plan
                // sets the order of the social secretary's goals).
                if let Some(file) = file {
                    let known: Vec<String> = file
                        .goals
                        .iter()
                        .filter(|g| g.is_live())
                        .map(|g| g.body.title.to_lowercase())
                        .collect();
                    let mut priority = file.goals.iter().filter(|g| g.is_live()).count() as u8;
                    for title in &body.goals {
                        if !known.contains(&title.to_lowercase()) {
                            priority = priority.saturating_add(1);
                            let goal = Goal {
                                title: title.clone(),
                                description: String::new(),
                                origin: GoalOrigin::SocialSecretary,
                                area: None,
                                priority,
                                started_on: self.today,
                                status: GoalStatus::Active,
                            };
                            store.add(case, goal, &by, now)?;
                        }
                    }
                }
                let record = match file.and_then(|f| f.plan.clone()) {
                    Some(mut rec) => {
                        rec.edit(body, &by, now);
                        rec
                    }
                    None => Record::new(case, 0, body, &by, now),
                };
                // The mapping's factors: new lines are added, lines taken
                // away are marked removed (they stay readable).
                if let Some(file) = file {
                    let wanted = check!(
                        parse_factors(&form.text("mapping"), r.f).map_err(|m| ("mapping", m))
                    );
                    let mapped: Vec<&Record<Factor>> = file
                        .factors
                        .iter()
                        .filter(|x| x.is_live() && x.body.source == FactorSource::Mapping)
                        .collect();
                    for (kind, text) in &wanted {
                        if !mapped
                            .iter()
                            .any(|x| x.body.kind == *kind && x.body.text == *text)
                        {
                            let body = Factor {
                                kind: *kind,
                                text: text.clone(),
                                area: None,
                                noted_on: self.today,
                                source: FactorSource::Mapping,
                            };
                            store.add(case, body, &by, now)?;
                        }
                    }
                    for old in mapped {
                        if !wanted
                            .iter()
                            .any(|(k, t)| old.body.kind == *k && old.body.text == *t)
                        {
                            let mut old = old.clone();
                            old.remove(r.f.mapping, &by, now);
                            store.put(&old)?;
                        }
                    }
                }
                store.put_clearing(&record, draft)?;
                Ok(Ok((case.clone(), None)))
            }
            FormKind::Goal { case, seq } => {
                let started_on = check!(r.date("started"));
                let status = match form.choice("status") {
                    0 => GoalStatus::Active,
                    n => {
                        let on = check!(r.date_opt("status_date")).unwrap_or(self.today);
                        if n == 1 {
                            GoalStatus::Achieved(on)
                        } else {
                            GoalStatus::Dropped(on)
                        }
                    }
                };
                let body = Goal {
                    title: check!(r.required("title")),
                    description: form.text("description").trim_end().to_string(),
                    origin: [
                        GoalOrigin::SocialSecretary,
                        GoalOrigin::Parent,
                        GoalOrigin::Child,
                        GoalOrigin::Worker,
                    ][form.choice("origin").min(3)],
                    area: form
                        .choice("area")
                        .checked_sub(1)
                        .and_then(|i| BbicArea::ALL.get(i).copied()),
                    priority: check!(r.number("priority", 1.0, 99.0)) as u8,
                    started_on,
                    status,
                };
                let written = upsert(
                    store,
                    file.map(|f| &f.goals[..]),
                    case,
                    *seq,
                    body,
                    &by,
                    now,
                    draft,
                )?;
                Ok(Ok((case.clone(), Some(written))))
            }
            FormKind::Rating { case, seq } => {
                let instrument = match form.choice("instrument") {
                    0 => Instrument::Apq,
                    1 => Instrument::Cbcl,
                    _ => Instrument::Custom(check!(r.required("custom"))),
                };
                let scores = check!(rating_scores(&instrument, &form.text("scores"), r.f));
                let body = Rating {
                    instrument,
                    occasion: [Occasion::Initial, Occasion::Interim, Occasion::Closing]
                        [form.choice("occasion").min(2)],
                    date: check!(r.date("date")),
                    informant: form.text("informant").trim().to_string(),
                    scores,
                };
                let written = upsert(
                    store,
                    file.map(|f| &f.ratings[..]),
                    case,
                    *seq,
                    body,
                    &by,
                    now,
                    draft,
                )?;
                Ok(Ok((case.clone(), Some(written))))
            }
            FormKind::Report { case } => {
                let body = Report {
                    kind: [ReportKind::Fas1, ReportKind::Progress, ReportKind::Closing]
                        [form.choice("kind").min(2)],
                    from: check!(r.date("from")),
                    to: check!(r.date("to")),
                    sent_on: check!(r.date("sent_on")),
                    recipient: form.text("recipient").trim().to_string(),
                    text: form.text("text").trim_end().to_string(),
                };
                let written = upsert(store, None, case, None, body, &by, now, draft)?;
                Ok(Ok((case.clone(), Some(written))))
            }
            FormKind::FollowUp { case, seq } => {
                let date = check!(r.date("date"));
                let outcome = check!(follow_up_outcome(form, &r));
                let written = upsert(
                    store,
                    file.map(|f| &f.follow_ups[..]),
                    case,
                    *seq,
                    FollowUp { date, outcome },
                    &by,
                    now,
                    draft,
                )?;
                Ok(Ok((case.clone(), Some(written))))
            }
            FormKind::Close { case } => {
                let on = check!(r.date("on"));
                let reason = form.text("reason").trim().to_string();
                let Some(f) = file else {
                    return Ok(Ok((case.clone(), None)));
                };
                let mut record = f.case.clone();
                let mut body = record.body.clone();
                body.close(on, &reason);
                record.edit(body, &by, now);
                store.put_clearing(&record, draft)?;
                Ok(Ok((case.clone(), None)))
            }
        }
    }
}

/// The text as typed, without trailing blank lines.
fn text_keep(raw: &str, _trimmed: &str) -> String {
    raw.trim_end().to_string()
}

/// Adds a new record, or edits the one with `seq` keeping its history.
#[allow(clippy::too_many_arguments)]
fn upsert<T: crate::store::Stored>(
    store: &crate::store::Store,
    list: Option<&[Record<T>]>,
    case: &str,
    seq: Option<u32>,
    body: T,
    by: &str,
    now: NaiveDateTime,
    draft: Option<&str>,
) -> Result<u32, StoreError> {
    match seq.and_then(|s| list.and_then(|l| l.iter().find(|r| r.seq == s))) {
        Some(existing) => {
            let mut record = existing.clone();
            record.edit(body, by, now);
            store.put_clearing(&record, draft)?;
            Ok(record.seq)
        }
        None => store
            .add_clearing(case, body, by, now, draft)
            .map(|r| r.seq),
    }
}
