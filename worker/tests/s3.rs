//! Publishing to S3-compatible object storage, against a real local S3
//! server (`moto_server` from PyPI, started and killed by the test): a good
//! publish of three territories read back file by file with the headers a
//! CDN would pass on, an upload failing half-way that leaves readers on the old
//! manifest, and the previous versions kept.

mod pytools;

use object_store::aws::AmazonS3Builder;
use pytools::Moto;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;
use tpe_worker::config::Config;
use tpe_worker::publish::object::{ObjectOutcome, ObjectPublisher};
use tpe_worker::publish::object_url::ObjectUrl;
use tpe_worker::publish::store::CountingStore;
use tpe_worker::sync::{self, SyncOptions};

/// Three territories over the shipped sources; `radius_km` varies the
/// content from one version to the next.
fn write_config(dir: &Path, radius_km: u32, output_url: Option<&str>) -> Config {
    let sources = Path::new(env!("CARGO_MANIFEST_DIR")).join("sources");
    let src = |id: &str, kind: &str, file: &str| {
        format!(
            "[[sources]]\nid = \"{id}\"\nkind = \"{kind}\"\nurl = \"{}\"\n\n",
            sources.join(file).display()
        )
    };
    let mut text =
        String::from("output_dir = \"out\"\nstate_dir = \"state\"\nmax_shrink_percent = 30\n");
    if let Some(u) = output_url {
        text.push_str(&format!("output_url = \"{u}\"\n"));
    }
    for (id, name, insee) in [
        ("soissons", "Soissons", "02722"),
        ("arras", "Arras", "62041"),
        ("calais", "Calais", "62193"),
    ] {
        text.push_str(&format!(
            "\n[[territories]]\nid = \"{id}\"\nname = \"{name}\"\ninsee = \"{insee}\"\nradius_km = {radius_km}\n"
        ));
    }
    text.push('\n');
    text.push_str(&src(
        "france-services",
        "france-services",
        "france-services-hdf-20240801.csv",
    ));
    text.push_str(&src(
        "data-inclusion",
        "mediation-numerique",
        "lieux-mediation-numerique-v0-data-inclusion-hdf-2023.json",
    ));
    text.push_str(&src(
        "aides-territoires",
        "aides-territoires",
        "aides-territoires-hdf.json",
    ));
    let path = dir.join("worker.toml");
    std::fs::write(&path, text).unwrap();
    Config::load(&path).unwrap()
}

fn store(moto: &Moto, bucket: &str) -> CountingStore {
    let s3 = AmazonS3Builder::new()
        .with_endpoint(&moto.endpoint)
        .with_allow_http(true)
        .with_region("us-east-1")
        .with_access_key_id("testing")
        .with_secret_access_key("testing")
        .with_bucket_name(bucket)
        .build()
        .unwrap();
    CountingStore::new(Arc::new(s3))
}

/// One object as the S3 API answers it (signed GET: moto, like a real
/// bucket behind a CDN, refuses anonymous reads): status, the headers a
/// CDN would pass on, body.
struct Fetched {
    status: u16,
    cache_control: String,
    content_type: String,
    body: Vec<u8>,
}

async fn fetch(moto: &Moto, bucket: &str, key: &str) -> Fetched {
    use object_store::{Attribute, ObjectStoreExt};
    let s3 = AmazonS3Builder::new()
        .with_endpoint(&moto.endpoint)
        .with_allow_http(true)
        .with_region("us-east-1")
        .with_access_key_id("testing")
        .with_secret_access_key("testing")
        .with_bucket_name(bucket)
        .build()
        .unwrap();
    match s3.get(&object_store::path::Path::from(key)).await {
        Ok(r) => {
            let header = |a: &Attribute| {
                r.attributes
                    .get(a)
                    .map(|v| v.as_ref().to_string())
                    .unwrap_or_default()
            };
            let cache_control = header(&Attribute::CacheControl);
            let content_type = header(&Attribute::ContentType);
            Fetched {
                status: 200,
                cache_control,
                content_type,
                body: r.bytes().await.unwrap().to_vec(),
            }
        }
        Err(object_store::Error::NotFound { .. }) => Fetched {
            status: 404,
            cache_control: String::new(),
            content_type: String::new(),
            body: Vec::new(),
        },
        Err(e) => panic!("GET {key}: {e}"),
    }
}

