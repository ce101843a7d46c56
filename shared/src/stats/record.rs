//! The two records an owner may send, and their checks. Every field is
//! listed in the consent panel; `deny_unknown_fields` refuses anything else,
//! so a modified page cannot slip an answer or a commune in.

use crate::priorities::Priority;
use crate::questionnaire::Questionnaire;
use crate::scoring::{Diagnosis, Level, Profile};
use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The version of both records; a collector refuses any other.
pub const STATS_SCHEMA: u32 = 1;

/// At most this many ids in each list of help opened.
const MAX_OPENED: usize = 30;
const MAX_ID: usize = 100;

/// "I shared my result": what the owner's diagnostic says, coarsely.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedResult {
    pub schema: u32,
    pub territory: String,
    /// The partner site's `data-partner`, when it set one.
    #[serde(default)]
    pub partner: Option<String>,
    #[serde(default)]
    pub trade: Option<String>,
    /// A band of the questionnaire ("2-4"), never a number of people.
    #[serde(default)]
    pub headcount: Option<String>,
    /// Dimension id → level.
    pub levels: BTreeMap<String, Level>,
    /// The three priorities, by dimension id.
    pub priorities: Vec<String>,
    /// Ids of the legal duties that applied to this owner.
    #[serde(default)]
    pub duties: Vec<String>,
    #[serde(default)]
    pub opened: Opened,
    /// ISO week, e.g. `2026-W49`: nothing finer.
    pub week: String,
}

/// Which help cards the owner opened (ids of published records).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Opened {
    #[serde(default)]
    pub venues: Vec<String>,
    #[serde(default)]
    pub aids: Vec<String>,
    /// Kinds of adviser: `cci`, `cma`, `other`, `cyber`, `accountant`, `mediation`.
    #[serde(default)]
    pub advisers: Vec<String>,
}

impl Opened {
    /// Notes a help card the owner opened, from its `kind:id` tag
    /// (`venue:…`, `aid:…`, `adviser:cci`); unknown kinds and repeats are
    /// ignored, and each list stops at its limit.
    pub fn note(&mut self, tag: &str) {
        let Some((kind, id)) = tag.split_once(':') else {
            return;
        };
        let list = match kind {
            "venue" => &mut self.venues,
            "aid" => &mut self.aids,
            "adviser" => &mut self.advisers,
            _ => return,
        };
        if list.len() < MAX_OPENED && !list.iter().any(|x| x == id) {
            list.push(id.to_string());
        }
    }
}

