//! What the worker remembers about a source between runs, in
//! `state_dir/sources/<id>/`: the last good raw body (`raw`) and its
//! validators and fetch time (`meta.json`). Both are replaced only after a
//! body parsed and validated, so a 304 or a failing source always falls
//! back to data that was good.

use crate::publish::atomic::write_atomic;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
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

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    #[serde(default)]
    pub validators: Validators,
    /// When the archived body was downloaded.
    pub fetched_at: Option<DateTime<FixedOffset>>,
    /// SHA-256 of the archived body.
    pub sha256: String,
}

#[derive(Clone, Debug)]
pub struct SourceState {
    dir: PathBuf,
    pub meta: Option<Meta>,
}

impl SourceState {
    pub fn open(state_dir: &std::path::Path, source_id: &str) -> SourceState {
        let dir = state_dir.join("sources").join(source_id);
        let meta = fs::read(dir.join("meta.json"))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok());
        SourceState { dir, meta }
    }

    /// The last good body, when there is one (and it matches its hash).
    pub fn raw(&self) -> Option<Vec<u8>> {
        let meta = self.meta.as_ref()?;
        let bytes = fs::read(self.dir.join("raw")).ok()?;
        (sha256_hex(&bytes) == meta.sha256).then_some(bytes)
    }

    /// Validators to send, only when there is a body to fall back on.
    pub fn validators(&self) -> Option<&Validators> {
        self.meta
            .as_ref()
            .filter(|_| self.dir.join("raw").exists())
            .map(|m| &m.validators)
    }

    /// Whether `bytes` are the archived body.
    pub fn is_same(&self, bytes: &[u8]) -> bool {
        self.meta
            .as_ref()
            .is_some_and(|m| m.sha256 == sha256_hex(bytes))
    }

    /// Archives a good body: the raw first, then its meta.
    pub fn save_good(
        &mut self,
        bytes: &[u8],
        validators: Validators,
        fetched_at: DateTime<FixedOffset>,
    ) -> io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        write_atomic(&self.dir.join("raw"), bytes)?;
        let meta = Meta {
            validators,
            fetched_at: Some(fetched_at),
            sha256: sha256_hex(bytes),
        };
        let json = serde_json::to_vec_pretty(&meta).map_err(io::Error::other)?;
        write_atomic(&self.dir.join("meta.json"), &json)?;
        self.meta = Some(meta);
        Ok(())
    }

    /// Keeps new validators for the same body (a server may rotate ETags).
    pub fn update_validators(&mut self, validators: Validators) -> io::Result<()> {
        let Some(meta) = self.meta.as_mut() else {
            return Ok(());
        };
        if meta.validators == validators {
            return Ok(());
        }
        meta.validators = validators;
        let json = serde_json::to_vec_pretty(meta).map_err(io::Error::other)?;
        write_atomic(&self.dir.join("meta.json"), &json)
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    crate::publish::hex(&Sha256::digest(bytes))
}
