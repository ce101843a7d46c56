//! Checks a questionnaire file before anyone answers it.

use super::Questionnaire;
use crate::i18n::Text;
use std::collections::HashSet;
use thiserror::Error;

/// One problem in a questionnaire file, named so a reviewer can fix it.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum QuestionnaireError {
    #[error("{at}: the French or English text is empty")]
    MissingTranslation { at: String },
    #[error("id `{id}` is used twice ({kind})")]
    DuplicateId { kind: &'static str, id: String },
    #[error("dimension `{0}` has no question")]
    EmptyDimension(String),
    #[error("question `{question}`, answer `{answer}`: value must be 0, 0.5 or 1, or the answer must be \"I don't know\"")]
    BadValue { question: String, answer: String },
    #[error("question `{0}` must offer exactly one \"I don't know\" answer")]
    DontKnowCount(String),
    #[error("question `{0}` needs at least two scored answers")]
    TooFewAnswers(String),
    #[error("question `{question}`: weight must be 1 or 2")]
    BadWeight { question: String },
    #[error("{at}: unknown dimension `{dimension}`")]
    UnknownDimension { at: String, dimension: String },
    #[error("alert `{alert}`: unknown answer `{question}`/`{answer}`")]
    UnknownAnswer {
        alert: String,
        question: String,
        answer: String,
    },
    #[error("profile question `{0}` has no option")]
    EmptyProfileQuestion(String),
    #[error("the median question is {0} words long; keep it at 20 or fewer")]
    TooWordy(usize),
    #[error("question `{question}`: action for `{answer}`, which is its best answer, \"not for me\", or not one of its answers")]
    BadAction { question: String, answer: String },
    #[error("duty `{duty}`: unknown question or answer `{question}`/`{answer}`")]
    UnknownDutyAnswer {
        duty: String,
        question: String,
        answer: String,
    },
    #[error("duties in force span {0} dimensions: at most {1} fit among the priorities with the owner's goal")]
    TooManyDutyDimensions(usize, usize),
}

