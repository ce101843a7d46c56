//! Publishing to S3-compatible object storage (`output_url`), with the
//! guarantees of the local folder. Object storage has no rename, so
//! atomicity comes from names instead:
//!
//! 1. every territory file is uploaded under a content-hashed name,
//!    `territories/<id>.<sha256-12>.json`, never rewritten (cached for a
//!    year, `immutable`), and skipped when it is already there;
//! 2. `report.json` (and `communes-hdf.csv`, the widget's commune table,
//!    when `output_dir` holds it), then a copy of the new manifest as
//!    `manifest.<UTC timestamp>.json`;
//! 3. `manifest.json` last (cached 60 s): until it is written, readers see
//!    the old manifest, and every file it names is still there;
//! 4. then old versions are pruned: the current manifest and the 3 before
//!    it stay (as `manifest.<timestamp>.json`) with every territory file
//!    they name; older files go. A failed prune is logged, never fatal.
//!
//! The local `output_dir` is published first, as always, and is what gets
//! mirrored: the shrink guard, the unchanged checks and `export` keep
//! working on it, and a failed upload is simply redone by the next run.

use super::history::KEEP;
use super::object_url::ObjectUrl;
use super::store::{Caching, CountingStore};
use chrono::Utc;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;
use thiserror::Error;
use tpe_shared::model::Manifest;

/// The widget's commune table, published beside `manifest.json`.
const COMMUNES: &str = "communes-hdf.csv";

#[derive(Debug, Error)]
pub enum ObjectPublishError {
    #[error("cannot configure the S3 client for {url} (check AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ALLOW_HTTP): {source}")]
    Client {
        url: String,
        source: object_store::Error,
    },
    #[error("cannot read the local {path}: {reason}")]
    Local { path: PathBuf, reason: String },
    #[error(
        "the local {file} does not match its manifest's sha256 (was it edited during the run?)"
    )]
    Mismatch { file: String },
    #[error("{op} {key} failed: {source}")]
    Store {
        op: &'static str,
        key: String,
        source: object_store::Error,
    },
}

/// What a publish to object storage did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ObjectOutcome {
    /// Territory files uploaded (the others were already there).
    pub uploaded: usize,
    pub already_there: usize,
    /// Whether a new manifest was written (not when the remote one was
    /// already the same).
    pub manifest_written: bool,
    /// Old objects removed by pruning.
    pub pruned: usize,
    /// HTTP requests made.
    pub requests: usize,
    pub duration_ms: u64,
}

/// The store for `url`, configured from the AWS environment variables.
pub fn s3_from_env(url: &ObjectUrl) -> Result<CountingStore, ObjectPublishError> {
    let s3 = object_store::aws::AmazonS3Builder::from_env()
        .with_bucket_name(&url.bucket)
        .build()
        .map_err(|source| ObjectPublishError::Client {
            url: url.to_string(),
            source,
        })?;
    Ok(CountingStore::new(Arc::new(s3)))
}

/// The hashed name a territory file takes on object storage.
pub fn hashed_name(id: &str, sha256: &str) -> String {
    format!("territories/{id}.{}.json", &sha256[..sha256.len().min(12)])
}

pub struct ObjectPublisher {
    pub store: CountingStore,
    pub url: ObjectUrl,
}

