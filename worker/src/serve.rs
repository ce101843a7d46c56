//! `serve`: the published files (and `www/` when the config names it) with
//! ETag, Cache-Control and CORS for GET, plus `/healthz` and `/metrics`.
//! [`app`] builds the router so tests can drive it without a socket.

use crate::config::Config;
use crate::fetch::state::sha256_hex;
use crate::schedule::ScheduleState;
use crate::sync::RunRecord;
use crate::time::now_paris;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, FixedOffset};
use chrono_tz::Europe::Paris;
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

#[derive(Clone, Debug)]
struct Served {
    output_dir: PathBuf,
    www_dir: Option<PathBuf>,
    state_dir: PathBuf,
    schedule: cron::Schedule,
}

/// The router: files, `/healthz`, `/metrics`.
pub fn app(cfg: &Config) -> Router {
    let served = Arc::new(Served {
        output_dir: cfg.output_dir.clone(),
        www_dir: cfg.www_dir.clone(),
        state_dir: cfg.state_dir.clone(),
        schedule: cfg.schedule.clone(),
    });
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .fallback(files)
        .with_state(served)
}

pub async fn serve(cfg: Config, addr: std::net::SocketAddr) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(%addr, output_dir = %cfg.output_dir.display(), "serving");
    axum::serve(listener, app(&cfg))
        .with_graceful_shutdown(crate::schedule::shutdown_signal())
        .await?;
    Ok(())
}

/// The time between two scheduled runs (from the next two ticks).
pub fn schedule_interval(schedule: &cron::Schedule) -> chrono::Duration {
    let mut next = schedule.upcoming(Paris);
    match (next.next(), next.next()) {
        (Some(a), Some(b)) => b - a,
        _ => chrono::Duration::days(1),
    }
}

/// Healthy when the last successful sync is younger than twice the
/// schedule interval.
pub fn health(
    record: Option<&RunRecord>,
    interval: chrono::Duration,
    now: DateTime<FixedOffset>,
) -> Result<String, String> {
    let Some(last) = record.and_then(|r| r.last_success_at) else {
        return Err("no successful sync yet".into());
    };
    let age = now - last;
    if age <= interval * 2 {
        Ok(format!(
            "ok: last successful sync {} min ago",
            age.num_minutes()
        ))
    } else {
        Err(format!(
            "stale: last successful sync {} min ago, more than twice the schedule interval ({} min)",
            age.num_minutes(),
            interval.num_minutes()
        ))
    }
}

async fn healthz(State(s): State<Arc<Served>>) -> Response {
    let record: Option<RunRecord> = crate::publish::read_json(&s.state_dir.join("last_run.json"));
    match health(record.as_ref(), schedule_interval(&s.schedule), now_paris()) {
        Ok(msg) => (StatusCode::OK, msg).into_response(),
        Err(msg) => (StatusCode::SERVICE_UNAVAILABLE, msg).into_response(),
    }
}

async fn metrics(State(s): State<Arc<Served>>) -> Response {
    let record: RunRecord =
        crate::publish::read_json(&s.state_dir.join("last_run.json")).unwrap_or_default();
    let sched: ScheduleState =
        crate::publish::read_json(&s.state_dir.join("schedule.json")).unwrap_or_default();
    let body = render_metrics(&record, &sched);
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        body,
    )
        .into_response()
}

