//! Sync worker. Filled by the worker issue.

fn main() {
    eprintln!("tpe-worker: not implemented yet");
    std::process::exit(1);
}
