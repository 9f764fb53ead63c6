//! What the store keeps of the cases it removed ([`super::purge`]): each
//! one's anonymous [`Figures`], and a log of the removals (the code, the
//! day, who; nothing else). Both travel with exports and backups, under
//! `"removed"`, so that a restore keeps them.
//!
//! A figures record is known by an id, a keyed hash of its case code under
//! a key of the store's own, made the first time it is needed: the same
//! case shared twice, or shared and then removed, has the same id, and
//! the id does not lead back to the code without the key.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{FIGURES_TREE, REMOVALS_TREE, Store, StoreError, codec};
use crate::domain::figures::{Figures, hex, id_of, unhex};

/// The figures tree's key of the store's own key.
const KEY: &[u8] = b"\0key";

/// One case removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    pub code: String,
    pub on: NaiveDate,
    pub by: String,
}

/// What stays of the removed cases, as exports and backups carry it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Removed {
    /// The key of the figures' ids, in hex; empty before it was needed.
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub figures: Vec<Figures>,
    #[serde(default)]
    pub log: Vec<Removal>,
}

impl Removed {
    pub fn is_empty(&self) -> bool {
        self.key.is_empty() && self.figures.is_empty() && self.log.is_empty()
    }
}

/// 32 bytes from the system's random source.
fn fresh_key() -> Result<[u8; 32], StoreError> {
    use std::io::Read;
    let mut key = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut key))
        .map_err(super::io_err("read", std::path::Path::new("/dev/urandom")))?;
    Ok(key)
}

impl Store {
    /// The key of the figures' ids, made and kept when there is none yet.
    fn figures_key(&self) -> Result<[u8; 32], StoreError> {
        let tree = &self.trees[FIGURES_TREE];
        if let Some(key) = tree.get(KEY)?.and_then(|v| v.as_ref().try_into().ok()) {
            return Ok(key);
        }
        let key = fresh_key()?;
        let kept = self.transact(key.len(), move |tx| {
            if let Some(v) = tx.tree(FIGURES_TREE).get(KEY)? {
                return Ok(v.to_vec());
            }
            tx.put(FIGURES_TREE, KEY, &key)?;
            Ok(key.to_vec())
        })?;
        self.flush()?;
        Ok(kept.as_slice().try_into().unwrap_or(key))
    }

    /// The id of case `code`'s figures ([`crate::domain::figures::id_of`]).
    pub fn figures_id(&self, code: &str) -> Result<String, StoreError> {
        Ok(id_of(&self.figures_key()?, code))
    }

    /// The figures of the cases removed, and the log of removals.
    pub fn removed(&self) -> Result<Removed, StoreError> {
        let mut removed = Removed::default();
        for entry in self.trees[FIGURES_TREE].iter() {
            let (key, value) = entry?;
            if &*key == KEY {
                removed.key = hex(&value);
            } else {
                removed
                    .figures
                    .push(codec::decode(&value).map_err(StoreError::Codec)?);
            }
        }
        for entry in self.trees[REMOVALS_TREE].iter() {
            let (_, value) = entry?;
            removed
                .log
                .push(codec::decode(&value).map_err(StoreError::Codec)?);
        }
        Ok(removed)
    }

    /// Takes in what an export or a backup kept of removed cases: the key
    /// when the store has none, figures of ids it does not hold, the log's
    /// entries it does not hold.
    pub(super) fn take_removed(&self, removed: &Removed) -> Result<(), StoreError> {
        let mut writes = Vec::new();
        if let Some(key) = unhex(&removed.key)
            && !self.trees[FIGURES_TREE].contains_key(KEY)?
        {
            writes.push((FIGURES_TREE, KEY.to_vec(), key.to_vec()));
        }
        for f in &removed.figures {
            writes.push((FIGURES_TREE, f.id.as_bytes().to_vec(), encode(f)?));
        }
        for r in &removed.log {
            writes.push((REMOVALS_TREE, removal_key(r), encode(r)?));
        }
        self.write_all(writes)
    }
}

fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, StoreError> {
    codec::encode(value).map_err(StoreError::Codec)
}

/// A removal's key in the log: the day, then the code.
pub(super) fn removal_key(r: &Removal) -> Vec<u8> {
    format!("{}\0{}", r.on, r.code).into_bytes()
}

/// The writes that keep `figures` and log `removal`.
pub(super) fn kept(figures: &Figures, removal: &Removal) -> Result<Vec<super::Write>, StoreError> {
    Ok(vec![
        (
            FIGURES_TREE,
            figures.id.as_bytes().to_vec(),
            encode(figures)?,
        ),
        (REMOVALS_TREE, removal_key(removal), encode(removal)?),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_made_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert!(store.removed().unwrap().is_empty());
        let id = store.figures_id("2026-014").unwrap();
        assert_eq!(store.figures_id("2026-014").unwrap(), id);
        drop(store);
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.figures_id("2026-014").unwrap(), id);
        assert_eq!(store.removed().unwrap().key.len(), 64);
    }
}
