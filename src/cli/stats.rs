//! `insats stats`: the follow-up statistics of the closed cases, as in
//! study 002 (the tables themselves are `domain::stats` and `report/`).

use std::process::ExitCode;

use super::output::{self, Saved};
use super::{Context, Fail, date_arg};

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
    // Which cases are closed, from their summaries; then each closed case
    // read whole in turn.
    let store = ctx.open_store_to_read()?;
    let (closed, mut damaged) =
        store.summaries_as(|f| f.case.body.is_closed().then(|| f.code().to_string()))?;
    let codes: Vec<String> = closed.into_iter().flatten().collect();
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
