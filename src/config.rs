//! `config.toml` in the platform's configuration directory: language,
//! keymap, the worker's initials, and every number of the due-date rules.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::due::Rules;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub lang: Option<String>,
    pub keymap: Option<String>,
    /// How the worker signs records; the login name when unset.
    pub initials: Option<String>,
    pub rules: Rules,
    /// Where `keymap` was set: the file and line, for an error about it.
    #[serde(skip)]
    pub keymap_at: Option<String>,
}

/// A configuration file that cannot be used: names the file and the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The directory of `config.toml` and a user keymap: `INSATS_CONFIG_DIR`
/// when set, else the platform's configuration directory.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("INSATS_CONFIG_DIR") {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("se", "insats", "insats").map(|p| p.config_dir().to_path_buf())
}

/// The default data directory: the platform's data directory for insats.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("se", "insats", "insats").map(|p| p.data_dir().to_path_buf())
}

/// Reads `config.toml` from `dir`; a missing file is the default config.
pub fn load(dir: Option<&Path>) -> Result<Config, ConfigError> {
    let Some(dir) = dir else {
        return Ok(Config::default());
    };
    let path = dir.join("config.toml");
    match read_bounded(&path, MOST_SETTINGS_BYTES) {
        Ok(text) => parse(&text, &path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => Err(ConfigError(format!("{}: cannot read: {e}", path.display()))),
    }
}

/// The most a settings file (`config.toml`, a keymap) may hold: they are
/// a few hundred bytes; more is not one (a device, a file named by mistake).
pub const MOST_SETTINGS_BYTES: u64 = 1024 * 1024;

/// Reads a settings file as text: a regular file of at most `most` bytes,
/// never a device or a pipe read without end.
pub fn read_bounded(path: &Path, most: u64) -> std::io::Result<String> {
    use std::io::{Error, ErrorKind, Read};
    // Asked before it is opened: opening a FIFO waits for a writer.
    if !std::fs::metadata(path)?.is_file() {
        return Err(Error::new(ErrorKind::InvalidInput, "not a regular file"));
    }
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(most + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > most {
        let kb = most / 1024;
        return Err(Error::new(
            ErrorKind::InvalidData,
            format!("larger than {kb} KB"),
        ));
    }
    String::from_utf8(bytes).map_err(|_| Error::new(ErrorKind::InvalidData, "not UTF-8 text"))
}

/// Saves the worker's initials in `config.toml` in `dir` (created 0700, the
/// file 0600), keeping every other line as it was.
pub fn save_initials(dir: &Path, initials: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    let path = dir.join("config.toml");
    let old = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    let line = format!("initials = {}", toml::Value::String(initials.to_string()));
    // A top-level key goes before the first table.
    let mut lines: Vec<String> = old
        .lines()
        .filter(|l| !l.trim_start().starts_with("initials"))
        .map(String::from)
        .collect();
    let at = lines
        .iter()
        .position(|l| l.trim_start().starts_with('['))
        .unwrap_or(lines.len());
    lines.insert(at, line);
    let tmp = dir.join("config.toml.tmp");
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)?;
    file.write_all((lines.join("\n") + "\n").as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&tmp, &path)
}

pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let mut config: Config = toml::from_str(text).map_err(|e| located(path, text, &e))?;
    if config.keymap.is_some() {
        config.keymap_at = Some(format!("{}:{}", path.display(), line_of(text, "keymap")));
    }
    if let Some(lang) = &config.lang
        && crate::i18n::Lang::from_code(lang).is_none()
    {
        let line = line_of(text, "lang");
        return Err(ConfigError(format!(
            "{}:{line}: lang = \"{lang}\" is not a language (use \"sv\" or \"en\")",
            path.display()
        )));
    }
    if let Some(initials) = &config.initials
        && (initials.trim().is_empty() || initials.chars().count() > 20)
    {
        let line = line_of(text, "initials");
        return Err(ConfigError(format!(
            "{}:{line}: initials = \"{initials}\": give your initials, 1 to 20 letters (e.g. \"AS\")",
            path.display()
        )));
    }
    if let Some((key, value, range)) = config.rules.out_of_range() {
        let line = line_of(text, key);
        return Err(ConfigError(format!(
            "{}:{line}: {key} = {value} is outside {}–{}",
            path.display(),
            range.start(),
            range.end()
        )));
    }
    Ok(config)
}

