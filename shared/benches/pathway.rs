//! Building the pathway for a territory of 5,000 venues and 1,000 aids.
//! Target: a median of 1 ms or less, so the result appears at once on a phone.

use chrono::{DateTime, NaiveDate};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use tpe_shared::communes::CommuneIndex;
use tpe_shared::geo::GeoPoint;
use tpe_shared::hours::WeeklySchedule;
use tpe_shared::model::{Aid, Eligibility, Perimeter, Territory, TerritorySnapshot, Topic, Venue};
use tpe_shared::pathway::{build_pathway, PathwayContext};
use tpe_shared::priorities::priorities;
use tpe_shared::questionnaire::Questionnaire;
use tpe_shared::scoring::{diagnose, Answers, Profile};

const SERVICES: [&str; 6] = [
    "Aide aux démarches administratives",
    "Maîtrise des outils numériques du quotidien",
    "Insertion professionnelle via le numérique",
    "Utilisation sécurisée du numérique",
    "Compréhension du monde numérique",
    "Accès internet et matériel informatique",
];

/// A deterministic pseudo-random sequence, so every run measures the same data.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn unit(&mut self) -> f64 {
        (self.next() % 1_000_000) as f64 / 1_000_000.0
    }
}

fn territory_snapshot() -> TerritorySnapshot {
    let mut rng = Lcg(42);
    let territory = Territory {
        id: "arras".into(),
        name: "Arras".into(),
        insee: "62041".into(),
        centre: GeoPoint::new(50.2899, 2.7659),
        radius_km: 20.0,
        communes: vec![],
        epcis: vec![],
        contacts: vec![],
    };
    let generated = DateTime::parse_from_rfc3339("2026-11-29T04:00:00+01:00").expect("date");
    let mut snap = TerritorySnapshot::new(territory, generated);
    let mut week = WeeklySchedule::default();
    for d in [
        chrono::Weekday::Mon,
        chrono::Weekday::Tue,
        chrono::Weekday::Thu,
    ] {
        week.add(d, 540, 720);
        week.add(d, 840, 1020);
    }
    snap.venues = (0..5000)
        .map(|i| {
            let services = (0..3)
                .map(|_| SERVICES[(rng.next() % 6) as usize].to_string())
                .collect();
            Venue {
                id: format!("v{i}"),
                nom: format!("Lieu {i}"),
                adresse: "1 rue de la Paix".into(),
                code_postal: "62000".into(),
                code_insee: Some("62041".into()),
                commune: "Arras".into(),
                latitude: (i % 50 != 0).then(|| 50.1 + rng.unit() * 0.4),
                longitude: (i % 50 != 0).then(|| 2.5 + rng.unit() * 0.5),
                services,
                schedule: (i % 3 != 0).then(|| week.clone()),
                ..Venue::default()
            }
        })
        .collect();
    snap.aids = (0..1000)
        .map(|i| Aid {
            id: format!("a{i}"),
            name: format!("Aide {i}"),
            funds: vec![
                Topic::ALL[i % Topic::ALL.len()],
                Topic::ALL[(i * 7) % Topic::ALL.len()],
            ],
            does_not_fund: vec![Topic::ALL[(i * 3) % Topic::ALL.len()]],
            deadline: NaiveDate::from_ymd_opt(2026, 1 + (i % 12) as u32, 1)
                .map(|d| d + chrono::Duration::days(365 * (i % 2) as i64)),
            eligibility: Eligibility {
                headcount_below: (i % 4 == 0).then_some(20),
                perimeter: Perimeter {
                    regions: vec![if i % 5 == 0 { "11" } else { "32" }.into()],
                    ..Perimeter::default()
                },
                ..Eligibility::default()
            },
            ..Aid::default()
        })
        .collect();
    snap
}

fn bench(c: &mut Criterion) {
    let q = Questionnaire::embedded();
    let communes = CommuneIndex::embedded();
    let snap = territory_snapshot();
    // A weak owner: every question at its lowest, so three full steps are built.
    let mut answers = Answers {
        profile: Profile {
            commune: Some("62041".into()),
            headcount: Some("2-4".into()),
            trade: Some("commerce".into()),
            ..Profile::default()
        },
        ..Answers::default()
    };
    for (_, question) in q.questions() {
        if let Some(a) = question
            .answers
            .iter()
            .filter(|a| a.value.is_some())
            .min_by(|a, b| a.value.partial_cmp(&b.value).expect("values are numbers"))
        {
            answers.responses.insert(question.id.clone(), a.id.clone());
        }
    }
    let now = NaiveDate::from_ymd_opt(2026, 11, 30)
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .expect("date");
    let diagnosis = diagnose(q, &answers, now.date());
    let ps = priorities(q, &diagnosis, &answers);
    c.bench_function("pathway: 5,000 venues, 1,000 aids, 3 priorities", |b| {
        b.iter(|| {
            let ctx = PathwayContext {
                questionnaire: q,
                snapshot: &snap,
                communes,
                profile: &answers.profile,
                now,
            };
            black_box(build_pathway(&ctx, black_box(&ps)).steps.len())
        })
    });
    c.bench_function("diagnose + priorities", |b| {
        b.iter(|| {
            let d = diagnose(q, black_box(&answers), now.date());
            black_box(priorities(q, &d, &answers).len())
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