/// "Were you helped?", asked once a week or more after sharing; not linked
/// to the first record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub schema: u32,
    pub territory: String,
    #[serde(default)]
    pub partner: Option<String>,
    #[serde(default)]
    pub trade: Option<String>,
    #[serde(default)]
    pub headcount: Option<String>,
    pub helped: Helped,
    /// By whom, when helped or being helped.
    #[serde(default)]
    pub by: Vec<HelpKind>,
    pub week: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Helped {
    Yes,
    NotYet,
    No,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HelpKind {
    /// A venue of the pathway.
    Venue,
    Chamber,
    Accountant,
    Other,
}

/// Why a record is refused (the collector answers `422` with it).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    #[error("schema {0} is not {STATS_SCHEMA}")]
    Schema(u32),
    #[error("unknown territory")]
    Territory,
    #[error("{field}: unknown value")]
    Unknown { field: &'static str },
    #[error("{field}: too many values")]
    TooMany { field: &'static str },
    #[error("week: not an ISO week within a week of today")]
    Week,
}

/// `2026-W49` for a day of that week.
pub fn iso_week(day: NaiveDate) -> String {
    let w = day.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// The Monday of an ISO week written as [`iso_week`] writes it.
pub fn week_start(week: &str) -> Option<NaiveDate> {
    let (year, w) = week.split_once("-W")?;
    if w.len() != 2 || year.len() != 4 {
        return None;
    }
    NaiveDate::from_isoywd_opt(year.parse().ok()?, w.parse().ok()?, Weekday::Mon)
}

/// The record's week is this week or the one before (a page left open over
/// a Sunday night): anything else is a made-up or replayed record.
fn recent_week(week: &str, today: NaiveDate) -> Result<(), RecordError> {
    let start = week_start(week).ok_or(RecordError::Week)?;
    let days = (today - start).num_days();
    if (0..14).contains(&days) {
        Ok(())
    } else {
        Err(RecordError::Week)
    }
}

fn short_ids(field: &'static str, ids: &[String], max: usize) -> Result<(), RecordError> {
    if ids.len() > max {
        return Err(RecordError::TooMany { field });
    }
    let fine = |s: &String| {
        !s.is_empty()
            && s.len() <= MAX_ID
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
    };
    if ids.iter().all(fine) {
        Ok(())
    } else {
        Err(RecordError::Unknown { field })
    }
}

/// The fields both records share.
pub(super) struct Head<'a> {
    pub schema: u32,
    pub territory: &'a str,
    pub partner: Option<&'a str>,
    pub trade: Option<&'a str>,
    pub headcount: Option<&'a str>,
}

impl Head<'_> {
    fn check(&self, q: &Questionnaire, territories: &[&str]) -> Result<(), RecordError> {
        if self.schema != STATS_SCHEMA {
            return Err(RecordError::Schema(self.schema));
        }
        if !territories.contains(&self.territory) {
            return Err(RecordError::Territory);
        }
        if let Some(p) = self.partner {
            short_ids("partner", &[p.to_string()], 1)?;
            if p.len() > 40 {
                return Err(RecordError::Unknown { field: "partner" });
            }
        }
        if self.trade.is_some_and(|t| q.trade(t).is_none()) {
            return Err(RecordError::Unknown { field: "trade" });
        }
        if self.headcount.is_some_and(|h| q.headcount(h).is_none()) {
            return Err(RecordError::Unknown { field: "headcount" });
        }
        Ok(())
    }
}

impl SharedResult {
    /// What the widget sends when the owner clicks « Partager »: the listed
    /// coarse fields only (no commune, no answers), for this ISO week.
    pub fn of(
        territory: &str,
        partner: Option<&str>,
        profile: &Profile,
        diagnosis: &Diagnosis,
        priorities: &[Priority],
        opened: Opened,
        today: NaiveDate,
    ) -> SharedResult {
        SharedResult {
            schema: STATS_SCHEMA,
            territory: territory.to_string(),
            partner: partner.map(str::to_string),
            trade: profile.trade.clone(),
            headcount: profile.headcount.clone(),
            levels: diagnosis.levels(),
            priorities: priorities.iter().map(|p| p.dimension.clone()).collect(),
            duties: diagnosis.duties.iter().map(|d| d.id.clone()).collect(),
            opened,
            week: iso_week(today),
        }
    }

    /// The fields it shares with the other record.
    pub(super) fn head(&self) -> Head<'_> {
        Head {
            schema: self.schema,
            territory: &self.territory,
            partner: self.partner.as_deref(),
            trade: self.trade.as_deref(),
            headcount: self.headcount.as_deref(),
        }
    }

    /// Every value must be one the widget can send.
    pub fn check(
        &self,
        q: &Questionnaire,
        territories: &[&str],
        today: NaiveDate,
    ) -> Result<(), RecordError> {
        self.head().check(q, territories)?;
        if self.levels.keys().any(|d| q.dimension(d).is_none()) {
            return Err(RecordError::Unknown { field: "levels" });
        }
        if self.priorities.len() > 3 {
            return Err(RecordError::TooMany {
                field: "priorities",
            });
        }
        if self.priorities.iter().any(|d| q.dimension(d).is_none()) {
            return Err(RecordError::Unknown {
                field: "priorities",
            });
        }
        if self.duties.iter().any(|d| q.duty(d).is_none()) {
            return Err(RecordError::Unknown { field: "duties" });
        }
        short_ids("opened.venues", &self.opened.venues, MAX_OPENED)?;
        short_ids("opened.aids", &self.opened.aids, MAX_OPENED)?;
        const ADVISERS: [&str; 6] = ["cci", "cma", "other", "cyber", "accountant", "mediation"];
        if self.opened.advisers.len() > ADVISERS.len() {
            return Err(RecordError::TooMany {
                field: "opened.advisers",
            });
        }
        if self
            .opened
            .advisers
            .iter()
            .any(|a| !ADVISERS.contains(&a.as_str()))
        {
            return Err(RecordError::Unknown {
                field: "opened.advisers",
            });
        }
        recent_week(&self.week, today)
    }
}

impl Outcome {
    /// The answer to « Avez-vous pu être aidé ? », with the same coarse
    /// profile and nothing that links it to the shared result.
    pub fn of(
        territory: &str,
        partner: Option<&str>,
        profile: &Profile,
        helped: Helped,
        by: Vec<HelpKind>,
        today: NaiveDate,
    ) -> Outcome {
        Outcome {
            schema: STATS_SCHEMA,
            territory: territory.to_string(),
            partner: partner.map(str::to_string),
            trade: profile.trade.clone(),
            headcount: profile.headcount.clone(),
            helped,
            by,
            week: iso_week(today),
        }
    }

