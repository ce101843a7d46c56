use super::*;
use crate::hours::{OpeningStatus, WeeklySchedule};
use crate::i18n::Lang;
use crate::model::{
    Aid, AmountRange, BusinessOffer, Contact, ContactKind, Eligibility, Perimeter, RateRange,
    Territory, Topic, Venue,
};
use crate::priorities::Priority;
use crate::questionnaire::{Chamber, Questionnaire};
use crate::scoring::Profile;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Weekday};

pub(crate) fn q() -> &'static Questionnaire {
    Questionnaire::embedded()
}

pub(crate) fn communes() -> &'static CommuneIndex {
    CommuneIndex::embedded()
}

/// Monday 30 November 2026, 10:00.
pub(crate) fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 30)
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap()
}

fn contact(kind: ContactKind, name: &str) -> Contact {
    Contact {
        kind,
        name: name.into(),
        phone: None,
        email: None,
        url: None,
        address: None,
        source_url: None,
        phone_to_confirm: false,
    }
}

pub(crate) fn arras() -> Territory {
    Territory {
        id: "arras".into(),
        name: "Arras".into(),
        insee: "62041".into(),
        centre: GeoPoint::new(50.2899, 2.7659),
        radius_km: 20.0,
        communes: vec![],
        epcis: vec!["200033579".into()],
        contacts: vec![
            contact(ContactKind::Cci, "CCI Artois"),
            contact(ContactKind::Cma, "CMA Hauts-de-France, Arras"),
        ],
    }
}

pub(crate) fn venue(id: &str, lat: f64, lon: f64, services: &[&str]) -> Venue {
    Venue {
        id: id.into(),
        nom: format!("Lieu {id}"),
        adresse: "1 rue de la Paix".into(),
        code_postal: "62000".into(),
        code_insee: Some("62041".into()),
        commune: "Arras".into(),
        latitude: Some(lat),
        longitude: Some(lon),
        services: services.iter().map(|s| s.to_string()).collect(),
        ..Venue::default()
    }
}

const SECURE: &str = "Utilisation sécurisée du numérique";
const PRO: &str = "Insertion professionnelle via le numérique";

pub(crate) fn aden() -> Aid {
    Aid {
        id: "aden".into(),
        name: "ADEN".into(),
        financers: vec!["Région Hauts-de-France".into()],
        summary: "Aide à la digitalisation des entreprises.".into(),
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
            min: Some(40),
            max: Some(40),
        }),
        amount_eur: Some(AmountRange {
            min: Some(1200),
            max: Some(12000),
        }),
        origin_url: Some(
            "https://entreprises.hautsdefrance.fr/Aide-a-la-Digitalisation-des-Entreprises-ADEN"
                .into(),
        ),
        ..Aid::default()
    }
}

fn inac() -> Aid {
    Aid {
        id: "inac".into(),
        name: "INAC".into(),
        funds: vec![Topic::Ecommerce, Topic::ConnectedTill],
        deadline: NaiveDate::from_ymd_opt(2022, 12, 31),
        eligibility: Eligibility {
            perimeter: Perimeter {
                regions: vec!["32".into()],
                ..Perimeter::default()
            },
            ..Eligibility::default()
        },
        ..Aid::default()
    }
}

fn for_big_firms() -> Aid {
    Aid {
        id: "big".into(),
        name: "Programme ETI".into(),
        funds: vec![Topic::Ecommerce],
        eligibility: Eligibility {
            min_headcount: Some(20),
            ..Eligibility::default()
        },
        ..Aid::default()
    }
}

pub(crate) fn snapshot(venues: Vec<Venue>, aids: Vec<Aid>) -> TerritorySnapshot {
    let mut s = TerritorySnapshot::new(
        arras(),
        DateTime::parse_from_rfc3339("2026-11-29T04:00:00+01:00").unwrap(),
    );
    s.venues = venues;
    s.aids = aids;
    s
}

pub(crate) fn shop(headcount: &str, commune: &str) -> Profile {
    Profile {
        trade: Some("commerce".into()),
        headcount: Some(headcount.into()),
        commune: Some(commune.into()),
        chamber: Some(Chamber::Cci),
        network: Some("independent".into()),
        goals: vec![],
    }
}

