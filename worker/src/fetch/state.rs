//! What the worker remembers about a source between runs, in
//! `state_dir/sources/<id>/`: the last good raw body (`raw`) and its
//! validators, hash and fetch time (`meta.json`). Both are replaced only
//! after a body parsed and validated, so a 304 or a failing source always
//! falls back to data that was good.

use super::body::Body;
use crate::publish::atomic::{commit, temp_path, write_atomic};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::fs;
use std::io;
use std::path::PathBuf;

/// HTTP validators for a conditional GET.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

/// Size and modification time of a local file: equal stamps mean the file
/// was not touched, so it need not be read to know it is unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    pub len: u64,
    pub modified_ns: i128,
}

impl FileStamp {
    pub fn of(meta: &fs::Metadata) -> FileStamp {
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i128);
        FileStamp {
            len: meta.len(),
            modified_ns,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    #[serde(default)]
    pub validators: Validators,
    /// When the archived body was downloaded or read.
    pub fetched_at: Option<DateTime<FixedOffset>>,
    /// SHA-256 of the archived body.
    pub sha256: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stamp: Option<FileStamp>,
}

#[derive(Clone, Debug)]
pub struct SourceState {
    dir: PathBuf,
    pub meta: Option<Meta>,
}

/// A copy into the archive started by [`SourceState::start_archive`].
pub struct PendingArchive {
    tmp: std::path::PathBuf,
    copy: std::thread::JoinHandle<io::Result<()>>,
}

impl PendingArchive {
    /// Waits for the copy; its temporary path, ready to be committed.
    fn finish(self) -> io::Result<std::path::PathBuf> {
        match self.copy.join() {
            Ok(Ok(())) => Ok(self.tmp),
            Ok(Err(e)) => {
                let _ = fs::remove_file(&self.tmp);
                Err(e)
            }
            Err(_) => {
                let _ = fs::remove_file(&self.tmp);
                Err(io::Error::other("the archive copy failed"))
            }
        }
    }

    /// The body was not kept (unchanged, or unusable): the copy goes.
    pub fn discard(self) {
        let _ = self.copy.join();
        let _ = fs::remove_file(&self.tmp);
    }
}

impl SourceState {
    pub fn open(state_dir: &std::path::Path, source_id: &str) -> SourceState {
        let dir = state_dir.join("sources").join(source_id);
        let meta = fs::read(dir.join("meta.json"))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok());
        SourceState { dir, meta }
    }

    /// The last good body, when there is one and it is intact.
    pub fn raw(&self) -> Option<Body> {
        let meta = self.meta.as_ref()?;
        let body = Body::File(self.dir.join("raw"));
        (body.sha256().ok()? == meta.sha256).then_some(body)
    }

    /// Validators to send, only when there is an intact body to fall back
    /// on: a 304 must never point at a missing or damaged archive.
    pub fn validators(&self) -> Option<&Validators> {
        self.meta
            .as_ref()
            .filter(|_| self.raw().is_some())
            .map(|m| &m.validators)
    }

    /// Whether a local file is untouched since it was archived (same size
    /// and modification time), known without reading it.
    pub fn same_stamp(&self, stamp: Option<FileStamp>) -> bool {
        stamp.is_some() && self.meta.as_ref().is_some_and(|m| m.stamp == stamp)
    }

    /// Whether a body with this hash is the archived one.
    pub fn same_hash(&self, sha256: &str) -> bool {
        self.meta.as_ref().is_some_and(|m| m.sha256 == sha256)
    }

