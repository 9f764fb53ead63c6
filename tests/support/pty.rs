//! End-to-end harness: a real program (by default the `insats` binary) in a
//! pseudo-terminal, its screen read back through a vt100 emulator.
//!
//! * A background thread drains the master side continuously into a channel,
//!   so the child never blocks on a full pty buffer; the `Pty` feeds the
//!   channel into the vt100 parser whenever a method pumps it (`wait_*`,
//!   `bytes_during`, `resize`, `screen`-reading methods do not pump: they show
//!   what has been pumped so far).
//! * Every wait is bounded; failures panic with a dump of the screen.
//! * The child is a session leader with the pty as controlling terminal
//!   (portable-pty's `CommandBuilder` does `setsid` + `TIOCSCTTY`). Dropping
//!   the `Pty` SIGKILLs the child's process group if it has not been reaped,
//!   reaps it (bounded), and stops the reader thread.
//! * Like a real terminal, the harness answers cursor-position (`CSI 6 n`),
//!   status (`CSI 5 n`) and primary device-attribute (`CSI c`) queries, at
//!   the moment it pumps the query.
#![allow(dead_code)]

use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, RawFd};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_insats");

/// Timeout of [`Pty::wait_for_text`] and similar conveniences.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a write to the terminal may stay blocked (child not reading).
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// How long `Drop` waits for a SIGKILLed child to be reaped.
const REAP_TIMEOUT: Duration = Duration::from_secs(5);

/// How often the reader thread looks at its stop flag.
const READER_POLL_MS: libc::c_int = 20;

/// Removed from the child's environment unless the caller passes them, so
/// the developer's own settings never leak into a test.
const SCRUBBED_ENV: &[&str] = &[
    "INSATS_DATA_DIR",
    "INSATS_TODAY",
    "INSATS_CONFIG_DIR",
    "NO_COLOR",
    "COLUMNS",
    "LINES",
];

/// A program running in a pseudo-terminal, and the screen it has drawn.
pub struct Pty {
    parser: vt100::Parser<Replies>,
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<File>,
    reader: Option<Reader>,
    rx: Receiver<Vec<u8>>,
    /// The reader has finished: no more output will come.
    eof: bool,
    child: Box<dyn Child + Send + Sync>,
    pid: Option<u32>,
    /// Set once the child has been reaped.
    status: Option<ExitStatus>,
    bytes: usize,
    program: String,
}

