//! The operator's own file (TOML): local knowledge that no open-data source
//! has and that must survive every refresh: which venue helps businesses
//! (business-offer overlay by venue id), structured eligibility for API
//! aids (the API only has prose), hand-made aids, and trusted contacts.

use super::{RawVenue, SourceError};
use serde::Deserialize;
use tpe_shared::model::{Aid, AmountRange, BusinessOffer, ContactKind, Perimeter, Topic};

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Curated {
    #[serde(default)]
    pub offers: Vec<OfferOverlay>,
    #[serde(default)]
    pub aid_overlays: Vec<AidOverlay>,
    #[serde(default)]
    pub aids: Vec<Aid>,
    #[serde(default)]
    pub contacts: Vec<CuratedContact>,
    #[serde(default)]
    pub venue_overrides: Vec<VenueOverride>,
    #[serde(default)]
    pub venues: Vec<CuratedVenue>,
}

/// A place no open-data source lists, written by the operator from a public
/// page: it goes through the same validation as any venue record, keeps its
/// source page, and its `date_maj` is the date of that page (an old page
/// makes an old record, said as such to the owner).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CuratedVenue {
    pub id: String,
    pub nom: String,
    pub adresse: String,
    pub code_postal: String,
    #[serde(default)]
    pub code_insee: Option<String>,
    pub commune: String,
    /// Only when the source gives them; otherwise the commune's centre is
    /// used and the distance is said to be approximate.
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
    #[serde(default)]
    pub telephone: Option<String>,
    #[serde(default)]
    pub courriels: Vec<String>,
    #[serde(default)]
    pub site_web: Vec<String>,
    #[serde(default)]
    pub horaires: Option<String>,
    /// Services of the national standard, only those the source states.
    #[serde(default)]
    pub services: Vec<String>,
    #[serde(default)]
    pub typologie: Vec<String>,
    /// Who published the facts (e.g. the agglomeration's magazine).
    pub source: String,
    pub source_url: String,
    /// The date of the source page (YYYY-MM-DD).
    pub date_maj: String,
}

impl CuratedVenue {
    /// The record in the shape every venue source produces.
    pub fn raw(&self) -> RawVenue {
        RawVenue {
            id: Some(self.id.clone()),
            nom: Some(self.nom.clone()),
            adresse: Some(self.adresse.clone()),
            code_postal: Some(self.code_postal.clone()),
            code_insee: self.code_insee.clone(),
            commune: Some(self.commune.clone()),
            latitude: self.latitude.map(|x| x.to_string()),
            longitude: self.longitude.map(|x| x.to_string()),
            telephone: self.telephone.clone(),
            courriels: self.courriels.clone(),
            site_web: self.site_web.clone(),
            horaires: self.horaires.clone(),
            services: self.services.clone(),
            typologie: self.typologie.clone(),
            source: Some(self.source.clone()),
            source_url: Some(self.source_url.clone()),
            date_maj: Some(self.date_maj.clone()),
            ..RawVenue::default()
        }
    }
}

/// The operator's decision about one venue, whatever its record says: leave
/// out a place that does not serve business owners (a children's café, a
/// disability day centre), or keep one the rules would leave out. The
/// reason is required: it is shown on the desk and in the report.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VenueOverride {
    /// Published id or `source:id`, as for offers.
    pub venue: String,
    pub action: OverrideAction,
    pub reason: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OverrideAction {
    /// Never proposed to business owners.
    Exclude,
    /// Proposed even if its publics would leave it out.
    Include,
}

/// "This venue runs business workshops": joined to the venue whose
/// published id or any source reference (`source:id`) is `venue`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfferOverlay {
    pub venue: String,
    /// Dimension ids of the questionnaire the venue helps businesses with.
    pub topics: Vec<String>,
    #[serde(default)]
    pub contact: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub source_url: Option<String>,
}

impl OfferOverlay {
    pub fn offer(&self) -> BusinessOffer {
        BusinessOffer {
            topics: self.topics.clone(),
            contact: self.contact.clone(),
            note: self.note.clone(),
            source_url: self.source_url.clone(),
        }
    }
}

/// Structured facts about an API aid, keyed by the aid's id. Only what is
/// written replaces what the API gave; in particular an overlay without a
/// perimeter keeps the API's (never silently national).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AidOverlay {
    pub aid: String,
    #[serde(default)]
    pub min_headcount: Option<u32>,
    #[serde(default)]
    pub headcount_below: Option<u32>,
    #[serde(default)]
    pub turnover_below_eur: Option<u64>,
    #[serde(default)]
    pub sectors_included: Vec<String>,
    #[serde(default)]
    pub sectors_excluded: Vec<String>,
    #[serde(default)]
    pub excludes_franchises: bool,
    #[serde(default)]
    pub perimeter: Option<Perimeter>,
    #[serde(default)]
    pub funds: Vec<Topic>,
    #[serde(default)]
    pub does_not_fund: Vec<Topic>,
    #[serde(default)]
    pub amount_eur: Option<AmountRange>,
}

impl AidOverlay {
    /// Applies the overlay to an aid from the API.
    pub fn apply(&self, aid: &mut Aid) {
        let e = &mut aid.eligibility;
        e.min_headcount = self.min_headcount.or(e.min_headcount);
        e.headcount_below = self.headcount_below.or(e.headcount_below);
        e.turnover_below_eur = self.turnover_below_eur.or(e.turnover_below_eur);
        if !self.sectors_included.is_empty() {
            e.sectors_included = self.sectors_included.clone();
        }
        if !self.sectors_excluded.is_empty() {
            e.sectors_excluded = self.sectors_excluded.clone();
        }
        e.excludes_franchises |= self.excludes_franchises;
        if let Some(p) = &self.perimeter {
            e.perimeter = p.clone();
        }
        if !self.funds.is_empty() {
            aid.funds = self.funds.clone();
        }
        if !self.does_not_fund.is_empty() {
            aid.does_not_fund = self.does_not_fund.clone();
        }
        if self.amount_eur.is_some() {
            aid.amount_eur = self.amount_eur;
        }
    }
}

