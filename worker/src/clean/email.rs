//! E-mail addresses. A structure's generic address is published; a named
//! person's (`firstname.lastname@…`) is personal data and is not.

use crate::validate::ValidationErrorKind;

/// Words that make an address a structure's, not a person's.
const GENERIC: &[&str] = &[
    "accueil",
    "contact",
    "info",
    "infos",
    "information",
    "mairie",
    "france",
    "services",
    "service",
    "fs",
    "msap",
    "secretariat",
    "direction",
    "admin",
    "administration",
    "cnfs",
    "conseiller",
    "conseillers",
    "numerique",
    "mediation",
    "mediateur",
    "bus",
    "espace",
    "epn",
    "cyber",
    "pimms",
    "mediatheque",
    "bibliotheque",
    "ccas",
    "cias",
    "rh",
    "emploi",
    "social",
    "association",
    "asso",
    "centre",
    "maison",
    "permanence",
    "tiers",
    "lieu",
    "atelier",
    "ville",
    "commune",
    "agence",
    "point",
    "relais",
    "communication",
    "coordination",
    "public",
    "solidarite",
    "solidarites",
    "picardie",
    "territoire",
    "numeri",
    "mission",
    "locale",
    "csr",
    "mds",
    "ccas",
];

/// A publishable address, lower-cased, or why not.
pub fn clean_email(raw: &str) -> Result<String, ValidationErrorKind> {
    let s = raw
        .trim()
        .trim_start_matches("mailto:")
        .trim()
        .to_lowercase();
    if s.is_empty() {
        return Err(ValidationErrorKind::Missing);
    }
    let (local, domain) = s.split_once('@').ok_or(ValidationErrorKind::Email)?;
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c));
    let domain_ok = domain.contains('.')
        && domain.len() <= 253
        && !domain.starts_with(['.', '-'])
        && !domain.ends_with(['.', '-'])
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-".contains(c));
    if !local_ok || !domain_ok {
        return Err(ValidationErrorKind::Email);
    }
    if is_named_person(local) {
        return Err(ValidationErrorKind::PersonalEmail);
    }
    Ok(s)
}

/// `jean.dupont`, `marie-claire.martin`, `j.dupont`: two alphabetic parts
/// joined by a dot, none holding a structure word (`ville.franceservices`)
/// and the second not an acronym without vowels (`ccas`, `csr`).
fn is_named_person(local: &str) -> bool {
    let parts: Vec<&str> = local.split('.').collect();
    if parts.len() != 2 {
        return false;
    }
    let alpha = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphabetic() || c == '-');
    let generic = |p: &str| {
        p.split('-').any(|w| GENERIC.contains(&w))
            || GENERIC
                .iter()
                .filter(|g| g.len() >= 5)
                .any(|g| p.contains(*g))
            || p.contains("franceservice")
    };
    let has_vowel = |p: &str| p.chars().any(|c| "aeiouy".contains(c));
    parts.iter().all(|p| alpha(p))
        && !parts.iter().any(|p| generic(p))
        && parts[1].len() >= 2
        && has_vowel(parts[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_people_are_personal_data() {
        for raw in [
            "christophe.cheriaux@meef-shs.fr",
            "Marie-Claire.Martin@ville.fr",
            "j.dupont@x.fr",
        ] {
            assert_eq!(
                clean_email(raw),
                Err(ValidationErrorKind::PersonalEmail),
                "{raw}"
            );
        }
    }

    #[test]
    fn structures_addresses_are_kept() {
        for raw in [
            "lenouvion@france-services.gouv.fr",
            "france.services@ccvo.fr",
            "contact.epn@ville.fr",
            "Accueil@Mairie-Arras.fr",
            "arleux.franceservices@lenord.fr",
            "roubaix.mds@ville-roubaix.fr",
        ] {
            assert!(clean_email(raw).is_ok(), "{raw}");
        }
        assert_eq!(
            clean_email("pas une adresse"),
            Err(ValidationErrorKind::Email)
        );
        assert_eq!(
            clean_email("a@<script>.fr"),
            Err(ValidationErrorKind::Email)
        );
    }
}
