//! Venues that could build an offer for business owners, ranked by a
//! transparent score: every point comes with its reason, so the project
//! officer sees why a place is high or low and can argue with a line of
//! `desk-rules.toml` rather than with a number.

use super::rules::CandidateRules;
use crate::communes::CommuneIndex;
use crate::format::distance;
use crate::geo::GeoPoint;
use crate::model::Venue;
use crate::pathway::{audience, needs::NeedMasks, stale_since};
use crate::questionnaire::Questionnaire;
use crate::Lang;
use chrono::NaiveDate;

/// One line of the score: what was seen, and the points it gave or took.
#[derive(Clone, Debug, PartialEq)]
pub struct Reason {
    pub points: i32,
    pub text: String,
    /// The particulars, when the reason has a list (the needs it helps with).
    pub detail: Option<String>,
}

impl Reason {
    /// The reason with its particulars, in one line.
    pub fn full(&self) -> String {
        match &self.detail {
            Some(d) => format!("{} : {d}", self.text),
            None => self.text.clone(),
        }
    }
}

/// A venue of the territory with its score.
#[derive(Clone, Debug)]
pub struct Candidate<'a> {
    pub venue: &'a Venue,
    pub points: i32,
    pub reasons: Vec<Reason>,
    /// From the territory's centre; approximate when only the venue's
    /// commune is known.
    pub distance_km: Option<f64>,
    pub approximate: bool,
    /// The place already has a business offer in the curated file.
    pub curated: bool,
    /// The needs it helps with (dimension short names, French).
    pub needs: Vec<String>,
}

/// What the score is computed from besides the venue.
pub struct Scoring<'a> {
    pub questionnaire: &'a Questionnaire,
    pub rules: &'a CandidateRules,
    pub communes: &'a CommuneIndex,
    pub centre: GeoPoint,
    pub today: NaiveDate,
    pub stale_after_months: u32,
}

/// The venues that could serve business owners, best first. Places for
/// another public (children, a disability day centre…) and places that help
/// with no need of the questionnaire are not candidates.
pub fn rank<'a>(s: &Scoring<'_>, venues: &'a [Venue]) -> Vec<Candidate<'a>> {
    let masks = NeedMasks::new(s.questionnaire);
    let mut out: Vec<Candidate<'a>> = venues
        .iter()
        .filter(|v| audience::left_out(s.questionnaire, v).is_none())
        .filter_map(|v| score(s, &masks, v))
        .collect();
    out.sort_by(|a, b| {
        b.points
            .cmp(&a.points)
            .then(
                a.distance_km
                    .unwrap_or(f64::MAX)
                    .total_cmp(&b.distance_km.unwrap_or(f64::MAX)),
            )
            .then_with(|| a.venue.nom.cmp(&b.venue.nom))
    });
    out
}

