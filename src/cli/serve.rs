//! The open screen answers the shell. While the screen holds the store it
//! listens on `sock` in the data directory (0600, in the 0700 directory,
//! the worker's own uid only). A command that finds the store held by the
//! screen ([`ask`]) sends it the command, and the screen runs the same
//! command function on a thread of its own against its store, what the
//! command prints going back to the window that asked ([`output::Sink`]):
//! the output and exit status are those the command gives alone.
//!
//! One request and one answer per connection:
//!
//! 1. the command sends one JSON line ([`Request`]): the protocol and
//!    insats version, the settled context (language, today, signer, rules,
//!    working directory), the command, and the text of a note on standard
//!    input;
//! 2. the screen answers one JSON line ([`Hello`]): `ok`, or the version
//!    it runs when it is another;
//! 3. the command says it still waits (one byte, `g`): a command that gave
//!    up first (the screen was stopped and answered late) has queued its
//!    note in the inbox and closed, and the screen runs nothing;
//! 4. the screen streams frames — a tag (`o` standard output, `e`
//!    standard error, `x` the exit status), a length (u32, big-endian) and
//!    the bytes — and closes.
//!
//! A note saved this way is marked with the id the command queues it
//! under should the answer not reach it: the inbox then takes it as in
//! already (`Store::add_note_once`).

use std::cell::RefCell;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::output::{self, Sink};
use super::{CaseCommand, Command, Context, Fail};
use crate::app::FromShell;
use crate::domain::due::Rules;
use crate::i18n::{Lang, fill};
use crate::store::Store;

/// The protocol's version: a request or an answer of another is refused
/// with a line that says so.
pub(super) const PROTOCOL: u32 = 1;

/// This insats's version: the command travels as this build has it.
pub(super) const VERSION: &str = env!("CARGO_PKG_VERSION");

/// How long a command waits for the screen to begin its answer: a stopped
/// or hung screen is said within it (reading commands) or the note queued.
pub(super) const ANSWER_BOUND: Duration = Duration::from_secs(2);

/// How long a command waits for each piece of an answer once begun: a
/// report or an export of a large store is made before it is sent.
pub(super) const PIECE_BOUND: Duration = Duration::from_secs(120);

/// How long the screen waits for a request's line, and for the command's
/// "still waiting": a command sends both at once.
const REQUEST_BOUND: Duration = Duration::from_secs(5);

/// The most a request may hold: a note of 1 MB from standard input,
/// escaped in JSON.
const MOST_REQUEST: u64 = 8 << 20;

/// The pieces a large answer is sent in.
pub(super) const FRAME: usize = 64 * 1024;

/// The socket of the store in `dir`.
pub fn socket_path(dir: &Path) -> PathBuf {
    dir.join("sock")
}

/// A command as it is sent to the screen.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Request {
    pub(super) insats_serve: u32,
    pub(super) version: String,
    pub(super) lang: String,
    pub(super) today: NaiveDate,
    pub(super) now: NaiveDateTime,
    pub(super) worker: String,
    pub(super) rules: Rules,
    /// Where the command was run: relative paths (`-o FILE`) are its.
    pub(super) cwd: PathBuf,
    /// The id a note is queued under should the answer not come.
    pub(super) note_id: String,
    /// A note's text read from standard input.
    pub(super) stdin: Option<String>,
    pub(super) command: Command,
}

/// The screen's first line.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Hello {
    pub(super) insats_serve: u32,
    pub(super) version: String,
    /// `ok`, or `other_version`.
    pub(super) answer: String,
}

/// What the screen holds for a command it runs: its store, and what the
/// command sent besides the context.
pub struct Served {
    store: Store,
    stdin: Option<String>,
    cwd: PathBuf,
    note_id: String,
    wrote: RefCell<FromShell>,
}

impl Served {
    /// The screen's store, lent to the command.
    pub fn store(&self) -> Store {
        self.store.lend()
    }

