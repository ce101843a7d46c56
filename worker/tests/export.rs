//! `export --format mediation-numerique`: a real sync of the shipped
//! sources with the default config, exported, then checked by the real
//! `frictionless` validator against the national schema v1.0.2 (the copy in
//! `worker/schemas/`). Any validator error fails the test and is printed.

mod pytools;

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;
use tpe_worker::config::{Config, Location, SourceConfig};
use tpe_worker::export::{export_mediation_numerique, row::COLUMNS};
use tpe_worker::sync::{self, SyncOptions};

const SCHEMA: &str = "schemas/lieux-mediation-numerique.schema-v1.0.2.json";

/// The default config, publishing into `dir` instead of `www/data`.
fn default_config(dir: &Path) -> Config {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cfg = Config::load(&root.join("config/default.toml")).unwrap();
    cfg.output_dir = dir.join("out");
    cfg.state_dir = dir.join("state");
    cfg
}

/// Runs the validator from the folder holding both files (it refuses
/// absolute paths) and returns its JSON report.
fn frictionless(dir: &Path, csv: &str) -> serde_json::Value {
    let bin = pytools::tool("frictionless", "frictionless>=5,<6");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(SCHEMA),
        dir.join("schema.json"),
    )
    .unwrap();
    let out = Command::new(bin)
        .current_dir(dir)
        .args(["validate", "--json", "--schema", "schema.json", csv])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "frictionless printed no JSON ({e}):\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn errors(report: &serde_json::Value) -> Vec<String> {
    let mut all: Vec<String> = report["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e["message"].to_string())
        .collect();
    for t in report["tasks"].as_array().into_iter().flatten() {
        for e in t["errors"].as_array().into_iter().flatten() {
            all.push(format!(
                "row {} field {}: {} — {}",
                e["rowNumber"], e["fieldName"], e["type"], e["message"]
            ));
        }
    }
    all
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_default_config_exports_a_file_the_national_validator_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = default_config(dir.path());
    // One curated offer, to see it land in the companion file only.
    let offers = dir.path().join("offers.toml");
    std::fs::write(
        &offers,
        "[[offers]]\nvenue = \"france-services:1940\"\ntopics = [\"admin\", \"invoicing\"]\n\
         note = \"Atelier facture électronique, sur rendez-vous\"\n\
         source_url = \"https://example.org/annonce\"\n",
    )
    .unwrap();
    let curated = cfg
        .sources
        .iter()
        .find(|s| s.id == "curated")
        .cloned()
        .unwrap();
    cfg.sources.push(SourceConfig {
        id: "test-offers".into(),
        location: Location::File(offers.clone()),
        url: offers.display().to_string(),
        ..curated
    });
    let outcome = sync::run(&cfg, &SyncOptions::default()).await.unwrap();
    assert!(outcome.publish.is_some_and(|p| p.manifest_written));

    let out = dir.path().join("export.csv");
    let summary = export_mediation_numerique(&cfg.output_dir, &out).unwrap();
    let report = frictionless(dir.path(), "export.csv");
    let errs = errors(&report);
    println!(
        "exported {} rows ({} left out, {} values left empty), {} offer(s); frictionless: valid = {}, stats = {}",
        summary.rows,
        summary.skipped.len(),
        summary.dropped.len(),
        summary.offers,
        report["valid"],
        report["stats"]
    );
    for e in &errs {
        println!("  {e}");
    }
    assert!(errs.is_empty() && report["valid"] == true, "{errs:#?}");
    assert_eq!(report["tasks"][0]["stats"]["rows"], summary.rows);

    // Exact columns, one row per published venue id across territories.
    let (header, rows) = read_csv(&out);
    assert_eq!(header, COLUMNS);
    let mut published = HashSet::new();
    for t in ["soissons", "arras", "calais"] {
        let snap: serde_json::Value = serde_json::from_slice(
            &std::fs::read(cfg.output_dir.join(format!("territories/{t}.json"))).unwrap(),
        )
        .unwrap();
        for v in snap["venues"].as_array().unwrap() {
            published.insert(v["id"].as_str().unwrap().to_string());
        }
    }
    let exported: HashSet<String> = rows.iter().map(|r| r[0].clone()).collect();
    assert_eq!(exported.len(), rows.len(), "ids are unique");
    assert_eq!(exported, published);
    assert!(rows.len() >= 50, "{} rows", rows.len());

    // The offer is in the companion file, keyed by a venue id of the export,
    // and nowhere in the standard's file.
    let (oh, orows) = read_csv(&summary.offers_path);
    assert_eq!(oh, ["id", "topics", "contact", "note", "source_url"]);
    assert_eq!(orows.len(), summary.offers);
    assert!(orows.iter().all(|o| exported.contains(&o[0])), "{orows:?}");
    assert!(
        orows.iter().any(|o| o[1] == "admin|invoicing"),
        "the test's offer: {orows:?}"
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(!text.contains("facture électronique"));
}

#[test]
fn export_before_any_sync_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let e = export_mediation_numerique(&dir.path().join("nothing"), &dir.path().join("x.csv"))
        .unwrap_err();
    assert!(e.to_string().contains("run `tpe-worker sync` first"), "{e}");
    assert!(!dir.path().join("x.csv").exists());
}

