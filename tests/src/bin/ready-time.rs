//! Time from the loader's start to `tpe:ready`, in headless Chromium with
//! the CPU throttled 4× (DevTools `Emulation.setCPUThrottlingRate`): the
//! figure `cargo xtask size` prints. A measurement, not a test: it passes or
//! fails nothing.

use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{json, Value};
use tpe_e2e::fixtures::{arras, write_data};
use tpe_e2e::{Page, Result, ServerOptions, Session, Site, Snippet};

/// Cold loads, each in a fresh browser with the cache disabled.
const COLD: usize = 5;
/// Reloads in the last browser, cache allowed.
const WARM: usize = 5;
/// The CPU slowdown; `READY_TIME_THROTTLE=1` measures without it.
fn throttle() -> u32 {
    std::env::var("READY_TIME_THROTTLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4)
}

/// Records the loader's start and `tpe:ready` on the page's clock; loaded
/// right before the widget's script tag.
const CLOCK_JS: &str = "window.__tpeStart = performance.now();
document.addEventListener('tpe:ready', function () { window.__tpeReady = performance.now(); });
";

/// A Chrome DevTools command sent through chromedriver.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> std::result::Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
    match measure().await {
        Ok((cold, warm)) => {
            println!(
                "time to tpe:ready, CPU throttled {}×: cold load median {:.0} ms (of {}, fresh browser, \
                 cache disabled; min {:.0}, max {:.0}); warm reloads median {:.0} ms (of {})",
                throttle(),
                median(cold.clone()),
                cold.len(),
                cold.iter().copied().fold(f64::INFINITY, f64::min),
                cold.iter().copied().fold(0.0, f64::max),
                median(warm.clone()),
                warm.len()
            );
        }
        Err(e) => {
            eprintln!("ready-time: {e:?}");
            std::process::exit(1);
        }
    }
}

async fn cdp(session: &Session, cmd: &'static str, params: Value) -> Result<()> {
    session
        .client()
        .issue_cmd(Cdp { cmd, params })
        .await
        .map(|_| ())
        .map_err(|e| tpe_e2e::Failure(format!("DevTools {cmd}: {e}")))
}

async fn ready(session: &Session) -> Result<f64> {
    session.open("/index.html").await?;
    let ms = session
        .wait_js(
            "tpe:ready",
            "return window.__tpeReady === undefined ? null : window.__tpeReady - window.__tpeStart;",
            vec![],
        )
        .await?;
    Ok(ms.as_f64().unwrap_or(f64::NAN))
}

async fn measure() -> Result<(Vec<f64>, Vec<f64>)> {
    let mut cold = Vec::with_capacity(COLD);
    let mut warm = Vec::with_capacity(WARM);
    for run in 0..COLD {
        let site = Site::new()?;
        write_data(&site, &[arras()])?;
        site.write("clock.js", CLOCK_JS)?;
        let page = Page::new("ready time")
            .head_script("/clock.js")
            .container("w")
            .snippet(&Snippet::new("arras").target("w"));
        site.write("index.html", page.render())?;
        let session = Session::start(site, ServerOptions::default()).await?;
        // Throttling and the cache switch belong to the tab and last across
        // navigations.
        session.open("/clock.js").await?;
        cdp(
            &session,
            "Emulation.setCPUThrottlingRate",
            json!({ "rate": throttle() }),
        )
        .await?;
        cdp(
            &session,
            "Network.setCacheDisabled",
            json!({ "cacheDisabled": true }),
        )
        .await?;
        cold.push(ready(&session).await?);
        if run + 1 == COLD {
            cdp(
                &session,
                "Network.setCacheDisabled",
                json!({ "cacheDisabled": false }),
            )
            .await?;
            for _ in 0..WARM {
                warm.push(ready(&session).await?);
            }
        }
        session.close().await?;
    }
    Ok((cold, warm))
}
