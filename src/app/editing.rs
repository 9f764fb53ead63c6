//! Opening editors, keys inside them, leaving them, drafts, and the
//! history view.

use chrono::NaiveDateTime;
use tui_textarea::Input;

use super::form::{Draft, FieldKind, Form, FormKind};
use super::update::moved_in_list;
use super::{Action, App, Effect, Overlay, Pane, Prompt, PromptKind};
use crate::domain::casefile::CaseFile;
use crate::domain::note::IsoWeek;
use crate::domain::record::Record;
use crate::i18n::fill;
use crate::store::{Kind, StoreError};

/// How often, at most, typed text waits before it is kept as a draft.
pub const DRAFT_EVERY: chrono::TimeDelta = chrono::TimeDelta::seconds(2);

/// A key in the "keep or discard?" question or the draft offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes,
    Discard,
    Back,
}

/// One line of the history view: a record of the case.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryRow {
    pub kind: Kind,
    pub seq: u32,
    pub updated_at: NaiveDateTime,
    pub updated_by: String,
    pub created_at: NaiveDateTime,
    pub created_by: String,
    pub summary: String,
    /// (when, who, summary) of each earlier version, newest first.
    pub versions: Vec<(NaiveDateTime, String, String)>,
    pub removed: Option<(NaiveDateTime, String, String)>,
}

fn rows_of<T: Clone + PartialEq>(
    kind: Kind,
    list: &[Record<T>],
    summary: impl Fn(&T) -> String,
    out: &mut Vec<HistoryRow>,
) {
    for r in list {
        out.push(HistoryRow {
            kind,
            seq: r.seq,
            updated_at: r.meta.updated_at,
            updated_by: r.meta.updated_by.clone(),
            created_at: r.meta.created_at,
            created_by: r.meta.created_by.clone(),
            summary: summary(&r.body),
            versions: r
                .history
                .iter()
                .rev()
                .map(|v| (v.at, v.by.clone(), summary(&v.body)))
                .collect(),
            removed: r
                .removed
                .as_ref()
                .map(|x| (x.at, x.by.clone(), x.reason.clone())),
        });
    }
}

fn first(s: &str) -> String {
    s.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .chars()
        .take(80)
        .collect()
}

/// Every record of a case, the latest change first.
pub fn history_rows(file: &CaseFile, lang: crate::i18n::Lang) -> Vec<HistoryRow> {
    use crate::domain::rating::{Instrument, Occasion};
    let f = lang.forms();
    let instrument = |i: &Instrument| match i {
        Instrument::Apq => "APQ".to_string(),
        Instrument::Cbcl => "CBCL".to_string(),
        Instrument::Custom(n) => n.clone(),
    };
    let occasion = |o: Occasion| f.occasions[o as usize];
    let mut out = Vec::new();
    rows_of(
        Kind::Case,
        std::slice::from_ref(&file.case),
        |c| format!("{} {}", c.code, c.family),
        &mut out,
    );
    if let Some(p) = &file.plan {
        rows_of(
            Kind::Plan,
            std::slice::from_ref(p),
            |p| p.goals.join("; "),
            &mut out,
        );
    }
    rows_of(Kind::Goal, &file.goals, |g| g.title.clone(), &mut out);
    rows_of(Kind::Factor, &file.factors, |f| f.text.clone(), &mut out);
    rows_of(
        Kind::Note,
        &file.notes,
        |n| format!("{} {}", n.date, first(&n.text)),
        &mut out,
    );
    rows_of(
        Kind::Reflection,
        &file.reflections,
        |r| format!("{} {}", r.week, first(&r.next_step)),
        &mut out,
    );
    rows_of(
        Kind::Incident,
        &file.incidents,
        |i| format!("{} {}", i.when.date(), first(&i.behaviour)),
        &mut out,
    );
    rows_of(
        Kind::Rating,
        &file.ratings,
        |r| {
            format!(
                "{} {} {}",
                r.date,
                instrument(&r.instrument),
                occasion(r.occasion)
            )
        },
        &mut out,
    );
    rows_of(
        Kind::Report,
        &file.reports,
        |r| format!("{} {}", r.sent_on, f.report_kinds[r.kind as usize]),
        &mut out,
    );
    rows_of(
        Kind::FollowUp,
        &file.follow_ups,
        |f| f.date.to_string(),
        &mut out,
    );
    out.sort_by(|a, b| {
        b.updated_at
            .cmp(&a.updated_at)
            .then(a.kind.cmp(&b.kind))
            .then(b.seq.cmp(&a.seq))
    });
    out
}

