use super::topic::Topic;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An economic aid, normalised from the aid API shape with structured
/// eligibility so the engine can decide instead of showing prose.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Aid {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub financers: Vec<String>,
    /// Plain text, never HTML.
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub eligibility: Eligibility,
    /// Topics it funds.
    #[serde(default)]
    pub funds: Vec<Topic>,
    /// Topics its rules explicitly exclude: said out loud to the owner.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub does_not_fund: Vec<Topic>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_percent: Option<RateRange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_eur: Option<AmountRange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<NaiveDate>,
    /// Last day to apply; `None` means a permanent aid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_url: Option<String>,
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
    #[serde(default)]
    pub perimeter: Perimeter,
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
