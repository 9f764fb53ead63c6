//! The command line's words: the options and the shell commands, as clap
//! reads them.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use crate::domain::dates::parse_iso_date;
use crate::i18n::Lang;

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

#[derive(Debug, Subcommand)]
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
    /// Follow-up statistics of closed cases, as in study 002.
    Stats {
        /// Cases closed from this date.
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Cases closed up to this date.
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// As JSON.
        #[arg(long)]
        json: bool,
    },
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

#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// Register a new case.
    Add {
        /// The case code, e.g. 2026-014.
        code: String,
        /// The family label: a pseudonym or initials, never a personal identity number.
        #[arg(long, value_name = "LABEL")]
        family: String,
        /// Start of Fas 1 (default: today).
        #[arg(long, value_name = "DATE")]
        start: Option<String>,
        /// The social secretary who ordered the intervention.
        #[arg(long, value_name = "NAME")]
        secretary: Option<String>,
        /// A worker on the case (default: you); give it twice for two.
        #[arg(long = "case-worker", value_name = "INITIALS")]
        case_workers: Vec<String>,
    },
    /// List the cases with their phase and worst flag.
    List,
}

#[derive(Debug, Args)]
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

#[derive(Debug, Args)]
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

fn parse_today(s: &str) -> Result<NaiveDate, String> {
    parse_iso_date(s).map_err(|_| {
        format!("'{s}' is not a date: use YYYY-MM-DD, years 1900–2100, e.g. 2026-11-22")
    })
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::from_code(s).ok_or_else(|| format!("'{s}' is not a language (use sv or en)"))
}