impl Pty {
    /// Spawns the `insats` binary with `args` in a `cols` x `rows` pty.
    ///
    /// Environment: the test's, with `TERM=xterm-256color`, without
    /// `INSATS_DATA_DIR`, `INSATS_TODAY`, `INSATS_CONFIG_DIR`, `NO_COLOR`,
    /// `COLUMNS`, `LINES` unless given in `env`, plus the `env` pairs. The
    /// working directory is the test's.
    pub fn spawn(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Pty {
        Pty::spawn_program(BIN, args, env, cols, rows)
    }

    /// Like [`Pty::spawn`], for any program (looked up in `PATH`).
    pub fn spawn_program(
        program: &str,
        args: &[&str],
        env: &[(&str, &str)],
        cols: u16,
        rows: u16,
    ) -> Pty {
        let pair = native_pty_system()
            .openpty(pty_size(cols, rows))
            .unwrap_or_else(|e| panic!("openpty {cols}x{rows}: {e:#}"));

        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        // portable-pty would otherwise start the child in $HOME.
        if let Ok(dir) = std::env::current_dir() {
            cmd.cwd(dir);
        }
        for key in SCRUBBED_ENV {
            if !env.iter().any(|(k, _)| k == key) {
                cmd.env_remove(key);
            }
        }
        cmd.env("TERM", "xterm-256color");
        for (k, v) in env {
            cmd.env(k, v);
        }

        let master_fd = pair
            .master
            .as_raw_fd()
            .expect("the pty master has a file descriptor");
        // Non-blocking, so neither the reader thread nor a write can hang.
        // (The flag is on the open file description, shared by the dups.)
        set_nonblocking(master_fd);
        let writer = dup_cloexec(master_fd);
        let read_end = dup_cloexec(master_fd);

        let child = pair
            .slave
            .spawn_command(cmd)
            .unwrap_or_else(|e| panic!("spawn {program} {args:?} in a pty: {e:#}"));
        // Only the child may hold the slave, or the master never sees EOF.
        drop(pair.slave);
        let pid = child.process_id();

        let (tx, rx) = mpsc::channel();
        let reader = Reader::start(read_end, tx);

        Pty {
            parser: vt100::Parser::new_with_callbacks(rows, cols, 0, Replies::default()),
            master: Some(pair.master),
            writer: Some(writer),
            reader: Some(reader),
            rx,
            eof: false,
            child,
            pid,
            status: None,
            bytes: 0,
            program: format!("{program} {}", args.join(" ")),
        }
    }

    // ----- input -----------------------------------------------------------

    /// Writes raw bytes/keys to the terminal (e.g. `"\t"`, `"\x1b[B"`, `"\r"`).
    pub fn send(&mut self, bytes: &str) {
        self.send_bytes(bytes.as_bytes());
    }

    /// Writes raw bytes to the terminal; panics (with the screen) if the
    /// master is closed or the write stays blocked for 10 s.
    pub fn send_bytes(&mut self, bytes: &[u8]) {
        if let Err(e) = self.write_bytes(bytes) {
            self.fail(&format!("writing {bytes:?} to the terminal: {e}"));
        }
    }

    /// Sends a named key as an xterm would:
    /// `up down left right` (as `ESC O x` when the application has switched
    /// the cursor keys to application mode), `enter esc tab shift-tab space
    /// backspace delete insert home end pageup pagedown f1`..`f12`,
    /// `ctrl-<letter>` (also `ctrl-space`), `alt-<char>`, or any single
    /// character (sent as typed, so `"G"` is a capital G).
    ///
    /// After a lone `esc` it pauses 50 ms, so that the application does not
    /// read the escape and the next key in one go as an Alt chord.
    pub fn send_key(&mut self, key: &str) {
        let bytes = self.key_bytes(key);
        self.send_bytes(&bytes);
        if bytes == b"\x1b" {
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// [`Pty::send_key`] for each key in turn.
    pub fn send_keys(&mut self, keys: &[&str]) {
        for key in keys {
            self.send_key(key);
        }
    }

    fn key_bytes(&self, key: &str) -> Vec<u8> {
        let mut chars = key.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            let mut buf = [0u8; 4];
            return c.encode_utf8(&mut buf).as_bytes().to_vec();
        }
        let name = key.to_ascii_lowercase();
        let app_cursor = self.parser.screen().application_cursor();
        let arrow = |c: u8| {
            if app_cursor {
                vec![0x1b, b'O', c]
            } else {
                vec![0x1b, b'[', c]
            }
        };
        let seq = |s: &str| s.as_bytes().to_vec();
        match name.as_str() {
            "up" => arrow(b'A'),
            "down" => arrow(b'B'),
            "right" => arrow(b'C'),
            "left" => arrow(b'D'),
            "enter" | "return" => seq("\r"),
            "esc" | "escape" => seq("\x1b"),
            "tab" => seq("\t"),
            "shift-tab" | "backtab" => seq("\x1b[Z"),
            "space" => seq(" "),
            "backspace" => seq("\x7f"),
            "delete" | "del" => seq("\x1b[3~"),
            "insert" | "ins" => seq("\x1b[2~"),
            "home" => seq("\x1b[H"),
            "end" => seq("\x1b[F"),
            "pageup" | "pgup" => seq("\x1b[5~"),
            "pagedown" | "pgdn" => seq("\x1b[6~"),
            "f1" => seq("\x1bOP"),
            "f2" => seq("\x1bOQ"),
            "f3" => seq("\x1bOR"),
            "f4" => seq("\x1bOS"),
            "f5" => seq("\x1b[15~"),
            "f6" => seq("\x1b[17~"),
            "f7" => seq("\x1b[18~"),
            "f8" => seq("\x1b[19~"),
            "f9" => seq("\x1b[20~"),
            "f10" => seq("\x1b[21~"),
            "f11" => seq("\x1b[23~"),
            "f12" => seq("\x1b[24~"),
            "ctrl-space" | "ctrl+space" => vec![0],
            _ => {
                let ctrl = name
                    .strip_prefix("ctrl-")
                    .or_else(|| name.strip_prefix("ctrl+"));
                if let Some(&[c]) = ctrl.map(str::as_bytes)
                    && (c.is_ascii_lowercase() || b"[\\]^_".contains(&c))
                {
                    return vec![c & 0x1f];
                }
                let alt = key
                    .strip_prefix("alt-")
                    .or_else(|| key.strip_prefix("alt+"));
                if let Some(rest) = alt
                    && rest.chars().count() == 1
                {
                    let mut bytes = vec![0x1b];
                    bytes.extend_from_slice(rest.as_bytes());
                    return bytes;
                }
                panic!("send_key: unknown key {key:?}");
            }
        }
    }

    // ----- waiting ---------------------------------------------------------

    /// Pumps output into the emulator until `pred(screen text)` holds, and
    /// returns the screen text. Panics with the screen on timeout, or as soon
    /// as the output has ended (the child and all holders of the terminal
    /// have gone) without `pred` holding.
    pub fn wait_for(&mut self, timeout: Duration, pred: impl Fn(&str) -> bool) -> String {
        self.wait_until(timeout, "the predicate to hold", |s| pred(&s.contents()))
    }

    /// [`Pty::wait_for`] with the whole emulated screen (attributes, cursor,
    /// modes) at hand.
    pub fn wait_for_screen(
        &mut self,
        timeout: Duration,
        pred: impl Fn(&vt100::Screen) -> bool,
    ) -> String {
        self.wait_until(timeout, "the screen predicate to hold", pred)
    }

    /// Waits up to 10 s until `text` is on the screen.
    pub fn wait_for_text(&mut self, text: &str) -> String {
        self.wait_for_text_within(DEFAULT_TIMEOUT, text)
    }

    /// Waits up to `timeout` until `text` is on the screen.
    pub fn wait_for_text_within(&mut self, timeout: Duration, text: &str) -> String {
        self.wait_until(timeout, &format!("{text:?} to appear"), |s| {
            s.contents().contains(text)
        })
    }

    /// Waits up to 10 s until `text` is no longer on the screen.
    pub fn wait_for_text_gone(&mut self, text: &str) -> String {
        self.wait_until(DEFAULT_TIMEOUT, &format!("{text:?} to disappear"), |s| {
            !s.contents().contains(text)
        })
    }

    fn wait_until(
        &mut self,
        timeout: Duration,
        what: &str,
        pred: impl Fn(&vt100::Screen) -> bool,
    ) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            self.pump();
            if pred(self.parser.screen()) {
                return self.parser.screen().contents();
            }
            if self.eof {
                self.fail(&format!(
                    "waiting for {what}: the terminal's output ended first"
                ));
            }
            let now = Instant::now();
            if now >= deadline {
                self.fail(&format!("waiting for {what}: timed out after {timeout:?}"));
            }
            self.pump_for(deadline - now);
        }
    }

