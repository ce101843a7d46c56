//! `cargo xtask demo`: the real product on the data shipped in the repository.
//!
//! 1. `cargo xtask dist` (installs the wasm target, wasm-bindgen CLI and wasm-opt when missing);
//! 2. builds `tpe-worker` and runs one `sync` of `worker/config/default.toml` (local files only,
//!    no network), publishing into `www/data/`;
//! 3. `tpe-worker serve` on http://127.0.0.1:8080/ (or `--addr`), until Ctrl+C.

use std::time::Instant;

use crate::tools::{self, repo_root};

const CONFIG: &str = "worker/config/default.toml";
const DEFAULT_ADDR: &str = "127.0.0.1:8080";

const USAGE: &str = "usage: cargo xtask demo [--addr HOST:PORT] [--no-serve]

Builds the widget, syncs the default data (worker/config/default.toml, files shipped in the
repository) into www/data/, then serves www/ on http://127.0.0.1:8080/.
  --addr HOST:PORT   where to serve (default 127.0.0.1:8080)
  --no-serve         build and sync only";

pub fn run(args: &[String]) -> Result<(), String> {
    let mut addr = DEFAULT_ADDR.to_string();
    let mut serve = true;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--addr" => addr = rest.next().ok_or("--addr needs HOST:PORT")?.clone(),
            "--no-serve" => serve = false,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unexpected argument `{other}`\n\n{USAGE}")),
        }
    }
    let start = Instant::now();

    println!("==> building the widget (cargo xtask dist)");
    crate::dist::run(&[])?;

    println!("==> building the worker");
    tools::run(tools::cargo().args(["build", "-p", "tpe-worker"]))?;
    let worker = tools::built_binary("debug", "tpe-worker");

    println!("==> syncing the default data ({CONFIG})");
    let mut sync = std::process::Command::new(&worker);
    sync.current_dir(repo_root())
        .args(["sync", "--config", CONFIG]);
    if let Err(e) = tools::run(&mut sync) {
        // Exit code 1 means a source failed but what could be published was;
        // the demo still has something to show, and the report says why.
        eprintln!("warning: {e}; see www/data/report.json");
    }
    if !repo_root().join("www/data/manifest.json").is_file() {
        return Err("the sync published no manifest: nothing to serve".into());
    }
    println!("demo ready in {:.0} s", start.elapsed().as_secs_f64());
    if !serve {
        return Ok(());
    }

    let base = format!("http://{addr}");
    println!();
    println!("Diagnostic numérique TPE — demonstration");
    println!("  home                 {base}/");
    println!("  Soissons (city)      {base}/soissons.html");
    println!("  Arras (CCI)          {base}/arras.html");
    println!("  Calais (CMA)         {base}/calais.html");
    println!("  web teams            {base}/integrer.html");
    println!("  pilot desk           {base}/data/tableau-de-bord/");
    println!("  published data       {base}/data/manifest.json  ·  report {base}/data/report.json");
    println!("  health / metrics     {base}/healthz  ·  {base}/metrics");
    println!("Ctrl+C stops the server.");
    let mut server = std::process::Command::new(&worker);
    server
        .current_dir(repo_root())
        .args(["serve", "--config", CONFIG, "--addr", &addr]);
    tools::run(&mut server)
}
