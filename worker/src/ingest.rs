//! One source's bytes to validated values: decode, read the format,
//! validate every record, and log every rejection. A body that cannot be
//! used at all is a [`SourceError`], and the caller falls back to the last
//! good copy.

use crate::config::{Format, Location, SourceConfig, SourceKind};
use crate::decode::{decode, Encoding};
use crate::report::{Action, SourceLog};
use crate::sources::curated::Curated;
use crate::sources::{
    aides_territoires, curated, france_services, mediation_numerique, Parsed, SourceError,
};
use crate::validate::{validate_aid, validate_venue, AidContext, CheckedAid, ValidationErrorKind};
use chrono::NaiveDate;
use std::collections::HashSet;
use tpe_shared::model::Venue;

/// Where the aid API's relative links point when the source is a file.
const AIDES_TERRITOIRES_SITE: &str = "https://aides-territoires.beta.gouv.fr";

/// What one source contributed to a run.
#[derive(Clone, Debug, Default)]
pub struct SourceData {
    pub venues: Vec<Venue>,
    pub aids: Vec<CheckedAid>,
    pub curated: Option<Curated>,
    pub encoding: Option<Encoding>,
    pub log: SourceLog,
    pub kept: usize,
    pub rejected: usize,
}

pub fn ingest(
    src: &SourceConfig,
    bytes: &[u8],
    today: NaiveDate,
) -> Result<SourceData, SourceError> {
    let (text, encoding) = decode(bytes);
    let mut data = SourceData {
        encoding: Some(encoding),
        log: SourceLog::new(&src.id),
        ..SourceData::default()
    };
    if !matches!(encoding, Encoding::Utf8) {
        data.log
            .push("(file)", Action::Warning, "(encoding)", encoding.describe());
    }
    match src.kind {
        SourceKind::FranceServices | SourceKind::MediationNumerique => {
            let parsed = match (src.kind, src.format) {
                (SourceKind::FranceServices, _) => france_services::parse(&text)?,
                (_, Format::Csv) => mediation_numerique::parse_csv(&text)?,
                (_, Format::Json) => mediation_numerique::parse_json(&text)?,
                (_, Format::Toml) => {
                    return Err(SourceError::Shape("venue sources are CSV or JSON".into()))
                }
            };
            let total = parsed.records.len();
            let Parsed {
                records,
                unreadable,
                notes,
            } = parsed;
            note_file(&mut data, notes, &unreadable);
            let mut seen = HashSet::new();
            for raw in &records {
                let rid = raw.id.clone().unwrap_or_default();
                if !rid.is_empty() && !seen.insert(rid.clone()) {
                    data.log.push(
                        &rid,
                        Action::Rejected,
                        "id",
                        ValidationErrorKind::DuplicateId.to_string(),
                    );
                    data.rejected += 1;
                    continue;
                }
                match validate_venue(raw, &src.id, today, &mut data.log) {
                    Ok(v) => data.venues.push(v),
                    Err(e) => {
                        data.log.error(
                            if rid.is_empty() { "(no id)" } else { &rid },
                            Action::Rejected,
                            &e,
                        );
                        data.rejected += 1;
                    }
                }
            }
            data.kept = data.venues.len();
            if total > 0 && data.kept == 0 {
                return Err(SourceError::NothingUsable { records: total });
            }
        }
        SourceKind::AidesTerritoires => {
            let Parsed {
                records,
                unreadable,
                notes,
            } = aides_territoires::parse(&text)?;
            note_file(&mut data, notes, &unreadable);
            let site = match &src.location {
                Location::Http(u) => reqwest::Url::parse(u)
                    .map(|u| u.origin().ascii_serialization())
                    .unwrap_or_else(|_| AIDES_TERRITOIRES_SITE.into()),
                Location::File(_) => AIDES_TERRITOIRES_SITE.into(),
            };
            let ctx = AidContext {
                source: &src.id,
                site: &site,
                today,
            };
            let mut seen = HashSet::new();
            for raw in &records {
                let rid = raw.id.clone().unwrap_or_default();
                if !rid.is_empty() && !seen.insert(rid.clone()) {
                    data.log.push(
                        &rid,
                        Action::Rejected,
                        "id",
                        ValidationErrorKind::DuplicateId.to_string(),
                    );
                    data.rejected += 1;
                    continue;
                }
                match validate_aid(raw, &ctx, &mut data.log) {
                    Ok(a) => data.aids.push(a),
                    Err(e) => {
                        data.log.error(
                            if rid.is_empty() { "(no id)" } else { &rid },
                            Action::Rejected,
                            &e,
                        );
                        data.rejected += 1;
                    }
                }
            }
            data.kept = data.aids.len();
            let total = records.len();
            // Expired aids are normal; only a file with nothing readable is drift.
            let expired = data
                .log
                .entries
                .iter()
                .filter(|e| e.field == "submission_deadline")
                .count();
            if total > 0 && data.kept == 0 && expired < total {
                return Err(SourceError::NothingUsable { records: total });
            }
        }
        SourceKind::Curated => {
            let c = match src.format {
                Format::Csv => curated::parse_offers_csv(&text)?,
                _ => curated::parse(&text)?,
            };
            data.kept = c.offers.len() + c.aid_overlays.len() + c.aids.len() + c.contacts.len();
            data.curated = Some(c);
        }
    }
    Ok(data)
}

fn note_file(data: &mut SourceData, notes: Vec<String>, unreadable: &[crate::sources::Unreadable]) {
    for n in notes {
        data.log.push("(file)", Action::Warning, "(format)", n);
    }
    for u in unreadable {
        data.log.push(
            &u.at,
            Action::Rejected,
            "(row)",
            ValidationErrorKind::Unreadable {
                detail: u.detail.clone(),
            }
            .to_string(),
        );
        data.rejected += 1;
    }
}
