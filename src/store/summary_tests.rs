use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use proptest::prelude::*;

use super::*;
use crate::domain::case::{Case, CaseStatus, Place};
use crate::domain::due::{Rules, due_items};
use crate::domain::note::{IsoWeek, Note, Participant, Reflection};
use crate::domain::plan::{Factor, FactorKind, FactorSource, Goal, GoalOrigin, GoalStatus};
use crate::domain::record::Record;
use crate::domain::report::{Report, ReportKind};
use crate::store::Batch;

const CODES: [&str; 2] = ["2026-001", "2026-002"];

fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 5).unwrap() + Duration::days(n)
}

fn at(n: i64) -> NaiveDateTime {
    day(n).and_time(NaiveTime::MIN)
}

/// A write through each of the store's paths.
#[derive(Debug, Clone)]
enum Op {
    /// `add`: a note on a day, with the child or not, with whom.
    Note(usize, i64, bool, u8),
    /// `put`: a note moved to another day.
    MoveNote(usize, u32, i64),
    /// `put`: a record marked removed (note, report, reflection, goal).
    Remove(usize, u8, u32),
    Report(usize, u8, i64),
    Reflection(usize, i64),
    Goal(usize, i64),
    /// `put` of the case: the next phase, a pause, a resumption, closing.
    Case(usize, u8, i64),
    /// `commit`: a goal and a mapping factor together.
    Batch(usize, i64),
    /// `import`: the store's own export of one case, with a note more.
    Import(usize, i64),
}

fn op() -> impl Strategy<Value = Op> {
    let c = 0usize..2;
    let n = 0i64..300;
    prop_oneof![
        3 => (c.clone(), n.clone(), any::<bool>(), 0u8..4).prop_map(|(c, n, k, w)| Op::Note(c, n, k, w)),
        1 => (c.clone(), 1u32..6, n.clone()).prop_map(|(c, s, n)| Op::MoveNote(c, s, n)),
        2 => (c.clone(), 0u8..4, 1u32..6).prop_map(|(c, k, s)| Op::Remove(c, k, s)),
        1 => (c.clone(), 0u8..3, n.clone()).prop_map(|(c, k, n)| Op::Report(c, k, n)),
        1 => (c.clone(), n.clone()).prop_map(|(c, n)| Op::Reflection(c, n)),
        1 => (c.clone(), n.clone()).prop_map(|(c, n)| Op::Goal(c, n)),
        2 => (c.clone(), 0u8..4, n.clone()).prop_map(|(c, k, n)| Op::Case(c, k, n)),
        1 => (c.clone(), n.clone()).prop_map(|(c, n)| Op::Batch(c, n)),
        1 => (c, n).prop_map(|(c, n)| Op::Import(c, n)),
    ]
}

fn note(n: i64, child: bool, with: u8) -> Note {
    Note {
        date: day(n),
        start: NaiveTime::MIN,
        minutes: 60,
        place: Place::Home,
        participants: vec![
            [
                Participant::Parent,
                Participant::Child,
                Participant::Other,
                Participant::SocialSecretary,
            ][with as usize],
        ],
        child_took_part: child,
        child_words: String::new(),
        text: "text".into(),
        goals: vec![],
    }
}

fn goal(n: i64) -> Goal {
    Goal {
        title: format!("Mål {n}"),
        description: String::new(),
        origin: GoalOrigin::SocialSecretary,
        area: None,
        priority: 1,
        started_on: day(n),
        status: GoalStatus::Active,
    }
}

fn remove<T: crate::store::Stored>(store: &Store, case: &str, seq: u32, n: i64) {
    if let Some(mut r) = store.get::<T>(case, seq).unwrap() {
        r.remove("fel", "ab", at(n));
        store.put(&r).unwrap();
    }
}

