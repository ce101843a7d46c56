//! Upstream formats. Each adapter reads one format into raw records that
//! still hold the source's strings; nothing here decides what is valid
//! (that is [`crate::validate`]), so adapters stay plain mappings.

pub mod aides_territoires;
pub mod curated;
pub mod france_services;
pub mod fs_hours;
pub mod mediation_numerique;
pub mod mediation_v0;
pub mod perimeter;

use thiserror::Error;

/// A venue as a source wrote it, with v1 field names.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawVenue {
    pub id: Option<String>,
    pub pivot: Option<String>,
    pub nom: Option<String>,
    pub adresse: Option<String>,
    pub complement_adresse: Option<String>,
    pub code_postal: Option<String>,
    pub code_insee: Option<String>,
    pub commune: Option<String>,
    pub latitude: Option<String>,
    pub longitude: Option<String>,
    pub telephone: Option<String>,
    pub courriels: Vec<String>,
    pub site_web: Vec<String>,
    pub horaires: Option<String>,
    pub services: Vec<String>,
    pub typologie: Vec<String>,
    pub dispositif_programmes_nationaux: Vec<String>,
    pub frais_a_charge: Vec<String>,
    pub modalites_acces: Vec<String>,
    pub prise_rdv: Option<String>,
    pub source: Option<String>,
    pub date_maj: Option<String>,
}

/// An aid as the aid API wrote it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawAid {
    pub id: Option<String>,
    pub name: Option<String>,
    pub financers: Vec<String>,
    pub description: Option<String>,
    pub perimeter: Option<String>,
    pub perimeter_scale: Option<String>,
    pub targeted_audiences: Vec<String>,
    pub url: Option<String>,
    pub origin_url: Option<String>,
    pub application_url: Option<String>,
    pub start_date: Option<String>,
    pub submission_deadline: Option<String>,
    pub rate_min: Option<i64>,
    pub rate_max: Option<i64>,
    pub is_live: Option<bool>,
}

/// A row the adapter could not even read into a record.
#[derive(Clone, Debug, PartialEq)]
pub struct Unreadable {
    /// Where it was, e.g. `line 12` or `item 3`.
    pub at: String,
    pub detail: String,
}

/// What an adapter read from a body.
#[derive(Clone, Debug, Default)]
pub struct Parsed<T> {
    pub records: Vec<T>,
    pub unreadable: Vec<Unreadable>,
    /// Facts about the whole file (e.g. "older 2022 header").
    pub notes: Vec<String>,
}

/// Why a whole source body is unusable. Its last good data is then kept.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum SourceError {
    #[error("the schema changed: required column(s) {0} missing")]
    SchemaDrift(String),
    #[error("not valid JSON: {0}")]
    Json(String),
    #[error("not a readable CSV: {0}")]
    Csv(String),
    #[error("not valid TOML: {0}")]
    Toml(String),
    #[error("the body is empty")]
    Empty,
    #[error("unexpected shape: {0}")]
    Shape(String),
    #[error("{records} record(s) read and none usable: schema drift or wrong file?")]
    NothingUsable { records: usize },
}

/// Splits a multi-valued field: `|` in v1, `;` in v0.
pub(crate) fn split_multi(s: Option<&str>, sep: char) -> Vec<String> {
    s.map(|s| {
        s.split(sep)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .collect()
    })
    .unwrap_or_default()
}

/// A JSON scalar as text: sources write numbers where the standard says
/// strings (postal codes, coordinates, ids).
pub(crate) fn json_text(v: Option<&serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// An empty CSV cell is no value.
pub(crate) fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Reads a CSV header and checks the required columns, so that a renamed
/// column fails the source loudly instead of silently emptying a field.
pub(crate) fn csv_columns(
    headers: &csv::StringRecord,
    required: &[&str],
) -> Result<std::collections::HashMap<String, usize>, SourceError> {
    let map: std::collections::HashMap<String, usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.trim().trim_start_matches('\u{feff}').to_string(), i))
        .collect();
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| !map.contains_key(*c))
        .collect();
    if missing.is_empty() {
        Ok(map)
    } else {
        Err(SourceError::SchemaDrift(missing.join(", ")))
    }
}

/// A CSV reader that tolerates ragged rows (each is reported, not fatal).
pub(crate) fn csv_reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes())
}

/// Guesses `,` or `;` from the header line.
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    }
}
