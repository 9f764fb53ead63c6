//! The screen: terminal setup and teardown, and the event loop. Boring on
//! purpose — keys become actions through the keymap, the app changes its
//! state, and the frame is drawn only when something changed.

use std::io::{self, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{Local, NaiveDateTime};
use crossterm::event::{
    self, DisableBracketedPaste, DisableFocusChange, DisableMouseCapture, EnableBracketedPaste,
    Event, KeyEvent, KeyEventKind,
};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::app::{Action, App, Effect, KeyContext, PromptKey};
use crate::keymap::{Key, KeyCombo, Keymap};
use crate::store::Flusher;
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

fn enter() -> io::Result<(Guard, Terminal<CrosstermBackend<Stdout>>)> {
    // A panic restores the terminal before its message is printed, so the
    // message is readable and the shell usable.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        default_hook(info);
    }));
    terminal::enable_raw_mode()?;
    RAW.store(true, Ordering::SeqCst);
    let guard = Guard;
    crossterm::execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    let mut term = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    term.hide_cursor()?;
    Ok((guard, term))
}

/// Clears the screen and forgets what was drawn, so the next frame is
/// drawn whole. Not `Terminal::clear`: that asks the terminal where its
/// cursor is and waits for the answer, a round trip over a slow link and a
/// failure on a terminal that never answers.
fn forget_screen(term: &mut Terminal<CrosstermBackend<Stdout>>) -> io::Result<()> {
    let size = term.size()?;
    term.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
}

/// SIGHUP (the SSH link dropped) and SIGTERM: flush the store, restore what
/// is left of the terminal, and go. Runs on its own thread, so a busy or
/// stuck event loop cannot hold it up.
fn watch_signals(flusher: Flusher) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if signals.forever().next().is_some() {
                let _ = flusher.flush();
                restore_terminal();
                std::process::exit(0);
            }
        })?;
    Ok(())
}

/// What a key does: typed into an open prompt, or an action of the keymap
/// in the current context. Key releases are ignored.
pub fn handle_key(app: &mut App, keymap: &Keymap, event: &KeyEvent, now: NaiveDateTime) -> Effect {
    if event.kind == KeyEventKind::Release {
        return Effect::None;
    }
    let Some(combo) = KeyCombo::from_event(event) else {
        return Effect::None;
    };
    if app.prompt.is_some() {
        let key = match (combo.key(), combo.ctrl() || combo.alt()) {
            (Key::Enter, false) => Some(PromptKey::Submit),
            (Key::Esc, _) => Some(PromptKey::Cancel),
            (Key::Backspace, _) => Some(PromptKey::Backspace),
            (Key::Char(c), false) => Some(PromptKey::Char(c)),
            _ => match keymap.action(KeyContext::Editor, &combo) {
                Some(Action::Save) => Some(PromptKey::Submit),
                Some(Action::Cancel) => Some(PromptKey::Cancel),
                _ => None,
            },
        };
        return key.map_or(Effect::None, |k| app.prompt_key(k, now));
    }
    match keymap.action(app.key_context(), &combo) {
        Some(action) => app.update(action, now),
        None => Effect::None,
    }
}

/// Runs the screen until the user quits or the terminal goes away.
pub fn run(mut app: App, keymap: &Keymap, fixed_today: bool) -> io::Result<()> {
    watch_signals(app.store.flusher())?;
    let theme = Theme::from_env();
    let (_guard, mut term) = enter()?;
    let mut effect = Effect::Redraw;
    loop {
        match effect {
            Effect::Quit => break,
            Effect::Redraw => {
                forget_screen(&mut term)?;
                term.draw(|f| {
                    ui::render(
                        f,
                        &View {
                            app: &app,
                            keymap,
                            theme,
                        },
                    )
                })?;
            }
            Effect::Draw => {
                term.draw(|f| {
                    ui::render(
                        f,
                        &View {
                            app: &app,
                            keymap,
                            theme,
                        },
                    )
                })?;
            }
            Effect::None => {}
        }
        // Blocks until there is input: an idle screen sends nothing.
        let event = match event::read() {
            Ok(e) => e,
            // The terminal is gone (end of input, read error): stop as for SIGHUP.
            Err(_) => break,
        };
        let now = Local::now().naive_local();
        let mut changed = Effect::None;
        if !fixed_today {
            changed = app.set_today(now.date());
        }
        let now = app.today.and_time(now.time());
        effect = match event {
            Event::Key(key) => handle_key(&mut app, keymap, &key, now),
            Event::Paste(text) => app.prompt_paste(&text, now),
            Event::Resize(..) => Effect::Redraw,
            _ => Effect::None,
        };
        if effect == Effect::None {
            effect = changed;
        }
    }
    let _ = app.store.flush();
    Ok(())
}