fn priority(dim: &str) -> Priority {
    Priority {
        dimension: dim.into(),
        score: Some(0.0),
        weight: 100.0,
        alerts: vec![],
        duties: vec![],
        goals: vec![],
        actions: vec![],
    }
}

fn build<'a>(snap: &'a TerritorySnapshot, profile: &'a Profile, dims: &[&str]) -> Pathway<'a> {
    let ctx = PathwayContext {
        questionnaire: q(),
        snapshot: snap,
        communes: communes(),
        profile,
        now: now(),
    };
    let ps: Vec<Priority> = dims.iter().map(|d| priority(d)).collect();
    build_pathway(&ctx, &ps)
}

fn aid_ids<'a>(step: &'a Step<'_>) -> Vec<&'a str> {
    step.aids.iter().map(|m| m.aid.id.as_str()).collect()
}

#[test]
fn nearest_venues_first_and_business_friendly_ones_before_all() {
    let mut far = venue("far", 50.35, 2.80, &[SECURE]);
    far.business_offer = Some(BusinessOffer {
        topics: vec!["security".into()],
        ..BusinessOffer::default()
    });
    let snap = snapshot(
        vec![
            venue("mid", 50.30, 2.77, &[SECURE]),
            far,
            venue("near", 50.2899, 2.7660, &[SECURE]),
            venue("other", 50.29, 2.77, &[PRO]),
        ],
        vec![],
    );
    let profile = shop("2-4", "62041");
    let p = build(&snap, &profile, &["security"]);
    let ids: Vec<&str> = p.steps[0]
        .venues
        .iter()
        .map(|v| v.venue.id.as_str())
        .collect();
    assert_eq!(ids, vec!["far", "near", "mid"]);
    assert!(p.steps[0].venues[0].welcomes_businesses);
    assert!(p.steps[0].venues[1].distance_km.unwrap() < 0.1);
}

/// Two records of « Centre Social Arras Ouest » with one e-mail and two
/// addresses 2 km apart (the pilot's data has this pair): one card, in one
/// step only, the farther record because it has a phone, that gives the
/// other address and asks to check; a namesake with other contacts is a
/// different place and stays.
#[test]
fn two_records_of_one_place_at_two_addresses_make_one_card_that_says_so() {
    let all = [SECURE, PRO, "Aide aux démarches administratives"];
    let centre = |id: &str, lon: f64, adresse: &str| {
        let mut v = venue(id, 50.2930, lon, &all);
        v.nom = "Centre Social Arras Ouest".into();
        v.adresse = adresse.into();
        v.courriels = vec!["cs-arras-ouest@ville-arras.fr".into()];
        v
    };
    let mut namesake = venue("namesake", 50.2950, 2.7700, &all);
    namesake.nom = "Centre social Arras ouest".into();
    namesake.telephone = Some("+33300000000".into());
    let snap = snapshot(
        vec![
            centre("place", 2.7786, "PL GUY MOLLET"),
            {
                let mut v = centre("avenue", 2.7466, "39 Avenue de l'Hippodrome");
                v.telephone = Some("+33321594137".into());
                v
            },
            namesake,
        ],
        vec![],
    );
    let profile = shop("2-4", "62041");
    let p = build(&snap, &profile, &["security", "skills"]);
    let shown: Vec<&str> = p.steps.iter().flat_map(|s| ids(s)).collect();
    assert!(shown.contains(&"namesake"), "{shown:?}");
    assert_eq!(
        shown
            .iter()
            .filter(|id| ["place", "avenue"].contains(id))
            .count(),
        1,
        "{shown:?}"
    );
    assert!(!shown.contains(&"place"), "{shown:?}");
    let card = p.steps[0]
        .venues
        .iter()
        .find(|v| v.venue.id == "avenue")
        .unwrap();
    let other = "PL GUY MOLLET, 62000 Arras";
    let fr = card.twin_note(Lang::Fr).unwrap();
    assert!(
        fr.contains(&format!("une autre adresse\u{a0}: {other}.")),
        "{fr}"
    );
    let en = card.twin_note(Lang::En).unwrap();
    assert!(en.contains(&format!("another address: {other}.")), "{en}");
    let namesake = p.steps[0].venues.iter().find(|v| v.venue.id == "namesake");
    assert!(namesake.is_some_and(|v| v.twin.is_none()));
}

