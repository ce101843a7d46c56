//! How the embedded questionnaire is read (its JSON is made from
//! `questionnaire.toml` by the build script).

use super::{names, object, Error, FromJson, Json, Obj};
use crate::questionnaire::{
    ActionRule, AdviserKind, AlertRule, AnswerOption, AnswerRef, Audience, Chamber, ChamberOption,
    ChoiceQuestion, Dimension, DutyRule, FreeQuestion, GoalOption, HeadcountOption,
    NationalContact, NetworkOption, ProfileQuestions, Question, Questionnaire, ServiceMapping,
    TradeOption, VenueRules,
};

object!(Questionnaire {
    version: req,
    min_answered_for_priorities: req,
    profile: req,
    dimensions: req,
    alerts: dft,
    duties: dft,
    venue_services: req,
    venue_rules: req,
    national_contacts: dft,
});

object!(ProfileQuestions {
    trade: req,
    headcount: req,
    commune: req,
    chamber: req,
    network: req,
    goals: req,
});

impl<O: FromJson> FromJson for ChoiceQuestion<O> {
    fn from_json(v: &Json<'_>) -> Result<Self, Error> {
        let o = Obj::of(v)?;
        Ok(ChoiceQuestion {
            id: o.req("id")?,
            text: o.req("text")?,
            help: o.dft("help")?,
            options: o.req("options")?,
        })
    }
}

object!(FreeQuestion {
    id: req,
    text: req,
    help: dft,
});

object!(TradeOption {
    id: req,
    label: req,
    craft: dft,
});

object!(HeadcountOption {
    id: req,
    label: req,
    min: req,
    max: dft,
});

names!(Chamber {
    Cci = "cci",
    Cma = "cma",
    DontKnow = "dont_know",
});

object!(ChamberOption {
    id: req,
    label: req
});

object!(NetworkOption {
    id: req,
    label: req,
    franchise: dft,
    dont_know: dft,
});

object!(GoalOption {
    id: req,
    label: req,
    dimensions: req,
});

names!(AdviserKind {
    Chamber = "chamber",
    Accountant = "accountant",
    Cyber = "cyber",
    Mediation = "mediation",
});

object!(Dimension {
    id: req,
    title: req,
    short: req,
    why: req,
    adviser: req,
    aid_topics: dft,
    questions: req,
});

object!(Question {
    id: req,
    text: req,
    help: dft,
    adviser_text: dft,
    weight: req,
    answers: req,
    actions: dft,
});

object!(ActionRule {
    when: req,
    text: req
});

object!(AnswerOption {
    id: req,
    label: req,
    value: dft,
    dont_know: dft,
    not_for_me: dft,
});

object!(AlertRule {
    id: req,
    dimension: req,
    when: req,
    deadline: dft,
    title: req,
    why: req,
    why_after: dft,
});

object!(DutyRule {
    id: req,
    dimension: req,
    date: dft,
    announce_months: or(crate::questionnaire::default_announce_months()),
    deciding: req,
    due_when: req,
    met_when: dft,
    check_when_unknown: dft,
    check_with: req,
    title: req,
    rule_coming: dft,
    rule_in_force: req,
    todo: req,
    met: dft,
    source_url: dft,
});

object!(VenueRules {
    reuse_extra_km: req,
    reuse_ratio: req,
    max_km_from_owner: req,
    stale_after_months: or(crate::questionnaire::default_stale_after_months()),
    general_publics: dft,
    audiences: dft,
});

object!(Audience {
    id: req,
    label: req,
    publics: dft,
    typologies: dft,
    name_words: dft,
});

object!(AnswerRef {
    question: req,
    answers: req,
});

object!(ServiceMapping {
    service: req,
    dimensions: req,
});

object!(NationalContact {
    kind: req,
    name: req,
    description: req,
    phone: dft,
    url: dft,
});
