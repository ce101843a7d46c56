//! The worker against a real HTTP upstream on 127.0.0.1, with faults.
//! Each test is what an operator would notice: what got published, what
//! stayed, what the report and manifest say.

mod common;

use common::*;
use sha2::{Digest, Sha256};
use std::time::{Duration, Instant};
use tpe_shared::model::{Manifest, SourceStatus, TerritorySnapshot};
use tpe_worker::config::Config;
use tpe_worker::publish::lock::RunLock;
use tpe_worker::sync::{self, SyncError, SyncOptions, SyncOutcome};

fn fs_source(up: &Upstream, extra: &str) -> String {
    source("fs", "france-services", &up.url("/fs.csv"), extra)
}

fn aids_source(up: &Upstream) -> String {
    source("aids", "aides-territoires", &up.url("/api/aids/"), "")
}

async fn sync_ok(cfg: &Config, opts: &SyncOptions) -> SyncOutcome {
    sync::run(cfg, opts).await.unwrap()
}

fn snapshot(cfg: &Config) -> TerritorySnapshot {
    serde_json::from_slice(&read(cfg, "territories/arras.json")).unwrap()
}

fn manifest(cfg: &Config) -> Manifest {
    serde_json::from_slice(&read(cfg, "manifest.json")).unwrap()
}

fn source_status(cfg: &Config, id: &str) -> (SourceStatus, bool) {
    let m = manifest(cfg);
    let s = m.sources.iter().find(|s| s.id == id).unwrap();
    (s.status, s.stale)
}

/// Sets up a good first run with the real France Services file and aids.
async fn good_first_run() -> (tempfile::TempDir, Upstream, Config) {
    let dir = tempfile::tempdir().unwrap();
    let up = Upstream::start().await;
    up.set(
        "/fs.csv",
        vec![Reply::Body {
            body: repo_file(FS_2024),
            etag: Some("\"v1\"".into()),
        }],
    );
    up.set(
        "/api/aids/",
        vec![Reply::Body {
            body: repo_file(AIDS),
            etag: None,
        }],
    );
    let cfg = config(
        dir.path(),
        &format!("{}{}", fs_source(&up, ""), aids_source(&up)),
    );
    let o = sync_ok(&cfg, &fast()).await;
    assert!(o.succeeded(), "{}", o.report.summary());
    (dir, up, cfg)
}

#[tokio::test]
async fn a_good_sync_publishes_snapshot_manifest_and_report() {
    let (_dir, _up, cfg) = good_first_run().await;
    let snap = snapshot(&cfg);
    assert!(
        snap.venues.iter().any(|v| v.id == "fs:1940"),
        "PIMMS Arras is published"
    );
    assert!(snap.venues.iter().all(|v| v.position().is_some()));
    assert_eq!(
        snap.aids.len(),
        2,
        "ADEN and DACS; INAC and the 2020 cheque have expired"
    );
    let m = manifest(&cfg);
    let t = &m.territories[0];
    assert_eq!(t.file, "territories/arras.json");
    let digest: String = Sha256::digest(read(&cfg, &t.file))
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(t.sha256, digest);
    assert_eq!(t.venues, snap.venues.len());
    assert_eq!(source_status(&cfg, "fs"), (SourceStatus::Ok, false));
    let report = json(&cfg, "report.json");
    assert!(report["entries"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["reason"]
            .as_str()
            .unwrap()
            .contains("deadline 2022-12-31")));
    // The widget's commune table is published beside the manifest, readable
    // by the engine that will parse it in the browser.
    let table = String::from_utf8(read(&cfg, "communes-hdf.csv")).unwrap();
    let communes = tpe_shared::communes::CommuneIndex::parse(&table).unwrap();
    assert_eq!(
        communes.by_insee("62041").map(|c| c.name.as_str()),
        Some("Arras")
    );
}

