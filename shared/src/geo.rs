//! Distances on the Earth's surface.

use serde::{Deserialize, Serialize};

/// A WGS84 position in degrees.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
}

const EARTH_RADIUS_KM: f64 = 6371.0088;

impl GeoPoint {
    pub const fn new(lat: f64, lon: f64) -> GeoPoint {
        GeoPoint { lat, lon }
    }

    /// A usable position: finite, on the globe, and not the (0, 0) that
    /// exports write when they do not know.
    pub fn is_plausible(self) -> bool {
        self.lat.is_finite()
            && self.lon.is_finite()
            && (-90.0..=90.0).contains(&self.lat)
            && (-180.0..=180.0).contains(&self.lon)
            && !(self.lat == 0.0 && self.lon == 0.0)
    }

    /// Great-circle distance (haversine); plenty accurate at town scale.
    pub fn distance_km(self, other: GeoPoint) -> f64 {
        let (lat1, lat2) = (self.lat.to_radians(), other.lat.to_radians());
        let dlat = lat2 - lat1;
        let dlon = (other.lon - self.lon).to_radians();
        let a = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARRAS: GeoPoint = GeoPoint::new(50.2899, 2.7659);
    const CALAIS: GeoPoint = GeoPoint::new(50.9502, 1.8758);

    #[test]
    fn arras_to_calais_is_about_96_km_as_the_crow_flies() {
        let d = ARRAS.distance_km(CALAIS);
        assert!((d - 96.0).abs() < 2.0, "{d}");
        assert!((d - CALAIS.distance_km(ARRAS)).abs() < 1e-9);
    }

    #[test]
    fn a_point_is_zero_km_from_itself() {
        assert!(ARRAS.distance_km(ARRAS).abs() < 1e-9);
    }

    #[test]
    fn zero_zero_and_absurd_values_are_not_positions() {
        assert!(!GeoPoint::new(0.0, 0.0).is_plausible());
        assert!(!GeoPoint::new(f64::NAN, 2.0).is_plausible());
        assert!(!GeoPoint::new(95.0, 2.0).is_plausible());
        assert!(ARRAS.is_plausible());
    }
}