    /// The fields it shares with the other record.
    pub(super) fn head(&self) -> Head<'_> {
        Head {
            schema: self.schema,
            territory: &self.territory,
            partner: self.partner.as_deref(),
            trade: self.trade.as_deref(),
            headcount: self.headcount.as_deref(),
        }
    }

    pub fn check(
        &self,
        q: &Questionnaire,
        territories: &[&str],
        today: NaiveDate,
    ) -> Result<(), RecordError> {
        self.head().check(q, territories)?;
        if self.by.len() > 4 {
            return Err(RecordError::TooMany { field: "by" });
        }
        recent_week(&self.week, today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
    }

    pub(crate) fn result() -> SharedResult {
        SharedResult {
            schema: STATS_SCHEMA,
            territory: "arras".into(),
            partner: Some("cci-artois".into()),
            trade: Some("commerce".into()),
            headcount: Some("2-4".into()),
            levels: [("selling".to_string(), Level::FirstSteps)].into(),
            priorities: vec!["selling".into(), "invoicing".into()],
            duties: vec![],
            opened: Opened {
                venues: vec!["france-services:1940".into()],
                aids: vec!["aden".into()],
                advisers: vec!["cci".into()],
            },
            week: iso_week(today()),
        }
    }

    #[test]
    fn a_result_the_widget_sends_is_accepted() {
        let q = Questionnaire::embedded();
        assert_eq!(iso_week(today()), "2026-W49");
        assert_eq!(result().check(q, &["arras"], today()), Ok(()));
    }

    #[test]
    fn anything_else_is_refused_with_its_field() {
        let q = Questionnaire::embedded();
        let t = &["arras"];
        let refused = |r: SharedResult| r.check(q, t, today()).unwrap_err();
        assert_eq!(
            refused(SharedResult {
                territory: "lens".into(),
                ..result()
            }),
            RecordError::Territory
        );
        assert_eq!(
            refused(SharedResult {
                trade: Some("espion".into()),
                ..result()
            }),
            RecordError::Unknown { field: "trade" }
        );
        assert_eq!(
            refused(SharedResult {
                headcount: Some("7".into()),
                ..result()
            }),
            RecordError::Unknown { field: "headcount" }
        );
        assert_eq!(
            refused(SharedResult {
                priorities: vec!["selling".into(); 4],
                ..result()
            }),
            RecordError::TooMany {
                field: "priorities"
            }
        );
        let mut r = result();
        r.opened.venues = vec!["<script>".into()];
        assert_eq!(
            refused(r),
            RecordError::Unknown {
                field: "opened.venues"
            }
        );
        // A week in the future, a week long gone, a date finer than the week.
        for week in ["2026-W51", "2026-W30", "2026-12-03", "2026-W4"] {
            assert_eq!(
                refused(SharedResult {
                    week: week.into(),
                    ..result()
                }),
                RecordError::Week,
                "{week}"
            );
        }
        // A field that is not listed (an answer, a commune) does not parse at all.
        let mut json = serde_json::to_value(result()).unwrap();
        json["commune"] = "62041".into();
        assert!(serde_json::from_value::<SharedResult>(json).is_err());
    }

    /// The record built from a real diagnosis carries no commune and no
    /// answer, and passes the collector's check.
    #[test]
    fn the_record_of_a_real_diagnosis_holds_only_the_listed_fields() {
        use crate::scoring::{diagnose, Answers};
        let q = Questionnaire::embedded();
        let mut answers = Answers::default();
        answers.profile.trade = Some("commerce".into());
        answers.profile.headcount = Some("2-4".into());
        answers.profile.commune = Some("62041".into());
        for (_, question) in q.questions() {
            answers
                .responses
                .insert(question.id.clone(), question.answers[0].id.clone());
        }
        let d = diagnose(q, &answers, today());
        let ranked = crate::priorities::priorities(q, &d, &answers);
        let r = SharedResult::of(
            "arras",
            Some("cci"),
            &answers.profile,
            &d,
            &ranked,
            Opened::default(),
            today(),
        );
        assert_eq!(r.check(q, &["arras"], today()), Ok(()));
        assert!((1..=3).contains(&r.priorities.len()), "{:?}", r.priorities);
        let json = serde_json::to_string(&r).unwrap();
        assert!(!json.contains("62041"), "no commune: {json}");
        for (_, question) in q.questions() {
            assert!(
                !json.contains(&format!("\"{}\"", question.id)),
                "no answer: {json}"
            );
        }
    }

    #[test]
    fn an_outcome_is_checked_the_same_way() {
        let q = Questionnaire::embedded();
        let o = Outcome {
            schema: STATS_SCHEMA,
            territory: "arras".into(),
            partner: None,
            trade: None,
            headcount: None,
            helped: Helped::Yes,
            by: vec![HelpKind::Venue],
            week: "2026-W48".into(),
        };
        assert_eq!(o.check(q, &["arras"], today()), Ok(()));
        assert_eq!(
            Outcome {
                schema: 2,
                ..o.clone()
            }
            .check(q, &["arras"], today()),
            Err(RecordError::Schema(2))
        );
        let json = r#"{"schema":1,"territory":"arras","helped":"maybe","week":"2026-W49"}"#;
        assert!(serde_json::from_str::<Outcome>(json).is_err());
    }
}
