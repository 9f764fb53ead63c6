//! Skattning — ratings by a standard instrument (APQ, CBCL) or a custom
//! one. Only scores are stored, never the instruments' item texts.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Instrument {
    /// Alabama Parenting Questionnaire.
    Apq,
    /// Child Behavior Checklist.
    Cbcl,
    Custom(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Occasion {
    Initial,
    Interim,
    Closing,
}

/// Which way a subscale improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Better {
    Higher,
    Lower,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubscaleScore {
    pub name: String,
    pub better: Better,
    pub score: f32,
}

/// The APQ subscales with the direction that is better.
pub const APQ_SUBSCALES: [(&str, Better); 5] = [
    ("involvement", Better::Higher),
    ("positive_parenting", Better::Higher),
    ("poor_monitoring", Better::Lower),
    ("inconsistent_discipline", Better::Lower),
    ("corporal_punishment", Better::Lower),
];

/// The CBCL broad-band scales; fewer problems is better.
pub const CBCL_SUBSCALES: [(&str, Better); 3] = [
    ("internalizing", Better::Lower),
    ("externalizing", Better::Lower),
    ("total_problems", Better::Lower),
];

/// Skattning — a rating on one occasion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rating {
    pub instrument: Instrument,
    pub occasion: Occasion,
    #[serde(deserialize_with = "super::iso::date")]
    pub date: NaiveDate,
    pub informant: String,
    pub scores: Vec<SubscaleScore>,
}

impl Rating {
    /// An empty rating with the instrument's subscales preset at 0.
    pub fn preset(instrument: Instrument, occasion: Occasion, date: NaiveDate) -> Rating {
        let scales: &[(&str, Better)] = match instrument {
            Instrument::Apq => &APQ_SUBSCALES,
            Instrument::Cbcl => &CBCL_SUBSCALES,
            Instrument::Custom(_) => &[],
        };
        let scores = scales
            .iter()
            .map(|(name, better)| SubscaleScore {
                name: name.to_string(),
                better: *better,
                score: 0.0,
            })
            .collect();
        Rating {
            instrument,
            occasion,
            date,
            informant: String::new(),
            scores,
        }
    }
}

/// One subscale of a closing rating beside the initial one.
#[derive(Debug, Clone, PartialEq)]
pub struct SubscaleChange {
    pub name: String,
    pub initial: f32,
    pub closing: f32,
    /// closing − initial.
    pub change: f32,
    /// Whether the change goes the better way (None when unchanged).
    pub improved: Option<bool>,
}

/// The closing rating beside the initial one, subscale by subscale.
pub fn compare(initial: &Rating, closing: &Rating) -> Vec<SubscaleChange> {
    closing
        .scores
        .iter()
        .filter_map(|c| {
            let i = initial.scores.iter().find(|s| s.name == c.name)?;
            let change = c.score - i.score;
            let improved = if change == 0.0 {
                None
            } else {
                Some((change > 0.0) == (c.better == Better::Higher))
            };
            Some(SubscaleChange {
                name: c.name.clone(),
                initial: i.score,
                closing: c.score,
                change,
                improved,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_beside_initial_knows_which_way_is_better() {
        let d: NaiveDate = "2026-05-01".parse().unwrap();
        let mut a = Rating::preset(Instrument::Apq, Occasion::Initial, d);
        let mut b = Rating::preset(Instrument::Apq, Occasion::Closing, d);
        a.scores[0].score = 30.0; // involvement, higher is better
        b.scores[0].score = 35.0;
        a.scores[4].score = 6.0; // corporal punishment, lower is better
        b.scores[4].score = 4.0;
        a.scores[2].score = 20.0; // poor monitoring, lower is better
        b.scores[2].score = 24.0;
        let c = compare(&a, &b);
        assert_eq!(c.len(), 5);
        assert_eq!(c[0].improved, Some(true));
        assert_eq!(c[4].improved, Some(true));
        assert_eq!(c[4].change, -2.0);
        assert_eq!(c[2].improved, Some(false));
        assert_eq!(c[1].improved, None);
    }
}
