//! The reader must agree with serde, which writes what it reads: on the
//! shipped files, on records with every field set, and on broken input.

use super::*;
use crate::hours::WeeklySchedule;
use crate::model::*;
use crate::Text;
use chrono::{DateTime, NaiveDate};
use proptest::prelude::*;

const MANIFEST: &str = include_str!("../../../www/dev/data/manifest.json");
const ARRAS: &str = include_str!("../../../www/dev/data/territories/arras.json");

#[test]
fn the_published_files_read_as_serde_reads_them() {
    let by_hand: Manifest = decode(MANIFEST).unwrap();
    assert_eq!(by_hand, serde_json::from_str::<Manifest>(MANIFEST).unwrap());
    let by_hand: TerritorySnapshot = decode(ARRAS).unwrap();
    assert_eq!(by_hand, serde_json::from_str(ARRAS).unwrap());
    assert!(!by_hand.venues.is_empty() && !by_hand.aids.is_empty());
}

fn time(s: &str) -> DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A snapshot where every optional field is set, with awkward strings.
fn full_snapshot() -> TerritorySnapshot {
    let mut schedule = WeeklySchedule::default();
    schedule.days[0] = vec![[540, 720], [840, 1530]];
    schedule.public_holidays = Some(vec![[600, 660]]);
    let venue = Venue {
        id: "v\"1\\".into(),
        nom: "Café « L'Écran » \u{1F600} \n<b>".into(),
        adresse: "1 rue\ttab".into(),
        code_postal: "62000".into(),
        code_insee: Some("62041".into()),
        commune: "Arras".into(),
        latitude: Some(50.291_002_123_456_78),
        longitude: Some(-2.777_7e-3),
        telephone: Some("+33321000000".into()),
        courriels: vec!["a@b.fr".into()],
        site_web: vec!["https://x.fr/?a=1&b=2".into()],
        horaires: Some("Mo-Fr 09:00-12:00".into()),
        schedule: Some(schedule),
        services: vec!["Prendre en main un ordinateur".into()],
        typologie: vec!["TIERS_LIEUX".into()],
        publics: vec!["Tout public".into()],
        dispositif_programmes_nationaux: vec!["France Services".into()],
        frais_a_charge: vec!["Gratuit".into()],
        modalites_acces: vec!["Se présenter".into()],
        prise_rdv: Some("https://rdv.fr".into()),
        source: Some("curated".into()),
        date_maj: Some(date("2019-06-01")),
        source_url: Some("https://src.fr".into()),
        source_refs: vec![SourceRef {
            source: "a".into(),
            id: "b".into(),
        }],
        business_offer: Some(BusinessOffer {
            topics: vec!["visibility".into()],
            contact: Some("c".into()),
            note: Some("n".into()),
            source_url: Some("https://o.fr".into()),
        }),
        operator: Some(OperatorDecision {
            proposed: true,
            reason: "r".into(),
        }),
    };
    let aid = |kind, registry| Aid {
        id: "a".into(),
        name: "Aide".into(),
        name_en: "Aid".into(),
        kind,
        financers: vec!["Région".into()],
        summary: "s".into(),
        summary_en: "s en".into(),
        amount_text: Some(Text::new("jusqu'à 1 000 €", "up to €1,000")),
        to_confirm: Some(Text::new("à vérifier", "to check")),
        checked_on: Some(date("2026-11-30")),
        family: Some("f".into()),
        eligibility: Eligibility {
            min_headcount: Some(1),
            headcount_below: Some(11),
            turnover_below_eur: Some(2_000_000_000_000),
            sectors_included: vec!["commerce".into()],
            sectors_excluded: vec!["agri".into()],
            excludes_franchises: true,
            registry,
            non_salaried_owner: true,
            min_investment_eur: Some(500),
            perimeter: Perimeter {
                regions: vec!["32".into()],
                departments: vec!["62".into()],
                epcis: vec!["200033579".into()],
                communes: vec!["62041".into()],
            },
        },
        funds: Topic::ALL.to_vec(),
        does_not_fund: vec![Topic::Hardware],
        topic_notes: vec![TopicNote {
            topic: Topic::ConnectedTill,
            note: Text::new("avec « une » boutique", "with an \"online\" shop"),
        }],
        maybe_funds: vec![Topic::Einvoicing, Topic::Booking],
        rate_percent: Some(RateRange {
            min: Some(20),
            max: Some(50),
        }),
        amount_eur: Some(AmountRange {
            min: None,
            max: Some(4_000_000_000),
        }),
        start_date: Some(date("2026-01-01")),
        deadline: Some(date("2026-12-31")),
        origin_url: Some("https://aides.fr".into()),
        sources: vec!["https://s.fr".into()],
    };
    let contact = |kind| Contact {
        kind,
        name: "CCI".into(),
        phone: Some("+33300000000".into()),
        email: Some("e@cci.fr".into()),
        url: Some("https://cci.fr".into()),
        address: Some("adresse".into()),
        source_url: Some("https://src".into()),
        phone_to_confirm: true,
    };
    let mut territory = Territory {
        id: "arras".into(),
        name: "Arras".into(),
        insee: "62041".into(),
        centre: crate::geo::GeoPoint {
            lat: 50.29,
            lon: 2.78,
        },
        radius_km: 20.0,
        communes: vec!["62041".into()],
        epcis: vec!["200033579".into()],
        contacts: vec![],
    };
    for k in [
        ContactKind::Cci,
        ContactKind::Cma,
        ContactKind::Cyber,
        ContactKind::Other,
    ] {
        territory.contacts.push(contact(k));
    }
    let mut snapshot = TerritorySnapshot::new(territory, time("2026-12-03T13:29:07.5+01:00"));
    snapshot.venues = vec![venue, Venue::default()];
    snapshot.aids = vec![
        aid(AidKind::Subsidy, Some(Registry::Commerce)),
        aid(AidKind::TrainingFunding, Some(Registry::Crafts)),
        aid(AidKind::Loan, None),
        aid(AidKind::FreeService, None),
        aid(AidKind::PublicService, None),
        Aid::default(),
    ];
    snapshot.sources = vec![SourceInfo {
        id: "s".into(),
        name: Some("n".into()),
        fetched_at: time("2024-08-01T00:00:00Z"),
        licence: Some("Licence Ouverte".into()),
        url: Some("https://data.gouv.fr".into()),
    }];
    snapshot
}

