//! Behandlingsrapport — registering a report as sent to the social
//! secretary: its kind (Fas 1-rapport, lägesrapport, avslutsrapport), the
//! period, the day sent, the recipient and the text as sent.
//!
//! `R` opens [`form`] empty; `D` opens it on a draft written from the case
//! file (`report/`), on its text. `Ctrl-S` runs [`write`]: the dates are
//! checked and the report added; it restarts the six-week clock. A report
//! registered is kept as sent: [`sent`] shows it to be read, not changed.

use chrono::NaiveDate;

use super::read::Read;
use super::{Ctx, Fail, Field, Form, FormKind, Saved, Writer, Written, strings};
use crate::domain::casefile::CaseFile;
use crate::domain::dates::parse_date;
use crate::domain::report::{Report, ReportKind, default_kind, default_period};
use crate::i18n::fill;

/// The report registration, with a drafted text when given.
/// A report drafted from the case file: the form opens on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drafted {
    pub kind: ReportKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub text: String,
}

/// The report registration: the kind the case is due for and the period
/// it covers, or the draft's.
pub fn form(cx: &Ctx, file: &CaseFile, drafted: Option<Drafted>) -> Form {
    let f = cx.forms();
    let today = cx.today;
    let case = &file.case.body;
    let is_draft = drafted.is_some();
    let Drafted {
        kind,
        from,
        to,
        text,
    } = drafted.unwrap_or_else(|| {
        let kind = default_kind(file);
        let (from, to) = default_period(file, kind, today);
        Drafted {
            kind,
            from,
            to,
            text: String::new(),
        }
    });
    let fields = vec![
        Field::choice(
            "kind",
            f.report_kind,
            strings(&f.report_kinds),
            kind as usize,
        ),
        Field::date("from", f.from, &from.to_string()),
        Field::date("to", f.to, &to.to_string()),
        Field::date("sent_on", f.sent_on, &today.to_string()),
        Field::line("recipient", f.recipient, &case.secretary.name),
        Field::text("text", f.text, &text),
    ];
    Form::new(
        FormKind::Report {
            case: file.code().to_string(),
        },
        cx.title(if is_draft { f.report_draft } else { f.report }, file),
        fields,
        // A drafted report opens on its text, to be read and edited.
        if is_draft { "text" } else { "kind" },
    )
}

/// A report as it was registered, every field filled from the record: to
/// be read (the history's `Enter`), what was sent to the social secretary.
pub fn sent(cx: &Ctx, file: &CaseFile, seq: u32) -> Option<Form> {
    let report = &file.reports.iter().find(|r| r.seq == seq)?.body;
    let f = cx.forms();
    let fields = vec![
        Field::choice(
            "kind",
            f.report_kind,
            strings(&f.report_kinds),
            report.kind as usize,
        ),
        Field::date("from", f.from, &report.from.to_string()),
        Field::date("to", f.to, &report.to.to_string()),
        Field::date("sent_on", f.sent_on, &report.sent_on.to_string()),
        Field::line("recipient", f.recipient, &report.recipient),
        Field::text("text", f.text, &report.text),
    ];
    let mut form = Form::new(
        FormKind::Report {
            case: file.code().to_string(),
        },
        cx.title(f.report, file),
        fields,
        "text",
    );
    form.cursor_to_top("text");
    Some(form)
}

/// The kind and period a report form holds, when its dates read.
pub fn period(form: &Form, today: NaiveDate) -> Option<(ReportKind, NaiveDate, NaiveDate)> {
    let kind = KINDS[form.choice("kind").min(2)];
    let from = parse_date(&form.text("from"), today).ok()?;
    let to = parse_date(&form.text("to"), today).ok()?;
    Some((kind, from, to))
}

const KINDS: [ReportKind; 3] = [ReportKind::Fas1, ReportKind::Progress, ReportKind::Closing];

/// `Ctrl-S`: the report registered as sent.
pub fn write(w: &Writer, form: &Form, case: &str) -> Written {
    let r = Read::new(form, &w.cx);
    let body = Report {
        kind: KINDS[form.choice("kind").min(2)],
        from: r.date("from")?,
        to: r.date("to")?,
        sent_on: r.past_date("sent_on")?,
        recipient: form.text("recipient").trim().to_string(),
        text: form.text("text").trim_end().to_string(),
    };
    if body.to < body.from {
        return Err(Fail::Field("to", r.f.period_backwards.to_string()));
    }
    // A closed case is sent its avslutsrapport, nothing else.
    let closed = w.file.is_some_and(|f| f.case.body.is_closed());
    if closed && body.kind != ReportKind::Closing {
        return Err(Fail::Field("kind", r.f.closed_takes_closing.to_string()));
    }
    // "Lägesrapport registrerad som skickad 2026-11-18."
    let f = w.cx.forms();
    let message = fill(
        f.report_registered,
        &[
            ("kind", &capitalised(f.report_kinds[body.kind as usize])),
            ("date", &body.sent_on.to_string()),
        ],
    );
    let saved = w.upsert(None, case, None, body)?;
    Ok(Saved {
        message: Some(message),
        ..saved
    })
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
