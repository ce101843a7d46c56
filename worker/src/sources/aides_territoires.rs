//! The Aides-territoires API: pages of `{count, next, previous, results}`.
//! The fetcher follows `next` and stores the pages as one JSON array, so a
//! body here is one page or an array of pages.

use super::{json_text, Parsed, RawAid, SourceError, Unreadable};
use serde_json::{Map, Value};

/// The `next` link of one page, when there is one.
pub fn next_page(page: &str) -> Result<Option<String>, SourceError> {
    let v: Value = serde_json::from_str(page).map_err(|e| SourceError::Json(e.to_string()))?;
    let obj = v
        .as_object()
        .ok_or_else(|| SourceError::Shape("expected a page object".into()))?;
    if !obj.contains_key("results") {
        return Err(SourceError::SchemaDrift("results".into()));
    }
    Ok(obj.get("next").and_then(Value::as_str).map(str::to_string))
}

pub fn parse(text: &str) -> Result<Parsed<RawAid>, SourceError> {
    if text.trim().is_empty() {
        return Err(SourceError::Empty);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| SourceError::Json(e.to_string()))?;
    let pages: Vec<Value> = match value {
        Value::Array(pages) => pages,
        page @ Value::Object(_) => vec![page],
        _ => {
            return Err(SourceError::Shape(
                "expected a page {count, next, previous, results}".into(),
            ))
        }
    };
    let mut out = Parsed::default();
    let mut declared = None;
    for (p, page) in pages.iter().enumerate() {
        let results = page
            .get("results")
            .and_then(Value::as_array)
            .ok_or_else(|| SourceError::SchemaDrift(format!("results (page {})", p + 1)))?;
        if p == 0 {
            declared = page.get("count").and_then(Value::as_u64);
        }
        for (i, item) in results.iter().enumerate() {
            match item.as_object() {
                Some(obj) => out.records.push(from_json(obj)),
                None => out.unreadable.push(Unreadable {
                    at: format!("page {} item {i}", p + 1),
                    detail: "not an object".into(),
                }),
            }
        }
    }
    if let Some(count) = declared {
        let got = out.records.len() + out.unreadable.len();
        if count as usize != got {
            out.notes.push(format!(
                "the API announced {count} aids and {got} were read"
            ));
        }
    }
    Ok(out)
}

fn from_json(obj: &Map<String, Value>) -> RawAid {
    let text = |k: &str| json_text(obj.get(k)).filter(|s| !s.trim().is_empty());
    let list = |k: &str| -> Vec<String> {
        obj.get(k)
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|v| json_text(Some(v))).collect())
            .unwrap_or_default()
    };
    let int = |k: &str| obj.get(k).and_then(Value::as_i64);
    RawAid {
        id: text("id"),
        name: text("name"),
        financers: list("financers"),
        description: text("description"),
        perimeter: text("perimeter"),
        perimeter_scale: text("perimeter_scale"),
        targeted_audiences: list("targeted_audiences"),
        url: text("url"),
        origin_url: text("origin_url"),
        application_url: text("application_url"),
        start_date: text("start_date"),
        submission_deadline: text("submission_deadline"),
        rate_min: int("subvention_rate_lower_bound"),
        rate_max: int("subvention_rate_upper_bound"),
        is_live: obj.get("is_live").and_then(Value::as_bool),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AIDS: &str = include_str!("../../sources/aides-territoires-hdf.json");

    #[test]
    fn the_aid_fixture_reads_every_aid() {
        let p = parse(AIDS).unwrap();
        assert_eq!(p.records.len(), 5);
        assert!(p.notes.is_empty(), "{:?}", p.notes);
        let aden = p
            .records
            .iter()
            .find(|a| a.name.as_deref().is_some_and(|n| n.contains("ADEN")))
            .unwrap();
        assert_eq!(aden.perimeter.as_deref(), Some("Hauts-de-France"));
        assert!(
            aden.description.as_deref().unwrap().contains('<'),
            "HTML is still there before validation"
        );
    }

    #[test]
    fn pages_are_concatenated_and_next_is_followed() {
        let page1 = r#"{"count":2,"next":"http://127.0.0.1/api/aids/?page=2","previous":null,"results":[{"id":1,"name":"A"}]}"#;
        let page2 = r#"{"count":2,"next":null,"previous":"x","results":[{"id":2,"name":"B"}]}"#;
        assert_eq!(
            next_page(page1).unwrap().as_deref(),
            Some("http://127.0.0.1/api/aids/?page=2")
        );
        assert_eq!(next_page(page2).unwrap(), None);
        let both = format!("[{page1},{page2}]");
        let p = parse(&both).unwrap();
        assert_eq!(
            p.records
                .iter()
                .map(|a| a.id.clone().unwrap())
                .collect::<Vec<_>>(),
            ["1", "2"]
        );
    }

    #[test]
    fn a_page_without_results_is_schema_drift() {
        assert!(matches!(
            parse(r#"{"count":1,"items":[]}"#),
            Err(SourceError::SchemaDrift(_))
        ));
        assert!(matches!(
            next_page(r#"{"count":1,"items":[]}"#),
            Err(SourceError::SchemaDrift(_))
        ));
    }
}
