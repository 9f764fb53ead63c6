//! How actions change the state.

use chrono::NaiveDateTime;

use super::{Action, App, Effect, Overlay, Pane, Prompt, PromptKind, SortBy};
use crate::domain::case::Case;
use crate::domain::steps::checklist;
use crate::i18n::fill;

/// How many weeks a page key moves the reflections pane.
const WEEKS_A_PAGE: i64 = 4;

/// A key while a prompt is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKey {
    Char(char),
    Backspace,
    /// Ctrl-U, as in a shell: the answer cleared.
    Clear,
    Submit,
    Cancel,
}

impl App {
    /// Acts on one action; says whether and how to draw.
    pub fn update(&mut self, action: Action, now: NaiveDateTime) -> Effect {
        let effect = self.update_in(action, now);
        // Whatever the action selected, the case on screen is read whole.
        self.hold_current_whole();
        effect
    }

    fn update_in(&mut self, action: Action, now: NaiveDateTime) -> Effect {
        let had_message = self.message.take().is_some();
        let effect = match &self.overlay {
            Some(Overlay::Help { .. }) => self.update_help(action),
            _ if self.viewer.is_some() => self.update_viewer(action, now),
            Some(Overlay::Overdue { .. }) => self.update_overdue(action),
            Some(Overlay::History { .. }) => self.update_history(action, now),
            Some(Overlay::Stats { .. }) => self.update_stats(action),
            Some(Overlay::Details { .. }) => self.update_details(action),
            Some(Overlay::Waiting { .. }) => self.update_waiting(action),
            Some(Overlay::Journal { .. }) => self.update_journal(action, now),
            None if self.form.is_some() => self.form_action(action, now),
            None => self.update_main(action, now),
        };
        match effect {
            Effect::None if had_message || self.message.is_some() => Effect::Draw,
            e => e,
        }
    }

    fn update_main(&mut self, action: Action, now: NaiveDateTime) -> Effect {
        use Action::*;
        match action {
            Quit => return Effect::Quit,
            Help => self.open_help(),
            Redraw => return Effect::Redraw,
            FocusNext | FocusPrev => {
                let n = Pane::ALL.len();
                let step = if action == FocusNext { 1 } else { n - 1 };
                self.set_focus(Pane::ALL[(self.focus.index() + step) % n]);
            }
            FocusCases => self.focus = Pane::Cases,
            FocusChecklist => self.focus = Pane::Checklist,
            FocusReflections => self.focus = Pane::Reflections,
            FocusIncidents => self.set_focus(Pane::Incidents),
            FocusNotes => self.set_focus(Pane::Notes),
            Up => self.move_cursor(-1),
            Down => self.move_cursor(1),
            PageUp => self.move_cursor(-10),
            PageDown => self.move_cursor(10),
            Top => self.move_cursor(i64::MIN / 2),
            Bottom => self.move_cursor(i64::MAX / 2),
            Open => match self.focus {
                Pane::Cases => self.focus = Pane::Checklist,
                Pane::Checklist => return self.open_step(now),
                Pane::Reflections => return self.open_editor(NewReflection, now),
                Pane::Incidents => return self.open_editor(Open, now),
                Pane::Notes => return self.view_note(now),
            },
            Edit => match self.focus {
                Pane::Notes => return self.edit_note(now),
                Pane::Reflections => return self.edit_goal(now),
                _ => return Effect::None,
            },
            Back => {
                if !self.filter.is_empty() {
                    self.filter.clear();
                    self.refresh_visible();
                } else if self.focus == Pane::Cases {
                    return Effect::None;
                } else {
                    self.focus = Pane::Cases;
                }
            }
            Filter => {
                self.focus = Pane::Cases;
                self.prompt = Some(Prompt {
                    text: self.filter.clone(),
                    ..Prompt::new(PromptKind::Filter)
                });
            }
            Sort => {
                self.sort = match self.sort {
                    SortBy::Code => SortBy::MostOverdue,
                    SortBy::MostOverdue => SortBy::LastContact,
                    SortBy::LastContact => SortBy::Code,
                };
                self.refresh_visible();
            }
            OverdueView => self.overlay = Some(Overlay::Overdue { selected: 0 }),
            ToggleStep => return self.toggle_step(now),
            EditDate => self.ask_step_date(),
            PhaseNext | PhasePrev => return self.ask_phase_move(action == PhaseNext, now),
            NewCase | EditCase | EditPlan | NewGoal | NewNote | NewReflection | NewIncident
            | NewRating | RegisterReport | CloseCase => return self.open_editor(action, now),
            History => {
                if self.current().is_some() {
                    self.overlay = Some(Overlay::History {
                        selected: 0,
                        version: None,
                    });
                }
            }
            DraftReport | FollowUp => return self.open_editor(action, now),
            Stats => {
                self.stats = Some(self.closed_stats());
                self.overlay = Some(Overlay::Stats { scroll: 0 });
            }
            WaitingNotes => self.open_waiting(),
            JournalView => self.open_journal(),
            PurgeCase => self.ask_purge(),
            NoContactWeek => self.ask_no_contact(),
            WeekBack | WeekForward if self.focus == Pane::Reflections => {
                self.move_week(if action == WeekBack { 1 } else { -1 });
            }
            WeekBack | WeekForward => return Effect::None,
            CaseDetails => {
                if self.current().is_none() {
                    return Effect::None;
                }
                self.overlay = Some(Overlay::Details { scroll: 0 });
            }
            Save | Cancel | LinkAdd | LinkInsertBefore | LinkDelete | LinkMoveUp | LinkMoveDown
            | LinkKindNext | LinkKindPrev | LinkActorNext | MarkBreakPoint | Remove
            | AssignNote | NoteToFile | MarkTransferred | MarkAllTransferred => {
                return Effect::None;
            }
        }
        Effect::Draw
    }

