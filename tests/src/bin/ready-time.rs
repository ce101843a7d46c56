//! Time from the loader's start to `tpe:ready`, in headless Chromium with
//! the CPU throttled 4× (DevTools `Emulation.setCPUThrottlingRate`): the
//! figure `cargo xtask size` prints. A measurement, not a test: it passes or
//! fails nothing.

use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{json, Value};
use tpe_e2e::fixtures::{arras, write_data};
use tpe_e2e::{Page, Result, ServerOptions, Session, Site, Snippet};

/// The first load, then cached reloads.
const RUNS: usize = 6;
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

#[tokio::main]
async fn main() {
    match measure().await {
        Ok(ms) => {
            let (first, mut again) = (ms[0], ms[1..].to_vec());
            again.sort_by(f64::total_cmp);
            println!(
                "time to tpe:ready, CPU throttled {}×: first load {first:.0} ms; \
                 cached reloads median {:.0} ms (of {})",
                throttle(),
                again[again.len() / 2],
                again.len()
            );
        }
        Err(e) => {
            eprintln!("ready-time: {e:?}");
            std::process::exit(1);
        }
    }
}

async fn measure() -> Result<Vec<f64>> {
    let site = Site::new()?;
    write_data(&site, &[arras()])?;
    site.write("clock.js", CLOCK_JS)?;
    let page = Page::new("ready time")
        .head_script("/clock.js")
        .container("w")
        .snippet(&Snippet::new("arras").target("w"));
    site.write("index.html", page.render())?;
    let session = Session::start(site, ServerOptions::default()).await?;
    // Throttling belongs to the tab and lasts across navigations.
    session.open("/clock.js").await?;
    session
        .client()
        .issue_cmd(Cdp {
            cmd: "Emulation.setCPUThrottlingRate",
            params: json!({ "rate": throttle() }),
        })
        .await
        .map_err(|e| tpe_e2e::Failure(format!("DevTools throttling: {e}")))?;
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        session.open("/index.html").await?;
        let ms = session
            .wait_js(
                "tpe:ready",
                "return window.__tpeReady === undefined ? null : window.__tpeReady - window.__tpeStart;",
                vec![],
            )
            .await?;
        times.push(ms.as_f64().unwrap_or(f64::NAN));
    }
    session.close().await?;
    Ok(times)
}
