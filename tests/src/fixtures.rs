//! Fixture data built from the `tpe-shared` model: real-looking Arras and
//! Calais snapshots, their manifest, and the owner's answers of a scenario.

use crate::{workspace_root, Context, Result, Site};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Weekday};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use tpe_shared::communes::CommuneIndex;
use tpe_shared::geo::GeoPoint;
use tpe_shared::hours::WeeklySchedule;
use tpe_shared::model::{
    Aid, AmountRange, BusinessOffer, Contact, ContactKind, Eligibility, Manifest, ManifestSource,
    ManifestTerritory, Perimeter, RateRange, SourceInfo, SourceStatus, TerritorySnapshot, Topic,
    Venue, SCHEMA_VERSION,
};
use tpe_shared::questionnaire::{Chamber, Questionnaire};
use tpe_shared::scoring::{Answers, Profile};

/// When the fixture data says it was generated.
pub fn generated_at() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-28T06:00:00+01:00").expect("a valid date")
}

/// `Mo-Fr 09:00-12:00,14:00-17:30` and the same in the compact form.
fn office_hours() -> (String, WeeklySchedule) {
    let mut s = WeeklySchedule::default();
    for d in [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ] {
        s.add(d, 9 * 60, 12 * 60);
        s.add(d, 14 * 60, 17 * 60 + 30);
    }
    ("Mo-Fr 09:00-12:00,14:00-17:30".into(), s)
}

/// `Tu-Sa 10:00-18:00`: open on Saturdays too.
fn library_hours() -> (String, WeeklySchedule) {
    let mut s = WeeklySchedule::default();
    for d in [
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
    ] {
        s.add(d, 10 * 60, 18 * 60);
    }
    ("Tu-Sa 10:00-18:00".into(), s)
}

fn source(id: &str) -> SourceInfo {
    SourceInfo {
        id: id.into(),
        name: Some("Lieux de médiation numérique (fixture e2e)".into()),
        fetched_at: generated_at(),
        licence: Some("Licence Ouverte 2.0".into()),
        url: None,
    }
}