fn apply(store: &Store, op: &Op) {
    match op {
        Op::Note(c, n, child, with) => {
            store
                .add(CODES[*c], note(*n, *child, *with), "ab", at(*n))
                .unwrap();
        }
        Op::MoveNote(c, seq, n) => {
            if let Some(mut r) = store.get::<Note>(CODES[*c], *seq).unwrap() {
                let mut body = r.body.clone();
                body.date = day(*n);
                r.edit(body, "ab", at(*n));
                store.put(&r).unwrap();
            }
        }
        Op::Remove(c, kind, seq) => match kind {
            0 => remove::<Note>(store, CODES[*c], *seq, 300),
            1 => remove::<Report>(store, CODES[*c], *seq, 300),
            2 => remove::<Reflection>(store, CODES[*c], *seq, 300),
            _ => remove::<Goal>(store, CODES[*c], *seq, 300),
        },
        Op::Report(c, kind, n) => {
            let kind =
                [ReportKind::Fas1, ReportKind::Progress, ReportKind::Closing][*kind as usize];
            let body = Report {
                kind,
                from: day(*n),
                to: day(*n),
                sent_on: day(*n),
                recipient: String::new(),
                text: "r".into(),
            };
            store.add(CODES[*c], body, "ab", at(*n)).unwrap();
        }
        Op::Reflection(c, n) => {
            let body = Reflection {
                week: IsoWeek::of(day(*n)),
                date: day(*n),
                participants: vec![],
                scores: vec![],
                system_view: "s".into(),
                child_voice: String::new(),
                next_step: String::new(),
            };
            store.add(CODES[*c], body, "ab", at(*n)).unwrap();
        }
        Op::Goal(c, n) => {
            store.add(CODES[*c], goal(*n), "ab", at(*n)).unwrap();
        }
        Op::Case(c, kind, n) => {
            let mut r = store.get::<Case>(CODES[*c], 0).unwrap().unwrap();
            let mut body = r.body.clone();
            match kind {
                0 => {
                    body.phase_forward(day(*n));
                }
                1 => body.status = CaseStatus::Paused,
                2 => body.status = CaseStatus::Active,
                _ => body.close(day(*n), "klart"),
            }
            r.edit(body, "ab", at(*n));
            store.put(&r).unwrap();
        }
        Op::Batch(c, n) => batch(store, CODES[*c], *n),
        Op::Import(c, n) => {
            let (mut export, _) = store.export().unwrap();
            export.cases.retain(|r| r.case == CODES[*c]);
            let seq = store.next_seq::<Note>(CODES[*c]).unwrap();
            export.notes = vec![Record::new(CODES[*c], seq, note(*n, true, 0), "ab", at(*n))];
            store.import_export(&export).unwrap();
        }
    }
}

fn batch(store: &Store, case: &str, n: i64) {
    let mut batch = Batch::default();
    let seq = store.next_seq::<Goal>(case).unwrap();
    batch
        .put(&Record::new(case, seq, goal(n), "ab", at(n)))
        .unwrap();
    let factor = Factor {
        kind: FactorKind::Risk,
        text: "trångbott".into(),
        area: None,
        noted_on: day(n),
        source: FactorSource::Mapping,
    };
    let seq = store.next_seq::<Factor>(case).unwrap();
    batch
        .put(&Record::new(case, seq, factor, "ab", at(n)))
        .unwrap();
    store.commit(batch).unwrap();
}

fn new_store(dir: &std::path::Path) -> Store {
    let store = Store::open(dir).unwrap();
    for code in CODES {
        let case = Case::new(code, "Fam", day(0));
        store
            .insert_case(&Record::new(code, 0, case, "ab", at(0)))
            .unwrap();
    }
    store
}

/// What the summaries say against what the records say, for every case.
fn summaries_agree(store: &Store) -> Result<(), TestCaseError> {
    let whole = store.load_all().unwrap();
    let thin = store.load_summaries().unwrap();
    prop_assert_eq!(thin.files.len(), whole.files.len());
    for (thin, whole) in thin.files.iter().zip(&whole.files) {
        prop_assert_eq!(thin, &summarize(whole));
        let today = day(320);
        prop_assert_eq!(
            due_items(thin, today, &Rules::default()),
            due_items(whole, today, &Rules::default())
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// After every kind of write, edit and removal, the summary read is the
    /// one the records give — whether it was kept, or dropped and rebuilt.
    #[test]
    fn the_summary_read_is_the_one_the_records_give(
        ops in proptest::collection::vec(op(), 1..25),
        refresh in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let store = new_store(dir.path());
        summaries_agree(&store)?;
        for op in &ops {
            apply(&store, op);
            if refresh {
                // As the screen does after a write: the case read whole,
                // its summary written from it.
                for code in CODES {
                    let (file, _) = store.load_case(code).unwrap();
                    store.put_summary(&file.unwrap()).unwrap();
                }
            }
            summaries_agree(&store)?;
        }
    }
}

#[test]
fn a_write_marks_its_cases_summary_stale_in_its_own_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let store = new_store(dir.path());
    store.load_summaries().unwrap();
    assert!(store.summary(CODES[0]).unwrap().is_some());
    store.add(CODES[0], note(3, true, 0), "ab", at(3)).unwrap();
    assert_eq!(store.summary(CODES[0]).unwrap(), None);
    let entry = store.trees[SUMMARY_TREE].get(CODES[0]).unwrap();
    assert_eq!(entry.as_deref(), Some(STALE));
    // The other case's summary stays.
    assert!(store.summary(CODES[1]).unwrap().is_some());
    // Reading the case whole, as the screen does after a write, makes it.
    let (whole, _) = store.load_case(CODES[0]).unwrap();
    assert_eq!(
        store.summary(CODES[0]).unwrap(),
        Some(summarize(&whole.unwrap()))
    );
    // Listed from the summaries' tree alone, the case is there, with its note.
    let listed = store.load_summaries().unwrap();
    assert_eq!(listed.files.len(), 2);
    assert_eq!(listed.files[0].last_contact(), Some(day(3)));
}

#[test]
fn a_new_case_is_listed_from_the_summaries_tree() {
    let dir = tempfile::tempdir().unwrap();
    let store = new_store(dir.path());
    assert_eq!(store.load_summaries().unwrap().files.len(), 2);
    assert!(store.trees[SUMMARY_TREE].get(COMPLETE).unwrap().is_some());
    let case = Case::new("2026-003", "Fam C", day(1));
    store
        .insert_case(&Record::new("2026-003", 0, case, "ab", at(1)))
        .unwrap();
    let codes: Vec<String> = store
        .load_summaries()
        .unwrap()
        .files
        .iter()
        .map(|f| f.code().to_string())
        .collect();
    assert_eq!(codes, ["2026-001", "2026-002", "2026-003"]);
}

#[test]
fn check_gives_back_an_entry_lost_and_lets_go_of_one_without_a_case() {
    let dir = tempfile::tempdir().unwrap();
    let store = new_store(dir.path());
    store.load_summaries().unwrap();
    // As an earlier insats's write would leave it: the entry gone.
    store.trees[SUMMARY_TREE].remove(CODES[1]).unwrap();
    assert_eq!(store.load_summaries().unwrap().files.len(), 1);
    store.trees[SUMMARY_TREE].insert("2099-999", STALE).unwrap();
    let whole = store.load_all().unwrap();
    let found = store.check_summaries(&whole.files).unwrap();
    assert_eq!(found.missing, 1);
    assert_eq!(found.mismatched, vec!["2099-999".to_string()]);
    assert_eq!(store.load_summaries().unwrap().files.len(), 2);
    assert_eq!(store.trees[SUMMARY_TREE].get("2099-999").unwrap(), None);
}

#[test]
fn check_finds_a_summary_that_disagrees_and_makes_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let store = new_store(dir.path());
    store.add(CODES[0], note(3, true, 0), "ab", at(3)).unwrap();
    let whole = store.load_all().unwrap();
    // A summary written behind the store's back, saying there is no note.
    let (empty, _) = store.load_case(CODES[1]).unwrap();
    let mut wrong = empty.unwrap();
    wrong.case.body.code = CODES[0].into();
    wrong.case.case = CODES[0].into();
    store.put_summary(&wrong).unwrap();
    let found = store.check_summaries(&whole.files).unwrap();
    assert_eq!(found.mismatched, vec![CODES[0].to_string()]);
    // Reading the second case whole made its summary.
    assert_eq!(found.missing, 0);
    assert_eq!(
        store.check_summaries(&whole.files).unwrap(),
        SummaryCheck::default()
    );
    assert_eq!(
        store.summary(CODES[0]).unwrap(),
        Some(summarize(&whole.files[0]))
    );
}

