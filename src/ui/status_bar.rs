//! The status bar: key hints for the pane in focus (from the keymap in
//! force), counts of overdue and due-soon items, and the save state.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::View;
use crate::app::{Action, KeyContext, Prompt, PromptKind, SaveState};
use crate::domain::due::DueState;
use crate::domain::steps::needs_reason;
use crate::editor::{FieldKind, Form};
use crate::i18n::fill;

/// The actions worth a hint in each context, most useful first.
fn hinted(ctx: KeyContext) -> &'static [Action] {
    use Action::*;
    match ctx {
        KeyContext::CaseList => &[
            NewNote,
            Filter,
            OverdueView,
            CaseDetails,
            Sort,
            FocusNext,
            Help,
            Quit,
        ],
        KeyContext::Checklist => &[ToggleStep, EditDate, PhaseNext, PhasePrev, NewNote, Help],
        KeyContext::Reflections => &[NewReflection, Edit, NewNote, FocusNext, Help],
        KeyContext::Notes => &[Open, Edit, NewNote, FocusNext, Help],
        KeyContext::Viewer => &[Edit, Back, Help],
        KeyContext::Incidents => &[NewIncident, NewNote, FocusNext, Help],
        KeyContext::Overdue => &[Open, Back, Help],
        KeyContext::Waiting => &[AssignNote, NoteToFile, Back, Help],
        KeyContext::Journal => &[MarkTransferred, MarkAllTransferred, FocusNext, Back, Help],
        KeyContext::Global => &[Help, Back],
        KeyContext::Editor => &[Save, Cancel, FocusNext, Help],
        KeyContext::ChainEditor => &[
            LinkAdd,
            MarkBreakPoint,
            LinkKindNext,
            Help,
            LinkActorNext,
            LinkMoveUp,
            LinkMoveDown,
            LinkDelete,
            LinkInsertBefore,
        ],
    }
}

/// What an action is called in a context: in an editor, moving focus goes
/// between fields, not panes.
pub fn action_label(view: &View, ctx: KeyContext, action: Action) -> &'static str {
    let f = view.app.lang.forms();
    match (ctx, action) {
        (KeyContext::Editor | KeyContext::ChainEditor, Action::FocusNext) => f.next_field,
        (KeyContext::Editor | KeyContext::ChainEditor, Action::FocusPrev) => f.prev_field,
        (KeyContext::Notes, Action::Open) => view.app.text().read_note,
        (KeyContext::Notes, Action::Edit) => view.app.text().edit_note,
        (KeyContext::Reflections, Action::Edit) => view.app.text().edit_goal,
        (KeyContext::Journal, Action::FocusNext) => view.app.lang.journal().all_or_one,
        _ => view.app.lang.describe(action),
    }
}

/// The key and label of an action's hint, when a key is bound to it.
fn hint(view: &View, ctx: KeyContext, action: Action) -> Option<(String, &'static str)> {
    let key = view.keymap.keys(ctx, action).into_iter().next()?;
    Some((key.to_string(), action_label(view, ctx, action)))
}

/// As many whole hints as fit, in their order: a key without its label
/// helps nobody. The help is kept whatever else goes, for it leads to
/// every other key; a hint too long for what is left makes way for a
/// shorter one after it.
fn hint_line(view: &View, ctx: KeyContext, width: u16) -> Line<'static> {
    let hints: Vec<(Action, String, &str)> = (hinted(ctx).iter())
        .filter_map(|a| hint(view, ctx, *a).map(|(k, l)| (*a, k, l)))
        .collect();
    let room = width as usize + 2;
    let mut used = 0;
    let mut shown = vec![false; hints.len()];
    let kept = |a: Action| a == Action::Help;
    let first = (0..hints.len()).filter(|i| kept(hints[*i].0));
    for i in first.chain((0..hints.len()).filter(|i| !kept(hints[*i].0))) {
        let (_, key, label) = &hints[i];
        let w = key.chars().count() + label.chars().count() + 3;
        if used + w <= room {
            used += w;
            shown[i] = true;
        }
    }
    let mut spans = Vec::new();
    for ((_, key, label), _) in hints.into_iter().zip(shown).filter(|(_, s)| *s) {
        spans.push(Span::styled(key, view.theme.key()));
        spans.push(Span::raw(format!(" {label}  ")));
    }
    Line::from(spans)
}