/// Arras: three venues (one welcoming businesses), the chambers, and two
/// regional aids (ADEN for selling online, a cyber one that does not fit it).
pub fn arras() -> TerritorySnapshot {
    let territory = tpe_shared::model::Territory {
        id: "arras".into(),
        name: "Arras".into(),
        insee: "62041".into(),
        centre: GeoPoint {
            lat: 50.2899,
            lon: 2.7659,
        },
        radius_km: 20.0,
        communes: vec![
            "62004".into(),
            "62041".into(),
            "62753".into(),
            "62764".into(),
        ],
        epcis: vec!["200033579".into()],
        contacts: vec![
            Contact {
                kind: ContactKind::Cci,
                name: "CCI Artois".into(),
                phone: Some("+33321235300".into()),
                email: Some("contact@artois.cci.fr".into()),
                url: Some("https://www.hautsdefrance.cci.fr/".into()),
                address: Some("3 rue Émile Legrelle, 62000 Arras".into()),
                source_url: None,
                phone_to_confirm: false,
            },
            Contact {
                kind: ContactKind::Cma,
                name: "Chambre de métiers et de l'artisanat Hauts-de-France — Arras".into(),
                phone: Some("+33321712500".into()),
                email: None,
                url: Some("https://www.cma-hautsdefrance.fr/".into()),
                address: None,
                source_url: None,
                phone_to_confirm: false,
            },
        ],
    };
    let mut snapshot = TerritorySnapshot::new(territory, generated_at());
    let (office_raw, office) = office_hours();
    let (library_raw, library) = library_hours();
    snapshot.venues = vec![
        Venue {
            id: "france-services:2231".into(),
            nom: "France services d'Arras".into(),
            adresse: "1 Rue Charles Péguy".into(),
            code_postal: "62000".into(),
            code_insee: Some("62041".into()),
            commune: "Arras".into(),
            latitude: Some(50.287679),
            longitude: Some(2.768267),
            telephone: Some("+33321595529".into()),
            courriels: vec!["arras1@france-services.gouv.fr".into()],
            site_web: vec!["https://www.france-services.gouv.fr/".into()],
            horaires: Some(office_raw.clone()),
            schedule: Some(office.clone()),
            services: vec![
                "Aide aux démarches administratives".into(),
                "Insertion professionnelle via le numérique".into(),
                "Maîtrise des outils numériques du quotidien".into(),
            ],
            typologie: vec!["RFS".into()],
            dispositif_programmes_nationaux: vec!["France Services".into()],
            frais_a_charge: vec!["Gratuit".into()],
            modalites_acces: vec!["Se présenter".into()],
            source: Some("ANCT France services".into()),
            ..Venue::default()
        },
        Venue {
            id: "lieu:arras-mediatheque".into(),
            nom: "Médiathèque de l'abbaye Saint-Vaast".into(),
            adresse: "22 Rue Paul Doumer".into(),
            code_postal: "62000".into(),
            code_insee: Some("62041".into()),
            commune: "Arras".into(),
            latitude: Some(50.2915),
            longitude: Some(2.7745),
            telephone: Some("+33321716200".into()),
            horaires: Some(library_raw),
            schedule: Some(library),
            services: vec![
                "Maîtrise des outils numériques du quotidien".into(),
                "Compréhension du monde numérique".into(),
                "Utilisation sécurisée du numérique".into(),
            ],
            frais_a_charge: vec!["Gratuit".into()],
            source: Some("Conseillers numériques".into()),
            ..Venue::default()
        },
        Venue {
            id: "lieu:slb-espace-numerique".into(),
            nom: "Espace numérique de Saint-Laurent-Blangy".into(),
            adresse: "Place de la Mairie".into(),
            code_postal: "62223".into(),
            code_insee: Some("62753".into()),
            commune: "Saint-Laurent-Blangy".into(),
            latitude: Some(50.2951),
            longitude: Some(2.8071),
            telephone: Some("+33321504000".into()),
            site_web: vec!["https://www.saint-laurent-blangy.fr/".into()],
            horaires: Some(office_raw),
            schedule: Some(office),
            services: vec!["Insertion professionnelle via le numérique".into()],
            frais_a_charge: vec!["Gratuit".into()],
            source: Some("Conseillers numériques".into()),
            business_offer: Some(BusinessOffer {
                topics: vec!["selling".into(), "visibility".into()],
                contact: Some("Accueil entreprises".into()),
                note: Some("Ateliers vente en ligne pour commerçants".into()),
                source_url: None,
            }),
            ..Venue::default()
        },
    ];
    snapshot.aids = vec![aden(), cyber_aid()];
    snapshot.sources = vec![source("lieux-mediation-numerique")];
    snapshot
}

/// ADEN-like: the Region funds small businesses' online shops and tills.
pub fn aden() -> Aid {
    Aid {
        id: "900001".into(),
        name: "ADEN – Aide à la Digitalisation des Entreprises".into(),
        financers: vec!["Région Hauts-de-France".into()],
        summary: "La Région subventionne les petites entreprises qui investissent dans un outil \
                  numérique de vente ou de gestion : site marchand, logiciel de relation client, \
                  progiciel de gestion."
            .into(),
        eligibility: Eligibility {
            headcount_below: Some(20),
            turnover_below_eur: Some(2_000_000),
            sectors_excluded: vec!["profession_liberale".into(), "services_entreprises".into()],
            excludes_franchises: true,
            perimeter: Perimeter {
                regions: vec!["32".into()],
                ..Perimeter::default()
            },
            ..Eligibility::default()
        },
        funds: vec![Topic::Ecommerce, Topic::CrmErp, Topic::ConnectedTill],
        does_not_fund: vec![
            Topic::ShowcaseWebsite,
            Topic::Cybersecurity,
            Topic::Webmarketing,
            Topic::Training,
        ],
        rate_percent: Some(RateRange {
            min: Some(20),
            max: Some(40),
        }),
        amount_eur: Some(AmountRange {
            min: Some(1200),
            max: Some(12000),
        }),
        start_date: None,
        deadline: NaiveDate::from_ymd_opt(2027, 12, 31),
        origin_url: Some(
            "https://entreprises.hautsdefrance.fr/Aide-a-la-Digitalisation-des-Entreprises-ADEN"
                .into(),
        ),
        ..Aid::default()
    }
}

