//! `insats note CASE -m TEXT`, or the text on standard input: a note after
//! a visit, from the shell. Without either the note editor opens on the
//! screen (`screen.rs`); while another session holds the store the note
//! goes to its inbox (`inbox.rs`).

use std::io::Read;
use std::process::ExitCode;

use chrono::{NaiveDate, NaiveTime};

use super::output::{self, Saved};
use super::{Context, Fail, NoteArgs, no_controls};
use crate::domain::case::{Case, OutsideLife, Place};
use crate::domain::dates::parse_date;
use crate::domain::note::{Note, Participant};
use crate::domain::text::Lines;
use crate::i18n::fill;

/// `insats note CASE -m TEXT`: a note saved at once, or queued in the
/// store's inbox when the screen holds the store.
pub fn note(ctx: &Context, args: &NoteArgs) -> Result<ExitCode, Fail> {
    let (text, from) = match args.message.as_deref() {
        Some("-") | None => (text_from_stdin(ctx)?, "stdin"),
        Some(text) => (text.to_string(), "-m"),
    };
    let text = &text;
    if text.trim().is_empty() {
        return Err(Fail::Usage(ctx.text().err_empty_note.into()));
    }
    no_controls(from, text, Lines::Many)?;
    if let Some(words) = &args.child_words {
        no_controls("--child-words", words, Lines::Many)?;
    }
    let Some(store) = super::inbox::open_or_queue(ctx, args, text)? else {
        return Ok(ExitCode::SUCCESS);
    };
    let (file, damaged) = store.load_case(&args.case)?;
    ctx.warn_damaged(&damaged);
    let Some(file) = file else {
        return Err(Fail::no_case(&args.case));
    };
    let case = &file.case.body;
    if case.is_closed() {
        return Err(Fail::closed(&case.code));
    }
    let place = match &args.place {
        Some(p) => Place::from_code(p)
            .ok_or_else(|| Fail::Usage(fill(ctx.text().err_bad_place, &[("input", p)])))?,
        None => case.places.first().copied().unwrap_or(Place::Home),
    };
    let date = note_date(ctx, case, args.date.as_deref())?;
    let d = ctx.lang.data();
    let child = args.child || args.child_words.is_some();
    let participants = Participant::of_note(&named(ctx, args)?, child);
    let body = Note {
        date,
        start: if date == ctx.today {
            ctx.now.time()
        } else {
            NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default()
        },
        minutes: args.minutes,
        place,
        participants,
        child_took_part: child,
        child_words: args.child_words.clone().unwrap_or_default(),
        text: text.clone(),
        goals: Vec::new(),
    };
    let record = match &ctx.served {
        // Saved by the screen for another window: under the id that
        // window queues it under should this answer not reach it.
        Some(served) => {
            let added =
                store.add_note_once(served.note_id(), &case.code, body, ctx.signer()?, ctx.now)?;
            match added {
                Some(record) => {
                    served.wrote(&case.code, Some(record.key()));
                    record
                }
                // Taken in from the inbox already: it was queued there.
                None => {
                    let said = fill(ctx.text().note_queued, &[("case", &case.code)]);
                    output::line(&said, Saved::Nothing)?;
                    return Ok(ExitCode::SUCCESS);
                }
            }
        }
        None => store.add(&case.code, body, ctx.signer()?, ctx.now)?,
    };
    store.flush()?;
    ctx.backup_after(store, true);
    let what = fill(d.saved_note, &[("key", &record.key())]);
    output::line(
        &fill(
            ctx.text().note_saved,
            &[("key", &record.key()), ("date", &date.to_string())],
        ),
        Saved::This(&what),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Who `--with` names, each a word [`Participant::from_code`] takes.
pub(super) fn named(ctx: &Context, args: &NoteArgs) -> Result<Vec<Participant>, Fail> {
    let words = args.with.iter().map(|w| w.trim()).filter(|w| !w.is_empty());
    words
        .map(|w| {
            Participant::from_code(w)
                .ok_or_else(|| Fail::Usage(fill(ctx.text().err_bad_participant, &[("input", w)])))
        })
        .collect()
}

/// The note's date: `--date` or today, within the case's life (not
/// before its start, after its closing, nor after today).
fn note_date(ctx: &Context, case: &Case, given: Option<&str>) -> Result<NaiveDate, Fail> {
    let date = match given {
        Some(s) => parse_date(s, ctx.today).map_err(|_| Fail::bad_date("--date", s))?,
        None => ctx.today,
    };
    let d = ctx.lang.data();
    let shown = date.to_string();
    let refused = match case.outside_life(date, ctx.today) {
        None => return Ok(date),
        Some(OutsideLife::BeforeStart(start)) => fill(
            d.err_before_start,
            &[("date", &shown), ("start", &start.to_string())],
        ),
        Some(OutsideLife::AfterClosing(closed)) => fill(
            d.err_after_closing,
            &[("date", &shown), ("closed", &closed.to_string())],
        ),
        Some(OutsideLife::Future) => fill(d.err_future, &[("date", &shown)]),
    };
    Err(Fail::Usage(refused))
}

/// The most a note on standard input may hold: a visit's note is a few
/// kilobytes; more is a file given by mistake.
const MOST_FROM_STDIN: u64 = 1 << 20;

/// The note's text from standard input (a pipe or a here-document: the
/// form that other users cannot read in the process list, nor the shell
/// keep in its history), read to its end, at most [`MOST_FROM_STDIN`].
fn text_from_stdin(ctx: &Context) -> Result<String, Fail> {
    if let Some(text) = ctx.served.as_ref().and_then(|s| s.stdin()) {
        return Ok(text.to_string());
    }
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MOST_FROM_STDIN + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| super::cannot(ctx.text().err_read, std::path::Path::new("stdin"), &e))?;
    if bytes.len() as u64 > MOST_FROM_STDIN {
        let mb = crate::domain::text::megabytes(MOST_FROM_STDIN);
        return Err(Fail::Usage(fill(
            ctx.text().err_note_too_long,
            &[("mb", &mb)],
        )));
    }
    let text =
        String::from_utf8(bytes).map_err(|_| Fail::Usage(ctx.text().err_note_not_text.into()))?;
    // A here-document's last line ends in a newline that is no part of it.
    Ok(text.trim_end_matches(['\n', '\r']).to_string())
}
