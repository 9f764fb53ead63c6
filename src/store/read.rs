//! Reading records: one, a kind's under a prefix, a case whole, every case.

use std::collections::BTreeMap;

use sled::IVec;

use super::bucket::{self, Key};
use super::{Damage, Kind, Loaded, Store, StoreError, Stored, case_prefix, codec, record_key};
use crate::domain::case::Case;
use crate::domain::casefile::CaseFile;
use crate::domain::incident::Incident;
use crate::domain::journal::Transfer;
use crate::domain::note::{NoContact, Note, Reflection};
use crate::domain::plan::{Factor, Goal, Plan};
use crate::domain::rating::Rating;
use crate::domain::record::Record;
use crate::domain::report::{FollowUp, Report};

impl Store {
    pub fn get<T: Stored>(&self, case: &str, seq: u32) -> Result<Option<Record<T>>, StoreError> {
        self.note_read();
        match record_bytes(self, T::KIND, case, seq)? {
            Some(v) => codec::decode(&v).map(Some).map_err(StoreError::Codec),
            None => Ok(None),
        }
    }

    /// Reads every record of one kind (under `prefix`, when given); a value
    /// that cannot be read is skipped and reported in `damaged`.
    pub(super) fn scan<T: Stored>(
        &self,
        prefix: &[u8],
        damaged: &mut Vec<Damage>,
    ) -> Result<Vec<Record<T>>, StoreError> {
        self.note_read();
        let mut out: Vec<Record<T>> = Vec::new();
        let mut in_order = true;
        let Ok(()) = each::<std::convert::Infallible>(self, T::KIND, prefix, |read| {
            match read {
                Read::Record { case, seq, bytes } => match codec::decode::<Record<T>>(bytes) {
                    Ok(record) => {
                        in_order &= out
                            .last()
                            .is_none_or(|l| (l.case.as_bytes(), l.seq) < (case, seq));
                        out.push(record);
                    }
                    Err(e) => damaged.push(Damage {
                        tree: T::KIND.tree_name(),
                        key: format!("{}/{seq}", String::from_utf8_lossy(case)),
                        problem: e.to_string(),
                    }),
                },
                // A page sled cannot read ends the tree's scan, not the
                // load: what was read before it is kept, and the damage
                // reported.
                Read::Damaged(d) => damaged.push(d),
            }
            Ok(())
        });
        // A bucket of release 1 not yet taken apart, or damaged and written
        // beside: a case's records under their own keys come before its
        // buckets, and are the newer of two of one number.
        if !in_order {
            out.sort_by(|a, b| (&a.case, a.seq).cmp(&(&b.case, b.seq)));
            out.dedup_by(|later, first| later.case == first.case && later.seq == first.seq);
        }
        Ok(out)
    }

    /// Every case with its records, ordered by case code.
    pub fn load_all(&self) -> Result<Loaded, StoreError> {
        self.load(&[])
    }

    /// One case with its records; None when there is no such case. Its
    /// summary is made again here when a write left it stale.
    pub fn load_case(&self, code: &str) -> Result<(Option<CaseFile>, Vec<Damage>), StoreError> {
        let loaded = self.load(&case_prefix(code))?;
        let file = loaded.files.into_iter().next();
        if let Some(file) = &file {
            self.refresh_summary(file);
        }
        Ok((file, loaded.damaged))
    }

    pub(super) fn load(&self, prefix: &[u8]) -> Result<Loaded, StoreError> {
        let mut loaded = Loaded::default();
        let mut files: BTreeMap<String, CaseFile> = BTreeMap::new();
        for case in self.scan::<Case>(prefix, &mut loaded.damaged)? {
            files.insert(case.case.clone(), CaseFile::new(case));
        }
        loaded.records = files.len();
        let mut orphans = Vec::new();
        self.attach_all::<Plan>(prefix, &mut files, &mut loaded, &mut orphans)?;
        self.attach_all::<Goal>(prefix, &mut files, &mut loaded, &mut orphans)?;
        self.attach_all::<Factor>(prefix, &mut files, &mut loaded, &mut orphans)?;
        self.attach_all::<Note>(prefix, &mut files, &mut loaded, &mut orphans)?;
        self.attach_all::<Reflection>(prefix, &mut files, &mut loaded, &mut orphans)?;
        self.attach_all::<Incident>(prefix, &mut files, &mut loaded, &mut orphans)?;
        self.attach_all::<Rating>(prefix, &mut files, &mut loaded, &mut orphans)?;
        self.attach_all::<Report>(prefix, &mut files, &mut loaded, &mut orphans)?;
        self.attach_all::<FollowUp>(prefix, &mut files, &mut loaded, &mut orphans)?;
        self.attach_all::<Transfer>(prefix, &mut files, &mut loaded, &mut orphans)?;
        self.attach_all::<NoContact>(prefix, &mut files, &mut loaded, &mut orphans)?;
        loaded.damaged.extend(orphans);
        loaded.files = files.into_values().collect();
        Ok(loaded)
    }

