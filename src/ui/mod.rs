//! Rendering: reads the state, changes nothing. One file per pane or popup.

mod banner;
mod case_details;
mod case_list;
mod checklist;
mod form;
mod help;
mod history;
mod incident_chain;
mod journal;
mod notes;
mod overdue;
mod reflections;
mod stats;
mod status_bar;
pub mod svg;
pub mod theme;
mod viewer;
mod waiting;
pub mod wrap;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::app::{App, Overlay, Pane};
use crate::keymap::Keymap;
pub use theme::Theme;

/// Below this the app shows one pane at a time with a tab line.
pub const MIN_FULL: (u16, u16) = (80, 24);

/// From this width the selected case has a header line above its panes.
pub const WIDE_HEADER: u16 = 120;

/// What rendering reads.
pub struct View<'a> {
    pub app: &'a App,
    pub keymap: &'a Keymap,
    pub theme: Theme,
}

impl View<'_> {
    /// A pane's bordered block: double border and reversed title when in
    /// focus, the pane's number key in the title.
    fn block(&self, pane: Pane, title: String) -> Block<'static> {
        let focused = self.app.focus == pane && self.app.overlay.is_none();
        let (kind, style) = self.theme.border(focused);
        Block::default()
            .borders(Borders::ALL)
            .border_type(kind)
            .border_style(style)
            .title(Span::styled(
                format!(" {title} "),
                self.theme.title(focused),
            ))
    }
}

pub fn render(frame: &mut Frame, view: &View) {
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    // A long message or question takes more rows at the foot, up to half
    // the screen, so that it is read whole (its answers too).
    let status_rows = status_bar::height(view, area.width).min((area.height / 2).max(1));
    let [main, status] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(status_rows)]).areas(area);
    let main = banner::render(frame, main, view);
    if area.width >= MIN_FULL.0 && area.height >= MIN_FULL.1 {
        render_panes(frame, main, view);
    } else {
        render_single(frame, main, view);
    }
    status_bar::render(frame, status, view);
    if let Some(form) = &view.app.form {
        form::render(frame, main, view, form);
    }
    if let Some(viewer) = &view.app.viewer {
        viewer::render(frame, main, view, viewer);
    }
    match &view.app.overlay {
        Some(Overlay::Help { scroll }) => help::render(frame, main, view, *scroll),
        Some(Overlay::Overdue { selected }) => overdue::render(frame, main, view, *selected),
        Some(Overlay::History { selected, version }) => {
            history::render(frame, main, view, *selected, *version)
        }
        Some(Overlay::Stats { scroll }) => stats::render(frame, main, view, *scroll),
        Some(Overlay::Details { scroll }) => {
            // A wide screen keeps the case list in sight beside them.
            let over = if main.width >= WIDE_HEADER && area.height >= MIN_FULL.1 {
                let left = list_width(main.width);
                Rect {
                    x: main.x + left,
                    width: main.width - left,
                    ..main
                }
            } else {
                main
            };
            case_details::render(frame, over, view, *scroll)
        }
        Some(Overlay::Journal { selected }) => journal::render(frame, main, view, *selected),
        Some(Overlay::Waiting { selected, scroll }) => {
            waiting::render(frame, main, view, *selected, *scroll)
        }
        None => {}
    }
    if let Some(offer) = view.app.draft_offer_text() {
        let h = 5.min(main.height);
        let rect = centered(main, 76, h);
        let title = view.app.offered_draft_title().unwrap_or_default();
        let inner = popup(frame, rect, view, &title, "");
        frame.render_widget(
            Paragraph::new(offer).wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
    }
}

/// The case list's width on a screen `width` wide: a third of a wide
/// screen, so its labels are not cut beside empty columns.
fn list_width(width: u16) -> u16 {
    (width * 35 / 100).clamp(28, 56)
}

