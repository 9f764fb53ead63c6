//! The command line's words: the options and the shell commands, as clap
//! reads them.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Arg, ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use serde::{Deserialize, Serialize};

use crate::domain::dates::parse_iso_date;
use crate::i18n::command_line::SV_HELP;
use crate::i18n::{Lang, fill};

#[derive(Debug, Parser)]
#[command(
    name = "insats",
    version,
    about = "Field notes for family treatment workers",
    max_term_width = 100
)]
pub struct Cli {
    /// The store's directory (default: the platform's data directory).
    #[arg(long, env = "INSATS_DATA_DIR", global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// The date to treat as today, YYYY-MM-DD.
    #[arg(long, env = "INSATS_TODAY", global = true, value_name = "DATE", value_parser = parse_today)]
    pub today: Option<NaiveDate>,
    /// Language of the screen and messages: sv or en.
    #[arg(long, global = true, value_name = "sv|en", value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// A shipped keymap (default, vim, emacs) or a keymap file.
    #[arg(long, global = true, value_name = "NAME|FILE")]
    pub keymap: Option<String>,
    /// Your initials, to sign what you write (default: `initials` in
    /// config.toml, else your login name).
    #[arg(long, env = "INSATS_WORKER", global = true, value_name = "INITIALS")]
    pub worker: Option<String>,
    /// Open on a fresh temporary store of fictional cases.
    #[arg(long)]
    pub demo: bool,
    /// With --demo: keep the demo store when done (it is removed otherwise).
    #[arg(long, requires = "demo")]
    pub keep: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Subcommand, Serialize, Deserialize)]
