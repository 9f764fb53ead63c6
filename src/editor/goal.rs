//! Mål — a goal of the assignment: title, description, origin, BBIC area,
//! priority, the day it started and its status (active, achieved,
//! dropped). Fas 2 allows at most 20 weeks per goal (000).
//!
//! `m` opens [`form`] for a new goal; the history opens an existing one.
//! `Ctrl-S` runs [`write`]: a title is required, the priority is 1–99, and
//! an achieved or dropped goal takes the status date (today when blank).

use super::read::Read;
use super::{Ctx, Field, Form, FormKind, Writer, Written, strings};
use crate::domain::casefile::CaseFile;
use crate::domain::plan::{BbicArea, Goal, GoalOrigin, GoalStatus};

pub fn form(cx: &Ctx, file: &CaseFile, seq: Option<u32>) -> Form {
    let f = cx.forms();
    let today = cx.today;
    let g = seq
        .and_then(|s| file.goals.iter().find(|g| g.seq == s))
        .map(|r| &r.body);
    let next_priority = file.goals.iter().filter(|g| g.is_live()).count() + 1;
    let status = g.map_or(0, |g| g.status.index());
    let status_date = g
        .and_then(|g| g.status.ended_on())
        .map(|d| d.to_string())
        .unwrap_or_default();
    let origin = match g.map(|g| g.origin) {
        Some(GoalOrigin::Parent) => 1,
        Some(GoalOrigin::Child) => 2,
        Some(GoalOrigin::Worker) => 3,
        _ => 0,
    };
    let area = g
        .and_then(|g| g.area)
        .and_then(|a| BbicArea::ALL.iter().position(|x| *x == a))
        .map_or(0, |i| i + 1);
    let mut areas = vec![f.none.to_string()];
    areas.extend(strings(&f.areas));
    let fields = vec![
        Field::line("title", f.title, g.map_or("", |g| &g.title)),
        Field::text(
            "description",
            f.description,
            g.map_or("", |g| &g.description),
        ),
        Field::choice("origin", f.origin, strings(&f.origins), origin),
        Field::choice("area", f.area, areas, area),
        Field::line(
            "priority",
            f.priority,
            &g.map_or(next_priority as u8, |g| g.priority).to_string(),
        ),
        Field::date(
            "started",
            f.start,
            &g.map_or(today, |g| g.started_on).to_string(),
        ),
        Field::choice("status", f.status, strings(&f.goal_statuses), status),
        Field::date("status_date", f.status_date, &status_date),
    ];
    Form::new(
        FormKind::Goal {
            case: file.code().to_string(),
            seq,
        },
        cx.title(f.goal, file),
        fields,
        "title",
    )
}

/// `Ctrl-S`: the goal checked and written.
pub fn write(w: &Writer, form: &Form, case: &str, seq: Option<u32>) -> Written {
    let r = Read::new(form, &w.cx);
    let started_on = r.date("started")?;
    let status = match form.choice("status") {
        0 => GoalStatus::Active,
        n => GoalStatus::from_index(n, r.past_date_opt("status_date")?.unwrap_or(w.cx.today)),
    };
    let body = Goal {
        title: r.required("title")?,
        description: form.text("description").trim_end().to_string(),
        origin: [
            GoalOrigin::SocialSecretary,
            GoalOrigin::Parent,
            GoalOrigin::Child,
            GoalOrigin::Worker,
        ][form.choice("origin").min(3)],
        area: form
            .choice("area")
            .checked_sub(1)
            .and_then(|i| BbicArea::ALL.get(i).copied()),
        priority: r.number("priority", 1.0, 99.0)? as u8,
        started_on,
        status,
    };
    w.upsert(w.file.map(|f| &f.goals[..]), case, seq, body)
}
