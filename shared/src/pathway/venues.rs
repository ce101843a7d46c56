//! Which venues can help with a dimension, nearest first, business-friendly
//! venues before all others.

use super::PathwayContext;
use crate::geo::{Anchor, GeoPoint};
use crate::hours::OpeningStatus;
use crate::model::Venue;
use chrono::NaiveDateTime;

/// Venues shown per step: enough to choose, few enough to read on a phone.
/// A venue already offered in an earlier step comes after those not yet
/// offered, so that three steps show up to nine different places.
pub const VENUES_PER_STEP: usize = 3;

/// A venue that can help, with what the owner needs to know to go there.
#[derive(Clone, Debug, PartialEq)]
pub struct VenueMatch<'a> {
    pub venue: &'a Venue,
    /// From the owner's commune centre (or the territory's); `None` when the
    /// venue has neither coordinates nor a known commune.
    pub distance_km: Option<f64>,
    /// The distance uses the venue's commune centre, not its address.
    pub approximate: bool,
    /// The venue declared a business offer (curated overlay).
    pub welcomes_businesses: bool,
    pub opening: OpeningStatus,
    /// The venue published hours the worker could not read: show them raw
    /// and suggest calling.
    pub hours_unreadable: bool,
}

struct Candidate<'a> {
    venue: &'a Venue,
    /// Already offered in an earlier step of this pathway.
    shown: bool,
    /// Bit i set: the venue helps with dimension i.
    dimensions: u64,
    distance_km: Option<f64>,
    approximate: bool,
}

/// The territory's venues, read once per pathway.
pub(super) struct VenueIndex<'a> {
    candidates: Vec<Candidate<'a>>,
}

impl<'a> VenueIndex<'a> {
    pub(super) fn new(ctx: &PathwayContext<'a>, origin: GeoPoint) -> VenueIndex<'a> {
        let q = ctx.questionnaire;
        let territory = &ctx.snapshot.territory;
        let bit = |id: &str| q.dimension_index(id).map_or(0, |i| 1u64 << i);
        // A handful of services: a scan with a length check first beats hashing.
        let service_mask: Vec<(&str, u64)> = q
            .venue_services
            .iter()
            .map(|m| {
                (
                    m.service.as_str(),
                    m.dimensions.iter().fold(0, |acc, d| acc | bit(d)),
                )
            })
            .collect();
        let mask_of = |service: &str| {
            service_mask
                .iter()
                .find(|(s, _)| s.len() == service.len() && *s == service)
                .map_or(0, |(_, m)| *m)
        };
        let area = Area::new(territory.centre, territory.radius_km);
        let from = Anchor::new(origin);
        let candidates = ctx
            .snapshot
            .venues
            .iter()
            .filter_map(|venue| {
                let mut dimensions = venue.services.iter().fold(0, |acc, s| acc | mask_of(s));
                if let Some(offer) = &venue.business_offer {
                    dimensions |= offer.topics.iter().fold(0, |acc, d| acc | bit(d));
                }
                if dimensions == 0 {
                    return None;
                }
                let (position, approximate) = match venue.position() {
                    Some(p) => (Some(p), false),
                    None => (commune_centre(ctx, venue), true),
                };
                // Never a venue beyond the territory's radius; one with no
                // position at all was placed here by the worker and stays.
                let anchor = position.map(|p| (p, Anchor::new(p)));
                if anchor.is_some_and(|(p, a)| !area.covers(p, &a)) {
                    return None;
                }
                Some(Candidate {
                    venue,
                    shown: false,
                    dimensions,
                    distance_km: anchor.map(|(_, a)| from.distance_km(&a)),
                    approximate: approximate && position.is_some(),
                })
            })
            .collect();
        VenueIndex { candidates }
    }

    pub(super) fn for_dimension(
        &mut self,
        dim_index: usize,
        now: NaiveDateTime,
    ) -> Vec<VenueMatch<'a>> {
        let mask = 1u64 << dim_index;
        let candidates = &self.candidates;
        let mut found: Vec<usize> = (0..candidates.len())
            .filter(|&i| candidates[i].dimensions & mask != 0)
            .collect();
        // Business-friendly venues first; then venues not yet offered in an
        // earlier step, so the owner sees more places to choose from; then
        // the nearest.
        let key = |c: &Candidate<'a>| {
            (
                c.venue.business_offer.is_none(),
                c.shown,
                c.distance_km.unwrap_or(f64::INFINITY),
            )
        };
        let order = |a: &usize, b: &usize| {
            let (a, b) = (&candidates[*a], &candidates[*b]);
            let (ka, kb) = (key(a), key(b));
            ka.0.cmp(&kb.0)
                .then(ka.1.cmp(&kb.1))
                .then(ka.2.total_cmp(&kb.2))
                .then_with(|| a.venue.nom.cmp(&b.venue.nom))
        };
        if found.len() > VENUES_PER_STEP {
            found.select_nth_unstable_by(VENUES_PER_STEP - 1, order);
            found.truncate(VENUES_PER_STEP);
        }
        found.sort_by(order);
        for &i in &found {
            self.candidates[i].shown = true;
        }
        found
            .into_iter()
            .map(|i| {
                let c = &self.candidates[i];
                let opening = c
                    .venue
                    .schedule
                    .as_ref()
                    .map_or(OpeningStatus::Unknown, |s| s.status_at(now));
                VenueMatch {
                    venue: c.venue,
                    distance_km: c.distance_km,
                    approximate: c.approximate,
                    welcomes_businesses: c.venue.business_offer.is_some(),
                    opening,
                    hours_unreadable: c.venue.schedule.is_none()
                        && c.venue
                            .horaires
                            .as_deref()
                            .is_some_and(|h| !h.trim().is_empty()),
                }
            })
            .collect()
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
        let dlon = radius_km / (110.0 * centre.lat.to_radians().cos().max(0.01));
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

fn commune_centre(ctx: &PathwayContext<'_>, venue: &Venue) -> Option<GeoPoint> {
    let by_insee = venue
        .code_insee
        .as_deref()
        .and_then(|c| ctx.communes.by_insee(c));
    let commune = by_insee.or_else(|| {
        ctx.communes
            .by_postal_code(&venue.code_postal)
            .into_iter()
            .next()
    });
    commune.map(|c| c.centre)
}