fn cyber_aid() -> Aid {
    Aid {
        id: "900002".into(),
        name: "Pass cybersécurité TPE".into(),
        financers: vec!["Région Hauts-de-France".into()],
        summary: "Un diagnostic et des premiers équipements pour protéger les données de \
                  l'entreprise."
            .into(),
        eligibility: Eligibility {
            headcount_below: Some(50),
            perimeter: Perimeter {
                regions: vec!["32".into()],
                ..Perimeter::default()
            },
            ..Eligibility::default()
        },
        funds: vec![Topic::Cybersecurity, Topic::DataProtection],
        rate_percent: Some(RateRange {
            min: None,
            max: Some(50),
        }),
        deadline: NaiveDate::from_ymd_opt(2027, 6, 30),
        ..Aid::default()
    }
}

/// Calais: a second territory, for pages with two widgets.
pub fn calais() -> TerritorySnapshot {
    let territory = tpe_shared::model::Territory {
        id: "calais".into(),
        name: "Calais".into(),
        insee: "62193".into(),
        centre: GeoPoint {
            lat: 50.9502,
            lon: 1.8758,
        },
        radius_km: 20.0,
        communes: vec!["62193".into()],
        epcis: vec!["246200364".into()],
        contacts: vec![Contact {
            kind: ContactKind::Cci,
            name: "CCI Littoral Hauts-de-France".into(),
            phone: Some("+33321464200".into()),
            email: None,
            url: Some("https://www.hautsdefrance.cci.fr/".into()),
            address: None,
            source_url: None,
            phone_to_confirm: false,
        }],
    };
    let mut snapshot = TerritorySnapshot::new(territory, generated_at());
    let (raw, schedule) = office_hours();
    snapshot.venues = vec![Venue {
        id: "france-services:calais".into(),
        nom: "France services de Calais".into(),
        adresse: "Boulevard Jacquard".into(),
        code_postal: "62100".into(),
        code_insee: Some("62193".into()),
        commune: "Calais".into(),
        latitude: Some(50.9489),
        longitude: Some(1.8541),
        horaires: Some(raw),
        schedule: Some(schedule),
        services: vec!["Insertion professionnelle via le numérique".into()],
        ..Venue::default()
    }];
    snapshot.aids = vec![aden()];
    snapshot.sources = vec![source("lieux-mediation-numerique")];
    snapshot
}

/// Arras, with data a hostile or broken source could publish.
pub fn hostile_arras() -> TerritorySnapshot {
    let mut s = arras();
    for venue in &mut s.venues {
        venue.nom = HOSTILE_NAME.into();
        venue.site_web = vec![HOSTILE_URL.into()];
        venue.prise_rdv = Some("JaVaScRiPt:alert(2)".into());
        venue.telephone = Some("javascript:alert(3)".into());
    }
    for aid in &mut s.aids {
        aid.summary = HOSTILE_SUMMARY.into();
        aid.origin_url = Some(HOSTILE_URL.into());
    }
    for contact in &mut s.territory.contacts {
        contact.url = Some(HOSTILE_URL.into());
        contact.email = Some("x@y.fr?body=<img src=x>".into());
    }
    s
}

pub const HOSTILE_NAME: &str = "<img src=x onerror=alert(1)>";
pub const HOSTILE_URL: &str = "javascript:alert(1)";
pub const HOSTILE_SUMMARY: &str =
    "<b>Gras</b><script>alert(4)</script><a href=\"javascript:alert(5)\">lien</a>";

/// The published JSON of a snapshot.
pub fn snapshot_json(s: &TerritorySnapshot) -> String {
    serde_json::to_string_pretty(s).expect("snapshots serialise")
}