/// Writes a published folder by hand: two territories sharing a venue, and
/// venues with every value the standard would refuse.
fn hand_made_publication(dir: &Path) {
    use sha2::{Digest, Sha256};
    let venue = |id: &str, extra: serde_json::Value| {
        let mut v = serde_json::json!({
            "id": id, "nom": "Médiathèque \"L'Odyssée\", espace numérique\nétage 1",
            "adresse": "1 place de la Gare", "code_postal": "62000", "commune": "Arras",
            "source_refs": [{"source": "src", "id": id}],
        });
        v.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        v
    };
    let shared = venue(
        "src:shared",
        serde_json::json!({"latitude": 50.29, "longitude": 2.77}),
    );
    let hostile = venue(
        "src:hostile",
        serde_json::json!({
            "telephone": "03 21 00 00 00", "code_insee": "20001", "latitude": 0.0, "longitude": 0.0,
            "services": ["Comprehension du monde numérique", "Créer et développer mon entreprise"],
            "modalites_acces": ["se présenter"],
            "site_web": ["https://a.example/x|y", "https://b.example/"],
            "business_offer": {"topics": ["invoicing"], "note": "Atelier, sur rendez-vous"},
        }),
    );
    let no_postcode = venue("src:bad-cp", serde_json::json!({"code_postal": "6200"}));
    std::fs::create_dir_all(dir.join("territories")).unwrap();
    let mut entries = Vec::new();
    for (t, venues) in [
        ("arras", vec![shared.clone(), hostile]),
        ("calais", vec![shared, no_postcode]),
    ] {
        let snap = serde_json::json!({
            "schema_version": 1, "generated_at": "2026-11-29T04:00:00+01:00",
            "territory": {"id": t, "name": t, "insee": "62041",
                          "centre": {"lat": 50.29, "lon": 2.77}, "radius_km": 20.0},
            "venues": venues, "aids": [], "sources": [],
        });
        let bytes = serde_json::to_vec(&snap).unwrap();
        let file = format!("territories/{t}.json");
        std::fs::write(dir.join(&file), &bytes).unwrap();
        let sha: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        entries.push(
            serde_json::json!({"id": t, "name": t, "file": file, "sha256": sha,
            "venues": 2, "aids": 0, "generated_at": "2026-11-29T04:00:00+01:00"}),
        );
    }
    let manifest = serde_json::json!({"schema_version": 1,
        "generated_at": "2026-11-29T04:00:00+01:00", "territories": entries, "sources": []});
    std::fs::write(dir.join("manifest.json"), manifest.to_string()).unwrap();
}

#[test]
fn values_the_standard_would_refuse_never_reach_the_file() {
    let dir = tempfile::tempdir().unwrap();
    hand_made_publication(&dir.path().join("out"));
    let out = dir.path().join("export.csv");
    let summary = export_mediation_numerique(&dir.path().join("out"), &out).unwrap();
    let report = frictionless(dir.path(), "export.csv");
    let errs = errors(&report);
    assert!(errs.is_empty() && report["valid"] == true, "{errs:#?}");
    // The shared venue once, the venue without a postcode left out.
    assert_eq!(summary.rows, 2, "{summary:?}");
    assert_eq!(summary.skipped.len(), 1, "{summary:?}");
    let (header, rows) = read_csv(&out);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let hostile = rows.iter().find(|r| r[0] == "src:hostile").unwrap();
    assert_eq!(hostile[col("telephone")], "");
    assert_eq!(hostile[col("code_insee")], "");
    assert_eq!(
        (
            &hostile[col("latitude")][..],
            &hostile[col("longitude")][..]
        ),
        ("", "")
    );
    assert_eq!(hostile[col("services")], "Compréhension du monde numérique");
    assert_eq!(hostile[col("modalites_acces")], "Se présenter");
    assert_eq!(hostile[col("site_web")], "https://b.example/");
    assert_eq!(hostile[col("pivot")], "00000000000000");
    assert_eq!(hostile[col("date_maj")], "2026-11-29");
    assert!(hostile[col("nom")].contains("\"L'Odyssée\", espace numérique\nétage 1"));
    // Each refused value is named in the summary.
    for field in ["telephone", "code_insee", "services", "site_web"] {
        assert!(
            summary.dropped.iter().any(|d| d.contains(field)),
            "{field}: {:?}",
            summary.dropped
        );
    }
    let (_, offers) = read_csv(&summary.offers_path);
    assert_eq!(
        offers,
        [[
            "src:hostile",
            "invoicing",
            "",
            "Atelier, sur rendez-vous",
            ""
        ]]
    );
}
