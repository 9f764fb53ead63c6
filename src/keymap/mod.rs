//! Keymaps: `keymaps/*.toml` parsed into `(context, key) -> Action`.
//!
//! A keymap is the shipped map chosen with `--keymap` (each shipped file is
//! complete on its own) with the user's file laid over it: an action the
//! user file names in a table gets exactly the user's keys in that context,
//! and every other binding stays. An empty list unbinds the action there.
//! A key bound twice in one context, an unknown action or context, or a key
//! that cannot be read is refused at start, with the file, the line and the
//! problem.

mod key;
mod parse;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io;
use std::path::Path;

use crossterm::event::KeyEvent;

use crate::app::{Action, KeyContext};
pub use key::{KEY_NAME_HELP, Key, KeyCombo, KeyParseError};
pub use parse::KeymapError;
use parse::{Tables, parse_tables};

/// The shipped keymaps, compiled in, by the name `--keymap` takes.
const BUILTIN: [(&str, &str); 3] = [
    ("default", include_str!("../../keymaps/default.toml")),
    ("vim", include_str!("../../keymaps/vim.toml")),
    ("emacs", include_str!("../../keymaps/emacs.toml")),
];

/// Which action each key means in each context.
#[derive(Debug, Clone)]
pub struct Keymap {
    tables: Tables,
    lookup: HashMap<(KeyContext, KeyCombo), Action>,
    sources: Vec<String>,
}

/// The keys no keymap may take away: the way out of the screen, to its
/// help, and to keep or leave what is being written.
const ESSENTIAL: [(KeyContext, Action); 6] = [
    (KeyContext::Global, Action::Quit),
    (KeyContext::Global, Action::Help),
    (KeyContext::Editor, Action::Save),
    (KeyContext::Editor, Action::Cancel),
    (KeyContext::ChainEditor, Action::Save),
    (KeyContext::ChainEditor, Action::Cancel),
];

/// Refuses a keymap that leaves an essential action without a key,
/// naming the line that unbinds it (or the file, when it never bound it).
fn keeps_the_way_out(tables: &Tables, file: &str) -> Result<(), KeymapError> {
    for (ctx, action) in ESSENTIAL {
        let binding = tables.get(&ctx).and_then(|t| t.get(&action));
        if binding.is_none_or(|b| b.keys.is_empty()) {
            return Err(KeymapError {
                file: binding.map_or(file.to_string(), |b| b.file.clone()),
                line: binding.map_or(0, |b| b.line),
                problem: format!(
                    "{} in [{}] has no key: without one it cannot be done; give it a key",
                    action.name(),
                    ctx.name()
                ),
            });
        }
    }
    Ok(())
}

