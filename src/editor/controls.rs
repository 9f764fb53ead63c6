//! Control characters in an editor's text, refused in input as everywhere
//! (newline and tab excepted). Typed, they are not taken; pasted — text copied from a terminal carries its colours and
//! commands as escape sequences — they are left out, each sequence whole,
//! and the rest of the text kept; and whatever still holds one (an older
//! record, a draft) is refused at save, at the field, with the cursor put
//! right after the character so that Backspace removes it.

use tui_textarea::CursorMove;

use super::form::{FieldKind, Form, Value};
use super::read::Bad;
use crate::domain::text::{ControlChar, Lines, find_control, is_control};
use crate::i18n::fill;
use crate::i18n::safety::SafetyText;

const ESC: char = '\u{1b}';
const BEL: char = '\u{7}';
/// C1 forms of CSI, OSC, DCS, SOS, PM, APC and the string terminator.
const CSI_C1: char = '\u{9b}';
const ST_C1: char = '\u{9c}';
const STRING_C1: [char; 5] = ['\u{90}', '\u{98}', '\u{9d}', '\u{9e}', '\u{9f}'];

/// `text` as pasted into a field: line ends as `\n`, and without escape
/// sequences (each removed whole: `ESC [ 3 1 m`, not only its `ESC`) or
/// other control characters, newline and tab excepted. Also how many were
/// left out.
pub fn clean_paste(text: &str) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut removed = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\r' {
            out.push('\n');
            i += if chars.get(i + 1) == Some(&'\n') {
                2
            } else {
                1
            };
        } else if c == '\n' || c == '\t' || !is_control(c) {
            out.push(c);
            i += 1;
        } else {
            i += sequence_len(&chars[i..]);
            removed += 1;
        }
    }
    (out, removed)
}

/// How many characters the control sequence at the start of `s` takes (at
/// least the control character itself). A string sequence (OSC, DCS, …)
/// that is never terminated takes only its introducer: the text after it
/// stays, visible.
fn sequence_len(s: &[char]) -> usize {
    match (s[0], s.get(1).copied()) {
        (ESC, Some('[')) => 2 + csi_len(&s[2..]),
        (ESC, Some(']' | 'P' | 'X' | '^' | '_')) => string_len(&s[2..]).map_or(1, |n| 2 + n),
        // ESC, intermediates, a final: `ESC ( B`, `ESC 7`, `ESC c`.
        (ESC, Some(_)) => {
            let inter = s[1..]
                .iter()
                .take_while(|c| ('\u{20}'..='\u{2f}').contains(*c))
                .count();
            match s.get(1 + inter) {
                Some(f) if ('\u{30}'..='\u{7e}').contains(f) => 2 + inter,
                _ => 1,
            }
        }
        (CSI_C1, _) => 1 + csi_len(&s[1..]),
        (c, _) if STRING_C1.contains(&c) => string_len(&s[1..]).map_or(1, |n| 1 + n),
        _ => 1,
    }
}

/// Parameters, intermediates and the final byte of a CSI sequence; what
/// does not fit ends it where it is.
fn csi_len(s: &[char]) -> usize {
    let body = s
        .iter()
        .take_while(|c| ('\u{20}'..='\u{3f}').contains(*c))
        .count();
    match s.get(body) {
        Some(f) if ('\u{40}'..='\u{7e}').contains(f) => body + 1,
        _ => body,
    }
}

/// A string sequence's text and terminator (BEL, `ESC \`, or C1 ST), if
/// it is terminated before the line ends.
fn string_len(s: &[char]) -> Option<usize> {
    for (i, c) in s.iter().enumerate() {
        match c {
            &BEL | &ST_C1 => return Some(i + 1),
            &ESC if s.get(i + 1) == Some(&'\\') => return Some(i + 2),
            '\n' | '\r' => return None,
            _ => {}
        }
    }
    None
}

/// The first control character a form may not save, as the field that
/// holds it and why — or nothing.
pub fn refuse(form: &Form, t: &SafetyText) -> Result<(), Bad> {
    for field in &form.fields {
        let found = match &field.kind {
            FieldKind::Text(_) => controlled(field.value(), Lines::Many),
            FieldKind::Line(_) | FieldKind::Date(_) => controlled(field.value(), Lines::One),
            FieldKind::Chain(_) => {
                let Some(Value::Chain(links, _)) = field.value() else {
                    continue;
                };
                if let Some((n, c)) = links
                    .iter()
                    .enumerate()
                    .find_map(|(n, l)| find_control(&l.text, Lines::One).map(|c| (n + 1, c)))
                {
                    let why = fill(
                        t.control_in_link,
                        &[("code", &c.code()), ("link", &n.to_string())],
                    );
                    return Err((field.id, why));
                }
                None
            }
            _ => None,
        };
        if let Some((text, c)) = found {
            let (line, column) = line_and_column(&text, c);
            let why = match field.kind {
                FieldKind::Text(_) => fill(
                    t.control_in_text,
                    &[
                        ("code", &c.code()),
                        ("line", &line.to_string()),
                        ("column", &column.to_string()),
                    ],
                ),
                _ => fill(
                    t.control_in_line,
                    &[("code", &c.code()), ("column", &column.to_string())],
                ),
            };
            return Err((field.id, why));
        }
    }
    Ok(())
}