/// The question of a prompt.
fn prompt_label(view: &View, kind: PromptKind) -> String {
    let app = view.app;
    let t = app.text();
    match kind {
        PromptKind::Redraft(from, to) => fill(
            app.lang.forms().redraft_question,
            &[("from", &from.to_string()), ("to", &to.to_string())],
        ),
        PromptKind::Filter => t.prompt_filter.to_string(),
        PromptKind::Worker => t.prompt_worker.to_string(),
        PromptKind::StepDate(_) => t.prompt_step_date.to_string(),
        PromptKind::StepNote(step) if needs_reason(step) => {
            app.lang.steps().prompt_reason.to_string()
        }
        PromptKind::StepNote(_) => app.lang.steps().prompt_note.to_string(),
        PromptKind::RemoveReason(kind, seq) => {
            let f = app.lang.forms();
            fill(
                f.remove_reason,
                &[("kind", f.kinds[kind as usize]), ("seq", &seq.to_string())],
            )
        }
        PromptKind::DraftFile { full: true } => {
            app.lang.safety().prompt_draft_file_full.to_string()
        }
        PromptKind::DraftFile { full: false } => app.lang.safety().prompt_draft_file.to_string(),
        PromptKind::WaitingCase => app.lang.waiting().prompt_case.to_string(),
        PromptKind::WaitingFile => app.lang.waiting().prompt_file.to_string(),
        PromptKind::Confirm(asked) => app.confirm_question(asked),
        PromptKind::NoContact(week) => fill(
            app.lang.text().prompt_no_contact,
            &[("week", &week.week.to_string())],
        ),
    }
}

/// A prompt: its question, the answer being typed, and what is wrong
/// with it. A file name is long: what is wrong with it takes the
/// question's place, where it is seen.
fn prompt_line(view: &View, prompt: &Prompt) -> Line<'static> {
    if let PromptKind::Confirm(_) = prompt.kind {
        return Line::from(Span::styled(
            prompt_label(view, prompt.kind),
            view.theme.bold(),
        ));
    }
    let (label, error) = match (&prompt.error, prompt.kind) {
        (Some(err), PromptKind::DraftFile { .. } | PromptKind::WaitingFile) => (err.clone(), None),
        (err, kind) => (prompt_label(view, kind), err.clone()),
    };
    let mut spans = vec![
        Span::styled(format!("{label}: "), view.theme.bold()),
        if prompt.suggested {
            Span::styled(prompt.text.clone(), view.theme.selected(true))
        } else {
            Span::raw(prompt.text.clone())
        },
        Span::styled("▏", view.theme.key()),
    ];
    if let Some(err) = error {
        spans.push(Span::styled(format!(" {err}"), view.theme.error()));
    }
    Line::from(spans)
}

/// The most rows a message or a question takes at the foot of the
/// screen: enough for a question's answers on a 40-column screen.
const MOST_ROWS: usize = 8;

/// What the status line says in place of key hints, when it says more
/// than one row holds: a message, the question of an editor being left,
/// a prompt, or the focused field's error when its label line cuts it —
/// in rows of `width`, words whole, so it is read whole.
fn said_rows(view: &View, width: u16) -> Option<Vec<Line<'static>>> {
    let app = view.app;
    let width = width as usize;
    let rows = |text: &str, style| {
        let lines: Vec<Line<'static>> = super::wrap::wrap(text, width)
            .into_iter()
            .map(|l| Line::from(Span::styled(l, style)))
            .collect();
        Some(lines)
    };
    if let Some(prompt) = &app.prompt {
        let line = prompt_line(view, prompt);
        if line.width() <= width {
            return None;
        }
        // The question wrapped, the answer being typed on the last row.
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        return rows(&text, view.theme.bold());
    }
    if let Some(form) = &app.form {
        let f = app.lang.forms();
        if form.leaving {
            return rows(f.leave_question, view.theme.error());
        }
        if app.message.is_none() {
            let error = cut_error(form, width)?;
            return rows(&format!("✗ {error}"), view.theme.error());
        }
    }
    rows(app.message.as_deref()?, view.theme.bold())
}

/// The focused field's error, when its label line at `width` cuts it or
/// the value after it (a date typed on the same row).
fn cut_error(form: &Form, width: usize) -> Option<&str> {
    let field = form.focused()?;
    let error = field.error.as_deref()?;
    // "▸6 " and " ✗ " around the label, then ": value▏" on a line field.
    let value = match field.kind {
        FieldKind::Line(_) | FieldKind::Date(_) => form.text(field.id).chars().count() + 3,
        _ => 0,
    };
    let label_line = field.label.chars().count() + error.chars().count() + 6 + value;
    (label_line > width).then_some(error)
}

/// The status line's rows when what it says does not fit on one row
/// beside the state: the text wrapped, then the state on a row of its own.
fn foot_rows(view: &View, width: u16) -> Option<Vec<Line<'static>>> {
    let mut rows = said_rows(view, width)?;
    let state = state_line(view);
    let beside = rows.len() == 1 && rows[0].width() + 1 + state.width() <= width as usize;
    if beside {
        return None;
    }
    if state.width() > 0 {
        rows.truncate(MOST_ROWS - 1);
        rows.push(state.right_aligned());
    } else {
        rows.truncate(MOST_ROWS);
    }
    Some(rows)
}