    /// Pumps output for `d`, reading continuously, and returns how many
    /// bytes the program wrote in that time (output pending before the call
    /// is pumped first and not counted).
    pub fn bytes_during(&mut self, d: Duration) -> usize {
        self.pump();
        let end = Instant::now() + d;
        let mut n = 0;
        loop {
            let now = Instant::now();
            if now >= end {
                return n;
            }
            if self.eof {
                std::thread::sleep(end - now);
                return n;
            }
            n += self.pump_for(end - now);
        }
    }

    /// How many terminal queries (cursor position, status, device
    /// attributes) the program has sent so far; the harness answers them.
    pub fn queries(&self) -> usize {
        self.parser.callbacks().queries
    }

    /// Total bytes pumped into the emulator so far.
    pub fn bytes_read(&self) -> usize {
        self.bytes
    }

    /// Pumps whatever output is pending, without waiting.
    pub fn refresh(&mut self) {
        self.pump();
    }

    // ----- the screen ------------------------------------------------------

    /// The screen as text (`vt100::Screen::contents`: rows without trailing
    /// blanks, joined by newlines, trailing empty rows dropped).
    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Row `r` (0-based) as text, without trailing blanks.
    pub fn row(&self, r: u16) -> String {
        let (rows, cols) = self.parser.screen().size();
        assert!(r < rows, "row {r} is outside the {rows}-row screen");
        self.parser
            .screen()
            .rows(0, cols)
            .nth(usize::from(r))
            .unwrap_or_default()
    }

    /// Every row as text, without trailing blanks.
    pub fn rows(&self) -> Vec<String> {
        let cols = self.parser.screen().size().1;
        self.parser.screen().rows(0, cols).collect()
    }

    /// Where `text` first occurs on the screen (searching row by row), as
    /// (row, column) with columns counted in cells (wide characters take
    /// two).
    pub fn find(&self, text: &str) -> Option<(u16, u16)> {
        let screen = self.parser.screen();
        let (rows, cols) = screen.size();
        for r in 0..rows {
            let mut line = String::new();
            let mut col_of_byte = Vec::new();
            for c in 0..cols {
                let Some(cell) = screen.cell(r, c) else { break };
                if cell.is_wide_continuation() {
                    continue;
                }
                let start = line.len();
                if cell.has_contents() {
                    line.push_str(cell.contents());
                } else {
                    line.push(' ');
                }
                col_of_byte.resize(col_of_byte.len() + line.len() - start, c);
            }
            if let Some(i) = line.find(text) {
                return Some((r, col_of_byte[i]));
            }
        }
        None
    }

