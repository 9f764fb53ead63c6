//! The summary of a case: what the case list, its flags and the overdue
//! view need of it, as a thin [`CaseFile`] that the rules read
//! exactly as they read the whole one. Derived, never edited: it is made
//! again from the records whenever one of them changes.

use chrono::{NaiveDate, Timelike};

use super::case::{Case, Closing};
use super::casefile::CaseFile;
use super::journal::{self, JournalKinds, Journaled};
use super::note::{IsoWeek, Note, Participant, Reflection};
use super::phase::Phase;
use super::plan::{FactorSource, Plan};
use super::record::{Meta, Record, Revision};

/// The case file the rules need: the case record (its history holds the
/// pauses), the plan's date, the goals, the mapping factors, the ratings'
/// occasions, the reports, the follow-ups, the reflections' weeks, of
/// the notes only those whose dates a rule reads, and what is owed to the
/// journal ([`journal_thin`]). Texts are emptied, removed records and
/// earlier versions left out, incidents left out (only the selected case's
/// checklist counts them, from its whole file).
pub fn summarize(file: &CaseFile) -> CaseFile {
    let mut thin = CaseFile {
        case: thin_case(&file.case),
        plan: file.plan.as_ref().filter(|p| p.is_live()).map(|p| {
            let mut p = thin(file, p);
            p.body = Plan {
                set_on: p.body.set_on,
                ..Plan::default()
            };
            p
        }),
        goals: live_thin(file, &file.goals)
            .into_iter()
            .map(|mut g| {
                g.body.description.clear();
                g
            })
            .collect(),
        factors: live_thin(file, &file.factors)
            .into_iter()
            .filter(|f| f.body.source == FactorSource::Mapping)
            .map(|mut f| {
                f.body.text.clear();
                f
            })
            .collect(),
        notes: telling_notes(file),
        reflections: file
            .reflections
            .iter()
            .filter(|r| r.is_live())
            .map(|r| week_reflected(file, r.seq, r.body.week))
            .collect(),
        incidents: Vec::new(),
        transfers: Vec::new(),
        // Their weeks, for the reflections owed; not why.
        no_contacts: live_thin(file, &file.no_contacts)
            .into_iter()
            .map(|mut r| {
                r.body.reason.clear();
                r
            })
            .collect(),
        ratings: live_thin(file, &file.ratings)
            .into_iter()
            .map(|mut r| {
                r.body.informant.clear();
                r.body.scores.clear();
                r
            })
            .collect(),
        reports: file
            .reports
            .iter()
            .filter(|r| r.is_live())
            .map(|r| {
                let mut r = thin(file, r);
                r.body.text.clear();
                r
            })
            .collect(),
        follow_ups: live_thin(file, &file.follow_ups),
    };
    journal_thin(file, &mut thin);
    thin
}

/// What the journal rule reads: every record of any kind not yet entered
/// (whatever the kinds configured), without its text, with as many
/// earlier versions as it has (a transfer names a version by their
/// count); and the latest transfer of each record kept, its version the
/// kept record's where the journal has the current one.
fn journal_thin(file: &CaseFile, out: &mut CaseFile) {
    let all = JournalKinds::of(&Journaled::ALL);
    let owed = journal::owed(file, all);
    let is_owed = |kind, seq| owed.iter().any(|o| o.kind == kind && o.seq == seq);
    for o in &owed {
        match o.kind {
            Journaled::Note => {
                if let Some(n) = file.notes.iter().find(|n| n.seq == o.seq) {
                    out.notes.retain(|t| t.seq != o.seq);
                    out.notes.push(keeping_versions(file, n, |b| {
                        b.text.clear();
                        b.child_words.clear();
                        b.goals.clear();
                    }));
                }
            }
            Journaled::Reflection => {
                if let Some(r) = file.reflections.iter().find(|r| r.seq == o.seq) {
                    out.reflections.retain(|t| t.seq != o.seq);
                    out.reflections.push(keeping_versions(file, r, |b| {
                        b.scores.clear();
                        b.system_view.clear();
                        b.child_voice.clear();
                        b.next_step.clear();
                    }));
                }
            }
            Journaled::Incident => {
                if let Some(i) = file.incidents.iter().find(|i| i.seq == o.seq) {
                    out.incidents.push(keeping_versions(file, i, |b| {
                        b.chain.clear();
                        b.behaviour.clear();
                    }));
                }
            }
        }
    }
    out.notes.sort_by_key(|n| n.seq);
    out.reflections.sort_by_key(|r| r.seq);
    let versions = |kind, seq| match kind {
        Journaled::Note => out
            .notes
            .iter()
            .find(|n| n.seq == seq)
            .map(|n| n.history.len()),
        Journaled::Reflection => (out.reflections.iter())
            .find(|r| r.seq == seq)
            .map(|r| r.history.len()),
        Journaled::Incident => (out.incidents.iter())
            .find(|i| i.seq == seq)
            .map(|i| i.history.len()),
    };
    let mut transfers = Vec::new();
    for t in file.transfers.iter().filter(|t| t.is_live()) {
        let (kind, seq) = (t.body.kind, t.body.seq);
        let Some(kept) = versions(kind, seq) else {
            continue;
        };
        if journal::transferred(file, kind, seq) != Some(&t.body) {
            continue;
        }
        let mut t = thin(file, t);
        t.body.reference.clear();
        if !is_owed(kind, seq) {
            t.body.version = kept as u32;
        }
        transfers.push(t);
    }
    out.transfers = transfers;
}

