//! Questions asked before a step that is hard to take back: moving on
//! from a phase with steps still owed, moving back a phase, reopening a
//! closed case. Enter answers yes, Esc no; the question names what the
//! step leaves or undoes.

use chrono::NaiveDateTime;

use super::{App, Effect, Prompt, PromptKind};
use crate::domain::phase::Step;
use crate::domain::steps::{recurs, step_done};
use crate::editor::FormKind;
use crate::i18n::fill;

/// What a confirmation is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    PhaseForward,
    PhaseBack,
    Reopen,
    /// Closing a case that still owes the journal.
    CloseOwing,
    /// Removing a closed case's working notes for good.
    Purge,
}

impl App {
    /// The question, in words, from the state as it is.
    pub fn confirm_question(&self, asked: Confirm) -> String {
        let (c, t) = (self.lang.confirm(), self.text());
        let Some(file) = self.current() else {
            return String::new();
        };
        let case = &file.case.body;
        let phase = case.phase();
        match asked {
            Confirm::PhaseForward => {
                let steps: Vec<&str> = self.owed_steps().into_iter().map(|s| t.step(s)).collect();
                fill(
                    c.phase_forward_owed,
                    &[
                        ("phase", t.phase(phase)),
                        ("next", phase.next().map_or("", |p| t.phase(p))),
                        ("steps", &steps.join(", ")),
                    ],
                )
            }
            Confirm::PhaseBack => fill(
                c.phase_back,
                &[
                    ("phase", t.phase(phase)),
                    ("prev", phase.prev().map_or("", |p| t.phase(p))),
                ],
            ),
            Confirm::CloseOwing => {
                let owed = crate::domain::journal::owed(file, self.rules.journal_kinds);
                let oldest = owed.first().map(|o| o.date.to_string()).unwrap_or_default();
                c.close_owing
                    .count(owed.len(), &[("code", &case.code), ("date", &oldest)])
            }
            Confirm::Purge => {
                let answer = self.lang.purge().answer;
                format!("{} {answer}", super::purge::question(file, self.lang))
            }
            Confirm::Reopen => {
                let closed = case.closing.as_ref().map(|c| c.on.to_string());
                fill(
                    c.reopen,
                    &[
                        ("code", &case.code),
                        ("closed", &closed.unwrap_or_default()),
                    ],
                )
            }
        }
    }

    /// The steps of the selected case's phase done once and not yet done.
    fn owed_steps(&self) -> Vec<Step> {
        let Some(file) = self.current() else {
            return Vec::new();
        };
        let phase = file.case.body.phase();
        (phase.steps().iter().copied())
            .filter(|s| !recurs(*s) && step_done(file, *s).is_none())
            .collect()
    }

    /// `>` or `<`: asked first when steps are owed, or when going back.
    pub(super) fn ask_phase_move(&mut self, forward: bool, now: NaiveDateTime) -> Effect {
        let Some(case) = self.current().map(|f| &f.case.body) else {
            return Effect::None;
        };
        // A closed case is not moved: said so without a question.
        if case.is_closed() {
            return self.move_phase(forward, now);
        }
        let phase = case.phase();
        let asked = match forward {
            true if phase.next().is_some() && !self.owed_steps().is_empty() => {
                Some(Confirm::PhaseForward)
            }
            false if phase.prev().is_some() => Some(Confirm::PhaseBack),
            _ => None,
        };
        match asked {
            Some(asked) if !self.store.is_copy() => {
                self.prompt = Some(Prompt::new(PromptKind::Confirm(asked)));
                Effect::Draw
            }
            _ => self.move_phase(forward, now),
        }
    }

    /// What saving the open form must ask first, not yet asked: reopening
    /// a closed case, or closing one that owes the journal.
    pub(super) fn save_question(&self) -> Option<Confirm> {
        let form = self.form.as_ref().filter(|_| !self.confirmed)?;
        match &form.kind {
            FormKind::EditCase { case } => {
                let closed = (self.row_of(case)).is_some_and(|i| self.cases[i].case().is_closed());
                // The status field's third choice is "closed".
                (closed && form.choice("status") != 2).then_some(Confirm::Reopen)
            }
            FormKind::Close { .. } => {
                let file = self.current()?;
                let owes = !crate::domain::journal::owed(file, self.rules.journal_kinds).is_empty();
                owes.then_some(Confirm::CloseOwing)
            }
            _ => None,
        }
    }

    pub(super) fn answer_confirm(
        &mut self,
        asked: Confirm,
        yes: bool,
        now: NaiveDateTime,
    ) -> Effect {
        self.prompt = None;
        if !yes {
            return Effect::Draw;
        }
        match asked {
            Confirm::PhaseForward => self.move_phase(true, now),
            Confirm::PhaseBack => self.move_phase(false, now),
            Confirm::Purge => {
                self.purge_asked = self.current().map(|f| f.code().to_string());
                Effect::Quit
            }
            Confirm::Reopen | Confirm::CloseOwing => {
                self.confirmed = true;
                let effect = self.save_form(now);
                self.confirmed = false;
                effect
            }
        }
    }
}
