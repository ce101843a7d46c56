//! The real open-data files shipped in `sources/` and `tests/fixtures/`,
//! ingested with their defects reported: what an operator sees on day one.

use chrono::NaiveDate;
use std::path::Path;
use tpe_worker::area::Relevance;
use tpe_worker::assemble;
use tpe_worker::config::Config;
use tpe_worker::fetch::Body;
use tpe_worker::ingest::{ingest, IngestContext, SourceData};
use tpe_worker::report::Action;
use tpe_worker::sources::SourceError;

fn read(kind: &str, rel: &str) -> Result<SourceData, SourceError> {
    read_as("s", kind, rel)
}

/// As `read`, the source named `id` (venue ids are `id:record`).
fn read_as(id: &str, kind: &str, rel: &str) -> Result<SourceData, SourceError> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = format!(
        "output_dir = \"o\"\n[[territories]]\nid = \"a\"\nname = \"A\"\ninsee = \"62041\"\nradius_km = 20\n\
         [[sources]]\nid = \"{id}\"\nkind = \"{kind}\"\nurl = \"{rel}\"\n"
    );
    let src = Config::parse(&root.join("x.toml"), &text)
        .unwrap()
        .sources
        .remove(0);
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let everything = Relevance::everything();
    ingest(
        &src,
        &Body::File(root.join(rel)),
        &mut IngestContext::new(today, &everything),
    )
}

#[test]
fn nine_copies_of_espace_fort_in_the_conseillers_numeriques_file_become_one() {
    let data = read(
        "mediation-numerique",
        "sources/conseillers-numeriques-lieux-hdf-2022.json",
    )
    .unwrap();
    assert_eq!((data.kept, data.rejected), (421, 0));
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let (cat, entries) = assemble::catalogue(&[("cnfs", &data)], today);
    let fort: Vec<_> = cat
        .venues
        .iter()
        .filter(|v| v.nom == "ESPACE FORT")
        .collect();
    assert_eq!(fort.len(), 1);
    assert_eq!(fort[0].source_refs.len(), 9);
    assert!(
        entries
            .iter()
            .filter(|e| e.action == Action::Merged)
            .count()
            >= 17,
        "17 surplus duplicates"
    );
}

#[test]
fn named_peoples_emails_in_data_inclusion_are_dropped_and_reported_without_the_address() {
    let data = read(
        "mediation-numerique",
        "sources/lieux-mediation-numerique-v0-data-inclusion-hdf-2023.json",
    )
    .unwrap();
    assert_eq!(data.kept, 260);
    assert!(data
        .venues
        .iter()
        .all(|v| v.courriels.iter().all(|e| !e.starts_with("christophe."))));
    let dropped: Vec<_> = data
        .log
        .entries
        .iter()
        .filter(|e| e.reason.contains("named person"))
        .collect();
    assert!(!dropped.is_empty());
    assert!(dropped
        .iter()
        .all(|e| !e.reason.contains("cheriaux") && !e.record_id.contains('@')));
    let cedex = data
        .log
        .entries
        .iter()
        .filter(|e| e.field == "commune" && e.reason.contains("Cedex"))
        .count();
    assert_eq!(cedex, 4, "AMIENS CEDEX 1 BP 32615 and the like");
}

#[test]
fn broken_osm_hours_keep_the_raw_string_without_a_schedule() {
    let data = read(
        "mediation-numerique",
        "sources/conseillers-numeriques-lieux-hdf-2022.json",
    )
    .unwrap();
    let broken: Vec<_> = data
        .venues
        .iter()
        .filter(|v| v.horaires.is_some() && v.schedule.is_none())
        .collect();
    assert!(!broken.is_empty());
    let warned = data
        .log
        .entries
        .iter()
        .filter(|e| e.field == "horaires" && e.action == Action::Warning)
        .count();
    assert_eq!(warned, broken.len());
}

#[test]
fn the_aidants_connect_file_is_not_a_venue_file_and_says_so() {
    match read(
        "mediation-numerique",
        "tests/fixtures/aidants-connect-structures-hdf-2021.json",
    ) {
        Err(SourceError::NothingUsable { records }) => assert_eq!(records, 289),
        other => panic!("expected a failed source, got {:?}", other.map(|d| d.kept)),
    }
}

#[test]
fn the_2022_france_services_file_reports_its_empty_antennas_and_older_header() {
    let data = read(
        "france-services",
        "tests/fixtures/france-services-hdf-20221201.csv",
    )
    .unwrap();
    assert_eq!((data.kept, data.rejected), (189, 12));
    let rejected: Vec<&str> = data
        .log
        .entries
        .iter()
        .filter(|e| e.action == Action::Rejected)
        .map(|e| e.record_id.as_str())
        .collect();
    assert_eq!(
        rejected,
        (2885..=2896).map(|i| i.to_string()).collect::<Vec<_>>()
    );
    assert!(data
        .log
        .entries
        .iter()
        .any(|e| e.reason.contains("older (2022) header")));
}

#[test]
fn venues_for_other_publics_are_left_out_with_their_reason() {
    let di = read_as(
        "data-inclusion",
        "mediation-numerique",
        "sources/lieux-mediation-numerique-v0-data-inclusion-hdf-2023.json",
    )
    .unwrap();
    let curated = read("curated", "sources/curated.toml").unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let (cat, entries) =
        assemble::catalogue(&[("data-inclusion", &di), ("curated", &curated)], today);
    let q = tpe_shared::questionnaire::Questionnaire::embedded();
    let find = |name: &str| {
        cat.venues
            .iter()
            .find(|v| v.nom == name)
            .unwrap_or_else(|| panic!("{name} is in the file"))
    };

    // The v0 file's `publics_accueillis` reach the venue.
    let apei = find("apei");
    assert!(
        apei.publics.iter().any(|p| p == "Déficience visuelle"),
        "{:?}",
        apei.publics
    );
    // The operator's decision from curated.toml, with its reason in the report.
    let why = tpe_shared::pathway::audience::left_out(q, apei).expect("apei is left out");
    assert_eq!(why.id(), "operator");
    assert!(entries
        .iter()
        .any(|e| e.record_id == "data-inclusion:2341" && e.field == "operator"));
    // A children's café is caught by the audience rules, no override needed.
    let kid = tpe_shared::pathway::audience::left_out(q, find("NINO'KID")).expect("left out");
    assert_eq!(kid.id(), "children", "{}", kid.reason(tpe_shared::Lang::Fr));
}

#[test]
fn a_place_the_operator_added_is_a_validated_venue_with_its_source_and_date() {
    let curated = read_as("curated", "curated", "sources/curated.toml").unwrap();
    let pel = curated
        .venues
        .iter()
        .find(|v| v.id == "curated:pel-soissons")
        .expect("the Picardie en Ligne space of Soissons is published");
    // Normalised like any record: E.164 phone, its commune, no coordinates
    // invented (the widget places it at the commune's centre, "environ").
    assert_eq!(pel.telephone.as_deref(), Some("+33323531754"));
    assert_eq!(pel.code_insee.as_deref(), Some("02722"));
    assert_eq!(pel.position(), None);
    assert_eq!(
        pel.source_url.as_deref(),
        Some("https://fr.readkong.com/page/action-83-1251529")
    );
    // The date is the source's: an old record the owner is told to call first.
    assert_eq!(
        pel.date_maj,
        NaiveDate::from_ymd_opt(2019, 3, 1),
        "{:?}",
        pel.date_maj
    );
    assert!(pel.business_offer.is_none(), "no business offer is claimed");
}