/// The rows the status line takes at `width`: one, or as many as a long
/// message needs (at most four).
pub fn height(view: &View, width: u16) -> u16 {
    foot_rows(view, width).map_or(1, |r| r.len().max(1) as u16)
}

/// The state at the right of the status line: the counts (on the main
/// screen), the save state, damaged records.
fn state_line(view: &View) -> Line<'static> {
    let app = view.app;
    let t = app.text();
    // In an editor the keys need the room, and a message or a question
    // needs it more than the counts, which come back with the next key.
    let mut right = Vec::new();
    // Notes the inbox cannot take in stay in sight until dealt with.
    let listed = matches!(app.overlay, Some(crate::app::Overlay::Waiting { .. }));
    if app.form.is_none() && !app.waiting.is_empty() && !listed {
        let key = view.keymap.keys(KeyContext::Global, Action::WaitingNotes);
        let key = key.first().map(|k| k.to_string()).unwrap_or_default();
        let said = app
            .lang
            .waiting()
            .count
            .count(app.waiting.len(), &[("key", &key)]);
        right.extend([Span::styled(said, view.theme.error()), Span::raw(" ")]);
    }
    if app.form.is_none() && app.message.is_none() && app.prompt.is_none() {
        let (overdue, soon) = app.counts();
        right.extend([
            Span::styled(
                t.count_overdue.count(overdue, &[]),
                view.theme.state(DueState::Overdue),
            ),
            Span::raw(" "),
            Span::styled(
                fill(t.count_due_soon, &[("n", &soon.to_string())]),
                view.theme.state(DueState::DueSoon),
            ),
        ]);
    }
    match &app.save {
        SaveState::Clean => {}
        SaveState::Saved(time) => right.push(Span::raw(format!(
            " · {}",
            fill(t.saved_at, &[("time", &time.format("%H:%M").to_string())])
        ))),
        SaveState::Failed(e) => right.push(Span::styled(
            format!(" {}", fill(t.save_failed, &[("error", e)])),
            view.theme.error(),
        )),
    }
    if app.damaged > 0 {
        right.push(Span::styled(
            format!(" · {}", t.damaged_status.count(app.damaged, &[])),
            view.theme.error(),
        ));
    }
    Line::from(right)
}

pub fn render(frame: &mut Frame, area: Rect, view: &View) {
    if let Some(rows) = foot_rows(view, area.width) {
        frame.render_widget(Paragraph::new(rows), area);
        return;
    }
    let app = view.app;
    let right_line = state_line(view);
    let mut right_w = (right_line.width() as u16 + 1).min(area.width);
    // A question and its answer, or a message, come first: the state
    // gets what is left (it is there again after the next key).
    let asked = app.prompt.as_ref().map(|p| prompt_line(view, p));
    let leaving = app.form.as_ref().is_some_and(|f| f.leaving);
    // The focused field's error its row cuts, said here in place of hints.
    let cut = (app.form.as_ref()).and_then(|f| cut_error(f, area.width as usize));
    let first = match (&asked, &app.message) {
        (Some(line), _) => line.width() + 1,
        (None, Some(m)) => m.chars().count() + 1,
        (None, None) if leaving => app.lang.forms().leave_question.chars().count() + 1,
        (None, None) => cut.map_or(0, |e| e.chars().count() + 3),
    };
    right_w = right_w.min(area.width.saturating_sub(first as u16));
    let [left_area, right_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(right_w)]).areas(area);

    let left = if let Some(line) = asked {
        line
    } else if let Some(form) = &app.form {
        let f = app.lang.forms();
        if form.leaving {
            Line::from(Span::styled(f.leave_question, view.theme.error()))
        } else if let Some(msg) = &app.message {
            Line::from(Span::styled(msg.clone(), view.theme.bold()))
        } else if let Some(error) = cut {
            Line::from(Span::styled(format!("✗ {error}"), view.theme.error()))
        } else if form.focused().is_some_and(
            |x| matches!(&x.kind, crate::editor::FieldKind::Chain(c) if c.editing.is_some()),
        ) {
            Line::from(Span::styled(f.chain_editing, view.theme.key()))
        } else {
            hint_line(view, app.key_context(), left_area.width)
        }
    } else if let Some(msg) = &app.message {
        Line::from(Span::styled(msg.clone(), view.theme.bold()))
    } else {
        let ctx = if app.overlay.is_some() || app.viewer.is_some() {
            app.key_context()
        } else {
            app.focus.context()
        };
        hint_line(view, ctx, left_area.width)
    };
    frame.render_widget(Paragraph::new(left), left_area);
    frame.render_widget(Paragraph::new(right_line).right_aligned(), right_area);
}
