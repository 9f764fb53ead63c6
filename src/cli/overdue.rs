//! `insats overdue`: what is late, across cases, by worker.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use chrono::NaiveDate;
use std::process::ExitCode;

use serde_json::json;

use super::output::{self, Saved, clip, mark};
use super::{Context, Fail};
use crate::domain::due::{DueItem, DueKind, DueState, Listed, tally};
use crate::domain::text::{Lines, escape};
use crate::i18n::fill;

/// A stable name for a due kind, for JSON.
pub fn kind_code(kind: &DueKind) -> &'static str {
    match kind {
        DueKind::Fas1Report => "fas1_report",
        DueKind::Fas1Step(_) => "fas1_step",
        DueKind::Fas1Length => "fas1_length",
        DueKind::ProgressReport => "progress_report",
        DueKind::Reflections(_) => "weekly_reflection",
        DueKind::GoalLimit { .. } => "goal_limit",
        DueKind::Fas3Length => "fas3_length",
        DueKind::ClosingReport => "closing_report",
        DueKind::ClosingRating => "closing_rating",
        DueKind::FollowUp => "follow_up",
        DueKind::ChildContact { .. } => "child_contact",
        DueKind::Journal { .. } => "journal",
        DueKind::Purge => "purge",
    }
}

/// Every overdue or due-soon item, by worker, latest first: borrowed from
/// the caseload, never copied (a large one flags thousands).
type Flagged<'a> = BTreeMap<&'a str, Vec<(&'a Listed, &'a DueItem)>>;

fn flagged(cases: &[Listed]) -> Flagged<'_> {
    let mut groups: Flagged = BTreeMap::new();
    for listed in cases {
        let workers = &listed.case.body.workers;
        for item in listed.items.iter().filter(|i| i.state != DueState::Ok) {
            if workers.is_empty() {
                groups.entry("").or_default().push((listed, item));
            }
            for w in workers {
                groups.entry(w).or_default().push((listed, item));
            }
        }
    }
    for list in groups.values_mut() {
        list.sort_by(|(ca, a), (cb, b)| {
            (a.state, a.due, &ca.case.case).cmp(&(b.state, b.due, &cb.case.case))
        });
    }
    groups
}

/// The caseload's overdue and due-soon items, each counted once however
/// many workers it is listed under.
fn counted(cases: &[Listed]) -> (usize, usize) {
    let mut counts = (0, 0);
    tally(&mut counts, cases.iter().flat_map(|c| &c.items));
    counts
}