    /// Pane 3 looks `back` weeks further back (forward when negative),
    /// never outside the weeks of Fas 2 it shows: the week at its right
    /// is the one `r` writes.
    fn move_week(&mut self, back: i64) {
        let weeks = (self.current()).map_or(0, |f| f.treatment_weeks(self.today).len());
        let moved = (self.week_offset as i64).saturating_add(back);
        self.week_offset = moved.clamp(0, weeks.saturating_sub(1) as i64) as usize;
    }

    /// The `?` overlay, over the view in front (given back when it closes).
    pub(super) fn open_help(&mut self) {
        let over = self.overlay.take();
        if !matches!(over, Some(Overlay::Help { .. })) {
            self.help_back = over;
        }
        self.overlay = Some(Overlay::Help { scroll: 0 });
    }

    fn update_help(&mut self, action: Action) -> Effect {
        let (effect, close) = match &mut self.overlay {
            Some(Overlay::Help { scroll }) => scroll_view(scroll, action, Action::Help),
            _ => return Effect::None,
        };
        if close {
            self.overlay = self.help_back.take();
        }
        effect
    }

    fn update_stats(&mut self, action: Action) -> Effect {
        let (effect, close) = match &mut self.overlay {
            Some(Overlay::Stats { scroll }) => scroll_view(scroll, action, Action::Stats),
            _ => return Effect::None,
        };
        if close {
            self.overlay = None;
        }
        effect
    }

    /// The case details: they scroll, `?` shows the keys over them, and
    /// their key again, Esc or `q` closes them.
    fn update_details(&mut self, action: Action) -> Effect {
        if action == Action::Help {
            self.open_help();
            return Effect::Draw;
        }
        let (effect, close) = match &mut self.overlay {
            Some(Overlay::Details { scroll }) => scroll_view(scroll, action, Action::CaseDetails),
            _ => return Effect::None,
        };
        if close {
            self.overlay = None;
        }
        effect
    }

    fn update_overdue(&mut self, action: Action) -> Effect {
        let rows = self.overdue_rows().len();
        let Some(Overlay::Overdue { selected }) = &mut self.overlay else {
            return Effect::None;
        };
        let last = rows.saturating_sub(1);
        match action {
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom => *selected = moved_in_list(*selected, last, action),
            Action::Open => {
                let pick = *selected;
                self.overlay = None;
                if let Some(row) = self.overdue_rows().get(pick) {
                    self.jump_to(row.file);
                }
            }
            Action::OverdueView | Action::Back | Action::Cancel | Action::Quit => {
                self.overlay = None
            }
            Action::Help => self.open_help(),
            Action::Redraw => return Effect::Redraw,
            _ => return Effect::None,
        }
        Effect::Draw
    }

    /// Selects a case by its index in `files`, clearing a filter that hides it.
    pub fn jump_to(&mut self, file: usize) {
        if !self.visible.contains(&file) {
            self.filter.clear();
            self.refresh_visible();
        }
        if let Some(pos) = self.visible.iter().position(|i| *i == file) {
            self.selected = pos;
        }
        self.hold_current_whole();
        self.reset_case_cursors();
        self.focus = Pane::Checklist;
    }

    fn reset_case_cursors(&mut self) {
        self.step = 0;
        self.week_offset = 0;
        self.incident = 0;
        self.note = 0;
        self.goal = 0;
    }

    /// Focuses a pane; the incidents and the notes take their shared
    /// place as they are focused.
    pub fn set_focus(&mut self, pane: Pane) {
        self.focus = pane;
        if matches!(pane, Pane::Incidents | Pane::Notes) {
            self.lower = pane;
        }
    }

