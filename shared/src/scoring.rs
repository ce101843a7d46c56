//! Answers in, a score and a level per dimension out, plus the alerts that
//! force a priority.
//!
//! Dimension score = Σ(weight × value) / Σ(weight) × 100 over the questions
//! answered with a scored option. "I don't know" leaves the denominator and
//! becomes a point to check with an adviser.

use crate::duties::{applied_duties, AppliedDuty};
use crate::i18n::{long_date, pick, Lang};
use crate::questionnaire::{Chamber, Questionnaire};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the owner said about the business (not scored).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub trade: Option<String>,
    pub headcount: Option<String>,
    /// INSEE code of the owner's commune.
    pub commune: Option<String>,
    pub chamber: Option<Chamber>,
    pub network: Option<String>,
    pub goals: Vec<String>,
}

/// Everything the owner answered.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers {
    pub profile: Profile,
    /// Question id → answer id.
    pub responses: BTreeMap<String, String>,
}

/// Four named stages; never "bad".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 0–25
    FirstSteps,
    /// 26–50
    OnTheWay,
    /// 51–75
    AtEase,
    /// 76–100
    WellEquipped,
}

impl Level {
    /// The level of a 0–100 score, read as the rounded whole number.
    pub fn from_score(score: f64) -> Level {
        match score.round() as i64 {
            ..=25 => Level::FirstSteps,
            26..=50 => Level::OnTheWay,
            51..=75 => Level::AtEase,
            _ => Level::WellEquipped,
        }
    }

    /// The stable id used in events and published data (its serde name).
    pub fn id(self) -> &'static str {
        match self {
            Level::FirstSteps => "first_steps",
            Level::OnTheWay => "on_the_way",
            Level::AtEase => "at_ease",
            Level::WellEquipped => "well_equipped",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Level::FirstSteps => pick(lang, "Premiers pas", "First steps"),
            Level::OnTheWay => pick(lang, "En route", "On the way"),
            Level::AtEase => pick(lang, "À l'aise", "At ease"),
            Level::WellEquipped => pick(lang, "Bien équipé", "Well equipped"),
        }
    }
}

/// The result for one dimension.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DimensionScore {
    pub dimension: String,
    /// 0–100; `None` when no question of the dimension got a scored answer.
    pub score: Option<f64>,
    pub level: Option<Level>,
    /// Questions answered "I don't know": to check with an adviser.
    pub to_check: Vec<String>,
    /// Questions left without any answer.
    pub unanswered: usize,
}

/// An alert that fired for these answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FiredAlert {
    pub id: String,
    pub dimension: String,
    #[serde(default, deserialize_with = "crate::dates::de_opt_date")]
    pub deadline: Option<NaiveDate>,
    /// The deadline is today or already behind us.
    pub deadline_passed: bool,
}

impl FiredAlert {
    /// The alert's explanation, with its date written out.
    pub fn message(&self, q: &Questionnaire, lang: Lang) -> String {
        let Some(rule) = q.alerts.iter().find(|a| a.id == self.id) else {
            return String::new();
        };
        let text = match (&rule.why_after, self.deadline_passed) {
            (Some(after), true) => after.get(lang),
            _ => rule.why.get(lang),
        };
        match self.deadline {
            Some(d) => text.replace("{date}", &long_date(d, lang)),
            None => text.to_string(),
        }
    }

    pub fn title<'q>(&self, q: &'q Questionnaire, lang: Lang) -> &'q str {
        q.alerts
            .iter()
            .find(|a| a.id == self.id)
            .map_or("", |a| a.title.get(lang))
    }
}

/// Scores of every dimension, in questionnaire order, the fired alerts and
/// the legal duties that concern the owner.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diagnosis {
    pub dimensions: Vec<DimensionScore>,
    pub alerts: Vec<FiredAlert>,
    pub duties: Vec<AppliedDuty>,
    /// Questions answered with a scored option (not "I don't know").
    pub answered: usize,
}

impl Diagnosis {
    /// Enough answers for priorities that are not guesses.
    pub fn reliable(&self, q: &Questionnaire) -> bool {
        self.answered >= q.min_answered_for_priorities
    }

    /// Duties not met or not known to be met, for one dimension.
    pub fn open_duties_for<'a>(
        &'a self,
        dimension: &'a str,
    ) -> impl Iterator<Item = &'a AppliedDuty> + 'a {
        self.duties
            .iter()
            .filter(move |d| d.dimension == dimension && d.open())
    }

    /// Mean of the scored dimensions: shown only as a secondary figure.
    pub fn overall(&self) -> Option<f64> {
        let scores: Vec<f64> = self.dimensions.iter().filter_map(|d| d.score).collect();
        (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64)
    }

    pub fn dimension(&self, id: &str) -> Option<&DimensionScore> {
        self.dimensions.iter().find(|d| d.dimension == id)
    }

    /// Dimension id → level, for the `tpe:completed` event.
    pub fn levels(&self) -> BTreeMap<String, Level> {
        self.dimensions
            .iter()
            .filter_map(|d| Some((d.dimension.clone(), d.level?)))
            .collect()
    }

    pub fn alerts_for<'a>(
        &'a self,
        dimension: &'a str,
    ) -> impl Iterator<Item = &'a FiredAlert> + 'a {
        self.alerts.iter().filter(move |a| a.dimension == dimension)
    }
}

