//! The editors' words, in both languages.

use super::Plural;

/// Labels, options and messages of the editors and forms.
pub struct FormText {
    /// Keys of an editor that are not in the keymap, for the help overlay.
    pub more_keys: &'static str,
    pub next_field: &'static str,
    pub prev_field: &'static str,
    pub chain_more_keys: &'static str,
    pub chain_editing: &'static str,
    /// `{title}`.
    pub saved: &'static str,
    pub leave_question: &'static str,
    /// `{time}`, `{title}`, `{n}` drafts in all.
    pub draft_offer: Plural,
    pub draft_kept: &'static str,
    pub draft_discarded: &'static str,
    /// `{input}`.
    pub bad_date: &'static str,
    /// A date of what has happened (a plan set, a rating, a closing),
    /// after today.
    pub date_ahead: &'static str,
    pub bad_time: &'static str,
    /// `{input}`, `{min}`, `{max}`.
    pub bad_number: &'static str,
    pub required: &'static str,
    pub none: &'static str,
    pub no_case: &'static str,
    // Note.
    pub note: &'static str,
    pub date: &'static str,
    pub time: &'static str,
    pub minutes: &'static str,
    pub place: &'static str,
    pub participants: &'static str,
    pub child_took_part: &'static str,
    pub child_words: &'static str,
    pub goals_touched: &'static str,
    pub text: &'static str,
    pub places: [&'static str; 7],
    pub participant_options: [&'static str; 5],
    // Reflection.
    /// `{week}`.
    pub reflection: &'static str,
    /// `{goal}`.
    /// `{week}`.
    pub week_taken: &'static str,
    pub goal_score: &'static str,
    pub goal_text: &'static str,
    pub system_view: &'static str,
    pub child_voice: &'static str,
    pub next_step: &'static str,
    // Incident.
    pub incident: &'static str,
    pub when: &'static str,
    pub where_: &'static str,
    pub present: &'static str,
    pub linked_goal: &'static str,
    pub behaviour: &'static str,
    pub chain: &'static str,
    pub could_break: &'static str,
    pub factors: &'static str,
    /// `{line}`.
    pub bad_factor: &'static str,
    /// `{line}`, `{roles}`: a person line whose role is not taken.
    pub bad_role: &'static str,
    /// `{line}`: a person line whose birth year is not a year.
    pub bad_birth_year: &'static str,
    pub factor_dropped: &'static str,
    pub plan_next: &'static str,
    pub child_account: &'static str,
    pub review_on: &'static str,
    // Case.
    pub new_case: &'static str,
    pub edit_case: &'static str,
    pub code: &'static str,
    pub family: &'static str,
    pub persons: &'static str,
    pub secretary_name: &'static str,
    pub secretary_unit: &'static str,
    pub secretary_contact: &'static str,
    pub assignment: &'static str,
    pub reasons: &'static str,
    pub reason_options: [&'static str; 13],
    pub workers: &'static str,
    pub usual_places: &'static str,
    pub start: &'static str,
    pub status: &'static str,
    pub roles: [&'static str; 4],
    /// `{code}`.
    pub case_exists: &'static str,
    pub bad_code: &'static str,
    pub not_personal_number: &'static str,
    // Plan.
    pub plan: &'static str,
    pub plan_goals: &'static str,
    pub activities: &'static str,
    pub cooperation: &'static str,
    pub child_participation: &'static str,
    pub parent_participation: &'static str,
    pub set_on: &'static str,
    pub plan_follow_up: &'static str,
    pub mapping: &'static str,
    // Goal.
    pub goal: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub origin: &'static str,
    pub origins: [&'static str; 4],
    pub area: &'static str,
    pub areas: [&'static str; 20],
    pub priority: &'static str,
    pub goal_statuses: [&'static str; 5],
    pub status_date: &'static str,
    // Rating.
    pub rating: &'static str,
    pub instrument: &'static str,
    pub instruments: [&'static str; 3],
    pub custom_name: &'static str,
    pub occasion: &'static str,
    pub occasions: [&'static str; 3],
    pub informant: &'static str,
    pub scores: &'static str,
    pub initial_beside: &'static str,
    pub better: &'static str,
    pub worse: &'static str,
    // Report and closing.
    pub report: &'static str,
    pub report_draft: &'static str,
    /// `{kind}`, `{date}`: a report registered as sent.
    pub report_registered: &'static str,
    pub period_backwards: &'static str,
    /// A closed case takes no report but its avslutsrapport.
    pub closed_takes_closing: &'static str,
    /// `{from}`, `{to}`: the draft written again for a changed period.
    pub redrafted: &'static str,
    /// `{from}`, `{to}`: asked before edits of the text are thrown away.
    pub redraft_question: &'static str,
    pub report_kind: &'static str,
    pub report_kinds: [&'static str; 3],
    pub from: &'static str,
    pub to: &'static str,
    pub sent_on: &'static str,
    pub recipient: &'static str,
    pub close: &'static str,
    pub close_on: &'static str,
    pub close_reason: &'static str,
    /// The day of the closing meeting with the social secretary.
    pub close_meeting: &'static str,
    /// A goal's outcome at closing: `{goal}`.
    pub close_outcome: &'static str,
    /// How goals end: not yet chosen, achieved, partly, not achieved,
    /// dropped.
    pub outcomes_at_close: [&'static str; 5],
    /// A goal's outcome left unchosen at closing.
    pub outcome_missing: &'static str,
    /// The note of a closing meeting registered in the closing form.
    pub close_meeting_note: &'static str,
    /// The case editor cannot close a case: the closing form does.
    pub close_with_form: &'static str,
    /// Marks an editor opened on a closed case: it only reads.
    pub read_only_mark: &'static str,
    pub case_status: [&'static str; 3],
    // Family follow-up (study 002).
    pub follow_up: &'static str,
    pub follow_up_after_closing: &'static str,
    pub outcome: &'static str,
    pub outcomes: [&'static str; 5],
    pub other_reason: &'static str,
    pub respondent: &'static str,
    pub respondents: [&'static str; 4],
    /// How the interview was held.
    pub mode: &'static str,
    /// In person, by phone.
    pub modes: [&'static str; 2],
    /// `{label}`: a field of the second person interviewed apart.
    pub second_person: &'static str,
    /// The second person's "who": none.
    pub no_second: &'static str,
    pub expectations: &'static str,
    pub had_plan: &'static str,
    pub answers: [&'static str; 3],
    /// `{n}`.
    pub worked_well: &'static str,
    pub worked_less_well: &'static str,
    pub helped: &'static str,
    pub contact_again: &'static str,
    pub comment: &'static str,
    pub child_well: &'static str,
    pub child_less: &'static str,
    pub child_comment: &'static str,
    // History.
    pub history: &'static str,
    pub history_hints: &'static str,
    pub removed: &'static str,
    /// Before when and by whom a record was first written, in the history.
    pub created: &'static str,
    /// `{kind}`, `{seq}`: the record that `Delete` removes.
    pub remove_reason: &'static str,
    /// `Delete` on an earlier version's row.
    pub remove_version: &'static str,
    /// `{n}`.
    pub versions: Plural,
    /// Each kind of record, in the order of `store::Kind::ALL`.
    pub kinds: [&'static str; 12],
    /// `{title}`: a neuter title in Swedish ("Nytt ärende sparat.").
    pub saved_neuter: &'static str,
    /// `{keys}`: a key sequence that does nothing where it was pressed
    /// (`ctrl-x a`); it was dropped, the key with it.
    pub keys_undefined: &'static str,
    /// `{n}`: a text field out of focus with more lines than it shows.
    pub more_lines: Plural,
    pub yes: &'static str,
    pub no: &'static str,
    /// `{title}` `{fields}`: an earlier version read, and the fields the
    /// edit after it changed.
    pub changed_since: &'static str,
    /// `{title}`, `{at}`, `{by}`: an earlier version, read-only.
    pub version_title: &'static str,
    pub written_title: &'static str,
    pub changed_title: &'static str,
    pub old_version: &'static str,
    /// `e` on a report read from the history.
    pub report_as_sent: &'static str,
}
