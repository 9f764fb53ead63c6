//! One keymap file's text into its tables, refusing anything that is not a
//! valid keymap with the file, the line and what is wrong.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::key::{KEY_NAME_HELP, Key};
use super::seq::KeySeq;
use crate::app::{Action, KeyContext};
use crate::domain::text::{Lines, escape};

/// A keymap that cannot be used: where, and what is wrong with it.
///
/// `line` counts from 1; 0 means the file as a whole (it cannot be read, or
/// there is no such keymap), and then the line is left out of the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapError {
    pub file: String,
    pub line: usize,
    pub problem: String,
}

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Names and keys come from the file: shown, never obeyed.
        let file = escape(&self.file, Lines::One);
        let problem = escape(&self.problem, Lines::One);
        if self.line == 0 {
            write!(f, "{file}: {problem}")
        } else {
            write!(f, "{file}:{}: {problem}", self.line)
        }
    }
}

impl std::error::Error for KeymapError {}

/// One action's keys in one context, and where they were written, so a
/// later file's conflict with them can point there.
#[derive(Debug, Clone)]
pub(super) struct Binding {
    /// Empty when a file unbinds the action.
    pub keys: Vec<KeySeq>,
    pub file: String,
    pub line: usize,
}

pub(super) type Tables = BTreeMap<KeyContext, BTreeMap<Action, Binding>>;

/// Parses `text`, naming it `file` in errors.
pub(super) fn parse_tables(text: &str, file: &str) -> Result<Tables, KeymapError> {
    let at = |span: Range<usize>, problem: String| KeymapError {
        file: file.to_string(),
        line: line_of(text, span.start),
        problem,
    };
    // The parser does not report its errors in file order; the first in the
    // file is the one to fix first.
    let (root, errors) = DeTable::parse_recoverable(text);
    if let Some(e) = errors
        .iter()
        .min_by_key(|e| e.span().map_or(usize::MAX, |s| s.start))
    {
        return Err(at(e.span().unwrap_or(0..0), syntax_problem(text, e)));
    }
    let mut tables = Tables::new();
    for (name, value) in in_file_order(root.get_ref()) {
        let Some(ctx) = KeyContext::from_name(name.get_ref()) else {
            return Err(at(name.span(), unknown_context(name.get_ref())));
        };
        let DeValue::Table(table) = value.get_ref() else {
            let problem = format!(
                "[{}] must be a table of action = [\"key\", …], not {}",
                ctx.name(),
                with_article(value.get_ref().type_str()),
            );
            return Err(at(value.span(), problem));
        };
        let bindings = tables.entry(ctx).or_default();
        let mut seen: HashMap<KeySeq, Action> = HashMap::new();
        for (action_name, keys) in in_file_order(table) {
            let Some(action) = Action::from_name(action_name.get_ref()) else {
                return Err(at(
                    action_name.span(),
                    unknown_action(action_name.get_ref(), ctx),
                ));
            };
            let where_ = format!("{} in [{}]", action.name(), ctx.name());
            let DeValue::Array(items) = keys.get_ref() else {
                let problem = format!(
                    "{where_} must be a list of keys such as [\"n\"], not {}",
                    with_article(keys.get_ref().type_str()),
                );
                return Err(at(keys.span(), problem));
            };
            let mut combos = Vec::new();
            for item in items.iter() {
                let combo = key_of(item.get_ref(), ctx, &where_)
                    .map_err(|problem| at(item.span(), problem))?;
                match seen.insert(combo.clone(), action) {
                    Some(other) if other != action => {
                        let problem = format!(
                            "key \"{combo}\" in [{}] is bound to both {} and {}",
                            ctx.name(),
                            other.name(),
                            action.name(),
                        );
                        return Err(at(item.span(), problem));
                    }
                    _ => {}
                }
                if !combos.contains(&combo) {
                    combos.push(combo);
                }
            }
            let line = line_of(text, action_name.span().start);
            bindings.insert(
                action,
                Binding {
                    keys: combos,
                    file: file.to_string(),
                    line,
                },
            );
        }
    }
    Ok(tables)
}

/// One key (or sequence) of a binding's list, or what is wrong with it:
/// not a string, not a key's name, or starting with a plain character in a
/// form's fields, where typing would never reach it. `where_` names the
/// action and its table.
fn key_of(item: &DeValue, ctx: KeyContext, where_: &str) -> Result<KeySeq, String> {
    let DeValue::String(key_name) = item else {
        return Err(format!(
            "{where_} lists {}; keys are strings such as \"n\" or \"ctrl-s\"",
            with_article(item.type_str()),
        ));
    };
    let seq: KeySeq = key_name.parse().map_err(|_| {
        format!(
            "unknown key \"{}\" for {where_}; {KEY_NAME_HELP}",
            shown(key_name)
        )
    })?;
    let combo = seq.first();
    if ctx == KeyContext::Editor
        && !combo.ctrl()
        && !combo.alt()
        && matches!(combo.key(), Key::Char(_))
    {
        return Err(format!(
            "key \"{key_name}\" for {where_} would be taken from typing; in [editor] use ctrl- or alt- keys, or enter, esc, tab, f1…f12"
        ));
    }
    Ok(seq)
}

/// What is wrong with text that is not TOML. The file's text is quoted
/// only when it is one of our own names (a duplicate action): `--keymap
/// /etc/shadow` must not print a fragment of a password hash.
fn syntax_problem(text: &str, e: &toml::de::Error) -> String {
    let message = e.message().lines().collect::<Vec<_>>().join(" ");
    let mut problem = format!("not valid TOML: {}", message.trim());
    let snippet = e
        .span()
        .and_then(|s| text.get(s))
        .unwrap_or_default()
        .trim();
    if Action::from_name(snippet).is_some() || KeyContext::from_name(snippet).is_some() {
        problem.push_str(&format!(" (at `{snippet}`)"));
    }
    problem
}

