//! The only vocabulary between keys and behaviour: a keymap maps a key to
//! an [`Action`] by its `snake_case` name, and the app acts on it.

use serde::{Deserialize, Serialize};

/// Something the user asks for. The names are the keymap's (SPEC §10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    Help,
    Redraw,
    FocusNext,
    FocusPrev,
    FocusCases,
    FocusChecklist,
    FocusReflections,
    FocusIncidents,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Back,
    Filter,
    Sort,
    OverdueView,
    NewCase,
    EditCase,
    EditPlan,
    NewGoal,
    NewNote,
    NewReflection,
    NewIncident,
    ToggleStep,
    /// Change the date a checked step was done.
    EditDate,
    PhaseNext,
    PhasePrev,
    NewRating,
    RegisterReport,
    DraftReport,
    FollowUp,
    CloseCase,
    History,
    Save,
    Cancel,
    // The chain editor.
    LinkAdd,
    LinkInsertBefore,
    LinkDelete,
    LinkMoveUp,
    LinkMoveDown,
    LinkKindNext,
    /// Whose the link is: parent, child, other.
    LinkActorNext,
    MarkBreakPoint,
    /// Mark a record as removed, with a reason (it stays readable).
    Remove,
    /// The follow-up statistics of closed cases.
    Stats,
    /// The notes pane.
    FocusNotes,
    /// Edit the record under the cursor (a note, a goal, one being read).
    Edit,
    /// The chain editor: the link's kind, backwards.
    LinkKindPrev,
}

impl Action {
    pub const ALL: [Action; 52] = [
        Action::Quit,
        Action::Help,
        Action::Redraw,
        Action::FocusNext,
        Action::FocusPrev,
        Action::FocusCases,
        Action::FocusChecklist,
        Action::FocusReflections,
        Action::FocusIncidents,
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::Top,
        Action::Bottom,
        Action::Open,
        Action::Back,
        Action::Filter,
        Action::Sort,
        Action::OverdueView,
        Action::NewCase,
        Action::EditCase,
        Action::EditPlan,
        Action::NewGoal,
        Action::NewNote,
        Action::NewReflection,
        Action::NewIncident,
        Action::ToggleStep,
        Action::EditDate,
        Action::PhaseNext,
        Action::PhasePrev,
        Action::NewRating,
        Action::RegisterReport,
        Action::DraftReport,
        Action::FollowUp,
        Action::CloseCase,
        Action::History,
        Action::Save,
        Action::Cancel,
        Action::LinkAdd,
        Action::LinkInsertBefore,
        Action::LinkDelete,
        Action::LinkMoveUp,
        Action::LinkMoveDown,
        Action::LinkKindNext,
        Action::LinkActorNext,
        Action::MarkBreakPoint,
        Action::Remove,
        Action::Stats,
        Action::FocusNotes,
        Action::Edit,
        Action::LinkKindPrev,
    ];

    /// The keymap name, `new_note`.
    pub fn name(self) -> &'static str {
        ACTION_NAMES[self as usize]
    }

    pub fn from_name(name: &str) -> Option<Action> {
        ACTION_NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Action::ALL[i])
    }
}

const ACTION_NAMES: [&str; 52] = [
    "quit",
    "help",
    "redraw",
    "focus_next",
    "focus_prev",
    "focus_cases",
    "focus_checklist",
    "focus_reflections",
    "focus_incidents",
    "up",
    "down",
    "page_up",
    "page_down",
    "top",
    "bottom",
    "open",
    "back",
    "filter",
    "sort",
    "overdue_view",
    "new_case",
    "edit_case",
    "edit_plan",
    "new_goal",
    "new_note",
    "new_reflection",
    "new_incident",
    "toggle_step",
    "edit_date",
    "phase_next",
    "phase_prev",
    "new_rating",
    "register_report",
    "draft_report",
    "follow_up",
    "close_case",
    "history",
    "save",
    "cancel",
    "link_add",
    "link_insert_before",
    "link_delete",
    "link_move_up",
    "link_move_down",
    "link_kind_next",
    "link_actor_next",
    "mark_break_point",
    "remove",
    "stats",
    "focus_notes",
    "edit",
    "link_kind_prev",
];

/// Where a key is pressed: a keymap has one table per context. A pane's
/// context falls back to `global`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyContext {
    Global,
    CaseList,
    Checklist,
    Reflections,
    Incidents,
    /// The overdue view across all cases.
    Overdue,
    /// Any editor or form.
    Editor,
    /// The incident-chain editor's chain.
    ChainEditor,
    /// The notes pane: the selected case's notes, latest first.
    Notes,
    /// A record shown read-only.
    Viewer,
}

impl KeyContext {
    pub const ALL: [KeyContext; 10] = [
        KeyContext::Global,
        KeyContext::CaseList,
        KeyContext::Checklist,
        KeyContext::Reflections,
        KeyContext::Incidents,
        KeyContext::Overdue,
        KeyContext::Editor,
        KeyContext::ChainEditor,
        KeyContext::Notes,
        KeyContext::Viewer,
    ];

    /// The table name in a keymap file, `case_list`.
    pub fn name(self) -> &'static str {
        match self {
            KeyContext::Global => "global",
            KeyContext::CaseList => "case_list",
            KeyContext::Checklist => "checklist",
            KeyContext::Reflections => "reflections",
            KeyContext::Incidents => "incidents",
            KeyContext::Overdue => "overdue",
            KeyContext::Editor => "editor",
            KeyContext::ChainEditor => "chain_editor",
            KeyContext::Notes => "notes",
            KeyContext::Viewer => "viewer",
        }
    }

    pub fn from_name(name: &str) -> Option<KeyContext> {
        KeyContext::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Whether keys of `global` also work here. Editors take their keys
    /// only from their own tables, so typing is never stolen.
    pub fn falls_back_to_global(self) -> bool {
        !matches!(
            self,
            KeyContext::Global | KeyContext::Editor | KeyContext::ChainEditor
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_serde_and_round_trip() {
        for a in Action::ALL {
            assert_eq!(Action::from_name(a.name()), Some(a));
            let json = serde_json::to_string(&a).unwrap();
            assert_eq!(json, format!("\"{}\"", a.name()));
        }
        for c in KeyContext::ALL {
            assert_eq!(KeyContext::from_name(c.name()), Some(c));
        }
        assert_eq!(Action::from_name("nonsense"), None);
    }
}
