//! Upstream formats. Each adapter reads one format into raw records that
//! still hold the source's strings; nothing here decides what is valid
//! (that is [`crate::validate`]), so adapters stay plain mappings.

pub mod aid_catalogue;
pub mod aides_territoires;
pub mod curated;
pub mod france_services;
pub mod fs_hours;
pub mod mediation_numerique;
pub mod mediation_v0;
pub mod perimeter;

use std::borrow::Cow;
use thiserror::Error;

/// A venue as a source wrote it, with v1 field names.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawVenue {
    pub id: Option<String>,
    pub pivot: Option<String>,
    pub nom: Option<String>,
    pub adresse: Option<String>,
    pub complement_adresse: Option<String>,
    pub code_postal: Option<String>,
    pub code_insee: Option<String>,
    pub commune: Option<String>,
    pub latitude: Option<String>,
    pub longitude: Option<String>,
    pub telephone: Option<String>,
    pub courriels: Vec<String>,
    pub site_web: Vec<String>,
    pub horaires: Option<String>,
    pub services: Vec<String>,
    pub typologie: Vec<String>,
    /// Publics the venue says it addresses (v1 `publics_specifiquement_adresses`
    /// and `prise_en_charge_specifique`, v0 `publics_accueillis`).
    pub publics: Vec<String>,
    pub dispositif_programmes_nationaux: Vec<String>,
    pub frais_a_charge: Vec<String>,
    pub modalites_acces: Vec<String>,
    pub prise_rdv: Option<String>,
    pub source: Option<String>,
    pub date_maj: Option<String>,
    /// Where the operator read a curated venue (other sources: none).
    pub source_url: Option<String>,
}

/// An aid as the aid API wrote it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawAid {
    pub id: Option<String>,
    pub name: Option<String>,
    pub financers: Vec<String>,
    pub description: Option<String>,
    pub perimeter: Option<String>,
    pub perimeter_scale: Option<String>,
    pub targeted_audiences: Vec<String>,
    pub url: Option<String>,
    pub origin_url: Option<String>,
    pub application_url: Option<String>,
    pub start_date: Option<String>,
    pub submission_deadline: Option<String>,
    pub rate_min: Option<i64>,
    pub rate_max: Option<i64>,
    pub is_live: Option<bool>,
}

/// The few fields that decide whether a venue can matter to a territory,
/// read first (borrowed from the row) so that rows elsewhere in France
/// cost little.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Locator<'a> {
    pub latitude: Option<Cow<'a, str>>,
    pub longitude: Option<Cow<'a, str>>,
    pub code_insee: Option<Cow<'a, str>>,
    pub code_postal: Option<Cow<'a, str>>,
}

/// A venue no territory needs: the locator and the required fields, still
/// borrowed from the row, to check and count it without copying it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OutsideRow<'a> {
    pub id: Option<Cow<'a, str>>,
    pub nom: Option<Cow<'a, str>>,
    pub adresse: Option<Cow<'a, str>>,
    pub commune: Option<Cow<'a, str>>,
    pub locator: Locator<'a>,
}

impl OutsideRow<'_> {
    /// The same fields as an owned record (for readers that keep every row).
    pub fn into_raw(self) -> RawVenue {
        let own = |v: Option<Cow<'_, str>>| v.map(Cow::into_owned);
        RawVenue {
            id: own(self.id),
            nom: own(self.nom),
            adresse: own(self.adresse),
            commune: own(self.commune),
            code_postal: own(self.locator.code_postal),
            code_insee: own(self.locator.code_insee),
            latitude: own(self.locator.latitude),
            longitude: own(self.locator.longitude),
            ..RawVenue::default()
        }
    }
}

/// A venue row as an adapter hands it over.
#[derive(Clone, Debug, PartialEq)]
pub enum VenueRow<'a> {
    /// Every field read (boxed: rows are handed over by value, and most
    /// of a national file's rows are the small `Outside` kind).
    Full(Box<RawVenue>),
    /// Outside every territory: only the required fields and the locator
    /// were read, to count and check it.
    Outside(OutsideRow<'a>),
    Unreadable(Unreadable),
}

