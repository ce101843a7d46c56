//! The national digital-mediation venue standard, v1.0.2: a CSV with `|`
//! between the values of a multi-valued field, or the same records as JSON
//! (strings with `|`, or arrays). A JSON file in the older v0.1.x shape
//! (`courriel`, `labels_nationaux`, `;` separators) is recognised and
//! translated by [`super::mediation_v0`].

use super::mediation_v0;
use super::{
    json_text, light_venue, non_empty, read_csv, split_multi, want_all, Locator, Parsed, RawVenue,
    SourceError, Unreadable, VenueRow, Wanted,
};
use serde_json::{Map, Value};

/// The v1 required columns, minus `pivot` and `date_maj` which real
/// exports leave out or fill with placeholders; their absence is not drift.
const REQUIRED: &[&str] = &["id", "nom", "commune", "code_postal", "adresse"];

/// Reads a whole v1 CSV text (tests and small files).
pub fn parse_csv(text: &str) -> Result<Parsed<RawVenue>, SourceError> {
    let mut out = Parsed::default();
    out.notes = read_csv_v1(text.as_bytes(), &want_all, |row| match row {
        VenueRow::Full(v) => out.records.push(*v),
        VenueRow::Outside(v) => out.records.push(v.into_raw()),
        VenueRow::Unreadable(u) => out.unreadable.push(u),
    })?;
    Ok(out)
}

/// Streams a v1 CSV, calling `sink` with each venue or unreadable row.
pub fn read_csv_v1<R: std::io::BufRead + Send>(
    input: R,
    wanted: Wanted,
    mut sink: impl FnMut(VenueRow<'_>),
) -> Result<Vec<String>, SourceError> {
    let outcome = read_csv(input, REQUIRED, |row| match row {
        Ok(row) => {
            let locator = Locator {
                latitude: row.get_ref("latitude"),
                longitude: row.get_ref("longitude"),
                code_insee: row.get_ref("code_insee"),
                code_postal: row.get_ref("code_postal"),
            };
            if wanted(&locator) {
                sink(VenueRow::Full(Box::new(from_fields(&|c| row.get(c), '|'))))
            } else {
                sink(VenueRow::Outside(light_venue(
                    locator,
                    &|c| row.get_ref(c),
                    &|n| n,
                )))
            }
        }
        Err(u) => sink(VenueRow::Unreadable(u)),
    })?;
    let mut notes = Vec::new();
    if outcome.decoded_1252 {
        notes.push(super::NOTE_1252.to_string());
    }
    Ok(notes)
}

pub fn parse_json(text: &str) -> Result<Parsed<RawVenue>, SourceError> {
    if text.trim().is_empty() {
        return Err(SourceError::Empty);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| SourceError::Json(e.to_string()))?;
    let items = match value {
        Value::Array(items) => items,
        // `{items: [...]}` (data·inclusion) or `{data: [...]}`.
        Value::Object(mut o) => match ["items", "data", "results"]
            .iter()
            .find_map(|k| o.remove(*k))
        {
            Some(Value::Array(items)) => items,
            _ => return Err(SourceError::Shape("expected an array of venues".into())),
        },
        _ => return Err(SourceError::Shape("expected an array of venues".into())),
    };
    let v0 = items
        .iter()
        .filter_map(Value::as_object)
        .any(mediation_v0::is_v0);
    let mut out = Parsed::default();
    if v0 {
        out.notes
            .push("v0.1.x venue standard: translated to v1 names and services".into());
    }
    for (i, item) in items.iter().enumerate() {
        let Some(obj) = item.as_object() else {
            out.unreadable.push(Unreadable {
                at: format!("item {i}"),
                detail: "not an object".into(),
            });
            continue;
        };
        out.records.push(if v0 {
            mediation_v0::translate(obj)
        } else {
            from_json(obj)
        });
    }
    Ok(out)
}

fn from_json(obj: &Map<String, Value>) -> RawVenue {
    let get = |k: &'static str| -> Option<String> {
        match obj.get(k) {
            // Arrays (DataSpace API) are joined the v1 way.
            Some(Value::Array(a)) => {
                let parts: Vec<String> = a.iter().filter_map(|v| json_text(Some(v))).collect();
                (!parts.is_empty()).then(|| parts.join("|"))
            }
            other => json_text(other).and_then(|s| non_empty(&s)),
        }
    };
    from_fields(&get, '|')
}

/// Maps v1 field names to a raw venue, `sep` separating multi-values.
pub(crate) fn from_fields(get: &dyn Fn(&'static str) -> Option<String>, sep: char) -> RawVenue {
    let multi = |k: &'static str| split_multi(get(k).as_deref(), sep);
    RawVenue {
        id: get("id"),
        pivot: get("pivot"),
        nom: get("nom"),
        adresse: get("adresse"),
        complement_adresse: get("complement_adresse"),
        code_postal: get("code_postal"),
        code_insee: get("code_insee"),
        commune: get("commune"),
        latitude: get("latitude"),
        longitude: get("longitude"),
        telephone: get("telephone"),
        courriels: multi("courriels"),
        site_web: multi("site_web"),
        horaires: get("horaires"),
        services: multi("services"),
        typologie: multi("typologie"),
        publics: {
            let mut p = multi("publics_specifiquement_adresses");
            p.extend(multi("prise_en_charge_specifique"));
            p
        },
        dispositif_programmes_nationaux: multi("dispositif_programmes_nationaux"),
        frais_a_charge: multi("frais_a_charge"),
        modalites_acces: multi("modalites_acces"),
        prise_rdv: get("prise_rdv"),
        source: get("source"),
        date_maj: get("date_maj"),
        source_url: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const V1: &str =
        include_str!("../../tests/fixtures/lieux-mediation-numerique.exemple-valide-v1.0.2.csv");

    #[test]
    fn the_official_v1_example_splits_multi_values_on_pipes() {
        let p = parse_csv(V1).unwrap();
        assert_eq!(p.records.len(), 1);
        let v = &p.records[0];
        assert_eq!(v.id.as_deref(), Some("structure-1"));
        assert_eq!(
            v.courriels,
            [
                "contact@laquincaillerie.tl",
                "responsable@laquincaillerie.tl"
            ]
        );
        assert_eq!(v.services.len(), 3);
        assert_eq!(
            v.horaires.as_deref(),
            Some("Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00")
        );
    }

    #[test]
    fn v1_json_accepts_arrays_and_pipe_strings() {
        let p = parse_json(
            r#"[{"id":"a","nom":"N","commune":"Arras","code_postal":"62000","adresse":"1 rue",
            "services":["Aide aux démarches administratives","Utilisation sécurisée du numérique"],
            "courriels":"a@x.fr|b@x.fr","latitude":50.29,"longitude":2.77}]"#,
        )
        .unwrap();
        assert_eq!(p.records[0].services.len(), 2);
        assert_eq!(p.records[0].courriels.len(), 2);
        assert_eq!(p.records[0].latitude.as_deref(), Some("50.29"));
    }

    #[test]
    fn broken_json_and_wrong_shapes_fail_the_source() {
        assert!(matches!(
            parse_json("[{\"id\": \"a\""),
            Err(SourceError::Json(_))
        ));
        assert!(matches!(
            parse_json("{\"count\": 3}"),
            Err(SourceError::Shape(_))
        ));
        assert!(matches!(parse_json("  "), Err(SourceError::Empty)));
    }
}
