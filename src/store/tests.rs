use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::*;
use crate::domain::case::Place;
use crate::domain::note::{Note, Reflection};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    d(s).and_time(NaiveTime::from_hms_opt(14, 2, 0).unwrap())
}

fn note(text: &str) -> Note {
    Note {
        date: d("2026-11-20"),
        start: NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
        minutes: 60,
        place: Place::Home,
        participants: vec![],
        child_took_part: true,
        child_words: "Jag vill att det blir lugnt".into(),
        text: text.into(),
        goals: vec![],
    }
}

fn store_with_case(dir: &Path) -> Store {
    let store = Store::open(dir).unwrap();
    let case = Case::new("2026-001", "Fam A", d("2026-09-01"));
    store
        .insert_case(&Record::new("2026-001", 0, case, "ab", at("2026-09-01")))
        .unwrap();
    store
}

#[test]
fn records_round_trip_with_their_own_sequence() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_case(dir.path());
    let a = store
        .add("2026-001", note("första"), "ab", at("2026-11-20"))
        .unwrap();
    let b = store
        .add("2026-001", note("andra å ä ö"), "ab", at("2026-11-21"))
        .unwrap();
    assert_eq!((a.seq, b.seq), (1, 2));
    store.flush().unwrap();
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    let (file, damaged) = store.load_case("2026-001").unwrap();
    let file = file.unwrap();
    assert!(damaged.is_empty());
    assert_eq!(file.notes.len(), 2);
    assert_eq!(file.notes[1].body.text, "andra å ä ö");
    assert_eq!(
        store.get::<Note>("2026-001", 1).unwrap().unwrap().body.text,
        "första"
    );
}

#[test]
fn a_record_needs_its_case_and_a_case_code_is_unique() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_case(dir.path());
    let err = store
        .add("2026-999", note("x"), "ab", at("2026-11-20"))
        .unwrap_err();
    assert!(
        matches!(err, StoreError::NoSuchCase(ref c) if c == "2026-999"),
        "{err}"
    );
    let again = Record::new(
        "2026-001",
        0,
        Case::new("2026-001", "Fam B", d("2026-10-01")),
        "ab",
        at("2026-10-01"),
    );
    assert!(matches!(
        store.insert_case(&again),
        Err(StoreError::CaseExists(_))
    ));
    // The first case is untouched.
    let (file, _) = store.load_case("2026-001").unwrap();
    assert_eq!(file.unwrap().case.body.family, "Fam A");
}

#[test]
fn a_second_open_is_refused_while_the_first_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_case(dir.path());
    let err = Store::open(dir.path())
        .err()
        .expect("second open must fail");
    assert!(matches!(err, StoreError::Locked(_)));
    assert!(err.to_string().contains("another insats session"), "{err}");
    // The first is unharmed.
    store
        .add("2026-001", note("still here"), "ab", at("2026-11-20"))
        .unwrap();
    store.flush().unwrap();
    drop(store);
    assert!(Store::open(dir.path()).is_ok());
}

#[test]
fn damaged_values_are_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_case(dir.path());
    store
        .add("2026-001", note("ett"), "ab", at("2026-11-20"))
        .unwrap();
    store
        .add("2026-001", note("två"), "ab", at("2026-11-20"))
        .unwrap();
    // A byte of the first note flipped.
    let tree = store.tree(Kind::Note);
    let key = record_key("2026-001", 1);
    let mut first = tree.get(&key).unwrap().unwrap().to_vec();
    first[10] ^= 0xFF;
    tree.insert(&key, first).unwrap();
    let loaded = store.load_all().unwrap();
    assert_eq!(loaded.damaged.len(), 1);
    assert_eq!(loaded.damaged[0].tree, "notes");
    assert_eq!(loaded.damaged[0].key, "2026-001/1");
    assert!(loaded.damaged[0].problem.contains("checksum"));
    assert_eq!(loaded.files[0].notes.len(), 1);
    assert_eq!(loaded.files[0].notes[0].body.text, "två");
}

