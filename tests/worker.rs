//! Who signs a record: `--worker`, `INSATS_WORKER`, `initials` in
//! config.toml, else the login name — never the program's name.

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_insats");

/// Adds a case with `args` and `env`, and returns who signed it.
fn signer(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let data = dir.join("data");
    let mut cmd = Command::new(BIN);
    cmd.arg("--data-dir")
        .arg(&data)
        .args(["--today", "2026-11-22", "--lang", "en"])
        .env("INSATS_CONFIG_DIR", dir.join("config"))
        .env_remove("INSATS_WORKER")
        .env_remove("USER")
        .env_remove("LOGNAME");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd
        .args(["case", "add", "2026-001", "--family", "Fam A"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let export = Command::new(BIN)
        .arg("--data-dir")
        .arg(&data)
        .env("INSATS_CONFIG_DIR", dir.join("config"))
        .arg("export")
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    let case = &json["cases"][0];
    let by = case["meta"]["created_by"]
        .as_str()
        .or_else(|| case["record"]["meta"]["created_by"].as_str())
        .unwrap_or_else(|| panic!("{case}"));
    by.to_string()
}

#[test]
fn the_worker_is_who_the_user_says_then_the_config_then_the_login() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = |name: &str| {
        let d = tmp.path().join(name);
        std::fs::create_dir_all(d.join("config")).unwrap();
        d
    };
    assert_eq!(
        signer(&dir("a"), &["--worker", "AS"], &[("INSATS_WORKER", "JK")]),
        "AS"
    );
    // The case's own workers are not who signs.
    assert_eq!(
        signer(
            &dir("a2"),
            &["--case-worker", "KL"],
            &[("INSATS_WORKER", "JK")]
        ),
        "JK"
    );
    assert_eq!(
        signer(&dir("b"), &[], &[("INSATS_WORKER", "JK"), ("USER", "anna")]),
        "JK"
    );
    let c = dir("c");
    std::fs::write(c.join("config/config.toml"), "initials = \"KL\"\n").unwrap();
    assert_eq!(signer(&c, &[], &[("USER", "anna")]), "KL");
    assert_eq!(signer(&dir("d"), &[], &[("USER", "anna")]), "anna");
    // No name in the environment: the account's name, never "insats".
    let by = signer(&dir("e"), &[], &[]);
    assert!(!by.is_empty() && by != "insats", "{by}");
}
