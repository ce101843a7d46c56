use super::*;
use crate::desk::coverage;
use crate::hours::WeeklySchedule;
use crate::pathway::tests::{arras, communes, q, snapshot, venue};
use chrono::Weekday;

fn rules() -> CandidateRules {
    toml::from_str(crate::desk::RULES_TOML).expect("desk-rules.toml reads")
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
}

fn scoring<'a>(rules: &'a CandidateRules) -> Scoring<'a> {
    Scoring {
        questionnaire: q(),
        rules,
        communes: communes(),
        centre: arras().centre,
        today: today(),
        stale_after_months: 18,
    }
}

fn week(days: &[(Weekday, u16, u16)]) -> WeeklySchedule {
    let mut w = WeeklySchedule::default();
    for (d, a, b) in days {
        w.add(*d, *a, *b);
    }
    w
}

const DAILY: &str = "Maîtrise des outils numériques du quotidien";
const SECURE: &str = "Utilisation sécurisée du numérique";

/// A tiers-lieu open on Saturday near the centre, and a town hall 8 km
/// away open two mornings a week: the first ranks above, and each says why.
#[test]
fn a_tiers_lieu_open_on_saturday_ranks_above_a_town_hall_open_two_mornings() {
    let centre = arras().centre;
    let mut tiers = venue("tl", centre.lat + 0.005, centre.lon, &[DAILY, SECURE]);
    tiers.nom = "Tiers-lieu La Ruche".into();
    tiers.telephone = Some("+33321000000".into());
    tiers.date_maj = NaiveDate::from_ymd_opt(2026, 5, 1);
    tiers.schedule = Some(week(&[
        (Weekday::Tue, 600, 1140),
        (Weekday::Wed, 600, 1140),
        (Weekday::Sat, 600, 1020),
    ]));
    let mut mairie = venue("m", centre.lat + 0.07, centre.lon, &[DAILY]);
    mairie.nom = "Mairie de Dainville".into();
    mairie.date_maj = NaiveDate::from_ymd_opt(2022, 3, 1);
    mairie.schedule = Some(week(&[(Weekday::Mon, 540, 720), (Weekday::Thu, 540, 720)]));

    let rules = rules();
    let venues = [mairie, tiers];
    let ranked = rank(&scoring(&rules), &venues);
    let names: Vec<&str> = ranked.iter().map(|c| c.venue.nom.as_str()).collect();
    assert_eq!(names, ["Tiers-lieu La Ruche", "Mairie de Dainville"]);

    let said = |c: &Candidate| c.reasons.iter().map(Reason::full).collect::<Vec<_>>();
    let first = said(&ranked[0]);
    for words in [
        "tiers-lieu",
        "ouvert le samedi",
        "ouvert après 18 h",
        "contact publié",
    ] {
        assert!(
            first.iter().any(|r| r.contains(words)),
            "{words} missing: {first:?}"
        );
    }
    assert!(
        first
            .iter()
            .any(|r| r.starts_with("aide sur 4 besoins des entreprises : visibilité, clients")),
        "{first:?}"
    );
    let second = said(&ranked[1]);
    for words in [
        "mairie",
        "ouvert 6 h par semaine seulement",
        "aucun contact publié",
        "fiche de 2022",
        "km du centre",
    ] {
        assert!(
            second.iter().any(|r| r.contains(words)),
            "{words} missing: {second:?}"
        );
    }
    // The points are the sum of the reasons, nothing hidden.
    for c in &ranked {
        assert_eq!(c.points, c.reasons.iter().map(|r| r.points).sum::<i32>());
    }
}

#[test]
fn a_place_for_another_public_or_with_no_useful_service_is_no_candidate() {
    let centre = arras().centre;
    let mut kids = venue("k", centre.lat, centre.lon, &[DAILY]);
    kids.publics = vec!["Familles et/ou enfants".into()];
    let parenting = venue(
        "p",
        centre.lat,
        centre.lon,
        &["Parentalité et éducation avec le numérique"],
    );
    let rules = rules();
    let venues = [kids, parenting];
    let ranked = rank(&scoring(&rules), &venues);
    assert!(
        ranked.is_empty(),
        "{:?}",
        ranked.iter().map(|c| &c.venue.id).collect::<Vec<_>>()
    );
}

#[test]
fn a_name_word_matches_whole_words_only() {
    assert!(contains_word("espace public numerique epn", "epn"));
    assert!(!contains_word("depnot", "epn"));
}

/// Coverage counts venues by ring and says each gap in words.
#[test]
fn coverage_says_which_needs_have_no_help_within_20_km() {
    let centre = arras().centre;
    let near = venue("n", centre.lat + 0.01, centre.lon, &[DAILY]);
    let far = venue("f", centre.lat + 0.12, centre.lon, &[SECURE]);
    let snap = snapshot(vec![near, far], vec![]);
    let cov = coverage::coverage(q(), &snap, communes(), today());
    assert_eq!(cov.len(), q().dimensions.len());
    let of = |id: &str| cov.iter().find(|c| c.dimension.id == id).unwrap();
    assert_eq!(of("skills").venues, [1, 1, 1]);
    // 0.12° of latitude ≈ 13 km: in the 20 km ring only.
    assert_eq!(of("security").venues, [0, 0, 1]);
    assert_eq!(of("admin").venues, [0, 0, 0]);
    let gaps = coverage::gaps(&cov);
    assert!(
        gaps.iter()
            .any(|g| g.starts_with("Aucun lieu à moins de 20 km n'aide sur « démarches »")),
        "{gaps:?}"
    );
    let five = gaps
        .iter()
        .find(|g| g.contains("moins de 5 km"))
        .expect("a 5 km gap");
    assert!(
        five.contains("sécurité") && !five.contains("compétences"),
        "{five}"
    );
    // No venue has a business offer: one sentence, not eight.
    assert_eq!(
        gaps.iter()
            .filter(|g| g.contains("offre publiée"))
            .collect::<Vec<_>>(),
        ["Aucun lieu n'a d'offre publiée pour les entreprises : sur aucun besoin."]
    );
}
