//! The words of the phase checklist: which record completed a step, hand
//! checks, the status lines of Fas 2's recurring duties, and closing — in
//! both languages.

use crate::domain::rating::Occasion;
use crate::domain::report::ReportKind;
use crate::domain::steps::Evidence;

pub struct StepText {
    /// What completed a step, in [`Evidence`] order (ratings and reports
    /// by their kind below).
    pub first_note: &'static str,
    pub plan: &'static str,
    pub mapping: &'static str,
    /// Ratings: initial, interim, closing.
    pub ratings: [&'static str; 3],
    /// Reports: Fas 1, progress, closing.
    pub reports: [&'static str; 3],
    pub network_note: &'static str,
    pub new_goal: &'static str,
    pub meeting_note: &'static str,
    pub follow_up: &'static str,
    /// Marks a step checked by hand, in the checklist.
    pub hand_mark: &'static str,
    /// `{step}`, `{date}`, `{what}`.
    pub done_by_record: &'static str,
    /// `{step}`.
    pub recurs: &'static str,
    /// `{what}`.
    pub date_from_record: &'static str,
    /// Asked when a step a record would complete is checked by hand.
    pub prompt_reason: &'static str,
    /// Asked when a step is checked by hand.
    pub prompt_note: &'static str,
    pub reason_required: &'static str,
    /// `{step}`, `{date}`, `{note}`.
    pub checked_by_hand: &'static str,
    /// Status lines. `{week}`.
    pub reflections_last: &'static str,
    pub reflections_none: &'static str,
    /// `{week}`, `{date}`: this week's reflection, due on its Sunday.
    pub reflections_this_week: &'static str,
    /// `{weeks}`.
    pub reflections_missing: &'static str,
    /// `{n}`, `{date}`.
    pub incidents_count: &'static str,
    pub incidents_none: &'static str,
    pub method_bank: &'static str,
    /// `{date}`.
    pub report_sent: &'static str,
    pub report_none: &'static str,
    /// `{date}`.
    pub report_next: &'static str,
    /// `{date}`, `{reason}`.
    pub closed: &'static str,
    /// A step the Enter key cannot open an editor for.
    pub nothing_to_open: &'static str,
    /// The recurring duties' short names: reflections, incident analyses,
    /// method bank, progress report.
    pub duties: [&'static str; 4],
    /// Weekday names, Monday first, short.
    pub weekdays: [&'static str; 7],
}

impl StepText {
    /// What completed a step, in words.
    pub fn evidence(&self, e: Evidence) -> &'static str {
        match e {
            Evidence::FirstNote => self.first_note,
            Evidence::Plan => self.plan,
            Evidence::Mapping => self.mapping,
            Evidence::Rating(o) => self.ratings[occasion_index(o)],
            Evidence::Report(k) => self.reports[k as usize],
            Evidence::NetworkNote => self.network_note,
            Evidence::NewGoal => self.new_goal,
            Evidence::MeetingNote => self.meeting_note,
            Evidence::FollowUp => self.follow_up,
        }
    }
}

fn occasion_index(o: Occasion) -> usize {
    match o {
        Occasion::Initial => 0,
        Occasion::Interim => 1,
        Occasion::Closing => 2,
    }
}

// The report kinds index `reports` by their order.
const _: () = assert!(ReportKind::Closing as usize == 2);

pub const SV: StepText = StepText {
    first_note: "första anteckningen",
    plan: "planen fastställd",
    mapping: "kartläggningen",
    ratings: [
        "första skattningen",
        "skattningen",
        "avslutande skattningen",
    ],
    reports: ["Fas 1-rapporten", "lägesrapporten", "avslutsrapporten"],
    network_note: "anteckning med nätverket",
    new_goal: "nytt mål i Fas 3",
    meeting_note: "anteckning med socialsekreteraren",
    follow_up: "uppföljningen",
    hand_mark: "✎",
    done_by_record: "{step}: klar {date} genom {what}. Ta bort posten i historiken (h) för att ångra.",
    recurs: "{step} återkommer och följer av det som skrivs; inget att bocka av.",
    date_from_record: "Datumet följer av {what}.",
    prompt_reason: "Gjort utanför insats, varför",
    prompt_note: "Anteckning (valfri)",
    reason_required: "Skriv kort varför (gjort utanför insats).",
    checked_by_hand: "{step}: bockad för hand {date} ({note}).",
    reflections_last: "senast {week}",
    reflections_none: "ingen ännu",
    reflections_this_week: "{week} senast {date}",
    reflections_missing: "saknas {weeks}",
    incidents_count: "{n} st, senast {date}",
    incidents_none: "inga ännu",
    method_bank: "KBT · MI · F-KBT · rePULSE",
    report_sent: "skickad {date}",
    report_none: "ingen skickad",
    report_next: "nästa senast {date}",
    closed: "Avslutad {date}: {reason}",
    nothing_to_open: "Metodbanken är en resurs, inget att skriva här.",
    duties: [
        "Målreflektioner",
        "Händelseanalyser",
        "Metodbank",
        "Lägesrapport",
    ],
    weekdays: ["mån", "tis", "ons", "tor", "fre", "lör", "sön"],
};

pub const EN: StepText = StepText {
    first_note: "the first note",
    plan: "the plan, set",
    mapping: "the mapping",
    ratings: ["the initial rating", "the rating", "the closing rating"],
    reports: [
        "the Fas 1 report",
        "the progress report",
        "the closing report",
    ],
    network_note: "a note with the network",
    new_goal: "a new goal in Fas 3",
    meeting_note: "a note with the social secretary",
    follow_up: "the follow-up",
    hand_mark: "✎",
    done_by_record: "{step}: done {date} by {what}. Remove that record in the history (h) to undo.",
    recurs: "{step} recurs and follows from what is written; nothing to check.",
    date_from_record: "The date follows from {what}.",
    prompt_reason: "Done outside insats, why",
    prompt_note: "Note (optional)",
    reason_required: "Say briefly why (done outside insats).",
    checked_by_hand: "{step}: checked by hand {date} ({note}).",
    reflections_last: "latest {week}",
    reflections_none: "none yet",
    reflections_this_week: "{week} by {date}",
    reflections_missing: "missing {weeks}",
    incidents_count: "{n}, latest {date}",
    incidents_none: "none yet",
    method_bank: "CBT · MI · F-CBT · rePULSE",
    report_sent: "sent {date}",
    report_none: "none sent",
    report_next: "next by {date}",
    closed: "Closed {date}: {reason}",
    nothing_to_open: "The method bank is a resource; nothing to write here.",
    duties: [
        "Goal reflections",
        "Incident analyses",
        "Method bank",
        "Progress report",
    ],
    weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
};
