//! The top actions for the next three months.
//!
//! priority = (100 − score) × (1 + relevance) × urgency, where relevance is 1
//! when the owner said a goal tied to the dimension matters this year, and
//! urgency is 2 when an alert fired on the dimension.

use crate::i18n::{pick, Lang};
use crate::questionnaire::Questionnaire;
use crate::scoring::{Diagnosis, FiredAlert, Profile};
use serde::{Deserialize, Serialize};

/// How many actions an owner is offered: few enough to do them.
pub const PRIORITY_COUNT: usize = 3;

/// The score assumed for a dimension nobody could answer: it still deserves
/// a look, but not ahead of a known weakness.
const UNKNOWN_SCORE: f64 = 50.0;

/// One action the owner should take next.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Priority {
    pub dimension: String,
    pub score: Option<f64>,
    /// The value it was ranked by.
    pub weight: f64,
    pub alerts: Vec<FiredAlert>,
    /// Goals of the owner that make this dimension relevant.
    pub goals: Vec<String>,
}

impl Priority {
    /// The plain action, from the questionnaire.
    pub fn action<'q>(&self, q: &'q Questionnaire, lang: Lang) -> &'q str {
        q.dimension(&self.dimension)
            .map_or("", |d| d.action.get(lang))
    }

    /// "Why this matters for you": the dimension's reason, each alert, and
    /// the owner's own goals, in a few plain sentences.
    pub fn why(&self, q: &Questionnaire, lang: Lang) -> String {
        let mut parts: Vec<String> = self.alerts.iter().map(|a| a.message(q, lang)).collect();
        if let Some(d) = q.dimension(&self.dimension) {
            parts.push(d.why.get(lang).to_string());
        }
        let goals: Vec<String> = self
            .goals
            .iter()
            .filter_map(|g| q.goal(g))
            .map(|g| format!("« {} »", g.label.get(lang)))
            .collect();
        if !goals.is_empty() {
            let list = goals.join(pick(lang, " et ", " and "));
            parts.push(match lang {
                Lang::Fr => {
                    format!("Vous avez dit que cela compte pour vous cette année : {list}.")
                }
                Lang::En => format!("You said this matters to you this year: {list}."),
            });
        }
        if self.score.is_none() {
            parts.push(
                pick(
                    lang,
                    "Vous n'avez pas pu répondre à ces questions : un conseiller peut faire le point avec vous.",
                    "You could not answer these questions: an adviser can go through them with you.",
                )
                .to_string(),
            );
        }
        parts.join(" ")
    }
}

