//! The same venue seen twice: nine copies of one social centre in the
//! conseillers-numériques file, or one PIMMS under a France Services id and
//! a conseiller-numérique id. Merged into the first one seen (sources in
//! config order), keeping every source reference and filling gaps.
//!
//! Two records are the same venue when their normalised name, address and
//! postal code are equal, or when they lie within 50 m of each other *and*
//! share the address or a distinctive name word. Distance alone is not
//! enough: a town hall and the library next door are two venues.

use crate::report::{Action, Entry};
use std::collections::HashMap;
use tpe_shared::model::Venue;

const SAME_PLACE_M: f64 = 50.0;
/// Grid cell, in degrees: about 55 m north–south, less east–west; the 3×3
/// neighbourhood always covers 50 m at French latitudes.
const CELL_DEG: f64 = 0.0005;

/// Words too common in venue names to say two names are the same place.
const COMMON: &[&str] = &[
    "france",
    "services",
    "service",
    "espace",
    "numerique",
    "centre",
    "maison",
    "de",
    "du",
    "la",
    "le",
    "les",
    "des",
    "et",
    "l",
    "d",
    "a",
    "au",
    "aux",
    "en",
    "social",
    "sociale",
    "mairie",
    "ville",
    "conseiller",
    "conseillers",
    "point",
    "lieu",
    "public",
    "bus",
    "mediatheque",
    "bibliotheque",
];

/// Merges duplicates; returns the venues and one `merged` entry per record
/// folded into another.
pub fn dedup(venues: Vec<Venue>) -> (Vec<Venue>, Vec<Entry>) {
    let mut out: Vec<Venue> = Vec::with_capacity(venues.len());
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut grid: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    let mut entries = Vec::new();
    for v in venues {
        let key = format!("{}|{}|{}", fold(&v.nom), fold(&v.adresse), v.code_postal);
        let hit = by_key
            .get(&key)
            .map(|&i| (i, "same name and address".to_string()))
            .or_else(|| {
                let p = v.position()?;
                let cell = cell_of(p.lat, p.lon);
                neighbours(cell)
                    .filter_map(|c| grid.get(&c))
                    .flatten()
                    .find_map(|&i| {
                        let d = out[i].position()?.distance_km(p) * 1000.0;
                        (d <= SAME_PLACE_M && related(&out[i], &v))
                            .then(|| (i, format!("{d:.0} m apart, same address or name")))
                    })
            });
        match hit {
            Some((i, why)) => {
                for r in &v.source_refs {
                    entries.push(Entry {
                        source: r.source.clone(),
                        record_id: r.id.clone(),
                        action: Action::Merged,
                        field: "(record)".into(),
                        reason: format!("same venue as {} ({why})", out[i].id),
                    });
                }
                merge(&mut out[i], v);
            }
            None => {
                let i = out.len();
                if let Some(p) = v.position() {
                    grid.entry(cell_of(p.lat, p.lon)).or_default().push(i);
                }
                by_key.insert(key, i);
                out.push(v);
            }
        }
    }
    (out, entries)
}

fn cell_of(lat: f64, lon: f64) -> (i64, i64) {
    (
        (lat / CELL_DEG).floor() as i64,
        (lon / CELL_DEG).floor() as i64,
    )
}

fn neighbours((a, b): (i64, i64)) -> impl Iterator<Item = (i64, i64)> {
    (-1..=1).flat_map(move |da| (-1..=1).map(move |db| (a + da, b + db)))
}

fn related(a: &Venue, b: &Venue) -> bool {
    if fold(&a.adresse) == fold(&b.adresse) {
        return true;
    }
    let words = |s: &str| -> Vec<String> {
        fold(s)
            .split(' ')
            .filter(|w| w.len() >= 3 && !COMMON.contains(w))
            .map(str::to_string)
            .collect()
    };
    let wa = words(&a.nom);
    words(&b.nom).iter().any(|w| wa.contains(w))
}

