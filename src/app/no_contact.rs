//! A week of Fas 2 without contact (`u` in the reflections pane): the
//! oldest week owed a reflection is closed honestly, with why there was
//! no contact, instead of staying overdue or being backdated.

use chrono::NaiveDateTime;

use super::{App, Prompt, PromptKind};
use crate::domain::IsoWeek;
use crate::domain::due::missing_reflection_weeks;
use crate::domain::note::NoContact;
use crate::i18n::fill;

impl App {
    /// Asks why, for the oldest week owed; says so when none is.
    pub(super) fn ask_no_contact(&mut self) {
        let Some(file) = self.current() else {
            return;
        };
        match missing_reflection_weeks(file, self.today).and_then(|w| w.first().copied()) {
            Some(week) => self.prompt = Some(Prompt::new(PromptKind::NoContact(week))),
            None => self.message = Some(self.text().no_contact_none.to_string()),
        }
    }

    /// Writes the week as without contact, for the reason given.
    pub(super) fn submit_no_contact(
        &mut self,
        week: IsoWeek,
        reason: &str,
        now: NaiveDateTime,
    ) -> super::Effect {
        let reason = reason.trim().to_string();
        if reason.is_empty() || reason.chars().any(char::is_control) {
            let needed = self.lang.forms().required.to_string();
            if let Some(p) = &mut self.prompt {
                p.error = Some(needed);
            }
            return super::Effect::Draw;
        }
        self.prompt = None;
        let Some(code) = self.current().map(|f| f.code().to_string()) else {
            return super::Effect::Draw;
        };
        let body = NoContact {
            week,
            date: self.today,
            reason: reason.clone(),
        };
        let written = self.store.add(&code, body, &self.worker, now).map(|_| ());
        let failed = written.is_err();
        self.saved(now, written);
        if !failed {
            let _ = self.reload(&code);
            self.message = Some(fill(
                self.text().no_contact_saved,
                &[("week", &week.week.to_string()), ("reason", &reason)],
            ));
        }
        super::Effect::Draw
    }
}
