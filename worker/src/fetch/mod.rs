//! Getting a source's bytes: a local file, or HTTP(S) with a conditional
//! GET, timeouts, 3 attempts with backoff and jitter, `Retry-After`, a size
//! cap and truncation detection. The aid API's pages are followed and
//! stored as one JSON array of pages.

pub mod backoff;
pub mod body;
pub mod state;

use crate::config::{Location, SourceConfig, SourceKind};
use crate::sources::aides_territoires;
pub use body::Body;
use reqwest::header::{
    HeaderMap, AUTHORIZATION, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, RETRY_AFTER,
};
use reqwest::StatusCode;
use state::{FileStamp, SourceState, Validators};
use std::time::Duration;
use thiserror::Error;

/// Why a source could not be fetched. Its last good data is then used.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum FetchError {
    #[error("HTTP {status} from {url}")]
    Status { status: u16, url: String },
    #[error("network error on {url}: {detail}")]
    Network { url: String, detail: String },
    #[error("no answer from {url} within {secs} s")]
    Timeout { url: String, secs: u64 },
    #[error("the body is larger than the {limit}-byte cap")]
    TooLarge { limit: u64 },
    #[error("the body was cut short ({got} of {expected} bytes)")]
    Truncated { got: u64, expected: u64 },
    #[error("cannot read {path}: {detail}")]
    File { path: String, detail: String },
    #[error("environment variable {0} (token_env) is not set")]
    Token(String),
    #[error("page {page} of the aid API: {detail}")]
    Page { page: usize, detail: String },
}

impl FetchError {
    /// Worth another attempt: the next one may well succeed.
    fn retryable(&self) -> bool {
        match self {
            FetchError::Status { status, .. } => *status == 429 || *status == 408 || *status >= 500,
            FetchError::Network { .. }
            | FetchError::Timeout { .. }
            | FetchError::Truncated { .. } => true,
            _ => false,
        }
    }
}

/// How a body was obtained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Downloaded,
    /// The server said 304: the archived body is current.
    NotModified,
    LocalFile,
}

#[derive(Clone, Debug)]
pub struct Fetched {
    pub body: Body,
    pub origin: Origin,
    pub validators: Validators,
    /// Size and modification time of a local file, to see it unchanged
    /// without reading it.
    pub stamp: Option<FileStamp>,
}

/// Timing knobs; tests shorten them.
#[derive(Clone, Debug)]
pub struct FetchSettings {
    pub connect_timeout: Duration,
    pub attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// Safety net against a `next` link that loops.
    pub max_pages: usize,
}