/// Reads `manifest.json` and every file it names; checks caching headers
/// and hashes. Returns the manifest's bytes.
async fn read_back(moto: &Moto, bucket: &str, prefix: &str) -> Vec<u8> {
    let m = fetch(moto, bucket, &format!("{prefix}/manifest.json")).await;
    assert_eq!(m.status, 200);
    assert_eq!(m.cache_control, "public, max-age=60");
    assert_eq!(m.content_type, "application/json");
    let manifest: serde_json::Value = serde_json::from_slice(&m.body).unwrap();
    let territories = manifest["territories"].as_array().unwrap();
    assert_eq!(territories.len(), 3);
    for t in territories {
        let file = t["file"].as_str().unwrap();
        let id = t["id"].as_str().unwrap();
        assert!(
            file.starts_with(&format!("territories/{id}."))
                && file.len() == format!("territories/{id}..json").len() + 12,
            "hashed name: {file}"
        );
        let f = fetch(moto, bucket, &format!("{prefix}/{file}")).await;
        assert_eq!(f.status, 200, "{file} is missing");
        assert_eq!(
            f.cache_control, "public, max-age=31536000, immutable",
            "{file}"
        );
        assert_eq!(f.content_type, "application/json", "{file}");
        let sha: String = Sha256::digest(&f.body)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(sha, t["sha256"].as_str().unwrap(), "{file}");
    }
    m.body
}

async fn local_sync(cfg: &Config) {
    let outcome = sync::run(cfg, &SyncOptions::default()).await.unwrap();
    assert!(outcome.publish.is_some_and(|p| p.manifest_written));
}

