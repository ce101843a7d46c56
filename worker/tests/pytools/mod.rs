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

/// A local S3-compatible server (`moto_server`) on a free loopback port,
/// killed when dropped.
pub struct Moto {
    child: std::process::Child,
    pub endpoint: String,
}

impl Moto {
    pub async fn start() -> Moto {
        let bin = tool("moto_server", "moto[server]");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(bin)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let moto = Moto {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        let client = reqwest::Client::new();
        for _ in 0..300 {
            if client.get(&moto.endpoint).send().await.is_ok() {
                return moto;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!(
            "moto_server did not answer on {} within 30 s",
            moto.endpoint
        );
    }

    /// Creates a bucket with a plain HTTP PUT.
    pub async fn bucket(&self, name: &str) {
        let r = reqwest::Client::new()
            .put(format!("{}/{name}", self.endpoint))
            .send()
            .await
            .unwrap();
        assert!(
            r.status().is_success(),
            "creating bucket {name}: {}",
            r.status()
        );
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
