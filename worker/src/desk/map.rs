//! The territory's map as inline SVG: an equirectangular projection around
//! the centre (true enough at 20 km), rings at 5, 10 and 20 km, the main
//! communes named, the centre marked, one mark per venue.

use maud::{html, Markup};
use tpe_shared::communes::CommuneIndex;
use tpe_shared::desk::RINGS_KM;
use tpe_shared::geo::GeoPoint;

/// Half the drawing's width, in SVG units, for the outer ring.
const R_PX: f64 = 260.0;
const KM_PER_DEG_LAT: f64 = 110.574;
const KM_PER_DEG_LON_EQUATOR: f64 = 111.320;
/// Communes named on the map, by population.
const NAMED_COMMUNES: usize = 6;

/// One venue on the map.
pub struct Mark<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub point: GeoPoint,
    /// Only the venue's commune is known: drawn hollow.
    pub approximate: bool,
    pub business_offer: bool,
}

pub struct MapInput<'a> {
    pub title: String,
    pub centre: GeoPoint,
    pub centre_name: &'a str,
    pub radius_km: f64,
    pub marks: Vec<Mark<'a>>,
    pub communes: &'a CommuneIndex,
}

fn project(centre: GeoPoint, p: GeoPoint, radius_km: f64) -> (f64, f64) {
    let kx = KM_PER_DEG_LON_EQUATOR * centre.lat.to_radians().cos();
    let x = (p.lon - centre.lon) * kx;
    let y = (p.lat - centre.lat) * KM_PER_DEG_LAT;
    let scale = R_PX / radius_km;
    (x * scale, -y * scale)
}

fn px(v: f64) -> String {
    format!("{v:.1}")
}

pub fn render(m: &MapInput<'_>) -> Markup {
    let scale = R_PX / m.radius_km;
    let half = R_PX + 30.0;
    let view = format!("{} {} {} {}", -half, -half, 2.0 * half, 2.0 * half);
    let mut named: Vec<_> = m
        .communes
        .communes()
        .iter()
        .filter(|c| c.centre.distance_km(m.centre) <= m.radius_km)
        .collect();
    named.sort_by_key(|c| std::cmp::Reverse(c.population));
    // The centre is named at its cross; other names never overlap it or
    // each other (the biggest communes win).
    let mut labelled: Vec<(&str, f64, f64)> = Vec::new();
    let mut taken: Vec<(f64, f64)> = vec![(0.0, 0.0)];
    for c in named {
        if labelled.len() == NAMED_COMMUNES {
            break;
        }
        let (x, y) = project(m.centre, c.centre, m.radius_km);
        if taken
            .iter()
            .all(|(tx, ty)| (x - tx).abs() > 110.0 || (y - ty).abs() > 16.0)
        {
            taken.push((x, y));
            labelled.push((&c.name, x, y));
        }
    }
    let exact = m.marks.iter().filter(|v| !v.approximate).count();
    let desc = format!(
        "{} lieux placés : {} à leur adresse, {} au centre de leur commune ; cercles à 5, 10 et 20 km du centre de {}. Les mêmes informations sont dans le tableau qui suit.",
        m.marks.len(),
        exact,
        m.marks.len() - exact,
        m.centre_name
    );
    html! {
        svg.desk-map viewBox=(view) role="img" aria-labelledby="map-title map-desc" xmlns="http://www.w3.org/2000/svg" {
            title #map-title { (m.title) }
            desc #map-desc { (desc) }
            @for km in RINGS_KM.iter().filter(|k| **k <= m.radius_km) {
                circle.ring cx="0" cy="0" r=(px(km * scale)) {}
                text.ring-label x="4" y=(px(-km * scale - 4.0)) { (format!("{km:.0} km")) }
            }
            @for (name, x, y) in &labelled {
                circle.commune cx=(px(*x)) cy=(px(*y)) r="2" {}
                text.commune-label x=(px(x + 5.0)) y=(px(y + 4.0)) { (name) }
            }
            path.centre d="M -9 0 L 9 0 M 0 -9 L 0 9" {}
            text.centre-label x="10" y="-8" { (m.centre_name) }
            @for v in &m.marks {
                @let (x, y) = project(m.centre, v.point, m.radius_km);
                @let class = match (v.business_offer, v.approximate) {
                    (true, false) => "venue offer",
                    (true, true) => "venue offer approx",
                    (false, false) => "venue",
                    (false, true) => "venue approx",
                };
                @if v.business_offer {
                    rect class=(class) data-venue=(v.id) data-approx=(v.approximate)
                        x=(px(x - 6.0)) y=(px(y - 6.0)) width="12" height="12" {
                        title { (v.name) " (offre entreprises)" }
                    }
                } @else {
                    circle class=(class) data-venue=(v.id) data-approx=(v.approximate)
                        cx=(px(x)) cy=(px(y)) r="5" {
                        title { (v.name) }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn north_is_up_and_the_outer_ring_is_the_radius() {
        let c = GeoPoint::new(50.29, 2.78);
        let (x, y) = project(c, GeoPoint::new(50.29 + 10.0 / KM_PER_DEG_LAT, 2.78), 20.0);
        assert!(x.abs() < 1e-9 && (y + R_PX / 2.0).abs() < 1e-6, "{x} {y}");
        let east = GeoPoint::new(50.29, 2.78 + 0.1);
        let (x, _) = project(c, east, 20.0);
        let km = c.distance_km(east);
        assert!((x - km * R_PX / 20.0).abs() < 1.0, "{x} vs {km} km");
    }
}
