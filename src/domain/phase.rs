//! The three phases of the programme and their steps (moment), as
//! 000 "Vårt arbetssätt" lists them.

use serde::{Deserialize, Serialize};

/// Fas — a phase of the treatment programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Phase {
    /// Fas 1 Inledande arbete, 3–6 weeks.
    Initial,
    /// Fas 2 Behandlingsarbete, at most 20 weeks per goal.
    Treatment,
    /// Fas 3 Generaliserande arbete, 6–8 weeks.
    Generalising,
}

impl Phase {
    pub const ALL: [Phase; 3] = [Phase::Initial, Phase::Treatment, Phase::Generalising];

    pub fn number(self) -> u8 {
        match self {
            Phase::Initial => 1,
            Phase::Treatment => 2,
            Phase::Generalising => 3,
        }
    }

    pub fn next(self) -> Option<Phase> {
        match self {
            Phase::Initial => Some(Phase::Treatment),
            Phase::Treatment => Some(Phase::Generalising),
            Phase::Generalising => None,
        }
    }

    pub fn prev(self) -> Option<Phase> {
        match self {
            Phase::Initial => None,
            Phase::Treatment => Some(Phase::Initial),
            Phase::Generalising => Some(Phase::Treatment),
        }
    }

    /// The steps of this phase, in the programme's order.
    pub fn steps(self) -> &'static [Step] {
        use Step::*;
        match self {
            Phase::Initial => &[
                Alliance,
                ImplementationPlan,
                InitialMapping,
                FirstRating,
                Fas1Report,
            ],
            Phase::Treatment => &[
                GoalReflections,
                IncidentAnalyses,
                MethodBank,
                ProgressReports,
            ],
            Phase::Generalising => &[
                NetworkWork,
                NewGoalFocus,
                ClosingMeeting,
                ClosingReport,
                ClosingRating,
                FamilyFollowUp,
            ],
        }
    }
}

/// Moment — a step of a phase, checked off with the date it was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Step {
    /// Alliansskapande.
    Alliance,
    /// Genomförandeplan (BBIC).
    ImplementationPlan,
    /// Inledande kartläggning av risk- och skyddsfaktorer.
    InitialMapping,
    /// Första skattning (APQ, CBCL).
    FirstRating,
    /// Behandlingsrapport (insats- eller lägesrapport) closing Fas 1.
    Fas1Report,
    /// Målreflektioner, weekly.
    GoalReflections,
    /// Händelseanalyser och fortsatt kartläggning.
    IncidentAnalyses,
    /// Metodbank (KBT, MI, F-KBT, rePULSE …).
    MethodBank,
    /// Behandlingsrapport every 6 weeks.
    ProgressReports,
    /// Nätverksarbete och systemanalyser.
    NetworkWork,
    /// Ny målfokusering.
    NewGoalFocus,
    /// Avslutande möte med socialsekreterare.
    ClosingMeeting,
    /// Avslutsrapport.
    ClosingReport,
    /// Avslutande skattning.
    ClosingRating,
    /// Avslutsuppföljning med familjen (study 002).
    FamilyFollowUp,
}

impl Step {
    pub fn phase(self) -> Phase {
        Phase::ALL
            .into_iter()
            .find(|p| p.steps().contains(&self))
            .expect("every step belongs to a phase")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_hold_the_programmes_steps_in_order() {
        assert_eq!(Phase::Initial.steps().len(), 5);
        assert_eq!(Phase::Treatment.steps().len(), 4);
        assert_eq!(Phase::Generalising.steps().len(), 6);
        assert_eq!(Phase::Initial.steps()[1], Step::ImplementationPlan);
        for phase in Phase::ALL {
            for step in phase.steps() {
                assert_eq!(step.phase(), phase);
            }
        }
    }

    #[test]
    fn phases_move_one_at_a_time() {
        assert_eq!(Phase::Initial.next(), Some(Phase::Treatment));
        assert_eq!(Phase::Generalising.next(), None);
        assert_eq!(Phase::Initial.prev(), None);
        assert_eq!(Phase::Generalising.prev(), Some(Phase::Treatment));
    }
}
