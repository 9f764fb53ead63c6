//! The command line: the arguments, the context every command runs in,
//! how a command fails, and the dispatch to the commands, one file each
//! (`note.rs`, `overdue.rs`, `case.rs`, …). `screen.rs` opens the screen,
//! whose terminal setup and event loop are `tui.rs`.

mod args;
mod ask;
mod backups;
mod case;
mod check;
mod export;
mod fail;
mod inbox;
mod journal;
mod keys;
mod note;
mod output;
mod overdue;
mod purge;
mod report;
mod screen;
mod screenshots;
mod serve;
mod stats;
pub mod tui;

pub use args::{
    CaseAddArgs, CaseCommand, Cli, Command, JournalArgs, NoteArgs, PurgeArgs, ReportArgs, StatsArgs,
};
use fail::{DATA_DIR, MESSAGES, data_messages, in_language, messages};
pub use fail::{Fail, no_space};

use std::io::IsTerminal;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Local, NaiveDate, NaiveDateTime};

use crate::app::App;
use crate::config::{self, Config};
use crate::domain::dates::parse_date;
use crate::domain::due::{Listed, Rules};
use crate::domain::text::{Lines, find_control};
use crate::i18n::{Lang, Text, fill};
use crate::keymap::Keymap;
use crate::store::{Damage, Store, StoreError};

/// What every command runs with.
pub struct Context {
    pub lang: Lang,
    pub today: NaiveDate,
    pub now: NaiveDateTime,
    pub rules: Rules,
    pub worker: String,
    pub data_dir: PathBuf,
    pub config: Config,
    /// The command being run, to send to the screen should it hold the
    /// store.
    pub command: Option<Command>,
    /// Set when the screen runs the command for another window.
    pub served: Option<serve::Served>,
}

impl Context {
    pub fn text(&self) -> &'static Text {
        self.lang.text()
    }

    /// Who signs what a command writes; a usage error when nobody can.
    pub fn signer(&self) -> Result<&str, Fail> {
        if self.worker.is_empty() {
            Err(Fail::Usage(self.text().err_no_worker.to_string()))
        } else {
            Ok(&self.worker)
        }
    }

    /// The store, for a command that writes: another command holding it
    /// is waited for, and the notes waiting in its inbox are taken in.
    pub fn open_store(&self) -> Result<Store, Fail> {
        if let Some(served) = &self.served {
            return Ok(served.store());
        }
        let store = self.or_ask_screen(Store::open_waiting(&self.data_dir, Store::open))?;
        take_inbox(&store);
        Ok(store)
    }

    /// A store that the screen holds: the command is asked of the screen,
    /// which answers as the command would alone ([`Fail::Answered`]).
    fn or_ask_screen(&self, opened: Result<Store, StoreError>) -> Result<Store, Fail> {
        match opened {
            Err(StoreError::Locked(dir))
                if Store::held_by_screen(&dir)
                    && self.command.as_ref().is_some_and(serve::servable) =>
            {
                let id = crate::store::inbox::new_id();
                Err(match ask::ask(self, None, &id) {
                    ask::Asked::Answered(code) => Fail::Answered(code),
                    ask::Asked::NotListening => StoreError::Locked(dir).into(),
                    ask::Asked::NotAnswering => self.screen_not_answering(),
                    ask::Asked::Broken => {
                        Fail::Failed(self.text().err_screen_stopped_answering.into())
                    }
                    ask::Asked::Refused(line) => Fail::Usage(line),
                })
            }
            other => Ok(other?),
        }
    }

    /// The screen holding the store does not answer.
    fn screen_not_answering(&self) -> Fail {
        let path = self.data_dir.display().to_string();
        Fail::Usage(fill(
            self.text().err_screen_not_answering,
            &[("path", &path)],
        ))
    }

    /// A path given on the command line, from where the command was run
    /// (the screen runs it in another directory).
    pub fn path(&self, p: &Path) -> PathBuf {
        match &self.served {
            Some(served) => served.path(p),
            None => p.to_path_buf(),
        }
    }

    /// The app on the store opened by `open`, as the screen starts.
    fn open_app(&self, open: fn(&Path) -> Result<Store, StoreError>) -> Result<App, StoreError> {
        let (today, rules, worker) = (self.today, self.rules, self.worker.clone());
        App::open(&self.data_dir, open, today, rules, worker, self.lang)
    }

    /// The store, for a command that only reads: on a full disk, a copy
    /// elsewhere, said so on standard error.
    pub fn open_store_to_read(&self) -> Result<Store, Fail> {
        let store = match &self.served {
            Some(served) => served.store(),
            None => self.or_ask_screen(Store::open_waiting(&self.data_dir, Store::open_to_read))?,
        };
        if !store.is_copy() && self.served.is_none() {
            take_inbox(&store);
        }
        if let Some(why) = store.why_copy() {
            let d = self.lang.data();
            output::note(&format!(
                "insats: {}",
                fill(
                    match why {
                        crate::store::WhyCopy::DiskFull => d.reading_copy,
                        crate::store::WhyCopy::ReadOnly => d.reading_copy_read_only,
                    },
                    &[("dir", &self.data_dir.display().to_string())]
                )
            ));
        }
        Ok(store)
    }

    /// Every case on the day with its due items, made from the summaries,
    /// and the damage met reading them. The store is closed after it (the
    /// day's backup taken first when due).
    fn caseload(&self) -> Result<(Vec<Listed>, Vec<Damage>), Fail> {
        let store = self.open_store_to_read()?;
        let (cases, damaged) = store.caseload(self.today, &self.rules)?;
        self.backup_after(store, false);
        Ok((cases, damaged))
    }

    /// Tells, on standard error, that damaged records were skipped.
    pub fn warn_damaged(&self, damaged: &[Damage]) {
        if !damaged.is_empty() {
            output::note(&format!(
                "insats: {}",
                self.text().damaged_warning.count(damaged.len(), &[])
            ));
        }
    }
}

