//! Dates as a worker types them: `2026-11-22`, `22/11`, `idag`, `igår`.

use chrono::{Datelike, Days, NaiveDate};

/// A date that could not be read; the message names the accepted forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadDate(pub String);

impl std::fmt::Display for BadDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "'{}' is not a date (use YYYY-MM-DD, DD/MM, today or yesterday, years {FIRST_YEAR}–{LAST_YEAR})",
            crate::domain::text::escape(&self.0, crate::domain::text::Lines::One)
        )
    }
}

/// The years a date of this work can fall in. Year 0000 or 9999 is a slip
/// of the keyboard, not a visit: refused like any date that does not exist.
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2100;

/// Whether `date` lies in the years insats takes.
pub fn plausible(date: NaiveDate) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&date.year())
}

impl std::error::Error for BadDate {}

/// Reads a strict ISO date, `YYYY-MM-DD`.
pub fn parse_iso_date(input: &str) -> Result<NaiveDate, BadDate> {
    let s = input.trim();
    let ok_shape = s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) if ok_shape && plausible(d) => Ok(d),
        _ => Err(BadDate(input.to_string())),
    }
}

/// Reads a date in any of the forms a form field accepts, relative to
/// `today`: ISO, `DD/MM` (this year), `DD/MM/YYYY`, and the words
/// idag/today, igår/yesterday, imorgon/tomorrow in either language.
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, BadDate> {
    let s = input.trim().to_lowercase();
    let bad = || BadDate(input.to_string());
    match s.as_str() {
        "idag" | "i dag" | "today" if plausible(today) => return Ok(today),
        "igår" | "i går" | "yesterday" => {
            return today
                .checked_sub_days(Days::new(1))
                .filter(|d| plausible(*d))
                .ok_or_else(bad);
        }
        "imorgon" | "i morgon" | "tomorrow" => {
            return today
                .checked_add_days(Days::new(1))
                .filter(|d| plausible(*d))
                .ok_or_else(bad);
        }
        _ => {}
    }
    if s.contains('-') {
        return parse_iso_date(&s).map_err(|_| bad());
    }
    let parts: Vec<&str> = s.split('/').collect();
    let num = |p: &str| -> Result<u32, BadDate> {
        if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        p.parse().map_err(|_| bad())
    };
    let (day, month, year) = match parts.as_slice() {
        [d, m] => (num(d)?, num(m)?, today.year()),
        [d, m, y] => (num(d)?, num(m)?, num(y)? as i32),
        _ => return Err(bad()),
    };
    NaiveDate::from_ymd_opt(year, month, day)
        .filter(|d| plausible(*d))
        .ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn every_accepted_form() {
        let today = d("2026-11-22");
        assert_eq!(parse_date("2026-11-22", today), Ok(today));
        assert_eq!(parse_date("22/11", today), Ok(today));
        assert_eq!(parse_date("1/3/2027", today), Ok(d("2027-03-01")));
        assert_eq!(parse_date("idag", today), Ok(today));
        assert_eq!(parse_date("Today", today), Ok(today));
        assert_eq!(parse_date("igår", today), Ok(d("2026-11-21")));
        assert_eq!(parse_date("yesterday", today), Ok(d("2026-11-21")));
    }

    #[test]
    fn bad_dates_are_refused() {
        let today = d("2026-11-22");
        for s in [
            "2026-13-01",
            "2026-02-30",
            "31/2",
            "",
            "x",
            "22/11/",
            "2026-1-1",
            "//",
            "1/2/3/4",
        ] {
            assert!(parse_date(s, today).is_err(), "{s} should be refused");
        }
        assert!(parse_iso_date("22/11").is_err());
        assert!(parse_iso_date("2026-11-22").is_ok());
    }

    #[test]
    fn years_outside_the_work_are_refused() {
        let today = d("2026-11-22");
        for s in [
            "0000-01-01",
            "1899-12-31",
            "2101-01-01",
            "9999-12-31",
            "1/1/0",
            "1/1/12",
        ] {
            assert!(parse_date(s, today).is_err(), "{s} should be refused");
        }
        assert!(parse_iso_date("0000-01-01").is_err());
        assert_eq!(parse_date("1900-01-01", today), Ok(d("1900-01-01")));
        assert_eq!(parse_date("31/12/2100", today), Ok(d("2100-12-31")));
        // A far-off `today` cannot smuggle one in either.
        assert!(parse_date("idag", d("0001-01-01")).is_err());
        assert!(parse_date("imorgon", d("2100-12-31")).is_err());
    }

    #[test]
    fn a_bad_date_is_named_without_its_control_characters() {
        let e = parse_date("2026\u{1b}]0;x", d("2026-11-22")).unwrap_err();
        assert!(!e.to_string().contains('\u{1b}'), "{e}");
        assert!(e.to_string().contains("\\x1b"), "{e}");
    }

    #[test]
    fn leap_day() {
        let today = d("2028-01-10");
        assert_eq!(parse_date("29/2", today), Ok(d("2028-02-29")));
        assert!(parse_date("29/2/2027", today).is_err());
    }
}
