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

/// The EPCI (SIREN) of a commune, from the commune table.
pub fn epci_of(insee: &str) -> Option<String> {
    CommuneIndex::embedded().by_insee(insee)?.epci.clone()
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

/// Within `radius_km` of `centre`. The great-circle distance is at least
/// the distance along the meridian, so a point farther in latitude alone is
/// ruled out without trigonometry (most rows of a national file).
fn near(centre: GeoPoint, p: GeoPoint, radius_km: f64) -> bool {
    // A slightly small Earth: the shortcut never rules out a point the
    // exact test would keep.
    const KM_PER_DEGREE: f64 = 6_370.0 * std::f64::consts::PI / 180.0;
    if (p.lat - centre.lat).abs() * KM_PER_DEGREE > radius_km {
        return false;
    }
    centre.distance_km(p) <= radius_km
}

/// Which venues matter this run: those within a territory's radius, or
/// without coordinates but in one of its communes. Venues elsewhere are
/// validated and counted, then let go, so a national file does not have
/// to fit in memory.
#[derive(Clone, Debug, Default)]
pub struct Relevance {
    /// `None`: keep everything (tests, `validate` of a lone file).
    zones: Option<Vec<(GeoPoint, f64, Area)>>,
}

impl Relevance {
    pub fn everything() -> Relevance {
        Relevance { zones: None }
    }

    pub fn territories(list: &[crate::config::TerritoryConfig]) -> Relevance {
        let zones = list
            .iter()
            .filter_map(|t| {
                let c = commune_centre(&t.insee)?;
                Some((c, t.radius_km, Area::around(c, t.radius_km)))
            })
            .collect();
        Relevance { zones: Some(zones) }
    }

    /// The same decision as [`Relevance::keeps`], from the raw fields of a
    /// row before it is validated: coordinates as validation would read
    /// them (swapped fixed, (0,0) and absurd ones dropped), else the INSEE
    /// code when well-formed, else the postal code.
    pub fn might_keep(&self, l: &crate::sources::Locator<'_>) -> bool {
        let Some(zones) = &self.zones else {
            return true;
        };
        let point = match crate::clean::geo::clean_coordinates(
            l.latitude.as_deref(),
            l.longitude.as_deref(),
        ) {
            Ok(
                crate::clean::geo::Coordinates::Ok(p) | crate::clean::geo::Coordinates::Swapped(p),
            ) => Some(p),
            _ => None,
        };
        let insee = l
            .code_insee
            .as_deref()
            .map(str::trim)
            .filter(|c| crate::validate::is_insee(c));
        // Built only for rows with neither coordinates nor INSEE code.
        let postal = || {
            l.code_postal.as_deref().map(str::trim).map(|c| {
                if c.len() == 4 {
                    std::borrow::Cow::Owned(format!("0{c}"))
                } else {
                    std::borrow::Cow::Borrowed(c)
                }
            })
        };
        zones.iter().any(|(centre, radius, area)| match point {
            Some(p) => near(*centre, p, *radius),
            None => match insee {
                Some(c) => area.insee.contains(c),
                None => postal().is_some_and(|p| area.postal_codes.contains(p.as_ref())),
            },
        })
    }

    pub fn keeps(&self, v: &tpe_shared::model::Venue) -> bool {
        let Some(zones) = &self.zones else {
            return true;
        };
        zones
            .iter()
            .any(|(centre, radius, area)| match v.position() {
                Some(p) => near(*centre, p, *radius),
                None => area.contains(v),
            })
    }
}

impl Area {
    /// A venue without coordinates is in the area when its INSEE code (or,
    /// lacking one, its postal code) is.
    pub fn contains(&self, v: &tpe_shared::model::Venue) -> bool {
        match &v.code_insee {
            Some(c) => self.insee.contains(c),
            None => self.postal_codes.contains(&v.code_postal),
        }
    }
}

#[cfg(test)]
mod epci_tests {
    use super::*;

    #[test]
    fn the_pilot_towns_know_their_epci() {
        assert_eq!(epci_of("62041").as_deref(), Some("200033579"), "CU d'Arras");
        assert_eq!(
            epci_of("62193").as_deref(),
            Some("200090751"),
            "CA Grand Calais Terres et Mers"
        );
        assert_eq!(
            epci_of("02722").as_deref(),
            Some("240200477"),
            "CA GrandSoissons"
        );
        assert_eq!(epci_of("75056"), None, "outside the table");
    }
}
