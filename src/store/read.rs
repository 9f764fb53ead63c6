//! Reading records: one, a kind's under a prefix, a case whole, every case.

use std::collections::BTreeMap;

use super::{Damage, Kind, Loaded, Store, StoreError, Stored, bucket, case_prefix, codec};
use crate::domain::case::Case;
use crate::domain::casefile::CaseFile;
use crate::domain::incident::Incident;
use crate::domain::note::{Note, Reflection};
use crate::domain::plan::{Factor, Goal, Plan};
use crate::domain::rating::Rating;
use crate::domain::record::Record;
use crate::domain::report::{FollowUp, Report};

impl Store {
    pub fn get<T: Stored>(&self, case: &str, seq: u32) -> Result<Option<Record<T>>, StoreError> {
        self.note_read();
        match bucket::get(self, T::KIND, case, seq)? {
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
        let Ok(()) = bucket::each::<std::convert::Infallible>(self, T::KIND, prefix, |read| {
            match read {
                bucket::Read::Record { case, seq, bytes } => {
                    match codec::decode::<Record<T>>(bytes) {
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
                    }
                }
                // A page sled cannot read ends the tree's scan, not the
                // load: what was read before it is kept, and the damage
                // reported.
                bucket::Read::Damaged(d) => damaged.push(d),
            }
            Ok(())
        });
        // A store not wholly moved into buckets, or a bucket damaged and
        // written beside: a case's records under their own keys come before
        // its buckets, and are the newer of two of one number.
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

    /// One case with its records; None when there is no such case.
    pub fn load_case(&self, code: &str) -> Result<(Option<CaseFile>, Vec<Damage>), StoreError> {
        let loaded = self.load(&case_prefix(code))?;
        Ok((loaded.files.into_iter().next(), loaded.damaged))
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
    /// own key), in its bucket or not.
    pub(super) fn contains(&self, kind: Kind, key: &[u8]) -> Result<bool, StoreError> {
        match bucket::parse(key) {
            Some(bucket::Key::Record { case, seq }) => {
                let case = std::str::from_utf8(case).unwrap_or_default();
                Ok(bucket::get(self, kind, case, seq)?.is_some())
            }
            _ => Ok(self.tree(kind).contains_key(key)?),
        }
    }
}
