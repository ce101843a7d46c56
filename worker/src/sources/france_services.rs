//! The ANCT "Liste des structures France services" CSV, in both header
//! versions seen (2022: `…, commentaire, itinerance, format_fs, groupe,
//! labellisation`; 2024: `…, prise_rdv, commentaire, type_fs, format_fs,
//! groupe_fs, labellisation_fs`), mapped to the venue standard as the
//! national team does (`mednum-cli` france-services config).

use super::fs_hours;
use super::{
    light_venue, read_csv, want_all, Locator, Parsed, RawVenue, SourceError, VenueRow, Wanted,
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

/// Reads the whole text (tests and small files).
pub fn parse(text: &str) -> Result<Parsed<RawVenue>, SourceError> {
    let mut out = Parsed::default();
    let outcome = read(text.as_bytes(), &want_all, |row| match row {
        VenueRow::Full(v) => out.records.push(*v),
        VenueRow::Outside(v) => out.records.push(v.into_raw()),
        VenueRow::Unreadable(u) => out.unreadable.push(u),
    })?;
    out.notes = outcome;
    Ok(out)
}

/// Streams the CSV, calling `sink` with each venue or unreadable row.
/// Returns notes about the file as a whole.
pub fn read<R: std::io::BufRead + Send>(
    input: R,
    wanted: Wanted,
    mut sink: impl FnMut(VenueRow<'_>),
) -> Result<Vec<String>, SourceError> {
    let outcome = read_csv(input, REQUIRED, |row| {
        let row = match row {
            Ok(r) => r,
            Err(u) => return sink(VenueRow::Unreadable(u)),
        };
        let locator = Locator {
            latitude: row.get_ref("latitude"),
            longitude: row.get_ref("longitude"),
            code_insee: row.get_ref("insee_com"),
            code_postal: row.get_ref("code_postal"),
        };
        if !wanted(&locator) {
            let names = |n: &'static str| match n {
                "id" => "id_fs",
                "nom" => "lib_fs",
                "commune" => "lib_com",
                "code_insee" => "insee_com",
                n => n,
            };
            return sink(VenueRow::Outside(light_venue(
                locator,
                &|c| row.get_ref(c),
                &names,
            )));
        }
        let days = DAY_COLUMNS.map(|c| row.get(c));
        let (horaires, bad_hours) = match fs_hours::to_osm(days.each_ref().map(|d| d.as_deref())) {
            Ok(h) => (h, None),
            Err(bad) => (None, Some(bad)),
        };
        let mut venue = RawVenue {
            id: row.get("id_fs"),
            nom: row.get("lib_fs"),
            adresse: row.get("adresse"),
            complement_adresse: row.get("complement_adresse"),
            code_postal: row.get("code_postal"),
            code_insee: row.get("insee_com"),
            commune: row.get("lib_com"),
            latitude: row.get("latitude"),
            longitude: row.get("longitude"),
            telephone: row.get("telephone"),
            courriels: row.get("mail").into_iter().collect(),
            horaires,
            services: SERVICES.iter().map(|s| s.to_string()).collect(),
            typologie: vec!["RFS".into()],
            dispositif_programmes_nationaux: vec!["France Services".into()],
            frais_a_charge: vec!["Gratuit".into()],
            source: Some("ANCT France services".into()),
            ..RawVenue::default()
        };
        venue.modalites_acces = match row.get("prise_rdv").as_deref() {
            Some("Non") => vec!["Se présenter".into()],
            Some("Oui") => vec!["Téléphoner".into(), "Contacter par mail".into()],
            _ => Vec::new(),
        };
        if let Some(bad) = bad_hours {
            // Keep the raw cell so the report can show what was there.
            venue.horaires = Some(format!("{} {}", bad.day, bad.value));
        }
        sink(VenueRow::Full(Box::new(venue)));
    })?;
    let mut notes = Vec::new();
    let has = |c: &str| outcome.columns.iter().any(|h| h == c);
    if has("itinerance") && !has("type_fs") {
        notes.push("older (2022) header: format_fs holds Site principal/Antenne".into());
    }
    if outcome.decoded_1252 {
        notes.push(crate::sources::NOTE_1252.into());
    }
    Ok(notes)
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
