//! A store that cannot take a write. On a full disk the screen opens on a
//! copy of the store made to read: a banner says so, editors open to be
//! read, and every write is refused in the same words. When a save fails
//! with an editor open, the text stays in the editor and the worker is
//! asked for a file to write it to (0600, never over an existing file):
//! the store cannot keep it, and memory alone is not safe.

use std::path::PathBuf;

use chrono::NaiveDateTime;

use super::{Action, App, Effect, Prompt, PromptKind};
use crate::domain::text::{megabytes, megabytes_down};
use crate::editor::{Draft, Form, FormKind, plain};
use crate::i18n::fill;
use crate::store::{StoreError, perms};

impl App {
    /// The banner of a screen on a copy of the store, opened to read
    /// because the disk is full or the directory cannot be written.
    pub fn read_only_banner(&self) -> Option<String> {
        let why = self.store.why_copy()?;
        let t = self.lang.safety();
        let template = match why {
            crate::store::WhyCopy::DiskFull => t.read_only_banner,
            crate::store::WhyCopy::ReadOnly => t.read_only_dir_banner,
        };
        let dir = self.store.origin().display().to_string();
        Some(fill(template, &[("dir", &dir)]))
    }

    /// Why an editor open to be read takes no change.
    pub(crate) fn read_only_words(&self) -> String {
        if self.store.is_copy() {
            self.refused_words()
        } else {
            self.lang.forms().read_only_mark.to_string()
        }
    }

    fn refused_words(&self) -> String {
        let t = self.lang.safety();
        let template = match self.store.why_copy() {
            Some(crate::store::WhyCopy::ReadOnly) => t.read_only_dir_refused,
            _ => t.read_only_refused,
        };
        let dir = self.store.origin().display().to_string();
        fill(template, &[("dir", &dir)])
    }

    /// On a copy of the store, an editor that would write is not opened
    /// (nothing is typed that cannot be kept); one that shows a record
    /// opens to be read. True when refused.
    pub(crate) fn refuse_editor(&mut self, action: Action) -> bool {
        if self.store.is_copy() && action != Action::Open {
            self.message = Some(self.refused_words());
            return true;
        }
        false
    }

    /// An editor about to be shown: on a copy of the store, to be read.
    pub(crate) fn guard_form(&self, form: Form) -> Form {
        if self.store.is_copy() && !form.read_only {
            form.reading(self.lang.safety().read_only_mark)
        } else {
            form
        }
    }

    /// What the status bar says of a store's error, in the user's
    /// language; never the store library's own words.
    pub(crate) fn store_words(&self, e: &StoreError) -> String {
        let (t, d) = (self.text(), self.lang.data());
        let shown = |p: &std::path::Path| p.display().to_string();
        if self.store.is_copy() {
            return self.refused_words();
        }
        match e {
            StoreError::NoSpace { needed, free, dir } => fill(
                d.err_no_space,
                &[
                    ("needed", &megabytes(*needed)),
                    ("free", &megabytes_down(*free)),
                    ("dir", &shown(dir)),
                ],
            ),
            StoreError::Stalled { dir, seconds } => fill(
                d.err_stalled,
                &[("dir", &shown(dir)), ("seconds", &seconds.to_string())],
            ),
            StoreError::Locked(dir) => fill(t.err_locked, &[("path", &shown(dir))]),
            StoreError::NoSuchCase(code) => fill(t.err_no_case, &[("code", code)]),
            StoreError::CaseExists(code) => fill(t.err_case_exists, &[("code", code)]),
            _ if e.is_disk_full() => t.err_disk_full.to_string(),
            StoreError::Db(_) | StoreError::Damaged(_) => {
                fill(d.err_store, &[("path", &shown(self.store.dir()))])
            }
            _ => e.to_string(),
        }
    }

    /// After a save failed with the editor open: asks where to write its
    /// text, suggesting a new file in the home directory.
    pub(crate) fn offer_draft_file(&mut self, now: NaiveDateTime) {
        let Some(form) = &self.form else {
            return;
        };
        let name = text_file_name(&form.kind, now);
        let text = match std::env::var_os("HOME") {
            Some(_) => format!("~/{name}"),
            None => name,
        };
        // Said first, as the state beside it may not fit.
        let full = self.store.is_copy() || self.store.ensure_space(0).is_err();
        self.prompt = Some(Prompt {
            text,
            ..Prompt::new(PromptKind::DraftFile { full })
        });
    }

