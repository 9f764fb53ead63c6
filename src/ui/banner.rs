//! The banner of a screen opened read-only on a full disk: one line above
//! everything, in reverse video, so it reads without colour too.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::Paragraph;

use super::View;

/// Draws the banner, if there is one, on the first row of `area`; the
/// rest of the area is returned.
pub fn render(frame: &mut Frame, area: Rect, view: &View) -> Rect {
    let Some(text) = view.app.read_only_banner() else {
        return area;
    };
    let [top, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    frame.render_widget(
        Paragraph::new(Span::raw(text)).style(view.theme.error()),
        top,
    );
    rest
}