#[test]
fn a_case_that_cannot_be_read_is_said_at_every_start() {
    let dir = tempfile::tempdir().unwrap();
    let store = new_store(dir.path());
    // As a store of the previous version: no summaries, no mark.
    store.trees[SUMMARY_TREE].clear().unwrap();
    store
        .tree(Kind::Case)
        .insert(super::super::record_key(CODES[1], 0), &[1, 0, 9, 9])
        .unwrap();
    for start in 0..3 {
        let loaded = store.load_summaries().unwrap();
        assert_eq!(loaded.files.len(), 1, "start {start}");
        assert_eq!(loaded.damaged.len(), 1, "start {start}");
    }
    assert!(store.trees[SUMMARY_TREE].get(COMPLETE).unwrap().is_some());
    // `check` keeps its entry too.
    store.trees[SUMMARY_TREE].remove(CODES[1]).unwrap();
    let whole = store.load_all().unwrap();
    assert_eq!(store.check_summaries(&whole.files).unwrap().missing, 1);
    assert_eq!(store.load_summaries().unwrap().damaged.len(), 1);
}

/// The follow-up statistics read each closed case whole, one at a time;
/// a pass that owns its store reads the same across sled's openings
/// between cases.
#[test]
fn cases_are_read_whole_one_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    crate::demo::seed(&store, "2026-11-22".parse().unwrap()).unwrap();
    let all = store.load_all().unwrap().files;
    let want: Vec<CaseFile> = all
        .into_iter()
        .filter(|f| f.case.body.is_closed())
        .collect();
    assert!(want.len() >= 2 && want.iter().all(|f| !f.notes.is_empty()));
    let codes: Vec<String> = want.iter().map(|f| f.code().to_string()).collect();
    let read = |store: &Store| {
        let mut got = Vec::new();
        assert!(
            store
                .each_whole(&codes, |f| got.push(f.clone()))
                .unwrap()
                .is_empty()
        );
        got
    };
    assert_eq!(read(&store), want);
    // Opened again after every case read.
    let mut pass = Pass::in_pieces(store, 1);
    let mut got = Vec::new();
    each_whole(&mut pass, &codes, |f| got.push(f.clone())).unwrap();
    assert_eq!(got, want);
    assert_eq!(pass.times_reopened(), want.len());
    let mut got = Vec::new();
    let store = pass.into_owned().unwrap();
    let (store, damaged) = store
        .each_whole_owned(&codes, |f| got.push(f.clone()))
        .unwrap();
    assert!(damaged.is_empty());
    assert_eq!(got, want);
    assert_eq!(read(&store), want);
}
