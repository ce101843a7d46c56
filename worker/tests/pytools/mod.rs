//! Python tools the tests run for real (the `frictionless` validator, the
//! `moto` S3 server), installed from PyPI into `<repo>/tools/venv` the
//! first time a test needs them, so a fresh machine (and CI) works with no
//! manual step. `tools/` is gitignored.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// Tests of one binary run on threads; test binaries may run at once too:
/// an in-process mutex plus a file lock keep one pip at a time.
static INSTALL: Mutex<()> = Mutex::new(());

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the worker sits in the workspace")
        .to_path_buf()
}

pub fn venv() -> PathBuf {
    repo_root().join("tools").join("venv")
}

/// The path of `exe` in the venv, installing `requirement` when it is not
/// there yet.
pub fn tool(exe: &str, requirement: &str) -> PathBuf {
    let bin = venv().join("bin").join(exe);
    if bin.exists() {
        return bin;
    }
    let _guard = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    let tools = repo_root().join("tools");
    std::fs::create_dir_all(&tools).unwrap();
    let lock = std::fs::File::create(tools.join(".venv.lock")).unwrap();
    fs4::FileExt::lock(&lock).unwrap();
    if bin.exists() {
        return bin;
    }
    let pip = venv().join("bin").join("pip");
    if !pip.exists() {
        run(Command::new("python3").arg("-m").arg("venv").arg(venv()));
    }
    eprintln!("installing {requirement} into {}", venv().display());
    run(Command::new(&pip).args(["install", "--quiet", requirement]));
    assert!(bin.exists(), "{requirement} installed no {exe}");
    bin
}

fn run(cmd: &mut Command) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
