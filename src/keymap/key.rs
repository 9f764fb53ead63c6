//! One key with its modifiers, as a keymap names it (`ctrl-s`, `shift-tab`,
//! `å`) and as the terminal reports it.

use std::fmt;
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// A key without modifiers. `space` is `Char(' ')`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Char(char),
    Enter,
    Esc,
    Tab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    /// `f1` … `f12`.
    F(u8),
}

/// The named keys in the order the help text lists them.
const NAMED: [(&str, Key); 14] = [
    ("enter", Key::Enter),
    ("esc", Key::Esc),
    ("tab", Key::Tab),
    ("space", Key::Char(' ')),
    ("backspace", Key::Backspace),
    ("delete", Key::Delete),
    ("up", Key::Up),
    ("down", Key::Down),
    ("left", Key::Left),
    ("right", Key::Right),
    ("home", Key::Home),
    ("end", Key::End),
    ("pageup", Key::PageUp),
    ("pagedown", Key::PageDown),
];

/// What a key name looks like, for error messages.
pub const KEY_NAME_HELP: &str = "a key is a single character or one of enter, esc, tab, space, \
     backspace, delete, up, down, left, right, home, end, pageup, pagedown, f1…f12, \
     optionally prefixed by ctrl-, alt- and shift-; a sequence is keys with a space between \
     them, such as \"ctrl-x ctrl-s\"";

/// A key plus modifiers: what one binding in a keymap matches.
///
/// Normalised so that a keymap name and a terminal event for the same
/// keystroke compare equal: a character carries its own case and never
/// `shift` (`shift-n` is `N`, and a terminal sends `?` for shift-/), and with
/// `ctrl` a letter is lowercase, because terminals cannot tell ctrl-s from
/// ctrl-S.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyCombo {
    key: Key,
    ctrl: bool,
    alt: bool,
    shift: bool,
}

impl KeyCombo {
    /// The combination, normalised (see the type's documentation).
    pub fn new(key: Key, ctrl: bool, alt: bool, shift: bool) -> KeyCombo {
        let mut combo = KeyCombo {
            key,
            ctrl,
            alt,
            shift,
        };
        if let Key::Char(c) = key {
            let c = if shift { single_upper(c) } else { c };
            let c = if ctrl && c.is_ascii_uppercase() {
                c.to_ascii_lowercase()
            } else {
                c
            };
            combo.key = Key::Char(c);
            combo.shift = false;
        }
        combo
    }

    /// The key with no modifiers.
    pub fn plain(key: Key) -> KeyCombo {
        KeyCombo::new(key, false, false, false)
    }

    pub fn key(&self) -> Key {
        self.key
    }

    pub fn ctrl(&self) -> bool {
        self.ctrl
    }

    pub fn alt(&self) -> bool {
        self.alt
    }

    pub fn shift(&self) -> bool {
        self.shift
    }

    /// The keymap's view of a terminal key event; `None` for a key release
    /// and for keys a keymap cannot name (insert, media keys, f13 …).
    pub fn from_event(event: &KeyEvent) -> Option<KeyCombo> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let mods = event.modifiers;
        if mods.intersects(KeyModifiers::SUPER | KeyModifiers::HYPER | KeyModifiers::META) {
            return None;
        }
        let mut shift = mods.contains(KeyModifiers::SHIFT);
        let key = match event.code {
            KeyCode::Char(c) => Key::Char(c),
            KeyCode::Enter => Key::Enter,
            KeyCode::Esc => Key::Esc,
            KeyCode::Tab => Key::Tab,
            // Shift-Tab arrives as its own code, with or without SHIFT set.
            KeyCode::BackTab => {
                shift = true;
                Key::Tab
            }
            KeyCode::Backspace => Key::Backspace,
            KeyCode::Delete => Key::Delete,
            KeyCode::Up => Key::Up,
            KeyCode::Down => Key::Down,
            KeyCode::Left => Key::Left,
            KeyCode::Right => Key::Right,
            KeyCode::Home => Key::Home,
            KeyCode::End => Key::End,
            KeyCode::PageUp => Key::PageUp,
            KeyCode::PageDown => Key::PageDown,
            KeyCode::F(n @ 1..=12) => Key::F(n),
            _ => return None,
        };
        let ctrl = mods.contains(KeyModifiers::CONTROL);
        let alt = mods.contains(KeyModifiers::ALT);
        Some(KeyCombo::new(key, ctrl, alt, shift))
    }
}