impl ObjectPublisher {
    /// Mirrors the manifest published in `output_dir` (and the files it
    /// names, and `report.json`) to the store.
    pub async fn publish(&self, output_dir: &Path) -> Result<ObjectOutcome, ObjectPublishError> {
        let started = Instant::now();
        let before = self.store.requests();
        let mut outcome = ObjectOutcome::default();
        let manifest_path = output_dir.join("manifest.json");
        let mut manifest: Manifest =
            serde_json::from_slice(&read_local(&manifest_path)?).map_err(|e| {
                ObjectPublishError::Local {
                    path: manifest_path.clone(),
                    reason: e.to_string(),
                }
            })?;

        // 1. Territory files under hashed names, only the missing ones.
        let existing: HashSet<String> = self
            .store
            .list(&self.url.key("territories"))
            .await
            .map_err(|e| self.err("list", "territories/", e))?
            .into_iter()
            .map(|m| m.location.to_string())
            .collect();
        let mut present = existing.clone();
        for t in &mut manifest.territories {
            let bytes = read_local(&output_dir.join(&t.file))?;
            if crate::fetch::state::sha256_hex(&bytes) != t.sha256 {
                return Err(ObjectPublishError::Mismatch {
                    file: t.file.clone(),
                });
            }
            let name = hashed_name(&t.id, &t.sha256);
            let key = self.url.key(&name);
            if existing.contains(key.as_ref()) {
                outcome.already_there += 1;
            } else {
                self.store
                    .put_json(&key, bytes, Caching::Immutable)
                    .await
                    .map_err(|e| self.err("upload", &name, e))?;
                present.insert(key.to_string());
                outcome.uploaded += 1;
            }
            t.file = name;
        }

        // 2–3. Report, history copy, manifest last; nothing when the remote
        // manifest already says the same.
        let bytes =
            serde_json::to_vec_pretty(&manifest).map_err(|e| ObjectPublishError::Local {
                path: manifest_path.clone(),
                reason: e.to_string(),
            })?;
        let manifest_key = self.url.key("manifest.json");
        let remote = self
            .store
            .get(&manifest_key)
            .await
            .map_err(|e| self.err("read", "manifest.json", e))?;
        if remote.as_deref() != Some(&bytes[..]) {
            let report_path = output_dir.join("report.json");
            if report_path.exists() {
                let report = read_local(&report_path)?;
                self.store
                    .put_json(&self.url.key("report.json"), report, Caching::ShortLived)
                    .await
                    .map_err(|e| self.err("upload", "report.json", e))?;
            }
            // The commune table the widget fetches beside the manifest
            // (the local publish writes it), when present.
            let communes = output_dir.join(COMMUNES);
            if communes.exists() {
                self.store
                    .put(
                        &self.url.key(COMMUNES),
                        read_local(&communes)?,
                        "text/csv; charset=utf-8",
                        Caching::ShortLived,
                    )
                    .await
                    .map_err(|e| self.err("upload", COMMUNES, e))?;
            }
            let stamp = manifest
                .generated_at
                .with_timezone(&Utc)
                .format("%Y%m%dT%H%M%S%.3fZ");
            let copy = format!("manifest.{stamp}.json");
            self.store
                .put_json(&self.url.key(&copy), bytes.clone(), Caching::Immutable)
                .await
                .map_err(|e| self.err("upload", &copy, e))?;
            self.store
                .put_json(&manifest_key, bytes, Caching::ShortLived)
                .await
                .map_err(|e| self.err("upload", "manifest.json", e))?;
            outcome.manifest_written = true;
            // 4. Prune (the new manifest is live: failures only logged).
            match self.prune(&manifest, &present, &copy).await {
                Ok(n) => outcome.pruned = n,
                Err(e) => {
                    tracing::warn!(error = %e, "could not prune old versions on object storage")
                }
            }
        }
        outcome.requests = self.store.requests() - before;
        outcome.duration_ms = started.elapsed().as_millis() as u64;
        tracing::info!(
            url = %self.url,
            uploaded = outcome.uploaded,
            already_there = outcome.already_there,
            manifest_written = outcome.manifest_written,
            pruned = outcome.pruned,
            requests = outcome.requests,
            ms = outcome.duration_ms,
            "published to object storage"
        );
        Ok(outcome)
    }

    /// Keeps the newest `KEEP + 1` manifest copies (the current one and the
    /// 3 before it) and the territory files any of them names.
    async fn prune(
        &self,
        current: &Manifest,
        territory_keys: &HashSet<String>,
        current_copy: &str,
    ) -> Result<usize, ObjectPublishError> {
        let root = self.url.key("");
        let mut copies: Vec<String> = self
            .store
            .list(&root)
            .await
            .map_err(|e| self.err("list", "manifest.*.json", e))?
            .into_iter()
            .map(|m| m.location.to_string())
            .filter(|k| {
                let name = k.rsplit('/').next().unwrap_or(k);
                name.starts_with("manifest.") && name != "manifest.json" && name.ends_with(".json")
            })
            .collect();
        copies.sort();
        let old = copies.len().saturating_sub(KEEP + 1);
        let (gone, kept) = copies.split_at(old);
        let mut named: HashSet<String> = current
            .territories
            .iter()
            .map(|t| self.url.key(&t.file).to_string())
            .collect();
        for k in kept.iter().filter(|k| !k.ends_with(current_copy)) {
            let key = object_store::path::Path::from(k.as_str());
            let bytes = self
                .store
                .get(&key)
                .await
                .map_err(|e| self.err("read", k, e))?;
            // An unreadable old copy names nothing we can trust: keep all.
            let Some(m) = bytes.and_then(|b| serde_json::from_slice::<Manifest>(&b).ok()) else {
                return Ok(0);
            };
            named.extend(
                m.territories
                    .iter()
                    .map(|t| self.url.key(&t.file).to_string()),
            );
        }
        let mut pruned = 0;
        for k in gone
            .iter()
            .chain(territory_keys.iter().filter(|k| !named.contains(*k)))
        {
            let key = object_store::path::Path::from(k.as_str());
            self.store
                .delete(&key)
                .await
                .map_err(|e| self.err("delete", k, e))?;
            pruned += 1;
        }
        Ok(pruned)
    }

    fn err(&self, op: &'static str, rel: &str, source: object_store::Error) -> ObjectPublishError {
        ObjectPublishError::Store {
            op,
            key: format!("{}/{rel}", self.url),
            source,
        }
    }
}

fn read_local(path: &Path) -> Result<Vec<u8>, ObjectPublishError> {
    std::fs::read(path).map_err(|e| ObjectPublishError::Local {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })
}
