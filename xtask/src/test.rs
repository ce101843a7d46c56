//! `cargo xtask test`: every check CI runs, in order, stopping at the first failure.
//!
//! 1. toolchain: the wasm32 target (added with rustup when missing), rustfmt and clippy;
//! 2. format: `cargo fmt --all -- --check`;
//! 3. clippy: `cargo clippy --workspace --all-targets -- -D warnings`;
//! 4. dist: `cargo xtask dist` (the release widget, wasm-bindgen CLI and wasm-opt installed
//!    when missing), which the browser tests load;
//! 5. browser: Chromium and chromedriver (Debian packages, installed when missing);
//! 6. tests: `cargo test --workspace --all-targets --no-fail-fast` (unit and integration tests,
//!    browser end-to-end tests, and each benchmark run once in test mode; every test binary
//!    runs, so one run shows all failures);
//! 7. wasm build: `cargo build --release -p tpe-shared --target wasm32-unknown-unknown` (the
//!    release profile shares the artefacts `dist` already built);
//! 8. dependencies: tpe-shared's normal dependency tree, for wasm32 and natively, holds none of
//!    the crates in [`FORBIDDEN_IN_SHARED`].
//!
//! `--workspace` is used everywhere: the workspace's `default-members` leave the widget out.

use std::process::Command;
use std::time::Instant;

use crate::tools::{self, WASM_TARGET};

const USAGE: &str = "usage: cargo xtask test

Runs, in order, stopping at the first failure:
  1. toolchain     wasm32-unknown-unknown target (rustup target add when missing), rustfmt, clippy
  2. format        cargo fmt --all -- --check
  3. clippy        cargo clippy --workspace --all-targets -- -D warnings
  4. dist          cargo xtask dist (release widget into www/widget/)
  5. browser       Chromium and chromedriver (Debian chromium, chromium-driver), and a
                   PostgreSQL server for the collector's tests (Debian postgresql)
  6. tests         cargo test --workspace --all-targets --no-fail-fast
  7. wasm build    cargo build --release -p tpe-shared --target wasm32-unknown-unknown
  8. dependencies  cargo tree -p tpe-shared -e normal (wasm32 and native): no I/O, runtime,
                   browser-binding or OSM-hours crates";

/// Crates that must never reach tpe-shared's default dependency tree: the domain stays pure
/// and I/O-free, and the OSM hours parser only comes in through the worker's `osm-hours`
/// feature (it would cost about 45 KB brotli on a phone).
pub const FORBIDDEN_IN_SHARED: [&str; 10] = [
    "tokio",
    "reqwest",
    "hyper",
    "mio",
    "gloo",
    "gloo-net",
    "web-sys",
    "js-sys",
    "wasm-bindgen",
    "opening-hours",
];

struct Step {
    name: &'static str,
    /// What the heading shows: the command run, or what is checked.
    what: &'static str,
    run: fn() -> Result<(), String>,
}

const STEPS: [Step; 8] = [
    Step {
        name: "toolchain",
        what: "wasm32-unknown-unknown target, rustfmt, clippy",
        run: toolchain,
    },
    Step {
        name: "format",
        what: "cargo fmt --all -- --check",
        run: format,
    },
    Step {
        name: "clippy",
        what: "cargo clippy --workspace --all-targets -- -D warnings",
        run: clippy,
    },
    Step {
        name: "dist",
        what: "cargo xtask dist",
        run: dist,
    },
    Step {
        name: "browser",
        what: "Chromium and chromedriver for the end-to-end tests",
        run: browser,
    },
    Step {
        name: "tests",
        what: "cargo test --workspace --all-targets --no-fail-fast",
        run: tests,
    },
    Step {
        name: "wasm build",
        what: "cargo build --release -p tpe-shared --target wasm32-unknown-unknown",
        run: wasm_build,
    },
    Step {
        name: "dependencies",
        what: "cargo tree -p tpe-shared -e normal (wasm32 and native)",
        run: dependencies,
    },
];

enum Outcome {
    Ok(f64),
    Failed(f64),
    Skipped,
}

