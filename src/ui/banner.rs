//! The banner of a screen opened read-only on a full disk: a line above
//! everything (wrapped when long), in reverse video, so it reads without colour too.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::View;

/// Draws the banner, if there is one, on the first row of `area`; the
/// rest of the area is returned.
pub fn render(frame: &mut Frame, area: Rect, view: &View) -> Rect {
    let Some(text) = view.app.read_only_banner() else {
        return area;
    };
    // Read whole: wrapped, on up to three rows.
    let rows: Vec<Line> = super::wrap::wrap(&text, area.width as usize)
        .into_iter()
        .take(3.min(area.height as usize / 3).max(1))
        .map(|l| Line::from(Span::raw(l)))
        .collect();
    let [top, rest] =
        Layout::vertical([Constraint::Length(rows.len() as u16), Constraint::Min(0)]).areas(area);
    frame.render_widget(Paragraph::new(rows).style(view.theme.error()), top);
    rest
}
