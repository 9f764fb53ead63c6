//! The follow-up statistics on the screen: the same tables as `insats stats`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use super::{View, popup};
use crate::domain::stats::follow_up_stats;
use crate::report::{Format, stats_text};

pub fn render(frame: &mut Frame, area: Rect, view: &View, scroll: usize) {
    let app = view.app;
    let t = app.lang.report();
    let inner = popup(
        frame,
        area,
        view,
        t.stats_title,
        app.text().help_footer.split(' ').next().unwrap_or("Esc"),
    );
    let text = match &app.stats {
        Some(stats) => stats_text(stats, app.lang, Format::Text),
        None => stats_text(&follow_up_stats(&[], None, None), app.lang, Format::Text),
    };
    let lines = text.lines().count();
    let scroll = scroll.min(lines.saturating_sub(inner.height as usize));
    frame.render_widget(Paragraph::new(text).scroll((scroll as u16, 0)), inner);
}
