//! The application: state and actions, no terminal. Input arrives as
//! [`Action`]s (the keymap's names) or as typed text for a prompt; the
//! state changes, and rendering reads it.

mod caseload;
mod checklist;
mod confirm;
mod editing;
mod full_disk;
mod history;
mod inbox;
mod journal;
mod redraft;
mod save;
mod update;
mod viewer;
mod waiting;

pub use editing::Answer;
pub use full_disk::{hangup_files, keep_text_at_hangup};
pub use history::{HistoryRow, history_rows};
pub use inbox::FromShell;
pub use journal::JournalView;
mod no_contact;
pub mod purge;

pub use update::PromptKey;
pub use viewer::Viewer;
pub use waiting::{waiting_text, why_waiting};

// The vocabulary of keys sits below the text catalogues, which describe it.
pub use crate::action::{Action, KeyContext};
pub use caseload::CaseRow;
pub use confirm::Confirm;

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::domain::casefile::CaseFile;
use crate::domain::due::{DueItem, DueState, Rules, worst};
use crate::domain::phase::Step;
use crate::editor::{self, Ctx};
use crate::i18n::{Lang, Text};
use crate::store::{Store, StoreError};

/// The panes of the main screen, in focus order. The incidents and the
/// notes take turns in one place (side by side on a wide screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Cases,
    Checklist,
    Reflections,
    Incidents,
    Notes,
}

impl Pane {
    pub const ALL: [Pane; 5] = [
        Pane::Cases,
        Pane::Checklist,
        Pane::Reflections,
        Pane::Incidents,
        Pane::Notes,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn context(self) -> KeyContext {
        match self {
            Pane::Cases => KeyContext::CaseList,
            Pane::Checklist => KeyContext::Checklist,
            Pane::Reflections => KeyContext::Reflections,
            Pane::Incidents => KeyContext::Incidents,
            Pane::Notes => KeyContext::Notes,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    Code,
    MostOverdue,
    LastContact,
}

/// A one-line question at the bottom of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub text: String,
    /// Shown beside the field; the text is kept.
    pub error: Option<String>,
    /// The text is a suggestion not yet touched: shown selected, the
    /// first character typed replaces it, Backspace clears it.
    pub suggested: bool,
}

impl Prompt {
    /// A question with an empty answer.
    pub fn new(kind: PromptKind) -> Prompt {
        Prompt {
            kind,
            text: String::new(),
            error: None,
            suggested: false,
        }
    }

    /// A question with a suggested answer (see [`Prompt::suggested`]).
    pub fn suggesting(kind: PromptKind, text: String) -> Prompt {
        Prompt {
            suggested: !text.is_empty(),
            text,
            ..Prompt::new(kind)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Filter,
    StepDate(Step),
    /// A step checked by hand: why, or a note.
    StepNote(Step),
    /// Nobody can sign what is written: the worker's initials, asked once.
    Worker,
    /// A drafted report's period changed after its text was edited:
    /// write it again for this period?
    Redraft(NaiveDate, NaiveDate),
    /// Why a record is removed: it stays, marked.
    RemoveReason(crate::store::Kind, u32),
    /// A save failed (`full`: for want of room): the file to write the
    /// editor's text to.
    DraftFile {
        full: bool,
    },
    /// The case to put the selected waiting note in.
    WaitingCase,
    /// The file to write the selected waiting note to.
    WaitingFile,
    /// Yes or no before a step hard to take back.
    Confirm(Confirm),
    /// Why there was no contact in the week owed a reflection.
    NoContact(crate::domain::IsoWeek),
}

/// What covers the main screen, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// The keys in force, scrolled this many lines.
    Help { scroll: usize },
    /// The overdue view, with the selected row.
    Overdue { selected: usize },
    /// The selected case's records and their versions: the selected row,
    /// and one of its earlier versions (newest first) when one is selected.
    History {
        selected: usize,
        version: Option<usize>,
    },
    /// The follow-up statistics, scrolled this many lines.
    Stats { scroll: usize },
    /// What is not yet entered into the journal, with the selected record
    /// ([`App::journal`] holds what it shows).
    Journal { selected: usize },
    /// The queued notes the inbox cannot take in: the selected one, and
    /// how many lines its text is scrolled.
    Waiting { selected: usize, scroll: usize },
    /// The selected case's details, scrolled this many lines.
    Details { scroll: usize },
}

/// Whether what is on screen is on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    /// Nothing written in this session.
    Clean,
    /// The store was flushed at this time.
    Saved(NaiveTime),
    /// The last write failed; the message says why.
    Failed(String),
}

/// What the terminal must do after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Nothing changed: do not draw.
    None,
    /// Draw the new state.
    Draw,
    /// Clear the terminal and draw everything again.
    Redraw,
    Quit,
}

/// One row of the overdue view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueRow {
    pub worker: String,
    /// Index into [`App::cases`].
    pub file: usize,
    pub item: DueItem,
}

