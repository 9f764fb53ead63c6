//! A drafted report follows its period: when the kind or the dates change
//! (on leaving the field, and before `Ctrl-S`), the draft is written again
//! from the case file — at once while its text is as drafted, after asking
//! when the worker has edited it. Dates and text never disagree silently.

use chrono::NaiveDateTime;

use super::{App, Effect, Prompt, PromptKind};
use crate::editor::FormKind;
use crate::editor::report::{Drafted, period};
use crate::i18n::fill;
use crate::report::{Format, draft_report};

impl App {
    /// A report of `kind` for `from`–`to` drafted from the selected case.
    pub(super) fn draft_for(
        &self,
        file: &crate::domain::casefile::CaseFile,
        kind: crate::domain::report::ReportKind,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Drafted {
        let text = draft_report(
            file,
            kind,
            from,
            to,
            self.lang,
            Format::Text,
            self.rules.report_weeks,
        );
        Drafted {
            kind,
            from,
            to,
            text,
        }
    }

    /// Writes the draft again when the form's period is no longer the
    /// drafted one; asks first when its text was edited. True when the
    /// form changed or a question is open (a save waits for it).
    pub(super) fn redraft_if_moved(&mut self) -> bool {
        let (Some(form), Some(drafted)) = (&self.form, &self.report_drafted) else {
            return false;
        };
        let FormKind::Report { case } = &form.kind else {
            return false;
        };
        let Some((kind, mut from, mut to)) = period(form, self.today) else {
            return false;
        };
        if (kind, from, to) == (drafted.kind, drafted.from, drafted.to) || to < from {
            return false;
        }
        let Some(file) = self.file_named(case).map(std::borrow::Cow::into_owned) else {
            return false;
        };
        let file = &file;
        // Another kind of report with the dates untouched: the period that
        // kind covers.
        let moved_kind = kind != drafted.kind && (from, to) == (drafted.from, drafted.to);
        if moved_kind {
            (from, to) = crate::report::default_period(file, kind, self.today);
        }
        let edited = form.text("text").trim_end() != drafted.text.trim_end();
        let new = self.draft_for(file, kind, from, to);
        if moved_kind {
            if let Some(form) = &mut self.form {
                form.set_text("from", &from.to_string());
                form.set_text("to", &to.to_string());
            }
        }
        if edited {
            self.prompt = Some(Prompt::new(PromptKind::Redraft(from, to)));
        } else {
            self.message = Some(fill(
                self.lang.forms().redrafted,
                &[("from", &from.to_string()), ("to", &to.to_string())],
            ));
            self.apply_redraft(new);
        }
        true
    }

    /// The question answered: Enter writes the draft again, Esc keeps the
    /// text as edited for the new period.
    pub(super) fn answer_redraft(&mut self, rewrite: bool) -> Effect {
        self.prompt = None;
        let Some(form) = &self.form else {
            return Effect::Draw;
        };
        let Some((kind, from, to)) = period(form, self.today) else {
            return Effect::Draw;
        };
        let FormKind::Report { case } = &form.kind else {
            return Effect::Draw;
        };
        let Some(file) = self.file_named(case).map(std::borrow::Cow::into_owned) else {
            return Effect::Draw;
        };
        let file = &file;
        let mut new = self.draft_for(file, kind, from, to);
        if !rewrite {
            new.text = form.text("text");
        }
        self.apply_redraft(new);
        Effect::Draw
    }

    fn apply_redraft(&mut self, new: Drafted) {
        if let Some(form) = &mut self.form {
            if form.text("text") != new.text {
                form.set_text("text", &new.text);
                form.cursor_to_top("text");
                form.dirty = true;
            }
        }
        self.report_drafted = Some(new);
    }

    /// After a move between a report form's fields.
    pub(super) fn after_form_move(&mut self, _now: NaiveDateTime) -> Effect {
        self.redraft_if_moved();
        Effect::Draw
    }
}