    /// Writes the open editor's text to the file named; the editor stays
    /// open with its text, to be saved when the store can take it.
    pub(crate) fn submit_draft_file(&mut self, named: &str, now: NaiveDateTime) -> Effect {
        let t = self.lang.safety();
        let Some(form) = &self.form else {
            return self.prompt_error(t.draft_file_name_needed.to_string());
        };
        let text = plain::as_text(form, now);
        match self.write_text_file(named, &text) {
            Ok(shown) => {
                self.prompt = None;
                self.message = Some(fill(t.draft_file_written, &[("path", &shown)]));
                Effect::Draw
            }
            Err(why) => self.prompt_error(why),
        }
    }

    /// Writes `text` to a new private file of the name typed (`~/` the
    /// home directory): the name as shown, or why not in words.
    pub(crate) fn write_text_file(&self, named: &str, text: &str) -> Result<String, String> {
        let t = self.lang.safety();
        let named = named.trim();
        if named.is_empty() {
            return Err(t.draft_file_name_needed.to_string());
        }
        match perms::write_new_private(&expand_home(named), text.as_bytes()) {
            Ok(()) => Ok(named.to_string()),
            Err(e) => Err(match e.raw_os_error() {
                _ if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    t.draft_file_exists.to_string()
                }
                Some(libc::ENOSPC | libc::EDQUOT) => t.draft_file_full.to_string(),
                _ => fill(t.draft_file_failed, &[("error", &plain_io_error(&e))]),
            }),
        }
    }

    pub(crate) fn prompt_error(&mut self, why: String) -> Effect {
        if let Some(p) = &mut self.prompt {
            p.error = Some(why);
        }
        Effect::Draw
    }
}

/// The file an editor's text goes to when the store cannot keep it:
/// `insats-2026-014-1122-1405.txt`.
fn text_file_name(kind: &FormKind, at: NaiveDateTime) -> String {
    format!(
        "insats-{}-{}.txt",
        kind.case().unwrap_or("new-case"),
        at.format("%m%d-%H%M")
    )
}

/// The first line of a text written at a hang-up, by which the next start
/// finds it (in both languages: the signal does not know which is in force).
const HANGUP_MARK: &str =
    "insats: osparad text, skriven vid avbrott / unsaved text, written at a hang-up";

/// At a hang-up, when the store cannot take the draft (a full disk): the
/// editor's text into a new private file in the home directory, by the
/// name the screen would have offered (numbered if taken). The next start
/// names it ([`hangup_files`]).
pub fn keep_text_at_hangup(draft: &Draft, as_text: &str) -> Option<PathBuf> {
    let home = PathBuf::from(std::env::var_os("HOME")?);
    let name = text_file_name(&draft.kind, draft.saved_at);
    let text = format!("{HANGUP_MARK}\n{as_text}");
    for n in 1..100 {
        let path = match n {
            1 => home.join(&name),
            n => home.join(name.replace(".txt", &format!("-{n}.txt"))),
        };
        match perms::write_new_private(&path, text.as_bytes()) {
            Ok(()) => return Some(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(_) => return None,
        }
    }
    None
}

/// The texts written at a hang-up still in the home directory, oldest
/// first: said at every start until the worker has removed them.
pub fn hangup_files() -> Vec<PathBuf> {
    let Some(home) = std::env::var_os("HOME").map(PathBuf::from) else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(&home) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("insats-") && n.ends_with(".txt"))
        })
        .filter(|p| starts_with_mark(p))
        .collect();
    found.sort();
    found
}

/// Whether a file begins with [`HANGUP_MARK`] (read no further than it).
fn starts_with_mark(path: &std::path::Path) -> bool {
    use std::io::Read;
    let mut head = vec![0; HANGUP_MARK.len()];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| head == HANGUP_MARK.as_bytes())
}

impl App {
    /// At start: where text written at a hang-up waits, if anywhere.
    pub fn say_hangup_files(&mut self) {
        let files = hangup_files();
        if files.is_empty() || self.message.is_some() {
            return;
        }
        let shown: Vec<String> = files.iter().map(|p| shown_home(p)).collect();
        self.message = Some(fill(
            self.lang.safety().hangup_file,
            &[("paths", &shown.join(", "))],
        ));
    }
}

/// A path under the home directory as `~/…`.
fn shown_home(path: &std::path::Path) -> String {
    match std::env::var_os("HOME").map(PathBuf::from) {
        Some(home) => match path.strip_prefix(&home) {
            Ok(rest) => format!("~/{}", rest.display()),
            Err(_) => path.display().to_string(),
        },
        None => path.display().to_string(),
    }
}

/// `~/x` as the home directory's `x`; anything else as it is.
fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}

/// An I/O error in words without its code: "No such file or directory".
fn plain_io_error(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}
