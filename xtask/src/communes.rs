//! `cargo xtask communes <communes-hdf-2024.csv> <laposte-hexasmal-hdf.csv> [--decoupage DIR] [--out FILE]`
//!
//! Regenerates the compact commune table that `tpe-shared` compiles in
//! (`shared/data/communes-hdf.csv`, read by `tpe_shared::communes`).
//!
//! Inputs (read only here, at dev time; the project never reads them at run time):
//! - the COG 2024 communes file (`code_insee;nom_standard;reg_code;reg_nom;dep_code;dep_nom;code_postal;population`):
//!   which communes exist, their proper names (with accents), department and region;
//! - La Poste's postal-code base (`Code_commune_INSEE;Nom_commune;Code_postal;Ligne_5;Libellé_d_acheminement;coordonnees_gps`,
//!   `;`-separated, CRLF): every postal code of a commune, and its coordinates;
//! - the npm package `@etalab/decoupage-administratif` (MIT; `data/communes.json`
//!   and `data/epci.json`): each commune's population and its EPCI (the
//!   intercommunality whose member it is). `--decoupage` names an unpacked
//!   copy; without it, the pinned version is installed into `tools/` with npm.
//!
//! The join is on the INSEE code. Only communes of the 2024 file are kept
//! (La Poste still lists communes that have merged since). A commune's centre
//! is the `coordonnees_gps` of its La Poste row without `Ligne_5` (the commune
//! itself rather than a hamlet), or of its first row if every row has one;
//! its postal codes are all distinct codes of its La Poste rows plus the
//! 2024 file's code, in ascending order.
//!
//! Output format (UTF-8, `\n`, sorted by INSEE code, no quoting):
//! ```text
//! insee;nom;codes_postaux;lat;lon;reg;pop;epci
//! 02001;Abbécourt;02300;49.5992;3.1771;32;505;200071991
//! 02002;Achery;02800;49.6936;3.3974;;602;200071991
//! ```
//! Postal codes are separated by a space; coordinates are WGS84 degrees
//! rounded to 4 decimals (about 11 m) without trailing zeros; an empty `reg`
//! means "the same region as the line above"; `pop` is the municipal
//! population (0 when unknown) and `epci` the SIREN of the EPCI (empty when
//! the commune belongs to none). The department is not stored:
//! it is the start of the INSEE code (checked here against the 2024 file).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Must match `tpe_shared::communes::TABLE_HEADER`.
const HEADER: &str = "insee;nom;codes_postaux;lat;lon;reg;pop;epci";

const USAGE: &str = "usage: cargo xtask communes <communes-hdf-2024.csv> <laposte-hexasmal-hdf.csv> [--decoupage DIR] [--out shared/data/communes-hdf.csv]";

/// The pinned version of `@etalab/decoupage-administratif` installed when
/// `--decoupage` is not given.
pub const DECOUPAGE_VERSION: &str = "6.0.0";

pub fn run(args: &[String]) -> Result<(), String> {
    let mut inputs = Vec::new();
    let mut out: Option<PathBuf> = None;
    let mut decoupage: Option<PathBuf> = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            "--out" => {
                let path = iter
                    .next()
                    .ok_or_else(|| format!("--out needs a file\n{USAGE}"))?;
                out = Some(PathBuf::from(path));
            }
            "--decoupage" => {
                let path = iter
                    .next()
                    .ok_or_else(|| format!("--decoupage needs a folder\n{USAGE}"))?;
                decoupage = Some(PathBuf::from(path));
            }
            other => {
                if let Some(path) = other.strip_prefix("--out=") {
                    out = Some(PathBuf::from(path));
                } else if other.starts_with('-') {
                    return Err(format!("unknown option `{other}`\n{USAGE}"));
                } else {
                    inputs.push(PathBuf::from(other));
                }
            }
        }
    }
    let [cog_path, laposte_path] = <[PathBuf; 2]>::try_from(inputs)
        .map_err(|_| format!("expected exactly two input files\n{USAGE}"))?;
    let out = out.unwrap_or_else(default_out);

    let cog = read_cog(&cog_path)?;
    let laposte = read_laposte(&laposte_path)?;
    let decoupage = match decoupage {
        Some(dir) => dir,
        None => install_decoupage()?,
    };
    let extra = read_decoupage(&decoupage)?;
    let table = build_table(&cog, &laposte, &extra, &cog_path, &laposte_path)?;

    let dropped: Vec<String> = laposte
        .iter()
        .filter(|(insee, _)| !cog.contains_key(*insee))
        .map(|(insee, entry)| format!("{insee} ({})", entry.name))
        .collect();
    if !dropped.is_empty() {
        const SHOWN: usize = 10;
        let more = if dropped.len() > SHOWN { ", …" } else { "" };
        println!(
            "dropped {} La Poste INSEE code(s) absent from {}: {}{more}",
            dropped.len(),
            cog_path.display(),
            dropped[..dropped.len().min(SHOWN)].join(", ")
        );
    }

    std::fs::write(&out, &table.text).map_err(|e| format!("{}: {e}", out.display()))?;
    println!(
        "wrote {} communes to {} ({} bytes)",
        table.rows,
        out.display(),
        table.text.len()
    );
    Ok(())
}