pub struct App {
    pub store: Store,
    /// Every case by its summary and its due items today, in store order.
    pub cases: Vec<CaseRow>,
    /// The selected case, whole: read by the action that selected it or
    /// wrote to it ([`caseload`]), never by rendering.
    pub(crate) open: Option<CaseFile>,
    /// The caseload's counts of overdue and due-soon items.
    pub(crate) counts: (usize, usize),
    /// The follow-up statistics, read as their view opens.
    pub stats: Option<crate::domain::stats::Stats>,
    pub damaged: usize,
    pub today: NaiveDate,
    pub rules: Rules,
    pub worker: String,
    pub lang: Lang,
    pub focus: Pane,
    pub sort: SortBy,
    pub filter: String,
    /// Indices into `cases` in list order, after filter and sort.
    pub visible: Vec<usize>,
    /// Position in `visible`.
    pub selected: usize,
    /// Position among the current phase's steps.
    pub step: usize,
    /// How many weeks back the reflections pane looks from the latest.
    pub week_offset: usize,
    pub incident: usize,
    /// Position among the case's live notes, latest first.
    pub note: usize,
    /// Position among the case's live goals (the reflections pane).
    pub goal: usize,
    /// Which of the incidents and the notes holds their shared place.
    pub lower: Pane,
    pub overlay: Option<Overlay>,
    /// A record being read, over everything but the help.
    pub viewer: Option<Viewer>,
    /// Where an editor returns when it closes (the history it came from).
    pub form_back: Option<Overlay>,
    /// The view the help was opened over (the history, the overdue
    /// view), shown again when it closes.
    pub help_back: Option<Overlay>,
    /// Queued notes already said to be waiting (by inbox id).
    pub inbox_told: Vec<String>,
    /// The queued notes the inbox cannot take in, whole, oldest first:
    /// read again with every look into the inbox.
    pub waiting: Vec<crate::store::inbox::Stuck>,
    pub prompt: Option<Prompt>,
    pub save: SaveState,
    /// A one-line message in the status bar until the next action.
    pub message: Option<String>,
    /// The editor open over the screen, if any.
    pub form: Option<editor::Form>,
    /// Its draft, shared with the signal thread.
    pub draft_slot: editor::DraftSlot,
    /// When its draft was last written to the store.
    pub draft_written: Option<NaiveDateTime>,
    /// Text changed since the draft was last written to the store.
    pub draft_unwritten: bool,
    /// Drafts left from an earlier session, offered back one by one.
    pub pending_drafts: Vec<editor::Draft>,
    /// Drafts kept when leaving an editor in this session: restored when
    /// the same editor opens again, offered only at the next start.
    pub kept_drafts: Vec<editor::Draft>,
    /// Editors saved in this session (`insats note CASE` exits after one).
    pub saved_forms: usize,
    /// The draft offer was put off until the next start.
    pub offer_dismissed: bool,
    /// The report drafted into the open report form: its period and text.
    pub report_drafted: Option<crate::editor::report::Drafted>,
    /// Initials the worker gave when asked, for the command line to save.
    pub worker_asked: Option<String>,
    /// What the journal view shows, read as it opened.
    pub journal: Option<JournalView>,
    /// A removal confirmed on the screen, for its runner to carry out
    /// once the screen has let go of the store (`cli/screen.rs`).
    pub purge_asked: Option<String>,
    /// Saving the open editor was confirmed (a reopening, a closing that
    /// leaves records owed to the journal).
    pub(crate) confirmed: bool,
}

