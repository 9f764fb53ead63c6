//! The text catalogues: every visible string, in Swedish and in English.
//! A catalogue is a struct, so a string missing in one language is a
//! compile error, not a blank on the screen.

pub mod command_line;
pub mod confirm;
pub mod details;
mod en;
pub mod forms;
mod forms_en;
mod forms_sv;
pub mod journal;
pub mod purge;
pub mod report;
pub mod safety;
pub mod steps;
mod sv;
pub mod waiting;

use chrono::NaiveDate;

use crate::action::{Action, KeyContext};
use crate::domain::due::{DueKind, DueState};
use crate::domain::phase::{Phase, Step};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Sv,
    En,
}

impl Lang {
    /// `sv` or `en`, as `--lang` and the configuration say it.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_lowercase().as_str() {
            "sv" | "svenska" | "swedish" => Some(Lang::Sv),
            "en" | "english" | "engelska" => Some(Lang::En),
            _ => None,
        }
    }

    /// `sv` or `en`, read back by [`Lang::from_code`].
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    /// The language a `LANG` value asks for: Swedish when it starts with
    /// `sv`, English otherwise.
    pub fn from_locale(lang: Option<&str>) -> Lang {
        match lang {
            Some(l) if l.starts_with("sv") => Lang::Sv,
            _ => Lang::En,
        }
    }

    pub fn text(self) -> &'static Text {
        match self {
            Lang::Sv => &sv::TEXT,
            Lang::En => &en::TEXT,
        }
    }

    /// The words of report drafts and statistics.
    pub fn report(self) -> &'static report::ReportText {
        match self {
            Lang::Sv => &report::SV,
            Lang::En => &report::EN,
        }
    }

    /// The checklist's words: steps done, duties, closing.
    pub fn steps(self) -> &'static steps::StepText {
        match self {
            Lang::Sv => &steps::SV,
            Lang::En => &steps::EN,
        }
    }

    /// The words about the user's data: backups, a damaged store, a full
    /// disk, input and output that cannot be taken.
    pub fn data(self) -> &'static DataText {
        match self {
            Lang::Sv => &sv::DATA,
            Lang::En => &en::DATA,
        }
    }

    /// The words of the screen's safeguards: control characters, a full
    /// disk, the text written to a file.
    pub fn safety(self) -> &'static safety::SafetyText {
        match self {
            Lang::Sv => &safety::SV,
            Lang::En => &safety::EN,
        }
    }

    /// The command line's help headings and usage errors.
    pub fn command_line(self) -> &'static command_line::CommandLineText {
        match self {
            Lang::Sv => &command_line::SV,
            Lang::En => &command_line::EN,
        }
    }

    /// The editors' words.
    pub fn forms(self) -> &'static forms::FormText {
        match self {
            Lang::Sv => &forms_sv::FORMS,
            Lang::En => &forms_en::FORMS,
        }
    }

    /// What `action` does, in a few words: "new note".
    pub fn describe(self, action: Action) -> &'static str {
        match self {
            Lang::Sv => sv::describe(action),
            Lang::En => en::describe(action),
        }
    }

    /// Where a key is pressed, in words: "Case list".
    pub fn context_name(self, ctx: KeyContext) -> &'static str {
        match self {
            Lang::Sv => sv::context_name(ctx),
            Lang::En => en::context_name(ctx),
        }
    }
}