fn render_panes(frame: &mut Frame, area: Rect, view: &View) {
    let left = list_width(area.width);
    let [cases, right] =
        Layout::horizontal([Constraint::Length(left), Constraint::Min(0)]).areas(area);
    // A wide screen names the selected case, its persons and its social
    // secretary above its panes.
    let right = if area.width >= WIDE_HEADER && view.app.current().is_some() {
        let [header, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(right);
        case_details::render_header(frame, header, view);
        rest
    } else {
        right
    };
    let outer = (area.height * 35 / 100).max(8);
    let [check, refl, inc] = Layout::vertical([
        Constraint::Length(outer),
        Constraint::Min(0),
        Constraint::Length(outer),
    ])
    .areas(right);
    case_list::render(frame, cases, view);
    checklist::render(frame, check, view);
    reflections::render(frame, refl, view);
    render_lower(frame, inc, view);
}

/// The incidents and the notes: side by side when there is room, else the
/// one last focused, with the other's key and name on the border.
fn render_lower(frame: &mut Frame, area: Rect, view: &View) {
    if area.width >= 100 {
        let [inc, notes] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(area);
        incident_chain::render(frame, inc, view);
        notes::render(frame, notes, view);
        return;
    }
    let app = view.app;
    let shown = match app.focus {
        Pane::Incidents | Pane::Notes => app.focus,
        _ => app.lower,
    };
    let other = if shown == Pane::Notes {
        Pane::Incidents
    } else {
        incident_chain::render(frame, area, view);
        Pane::Notes
    };
    if shown == Pane::Notes {
        notes::render(frame, area, view);
    }
    let label = format!(
        " {} {} ",
        other.index() + 1,
        app.text().panes[other.index()]
    );
    let w = label.chars().count() as u16;
    if area.width > w + 24 && area.height > 0 {
        let rect = Rect {
            x: area.right() - w - 1,
            y: area.y,
            width: w,
            height: 1,
        };
        frame.render_widget(Paragraph::new(Span::styled(label, view.theme.dim())), rect);
    }
}

/// A small window: a tab line, then the pane in focus.
fn render_single(frame: &mut Frame, area: Rect, view: &View) {
    let [tabs, pane] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let t = view.app.text();
    let full: usize = Pane::ALL
        .iter()
        .map(|p| t.panes[p.index()].chars().count() + 4)
        .sum();
    let mut spans = Vec::new();
    for p in Pane::ALL {
        // When the names do not all fit, the others show their number only.
        let label = if p == view.app.focus || full <= tabs.width as usize {
            format!(" {} {} ", p.index() + 1, t.panes[p.index()])
        } else {
            format!(" {} ", p.index() + 1)
        };
        let style = if p == view.app.focus {
            view.theme.title(true)
        } else {
            Style::new()
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw("│"));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), tabs);
    match view.app.focus {
        Pane::Cases => case_list::render(frame, pane, view),
        Pane::Checklist => checklist::render(frame, pane, view),
        Pane::Reflections => reflections::render(frame, pane, view),
        Pane::Incidents => incident_chain::render(frame, pane, view),
        Pane::Notes => notes::render(frame, pane, view),
    }
}

/// The screen as it would be drawn on a terminal of `width` x `height`.
pub fn render_buffer(view: &View, width: u16, height: u16) -> ratatui::buffer::Buffer {
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height))
        .expect("a test backend cannot fail");
    term.draw(|f| render(f, view))
        .expect("a test backend cannot fail");
    term.backend().buffer().clone()
}

/// A centred rectangle of at most `w` x `h` inside `area`.
fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Clears `area` and draws a bordered popup; returns the inner area.
fn popup(frame: &mut Frame, area: Rect, view: &View, title: &str, footer: &str) -> Rect {
    frame.render_widget(Clear, area);
    let (kind, style) = view.theme.border(true);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(kind)
        .border_style(style)
        .title(Span::styled(format!(" {title} "), view.theme.title(true)));
    let block = if footer.is_empty() {
        block
    } else {
        // Cut at its end, not its start, when the popup is narrow.
        let room = (area.width as usize).saturating_sub(4);
        block.title_bottom(Line::from(format!(" {} ", clip(footer, room))).right_aligned())
    };
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// At most `n` characters, with an ellipsis when cut.
pub fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else if n == 0 {
        String::new()
    } else {
        let mut out: String = s.chars().take(n - 1).collect();
        out.push('…');
        out
    }
}

/// `s` cut or padded to exactly `n` characters.
pub fn fit(s: &str, n: usize) -> String {
    let c = clip(s, n);
    let len = c.chars().count();
    format!("{c}{}", " ".repeat(n.saturating_sub(len)))
}

/// The first line of a text, for one-line summaries.
pub fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

#[cfg(test)]
mod tests;
