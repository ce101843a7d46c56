//! For each priority, a local pathway: venues that can help, aids that fit,
//! and the trusted adviser to call.

mod adviser;
mod aids;
pub mod audience;
pub mod needs;
mod venues;

pub use adviser::Adviser;
pub use aids::{funded, topics, AidMatch, Caveat, Ineligible, Miss, NearMiss};
pub use venues::{commune_of, stale_since, VenueMatch, VENUES_PER_STEP};

use crate::communes::{Commune, CommuneIndex};
use crate::geo::GeoPoint;
use crate::model::TerritorySnapshot;
use crate::priorities::Priority;
use crate::questionnaire::Questionnaire;
use crate::scoring::Profile;
use chrono::NaiveDateTime;

/// What the pathway is built from.
#[derive(Clone, Copy)]
pub struct PathwayContext<'a> {
    pub questionnaire: &'a Questionnaire,
    pub snapshot: &'a TerritorySnapshot,
    pub communes: &'a CommuneIndex,
    pub profile: &'a Profile,
    /// Local time in France: decides "open now" and whether a deadline passed.
    pub now: NaiveDateTime,
}

/// Where distances are measured from.
#[derive(Clone, Debug, PartialEq)]
pub struct Origin<'a> {
    /// The owner's commune, when it was given and found. Without it no
    /// distance is shown: venues are only ranked from the territory's centre.
    pub commune: Option<&'a Commune>,
    /// What venues are ranked from: the owner's commune, else the centre.
    pub point: GeoPoint,
    /// How far the owner's commune is from the territory's centre, when it
    /// lies beyond the territory's radius.
    pub outside_km: Option<f64>,
}

/// The whole pathway, one step per priority.
#[derive(Clone, Debug)]
pub struct Pathway<'a> {
    pub origin: Origin<'a>,
    pub steps: Vec<Step<'a>>,
}

/// What to do about one priority, and who can help nearby.
#[derive(Clone, Debug)]
pub struct Step<'a> {
    pub dimension: String,
    pub venues: Vec<VenueMatch<'a>>,
    pub aids: Vec<AidMatch<'a>>,
    /// Aids the owner could get, but not for this need: said out loud so no
    /// one applies for the wrong thing.
    pub near_misses: Vec<NearMiss<'a>>,
    pub adviser: Adviser<'a>,
    /// When the chamber has no published phone: a contact of the territory
    /// that can be called (the intercommunality's economic service).
    pub also_call: Option<&'a crate::model::Contact>,
}

/// Builds the pathway for the given priorities.
pub fn build_pathway<'a>(ctx: &PathwayContext<'a>, priorities: &[Priority]) -> Pathway<'a> {
    let origin = origin(ctx);
    let mut venue_index = venues::VenueIndex::new(ctx, &origin);
    let place = aids::Place::of(ctx, origin.commune);
    let mut eligibility = aids::EligibilityCache::new();
    let steps = priorities
        .iter()
        .filter_map(|p| {
            let dim = ctx.questionnaire.dimension(&p.dimension)?;
            let dim_index = ctx.questionnaire.dimension_index(&p.dimension)?;
            let (aids, near_misses) = aids::for_dimension(ctx, &place, dim, &mut eligibility);
            Some(Step {
                dimension: p.dimension.clone(),
                venues: venue_index.for_dimension(dim_index, ctx.now),
                aids,
                near_misses,
                adviser: adviser::for_dimension(ctx, dim.adviser, origin.outside_km.is_some()),
                also_call: None,
            })
        })
        .collect::<Vec<Step<'a>>>();
    let steps = steps
        .into_iter()
        .map(|mut s| {
            s.also_call = adviser::also_call(ctx, &s.adviser);
            s
        })
        .collect();
    Pathway { origin, steps }
}

fn origin<'a>(ctx: &PathwayContext<'a>) -> Origin<'a> {
    let territory = &ctx.snapshot.territory;
    let commune = ctx
        .profile
        .commune
        .as_deref()
        .and_then(|code| ctx.communes.by_insee(code));
    match commune {
        Some(c) => {
            let km = territory.centre.distance_km(c.centre);
            Origin {
                commune: Some(c),
                point: c.centre,
                outside_km: (km > territory.radius_km).then_some(km),
            }
        }
        None => Origin {
            commune: None,
            point: territory.centre,
            outside_km: None,
        },
    }
}

#[cfg(test)]
pub(crate) mod tests;
