//! Avslutsuppföljning — the family's own follow-up at closure, study
//! 002's interview — or why the family was not asked. Each person
//! interviewed is registered apart (a family may have two, interviewed
//! apart): who, in person or by phone, expectations met 1–6 (blank: no
//! grade given), whether there was a plan, up to three things that worked
//! well and three less well, how it helped, whether they would come again;
//! the child's answers apart.
//!
//! `F` opens [`form`] on a closed case (the follow-up comes after closing,
//! 002). `Ctrl-S` runs [`write`]: a grade is 1–6 in half points, a reason
//! is required when the family was not asked for another reason.

use super::read::{Bad, Read};
use super::{Ctx, Field, Form, FormKind, Writer, Written, strings};
use crate::domain::casefile::CaseFile;
use crate::domain::report::{
    Answer, ChildAnswers, FollowUp, FollowUpOutcome, Interview, Mode, NotAsked, PersonInterview,
    Respondent,
};
use crate::i18n::fill;
use crate::i18n::forms::FormText;

/// The field ids of one person's answers.
struct Ids {
    respondent: &'static str,
    mode: &'static str,
    expectations: &'static str,
    had_plan: &'static str,
    well: [&'static str; 3],
    less: [&'static str; 3],
    helped: &'static str,
    again: &'static str,
    comment: &'static str,
}

const FIRST: Ids = Ids {
    respondent: "respondent",
    mode: "mode",
    expectations: "expectations",
    had_plan: "had_plan",
    well: ["well1", "well2", "well3"],
    less: ["less1", "less2", "less3"],
    helped: "helped",
    again: "again",
    comment: "comment",
};

const SECOND: Ids = Ids {
    respondent: "p2_respondent",
    mode: "p2_mode",
    expectations: "p2_expectations",
    had_plan: "p2_had_plan",
    well: ["p2_well1", "p2_well2", "p2_well3"],
    less: ["p2_less1", "p2_less2", "p2_less3"],
    helped: "p2_helped",
    again: "p2_again",
    comment: "p2_comment",
};

const RESPONDENTS: [Respondent; 4] = [
    Respondent::Parent,
    Respondent::BothParents,
    Respondent::Guardian,
    Respondent::Other,
];

const ANSWERS: [Answer; 3] = [Answer::Yes, Answer::No, Answer::Unsure];

fn answer_index(a: Answer) -> usize {
    ANSWERS.iter().position(|x| *x == a).unwrap_or(0)
}

/// Study 002's interview at closure, or why the family was not asked.
pub fn form(cx: &Ctx, file: &CaseFile, seq: Option<u32>) -> Form {
    let f = cx.forms();
    let existing = seq
        .and_then(|s| file.follow_ups.iter().find(|r| r.seq == s))
        .map(|r| &r.body);
    let (outcome, other) = match existing.map(|e| &e.outcome) {
        Some(FollowUpOutcome::NotAsked(NotAsked::Declined)) => (1, String::new()),
        Some(FollowUpOutcome::NotAsked(NotAsked::Moved)) => (2, String::new()),
        Some(FollowUpOutcome::NotAsked(NotAsked::Unreachable)) => (3, String::new()),
        Some(FollowUpOutcome::NotAsked(NotAsked::Other(why))) => (4, why.clone()),
        _ => (0, String::new()),
    };
    let persons = existing.map(|e| e.outcome.persons()).unwrap_or_default();
    let child = existing
        .and_then(|e| e.outcome.child().cloned())
        .unwrap_or_default();
    let date = existing.map_or(cx.today, |e| e.date).to_string();
    let mut fields = vec![
        Field::date("date", f.date, &date),
        Field::choice("outcome", f.outcome, strings(&f.outcomes), outcome),
        Field::line("other_reason", f.other_reason, &other),
    ];
    fields.extend(person_fields(f, &FIRST, persons.first().copied(), None));
    fields.extend(person_fields(
        f,
        &SECOND,
        persons.get(1).copied(),
        Some(f.no_second),
    ));
    fields.extend([
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

/// One person's fields; the second person's are labelled so, and its
/// "who" begins with "nobody".
fn person_fields(
    f: &FormText,
    ids: &Ids,
    person: Option<(Option<Mode>, &Interview)>,
    none: Option<&str>,
) -> Vec<Field> {
    let label = |l: &str| match none {
        Some(_) => fill(f.second_person, &[("label", l)]),
        None => l.to_string(),
    };
    let n = |i: usize, t: &str| label(&fill(t, &[("n", &i.to_string())]));
    let i = person.map(|(_, i)| i);
    let line = |list: Option<&Vec<String>>, k: usize| {
        list.and_then(|l| l.get(k)).cloned().unwrap_or_default()
    };
    let mut who: Vec<String> = none.map(|s| s.to_string()).into_iter().collect();
    who.extend(strings(&f.respondents));
    let offset = usize::from(none.is_some());
    let respondent = i.map_or(0, |i| {
        RESPONDENTS
            .iter()
            .position(|r| *r == i.respondent)
            .unwrap_or(0)
            + offset
    });
    let mode = match person.and_then(|(m, _)| m) {
        Some(Mode::Phone) => 1,
        _ => 0,
    };
    let expectations = i
        .and_then(|i| i.expectations_met)
        .map(|e| e.to_string())
        .unwrap_or_default();
    let mut fields = vec![
        Field::choice(ids.respondent, &label(f.respondent), who, respondent),
        Field::choice(ids.mode, &label(f.mode), strings(&f.modes), mode),
        Field::line(ids.expectations, &label(f.expectations), &expectations),
        Field::choice(
            ids.had_plan,
            &label(f.had_plan),
            strings(&f.answers),
            i.map_or(0, |i| answer_index(i.had_plan)),
        ),
    ];
    for (k, id) in ids.well.into_iter().enumerate() {
        let text = line(i.map(|x| &x.worked_well), k);
        fields.push(Field::line(id, &n(k + 1, f.worked_well), &text));
    }
    for (k, id) in ids.less.into_iter().enumerate() {
        let text = line(i.map(|x| &x.worked_less_well), k);
        fields.push(Field::line(id, &n(k + 1, f.worked_less_well), &text));
    }
    fields.extend([
        Field::text(
            ids.helped,
            &label(f.helped),
            i.map_or("", |i| &i.helped_as_parent),
        ),
        Field::choice(
            ids.again,
            &label(f.contact_again),
            strings(&f.answers),
            i.map_or(0, |i| answer_index(i.would_contact_again)),
        ),
        Field::text(ids.comment, &label(f.comment), i.map_or("", |i| &i.comment)),
    ]);
    fields
}

/// `Ctrl-S`: the follow-up checked and written.
pub fn write(w: &Writer, form: &Form, case: &str, seq: Option<u32>) -> Written {
    let r = Read::new(form, &w.cx);
    let date = r.past_date("date")?;
    let outcome = outcome(form, &r)?;
    let body = FollowUp { date, outcome };
    w.upsert(w.file.map(|f| &f.follow_ups[..]), case, seq, body)
}

/// Study 002's interview as the follow-up form holds it, or why the family
/// was not asked.
fn outcome(form: &Form, r: &Read) -> Result<FollowUpOutcome, Bad> {
    Ok(match form.choice("outcome") {
        0 => {
            let mut persons = vec![person(form, r, &FIRST, 0)?];
            // The second person: only when someone is named.
            if form.choice(SECOND.respondent) > 0 {
                persons.push(person(form, r, &SECOND, 1)?);
            }
            let child = ChildAnswers {
                worked_well: form.text("child_well").trim().to_string(),
                worked_less_well: form.text("child_less").trim().to_string(),
                comment: form.text("child_comment").trim_end().to_string(),
            };
            FollowUpOutcome::Interviewed {
                persons,
                child: (child != ChildAnswers::default()).then_some(child),
            }
        }
        1 => FollowUpOutcome::NotAsked(NotAsked::Declined),
        2 => FollowUpOutcome::NotAsked(NotAsked::Moved),
        3 => FollowUpOutcome::NotAsked(NotAsked::Unreachable),
        _ => FollowUpOutcome::NotAsked(NotAsked::Other(r.required("other_reason")?)),
    })
}

/// One person's answers; `offset` skips the second person's "nobody".
fn person(form: &Form, r: &Read, ids: &Ids, offset: usize) -> Result<PersonInterview, Bad> {
    let expectations_met = if form.text(ids.expectations).trim().is_empty() {
        None
    } else {
        // Half points, as study 002's answers (5,5).
        Some((r.number(ids.expectations, 1.0, 6.0)? * 2.0).round() / 2.0)
    };
    let answer = |id| ANSWERS[form.choice(id).min(2)];
    let list = |ids: [&str; 3]| -> Vec<String> {
        ids.iter()
            .map(|id| form.text(id).trim().to_string())
            .filter(|t| !t.is_empty())
            .collect()
    };
    let who = form.choice(ids.respondent).saturating_sub(offset);
    Ok(PersonInterview {
        mode: [Mode::InPerson, Mode::Phone][form.choice(ids.mode).min(1)],
        interview: Interview {
            respondent: RESPONDENTS[who.min(3)],
            expectations_met,
            had_plan: answer(ids.had_plan),
            worked_well: list(ids.well),
            worked_less_well: list(ids.less),
            helped_as_parent: form.text(ids.helped).trim_end().to_string(),
            would_contact_again: answer(ids.again),
            comment: form.text(ids.comment).trim_end().to_string(),
            child: None,
        },
    })
}
