//! Due dates and overdue flags. Pure: `today` and the rule
//! settings are parameters, nothing here reads a clock.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::case::{Case, CaseStatus};
use super::casefile::CaseFile;
use super::journal::JournalKinds;
use super::note::IsoWeek;
use super::phase::{Phase, Step};
use super::record::Record;
use super::steps::step_done;

/// The numbers of the due-date rules; every one can be set in `[rules]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rules {
    /// An item is due soon when due within this many days.
    pub due_soon_days: u32,
    /// Fas 1 lasts 3–6 weeks (000): its report, steps and length.
    pub fas1_weeks: u32,
    /// A behandlingsrapport every 6 weeks in Fas 2 and 3 (000).
    pub report_weeks: u32,
    /// Fas 2: at most 20 weeks per goal (000).
    pub goal_weeks: u32,
    /// Fas 3 lasts 6–8 weeks (000).
    pub fas3_weeks: u32,
    /// The family follow-up, days after closing (002).
    pub follow_up_days: u32,
    /// Weeks without the child in any note before the case is flagged (002).
    pub child_contact_weeks: u32,
    /// A note is entered into the journal within this many days of its date.
    pub journal_days: u32,
    /// The kinds of record owed to the journal: notes, by default.
    pub journal_kinds: JournalKinds,
    /// A closed case's working notes are removed this many days after its
    /// closing, once it owes nothing (021).
    pub purge_days: u32,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            due_soon_days: 7,
            fas1_weeks: 6,
            report_weeks: 6,
            goal_weeks: 20,
            fas3_weeks: 8,
            follow_up_days: 14,
            child_contact_weeks: 6,
            journal_days: 3,
            journal_kinds: JournalKinds::default(),
            purge_days: 90,
        }
    }
}

impl Rules {
    /// The first number outside what the rules can mean (a Fas of 0 weeks,
    /// a follow-up four thousand million days on): its key, its value and
    /// the range it must be in.
    pub fn out_of_range(&self) -> Option<(&'static str, u32, std::ops::RangeInclusive<u32>)> {
        [
            ("due_soon_days", self.due_soon_days, 0..=60),
            ("fas1_weeks", self.fas1_weeks, 1..=26),
            ("report_weeks", self.report_weeks, 1..=26),
            ("goal_weeks", self.goal_weeks, 1..=104),
            ("fas3_weeks", self.fas3_weeks, 1..=52),
            ("follow_up_days", self.follow_up_days, 1..=365),
            ("child_contact_weeks", self.child_contact_weeks, 1..=52),
            ("journal_days", self.journal_days, 0..=60),
        ]
        .into_iter()
        .find(|(_, value, range)| !range.contains(value))
    }
}

/// How urgent a due item is; the order is worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueState {
    Overdue,
    DueSoon,
    Ok,
}

/// What is due.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueKind {
    /// The behandlingsrapport that closes Fas 1.
    Fas1Report,
    /// A Fas 1 step: the plan, the mapping or the first rating.
    Fas1Step(Step),
    /// Fas 1 has lasted its weeks: time to move to Fas 2.
    Fas1Length,
    /// Lägesrapport in Fas 2 and 3.
    ProgressReport,
    /// The weekly goal reflections missing, by ISO week.
    Reflections(Vec<IsoWeek>),
    /// A goal past its 20 weeks.
    GoalLimit { goal: u32, title: String },
    /// Fas 3 has lasted its weeks: time to close.
    Fas3Length,
    /// Avslutsrapport.
    ClosingReport,
    /// Avslutande skattning.
    ClosingRating,
    /// Avslutsuppföljning with the family.
    FollowUp,
    /// No note with the child for too long (barnperspektivet, 002).
    ChildContact { last: Option<NaiveDate> },
    /// Records not yet entered into the journal: how many, the oldest's date.
    Journal { count: usize, oldest: NaiveDate },
    /// A closed case that owes nothing: its working notes to be removed.
    Purge,
}

