//! How a command fails, and the words it fails in: `Fail` (the exit
//! status and the one line said), the language of messages (the process's,
//! or a served command's on its own thread), and each store error made
//! into a line that says what to do.

use std::path::{Path, PathBuf};

use crate::domain::text::{megabytes, megabytes_down};
use crate::i18n::{Lang, Text, fill};
use crate::store::StoreError;
use crate::store::perms::NotOurs;

/// How a command failed.
#[derive(Debug)]
pub enum Fail {
    /// Something the user can fix: exit status 2.
    Usage(String),
    /// Something went wrong underneath (disk, store): exit status 3.
    Failed(String),
    /// The screen in another window ran the command and its output was
    /// printed: this is its exit status.
    Answered(u8),
}

/// The language of messages, once the command line and the configuration
/// have said it (English until then).
pub(super) static MESSAGES: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

/// The data directory of this run, for a store error that names it.
pub(super) static DATA_DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

thread_local! {
    /// The language of messages on a thread of the screen that runs a
    /// command for another window: that command's, not the screen's.
    static MESSAGES_HERE: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

fn message_lang() -> Lang {
    MESSAGES_HERE
        .get()
        .or_else(|| MESSAGES.get().copied())
        .unwrap_or(Lang::En)
}

pub(super) fn messages() -> &'static Text {
    message_lang().text()
}

/// The words about the user's data, in the language of messages.
pub(super) fn data_messages() -> &'static crate::i18n::DataText {
    message_lang().data()
}

/// Runs `f` with the messages of this thread in `lang`.
pub(super) fn in_language<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    MESSAGES_HERE.set(Some(lang));
    let r = f();
    MESSAGES_HERE.set(None);
    r
}

impl Fail {
    /// A path under the data directory that is a link, not a directory or
    /// another user's.
    pub(super) fn not_ours(path: &Path) -> Fail {
        let path = path.display().to_string();
        Fail::Usage(fill(data_messages().err_not_own_dir, &[("path", &path)]))
    }
}

impl From<StoreError> for Fail {
    fn from(e: StoreError) -> Fail {
        let t = messages();
        let d = data_messages();
        let shown = |p: &std::path::Path| p.display().to_string();
        match &e {
            StoreError::Locked(path) => Fail::Usage(fill(t.err_locked, &[("path", &shown(path))])),
            StoreError::NoSuchCase(code) => Fail::Usage(fill(t.err_no_case, &[("code", code)])),
            StoreError::CaseExists(code) => Fail::Usage(fill(t.err_case_exists, &[("code", code)])),
            StoreError::NoSpace { .. } => Fail::Failed(no_space(&e) + d.nothing_saved),
            StoreError::Stalled { dir, seconds } => Fail::Failed(fill(
                d.err_stalled,
                &[("dir", &shown(dir)), ("seconds", &seconds.to_string())],
            )),
            StoreError::Damaged(dir) => Fail::Failed(match crate::store::backup::newest(dir) {
                Some(b) => fill(
                    d.err_damaged_store,
                    &[
                        ("path", &shown(dir)),
                        (
                            "backup",
                            &format!("{}, {}", b.name, b.taken.format("%Y-%m-%d %H:%M")),
                        ),
                    ],
                ),
                None => fill(d.err_damaged_no_backup, &[("path", &shown(dir))]),
            }),
            StoreError::Shrunk {
                records,
                backup,
                backed_up,
            } => Fail::Failed(fill(
                d.err_shrunk,
                &[
                    ("records", &records.to_string()),
                    ("backup", &shown(backup)),
                    ("backed_up", &backed_up.to_string()),
                ],
            )),
            StoreError::Unreadable => Fail::Failed(d.err_unreadable_records.to_string()),
            StoreError::TooLarge { record, bytes } => Fail::Usage(fill(
                t.err_too_large,
                &[
                    ("record", record),
                    ("mb", &megabytes(*bytes as u64)),
                    ("limit", &megabytes(crate::store::codec::SIZE_LIMIT as u64)),
                ],
            )),
            _ if e.is_disk_full() => Fail::Failed(t.err_disk_full.to_string()),
            StoreError::Io { path, .. } if e.is_read_only() => {
                Fail::Failed(fill(d.err_read_only, &[("path", &shown(path))]))
            }
            StoreError::Db(_) => {
                let dir = DATA_DIR.get().map(|p| shown(p)).unwrap_or_default();
                Fail::Failed(fill(d.err_store, &[("path", &dir)]))
            }
            // A path under the data directory that is not insats's own:
            // the user's to move away.
            StoreError::Io { err, .. } if NotOurs::of(err).is_some() => {
                Fail::not_ours(NotOurs::of(err).unwrap_or(Path::new("")))
            }
            _ => Fail::Failed(e.to_string()),
        }
    }
}

/// "the disk is full: N MB needed, M MB free in DIR", for a
/// [`StoreError::NoSpace`]; else the error as it reads.
pub fn no_space(e: &StoreError) -> String {
    match e {
        StoreError::NoSpace { needed, free, dir } => fill(
            data_messages().err_no_space,
            &[
                ("needed", &megabytes(*needed)),
                ("free", &megabytes_down(*free)),
                ("dir", &dir.display().to_string()),
            ],
        ),
        other => other.to_string(),
    }
}

impl Fail {
    /// The message, whichever the kind.
    pub fn message(self) -> String {
        match self {
            Fail::Usage(m) | Fail::Failed(m) => m,
            Fail::Answered(_) => String::new(),
        }
    }

    /// Text given on the command line that holds a control character.
    pub fn control(what: &str, found: crate::domain::text::ControlChar) -> Fail {
        Fail::Usage(fill(
            data_messages().err_control,
            &[
                ("what", what),
                ("code", &found.code()),
                ("position", &found.position.to_string()),
            ],
        ))
    }

    pub fn no_case(code: &str) -> Fail {
        Fail::Usage(fill(messages().err_no_case, &[("code", code)]))
    }

    pub fn closed(code: &str) -> Fail {
        Fail::Usage(fill(messages().err_closed, &[("code", code)]))
    }

    pub fn bad_date(flag: &str, input: &str) -> Fail {
        Fail::Usage(fill(
            messages().err_bad_date,
            &[("flag", flag), ("input", input)],
        ))
    }
}
