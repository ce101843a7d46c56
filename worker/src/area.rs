//! The commune table, as the worker needs it: centres of territories, and
//! which INSEE and postal codes lie in a territory's area (to keep venues
//! that have an address but no coordinates).
//!
//! All access to `tpe_shared::communes` goes through here so that a change
//! of its API touches one file.

use std::collections::BTreeSet;
use tpe_shared::communes::CommuneIndex;
use tpe_shared::geo::GeoPoint;

/// Centre of a commune by INSEE code.
pub fn commune_centre(insee: &str) -> Option<GeoPoint> {
    CommuneIndex::embedded().by_insee(insee).map(|c| c.centre)
}

/// Region and department codes of a commune, for aid perimeters.
pub fn region_and_department(insee: &str) -> Option<(String, String)> {
    let c = CommuneIndex::embedded().by_insee(insee)?;
    Some((c.region.clone(), c.department.clone()))
}

/// The communes whose centre lies within `radius_km` of `centre`.
#[derive(Clone, Debug, Default)]
pub struct Area {
    pub insee: BTreeSet<String>,
    pub postal_codes: BTreeSet<String>,
}

impl Area {
    pub fn around(centre: GeoPoint, radius_km: f64) -> Area {
        let mut area = Area::default();
        for c in CommuneIndex::embedded().communes() {
            if centre.distance_km(c.centre) <= radius_km {
                area.insee.insert(c.insee.clone());
                for p in &c.postal_codes {
                    area.postal_codes.insert(p.clone());
                }
            }
        }
        area
    }
}
