//! The ANCT "Liste des structures France services" CSV, in both header
//! versions seen (2022: `…, commentaire, itinerance, format_fs, groupe,
//! labellisation`; 2024: `…, prise_rdv, commentaire, type_fs, format_fs,
//! groupe_fs, labellisation_fs`), mapped to the venue standard as the
//! national team does (`mednum-cli` france-services config).

use super::fs_hours;
use super::{
    csv_columns, csv_reader, non_empty, sniff_delimiter, Parsed, RawVenue, SourceError, Unreadable,
};

/// Columns whose absence means the file is not what we think it is.
const REQUIRED: &[&str] = &[
    "id_fs",
    "lib_fs",
    "adresse",
    "code_postal",
    "lib_com",
    "latitude",
    "longitude",
    "h_lundi",
    "h_mardi",
    "h_mercredi",
    "h_jeudi",
    "h_vendredi",
    "h_samedi",
];
const DAY_COLUMNS: [&str; 6] = [
    "h_lundi",
    "h_mardi",
    "h_mercredi",
    "h_jeudi",
    "h_vendredi",
    "h_samedi",
];

/// The services every France Services site offers, in v1 terms.
const SERVICES: [&str; 4] = [
    "Aide aux démarches administratives",
    "Insertion professionnelle via le numérique",
    "Maîtrise des outils numériques du quotidien",
    "Compréhension du monde numérique",
];

pub fn parse(text: &str) -> Result<Parsed<RawVenue>, SourceError> {
    if text.trim().is_empty() {
        return Err(SourceError::Empty);
    }
    let mut reader = csv_reader(text, sniff_delimiter(text));
    let headers = reader
        .headers()
        .map_err(|e| SourceError::Csv(e.to_string()))?
        .clone();
    let cols = csv_columns(&headers, REQUIRED)?;
    let mut out = Parsed::default();
    if cols.contains_key("itinerance") && !cols.contains_key("type_fs") {
        out.notes
            .push("older (2022) header: format_fs holds Site principal/Antenne".into());
    }
    for (n, row) in reader.records().enumerate() {
        let line = n + 2;
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                out.unreadable.push(Unreadable {
                    at: format!("line {line}"),
                    detail: e.to_string(),
                });
                continue;
            }
        };
        if row.len() != headers.len() {
            out.unreadable.push(Unreadable {
                at: format!("line {line}"),
                detail: format!(
                    "{} fields where the header has {}",
                    row.len(),
                    headers.len()
                ),
            });
            continue;
        }
        let get = |c: &str| cols.get(c).and_then(|&i| row.get(i)).and_then(non_empty);
        let days = DAY_COLUMNS.map(|c| cols.get(c).and_then(|&i| row.get(i)));
        let (horaires, bad_hours) = match fs_hours::to_osm(days) {
            Ok(h) => (h, None),
            Err(bad) => (None, Some(bad)),
        };
        let mut venue = RawVenue {
            id: get("id_fs"),
            nom: get("lib_fs"),
            adresse: get("adresse"),
            complement_adresse: get("complement_adresse"),
            code_postal: get("code_postal"),
            code_insee: get("insee_com"),
            commune: get("lib_com"),
            latitude: get("latitude"),
            longitude: get("longitude"),
            telephone: get("telephone"),
            courriels: get("mail").into_iter().collect(),
            horaires,
            services: SERVICES.iter().map(|s| s.to_string()).collect(),
            typologie: vec!["RFS".into()],
            dispositif_programmes_nationaux: vec!["France Services".into()],
            frais_a_charge: vec!["Gratuit".into()],
            source: Some("ANCT France services".into()),
            ..RawVenue::default()
        };
        venue.modalites_acces = match get("prise_rdv").as_deref() {
            Some("Non") => vec!["Se présenter".into()],
            Some("Oui") => vec!["Téléphoner".into(), "Contacter par mail".into()],
            _ => Vec::new(),
        };
        if let Some(bad) = bad_hours {
            // Keep the raw cell so the report can show what was there.
            venue.horaires = Some(format!("{} {}", bad.day, bad.value));
        }
        out.records.push(venue);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FS_2024: &str = include_str!("../../sources/france-services-hdf-20240801.csv");
    const FS_2022: &str = include_str!("../../tests/fixtures/france-services-hdf-20221201.csv");

    #[test]
    fn the_2024_file_reads_every_row_with_osm_hours() {
        let p = parse(FS_2024).unwrap();
        assert_eq!(p.records.len(), 205);
        assert!(p.unreadable.is_empty());
        let arras = p
            .records
            .iter()
            .find(|v| v.id.as_deref() == Some("1940"))
            .unwrap();
        assert_eq!(arras.code_postal.as_deref(), Some("62000"));
        assert!(
            arras.horaires.as_deref().unwrap().starts_with("Mo"),
            "{:?}",
            arras.horaires
        );
        assert_eq!(arras.dispositif_programmes_nationaux, ["France Services"]);
    }

    #[test]
    fn the_2022_header_is_read_too_and_noted() {
        let p = parse(FS_2022).unwrap();
        assert_eq!(p.records.len(), 201);
        assert_eq!(p.notes.len(), 1);
        let bus = p
            .records
            .iter()
            .find(|v| v.id.as_deref() == Some("3"))
            .unwrap();
        assert_eq!(bus.horaires.as_deref(), Some("Mo-Fr 09:30-16:30"));
    }

    #[test]
    fn a_renamed_required_column_fails_the_source() {
        let drifted = FS_2024.replacen("\"code_postal\"", "\"cp\"", 1);
        match parse(&drifted) {
            Err(SourceError::SchemaDrift(cols)) => assert_eq!(cols, "code_postal"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_ragged_row_is_reported_not_fatal() {
        let mut lines: Vec<&str> = FS_2024.lines().take(3).collect();
        lines.push("\"9999\",\"02\",\"Cut short\"");
        let p = parse(&lines.join("\n")).unwrap();
        assert_eq!(p.records.len(), 2);
        assert_eq!(p.unreadable[0].at, "line 4");
    }
}
