//! Publishing never loses data. Territory files first, each written
//! atomically; `report.json` next; `manifest.json` last, so the manifest
//! never names a file that is not there. A territory that would shrink by
//! more than `max_shrink_percent` keeps its old file unless `--force`. An
//! unchanged territory is not rewritten, and a run where nothing changed
//! writes nothing. The previous 3 versions of each file are kept in
//! `state_dir/history/`.

pub mod atomic;
pub mod history;
pub mod lock;
pub mod object;
pub mod object_url;
pub mod store;

use crate::report::{Report, TerritoryOutcome};
use chrono::{DateTime, FixedOffset};
use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};
use thiserror::Error;
use tpe_shared::model::{
    Manifest, ManifestSource, ManifestTerritory, SourceStatus, TerritorySnapshot, SCHEMA_VERSION,
};

#[derive(Debug, Error)]
pub enum PublishError {
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot serialise {0}")]
    Json(String),
    #[error("simulated crash after writing {0} to a temp file (test hook)")]
    SimulatedCrash(PathBuf),
}

/// How publishing should behave.
#[derive(Clone, Debug, Default)]
pub struct PublishOptions {
    pub max_shrink_percent: u8,
    /// Publish even a territory that shrank past the limit.
    pub force: bool,
    /// Test hook: stop after the first temp file, before its rename, as a
    /// crash would.
    #[doc(hidden)]
    pub crash_after_temp: bool,
}

/// What publishing did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PublishOutcome {
    pub written: usize,
    pub unchanged: usize,
    /// Territories not published because they shrank too much.
    pub refused: usize,
    pub manifest_written: bool,
}

pub struct Publisher<'a> {
    pub output_dir: &'a Path,
    pub state_dir: &'a Path,
    pub options: PublishOptions,
}

impl Publisher<'_> {
    /// Publishes the snapshots (in config order) and the report.
    pub fn publish(
        &self,
        snapshots: Vec<TerritorySnapshot>,
        sources: Vec<ManifestSource>,
        report: &mut Report,
        now: DateTime<FixedOffset>,
    ) -> Result<PublishOutcome, PublishError> {
        let territories_dir = self.output_dir.join("territories");
        fs::create_dir_all(&territories_dir).map_err(|e| io(&territories_dir, e))?;
        atomic::remove_leftovers(self.output_dir);
        atomic::remove_leftovers(&territories_dir);
        self.publish_communes()?;
        let old_manifest: Option<Manifest> = read_json(&self.output_dir.join("manifest.json"));
        let mut outcome = PublishOutcome::default();
        let mut entries = Vec::with_capacity(snapshots.len());

        for mut snap in snapshots {
            let id = snap.territory.id.clone();
            let file = format!("territories/{id}.json");
            let path = self.output_dir.join(&file);
            let old: Option<TerritorySnapshot> = read_json(&path);
            let old_entry = old_manifest
                .as_ref()
                .and_then(|m| m.territories.iter().find(|t| t.id == id))
                .cloned();
            let (venues, aids) = (snap.venues.len(), snap.aids.len());
            let mut note = None;

            if let Some(old) = &old {
                let mut same = snap.clone();
                same.generated_at = old.generated_at;
                if &same == old && !self.options.force {
                    let bytes = fs::read(&path).map_err(|e| io(&path, e))?;
                    entries.push(old_entry.unwrap_or_else(|| entry(old, &file, &bytes)));
                    report.territories.push(outcome_of(
                        &id,
                        venues,
                        aids,
                        true,
                        Some("unchanged".into()),
                    ));
                    outcome.unchanged += 1;
                    continue;
                }
                let shrink = |before: usize, after: usize| -> Option<String> {
                    let pct = shrink_percent(before, after);
                    (pct > f64::from(self.options.max_shrink_percent)).then(|| {
                        format!("would drop from {before} to {after} (-{pct:.0} %, more than max_shrink_percent = {})", self.options.max_shrink_percent)
                    })
                };
                let why = [
                    shrink(old.venues.len(), venues).map(|w| format!("venues {w}")),
                    shrink(old.aids.len(), aids).map(|w| format!("aids {w}")),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>();
                if !why.is_empty() {
                    if self.options.force {
                        note = Some(format!(
                            "published with --force although {}",
                            why.join("; ")
                        ));
                    } else {
                        let bytes = fs::read(&path).map_err(|e| io(&path, e))?;
                        entries.push(old_entry.unwrap_or_else(|| entry(old, &file, &bytes)));
                        report.territories.push(outcome_of(
                            &id,
                            venues,
                            aids,
                            false,
                            Some(format!(
                                "{}; the previous file stays (use --force to publish)",
                                why.join("; ")
                            )),
                        ));
                        outcome.refused += 1;
                        continue;
                    }
                }
            }
            snap.generated_at = now;
            let bytes = serde_json::to_vec(&snap).map_err(|e| PublishError::Json(e.to_string()))?;
            if old.is_some() {
                history::keep(self.state_dir, &path, &format!("territories/{id}"), now);
            }
            let tmp = atomic::write_temp(&path, &bytes).map_err(|e| io(&path, e))?;
            if self.options.crash_after_temp {
                return Err(PublishError::SimulatedCrash(tmp));
            }
            atomic::commit(&tmp, &path).map_err(|e| io(&path, e))?;
            entries.push(entry(&snap, &file, &bytes));
            report
                .territories
                .push(outcome_of(&id, venues, aids, true, note));
            outcome.written += 1;
        }

        let manifest = Manifest {
            schema_version: SCHEMA_VERSION,
            generated_at: now,
            territories: entries,
            sources,
        };
        if outcome.written == 0
            && old_manifest
                .as_ref()
                .is_some_and(|old| same_manifest(old, &manifest))
        {
            return Ok(outcome);
        }
        report.generated_at = Some(now);
        let report_path = self.output_dir.join("report.json");
        let report_bytes =
            serde_json::to_vec_pretty(report).map_err(|e| PublishError::Json(e.to_string()))?;
        atomic::write_atomic(&report_path, &report_bytes).map_err(|e| io(&report_path, e))?;
        let manifest_path = self.output_dir.join("manifest.json");
        if old_manifest.is_some() {
            history::keep(self.state_dir, &manifest_path, "manifest", now);
        }
        let bytes =
            serde_json::to_vec_pretty(&manifest).map_err(|e| PublishError::Json(e.to_string()))?;
        atomic::write_atomic(&manifest_path, &bytes).map_err(|e| io(&manifest_path, e))?;
        outcome.manifest_written = true;
        Ok(outcome)
    }
}

