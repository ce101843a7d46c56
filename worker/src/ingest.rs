//! One source's body to validated values: decode, read the format,
//! validate every record, and log every rejection. CSV venue files are
//! streamed row by row; venues outside every territory are counted and let
//! go. A body that cannot be used at all is a [`SourceError`], and the
//! caller falls back to the last good copy.

use crate::area::Relevance;
use crate::config::{Format, Location, SourceConfig, SourceKind};
use crate::decode::{decode, sniff, Encoding};
use crate::fetch::body::HashingReader;
use crate::fetch::state::sha256_hex;
use crate::fetch::Body;
use crate::report::{Action, SourceLog};
use crate::seen::SeenIds;
use crate::sources::curated::Curated;
use crate::sources::{
    aid_catalogue, aides_territoires, curated, france_services, mediation_numerique, Locator,
    Parsed, RawVenue, SourceError, Unreadable, VenueRow,
};
use crate::validate::{
    check_required, clean_aid, read_hours, validate_aid, validate_venue, AidContext, CheckedAid,
    HoursCache, ValidationErrorKind,
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
    /// SHA-256 of the body, computed while reading it.
    pub sha256: String,
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
    let original = body;
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
    if !streamed_csv || body_is_converted(encoding) {
        data.sha256 = sha256_hex(&original.bytes().map_err(io)?);
    }
    if !matches!(encoding, Encoding::Utf8) {
        data.log
            .push("(file)", Action::Warning, "(encoding)", encoding.describe());
    }
    match src.kind {
        SourceKind::FranceServices | SourceKind::MediationNumerique => {
            let mut seen = SeenIds::new();
            let mut total = 0usize;
            let relevance = ctx.relevance;
            let wanted = |l: &Locator<'_>| relevance.might_keep(l);
            let mut handle = |row: VenueRow<'_>, data: &mut SourceData| {
                total += 1;
                match row {
                    VenueRow::Full(raw) => venue(src, &raw, &mut seen, ctx, data),
                    VenueRow::Outside(raw) => outside(&raw, &mut seen, data),
                    VenueRow::Unreadable(u) => unreadable(data, &u),
                }
            };
            let notes = if streamed_csv {
                let mut hashing = HashingReader::new(body.reader().map_err(io)?);
                let input = BufReader::with_capacity(256 * 1024, &mut hashing);
                let notes = if src.kind == SourceKind::FranceServices {
                    france_services::read(input, &wanted, |row| handle(row, &mut data))?
                } else {
                    mediation_numerique::read_csv_v1(input, &wanted, |row| handle(row, &mut data))?
                };
                let sha = hashing.finish().map_err(io)?;
                if data.sha256.is_empty() {
                    data.sha256 = sha;
                }
                notes
            } else if src.format == Format::Json {
                let text = String::from_utf8_lossy(&body.bytes().map_err(io)?).into_owned();
                let Parsed {
                    records,
                    unreadable,
                    notes,
                } = mediation_numerique::parse_json(&text)?;
                for u in unreadable {
                    handle(VenueRow::Unreadable(u), &mut data);
                }
                for raw in records {
                    handle(VenueRow::Full(Box::new(raw)), &mut data);
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
        SourceKind::AidCatalogue => {
            let text = String::from_utf8_lossy(&body.bytes().map_err(io)?).into_owned();
            let c = aid_catalogue::parse(&text)?;
            let mut seen = HashSet::new();
            for a in &c.aids {
                if !seen.insert(a.id.clone()) {
                    duplicate(&mut data, &a.id);
                    continue;
                }
                match clean_aid(a, ctx.today) {
                    Ok(aid) => data.aids.push(CheckedAid {
                        aid,
                        placed: true,
                        perimeter_name: None,
                    }),
                    Err(reason) => {
                        data.log
                            .push(id_or_none(&a.id), Action::Rejected, "(aid)", reason);
                        data.rejected += 1;
                    }
                }
            }
            for e in &c.expired {
                data.log
                    .push(id_or_none(&e.id), Action::Rejected, "status", e.reason());
                data.rejected += 1;
            }
            data.kept = data.aids.len();
        }
        SourceKind::Curated => {
            let text = String::from_utf8_lossy(&body.bytes().map_err(io)?).into_owned();
            let c = match src.format {
                Format::Csv => curated::parse_offers_csv(&text)?,
                _ => curated::parse(&text)?,
            };
            data.kept = c.offers.len() + c.aid_overlays.len() + c.aids.len() + c.contacts.len();
            // Places the operator added are venue records like any other.
            let mut seen = SeenIds::new();
            for v in &c.venues {
                venue(src, &v.raw(), &mut seen, ctx, &mut data);
            }
            data.curated = Some(c);
        }
    }
    Ok(data)
}

/// A UTF-16 body was converted to UTF-8 before reading: hash the original.
fn body_is_converted(encoding: Encoding) -> bool {
    encoding == Encoding::Utf16
}

/// Validates one venue; keeps it when a territory needs it.
fn venue(
    src: &SourceConfig,
    raw: &RawVenue,
    seen: &mut SeenIds,
    ctx: &mut IngestContext,
    data: &mut SourceData,
) {
    let rid = raw.id.clone().unwrap_or_default();
    if !rid.is_empty() && !seen.insert(&rid) {
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

/// A venue no territory needs: duplicate id and required fields checked,
/// counted, and let go.
fn outside(raw: &crate::sources::OutsideRow<'_>, seen: &mut SeenIds, data: &mut SourceData) {
    let rid = raw.id.as_deref().unwrap_or_default();
    if rid.trim().is_empty() {
        let e = crate::validate::ValidationError::new("id", ValidationErrorKind::Missing);
        data.log.error("(no id)", Action::Rejected, &e);
        data.rejected += 1;
        return;
    }
    if !seen.insert(rid) {
        return duplicate(data, rid);
    }
    match check_required(raw, &mut data.log) {
        Ok(()) => {
            data.kept += 1;
            data.outside += 1;
        }
        Err(e) => {
            data.log.error(rid, Action::Rejected, &e);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, TerritoryConfig};
    use std::path::Path;

    fn territories() -> Vec<TerritoryConfig> {
        [
            ("soissons", "02722"),
            ("arras", "62041"),
            ("calais", "62193"),
        ]
        .iter()
        .map(|(id, insee)| TerritoryConfig {
            id: id.to_string(),
            name: id.to_string(),
            insee: insee.to_string(),
            radius_km: 20.0,
            contacts: Vec::new(),
        })
        .collect()
    }

    fn source(kind: &str, file: &str) -> SourceConfig {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = format!(
            "output_dir = \"o\"\n[[territories]]\nid = \"a\"\nname = \"A\"\ninsee = \"62041\"\nradius_km = 20\n\
             [[sources]]\nid = \"s\"\nkind = \"{kind}\"\nurl = \"{file}\"\n"
        );
        Config::parse(&dir.join("x.toml"), &text)
            .unwrap()
            .sources
            .remove(0)
    }

    /// Reading only the locator of far-away rows must keep exactly the
    /// venues a full read would keep, and count the same records.
    #[test]
    fn the_cheap_prefilter_keeps_what_a_full_read_keeps() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let src = source(
            "france-services",
            "sources/france-services-hdf-20240801.csv",
        );
        let body = Body::File(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("sources/france-services-hdf-20240801.csv"),
        );
        let everything = Relevance::everything();
        let full = ingest(&src, &body, &mut IngestContext::new(today, &everything)).unwrap();
        let relevance = Relevance::territories(&territories());
        let cheap = ingest(&src, &body, &mut IngestContext::new(today, &relevance)).unwrap();
        let wanted: Vec<&str> = full
            .venues
            .iter()
            .filter(|v| relevance.keeps(v))
            .map(|v| v.id.as_str())
            .collect();
        let got: Vec<&str> = cheap.venues.iter().map(|v| v.id.as_str()).collect();
        assert_eq!(got, wanted);
        assert!(!got.is_empty() && got.len() < full.venues.len());
        assert_eq!((cheap.kept, cheap.rejected), (full.kept, full.rejected));
        assert_eq!(cheap.outside, full.venues.len() - got.len());
    }
}
