//! Genomförandeplan, mål and kartläggning: the plan, its goals and the
//! risk and protective factors.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The BBIC triangle's areas (Barns behov i centrum).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BbicArea {
    // The child's development.
    Health,
    Education,
    EmotionalBehavioural,
    Identity,
    FamilySocialRelations,
    SocialPresentation,
    SelfCare,
    // The parents' capacity.
    BasicCare,
    Safety,
    EmotionalWarmth,
    Stimulation,
    GuidanceBoundaries,
    Stability,
    // Family and environment.
    FamilyHistory,
    WiderFamily,
    Housing,
    Employment,
    Income,
    SocialIntegration,
    CommunityResources,
}

impl BbicArea {
    pub const ALL: [BbicArea; 20] = [
        BbicArea::Health,
        BbicArea::Education,
        BbicArea::EmotionalBehavioural,
        BbicArea::Identity,
        BbicArea::FamilySocialRelations,
        BbicArea::SocialPresentation,
        BbicArea::SelfCare,
        BbicArea::BasicCare,
        BbicArea::Safety,
        BbicArea::EmotionalWarmth,
        BbicArea::Stimulation,
        BbicArea::GuidanceBoundaries,
        BbicArea::Stability,
        BbicArea::FamilyHistory,
        BbicArea::WiderFamily,
        BbicArea::Housing,
        BbicArea::Employment,
        BbicArea::Income,
        BbicArea::SocialIntegration,
        BbicArea::CommunityResources,
    ];
}

/// One activity of the plan, with its own goal.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Activity {
    pub what: String,
    pub goal: String,
    pub responsible: String,
    pub when: String,
    pub how: String,
}

/// Genomförandeplan (BBIC) — one per case, versioned as a record.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Plan {
    /// The goals of the assignment, in the words of the plan.
    pub goals: Vec<String>,
    pub activities: Vec<Activity>,
    /// Cooperation with the social secretary, school, health care.
    pub cooperation: String,
    /// How the child took part and the child's view, kept apart.
    pub child_participation: String,
    /// How the parents took part and their view.
    pub parent_participation: String,
    pub set_on: Option<NaiveDate>,
    /// When and how the plan is followed up.
    pub follow_up: String,
}

/// Who a goal comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GoalOrigin {
    SocialSecretary,
    Parent,
    Child,
    Worker,
}

/// Where a goal stands; at closing, how it ended (uppnått, delvis, ej
/// uppnått, avbrutet). New variants go last: stored records name them by
/// position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GoalStatus {
    Active,
    Achieved(NaiveDate),
    /// Avbrutet.
    Dropped(NaiveDate),
    /// Delvis uppnått.
    PartlyAchieved(NaiveDate),
    /// Ej uppnått.
    NotAchieved(NaiveDate),
}

impl GoalStatus {
    /// The position in the order the forms list the statuses: active,
    /// achieved, partly achieved, not achieved, dropped.
    pub fn index(self) -> usize {
        match self {
            GoalStatus::Active => 0,
            GoalStatus::Achieved(_) => 1,
            GoalStatus::PartlyAchieved(_) => 2,
            GoalStatus::NotAchieved(_) => 3,
            GoalStatus::Dropped(_) => 4,
        }
    }

    /// The status at `index` of [`GoalStatus::index`], ended on `on`.
    pub fn from_index(index: usize, on: NaiveDate) -> GoalStatus {
        match index {
            0 => GoalStatus::Active,
            1 => GoalStatus::Achieved(on),
            2 => GoalStatus::PartlyAchieved(on),
            3 => GoalStatus::NotAchieved(on),
            _ => GoalStatus::Dropped(on),
        }
    }

    /// The day the goal ended, when it has.
    pub fn ended_on(self) -> Option<NaiveDate> {
        match self {
            GoalStatus::Active => None,
            GoalStatus::Achieved(d)
            | GoalStatus::Dropped(d)
            | GoalStatus::PartlyAchieved(d)
            | GoalStatus::NotAchieved(d) => Some(d),
        }
    }
}

/// Mål — a goal of the intervention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    pub title: String,
    pub description: String,
    pub origin: GoalOrigin,
    pub area: Option<BbicArea>,
    /// Priority order, 1 first.
    pub priority: u8,
    #[serde(deserialize_with = "super::iso::date")]
    pub started_on: NaiveDate,
    pub status: GoalStatus,
}

impl Goal {
    pub fn is_active(&self) -> bool {
        self.status == GoalStatus::Active
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FactorKind {
    Risk,
    Protective,
}

/// Where a factor was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FactorSource {
    Mapping,
    /// Found in the incident analysis with this sequence number.
    Incident(u32),
    Reflection,
}

/// Risk- eller skyddsfaktor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Factor {
    pub kind: FactorKind,
    pub text: String,
    pub area: Option<BbicArea>,
    #[serde(deserialize_with = "super::iso::date")]
    pub noted_on: NaiveDate,
    pub source: FactorSource,
}

/// `R: text` (or `Risk:`, `Riskfaktor:`) is a risk; `S: text` (or `Skydd:`,
/// `Skyddsfaktor:`, `P:`, `Protective:`) protective. Anything else is not a
/// factor line: None.
pub fn parse_factor(line: &str) -> Option<(FactorKind, String)> {
    let (tag, text) = line.split_once(':')?;
    let kind = match tag.trim().to_lowercase().as_str() {
        "r" | "risk" | "riskfaktor" | "risk factor" => FactorKind::Risk,
        "s" | "p" | "skydd" | "skyddsfaktor" | "protective" | "protective factor" => {
            FactorKind::Protective
        }
        _ => return None,
    };
    let text = text.trim();
    (!text.is_empty()).then(|| (kind, text.to_string()))
}

/// A factor as a line of the form `R: text` / `S: text`: what
/// [`parse_factor`] reads back.
pub fn factor_line(f: &Factor) -> String {
    let tag = if f.kind == FactorKind::Risk { "R" } else { "S" };
    format!("{tag}: {}", f.text)
}
