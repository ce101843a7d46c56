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
        Anchor::new(self).distance_km(&Anchor::new(other))
    }
}

/// A point with its trigonometry done once, for measuring many distances
/// from it (thousands of venues per pathway).
#[derive(Clone, Copy, Debug)]
pub struct Anchor {
    lat: f64,
    lon: f64,
    cos_lat: f64,
}

impl Anchor {
    pub fn new(p: GeoPoint) -> Anchor {
        let lat = p.lat.to_radians();
        Anchor {
            lat,
            lon: p.lon.to_radians(),
            cos_lat: crate::trig::cos(lat),
        }
    }

    /// The haversine of the central angle.
    fn hav(&self, other: &Anchor) -> f64 {
        let s_lat = crate::trig::sin((other.lat - self.lat) / 2.0);
        let s_lon = crate::trig::sin((other.lon - self.lon) / 2.0);
        (s_lat * s_lat + self.cos_lat * other.cos_lat * s_lon * s_lon).clamp(0.0, 1.0)
    }

    pub fn distance_km(&self, other: &Anchor) -> f64 {
        2.0 * EARTH_RADIUS_KM * self.hav(other).sqrt().asin()
    }

    /// Same answer as `distance_km(other) <= km`, without the inverse sine.
    pub fn within_km(&self, other: &Anchor, km: f64) -> bool {
        let half_angle = (km / (2.0 * EARTH_RADIUS_KM)).min(std::f64::consts::FRAC_PI_2);
        self.hav(other) <= crate::trig::sin(half_angle).powi(2)
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
    fn within_agrees_with_the_distance() {
        let (a, b) = (Anchor::new(ARRAS), Anchor::new(CALAIS));
        let d = a.distance_km(&b);
        assert!(a.within_km(&b, d + 0.01));
        assert!(!a.within_km(&b, d - 0.01));
        assert!(a.within_km(&a, 0.0));
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