    fn attach_all<T: Stored>(
        &self,
        prefix: &[u8],
        files: &mut BTreeMap<String, CaseFile>,
        loaded: &mut Loaded,
        orphans: &mut Vec<Damage>,
    ) -> Result<(), StoreError> {
        for record in self.scan::<T>(prefix, &mut loaded.damaged)? {
            loaded.records += 1;
            match files.get_mut(&record.case) {
                Some(file) => T::attach(file, record),
                None => orphans.push(Damage {
                    tree: T::KIND.tree_name(),
                    key: record.key(),
                    problem: format!("its case {} cannot be read", record.case),
                }),
            }
        }
        Ok(())
    }

    /// Whether the tree of `kind` holds the record of `key` (a record's
    /// own key), in a bucket of release 1 or not.
    pub(super) fn contains(&self, kind: Kind, key: &[u8]) -> Result<bool, StoreError> {
        match bucket::parse(key) {
            Some(Key::Record { case, seq }) => {
                let case = std::str::from_utf8(case).unwrap_or_default();
                Ok(record_bytes(self, kind, case, seq)?.is_some())
            }
            _ => Ok(self.tree(kind).contains_key(key)?),
        }
    }
}

/// One value read from a record tree: a record's bytes (its case and
/// number), or what could not be read.
pub(super) enum Read<'a> {
    Record {
        case: &'a [u8],
        seq: u32,
        bytes: &'a [u8],
    },
    Damaged(Damage),
}

/// The bytes of record `seq` of `case` in the tree of `kind`: under its
/// own key, else in a bucket of release 1.
pub(super) fn record_bytes(
    store: &Store,
    kind: Kind,
    case: &str,
    seq: u32,
) -> Result<Option<IVec>, StoreError> {
    let tree = store.tree(kind);
    if let Some(own) = tree.get(record_key(case, seq))? {
        return Ok(Some(own));
    }
    Ok(tree
        .get(bucket::key(case, seq))?
        .and_then(|value| bucket::record_in(&value, seq)))
}

/// Calls `each` with every record under `prefix` in the tree of `kind`,
/// in key order. A page sled cannot read ends the pass, after one
/// [`Read::Damaged`].
pub(super) fn each<E>(
    store: &Store,
    kind: Kind,
    prefix: &[u8],
    mut each: impl FnMut(Read<'_>) -> Result<(), E>,
) -> Result<(), E> {
    for entry in store.tree(kind).scan_prefix(prefix) {
        store.count_read(&entry);
        if !visit(kind, entry, &mut each)? {
            break;
        }
    }
    Ok(())
}

/// The entries of the whole tree of `kind` from past the key `after`,
/// given to `each` until it says to stop (false) or `piece` bytes were
/// read since sled was opened: then the key to go on from (None at the
/// end, or where `each` stopped). An entry sled cannot read has no key to
/// go on from: `each` must stop there (as [`visit`] does).
pub(super) fn entries_piece<E>(
    store: &Store,
    kind: Kind,
    after: Option<&[u8]>,
    piece: usize,
    mut each: impl FnMut(sled::Result<(IVec, IVec)>) -> Result<bool, E>,
) -> Result<Option<IVec>, E> {
    use std::ops::Bound::{Excluded, Unbounded};
    let tree = store.tree(kind);
    let entries = match after {
        Some(key) => tree.range::<&[u8], _>((Excluded(key), Unbounded)),
        None => tree.iter(),
    };
    for entry in entries {
        store.count_read(&entry);
        let key = entry.as_ref().ok().map(|(k, _)| k.clone());
        if !each(entry)? {
            break;
        }
        if store.read_since_open() >= piece {
            return Ok(key);
        }
    }
    Ok(None)
}

/// Gives `each` the records of one entry of the tree of `kind`; false when
/// the entry could not be read, which ends the pass.
pub(super) fn visit<E>(
    kind: Kind,
    entry: sled::Result<(IVec, IVec)>,
    each: &mut impl FnMut(Read<'_>) -> Result<(), E>,
) -> Result<bool, E> {
    let damage = |key: String, problem: String| {
        Read::Damaged(Damage {
            tree: kind.tree_name(),
            key,
            problem,
        })
    };
    let (key, value) = match entry {
        Ok(kv) => kv,
        Err(e) => {
            each(damage("…".into(), StoreError::from(e).to_string()))?;
            return Ok(false);
        }
    };
    match bucket::parse(&key) {
        Some(Key::Record { case, seq }) => each(Read::Record {
            case,
            seq,
            bytes: &value,
        })?,
        Some(Key::Bucket { case, first }) => {
            let list = match bucket::entries(first, &value) {
                Some(list) => list,
                None => {
                    let key = format!(
                        "{}/{first}–{}",
                        String::from_utf8_lossy(case),
                        first.saturating_add(bucket::PER - 1)
                    );
                    let problem =
                        "these records' bucket is damaged; what of it can be read is read";
                    each(damage(key, problem.into()))?;
                    bucket::readable(first, &value)
                }
            };
            for (seq, bytes) in list {
                each(Read::Record { case, seq, bytes })?;
            }
        }
        None => each(damage(
            super::display_key(&key),
            "not a record's key".into(),
        ))?,
    }
    Ok(true)
}