/// Scores the answers. `today` decides whether alert deadlines have passed.
pub fn diagnose(q: &Questionnaire, answers: &Answers, today: NaiveDate) -> Diagnosis {
    let mut answered = 0;
    let dimensions = q
        .dimensions
        .iter()
        .map(|d| {
            let (mut sum, mut weights) = (0.0, 0.0);
            let mut to_check = Vec::new();
            let mut unanswered = 0;
            for question in &d.questions {
                let chosen = answers
                    .responses
                    .get(&question.id)
                    .and_then(|a| question.answers.iter().find(|o| &o.id == a));
                match chosen {
                    Some(o) if o.dont_know => to_check.push(question.id.clone()),
                    Some(o) => {
                        if let Some(v) = o.value {
                            sum += question.weight * v;
                            weights += question.weight;
                            answered += 1;
                        }
                    }
                    None => unanswered += 1,
                }
            }
            let score = (weights > 0.0).then(|| (sum / weights * 100.0).clamp(0.0, 100.0));
            DimensionScore {
                dimension: d.id.clone(),
                score,
                level: score.map(Level::from_score),
                to_check,
                unanswered,
            }
        })
        .collect();
    let alerts = q
        .alerts
        .iter()
        .filter(|rule| crate::duties::matches(&rule.when, answers))
        .map(|rule| FiredAlert {
            id: rule.id.clone(),
            dimension: rule.dimension.clone(),
            deadline: rule.deadline,
            deadline_passed: rule.deadline.is_some_and(|d| d <= today),
        })
        .collect();
    Diagnosis {
        dimensions,
        alerts,
        duties: applied_duties(q, answers, today),
        answered,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn q() -> &'static Questionnaire {
        Questionnaire::embedded()
    }

    pub(crate) fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    /// Answers every question with the option `pick` chooses.
    pub(crate) fn answer_all(pick: impl Fn(&crate::questionnaire::Question) -> String) -> Answers {
        let mut a = Answers::default();
        for (_, question) in q().questions() {
            a.responses.insert(question.id.clone(), pick(question));
        }
        a
    }

    pub(crate) fn best(question: &crate::questionnaire::Question) -> String {
        let best = question.answers.iter().filter(|o| o.value.is_some());
        best.max_by(|a, b| a.value.partial_cmp(&b.value).unwrap())
            .unwrap()
            .id
            .clone()
    }

    pub(crate) fn worst(question: &crate::questionnaire::Question) -> String {
        let all = question.answers.iter().filter(|o| o.value.is_some());
        all.min_by(|a, b| a.value.partial_cmp(&b.value).unwrap())
            .unwrap()
            .id
            .clone()
    }

    pub(crate) fn dont_know(question: &crate::questionnaire::Question) -> String {
        question
            .answers
            .iter()
            .find(|o| o.dont_know)
            .unwrap()
            .id
            .clone()
    }

    #[test]
    fn all_i_dont_know_gives_no_score_and_everything_to_check() {
        let d = diagnose(q(), &answer_all(dont_know), today());
        for dim in &d.dimensions {
            assert_eq!(dim.score, None, "{}", dim.dimension);
            assert_eq!(dim.level, None);
            let n = q().dimension(&dim.dimension).unwrap().questions.len();
            assert_eq!(dim.to_check.len(), n);
        }
        assert_eq!(d.overall(), None);
        assert!(d.alerts.is_empty(), "\"I don't know\" alone fires no alert");
    }

    #[test]
    fn all_best_answers_are_well_equipped_everywhere_with_no_alert() {
        let d = diagnose(q(), &answer_all(best), today());
        for dim in &d.dimensions {
            assert_eq!(dim.score, Some(100.0), "{}", dim.dimension);
            assert_eq!(dim.level, Some(Level::WellEquipped));
            assert!(dim.to_check.is_empty());
        }
        assert_eq!(d.overall(), Some(100.0));
        assert!(d.alerts.is_empty(), "{:?}", d.alerts);
    }

    #[test]
    fn all_worst_answers_are_first_steps_and_fire_the_alerts() {
        let d = diagnose(q(), &answer_all(worst), today());
        for dim in &d.dimensions {
            assert_eq!(dim.score, Some(0.0), "{}", dim.dimension);
            assert_eq!(dim.level, Some(Level::FirstSteps));
        }
        let ids: Vec<&str> = d.alerts.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["no_backup"]);
        let duties: Vec<&str> = d.duties.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(
            duties,
            [
                "einvoice_reception",
                "einvoice_issuing",
                "declarations_on_time"
            ]
        );
    }

    #[test]
    fn i_dont_know_leaves_the_denominator() {
        // Backup automatic (weight 2, value 1), scams "I don't know":
        // the score is 100, not diluted by the unknown answer.
        let mut a = Answers::default();
        a.responses.insert("sec_backup".into(), "auto".into());
        a.responses.insert("sec_scam".into(), "dont_know".into());
        let d = diagnose(q(), &a, today());
        let sec = d.dimension("security").unwrap();
        assert_eq!(sec.score, Some(100.0));
        assert_eq!(sec.to_check, vec!["sec_scam".to_string()]);
    }

    #[test]
    fn weights_count_twice() {
        // Backup none (weight 2, 0) and scams yes (weight 1, 1): 1/3.
        let mut a = Answers::default();
        a.responses.insert("sec_backup".into(), "none".into());
        a.responses.insert("sec_scam".into(), "yes".into());
        let sec = diagnose(q(), &a, today())
            .dimension("security")
            .unwrap()
            .clone();
        let s = sec.score.unwrap();
        assert!((s - 100.0 / 3.0).abs() < 1e-9, "{s}");
        assert_eq!(sec.level, Some(Level::OnTheWay));
    }

    #[test]
    fn levels_follow_the_published_bands() {
        let cases = [
            (0.0, Level::FirstSteps),
            (25.0, Level::FirstSteps),
            (25.4, Level::FirstSteps),
            (26.0, Level::OnTheWay),
            (50.0, Level::OnTheWay),
            (51.0, Level::AtEase),
            (75.0, Level::AtEase),
            (76.0, Level::WellEquipped),
            (100.0, Level::WellEquipped),
        ];
        for (score, level) in cases {
            assert_eq!(Level::from_score(score), level, "{score}");
        }
        assert_eq!(Level::FirstSteps.label(Lang::Fr), "Premiers pas");
        for level in [
            Level::FirstSteps,
            Level::OnTheWay,
            Level::AtEase,
            Level::WellEquipped,
        ] {
            let serde_name = serde_json::to_string(&level).unwrap();
            assert_eq!(serde_name, format!("\"{}\"", level.id()));
        }
        assert_eq!(Level::WellEquipped.label(Lang::Fr), "Bien équipé");
    }

    #[test]
    fn unknown_ids_in_answers_are_ignored_not_scored() {
        let mut a = Answers::default();
        a.responses.insert("sec_backup".into(), "maybe".into());
        a.responses.insert("no_such_question".into(), "auto".into());
        let sec = diagnose(q(), &a, today())
            .dimension("security")
            .unwrap()
            .clone();
        assert_eq!(sec.score, None);
        assert_eq!(sec.unanswered, sec.unanswered.max(2));
    }

    #[test]
    fn the_backup_alert_explains_itself_in_both_languages() {
        let mut a = Answers::default();
        a.responses.insert("sec_backup".into(), "none".into());
        let fired = diagnose(q(), &a, today()).alerts;
        assert_eq!(fired.len(), 1);
        assert!(fired[0].message(q(), Lang::Fr).contains("sauvegarde"));
        assert!(fired[0].message(q(), Lang::En).contains("backup"));
    }

    #[test]
    fn only_scored_answers_count_as_answered() {
        let mut a = Answers::default();
        a.responses.insert("sec_backup".into(), "none".into());
        a.responses.insert("sec_scam".into(), "dont_know".into());
        a.responses.insert("vis_google".into(), "nonsense".into());
        let d = diagnose(q(), &a, today());
        assert_eq!(d.answered, 1);
        assert!(!d.reliable(q()));
        let d = diagnose(q(), &answer_all(worst), today());
        assert_eq!(d.answered, q().questions().count());
        assert!(d.reliable(q()));
    }
}

