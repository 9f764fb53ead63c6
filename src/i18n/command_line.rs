//! The command line's help and its usage errors. The English help is the
//! doc comments of `cli/args.rs` (clap reads them); this is the Swedish
//! beside them, and the words of both for what clap itself would say.

/// The Swedish help of each command and option: (command path, argument
/// id, text). The path is the subcommands' names joined by spaces ("" for
/// `insats` itself); an empty id is the command's own description.
pub const SV_HELP: &[(&str, &str, &str)] = &[
    ("", "", "Fältanteckningar för familjebehandlare"),
    (
        "",
        "data_dir",
        "Lagrets katalog (standard: plattformens datakatalog)",
    ),
    ("", "today", "Datumet som räknas som idag, ÅÅÅÅ-MM-DD"),
    (
        "",
        "lang",
        "Språk på skärmen och i meddelanden: sv eller en",
    ),
    (
        "",
        "keymap",
        "En medföljande tangentkarta (default, vim, emacs) eller en fil",
    ),
    (
        "",
        "worker",
        "Dina initialer, som signerar det du skriver (standard: initials i config.toml, annars ditt inloggningsnamn)",
    ),
    (
        "",
        "demo",
        "Öppna på ett nytt tillfälligt lager med påhittade ärenden",
    ),
    (
        "",
        "keep",
        "Med --demo: behåll demolagret efteråt (annars tas det bort)",
    ),
    ("case", "", "Registrera eller lista ärenden"),
    ("case add", "", "Registrera ett nytt ärende"),
    ("case add", "code", "Ärendekoden, t.ex. 2026-014"),
    (
        "case add",
        "family",
        "Familjens etikett: en pseudonym eller initialer, aldrig ett personnummer",
    ),
    ("case add", "start", "Start för Fas 1 (standard: idag)"),
    (
        "case add",
        "secretary",
        "Socialsekreteraren som beställde insatsen",
    ),
    (
        "case add",
        "case_workers",
        "En behandlare i ärendet (standard: du); ange två gånger för två",
    ),
    ("case list", "", "Lista ärendena med fas och värsta flagga"),
    ("note", "", "Skriv en snabb anteckning efter ett besök"),
    ("note", "case", "Ärendekoden"),
    (
        "note",
        "message",
        "Anteckningens text; sparas utan att fönstret öppnas",
    ),
    (
        "note",
        "place",
        "Var: hem, lokal, ute, skola, telefon, video, annat (standard: ärendets vanliga plats)",
    ),
    ("note", "child", "Barnet deltog"),
    ("note", "child_words", "Barnets egna ord"),
    (
        "note",
        "minutes",
        "Kontaktens längd i minuter (standard: 60)",
    ),
    ("note", "date", "Kontaktens datum (standard: idag)"),
    (
        "overdue",
        "",
        "Lista det som är försenat eller snart ska göras; slutstatus 1 när något är försenat",
    ),
    ("overdue", "json", "Som JSON"),
    (
        "export",
        "",
        "Skriv allt som JSON (en säkerhetskopia som en människa kan läsa)",
    ),
    (
        "export",
        "output",
        "Filen att skriva (standard: standard ut)",
    ),
    (
        "import",
        "",
        "Återställ från en export; poster som redan finns i lagret tas inte",
    ),
    ("import", "file", "Exportfilen"),
    (
        "report",
        "",
        "Gör ett rapportutkast till socialsekreteraren av det som skrivits",
    ),
    ("report", "case", "Ärendekoden"),
    (
        "report",
        "kind",
        "fas1, lagesrapport eller avslut (standard: den ärendet står i tur för)",
    ),
    (
        "report",
        "from",
        "Periodens start (standard: perioden som rapportens slag gäller)",
    ),
    ("report", "to", "Periodens slut (standard: idag)"),
    (
        "report",
        "output",
        "Filen att skriva (standard: standard ut)",
    ),
    ("report", "format", "md eller text (standard: md)"),
    (
        "stats",
        "",
        "Uppföljningsstatistik för avslutade ärenden, som i studie 002",
    ),
    ("stats", "from", "Ärenden avslutade från detta datum"),
    ("stats", "to", "Ärenden avslutade till och med detta datum"),
    ("stats", "json", "Som JSON"),
    (
        "check",
        "",
        "Kontrollera lagret och rapportera skadade poster",
    ),
    (
        "check",
        "salvage",
        "Exportera varje post som fortfarande går att läsa till FIL",
    ),
    (
        "backups",
        "",
        "Lista de automatiska säkerhetskopiorna, nyaste först",
    ),
    (
        "restore",
        "",
        "Ett nytt lager från en säkerhetskopia (den nyaste som standard); lagret som fanns flyttas undan, raderas aldrig",
    ),
    (
        "restore",
        "backup",
        "En säkerhetskopias namn (se 'insats backups') eller en fil",
    ),
    ("keys", "", "Skriv ut tangentkartan som gäller"),
    (
        "case add",
        "persons",
        "En person i familjen: \"alias, roll, födelseår\" som i ärendeeditorn (t.ex. \"Noah, son, 2012\"); en gång per person",
    ),
    (
        "case add",
        "assignment",
        "Uppdraget med socialsekreterarens ord",
    ),
    (
        "note",
        "with",
        "Vilka som deltog: förälder, barn, ungdom, socialsekreterare, annan (nätverk), med komma emellan (standard: förälder)",
    ),
    (
        "journal",
        "",
        "Det som ännu inte förts in i journalen, som ren text; --mark markerar det infört",
    ),
    ("journal", "case", "Ärendekoden (standard: alla ärenden)"),
    ("journal", "format", "text eller md (standard: text)"),
    (
        "journal",
        "mark",
        "Markera det som är skyldigt som infört i journalen idag, av dig",
    ),
    (
        "journal",
        "through",
        "Med --mark: bara poster daterade till och med den här dagen",
    ),
    (
        "journal",
        "reference",
        "Med --mark: journalanteckningens nummer eller datum",
    ),
    (
        "stats",
        "files",
        "Delade statistikfiler (stats --share) att lägga samman; inget lager läses",
    ),
    (
        "stats",
        "share",
        "Skriv de avslutade ärendenas anonyma siffror för att dela med enheten (med -o)",
    ),
    ("stats", "output", "Med --share: filen som skrivs"),
    (
        "purge",
        "",
        "Ta bort ett avslutat ärendes arbetsanteckningar för gott; anonyma siffror behålls",
    ),
    ("purge", "case", "Koden för det avslutade ärendet"),
    ("purge", "yes", "Ta bort utan att fråga efter koden igen"),
    (
        "purge",
        "log",
        "Lista de borttagna ärendena: koden, dagen, vem",
    ),
];

