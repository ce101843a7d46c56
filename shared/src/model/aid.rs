use super::topic::Topic;
use crate::i18n::{pick, Lang, Text};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An economic aid, normalised from the aid API shape with structured
/// eligibility so the engine can decide instead of showing prose.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Aid {
    pub id: String,
    pub name: String,
    /// The name in English, when the French one is more than a proper noun
    /// ("L'OPCO de votre branche"); otherwise the French name is shown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name_en: String,
    /// What kind of help it is, said to the owner before anything else.
    #[serde(default)]
    pub kind: AidKind,
    #[serde(default)]
    pub financers: Vec<String>,
    /// Plain text, never HTML.
    #[serde(default)]
    pub summary: String,
    /// The summary in English, when the record has one; otherwise the French
    /// one is shown, marked as French.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary_en: String,
    /// The amount in words when numbers alone would mislead (hourly caps,
    /// yearly envelopes, the year a ceiling was read for).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_text: Option<Text>,
    /// What the sources could not confirm: shown as "à confirmer auprès du
    /// financeur", with what exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_confirm: Option<Text>,
    /// The day its facts were last checked against the funder's page.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dates::de_opt_date"
    )]
    pub checked_on: Option<NaiveDate>,
    /// Aids of one family replace each other by status (the owners'
    /// training funds): a near-miss points to the sibling the owner can get.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    #[serde(default)]
    pub eligibility: Eligibility,
    /// Topics it funds.
    #[serde(default)]
    pub funds: Vec<Topic>,
    /// Topics its rules explicitly exclude: said out loud to the owner.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub does_not_fund: Vec<Topic>,
    /// A condition the funder puts on one thing it funds (the connected
    /// till, only with an online shop), said beside that thing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topic_notes: Vec<TopicNote>,
    /// Needs its rules may cover without naming them (an e-invoicing tool as
    /// "management software"): never a reason to show it, and a point to
    /// confirm with the funder when it is shown for that need.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub maybe_funds: Vec<Topic>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_percent: Option<RateRange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_eur: Option<AmountRange>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dates::de_opt_date"
    )]
    pub start_date: Option<NaiveDate>,
    /// Last day to apply; `None` means a permanent aid.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dates::de_opt_date"
    )]
    pub deadline: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_url: Option<String>,
    /// The pages its facts were read in, for whoever checks them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// What the funder says about one topic it funds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopicNote {
    pub topic: Topic,
    /// Completes the topic's name, e.g. "seulement avec un projet de vente en ligne".
    pub note: Text,
}

impl Aid {
    /// The condition said beside `topic`, if any.
    pub fn note_on(&self, topic: Topic) -> Option<&Text> {
        self.topic_notes
            .iter()
            .find(|n| n.topic == topic)
            .map(|n| &n.note)
    }

    /// The name in the owner's language (French when no English one).
    pub fn name_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.name_en.is_empty() => &self.name_en,
            _ => &self.name,
        }
    }

    /// The name before its explanation ("AGEFICE" of "AGEFICE : formation
    /// des…"), for sentences that name it again.
    pub fn short_name(&self, lang: Lang) -> &str {
        let name = self.name_in(lang);
        [" : ", "\u{a0}: ", " – ", " (", ": "]
            .iter()
            .filter_map(|sep| name.find(sep))
            .min()
            .map_or(name, |i| &name[..i])
    }
}

/// Who can get the aid. Every limit is optional: `None` or empty means the
/// aid sets no condition of that kind.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Eligibility {
    /// People in the business, owner included: at least this many.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_headcount: Option<u32>,
    /// Strictly fewer than this many people ("moins de 20 salariés" is 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headcount_below: Option<u32>,
    /// Annual turnover strictly below this, in euros.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turnover_below_eur: Option<u64>,
    /// Trade ids of the questionnaire; empty means every trade.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sectors_included: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sectors_excluded: Vec<String>,
    /// Franchisees and branches of a network cannot apply.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub excludes_franchises: bool,
    /// The register the business must be in (trade register at the CCI,
    /// craft register at the CMA); `None` means either or none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry: Option<Registry>,
    /// Only for owners who are not salaried by their business (sole
    /// traders, micro-entrepreneurs, majority managers of a SARL); never
    /// asked, so always a condition to check.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub non_salaried_owner: bool,
    /// A minimum investment programme, in euros excluding VAT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_investment_eur: Option<u32>,
    #[serde(default)]
    pub perimeter: Perimeter,
}

/// What kind of help an aid is, in an owner's words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AidKind {
    /// Money towards a spending.
    #[default]
    Subsidy,
    /// A fund that pays for training courses.
    TrainingFunding,
    Loan,
    /// A public service that costs nothing (advice, diagnosis, help).
    FreeService,
    /// A public service whose cost the sources do not say.
    PublicService,
}

impl AidKind {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            AidKind::Subsidy => pick(lang, "Subvention", "Grant"),
            AidKind::TrainingFunding => pick(
                lang,
                "Prise en charge de formations",
                "Pays for training courses",
            ),
            AidKind::Loan => pick(lang, "Prêt", "Loan"),
            AidKind::FreeService => pick(lang, "Service public gratuit", "Free public service"),
            AidKind::PublicService => pick(
                lang,
                "Service public (coût à vérifier)",
                "Public service (cost to check)",
            ),
        }
    }
}

/// The two registers a TPE is in, kept by the two chambers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Registry {
    /// Trade register (RCS): shops, cafés, services; the CCI.
    Commerce,
    /// Craft register (répertoire des métiers): artisans; the CMA.
    Crafts,
}

/// Where an aid applies, as INSEE codes (region, department, commune) and
/// EPCI SIREN numbers. All empty means the whole of France.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Perimeter {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub departments: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub epcis: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub communes: Vec<String>,
}

impl Perimeter {
    pub fn is_national(&self) -> bool {
        self.regions.is_empty()
            && self.departments.is_empty()
            && self.epcis.is_empty()
            && self.communes.is_empty()
    }
}

/// A grant rate in percent of the eligible spending.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateRange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u8>,
}

/// An aid amount in euros.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmountRange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
}
