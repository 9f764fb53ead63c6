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

/// The words taken for each role besides the catalogue's own (in either
/// language), as workers write them: "mamma", "son", "bonuspappa".
const ROLE_WORDS: [(PersonRole, &[&str]); 4] = [
    (
        PersonRole::Parent,
        &[
            "förälder",
            "mamma",
            "pappa",
            "mor",
            "far",
            "bonusmamma",
            "bonuspappa",
            "styvmor",
            "styvfar",
            "vårdnadshavare",
            "parent",
            "mother",
            "father",
            "mum",
            "mom",
            "dad",
            "stepmother",
            "stepfather",
            "guardian",
        ],
    ),
    (
        PersonRole::Child,
        &[
            "barn",
            "son",
            "dotter",
            "bonusbarn",
            "syskon",
            "bror",
            "syster",
            "child",
            "daughter",
            "stepchild",
            "sibling",
            "brother",
            "sister",
        ],
    ),
    (
        PersonRole::YoungPerson,
        &["ungdom", "tonåring", "young person", "youth", "teenager"],
    ),
    (PersonRole::Other, &["annan", "other"]),
];

/// `Sam, ungdom, 2012` — alias, role, birth year. A role word that is not
/// taken, or a birth year that is not one, is refused with the words that
/// are (never saved as something else); no role at all is "other".
pub fn parse_person(line: &str, f: &FormText) -> Result<Person, String> {
    let parts: Vec<&str> = line.split(',').map(str::trim).collect();
    let role_word = parts.get(1).copied().unwrap_or("").to_lowercase();
    let role = if role_word.is_empty() {
        Some(PersonRole::Other)
    } else {
        ROLE_WORDS
            .iter()
            .find(|(_, words)| words.contains(&role_word.as_str()))
            .map(|(role, _)| *role)
            .or_else(|| {
                let i = f.roles.iter().position(|r| *r == role_word)?;
                Some(ROLE_WORDS[i].0)
            })
    };
    let Some(role) = role else {
        return Err(fill(
            f.bad_role,
            &[("line", line), ("roles", &f.roles.join(", "))],
        ));
    };
    let birth_year = match parts.get(2).filter(|y| !y.is_empty()) {
        None => None,
        Some(y) => match y.parse::<u16>() {
            Ok(year) if (1900..=2200).contains(&year) => Some(year),
            _ => return Err(fill(f.bad_birth_year, &[("line", line)])),
        },
    };
    Ok(Person {
        alias: parts.first().copied().unwrap_or("").to_string(),
        role,
        birth_year,
    })
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
        let sv = crate::i18n::Lang::Sv.forms();
        let p = parse_person("Sam, ungdom, 2012", sv).unwrap();
        assert_eq!(
            (p.alias.as_str(), p.role, p.birth_year),
            ("Sam", PersonRole::YoungPerson, Some(2012))
        );
    }

    #[test]
    fn a_person_takes_the_common_words_for_roles_and_refuses_others() {
        let sv = crate::i18n::Lang::Sv.forms();
        let role = |line: &str| parse_person(line, sv).map(|p| p.role);
        assert_eq!(role("Noah, son, 2012"), Ok(PersonRole::Child));
        assert_eq!(role("Ella, Dotter, 2015"), Ok(PersonRole::Child));
        assert_eq!(role("Karin, mamma, 1980"), Ok(PersonRole::Parent));
        assert_eq!(role("Leo, bonuspappa"), Ok(PersonRole::Parent));
        assert_eq!(role("Sam, young person"), Ok(PersonRole::YoungPerson));
        assert_eq!(role("Mormor Siv"), Ok(PersonRole::Other));
        // A word not taken is refused, naming the line and the roles.
        let err = role("Noah, sonen, 2012").unwrap_err();
        assert!(err.contains("Noah, sonen, 2012"), "{err}");
        assert!(err.contains("förälder, barn, ungdom, annan"), "{err}");
        let en = crate::i18n::Lang::En.forms();
        let err = parse_person("Noah, kid", en).unwrap_err();
        assert!(err.contains("parent, child, young person, other"), "{err}");
        assert!(parse_person("Noah, son, tolv", sv).is_err());
    }
}