/// `shared/data/communes-hdf.csv` in this workspace, wherever cargo runs from.
fn default_out() -> PathBuf {
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask
        .parent()
        .unwrap_or(xtask)
        .join("shared/data/communes-hdf.csv")
}

/// One commune of the COG 2024 file.
struct CogCommune {
    line: u64,
    name: String,
    region: String,
    postal_code: String,
    population: u32,
}

/// What `@etalab/decoupage-administratif` adds, by INSEE code.
#[derive(Default)]
struct Decoupage {
    population: BTreeMap<String, u32>,
    /// The SIREN of the commune's EPCI.
    epci: BTreeMap<String, String>,
}

/// Installs the pinned package into `tools/` (once) and returns its folder.
fn install_decoupage() -> Result<PathBuf, String> {
    let tools = crate::tools::repo_root().join("tools");
    let dir = tools.join("node_modules/@etalab/decoupage-administratif");
    let installed = std::fs::read_to_string(dir.join("package.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v.get("version").and_then(|v| v.as_str()).map(str::to_owned));
    if installed.as_deref() != Some(DECOUPAGE_VERSION) {
        println!(
            "installing @etalab/decoupage-administratif@{DECOUPAGE_VERSION} into {}",
            tools.display()
        );
        crate::tools::run(
            std::process::Command::new("npm")
                .arg("install")
                .arg("--prefix")
                .arg(&tools)
                .arg(format!(
                    "@etalab/decoupage-administratif@{DECOUPAGE_VERSION}"
                )),
        )?;
    }
    Ok(dir)
}

fn read_json(path: &Path) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Populations from `data/communes.json`, EPCI membership from `data/epci.json`.
fn read_decoupage(dir: &Path) -> Result<Decoupage, String> {
    let mut out = Decoupage::default();
    let communes_path = dir.join("data/communes.json");
    let communes = read_json(&communes_path)?;
    let list = communes
        .as_array()
        .ok_or_else(|| format!("{}: not a JSON array", communes_path.display()))?;
    for c in list {
        let kind = c.get("type").and_then(|v| v.as_str()).unwrap_or("");
        if kind != "commune-actuelle" {
            continue;
        }
        let (Some(code), Some(pop)) = (
            c.get("code").and_then(|v| v.as_str()),
            c.get("population").and_then(|v| v.as_u64()),
        ) else {
            continue;
        };
        out.population
            .insert(code.to_owned(), u32::try_from(pop).unwrap_or(u32::MAX));
    }
    let epci_path = dir.join("data/epci.json");
    let epcis = read_json(&epci_path)?;
    let list = epcis
        .as_array()
        .ok_or_else(|| format!("{}: not a JSON array", epci_path.display()))?;
    for e in list {
        let Some(siren) = e.get("code").and_then(|v| v.as_str()) else {
            continue;
        };
        if !is_digits(siren, 9) {
            return Err(format!(
                "{}: `{siren}` is not an EPCI SIREN",
                epci_path.display()
            ));
        }
        for m in e
            .get("membres")
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
        {
            if let Some(code) = m.get("code").and_then(|v| v.as_str()) {
                out.epci.insert(code.to_owned(), siren.to_owned());
            }
        }
    }
    if out.population.is_empty() || out.epci.is_empty() {
        return Err(format!("{}: no commune or no EPCI found", dir.display()));
    }
    Ok(out)
}

/// Everything La Poste says about one INSEE code.
struct LaPosteEntry {
    /// `Nom_commune` of the first row (upper case, no accents): for messages only.
    name: String,
    /// Coordinates of the first row without `Ligne_5`, if any.
    main: Option<(f64, f64)>,
    /// Coordinates of the first row.
    first: (f64, f64),
    postal_codes: BTreeSet<String>,
}

struct Table {
    text: String,
    rows: usize,
}

fn build_table(
    cog: &BTreeMap<String, CogCommune>,
    laposte: &BTreeMap<String, LaPosteEntry>,
    extra: &Decoupage,
    cog_path: &Path,
    laposte_path: &Path,
) -> Result<Table, String> {
    let mut text = String::with_capacity(220 * 1024);
    text.push_str(HEADER);
    text.push('\n');
    let mut previous_region: Option<&str> = None;
    for (insee, commune) in cog {
        let entry = laposte.get(insee).ok_or_else(|| {
            format!(
                "{}: no row for INSEE code {insee} ({}, {} line {})",
                laposte_path.display(),
                commune.name,
                cog_path.display(),
                commune.line
            )
        })?;
        let (lat, lon) = entry.main.unwrap_or(entry.first);
        let mut postal_codes = entry.postal_codes.clone();
        postal_codes.insert(commune.postal_code.clone());
        let postal_codes: Vec<&str> = postal_codes.iter().map(String::as_str).collect();
        let region = if previous_region == Some(commune.region.as_str()) {
            ""
        } else {
            commune.region.as_str()
        };
        previous_region = Some(commune.region.as_str());
        let population = extra
            .population
            .get(insee)
            .copied()
            .unwrap_or(commune.population);
        let epci = extra.epci.get(insee).map_or("", String::as_str);
        // Writing to a String cannot fail.
        let _ = writeln!(
            text,
            "{insee};{};{};{};{};{region};{population};{epci}",
            commune.name,
            postal_codes.join(" "),
            degrees(lat),
            degrees(lon)
        );
    }
    Ok(Table {
        text,
        rows: cog.len(),
    })
}

/// Rounded to 4 decimals, without trailing zeros: `49.3790` → `49.379`.
fn degrees(value: f64) -> String {
    let mut s = format!("{value:.4}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    if s == "-0" {
        s.remove(0);
    }
    s
}

fn read_cog(path: &Path) -> Result<BTreeMap<String, CogCommune>, String> {
    let mut reader = open(path)?;
    let columns = Columns::find(
        path,
        &mut reader,
        &[
            "code_insee",
            "nom_standard",
            "reg_code",
            "dep_code",
            "code_postal",
            "population",
        ],
    )?;
    let mut communes = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(path, &e))?;
        let line = line_of(&record);
        let at = |message: String| format!("{}: line {line}: {message}", path.display());
        let [insee, name, region, department, postal_code, population] = columns.get(&record);
        if !is_insee(insee) {
            return Err(at(format!("`{insee}` is not an INSEE commune code")));
        }
        if name.is_empty() || name.contains([';', '\n', '\r']) {
            return Err(at(format!("unusable commune name `{name}`")));
        }
        if !is_digits(region, 2) {
            return Err(at(format!("`{region}` is not a region code")));
        }
        if Some(department) != department_of(insee) {
            return Err(at(format!(
                "department `{department}` does not match INSEE code {insee}"
            )));
        }
        if !is_digits(postal_code, 5) {
            return Err(at(format!("`{postal_code}` is not a postal code")));
        }
        let commune = CogCommune {
            line,
            name: name.to_owned(),
            region: region.to_owned(),
            postal_code: postal_code.to_owned(),
            population: population.parse().unwrap_or(0),
        };
        if let Some(first) = communes.insert(insee.to_owned(), commune) {
            return Err(at(format!(
                "INSEE code {insee} already on line {}",
                first.line
            )));
        }
    }
    if communes.is_empty() {
        return Err(format!("{}: no commune", path.display()));
    }
    Ok(communes)
}

