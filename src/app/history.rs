//! The history view: every record of the selected case with its earlier
//! versions and removals; a record opens in its editor, `Delete` marks it
//! removed with a reason (it stays readable).

use chrono::NaiveDateTime;

use super::update::moved_in_list;
use super::viewer::record_form;
use super::{Action, App, Effect, Overlay, Prompt, PromptKind};
use crate::domain::casefile::CaseFile;
use crate::domain::record::Record;
use crate::editor::FormKind;
use crate::store::{Kind, StoreError};

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

/// A move in the history: up and down go from record to record, past
/// their versions; tab and shift-tab go into the selected record's
/// earlier versions (newest first) and back out of them.
fn step_in_history(
    rows: &[HistoryRow],
    selected: usize,
    version: Option<usize>,
    action: Action,
) -> (usize, Option<usize>) {
    let versions = rows.get(selected).map_or(0, |r| r.versions.len());
    let last = rows.len().saturating_sub(1);
    match (action, version) {
        (Action::Down, _) => ((selected + 1).min(last), None),
        (Action::Up, _) => (selected.saturating_sub(1), None),
        (Action::FocusNext, None) if versions > 0 => (selected, Some(0)),
        (Action::FocusNext, Some(v)) if v + 1 < versions => (selected, Some(v + 1)),
        (Action::FocusNext, Some(_)) => (selected, None),
        (Action::FocusPrev, Some(0)) => (selected, None),
        (Action::FocusPrev, Some(v)) => (selected, Some(v - 1)),
        (Action::FocusPrev, None) if versions > 0 => (selected, Some(versions - 1)),
        _ => (selected, version),
    }
}

/// The record a form writes, as the history names it: its kind and, where
/// the form knows it, its number.
pub(super) fn written_record(kind: &FormKind) -> Option<(Kind, Option<u32>)> {
    Some(match kind {
        FormKind::Note { seq, .. } => (Kind::Note, *seq),
        FormKind::Reflection { seq, .. } => (Kind::Reflection, *seq),
        FormKind::Incident { seq, .. } => (Kind::Incident, *seq),
        FormKind::EditCase { .. } => (Kind::Case, None),
        FormKind::Plan { .. } => (Kind::Plan, None),
        FormKind::Goal { seq, .. } => (Kind::Goal, *seq),
        FormKind::Rating { seq, .. } => (Kind::Rating, *seq),
        FormKind::FollowUp { seq, .. } => (Kind::FollowUp, *seq),
        FormKind::NewCase | FormKind::Report { .. } | FormKind::Close { .. } => return None,
    })
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
        Kind::NoContact,
        &file.no_contacts,
        |r| format!("{} {}", r.week, first(&r.reason)),
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

impl App {
    /// Opens an editor for the record of a history row; it returns to the
    /// history when it closes.
    fn open_record(&mut self, row: &HistoryRow, now: NaiveDateTime) -> Effect {
        let Some(file) = self.current().cloned() else {
            return Effect::None;
        };
        // A closed case's records open to be read; the case itself (to
        // reopen it) and the follow-up (after closing, 002) to be written.
        let reading =
            file.case.body.is_closed() && !matches!(row.kind, Kind::Case | Kind::FollowUp);
        // A removed record stays readable here, not writable.
        if let Some((_, _, reason)) = &row.removed {
            self.view_record(row.kind, row.seq, None, now);
            self.message = Some(format!("{}: {reason}", self.lang.forms().removed));
            return Effect::Draw;
        }
        // A report is kept as it was sent: read, never rewritten.
        if row.kind == Kind::Report {
            return self.view_record(row.kind, row.seq, None, now);
        }
        let Some(form) = record_form(&self.ctx(now), &file, row.kind, row.seq) else {
            return Effect::None;
        };
        let form = if reading {
            form.reading(self.lang.forms().read_only_mark)
        } else {
            form
        };
        self.form_back = self.overlay.take();
        self.show_form(form, now)
    }

    /// Keys of the history view. The cursor goes over the rows and, under
    /// the selected row, its earlier versions (newest first).
    pub fn update_history(&mut self, action: Action, now: NaiveDateTime) -> Effect {
        let rows = self
            .current()
            .map(|f| history_rows(f, self.lang))
            .unwrap_or_default();
        let Some(Overlay::History { selected, version }) = &mut self.overlay else {
            return Effect::None;
        };
        match action {
            Action::Up | Action::Down | Action::FocusNext | Action::FocusPrev => {
                (*selected, *version) = step_in_history(&rows, *selected, *version, action)
            }
            Action::PageUp | Action::PageDown | Action::Top | Action::Bottom => {
                *selected = moved_in_list(*selected, rows.len().saturating_sub(1), action);
                *version = None;
            }
            Action::Open => {
                let (at, version) = (*selected, *version);
                let Some(row) = rows.get(at).cloned() else {
                    return Effect::None;
                };
                return match version {
                    // The versions are listed newest first; the history
                    // keeps them oldest first.
                    Some(v) => {
                        let index = row.versions.len().saturating_sub(v + 1);
                        self.view_record(row.kind, row.seq, Some(index), now)
                    }
                    None => self.open_record(&row, now),
                };
            }
            // An earlier version is part of its record's history: only
            // the record, from its own row, is removed, all of it.
            Action::Remove if version.is_some() => {
                self.message = Some(self.lang.forms().remove_version.to_string());
            }
            Action::Remove => {
                if let Some(row) = rows.get(*selected) {
                    if row.removed.is_none() && row.kind != Kind::Case {
                        self.prompt =
                            Some(Prompt::new(PromptKind::RemoveReason(row.kind, row.seq)));
                    }
                }
            }
            Action::History | Action::Back | Action::Cancel | Action::Quit => self.overlay = None,
            Action::Help => self.open_help(),
            Action::Redraw => return Effect::Redraw,
            _ => return Effect::None,
        }
        Effect::Draw
    }

    /// An editor closed: back to where it was opened from. After a save in
    /// the history, the saved record's row is selected (it moved to the top).
    pub(super) fn form_closed(&mut self, saved: Option<(Kind, Option<u32>)>) {
        let Some(mut back) = self.form_back.take() else {
            return;
        };
        if let (Overlay::History { selected, version }, Some((kind, seq))) = (&mut back, saved) {
            let rows = self
                .current()
                .map(|f| history_rows(f, self.lang))
                .unwrap_or_default();
            if let Some(i) = rows
                .iter()
                .position(|r| r.kind == kind && seq.is_none_or(|s| s == r.seq))
            {
                *selected = i;
                *version = None;
            }
        }
        self.overlay = Some(back);
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
            Kind::NoContact => mark(s, &file.no_contacts, seq, reason, &by, now)?,
            Kind::Plan => {
                if let Some(p) = &file.plan {
                    mark(s, std::slice::from_ref(p), seq, reason, &by, now)?
                }
            }
            // A transfer is the journal's, not the worker's to remove.
            Kind::Case | Kind::Transfer => {}
        }
        let code = file.code().to_string();
        self.saved(now, Ok(()));
        self.reload(&code)
    }
}
