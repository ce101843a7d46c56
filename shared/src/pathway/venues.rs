//! Which venues can help with a dimension, chosen for a business owner by
//! the rules of `[venue_rules]` in `questionnaire.toml`:
//! - only venues whose services (or business offer) help with the need, and
//!   never one for another public ([`super::audience`]);
//! - business-friendly venues first, then the nearest; a venue with no way
//!   to reach it (no phone, e-mail, website or booking link) last;
//! - a venue offered in an earlier step comes back ("déjà cité plus haut")
//!   only when the nearest new one is both more than `reuse_extra_km`
//!   farther and `reuse_ratio` times as far;
//! - none farther than `max_km_from_owner` from the owner's commune;
//! - two records with one name and one phone or e-mail are one place: the
//!   one with more to act on is offered, with the other's address.

use super::{audience, Origin, PathwayContext};
use crate::communes::CommuneIndex;
use crate::geo::{Anchor, GeoPoint};
use crate::hours::OpeningStatus;
use crate::model::Venue;
use crate::questionnaire::VenueRules;
use chrono::NaiveDateTime;

/// Venues shown per step: enough to choose, few enough to read on a phone.
pub const VENUES_PER_STEP: usize = 3;

/// A venue that can help, with what the owner needs to know to go there.
#[derive(Clone, Debug, PartialEq)]
pub struct VenueMatch<'a> {
    pub venue: &'a Venue,
    /// From the owner's commune; `None` when the commune is not known (no
    /// distance is then shown) or the venue has no position.
    pub distance_km: Option<f64>,
    /// The distance uses the venue's commune centre, not its address.
    pub approximate: bool,
    /// The venue is in the owner's own commune (said instead of a distance
    /// that would only compare two commune centres).
    pub in_owner_commune: bool,
    /// The venue declared a business offer (curated overlay).
    pub welcomes_businesses: bool,
    pub opening: OpeningStatus,
    /// The venue published hours the worker could not read: show them raw.
    pub hours_unreadable: bool,
    /// Already offered in an earlier step of this pathway.
    pub already_shown: bool,
    /// The year of the record's last update, when it is older than
    /// `stale_after_months`: the owner should call before going.
    pub stale_since: Option<i32>,
    /// A phone, e-mail, website or booking link is published.
    pub has_contact: bool,
    /// Another record with the same name and the same phone or e-mail gives
    /// another address: the owner is told both and asked to check (the
    /// sources do not say which is right). Only the record with more ways to
    /// act on it (a phone, hours, a newer date) is offered.
    pub twin: Option<&'a Venue>,
}

impl VenueMatch<'_> {
    /// Said when another record of the same place gives another address.
    pub fn twin_note(&self, lang: crate::Lang) -> Option<String> {
        let t = self.twin?;
        let other = format!("{}, {} {}", t.adresse, t.code_postal, t.commune);
        Some(match lang {
            crate::Lang::Fr => format!(
                "Une autre fiche de ce lieu donne une autre adresse\u{a0}: {other}. Demandez-leur où aller avant de vous déplacer."
            ),
            crate::Lang::En => format!(
                "Another record of this place gives another address: {other}. Ask them where to go before you travel."
            ),
        })
    }
}

struct Candidate<'a> {
    venue: &'a Venue,
    /// Already offered in an earlier step of this pathway.
    shown: bool,
    /// Bit i set: the venue helps with dimension i.
    dimensions: u64,
    /// What venues are ranked by: from the owner's commune, else from the
    /// territory's centre; infinite without any position.
    rank_km: f64,
    /// From the owner's commune, when it is known.
    owner_km: Option<f64>,
    approximate: bool,
    in_owner_commune: bool,
    /// The record of the same place at another address, left out for this one.
    twin: Option<usize>,
}

impl Candidate<'_> {
    /// Business offer first, venues with a contact before those without.
    fn tier(&self) -> (bool, bool) {
        (
            self.venue.business_offer.is_none(),
            !self.venue.has_contact(),
        )
    }
}

/// The territory's venues, read once per pathway.
pub(super) struct VenueIndex<'a> {
    candidates: Vec<Candidate<'a>>,
    rules: &'a VenueRules,
}

