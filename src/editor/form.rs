//! The form engine behind every editor: a list of fields, one in focus;
//! typing goes to the focused field, `Tab` moves on, and the values become
//! a draft. Each kind of record builds its form in its own file
//! (`note.rs`, `incident.rs`, …).

use chrono::NaiveDateTime;
use tui_textarea::{Input, Key};

pub use super::chain::Chain;
pub use super::draft::{Draft, DraftSlot, FormKind};
pub use super::field::{Field, FieldKind, Value, area_text, text_area};
use crate::domain::incident::ChainLink;
use crate::domain::text::is_control;

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
    /// A record of a closed case: it opens to be read, not changed.
    pub read_only: bool,
    /// The values the form opened with, to tell whether anything was typed.
    initial: Vec<(String, Value)>,
    /// The columns and rows the focused text had on the last frame, and
    /// the first row shown: the screen sets them as it draws, so that `↑`,
    /// `↓`, `PgUp` and `PgDn` go by the rows shown.
    pub text_view: TextView,
}

/// Where a text field is on the screen, as the last frame drew it.
#[derive(Debug, Clone, Default)]
pub struct TextView {
    pub width: std::cell::Cell<u16>,
    pub height: std::cell::Cell<u16>,
    pub top: std::cell::Cell<usize>,
}

