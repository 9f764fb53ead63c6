//! What a form edits, and the draft kept while it is written.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::form::Value;

/// What a form edits, and where its result goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FormKind {
    /// `goals`: the goals offered, in the order of the "goals touched" field.
    Note {
        case: String,
        seq: Option<u32>,
        goals: Vec<u32>,
    },
    /// `goals`: the goal of each score and text field, in order.
    Reflection {
        case: String,
        seq: Option<u32>,
        year: i32,
        week: u32,
        goals: Vec<u32>,
    },
    /// `goals`: the goals offered after "none".
    Incident {
        case: String,
        seq: Option<u32>,
        goals: Vec<u32>,
    },
    NewCase,
    EditCase {
        case: String,
    },
    Plan {
        case: String,
    },
    Goal {
        case: String,
        seq: Option<u32>,
    },
    Rating {
        case: String,
        seq: Option<u32>,
    },
    Report {
        case: String,
    },
    Close {
        case: String,
    },
    FollowUp {
        case: String,
        seq: Option<u32>,
    },
}

impl FormKind {
    /// The key of this form's draft: one draft per thing being written.
    pub fn draft_key(&self) -> String {
        let seq = |s: &Option<u32>| s.map_or("new".to_string(), |s| s.to_string());
        match self {
            FormKind::Note { case, seq: s, .. } => format!("note/{case}/{}", seq(s)),
            FormKind::Reflection {
                case, year, week, ..
            } => format!("reflection/{case}/{year}-W{week:02}"),
            FormKind::Incident { case, seq: s, .. } => format!("incident/{case}/{}", seq(s)),
            FormKind::NewCase => "case/new".to_string(),
            FormKind::EditCase { case } => format!("case/{case}"),
            FormKind::Plan { case } => format!("plan/{case}"),
            FormKind::Goal { case, seq: s } => format!("goal/{case}/{}", seq(s)),
            FormKind::Rating { case, seq: s } => format!("rating/{case}/{}", seq(s)),
            FormKind::Report { case } => format!("report/{case}"),
            FormKind::Close { case } => format!("close/{case}"),
            FormKind::FollowUp { case, seq: s } => format!("follow_up/{case}/{}", seq(s)),
        }
    }

    /// Points a form for a new record at the record it wrote.
    pub fn set_seq(&mut self, written: u32) {
        match self {
            FormKind::Note { seq, .. }
            | FormKind::Reflection { seq, .. }
            | FormKind::Incident { seq, .. }
            | FormKind::Goal { seq, .. }
            | FormKind::Rating { seq, .. }
            | FormKind::FollowUp { seq, .. } => *seq = Some(written),
            _ => {}
        }
    }

    /// Whether what the form writes is a neuter word in Swedish (ett
    /// ärende, ett mål): "sparat", not "sparad".
    pub fn neuter(&self) -> bool {
        matches!(
            self,
            FormKind::NewCase | FormKind::EditCase { .. } | FormKind::Goal { .. }
        )
    }

    pub fn case(&self) -> Option<&str> {
        match self {
            FormKind::NewCase => None,
            FormKind::Note { case, .. }
            | FormKind::Reflection { case, .. }
            | FormKind::Incident { case, .. }
            | FormKind::EditCase { case }
            | FormKind::Plan { case }
            | FormKind::Goal { case, .. }
            | FormKind::Rating { case, .. }
            | FormKind::Report { case }
            | FormKind::Close { case }
            | FormKind::FollowUp { case, .. } => Some(case),
        }
    }
}

/// Text kept while it is being written, every 2 seconds of typing and at
/// once on a signal: the form's kind and the value of each field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub kind: FormKind,
    pub title: String,
    pub values: Vec<(String, Value)>,
    pub saved_at: NaiveDateTime,
}

/// The draft of the editor in progress, shared with the signal thread so
/// that SIGHUP can save it even while the event loop is stuck; with the
/// editor as plain text, for a file when the store cannot take the draft.
#[derive(Debug, Clone, Default)]
pub struct DraftSlot(std::sync::Arc<std::sync::Mutex<Option<(Draft, String)>>>);

impl DraftSlot {
    /// The draft and the same text as a person reads it (`plain::as_text`).
    pub fn set(&self, draft: Draft, as_text: String) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some((draft, as_text));
        }
    }

    pub fn clear(&self) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = None;
        }
    }

    /// Whether a draft is held, without copying it.
    pub fn is_set(&self) -> bool {
        match self.0.lock() {
            Ok(slot) => slot.is_some(),
            Err(poisoned) => poisoned.into_inner().is_some(),
        }
    }

    pub fn get(&self) -> Option<Draft> {
        self.get_with_text().map(|(draft, _)| draft)
    }

    /// The draft and its plain text.
    pub fn get_with_text(&self) -> Option<(Draft, String)> {
        // A poisoned lock still holds the text: take it anyway.
        match self.0.lock() {
            Ok(slot) => slot.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }
}
