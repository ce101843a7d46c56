use crate::geo::GeoPoint;
use serde::{Deserialize, Serialize};

/// An area a partner site serves: venues are kept within `radius_km` of the
/// centre commune.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Territory {
    pub id: String,
    pub name: String,
    /// INSEE code of the centre commune.
    pub insee: String,
    pub centre: GeoPoint,
    pub radius_km: f64,
    /// INSEE codes of the communes of the territory's agglomeration, when known.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub communes: Vec<String>,
    /// SIREN numbers of the EPCI the territory belongs to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub epcis: Vec<String>,
    /// Trusted advisers to call.
    #[serde(default)]
    pub contacts: Vec<Contact>,
}

impl Territory {
    /// Whether a position lies within the territory's radius.
    pub fn covers(&self, p: GeoPoint) -> bool {
        self.centre.distance_km(p) <= self.radius_km
    }
}

/// Which kind of trusted adviser a contact is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    /// Chamber of commerce: businesses on the trade and companies register.
    Cci,
    /// Chamber of trades: craft businesses.
    Cma,
    /// Help with scams, hacking and security.
    Cyber,
    /// The agglomeration's economic-development service, and anyone else.
    Other,
}

/// A trusted adviser: an organisation, never a named person's private line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub kind: ContactKind,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Where the facts above were published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    /// The phone was read in an old or third-party source only: the owner
    /// is told it is to be confirmed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub phone_to_confirm: bool,
}
