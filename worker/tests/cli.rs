//! The binary as operators and cron call it: exit codes and messages.

mod common;

use std::process::Command;
use tpe_worker::publish::lock::RunLock;

fn worker() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tpe-worker"))
}

/// A config reading the shipped files from disk, in a temp folder.
fn local_config(dir: &std::path::Path) -> std::path::PathBuf {
    let root = env!("CARGO_MANIFEST_DIR");
    let sources = format!(
        "{}{}",
        common::source(
            "fs",
            "france-services",
            &format!("{root}/{}", common::FS_2024),
            ""
        ),
        common::source(
            "aids",
            "aides-territoires",
            &format!("{root}/{}", common::AIDS),
            ""
        ),
    );
    common::config(dir, &sources);
    dir.join("worker.toml")
}

#[test]
fn sync_exits_0_and_prints_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = local_config(dir.path());
    let out = worker()
        .args(["sync", "--config"])
        .arg(&cfg)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("territory arras"), "{stdout}");
    assert!(dir.path().join("out/manifest.json").exists());
}

#[test]
fn validate_prints_the_report_and_publishes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = local_config(dir.path());
    let out = worker()
        .args(["validate", "--config"])
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("the deadline 2022-12-31 has passed"),
        "{stdout}"
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_bad_config_exits_2_naming_the_key_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = local_config(dir.path());
    let text = std::fs::read_to_string(&cfg)
        .unwrap()
        .replace("radius_km = 20", "radius_km = 20\nradius = 5");
    std::fs::write(&cfg, text).unwrap();
    let out = worker()
        .args(["sync", "--config"])
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("worker.toml:10: `radius`"), "{stderr}");
}

#[test]
fn a_second_run_while_one_holds_the_lock_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = local_config(dir.path());
    let _held = RunLock::acquire(&dir.path().join("state")).unwrap();
    let out = worker()
        .args(["sync", "--config"])
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_failed_source_exits_1_and_json_logs_are_json() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = local_config(dir.path());
    let text = std::fs::read_to_string(&cfg)
        .unwrap()
        .replace("aides-territoires-hdf.json", "missing.json");
    std::fs::write(&cfg, text).unwrap();
    let out = worker()
        .args(["--log-format", "json", "sync", "--config"])
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let log_lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with('{')).collect();
    assert!(!log_lines.is_empty(), "{stderr}");
    for l in log_lines {
        serde_json::from_str::<serde_json::Value>(l).unwrap();
    }
    assert!(stderr.contains("source(s) failed: aids"), "{stderr}");
}
