//! Whether a venue is one to propose to a business owner: a youth centre,
//! a children's café or a shelter helps its own public, and sending a
//! shopkeeper there helps no one.
//!
//! The audiences are data (`[[venue_rules.audiences]]` in
//! `questionnaire.toml`); the operator has the last word (curated file).

use crate::communes::fold;
use crate::i18n::Lang;
use crate::model::Venue;
use crate::questionnaire::{Audience, Questionnaire};

/// What in the record shows the venue is for another public.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Evidence {
    /// Every public the record lists is one of the audience's.
    Publics(Vec<String>),
    Typology(String),
    /// A word of the venue's name.
    Name(String),
}

/// Why a venue is not proposed to business owners.
#[derive(Clone, Debug, PartialEq)]
pub enum LeftOut<'q> {
    /// The operator decided so in the curated file.
    Operator(String),
    /// The record says it is for another public.
    Audience {
        audience: &'q Audience,
        evidence: Evidence,
    },
}

impl LeftOut<'_> {
    /// One sentence for the report and the desk.
    pub fn reason(&self, lang: Lang) -> String {
        match self {
            LeftOut::Operator(reason) => match lang {
                Lang::Fr => format!("écarté par l'opérateur\u{a0}: {reason}"),
                Lang::En => format!("left out by the operator: {reason}"),
            },
            LeftOut::Audience { audience, evidence } => {
                let label = audience.label.get(lang);
                let because = match (evidence, lang) {
                    (Evidence::Publics(p), Lang::Fr) => format!("publics\u{a0}: {}", p.join(", ")),
                    (Evidence::Publics(p), Lang::En) => format!("publics: {}", p.join(", ")),
                    (Evidence::Typology(t), Lang::Fr) => format!("typologie {t}"),
                    (Evidence::Typology(t), Lang::En) => format!("typology {t}"),
                    (Evidence::Name(w), Lang::Fr) => format!("mot «\u{a0}{w}\u{a0}» dans le nom"),
                    (Evidence::Name(w), Lang::En) => format!("word “{w}” in the name"),
                };
                match lang {
                    Lang::Fr => format!("lieu destiné à {label} ({because})"),
                    Lang::En => format!("a place for {label} ({because})"),
                }
            }
        }
    }

    /// The audience's id, or `operator`.
    pub fn id(&self) -> &str {
        match self {
            LeftOut::Operator(_) => "operator",
            LeftOut::Audience { audience, .. } => &audience.id,
        }
    }
}

/// `None` when the venue may be proposed to business owners.
pub fn left_out<'q>(q: &'q Questionnaire, venue: &Venue) -> Option<LeftOut<'q>> {
    match &venue.operator {
        Some(d) if d.proposed => return None,
        Some(d) => return Some(LeftOut::Operator(d.reason.clone())),
        None => {}
    }
    // A venue that declared a business offer is for businesses.
    if venue.business_offer.is_some() {
        return None;
    }
    let rules = &q.venue_rules;
    let audiences = &rules.audiences;
    let general = venue
        .publics
        .iter()
        .any(|p| rules.general_publics.iter().any(|g| g == p));
    if !general && !venue.publics.is_empty() {
        // Every public listed is a specific one: the first audience it names.
        let all_specific = venue
            .publics
            .iter()
            .all(|p| audiences.iter().any(|a| a.publics.contains(p)));
        if all_specific {
            let first = audiences
                .iter()
                .find(|a| venue.publics.iter().any(|p| a.publics.contains(p)));
            if let Some(audience) = first {
                return Some(LeftOut::Audience {
                    audience,
                    evidence: Evidence::Publics(venue.publics.clone()),
                });
            }
        }
    }
    for t in &venue.typologie {
        if let Some(audience) = audiences.iter().find(|a| a.typologies.contains(t)) {
            return Some(LeftOut::Audience {
                audience,
                evidence: Evidence::Typology(t.clone()),
            });
        }
    }
    let mut name = String::from(" ");
    fold(&venue.nom, &mut name, false);
    name.push(' ');
    for audience in audiences {
        for word in &audience.name_words {
            if name.contains(&format!(" {word} ")) {
                return Some(LeftOut::Audience {
                    audience,
                    evidence: Evidence::Name(word.clone()),
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BusinessOffer, OperatorDecision};
    use crate::scoring::tests::q;

    fn venue(nom: &str) -> Venue {
        Venue {
            nom: nom.into(),
            ..Venue::default()
        }
    }

    #[test]
    fn a_childrens_cafe_and_a_youth_centre_are_left_out_by_name() {
        let kid = left_out(q(), &venue("NINO'KID")).unwrap();
        assert_eq!(kid.id(), "children");
        assert!(
            kid.reason(Lang::Fr).contains("«\u{a0}kid\u{a0}»"),
            "{}",
            kid.reason(Lang::Fr)
        );
        let ml = left_out(q(), &venue("Mission Locale Emploi Jeunes Douaisis")).unwrap();
        assert_eq!(ml.id(), "young");
        assert!(left_out(q(), &venue("Groupe Scolaire Pierre Mendès France")).is_some());
    }

    #[test]
    fn a_france_services_or_a_town_hall_is_proposed() {
        for nom in [
            "France services de Calais",
            "Mairie de Vitry en Artois",
            "Centre Social Familles Rurales",
            "Foyer Rural Jacques Pelletier",
            "LYCEE PROFESSIONNEL HENRI SENEZ GRETA GRAND ARTOIS",
        ] {
            assert_eq!(left_out(q(), &venue(nom)), None, "{nom}");
        }
    }

    #[test]
    fn publics_for_seniors_only_leave_out_but_adults_keep_it() {
        let mut v = venue("Espace numérique");
        v.publics = vec![
            "Seniors (+ 65 ans)".into(),
            "Public langues étrangères".into(),
        ];
        assert_eq!(
            left_out(q(), &v).map(|l| l.id().to_string()),
            Some("seniors".into())
        );
        v.publics.push("Adultes".into());
        assert_eq!(left_out(q(), &v), None);
    }

    #[test]
    fn typology_of_a_mission_locale_leaves_it_out() {
        let mut v = venue("MEEF Santerre");
        v.typologie = vec!["ML".into()];
        let l = left_out(q(), &v).unwrap();
        assert!(matches!(
            l,
            LeftOut::Audience {
                evidence: Evidence::Typology(_),
                ..
            }
        ));
    }

    #[test]
    fn the_operator_has_the_last_word() {
        let mut v = venue("Maison des jeunes Buisson");
        assert!(left_out(q(), &v).is_some());
        v.operator = Some(OperatorDecision {
            proposed: true,
            reason: "Accueille aussi les commerçants le jeudi".into(),
        });
        assert_eq!(left_out(q(), &v), None);
        let mut w = venue("France services de Calais");
        w.operator = Some(OperatorDecision {
            proposed: false,
            reason: "fermé pour travaux".into(),
        });
        assert_eq!(
            left_out(q(), &w).unwrap().reason(Lang::Fr),
            "écarté par l'opérateur\u{a0}: fermé pour travaux"
        );
    }

    #[test]
    fn a_declared_business_offer_is_never_left_out() {
        let mut v = venue("Pôle jeunesse et citoyenneté");
        v.business_offer = Some(BusinessOffer::default());
        assert_eq!(left_out(q(), &v), None);
    }
}
