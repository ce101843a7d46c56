//! What the desk says about the data of one territory: old records per
//! source, venues without contact or hours, merged records, fields the
//! worker cleaned or dropped (from the report), aids to confirm, expired
//! aids refused, chamber contacts without a phone.

use super::DeskInput;
use crate::report::Action;
use std::collections::BTreeMap;
use tpe_shared::communes::CommuneIndex;
use tpe_shared::model::{ContactKind, TerritorySnapshot};
use tpe_shared::pathway::stale_since;

pub struct Quality {
    /// Source id → (venues of this territory, of which older than the limit).
    pub by_source: BTreeMap<String, (usize, usize)>,
    pub without_contact: Vec<String>,
    pub without_hours: Vec<String>,
    /// Venues placed at their commune's centre (no coordinates).
    pub without_position: Vec<String>,
    /// Venues built from several source records.
    pub merged: usize,
    /// Names held by several published venues (the merge found them too
    /// far apart or too different): possible duplicates to check.
    pub same_name: Vec<(String, usize)>,
    /// (source, what happened, field, reason) → count, for this territory's venues.
    pub cleaned: BTreeMap<(String, String, String, String), usize>,
    pub aids_to_confirm: Vec<(String, String)>,
    /// Chambers of the territory with no phone number.
    pub chambers_without_phone: Vec<String>,
    pub stale_after_months: u32,
}

pub fn of(snap: &TerritorySnapshot, input: &DeskInput<'_>, communes: &CommuneIndex) -> Quality {
    let today = input.generated_at.date_naive();
    let mut by_source: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut merged = 0;
    for v in &snap.venues {
        let old = stale_since(v, today, input.stale_after_months).is_some();
        for r in &v.source_refs {
            let e = by_source.entry(r.source.clone()).or_default();
            e.0 += 1;
            e.1 += usize::from(old);
        }
        merged += usize::from(v.source_refs.len() > 1);
    }
    let names = |f: &dyn Fn(&tpe_shared::model::Venue) -> bool| -> Vec<String> {
        snap.venues
            .iter()
            .filter(|v| f(v))
            .map(|v| v.nom.clone())
            .collect()
    };
    let mut cleaned = BTreeMap::new();
    for e in &input.report.entries {
        let mine = snap.venues.iter().any(|v| {
            v.source_refs
                .iter()
                .any(|r| r.source == e.source && r.id == e.record_id)
        });
        if mine && e.action != Action::Merged {
            let what = action_fr(e.action).to_string();
            *cleaned
                .entry((e.source.clone(), what, e.field.clone(), e.reason.clone()))
                .or_insert(0) += 1;
        }
    }
    let mut by_name: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for v in &snap.venues {
        let e = by_name
            .entry(v.nom.to_lowercase())
            .or_insert_with(|| (v.nom.clone(), 0));
        e.1 += 1;
    }
    Quality {
        same_name: by_name.into_values().filter(|(_, n)| *n > 1).collect(),
        by_source,
        without_contact: names(&|v| !v.has_contact()),
        without_hours: names(&|v| v.schedule.is_none()),
        without_position: names(&|v| {
            v.position().is_none() && tpe_shared::desk::position(communes, v).is_some()
        }),
        merged,
        cleaned,
        aids_to_confirm: snap
            .aids
            .iter()
            .filter_map(|a| {
                let what = a.to_confirm.as_ref()?;
                Some((a.name.clone(), what.fr.clone()))
            })
            .collect(),
        chambers_without_phone: snap
            .territory
            .contacts
            .iter()
            .filter(|c| matches!(c.kind, ContactKind::Cci | ContactKind::Cma) && c.phone.is_none())
            .map(|c| c.name.clone())
            .collect(),
        stale_after_months: input.stale_after_months,
    }
}

pub fn action_fr(a: Action) -> &'static str {
    match a {
        Action::Rejected => "refusée",
        Action::FieldDropped => "champ retiré",
        Action::Cleaned => "corrigée",
        Action::Warning => "avertissement",
        Action::Merged => "fusionnée",
    }
}