pub enum Command {
    /// Register or list cases.
    #[command(subcommand)]
    Case(CaseCommand),
    /// Write a quick note after a visit.
    Note(NoteArgs),
    /// List what is overdue or due soon; exit status 1 when anything is overdue.
    Overdue {
        /// As JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write everything as JSON (a backup a person can read).
    Export {
        /// The file to write (default: standard output).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Restore from an export, refusing records already in the store.
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Draft a report to the social secretary from what was written.
    Report(ReportArgs),
    /// What is not yet entered into the journal, as plain text; --mark
    /// marks it entered.
    Journal(JournalArgs),
    /// Follow-up statistics of closed cases, as in study 002: of this
    /// store, or of the shared files given.
    Stats(StatsArgs),
    /// Remove a closed case's working notes for good, keeping anonymous
    /// figures.
    Purge(PurgeArgs),
    /// Verify the store and report damaged records.
    Check {
        /// Export every record that can still be read to FILE.
        #[arg(long, value_name = "FILE")]
        salvage: Option<PathBuf>,
    },
    /// List the automatic backups, newest first.
    Backups,
    /// A fresh store from a backup (the newest by default); the store there
    /// before is moved aside, never deleted.
    Restore {
        /// A backup's name (see 'insats backups') or a file.
        #[arg(value_name = "BACKUP")]
        backup: Option<String>,
    },
    /// Print the keymap in force.
    Keys,
    /// Render the screen on demo data into SVG files (for the README).
    #[command(hide = true)]
    Screenshots {
        #[arg(value_name = "DIR", default_value = "screenshots")]
        dir: PathBuf,
    },
}

#[derive(Debug, Clone, Subcommand, Serialize, Deserialize)]
pub enum CaseCommand {
    /// Register a new case.
    Add(CaseAddArgs),
    /// List the cases with their phase and worst flag.
    List,
}

#[derive(Debug, Clone, Args, Serialize, Deserialize)]
pub struct CaseAddArgs {
    /// The case code, e.g. 2026-014.
    pub code: String,
    /// The family label: a pseudonym or initials, never a personal identity number.
    #[arg(long, value_name = "LABEL")]
    pub family: String,
    /// Start of Fas 1 (default: today).
    #[arg(long, value_name = "DATE")]
    pub start: Option<String>,
    /// The social secretary who ordered the intervention.
    #[arg(long, value_name = "NAME")]
    pub secretary: Option<String>,
    /// A worker on the case (default: you); give it twice for two.
    #[arg(long = "case-worker", value_name = "INITIALS")]
    pub case_workers: Vec<String>,
    /// A person of the family: "alias, role, birth year" as in the case
    /// editor (e.g. "Noah, son, 2012"); give it once a person.
    #[arg(long = "person", value_name = "ALIAS, ROLE, YEAR")]
    pub persons: Vec<String>,
    /// The assignment (uppdraget) in the social secretary's words.
    #[arg(long, value_name = "TEXT")]
    pub assignment: Option<String>,
}

#[derive(Debug, Clone, Args, Serialize, Deserialize)]
pub struct NoteArgs {
    /// The case code.
    pub case: String,
    /// The note's text; saves without opening the editor. `-` (or no -m
    /// with standard input not a terminal) reads it from standard input,
    /// which other users cannot see, unlike the command line.
    #[arg(short = 'm', long = "message", value_name = "TEXT")]
    pub message: Option<String>,
    /// Where: hem, lokal, ute, skola, telefon, video, annat (default: the case's usual place).
    #[arg(long, value_name = "PLACE")]
    pub place: Option<String>,
    /// The child took part.
    #[arg(long)]
    pub child: bool,
    /// Who took part: förälder, barn, ungdom, socialsekreterare, annan
    /// (nätverk), comma-separated (default: förälder).
    #[arg(long, value_name = "WHO", value_delimiter = ',')]
    pub with: Vec<String>,
    /// The child's own words.
    #[arg(long, value_name = "TEXT")]
    pub child_words: Option<String>,
    /// Length of the contact in minutes.
    #[arg(long, default_value_t = 60)]
    pub minutes: u16,
    /// The date of the contact (default: today).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
}

#[derive(Debug, Clone, Args, Serialize, Deserialize)]
pub struct StatsArgs {
    /// Shared statistics files (stats --share) to put together; no store
    /// is read.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Cases closed from this date's month.
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Cases closed up to this date's month.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// As JSON.
    #[arg(long)]
    pub json: bool,
    /// Write the anonymous figures of the closed cases to share with the
    /// unit (with -o).
    #[arg(long, requires = "output", conflicts_with = "files")]
    pub share: bool,
    /// With --share: the file to write.
    #[arg(short, long, value_name = "FILE", requires = "share")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Args, Serialize, Deserialize)]
pub struct PurgeArgs {
    /// The code of the closed case.
    #[arg(required_unless_present = "log")]
    pub case: Option<String>,
    /// Remove without asking for the code again.
    #[arg(long)]
    pub yes: bool,
    /// List the cases removed: the code, the day, who.
    #[arg(long, conflicts_with_all = ["case", "yes"])]
    pub log: bool,
}

#[derive(Debug, Clone, Args, Serialize, Deserialize)]
pub struct JournalArgs {
    /// The case code (default: every case).
    pub case: Option<String>,
    /// text or md.
    #[arg(long, default_value = "text", value_name = "FORMAT")]
    pub format: String,
    /// Mark what is owed as entered into the journal today, by you.
    #[arg(long)]
    pub mark: bool,
    /// With --mark: only records dated up to this day.
    #[arg(long, value_name = "DATE", requires = "mark")]
    pub through: Option<String>,
    /// With --mark: the journal entry's number or date.
    #[arg(long, value_name = "TEXT", requires = "mark")]
    pub reference: Option<String>,
}

#[derive(Debug, Clone, Args, Serialize, Deserialize)]
pub struct ReportArgs {
    /// The case code.
    pub case: String,
    /// fas1, lagesrapport or avslut (default: what the case is due for).
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    /// Start of the period (default: the period the kind of report covers).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// End of the period (default: today).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// The file to write (default: standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// md or text.
    #[arg(long, value_name = "md|text", default_value = "md")]
    pub format: String,
}

/// The language of the command line's own words, known before it is
/// parsed: a `--lang` among the arguments, else `lang` in config.toml,
/// else `LANG`.
pub fn early_lang(args: &[String], config_lang: Option<&str>) -> Lang {
    let given = args
        .iter()
        .enumerate()
        .find_map(|(i, a)| match a.strip_prefix("--lang") {
            Some("") => args.get(i + 1).map(String::as_str),
            Some(v) => v.strip_prefix('='),
            None => None,
        });
    given
        .or(config_lang)
        .and_then(Lang::from_code)
        .unwrap_or_else(|| Lang::from_locale(std::env::var("LANG").ok().as_deref()))
}

/// The language the value checks below speak (set once, before parsing).
static PARSE_LANG: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

fn parse_lang_words() -> &'static crate::i18n::command_line::CommandLineText {
    PARSE_LANG.get().copied().unwrap_or(Lang::En).command_line()
}

fn parse_today(s: &str) -> Result<NaiveDate, String> {
    parse_iso_date(s).map_err(|_| fill(parse_lang_words().err_today, &[("input", s)]))
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::from_code(s).ok_or_else(|| fill(parse_lang_words().err_lang, &[("input", s)]))
}

/// The command line read in `lang`: its help in that language, and a
/// usage error in that language, one line.
pub fn parse(args: &[String], lang: Lang) -> Result<Cli, clap::Error> {
    let _ = PARSE_LANG.set(lang);
    let mut cmd = command(lang);
    let matches = cmd.try_get_matches_from_mut(args)?;
    // `insats help [COMMAND…]` in Swedish (the help subcommand is ours):
    // what `insats COMMAND… --help` says.
    if let Some(("help", sub)) = matches.subcommand() {
        let mut again = vec![args.first().cloned().unwrap_or_default()];
        again.extend(
            sub.get_many::<String>("command")
                .into_iter()
                .flatten()
                .cloned(),
        );
        again.push("--help".into());
        return command(lang)
            .try_get_matches_from(again)
            .and_then(|m| Cli::from_arg_matches(&m));
    }
    Cli::from_arg_matches(&matches)
}

/// The clap command, with its help in `lang`.
fn command(lang: Lang) -> clap::Command {
    let cmd = Cli::command();
    match lang {
        Lang::En => cmd,
        Lang::Sv => in_swedish(cmd, ""),
    }
}

/// A command and its subcommands with the Swedish help of [`SV_HELP`],
/// and clap's own headings and flags in Swedish.
fn in_swedish(mut cmd: clap::Command, path: &str) -> clap::Command {
    let words = Lang::Sv.command_line();
    for (_, id, text) in SV_HELP.iter().filter(|(at, _, _)| *at == path) {
        if id.is_empty() {
            cmd = cmd.about(*text).long_about(None);
        } else if cmd.get_arguments().any(|a| a.get_id() == id) {
            // The Swedish help says the default itself, in Swedish.
            cmd = cmd.mut_arg(*id, |a| {
                let shown = a.get_default_values().is_empty();
                a.help(*text).long_help(None).hide_default_value(!shown)
            });
        }
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(name, |s| in_swedish(s, &sub_path));
    }
    let mut template = format!("{{about}}\n\n{} {{usage}}", words.usage_heading);
    if cmd.has_subcommands() {
        template.push_str(&format!("\n\n{}\n{{subcommands}}", words.commands_heading));
    }
    if cmd.get_positionals().next().is_some() {
        template.push_str(&format!("\n\n{}\n{{positionals}}", words.arguments_heading));
    }
    template.push_str(&format!("\n\n{}\n{{options}}", words.options_heading));
    cmd = cmd.help_template(template).disable_help_flag(true).arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help(words.help),
    );
    if path.is_empty() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(words.version),
        );
    }
    if cmd.has_subcommands() {
        cmd = cmd.disable_help_subcommand(true).subcommand(
            clap::Command::new("help")
                .about(words.help_command)
                .arg(Arg::new("command").num_args(0..).action(ArgAction::Append)),
        );
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_swedish_command_line_is_whole_and_says_everything_in_swedish() {
        command(Lang::Sv).debug_assert();
        command(Lang::En).debug_assert();
        let help = command(Lang::Sv).render_help().to_string();
        assert!(
            help.starts_with("Fältanteckningar för familjebehandlare"),
            "{help}"
        );
        for word in [
            "Användning:",
            "Kommandon:",
            "Flaggor:",
            "Visa hjälpen",
            "Lagrets katalog",
        ] {
            assert!(help.contains(word), "{word}: {help}");
        }
        for english in ["Usage:", "Options:", "Print help", "The store's directory"] {
            assert!(!help.contains(english), "{english}: {help}");
        }
        // Every Swedish text names a command and an argument that exist.
        let cmd = command(Lang::En);
        for (path, id, _) in SV_HELP {
            let mut at = &cmd;
            for name in path.split_whitespace() {
                at = at.find_subcommand(name).unwrap_or_else(|| panic!("{path}"));
            }
            assert!(
                id.is_empty() || at.get_arguments().any(|a| a.get_id() == id),
                "{path} {id}"
            );
        }
        let note = command(Lang::Sv)
            .find_subcommand("note")
            .unwrap()
            .clone()
            .render_help()
            .to_string();
        assert!(
            note.contains("Kontaktens längd i minuter (standard: 60)"),
            "{note}"
        );
        assert!(!note.contains("[default"), "{note}");
    }

    /// Every command and every argument of the English help has its
    /// Swedish text, so that a command added later cannot show English
    /// under `--lang sv`.
    #[test]
    fn every_command_and_argument_has_a_swedish_text() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            let has = |id: &str| SV_HELP.iter().any(|(at, i, _)| *at == path && *i == id);
            if !path.is_empty() && !has("") {
                missing.push(format!("({path:?}, \"\")"));
            }
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if !arg.is_hide_set() && id != "help" && id != "version" && !has(id) {
                    missing.push(format!("({path:?}, {id:?})"));
                }
            }
            for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
                let name = sub.get_name();
                let at = if path.is_empty() {
                    name.to_string()
                } else {
                    format!("{path} {name}")
                };
                walk(sub, &at, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "", &mut missing);
        assert!(
            missing.is_empty(),
            "no Swedish text: {}",
            missing.join(", ")
        );
    }

    #[test]
    fn the_language_is_known_before_the_command_line_is_read() {
        assert_eq!(
            early_lang(&args(&["insats", "--lang", "sv"]), None),
            Lang::Sv
        );
        assert_eq!(
            early_lang(&args(&["insats", "--lang=en"]), Some("sv")),
            Lang::En
        );
        assert_eq!(
            early_lang(&args(&["insats", "overdue"]), Some("sv")),
            Lang::Sv
        );
    }

    #[test]
    fn the_help_command_shows_a_commands_help() {
        let e = parse(&args(&["insats", "help", "note"]), Lang::En).unwrap_err();
        assert_eq!(e.kind(), clap::error::ErrorKind::DisplayHelp);
        assert!(Cli::try_parse_from(["insats", "help"]).is_err());
    }
}
