//! The caseload as the screen holds it: every case by its record as the
//! list reads it, the selected case whole, and each case's due items kept
//! until that case or the day changes. A key costs what is on screen, not
//! the archive (SPEC §11).
//!
//! A start takes the caseload the store kept, read and made ready while
//! the store opens ([`crate::store::caseload::open_with_caseload`]) or
//! after it ([`Store::caseload_read`]), or has it made from the summaries
//! a case at a time (and kept) when something was written since: each
//! case by its record alone, its due items given. The summaries are read
//! only when something needs more of a case than its record and its items
//! (another day, the sort by last contact), and a case's own summary when
//! its items must be made again.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;

use chrono::NaiveDate;

use super::{App, SaveState};
use crate::domain::casefile::CaseFile;
use crate::domain::due::{DueItem, Listed, Rules, due_items, tally};
use crate::domain::stats::{FollowUps, Stats};
use crate::domain::summary::summarize;
use crate::store::caseload::Cases;
use crate::store::{Damage, Loaded, Store, StoreError};

/// Each case's due items, for one day under one set of rules, and the
/// caseload's counts of them (the status bar reads those on every frame).
#[derive(Debug, Default)]
pub struct DueCache {
    on: Option<(NaiveDate, Rules)>,
    items: HashMap<String, Vec<DueItem>>,
    counts: Option<(usize, usize)>,
}

impl DueCache {
    /// Reads the due items of `file` on `today` without copying them.
    pub fn with<R>(
        &mut self,
        file: &CaseFile,
        today: NaiveDate,
        rules: &Rules,
        read: impl FnOnce(&[DueItem]) -> R,
    ) -> R {
        self.on_day(today, rules);
        if let Some(items) = self.items.get(file.code()) {
            return read(items);
        }
        let items = due_items(file, today, rules);
        let said = read(&items);
        self.items.insert(file.code().to_string(), items);
        said
    }

    /// A cache holding `items`, each case's due items on `today`, and the
    /// caseload's counts of them when all its cases' are given.
    pub fn given(
        items: HashMap<String, Vec<DueItem>>,
        counts: Option<(usize, usize)>,
        today: NaiveDate,
        rules: &Rules,
    ) -> DueCache {
        DueCache {
            on: Some((today, *rules)),
            items,
            counts,
        }
    }

    /// The items of case `code` on `today`, when held.
    pub fn held(&mut self, code: &str, today: NaiveDate, rules: &Rules) -> Option<&[DueItem]> {
        self.on_day(today, rules);
        self.items.get(code).map(Vec::as_slice)
    }

    /// The caseload's counts of overdue and due-soon items, when nothing
    /// changed since they were counted on `today`.
    pub fn counts(&mut self, today: NaiveDate, rules: &Rules) -> Option<(usize, usize)> {
        self.on_day(today, rules);
        self.counts
    }

    pub fn keep_counts(&mut self, counts: (usize, usize)) {
        self.counts = Some(counts);
    }

    /// Forgets a case's items after it changed.
    pub fn forget(&mut self, code: &str) {
        self.items.remove(code);
        self.counts = None;
    }

    /// Starts afresh when the day or the rules changed.
    fn on_day(&mut self, today: NaiveDate, rules: &Rules) {
        if self.on != Some((today, *rules)) {
            self.on = Some((today, *rules));
            self.items.clear();
            self.counts = None;
        }
    }
}

pub type SharedDueCache = RefCell<DueCache>;

/// The caseload a start opens on: each case by its record, its due items
/// apart, the status bar's counts of them, and the damage met reading it.
pub struct Early {
    loaded: Loaded,
    items: HashMap<String, Vec<DueItem>>,
    counts: (usize, usize),
}

