//! Opening editors, keys inside them, leaving them, and their drafts.
//! What each editor shows and writes is in `editor/`, one file per kind.

use chrono::NaiveDateTime;
use tui_textarea::Input;

use super::{Action, App, Effect, Pane, PromptKind};
use crate::domain::casefile::CaseFile;
use crate::domain::note::IsoWeek;
use crate::editor::{self, Draft, FieldKind, Form};

/// How often, at most, typed text waits before it is kept as a draft.
pub const DRAFT_EVERY: chrono::TimeDelta = chrono::TimeDelta::seconds(2);

/// A key in the "keep or discard?" question or the draft offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes,
    Discard,
    Back,
}

impl App {
    /// Opens the editor an action asks for, on the selected case.
    pub fn open_editor(&mut self, action: Action, now: NaiveDateTime) -> Effect {
        self.report_drafted = None;
        if self.refuse_editor(action) {
            return Effect::Draw;
        }
        if action == Action::NewCase {
            let form = editor::case::form(&self.ctx(now), None);
            return self.show_form(form, now);
        }
        let Some(file) = self.current().cloned() else {
            self.message = Some(self.lang.forms().no_case.to_string());
            return Effect::Draw;
        };
        // A closed case is read-only, but for reopening it, for the
        // family's follow-up, which comes after closing (002) and only
        // then, and for its avslutsrapport, often written once it is closed.
        let closed = file.case.body.is_closed();
        if closed && action == Action::Open && self.focus == Pane::Incidents {
            // The analysis opens to be read.
            let seq = self.selected_incident(&file);
            let form = editor::incident::form(&self.ctx(now), &file, seq)
                .reading(self.lang.forms().read_only_mark);
            return self.show_form(form, now);
        }
        let after_closing = [
            Action::EditCase,
            Action::FollowUp,
            Action::DraftReport,
            Action::RegisterReport,
        ];
        if closed && !after_closing.contains(&action) {
            self.message = Some(self.text().read_only.to_string());
            return Effect::Draw;
        }
        if !closed && action == Action::FollowUp {
            self.message = Some(self.lang.forms().follow_up_after_closing.to_string());
            return Effect::Draw;
        }
        let cx = self.ctx(now);
        let form = match action {
            Action::NewNote => editor::note::form(&cx, &file, None),
            Action::NewReflection => {
                editor::reflection::form(&cx, &file, self.reflection_week(&file))
            }
            Action::NewIncident => editor::incident::form(&cx, &file, None),
            Action::EditCase => editor::case::form(&cx, Some(&file)),
            Action::EditPlan => editor::plan::form(&cx, &file),
            Action::NewGoal => editor::goal::form(&cx, &file, None),
            Action::NewRating => editor::rating::form(&cx, &file, None),
            Action::RegisterReport => editor::report::form(&cx, &file, None),
            Action::CloseCase => editor::closing::form(&cx, &file),
            Action::FollowUp => editor::follow_up::form(&cx, &file, None),
            Action::DraftReport => {
                let kind = crate::report::default_kind(&file);
                return self.draft_report(kind, now);
            }
            Action::Open if self.focus == Pane::Incidents => {
                editor::incident::form(&cx, &file, self.selected_incident(&file))
            }
            _ => return Effect::None,
        };
        self.show_form(form, now)
    }

    /// A report of `kind` drafted from the selected case, in the report
    /// form, on its text.
    pub(super) fn draft_report(
        &mut self,
        kind: crate::domain::report::ReportKind,
        now: NaiveDateTime,
    ) -> Effect {
        let Some(file) = self.current().cloned() else {
            return Effect::None;
        };
        let (from, to) = crate::report::default_period(&file, kind, self.today);
        let drafted = self.draft_for(&file, kind, from, to);
        let mut form = editor::report::form(&self.ctx(now), &file, Some(drafted.clone()));
        form.cursor_to_top("text");
        self.report_drafted = Some(drafted);
        self.show_form(form, now)
    }

    /// The incident under pane 4's cursor.
    fn selected_incident(&self, file: &CaseFile) -> Option<u32> {
        let live: Vec<u32> = file
            .incidents
            .iter()
            .filter(|r| r.is_live())
            .map(|r| r.seq)
            .collect();
        live.get(self.incident.min(live.len().saturating_sub(1)))
            .copied()
    }

