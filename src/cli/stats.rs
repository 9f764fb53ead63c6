//! `insats stats`: the follow-up statistics of the closed cases, as in
//! study 002 (the tables themselves are `domain::stats` and `report/`).

use std::process::ExitCode;

use super::output::{self, Saved};
use super::{Context, Fail, date_arg};
use crate::store::caseload::{Cases, open_with_caseload};

/// The codes of the closed cases of a caseload.
fn closed_codes(cases: Cases) -> Vec<String> {
    cases
        .filter(|l| l.case.body.is_closed())
        .map(|l| l.case.case)
        .collect()
}

/// `insats stats [--from DATE] [--to DATE] [--json]`: the statistics of
/// the cases closed in the period, each closed case read whole in turn.
pub fn stats(
    ctx: &Context,
    from: Option<&str>,
    to: Option<&str>,
    json: bool,
) -> Result<ExitCode, Fail> {
    let from = date_arg("--from", from, ctx.today)?;
    let to = date_arg("--to", to, ctx.today)?;
    // Which cases are closed: the day's caseload, read while the store
    // opens; then each closed case read whole in turn.
    let (store, codes, mut damaged) = open_with_caseload(
        &ctx.data_dir,
        |_| ctx.open_store_to_read(),
        ctx.today,
        ctx.rules,
        closed_codes,
    )?;
    let mut taken = crate::domain::stats::FollowUps::new(from, to);
    let (store, lost) = store.each_whole_owned(&codes, |file| taken.add(file))?;
    damaged.extend(lost);
    ctx.backup_after(store, false);
    ctx.warn_damaged(&damaged);
    let s = taken.finish();
    if json {
        output::json(
            &serde_json::to_string_pretty(&s).unwrap_or_default(),
            Saved::Nothing,
        )?;
    } else {
        output::text(
            &crate::report::stats_text(&s, ctx.lang, crate::report::Format::Text),
            Saved::Nothing,
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
