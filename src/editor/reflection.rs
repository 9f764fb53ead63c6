//! Målreflektion — the weekly reflection on each goal (Fas 2).
//!
//! `r` opens [`form`] for this ISO week (or the week the reflections pane
//! points at): per active goal a score 0–10 and a text, the system view,
//! the child's voice and the next step. `Ctrl-S` runs [`write`]: each
//! score is checked (0–10), the week follows the date written, and a week
//! holds one reflection — another week's is never written over.

use super::read::Read;
use super::{Ctx, Fail, Field, Form, FormKind, Writer, Written};
use super::{active_goals, participants_chosen, strings};
use crate::domain::casefile::{CaseFile, live};
use crate::domain::note::{GoalScore, IsoWeek, Reflection};
use crate::domain::phase::Phase;
use crate::i18n::fill;
use chrono::{Days, NaiveDate};

/// This ISO week's reflection (or the one of `week`), one per case and week.
pub fn form(cx: &Ctx, file: &CaseFile, week: IsoWeek) -> Form {
    let f = cx.forms();
    let now = cx.now;
    let existing = file.reflection_for(week);
    let mut goals = active_goals(file);
    if let Some(r) = existing {
        // A goal scored then but no longer active keeps its place.
        for s in &r.body.scores {
            if !goals.iter().any(|(g, _)| *g == s.goal) {
                let title = file
                    .goals
                    .iter()
                    .find(|g| g.seq == s.goal)
                    .map(|g| g.body.title.clone());
                goals.push((s.goal, title.unwrap_or_else(|| format!("#{}", s.goal))));
            }
        }
    }
    let date = existing.map_or_else(|| date_for(file, week, now.date()), |r| r.body.date);
    let date = date.to_string();
    let who = existing.map_or(vec![true, false, false, false, false], |r| {
        participants_chosen(&r.body.participants)
    });
    let mut fields = vec![
        Field::date("date", f.date, &date),
        Field::multi(
            "participants",
            f.participants,
            strings(&f.participant_options),
            who,
        ),
    ];
    for (i, (seq, title)) in goals.iter().take(GOAL_SCORE_IDS.len()).enumerate() {
        let score = existing.and_then(|r| r.body.scores.iter().find(|s| s.goal == *seq));
        let short: String = title.chars().take(40).collect();
        fields.push(Field::line(
            GOAL_SCORE_IDS[i],
            &fill(f.goal_score, &[("goal", &short)]),
            &score.map(|s| s.score.to_string()).unwrap_or_default(),
        ));
        fields.push(Field::text(
            GOAL_TEXT_IDS[i],
            &fill(f.goal_text, &[("goal", &short)]),
            &score.map(|s| s.text.clone()).unwrap_or_default(),
        ));
    }
    let body = existing.map(|r| &r.body);
    fields.push(Field::text(
        "system_view",
        f.system_view,
        body.map_or("", |b| &b.system_view),
    ));
    fields.push(Field::text(
        "child_voice",
        f.child_voice,
        body.map_or("", |b| &b.child_voice),
    ));
    fields.push(Field::text(
        "next_step",
        f.next_step,
        body.map_or("", |b| &b.next_step),
    ));
    let kind = FormKind::Reflection {
        case: file.code().to_string(),
        seq: existing.map(|r| r.seq),
        year: week.year,
        week: week.week,
        goals: goals
            .iter()
            .take(GOAL_SCORE_IDS.len())
            .map(|(s, _)| *s)
            .collect(),
    };
    let focus = if goals.is_empty() {
        "system_view"
    } else {
        GOAL_SCORE_IDS[0]
    };
    Form::new(kind, cx.title(&week_title(cx, week), file), fields, focus)
}

/// The date a new reflection of `week` is given: today in this week; in
/// an earlier one, its last contact, else its Friday, and not before Fas
/// 2 began — a date of the week it is filed under, not today's week.
fn date_for(file: &CaseFile, week: IsoWeek, today: NaiveDate) -> NaiveDate {
    if IsoWeek::of(today) == week {
        return today;
    }
    let contact = (live(&file.notes).map(|n| n.date))
        .filter(|d| IsoWeek::of(*d) == week)
        .max();
    let date = contact.unwrap_or(week.monday() + Days::new(4));
    // Never before Fas 2 began, in the week it began.
    let fas2 = file.case.body.phase_began(Phase::Treatment);
    fas2.map_or(date, |began| date.max(began)).min(today)
}

