//! `insats check` and `insats check --salvage FILE`: is the store whole,
//! and, when it is not, every record that can still be read.

use std::path::Path;
use std::process::ExitCode;

use super::output::{self, Saved};
use super::{Context, Fail};
use crate::i18n::fill;
use crate::store::export::Keep;
use crate::store::inbox::Waiting;
use crate::store::perms::write_private_with;
use crate::store::{Store, backup};

/// `insats check`: every record read, and what is wrong said: damaged
/// records, summaries that disagreed (made again), and records the newest
/// backup holds that the store lacks. Exit status 1 when a record is
/// damaged or missing.
pub fn check(ctx: &Context) -> Result<ExitCode, Fail> {
    let store = ctx.open_store_to_read()?;
    say_inbox(ctx, &store)?;
    // The summaries are derived: one that disagrees is made again here.
    let repair = !store.is_copy();
    let (store, loaded) = store.check_every_case(repair)?;
    let summaries = &loaded.summaries;
    // What the store lost since its backup is said when it can be read;
    // what the check found is said whatever becomes of that.
    let missing = match missing_since_backup(ctx, store) {
        Ok((store, missing)) => {
            ctx.backup_after(store, false);
            missing
        }
        Err(e) => {
            output::note(&format!("insats: {}", e.message()));
            None
        }
    };
    let t = ctx.text();
    if !summaries.mismatched.is_empty() {
        let n = summaries.mismatched.len();
        output::line(&t.check_summaries.count(n, &[]), Saved::Nothing)?;
    }
    if let Some((backup, keys)) = &missing {
        output::line(
            &ctx.lang
                .data()
                .check_missing
                .count(keys.len(), &[("backup", backup)]),
            Saved::Nothing,
        )?;
        for k in keys {
            output::line(&format!("  {k}"), Saved::Nothing)?;
        }
    }
    if loaded.damaged.is_empty() && missing.is_none() {
        output::line(&t.check_ok.count(loaded.records, &[]), Saved::Nothing)?;
        return Ok(ExitCode::SUCCESS);
    }
    output::line(
        &fill(
            t.check_damaged,
            &[
                ("n", &loaded.records.to_string()),
                ("damaged", &loaded.damaged.len().to_string()),
            ],
        ),
        Saved::Nothing,
    )?;
    for d in &loaded.damaged {
        output::line(&format!("  {d}"), Saved::Nothing)?;
    }
    Ok(ExitCode::from(1))
}

/// The notes that wait in the inbox (taken in as the store opened, these
/// could not be: their case is unknown or closed), and the files there
/// that cannot be read.
fn say_inbox(ctx: &Context, store: &Store) -> Result<(), Fail> {
    let Ok(intake) = store.take_inbox() else {
        return Ok(());
    };
    if let Some(served) = &ctx.served {
        for record in &intake.taken {
            served.wrote(&record.case, Some(record.key()));
        }
    }
    let t = ctx.text();
    for stuck in &intake.waiting {
        let template = match stuck.why {
            Waiting::NoSuchCase => t.inbox_no_case,
            Waiting::Closed => t.inbox_closed,
        };
        output::line(
            &fill(template, &[("code", &stuck.note.case)]),
            Saved::Nothing,
        )?;
    }
    if intake.refused > 0 {
        output::line(&t.inbox_refused.count(intake.refused, &[]), Saved::Nothing)?;
    }
    if intake.damaged > 0 {
        output::line(&t.inbox_damaged.count(intake.damaged, &[]), Saved::Nothing)?;
    }
    Ok(())
}

/// A backup's name and the records of it the store lacks.
type Lost = (String, Vec<String>);

/// The records of the newest backup that the store lacks (lost to damage:
/// records are never deleted), with the backup's name; None when none are.
/// The store is given back, to be backed up.
fn missing_since_backup(ctx: &Context, store: Store) -> Result<(Store, Option<Lost>), Fail> {
    let Some(newest) = backup::newest(&ctx.data_dir) else {
        return Ok((store, None));
    };
    let (store, keys) = backup::missing(store, &newest.path)?;
    let found = keys.filter(|k| !k.is_empty()).map(|k| (newest.name, k));
    Ok((store, found))
}

/// `insats check --salvage FILE`: every record that can still be read,
/// exported to FILE; damaged ones are named on the way.
pub fn salvage(ctx: &Context, file: &Path) -> Result<ExitCode, Fail> {
    let store = ctx.open_store_to_read()?;
    let (_, written) = write_private_with(file, |f| store.write_export(f, Keep::Readable))
        .map_err(|e| super::export::exported_to(ctx, Some(file), e))?;
    let damaged = written.damaged;
    for d in &damaged {
        output::note(&format!("  {d}"));
    }
    output::line(
        &fill(
            ctx.lang.data().salvaged,
            &[
                ("n", &written.records.to_string()),
                ("damaged", &damaged.len().to_string()),
                ("path", &file.display().to_string()),
            ],
        ),
        Saved::Nothing,
    )?;
    Ok(if damaged.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
