//! The terminal backend the screen draws through: a ratatui backend over
//! crossterm that writes less. It knows cells, cursors and escape
//! sequences, nothing of insats; the screen's terminal setup and event
//! loop that use it are `cli/tui.rs`.
//!
//! Over a slow SSH link every byte of a keystroke's echo is latency. The
//! backend keeps what the terminal shows — each cell it printed, the
//! cursor's place and visibility, the colours and attributes in force —
//! and sends only what changes that: a cell that already looks as wanted
//! is not printed again, a cursor move is the shortest one (or the cells
//! on the way printed over, when that is shorter), and a style change is
//! one sequence of what changed. Typing a letter into a note costs the
//! letter.

mod moves;
mod pen;

use std::io::{self, Stdout, Write};

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::Modifier;

use moves::{Cursor, write_move};
use pen::{Pen, write_change};

/// Attributes that show on a blank cell; without them a blank shows only
/// its background.
const SHOWS_ON_BLANK: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::CROSSED_OUT)
    .union(Modifier::SLOW_BLINK)
    .union(Modifier::RAPID_BLINK);

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

/// Whether `symbol` printed with `pen` looks the same on the screen as
/// `shown`: the same, or both blank where nothing shows but the background.
fn looks_same(shown: &Cell, symbol: &str, pen: Pen) -> bool {
    if shown.symbol() != symbol {
        return false;
    }
    let was = Pen::of(shown);
    if was == pen {
        return true;
    }
    symbol == " "
        && was.bg == pen.bg
        && !was.modifier.intersects(SHOWS_ON_BLANK)
        && !pen.modifier.intersects(SHOWS_ON_BLANK)
}

/// What the terminal shows, cell by cell (`None`: not known).
struct Screen {
    size: Size,
    cells: Vec<Option<Cell>>,
}

impl Screen {
    fn index(&self, x: u16, y: u16) -> Option<usize> {
        (x < self.size.width && y < self.size.height)
            .then(|| usize::from(y) * usize::from(self.size.width) + usize::from(x))
    }

    fn get(&self, x: u16, y: u16) -> Option<&Cell> {
        self.index(x, y).and_then(|i| self.cells[i].as_ref())
    }

    fn set(&mut self, x: u16, y: u16, cell: Option<Cell>) {
        if let Some(i) = self.index(x, y) {
            self.cells[i] = cell;
        }
    }

    /// After a clear: every cell blank in the default colours.
    fn blank(&mut self, size: Size) {
        self.size = size;
        let cells = usize::from(size.width) * usize::from(size.height);
        self.cells = vec![Some(Cell::EMPTY); cells];
    }

    fn forget(&mut self) {
        self.cells.fill(None);
    }
}

pub struct LeanBackend<W: Write> {
    out: W,
    /// The terminal's size when it is not asked of the terminal (tests).
    fixed_size: Option<Size>,
    screen: Screen,
    cursor: Cursor,
    visible: Option<bool>,
    /// The colours and attributes in force, when known.
    pen: Option<Pen>,
}

/// Standard output a frame at a time: the bytes are kept until the frame
/// is flushed, then written at once; a frame never flushed (a panic while
/// drawing) is never written, so nothing lands on the shell's screen after
/// the terminal has been restored.
pub struct FrameOut {
    frame: Vec<u8>,
    out: Stdout,
}

impl Write for FrameOut {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.frame.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let mut out = self.out.lock();
        let written = out.write_all(&self.frame).and_then(|()| out.flush());
        self.frame.clear();
        written
    }
}

impl LeanBackend<FrameOut> {
    /// The backend on standard output, whose size it asks of the terminal.
    pub fn new(out: Stdout) -> Self {
        let out = FrameOut {
            frame: Vec::with_capacity(1 << 14),
            out,
        };
        LeanBackend::with_writer(out, None)
    }
}

impl<W: Write> LeanBackend<W> {
    /// The backend on any writer; `fixed_size` is the terminal's size, or
    /// `None` to ask the terminal.
    pub fn with_writer(out: W, fixed_size: Option<Size>) -> Self {
        LeanBackend {
            out,
            fixed_size,
            screen: Screen {
                size: Size::default(),
                cells: Vec::new(),
            },
            cursor: Cursor::Unknown,
            visible: None,
            pen: None,
        }
    }

    pub fn writer(&self) -> &W {
        &self.out
    }

    pub fn writer_mut(&mut self) -> &mut W {
        &mut self.out
    }

    fn set_pen(&mut self, to: Pen) -> io::Result<()> {
        write_change(&mut self.out, self.pen, to)?;
        self.pen = Some(to);
        Ok(())
    }

    /// The cells from the cursor to `to` on the same row, when printing
    /// them with `pen` leaves the screen as it is: the symbols to print.
    fn way_over(&self, to: Position, pen: Option<Pen>) -> Option<String> {
        let (Cursor::At(from), Some(pen)) = (self.cursor, pen) else {
            return None;
        };
        if from.y != to.y || from.x >= to.x {
            return None;
        }
        let mut way = String::new();
        for x in from.x..to.x {
            let shown = self.screen.get(x, to.y)?;
            if !one_column(shown.symbol()) || !looks_same(shown, shown.symbol(), pen) {
                return None;
            }
            way.push_str(shown.symbol());
        }
        Some(way)
    }

