//! Avslut — closing the case: the date and the reason.
//!
//! `C` opens [`form`]; `Ctrl-S` runs [`write`], which marks the case closed
//! on that date with its reason (its history keeps the open version). A
//! closed case is read-only until it is reopened from the case editor.

use super::read::Read;
use super::{Ctx, Field, Form, FormKind, Saved, Writer, Written};
use crate::domain::casefile::CaseFile;

pub fn form(cx: &Ctx, file: &CaseFile) -> Form {
    let f = cx.forms();
    let today = cx.today;
    let fields = vec![
        Field::date("on", f.close_on, &today.to_string()),
        Field::line("reason", f.close_reason, ""),
    ];
    Form::new(
        FormKind::Close {
            case: file.code().to_string(),
        },
        cx.title(f.close, file),
        fields,
        "reason",
    )
}

/// `Ctrl-S`: the case closed.
pub fn write(w: &Writer, form: &Form, case: &str) -> Written {
    let r = Read::new(form, &w.cx);
    let on = r.date("on")?;
    let reason = form.text("reason").trim().to_string();
    if let Some(f) = w.file {
        let mut record = f.case.clone();
        let mut body = record.body.clone();
        body.close(on, &reason);
        record.edit(body, w.cx.worker, w.cx.now);
        w.store.put_clearing(&record, Some(&w.draft))?;
    }
    Ok(Saved {
        case: case.to_string(),
        seq: None,
        message: None,
    })
}
