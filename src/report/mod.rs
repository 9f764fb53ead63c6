//! Report drafts for the social secretary, built section by section from
//! what was written in the period (`sections.rs`), and the follow-up
//! statistics as study 002's tables (`stats.rs`). Pure text: no store, no
//! terminal.

mod doc;
pub mod journal;
mod outcomes;
pub mod sections;
mod stats;

use chrono::{NaiveDate, NaiveDateTime};

pub use doc::Doc;
pub use journal::journal_text;
pub use stats::stats_text;

pub use crate::domain::report::{default_kind, default_period};

use crate::domain::casefile::CaseFile;
use crate::domain::note::Reflection;
use crate::domain::record::Record;
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
    /// A lägesrapport also holds what was written after the last report
    /// was registered, whatever its date: nothing falls between two
    /// reports.
    pub since: Option<NaiveDateTime>,
}

impl Scope<'_> {
    pub fn in_period(&self, d: NaiveDate) -> bool {
        d >= self.from && d <= self.to
    }

    /// Whether a record, dated `date`, belongs in the report: live, and
    /// dated in the period or written since the last report.
    pub fn includes<T: Clone + PartialEq>(&self, r: &Record<T>, date: NaiveDate) -> bool {
        r.is_live() && (self.in_period(date) || self.since.is_some_and(|t| r.meta.created_at > t))
    }

    /// The reflections the report holds, week by week.
    pub fn reflections(&self) -> Vec<&Reflection> {
        let mut reflections: Vec<&Reflection> = (self.file.reflections.iter())
            .filter(|r| self.includes(r, r.body.date))
            .map(|r| &r.body)
            .collect();
        reflections.sort_by_key(|r| (r.week, r.date));
        reflections
    }
}

/// When the last report was registered, for a lägesrapport's "written
/// since": the report sent last.
fn last_report_written(file: &CaseFile) -> Option<NaiveDateTime> {
    file.reports
        .iter()
        .filter(|r| r.is_live())
        .max_by_key(|r| (r.body.sent_on, r.meta.created_at))
        .map(|r| r.meta.created_at)
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
        since: (kind == ReportKind::Progress)
            .then(|| last_report_written(file))
            .flatten(),
    };
    let mut doc = Doc::new(format);
    for section in [
        sections::header,
        sections::assignment,
        sections::closing,
        sections::plan,
        sections::goals,
        sections::reflections,
        sections::incidents,
        sections::steps,
        outcomes::ratings,
        outcomes::contacts,
        outcomes::child,
        outcomes::next,
    ] {
        section(&mut doc, &scope);
    }
    doc.finish()
}

#[cfg(test)]
mod tests;
