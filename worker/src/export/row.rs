//! One venue as one row of the national venue standard v1.0.2: the 32
//! columns in schema order, every value either valid for the schema or left
//! empty. The standard's consumers reject a whole file for one bad cell, so
//! a value the worker cannot vouch for is dropped, never written as is.

use super::enums;
use chrono::NaiveDate;
use tpe_shared::model::Venue;

/// The columns, in the order the standard requires.
pub const COLUMNS: [&str; 32] = [
    "id",
    "pivot",
    "nom",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "latitude",
    "longitude",
    "typologie",
    "telephone",
    "courriels",
    "site_web",
    "horaires",
    "presentation_resume",
    "presentation_detail",
    "source",
    "itinerance",
    "structure_parente",
    "date_maj",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "autres_formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
    "fiche_acces_libre",
    "prise_rdv",
];

/// `pivot` is required (`^[a-zA-Z0-9]{9,14}$`: SIRET, RNA or RIDET) but the
/// sources the worker reads rarely carry it and the published model has no
/// such field. The national data itself uses fourteen zeros for "unknown
/// SIRET", which the pattern accepts: better than an invented number.
pub const UNKNOWN_PIVOT: &str = "00000000000000";

/// Country calling codes the `telephone` pattern accepts.
const PHONE_PREFIXES: [&str; 10] = [
    "+33", "+590", "+594", "+262", "+596", "+269", "+687", "+689", "+508", "+681",
];

/// Why a venue cannot be a row: a required column would be empty or invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unfit {
    pub field: &'static str,
    pub reason: String,
}

/// A value dropped from a row (written empty), for the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    pub field: &'static str,
    pub value: String,
}

/// The row for `venue`; `fallback_date` is used for `date_maj` when the
/// venue has none (the day its source was fetched).
pub fn row(
    venue: &Venue,
    fallback_date: NaiveDate,
    dropped: &mut Vec<Dropped>,
) -> Result<[String; 32], Unfit> {
    let required = |field: &'static str, v: &str| -> Result<String, Unfit> {
        let v = v.trim();
        if v.is_empty() {
            Err(Unfit {
                field,
                reason: "required and empty".into(),
            })
        } else {
            Ok(v.to_string())
        }
    };
    let id = required("id", &venue.id)?;
    let nom = required("nom", &venue.nom)?;
    let commune = required("commune", &venue.commune)?;
    let adresse = required("adresse", &venue.adresse)?;
    let code_postal = venue.code_postal.trim();
    if !(code_postal.len() == 5 && code_postal.bytes().all(|b| b.is_ascii_digit())) {
        return Err(Unfit {
            field: "code_postal",
            reason: format!("`{code_postal}` is not 5 digits"),
        });
    }
    let mut keep = |field: &'static str, value: Option<&str>, ok: fn(&str) -> bool| -> String {
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) if ok(v) => v.to_string(),
            Some(v) => {
                dropped.push(Dropped {
                    field,
                    value: v.to_string(),
                });
                String::new()
            }
            None => String::new(),
        }
    };
    let code_insee = keep("code_insee", venue.code_insee.as_deref(), is_insee);
    let telephone = keep("telephone", venue.telephone.as_deref(), is_phone);
    let (latitude, longitude) = match venue.position() {
        Some(p) => (p.lat.to_string(), p.lon.to_string()),
        None => (String::new(), String::new()),
    };
    let mut multi = |e: enums::Enumeration, values: &[String]| -> String {
        let (cell, unknown) = e.cell(values);
        dropped.extend(unknown.into_iter().map(|v| Dropped {
            field: e.field,
            value: v.to_string(),
        }));
        cell
    };
    let services = multi(enums::SERVICES, &venue.services);
    let frais = multi(enums::FRAIS, &venue.frais_a_charge);
    let dispositifs = multi(enums::DISPOSITIFS, &venue.dispositif_programmes_nationaux);
    let acces = multi(enums::MODALITES_ACCES, &venue.modalites_acces);
    let date_maj = venue.date_maj.unwrap_or(fallback_date).to_string();
    let typologie = join("typologie", &venue.typologie, dropped);
    let courriels = join("courriels", &venue.courriels, dropped);
    let site_web = join("site_web", &venue.site_web, dropped);

    Ok([
        id,
        UNKNOWN_PIVOT.to_string(),
        nom,
        commune,
        code_postal.to_string(),
        code_insee,
        adresse,
        String::new(), // complement_adresse: not kept by the worker
        latitude,
        longitude,
        typologie,
        telephone,
        courriels,
        site_web,
        venue.horaires.clone().unwrap_or_default(),
        String::new(), // presentation_resume
        String::new(), // presentation_detail
        venue.source.clone().unwrap_or_default(),
        String::new(), // itinerance
        String::new(), // structure_parente
        date_maj,
        services,
        String::new(), // publics_specifiquement_adresses
        String::new(), // prise_en_charge_specifique
        frais,
        dispositifs,
        String::new(), // formations_labels
        String::new(), // autres_formations_labels
        acces,
        String::new(), // modalites_accompagnement
        String::new(), // fiche_acces_libre
        venue.prise_rdv.clone().unwrap_or_default(),
    ])
}

