//! How the published files (manifest, territory snapshot) are read.
//!
//! `req`: the worker always writes it; `dft`: it may be left out (empty
//! lists, absent options, false flags), as serde's `default` says.

use super::{names, object, object_by_field, Error, FromJson, Json};
use crate::geo::GeoPoint;
use crate::hours::WeeklySchedule;
use crate::model::{
    Aid, AidKind, AmountRange, BusinessOffer, Contact, ContactKind, Eligibility, Manifest,
    ManifestSource, ManifestTerritory, OperatorDecision, Perimeter, RateRange, Registry,
    SourceInfo, SourceRef, SourceStatus, Territory, TerritorySnapshot, Topic, TopicNote, Venue,
};

object!(Manifest {
    schema_version: req,
    generated_at: req,
    territories: req,
    sources: dft,
});

object!(ManifestTerritory {
    id: req,
    name: req,
    file: req,
    sha256: req,
    venues: req,
    aids: req,
    generated_at: req,
});

object!(ManifestSource {
    id: req,
    status: req,
    fetched_at: dft,
    kept: req,
    rejected: req,
    stale: dft,
    old_records: dft,
});

names!(SourceStatus {
    Ok = "ok",
    NotModified = "not_modified",
    Stale = "stale",
    Failed = "failed",
});

object!(TerritorySnapshot {
    schema_version: req,
    generated_at: req,
    territory: req,
    venues: req,
    aids: req,
    sources: dft,
});

object!(SourceInfo {
    id: req,
    name: dft,
    fetched_at: req,
    licence: dft,
    url: dft,
});

object!(Territory {
    id: req,
    name: req,
    insee: req,
    centre: req,
    radius_km: req,
    communes: dft,
    epcis: dft,
    contacts: dft,
});

object!(GeoPoint { lat: req, lon: req });

object!(Contact {
    kind: req,
    name: req,
    phone: dft,
    email: dft,
    url: dft,
    address: dft,
    source_url: dft,
    phone_to_confirm: dft,
});

names!(ContactKind {
    Cci = "cci",
    Cma = "cma",
    Cyber = "cyber",
    Other = "other",
});

object_by_field!(Venue {
    id: req,
    nom: req,
    adresse: req,
    code_postal: req,
    code_insee: dft,
    commune: req,
    latitude: dft,
    longitude: dft,
    telephone: dft,
    courriels: dft,
    site_web: dft,
    horaires: dft,
    schedule: dft,
    services: dft,
    typologie: dft,
    publics: dft,
    dispositif_programmes_nationaux: dft,
    frais_a_charge: dft,
    modalites_acces: dft,
    prise_rdv: dft,
    source: dft,
    date_maj: dft,
    source_url: dft,
    source_refs: dft,
    business_offer: dft,
    operator: dft,
});

object!(OperatorDecision {
    proposed: req,
    reason: req,
});

object!(SourceRef {
    source: req,
    id: req
});

object_by_field!(BusinessOffer {
    topics: req,
    contact: dft,
    note: dft,
    source_url: dft,
});

/// Seven days, or eight with the public holidays' hours.
impl FromJson for WeeklySchedule {
    fn from_json(v: &Json<'_>) -> Result<Self, Error> {
        let days: Vec<Vec<[u16; 2]>> = Vec::from_json(v)?;
        WeeklySchedule::try_from(days).map_err(|_| Error::Shape {
            field: "",
            expected: "7 or 8 days",
        })
    }
}

object!(TopicNote {
    topic: req,
    note: req,
});

object_by_field!(Aid {
    id: req,
    name: req,
    name_en: dft,
    kind: dft,
    financers: dft,
    summary: dft,
    summary_en: dft,
    amount_text: dft,
    to_confirm: dft,
    checked_on: dft,
    family: dft,
    eligibility: dft,
    funds: dft,
    does_not_fund: dft,
    topic_notes: dft,
    maybe_funds: dft,
    rate_percent: dft,
    amount_eur: dft,
    start_date: dft,
    deadline: dft,
    origin_url: dft,
    sources: dft,
});

names!(AidKind {
    Subsidy = "subsidy",
    TrainingFunding = "training_funding",
    Loan = "loan",
    FreeService = "free_service",
    PublicService = "public_service",
});

object_by_field!(Eligibility {
    min_headcount: dft,
    headcount_below: dft,
    turnover_below_eur: dft,
    sectors_included: dft,
    sectors_excluded: dft,
    excludes_franchises: dft,
    registry: dft,
    non_salaried_owner: dft,
    min_investment_eur: dft,
    perimeter: dft,
});

names!(Registry {
    Commerce = "commerce",
    Crafts = "crafts",
});

object_by_field!(Perimeter {
    regions: dft,
    departments: dft,
    epcis: dft,
    communes: dft,
});

object!(RateRange { min: dft, max: dft });
object!(AmountRange { min: dft, max: dft });

names!(Topic {
    OnlinePresence = "online_presence",
    ShowcaseWebsite = "showcase_website",
    Ecommerce = "ecommerce",
    Payment = "payment",
    ConnectedTill = "connected_till",
    CrmErp = "crm_erp",
    Booking = "booking",
    SocialMedia = "social_media",
    Webmarketing = "webmarketing",
    Einvoicing = "einvoicing",
    OfficeSoftware = "office_software",
    Cybersecurity = "cybersecurity",
    DataProtection = "data_protection",
    Training = "training",
    Hardware = "hardware",
    Connectivity = "connectivity",
    PlatformSubscription = "platform_subscription",
    Consulting = "consulting",
});
