//! One raw aid from the aid API to an [`Aid`]: HTML to plain text, links
//! checked, perimeter names placed, expired and non-business aids refused.

use super::{parse_date, text_field, ValidationError, ValidationErrorKind as K};
use crate::clean::text::clean_text;
use crate::clean::url::clean_url;
use crate::report::{Action, SourceLog};
use crate::sources::{perimeter, RawAid};
use chrono::NaiveDate;
use tpe_shared::i18n::Text;
use tpe_shared::model::{Aid, RateRange, TopicNote};

const MAX_NAME: usize = 180;
const MAX_SUMMARY: usize = 600;

/// What validation needs besides the record.
pub struct AidContext<'a> {
    pub source: &'a str,
    /// Prefix for the API's relative `url` (`/aides/<slug>/`).
    pub site: &'a str,
    pub today: NaiveDate,
}

/// An aid and whether its perimeter could be placed; an unplaced aid needs
/// a curated overlay with a perimeter, or it is not published.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedAid {
    pub aid: Aid,
    pub placed: bool,
    /// The perimeter name as the API wrote it, for the report.
    pub perimeter_name: Option<String>,
}

pub fn validate_aid(
    raw: &RawAid,
    ctx: &AidContext,
    log: &mut SourceLog,
) -> Result<CheckedAid, ValidationError> {
    let rid = raw.id.as_deref().map(str::trim).unwrap_or("").to_string();
    if rid.is_empty()
        || rid.len() > 64
        || !rid
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(ValidationError::new("id", K::Missing));
    }
    let id = rid.as_str();
    let name = text_field(log, id, "name", raw.name.as_deref(), MAX_NAME, false)
        .ok_or_else(|| ValidationError::new("name", K::Missing))?;
    let deadline = date(
        raw.submission_deadline.as_deref(),
        "submission_deadline",
        id,
        log,
    );
    if let Some(d) = deadline {
        if d < ctx.today {
            return Err(ValidationError::new(
                "submission_deadline",
                K::Expired {
                    date: d.to_string(),
                },
            ));
        }
    }
    if !raw.targeted_audiences.is_empty()
        && !raw
            .targeted_audiences
            .iter()
            .any(|a| a.trim().eq_ignore_ascii_case("Entreprises privées"))
    {
        return Err(ValidationError::new(
            "targeted_audiences",
            K::NotForBusinesses,
        ));
    }
    let fr = tpe_shared::french_spacing::apply;
    let mut aid = Aid {
        id: rid.clone(),
        name: fr(&name),
        summary: text_field(
            log,
            id,
            "description",
            raw.description.as_deref(),
            MAX_SUMMARY,
            true,
        )
        .map(|s| fr(&s))
        .unwrap_or_default(),
        start_date: date(raw.start_date.as_deref(), "start_date", id, log),
        deadline,
        ..Aid::default()
    };
    for f in &raw.financers {
        if let Some(f) = text_field(log, id, "financers", Some(f), 150, false) {
            aid.financers.push(f);
        }
    }
    aid.rate_percent = rate(raw.rate_min, raw.rate_max, id, log);
    aid.origin_url = [
        ("origin_url", raw.origin_url.as_deref()),
        ("application_url", raw.application_url.as_deref()),
    ]
    .into_iter()
    .chain(std::iter::once(("url", raw.url.as_deref())))
    .find_map(|(field, u)| {
        let u = u?.trim();
        if u.is_empty() {
            return None;
        }
        let absolute = if u.starts_with('/') {
            format!("{}{u}", ctx.site.trim_end_matches('/'))
        } else {
            u.to_string()
        };
        clean_url(&absolute)
            .map_err(|kind| log.error(id, Action::FieldDropped, &ValidationError::new(field, kind)))
            .ok()
    });
    let perimeter_name = raw
        .perimeter
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string);
    let placed = match perimeter_name.as_deref().map(perimeter::from_name) {
        Some(Some(p)) => {
            aid.eligibility.perimeter = p;
            true
        }
        _ => false,
    };
    Ok(CheckedAid {
        aid,
        placed,
        perimeter_name,
    })
}