/// Refuses text given as `what` that holds a control character.
fn no_controls(what: &str, text: &str, lines: Lines) -> Result<(), Fail> {
    match find_control(text, lines) {
        Some(found) => Err(Fail::control(what, found)),
        None => Ok(()),
    }
}

/// Takes in the notes queued in the inbox of a store a command opened, so
/// that what it reads, backs up or reports holds them. Best effort: a
/// note that cannot be taken in now (its case unknown or closed) waits for
/// the screen to show it, and `insats check` counts it.
pub(super) fn take_inbox(store: &Store) {
    let _ = store.take_inbox();
}

/// An output file (`-o`, `--salvage`) that could not be written. One
/// refused before anything was written (a symbolic link, not a regular
/// file) is the user's to fix, by naming a new file: exit status 2.
fn unwritable_file(ctx: &Context, path: &Path, e: &std::io::Error) -> Fail {
    if e.kind() == std::io::ErrorKind::InvalidInput {
        return Fail::Usage(fill(
            ctx.text().err_write_link,
            &[("path", &path.display().to_string())],
        ));
    }
    cannot(ctx.text().err_write, path, e)
}

/// "cannot read/write PATH: why", in the language of the messages.
fn cannot(template: &str, path: &Path, e: &std::io::Error) -> Fail {
    Fail::Failed(fill(
        template,
        &[
            ("path", &path.display().to_string()),
            ("error", &output::plain_io_error(e)),
        ],
    ))
}

/// The date given for the option `name`, if any: a usage error when it
/// does not read as one.
fn date_arg(
    name: &str,
    value: Option<&str>,
    today: chrono::NaiveDate,
) -> Result<Option<chrono::NaiveDate>, Fail> {
    value
        .map(|v| parse_date(v, today).map_err(|_| Fail::bad_date(name, v)))
        .transpose()
}

/// No core dump of this process, which holds what is being typed: no core
/// file (a limit of 0), and not dumpable (no core to a pipe handler, no
/// ptrace by another process of the same user).
fn no_core_dumps() {
    let none = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: setrlimit reads the struct given; prctl with these arguments
    // changes only this process's dumpable flag.
    unsafe {
        libc::setrlimit(libc::RLIMIT_CORE, &none);
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}

/// The whole command line: parse, set up, run, and turn the outcome into
/// an exit status. Never panics on user input.
pub fn main() -> ExitCode {
    // Personal data: nothing we create is readable by others (the storage
    // rules: files 0600, directories 0700).
    // SAFETY: umask only changes this process's file-creation mask.
    unsafe { libc::umask(0o077) };
    no_core_dumps();
    few_malloc_arenas();
    // Output into a closed pipe (`insats overdue | head`) ends the process
    // quietly, as for any shell tool, instead of panicking in print. The
    // screen writes to a terminal, where a hang-up is SIGHUP, handled.
    // SAFETY: restoring the default disposition of one signal.
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_DFL) };
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let config_lang = config::config_dir()
        .and_then(|dir| config::load(Some(&dir)).ok())
        .and_then(|c| c.lang);
    let lang = args::early_lang(&args, config_lang.as_deref());
    let cli = match args::parse(&args, lang) {
        Ok(cli) => cli,
        Err(e) => return clap_exit(e, lang),
    };
    ExitCode::from(exit_code(run(cli)))
}