#[tokio::test]
async fn an_unchanged_sync_answered_304_rewrites_nothing() {
    let (_dir, up, cfg) = good_first_run().await;
    let before: Vec<_> = ["territories/arras.json", "manifest.json", "report.json"]
        .iter()
        .map(|f| {
            (
                read(&cfg, f),
                std::fs::metadata(out(&cfg, f)).unwrap().modified().unwrap(),
            )
        })
        .collect();
    let o = sync_ok(&cfg, &fast()).await;
    assert!(o.succeeded());
    assert_eq!(
        up.conditional_hits("/fs.csv"),
        1,
        "the second fetch sent If-None-Match"
    );
    let p = o.publish.unwrap();
    assert_eq!((p.written, p.unchanged, p.manifest_written), (0, 1, false));
    for (f, (bytes, mtime)) in ["territories/arras.json", "manifest.json", "report.json"]
        .iter()
        .zip(before)
    {
        assert_eq!(read(&cfg, f), bytes, "{f}");
        assert_eq!(
            std::fs::metadata(out(&cfg, f)).unwrap().modified().unwrap(),
            mtime,
            "{f}"
        );
    }
}

#[tokio::test]
async fn a_500_then_success_is_retried() {
    let dir = tempfile::tempdir().unwrap();
    let up = Upstream::start().await;
    up.set(
        "/fs.csv",
        vec![
            Reply::Status {
                code: 500,
                retry_after: None,
            },
            Reply::Body {
                body: repo_file(FS_2024),
                etag: None,
            },
        ],
    );
    let cfg = config(dir.path(), &fs_source(&up, ""));
    let o = sync_ok(&cfg, &fast()).await;
    assert!(o.succeeded(), "{}", o.report.summary());
    assert_eq!(up.hits("/fs.csv"), 2);
    assert!(!snapshot(&cfg).venues.is_empty());
}

#[tokio::test]
async fn a_429_with_retry_after_is_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let up = Upstream::start().await;
    up.set(
        "/fs.csv",
        vec![
            Reply::Status {
                code: 429,
                retry_after: Some("1".into()),
            },
            Reply::Body {
                body: repo_file(FS_2024),
                etag: None,
            },
        ],
    );
    let cfg = config(dir.path(), &fs_source(&up, ""));
    let start = Instant::now();
    let o = sync_ok(&cfg, &fast()).await;
    assert!(o.succeeded());
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        start.elapsed()
    );
    assert_eq!(up.hits("/fs.csv"), 2);
}

#[tokio::test]
async fn a_source_that_never_answers_times_out_and_keeps_its_last_good_data() {
    let (dir, up, _) = good_first_run().await;
    let before = snapshot(&config(
        dir.path(),
        &format!("{}{}", fs_source(&up, ""), aids_source(&up)),
    ));
    // Same sources, now with a 1 s timeout and an upstream that takes 3 s.
    let cfg = config(
        dir.path(),
        &format!("{}{}", fs_source(&up, "timeout_s = 1"), aids_source(&up)),
    );
    up.set(
        "/fs.csv",
        vec![Reply::Slow {
            delay: Duration::from_secs(3),
            body: repo_file(FS_2024),
        }],
    );
    let o = sync_ok(&cfg, &fast()).await;
    assert!(!o.succeeded());
    assert_eq!(o.failed_sources, ["fs"]);
    assert_eq!(up.hits("/fs.csv"), 1 + 3, "three attempts");
    let fs = o.report.sources.iter().find(|s| s.id == "fs").unwrap();
    assert!(
        fs.error.as_deref().unwrap().contains("within 1 s"),
        "{:?}",
        fs.error
    );
    assert_eq!(
        snapshot(&cfg).venues,
        before.venues,
        "the venues are the last good ones"
    );
    assert_eq!(source_status(&cfg, "fs"), (SourceStatus::Stale, true));
}

