//! The questions asked before a step that is hard to take back, in both
//! languages. Enter answers yes, Esc no.

pub struct ConfirmText {
    /// `{phase}`, `{next}`, `{steps}`: moving on with steps still owed.
    pub phase_forward_owed: &'static str,
    /// `{phase}`, `{prev}`: moving back.
    pub phase_back: &'static str,
    /// `{n}`, `{code}`, `{date}`: closing with records owed to the journal.
    pub close_owing: super::Plural,
    /// `{code}`, `{closed}`: reopening a closed case.
    pub reopen: &'static str,
}

pub const SV: ConfirmText = ConfirmText {
    phase_forward_owed: "{phase} har kvar: {steps}. Gå till {next} ändå? Enter: ja · Esc: nej",
    phase_back: "Gå tillbaka från {phase} till {prev}? Enter: ja · Esc: nej",
    close_owing: super::Plural {
        one: "{code} har 1 anteckning ej journalförd ({date}); den förblir att journalföra. Avsluta ändå? Enter: ja · Esc: nej",
        other: "{code} har {n} anteckningar ej journalförda (äldsta {date}); de förblir att journalföra. Avsluta ändå? Enter: ja · Esc: nej",
    },
    reopen: "Öppna {code} igen? Avslutet {closed} tas bort. Enter: ja · Esc: nej",
};

pub const EN: ConfirmText = ConfirmText {
    phase_forward_owed: "{phase} still owes: {steps}. Move to {next} anyway? Enter: yes · Esc: no",
    phase_back: "Move back from {phase} to {prev}? Enter: yes · Esc: no",
    close_owing: super::Plural {
        one: "{code} has 1 note not in the journal ({date}); it stays owed. Close anyway? Enter: yes · Esc: no",
        other: "{code} has {n} notes not in the journal (oldest {date}); they stay owed. Close anyway? Enter: yes · Esc: no",
    },
    reopen: "Reopen {code}? Its closing on {closed} is undone. Enter: yes · Esc: no",
};

impl super::Lang {
    pub fn confirm(self) -> &'static ConfirmText {
        match self {
            super::Lang::Sv => &SV,
            super::Lang::En => &EN,
        }
    }
}