/// The table's entries in the order they are written (the map itself is
/// sorted by name), so errors report the later of two lines.
fn in_file_order<'a, 'i>(
    table: &'a DeTable<'i>,
) -> Vec<(
    &'a Spanned<std::borrow::Cow<'i, str>>,
    &'a Spanned<DeValue<'i>>,
)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

/// The 1-based line holding byte `offset` of `text`.
pub(super) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

fn with_article(type_name: &str) -> String {
    let article = if type_name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {type_name}")
}

/// A name from the file as an error shows it: at most 40 characters.
fn shown(name: &str) -> String {
    if name.chars().count() <= 40 {
        name.to_string()
    } else {
        let mut s: String = name.chars().take(39).collect();
        s.push('…');
        s
    }
}

fn unknown_context(name: &str) -> String {
    if Action::from_name(name).is_some() {
        return format!(
            "\"{name}\" is an action, not a context; put it under a table such as [global]"
        );
    }
    let names: Vec<&str> = KeyContext::ALL.iter().map(|c| c.name()).collect();
    let hint = did_you_mean(name, names.iter().copied())
        .map(|n| format!("; did you mean [{n}]?"))
        .unwrap_or_default();
    format!(
        "unknown context [{}]{hint} (contexts: {})",
        shown(name),
        names.join(", ")
    )
}

fn unknown_action(name: &str, ctx: KeyContext) -> String {
    let hint = did_you_mean(name, Action::ALL.iter().map(|a| a.name()))
        .map(|n| format!("; did you mean {n}?"))
        .unwrap_or_default();
    format!(
        "unknown action \"{}\" in [{}]{hint} (`insats keys` lists the actions)",
        shown(name),
        ctx.name()
    )
}

/// The candidate nearest to `name`, ignoring case and separators, when it
/// is a likely typo: at most two letters apart.
fn did_you_mean<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let squash = |s: &str| s.to_lowercase().replace(['_', '-', ' '], "");
    let wanted: Vec<char> = squash(name).chars().collect();
    candidates
        .map(|c| {
            (
                edit_distance(&wanted, &squash(c).chars().collect::<Vec<_>>()),
                c,
            )
        })
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> KeymapError {
        parse_tables(text, "test.toml").unwrap_err()
    }

    #[test]
    fn typos_get_a_suggestion() {
        let actions = || Action::ALL.iter().map(|a| a.name());
        assert_eq!(did_you_mean("new_nte", actions()), Some("new_note"));
        assert_eq!(did_you_mean("NewNote", actions()), Some("new_note"));
        assert_eq!(did_you_mean("launch_rocket", actions()), None);
        assert_eq!(edit_distance(&['a', 'b'], &['b']), 1);
    }

    #[test]
    fn lines_count_from_one() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
    }

    #[test]
    fn table_header_and_entries_have_their_own_lines() {
        let e = problem("# c\n\n[caselist]\nfilter = [\"/\"]\n");
        assert_eq!(e.line, 3, "{e}");
        assert!(e.problem.contains("did you mean [case_list]"), "{e}");
        let e = problem("[global]\nquit = [\"q\"]\n\nnwe_note = [\"n\"]\n");
        assert_eq!(e.line, 4, "{e}");
        let e = problem("[global]\nquit = [\n  \"q\",\n  \"ctrl-foo\",\n]\n");
        assert_eq!(e.line, 4, "{e}");
    }

    #[test]
    fn conflicts_name_the_key_and_both_actions_at_the_later_line() {
        let e = problem("[global]\nquit = [\"q\"]\nhelp = [\"?\"]\nback = [\"esc\", \"q\"]\n");
        assert_eq!(e.line, 4, "{e}");
        assert!(e.problem.contains("\"q\""), "{e}");
        assert!(
            e.problem.contains("quit") && e.problem.contains("back"),
            "{e}"
        );
    }

    #[test]
    fn shift_spellings_of_one_key_conflict() {
        let e = problem("[global]\nnew_case = [\"N\"]\nnew_note = [\"shift-n\"]\n");
        assert!(e.problem.contains("key \"N\""), "{e}");
        assert_eq!(e.to_string().lines().count(), 1);
    }

    #[test]
    fn a_file_that_is_no_keymap_is_not_quoted() {
        let shadow = "root:$6$saltsalt$SECRETHASH:19000:0:99999:7:::\ndaemon:*:19000::\n";
        let e = problem(shadow).to_string();
        assert!(e.starts_with("test.toml:1: not valid TOML"), "{e}");
        for fragment in ["$6$", "SECRET", "19000", ":*:", ":$"] {
            assert!(!e.contains(fragment), "{e}");
        }
    }

    #[test]
    fn escape_characters_from_the_file_are_shown_not_sent() {
        let e = problem("[global]\nquit = [\"q\\u001b]0;title\\u0007\"]\n").to_string();
        assert!(!e.chars().any(|c| c.is_control()), "{e:?}");
        assert!(e.contains("\\x1b]0;title"), "{e}");
        let e = problem(&format!("[{}]\n", "x".repeat(500))).to_string();
        assert!(e.len() < 300, "{e}");
    }

    #[test]
    fn the_same_key_in_two_contexts_is_no_conflict() {
        let tables = parse_tables("[global]\nback = [\"o\"]\n[overdue]\nopen = [\"o\"]\n", "t");
        assert!(tables.is_ok());
    }
}