#[tokio::test]
async fn a_truncated_body_is_a_failure_not_a_smaller_file() {
    let (dir, up, cfg) = good_first_run().await;
    let before = snapshot(&cfg).venues;
    let body = repo_file(FS_2024);
    let cut = truncating_server(body[..body.len() / 3].to_vec(), body.len()).await;
    let cfg = config(
        dir.path(),
        &format!(
            "{}{}",
            source("fs", "france-services", &format!("http://{cut}/fs.csv"), ""),
            aids_source(&up)
        ),
    );
    let o = sync_ok(&cfg, &fast()).await;
    assert_eq!(o.failed_sources, ["fs"]);
    let err = o.report.sources[0].error.clone().unwrap();
    assert!(err.contains("cut short"), "{err}");
    assert_eq!(snapshot(&cfg).venues, before);
}

#[tokio::test]
async fn invalid_json_marks_the_aid_source_stale_and_keeps_its_aids() {
    let (_dir, up, cfg) = good_first_run().await;
    up.set(
        "/api/aids/",
        vec![Reply::Body {
            body: b"{\"count\": 5, \"results\": [{\"id\": 1,".to_vec(),
            etag: None,
        }],
    );
    let o = sync_ok(&cfg, &fast()).await;
    assert_eq!(o.failed_sources, ["aids"]);
    assert!(o.report.sources[1]
        .error
        .as_deref()
        .unwrap()
        .contains("JSON"));
    assert_eq!(snapshot(&cfg).aids.len(), 2);
    assert_eq!(source_status(&cfg, "aids"), (SourceStatus::Stale, true));
    assert!(
        !source_status(&cfg, "fs").1,
        "the other source still refreshed"
    );
}

#[tokio::test]
async fn a_renamed_required_column_is_schema_drift() {
    let (_dir, up, cfg) = good_first_run().await;
    let before = snapshot(&cfg).venues;
    let drifted =
        String::from_utf8(repo_file(FS_2024))
            .unwrap()
            .replacen("\"code_postal\"", "\"cp\"", 1);
    up.set(
        "/fs.csv",
        vec![Reply::Body {
            body: drifted.into_bytes(),
            etag: Some("\"v2\"".into()),
        }],
    );
    let o = sync_ok(&cfg, &fast()).await;
    assert_eq!(o.failed_sources, ["fs"]);
    assert!(o.report.sources[0]
        .error
        .as_deref()
        .unwrap()
        .contains("code_postal"));
    assert_eq!(snapshot(&cfg).venues, before);
}

#[tokio::test]
async fn a_latin1_csv_is_decoded_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let up = Upstream::start().await;
    let text = String::from_utf8(repo_file(FS_2024)).unwrap();
    let (latin1, _, lossy) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!lossy);
    up.set(
        "/fs.csv",
        vec![Reply::Body {
            body: latin1.into_owned(),
            etag: None,
        }],
    );
    let cfg = config(dir.path(), &fs_source(&up, ""));
    let o = sync_ok(&cfg, &fast()).await;
    assert!(o.succeeded());
    let snap = snapshot(&cfg);
    let lenoir = snap.venues.iter().find(|v| v.id == "fs:2231").unwrap();
    assert_eq!(lenoir.nom, "France services d'Arras - Marie-Thérèse Lenoir");
    let report = json(&cfg, "report.json");
    assert_eq!(report["sources"][0]["encoding"], "windows1252");
    assert!(report["entries"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["field"] == "(encoding)"));
}

#[tokio::test]
async fn duplicate_ids_keep_the_first_record_and_report_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let up = Upstream::start().await;
    let text = String::from_utf8(repo_file(FS_2024)).unwrap();
    let pimms = text.lines().find(|l| l.starts_with("\"1940\"")).unwrap();
    let doubled = format!("{text}{}\n{}\n", pimms.replace("Pimms", "Copie"), pimms);
    up.set(
        "/fs.csv",
        vec![Reply::Body {
            body: doubled.into_bytes(),
            etag: None,
        }],
    );
    let cfg = config(dir.path(), &fs_source(&up, ""));
    let o = sync_ok(&cfg, &fast()).await;
    let dups: Vec<_> = o
        .report
        .entries
        .iter()
        .filter(|e| e.record_id == "1940" && e.field == "id")
        .collect();
    assert_eq!(dups.len(), 2, "{dups:?}");
    assert!(dups[0].reason.contains("same id"));
    assert_eq!(
        snapshot(&cfg)
            .venues
            .iter()
            .filter(|v| v.id == "fs:1940")
            .count(),
        1
    );
}