impl App {
    /// The app on `store`: every case by its summary.
    pub fn new(
        store: Store,
        today: NaiveDate,
        rules: Rules,
        worker: String,
        lang: Lang,
    ) -> Result<App, StoreError> {
        App::with(store, today, rules, worker, lang)
    }

    /// Opens the store in `dir` by `open`, and the app on it.
    pub fn open(
        dir: &Path,
        open: impl FnOnce(&Path) -> Result<Store, StoreError>,
        today: NaiveDate,
        rules: Rules,
        worker: String,
        lang: Lang,
    ) -> Result<App, StoreError> {
        App::with(open(dir)?, today, rules, worker, lang)
    }

    fn with(
        store: Store,
        today: NaiveDate,
        rules: Rules,
        worker: String,
        lang: Lang,
    ) -> Result<App, StoreError> {
        // What another window queued while no session was open.
        // An inbox that cannot be read does not keep the screen shut.
        let (intake, inbox_error) = match store.take_inbox() {
            Ok(intake) => (intake, None),
            Err(e) => (Default::default(), Some(e.to_string())),
        };
        let (cases, damaged) = caseload::opening(&store, today, &rules)?;
        let mut app = App {
            store,
            cases,
            open: None,
            counts: (0, 0),
            stats: None,
            damaged,
            today,
            rules,
            worker,
            lang,
            focus: Pane::Cases,
            sort: SortBy::MostOverdue,
            filter: String::new(),
            visible: Vec::new(),
            selected: 0,
            step: 0,
            week_offset: 0,
            incident: 0,
            note: 0,
            goal: 0,
            lower: Pane::Notes,
            overlay: None,
            viewer: None,
            form_back: None,
            help_back: None,
            inbox_told: Vec::new(),
            waiting: Vec::new(),
            prompt: None,
            save: SaveState::Clean,
            message: None,
            form: None,
            draft_slot: editor::DraftSlot::default(),
            draft_written: None,
            draft_unwritten: false,
            pending_drafts: Vec::new(),
            kept_drafts: Vec::new(),
            saved_forms: 0,
            offer_dismissed: false,
            report_drafted: None,
            journal: None,
            purge_asked: None,
            confirmed: false,
            worker_asked: None,
        };
        if app.worker.is_empty() {
            // Records are signed by a person, never by the program.
            app.prompt = Some(Prompt::new(PromptKind::Worker));
        }
        let (drafts, damaged) = app.store.drafts::<editor::Draft>()?;
        app.pending_drafts = drafts;
        app.damaged += damaged.len();
        app.recount();
        app.refresh_visible();
        // After the caseload, which may have been made ready before the
        // inbox's notes were written: each case they went into is read
        // again.
        app.take_in(intake);
        if let Some(e) = inbox_error {
            app.save = SaveState::Failed(e);
        }
        Ok(app)
    }

