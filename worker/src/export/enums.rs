//! The enumerated columns of the national venue standard v1.0.2, spelled
//! exactly as the schema's *patterns* require, not as its descriptions or
//! the TypeScript library spell them: a validator checks the patterns, so
//! `Compréhension` keeps its accent, `Étapes numériques(La Poste)` has no
//! space before the parenthesis, and `modalites_accompagnement` takes the
//! short labels only. A unit test reads the schema file and checks these
//! lists against its patterns, so a new schema version cannot drift silently.

/// One enumerated column and its allowed values.
#[derive(Clone, Copy, Debug)]
pub struct Enumeration {
    pub field: &'static str,
    pub values: &'static [&'static str],
}

pub const SERVICES: Enumeration = Enumeration {
    field: "services",
    values: &[
        "Aide aux démarches administratives",
        "Maîtrise des outils numériques du quotidien",
        "Insertion professionnelle via le numérique",
        "Utilisation sécurisée du numérique",
        "Parentalité et éducation avec le numérique",
        "Loisirs et créations numériques",
        "Compréhension du monde numérique",
        "Accès internet et matériel informatique",
        "Acquisition de matériel informatique à prix solidaire",
    ],
};

pub const PUBLICS: Enumeration = Enumeration {
    field: "publics_specifiquement_adresses",
    values: &[
        "Jeunes",
        "Étudiants",
        "Familles et/ou enfants",
        "Seniors",
        "Femmes",
    ],
};

pub const PRISE_EN_CHARGE: Enumeration = Enumeration {
    field: "prise_en_charge_specifique",
    values: &[
        "Surdité",
        "Handicaps moteurs",
        "Handicaps mentaux",
        "Illettrisme",
        "Langues étrangères (anglais)",
        "Langues étrangères (autres)",
        "Déficience visuelle",
    ],
};

pub const FRAIS: Enumeration = Enumeration {
    field: "frais_a_charge",
    values: &["Gratuit", "Gratuit sous condition", "Payant"],
};

pub const ITINERANCE: Enumeration = Enumeration {
    field: "itinerance",
    values: &["Itinérant", "Fixe"],
};

pub const DISPOSITIFS: Enumeration = Enumeration {
    field: "dispositif_programmes_nationaux",
    values: &[
        "Aidants Connect",
        "Bibliothèques numérique de référence",
        "Certification PIX",
        "Conseillers numériques",
        "Emmaüs Connect",
        "France Services",
        "Grande école du numérique",
        "La Croix Rouge",
        "Point d'accès numérique CAF",
        "Promeneurs du net",
        "Relais numérique (Emmaüs Connect)",
    ],
};

pub const FORMATIONS_LABELS: Enumeration = Enumeration {
    field: "formations_labels",
    values: &[
        "Formé à « Mon Espace Santé »",
        "Formé à « DUPLEX » (illettrisme)",
        "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
        "Collectif ressources et acteurs réemploi (Normandie)",
        // The pattern has no space here, unlike the description.
        "Étapes numériques(La Poste)",
        "Fabriques de Territoire",
        "Les Éclaireurs du numérique (Drôme)",
        "Mes Papiers (Métropole de Lyon)",
        "ORDI 3.0",
        "SUD LABS (PACA)",
    ],
};

pub const MODALITES_ACCES: Enumeration = Enumeration {
    field: "modalites_acces",
    values: &[
        "Se présenter",
        "Téléphoner",
        "Contacter par mail",
        "Prendre un RDV en ligne",
        "Ce lieu n'accueille pas de public",
        "Envoyer un mail avec une fiche de prescription",
    ],
};

pub const MODALITES_ACCOMPAGNEMENT: Enumeration = Enumeration {
    field: "modalites_accompagnement",
    values: &[
        "En autonomie",
        "Accompagnement individuel",
        "Dans un atelier collectif",
        "À distance",
    ],
};

/// Every enumerated column, for the schema check.
pub const ALL: [Enumeration; 9] = [
    SERVICES,
    PUBLICS,
    PRISE_EN_CHARGE,
    FRAIS,
    ITINERANCE,
    DISPOSITIFS,
    FORMATIONS_LABELS,
    MODALITES_ACCES,
    MODALITES_ACCOMPAGNEMENT,
];

