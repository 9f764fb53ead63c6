//! The only vocabulary between keys and behaviour: a keymap maps a key to
//! an [`Action`] by its name, in one of the [`KeyContext`]s, and the app
//! acts on it. It sits below every other part, the text catalogues
//! included, so that they can say what each action does.

use serde::{Deserialize, Serialize};

/// Declares an enum whose values keymap files name, one line per value:
/// `Variant => "name"`. The enum gets `ALL` (every value, in the order
/// written here), `name` and `from_name`, and serde uses the same names, so
/// nothing else lists the values.
macro_rules! keymap_names {
    (
        $(#[$meta:meta])*
        pub enum $enum:ident {
            $( $(#[$doc:meta])* $variant:ident => $name:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
        )]
        pub enum $enum {
            $( $(#[$doc])* #[serde(rename = $name)] $variant, )*
        }

        impl $enum {
            /// Every value, in the order declared: the order `insats keys`
            /// and the `?` overlay list them in.
            pub const ALL: [$enum; [$($name),*].len()] = [$($enum::$variant),*];

            /// The name in a keymap file.
            pub fn name(self) -> &'static str {
                match self {
                    $( $enum::$variant => $name, )*
                }
            }

            /// The value a keymap file names, if it names one.
            pub fn from_name(name: &str) -> Option<$enum> {
                $enum::ALL.into_iter().find(|value| value.name() == name)
            }
        }
    };
}

keymap_names! {
    /// Something the user asks for, by the name a keymap file binds keys
    /// to: `new_note = ["n"]`. What each does in words is in the text
    /// catalogues (`describe` in `i18n/sv.rs` and `i18n/en.rs`).
    pub enum Action {
        Quit => "quit",
        Help => "help",
        Redraw => "redraw",
        FocusNext => "focus_next",
        FocusPrev => "focus_prev",
        FocusCases => "focus_cases",
        FocusChecklist => "focus_checklist",
        FocusReflections => "focus_reflections",
        FocusIncidents => "focus_incidents",
        Up => "up",
        Down => "down",
        PageUp => "page_up",
        PageDown => "page_down",
        Top => "top",
        Bottom => "bottom",
        Open => "open",
        Back => "back",
        Filter => "filter",
        Sort => "sort",
        OverdueView => "overdue_view",
        NewCase => "new_case",
        EditCase => "edit_case",
        EditPlan => "edit_plan",
        NewGoal => "new_goal",
        NewNote => "new_note",
        NewReflection => "new_reflection",
        NewIncident => "new_incident",
        ToggleStep => "toggle_step",
        /// Change the date a checked step was done.
        EditDate => "edit_date",
        PhaseNext => "phase_next",
        PhasePrev => "phase_prev",
        NewRating => "new_rating",
        RegisterReport => "register_report",
        DraftReport => "draft_report",
        FollowUp => "follow_up",
        CloseCase => "close_case",
        History => "history",
        Save => "save",
        Cancel => "cancel",
        // The chain editor.
        LinkAdd => "link_add",
        LinkInsertBefore => "link_insert_before",
        LinkDelete => "link_delete",
        LinkMoveUp => "link_move_up",
        LinkMoveDown => "link_move_down",
        LinkKindNext => "link_kind_next",
        /// Whose the link is: parent, child, other.
        LinkActorNext => "link_actor_next",
        MarkBreakPoint => "mark_break_point",
        /// Mark a record as removed, with a reason (it stays readable).
        Remove => "remove",
        /// The follow-up statistics of closed cases.
        Stats => "stats",
        /// The notes pane.
        FocusNotes => "focus_notes",
        /// Edit the record under the cursor (a note, a goal, one being read).
        Edit => "edit",
        /// The chain editor: the link's kind, backwards.
        LinkKindPrev => "link_kind_prev",
        /// The queued notes the inbox cannot take in (case unknown or closed).
        WaitingNotes => "waiting_notes",
        /// In that list: put the note in a case.
        AssignNote => "assign_note",
        /// In that list: write the note to a file of one's own.
        NoteToFile => "note_to_file",
        /// What is not yet entered into the journal.
        JournalView => "journal_view",
        /// A closed case that owes nothing: its working notes removed.
        PurgeCase => "purge_case",
        /// The oldest week of Fas 2 owed a reflection closed as without
        /// contact, and why.
        NoContactWeek => "no_contact_week",
        /// In that view: the record under the cursor entered, today.
        MarkTransferred => "mark_transferred",
        /// In that view: every record shown entered, today.
        MarkAllTransferred => "mark_all_transferred",
        /// The selected case's persons, social secretary, assignment,
        /// reasons, phases and goals.
        CaseDetails => "case_details",
        /// The reflections pane: a week further back (the week `r` writes).
        WeekBack => "week_back",
        /// The reflections pane: a week nearer this one.
        WeekForward => "week_forward",
    }
}

keymap_names! {
    /// Where a key is pressed: a keymap has one table per context. A pane's
    /// context falls back to `global`.
    pub enum KeyContext {
        Global => "global",
        CaseList => "case_list",
        Checklist => "checklist",
        Reflections => "reflections",
        Incidents => "incidents",
        /// The overdue view across all cases.
        Overdue => "overdue",
        /// Any editor or form.
        Editor => "editor",
        /// The incident-chain editor's chain.
        ChainEditor => "chain_editor",
        /// The notes pane: the selected case's notes, latest first.
        Notes => "notes",
        /// A record shown read-only.
        Viewer => "viewer",
        /// The queued notes that wait in the inbox.
        Waiting => "waiting",
        /// What is not yet entered into the journal.
        Journal => "journal",
    }
}

impl KeyContext {
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

    /// `NewNote` into `new_note`.
    fn snake_case(variant: &str) -> String {
        let mut out = String::new();
        for c in variant.chars() {
            if c.is_uppercase() && !out.is_empty() {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        }
        out
    }

    #[test]
    fn every_name_is_its_variant_in_snake_case_and_is_used_once() {
        let mut names = std::collections::BTreeSet::new();
        for a in Action::ALL {
            assert_eq!(a.name(), snake_case(&format!("{a:?}")));
            assert!(names.insert(a.name()), "{} twice", a.name());
        }
        for c in KeyContext::ALL {
            assert_eq!(c.name(), snake_case(&format!("{c:?}")));
        }
    }
}