    /// The cell at row `r`, column `c` (0-based); panics outside the screen.
    pub fn cell(&self, r: u16, c: u16) -> vt100::Cell {
        match self.parser.screen().cell(r, c) {
            Some(cell) => cell.clone(),
            None => panic!(
                "cell ({r}, {c}) is outside the screen {:?}",
                self.parser.screen().size()
            ),
        }
    }

    /// (bold, inverse, foreground is the default colour) of a cell.
    pub fn cell_attrs(&self, r: u16, c: u16) -> (bool, bool, bool) {
        let cell = self.cell(r, c);
        (
            cell.bold(),
            cell.inverse(),
            cell.fgcolor() == vt100::Color::Default,
        )
    }

    /// Whether any cell of row `r` is in reverse video.
    pub fn row_has_inverse(&self, r: u16) -> bool {
        self.row_cells(r).any(|cell| cell.inverse())
    }

    /// Whether any cell of row `r` is bold.
    pub fn row_has_bold(&self, r: u16) -> bool {
        self.row_cells(r).any(|cell| cell.bold())
    }

    /// Whether any cell on the screen has a non-default foreground or
    /// background colour (for NO_COLOR checks).
    pub fn any_color(&self) -> bool {
        let rows = self.parser.screen().size().0;
        (0..rows).any(|r| {
            self.row_cells(r).any(|cell| {
                cell.fgcolor() != vt100::Color::Default || cell.bgcolor() != vt100::Color::Default
            })
        })
    }

    fn row_cells(&self, r: u16) -> impl Iterator<Item = &vt100::Cell> {
        let screen = self.parser.screen();
        let cols = screen.size().1;
        (0..cols).filter_map(move |c| screen.cell(r, c))
    }

    /// The cursor as (row, column).
    pub fn cursor(&self) -> (u16, u16) {
        self.parser.screen().cursor_position()
    }

    /// The emulated screen itself, for anything else (modes, colours...).
    pub fn vt(&self) -> &vt100::Screen {
        self.parser.screen()
    }

    /// The screen with row numbers, for assertion messages.
    pub fn dump(&self) -> String {
        let screen = self.parser.screen();
        let (rows, cols) = screen.size();
        let (cr, cc) = screen.cursor_position();
        let mut out = format!(
            "--- screen {cols}x{rows}, cursor ({cr}, {cc}), {} bytes read, alternate screen: {} ---\n",
            self.bytes,
            screen.alternate_screen()
        );
        for (i, line) in screen.rows(0, cols).enumerate() {
            out.push_str(&format!("{i:>3}|{line}\n"));
        }
        out.push_str("--- end of screen ---");
        out
    }

    // ----- the terminal and the process ------------------------------------

