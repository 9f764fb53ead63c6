//! The screen: terminal setup and teardown, and the event loop. Boring on
//! purpose — keys become actions through the keymap, the app changes its
//! state, and the frame is drawn only when something changed.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{Local, NaiveDateTime};
use crossterm::event::{
    self, DisableBracketedPaste, DisableFocusChange, DisableMouseCapture, EnableBracketedPaste,
    Event, KeyEvent, KeyEventKind, KeyModifiers,
};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::Terminal;

use std::time::{Duration, Instant};

/// How often an idle screen wakes: to keep typed text as a draft and to
/// take in notes queued from another window, within the two seconds the
/// storage rules allow.
const TICK: Duration = Duration::from_secs(1);

/// How often the screen looks for what it saved for another window.
const SHELL_WAIT: Duration = Duration::from_millis(250);

use std::sync::mpsc::Receiver;

use crate::app::{Action, Answer, App, Effect, FromShell, KeyContext, PromptKey};
use crate::editor::DraftSlot;
use crate::i18n::fill;
use crate::keymap::{Key, KeyCombo, KeySeq, Keymap, Pending, Step};
use crate::store::Drafter;
use crate::term::{FrameOut, LeanBackend};
use crate::ui::{self, Theme, View};

/// Whether the terminal is in our modes and needs restoring.
static RAW: AtomicBool = AtomicBool::new(false);

/// Puts the terminal back as it was: main screen, cooked mode, no bracketed
/// paste or mouse reporting, cursor shown. Safe to call more than once and
/// from any thread.
pub fn restore_terminal() {
    if RAW.swap(false, Ordering::SeqCst) {
        let mut out = io::stdout();
        let _ = crossterm::execute!(
            out,
            DisableBracketedPaste,
            DisableMouseCapture,
            DisableFocusChange,
            LeaveAlternateScreen,
            crossterm::cursor::Show
        );
        let _ = terminal::disable_raw_mode();
        let _ = out.flush();
    }
}

/// Restores the terminal when dropped, whatever the way out.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// The terminal the screen draws on.
type Screen = Terminal<LeanBackend<FrameOut>>;

fn enter() -> io::Result<(Guard, Screen)> {
    // A panic restores the terminal before its message is printed, so the
    // message is readable and the shell usable.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A command run for another window (`serve.rs`) that panics ends
        // that command only: the screen stays as it is, and nothing is
        // printed over it.
        if super::serve::on_request_thread() {
            return;
        }
        restore_terminal();
        default_hook(info);
    }));
    terminal::enable_raw_mode()?;
    RAW.store(true, Ordering::SeqCst);
    let guard = Guard;
    crossterm::execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    let mut term = Terminal::new(LeanBackend::new(io::stdout()))?;
    term.hide_cursor()?;
    Ok((guard, term))
}

/// Clears the screen and forgets what was drawn, so the next frame is
/// drawn whole. Not `Terminal::clear`: that asks the terminal where its
/// cursor is and waits for the answer, a round trip over a slow link and a
/// failure on a terminal that never answers.
fn forget_screen(term: &mut Screen) -> io::Result<()> {
    let size = term.size()?;
    term.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
}

/// SIGHUP (the SSH link dropped) and SIGTERM: keep the text being typed as
/// a draft, flush the store, restore what is left of the terminal, and go.
/// Runs on its own thread, so a busy or stuck event loop cannot hold it up.
/// Its handle on the store is given back when the screen ends with no text
/// in flight ([`Signalled::release`]).
fn watch_signals(drafter: Drafter, slot: DraftSlot) -> io::Result<Signalled> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    // Raw mode turns ctrl-c into a key, but `kill -INT` still arrives.
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGINT, SIGQUIT])?;
    let held = Signalled(Arc::new(Mutex::new(Some(drafter))));
    let theirs = held.clone();
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if signals.forever().next().is_some() {
                let drafter = theirs.0.lock().map(|mut d| d.take());
                match drafter {
                    Ok(Some(drafter)) => keep_draft_and_exit(&drafter, &slot),
                    // The screen has ended, its store flushed: nothing is
                    // left to keep (what the exit writes after — the
                    // caseload, a backup — is derived, and made again).
                    _ => {
                        restore_terminal();
                        super::remove_demo_store();
                        std::process::exit(0);
                    }
                }
            }
        })?;
    Ok(held)
}

