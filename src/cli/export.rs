//! `insats export` and `insats import`: every record out as JSON, and back
//! in from an export or a backup.

use std::path::Path;
use std::process::ExitCode;

use super::output::{self, Saved};
use super::{Context, Fail, cannot, unwritable_file};
use crate::i18n::fill;
use crate::store::backup;
use crate::store::export::{Export, ExportError, Keep};
use crate::store::perms::write_private_with;

/// `insats export [-o FILE]`: every record as JSON, to FILE or standard
/// output, written as the store is read.
pub fn export(ctx: &Context, output: Option<&Path>) -> Result<ExitCode, Fail> {
    let store = ctx.open_store_to_read()?;
    let (store, written) = match output {
        Some(path) => write_private_with(path, |file| store.write_export(file, Keep::Whole))
            .map_err(|e| exported_to(ctx, Some(path), e))?,
        None => store
            .write_export(std::io::stdout().lock(), Keep::Whole)
            .map_err(|e| exported_to(ctx, None, e))?,
    };
    ctx.warn_damaged(&written.damaged);
    ctx.backup_after(store, false);
    if let Some(path) = output {
        output::note(&fill(
            ctx.text().export_written,
            &[
                ("n", &written.records.to_string()),
                ("path", &path.display().to_string()),
            ],
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// The error of an export that failed, to the file `path` or to standard
/// output.
pub fn exported_to(ctx: &Context, path: Option<&Path>, e: ExportError) -> Fail {
    match (e, path) {
        (ExportError::Store(e), _) => Fail::from(e),
        (ExportError::Write(e), Some(path)) => unwritable_file(ctx, path, &e),
        (ExportError::Write(e), None) => output::unwritable(&e, Saved::Nothing),
    }
}

/// `insats import FILE`: the records of an export or a backup that the
/// store lacks, added.
pub fn import(ctx: &Context, file: &Path) -> Result<ExitCode, Fail> {
    let bytes = std::fs::read(file).map_err(|e| match cannot(ctx.text().err_read, file, &e) {
        Fail::Failed(msg) | Fail::Usage(msg) => Fail::Usage(msg),
    })?;
    let export = read_export(ctx, file, &bytes)?;
    if export.insats_export > crate::store::export::EXPORT_FORMAT {
        return Err(Fail::Usage(fill(
            ctx.text().err_newer_export,
            &[
                ("path", &file.display().to_string()),
                ("n", &export.insats_export.to_string()),
            ],
        )));
    }
    let store = ctx.open_store()?;
    let s = store.import(&export)?;
    store.flush()?;
    ctx.backup_after(store, s.imported > 0);
    let what = fill(
        ctx.lang.data().saved_import,
        &[("n", &s.imported.to_string())],
    );
    output::line(
        &fill(
            ctx.text().import_done,
            &[
                ("imported", &s.imported.to_string()),
                ("cases", &s.new_cases.to_string()),
                ("duplicates", &s.duplicates.to_string()),
                ("orphans", &s.orphans.to_string()),
                ("invalid", &s.invalid.to_string()),
                ("controls", &s.controls.to_string()),
            ],
        ),
        Saved::This(&what),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// An export file, or one of our backups (checked whole first).
fn read_export(ctx: &Context, file: &Path, bytes: &[u8]) -> Result<Export, Fail> {
    if backup::is_backup(bytes) {
        return backup::decode(bytes).map_err(|p| {
            Fail::Usage(fill(
                ctx.lang.data().err_bad_backup,
                &[
                    ("path", &file.display().to_string()),
                    ("problem", &super::backups::problem_words(ctx, &p)),
                ],
            ))
        });
    }
    serde_json::from_slice(bytes).map_err(|e| {
        Fail::Usage(fill(
            ctx.text().err_not_export,
            &[
                ("path", &file.display().to_string()),
                ("line", &e.line().to_string()),
                ("error", &short(&e)),
            ],
        ))
    })
}

/// serde_json's message without the position it repeats, and without any
/// of the file's text.
fn short(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    match e.classify() {
        serde_json::error::Category::Data => msg.split(':').next().unwrap_or(&msg).to_string(),
        _ => msg,
    }
}
