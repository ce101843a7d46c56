//! The weights of the candidate score, as data (`shared/desk-rules.toml`).

use serde::Deserialize;

/// The shipped rules, for the worker to parse (the widget never needs them).
pub const RULES_TOML: &str = include_str!("../../desk-rules.toml");

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CandidateRules {
    pub points_per_need: i32,
    pub needs_cap: u32,
    /// Minutes after midnight.
    pub opens_before: u16,
    pub closes_after: u16,
    pub early_or_late: i32,
    pub saturday: i32,
    pub by_appointment: i32,
    pub short_week_hours: u32,
    pub short_week: i32,
    pub hours_unknown: i32,
    /// `[km, points]`, nearest ring first.
    pub distance_rings: Vec<(f64, i32)>,
    pub contact_published: i32,
    pub no_contact: i32,
    pub old_record: i32,
    pub kinds: Vec<PlaceKind>,
    #[serde(default)]
    pub programmes: Vec<ProgrammeRule>,
}

/// A kind of place and how it is recognised.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceKind {
    pub label: String,
    pub points: i32,
    #[serde(default)]
    pub typologies: Vec<String>,
    #[serde(default)]
    pub programmes: Vec<String>,
    /// Lower case, without accents.
    #[serde(default)]
    pub name_words: Vec<String>,
}

/// A national programme whose presence is a reason on its own.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeRule {
    pub name: String,
    pub label: String,
    pub points: i32,
}
