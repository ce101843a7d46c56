//! For each need of the questionnaire, the help a territory has: venues by
//! distance from the centre, open aids, and whether the adviser the pathway
//! names for that need can be reached. Gaps are said in words.

use super::position;
use crate::communes::CommuneIndex;
use crate::model::{ContactKind, TerritorySnapshot};
use crate::pathway::{audience, needs::NeedMasks};
use crate::questionnaire::{AdviserKind, Dimension, Questionnaire};
use chrono::NaiveDate;

/// The rings of the desk's map and coverage table, in km.
pub const RINGS_KM: [f64; 3] = [5.0, 10.0, 20.0];

/// The help a territory has for one need.
#[derive(Clone, Debug)]
pub struct NeedCoverage<'a> {
    pub dimension: &'a Dimension,
    /// Venues that help with it within 5, 10 and 20 km of the centre.
    pub venues: [usize; 3],
    /// Of those, venues with a business offer.
    pub with_offer: [usize; 3],
    /// Aids of the territory that fund it and are still open.
    pub aids_open: usize,
    /// Of those, aids with facts still to confirm with the funder.
    pub aids_to_confirm: usize,
    pub adviser: AdviserReach,
}

/// Whether the adviser the pathway names for this need can be reached.
#[derive(Clone, Debug, PartialEq)]
pub enum AdviserReach {
    /// A contact of the territory with a phone number.
    Phone { name: String, to_confirm: bool },
    /// A contact with a website or e-mail only.
    Online { name: String },
    /// The owner's own accountant.
    Accountant,
    /// The pathway sends owners to the venues' digital advisers.
    Venues,
    /// No one the owner can reach.
    Nobody,
}

impl AdviserReach {
    pub fn callable(&self) -> bool {
        matches!(self, AdviserReach::Phone { .. } | AdviserReach::Accountant)
    }

    pub fn describe(&self) -> String {
        match self {
            AdviserReach::Phone {
                name,
                to_confirm: false,
            } => format!("oui : {name}"),
            AdviserReach::Phone {
                name,
                to_confirm: true,
            } => {
                format!("oui : {name} (numéro à confirmer)")
            }
            AdviserReach::Online { name } => format!("en ligne seulement : {name}"),
            AdviserReach::Accountant => "l'expert-comptable de l'entreprise".into(),
            AdviserReach::Venues => "les conseillers des lieux".into(),
            AdviserReach::Nobody => "personne".into(),
        }
    }
}

/// The gaps of a territory, one sentence each: a need with no venue within
/// 20 km is said on its own ("Aucun lieu à moins de 20 km n'aide sur la
/// sécurité."); the other gaps list the needs they concern.
pub fn gaps(coverage: &[NeedCoverage<'_>]) -> Vec<String> {
    let need = |c: &NeedCoverage<'_>| c.dimension.short.fr.to_lowercase();
    let list = |f: &dyn Fn(&NeedCoverage<'_>) -> bool| -> Vec<String> {
        coverage.iter().filter(|c| f(c)).map(need).collect()
    };
    let all = coverage.len();
    let mut out: Vec<String> = coverage
        .iter()
        .filter(|c| c.venues[2] == 0)
        .map(|c| format!("Aucun lieu à moins de 20 km n'aide sur « {} ».", need(c)))
        .collect();
    let mut say = |needs: Vec<String>, start: &str| {
        if needs.len() == all && all > 0 {
            out.push(format!("{start} : sur aucun besoin."));
        } else if !needs.is_empty() {
            out.push(format!("{start} : {}.", needs.join(", ")));
        }
    };
    say(
        list(&|c| c.venues[2] > 0 && c.venues[0] == 0),
        "Aucun lieu à moins de 5 km (mais au moins un à 20 km)",
    );
    say(
        list(&|c| c.with_offer[2] == 0),
        "Aucun lieu n'a d'offre publiée pour les entreprises",
    );
    say(
        list(&|c| c.aids_open == 0 && !c.dimension.aid_topics.is_empty()),
        "Aucune aide ouverte ne finance",
    );
    say(
        list(&|c| {
            c.adviser == AdviserReach::Nobody
                || (c.adviser == AdviserReach::Venues && c.venues[2] == 0)
        }),
        "Personne à appeler",
    );
    out
}

/// The coverage of every need, in questionnaire order.
pub fn coverage<'a>(
    q: &'a Questionnaire,
    snapshot: &TerritorySnapshot,
    communes: &CommuneIndex,
    today: NaiveDate,
) -> Vec<NeedCoverage<'a>> {
    let masks = NeedMasks::new(q);
    let centre = snapshot.territory.centre;
    let placed: Vec<(u64, f64, bool)> = snapshot
        .venues
        .iter()
        .filter(|v| audience::left_out(q, v).is_none())
        .filter_map(|v| {
            let (p, _) = position(communes, v)?;
            Some((
                masks.of(v),
                centre.distance_km(p),
                v.business_offer.is_some(),
            ))
        })
        .collect();
    q.dimensions
        .iter()
        .enumerate()
        .map(|(i, dim)| {
            let mut venues = [0; 3];
            let mut with_offer = [0; 3];
            for (mask, km, offer) in &placed {
                if mask & (1 << i) == 0 {
                    continue;
                }
                for (ring, limit) in RINGS_KM.iter().enumerate() {
                    if km <= limit {
                        venues[ring] += 1;
                        with_offer[ring] += usize::from(*offer);
                    }
                }
            }
            let open: Vec<_> = snapshot
                .aids
                .iter()
                .filter(|a| a.funds.iter().any(|t| dim.aid_topics.contains(t)))
                .filter(|a| a.deadline.is_none_or(|d| d >= today))
                .collect();
            NeedCoverage {
                dimension: dim,
                venues,
                with_offer,
                aids_open: open.len(),
                aids_to_confirm: open.iter().filter(|a| a.to_confirm.is_some()).count(),
                adviser: adviser(q, snapshot, dim.adviser),
            }
        })
        .collect()
}

/// The adviser the pathway names for a need, and how it can be reached.
fn adviser(q: &Questionnaire, snapshot: &TerritorySnapshot, kind: AdviserKind) -> AdviserReach {
    let contacts = &snapshot.territory.contacts;
    let reach = |kinds: &[ContactKind]| {
        let mine = || contacts.iter().filter(|c| kinds.contains(&c.kind));
        if let Some(c) = mine().find(|c| c.phone.is_some()) {
            return Some(AdviserReach::Phone {
                name: c.name.clone(),
                to_confirm: c.phone_to_confirm,
            });
        }
        mine()
            .find(|c| c.url.is_some() || c.email.is_some())
            .map(|c| AdviserReach::Online {
                name: c.name.clone(),
            })
    };
    match kind {
        AdviserKind::Accountant => AdviserReach::Accountant,
        AdviserKind::Mediation => AdviserReach::Venues,
        AdviserKind::Cyber => reach(&[ContactKind::Cyber])
            .or_else(|| {
                q.national_contacts
                    .iter()
                    .find(|c| c.kind == ContactKind::Cyber)
                    .map(|c| match &c.phone {
                        Some(_) => AdviserReach::Phone {
                            name: c.name.clone(),
                            to_confirm: false,
                        },
                        None => AdviserReach::Online {
                            name: c.name.clone(),
                        },
                    })
            })
            .unwrap_or(AdviserReach::Venues),
        // A chamber card without a phone gets the territory's other contact
        // with one (the intercommunality), as in the pathway.
        AdviserKind::Chamber => reach(&[ContactKind::Cci, ContactKind::Cma, ContactKind::Other])
            .unwrap_or(AdviserReach::Nobody),
    }
}
