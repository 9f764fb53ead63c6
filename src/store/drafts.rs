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
        self.ensure_space(key.len())?;
        let (drafts, key) = (self.trees[DRAFT_TREE].clone(), key.to_string());
        self.write_within(move || {
            drafts.remove(key.as_bytes())?;
            Ok(())
        })
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
            copy_of: self.is_copy().then(|| self.origin().to_path_buf()),
            stalled: self.stalled.clone(),
            _handle: self.handles.clone(),
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
    /// Set for a copy opened to read on a full disk: no draft goes there.
    copy_of: Option<PathBuf>,
    stalled: Arc<AtomicBool>,
    /// Counted by the store: it is not closed under this handle.
    _handle: Arc<()>,
}

impl Drafter {
    pub fn put<D: Serialize>(&self, key: &str, draft: &D) -> Result<(), StoreError> {
        let value = codec::encode(draft).map_err(StoreError::Codec)?;
        let bytes = key.len() + value.len();
        space::ensure(&self.dir, self.copy_of.as_deref(), bytes)?;
        let (drafts, key) = (self.drafts.clone(), key.to_string());
        space::write_within(&self.db, &self.dir, &self.stalled, move || {
            drafts.insert(key.as_bytes(), value)?;
            Ok(())
        })
    }

    pub fn flush(&self) -> Result<(), StoreError> {
        space::flush_within(&self.db, &self.dir, &self.stalled)
    }
}
