//! The screen's lean backend, read back by a terminal emulator (vt100):
//! whatever it leaves out or moves by a shorter way, the emulator's screen
//! shows what ratatui's buffer holds — the same text, colours and
//! attributes in every cell (a blank cell's foreground and boldness do not
//! show, so they are not compared), and the cursor where it is wanted.
//! Each frame is drawn twice, on the lean backend and on ratatui's
//! TestBackend, whose buffer and cursor are the reference.

mod support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use insats::cli::tui::handle_key;
use insats::i18n::Lang;
use insats::keymap::Keymap;
use insats::term::LeanBackend;
use insats::ui::{self, Theme, View};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect, Size};
use ratatui::style::{Color, Modifier, Style};
use ratatui::{Frame, backend::Backend};
use support::screen::{demo_app, now};

/// The lean backend, its output read by an emulator, and the reference.
struct Twin {
    lean: Terminal<LeanBackend<Vec<u8>>>,
    vt: vt100::Parser,
    reference: Terminal<TestBackend>,
    /// What the frame before wanted, to show when a frame fails.
    before: Buffer,
}

impl Twin {
    fn new(width: u16, height: u16) -> Twin {
        let size = Size { width, height };
        let mut twin = Twin {
            lean: Terminal::new(LeanBackend::with_writer(Vec::new(), Some(size))).unwrap(),
            vt: vt100::Parser::new(height, width, 0),
            reference: Terminal::new(TestBackend::new(width, height)).unwrap(),
            before: Buffer::empty(Rect::new(0, 0, width, height)),
        };
        twin.redraw_all(width, height);
        twin
    }

    /// As the screen does on start, on a resize and on Ctrl-L: the size
    /// learnt, the screen cleared, the next frame drawn whole.
    fn redraw_all(&mut self, width: u16, height: u16) {
        let size = Size { width, height };
        *self.lean.backend_mut() = LeanBackend::with_writer(Vec::new(), Some(size));
        self.reference.backend_mut().resize(width, height);
        self.vt.screen_mut().set_size(height, width);
        let area = Rect::new(0, 0, width, height);
        self.lean.resize(area).unwrap();
        self.reference.resize(area).unwrap();
        self.before = Buffer::empty(area);
    }

    /// Draws one frame on both; checks the emulator's screen and cursor
    /// against the reference; returns the bytes the lean backend wrote.
    fn draw(&mut self, render: impl Fn(&mut Frame)) -> usize {
        self.lean.draw(&render).unwrap();
        self.reference.draw(&render).unwrap();
        let written = std::mem::take(self.lean.backend_mut().writer_mut());
        self.vt.process(&written);
        let reference = self.reference.backend().buffer().clone();
        let cursor = self.reference.backend().cursor_visible().then(|| {
            let p = self.reference.backend_mut().get_cursor_position().unwrap();
            (p.y, p.x)
        });
        let screen = self.vt.screen();
        let result = compare(screen, |x, y| cell_look(&reference[(x, y)]));
        if let Err(e) = result {
            panic!(
                "{e}\nwritten: {}\nwanted:\n{}\nbefore:\n{:?}",
                String::from_utf8_lossy(&written).replace('\x1b', "^"),
                text(&reference),
                self.before,
            );
        }
        let shown = (!screen.hide_cursor()).then(|| screen.cursor_position());
        assert_eq!(shown, cursor, "the cursor (row, column)");
        self.before = reference;
        written.len()
    }
}

fn text(buf: &Buffer) -> String {
    (0..buf.area.height)
        .map(|y| {
            let row: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
            row + "\n"
        })
        .collect()
}

fn vt_color(c: Color) -> vt100::Color {
    let named = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    match c {
        Color::Reset => vt100::Color::Default,
        Color::Indexed(i) => vt100::Color::Idx(i),
        Color::Rgb(r, g, b) => vt100::Color::Rgb(r, g, b),
        named_color => {
            let i = named.iter().position(|n| *n == named_color).unwrap();
            vt100::Color::Idx(i as u8)
        }
    }
}

