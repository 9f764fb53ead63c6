//! Reading a record without changing it — a note from the notes pane, an
//! earlier version from the history — and opening the record under a
//! pane's cursor. The record is shown through its editor's form, every
//! field and its value; `e` turns the current version into that editor
//! (an edit keeps the version before it), an earlier version stays read.

use chrono::NaiveDateTime;

use super::update::moved_in_list;
use super::{Action, App, Effect, Overlay};
use crate::domain::casefile::CaseFile;
use crate::domain::record::Record;
use crate::editor::{self, Ctx, Form};
use crate::i18n::fill;
use crate::store::Kind;

/// A record being read.
#[derive(Debug, Clone)]
pub struct Viewer {
    /// The record's editor, filled with the version read.
    pub form: Form,
    pub kind: Kind,
    pub seq: u32,
    /// Index into the record's history; `None` for the current version.
    pub version: Option<usize>,
    /// Lines scrolled.
    pub scroll: usize,
    /// What the viewer was opened from (the history), shown again after.
    pub back: Option<Overlay>,
}

/// The editor's form for a record of the case; `None` for a kind that has
/// no form of its own (a factor, a report as sent).
pub(super) fn record_form(cx: &Ctx, file: &CaseFile, kind: Kind, seq: u32) -> Option<Form> {
    let seq = Some(seq);
    Some(match kind {
        Kind::Case => editor::case::form(cx, Some(file)),
        Kind::Plan => editor::plan::form(cx, file),
        Kind::Goal => editor::goal::form(cx, file, seq),
        Kind::Note => editor::note::form(cx, file, seq),
        Kind::Reflection => {
            let r = file.reflections.iter().find(|r| Some(r.seq) == seq)?;
            editor::reflection::form(cx, file, r.body.week)
        }
        Kind::Incident => editor::incident::form(cx, file, seq),
        Kind::Rating => editor::rating::form(cx, file, seq),
        Kind::FollowUp => editor::follow_up::form(cx, file, seq),
        Kind::Factor | Kind::Report | Kind::Transfer | Kind::NoContact => return None,
    })
}

/// The form a record is read in: its editor's, or for a report the
/// report as it was sent.
fn reading_form(cx: &Ctx, file: &CaseFile, kind: Kind, seq: u32) -> Option<Form> {
    match kind {
        Kind::Report => editor::report::sent(cx, file, seq),
        _ => record_form(cx, file, kind, seq),
    }
}

/// The labels of the fields that the edit after version `version` (as the
/// history keeps them, oldest first) changed: what differs between it and
/// the version after it, or the record as it is.
pub fn changed_after(
    cx: &Ctx,
    file: &CaseFile,
    kind: Kind,
    seq: u32,
    version: usize,
) -> Vec<String> {
    let form_at = |v: usize| {
        let (old, _, _) = at_version(file, kind, seq, v)?;
        reading_form(cx, &old, kind, seq)
    };
    let Some(before) = form_at(version) else {
        return Vec::new();
    };
    let Some(after) = form_at(version + 1).or_else(|| reading_form(cx, file, kind, seq)) else {
        return Vec::new();
    };
    let now = after.values();
    before
        .values()
        .into_iter()
        .filter(|(id, value)| now.iter().find(|(i, _)| i == id).map(|(_, v)| v) != Some(value))
        .filter_map(|(id, _)| {
            before
                .fields
                .iter()
                .find(|f| f.id == id)
                .map(|f| f.label.clone())
        })
        .collect()
}

/// The case file with one record as it was at an earlier version, with
/// who wrote that version and when.
fn at_version(
    file: &CaseFile,
    kind: Kind,
    seq: u32,
    version: usize,
) -> Option<(CaseFile, NaiveDateTime, String)> {
    fn back<T: Clone + PartialEq>(
        list: &mut [Record<T>],
        seq: u32,
        version: usize,
    ) -> Option<(NaiveDateTime, String)> {
        let r = list.iter_mut().find(|r| r.seq == seq)?;
        let v = r.history.get(version)?.clone();
        r.body = v.body;
        Some((v.at, v.by))
    }
    let mut f = file.clone();
    let when = match kind {
        Kind::Case => back(std::slice::from_mut(&mut f.case), seq, version),
        Kind::Plan => f
            .plan
            .as_mut()
            .and_then(|p| back(std::slice::from_mut(p), seq, version)),
        Kind::Goal => back(&mut f.goals, seq, version),
        Kind::Factor => back(&mut f.factors, seq, version),
        Kind::Note => back(&mut f.notes, seq, version),
        Kind::Reflection => back(&mut f.reflections, seq, version),
        Kind::Incident => back(&mut f.incidents, seq, version),
        Kind::Rating => back(&mut f.ratings, seq, version),
        Kind::Report => back(&mut f.reports, seq, version),
        Kind::FollowUp => back(&mut f.follow_ups, seq, version),
        Kind::Transfer => back(&mut f.transfers, seq, version),
        Kind::NoContact => back(&mut f.no_contacts, seq, version),
    }?;
    Some((f, when.0, when.1))
}

