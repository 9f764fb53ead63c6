//! Report drafts for the social secretary, built section by section from
//! what was written in the period (`sections.rs`), and the follow-up
//! statistics as study 002's tables (`stats.rs`). Pure text: no store, no
//! terminal.

mod doc;
pub mod sections;
mod stats;

use chrono::NaiveDate;

pub use doc::Doc;
pub use stats::stats_text;

use crate::domain::casefile::{CaseFile, live};
use crate::domain::note::Reflection;
use crate::domain::phase::Phase;
use crate::domain::report::ReportKind;
use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Text,
}

/// What a section reads: the case file, the kind of report, its period
/// and the language.
pub struct Scope<'a> {
    pub file: &'a CaseFile,
    pub kind: ReportKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub lang: Lang,
    /// Weeks between two reports, for the next one's date.
    pub report_weeks: u32,
}

impl Scope<'_> {
    pub fn in_period(&self, d: NaiveDate) -> bool {
        d >= self.from && d <= self.to
    }

    /// The reflections dated in the period.
    pub fn reflections(&self) -> Vec<&Reflection> {
        live(&self.file.reflections)
            .filter(|r| self.in_period(r.date))
            .collect()
    }
}

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The scores as a small trend: `3 → 7 ▃▄▅▇`.
fn trend(scores: &[u8]) -> String {
    match (scores.first(), scores.last()) {
        (Some(a), Some(b)) => {
            let bars: String = scores
                .iter()
                .map(|s| BARS[(*s.min(&10) as usize * 7).div_ceil(10)])
                .collect();
            format!("{a} → {b} {bars}")
        }
        _ => String::new(),
    }
}

/// The default period of a report: since the last report sent (or the
/// start) up to today.
pub fn default_period(file: &CaseFile, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    (
        file.last_report_sent().unwrap_or(file.case.body.start),
        today,
    )
}

/// The kind of report a case is due for.
pub fn default_kind(file: &CaseFile) -> ReportKind {
    let case = &file.case.body;
    if case.phase() == Phase::Initial && !file.report_sent(ReportKind::Fas1) {
        ReportKind::Fas1
    } else if case.phase() == Phase::Generalising || case.is_closed() {
        ReportKind::Closing
    } else {
        ReportKind::Progress
    }
}

/// A report draft from what was written between `from` and `to`.
pub fn draft_report(
    file: &CaseFile,
    kind: ReportKind,
    from: NaiveDate,
    to: NaiveDate,
    lang: Lang,
    format: Format,
    report_weeks: u32,
) -> String {
    let scope = Scope {
        file,
        kind,
        from,
        to,
        lang,
        report_weeks,
    };
    let mut doc = Doc::new(format);
    for section in [
        sections::header,
        sections::assignment,
        sections::goals,
        sections::reflections,
        sections::incidents,
        sections::steps,
        sections::ratings,
        sections::child,
        sections::next,
    ] {
        section(&mut doc, &scope);
    }
    doc.finish()
}