fn ids<'a>(step: &'a Step<'_>) -> Vec<&'a str> {
    step.venues.iter().map(|v| v.venue.id.as_str()).collect()
}

/// Four venues that help with everything: three next to the town hall,
/// the fourth `km_north` km north of it.
fn four_venues(km_north: f64) -> TerritorySnapshot {
    let all = [SECURE, PRO, "Aide aux démarches administratives"];
    snapshot(
        vec![
            venue("a", 50.2900, 2.766, &all),
            venue("b", 50.2910, 2.766, &all),
            venue("c", 50.2920, 2.766, &all),
            venue("d", 50.2900 + km_north / 111.2, 2.766, &all),
        ],
        vec![],
    )
}

#[test]
fn a_new_place_nearby_comes_before_one_already_offered() {
    let snap = four_venues(0.6);
    let profile = shop("1", "62041");
    let p = build(&snap, &profile, &["security", "admin"]);
    assert_eq!(ids(&p.steps[0]), vec!["a", "b", "c"]);
    let second = &p.steps[1];
    assert_eq!(ids(second), vec!["a", "b", "d"], "sorted by distance");
    let d = second.venues.iter().find(|v| v.venue.id == "d").unwrap();
    assert!(!d.already_shown);
    assert!(second.venues[0].already_shown, "« déjà cité plus haut »");
}

#[test]
fn a_venue_comes_back_when_the_next_new_one_is_far() {
    // The France services 200 m away is offered again rather than sending
    // the owner 5 km away for the second need.
    let snap = four_venues(5.0);
    let profile = shop("1", "62041");
    let p = build(&snap, &profile, &["security", "admin"]);
    assert_eq!(ids(&p.steps[1]), vec!["a", "b", "c"]);
    assert!(p.steps[1].venues.iter().all(|v| v.already_shown));
}

#[test]
fn the_reuse_rule_needs_both_more_than_2_km_and_twice_as_far() {
    // "c" is 2.5 km away; the new "d" is 4.6 km: more than 2 km farther,
    // but not twice as far, so "d" comes before "c" again.
    let all = [SECURE, "Aide aux démarches administratives"];
    let snap = snapshot(
        vec![
            venue("a", 50.2900, 2.766, &all),
            venue("b", 50.2905, 2.766, &all),
            venue("c", 50.2900 + 2.5 / 111.2, 2.766, &all),
            venue("d", 50.2900 + 4.6 / 111.2, 2.766, &all),
        ],
        vec![],
    );
    let profile = shop("1", "62041");
    let p = build(&snap, &profile, &["security", "admin"]);
    assert_eq!(ids(&p.steps[0]), vec!["a", "b", "c"]);
    assert_eq!(ids(&p.steps[1]), vec!["a", "b", "d"]);
}

#[test]
fn a_venue_with_no_contact_comes_last() {
    let mut silent = venue("silent", 50.2900, 2.766, &[SECURE]);
    silent.telephone = None;
    let mut far = venue("far", 50.33, 2.766, &[SECURE]);
    far.telephone = Some("+33321000000".into());
    let snap = snapshot(vec![silent, far], vec![]);
    let profile = shop("1", "62041");
    let step = &build(&snap, &profile, &["security"]).steps[0];
    assert_eq!(ids(step), vec!["far", "silent"]);
    assert!(!step.venues[1].has_contact);
}

#[test]
fn a_venue_for_another_public_is_never_proposed() {
    let mut kids = venue("kids", 50.2900, 2.766, &[PRO]);
    kids.nom = "NINO'KID".into();
    let mut young = venue("young", 50.2901, 2.766, &[PRO]);
    young.typologie = vec!["ML".into()];
    let snap = snapshot(vec![kids, young, venue("fs", 50.30, 2.77, &[PRO])], vec![]);
    let profile = shop("1", "62041");
    assert_eq!(
        ids(&build(&snap, &profile, &["selling"]).steps[0]),
        vec!["fs"]
    );
}

