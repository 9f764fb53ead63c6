//! Händelseanalys — an incident chain analysis.
//!
//! `i` opens [`form`] (`Enter` in pane 4 opens the selected analysis): when
//! and where, who was present, the linked goal, the behaviour, the chain
//! link by link with its break point, what could have broken it, the risk
//! and protective factors found (`R: …` / `S: …`), the plan for next time,
//! the child's own account and a review date. `Ctrl-S` runs [`write`]: the
//! incident and the factors it found are written in one transaction; a
//! factor taken out of the analysis is marked removed, not erased.

use super::parse::{parse_factors, parse_when};
use super::read::Read;
use super::{Ctx, Fail, Field, Form, FormKind, Saved, Writer, Written, active_goals};
use crate::domain::casefile::CaseFile;
use crate::domain::incident::Incident;
use crate::domain::plan::factor_line;
use crate::domain::plan::{Factor, FactorKind, FactorSource};
use crate::domain::record::Record;
use crate::i18n::fill;
use crate::store::{Batch, StoreError};

pub fn form(cx: &Ctx, file: &CaseFile, seq: Option<u32>) -> Form {
    let f = cx.forms();
    let now = cx.now;
    let existing: Option<&Incident> = seq
        .and_then(|s| file.incidents.iter().find(|i| i.seq == s))
        .map(|r| &r.body);
    let goals = active_goals(file);
    let mut goal_options = vec![f.none.to_string()];
    goal_options.extend(goals.iter().map(|(_, t)| t.clone()));
    let goal = existing
        .and_then(|i| i.goal)
        .and_then(|g| goals.iter().position(|(s, _)| *s == g))
        .map_or(0, |i| i + 1);
    let when = existing
        .map_or(now, |i| i.when)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let factors = existing
        .map(|i| {
            i.factors
                .iter()
                // A factor taken out of the analysis stays out.
                .filter_map(|s| file.factors.iter().find(|x| x.seq == *s && x.is_live()))
                .map(|x| factor_line(&x.body))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default();
    let e = |g: fn(&Incident) -> &str| existing.map_or(String::new(), |i| g(i).to_string());
    let fields = vec![
        Field::line("when", f.when, &when),
        Field::line("place", f.where_, &e(|i| &i.place)),
        Field::line("present", f.present, &e(|i| &i.present)),
        Field::choice("goal", f.linked_goal, goal_options, goal),
        Field::text("behaviour", f.behaviour, &e(|i| &i.behaviour)),
        Field::chain(
            "chain",
            f.chain,
            existing.map_or(Vec::new(), |i| i.chain.clone()),
            existing.and_then(|i| i.break_point),
        ),
        Field::text("could_break", f.could_break, &e(|i| &i.could_break)),
        Field::text("factors", f.factors, &factors),
        Field::text("plan_next", f.plan_next, &e(|i| &i.plan_next_time)),
        Field::text("child_account", f.child_account, &e(|i| &i.child_account)),
        Field::date(
            "review_on",
            f.review_on,
            &existing
                .and_then(|i| i.review_on)
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
    ];
    let kind = FormKind::Incident {
        case: file.code().to_string(),
        seq,
        goals: goals.iter().map(|(s, _)| *s).collect(),
    };
    Form::new(
        kind,
        cx.title(f.incident, file),
        fields,
        if seq.is_some() { "chain" } else { "behaviour" },
    )
}

/// `Ctrl-S`: the incident and the factors it found, in one transaction.
pub fn write(w: &Writer, form: &Form, case: &str, seq: Option<u32>, goals: &[u32]) -> Written {
    let r = Read::new(form, &w.cx);
    let (store, file) = (w.store, w.file);
    let text = form.text("when");
    let when = parse_when(&text, w.cx.today)
        .ok_or_else(|| Fail::Field("when", fill(r.f.bad_date, &[("input", text.trim())])))?;
    let review_on = r.date_opt("review_on")?;
    let (chain, break_point) = form.chain("chain");
    let goal = form
        .choice("goal")
        .checked_sub(1)
        .and_then(|i| goals.get(i).copied());
    let wanted =
        parse_factors(&form.text("factors"), r.f).map_err(|m| Fail::Field("factors", m))?;
    let existing = seq.and_then(|s| file.and_then(|f| f.incidents.iter().find(|i| i.seq == s)));
    // A new incident takes the next number (one session holds the store,
    // none can be taken in between).
    let incident_seq = match seq {
        Some(s) => s,
        None => store.next_seq::<Incident>(case)?,
    };
    let mut batch = Batch::default();
    let found = Found {
        case,
        incident: incident_seq,
        on: when.date(),
    };
    let factors = found.factors(w, existing.map(|e| &e.body), &wanted, &mut batch)?;
    let body = Incident {
        when,
        place: form.text("place").trim().to_string(),
        present: form.text("present").trim().to_string(),
        goal,
        behaviour: form.text("behaviour").trim_end().to_string(),
        chain,
        break_point,
        could_break: form.text("could_break").trim_end().to_string(),
        factors,
        plan_next_time: form.text("plan_next").trim_end().to_string(),
        child_account: form.text("child_account").trim_end().to_string(),
        review_on,
    };
    let (by, now) = (w.cx.worker, w.cx.now);
    let record = match existing {
        Some(e) => {
            let mut record = e.clone();
            record.edit(body, by, now);
            record
        }
        None => Record::new(case, incident_seq, body, by, now),
    };
    batch.put(&record)?;
    batch.drop_draft(&w.draft);
    store.commit(batch)?;
    Ok(Saved {
        case: case.to_string(),
        seq: Some(record.seq),
        message: None,
    })
}

/// The factors an incident analysis found (000: "synliggörs ofta fler
/// risk- och skyddsfaktorer"): they become Factors of the case.
struct Found<'a> {
    case: &'a str,
    incident: u32,
    on: chrono::NaiveDate,
}

impl Found<'_> {
    /// Puts into `batch` the factors `wanted` that are new, and marks
    /// removed the ones of `existing` no longer wanted; returns the
    /// incident's factor numbers.
    fn factors(
        &self,
        w: &Writer,
        existing: Option<&Incident>,
        wanted: &[(FactorKind, String)],
        batch: &mut Batch,
    ) -> Result<Vec<u32>, StoreError> {
        let (by, now) = (w.cx.worker, w.cx.now);
        let old: Vec<&Record<Factor>> = existing
            .map(|i| {
                i.factors
                    .iter()
                    .filter_map(|s| w.file.and_then(|f| f.factors.iter().find(|x| x.seq == *s)))
                    .collect()
            })
            .unwrap_or_default();
        for f in &old {
            if !wanted
                .iter()
                .any(|(k, t)| f.body.kind == *k && f.body.text == *t)
            {
                let mut f = (*f).clone();
                f.remove(w.cx.forms().factor_dropped, by, now);
                batch.put(&f)?;
            }
        }
        let mut next = w.store.next_seq::<Factor>(self.case)?;
        let mut factors = Vec::new();
        for (kind, text) in wanted {
            if let Some(f) = old
                .iter()
                .find(|f| f.body.text == *text && f.body.kind == *kind)
            {
                factors.push(f.seq);
                continue;
            }
            let body = Factor {
                kind: *kind,
                text: text.clone(),
                area: None,
                noted_on: self.on,
                source: FactorSource::Incident(self.incident),
            };
            batch.put(&Record::new(self.case, next, body, by, now))?;
            factors.push(next);
            next += 1;
        }
        Ok(factors)
    }
}