/// Ranks the dimensions and keeps the first [`PRIORITY_COUNT`]. A dimension
/// already at 100 with no alert is never a priority.
pub fn priorities(q: &Questionnaire, diagnosis: &Diagnosis, profile: &Profile) -> Vec<Priority> {
    let mut ranked: Vec<(usize, Priority)> = diagnosis
        .dimensions
        .iter()
        .enumerate()
        .map(|(order, d)| {
            let alerts: Vec<FiredAlert> = diagnosis.alerts_for(&d.dimension).cloned().collect();
            let goals: Vec<String> = profile
                .goals
                .iter()
                .filter(|g| {
                    q.goal(g)
                        .is_some_and(|o| o.dimensions.contains(&d.dimension))
                })
                .cloned()
                .collect();
            let gap = 100.0 - d.score.unwrap_or(UNKNOWN_SCORE);
            let relevance = if goals.is_empty() { 1.0 } else { 2.0 };
            let urgency = if alerts.is_empty() { 1.0 } else { 2.0 };
            // An alert keeps a dimension in the running even at a high score.
            let weight = gap.max(if alerts.is_empty() { 0.0 } else { 1.0 }) * relevance * urgency;
            let p = Priority {
                dimension: d.dimension.clone(),
                score: d.score,
                weight,
                alerts,
                goals,
            };
            (order, p)
        })
        .filter(|(_, p)| p.weight > 0.0)
        .collect();
    ranked.sort_by(|(oa, a), (ob, b)| {
        b.weight
            .total_cmp(&a.weight)
            .then(b.alerts.len().cmp(&a.alerts.len()))
            .then(oa.cmp(ob))
    });
    ranked
        .into_iter()
        .take(PRIORITY_COUNT)
        .map(|(_, p)| p)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::tests::{answer_all, best, dont_know, q, today, worst};
    use crate::scoring::{diagnose, Answers};

    fn ids(ps: &[Priority]) -> Vec<&str> {
        ps.iter().map(|p| p.dimension.as_str()).collect()
    }

    #[test]
    fn all_best_answers_leave_nothing_to_do() {
        let a = answer_all(best);
        let d = diagnose(q(), &a, today());
        assert!(priorities(q(), &d, &a.profile).is_empty());
    }

    #[test]
    fn never_more_than_three_actions() {
        let a = answer_all(worst);
        let d = diagnose(q(), &a, today());
        let ps = priorities(q(), &d, &a.profile);
        assert_eq!(ps.len(), PRIORITY_COUNT);
    }

    #[test]
    fn an_alert_outranks_a_weaker_dimension_without_one() {
        // Everything best, except: backup none (security keeps most of its
        // points but fires the alert) and skills half-way (no alert).
        let mut a = answer_all(best);
        a.responses.insert("sec_backup".into(), "none".into());
        for question in &q().dimension("skills").unwrap().questions {
            let half = question.answers.iter().find(|o| o.value == Some(0.5));
            a.responses.insert(
                question.id.clone(),
                half.map_or_else(|| worst(question), |o| o.id.clone()),
            );
        }
        let d = diagnose(q(), &a, today());
        let sec = d.dimension("security").unwrap().score.unwrap();
        let skills = d.dimension("skills").unwrap().score.unwrap();
        assert!(
            sec > skills,
            "security {sec} is the stronger dimension, skills {skills}"
        );
        let ps = priorities(q(), &d, &a.profile);
        assert_eq!(ids(&ps)[0], "security", "{:?}", ids(&ps));
        assert!(
            ps[0].why(q(), Lang::Fr).contains("sauvegarde"),
            "{}",
            ps[0].why(q(), Lang::Fr)
        );
    }

    #[test]
    fn what_the_owner_said_matters_doubles_the_weight() {
        // Two equally weak dimensions: the one tied to a goal comes first.
        let mut a = answer_all(best);
        for dim in ["visibility", "equipment"] {
            for question in &q().dimension(dim).unwrap().questions {
                a.responses.insert(question.id.clone(), worst(question));
            }
        }
        let d = diagnose(q(), &a, today());
        let without = priorities(q(), &d, &a.profile);
        assert_eq!(ids(&without), vec!["visibility", "equipment"]);
        a.profile.goals = vec!["feel_at_ease".into()];
        let with = priorities(q(), &d, &a.profile);
        assert_eq!(ids(&with), vec!["equipment", "visibility"]);
        assert_eq!(with[0].weight, 2.0 * without[1].weight);
        assert!(with[0].why(q(), Lang::En).contains("You said this matters"));
    }

    #[test]
    fn all_i_dont_know_still_gives_three_steps_to_check_with_an_adviser() {
        let a: Answers = answer_all(dont_know);
        let d = diagnose(q(), &a, today());
        let ps = priorities(q(), &d, &a.profile);
        assert_eq!(ps.len(), PRIORITY_COUNT);
        assert!(ps.iter().all(|p| p.score.is_none()));
        assert!(ps[0].why(q(), Lang::Fr).contains("un conseiller"));
    }

    #[test]
    fn every_priority_has_an_action_and_a_reason_in_both_languages() {
        let a = answer_all(worst);
        let d = diagnose(q(), &a, today());
        for p in priorities(q(), &d, &a.profile) {
            for lang in [Lang::Fr, Lang::En] {
                assert!(!p.action(q(), lang).is_empty());
                assert!(p.why(q(), lang).len() > 20);
            }
        }
    }
}
