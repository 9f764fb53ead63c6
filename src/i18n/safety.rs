//! The words of the screen's safeguards, in both languages: control
//! characters in typed and pasted text, a store on a full disk, and the
//! text of an editor written to a file the worker names.

use super::Plural;

pub struct SafetyText {
    /// `{paths}`: text written at a hang-up when the store could not take it.
    pub hangup_file: &'static str,
    /// `{n}`: escape sequences and control characters left out of a paste.
    pub paste_cleaned: Plural,
    /// `{code}` (`U+001B`), `{line}`, `{column}`: in a text of several lines.
    pub control_in_text: &'static str,
    /// `{code}`, `{column}`: in a one-line field.
    pub control_in_line: &'static str,
    /// `{code}`, `{link}`: in a link of the incident chain.
    pub control_in_link: &'static str,
    /// `{dir}`: the banner of a screen opened read-only on a full disk.
    pub read_only_banner: &'static str,
    pub read_only_dir_banner: &'static str,
    /// `{dir}`: a write refused on such a screen.
    pub read_only_refused: &'static str,
    pub read_only_dir_refused: &'static str,
    /// The mark in an editor's title on such a screen.
    pub read_only_mark: &'static str,
    /// The question after a save failed: where to write the text.
    pub prompt_draft_file: &'static str,
    /// The same, when the disk is full.
    pub prompt_draft_file_full: &'static str,
    /// `{path}`: the text is in the file.
    pub draft_file_written: &'static str,
    /// Shown with the file's name.
    pub draft_file_exists: &'static str,
    /// That disk is full as well.
    pub draft_file_full: &'static str,
    /// `{error}`.
    pub draft_file_failed: &'static str,
    pub draft_file_name_needed: &'static str,
}

pub const SV: SafetyText = SafetyText {
    hangup_file: "Text som inte kunde sparas vid ett avbrott finns i {paths}: spara den här, ta sedan bort filen.",
    paste_cleaned: Plural {
        one: "Inklistrat utan {n} styrtecken (terminalens färg- och styrkoder); resten av texten är kvar",
        other: "Inklistrat utan {n} styrtecken (terminalens färg- och styrkoder); resten av texten är kvar",
    },
    control_in_text: "ett styrtecken ({code}) på rad {line}, tecken {column} kan inte sparas: markören står efter det, ta bort det med Backsteg",
    control_in_line: "ett styrtecken ({code}) vid tecken {column} kan inte sparas: markören står efter det, ta bort det med Backsteg",
    control_in_link: "ett styrtecken ({code}) i länk {link} kan inte sparas: skriv om länken",
    read_only_banner: "Disken är full: bara läsning — frigör plats i {dir} och starta om insats",
    read_only_dir_banner: "Bara läsning: {dir} går inte att skriva i — inget kan sparas",
    read_only_refused: "Disken är full: bara läsning, inget kan sparas — frigör plats i {dir} och starta om insats",
    read_only_dir_refused: "Bara läsning, inget kan sparas: {dir} går inte att skriva i",
    read_only_mark: "bara läsning: disken är full",
    prompt_draft_file: "Inte sparat — skriv texten till fil",
    prompt_draft_file_full: "Disken är full — skriv texten till fil",
    draft_file_written: "Texten finns i {path} (bara du kan läsa filen); editorn är kvar öppen",
    draft_file_exists: "Filen finns redan, välj ett annat namn",
    draft_file_full: "Disken är full där också, välj en annan disk (ett USB-minne)",
    draft_file_failed: "Kan inte skriva filen ({error})",
    draft_file_name_needed: "Skriv ett filnamn (Esc: tillbaka till texten)",
};

pub const EN: SafetyText = SafetyText {
    hangup_file: "Text that could not be saved at a hang-up is in {paths}: save it here, then remove the file.",
    paste_cleaned: Plural {
        one: "Pasted without {n} control character (the terminal's colour and control codes); the rest of the text is there",
        other: "Pasted without {n} control characters (the terminal's colour and control codes); the rest of the text is there",
    },
    control_in_text: "a control character ({code}) at line {line}, character {column} cannot be saved: the cursor is after it, delete it with Backspace",
    control_in_line: "a control character ({code}) at character {column} cannot be saved: the cursor is after it, delete it with Backspace",
    control_in_link: "a control character ({code}) in link {link} cannot be saved: write the link again",
    read_only_banner: "The disk is full: read only — free some space in {dir} and start insats again",
    read_only_dir_banner: "Read only: {dir} cannot be written — nothing can be saved",
    read_only_refused: "The disk is full: read only, nothing can be saved — free some space in {dir} and start insats again",
    read_only_dir_refused: "Read only, nothing can be saved: {dir} cannot be written",
    read_only_mark: "read only: the disk is full",
    prompt_draft_file: "Not saved — write the text to file",
    prompt_draft_file_full: "The disk is full — write the text to file",
    draft_file_written: "The text is in {path} (only you can read the file); the editor stays open",
    draft_file_exists: "The file exists already, choose another name",
    draft_file_full: "That disk is full too, choose another (a USB stick)",
    draft_file_failed: "Cannot write the file ({error})",
    draft_file_name_needed: "Type a file name (Esc: back to the text)",
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::fill;

    #[test]
    fn both_languages_fill_every_place() {
        let values = [
            ("n", "3"),
            ("code", "U+001B"),
            ("line", "2"),
            ("column", "5"),
            ("link", "4"),
            ("dir", "/data"),
            ("path", "~/x.txt"),
            ("error", "fel"),
        ];
        for t in [&SV, &EN] {
            for s in [
                t.paste_cleaned.one,
                t.paste_cleaned.other,
                t.control_in_text,
                t.control_in_line,
                t.control_in_link,
                t.read_only_banner,
                t.read_only_refused,
                t.read_only_dir_banner,
                t.read_only_dir_refused,
                t.read_only_mark,
                t.prompt_draft_file,
                t.prompt_draft_file_full,
                t.draft_file_written,
                t.draft_file_exists,
                t.draft_file_full,
                t.draft_file_failed,
                t.draft_file_name_needed,
            ] {
                let filled = fill(s, &values);
                assert!(!filled.contains('{') && !filled.is_empty(), "{s}");
            }
        }
        // The same places in both.
        let places = |s: &str| s.matches('{').count();
        assert_eq!(places(SV.control_in_text), places(EN.control_in_text));
        assert_eq!(places(SV.read_only_banner), places(EN.read_only_banner));
    }
}