#[test]
fn every_field_the_worker_writes_reads_back() {
    let s = full_snapshot();
    assert_eq!(
        decode::<TerritorySnapshot>(&serde_json::to_string(&s).unwrap()),
        Ok(s.clone())
    );
    // Pretty-printed too: white space is no problem.
    assert_eq!(decode(&serde_json::to_string_pretty(&s).unwrap()), Ok(s));

    let mut m: Manifest = decode(MANIFEST).unwrap();
    for (i, status) in [
        SourceStatus::Ok,
        SourceStatus::NotModified,
        SourceStatus::Stale,
        SourceStatus::Failed,
    ]
    .into_iter()
    .enumerate()
    {
        m.sources.push(ManifestSource {
            id: format!("s{i}"),
            status,
            fetched_at: (i % 2 == 0).then(|| time("2026-12-03T08:11:00+01:00")),
            kept: i,
            rejected: 3,
            stale: i == 2,
            old_records: 7,
        });
    }
    assert_eq!(
        decode::<Manifest>(&serde_json::to_string(&m).unwrap()),
        Ok(m)
    );
}

#[test]
fn a_wrong_field_is_named_and_refused() {
    let s = serde_json::to_value(full_snapshot()).unwrap();
    let broken = |path: &[&str], v: serde_json::Value| {
        let mut s = s.clone();
        let mut at = &mut s;
        for p in path {
            at = match p.parse::<usize>() {
                Ok(i) => &mut at[i],
                Err(_) => &mut at[*p],
            };
        }
        *at = v;
        decode::<TerritorySnapshot>(&s.to_string())
    };
    let shape = |field, expected| Err(Error::Shape { field, expected });
    assert_eq!(
        broken(&["schema_version"], 1.5.into()),
        shape("schema_version", "a whole number")
    );
    assert_eq!(
        broken(
            &["aids", "0", "eligibility", "headcount_below"],
            (-1).into()
        ),
        shape("headcount_below", "a whole number")
    );
    assert_eq!(
        broken(&["aids", "0", "rate_percent", "max"], 300.into()),
        shape("max", "a smaller number")
    );
    assert_eq!(
        broken(&["venues", "0", "date_maj"], "2019-13-01".into()),
        shape("date_maj", "a date (YYYY-MM-DD)")
    );
    assert_eq!(
        broken(&["generated_at"], "yesterday".into()),
        shape("generated_at", "an RFC 3339 time")
    );
    assert_eq!(
        broken(&["aids", "0", "funds", "0"], "cooking".into()),
        shape("funds", "a known Topic")
    );
    assert_eq!(
        broken(&["venues", "0", "schedule"], serde_json::json!([[], []])),
        shape("schedule", "7 or 8 days")
    );
    assert_eq!(
        broken(&["venues", "0", "courriels"], serde_json::Value::Null),
        shape("courriels", "an array")
    );
    // A required field left out; an optional one null.
    let mut v = s.clone();
    v["territory"].as_object_mut().unwrap().remove("centre");
    assert_eq!(
        decode::<TerritorySnapshot>(&v.to_string()),
        shape("centre", "a value")
    );
    let mut v = s;
    v["venues"][0]["telephone"] = serde_json::Value::Null;
    let read: TerritorySnapshot = decode(&v.to_string()).unwrap();
    assert_eq!(read.venues[0].telephone, None);
}