/// `|` separates values, so a value holding one would split: left out
/// (and counted).
fn join(field: &'static str, values: &[String], dropped: &mut Vec<Dropped>) -> String {
    let mut kept = Vec::with_capacity(values.len());
    for v in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        if v.contains('|') {
            dropped.push(Dropped {
                field,
                value: v.to_string(),
            });
        } else {
            kept.push(v);
        }
    }
    kept.join("|")
}

/// `^([013-9]\d|2[AB1-9])\d{3}$`
fn is_insee(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 5
        && b[2..].iter().all(u8::is_ascii_digit)
        && match b[0] {
            b'0' | b'1' | b'3'..=b'9' => b[1].is_ascii_digit(),
            b'2' => matches!(b[1], b'A' | b'B' | b'1'..=b'9'),
            _ => false,
        }
}

/// `^(\+33|\+590|…|\+681)(\d){6,9}$`
pub fn is_phone(v: &str) -> bool {
    PHONE_PREFIXES.iter().any(|p| {
        v.strip_prefix(p).is_some_and(|rest| {
            (6..=9).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_digit())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn venue() -> Venue {
        serde_json::from_value(serde_json::json!({
            "id": "france-services:1940",
            "nom": "France services Arras",
            "adresse": "2 rue de Douai",
            "code_postal": "62000",
            "code_insee": "62041",
            "commune": "Arras",
            "latitude": 50.2899,
            "longitude": 2.7659,
            "telephone": "+33321000000",
            "services": ["Comprehension du monde numérique", "Aide aux démarches administratives"],
            "frais_a_charge": ["Gratuit"],
        }))
        .unwrap()
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    #[test]
    fn a_row_has_the_32_columns_in_order_with_valid_values() {
        let mut dropped = Vec::new();
        let r = row(&venue(), day(), &mut dropped).unwrap();
        assert_eq!(r[0], "france-services:1940");
        assert_eq!(r[1], UNKNOWN_PIVOT);
        assert_eq!(r[8], "50.2899");
        assert_eq!(r[11], "+33321000000");
        assert_eq!(r[20], "2026-11-29");
        assert_eq!(
            r[21],
            "Compréhension du monde numérique|Aide aux démarches administratives"
        );
        assert!(dropped.is_empty(), "{dropped:?}");
    }

    #[test]
    fn values_the_schema_would_refuse_are_left_empty_and_counted() {
        let mut v = venue();
        v.telephone = Some("0321000000".into());
        v.code_insee = Some("2C001".into());
        v.latitude = Some(0.0);
        v.longitude = Some(0.0);
        let mut dropped = Vec::new();
        let r = row(&v, day(), &mut dropped).unwrap();
        assert_eq!(
            (&r[5][..], &r[8][..], &r[9][..], &r[11][..]),
            ("", "", "", "")
        );
        assert_eq!(dropped.len(), 2);
        v.code_postal = "6200".into();
        assert_eq!(
            row(&v, day(), &mut dropped).unwrap_err().field,
            "code_postal"
        );
    }

    #[test]
    fn phones_follow_the_schema_pattern() {
        assert!(is_phone("+33180059880"));
        assert!(is_phone("+590590123456"));
        assert!(!is_phone("+3318005988012"));
        assert!(!is_phone("+44 20 7946 0000"));
        assert!(is_insee("2A004") && is_insee("59350") && !is_insee("20004"));
    }
}
