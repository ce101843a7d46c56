//! The domain engine of Diagnostic numérique TPE.
//!
//! Everything that decides something lives here — scores, alerts, priorities,
//! aid eligibility, venue ranking, distances, "open now" — so that it is
//! unit-tested natively and runs identically in the browser. This crate does
//! no I/O: callers hand it data and the current time.

pub mod base64url;
pub mod communes;
pub mod contrast;
pub mod dates;
pub mod decimal;
pub mod desk;
pub mod duties;
pub mod format;
pub mod french_spacing;
pub mod geo;
pub mod hours;
pub mod i18n;
pub mod json;
pub mod links;
pub mod model;
pub mod pathway;
pub mod portable;
pub mod priorities;
pub mod questionnaire;
pub mod scoring;
pub mod sort;
pub mod stats;
pub mod summary;
pub mod trig;

pub use i18n::{Lang, Text};