/// The signal thread's handle on the store.
#[derive(Clone)]
struct Signalled(Arc<Mutex<Option<Drafter>>>);

impl Signalled {
    /// After the screen, with no draft left to keep: the store then holds
    /// the only handles to its database, and can be closed and opened
    /// again between the pieces of its exit backup.
    fn release(&self, slot: &DraftSlot) {
        if !slot.is_set()
            && let Ok(mut drafter) = self.0.lock()
        {
            drafter.take();
        }
    }
}

/// The last words of a session that lost its terminal: the draft into the
/// store, the store onto the disk, the terminal back, exit.
fn keep_draft_and_exit(drafter: &Drafter, slot: &DraftSlot) -> ! {
    if let Some((draft, as_text)) = slot.get_with_text() {
        let kept = drafter
            .put(&draft.kind.draft_key(), &draft)
            .and_then(|()| drafter.flush());
        // The store cannot take it (a full disk): the text goes to the
        // file the screen would have offered, named at the next start.
        if kept.is_err() {
            let _ = crate::app::keep_text_at_hangup(&draft, &as_text);
        }
    }
    let _ = drafter.flush();
    restore_terminal();
    super::remove_demo_store();
    std::process::exit(0);
}

/// What a key does: an answer to a question on screen, text for an open
/// prompt or editor field, or an action of the keymap in the current
/// context, perhaps the last key of a sequence (`pending` holds the keys
/// of one pressed so far). Key releases are ignored.
pub fn handle_key(
    app: &mut App,
    keymap: &Keymap,
    pending: &mut Pending,
    event: &KeyEvent,
    now: NaiveDateTime,
) -> Effect {
    if event.kind == KeyEventKind::Release {
        return Effect::None;
    }
    if let Some(key) = esc_then_key(app, keymap, event) {
        let esc = KeyEvent::new(crossterm::event::KeyCode::Esc, KeyModifiers::NONE);
        let first = handle_key(app, keymap, pending, &esc, now);
        if first == Effect::Quit {
            return first;
        }
        return strongest(first, handle_key(app, keymap, pending, &key, now));
    }
    let Some(combo) = KeyCombo::from_event(event) else {
        return Effect::None;
    };
    let plain = !combo.ctrl() && !combo.alt();
    let asking = app.offered_draft().is_some() && app.overlay.is_none()
        || app.form.as_ref().is_some_and(|f| f.leaving)
        || app.prompt.is_some();
    if asking {
        // A question came up since a sequence was started: it takes the key.
        pending.clear();
    }
    // The draft offered at start.
    if app.offered_draft().is_some() && app.overlay.is_none() {
        let answer = match combo.key() {
            Key::Enter | Key::Char('r') | Key::Char('R') if plain => Some(Answer::Yes),
            Key::Char('d') | Key::Char('D') if plain => Some(Answer::Discard),
            Key::Esc => Some(Answer::Back),
            _ => None,
        };
        return answer.map_or(Effect::None, |a| app.draft_answer(a, now));
    }
    // Leaving an editor with unsaved text.
    if app.form.as_ref().is_some_and(|f| f.leaving) {
        let answer = match combo.key() {
            Key::Enter | Key::Char('k') | Key::Char('K') if plain => Some(Answer::Yes),
            Key::Char('d') | Key::Char('D') if plain => Some(Answer::Discard),
            Key::Esc => Some(Answer::Back),
            _ => None,
        };
        return answer.map_or(Effect::None, |a| app.leave_answer(a, now));
    }
    if app.prompt.is_some() {
        let key = match (combo.key(), combo.ctrl() || combo.alt()) {
            (Key::Enter, false) => Some(PromptKey::Submit),
            (Key::Esc, _) => Some(PromptKey::Cancel),
            (Key::Backspace, _) => Some(PromptKey::Backspace),
            (Key::Char('u'), true) if combo.ctrl() && !combo.alt() => Some(PromptKey::Clear),
            (Key::Char(c), false) => Some(PromptKey::Char(c)),
            _ => match keymap.action(KeyContext::Editor, &combo) {
                Some(Action::Save) => Some(PromptKey::Submit),
                Some(Action::Cancel) => Some(PromptKey::Cancel),
                _ => None,
            },
        };
        return key.map_or(Effect::None, |k| app.prompt_key(k, now));
    }
    match keymap.step(pending, app.key_context(), combo) {
        Step::Action(action) => return app.update(action, now),
        // Said where messages are, as emacs echoes `C-x-`; the next key
        // takes it away.
        Step::Prefix(keys) => {
            app.message = Some(pending_line(app, keymap, &keys));
            return Effect::Draw;
        }
        Step::Undefined(keys) => {
            let said = app.lang.forms().keys_undefined;
            app.message = Some(fill(said, &[("keys", &keys.to_string())]));
            return Effect::Draw;
        }
        Step::Unbound => {}
    }
    if app.form.is_some() && app.overlay.is_none() {
        if let (Key::Char(d @ '1'..='9'), true, false) = (combo.key(), combo.alt(), combo.ctrl()) {
            return app.form_jump(d as usize - '0' as usize, now);
        }
        return app.form_input(tui_textarea::Input::from(*event), now);
    }
    Effect::None
}

