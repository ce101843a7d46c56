//! One source's body to validated values: decode, read the format,
//! validate every record, and log every rejection. CSV venue files are
//! streamed row by row; venues outside every territory are counted and let
//! go. A body that cannot be used at all is a [`SourceError`], and the
//! caller falls back to the last good copy.

use crate::area::Relevance;
use crate::config::{Format, Location, SourceConfig, SourceKind};
use crate::decode::{decode, sniff, Encoding};
use crate::fetch::Body;
use crate::report::{Action, SourceLog};
use crate::sources::curated::Curated;
use crate::sources::{
    aides_territoires, curated, france_services, mediation_numerique, Parsed, RawVenue,
    SourceError, Unreadable,
};
use crate::validate::{
    read_hours, validate_aid, validate_venue, AidContext, CheckedAid, HoursCache,
    ValidationErrorKind,
};
use chrono::NaiveDate;
use std::collections::HashSet;
use std::io::BufReader;
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
    /// Valid records, including venues outside every territory.
    pub kept: usize,
    pub rejected: usize,
    /// Valid venues outside every territory (counted in `kept`).
    pub outside: usize,
}

/// Shared by all sources of a run.
pub struct IngestContext<'a> {
    pub today: NaiveDate,
    pub relevance: &'a Relevance,
    pub hours: HoursCache,
}

impl IngestContext<'_> {
    pub fn new(today: NaiveDate, relevance: &Relevance) -> IngestContext<'_> {
        IngestContext {
            today,
            relevance,
            hours: HoursCache::new(),
        }
    }
}

pub fn ingest(
    src: &SourceConfig,
    body: &Body,
    ctx: &mut IngestContext,
) -> Result<SourceData, SourceError> {
    let io = |e: std::io::Error| SourceError::Shape(format!("cannot read the body: {e}"));
    let mut encoding = sniff(&body.head(64 * 1024).map_err(io)?);
    let mut data = SourceData {
        log: SourceLog::new(&src.id),
        ..SourceData::default()
    };
    let streamed_csv = src.kind == SourceKind::FranceServices
        || (src.kind == SourceKind::MediationNumerique && src.format == Format::Csv);
    // UTF-16 cannot be streamed byte-wise: decode it whole (rare, small).
    let utf16;
    let body = if encoding == Encoding::Utf16 || !streamed_csv {
        let (text, enc) = decode(&body.bytes().map_err(io)?);
        encoding = enc;
        utf16 = Body::Memory(text.into_bytes());
        &utf16
    } else {
        body
    };
    data.encoding = Some(encoding);
    if !matches!(encoding, Encoding::Utf8) {
        data.log
            .push("(file)", Action::Warning, "(encoding)", encoding.describe());
    }
    match src.kind {
        SourceKind::FranceServices | SourceKind::MediationNumerique => {
            let mut seen = HashSet::new();
            let mut total = 0usize;
            let mut handle = |row: Result<RawVenue, Unreadable>, data: &mut SourceData| {
                total += 1;
                match row {
                    Ok(raw) => venue(src, &raw, &mut seen, ctx, data),
                    Err(u) => unreadable(data, &u),
                }
            };
            let notes = if streamed_csv {
                let input = BufReader::new(body.reader().map_err(io)?);
                if src.kind == SourceKind::FranceServices {
                    france_services::read(input, |row| handle(row, &mut data))?
                } else {
                    mediation_numerique::read_csv_v1(input, |row| handle(row, &mut data))?
                }
            } else if src.format == Format::Json {
                let text = String::from_utf8_lossy(&body.bytes().map_err(io)?).into_owned();
                let Parsed {
                    records,
                    unreadable,
                    notes,
                } = mediation_numerique::parse_json(&text)?;
                for u in unreadable {
                    handle(Err(u), &mut data);
                }
                for raw in records {
                    handle(Ok(raw), &mut data);
                }
                notes
            } else {
                return Err(SourceError::Shape("venue sources are CSV or JSON".into()));
            };
            for n in notes {
                data.log.push("(file)", Action::Warning, "(format)", n);
            }
            if total > 0 && data.kept == 0 {
                return Err(SourceError::NothingUsable { records: total });
            }
        }
        SourceKind::AidesTerritoires => {
            let text = String::from_utf8_lossy(&body.bytes().map_err(io)?).into_owned();
            let Parsed {
                records,
                unreadable: bad,
                notes,
            } = aides_territoires::parse(&text)?;
            for n in notes {
                data.log.push("(file)", Action::Warning, "(format)", n);
            }
            for u in &bad {
                unreadable(&mut data, u);
            }
            let site = match &src.location {
                Location::Http(u) => reqwest::Url::parse(u)
                    .map(|u| u.origin().ascii_serialization())
                    .unwrap_or_else(|_| AIDES_TERRITOIRES_SITE.into()),
                Location::File(_) => AIDES_TERRITOIRES_SITE.into(),
            };
            let actx = AidContext {
                source: &src.id,
                site: &site,
                today: ctx.today,
            };
            let mut seen = HashSet::new();
            let mut expired = 0;
            for raw in &records {
                let rid = raw.id.clone().unwrap_or_default();
                if !rid.is_empty() && !seen.insert(rid.clone()) {
                    duplicate(&mut data, &rid);
                    continue;
                }
                match validate_aid(raw, &actx, &mut data.log) {
                    Ok(a) => data.aids.push(a),
                    Err(e) => {
                        if matches!(e.kind, ValidationErrorKind::Expired { .. }) {
                            expired += 1;
                        }
                        data.log.error(id_or_none(&rid), Action::Rejected, &e);
                        data.rejected += 1;
                    }
                }
            }
            data.kept = data.aids.len();
            // Expired aids are normal; only a file with nothing usable is drift.
            if !records.is_empty() && data.kept == 0 && expired < records.len() {
                return Err(SourceError::NothingUsable {
                    records: records.len(),
                });
            }
        }
        SourceKind::Curated => {
            let text = String::from_utf8_lossy(&body.bytes().map_err(io)?).into_owned();
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

/// Validates one venue; keeps it when a territory needs it.
fn venue(
    src: &SourceConfig,
    raw: &RawVenue,
    seen: &mut HashSet<String>,
    ctx: &mut IngestContext,
    data: &mut SourceData,
) {
    let rid = raw.id.clone().unwrap_or_default();
    if !rid.is_empty() && !seen.insert(rid.clone()) {
        return duplicate(data, &rid);
    }
    match validate_venue(raw, &src.id, &mut data.log) {
        Ok(mut v) => {
            data.kept += 1;
            if ctx.relevance.keeps(&v) {
                read_hours(&mut v, &rid, ctx.today, &mut ctx.hours, &mut data.log);
                data.venues.push(v);
            } else {
                data.outside += 1;
            }
        }
        Err(e) => {
            data.log.error(id_or_none(&rid), Action::Rejected, &e);
            data.rejected += 1;
        }
    }
}

fn duplicate(data: &mut SourceData, rid: &str) {
    data.log.push(
        rid,
        Action::Rejected,
        "id",
        ValidationErrorKind::DuplicateId.to_string(),
    );
    data.rejected += 1;
}

fn unreadable(data: &mut SourceData, u: &Unreadable) {
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

fn id_or_none(rid: &str) -> &str {
    if rid.is_empty() {
        "(no id)"
    } else {
        rid
    }
}
