//! The top actions for the next three months.
//!
//! weight = (100 − score) × (1 + relevance) × urgency, where relevance is 1
//! when the owner said a goal tied to the dimension matters this year, and
//! urgency is 2 when an alert fired or a legal duty is open on the dimension.
//! Three rules then hold whatever the weights:
//! - a dimension with a duty in force that is not known to be met is always
//!   a priority;
//! - when a goal points at a dimension scored below 100, one of the
//!   priorities comes from the goal's dimensions;
//! - a dimension is a priority only when an answer calls for an action, and
//!   the actions are those the owner's weakest answers call for (never one
//!   about a question that got its best answer).
//!
//! With too few answers ([`Diagnosis::reliable`]) there are no priorities.

use crate::duties::AppliedDuty;
use crate::i18n::{pick, Lang};
use crate::questionnaire::{Dimension, Questionnaire};
use crate::scoring::{Answers, Diagnosis, FiredAlert};
use serde::{Deserialize, Serialize};

/// How many actions an owner is offered: few enough to do them.
pub const PRIORITY_COUNT: usize = 3;

/// Actions shown per priority: the first, and what comes next.
pub const ACTIONS_PER_PRIORITY: usize = 3;

/// One action the owner should take next.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Priority {
    pub dimension: String,
    pub score: Option<f64>,
    /// The value it was ranked by.
    pub weight: f64,
    pub alerts: Vec<FiredAlert>,
    /// Legal duties of this dimension that are not known to be met.
    pub duties: Vec<AppliedDuty>,
    /// Goals of the owner that make this dimension relevant.
    pub goals: Vec<String>,
    /// What to do, weakest answer first.
    pub actions: Vec<ActionRef>,
}

/// An action of the questionnaire: the question and its index there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionRef {
    pub question: String,
    pub index: usize,
}

impl ActionRef {
    pub fn text<'q>(&self, q: &'q Questionnaire, lang: Lang) -> &'q str {
        q.question(&self.question)
            .and_then(|qu| qu.actions.get(self.index))
            .map_or("", |a| a.text.get(lang))
    }
}

impl Priority {
    /// The first action, the one the step is named after.
    pub fn action<'q>(&self, q: &'q Questionnaire, lang: Lang) -> &'q str {
        self.actions.first().map_or("", |a| a.text(q, lang))
    }

    /// The other actions, in order.
    pub fn then<'q>(&self, q: &'q Questionnaire, lang: Lang) -> Vec<&'q str> {
        self.actions
            .iter()
            .skip(1)
            .map(|a| a.text(q, lang))
            .collect()
    }

    /// "Why this matters for you": each alert and open duty, the
    /// dimension's reason, and the owner's own goals, in plain sentences.
    pub fn why(&self, q: &Questionnaire, lang: Lang) -> String {
        let mut parts: Vec<String> = self.alerts.iter().map(|a| a.message(q, lang)).collect();
        parts.extend(self.duties.iter().map(|d| d.statement(q, lang)));
        if let Some(d) = q.dimension(&self.dimension) {
            parts.push(d.why.get(lang).to_string());
        }
        let goals: Vec<String> = self
            .goals
            .iter()
            .filter_map(|g| q.goal(g))
            .map(|g| match lang {
                Lang::Fr => format!("«\u{a0}{}\u{a0}»", g.label.get(lang)),
                Lang::En => format!("“{}”", g.label.get(lang)),
            })
            .collect();
        if !goals.is_empty() {
            let list = goals.join(pick(lang, " et ", " and "));
            parts.push(match lang {
                Lang::Fr => {
                    format!("Vous avez dit que cela compte pour vous cette année\u{a0}: {list}.")
                }
                Lang::En => format!("You said this matters to you this year: {list}."),
            });
        }
        parts.join(" ")
    }
}