    /// Prints `way` (see [`Self::way_over`]) from the cursor with the pen.
    fn print_over(&mut self, way: &str) -> io::Result<()> {
        let (Cursor::At(from), Some(pen)) = (self.cursor, self.pen) else {
            return Ok(());
        };
        self.out.write_all(way.as_bytes())?;
        for (i, c) in way.chars().enumerate() {
            let x = from.x + i as u16;
            let mut cell = Cell::EMPTY;
            cell.set_char(c).set_fg(pen.fg).set_bg(pen.bg);
            cell.modifier = pen.modifier;
            self.screen.set(x, from.y, Some(cell));
        }
        self.cursor = Cursor::At(Position {
            x: from.x + way.chars().count() as u16,
            y: from.y,
        });
        Ok(())
    }

    /// Takes the cursor to `to` and sets the pen to `pen` (when given),
    /// by the fewest bytes: a move, or printing over the cells on the way
    /// with the pen in force or the one wanted.
    fn go(&mut self, to: Position, pen: Option<Pen>) -> io::Result<()> {
        let move_len = moves::cursor_move(self.cursor, to).len();
        if move_len > 0 {
            if let Some(way) = self.way_over(to, self.pen).filter(|w| w.len() <= move_len) {
                self.print_over(&way)?;
            } else if let Some(way) = self.way_over(to, pen).filter(|w| w.len() <= move_len) {
                self.set_pen(pen.unwrap_or(Pen::DEFAULT))?;
                self.print_over(&way)?;
            } else {
                write_move(&mut self.out, self.cursor, to)?;
                self.cursor = Cursor::At(to);
            }
        }
        if let Some(pen) = pen {
            self.set_pen(pen)?;
        }
        Ok(())
    }

    /// Prints one cell at the cursor, which is at (`x`, `y`).
    fn print(&mut self, x: u16, y: u16, cell: &Cell) -> io::Result<()> {
        let symbol = cell.symbol();
        self.out.write_all(symbol.as_bytes())?;
        if one_column(symbol) {
            self.screen.set(x, y, Some(cell.clone()));
            // At the last column the terminal's wrap is pending.
            self.cursor = if x + 1 < self.screen.size.width {
                Cursor::At(Position { x: x + 1, y })
            } else {
                Cursor::Wrapping(y)
            };
        } else {
            // Wide or combining: the terminal may count its columns
            // otherwise, and a wide character covers the next cell.
            for dx in 0..3 {
                self.screen.set(x.saturating_add(dx), y, None);
            }
            self.cursor = Cursor::Unknown;
        }
        Ok(())
    }
}

impl<W: Write> Backend for LeanBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        for (x, y, cell) in content {
            if self
                .screen
                .get(x, y)
                .is_some_and(|shown| looks_same(shown, cell.symbol(), Pen::of(cell)))
            {
                continue;
            }
            self.go(Position { x, y }, Some(Pen::of(cell)))?;
            self.print(x, y, cell)?;
        }
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.visible != Some(false) {
            self.out.write_all(b"\x1b[?25l")?;
            self.visible = Some(false);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.visible != Some(true) {
            self.out.write_all(b"\x1b[?25h")?;
            self.visible = Some(true);
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        // Never asked of the terminal: a round trip on a slow link.
        Ok(match self.cursor {
            Cursor::At(p) => p,
            _ => Position::default(),
        })
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.go(position.into(), None)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        // A clear paints with the current background: make it the default.
        self.set_pen(Pen::DEFAULT)?;
        let code: &[u8] = match clear_type {
            ClearType::All => b"2J",
            ClearType::AfterCursor => b"J",
            ClearType::BeforeCursor => b"1J",
            ClearType::CurrentLine => b"2K",
            ClearType::UntilNewLine => b"K",
        };
        self.out.write_all(b"\x1b[")?;
        self.out.write_all(code)?;
        if clear_type == ClearType::All {
            let size = self.size()?;
            self.screen.blank(size);
        } else {
            self.screen.forget();
        }
        // The cursor stays; a pending wrap may not.
        if let Cursor::Wrapping(_) = self.cursor {
            self.cursor = Cursor::Unknown;
        }
        Ok(())
    }

    fn size(&self) -> io::Result<Size> {
        match self.fixed_size {
            Some(size) => Ok(size),
            None => crossterm::terminal::size().map(|(width, height)| Size { width, height }),
        }
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let columns_rows = self.size()?;
        let pixels = crossterm::terminal::window_size()
            .map(|w| Size {
                width: w.width,
                height: w.height,
            })
            .unwrap_or_default();
        Ok(WindowSize {
            columns_rows,
            pixels,
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
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
