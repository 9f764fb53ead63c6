//! The follow-up statistics of study 002: for the cases closed in a
//! period, who was asked, what they answered, and how the ratings moved.

use chrono::NaiveDate;
use serde::Serialize;

use super::casefile::CaseFile;
use super::figures::{Figures, Month, Outcome};
use super::rating::APQ_SUBSCALES;
use super::report::{Answer, Mode};

/// The bands of study 002's table 2: 1–3, 4–5, 5.5–6. A half point between
/// two bands (3.5, 5) goes to the lower: 3.5 is "1–3", 5 is "4–5".
pub fn band(expectations: f32) -> usize {
    if expectations < 4.0 {
        0
    } else if expectations < 5.5 {
        1
    } else {
        2
    }
}

/// One APQ subscale's mean change from the initial to the closing rating.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubscaleChange {
    pub subscale: String,
    /// Cases with both ratings.
    pub cases: usize,
    pub mean_change: f64,
    /// Cases that changed the better way.
    pub improved: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Cases closed in the period.
    pub closed: usize,
    /// Families interviewed (asked and took part).
    pub interviewed: usize,
    /// Persons interviewed: a family may have two, interviewed apart.
    pub persons: usize,
    /// Persons interviewed in person, by phone, and in follow-ups that did
    /// not record how.
    pub in_person: usize,
    pub by_phone: usize,
    pub mode_unknown: usize,
    /// Declined to take part.
    pub declined: usize,
    /// Not asked: moved, unreachable, other.
    pub not_asked_moved: usize,
    pub not_asked_unreachable: usize,
    pub not_asked_other: usize,
    /// Closed cases with no follow-up registered yet.
    pub no_follow_up: usize,
    /// Expectations met: answers in the bands 1–3, 4–5, 5.5–6.
    pub bands: [usize; 3],
    /// Persons interviewed who gave no figure. The bands, the means and
    /// the plan and contact answers count persons, as study 002 does.
    pub expectations_declined: usize,
    pub expectations_mean: Option<f64>,
    /// Had a plan: yes, no, unsure — families, as study 002 counts them
    /// ([`family_plan_answer`]).
    pub had_plan: [usize; 3],
    pub mean_with_plan: Option<f64>,
    pub mean_without_plan: Option<f64>,
    /// Would contact again: yes, no, unsure.
    pub contact_again: [usize; 3],
    /// Families where the child answered too.
    pub child_answers: usize,
    /// Notes in the closed cases, and those in which the child took part.
    pub notes: usize,
    pub notes_with_child: usize,
    /// APQ subscales, initial to closing.
    pub apq: Vec<SubscaleChange>,
}

fn mean(values: &[f32]) -> Option<f64> {
    (!values.is_empty())
        .then(|| values.iter().map(|v| f64::from(*v)).sum::<f64>() / values.len() as f64)
}

/// A family's answer to the plan question from its persons' answers: yes
/// when anyone of it knew of a plan, no only when everyone said no, unsure
/// otherwise. Study 002 counts families here, so a family whose two
/// persons answered differently counts once. None for no answers.
pub fn family_plan_answer(answers: &[Answer]) -> Option<Answer> {
    if answers.is_empty() {
        None
    } else if answers.contains(&Answer::Yes) {
        Some(Answer::Yes)
    } else if answers.iter().all(|a| *a == Answer::No) {
        Some(Answer::No)
    } else {
        Some(Answer::Unsure)
    }
}

fn answer_index(a: Answer) -> usize {
    match a {
        Answer::Yes => 0,
        Answer::No => 1,
        Answer::Unsure => 2,
    }
}

