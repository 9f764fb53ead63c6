//! Queued notes that the inbox cannot take in as they are (their case is
//! unknown, or closed), shown whole in a list of their own: the worker
//! puts each in a case, or writes it to a file of their own. Never out of
//! sight: the status bar counts them for as long as any waits.

use chrono::NaiveDateTime;

use super::update::moved_in_list;
use super::{Action, App, Effect, Overlay, Pane, Prompt, PromptKind, SaveState};
use crate::domain::case::{OutsideLife, Place};
use crate::i18n::{Lang, fill};
use crate::store::inbox::{Moved, Stuck, Waiting};

impl App {
    /// The list read again from a look into the inbox, the selection kept
    /// on the same note; true when it changed.
    pub(super) fn set_waiting(&mut self, waiting: Vec<Stuck>) -> bool {
        if waiting == self.waiting {
            return false;
        }
        let was = self.selected_waiting().map(|s| s.id.clone());
        self.waiting = waiting;
        if let Some(Overlay::Waiting { selected, scroll }) = &mut self.overlay {
            let same = was.and_then(|id| self.waiting.iter().position(|s| s.id == id));
            if same != Some(*selected) {
                *scroll = 0;
            }
            *selected = same
                .unwrap_or(*selected)
                .min(self.waiting.len().saturating_sub(1));
        }
        true
    }

    /// The note selected in the list, when the list is open.
    pub fn selected_waiting(&self) -> Option<&Stuck> {
        match self.overlay {
            Some(Overlay::Waiting { selected, .. }) => self.waiting.get(selected),
            _ => None,
        }
    }

    pub(super) fn open_waiting(&mut self) {
        if self.waiting.is_empty() {
            self.message = Some(self.lang.waiting().none.to_string());
        } else {
            self.overlay = Some(Overlay::Waiting {
                selected: 0,
                scroll: 0,
            });
        }
    }

    pub(super) fn update_waiting(&mut self, action: Action) -> Effect {
        let last = self.waiting.len().saturating_sub(1);
        let Some(Overlay::Waiting { selected, scroll }) = &mut self.overlay else {
            return Effect::None;
        };
        match action {
            Action::Up | Action::Down | Action::Top | Action::Bottom => {
                let moved = moved_in_list(*selected, last, action);
                if moved != *selected {
                    *scroll = 0;
                }
                *selected = moved;
            }
            // A long note is read a page at a time.
            Action::PageUp => *scroll = scroll.saturating_sub(10),
            Action::PageDown => *scroll += 10,
            Action::AssignNote | Action::Open => self.ask_waiting_case(),
            Action::NoteToFile => self.ask_waiting_file(),
            Action::WaitingNotes | Action::Back | Action::Cancel | Action::Quit => {
                self.overlay = None
            }
            Action::Help => self.open_help(),
            Action::Redraw => return Effect::Redraw,
            _ => return Effect::None,
        }
        Effect::Draw
    }

    /// Asks for the case, suggesting the one selected on the main screen
    /// when it is open (the likeliest), else the code the note named.
    fn ask_waiting_case(&mut self) {
        let Some(stuck) = self.selected_waiting() else {
            return;
        };
        let here = self.current().filter(|f| !f.case.body.is_closed());
        let code = here.map_or(stuck.note.case.clone(), |f| f.code().to_string());
        self.prompt = Some(Prompt::suggesting(PromptKind::WaitingCase, code));
    }

    fn ask_waiting_file(&mut self) {
        let Some(stuck) = self.selected_waiting() else {
            return;
        };
        let name = format!(
            "insats-{}-{}.txt",
            stuck.note.case.replace(std::path::MAIN_SEPARATOR, "-"),
            stuck.note.at.format("%m%d-%H%M")
        );
        let name = match std::env::var_os("HOME") {
            Some(_) => format!("~/{name}"),
            None => name,
        };
        self.prompt = Some(Prompt::suggesting(PromptKind::WaitingFile, name));
    }

    /// Puts the selected note in the case typed, checked as a note from
    /// the shell is: the case open, the note's date within its life.
    pub(super) fn submit_waiting_case(&mut self, typed: &str, now: NaiveDateTime) -> Effect {
        let Some(stuck) = self.selected_waiting().cloned() else {
            self.prompt = None;
            return Effect::Draw;
        };
        let code = typed.trim();
        if let Some(why) = self.refused_for(&stuck, code) {
            return self.prompt_error(why);
        }
        let w = self.lang.waiting();
        match self.store.take_queued_into(&stuck.id, code) {
            Ok(Moved::Added(record)) => {
                self.prompt = None;
                self.save = SaveState::Saved(now.time());
                self.message = Some(fill(w.moved, &[("key", &record.key())]));
                self.let_go(&stuck.id);
                if let Err(e) = self.reload(code) {
                    self.save = SaveState::Failed(self.store_words(&e));
                }
                if let Some(i) = self.row_of(code) {
                    self.jump_to(i);
                    self.lower = Pane::Notes;
                }
                Effect::Draw
            }
            Ok(Moved::Gone) => {
                self.prompt = None;
                self.message = Some(w.gone.to_string());
                self.let_go(&stuck.id);
                Effect::Draw
            }
            Ok(Moved::Waiting(why)) => self.prompt_error(refused(self.lang, why, code)),
            Err(e) => {
                let words = self.store_words(&e);
                self.prompt_error(words)
            }
        }
    }

