//! Legal obligations that concern the owner, shown before the priorities
//! whatever the ranking, so that a duty in force never vanishes behind
//! other themes.
//!
//! The rules are data (`[[duties]]` in `questionnaire.toml`): the dates, the
//! wording and the answers that say whether each one is met.

use crate::i18n::{long_date, pick, Lang};
use crate::questionnaire::{AdviserKind, AnswerRef, DutyRule, Questionnaire};
use crate::scoring::Answers;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Whether the obligation applies yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DutyTiming {
    /// Mandatory today.
    InForce,
    /// Mandatory within the announcement window (12 months by default).
    Coming,
}

/// Where the owner stands, from their answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DutyState {
    /// An answer says it is not met yet.
    Due,
    /// A deciding question got "I don't know" or no answer.
    ToCheck,
    /// The answers say it is done.
    Met,
}

/// One obligation that concerns this owner.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AppliedDuty {
    pub id: String,
    pub dimension: String,
    #[serde(default, deserialize_with = "crate::dates::de_opt_date")]
    pub date: Option<NaiveDate>,
    pub timing: DutyTiming,
    pub state: DutyState,
}

impl AppliedDuty {
    /// Not met, or not known to be met.
    pub fn open(&self) -> bool {
        self.state != DutyState::Met
    }

    /// In force and not known to be met: its dimension must be a priority.
    pub fn forces_priority(&self) -> bool {
        self.open() && self.timing == DutyTiming::InForce
    }

    fn rule<'q>(&self, q: &'q Questionnaire) -> Option<&'q DutyRule> {
        q.duty(&self.id)
    }

    pub fn title<'q>(&self, q: &'q Questionnaire, lang: Lang) -> &'q str {
        self.rule(q).map_or("", |r| r.title.get(lang))
    }

    /// "Depuis le 1er septembre 2026, …" or "À partir du 1er septembre 2027, …".
    pub fn statement(&self, q: &Questionnaire, lang: Lang) -> String {
        let Some(rule) = self.rule(q) else {
            return String::new();
        };
        let text = match (self.timing, &rule.rule_coming) {
            (DutyTiming::Coming, Some(coming)) => coming.get(lang),
            _ => rule.rule_in_force.get(lang),
        };
        match self.date {
            Some(d) => text.replace("{date}", &long_date(d, lang)),
            None => text.to_string(),
        }
    }

    /// What to do, or, when the answers say it is done, that sentence.
    pub fn next_step(&self, q: &Questionnaire, lang: Lang) -> String {
        let Some(rule) = self.rule(q) else {
            return String::new();
        };
        // "À vérifier avec votre comptable" is the status, said once beside it.
        match (self.state, &rule.met) {
            (DutyState::Met, Some(met)) => met.get(lang).to_string(),
            _ => rule.todo.get(lang).to_string(),
        }
    }

    /// The page that explains the rule, if the data names one.
    pub fn source_url<'q>(&self, q: &'q Questionnaire) -> Option<&'q str> {
        self.rule(q).and_then(|r| r.source_url.as_deref())
    }

    /// A short status in words: "À faire", "À vérifier avec votre comptable", "Fait".
    pub fn status_label(&self, q: &Questionnaire, lang: Lang) -> String {
        match self.state {
            DutyState::Due => pick(lang, "À faire", "To do").to_string(),
            DutyState::ToCheck => {
                let who = self
                    .rule(q)
                    .map_or(AdviserKind::Accountant, |r| r.check_with);
                check_with(who, lang)
                    .trim_end_matches("\u{a0}:")
                    .to_string()
            }
            DutyState::Met => pick(
                lang,
                "Fait, d'après vos réponses",
                "Done, from your answers",
            )
            .to_string(),
        }
    }
}

/// "À vérifier avec votre comptable :"
fn check_with(who: AdviserKind, lang: Lang) -> &'static str {
    match who {
        AdviserKind::Accountant => pick(
            lang,
            "À vérifier avec votre comptable\u{a0}:",
            "To check with your accountant:",
        ),
        AdviserKind::Chamber => pick(
            lang,
            "À vérifier avec votre chambre consulaire\u{a0}:",
            "To check with your chamber:",
        ),
        AdviserKind::Cyber => pick(
            lang,
            "À vérifier avec un conseiller en sécurité\u{a0}:",
            "To check with a security adviser:",
        ),
        AdviserKind::Mediation => pick(
            lang,
            "À vérifier avec un conseiller numérique\u{a0}:",
            "To check with a digital adviser:",
        ),
    }
}

pub(crate) fn matches(refs: &[AnswerRef], answers: &Answers) -> bool {
    refs.iter().any(|r| {
        answers
            .responses
            .get(&r.question)
            .is_some_and(|given| r.answers.contains(given))
    })
}

