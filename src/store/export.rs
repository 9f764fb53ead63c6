//! Export to JSON (a backup a person can read) and import from it,
//! refusing records that are already in the store.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{Kind, SEQ_TREE, Store, StoreError, Stored, codec, record_key, seq_key};
use crate::domain::case::Case;
use crate::domain::casefile::CaseFile;
use crate::domain::incident::Incident;
use crate::domain::note::{Note, Reflection};
use crate::domain::plan::{Factor, Goal, Plan};
use crate::domain::rating::Rating;
use crate::domain::record::Record;
use crate::domain::report::{FollowUp, Report};

/// The export file's format; bumped when its shape changes.
pub const EXPORT_FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Export {
    pub insats_export: u32,
    pub cases: Vec<Record<Case>>,
    pub plans: Vec<Record<Plan>>,
    pub goals: Vec<Record<Goal>>,
    pub factors: Vec<Record<Factor>>,
    pub notes: Vec<Record<Note>>,
    pub reflections: Vec<Record<Reflection>>,
    pub incidents: Vec<Record<Incident>>,
    pub ratings: Vec<Record<Rating>>,
    pub reports: Vec<Record<Report>>,
    pub follow_ups: Vec<Record<FollowUp>>,
}

impl Export {
    pub fn from_files(files: Vec<CaseFile>) -> Export {
        let mut e = Export {
            insats_export: EXPORT_FORMAT,
            cases: vec![],
            plans: vec![],
            goals: vec![],
            factors: vec![],
            notes: vec![],
            reflections: vec![],
            incidents: vec![],
            ratings: vec![],
            reports: vec![],
            follow_ups: vec![],
        };
        for f in files {
            e.cases.push(f.case);
            e.plans.extend(f.plan);
            e.goals.extend(f.goals);
            e.factors.extend(f.factors);
            e.notes.extend(f.notes);
            e.reflections.extend(f.reflections);
            e.incidents.extend(f.incidents);
            e.ratings.extend(f.ratings);
            e.reports.extend(f.reports);
            e.follow_ups.extend(f.follow_ups);
        }
        e
    }

    pub fn record_count(&self) -> usize {
        self.cases.len()
            + self.plans.len()
            + self.goals.len()
            + self.factors.len()
            + self.notes.len()
            + self.reflections.len()
            + self.incidents.len()
            + self.ratings.len()
            + self.reports.len()
            + self.follow_ups.len()
    }
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub imported: usize,
    pub new_cases: usize,
    /// Records whose key was already in the store, left as they were.
    pub duplicates: usize,
    /// Records whose case is neither in the file nor in the store.
    pub orphans: usize,
    /// Records that do not hold together (a week not in the calendar, a
    /// case whose code does not match its key).
    pub invalid: usize,
}

/// The writes of one import, grouped by case so that each case arrives
/// whole or not at all.
struct Staged {
    writes: BTreeMap<String, Vec<super::Write>>,
    counters: BTreeMap<(Kind, String), u32>,
}

impl Store {
    pub fn export(&self) -> Result<(Export, Vec<super::Damage>), StoreError> {
        let loaded = self.load_all()?;
        Ok((Export::from_files(loaded.files), loaded.damaged))
    }

    /// Adds what the export holds and the store does not. A record already
    /// present (same case, kind and number) is refused and left untouched.
    pub fn import(&self, export: &Export) -> Result<ImportSummary, StoreError> {
        let mut summary = ImportSummary::default();
        let mut plan = Staged {
            writes: BTreeMap::new(),
            counters: BTreeMap::new(),
        };
        let mut known: BTreeSet<String> = BTreeSet::new();
        for case in &export.cases {
            let valid = Case::valid(case);
            if self.stage(&mut plan, case, &mut summary)? {
                summary.new_cases += 1;
            }
            // A case refused as invalid takes its records with it.
            if valid {
                known.insert(case.case.clone());
            }
        }
        let mut stage_all =
            |store: &Store, summary: &mut ImportSummary| -> Result<(), StoreError> {
                macro_rules! each {
                ($($list:ident),*) => {$(
                    for r in &export.$list {
                        if known.contains(&r.case) || store.case_exists(&r.case)? {
                            store.stage(&mut plan, r, summary)?;
                        } else {
                            summary.orphans += 1;
                        }
                    }
                )*};
            }
                each!(
                    plans,
                    goals,
                    factors,
                    notes,
                    reflections,
                    incidents,
                    ratings,
                    reports,
                    follow_ups
                );
                Ok(())
            };
        stage_all(self, &mut summary)?;
        for ((kind, case), seq) in &plan.counters {
            if *seq > self.counter(*kind, case)? {
                plan.writes.entry(case.clone()).or_default().push((
                    SEQ_TREE,
                    seq_key(*kind, case),
                    seq.to_be_bytes().to_vec(),
                ));
            }
        }
        for writes in plan.writes.values() {
            self.write_all(writes)?;
        }
        Ok(summary)
    }

    /// Queues one record unless its key is taken; true when queued.
    fn stage<T: Stored>(
        &self,
        plan: &mut Staged,
        record: &Record<T>,
        summary: &mut ImportSummary,
    ) -> Result<bool, StoreError> {
        if !T::valid(record) {
            summary.invalid += 1;
            return Ok(false);
        }
        let key = record_key(&record.case, record.seq);
        if self.contains(T::KIND, &key)? {
            summary.duplicates += 1;
            return Ok(false);
        }
        let value = codec::encode(record).map_err(StoreError::Codec)?;
        plan.writes
            .entry(record.case.clone())
            .or_default()
            .push((T::KIND.index(), key, value));
        if T::KIND != Kind::Case && T::KIND != Kind::Plan {
            let counter = plan
                .counters
                .entry((T::KIND, record.case.clone()))
                .or_default();
            *counter = (*counter).max(record.seq);
        }
        summary.imported += 1;
        Ok(true)
    }
}
