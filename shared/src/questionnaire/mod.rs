//! The questionnaire as data.
//!
//! `shared/questionnaire.toml` holds every question, answer, alert and
//! routing table, in French and English, so that partners review wording
//! without reading code. It is packed at build time (`build.rs`, in the
//! field order of `shared/packed_layout.rs`) and read by `packed`; [`validate`]
//! checks it and a test runs that check on the shipped file. A new field goes
//! into its type, `packed_layout.rs` and `packed.rs`, at the same place: the
//! build refuses a TOML key the layout does not name, and a test compares the
//! packed reading with serde's.

mod packed;
mod validate;

pub use validate::{validate, QuestionnaireError};

use crate::i18n::Text;
use crate::model::{ContactKind, Topic};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The whole questionnaire and the rules that go with it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Questionnaire {
    /// Bumped when questions or answers change order or meaning; portable
    /// result strings carry it.
    pub version: u32,
    /// Below this many questions answered (other than "I don't know"), the
    /// result gives no priorities: they would be guesses.
    pub min_answered_for_priorities: usize,
    pub profile: ProfileQuestions,
    pub dimensions: Vec<Dimension>,
    #[serde(default)]
    pub alerts: Vec<AlertRule>,
    /// Legal obligations, shown before the priorities whatever the ranking.
    #[serde(default)]
    pub duties: Vec<DutyRule>,
    /// The venue standard's service categories mapped to dimensions.
    pub venue_services: Vec<ServiceMapping>,
    /// How places are chosen for a business owner.
    pub venue_rules: VenueRules,
    /// Who to call when the territory names no one of that kind.
    #[serde(default)]
    pub national_contacts: Vec<NationalContact>,
}

/// The questions about the business (not scored).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfileQuestions {
    pub trade: ChoiceQuestion<TradeOption>,
    pub headcount: ChoiceQuestion<HeadcountOption>,
    pub commune: FreeQuestion,
    pub chamber: ChoiceQuestion<ChamberOption>,
    pub network: ChoiceQuestion<NetworkOption>,
    pub goals: ChoiceQuestion<GoalOption>,
}

/// A question answered by picking among options.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChoiceQuestion<O> {
    pub id: String,
    pub text: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    pub options: Vec<O>,
}

/// A question answered by typing (the commune).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FreeQuestion {
    pub id: String,
    pub text: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TradeOption {
    pub id: String,
    pub label: Text,
    /// Craft trades are registered with the chamber of trades (CMA).
    #[serde(default)]
    pub craft: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeadcountOption {
    pub id: String,
    pub label: Text,
    pub min: u32,
    /// `None` for the open-ended band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
}

/// Which chamber the business is registered with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Chamber {
    Cci,
    Cma,
    DontKnow,
}

impl Chamber {
    /// The stable id (its serde name).
    pub fn id(self) -> &'static str {
        match self {
            Chamber::Cci => "cci",
            Chamber::Cma => "cma",
            Chamber::DontKnow => "dont_know",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChamberOption {
    pub id: Chamber,
    pub label: Text,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkOption {
    pub id: String,
    pub label: Text,
    /// Franchisees and branches: some aids exclude them.
    #[serde(default)]
    pub franchise: bool,
    #[serde(default)]
    pub dont_know: bool,
}

/// Something that matters to the owner this year, and the dimensions it
/// makes more relevant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoalOption {
    pub id: String,
    pub label: Text,
    pub dimensions: Vec<String>,
}

/// Which trusted adviser helps with a dimension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdviserKind {
    /// CCI or CMA, depending on the register.
    Chamber,
    Accountant,
    Cyber,
    /// A digital-mediation venue is the right first step.
    Mediation,
}

/// A dimension of digital maturity and its questions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dimension {
    pub id: String,
    pub title: Text,
    /// A short name for charts and tables.
    pub short: Text,
    /// Why it matters, in the owner's terms.
    pub why: Text,
    pub adviser: AdviserKind,
    /// Topics an aid must fund to help with this dimension.
    #[serde(default)]
    pub aid_topics: Vec<Topic>,
    pub questions: Vec<Question>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub text: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    /// Assisted mode: how an adviser asks it aloud.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adviser_text: Option<Text>,
    /// 1 or 2; 2 for what matters most (Google listing, backups, e-invoicing).
    pub weight: f64,
    pub answers: Vec<AnswerOption>,
    /// What to do about this question, by the answers that call for it. A
    /// best answer never calls for one (checked by a test).
    #[serde(default)]
    pub actions: Vec<ActionRule>,
}

impl Question {
    /// The highest value an answer of this question can score.
    pub fn best_value(&self) -> f64 {
        self.answers
            .iter()
            .filter_map(|a| a.value)
            .fold(0.0, f64::max)
    }

    pub fn answer(&self, id: &str) -> Option<&AnswerOption> {
        self.answers.iter().find(|a| a.id == id)
    }

    /// The action this answer calls for, if any.
    pub fn action_for(&self, answer: &str) -> Option<(usize, &ActionRule)> {
        self.actions
            .iter()
            .enumerate()
            .find(|(_, a)| a.when.iter().any(|w| w == answer))
    }
}

/// One concrete thing to do, and the answers that call for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActionRule {
    pub when: Vec<String>,
    pub text: Text,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerOption {
    pub id: String,
    pub label: Text,
    /// 0, 0.5 or 1; absent only for "I don't know".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// "Je ne sais pas": not scored, becomes a point to check with an adviser.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dont_know: bool,
    /// The owner says this does not apply to their trade: never an action.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_for_me: bool,
}

