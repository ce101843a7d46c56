//! Aid perimeters: the aid API gives a name ("Hauts-de-France", "Aisne"),
//! the model wants INSEE codes. Only the names the worker can place for
//! sure are mapped; anything else needs the curated overlay.

use tpe_shared::model::Perimeter;

/// The perimeter for a name, or `None` when unknown.
pub fn from_name(name: &str) -> Option<Perimeter> {
    let key = fold(name);
    if matches!(
        key.as_str(),
        "france" | "france-metropolitaine" | "metropole" | "national"
    ) {
        return Some(Perimeter::default());
    }
    let region = |code: &str| Perimeter {
        regions: vec![code.into()],
        ..Perimeter::default()
    };
    let department = |code: &str| Perimeter {
        departments: vec![code.into()],
        ..Perimeter::default()
    };
    Some(match key.as_str() {
        "hauts-de-france" => region("32"),
        "aisne" => department("02"),
        "nord" => department("59"),
        "oise" => department("60"),
        "pas-de-calais" => department("62"),
        "somme" => department("80"),
        _ => return None,
    })
}

/// Lower case, accents off, spaces around dashes off.
fn fold(s: &str) -> String {
    s.trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'à' | 'â' => 'a',
            'î' | 'ï' => 'i',
            'ô' => 'o',
            'û' | 'ù' => 'u',
            'ç' => 'c',
            _ => c,
        })
        .collect::<String>()
        .replace(" - ", "-")
        .replace(' ', "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hauts_de_france_names_map_to_insee_codes() {
        assert_eq!(from_name("Hauts-de-France").unwrap().regions, ["32"]);
        for (name, code) in [
            ("Aisne", "02"),
            ("Nord", "59"),
            ("Oise", "60"),
            ("Pas-de-Calais", "62"),
            ("Somme", "80"),
        ] {
            assert_eq!(from_name(name).unwrap().departments, [code], "{name}");
        }
        assert!(from_name("France").unwrap().is_national());
        assert_eq!(from_name("Communes littorales"), None);
        assert_eq!(from_name("Bretagne"), None);
    }
}
