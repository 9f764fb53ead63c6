//! Screenshots: a rendered buffer written as SVG text, colours kept, so a
//! browser shows the real screen.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

const CELL_W: f32 = 8.4;
const CELL_H: f32 = 17.0;
const FG: &str = "#d0d0d0";
const BG: &str = "#1c1c1c";

fn hex(color: Color, default: &str) -> String {
    let named = |c: Color| -> Option<&'static str> {
        Some(match c {
            Color::Black => "#000000",
            Color::Red => "#d75f5f",
            Color::Green => "#5faf5f",
            Color::Yellow => "#d7af5f",
            Color::Blue => "#5f87d7",
            Color::Magenta => "#af5faf",
            Color::Cyan => "#5fafaf",
            Color::Gray => "#bcbcbc",
            Color::DarkGray => "#767676",
            Color::LightRed => "#ff8787",
            Color::LightGreen => "#87d787",
            Color::LightYellow => "#ffd787",
            Color::LightBlue => "#87afff",
            Color::LightMagenta => "#d787d7",
            Color::LightCyan => "#87d7d7",
            Color::White => "#ffffff",
            _ => return None,
        })
    };
    match color {
        Color::Reset => default.to_string(),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        c => named(c).unwrap_or(default).to_string(),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The buffer as an SVG image, one text run per styled stretch of a row.
pub fn to_svg(buffer: &Buffer) -> String {
    let area = buffer.area;
    let (w, h) = (area.width as f32 * CELL_W, area.height as f32 * CELL_H);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.1} {h:.1}\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"{BG}\"/>\n\
         <g font-family=\"'DejaVu Sans Mono', Menlo, Consolas, monospace\" font-size=\"14\" xml:space=\"preserve\">\n"
    );
    for y in 0..area.height {
        let mut x = 0;
        while x < area.width {
            let cell = &buffer[(area.x + x, area.y + y)];
            let style = (cell.fg, cell.bg, cell.modifier);
            // Extend the run while the style stays the same.
            let start = x;
            let mut text = String::new();
            while x < area.width {
                let c = &buffer[(area.x + x, area.y + y)];
                if (c.fg, c.bg, c.modifier) != style {
                    break;
                }
                text.push_str(c.symbol());
                x += 1;
            }
            let (mut fg, mut bg) = (hex(style.0, FG), hex(style.1, BG));
            if style.2.contains(Modifier::REVERSED) {
                std::mem::swap(&mut fg, &mut bg);
            }
            let px = start as f32 * CELL_W;
            let py = y as f32 * CELL_H;
            let run_w = (x - start) as f32 * CELL_W;
            if bg != BG {
                out.push_str(&format!(
                    "<rect x=\"{px:.1}\" y=\"{py:.1}\" width=\"{run_w:.1}\" height=\"{CELL_H:.1}\" fill=\"{bg}\"/>\n"
                ));
            }
            if text.trim().is_empty() {
                continue;
            }
            let weight = if style.2.contains(Modifier::BOLD) {
                " font-weight=\"bold\""
            } else {
                ""
            };
            let deco = if style.2.contains(Modifier::UNDERLINED) {
                " text-decoration=\"underline\""
            } else {
                ""
            };
            out.push_str(&format!(
                "<text x=\"{px:.1}\" y=\"{:.1}\" fill=\"{fg}\" textLength=\"{run_w:.1}\" lengthAdjust=\"spacingAndGlyphs\"{weight}{deco}>{}</text>\n",
                py + CELL_H * 0.78,
                escape(&text)
            ));
        }
    }
    out.push_str("</g>\n</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    #[test]
    fn text_and_colours_survive() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 2));
        buf.set_string(0, 0, "Fas 1 <ok>", Style::new().fg(Color::Red));
        buf.set_string(0, 1, "å", Style::new().add_modifier(Modifier::REVERSED));
        let svg = to_svg(&buf);
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("Fas 1 &lt;ok&gt;"));
        assert!(svg.contains("#d75f5f"));
        assert!(svg.contains(">å</text>"));
        assert!(svg.trim_end().ends_with("</svg>"));
    }
}