#[test]
fn an_unreadable_case_makes_its_records_orphans_not_lost() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_case(dir.path());
    store
        .add("2026-001", note("ett"), "ab", at("2026-11-20"))
        .unwrap();
    store
        .tree(Kind::Case)
        .insert(record_key("2026-001", 0), vec![1, 0, 0])
        .unwrap();
    let loaded = store.load_all().unwrap();
    assert!(loaded.files.is_empty());
    assert_eq!(loaded.damaged.len(), 2);
    assert!(
        loaded
            .damaged
            .iter()
            .any(|d| d.tree == "notes" && d.problem.contains("2026-001"))
    );
}

#[test]
fn export_then_import_restores_and_refuses_duplicates() {
    let a = tempfile::tempdir().unwrap();
    let store = store_with_case(a.path());
    store
        .add("2026-001", note("ett"), "ab", at("2026-11-20"))
        .unwrap();
    let mut edited = store
        .add("2026-001", note("två"), "ab", at("2026-11-20"))
        .unwrap();
    edited.edit(note("två, rättad"), "cd", at("2026-11-21"));
    store.put(&edited).unwrap();
    let (export, damaged) = store.export().unwrap();
    assert!(damaged.is_empty());
    assert_eq!(export.record_count(), 3);

    let b = tempfile::tempdir().unwrap();
    let fresh = Store::open(b.path()).unwrap();
    let summary = fresh.import_export(&export).unwrap();
    assert_eq!(
        summary,
        import::ImportSummary {
            imported: 3,
            new_cases: 1,
            duplicates: 0,
            orphans: 0,
            invalid: 0,
            controls: 0,
        }
    );
    let (again, _) = fresh.export().unwrap();
    assert_eq!(again, export);
    assert_eq!(again.notes[1].history.len(), 1);

    let twice = fresh.import_export(&export).unwrap();
    assert_eq!(
        twice,
        import::ImportSummary {
            imported: 0,
            new_cases: 0,
            duplicates: 3,
            orphans: 0,
            invalid: 0,
            controls: 0,
        }
    );
    // The counters moved past the imported numbers.
    let next = fresh
        .add("2026-001", note("tre"), "ab", at("2026-11-22"))
        .unwrap();
    assert_eq!(next.seq, 3);
}

#[test]
fn edits_keep_history_through_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_case(dir.path());
    let mut r = store
        .add("2026-001", note("ett"), "ab", at("2026-11-20"))
        .unwrap();
    r.edit(note("ett (rättad)"), "cd", at("2026-11-21"));
    r.remove("skrevs i fel ärende", "cd", at("2026-11-22"));
    store.put(&r).unwrap();
    let back = store.get::<Note>("2026-001", r.seq).unwrap().unwrap();
    assert_eq!(back.history.len(), 1);
    assert_eq!(back.history[0].body.text, "ett");
    assert_eq!(back.history[0].by, "ab");
    assert_eq!(back.meta.updated_by, "cd");
    assert_eq!(back.removed.unwrap().reason, "skrevs i fel ärende");
}

#[test]
fn files_are_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // A permissive umask for this process while the store is created.
    let old = unsafe { libc::umask(0) };
    let store = store_with_case(&data);
    store
        .add("2026-001", note("ett"), "ab", at("2026-11-20"))
        .unwrap();
    store.flush().unwrap();
    unsafe { libc::umask(old) };
    fn walk(p: &Path, seen: &mut usize) {
        let mode = std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        if p.is_dir() {
            assert_eq!(mode, 0o700, "{}", p.display());
            for e in std::fs::read_dir(p).unwrap() {
                walk(&e.unwrap().path(), seen);
            }
        } else {
            assert_eq!(mode, 0o600, "{}", p.display());
            *seen += 1;
        }
    }
    let mut seen = 0;
    walk(&data, &mut seen);
    assert!(seen >= 2);
}

