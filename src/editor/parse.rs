//! Reading what a worker typed into a form: a time with its date, a
//! factor line, a person line.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::domain::case::{Person, PersonRole};
use crate::domain::dates::parse_date;
use crate::domain::plan::{FactorKind, parse_factor};
use crate::i18n::fill;
use crate::i18n::forms::FormText;

/// The non-empty lines of a text, trimmed.
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// `2026-11-22 21:00`, `22/11 21:00`, `igår 21.30`, or a date alone (noon).
pub fn parse_when(s: &str, today: NaiveDate) -> Option<NaiveDateTime> {
    let s = s.trim();
    let (date, time) = match s.rsplit_once(' ') {
        Some((d, t)) if t.contains(':') || t.contains('.') => (d, Some(t)),
        _ => (s, None),
    };
    let date = parse_date(date, today).ok()?;
    let time = match time {
        Some(t) => NaiveTime::parse_from_str(&t.replace('.', ":"), "%H:%M").ok()?,
        None => NaiveTime::from_hms_opt(12, 0, 0)?,
    };
    Some(date.and_time(time))
}

/// Every factor line of a text; the first line that is not one is the error.
pub fn parse_factors(text: &str, f: &FormText) -> Result<Vec<(FactorKind, String)>, String> {
    lines(text)
        .iter()
        .map(|l| parse_factor(l).ok_or_else(|| fill(f.bad_factor, &[("line", l)])))
        .collect()
}

/// `Sam, ungdom, 2012` — alias, role, birth year.
pub fn parse_person(line: &str, f: &FormText) -> Person {
    let parts: Vec<&str> = line.split(',').map(str::trim).collect();
    let role_word = parts.get(1).copied().unwrap_or("").to_lowercase();
    let roles = [
        PersonRole::Parent,
        PersonRole::Child,
        PersonRole::YoungPerson,
        PersonRole::Other,
    ];
    let role = f
        .roles
        .iter()
        .position(|r| *r == role_word)
        .map_or(PersonRole::Other, |i| roles[i]);
    let role = match role_word.as_str() {
        "parent" | "förälder" | "mamma" | "pappa" | "mother" | "father" => PersonRole::Parent,
        "child" | "barn" => PersonRole::Child,
        "young person" | "ungdom" | "tonåring" => PersonRole::YoungPerson,
        _ => role,
    };
    Person {
        alias: parts.first().copied().unwrap_or("").to_string(),
        role,
        birth_year: parts.get(2).and_then(|y| y.parse().ok()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn when_reads_the_ways_a_worker_writes_it() {
        let today: NaiveDate = "2026-11-22".parse().unwrap();
        assert_eq!(
            parse_when("2026-11-20 21:00", today).unwrap().to_string(),
            "2026-11-20 21:00:00"
        );
        assert_eq!(
            parse_when("igår 21.30", today).unwrap().to_string(),
            "2026-11-21 21:30:00"
        );
        assert_eq!(
            parse_when("20/11", today).unwrap().to_string(),
            "2026-11-20 12:00:00"
        );
        assert!(parse_when("i fredags", today).is_none());
    }

    #[test]
    fn factors_and_persons() {
        assert_eq!(
            parse_factor("R: trångbott").unwrap(),
            (FactorKind::Risk, "trångbott".into())
        );
        assert_eq!(
            parse_factor("s: mormor").unwrap(),
            (FactorKind::Protective, "mormor".into())
        );
        let p = parse_person("Sam, ungdom, 2012", crate::i18n::Lang::Sv.forms());
        assert_eq!(
            (p.alias.as_str(), p.role, p.birth_year),
            ("Sam", PersonRole::YoungPerson, Some(2012))
        );
    }
}