/// The actions the answers of a dimension call for, weakest answer first
/// ("I don't know" and no answer count as half-way, after the weak ones).
pub fn actions_for(dim: &Dimension, answers: &Answers) -> Vec<ActionRef> {
    let mut found: Vec<(f64, f64, usize, ActionRef)> = dim
        .questions
        .iter()
        .enumerate()
        .filter_map(|(order, qu)| {
            let given = answers.responses.get(&qu.id).and_then(|a| qu.answer(a));
            let (value, id) = match given {
                Some(a) if a.not_for_me => return None,
                Some(a) if a.dont_know => (0.5, a.id.as_str()),
                Some(a) => {
                    let v = a.value?;
                    if v >= qu.best_value() {
                        return None;
                    }
                    (v, a.id.as_str())
                }
                // Unanswered: the "I don't know" action, if the question has one.
                None => (0.75, qu.answers.iter().find(|a| a.dont_know)?.id.as_str()),
            };
            let (index, _) = qu.action_for(id)?;
            let action = ActionRef {
                question: qu.id.clone(),
                index,
            };
            Some((value, qu.weight, order, action))
        })
        .collect();
    crate::sort::sort_by(&mut found, &|a, b| {
        a.0.total_cmp(&b.0)
            .then(b.1.total_cmp(&a.1))
            .then(a.2.cmp(&b.2))
    });
    found
        .into_iter()
        .take(ACTIONS_PER_PRIORITY)
        .map(|(.., a)| a)
        .collect()
}