impl Early {
    /// Of `cases`, made on the thread that reads the caseload kept while
    /// the store opens ([`crate::store::caseload::open_with_caseload`]),
    /// or after it. The counts are taken as the items go by (counted
    /// later, each case's would be looked up again).
    pub fn of(cases: Cases) -> Early {
        let records = cases.len();
        let mut files = Vec::with_capacity(records);
        let mut items = HashMap::with_capacity(records);
        let mut counts = (0, 0);
        for Listed { case, items: due } in cases {
            tally(&mut counts, &due);
            items.insert(case.case.clone(), due);
            files.push(CaseFile::new(case));
        }
        let loaded = Loaded {
            files,
            records,
            damaged: Vec::new(),
        };
        Early {
            loaded,
            items,
            counts,
        }
    }

    /// With the damage met reading it.
    pub fn met(mut self, damaged: Vec<Damage>) -> Early {
        self.loaded.damaged = damaged;
        self
    }
}

/// The caseload a start opens on: `early` when given, else the store's
/// ([`Store::caseload_read`]): the one it kept at its generation for
/// `today`, or one made from the summaries a case at a time when it kept
/// none (and kept then, for the next start). A case's summary is read
/// again when something needs more of it than its record and its items.
pub(super) fn opening(
    store: &Store,
    today: NaiveDate,
    rules: &Rules,
    early: Option<Early>,
) -> Result<(Loaded, DueCache), StoreError> {
    let opened = match early {
        Some(early) => early,
        None => {
            let (cases, damaged) = store.caseload_read(today, rules)?;
            Early::of(cases).met(damaged)
        }
    };
    let given = DueCache::given(opened.items, Some(opened.counts), today, rules);
    Ok((opened.loaded, given))
}

impl App {
    /// The due items of `file` today, given to `read`. A case held by its
    /// record alone whose items are not held has them made from its
    /// summary (or its records), never from the record alone.
    pub(crate) fn due_with<R>(&self, file: &CaseFile, read: impl FnOnce(&[DueItem]) -> R) -> R {
        let mut cache = self.due_cache.borrow_mut();
        // One lookup for a case whose items are held: the list's sort asks
        // this of every case.
        if let Some(items) = cache.held(file.code(), self.today, &self.rules) {
            return read(items);
        }
        if self.listed_only {
            // Never from the record alone: a case that cannot be read at
            // all shows no items (its damage is said as it is selected).
            return match self.summary_of(file.code()) {
                Some(thin) => cache.with(&thin, self.today, &self.rules, read),
                None => read(&[]),
            };
        }
        cache.with(file, self.today, &self.rules, read)
    }

    fn summary_of(&self, code: &str) -> Option<CaseFile> {
        match self.store.summary(code) {
            Ok(Some(thin)) => Some(thin),
            _ => self
                .store
                .load_case(code)
                .ok()
                .and_then(|(file, _)| file)
                .map(|f| summarize(&f)),
        }
    }

    /// Counts of overdue and due-soon items across all cases.
    pub fn counts(&self) -> (usize, usize) {
        if let Some(counts) = self.due_cache.borrow_mut().counts(self.today, &self.rules) {
            return counts;
        }
        let mut counts = (0, 0);
        for file in &self.files {
            self.due_with(file, |items| tally(&mut counts, items));
        }
        self.due_cache.borrow_mut().keep_counts(counts);
        counts
    }

    /// Reads every case's summary when the caseload holds only their
    /// records: for what needs more of a case (another day's items, the
    /// last contact).
    pub fn read_summaries(&mut self) {
        if !self.listed_only {
            return;
        }
        match self.store.load_summaries() {
            Ok(loaded) => {
                self.damaged = self.damaged.max(loaded.damaged.len());
                let at: HashMap<String, usize> = self
                    .files
                    .iter()
                    .enumerate()
                    .map(|(i, f)| (f.code().to_string(), i))
                    .collect();
                let mut replaced = 0;
                for thin in loaded.files {
                    match at.get(thin.code()) {
                        Some(&i) => {
                            self.files[i] = thin;
                            replaced += 1;
                        }
                        None => {
                            // Not counted yet in the status bar.
                            self.due_cache.borrow_mut().forget(thin.code());
                            self.files.push(thin);
                            self.wholes.push(Default::default());
                        }
                    }
                }
                // A case whose summary could not be read (damaged since the
                // start) is still held by its record alone: its items are
                // then never made from that.
                self.listed_only = replaced < at.len();
            }
            Err(e) => self.save = SaveState::Failed(e.to_string()),
        }
    }

