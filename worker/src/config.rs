//! The operator's config file (TOML). Its keys are a contract documented in
//! the README: unknown keys are refused rather than silently ignored, and
//! every error names the key and the line so the operator can fix it.

use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use thiserror::Error;
use tpe_shared::model::ContactKind;

/// A bad config file. The binary turns it into exit code 2.
#[derive(Debug, Error)]
#[error("{path}:{line}: `{key}`: {message}", path = path.display())]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based line of the offending key (or of its table when unknown).
    pub line: usize,
    /// Dotted key path, e.g. `territories[1].insee`.
    pub key: String,
    pub message: String,
}

/// The validated config, paths resolved against the config file's folder.
#[derive(Clone, Debug)]
pub struct Config {
    pub path: PathBuf,
    pub output_dir: PathBuf,
    /// Also publish to S3-compatible object storage (after `output_dir`,
    /// which stays the staging copy the shrink guard and `export` read).
    pub output_url: Option<crate::publish::object_url::ObjectUrl>,
    pub www_dir: Option<PathBuf>,
    pub schedule: cron::Schedule,
    pub schedule_text: String,
    pub max_shrink_percent: u8,
    /// Venue records older than this many months are counted per source
    /// in the report and the metrics (the widget says to call first).
    pub stale_after_months: u32,
    pub state_dir: PathBuf,
    pub territories: Vec<TerritoryConfig>,
    pub sources: Vec<SourceConfig>,
    pub stats: StatsConfig,
}

/// The anonymous statistics collector (`tpe-worker collect`).
#[derive(Clone, Debug, PartialEq)]
pub struct StatsConfig {
    /// `sqlite://…` (default: `stats.sqlite` in `state_dir`) or `postgres://…`.
    pub url: String,
    /// Partner sites allowed to send (exact origins, `https://www.example.fr`).
    pub origins: Vec<String>,
    /// Records older than this are purged (daily).
    pub retention_months: u32,
    /// Records accepted per minute from one address (held in memory only).
    pub per_minute: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    output_dir: String,
    #[serde(default)]
    output_url: Option<String>,
    #[serde(default)]
    www_dir: Option<String>,
    #[serde(default = "default_schedule")]
    schedule: String,
    #[serde(default = "default_shrink")]
    max_shrink_percent: i64,
    #[serde(default = "default_stale_months")]
    stale_after_months: u32,
    #[serde(default = "default_state_dir")]
    state_dir: String,
    #[serde(default)]
    territories: Vec<TerritoryConfig>,
    #[serde(default)]
    sources: Vec<RawSource>,
    #[serde(default)]
    stats_url: Option<String>,
    #[serde(default)]
    stats_origins: Vec<String>,
    #[serde(default = "default_retention")]
    stats_retention_months: u32,
    #[serde(default = "default_per_minute")]
    stats_per_minute: u32,
}

fn default_retention() -> u32 {
    24
}
fn default_per_minute() -> u32 {
    20
}

fn default_schedule() -> String {
    "0 0 4 * * *".into()
}
fn default_shrink() -> i64 {
    30
}
fn default_stale_months() -> u32 {
    18
}
fn default_state_dir() -> String {
    "state".into()
}

/// One `[[territories]]` table.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TerritoryConfig {
    pub id: String,
    pub name: String,
    /// INSEE code of the centre commune.
    pub insee: String,
    pub radius_km: f64,
    #[serde(default)]
    pub contacts: Vec<ContactConfig>,
}

/// A trusted adviser listed in the config (`[[territories.contacts]]`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactConfig {
    pub kind: ContactKind,
    pub name: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub source_url: Option<String>,
    /// The phone comes from an old or third-party source.
    #[serde(default)]
    pub phone_to_confirm: bool,
}

/// Which upstream format a source speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    FranceServices,
    MediationNumerique,
    AidesTerritoires,
    /// The operator's TOML aid catalogue (`worker/sources/aides-catalogue.toml`).
    AidCatalogue,
    Curated,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::FranceServices => "france-services",
            SourceKind::MediationNumerique => "mediation-numerique",
            SourceKind::AidesTerritoires => "aides-territoires",
            SourceKind::AidCatalogue => "aid-catalogue",
            SourceKind::Curated => "curated",
        }
    }
}

