//! The screen, opened by `insats` alone and by `insats note CASE` without
//! `-m` (the note editor alone): the app opened on the store, the event
//! loop run (`tui.rs`), and what is kept when it ends — the initials asked
//! for, the caseload for the next start, a backup.

use std::process::ExitCode;

use super::{Context, Fail, messages, output, serve, tui};
use crate::app::App;
use crate::config;
use crate::i18n::fill;
use crate::keymap::Keymap;
use crate::store::{Store, StoreError};

/// `insats`: the screen on the store.
pub fn screen(ctx: &Context, keymap: &Keymap, fixed_today: bool) -> Result<ExitCode, Fail> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(Fail::Usage(ctx.text().err_no_terminal.into()));
    }
    // On a full disk the screen opens read-only on a copy, with a banner.
    let open = |dir: &std::path::Path| Store::open_waiting(dir, Store::open_to_read);
    let mut app = ctx.open_app(open)?;
    let mut ran = run_serving(ctx, &mut app, keymap, fixed_today, false);
    // A removal confirmed (`X`): carried out with the store alone, and the
    // screen opened again on what is left, saying what was done.
    while let Some(code) = app.purge_asked.take().filter(|_| ran.is_ok()) {
        let said = super::purge::remove(ctx, app.store, &code);
        app = ctx.open_app(open)?;
        app.message = Some(said.unwrap_or_else(Fail::message).replace('\n', " "));
        ran = run_serving(ctx, &mut app, keymap, fixed_today, false);
    }
    let wrote = !matches!(app.save, crate::app::SaveState::Clean);
    ctx.backup_at_exit(app.store, wrote);
    ran.map_err(terminal_failed)?;
    Ok(ExitCode::SUCCESS)
}

/// `insats note CASE`: the note editor alone, ending when it closes.
pub fn note_screen(
    ctx: &Context,
    keymap: &Keymap,
    code: &str,
    fixed_today: bool,
) -> Result<ExitCode, Fail> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(Fail::Usage(ctx.text().err_no_terminal_note.into()));
    }
    let mut app = match ctx.open_app(|dir| Store::open_waiting(dir, Store::open)) {
        Err(StoreError::Locked(dir)) if Store::held_by_screen(&dir) => {
            return Err(Fail::Usage(fill(
                ctx.text().err_note_editor_screen_open,
                &[("path", &dir.display().to_string()), ("case", code)],
            )));
        }
        opened => opened?,
    };
    let Some(i) = app.row_of(code) else {
        return Err(Fail::no_case(code));
    };
    if app.cases[i].case().is_closed() {
        return Err(Fail::closed(code));
    }
    app.jump_to(i);
    // A draft of this very note is restored into it; others wait for the screen.
    app.offer_dismissed = true;
    app.open_editor(crate::app::Action::NewNote, ctx.now);
    let ran = run_serving(ctx, &mut app, keymap, fixed_today, true);
    ctx.backup_at_exit(app.store, app.saved_forms > 0);
    ran.map_err(terminal_failed)?;
    if app.saved_forms > 0 {
        output::note(&fill(
            ctx.lang.forms().saved,
            &[("title", ctx.lang.forms().note)],
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// The event loop of the screen (`one_form`: the note editor alone),
/// answering the shell meanwhile, and the initials asked for kept after.
fn run_serving(
    ctx: &Context,
    app: &mut App,
    keymap: &Keymap,
    fixed_today: bool,
    one_form: bool,
) -> std::io::Result<()> {
    // Listening before the lock says "screen": a command that reads it
    // finds the socket.
    let server = serve(ctx, &app.store);
    app.store.hold_as_screen();
    let ran = tui::run(
        app,
        keymap,
        fixed_today,
        one_form,
        server.as_ref().map(|s| &s.wrote),
    );
    if let Some(server) = server {
        server.stop();
    }
    save_worker(app);
    ran
}

/// The screen's server for commands in other windows (`serve.rs`). One
/// that cannot listen (a data directory whose path is too long for a
/// socket) leaves the store in use to them, as before. Test builds only:
/// `INSATS_TEST_NO_SERVE=1` serves nothing, for the tests of the inbox.
fn serve(ctx: &Context, store: &Store) -> Option<serve::Server> {
    if cfg!(debug_assertions) && std::env::var_os("INSATS_TEST_NO_SERVE").is_some() {
        return None;
    }
    serve::Server::start(ctx, store).ok()
}

/// The initials the screen asked for, kept in config.toml so that it asks
/// once.
fn save_worker(app: &App) {
    let (Some(initials), Some(dir)) = (&app.worker_asked, config::config_dir()) else {
        return;
    };
    if let Err(e) = config::save_initials(&dir, initials) {
        output::note(&format!(
            "insats: {}",
            fill(
                messages().worker_not_saved,
                &[
                    ("dir", &dir.display().to_string()),
                    ("error", &output::plain_io_error(&e)),
                ],
            )
        ));
    }
}

/// The terminal failed under the screen: one line, in the user's language.
fn terminal_failed(e: std::io::Error) -> Fail {
    Fail::Failed(fill(messages().err_terminal, &[("error", &e.to_string())]))
}