    /// The case at `i` in `files`, read whole from the store the first
    /// time it is asked for (its summary if it cannot be read).
    pub(crate) fn whole_at(&self, i: usize) -> &CaseFile {
        let thin = &self.files[i];
        self.wholes
            .get(i)
            .and_then(|cell| {
                cell.get_or_init(|| {
                    self.store
                        .load_case(thin.code())
                        .ok()
                        .and_then(|(file, _)| file.map(Box::new))
                })
                .as_deref()
            })
            .unwrap_or(thin)
    }

    /// Whether the case `code` is held whole, not only by its summary (what
    /// is shown when its records cannot be read): only a whole case may be
    /// written to, or a summary's thin records would be written over it.
    /// A code not in the caseload (a case being made) has nothing to lose.
    pub(crate) fn is_whole(&self, code: &str) -> bool {
        self.files
            .iter()
            .position(|f| f.code() == code)
            .is_none_or(|i| {
                self.whole_at(i);
                self.wholes
                    .get(i)
                    .is_some_and(|c| matches!(c.get(), Some(Some(_))))
            })
    }

    /// The case `code`, whole.
    pub(crate) fn file_named(&self, code: &str) -> Option<&CaseFile> {
        let i = self.files.iter().position(|f| f.code() == code)?;
        Some(self.whole_at(i))
    }

    /// Lets go of every case read whole but the selected one: a case out
    /// of sight costs its summary.
    pub(crate) fn hold_current_whole(&mut self) {
        let current = self.visible.get(self.selected).copied();
        for (i, cell) in self.wholes.iter_mut().enumerate() {
            if Some(i) != current && cell.get().is_some() {
                cell.take();
            }
        }
        // Read here rather than when first drawn, to count its damage.
        if let Some(i) = current
            && self.wholes.get(i).is_some_and(|c| c.get().is_none())
        {
            match self.store.load_case(self.files[i].code()) {
                Ok((file, damaged)) => {
                    self.damaged = self.damaged.max(damaged.len());
                    // A case that cannot be read whole is shown by its
                    // summary, not by its record alone.
                    if file.is_none()
                        && self.listed_only
                        && let Some(thin) = self.summary_of(self.files[i].code())
                    {
                        self.files[i] = thin;
                    }
                    let _ = self.wholes[i].set(file.map(Box::new));
                }
                Err(e) => {
                    // Shown by its summary, as a damaged one, when that reads.
                    if self.listed_only
                        && let Some(thin) = self.summary_of(self.files[i].code())
                    {
                        self.files[i] = thin;
                    }
                    self.save = SaveState::Failed(e.to_string());
                }
            }
        }
    }

    /// Puts a case just read whole from the store into its place: its
    /// summary in `files`, kept in the store, and the case itself beside it.
    pub(crate) fn put_read(&mut self, file: CaseFile) {
        // Best effort: a summary not kept is rebuilt by the next reader.
        let _ = self.store.put_summary(&file);
        self.due_cache.borrow_mut().forget(file.code());
        let thin = summarize(&file);
        let whole = OnceCell::from(Some(Box::new(file)));
        match self.files.iter().position(|f| f.code() == thin.code()) {
            Some(i) => {
                self.files[i] = thin;
                self.wholes[i] = whole;
            }
            None => {
                self.files.push(thin);
                self.wholes.push(whole);
            }
        }
    }

    /// The follow-up statistics of the closed cases, each read whole in
    /// turn.
    pub(crate) fn closed_stats(&mut self) -> Stats {
        let closed: Vec<String> = (self.files.iter())
            .filter(|f| f.case.body.is_closed())
            .map(|f| f.code().to_string())
            .collect();
        let mut taken = FollowUps::new(None, None);
        match self.store.each_whole(&closed, |file| taken.add(file)) {
            Ok(_) => taken.finish(),
            Err(e) => {
                self.save = SaveState::Failed(e.to_string());
                FollowUps::new(None, None).finish()
            }
        }
    }
}
