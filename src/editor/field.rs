//! One field of a form: a text area, a line, a date, a choice, a set of
//! choices, a yes/no, the incident chain or read-only text; its value as a
//! draft keeps it, and what a key does to it.

use serde::{Deserialize, Serialize};
use tui_textarea::{Input, Key, TextArea, WrapMode};

use super::chain::Chain;
use crate::domain::incident::ChainLink;

/// A field's value as a draft keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Value {
    Text(String),
    Choice(usize),
    Multi(Vec<bool>),
    Toggle(bool),
    Chain(Vec<ChainLink>, Option<usize>),
}

#[derive(Debug, Clone)]
pub enum FieldKind {
    /// Several lines, word-wrapped.
    Text(TextArea<'static>),
    /// One line; Enter goes to the next field.
    Line(TextArea<'static>),
    /// One line read as a date when the form is saved.
    Date(TextArea<'static>),
    Choice {
        options: Vec<String>,
        selected: usize,
    },
    Multi {
        options: Vec<String>,
        chosen: Vec<bool>,
        cursor: usize,
    },
    Toggle(bool),
    Chain(Chain),
    /// Read-only text, e.g. the initial rating beside the closing one.
    Info(String),
}

#[derive(Debug, Clone)]
pub struct Field {
    /// A stable name, for reading the value and for drafts.
    pub id: &'static str,
    pub label: String,
    pub kind: FieldKind,
    /// Why the value cannot be saved; the text is kept.
    pub error: Option<String>,
}

pub fn text_area(text: &str) -> TextArea<'static> {
    let lines: Vec<String> = if text.is_empty() {
        vec![String::new()]
    } else {
        text.split('\n').map(String::from).collect()
    };
    let mut ta = TextArea::new(lines);
    // Wrapped by the screen between words (`soft_wrap`), not by
    // tui-textarea, which breaks at every word boundary (`8/` `10`).
    ta.set_wrap_mode(WrapMode::None);
    // The terminal's own cursor marks the place (the screen sets it): no
    // drawn cursor cell and no underlined line, which cost bytes on every
    // keystroke over a slow link.
    ta.set_cursor_style(ratatui::style::Style::default());
    ta.set_cursor_line_style(ratatui::style::Style::default());
    // A selection shows without colour too.
    ta.set_selection_style(ratatui::style::Style::new().reversed());
    ta.set_max_histories(200);
    ta.move_cursor(tui_textarea::CursorMove::Bottom);
    ta.move_cursor(tui_textarea::CursorMove::End);
    ta
}

pub fn area_text(ta: &TextArea) -> String {
    ta.lines().join("\n")
}

impl Field {
    pub fn text(id: &'static str, label: &str, value: &str) -> Field {
        Field {
            id,
            label: label.to_string(),
            kind: FieldKind::Text(text_area(value)),
            error: None,
        }
    }

    pub fn line(id: &'static str, label: &str, value: &str) -> Field {
        Field {
            id,
            label: label.to_string(),
            kind: FieldKind::Line(text_area(value)),
            error: None,
        }
    }

    pub fn date(id: &'static str, label: &str, value: &str) -> Field {
        Field {
            id,
            label: label.to_string(),
            kind: FieldKind::Date(text_area(value)),
            error: None,
        }
    }

    pub fn choice(id: &'static str, label: &str, options: Vec<String>, selected: usize) -> Field {
        let selected = selected.min(options.len().saturating_sub(1));
        Field {
            id,
            label: label.to_string(),
            kind: FieldKind::Choice { options, selected },
            error: None,
        }
    }

    pub fn multi(id: &'static str, label: &str, options: Vec<String>, chosen: Vec<bool>) -> Field {
        let mut chosen = chosen;
        chosen.resize(options.len(), false);
        Field {
            id,
            label: label.to_string(),
            kind: FieldKind::Multi {
                options,
                chosen,
                cursor: 0,
            },
            error: None,
        }
    }

    pub fn toggle(id: &'static str, label: &str, value: bool) -> Field {
        Field {
            id,
            label: label.to_string(),
            kind: FieldKind::Toggle(value),
            error: None,
        }
    }

    pub fn chain(
        id: &'static str,
        label: &str,
        links: Vec<ChainLink>,
        break_point: Option<usize>,
    ) -> Field {
        let chain = Chain {
            deleted: None,
            links,
            selected: 0,
            break_point,
            editing: None,
        };
        Field {
            id,
            label: label.to_string(),
            kind: FieldKind::Chain(chain),
            error: None,
        }
    }

    pub fn info(id: &'static str, label: &str, text: String) -> Field {
        Field {
            id,
            label: label.to_string(),
            kind: FieldKind::Info(text),
            error: None,
        }
    }

    /// Whether the field takes typed text (so letters are not commands).
    pub fn takes_text(&self) -> bool {
        match &self.kind {
            FieldKind::Text(_) | FieldKind::Line(_) | FieldKind::Date(_) => true,
            FieldKind::Chain(c) => c.editing.is_some(),
            _ => false,
        }
    }

    pub fn value(&self) -> Option<Value> {
        Some(match &self.kind {
            FieldKind::Text(ta) | FieldKind::Line(ta) | FieldKind::Date(ta) => {
                Value::Text(area_text(ta))
            }
            FieldKind::Choice { selected, .. } => Value::Choice(*selected),
            FieldKind::Multi { chosen, .. } => Value::Multi(chosen.clone()),
            FieldKind::Toggle(b) => Value::Toggle(*b),
            FieldKind::Chain(c) => {
                let mut links = c.links.clone();
                if let (Some(ta), Some(link)) = (&c.editing, links.get_mut(c.selected)) {
                    link.text = area_text(ta);
                }
                Value::Chain(links, c.break_point)
            }
            FieldKind::Info(_) => return None,
        })
    }

    pub(super) fn restore(&mut self, value: &Value) {
        match (&mut self.kind, value) {
            (FieldKind::Text(ta), Value::Text(t))
            | (FieldKind::Line(ta), Value::Text(t))
            | (FieldKind::Date(ta), Value::Text(t)) => *ta = text_area(t),
            (FieldKind::Choice { selected, options }, Value::Choice(v)) => {
                *selected = (*v).min(options.len().saturating_sub(1))
            }
            (FieldKind::Multi { chosen, .. }, Value::Multi(v)) => {
                for (c, v) in chosen.iter_mut().zip(v) {
                    *c = *v;
                }
            }
            (FieldKind::Toggle(b), Value::Toggle(v)) => *b = *v,
            (FieldKind::Chain(c), Value::Chain(links, bp)) => {
                c.links = links.clone();
                c.break_point = bp.filter(|i| *i < links.len());
                c.selected = 0;
                c.editing = None;
            }
            _ => {}
        }
    }

    /// Sends a key to the field; true when its value changed.
    pub(super) fn input(&mut self, input: Input) -> bool {
        match &mut self.kind {
            FieldKind::Text(ta) => text_input(ta, input, true),
            FieldKind::Line(ta) | FieldKind::Date(ta) => text_input(ta, input, false),
            FieldKind::Choice { options, selected } => {
                let n = options.len().max(1);
                match input.key {
                    Key::Right | Key::Char(' ') => *selected = (*selected + 1) % n,
                    Key::Left => *selected = (*selected + n - 1) % n,
                    Key::Char(c) if !input.ctrl && !input.alt => {
                        // The next option starting with the letter typed.
                        let c = c.to_lowercase().next().unwrap_or(c);
                        let start = *selected + 1;
                        let hit = (0..n).map(|i| (start + i) % n).find(|i| {
                            options[*i]
                                .chars()
                                .next()
                                .and_then(|f| f.to_lowercase().next())
                                == Some(c)
                        });
                        match hit {
                            Some(i) => *selected = i,
                            None => return false,
                        }
                    }
                    _ => return false,
                }
                true
            }
            FieldKind::Multi {
                options,
                chosen,
                cursor,
            } => {
                let n = options.len().max(1);
                match input.key {
                    Key::Right => *cursor = (*cursor + 1) % n,
                    Key::Left => *cursor = (*cursor + n - 1) % n,
                    Key::Char(' ') => {
                        if let Some(c) = chosen.get_mut(*cursor) {
                            *c = !*c;
                        }
                        return true;
                    }
                    Key::Char(d) if d.is_ascii_digit() && d != '0' => {
                        let i = d as usize - '1' as usize;
                        if let Some(c) = chosen.get_mut(i) {
                            *c = !*c;
                            *cursor = i;
                            return true;
                        }
                    }
                    _ => {}
                }
                false
            }
            FieldKind::Toggle(b) => match input.key {
                Key::Char(' ') => {
                    *b = !*b;
                    true
                }
                Key::Char('j' | 'y' | 'J' | 'Y') => {
                    *b = true;
                    true
                }
                Key::Char('n' | 'N') => {
                    *b = false;
                    true
                }
                _ => false,
            },
            FieldKind::Chain(c) => match &mut c.editing {
                Some(ta) => match input.key {
                    Key::Enter | Key::Esc => {
                        c.finish_editing();
                        true
                    }
                    _ => text_input(ta, input, false),
                },
                None => match input.key {
                    Key::Char('z') if input.ctrl => c.undo_delete(),
                    Key::Char(d) if d.is_ascii_digit() => c.set_intensity(d as u8 - b'0'),
                    Key::Char('+') => c.set_intensity(10),
                    _ => false,
                },
            },
            FieldKind::Info(_) => false,
        }
    }
}

/// A key into a text area. Ctrl-Z undoes (and only it: Ctrl-U clears the
/// line left of the cursor, as in a shell); without `multi_line`, Enter
/// does not break the line.
pub(crate) fn text_input(ta: &mut TextArea, input: Input, multi_line: bool) -> bool {
    match input {
        Input {
            key: Key::Char('z'),
            ctrl: true,
            ..
        } => undo_word(ta),
        Input {
            key: Key::Char('u'),
            ctrl: true,
            alt: false,
            ..
        } => ta.delete_line_by_head(),
        // The start and the end of the whole text (tui-textarea takes them
        // as Home and End of the line).
        Input {
            key: key @ (Key::Home | Key::End),
            ctrl: true,
            alt: false,
            shift,
        } => {
            use tui_textarea::CursorMove;
            let (row, col) = if key == Key::Home {
                (CursorMove::Top, CursorMove::Head)
            } else {
                (CursorMove::Bottom, CursorMove::End)
            };
            if shift && ta.selection_range().is_none() {
                ta.start_selection();
            } else if !shift {
                ta.cancel_selection();
            }
            ta.move_cursor(row);
            ta.move_cursor(col);
            false
        }
        Input {
            key: key @ (Key::PageDown | Key::PageUp),
            ctrl: false,
            alt: false,
            shift: false,
        } => {
            page(ta, key == Key::PageDown);
            false
        }
        Input {
            key: Key::Enter, ..
        } if !multi_line => false,
        Input {
            key: Key::Char('m'),
            ctrl: true,
            ..
        } if !multi_line => false,
        other => ta.input(other),
    }
}

/// Ctrl-Z: the last word typed taken back, not its last letter. Edits are
/// undone while each took back one character of the same word (with the
/// spaces typed after it); any larger edit — a paste, a deletion — is one
/// step of its own.
fn undo_word(ta: &mut TextArea) -> bool {
    let mut changed = false;
    let mut word = false;
    loop {
        let before = ta.lines().join("\n");
        if !ta.undo() {
            return changed;
        }
        changed = true;
        let after = ta.lines().join("\n");
        let Some(c) = one_char_taken(&before, &after) else {
            // Not a typed character: an edit of its own, unless it ends
            // a word already begun.
            if word {
                ta.redo();
            }
            return true;
        };
        match (c.is_whitespace(), word) {
            // The space before the word: the word is done.
            (true, true) => {
                ta.redo();
                return true;
            }
            (true, false) => {}
            (false, _) => word = true,
        }
    }
}

/// The one character that `before` has and `after` has not, when that is
/// all that differs.
fn one_char_taken(before: &str, after: &str) -> Option<char> {
    if before.chars().count() != after.chars().count() + 1 {
        return None;
    }
    let at = before
        .char_indices()
        .zip(after.chars().chain(std::iter::once('\0')))
        .find(|((_, b), a)| b != a)
        .map(|((i, _), _)| i)?;
    let c = before[at..].chars().next()?;
    let mut rest = before.to_string();
    rest.replace_range(at..at + c.len_utf8(), "");
    (rest == after).then_some(c)
}

/// A page down or up that keeps the last row of the page in sight as the
/// first of the next: no row is passed over, also where a wrapped line
/// straddles the page's edge.
fn page(ta: &mut TextArea, down: bool) {
    use tui_textarea::Scrolling;
    let before = ta.scroll_offset().0;
    ta.scroll(if down {
        Scrolling::PageDown
    } else {
        Scrolling::PageUp
    });
    let after = ta.scroll_offset().0;
    if after.abs_diff(before) > 1 && (down || after > 0) {
        ta.scroll(Scrolling::Delta {
            rows: if down { -1 } else { 1 },
            cols: 0,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctrl_z_takes_back_the_last_word_typed() {
        let mut ta = text_area("");
        let typed = |ta: &mut TextArea<'static>, s: &str| {
            for c in s.chars() {
                text_input(
                    ta,
                    Input {
                        key: if c == '\n' { Key::Enter } else { Key::Char(c) },
                        ..Input::default()
                    },
                    true,
                );
            }
        };
        let undo = |ta: &mut TextArea<'static>| {
            text_input(
                ta,
                Input {
                    key: Key::Char('z'),
                    ctrl: true,
                    ..Input::default()
                },
                true,
            )
        };
        typed(&mut ta, "Mamma och Sam ");
        assert!(undo(&mut ta));
        assert_eq!(ta.lines().join("\n"), "Mamma och ");
        assert!(undo(&mut ta));
        assert_eq!(ta.lines().join("\n"), "Mamma ");
        // A paste is one step of its own.
        ta.insert_str("åt middag");
        typed(&mut ta, " ihop");
        assert!(undo(&mut ta));
        assert_eq!(ta.lines().join("\n"), "Mamma åt middag ");
        // The space typed after the paste goes with it.
        assert!(undo(&mut ta));
        assert_eq!(ta.lines().join("\n"), "Mamma ");
        assert!(undo(&mut ta));
        assert!(undo(&mut ta) || ta.lines().join("").is_empty());
        assert_eq!(ta.lines().join("\n"), "");
        assert!(!undo(&mut ta));
    }

    #[test]
    fn ctrl_home_and_ctrl_end_go_to_the_start_and_the_end_of_the_text() {
        let mut ta = text_area("rad ett\nrad två\nrad tre");
        let key = |key, ctrl| Input {
            key,
            ctrl,
            ..Input::default()
        };
        text_input(&mut ta, key(Key::Char('x'), false), true);
        text_input(&mut ta, key(Key::Home, true), true);
        assert_eq!(ta.cursor(), (0, 0));
        text_input(&mut ta, key(Key::End, true), true);
        assert_eq!(ta.cursor(), (2, 8));
        // Home and End alone stay on the line.
        text_input(&mut ta, key(Key::Home, false), true);
        assert_eq!(ta.cursor(), (2, 0));
    }
}
