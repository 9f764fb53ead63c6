//! The words of removing a closed case's working notes (rensning), from
//! `insats purge` and the screen, and of sharing the figures that stay
//! (`insats stats --share`, `insats stats FILE...`), in both languages.

use super::Plural;

pub struct PurgeText {
    /// `{code}`: the case is not closed.
    pub open: &'static str,
    /// `{code}`, `{what}`: what it still owes, the words below joined.
    pub owes: &'static str,
    /// `{n}`: records not entered into the journal.
    pub owes_journal: Plural,
    pub owes_follow_up: &'static str,
    /// `{code}`, `{family}`, `{what}`: the question before a removal.
    pub confirm: &'static str,
    /// After it on the screen.
    pub answer: &'static str,
    /// What goes, `{n}` of each.
    pub notes: Plural,
    pub reflections: Plural,
    pub reports: Plural,
    pub rest: &'static str,
    /// `{code}`: type it again.
    pub type_code: &'static str,
    /// The code typed did not match: nothing removed.
    pub not_confirmed: &'static str,
    /// Standard input is no terminal to ask on.
    pub needs_yes: &'static str,
    /// `{code}`: done; `{backups}`: backups removed or rewritten.
    pub done: &'static str,
    pub backups: Plural,
    pub kept: &'static str,
    /// `{path}`: a file that may hold the case and was not rewritten.
    pub left: &'static str,
    /// `{code}`, `{on}`, `{by}`: a line of the removal log.
    pub logged: &'static str,
    pub none_removed: &'static str,
    /// `{n}`, `{path}`: the figures written to share.
    pub shared: Plural,
    /// `{path}`: a file given to `stats` that cannot be used.
    pub not_shared: &'static str,
    pub damaged: &'static str,
    /// `{format}` too.
    pub newer: &'static str,
    /// `{n}`: the same case given more than once, counted once.
    pub twice: Plural,
}

pub const SV: PurgeText = PurgeText {
    open: "{code} kan inte rensas: ärendet är inte avslutat (C på skärmen).",
    owes: "{code} kan inte rensas ännu: {what}.",
    owes_journal: Plural {
        one: "1 anteckning ej journalförd (insats journal {code})",
        other: "{n} anteckningar ej journalförda (insats journal {code})",
    },
    owes_follow_up: "ingen avslutsuppföljning registrerad",
    confirm: "Rensa {code} {family} för gott: {what}: tas bort ur lagret och säkerhetskopiorna.",
    answer: "Rensa? Enter: ja · Esc: nej",
    notes: Plural {
        one: "1 anteckning",
        other: "{n} anteckningar",
    },
    reflections: Plural {
        one: "1 målreflektion",
        other: "{n} målreflektioner",
    },
    reports: Plural {
        one: "1 rapport",
        other: "{n} rapporter",
    },
    rest: "allt annat i ärendet",
    type_code: "Skriv koden {code} igen för att rensa: ",
    not_confirmed: "Inget rensades: koden stämde inte.",
    needs_yes: "Ange --yes för att rensa utan fråga (standard in är ingen terminal).",
    done: "{code} är rensat ur lagret{backups}.",
    backups: Plural {
        one: " och 1 säkerhetskopia",
        other: " och {n} säkerhetskopior",
    },
    kept: "Kvar finns anonym statistik och en rad i rensningsloggen. Exporter du själv gjort är dina att radera.",
    left: "Kunde inte skrivas om, radera den själv: {path}",
    logged: "{code}  rensat {on} av {by}",
    none_removed: "Inga ärenden har rensats.",
    shared: Plural {
        one: "1 avslutat ärende i siffror skrivet till {path}: inga koder, namn eller texter.",
        other: "{n} avslutade ärenden i siffror skrivna till {path}: inga koder, namn eller texter.",
    },
    not_shared: "{path} är ingen delad statistikfil (skriv en med insats stats --share -o FIL).",
    damaged: "{path} är skadad och kan inte läsas; be om en ny.",
    newer: "{path} är skriven av en nyare insats (format {format}); uppdatera insats.",
    twice: Plural {
        one: "1 ärende fanns i flera filer och räknas en gång.",
        other: "{n} ärenden fanns i flera filer och räknas en gång.",
    },
};

pub const EN: PurgeText = PurgeText {
    open: "{code} cannot be removed: the case is not closed (C on the screen).",
    owes: "{code} cannot be removed yet: {what}.",
    owes_journal: Plural {
        one: "1 note not in the journal (insats journal {code})",
        other: "{n} notes not in the journal (insats journal {code})",
    },
    owes_follow_up: "no family follow-up registered",
    confirm: "Remove {code} {family} for good: {what}: removed from the store and the backups.",
    answer: "Remove? Enter: yes · Esc: no",
    notes: Plural {
        one: "1 note",
        other: "{n} notes",
    },
    reflections: Plural {
        one: "1 goal reflection",
        other: "{n} goal reflections",
    },
    reports: Plural {
        one: "1 report",
        other: "{n} reports",
    },
    rest: "everything else of the case",
    type_code: "Type the code {code} again to remove it: ",
    not_confirmed: "Nothing was removed: the code did not match.",
    needs_yes: "Give --yes to remove without asking (standard input is no terminal).",
    done: "{code} is removed from the store{backups}.",
    backups: Plural {
        one: " and 1 backup",
        other: " and {n} backups",
    },
    kept: "What stays is anonymous figures and a line in the log of removals. Exports you made yourself are yours to delete.",
    left: "Could not be rewritten, delete it yourself: {path}",
    logged: "{code}  removed {on} by {by}",
    none_removed: "No case has been removed.",
    shared: Plural {
        one: "1 closed case in figures written to {path}: no codes, names or text.",
        other: "{n} closed cases in figures written to {path}: no codes, names or text.",
    },
    not_shared: "{path} is not a shared statistics file (write one with insats stats --share -o FILE).",
    damaged: "{path} is damaged and cannot be read; ask for a new one.",
    newer: "{path} was written by a newer insats (format {format}); update insats.",
    twice: Plural {
        one: "1 case was in more than one file and counts once.",
        other: "{n} cases were in more than one file and count once.",
    },
};

impl super::Lang {
    pub fn purge(self) -> &'static PurgeText {
        match self {
            super::Lang::Sv => &SV,
            super::Lang::En => &EN,
        }
    }
}