/// In a rating, a change of instrument brings its subscales, as long as
/// no score has been written yet.
fn retitle_scores(form: &mut Form, lang: crate::i18n::Lang) {
    use crate::domain::rating::{APQ_SUBSCALES, CBCL_SUBSCALES};
    if !matches!(form.kind, FormKind::Rating { .. })
        || form.focused().map(|f| f.id) != Some("instrument")
    {
        return;
    }
    let blank = form
        .text("scores")
        .lines()
        .all(|l| l.rsplit_once(':').is_none_or(|(_, v)| v.trim().is_empty()));
    if !blank {
        return;
    }
    let names: Vec<&str> = match form.choice("instrument") {
        0 => APQ_SUBSCALES.iter().map(|(n, _)| *n).collect(),
        1 => CBCL_SUBSCALES.iter().map(|(n, _)| *n).collect(),
        _ => Vec::new(),
    };
    let text = names
        .iter()
        .map(|n| format!("{}: ", crate::i18n::subscale(lang, n)))
        .collect::<Vec<_>>()
        .join("\n");
    form.set_text("scores", &text);
}

impl App {
    /// Opens the editor an action asks for, on the selected case.
    pub fn open_editor(&mut self, action: Action, now: NaiveDateTime) -> Effect {
        if action == Action::NewCase {
            let form = self.case_form(None, self.today);
            return self.show_form(form, now);
        }
        let Some(file) = self.current().cloned() else {
            self.message = Some(self.lang.forms().no_case.to_string());
            return Effect::Draw;
        };
        // A closed case is read-only, but for reopening it and for the
        // family's follow-up, which comes after closing (002) and only then.
        let closed = file.case.body.is_closed();
        if closed && !matches!(action, Action::EditCase | Action::FollowUp) {
            self.message = Some(self.text().read_only.to_string());
            return Effect::Draw;
        }
        if !closed && action == Action::FollowUp {
            self.message = Some(self.lang.forms().follow_up_after_closing.to_string());
            return Effect::Draw;
        }
        let today = self.today;
        let form = match action {
            Action::NewNote => self.note_form(&file, None, now),
            Action::NewReflection => self.reflection_form(&file, self.reflection_week(&file), now),
            Action::NewIncident => self.incident_form(&file, None, now),
            Action::EditCase => self.case_form(Some(&file), today),
            Action::EditPlan => self.plan_form(&file, today),
            Action::NewGoal => self.goal_form(&file, None, today),
            Action::NewRating => self.rating_form(&file, None, today),
            Action::RegisterReport => self.report_form(&file, today),
            Action::CloseCase => self.close_form(&file, today),
            Action::FollowUp => self.follow_up_form(&file, None, today),
            Action::DraftReport => {
                use super::report::{Format, default_kind, default_period, draft_report};
                let kind = default_kind(&file);
                let (from, to) = default_period(&file, today);
                let text = draft_report(
                    &file,
                    kind,
                    from,
                    to,
                    self.lang,
                    Format::Text,
                    self.rules.report_weeks,
                );
                let mut form = self.report_form_with(&file, today, Some((kind, from, text)));
                form.cursor_to_top("text");
                form
            }
            Action::Open if self.focus == Pane::Incidents => {
                let live: Vec<u32> = file
                    .incidents
                    .iter()
                    .filter(|r| r.is_live())
                    .map(|r| r.seq)
                    .collect();
                match live.get(self.incident.min(live.len().saturating_sub(1))) {
                    Some(seq) => self.incident_form(&file, Some(*seq), now),
                    None => self.incident_form(&file, None, now),
                }
            }
            _ => return Effect::None,
        };
        self.show_form(form, now)
    }

    /// The week the reflections pane points at: this week, or the Fas 2
    /// week it was scrolled back to.
    fn reflection_week(&self, file: &CaseFile) -> IsoWeek {
        let weeks = file.treatment_weeks(self.today);
        let this = IsoWeek::of(self.today);
        match weeks
            .len()
            .checked_sub(1 + self.week_offset)
            .and_then(|i| weeks.get(i))
        {
            Some(w) if self.week_offset > 0 => *w,
            _ => this,
        }
    }

    /// Shows a form; a draft of the same thing left earlier is restored
    /// into it.
    pub fn show_form(&mut self, mut form: Form, now: NaiveDateTime) -> Effect {
        let key = form.kind.draft_key();
        for list in [&mut self.pending_drafts, &mut self.kept_drafts] {
            if let Some(i) = list.iter().position(|d| d.kind.draft_key() == key) {
                let draft = list.remove(i);
                form.restore(&draft.values);
            }
        }
        self.draft_written = None;
        self.draft_slot.clear();
        if form.dirty {
            self.draft_slot.set(form.to_draft(now));
        }
        self.form = Some(form);
        self.prompt = None;
        Effect::Draw
    }