#[test]
fn without_the_owners_commune_no_distance_is_shown() {
    let snap = snapshot(
        vec![
            venue("near", 50.2900, 2.766, &[SECURE]),
            venue("far", 50.33, 2.766, &[SECURE]),
        ],
        vec![],
    );
    let mut profile = shop("1", "62041");
    profile.commune = None;
    let p = build(&snap, &profile, &["security"]);
    assert!(p.origin.commune.is_none());
    assert_eq!(
        ids(&p.steps[0]),
        vec!["near", "far"],
        "still nearest the centre first"
    );
    assert!(p.steps[0].venues.iter().all(|v| v.distance_km.is_none()));
}

#[test]
fn a_venue_beyond_the_radius_is_never_shown() {
    // Calais is ~96 km from Arras.
    let snap = snapshot(vec![venue("calais", 50.9502, 1.8758, &[SECURE])], vec![]);
    let profile = shop("1", "62041");
    assert!(build(&snap, &profile, &["security"]).steps[0]
        .venues
        .is_empty());
}

#[test]
fn a_venue_without_coordinates_is_placed_at_its_commune_and_says_so() {
    let mut v = venue("nocoords", 0.0, 0.0, &[SECURE]);
    v.latitude = None;
    v.longitude = Some(0.0);
    let mut lost = venue("nowhere", 0.0, 0.0, &[SECURE]);
    lost.code_insee = None;
    lost.code_postal = "00000".into();
    let snap = snapshot(vec![v, lost], vec![]);
    let profile = shop("1", "62041");
    let step = &build(&snap, &profile, &["security"]).steps[0];
    assert_eq!(step.venues.len(), 2, "both stay usable");
    assert_eq!(step.venues[0].venue.id, "nocoords");
    assert!(step.venues[0].approximate);
    assert!(step.venues[0].distance_km.unwrap() < 1.0);
    assert_eq!(
        step.venues[1].distance_km, None,
        "no position at all: shown last, no distance"
    );
}

#[test]
fn broken_hours_leave_the_venue_usable_with_hours_to_check() {
    let mut v = venue("broken", 50.29, 2.77, &[SECURE]);
    v.horaires = Some("Th 08:30-12:00-13:30".into());
    let mut open = venue("open", 50.291, 2.77, &[SECURE]);
    let mut week = WeeklySchedule::default();
    week.add(Weekday::Mon, 9 * 60, 12 * 60);
    open.schedule = Some(week);
    let snap = snapshot(vec![v, open], vec![]);
    let profile = shop("1", "62041");
    let step = &build(&snap, &profile, &["security"]).steps[0];
    let broken = step.venues.iter().find(|m| m.venue.id == "broken").unwrap();
    assert_eq!(broken.opening, OpeningStatus::Unknown);
    assert!(broken.hours_unreadable);
    let open = step.venues.iter().find(|m| m.venue.id == "open").unwrap();
    assert!(matches!(open.opening, OpeningStatus::OpenNow { .. }));
    assert!(!open.hours_unreadable);
}

#[test]
fn an_expired_aid_is_never_offered() {
    let snap = snapshot(vec![], vec![inac(), aden()]);
    let profile = shop("2-4", "62041");
    let step = &build(&snap, &profile, &["selling"]).steps[0];
    assert_eq!(aid_ids(step), vec!["aden"]);
    assert!(step.near_misses.is_empty());
}

#[test]
fn an_aid_for_20_people_or_more_is_not_offered_to_a_business_of_3() {
    let snap = snapshot(vec![], vec![for_big_firms()]);
    let profile = shop("2-4", "62041");
    assert!(build(&snap, &profile, &["selling"]).steps[0]
        .aids
        .is_empty());
    // For a business of 10 or more it is possible, with the size to check.
    let profile = shop("10+", "62041");
    let step = &build(&snap, &profile, &["selling"]).steps[0];
    assert_eq!(aid_ids(step), vec!["big"]);
    assert_eq!(step.aids[0].to_check, vec![Caveat::HeadcountAtLeast(20)]);
}