async fn mirror(moto: &Moto, bucket: &str, prefix: &str, cfg: &Config) -> ObjectOutcome {
    ObjectPublisher {
        store: store(moto, bucket),
        url: ObjectUrl::parse(&format!("s3://{bucket}/{prefix}")).unwrap(),
    }
    .publish(&cfg.output_dir)
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_with_output_url_publishes_three_territories_that_read_back() {
    let moto = Moto::start().await;
    moto.bucket("tpe-data").await;
    let dir = tempfile::tempdir().unwrap();
    write_config(dir.path(), 20, Some("s3://tpe-data/hdf"));
    let run = || sync_command(&moto, &dir.path().join("worker.toml"), &[]);
    let started = Instant::now();
    let out = run();
    let wall = started.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = stdout
        .lines()
        .find(|l| l.starts_with("object storage"))
        .unwrap_or_else(|| panic!("no object storage line in:\n{stdout}"));
    println!("{line} (whole sync: {} ms)", wall.as_millis());
    assert!(line.contains("3 territory file(s) uploaded"), "{line}");
    assert!(line.contains("manifest written"), "{line}");

    read_back(&moto, "tpe-data", "hdf").await;
    let report = fetch(&moto, "tpe-data", "hdf/report.json").await;
    assert_eq!(report.status, 200);
    assert_eq!(report.cache_control, "public, max-age=60");

    // Nothing changed: the next run stops before publishing anything.
    let again = run();
    assert!(again.status.success());
    assert!(!String::from_utf8_lossy(&again.stdout).contains("uploaded"));

    // The bucket lost its files (a new, empty bucket behind the same URL):
    // `--force` publishes everything again although no source changed.
    delete_all(&moto, "tpe-data").await;
    let forced = sync_command(&moto, &dir.path().join("worker.toml"), &["--force"]);
    let stdout = String::from_utf8_lossy(&forced.stdout);
    assert!(forced.status.success(), "{stdout}");
    assert!(stdout.contains("3 territory file(s) uploaded"), "{stdout}");
    read_back(&moto, "tpe-data", "hdf").await;
}

/// `tpe-worker sync [extra] --config <config>` against the moto server.
fn sync_command(moto: &Moto, config: &Path, extra: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_tpe-worker"))
        .arg("sync")
        .args(extra)
        .arg("--config")
        .arg(config)
        .env("AWS_ENDPOINT_URL", &moto.endpoint)
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_ALLOW_HTTP", "true")
        .output()
        .unwrap()
}

/// Empties the bucket, as a new one would be.
async fn delete_all(moto: &Moto, bucket: &str) {
    let s = store(moto, bucket);
    let everything = object_store::path::Path::from("");
    for m in s.list(&everything).await.unwrap() {
        s.delete(&m.location).await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_failing_half_way_leaves_readers_on_the_old_manifest() {
    let moto = Moto::start().await;
    moto.bucket("tpe-fail").await;
    let dir = tempfile::tempdir().unwrap();
    local_sync(&write_config(dir.path(), 15, None)).await;
    let cfg = write_config(dir.path(), 15, None);
    // The widget's commune table, as `cargo xtask dist` leaves it.
    std::fs::write(
        cfg.output_dir.join("communes-hdf.csv"),
        "insee,nom\n62041,Arras\n",
    )
    .unwrap();
    let started = Instant::now();
    let first = mirror(&moto, "tpe-fail", "op", &cfg).await;
    println!(
        "first publish of 3 territories: {} ms, {} requests ({first:?})",
        started.elapsed().as_millis(),
        first.requests
    );
    assert_eq!((first.uploaded, first.manifest_written), (3, true));
    let old = read_back(&moto, "tpe-fail", "op").await;
    let communes = fetch(&moto, "tpe-fail", "op/communes-hdf.csv").await;
    assert_eq!(
        (communes.status, communes.content_type.as_str()),
        (200, "text/csv; charset=utf-8")
    );

    // A new version; the second upload fails.
    let cfg = write_config(dir.path(), 25, None);
    local_sync(&cfg).await;
    let e = ObjectPublisher {
        store: store(&moto, "tpe-fail").failing_put(2),
        url: ObjectUrl::parse("s3://tpe-fail/op").unwrap(),
    }
    .publish(&cfg.output_dir)
    .await
    .unwrap_err();
    assert!(e.to_string().contains("injected failure"), "{e}");
    assert_eq!(
        read_back(&moto, "tpe-fail", "op").await,
        old,
        "readers still see the old manifest"
    );

    // The next run finishes the job without re-sending what got there.
    let retry = mirror(&moto, "tpe-fail", "op", &cfg).await;
    assert_eq!((retry.already_there, retry.uploaded), (1, 2), "{retry:?}");
    assert_ne!(read_back(&moto, "tpe-fail", "op").await, old);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_three_previous_versions_stay_readable_and_older_ones_go() {
    let moto = Moto::start().await;
    moto.bucket("tpe-hist").await;
    let dir = tempfile::tempdir().unwrap();
    let mut manifests = Vec::new();
    for radius in [10, 12, 14, 16, 18] {
        let cfg = write_config(dir.path(), radius, None);
        local_sync(&cfg).await;
        mirror(&moto, "tpe-hist", "v", &cfg).await;
        manifests.push(read_back(&moto, "tpe-hist", "v").await);
        // Copies get distinct millisecond timestamps.
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let s = store(&moto, "tpe-hist");
    let root = object_store::path::Path::from("v");
    let mut copies: Vec<String> = s
        .list(&root)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.location.to_string())
        .filter(|k| k.starts_with("v/manifest.") && k != "v/manifest.json")
        .collect();
    copies.sort();
    assert_eq!(
        copies.len(),
        4,
        "the current manifest and the 3 before it: {copies:?}"
    );
    // Each kept copy is one of the last four versions, and every file it
    // names is still there.
    let mut named = std::collections::HashSet::new();
    for (copy, expected) in copies.iter().zip(&manifests[1..]) {
        let body = s
            .get(&object_store::path::Path::from(copy.as_str()))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(&body, expected, "{copy}");
        let m: serde_json::Value = serde_json::from_slice(&body).unwrap();
        for t in m["territories"].as_array().unwrap() {
            let file = format!("v/{}", t["file"].as_str().unwrap());
            let f = fetch(&moto, "tpe-hist", &file).await;
            assert_eq!(f.status, 200, "{copy} names {file}, which is gone");
            named.insert(file);
        }
    }
    // The oldest version's own files are pruned.
    let territories = s
        .list(&object_store::path::Path::from("v/territories"))
        .await
        .unwrap();
    assert!(territories
        .iter()
        .all(|m| named.contains(m.location.as_ref())));
    let first: serde_json::Value = serde_json::from_slice(&manifests[0]).unwrap();
    let pruned = first["territories"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| !named.contains(&format!("v/{}", t["file"].as_str().unwrap())))
        .count();
    assert!(pruned > 0, "version 1 had files only it named");
}