impl Keymap {
    /// The names of the shipped keymaps.
    pub const BUILTIN_NAMES: [&'static str; 3] = ["default", "vim", "emacs"];

    /// The text of the shipped keymap `name`.
    pub fn builtin(name: &str) -> Option<&'static str> {
        BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| *text)
    }

    /// The keymap in force: `choice` is `--keymap`'s value, a shipped name
    /// or else a file (`None` is `default`); `user_file` is laid over it
    /// when it exists.
    pub fn load(choice: Option<&str>, user_file: Option<&Path>) -> Result<Keymap, KeymapError> {
        let choice = choice.unwrap_or("default");
        let mut keymap = match Keymap::builtin(choice) {
            Some(text) => Keymap::parse(text, &format!("keymaps/{choice}.toml"))?,
            None => {
                let text = crate::config::read_bounded(
                    Path::new(choice),
                    crate::config::MOST_SETTINGS_BYTES,
                )
                .map_err(|e| {
                    let problem = if e.kind() == io::ErrorKind::NotFound {
                        format!(
                            "no such keymap: not a file, nor one of the shipped keymaps ({})",
                            Keymap::BUILTIN_NAMES.join(", ")
                        )
                    } else {
                        format!("cannot read the keymap: {e}")
                    };
                    KeymapError {
                        file: choice.to_string(),
                        line: 0,
                        problem,
                    }
                })?;
                Keymap::parse(&text, choice)?
            }
        };
        if let Some(path) = user_file {
            let file = path.display().to_string();
            match crate::config::read_bounded(path, crate::config::MOST_SETTINGS_BYTES) {
                Ok(text) => keymap = keymap.with_overrides(&text, &file)?,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => {
                    let problem = format!("cannot read the keymap: {e}");
                    return Err(KeymapError {
                        file,
                        line: 0,
                        problem,
                    });
                }
            }
        }
        let last = keymap.sources.last().cloned().unwrap_or_default();
        keeps_the_way_out(&keymap.tables, &last)?;
        Ok(keymap)
    }

    /// A complete keymap from `text`; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Keymap, KeymapError> {
        let tables = parse_tables(text, file)?;
        Ok(Keymap::from_tables(tables, vec![file.to_string()]))
    }

    /// This keymap with `text` laid over it, action by action and context
    /// by context. A key the overrides give to one action while the base
    /// still gives it to another in the same context is a conflict, reported
    /// at the override's line.
    pub fn with_overrides(self, text: &str, file: &str) -> Result<Keymap, KeymapError> {
        let overrides = parse_tables(text, file)?;
        let mut tables = self.tables;
        for (ctx, bindings) in &overrides {
            let table = tables.entry(*ctx).or_default();
            for (action, binding) in bindings {
                table.insert(*action, binding.clone());
            }
            // Conflicts among the overrides themselves were refused by the
            // parse, so only bindings kept from the base can clash here.
            let mut ordered: Vec<_> = bindings.iter().collect();
            ordered.sort_by_key(|(_, b)| b.line);
            for (action, binding) in ordered {
                for key in &binding.keys {
                    let clash = table.iter().find(|(other, kept)| {
                        *other != action
                            && !bindings.contains_key(*other)
                            && kept.keys.contains(key)
                    });
                    if let Some((other, kept)) = clash {
                        let problem = format!(
                            "key \"{key}\" in [{ctx}] would be bound to both {action} and \
                             {other} (from {kept_file}:{kept_line}); rebind {other} here too, \
                             or choose another key",
                            ctx = ctx.name(),
                            action = action.name(),
                            other = other.name(),
                            kept_file = kept.file,
                            kept_line = kept.line,
                        );
                        return Err(KeymapError {
                            file: file.to_string(),
                            line: binding.line,
                            problem,
                        });
                    }
                }
            }
        }
        let mut sources = self.sources;
        sources.push(file.to_string());
        Ok(Keymap::from_tables(tables, sources))
    }

    fn from_tables(tables: Tables, sources: Vec<String>) -> Keymap {
        let mut lookup = HashMap::new();
        for (ctx, bindings) in &tables {
            for (action, binding) in bindings {
                for key in &binding.keys {
                    lookup.insert((*ctx, *key), *action);
                }
            }
        }
        Keymap {
            tables,
            lookup,
            sources,
        }
    }

    /// The files this keymap was read from, base first.
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// What `key` means in `ctx`: the context's own table first, then
    /// `global` for a context that falls back to it.
    pub fn action(&self, ctx: KeyContext, key: &KeyCombo) -> Option<Action> {
        self.lookup.get(&(ctx, *key)).copied().or_else(|| {
            ctx.falls_back_to_global()
                .then(|| self.lookup.get(&(KeyContext::Global, *key)).copied())
                .flatten()
        })
    }

    /// What a terminal key event means in `ctx` (`None` for key releases).
    pub fn action_for_event(&self, ctx: KeyContext, event: &KeyEvent) -> Option<Action> {
        KeyCombo::from_event(event).and_then(|key| self.action(ctx, &key))
    }

    /// The keys that do `action` in `ctx`, as a user would press them there:
    /// the context's own keys, or those of `global` for an action the
    /// context does not bind, less any the context gives to something else.
    pub fn keys(&self, ctx: KeyContext, action: Action) -> Vec<KeyCombo> {
        let own = self.own_keys(ctx, action);
        let candidates = if own.is_empty() && ctx.falls_back_to_global() {
            self.own_keys(KeyContext::Global, action)
        } else {
            own
        };
        candidates
            .into_iter()
            .filter(|k| self.action(ctx, k) == Some(action))
            .collect()
    }

    fn own_keys(&self, ctx: KeyContext, action: Action) -> Vec<KeyCombo> {
        self.tables
            .get(&ctx)
            .and_then(|t| t.get(&action))
            .map(|b| b.keys.clone())
            .unwrap_or_default()
    }

    /// Every context's own bindings (without what it inherits from
    /// `global`), in context order, then action order.
    pub fn bindings(&self) -> Vec<(KeyContext, Action, Vec<KeyCombo>)> {
        let mut out = Vec::new();
        for ctx in KeyContext::ALL {
            for action in Action::ALL {
                let keys = self.own_keys(ctx, action);
                if !keys.is_empty() {
                    out.push((ctx, action, keys));
                }
            }
        }
        out
    }

    /// The effective keymap as keymap TOML, one table per context: what
    /// `insats keys` prints. It parses back to the same keymap.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        out.push_str("# The keymap in force, from ");
        out.push_str(&self.sources.join(" with overrides from "));
        out.push_str(".\n# Panes also take the keys of [global] they do not rebind;");
        out.push_str(" editors take only their own.\n");
        let mut current = None;
        for (ctx, action, keys) in self.bindings() {
            if current != Some(ctx) {
                let _ = write!(out, "\n[{}]\n", ctx.name());
                current = Some(ctx);
            }
            let quoted: Vec<String> = keys.iter().map(|k| toml_string(&k.to_string())).collect();
            let _ = writeln!(out, "{} = [{}]", action.name(), quoted.join(", "));
        }
        out
    }
}