/// The statistics of the cases closed between `from` and `to` (whole
/// months: a case closed in the month of `from` or of `to` counts; open-ended
/// when not given).
pub fn follow_up_stats(
    files: &[CaseFile],
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Stats {
    let mut taken = FollowUps::new(from, to);
    for file in files {
        taken.add_file(file);
    }
    taken.finish()
}

/// [`follow_up_stats`] taken a case at a time, from each case's
/// [`Figures`]: a case read whole, or what stays of one removed.
#[derive(Debug)]
pub struct FollowUps {
    s: Stats,
    months: (Option<Month>, Option<Month>),
    /// Expectations met, of every person, and of those who had a plan or
    /// had none.
    all: Vec<f32>,
    with_plan: Vec<f32>,
    without_plan: Vec<f32>,
    /// Each APQ subscale's change in each case, and whether it improved.
    changes: Vec<Vec<(f32, bool)>>,
}

impl FollowUps {
    /// Of the cases closed between `from` and `to`.
    pub fn new(from: Option<NaiveDate>, to: Option<NaiveDate>) -> FollowUps {
        FollowUps {
            s: Stats {
                from,
                to,
                ..Stats::default()
            },
            months: (from.map(Month::of), to.map(Month::of)),
            all: Vec::new(),
            with_plan: Vec::new(),
            without_plan: Vec::new(),
            changes: vec![Vec::new(); APQ_SUBSCALES.len()],
        }
    }

    /// Counts `file` when it is closed, in the period.
    pub fn add_file(&mut self, file: &CaseFile) {
        if let Some(figures) = Figures::of(file, String::new()) {
            self.add(&figures);
        }
    }

    /// Counts a closed case's figures when it was closed in the period.
    pub fn add(&mut self, f: &Figures) {
        let s = &mut self.s;
        let (from, to) = self.months;
        if from.is_some_and(|m| f.closed < m) || to.is_some_and(|m| f.closed > m) {
            return;
        }
        s.closed += 1;
        s.notes += f.notes() as usize;
        s.notes_with_child += f.with_child as usize;
        match &f.follow_up {
            Outcome::None => s.no_follow_up += 1,
            Outcome::Declined => s.declined += 1,
            Outcome::Moved => s.not_asked_moved += 1,
            Outcome::Unreachable => s.not_asked_unreachable += 1,
            Outcome::OtherNotAsked => s.not_asked_other += 1,
            Outcome::Interviewed {
                persons,
                child_answered,
            } => {
                // Families for who was asked; persons for what they said.
                s.interviewed += 1;
                s.child_answers += usize::from(*child_answered);
                let answers: Vec<Answer> = persons.iter().map(|p| p.had_plan).collect();
                if let Some(answer) = family_plan_answer(&answers) {
                    s.had_plan[answer_index(answer)] += 1;
                }
                for p in persons {
                    s.persons += 1;
                    match p.mode {
                        Some(Mode::InPerson) => s.in_person += 1,
                        Some(Mode::Phone) => s.by_phone += 1,
                        None => s.mode_unknown += 1,
                    }
                    s.contact_again[answer_index(p.would_contact_again)] += 1;
                    match p.expectations_met {
                        Some(e) => {
                            s.bands[band(e)] += 1;
                            self.all.push(e);
                            match p.had_plan {
                                Answer::Yes => self.with_plan.push(e),
                                Answer::No => self.without_plan.push(e),
                                Answer::Unsure => {}
                            }
                        }
                        None => s.expectations_declined += 1,
                    }
                }
            }
        }
        for c in &f.apq {
            if let Some(i) = APQ_SUBSCALES.iter().position(|(n, _)| *n == c.subscale) {
                self.changes[i].push((c.change, c.improved));
            }
        }
    }

    /// The statistics of every case added.
    pub fn finish(self) -> Stats {
        let mut s = self.s;
        s.expectations_mean = mean(&self.all);
        s.mean_with_plan = mean(&self.with_plan);
        s.mean_without_plan = mean(&self.without_plan);
        s.apq = APQ_SUBSCALES
            .iter()
            .zip(self.changes)
            .filter(|(_, c)| !c.is_empty())
            .map(|((name, _), c)| SubscaleChange {
                subscale: name.to_string(),
                cases: c.len(),
                mean_change: c.iter().map(|(v, _)| f64::from(*v)).sum::<f64>() / c.len() as f64,
                improved: c.iter().filter(|(_, better)| *better).count(),
            })
            .collect();
        s
    }
}

#[cfg(test)]
mod tests {
    use super::band;

    #[test]
    fn bands_of_study_002() {
        assert_eq!([band(1.0), band(3.0), band(3.5)], [0, 0, 0]);
        assert_eq!([band(4.0), band(4.5), band(5.0)], [1, 1, 1]);
        assert_eq!([band(5.5), band(6.0)], [2, 2]);
    }

    #[test]
    fn a_family_answers_the_plan_question_once() {
        use super::family_plan_answer;
        use crate::domain::report::Answer::{No, Unsure, Yes};
        assert_eq!(family_plan_answer(&[Yes, No]), Some(Yes));
        assert_eq!(family_plan_answer(&[No, No]), Some(No));
        assert_eq!(family_plan_answer(&[No, Unsure]), Some(Unsure));
        assert_eq!(family_plan_answer(&[Unsure]), Some(Unsure));
        assert_eq!(family_plan_answer(&[]), None);
    }

    #[test]
    fn a_family_of_two_interviewed_counts_once_for_the_plan_and_twice_for_grades() {
        use super::FollowUps;
        use crate::domain::case::Case;
        use crate::domain::casefile::CaseFile;
        use crate::domain::record::Record;
        use crate::domain::report::{
            Answer, FollowUp, FollowUpOutcome, Interview, Mode, PersonInterview, Respondent,
        };
        let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        let at = d("2026-11-01").and_hms_opt(9, 0, 0).unwrap();
        let mut case = Case::new("2026-001", "Fam", d("2026-05-01"));
        case.close(d("2026-11-01"), "klart");
        let mut file = CaseFile::new(Record::new("2026-001", 0, case, "AS", at));
        let person = |had_plan, grade| PersonInterview {
            mode: Mode::InPerson,
            interview: Interview {
                respondent: Respondent::Parent,
                expectations_met: Some(grade),
                had_plan,
                worked_well: vec![],
                worked_less_well: vec![],
                helped_as_parent: String::new(),
                would_contact_again: Answer::Yes,
                comment: String::new(),
                child: None,
            },
        };
        let outcome = FollowUpOutcome::Interviewed {
            persons: vec![person(Answer::Yes, 5.0), person(Answer::Yes, 4.0)],
            child: None,
        };
        let follow_up = FollowUp {
            date: d("2026-11-10"),
            outcome,
        };
        file.follow_ups
            .push(Record::new("2026-001", 1, follow_up, "AS", at));
        let mut all = FollowUps::new(None, None);
        all.add_file(&file);
        let s = all.finish();
        assert_eq!((s.interviewed, s.persons), (1, 2));
        assert_eq!(s.had_plan, [1, 0, 0]);
        assert_eq!(s.bands.iter().sum::<usize>(), 2);
        assert_eq!(s.mean_with_plan, Some(4.5));
    }
}
