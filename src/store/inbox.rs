//! The inbox: notes written with `insats note CASE -m` while another
//! session (the screen in a second SSH window) holds the store. They are
//! never refused: each goes into a file of its own in `inbox/` beside the
//! store, written, synced and renamed into place before the command says
//! so, and the session holding the store takes them in.
//!
//! Each note is taken in exactly once, however the taking is cut short.
//! The file's name is the note's id; the note is added in one transaction
//! with a mark of that id in a tree of its own, the store is flushed, and
//! only then is the file deleted (and the deletion synced), then the mark.
//! A session killed after the flush finds the file again next time, and
//! its mark says it is already in: the file is deleted, nothing added
//! twice. A mark whose file is gone is left from a kill after the deletion
//! and is dropped.

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use super::{Store, StoreError, TAKEN_TREE, codec, record_key};
use crate::domain::case::{Case, Place};
use crate::domain::note::{Note, Participant};
use crate::domain::record::Record;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

/// The format of an inbox file; a newer one is left for a newer insats.
/// 2 names who took part; a note that names nobody is written as 1, which
/// every insats reads.
const INBOX_FORMAT: u32 = 2;
/// What an inbox file's name ends with; anything else there is not ours
/// (a file being written is `.tmp-…` until it is renamed).
const SUFFIX: &str = ".note";

/// A note as `insats note -m` wrote it, before it is in the store. What
/// needs the case (its usual place) is decided when it is taken in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedNote {
    pub insats_inbox: u32,
    pub case: String,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub minutes: u16,
    /// `None`: the case's usual place.
    pub place: Option<Place>,
    pub child: bool,
    pub child_words: String,
    pub text: String,
    /// Who wrote it and when: the record is signed so.
    pub by: String,
    pub at: NaiveDateTime,
    /// Who took part (`--with`); none named: a parent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub with: Vec<Participant>,
}

impl QueuedNote {
    /// The note as the case takes it.
    fn note(&self, case: &Case) -> Note {
        let child = self.child || !self.child_words.is_empty();
        let participants = Participant::of_note(&self.with, child);
        Note {
            date: self.date,
            start: self.start,
            minutes: self.minutes,
            place: self
                .place
                .or_else(|| case.places.first().copied())
                .unwrap_or(Place::Home),
            participants,
            child_took_part: child,
            child_words: self.child_words.clone(),
            text: self.text.clone(),
            goals: Vec::new(),
        }
    }
}

impl QueuedNote {
    /// The note naming who took part, in the format that says so.
    pub fn with_participants(mut self, with: Vec<Participant>) -> QueuedNote {
        if !with.is_empty() {
            self.insats_inbox = 2;
        }
        self.with = with;
        self
    }
}

/// The inbox of the store in `dir`.
pub fn inbox_dir(dir: &Path) -> PathBuf {
    dir.join("inbox")
}

/// Puts a note into the inbox of the store in `dir`; returns its id. When
/// this returns, the note is on disk: the file was synced, renamed into
/// place and the directory synced.
pub fn queue_note(dir: &Path, note: &QueuedNote) -> io::Result<String> {
    let id = new_id();
    queue_note_as(dir, note, &id)?;
    Ok(id)
}

/// [`queue_note`] under an id given (one made by [`new_id`]).
pub fn queue_note_as(dir: &Path, note: &QueuedNote, id: &str) -> io::Result<()> {
    let inbox = inbox_dir(dir);
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&inbox)?;
    super::perms::own_dir(&inbox)?;
    let json = serde_json::to_vec_pretty(note).map_err(io::Error::other)?;
    let tmp = inbox.join(format!(".tmp-{id}"));
    let result = (|| {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)?;
        file.write_all(&json)?;
        file.sync_all()?;
        fs::rename(&tmp, inbox.join(format!("{id}{SUFFIX}")))?;
        sync_dir(&inbox)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// A name no other note has: the time to the nanosecond, the process and
/// a counter, so names sort in the order the notes were written.
pub fn new_id() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{nanos:024}-{}-{n}", std::process::id())
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

/// Why a queued note is still waiting in the inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Waiting {
    NoSuchCase,
    Closed,
}

