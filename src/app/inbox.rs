//! Notes queued from another window (`insats note -m` while this session
//! holds the store, `store/inbox.rs`) taken into the open session: at
//! start and then every second, each shown as it arrives.

use chrono::NaiveDateTime;

use super::{App, Effect, Pane, SaveState};
use crate::i18n::fill;
use crate::store::StoreError;
use crate::store::inbox::{Intake, Waiting};

impl App {
    /// Takes in what waits in the inbox and says so; nothing to draw when
    /// nothing came.
    pub fn take_inbox(&mut self, now: NaiveDateTime) -> Effect {
        match self.store.take_inbox() {
            Ok(intake) => {
                let came = !intake.taken.is_empty();
                let said = self.take_in(intake);
                if came {
                    // take_inbox flushed the store before it deleted a file.
                    self.save = SaveState::Saved(now.time());
                }
                if said { Effect::Draw } else { Effect::None }
            }
            Err(e) => self.inbox_failed(e),
        }
    }

    /// The notes taken in put into their cases, and a word about them and
    /// about any still waiting (each said once a session); true when
    /// something changed on screen.
    pub(super) fn take_in(&mut self, intake: Intake) -> bool {
        let t = self.text();
        let mut said = Vec::new();
        if !intake.taken.is_empty() {
            let mut codes: Vec<&str> = intake.taken.iter().map(|r| r.case.as_str()).collect();
            codes.dedup();
            let codes: Vec<String> = codes.into_iter().map(String::from).collect();
            for code in &codes {
                if let Err(e) = self.reload(code) {
                    self.save = SaveState::Failed(self.store_words(&e));
                }
            }
            // Shown where it lands: the notes take their place on screen.
            let here = self.current().map(|f| f.code().to_string());
            if here.is_some_and(|c| codes.contains(&c)) && self.focus != Pane::Incidents {
                self.lower = Pane::Notes;
            }
            let mut keys: Vec<String> = intake.taken.iter().map(|r| r.key()).collect();
            let n = keys.len();
            // Many at once: the first and the last, on one line.
            if n > 4 {
                keys = vec![keys[0].clone(), format!("… {}", keys[n - 1])];
            }
            let template = if n == 1 {
                t.inbox_taken_one
            } else {
                t.inbox_taken
            };
            said.push(fill(
                template,
                &[("n", &n.to_string()), ("keys", &keys.join(", "))],
            ));
        }
        for stuck in &intake.waiting {
            if self.inbox_told.contains(&stuck.id) {
                continue;
            }
            self.inbox_told.push(stuck.id.clone());
            let template = match stuck.why {
                Waiting::NoSuchCase => t.inbox_no_case,
                Waiting::Closed => t.inbox_closed,
            };
            said.push(fill(template, &[("code", &stuck.note.case)]));
        }
        let listed = self.set_waiting(intake.waiting);
        let damaged = format!("damaged:{}", intake.damaged);
        if intake.damaged > 0 && !self.inbox_told.contains(&damaged) {
            self.inbox_told.push(damaged);
            said.push(t.inbox_damaged.count(intake.damaged, &[]));
        }
        let refused = format!("refused:{}", intake.refused);
        if intake.refused > 0 && !self.inbox_told.contains(&refused) {
            self.inbox_told.push(refused);
            said.push(t.inbox_refused.count(intake.refused, &[]));
        }
        if said.is_empty() {
            return listed;
        }
        self.message = Some(said.join(" "));
        true
    }

    /// The inbox could not be read: said once, as a failed save is.
    fn inbox_failed(&mut self, e: StoreError) -> Effect {
        let failed = SaveState::Failed(self.store_words(&e));
        if self.save == failed {
            return Effect::None;
        }
        self.save = failed;
        Effect::Draw
    }
}

/// What the screen saved for commands run in another window
/// (`cli/serve.rs`): the cases to read again, and the keys of what was
/// saved, to say.
#[derive(Debug, Default, Clone)]
pub struct FromShell {
    pub cases: Vec<String>,
    pub saved: Vec<String>,
}

impl App {
    /// Cases written by commands the screen answered for another window,
    /// read again as after taking in the inbox; what was saved is said.
    /// The editor and its text are not touched.
    pub fn from_shell(&mut self, came: FromShell, now: NaiveDateTime) -> Effect {
        let mut codes = came.cases;
        codes.sort();
        codes.dedup();
        for code in &codes {
            if let Err(e) = self.reload(code) {
                self.save = SaveState::Failed(self.store_words(&e));
            }
        }
        if came.saved.is_empty() {
            return if codes.is_empty() {
                Effect::None
            } else {
                Effect::Draw
            };
        }
        let here = self.current().map(|f| f.code().to_string());
        if here.is_some_and(|c| codes.contains(&c)) && self.focus != Pane::Incidents {
            self.lower = Pane::Notes;
        }
        let mut keys = came.saved;
        let n = keys.len();
        if n > 4 {
            keys = vec![keys[0].clone(), format!("… {}", keys[n - 1])];
        }
        self.message = Some(fill(
            self.text().served_saved,
            &[("keys", &keys.join(", "))],
        ));
        // The command flushed the store before it answered, and its
        // backup is taken beside the screen, not by it.
        self.save = SaveState::Saved(now.time());
        Effect::Draw
    }
}
