//! `insats export` and `insats import`: every record out as JSON, and back
//! in from an export or a backup.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::ExitCode;

use super::output::{self, Saved};
use super::{Context, Fail, cannot, unwritable_file};
use crate::domain::text::megabytes;
use crate::i18n::fill;
use crate::store::backup;
use crate::store::export::{ExportError, Keep, NotRead};
use crate::store::perms::write_private_with;

/// `insats export [-o FILE]`: every record as JSON, to FILE or standard
/// output, written as the store is read.
pub fn export(ctx: &Context, output: Option<&Path>) -> Result<ExitCode, Fail> {
    let store = ctx.open_store_to_read()?;
    let (store, written) = match output {
        // A relative path is the asking window's when the screen answers.
        Some(path) => write_private_with(&ctx.path(path), |file| {
            store.write_export(file, Keep::Whole)
        })
        .map_err(|e| exported_to(ctx, Some(path), e))?,
        None => store
            .write_export(output::Out, Keep::Whole)
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

/// The largest file `insats import` reads (read twice, a record at a
/// time: its size costs time, not memory).
const IMPORT_LIMIT: u64 = 1 << 30;

/// `insats import FILE`: the records of an export or a backup that the
/// store lacks, added.
pub fn import(ctx: &Context, file: &Path) -> Result<ExitCode, Fail> {
    let open = opened(ctx, file)?;
    let store = ctx.open_store()?;
    let path = file.display().to_string();
    let s = match store.import_from(open)? {
        Ok(s) => s,
        Err(NotRead::Read(e)) => return Err(cannot(ctx.text().err_read, file, &e)),
        Err(NotRead::Newer(n)) => {
            return Err(Fail::Usage(fill(
                ctx.text().err_newer_export,
                &[("path", &path), ("n", &n.to_string())],
            )));
        }
        Err(NotRead::Json(e)) => {
            return Err(Fail::Usage(fill(
                ctx.text().err_not_export,
                &[
                    ("path", &path),
                    ("line", &e.line().to_string()),
                    ("error", &short(&e)),
                ],
            )));
        }
    };
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

/// An export file, or one of our backups (its checksum checked first), to
/// read: a regular file of at most [`IMPORT_LIMIT`] bytes, never a pipe or
/// a device that could be read without end. What opens it, each time
/// again.
fn opened<'p>(
    ctx: &Context,
    file: &'p Path,
) -> Result<impl Fn() -> std::io::Result<Box<dyn Read>> + 'p, Fail> {
    use std::os::unix::fs::OpenOptionsExt;
    let path = file.display().to_string();
    let unreadable =
        |e: std::io::Error| Fail::Usage(cannot(ctx.text().err_read, file, &e).message());
    let open = move || {
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(file)
    };
    let f = open().map_err(unreadable)?;
    let meta = f.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(Fail::Usage(fill(
            ctx.text().err_not_file,
            &[("path", &path)],
        )));
    }
    if meta.len() > IMPORT_LIMIT {
        return Err(Fail::Usage(fill(
            ctx.text().err_import_size,
            &[
                ("path", &path),
                ("mb", &megabytes(meta.len())),
                ("limit", &megabytes(IMPORT_LIMIT)),
            ],
        )));
    }
    let mut json = BufReader::new(f);
    let is_backup = backup::is_backup(json.fill_buf().map_err(unreadable)?);
    if is_backup && let Err(p) = backup::open_body(file).map_err(unreadable)? {
        return Err(Fail::Usage(fill(
            ctx.lang.data().err_bad_backup,
            &[
                ("path", &path),
                ("problem", &super::backups::problem_words(ctx, &p)),
            ],
        )));
    }
    Ok(move || -> std::io::Result<Box<dyn Read>> {
        if !is_backup {
            let limited = open()?.take(IMPORT_LIMIT);
            return Ok(Box::new(BufReader::with_capacity(1 << 16, limited)));
        }
        match backup::open_body(file)? {
            Ok(body) => Ok(Box::new(body)),
            Err(_) => Err(std::io::Error::other(
                "the backup changed while it was read",
            )),
        }
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