/// Prometheus text exposition format.
pub fn render_metrics(r: &RunRecord, sched: &ScheduleState) -> String {
    let mut out = String::new();
    let mut metric = |name: &str, kind: &str, help: &str, lines: Vec<(String, f64)>| {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
        for (labels, v) in lines {
            let _ = writeln!(out, "{name}{labels} {v}");
        }
    };
    let ts = |t: Option<DateTime<FixedOffset>>| t.map_or(0.0, |t| t.timestamp() as f64);
    metric(
        "tpe_worker_last_success_timestamp_seconds",
        "gauge",
        "Unix time of the last successful sync.",
        vec![(String::new(), ts(r.last_success_at))],
    );
    metric(
        "tpe_worker_last_run_timestamp_seconds",
        "gauge",
        "Unix time the last sync finished.",
        vec![(String::new(), ts(r.finished_at))],
    );
    metric(
        "tpe_worker_last_run_success",
        "gauge",
        "1 when the last sync succeeded.",
        vec![(String::new(), if r.success { 1.0 } else { 0.0 })],
    );
    metric(
        "tpe_worker_run_duration_seconds",
        "gauge",
        "Duration of the last sync.",
        vec![(String::new(), r.duration_ms as f64 / 1000.0)],
    );
    let per = |f: &dyn Fn(&crate::sync::SourceCounts) -> f64| -> Vec<(String, f64)> {
        r.sources
            .iter()
            .map(|s| (format!("{{source=\"{}\"}}", s.id), f(s)))
            .collect()
    };
    metric(
        "tpe_worker_records_kept",
        "gauge",
        "Records kept per source in the last sync.",
        per(&|s| s.kept as f64),
    );
    metric(
        "tpe_worker_records_rejected",
        "gauge",
        "Records rejected per source in the last sync.",
        per(&|s| s.rejected as f64),
    );
    metric(
        "tpe_worker_source_stale",
        "gauge",
        "1 when a source failed and its last good data was used.",
        per(&|s| if s.stale { 1.0 } else { 0.0 }),
    );
    metric(
        "tpe_worker_records_old",
        "gauge",
        "Venue records per source older than stale_after_months.",
        per(&|s| s.old_records as f64),
    );
    metric(
        "tpe_worker_skipped_ticks_total",
        "counter",
        "Scheduled ticks skipped because a sync was still running.",
        vec![(String::new(), sched.skipped_ticks as f64)],
    );
    out
}

async fn files(State(s): State<Arc<Served>>, req: Request) -> Response {
    let method = req.method().clone();
    if method == Method::OPTIONS {
        let mut r = StatusCode::NO_CONTENT.into_response();
        cors(r.headers_mut());
        return r;
    }
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = req.uri().path().to_string();
    let Some(file) = resolve(&s, &path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let accepted = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .map(accepted_encodings)
        .unwrap_or_default();
    let Ok(read) = tokio::task::spawn_blocking(move || read_variant(&file, &accepted)).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let Ok((file, bytes, encoding)) = read else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // One tag per representation: a cache must not answer a gzip request
    // with the brotli bytes.
    let etag = match encoding {
        Some(e) => format!("\"{}-{e}\"", &sha256_hex(&bytes)[..32]),
        None => format!("\"{}\"", &sha256_hex(&bytes)[..32]),
    };
    let mut headers = HeaderMap::new();
    cors(&mut headers);
    if let Some(e) = encoding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(e));
    }
    if has_variants(&file) {
        headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    }
    headers.insert(
        header::ETAG,
        HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"\"")),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control(&file)),
    );
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(&file)),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if matches {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    if method == Method::HEAD {
        // The headers of the GET, Content-Length included, without the body.
        return (StatusCode::OK, headers, Body::empty()).into_response();
    }
    (StatusCode::OK, headers, Body::from(bytes)).into_response()
}

/// The encodings the client accepts that we may have precompressed, in our
/// order of preference (brotli is smaller). `q=0` refuses one.
fn accepted_encodings(header: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    for wanted in ["br", "gzip"] {
        let ok = header.split(',').any(|part| {
            let mut it = part.split(';');
            let name = it.next().unwrap_or("").trim();
            let refused = it.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            });
            name.eq_ignore_ascii_case(wanted) && !refused
        });
        if ok {
            out.push(wanted);
        }
    }
    out
}

