//! An editor over the whole screen: its fields top to bottom, the one in
//! focus marked and, for text, drawn as the live text area with its cursor.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{View, clip};
use crate::editor::form::TextView;
use crate::editor::{Chain, Field, FieldKind, Form, soft_wrap};

/// Draws a text area, wrapped between words as `soft_wrap` says, and puts
/// the terminal's cursor where it types. `kept` is where the form keeps
/// the focused text's size and first row, for the editor's `↑` and `↓`;
/// without it the rows around the cursor are shown.
fn text_area(
    frame: &mut Frame,
    ta: &tui_textarea::TextArea<'static>,
    rect: Rect,
    kept: Option<&TextView>,
) {
    if rect.width == 0 || rect.height == 0 {
        return;
    }
    let (width, height) = (rect.width as usize, rect.height as usize);
    let lines = ta.lines();
    let rows = soft_wrap::rows(lines, width);
    let cursor = ta.cursor();
    let (at, x) = soft_wrap::locate(&rows, lines, (cursor.0, cursor.1), width);
    // The first row shown: the one before, moved as little as keeps the
    // cursor in sight.
    let before = kept.map_or(0, |k| k.top.get());
    let top = before
        .min(at)
        .max((at + 1).saturating_sub(height))
        .min((rows.len() + 1).saturating_sub(height));
    if let Some(k) = kept {
        k.width.set(rect.width);
        k.height.set(rect.height);
        k.top.set(top);
    }
    let selected = ta.selection_range();
    let reversed = Style::new().reversed();
    let shown: Vec<Line> = rows
        .iter()
        .skip(top)
        .take(height)
        .map(|row| {
            let chars = lines[row.line]
                .chars()
                .skip(row.start)
                .take(row.end - row.start);
            let Some(((r0, c0), (r1, c1))) = selected else {
                return Line::from(chars.collect::<String>());
            };
            let mut spans: Vec<Span> = Vec::new();
            for (k, c) in chars.enumerate() {
                let here = (row.line, row.start + k);
                let style = if (r0, c0) <= here && here < (r1, c1) {
                    reversed
                } else {
                    Style::new()
                };
                match spans.last_mut() {
                    Some(last) if last.style == style => last.content.to_mut().push(c),
                    _ => spans.push(Span::styled(c.to_string(), style)),
                }
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(shown), rect);
    if at >= top && at - top < height && x < width {
        frame.set_cursor_position((rect.x + x as u16, rect.y + (at - top) as u16));
    }
}

/// `1`…`9` before the options a digit ticks.
fn option_number(i: usize) -> String {
    if i < 9 {
        format!("{}", i + 1)
    } else {
        " ".to_string()
    }
}

/// The options of a set, packed into rows of at most `width` columns.
fn multi_rows(options: &[String], width: usize) -> Vec<Vec<usize>> {
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut used = 0;
    for (i, o) in options.iter().enumerate() {
        let w = 1 + 4 + o.chars().count() + 2;
        if rows.is_empty() || used + w > width.max(1) {
            rows.push(Vec::new());
            used = 0;
        }
        rows.last_mut().expect("a row was just pushed").push(i);
        used += w;
    }
    rows
}

/// Rows a field wants: its label line and its content.
fn wanted(field: &Field, focused: bool, width: usize) -> u16 {
    match &field.kind {
        FieldKind::Text(ta) => {
            let rows = soft_wrap::rows(ta.lines(), width).len();
            if focused {
                // A row more, for a cursor after the text's end.
                1 + (rows + 1).clamp(3, 200) as u16
            } else {
                1 + rows.min(2) as u16
            }
        }
        FieldKind::Chain(c) => 1 + c.links.len().clamp(1, 30) as u16,
        FieldKind::Multi { options, .. } => 1 + multi_rows(options, width).len().max(1) as u16,
        FieldKind::Info(text) => 1 + text.lines().count().max(1) as u16,
        _ => 1,
    }
}

pub fn render(frame: &mut Frame, area: Rect, view: &View, form: &Form) {
    frame.render_widget(Clear, area);
    if area.height == 0 || area.width == 0 {
        return;
    }
    let theme = view.theme;
    let title = Line::from(Span::styled(
        clip(&format!(" {} ", form.title), area.width as usize),
        theme.title(true),
    ));
    frame.render_widget(Paragraph::new(title), Rect { height: 1, ..area });
    let body = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    };
    if body.height == 0 {
        return;
    }
    let width = body.width as usize;
    let mut heights: Vec<u16> = form
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| wanted(f, i == form.focus, width.saturating_sub(2)))
        .collect();
    // The focused text area takes what the others leave, within reason.
    let others: u16 = heights
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != form.focus)
        .map(|(_, h)| *h)
        .sum();
    // A long text scrolls inside its field rather than pushing the fields
    // before it off the screen (a drafted report opens on its text with
    // the kind, period and recipient still in sight).
    if let Some(FieldKind::Text(_)) = form.focused().map(|f| &f.kind) {
        let spare = body.height.saturating_sub(others);
        heights[form.focus] = spare.max(4).min(body.height);
    }
    // Scroll so the focused field is whole on screen.
    let top_of = |i: usize| -> u16 { heights[..i].iter().sum() };
    let focus_top = top_of(form.focus);
    let focus_bottom = focus_top + heights[form.focus];
    let scroll = focus_bottom.saturating_sub(body.height).min(focus_top);
    let mut number = 0;
    for (i, field) in form.fields.iter().enumerate() {
        if !matches!(field.kind, FieldKind::Info(_)) {
            number += 1;
        }
        let top = top_of(i) as i32 - scroll as i32;
        let h = heights[i] as i32;
        if top + h <= 0 || top >= body.height as i32 {
            continue;
        }
        // Only whole fields are drawn, except one taller than the screen:
        // a field cut at the top would show its label without its value
        // (an answer that looks empty).
        if top < 0 && i != form.focus {
            continue;
        }
        let y = body.y as i32 + top.max(0);
        let visible = (h - (0 - top).max(0)).min(body.bottom() as i32 - y);
        if visible <= 0 {
            continue;
        }
        let rect = Rect {
            x: body.x,
            y: y as u16,
            width: body.width,
            height: visible as u16,
        };
        let kept = (i == form.focus).then_some(&form.text_view);
        render_field(frame, rect, view, field, number, kept);
    }
}

