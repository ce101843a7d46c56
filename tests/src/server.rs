//! The static HTTP server each test starts on 127.0.0.1:0.

use crate::{Context, Result};
use axum::body::Body;
use axum::http::{header, HeaderValue, Request, Response, StatusCode};
use axum::Router;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// The CSP of the issue, sent as a response header when asked.
pub const STRICT_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; connect-src 'self'; img-src 'self' data:";

/// A fault served instead of a file.
#[derive(Clone, Debug)]
pub enum Fault {
    /// `404 Not Found`.
    NotFound,
    /// `500 Internal Server Error`.
    ServerError,
    /// The file, once the test opens the gate: a slow network the test
    /// controls, without timing assumptions.
    Hold(Gate),
}

/// Holds responses until the test opens it.
#[derive(Clone, Debug)]
pub struct Gate(Arc<tokio::sync::watch::Sender<bool>>);

impl Gate {
    pub fn new() -> Gate {
        Gate(Arc::new(tokio::sync::watch::channel(false).0))
    }

    /// Lets every held response (and any later one) through.
    pub fn open(&self) {
        self.0.send_replace(true);
    }

    async fn passed(&self) {
        let mut rx = self.0.subscribe();
        let _ = rx.wait_for(|open| *open).await;
    }
}

impl Default for Gate {
    fn default() -> Gate {
        Gate::new()
    }
}

/// Every `POST` the page made (path and body), answered `202` like a
/// statistics collector (or with the path's fault).
#[derive(Clone, Debug, Default)]
pub struct Posts(Arc<std::sync::Mutex<Vec<(String, String)>>>);

impl Posts {
    pub fn list(&self) -> Vec<(String, String)> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// How the server behaves for one test.
#[derive(Clone, Debug, Default)]
pub struct ServerOptions {
    /// Send [`STRICT_CSP`] on every response.
    pub strict_csp: bool,
    /// Where `POST` requests are recorded.
    pub posts: Posts,
    /// URL path (`/data/manifest.json`) → the fault served for it.
    pub faults: HashMap<String, Fault>,
}

impl ServerOptions {
    pub fn strict_csp() -> ServerOptions {
        ServerOptions {
            strict_csp: true,
            ..ServerOptions::default()
        }
    }

    pub fn fault(mut self, path: &str, fault: Fault) -> ServerOptions {
        self.faults.insert(path.into(), fault);
        self
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        Some("css") => "text/css; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// The file under `root` that a URL path names, refusing `..`.
fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let relative = Path::new(url_path.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let mut path = root.join(relative);
    if path.is_dir() {
        path = path.join("index.html");
    }
    path.is_file().then_some(path)
}

/// The router: files of `root`, with the options' faults and headers.
pub fn router(root: PathBuf, options: ServerOptions) -> Router {
    let state = Arc::new((root, options));
    Router::new().fallback(move |request: Request<Body>| {
        let state = state.clone();
        async move {
            let (root, options) = &*state;
            let path = request.uri().path().to_string();
            let fault = options.faults.get(&path);
            if request.method() == axum::http::Method::POST {
                let body = axum::body::to_bytes(request.into_body(), 64 * 1024)
                    .await
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
                    .unwrap_or_default();
                options
                    .posts
                    .0
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((path.clone(), body));
                return match fault {
                    Some(Fault::NotFound) => status(StatusCode::NOT_FOUND),
                    Some(Fault::ServerError) => status(StatusCode::INTERNAL_SERVER_ERROR),
                    _ => status(StatusCode::ACCEPTED),
                };
            }
            if let Some(Fault::Hold(gate)) = fault {
                gate.passed().await;
            }
            let mut response = match fault {
                Some(Fault::NotFound) => status(StatusCode::NOT_FOUND),
                Some(Fault::ServerError) => status(StatusCode::INTERNAL_SERVER_ERROR),
                None | Some(Fault::Hold(_)) => match resolve(root, &path) {
                    Some(file) => match tokio::fs::read(&file).await {
                        Ok(bytes) => {
                            let mut r = Response::new(Body::from(bytes));
                            r.headers_mut().insert(
                                header::CONTENT_TYPE,
                                HeaderValue::from_static(content_type(&file)),
                            );
                            r
                        }
                        Err(_) => status(StatusCode::INTERNAL_SERVER_ERROR),
                    },
                    None => status(StatusCode::NOT_FOUND),
                },
            };
            let headers = response.headers_mut();
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            if options.strict_csp {
                headers.insert(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(STRICT_CSP),
                );
            }
            response
        }
    })
}

fn status(code: StatusCode) -> Response<Body> {
    let mut r = Response::new(Body::from(code.canonical_reason().unwrap_or("error")));
    *r.status_mut() = code;
    r
}

/// The server task; stopped when dropped.
pub struct Server {
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    pub async fn start(root: PathBuf, options: ServerOptions) -> Result<Server> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .context("binding the test server on 127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let app = router(root, options);
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Server { addr, task })
    }

    /// `http://127.0.0.1:PORT`
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_site() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.js"), "x").unwrap();
        assert_eq!(resolve(dir.path(), "/a.js"), Some(dir.path().join("a.js")));
        assert_eq!(resolve(dir.path(), "/../etc/passwd"), None);
        assert_eq!(resolve(dir.path(), "/missing.js"), None);
    }

    #[test]
    fn wasm_and_modules_get_the_types_browsers_require() {
        assert_eq!(
            content_type(Path::new("x_bg.1234.wasm")),
            "application/wasm"
        );
        assert!(content_type(Path::new("glue.js")).starts_with("text/javascript"));
    }
}