/// Every obligation that concerns the owner today, in the file's order.
pub fn applied_duties(q: &Questionnaire, answers: &Answers, today: NaiveDate) -> Vec<AppliedDuty> {
    q.duties
        .iter()
        .filter_map(|rule| {
            let timing = match rule.date {
                None => DutyTiming::InForce,
                Some(d) if d <= today => DutyTiming::InForce,
                Some(d) => {
                    let announced = d.checked_sub_months(Months::new(rule.announce_months))?;
                    if today < announced {
                        return None;
                    }
                    DutyTiming::Coming
                }
            };
            let unknown = || {
                rule.deciding.iter().any(|question| {
                    let given = answers.responses.get(question);
                    let dont_know = q
                        .question(question)
                        .zip(given)
                        .and_then(|(qu, a)| qu.answer(a))
                        .is_some_and(|a| a.dont_know);
                    given.is_none() || dont_know
                })
            };
            let state = if matches(&rule.due_when, answers) {
                DutyState::Due
            } else if matches(&rule.met_when, answers) {
                DutyState::Met
            } else if rule.check_when_unknown && unknown() {
                DutyState::ToCheck
            } else {
                return None;
            };
            Some(AppliedDuty {
                id: rule.id.clone(),
                dimension: rule.dimension.clone(),
                date: rule.date,
                timing,
                state,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::tests::{answer_all, best, dont_know, q, worst};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn find<'a>(ds: &'a [AppliedDuty], id: &str) -> Option<&'a AppliedDuty> {
        ds.iter().find(|d| d.id == id)
    }

    #[test]
    fn not_ready_for_einvoices_is_due_and_in_force_since_september_2026() {
        let mut a = Answers::default();
        a.responses.insert("inv_ready".into(), "no".into());
        let ds = applied_duties(q(), &a, day(2026, 12, 2));
        let d = find(&ds, "einvoice_reception").unwrap();
        assert_eq!((d.timing, d.state), (DutyTiming::InForce, DutyState::Due));
        assert!(d
            .statement(q(), Lang::Fr)
            .starts_with("Depuis le 1er septembre 2026"));
        assert!(d
            .statement(q(), Lang::En)
            .starts_with("Since 1 September 2026"));
    }

    #[test]
    fn before_the_date_the_same_duty_is_coming() {
        let mut a = Answers::default();
        a.responses.insert("inv_ready".into(), "heard".into());
        let ds = applied_duties(q(), &a, day(2026, 3, 1));
        let d = find(&ds, "einvoice_reception").unwrap();
        assert_eq!(d.timing, DutyTiming::Coming);
        assert!(d
            .statement(q(), Lang::Fr)
            .starts_with("À partir du 1er septembre 2026"));
    }

    #[test]
    fn i_dont_know_on_a_deciding_question_is_to_check_with_the_accountant() {
        let mut a = Answers::default();
        a.responses.insert("inv_ready".into(), "dont_know".into());
        let ds = applied_duties(q(), &a, day(2026, 12, 2));
        let d = find(&ds, "einvoice_reception").unwrap();
        assert_eq!(d.state, DutyState::ToCheck);
        assert_eq!(
            d.status_label(q(), Lang::Fr),
            "À vérifier avec votre comptable"
        );
        assert!(
            !d.next_step(q(), Lang::Fr).contains("À vérifier"),
            "the status is not repeated in the next step"
        );
        assert!(d.forces_priority());
    }

    #[test]
    fn an_unanswered_deciding_question_is_to_check_too() {
        let ds = applied_duties(q(), &Answers::default(), day(2026, 12, 2));
        assert_eq!(
            find(&ds, "einvoice_reception").map(|d| d.state),
            Some(DutyState::ToCheck)
        );
        assert!(
            find(&ds, "declarations_on_time").is_none(),
            "no answer about returns is no sign of being late"
        );
    }

    #[test]
    fn a_ready_business_is_told_it_is_done_not_asked_to_act() {
        let a = answer_all(best);
        let ds = applied_duties(q(), &a, day(2026, 12, 2));
        let d = find(&ds, "einvoice_reception").unwrap();
        assert_eq!(d.state, DutyState::Met);
        assert!(!d.forces_priority());
        assert!(d.next_step(q(), Lang::Fr).contains("prête"));
    }

    #[test]
    fn issuing_in_2027_is_announced_within_twelve_months_only() {
        let mut a = Answers::default();
        a.responses.insert("inv_how".into(), "paper".into());
        a.responses.insert("inv_ready".into(), "ready".into());
        let now = applied_duties(q(), &a, day(2026, 12, 2));
        let d = find(&now, "einvoice_issuing").unwrap();
        assert_eq!(
            (d.timing, d.state),
            (DutyTiming::Coming, DutyState::Due),
            "paper invoices are not ready, whatever the other answer"
        );
        assert!(!d.forces_priority());
        assert!(d
            .statement(q(), Lang::Fr)
            .starts_with("À partir du 1er septembre 2027"));
        let early = applied_duties(q(), &a, day(2026, 8, 31));
        assert!(find(&early, "einvoice_issuing").is_none());
        let later = applied_duties(q(), &a, day(2027, 9, 1));
        assert_eq!(
            find(&later, "einvoice_issuing").map(|d| d.timing),
            Some(DutyTiming::InForce)
        );
    }

    #[test]
    fn late_returns_are_a_duty_in_force() {
        let a = answer_all(worst);
        let ds = applied_duties(q(), &a, day(2026, 12, 2));
        let d = find(&ds, "declarations_on_time").unwrap();
        assert_eq!((d.timing, d.state), (DutyTiming::InForce, DutyState::Due));
        assert!(d.date.is_none());
    }

    #[test]
    fn all_i_dont_know_leaves_every_einvoicing_duty_to_check() {
        let ds = applied_duties(q(), &answer_all(dont_know), day(2026, 12, 2));
        let states: Vec<(&str, DutyState)> = ds.iter().map(|d| (d.id.as_str(), d.state)).collect();
        assert_eq!(
            states,
            [
                ("einvoice_reception", DutyState::ToCheck),
                ("einvoice_issuing", DutyState::ToCheck)
            ]
        );
    }
}