/// "Målreflektion v. 41".
fn week_title(cx: &Ctx, week: IsoWeek) -> String {
    fill(
        cx.forms().reflection,
        &[("week", &format!("{} {}", cx.lang.text().week, week.week))],
    )
}

/// The title follows the week the date written falls in: the week the
/// reflection is filed under, and the week its confirmation names.
pub fn date_changed(form: &mut Form, cx: &Ctx) {
    let Ok(date) = crate::domain::dates::parse_date(&form.text("date"), cx.today) else {
        return;
    };
    let title = week_title(cx, IsoWeek::of(date));
    form.title = match form.title.split_once(" · ") {
        Some((_, case)) => format!("{title} · {case}"),
        None => title,
    };
}

/// `Ctrl-S`: the scores checked, the reflection written to its week.
pub fn write(w: &Writer, form: &Form, case: &str, seq: Option<u32>, goals: &[u32]) -> Written {
    let r = Read::new(form, &w.cx);
    let mut scores = Vec::new();
    for (i, goal) in goals.iter().enumerate() {
        let (sid, tid) = (GOAL_SCORE_IDS[i], GOAL_TEXT_IDS[i]);
        let text = form.text(tid).trim_end().to_string();
        if form.text(sid).trim().is_empty() && text.is_empty() {
            continue;
        }
        let score = r.number(sid, 0.0, 10.0)?.round() as u8;
        scores.push(GoalScore {
            goal: *goal,
            score,
            text,
        });
    }
    // The week follows the date written; a week has one reflection, so
    // another week's is opened, not overwritten.
    let date = r.past_date("date")?;
    let week = IsoWeek::of(date);
    if let Some(other) = w.file.and_then(|f| f.reflection_for(week)) {
        if Some(other.seq) != seq {
            return Err(Fail::Field(
                "date",
                fill(r.f.week_taken, &[("week", &week.week.to_string())]),
            ));
        }
    }
    let body = Reflection {
        week,
        date,
        participants: r.participants(),
        scores,
        system_view: form.text("system_view").trim_end().to_string(),
        child_voice: form.text("child_voice").trim_end().to_string(),
        next_step: form.text("next_step").trim_end().to_string(),
    };
    w.upsert(w.file.map(|f| &f.reflections[..]), case, seq, body)
}

/// Field ids for up to twelve goals in a reflection.
pub const GOAL_SCORE_IDS: [&str; 12] = [
    "score1", "score2", "score3", "score4", "score5", "score6", "score7", "score8", "score9",
    "score10", "score11", "score12",
];
pub const GOAL_TEXT_IDS: [&str; 12] = [
    "gtext1", "gtext2", "gtext3", "gtext4", "gtext5", "gtext6", "gtext7", "gtext8", "gtext9",
    "gtext10", "gtext11", "gtext12",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::Case;
    use crate::domain::record::Record;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn an_earlier_week_is_dated_in_it_and_not_before_fas_2() {
        let mut case = Case::new("2026-001", "Fam A", d("2026-09-01"));
        // Fas 2 from Saturday 2026-10-17 (week 42).
        case.phase_forward(d("2026-10-17"));
        let at = d("2026-09-01").and_hms_opt(9, 0, 0).unwrap();
        let file = CaseFile::new(Record::new("2026-001", 0, case, "ab", at));
        let today = d("2026-11-04");
        let week = |s: &str| IsoWeek::of(d(s));
        // This week: today.
        assert_eq!(date_for(&file, week("2026-11-04"), today), today);
        // An earlier week without a contact: its Friday.
        assert_eq!(date_for(&file, week("2026-10-28"), today), d("2026-10-30"));
        // Fas 2's first week: its Friday comes before Fas 2 did.
        assert_eq!(date_for(&file, week("2026-10-17"), today), d("2026-10-17"));
    }
}