    /// Why the case `code` cannot take the note, in words.
    fn refused_for(&self, stuck: &Stuck, code: &str) -> Option<String> {
        let w = self.lang.waiting();
        let Some(row) = self.row_of(code).map(|i| &self.cases[i]) else {
            return Some(refused(self.lang, Waiting::NoSuchCase, code));
        };
        let date = stuck.note.date.to_string();
        match row.case().outside_life(stuck.note.date, self.today) {
            _ if row.case().is_closed() => Some(refused(self.lang, Waiting::Closed, code)),
            Some(OutsideLife::BeforeStart(start)) => Some(fill(
                w.refused_before_start,
                &[("date", &date), ("start", &start.to_string())],
            )),
            Some(OutsideLife::AfterClosing(closed)) => Some(fill(
                w.refused_after_closing,
                &[("date", &date), ("closed", &closed.to_string())],
            )),
            // Dated after a `today` set back: the shell took it so.
            Some(OutsideLife::Future) | None => None,
        }
    }

    /// Writes the selected note to the file typed, then lets it go from
    /// the queue: its text is safe in the worker's own file.
    pub(super) fn submit_waiting_file(&mut self, named: &str) -> Effect {
        let Some(stuck) = self.selected_waiting().cloned() else {
            self.prompt = None;
            return Effect::Draw;
        };
        let shown = match self.write_text_file(named, &waiting_text(&stuck, self.lang)) {
            Ok(shown) => shown,
            Err(why) => return self.prompt_error(why),
        };
        self.prompt = None;
        match self.store.drop_queued(&stuck.id) {
            Ok(()) => {
                let w = self.lang.waiting();
                self.message = Some(fill(w.written_out, &[("path", &shown)]));
                self.let_go(&stuck.id);
            }
            Err(e) => self.save = SaveState::Failed(self.store_words(&e)),
        }
        Effect::Draw
    }

    /// A note out of the queue: out of the list, which closes when empty.
    fn let_go(&mut self, id: &str) {
        let rest: Vec<Stuck> = self
            .waiting
            .iter()
            .filter(|s| s.id != id)
            .cloned()
            .collect();
        self.set_waiting(rest);
        if self.waiting.is_empty() && matches!(self.overlay, Some(Overlay::Waiting { .. })) {
            self.overlay = None;
        }
    }
}

fn refused(lang: Lang, why: Waiting, code: &str) -> String {
    let w = lang.waiting();
    let template = match why {
        Waiting::NoSuchCase => w.refused_no_case,
        Waiting::Closed => w.refused_closed,
    };
    fill(template, &[("code", code)])
}

/// Why a note waits, in words.
pub fn why_waiting(lang: Lang, why: &Waiting) -> &'static str {
    let w = lang.waiting();
    match why {
        Waiting::NoSuchCase => w.no_such_case,
        Waiting::Closed => w.closed,
    }
}

/// A waiting note whole, as the list shows it and a file keeps it: the
/// case it named and why it waits, when and where, who wrote it, the
/// child's part, then the text.
pub fn waiting_text(stuck: &Stuck, lang: Lang) -> String {
    let (w, f) = (lang.waiting(), lang.forms());
    let note = &stuck.note;
    let place = match note.place {
        Some(p) => f.places[Place::ALL.iter().position(|q| *q == p).unwrap_or(0)],
        None => w.usual_place,
    };
    let mut lines = vec![
        format!(
            "{} ({})",
            fill(w.heading, &[("code", &note.case)]),
            why_waiting(lang, &stuck.why)
        ),
        fill(
            w.when,
            &[
                ("date", &note.date.to_string()),
                ("start", &note.start.format("%H:%M").to_string()),
                ("minutes", &note.minutes.to_string()),
                ("place", place),
            ],
        ),
        fill(
            w.written,
            &[
                ("by", &note.by),
                ("at", &note.at.format("%Y-%m-%d %H:%M").to_string()),
            ],
        ),
    ];
    if note.child || !note.child_words.is_empty() {
        lines.push(w.child_took_part.to_string());
    }
    if !note.child_words.is_empty() {
        lines.push(format!("{}: {}", w.child_words, note.child_words));
    }
    lines.push(String::new());
    lines.push(note.text.clone());
    let mut text = lines.join("\n");
    text.push('\n');
    text
}
