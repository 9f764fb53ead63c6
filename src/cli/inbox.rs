//! `insats note CASE -m TEXT` from a second window, while the screen holds
//! the store: the note is never refused. It goes into the store's inbox
//! (`store/inbox.rs`), on disk before the command says so, and the open
//! session takes it in; otherwise the next session does.

use chrono::NaiveTime;

use super::ask::{Asked, ask};
use super::output;
use super::{Context, Fail, NoteArgs};
use crate::domain::case::Place;
use crate::domain::dates::parse_date;
use crate::i18n::fill;
use crate::store::inbox::{new_id, queue_note_as, queued};
use crate::store::perms::NotOurs;
use crate::store::{Store, StoreError};

/// The store, or `None` when the screen holds it (or a command did for
/// longer than it is waited for) and the note was queued in its inbox
/// instead (and the command has said so). A store opened here first takes
/// in what an earlier session left in the inbox.
pub fn open_or_queue(ctx: &Context, args: &NoteArgs, text: &str) -> Result<Option<Store>, Fail> {
    if let Some(served) = &ctx.served {
        return Ok(Some(served.store()));
    }
    match Store::open_waiting(&ctx.data_dir, Store::open) {
        Ok(store) => {
            // Notes queued before this one come first.
            super::take_inbox(&store);
            Ok(Some(store))
        }
        // The screen holds it, or a command did for longer than it is
        // waited for: the note is never refused.
        Err(StoreError::Locked(dir)) => {
            let id = new_id();
            if Store::held_by_screen(&dir) {
                let stdin = matches!(args.message.as_deref(), None | Some("-")).then_some(text);
                match ask(ctx, stdin, &id) {
                    Asked::Answered(code) => return Err(Fail::Answered(code)),
                    // Another version's screen: said, and the note queued.
                    Asked::Refused(line) => output::note(&format!("insats: {line}")),
                    // Not answering in time (stopped, hung): the note is
                    // queued under the id the screen would mark it with.
                    Asked::NotListening | Asked::NotAnswering | Asked::Broken => {}
                }
            }
            queue(ctx, args, text, &id)?;
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// The note checked as far as it can be without its case, and queued.
fn queue(ctx: &Context, args: &NoteArgs, text: &str, id: &str) -> Result<(), Fail> {
    let t = ctx.text();
    let place = match &args.place {
        Some(p) => Some(
            Place::from_code(p)
                .ok_or_else(|| Fail::Usage(fill(t.err_bad_place, &[("input", p)])))?,
        ),
        None => None,
    };
    let date = match &args.date {
        Some(s) => parse_date(s, ctx.today).map_err(|_| Fail::bad_date("--date", s))?,
        None => ctx.today,
    };
    let start = if date == ctx.today {
        ctx.now.time()
    } else {
        NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default()
    };
    let note = queued(
        &args.case,
        text,
        date,
        start,
        args.minutes,
        place,
        args.child,
        args.child_words.as_deref().unwrap_or(""),
        &ctx.worker,
        ctx.now,
    )
    .with_participants(super::note::named(ctx, args)?);
    queue_note_as(&ctx.data_dir, &note, id).map_err(|e| match NotOurs::of(&e) {
        Some(path) => Fail::not_ours(path),
        None => Fail::Failed(fill(t.err_queue, &[("error", &e.to_string())])),
    })?;
    println!("{}", fill(t.note_queued, &[("case", &args.case)]));
    Ok(())
}
