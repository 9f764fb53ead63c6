//! The questions asked before a step that is hard to take back, in both
//! languages. Enter answers yes, Esc no.

pub struct ConfirmText {
    /// `{phase}`, `{next}`, `{steps}`: moving on with steps still owed.
    pub phase_forward_owed: &'static str,
    /// `{phase}`, `{prev}`: moving back.
    pub phase_back: &'static str,
    /// `{code}`, `{closed}`: reopening a closed case.
    pub reopen: &'static str,
}

pub const SV: ConfirmText = ConfirmText {
    phase_forward_owed: "{phase} har kvar: {steps}. Gå till {next} ändå? Enter: ja · Esc: nej",
    phase_back: "Gå tillbaka från {phase} till {prev}? Enter: ja · Esc: nej",
    reopen: "Öppna {code} igen? Avslutet {closed} tas bort. Enter: ja · Esc: nej",
};

pub const EN: ConfirmText = ConfirmText {
    phase_forward_owed: "{phase} still owes: {steps}. Move to {next} anyway? Enter: yes · Esc: no",
    phase_back: "Move back from {phase} to {prev}? Enter: yes · Esc: no",
    reopen: "Reopen {code}? Its closing on {closed} is undone. Enter: yes · Esc: no",
};
