use crate::geo::GeoPoint;
use crate::hours::WeeklySchedule;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A digital-mediation venue: the fields of the national standard v1.0.2 the
/// product uses, plus the curated business offer the standard lacks.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Venue {
    pub id: String,
    pub nom: String,
    pub adresse: String,
    pub code_postal: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_insee: Option<String>,
    pub commune: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    /// One number in E.164 form (`+33…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telephone: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub courriels: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub site_web: Vec<String>,
    /// The raw OSM `opening_hours` string, kept to show and export as is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horaires: Option<String>,
    /// The compact week the worker derived from `horaires`; absent when the
    /// string was missing or could not be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<WeeklySchedule>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub typologie: Vec<String>,
    /// The publics the record says the venue is for
    /// (`publics_specifiquement_adresses`, or v0 `publics_accueillis`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub publics: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dispositif_programmes_nationaux: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub frais_a_charge: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modalites_acces: Vec<String>,
    /// Booking URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prise_rdv: Option<String>,
    /// Who collected the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dates::de_opt_date"
    )]
    pub date_maj: Option<NaiveDate>,
    /// The public page the operator read this venue from, for a venue that
    /// no open-data source lists (curated file); absent for the others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    /// Every source record merged into this venue.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source_refs: Vec<SourceRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_offer: Option<BusinessOffer>,
    /// The operator's decision to propose this venue to business owners or
    /// not, whatever its record says (curated file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<OperatorDecision>,
}

/// "Propose it" or "leave it out", with the operator's reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorDecision {
    pub proposed: bool,
    pub reason: String,
}

impl Venue {
    /// The venue's own position, when it has a plausible one.
    pub fn position(&self) -> Option<GeoPoint> {
        let p = GeoPoint::new(self.latitude?, self.longitude?);
        p.is_plausible().then_some(p)
    }

    /// A phone, an e-mail, a website or a booking link: a way to reach it.
    pub fn has_contact(&self) -> bool {
        self.telephone.is_some()
            || !self.courriels.is_empty()
            || !self.site_web.is_empty()
            || self.prise_rdv.is_some()
    }
}

/// Where a merged record came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    pub source: String,
    pub id: String,
}

/// Local knowledge an operator adds: this venue helps businesses.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BusinessOffer {
    /// Dimension ids of the questionnaire this venue helps businesses with.
    pub topics: Vec<String>,
    /// A generic contact for businesses (never a named person's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where the fact was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
}