    /// Opens an editor for the record of a history row.
    fn open_record(&mut self, row: &HistoryRow, now: NaiveDateTime) -> Effect {
        let Some(file) = self.current().cloned() else {
            return Effect::None;
        };
        if file.case.body.is_closed() && !matches!(row.kind, Kind::Case | Kind::FollowUp) {
            self.message = Some(self.text().read_only.to_string());
            return Effect::Draw;
        }
        // A removed record stays readable here, not writable.
        if let Some((_, _, reason)) = &row.removed {
            self.message = Some(format!("{}: {reason}", self.lang.forms().removed));
            return Effect::Draw;
        }
        let today = self.today;
        let form = match row.kind {
            Kind::Case => self.case_form(Some(&file), today),
            Kind::Plan => self.plan_form(&file, today),
            Kind::Goal => self.goal_form(&file, Some(row.seq), today),
            Kind::Note => self.note_form(&file, Some(row.seq), now),
            Kind::Reflection => match file.reflections.iter().find(|r| r.seq == row.seq) {
                Some(r) => self.reflection_form(&file, r.body.week, now),
                None => return Effect::None,
            },
            Kind::Incident => self.incident_form(&file, Some(row.seq), now),
            Kind::Rating => self.rating_form(&file, Some(row.seq), today),
            Kind::FollowUp => self.follow_up_form(&file, Some(row.seq), today),
            Kind::Factor | Kind::Report => return Effect::None,
        };
        self.overlay = None;
        self.show_form(form, now)
    }

