//! The words of the list of queued notes that wait in the inbox (their
//! case unknown or closed), in both languages.

use super::Plural;

pub struct WaitingText {
    /// The list's title.
    pub title: &'static str,
    /// `{n}`, `{key}`: the status bar's count while any waits.
    pub count: Plural,
    /// Why one waits.
    pub no_such_case: &'static str,
    pub closed: &'static str,
    /// `{code}`: the first line of a note written out.
    pub heading: &'static str,
    /// `{date}`, `{start}`, `{minutes}`, `{place}`.
    pub when: &'static str,
    /// Where the case's usual place was to be used.
    pub usual_place: &'static str,
    /// `{by}`, `{at}`.
    pub written: &'static str,
    pub child_took_part: &'static str,
    pub child_words: &'static str,
    /// Nothing waits (the key pressed with an empty list).
    pub none: &'static str,
    /// The questions.
    pub prompt_case: &'static str,
    pub prompt_file: &'static str,
    /// `{code}`: that case cannot take it.
    pub refused_no_case: &'static str,
    pub refused_closed: &'static str,
    /// `{date}`, `{start}` / `{closed}`: outside that case's life.
    pub refused_before_start: &'static str,
    pub refused_after_closing: &'static str,
    /// `{key}`: the note is in its case now.
    pub moved: &'static str,
    /// `{path}`: the note is in the file and out of the queue.
    pub written_out: &'static str,
    /// Someone else took it first (another session, or by hand).
    pub gone: &'static str,
}

pub const SV: WaitingText = WaitingText {
    title: "Köade anteckningar som väntar",
    count: Plural {
        one: "✉ {n} köad anteckning väntar ({key})",
        other: "✉ {n} köade anteckningar väntar ({key})",
    },
    no_such_case: "inget sådant ärende",
    closed: "ärendet är avslutat",
    heading: "Anteckning till {code}",
    when: "{date} {start}, {minutes} min, {place}",
    usual_place: "ärendets vanliga plats",
    written: "Skriven av {by} {at}",
    child_took_part: "Barnet deltog",
    child_words: "Barnets ord",
    none: "Inga köade anteckningar väntar.",
    prompt_case: "Lägg anteckningen i ärende",
    prompt_file: "Skriv anteckningen till fil",
    refused_no_case: "inget ärende {code}",
    refused_closed: "{code} är avslutat",
    refused_before_start: "anteckningen är daterad {date}, före ärendets start {start}",
    refused_after_closing: "anteckningen är daterad {date}, efter att ärendet avslutades {closed}",
    moved: "Anteckningen ligger nu i ärendet som {key}.",
    written_out: "Anteckningen finns i {path} (bara du kan läsa filen) och är borta ur kön.",
    gone: "Anteckningen finns inte längre i kön (den är redan intagen).",
};

pub const EN: WaitingText = WaitingText {
    title: "Queued notes waiting",
    count: Plural {
        one: "✉ {n} queued note waits ({key})",
        other: "✉ {n} queued notes wait ({key})",
    },
    no_such_case: "no such case",
    closed: "the case is closed",
    heading: "Note for {code}",
    when: "{date} {start}, {minutes} min, {place}",
    usual_place: "the case's usual place",
    written: "Written by {by} {at}",
    child_took_part: "The child took part",
    child_words: "The child's words",
    none: "No queued notes wait.",
    prompt_case: "Put the note in case",
    prompt_file: "Write the note to a file",
    refused_no_case: "no case {code}",
    refused_closed: "{code} is closed",
    refused_before_start: "the note is dated {date}, before the case's start {start}",
    refused_after_closing: "the note is dated {date}, after the case was closed {closed}",
    moved: "The note is in its case now, as {key}.",
    written_out: "The note is in {path} (only you can read the file) and out of the queue.",
    gone: "The note is no longer queued (it was taken in already).",
};

impl super::Lang {
    pub fn waiting(self) -> &'static WaitingText {
        match self {
            super::Lang::Sv => &SV,
            super::Lang::En => &EN,
        }
    }
}