/// Every problem found, not just the first.
pub fn validate(q: &Questionnaire) -> Result<(), Vec<QuestionnaireError>> {
    let mut errors = Vec::new();
    let mut texts: Vec<(String, &Text)> = Vec::new();
    let dims: HashSet<&str> = q.dimensions.iter().map(|d| d.id.as_str()).collect();

    check_unique(
        &mut errors,
        "dimension",
        q.dimensions.iter().map(|d| d.id.as_str()),
    );
    check_unique(
        &mut errors,
        "question",
        q.questions().map(|(_, qu)| qu.id.as_str()),
    );
    check_unique(&mut errors, "alert", q.alerts.iter().map(|a| a.id.as_str()));
    check_unique(&mut errors, "duty", q.duties.iter().map(|a| a.id.as_str()));

    let p = &q.profile;
    texts.push((p.commune.id.clone(), &p.commune.text));
    macro_rules! profile_question {
        ($field:ident) => {{
            let cq = &p.$field;
            texts.push((cq.id.clone(), &cq.text));
            if let Some(h) = &cq.help {
                texts.push((format!("{} (help)", cq.id), h));
            }
            if cq.options.is_empty() {
                errors.push(QuestionnaireError::EmptyProfileQuestion(cq.id.clone()));
            }
            for o in &cq.options {
                texts.push((format!("{}/{:?}", cq.id, o.id), &o.label));
            }
        }};
    }
    profile_question!(trade);
    profile_question!(headcount);
    profile_question!(chamber);
    profile_question!(network);
    profile_question!(goals);
    check_unique(
        &mut errors,
        "trade",
        p.trade.options.iter().map(|o| o.id.as_str()),
    );
    check_unique(
        &mut errors,
        "headcount",
        p.headcount.options.iter().map(|o| o.id.as_str()),
    );
    check_unique(
        &mut errors,
        "network",
        p.network.options.iter().map(|o| o.id.as_str()),
    );
    check_unique(
        &mut errors,
        "goal",
        p.goals.options.iter().map(|o| o.id.as_str()),
    );
    for g in &p.goals.options {
        for d in &g.dimensions {
            if !dims.contains(d.as_str()) {
                errors.push(QuestionnaireError::UnknownDimension {
                    at: format!("goal `{}`", g.id),
                    dimension: d.clone(),
                });
            }
        }
    }

    for d in &q.dimensions {
        for (label, t) in [("title", &d.title), ("short", &d.short), ("why", &d.why)] {
            texts.push((format!("{} ({label})", d.id), t));
        }
        if d.questions.is_empty() {
            errors.push(QuestionnaireError::EmptyDimension(d.id.clone()));
        }
        for qu in &d.questions {
            texts.push((qu.id.clone(), &qu.text));
            if let Some(h) = &qu.help {
                texts.push((format!("{} (help)", qu.id), h));
            }
            if let Some(h) = &qu.adviser_text {
                texts.push((format!("{} (adviser)", qu.id), h));
            }
            if qu.weight != 1.0 && qu.weight != 2.0 {
                errors.push(QuestionnaireError::BadWeight {
                    question: qu.id.clone(),
                });
            }
            check_unique(
                &mut errors,
                "answer",
                qu.answers.iter().map(|a| a.id.as_str()),
            );
            let mut dont_know = 0;
            let mut scored = 0;
            for a in &qu.answers {
                texts.push((format!("{}/{}", qu.id, a.id), &a.label));
                match (a.value, a.dont_know) {
                    (None, true) => dont_know += 1,
                    (Some(v), false) if v == 0.0 || v == 0.5 || v == 1.0 => scored += 1,
                    _ => errors.push(QuestionnaireError::BadValue {
                        question: qu.id.clone(),
                        answer: a.id.clone(),
                    }),
                }
            }
            if dont_know != 1 {
                errors.push(QuestionnaireError::DontKnowCount(qu.id.clone()));
            }
            if scored < 2 {
                errors.push(QuestionnaireError::TooFewAnswers(qu.id.clone()));
            }
            for (i, action) in qu.actions.iter().enumerate() {
                texts.push((format!("{} (action {})", qu.id, i + 1), &action.text));
                for w in &action.when {
                    let ok = qu
                        .answer(w)
                        .is_some_and(|a| !a.not_for_me && a.value != Some(qu.best_value()));
                    if !ok {
                        errors.push(QuestionnaireError::BadAction {
                            question: qu.id.clone(),
                            answer: w.clone(),
                        });
                    }
                }
            }
        }
    }

    let mut duty_dimensions: Vec<&str> = Vec::new();
    for duty in &q.duties {
        let at = |part: &str| format!("duty {} ({part})", duty.id);
        texts.push((at("title"), &duty.title));
        texts.push((at("rule_in_force"), &duty.rule_in_force));
        texts.push((at("todo"), &duty.todo));
        if let Some(t) = &duty.rule_coming {
            texts.push((at("rule_coming"), t));
        }
        if let Some(t) = &duty.met {
            texts.push((at("met"), t));
        }
        if !dims.contains(duty.dimension.as_str()) {
            errors.push(QuestionnaireError::UnknownDimension {
                at: format!("duty `{}`", duty.id),
                dimension: duty.dimension.clone(),
            });
        }
        if !duty_dimensions.contains(&duty.dimension.as_str()) {
            duty_dimensions.push(&duty.dimension);
        }
        let refs = duty.due_when.iter().chain(&duty.met_when);
        let pairs = refs.flat_map(|r| r.answers.iter().map(move |a| (&r.question, Some(a))));
        let deciding = duty.deciding.iter().map(|qu| (qu, None));
        for (question, answer) in pairs.chain(deciding) {
            let known = q
                .question(question)
                .is_some_and(|qu| answer.is_none_or(|a| qu.answers.iter().any(|x| &x.id == a)));
            if !known {
                errors.push(QuestionnaireError::UnknownDutyAnswer {
                    duty: duty.id.clone(),
                    question: question.clone(),
                    answer: answer.cloned().unwrap_or_default(),
                });
            }
        }
    }
    let room = crate::priorities::PRIORITY_COUNT - 1;
    if duty_dimensions.len() > room {
        errors.push(QuestionnaireError::TooManyDutyDimensions(
            duty_dimensions.len(),
            room,
        ));
    }
    for a in &q.venue_rules.audiences {
        texts.push((format!("audience {}", a.id), &a.label));
    }

    for a in &q.alerts {
        texts.push((format!("alert {} (title)", a.id), &a.title));
        texts.push((format!("alert {} (why)", a.id), &a.why));
        if let Some(t) = &a.why_after {
            texts.push((format!("alert {} (why_after)", a.id), t));
        }
        if !dims.contains(a.dimension.as_str()) {
            errors.push(QuestionnaireError::UnknownDimension {
                at: format!("alert `{}`", a.id),
                dimension: a.dimension.clone(),
            });
        }
        for r in &a.when {
            for ans in &r.answers {
                let known = q
                    .question(&r.question)
                    .is_some_and(|qu| qu.answers.iter().any(|x| &x.id == ans));
                if !known {
                    errors.push(QuestionnaireError::UnknownAnswer {
                        alert: a.id.clone(),
                        question: r.question.clone(),
                        answer: ans.clone(),
                    });
                }
            }
        }
    }

    for m in &q.venue_services {
        for d in &m.dimensions {
            if !dims.contains(d.as_str()) {
                errors.push(QuestionnaireError::UnknownDimension {
                    at: format!("venue service `{}`", m.service),
                    dimension: d.clone(),
                });
            }
        }
    }
    for c in &q.national_contacts {
        texts.push((format!("contact {}", c.name), &c.description));
    }

    for (at, t) in texts {
        if t.fr.trim().is_empty() || t.en.trim().is_empty() {
            errors.push(QuestionnaireError::MissingTranslation { at });
        }
    }

    let median = median_words(q);
    if median > 20 {
        errors.push(QuestionnaireError::TooWordy(median));
    }

    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Median length, in French words, of the scored questions.
pub(crate) fn median_words(q: &Questionnaire) -> usize {
    let mut counts: Vec<usize> = q
        .questions()
        .map(|(_, qu)| qu.text.fr.split_whitespace().count())
        .collect();
    counts.sort_unstable();
    counts.get(counts.len() / 2).copied().unwrap_or(0)
}

fn check_unique<'a>(
    errors: &mut Vec<QuestionnaireError>,
    kind: &'static str,
    ids: impl Iterator<Item = &'a str>,
) {
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            errors.push(QuestionnaireError::DuplicateId {
                kind,
                id: id.to_string(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_questionnaire_is_valid() {
        if let Err(errors) = validate(Questionnaire::embedded()) {
            let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
            panic!("questionnaire.toml has problems:\n{}", list.join("\n"));
        }
    }

    #[test]
    fn the_shipped_questionnaire_has_the_expected_shape() {
        let q = Questionnaire::embedded();
        assert!(
            (7..=8).contains(&q.dimensions.len()),
            "{} dimensions",
            q.dimensions.len()
        );
        for d in &q.dimensions {
            assert!(
                (2..=4).contains(&d.questions.len()),
                "{}: {} questions",
                d.id,
                d.questions.len()
            );
        }
        let n = q.questions().count();
        assert!((22..=28).contains(&n), "{n} questions");
        let median = median_words(q);
        println!(
            "questionnaire: {} dimensions, {n} questions, median {median} words",
            q.dimensions.len()
        );
        assert!(median <= 20);
        let bands: Vec<&str> = q
            .profile
            .headcount
            .options
            .iter()
            .map(|o| o.id.as_str())
            .collect();
        assert_eq!(bands.len(), 4, "{bands:?}");
    }

    fn broken() -> Questionnaire {
        let mut q = Questionnaire::embedded().clone();
        let d = &mut q.dimensions[0];
        d.questions[0].answers[0].value = Some(0.7);
        d.questions[0].text.en.clear();
        let dup = d.questions[0].id.clone();
        d.questions[1].id = dup;
        d.questions[1].answers.retain(|a| !a.dont_know);
        q.dimensions[1].questions.clear();
        q.alerts.push(super::super::AlertRule {
            id: "x".into(),
            dimension: "nowhere".into(),
            when: vec![],
            deadline: None,
            title: Text::new("a", "b"),
            why: Text::new("a", "b"),
            why_after: None,
        });
        q
    }

    #[test]
    fn every_kind_of_mistake_is_reported_at_once() {
        let errors = validate(&broken()).unwrap_err();
        let has = |f: &dyn Fn(&QuestionnaireError) -> bool| errors.iter().any(f);
        assert!(
            has(&|e| matches!(e, QuestionnaireError::BadValue { .. })),
            "{errors:?}"
        );
        assert!(has(&|e| matches!(
            e,
            QuestionnaireError::MissingTranslation { .. }
        )));
        assert!(has(&|e| matches!(
            e,
            QuestionnaireError::DuplicateId {
                kind: "question",
                ..
            }
        )));
        assert!(has(&|e| matches!(e, QuestionnaireError::DontKnowCount(_))));
        assert!(has(&|e| matches!(e, QuestionnaireError::EmptyDimension(_))));
        assert!(has(&|e| matches!(
            e,
            QuestionnaireError::UnknownDimension { .. }
        )));
    }
}
