//! Records keep their history: an edit keeps the earlier version, a removal
//! is a mark with a reason — the practice of social-services records, where a
//! wrong entry is corrected, never made unreadable, as in social-services records.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// Who made a record and when it last changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    #[serde(deserialize_with = "super::iso::date_time")]
    pub created_at: NaiveDateTime,
    pub created_by: String,
    #[serde(deserialize_with = "super::iso::date_time")]
    pub updated_at: NaiveDateTime,
    pub updated_by: String,
}

impl Meta {
    pub fn new(by: &str, at: NaiveDateTime) -> Meta {
        Meta {
            created_at: at,
            created_by: by.to_string(),
            updated_at: at,
            updated_by: by.to_string(),
        }
    }
}

/// An earlier version of a record body, with who replaced it and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revision<T> {
    pub body: T,
    /// Who wrote this version.
    pub by: String,
    /// When this version was written.
    #[serde(deserialize_with = "super::iso::date_time")]
    pub at: NaiveDateTime,
}

/// The mark left when a record is removed: it stays readable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    pub by: String,
    #[serde(deserialize_with = "super::iso::date_time")]
    pub at: NaiveDateTime,
    pub reason: String,
}

/// One stored record of a case: its key (case code and a per-case
/// sequence), its current body and everything it used to be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record<T> {
    pub case: String,
    pub seq: u32,
    pub meta: Meta,
    pub body: T,
    pub history: Vec<Revision<T>>,
    pub removed: Option<Removal>,
}

impl<T: Clone + PartialEq> Record<T> {
    pub fn new(case: &str, seq: u32, body: T, by: &str, at: NaiveDateTime) -> Record<T> {
        Record {
            case: case.to_string(),
            seq,
            meta: Meta::new(by, at),
            body,
            history: Vec::new(),
            removed: None,
        }
    }

    /// Replaces the body, keeping the previous one in the history. An edit
    /// that changes nothing leaves no trace.
    pub fn edit(&mut self, body: T, by: &str, at: NaiveDateTime) {
        if body == self.body {
            return;
        }
        let previous = std::mem::replace(&mut self.body, body);
        self.history.push(Revision {
            body: previous,
            by: std::mem::replace(&mut self.meta.updated_by, by.to_string()),
            at: std::mem::replace(&mut self.meta.updated_at, at),
        });
    }

    /// Marks the record as removed; it is kept and stays readable.
    pub fn remove(&mut self, reason: &str, by: &str, at: NaiveDateTime) {
        self.removed = Some(Removal {
            by: by.to_string(),
            at,
            reason: reason.to_string(),
        });
    }

    pub fn is_live(&self) -> bool {
        self.removed.is_none()
    }

    /// The display key, `2026-014/3`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.case, self.seq)
    }
}
