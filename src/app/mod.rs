//! The application: state and actions, no terminal. Input arrives as
//! [`Action`]s (the keymap's names) or as typed text for a prompt; the
//! state changes, and rendering reads it.

pub mod action;
mod caseload;
mod checklist;
mod editing;
mod full_disk;
mod history;
mod inbox;
mod redraft;
mod save;
mod update;
mod viewer;

pub use editing::Answer;
pub use history::{HistoryRow, history_rows};

pub use update::PromptKey;
pub use viewer::Viewer;

pub use action::{Action, KeyContext};

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
    /// Index into [`App::files`].
    pub file: usize,
    pub item: DueItem,
}

pub struct App {
    pub store: Store,
    /// Every case by its summary, the selected one whole.
    pub files: Vec<CaseFile>,
    /// Beside each case in `files`, the case read whole once it is asked
    /// for (the selected case); the others are let go after each action.
    /// Boxed: an empty place costs a pointer, not a case file's size.
    pub(crate) wholes: Vec<std::cell::OnceCell<Option<Box<CaseFile>>>>,
    /// Each case's due items for today.
    pub(crate) due_cache: caseload::SharedDueCache,
    /// Whether `files` hold each case by its record alone, its due items
    /// given in `due_cache` ([`caseload`]), until the summaries are read.
    pub listed_only: bool,
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
    /// Indices into `files` in list order, after filter and sort.
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
    /// Queued notes already said to be waiting (by inbox id).
    pub inbox_told: Vec<String>,
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
}

impl App {
    /// The app on `store`: the caseload it kept for the day, or one made
    /// from its summaries.
    pub fn new(
        store: Store,
        today: NaiveDate,
        rules: Rules,
        worker: String,
        lang: Lang,
    ) -> Result<App, StoreError> {
        App::with(store, today, rules, worker, lang, None)
    }

    /// Opens the store in `dir` by `open`, and the app on it, as a start
    /// does: the caseload kept for the day is read and made ready while
    /// the store opens, and taken if it is the store's.
    pub fn open(
        dir: &Path,
        open: impl FnOnce(&Path) -> Result<Store, StoreError>,
        today: NaiveDate,
        rules: Rules,
        worker: String,
        lang: Lang,
    ) -> Result<App, StoreError> {
        let (store, early, damaged) = crate::store::caseload::open_with_caseload(
            dir,
            open,
            today,
            rules,
            caseload::Early::of,
        )?;
        App::with(store, today, rules, worker, lang, Some(early.met(damaged)))
    }

    fn with(
        store: Store,
        today: NaiveDate,
        rules: Rules,
        worker: String,
        lang: Lang,
        early: Option<caseload::Early>,
    ) -> Result<App, StoreError> {
        // What another window queued while no session was open.
        // An inbox that cannot be read does not keep the screen shut.
        let (intake, inbox_error) = match store.take_inbox() {
            Ok(intake) => (intake, None),
            Err(e) => (Default::default(), Some(e.to_string())),
        };
        let (loaded, given) = caseload::opening(&store, today, &rules, early)?;
        let mut app = App {
            store,
            wholes: loaded.files.iter().map(|_| Default::default()).collect(),
            files: loaded.files,
            listed_only: true,
            due_cache: std::cell::RefCell::new(given),
            stats: None,
            damaged: loaded.damaged.len(),
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
            inbox_told: Vec::new(),
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
            worker_asked: None,
        };
        if app.worker.is_empty() {
            // Records are signed by a person, never by the program.
            app.prompt = Some(Prompt {
                kind: PromptKind::Worker,
                text: String::new(),
                error: None,
            });
        }
        let (drafts, damaged) = app.store.drafts::<editor::Draft>()?;
        app.pending_drafts = drafts;
        app.damaged += damaged.len();
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

    /// The case file under the cursor.
    pub fn current(&self) -> Option<&CaseFile> {
        self.visible.get(self.selected).map(|i| self.whole_at(*i))
    }

    pub fn due(&self, file: &CaseFile) -> Vec<DueItem> {
        self.due_with(file, <[DueItem]>::to_vec)
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
            Some(Overlay::Help { .. })
            | Some(Overlay::History { .. })
            | Some(Overlay::Stats { .. }) => KeyContext::Global,
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
        for (i, file) in self.files.iter().enumerate() {
            for item in self
                .due(file)
                .into_iter()
                .filter(|d| d.state != DueState::Ok)
            {
                let workers = &file.case.body.workers;
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
        if self.sort == SortBy::LastContact {
            self.read_summaries();
        }
        let keep = self
            .visible
            .get(self.selected)
            .map(|i| self.files[*i].code().to_string());
        let needle = self.filter.to_lowercase();
        let mut visible: Vec<usize> = (0..self.files.len())
            .filter(|i| {
                let c = &self.files[*i].case.body;
                needle.is_empty()
                    || c.code.to_lowercase().contains(&needle)
                    || c.family.to_lowercase().contains(&needle)
                    || c.workers.iter().any(|w| w.to_lowercase().contains(&needle))
            })
            .collect();
        match self.sort {
            SortBy::Code => {
                visible.sort_by(|a, b| self.files[*a].code().cmp(self.files[*b].code()))
            }
            SortBy::MostOverdue => {
                let key = |i: &usize| {
                    let file = &self.files[*i];
                    let (state, earliest) = self.due_with(file, |items| {
                        let state = worst(items);
                        let earliest = items
                            .iter()
                            .filter(|d| d.state == state)
                            .map(|d| d.due)
                            .min();
                        (state, earliest.unwrap_or(NaiveDate::MAX))
                    });
                    (state, earliest, file.code())
                };
                visible.sort_by_cached_key(key);
            }
            SortBy::LastContact => visible.sort_by_cached_key(|i| {
                // Read from the summaries (read_summaries, above).
                let f = &self.files[*i];
                (std::cmp::Reverse(f.last_contact()), f.code().to_string())
            }),
        }
        self.visible = visible;
        self.selected = keep
            .and_then(|code| {
                self.visible
                    .iter()
                    .position(|i| self.files[*i].code() == code)
            })
            .unwrap_or(0)
            .min(self.visible.len().saturating_sub(1));
        self.hold_current_whole();
    }

    /// Reloads one case from the store after a write.
    pub(crate) fn reload(&mut self, code: &str) -> Result<(), StoreError> {
        let (file, damaged) = self.store.load_case(code)?;
        self.damaged = self.damaged.max(damaged.len());
        match (file, self.files.iter().position(|f| f.code() == code)) {
            (Some(file), _) => self.put_read(file),
            (None, Some(i)) => {
                self.files.remove(i);
                self.wholes.remove(i);
                self.due_cache.borrow_mut().forget(code);
            }
            (None, None) => {}
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
mod tests_editing;
#[cfg(test)]
mod tests_forms;
#[cfg(test)]
mod tests_reading;
#[cfg(test)]
mod tests_safety;
