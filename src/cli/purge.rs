//! `insats purge CASE [--yes]`: a closed case's working notes removed for
//! good, from the store and its backups (`store::purge`), once the case
//! owes neither the journal nor its follow-up; what stays is its figures
//! and a line in the log of removals. Asks for the code again unless
//! `--yes`.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use super::output::{self, Saved};
use super::{Context, Fail, PurgeArgs};
use crate::app::purge::{question, refusal};
use crate::domain::figures::Figures;
use crate::i18n::fill;
use crate::store::Store;
use crate::store::figures::Removal;

pub fn purge(ctx: &Context, args: &PurgeArgs) -> Result<ExitCode, Fail> {
    let Some(code) = args.case.as_deref().filter(|_| !args.log) else {
        return log(ctx);
    };
    ctx.signer()?;
    let store = ctx.open_store()?;
    let (file, damaged) = store.load_case(code)?;
    ctx.warn_damaged(&damaged);
    let Some(file) = file else {
        return Err(Fail::no_case(code));
    };
    if let Some(why) = refusal(&file, &ctx.rules, ctx.lang) {
        return Err(Fail::Usage(why));
    }
    let p = ctx.lang.purge();
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            return Err(Fail::Usage(p.needs_yes.into()));
        }
        let mut err = std::io::stderr();
        let _ = writeln!(err, "{}", question(&file, ctx.lang));
        let _ = write!(err, "{}", fill(p.type_code, &[("code", code)]));
        let _ = err.flush();
        let mut typed = String::new();
        let _ = std::io::stdin().lock().read_line(&mut typed);
        if typed.trim() != code {
            return Err(Fail::Usage(p.not_confirmed.into()));
        }
    }
    drop(file);
    let said = remove(ctx, store, code)?;
    output::text(&format!("{said}\n"), Saved::This(&said))?;
    Ok(ExitCode::SUCCESS)
}

/// `--log`: the cases removed, oldest first.
pub(super) fn log(ctx: &Context) -> Result<ExitCode, Fail> {
    let store = ctx.open_store_to_read()?;
    let removed = store.removed()?;
    ctx.backup_after(store, false);
    let p = ctx.lang.purge();
    let mut text = String::new();
    for r in &removed.log {
        let line = fill(
            p.logged,
            &[("code", &r.code), ("on", &r.on.to_string()), ("by", &r.by)],
        );
        text.push_str(&line);
        text.push('\n');
    }
    if text.is_empty() {
        text = format!("{}\n", p.none_removed);
    }
    output::text(&text, Saved::Nothing)?;
    Ok(ExitCode::SUCCESS)
}

/// Removes case `code`, asked and checked, from `store`, which is closed
/// after: what was done, in words. The screen's `X` too.
pub(super) fn remove(ctx: &Context, store: Store, code: &str) -> Result<String, Fail> {
    let p = ctx.lang.purge();
    let (file, _) = store.load_case(code)?;
    let file = file.ok_or_else(|| Fail::no_case(code))?;
    if let Some(why) = refusal(&file, &ctx.rules, ctx.lang) {
        return Err(Fail::Usage(why));
    }
    let figures = Figures::of(&file, store.figures_id(code)?)
        .ok_or_else(|| Fail::Usage(fill(p.open, &[("code", code)])))?;
    drop(file);
    let removal = Removal {
        code: code.to_string(),
        on: ctx.today,
        by: ctx.signer()?.to_string(),
    };
    let (store, purged) = store.purge(code, &figures, &removal, ctx.now)?;
    drop(store);
    let backups = match purged.backups_removed + purged.backups_rewritten {
        0 => String::new(),
        n => p.backups.count(n, &[]),
    };
    let mut said = fill(p.done, &[("code", code), ("backups", &backups)]);
    said.push('\n');
    said.push_str(p.kept);
    for path in &purged.left {
        said.push('\n');
        said.push_str(&fill(p.left, &[("path", &path.display().to_string())]));
    }
    Ok(said)
}