fn controlled(value: Option<Value>, lines: Lines) -> Option<(String, ControlChar)> {
    match value {
        Some(Value::Text(t)) => find_control(&t, lines).map(|c| (t, c)),
        _ => None,
    }
}

/// Where a control character is, counted from 1 as a person counts.
fn line_and_column(text: &str, c: ControlChar) -> (usize, usize) {
    let before: Vec<char> = text.chars().take(c.position - 1).collect();
    let line = 1 + before.iter().filter(|ch| **ch == '\n').count();
    let column = 1 + before.iter().rev().take_while(|ch| **ch != '\n').count();
    (line, column)
}

/// Puts the cursor of the focused field just after the first control
/// character it may not hold, so that Backspace removes it.
pub fn point_at_control(form: &mut Form) {
    let Some(field) = form.fields.get_mut(form.focus) else {
        return;
    };
    let (ta, lines) = match &mut field.kind {
        FieldKind::Text(ta) => (ta, Lines::Many),
        FieldKind::Line(ta) | FieldKind::Date(ta) => (ta, Lines::One),
        _ => return,
    };
    let text = ta.lines().join("\n");
    if let Some(c) = find_control(&text, lines) {
        let (line, column) = line_and_column(&text, c);
        let row = u16::try_from(line - 1).unwrap_or(u16::MAX);
        let col = u16::try_from(column).unwrap_or(u16::MAX);
        ta.move_cursor(CursorMove::Jump(row, col));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_paste_from_a_terminal_keeps_its_text_and_loses_its_codes() {
        let pasted =
            "\u{1b}[1;31mRöd\u{1b}[0m text\u{1b}]0;titel\u{7} och\u{1b}]52;c;aGVq\u{1b}\\ slut";
        assert_eq!(clean_paste(pasted), ("Röd text och slut".to_string(), 4));
        assert_eq!(
            clean_paste("a\u{9b}2Jb\u{9d}x\u{9c}c\u{1b}(Bd\u{1b}7e"),
            ("abcde".to_string(), 4)
        );
        // Line ends become newlines; tabs stay.
        assert_eq!(
            clean_paste("ett\r\ntvå\rtre\tfyra\u{0}"),
            ("ett\ntvå\ntre\tfyra".to_string(), 1)
        );
    }

    #[test]
    fn an_unterminated_sequence_never_swallows_the_rest() {
        assert_eq!(
            clean_paste("a\u{1b}]0;titel utan slut\nrad två"),
            ("a]0;titel utan slut\nrad två".to_string(), 1)
        );
        assert_eq!(clean_paste("slut\u{1b}"), ("slut".to_string(), 1));
        assert_eq!(clean_paste("a\u{1b}[12"), ("a".to_string(), 1));
    }

    #[test]
    fn lines_and_columns_count_as_a_person_does() {
        let text = "rad ett\nrad \u{1b}två";
        let c = find_control(text, Lines::Many).unwrap();
        assert_eq!(line_and_column(text, c), (2, 5));
    }

    /// A case the property below once found: an OSC cut short by a C1
    /// string terminator.
    #[test]
    fn an_osc_ended_by_a_c1_terminator_leaves_no_control() {
        let (clean, _) = clean_paste("\u{1b}]ä\u{9c}");
        assert_eq!(find_control(&clean, Lines::Many), None);
    }

    proptest! {
        #[test]
        fn a_cleaned_paste_holds_no_control_and_keeps_every_plain_character(
            s in "[a-zåäö \\n\\t\\r\\x00-\\x1f\\x7f-\\u{9f}\\[\\];0-9]{0,80}"
        ) {
            let (clean, removed) = clean_paste(&s);
            prop_assert_eq!(find_control(&clean, Lines::Many), None);
            // Text without any control comes out as it went in.
            if !s.chars().any(|c| is_control(c) && c != '\n' && c != '\t') {
                prop_assert_eq!(clean, s.clone());
                prop_assert_eq!(removed, 0);
            }
            // No sequence reaches past the end of a line: every line is
            // still there.
            let lines = s.replace("\r\n", "\n").replace('\r', "\n").matches('\n').count();
            prop_assert_eq!(clean_paste(&s).0.matches('\n').count(), lines);
        }
    }
}
