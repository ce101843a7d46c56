//! Coordinates: inside metropolitan France or an overseas department, or
//! not published. (0, 0) is how exports write "unknown".

use crate::validate::ValidationErrorKind;
use tpe_shared::geo::GeoPoint;

/// (south, north, west, east) boxes, a little generous at the edges.
const BOXES: [(f64, f64, f64, f64); 6] = [
    (41.3, 51.2, -5.3, 9.7),      // metropolitan France and Corsica
    (15.8, 16.6, -61.9, -60.9),   // Guadeloupe
    (14.3, 14.95, -61.3, -60.75), // Martinique
    (2.1, 5.9, -54.7, -51.5),     // Guyane
    (-21.45, -20.8, 55.15, 55.9), // La Réunion
    (-13.1, -12.6, 44.9, 45.35),  // Mayotte
];

pub fn in_france(p: GeoPoint) -> bool {
    BOXES
        .iter()
        .any(|&(s, n, w, e)| (s..=n).contains(&p.lat) && (w..=e).contains(&p.lon))
}

/// The outcome for a pair of raw coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Coordinates {
    /// Both missing, or (0, 0).
    Missing,
    Ok(GeoPoint),
    /// Latitude and longitude were swapped in the source.
    Swapped(GeoPoint),
}

pub fn clean_coordinates(
    lat: Option<&str>,
    lon: Option<&str>,
) -> Result<Coordinates, ValidationErrorKind> {
    let parse = |s: Option<&str>| -> Result<Option<f64>, ValidationErrorKind> {
        let Some(s) = s.map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(None);
        };
        // A decimal comma ("49,38") is common in French exports.
        let v = if s.contains(',') {
            s.replace(',', ".").parse::<f64>()
        } else {
            s.parse::<f64>()
        };
        v.ok()
            .filter(|v| v.is_finite())
            .map(Some)
            .ok_or(ValidationErrorKind::CoordinatesNotNumbers)
    };
    let (lat, lon) = match (parse(lat)?, parse(lon)?) {
        (Some(a), Some(b)) => (a, b),
        _ => return Ok(Coordinates::Missing),
    };
    if lat == 0.0 && lon == 0.0 {
        return Ok(Coordinates::Missing);
    }
    let p = GeoPoint::new(lat, lon);
    if in_france(p) {
        return Ok(Coordinates::Ok(p));
    }
    let swapped = GeoPoint::new(lon, lat);
    if in_france(swapped) {
        return Ok(Coordinates::Swapped(swapped));
    }
    Err(ValidationErrorKind::OutsideFrance)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_cases() {
        assert_eq!(
            clean_coordinates(Some("50.2899"), Some("2.7659")),
            Ok(Coordinates::Ok(GeoPoint::new(50.2899, 2.7659)))
        );
        assert_eq!(
            clean_coordinates(Some("0"), Some("0")),
            Ok(Coordinates::Missing)
        );
        assert_eq!(
            clean_coordinates(None, Some("2.7")),
            Ok(Coordinates::Missing)
        );
        assert_eq!(
            clean_coordinates(Some("2.7659"), Some("50.2899")),
            Ok(Coordinates::Swapped(GeoPoint::new(50.2899, 2.7659)))
        );
        assert_eq!(
            clean_coordinates(Some("-33.9"), Some("151.2")),
            Err(ValidationErrorKind::OutsideFrance)
        );
        assert_eq!(
            clean_coordinates(Some("49,38"), Some("3,32")),
            Ok(Coordinates::Ok(GeoPoint::new(49.38, 3.32)))
        );
        assert_eq!(
            clean_coordinates(Some("NaN"), Some("3")),
            Err(ValidationErrorKind::CoordinatesNotNumbers)
        );
        assert!(clean_coordinates(Some("-21.1"), Some("55.5")).is_ok());
    }
}
