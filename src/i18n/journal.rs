//! The words of the journal: what is still owed to it, on the screen and
//! from `insats journal`, in both languages.

use super::Plural;

pub struct JournalText {
    /// The view's title: one case, or every case.
    pub title_case: &'static str,
    pub title_all: &'static str,
    /// Nothing owed.
    pub nothing: &'static str,
    /// `{n}`: the heading of a case's part, `{code}` and `{family}` too.
    pub owed: Plural,
    /// The kinds, as a record's heading names them.
    pub note: &'static str,
    pub reflection: &'static str,
    pub incident: &'static str,
    /// Beside a record entered and edited since.
    pub changed_after: &'static str,
    /// `{date}`: a record entered, in the reader's title.
    pub entered_on: &'static str,
    pub time: &'static str,
    pub place: &'static str,
    pub took_part: &'static str,
    pub week: &'static str,
    pub present: &'static str,
    pub behaviour: &'static str,
    pub chain: &'static str,
    pub could_break: &'static str,
    pub next_time: &'static str,
    /// `{n}`, `{code}`: marked from the shell or the screen.
    pub marked: Plural,
    /// Tab in the view: this case or every case.
    pub all_or_one: &'static str,
    /// `{code}`: nothing to mark.
    pub nothing_to_mark: &'static str,
}

pub const SV: JournalText = JournalText {
    title_case: "Ej journalfört",
    title_all: "Ej journalfört, alla ärenden",
    nothing: "Allt är journalfört.",
    owed: Plural {
        one: "{code} {family}: 1 post ej journalförd",
        other: "{code} {family}: {n} poster ej journalförda",
    },
    note: "Anteckning",
    reflection: "Målreflektion",
    incident: "Händelseanalys",
    changed_after: "ändrad efter journalföring",
    entered_on: "journalförd {date}",
    time: "Tid",
    place: "Plats",
    took_part: "Deltog",
    week: "Vecka",
    present: "Närvarande",
    behaviour: "Beteende",
    chain: "Kedja",
    could_break: "Kunde bryta kedjan",
    next_time: "Nästa gång",
    marked: Plural {
        one: "1 post i {code} markerad som journalförd.",
        other: "{n} poster i {code} markerade som journalförda.",
    },
    all_or_one: "ett/alla ärenden",
    nothing_to_mark: "Inget att markera i {code}: allt är journalfört.",
};

pub const EN: JournalText = JournalText {
    title_case: "Not in the journal",
    title_all: "Not in the journal, every case",
    nothing: "Everything is in the journal.",
    owed: Plural {
        one: "{code} {family}: 1 record not in the journal",
        other: "{code} {family}: {n} records not in the journal",
    },
    note: "Note",
    reflection: "Goal reflection",
    incident: "Incident analysis",
    changed_after: "changed after it was entered",
    entered_on: "in the journal {date}",
    time: "Time",
    place: "Place",
    took_part: "Took part",
    week: "Week",
    present: "Present",
    behaviour: "Behaviour",
    chain: "Chain",
    could_break: "Could break the chain",
    next_time: "Next time",
    marked: Plural {
        one: "1 record of {code} marked as entered into the journal.",
        other: "{n} records of {code} marked as entered into the journal.",
    },
    all_or_one: "one/every case",
    nothing_to_mark: "Nothing to mark in {code}: everything is in the journal.",
};

impl super::Lang {
    pub fn journal(self) -> &'static JournalText {
        match self {
            super::Lang::Sv => &SV,
            super::Lang::En => &EN,
        }
    }
}
