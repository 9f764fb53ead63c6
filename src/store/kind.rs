//! The kinds of record, each in a tree of its own, and what a record body
//! needs to live in one.

use crate::domain::sound::Sound;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::domain::case::Case;
use crate::domain::casefile::CaseFile;
use crate::domain::incident::Incident;
use crate::domain::journal::Transfer;
use crate::domain::note::{NoContact, Note, Reflection};
use crate::domain::plan::{Factor, Goal, Plan};
use crate::domain::rating::Rating;
use crate::domain::record::Record;
use crate::domain::report::{FollowUp, Report};

/// Calls `$m!` with every kind's name in an export and its body type, in
/// the order of the export's fields: `$m!("cases": Case, "plans": Plan, …)`.
macro_rules! every_kind {
    ($m:ident) => {
        $m! {
            "cases": Case,
            "plans": Plan,
            "goals": Goal,
            "factors": Factor,
            "notes": Note,
            "reflections": Reflection,
            "incidents": Incident,
            "ratings": Rating,
            "reports": Report,
            "follow_ups": FollowUp,
            "transfers": Transfer,
            "no_contacts": NoContact
        }
    };
}
pub(super) use every_kind;

/// Makes [`Kind`] of the list [`every_kind!`] gives: a kind's variant is
/// named as its body type, and its tree as its list in an export.
macro_rules! kinds {
    ($($name:literal: $kind:ident),*) => {
        /// The kinds of record, each in a tree of its own.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        pub enum Kind {
            $($kind),*
        }

        impl Kind {
            pub const ALL: [Kind; [$(Kind::$kind),*].len()] = [$(Kind::$kind),*];

            pub fn tree_name(self) -> &'static str {
                match self {
                    $(Kind::$kind => $name),*
                }
            }

            /// Whether `bytes` read as a record of this kind.
            pub(super) fn reads(self, bytes: &[u8]) -> bool {
                match self {
                    $(Kind::$kind => super::codec::decode::<Record<$kind>>(bytes).is_ok()),*
                }
            }
        }
    };
}
every_kind!(kinds);

impl Kind {
    pub(super) fn index(self) -> usize {
        self as usize
    }
}

/// A record body that lives in a tree of its own.
pub trait Stored:
    Serialize + DeserializeOwned + Clone + PartialEq + Send + Sound + 'static
{
    const KIND: Kind;
    /// Puts a loaded record into its place in the case file.
    fn attach(file: &mut CaseFile, record: Record<Self>);
    /// Whether a record from outside (an import) holds together: its body
    /// and every earlier version of it sound ([`Sound`]).
    fn valid(record: &Record<Self>) -> bool {
        sound(record)
    }
}

fn sound<T: Sound>(record: &Record<T>) -> bool {
    record.body.sound() && record.history.iter().all(|v| v.body.sound())
}

macro_rules! stored {
    ($($body:ty => $kind:ident, $field:ident;)*) => {$(
        impl Stored for $body {
            const KIND: Kind = Kind::$kind;
            fn attach(file: &mut CaseFile, record: Record<Self>) {
                file.$field.push(record);
            }
        }
    )*};
}

stored! {
    Goal => Goal, goals;
    Factor => Factor, factors;
    Note => Note, notes;
    Reflection => Reflection, reflections;
    Incident => Incident, incidents;
    Rating => Rating, ratings;
    Report => Report, reports;
    FollowUp => FollowUp, follow_ups;
    Transfer => Transfer, transfers;
    NoContact => NoContact, no_contacts;
}

impl Stored for Case {
    const KIND: Kind = Kind::Case;
    fn attach(file: &mut CaseFile, record: Record<Self>) {
        file.case = record;
    }
    fn valid(record: &Record<Self>) -> bool {
        record.seq == 0 && record.case == record.body.code && sound(record)
    }
}

impl Stored for Plan {
    const KIND: Kind = Kind::Plan;
    fn attach(file: &mut CaseFile, record: Record<Self>) {
        file.plan = Some(record);
    }
    /// A case has one plan, under number 0 (a second would hide the first).
    fn valid(record: &Record<Self>) -> bool {
        record.seq == 0 && sound(record)
    }
}
