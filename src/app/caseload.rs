//! The caseload as the screen holds it, as plain state: every case by its
//! summary with its due items today, and the selected case whole. Both are
//! made in the app's actions (at the start, when the selection moves,
//! after a write, when the day changes); rendering reads them and never
//! the store.

use chrono::{NaiveDate, NaiveTime};

use super::{App, SaveState};
use crate::domain::case::Case;
use crate::domain::casefile::CaseFile;
use crate::domain::due::{DueItem, Rules, due_items, tally};
use crate::domain::record::Record;
use crate::domain::stats::{FollowUps, Stats};
use crate::domain::summary::summarize;
use crate::store::{Store, StoreError};

/// One case of the list: what the rules read of it (its summary, a thin
/// case file that is never written back), its due items on the app's day,
/// and why its records could not be read, when they could not.
#[derive(Debug, Clone)]
pub struct CaseRow {
    summary: CaseFile,
    pub items: Vec<DueItem>,
    pub unreadable: Option<String>,
}

impl CaseRow {
    pub fn of(summary: CaseFile, today: NaiveDate, rules: &Rules) -> CaseRow {
        CaseRow {
            items: due_items(&summary, today, rules),
            summary,
            unreadable: None,
        }
    }

    /// A case whose records cannot be read: listed by its code (and its
    /// record, when that reads), with no items.
    fn unreadable(summary: CaseFile, problem: String) -> CaseRow {
        CaseRow {
            summary,
            items: Vec::new(),
            unreadable: Some(problem),
        }
    }

    pub fn code(&self) -> &str {
        self.summary.code()
    }

    pub fn case(&self) -> &Case {
        &self.summary.case.body
    }

    /// What the rules and the list read of the case: never a whole file.
    pub fn summary(&self) -> &CaseFile {
        &self.summary
    }
}

/// Every case of `store` by its summary, with its items on `today`; a case
/// whose records cannot be read is listed as such. The number of records
/// met damaged.
pub(super) fn opening(
    store: &Store,
    today: NaiveDate,
    rules: &Rules,
) -> Result<(Vec<CaseRow>, usize), StoreError> {
    let loaded = store.load_summaries()?;
    let mut rows: Vec<CaseRow> = (loaded.files.into_iter())
        .map(|summary| CaseRow::of(summary, today, rules))
        .collect();
    for (code, problem) in loaded.unreadable {
        // Only its code is known: the list names it, and says it is damaged.
        let case = Case::new(&code, "", today);
        let record = Record::new(&code, 0, case, "", today.and_time(NaiveTime::MIN));
        rows.push(CaseRow::unreadable(CaseFile::new(record), problem));
    }
    rows.sort_by(|a, b| a.code().cmp(b.code()));
    Ok((rows, loaded.damaged.len()))
}

impl App {
    /// The selected case, whole.
    pub fn current(&self) -> Option<&CaseFile> {
        let code = self.cases.get(*self.visible.get(self.selected)?)?.code();
        self.open.as_ref().filter(|f| f.code() == code)
    }

    /// The due items of the selected case.
    pub fn current_items(&self) -> &[DueItem] {
        match self.visible.get(self.selected) {
            Some(&i) => &self.cases[i].items,
            None => &[],
        }
    }

    /// The row of case `code`.
    pub fn row_of(&self, code: &str) -> Option<usize> {
        self.cases.iter().position(|r| r.code() == code)
    }

    /// Counts of overdue and due-soon items across all cases.
    pub fn counts(&self) -> (usize, usize) {
        self.counts
    }

    pub(super) fn recount(&mut self) {
        let mut counts = (0, 0);
        for row in &self.cases {
            tally(&mut counts, &row.items);
        }
        self.counts = counts;
    }

    /// Makes every case's items again, for another day.
    pub(super) fn redo_items(&mut self) {
        for row in self.cases.iter_mut().filter(|r| r.unreadable.is_none()) {
            row.items = due_items(&row.summary, self.today, &self.rules);
        }
        self.recount();
    }

    /// Reads the selected case whole when it is not held yet: after every
    /// action, so that what is drawn is state already read. A case that
    /// cannot be read is marked so in the list, and the status bar says
    /// why.
    pub(crate) fn hold_current_whole(&mut self) {
        let Some(&i) = self.visible.get(self.selected) else {
            self.open = None;
            return;
        };
        let code = self.cases[i].code().to_string();
        if self.open.as_ref().is_some_and(|f| f.code() == code) {
            return;
        }
        self.open = None;
        match self.store.load_case(&code) {
            Ok((Some(file), damaged)) => {
                self.damaged = self.damaged.max(damaged.len());
                if self.cases[i].unreadable.take().is_some() {
                    self.cases[i] = CaseRow::of(summarize(&file), self.today, &self.rules);
                    self.recount();
                }
                self.open = Some(file);
            }
            Ok((None, damaged)) => {
                self.damaged = self.damaged.max(damaged.len());
                let problem = damaged
                    .first()
                    .map_or_else(|| self.text().case_not_whole.to_string(), |d| d.to_string());
                self.cases[i].unreadable = Some(problem);
            }
            Err(e) => {
                let words = self.store_words(&e);
                self.cases[i].unreadable = Some(words.clone());
                self.save = SaveState::Failed(words);
            }
        }
    }

    /// The case `code` whole: the selected one as held, any other read
    /// from the store (a draft of another case being offered back). None
    /// when it cannot be read; only a whole case is ever written to.
    pub(crate) fn file_named(&self, code: &str) -> Option<std::borrow::Cow<'_, CaseFile>> {
        if let Some(file) = self.open.as_ref().filter(|f| f.code() == code) {
            return Some(std::borrow::Cow::Borrowed(file));
        }
        match self.store.load_case(code) {
            Ok((Some(file), _)) => Some(std::borrow::Cow::Owned(file)),
            _ => None,
        }
    }

    /// Puts a case just read whole from the store into its place: its
    /// summary and items in the list, the case itself held when selected.
    pub(crate) fn put_read(&mut self, file: CaseFile) {
        let row = CaseRow::of(summarize(&file), self.today, &self.rules);
        match self.row_of(file.code()) {
            Some(i) => self.cases[i] = row,
            None => self.cases.push(row),
        }
        self.open = Some(file);
        self.recount();
    }

    /// Lets go of case `code`, gone from the store.
    pub(crate) fn drop_case(&mut self, code: &str) {
        if let Some(i) = self.row_of(code) {
            self.cases.remove(i);
        }
        if self.open.as_ref().is_some_and(|f| f.code() == code) {
            self.open = None;
        }
        self.recount();
    }

    /// The follow-up statistics of the closed cases, each read whole in
    /// turn.
    pub(crate) fn closed_stats(&mut self) -> Stats {
        let closed: Vec<String> = (self.cases.iter())
            .filter(|r| r.case().is_closed())
            .map(|r| r.code().to_string())
            .collect();
        let mut taken = FollowUps::new(None, None);
        let removed = self.store.removed().map(|r| r.figures);
        let read = removed.and_then(|figures| {
            figures.iter().for_each(|f| taken.add(f));
            self.store.each_whole(&closed, |file| taken.add_file(file))
        });
        match read {
            Ok(_) => taken.finish(),
            Err(e) => {
                self.save = SaveState::Failed(e.to_string());
                FollowUps::new(None, None).finish()
            }
        }
    }
}
