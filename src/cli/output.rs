//! What commands print. Everything a record holds is escaped on the way
//! out (a label with an escape sequence must not retitle the window or
//! write the clipboard), and a standard output that cannot be written
//! (`> /dev/full`) is a one-line error that says whether the record was
//! saved — not a panic after the save, which a script would retry. A
//! closed pipe ends the process quietly (SIGPIPE keeps its default).
//!
//! A command the screen answers for another window (`serve.rs`) runs on a
//! thread of the screen's process with a [`Sink`] set for that thread:
//! what it prints goes to that window, not to the screen's terminal.

use std::cell::RefCell;
use std::io::{self, Write};

use super::{Fail, data_messages};
use crate::domain::due::DueState;
use crate::domain::text::{Lines, escape, escape_json};
use crate::i18n::fill;

/// What a command has written to the store before it prints, so that a
/// failed print can say so.
#[derive(Debug, Clone, Copy)]
pub enum Saved<'a> {
    Nothing,
    /// The words naming what was saved ("note 2026-001/3").
    This(&'a str),
}

/// One line of output; its text may not break the line or steer the
/// terminal.
pub fn line(text: &str, saved: Saved) -> Result<(), Fail> {
    let mut s = escape(text, Lines::One).into_owned();
    s.push('\n');
    write_out(&s, saved)
}

/// Lines written together, each escaped as by [`line`]: a list of
/// thousands of rows goes out in one write, not one a row.
#[derive(Default)]
pub struct Page(String);

impl Page {
    pub fn line(&mut self, text: &str) {
        self.0.push_str(&escape(text, Lines::One));
        self.0.push('\n');
    }

    pub fn write(self, saved: Saved) -> Result<(), Fail> {
        write_out(&self.0, saved)
    }
}

/// Text of several lines (a report), newlines and tabs kept.
pub fn text(text: &str, saved: Saved) -> Result<(), Fail> {
    write_out(&escape(text, Lines::Many), saved)
}

/// JSON, with the control characters JSON lets through escaped.
pub fn json(json: &str, saved: Saved) -> Result<(), Fail> {
    let mut s = escape_json(json).into_owned();
    s.push('\n');
    write_out(&s, saved)
}

fn write_out(s: &str, saved: Saved) -> Result<(), Fail> {
    let sent = SINK.with(|sink| {
        sink.borrow_mut()
            .as_mut()
            .map(|sink| sink.out(s.as_bytes()))
    });
    if let Some(sent) = sent {
        return sent.map_err(|e| unwritable(&e, saved));
    }
    let mut out = io::stdout().lock();
    out.write_all(s.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| unwritable(&e, saved))
}

/// Standard output as a writer, for what is written as it is made (an
/// export): to this thread's [`Sink`] when one is set, else the process's.
pub struct Out;

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let sent = SINK.with(|sink| sink.borrow_mut().as_mut().map(|sink| sink.out(buf)));
        match sent {
            Some(sent) => sent.map(|()| buf.len()),
            None => io::stdout().lock().write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match SINK.with(|sink| sink.borrow().is_some()) {
            true => Ok(()),
            false => io::stdout().lock().flush(),
        }
    }
}

/// Where a command's standard output and standard error go instead of the
/// process's own.
pub trait Sink {
    fn out(&mut self, bytes: &[u8]) -> io::Result<()>;
    /// Standard error: as for the process's own, a failure is let be.
    fn err(&mut self, bytes: &[u8]);
}

thread_local! {
    static SINK: RefCell<Option<Box<dyn Sink>>> = RefCell::new(None);
}

/// Runs `f` with what it prints, on this thread, going to `sink`; the
/// sink is given back with the outcome.
pub fn into_sink<R>(sink: Box<dyn Sink>, f: impl FnOnce() -> R) -> (R, Box<dyn Sink>) {
    SINK.with(|s| *s.borrow_mut() = Some(sink));
    let outcome = f();
    let sink = SINK.with(|s| s.borrow_mut().take());
    // Set above, on this thread; taken only here.
    let sink = sink.unwrap_or_else(|| Box::new(Nowhere));
    (outcome, sink)
}

/// A sink that drops what it is given.
struct Nowhere;

impl Sink for Nowhere {
    fn out(&mut self, _: &[u8]) -> io::Result<()> {
        Ok(())
    }
    fn err(&mut self, _: &[u8]) {}
}

/// The error for an output that cannot be written.
pub fn unwritable(err: &io::Error, saved: Saved) -> Fail {
    let t = data_messages();
    let error = plain_io_error(err);
    Fail::Failed(match saved {
        Saved::Nothing => fill(t.err_stdout, &[("error", &error)]),
        Saved::This(what) => fill(t.err_stdout_saved, &[("error", &error), ("what", what)]),
    })
}

/// The system's words for an I/O error, without Rust's "(os error 28)".
pub fn plain_io_error(err: &io::Error) -> String {
    let s = err.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// A line for the user on standard error (a warning, where a file went).
/// Escaped like all output; an unwritable standard error is let be, as
/// there is nowhere left to say so.
pub fn note(text: &str) {
    let mut s = escape(text, Lines::One).into_owned();
    s.push('\n');
    let sent = SINK.with(|sink| {
        sink.borrow_mut()
            .as_mut()
            .map(|sink| sink.err(s.as_bytes()))
    });
    if sent.is_none() {
        let _ = io::stderr().lock().write_all(s.as_bytes());
    }
}

/// The mark of a state, readable without colour.
pub fn mark(state: DueState) -> &'static str {
    match state {
        DueState::Overdue => "!",
        DueState::DueSoon => "~",
        DueState::Ok => " ",
    }
}

/// At most `n` characters, with an ellipsis when cut.
pub fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_os_error_reads_as_words() {
        let e = io::Error::from_raw_os_error(libc::ENOSPC);
        let words = plain_io_error(&e);
        assert!(!words.contains("os error"), "{words}");
        assert!(!words.is_empty());
    }

    #[test]
    fn a_failed_print_says_what_was_saved() {
        let e = io::Error::from_raw_os_error(libc::ENOSPC);
        let Fail::Failed(msg) = unwritable(&e, Saved::This("note 2026-001/1")) else {
            panic!("an unwritable output is a failure, not a usage error");
        };
        assert!(msg.contains("note 2026-001/1"), "{msg}");
        let Fail::Failed(msg) = unwritable(&e, Saved::Nothing) else {
            panic!();
        };
        assert!(!msg.contains("2026-001"), "{msg}");
    }
}