    pub fn text(&self) -> &'static Text {
        self.lang.text()
    }

    /// What an editor opened or saved now needs to know.
    pub fn ctx(&self, now: NaiveDateTime) -> Ctx<'_> {
        Ctx {
            lang: self.lang,
            today: self.today,
            now,
            worker: &self.worker,
        }
    }

    /// The keymap table in force.
    pub fn key_context(&self) -> KeyContext {
        if self.prompt.is_some() {
            return KeyContext::Editor;
        }
        if self.viewer.is_some() && !matches!(self.overlay, Some(Overlay::Help { .. })) {
            return KeyContext::Viewer;
        }
        match self.overlay {
            Some(Overlay::Overdue { .. }) => KeyContext::Overdue,
            Some(Overlay::Waiting { .. }) => KeyContext::Waiting,
            Some(Overlay::Journal { .. }) => KeyContext::Journal,
            Some(Overlay::Help { .. })
            | Some(Overlay::History { .. })
            | Some(Overlay::Stats { .. })
            | Some(Overlay::Details { .. }) => KeyContext::Global,
            None if self.form.is_some() => {
                if self.in_chain() {
                    KeyContext::ChainEditor
                } else {
                    KeyContext::Editor
                }
            }
            None => self.focus.context(),
        }
    }

    /// Every overdue or due-soon item, grouped by worker, latest first.
    pub fn overdue_rows(&self) -> Vec<OverdueRow> {
        let mut rows = Vec::new();
        for (i, row) in self.cases.iter().enumerate() {
            for item in row.items.iter().filter(|d| d.state != DueState::Ok) {
                let workers = &row.case().workers;
                if workers.is_empty() {
                    rows.push(OverdueRow {
                        worker: String::new(),
                        file: i,
                        item: item.clone(),
                    });
                }
                for w in workers {
                    rows.push(OverdueRow {
                        worker: w.clone(),
                        file: i,
                        item: item.clone(),
                    });
                }
            }
        }
        rows.sort_by(|a, b| {
            (&a.worker, a.item.state, a.item.due, a.item.case.as_str()).cmp(&(
                &b.worker,
                b.item.state,
                b.item.due,
                b.item.case.as_str(),
            ))
        });
        rows
    }

    /// Recomputes the case list's order after a change of data, filter or
    /// sort, keeping the same case selected when it is still shown.
    pub fn refresh_visible(&mut self) {
        let keep = self
            .visible
            .get(self.selected)
            .map(|i| self.cases[*i].code().to_string());
        let needle = self.filter.to_lowercase();
        let mut visible: Vec<usize> = (0..self.cases.len())
            .filter(|i| {
                let c = self.cases[*i].case();
                needle.is_empty()
                    || c.code.to_lowercase().contains(&needle)
                    || c.family.to_lowercase().contains(&needle)
                    || c.workers.iter().any(|w| w.to_lowercase().contains(&needle))
            })
            .collect();
        match self.sort {
            SortBy::Code => {
                visible.sort_by(|a, b| self.cases[*a].code().cmp(self.cases[*b].code()))
            }
            SortBy::MostOverdue => {
                let key = |i: &usize| {
                    let row = &self.cases[*i];
                    let state = worst(&row.items);
                    let earliest = (row.items.iter())
                        .filter(|d| d.state == state)
                        .map(|d| d.due)
                        .min();
                    (state, earliest.unwrap_or(NaiveDate::MAX), row.code())
                };
                visible.sort_by_cached_key(key);
            }
            SortBy::LastContact => visible.sort_by_cached_key(|i| {
                let row = &self.cases[*i];
                (
                    std::cmp::Reverse(row.summary().last_contact()),
                    row.code().to_string(),
                )
            }),
        }
        self.visible = visible;
        self.selected = keep
            .and_then(|code| {
                self.visible
                    .iter()
                    .position(|i| self.cases[*i].code() == code)
            })
            .unwrap_or(0)
            .min(self.visible.len().saturating_sub(1));
        self.hold_current_whole();
    }

    /// Reloads one case from the store after a write.
    pub(crate) fn reload(&mut self, code: &str) -> Result<(), StoreError> {
        let (file, damaged) = self.store.load_case(code)?;
        self.damaged = self.damaged.max(damaged.len());
        match (file, damaged.first(), self.row_of(code)) {
            (Some(file), _, _) => self.put_read(file),
            (None, None, _) => self.drop_case(code),
            (None, Some(problem), Some(i)) => {
                self.cases[i].unreadable = Some(problem.to_string());
                self.cases[i].items.clear();
                self.recount();
            }
            (None, Some(_), None) => {}
        }
        self.refresh_visible();
        // A step done by the save may have left the checklist.
        let steps = self
            .current()
            .map_or(0, |f| crate::domain::steps::checklist(f).len());
        self.step = self.step.min(steps.saturating_sub(1));
        Ok(())
    }

    /// Flushes the store and records the outcome for the status bar: the
    /// screen says "saved" only after the flush returned.
    pub(crate) fn saved(&mut self, now: NaiveDateTime, result: Result<(), StoreError>) {
        self.save = match result.and_then(|()| self.store.flush()) {
            Ok(()) => SaveState::Saved(now.time()),
            Err(e) => SaveState::Failed(self.store_words(&e)),
        };
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_caseload;
#[cfg(test)]
mod tests_closing;
#[cfg(test)]
mod tests_confirm;
#[cfg(test)]
mod tests_editing;
#[cfg(test)]
mod tests_forms;
#[cfg(test)]
mod tests_journal;
#[cfg(test)]
mod tests_no_contact;
#[cfg(test)]
mod tests_purge;
#[cfg(test)]
mod tests_reading;
#[cfg(test)]
mod tests_safety;
#[cfg(test)]
mod tests_waiting;