    /// Archives a good body: the raw first, then its meta.
    /// `sha256` is the body's hash when already known (computed while
    /// parsing), else it is computed here.
    pub fn save_good(
        &mut self,
        body: &Body,
        pending: Option<PendingArchive>,
        sha256: Option<&str>,
        validators: Validators,
        stamp: Option<FileStamp>,
        fetched_at: DateTime<FixedOffset>,
    ) -> io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        let raw = self.dir.join("raw");
        match (body, pending) {
            (Body::File(_), Some(p)) => {
                let tmp = p.finish()?;
                commit(&tmp, &raw)?;
            }
            (Body::Memory(b), pending) => {
                if let Some(p) = pending {
                    p.discard();
                }
                write_atomic(&raw, b)?
            }
            (Body::File(p), None) => {
                let tmp = temp_path(&raw);
                fs::copy(p, &tmp)?;
                fs::File::open(&tmp)?.sync_all()?;
                commit(&tmp, &raw)?;
            }
        }
        let sha256 = match sha256 {
            Some(s) if !s.is_empty() => s.to_string(),
            _ => body.sha256()?,
        };
        let meta = Meta {
            validators,
            fetched_at: Some(fetched_at),
            sha256,
            stamp,
        };
        self.write_meta(meta)
    }

    /// Starts copying a file body to the archive's temporary name while the
    /// body is being read, so that the copy and its fsync overlap the parse
    /// of a large file; [`SourceState::save_good`] commits it only if the
    /// body turns out good and new, otherwise it is discarded.
    pub fn start_archive(&self, body: &Body) -> Option<PendingArchive> {
        let Body::File(from) = body else {
            return None;
        };
        fs::create_dir_all(&self.dir).ok()?;
        let tmp = temp_path(&self.dir.join("raw"));
        let (from, to) = (from.clone(), tmp.clone());
        let copy = std::thread::spawn(move || {
            fs::copy(&from, &to)?;
            fs::File::open(&to)?.sync_all()
        });
        Some(PendingArchive { tmp, copy })
    }

    /// Keeps new validators or stamp for the same body (a server may
    /// rotate ETags; a file may be touched without change).
    pub fn refresh(&mut self, validators: Validators, stamp: Option<FileStamp>) -> io::Result<()> {
        let Some(mut meta) = self.meta.clone() else {
            return Ok(());
        };
        if meta.validators == validators && meta.stamp == stamp {
            return Ok(());
        }
        meta.validators = validators;
        meta.stamp = stamp;
        self.write_meta(meta)
    }

    fn write_meta(&mut self, meta: Meta) -> io::Result<()> {
        let json = serde_json::to_vec_pretty(&meta).map_err(io::Error::other)?;
        write_atomic(&self.dir.join("meta.json"), &json)?;
        self.meta = Some(meta);
        Ok(())
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    crate::publish::hex(&sha2::Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_archive_is_used_only_while_intact() {
        let dir = tempfile::tempdir().unwrap();
        let mut st = SourceState::open(dir.path(), "fs");
        assert!(st.raw().is_none() && st.validators().is_none());
        let body = Body::Memory(b"id,nom\n1,A\n".to_vec());
        let v = Validators {
            etag: Some("\"1\"".into()),
            last_modified: None,
        };
        st.save_good(&body, None, None, v.clone(), None, crate::time::now_paris())
            .unwrap();
        let st = SourceState::open(dir.path(), "fs");
        assert_eq!(
            st.raw().unwrap().bytes().unwrap().as_ref(),
            b"id,nom\n1,A\n"
        );
        assert_eq!(st.validators(), Some(&v));
        assert!(st.same_hash(&body.sha256().unwrap()));
        // A damaged archive is neither used nor advertised with validators.
        fs::write(dir.path().join("sources/fs/raw"), b"id,nom\n1,").unwrap();
        assert!(st.raw().is_none());
        assert!(st.validators().is_none());
    }

    /// The copy started while a file is read becomes the archive when the
    /// body is kept, and leaves nothing behind when it is not.
    #[test]
    fn an_early_archive_copy_is_committed_or_cleaned_up() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("venues.csv");
        fs::write(&file, b"id,nom\n1,A\n").unwrap();
        let body = Body::File(file.clone());
        let mut st = SourceState::open(dir.path(), "fs");
        let folder = dir.path().join("sources/fs");
        let leftovers = || {
            fs::read_dir(&folder)
                .map(|d| {
                    d.flatten()
                        .filter(|e| e.file_name().to_string_lossy().starts_with(".tpe-tmp-"))
                        .count()
                })
                .unwrap_or(0)
        };
        st.start_archive(&body).unwrap().discard();
        assert_eq!(leftovers(), 0, "a discarded copy is removed");
        assert!(st.raw().is_none());

        let pending = st.start_archive(&body);
        st.save_good(
            &body,
            pending,
            None,
            Validators::default(),
            None,
            crate::time::now_paris(),
        )
        .unwrap();
        assert_eq!(leftovers(), 0);
        let st = SourceState::open(dir.path(), "fs");
        assert_eq!(
            st.raw().unwrap().bytes().unwrap().as_ref(),
            b"id,nom\n1,A\n"
        );
    }
}
