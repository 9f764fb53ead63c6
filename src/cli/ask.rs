//! A command asking the open screen to run it ([`ask`]): the request
//! sent, the screen's first line checked, the answer's frames printed as
//! they come. The protocol, and the screen's side, are `serve.rs`'s.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};

use super::Context;
use super::output;
use super::serve::{
    ANSWER_BOUND, FRAME, Hello, PIECE_BOUND, PROTOCOL, Request, VERSION, socket_path,
};
use crate::domain::text::{Lines, escape};
use crate::i18n::fill;

/// What came of asking the screen.
pub enum Asked {
    /// The screen answered; what it printed is printed, and this is the
    /// exit status.
    Answered(u8),
    /// Nobody listens on the socket (none there, or a screen of an
    /// insats that does not serve): the store is in use, as before.
    NotListening,
    /// The screen did not begin to answer in time.
    NotAnswering,
    /// The screen began and stopped, or closed, before the exit status.
    Broken,
    /// A line to say and stop at: another version, another user's.
    Refused(String),
}

/// Asks the screen holding the store to run `ctx`'s command; `stdin` is a
/// note's text read from standard input.
pub fn ask(ctx: &Context, stdin: Option<&str>, note_id: &str) -> Asked {
    let Some(command) = ctx.command.clone() else {
        return Asked::NotListening;
    };
    let Ok(mut stream) = UnixStream::connect(socket_path(&ctx.data_dir)) else {
        return Asked::NotListening;
    };
    let request = Request {
        insats_serve: PROTOCOL,
        version: VERSION.to_string(),
        lang: ctx.lang.code().to_string(),
        today: ctx.today,
        now: ctx.now,
        worker: ctx.worker.clone(),
        rules: ctx.rules,
        cwd: std::env::current_dir().unwrap_or_default(),
        note_id: note_id.to_string(),
        stdin: stdin.map(str::to_string),
        command,
    };
    let Ok(mut line) = serde_json::to_vec(&request) else {
        return Asked::NotListening;
    };
    line.push(b'\n');
    let began = Instant::now();
    // A stopped screen still takes the connection and the request (the
    // kernel holds them); it is its first line that does not come.
    if stream.set_write_timeout(Some(ANSWER_BOUND)).is_err() || stream.write_all(&line).is_err() {
        return Asked::NotAnswering;
    }
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return Asked::NotAnswering,
    });
    let left = ANSWER_BOUND.saturating_sub(began.elapsed());
    let _ = stream.set_read_timeout(Some(left.max(Duration::from_millis(1))));
    let mut first = Vec::new();
    match (&mut reader).take(64 * 1024).read_until(b'\n', &mut first) {
        Ok(n) if n > 0 && first.ends_with(b"\n") => {}
        Ok(_) => return Asked::NotListening,
        Err(_) => return Asked::NotAnswering,
    }
    let hello: Hello = match serde_json::from_slice(&first) {
        Ok(hello) => hello,
        // Not ours: a refusal in one line (another user's screen).
        Err(_) => {
            let said = String::from_utf8_lossy(&first);
            return Asked::Refused(escape(said.trim_end(), Lines::One).into_owned());
        }
    };
    if hello.answer != "ok" || hello.insats_serve != PROTOCOL {
        return Asked::Refused(fill(
            ctx.text().err_screen_other_version,
            &[("theirs", &hello.version), ("ours", VERSION)],
        ));
    }
    if stream.write_all(b"g").is_err() {
        return Asked::Broken;
    }
    let _ = stream.set_read_timeout(Some(PIECE_BOUND));
    relay(&mut reader)
}

/// The answer's frames, printed as they come, to the exit status.
fn relay(reader: &mut impl Read) -> Asked {
    let mut out = io::stdout().lock();
    let mut buf = vec![0u8; FRAME];
    loop {
        let mut head = [0u8; 5];
        if reader.read_exact(&mut head).is_err() {
            return Asked::Broken;
        }
        let len = u32::from_be_bytes([head[1], head[2], head[3], head[4]]) as usize;
        if len > FRAME {
            return Asked::Broken;
        }
        if reader.read_exact(&mut buf[..len]).is_err() {
            return Asked::Broken;
        }
        let bytes = &buf[..len];
        match head[0] {
            b'o' => {
                // A closed pipe ends the process, as for the command alone;
                // another failure is said as the command says it.
                if let Err(e) = out.write_all(bytes).and_then(|()| out.flush()) {
                    let said = output::unwritable(&e, output::Saved::Nothing).message();
                    output::note(&format!("insats: {said}"));
                    return Asked::Answered(3);
                }
            }
            b'e' => {
                let _ = io::stderr().lock().write_all(bytes);
            }
            b'x' if len == 1 => return Asked::Answered(bytes[0]),
            _ => return Asked::Broken,
        }
    }
}
