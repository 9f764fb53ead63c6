//! `insats backups` and `insats restore [BACKUP]`: the ways back from a
//! damaged store. And the backup every command leaves behind it.

use std::path::PathBuf;
use std::process::ExitCode;

use super::output::{self, Saved};
use super::{Context, Fail};
use crate::domain::text::megabytes;
use crate::i18n::fill;
use crate::store::backup::{self, BackupInfo, Problem, RestoreError};
use crate::store::{Store, StoreError};

impl Context {
    /// After a command: a backup when it wrote (`wrote`) and none was taken
    /// in the last hour, or when none was taken in the last day. A backup that cannot be written is a warning,
    /// never the command's failure: the command itself went well.
    pub fn backup_after(&self, store: Store, wrote: bool) {
        // The screen that ran the command for another window backs up
        // as after its own saves.
        if self.served.is_some() {
            return;
        }
        // After a write, a backup while one is cheap: sled can be left
        // unreadable by a kill at the wrong moment, and then what a command
        // said it saved must be in a backup. A large store is backed up at
        // most once an hour after writes; every store at least once a day.
        let cheap = backup::newest_bytes(&self.data_dir) < backup::CHEAP_BACKUP;
        let age = match (wrote, cheap) {
            (true, true) => chrono::Duration::zero(),
            (true, false) => chrono::Duration::hours(1),
            (false, _) => chrono::Duration::hours(24),
        };
        self.backup(store.close_with_backup_if_older(self.now, age));
    }

    /// At the screen's clean exit: a backup of what the session wrote.
    pub fn backup_at_exit(&self, store: Store, wrote: bool) {
        if wrote {
            self.backup(store.close_with_backup(self.now));
        } else {
            self.backup_after(store, false);
        }
    }

    fn backup(&self, taken: Result<Option<std::path::PathBuf>, StoreError>) {
        if let Err(e) = taken {
            let error = match e {
                StoreError::NoSpace { .. } => super::no_space(&e),
                e => Fail::from(e).message(),
            };
            output::note(&format!(
                "insats: {}",
                fill(self.lang.data().backup_failed, &[("error", &error)])
            ));
        }
    }
}

/// How a backup is named to the user: its time and what it holds.
pub fn describe(ctx: &Context, b: &BackupInfo) -> String {
    let t = ctx.lang.data();
    let what = match &b.records {
        Ok(n) => fill(t.backup_records, &[("n", &n.to_string())]),
        Err(_) => t.backup_damaged.to_string(),
    };
    format!("{}, {what}", b.taken.format("%Y-%m-%d %H:%M"))
}

/// `insats backups`: every backup, newest first.
pub fn list(ctx: &Context) -> Result<ExitCode, Fail> {
    let t = ctx.lang.data();
    let dir = backup::backups_dir(&ctx.data_dir);
    let shown = dir.display().to_string();
    let all = backup::list(&ctx.data_dir)
        .map_err(|e| Fail::Failed(format!("{shown}: {}", output::plain_io_error(&e))))?;
    if all.is_empty() {
        output::line(&fill(t.backups_none, &[("dir", &shown)]), Saved::Nothing)?;
        return Ok(ExitCode::SUCCESS);
    }
    output::line(&fill(t.backups_heading, &[("dir", &shown)]), Saved::Nothing)?;
    for b in &all {
        output::line(
            &format!(
                "  {:<34} {:<26} {:>7} MB",
                b.name,
                describe(ctx, b),
                megabytes(b.bytes)
            ),
            Saved::Nothing,
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The backup `insats restore` means: a path, a name in `backups/`, or
/// (none given) the newest usable one.
fn chosen(ctx: &Context, given: Option<&str>) -> Result<PathBuf, Fail> {
    let t = ctx.lang.data();
    match given {
        Some(g) => {
            let path = PathBuf::from(g);
            let in_dir = backup::backups_dir(&ctx.data_dir).join(g);
            Ok(if path.exists() || g.contains('/') {
                path
            } else {
                in_dir
            })
        }
        None => backup::newest(&ctx.data_dir)
            .map(|b| b.path)
            .ok_or_else(|| {
                let dir = backup::backups_dir(&ctx.data_dir);
                Fail::Usage(fill(
                    t.err_no_backups,
                    &[("dir", &dir.display().to_string())],
                ))
            }),
    }
}

/// Why a backup cannot be used, in words.
pub fn problem_words(ctx: &Context, p: &Problem) -> String {
    let t = ctx.lang.data();
    match p {
        Problem::NotOurs => t.backup_not_ours.to_string(),
        Problem::Checksum => t.backup_checksum.to_string(),
        Problem::Newer(v) => fill(t.backup_newer, &[("version", &v.to_string())]),
        Problem::Truncated => t.backup_truncated.to_string(),
    }
}

/// `insats restore [BACKUP]`: a fresh store from the backup, the one there
/// before moved aside.
pub fn restore(ctx: &Context, given: Option<&str>) -> Result<ExitCode, Fail> {
    let t = ctx.lang.data();
    let path = chosen(ctx, given)?;
    let shown = path.display().to_string();
    let restored = backup::restore(&ctx.data_dir, &path, ctx.now).map_err(|e| match e {
        RestoreError::Read(err) => Fail::Usage(fill(
            t.err_bad_backup,
            &[("path", &shown), ("problem", &output::plain_io_error(&err))],
        )),
        RestoreError::Bad(p) => Fail::Usage(fill(
            t.err_bad_backup,
            &[("path", &shown), ("problem", &problem_words(ctx, &p))],
        )),
        RestoreError::Store(e) => Fail::from(e),
    })?;
    let n = restored.records.to_string();
    let said = match &restored.moved {
        Some(moved) => fill(
            t.restored,
            &[
                ("n", &n),
                ("backup", &shown),
                ("moved", &moved.display().to_string()),
            ],
        ),
        None => fill(t.restored_fresh, &[("n", &n), ("backup", &shown)]),
    };
    let what = fill(t.saved_import, &[("n", &n)]);
    output::line(&said, Saved::This(&what))?;
    Ok(ExitCode::SUCCESS)
}