/// What the status line says while a sequence is pending: the keys so far
/// and how they can go on, `esc … : w enter spara · : q enter avbryt`.
fn pending_line(app: &App, keymap: &Keymap, keys: &KeySeq) -> String {
    let ctx = app.key_context();
    let then: Vec<String> = keymap
        .continuations(ctx, keys.keys())
        .into_iter()
        .map(|(rest, action)| format!("{rest} {}", app.lang.describe(action)))
        .collect();
    format!("{keys} … {}", then.join(" · "))
}

/// An Esc and the key after it that arrived in one read, when the pair
/// means nothing as an Alt chord here: the key without its Alt.
///
/// crossterm reads `ESC q` arriving together (a slow SSH link delivers
/// keys in bursts) as Alt-q. A terminal sends a real Alt-q the same way, so
/// the two cannot be told apart; what decides is whether Alt-q does
/// anything where it is pressed — a keymap binding, an editor's Alt-digit
/// jump, or a text field's own Alt keys (word moves and deletes).
fn esc_then_key(app: &App, keymap: &Keymap, event: &KeyEvent) -> Option<KeyEvent> {
    let combo = KeyCombo::from_event(event)?;
    if !combo.alt() || combo.ctrl() {
        return None;
    }
    let asking = app.offered_draft().is_some() || app.form.as_ref().is_some_and(|f| f.leaving);
    if !asking && app.prompt.is_none() {
        if keymap.begins(app.key_context(), &combo) {
            return None;
        }
        if let Some(form) = app.form.as_ref().filter(|_| app.overlay.is_none()) {
            let alt_key = match combo.key() {
                Key::Char('1'..='9') => true,
                Key::Char(c) => {
                    "hdbf<>pn[]v".contains(c) && form.focused().is_some_and(|f| f.takes_text())
                }
                Key::Backspace | Key::Delete => form.focused().is_some_and(|f| f.takes_text()),
                _ => false,
            };
            if alt_key {
                return None;
            }
        }
    }
    let mut key = *event;
    key.modifiers.remove(KeyModifiers::ALT);
    Some(key)
}