fn read_laposte(path: &Path) -> Result<BTreeMap<String, LaPosteEntry>, String> {
    let mut reader = open(path)?;
    let columns = Columns::find(
        path,
        &mut reader,
        &[
            "Code_commune_INSEE",
            "Nom_commune",
            "Code_postal",
            "Ligne_5",
            "coordonnees_gps",
        ],
    )?;
    let mut entries: BTreeMap<String, LaPosteEntry> = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(path, &e))?;
        let line = line_of(&record);
        let at = |message: String| format!("{}: line {line}: {message}", path.display());
        let [insee, name, postal_code, line_5, gps] = columns.get(&record);
        if !is_insee(insee) {
            return Err(at(format!("`{insee}` is not an INSEE commune code")));
        }
        if !is_digits(postal_code, 5) {
            return Err(at(format!("`{postal_code}` is not a postal code")));
        }
        let coordinates =
            parse_gps(gps).ok_or_else(|| at(format!("`{gps}` is not `lat,lon` in degrees")))?;
        let is_main = line_5.is_empty();
        let entry = entries
            .entry(insee.to_owned())
            .or_insert_with(|| LaPosteEntry {
                name: name.to_owned(),
                main: None,
                first: coordinates,
                postal_codes: BTreeSet::new(),
            });
        if is_main && entry.main.is_none() {
            entry.main = Some(coordinates);
        }
        entry.postal_codes.insert(postal_code.to_owned());
    }
    if entries.is_empty() {
        return Err(format!("{}: no row", path.display()));
    }
    Ok(entries)
}

