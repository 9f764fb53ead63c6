//! Cursor moves by the fewest bytes. An absolute move (`CSI row;col H`)
//! costs six or seven bytes at 80x24; from a known place a carriage
//! return, a line feed, a backspace or a relative move (`CSI n C`) is
//! often one to four.

use std::io::{self, Write};

use ratatui::layout::Position;

/// Where the terminal's cursor is, as far as the writer knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cursor {
    Unknown,
    At(Position),
    /// Just printed into the last column of this row: the terminal holds a
    /// pending wrap, and where a relative move starts from differs between
    /// terminals. A carriage return ends it on every one.
    Wrapping(u16),
}

/// A control sequence `CSI n final`, `n` left out when it is 1 (the
/// default of every move used here).
fn csi(out: &mut Vec<u8>, n: u16, final_byte: u8) {
    out.extend_from_slice(b"\x1b[");
    if n != 1 {
        out.extend_from_slice(n.to_string().as_bytes());
    }
    out.push(final_byte);
}

/// Keeps the shorter of `best` and `candidate`.
fn keep_shorter(best: &mut Vec<u8>, candidate: Vec<u8>) {
    if candidate.len() < best.len() {
        *best = candidate;
    }
}

/// Along a row, from column `from` to column `to`.
fn horizontal(from: u16, to: u16) -> Vec<u8> {
    let mut best = along(from, to, [b'G', b'C', b'D']);
    if from != to && to == 0 {
        keep_shorter(&mut best, b"\r".to_vec());
    } else if to + 1 == from {
        keep_shorter(&mut best, b"\x08".to_vec());
    }
    best
}

/// Up or down a column, from row `from` to row `to`.
fn vertical(from: u16, to: u16) -> Vec<u8> {
    along(from, to, [b'd', b'B', b'A'])
}

/// The shorter of an absolute move to `to` and a relative one from `from`,
/// with the final bytes of [absolute, forward, back].
fn along(from: u16, to: u16, [absolute, forward, back]: [u8; 3]) -> Vec<u8> {
    if from == to {
        return Vec::new();
    }
    let mut best = Vec::new();
    csi(&mut best, to + 1, absolute);
    let mut rel = Vec::new();
    if to > from {
        csi(&mut rel, to - from, forward);
    } else {
        csi(&mut rel, from - to, back);
    }
    keep_shorter(&mut best, rel);
    best
}

/// The absolute move, parameters at their default left out.
fn absolute(to: Position) -> Vec<u8> {
    let mut out = b"\x1b[".to_vec();
    if to != Position::ORIGIN {
        out.extend_from_slice((to.y + 1).to_string().as_bytes());
        if to.x != 0 {
            out.push(b';');
            out.extend_from_slice((to.x + 1).to_string().as_bytes());
        }
    }
    out.push(b'H');
    out
}

/// From a known place: the row, then the column, or to the start of the
/// row first (line feeds are used only there, where a terminal that also
/// returns the carriage on a line feed lands in the same place).
fn relative(from: Position, to: Position) -> Vec<u8> {
    let mut best = [vertical(from.y, to.y), horizontal(from.x, to.x)].concat();
    if to.y > from.y && to.y - from.y <= 4 {
        let mut down = horizontal(from.x, 0);
        down.resize(down.len() + usize::from(to.y - from.y), b'\n');
        down.extend(horizontal(0, to.x));
        keep_shorter(&mut best, down);
    }
    best
}

/// The bytes that take the cursor from `from` to `to`: empty when it is
/// there.
pub fn cursor_move(from: Cursor, to: Position) -> Vec<u8> {
    let mut best = absolute(to);
    match from {
        Cursor::Unknown => {}
        Cursor::At(p) if p == to => return Vec::new(),
        Cursor::At(p) => keep_shorter(&mut best, relative(p, to)),
        Cursor::Wrapping(y) => {
            let after_cr = [b"\r".to_vec(), relative(Position { x: 0, y }, to)].concat();
            keep_shorter(&mut best, after_cr);
        }
    }
    best
}

/// Writes the move from `from` to `to`.
pub fn write_move(out: &mut impl Write, from: Cursor, to: Position) -> io::Result<()> {
    out.write_all(&cursor_move(from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(from: Cursor, x: u16, y: u16) -> String {
        String::from_utf8(cursor_move(from, Position { x, y }))
            .unwrap()
            .replace('\x1b', "^")
            .replace('\r', "CR")
            .replace('\n', "LF")
            .replace('\x08', "BS")
    }

    fn at(x: u16, y: u16) -> Cursor {
        Cursor::At(Position { x, y })
    }

    #[test]
    fn the_shortest_move() {
        assert_eq!(shown(Cursor::Unknown, 0, 0), "^[H");
        assert_eq!(shown(Cursor::Unknown, 0, 4), "^[5H");
        assert_eq!(shown(Cursor::Unknown, 11, 2), "^[3;12H");
        assert_eq!(shown(at(11, 2), 11, 2), "");
        assert_eq!(shown(at(11, 2), 12, 2), "^[C");
        assert_eq!(shown(at(11, 2), 30, 2), "^[31G");
        assert_eq!(shown(at(11, 2), 14, 2), "^[3C");
        assert_eq!(shown(at(11, 2), 10, 2), "BS");
        assert_eq!(shown(at(11, 2), 0, 2), "CR");
        assert_eq!(shown(at(79, 2), 0, 3), "CRLF");
        assert_eq!(shown(at(30, 2), 30, 9), "^[7B");
        assert_eq!(shown(at(30, 12), 30, 0), "^[d");
        assert_eq!(shown(at(5, 2), 2, 3), "^[4;3H");
        assert_eq!(shown(at(5, 2), 1, 3), "CRLF^[C");
        assert_eq!(shown(at(70, 20), 2, 3), "^[4;3H");
        assert_eq!(shown(Cursor::Wrapping(2), 0, 3), "CRLF");
        assert_eq!(shown(Cursor::Wrapping(2), 30, 2), "CR^[31G");
        assert_eq!(shown(Cursor::Wrapping(2), 79, 2), "CR^[80G");
    }
}
