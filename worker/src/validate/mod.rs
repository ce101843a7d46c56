//! Records to model values. Each function takes a raw record from an
//! adapter and returns a publishable value with notes on what was cleaned,
//! or a typed [`ValidationError`] saying why the record is refused.

mod aid;
mod error;
mod venue;

pub use aid::{clean_aid, validate_aid, AidContext, CheckedAid};
pub use error::{ValidationError, ValidationErrorKind};
pub use venue::{check_required, is_insee, read_hours, validate_venue, HoursCache};

use crate::clean::text::{clean_text, TextChanges};
use crate::report::{Action, SourceLog};

/// Cleans one text field and logs what changed. `None` when empty.
pub(crate) fn text_field(
    log: &mut SourceLog,
    id: &str,
    field: &str,
    raw: Option<&str>,
    max: usize,
    multiline: bool,
) -> Option<String> {
    let raw = raw?;
    let (value, changes) = clean_text(raw, max, multiline);
    note_changes(log, id, field, changes, max);
    value
}

fn note_changes(log: &mut SourceLog, id: &str, field: &str, c: TextChanges, max: usize) {
    if c.mojibake {
        log.push(
            id,
            Action::Cleaned,
            field,
            ValidationErrorKind::Mojibake.to_string(),
        );
    }
    if c.markup {
        log.push(
            id,
            Action::Cleaned,
            field,
            ValidationErrorKind::Markup.to_string(),
        );
    }
    if c.truncated {
        log.push(
            id,
            Action::Cleaned,
            field,
            ValidationErrorKind::TooLong { max }.to_string(),
        );
    }
}

/// Parses `YYYY-MM-DD` or `DD/MM/YYYY` (Aidants Connect writes the latter).
pub(crate) fn parse_date(raw: &str) -> Option<chrono::NaiveDate> {
    let s = raw.trim();
    let s = s.get(..10).unwrap_or(s);
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
}