/// The uppercase of `c` when that is one character (`ß` stays `ß`).
fn single_upper(c: char) -> char {
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// A key name that does not parse; the `String` is the name as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyParseError(pub String);

impl fmt::Display for KeyParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown key \"{}\" ({KEY_NAME_HELP})", self.0)
    }
}

impl std::error::Error for KeyParseError {}

impl FromStr for KeyCombo {
    type Err = KeyParseError;

    fn from_str(name: &str) -> Result<KeyCombo, KeyParseError> {
        let error = || KeyParseError(name.to_string());
        let (mut ctrl, mut alt, mut shift) = (false, false, false);
        let mut rest = name;
        // A prefix is only a prefix when something follows it: `-` alone and
        // `ctrl--` are the minus key.
        while let Some((prefix, tail)) = rest.split_once('-') {
            if tail.is_empty() {
                break;
            }
            // Each modifier once: `ctrl-ctrl-q` is no key.
            let flag = match prefix.to_ascii_lowercase().as_str() {
                "ctrl" => &mut ctrl,
                "alt" => &mut alt,
                "shift" => &mut shift,
                _ => break,
            };
            if std::mem::replace(flag, true) {
                return Err(error());
            }
            rest = tail;
        }
        let mut chars = rest.chars();
        let key = match (chars.next(), chars.next()) {
            // A control character (ESC, NUL, BEL) typed into the file is
            // no key a terminal sends as such: its name is (`esc`).
            (Some(c), None) if !c.is_control() => Key::Char(c),
            (Some(_), None) => return Err(error()),
            (None, _) => return Err(error()),
            _ => parse_named(rest).ok_or_else(error)?,
        };
        Ok(KeyCombo::new(key, ctrl, alt, shift))
    }
}

fn parse_named(name: &str) -> Option<Key> {
    let lower = name.to_ascii_lowercase();
    if let Some((_, key)) = NAMED.iter().find(|(n, _)| *n == lower) {
        return Some(*key);
    }
    // Only the names we print: `f1`, not `f01` or `f+1`.
    let digits = lower.strip_prefix('f')?;
    if digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u8 = digits.parse().ok()?;
    (1..=12).contains(&n).then_some(Key::F(n))
}