/// A queued note that cannot be taken in as it is, whole: the worker
/// gives it another case or writes it to a file of their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stuck {
    /// The inbox file's name, without its suffix.
    pub id: String,
    pub note: QueuedNote,
    pub why: Waiting,
}

/// What became of a waiting note given a case.
#[derive(Debug)]
pub enum Moved {
    /// In the case, and its file gone.
    Added(Box<Record<Note>>),
    /// Not in the inbox any more (taken in, or removed by hand).
    Gone,
    /// That case cannot take it either.
    Waiting(Waiting),
}

/// What one look into the inbox did.
#[derive(Debug, Default)]
pub struct Intake {
    /// The notes taken in, in the order they were written.
    pub taken: Vec<Record<Note>>,
    /// Notes left in the inbox, oldest first, with why.
    pub waiting: Vec<Stuck>,
    /// Files that cannot be read (left where they are).
    pub damaged: usize,
    /// Files insats did not write for this user (a link, another user's,
    /// one others may read): left where they are, unread.
    pub refused: usize,
}

impl Store {
    /// Takes in what waits in the inbox: each note once, into its case.
    /// Cheap when the inbox is empty or missing (one directory read).
    pub fn take_inbox(&self) -> Result<Intake, StoreError> {
        // A copy read on a full disk takes nothing in: the notes would go
        // with the copy. They wait in the store's inbox for room.
        if self.is_copy() {
            return Ok(Intake::default());
        }
        let inbox = inbox_dir(&self.dir);
        let io_err = super::io_err("read the inbox", &inbox);
        super::perms::own_dir(&inbox).map_err(io_err)?;
        let mut names = match fs::read_dir(&inbox) {
            Ok(entries) => entries
                .filter_map(|e| e.ok())
                .filter_map(|e| e.file_name().into_string().ok())
                .filter_map(|n| n.strip_suffix(SUFFIX).map(String::from))
                .collect::<Vec<_>>(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(io_err(e)),
        };
        names.sort();
        let taken_tree = self.trees[TAKEN_TREE].clone();
        let mut intake = Intake::default();
        let mut done = Vec::new();
        for id in names {
            let path = inbox.join(format!("{id}{SUFFIX}"));
            // Not written by insats for this user: left there, unread.
            if !fs::symlink_metadata(&path).is_ok_and(|m| super::perms::is_own_file(&m)) {
                intake.refused += 1;
                continue;
            }
            let Some(queued) = read_queued(&path) else {
                intake.damaged += 1;
                continue;
            };
            match self.take_one(&taken_tree, &id, &queued)? {
                Taken::Added(record) => {
                    intake.taken.push(*record);
                    done.push((id, path));
                }
                Taken::Already => done.push((id, path)),
                Taken::Waiting(why) => intake.waiting.push(Stuck {
                    id,
                    note: queued,
                    why,
                }),
            }
        }
        if !done.is_empty() {
            // On disk first (within the bound); only then may the files go.
            self.flush()?;
            for (_, path) in &done {
                match fs::remove_file(path) {
                    Ok(()) => {}
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => return Err(io_err(e)),
                }
            }
            sync_dir(&inbox).map_err(io_err)?;
        }
        // Marks whose files are gone are spent (their files are deleted
        // only after the note was safe).
        for entry in taken_tree.iter() {
            let (key, _) = entry?;
            let id = String::from_utf8_lossy(&key).into_owned();
            if !inbox.join(format!("{id}{SUFFIX}")).exists() {
                taken_tree.remove(key)?;
            }
        }
        Ok(intake)
    }

    /// A waiting note put into the case `code` in place of the one it
    /// named, exactly once, as [`Store::take_inbox`] takes a note in: the
    /// note and its mark in one transaction, flushed, then the file goes.
    pub fn take_queued_into(&self, id: &str, code: &str) -> Result<Moved, StoreError> {
        let Some((path, mut queued)) = self.queued_file(id)? else {
            return Ok(Moved::Gone);
        };
        queued.case = code.to_string();
        let taken = self.take_one(&self.trees[TAKEN_TREE], id, &queued)?;
        let moved = match taken {
            Taken::Added(record) => Moved::Added(record),
            Taken::Already => Moved::Gone,
            Taken::Waiting(why) => return Ok(Moved::Waiting(why)),
        };
        self.flush()?;
        self.remove_queued_file(&path)?;
        Ok(moved)
    }

    /// A waiting note let go of, once its text is safe elsewhere (written
    /// by the worker to a file of their own).
    pub fn drop_queued(&self, id: &str) -> Result<(), StoreError> {
        match self.queued_file(id)? {
            Some((path, _)) => self.remove_queued_file(&path),
            None => Ok(()),
        }
    }

    /// A waiting note's file and note, if it is still there and ours.
    fn queued_file(&self, id: &str) -> Result<Option<(PathBuf, QueuedNote)>, StoreError> {
        // An id is a file name of the inbox, never a path.
        if id.is_empty() || id.contains('/') || id.starts_with('.') {
            return Ok(None);
        }
        let path = inbox_dir(&self.dir).join(format!("{id}{SUFFIX}"));
        if !fs::symlink_metadata(&path).is_ok_and(|m| super::perms::is_own_file(&m)) {
            return Ok(None);
        }
        Ok(read_queued(&path).map(|note| (path, note)))
    }

    fn remove_queued_file(&self, path: &Path) -> Result<(), StoreError> {
        let inbox = inbox_dir(&self.dir);
        let io_err = super::io_err("read the inbox", &inbox);
        match fs::remove_file(path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_err(e)),
        }
        sync_dir(&inbox).map_err(io_err)
    }

