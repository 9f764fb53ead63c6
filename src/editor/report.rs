//! Behandlingsrapport — registering a report as sent to the social
//! secretary: its kind (Fas 1-rapport, lägesrapport, avslutsrapport), the
//! period, the day sent, the recipient and the text as sent.
//!
//! `R` opens [`form`] empty; `D` opens it on a draft written from the case
//! file (`report/`), on its text. `Ctrl-S` runs [`write`]: the dates are
//! checked and the report added; it restarts the six-week clock.

use chrono::NaiveDate;

use super::read::Read;
use super::{Ctx, Field, Form, FormKind, Writer, Written, strings};
use crate::domain::casefile::CaseFile;
use crate::domain::report::{Report, ReportKind};

/// The report registration, with a drafted text when given.
pub fn form(cx: &Ctx, file: &CaseFile, draft: Option<(ReportKind, NaiveDate, String)>) -> Form {
    let f = cx.forms();
    let today = cx.today;
    let case = &file.case.body;
    let kind =
        if !file.report_sent(ReportKind::Fas1) && case.phase() == crate::domain::Phase::Initial {
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
        cx.title(if drafted { f.report_draft } else { f.report }, file),
        fields,
        // A drafted report opens on its text, to be read and edited.
        if drafted { "text" } else { "kind" },
    )
}

/// `Ctrl-S`: the report registered as sent.
pub fn write(w: &Writer, form: &Form, case: &str) -> Written {
    let r = Read::new(form, &w.cx);
    let body = Report {
        kind: [ReportKind::Fas1, ReportKind::Progress, ReportKind::Closing]
            [form.choice("kind").min(2)],
        from: r.date("from")?,
        to: r.date("to")?,
        sent_on: r.date("sent_on")?,
        recipient: form.text("recipient").trim().to_string(),
        text: form.text("text").trim_end().to_string(),
    };
    w.upsert(None, case, None, body)
}