/// `"49.3791742979,3.32471758491"` → (49.379…, 3.324…), if it is a position on
/// Earth other than (0, 0).
fn parse_gps(field: &str) -> Option<(f64, f64)> {
    let (lat, lon) = field.split_once(',')?;
    let lat: f64 = lat.trim().parse().ok()?;
    let lon: f64 = lon.trim().parse().ok()?;
    let plausible = lat.is_finite()
        && lon.is_finite()
        && (-90.0..=90.0).contains(&lat)
        && (-180.0..=180.0).contains(&lon)
        && !(lat == 0.0 && lon == 0.0);
    plausible.then_some((lat, lon))
}

type Reader = csv::Reader<std::io::Cursor<Vec<u8>>>;

fn open(path: &Path) -> Result<Reader, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    // csv reports the previous line for records after a CRLF
    // (BurntSushi/rust-csv#395), and La Poste's file is CRLF: read it as LF.
    let mut text = Vec::with_capacity(bytes.len());
    for (i, &b) in bytes.iter().enumerate() {
        if !(b == b'\r' && bytes.get(i + 1) == Some(&b'\n')) {
            text.push(b);
        }
    }
    Ok(csv::ReaderBuilder::new()
        .delimiter(b';')
        .trim(csv::Trim::All)
        .from_reader(std::io::Cursor::new(text)))
}

/// Indices of the columns a task needs, found by header name.
struct Columns<const N: usize> {
    indices: [usize; N],
}

impl<const N: usize> Columns<N> {
    fn find(path: &Path, reader: &mut Reader, names: &[&str; N]) -> Result<Self, String> {
        let headers = reader.headers().map_err(|e| csv_error(path, &e))?;
        let mut indices = [0; N];
        for (index, name) in indices.iter_mut().zip(names) {
            *index = headers.iter().position(|h| h == *name).ok_or_else(|| {
                format!(
                    "{}: line 1: no column `{name}` in the header",
                    path.display()
                )
            })?;
        }
        Ok(Columns { indices })
    }

    /// The fields, in the order of the names given to `find`. A record has
    /// every column (the reader rejects ragged lines).
    fn get<'r>(&self, record: &'r csv::StringRecord) -> [&'r str; N] {
        self.indices.map(|i| record.get(i).unwrap_or(""))
    }
}

fn line_of(record: &csv::StringRecord) -> u64 {
    record.position().map_or(0, csv::Position::line)
}

fn csv_error(path: &Path, error: &csv::Error) -> String {
    match error.position() {
        Some(position) => format!("{}: line {}: {error}", path.display(), position.line()),
        None => format!("{}: {error}", path.display()),
    }
}

fn is_digits(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_digit())
}

/// Five characters: digits, or `2A`/`2B` (Corsica) then three digits.
fn is_insee(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 5
        && b[2..].iter().all(u8::is_ascii_digit)
        && (b[..2].iter().all(u8::is_ascii_digit) || matches!(&b[..2], b"2A" | b"2B"))
}

/// Same rule as `tpe_shared::communes::department_of`.
fn department_of(insee: &str) -> Option<&str> {
    if !is_insee(insee) {
        return None;
    }
    let len = if insee.starts_with("97") || insee.starts_with("98") {
        3
    } else {
        2
    };
    Some(&insee[..len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degrees_are_rounded_to_four_decimals_without_trailing_zeros() {
        assert_eq!(degrees(49.3791742979), "49.3792");
        assert_eq!(degrees(3.32471758491), "3.3247");
        assert_eq!(degrees(49.37900001), "49.379");
        assert_eq!(degrees(2.0), "2");
        assert_eq!(degrees(-0.00001), "0");
    }

    #[test]
    fn gps_field_is_lat_comma_lon() {
        assert_eq!(parse_gps("49.5,3.25"), Some((49.5, 3.25)));
        assert_eq!(parse_gps("0,0"), None);
        assert_eq!(parse_gps("49.5"), None);
        assert_eq!(parse_gps(""), None);
        assert_eq!(parse_gps("91,3"), None);
    }

    #[test]
    fn insee_codes_and_departments() {
        assert_eq!(department_of("62041"), Some("62"));
        assert_eq!(department_of("2A004"), Some("2A"));
        assert_eq!(department_of("97105"), Some("971"));
        assert_eq!(department_of("6204"), None);
        assert_eq!(department_of("2C004"), None);
    }
}