fn date(raw: Option<&str>, field: &str, id: &str, log: &mut SourceLog) -> Option<NaiveDate> {
    let s = raw?.trim();
    if s.is_empty() {
        return None;
    }
    let d = parse_date(s);
    if d.is_none() {
        log.error(
            id,
            Action::FieldDropped,
            &ValidationError::new(field, K::Date),
        );
    }
    d
}

fn rate(min: Option<i64>, max: Option<i64>, id: &str, log: &mut SourceLog) -> Option<RateRange> {
    let mut pct = |v: Option<i64>| -> Option<u8> {
        let v = v?;
        let ok = u8::try_from(v).ok().filter(|p| *p <= 100);
        if ok.is_none() {
            log.push(
                id,
                Action::FieldDropped,
                "subvention_rate",
                format!("{v} is not a percentage"),
            );
        }
        ok
    };
    let (min, max) = (pct(min), pct(max));
    match (min, max) {
        (None, None) => None,
        (Some(a), Some(b)) if a > b => Some(RateRange {
            min: Some(b),
            max: Some(a),
        }),
        (min, max) => Some(RateRange { min, max }),
    }
}

/// Hand-made aids (curated file, aid catalogue) get the same cleaning as
/// API ones: an operator can paste HTML or a bad link too. An aid whose
/// deadline has passed is refused.
pub fn clean_aid(a: &Aid, today: NaiveDate) -> Result<Aid, String> {
    if let Some(d) = a.deadline.filter(|d| *d < today) {
        return Err(K::Expired {
            date: d.to_string(),
        }
        .to_string());
    }
    let name = clean_text(&a.name, MAX_NAME, false)
        .0
        .ok_or("name is required".to_string())?;
    if a.id.trim().is_empty() {
        return Err("id is required".into());
    }
    let text = |t: &str| clean_text(t, MAX_SUMMARY, true).0.unwrap_or_default();
    // French texts get French spacing (no line starting with a colon).
    let fr = tpe_shared::french_spacing::apply;
    let both = |t: &Option<Text>| {
        t.as_ref()
            .map(|t| Text::new(fr(&text(&t.fr)), text(&t.en)))
            .filter(|t| !t.fr.is_empty())
    };
    if let Some(t) = a.maybe_funds.iter().find(|t| a.does_not_fund.contains(t)) {
        return Err(format!(
            "maybe_funds names {}, which does_not_fund excludes",
            t.label(tpe_shared::Lang::En)
        ));
    }
    if let Some(n) = a.topic_notes.iter().find(|n| !a.funds.contains(&n.topic)) {
        return Err(format!(
            "topic_notes speaks of {}, which funds does not name",
            n.topic.label(tpe_shared::Lang::En)
        ));
    }
    let topic_notes = a
        .topic_notes
        .iter()
        .filter_map(|n| {
            both(&Some(n.note.clone())).map(|note| TopicNote {
                topic: n.topic,
                note,
            })
        })
        .collect();
    Ok(Aid {
        name: fr(&name),
        topic_notes,
        name_en: clean_text(&a.name_en, MAX_NAME, false)
            .0
            .unwrap_or_default(),
        summary: fr(&text(&a.summary)),
        summary_en: text(&a.summary_en),
        amount_text: both(&a.amount_text),
        to_confirm: both(&a.to_confirm),
        origin_url: a.origin_url.as_deref().and_then(|u| clean_url(u).ok()),
        sources: a.sources.iter().filter_map(|u| clean_url(u).ok()).collect(),
        financers: a
            .financers
            .iter()
            .filter_map(|f| clean_text(f, 150, false).0)
            .collect(),
        ..a.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> AidContext<'static> {
        AidContext {
            source: "at",
            site: "https://aides-territoires.beta.gouv.fr",
            today: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        }
    }

    fn aden() -> RawAid {
        RawAid {
            id: Some("900001".into()),
            name: Some("ADEN".into()),
            description: Some(
                "<p>Pour les <strong>TPE</strong></p><script>alert(1)</script>".into(),
            ),
            perimeter: Some("Hauts-de-France".into()),
            targeted_audiences: vec!["Entreprises privées".into()],
            url: Some("/aides/a1f0-aden/".into()),
            rate_min: Some(20),
            rate_max: Some(40),
            ..RawAid::default()
        }
    }

    #[test]
    fn html_becomes_text_and_relative_urls_get_the_host() {
        let mut log = SourceLog::new("at");
        let a = validate_aid(&aden(), &ctx(), &mut log).unwrap();
        assert_eq!(a.aid.summary, "Pour les TPE");
        assert_eq!(
            a.aid.origin_url.as_deref(),
            Some("https://aides-territoires.beta.gouv.fr/aides/a1f0-aden/")
        );
        assert_eq!(a.aid.eligibility.perimeter.regions, ["32"]);
        assert!(a.placed);
    }

    #[test]
    fn expired_non_business_and_javascript_links_are_refused() {
        let mut log = SourceLog::new("at");
        let expired = RawAid {
            submission_deadline: Some("2022-12-31".into()),
            ..aden()
        };
        assert_eq!(
            validate_aid(&expired, &ctx(), &mut log).unwrap_err().kind,
            K::Expired {
                date: "2022-12-31".into()
            }
        );
        let communes = RawAid {
            targeted_audiences: vec!["Communes".into()],
            ..aden()
        };
        assert_eq!(
            validate_aid(&communes, &ctx(), &mut log).unwrap_err().kind,
            K::NotForBusinesses
        );
        let js = RawAid {
            origin_url: Some("javascript:alert(1)".into()),
            url: None,
            ..aden()
        };
        let a = validate_aid(&js, &ctx(), &mut log).unwrap();
        assert_eq!(a.aid.origin_url, None);
        assert_eq!(log.count(Action::FieldDropped), 1);
    }

    #[test]
    fn an_unknown_perimeter_is_not_placed() {
        let mut log = SourceLog::new("at");
        let a = validate_aid(
            &RawAid {
                perimeter: Some("Communes littorales".into()),
                ..aden()
            },
            &ctx(),
            &mut log,
        )
        .unwrap();
        assert!(!a.placed);
    }

    /// A catalogue record that contradicts itself is refused with the reason,
    /// and a condition on a funded topic is kept, cleaned like any text.
    #[test]
    fn topic_notes_and_maybe_funds_are_checked_against_what_the_aid_funds() {
        use tpe_shared::model::Topic;
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let note = |topic| TopicNote {
            topic,
            note: Text::new("seulement <b>avec</b> une boutique", "only with a shop"),
        };
        let aid = Aid {
            id: "a".into(),
            name: "Aide".into(),
            funds: vec![Topic::ConnectedTill, Topic::CrmErp],
            does_not_fund: vec![Topic::Hardware],
            topic_notes: vec![note(Topic::ConnectedTill)],
            maybe_funds: vec![Topic::Einvoicing],
            ..Aid::default()
        };
        let clean = clean_aid(&aid, today).unwrap();
        assert_eq!(clean.topic_notes[0].note.fr, "seulement avec une boutique");
        assert_eq!(clean.maybe_funds, [Topic::Einvoicing]);

        let unfunded = Aid {
            topic_notes: vec![note(Topic::Booking)],
            ..aid.clone()
        };
        let e = clean_aid(&unfunded, today).unwrap_err();
        assert!(e.contains("online booking"), "{e}");

        let contradictory = Aid {
            maybe_funds: vec![Topic::Hardware],
            ..aid
        };
        let e = clean_aid(&contradictory, today).unwrap_err();
        assert!(e.contains("does_not_fund"), "{e}");
    }
}