#[tokio::test]
async fn a_90_percent_shrink_is_refused_unless_forced() {
    let (_dir, up, cfg) = good_first_run().await;
    let before = read(&cfg, "territories/arras.json");
    let text = String::from_utf8(repo_file(FS_2024)).unwrap();
    let tenth: Vec<&str> = text.lines().take(21).collect();
    up.set(
        "/fs.csv",
        vec![Reply::Body {
            body: tenth.join("\n").into_bytes(),
            etag: Some("\"small\"".into()),
        }],
    );
    let o = sync_ok(&cfg, &fast()).await;
    assert!(!o.succeeded(), "a refused territory fails the run");
    assert_eq!(o.publish.as_ref().unwrap().refused, 1);
    let note = o.report.territories[0].note.clone().unwrap();
    assert!(
        note.contains("max_shrink_percent") && note.contains("--force"),
        "{note}"
    );
    assert_eq!(
        read(&cfg, "territories/arras.json"),
        before,
        "the old file stays"
    );
    let forced = sync_ok(
        &cfg,
        &SyncOptions {
            force: true,
            ..fast()
        },
    )
    .await;
    assert_eq!(forced.publish.unwrap().written, 1);
    assert!(snapshot(&cfg).venues.len() < 5);
}

#[tokio::test]
async fn a_concurrent_run_is_refused_at_once() {
    let (_dir, _up, cfg) = good_first_run().await;
    let _held = RunLock::acquire(&cfg.state_dir).unwrap();
    let start = Instant::now();
    match sync::run(&cfg, &fast()).await {
        Err(SyncError::Lock(tpe_worker::publish::lock::LockError::Busy(_))) => {}
        other => panic!("expected a busy lock, got {other:?}"),
    }
    assert!(start.elapsed() < Duration::from_secs(1));
}

#[tokio::test]
async fn a_crash_between_temp_write_and_rename_leaves_valid_published_files() {
    let (_dir, up, cfg) = good_first_run().await;
    let before = read(&cfg, "territories/arras.json");
    let text = String::from_utf8(repo_file(FS_2024))
        .unwrap()
        .replace("Pimms", "PIMMS");
    up.set(
        "/fs.csv",
        vec![Reply::Body {
            body: text.into_bytes(),
            etag: Some("\"v3\"".into()),
        }],
    );
    let crash = sync::run(
        &cfg,
        &SyncOptions {
            crash_after_temp: true,
            ..fast()
        },
    )
    .await;
    assert!(matches!(crash, Err(SyncError::Publish(_))));
    // What a reader sees: the old, complete, consistent files.
    assert_eq!(read(&cfg, "territories/arras.json"), before);
    let m = manifest(&cfg);
    let digest: String = Sha256::digest(&before)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(m.territories[0].sha256, digest);
    // The next run cleans the leftover and publishes.
    let o = sync_ok(&cfg, &fast()).await;
    assert_eq!(o.publish.unwrap().written, 1);
    let names: Vec<String> = std::fs::read_dir(out(&cfg, "territories"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["arras.json"]);
}

#[tokio::test]
async fn hostile_records_never_reach_the_output_as_markup_or_links() {
    let dir = tempfile::tempdir().unwrap();
    let up = Upstream::start().await;
    let venues = r#"[
      {"id":"h1","nom":"<script>alert('x')</script>Atelier","adresse":"1 rue <img src=x onerror=alert(1)>de Douai","code_postal":"62000","commune":"Arras",
       "latitude":50.29,"longitude":2.77,"site_web":"javascript:alert(1)|https://ok.example.fr","prise_rdv":"JaVaScRiPt:alert(2)",
       "services":"Aide aux démarches administratives|<b>Faux</b>","horaires":"Mo 09:00-12:00<script>"},
      {"id":"h2","nom":"&lt;img src=x onerror=alert(3)&gt;Club","adresse":"2 rue","code_postal":"62000","commune":"Arras","latitude":50.29,"longitude":2.771,
       "courriels":"a@b.fr|<x>@y.fr","telephone":"javascript:alert(4)"}
    ]"#;
    let aids = r#"{"count":1,"next":null,"previous":null,"results":[{"id":7,"name":"<i>Aide</i> piégée","description":"<p onclick=\"alert(5)\">Texte</p><script>alert(6)</script>",
       "perimeter":"Pas-de-Calais","targeted_audiences":["Entreprises privées"],"origin_url":"javascript:alert(7)","url":"/aides/x/"}]}"#;
    up.set(
        "/lieux.json",
        vec![Reply::Body {
            body: venues.as_bytes().to_vec(),
            etag: None,
        }],
    );
    up.set(
        "/api/aids/",
        vec![Reply::Body {
            body: aids.as_bytes().to_vec(),
            etag: None,
        }],
    );
    let cfg = config(
        dir.path(),
        &format!(
            "{}{}",
            source("med", "mediation-numerique", &up.url("/lieux.json"), ""),
            aids_source(&up)
        ),
    );
    let o = sync_ok(&cfg, &fast()).await;
    assert!(o.succeeded(), "{}", o.report.summary());
    let published = String::from_utf8(read(&cfg, "territories/arras.json"))
        .unwrap()
        .to_lowercase();
    for bad in [
        "<script",
        "<img",
        "onerror=alert",
        "javascript:",
        "<b>",
        "<i>",
        "onclick",
    ] {
        assert!(
            !published.contains(bad),
            "`{bad}` reached the output: {published}"
        );
    }
    let snap = snapshot(&cfg);
    assert_eq!(snap.venues.len(), 2);
    assert_eq!(snap.aids[0].name, "Aide piégée");
    assert_eq!(
        snap.aids[0].origin_url.as_deref(),
        Some(&*up.url("/aides/x/"))
    );
    let report = String::from_utf8(read(&cfg, "report.json")).unwrap();
    assert!(report.contains("only http:// and https:// links are published (got javascript:)"));
}

