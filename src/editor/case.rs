//! Ärende — the case itself: code, family label, start, workers, the
//! assignment (uppdrag), reasons, usual places, the social secretary, the
//! persons and, for a case already registered, its status.
//!
//! `N` opens [`form`] for a new case, `e` for the selected one. `Ctrl-S`
//! runs [`write`]: a new case needs a free, well-formed code; the family
//! label is never a personal identity number; the start date moves Fas 1's
//! start with it; a change of status to closed closes the case, from
//! closed reopens it.

use super::parse::{lines, parse_person};
use super::read::Read;
use super::{Ctx, Fail, Field, Form, FormKind, Saved, Writer, Written, strings};
use crate::domain::case::{
    Case, CaseStatus, PersonRole, Place, Reason, SocialSecretary, looks_like_personal_number,
    valid_case_code,
};
use crate::domain::casefile::CaseFile;
use crate::domain::record::Record;
use crate::i18n::fill;

/// The position of a role in the catalogue's list of roles.
pub fn role_index(r: PersonRole) -> usize {
    match r {
        PersonRole::Parent => 0,
        PersonRole::Child => 1,
        PersonRole::YoungPerson => 2,
        PersonRole::Other => 3,
    }
}

pub fn form(cx: &Ctx, file: Option<&CaseFile>) -> Form {
    let f = cx.forms();
    let today = cx.today;
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
    let workers = c.map_or(cx.worker.to_string(), |c| c.workers.join(", "));
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
                Some(CaseStatus::Paused) => 1,
                Some(CaseStatus::Closed) => 2,
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
            Form::new(kind, cx.title(f.edit_case, file), fields, "family")
        }
        None => Form::new(FormKind::NewCase, f.new_case.to_string(), fields, "code"),
    }
}

/// `Ctrl-S`: a new case registered, or the case `code` edited.
pub fn write(w: &Writer, form: &Form, code: Option<&String>) -> Written {
    let r = Read::new(form, &w.cx);
    let code = match code {
        Some(code) => code.clone(),
        None => new_code(w, &r)?,
    };
    let family = r.required("family")?;
    if looks_like_personal_number(&family) {
        return Err(Fail::Field("family", r.f.not_personal_number.to_string()));
    }
    let start = r.date("start")?;
    let mut case = match w.file {
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
    read_into(&mut case, form, &r)?;
    let (by, now) = (w.cx.worker, w.cx.now);
    if let Some(f) = w.file {
        let status = [CaseStatus::Active, CaseStatus::Paused, CaseStatus::Closed]
            [form.choice("status").min(2)];
        match (f.case.body.status, status) {
            (CaseStatus::Closed, CaseStatus::Closed) => {}
            (CaseStatus::Closed, s) => {
                case.reopen();
                case.status = s;
            }
            // Closing asks how each goal ended: the closing form does it.
            (_, CaseStatus::Closed) => {
                return Err(Fail::Field(
                    "status",
                    w.cx.forms().close_with_form.to_string(),
                ));
            }
            (_, s) => case.status = s,
        }
        let mut record = f.case.clone();
        record.edit(case, by, now);
        w.store.put_clearing(&record, Some(&w.draft))?;
    } else {
        w.store.insert_case(&Record::new(&code, 0, case, by, now))?;
        w.store.remove_draft(&w.draft)?;
    }
    Ok(Saved {
        case: code,
        seq: None,
        message: None,
    })
}

/// A new case's code: well formed and not taken.
fn new_code(w: &Writer, r: &Read) -> Result<String, Fail> {
    let code = r.required("code")?;
    if !valid_case_code(&code) {
        return Err(Fail::Field("code", r.f.bad_code.to_string()));
    }
    if w.store.case_exists(&code)? {
        return Err(Fail::Field(
            "code",
            fill(r.f.case_exists, &[("code", &code)]),
        ));
    }
    Ok(code)
}

/// The fields that are plain values of the case.
fn read_into(case: &mut Case, form: &Form, r: &Read) -> Result<(), Fail> {
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
        .collect::<Result<_, _>>()
        .map_err(|why| Fail::Field("persons", why))?;
    Ok(())
}