impl<'a> VenueIndex<'a> {
    pub(super) fn new(ctx: &PathwayContext<'a>, origin: &Origin<'a>) -> VenueIndex<'a> {
        let q = ctx.questionnaire;
        let rules = &q.venue_rules;
        let territory = &ctx.snapshot.territory;
        let needs = super::needs::NeedMasks::new(q);
        let area = Area::new(territory.centre, territory.radius_km);
        let from = Anchor::new(origin.point);
        let owner_insee = origin.commune.map(|c| c.insee.as_str());
        let candidates = ctx
            .snapshot
            .venues
            .iter()
            .filter_map(|venue| {
                let dimensions = needs.of(venue);
                if dimensions == 0 || audience::left_out(q, venue).is_some() {
                    return None;
                }
                let (position, approximate, venue_insee) = match venue.position() {
                    Some(p) => (Some(p), false, venue.code_insee.clone()),
                    None => {
                        let c = commune_of(ctx.communes, venue);
                        (c.as_ref().map(|c| c.1), true, c.map(|c| c.0))
                    }
                };
                // Never a venue beyond the territory's radius; one with no
                // position at all was placed here by the worker and stays.
                let anchor = position.map(|p| (p, Anchor::new(p)));
                if anchor.is_some_and(|(p, a)| !area.covers(p, &a)) {
                    return None;
                }
                let rank_km = anchor.map_or(f64::INFINITY, |(_, a)| from.distance_km(&a));
                let owner_km = origin.commune.and(anchor).map(|_| rank_km);
                if owner_km.is_some_and(|km| km > rules.max_km_from_owner) {
                    return None;
                }
                let in_owner_commune =
                    owner_insee.is_some() && venue_insee.as_deref() == owner_insee;
                Some(Candidate {
                    venue,
                    shown: false,
                    dimensions,
                    rank_km,
                    owner_km,
                    approximate: approximate && position.is_some(),
                    in_owner_commune,
                    twin: None,
                })
            })
            .collect();
        let mut index = VenueIndex { candidates, rules };
        index.find_twins();
        index
    }

    /// Pairs records that name the same place (same name, and the same phone
    /// or e-mail) but give different addresses: the worker merges records at
    /// one address, so what is left here disagrees.
    fn find_twins(&mut self) {
        let names: Vec<String> = self
            .candidates
            .iter()
            .map(|c| {
                let mut key = String::new();
                crate::communes::fold(&c.venue.nom, &mut key, false);
                key
            })
            .collect();
        // Sorted by name, records of one name are neighbours (the shared
        // sort: no new copy of a map's code on the phone).
        let mut order: Vec<usize> = (0..names.len()).collect();
        crate::sort::sort_by(&mut order, &|a, b| names[*a].cmp(&names[*b]));
        for (k, &a) in order.iter().enumerate() {
            for &b in order[k + 1..].iter().take_while(|&&b| names[b] == names[a]) {
                let (va, vb) = (self.candidates[a].venue, self.candidates[b].venue);
                let phone = va.telephone.is_some() && va.telephone == vb.telephone;
                let mail = va.courriels.iter().any(|m| vb.courriels.contains(m));
                let either_left_out = [a, b].iter().any(|&i| self.candidates[i].dimensions == 0);
                if (phone || mail) && !either_left_out {
                    // The record an owner can act on most is offered: a
                    // phone, then hours, then the newer; else the nearer.
                    let worth =
                        |v: &Venue| (v.telephone.is_some(), v.schedule.is_some(), v.date_maj);
                    let (ca, cb) = (&self.candidates[a], &self.candidates[b]);
                    let keep_a = match worth(va).cmp(&worth(vb)) {
                        std::cmp::Ordering::Equal => ca.rank_km <= cb.rank_km,
                        o => o.is_gt(),
                    };
                    let (keep, drop) = if keep_a { (a, b) } else { (b, a) };
                    // One place: what either record says it helps with.
                    let helps = self.candidates[drop].dimensions;
                    self.candidates[keep].dimensions |= helps;
                    self.candidates[keep].twin = Some(drop);
                    self.candidates[drop].dimensions = 0;
                }
            }
        }
    }

    /// Whether the venue already shown may come back instead of the nearest
    /// new one, by the reuse rule.
    fn reuse(&self, old: &Candidate<'_>, new: &Candidate<'_>) -> bool {
        let (d_old, d_new) = (old.rank_km, new.rank_km);
        d_new > d_old + self.rules.reuse_extra_km && d_new > self.rules.reuse_ratio * d_old
    }

    pub(super) fn for_dimension(
        &mut self,
        dim_index: usize,
        now: NaiveDateTime,
    ) -> Vec<VenueMatch<'a>> {
        let mask = 1u64 << dim_index;
        let candidates = &self.candidates;
        let order = |a: &usize, b: &usize| {
            let (a, b) = (&candidates[*a], &candidates[*b]);
            a.tier()
                .cmp(&b.tier())
                .then(a.rank_km.total_cmp(&b.rank_km))
                .then_with(|| a.venue.nom.cmp(&b.venue.nom))
        };
        let mut found: Vec<usize> = (0..candidates.len())
            .filter(|&i| candidates[i].dimensions & mask != 0)
            .collect();
        crate::sort::sort_by(&mut found, &order);

        let mut picked: Vec<usize> = Vec::with_capacity(VENUES_PER_STEP);
        while picked.len() < VENUES_PER_STEP {
            let mut rest = found.iter().copied().filter(|i| !picked.contains(i));
            let (mut new, mut old) = (None, None);
            for i in rest.by_ref() {
                let slot = if candidates[i].shown {
                    &mut old
                } else {
                    &mut new
                };
                slot.get_or_insert(i);
                if new.is_some() && old.is_some() {
                    break;
                }
            }
            let choice = match (old, new) {
                (Some(o), Some(n)) => {
                    let (co, cn) = (&candidates[o], &candidates[n]);
                    if co.tier() < cn.tier() || (co.tier() == cn.tier() && self.reuse(co, cn)) {
                        o
                    } else {
                        n
                    }
                }
                // Only places already offered are left: the nearest comes back.
                (Some(o), None) => o,
                (None, Some(n)) => n,
                (None, None) => break,
            };
            picked.push(choice);
        }
        crate::sort::sort_by(&mut picked, &order);
        let matches = picked
            .iter()
            .map(|&i| {
                let c = &self.candidates[i];
                let opening = c
                    .venue
                    .schedule
                    .as_ref()
                    .map_or(OpeningStatus::Unknown, |s| s.status_at(now));
                VenueMatch {
                    venue: c.venue,
                    distance_km: c.owner_km,
                    approximate: c.approximate,
                    in_owner_commune: c.in_owner_commune,
                    welcomes_businesses: c.venue.business_offer.is_some(),
                    opening,
                    hours_unreadable: c.venue.schedule.is_none()
                        && c.venue
                            .horaires
                            .as_deref()
                            .is_some_and(|h| !h.trim().is_empty()),
                    already_shown: c.shown,
                    has_contact: c.venue.has_contact(),
                    stale_since: stale_since(c.venue, now.date(), self.rules.stale_after_months),
                    twin: c.twin.map(|t| self.candidates[t].venue),
                }
            })
            .collect();
        for &i in &picked {
            self.candidates[i].shown = true;
        }
        matches
    }
}