#[tokio::test]
async fn the_real_2022_file_is_ingested_with_its_defects_reported() {
    let dir = tempfile::tempdir().unwrap();
    let up = Upstream::start().await;
    up.set(
        "/fs2022.csv",
        vec![Reply::Body {
            body: repo_file("tests/fixtures/france-services-hdf-20221201.csv"),
            etag: None,
        }],
    );
    let cfg = config(
        dir.path(),
        &source("fs", "france-services", &up.url("/fs2022.csv"), ""),
    );
    let o = sync_ok(&cfg, &fast()).await;
    assert!(o.succeeded());
    let fs = &o.report.sources[0];
    // The 12 Oise antennas without address or postal code.
    assert_eq!(fs.rejected, 12, "{}", o.report.summary());
    assert_eq!(fs.kept, 201 - 12);
    let reasons: Vec<String> = o
        .report
        .entries
        .iter()
        .map(|e| format!("{} {} {}", e.record_id, e.field, e.reason))
        .collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.starts_with("2889 ") && r.contains("required")),
        "{reasons:?}"
    );
    assert!(reasons.iter().any(|r| r.contains("older (2022) header")));
}

fn aid(id: u32, name: &str) -> String {
    format!(
        r#"{{"id":{id},"name":"{name}","perimeter":"Pas-de-Calais","targeted_audiences":["Entreprises privées"]}}"#
    )
}