fn variant_path(file: &Path, encoding: &str) -> PathBuf {
    let ext = if encoding == "br" { "br" } else { "gz" };
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

/// A precompressed copy (`cargo xtask dist` writes `.br` and `.gz`) exists.
fn has_variants(file: &Path) -> bool {
    ["br", "gzip"]
        .iter()
        .any(|e| variant_path(file, e).is_file())
}

/// The file itself, or its precompressed copy in the first accepted encoding.
fn read_variant(
    file: &Path,
    accepted: &[&'static str],
) -> std::io::Result<(PathBuf, Vec<u8>, Option<&'static str>)> {
    for &e in accepted {
        if let Ok(bytes) = std::fs::read(variant_path(file, e)) {
            return Ok((file.to_path_buf(), bytes, Some(e)));
        }
    }
    std::fs::read(file).map(|b| (file.to_path_buf(), b, None))
}

/// Maps a URL path to a file, refusing anything that climbs out.
fn resolve(s: &Served, url_path: &str) -> Option<PathBuf> {
    let rel = url_path.trim_start_matches('/');
    let rel = Path::new(rel);
    if rel.components().any(|c| !matches!(c, Component::Normal(_)))
        || url_path.contains('\\')
        || url_path.contains('%')
    {
        return None;
    }
    let base = match (&s.www_dir, rel.strip_prefix("data")) {
        (Some(_), Ok(inner)) => s.output_dir.join(inner),
        (Some(www), Err(_)) => www.join(rel),
        (None, _) => s.output_dir.join(rel),
    };
    let file = if base.is_dir() {
        base.join("index.html")
    } else {
        base
    };
    file.is_file().then_some(file)
}

fn cors(h: &mut HeaderMap) {
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, HEAD, OPTIONS"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("If-None-Match"),
    );
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("ETag"),
    );
}

/// The manifest and pages must be revalidated at once (they name the
/// rest); snapshots may be cached a little.
fn cache_control(file: &Path) -> &'static str {
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name == "manifest.json" || name.ends_with(".html") || name == "tpe-widget.js" {
        "no-cache"
    } else if name.ends_with(".wasm") || file.components().any(|c| c.as_os_str() == "assets") {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=300"
    }
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "json" => "application/json",
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn health_depends_on_the_age_of_the_last_success() {
        let day = chrono::Duration::days(1);
        let rec = RunRecord {
            last_success_at: Some(at("2026-11-29T04:00:00+01:00")),
            ..RunRecord::default()
        };
        assert!(health(Some(&rec), day, at("2026-11-30T12:00:00+01:00")).is_ok());
        let err = health(Some(&rec), day, at("2026-12-01T05:00:00+01:00")).unwrap_err();
        assert!(err.contains("more than twice"), "{err}");
        assert_eq!(
            health(None, day, at("2026-11-30T12:00:00+01:00")).unwrap_err(),
            "no successful sync yet"
        );
    }

    #[test]
    fn the_default_schedule_runs_daily() {
        let s: cron::Schedule = "0 0 4 * * *".parse().unwrap();
        assert_eq!(schedule_interval(&s), chrono::Duration::days(1));
    }

    #[test]
    fn metrics_are_prometheus_text() {
        let rec = RunRecord {
            sources: vec![crate::sync::SourceCounts {
                id: "fs".into(),
                kept: 205,
                rejected: 3,
                stale: false,
                old_records: 40,
            }],
            duration_ms: 1500,
            ..RunRecord::default()
        };
        let text = render_metrics(&rec, &ScheduleState { skipped_ticks: 2 });
        assert!(
            text.contains("tpe_worker_records_kept{source=\"fs\"} 205\n"),
            "{text}"
        );
        assert!(text.contains("tpe_worker_records_rejected{source=\"fs\"} 3\n"));
        assert!(text.contains("tpe_worker_records_old{source=\"fs\"} 40\n"));
        assert!(text.contains("tpe_worker_run_duration_seconds 1.5\n"));
        assert!(text.contains(
            "# TYPE tpe_worker_skipped_ticks_total counter\ntpe_worker_skipped_ticks_total 2\n"
        ));
    }
}