    /// The week the reflections pane points at: the one at its right, or
    /// the Fas 2 week it was moved back to.
    fn reflection_week(&self, file: &CaseFile) -> IsoWeek {
        let weeks = file.treatment_weeks(self.today);
        let this = IsoWeek::of(self.today);
        // The week at the pane's right: this one in Fas 2, the last of
        // Fas 2 once Fas 3 has begun; this week before Fas 2.
        (weeks.len().checked_sub(1 + self.week_offset))
            .and_then(|i| weeks.get(i))
            .copied()
            .unwrap_or(this)
    }

    /// Shows a form; a draft of the same thing left earlier is restored
    /// into it.
    pub fn show_form(&mut self, mut form: Form, now: NaiveDateTime) -> Effect {
        let key = form.kind.draft_key();
        // A form opened to be read shows the record, never a draft.
        let lists = if form.read_only {
            Vec::new()
        } else {
            vec![&mut self.pending_drafts, &mut self.kept_drafts]
        };
        for list in lists {
            if let Some(i) = list.iter().position(|d| d.kind.draft_key() == key) {
                let draft = list.remove(i);
                form.restore(&draft.values);
            }
        }
        self.draft_written = None;
        self.draft_slot.clear();
        if form.dirty {
            self.draft_slot
                .set(form.to_draft(now), editor::plain::as_text(&form, now));
        }
        // On a full disk, with its draft if it had one: to be read.
        self.form = Some(self.guard_form(form));
        // The question of who writes stays until it is answered.
        if !matches!(&self.prompt, Some(p) if p.kind == PromptKind::Worker) {
            self.prompt = None;
        }
        Effect::Draw
    }