fn label_spans(view: &View, field: &Field, number: usize, focused: bool) -> Vec<Span<'static>> {
    let style = if focused {
        view.theme.title(true)
    } else {
        view.theme.bold()
    };
    let lead = if focused { "▸" } else { " " };
    let num = if number <= 9 && !matches!(field.kind, FieldKind::Info(_)) {
        format!("{number} ")
    } else {
        String::new()
    };
    let mut spans = vec![Span::styled(format!("{lead}{num}{}", field.label), style)];
    if let Some(err) = &field.error {
        spans.push(Span::styled(format!(" ✗ {err}"), view.theme.error()));
    }
    spans
}

fn render_field(
    frame: &mut Frame,
    rect: Rect,
    view: &View,
    field: &Field,
    number: usize,
    kept: Option<&TextView>,
) {
    let focused = kept.is_some();
    let theme = view.theme;
    let mut label = label_spans(view, field, number, focused);
    let content = Rect {
        y: rect.y + 1,
        height: rect.height.saturating_sub(1),
        x: rect.x + 2,
        width: rect.width.saturating_sub(2),
    };
    match &field.kind {
        FieldKind::Line(ta) | FieldKind::Date(ta) => {
            label.push(Span::raw(": "));
            render_line(frame, rect, label, ta, focused);
        }
        FieldKind::Choice { options, selected } => {
            label.push(Span::raw(": "));
            let value = options.get(*selected).cloned().unwrap_or_default();
            label.push(Span::styled(
                format!("‹ {value} ›"),
                if focused {
                    theme.selected(true)
                } else {
                    Style::new()
                },
            ));
            frame.render_widget(Paragraph::new(Line::from(label)), rect);
        }
        FieldKind::Multi {
            options,
            chosen,
            cursor,
        } => {
            // Every option on screen, however many lines it takes: a choice
            // out of sight could be ticked blind.
            label.push(Span::raw(":"));
            let mut lines = vec![Line::from(label)];
            let width = rect.width.saturating_sub(2) as usize;
            let cursor = focused.then_some(*cursor);
            lines.extend(multi_lines(view, options, chosen, cursor, width));
            frame.render_widget(Paragraph::new(lines), rect);
        }
        FieldKind::Toggle(on) => {
            label.push(Span::raw(": "));
            let text = if *on { "[x]" } else { "[ ]" };
            label.push(Span::styled(
                text,
                if focused {
                    theme.selected(true)
                } else {
                    Style::new()
                },
            ));
            frame.render_widget(Paragraph::new(Line::from(label)), rect);
        }
        FieldKind::Text(ta) => {
            frame.render_widget(
                Paragraph::new(Line::from(label)),
                Rect { height: 1, ..rect },
            );
            if focused {
                text_area(frame, ta, content, kept);
            } else {
                let lines = folded_text(view, ta, content);
                frame.render_widget(Paragraph::new(lines), content);
            }
        }
        FieldKind::Chain(chain) => {
            frame.render_widget(
                Paragraph::new(Line::from(label)),
                Rect { height: 1, ..rect },
            );
            render_chain(frame, content, view, chain, focused);
        }
        FieldKind::Info(text) => {
            frame.render_widget(
                Paragraph::new(Line::from(label)),
                Rect { height: 1, ..rect },
            );
            frame.render_widget(Paragraph::new(text.clone()).style(theme.dim()), content);
        }
    }
}

