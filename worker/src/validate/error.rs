//! Why a record or a value was refused. The messages are what operators
//! read in `report.json`: they say what is wrong in the source's own terms.

use serde::Serialize;
use thiserror::Error;

/// A refused record or field: which field, and why.
#[derive(Clone, Debug, PartialEq, Error, Serialize)]
#[error("{field}: {kind}")]
pub struct ValidationError {
    pub field: String,
    pub kind: ValidationErrorKind,
}

impl ValidationError {
    pub fn new(field: impl Into<String>, kind: ValidationErrorKind) -> ValidationError {
        ValidationError {
            field: field.into(),
            kind,
        }
    }
}

/// What is wrong with a value. Worded for the operator who will fix the
/// source, not for the developer.
#[derive(Clone, Debug, PartialEq, Error, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ValidationErrorKind {
    #[error("is required but missing or empty")]
    Missing,
    #[error("code_postal must be 5 digits")]
    PostalCode,
    #[error("code_insee must be a 5-character INSEE code")]
    InseeCode,
    #[error("coordinates are outside metropolitan France and the overseas departments")]
    OutsideFrance,
    #[error("coordinates are not numbers")]
    CoordinatesNotNumbers,
    #[error("only http:// and https:// links are published (got {scheme}:)")]
    UrlScheme { scheme: String },
    #[error("is not a valid web address")]
    UrlInvalid,
    #[error("is not a French phone number (+33 and 9 digits, or an overseas prefix)")]
    Phone,
    #[error("is not a valid e-mail address")]
    Email,
    #[error(
        "looks like a named person's e-mail (firstname.lastname@…): personal data, not published"
    )]
    PersonalEmail,
    #[error("is longer than {max} characters and was cut")]
    TooLong { max: usize },
    #[error("contained HTML or Markdown, published as plain text")]
    Markup,
    #[error("had broken accents (text decoded twice) and was repaired")]
    Mojibake,
    #[error(
        "opening hours are not in the OpenStreetMap format and have no weekly schedule: {detail}"
    )]
    Hours { detail: String },
    #[error("is not a date (YYYY-MM-DD or DD/MM/YYYY)")]
    Date,
    #[error("the same id appears earlier in this source; this record was skipped")]
    DuplicateId,
    #[error("`{value}` is not a value of the standard and was dropped")]
    UnknownValue { value: String },
    #[error("the deadline {date} has passed")]
    Expired { date: String },
    #[error("the aid does not target businesses (targeted_audiences)")]
    NotForBusinesses,
    #[error(
        "perimeter `{name}` is not one the worker can place; add it to the curated aid overlay"
    )]
    UnknownPerimeter { name: String },
    #[error("the row could not be read: {detail}")]
    Unreadable { detail: String },
    #[error("{detail}")]
    Other { detail: String },
}
