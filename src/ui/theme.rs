//! Styles. Colour is never the only signal: every flag also has a symbol
//! and a word, focus is a double border and a reversed title, the selected
//! row is reversed and marked — so `NO_COLOR` and monochrome terminals
//! read the same screen.

use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::BorderType;

use crate::domain::due::DueState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty (no-color.org).
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    fn fg(&self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn state(&self, state: DueState) -> Style {
        match state {
            DueState::Overdue => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            DueState::DueSoon => self.fg(Color::Yellow),
            DueState::Ok => self.fg(Color::Green),
        }
    }

    pub fn border(&self, focused: bool) -> (BorderType, Style) {
        if focused {
            (
                BorderType::Double,
                self.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            )
        } else {
            (BorderType::Plain, self.fg(Color::DarkGray))
        }
    }

    pub fn title(&self, focused: bool) -> Style {
        if focused {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::new()
        }
    }

    pub fn selected(&self, focused: bool) -> Style {
        if focused {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    pub fn bold(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn break_point(&self) -> Style {
        self.fg(Color::Magenta)
            .add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red)
            .add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }
}

/// The mark of a state, readable without colour.
pub fn mark(state: DueState) -> &'static str {
    match state {
        DueState::Overdue => "!",
        DueState::DueSoon => "~",
        DueState::Ok => "·",
    }
}
