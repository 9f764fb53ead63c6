//! The command line in the language asked for, and a demo that leaves
//! nothing behind.

use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_insats");

fn run(data: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--data-dir")
        .arg(data)
        .args(["--today", "2026-11-22", "--lang", "sv"])
        .args(args)
        .env("INSATS_CONFIG_DIR", data.join("config"))
        .env_remove("INSATS_DATA_DIR")
        .env_remove("INSATS_TODAY")
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn errors_of_the_command_line_are_in_swedish_under_lang_sv() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let out = run(
        &data,
        &[
            "case",
            "add",
            "2026-001",
            "--family",
            "F",
            "--start",
            "2026-09-01",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let cases: [(&[&str], &str); 6] = [
        (
            &["note", "2026-001", "-m", "x", "--place", "kontor"],
            "'kontor' är ingen plats",
        ),
        (&["note", "2026-001", "-m", " "], "anteckningen är tom"),
        (
            &["note", "2026-001", "-m", "x", "--date", "2026-08-01"],
            "är före ärendets start (2026-09-01)",
        ),
        (
            &["case", "add", "a/b", "--family", "F"],
            "är ingen ärendekod",
        ),
        (
            &["report", "2026-001", "--format", "pdf"],
            "använd md eller text",
        ),
        (
            &[
                "report",
                "2026-001",
                "--from",
                "2026-11-20",
                "--to",
                "2026-11-01",
            ],
            "slutar innan den börjar",
        ),
    ];
    for (args, said) in cases {
        let out = run(&data, args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(said), "{args:?}: {err}");
    }
}

#[test]
fn the_demo_store_is_removed_when_done_unless_kept() {
    let out = Command::new(BIN)
        .args(["--demo", "--today", "2026-11-22", "--lang", "sv", "overdue"])
        .env("INSATS_CONFIG_DIR", "/nonexistent")
        .output()
        .unwrap();
    let err = stderr(&out);
    let path = err
        .lines()
        .find_map(|l| l.strip_prefix("Demolager med "))
        .and_then(|l| l.split(": ").nth(1))
        .expect(&err)
        .trim()
        .to_string();
    assert!(err.contains("--keep behåller det"), "{err}");
    assert!(!Path::new(&path).exists(), "{path} is left behind");
}

#[test]
fn usage_errors_and_the_help_are_in_swedish_under_lang_sv() {
    let tmp = tempfile::tempdir().unwrap();
    let bare = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env("INSATS_CONFIG_DIR", tmp.path().join("config"))
            .env_remove("INSATS_TODAY")
            .env_remove("LANG");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    };
    let out = bare(&["--lang", "sv", "--today", "2026-31-12", "overdue"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with("insats: ogiltigt värde '2026-31-12' för '--today <DATE>'"),
        "{err}"
    );
    assert!(
        err.contains("är inget datum") && err.contains("se 'insats --help'"),
        "{err}"
    );
    assert!(!err.contains("invalid value"), "{err}");
    // The language is taken from LANG as well, before the line is read.
    let out = bare(&["--frobnicate"], &[("LANG", "sv_SE.UTF-8")]);
    assert!(stderr(&out).starts_with("insats: okänt argument '--frobnicate'"));
    let out = bare(&["--lang", "sv", "--help"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        help.contains("Användning: insats") && help.contains("Visa hjälpen"),
        "{help}"
    );
    let out = bare(&["--lang", "sv", "help", "note"], &[]);
    let help = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(help.starts_with("Skriv en snabb anteckning"), "{help}");
    // English stays English.
    let out = bare(&["--lang", "en", "--today", "x"], &[]);
    assert!(stderr(&out).starts_with("insats: invalid value 'x' for '--today <DATE>'"));
}