impl Enumeration {
    /// The schema's spelling of `value`, or `None` when it is not one of the
    /// column's values. Accepts the variants real data and the schema's own
    /// description use (no accent, other spacing, other case, a long label
    /// such as "Dans un atelier collectif : j'apprends…") so that what the
    /// worker knows is not lost for a spelling difference.
    pub fn spell(&self, value: &str) -> Option<&'static str> {
        let value = value.trim();
        if let Some(v) = self.values.iter().find(|v| **v == value) {
            return Some(v);
        }
        let wanted = key(value);
        if let Some(v) = self.values.iter().find(|v| key(v) == wanted) {
            return Some(v);
        }
        // A long label: the short one followed by " : …" or " (…)".
        let short = value
            .find(" :")
            .into_iter()
            .chain(value.find(" ("))
            .min()
            .map(|i| key(&value[..i]))?;
        self.values.iter().find(|v| key(v) == short).copied()
    }

    /// The cell for a multi-valued column: known values in the schema's
    /// spelling, without duplicates, joined by `|`. Unknown values are
    /// returned apart so the caller can report them.
    pub fn cell<'a>(&self, values: &'a [String]) -> (String, Vec<&'a str>) {
        let mut out: Vec<&'static str> = Vec::new();
        let mut unknown = Vec::new();
        for v in values {
            match self.spell(v) {
                Some(s) if !out.contains(&s) => out.push(s),
                Some(_) => {}
                None => unknown.push(v.as_str()),
            }
        }
        (out.join("|"), unknown)
    }
}

/// Comparison key: lowercase, no accents, no spaces.
fn key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            '’' => '\'',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The values a schema pattern `(?:(?:^|\|)(A|B|C))+$` allows.
    fn pattern_values(pattern: &str) -> Vec<String> {
        let inner = pattern
            .strip_prefix("(?:(?:^|\\|)(")
            .and_then(|p| p.strip_suffix("))+$"))
            .unwrap_or_else(|| panic!("unexpected pattern shape: {pattern}"));
        inner.split('|').map(|v| v.replace('\\', "")).collect()
    }

    #[test]
    fn the_lists_are_the_schema_patterns_exactly() {
        let schema: serde_json::Value = serde_json::from_str(include_str!(
            "../../schemas/lieux-mediation-numerique.schema-v1.0.2.json"
        ))
        .unwrap();
        let fields = schema["fields"].as_array().unwrap();
        for e in ALL {
            let field = fields.iter().find(|f| f["name"] == e.field).unwrap();
            let pattern = field["constraints"]["pattern"].as_str().unwrap();
            assert_eq!(pattern_values(pattern), e.values, "{}", e.field);
        }
    }

    #[test]
    fn known_spelling_pitfalls_are_written_as_the_pattern_wants() {
        assert_eq!(
            SERVICES.spell("Comprehension du monde numérique"),
            Some("Compréhension du monde numérique")
        );
        assert_eq!(
            FORMATIONS_LABELS.spell("Étapes numériques (La Poste)"),
            Some("Étapes numériques(La Poste)")
        );
        assert_eq!(
            MODALITES_ACCOMPAGNEMENT.spell(
                "Dans un atelier collectif : j'apprends collectivement à utiliser le numérique"
            ),
            Some("Dans un atelier collectif")
        );
        assert_eq!(
            MODALITES_ACCOMPAGNEMENT.spell("À distance (par téléphone ou en visioconférence)"),
            Some("À distance")
        );
        assert_eq!(
            PRISE_EN_CHARGE.spell("langues etrangeres (anglais)"),
            Some("Langues étrangères (anglais)")
        );
        assert_eq!(PRISE_EN_CHARGE.spell("Langues étrangères"), None);
        let values = vec!["Payant".to_string(), "payant".into(), "Cher".into()];
        assert_eq!(FRAIS.cell(&values), ("Payant".to_string(), vec!["Cher"]));
    }
}