/// Documents whose validity is easy to get wrong.
const CORPUS: &[&str] = &[
    "0",
    "-0",
    "-",
    "01",
    "1.",
    ".5",
    "1e5",
    "1E+5",
    "1e",
    "-1.5e-3",
    "1.5E",
    "+1",
    "\"\\u00e9\"",
    "\"\\ud83d\\ude00\"",
    "\"\\ud83d\"",
    "\"\\ude00\"",
    "\"\\ud83dx\"",
    "\"\\x\"",
    "\"a\tb\"",
    "\"\\/\"",
    "\"\\u12\"",
    "\"\\u12G4\"",
    "\"unterminated",
    "[1,]",
    "[,1]",
    "[1 2]",
    "[]",
    "[ ]",
    "{}",
    "{ }",
    "{\"a\":1,}",
    "{\"a\" 1}",
    "{1:2}",
    "{\"a\":1 \"b\":2}",
    "nul",
    "true ",
    " false",
    "truex",
    "null null",
    "[[[]]]",
    "{\"a\":{\"b\":[null,true,false,\"x\",1.25]}}",
    "\u{feff}1",
    "",
    " ",
    "\"é\"",
    "[1]]",
    "{\"a\":}",
];

#[test]
fn the_parser_accepts_exactly_what_serde_json_accepts() {
    for doc in CORPUS {
        let ours = parse(doc).is_ok();
        let theirs = serde_json::from_str::<serde_json::Value>(doc).is_ok();
        assert_eq!(ours, theirs, "{doc:?}");
    }
    let s: String = decode("\"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\n\"").unwrap();
    assert_eq!(s, "café \u{1F600} \"q\" \n");
}

#[test]
fn a_hostile_depth_is_refused_without_exhausting_the_stack() {
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    assert!(matches!(parse(&deep), Err(Error::Syntax(_))));
    let ok = "[".repeat(100) + &"]".repeat(100);
    assert!(parse(&ok).is_ok());
}

proptest! {
    #[test]
    fn any_text_is_accepted_or_refused_as_serde_json_would(
        doc in "[\\[\\]{}\":,0-9eE.+\\-a-z\\\\ ]{0,24}"
    ) {
        let theirs = serde_json::from_str::<serde_json::Value>(&doc);
        // serde_json refuses a number beyond f64 in the parser; here the
        // field reading it does (`f64` below).
        prop_assume!(!theirs.as_ref().is_err_and(|e| e.to_string().contains("out of range")));
        prop_assert_eq!(parse(&doc).is_ok(), theirs.is_ok(), "{:?}", doc);
    }

    #[test]
    fn any_string_and_number_read_back(
        s in any::<String>(), m in 0u64..1_000_000_000_000_000, e in 0i32..10, n in any::<u64>()
    ) {
        prop_assert_eq!(decode::<String>(&serde_json::to_string(&s).unwrap()), Ok(s));
        // A coordinate-like number (up to 15 digits) comes back exactly.
        let x = m as f64 / 10f64.powi(e);
        prop_assert_eq!(decode::<f64>(&serde_json::to_string(&x).unwrap()), Ok(x));
        prop_assert_eq!(decode::<u64>(&n.to_string()), Ok(n));
    }
}

#[test]
fn a_number_beyond_f64_is_refused() {
    assert!(decode::<f64>("1e400").is_err());
    assert!(decode::<f64>("-1e400").is_err());
    assert_eq!(decode::<f64>("1e-400"), Ok(0.0));
}