    /// A note the screen saves for another window (`insats note -m` it
    /// answers), marked with the id under which that window queues it
    /// should the answer never reach it: the note and the mark in one
    /// transaction, so that the note queued after is taken as already in.
    /// `None` when the id is marked already.
    pub fn add_note_once(
        &self,
        id: &str,
        case: &str,
        body: Note,
        by: &str,
        at: NaiveDateTime,
    ) -> Result<Option<Record<Note>>, StoreError> {
        let size = codec::encode(&Record::new(case, 0, body.clone(), by, at))
            .map_err(StoreError::Codec)?
            .len();
        let (id, code, by) = (id.to_string(), case.to_string(), by.to_string());
        self.transact(size + id.len(), move |tx| {
            let taken = tx.tree(TAKEN_TREE);
            if taken.get(id.as_bytes())?.is_some() {
                return Ok(None);
            }
            let record = tx.add(Record::new(&code, 0, body.clone(), &by, at))?;
            taken.insert(id.as_bytes(), record_key(&code, record.seq))?;
            Ok(Some(record))
        })
    }

    /// Adds one queued note and marks its id, in one transaction.
    fn take_one(
        &self,
        taken_tree: &sled::Tree,
        id: &str,
        queued: &QueuedNote,
    ) -> Result<Taken, StoreError> {
        if taken_tree.contains_key(id.as_bytes())? {
            return Ok(Taken::Already);
        }
        let case: Record<Case> = match self.get(&queued.case, 0)? {
            Some(case) => case,
            None => return Ok(Taken::Waiting(Waiting::NoSuchCase)),
        };
        if case.body.is_closed() {
            return Ok(Taken::Waiting(Waiting::Closed));
        }
        let body = queued.note(&case.body);
        let record = self.add_note_once(id, &queued.case, body, &queued.by, queued.at)?;
        Ok(match record {
            Some(r) => Taken::Added(Box::new(r)),
            None => Taken::Already,
        })
    }
}

enum Taken {
    Added(Box<Record<Note>>),
    Already,
    Waiting(Waiting),
}

/// An inbox file's note; `None` when it cannot be read or is of a newer
/// format (it is left for the insats that wrote it).
pub(super) fn read_queued(path: &Path) -> Option<QueuedNote> {
    let bytes = fs::read(path).ok()?;
    let note: QueuedNote = serde_json::from_slice(&bytes).ok()?;
    (note.insats_inbox <= INBOX_FORMAT).then_some(note)
}