/// Who wrote record `seq` of `kind` and when, and who changed it last and
/// when, if anyone did since.
fn written(file: &CaseFile, kind: Kind, seq: u32) -> Option<(String, Option<String>)> {
    fn of<T>(list: &[Record<T>], seq: u32) -> Option<&crate::domain::record::Meta> {
        list.iter().find(|r| r.seq == seq).map(|r| &r.meta)
    }
    let meta = match kind {
        Kind::Case => of(std::slice::from_ref(&file.case), seq),
        Kind::Plan => file
            .plan
            .as_ref()
            .and_then(|p| of(std::slice::from_ref(p), seq)),
        Kind::Goal => of(&file.goals, seq),
        Kind::Factor => of(&file.factors, seq),
        Kind::Note => of(&file.notes, seq),
        Kind::Reflection => of(&file.reflections, seq),
        Kind::Incident => of(&file.incidents, seq),
        Kind::Rating => of(&file.ratings, seq),
        Kind::Report => of(&file.reports, seq),
        Kind::FollowUp => of(&file.follow_ups, seq),
        Kind::Transfer => of(&file.transfers, seq),
        Kind::NoContact => of(&file.no_contacts, seq),
    }?;
    let when = |at: NaiveDateTime, by: &str| format!("{by} {}", at.format("%Y-%m-%d %H:%M"));
    let changed =
        (meta.updated_at != meta.created_at).then(|| when(meta.updated_at, &meta.updated_by));
    Some((when(meta.created_at, &meta.created_by), changed))
}

/// Whether a record owed to the journal was entered: "journalförd
/// 2026-11-17", or "ändrad efter journalföring"; None for a record never
/// entered, or of a kind the journal does not take.
fn journal_state(file: &CaseFile, kind: Kind, seq: u32, lang: crate::i18n::Lang) -> Option<String> {
    use crate::domain::journal::{Journaled, transferred};
    let (journaled, versions) = match kind {
        Kind::Note => (
            Journaled::Note,
            file.notes.iter().find(|r| r.seq == seq)?.history.len(),
        ),
        Kind::Reflection => (
            Journaled::Reflection,
            file.reflections
                .iter()
                .find(|r| r.seq == seq)?
                .history
                .len(),
        ),
        Kind::Incident => (
            Journaled::Incident,
            file.incidents.iter().find(|r| r.seq == seq)?.history.len(),
        ),
        _ => return None,
    };
    let j = lang.journal();
    let t = transferred(file, journaled, seq)?;
    Some(if t.version as usize == versions {
        fill(j.entered_on, &[("date", &t.on.to_string())])
    } else {
        j.changed_after.to_string()
    })
}

impl App {
    /// The labels of the fields that the edit after an earlier version of
    /// a record of the case on screen changed; `version` counts from the
    /// newest earlier version, as the history lists them.
    pub fn changed_since(&self, kind: Kind, seq: u32, version: usize, of: usize) -> Vec<String> {
        let Some(file) = self.current() else {
            return Vec::new();
        };
        let cx = self.ctx(self.today.and_time(chrono::NaiveTime::MIN));
        let index = of.saturating_sub(version + 1);
        changed_after(&cx, file, kind, seq, index)
    }