/// Decides from a [`Locator`] whether a row is read in full.
pub type Wanted<'a> = &'a dyn Fn(&Locator<'_>) -> bool;

/// Every row read in full.
pub fn want_all(_: &Locator<'_>) -> bool {
    true
}

/// A venue no territory needs: the locator plus the required fields
/// (id, nom, adresse, commune), with the v1 names mapped by `name`.
pub(crate) fn light_venue<'a>(
    locator: Locator<'a>,
    get: &dyn Fn(&'static str) -> Option<Cow<'a, str>>,
    name: &dyn Fn(&'static str) -> &'static str,
) -> OutsideRow<'a> {
    OutsideRow {
        id: get(name("id")),
        nom: get(name("nom")),
        adresse: get(name("adresse")),
        commune: get(name("commune")),
        locator,
    }
}

/// A row the adapter could not even read into a record.
#[derive(Clone, Debug, PartialEq)]
pub struct Unreadable {
    /// Where it was, e.g. `line 12` or `item 3`.
    pub at: String,
    pub detail: String,
}

/// What an adapter read from a body.
#[derive(Clone, Debug, Default)]
pub struct Parsed<T> {
    pub records: Vec<T>,
    pub unreadable: Vec<Unreadable>,
    /// Facts about the whole file (e.g. "older 2022 header").
    pub notes: Vec<String>,
}

/// Why a whole source body is unusable. Its last good data is then kept.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum SourceError {
    #[error("the schema changed: required column(s) {0} missing")]
    SchemaDrift(String),
    #[error("not valid JSON: {0}")]
    Json(String),
    #[error("not a readable CSV: {0}")]
    Csv(String),
    #[error("not valid TOML: {0}")]
    Toml(String),
    #[error("the body is empty")]
    Empty,
    #[error("unexpected shape: {0}")]
    Shape(String),
    #[error("{records} record(s) read and none usable: schema drift or wrong file?")]
    NothingUsable { records: usize },
}

/// Said in the report when a file mixes in non-UTF-8 text.
pub(crate) const NOTE_1252: &str =
    "some fields were not UTF-8 and were decoded as Latin-1/Windows-1252";

/// Splits a multi-valued field: `|` in v1, `;` in v0.
pub(crate) fn split_multi(s: Option<&str>, sep: char) -> Vec<String> {
    s.map(|s| {
        s.split(sep)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .collect()
    })
    .unwrap_or_default()
}