    /// A note's text that came on the command's standard input.
    pub fn stdin(&self) -> Option<&str> {
        self.stdin.as_deref()
    }

    /// The id the command queues its note under should the answer not
    /// reach it.
    pub fn note_id(&self) -> &str {
        &self.note_id
    }

    /// A path as the command gave it, from where it was run.
    pub fn path(&self, p: &Path) -> PathBuf {
        self.cwd.join(p)
    }

    /// Says that the command wrote to `case` (and saved `key`): the
    /// screen reads the case again.
    pub fn wrote(&self, case: &str, key: Option<String>) {
        let mut wrote = self.wrote.borrow_mut();
        wrote.cases.push(case.to_string());
        wrote.saved.extend(key);
    }
}

/// The commands the screen answers: those that read the store (the
/// removal log among them), a note, and a new case. Others (import,
/// restore, a removal, the editor) are refused as before, the store being
/// in use.
pub fn servable(command: &Command) -> bool {
    matches!(
        command,
        Command::Case(_)
            | Command::Note(_)
            | Command::Overdue { .. }
            | Command::Export { .. }
            | Command::Report(_)
            | Command::Journal(_)
            | Command::Stats(_)
            | Command::Check { salvage: None }
            | Command::Purge(super::args::PurgeArgs { log: true, .. })
    )
}

/// The screen's server: a thread that accepts on the socket and one that
/// runs each request; what the requests wrote comes to the event loop on
/// [`Server::wrote`].
pub struct Server {
    path: PathBuf,
    stop: Arc<AtomicBool>,
    running: Arc<AtomicUsize>,
    accepting: Option<std::thread::JoinHandle<()>>,
    backing_up: Option<std::thread::JoinHandle<()>>,
    pub wrote: Receiver<FromShell>,
}

/// What every request's thread shares.
#[derive(Clone)]
struct Shared {
    store: Arc<Store>,
    lang: Lang,
    data_dir: PathBuf,
    config: crate::config::Config,
    uid: u32,
    running: Arc<AtomicUsize>,
    wrote: Sender<FromShell>,
    backup: Arc<Backup>,
}

/// A backup owed after a write made for another window, taken on a thread
/// of its own (never by the event loop, whose keys it would hold up);
/// writes that come together are backed up once.
#[derive(Default)]
struct Backup {
    owed: Mutex<Option<NaiveDateTime>>,
    wake: Condvar,
}

impl Backup {
    fn owe(&self, now: NaiveDateTime) {
        if let Ok(mut owed) = self.owed.lock() {
            *owed = Some(now);
            self.wake.notify_one();
        }
    }

    /// Takes each backup owed until `stop`; as after a command's write, a
    /// backup while one is cheap.
    fn take(&self, store: &Store, stop: &AtomicBool) {
        use crate::store::backup;
        let Ok(mut owed) = self.owed.lock() else {
            return;
        };
        while !stop.load(Ordering::SeqCst) {
            match owed.take() {
                Some(now) => {
                    drop(owed);
                    let dir = store.dir().to_path_buf();
                    if backup::newest_bytes(&dir) < backup::CHEAP_BACKUP {
                        let _ = store.backup_if_older(now, chrono::Duration::zero());
                    }
                    owed = match self.owed.lock() {
                        Ok(o) => o,
                        Err(_) => return,
                    };
                }
                None => {
                    owed = match self.wake.wait_timeout(owed, Duration::from_millis(200)) {
                        Ok((o, _)) => o,
                        Err(_) => return,
                    };
                }
            }
        }
    }
}

