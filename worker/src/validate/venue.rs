//! One raw venue to a publishable [`Venue`], against the v1.0.2 standard.
//! Required fields missing or malformed reject the record; optional fields
//! that cannot be published are dropped with a reason; everything else is
//! cleaned to plain text.

use super::{parse_date, text_field, ValidationError, ValidationErrorKind as K};
use crate::clean::{email::clean_email, geo, phone::clean_phone, url::clean_url};
use crate::export::enums::{self, Enumeration};
use crate::report::{Action, SourceLog};
use crate::sources::RawVenue;
use chrono::NaiveDate;
use std::collections::HashMap;
use tpe_shared::hours::{HoursError, WeeklySchedule};
use tpe_shared::model::{SourceRef, Venue};

const MAX_NAME: usize = 150;
const MAX_ADDRESS: usize = 200;
const MAX_COMMUNE: usize = 100;
const MAX_HOURS: usize = 500;
const MAX_ID: usize = 100;

/// Validates one venue. Its opening hours are read later, by
/// [`read_hours`], and only for venues that will be published: parsing OSM
/// hours is the costliest step and most national rows are filtered out.
pub fn validate_venue(
    raw: &RawVenue,
    source: &str,
    log: &mut SourceLog,
) -> Result<Venue, ValidationError> {
    let rid = raw.id.as_deref().map(str::trim).unwrap_or("").to_string();
    if rid.is_empty() {
        return Err(ValidationError::new("id", K::Missing));
    }
    if rid.chars().count() > MAX_ID || rid.chars().any(|c| c.is_control() || c == '<' || c == '>') {
        return Err(ValidationError::new(
            "id",
            K::Other {
                detail: "id is too long or holds markup".into(),
            },
        ));
    }
    let id = &rid;
    let nom = text_field(log, id, "nom", raw.nom.as_deref(), MAX_NAME, false)
        .ok_or_else(|| ValidationError::new("nom", K::Missing))?;
    let adresse = text_field(
        log,
        id,
        "adresse",
        raw.adresse.as_deref(),
        MAX_ADDRESS,
        false,
    )
    .ok_or_else(|| ValidationError::new("adresse", K::Missing))?;
    let code_postal = postal_code(raw.code_postal.as_deref(), id, log)?;
    let code_insee = match raw
        .code_insee
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(c) if is_insee(c) => Some(c.to_string()),
        Some(_) => {
            log.error(
                id,
                Action::FieldDropped,
                &ValidationError::new("code_insee", K::InseeCode),
            );
            None
        }
    };
    let commune = text_field(
        log,
        id,
        "commune",
        raw.commune.as_deref(),
        MAX_COMMUNE,
        false,
    )
    .map(|c| strip_cedex(&c, id, log))
    .ok_or_else(|| ValidationError::new("commune", K::Missing))?;

    let mut venue = Venue {
        id: format!("{source}:{rid}"),
        nom,
        adresse: match text_field(
            log,
            id,
            "complement_adresse",
            raw.complement_adresse.as_deref(),
            MAX_ADDRESS,
            false,
        ) {
            Some(extra) => format!("{adresse}, {extra}"),
            None => adresse,
        },
        code_postal,
        code_insee,
        commune,
        source_refs: vec![SourceRef {
            source: source.to_string(),
            id: rid.clone(),
        }],
        ..Venue::default()
    };

    match geo::clean_coordinates(raw.latitude.as_deref(), raw.longitude.as_deref()) {
        Ok(geo::Coordinates::Ok(p)) => {
            (venue.latitude, venue.longitude) = (Some(p.lat), Some(p.lon))
        }
        Ok(geo::Coordinates::Swapped(p)) => {
            log.push(
                id,
                Action::Cleaned,
                "latitude",
                "latitude and longitude were swapped",
            );
            (venue.latitude, venue.longitude) = (Some(p.lat), Some(p.lon));
        }
        Ok(geo::Coordinates::Missing) => {}
        Err(kind) => log.error(
            id,
            Action::FieldDropped,
            &ValidationError::new("latitude", kind),
        ),
    }

    if let Some(t) = raw.telephone.as_deref().filter(|t| !t.trim().is_empty()) {
        match clean_phone(t) {
            Ok(p) => venue.telephone = Some(p),
            Err(kind) => log.error(
                id,
                Action::FieldDropped,
                &ValidationError::new("telephone", kind),
            ),
        }
    }
    for e in &raw.courriels {
        match clean_email(e) {
            Ok(e) if !venue.courriels.contains(&e) => venue.courriels.push(e),
            Ok(_) => {}
            // Never echo the personal address itself into the report.
            Err(kind) => log.error(
                id,
                Action::FieldDropped,
                &ValidationError::new("courriels", kind),
            ),
        }
    }
    for u in &raw.site_web {
        match clean_url(u) {
            Ok(u) if !venue.site_web.contains(&u) => venue.site_web.push(u),
            Ok(_) => {}
            Err(kind) => log.error(
                id,
                Action::FieldDropped,
                &ValidationError::new("site_web", kind),
            ),
        }
    }
    if let Some(u) = raw.prise_rdv.as_deref().filter(|u| !u.trim().is_empty()) {
        match clean_url(u) {
            Ok(u) => venue.prise_rdv = Some(u),
            Err(kind) => log.error(
                id,
                Action::FieldDropped,
                &ValidationError::new("prise_rdv", kind),
            ),
        }
    }

    venue.horaires = text_field(
        log,
        id,
        "horaires",
        raw.horaires.as_deref(),
        MAX_HOURS,
        false,
    );

    // The standard's vocabulary, one list for reading and for exporting.
    let allowed = |values: &[String], e: Enumeration, log: &mut SourceLog| {
        enum_values(values, e.values, e.field, id, log)
    };
    venue.services = allowed(&raw.services, enums::SERVICES, log);
    venue.frais_a_charge = allowed(&raw.frais_a_charge, enums::FRAIS, log);
    venue.modalites_acces = allowed(&raw.modalites_acces, enums::MODALITES_ACCES, log);
    venue.dispositif_programmes_nationaux = allowed(
        &raw.dispositif_programmes_nationaux,
        enums::DISPOSITIFS,
        log,
    );
    for t in &raw.typologie {
        let t = t.trim();
        if !t.is_empty()
            && t.len() <= 20
            && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            venue.typologie.push(t.to_string());
        } else {
            log.push(
                id,
                Action::FieldDropped,
                "typologie",
                K::UnknownValue { value: short(t) }.to_string(),
            );
        }
    }
    for p in &raw.publics {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        if p.chars().count() <= 120 && !p.chars().any(|c| c.is_control() || c == '<' || c == '>') {
            if !venue.publics.iter().any(|x| x == p) {
                venue.publics.push(p.to_string());
            }
        } else {
            log.push(
                id,
                Action::FieldDropped,
                "publics",
                K::UnknownValue { value: short(p) }.to_string(),
            );
        }
    }
    venue.source = text_field(log, id, "source", raw.source.as_deref(), 100, false);
    if let Some(u) = raw.source_url.as_deref().filter(|u| !u.trim().is_empty()) {
        match clean_url(u) {
            Ok(u) => venue.source_url = Some(u),
            Err(kind) => log.error(
                id,
                Action::FieldDropped,
                &ValidationError::new("source_url", kind),
            ),
        }
    }
    if let Some(d) = raw.date_maj.as_deref().filter(|d| !d.trim().is_empty()) {
        match parse_date(d) {
            Some(d) => venue.date_maj = Some(d),
            None => log.error(
                id,
                Action::FieldDropped,
                &ValidationError::new("date_maj", K::Date),
            ),
        }
    }
    Ok(venue)
}

