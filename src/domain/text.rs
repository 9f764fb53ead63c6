//! Control characters in text. C0 (U+0000–U+001F), DEL and C1
//! (U+0080–U+009F) are how a terminal is told to move its cursor, set its
//! window title (OSC 0) or write the clipboard (OSC 52); a label or a note
//! that carries them would do that wherever it is printed. They are refused
//! where text comes in — newline and tab only in text of several lines —
//! and escaped wherever text goes out.

use std::borrow::Cow;

/// What a piece of text is, for the rule on control characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// A label, a name, a code: no control character at all.
    One,
    /// A note's or a report's text: newline and tab allowed.
    Many,
}

/// A control character found in input: which one, and where (counted in
/// characters from 1, as a person counts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ControlChar {
    pub ch: char,
    pub position: usize,
}

impl ControlChar {
    /// `U+001B` — how the character is named in messages, never itself.
    pub fn code(&self) -> String {
        format!("U+{:04X}", self.ch as u32)
    }
}

/// C0, DEL or C1.
pub fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

fn allowed(c: char, lines: Lines) -> bool {
    !is_control(c) || (lines == Lines::Many && (c == '\n' || c == '\t'))
}

/// The first control character `text` may not hold, if any.
pub fn find_control(text: &str, lines: Lines) -> Option<ControlChar> {
    text.chars()
        .enumerate()
        .find(|(_, c)| !allowed(*c, lines))
        .map(|(i, ch)| ControlChar {
            ch,
            position: i + 1,
        })
}

/// Whether `text` holds a control character it may not: as
/// [`find_control`], read byte by byte (a C1 character is `C2 80`–`C2 9F`
/// in UTF-8, and no other character's encoding holds a byte below `0x80`
/// but its own).
pub fn has_control(text: &str, lines: Lines) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'\n' | b'\t' => lines == Lines::One,
        0x00..=0x1f | 0x7f => true,
        0xc2 => bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)),
        _ => false,
    })
}

/// `text` with every control character it may not hold written out as
/// `\x1b` (C0, DEL) or `\u{9b}` (C1), so that printing it shows the
/// characters instead of obeying them. Text without any is borrowed.
pub fn escape(text: &str, lines: Lines) -> Cow<'_, str> {
    if !has_control(text, lines) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if allowed(c, lines) {
            out.push(c);
        } else if (c as u32) < 0x80 {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
    }
    Cow::Owned(out)
}

/// JSON text with DEL and the C1 characters, which JSON lets through raw,
/// written as `\u0080`-style escapes: the same JSON value, safe on a
/// terminal. (A JSON writer already escapes C0.)
pub fn escape_json(json: &str) -> Cow<'_, str> {
    if !json.chars().any(is_control_after_c0) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if is_control_after_c0(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether any text of `record` (its earlier versions included) holds a
/// control character other than newline and tab.
pub fn holds_control<T: serde::Serialize>(record: &T) -> bool {
    fn walk(v: &serde_json::Value) -> bool {
        match v {
            serde_json::Value::String(s) => has_control(s, Lines::Many),
            serde_json::Value::Array(items) => items.iter().any(walk),
            serde_json::Value::Object(map) => map
                .iter()
                .any(|(k, v)| has_control(k, Lines::Many) || walk(v)),
            _ => false,
        }
    }
    serde_json::to_value(record).is_ok_and(|v| walk(&v))
}

/// Megabytes with one decimal under ten, whole above: "0.4", "12";
/// rounded up (what is needed is never understated).
pub fn megabytes(bytes: u64) -> String {
    shown_mb(bytes, f64::ceil)
}

/// [`megabytes`] rounded down (what is free is never overstated).
pub fn megabytes_down(bytes: u64) -> String {
    shown_mb(bytes, f64::floor)
}

fn shown_mb(bytes: u64, round: fn(f64) -> f64) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    if mb < 10.0 {
        format!("{:.1}", round(mb * 10.0) / 10.0)
    } else {
        format!("{}", round(mb) as u64)
    }
}