/// The widget's commune table, published beside the manifest so that the
/// widget finds it wherever the data is hosted. It is the table compiled
/// into this binary, so it always matches the engine reading it.
pub const COMMUNES_FILE: &str = "communes-hdf.csv";

impl Publisher<'_> {
    /// Writes the commune table when it is missing or differs.
    fn publish_communes(&self) -> Result<(), PublishError> {
        let path = self.output_dir.join(COMMUNES_FILE);
        let table = tpe_shared::communes::EMBEDDED_TABLE.as_bytes();
        if fs::read(&path).ok().as_deref() != Some(table) {
            atomic::write_atomic(&path, table).map_err(|e| io(&path, e))?;
        }
        Ok(())
    }
}

/// Percentage lost going from `before` to `after` (0 when it grew).
pub fn shrink_percent(before: usize, after: usize) -> f64 {
    if before == 0 || after >= before {
        0.0
    } else {
        (before - after) as f64 * 100.0 / before as f64
    }
}

/// Equal but for times and the ok/not-modified distinction, which say
/// nothing about the data.
fn same_manifest(old: &Manifest, new: &Manifest) -> bool {
    let norm = |m: &Manifest| {
        let mut m = m.clone();
        m.generated_at = new.generated_at;
        for s in &mut m.sources {
            if s.status == SourceStatus::NotModified {
                s.status = SourceStatus::Ok;
            }
        }
        m
    };
    norm(old) == norm(new)
}

fn entry(snap: &TerritorySnapshot, file: &str, bytes: &[u8]) -> ManifestTerritory {
    ManifestTerritory {
        id: snap.territory.id.clone(),
        name: snap.territory.name.clone(),
        file: file.to_string(),
        sha256: hex(&Sha256::digest(bytes)),
        venues: snap.venues.len(),
        aids: snap.aids.len(),
        generated_at: snap.generated_at,
    }
}

fn outcome_of(
    id: &str,
    venues: usize,
    aids: usize,
    published: bool,
    note: Option<String>,
) -> TerritoryOutcome {
    TerritoryOutcome {
        id: id.to_string(),
        venues,
        aids,
        published,
        note,
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn io(path: &Path, source: std::io::Error) -> PublishError {
    PublishError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Reads a published JSON file; a missing or unreadable one is `None`
/// (an unreadable old file must not block publishing a good new one).
pub fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Option<T> {
    let bytes = fs::read(path).ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrink_is_a_percentage_of_what_was_there() {
        assert_eq!(shrink_percent(100, 10), 90.0);
        assert_eq!(shrink_percent(100, 120), 0.0);
        assert_eq!(shrink_percent(0, 0), 0.0);
        assert_eq!(shrink_percent(10, 7), 30.0);
    }
}
