//! Drafts: text being written, kept in a tree of its own until it is saved.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::{Damage, StoreError};
use super::{DRAFT_TREE, Store, codec, space};

impl Store {
    /// Keeps a draft under `key`, replacing the one before.
    pub fn put_draft<D: Serialize>(&self, key: &str, draft: &D) -> Result<(), StoreError> {
        self.drafter().put(key, draft)
    }

    pub fn remove_draft(&self, key: &str) -> Result<(), StoreError> {
        self.trees[DRAFT_TREE].remove(key.as_bytes())?;
        Ok(())
    }

    /// Every draft, by key; one that cannot be read is reported.
    pub fn drafts<D: DeserializeOwned>(&self) -> Result<(Vec<D>, Vec<Damage>), StoreError> {
        let mut out = Vec::new();
        let mut damaged = Vec::new();
        for entry in self.trees[DRAFT_TREE].iter() {
            let (key, value) = entry?;
            match codec::decode(&value) {
                Ok(d) => out.push(d),
                Err(e) => damaged.push(Damage {
                    tree: "drafts",
                    key: String::from_utf8_lossy(&key).into_owned(),
                    problem: e.to_string(),
                }),
            }
        }
        Ok((out, damaged))
    }

    /// A handle that writes drafts and flushes from another thread.
    pub fn drafter(&self) -> Drafter {
        Drafter {
            db: self.db.clone(),
            drafts: self.trees[DRAFT_TREE].clone(),
            dir: self.dir.clone(),
            stalled: self.stalled.clone(),
        }
    }
}

/// Writes drafts and flushes the store from another thread (the signal
/// thread), without the rest of the store. Its writes have the store's
/// bounds: free space checked first, a flush that does not hang.
#[derive(Clone)]
pub struct Drafter {
    db: sled::Db,
    drafts: sled::Tree,
    dir: PathBuf,
    stalled: Arc<AtomicBool>,
}

impl Drafter {
    pub fn put<D: Serialize>(&self, key: &str, draft: &D) -> Result<(), StoreError> {
        let value = codec::encode(draft).map_err(StoreError::Codec)?;
        space::ensure(&self.dir, key.len() + value.len())?;
        self.drafts.insert(key.as_bytes(), value)?;
        Ok(())
    }

    pub fn flush(&self) -> Result<(), StoreError> {
        space::flush_within(&self.db, &self.dir, &self.stalled)
    }
}
