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

#[tokio::test]
async fn precompressed_files_are_sent_to_browsers_that_accept_them_and_head_tells_the_size() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = common::config(dir.path(), &local_sources());
    assert!(sync::run(&cfg, &SyncOptions::default())
        .await
        .unwrap()
        .succeeded());
    // What `cargo xtask dist` leaves: the file and its .br and .gz copies.
    let plain = vec![b'x'; 5000];
    std::fs::write(cfg.output_dir.join("big.json"), &plain).unwrap();
    std::fs::write(cfg.output_dir.join("big.json.br"), b"BROTLI").unwrap();
    std::fs::write(cfg.output_dir.join("big.json.gz"), b"GZIP!!!").unwrap();
    let base = start(&cfg).await;
    let client = reqwest::Client::new();
    let get = |enc: &'static str| {
        let client = client.clone();
        let url = format!("{base}/big.json");
        async move {
            let mut r = client.get(url);
            if !enc.is_empty() {
                r = r.header("accept-encoding", enc);
            }
            r.send().await.unwrap()
        }
    };

    let br = get("gzip, deflate, br").await;
    assert_eq!(br.headers()["content-encoding"], "br");
    assert_eq!(br.headers()["vary"], "Accept-Encoding");
    let br_tag = br.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(&br.bytes().await.unwrap()[..], b"BROTLI");
    let gz = get("gzip").await;
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    assert_ne!(gz.headers()["etag"].to_str().unwrap(), br_tag);
    assert_eq!(&gz.bytes().await.unwrap()[..], b"GZIP!!!");
    let refused = get("br;q=0, gzip").await;
    assert_eq!(refused.headers()["content-encoding"], "gzip");
    let identity = get("").await;
    assert!(identity.headers().get("content-encoding").is_none());
    assert_eq!(identity.bytes().await.unwrap().len(), 5000);

    // HEAD says how big the GET would be, instead of 0.
    let head = client
        .head(format!("{base}/territories/arras.json"))
        .send()
        .await
        .unwrap();
    let len: usize = head.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let body = client
        .get(format!("{base}/territories/arras.json"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(len, body.len());
    assert!(len > 1000);
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