fn render_chain(frame: &mut Frame, area: Rect, view: &View, chain: &Chain, focused: bool) {
    let t = view.app.text();
    if area.height == 0 {
        return;
    }
    if chain.links.is_empty() {
        frame.render_widget(Paragraph::new(Span::styled("—", view.theme.dim())), area);
        return;
    }
    let rows = area.height as usize;
    let first = chain.selected.saturating_sub(rows.saturating_sub(1));
    let width = area.width as usize;
    for (n, link) in chain.links.iter().enumerate().skip(first).take(rows) {
        let y = area.y + (n - first) as u16;
        let row = Rect {
            y,
            height: 1,
            ..area
        };
        let selected = focused && n == chain.selected;
        let is_bp = chain.break_point == Some(n);
        let lead = format!(
            "{}{}{}",
            if selected { "▸" } else { " " },
            if is_bp { "▶" } else { " " },
            super::incident_chain::link_head(t, link, n)
        );
        let tail = if is_bp {
            format!(" ◀ {}", t.break_point)
        } else {
            String::new()
        };
        let style = match (selected, is_bp) {
            (true, _) => view.theme.selected(true),
            (false, true) => view.theme.break_point(),
            _ => Style::new(),
        };
        let lead_w = lead.chars().count() as u16;
        frame.render_widget(Paragraph::new(Span::styled(lead, style)), row);
        let text_area = Rect {
            x: row.x + lead_w.min(row.width),
            width: row.width.saturating_sub(lead_w),
            ..row
        };
        match (&chain.editing, selected) {
            (Some(ta), true) => self::text_area(frame, ta, text_area, None),
            _ => {
                let room = width.saturating_sub(lead_w as usize + tail.chars().count());
                let line = Line::from(vec![
                    Span::styled(clip(&link.text, room), style),
                    Span::styled(tail, style),
                ]);
                frame.render_widget(Paragraph::new(line), text_area);
            }
        }
    }
}

/// A one-line field: its label, then its value (the text area in focus).
fn render_line(
    frame: &mut Frame,
    rect: Rect,
    label: Vec<Span<'static>>,
    ta: &tui_textarea::TextArea<'static>,
    focused: bool,
) {
    let used: u16 = label.iter().map(|s| s.width() as u16).sum();
    frame.render_widget(
        Paragraph::new(Line::from(label)),
        Rect { height: 1, ..rect },
    );
    let value = Rect {
        x: rect.x + used.min(rect.width),
        width: rect.width.saturating_sub(used),
        height: 1,
        y: rect.y,
    };
    if focused {
        text_area(frame, ta, value, None);
    } else {
        frame.render_widget(
            Paragraph::new(ta.lines().first().cloned().unwrap_or_default()),
            value,
        );
    }
}

/// A set of choices as rows of `[x] option`, the one under the cursor
/// marked.
fn multi_lines(
    view: &View,
    options: &[String],
    chosen: &[bool],
    cursor: Option<usize>,
    width: usize,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for row in multi_rows(options, width) {
        let mut spans = vec![Span::raw("  ")];
        for i in row {
            let mark = if chosen.get(i).copied().unwrap_or(false) {
                "[x]"
            } else {
                "[ ]"
            };
            let style = if cursor == Some(i) {
                view.theme.selected(true)
            } else {
                Style::new()
            };
            spans.push(Span::styled(
                format!("{}{mark} {}", option_number(i), options[i]),
                style,
            ));
            spans.push(Span::raw("  "));
        }
        lines.push(Line::from(spans));
    }
    lines
}

/// A text field out of focus in the rows it has: when the text has more,
/// the last row says how many more (five subscales never look like two).
fn folded_text(
    view: &View,
    ta: &tui_textarea::TextArea<'static>,
    rect: Rect,
) -> Vec<Line<'static>> {
    let width = rect.width as usize;
    // Each row with the line of the text it is part of.
    let rows: Vec<(usize, String)> = ta
        .lines()
        .iter()
        .enumerate()
        .flat_map(|(i, l)| super::wrap::wrap(l, width).into_iter().map(move |r| (i, r)))
        .collect();
    let room = rect.height as usize;
    let dim = view.theme.dim();
    if rows.len() <= room || room == 0 {
        return rows
            .into_iter()
            .map(|(_, r)| Line::from(Span::styled(r, dim)))
            .collect();
    }
    // Lines of the text, not rows of the screen, are counted: those not
    // wholly shown.
    let shown = (room - 1).max(1);
    let whole = match rows.get(shown) {
        Some((next, _)) => *next,
        None => ta.lines().len(),
    };
    let more = view
        .app
        .lang
        .forms()
        .more_lines
        .count(ta.lines().len() - whole, &[]);
    if room == 1 {
        // One row: the start of the text, and how much more there is.
        let room_left = width.saturating_sub(more.chars().count() + 1);
        let start = super::clip(&rows[0].1, room_left);
        return vec![Line::from(vec![
            Span::styled(format!("{start} "), dim),
            Span::styled(more, view.theme.key()),
        ])];
    }
    let mut lines: Vec<Line> = rows
        .into_iter()
        .take(shown)
        .map(|(_, r)| Line::from(Span::styled(r, dim)))
        .collect();
    lines.push(Line::from(Span::styled(more, view.theme.key())));
    lines
}