    /// Shows a record of the selected case read-only: its current version,
    /// or the earlier one at `version` in its history.
    pub fn view_record(
        &mut self,
        kind: Kind,
        seq: u32,
        version: Option<usize>,
        now: NaiveDateTime,
    ) -> Effect {
        let Some(file) = self.current().cloned() else {
            return Effect::None;
        };
        let cx = self.ctx(now);
        let mut said = None;
        let form = match version {
            // The version in force says who wrote it and who changed it.
            None => reading_form(&cx, &file, kind, seq).map(|mut form| {
                let f = self.lang.forms();
                if let Some((by, changed)) = written(&file, kind, seq) {
                    form.title = match changed {
                        None => fill(f.written_title, &[("title", &form.title), ("by", &by)]),
                        Some(changed) => fill(
                            f.changed_title,
                            &[("title", &form.title), ("by", &by), ("changed", &changed)],
                        ),
                    };
                }
                if let Some(said) = journal_state(&file, kind, seq, self.lang) {
                    form.title = format!("{} · {said}", form.title);
                }
                form
            }),
            Some(v) => at_version(&file, kind, seq, v).and_then(|(old, at, by)| {
                let mut form = reading_form(&cx, &old, kind, seq)?;
                let f = self.lang.forms();
                form.title = fill(
                    f.version_title,
                    &[
                        ("title", &form.title),
                        ("at", &at.format("%Y-%m-%d %H:%M").to_string()),
                        ("by", &by),
                    ],
                );
                // What the edit after it changed, where a message has room.
                let changed = changed_after(&cx, &file, kind, seq, v).join(", ");
                if !changed.is_empty() {
                    let when = format!("{} {by}", at.format("%Y-%m-%d %H:%M"));
                    said = Some(fill(
                        f.changed_since,
                        &[("title", &when), ("fields", &changed)],
                    ));
                }
                Some(form)
            }),
        };
        let Some(form) = form else {
            return Effect::None;
        };
        self.viewer = Some(Viewer {
            form,
            kind,
            seq,
            version,
            scroll: 0,
            back: self.overlay.take(),
        });
        if said.is_some() {
            self.message = said;
        }
        Effect::Draw
    }

    /// Keys while a record is read.
    pub(super) fn update_viewer(&mut self, action: Action, now: NaiveDateTime) -> Effect {
        let Some(viewer) = self.viewer.as_mut() else {
            return Effect::None;
        };
        match action {
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom => {
                viewer.scroll = moved_in_list(viewer.scroll, usize::MAX / 2, action)
            }
            Action::Edit | Action::Open => return self.edit_viewed(now),
            Action::Back | Action::Cancel | Action::Quit => {
                self.overlay = viewer.back.take();
                self.viewer = None;
            }
            Action::Help => self.open_help(),
            Action::Redraw => return Effect::Redraw,
            _ => return Effect::None,
        }
        Effect::Draw
    }

    /// `e` while reading: the current version opens in its editor.
    fn edit_viewed(&mut self, now: NaiveDateTime) -> Effect {
        let Some(viewer) = &self.viewer else {
            return Effect::None;
        };
        if viewer.version.is_some() {
            self.message = Some(self.lang.forms().old_version.to_string());
            return Effect::Draw;
        }
        if viewer.kind == Kind::Report {
            self.message = Some(self.lang.forms().report_as_sent.to_string());
            return Effect::Draw;
        }
        let Some(file) = self.current() else {
            return Effect::None;
        };
        if file.case.body.is_closed() && !matches!(viewer.kind, Kind::Case | Kind::FollowUp) {
            self.message = Some(self.text().read_only.to_string());
            return Effect::Draw;
        }
        let Some(viewer) = self.viewer.take() else {
            return Effect::None;
        };
        self.form_back = viewer.back;
        let cx = self.ctx(now);
        match self
            .current()
            .and_then(|file| record_form(&cx, file, viewer.kind, viewer.seq))
        {
            Some(form) => self.show_form(form, now),
            None => Effect::Draw,
        }
    }

    /// The sequence number of the note under the notes pane's cursor.
    pub fn note_under_cursor(&self) -> Option<u32> {
        let notes = self.current()?.notes_latest_first();
        notes
            .get(self.note.min(notes.len().saturating_sub(1)))
            .map(|r| r.seq)
    }

    /// `Enter` in the notes pane: the note, read-only.
    pub(super) fn view_note(&mut self, now: NaiveDateTime) -> Effect {
        match self.note_under_cursor() {
            Some(seq) => self.view_record(Kind::Note, seq, None, now),
            None => Effect::None,
        }
    }

    /// `e` in the notes pane: the note in its editor; saving keeps the
    /// version it replaces.
    pub(super) fn edit_note(&mut self, now: NaiveDateTime) -> Effect {
        let Some(seq) = self.note_under_cursor() else {
            return Effect::None;
        };
        if self.view_record(Kind::Note, seq, None, now) == Effect::None {
            return Effect::None;
        }
        self.edit_viewed(now)
    }

    /// `e` in the reflections pane: the goal under the cursor in its
    /// editor, where it is marked achieved or dropped.
    pub(super) fn edit_goal(&mut self, now: NaiveDateTime) -> Effect {
        let Some(file) = self.current() else {
            return Effect::None;
        };
        let goals: Vec<u32> = file
            .goals
            .iter()
            .filter(|g| g.is_live())
            .map(|g| g.seq)
            .collect();
        let Some(seq) = goals.get(self.goal.min(goals.len().saturating_sub(1))) else {
            return Effect::None;
        };
        if self.view_record(Kind::Goal, *seq, None, now) == Effect::None {
            return Effect::None;
        }
        self.edit_viewed(now)
    }
}
