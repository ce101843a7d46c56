//! `serve` answering a browser-like client, and `run` on a schedule.

mod common;

use std::time::{Duration, Instant};
use tpe_worker::sync::{self, SyncOptions};

async fn start(cfg: &tpe_worker::config::Config) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = tpe_worker::serve::app(cfg);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}")
}

fn local_sources() -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    format!(
        "{}{}",
        common::source(
            "fs",
            "france-services",
            &format!("{root}/{}", common::FS_2024),
            ""
        ),
        common::source(
            "aids",
            "aides-territoires",
            &format!("{root}/{}", common::AIDS),
            ""
        ),
    )
}

#[tokio::test]
async fn published_files_come_with_etag_cache_control_and_cors() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = common::config(dir.path(), &local_sources());
    let base = start(&cfg).await;
    let client = reqwest::Client::new();

    let health = client.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 503, "no sync yet");
    assert_eq!(health.text().await.unwrap(), "no successful sync yet");

    assert!(sync::run(&cfg, &SyncOptions::default())
        .await
        .unwrap()
        .succeeded());
    let r = client
        .get(format!("{base}/territories/arras.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let h = r.headers().clone();
    assert_eq!(h["access-control-allow-origin"], "*");
    assert_eq!(h["content-type"], "application/json");
    assert_eq!(h["cache-control"], "public, max-age=300");
    let etag = h["etag"].to_str().unwrap().to_string();
    let snap: tpe_shared::model::TerritorySnapshot =
        serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
    assert_eq!(snap.territory.id, "arras");

    let again = client
        .get(format!("{base}/territories/arras.json"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    let manifest = client
        .get(format!("{base}/manifest.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(manifest.headers()["cache-control"], "no-cache");
    for bad in [
        "/../worker.toml",
        "/territories/..%2F..%2Fworker.toml",
        "/nope.json",
    ] {
        assert_eq!(
            client
                .get(format!("{base}{bad}"))
                .send()
                .await
                .unwrap()
                .status(),
            404,
            "{bad}"
        );
    }
    assert_eq!(
        client
            .post(format!("{base}/manifest.json"))
            .send()
            .await
            .unwrap()
            .status(),
        405
    );

    assert_eq!(
        client
            .get(format!("{base}/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let metrics = client
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("tpe_worker_records_kept{source=\"fs\"} 205"),
        "{metrics}"
    );
    assert!(
        metrics.contains("tpe_worker_records_rejected{source=\"aids\"} 3"),
        "{metrics}"
    );
}

#[test]
fn run_syncs_on_schedule_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    common::config(dir.path(), &local_sources());
    let path = dir.path().join("worker.toml");
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "output_dir",
        "schedule = \"* * * * * *\"\noutput_dir",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tpe-worker"))
        .args(["run", "--config"])
        .arg(&path)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let manifest = dir.path().join("out/manifest.json");
    let start = Instant::now();
    while !manifest.exists() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(manifest.exists(), "a scheduled sync published");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let names: Vec<String> = std::fs::read_dir(dir.path().join("out/territories"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["arras.json"], "no temp file left behind");
}