#[cfg(test)]
mod properties {
    use super::tests::{q, today};
    use super::*;
    use proptest::prelude::*;

    /// Any answer per question: a real option, an unknown id, or nothing.
    fn arb_answers() -> impl Strategy<Value = Answers> {
        let per_question: Vec<_> = q()
            .questions()
            .map(|(_, question)| {
                let mut ids: Vec<String> = question.answers.iter().map(|a| a.id.clone()).collect();
                ids.push("garbage".into());
                let id = question.id.clone();
                prop::option::of(prop::sample::select(ids)).prop_map(move |a| (id.clone(), a))
            })
            .collect();
        per_question.prop_map(|rs| Answers {
            profile: Profile::default(),
            responses: rs.into_iter().filter_map(|(q, a)| Some((q, a?))).collect(),
        })
    }

    proptest! {
        #[test]
        fn scores_stay_within_0_and_100(a in arb_answers()) {
            let d = diagnose(q(), &a, today());
            for dim in &d.dimensions {
                if let Some(s) = dim.score {
                    prop_assert!((0.0..=100.0).contains(&s), "{} = {}", dim.dimension, s);
                    prop_assert_eq!(dim.level, Some(Level::from_score(s)));
                }
            }
            if let Some(o) = d.overall() {
                prop_assert!((0.0..=100.0).contains(&o));
            }
        }
    }
}
