//! Besöksanteckning — the quick note after a visit or contact.
//!
//! `n` opens [`form`]: today, now, the case's usual place, the parent as
//! participant (the child's part is asked there, once); typing starts in
//! the text. `Ctrl-S` runs [`write`]: the text is required, the date (while
//! the case was open, not after today), time and minutes are checked (a wrong one is
//! marked at its field, nothing typed is lost), and the note is added — or,
//! for a note opened from the history, edited with its earlier version kept
//! — in one transaction with the deletion of its draft.

use super::read::Read;
use super::{Ctx, Fail, Field, Form, FormKind, Writer, Written};
use super::{active_goals, participants_chosen, strings};
use crate::domain::case::{OutsideLife, Place};
use crate::domain::casefile::CaseFile;
use crate::domain::note::{Note, Participant};
use crate::i18n::fill;

/// The position of a place in the form's list.
pub fn place_index(p: Place) -> usize {
    Place::ALL.iter().position(|x| *x == p).unwrap_or(0)
}

/// The note `seq` of the case, or a new one.
pub fn form(cx: &Ctx, file: &CaseFile, seq: Option<u32>) -> Form {
    let f = cx.forms();
    let now = cx.now;
    let existing = seq.and_then(|s| file.notes.iter().find(|n| n.seq == s));
    let place = file
        .case
        .body
        .places
        .first()
        .copied()
        .unwrap_or(Place::Home);
    let goals = active_goals(file);
    let (date, time, minutes, place, who, words, text, touched) = match existing {
        Some(n) => {
            let b = &n.body;
            // The child's part is asked once, among who took part; a note
            // that only ticked it has the child there.
            let mut who = b.participants.clone();
            let there = who
                .iter()
                .any(|p| matches!(p, Participant::Child | Participant::YoungPerson));
            if b.child_took_part && !there {
                who.push(Participant::Child);
            }
            (
                b.date.to_string(),
                b.start.format("%H:%M").to_string(),
                b.minutes.to_string(),
                place_index(b.place),
                participants_chosen(&who),
                b.child_words.clone(),
                b.text.clone(),
                goals.iter().map(|(s, _)| b.goals.contains(s)).collect(),
            )
        }
        None => (
            now.date().to_string(),
            now.format("%H:%M").to_string(),
            "60".to_string(),
            place_index(place),
            participants_chosen(&[Participant::Parent]),
            String::new(),
            String::new(),
            vec![false; goals.len()],
        ),
    };
    let mut fields = vec![
        Field::text("text", f.text, &text),
        Field::date("date", f.date, &date),
        Field::line("time", f.time, &time),
        Field::line("minutes", f.minutes, &minutes),
        Field::choice("place", f.place, strings(&f.places), place),
        Field::multi(
            "participants",
            f.participants,
            strings(&f.participant_options),
            who,
        ),
        Field::text("child_words", f.child_words, &words),
    ];
    let seqs = goals.iter().map(|(s, _)| *s).collect();
    if !goals.is_empty() {
        fields.push(Field::multi(
            "goals",
            f.goals_touched,
            goals.into_iter().map(|(_, t)| t).collect(),
            touched,
        ));
    }
    let kind = FormKind::Note {
        case: file.code().to_string(),
        seq,
        goals: seqs,
    };
    Form::new(kind, cx.title(f.note, file), fields, "text")
}

/// `Ctrl-S`: the note checked and written.
pub fn write(w: &Writer, form: &Form, case: &str, seq: Option<u32>, goals: &[u32]) -> Written {
    let r = Read::new(form, &w.cx);
    r.required("text")?;
    let date = r.date("date")?;
    // The same bounds as `insats note --date`: a note tells of a contact
    // that has happened, while the case was open.
    let outside = match w.file {
        Some(f) => f.case.body.outside_life(date, w.cx.today),
        None => (date > w.cx.today).then_some(OutsideLife::Future),
    };
    if let Some(outside) = outside {
        let t = w.cx.lang.text();
        let why = match outside {
            OutsideLife::BeforeStart(start) => {
                fill(t.err_before_start, &[("date", &start.to_string())])
            }
            OutsideLife::AfterClosing(closed) => {
                fill(t.err_after_closing, &[("date", &closed.to_string())])
            }
            OutsideLife::Future => t.err_future.to_string(),
        };
        return Err(Fail::Field("date", why));
    }
    let body = Note {
        date,
        start: r.time("time")?,
        minutes: r.number("minutes", 0.0, 1440.0)? as u16,
        place: Place::ALL[form.choice("place").min(Place::ALL.len() - 1)],
        participants: r.participants(),
        child_took_part: false,
        child_words: form.text("child_words").trim_end().to_string(),
        // The text as typed, without trailing blank lines.
        text: form.text("text").trim_end().to_string(),
        goals: goals
            .iter()
            .zip(form.multi("goals"))
            .filter(|(_, on)| *on)
            .map(|(g, _)| *g)
            .collect(),
    };
    // The child took part when listed as there, or quoted.
    let child_there = body
        .participants
        .iter()
        .any(|p| matches!(p, Participant::Child | Participant::YoungPerson));
    let body = Note {
        child_took_part: child_there || !body.child_words.is_empty(),
        ..body
    };
    w.upsert(w.file.map(|f| &f.notes[..]), case, seq, body)
}
