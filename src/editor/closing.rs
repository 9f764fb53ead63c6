//! Avslut — closing the case: the date, the reason, the closing meeting
//! with the social secretary, and how each active goal ended (uppnått,
//! delvis uppnått, ej uppnått, avbrutet).
//!
//! `C` opens [`form`]; `Ctrl-S` runs [`write`]: the reason is required; the
//! case is closed on that date and each goal gets its outcome, all in one
//! transaction (the history keeps the open versions). A closed case owes no
//! reflections and only reads until it is reopened from the case editor.

use super::read::Read;
use super::{Ctx, Field, Form, FormKind, Saved, Writer, Written, active_goals, strings};
use crate::domain::case::StepCheck;
use crate::domain::casefile::CaseFile;
use crate::domain::phase::Step;
use crate::domain::plan::GoalStatus;
use crate::domain::steps::step_done;
use crate::i18n::fill;
use crate::store::Batch;

/// Field ids for the outcomes of up to twelve goals.
const OUTCOME_IDS: [&str; 12] = [
    "outcome1",
    "outcome2",
    "outcome3",
    "outcome4",
    "outcome5",
    "outcome6",
    "outcome7",
    "outcome8",
    "outcome9",
    "outcome10",
    "outcome11",
    "outcome12",
];

pub fn form(cx: &Ctx, file: &CaseFile) -> Form {
    let f = cx.forms();
    let today = cx.today.to_string();
    // The meeting: shown as a note or a check already says it was, else
    // asked, today by default.
    let meeting = match step_done(file, Step::ClosingMeeting) {
        Some(done) => Field::info("meeting", f.close_meeting, done.on().to_string()),
        None => Field::date("meeting", f.close_meeting, &today),
    };
    let mut fields = vec![
        Field::date("on", f.close_on, &today),
        Field::line("reason", f.close_reason, ""),
        meeting,
    ];
    for (i, (_, title)) in active_goals(file)
        .iter()
        .take(OUTCOME_IDS.len())
        .enumerate()
    {
        let short: String = title.chars().take(40).collect();
        fields.push(Field::choice(
            OUTCOME_IDS[i],
            &fill(f.close_outcome, &[("goal", &short)]),
            strings(&f.outcomes_at_close),
            0,
        ));
    }
    Form::new(
        FormKind::Close {
            case: file.code().to_string(),
        },
        cx.title(f.close, file),
        fields,
        "reason",
    )
}

/// `Ctrl-S`: the case closed and each goal's outcome, in one transaction.
pub fn write(w: &Writer, form: &Form, case: &str) -> Written {
    let r = Read::new(form, &w.cx);
    let on = r.past_date("on")?;
    let reason = r.required("reason")?;
    let asked = w
        .file
        .is_some_and(|f| step_done(f, Step::ClosingMeeting).is_none());
    let meeting = if asked {
        r.past_date_opt("meeting")?
    } else {
        None
    };
    let saved = Saved {
        case: case.to_string(),
        seq: None,
        message: None,
    };
    let Some(file) = w.file else {
        return Ok(saved);
    };
    let (by, now) = (w.cx.worker, w.cx.now);
    let mut batch = Batch::default();
    // The goals in the order the form listed them.
    for (i, (seq, _)) in active_goals(file)
        .iter()
        .take(OUTCOME_IDS.len())
        .enumerate()
    {
        let Some(goal) = file.goals.iter().find(|g| g.seq == *seq) else {
            continue;
        };
        // Each goal's outcome chosen: none is taken for achieved unasked.
        let outcome = form.choice(OUTCOME_IDS[i]);
        if outcome == 0 {
            let why = w.cx.forms().outcome_missing.to_string();
            return Err(super::Fail::Field(OUTCOME_IDS[i], why));
        }
        let mut goal = goal.clone();
        let mut body = goal.body.clone();
        // The form's outcomes follow GoalStatus::index: 1 achieved … 4 dropped.
        body.status = GoalStatus::from_index(outcome, on);
        goal.edit(body, by, now);
        batch.put(&goal)?;
    }
    let mut record = file.case.clone();
    let mut body = record.body.clone();
    if let Some(met) = meeting {
        body.steps.retain(|c| c.step != Step::ClosingMeeting);
        body.steps.push(StepCheck {
            step: Step::ClosingMeeting,
            done_on: met,
            note: w.cx.forms().close_meeting_note.to_string(),
        });
    }
    body.close(on, &reason);
    record.edit(body, by, now);
    batch.put(&record)?;
    batch.drop_draft(&w.draft);
    w.store.commit(batch)?;
    Ok(saved)
}
