//! The command line as a user meets it: the real binary, a fresh store.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use insats::store::record_key;

const BIN: &str = env!("CARGO_BIN_EXE_insats");

struct Shell {
    _tmp: tempfile::TempDir,
    data: PathBuf,
}

impl Shell {
    fn new() -> Shell {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        Shell { _tmp: tmp, data }
    }

    fn path(&self, name: &str) -> PathBuf {
        self._tmp.path().join(name)
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(BIN);
        c.arg("--data-dir")
            .arg(&self.data)
            .args(["--today", "2026-11-22", "--lang", "en"])
            .args(args)
            .env("INSATS_CONFIG_DIR", self._tmp.path().join("config"))
            .env_remove("INSATS_DATA_DIR")
            .env_remove("INSATS_TODAY");
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn add_case(&self) {
        self.ok(&[
            "case",
            "add",
            "2026-001",
            "--family",
            "Fam A",
            "--start",
            "2026-09-01",
        ]);
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_case_82_days_old_has_its_fas1_report_overdue() {
    let sh = Shell::new();
    sh.add_case();
    let out = sh.run(&["overdue"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains("Fas 1 report (insatsrapport)"))
        .expect(&text);
    assert!(
        line.contains("OVERDUE") && line.contains("2026-001") && line.contains("2026-10-13"),
        "{line}"
    );
    assert!(line.contains("40 days late"), "{line}");

    let out = sh.run(&["overdue", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = v["items"].as_array().unwrap();
    let report = items.iter().find(|i| i["kind"] == "fas1_report").unwrap();
    assert_eq!(report["case"], "2026-001");
    assert_eq!(report["state"], "overdue");
    assert_eq!(report["due"], "2026-10-13");
    assert_eq!(report["days_late"], 40);
    // Text and JSON list the same items.
    let text_items = text
        .lines()
        .filter(|l| l.starts_with("  ! ") || l.starts_with("  ~ "))
        .count();
    assert_eq!(items.len(), text_items);
    assert_eq!(
        v["overdue"].as_u64().unwrap() as usize,
        items.iter().filter(|i| i["state"] == "overdue").count()
    );
}

/// Case 2026-002, begun two days ago: nothing is due yet.
fn add_recent_case(sh: &Shell) {
    sh.ok(&[
        "case",
        "add",
        "2026-002",
        "--family",
        "Fam B",
        "--start",
        "2026-11-20",
    ]);
}

#[test]
fn overdue_names_families_whole_where_they_differ_late() {
    let sh = Shell::new();
    for (code, family) in [
        ("2026-310", "Familjen Åkesson-Nilsson"),
        ("2026-311", "Familjen Åkesson-Berg"),
    ] {
        sh.ok(&[
            "case",
            "add",
            code,
            "--family",
            family,
            "--start",
            "2026-09-01",
        ]);
    }
    let out = sh.run(&["overdue"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Familjen Åkesson-Nilsson "), "{text}");
    assert!(text.contains("Familjen Åkesson-Berg "), "{text}");
    // The columns after the label stay aligned.
    let columns: Vec<usize> = text
        .lines()
        .filter(|l| l.contains("Fas 1 report"))
        .map(|l| l[..l.find("Fas 1 report").unwrap()].chars().count())
        .collect();
    assert_eq!(columns.len(), 2, "{text}");
    assert_eq!(columns[0], columns[1], "{text}");
}

#[test]
fn overdue_asked_again_says_the_same_and_sees_a_write_in_between() {
    let sh = Shell::new();
    add_recent_case(&sh);
    // The second look reads the list the first one kept.
    for _ in 0..2 {
        let out = sh.run(&["overdue"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    sh.add_case();
    let first = sh.run(&["overdue"]);
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));
    assert!(String::from_utf8_lossy(&first.stdout).contains("2026-001"));
    let again = sh.run(&["overdue"]);
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(again.stdout, first.stdout);
    let json = sh.run(&["overdue", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["case"] == "2026-001")
    );
}

/// The caseload an earlier release kept beside the store names the cases:
/// it is removed at the next open, and nothing reads it any more.
#[test]
fn a_caseload_file_an_earlier_release_kept_is_removed() {
    let sh = Shell::new();
    sh.add_case();
    add_recent_case(&sh);
    let before = sh.run(&["overdue"]);
    assert_eq!(before.status.code(), Some(1), "{}", stderr(&before));
    let kept = sh.data.join("caseload");
    std::fs::write(&kept, b"2026-014 Familjen Berg").unwrap();
    let out = sh.run(&["overdue"]);
    assert_eq!(out.stdout, before.stdout);
    assert!(!kept.exists());
}

#[test]
fn case_list_shows_labels_whole_where_they_differ_late() {
    let sh = Shell::new();
    for (code, family) in [
        ("2026-200", "Familjen Lindqvist-Öberg"),
        ("2026-201", "Familjen Lindqvist-Nilsson"),
    ] {
        sh.ok(&["case", "add", code, "--family", family]);
    }
    let list = sh.ok(&["case", "list"]);
    assert!(list.contains("Familjen Lindqvist-Öberg "), "{list}");
    assert!(list.contains("Familjen Lindqvist-Nilsson "), "{list}");
    // The columns after the label stay aligned, and no line ends in spaces.
    let columns: Vec<usize> = list
        .lines()
        .map(|l| l[..l.find("Fas 1").unwrap()].chars().count())
        .collect();
    assert!(columns.windows(2).all(|w| w[0] == w[1]), "{list}");
    assert!(list.lines().all(|l| !l.ends_with(' ')), "{list:?}");
}

#[test]
fn nothing_overdue_exits_0() {
    let sh = Shell::new();
    add_recent_case(&sh);
    let out = sh.run(&["overdue"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_note_is_exported_and_restored_and_not_imported_twice() {
    let sh = Shell::new();
    sh.add_case();
    let said = sh.ok(&[
        "note",
        "2026-001",
        "-m",
        "Hembesök. Mamma och Sam åt middag ihop; lugnare än förra veckan.",
    ]);
    assert!(said.contains("2026-001/1"), "{said}");
    let export = sh.path("backup.json");
    sh.ok(&["export", "-o", export.to_str().unwrap()]);
    let json = std::fs::read_to_string(&export).unwrap();
    assert!(json.contains("lugnare än förra veckan"));

    let other = Shell::new();
    let said = other.ok(&["import", export.to_str().unwrap()]);
    assert!(said.contains("Imported 2 records"), "{said}");
    let back = other.ok(&["export"]);
    assert!(back.contains("lugnare än förra veckan"));
    let said = other.ok(&["import", export.to_str().unwrap()]);
    assert!(
        said.contains("Imported 0 records") && said.contains("refused 2 duplicates"),
        "{said}"
    );
    // Still exactly one note.
    let back: serde_json::Value = serde_json::from_str(&other.ok(&["export"])).unwrap();
    assert_eq!(back["notes"].as_array().unwrap().len(), 1);
}

#[test]
fn export_is_private_even_over_an_existing_file() {
    use std::os::unix::fs::PermissionsExt;
    let sh = Shell::new();
    sh.add_case();
    let export = sh.path("backup.json");
    std::fs::write(&export, "old").unwrap();
    std::fs::set_permissions(&export, std::fs::Permissions::from_mode(0o644)).unwrap();
    sh.ok(&["export", "-o", export.to_str().unwrap()]);
    assert_eq!(
        std::fs::metadata(&export).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn user_errors_are_one_line_and_exit_2() {
    let sh = Shell::new();
    sh.add_case();
    let cases: &[&[&str]] = &[
        &["note", "2026-999", "-m", "x"],
        &[
            "case",
            "add",
            "2026-003",
            "--family",
            "F",
            "--start",
            "2026-02-30",
        ],
        &["import", "/no/such/file.json"],
        &["overdeu"],
        &["overdue", "--jsn"],
        &["case", "add", "2026-001", "--family", "Again"],
        &["case", "add", "a/b", "--family", "F"],
        &["note", "2026-001", "-m", "x", "--place", "kafé"],
    ];
    for args in cases {
        let out = sh.run(args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("insats: "), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let out = Command::new(BIN)
        .args(["--today", "22/11/2026", "overdue"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("YYYY-MM-DD"), "{}", stderr(&out));
}

#[test]
fn a_second_process_on_the_store_is_told_so_and_its_note_is_queued() {
    use std::os::unix::fs::PermissionsExt;
    let sh = Shell::new();
    sh.add_case();
    // This test process is the first session: the screen.
    let first = insats::store::Store::open(&sh.data).unwrap();
    first.hold_as_screen();
    let out = sh.run(&["case", "add", "2026-002", "--family", "F"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(sh.data.to_str().unwrap()), "{err}");
    assert!(err.contains("another insats session has it open"), "{err}");
    // A note is never refused: it waits in the inbox, on disk, private.
    let out = sh.run(&["note", "2026-001", "-m", "från den andra sessionen"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(said.contains("queued"), "{said}");
    let inbox: Vec<_> = std::fs::read_dir(sh.data.join("inbox"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(inbox.len(), 1);
    let mode = std::fs::metadata(&inbox[0]).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    // Swedish under --lang sv.
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(&sh.data)
        .args(["--lang", "sv", "note", "2026-001", "-m", "på svenska"])
        .env("INSATS_CONFIG_DIR", sh.path("config"))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        said.contains("köad: tas in av den öppna sessionen"),
        "{said}"
    );
    // The first still reads and writes, and takes the queued notes in.
    let (file, _) = first.load_case("2026-001").unwrap();
    assert!(file.unwrap().notes.is_empty());
    assert_eq!(first.take_inbox().unwrap().taken.len(), 2);
    let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 22)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap();
    let note = insats::domain::Note {
        date: now.date(),
        start: now.time(),
        minutes: 30,
        place: insats::domain::Place::Phone,
        participants: vec![],
        child_took_part: false,
        child_words: String::new(),
        text: "första sessionen".into(),
        goals: vec![],
    };
    first.add("2026-001", note, "ab", now).unwrap();
    first.flush().unwrap();
    drop(first);
    let v: serde_json::Value = serde_json::from_str(&sh.ok(&["export"])).unwrap();
    let texts: Vec<&str> = v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["body"]["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        vec!["från den andra sessionen", "på svenska", "första sessionen"]
    );
}

#[test]
fn a_flipped_byte_is_named_by_check_and_the_rest_still_reads() {
    let sh = Shell::new();
    sh.add_case();
    sh.ok(&["note", "2026-001", "-m", "ett"]);
    sh.ok(&["note", "2026-001", "-m", "två"]);
    {
        let db = support::raw_db(&sh.data.join("db"));
        let notes = db.open_tree("notes").unwrap();
        // The first note's middle byte.
        let key = record_key("2026-001", 1);
        let mut first = notes.get(&key).unwrap().unwrap().to_vec();
        let mid = first.len() / 2;
        first[mid] ^= 0x01;
        notes.insert(&key, first).unwrap();
        db.flush().unwrap();
    }
    let out = sh.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(said.contains("notes 2026-001/1"), "{said}");
    assert!(said.contains("1 damaged"), "{said}");
    assert!(!stderr(&out).contains("panicked"));
    // The case and the other note still read, with a warning.
    let out = sh.run(&["export"]);
    assert!(out.status.success());
    assert!(stderr(&out).contains("1 damaged"), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["cases"].as_array().unwrap().len(), 1);
    assert_eq!(v["notes"].as_array().unwrap().len(), 1);
    assert_eq!(v["notes"][0]["body"]["text"], "två");
    // The damaged record is still there, not dropped.
    let out = sh.run(&["check"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("notes 2026-001/1"));
}

#[test]
fn data_dir_and_files_are_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let sh = Shell::new();
    let script = format!(
        "umask 000; exec {BIN} --data-dir {} --today 2026-11-22 case add 2026-001 --family F && \
         umask 000; exec {BIN} --data-dir {} note 2026-001 -m x",
        sh.data.display(),
        sh.data.display()
    );
    for part in script.split(" && ") {
        let out = Command::new("sh").arg("-c").arg(part).output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    fn walk(p: &Path, files: &mut usize) {
        let mode = std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        if p.is_dir() {
            assert_eq!(mode, 0o700, "{}", p.display());
            for e in std::fs::read_dir(p).unwrap() {
                walk(&e.unwrap().path(), files);
            }
        } else {
            assert_eq!(mode, 0o600, "{}", p.display());
            *files += 1;
        }
    }
    let mut files = 0;
    walk(&sh.data, &mut files);
    assert!(files >= 3, "{files}");
    // A file of the user's own beside the store keeps its mode.
    let own = sh.data.join("README.txt");
    std::fs::write(&own, "mina anteckningar").unwrap();
    std::fs::set_permissions(&own, std::fs::Permissions::from_mode(0o644)).unwrap();
    sh.ok(&["note", "2026-001", "-m", "y"]);
    assert_eq!(
        std::fs::metadata(&own).unwrap().permissions().mode() & 0o777,
        0o644
    );
}

#[test]
fn demo_makes_a_fresh_store_with_every_flag() {
    let out = Command::new(BIN)
        .args([
            "--demo",
            "--keep",
            "--today",
            "2026-11-22",
            "--lang",
            "en",
            "overdue",
            "--json",
        ])
        .env("INSATS_CONFIG_DIR", "/nonexistent")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let path = err
        .lines()
        .find_map(|l| l.split(": ").nth(1))
        .expect(&err)
        .trim()
        .to_string();
    assert!(Path::new(&path).join("db").exists(), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["overdue"].as_u64().unwrap() >= 3);
    assert!(v["due_soon"].as_u64().unwrap() >= 1);
    let out = Command::new(BIN)
        .args([
            "--data-dir",
            &path,
            "--today",
            "2026-11-22",
            "--lang",
            "en",
            "case",
            "list",
        ])
        .output()
        .unwrap();
    let list = String::from_utf8(out.stdout).unwrap();
    assert!(list.lines().count() >= 8, "{list}");
    for phase in ["Fas 1", "Fas 2", "Fas 3", "closed"] {
        assert!(list.contains(phase), "{phase} missing from\n{list}");
    }
    // Some case is on time: no flag at all.
    assert!(list.lines().any(|l| l.starts_with("  ")), "{list}");
    std::fs::remove_dir_all(&path).unwrap();
}

#[test]
fn a_broken_keymap_stops_the_start_with_file_and_line() {
    let sh = Shell::new();
    let config = sh.path("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("keymap.toml"),
        "[case_list]\nfilter = [\"/\"]\nsort = [\"/\"]\n",
    )
    .unwrap();
    let out = sh.run(&["keys"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("keymap.toml:3:"), "{err}");
    let out = sh.run(&["--keymap", "nosuch", "keys"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nosuch"), "{}", stderr(&out));
}

#[test]
fn keys_prints_the_map_in_force() {
    let sh = Shell::new();
    let text = sh.ok(&["--keymap", "vim", "keys"]);
    assert!(
        text.contains("[global]") && text.contains("down = ["),
        "{text}"
    );
    assert!(text.contains("\"j\""), "{text}");
    let config = sh.path("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("keymap.toml"),
        "[global]\nnew_note = [\"ctrl-n\"]\n",
    )
    .unwrap();
    let text = sh.ok(&["keys"]);
    assert!(text.contains("new_note = [\"ctrl-n\"]"), "{text}");
}

/// An output file is never written through a symbolic link another user
/// planted (in a shared /tmp, pointing at the worker's own files): `export
/// -o`, `report -o` and `check --salvage` refuse it in one line, exit 2,
/// and the file it points at is untouched. A regular file is replaced
/// whole, 0600.
#[test]
fn an_output_file_that_is_a_symbolic_link_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let sh = Shell::new();
    sh.add_case();
    let victim = sh.path("bashrc");
    std::fs::write(&victim, "alias ls='ls -F'\n").unwrap();
    let link = sh.path("export-alice.json");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let l = link.to_str().unwrap();
    for args in [
        &["export", "-o", l][..],
        &["report", "2026-001", "-o", l][..],
        &["check", "--salvage", l][..],
    ] {
        let out = sh.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let said = stderr(&out);
        assert_eq!(said.lines().count(), 1, "{said}");
        assert!(said.contains("symbolic link"), "{said}");
        assert_eq!(
            std::fs::read_to_string(&victim).unwrap(),
            "alias ls='ls -F'\n"
        );
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    }
    // A regular file already there is replaced, and private.
    let file = sh.path("export.json");
    std::fs::write(&file, "old").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    sh.ok(&["export", "-o", file.to_str().unwrap()]);
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains("2026-001"), "{written}");
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // No temporary file is left beside it.
    let left: Vec<_> = std::fs::read_dir(sh.path(""))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// The worker's name signs every record: one holding a control character
/// (an escape sequence that retitles the terminal) is refused from each
/// place it can come from, in one line that names the place, and nothing
/// is written with it.
#[test]
fn a_worker_name_with_a_control_character_is_refused_wherever_it_comes_from() {
    let bad = "Q\u{1b}]0;T\u{7}R";
    let sh = Shell::new();
    sh.add_case();
    let config = sh.path("config");
    let note = ["note", "2026-001", "-m", "hembesök"];
    // Where the name comes from: its environment, its flags, what the
    // refusal names.
    type Source<'a> = (&'a str, Vec<(&'a str, &'a str)>, Vec<&'a str>, &'a str);
    let cases: [Source; 4] = [
        ("--worker", vec![], vec!["--worker", bad], "--worker"),
        (
            "INSATS_WORKER",
            vec![("INSATS_WORKER", bad)],
            vec![],
            "--worker",
        ),
        ("initials", vec![], vec![], "initials"),
        ("USER", vec![("USER", bad)], vec![], "USER"),
    ];
    for (source, env, flags, named) in cases {
        std::fs::create_dir_all(&config).unwrap();
        let initials = if source == "initials" {
            format!(
                "initials = \"{}\"\n",
                bad.replace('\u{1b}', "\\u001b").replace('\u{7}', "\\u0007")
            )
        } else {
            String::new()
        };
        std::fs::write(config.join("config.toml"), initials).unwrap();
        let mut cmd = Command::new(BIN);
        cmd.arg("--data-dir")
            .arg(&sh.data)
            .args(["--today", "2026-11-22", "--lang", "en"])
            .args(&flags)
            .args(note)
            .env("INSATS_CONFIG_DIR", &config)
            .env_remove("INSATS_WORKER")
            .env_remove("INSATS_TODAY");
        for (k, v) in &env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{source}: {}", stderr(&out));
        let said = stderr(&out);
        assert_eq!(said.lines().count(), 1, "{source}: {said}");
        assert!(said.contains(named), "{source}: {said}");
        assert!(said.contains("control character"), "{source}: {said}");
        assert!(
            !said.contains('\u{1b}'),
            "{source}: the refusal prints it raw"
        );
    }
    let export = sh.ok(&["export"]);
    assert!(!export.contains("hembes"), "a note was written: {export}");
}

/// Runs with `input` on standard input.
fn run_with_input(sh: &Shell, args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = sh
        .command(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // A refusal may come before all of it is read.
    let _ = stdin.write_all(input);
    drop(stdin);
    child.wait_with_output().unwrap()
}

#[test]
fn a_note_on_standard_input_is_saved_as_a_note_given_with_m() {
    let sh = Shell::new();
    sh.add_case();
    let out = run_with_input(
        &sh,
        &["note", "2026-001"],
        "Besök i hemmet.\nRad två.\n".as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run_with_input(&sh, &["note", "2026-001", "-m", "-"], b"Via -m -\n");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(notes_in(&sh), ["Besök i hemmet.\nRad två.", "Via -m -"]);
    // Checked as -m is: empty, too long, not text, a control character,
    // an unknown case: one line each, exit 2, nothing saved.
    let long = vec![b'a'; (1 << 20) + 1];
    for (input, said) in [
        (&b"\n"[..], "empty"),
        (&long[..], "longer than 1.0 MB"),
        (&b"\xff\xfe"[..], "not UTF-8"),
        (&b"bell \x07"[..], "stdin"),
    ] {
        let out = run_with_input(&sh, &["note", "2026-001"], input);
        assert_eq!(out.status.code(), Some(2), "{said}: {}", stderr(&out));
        assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
        assert!(stderr(&out).contains(said), "{}", stderr(&out));
    }
    let out = run_with_input(&sh, &["note", "2026-999"], "ingen sådan".as_bytes());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(notes_in(&sh).len(), 2);
}

#[test]
fn a_note_on_standard_input_is_queued_while_the_screen_holds_the_store() {
    let sh = Shell::new();
    sh.add_case();
    let first = insats::store::Store::open(&sh.data).unwrap();
    first.hold_as_screen();
    let out = run_with_input(
        &sh,
        &["note", "2026-001"],
        b"medan sk\xc3\xa4rmen \xc3\xa4r \xc3\xb6ppen\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let taken = first.take_inbox().unwrap().taken;
    assert_eq!(taken.len(), 1);
    assert_eq!(taken[0].body.text, "medan skärmen är öppen");
}

fn notes_in(sh: &Shell) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(&sh.ok(&["export"])).unwrap();
    v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["body"]["text"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn twenty_notes_at_once_with_no_screen_open_are_all_saved_none_queued() {
    let sh = Shell::new();
    sh.add_case();
    let children: Vec<_> = (0..20)
        .map(|i| {
            sh.command(&["note", "2026-001", "-m", &format!("parallell {i}")])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let said = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(said.contains("saved") && !said.contains("queued"), "{said}");
    }
    let mut texts = notes_in(&sh);
    texts.sort();
    let mut want: Vec<String> = (0..20).map(|i| format!("parallell {i}")).collect();
    want.sort();
    assert_eq!(texts, want);
    assert!(
        !sh.data.join("inbox").exists()
            || std::fs::read_dir(sh.data.join("inbox")).unwrap().count() == 0
    );
}

#[test]
fn a_command_waits_for_another_command_but_not_for_the_screen() {
    let sh = Shell::new();
    sh.add_case();
    let other = insats::store::Store::open(&sh.data).unwrap();
    let holder = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(500));
        drop(other);
    });
    let out = sh.run(&["case", "list"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    holder.join().unwrap();
    let screen = insats::store::Store::open(&sh.data).unwrap();
    screen.hold_as_screen();
    let began = std::time::Instant::now();
    let out = sh.run(&["case", "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("another insats session"),
        "{}",
        stderr(&out)
    );
    assert!(began.elapsed() < std::time::Duration::from_secs(3));
}

#[test]
fn every_command_takes_in_what_waits_and_check_says_what_cannot_be() {
    let sh = Shell::new();
    sh.add_case();
    {
        let screen = insats::store::Store::open(&sh.data).unwrap();
        screen.hold_as_screen();
        sh.ok(&["note", "2026-001", "-m", "köad"]);
        sh.ok(&["note", "2026-999", "-m", "inget sådant ärende"]);
    }
    // The screen is gone; a reading command takes the note in.
    assert!(sh.run(&["overdue"]).status.code().unwrap() < 2);
    let db = insats::store::Store::open(&sh.data).unwrap();
    let (file, _) = db.load_case("2026-001").unwrap();
    assert_eq!(file.unwrap().notes.len(), 1);
    drop(db);
    let said = sh.ok(&["check"]);
    assert!(
        said.contains("A queued note for 2026-999 waits: no such case"),
        "{said}"
    );
}

#[test]
fn a_directory_of_the_store_that_is_a_link_is_refused_and_nothing_lands_there() {
    let sh = Shell::new();
    sh.add_case();
    let elsewhere = tempfile::tempdir().unwrap();
    for sub in ["inbox", "backups"] {
        let path = sh.data.join(sub);
        let _ = std::fs::remove_dir_all(&path);
        std::os::unix::fs::symlink(elsewhere.path(), &path).unwrap();
        for args in [&["overdue"][..], &["note", "2026-001", "-m", "vart?"]] {
            let out = sh.run(args);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{sub} {args:?}: {}",
                stderr(&out)
            );
            let err = stderr(&out);
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(err.contains(&format!("{sub} is a symbolic link")), "{err}");
        }
        std::fs::remove_file(&path).unwrap();
    }
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}

#[test]
fn a_data_directory_that_cannot_be_written_is_read_from_a_copy() {
    let sh = Shell::new();
    sh.add_case();
    sh.ok(&["note", "2026-001", "-m", "skrivet innan"]);
    let before = sh.ok(&["export"]);
    let run = |args: &[&str]| {
        sh.command(args)
            .env("INSATS_TEST_READ_ONLY", "1")
            .output()
            .unwrap()
    };
    for args in [
        &["export"][..],
        &["case", "list"],
        &["check"],
        &["report", "2026-001"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("cannot be written"),
            "{}",
            stderr(&out)
        );
        assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    }
    assert_eq!(String::from_utf8_lossy(&run(&["export"]).stdout), before);
    let out = run(&["note", "2026-001", "-m", "går inte"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing was saved"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stderr(&out).lines().count(), 1);
    assert_eq!(sh.ok(&["export"]), before);
}

#[test]
fn settings_that_cannot_mean_anything_are_refused_at_their_line() {
    let sh = Shell::new();
    sh.add_case();
    let config = sh.path("config");
    std::fs::create_dir_all(&config).unwrap();
    let refused = |config_toml: &str, keymap_toml: Option<&str>, said: &str| {
        std::fs::write(config.join("config.toml"), config_toml).unwrap();
        let _ = std::fs::remove_file(config.join("keymap.toml"));
        if let Some(k) = keymap_toml {
            std::fs::write(config.join("keymap.toml"), k).unwrap();
        }
        let out = sh.run(&["case", "list"]);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{config_toml}: {}",
            stderr(&out)
        );
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(said), "{said}: {err}");
    };
    refused(
        "[rules]\nfas1_weeks = 0\n",
        None,
        "config.toml:2: fas1_weeks = 0 is outside 1–26",
    );
    refused(
        "[rules]\nreport_weeks = 4294967295\n",
        None,
        "report_weeks = 4294967295",
    );
    refused(
        "lang = \"en\"\ninitials = \"\"\n",
        None,
        "config.toml:2: initials",
    );
    refused(
        "lang = \"en\"\nkeymap = \"saknas.toml\"\n",
        None,
        "config.toml:2: keymap = \"saknas.toml\": no such keymap",
    );
    refused(
        "",
        Some("[global]\nquit = []\n"),
        "keymap.toml:2: quit in [global] has no key",
    );
    refused(
        "",
        Some("[editor]\nsave = []\n"),
        "save in [editor] has no key",
    );
    refused(
        "",
        Some("[global]\nquit = [\"\\u001b\"]\nhelp = [\"\\u0007\"]\n"),
        "keymap.toml:2: unknown key",
    );
    refused(
        "",
        Some("[global]\nquit = [\"ctrl-ctrl-q\"]\n"),
        "unknown key \"ctrl-ctrl-q\"",
    );
    std::fs::remove_file(config.join("keymap.toml")).unwrap();
    std::fs::write(config.join("config.toml"), "[rules]\nfas1_weeks = 4\n").unwrap();
    sh.ok(&["case", "list"]);
}

#[test]
fn an_import_is_refused_what_the_command_line_refuses() {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/release-1/export.json");
    let mut export: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture).unwrap()).unwrap();
    let all: usize = ["cases", "plans", "goals", "factors", "notes", "reflections"]
        .iter()
        .chain(&["incidents", "ratings", "reports", "follow_ups"])
        .map(|k| export[k].as_array().unwrap().len())
        .sum();
    // Cases whose codes name no case.
    let first = export["cases"][0].clone();
    for code in [".", "..", "CON"] {
        let mut case = first.clone();
        case["case"] = code.into();
        case["body"]["code"] = code.into();
        export["cases"].as_array_mut().unwrap().push(case);
    }
    // Notes in years no case has, before their case began, after today.
    let start = first["body"]["start"].as_str().unwrap().to_string();
    let day_before = chrono::NaiveDate::parse_from_str(&start, "%Y-%m-%d")
        .unwrap()
        .pred_opt()
        .unwrap();
    let code = first["case"].as_str().unwrap().to_string();
    let notes = export["notes"].as_array_mut().unwrap();
    let mut dated = 0;
    for (i, date) in [
        "0000-01-01",
        "9999-12-31",
        &day_before.to_string(),
        "2099-01-01",
    ]
    .iter()
    .enumerate()
    {
        let note = notes
            .iter_mut()
            .filter(|n| n["case"] == code.as_str())
            .nth(i)
            .unwrap();
        note["body"]["date"] = (*date).into();
        dated += 1;
    }
    // A score of 11; grades of expectations met off their scale.
    export["reflections"][0]["body"]["scores"][0]["score"] = 11.into();
    let persons = &mut export["follow_ups"][0]["body"]["outcome"]["Interviewed"]["persons"];
    persons[0]["interview"]["expectations_met"] = serde_json::json!(7.0);
    let sh = Shell::new();
    let file = sh.path("import.json");
    std::fs::write(&file, serde_json::to_string_pretty(&export).unwrap()).unwrap();
    let said = sh.ok(&["import", file.to_str().unwrap()]);
    let refused = 3 + dated + 2;
    assert!(
        said.contains(&format!("Imported {} records", all - dated - 2)),
        "{said}"
    );
    assert!(
        said.contains(&format!("{refused} that do not hold together")),
        "{said}"
    );
    for grade in [-1.0, 1e308] {
        let mut again = export.clone();
        let persons = &mut again["follow_ups"][0]["body"]["outcome"]["Interviewed"]["persons"];
        persons[0]["interview"]["expectations_met"] = serde_json::json!(grade);
        let fresh = Shell::new();
        std::fs::write(&file, serde_json::to_string_pretty(&again).unwrap()).unwrap();
        let said = fresh.ok(&["import", file.to_str().unwrap()]);
        assert!(
            said.contains(&format!("{refused} that do not hold together")),
            "{grade}: {said}"
        );
    }
}

#[test]
fn a_case_is_added_with_its_persons_and_assignment_from_the_shell() {
    let sh = Shell::new();
    let code = sh.ok(&[
        "case",
        "add",
        "2026-301",
        "--family",
        "Fam Test",
        "--person",
        "Noah, son, 2012",
        "--person",
        "Mamma, mamma",
        "--assignment",
        "Stöd i föräldrarollen",
    ]);
    assert!(code.contains("2026-301"), "{code}");
    let v: serde_json::Value = serde_json::from_str(&sh.ok(&["export"])).unwrap();
    let body = &v["cases"][0]["body"];
    assert_eq!(body["assignment"], "Stöd i föräldrarollen");
    assert_eq!(body["persons"][0]["alias"], "Noah");
    assert_eq!(body["persons"][0]["role"], "Child");
    assert_eq!(body["persons"][0]["birth_year"], 2012);
    assert_eq!(body["persons"][1]["role"], "Parent");
    // A role no one can tell is refused, naming the line; nothing added.
    let out = sh.run(&[
        "case",
        "add",
        "2026-302",
        "--family",
        "F",
        "--person",
        "Noah, kusin",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--person Noah, kusin"),
        "{}",
        stderr(&out)
    );
    assert!(!sh.ok(&["case", "list"]).contains("2026-302"));
}

#[test]
fn a_note_from_the_shell_names_who_took_part_saved_or_queued() {
    let sh = Shell::new();
    sh.add_case();
    let with = ["--with", "socialsekreterare,förälder", "--child"];
    let out = sh.run(&[&["note", "2026-001", "-m", "Avslutsmöte"][..], &with].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&sh.ok(&["export"])).unwrap();
    let who = &v["notes"][0]["body"]["participants"];
    assert_eq!(
        who,
        &serde_json::json!(["Parent", "Child", "SocialSecretary"])
    );
    let out = sh.run(&["note", "2026-001", "-m", "x", "--with", "barn,mormor"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("'mormor' is not a participant"),
        "{}",
        stderr(&out)
    );
    // Queued while the screen holds the store: the same words, kept.
    let screen = insats::store::Store::open(&sh.data).unwrap();
    screen.hold_as_screen();
    let out = sh.run(&[
        "note",
        "2026-001",
        "-m",
        "Nätverksmöte",
        "--with",
        "nätverk",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = sh.run(&["note", "2026-001", "-m", "y", "--with", "mormor"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let taken = screen.take_inbox().unwrap().taken;
    assert_eq!(taken.len(), 1);
    use insats::domain::note::Participant;
    assert_eq!(taken[0].body.participants, [Participant::Other]);
}