/// Keeps glibc's malloc from holding memory freed long ago:
/// - at most two arenas. Every write runs on a thread of its own (so that
///   a stalled disk is a message, not a hang), and glibc gives each new
///   thread an arena of its own, up to eight a core, which keeps what was
///   freed in it;
/// - a block over 128 KB (sled's buffers, a backup's pieces) mapped on its
///   own and given back when freed. glibc would otherwise raise that
///   threshold with each large block freed, and keep them in the heap.
fn few_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets parameters of this process's allocator,
    // before any other thread is started.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

/// A command's outcome as its exit status, a failure said on standard
/// error (escaped, like all output: messages may echo what was typed).
fn exit_code(outcome: Result<ExitCode, Fail>) -> u8 {
    match outcome {
        // ExitCode keeps its number to itself.
        Ok(code) => (0..=u8::MAX)
            .find(|n| ExitCode::from(*n) == code)
            .unwrap_or(1),
        Err(Fail::Usage(msg)) => {
            output::note(&format!("insats: {msg}"));
            2
        }
        Err(Fail::Failed(msg)) => {
            output::note(&format!("insats: {msg}"));
            3
        }
        Err(Fail::Answered(code)) => code,
    }
}

/// Help and version go to standard output; a usage error is one line,
/// in the language of messages.
fn clap_exit(e: clap::Error, lang: Lang) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            ExitCode::SUCCESS
        }
        _ => {
            let words = lang.command_line();
            let line = usage_error(&e, lang);
            output::note(&format!("insats: {line} ({})", words.see_help));
            ExitCode::from(2)
        }
    }
}

