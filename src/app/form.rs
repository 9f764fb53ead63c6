//! The form engine behind every editor: a list of fields, one in focus,
//! each a text area, a line, a date, a choice, a set of choices, a yes/no
//! or the incident chain. Editors are built from it in `forms.rs`.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use tui_textarea::{Input, Key, TextArea, WrapMode};

pub use super::chain::Chain;
pub use super::draft::{Draft, DraftSlot, FormKind};
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
    ta.set_wrap_mode(WrapMode::WordOrGlyph);
    // The terminal's own cursor marks the place (the screen sets it): no
    // drawn cursor cell and no underlined line, which cost bytes on every
    // keystroke over a slow link.
    ta.set_cursor_style(ratatui::style::Style::default());
    ta.set_cursor_line_style(ratatui::style::Style::default());
    ta.set_max_histories(200);
    ta.move_cursor(tui_textarea::CursorMove::Bottom);
    ta.move_cursor(tui_textarea::CursorMove::End);
    ta
}

pub(crate) fn area_text(ta: &TextArea) -> String {
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

    fn restore(&mut self, value: &Value) {
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
    fn input(&mut self, input: Input) -> bool {
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

/// A key into a text area. Ctrl-Z undoes too; without `multi_line`,
/// Enter does not break the line.
pub(crate) fn text_input(ta: &mut TextArea, input: Input, multi_line: bool) -> bool {
    match input {
        Input {
            key: Key::Char('z'),
            ctrl: true,
            ..
        } => ta.undo(),
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

/// An editor in progress.
#[derive(Debug, Clone)]
pub struct Form {
    pub kind: FormKind,
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Changed since it was opened (or restored).
    pub dirty: bool,
    /// Esc was pressed with unsaved text: asking keep or discard.
    pub leaving: bool,
    /// The values the form opened with, to tell whether anything was typed.
    initial: Vec<(String, Value)>,
}

impl Form {
    pub fn new(kind: FormKind, title: String, fields: Vec<Field>, focus: &str) -> Form {
        let focus = fields.iter().position(|f| f.id == focus).unwrap_or(0);
        let mut form = Form {
            kind,
            title,
            fields,
            focus,
            dirty: false,
            leaving: false,
            initial: Vec::new(),
        };
        form.initial = form.values();
        form
    }

    pub fn values(&self) -> Vec<(String, Value)> {
        self.fields
            .iter()
            .filter_map(|f| f.value().map(|v| (f.id.to_string(), v)))
            .collect()
    }

    /// Whether anything differs from what the form opened with.
    pub fn changed(&self) -> bool {
        self.dirty && self.values() != self.initial
    }

    pub fn to_draft(&self, now: NaiveDateTime) -> Draft {
        Draft {
            kind: self.kind.clone(),
            title: self.title.clone(),
            values: self.values(),
            saved_at: now,
        }
    }

    pub fn restore(&mut self, values: &[(String, Value)]) {
        for (id, v) in values {
            if let Some(f) = self.fields.iter_mut().find(|f| f.id == id) {
                f.restore(v);
            }
        }
        self.dirty = true;
    }

    /// Replaces a text field's text (it can be undone).
    pub fn set_text(&mut self, id: &str, text: &str) {
        if let Some(FieldKind::Text(ta)) = self
            .fields
            .iter_mut()
            .find(|f| f.id == id)
            .map(|f| &mut f.kind)
        {
            ta.select_all();
            ta.cut();
            ta.insert_str(text);
        }
    }

    /// Puts the cursor of a text field at its start, to read from the top.
    pub fn cursor_to_top(&mut self, id: &str) {
        if let Some(FieldKind::Text(ta)) = self
            .fields
            .iter_mut()
            .find(|f| f.id == id)
            .map(|f| &mut f.kind)
        {
            ta.move_cursor(tui_textarea::CursorMove::Top);
            ta.move_cursor(tui_textarea::CursorMove::Head);
        }
    }

    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    pub fn chain_mut(&mut self) -> Option<&mut Chain> {
        match self.fields.get_mut(self.focus).map(|f| &mut f.kind) {
            Some(FieldKind::Chain(c)) => Some(c),
            _ => None,
        }
    }

    pub fn text(&self, id: &str) -> String {
        match self.field(id).and_then(|f| f.value()) {
            Some(Value::Text(t)) => t,
            _ => String::new(),
        }
    }

    pub fn choice(&self, id: &str) -> usize {
        match self.field(id).and_then(|f| f.value()) {
            Some(Value::Choice(c)) => c,
            _ => 0,
        }
    }

    pub fn multi(&self, id: &str) -> Vec<bool> {
        match self.field(id).and_then(|f| f.value()) {
            Some(Value::Multi(m)) => m,
            _ => Vec::new(),
        }
    }

    pub fn toggle(&self, id: &str) -> bool {
        matches!(
            self.field(id).and_then(|f| f.value()),
            Some(Value::Toggle(true))
        )
    }

    pub fn chain(&self, id: &str) -> (Vec<ChainLink>, Option<usize>) {
        match self.field(id).and_then(|f| f.value()) {
            Some(Value::Chain(l, bp)) => (l, bp),
            _ => (Vec::new(), None),
        }
    }

    /// Marks a field's value as wrong and puts the focus there.
    pub fn fail(&mut self, id: &str, message: String) {
        for f in &mut self.fields {
            f.error = None;
        }
        if let Some(i) = self.fields.iter().position(|f| f.id == id) {
            self.fields[i].error = Some(message);
            self.focus = i;
        }
    }

    pub fn move_focus(&mut self, delta: i64) {
        if let Some(FieldKind::Chain(c)) = self.fields.get_mut(self.focus).map(|f| &mut f.kind) {
            c.finish_editing();
        }
        let n = self.fields.len() as i64;
        let mut i = self.focus as i64;
        // Skip read-only fields.
        for _ in 0..n {
            i = (i + delta).rem_euclid(n);
            if !matches!(self.fields[i as usize].kind, FieldKind::Info(_)) {
                break;
            }
        }
        self.focus = i as usize;
    }

    pub fn jump(&mut self, n: usize) {
        let visible: Vec<usize> = (0..self.fields.len())
            .filter(|i| !matches!(self.fields[*i].kind, FieldKind::Info(_)))
            .collect();
        if let Some(i) = visible.get(n.saturating_sub(1)) {
            self.focus = *i;
        }
    }

    /// A key for the focused field; true when a value changed.
    pub fn input(&mut self, input: Input) -> bool {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return false;
        };
        if matches!(field.kind, FieldKind::Line(_) | FieldKind::Date(_)) && input.key == Key::Enter
        {
            self.move_focus(1);
            return false;
        }
        // Up and down leave a field that has no lines of its own.
        if !matches!(field.kind, FieldKind::Text(_) | FieldKind::Chain(_))
            && matches!(input.key, Key::Up | Key::Down)
        {
            self.move_focus(if input.key == Key::Up { -1 } else { 1 });
            return false;
        }
        let changed = field.input(input);
        if changed {
            field.error = None;
            self.dirty = true;
        }
        changed
    }

    /// Pasted text into the focused field, whole: a multi-line paste goes
    /// into a text area as it is and never submits the form.
    pub fn paste(&mut self, text: &str) -> bool {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let Some(field) = self.fields.get_mut(self.focus) else {
            return false;
        };
        let done = match &mut field.kind {
            FieldKind::Text(ta) => ta.insert_str(&text),
            FieldKind::Line(ta) | FieldKind::Date(ta) => ta.insert_str(text.replace('\n', " ")),
            FieldKind::Chain(c) => match &mut c.editing {
                Some(ta) => ta.insert_str(text.replace('\n', " ")),
                None => false,
            },
            _ => false,
        };
        if done {
            field.error = None;
            self.dirty = true;
        }
        done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: char) -> Input {
        Input {
            key: Key::Char(c),
            ..Input::default()
        }
    }

    fn typed(form: &mut Form, s: &str) {
        for c in s.chars() {
            if c == '\n' {
                form.input(Input {
                    key: Key::Enter,
                    ..Input::default()
                });
            } else {
                form.input(key(c));
            }
        }
    }

    fn form() -> Form {
        let fields = vec![
            Field::date("date", "Datum", "2026-11-22"),
            Field::choice(
                "place",
                "Plats",
                vec!["hem".into(), "lokal".into(), "ute".into()],
                0,
            ),
            Field::multi(
                "who",
                "Deltog",
                vec!["förälder".into(), "barn".into()],
                vec![true, false],
            ),
            Field::toggle("child", "Barnet med", false),
            Field::text("text", "Text", ""),
        ];
        Form::new(
            FormKind::Note {
                case: "2026-001".into(),
                seq: None,
                goals: vec![],
            },
            "t".into(),
            fields,
            "text",
        )
    }

    #[test]
    fn typing_goes_to_the_focused_field_with_line_breaks() {
        let mut f = form();
        assert!(!f.changed());
        typed(&mut f, "Hembesök\nåäö");
        assert_eq!(f.text("text"), "Hembesök\nåäö");
        assert!(f.changed());
        f.input(Input {
            key: Key::Char('z'),
            ctrl: true,
            ..Input::default()
        });
        assert_ne!(f.text("text"), "Hembesök\nåäö");
    }

    #[test]
    fn choices_toggles_and_sets_take_their_keys() {
        let mut f = form();
        f.jump(2);
        typed(&mut f, "u");
        assert_eq!(f.choice("place"), 2);
        f.jump(3);
        typed(&mut f, "2");
        assert_eq!(f.multi("who"), vec![true, true]);
        f.jump(4);
        typed(&mut f, " ");
        assert!(f.toggle("child"));
        // Enter in a one-line field moves on.
        f.jump(1);
        f.input(Input {
            key: Key::Enter,
            ..Input::default()
        });
        assert_eq!(f.focus, 1);
    }

    #[test]
    fn a_multi_line_paste_is_kept_whole_and_never_submits() {
        let mut f = form();
        f.paste("rad ett\r\nrad två\nrad tre");
        assert_eq!(f.text("text"), "rad ett\nrad två\nrad tre");
        f.jump(1);
        f.paste("2026-\n11-21");
        // A one-line field takes the line breaks as spaces.
        assert_eq!(f.text("date"), "2026-11-222026- 11-21");
    }

    #[test]
    fn drafts_restore_every_value() {
        let mut f = form();
        typed(&mut f, "hej");
        f.jump(2);
        typed(&mut f, " ");
        let draft = f.to_draft(
            chrono::NaiveDate::from_ymd_opt(2026, 11, 22)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
        );
        let mut g = form();
        g.restore(&draft.values);
        assert_eq!(g.values(), f.values());
    }
}
