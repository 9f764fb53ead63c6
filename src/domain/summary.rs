//! The summary of a case: what the case list, its flags and the overdue
//! view need of it (SPEC §11), as a thin [`CaseFile`] that the rules read
//! exactly as they read the whole one. Derived, never edited: it is made
//! again from the records whenever one of them changes.

use chrono::NaiveDate;

use super::casefile::CaseFile;
use super::note::{Note, Participant};
use super::phase::Phase;
use super::record::Record;

/// The case file the rules need: the case record (its history holds the
/// pauses), the plan, goals, mapping factors, ratings, reports and
/// follow-ups as they are, the reflections' weeks, and of the notes only
/// those whose dates a rule reads. Texts are emptied, removed records and
/// earlier versions left out, incidents left out (only the selected case's
/// checklist counts them, from its whole file).
pub fn summarize(file: &CaseFile) -> CaseFile {
    CaseFile {
        case: file.case.clone(),
        plan: file.plan.as_ref().filter(|p| p.is_live()).map(thin),
        goals: live_thin(&file.goals),
        factors: live_thin(&file.factors),
        notes: telling_notes(file),
        reflections: file
            .reflections
            .iter()
            .filter(|r| r.is_live())
            .map(|r| {
                let mut r = thin(r);
                r.body.participants.clear();
                r.body.scores.clear();
                r.body.system_view.clear();
                r.body.child_voice.clear();
                r.body.next_step.clear();
                r
            })
            .collect(),
        incidents: Vec::new(),
        ratings: live_thin(&file.ratings),
        reports: file
            .reports
            .iter()
            .filter(|r| r.is_live())
            .map(|r| {
                let mut r = thin(r);
                r.body.text.clear();
                r
            })
            .collect(),
        follow_ups: live_thin(&file.follow_ups),
    }
}

/// A record without its earlier versions.
fn thin<T: Clone>(record: &Record<T>) -> Record<T> {
    Record {
        case: record.case.clone(),
        seq: record.seq,
        meta: record.meta.clone(),
        body: record.body.clone(),
        history: Vec::new(),
        removed: record.removed.clone(),
    }
}

fn live_thin<T: Clone + PartialEq>(records: &[Record<T>]) -> Vec<Record<T>> {
    records.iter().filter(|r| r.is_live()).map(thin).collect()
}

/// The notes a rule reads: the first (the alliance), the latest (the last
/// contact), the latest with the child, and the first of Fas 3 with the
/// network and with the social secretary — each without its text.
fn telling_notes(file: &CaseFile) -> Vec<Record<Note>> {
    let live: Vec<&Record<Note>> = file.notes.iter().filter(|n| n.is_live()).collect();
    let fas3 = file.case.body.phase_began(Phase::Generalising);
    let key = |n: &&Record<Note>| (n.body.date, n.seq);
    let first_with = |with: Participant| {
        let from: NaiveDate = fas3?;
        live.iter()
            .copied()
            .filter(|n| n.body.date >= from && n.body.participants.contains(&with))
            .min_by_key(key)
    };
    let picked = [
        live.iter().copied().min_by_key(key),
        live.iter().copied().max_by_key(key),
        live.iter()
            .copied()
            .filter(|n| n.body.child_took_part)
            .max_by_key(key),
        first_with(Participant::Other),
        first_with(Participant::SocialSecretary),
    ];
    let mut seqs: Vec<u32> = picked.into_iter().flatten().map(|n| n.seq).collect();
    seqs.sort_unstable();
    seqs.dedup();
    live.into_iter()
        .filter(|n| seqs.binary_search(&n.seq).is_ok())
        .map(|n| {
            let mut n = thin(n);
            n.body.text.clear();
            n.body.child_words.clear();
            n.body.goals.clear();
            n
        })
        .collect()
}

#[cfg(test)]
#[path = "summary_tests.rs"]
mod tests;
