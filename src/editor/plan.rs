//! Genomförandeplan (BBIC) — the implementation plan, one per case, and
//! the mapping of risk and protective factors (kartläggning).
//!
//! `p` opens [`form`]: the plan's goals (one a line), activities (`what |
//! goal | responsible | when | how`), cooperation, how the child and the
//! parents took part, the day it was set, how it is followed up, and the
//! mapping as `R: …` / `S: …` lines. `Ctrl-S` runs [`write`]: a goal line
//! that names no goal of the case becomes one, in the plan's order; new
//! mapping lines become factors and lines taken away are marked removed;
//! the plan keeps its earlier version.

use super::parse::{lines, parse_factors};
use super::read::Read;
use super::{Ctx, Fail, Field, Form, FormKind, Saved, Writer, Written, active_goals};
use crate::domain::casefile::CaseFile;
use crate::domain::plan::factor_line;
use crate::domain::plan::{
    Activity, Factor, FactorKind, FactorSource, Goal, GoalOrigin, GoalStatus, Plan,
};
use crate::domain::record::Record;
use crate::store::StoreError;

/// The case's mapped factors (kartläggning) as lines `R: …` / `S: …`.
pub fn mapping_lines(file: &CaseFile) -> String {
    file.factors
        .iter()
        .filter(|x| x.is_live() && x.body.source == FactorSource::Mapping)
        .map(|x| factor_line(&x.body))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn form(cx: &Ctx, file: &CaseFile) -> Form {
    let f = cx.forms();
    let p = file.plan.as_ref().map(|r| &r.body);
    let activities = p
        .map(|p| {
            p.activities
                .iter()
                .map(|a| {
                    format!(
                        "{} | {} | {} | {} | {}",
                        a.what, a.goal, a.responsible, a.when, a.how
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default();
    let goals = match p {
        Some(p) => p.goals.join("\n"),
        None => active_goals(file)
            .into_iter()
            .map(|(_, t)| t)
            .collect::<Vec<_>>()
            .join("\n"),
    };
    let fields = vec![
        Field::text("goals", f.plan_goals, &goals),
        Field::text("activities", f.activities, &activities),
        Field::text(
            "cooperation",
            f.cooperation,
            p.map_or("", |p| &p.cooperation),
        ),
        Field::text(
            "child",
            f.child_participation,
            p.map_or("", |p| &p.child_participation),
        ),
        Field::text(
            "parents",
            f.parent_participation,
            p.map_or("", |p| &p.parent_participation),
        ),
        Field::date(
            "set_on",
            f.set_on,
            // Blank until the plan is set (fastställd): the step follows it.
            &p.and_then(|p| p.set_on)
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
        Field::text(
            "follow_up",
            f.plan_follow_up,
            p.map_or("", |p| &p.follow_up),
        ),
        Field::text("mapping", f.mapping, &mapping_lines(file)),
    ];
    Form::new(
        FormKind::Plan {
            case: file.code().to_string(),
        },
        cx.title(f.plan, file),
        fields,
        "goals",
    )
}

/// The activities, one a line: `what | goal | responsible | when | how`.
/// The goal may be given by its number in the plan's goals (`2` or `#2`),
/// so that its name is not typed again.
fn activities(text: &str, goals: &[String]) -> Vec<Activity> {
    let goal_named = |g: String| {
        let n = g.trim_start_matches('#').parse::<usize>().ok();
        match n.and_then(|n| goals.get(n.checked_sub(1)?)) {
            Some(title) => title.clone(),
            None => g,
        }
    };
    (lines(text).iter())
        .map(|l| {
            let mut p = l.split('|').map(|x| x.trim().to_string());
            let mut next = || p.next().unwrap_or_default();
            Activity {
                what: next(),
                goal: goal_named(next()),
                responsible: next(),
                when: next(),
                how: next(),
            }
        })
        .collect()
}

/// `Ctrl-S`: the plan, the goals it names and the mapping written.
pub fn write(w: &Writer, form: &Form, case: &str) -> Written {
    let r = Read::new(form, &w.cx);
    let goals = lines(&form.text("goals"));
    let activities = activities(&form.text("activities"), &goals);
    let body = Plan {
        goals,
        activities,
        cooperation: form.text("cooperation").trim_end().to_string(),
        child_participation: form.text("child").trim_end().to_string(),
        parent_participation: form.text("parents").trim_end().to_string(),
        set_on: r.past_date_opt("set_on")?,
        follow_up: form.text("follow_up").trim_end().to_string(),
    };
    // Checked before anything is written: a bad mapping line writes nothing.
    let wanted =
        parse_factors(&form.text("mapping"), r.f).map_err(|m| Fail::Field("mapping", m))?;
    let (by, now) = (w.cx.worker, w.cx.now);
    if let Some(file) = w.file {
        add_goals(w, file, case, &body.goals)?;
    }
    let record = match w.file.and_then(|f| f.plan.clone()) {
        Some(mut rec) => {
            rec.edit(body, by, now);
            rec
        }
        None => Record::new(case, 0, body, by, now),
    };
    if let Some(file) = w.file {
        write_mapping(w, file, case, &wanted)?;
    }
    w.store.put_clearing(&record, Some(&w.draft))?;
    Ok(Saved {
        case: case.to_string(),
        seq: None,
        message: None,
    })
}

/// The plan's goals are the case's goals: a line that names no goal yet
/// becomes one, in the plan's order (000: the plan sets the order of the
/// social secretary's goals).
fn add_goals(w: &Writer, file: &CaseFile, case: &str, titles: &[String]) -> Result<(), StoreError> {
    let known: Vec<String> = file
        .goals
        .iter()
        .filter(|g| g.is_live())
        .map(|g| g.body.title.to_lowercase())
        .collect();
    let mut priority = file.goals.iter().filter(|g| g.is_live()).count() as u8;
    for title in titles {
        if !known.contains(&title.to_lowercase()) {
            priority = priority.saturating_add(1);
            let goal = Goal {
                title: title.clone(),
                description: String::new(),
                origin: GoalOrigin::SocialSecretary,
                area: None,
                priority,
                started_on: w.cx.today,
                status: GoalStatus::Active,
            };
            w.store.add(case, goal, w.cx.worker, w.cx.now)?;
        }
    }
    Ok(())
}

/// The mapping's factors: new lines are added, lines taken away are
/// marked removed (they stay readable).
fn write_mapping(
    w: &Writer,
    file: &CaseFile,
    case: &str,
    wanted: &[(FactorKind, String)],
) -> Result<(), StoreError> {
    let (by, now) = (w.cx.worker, w.cx.now);
    let mapped: Vec<&Record<Factor>> = file
        .factors
        .iter()
        .filter(|x| x.is_live() && x.body.source == FactorSource::Mapping)
        .collect();
    for (kind, text) in wanted {
        if !mapped
            .iter()
            .any(|x| x.body.kind == *kind && x.body.text == *text)
        {
            let body = Factor {
                kind: *kind,
                text: text.clone(),
                area: None,
                noted_on: w.cx.today,
                source: FactorSource::Mapping,
            };
            w.store.add(case, body, by, now)?;
        }
    }
    for old in mapped {
        if !wanted
            .iter()
            .any(|(k, t)| old.body.kind == *k && old.body.text == *t)
        {
            let mut old = old.clone();
            old.remove(w.cx.forms().mapping, by, now);
            w.store.put(&old)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::activities;

    #[test]
    fn an_activity_names_its_goal_by_number_or_in_words() {
        let goals = vec!["Lugnare kvällar".to_string(), "Skolgång".to_string()];
        let got = activities(
            "Kvällsrutin | 1 | Mamma | varje kväll | schema\nSamtal | #2 | AS\nÖvrigt | 7\nMöte | Skolgång",
            &goals,
        );
        let named: Vec<&str> = got.iter().map(|a| a.goal.as_str()).collect();
        assert_eq!(named, ["Lugnare kvällar", "Skolgång", "7", "Skolgång"]);
        assert_eq!(
            (got[0].responsible.as_str(), got[0].how.as_str()),
            ("Mamma", "schema")
        );
    }
}
