//! `tpe-worker export --format mediation-numerique`: give the venue
//! knowledge back to the national open data. It reads what the last run
//! *published* (`output_dir/manifest.json` and the territory files it
//! names), not the sources: the export is then exactly what the widget
//! shows, already validated and cleaned, costs no fetch, and works while a
//! source is down. Venues near two territories appear once (by id).
//!
//! Two files are written, each through a temp file and a rename so a
//! reader never sees half a file: the standard's CSV ([`row`]) and the
//! curated business offers beside it ([`offers`]).

pub mod enums;
pub mod offers;
pub mod row;

use crate::publish::atomic::write_atomic;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use thiserror::Error;
use tpe_shared::model::{Manifest, TerritorySnapshot};

#[derive(Debug, Error)]
pub enum ExportError {
    #[error("no published manifest at {0}: run `tpe-worker sync` first")]
    NoManifest(PathBuf),
    #[error("cannot read {path}: {reason}")]
    Read { path: PathBuf, reason: String },
    #[error("the manifest names {file} but its content does not match its sha256 (a sync is running or the files were edited)")]
    Mismatch { file: String },
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What an export wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    /// Rows in the standard's file.
    pub rows: usize,
    /// Rows in the business-offers file.
    pub offers: usize,
    /// Venues left out because a required column would be invalid, with why.
    pub skipped: Vec<String>,
    /// Values left empty because the schema would refuse them (`field: value`).
    pub dropped: Vec<String>,
    pub offers_path: PathBuf,
}

/// Exports the venues published in `output_dir` to `out` (and the offers
/// file beside it).
pub fn export_mediation_numerique(
    output_dir: &Path,
    out: &Path,
) -> Result<ExportSummary, ExportError> {
    let manifest_path = output_dir.join("manifest.json");
    if !manifest_path.exists() {
        return Err(ExportError::NoManifest(manifest_path));
    }
    let manifest: Manifest = read_json(&manifest_path)?;
    let mut venues = BTreeMap::new();
    for t in &manifest.territories {
        let path = output_dir.join(&t.file);
        let bytes = std::fs::read(&path).map_err(|e| ExportError::Read {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        if crate::fetch::state::sha256_hex(&bytes) != t.sha256 {
            return Err(ExportError::Mismatch {
                file: t.file.clone(),
            });
        }
        let snap: TerritorySnapshot =
            serde_json::from_slice(&bytes).map_err(|e| ExportError::Read {
                path: path.clone(),
                reason: e.to_string(),
            })?;
        for v in snap.venues {
            // date_maj fallback: the day the venue's first source was fetched.
            let fetched = v
                .source_refs
                .first()
                .and_then(|r| snap.sources.iter().find(|s| s.id == r.source))
                .map_or(snap.generated_at, |s| s.fetched_at)
                .date_naive();
            venues.entry(v.id.clone()).or_insert((v, fetched));
        }
    }

    let mut summary = ExportSummary {
        offers_path: offers::path_for(out),
        ..ExportSummary::default()
    };
    let mut standard = csv::Writer::from_writer(Vec::new());
    standard.write_record(row::COLUMNS)?;
    let mut offer_rows = csv::Writer::from_writer(Vec::new());
    offer_rows.write_record(offers::COLUMNS)?;
    let mut ids = HashSet::new();
    for (id, (venue, fetched)) in &venues {
        let mut dropped = Vec::new();
        match row::row(venue, *fetched, &mut dropped) {
            Ok(r) if ids.insert(r[0].clone()) => {
                standard.write_record(&r)?;
                summary.rows += 1;
                if let Some(offer) = &venue.business_offer {
                    offer_rows.write_record(offers::row(&r[0], offer))?;
                    summary.offers += 1;
                }
            }
            Ok(_) => summary
                .skipped
                .push(format!("{id}: the same id after trimming")),
            Err(unfit) => summary
                .skipped
                .push(format!("{id}: {} {}", unfit.field, unfit.reason)),
        }
        summary.dropped.extend(
            dropped
                .into_iter()
                .map(|d| format!("{id}: {} `{}`", d.field, d.value)),
        );
    }
    let write = |path: &Path, w: csv::Writer<Vec<u8>>| -> Result<(), ExportError> {
        let bytes = w.into_inner().map_err(|e| ExportError::Write {
            path: path.to_path_buf(),
            source: e.into_error(),
        })?;
        write_atomic(path, &bytes).map_err(|source| ExportError::Write {
            path: path.to_path_buf(),
            source,
        })
    };
    write(out, standard)?;
    write(&summary.offers_path, offer_rows)?;
    Ok(summary)
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, ExportError> {
    let bytes = std::fs::read(path).map_err(|e| ExportError::Read {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    serde_json::from_slice(&bytes).map_err(|e| ExportError::Read {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })
}