impl Default for Keymap {
    /// The shipped default keymap (a test parses every shipped keymap).
    fn default() -> Keymap {
        let text = Keymap::builtin("default").unwrap_or_default();
        Keymap::parse(text, "keymaps/default.toml")
            .unwrap_or_else(|e| panic!("the shipped keymap is broken: {e}"))
    }
}

/// `s` as a TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> KeyCombo {
        name.parse().unwrap()
    }

    #[test]
    fn panes_fall_back_to_global_and_editors_do_not() {
        let map = Keymap::parse(
            "[global]\nquit = [\"q\"]\nback = [\"esc\"]\n[overdue]\nback = [\"o\"]\n\
             [editor]\ncancel = [\"esc\"]\n",
            "t.toml",
        )
        .unwrap();
        assert_eq!(
            map.action(KeyContext::CaseList, &key("q")),
            Some(Action::Quit)
        );
        assert_eq!(
            map.action(KeyContext::Overdue, &key("o")),
            Some(Action::Back)
        );
        assert_eq!(map.action(KeyContext::Editor, &key("q")), None);
        assert_eq!(
            map.action(KeyContext::Editor, &key("esc")),
            Some(Action::Cancel)
        );
        assert_eq!(map.keys(KeyContext::Overdue, Action::Back), vec![key("o")]);
        assert_eq!(
            map.keys(KeyContext::CaseList, Action::Back),
            vec![key("esc")]
        );
        assert_eq!(map.keys(KeyContext::Editor, Action::Quit), vec![]);
    }

    #[test]
    fn inherited_keys_shadowed_by_the_pane_are_not_offered() {
        let map = Keymap::parse(
            "[global]\noverdue_view = [\"o\", \"O\"]\n[overdue]\nback = [\"o\"]\n",
            "t.toml",
        )
        .unwrap();
        assert_eq!(
            map.keys(KeyContext::Overdue, Action::OverdueView),
            vec![key("O")]
        );
    }

    #[test]
    fn special_characters_render_as_valid_toml() {
        let map = Keymap::parse("[global]\nquit = [\"\\\"\", \"\\\\\", \"å\"]\n", "t").unwrap();
        let text = map.render_text();
        assert!(text.contains(r#"quit = ["\"", "\\", "å"]"#), "{text}");
        let again = Keymap::parse(&text, "rendered").unwrap();
        assert_eq!(again.bindings(), map.bindings());
    }

    /// Every action's name is one a keymap file can bind, and `insats keys`
    /// writes it back under the same name.
    #[test]
    fn every_action_name_binds_through_a_keymap_file() {
        for action in Action::ALL {
            let line = format!("{} = [\"f5\"]", action.name());
            let map = Keymap::parse(&format!("[global]\n{line}\n"), "t.toml")
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(map.action(KeyContext::Global, &key("f5")), Some(action));
            assert!(map.render_text().contains(&format!("\n{line}\n")), "{line}");
        }
    }

    #[test]
    fn default_is_the_shipped_default() {
        let map = Keymap::default();
        assert_eq!(
            map.action(KeyContext::Global, &key("q")),
            Some(Action::Quit)
        );
        assert_eq!(map.sources(), ["keymaps/default.toml"]);
    }
}
