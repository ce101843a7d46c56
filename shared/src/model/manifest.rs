use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// The index of published files; written last so it never names a missing one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub schema_version: u32,
    #[serde(deserialize_with = "crate::dates::de_time")]
    pub generated_at: DateTime<FixedOffset>,
    pub territories: Vec<ManifestTerritory>,
    #[serde(default)]
    pub sources: Vec<ManifestSource>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManifestTerritory {
    pub id: String,
    pub name: String,
    /// Path relative to the manifest.
    pub file: String,
    /// Hex SHA-256 of the file.
    pub sha256: String,
    pub venues: usize,
    pub aids: usize,
    #[serde(deserialize_with = "crate::dates::de_time")]
    pub generated_at: DateTime<FixedOffset>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManifestSource {
    pub id: String,
    pub status: SourceStatus,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dates::de_opt_time"
    )]
    pub fetched_at: Option<DateTime<FixedOffset>>,
    pub kept: usize,
    pub rejected: usize,
    /// The source failed and its last good data was used.
    #[serde(default)]
    pub stale: bool,
    /// Kept venue records last updated before the config's
    /// `stale_after_months`.
    #[serde(default)]
    pub old_records: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceStatus {
    Ok,
    NotModified,
    Stale,
    Failed,
}
