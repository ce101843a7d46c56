//! The sync worker: open data in, validated per-territory snapshots out.
//!
//! Data flows one way through the modules: [`fetch`] brings raw bytes (or
//! the last good copy), [`decode`] turns them into text, [`sources`] reads
//! each upstream format into raw records, [`validate`] (with [`clean`])
//! turns them into model values or typed rejections, [`dedup`] merges the
//! same venue seen twice, [`assemble`] cuts one snapshot per territory and
//! [`publish`] writes them atomically. [`sync`] runs that pipeline once;
//! [`schedule`] and [`serve`] are the long-running modes.
//!
//! Architecture invariant: only this crate knows upstream formats; what it
//! publishes is exactly `tpe_shared::model`.

pub mod area;
pub mod assemble;
pub mod clean;
pub mod collect;
pub mod config;
pub mod decode;
pub mod dedup;
pub mod desk;
pub mod export;
pub mod fetch;
pub mod ingest;
pub mod logging;
pub mod publish;
pub mod report;
pub mod schedule;
pub mod seen;
pub mod serve;
pub mod sources;
pub mod sync;
pub mod time;
pub mod validate;
