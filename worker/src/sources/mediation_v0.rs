//! The v0.1.x venue standard (2022), still the shape of the conseillers
//! numériques and data·inclusion exports: `;` between values, `courriel`
//! singular, `labels_nationaux`, `conditions_acces` with long labels, and
//! 15 services. Translated to v1 names and services; the one service aimed
//! at business owners ("Créer et développer mon entreprise") becomes
//! "Insertion professionnelle via le numérique" as in the official mapping.

use super::{json_text, non_empty, split_multi, RawVenue};
use serde_json::{Map, Value};

/// Whether a JSON venue is in the v0 shape.
pub fn is_v0(obj: &Map<String, Value>) -> bool {
    [
        "labels_nationaux",
        "courriel",
        "conditions_access",
        "conditions_acces",
        "publics_accueillis",
        "cle_ban",
    ]
    .iter()
    .any(|k| obj.contains_key(*k))
        || obj
            .get("services")
            .and_then(Value::as_str)
            .is_some_and(|s| s.contains(';'))
}

/// v0 service → v1 service.
pub fn service_v1(v0: &str) -> Option<&'static str> {
    Some(match v0.trim() {
        "Devenir autonome dans les démarches administratives"
        | "Réaliser des démarches administratives avec un accompagnement"
        | "Accompagner les démarches de santé" => "Aide aux démarches administratives",
        "Prendre en main un smartphone ou une tablette"
        | "Prendre en main un ordinateur"
        | "Utiliser le numérique au quotidien" => "Maîtrise des outils numériques du quotidien",
        "Approfondir ma culture numérique" | "Promouvoir la citoyenneté numérique" => {
            "Compréhension du monde numérique"
        }
        "Favoriser mon insertion professionnelle" | "Créer et développer mon entreprise" => {
            "Insertion professionnelle via le numérique"
        }
        "Accéder à une connexion internet" | "Accéder à du matériel" => {
            "Accès internet et matériel informatique"
        }
        "S'équiper en matériel informatique" => {
            "Acquisition de matériel informatique à prix solidaire"
        }
        "Créer avec le numérique" => "Loisirs et créations numériques",
        "Soutenir la parentalité et l'éducation avec le numérique" => {
            "Parentalité et éducation avec le numérique"
        }
        _ => return None,
    })
}

/// v0 national label → v1 `dispositif_programmes_nationaux`.
fn programme_v1(label: &str) -> Option<&'static str> {
    Some(match label.trim() {
        "CNFS" => "Conseillers numériques",
        "France Services" => "France Services",
        "Aidants Connect" => "Aidants Connect",
        "Point numérique CAF" | "Point relais CAF" => "Point d'accès numérique CAF",
        "Grandes écoles du numérique" => "Grande école du numérique",
        _ => return None,
    })
}

/// "Gratuit : Je peux accéder…" → "Gratuit".
fn fee_v1(condition: &str) -> Option<&'static str> {
    let head = condition.split(':').next().unwrap_or("").trim();
    Some(match head {
        "Gratuit" => "Gratuit",
        "Gratuit sous condition" => "Gratuit sous condition",
        "Payant" => "Payant",
        _ => return None,
    })
}

pub fn translate(obj: &Map<String, Value>) -> RawVenue {
    let get = |k: &str| json_text(obj.get(k)).and_then(|s| non_empty(&s));
    let multi = |k: &str| split_multi(get(k).as_deref(), ';');
    let mut services: Vec<String> = Vec::new();
    for s in multi("services") {
        // Unknown v0 values pass through so validation reports them.
        let v1 = service_v1(&s).map(str::to_string).unwrap_or(s);
        if !services.contains(&v1) {
            services.push(v1);
        }
    }
    let mut programmes: Vec<String> = Vec::new();
    for l in multi("labels_nationaux") {
        if let Some(p) = programme_v1(&l) {
            if !programmes.iter().any(|x| x == p) {
                programmes.push(p.to_string());
            }
        }
    }
    let fees = get("conditions_acces")
        .or_else(|| get("conditions_access"))
        .map(|c| {
            split_multi(Some(&c), ';')
                .iter()
                .filter_map(|c| fee_v1(c))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    RawVenue {
        id: get("id"),
        pivot: get("pivot"),
        nom: get("nom"),
        adresse: get("adresse"),
        complement_adresse: get("complement_adresse"),
        code_postal: get("code_postal"),
        code_insee: get("code_insee"),
        commune: get("commune"),
        latitude: get("latitude"),
        longitude: get("longitude"),
        telephone: get("telephone"),
        courriels: get("courriel")
            .or_else(|| get("courriels"))
            .map(|c| split_multi(Some(&c), ';'))
            .unwrap_or_default(),
        site_web: multi("site_web"),
        horaires: get("horaires"),
        services,
        typologie: multi("typologie"),
        publics: split_multi(get("publics_accueillis").as_deref(), ';'),
        dispositif_programmes_nationaux: programmes,
        frais_a_charge: fees,
        modalites_acces: Vec::new(),
        prise_rdv: get("prise_rdv"),
        source: get("source"),
        date_maj: get("date_maj"),
        source_url: None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::mediation_numerique::parse_json;

    const CNFS: &str = include_str!("../../sources/conseillers-numeriques-lieux-hdf-2022.json");
    const DATA_INCLUSION: &str =
        include_str!("../../sources/lieux-mediation-numerique-v0-data-inclusion-hdf-2023.json");

    #[test]
    fn conseillers_numeriques_file_is_translated_to_v1() {
        let p = parse_json(CNFS).unwrap();
        assert_eq!(p.records.len(), 421);
        assert_eq!(p.notes.len(), 1);
        let escale = &p.records[0];
        assert_eq!(
            escale.services,
            [
                "Maîtrise des outils numériques du quotidien",
                "Compréhension du monde numérique"
            ]
        );
        assert_eq!(
            escale.dispositif_programmes_nationaux,
            ["Conseillers numériques"]
        );
        assert_eq!(escale.frais_a_charge, ["Gratuit"]);
    }

    #[test]
    fn data_inclusion_file_keeps_its_single_email_and_typology() {
        let p = parse_json(DATA_INCLUSION).unwrap();
        assert_eq!(p.records.len(), 260);
        let meef = &p.records[0];
        assert_eq!(meef.courriels, ["christophe.cheriaux@meef-shs.fr"]);
        assert_eq!(meef.typologie, ["ML"]);
        assert!(
            meef.services.iter().all(|s| super::service_v1(s).is_none()),
            "all translated"
        );
    }
}