pub fn run(args: &[String]) -> Result<(), String> {
    match args {
        [] => {}
        [flag] if flag == "-h" || flag == "--help" => {
            println!("{USAGE}");
            return Ok(());
        }
        _ => return Err(format!("unexpected arguments {args:?}\n\n{USAGE}")),
    }

    let total = Instant::now();
    let mut outcomes: Vec<Outcome> = Vec::new();
    let mut failure = None;
    for (i, step) in STEPS.iter().enumerate() {
        println!();
        println!(
            "==> [{}/{}] {}: {}",
            i + 1,
            STEPS.len(),
            step.name,
            step.what
        );
        let start = Instant::now();
        let result = (step.run)();
        let secs = start.elapsed().as_secs_f64();
        match result {
            Ok(()) => {
                println!("--> {}: ok in {secs:.1} s", step.name);
                outcomes.push(Outcome::Ok(secs));
            }
            Err(message) => {
                println!("--> {}: FAILED after {secs:.1} s", step.name);
                outcomes.push(Outcome::Failed(secs));
                failure = Some((step.name, message));
                break;
            }
        }
    }
    while outcomes.len() < STEPS.len() {
        outcomes.push(Outcome::Skipped);
    }

    println!();
    println!("{:<14} {:<8} {:>8}", "step", "result", "seconds");
    for (step, outcome) in STEPS.iter().zip(&outcomes) {
        let (result, secs) = match outcome {
            Outcome::Ok(s) => ("ok", format!("{s:.1}")),
            Outcome::Failed(s) => ("FAILED", format!("{s:.1}")),
            Outcome::Skipped => ("skipped", String::new()),
        };
        println!("{:<14} {result:<8} {secs:>8}", step.name);
    }
    println!(
        "{:<14} {:<8} {:>8.1}",
        "total",
        "",
        total.elapsed().as_secs_f64()
    );
    println!();

    match failure {
        None => {
            println!("cargo xtask test: all {} steps passed", STEPS.len());
            Ok(())
        }
        Some((name, message)) => Err(format!("test step `{name}` failed: {message}")),
    }
}

/// Runs `cmd`; on failure, the message says how to reproduce it (and `hint`, if any).
fn run_step(cmd: &mut Command, hint: &str) -> Result<(), String> {
    tools::run(cmd).map_err(|e| {
        let mut message = format!("{e}\n  reproduce with: {}", tools::command_line(cmd));
        if !hint.is_empty() {
            message.push_str("\n  ");
            message.push_str(hint);
        }
        message
    })
}

fn toolchain() -> Result<(), String> {
    tools::ensure_wasm_target().map_err(|e| {
        format!("{e}\n  reproduce with: rustup target list --installed; rustup target add {WASM_TARGET}")
    })?;
    ensure_component("fmt", "rustfmt")?;
    ensure_component("clippy", "clippy")
}

/// `cargo <subcommand> --version` works, or the rustup component is added.
fn ensure_component(subcommand: &str, component: &str) -> Result<(), String> {
    let mut version = tools::cargo();
    version.args([subcommand, "--version"]);
    if let Some(v) = tools::probe(&mut version) {
        println!("{component}: {}", v.trim());
        return Ok(());
    }
    println!("{component}: missing, adding it with rustup");
    run_step(
        Command::new("rustup").args(["component", "add", component]),
        "",
    )
}

fn format() -> Result<(), String> {
    run_step(
        tools::cargo().args(["fmt", "--all", "--", "--check"]),
        "`cargo fmt --all` rewrites the files listed above",
    )
}

fn clippy() -> Result<(), String> {
    run_step(
        tools::cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
        "",
    )
}

fn tests() -> Result<(), String> {
    run_step(
        tools::cargo().args(["test", "--workspace", "--all-targets", "--no-fail-fast"]),
        "one crate only: cargo test -p <crate> --all-targets; one test: append -- <name filter>",
    )
}

fn dist() -> Result<(), String> {
    crate::dist::run(&[]).map_err(|e| format!("{e}\n  reproduce with: cargo xtask dist"))
}

fn browser() -> Result<(), String> {
    let chromium = tools::ensure_chromium()?;
    println!(
        "browser: {}, driver: {}",
        chromium.browser.display(),
        chromium.driver.display()
    );
    tools::ensure_postgresql()?;
    Ok(())
}

fn wasm_build() -> Result<(), String> {
    run_step(
        tools::cargo().args([
            "build",
            "--release",
            "-p",
            "tpe-shared",
            "--target",
            WASM_TARGET,
        ]),
        "the domain crate must build for the browser: keep it free of I/O and native-only crates",
    )
}