/// The effect of two keys handled as one event.
fn strongest(a: Effect, b: Effect) -> Effect {
    match (a, b) {
        (Effect::Quit, _) | (_, Effect::Quit) => Effect::Quit,
        (Effect::Redraw, _) | (_, Effect::Redraw) => Effect::Redraw,
        (Effect::Draw, _) | (_, Effect::Draw) => Effect::Draw,
        _ => Effect::None,
    }
}

/// How long keys that keep arriving are taken in before a frame is
/// drawn: a long paste shows as it lands, and its end is one frame.
const BURST_TIME: Duration = Duration::from_millis(50);

/// Whether more input waits. Not a zero timeout: crossterm's /dev/tty
/// reader then looks at nothing, not even keys it has already read.
fn more_input() -> bool {
    matches!(event::poll(Duration::from_millis(1)), Ok(true))
}

/// The day moved on (unless fixed), and the time of an event: today's
/// date (perhaps fixed) at the time of day.
fn clock(app: &mut App, fixed_today: bool) -> (Effect, NaiveDateTime) {
    let now = Local::now().naive_local();
    let mut effect = Effect::None;
    if !fixed_today {
        effect = app.set_today(now.date());
    }
    (effect, app.today.and_time(now.time()))
}

/// What one event does: the key, the paste or the resize.
fn on_event(
    app: &mut App,
    keymap: &Keymap,
    pending: &mut Pending,
    event: &Event,
    fixed_today: bool,
) -> Effect {
    let (effect, now) = clock(app, fixed_today);
    let handled = match event {
        Event::Key(key) => handle_key(app, keymap, pending, key, now),
        Event::Paste(text) => app.form_paste(text, now),
        Event::Resize(..) => Effect::Redraw,
        _ => Effect::None,
    };
    strongest(effect, handled)
}

/// The character `event` types into the open editor's focused field, when
/// typing it is all the key does there: a plain character, or Enter or
/// Ctrl-J in a text of several lines. A paste that the terminal sends as
/// keys (tmux's `paste-buffer`, many SSH clients) is such keys. A key
/// after the start of a key sequence is never text.
fn typed_char(app: &App, keymap: &Keymap, pending: &Pending, event: &Event) -> Option<char> {
    let Event::Key(key) = event else {
        return None;
    };
    let multi_line = app.takes_typing()?;
    let combo = KeyCombo::from_event(key)?;
    if pending.is_pending() || keymap.begins(app.key_context(), &combo) {
        return None;
    }
    match (combo.key(), combo.ctrl(), combo.alt()) {
        (Key::Char(c), false, false) => Some(c),
        (Key::Enter, false, false) | (Key::Char('j'), true, false) if multi_line => Some('\n'),
        _ => None,
    }
}

/// Characters typed in a burst, taken in as one edit.
fn take_typed(app: &mut App, typed: &mut String, fixed_today: bool) -> Effect {
    if typed.is_empty() {
        return Effect::None;
    }
    let (effect, now) = clock(app, fixed_today);
    let effect = strongest(effect, app.form_type(typed, now));
    typed.clear();
    effect
}

/// The events that arrived together, from `first`, before the next frame:
/// one frame for a burst (a slow link, a held key, a paste), not one a
/// key. Characters typed in a row go into the field as one edit, so a
/// paste of any length costs one insertion, not one a character. A form
/// of `one_form` that closed ends the burst.
fn take_burst(
    app: &mut App,
    keymap: &Keymap,
    pending: &mut Pending,
    first: Event,
    fixed_today: bool,
    one_form: bool,
    drafter: &Drafter,
) -> Effect {
    let started = Instant::now();
    let mut effect = Effect::None;
    let mut typed = String::new();
    let mut event = first;
    loop {
        match typed_char(app, keymap, pending, &event) {
            Some(c) => typed.push(c),
            None => {
                effect = strongest(effect, take_typed(app, &mut typed, fixed_today));
                let handled = on_event(app, keymap, pending, &event, fixed_today);
                effect = strongest(effect, handled);
            }
        }
        if effect == Effect::Quit
            || (one_form && app.form.is_none())
            || started.elapsed() >= BURST_TIME
            || !more_input()
        {
            break;
        }
        match event::read() {
            Ok(next) => event = next,
            Err(_) => {
                take_typed(app, &mut typed, fixed_today);
                keep_draft_and_exit(drafter, &app.draft_slot)
            }
        }
    }
    strongest(effect, take_typed(app, &mut typed, fixed_today))
}

