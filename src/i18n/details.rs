//! The words of the case details (ärendeuppgifter) and of the selected
//! case's header on a wide screen, in both languages. The labels the case
//! editor already has (persons, secretary, assignment, reasons, roles) are
//! taken from the forms' catalogue.

pub struct DetailsText {
    /// `{code}`, `{family}`: the view's title.
    pub title: &'static str,
    /// The view's name, as the help over it says whose keys it lists.
    pub name: &'static str,
    /// The headings of what the case editor holds.
    pub persons: &'static str,
    pub secretary: &'static str,
    pub assignment: &'static str,
    pub reasons: &'static str,
    /// The heading of the phases the case went through.
    pub phases: &'static str,
    /// `{date}`: the day a phase began.
    pub began: &'static str,
    /// The heading of the goals: the plan's and the goal records.
    pub goals: &'static str,
    /// The plan's goals, in its own words, when there are goal records too.
    pub plan_goals: &'static str,
    /// `{year}`: a person's birth year.
    pub born: &'static str,
    /// `{date}`: the day the case began.
    pub started: &'static str,
    /// The workers of the case.
    pub workers: &'static str,
    /// Where nothing is written yet.
    pub nothing: &'static str,
    /// No case is selected (or it could not be read).
    pub no_case: &'static str,
    /// The header's short word for the social secretary.
    pub secretary_short: &'static str,
}

pub const SV: DetailsText = DetailsText {
    title: "Ärendeuppgifter — {code} {family}",
    name: "Ärendeuppgifter",
    persons: "Personer",
    secretary: "Socialsekreterare",
    assignment: "Uppdrag",
    reasons: "Orsaker",
    phases: "Faser",
    began: "från {date}",
    goals: "Mål",
    plan_goals: "Planens mål",
    born: "f. {year}",
    started: "Ärendet började {date}",
    workers: "Behandlare",
    nothing: "—",
    no_case: "Inget ärende valt.",
    secretary_short: "Soc.sekr.",
};

pub const EN: DetailsText = DetailsText {
    title: "Case details — {code} {family}",
    name: "Case details",
    persons: "Persons",
    secretary: "Social secretary",
    assignment: "Assignment",
    reasons: "Reasons",
    phases: "Phases",
    began: "from {date}",
    goals: "Goals",
    plan_goals: "The plan's goals",
    born: "b. {year}",
    started: "The case began {date}",
    workers: "Workers",
    nothing: "—",
    no_case: "No case selected.",
    secretary_short: "Secretary",
};

impl super::Lang {
    pub fn details(self) -> &'static DetailsText {
        match self {
            super::Lang::Sv => &SV,
            super::Lang::En => &EN,
        }
    }
}