#[test]
fn import_refuses_records_that_do_not_hold_together() {
    let a = tempfile::tempdir().unwrap();
    let store = store_with_case(a.path());
    let reflection = Reflection {
        week: crate::domain::note::IsoWeek {
            year: 2026,
            week: 47,
        },
        date: d("2026-11-20"),
        participants: vec![],
        scores: vec![],
        system_view: String::new(),
        child_voice: String::new(),
        next_step: String::new(),
    };
    store
        .add("2026-001", reflection, "ab", at("2026-11-20"))
        .unwrap();
    store
        .add("2026-001", note("ett"), "ab", at("2026-11-20"))
        .unwrap();
    let (mut export, _) = store.export().unwrap();
    export.reflections[0].body.week.week = 60;
    // A second case whose key does not match its code.
    let mut odd = export.cases[0].clone();
    odd.case = "2026-002".into();
    export.cases.push(odd);
    let mut orphan = export.notes[0].clone();
    orphan.case = "2026-002".into();
    export.notes.push(orphan);
    let b = tempfile::tempdir().unwrap();
    let fresh = Store::open(b.path()).unwrap();
    let s = fresh.import_export(&export).unwrap();
    assert_eq!(s.invalid, 2);
    assert_eq!(s.orphans, 1);
    assert_eq!(s.imported, 2);
    let loaded = fresh.load_all().unwrap();
    assert_eq!(loaded.files.len(), 1);
    assert!(loaded.files[0].reflections.is_empty());
    assert!(loaded.damaged.is_empty());
}

#[test]
fn a_batch_is_written_whole_and_moves_the_counters() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_case(dir.path());
    let mut batch = Batch::default();
    batch
        .put(&Record::new(
            "2026-001",
            1,
            note("ett"),
            "ab",
            at("2026-11-20"),
        ))
        .unwrap();
    batch
        .put(&Record::new(
            "2026-001",
            2,
            note("två"),
            "ab",
            at("2026-11-20"),
        ))
        .unwrap();
    store.put_draft("note/2026-001/new", &"utkast").unwrap();
    batch.drop_draft("note/2026-001/new");
    store.commit(batch).unwrap();
    let (file, _) = store.load_case("2026-001").unwrap();
    assert_eq!(file.unwrap().notes.len(), 2);
    assert!(store.drafts::<String>().unwrap().0.is_empty());
    assert_eq!(
        store
            .add("2026-001", note("tre"), "ab", at("2026-11-21"))
            .unwrap()
            .seq,
        3
    );
}

/// A store in a new directory with case 2026-001 and its notes "n1" to
/// "n{count}".
fn store_with_notes(count: u32) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_case(dir.path());
    for i in 1..=count {
        store
            .add("2026-001", note(&format!("n{i}")), "ab", at("2026-11-20"))
            .unwrap();
    }
    (dir, store)
}

/// Records by case and first number of their bucket.
type Buckets = std::collections::BTreeMap<(Vec<u8>, u32), Vec<(u32, Vec<u8>)>>;

/// The store as release 1 wrote it: every record but the cases' in
/// buckets of sixteen, and the mark that they were.
fn into_buckets(store: &Store) {
    for kind in Kind::ALL.into_iter().filter(|k| *k != Kind::Case) {
        let tree = store.tree(kind);
        let mut buckets: Buckets = Default::default();
        for entry in tree.iter() {
            let (key, value) = entry.unwrap();
            let Some(bucket::Key::Record { case, seq }) = bucket::parse(&key) else {
                continue;
            };
            let first = seq - seq % bucket::PER;
            buckets
                .entry((case.to_vec(), first))
                .or_default()
                .push((seq, value.to_vec()));
            tree.remove(&key).unwrap();
        }
        for ((case, first), records) in buckets {
            let case = std::str::from_utf8(&case).unwrap();
            let value = bucket::framed(records.iter().map(|(s, b)| (*s, b.as_slice())));
            tree.insert(bucket::key(case, first), value).unwrap();
        }
    }
    let seqs = &store.trees[SEQ_TREE];
    seqs.remove(b"\0own keys").unwrap();
    seqs.insert(b"\0in buckets", &[1u8]).unwrap();
    store.flush().unwrap();
}