#[test]
fn a_franchise_is_excluded_from_aden() {
    let snap = snapshot(vec![], vec![aden()]);
    let mut profile = shop("2-4", "62041");
    profile.network = Some("franchise".into());
    assert!(build(&snap, &profile, &["selling"]).steps[0]
        .aids
        .is_empty());
    profile.network = Some("dont_know".into());
    let step = &build(&snap, &profile, &["selling"]).steps[0];
    assert!(step.aids[0].to_check.contains(&Caveat::NotFranchise));
}

#[test]
fn an_excluded_trade_never_sees_the_aid() {
    let snap = snapshot(vec![], vec![aden()]);
    let mut profile = shop("1", "62041");
    profile.trade = Some("profession_liberale".into());
    assert!(build(&snap, &profile, &["selling"]).steps[0]
        .aids
        .is_empty());
}

#[test]
fn aden_for_a_showcase_need_is_a_near_miss_that_says_what_it_does_not_fund() {
    let snap = snapshot(vec![], vec![aden()]);
    let profile = shop("2-4", "62041");
    let step = &build(&snap, &profile, &["visibility"]).steps[0];
    assert!(step.aids.is_empty());
    assert_eq!(step.near_misses.len(), 1);
    let fr = step.near_misses[0].explain(Lang::Fr);
    assert!(
        fr.contains("ADEN") && fr.contains("ne finance pas") && fr.contains("site vitrine"),
        "{fr}"
    );
    assert!(step.near_misses[0]
        .explain(Lang::En)
        .contains("showcase website"));
}

#[test]
fn an_eligible_aid_lists_what_is_left_to_check() {
    let snap = snapshot(vec![], vec![aden()]);
    let profile = shop("2-4", "62041");
    let step = &build(&snap, &profile, &["selling"]).steps[0];
    assert_eq!(
        step.aids[0].funds,
        vec![Topic::Ecommerce, Topic::ConnectedTill]
    );
    assert_eq!(
        step.aids[0].to_check,
        vec![Caveat::TurnoverBelow(2_000_000)]
    );
    assert_eq!(
        step.aids[0].to_check[0].describe(Lang::Fr),
        "chiffre d'affaires sous 2 000 000 €"
    );
}

#[test]
fn a_commune_outside_every_territory_still_gets_a_pathway() {
    // Lille (59350) is ~45 km from Arras; a regional aid still applies, a
    // Pas-de-Calais one does not.
    let mut pas_de_calais = aden();
    pas_de_calais.id = "pdc".into();
    pas_de_calais.eligibility.perimeter = Perimeter {
        departments: vec!["62".into()],
        ..Perimeter::default()
    };
    let snap = snapshot(
        vec![venue("v", 50.29, 2.77, &[PRO])],
        vec![aden(), pas_de_calais],
    );
    let profile = shop("1", "59350");
    let p = build(&snap, &profile, &["selling"]);
    let km = p.origin.outside_km.unwrap();
    assert!((35.0..60.0).contains(&km), "{km}");
    assert_eq!(p.origin.commune.unwrap().name, "Lille");
    assert_eq!(aid_ids(&p.steps[0]), vec!["aden"]);
    assert!(
        p.steps[0].venues.is_empty(),
        "no venue 45 km away under « près de chez vous »"
    );
    let p = build(&snap, &profile, &["visibility"]);
    assert!(
        matches!(p.steps[0].adviser, Adviser::ChamberElsewhere(_)),
        "an owner from Lille is not sent to the Arras chamber: {:?}",
        p.steps[0].adviser
    );
    // A commune code nobody knows: no origin, no distance.
    let profile = shop("1", "75056");
    let p = build(&snap, &profile, &["selling"]);
    assert!(p.origin.commune.is_none());
    assert_eq!(p.origin.outside_km, None);
    assert_eq!(p.steps[0].venues[0].distance_km, None);
    assert_eq!(aid_ids(&p.steps[0]), vec!["aden", "pdc"]);
}