/// A trusted adviser for one territory.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CuratedContact {
    pub territory: String,
    pub kind: ContactKind,
    pub name: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub source_url: Option<String>,
    /// The phone comes from an old or third-party source.
    #[serde(default)]
    pub phone_to_confirm: bool,
}

/// Reads the curated TOML; errors say the line, since a person wrote it.
pub fn parse(text: &str) -> Result<Curated, SourceError> {
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        SourceError::Toml(match line {
            Some(l) => format!("line {l}: {}", e.message().trim()),
            None => e.message().trim().to_string(),
        })
    })
}

/// The same overlay as a spreadsheet export: columns `venue`, `topics`
/// (`|`-separated dimension ids) and optional `contact`, `note`,
/// `source_url`. Only business offers fit in a table; the rest is TOML.
pub fn parse_offers_csv(text: &str) -> Result<Curated, SourceError> {
    let mut out = Curated::default();
    let mut bad = None;
    super::read_csv(text.as_bytes(), &["venue", "topics"], |row| match row {
        Ok(row) => {
            if let Some(venue) = row.get("venue") {
                out.offers.push(OfferOverlay {
                    venue,
                    topics: super::split_multi(row.get("topics").as_deref(), '|'),
                    contact: row.get("contact"),
                    note: row.get("note"),
                    source_url: row.get("source_url"),
                });
            }
        }
        Err(u) => bad = bad.take().or(Some(format!("{}: {}", u.at, u.detail))),
    })?;
    match bad {
        // A person wrote this file: a broken row is an error to fix, not to skip.
        Some(b) => Err(SourceError::Csv(b)),
        None => Ok(out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULT: &str = include_str!("../../sources/curated.toml");

    #[test]
    fn the_shipped_curated_file_reads() {
        let c = parse(DEFAULT).unwrap();
        // Each pilot territory has its chambers and a callable local service.
        for t in ["soissons", "arras", "calais"] {
            let mine: Vec<_> = c.contacts.iter().filter(|c| c.territory == t).collect();
            assert!(
                mine.iter().any(|c| c.kind == ContactKind::Cci),
                "{t}: no CCI"
            );
            assert!(
                mine.iter().any(|c| c.kind == ContactKind::Cma),
                "{t}: no CMA"
            );
            assert!(
                mine.iter().any(|c| c.phone.is_some()),
                "{t}: no contact with a phone"
            );
        }
    }

    #[test]
    fn an_overlay_without_perimeter_keeps_the_api_one() {
        let c =
            parse("[[aid_overlays]]\naid = \"7\"\nheadcount_below = 20\nfunds = [\"ecommerce\"]\n")
                .unwrap();
        let mut aid = Aid::default();
        aid.eligibility.perimeter.regions = vec!["32".into()];
        c.aid_overlays[0].apply(&mut aid);
        assert_eq!(aid.eligibility.perimeter.regions, ["32"]);
        assert_eq!(aid.eligibility.headcount_below, Some(20));
        assert_eq!(aid.funds, [Topic::Ecommerce]);
    }

    #[test]
    fn offers_can_come_from_a_spreadsheet() {
        let c = parse_offers_csv(
            "venue;topics;note\nfrance-services:1940;admin|invoicing;Atelier\n;;\n",
        )
        .unwrap();
        assert_eq!(c.offers.len(), 1);
        assert_eq!(c.offers[0].topics, ["admin", "invoicing"]);
        assert!(matches!(
            parse_offers_csv("id,topics\n1,x\n"),
            Err(SourceError::SchemaDrift(_))
        ));
    }

    /// A hand-written place is hostile input too: the same validation as an
    /// open-data record, every dropped field with its reason.
    #[test]
    fn a_hostile_hand_written_place_is_cleaned_like_any_venue() {
        let c = parse(
            "[[venues]]\nid = \"x\"\nnom = \"<b>Espace</b> numérique\"\nadresse = \"1 rue A\"\n\
             code_postal = \"02200\"\ncommune = \"Soissons\"\ntelephone = \"appelez-nous\"\n\
             source = \"Magazine\"\nsource_url = \"javascript:alert(1)\"\ndate_maj = \"hier\"\n",
        )
        .unwrap();
        let mut log = crate::report::SourceLog::new("curated");
        let v = crate::validate::validate_venue(&c.venues[0].raw(), "curated", &mut log).unwrap();
        assert_eq!(v.id, "curated:x");
        assert!(!v.nom.contains('<'), "{}", v.nom);
        assert_eq!((v.telephone, v.source_url, v.date_maj), (None, None, None));
        for field in ["telephone", "source_url", "date_maj"] {
            assert!(
                log.entries.iter().any(|e| e.field == field),
                "{field} dropped without a reason: {:?}",
                log.entries
            );
        }
    }

    #[test]
    fn a_typo_names_its_line() {
        let e = parse("[[offers]]\nvenue = \"x\"\ntopics = []\ncontcat = \"y\"\n").unwrap_err();
        assert!(e.to_string().contains("line 4"), "{e}");
    }
}
