use chrono::{NaiveDate, NaiveTime};
use proptest::prelude::*;

use super::*;
use crate::domain::case::{Case, CaseStatus, Place};
use crate::domain::due::{DueKind, DueState, Rules, due_items};
use crate::domain::note::Note;
use crate::domain::summary::summarize;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn file() -> CaseFile {
    let start = d("2026-10-01");
    let case = Case::new("2026-001", "Fam A", start);
    CaseFile::new(Record::new(
        "2026-001",
        0,
        case,
        "ab",
        start.and_time(NaiveTime::MIN),
    ))
}

fn note(f: &mut CaseFile, on: &str, text: &str) -> u32 {
    let on = d(on);
    let seq = CaseFile::next_seq(&f.notes);
    let body = Note {
        date: on,
        start: NaiveTime::MIN,
        minutes: 60,
        place: Place::Home,
        participants: vec![],
        child_took_part: false,
        child_words: String::new(),
        text: text.into(),
        goals: vec![],
    };
    f.notes.push(Record::new(
        "2026-001",
        seq,
        body,
        "ab",
        on.and_time(NaiveTime::MIN),
    ));
    seq
}

fn enter(f: &mut CaseFile, owed: &Owed, on: &str) {
    let seq = CaseFile::next_seq(&f.transfers);
    let t = owed.entered(d(on), "JD-1");
    f.transfers.push(Record::new(
        "2026-001",
        seq,
        t,
        "ab",
        d(on).and_time(NaiveTime::MIN),
    ));
}

fn journal_item(f: &CaseFile, today: &str) -> Option<(DueKind, DueState, NaiveDate)> {
    (due_items(f, d(today), &Rules::default()).into_iter())
        .find(|i| matches!(i.kind, DueKind::Journal { .. }))
        .map(|i| (i.kind, i.state, i.due))
}

#[test]
fn a_note_is_owed_three_days_after_its_date_until_entered() {
    let mut f = file();
    note(&mut f, "2026-11-16", "a");
    note(&mut f, "2026-11-18", "b");
    let item = journal_item(&f, "2026-11-20").unwrap();
    let oldest = d("2026-11-16");
    assert_eq!(
        item,
        (
            DueKind::Journal { count: 2, oldest },
            DueState::Overdue,
            d("2026-11-19")
        )
    );
    let owed = owed(&f, JournalKinds::default());
    enter(&mut f, &owed[0], "2026-11-20");
    let item = journal_item(&f, "2026-11-20").unwrap();
    let (count, oldest) = (1, d("2026-11-18"));
    assert_eq!(
        item,
        (
            DueKind::Journal { count, oldest },
            DueState::DueSoon,
            d("2026-11-21")
        )
    );
    enter(&mut f, &owed[1], "2026-11-20");
    assert_eq!(journal_item(&f, "2026-11-20"), None);
}

#[test]
fn an_edit_after_the_transfer_is_owed_again_and_says_so() {
    let mut f = file();
    let seq = note(&mut f, "2026-11-16", "Första");
    let first = owed(&f, JournalKinds::default());
    assert!(!first[0].changed_after);
    enter(&mut f, &first[0], "2026-11-17");
    assert!(owed(&f, JournalKinds::default()).is_empty());
    let at = d("2026-11-18").and_time(NaiveTime::MIN);
    let mut body = f.notes[0].body.clone();
    body.text = "Rättad".into();
    f.notes[0].edit(body, "ab", at);
    let again = owed(&f, JournalKinds::default());
    assert_eq!(again.len(), 1);
    assert_eq!(
        (again[0].seq, again[0].changed_after, again[0].version),
        (seq, true, 1)
    );
    assert!(changed_after(&f, Journaled::Note, seq, 1));
    enter(&mut f, &again[0], "2026-11-18");
    assert!(owed(&f, JournalKinds::default()).is_empty());
}

#[test]
fn what_is_owed_stays_owed_after_closing_and_removed_records_are_not() {
    let mut f = file();
    note(&mut f, "2026-11-16", "a");
    let gone = note(&mut f, "2026-11-17", "b");
    f.notes[1].remove("fel ärende", "ab", d("2026-11-18").and_time(NaiveTime::MIN));
    f.case.body.status = CaseStatus::Closed;
    f.case.body.close(d("2026-11-19"), "klart");
    let owed = owed(&f, JournalKinds::default());
    assert_eq!(owed.len(), 1);
    assert_ne!(owed[0].seq, gone);
    assert!(journal_item(&f, "2026-11-25").is_some());
    // Reflections are owed only when the rules say so.
    assert_eq!(JournalKinds::default().kinds(), [Journaled::Note]);
}

proptest! {
    /// The summary the case list reads owes the journal exactly what the
    /// whole file does, whatever was entered, edited and removed.
    #[test]
    fn the_summary_owes_what_the_file_owes(
        steps in proptest::collection::vec((0u8..4, 0usize..6), 0..24)
    ) {
        let mut f = file();
        let all = JournalKinds::of(&Journaled::ALL);
        for (i, (what, pick)) in steps.into_iter().enumerate() {
            let day = format!("2026-11-{:02}", 1 + i % 28);
            match what {
                0 => {
                    note(&mut f, &day, "n");
                }
                1 => {
                    let owed = owed(&f, all);
                    if let Some(o) = owed.get(pick % owed.len().max(1)) {
                        enter(&mut f, o, &day);
                    }
                }
                2 if !f.notes.is_empty() => {
                    let n = pick % f.notes.len();
                    let mut body = f.notes[n].body.clone();
                    body.text.push('!');
                    f.notes[n].edit(body, "ab", d(&day).and_time(NaiveTime::MIN));
                }
                3 if !f.notes.is_empty() => {
                    let n = pick % f.notes.len();
                    f.notes[n].remove("x", "ab", d(&day).and_time(NaiveTime::MIN));
                }
                _ => {}
            }
        }
        let key = |o: &Owed| (o.kind, o.seq, o.date, o.changed_after);
        let whole: Vec<_> = owed(&f, all).iter().map(key).collect();
        let thin: Vec<_> = owed(&summarize(&f), all).iter().map(key).collect();
        prop_assert_eq!(whole, thin);
    }
}