impl Server {
    /// Listens on the socket of `store`'s directory. A socket there is a
    /// dead screen's (this process holds the lock): it is replaced.
    pub fn start(ctx: &Context, store: &Store) -> io::Result<Server> {
        let path = socket_path(&ctx.data_dir);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let listener = UnixListener::bind(&path)?;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
        listener.set_nonblocking(true)?;
        // A command that gave up closes its end: writing to it must not
        // end the screen.
        // SAFETY: changes one signal's disposition for this process.
        unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
        let (tx, rx) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        let running = Arc::new(AtomicUsize::new(0));
        let shared = Shared {
            store: Arc::new(store.lend()),
            lang: ctx.lang,
            data_dir: ctx.data_dir.clone(),
            config: ctx.config.clone(),
            // SAFETY: getuid cannot fail.
            uid: unsafe { libc::getuid() },
            running: running.clone(),
            wrote: tx,
            backup: Arc::new(Backup::default()),
        };
        let (backup, store, stopping) = (shared.backup.clone(), store.lend(), stop.clone());
        let backing_up = std::thread::Builder::new()
            .name("serve-backup".into())
            .spawn(move || backup.take(&store, &stopping))?;
        let stopping = stop.clone();
        let accepting = std::thread::Builder::new()
            .name("serve".into())
            .spawn(move || accept(&listener, &stopping, &shared))?;
        Ok(Server {
            path,
            stop,
            running,
            accepting: Some(accepting),
            backing_up: Some(backing_up),
            wrote: rx,
        })
    }

    /// Stops listening and removes the socket; a request being answered
    /// is given a moment to finish (a note being saved).
    pub fn stop(mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.accepting.take() {
            let _ = t.join();
        }
        let _ = std::fs::remove_file(&self.path);
        let began = Instant::now();
        while self.running.load(Ordering::SeqCst) > 0 && began.elapsed() < Duration::from_secs(3) {
            std::thread::sleep(Duration::from_millis(10));
        }
        // The exit's own backup follows: this one's handle on the store
        // is let go first.
        if let Some(t) = self.backing_up.take() {
            let _ = t.join();
        }
    }
}

