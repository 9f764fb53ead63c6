//! How a text field's lines wrap on the screen, and the cursor's place in
//! them: between words only, as the panes wrap, so `8/10`, `(v. 46)` and a
//! sentence's last `.` stay with their word. A word wider than the field is
//! cut. The spaces after a word stay on its row, so every character of the
//! text has one place and the rows put together are the line again.
//!
//! The screen draws these rows and the editor moves the cursor by them
//! (`↑`, `↓`, `PgUp`, `PgDn`), so both agree on where a row ends.

use tui_textarea::{CursorMove, TextArea};
use unicode_width::UnicodeWidthChar;

/// One row on the screen: characters `start..end` of line `line`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub start: usize,
    pub end: usize,
    /// The last row of its line: the cursor may stand after its end.
    pub last: bool,
}

fn width_of(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// The rows of one line `width` columns wide, as character ranges.
pub fn line_rows(line: &str, width: usize) -> Vec<(usize, usize)> {
    let width = width.max(1);
    let chars: Vec<char> = line.chars().collect();
    let mut rows = Vec::new();
    let (mut start, mut used, mut i) = (0, 0, 0);
    while i < chars.len() {
        let word = i;
        while i < chars.len() && chars[i] != ' ' {
            i += 1;
        }
        let word_w: usize = chars[word..i].iter().map(|c| width_of(*c)).sum();
        if used > 0 && used + word_w > width {
            rows.push((start, word));
            (start, used) = (word, 0);
        }
        if word_w > width {
            // Cut into rows of its own; the last piece goes on.
            for (k, c) in chars[word..i].iter().enumerate() {
                let w = width_of(*c);
                if used + w > width && used > 0 {
                    rows.push((start, word + k));
                    (start, used) = (word + k, 0);
                }
                used += w;
            }
        } else {
            used += word_w;
        }
        while i < chars.len() && chars[i] == ' ' {
            i += 1;
            used += 1;
        }
    }
    rows.push((start, chars.len()));
    rows
}

/// The rows of a whole text, `width` columns wide.
pub fn rows(lines: &[String], width: usize) -> Vec<Row> {
    let mut out = Vec::new();
    for (line, text) in lines.iter().enumerate() {
        let ranges = line_rows(text, width);
        let n = ranges.len();
        out.extend(ranges.into_iter().enumerate().map(|(k, (start, end))| Row {
            line,
            start,
            end,
            last: k + 1 == n,
        }));
    }
    out
}

/// The columns that characters `from..to` of `line` take.
fn columns(line: &str, from: usize, to: usize) -> usize {
    line.chars()
        .skip(from)
        .take(to.saturating_sub(from))
        .map(width_of)
        .sum()
}

/// Where the cursor at character `col` of line `line` stands on the
/// screen: its row and column. A cursor after spaces that reach the edge
/// stands at the start of the row below, where the next word will go.
pub fn locate(
    rows: &[Row],
    lines: &[String],
    (line, col): (usize, usize),
    width: usize,
) -> (usize, usize) {
    let at = rows
        .iter()
        .position(|r| r.line == line && (col < r.end || r.last))
        .unwrap_or(rows.len().saturating_sub(1));
    let Some(row) = rows.get(at) else {
        return (0, 0);
    };
    let text = lines.get(line).map_or("", String::as_str);
    let x = columns(text, row.start, col.max(row.start));
    if x >= width.max(1) {
        (at + 1, 0)
    } else {
        (at, x)
    }
}

/// The character of `row` at screen column `x`, or the nearest before it.
/// A row that is not the last of its line ends before its last character,
/// so that the cursor stays on the row.
fn char_at(row: &Row, text: &str, x: usize) -> usize {
    let mut used = 0;
    for (k, c) in text
        .chars()
        .skip(row.start)
        .take(row.end - row.start)
        .enumerate()
    {
        let w = width_of(c);
        if used + w > x {
            return row.start + k;
        }
        used += w;
    }
    if row.last || row.end == row.start {
        row.end
    } else {
        row.end - 1
    }
}

/// Moves the cursor `by` rows of the screen (negative: up), keeping its
/// column as near as the row allows; `false` when there is no row there.
/// `shift` extends the selection.
pub fn move_rows(ta: &mut TextArea, by: isize, width: usize, shift: bool) -> bool {
    let rows = rows(ta.lines(), width);
    let cursor = ta.cursor();
    let (line, col) = (cursor.0, cursor.1);
    let (at, x) = locate(&rows, ta.lines(), (line, col), width);
    let at = at.min(rows.len() - 1);
    let target = at as isize + by;
    if by == 0 || target < 0 && at == 0 || target >= rows.len() as isize && at + 1 == rows.len() {
        return false;
    }
    let row = rows[target.clamp(0, rows.len() as isize - 1) as usize];
    let to = char_at(&row, &ta.lines()[row.line], x);
    if shift && ta.selection_range().is_none() {
        ta.start_selection();
    } else if !shift {
        ta.cancel_selection();
    }
    jump(ta, row.line, to);
    true
}

/// The cursor to character `col` of line `line`, however long the line.
fn jump(ta: &mut TextArea, line: usize, col: usize) {
    let row = u16::try_from(line).unwrap_or(u16::MAX);
    let near = u16::try_from(col).unwrap_or(u16::MAX);
    ta.move_cursor(CursorMove::Jump(row, near));
    for _ in usize::from(near)..col {
        ta.move_cursor(CursorMove::Forward);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn shown(line: &str, width: usize) -> Vec<String> {
        let chars: Vec<char> = line.chars().collect();
        line_rows(line, width)
            .into_iter()
            .map(|(a, b)| chars[a..b].iter().collect())
            .collect()
    }

    #[test]
    fn a_line_breaks_between_words_only() {
        assert_eq!(
            shown("Skattning 8/10 efter samtalet.", 12),
            vec!["Skattning ", "8/10 efter ", "samtalet."]
        );
        assert_eq!(
            shown("Vecka (v. 46) gick bra.", 10),
            vec!["Vecka (v. ", "46) gick ", "bra."]
        );
        // A sentence's full stop stays with its word.
        assert_eq!(
            shown("mamma och barnet.", 16),
            vec!["mamma och ", "barnet."]
        );
        assert_eq!(shown("abcdefgh", 3), vec!["abc", "def", "gh"]);
        assert_eq!(shown("", 5), vec![""]);
        assert_eq!(shown("två  mellanslag", 5), vec!["två  ", "mella", "nslag"]);
    }

    #[test]
    fn the_cursor_after_spaces_at_the_edge_stands_where_the_next_word_goes() {
        let lines = vec!["hej du x".to_string()];
        let r = rows(&lines, 6);
        assert_eq!(r.len(), 2);
        assert_eq!(locate(&r, &lines, (0, 3), 6), (0, 3));
        assert_eq!(locate(&r, &lines, (0, 7), 6), (1, 0));
        assert_eq!(locate(&r, &lines, (0, 8), 6), (1, 1));
        let lines = vec!["hejsan ".to_string()];
        let r = rows(&lines, 6);
        assert_eq!(locate(&r, &lines, (0, 7), 6), (1, 0));
    }

    #[test]
    fn up_and_down_go_by_rows_of_the_screen() {
        let mut ta = crate::editor::field::text_area("ett två tre fyra fem\nsex");
        ta.move_cursor(CursorMove::Jump(0, 9));
        assert!(move_rows(&mut ta, 1, 8, false));
        assert_eq!(ta.cursor(), (0, 18));
        assert!(move_rows(&mut ta, 1, 8, false));
        assert_eq!(ta.cursor(), (1, 1));
        assert!(!move_rows(&mut ta, 1, 8, false));
        assert!(move_rows(&mut ta, -3, 8, false));
        assert_eq!(ta.cursor(), (0, 1));
        assert!(!move_rows(&mut ta, -1, 8, false));
        // On a row that goes on, the cursor stays on it.
        ta.move_cursor(CursorMove::Jump(1, 3));
        assert!(move_rows(&mut ta, -2, 8, true));
        assert_eq!(ta.cursor(), (0, 11));
        assert!(ta.selection_range().is_some());
    }

    proptest! {
        #[test]
        fn rows_put_together_are_the_line_and_fit(
            line in "[a-zåäö .,/()]{0,80}",
            width in 1usize..30,
        ) {
            let parts = shown(&line, width);
            prop_assert_eq!(parts.concat(), line.clone());
            for p in &parts {
                prop_assert!(p.trim_end().chars().count() <= width, "{:?}", parts);
            }
            // Every cursor place is on the screen.
            let lines = vec![line.clone()];
            let r = rows(&lines, width);
            for col in 0..=line.chars().count() {
                let (row, x) = locate(&r, &lines, (0, col), width);
                prop_assert!(x < width && row <= r.len());
            }
        }
    }
}