/// Ranks the dimensions and keeps the first [`PRIORITY_COUNT`], under the
/// rules of the module documentation.
pub fn priorities(q: &Questionnaire, diagnosis: &Diagnosis, answers: &Answers) -> Vec<Priority> {
    if !diagnosis.reliable(q) {
        return Vec::new();
    }
    let profile = &answers.profile;
    let mut candidates: Vec<(usize, Priority, bool)> = diagnosis
        .dimensions
        .iter()
        .enumerate()
        .filter_map(|(order, d)| {
            let dim = q.dimension(&d.dimension)?;
            let alerts: Vec<FiredAlert> = diagnosis.alerts_for(&d.dimension).cloned().collect();
            let duties: Vec<AppliedDuty> =
                diagnosis.open_duties_for(&d.dimension).cloned().collect();
            let forced = duties.iter().any(AppliedDuty::forces_priority);
            let goals: Vec<String> = profile
                .goals
                .iter()
                .filter(|g| {
                    q.goal(g)
                        .is_some_and(|o| o.dimensions.contains(&d.dimension))
                })
                .cloned()
                .collect();
            let actions = actions_for(dim, answers);
            // Nothing to suggest: not a priority, whatever the score.
            if actions.is_empty() {
                return None;
            }
            let urgent = !alerts.is_empty() || !duties.is_empty();
            // A dimension nobody could answer is ranked only for its duties.
            let gap = match d.score {
                Some(s) => 100.0 - s,
                None if urgent => 50.0,
                None => return None,
            };
            let relevance = if goals.is_empty() { 1.0 } else { 2.0 };
            let urgency = if urgent { 2.0 } else { 1.0 };
            // An alert or a duty keeps a dimension in the running even at a high score.
            let weight = gap.max(if urgent { 1.0 } else { 0.0 }) * relevance * urgency;
            if weight <= 0.0 {
                return None;
            }
            let p = Priority {
                dimension: d.dimension.clone(),
                score: d.score,
                weight,
                alerts,
                duties,
                goals,
                actions,
            };
            Some((order, p, forced))
        })
        .collect();
    crate::sort::sort_by(&mut candidates, &|(oa, a, _), (ob, b, _)| {
        b.weight
            .total_cmp(&a.weight)
            .then(b.alerts.len().cmp(&a.alerts.len()))
            .then(oa.cmp(ob))
    });

    // Duties in force first, then the owner's goal, then the weights.
    let mut chosen: Vec<usize> = (0..candidates.len())
        .filter(|&i| candidates[i].2)
        .take(PRIORITY_COUNT)
        .collect();
    let honours_goal = |chosen: &[usize]| chosen.iter().any(|&i| !candidates[i].1.goals.is_empty());
    if !honours_goal(&chosen) && chosen.len() < PRIORITY_COUNT {
        let goal = (0..candidates.len()).find(|&i| {
            let p = &candidates[i].1;
            !p.goals.is_empty() && p.score.is_some_and(|s| s < 100.0)
        });
        chosen.extend(goal);
    }
    for i in 0..candidates.len() {
        if chosen.len() >= PRIORITY_COUNT {
            break;
        }
        if !chosen.contains(&i) {
            chosen.push(i);
        }
    }
    crate::sort::sort_by(&mut chosen, &|a, b| a.cmp(b));
    chosen
        .into_iter()
        .map(|i| candidates[i].1.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::duties::DutyState;
    use crate::scoring::diagnose;
    use crate::scoring::tests::{answer_all, best, dont_know, q, today, worst};

    fn ids(ps: &[Priority]) -> Vec<&str> {
        ps.iter().map(|p| p.dimension.as_str()).collect()
    }

    fn ranked(a: &Answers) -> Vec<Priority> {
        priorities(q(), &diagnose(q(), a, today()), a)
    }

    /// Every question of a dimension answered with its half-way answer.
    fn half(a: &mut Answers, dim: &str) {
        for question in &q().dimension(dim).unwrap().questions {
            let half = question
                .answers
                .iter()
                .find(|o| o.value == Some(0.5) && !o.not_for_me);
            a.responses.insert(
                question.id.clone(),
                half.map_or_else(|| worst(question), |o| o.id.clone()),
            );
        }
    }

    fn weak(a: &mut Answers, dim: &str) {
        for question in &q().dimension(dim).unwrap().questions {
            a.responses.insert(question.id.clone(), worst(question));
        }
    }

    #[test]
    fn all_best_answers_leave_nothing_to_do() {
        assert!(ranked(&answer_all(best)).is_empty());
    }

    #[test]
    fn never_more_than_three_actions() {
        assert_eq!(ranked(&answer_all(worst)).len(), PRIORITY_COUNT);
    }

    #[test]
    fn an_alert_outranks_a_weaker_dimension_without_one() {
        // Everything best, except: backup none (security keeps most of its
        // points but fires the alert) and skills half-way (no alert).
        let mut a = answer_all(best);
        a.responses.insert("sec_backup".into(), "none".into());
        half(&mut a, "skills");
        let d = diagnose(q(), &a, today());
        let sec = d.dimension("security").unwrap().score.unwrap();
        let skills = d.dimension("skills").unwrap().score.unwrap();
        assert!(sec > skills, "security {sec}, skills {skills}");
        let ps = ranked(&a);
        assert_eq!(ids(&ps)[0], "security", "{:?}", ids(&ps));
        assert!(ps[0].why(q(), Lang::Fr).contains("sauvegarde"));
        assert!(ps[0]
            .action(q(), Lang::Fr)
            .contains("sauvegarde automatique"));
    }

    #[test]
    fn what_the_owner_said_matters_doubles_the_weight() {
        let mut a = answer_all(best);
        weak(&mut a, "visibility");
        weak(&mut a, "equipment");
        let without = ranked(&a);
        assert_eq!(ids(&without), vec!["visibility", "equipment"]);
        a.profile.goals = vec!["feel_at_ease".into()];
        let with = ranked(&a);
        assert_eq!(ids(&with), vec!["equipment", "visibility"]);
        assert_eq!(with[0].weight, 2.0 * without[1].weight);
        assert!(with[0].why(q(), Lang::En).contains("You said this matters"));
    }

    #[test]
    fn einvoice_duty_in_force_shows_outside_top3() {
        // The case: a one-person shop that wants more customers,
        // invoicing software, "Non, je n'en savais rien" about e-invoices,
        // and three other themes weaker than invoicing.
        let mut a = answer_all(best);
        a.profile.goals = vec!["more_customers".into()];
        weak(&mut a, "visibility");
        weak(&mut a, "customers");
        weak(&mut a, "selling");
        weak(&mut a, "security");
        a.responses.insert("inv_ready".into(), "no".into());
        let ps = ranked(&a);
        assert_eq!(ps.len(), PRIORITY_COUNT);
        let inv = ps.iter().find(|p| p.dimension == "invoicing");
        let inv = inv.unwrap_or_else(|| panic!("invoicing missing from {:?}", ids(&ps)));
        assert!(inv
            .why(q(), Lang::Fr)
            .contains("Depuis le 1er septembre 2026"));
        assert!(inv.action(q(), Lang::Fr).contains("plateforme agréée"));
        // The duty itself is listed apart from the ranking.
        let d = diagnose(q(), &a, today());
        assert!(d.duties.iter().any(|x| x.id == "einvoice_reception"));
    }

    #[test]
    fn i_dont_know_about_einvoices_still_makes_invoicing_a_priority() {
        let mut a = answer_all(best);
        weak(&mut a, "visibility");
        weak(&mut a, "customers");
        weak(&mut a, "selling");
        a.responses.insert("inv_ready".into(), "dont_know".into());
        let ps = ranked(&a);
        let inv = ps.iter().find(|p| p.dimension == "invoicing").unwrap();
        assert_eq!(inv.duties[0].state, DutyState::ToCheck);
        assert!(inv
            .action(q(), Lang::Fr)
            .starts_with("Vérifier avec votre comptable"));
    }

    #[test]
    fn all_i_dont_know_gives_no_priorities() {
        let a = answer_all(dont_know);
        let d = diagnose(q(), &a, today());
        assert!(!d.reliable(q()));
        assert!(ranked(&a).is_empty());
    }

    #[test]
    fn a_ready_business_is_not_told_to_choose_einvoicing_software() {
        let mut a = answer_all(best);
        weak(&mut a, "visibility");
        a.responses.insert("inv_sync".into(), "no".into());
        a.responses.insert("inv_ready".into(), "ready".into());
        for p in ranked(&a) {
            for action in std::iter::once(p.action(q(), Lang::Fr)).chain(p.then(q(), Lang::Fr)) {
                assert!(!action.contains("facture électronique"), "{action}");
                assert!(!action.contains("plateforme agréée"), "{action}");
            }
        }
    }

    #[test]
    fn an_up_to_date_google_listing_is_never_the_action() {
        // The bakery of the issue: listing up to date, the rest of
        // visibility weak.
        let mut a = answer_all(best);
        weak(&mut a, "visibility");
        a.responses.insert("vis_google".into(), "up_to_date".into());
        let ps = ranked(&a);
        let vis = ps.iter().find(|p| p.dimension == "visibility").unwrap();
        assert!(vis.actions.iter().all(|x| x.question != "vis_google"));
        assert!(!vis.action(q(), Lang::Fr).contains("fiche Google"));
    }

    #[test]
    fn best_answer_never_yields_its_action() {
        // Table-driven over the whole questionnaire: for each question,
        // everything else worst, this one best: no action about it.
        for (_, question) in q().questions() {
            let mut a = answer_all(worst);
            a.responses.insert(question.id.clone(), best(question));
            let d = q()
                .dimensions
                .iter()
                .find(|d| d.questions.iter().any(|x| x.id == question.id))
                .unwrap();
            let actions = actions_for(d, &a);
            assert!(
                actions.iter().all(|x| x.question != question.id),
                "{}: best answer gave an action",
                question.id
            );
        }
    }

    #[test]
    fn every_answer_below_the_best_calls_for_an_action() {
        for (_, question) in q().questions() {
            for answer in question.answers.iter().filter(|o| !o.not_for_me) {
                let below = answer.value.is_some_and(|v| v < question.best_value());
                if below {
                    assert!(
                        question.action_for(&answer.id).is_some(),
                        "{}/{} has no action",
                        question.id,
                        answer.id
                    );
                }
            }
            for action in &question.actions {
                for w in &action.when {
                    let a = question.answer(w).unwrap_or_else(|| {
                        panic!("{}: action for unknown answer {w}", question.id)
                    });
                    assert!(!a.not_for_me && a.value != Some(question.best_value()));
                }
            }
        }
    }

    #[test]
    fn not_useful_in_my_trade_is_never_turned_into_an_action() {
        let mut a = answer_all(best);
        a.responses
            .insert("sel_booking".into(), "not_useful".into());
        a.responses.insert("sel_remote".into(), "not_useful".into());
        weak(&mut a, "skills");
        let ps = ranked(&a);
        assert!(
            ps.iter().all(|p| p.dimension != "selling"),
            "{:?}",
            ids(&ps)
        );
    }

    #[test]
    fn the_weakest_answer_gives_the_first_action() {
        let mut a = answer_all(best);
        a.responses.insert("sec_scam".into(), "not_always".into());
        a.responses.insert("sec_backup".into(), "none".into());
        a.responses.insert("sec_passwords".into(), "some".into());
        let ps = ranked(&a);
        let sec = ps.iter().find(|p| p.dimension == "security").unwrap();
        let order: Vec<&str> = sec.actions.iter().map(|x| x.question.as_str()).collect();
        assert_eq!(order, ["sec_backup", "sec_passwords", "sec_scam"]);
    }

    #[test]
    fn selling_remotely_as_a_goal_gets_a_selling_or_visibility_priority() {
        // The clothing shop of the issue: selling weak, but other themes
        // weaker still and an e-invoicing duty open.
        let mut a = answer_all(best);
        a.profile.goals = vec!["sell_remotely".into()];
        a.responses.insert("sel_remote".into(), "not_yet".into());
        a.responses.insert("sel_booking".into(), "no".into());
        weak(&mut a, "security");
        weak(&mut a, "skills");
        weak(&mut a, "equipment");
        weak(&mut a, "admin");
        a.responses.insert("inv_ready".into(), "no".into());
        let ps = ranked(&a);
        assert!(
            ps.iter().any(|p| p.dimension == "selling"),
            "{:?}",
            ids(&ps)
        );
    }

    #[test]
    fn every_priority_has_an_action_and_a_reason_in_both_languages() {
        for p in ranked(&answer_all(worst)) {
            for lang in [Lang::Fr, Lang::En] {
                assert!(!p.action(q(), lang).is_empty());
                assert!(p.why(q(), lang).len() > 20);
            }
        }
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::scoring::tests::{q, today};
    use crate::scoring::{diagnose, Profile};
    use proptest::prelude::*;

    fn arb_answers() -> impl Strategy<Value = Answers> {
        let per_question: Vec<_> = q()
            .questions()
            .map(|(_, question)| {
                let ids: Vec<String> = question.answers.iter().map(|a| a.id.clone()).collect();
                let id = question.id.clone();
                prop::option::weighted(0.9, prop::sample::select(ids))
                    .prop_map(move |a| (id.clone(), a))
            })
            .collect();
        let goals: Vec<String> = q()
            .profile
            .goals
            .options
            .iter()
            .map(|g| g.id.clone())
            .collect();
        (per_question, prop::sample::subsequence(goals, 0..=3)).prop_map(|(rs, goals)| Answers {
            profile: Profile {
                goals,
                ..Profile::default()
            },
            responses: rs.into_iter().filter_map(|(q, a)| Some((q, a?))).collect(),
        })
    }

    proptest! {
        #[test]
        fn the_goal_is_honoured(a in arb_answers()) {
            let d = diagnose(q(), &a, today());
            let ps = priorities(q(), &d, &a);
            let goal_dims: Vec<&str> = a.profile.goals.iter()
                .filter_map(|g| q().goal(g))
                .flat_map(|g| g.dimensions.iter().map(String::as_str))
                .collect();
            // A goal dimension below 100 with something to do about it.
            let open_goal = goal_dims.iter().any(|dim| {
                let scored_below = d.dimension(dim).and_then(|s| s.score).is_some_and(|s| s < 100.0);
                scored_below && !actions_for(q().dimension(dim).unwrap(), &a).is_empty()
            });
            if !ps.is_empty() && open_goal {
                prop_assert!(
                    ps.iter().any(|p| goal_dims.contains(&p.dimension.as_str())),
                    "goals {:?}, priorities {:?}", a.profile.goals,
                    ps.iter().map(|p| &p.dimension).collect::<Vec<_>>()
                );
            }
        }

        #[test]
        fn a_duty_in_force_is_always_a_priority(a in arb_answers()) {
            let d = diagnose(q(), &a, today());
            let ps = priorities(q(), &d, &a);
            if d.reliable(q()) {
                for duty in d.duties.iter().filter(|x| x.forces_priority()) {
                    prop_assert!(ps.iter().any(|p| p.dimension == duty.dimension),
                        "{} missing", duty.id);
                }
            } else {
                prop_assert!(ps.is_empty());
            }
        }

        #[test]
        fn no_priority_is_about_a_best_answer(a in arb_answers()) {
            let d = diagnose(q(), &a, today());
            for p in priorities(q(), &d, &a) {
                prop_assert!(!p.actions.is_empty());
                for action in &p.actions {
                    let question = q().question(&action.question).unwrap();
                    let given = a.responses.get(&question.id).and_then(|x| question.answer(x));
                    prop_assert!(given.is_none_or(|g| g.value != Some(question.best_value())));
                }
            }
        }
    }
}
