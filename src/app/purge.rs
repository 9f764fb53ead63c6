//! Removing a closed case's working notes from the screen (`X`): refused
//! in words while the case is open or owes the journal or its follow-up,
//! else asked, naming the case and what goes. The removal itself needs
//! the store alone, so the screen's runner carries it out
//! ([`App::purge_asked`]), as `insats purge` does.

use super::{App, Prompt, PromptKind};
use crate::app::confirm::Confirm;
use crate::domain::casefile::live;
use crate::domain::figures::{Blocker, blockers};
use crate::domain::{CaseFile, Rules};
use crate::i18n::{Lang, fill};

impl App {
    pub(super) fn ask_purge(&mut self) {
        let Some(file) = self.current() else {
            return;
        };
        if let Some(why) = refusal(file, &self.rules, self.lang) {
            self.message = Some(why);
        } else {
            self.prompt = Some(Prompt::new(PromptKind::Confirm(Confirm::Purge)));
        }
    }
}

/// Why `file` cannot be removed, in one line: not closed, or what it
/// still owes. None when it can be.
pub fn refusal(file: &CaseFile, rules: &Rules, lang: Lang) -> Option<String> {
    let p = lang.purge();
    let code = file.code();
    let blocking = blockers(file, rules);
    if blocking.is_empty() {
        return None;
    }
    if blocking.contains(&Blocker::Open) {
        return Some(fill(p.open, &[("code", code)]));
    }
    let what: Vec<String> = blocking
        .iter()
        .map(|b| match b {
            Blocker::Journal(n) => p.owes_journal.count(*n, &[("code", code)]),
            _ => p.owes_follow_up.to_string(),
        })
        .collect();
    Some(fill(p.owes, &[("code", code), ("what", &what.join(", "))]))
}

/// The question before a removal: the case, and what goes.
pub fn question(file: &CaseFile, lang: Lang) -> String {
    let p = lang.purge();
    let what = [
        p.notes.count(live(&file.notes).count(), &[]),
        p.reflections.count(live(&file.reflections).count(), &[]),
        p.reports.count(live(&file.reports).count(), &[]),
        p.rest.to_string(),
    ]
    .join(", ");
    fill(
        p.confirm,
        &[
            ("code", file.code()),
            ("family", &file.case.body.family),
            ("what", &what),
        ],
    )
}