impl fmt::Display for KeyCombo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        if self.shift {
            f.write_str("shift-")?;
        }
        match self.key {
            Key::Char(' ') => f.write_str("space"),
            Key::Char(c) => write!(f, "{c}"),
            Key::F(n) => write!(f, "f{n}"),
            key => {
                let name = NAMED.iter().find(|(_, k)| *k == key).map(|(n, _)| *n);
                f.write_str(name.unwrap_or("?"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(name: &str) -> KeyCombo {
        name.parse().unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    fn event(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn canonical_names_round_trip() {
        let names = "a N ? / < > - å Ö 1 space enter esc tab backspace delete up down left \
             right home end pageup pagedown f1 f12 ctrl-s ctrl-l alt-å alt-< alt-> ctrl-- \
             shift-tab shift-up shift-down ctrl-alt-delete ctrl-alt-shift-f5 ctrl-space";
        for name in names.split_whitespace() {
            assert_eq!(parse(name).to_string(), name);
        }
    }

    #[test]
    fn non_canonical_names_normalise() {
        assert_eq!(parse("shift-n").to_string(), "N");
        assert_eq!(parse("shift-N"), parse("N"));
        assert_eq!(parse("shift-å").to_string(), "Å");
        assert_eq!(parse("shift-?").to_string(), "?");
        assert_eq!(parse("ctrl-S").to_string(), "ctrl-s");
        assert_eq!(parse("alt-shift-n").to_string(), "alt-N");
        assert_eq!(parse("Ctrl-Enter").to_string(), "ctrl-enter");
        assert_eq!(parse("PageUp").to_string(), "pageup");
        assert_eq!(parse("F3").to_string(), "f3");
        assert_eq!(parse(" ").to_string(), "space");
    }

    #[test]
    fn bad_names_are_refused() {
        for name in [
            "",
            "foo",
            "ctrl-",
            "ctrl-foo",
            "f0",
            "f13",
            "f01",
            "super-a",
            "ab",
            "\u{1b}",
            "\0",
            "\u{7}",
            "ctrl-\u{1b}",
            "ctrl-ctrl-q",
            "alt-shift-alt-x",
        ] {
            let err = name.parse::<KeyCombo>().unwrap_err();
            assert_eq!(err.0, name);
            assert!(err.to_string().contains("single character"), "{err}");
        }
    }

    #[test]
    fn uppercase_char_with_shift_matches_the_uppercase_name() {
        let e = event(KeyCode::Char('N'), KeyModifiers::SHIFT);
        assert_eq!(KeyCombo::from_event(&e), Some(parse("N")));
        let e = event(KeyCode::Char('N'), KeyModifiers::NONE);
        assert_eq!(KeyCombo::from_event(&e), Some(parse("N")));
        let e = event(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(KeyCombo::from_event(&e), Some(parse("?")));
        let e = event(KeyCode::Char('Å'), KeyModifiers::SHIFT);
        assert_eq!(KeyCombo::from_event(&e), Some(parse("Å")));
    }

    #[test]
    fn backtab_is_shift_tab() {
        let e = event(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(KeyCombo::from_event(&e), Some(parse("shift-tab")));
        let e = event(KeyCode::BackTab, KeyModifiers::NONE);
        assert_eq!(KeyCombo::from_event(&e), Some(parse("shift-tab")));
    }

    #[test]
    fn ctrl_letters_match_whatever_case_arrives() {
        let e = event(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(KeyCombo::from_event(&e), Some(parse("ctrl-s")));
        let e = event(
            KeyCode::Char('S'),
            KeyModifiers::CONTROL | KeyModifiers::SHIFT,
        );
        assert_eq!(KeyCombo::from_event(&e), Some(parse("ctrl-s")));
    }

    #[test]
    fn other_events() {
        let e = event(KeyCode::Char('å'), KeyModifiers::ALT);
        assert_eq!(KeyCombo::from_event(&e), Some(parse("alt-å")));
        let e = event(KeyCode::Up, KeyModifiers::SHIFT);
        assert_eq!(KeyCombo::from_event(&e), Some(parse("shift-up")));
        let e = event(KeyCode::F(1), KeyModifiers::NONE);
        assert_eq!(KeyCombo::from_event(&e), Some(parse("f1")));
        let e = event(KeyCode::Char(' '), KeyModifiers::NONE);
        assert_eq!(KeyCombo::from_event(&e), Some(parse("space")));
        assert_eq!(
            KeyCombo::from_event(&event(KeyCode::Insert, KeyModifiers::NONE)),
            None
        );
        assert_eq!(
            KeyCombo::from_event(&event(KeyCode::F(13), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn release_is_ignored_but_repeat_is_not() {
        let mut e = event(KeyCode::Char('j'), KeyModifiers::NONE);
        e.kind = KeyEventKind::Release;
        assert_eq!(KeyCombo::from_event(&e), None);
        e.kind = KeyEventKind::Repeat;
        assert_eq!(KeyCombo::from_event(&e), Some(parse("j")));
    }
}