/// How a source's body is written, when the URL does not say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Csv,
    Json,
    Toml,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: String,
    kind: SourceKind,
    url: String,
    #[serde(default)]
    token_env: Option<String>,
    #[serde(default)]
    timeout_s: Option<i64>,
    #[serde(default)]
    format: Option<Format>,
    #[serde(default)]
    max_bytes: Option<i64>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    licence: Option<String>,
}

/// Where a source's bytes come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    Http(String),
    File(PathBuf),
}

/// One `[[sources]]` table, checked.
#[derive(Clone, Debug)]
pub struct SourceConfig {
    pub id: String,
    pub kind: SourceKind,
    pub location: Location,
    /// The `url` as written, for the manifest and snapshots.
    pub url: String,
    pub token_env: Option<String>,
    pub timeout_s: u64,
    pub format: Format,
    pub max_bytes: u64,
    pub name: Option<String>,
    pub licence: Option<String>,
}

const DEFAULT_TIMEOUT_S: u64 = 60;
const DEFAULT_MAX_BYTES: u64 = 200 * 1024 * 1024;

impl Config {
    /// Reads and checks a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            line: 0,
            key: "(file)".into(),
            message: format!("cannot read the config file: {e}"),
        })?;
        Config::parse(path, &text)
    }

    /// Parses config text; `path` names the file and anchors relative paths.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| syntax_error(path, text, &e))?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let err = |key: String, message: String| {
            let line = locate(text, &key);
            ConfigError {
                path: path.to_path_buf(),
                line,
                key,
                message,
            }
        };
        let resolve = |p: &str| -> PathBuf {
            let p = Path::new(p);
            if p.is_absolute() {
                p.to_path_buf()
            } else {
                base.join(p)
            }
        };

        if raw.output_dir.trim().is_empty() {
            return Err(err("output_dir".into(), "must name a folder".into()));
        }
        let output_url = raw
            .output_url
            .as_deref()
            .map(crate::publish::object_url::ObjectUrl::parse)
            .transpose()
            .map_err(|m| err("output_url".into(), m))?;
        let schedule = cron::Schedule::from_str(&raw.schedule).map_err(|e| {
            err(
                "schedule".into(),
                format!("not a cron expression with seconds (e.g. \"0 0 4 * * *\"): {e}"),
            )
        })?;
        let max_shrink_percent = u8::try_from(raw.max_shrink_percent)
            .ok()
            .filter(|p| *p <= 100)
            .ok_or_else(|| {
                err(
                    "max_shrink_percent".into(),
                    "must be between 0 and 100".into(),
                )
            })?;
        if raw.territories.is_empty() {
            return Err(err(
                "territories".into(),
                "at least one [[territories]] is needed".into(),
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for (i, t) in raw.territories.iter().enumerate() {
            let k = |f: &str| format!("territories[{i}].{f}");
            if !is_slug(&t.id) {
                return Err(err(
                    k("id"),
                    "must be lowercase letters, digits and '-' (it names a file)".into(),
                ));
            }
            if !seen.insert(t.id.clone()) {
                return Err(err(
                    k("id"),
                    format!("territory `{}` is listed twice", t.id),
                ));
            }
            if t.name.trim().is_empty() {
                return Err(err(k("name"), "must not be empty".into()));
            }
            if crate::area::commune_centre(&t.insee).is_none() {
                return Err(err(
                    k("insee"),
                    format!("`{}` is not the INSEE code of a known commune", t.insee),
                ));
            }
            if !(t.radius_km.is_finite() && t.radius_km > 0.0 && t.radius_km <= 200.0) {
                return Err(err(
                    k("radius_km"),
                    "must be more than 0 and at most 200".into(),
                ));
            }
        }
        let mut sources = Vec::with_capacity(raw.sources.len());
        let mut seen = std::collections::HashSet::new();
        for (i, s) in raw.sources.into_iter().enumerate() {
            let k = |f: &str| format!("sources[{i}].{f}");
            if !is_slug(&s.id) {
                return Err(err(
                    k("id"),
                    "must be lowercase letters, digits and '-' (it names a file)".into(),
                ));
            }
            if !seen.insert(s.id.clone()) {
                return Err(err(k("id"), format!("source `{}` is listed twice", s.id)));
            }
            let url = s.url.trim().to_string();
            let location = if url.starts_with("http://") || url.starts_with("https://") {
                if reqwest::Url::parse(&url).is_err() {
                    return Err(err(k("url"), "is not a valid URL".into()));
                }
                Location::Http(url.clone())
            } else if url.is_empty() || url.contains("://") {
                return Err(err(
                    k("url"),
                    "must be an http(s):// URL or a file path".into(),
                ));
            } else {
                Location::File(resolve(&url))
            };
            if s.token_env.is_some() && matches!(location, Location::File(_)) {
                return Err(err(
                    k("token_env"),
                    "only makes sense for an http(s) URL".into(),
                ));
            }
            let timeout_s = match s.timeout_s {
                None => DEFAULT_TIMEOUT_S,
                Some(t) if (1..=3600).contains(&t) => t as u64,
                Some(_) => {
                    return Err(err(
                        k("timeout_s"),
                        "must be between 1 and 3600 seconds".into(),
                    ))
                }
            };
            let max_bytes = match s.max_bytes {
                None => DEFAULT_MAX_BYTES,
                Some(b) if b > 0 => b as u64,
                Some(_) => return Err(err(k("max_bytes"), "must be positive".into())),
            };
            let format = s.format.unwrap_or_else(|| guess_format(s.kind, &url));
            sources.push(SourceConfig {
                id: s.id,
                kind: s.kind,
                location,
                url,
                token_env: s.token_env,
                timeout_s,
                format,
                max_bytes,
                name: s.name,
                licence: s.licence,
            });
        }
        let state_dir = resolve(&raw.state_dir);
        let stats_url = match raw.stats_url.as_deref().map(str::trim) {
            None | Some("") => format!(
                "sqlite://{}?mode=rwc",
                state_dir.join("stats.sqlite").display()
            ),
            Some(u) if u.starts_with("postgres://") || u.starts_with("postgresql://") => {
                u.to_string()
            }
            Some(u) => match u.strip_prefix("sqlite://") {
                Some(file) => format!(
                    "sqlite://{}?mode=rwc",
                    resolve(file.split('?').next().unwrap_or(file)).display()
                ),
                None => {
                    return Err(err(
                        "stats_url".into(),
                        "must start with sqlite:// or postgres://".into(),
                    ))
                }
            },
        };
        for (i, o) in raw.stats_origins.iter().enumerate() {
            let ok = o.split_once("://").is_some_and(|(scheme, host)| {
                matches!(scheme, "https" | "http")
                    && !host.is_empty()
                    && !host.contains(['/', ' ', '?', '#'])
            });
            if !ok {
                return Err(err(
                    format!("stats_origins[{i}]"),
                    "must be an origin: scheme and host, no path (e.g. \"https://www.cci.fr\")"
                        .into(),
                ));
            }
        }
        if raw.stats_retention_months == 0 || raw.stats_per_minute == 0 {
            return Err(err(
                "stats_retention_months".into(),
                "stats_retention_months and stats_per_minute must be at least 1".into(),
            ));
        }
        Ok(Config {
            stats: StatsConfig {
                url: stats_url,
                origins: raw.stats_origins,
                retention_months: raw.stats_retention_months,
                per_minute: raw.stats_per_minute,
            },
            path: path.to_path_buf(),
            output_dir: resolve(&raw.output_dir),
            output_url,
            www_dir: raw.www_dir.as_deref().map(resolve),
            schedule,
            schedule_text: raw.schedule,
            max_shrink_percent,
            stale_after_months: raw.stale_after_months,
            state_dir,
            territories: raw.territories,
            sources,
        })
    }
}

fn guess_format(kind: SourceKind, url: &str) -> Format {
    let lower = url.to_ascii_lowercase();
    let path = lower.split(['?', '#']).next().unwrap_or("");
    if path.ends_with(".csv") {
        Format::Csv
    } else if path.ends_with(".toml") {
        Format::Toml
    } else if path.ends_with(".json") {
        Format::Json
    } else {
        match kind {
            SourceKind::FranceServices => Format::Csv,
            SourceKind::Curated | SourceKind::AidCatalogue => Format::Toml,
            _ => Format::Json,
        }
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Turns a TOML/serde error into one naming the key and the line.
fn syntax_error(path: &Path, text: &str, e: &toml::de::Error) -> ConfigError {
    let line = e
        .span()
        .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
        .unwrap_or(0);
    let message = e.message().trim().to_string();
    let key = e
        .span()
        .map(|s| key_at(text, s.start))
        .filter(|k| !k.is_empty())
        .unwrap_or_else(|| "(syntax)".into());
    ConfigError {
        path: path.to_path_buf(),
        line,
        key,
        message,
    }
}

/// The key written on the line holding byte `offset`.
fn key_at(text: &str, offset: usize) -> String {
    let start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = text[start..].lines().next().unwrap_or("");
    match line.split_once('=') {
        Some((k, _)) => k.trim().to_string(),
        None => line.trim().trim_matches(['[', ']']).to_string(),
    }
}

/// Finds the line of a dotted key like `territories[1].insee` by walking
/// the text: good enough for the flat files operators write, and it keeps
/// the error pointing at what they typed.
fn locate(text: &str, key: &str) -> usize {
    let (table, index, field) = match key.split_once('[') {
        Some((table, rest)) => {
            let (idx, field) = rest
                .split_once("].")
                .unwrap_or((rest.trim_end_matches(']'), ""));
            (Some(table), idx.parse::<usize>().unwrap_or(0), field)
        }
        None => (None, 0, key),
    };
    let mut count = 0usize;
    let mut in_target = table.is_none();
    let mut table_line = 0;
    for (n, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('[') {
            if let Some(table) = table {
                let header = t.trim_matches(['[', ']']).trim();
                if t.starts_with("[[") && header == table {
                    in_target = count == index;
                    if in_target {
                        table_line = n + 1;
                    }
                    count += 1;
                    continue;
                }
                if !header.starts_with(&format!("{table}.")) {
                    in_target = false;
                }
            } else {
                in_target = false;
            }
            continue;
        }
        if in_target && !field.is_empty() {
            if let Some((k, _)) = t.split_once('=') {
                if k.trim() == field {
                    return n + 1;
                }
            }
        }
    }
    table_line
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
output_dir = "../www/data"
schedule = "0 0 4 * * *"
max_shrink_percent = 30

[[territories]]
id = "arras"
name = "Arras"
insee = "62041"
radius_km = 20

[[sources]]
id = "fs"
kind = "france-services"
url = "sources/fs.csv"
"#;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("/etc/tpe/worker.toml"), text)
    }

    #[test]
    fn paths_are_relative_to_the_config_file() {
        let c = parse(GOOD).unwrap();
        assert_eq!(c.output_dir, Path::new("/etc/tpe/../www/data"));
        assert_eq!(c.state_dir, Path::new("/etc/tpe/state"));
        assert_eq!(
            c.sources[0].location,
            Location::File("/etc/tpe/sources/fs.csv".into())
        );
        assert_eq!(c.sources[0].format, Format::Csv);
    }

    #[test]
    fn an_unknown_key_is_named_with_its_line() {
        let text = GOOD.replace("radius_km = 20", "radius_km = 20\nraduis = 3");
        let e = parse(&text).unwrap_err();
        assert_eq!(e.key, "raduis");
        assert_eq!(e.line, 11, "{e}");
    }

    #[test]
    fn a_semantic_error_points_at_the_key_of_the_right_table() {
        let text = format!("{GOOD}\n[[territories]]\nid = \"calais\"\nname = \"Calais\"\ninsee = \"99999\"\nradius_km = 20\n");
        let e = parse(&text).unwrap_err();
        assert_eq!(e.key, "territories[1].insee");
        assert_eq!(e.line, 20, "{e}");
        assert!(e.to_string().contains("99999"));
    }

    #[test]
    fn bad_values_are_refused_with_the_key() {
        for (from, to, key) in [
            (
                "max_shrink_percent = 30",
                "max_shrink_percent = 130",
                "max_shrink_percent",
            ),
            ("0 0 4 * * *", "every night", "schedule"),
            (
                "radius_km = 20",
                "radius_km = -1",
                "territories[0].radius_km",
            ),
            ("id = \"arras\"", "id = \"../arras\"", "territories[0].id"),
            (
                "url = \"sources/fs.csv\"",
                "url = \"ftp://x/y.csv\"",
                "sources[0].url",
            ),
            ("kind = \"france-services\"", "kind = \"ftp\"", "kind"),
            (
                "max_shrink_percent = 30",
                "max_shrink_percent = 30\noutput_url = \"https://bucket/x\"",
                "output_url",
            ),
        ] {
            let e = parse(&GOOD.replace(from, to)).unwrap_err();
            assert_eq!(e.key, key, "{e}");
            assert!(e.line > 0, "{e}");
        }
    }
}