/// A usage error from clap in `lang`'s words: what was wrong and where.
fn usage_error(e: &clap::Error, lang: Lang) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let words = lang.command_line();
    let context = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let arg = context(ContextKind::InvalidArg);
    match e.kind() {
        ErrorKind::ValueValidation | ErrorKind::InvalidValue => {
            let why = match std::error::Error::source(e) {
                Some(source) => source.to_string(),
                None => context(ContextKind::ValidValue),
            };
            let value = context(ContextKind::InvalidValue);
            fill(
                words.err_invalid_value,
                &[("value", &value), ("arg", &arg), ("why", &why)],
            )
        }
        ErrorKind::UnknownArgument => fill(words.err_unknown_argument, &[("arg", &arg)]),
        ErrorKind::InvalidSubcommand => fill(
            words.err_unknown_command,
            &[("command", &context(ContextKind::InvalidSubcommand))],
        ),
        ErrorKind::MissingRequiredArgument | ErrorKind::MissingSubcommand => {
            fill(words.err_missing, &[("args", &arg)])
        }
        ErrorKind::ArgumentConflict => fill(
            words.err_conflict,
            &[("arg", &arg), ("other", &context(ContextKind::PriorArg))],
        ),
        ErrorKind::NoEquals | ErrorKind::TooFewValues => fill(words.err_no_value, &[("arg", &arg)]),
        _ => {
            let text = e.to_string();
            let first = text.lines().next().unwrap_or("bad arguments");
            let first = first.strip_prefix("error: ").unwrap_or(first);
            fill(words.err_other, &[("error", first)])
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Fail> {
    let config_dir = config::config_dir();
    let config = config::load(config_dir.as_deref()).map_err(|e| Fail::Usage(e.to_string()))?;
    let lang = cli
        .lang
        .or_else(|| config.lang.as_deref().and_then(Lang::from_code))
        .unwrap_or_else(|| Lang::from_locale(std::env::var("LANG").ok().as_deref()));
    let _ = MESSAGES.set(lang);
    let now = Local::now().naive_local();
    let today = cli.today.unwrap_or(now.date());
    let now = today.and_time(now.time());
    let (worker, from) = signer(cli.worker.as_deref(), config.initials.as_deref());
    // Every record carries it: refused as any text with a control
    // character is, before anything is signed with it.
    no_controls(from, &worker, Lines::One)?;

    let data_dir = if cli.demo {
        demo_dir().map_err(|e| Fail::Failed(format!("cannot create a demo store: {e}")))?
    } else {
        match cli.data_dir.clone().or_else(config::default_data_dir) {
            Some(dir) => dir,
            None => return Err(Fail::Usage(messages().err_no_data_dir.into())),
        }
    };
    let _ = DATA_DIR.set(data_dir.clone());
    let user_keymap = config_dir.as_ref().map(|d| d.join("keymap.toml"));
    let choice = cli.keymap.as_deref().or(config.keymap.as_deref());
    let keymap = Keymap::load(choice, user_keymap.as_deref()).map_err(|e| {
        // A keymap named in config.toml is named there, at its line.
        match (&cli.keymap, &config.keymap_at) {
            (None, Some(at)) if e.file == choice.unwrap_or_default() => {
                Fail::Usage(format!("{at}: keymap = \"{}\": {}", e.file, e.problem))
            }
            _ => Fail::Usage(e.to_string()),
        }
    })?;
    let fixed_today = cli.today.is_some();
    let ctx = Context {
        lang,
        today,
        now,
        rules: config.rules,
        worker,
        data_dir,
        config,
        command: cli.command.clone(),
        served: None,
    };

    if cli.demo {
        seed_demo(&ctx, cli.keep)?;
    }
    let _demo = DemoStore;

    match cli.command {
        None => screen::screen(&ctx, &keymap, fixed_today),
        Some(Command::Keys) => keys::keys(&keymap),
        Some(Command::Screenshots { dir }) => screenshots::write_all(&ctx, &keymap, &dir),
        Some(Command::Case(CaseCommand::Add(args))) => case::add(&ctx, &args),
        Some(Command::Case(CaseCommand::List)) => case::list(&ctx),
        Some(Command::Note(args)) if args.message.is_none() && std::io::stdin().is_terminal() => {
            screen::note_screen(&ctx, &keymap, &args.case, fixed_today)
        }
        Some(Command::Note(args)) => note::note(&ctx, &args),
        Some(Command::Overdue { json }) => overdue::overdue(&ctx, json),
        Some(Command::Export { output }) => export::export(&ctx, output.as_deref()),
        Some(Command::Import { file }) => export::import(&ctx, &file),
        Some(Command::Check { salvage: None }) => check::check(&ctx),
        Some(Command::Check {
            salvage: Some(file),
        }) => check::salvage(&ctx, &file),
        Some(Command::Backups) => backups::list(&ctx),
        Some(Command::Restore { backup }) => backups::restore(&ctx, backup.as_deref()),
        Some(Command::Report(args)) => report::report(&ctx, &args),
        Some(Command::Journal(args)) => journal::journal(&ctx, &args),
        Some(Command::Stats(args)) => stats::stats(&ctx, &args),
        Some(Command::Purge(args)) => purge::purge(&ctx, &args),
    }
}

/// `--demo`: a fresh store of fictional cases, removed with the session
/// (also one ended by a signal or a lost terminal) unless `keep`.
fn seed_demo(ctx: &Context, keep: bool) -> Result<(), Fail> {
    let store = ctx.open_store()?;
    let n = crate::demo::seed(&store, ctx.today)?;
    drop(store);
    output::note(&fill(
        ctx.text().demo_created,
        &[
            ("n", &n.to_string()),
            ("path", &ctx.data_dir.display().to_string()),
        ],
    ));
    if !keep {
        output::note(ctx.text().demo_removed);
        let _ = DEMO_STORE.set(ctx.data_dir.clone());
    }
    Ok(())
}

/// The login name, for signing records when no initials are configured.
/// Who signs: `--worker` / `INSATS_WORKER`, else the configured initials,
/// else the login name — never the program's name. Empty when nobody can
/// be told: the screen then asks once; a command that writes refuses.
/// Also where it came from, to name in a refusal.
fn signer(given: Option<&str>, configured: Option<&str>) -> (String, &'static str) {
    let named = |w: Option<&str>, from| {
        w.map(|w| (w.trim().to_string(), from))
            .filter(|(w, _)| !w.is_empty())
    };
    named(given, "--worker (INSATS_WORKER)")
        .or_else(|| named(configured, "initials (config.toml)"))
        .or_else(|| login_name().map(|w| (w, "USER")))
        .unwrap_or_default()
}

fn login_name() -> Option<String> {
    ["USER", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .or_else(account_name)
}

/// The name of the account the process runs as, from the user database.
fn account_name() -> Option<String> {
    // SAFETY: getpwuid returns a pointer into static storage or null; the
    // name is copied out at once, on this thread.
    unsafe {
        let pw = libc::getpwuid(libc::getuid());
        if pw.is_null() || (*pw).pw_name.is_null() {
            return None;
        }
        let name = std::ffi::CStr::from_ptr((*pw).pw_name).to_str().ok()?;
        (!name.is_empty()).then(|| name.to_string())
    }
}

/// The demo store to remove when the process ends (`--demo` without
/// `--keep`).
static DEMO_STORE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Removes the demo store, if this process made one to throw away.
pub(crate) fn remove_demo_store() {
    if let Some(dir) = DEMO_STORE.get() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// Removes the demo store when dropped, however the command ended.
struct DemoStore;

impl Drop for DemoStore {
    fn drop(&mut self) {
        remove_demo_store();
    }
}

/// A fresh private directory for a demo store under the temporary directory.
fn demo_dir() -> std::io::Result<PathBuf> {
    let base = std::env::temp_dir();
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir = base.join(format!("insats-demo-{}-{stamp}", std::process::id()));
    std::fs::create_dir(&dir)?;
    Ok(dir)
}