fn score<'a>(s: &Scoring<'_>, masks: &NeedMasks<'_>, v: &'a Venue) -> Option<Candidate<'a>> {
    let r = s.rules;
    let q = s.questionnaire;
    let mask = masks.of(v);
    if mask == 0 {
        return None;
    }
    let needs: Vec<String> = q
        .dimensions
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, d)| d.short.fr.to_lowercase())
        .collect();
    let counted = (needs.len() as u32).min(r.needs_cap);
    let mut reasons = vec![Reason {
        points: r.points_per_need * counted as i32,
        text: format!(
            "aide sur {} besoin{} des entreprises",
            needs.len(),
            if needs.len() > 1 { "s" } else { "" },
        ),
        detail: Some(needs.join(", ")),
    }];
    let mut add = |points: i32, text: String| {
        reasons.push(Reason {
            points,
            text,
            detail: None,
        })
    };

    hours(r, v, &mut add);

    let place = super::position(s.communes, v);
    let distance_km = place.map(|(p, _)| s.centre.distance_km(p));
    let approximate = place.is_some_and(|(_, a)| a);
    match distance_km {
        Some(km) => {
            let ring = r.distance_rings.iter().find(|(limit, _)| km <= *limit);
            let points = ring.map_or(0, |(_, p)| *p);
            let text = match approximate {
                // Only the commune is known: its centre, not the address.
                true if km < 1.0 => "dans la commune centre (adresse sans coordonnées)".into(),
                true => format!("commune à {} du centre", distance(km, Lang::Fr)),
                false => format!("à {} du centre", distance(km, Lang::Fr)),
            };
            add(points, text);
        }
        None => add(0, "position inconnue".into()),
    }

    if let Some(kind) = kind_of(r, v) {
        add(kind.points, kind.label.clone());
    }
    for p in &r.programmes {
        if v.dispositif_programmes_nationaux
            .iter()
            .any(|x| x == &p.name)
        {
            add(p.points, p.label.clone());
        }
    }

    if v.has_contact() {
        add(r.contact_published, "contact publié".into());
    } else {
        add(r.no_contact, "aucun contact publié".into());
    }
    if let Some(year) = stale_since(v, s.today, s.stale_after_months) {
        add(r.old_record, format!("fiche de {year} : à revérifier"));
    }
    let curated = v.business_offer.is_some();
    if curated {
        add(
            0,
            "offre entreprises déjà publiée (fichier du pilote)".into(),
        );
    }
    let points = reasons.iter().map(|x| x.points).sum();
    Some(Candidate {
        venue: v,
        points,
        reasons,
        distance_km,
        approximate,
        curated,
        needs,
    })
}

/// Hours an owner can use: before or after their own, Saturday, booking.
fn hours(r: &CandidateRules, v: &Venue, add: &mut impl FnMut(i32, String)) {
    let booking = v.prise_rdv.is_some()
        || v.modalites_acces
            .iter()
            .any(|m| m.to_lowercase().contains("rendez-vous") || m == "Prendre un RDV en ligne");
    if booking {
        add(r.by_appointment, "sur rendez-vous".into());
    }
    let Some(week) = &v.schedule else {
        add(r.hours_unknown, "horaires inconnus".into());
        return;
    };
    let weekdays = &week.days[..5];
    let early = weekdays
        .iter()
        .flatten()
        .any(|[start, _]| *start < r.opens_before);
    let late = weekdays
        .iter()
        .flatten()
        .any(|[_, end]| *end > r.closes_after);
    if early || late {
        let what = match (early, late) {
            (true, true) => "ouvert avant 9 h et après 18 h",
            (true, false) => "ouvert avant 9 h",
            _ => "ouvert après 18 h",
        };
        add(r.early_or_late, what.into());
    }
    if !week.days[5].is_empty() {
        add(r.saturday, "ouvert le samedi".into());
    }
    let minutes: u32 = week
        .days
        .iter()
        .flatten()
        .map(|[a, b]| u32::from(b.saturating_sub(*a)))
        .sum();
    if minutes < r.short_week_hours * 60 {
        add(
            r.short_week,
            format!("ouvert {} h par semaine seulement", minutes / 60),
        );
    }
}

/// The first kind of place the venue matches: typology, programme, name.
fn kind_of<'r>(r: &'r CandidateRules, v: &Venue) -> Option<&'r super::PlaceKind> {
    let name = fold(&v.nom);
    r.kinds.iter().find(|k| {
        k.typologies.iter().any(|t| v.typologie.contains(t))
            || k.programmes
                .iter()
                .any(|p| v.dispositif_programmes_nationaux.contains(p))
            || k.name_words.iter().any(|w| contains_word(&name, &fold(w)))
    })
}

/// `word` in `text` at word boundaries ("epn" is not in "depnot").
fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The search form of a name (lower case, no accents, hyphens as spaces).
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::communes::fold(s, &mut out, false);
    out
}

#[cfg(test)]
mod tests;