/// One language's strings. `{name}` marks where [`fill`] puts a value.
pub struct Text {
    /// "Fas 1" — short phase names, by phase number − 1.
    pub phase_short: [&'static str; 3],
    /// "Inledande arbete" — the programme's phase titles.
    pub phase_titles: [&'static str; 3],
    /// The programme's steps, in [`Step`] order.
    pub steps: [&'static str; 15],
    pub state_overdue: &'static str,
    pub state_due_soon: &'static str,
    pub state_ok: &'static str,
    pub due_fas1_report: &'static str,
    pub due_fas1_length: &'static str,
    pub due_progress_report: &'static str,
    /// `{weeks}`: the missing ISO weeks.
    pub due_reflections: &'static str,
    /// `{title}`: the goal.
    pub due_goal_limit: &'static str,
    pub due_fas3_length: &'static str,
    pub due_closing_report: &'static str,
    pub due_closing_rating: &'static str,
    pub due_follow_up: &'static str,
    pub due_purge: &'static str,
    /// Pane 3's legend for a week without contact.
    pub reflection_no_contact: &'static str,
    /// `{week}`: why a week had no contact.
    pub prompt_no_contact: &'static str,
    /// `{week}`, `{reason}`: said once saved.
    pub no_contact_saved: &'static str,
    /// No week is owed a reflection.
    pub no_contact_none: &'static str,
    /// `{date}`: the last note with the child.
    pub due_child_contact: &'static str,
    pub due_child_contact_never: &'static str,
    /// `{n}`, `{date}`: records not yet entered into the journal.
    pub due_journal: Plural,
    /// `{n}` days.
    pub days_late: Plural,
    pub due_today: &'static str,
    pub due_in_days: Plural,
    /// "v." in "v. 47".
    pub week: &'static str,
    pub no_worker: &'static str,
    /// `{today}`.
    pub overdue_heading: &'static str,
    pub nothing_due: &'static str,
    /// `{overdue}`, `{soon}`.
    pub overdue_counts: &'static str,
    /// `{code}`, `{family}`, `{start}`.
    pub case_added: &'static str,
    /// `{key}`, `{date}`.
    pub note_saved: &'static str,
    /// `{path}`, `{n}` records.
    pub export_written: &'static str,
    /// `{imported}`, `{cases}`, `{duplicates}`, `{orphans}`, `{invalid}`, `{controls}`.
    pub import_done: &'static str,
    /// `{n}` records.
    pub check_ok: Plural,
    /// `{n}` records, `{damaged}`.
    pub check_damaged: &'static str,
    /// `{n}`: case summaries that disagreed with their records.
    pub check_summaries: Plural,
    /// `{n}` damaged records.
    pub damaged_warning: Plural,
    /// `{path}`, `{n}` cases.
    pub demo_created: &'static str,
    pub screen_later: &'static str,
    pub no_cases: &'static str,
    pub case_status: [&'static str; 3],
    // Errors the user can cause: one line each, saying what to do.
    /// `{path}`.
    pub err_locked: &'static str,
    /// `{code}`.
    pub err_no_case: &'static str,
    /// `{code}`.
    pub err_case_exists: &'static str,
    /// Nobody to sign a record with.
    pub err_no_worker: &'static str,
    /// The screen's question when nobody can sign.
    pub prompt_worker: &'static str,
    pub worker_needed: &'static str,
    /// `{dir}`, `{error}`: the initials asked for could not be kept.
    pub worker_not_saved: &'static str,
    /// `{code}`.
    pub err_closed: &'static str,
    pub err_disk_full: &'static str,
    /// `{flag}`, `{input}`.
    pub err_bad_date: &'static str,

    // The screen.
    /// Pane titles: cases, checklist, reflections, incidents, notes.
    pub panes: [&'static str; 5],
    /// Sort orders: code, most overdue, last contact.
    pub sorts: [&'static str; 3],
    pub filter: &'static str,
    pub no_match: &'static str,
    /// `{key}`: the key of a new case.
    pub no_case: &'static str,
    /// `{date}`.
    pub since: &'static str,
    pub done: &'static str,
    pub goal: &'static str,
    pub no_goals: &'static str,
    pub not_in_fas2: &'static str,
    pub reflection_missing: &'static str,
    pub reflection_this_week: &'static str,
    pub trend: &'static str,
    pub no_incidents: &'static str,
    pub break_point: &'static str,
    /// Link kinds, in `LinkKind` order.
    pub link_kinds: [&'static str; 10],
    /// Actors: parent, child, young person, other.
    pub actors: [&'static str; 4],
    /// `{n}`.
    pub count_overdue: Plural,
    /// `{n}`.
    pub count_due_soon: &'static str,
    /// `{time}`.
    pub saved_at: &'static str,
    /// `{error}`.
    pub save_failed: &'static str,
    pub read_only: &'static str,
    pub help_title: &'static str,
    pub help_footer: &'static str,
    pub overdue_title: &'static str,
    pub overdue_footer: &'static str,
    /// `{step}`, `{date}`.
    pub step_checked: &'static str,
    /// `{step}`.
    pub step_unchecked: &'static str,
    /// `{phase}`, `{date}`.
    pub phase_moved: &'static str,
    pub phase_first: &'static str,
    pub phase_last: &'static str,
    pub prompt_step_date: &'static str,
    pub prompt_filter: &'static str,
    pub step_not_checked: &'static str,
    pub screen_too_small: &'static str,
    /// `{n}` damaged records.
    pub damaged_status: Plural,
    /// A write refused: the case could not be read whole, only its summary.
    pub case_not_whole: &'static str,
    /// In the case list, for a case whose records cannot be read.
    pub case_unreadable: &'static str,

    // The notes pane and the inbox of notes written from another window.
    /// `{key}`: the key of a new note.
    pub no_notes: &'static str,
    /// Beside a note the child took part in.
    pub child_there: &'static str,
    /// `{case}`: `insats note -m` while the screen holds the store.
    pub note_queued: &'static str,
    /// `{path}`: a command's request that the screen holding the store
    /// does not answer in time (stopped, hung).
    pub err_screen_not_answering: &'static str,
    /// The screen's answer cut off after it began.
    pub err_screen_stopped_answering: &'static str,
    /// `{theirs}`, `{ours}`: the screen holding the store is another
    /// version of insats.
    pub err_screen_other_version: &'static str,
    /// `{path}`, `{case}`: the note editor from the shell while the screen
    /// is open in another window.
    pub err_note_editor_screen_open: &'static str,
    /// `{uid}`: a connection to the screen's socket by another user.
    pub serve_refused: &'static str,
    /// `{keys}`: what the screen saved for a command in another window.
    pub served_saved: &'static str,
    /// `{n}`, `{keys}`: notes taken in from the inbox.
    pub inbox_taken: &'static str,
    /// `{keys}`: one note taken in.
    pub inbox_taken_one: &'static str,
    /// `{code}`: a queued note whose case is not in the store.
    pub inbox_no_case: &'static str,
    /// `{code}`: a queued note for a closed case.
    pub inbox_closed: &'static str,
    /// `{n}`: inbox files that cannot be read.
    pub inbox_damaged: Plural,
    pub inbox_refused: Plural,

    // Errors of the command line, in the language of `--lang`.
    /// `{input}`.
    pub err_bad_place: &'static str,
    /// `{input}`: a `--with` word that names nobody.
    pub err_bad_participant: &'static str,
    pub err_empty_note: &'static str,
    pub err_note_too_long: &'static str,
    pub err_note_not_text: &'static str,
    /// `{code}`.
    pub err_bad_code: &'static str,
    pub err_family_needed: &'static str,
    pub err_family_personal_number: &'static str,
    /// `{input}`.
    pub err_bad_format: &'static str,
    /// `{input}`.
    pub err_bad_kind: &'static str,
    /// `{from}`, `{to}`.
    pub err_period: &'static str,
    pub err_no_terminal: &'static str,
    pub err_no_terminal_note: &'static str,
    pub err_no_data_dir: &'static str,
    /// `{path}`, `{error}`.
    pub err_read: &'static str,
    /// `{path}`, `{error}`.
    pub err_write: &'static str,
    /// An output file that is a symbolic link, or not a regular file.
    pub err_write_link: &'static str,
    /// `{path}`, `{line}`, `{error}`.
    pub err_not_export: &'static str,
    /// `{path}`, `{n}`.
    pub err_newer_export: &'static str,
    /// `{record}`, `{mb}`, `{limit}`: a record an import cannot store.
    pub err_too_large: &'static str,
    /// `{path}`, `{mb}`, `{limit}`: a file too large to import.
    pub err_import_size: &'static str,
    /// `{path}`: a device, a pipe or a directory given to read.
    pub err_not_file: &'static str,
    /// `{error}`.
    pub err_terminal: &'static str,
    /// `{error}`.
    pub err_queue: &'static str,
    /// `{date}`: a note dated before its case started.
    pub err_before_start: &'static str,
    /// `{date}`: a note dated after its case was closed.
    pub err_after_closing: &'static str,
    /// A note dated after today.
    pub err_future: &'static str,
    /// What `open` and `edit` do in the notes and reflections panes.
    pub read_note: &'static str,
    pub edit_note: &'static str,
    pub edit_goal: &'static str,
    /// Said under `demo_created` unless `--keep`.
    pub demo_removed: &'static str,
}

impl Text {
    pub fn step(&self, step: Step) -> &'static str {
        self.steps[step as usize]
    }

    pub fn phase(&self, phase: Phase) -> &'static str {
        self.phase_short[phase.number() as usize - 1]
    }

    pub fn state(&self, state: DueState) -> &'static str {
        match state {
            DueState::Overdue => self.state_overdue,
            DueState::DueSoon => self.state_due_soon,
            DueState::Ok => self.state_ok,
        }
    }

    /// What a due item is, in words.
    pub fn due_label(&self, kind: &DueKind) -> String {
        match kind {
            DueKind::Fas1Report => self.due_fas1_report.to_string(),
            DueKind::Fas1Step(step) => self.step(*step).to_string(),
            DueKind::Fas1Length => self.due_fas1_length.to_string(),
            DueKind::ProgressReport => self.due_progress_report.to_string(),
            DueKind::Reflections(weeks) => {
                let list = week_numbers(weeks);
                let shown = if list.len() > 6 {
                    format!("{} … {} ({})", list[0], list[list.len() - 1], list.len())
                } else {
                    list.join(", ")
                };
                fill(
                    self.due_reflections,
                    &[("weeks", &format!("{} {shown}", self.week))],
                )
            }
            DueKind::GoalLimit { title, .. } => fill(self.due_goal_limit, &[("title", title)]),
            DueKind::Fas3Length => self.due_fas3_length.to_string(),
            DueKind::ClosingReport => self.due_closing_report.to_string(),
            DueKind::ClosingRating => self.due_closing_rating.to_string(),
            DueKind::FollowUp => self.due_follow_up.to_string(),
            DueKind::ChildContact { last: Some(date) } => {
                fill(self.due_child_contact, &[("date", &date.to_string())])
            }
            DueKind::ChildContact { last: None } => self.due_child_contact_never.to_string(),
            DueKind::Journal { count, oldest } => {
                (self.due_journal).count(*count, &[("date", &oldest.to_string())])
            }
            DueKind::Purge => self.due_purge.to_string(),
        }
    }

    /// "40 dagar sen", "idag", "om 3 dagar".
    pub fn lateness(&self, due: NaiveDate, today: NaiveDate) -> String {
        let days = (today - due).num_days();
        match days {
            0 => self.due_today.to_string(),
            d if d > 0 => self.days_late.count(d as usize, &[]),
            d => self.due_in_days.count(d.unsigned_abs() as usize, &[]),
        }
    }
}

/// The words about the user's data, one line each, saying what to do.
pub struct DataText {
    /// `{error}`: the output could not be written, and nothing was changed.
    pub err_stdout: &'static str,
    /// `{error}`, `{what}`: the output failed after `{what}` was saved.
    pub err_stdout_saved: &'static str,
    /// `{key}`.
    pub saved_note: &'static str,
    /// `{code}`.
    pub saved_case: &'static str,
    /// `{n}` records.
    pub saved_import: &'static str,
    /// `{what}` (the option), `{code}` (`U+001B`), `{position}`.
    pub err_control: &'static str,
    /// `{date}`, `{start}`.
    pub err_before_start: &'static str,
    /// `{date}`, `{closed}`.
    pub err_after_closing: &'static str,
    /// `{date}`.
    pub err_future: &'static str,
    /// `{needed}`, `{free}` (in MB), `{dir}`.
    pub err_no_space: &'static str,
    /// `{dir}`, `{seconds}`.
    pub err_stalled: &'static str,
    /// `{path}`, `{backup}`: a store that cannot be opened, and its rescue.
    pub err_damaged_store: &'static str,
    /// `{path}`.
    pub err_damaged_no_backup: &'static str,
    /// `{path}`: the store failed in a way that is not damage we know.
    pub err_read_only: &'static str,
    pub err_not_own_dir: &'static str,
    pub err_store: &'static str,
    /// `{path}`, `{problem}`.
    pub err_bad_backup: &'static str,
    /// `{dir}`.
    pub err_no_backups: &'static str,
    /// `{dir}`.
    pub backups_none: &'static str,
    /// `{dir}`.
    pub backups_heading: &'static str,
    /// `{n}` records.
    pub backup_records: &'static str,
    pub backup_damaged: &'static str,
    /// `{error}`.
    pub backup_failed: &'static str,
    /// `{n}`, `{backup}`, `{moved}`.
    pub restored: &'static str,
    /// `{n}`, `{backup}`: restored into a directory that had no store.
    pub restored_fresh: &'static str,
    /// `{n}`, `{damaged}`, `{path}`.
    pub salvaged: &'static str,
    /// Problems of a backup file.
    pub backup_not_ours: &'static str,
    pub backup_checksum: &'static str,
    /// `{version}`.
    pub backup_newer: &'static str,
    pub backup_truncated: &'static str,
    /// `{records}`, `{backup}`, `{backed_up}`.
    pub err_shrunk: &'static str,
    /// No backup taken: the store holds records that cannot be read.
    pub err_unreadable_records: &'static str,
    /// `{n}`, `{backup}`.
    pub check_missing: Plural,
    /// Added to an error of a write that did not happen.
    pub nothing_saved: &'static str,
    /// `{dir}`: read from a copy, as the disk is full.
    pub reading_copy_read_only: &'static str,
    pub reading_copy: &'static str,
}

/// A rating subscale's name in the language (the stored name is the
/// instrument's code, e.g. `poor_monitoring`); a custom one as it is.
pub fn subscale(lang: Lang, code: &str) -> String {
    let names: &[(&str, &str, &str)] = &[
        ("involvement", "engagemang", "involvement"),
        (
            "positive_parenting",
            "positivt föräldraskap",
            "positive parenting",
        ),
        ("poor_monitoring", "bristande tillsyn", "poor monitoring"),
        (
            "inconsistent_discipline",
            "inkonsekvent disciplin",
            "inconsistent discipline",
        ),
        (
            "corporal_punishment",
            "kroppslig bestraffning",
            "corporal punishment",
        ),
        ("internalizing", "internaliserande", "internalizing"),
        ("externalizing", "externaliserande", "externalizing"),
        ("total_problems", "totala problem", "total problems"),
    ];
    match names.iter().find(|(c, _, _)| *c == code) {
        Some((_, sv, en)) => if lang == Lang::Sv { sv } else { en }.to_string(),
        None => code.to_string(),
    }
}

/// The stored code of a subscale written by its name in either language.
pub fn subscale_code(name: &str) -> String {
    let name = name.trim();
    for code in [
        "involvement",
        "positive_parenting",
        "poor_monitoring",
        "inconsistent_discipline",
        "corporal_punishment",
        "internalizing",
        "externalizing",
        "total_problems",
    ] {
        if name == code || name == subscale(Lang::Sv, code) || name == subscale(Lang::En, code) {
            return code.to_string();
        }
    }
    name.to_string()
}

/// A catalogue text with a number in it, in its form for one and for any
/// other number ("1 dag sen", "3 dagar sen"): Swedish and English both
/// have just these two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plural {
    pub one: &'static str,
    pub other: &'static str,
}

impl Plural {
    /// The form for `n`, with `{n}` and `values` put in.
    pub fn count(&self, n: usize, values: &[(&str, &str)]) -> String {
        let template = if n == 1 { self.one } else { self.other };
        let n = n.to_string();
        let mut all = vec![("n", n.as_str())];
        all.extend_from_slice(values);
        fill(template, &all)
    }
}

/// Puts values into a catalogue string's `{name}` places.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Weeks by their numbers; a list that spans New Year says each number's
/// year after the last week of that year: `52, 53 (2026), 1 (2027)`.
pub fn week_numbers(weeks: &[crate::domain::note::IsoWeek]) -> Vec<String> {
    let years = weeks
        .first()
        .is_some_and(|f| weeks.iter().any(|w| w.year != f.year));
    weeks
        .iter()
        .enumerate()
        .map(|(i, w)| match weeks.get(i + 1) {
            Some(next) if !years || next.year == w.year => w.week.to_string(),
            _ if years => format!("{} ({})", w.week, w.year),
            _ => w.week.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_agrees_with_its_word_in_both_languages() {
        let due: NaiveDate = "2026-11-20".parse().unwrap();
        let day = |n: i64| due + chrono::Duration::days(n);
        let sv = Lang::Sv.text();
        assert_eq!(sv.lateness(due, day(1)), "1 dag sen");
        assert_eq!(sv.lateness(due, day(3)), "3 dagar sen");
        assert_eq!(sv.lateness(due, day(-1)), "om 1 dag");
        assert_eq!(sv.lateness(due, day(-2)), "om 2 dagar");
        let en = Lang::En.text();
        assert_eq!(en.lateness(due, day(1)), "1 day late");
        assert_eq!(en.lateness(due, day(-1)), "in 1 day");
        assert_eq!(en.lateness(due, day(-7)), "in 7 days");
        assert_eq!(
            Lang::Sv.forms().versions.count(1, &[]),
            "1 tidigare version"
        );
        assert_eq!(
            Lang::En.forms().versions.count(2, &[]),
            "2 earlier versions"
        );
        assert_eq!(Lang::Sv.text().count_overdue.count(1, &[]), "! 1 försenad");
        assert_eq!(Lang::En.forms().more_lines.count(1, &[]), "… 1 more line");
    }

    #[test]
    fn the_locale_picks_the_language() {
        assert_eq!(Lang::from_locale(Some("sv_SE.UTF-8")), Lang::Sv);
        assert_eq!(Lang::from_locale(Some("en_GB.UTF-8")), Lang::En);
        assert_eq!(Lang::from_locale(Some("C")), Lang::En);
        assert_eq!(Lang::from_locale(None), Lang::En);
        assert_eq!(Lang::from_code("SV"), Some(Lang::Sv));
        assert_eq!(Lang::from_code("fi"), None);
    }

    #[test]
    fn every_placeholder_is_filled_in_both_languages() {
        for lang in [Lang::Sv, Lang::En] {
            let t = lang.text();
            let s = fill(
                t.import_done,
                &[
                    ("imported", "1"),
                    ("cases", "2"),
                    ("duplicates", "3"),
                    ("orphans", "4"),
                    ("invalid", "5"),
                    ("controls", "6"),
                ],
            );
            assert!(!s.contains('{'), "{s}");
            assert!(s.contains('1') && s.contains('3'));
            let today: NaiveDate = "2026-11-22".parse().unwrap();
            assert!(
                t.lateness("2026-10-13".parse().unwrap(), today)
                    .contains("40")
            );
            assert!(
                t.lateness("2026-11-25".parse().unwrap(), today)
                    .contains('3')
            );
        }
    }

    #[test]
    fn subscales_read_in_both_languages_and_back() {
        assert_eq!(subscale(Lang::Sv, "poor_monitoring"), "bristande tillsyn");
        assert_eq!(subscale(Lang::En, "poor_monitoring"), "poor monitoring");
        assert_eq!(subscale(Lang::Sv, "SDQ total"), "SDQ total");
        assert_eq!(subscale_code("bristande tillsyn"), "poor_monitoring");
        assert_eq!(subscale_code(" poor monitoring "), "poor_monitoring");
        assert_eq!(subscale_code("poor_monitoring"), "poor_monitoring");
        assert_eq!(subscale_code("egen skala"), "egen skala");
    }

    /// Each action by its keymap name keeps its words: were the words
    /// matched to the wrong action, the help would say one thing and the
    /// key do another.
    #[test]
    fn actions_keep_their_words_by_name() {
        for (name, sv, en) in [
            ("quit", "avsluta", "quit"),
            ("focus_next", "nästa ruta", "next pane"),
            ("new_note", "ny anteckning", "new note"),
            ("edit_date", "ändra datum", "change date"),
            ("link_kind_next", "byt länktyp", "change link kind"),
            (
                "remove",
                "ta bort en post i historiken (med skäl)",
                "remove a record in the history (with a reason)",
            ),
            ("link_kind_prev", "byt länktyp bakåt", "previous link kind"),
        ] {
            let action = Action::from_name(name).unwrap();
            assert_eq!(Lang::Sv.describe(action), sv, "{name}");
            assert_eq!(Lang::En.describe(action), en, "{name}");
        }
        let ctx = KeyContext::from_name("case_list").unwrap();
        assert_eq!(Lang::Sv.context_name(ctx), "Ärendelistan");
        assert_eq!(Lang::En.context_name(ctx), "Case list");
    }

    /// No action or context is left without words, and no two share them,
    /// so the help never lists two keys that seem to do the same thing.
    #[test]
    fn every_action_and_context_has_words_of_its_own_in_both_languages() {
        for lang in [Lang::Sv, Lang::En] {
            let mut seen = std::collections::HashMap::new();
            for action in Action::ALL {
                let words = lang.describe(action);
                assert!(!words.trim().is_empty(), "{lang:?} {}", action.name());
                if let Some(other) = seen.insert(words, action) {
                    panic!(
                        "{lang:?}: {} and {} both say \"{words}\"",
                        other.name(),
                        action.name()
                    );
                }
            }
            let mut seen = std::collections::HashSet::new();
            for ctx in KeyContext::ALL {
                let words = lang.context_name(ctx);
                assert!(!words.trim().is_empty(), "{lang:?} {}", ctx.name());
                assert!(seen.insert(words), "{lang:?}: \"{words}\" twice");
            }
        }
    }

    #[test]
    fn steps_follow_the_programme() {
        let t = Lang::Sv.text();
        assert_eq!(t.step(Step::Alliance), "Alliansskapande");
        assert_eq!(
            t.step(Step::FamilyFollowUp),
            "Avslutsuppföljning med familjen"
        );
        assert_eq!(t.phase(Phase::Treatment), "Fas 2");
    }
}

#[cfg(test)]
mod week_number_tests {
    use super::week_numbers;
    use crate::domain::note::IsoWeek;

    #[test]
    fn weeks_across_new_year_say_their_years() {
        let w = |year, week| IsoWeek { year, week };
        assert_eq!(week_numbers(&[w(2026, 46), w(2026, 47)]), ["46", "47"]);
        assert_eq!(
            week_numbers(&[w(2026, 52), w(2026, 53), w(2027, 1)]),
            ["52", "53 (2026)", "1 (2027)"]
        );
        assert!(week_numbers(&[]).is_empty());
    }
}