/// The manifest naming these snapshots, with the SHA-256 of `files`.
pub fn manifest(snapshots: &[TerritorySnapshot]) -> Manifest {
    Manifest {
        schema_version: SCHEMA_VERSION,
        generated_at: generated_at(),
        territories: snapshots
            .iter()
            .map(|s| {
                let hash = Sha256::digest(snapshot_json(s).as_bytes());
                ManifestTerritory {
                    id: s.territory.id.clone(),
                    name: s.territory.name.clone(),
                    file: format!("territories/{}.json", s.territory.id),
                    sha256: hash.iter().map(|b| format!("{b:02x}")).collect(),
                    venues: s.venues.len(),
                    aids: s.aids.len(),
                    generated_at: s.generated_at,
                }
            })
            .collect(),
        sources: vec![ManifestSource {
            id: "lieux-mediation-numerique".into(),
            status: SourceStatus::Ok,
            fetched_at: Some(generated_at()),
            kept: snapshots.iter().map(|s| s.venues.len()).sum(),
            rejected: 0,
            stale: false,
            old_records: 0,
        }],
    }
}

/// The commune table the worker publishes beside the snapshots.
pub fn communes_csv() -> Result<String> {
    let path = workspace_root().join("shared/data/communes-hdf.csv");
    std::fs::read_to_string(&path).context(format!("reading {}", path.display()))
}

/// `data/manifest.json`, `data/territories/<id>.json`, `data/communes-hdf.csv`.
pub fn write_data(site: &Site, snapshots: &[TerritorySnapshot]) -> Result<()> {
    let manifest = serde_json::to_string_pretty(&manifest(snapshots))?;
    site.write("data/manifest.json", manifest)?;
    for s in snapshots {
        site.write(
            &format!("data/territories/{}.json", s.territory.id),
            snapshot_json(s),
        )?;
    }
    site.write("data/communes-hdf.csv", communes_csv()?)
}

// ------------------------------------------------------------------ answers

/// What an owner answers, as the widget's controls name them.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// (profile question, answer) in the order of the profile step.
    pub profile: Vec<(String, String)>,
    /// What is typed in the commune field, and the commune picked.
    pub commune_typed: String,
    pub commune_insee: Option<String>,
    /// Question id → answer id.
    pub responses: BTreeMap<String, String>,
}

/// The answer of `question` with the given score value.
fn answer_valued(question: &tpe_shared::questionnaire::Question, value: f64) -> Option<String> {
    question
        .answers
        .iter()
        .find(|a| a.value == Some(value))
        .map(|a| a.id.clone())
}

impl Scenario {
    /// A shop of 3 people in Arras, registered with the CCI, independent,
    /// wanting to sell remotely; the lowest answer to every selling
    /// question, the best one everywhere else.
    pub fn shop_selling_online() -> Scenario {
        let q = Questionnaire::embedded();
        let mut responses = BTreeMap::new();
        for dim in &q.dimensions {
            let value = if dim.id == "selling" { 0.0 } else { 1.0 };
            for question in &dim.questions {
                if let Some(a) = answer_valued(question, value) {
                    responses.insert(question.id.clone(), a);
                }
            }
        }
        Scenario {
            profile: vec![
                ("trade".into(), "commerce".into()),
                ("headcount".into(), "2-4".into()),
                ("chamber".into(), "cci".into()),
                ("network".into(), "independent".into()),
                ("goals".into(), "sell_remotely".into()),
            ],
            commune_typed: "Arras".into(),
            commune_insee: Some("62041".into()),
            responses,
        }
    }

    /// No answer at all: the owner clicks "next" through every step.
    pub fn nothing() -> Scenario {
        Scenario {
            profile: Vec::new(),
            commune_typed: String::new(),
            commune_insee: None,
            responses: BTreeMap::new(),
        }
    }

    /// The same answers in the engine's form.
    pub fn answers(&self) -> Answers {
        let mut profile = Profile::default();
        for (question, answer) in &self.profile {
            match question.as_str() {
                "trade" => profile.trade = Some(answer.clone()),
                "headcount" => profile.headcount = Some(answer.clone()),
                "network" => profile.network = Some(answer.clone()),
                "goals" => profile.goals.push(answer.clone()),
                "chamber" => {
                    profile.chamber = Some(match answer.as_str() {
                        "cci" => Chamber::Cci,
                        "cma" => Chamber::Cma,
                        _ => Chamber::DontKnow,
                    })
                }
                other => panic!("unknown profile question {other}"),
            }
        }
        profile.commune = self.commune_insee.clone();
        Answers {
            profile,
            responses: self.responses.clone(),
        }
    }
}