fn is_control_after_c0(c: char) -> bool {
    matches!(c, '\u{7f}'..='\u{9f}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn note(text: &str, words: &str) -> crate::domain::record::Record<crate::domain::note::Note> {
        use chrono::{NaiveDate, NaiveTime};
        let note = crate::domain::note::Note {
            date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            start: NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
            minutes: 60,
            place: crate::domain::case::Place::Home,
            participants: vec![],
            child_took_part: false,
            child_words: words.into(),
            text: text.into(),
            goals: vec![],
        };
        let at = NaiveDate::MIN.and_time(NaiveTime::MIN);
        crate::domain::record::Record::new("2026-001", 1, note, "ab", at)
    }

    proptest! {
        /// A control is found exactly where one of the record's texts
        /// holds one.
        #[test]
        fn the_controls_found_are_those_of_the_texts(
            text in "(\\PC|[\\x00-\\x1f\\x7f-\\x9f\\\\\"/u])*",
            words in "(\\PC|[\\x00-\\x1f\\x7f-\\x9f])*",
        ) {
            let found = find_control(&text, Lines::Many).is_some()
                || find_control(&words, Lines::Many).is_some();
            prop_assert_eq!(holds_control(&note(&text, &words)), found);
        }

    }

    #[test]
    fn escape_sequences_are_found_where_they_start() {
        let osc_title = "Fam \u{1b}]0;pwned\u{7}";
        let found = find_control(osc_title, Lines::Many).unwrap();
        assert_eq!(found.position, 5);
        assert_eq!(found.code(), "U+001B");
        assert_eq!(
            find_control("a\u{9b}31m", Lines::One).unwrap().code(),
            "U+009B"
        );
        assert_eq!(find_control("x\u{7f}", Lines::One).unwrap().position, 2);
    }

    #[test]
    fn newline_and_tab_only_in_text_of_several_lines() {
        assert_eq!(find_control("rad 1\nrad 2\tslut", Lines::Many), None);
        assert_eq!(
            find_control("rad 1\nrad 2", Lines::One).map(|c| c.position),
            Some(6)
        );
        assert!(find_control("a\r\nb", Lines::Many).is_some());
    }

    #[test]
    fn ordinary_text_passes_untouched() {
        for s in ["Familjen Ek", "åäö ÅÄÖ", "👨‍👩‍👧 e\u{301}", "", "\u{a0}x\u{a1}"]
        {
            assert_eq!(find_control(s, Lines::One), None, "{s:?}");
            assert!(matches!(escape(s, Lines::One), Cow::Borrowed(_)));
        }
    }

    #[test]
    fn escapes_are_visible_text() {
        assert_eq!(
            escape("A\u{1b}[31mB\u{9b}C\u{7}", Lines::One),
            "A\\x1b[31mB\\u{9b}C\\x07"
        );
        assert_eq!(escape("a\nb\tc\rd", Lines::Many), "a\nb\tc\\x0dd");
        assert_eq!(escape("a\nb", Lines::One), "a\\x0ab");
    }

    #[test]
    fn json_keeps_its_value() {
        let value = serde_json::json!({"family": "x\u{9b}y\u{7f}\u{1b}z"});
        let text = serde_json::to_string(&value).unwrap();
        let safe = escape_json(&text);
        assert!(!safe.chars().any(is_control), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }

    proptest! {
        #[test]
        fn escaped_text_holds_no_forbidden_control(s in any::<String>()) {
            for lines in [Lines::One, Lines::Many] {
                let e = escape(&s, lines);
                prop_assert_eq!(find_control(&e, lines), None);
                // Nothing is lost: text without controls comes out the same.
                if find_control(&s, lines).is_none() {
                    prop_assert_eq!(e.as_ref(), s.as_str());
                }
            }
        }

        #[test]
        fn the_check_finds_exactly_the_controls(s in "[a-zå\\n\\t\\x00-\\x1f\\x7f-\\u{9f}]{0,40}") {
            let found = find_control(&s, Lines::Many);
            let first = s.chars().position(|c| is_control(c) && c != '\n' && c != '\t');
            prop_assert_eq!(found.map(|f| f.position - 1), first);
        }

        #[test]
        fn the_byte_scan_finds_what_the_char_scan_does(
            s in "([a-zå\u{80}-\u{a0}\u{100}-\u{2ff}\u{e000}-\u{e0ff}\n\t\x00-\x1f\x7f]|\\PC){0,40}",
        ) {
            for lines in [Lines::One, Lines::Many] {
                prop_assert_eq!(has_control(&s, lines), find_control(&s, lines).is_some());
            }
        }

        #[test]
        fn json_escaping_round_trips(s in any::<String>()) {
            let text = serde_json::to_string(&s).unwrap();
            let safe = escape_json(&text);
            prop_assert!(!safe.chars().any(is_control));
            let back: String = serde_json::from_str(&safe).unwrap();
            prop_assert_eq!(back, s);
        }
    }

    #[test]
    fn megabytes_round_up_to_what_is_needed() {
        assert_eq!(megabytes(0), "0.0");
        assert_eq!(megabytes(100 * 1024), "0.1");
        assert_eq!(megabytes(3 * 1024 * 1024), "3.0");
        assert_eq!(megabytes(12 * 1024 * 1024 + 1), "13");
        assert_eq!(megabytes_down(1_150_000), "1.0");
        assert_eq!(megabytes(1_150_000), "1.1");
    }
}