/// The territory's disc, with a bounding box that settles most venues
/// without trigonometry.
struct Area {
    centre: Anchor,
    radius_km: f64,
    lat: (f64, f64),
    lon: (f64, f64),
}

impl Area {
    fn new(centre: GeoPoint, radius_km: f64) -> Area {
        // One degree of latitude is at least 110.5 km; widen a little so the
        // box always contains the disc.
        let dlat = radius_km / 110.0;
        let dlon = radius_km / (110.0 * crate::trig::cos(centre.lat.to_radians()).max(0.01));
        Area {
            centre: Anchor::new(centre),
            radius_km,
            lat: (centre.lat - dlat, centre.lat + dlat),
            lon: (centre.lon - dlon, centre.lon + dlon),
        }
    }

    fn covers(&self, p: GeoPoint, anchor: &Anchor) -> bool {
        (self.lat.0..=self.lat.1).contains(&p.lat)
            && (self.lon.0..=self.lon.1).contains(&p.lon)
            && self.centre.within_km(anchor, self.radius_km)
    }
}

/// The venue's commune (INSEE code and centre), from its INSEE code or,
/// failing that, its postal code.
/// The commune of a venue without its own position (INSEE code, else postal
/// code) and that commune's centre: where the venue is placed, approximately.
pub fn commune_of(communes: &CommuneIndex, venue: &Venue) -> Option<(String, GeoPoint)> {
    let by_insee = venue
        .code_insee
        .as_deref()
        .and_then(|c| communes.by_insee(c));
    let commune = by_insee.or_else(|| {
        communes
            .by_postal_code(&venue.code_postal)
            .into_iter()
            .next()
    });
    commune.map(|c| (c.insee.clone(), c.centre))
}

/// The year of the record's last update when it is older than `months`.
pub fn stale_since(venue: &Venue, today: chrono::NaiveDate, months: u32) -> Option<i32> {
    use chrono::Datelike;
    let updated = venue.date_maj?;
    let limit = today.checked_sub_months(chrono::Months::new(months))?;
    (updated < limit).then_some(updated.year())
}