fn keys(store: &Store, kind: Kind) -> usize {
    store.tree(kind).len()
}

#[test]
fn a_store_of_release_1_has_its_buckets_taken_apart_once_and_reads_the_same() {
    let (dir, store) = store_with_notes(40);
    let before = store.load_all().unwrap();
    assert_eq!(keys(&store, Kind::Note), 40);
    into_buckets(&store);
    // Numbers 1–15, 16–31, 32–40; read as they are, before they are taken
    // apart.
    assert_eq!(keys(&store, Kind::Note), 3);
    assert_eq!(store.load_all().unwrap().files, before.files);
    assert_eq!(
        store.get::<Note>("2026-001", 17).unwrap(),
        Some(before.files[0].notes[16].clone())
    );
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(keys(&store, Kind::Note), 40);
    let after = store.load_all().unwrap();
    assert!(after.damaged.is_empty());
    assert_eq!(after.files, before.files);
    assert_eq!(store.take_buckets_apart().unwrap(), 0);
    assert_eq!(store.next_seq::<Note>("2026-001").unwrap(), 41);
}

#[test]
fn a_start_cut_short_reads_every_record_in_order_and_the_next_finishes() {
    let (dir, store) = store_with_notes(5);
    let before = store.load_all().unwrap();
    into_buckets(&store);
    // Notes 2 and 4 already under their own keys, the others still in
    // the bucket; note 2 edited since.
    let tree = store.tree(Kind::Note);
    let key = bucket::key("2026-001", 0);
    let value = tree.get(&key).unwrap().unwrap();
    let list = bucket::entries(0, &value).unwrap();
    let (kept, left): (Vec<_>, Vec<_>) = list.into_iter().partition(|(s, _)| s % 2 == 1);
    for (seq, bytes) in &left {
        tree.insert(record_key("2026-001", *seq), *bytes).unwrap();
    }
    tree.insert(&key, bucket::framed(kept.iter().copied()))
        .unwrap();
    assert_eq!(store.load_all().unwrap().files, before.files);
    let mut two = store.get::<Note>("2026-001", 2).unwrap().unwrap();
    two.body.text = "ändrad".into();
    store.put(&two).unwrap();
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(keys(&store, Kind::Note), 5);
    let notes = store.load_all().unwrap().files.remove(0).notes;
    let texts: Vec<&str> = notes.iter().map(|n| n.body.text.as_str()).collect();
    assert_eq!(texts, ["n1", "ändrad", "n3", "n4", "n5"]);
}

#[test]
fn a_damaged_bucket_is_read_as_far_as_it_fits_and_never_written_over() {
    let (dir, store) = store_with_notes(12);
    into_buckets(&store);
    let tree = store.tree(Kind::Note);
    let key = bucket::key("2026-001", 1);
    let good = tree.get(&key).unwrap().unwrap().to_vec();
    // Its count of records: the frame no longer adds up, every record
    // still fits.
    let mut value = good.clone();
    value[9] ^= 0x40;
    tree.insert(&key, value.clone()).unwrap();
    let loaded = store.load_all().unwrap();
    assert_eq!(loaded.damaged.len(), 1, "{:?}", loaded.damaged);
    assert_eq!(loaded.damaged[0].key, "2026-001/0–15");
    assert_eq!(loaded.files[0].notes.len(), 12);
    assert_eq!(store.salvage().unwrap().0.notes.len(), 12);
    // The length of its third record: the first two still read.
    let mut value = good.clone();
    let third = {
        let list = bucket::entries(0, &good).unwrap();
        list[2].1.as_ptr() as usize - good.as_ptr() as usize - 4
    };
    value[third] = 0x7F;
    tree.insert(&key, value.clone()).unwrap();
    assert_eq!(store.load_all().unwrap().files[0].notes.len(), 2);
    assert_eq!(store.salvage().unwrap().0.notes.len(), 2);
    // Not taken apart at the next start; an edit in its numbers, and a new
    // note, go under their own keys, and the case takes notes as before.
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    let tree = store.tree(Kind::Note);
    let mut two = store.get::<Note>("2026-001", 2).unwrap().unwrap();
    two.body.text = "ändrad".into();
    store.put(&two).unwrap();
    let thirteen = store
        .add("2026-001", note("n13"), "ab", at("2026-11-21"))
        .unwrap();
    assert_eq!(thirteen.seq, 13);
    assert_eq!(tree.get(&key).unwrap().unwrap().to_vec(), value);
    assert_eq!(
        store.get::<Note>("2026-001", 2).unwrap().unwrap().body.text,
        "ändrad"
    );
    let notes = store.load_all().unwrap().files.remove(0).notes;
    let seen: Vec<(u32, &str)> = notes
        .iter()
        .map(|n| (n.seq, n.body.text.as_str()))
        .collect();
    assert_eq!(seen, vec![(1, "n1"), (2, "ändrad"), (13, "n13")]);
}