/// A record as a summary keeps it for the journal rule: its body made
/// thin by `clear`, and as many earlier versions (each that body) as it
/// has.
fn keeping_versions<T: Clone>(
    file: &CaseFile,
    record: &Record<T>,
    clear: impl Fn(&mut T),
) -> Record<T> {
    let mut kept = thin(file, record);
    clear(&mut kept.body);
    kept.history = (record.history.iter())
        .map(|_| Revision {
            body: kept.body.clone(),
            by: String::new(),
            at: file.case.meta.created_at,
        })
        .collect();
    kept
}

/// The case record as the rules read it: its body without the
/// assignment's text, and of its history only the versions that changed
/// the status (the pauses, [`crate::domain::due::pause_periods`]), each
/// with its status and day alone.
fn thin_case(case: &Record<Case>) -> Record<Case> {
    let mut history: Vec<Revision<Case>> = Vec::new();
    for v in &case.history {
        if history.last().map(|h| h.body.status) != Some(v.body.status) {
            history.push(Revision {
                body: Case {
                    status: v.body.status,
                    ..Case::new("", "", v.body.start)
                },
                by: String::new(),
                at: v.at,
            });
        }
    }
    let mut body = case.body.clone();
    body.assignment.clear();
    Record {
        case: case.case.clone(),
        seq: case.seq,
        meta: case.meta.clone(),
        body,
        history,
        removed: None,
    }
}

/// The case record as the case list and the overdue view read it (its code,
/// family, workers, start, phases, status and closing), for a caseload whose
/// due items are given ([`super::due::Listed`]): what the rules read besides
/// is left out.
pub fn listed_case(case: &Record<Case>) -> Record<Case> {
    let b = &case.body;
    let mut body = Case::new(&b.code, &b.family, b.start);
    body.workers = b.workers.clone();
    body.phases = b.phases.clone();
    body.status = b.status;
    body.closing = b.closing.as_ref().map(|c| Closing {
        on: c.on,
        reason: String::new(),
    });
    body.places = Vec::new();
    Record {
        case: case.case.clone(),
        seq: case.seq,
        meta: Meta {
            created_at: whole_seconds(case.meta.created_at),
            created_by: String::new(),
            updated_at: whole_seconds(case.meta.updated_at),
            updated_by: String::new(),
        },
        body,
        history: Vec::new(),
        removed: None,
    }
}

/// A time to the second, as a kept caseload holds it.
fn whole_seconds(t: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    t.with_nanosecond(0).unwrap_or(t)
}

/// The meta of a record in a summary: no rule reads it, so it is the
/// case's creation, by nobody (nothing to store, nothing to allocate).
pub fn blank_meta(file: &CaseFile) -> Meta {
    let at = file.case.meta.created_at;
    Meta {
        created_at: at,
        created_by: String::new(),
        updated_at: at,
        updated_by: String::new(),
    }
}

/// A reflection as the rules read it: its week. Its day and its record's
/// dates are the week's Monday and the case's, so that a stored summary
/// keeps the weeks alone (dates are most of the cost of reading one).
pub fn week_reflected(file: &CaseFile, seq: u32, week: IsoWeek) -> Record<Reflection> {
    Record {
        case: file.case.case.clone(),
        seq,
        meta: blank_meta(file),
        body: Reflection {
            week,
            date: week.monday(),
            participants: Vec::new(),
            scores: Vec::new(),
            system_view: String::new(),
            child_voice: String::new(),
            next_step: String::new(),
        },
        history: Vec::new(),
        removed: None,
    }
}

/// A live record as a summary keeps it: its body, without its earlier
/// versions or its meta ([`blank_meta`]).
fn thin<T: Clone>(file: &CaseFile, record: &Record<T>) -> Record<T> {
    Record {
        case: record.case.clone(),
        seq: record.seq,
        meta: blank_meta(file),
        body: record.body.clone(),
        history: Vec::new(),
        removed: None,
    }
}

fn live_thin<T: Clone + PartialEq>(file: &CaseFile, records: &[Record<T>]) -> Vec<Record<T>> {
    records
        .iter()
        .filter(|r| r.is_live())
        .map(|r| thin(file, r))
        .collect()
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
            let mut n = thin(file, n);
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