/// One thing due for a case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DueItem {
    pub case: String,
    pub kind: DueKind,
    pub due: NaiveDate,
    pub state: DueState,
}

impl DueItem {
    /// Days past the due date; negative while it is still ahead.
    pub fn days_late(&self, today: NaiveDate) -> i64 {
        (today - self.due).num_days()
    }
}

fn plus_weeks(d: NaiveDate, weeks: u32) -> NaiveDate {
    plus_days(d, weeks * 7)
}

fn plus_days(d: NaiveDate, days: u32) -> NaiveDate {
    d.checked_add_days(Days::new(days.into()))
        .unwrap_or(NaiveDate::MAX)
}

/// The state of an undone item due on `due`.
pub fn state_of(due: NaiveDate, today: NaiveDate, rules: &Rules) -> DueState {
    if due < today {
        DueState::Overdue
    } else if due <= plus_days(today, rules.due_soon_days) {
        DueState::DueSoon
    } else {
        DueState::Ok
    }
}

/// Every item still to do for a case, worst first, then by due date.
///
/// Done items are not listed. A closed case owes only its follow-up, its
/// journal and, once it owes neither, the removal of its notes; a
/// paused one owes no weekly reflections and no child contact while paused.
pub fn due_items(file: &CaseFile, today: NaiveDate, rules: &Rules) -> Vec<DueItem> {
    let case = &file.case.body;
    let mut due = Due {
        case: &case.code,
        today,
        rules,
        items: Vec::new(),
    };
    if case.status == CaseStatus::Closed {
        if let Some(closing) = &case.closing
            && step_done(file, Step::FamilyFollowUp).is_none()
        {
            due.push(
                DueKind::FollowUp,
                plus_days(closing.on, rules.follow_up_days),
            );
        }
        // What the journal is owed stays owed after closing.
        journal(file, &mut due);
        if let Some(closing) = &case.closing
            && due.items.is_empty()
        {
            due.push(DueKind::Purge, plus_days(closing.on, rules.purge_days));
        }
        return sorted(due.items);
    }
    fas1(file, &mut due);
    progress_report(file, &mut due);
    // Fas 2's weeks stay owed after a pause or the move to Fas 3.
    reflections(file, &mut due);
    goal_limits(file, &mut due);
    if case.phase() == Phase::Generalising {
        fas3(file, &mut due);
    }
    if case.status == CaseStatus::Active {
        child_contact(file, &mut due);
    }
    journal(file, &mut due);
    sorted(due.items)
}

/// The records not yet entered into the journal: one item, due
/// `journal_days` after the oldest's date.
fn journal(file: &CaseFile, due: &mut Due) {
    let owed = super::journal::owed(file, due.rules.journal_kinds);
    if let Some(oldest) = owed.first().map(|o| o.date) {
        let kind = DueKind::Journal {
            count: owed.len(),
            oldest,
        };
        due.push(kind, plus_days(oldest, due.rules.journal_days));
    }
}

/// The items of one case as they are found.
struct Due<'a> {
    case: &'a str,
    today: NaiveDate,
    rules: &'a Rules,
    items: Vec<DueItem>,
}

impl Due<'_> {
    fn push(&mut self, kind: DueKind, due: NaiveDate) {
        let state = state_of(due, self.today, self.rules);
        self.items.push(DueItem {
            case: self.case.to_string(),
            kind,
            due,
            state,
        });
    }
}

/// Fas 1: its report, its steps, its length — all six weeks from the start.
fn fas1(file: &CaseFile, due: &mut Due) {
    let case = &file.case.body;
    let fas1_due = plus_weeks(case.start, due.rules.fas1_weeks);
    if step_done(file, Step::Fas1Report).is_none() {
        due.push(DueKind::Fas1Report, fas1_due);
    }
    for step in [
        Step::ImplementationPlan,
        Step::InitialMapping,
        Step::FirstRating,
    ] {
        if step_done(file, step).is_none() {
            due.push(DueKind::Fas1Step(step), fas1_due);
        }
    }
    if case.phase() == Phase::Initial {
        due.push(DueKind::Fas1Length, fas1_due);
    }
}