    fn move_cursor(&mut self, delta: i64) {
        let clamp = |pos: usize, len: usize| -> usize {
            (pos as i64)
                .saturating_add(delta)
                .clamp(0, len.saturating_sub(1) as i64) as usize
        };
        match self.focus {
            Pane::Cases => {
                let before = self.selected;
                self.selected = clamp(self.selected, self.visible.len());
                if before != self.selected {
                    self.reset_case_cursors();
                    self.hold_current_whole();
                }
            }
            Pane::Checklist => {
                let len = self.current().map_or(0, |f| checklist(f).len());
                self.step = clamp(self.step, len);
            }
            Pane::Reflections if delta.abs() == 1 => {
                let len = self
                    .current()
                    .map_or(0, |f| f.goals.iter().filter(|g| g.is_live()).count());
                self.goal = clamp(self.goal, len);
            }
            Pane::Reflections => {
                // A page up looks further back, a page down comes towards
                // this week. A page is four weeks; home and end go all the way.
                let delta = if delta.abs() == 10 {
                    delta.signum() * WEEKS_A_PAGE
                } else {
                    delta
                };
                self.move_week(-delta);
            }
            Pane::Notes => {
                let len = self
                    .current()
                    .map_or(0, |f| f.notes.iter().filter(|r| r.is_live()).count());
                self.note = clamp(self.note, len);
            }
            Pane::Incidents => {
                let len = self
                    .current()
                    .map_or(0, |f| f.incidents.iter().filter(|r| r.is_live()).count());
                self.incident = clamp(self.incident, len);
            }
        }
    }

    /// Changes the selected case with `change` and saves it, keeping the
    /// earlier version in its history. A closed case is read-only.
    pub(super) fn edit_case(
        &mut self,
        now: NaiveDateTime,
        change: impl FnOnce(&mut Case) -> Option<String>,
    ) -> Effect {
        let Some(file) = self.current() else {
            return Effect::None;
        };
        if file.case.body.is_closed() {
            self.message = Some(self.text().read_only.to_string());
            return Effect::Draw;
        }
        let mut record = file.case.clone();
        let mut body = record.body.clone();
        let message = change(&mut body);
        if body == record.body {
            self.message = message;
            return Effect::Draw;
        }
        let code = body.code.clone();
        record.edit(body, &self.worker, now);
        let result = self.store.put(&record);
        self.saved(now, result);
        if let Err(e) = self.reload(&code) {
            self.save = super::SaveState::Failed(self.store_words(&e));
        }
        // What the change did is said only when it was saved: the failure
        // says the rest.
        if !matches!(self.save, super::SaveState::Failed(_)) {
            self.message = message;
        }
        Effect::Draw
    }

    pub(super) fn move_phase(&mut self, forward: bool, now: NaiveDateTime) -> Effect {
        let today = self.today;
        let t = self.text();
        let effect = self.edit_case(now, |case| {
            let moved = if forward {
                case.phase_forward(today)
            } else {
                case.phase_back(today)
            };
            Some(match (moved, forward) {
                (true, _) => fill(
                    t.phase_moved,
                    &[
                        ("phase", t.phase(case.phase())),
                        (
                            "date",
                            &case.phase_began(case.phase()).unwrap_or(today).to_string(),
                        ),
                    ],
                ),
                (false, true) => t.phase_last.to_string(),
                (false, false) => t.phase_first.to_string(),
            })
        });
        self.step = 0;
        effect
    }

    /// A key while a prompt is open.
    pub fn prompt_key(&mut self, key: PromptKey, now: NaiveDateTime) -> Effect {
        let Some(prompt) = &mut self.prompt else {
            return Effect::None;
        };
        match key {
            // A control character is not taken (a C1 one comes as a key).
            PromptKey::Char(c) if crate::domain::text::is_control(c) => return Effect::None,
            // A question of yes or no takes those letters, nothing typed.
            PromptKey::Char(c) if matches!(prompt.kind, PromptKind::Confirm(_)) => {
                let PromptKind::Confirm(asked) = prompt.kind else {
                    return Effect::None;
                };
                return match c.to_ascii_lowercase() {
                    'j' | 'y' => self.answer_confirm(asked, true, now),
                    'n' => self.answer_confirm(asked, false, now),
                    _ => Effect::None,
                };
            }
            PromptKey::Char(c) => {
                if prompt.suggested {
                    prompt.text.clear();
                }
                prompt.text.push(c);
                prompt.error = None;
                prompt.suggested = false;
            }
            PromptKey::Backspace if prompt.suggested => {
                prompt.text.clear();
                prompt.suggested = false;
            }
            PromptKey::Backspace => {
                prompt.text.pop();
                prompt.error = None;
            }
            PromptKey::Clear => {
                prompt.text.clear();
                prompt.error = None;
                prompt.suggested = false;
            }
            // Nobody to sign: Esc leaves insats, nothing was written.
            PromptKey::Cancel if prompt.kind == PromptKind::Worker => {
                return Effect::Quit;
            }
            PromptKey::Cancel => {
                if matches!(prompt.kind, PromptKind::Redraft(..)) {
                    return self.answer_redraft(false);
                }
                if let PromptKind::Confirm(asked) = prompt.kind {
                    return self.answer_confirm(asked, false, now);
                }
                if prompt.kind == PromptKind::Filter {
                    self.filter.clear();
                    self.refresh_visible();
                }
                self.prompt = None;
                return Effect::Draw;
            }
            PromptKey::Submit => return self.submit_prompt(now),
        }
        if let Some(Prompt {
            kind: PromptKind::Filter,
            text,
            ..
        }) = &self.prompt
        {
            self.filter = text.clone();
            self.refresh_visible();
        }
        Effect::Draw
    }