/// A situation that forces a dimension to the top, whatever its score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlertRule {
    pub id: String,
    pub dimension: String,
    /// Fires when any of these answers was given.
    pub when: Vec<AnswerRef>,
    /// The legal date the alert is about, if any; texts may say `{date}`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dates::de_opt_date"
    )]
    pub deadline: Option<NaiveDate>,
    pub title: Text,
    /// Said before the deadline (or always, without one).
    pub why: Text,
    /// Said once the deadline has passed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why_after: Option<Text>,
}

/// A legal obligation and the answers that say whether it is met.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DutyRule {
    pub id: String,
    pub dimension: String,
    /// When it becomes mandatory; `None`: it always is.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dates::de_opt_date"
    )]
    pub date: Option<NaiveDate>,
    /// Shown as "coming" this many months before `date`.
    #[serde(default = "default_announce_months")]
    pub announce_months: u32,
    /// Questions whose answers decide it.
    pub deciding: Vec<String>,
    /// Any of these answers: not met yet.
    pub due_when: Vec<AnswerRef>,
    /// Any of these answers: the owner said it is done.
    #[serde(default)]
    pub met_when: Vec<AnswerRef>,
    /// "I don't know" (or no answer) to a deciding question: to check.
    #[serde(default)]
    pub check_when_unknown: bool,
    /// Who to check with.
    pub check_with: AdviserKind,
    pub title: Text,
    /// Said before `date`; texts may say `{date}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_coming: Option<Text>,
    /// Said once it is mandatory.
    pub rule_in_force: Text,
    /// What to do.
    pub todo: Text,
    /// Said when the owner's answers say it is done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub met: Option<Text>,
    /// Where the rule is explained.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
}

pub(crate) fn default_announce_months() -> u32 {
    12
}

/// The rules that choose venues for a business owner.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VenueRules {
    /// A venue already offered comes back when the nearest new one is more
    /// than this many km farther…
    pub reuse_extra_km: f64,
    /// …and this many times as far.
    pub reuse_ratio: f64,
    /// No venue beyond this distance from the owner's commune.
    pub max_km_from_owner: f64,
    /// A record last updated longer ago than this is said to be old: the
    /// owner is asked to call before going.
    #[serde(default = "default_stale_after_months")]
    pub stale_after_months: u32,
    /// Publics that mean "everyone".
    #[serde(default)]
    pub general_publics: Vec<String>,
    /// Audiences other than business owners.
    #[serde(default)]
    pub audiences: Vec<Audience>,
}

pub(crate) fn default_stale_after_months() -> u32 {
    18
}

/// A public other than business owners, as venue records name it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Audience {
    pub id: String,
    /// "les jeunes": completes "lieu réservé à …".
    pub label: Text,
    #[serde(default)]
    pub publics: Vec<String>,
    #[serde(default)]
    pub typologies: Vec<String>,
    /// Lower-case, without accents; matched as whole words of the name.
    #[serde(default)]
    pub name_words: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerRef {
    pub question: String,
    pub answers: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceMapping {
    /// Exact spelling of the venue standard's `services` value.
    pub service: String,
    pub dimensions: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NationalContact {
    pub kind: ContactKind,
    pub name: String,
    pub description: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

static EMBEDDED: OnceLock<Questionnaire> = OnceLock::new();

impl Questionnaire {
    /// The questionnaire shipped in this crate (checked by a test).
    pub fn embedded() -> &'static Questionnaire {
        EMBEDDED.get_or_init(|| {
            // Packed by the build script; validated by tests.
            packed::read(include_bytes!(concat!(
                env!("OUT_DIR"),
                "/questionnaire.bin"
            )))
        })
    }

    pub fn dimension(&self, id: &str) -> Option<&Dimension> {
        self.dimensions.iter().find(|d| d.id == id)
    }

    pub fn dimension_index(&self, id: &str) -> Option<usize> {
        self.dimensions.iter().position(|d| d.id == id)
    }

    /// Every scored question, in order, with its dimension's index.
    pub fn questions(&self) -> impl Iterator<Item = (usize, &Question)> {
        self.dimensions
            .iter()
            .enumerate()
            .flat_map(|(i, d)| d.questions.iter().map(move |q| (i, q)))
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions().map(|(_, q)| q).find(|q| q.id == id)
    }

    pub fn duty(&self, id: &str) -> Option<&DutyRule> {
        self.duties.iter().find(|d| d.id == id)
    }

    pub fn trade(&self, id: &str) -> Option<&TradeOption> {
        self.profile.trade.options.iter().find(|o| o.id == id)
    }

    pub fn headcount(&self, id: &str) -> Option<&HeadcountOption> {
        self.profile.headcount.options.iter().find(|o| o.id == id)
    }

    pub fn network(&self, id: &str) -> Option<&NetworkOption> {
        self.profile.network.options.iter().find(|o| o.id == id)
    }

    pub fn goal(&self, id: &str) -> Option<&GoalOption> {
        self.profile.goals.options.iter().find(|o| o.id == id)
    }

    /// Dimensions a venue offering this standard service helps with.
    pub fn dimensions_for_service(&self, service: &str) -> &[String] {
        self.venue_services
            .iter()
            .find(|m| m.service == service)
            .map_or(&[], |m| m.dimensions.as_slice())
    }

    /// Number of steps an owner goes through: the profile, then one per dimension.
    pub fn step_count(&self) -> usize {
        1 + self.dimensions.len()
    }
}