#[tokio::test]
async fn aid_pages_are_followed_with_the_bearer_token() {
    let dir = tempfile::tempdir().unwrap();
    let up = Upstream::start().await;
    let page1 = format!(
        r#"{{"count":3,"next":"{}","previous":null,"results":[{},{}]}}"#,
        up.url("/api/aids/?page=2"),
        aid(1, "Un"),
        aid(2, "Deux")
    );
    let page2 = format!(
        r#"{{"count":3,"next":null,"previous":"x","results":[{}]}}"#,
        aid(3, "Trois")
    );
    up.set(
        "/api/aids/",
        vec![Reply::Body {
            body: page1.into_bytes(),
            etag: None,
        }],
    );
    up.set(
        "/api/aids/?page=2",
        vec![Reply::Body {
            body: page2.into_bytes(),
            etag: None,
        }],
    );
    std::env::set_var("TPE_TEST_AID_TOKEN", "s3cret");
    let src = source(
        "aids",
        "aides-territoires",
        &up.url("/api/aids/"),
        "token_env = \"TPE_TEST_AID_TOKEN\"",
    );
    let cfg = config(dir.path(), &src);
    let o = sync_ok(&cfg, &fast()).await;
    assert!(o.succeeded(), "{}", o.report.summary());
    let names: Vec<String> = snapshot(&cfg).aids.into_iter().map(|a| a.name).collect();
    assert_eq!(names, ["Un", "Deux", "Trois"]);
    let auth = up.script.lock().unwrap().auth.clone();
    assert_eq!(auth.len(), 2);
    assert!(
        auth.iter()
            .all(|(_, a)| a.as_deref() == Some("Bearer s3cret")),
        "{auth:?}"
    );
}

#[tokio::test]
async fn a_next_link_to_another_site_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let up = Upstream::start().await;
    let elsewhere = format!("http://localhost:{}/steal", up.addr.port());
    let page1 = format!(
        r#"{{"count":2,"next":"{elsewhere}","previous":null,"results":[{}]}}"#,
        aid(1, "Un")
    );
    up.set(
        "/api/aids/",
        vec![Reply::Body {
            body: page1.into_bytes(),
            etag: None,
        }],
    );
    let cfg = config(dir.path(), &aids_source(&up));
    let o = sync_ok(&cfg, &fast()).await;
    assert_eq!(o.failed_sources, ["aids"]);
    assert!(o.report.sources[0]
        .error
        .as_deref()
        .unwrap()
        .contains("not on the source's own site"));
    assert_eq!(up.hits("/steal"), 0);
}

#[tokio::test]
async fn nothing_is_skipped_when_the_config_changed_even_if_sources_did_not() {
    let (dir, up, cfg) = good_first_run().await;
    let again = sync_ok(&cfg, &fast()).await;
    assert_eq!(
        again.publish.unwrap().unchanged,
        1,
        "same inputs: nothing to do"
    );
    let text = std::fs::read_to_string(dir.path().join("worker.toml"))
        .unwrap()
        .replace("name = \"Arras\"", "name = \"Arras (Pas-de-Calais)\"");
    std::fs::write(dir.path().join("worker.toml"), text).unwrap();
    let cfg = Config::load(&dir.path().join("worker.toml")).unwrap();
    let o = sync_ok(&cfg, &fast()).await;
    assert!(o.succeeded());
    assert_eq!(
        up.conditional_hits("/fs.csv"),
        2,
        "sources were answered 304"
    );
    assert_eq!(o.publish.unwrap().written, 1, "the new name was applied");
    assert_eq!(snapshot(&cfg).territory.name, "Arras (Pas-de-Calais)");
}

#[tokio::test]
async fn a_body_over_the_size_cap_is_refused_and_the_last_good_data_kept() {
    let (dir, up, cfg) = good_first_run().await;
    let before = snapshot(&cfg).venues;
    let cfg = config(
        dir.path(),
        &format!(
            "{}{}",
            fs_source(&up, "max_bytes = 10000"),
            aids_source(&up)
        ),
    );
    up.set(
        "/fs.csv",
        vec![Reply::Body {
            body: repo_file(FS_2024),
            etag: Some("\"big\"".into()),
        }],
    );
    let o = sync_ok(&cfg, &fast()).await;
    assert_eq!(o.failed_sources, ["fs"]);
    assert!(o.report.sources[0]
        .error
        .as_deref()
        .unwrap()
        .contains("larger than the 10000-byte cap"));
    assert_eq!(up.hits("/fs.csv"), 2, "a size refusal is not retried");
    assert_eq!(snapshot(&cfg).venues, before);
}