/// Today, as the browser on this machine sees it (UTC is close enough for
/// deadlines months away; nothing here depends on the hour).
pub fn now() -> NaiveDateTime {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default();
    DateTime::from_timestamp(secs, 0)
        .unwrap_or_default()
        .naive_utc()
}

/// What the engine decides for these answers on this snapshot: for each
/// priority (in order), its dimension, venue names, aid names, adviser name.
#[derive(Clone, Debug, PartialEq)]
pub struct Expected {
    pub dimension: String,
    /// (name, distance as the widget writes it in French)
    pub venues: Vec<(String, Option<String>)>,
    pub aids: Vec<String>,
    pub adviser: Option<String>,
}

pub fn expected_pathway(
    snapshot: &TerritorySnapshot,
    scenario: &Scenario,
) -> Result<Vec<Expected>> {
    use tpe_shared::pathway::{build_pathway, Adviser, PathwayContext};
    let q = Questionnaire::embedded();
    let answers = scenario.answers();
    let now = now();
    let communes = CommuneIndex::parse(&communes_csv()?).context("parsing the commune table")?;
    let diagnosis = tpe_shared::scoring::diagnose(q, &answers, now.date());
    let ranked = tpe_shared::priorities::priorities(q, &diagnosis, &answers);
    let ctx = PathwayContext {
        questionnaire: q,
        snapshot,
        communes: &communes,
        profile: &answers.profile,
        now,
    };
    let pathway = build_pathway(&ctx, &ranked);
    Ok(pathway
        .steps
        .iter()
        .map(|s| Expected {
            dimension: s.dimension.clone(),
            venues: s
                .venues
                .iter()
                .map(|v| {
                    let km = v
                        .distance_km
                        .map(|km| tpe_shared::format::distance(km, tpe_shared::Lang::Fr));
                    (v.venue.nom.clone(), km)
                })
                .collect(),
            aids: s.aids.iter().map(|a| a.aid.name.clone()).collect(),
            adviser: match &s.adviser {
                Adviser::Local(c) => Some(c.name.clone()),
                Adviser::National(c) => Some(c.name.clone()),
                _ => None,
            },
        })
        .collect())
}

/// The levels the engine gives these answers, as `tpe:completed` names them.
pub fn expected_levels(scenario: &Scenario) -> BTreeMap<String, String> {
    let q = Questionnaire::embedded();
    tpe_shared::scoring::diagnose(q, &scenario.answers(), now().date())
        .levels()
        .into_iter()
        .map(|(d, l)| {
            let id = serde_json::to_value(l)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            (d, id)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shop_leads_to_selling_with_aden_venues_and_the_cci() {
        let expected = expected_pathway(&arras(), &Scenario::shop_selling_online()).unwrap();
        let first = &expected[0];
        assert_eq!(first.dimension, "selling");
        assert_eq!(first.aids, vec![aden().name]);
        assert_eq!(first.adviser.as_deref(), Some("CCI Artois"));
        assert!(first.venues.len() >= 2, "{first:?}");
        assert!(first.venues.iter().all(|(_, km)| km.is_some()));
    }

    #[test]
    fn hostile_venues_still_reach_the_results() {
        let expected =
            expected_pathway(&hostile_arras(), &Scenario::shop_selling_online()).unwrap();
        assert!(expected[0].venues.iter().any(|(n, _)| n == HOSTILE_NAME));
        assert!(!expected[0].aids.is_empty());
    }

    #[test]
    fn published_json_reads_back_with_the_shared_types() {
        let json = snapshot_json(&arras());
        let back: TerritorySnapshot = serde_json::from_str(&json).unwrap();
        assert_eq!(back, arras());
        let m = manifest(&[arras(), calais()]);
        assert_eq!(m.territories[1].file, "territories/calais.json");
        assert_eq!(m.territories[0].sha256.len(), 64);
    }
}
