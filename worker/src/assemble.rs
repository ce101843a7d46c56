//! From all sources' validated values to one snapshot per territory: the
//! venues merged across sources, the curated overlay joined, aids placed,
//! then per territory the venues within the radius (or, without
//! coordinates, in one of the area's communes) and the aids whose perimeter
//! covers it.

use crate::area::{self, Area};
use crate::clean::{email::clean_email, phone::clean_phone, text::clean_text, url::clean_url};
use crate::config::TerritoryConfig;
use crate::dedup::dedup;
use crate::ingest::SourceData;
use crate::report::{Action, Entry};
use crate::sources::curated::{Curated, OverrideAction};
use crate::validate::ValidationErrorKind;
use chrono::{DateTime, FixedOffset, NaiveDate};
use std::cmp::Ordering;
use tpe_shared::geo::GeoPoint;
use tpe_shared::model::{
    Aid, Contact, ContactKind, OperatorDecision, Perimeter, SourceInfo, Territory,
    TerritorySnapshot, Venue,
};

/// Everything known this run, before cutting per territory.
#[derive(Clone, Debug, Default)]
pub struct Catalogue {
    pub venues: Vec<Venue>,
    pub aids: Vec<Aid>,
    pub curated: Curated,
}

/// Merges the sources (in config order) and joins the curated overlay.
pub fn catalogue(sources: &[(&str, &SourceData)], today: NaiveDate) -> (Catalogue, Vec<Entry>) {
    let mut entries = Vec::new();
    let mut curated = Curated::default();
    let mut curated_source = "curated".to_string();
    for (id, data) in sources {
        if let Some(c) = &data.curated {
            curated_source = id.to_string();
            curated.offers.extend(c.offers.iter().cloned());
            curated.aid_overlays.extend(c.aid_overlays.iter().cloned());
            curated.aids.extend(c.aids.iter().cloned());
            curated.contacts.extend(c.contacts.iter().cloned());
            curated
                .venue_overrides
                .extend(c.venue_overrides.iter().cloned());
        }
    }
    let all: Vec<Venue> = sources
        .iter()
        .flat_map(|(_, d)| d.venues.iter().cloned())
        .collect();
    let (mut venues, merged) = dedup(all);
    entries.extend(merged);

    let note = |entries: &mut Vec<Entry>, record: &str, action, field: &str, reason: String| {
        entries.push(Entry {
            source: curated_source.clone(),
            record_id: record.to_string(),
            action,
            field: field.into(),
            reason,
        });
    };
    for o in &curated.offers {
        let target = venues.iter_mut().find(|v| {
            v.id == o.venue
                || v.source_refs
                    .iter()
                    .any(|r| format!("{}:{}", r.source, r.id) == o.venue)
        });
        match target {
            Some(v) => v.business_offer = Some(clean_offer(&o.offer())),
            None => note(
                &mut entries,
                &o.venue,
                Action::Warning,
                "venue",
                "no published venue has this id; the offer waits for it".into(),
            ),
        }
    }

    for o in &curated.venue_overrides {
        let target = venues.iter_mut().find(|v| {
            v.id == o.venue
                || v.source_refs
                    .iter()
                    .any(|r| format!("{}:{}", r.source, r.id) == o.venue)
        });
        let reason = clean_text(&o.reason, 300, false).0.unwrap_or_default();
        match target {
            Some(_) if reason.is_empty() => note(
                &mut entries,
                &o.venue,
                Action::Rejected,
                "reason",
                "a venue override needs a reason".into(),
            ),
            Some(v) => {
                let proposed = o.action == OverrideAction::Include;
                note(
                    &mut entries,
                    &o.venue,
                    Action::Warning,
                    "operator",
                    format!(
                        "{} by the operator: {reason}",
                        if proposed { "proposed" } else { "left out" }
                    ),
                );
                v.operator = Some(OperatorDecision { proposed, reason });
            }
            None => note(
                &mut entries,
                &o.venue,
                Action::Warning,
                "venue",
                "no published venue has this id; the override waits for it".into(),
            ),
        }
    }

    // The association fills these in with the numbers its partners give.
    for c in &curated.contacts {
        if matches!(c.kind, ContactKind::Cci | ContactKind::Cma) && c.phone.is_none() {
            note(
                &mut entries,
                &format!("{}:{}", c.territory, c.name),
                Action::Warning,
                "phone",
                "chamber without a phone number: ask it for one and add it here".into(),
            );
        }
    }

    let mut aids = Vec::new();
    for (source, data) in sources {
        for checked in &data.aids {
            let mut aid = checked.aid.clone();
            let overlay = curated.aid_overlays.iter().find(|o| o.aid == aid.id);
            if let Some(o) = overlay {
                o.apply(&mut aid);
            }
            let placed = checked.placed || overlay.is_some_and(|o| o.perimeter.is_some());
            if !placed {
                let name = checked
                    .perimeter_name
                    .clone()
                    .unwrap_or_else(|| "(none)".into());
                entries.push(Entry {
                    source: source.to_string(),
                    record_id: aid.id.clone(),
                    action: Action::Rejected,
                    field: "perimeter".into(),
                    reason: ValidationErrorKind::UnknownPerimeter { name }.to_string(),
                });
                continue;
            }
            aids.push(aid);
        }
    }
    for a in &curated.aids {
        match crate::validate::clean_aid(a, today) {
            Ok(a) => aids.push(a),
            Err(reason) => note(&mut entries, &a.id, Action::Rejected, "(aid)", reason),
        }
    }
    for o in &curated.aid_overlays {
        if !aids.iter().any(|a| a.id == o.aid) {
            note(
                &mut entries,
                &o.aid,
                Action::Warning,
                "aid",
                "no aid with this id this run (expired, rejected or gone)".into(),
            );
        }
    }
    (
        Catalogue {
            venues,
            aids,
            curated,
        },
        entries,
    )
}

