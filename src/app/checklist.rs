//! The phase checklist's keys. A step that a record completes follows that
//! record: `Enter` opens the editor that writes it; `space` checks it by
//! hand only when it was done outside insats, and asks why. Fas 2's
//! recurring duties are status lines: nothing to check.

use chrono::{NaiveDate, NaiveDateTime};

use super::{Action, App, Effect, Pane, Prompt, PromptKind};
use crate::domain::case::StepCheck;
use crate::domain::dates::parse_date;
use crate::domain::phase::Step;
use crate::domain::report::ReportKind;
use crate::domain::steps::{Done, checklist, needs_reason, recurs, step_done};
use crate::i18n::fill;

/// The editor that writes what completes a step.
fn editor_for(step: Step) -> Option<Action> {
    Some(match step {
        Step::Alliance | Step::NetworkWork | Step::ClosingMeeting => Action::NewNote,
        Step::ImplementationPlan | Step::InitialMapping => Action::EditPlan,
        Step::FirstRating | Step::ClosingRating => Action::NewRating,
        Step::Fas1Report | Step::ProgressReports | Step::ClosingReport => Action::DraftReport,
        Step::GoalReflections => Action::NewReflection,
        Step::IncidentAnalyses => Action::NewIncident,
        Step::NewGoalFocus => Action::NewGoal,
        Step::FamilyFollowUp => Action::FollowUp,
        Step::MethodBank => return None,
    })
}

impl App {
    /// The step under the checklist's cursor.
    fn selected_step(&self) -> Option<Step> {
        self.current()
            .and_then(|f| checklist(f).get(self.step).copied())
    }

    /// `Enter` on a step: the editor that completes it.
    pub(super) fn open_step(&mut self, now: NaiveDateTime) -> Effect {
        let Some(step) = self.selected_step() else {
            return Effect::None;
        };
        // A report step drafts its own kind of report.
        let kind = match step {
            Step::Fas1Report => Some(ReportKind::Fas1),
            Step::ProgressReports => Some(ReportKind::Progress),
            Step::ClosingReport => Some(ReportKind::Closing),
            _ => None,
        };
        if let Some(kind) =
            kind.filter(|_| self.current().is_some_and(|f| !f.case.body.is_closed()))
        {
            self.report_drafted = None;
            return self.draft_report(kind, now);
        }
        match editor_for(step) {
            Some(action) => self.open_editor(action, now),
            None => {
                self.message = Some(self.lang.steps().nothing_to_open.to_string());
                Effect::Draw
            }
        }
    }

    /// `space` on a step: a hand check undone, or one asked for.
    pub(super) fn toggle_step(&mut self, now: NaiveDateTime) -> Effect {
        let Some(file) = self.current() else {
            return Effect::None;
        };
        let Some(step) = self.selected_step() else {
            return Effect::None;
        };
        let (t, st) = (self.text(), self.lang.steps());
        if file.case.body.is_closed() {
            self.message = Some(t.read_only.to_string());
            return Effect::Draw;
        }
        if recurs(step) {
            self.message = Some(fill(st.recurs, &[("step", t.step(step))]));
            return Effect::Draw;
        }
        match step_done(file, step) {
            Some(Done::Record { on, by }) => {
                self.message = Some(fill(
                    st.done_by_record,
                    &[
                        ("step", t.step(step)),
                        ("date", &on.to_string()),
                        ("what", st.evidence(by)),
                    ],
                ));
                Effect::Draw
            }
            Some(Done::Hand { .. }) => self.edit_case(now, |case| {
                case.steps.retain(|c| c.step != step);
                Some(fill(t.step_unchecked, &[("step", t.step(step))]))
            }),
            None => {
                self.focus = Pane::Checklist;
                self.prompt = Some(Prompt::new(PromptKind::StepNote(step)));
                Effect::Draw
            }
        }
    }

    /// The reason (or note) given: the step checked by hand today.
    pub(super) fn submit_step_note(
        &mut self,
        step: Step,
        text: &str,
        now: NaiveDateTime,
    ) -> Effect {
        let note = text.trim().to_string();
        if note.is_empty() && needs_reason(step) {
            let needed = self.lang.steps().reason_required.to_string();
            if let Some(p) = &mut self.prompt {
                p.error = Some(needed);
            }
            return Effect::Draw;
        }
        self.prompt = None;
        let (t, st, today) = (self.text(), self.lang.steps(), self.today);
        self.edit_case(now, |case| {
            case.steps.retain(|c| c.step != step);
            case.steps.push(StepCheck {
                step,
                done_on: today,
                note: note.clone(),
            });
            Some(if note.is_empty() {
                fill(
                    t.step_checked,
                    &[("step", t.step(step)), ("date", &today.to_string())],
                )
            } else {
                fill(
                    st.checked_by_hand,
                    &[
                        ("step", t.step(step)),
                        ("date", &today.to_string()),
                        ("note", &note),
                    ],
                )
            })
        })
    }

    /// `d` on a step checked by hand: its date.
    pub(super) fn ask_step_date(&mut self) {
        let Some(file) = self.current() else { return };
        let Some(step) = self.selected_step() else {
            return;
        };
        let st = self.lang.steps();
        match step_done(file, step) {
            Some(Done::Hand { on, .. }) => {
                self.focus = Pane::Checklist;
                self.prompt = Some(Prompt::suggesting(
                    PromptKind::StepDate(step),
                    on.to_string(),
                ));
            }
            Some(Done::Record { by, .. }) => {
                self.message = Some(fill(st.date_from_record, &[("what", st.evidence(by))]));
            }
            None => self.message = Some(self.text().step_not_checked.to_string()),
        }
    }

    pub(super) fn submit_step_date(
        &mut self,
        step: Step,
        text: &str,
        now: NaiveDateTime,
    ) -> Effect {
        let forms = self.lang.forms();
        let checked = match parse_date(text, self.today) {
            // A step is done on a day that has come.
            Ok(date) if date > self.today => Err(fill(
                forms.date_ahead,
                &[
                    ("date", &date.to_string()),
                    ("today", &self.today.to_string()),
                ],
            )),
            Ok(date) => Ok(date),
            Err(_) => Err(fill(forms.bad_date, &[("input", text.trim())])),
        };
        match checked {
            Ok(date) => {
                self.prompt = None;
                let t = self.text();
                self.edit_case(now, |case| set_step_date(case, step, date, t))
            }
            Err(msg) => {
                if let Some(p) = &mut self.prompt {
                    p.error = Some(msg);
                }
                Effect::Draw
            }
        }
    }
}

fn set_step_date(
    case: &mut crate::domain::case::Case,
    step: Step,
    date: NaiveDate,
    t: &crate::i18n::Text,
) -> Option<String> {
    let check = case.steps.iter_mut().find(|c| c.step == step)?;
    check.done_on = date;
    Some(fill(
        t.step_checked,
        &[("step", t.step(step)), ("date", &date.to_string())],
    ))
}