/// The verdict of [`validate_venue`] on the required fields only, for
/// venues outside every territory: they are counted and their rejections
/// reported, but not cleaned further since they will not be published.
pub fn check_required(
    row: &crate::sources::OutsideRow<'_>,
    log: &mut SourceLog,
) -> Result<(), ValidationError> {
    let present = |v: &Option<std::borrow::Cow<'_, str>>, max| {
        v.as_deref()
            .is_some_and(|s| crate::clean::text::has_text(s, max))
    };
    if !present(&row.nom, MAX_NAME) {
        return Err(ValidationError::new("nom", K::Missing));
    }
    if !present(&row.adresse, MAX_ADDRESS) {
        return Err(ValidationError::new("adresse", K::Missing));
    }
    let id = row.id.as_deref().unwrap_or("");
    postal_code(row.locator.code_postal.as_deref(), id, log)?;
    if !present(&row.commune, MAX_COMMUNE) {
        return Err(ValidationError::new("commune", K::Missing));
    }
    Ok(())
}

/// Parsed OSM hours by raw string: many venues share the same hours.
pub type HoursCache = HashMap<String, Result<WeeklySchedule, String>>;

/// Derives the compact week from `horaires`, once per distinct string.
/// Unreadable hours keep the raw string, get no schedule, and a warning
/// naming the venue (`record_id` is the source's own id).
pub fn read_hours(
    venue: &mut Venue,
    record_id: &str,
    week_of: NaiveDate,
    cache: &mut HoursCache,
    log: &mut SourceLog,
) {
    let Some(h) = venue.horaires.as_deref() else {
        return;
    };
    let parsed = cache.entry(h.to_string()).or_insert_with(|| {
        WeeklySchedule::from_osm(h, week_of).map_err(|e| match e {
            HoursError::Empty => String::new(),
            e => e.to_string(),
        })
    });
    match parsed {
        Ok(s) => venue.schedule = Some(s.clone()),
        Err(e) if e.is_empty() => {}
        Err(e) => log.push(
            record_id,
            Action::Warning,
            "horaires",
            K::Hours {
                detail: format!("{h} ({e})"),
            }
            .to_string(),
        ),
    }
}