/// Runs the screen until the user quits or the terminal goes away. With
/// `one_form`, the session is that editor: it ends when the editor closes.
///
/// `shell` brings what the screen saved for commands in another window
/// (`serve.rs`): looked at four times a second, so that a note saved that
/// way shows within the second.
pub fn run(
    app: &mut App,
    keymap: &Keymap,
    fixed_today: bool,
    one_form: bool,
    shell: Option<&Receiver<FromShell>>,
) -> io::Result<()> {
    let wait = if shell.is_some() { SHELL_WAIT } else { TICK };
    let drafter = app.store.drafter();
    let signalled = watch_signals(drafter.clone(), app.draft_slot.clone())?;
    let theme = Theme::from_env();
    app.say_hangup_files();
    let (_guard, mut term) = enter()?;
    let mut effect = Effect::Redraw;
    let mut last_tick = Instant::now();
    let mut backup_checked = Instant::now();
    // The keys of a sequence pressed so far: kept from one read to the
    // next, so a sequence split over two reads works, and never waited on.
    let mut pending = Pending::default();
    loop {
        let drawn = match effect {
            Effect::Quit => break,
            Effect::Redraw => forget_screen(&mut term).and_then(|()| {
                term.draw(|f| ui::render(f, &View { app, keymap, theme }))
                    .map(|_| ())
            }),
            Effect::Draw => term
                .draw(|f| ui::render(f, &View { app, keymap, theme }))
                .map(|_| ()),
            Effect::None => Ok(()),
        };
        // A terminal that cannot be written to is gone: as for SIGHUP.
        if drawn.is_err() {
            keep_draft_and_exit(&drafter, &app.draft_slot);
        }
        if one_form && app.form.is_none() {
            break;
        }
        // Waits for input, a second at most: an idle screen sends nothing,
        // and still keeps typed text and takes in notes queued from
        // another window within the second.
        let event = match event::poll(wait).and_then(|ready| {
            if ready {
                event::read().map(Some)
            } else {
                Ok(None)
            }
        }) {
            Ok(event) => event,
            // The terminal is gone (end of input, read error): as for SIGHUP.
            Err(_) => keep_draft_and_exit(&drafter, &app.draft_slot),
        };
        effect = Effect::None;
        let idle = event.is_none() && shell.is_none();
        if let Some(event) = event {
            effect = take_burst(
                app,
                keymap,
                &mut pending,
                event,
                fixed_today,
                one_form,
                &drafter,
            );
        }
        if effect != Effect::Quit
            && let Some(shell) = shell
        {
            while let Ok(came) = shell.try_recv() {
                let now = app.today.and_time(Local::now().time());
                effect = strongest(effect, app.from_shell(came, now));
            }
        }
        // After the key, so that what the tick says is not cleared by it.
        if effect != Effect::Quit && (idle || last_tick.elapsed() >= TICK) {
            last_tick = Instant::now();
            // The same clock as the keys': today's date (perhaps fixed) at
            // the time of day.
            let now = app.today.and_time(Local::now().time());
            if app.draft_due() {
                app.write_draft(now);
            }
            effect = strongest(effect, app.take_inbox(now));
            // A screen kept open for days still leaves a backup a day (its
            // failure shows at the next exit, which tries again).
            if backup_checked.elapsed() >= Duration::from_secs(3600) {
                backup_checked = Instant::now();
                let _ = app.store.backup_if_due(now);
            }
        }
    }
    let _ = app.store.flush();
    signalled.release(&app.draft_slot);
    Ok(())
}