/// Accepts until told to stop, each connection on a thread of its own (a
/// slow reader of an export holds up nobody).
fn accept(listener: &UnixListener, stop: &AtomicBool, shared: &Shared) {
    while !stop.load(Ordering::SeqCst) {
        let mut ready = libc::pollfd {
            fd: listener.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one pollfd, valid for the call.
        let n = unsafe { libc::poll(&mut ready, 1, 100) };
        if n <= 0 {
            continue;
        }
        let Ok((stream, _)) = listener.accept() else {
            continue;
        };
        let theirs = shared.clone();
        shared.running.fetch_add(1, Ordering::SeqCst);
        let spawned = std::thread::Builder::new()
            .name(REQUEST_THREAD.into())
            .spawn(move || {
                answer(stream, &theirs);
                theirs.running.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            shared.running.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// The name of the threads that run a request.
const REQUEST_THREAD: &str = "serve-request";

/// Whether this thread runs a request for another window.
pub fn on_request_thread() -> bool {
    std::thread::current().name() == Some(REQUEST_THREAD)
}

/// The uid of the process at the other end of `stream`.
fn peer_uid(stream: &UnixStream) -> io::Result<u32> {
    let mut cred = libc::ucred {
        pid: 0,
        uid: u32::MAX,
        gid: u32::MAX,
    };
    let mut len = std::mem::size_of::<libc::ucred>() as libc::socklen_t;
    // SAFETY: getsockopt writes at most `len` bytes into `cred`.
    let rc = unsafe {
        libc::getsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_PEERCRED,
            (&mut cred as *mut libc::ucred).cast(),
            &mut len,
        )
    };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(cred.uid)
}

/// Whether a peer of `peer` uid may be answered by a screen of `own`; the
/// line that refuses it when not.
fn admit(peer: io::Result<u32>, own: u32, lang: Lang) -> Result<(), String> {
    match peer {
        Ok(uid) if uid == own => Ok(()),
        Ok(uid) => Err(fill(
            lang.text().serve_refused,
            &[("uid", &uid.to_string())],
        )),
        Err(_) => Err(fill(lang.text().serve_refused, &[("uid", "?")])),
    }
}

/// One connection: the request read, the command run, its answer sent.
/// Nothing here may end the screen: every failure ends this request only.
fn answer(mut stream: UnixStream, shared: &Shared) {
    if let Err(line) = admit(peer_uid(&stream), shared.uid, shared.lang) {
        let _ = stream.write_all(format!("{line}\n").as_bytes());
        return;
    }
    let _ = stream.set_read_timeout(Some(REQUEST_BOUND));
    let _ = stream.set_write_timeout(Some(REQUEST_BOUND));
    let mut line = Vec::new();
    let read = match stream.try_clone() {
        Ok(s) => BufReader::new(s)
            .take(MOST_REQUEST)
            .read_until(b'\n', &mut line),
        Err(e) => Err(e),
    };
    if read.is_err() || !line.ends_with(b"\n") {
        return;
    }
    let hello = |answer: &str| {
        let hello = Hello {
            insats_serve: PROTOCOL,
            version: VERSION.to_string(),
            answer: answer.to_string(),
        };
        let mut s = serde_json::to_vec(&hello).unwrap_or_default();
        s.push(b'\n');
        s
    };
    let request = match read_request(&line) {
        Some(request) => request,
        None => {
            let _ = stream.write_all(&hello("other_version"));
            return;
        }
    };
    if stream.write_all(&hello("ok")).is_err() {
        return;
    }
    // The command still waits: it has not queued its note instead.
    let mut go = [0u8; 1];
    if stream.read_exact(&mut go).is_err() || go[0] != b'g' {
        return;
    }
    // Once begun, an answer is written however slowly it is read (a pager).
    let _ = stream.set_write_timeout(None);
    let now = request.now;
    // A command that panics ends with a failure here, never the screen.
    let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        run(request, shared, &mut stream)
    }));
    let (code, wrote) = match ran {
        Ok(ran) => ran,
        Err(_) => {
            let said = format!(
                "insats: {}\n",
                shared.lang.text().err_screen_stopped_answering
            );
            let _ = send(&mut stream, b'e', said.as_bytes());
            (3, FromShell::default())
        }
    };
    let wrote_some = !wrote.cases.is_empty();
    if wrote_some {
        let _ = shared.wrote.send(wrote);
    }
    let _ = send(&mut stream, b'x', &[code]);
    if wrote_some {
        shared.backup.owe(now);
    }
}

/// A request of this protocol and this version of insats, or `None`.
fn read_request(line: &[u8]) -> Option<Request> {
    let value: serde_json::Value = serde_json::from_slice(line).ok()?;
    let same = value["insats_serve"].as_u64() == Some(u64::from(PROTOCOL))
        && value["version"].as_str() == Some(VERSION);
    if !same {
        return None;
    }
    serde_json::from_value(value).ok()
}

/// The command run as it runs alone, what it prints going to `stream`;
/// its exit status and what it wrote.
fn run(request: Request, shared: &Shared, stream: &mut UnixStream) -> (u8, FromShell) {
    let lang = Lang::from_code(&request.lang).unwrap_or(shared.lang);
    let ctx = Context {
        lang,
        today: request.today,
        now: request.now,
        rules: request.rules,
        worker: request.worker,
        data_dir: shared.data_dir.clone(),
        config: shared.config.clone(),
        command: None,
        served: Some(Served {
            store: shared.store.lend(),
            stdin: request.stdin,
            cwd: request.cwd,
            note_id: request.note_id,
            wrote: RefCell::new(FromShell::default()),
        }),
    };
    let sink = match stream.try_clone() {
        Ok(s) => Box::new(ToWindow(s)) as Box<dyn Sink>,
        Err(_) => return (3, FromShell::default()),
    };
    let (code, _) = output::into_sink(sink, || {
        super::in_language(lang, || super::exit_code(dispatch(&ctx, &request.command)))
    });
    let wrote = ctx.served.map(|s| s.wrote.into_inner()).unwrap_or_default();
    (code, wrote)
}

/// The servable commands, as `cli::run` runs them.
fn dispatch(ctx: &Context, command: &Command) -> Result<ExitCode, Fail> {
    match command {
        Command::Case(CaseCommand::Add(args)) => super::case::add(ctx, args),
        Command::Case(CaseCommand::List) => super::case::list(ctx),
        Command::Note(args) => super::note::note(ctx, args),
        Command::Overdue { json } => super::overdue::overdue(ctx, *json),
        Command::Export { output } => super::export::export(ctx, output.as_deref()),
        Command::Check { salvage: None } => super::check::check(ctx),
        Command::Report(args) => super::report::report(ctx, args),
        Command::Journal(args) => super::journal::journal(ctx, args),
        Command::Stats(args) => super::stats::stats(ctx, args),
        Command::Purge(args) if args.log => super::purge::log(ctx),
        _ => Err(crate::store::StoreError::Locked(ctx.data_dir.clone()).into()),
    }
}

/// A command's output, to the window that asked, in frames.
struct ToWindow(UnixStream);

impl Sink for ToWindow {
    fn out(&mut self, bytes: &[u8]) -> io::Result<()> {
        send(&mut self.0, b'o', bytes)
    }

    fn err(&mut self, bytes: &[u8]) {
        let _ = send(&mut self.0, b'e', bytes);
    }
}

/// `bytes` as frames of `tag`.
fn send(stream: &mut UnixStream, tag: u8, bytes: &[u8]) -> io::Result<()> {
    for piece in bytes.chunks(FRAME) {
        let mut frame = Vec::with_capacity(piece.len() + 5);
        frame.push(tag);
        frame.extend_from_slice(&(piece.len() as u32).to_be_bytes());
        frame.extend_from_slice(piece);
        stream.write_all(&frame)?;
    }
    if bytes.is_empty() {
        stream.write_all(&[tag, 0, 0, 0, 0])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_peer_of_a_pair_is_this_user() {
        let (a, _b) = UnixStream::pair().unwrap();
        // SAFETY: getuid cannot fail.
        let own = unsafe { libc::getuid() };
        assert_eq!(peer_uid(&a).unwrap(), own);
        assert!(admit(peer_uid(&a), own, Lang::En).is_ok());
    }

    #[test]
    fn another_uid_is_refused_in_one_line() {
        let refused = admit(Ok(4242), 1000, Lang::En).unwrap_err();
        assert!(refused.contains("4242"), "{refused}");
        assert!(!refused.contains('\n'));
        let refused = admit(Ok(1000), 4242, Lang::Sv).unwrap_err();
        assert!(refused.contains("1000"), "{refused}");
        assert!(admit(Err(io::Error::other("x")), 1000, Lang::En).is_err());
    }

    #[test]
    fn a_request_of_another_version_is_not_read() {
        let other = br#"{"insats_serve":1,"version":"0.0.1","command":"Keys"}"#;
        assert!(read_request(other).is_none());
        let other = br#"{"insats_serve":2,"version":"x"}"#;
        assert!(read_request(other).is_none());
        assert!(read_request(b"not json").is_none());
    }

    #[test]
    fn frames_carry_large_answers_whole() {
        let (mut a, mut b) = UnixStream::pair().unwrap();
        let big = vec![b'x'; FRAME * 2 + 17];
        let sent = big.clone();
        let writer = std::thread::spawn(move || {
            send(&mut a, b'o', &sent).unwrap();
            send(&mut a, b'x', &[1]).unwrap();
        });
        let mut got = Vec::new();
        loop {
            let mut head = [0u8; 5];
            b.read_exact(&mut head).unwrap();
            let len = u32::from_be_bytes([head[1], head[2], head[3], head[4]]) as usize;
            let mut body = vec![0; len];
            b.read_exact(&mut body).unwrap();
            if head[0] == b'x' {
                assert_eq!(body, [1]);
                break;
            }
            got.extend(body);
        }
        writer.join().unwrap();
        assert_eq!(got, big);
    }
}
