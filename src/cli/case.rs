//! `insats case add` and `insats case list`: a new case, and every case
//! at a glance.

use std::process::ExitCode;

use super::output::{self, Saved, clip, mark};
use super::{CaseAddArgs, Context, Fail, no_controls};
use crate::domain::case::{Case, SocialSecretary, looks_like_personal_number, valid_case_code};
use crate::domain::dates::parse_date;
use crate::domain::due::{DueState, worst};
use crate::domain::record::Record;
use crate::domain::text::{Lines, escape};
use crate::editor::parse::parse_person;
use crate::i18n::fill;

/// `insats case add CODE --family LABEL`: a new case, signed by the worker,
/// with its persons and assignment when given.
pub fn add(ctx: &Context, args: &CaseAddArgs) -> Result<ExitCode, Fail> {
    let (code, family) = (args.code.as_str(), args.family.as_str());
    let (start, secretary) = (args.start.as_deref(), args.secretary.clone());
    let workers = args.case_workers.clone();
    no_controls("--family", family, Lines::One)?;
    let mut persons = Vec::new();
    for line in &args.persons {
        no_controls("--person", line, Lines::One)?;
        let person = parse_person(line, ctx.lang.forms())
            .map_err(|why| Fail::Usage(format!("--person {line}: {why}")))?;
        persons.push(person);
    }
    if let Some(text) = &args.assignment {
        no_controls("--assignment", text, Lines::Many)?;
    }
    if let Some(name) = &secretary {
        no_controls("--secretary", name, Lines::One)?;
    }
    for w in &workers {
        no_controls("--case-worker", w, Lines::One)?;
    }
    let t = ctx.text();
    if !valid_case_code(code) {
        return Err(Fail::Usage(fill(t.err_bad_code, &[("code", code)])));
    }
    if family.trim().is_empty() {
        return Err(Fail::Usage(t.err_family_needed.into()));
    }
    if looks_like_personal_number(family) {
        return Err(Fail::Usage(t.err_family_personal_number.into()));
    }
    let start = match start {
        Some(s) => parse_date(s, ctx.today).map_err(|_| Fail::bad_date("--start", s))?,
        None => ctx.today,
    };
    let by = ctx.signer()?;
    let mut case = Case::new(code, family.trim(), start);
    case.persons = persons;
    case.assignment = args.assignment.clone().unwrap_or_default();
    case.workers = if workers.is_empty() {
        vec![by.to_string()]
    } else {
        workers
    };
    if let Some(name) = secretary {
        case.secretary = SocialSecretary {
            name,
            ..SocialSecretary::default()
        };
    }
    let store = ctx.open_store()?;
    store.insert_case(&Record::new(code, 0, case, by, ctx.now))?;
    store.flush()?;
    if let Some(served) = &ctx.served {
        served.wrote(code, Some(code.to_string()));
    }
    ctx.backup_after(store, true);
    let what = fill(ctx.lang.data().saved_case, &[("code", code)]);
    output::line(
        &fill(
            ctx.text().case_added,
            &[
                ("code", code),
                ("family", family.trim()),
                ("start", &start.to_string()),
            ],
        ),
        Saved::This(&what),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `insats case list`: every case with its phase, status and worst due
/// state.
pub fn list(ctx: &Context) -> Result<ExitCode, Fail> {
    let (cases, damaged) = ctx.caseload()?;
    ctx.warn_damaged(&damaged);
    let t = ctx.text();
    if cases.is_empty() {
        output::line(t.no_cases, Saved::Nothing)?;
    }
    // The labels whole, so that "Familjen Lindqvist-Öberg" and "Familjen
    // Lindqvist-Nilsson" stay apart; only a label past 40 is cut.
    let labels: Vec<String> = cases
        .iter()
        .map(|listed| clip(&escape(&listed.case.body.family, Lines::One), 40))
        .collect();
    let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let mut page = output::Page::default();
    for (listed, label) in cases.iter().zip(&labels) {
        let case = &listed.case.body;
        let state = worst(&listed.items);
        let status = t.case_status[case.status as usize];
        let line = format!(
            "{} {:<9} {:<width$} {:<6} {:<9} {}",
            mark(state),
            case.code,
            label,
            t.phase(case.phase()),
            status,
            if state == DueState::Ok {
                String::new()
            } else {
                t.state(state).to_string()
            },
        );
        page.line(line.trim_end());
    }
    page.write(Saved::Nothing)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_numbers_are_not_family_labels() {
        assert!(looks_like_personal_number("19850101-1234"));
        assert!(looks_like_personal_number("8501011234"));
        assert!(!looks_like_personal_number("Fam A"));
        assert!(!looks_like_personal_number("Familjen Ek 2026"));
        assert!(looks_like_personal_number("Anna 850101-1234"));
        assert!(looks_like_personal_number("Fam 19850101-1234 Ek"));
        assert!(!looks_like_personal_number("Fam 2026-014"));
    }
}