#[test]
fn the_adviser_is_the_right_chamber_the_accountant_or_cyber_help() {
    let snap = snapshot(vec![], vec![]);
    let mut profile = shop("1", "62041");
    profile.chamber = Some(Chamber::DontKnow);
    profile.trade = Some("artisan_alimentaire".into());
    let p = build(&snap, &profile, &["visibility", "invoicing", "security"]);
    assert!(matches!(p.steps[0].adviser, Adviser::Local(c) if c.kind == ContactKind::Cma));
    assert_eq!(p.steps[1].adviser, Adviser::Accountant);
    assert!(matches!(p.steps[2].adviser, Adviser::National(c) if c.kind == ContactKind::Cyber));
    profile.chamber = Some(Chamber::Cci);
    let p = build(&snap, &profile, &["visibility"]);
    assert!(matches!(p.steps[0].adviser, Adviser::Local(c) if c.kind == ContactKind::Cci));
}

mod catalogue;
mod properties;

#[test]
fn a_record_older_than_18_months_asks_to_call_before_going() {
    use super::stale_since;
    let mut v = venue("v", 50.29, 2.77, &[PRO]);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    v.date_maj = chrono::NaiveDate::from_ymd_opt(2022, 7, 26);
    assert_eq!(stale_since(&v, today, 18), Some(2022));
    v.date_maj = chrono::NaiveDate::from_ymd_opt(2025, 7, 1);
    assert_eq!(
        stale_since(&v, today, 18),
        None,
        "17 months is recent enough"
    );
    v.date_maj = None;
    assert_eq!(stale_since(&v, today, 18), None, "no date, no claim");
    // Through the pathway, with the threshold of questionnaire.toml.
    v.date_maj = chrono::NaiveDate::from_ymd_opt(2022, 7, 26);
    let snap = snapshot(vec![v], vec![]);
    let profile = shop("1", "62041");
    let p = build(&snap, &profile, &["selling"]);
    assert_eq!(p.steps[0].venues[0].stale_since, Some(2022));
}

#[test]
fn a_chamber_without_a_phone_comes_with_a_contact_that_has_one() {
    let mut snap = snapshot(vec![], vec![]);
    let profile = shop("1", "62041");
    let p = build(&snap, &profile, &["visibility"]);
    assert_eq!(
        p.steps[0].also_call, None,
        "no callable contact in the data: none invented"
    );
    let mut cua = contact(
        ContactKind::Other,
        "Communauté urbaine d'Arras, développement économique",
    );
    cua.phone = Some("+33321218700".into());
    snap.territory.contacts.push(cua);
    let p = build(&snap, &profile, &["visibility", "invoicing"]);
    assert!(matches!(p.steps[0].adviser, Adviser::Local(c) if c.kind == ContactKind::Cci));
    assert_eq!(
        p.steps[0].also_call.map(|c| c.name.as_str()),
        Some("Communauté urbaine d'Arras, développement économique")
    );
    assert_eq!(
        p.steps[1].also_call, None,
        "the accountant needs no second number"
    );
    // A chamber with its own phone needs no second contact.
    snap.territory.contacts[0].phone = Some("+33300000000".into());
    let p = build(&snap, &profile, &["visibility"]);
    assert_eq!(p.steps[0].also_call, None);
}

#[test]
fn an_aid_of_the_arras_epci_reaches_arras_owners_only() {
    // CU d'Arras (200033579); Lens (62498) is 17 km away, in another EPCI.
    let mut cua = aden();
    cua.id = "cua".into();
    cua.eligibility.perimeter = Perimeter {
        epcis: vec!["200033579".into()],
        ..Perimeter::default()
    };
    let mut aisne = aden();
    aisne.id = "aisne".into();
    aisne.eligibility.perimeter = Perimeter {
        departments: vec!["02".into()],
        ..Perimeter::default()
    };
    let snap = snapshot(vec![], vec![cua, aisne]);
    for (insee, want) in [("62041", true), ("62004", true), ("62498", false)] {
        let profile = shop("1", insee);
        let p = build(&snap, &profile, &["selling"]);
        let got = aid_ids(&p.steps[0]).contains(&"cua");
        assert_eq!(got, want, "commune {insee}");
        assert!(
            !aid_ids(&p.steps[0]).contains(&"aisne"),
            "Pas-de-Calais is not Aisne"
        );
    }
    let profile = shop("1", "02722");
    let p = build(&snap, &profile, &["selling"]);
    assert_eq!(
        aid_ids(&p.steps[0]),
        vec!["aisne"],
        "a Soissons owner gets the Aisne aid"
    );
}