    /// Typed or pasted text into an open prompt (one line: line breaks
    /// become spaces, so a paste never submits).
    pub fn prompt_paste(&mut self, text: &str, now: NaiveDateTime) -> Effect {
        if self.prompt.is_none() {
            return Effect::None;
        }
        // Escape sequences go whole, not only their ESC.
        let (text, _) = crate::editor::controls::clean_paste(text);
        for c in text.chars() {
            let c = if c == '\n' || c == '\t' { ' ' } else { c };
            self.prompt_key(PromptKey::Char(c), now);
        }
        Effect::Draw
    }

    fn submit_prompt(&mut self, now: NaiveDateTime) -> Effect {
        let Some(prompt) = self.prompt.clone() else {
            return Effect::None;
        };
        match prompt.kind {
            PromptKind::Filter => {
                self.prompt = None;
                self.selected = 0;
                self.reset_case_cursors();
                Effect::Draw
            }
            PromptKind::StepDate(step) => self.submit_step_date(step, &prompt.text, now),
            PromptKind::StepNote(step) => self.submit_step_note(step, &prompt.text, now),
            PromptKind::Redraft(..) => self.answer_redraft(true),
            PromptKind::Worker => {
                let initials = prompt.text.trim().to_string();
                if initials.is_empty() || initials.chars().any(char::is_control) {
                    let needed = self.text().worker_needed.to_string();
                    if let Some(p) = &mut self.prompt {
                        p.error = Some(needed);
                    }
                    return Effect::Draw;
                }
                self.prompt = None;
                self.worker = initials.clone();
                self.worker_asked = Some(initials);
                Effect::Draw
            }
            PromptKind::DraftFile { .. } => self.submit_draft_file(&prompt.text, now),
            PromptKind::WaitingCase => self.submit_waiting_case(&prompt.text, now),
            PromptKind::WaitingFile => self.submit_waiting_file(&prompt.text),
            PromptKind::Confirm(asked) => self.answer_confirm(asked, true, now),
            PromptKind::NoContact(week) => self.submit_no_contact(week, &prompt.text, now),
            PromptKind::RemoveReason(kind, seq) => {
                let reason = prompt.text.trim().to_string();
                if reason.is_empty() {
                    let needed = self.lang.forms().required.to_string();
                    if let Some(p) = &mut self.prompt {
                        p.error = Some(needed);
                    }
                    return Effect::Draw;
                }
                self.prompt = None;
                if let Err(e) = self.remove_record(kind, seq, &reason, now) {
                    self.save = super::SaveState::Failed(self.store_words(&e));
                }
                Effect::Draw
            }
        }
    }

    /// Follows the clock when `today` was not fixed on the command line.
    pub fn set_today(&mut self, today: chrono::NaiveDate) -> Effect {
        if today == self.today {
            return Effect::None;
        }
        self.today = today;
        self.redo_items();
        self.refresh_visible();
        Effect::Draw
    }
}

/// Keys of a view that only scrolls: it moves, or says to close it (on
/// `closer`, back, cancel or quit).
fn scroll_view(scroll: &mut usize, action: Action, closer: Action) -> (Effect, bool) {
    match action {
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::Down => *scroll += 1,
        Action::PageUp => *scroll = scroll.saturating_sub(10),
        Action::PageDown => *scroll += 10,
        Action::Top => *scroll = 0,
        Action::Back | Action::Cancel | Action::Quit => return (Effect::Draw, true),
        a if a == closer => return (Effect::Draw, true),
        Action::Redraw => return (Effect::Redraw, false),
        _ => return (Effect::None, false),
    }
    (Effect::Draw, false)
}

/// The position after a move in a list whose last index is `last`.
pub(super) fn moved_in_list(at: usize, last: usize, action: Action) -> usize {
    match action {
        Action::Up => at.saturating_sub(1),
        Action::Down => (at + 1).min(last),
        Action::PageUp => at.saturating_sub(10),
        Action::PageDown => (at + 10).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        _ => at,
    }
}
