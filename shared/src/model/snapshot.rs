use super::{Aid, Territory, Venue, SCHEMA_VERSION};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// Everything the widget needs for one territory, in one file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TerritorySnapshot {
    pub schema_version: u32,
    #[serde(deserialize_with = "crate::dates::de_time")]
    pub generated_at: DateTime<FixedOffset>,
    pub territory: Territory,
    pub venues: Vec<Venue>,
    pub aids: Vec<Aid>,
    #[serde(default)]
    pub sources: Vec<SourceInfo>,
}

impl TerritorySnapshot {
    pub fn new(territory: Territory, generated_at: DateTime<FixedOffset>) -> TerritorySnapshot {
        TerritorySnapshot {
            schema_version: SCHEMA_VERSION,
            generated_at,
            territory,
            venues: Vec::new(),
            aids: Vec::new(),
            sources: Vec::new(),
        }
    }
}

/// Which source fed a snapshot, and how fresh it was.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceInfo {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(deserialize_with = "crate::dates::de_time")]
    pub fetched_at: DateTime<FixedOffset>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}
