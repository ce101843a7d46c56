//! Which needs a venue helps with: the services it declares (mapped by
//! `[[venue_services]]` in `questionnaire.toml`) and the topics of its
//! curated business offer. One rule for the pathway and the desk.

use crate::model::Venue;
use crate::questionnaire::Questionnaire;

/// Bit i set: the venue helps with the questionnaire's dimension i.
pub struct NeedMasks<'q> {
    q: &'q Questionnaire,
    services: Vec<(&'q str, u64)>,
}

impl<'q> NeedMasks<'q> {
    pub fn new(q: &'q Questionnaire) -> NeedMasks<'q> {
        let services = q
            .venue_services
            .iter()
            .map(|m| {
                let mask = m.dimensions.iter().fold(0, |acc, d| acc | bit(q, d));
                (m.service.as_str(), mask)
            })
            .collect();
        NeedMasks { q, services }
    }

    pub fn of(&self, venue: &Venue) -> u64 {
        // A handful of services: a scan with a length check first beats hashing.
        let mask_of = |service: &str| {
            self.services
                .iter()
                .find(|(s, _)| s.len() == service.len() && *s == service)
                .map_or(0, |(_, m)| *m)
        };
        let mut mask = venue.services.iter().fold(0, |acc, s| acc | mask_of(s));
        if let Some(offer) = &venue.business_offer {
            mask |= offer.topics.iter().fold(0, |acc, d| acc | bit(self.q, d));
        }
        mask
    }
}

fn bit(q: &Questionnaire, id: &str) -> u64 {
    q.dimension_index(id).map_or(0, |i| 1u64 << i)
}
