//! What the benches share: a store of many cases made from the demo's.

use chrono::Days;
use insats::domain::journal::{Journaled, Transfer};
use insats::domain::record::Record;
use insats::store::export::Export;

/// `cases` cases made from the demo's, each with 100 notes and the demo
/// case's other records.
pub fn large_export(demo: &Export, cases: usize) -> Export {
    let mut out = Export::empty();
    for n in 0..cases {
        let from = &demo.cases[n % demo.cases.len()];
        let code = format!("{}-{n:04}", from.case);
        let mut case = from.clone();
        case.case = code.clone();
        case.body.code = code.clone();
        out.cases.push(case);
        macro_rules! cloned {
            ($($list:ident),*) => {$(
                for r in demo.$list.iter().filter(|r| r.case == from.case) {
                    let mut r = r.clone();
                    r.case = code.clone();
                    out.$list.push(r);
                }
            )*};
        }
        cloned!(
            plans,
            goals,
            factors,
            reflections,
            incidents,
            ratings,
            reports,
            follow_ups
        );
        let notes: Vec<_> = demo.notes.iter().filter(|r| r.case == from.case).collect();
        for seq in 1..=100u32 {
            let Some(base) = notes.get(seq as usize % notes.len().max(1)) else {
                break;
            };
            let mut r = (*base).clone();
            r.case = code.clone();
            r.seq = seq;
            r.body.date = from.body.start + Days::new(u64::from(seq) * 2);
            // Entered into the journal the day after, as a worker does;
            // every tenth case owes its last two.
            if n % 10 != 0 || seq <= 98 {
                let entered = Transfer {
                    kind: Journaled::Note,
                    seq,
                    version: r.history.len() as u32,
                    on: r.body.date + Days::new(1),
                    reference: String::new(),
                };
                let mut t = Record::new(&code, seq, entered, &r.meta.created_by, r.meta.created_at);
                t.meta = r.meta.clone();
                out.transfers.push(t);
            }
            out.notes.push(r);
        }
    }
    out
}