/// A queued note from its parts, in the current format.
#[allow(clippy::too_many_arguments)]
pub fn queued(
    case: &str,
    text: &str,
    date: NaiveDate,
    start: NaiveTime,
    minutes: u16,
    place: Option<Place>,
    child: bool,
    child_words: &str,
    by: &str,
    at: NaiveDateTime,
) -> QueuedNote {
    QueuedNote {
        insats_inbox: 1,
        case: case.to_string(),
        date,
        start,
        minutes,
        place,
        child,
        child_words: child_words.to_string(),
        text: text.to_string(),
        by: by.to_string(),
        at,
        with: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn at() -> NaiveDateTime {
        "2026-11-22T14:02:00".parse().unwrap()
    }

    fn store_with_case(dir: &Path) -> Store {
        let store = Store::open(dir).unwrap();
        let case = Case::new("2026-014", "Fam Ek", "2026-09-01".parse().unwrap());
        store
            .insert_case(&Record::new("2026-014", 0, case, "AS", at()))
            .unwrap();
        store
    }

    fn note(text: &str, case: &str) -> QueuedNote {
        queued(
            case,
            text,
            at().date(),
            at().time(),
            60,
            None,
            false,
            "",
            "AS",
            at(),
        )
    }

    #[test]
    fn a_queued_note_is_private_and_taken_in_once() {
        let tmp = tempfile::tempdir().unwrap();
        let store = store_with_case(tmp.path());
        let id = queue_note(tmp.path(), &note("Hembesök", "2026-014")).unwrap();
        let file = inbox_dir(tmp.path()).join(format!("{id}{SUFFIX}"));
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&file), 0o600);
        assert_eq!(mode(&inbox_dir(tmp.path())), 0o700);
        let intake = store.take_inbox().unwrap();
        assert_eq!(intake.taken.len(), 1);
        assert_eq!(intake.taken[0].body.text, "Hembesök");
        assert!(!file.exists());
        assert!(store.take_inbox().unwrap().taken.is_empty());
        let (f, _) = store.load_case("2026-014").unwrap();
        assert_eq!(f.unwrap().notes.len(), 1);
    }

    #[test]
    fn a_session_killed_after_storing_and_before_deleting_adds_nothing_twice() {
        let tmp = tempfile::tempdir().unwrap();
        let store = store_with_case(tmp.path());
        let id = queue_note(tmp.path(), &note("En gång", "2026-014")).unwrap();
        let file = inbox_dir(tmp.path()).join(format!("{id}{SUFFIX}"));
        let kept = fs::read(&file).unwrap();
        let first = store.take_inbox().unwrap();
        assert_eq!(first.taken.len(), 1);
        // As the session leaves it when killed after the flush, before the
        // file went: the note in, its mark set, the file still there.
        let key = record_key("2026-014", first.taken[0].seq);
        let marks = &store.trees[TAKEN_TREE];
        marks.insert(id.as_bytes(), key).unwrap();
        crate::store::perms::write_new_private(&file, &kept).unwrap();
        let again = store.take_inbox().unwrap();
        assert!(again.taken.is_empty());
        assert!(!file.exists());
        let (f, _) = store.load_case("2026-014").unwrap();
        assert_eq!(f.unwrap().notes.len(), 1);
        // The spent mark is dropped once its file is gone.
        assert!(store.trees[TAKEN_TREE].is_empty());
    }

    #[test]
    fn a_note_for_an_unknown_case_waits_and_a_broken_file_stays() {
        let tmp = tempfile::tempdir().unwrap();
        let store = store_with_case(tmp.path());
        queue_note(tmp.path(), &note("Vem?", "2026-999")).unwrap();
        crate::store::perms::write_new_private(&inbox_dir(tmp.path()).join("x.note"), b"{")
            .unwrap();
        let intake = store.take_inbox().unwrap();
        assert!(intake.taken.is_empty());
        assert_eq!(intake.damaged, 1);
        assert_eq!(intake.waiting.len(), 1);
        assert_eq!(intake.waiting[0].why, Waiting::NoSuchCase);
        assert_eq!(intake.waiting[0].note.text, "Vem?");
        assert_eq!(fs::read_dir(inbox_dir(tmp.path())).unwrap().count(), 2);
    }

    #[test]
    fn an_inbox_that_is_a_link_is_refused_and_a_file_not_ours_left_unread() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let store = store_with_case(tmp.path());
        // Files insats did not write: readable by others, or a link to a
        // note of this store's that was.
        let id = queue_note(tmp.path(), &note("Min egen", "2026-014")).unwrap();
        let inbox = inbox_dir(tmp.path());
        let own = inbox.join(format!("{id}{SUFFIX}"));
        let elsewhere = tmp.path().join("elsewhere.note");
        fs::copy(&own, &elsewhere).unwrap();
        fs::remove_file(&own).unwrap();
        std::os::unix::fs::symlink(&elsewhere, inbox.join(format!("1{SUFFIX}"))).unwrap();
        let open = inbox.join(format!("2{SUFFIX}"));
        fs::copy(&elsewhere, &open).unwrap();
        fs::set_permissions(&open, fs::Permissions::from_mode(0o644)).unwrap();
        let intake = store.take_inbox().unwrap();
        assert!(intake.taken.is_empty());
        assert_eq!(intake.refused, 2);
        assert!(open.exists());
        // An inbox that is a link to another directory: nothing is queued
        // there, nothing taken from there.
        fs::remove_dir_all(&inbox).unwrap();
        let other = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(other.path(), &inbox).unwrap();
        assert!(queue_note(tmp.path(), &note("Vart?", "2026-014")).is_err());
        assert_eq!(fs::read_dir(other.path()).unwrap().count(), 0);
        assert!(store.take_inbox().is_err());
        let (f, _) = store.load_case("2026-014").unwrap();
        assert!(f.unwrap().notes.is_empty());
    }
    #[test]
    fn a_waiting_note_given_a_case_goes_in_once_and_its_file_goes() {
        let tmp = tempfile::tempdir().unwrap();
        let store = store_with_case(tmp.path());
        let id = queue_note(tmp.path(), &note("Fel kod", "2026-41")).unwrap();
        let stuck = store.take_inbox().unwrap().waiting;
        assert_eq!(stuck[0].id, id);
        match store.take_queued_into(&id, "2026-999").unwrap() {
            Moved::Waiting(Waiting::NoSuchCase) => {}
            other => panic!("{other:?}"),
        }
        let record = match store.take_queued_into(&id, "2026-014").unwrap() {
            Moved::Added(record) => record,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            (record.case.as_str(), record.body.text.as_str()),
            ("2026-014", "Fel kod")
        );
        assert_eq!(fs::read_dir(inbox_dir(tmp.path())).unwrap().count(), 0);
        assert!(matches!(
            store.take_queued_into(&id, "2026-014").unwrap(),
            Moved::Gone
        ));
        let (f, _) = store.load_case("2026-014").unwrap();
        assert_eq!(f.unwrap().notes.len(), 1);
        assert!(store.take_inbox().unwrap().waiting.is_empty());
    }

    #[test]
    fn a_waiting_note_dropped_leaves_the_inbox_and_nothing_else_goes() {
        let tmp = tempfile::tempdir().unwrap();
        let store = store_with_case(tmp.path());
        let id = queue_note(tmp.path(), &note("Sparad i fil", "2026-41")).unwrap();
        let kept = queue_note(tmp.path(), &note("Kvar", "2026-42")).unwrap();
        store.drop_queued("../db").unwrap();
        store.drop_queued(&id).unwrap();
        let waiting = store.take_inbox().unwrap().waiting;
        assert_eq!(waiting.len(), 1);
        assert_eq!(waiting[0].id, kept);
        assert!(tmp.path().join("db").exists());
    }
}
