//! The data the worker publishes and the widget reads.
//!
//! Field names of [`Venue`] follow the national digital-mediation venue
//! standard v1.0.2 so that exports and imports stay a plain mapping.

mod aid;
mod manifest;
mod snapshot;
mod territory;
mod topic;
mod venue;

pub use aid::{Aid, AidKind, AmountRange, Eligibility, Perimeter, RateRange, Registry, TopicNote};
pub use manifest::{Manifest, ManifestSource, ManifestTerritory, SourceStatus};
pub use snapshot::{SourceInfo, TerritorySnapshot};
pub use territory::{Contact, ContactKind, Territory};
pub use topic::Topic;
pub use venue::{BusinessOffer, OperatorDecision, SourceRef, Venue};

/// Version of the published JSON. Bump it on any breaking change so that a
/// widget never misreads data made for another version.
pub const SCHEMA_VERSION: u32 = 1;
