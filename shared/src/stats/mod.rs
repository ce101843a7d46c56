//! What an owner may choose to share, anonymously, and what the pilot may
//! show of it. Two records ([`SharedResult`], [`Outcome`]) with a strict
//! schema: only coarse, listed fields (no commune, no answers, no free
//! text, no time finer than the ISO week, no identifier that lasts), each
//! checked against the questionnaire. Aggregates never show a cell built
//! from fewer than [`MIN_CELL`] records.

mod aggregate;
mod json;
mod record;
mod small_cells;

pub use aggregate::{Aggregate, TerritoryMonth};
pub use record::{
    iso_week, HelpKind, Helped, Opened, Outcome, RecordError, SharedResult, STATS_SCHEMA,
};
pub use small_cells::{cell, Cell, MIN_CELL};
