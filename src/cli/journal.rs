//! `insats journal [CASE]`: what is not yet entered into the journal, as
//! plain text to copy into it; `--mark` marks it entered (today, by the
//! worker), `--through DATE` only what is dated up to that day.

use std::process::ExitCode;

use super::output::{self, Saved};
use super::{Context, Fail, JournalArgs, date_arg, no_controls};
use crate::domain::due::DueKind;
use crate::domain::journal::owed;
use crate::domain::text::Lines;
use crate::i18n::fill;
use crate::report::journal_text;

pub fn journal(ctx: &Context, args: &JournalArgs) -> Result<ExitCode, Fail> {
    let format = super::report::parse_format(ctx, &args.format)?;
    if args.mark {
        return mark(ctx, args);
    }
    let store = ctx.open_store_to_read()?;
    let codes = match &args.case {
        Some(code) => vec![code.clone()],
        // The cases that owe: their summaries say so, without reading
        // every case whole.
        None => {
            let (cases, damaged) = store.caseload(ctx.today, &ctx.rules)?;
            ctx.warn_damaged(&damaged);
            (cases.iter())
                .filter(|c| {
                    c.items
                        .iter()
                        .any(|i| matches!(i.kind, DueKind::Journal { .. }))
                })
                .map(|c| c.case.body.code.clone())
                .collect()
        }
    };
    let mut parts = Vec::new();
    for code in &codes {
        let (file, damaged) = store.load_case(code)?;
        ctx.warn_damaged(&damaged);
        let Some(file) = file else {
            return Err(Fail::no_case(code));
        };
        let owed = owed(&file, ctx.rules.journal_kinds);
        if !owed.is_empty() {
            parts.push(journal_text(&file, &owed, ctx.lang, format));
        }
    }
    ctx.backup_after(store, false);
    if parts.is_empty() {
        output::line(ctx.lang.journal().nothing, Saved::Nothing)?;
    } else {
        output::text(&parts.join("\n"), Saved::Nothing)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `--mark`: every record owed (up to `--through`) entered, one write a
/// case; without a case, every case's (what was entered before insats
/// kept track of it, at once).
fn mark(ctx: &Context, args: &JournalArgs) -> Result<ExitCode, Fail> {
    let j = ctx.lang.journal();
    let through = date_arg("--through", args.through.as_deref(), ctx.today)?.unwrap_or(ctx.today);
    let reference = args.reference.as_deref().unwrap_or("");
    no_controls("--reference", reference, Lines::One)?;
    let store = ctx.open_store()?;
    let codes = match &args.case {
        Some(code) => vec![code.clone()],
        None => owing(ctx, &store)?,
    };
    let (mut said, mut wrote) = (Vec::new(), false);
    for code in &codes {
        let (file, damaged) = store.load_case(code)?;
        ctx.warn_damaged(&damaged);
        let Some(file) = file else {
            return Err(Fail::no_case(code));
        };
        let transfers: Vec<_> = (owed(&file, ctx.rules.journal_kinds).into_iter())
            .filter(|o| o.date <= through)
            .map(|o| o.entered(ctx.today, reference))
            .collect();
        if transfers.is_empty() {
            said.push(fill(j.nothing_to_mark, &[("code", code)]));
            continue;
        }
        let n = store.mark_transferred(code, transfers, ctx.signer()?, ctx.now)?;
        store.flush()?;
        wrote = true;
        if let Some(served) = &ctx.served {
            served.wrote(code, None);
        }
        said.push(j.marked.count(n, &[("code", code)]));
    }
    ctx.backup_after(store, wrote);
    if said.is_empty() {
        said.push(j.nothing.to_string());
    }
    let text = said.join("\n");
    output::text(&format!("{text}\n"), Saved::This(&text))?;
    Ok(ExitCode::SUCCESS)
}

/// The cases that owe the journal: their summaries say so, without
/// reading every case whole.
fn owing(ctx: &Context, store: &crate::store::Store) -> Result<Vec<String>, Fail> {
    let (cases, damaged) = store.caseload(ctx.today, &ctx.rules)?;
    ctx.warn_damaged(&damaged);
    Ok((cases.iter())
        .filter(|c| {
            c.items
                .iter()
                .any(|i| matches!(i.kind, DueKind::Journal { .. }))
        })
        .map(|c| c.case.body.code.clone())
        .collect())
}