/// One territory's snapshot.
pub fn snapshot(
    cat: &Catalogue,
    t: &TerritoryConfig,
    sources: Vec<SourceInfo>,
    generated_at: DateTime<FixedOffset>,
) -> Option<TerritorySnapshot> {
    let centre = area::commune_centre(&t.insee)?;
    let area = Area::around(centre, t.radius_km);
    let (region, department) = area::region_and_department(&t.insee).unwrap_or_default();
    let mut territory = Territory {
        id: t.id.clone(),
        name: t.name.clone(),
        insee: t.insee.clone(),
        centre,
        radius_km: t.radius_km,
        communes: area.insee.iter().cloned().collect(),
        epcis: area::epci_of(&t.insee).into_iter().collect(),
        contacts: Vec::new(),
    };
    for c in &t.contacts {
        territory.contacts.push(clean_contact(Contact {
            kind: c.kind,
            name: c.name.clone(),
            phone: c.phone.clone(),
            email: c.email.clone(),
            url: c.url.clone(),
            address: c.address.clone(),
            source_url: c.source_url.clone(),
            phone_to_confirm: c.phone_to_confirm,
        }));
    }
    for c in cat.curated.contacts.iter().filter(|c| c.territory == t.id) {
        territory.contacts.push(clean_contact(Contact {
            kind: c.kind,
            name: c.name.clone(),
            phone: c.phone.clone(),
            email: c.email.clone(),
            url: c.url.clone(),
            address: c.address.clone(),
            source_url: c.source_url.clone(),
            phone_to_confirm: c.phone_to_confirm,
        }));
    }
    territory.contacts.retain(|c| !c.name.is_empty());

    let mut venues: Vec<(Option<f64>, &Venue)> = cat
        .venues
        .iter()
        .filter_map(|v| match v.position() {
            Some(p) => {
                let d = centre.distance_km(p);
                (d <= t.radius_km).then_some((Some(d), v))
            }
            None => area.contains(v).then_some((None, v)),
        })
        .collect();
    venues.sort_by(|a, b| match (a.0, b.0) {
        (Some(x), Some(y)) => x
            .partial_cmp(&y)
            .unwrap_or(Ordering::Equal)
            .then_with(|| a.1.id.cmp(&b.1.id)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.1.id.cmp(&b.1.id),
    });
    let aids: Vec<Aid> = cat
        .aids
        .iter()
        .filter(|a| covers(&a.eligibility.perimeter, &region, &department, &area))
        .cloned()
        .collect();
    let mut snap = TerritorySnapshot::new(territory, generated_at);
    snap.venues = venues.into_iter().map(|(_, v)| v.clone()).collect();
    snap.aids = aids;
    snap.sources = sources;
    Some(snap)
}

/// Whether an aid's perimeter may cover owners of a territory: its centre's
/// region or department, one of its communes, or the EPCI of one of them.
/// The widget then decides for the owner's own commune.
pub fn covers(p: &Perimeter, region: &str, department: &str, area: &Area) -> bool {
    p.is_national()
        || p.regions.iter().any(|r| r == region)
        || p.departments.iter().any(|d| d == department)
        || p.communes.iter().any(|c| area.insee.contains(c))
        || (!p.epcis.is_empty()
            && area
                .insee
                .iter()
                .filter_map(|c| area::epci_of(c))
                .any(|e| p.epcis.contains(&e)))
}

fn clean_offer(o: &tpe_shared::model::BusinessOffer) -> tpe_shared::model::BusinessOffer {
    tpe_shared::model::BusinessOffer {
        topics: o.topics.clone(),
        contact: o
            .contact
            .as_deref()
            .and_then(|c| clean_text(c, 200, false).0),
        // Notes are French, written by the operator.
        note: o
            .note
            .as_deref()
            .and_then(|n| clean_text(n, 500, true).0)
            .map(|n| tpe_shared::french_spacing::apply(&n)),
        source_url: o.source_url.as_deref().and_then(|u| clean_url(u).ok()),
    }
}

fn clean_contact(c: Contact) -> Contact {
    Contact {
        kind: c.kind,
        name: clean_text(&c.name, 150, false).0.unwrap_or_default(),
        phone: c.phone.as_deref().and_then(|p| clean_phone(p).ok()),
        email: c.email.as_deref().and_then(|e| clean_email(e).ok()),
        url: c.url.as_deref().and_then(|u| clean_url(u).ok()),
        address: c
            .address
            .as_deref()
            .and_then(|a| clean_text(a, 200, false).0),
        source_url: c.source_url.as_deref().and_then(|u| clean_url(u).ok()),
        phone_to_confirm: c.phone_to_confirm && c.phone.is_some(),
    }
}

/// Where a territory's centre is, for tests and summaries.
pub fn centre_of(insee: &str) -> Option<GeoPoint> {
    area::commune_centre(insee)
}
