//! One run at a time: an exclusive lock on `state_dir/lock`. A second run
//! does not wait; it exits at once with code 3 so cron jobs cannot pile up.
//! The OS releases the lock when the process dies, so a crash never leaves
//! a stale lock behind.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum LockError {
    #[error("another run holds the lock {0}")]
    Busy(PathBuf),
    #[error("cannot open the lock file {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

/// Held for the length of a run; dropping it releases the lock.
#[derive(Debug)]
pub struct RunLock {
    _file: File,
}

impl RunLock {
    pub fn acquire(state_dir: &Path) -> Result<RunLock, LockError> {
        let path = state_dir.join("lock");
        let io_err = |source| LockError::Io {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(state_dir).map_err(io_err)?;
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io_err)?;
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => Ok(RunLock { _file: file }),
            Err(fs4::TryLockError::WouldBlock) => Err(LockError::Busy(path)),
            Err(fs4::TryLockError::Error(e)) => Err(LockError::Io { path, source: e }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let first = RunLock::acquire(dir.path()).unwrap();
        assert!(matches!(
            RunLock::acquire(dir.path()),
            Err(LockError::Busy(_))
        ));
        drop(first);
        assert!(RunLock::acquire(dir.path()).is_ok());
    }
}