impl Default for FetchSettings {
    fn default() -> FetchSettings {
        FetchSettings {
            connect_timeout: Duration::from_secs(10),
            attempts: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(60),
            max_pages: 1000,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Fetcher {
    client: reqwest::Client,
    pub settings: FetchSettings,
}

enum Answer {
    Body(Vec<u8>, Validators),
    NotModified(Validators),
}

impl Fetcher {
    pub fn new(settings: FetchSettings) -> Fetcher {
        let client = reqwest::Client::builder()
            .connect_timeout(settings.connect_timeout)
            .user_agent(concat!("tpe-worker/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_default();
        Fetcher { client, settings }
    }

    pub async fn fetch(
        &self,
        src: &SourceConfig,
        state: &SourceState,
    ) -> Result<Fetched, FetchError> {
        match &src.location {
            Location::File(path) => {
                let file_err = |e: std::io::Error| FetchError::File {
                    path: path.display().to_string(),
                    detail: e.to_string(),
                };
                let meta = std::fs::metadata(path).map_err(file_err)?;
                if !meta.is_file() {
                    return Err(file_err(std::io::Error::other("not a regular file")));
                }
                if meta.len() > src.max_bytes {
                    return Err(FetchError::TooLarge {
                        limit: src.max_bytes,
                    });
                }
                Ok(Fetched {
                    body: Body::File(path.clone()),
                    origin: Origin::LocalFile,
                    validators: Validators::default(),
                    stamp: Some(FileStamp::of(&meta)),
                })
            }
            Location::Http(url) => {
                let token = match &src.token_env {
                    Some(var) => {
                        Some(std::env::var(var).map_err(|_| FetchError::Token(var.clone()))?)
                    }
                    None => None,
                };
                let conditional = state.validators().cloned();
                let (bytes, origin, validators) = match self
                    .get_with_retries(url, src, token.as_deref(), conditional.as_ref())
                    .await?
                {
                    Answer::NotModified(v) => {
                        let body = state.raw().ok_or_else(|| FetchError::Network {
                            url: url.clone(),
                            detail: "304 Not Modified but the archived copy is gone".into(),
                        })?;
                        let v = if v == Validators::default() {
                            conditional.unwrap_or_default()
                        } else {
                            v
                        };
                        return Ok(Fetched {
                            body,
                            origin: Origin::NotModified,
                            validators: v,
                            stamp: None,
                        });
                    }
                    Answer::Body(first, validators) if src.kind == SourceKind::AidesTerritoires => {
                        let bytes = self.follow_pages(url, first, src, token.as_deref()).await?;
                        (bytes, Origin::Downloaded, validators)
                    }
                    Answer::Body(bytes, validators) => (bytes, Origin::Downloaded, validators),
                };
                Ok(Fetched {
                    body: Body::Memory(bytes),
                    origin,
                    validators,
                    stamp: None,
                })
            }
        }
    }

    /// Follows `next` links and returns `[page1, page2, …]`. A `next` on
    /// another origin is refused: the bearer token must not leak there.
    async fn follow_pages(
        &self,
        url: &str,
        first: Vec<u8>,
        src: &SourceConfig,
        token: Option<&str>,
    ) -> Result<Vec<u8>, FetchError> {
        let origin = |u: &str| {
            reqwest::Url::parse(u)
                .ok()
                .map(|u| u.origin().ascii_serialization())
        };
        let home = origin(url);
        let page_err = |page: usize, detail: String| FetchError::Page { page, detail };
        let mut pages: Vec<Vec<u8>> = vec![first];
        let mut seen = std::collections::HashSet::new();
        loop {
            let last = pages
                .last()
                .map(|p| String::from_utf8_lossy(p).into_owned())
                .unwrap_or_default();
            let next = aides_territoires::next_page(&last)
                .map_err(|e| page_err(pages.len(), e.to_string()))?;
            let Some(next) = next else { break };
            if !seen.insert(next.clone()) || pages.len() >= self.settings.max_pages {
                return Err(page_err(
                    pages.len(),
                    format!("`next` loops or exceeds {} pages", self.settings.max_pages),
                ));
            }
            if origin(&next).is_none() || origin(&next) != home {
                return Err(page_err(
                    pages.len(),
                    format!("`next` ({next}) is not on the source's own site"),
                ));
            }
            match self.get_with_retries(&next, src, token, None).await? {
                Answer::Body(b, _) => pages.push(b),
                Answer::NotModified(_) => {
                    return Err(page_err(pages.len() + 1, "unexpected 304".into()))
                }
            }
        }
        let total: usize = pages.iter().map(Vec::len).sum();
        if total as u64 > src.max_bytes {
            return Err(FetchError::TooLarge {
                limit: src.max_bytes,
            });
        }
        let mut out = Vec::with_capacity(total + pages.len() + 2);
        out.push(b'[');
        for (i, p) in pages.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(p);
        }
        out.push(b']');
        Ok(out)
    }

    async fn get_with_retries(
        &self,
        url: &str,
        src: &SourceConfig,
        token: Option<&str>,
        conditional: Option<&Validators>,
    ) -> Result<Answer, FetchError> {
        let mut attempt = 1;
        loop {
            match self.get_once(url, src, token, conditional).await {
                Ok(a) => return Ok(a),
                Err((e, retry_after)) if e.retryable() && attempt < self.settings.attempts => {
                    let wait = backoff::delay(
                        attempt,
                        self.settings.base_delay,
                        self.settings.max_delay,
                        retry_after,
                    );
                    tracing::warn!(source = %src.id, attempt, error = %e, wait_ms = wait.as_millis() as u64, "retrying");
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                Err((e, _)) => return Err(e),
            }
        }
    }

    async fn get_once(
        &self,
        url: &str,
        src: &SourceConfig,
        token: Option<&str>,
        conditional: Option<&Validators>,
    ) -> Result<Answer, (FetchError, Option<Duration>)> {
        let timeout = Duration::from_secs(src.timeout_s);
        let network = |e: reqwest::Error| {
            if e.is_timeout() {
                FetchError::Timeout {
                    url: url.to_string(),
                    secs: src.timeout_s,
                }
            } else {
                FetchError::Network {
                    url: url.to_string(),
                    detail: error_chain(&e),
                }
            }
        };
        let mut req = self.client.get(url).timeout(timeout);
        if let Some(t) = token {
            req = req.header(AUTHORIZATION, format!("Bearer {t}"));
        }
        if let Some(v) = conditional {
            if let Some(e) = &v.etag {
                req = req.header(IF_NONE_MATCH, e);
            }
            if let Some(m) = &v.last_modified {
                req = req.header(IF_MODIFIED_SINCE, m);
            }
        }
        let mut resp = req.send().await.map_err(|e| (network(e), None))?;
        let status = resp.status();
        let validators = validators_of(resp.headers());
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Answer::NotModified(validators));
        }
        if !status.is_success() {
            let retry_after = resp
                .headers()
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(backoff::parse_retry_after);
            return Err((
                FetchError::Status {
                    status: status.as_u16(),
                    url: url.to_string(),
                },
                retry_after,
            ));
        }
        let expected = resp.content_length();
        if expected.is_some_and(|n| n > src.max_bytes) {
            return Err((
                FetchError::TooLarge {
                    limit: src.max_bytes,
                },
                None,
            ));
        }
        let mut body = Vec::with_capacity(expected.unwrap_or(0).min(src.max_bytes) as usize);
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    if (body.len() + chunk.len()) as u64 > src.max_bytes {
                        return Err((
                            FetchError::TooLarge {
                                limit: src.max_bytes,
                            },
                            None,
                        ));
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) if e.is_timeout() => return Err((network(e), None)),
                // The connection closed before Content-Length bytes arrived.
                Err(_) => {
                    return Err((
                        FetchError::Truncated {
                            got: body.len() as u64,
                            expected: expected.unwrap_or(0),
                        },
                        None,
                    ))
                }
            }
        }
        if let Some(n) = expected {
            if body.len() as u64 != n {
                return Err((
                    FetchError::Truncated {
                        got: body.len() as u64,
                        expected: n,
                    },
                    None,
                ));
            }
        }
        Ok(Answer::Body(body, validators))
    }
}

fn validators_of(h: &HeaderMap) -> Validators {
    let get = |k| {
        h.get(k)
            .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
            .map(str::to_string)
    };
    Validators {
        etag: get(ETAG),
        last_modified: get(LAST_MODIFIED),
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(inner) = cur {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        cur = inner.source();
    }
    s
}
