//! Saving an editor: the editor of the form's kind checks its values and
//! writes its record with the draft deleted in the same transaction
//! (`editor::write`); here the store is flushed before the screen says
//! "saved", and a failure keeps the editor open with its text.

use chrono::NaiveDateTime;

use super::{App, Effect};
use crate::editor::{self, Fail, FormKind, Saved, Writer};
use crate::i18n::fill;

impl App {
    /// Ctrl-S in an editor.
    pub fn save_form(&mut self, now: NaiveDateTime) -> Effect {
        // A drafted report's text follows its period before it is sent.
        if self.redraft_if_moved() {
            return Effect::Draw;
        }
        if let Some(why) = self.cannot_save() {
            self.message = Some(why);
            return Effect::Draw;
        }
        if let Some(asked) = self.save_question() {
            self.prompt = Some(super::Prompt::new(super::PromptKind::Confirm(asked)));
            return Effect::Draw;
        }
        let Some(form) = self.form.take() else {
            return Effect::None;
        };
        let result = {
            let file = form.kind.case().and_then(|c| self.file_named(c));
            let writer = Writer {
                store: &self.store,
                file: file.as_deref(),
                cx: self.ctx(now),
                draft: form.kind.draft_key(),
            };
            editor::write(&form, &writer)
        };
        match result {
            Ok(Saved {
                case: code,
                seq: written,
                message,
            }) => {
                let written_seq = written;
                self.saved(now, Ok(()));
                if let super::SaveState::Failed(_) = self.save {
                    // Written but not on disk: the editor stays open with its
                    // text and its draft, and says so; saving again writes
                    // over the same record rather than adding a second.
                    let mut form = form;
                    if let Some(seq) = written {
                        form.kind.set_seq(seq);
                    }
                    self.form = Some(form);
                    self.offer_draft_file(now);
                    return Effect::Draw;
                }
                if let Err(e) = self.reload(&code) {
                    self.save = super::SaveState::Failed(self.store_words(&e));
                }
                self.draft_slot.clear();
                let f = self.lang.forms();
                let said = if form.kind.neuter() {
                    f.saved_neuter
                } else {
                    f.saved
                };
                self.message =
                    Some(message.unwrap_or_else(|| fill(said, &[("title", &form.title)])));
                self.report_drafted = None;
                self.saved_forms += 1;
                self.backup_if_cheap(now);
                if form.kind == FormKind::NewCase {
                    // The case just registered is the one to work on.
                    if let Some(i) = self.row_of(&code) {
                        self.jump_to(i);
                        self.focus = super::Pane::Cases;
                    }
                }
                let mut written = super::history::written_record(&form.kind);
                if let (Some((_, seq @ None)), Some(w)) = (&mut written, written_seq) {
                    *seq = Some(w);
                }
                self.form_closed(written);
            }
            Err(Fail::Field(id, why)) => {
                let mut form = form;
                form.fail(id, why);
                self.form = Some(form);
            }
            Err(Fail::Store(e)) => {
                // The text stays in the editor; the store cannot keep it,
                // so a file is offered.
                self.save = super::SaveState::Failed(self.store_words(&e));
                self.form = Some(form);
                self.offer_draft_file(now);
            }
        }
        Effect::Draw
    }

    /// After a save, a backup while one is cheap (as after a command that
    /// wrote): should sled's log be left unreadable by a crash, what the
    /// screen said it saved is in a backup. A failed backup is said at the
    /// next exit, which tries again.
    fn backup_if_cheap(&self, now: NaiveDateTime) {
        let dir = self.store.dir().to_path_buf();
        if crate::store::backup::newest_bytes(&dir) < crate::store::backup::CHEAP_BACKUP {
            let _ = self.store.backup_if_older(now, chrono::Duration::zero());
        }
    }

    /// Why the open form cannot be saved at all: it only reads, its case is
    /// closed (but for reopening it, its follow-up and its avslutsrapport),
    /// or nobody signs.
    fn cannot_save(&mut self) -> Option<String> {
        let form = self.form.as_ref()?;
        let closed = form
            .kind
            .case()
            .and_then(|c| self.file_named(c))
            .is_some_and(|f| f.case.body.is_closed());
        if form.read_only
            || (closed
                && !matches!(
                    form.kind,
                    FormKind::EditCase { .. } | FormKind::FollowUp { .. } | FormKind::Report { .. }
                ))
        {
            return Some(self.lang.forms().read_only_mark.to_string());
        }
        if form
            .kind
            .case()
            .is_some_and(|c| self.file_named(c).is_none())
        {
            return Some(self.text().case_not_whole.to_string());
        }
        if self.worker.trim().is_empty() {
            self.prompt = Some(super::Prompt::new(super::PromptKind::Worker));
            return Some(self.text().worker_needed.to_string());
        }
        None
    }
}