    /// Resizes the pty (the child gets SIGWINCH) and the emulator. Output
    /// pending from before is pumped at the old size first.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.pump();
        self.parser.screen_mut().set_size(rows, cols);
        let Some(master) = self.master.as_ref() else {
            self.fail("resize after close_master");
        };
        if let Err(e) = master.resize(pty_size(cols, rows)) {
            self.fail(&format!("resizing the pty to {cols}x{rows}: {e:#}"));
        }
    }

    /// Waits up to `timeout` for the child to exit; its exit code, or None
    /// if it is still running. A child killed by a signal reports code 1;
    /// see [`Pty::wait_exit_status`] for the signal. The output written
    /// before the exit is pumped into the emulator.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<u32> {
        self.wait_exit_status(timeout).map(|s| s.exit_code())
    }

    /// [`Pty::wait_exit`] with the full status (`.signal()`, `.success()`).
    pub fn wait_exit_status(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.try_status() {
                self.drain_after_exit();
                return Some(status);
            }
            let now = Instant::now();
            if now >= deadline {
                return None;
            }
            let step = (deadline - now).min(Duration::from_millis(10));
            if self.eof {
                std::thread::sleep(step);
            } else {
                self.pump_for(step);
            }
        }
    }

    /// Like [`Pty::wait_exit`], but panics with the screen if the child is
    /// still running after `timeout`.
    pub fn expect_exit(&mut self, timeout: Duration) -> u32 {
        match self.wait_exit(timeout) {
            Some(code) => code,
            None => self.fail(&format!("the child did not exit within {timeout:?}")),
        }
    }

    /// The child's exit status if it has exited (does not wait).
    pub fn exit_status(&mut self) -> Option<ExitStatus> {
        self.try_status()
    }

    /// The child's process id.
    pub fn pid(&self) -> Option<u32> {
        self.pid
    }

    /// Sends signal `sig` (e.g. `libc::SIGTERM`) to the child. Does nothing
    /// once the child has been reaped (its pid may be reused).
    pub fn signal(&self, sig: i32) {
        if self.status.is_some() {
            return;
        }
        let pid = self.pid.expect("the child has a pid");
        let pid = libc::pid_t::try_from(pid).expect("pid fits pid_t");
        // SAFETY: plain syscall; the child is not reaped, so `pid` is ours.
        let rc = unsafe { libc::kill(pid, sig) };
        assert!(
            rc == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH),
            "kill({pid}, {sig}): {}",
            io::Error::last_os_error()
        );
    }

    /// Closes every handle on the master side, as when an SSH link drops:
    /// the kernel hangs the terminal up (SIGHUP to the child, EOF/EIO on its
    /// reads). The child handle stays, to wait on. Output already read is
    /// pumped; anything still in flight is lost.
    pub fn close_master(&mut self) {
        self.pump();
        self.writer = None;
        self.stop_reader();
        self.pump();
        self.eof = true;
        self.master = None;
    }

    // ----- internals -------------------------------------------------------

    /// Feeds pending chunks without waiting; bytes fed.
    fn pump(&mut self) -> usize {
        let mut n = 0;
        loop {
            match self.rx.try_recv() {
                Ok(chunk) => n += self.feed(&chunk),
                Err(TryRecvError::Empty) => return n,
                Err(TryRecvError::Disconnected) => {
                    self.eof = true;
                    return n;
                }
            }
        }
    }

    /// Waits up to `wait` for output, then feeds all that is pending.
    fn pump_for(&mut self, wait: Duration) -> usize {
        match self.rx.recv_timeout(wait) {
            Ok(chunk) => {
                let n = self.feed(&chunk);
                n + self.pump()
            }
            Err(RecvTimeoutError::Timeout) => 0,
            Err(RecvTimeoutError::Disconnected) => {
                self.eof = true;
                0
            }
        }
    }

    fn feed(&mut self, chunk: &[u8]) -> usize {
        self.parser.process(chunk);
        self.bytes += chunk.len();
        let replies = std::mem::take(&mut self.parser.callbacks_mut().out);
        if !replies.is_empty() && self.writer.is_some() {
            // A child that exits without reading its reply is not an error.
            let _ = self.write_bytes(&replies);
        }
        chunk.len()
    }

    fn write_bytes(&mut self, bytes: &[u8]) -> io::Result<()> {
        let writer = self
            .writer
            .as_mut()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotConnected, "master closed"))?;
        // A stall, not a long input, is the failure: the bound is on the
        // time since the child last read.
        let mut deadline = Instant::now() + WRITE_TIMEOUT;
        let mut rest = bytes;
        while !rest.is_empty() {
            match writer.write(rest) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => {
                    rest = &rest[n..];
                    deadline = Instant::now() + WRITE_TIMEOUT;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    if Instant::now() >= deadline {
                        return Err(io::Error::new(
                            io::ErrorKind::TimedOut,
                            "the child has not read its input for 10 s",
                        ));
                    }
                    poll_fd(writer.as_raw_fd(), libc::POLLOUT, 20);
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    fn try_status(&mut self) -> Option<ExitStatus> {
        if self.status.is_none() {
            match self.child.try_wait() {
                Ok(status) => self.status = status,
                Err(e) => panic!("waiting for {}: {e}", self.program),
            }
        }
        self.status.clone()
    }

    /// After the exit, reads what the child wrote last (bounded: a
    /// grandchild may still hold the terminal).
    fn drain_after_exit(&mut self) {
        let until = Instant::now() + Duration::from_millis(500);
        while !self.eof {
            let now = Instant::now();
            if now >= until {
                break;
            }
            self.pump_for(until - now);
        }
    }

    fn stop_reader(&mut self) {
        if let Some(reader) = self.reader.take() {
            reader.stop();
        }
    }

    fn fail(&mut self, msg: &str) -> ! {
        self.pump();
        let state = match self.try_status() {
            Some(status) => format!("exited: {status}"),
            None => "running".to_string(),
        };
        panic!(
            "{msg}\nprogram: {} (pid {:?}, {state})\n{}",
            self.program,
            self.pid,
            self.dump()
        );
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if self.status.is_none()
            && let Some(pid) = self.pid.and_then(|p| libc::pid_t::try_from(p).ok())
        {
            // Not reaped yet, so the pid (and the process group the child
            // leads as session leader) is still ours: kill the whole group,
            // including any grandchildren.
            // SAFETY: plain syscalls.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
                libc::kill(pid, libc::SIGKILL);
            }
            let deadline = Instant::now() + REAP_TIMEOUT;
            while Instant::now() < deadline {
                match self.child.try_wait() {
                    Ok(None) => std::thread::sleep(Duration::from_millis(5)),
                    _ => break,
                }
            }
        }
        self.writer = None;
        self.stop_reader();
        self.master = None;
    }
}

