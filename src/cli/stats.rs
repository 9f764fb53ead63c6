//! `insats stats`: the follow-up statistics of the closed cases, as in
//! study 002 (the tables themselves are `domain::stats` and `report/`):
//! of this store, counted from each closed case's figures and from what
//! stays of the cases removed; `--share -o FILE` writes those figures for
//! the unit; `stats FILE...` puts several workers' files together.

use std::collections::BTreeSet;
use std::process::ExitCode;

use super::output::{self, Saved};
use super::{Context, Fail, StatsArgs, date_arg, unwritable_file};
use crate::domain::figures::{Figures, NotShared, Shared};
use crate::domain::stats::{FollowUps, Stats};
use crate::i18n::fill;

pub fn stats(ctx: &Context, args: &StatsArgs) -> Result<ExitCode, Fail> {
    let from = date_arg("--from", args.from.as_deref(), ctx.today)?;
    let to = date_arg("--to", args.to.as_deref(), ctx.today)?;
    let mut taken = FollowUps::new(from, to);
    if !args.files.is_empty() {
        let (figures, twice) = read_shared(ctx, &args.files)?;
        figures.iter().for_each(|f| taken.add(f));
        if twice > 0 {
            output::note(&format!(
                "insats: {}",
                ctx.lang.purge().twice.count(twice, &[])
            ));
        }
        return print(ctx, taken.finish(), args.json);
    }
    let figures = store_figures(ctx, args.share)?;
    if args.share {
        return share(ctx, args, figures);
    }
    figures.iter().for_each(|f| taken.add(f));
    print(ctx, taken.finish(), args.json)
}

/// The figures of every closed case of the store: those still in it, each
/// read whole in turn, and those removed; known by their ids when they
/// are to be shared.
fn store_figures(ctx: &Context, with_ids: bool) -> Result<Vec<Figures>, Fail> {
    // Which cases are closed, from their summaries.
    let store = ctx.open_store_to_read()?;
    let (closed, mut damaged) =
        store.summaries_as(|f| f.case.body.is_closed().then(|| f.code().to_string()))?;
    let codes: Vec<String> = closed.into_iter().flatten().collect();
    let mut figures = store.removed()?.figures;
    // Ids only for a share: the store's key is made the first time.
    let mut ids = Vec::new();
    for code in &codes {
        ids.push(match with_ids && !store.is_copy() {
            true => store.figures_id(code)?,
            false => String::new(),
        });
    }
    let mut ids = ids.into_iter();
    let (store, lost) = store.each_whole_owned(&codes, |file| {
        let id = ids.next().unwrap_or_default();
        figures.extend(Figures::of(file, id));
    })?;
    damaged.extend(lost);
    ctx.backup_after(store, false);
    ctx.warn_damaged(&damaged);
    Ok(figures)
}

/// `--share -o FILE`: the figures, and nothing that names a case.
fn share(ctx: &Context, args: &StatsArgs, figures: Vec<Figures>) -> Result<ExitCode, Fail> {
    let Some(path) = &args.output else {
        return Err(Fail::Usage("--share needs -o FILE".into()));
    };
    let n = figures.len();
    let json = serde_json::to_string_pretty(&Shared::new(figures)).unwrap_or_default() + "\n";
    let target = ctx.path(path);
    crate::store::perms::write_private(&target, json.as_bytes())
        .map_err(|e| unwritable_file(ctx, path, &e))?;
    let said = ctx
        .lang
        .purge()
        .shared
        .count(n, &[("path", &path.display().to_string())]);
    output::line(&said, Saved::This(&said))?;
    Ok(ExitCode::SUCCESS)
}

/// The figures of the shared files given, each case once however many
/// files hold it: the figures, and how many came more than once.
fn read_shared(ctx: &Context, files: &[std::path::PathBuf]) -> Result<(Vec<Figures>, usize), Fail> {
    let p = ctx.lang.purge();
    let (mut seen, mut out, mut twice) = (BTreeSet::new(), Vec::new(), 0);
    for path in files {
        let shown = path.display().to_string();
        let bytes = std::fs::read(ctx.path(path))
            .map_err(|e| Fail::Usage(format!("{shown}: {}", output::plain_io_error(&e))))?;
        let shared = Shared::read(&bytes).map_err(|why| {
            Fail::Usage(match why {
                NotShared::NotOurs => fill(p.not_shared, &[("path", &shown)]),
                NotShared::Damaged => fill(p.damaged, &[("path", &shown)]),
                NotShared::Newer(format) => fill(
                    p.newer,
                    &[("path", &shown), ("format", &format.to_string())],
                ),
            })
        })?;
        for f in shared.figures {
            // A figures record without an id cannot be told from another.
            if f.id.is_empty() || seen.insert(f.id.clone()) {
                out.push(f);
            } else {
                twice += 1;
            }
        }
    }
    Ok((out, twice))
}

fn print(ctx: &Context, s: Stats, json: bool) -> Result<ExitCode, Fail> {
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
