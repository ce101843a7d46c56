//! Build and test automation: `cargo xtask <task>`.

mod bench_worker;
mod communes;
mod demo;
mod dist;
mod size;
mod test;
mod tools;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  test       every check CI runs: fmt, clippy, tests, wasm build
  dist       build the widget into www/widget/ (hashed assets, loader, integrity.json)
  size       raw / gzip / brotli sizes of the widget and territory files against budgets
  bench-worker  the worker against a pandas baseline on 1,000,000 venue rows (figures only)
  communes   regenerate shared/data/communes-hdf.csv from the open-data files
  demo       build the widget, sync the shipped data, serve www/ on http://127.0.0.1:8080/";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test::run(&args[1..]),
        Some("communes") => communes::run(&args[1..]),
        Some("demo") => demo::run(&args[1..]),
        Some("bench-worker") => bench_worker::run(&args[1..]),
        Some("dist") => dist::run(&args[1..]),
        Some("size") => size::run(&args[1..]),
        Some("-h" | "--help" | "help") | None => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown task `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
