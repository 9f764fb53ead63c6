//! A ratatui backend that writes less: over a slow SSH link every byte of
//! a keystroke's echo is latency. It remembers what the terminal already
//! has — the cursor's place and visibility, the colours and attributes in
//! force — and sends only changes. Typing a letter into a note costs the
//! letter, not a cursor move, a style reset and a cursor show.

use std::io::{self, Stdout, Write};

use crossterm::cursor::{Hide, MoveTo, Show};
use crossterm::queue;
use crossterm::style::{
    Attribute, Color as CColor, Print, SetAttribute, SetBackgroundColor, SetForegroundColor,
};
use crossterm::terminal::{Clear, ClearType as CClear};
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};

pub struct LeanBackend {
    inner: CrosstermBackend<Stdout>,
    /// Where the terminal's cursor is, when we know.
    pos: Option<Position>,
    visible: Option<bool>,
    fg: Color,
    bg: Color,
    modifier: Modifier,
    width: u16,
}

fn color(c: Color) -> CColor {
    match c {
        Color::Reset => CColor::Reset,
        Color::Black => CColor::Black,
        Color::Red => CColor::DarkRed,
        Color::Green => CColor::DarkGreen,
        Color::Yellow => CColor::DarkYellow,
        Color::Blue => CColor::DarkBlue,
        Color::Magenta => CColor::DarkMagenta,
        Color::Cyan => CColor::DarkCyan,
        Color::Gray => CColor::Grey,
        Color::DarkGray => CColor::DarkGrey,
        Color::LightRed => CColor::Red,
        Color::LightGreen => CColor::Green,
        Color::LightBlue => CColor::Blue,
        Color::LightYellow => CColor::Yellow,
        Color::LightMagenta => CColor::Magenta,
        Color::LightCyan => CColor::Cyan,
        Color::White => CColor::White,
        Color::Indexed(i) => CColor::AnsiValue(i),
        Color::Rgb(r, g, b) => CColor::Rgb { r, g, b },
    }
}

const ATTRIBUTES: [(Modifier, Attribute); 7] = [
    (Modifier::BOLD, Attribute::Bold),
    (Modifier::DIM, Attribute::Dim),
    (Modifier::ITALIC, Attribute::Italic),
    (Modifier::UNDERLINED, Attribute::Underlined),
    (Modifier::REVERSED, Attribute::Reverse),
    (Modifier::CROSSED_OUT, Attribute::CrossedOut),
    (Modifier::SLOW_BLINK, Attribute::SlowBlink),
];

/// The codes that end one attribute each (bold and dim: SGR 22, apart).
const ATTRIBUTES_OFF: [(Modifier, Attribute); 5] = [
    (Modifier::ITALIC, Attribute::NoItalic),
    (Modifier::UNDERLINED, Attribute::NoUnderline),
    (Modifier::REVERSED, Attribute::NoReverse),
    (Modifier::CROSSED_OUT, Attribute::NotCrossedOut),
    (Modifier::SLOW_BLINK, Attribute::NoBlink),
];

/// Whether the terminal's cursor surely advances by exactly one column
/// after printing `symbol`: one printable character of width one. Anything
/// else (wide, combining) and the next cell gets a cursor move. Ambiguous
/// widths count as one, as ratatui lays them out.
fn one_column(symbol: &str) -> bool {
    use unicode_width::UnicodeWidthChar;
    let mut chars = symbol.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => !c.is_control() && c.width() == Some(1),
        _ => false,
    }
}

impl LeanBackend {
    pub fn new(out: Stdout) -> LeanBackend {
        LeanBackend {
            inner: CrosstermBackend::new(out),
            pos: None,
            visible: None,
            // Unknown at first: the first frame's clear resets it.
            fg: Color::Indexed(254),
            bg: Color::Indexed(254),
            modifier: Modifier::all(),
            width: 0,
        }
    }

    fn reset_style(&mut self) -> io::Result<()> {
        if self.fg != Color::Reset || self.bg != Color::Reset || !self.modifier.is_empty() {
            queue!(&mut self.inner, SetAttribute(Attribute::Reset))?;
            self.fg = Color::Reset;
            self.bg = Color::Reset;
            self.modifier = Modifier::empty();
        }
        Ok(())
    }

    fn style(&mut self, cell: &Cell) -> io::Result<()> {
        let w = &mut self.inner;
        if cell.modifier != self.modifier {
            let off = self.modifier - cell.modifier;
            // Bold and dim end together (SGR 22): the one kept comes back below.
            let mut kept = self.modifier & cell.modifier;
            if off.intersects(Modifier::BOLD | Modifier::DIM) {
                queue!(w, SetAttribute(Attribute::NormalIntensity))?;
                kept -= Modifier::BOLD | Modifier::DIM;
            }
            for (m, a) in ATTRIBUTES_OFF {
                if off.contains(m) {
                    queue!(w, SetAttribute(a))?;
                }
            }
            for (m, a) in ATTRIBUTES {
                if cell.modifier.contains(m) && !kept.contains(m) {
                    queue!(w, SetAttribute(a))?;
                }
            }
            self.modifier = cell.modifier;
        }
        if cell.fg != self.fg {
            queue!(w, SetForegroundColor(color(cell.fg)))?;
            self.fg = cell.fg;
        }
        if cell.bg != self.bg {
            queue!(w, SetBackgroundColor(color(cell.bg)))?;
            self.bg = cell.bg;
        }
        Ok(())
    }
}

impl Write for LeanBackend {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pos = None;
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut self.inner)
    }
}

impl Backend for LeanBackend {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        for (x, y, cell) in content {
            let here = Position { x, y };
            if self.pos != Some(here) {
                queue!(&mut self.inner, MoveTo(x, y))?;
            }
            self.style(cell)?;
            queue!(&mut self.inner, Print(cell.symbol()))?;
            // At the last column the terminal's wrap is pending: do not guess.
            self.pos = (one_column(cell.symbol()) && x + 1 < self.width)
                .then_some(Position { x: x + 1, y });
        }
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.visible != Some(false) {
            queue!(&mut self.inner, Hide)?;
            self.visible = Some(false);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.visible != Some(true) {
            queue!(&mut self.inner, Show)?;
            self.visible = Some(true);
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        // Never asked of the terminal: a round trip on a slow link.
        Ok(self.pos.unwrap_or_default())
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let p = position.into();
        if self.pos != Some(p) {
            queue!(&mut self.inner, MoveTo(p.x, p.y))?;
            self.pos = Some(p);
        }
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        // A clear paints with the current background: make it the default.
        self.reset_style()?;
        let kind = match clear_type {
            ClearType::All => CClear::All,
            ClearType::AfterCursor => CClear::FromCursorDown,
            ClearType::BeforeCursor => CClear::FromCursorUp,
            ClearType::CurrentLine => CClear::CurrentLine,
            ClearType::UntilNewLine => CClear::UntilNewLine,
        };
        queue!(&mut self.inner, Clear(kind))?;
        self.pos = None;
        Ok(())
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut self.inner)
    }
}

impl LeanBackend {
    /// Learns the terminal's width (for the last-column rule) before a frame.
    pub fn set_width(&mut self, width: u16) {
        self.width = width;
    }
}

#[cfg(test)]
mod tests {
    use super::one_column;

    #[test]
    fn only_narrow_single_characters_advance_one_column() {
        assert!(one_column("a"));
        assert!(one_column("å"));
        assert!(one_column("─"));
        assert!(one_column("▸"));
        assert!(!one_column("界"));
        assert!(!one_column("e\u{301}"));
        assert!(!one_column(""));
    }
}