    /// An action while an editor is open.
    pub fn form_action(&mut self, action: Action, now: NaiveDateTime) -> Effect {
        let Some(form) = self.form.as_mut() else {
            return Effect::None;
        };
        if form.read_only {
            return self.reading_action(action);
        }
        match action {
            Action::Save => return self.save_form(now),
            Action::Cancel => {
                if let Some(chain) = form.chain_mut() {
                    if chain.editing.is_some() {
                        chain.finish_editing();
                        return self.after_form_change(now);
                    }
                }
                if form.changed() {
                    form.leaving = true;
                } else {
                    self.close_form_discarding();
                }
            }
            Action::FocusNext | Action::FocusPrev => {
                form.move_focus(if action == Action::FocusNext { 1 } else { -1 });
                return self.after_form_move(now);
            }
            Action::Help => self.open_help(),
            Action::Redraw => return Effect::Redraw,
            Action::Up
            | Action::Down
            | Action::Top
            | Action::Bottom
            | Action::PageUp
            | Action::PageDown => {
                let delta = match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -10,
                    Action::PageDown => 10,
                    Action::Top => -1000,
                    _ => 1000,
                };
                match form.chain_mut() {
                    Some(chain) => chain.select(delta),
                    None => {
                        form.move_focus(delta.signum());
                        return self.after_form_move(now);
                    }
                }
            }
            Action::Open => {
                if let Some(chain) = form.chain_mut() {
                    chain.edit_selected();
                }
            }
            Action::LinkAdd
            | Action::LinkInsertBefore
            | Action::LinkDelete
            | Action::LinkMoveUp
            | Action::LinkMoveDown
            | Action::LinkKindNext
            | Action::LinkKindPrev
            | Action::LinkActorNext
            | Action::MarkBreakPoint => {
                let Some(chain) = form.chain_mut() else {
                    return Effect::None;
                };
                match action {
                    Action::LinkAdd => chain.add(false),
                    Action::LinkInsertBefore => chain.add(true),
                    Action::LinkDelete => chain.delete(),
                    Action::LinkMoveUp => chain.shift(-1),
                    Action::LinkMoveDown => chain.shift(1),
                    Action::LinkKindNext => chain.kind_next(),
                    Action::LinkKindPrev => chain.kind_prev(),
                    Action::LinkActorNext => chain.actor_next(),
                    _ => chain.mark_break_point(),
                }
                form.dirty = true;
                return self.after_form_change(now);
            }
            _ => return Effect::None,
        }
        Effect::Draw
    }

    /// Keys of a record opened to be read: move, close; nothing changes.
    fn reading_action(&mut self, action: Action) -> Effect {
        let Some(form) = self.form.as_mut() else {
            return Effect::None;
        };
        match action {
            // Back to where it was opened from (the history).
            Action::Cancel | Action::Back | Action::Quit => {
                self.form = None;
                self.draft_slot.clear();
                self.form_closed(None);
            }
            Action::FocusNext | Action::Down | Action::PageDown => form.move_focus(1),
            Action::FocusPrev | Action::Up | Action::PageUp => form.move_focus(-1),
            Action::Help => self.open_help(),
            Action::Redraw => return Effect::Redraw,
            _ => self.message = Some(self.read_only_words()),
        }
        Effect::Draw
    }

    /// A key for the focused field of the open editor.
    pub fn form_input(&mut self, input: Input, now: NaiveDateTime) -> Effect {
        let Some(form) = self.form.as_mut() else {
            return Effect::None;
        };
        if form.read_only {
            self.message = Some(self.read_only_words());
            return Effect::Draw;
        }
        if form.input(input) {
            self.form_changed(now);
            return self.after_form_change(now);
        }
        // Moving the cursor changes the screen, not the text.
        Effect::Draw
    }

    /// Whether typed characters go straight into the text of the open
    /// editor's focused field, and whether line breaks do too (see
    /// [`editor::Form::takes_typing`]); `None` when a key means more.
    pub fn takes_typing(&self) -> Option<bool> {
        if self.overlay.is_some() || self.prompt.is_some() || self.offered_draft().is_some() {
            return None;
        }
        self.form.as_ref()?.takes_typing()
    }

    /// Characters typed together into the focused field, as one edit: a
    /// paste that arrives as keys lands at once, with one redraw and one
    /// copy for the draft, however long it is.
    pub fn form_type(&mut self, text: &str, now: NaiveDateTime) -> Effect {
        if !self.form.as_mut().is_some_and(|form| form.type_text(text)) {
            return Effect::None;
        }
        self.form_changed(now);
        self.after_form_change(now)
    }

    /// What the open editor redoes after its values changed.
    fn form_changed(&mut self, now: NaiveDateTime) {
        // Out of its place while the case is read beside it.
        let Some(mut form) = self.form.take() else {
            return;
        };
        let file = form.kind.case().and_then(|c| self.file_named(c));
        let file = file.as_deref();
        let cx = editor::Ctx {
            lang: self.lang,
            today: self.today,
            now,
            worker: &self.worker,
        };
        editor::changed(&mut form, &cx, file);
        self.form = Some(form);
    }

    /// Jumps to field `n` (alt-digit).
    pub fn form_jump(&mut self, n: usize, now: NaiveDateTime) -> Effect {
        match self.form.as_mut() {
            Some(form) => {
                form.jump(n);
                self.after_form_move(now)
            }
            None => Effect::None,
        }
    }

    pub fn form_paste(&mut self, text: &str, now: NaiveDateTime) -> Effect {
        let Some(form) = self.form.as_mut() else {
            return self.prompt_paste(text, now);
        };
        if form.read_only {
            return Effect::None;
        }
        let pasted = form.paste(text);
        if pasted.removed > 0 {
            self.message = Some(self.lang.safety().paste_cleaned.count(pasted.removed, &[]));
        }
        if pasted.changed {
            self.form_changed(now);
            return self.after_form_change(now);
        }
        Effect::Draw
    }

    /// After a change of text: the signal thread's copy now, the store's at
    /// least every two seconds.
    fn after_form_change(&mut self, now: NaiveDateTime) -> Effect {
        if let Some(form) = &self.form {
            let draft = form.to_draft(now);
            self.draft_slot
                .set(draft, editor::plain::as_text(form, now));
            self.draft_unwritten = true;
            if self.draft_written.is_none_or(|t| now - t >= DRAFT_EVERY) {
                self.write_draft(now);
            }
        }
        Effect::Draw
    }

    /// Whether typed text is waiting to be kept as a draft.
    /// Asked once per event: a flag, not a comparison of the whole text.
    pub fn draft_due(&self) -> bool {
        self.form.is_some() && self.draft_unwritten && self.draft_slot.is_set()
    }

    /// Writes the current draft to the store (it reaches the disk with the
    /// store's next flush, at most half a second later).
    pub fn write_draft(&mut self, now: NaiveDateTime) {
        if let Some(draft) = self.draft_slot.get() {
            match self.store.put_draft(&draft.kind.draft_key(), &draft) {
                Ok(()) => {
                    self.draft_written = Some(now);
                    self.draft_unwritten = false;
                }
                // Said at once (a full disk): the text is only on the
                // screen, and Ctrl-S will offer a file.
                Err(e) => self.save = super::SaveState::Failed(self.store_words(&e)),
            }
        }
    }

    /// The answer to "keep as a draft or discard?" when leaving an editor.
    pub fn leave_answer(&mut self, answer: Answer, now: NaiveDateTime) -> Effect {
        let Some(form) = self.form.as_mut() else {
            return Effect::None;
        };
        match answer {
            Answer::Back => form.leaving = false,
            Answer::Yes => {
                let draft = form.to_draft(now);
                let result = self
                    .store
                    .put_draft(&draft.kind.draft_key(), &draft)
                    .and_then(|()| self.store.flush());
                match result {
                    Ok(()) => {
                        self.pending_drafts.retain(|d| d.kind != draft.kind);
                        self.kept_drafts.retain(|d| d.kind != draft.kind);
                        self.kept_drafts.push(draft);
                        self.form = None;
                        self.draft_slot.clear();
                        self.form_closed(None);
                        self.message = Some(self.lang.forms().draft_kept.to_string());
                    }
                    Err(e) => self.save = super::SaveState::Failed(self.store_words(&e)),
                }
            }
            Answer::Discard => {
                self.close_form_discarding();
                self.message = Some(self.lang.forms().draft_discarded.to_string());
            }
        }
        Effect::Draw
    }

    fn close_form_discarding(&mut self) {
        if let Some(form) = self.form.take() {
            let _ = self.store.remove_draft(&form.kind.draft_key());
            let _ = self.store.flush();
        }
        self.draft_slot.clear();
        self.form_closed(None);
    }

    /// The draft offered at start, if any (and no editor is open).
    pub fn offered_draft(&self) -> Option<&Draft> {
        if self.form.is_some() || self.offer_dismissed || self.prompt.is_some() {
            return None;
        }
        self.pending_drafts.first()
    }

    /// The answer to the draft offered at start.
    pub fn draft_answer(&mut self, answer: Answer, now: NaiveDateTime) -> Effect {
        let Some(draft) = self.offered_draft().cloned() else {
            return Effect::None;
        };
        match answer {
            Answer::Yes => return self.restore_draft(draft, now),
            Answer::Discard => {
                self.pending_drafts.remove(0);
                let _ = self.store.remove_draft(&draft.kind.draft_key());
                let _ = self.store.flush();
                self.message = Some(self.lang.forms().draft_discarded.to_string());
            }
            Answer::Back => self.offer_dismissed = true,
        }
        Effect::Draw
    }

    /// Opens the editor a draft belongs to, with the draft's text.
    pub fn restore_draft(&mut self, draft: Draft, now: NaiveDateTime) -> Effect {
        self.report_drafted = None;
        let file = (draft.kind.case())
            .and_then(|c| self.file_named(c))
            .map(std::borrow::Cow::into_owned);
        let Some(form) = editor::reopen(&draft.kind, file.as_ref(), &self.ctx(now)) else {
            // The case is gone: keep the draft, say nothing is lost.
            self.offer_dismissed = true;
            return Effect::Draw;
        };
        if let Some(code) = draft.kind.case() {
            if let Some(i) = self.row_of(code) {
                self.jump_to(i);
            }
        }
        self.show_form(form, now)
    }

    /// The focused field of the open editor is the chain, not typing text.
    pub fn in_chain(&self) -> bool {
        self.form
            .as_ref()
            .and_then(|f| f.focused())
            .is_some_and(|f| matches!(&f.kind, FieldKind::Chain(c) if c.editing.is_none()))
    }

    /// The title of the draft offered, in the language of the screen: a
    /// draft kept in another language's session keeps the title it had.
    pub fn offered_draft_title(&self) -> Option<String> {
        let d = self.offered_draft()?;
        let file = d.kind.case().and_then(|c| self.file_named(c));
        let now = d.saved_at;
        Some(
            editor::reopen(&d.kind, file.as_deref(), &self.ctx(now))
                .map_or_else(|| d.title.clone(), |form| form.title),
        )
    }

    /// The draft offer line, for the screen.
    pub fn draft_offer_text(&self) -> Option<String> {
        let d = self.offered_draft()?;
        let f = self.lang.forms();
        let title = self.offered_draft_title().unwrap_or_default();
        Some(f.draft_offer.count(
            self.pending_drafts.len(),
            &[
                ("time", &d.saved_at.format("%Y-%m-%d %H:%M").to_string()),
                ("title", &title),
            ],
        ))
    }
}