/// The lägesrapport, six weeks after the last report sent (or the start
/// of Fas 2), until the avslutsrapport is sent in Fas 3.
fn progress_report(file: &CaseFile, due: &mut Due) {
    if let Some(on) = progress_report_due(file, due.rules) {
        due.push(DueKind::ProgressReport, on);
    }
}

/// When the next lägesrapport is due: six weeks after the last report
/// sent, or after the start of Fas 2; none in Fas 1, none once the
/// avslutsrapport is sent.
pub fn progress_report_due(file: &CaseFile, rules: &Rules) -> Option<NaiveDate> {
    let case = &file.case.body;
    let phase = case.phase();
    let closing_sent = step_done(file, Step::ClosingReport).is_some();
    if case.is_closed() || phase == Phase::Initial || (phase == Phase::Generalising && closing_sent)
    {
        return None;
    }
    let fas2_start = case
        .phase_began(Phase::Treatment)
        .or(case.phase_began(Phase::Generalising))
        .unwrap_or(case.start);
    let base = file
        .last_report_sent()
        .map_or(fas2_start, |sent| sent.max(fas2_start));
    Some(plus_weeks(base, rules.report_weeks))
}

/// The weeks of Fas 2 without a reflection: the weeks whose Sunday has
/// passed are late together, one item that names them; this week's is due
/// soon on its own (during its week, whatever the warning window), never
/// marked late with them on its own Sunday.
fn reflections(file: &CaseFile, due: &mut Due) {
    let Some(missing) = missing_reflection_weeks(file, due.today) else {
        return;
    };
    let today = due.today;
    let (late, this): (Vec<IsoWeek>, Vec<IsoWeek>) =
        missing.into_iter().partition(|w| w.sunday() < today);
    for (weeks, state) in [(late, DueState::Overdue), (this, DueState::DueSoon)] {
        if let Some(first) = weeks.first() {
            due.items.push(DueItem {
                case: due.case.to_string(),
                due: first.sunday(),
                kind: DueKind::Reflections(weeks),
                state,
            });
        }
    }
}

/// Fas 2 allows at most 20 weeks per goal (000, Fas 2).
fn goal_limits(file: &CaseFile, due: &mut Due) {
    for goal in file
        .goals
        .iter()
        .filter(|g| g.is_live() && g.body.is_active())
    {
        due.push(
            DueKind::GoalLimit {
                goal: goal.seq,
                title: goal.body.title.clone(),
            },
            plus_weeks(goal.body.started_on, due.rules.goal_weeks),
        );
    }
}

/// Fas 3: its length, the avslutsrapport and the closing rating, all
/// eight weeks from its start.
fn fas3(file: &CaseFile, due: &mut Due) {
    let case = &file.case.body;
    let fas3_start = case.phase_began(Phase::Generalising).unwrap_or(case.start);
    let fas3_due = plus_weeks(fas3_start, due.rules.fas3_weeks);
    due.push(DueKind::Fas3Length, fas3_due);
    if step_done(file, Step::ClosingReport).is_none() {
        due.push(DueKind::ClosingReport, fas3_due);
    }
    if step_done(file, Step::ClosingRating).is_none() {
        due.push(DueKind::ClosingRating, fas3_due);
    }
}

/// The child seen within six weeks (the child's perspective, 002).
fn child_contact(file: &CaseFile, due: &mut Due) {
    let case = &file.case.body;
    let last = file.last_child_contact();
    // A pause stops the clock: it runs again from the day the case resumed.
    let resumed = pause_periods(file)
        .into_iter()
        .filter_map(|(_, end)| end)
        .max();
    let base = last
        .map_or(case.start, |l| l.max(case.start))
        .max(resumed.unwrap_or(case.start));
    due.push(
        DueKind::ChildContact { last },
        plus_weeks(base, due.rules.child_contact_weeks),
    );
}