fn dependencies() -> Result<(), String> {
    let mut problems = Vec::new();
    for target in [Some(WASM_TARGET), None] {
        let target_name = target.unwrap_or("native");
        let mut tree = tools::cargo();
        tree.args([
            "tree",
            "-p",
            "tpe-shared",
            "-e",
            "normal",
            "--prefix",
            "depth",
        ]);
        if let Some(t) = target {
            tree.args(["--target", t]);
        }
        let text = tools::capture(&mut tree)
            .map_err(|e| format!("{e}\n  reproduce with: {}", tools::command_line(&tree)))?;
        let crates = parse_tree(&text);
        if target.is_some() {
            println!("tpe-shared's direct dependencies ({target_name}):");
            for krate in crates.iter().filter(|c| c.depth == 1) {
                println!("  {} {}", krate.name, krate.version);
            }
        }
        let found = forbidden(&crates);
        println!(
            "{target_name}: {} crates in the tree, forbidden ones: {}",
            distinct_count(&crates),
            if found.is_empty() {
                "none".to_string()
            } else {
                found.join(", ")
            }
        );
        for name in found {
            let mut why = tools::cargo();
            why.args(["tree", "-p", "tpe-shared", "-e", "normal", "-i", name]);
            if let Some(t) = target {
                why.args(["--target", t]);
            }
            problems.push(format!(
                "{name} ({target_name}); see why with: {}",
                tools::command_line(&why)
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "tpe-shared must stay pure (no I/O, runtime or browser bindings; the OSM hours \
             parser only through the `osm-hours` feature), but its default dependency tree \
             holds:\n  {}",
            problems.join("\n  ")
        ))
    }
}

/// One line of `cargo tree --prefix depth`.
#[derive(Debug, PartialEq)]
struct TreeCrate {
    depth: usize,
    name: String,
    version: String,
}

/// Parses `cargo tree --prefix depth` output: `1serde v1.0.228 (*)` → depth 1, `serde`,
/// `v1.0.228`.
fn parse_tree(text: &str) -> Vec<TreeCrate> {
    text.lines()
        .filter_map(|line| {
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            let depth = line[..digits].parse().ok()?;
            let mut words = line[digits..].split_whitespace();
            let name = words.next()?.to_string();
            let version = words.next().unwrap_or_default().to_string();
            Some(TreeCrate {
                depth,
                name,
                version,
            })
        })
        .collect()
}

/// The names of [`FORBIDDEN_IN_SHARED`] that occur in `crates`, in that list's order.
fn forbidden(crates: &[TreeCrate]) -> Vec<&'static str> {
    FORBIDDEN_IN_SHARED
        .into_iter()
        .filter(|name| crates.iter().any(|c| c.name == *name))
        .collect()
}

fn distinct_count(crates: &[TreeCrate]) -> usize {
    let mut names: Vec<(&str, &str)> = crates
        .iter()
        .map(|c| (c.name.as_str(), c.version.as_str()))
        .collect();
    names.sort_unstable();
    names.dedup();
    names.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TREE: &str = "\
0tpe-shared v0.1.0 (/work/main/shared)
1base64 v0.23.1
1serde v1.0.229
2serde_derive v1.0.229 (proc-macro)
3proc-macro2 v1.0.107
1serde_json v1.0.154
2serde v1.0.229 (*)
";

    #[test]
    fn tree_lines_parse() {
        let crates = parse_tree(TREE);
        assert_eq!(crates.len(), 7);
        assert_eq!(
            crates[0],
            TreeCrate {
                depth: 0,
                name: "tpe-shared".into(),
                version: "v0.1.0".into()
            }
        );
        assert_eq!(crates[3].name, "serde_derive");
        assert_eq!(crates[3].depth, 2);
        let direct: Vec<_> = crates
            .iter()
            .filter(|c| c.depth == 1)
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(direct, ["base64", "serde", "serde_json"]);
        assert_eq!(distinct_count(&crates), 6);
    }

    #[test]
    fn tree_ignores_noise() {
        assert!(parse_tree("\nwarning: something\n   \n").is_empty());
    }

    #[test]
    fn a_clean_tree_has_nothing_forbidden() {
        assert!(forbidden(&parse_tree(TREE)).is_empty());
    }

    #[test]
    fn forbidden_crates_are_found_by_exact_name() {
        let tree = "0tpe-shared v0.1.0\n1opening-hours v2.1.4\n2opening-hours-syntax v2.1.4\n\
                    1wasm-bindgen-shared v0.2.130\n1tokio v1.48.0\n";
        assert_eq!(forbidden(&parse_tree(tree)), ["tokio", "opening-hours"]);
    }

    #[test]
    fn the_usage_text_lists_every_step_in_the_order_they_run() {
        let mut from = 0;
        for (i, step) in STEPS.iter().enumerate() {
            let line = format!("{}. {}", i + 1, step.name);
            let at = USAGE[from..]
                .find(&line)
                .unwrap_or_else(|| panic!("`{line}` missing or out of order in USAGE"));
            from += at + line.len();
        }
    }
}