/// What a cell looks like: its text, and the colours and attributes that
/// show (on a blank, only the background unless reversed or underlined).
#[derive(Debug, PartialEq)]
struct Look {
    text: String,
    fg: Option<vt100::Color>,
    bg: vt100::Color,
    attributes: [bool; 5],
}

fn look(text: &str, fg: vt100::Color, bg: vt100::Color, attributes: [bool; 5]) -> Look {
    let text = if text.is_empty() { " " } else { text };
    let [_, _, _, underline, inverse] = attributes;
    if text == " " && !underline && !inverse {
        return Look {
            text: text.into(),
            fg: None,
            bg,
            attributes: [false; 5],
        };
    }
    Look {
        text: text.into(),
        fg: Some(fg),
        bg,
        attributes,
    }
}

fn cell_look(c: &Cell) -> Look {
    let m = c.modifier;
    look(
        c.symbol(),
        vt_color(c.fg),
        vt_color(c.bg),
        [
            m.contains(Modifier::BOLD),
            m.contains(Modifier::DIM),
            m.contains(Modifier::ITALIC),
            m.contains(Modifier::UNDERLINED),
            m.contains(Modifier::REVERSED),
        ],
    )
}

fn vt_look(c: &vt100::Cell) -> Look {
    look(
        c.contents(),
        c.fgcolor(),
        c.bgcolor(),
        [c.bold(), c.dim(), c.italic(), c.underline(), c.inverse()],
    )
}

/// The first cell where the emulator's screen differs from what is
/// wanted.
fn compare(screen: &vt100::Screen, wanted: impl Fn(u16, u16) -> Look) -> Result<(), String> {
    let (height, width) = screen.size();
    for y in 0..height {
        for x in 0..width {
            let shown = screen.cell(y, x).ok_or("no such cell")?;
            if shown.is_wide_continuation() {
                continue;
            }
            let (wanted, shown) = (wanted(x, y), vt_look(shown));
            if wanted != shown {
                return Err(format!(
                    "row {y}, column {x}: wanted {wanted:?}, shown {shown:?}"
                ));
            }
        }
    }
    Ok(())
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn the_demo_screen_through_keys_edits_and_resizes_reads_back_the_same() {
    for color in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = demo_app(dir.path(), Lang::En);
        let keymap = Keymap::load(None, None).unwrap();
        let theme = Theme { color };
        let mut twin = Twin::new(80, 24);
        let first = twin.draw(|f| {
            ui::render(
                f,
                &View {
                    app: &app,
                    keymap: &keymap,
                    theme,
                },
            )
        });
        assert!(first > 1000, "{first} bytes for the first frame");
        let keys: Vec<KeyCode> = [
            vec![
                KeyCode::Down,
                KeyCode::Down,
                KeyCode::Tab,
                KeyCode::Char('?'),
            ],
            vec![
                KeyCode::Esc,
                KeyCode::Char('o'),
                KeyCode::Esc,
                KeyCode::Char('n'),
            ],
            "Hembesök hos familjen, mamma och Sam åt middag ihop och det var lugnt. Nästa"
                .chars()
                .map(KeyCode::Char)
                .collect(),
            vec![KeyCode::Enter, KeyCode::Char('x'), KeyCode::Backspace],
            vec![
                KeyCode::Backspace,
                KeyCode::Left,
                KeyCode::Left,
                KeyCode::Char(' '),
            ],
            vec![
                KeyCode::Home,
                KeyCode::Tab,
                KeyCode::Esc,
                KeyCode::Char('d'),
            ],
            vec![
                KeyCode::Char('5'),
                KeyCode::Down,
                KeyCode::Enter,
                KeyCode::Esc,
            ],
        ]
        .concat();
        let mut pending = insats::keymap::Pending::default();
        for (i, code) in keys.into_iter().enumerate() {
            handle_key(&mut app, &keymap, &mut pending, &key(code), now());
            if i == 20 {
                twin.redraw_all(120, 36);
            }
            if i == 60 {
                twin.redraw_all(60, 20);
            }
            twin.draw(|f| {
                ui::render(
                    f,
                    &View {
                        app: &app,
                        keymap: &keymap,
                        theme,
                    },
                )
            });
        }
    }
}

