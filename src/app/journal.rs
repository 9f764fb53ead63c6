//! The journal view: the records not yet entered into the journal, of the
//! selected case or of every case, as plain text to copy into it; `m`
//! marks the record under the cursor entered (today, by the worker), `M`
//! every record shown. The cases are read whole as the view opens and
//! again after each mark: rendering reads this state, never the store.

use chrono::NaiveDateTime;

use super::update::moved_in_list;
use super::{Action, App, Effect, Overlay, SaveState};
use crate::domain::casefile::CaseFile;
use crate::domain::due::DueKind;
use crate::domain::journal::{Owed, owed};
use crate::i18n::fill;

/// What the journal view shows: the cases read whole, and each record
/// owed with the index of its case, in the order shown.
#[derive(Debug, Clone, Default)]
pub struct JournalView {
    /// Every case, not only the selected one.
    pub all: bool,
    pub files: Vec<CaseFile>,
    pub owed: Vec<(usize, Owed)>,
}

impl App {
    /// `J`: the selected case's records owed, or every case's when it
    /// owes none.
    pub(super) fn open_journal(&mut self) {
        let here_owes = self
            .current()
            .is_some_and(|f| !owed(f, self.rules.journal_kinds).is_empty());
        self.read_journal(!here_owes);
        self.overlay = Some(Overlay::Journal { selected: 0 });
    }

    /// Reads the cases the view shows, whole.
    fn read_journal(&mut self, all: bool) {
        let codes: Vec<String> = if all {
            (self.cases.iter())
                .filter(|r| {
                    r.items
                        .iter()
                        .any(|i| matches!(i.kind, DueKind::Journal { .. }))
                })
                .map(|r| r.code().to_string())
                .collect()
        } else {
            self.current()
                .map(|f| f.code().to_string())
                .into_iter()
                .collect()
        };
        let mut view = JournalView {
            all,
            ..JournalView::default()
        };
        for code in codes {
            let Some(file) = self.file_named(&code).map(std::borrow::Cow::into_owned) else {
                continue;
            };
            let i = view.files.len();
            let owed = owed(&file, self.rules.journal_kinds);
            view.owed.extend(owed.into_iter().map(|o| (i, o)));
            view.files.push(file);
        }
        self.journal = Some(view);
    }

    pub(super) fn update_journal(&mut self, action: Action, now: NaiveDateTime) -> Effect {
        let last = self
            .journal
            .as_ref()
            .map_or(0, |j| j.owed.len().saturating_sub(1));
        let Some(Overlay::Journal { selected }) = &mut self.overlay else {
            return Effect::None;
        };
        match action {
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom => *selected = moved_in_list(*selected, last, action),
            // Tab: this case or every case.
            Action::FocusNext | Action::FocusPrev => {
                let all = !self.journal.as_ref().is_some_and(|j| j.all);
                self.read_journal(all);
                self.overlay = Some(Overlay::Journal { selected: 0 });
            }
            Action::MarkTransferred => {
                let pick = *selected;
                return self.mark_journal(Some(pick), now);
            }
            Action::MarkAllTransferred => return self.mark_journal(None, now),
            Action::JournalView | Action::Back | Action::Cancel | Action::Quit => {
                self.overlay = None;
                self.journal = None;
            }
            Action::Help => self.open_help(),
            Action::Redraw => return Effect::Redraw,
            _ => return Effect::None,
        }
        Effect::Draw
    }

    /// Marks the record `pick` of the view, or every record shown, as
    /// entered today by the worker: one write a case.
    fn mark_journal(&mut self, pick: Option<usize>, now: NaiveDateTime) -> Effect {
        if self.store.is_copy() {
            self.message = Some(self.read_only_words());
            return Effect::Draw;
        }
        let Some(view) = self.journal.clone() else {
            return Effect::None;
        };
        let chosen: Vec<&(usize, Owed)> = match pick {
            Some(i) => view.owed.get(i).into_iter().collect(),
            None => view.owed.iter().collect(),
        };
        let mut marked = 0;
        for (i, file) in view.files.iter().enumerate() {
            let transfers: Vec<_> = (chosen.iter())
                .filter(|(f, _)| *f == i)
                .map(|(_, o)| o.entered(self.today, ""))
                .collect();
            if transfers.is_empty() {
                continue;
            }
            let result = (self
                .store
                .mark_transferred(file.code(), transfers, &self.worker, now))
            .and_then(|n| self.store.flush().map(|()| n));
            match result {
                Ok(n) => marked += n,
                Err(e) => {
                    self.save = SaveState::Failed(self.store_words(&e));
                    return Effect::Draw;
                }
            }
            if let Err(e) = self.reload(file.code()) {
                self.save = SaveState::Failed(self.store_words(&e));
            }
        }
        self.save = SaveState::Saved(now.time());
        let code = match chosen.first() {
            Some((i, _)) if !view.all || chosen.len() == 1 => view.files[*i].code().to_string(),
            _ => String::new(),
        };
        self.message = Some(self.lang.journal().marked.count(marked, &[("code", &code)]));
        self.read_journal(view.all);
        let left = self.journal.as_ref().map_or(0, |j| j.owed.len());
        if let Some(Overlay::Journal { selected }) = &mut self.overlay {
            *selected = (*selected).min(left.saturating_sub(1));
        }
        Effect::Draw
    }

    /// The title of the view: this case, or every case.
    pub fn journal_title(&self) -> String {
        let j = self.lang.journal();
        match &self.journal {
            Some(v) if v.all => j.title_all.to_string(),
            _ => {
                let code = self
                    .current()
                    .map(|f| f.code().to_string())
                    .unwrap_or_default();
                fill(
                    "{title} · {code}",
                    &[("title", j.title_case), ("code", &code)],
                )
            }
        }
    }
}
