//! Key sequences (`ctrl-x ctrl-s`, `esc : w enter`): what one binding in a
//! keymap matches, and the keys of a sequence pressed so far.

use std::fmt;
use std::str::FromStr;

use super::key::{KeyCombo, KeyParseError};
use crate::app::KeyContext;

/// The most keys one sequence may have.
pub const MAX_KEYS: usize = 6;

/// One key, or several pressed one after the other. A keymap writes a
/// sequence as key names with a space between them: `"ctrl-x ctrl-s"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeySeq(Vec<KeyCombo>);

impl KeySeq {
    /// The sequence of `keys`, which are not empty.
    pub(super) fn from_keys(keys: &[KeyCombo]) -> KeySeq {
        debug_assert!(!keys.is_empty());
        KeySeq(keys.to_vec())
    }

    /// The keys in the order they are pressed; never empty.
    pub fn keys(&self) -> &[KeyCombo] {
        &self.0
    }

    /// The first key: the one that starts the sequence.
    pub fn first(&self) -> KeyCombo {
        self.0[0]
    }

    /// Whether this is a sequence of more than one key.
    pub fn is_chord(&self) -> bool {
        self.0.len() > 1
    }

    /// The sequences that lead to this one: its first key, its first two
    /// keys …, not the whole.
    pub fn prefixes(&self) -> impl Iterator<Item = &[KeyCombo]> {
        (1..self.0.len()).map(|n| &self.0[..n])
    }
}

impl From<KeyCombo> for KeySeq {
    fn from(key: KeyCombo) -> KeySeq {
        KeySeq(vec![key])
    }
}

/// A single key compares equal to the sequence of just that key.
impl PartialEq<KeyCombo> for KeySeq {
    fn eq(&self, other: &KeyCombo) -> bool {
        self.0.as_slice() == [*other]
    }
}

impl FromStr for KeySeq {
    type Err = KeyParseError;

    /// Key names separated by spaces. A lone space is the space key, as
    /// `space` is.
    fn from_str(name: &str) -> Result<KeySeq, KeyParseError> {
        if name == " " {
            return Ok(KeySeq(vec![name.parse()?]));
        }
        let keys = name
            .split(' ')
            .map(str::parse)
            .collect::<Result<Vec<KeyCombo>, _>>()
            .map_err(|_| KeyParseError(name.to_string()))?;
        if keys.is_empty() || keys.len() > MAX_KEYS {
            return Err(KeyParseError(name.to_string()));
        }
        Ok(KeySeq(keys))
    }
}

impl fmt::Display for KeySeq {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, key) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{key}")?;
        }
        Ok(())
    }
}

/// What a key pressed means, given the keys of a sequence pressed before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step<A> {
    /// A binding is complete: do it.
    Action(A),
    /// The keys so far start a sequence: the key is taken, and more are
    /// awaited. Holds the keys so far, to show.
    Prefix(KeySeq),
    /// The key continues no sequence the keys before it started: the
    /// sequence is dropped and so is the key. Holds the keys pressed.
    Undefined(KeySeq),
    /// No sequence was pending and the key means nothing: in an editor,
    /// text.
    Unbound,
}

/// The keys of a sequence pressed so far, and where: kept between key
/// events, so a sequence split over two reads (a slow link) still works,
/// and nothing waits for its next key.
#[derive(Debug, Clone, Default)]
pub struct Pending {
    keys: Vec<KeyCombo>,
    ctx: Option<KeyContext>,
}

impl Pending {
    /// Whether a sequence is started.
    pub fn is_pending(&self) -> bool {
        !self.keys.is_empty()
    }

    /// Forgets the keys pressed so far.
    pub fn clear(&mut self) {
        self.keys.clear();
        self.ctx = None;
    }

    /// The keys pressed so far with `key` after them, in `ctx`: a sequence
    /// started in another context is forgotten first.
    pub(super) fn push(&mut self, ctx: KeyContext, key: KeyCombo) -> Vec<KeyCombo> {
        if self.ctx != Some(ctx) {
            self.clear();
        }
        self.ctx = Some(ctx);
        self.keys.push(key);
        self.keys.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequences_parse_and_print_with_spaces() {
        let seq: KeySeq = "ctrl-x ctrl-s".parse().unwrap();
        assert_eq!(seq.keys().len(), 2);
        assert!(seq.is_chord());
        assert_eq!(seq.to_string(), "ctrl-x ctrl-s");
        assert_eq!(seq.first(), "ctrl-x".parse::<KeyCombo>().unwrap());
        let vim: KeySeq = "esc : w enter".parse().unwrap();
        assert_eq!(vim.to_string(), "esc : w enter");
        assert_eq!(vim.prefixes().count(), 3);
        let one: KeySeq = "ctrl-s".parse().unwrap();
        assert!(!one.is_chord());
        assert_eq!(one, "ctrl-s".parse::<KeyCombo>().unwrap());
    }

    #[test]
    fn a_lone_space_is_the_space_key_and_bad_sequences_are_refused() {
        let space: KeySeq = " ".parse().unwrap();
        assert_eq!(space.to_string(), "space");
        for bad in [
            "ctrl-x  ctrl-s",
            "ctrl-x ",
            " q",
            "ctrl-x ctrl-foo",
            "",
            "a b c d e f g",
        ] {
            assert!(bad.parse::<KeySeq>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_sequence_started_elsewhere_is_forgotten() {
        let key = |n: &str| n.parse::<KeyCombo>().unwrap();
        let mut p = Pending::default();
        assert_eq!(p.push(KeyContext::Editor, key("ctrl-x")).len(), 1);
        assert!(p.is_pending());
        assert_eq!(p.push(KeyContext::Editor, key("ctrl-s")).len(), 2);
        assert_eq!(p.push(KeyContext::Global, key("q")), vec![key("q")]);
        p.clear();
        assert!(!p.is_pending());
    }
}
