//! The previous versions of published files, so an operator can roll back
//! by hand: `state_dir/history/<name>/<timestamp>.json`, the 3 newest kept.

use chrono::{DateTime, FixedOffset};
use std::fs;
use std::path::Path;

pub const KEEP: usize = 3;

/// Copies the current `path` into history before it is replaced. Failing
/// to keep history never blocks publishing; it is logged.
pub fn keep(state_dir: &Path, path: &Path, name: &str, now: DateTime<FixedOffset>) {
    let dir = state_dir.join("history").join(name);
    let target = dir.join(format!("{}.json", now.format("%Y%m%dT%H%M%S%.3f")));
    let result = fs::create_dir_all(&dir).and_then(|_| fs::copy(path, &target).map(|_| ()));
    if let Err(e) = result {
        tracing::warn!(file = %path.display(), error = %e, "could not keep the previous version");
        return;
    }
    prune(&dir);
}

fn prune(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    let excess = files.len().saturating_sub(KEEP);
    for old in files.into_iter().take(excess) {
        let _ = fs::remove_file(old);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_three_newest_versions_stay() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.json");
        for i in 0..5 {
            fs::write(&file, format!("v{i}")).unwrap();
            let t = DateTime::parse_from_rfc3339(&format!("2026-11-30T04:00:0{i}+01:00")).unwrap();
            keep(dir.path(), &file, "territories/a", t);
        }
        let mut kept: Vec<String> = fs::read_dir(dir.path().join("history/territories/a"))
            .unwrap()
            .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        kept.sort();
        assert_eq!(kept, ["v2", "v3", "v4"]);
    }
}