/// A JSON scalar as text: sources write numbers where the standard says
/// strings (postal codes, coordinates, ids).
pub(crate) fn json_text(v: Option<&serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// An empty cell is no value.
pub(crate) fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Records parsed ahead, with where each starts; a read error ends a
/// batch (and the file, when it is an I/O error).
#[derive(Default)]
struct Batch {
    records: Vec<(u64, csv::ByteRecord)>,
    len: usize,
    error: Option<(u64, String, bool)>,
    done: bool,
}

/// Records per batch: large enough to make the hand-over cheap.
const BATCH: usize = 512;

impl Batch {
    fn fill<R: std::io::Read>(&mut self, reader: &mut csv::Reader<R>) {
        self.len = 0;
        self.error = None;
        while self.len < BATCH {
            if self.records.len() == self.len {
                self.records.push((0, csv::ByteRecord::new()));
            }
            // The line where the record starts (quoted fields may span lines).
            let line = reader.position().line();
            let slot = &mut self.records[self.len];
            match reader.read_byte_record(&mut slot.1) {
                Ok(false) => {
                    self.done = true;
                    return;
                }
                Ok(true) => {
                    slot.0 = line;
                    self.len += 1;
                }
                Err(e) => {
                    let fatal = matches!(e.kind(), csv::ErrorKind::Io(_));
                    self.error = Some((line, e.to_string(), fatal));
                    self.done = fatal;
                    return;
                }
            }
        }
    }
}

/// Where each column of a CSV is. Readers ask for the same few literal
/// names on each of a million rows: the answers are remembered by the
/// name's address (a `&'static str` never moves nor changes), so a lookup
/// is a few pointer comparisons instead of hashing the name.
pub(crate) struct Columns {
    by_name: crate::seen::FnvMap<String, usize>,
    recent: std::cell::RefCell<Vec<(*const u8, usize, Option<usize>)>>,
}

/// Names remembered; readers use at most about 30.
const RECENT_COLUMNS: usize = 48;

impl Columns {
    fn new(names: &[String]) -> Columns {
        Columns {
            by_name: names
                .iter()
                .cloned()
                .enumerate()
                .map(|(i, h)| (h, i))
                .collect(),
            recent: std::cell::RefCell::new(Vec::new()),
        }
    }

    fn contains(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    fn index(&self, name: &'static str) -> Option<usize> {
        let key = (name.as_ptr(), name.len());
        let mut recent = self.recent.borrow_mut();
        if let Some(&(_, _, i)) = recent.iter().find(|(p, l, _)| (*p, *l) == key) {
            return i;
        }
        let i = self.by_name.get(name).copied();
        if recent.len() < RECENT_COLUMNS {
            recent.push((key.0, key.1, i));
        }
        i
    }
}

/// One row of a streamed CSV: fields are decoded on demand (UTF-8, or
/// Windows-1252 for a field that is not).
pub(crate) struct CsvRow<'a> {
    cols: &'a Columns,
    record: &'a csv::ByteRecord,
    fell_back: &'a std::cell::Cell<bool>,
}

impl<'a> CsvRow<'a> {
    /// The trimmed value of a column, borrowed from the row when it is
    /// UTF-8; `None` when absent or empty.
    pub fn get_ref(&self, column: &'static str) -> Option<Cow<'a, str>> {
        let bytes = self.record.get(self.cols.index(column)?)?;
        let (text, fell_back) = crate::decode::decode_field(bytes);
        if fell_back {
            self.fell_back.set(true);
        }
        match text {
            Cow::Borrowed(t) => Some(t.trim()).filter(|t| !t.is_empty()).map(Cow::Borrowed),
            Cow::Owned(t) => non_empty(&t).map(Cow::Owned),
        }
    }

    /// The trimmed value of a column; `None` when absent or empty.
    pub fn get(&self, column: &'static str) -> Option<String> {
        self.get_ref(column).map(Cow::into_owned)
    }
}

/// What reading a CSV noticed besides its rows.
#[derive(Clone, Debug, Default)]
pub(crate) struct CsvOutcome {
    pub columns: Vec<String>,
    /// Some field was not UTF-8 and was decoded as Windows-1252.
    pub decoded_1252: bool,
}

/// Streams a CSV: checks the header has the `required` columns (a renamed
/// column fails the source loudly instead of silently emptying a field),
/// then calls `on_row` with each row, or with why a row is unreadable
/// (ragged rows are reported, not fatal). The separator (`,` or `;`) is
/// guessed from the header line.
pub(crate) fn read_csv<R: std::io::BufRead + Send>(
    mut input: R,
    required: &[&str],
    mut on_row: impl FnMut(Result<CsvRow<'_>, Unreadable>),
) -> Result<CsvOutcome, SourceError> {
    let head = input
        .fill_buf()
        .map_err(|e| SourceError::Csv(e.to_string()))?;
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if head.iter().all(u8::is_ascii_whitespace) {
        return Err(SourceError::Empty);
    }
    let first_line = head.split(|b| *b == b'\n').next().unwrap_or(head);
    let semi = first_line.iter().filter(|b| **b == b';').count();
    let comma = first_line.iter().filter(|b| **b == b',').count();
    let delimiter = if semi > comma { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(input);
    let headers = reader
        .byte_headers()
        .map_err(|e| SourceError::Csv(e.to_string()))?
        .clone();
    let columns: Vec<String> = headers
        .iter()
        .map(|h| {
            let (h, _) = crate::decode::decode_field(h);
            h.trim().trim_start_matches('\u{feff}').to_string()
        })
        .collect();
    let cols = Columns::new(&columns);
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| !cols.contains(c))
        .collect();
    if !missing.is_empty() {
        return Err(SourceError::SchemaDrift(missing.join(", ")));
    }
    let fell_back = std::cell::Cell::new(false);
    let width = headers.len();
    // Parsing runs on its own thread and hands batches of records to this
    // one, which reads and checks them: on two cores the two halves of the
    // work overlap. Batches go back to the parser to be refilled, so their
    // records' buffers are reused.
    let (full_tx, full_rx) = std::sync::mpsc::sync_channel::<Batch>(4);
    let (empty_tx, empty_rx) = std::sync::mpsc::channel::<Batch>();
    let parsed = std::thread::scope(|scope| {
        let parser = scope.spawn(move || loop {
            let mut batch = empty_rx.try_recv().unwrap_or_default();
            batch.fill(&mut reader);
            let done = batch.done;
            if full_tx.send(batch).is_err() || done {
                return;
            }
        });
        let mut fatal = None;
        for batch in full_rx.iter() {
            for (line, record) in batch.records[..batch.len].iter() {
                if record.len() != width {
                    on_row(Err(Unreadable {
                        at: format!("line {line}"),
                        detail: format!("{} fields where the header has {width}", record.len()),
                    }));
                } else {
                    on_row(Ok(CsvRow {
                        cols: &cols,
                        record,
                        fell_back: &fell_back,
                    }));
                }
            }
            if let Some((line, detail, is_fatal)) = &batch.error {
                on_row(Err(Unreadable {
                    at: format!("line {line}"),
                    detail: detail.clone(),
                }));
                if *is_fatal {
                    fatal = Some(detail.clone());
                }
            }
            let _ = empty_tx.send(batch);
        }
        let _ = parser.join();
        fatal
    });
    if let Some(detail) = parsed {
        return Err(SourceError::Csv(detail));
    }
    Ok(CsvOutcome {
        columns,
        decoded_1252: fell_back.get(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_latin1_row_after_utf8_ones_is_decoded_and_noted() {
        let mut bytes = "id;nom\n1;Thérèse\n".as_bytes().to_vec();
        bytes.extend_from_slice(b"2;Ch\xe2teau\n");
        let mut names = Vec::new();
        let outcome = read_csv(bytes.as_slice(), &["id", "nom"], |row| {
            names.push(row.ok().and_then(|r| r.get("nom")).unwrap_or_default())
        })
        .unwrap();
        assert_eq!(names, ["Thérèse", "Château"]);
        assert!(outcome.decoded_1252);
    }

    #[test]
    fn an_empty_body_and_a_missing_column_fail_the_source() {
        assert!(matches!(
            read_csv(&b"  \n"[..], &["id"], |_| {}),
            Err(SourceError::Empty)
        ));
        assert!(matches!(
            read_csv(&b"ident,nom\n1,a\n"[..], &["id", "nom"], |_| {}),
            Err(SourceError::SchemaDrift(c)) if c == "id"
        ));
    }
}
