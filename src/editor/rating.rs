//! Skattning — a rating by a standard instrument (APQ, CBCL or a named
//! custom one): occasion (initial, interim, closing), date, informant and a
//! score per subscale. Only scores are stored, never the items' texts.
//!
//! `s` opens [`form`]: the first rating of a case is the initial one, in
//! Fas 3 the closing one, else interim; the instrument's subscales are
//! listed to be scored, and the initial rating shows beside (a closing one
//! compared subscale by subscale). `Ctrl-S` runs [`write`]: each line
//! `subscale: score` is read (by its name in either language or its code),
//! 0–999.

use super::parse::lines;
use super::read::{Bad, Read};
use super::{Ctx, Field, Form, FormKind, Writer, Written, strings};
use crate::domain::casefile::CaseFile;
use crate::domain::rating::{
    APQ_SUBSCALES, Better, CBCL_SUBSCALES, Instrument, Occasion, Rating, SubscaleScore, compare,
};
use crate::i18n::forms::FormText;
use crate::i18n::{Lang, fill, subscale};

pub fn form(cx: &Ctx, file: &CaseFile, seq: Option<u32>) -> Form {
    let f = cx.forms();
    let today = cx.today;
    let existing = seq
        .and_then(|s| file.ratings.iter().find(|r| r.seq == s))
        .map(|r| &r.body);
    let has_initial = file.has_rating(Occasion::Initial);
    let rating = existing.cloned().unwrap_or_else(|| {
        let occasion = if !has_initial {
            Occasion::Initial
        } else if file.case.body.phase() == crate::domain::Phase::Generalising {
            Occasion::Closing
        } else {
            Occasion::Interim
        };
        Rating::preset(Instrument::Apq, occasion, today)
    });
    let (instrument, custom) = match &rating.instrument {
        Instrument::Apq => (0, String::new()),
        Instrument::Cbcl => (1, String::new()),
        Instrument::Custom(n) => (2, n.clone()),
    };
    let occasion = match rating.occasion {
        Occasion::Initial => 0,
        Occasion::Interim => 1,
        Occasion::Closing => 2,
    };
    let scores = rating
        .scores
        .iter()
        .map(|s| {
            if existing.is_some() || s.score != 0.0 {
                format!("{}: {}", subscale(cx.lang, &s.name), s.score)
            } else {
                format!("{}: ", subscale(cx.lang, &s.name))
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut fields = vec![
        Field::choice(
            "instrument",
            f.instrument,
            strings(&f.instruments),
            instrument,
        ),
        Field::line("custom", f.custom_name, &custom),
        Field::choice("occasion", f.occasion, strings(&f.occasions), occasion),
        Field::date("date", f.date, &rating.date.to_string()),
        Field::line("informant", f.informant, &rating.informant),
        Field::text("scores", f.scores, &scores),
    ];
    fields.extend(beside(cx, file, &rating, seq));
    let mut form = Form::new(
        FormKind::Rating {
            case: file.code().to_string(),
            seq,
        },
        cx.title(f.rating, file),
        fields,
        "scores",
    );
    // Scores are written from the first subscale down, after its name.
    form.cursor_to_first_answer("scores");
    beside_changed(&mut form, cx, file);
    form
}

/// The initial rating of the same instrument beside this one: for a
/// closing rating, the comparison subscale by subscale. Not beside the
/// initial rating itself.
fn beside(cx: &Ctx, file: &CaseFile, rating: &Rating, seq: Option<u32>) -> Option<Field> {
    let initial = initial_of(file, &rating.instrument)?;
    if Some(initial.seq) == seq || rating.occasion == Occasion::Initial {
        return None;
    }
    let text = beside_text(cx, &initial.body, rating);
    Some(Field::info("beside", cx.forms().initial_beside, text))
}

/// The live initial rating of an instrument.
fn initial_of<'a>(
    file: &'a CaseFile,
    instrument: &Instrument,
) -> Option<&'a crate::domain::record::Record<Rating>> {
    file.ratings
        .iter()
        .filter(|r| r.is_live())
        .find(|r| r.body.occasion == Occasion::Initial && r.body.instrument == *instrument)
}

/// The initial scores, and for a closing rating the change in each
/// subscale scored so far.
fn beside_text(cx: &Ctx, initial: &Rating, rating: &Rating) -> String {
    let f = cx.forms();
    if rating.occasion != Occasion::Closing {
        return initial
            .scores
            .iter()
            .map(|s| format!("{}: {}", subscale(cx.lang, &s.name), s.score))
            .collect::<Vec<_>>()
            .join("\n");
    }
    let changes = compare(initial, rating);
    initial
        .scores
        .iter()
        .map(|i| {
            let name = subscale(cx.lang, &i.name);
            match changes.iter().find(|c| c.name == i.name) {
                Some(c) => {
                    let word = match c.improved {
                        Some(true) => f.better,
                        Some(false) => f.worse,
                        None => "=",
                    };
                    format!(
                        "{name:<24} {:>6} → {:>6}  {:+.1} {word}",
                        c.initial, c.closing, c.change
                    )
                }
                None => format!("{name:<24} {:>6} →", i.score),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// After a key: the comparison beside follows what is typed (the scores
/// as far as they read, the instrument and the occasion chosen).
pub fn beside_changed(form: &mut Form, cx: &Ctx, file: &CaseFile) {
    let f = cx.forms();
    let instrument = match form.choice("instrument") {
        0 => Instrument::Apq,
        1 => Instrument::Cbcl,
        _ => Instrument::Custom(form.text("custom").trim().to_string()),
    };
    let occasion =
        [Occasion::Initial, Occasion::Interim, Occasion::Closing][form.choice("occasion").min(2)];
    // Each line that reads; one being typed is left out until it does.
    let typed = lines(&form.text("scores"))
        .into_iter()
        .filter_map(|l| scores(&instrument, &l, f).ok())
        .flatten()
        .collect();
    let rating = Rating {
        instrument: instrument.clone(),
        occasion,
        date: cx.today,
        informant: String::new(),
        scores: typed,
    };
    let text = match (initial_of(file, &instrument), occasion) {
        (Some(initial), o) if o != Occasion::Initial && !editing(form, initial.seq) => {
            beside_text(cx, &initial.body, &rating)
        }
        _ => String::new(),
    };
    if let Some(field) = form.fields.iter_mut().find(|x| x.id == "beside") {
        field.kind = crate::editor::FieldKind::Info(text);
    }
}

/// Whether the form edits the rating `seq`.
fn editing(form: &Form, seq: u32) -> bool {
    matches!(form.kind, FormKind::Rating { seq: Some(s), .. } if s == seq)
}

/// `Ctrl-S`: the rating checked and written.
pub fn write(w: &Writer, form: &Form, case: &str, seq: Option<u32>) -> Written {
    let r = Read::new(form, &w.cx);
    let instrument = match form.choice("instrument") {
        0 => Instrument::Apq,
        1 => Instrument::Cbcl,
        _ => Instrument::Custom(r.required("custom")?),
    };
    let scores = scores(&instrument, &form.text("scores"), r.f)?;
    let body = Rating {
        instrument,
        occasion: [Occasion::Initial, Occasion::Interim, Occasion::Closing]
            [form.choice("occasion").min(2)],
        date: r.past_date("date")?,
        informant: form.text("informant").trim().to_string(),
        scores,
    };
    w.upsert(w.file.map(|f| &f.ratings[..]), case, seq, body)
}

/// The scores of a rating, a subscale a line (`name: score`, by its name in
/// either language or its code); a line without a score is skipped.
pub fn scores(
    instrument: &Instrument,
    text: &str,
    f: &FormText,
) -> Result<Vec<SubscaleScore>, Bad> {
    let preset: &[(&str, Better)] = match instrument {
        Instrument::Apq => &APQ_SUBSCALES,
        Instrument::Cbcl => &CBCL_SUBSCALES,
        Instrument::Custom(_) => &[],
    };
    let bad = |input: &str| {
        (
            "scores",
            fill(
                f.bad_number,
                &[("input", input), ("min", "0"), ("max", "999")],
            ),
        )
    };
    let mut scores = Vec::new();
    for line in lines(text) {
        let Some((name, value)) = line.rsplit_once(':') else {
            return Err(bad(&line));
        };
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let score = value
            .replace(',', ".")
            .parse::<f32>()
            .ok()
            .filter(|v| v.is_finite() && (0.0..=999.0).contains(v))
            .ok_or_else(|| bad(value))?;
        let name = crate::i18n::subscale_code(name);
        let better = preset
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(Better::Higher, |(_, b)| *b);
        scores.push(SubscaleScore {
            name,
            better,
            score,
        });
    }
    Ok(scores)
}

/// A change of instrument brings its subscales, as long as no score has
/// been written yet.
pub fn instrument_changed(form: &mut Form, lang: Lang) {
    if form.focused().map(|f| f.id) != Some("instrument") {
        return;
    }
    let blank = form
        .text("scores")
        .lines()
        .all(|l| l.rsplit_once(':').is_none_or(|(_, v)| v.trim().is_empty()));
    if !blank {
        return;
    }
    let names: Vec<&str> = match form.choice("instrument") {
        0 => APQ_SUBSCALES.iter().map(|(n, _)| *n).collect(),
        1 => CBCL_SUBSCALES.iter().map(|(n, _)| *n).collect(),
        _ => Vec::new(),
    };
    let text = names
        .iter()
        .map(|n| format!("{}: ", subscale(lang, n)))
        .collect::<Vec<_>>()
        .join("\n");
    form.set_text("scores", &text);
    form.cursor_to_first_answer("scores");
}
