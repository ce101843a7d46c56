//! A real HTTP upstream on 127.0.0.1 for the worker's tests: serves
//! scripted answers per path (bodies, status codes, delays, cut-short
//! bodies) and records what the worker asked.

#![allow(dead_code)]

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tpe_worker::config::Config;
use tpe_worker::fetch::FetchSettings;
use tpe_worker::sync::SyncOptions;

/// One scripted answer.
#[derive(Clone, Debug)]
pub enum Reply {
    /// 200 with this body and ETag; 304 when the request carries it.
    Body { body: Vec<u8>, etag: Option<String> },
    Status {
        code: u16,
        retry_after: Option<String>,
    },
    /// Waits, then answers the body.
    Slow { delay: Duration, body: Vec<u8> },
}

#[derive(Default)]
pub struct Script {
    /// Answers used in order; the last one repeats.
    pub replies: HashMap<String, VecDeque<Reply>>,
    /// Every request: path and its If-None-Match.
    pub seen: Vec<(String, Option<String>)>,
    /// Every request: path and its Authorization header.
    pub auth: Vec<(String, Option<String>)>,
}

#[derive(Clone)]
pub struct Upstream {
    pub addr: SocketAddr,
    pub script: Arc<Mutex<Script>>,
}

impl Upstream {
    pub async fn start() -> Upstream {
        let script = Arc::new(Mutex::new(Script::default()));
        let app = axum::Router::new()
            .fallback(answer)
            .with_state(script.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Upstream { addr, script }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Replaces the answers for `path`.
    pub fn set(&self, path: &str, replies: Vec<Reply>) {
        self.script
            .lock()
            .unwrap()
            .replies
            .insert(path.to_string(), replies.into());
    }

    pub fn hits(&self, path: &str) -> usize {
        self.script
            .lock()
            .unwrap()
            .seen
            .iter()
            .filter(|(p, _)| p == path)
            .count()
    }

    pub fn conditional_hits(&self, path: &str) -> usize {
        self.script
            .lock()
            .unwrap()
            .seen
            .iter()
            .filter(|(p, c)| p == path && c.is_some())
            .count()
    }
}

async fn answer(State(script): State<Arc<Mutex<Script>>>, req: Request) -> Response {
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.to_string())
        .unwrap_or_default();
    let inm = req
        .headers()
        .get("if-none-match")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let auth = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let reply = {
        let mut s = script.lock().unwrap();
        s.seen.push((path.clone(), inm.clone()));
        s.auth.push((path.clone(), auth));
        let q = s.replies.entry(path).or_default();
        if q.len() > 1 {
            q.pop_front()
        } else {
            q.front().cloned()
        }
    };
    match reply {
        None => status(404, None),
        Some(Reply::Body { body, etag }) => {
            if etag.is_some() && etag == inm {
                return status(304, None);
            }
            let mut r = Response::new(Body::from(body));
            if let Some(e) = etag {
                r.headers_mut()
                    .insert("etag", HeaderValue::from_str(&e).unwrap());
            }
            r
        }
        Some(Reply::Status { code, retry_after }) => status(code, retry_after),
        Some(Reply::Slow { delay, body }) => {
            tokio::time::sleep(delay).await;
            Response::new(Body::from(body))
        }
    }
}

fn status(code: u16, retry_after: Option<String>) -> Response {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = StatusCode::from_u16(code).unwrap();
    let h: &mut HeaderMap = r.headers_mut();
    if let Some(ra) = retry_after {
        h.insert("retry-after", HeaderValue::from_str(&ra).unwrap());
    }
    r
}

/// A raw TCP server that announces `claimed` bytes, sends `body`, and hangs
/// up: a body cut short in transit.
pub async fn truncating_server(body: Vec<u8>, claimed: usize) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let mut buf = [0u8; 4096];
            let _ = tokio::io::AsyncReadExt::read(&mut sock, &mut buf).await;
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {claimed}\r\nConnection: close\r\n\r\n"
            );
            let _ = sock.write_all(head.as_bytes()).await;
            let _ = sock.write_all(&body).await;
            let _ = sock.shutdown().await;
        }
    });
    addr
}

pub fn repo_file(rel: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

pub const FS_2024: &str = "sources/france-services-hdf-20240801.csv";
pub const AIDS: &str = "sources/aides-territoires-hdf.json";

/// A config in `dir` for the Arras territory and the given sources
/// (`[[sources]]` tables as TOML text).
pub fn config(dir: &Path, sources: &str) -> Config {
    let text = format!(
        r#"output_dir = "out"
state_dir = "state"
max_shrink_percent = 30

[[territories]]
id = "arras"
name = "Arras"
insee = "62041"
radius_km = 20

{sources}
"#
    );
    let path = dir.join("worker.toml");
    std::fs::write(&path, &text).unwrap();
    Config::load(&path).unwrap()
}

pub fn source(id: &str, kind: &str, url: &str, extra: &str) -> String {
    format!("[[sources]]\nid = \"{id}\"\nkind = \"{kind}\"\nurl = \"{url}\"\n{extra}\n")
}

/// Quick retries so fault tests stay fast.
pub fn fast() -> SyncOptions {
    SyncOptions {
        fetch: FetchSettings {
            base_delay: Duration::from_millis(20),
            max_delay: Duration::from_secs(3),
            ..FetchSettings::default()
        },
        ..SyncOptions::default()
    }
}

pub fn out(cfg: &Config, rel: &str) -> PathBuf {
    cfg.output_dir.join(rel)
}

pub fn read(cfg: &Config, rel: &str) -> Vec<u8> {
    std::fs::read(out(cfg, rel)).unwrap()
}

pub fn json(cfg: &Config, rel: &str) -> serde_json::Value {
    serde_json::from_slice(&read(cfg, rel)).unwrap()
}
