//! Avslutsuppföljning — the family's own follow-up at closure, study
//! 002's interview: expectations met 1–6, whether there was a plan, up to
//! three things that worked well and three less well, whether they would
//! come again, the child's answers apart — or why the family was not asked.
//!
//! `F` opens [`form`] on a closed case (the follow-up comes after closing,
//! 002). `Ctrl-S` runs [`write`]: the grade is 1–6 in half points, a reason
//! is required when the family was not asked for another reason.

use super::read::{Bad, Read};
use super::{Ctx, Field, Form, FormKind, Writer, Written, strings};
use crate::domain::casefile::CaseFile;
use crate::domain::report::{
    Answer, ChildAnswers, FollowUp, FollowUpOutcome, Interview, NotAsked, Respondent,
};
use crate::i18n::fill;

/// Study 002's interview at closure, or why the family was not asked.
pub fn form(cx: &Ctx, file: &CaseFile, seq: Option<u32>) -> Form {
    let f = cx.forms();
    let today = cx.today;
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
        cx.title(f.follow_up, file),
        fields,
        "outcome",
    )
}

/// `Ctrl-S`: the follow-up checked and written.
pub fn write(w: &Writer, form: &Form, case: &str, seq: Option<u32>) -> Written {
    let r = Read::new(form, &w.cx);
    let date = r.date("date")?;
    let outcome = outcome(form, &r)?;
    let body = FollowUp { date, outcome };
    w.upsert(w.file.map(|f| &f.follow_ups[..]), case, seq, body)
}

/// Study 002's interview as the follow-up form holds it, or why the family
/// was not asked.
fn outcome(form: &Form, r: &Read) -> Result<FollowUpOutcome, Bad> {
    Ok(match form.choice("outcome") {
        0 => {
            let expectations_met = if form.text("expectations").trim().is_empty() {
                None
            } else {
                // Half points, as study 002's answers (5,5).
                Some(((r.number("expectations", 1.0, 6.0))? * 2.0).round() / 2.0)
            };
            let answer = |id| [Answer::Yes, Answer::No, Answer::Unsure][form.choice(id).min(2)];
            let list = |ids: [&str; 3]| -> Vec<String> {
                ids.iter()
                    .map(|id| form.text(id).trim().to_string())
                    .filter(|t| !t.is_empty())
                    .collect()
            };
            let child = ChildAnswers {
                worked_well: form.text("child_well").trim().to_string(),
                worked_less_well: form.text("child_less").trim().to_string(),
                comment: form.text("child_comment").trim_end().to_string(),
            };
            FollowUpOutcome::Asked(Interview {
                respondent: [
                    Respondent::Parent,
                    Respondent::BothParents,
                    Respondent::Guardian,
                    Respondent::Other,
                ][form.choice("respondent").min(3)],
                expectations_met,
                had_plan: answer("had_plan"),
                worked_well: list(["well1", "well2", "well3"]),
                worked_less_well: list(["less1", "less2", "less3"]),
                helped_as_parent: form.text("helped").trim_end().to_string(),
                would_contact_again: answer("again"),
                comment: form.text("comment").trim_end().to_string(),
                child: (child != ChildAnswers::default()).then_some(child),
            })
        }
        1 => FollowUpOutcome::NotAsked(NotAsked::Declined),
        2 => FollowUpOutcome::NotAsked(NotAsked::Moved),
        3 => FollowUpOutcome::NotAsked(NotAsked::Unreachable),
        _ => FollowUpOutcome::NotAsked(NotAsked::Other((r.required("other_reason"))?)),
    })
}
