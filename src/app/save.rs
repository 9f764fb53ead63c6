//! Saving an editor: the editor of the form's kind checks its values and
//! writes its record with the draft deleted in the same transaction
//! (`editor::write`); here the store is flushed before the screen says
//! "saved", and a failure keeps the editor open with its text.

use chrono::NaiveDateTime;

use super::{App, Effect};
use crate::editor::{self, Fail, Saved, Writer};
use crate::i18n::fill;

impl App {
    /// Ctrl-S in an editor.
    pub fn save_form(&mut self, now: NaiveDateTime) -> Effect {
        // A drafted report's text follows its period before it is sent.
        if self.redraft_if_moved() {
            return Effect::Draw;
        }
        let Some(form) = self.form.take() else {
            return Effect::None;
        };
        let result = {
            let file = form
                .kind
                .case()
                .and_then(|c| self.files.iter().find(|f| f.code() == c));
            let writer = Writer {
                store: &self.store,
                file,
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
                self.message =
                    Some(message.unwrap_or_else(|| {
                        fill(self.lang.forms().saved, &[("title", &form.title)])
                    }));
                self.report_drafted = None;
                self.saved_forms += 1;
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
}