/// `file:line: message` for a TOML error, on one line.
pub fn located(path: &Path, text: &str, e: &toml::de::Error) -> ConfigError {
    let line = e.span().map_or(1, |s| {
        text[..s.start.min(text.len())].matches('\n').count() + 1
    });
    let message = e.message().replace('\n', " ");
    ConfigError(format!("{}:{line}: {}", path.display(), message.trim()))
}

fn line_of(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().starts_with(key))
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_and_settings_are_read() {
        let c = parse(
            "lang = \"sv\"\ninitials = \"AB\"\n[rules]\ndue_soon_days = 3\nreport_weeks = 5\n",
            Path::new("config.toml"),
        )
        .unwrap();
        assert_eq!(c.initials.as_deref(), Some("AB"));
        assert_eq!(c.rules.due_soon_days, 3);
        assert_eq!(c.rules.report_weeks, 5);
        assert_eq!(c.rules.fas1_weeks, 6);
    }

    #[test]
    fn an_unknown_key_names_file_and_line() {
        let e = parse(
            "lang = \"sv\"\n[rules]\nfas1_weks = 5\n",
            Path::new("/x/config.toml"),
        )
        .unwrap_err();
        assert!(e.0.starts_with("/x/config.toml:3: "), "{e}");
        assert!(e.0.contains("fas1_weks"), "{e}");
        assert!(!e.0.contains('\n'));
    }

    #[test]
    fn a_bad_value_names_file_and_line() {
        let e = parse("\n[rules]\ndue_soon_days = -1\n", Path::new("c.toml")).unwrap_err();
        assert!(e.0.starts_with("c.toml:3: "), "{e}");
        let e = parse("lang = \"fi\"\n", Path::new("c.toml")).unwrap_err();
        assert!(e.0.starts_with("c.toml:1: "), "{e}");
    }

    #[test]
    fn the_initials_asked_for_are_saved_beside_the_rest_privately() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(
            &path,
            "lang = \"sv\"\ninitials = \"XX\"\n[rules]\nreport_weeks = 5\n",
        )
        .unwrap();
        save_initials(dir.path(), "AS").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let c = parse(&text, &path).unwrap();
        assert_eq!(c.initials.as_deref(), Some("AS"));
        assert_eq!(c.lang.as_deref(), Some("sv"));
        assert_eq!(c.rules.report_weeks, 5);
        assert_eq!(text.matches("initials").count(), 1, "{text}");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        // A fresh directory: made, and the file holds the initials alone.
        let fresh = dir.path().join("new");
        save_initials(&fresh, "JK").unwrap();
        let c = load(Some(&fresh)).unwrap();
        assert_eq!(c.initials.as_deref(), Some("JK"));
    }

    #[test]
    fn rules_outside_their_meaning_and_empty_initials_are_refused() {
        for (text, key) in [
            (
                "[rules]\nfas1_weeks = 0\n",
                "fas1_weeks = 0 is outside 1–26",
            ),
            (
                "[rules]\nfollow_up_days = 4294967295\n",
                "follow_up_days = 4294967295",
            ),
            ("\n\ninitials = \"\"\n", "initials = \"\""),
            ("initials = \"  \"\n", "give your initials"),
        ] {
            let e = parse(text, Path::new("c.toml")).unwrap_err();
            assert!(e.0.contains(key), "{e}");
            assert!(!e.0.contains('\n'));
        }
        let e = parse("\n\ninitials = \"\"\n", Path::new("c.toml")).unwrap_err();
        assert!(e.0.starts_with("c.toml:3: "), "{e}");
        assert!(parse("[rules]\ndue_soon_days = 0\n", Path::new("c.toml")).is_ok());
    }

    #[test]
    fn a_settings_file_that_is_a_device_or_too_large_is_refused() {
        let e = read_bounded(Path::new("/dev/zero"), MOST_SETTINGS_BYTES).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
        let dir = tempfile::tempdir().unwrap();
        // A FIFO with no writer: refused, not waited on.
        let fifo = dir.path().join("keymap.toml");
        let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid C string; mkfifo has no other preconditions.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        let e = read_bounded(&fifo, MOST_SETTINGS_BYTES).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
        let big = dir.path().join("config.toml");
        std::fs::write(&big, vec![b'#'; 2048]).unwrap();
        let e = read_bounded(&big, 1024).unwrap_err();
        assert!(e.to_string().contains("larger than"), "{e}");
        assert_eq!(read_bounded(&big, 4096).unwrap().len(), 2048);
    }
}