/// The ISO weeks of Fas 2 up to and including `today`'s (or, once in Fas
/// 3, its last week's) that have no reflection, oldest first; None when
/// none is missing. A week paused from Monday to Sunday owes nothing; a
/// week missed before a pause, or before Fas 3, stays owed.
pub fn missing_reflection_weeks(file: &CaseFile, today: NaiveDate) -> Option<Vec<IsoWeek>> {
    let case = &file.case.body;
    let start = case.phase_began(Phase::Treatment)?;
    let end = match case.phase() {
        Phase::Treatment => today,
        Phase::Generalising => case
            .phase_began(Phase::Generalising)?
            .pred_opt()?
            .min(today),
        Phase::Initial => return None,
    };
    if start > end {
        return None;
    }
    let last = IsoWeek::of(end);
    let mut week = IsoWeek::of(start);
    let mut missing = Vec::new();
    let pauses = pause_periods(file);
    // A week the case was paused for from Monday to Sunday owes nothing.
    let paused = |w: IsoWeek| {
        pauses
            .iter()
            .any(|(from, to)| *from <= w.monday() && to.is_none_or(|to| to >= w.sunday()))
    };
    while week <= last {
        let closed = file.reflection_for(week).is_some() || file.no_contact_for(week).is_some();
        if !closed && !paused(week) {
            missing.push(week);
        }
        week = week.next();
    }
    (!missing.is_empty()).then_some(missing)
}

/// When the case was paused: from the day the status became paused to the
/// day it changed again (open while it still is). Read from the case
/// record's own history, where every change of status is kept.
pub fn pause_periods(file: &CaseFile) -> Vec<(NaiveDate, Option<NaiveDate>)> {
    let record = &file.case;
    // Each version with the day it was written, oldest first.
    let mut versions: Vec<(CaseStatus, NaiveDate)> = record
        .history
        .iter()
        .map(|v| (v.body.status, v.at.date()))
        .collect();
    versions.push((record.body.status, record.meta.updated_at.date()));
    let mut periods = Vec::new();
    let mut open: Option<NaiveDate> = None;
    for (status, on) in versions {
        match (status == CaseStatus::Paused, open) {
            (true, None) => open = Some(on),
            (false, Some(from)) => {
                periods.push((from, Some(on)));
                open = None;
            }
            _ => {}
        }
    }
    if let Some(from) = open {
        periods.push((from, None));
    }
    periods
}

fn sorted(mut items: Vec<DueItem>) -> Vec<DueItem> {
    items.sort_by_key(|i| (i.state, i.due));
    items
}

/// A case as the case list and the overdue view read it on a day: its
/// record as far as they read it ([`super::summary::listed_case`]) and
/// every due item of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Listed {
    pub case: Record<Case>,
    pub items: Vec<DueItem>,
}

impl Listed {
    pub fn of(file: &CaseFile, today: NaiveDate, rules: &Rules) -> Listed {
        Listed {
            case: super::summary::listed_case(&file.case),
            items: due_items(file, today, rules),
        }
    }
}

/// Adds the overdue and due-soon items among `items` to `counts` (the
/// status bar's and `insats overdue`'s counts).
pub fn tally<'a>(counts: &mut (usize, usize), items: impl IntoIterator<Item = &'a DueItem>) {
    for item in items {
        match item.state {
            DueState::Overdue => counts.0 += 1,
            DueState::DueSoon => counts.1 += 1,
            DueState::Ok => {}
        }
    }
}

/// The worst state among items, Ok when there are none.
pub fn worst(items: &[DueItem]) -> DueState {
    items.iter().map(|i| i.state).min().unwrap_or(DueState::Ok)
}

#[cfg(test)]
#[path = "due_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "due_week_tests.rs"]
mod week_tests;