fn postal_code(
    raw: Option<&str>,
    id: &str,
    log: &mut SourceLog,
) -> Result<String, ValidationError> {
    let s = raw.map(str::trim).unwrap_or("");
    if s.is_empty() {
        return Err(ValidationError::new("code_postal", K::Missing));
    }
    if s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(s.to_string());
    }
    // A spreadsheet or JSON number ate the leading zero: 2820 → 02820.
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        log.push(
            id,
            Action::Cleaned,
            "code_postal",
            format!("`{s}` lost its leading zero; read as 0{s}"),
        );
        return Ok(format!("0{s}"));
    }
    Err(ValidationError::new("code_postal", K::PostalCode))
}

pub fn is_insee(c: &str) -> bool {
    let b = c.as_bytes();
    b.len() == 5
        && (b[..2].iter().all(u8::is_ascii_digit) || c.starts_with("2A") || c.starts_with("2B"))
        && b[2..].iter().all(u8::is_ascii_digit)
}

/// "AMIENS CEDEX 1 BP 32615" → "AMIENS": Cedex and PO boxes are not towns.
fn strip_cedex(c: &str, id: &str, log: &mut SourceLog) -> String {
    let upper = c.to_uppercase();
    let cut = [" CEDEX", " BP ", " CS "]
        .iter()
        .filter_map(|m| upper.find(m))
        .min();
    match cut {
        Some(i) if i > 0 => {
            let town = c[..i].trim().to_string();
            log.push(
                id,
                Action::Cleaned,
                "commune",
                format!("`{c}` holds a Cedex or PO box; kept `{town}`"),
            );
            town
        }
        _ => c.to_string(),
    }
}

fn enum_values(
    values: &[String],
    allowed: &[&str],
    field: &str,
    id: &str,
    log: &mut SourceLog,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        let v = v.trim();
        match allowed
            .iter()
            .find(|a| a.eq_ignore_ascii_case(v) || **a == v)
        {
            Some(a) if !out.iter().any(|o| o == a) => out.push(a.to_string()),
            Some(_) => {}
            None => log.push(
                id,
                Action::FieldDropped,
                field,
                K::UnknownValue { value: short(v) }.to_string(),
            ),
        }
    }
    out
}

