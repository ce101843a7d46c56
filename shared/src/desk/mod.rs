//! What the pilot's desk decides: which venues could build an offer for
//! business owners ([`candidate`]) and which needs have no help nearby
//! ([`coverage`]). The worker only renders these; the wording is French,
//! the association's language.

pub mod candidate;
pub mod coverage;
mod rules;

pub use candidate::{rank, Candidate, Reason};
pub use coverage::{coverage, gaps, AdviserReach, NeedCoverage, RINGS_KM};
pub use rules::{CandidateRules, PlaceKind, ProgrammeRule, RULES_TOML};

use crate::communes::CommuneIndex;
use crate::geo::GeoPoint;
use crate::model::Venue;

/// Where a venue is for the desk: its own position, else its commune's
/// centre (`true`: approximate).
pub fn position(communes: &CommuneIndex, venue: &Venue) -> Option<(GeoPoint, bool)> {
    match venue.position() {
        Some(p) => Some((p, false)),
        None => crate::pathway::commune_of(communes, venue).map(|(_, p)| (p, true)),
    }
}
