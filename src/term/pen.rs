//! Select Graphic Rendition: the colours and attributes the terminal
//! prints with, changed in one escape sequence by the fewest bytes — what
//! changed, or a reset and what is wanted, whichever is shorter.

use std::io::{self, Write};

use ratatui::buffer::Cell;
use ratatui::style::{Color, Modifier};

/// The colours and attributes in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pen {
    pub fg: Color,
    pub bg: Color,
    pub modifier: Modifier,
}

impl Pen {
    /// The terminal's defaults, as after `CSI 0 m`.
    pub const DEFAULT: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        modifier: Modifier::empty(),
    };

    pub fn of(cell: &Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            modifier: cell.modifier,
        }
    }
}

/// Each attribute with the code that sets it and the one that ends it
/// (bold and dim end together, with 22).
const ATTRIBUTES: [(Modifier, u8, u8); 9] = [
    (Modifier::BOLD, 1, 22),
    (Modifier::DIM, 2, 22),
    (Modifier::ITALIC, 3, 23),
    (Modifier::UNDERLINED, 4, 24),
    (Modifier::SLOW_BLINK, 5, 25),
    (Modifier::RAPID_BLINK, 6, 25),
    (Modifier::REVERSED, 7, 27),
    (Modifier::HIDDEN, 8, 28),
    (Modifier::CROSSED_OUT, 9, 29),
];

/// The palette index of a named colour.
fn index(c: Color) -> Option<u8> {
    Some(match c {
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        Color::Indexed(i) => i,
        Color::Reset | Color::Rgb(..) => return None,
    })
}

/// The parameters that make `c` the foreground (`base` 30) or background
/// (`base` 40). Colours 8–15 are the aixterm codes 90–97 / 100–107, the
/// same palette entries as `38;5;8`–`38;5;15`. Colours 0–7 keep `38;5;n`:
/// some terminals brighten bold text in the colours set by 30–37 only.
fn color_params(c: Color, base: u8, out: &mut Vec<u8>) {
    match (c, index(c)) {
        (Color::Reset, _) => push_num(out, base + 9),
        (Color::Rgb(r, g, b), _) => {
            push_num(out, base + 8);
            out.extend_from_slice(b";2");
            for v in [r, g, b] {
                out.push(b';');
                push_num(out, v);
            }
        }
        (_, Some(i @ 8..=15)) => push_num(out, base + 60 + (i - 8)),
        (_, Some(i)) => {
            push_num(out, base + 8);
            out.extend_from_slice(b";5;");
            push_num(out, i);
        }
        (_, None) => unreachable!("every colour but Reset and Rgb has an index"),
    }
}

fn push_num(out: &mut Vec<u8>, n: u8) {
    if n >= 100 {
        out.push(b'0' + n / 100);
    }
    if n >= 10 {
        out.push(b'0' + n / 10 % 10);
    }
    out.push(b'0' + n % 10);
}

/// Appends one parameter (and the `;` before it, unless it is the first).
fn param(out: &mut Vec<u8>, f: impl FnOnce(&mut Vec<u8>)) {
    if !out.is_empty() {
        out.push(b';');
    }
    f(out);
}

/// The parameters that change `from` into `to`, attribute by attribute.
fn changes(from: Pen, to: Pen, out: &mut Vec<u8>) {
    let off = from.modifier - to.modifier;
    let mut on = to.modifier - from.modifier;
    if off.intersects(Modifier::BOLD | Modifier::DIM) {
        // 22 ends both: the one kept comes back.
        on |= to.modifier & (Modifier::BOLD | Modifier::DIM);
    }
    let mut ended = 0;
    for (m, _, end) in ATTRIBUTES {
        if off.contains(m) && end != ended {
            param(out, |o| push_num(o, end));
            ended = end;
        }
    }
    for (m, set, _) in ATTRIBUTES {
        if on.contains(m) {
            param(out, |o| push_num(o, set));
        }
    }
    if from.fg != to.fg {
        param(out, |o| color_params(to.fg, 30, o));
    }
    if from.bg != to.bg {
        param(out, |o| color_params(to.bg, 40, o));
    }
}

/// Writes the sequence that changes the pen from `from` (`None`: not
/// known) to `to`; nothing when they are the same.
pub fn write_change(out: &mut impl Write, from: Option<Pen>, to: Pen) -> io::Result<()> {
    if from == Some(to) {
        return Ok(());
    }
    // From the defaults: a reset, then what differs from them.
    let mut reset = Vec::with_capacity(24);
    changes(Pen::DEFAULT, to, &mut reset);
    let reset = if reset.is_empty() {
        reset
    } else {
        [b"0;".as_slice(), &reset].concat()
    };
    let params = match from {
        Some(from) => {
            let mut step = Vec::with_capacity(24);
            changes(from, to, &mut step);
            if step.len() <= reset.len() {
                step
            } else {
                reset
            }
        }
        None => reset,
    };
    // `CSI m` is a reset: no parameter means 0.
    out.write_all(b"\x1b[")?;
    out.write_all(&params)?;
    out.write_all(b"m")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(from: Option<Pen>, to: Pen) -> String {
        let mut out = Vec::new();
        write_change(&mut out, from, to).unwrap();
        String::from_utf8(out).unwrap().replace('\x1b', "^")
    }

    fn pen(fg: Color, bg: Color, modifier: Modifier) -> Pen {
        Pen { fg, bg, modifier }
    }

    #[test]
    fn only_what_changed_in_one_sequence() {
        let d = Pen::DEFAULT;
        let border = pen(Color::Cyan, Color::Reset, Modifier::BOLD);
        let grey = pen(Color::DarkGray, Color::Reset, Modifier::empty());
        let grey_on_cyan = pen(Color::DarkGray, Color::Cyan, Modifier::BOLD);
        assert_eq!(change(Some(d), d), "");
        assert_eq!(change(Some(d), border), "^[1;38;5;6m");
        assert_eq!(change(Some(border), grey), "^[0;90m");
        assert_eq!(change(Some(border), grey_on_cyan), "^[90;48;5;6m");
        assert_eq!(change(Some(grey), d), "^[m");
        assert_eq!(change(None, d), "^[m");
        assert_eq!(change(None, grey), "^[0;90m");
    }

    #[test]
    fn bold_and_dim_end_together() {
        let both = pen(
            Color::Red,
            Color::Reset,
            Modifier::BOLD | Modifier::DIM | Modifier::ITALIC,
        );
        let dim = pen(Color::Red, Color::Reset, Modifier::DIM | Modifier::ITALIC);
        assert_eq!(change(Some(both), dim), "^[22;2m");
    }

    #[test]
    fn a_reset_when_it_is_shorter() {
        let many = pen(
            Color::Indexed(200),
            Color::Rgb(1, 2, 3),
            Modifier::REVERSED | Modifier::UNDERLINED,
        );
        let bold = pen(Color::Reset, Color::Reset, Modifier::BOLD);
        assert_eq!(change(Some(many), bold), "^[0;1m");
        assert_eq!(change(Some(bold), many), "^[0;4;7;38;5;200;48;2;1;2;3m");
        assert_eq!(
            change(
                Some(Pen::DEFAULT),
                pen(Color::White, Color::Gray, Modifier::empty())
            ),
            "^[97;48;5;7m"
        );
    }
}