/// A value quoted in the report, kept short and free of markup.
fn short(v: &str) -> String {
    crate::clean::text::clean_text(v, 60, false)
        .0
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
    }

    fn good() -> RawVenue {
        RawVenue {
            id: Some("1940".into()),
            nom: Some("France services PIMMS Arras".into()),
            adresse: Some("2 rue de Douai".into()),
            code_postal: Some("62000".into()),
            code_insee: Some("62041".into()),
            commune: Some("Arras".into()),
            latitude: Some("50.2899".into()),
            longitude: Some("2.7659".into()),
            telephone: Some("03 21 22 11 61".into()),
            courriels: vec!["arras@pimmsmediation.fr".into()],
            horaires: Some("Mo-Fr 09:00-12:00".into()),
            ..RawVenue::default()
        }
    }

    fn check(raw: RawVenue) -> (Result<Venue, ValidationError>, SourceLog) {
        let mut log = SourceLog::new("fs");
        let mut v = validate_venue(&raw, "fs", &mut log);
        if let Ok(v) = v.as_mut() {
            read_hours(v, "x", week(), &mut HoursCache::new(), &mut log);
        }
        (v, log)
    }

    #[test]
    fn a_good_record_is_published_normalised() {
        let (v, log) = check(good());
        let v = v.unwrap();
        assert_eq!(v.id, "fs:1940");
        assert_eq!(v.telephone.as_deref(), Some("+33321221161"));
        assert!(v.schedule.is_some());
        assert!(log.entries.is_empty(), "{:?}", log.entries);
    }

    #[test]
    fn rejections_read_well_for_operators() {
        let cases: Vec<(RawVenue, &str, &str)> = vec![
            (
                RawVenue {
                    code_postal: Some("620A0".into()),
                    ..good()
                },
                "code_postal",
                "code_postal must be 5 digits",
            ),
            (
                RawVenue {
                    code_postal: None,
                    ..good()
                },
                "code_postal",
                "is required but missing or empty",
            ),
            (
                RawVenue {
                    nom: Some("<script></script>".into()),
                    ..good()
                },
                "nom",
                "is required but missing or empty",
            ),
            (
                RawVenue {
                    adresse: Some("  ".into()),
                    ..good()
                },
                "adresse",
                "is required but missing or empty",
            ),
            (
                RawVenue { id: None, ..good() },
                "id",
                "is required but missing or empty",
            ),
        ];
        for (raw, field, reason) in cases {
            let e = check(raw).0.unwrap_err();
            assert_eq!(
                (e.field.as_str(), e.kind.to_string().as_str()),
                (field, reason)
            );
        }
    }

    #[test]
    fn hostile_optional_fields_are_dropped_with_a_reason() {
        let raw = RawVenue {
            nom: Some("Mairie<img src=x onerror=alert(1)>".into()),
            site_web: vec!["javascript:alert(1)".into(), "www.arras.fr".into()],
            courriels: vec!["jean.dupont@arras.fr".into()],
            latitude: Some("-33.9".into()),
            longitude: Some("151.2".into()),
            horaires: Some("Th 08:30-12:00-13:30".into()),
            ..good()
        };
        let (v, log) = check(raw);
        let v = v.unwrap();
        assert_eq!(v.nom, "Mairie");
        assert_eq!(v.site_web, ["https://www.arras.fr/"]);
        assert!(v.courriels.is_empty());
        assert_eq!(v.latitude, None);
        assert_eq!(v.horaires.as_deref(), Some("Th 08:30-12:00-13:30"));
        assert_eq!(v.schedule, None);
        let reasons: Vec<String> = log
            .entries
            .iter()
            .map(|e| format!("{}: {}", e.field, e.reason))
            .collect();
        assert!(
            reasons
                .iter()
                .any(|r| r.starts_with("site_web: only http:// and https://")),
            "{reasons:?}"
        );
        assert!(
            reasons.iter().any(|r| r.contains("named person")),
            "{reasons:?}"
        );
        assert!(
            reasons
                .iter()
                .any(|r| r.starts_with("horaires: opening hours are not")),
            "{reasons:?}"
        );
        assert!(
            reasons
                .iter()
                .any(|r| r.starts_with("latitude: coordinates are outside")),
            "{reasons:?}"
        );
        assert!(
            !reasons.iter().any(|r| r.contains("jean.dupont")),
            "personal data must not reach the report"
        );
    }

    #[test]
    fn aidants_connect_postal_integers_and_cedex_are_repaired() {
        let (v, log) = check(RawVenue {
            code_postal: Some("2820".into()),
            commune: Some("AMIENS CEDEX 1 BP 32615".into()),
            ..good()
        });
        let v = v.unwrap();
        assert_eq!(
            (v.code_postal.as_str(), v.commune.as_str()),
            ("02820", "AMIENS")
        );
        assert_eq!(log.count(Action::Cleaned), 2);
    }
}