/// What clap itself would say, in one language.
pub struct CommandLineText {
    pub usage_heading: &'static str,
    pub commands_heading: &'static str,
    pub arguments_heading: &'static str,
    pub options_heading: &'static str,
    pub help: &'static str,
    pub version: &'static str,
    pub help_command: &'static str,
    /// `{value}`, `{arg}`, `{why}`.
    pub err_invalid_value: &'static str,
    /// `{arg}`.
    pub err_unknown_argument: &'static str,
    /// `{command}`.
    pub err_unknown_command: &'static str,
    /// `{args}`.
    pub err_missing: &'static str,
    /// `{arg}`, `{other}`.
    pub err_conflict: &'static str,
    /// `{arg}`.
    pub err_no_value: &'static str,
    /// Any other: clap's own words, in English.
    pub err_other: &'static str,
    pub see_help: &'static str,
    /// `{input}`: a `--today` that is not a date.
    pub err_today: &'static str,
    /// `{input}`: a `--lang` that is not a language.
    pub err_lang: &'static str,
}

pub static SV: CommandLineText = CommandLineText {
    usage_heading: "Användning:",
    commands_heading: "Kommandon:",
    arguments_heading: "Argument:",
    options_heading: "Flaggor:",
    help: "Visa hjälpen",
    version: "Visa versionen",
    help_command: "Visa den här hjälpen eller ett kommandos",
    err_invalid_value: "ogiltigt värde '{value}' för '{arg}': {why}",
    err_unknown_argument: "okänt argument '{arg}'",
    err_unknown_command: "okänt kommando '{command}'",
    err_missing: "saknas: {args}",
    err_conflict: "'{arg}' går inte att ange med '{other}'",
    err_no_value: "'{arg}' behöver ett värde",
    err_other: "{error}",
    see_help: "se 'insats --help'",
    err_today: "'{input}' är inget datum: använd ÅÅÅÅ-MM-DD, åren 1900–2100, t.ex. 2026-11-22",
    err_lang: "'{input}' är inget språk (använd sv eller en)",
};

pub static EN: CommandLineText = CommandLineText {
    usage_heading: "Usage:",
    commands_heading: "Commands:",
    arguments_heading: "Arguments:",
    options_heading: "Options:",
    help: "Print help",
    version: "Print version",
    help_command: "Print this message or the help of the given subcommand(s)",
    err_invalid_value: "invalid value '{value}' for '{arg}': {why}",
    err_unknown_argument: "unexpected argument '{arg}'",
    err_unknown_command: "unrecognized subcommand '{command}'",
    err_missing: "missing: {args}",
    err_conflict: "'{arg}' cannot be used with '{other}'",
    err_no_value: "'{arg}' needs a value",
    err_other: "{error}",
    see_help: "see 'insats --help'",
    err_today: "'{input}' is not a date: use YYYY-MM-DD, years 1900–2100, e.g. 2026-11-22",
    err_lang: "'{input}' is not a language (use sv or en)",
};
