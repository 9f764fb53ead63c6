//! Händelseanalys — the incident chain analysis of Fas 2: "var i
//! händelsekedjan det blev svårt" (000, Fas 2).

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// The kind of a link in the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LinkKind {
    /// Sårbarhet.
    Vulnerability,
    /// Utlösande händelse.
    PromptingEvent,
    /// Tanke.
    Thought,
    /// Känsla, with an intensity 0–10.
    Feeling,
    /// Kroppslig reaktion.
    BodilyReaction,
    /// Impuls.
    Urge,
    /// Handling.
    Action,
    /// Annans handling.
    OthersAction,
    /// Konsekvens kort sikt.
    ShortTermConsequence,
    /// Konsekvens lång sikt.
    LongTermConsequence,
}

impl LinkKind {
    pub const ALL: [LinkKind; 10] = [
        LinkKind::Vulnerability,
        LinkKind::PromptingEvent,
        LinkKind::Thought,
        LinkKind::Feeling,
        LinkKind::BodilyReaction,
        LinkKind::Urge,
        LinkKind::Action,
        LinkKind::OthersAction,
        LinkKind::ShortTermConsequence,
        LinkKind::LongTermConsequence,
    ];

    /// The next kind, wrapping: what `link_kind_next` cycles through.
    pub fn next(self) -> LinkKind {
        let i = LinkKind::ALL.iter().position(|k| *k == self).unwrap_or(0);
        LinkKind::ALL[(i + 1) % LinkKind::ALL.len()]
    }

    /// The kind before, wrapping: `link_kind_prev`.
    pub fn prev(self) -> LinkKind {
        let i = LinkKind::ALL.iter().position(|k| *k == self).unwrap_or(0);
        LinkKind::ALL[(i + LinkKind::ALL.len() - 1) % LinkKind::ALL.len()]
    }

    /// Whether the link says what someone else did: it is not the
    /// actor's own chain.
    pub fn is_others(self) -> bool {
        matches!(self, LinkKind::PromptingEvent | LinkKind::OthersAction)
    }
}

/// Whose the link is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Actor {
    Parent,
    Child,
    Other,
    /// Ungdom — a teenager, as the programme's participants name them.
    /// Last, so records written before it read as they were.
    YoungPerson,
}

impl Actor {
    /// The order `link_actor_next` cycles through, and the catalogues' order.
    pub const ALL: [Actor; 4] = [
        Actor::Parent,
        Actor::Child,
        Actor::YoungPerson,
        Actor::Other,
    ];

    pub fn index(self) -> usize {
        Actor::ALL.iter().position(|a| *a == self).unwrap_or(0)
    }

    pub fn next(self) -> Actor {
        Actor::ALL[(self.index() + 1) % Actor::ALL.len()]
    }
}

/// One link of the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainLink {
    pub kind: LinkKind,
    pub actor: Actor,
    pub text: String,
    /// Only for a feeling: its intensity 0–10.
    pub intensity: Option<u8>,
}

/// Händelseanalys — an incident and its chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incident {
    pub when: NaiveDateTime,
    pub place: String,
    pub present: String,
    /// Sequence number of the linked goal.
    pub goal: Option<u32>,
    /// The problem behaviour, described concretely.
    pub behaviour: String,
    pub chain: Vec<ChainLink>,
    /// Index into `chain` of the link where it got hard.
    pub break_point: Option<usize>,
    /// What could have broken the chain at the break point.
    pub could_break: String,
    /// Sequence numbers of the Factors this analysis found.
    pub factors: Vec<u32>,
    pub plan_next_time: String,
    pub child_account: String,
    pub review_on: Option<NaiveDate>,
}

impl Incident {
    pub fn break_link(&self) -> Option<&ChainLink> {
        self.break_point.and_then(|i| self.chain.get(i))
    }
}