impl TextView {
    /// How many rows of the screen `input` moves the cursor in a text
    /// shown here, when it is a vertical move and the text has been drawn.
    fn rows_for(&self, input: &Input) -> Option<isize> {
        if self.width.get() == 0 || input.ctrl || input.alt {
            return None;
        }
        let page = isize::try_from(self.height.get().max(2)).unwrap_or(2) - 1;
        match input.key {
            Key::Up => Some(-1),
            Key::Down => Some(1),
            Key::PageUp if !input.shift => Some(-page),
            Key::PageDown if !input.shift => Some(page),
            _ => None,
        }
    }
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
            read_only: false,
            initial: Vec::new(),
            text_view: TextView::default(),
        };
        form.initial = form.values();
        form.select_focused();
        form
    }

    /// A one-line field reached with the focus has its value selected, as
    /// in any form: typing replaces a suggestion (the time "now", the
    /// login name), an arrow or End keeps it, Backspace clears it.
    fn select_focused(&mut self) {
        if let Some(Field {
            kind: FieldKind::Line(ta) | FieldKind::Date(ta),
            ..
        }) = self.fields.get_mut(self.focus)
        {
            if !ta.is_empty() {
                ta.select_all();
            }
        }
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
        if let Some(FieldKind::Text(ta) | FieldKind::Line(ta) | FieldKind::Date(ta)) = self
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

    /// The form as a record of a closed case: to read, with a mark that
    /// says it cannot be changed.
    pub fn reading(mut self, mark: &str) -> Form {
        self.read_only = true;
        self.title = format!("{} · {mark}", self.title);
        self
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

    /// Puts the cursor of a text field at the end of its first line: where
    /// the first answer of a "name: " list is typed.
    pub fn cursor_to_first_answer(&mut self, id: &str) {
        self.cursor_to_top(id);
        if let Some(FieldKind::Text(ta)) = self
            .fields
            .iter_mut()
            .find(|f| f.id == id)
            .map(|f| &mut f.kind)
        {
            ta.move_cursor(tui_textarea::CursorMove::End);
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
            super::controls::point_at_control(self);
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
        self.select_focused();
    }

    pub fn jump(&mut self, n: usize) {
        let visible: Vec<usize> = (0..self.fields.len())
            .filter(|i| !matches!(self.fields[*i].kind, FieldKind::Info(_)))
            .collect();
        if let Some(i) = visible.get(n.saturating_sub(1)) {
            self.focus = *i;
            self.select_focused();
        }
    }

    /// A key for the focused field; true when a value changed.
    pub fn input(&mut self, input: Input) -> bool {
        let input = line_feed_as_enter(input);
        let Some(field) = self.fields.get_mut(self.focus) else {
            return false;
        };
        // A control character typed (a C1 one arrives as a character) is
        // not taken.
        if matches!(input.key, Key::Char(c) if is_control(c)) {
            return false;
        }
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
        if let FieldKind::Text(ta) = &mut field.kind
            && let Some(by) = self.text_view.rows_for(&input)
        {
            let width = usize::from(self.text_view.width.get());
            crate::editor::soft_wrap::move_rows(ta, by, width, input.shift);
            if matches!(input.key, Key::PageUp | Key::PageDown) {
                // The page turns with the cursor: the last row of one is
                // the first of the next.
                let top = &self.text_view.top;
                top.set(top.get().saturating_add_signed(by));
            }
            return false;
        }
        let changed = field.input(input);
        if changed {
            field.error = None;
            self.dirty = true;
        }
        changed
    }

    /// Whether the focused field takes typed characters as its text, and
    /// whether it also takes line breaks: a text, line or date field.
    pub fn takes_typing(&self) -> Option<bool> {
        match self.focused().map(|f| &f.kind) {
            _ if self.read_only || self.leaving => None,
            Some(FieldKind::Text(_)) => Some(true),
            Some(FieldKind::Line(_) | FieldKind::Date(_)) => Some(false),
            _ => None,
        }
    }

    /// Characters typed into the focused field (see [`Self::takes_typing`])
    /// as one edit, so that keys that arrive together — a paste that comes
    /// as keys — go in at once and are undone together. Control characters
    /// are not taken, as when typed one by one.
    pub fn type_text(&mut self, text: &str) -> bool {
        let Some(multi_line) = self.takes_typing() else {
            return false;
        };
        let text: String = text
            .chars()
            .filter(|&c| {
                if c == '\n' {
                    multi_line
                } else {
                    !is_control(c)
                }
            })
            .collect();
        let Some(field) = self.fields.get_mut(self.focus) else {
            return false;
        };
        let changed = match &mut field.kind {
            FieldKind::Text(ta) | FieldKind::Line(ta) | FieldKind::Date(ta) => ta.insert_str(&text),
            _ => false,
        };
        if changed {
            field.error = None;
            self.dirty = true;
        }
        changed
    }

    /// Pasted text into the focused field, whole but for escape sequences
    /// and control characters, which are left out (and counted): a
    /// multi-line paste goes into a text area as it is and never submits
    /// the form.
    pub fn paste(&mut self, text: &str) -> Pasted {
        let (text, removed) = super::controls::clean_paste(text);
        let one_line = || text.replace(['\n', '\t'], " ");
        let Some(field) = self.fields.get_mut(self.focus) else {
            return Pasted::default();
        };
        let changed = match &mut field.kind {
            FieldKind::Text(ta) => ta.insert_str(&text),
            FieldKind::Line(ta) | FieldKind::Date(ta) => ta.insert_str(one_line()),
            FieldKind::Chain(c) => match &mut c.editing {
                Some(ta) => ta.insert_str(one_line()),
                None => false,
            },
            _ => false,
        };
        if changed {
            field.error = None;
            self.dirty = true;
        }
        Pasted { changed, removed }
    }
}

/// A line feed — what Ctrl-J and a paste with LF line ends send in raw
/// mode — as Enter: a line break in a text, never tui-textarea's own
/// Ctrl-J, which deletes the line before the cursor.
fn line_feed_as_enter(input: Input) -> Input {
    match input {
        Input {
            key: Key::Char('j'),
            ctrl: true,
            alt: false,
            ..
        } => Input {
            key: Key::Enter,
            ..Input::default()
        },
        other => other,
    }
}

/// What a paste did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pasted {
    /// The field's text changed.
    pub changed: bool,
    /// Escape sequences and control characters left out.
    pub removed: usize,
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
    fn a_line_feed_is_a_line_break_and_deletes_nothing() {
        let mut f = form();
        let line_feed = Input {
            key: Key::Char('j'),
            ctrl: true,
            ..Input::default()
        };
        typed(&mut f, "rad ett");
        f.input(line_feed.clone());
        typed(&mut f, "rad två");
        assert_eq!(f.text("text"), "rad ett\nrad två");
        // In a one-line field it moves on, as Enter does.
        f.jump(1);
        f.input(line_feed);
        assert_eq!(f.text("date"), "2026-11-22");
        assert_eq!(f.focused().unwrap().id, "place");
    }

    #[test]
    fn keys_typed_together_go_in_as_one_edit_that_one_undo_takes_back() {
        let mut f = form();
        typed(&mut f, "Före. ");
        assert_eq!(f.takes_typing(), Some(true));
        assert!(f.type_text("rad ett\nrad två\u{7}"));
        assert_eq!(f.text("text"), "Före. rad ett\nrad två");
        f.input(Input {
            key: Key::Char('z'),
            ctrl: true,
            ..Input::default()
        });
        assert_eq!(f.text("text"), "Före. ");
        // A one-line field takes no line break; a choice takes no typing.
        f.jump(1);
        assert_eq!(f.takes_typing(), Some(false));
        f.jump(2);
        assert_eq!(f.takes_typing(), None);
        assert!(!f.type_text("x"));
    }

    #[test]
    fn a_multi_line_paste_is_kept_whole_and_never_submits() {
        let mut f = form();
        f.paste("rad ett\r\nrad två\nrad tre");
        assert_eq!(f.text("text"), "rad ett\nrad två\nrad tre");
        f.jump(1);
        f.paste("2026-\n11-21");
        // A one-line field takes the line breaks as spaces; the value it
        // was reached with is replaced.
        assert_eq!(f.text("date"), "2026- 11-21");
    }

    #[test]
    fn a_suggestion_reached_with_tab_is_replaced_by_typing_and_ctrl_u_clears() {
        let mut f = form();
        f.jump(1);
        typed(&mut f, "igår");
        assert_eq!(f.text("date"), "igår");
        // Arrow keys keep it and type after it.
        f.move_focus(1);
        f.move_focus(-1);
        f.input(Input {
            key: Key::End,
            ..Input::default()
        });
        typed(&mut f, " 18");
        assert_eq!(f.text("date"), "igår 18");
        // Ctrl-U clears the line left of the cursor, as in a shell;
        // Ctrl-Z brings it back.
        let ctrl = |c| Input {
            key: Key::Char(c),
            ctrl: true,
            ..Input::default()
        };
        f.input(ctrl('u'));
        assert_eq!(f.text("date"), "");
        f.input(ctrl('z'));
        assert_eq!(f.text("date"), "igår 18");
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
