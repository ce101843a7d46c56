//! `tpe-worker collect`: a separate process that only collects the
//! anonymous records owners chose to share (`serve` stays read-only).
//! `POST /v1/results` and `POST /v1/outcomes`: strict schema, body ≤ 2 KB,
//! CORS for the partner origins of the config only, a per-address rate
//! limit in memory, `202` when stored and a clear `4xx` otherwise.
//! Addresses are never stored or logged.

mod limit;
pub mod report;
pub mod store;

use crate::config::Config;
use crate::time::now_paris;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use limit::RateLimit;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;
use store::{Kind, Store};
use tpe_shared::questionnaire::Questionnaire;
use tpe_shared::stats::{Outcome, RecordError, SharedResult};

/// The largest body accepted; a full record is about 600 bytes.
pub const MAX_BODY: usize = 2048;

struct Collector {
    store: Store,
    origins: Vec<String>,
    territories: Vec<String>,
    limit: RateLimit,
}

/// The router, for tests to serve on their own listener.
pub fn app(cfg: &Config, store: Store) -> Router {
    let collector = Arc::new(Collector {
        store,
        origins: cfg.stats.origins.clone(),
        territories: cfg.territories.iter().map(|t| t.id.clone()).collect(),
        limit: RateLimit::new(cfg.stats.per_minute),
    });
    Router::new()
        .route("/v1/results", post(results).options(preflight))
        .route("/v1/outcomes", post(outcomes).options(preflight))
        .route("/healthz", get(|| async { "ok" }))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(collector)
}

/// Opens the store, purges old records now and every day, and serves.
pub async fn collect(cfg: Config, addr: SocketAddr) -> anyhow::Result<()> {
    let store = Store::open(&cfg.stats.url).await?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(%addr, store = %store_kind(&cfg.stats.url), "collecting");
    let purger = tokio::spawn(purge_daily(store.clone(), cfg.stats.retention_months));
    axum::serve(
        listener,
        app(&cfg, store.clone()).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(crate::schedule::shutdown_signal())
    .await?;
    purger.abort();
    store.close().await;
    Ok(())
}

/// The kind of store, for logs (a PostgreSQL URL may hold a password).
pub fn store_kind(url: &str) -> &'static str {
    if url.starts_with("sqlite:") {
        "sqlite"
    } else {
        "postgresql"
    }
}

async fn purge_daily(store: Store, months: u32) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(24 * 3600));
    loop {
        tick.tick().await;
        let today = now_paris().date_naive();
        let Some(before) = today.checked_sub_months(chrono::Months::new(months)) else {
            continue;
        };
        match store.purge(before).await {
            Ok(n) => tracing::info!(purged = n, %before, "old statistics purged"),
            Err(e) => tracing::warn!(error = %e, "could not purge old statistics"),
        }
    }
}

fn allowed_origin(c: &Collector, headers: &HeaderMap) -> Option<HeaderValue> {
    let origin = headers.get(header::ORIGIN)?;
    let text = origin.to_str().ok()?;
    c.origins.iter().any(|o| o == text).then(|| origin.clone())
}

fn reply(status: StatusCode, origin: Option<HeaderValue>, message: &str) -> Response {
    let mut r = (status, message.to_string()).into_response();
    let h = r.headers_mut();
    h.insert(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(o) = origin {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, o);
    }
    r
}

async fn preflight(State(c): State<Arc<Collector>>, headers: HeaderMap) -> Response {
    let Some(origin) = allowed_origin(&c, &headers) else {
        return reply(StatusCode::FORBIDDEN, None, "origin not allowed");
    };
    let mut r = reply(StatusCode::NO_CONTENT, Some(origin), "");
    let h = r.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("Content-Type"),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("86400"),
    );
    r
}

async fn results(
    State(c): State<Arc<Collector>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    receive(&c, peer, &headers, &body, Kind::Result).await
}

async fn outcomes(
    State(c): State<Arc<Collector>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    receive(&c, peer, &headers, &body, Kind::Outcome).await
}

async fn receive(
    c: &Collector,
    peer: SocketAddr,
    headers: &HeaderMap,
    body: &[u8],
    kind: Kind,
) -> Response {
    let Some(origin) = allowed_origin(c, headers) else {
        return reply(StatusCode::FORBIDDEN, None, "origin not allowed");
    };
    if !c.limit.allow(peer.ip(), Instant::now()) {
        let mut r = reply(
            StatusCode::TOO_MANY_REQUESTS,
            Some(origin),
            "too many records from this address: try again in a minute",
        );
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
        return r;
    }
    let q = Questionnaire::embedded();
    let territories: Vec<&str> = c.territories.iter().map(String::as_str).collect();
    let today = now_paris().date_naive();
    let read = match kind {
        Kind::Result => read::<SharedResult>(body, q, &territories, today),
        Kind::Outcome => read::<Outcome>(body, q, &territories, today),
    };
    let (territory, week, text) = match read {
        Ok(parts) => parts,
        Err(e) => return reply(StatusCode::UNPROCESSABLE_ENTITY, Some(origin), &e),
    };
    match c.store.insert(kind, &territory, &week, today, &text).await {
        Ok(()) => reply(StatusCode::ACCEPTED, Some(origin), ""),
        Err(e) => {
            tracing::error!(error = %e, "could not store a record");
            reply(
                StatusCode::SERVICE_UNAVAILABLE,
                Some(origin),
                "the record could not be stored: try again later",
            )
        }
    }
}

/// What both records offer the collector.
trait Record: serde::de::DeserializeOwned + serde::Serialize {
    fn check(&self, q: &Questionnaire, t: &[&str], today: NaiveDate) -> Result<(), RecordError>;
    fn place(&self) -> (&str, &str);
}

impl Record for SharedResult {
    fn check(&self, q: &Questionnaire, t: &[&str], today: NaiveDate) -> Result<(), RecordError> {
        SharedResult::check(self, q, t, today)
    }
    fn place(&self) -> (&str, &str) {
        (&self.territory, &self.week)
    }
}

impl Record for Outcome {
    fn check(&self, q: &Questionnaire, t: &[&str], today: NaiveDate) -> Result<(), RecordError> {
        Outcome::check(self, q, t, today)
    }
    fn place(&self) -> (&str, &str) {
        (&self.territory, &self.week)
    }
}

/// Parses and checks a record, and writes it again from its fields only:
/// the stored body holds the schema's fields, whatever bytes came in.
fn read<R: Record>(
    body: &[u8],
    q: &Questionnaire,
    territories: &[&str],
    today: NaiveDate,
) -> Result<(String, String, String), String> {
    let r: R = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    r.check(q, territories, today).map_err(|e| e.to_string())?;
    let text = serde_json::to_string(&r).map_err(|e| e.to_string())?;
    let (territory, week) = r.place();
    Ok((territory.to_string(), week.to_string(), text))
}
