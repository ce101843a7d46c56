//! The validation report (`report.json`): every rejected record, every
//! dropped or cleaned field, every source and territory outcome. It is the
//! operator's answer to "why is this venue missing?".

use crate::decode::Encoding;
use crate::validate::ValidationError;
use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use tpe_shared::model::SourceStatus;

/// What happened to a record or a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The whole record is not published.
    Rejected,
    /// The record is published without this field's value.
    FieldDropped,
    /// The value was changed to be publishable.
    Cleaned,
    /// Published as is; something to know (e.g. hours kept raw only).
    Warning,
    /// Merged into another record as the same venue.
    Merged,
}

/// One line of the report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entry {
    pub source: String,
    pub record_id: String,
    pub action: Action,
    pub field: String,
    pub reason: String,
}

/// How one source went.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceOutcome {
    pub id: String,
    pub status: SourceStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<Encoding>,
    pub kept: usize,
    pub rejected: usize,
    /// Of the kept venues, those outside every territory (not published).
    #[serde(skip_serializing_if = "is_zero")]
    pub outside: usize,
    pub stale: bool,
    /// Kept venue records older than `stale_after_months`.
    #[serde(skip_serializing_if = "is_zero")]
    pub old_records: usize,
    /// Why the source failed, when it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fetched_at: Option<DateTime<FixedOffset>>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// How one territory went.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TerritoryOutcome {
    pub id: String,
    pub venues: usize,
    pub aids: usize,
    pub published: bool,
    /// Why it was not published, or was left unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The whole report of a run.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generated_at: Option<DateTime<FixedOffset>>,
    pub sources: Vec<SourceOutcome>,
    pub territories: Vec<TerritoryOutcome>,
    /// Per territory, the venues never proposed to business owners and why
    /// (publics that are not business owners, or the operator's decision).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub left_out: Vec<LeftOutCount>,
    pub entries: Vec<Entry>,
}

/// "In Arras, 3 venues are left out because they address children only."
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LeftOutCount {
    pub territory: String,
    /// `operator`, or the audience id of `[venue_rules]` (`children`, …).
    pub reason: String,
    pub venues: usize,
}

/// Collects entries for one source while it is validated.
#[derive(Clone, Debug, Default)]
pub struct SourceLog {
    pub source: String,
    pub entries: Vec<Entry>,
}

impl SourceLog {
    pub fn new(source: &str) -> SourceLog {
        SourceLog {
            source: source.to_string(),
            entries: Vec::new(),
        }
    }

    pub fn push(
        &mut self,
        record_id: &str,
        action: Action,
        field: &str,
        reason: impl Into<String>,
    ) {
        self.entries.push(Entry {
            source: self.source.clone(),
            record_id: record_id.to_string(),
            action,
            field: field.to_string(),
            reason: reason.into(),
        });
    }

    pub fn error(&mut self, record_id: &str, action: Action, e: &ValidationError) {
        self.push(record_id, action, &e.field, e.kind.to_string());
    }

    pub fn count(&self, action: Action) -> usize {
        self.entries.iter().filter(|e| e.action == action).count()
    }
}

impl Report {
    pub fn count(&self, source: &str, action: Action) -> usize {
        self.entries
            .iter()
            .filter(|e| e.source == source && e.action == action)
            .count()
    }

    /// A short human summary, printed at the end of `sync` and `validate`.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        for s in &self.sources {
            out.push_str(&format!(
                "source {:<24} {:<12} kept {:>5}  rejected {:>5}{}{}{}\n",
                s.id,
                format!("{:?}", s.status).to_lowercase(),
                s.kept,
                s.rejected,
                if s.outside > 0 {
                    format!("  ({} outside every territory)", s.outside)
                } else {
                    String::new()
                },
                if s.stale {
                    "  (stale: last good data used)"
                } else {
                    ""
                },
                s.error
                    .as_deref()
                    .map(|e| format!("  error: {e}"))
                    .unwrap_or_default(),
            ));
        }
        for t in &self.territories {
            out.push_str(&format!(
                "territory {:<21} venues {:>4}  aids {:>3}  {}{}\n",
                t.id,
                t.venues,
                t.aids,
                if t.published {
                    "published"
                } else {
                    "NOT published"
                },
                t.note
                    .as_deref()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default(),
            ));
        }
        let count = |a| self.entries.iter().filter(|e| e.action == a).count();
        out.push_str(&format!(
            "report: {} rejected, {} fields dropped, {} cleaned, {} merged, {} warnings\n",
            count(Action::Rejected),
            count(Action::FieldDropped),
            count(Action::Cleaned),
            count(Action::Merged),
            count(Action::Warning),
        ));
        out
    }
}