pub fn overdue(ctx: &Context, as_json: bool) -> Result<ExitCode, Fail> {
    let (cases, damaged) = ctx.caseload()?;
    ctx.warn_damaged(&damaged);
    let t = ctx.text();
    let groups = flagged(&cases);
    let (overdue, soon) = counted(&cases);
    if as_json {
        let mut items = Vec::new();
        for (worker, list) in &groups {
            for (case, item) in list {
                let mut v = json!({
                    "worker": worker,
                    "case": item.case,
                    "family": case.case.body.family,
                    "kind": kind_code(&item.kind),
                    "label": t.due_label(&item.kind),
                    "due": item.due.to_string(),
                    "state": item.state,
                    "days_late": item.days_late(ctx.today),
                });
                match &item.kind {
                    DueKind::Reflections(weeks) => {
                        v["weeks"] = json!(weeks.iter().map(|w| w.to_string()).collect::<Vec<_>>())
                    }
                    DueKind::GoalLimit { goal, .. } => v["goal"] = json!(goal),
                    DueKind::Fas1Step(step) => v["step"] = json!(step),
                    _ => {}
                }
                items.push(v);
            }
        }
        let out = json!({
            "today": ctx.today.to_string(),
            "overdue": overdue,
            "due_soon": soon,
            "items": items,
        });
        output::json(
            &serde_json::to_string_pretty(&out).unwrap_or_default(),
            Saved::Nothing,
        )?;
    } else if groups.is_empty() {
        output::line(t.nothing_due, Saved::Nothing)?;
    } else {
        print_overdue(ctx, &groups, overdue, soon)?;
    }
    Ok(if overdue > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The overdue list as text, by worker.
fn print_overdue(ctx: &Context, groups: &Flagged, overdue: usize, soon: usize) -> Result<(), Fail> {
    let t = ctx.text();
    let mut page = output::Page::default();
    page.line(&fill(
        t.overdue_heading,
        &[("today", &ctx.today.to_string())],
    ));
    // A large caseload repeats its families, labels and days: each is
    // escaped, clipped and worded once.
    let mut families: HashMap<&str, String> = HashMap::new();
    for (case, _) in groups.values().flatten() {
        families
            .entry(&case.case.body.family)
            .or_insert_with_key(|f| clip(&escape(f, Lines::One), 40));
    }
    // The labels whole, as wide as the longest, so that "Familjen
    // Åkesson-Nilsson" and "Familjen Åkesson-Berg" stay apart.
    let width = families
        .values()
        .map(|f| f.chars().count())
        .max()
        .unwrap_or(0);
    let mut labels: HashMap<&DueKind, String> = HashMap::new();
    let mut lateness: HashMap<NaiveDate, String> = HashMap::new();
    let mut line = String::new();
    for (worker, list) in groups {
        page.line("");
        page.line(if worker.is_empty() {
            t.no_worker
        } else {
            worker
        });
        for (case, item) in list {
            // Escaped before clipping, so that the columns hold.
            let family = &families[case.case.body.family.as_str()];
            let label = labels
                .entry(&item.kind)
                .or_insert_with_key(|k| clip(&escape(&t.due_label(k), Lines::One), 44));
            let late = lateness
                .entry(item.due)
                .or_insert_with_key(|d| t.lateness(*d, ctx.today));
            line.clear();
            let _ = write!(
                line,
                "  {} {:<8} {:<9} {:<width$} {:<44} {} ({})",
                mark(item.state),
                t.state(item.state),
                item.case,
                family,
                label,
                item.due,
                late,
            );
            page.line(&line);
        }
    }
    page.line("");
    page.line(&fill(
        t.overdue_counts,
        &[
            ("overdue", &overdue.to_string()),
            ("soon", &soon.to_string()),
        ],
    ));
    page.write(Saved::Nothing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::Case;
    use crate::domain::record::Record;

    fn listed(code: &str, workers: &[&str], states: &[DueState]) -> Listed {
        let start: NaiveDate = "2026-01-05".parse().unwrap();
        let mut case = Case::new(code, "Fam", start);
        case.workers = workers.iter().map(|w| w.to_string()).collect();
        let at = start.and_hms_opt(9, 0, 0).unwrap();
        let items = states
            .iter()
            .enumerate()
            .map(|(i, &state)| DueItem {
                case: code.into(),
                kind: DueKind::GoalLimit {
                    goal: i as u32,
                    title: String::new(),
                },
                due: start + chrono::Duration::days(i as i64),
                state,
            })
            .collect();
        Listed {
            case: Record::new(code, 0, case, "AS", at),
            items,
        }
    }

    /// An item of a case with two workers is listed under each, and
    /// counted once; a case with no worker is listed under none; an item
    /// not due is neither.
    #[test]
    fn an_item_is_listed_under_each_worker_and_counted_once() {
        use DueState::{DueSoon, Ok, Overdue};
        let cases = [
            listed("A", &["AS", "JK"], &[Overdue, DueSoon, Ok]),
            listed("B", &[], &[Overdue, Ok]),
            listed("C", &["JK"], &[DueSoon, DueSoon]),
        ];
        let groups = flagged(&cases);
        let sizes: Vec<(&str, usize)> = groups.iter().map(|(w, l)| (*w, l.len())).collect();
        assert_eq!(sizes, vec![("", 1), ("AS", 2), ("JK", 4)]);
        // Overdue first, then by day and case.
        let jk: Vec<(&str, DueState)> = groups["JK"]
            .iter()
            .map(|(c, i)| (c.case.case.as_str(), i.state))
            .collect();
        assert_eq!(
            jk,
            vec![
                ("A", Overdue),
                ("C", DueSoon),
                ("A", DueSoon),
                ("C", DueSoon)
            ]
        );
        assert_eq!(counted(&cases), (2, 3));
    }
}
