//! The domain: the programme's phases and records, and the due-date rules.
//! Pure — no I/O, no clock, no terminal; `today` is always a parameter.

pub mod backups;
pub mod case;
pub mod casefile;
pub mod dates;
pub mod due;
pub mod figures;
pub mod incident;
pub mod iso;
pub mod journal;
pub mod note;
pub mod phase;
pub mod plan;
pub mod rating;
pub mod record;
pub mod report;
pub mod sound;
pub mod stats;
pub mod steps;
pub mod summary;
pub mod text;

pub use case::{Case, CaseStatus, Person, PersonRole, Place, Reason, SocialSecretary};
pub use casefile::CaseFile;
pub use due::{DueItem, DueKind, DueState, Rules, due_items};
pub use note::{IsoWeek, Note, Participant, Reflection};
pub use phase::{Phase, Step};
pub use record::{Meta, Record};
