//! `insats report CASE`: a report to the social secretary, drafted from
//! what was written in the case (the drafting itself is `report/`).

use std::process::ExitCode;

use super::output::{self, Saved};
use super::{Context, Fail, ReportArgs, date_arg, unwritable_file};
use crate::domain::text::Lines;
use crate::i18n::fill;
use crate::store::perms::write_private;

/// `fas1`, `lägesrapport`, `avslut` and their English names.
pub fn parse_report_kind(s: &str) -> Option<crate::domain::report::ReportKind> {
    use crate::domain::report::ReportKind;
    match s
        .trim()
        .to_lowercase()
        .replace(['-', ' ', '_'], "")
        .as_str()
    {
        "fas1" | "fas1rapport" | "insatsrapport" | "phase1" => Some(ReportKind::Fas1),
        "lagesrapport" | "lägesrapport" | "lages" | "läges" | "progress" => {
            Some(ReportKind::Progress)
        }
        "avslut" | "avslutsrapport" | "closing" | "close" => Some(ReportKind::Closing),
        _ => None,
    }
}

/// `--format md` or `text` (and their longer names).
pub(super) fn parse_format(ctx: &Context, given: &str) -> Result<crate::report::Format, Fail> {
    use crate::report::Format;
    match given {
        "md" | "markdown" => Ok(Format::Markdown),
        "text" | "txt" => Ok(Format::Text),
        other => Err(Fail::Usage(fill(
            ctx.text().err_bad_format,
            &[("input", other)],
        ))),
    }
}

/// `insats report CASE`: the draft of the report the case is due for (or
/// the kind asked), to standard output or a file.
pub fn report(ctx: &Context, args: &ReportArgs) -> Result<ExitCode, Fail> {
    use crate::report::{default_kind, default_period, draft_report};
    let format = parse_format(ctx, &args.format)?;
    let kind = args
        .kind
        .as_deref()
        .map(|k| {
            parse_report_kind(k)
                .ok_or_else(|| Fail::Usage(fill(ctx.text().err_bad_kind, &[("input", k)])))
        })
        .transpose()?;
    let from = date_arg("--from", args.from.as_deref(), ctx.today)?;
    let to = date_arg("--to", args.to.as_deref(), ctx.today)?;
    let store = ctx.open_store_to_read()?;
    let (file, damaged) = store.load_case(&args.case)?;
    ctx.backup_after(store, false);
    ctx.warn_damaged(&damaged);
    let Some(file) = file else {
        return Err(Fail::no_case(&args.case));
    };
    let kind = kind.unwrap_or_else(|| default_kind(&file));
    let (dfrom, dto) = default_period(&file, kind, ctx.today);
    let (from, to) = (from.unwrap_or(dfrom), to.unwrap_or(dto));
    if from > to {
        return Err(Fail::Usage(fill(
            ctx.text().err_period,
            &[("from", &from.to_string()), ("to", &to.to_string())],
        )));
    }
    let text = draft_report(
        &file,
        kind,
        from,
        to,
        ctx.lang,
        format,
        ctx.rules.report_weeks,
    );
    match &args.output {
        Some(path) => {
            let text = crate::domain::text::escape(&text, Lines::Many);
            write_private(&ctx.path(path), text.as_bytes())
                .map_err(|e| unwritable_file(ctx, path, &e))?;
            output::note(&path.display().to_string());
        }
        None => output::text(&text, Saved::Nothing)?,
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_kinds_in_both_languages() {
        use crate::domain::report::ReportKind;
        assert_eq!(
            parse_report_kind("lägesrapport"),
            Some(ReportKind::Progress)
        );
        assert_eq!(
            parse_report_kind("lagesrapport"),
            Some(ReportKind::Progress)
        );
        assert_eq!(parse_report_kind("fas1"), Some(ReportKind::Fas1));
        assert_eq!(parse_report_kind("Fas 1"), Some(ReportKind::Fas1));
        assert_eq!(parse_report_kind("avslut"), Some(ReportKind::Closing));
        assert_eq!(parse_report_kind("slut"), None);
    }
}
