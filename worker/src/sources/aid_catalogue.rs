//! The operator's aid catalogue (TOML): aids in the published shape, each
//! with its sources and the day they were checked, and the schemes that
//! have ended, kept in the file so that no one adds them back.

use super::SourceError;
use serde::Deserialize;
use tpe_shared::model::Aid;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AidCatalogue {
    #[serde(default)]
    pub aids: Vec<Aid>,
    #[serde(default)]
    pub expired: Vec<EndedAid>,
}

/// A scheme that has ended: refused with the reason "expired".
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndedAid {
    pub id: String,
    pub name: String,
    /// Its last day, when a source gives one.
    #[serde(default)]
    pub ended: Option<chrono::NaiveDate>,
    /// What the sources say when they give no exact day.
    #[serde(default)]
    pub note: Option<String>,
    pub source_url: String,
}

impl EndedAid {
    /// The reason written in the report.
    pub fn reason(&self) -> String {
        let mut r = String::from("expired");
        if let Some(d) = self.ended {
            r.push_str(&format!(": ended on {d}"));
        }
        if let Some(n) = &self.note {
            r.push_str(if self.ended.is_some() { " (" } else { ": " });
            r.push_str(n);
            if self.ended.is_some() {
                r.push(')');
            }
        }
        r
    }
}

pub fn parse(text: &str) -> Result<AidCatalogue, SourceError> {
    toml::from_str(text).map_err(|e| SourceError::Toml(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../sources/aides-catalogue.toml");

    #[test]
    fn the_shipped_catalogue_reads_with_sources_and_dates() {
        let c = parse(SHIPPED).unwrap();
        assert!(c.aids.len() >= 20, "{} aids", c.aids.len());
        assert_eq!(c.expired.len(), 8);
        for a in &c.aids {
            assert!(!a.sources.is_empty(), "{} has no source", a.id);
            assert!(a.checked_on.is_some(), "{} has no check date", a.id);
            assert!(!a.summary_en.is_empty(), "{} has no English summary", a.id);
            assert!(!a.name_en.is_empty(), "{} has no English name", a.id);
        }
    }

    /// An English reader sees English typography: no « » and no space
    /// before a colon or semicolon, in any English text of the catalogue.
    #[test]
    fn english_texts_use_english_punctuation() {
        let c = parse(SHIPPED).unwrap();
        for a in &c.aids {
            let mut english = vec![a.name_en.as_str(), a.summary_en.as_str()];
            english.extend(a.amount_text.iter().map(|t| t.en.as_str()));
            english.extend(a.to_confirm.iter().map(|t| t.en.as_str()));
            for t in english {
                for bad in ['«', '»', '\u{a0}', '\u{202f}'] {
                    assert!(!t.contains(bad), "{}: {bad:?} in {t:?}", a.id);
                }
                assert!(!t.contains(" :") && !t.contains(" ;"), "{}: {t:?}", a.id);
            }
        }
    }

    /// A misspelt key in an aid would be ignored silently by the published
    /// shape: every key written must come back when the record is written out.
    #[test]
    fn every_key_of_the_shipped_catalogue_is_read() {
        let raw: toml::Table = toml::from_str(SHIPPED).unwrap();
        let read = parse(SHIPPED).unwrap();
        let aids = raw["aids"].as_array().unwrap();
        for (raw, aid) in aids.iter().zip(&read.aids) {
            let back = toml::Value::try_from(aid).unwrap();
            let missing = missing_keys(raw, &back, "");
            assert!(missing.is_empty(), "{}: not read: {missing:?}", aid.id);
        }
    }

    fn missing_keys(raw: &toml::Value, back: &toml::Value, at: &str) -> Vec<String> {
        let (Some(raw), Some(back)) = (raw.as_table(), back.as_table()) else {
            return vec![];
        };
        raw.iter()
            .flat_map(|(k, v)| match back.get(k) {
                None => vec![format!("{at}{k}")],
                Some(b) => missing_keys(v, b, &format!("{at}{k}.")),
            })
            .collect()
    }

    /// "12 000 €" must not break before the euro sign on a phone.
    #[test]
    fn french_amounts_keep_their_digits_and_units_together() {
        for a in parse(SHIPPED).unwrap().aids {
            if let Some(t) = &a.amount_text {
                assert!(
                    !t.fr.contains(" €") && !t.fr.contains(" %"),
                    "{}: breakable space before a unit: {}",
                    a.id,
                    t.fr
                );
            }
        }
    }

    #[test]
    fn an_ended_scheme_says_expired_and_when() {
        let c = parse(
            "[[expired]]\nid = \"x\"\nname = \"X\"\nended = \"2021-07-31\"\nsource_url = \"https://a.fr\"\n",
        )
        .unwrap();
        assert_eq!(c.expired[0].reason(), "expired: ended on 2021-07-31");
        assert!(parse("[[expired]]\nid = \"x\"\nname = \"X\"\nsource = \"y\"\n").is_err());
    }
}
