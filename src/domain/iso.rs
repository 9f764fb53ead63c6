//! Reading the dates of a record as chrono writes them (`2026-10-03`,
//! `2026-10-03T09:00:00`, with a fraction of a second when it has one), a
//! digit at a time rather than through chrono's general parser: most of
//! the time of reading a record went to parsing its dates. Anything of
//! another shape goes to chrono, so what reads is what chrono reads, and
//! what is written does not change.
//!
//! Used as `#[serde(deserialize_with = "iso::date")]` (and `date_time`)
//! on the fields read most: every record's times, the dates of its body.

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserializer;
use serde::de::{self, Visitor};

/// `YYYY-MM-DD`, or None for any other shape.
fn quick_date(s: &[u8]) -> Option<NaiveDate> {
    if s.len() != 10 || s[4] != b'-' || s[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(
        digits(&s[0..4])? as i32,
        digits(&s[5..7])?,
        digits(&s[8..10])?,
    )
}

/// `YYYY-MM-DDTHH:MM:SS` and an optional `.` with one to nine digits, or
/// None for any other shape (a leap second among them).
fn quick_date_time(s: &[u8]) -> Option<NaiveDateTime> {
    if s.len() < 19 || s[10] != b'T' || s[13] != b':' || s[16] != b':' {
        return None;
    }
    let nanos = match &s[19..] {
        [] => 0,
        [b'.', fraction @ ..] if (1..=9).contains(&fraction.len()) => {
            digits(fraction)? * 10u32.pow(9 - fraction.len() as u32)
        }
        _ => return None,
    };
    let (h, m, sec) = (
        digits(&s[11..13])?,
        digits(&s[14..16])?,
        digits(&s[17..19])?,
    );
    if sec > 59 {
        return None;
    }
    quick_date(&s[..10])?.and_hms_nano_opt(h, m, sec, nanos)
}

/// The number of a run of ASCII digits (at most nine).
fn digits(s: &[u8]) -> Option<u32> {
    s.iter().try_fold(0u32, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

/// A visitor of a string read quickly, else by chrono.
struct Quick<T>(fn(&[u8]) -> Option<T>, &'static str);

impl<T: std::str::FromStr<Err = chrono::ParseError>> Visitor<'_> for Quick<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.1)
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<T, E> {
        match (self.0)(s.as_bytes()) {
            Some(v) => Ok(v),
            None => s.parse().map_err(E::custom),
        }
    }
}

pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    d.deserialize_str(Quick(quick_date, "a date"))
}

pub fn date_time<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
    d.deserialize_str(Quick(quick_date_time, "a date and time"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(serde::Deserialize)]
    struct Both {
        #[serde(deserialize_with = "date")]
        day: NaiveDate,
        #[serde(deserialize_with = "date_time")]
        at: NaiveDateTime,
    }

    fn read(day: &str, at: &str) -> Result<Both, serde_json::Error> {
        serde_json::from_str(&format!(r#"{{"day":"{day}","at":"{at}"}}"#))
    }

    proptest! {
        /// Every date and time chrono writes reads back as chrono reads it.
        #[test]
        fn what_chrono_writes_reads_as_chrono_reads_it(
            days in -1_000_000i32..3_000_000,
            secs in 0u32..86_400,
            nanos in prop_oneof![Just(0u32), 0u32..1_000_000_000, Just(1_000_000_000u32)],
        ) {
            let day = NaiveDate::from_num_days_from_ce_opt(days).unwrap();
            // A leap second is the last second of a minute.
            let secs = if nanos >= 1_000_000_000 { secs / 60 * 60 + 59 } else { secs };
            let at = day.and_time(
                chrono::NaiveTime::from_num_seconds_from_midnight_opt(secs, nanos).unwrap(),
            );
            let (d, t) = (day.to_string(), format!("{at:?}"));
            let both = read(&d, &t).unwrap();
            prop_assert_eq!(both.day, d.parse::<NaiveDate>().unwrap());
            prop_assert_eq!(both.at, t.parse::<NaiveDateTime>().unwrap());
            prop_assert_eq!((both.day, both.at), (day, at));
        }

        /// A string of any other shape is accepted or refused as chrono
        /// does.
        #[test]
        fn any_string_reads_as_chrono_reads_it(s in "[0-9T:. +-]{0,24}") {
            let got = read(&s, "2026-01-01T00:00:00").ok().map(|b| b.day);
            prop_assert_eq!(got, s.parse::<NaiveDate>().ok());
            let got = read("2026-01-01", &s).ok().map(|b| b.at);
            prop_assert_eq!(got, s.parse::<NaiveDateTime>().ok());
        }
    }

    #[test]
    fn a_fraction_reads_as_its_digits_say() {
        let at = read("2026-10-03", "2026-10-03T09:00:00.5").unwrap().at;
        assert_eq!(at.and_utc().timestamp_subsec_millis(), 500);
        assert!(read("2026-13-03", "2026-10-03T09:00:00").is_err());
        assert!(read("2026-10-03", "2026-10-03T25:00:00").is_err());
    }
}