/// The thread draining the master side.
struct Reader {
    stop: Arc<AtomicBool>,
    handle: JoinHandle<()>,
}

impl Reader {
    fn start(mut file: File, tx: Sender<Vec<u8>>) -> Reader {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let handle = std::thread::Builder::new()
            .name("pty-reader".into())
            .spawn(move || {
                let mut buf = vec![0u8; 16 * 1024];
                while !flag.load(Ordering::Relaxed) {
                    if !poll_fd(file.as_raw_fd(), libc::POLLIN, READER_POLL_MS) {
                        continue;
                    }
                    match file.read(&mut buf) {
                        // EOF; EIO once every slave handle has closed.
                        Ok(0) => return,
                        Ok(n) => {
                            if tx.send(buf[..n].to_vec()).is_err() {
                                return;
                            }
                        }
                        Err(e)
                            if matches!(
                                e.kind(),
                                io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted
                            ) => {}
                        Err(_) => return,
                    }
                }
            })
            .expect("start the pty reader thread");
        Reader { stop, handle }
    }

    /// Stops and joins the thread (within one poll interval), closing its
    /// handle on the master.
    fn stop(self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.handle.join();
    }
}

/// Answers the queries a real terminal answers.
#[derive(Default)]
struct Replies {
    out: Vec<u8>,
    /// How many queries the program asked (each a round trip on a real link).
    queries: usize,
}

impl vt100::Callbacks for Replies {
    fn unhandled_csi(
        &mut self,
        screen: &mut vt100::Screen,
        i1: Option<u8>,
        _i2: Option<u8>,
        params: &[&[u16]],
        c: char,
    ) {
        if i1.is_some() {
            return;
        }
        let first = params.first().and_then(|p| p.first()).copied().unwrap_or(0);
        if matches!((c, first), ('n', 6) | ('n', 5) | ('c', 0)) {
            self.queries += 1;
        }
        match (c, first) {
            ('n', 6) => {
                let (row, col) = screen.cursor_position();
                let _ = write!(self.out, "\x1b[{};{}R", row + 1, col + 1);
            }
            ('n', 5) => self.out.extend_from_slice(b"\x1b[0n"),
            ('c', 0) => self.out.extend_from_slice(b"\x1b[?1;2c"),
            _ => {}
        }
    }
}

fn pty_size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

/// Whether `fd` became ready for `events` within `ms` milliseconds (also
/// true on hang-up or error, so the caller's read/write reports it).
fn poll_fd(fd: RawFd, events: libc::c_short, ms: libc::c_int) -> bool {
    let mut pfd = libc::pollfd {
        fd,
        events,
        revents: 0,
    };
    // SAFETY: one valid pollfd.
    unsafe { libc::poll(&mut pfd, 1, ms) > 0 }
}

fn set_nonblocking(fd: RawFd) {
    // SAFETY: fcntl on a descriptor we own.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        assert!(flags >= 0, "F_GETFL: {}", io::Error::last_os_error());
        let rc = libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK);
        assert!(rc >= 0, "F_SETFL: {}", io::Error::last_os_error());
    }
}

/// A close-on-exec duplicate of `fd`, so no other test's child inherits it
/// (which would keep the master open after `close_master`).
fn dup_cloexec(fd: RawFd) -> File {
    // SAFETY: fcntl on a descriptor we own; the result is a fresh descriptor.
    unsafe {
        let new = libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 3);
        assert!(new >= 0, "F_DUPFD_CLOEXEC: {}", io::Error::last_os_error());
        File::from_raw_fd(new)
    }
}
