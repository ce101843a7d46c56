//! Whatever the data, the pathway never offers what the owner cannot use.

use super::*;
use proptest::prelude::*;

const SERVICES: [&str; 4] = [
    SECURE,
    PRO,
    "Aide aux démarches administratives",
    "Accès internet et matériel informatique",
];
const TRADES: [&str; 3] = ["commerce", "beaute", "profession_liberale"];
const HEADCOUNTS: [&str; 4] = ["1", "2-4", "5-9", "10+"];
const NETWORKS: [&str; 3] = ["independent", "franchise", "dont_know"];
const COMMUNES: [&str; 4] = ["62041", "59350", "02722", "99999"];

fn arb_venue() -> impl Strategy<Value = Venue> {
    (
        "[a-z]{1,6}",
        prop::option::of((49.0f64..51.5, 1.5f64..4.0)),
        prop::sample::subsequence(SERVICES.to_vec(), 0..=3),
        any::<bool>(),
    )
        .prop_map(|(id, pos, services, offer)| {
            let (lat, lon) = pos.unwrap_or((0.0, 0.0));
            let mut v = venue(&id, lat, lon, &services);
            if offer {
                v.business_offer = Some(BusinessOffer {
                    topics: vec!["selling".into()],
                    ..BusinessOffer::default()
                });
            }
            v
        })
}

fn arb_aid() -> impl Strategy<Value = Aid> {
    (
        (
            prop::option::of(1u32..30),
            prop::option::of(1u32..30),
            prop::option::of(-800i64..800),
        ),
        prop::sample::subsequence(TRADES.to_vec(), 0..=2),
        prop::sample::subsequence(TRADES.to_vec(), 0..=2),
        any::<bool>(),
        prop::sample::subsequence(vec!["32", "11"], 0..=2),
        prop::sample::subsequence(vec!["62", "02", "75"], 0..=2),
        prop::sample::subsequence(Topic::ALL.to_vec(), 0..=4),
    )
        .prop_map(
            |(
                (below, at_least, deadline),
                included,
                excluded,
                franchise,
                regions,
                departments,
                funds,
            )| Aid {
                id: "a".into(),
                name: "Aide".into(),
                funds,
                deadline: deadline.map(|d| now().date() + chrono::Duration::days(d)),
                eligibility: Eligibility {
                    headcount_below: below,
                    min_headcount: at_least,
                    sectors_included: included.iter().map(|s| s.to_string()).collect(),
                    sectors_excluded: excluded.iter().map(|s| s.to_string()).collect(),
                    excludes_franchises: franchise,
                    perimeter: Perimeter {
                        regions: regions.iter().map(|s| s.to_string()).collect(),
                        departments: departments.iter().map(|s| s.to_string()).collect(),
                        ..Perimeter::default()
                    },
                    ..Eligibility::default()
                },
                ..Aid::default()
            },
        )
}

fn arb_profile() -> impl Strategy<Value = Profile> {
    (
        prop::option::of(prop::sample::select(TRADES.to_vec())),
        prop::option::of(prop::sample::select(HEADCOUNTS.to_vec())),
        prop::option::of(prop::sample::select(NETWORKS.to_vec())),
        prop::sample::select(COMMUNES.to_vec()),
    )
        .prop_map(|(trade, headcount, network, commune)| Profile {
            trade: trade.map(Into::into),
            headcount: headcount.map(Into::into),
            network: network.map(Into::into),
            commune: Some(commune.into()),
            chamber: None,
            goals: vec![],
        })
}

/// The owner's place as a plain reading of the facts, independent of the
/// engine's code: (department, region).
fn place_of(profile: &Profile) -> (&'static str, &'static str) {
    match profile.commune.as_deref() {
        Some("59350") => ("59", "32"),
        Some("02722") => ("02", "32"),
        _ => ("62", "32"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_pathway_never_offers_an_ineligible_or_expired_aid_nor_a_far_venue(
        venues in prop::collection::vec(arb_venue(), 0..25),
        aids in prop::collection::vec(arb_aid(), 0..25),
        profile in arb_profile(),
        dims in prop::sample::subsequence(vec!["visibility", "selling", "security", "admin", "equipment"], 1..=3),
    ) {
        let snap = snapshot(venues, aids);
        let p = build(&snap, &profile, &dims);
        let territory = &snap.territory;
        let (dep, reg) = place_of(&profile);
        let band = profile.headcount.as_deref().and_then(|h| q().headcount(h));
        for step in &p.steps {
            prop_assert!(step.venues.len() <= VENUES_PER_STEP);
            for m in &step.venues {
                if let Some(pos) = m.venue.position() {
                    prop_assert!(territory.centre.distance_km(pos) <= territory.radius_km);
                }
            }
            // A near-miss "not for you" names an aid the owner cannot get:
            // only its date and place must hold, and its reason be a status.
            for n in &step.near_misses {
                let e = &n.aid.eligibility;
                prop_assert!(n.aid.deadline.is_none_or(|d| d >= now().date()), "expired aid named");
                let per = &e.perimeter;
                prop_assert!(
                    per.is_national() || per.regions.iter().any(|r| r == reg) || per.departments.iter().any(|d| d == dep),
                    "aid outside the owner's area named: {:?}", per
                );
                if let Miss::NotForYou { reason, .. } = &n.why {
                    prop_assert!(reason.is_about_status(), "{:?}", reason);
                }
            }
            let eligible = step.near_misses.iter().filter(|n| matches!(n.why, Miss::DoesNotFund(_))).map(|n| n.aid);
            for m in step.aids.iter().map(|m| m.aid).chain(eligible) {
                let e = &m.eligibility;
                prop_assert!(m.deadline.is_none_or(|d| d >= now().date()), "expired aid offered");
                if let (Some(b), Some(below)) = (band, e.headcount_below) {
                    prop_assert!(b.min < below, "too many people for {:?}", e);
                }
                if let (Some(b), Some(at_least)) = (band, e.min_headcount) {
                    prop_assert!(b.max.is_none_or(|max| max >= at_least), "too few people for {:?}", e);
                }
                if let Some(trade) = profile.trade.as_deref() {
                    prop_assert!(!e.sectors_excluded.iter().any(|s| s == trade));
                    prop_assert!(e.sectors_included.is_empty() || e.sectors_included.iter().any(|s| s == trade));
                }
                if profile.network.as_deref() == Some("franchise") {
                    prop_assert!(!e.excludes_franchises);
                }
                let per = &e.perimeter;
                prop_assert!(
                    per.is_national() || per.regions.iter().any(|r| r == reg) || per.departments.iter().any(|d| d == dep),
                    "aid outside the owner's area: {:?}", per
                );
            }
        }
    }
}