    /// An action while an editor is open.
    pub fn form_action(&mut self, action: Action, now: NaiveDateTime) -> Effect {
        let Some(form) = self.form.as_mut() else {
            return Effect::None;
        };
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
            Action::FocusNext => form.move_focus(1),
            Action::FocusPrev => form.move_focus(-1),
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
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
                    None => form.move_focus(delta.signum()),
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

    /// A key for the focused field of the open editor.
    pub fn form_input(&mut self, input: Input, now: NaiveDateTime) -> Effect {
        let Some(form) = self.form.as_mut() else {
            return Effect::None;
        };
        let changed = form.input(input);
        if changed {
            retitle_scores(form, self.lang);
            return self.after_form_change(now);
        }
        // Moving the cursor changes the screen, not the text.
        Effect::Draw
    }

    /// Jumps to field `n` (alt-digit).
    pub fn form_jump(&mut self, n: usize) -> Effect {
        match self.form.as_mut() {
            Some(form) => {
                form.jump(n);
                Effect::Draw
            }
            None => Effect::None,
        }
    }

    pub fn form_paste(&mut self, text: &str, now: NaiveDateTime) -> Effect {
        let Some(form) = self.form.as_mut() else {
            return self.prompt_paste(text, now);
        };
        if form.paste(text) {
            return self.after_form_change(now);
        }
        Effect::Draw
    }

    /// After a change of text: the signal thread's copy now, the store's at
    /// least every two seconds.
    fn after_form_change(&mut self, now: NaiveDateTime) -> Effect {
        if let Some(form) = &self.form {
            let draft = form.to_draft(now);
            self.draft_slot.set(draft);
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
            if self
                .store
                .put_draft(&draft.kind.draft_key(), &draft)
                .is_ok()
            {
                self.draft_written = Some(now);
                self.draft_unwritten = false;
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
                        self.message = Some(self.lang.forms().draft_kept.to_string());
                    }
                    Err(e) => self.save = super::SaveState::Failed(e.to_string()),
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
    }

    /// The draft offered at start, if any (and no editor is open).
    pub fn offered_draft(&self) -> Option<&Draft> {
        if self.form.is_some() || self.offer_dismissed {
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
        let file = draft
            .kind
            .case()
            .and_then(|c| self.files.iter().find(|f| f.code() == c))
            .cloned();
        let today = self.today;
        let form = match (&draft.kind, &file) {
            (FormKind::NewCase, _) => self.case_form(None, today),
            (FormKind::Note { seq, .. }, Some(f)) => self.note_form(f, *seq, now),
            (FormKind::Reflection { year, week, .. }, Some(f)) => {
                let w = chrono::NaiveDate::from_isoywd_opt(*year, *week, chrono::Weekday::Mon)
                    .map(IsoWeek::of);
                self.reflection_form(f, w.unwrap_or(IsoWeek::of(today)), now)
            }
            (FormKind::Incident { seq, .. }, Some(f)) => self.incident_form(f, *seq, now),
            (FormKind::EditCase { .. }, Some(f)) => self.case_form(Some(f), today),
            (FormKind::Plan { .. }, Some(f)) => self.plan_form(f, today),
            (FormKind::Goal { seq, .. }, Some(f)) => self.goal_form(f, *seq, today),
            (FormKind::Rating { seq, .. }, Some(f)) => self.rating_form(f, *seq, today),
            (FormKind::Report { .. }, Some(f)) => self.report_form(f, today),
            (FormKind::Close { .. }, Some(f)) => self.close_form(f, today),
            (FormKind::FollowUp { seq, .. }, Some(f)) => self.follow_up_form(f, *seq, today),
            // The case is gone: keep the draft, say nothing is lost.
            (_, None) => {
                self.offer_dismissed = true;
                return Effect::Draw;
            }
        };
        if let Some(code) = draft.kind.case() {
            if let Some(i) = self.files.iter().position(|f| f.code() == code) {
                self.jump_to(i);
            }
        }
        self.show_form(form, now)
    }

    /// Keys of the history view.
    pub fn update_history(&mut self, action: Action, now: NaiveDateTime) -> Effect {
        let rows = self
            .current()
            .map(|f| history_rows(f, self.lang))
            .unwrap_or_default();
        let Some(Overlay::History { selected }) = &mut self.overlay else {
            return Effect::None;
        };
        let last = rows.len().saturating_sub(1);
        match action {
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom => *selected = moved_in_list(*selected, last, action),
            Action::Open => {
                if let Some(row) = rows.get(*selected).cloned() {
                    return self.open_record(&row, now);
                }
            }
            Action::Remove => {
                if let Some(row) = rows.get(*selected) {
                    if row.removed.is_none() && row.kind != Kind::Case {
                        self.prompt = Some(Prompt {
                            kind: PromptKind::RemoveReason(row.kind, row.seq),
                            text: String::new(),
                            error: None,
                        });
                    }
                }
            }
            Action::History | Action::Back | Action::Cancel | Action::Quit => self.overlay = None,
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::Redraw => return Effect::Redraw,
            _ => return Effect::None,
        }
        Effect::Draw
    }

    /// Marks a record removed with the reason given.
    pub fn remove_record(
        &mut self,
        kind: Kind,
        seq: u32,
        reason: &str,
        now: NaiveDateTime,
    ) -> Result<(), StoreError> {
        let Some(file) = self.current().cloned() else {
            return Ok(());
        };
        let by = self.worker.clone();
        fn mark<T: crate::store::Stored>(
            store: &crate::store::Store,
            list: &[Record<T>],
            seq: u32,
            reason: &str,
            by: &str,
            now: NaiveDateTime,
        ) -> Result<(), StoreError> {
            if let Some(r) = list.iter().find(|r| r.seq == seq) {
                let mut r = r.clone();
                r.remove(reason, by, now);
                store.put(&r)?;
            }
            Ok(())
        }
        let s = &self.store;
        match kind {
            Kind::Goal => mark(s, &file.goals, seq, reason, &by, now)?,
            Kind::Factor => mark(s, &file.factors, seq, reason, &by, now)?,
            Kind::Note => mark(s, &file.notes, seq, reason, &by, now)?,
            Kind::Reflection => mark(s, &file.reflections, seq, reason, &by, now)?,
            Kind::Incident => mark(s, &file.incidents, seq, reason, &by, now)?,
            Kind::Rating => mark(s, &file.ratings, seq, reason, &by, now)?,
            Kind::Report => mark(s, &file.reports, seq, reason, &by, now)?,
            Kind::FollowUp => mark(s, &file.follow_ups, seq, reason, &by, now)?,
            Kind::Plan => {
                if let Some(p) = &file.plan {
                    mark(s, std::slice::from_ref(p), seq, reason, &by, now)?
                }
            }
            Kind::Case => {}
        }
        let code = file.code().to_string();
        self.saved(now, Ok(()));
        self.reload(&code)
    }

    /// The focused field of the open editor is the chain, not typing text.
    pub fn in_chain(&self) -> bool {
        self.form
            .as_ref()
            .and_then(|f| f.focused())
            .is_some_and(|f| matches!(&f.kind, FieldKind::Chain(c) if c.editing.is_none()))
    }

    /// The draft offer line, for the screen.
    pub fn draft_offer_text(&self) -> Option<String> {
        let d = self.offered_draft()?;
        let f = self.lang.forms();
        Some(fill(
            f.draft_offer,
            &[
                ("time", &d.saved_at.format("%Y-%m-%d %H:%M").to_string()),
                ("title", &d.title),
                ("n", &self.pending_drafts.len().to_string()),
            ],
        ))
    }
}