/// Lower case, accents off, punctuation to spaces, street words spelled out.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'œ' => {
                out.push('o');
                'e'
            }
            c if c.is_alphanumeric() => c,
            _ => ' ',
        };
        out.push(c);
    }
    out.split_whitespace()
        .map(|w| match w {
            "r" => "rue",
            "av" => "avenue",
            "bd" | "bld" => "boulevard",
            "pl" => "place",
            "st" => "saint",
            "ste" => "sainte",
            "chem" => "chemin",
            w => w,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Fills `into`'s gaps from `other` and keeps both source references.
fn merge(into: &mut Venue, other: Venue) {
    macro_rules! fill {
        ($($f:ident),*) => { $( if into.$f.is_none() { into.$f = other.$f; } )* };
    }
    macro_rules! union {
        ($($f:ident),*) => { $( for x in other.$f { if !into.$f.contains(&x) { into.$f.push(x); } } )* };
    }
    if into.position().is_none() && other.position().is_some() {
        into.latitude = other.latitude;
        into.longitude = other.longitude;
    }
    fill!(
        code_insee,
        telephone,
        prise_rdv,
        source,
        date_maj,
        source_url,
        business_offer,
        operator
    );
    if into.horaires.is_none() || (into.schedule.is_none() && other.schedule.is_some()) {
        into.horaires = other.horaires;
        into.schedule = other.schedule;
    }
    union!(
        courriels,
        site_web,
        services,
        typologie,
        publics,
        dispositif_programmes_nationaux,
        frais_a_charge,
        modalites_acces,
        source_refs
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use tpe_shared::model::SourceRef;

    fn venue(source: &str, id: &str, nom: &str, adresse: &str, pos: Option<(f64, f64)>) -> Venue {
        Venue {
            id: format!("{source}:{id}"),
            nom: nom.into(),
            adresse: adresse.into(),
            code_postal: "62100".into(),
            commune: "Calais".into(),
            latitude: pos.map(|p| p.0),
            longitude: pos.map(|p| p.1),
            source_refs: vec![SourceRef {
                source: source.into(),
                id: id.into(),
            }],
            ..Venue::default()
        }
    }

    #[test]
    fn nine_copies_of_espace_fort_become_one_with_nine_references() {
        let copies: Vec<Venue> = (0..9)
            .map(|i| {
                venue(
                    "cnfs",
                    &format!("id{i}"),
                    "ESPACE FORT",
                    "2 RUE D AJACCIO",
                    None,
                )
            })
            .collect();
        let (out, entries) = dedup(copies);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].source_refs.len(), 9);
        assert_eq!(entries.len(), 8);
    }

    #[test]
    fn the_same_place_across_sources_merges_and_fills_gaps() {
        let fs = venue(
            "fs",
            "1940",
            "France services PIMMS Arras",
            "2 rue de Douai",
            Some((50.28900, 2.78700)),
        );
        let mut cn = venue(
            "cnfs",
            "637f",
            "PIMMS ARRAS",
            "2, R. de Douai",
            Some((50.28920, 2.78710)),
        );
        cn.telephone = Some("+33321221161".into());
        let (out, _) = dedup(vec![fs, cn]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].id, "fs:1940");
        assert_eq!(out[0].telephone.as_deref(), Some("+33321221161"));
        assert_eq!(out[0].source_refs.len(), 2);
    }

    #[test]
    fn neighbours_with_different_names_and_addresses_stay_apart() {
        let a = venue(
            "x",
            "1",
            "Mairie de Calais",
            "Place du Soldat Inconnu",
            Some((50.9500, 1.8560)),
        );
        let b = venue(
            "x",
            "2",
            "Médiathèque Louis Aragon",
            "16 rue du Petit Courgain",
            Some((50.9502, 1.8561)),
        );
        let far = venue(
            "x",
            "3",
            "Mairie de Calais",
            "Place du Soldat Inconnu annexe",
            Some((50.9600, 1.8560)),
        );
        assert_eq!(dedup(vec![a, b, far]).0.len(), 3);
    }
}