#[test]
fn an_import_in_any_order_reads_back_every_record_in_order() {
    let (_a, store) = store_with_notes(40);
    let (mut export, _) = store.export().unwrap();
    export
        .notes
        .sort_by_key(|n| (std::cmp::Reverse(n.seq % 3), std::cmp::Reverse(n.seq)));
    let b = tempfile::tempdir().unwrap();
    let fresh = Store::open(b.path()).unwrap();
    assert_eq!(fresh.import_export(&export).unwrap().imported, 41);
    assert_eq!(keys(&fresh, Kind::Note), 40);
    assert_eq!(
        fresh.load_all().unwrap().files,
        store.load_all().unwrap().files
    );
    assert_eq!(fresh.next_seq::<Note>("2026-001").unwrap(), 41);
}

#[test]
fn check_reads_a_case_at_a_time_what_reading_everything_reads() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_case(dir.path());
    for text in ["ett", "två", "tre"] {
        store
            .add("2026-001", note(text), "ab", at("2026-11-20"))
            .unwrap();
    }
    let second = Case::new("2026-002", "Fam B", d("2026-09-01"));
    store
        .insert_case(&Record::new("2026-002", 0, second, "ab", at("2026-09-01")))
        .unwrap();
    store
        .add("2026-002", note("fyra"), "ab", at("2026-11-20"))
        .unwrap();
    // A note whose case was never written; a case record that does not
    // read (its note an orphan); keys that are no record's, one under a
    // case's code, one under no code at all, one in the cases' tree.
    let notes = store.tree(Kind::Note);
    let orphan = Record::new("2026-009", 1, note("fem"), "ab", at("2026-11-20"));
    notes
        .insert(record_key("2026-009", 1), codec::encode(&orphan).unwrap())
        .unwrap();
    store
        .tree(Kind::Case)
        .insert(record_key("2026-002", 0), vec![1, 0, 0])
        .unwrap();
    notes
        .insert(b"2026-001\0ab".as_slice(), b"x".as_slice())
        .unwrap();
    notes.insert(b"stray".as_slice(), b"x".as_slice()).unwrap();
    store
        .tree(Kind::Case)
        .insert(b"2026-003\0abc".as_slice(), b"x".as_slice())
        .unwrap();
    let all = store.load_all().unwrap();
    let (_store, checked) = store.check_every_case(false).unwrap();
    let said = |damaged: &[Damage]| {
        let mut said: Vec<String> = damaged
            .iter()
            .map(|d| format!("{} {} {}", d.tree, d.key, d.problem))
            .collect();
        said.sort();
        said
    };
    assert_eq!(checked.records, all.records);
    assert_eq!(said(&checked.damaged), said(&all.damaged));
    // Every kind of damage is there to be said.
    assert_eq!(all.damaged.len(), 6, "{:#?}", all.damaged);
}
