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
mod seq;

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io;
use std::path::Path;

use crate::app::{Action, KeyContext};
pub use key::{KEY_NAME_HELP, Key, KeyCombo, KeyParseError};
pub use parse::KeymapError;
use parse::{Tables, parse_tables};
pub use seq::{KeySeq, MAX_KEYS, Pending, Step};

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
    lookup: HashMap<(KeyContext, Vec<KeyCombo>), Action>,
    /// The keys that start a sequence, and those that continue one, in
    /// each context: `ctrl-x` for `ctrl-x ctrl-s`.
    prefixes: HashSet<(KeyContext, Vec<KeyCombo>)>,
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
        no_prefix_bound_alone(&tables)?;
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
        no_prefix_bound_alone(&tables)?;
        let mut sources = self.sources;
        sources.push(file.to_string());
        Ok(Keymap::from_tables(tables, sources))
    }

    fn from_tables(tables: Tables, sources: Vec<String>) -> Keymap {
        let mut lookup = HashMap::new();
        let mut prefixes = HashSet::new();
        for (ctx, bindings) in &tables {
            for (action, binding) in bindings {
                for seq in &binding.keys {
                    lookup.insert((*ctx, seq.keys().to_vec()), *action);
                    for prefix in seq.prefixes() {
                        prefixes.insert((*ctx, prefix.to_vec()));
                    }
                }
            }
        }
        Keymap {
            tables,
            lookup,
            prefixes,
            sources,
        }
    }

    /// The files this keymap was read from, base first.
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// What the single key `key` means in `ctx`: the context's own table
    /// first, then `global` for a context that falls back to it. A key
    /// that only starts a sequence means nothing alone.
    pub fn action(&self, ctx: KeyContext, key: &KeyCombo) -> Option<Action> {
        match self.resolve(ctx, std::slice::from_ref(key)) {
            Step::Action(action) => Some(action),
            _ => None,
        }
    }

    /// What the keys `keys`, pressed one after the other, mean in `ctx`: a
    /// binding, the start of one (`Prefix`), or nothing (`Unbound`). The
    /// context's own table decides first, then `global` for a context that
    /// falls back to it.
    pub fn resolve(&self, ctx: KeyContext, keys: &[KeyCombo]) -> Step<Action> {
        let mut tables = vec![ctx];
        if ctx.falls_back_to_global() {
            tables.push(KeyContext::Global);
        }
        for table in tables {
            let at = (table, keys.to_vec());
            if let Some(action) = self.lookup.get(&at) {
                return Step::Action(*action);
            }
            if self.prefixes.contains(&at) {
                return Step::Prefix(KeySeq::from_keys(keys));
            }
        }
        Step::Unbound
    }

    /// What `key` means in `ctx` after the keys of a sequence pressed
    /// before it (`pending`, which it updates): a sequence completed or
    /// continued, one the key cannot continue (dropped, with the key), or,
    /// with nothing pending, a key that means nothing here.
    pub fn step(&self, pending: &mut Pending, ctx: KeyContext, key: KeyCombo) -> Step<Action> {
        let keys = pending.push(ctx, key);
        let step = self.resolve(ctx, &keys);
        match step {
            Step::Prefix(_) if keys.len() < MAX_KEYS => step,
            Step::Prefix(_) | Step::Unbound if keys.len() > 1 => {
                pending.clear();
                Step::Undefined(KeySeq::from_keys(&keys))
            }
            _ => {
                pending.clear();
                step
            }
        }
    }

    /// Whether `key` does something in `ctx` alone or starts a sequence
    /// there: a key that is not text.
    pub fn begins(&self, ctx: KeyContext, key: &KeyCombo) -> bool {
        self.resolve(ctx, std::slice::from_ref(key)) != Step::Unbound
    }

    /// How a sequence begun with `keys` in `ctx` can go on: the keys still
    /// to press and what they then do, in the order of the keymap, for the
    /// line that says a sequence is pending.
    pub fn continuations(&self, ctx: KeyContext, keys: &[KeyCombo]) -> Vec<(KeySeq, Action)> {
        let mut out: Vec<(KeySeq, Action)> = Vec::new();
        for action in Action::ALL {
            for seq in self.keys(ctx, action) {
                if let Some(rest) = seq.keys().strip_prefix(keys).filter(|r| !r.is_empty()) {
                    out.push((KeySeq::from_keys(rest), action));
                }
            }
        }
        out
    }

    /// The keys that do `action` in `ctx`, as a user would press them there:
    /// the context's own keys, or those of `global` for an action the
    /// context does not bind, less any the context gives to something else.
    pub fn keys(&self, ctx: KeyContext, action: Action) -> Vec<KeySeq> {
        let own = self.own_keys(ctx, action);
        let candidates = if own.is_empty() && ctx.falls_back_to_global() {
            self.own_keys(KeyContext::Global, action)
        } else {
            own
        };
        candidates
            .into_iter()
            .filter(|k| self.resolve(ctx, k.keys()) == Step::Action(action))
            .collect()
    }

    fn own_keys(&self, ctx: KeyContext, action: Action) -> Vec<KeySeq> {
        self.tables
            .get(&ctx)
            .and_then(|t| t.get(&action))
            .map(|b| b.keys.clone())
            .unwrap_or_default()
    }

    /// Every context's own bindings (without what it inherits from
    /// `global`), in context order, then action order.
    pub fn bindings(&self) -> Vec<(KeyContext, Action, Vec<KeySeq>)> {
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

/// Refuses a table where a key (or sequence) is bound alone and also
/// starts a longer sequence: after it, the longer one could never be
/// reached. Reported at the longer binding's line.
fn no_prefix_bound_alone(tables: &Tables) -> Result<(), KeymapError> {
    for (ctx, bindings) in tables {
        let alone: HashMap<&[KeyCombo], Action> = bindings
            .iter()
            .flat_map(|(a, b)| b.keys.iter().map(move |k| (k.keys(), *a)))
            .collect();
        for (action, binding) in bindings {
            for seq in &binding.keys {
                let Some((prefix, other)) = seq
                    .prefixes()
                    .find_map(|p| alone.get(p).map(|other| (p, other)))
                else {
                    continue;
                };
                let problem = format!(
                    "\"{prefix}\" in [{ctx}] is bound to {other} and also starts \"{seq}\" \
                     for {action}; a key that starts a sequence does nothing alone",
                    prefix = KeySeq::from_keys(prefix),
                    ctx = ctx.name(),
                    other = other.name(),
                    action = action.name(),
                );
                return Err(KeymapError {
                    file: binding.file.clone(),
                    line: binding.line,
                    problem,
                });
            }
        }
    }
    Ok(())
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
        assert!(map.keys(KeyContext::Editor, Action::Quit).is_empty());
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

    fn seq(name: &str) -> KeySeq {
        name.parse().unwrap()
    }

    const CHORDS: &str = "[global]\nquit = [\"q\", \"ctrl-x ctrl-c\"]\nhelp = [\"?\"]\n\
        [case_list]\nfilter = [\"/\"]\n\
        [editor]\nsave = [\"ctrl-s\", \"ctrl-x ctrl-s\", \"esc : w enter\"]\n\
        cancel = [\"ctrl-x k\", \"esc : q enter\"]\n";

    #[test]
    fn a_sequence_resolves_key_by_key() {
        let map = Keymap::parse(CHORDS, "t.toml").unwrap();
        let e = KeyContext::Editor;
        assert_eq!(
            map.resolve(e, &[key("ctrl-x")]),
            Step::Prefix(seq("ctrl-x"))
        );
        assert_eq!(
            map.resolve(e, &[key("ctrl-x"), key("ctrl-s")]),
            Step::Action(Action::Save)
        );
        assert_eq!(
            map.resolve(e, &[key("ctrl-x"), key("k")]),
            Step::Action(Action::Cancel)
        );
        assert_eq!(map.resolve(e, &[key("ctrl-x"), key("a")]), Step::Unbound);
        // A prefix alone is no action, and it is not text either.
        assert_eq!(map.action(e, &key("ctrl-x")), None);
        assert!(map.begins(e, &key("ctrl-x")));
        assert!(map.begins(e, &key("esc")));
        assert!(!map.begins(e, &key("a")));
        // A pane takes [global]'s sequences.
        assert_eq!(
            map.resolve(KeyContext::CaseList, &[key("ctrl-x"), key("ctrl-c")]),
            Step::Action(Action::Quit)
        );
        assert_eq!(
            map.resolve(e, &[key("ctrl-x"), key("ctrl-c")]),
            Step::Unbound
        );
    }

    #[test]
    fn a_pending_sequence_says_how_it_goes_on() {
        let map = Keymap::parse(CHORDS, "t.toml").unwrap();
        let e = KeyContext::Editor;
        assert_eq!(
            map.continuations(e, &[key("esc")]),
            vec![
                (seq(": w enter"), Action::Save),
                (seq(": q enter"), Action::Cancel)
            ]
        );
        assert_eq!(
            map.continuations(e, &[key("ctrl-x"), key("ctrl-s")]),
            vec![]
        );
        assert_eq!(
            map.continuations(KeyContext::CaseList, &[key("ctrl-x")]),
            vec![(seq("ctrl-c"), Action::Quit)]
        );
    }

    #[test]
    fn stepping_keeps_a_sequence_between_keys_and_drops_a_wrong_one() {
        let map = Keymap::parse(CHORDS, "t.toml").unwrap();
        let e = KeyContext::Editor;
        let mut p = Pending::default();
        assert_eq!(
            map.step(&mut p, e, key("ctrl-x")),
            Step::Prefix(seq("ctrl-x"))
        );
        assert!(p.is_pending());
        assert_eq!(
            map.step(&mut p, e, key("ctrl-s")),
            Step::Action(Action::Save)
        );
        assert!(!p.is_pending());
        // The vim command line, key by key.
        for k in ["esc", ":", "w"] {
            assert!(
                matches!(map.step(&mut p, e, key(k)), Step::Prefix(_)),
                "{k}"
            );
        }
        assert_eq!(
            map.step(&mut p, e, key("enter")),
            Step::Action(Action::Save)
        );
        // A key that continues nothing drops the sequence, and is no text.
        map.step(&mut p, e, key("ctrl-x"));
        assert_eq!(
            map.step(&mut p, e, key("a")),
            Step::Undefined(seq("ctrl-x a"))
        );
        assert!(!p.is_pending());
        assert_eq!(map.step(&mut p, e, key("a")), Step::Unbound);
        // A sequence started in another context does not carry over.
        map.step(&mut p, KeyContext::CaseList, key("ctrl-x"));
        assert_eq!(
            map.step(&mut p, e, key("ctrl-s")),
            Step::Action(Action::Save)
        );
    }

    #[test]
    fn a_key_bound_alone_cannot_start_a_sequence() {
        let e = Keymap::parse(
            "[editor]\nsave = [\"ctrl-x\"]\ncancel = [\"esc\", \"ctrl-x k\"]\n",
            "t.toml",
        )
        .unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(
            e.problem
                .contains("\"ctrl-x\" in [editor] is bound to save"),
            "{e}"
        );
        // Over a base: the override's own line.
        let base = Keymap::parse(CHORDS, "base.toml").unwrap();
        let e = base
            .with_overrides("[editor]\nhelp = [\"esc\"]\n", "user.toml")
            .unwrap_err();
        assert!(e.problem.contains("starts \"esc : w enter\""), "{e}");
        // In another context the same key is free.
        let ok = "[editor]\nsave = [\"ctrl-x ctrl-s\"]\ncancel = [\"esc\"]\n\
                  [chain_editor]\nsave = [\"ctrl-x\"]\n";
        assert!(Keymap::parse(ok, "t.toml").is_ok());
    }

    #[test]
    fn sequences_are_listed_and_written_back_whole() {
        let map = Keymap::parse(CHORDS, "t.toml").unwrap();
        assert_eq!(
            map.keys(KeyContext::Editor, Action::Save),
            vec![seq("ctrl-s"), seq("ctrl-x ctrl-s"), seq("esc : w enter")]
        );
        let text = map.render_text();
        assert!(
            text.contains(r#"save = ["ctrl-s", "ctrl-x ctrl-s", "esc : w enter"]"#),
            "{text}"
        );
        let again = Keymap::parse(&text, "rendered").unwrap();
        assert_eq!(again.bindings(), map.bindings());
    }

    #[test]
    fn a_sequence_starting_with_a_letter_is_refused_in_the_editor() {
        let e = Keymap::parse("[editor]\nsave = [\"w q\"]\n", "t.toml").unwrap_err();
        assert!(e.problem.contains("taken from typing"), "{e}");
        let e = Keymap::parse("[editor]\nsave = [\"ctrl-x ctrl-foo\"]\n", "t.toml").unwrap_err();
        assert!(e.problem.contains("a sequence is keys"), "{e}");
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