/// A few symbols, blanks the likeliest. (Wide ones: see
/// `wide_characters_come_and_go`; ratatui's buffer does not hold random
/// ones well-formed.)
const SYMBOLS: [&str; 5] = [" ", " ", "a", "─", "å"];
const COLORS: [Color; 5] = [
    Color::Reset,
    Color::Red,
    Color::DarkGray,
    Color::Indexed(200),
    Color::Rgb(1, 2, 3),
];
const MODIFIERS: [Modifier; 5] = [
    Modifier::BOLD,
    Modifier::DIM,
    Modifier::ITALIC,
    Modifier::UNDERLINED,
    Modifier::REVERSED,
];

fn style(fg: usize, bg: usize, modifiers: u8) -> Style {
    let mut s = Style::new().fg(COLORS[fg]).bg(COLORS[bg]);
    for (i, m) in MODIFIERS.iter().enumerate() {
        if modifiers & (1 << i) != 0 {
            s = s.add_modifier(*m);
        }
    }
    // vt100 keeps one intensity, bold or dim, where a terminal keeps both.
    if s.add_modifier.contains(Modifier::BOLD) {
        s = s.remove_modifier(Modifier::DIM);
    }
    s
}

/// A frame: per row, symbols with a style each; and the cursor, if shown.
type Spec = (Vec<Vec<(usize, usize, usize, u8)>>, Option<(u16, u16)>);

const W: u16 = 9;
const H: u16 = 4;

fn frame_spec() -> impl Strategy<Value = Spec> {
    // Few colours, so that runs and blanks repeat as on a real screen.
    let cell = (0..SYMBOLS.len(), 0..2usize, 0..2usize, 0..32u8).prop_flat_map(|(s, f, b, m)| {
        prop_oneof![
            3 => Just((s, f, b, m)),
            1 => (0..COLORS.len(), 0..COLORS.len()).prop_map(move |(f, b)| (s, f, b, m)),
        ]
    });
    let row = prop::collection::vec(cell, W as usize);
    let rows = prop::collection::vec(row, H as usize);
    let cursor = prop::option::of((0..W, 0..H));
    (rows, cursor)
}

fn render_spec(f: &mut Frame, spec: &Spec) {
    let (rows, cursor) = spec;
    for (y, row) in rows.iter().enumerate() {
        for (x, &(s, fg, bg, m)) in row.iter().enumerate() {
            f.buffer_mut()
                .set_string(x as u16, y as u16, SYMBOLS[s], style(fg, bg, m));
        }
    }
    if let Some((x, y)) = cursor {
        f.set_cursor_position(Position { x: *x, y: *y });
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_frames_read_back_the_same(
        frames in prop::collection::vec(frame_spec(), 1..6),
        redraw in prop::option::of(0..6usize),
    ) {
        let mut twin = Twin::new(W, H);
        for (i, spec) in frames.iter().enumerate() {
            if redraw == Some(i) {
                twin.redraw_all(W, H);
            }
            twin.draw(|f| render_spec(f, spec));
        }
    }
}

/// (Backgrounds stay the default: a terminal clears the half of a wide
/// character left when the other is printed over in the colours then in
/// force, which ratatui does not know.)
#[test]
fn wide_characters_come_and_go() {
    let rows = [
        ("ab界cd界", Color::Reset),
        ("界界  x", Color::Red),
        ("abcdefgh", Color::Reset),
        ("a界 b界", Color::Reset),
        ("a 界b界", Color::Rgb(1, 2, 3)),
        ("        ", Color::Reset),
        ("xb", Color::Reset),
        ("界", Color::Reset),
        ("yb", Color::Reset),
    ];
    let mut twin = Twin::new(8, 2);
    for (text, fg) in rows {
        twin.draw(|f| {
            let style = Style::new().fg(fg).add_modifier(Modifier::BOLD);
            f.buffer_mut().set_string(0, 0, text, style);
            f.buffer_mut().set_string(0, 1, "å界", Style::new());
            f.set_cursor_position(Position { x: 3, y: 1 });
        });
    }
}
