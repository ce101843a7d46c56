//! Shared helpers of the end-to-end tests: the built widget, served with
//! fixture data on 127.0.0.1 by a server each test starts, and driven in
//! headless Chromium through chromedriver (fantoccini, WebDriver).
//!
//! - [`Site`]: a temporary folder composed per test (the widget from
//!   `www/widget/`, a page, `events.js`, fixture data from [`fixtures`]).
//! - [`router`] / [`Server`]: a static file server with optional faults and
//!   the strict CSP header.
//! - [`Browser`]: chromedriver (owned child, killed on drop) and a fresh
//!   Chromium profile.
//! - [`Session`]: all three, plus the widget-aware helpers the tests use
//!   (shadow-root lookups, bounded waits, keyboard, recorded events).

pub mod fixtures;
mod server;

pub use server::{router, Fault, Gate, Posts, Server, ServerOptions, STRICT_CSP};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::fmt::{self, Display};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use tempfile::TempDir;

/// A failed step of a test, with what was being done.
pub struct Failure(pub String);

impl fmt::Debug for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<E: std::error::Error> From<E> for Failure {
    fn from(e: E) -> Failure {
        Failure(e.to_string())
    }
}

pub type Result<T, E = Failure> = std::result::Result<T, E>;

/// Adds what was being done to an error or a missing value.
pub trait Context<T> {
    fn context(self, what: impl Display) -> Result<T>;
}

impl<T, E: Display> Context<T> for std::result::Result<T, E> {
    fn context(self, what: impl Display) -> Result<T> {
        self.map_err(|e| Failure(format!("{what}: {e}")))
    }
}

impl<T> Context<T> for Option<T> {
    fn context(self, what: impl Display) -> Result<T> {
        self.ok_or_else(|| Failure(what.to_string()))
    }
}

/// Fails the test with a message (for conditions, not comparisons).
#[macro_export]
macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err($crate::Failure(format!($($msg)+)));
        }
    };
}

/// The workspace root (this crate lives in `tests/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

// ------------------------------------------------------------------ the site

/// The test fixture script: records what a host page can observe of the
/// widget. Loaded from the page's `<head>` before the widget, as an external
/// file so that it works under the strict CSP too.
pub const EVENTS_JS: &str = r#"// e2e fixture: what the host page observes.
(function () {
  var w = window;
  w.__tpeEvents = [];
  w.__tpeErrors = [];
  w.__cspViolations = [];
  w.__alerts = [];
  // Data must never run: an alert would be the proof that it did.
  w.alert = function (m) { w.__alerts.push(String(m)); };
  ['tpe:ready', 'tpe:step', 'tpe:completed', 'tpe:error'].forEach(function (name) {
    // On the document, in the bubbling phase: only events that bubble arrive.
    document.addEventListener(name, function (e) {
      var detail;
      try { detail = JSON.parse(JSON.stringify(e.detail === undefined ? null : e.detail)); }
      catch (x) { detail = 'unserialisable: ' + String(e.detail); }
      w.__tpeEvents.push({
        type: e.type,
        target: (e.target && e.target.id) || null,
        bubbles: e.bubbles,
        composed: e.composed,
        detail: detail
      });
    });
  });
  w.addEventListener('error', function (e) {
    w.__tpeErrors.push('error: ' + String(e.message || e.error) + ' at ' + e.filename + ':' + e.lineno);
  });
  w.addEventListener('unhandledrejection', function (e) {
    w.__tpeErrors.push('unhandled rejection: ' + String(e.reason && (e.reason.stack || e.reason)));
  });
  document.addEventListener('securitypolicyviolation', function (e) {
    w.__cspViolations.push(e.effectiveDirective + ' blocked ' + e.blockedURI + ' (' + e.sourceFile + ':' + e.lineNumber + ')');
  }, true);
})();
"#;

/// A temporary folder served as the site root:
/// `widget/` (the built widget), `events.js`, pages and `data/`.
pub struct Site {
    dir: TempDir,
}

impl Site {
    /// The built widget and the events fixture; no data, no page yet.
    pub fn new() -> Result<Site> {
        let built = workspace_root().join("www/widget");
        let loader = built.join("tpe-widget.js");
        if !loader.is_file() {
            return Err(Failure(format!(
                "the built widget is missing ({} not found): run `cargo xtask dist` first",
                loader.display()
            )));
        }
        let text = std::fs::read_to_string(&loader).context("reading the built loader")?;
        if text.contains("__GLUE__") || text.contains("__WASM__") {
            return Err(Failure(format!(
                "{} is the unbuilt loader: run `cargo xtask dist` first",
                loader.display()
            )));
        }
        let dir = tempfile::Builder::new()
            .prefix("tpe-e2e-site-")
            .tempdir()
            .context("creating the site folder")?;
        let site = Site { dir };
        let target = site.path().join("widget");
        std::fs::create_dir_all(&target).context("creating widget/")?;
        for entry in std::fs::read_dir(&built).context("listing www/widget")? {
            let entry = entry?;
            if entry.file_type()?.is_file() {
                std::fs::copy(entry.path(), target.join(entry.file_name()))
                    .context(format!("copying {}", entry.path().display()))?;
            }
        }
        site.write("events.js", EVENTS_JS)?;
        Ok(site)
    }

    /// With `data/`: the manifest, one file per territory and the commune table.
    pub fn with_data(self, territories: &[tpe_shared::model::TerritorySnapshot]) -> Result<Site> {
        fixtures::write_data(&self, territories)?;
        Ok(self)
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file of the site (folders created as needed).
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> Result<()> {
        let path = self.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).context(format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, contents).context(format!("writing {}", path.display()))
    }
}

/// A host page: `events.js` first in `<head>`, then what the test adds.
pub struct Page {
    lang: String,
    title: String,
    head: Vec<String>,
    body: Vec<String>,
}

impl Page {
    pub fn new(title: &str) -> Page {
        Page {
            lang: "fr".into(),
            title: title.into(),
            head: vec![r#"<script src="/events.js"></script>"#.into()],
            body: Vec::new(),
        }
    }

    /// `<html lang>` of the host page.
    pub fn lang(mut self, lang: &str) -> Page {
        self.lang = lang.into();
        self
    }

    pub fn stylesheet(mut self, href: &str) -> Page {
        self.head
            .push(format!(r#"<link rel="stylesheet" href="{href}">"#));
        self
    }

    pub fn head_script(mut self, src: &str) -> Page {
        self.head.push(format!(r#"<script src="{src}"></script>"#));
        self
    }

    /// Raw HTML appended to `<main>`.
    pub fn html(mut self, html: &str) -> Page {
        self.body.push(html.into());
        self
    }

    /// A container `<div id>` and the documented snippet targeting it.
    pub fn widget(self, id: &str, territory: &str) -> Page {
        self.container(id)
            .snippet(&Snippet::new(territory).target(id))
    }

    pub fn container(self, id: &str) -> Page {
        self.html(&format!(r#"<div id="{id}"></div>"#))
    }

    pub fn snippet(self, snippet: &Snippet) -> Page {
        let tag = snippet.tag();
        self.html(&tag)
    }

    pub fn render(&self) -> String {
        format!(
            "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{title}</title>\n{head}\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n{body}\n</main>\n</body>\n</html>\n",
            lang = self.lang,
            title = self.title,
            head = self.head.join("\n"),
            body = self.body.join("\n"),
        )
    }
}

/// The embedding snippet of DESIGN.md section 4.
pub struct Snippet {
    attrs: Vec<(String, String)>,
}

impl Snippet {
    /// `data-territory`, and `data-data-url="/data/"`.
    pub fn new(territory: &str) -> Snippet {
        Snippet {
            attrs: vec![
                ("data-territory".into(), territory.into()),
                ("data-data-url".into(), "/data/".into()),
            ],
        }
    }

    pub fn target(self, id: &str) -> Snippet {
        self.attr("data-target", &format!("#{id}"))
    }

    pub fn attr(mut self, name: &str, value: &str) -> Snippet {
        self.attrs.retain(|(n, _)| n != name);
        self.attrs.push((name.into(), value.into()));
        self
    }

    pub fn tag(&self) -> String {
        let attrs: String = self
            .attrs
            .iter()
            .map(|(n, v)| format!(r#" {n}="{v}""#))
            .collect();
        format!(r#"<script async src="/widget/tpe-widget.js"{attrs}></script>"#)
    }
}

// --------------------------------------------------------------- the browser

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// chromedriver, owned: it and the Chromium it starts (same process group)
/// are killed when this is dropped, whatever happened in the test.
pub struct Driver {
    child: Option<std::process::Child>,
    pub url: String,
}

impl Driver {
    fn start() -> Result<Driver> {
        for path in [CHROMIUM, CHROMEDRIVER] {
            if !Path::new(path).exists() {
                return Err(Failure(format!(
                    "{path} is missing: install the Debian packages chromium and chromium-driver \
                     (apt-get install -y chromium chromium-driver)"
                )));
            }
        }
        let port = free_port()?;
        let mut command = std::process::Command::new(CHROMEDRIVER);
        command
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // Its own process group, so that Chromium dies with it.
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let child = command.spawn().context("starting chromedriver")?;
        Ok(Driver {
            child: Some(child),
            url: format!("http://127.0.0.1:{port}"),
        })
    }

    fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.as_mut()?.try_wait().ok().flatten()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            if let Ok(pid) = i32::try_from(child.id()) {
                // SAFETY: kill(2) on the process group this struct created.
                unsafe {
                    libc::kill(-pid, libc::SIGKILL);
                }
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A free TCP port on 127.0.0.1 (for chromedriver, which needs a number).
fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}

/// chromedriver, a WebDriver session and its fresh Chromium profile.
pub struct Browser {
    pub client: Client,
    // Field order: the profile folder is removed after Chromium is gone.
    driver: Driver,
    _profile: TempDir,
}

impl Browser {
    pub async fn start() -> Result<Browser> {
        let mut last = String::new();
        // A port picked free may be taken again before chromedriver binds it.
        for _ in 0..3 {
            let profile = tempfile::Builder::new()
                .prefix("tpe-e2e-chromium-")
                .tempdir()
                .context("creating the Chromium profile folder")?;
            let mut driver = Driver::start()?;
            match connect(&mut driver, profile.path()).await {
                Ok(client) => {
                    return Ok(Browser {
                        client,
                        driver,
                        _profile: profile,
                    })
                }
                Err(e) => last = e.0,
            }
        }
        Err(Failure(format!("could not start Chromium: {last}")))
    }

    /// Ends the WebDriver session (Chromium quits), then chromedriver.
    pub async fn close(self) -> Result<()> {
        let Browser {
            client,
            driver,
            _profile,
        } = self;
        client.close().await.context("closing the browser")?;
        drop(driver);
        Ok(())
    }
}

async fn connect(driver: &mut Driver, profile: &Path) -> Result<Client> {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-crash-reporter",
                "--disable-breakpad",
                "--window-size=1280,900",
                format!("--user-data-dir={}", profile.display()),
            ]
        }),
    );
    let mut last = String::from("chromedriver did not answer");
    // Bounded: chromedriver listens within a few hundred milliseconds.
    for _ in 0..100 {
        if let Some(status) = driver.exited() {
            return Err(Failure(format!("chromedriver exited early ({status})")));
        }
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&driver.url)
            .await
        {
            Ok(client) => return Ok(client),
            Err(
                e @ (fantoccini::error::NewSessionError::Failed(_)
                | fantoccini::error::NewSessionError::FailedC(_)),
            ) => {
                last = format!("chromedriver not reachable yet: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => return Err(Failure(format!("starting a Chromium session: {e}"))),
        }
    }
    Err(Failure(last))
}

// --------------------------------------------------------------- the session

/// A site served on 127.0.0.1 and a browser to look at it.
pub struct Session {
    pub browser: Browser,
    pub server: Server,
    pub site: Site,
}

/// How many times [`Session::wait`] polls, and how long between polls.
const POLLS: u32 = 750;
const POLL_EVERY: Duration = Duration::from_millis(20);

impl Session {
    pub async fn start(site: Site, options: ServerOptions) -> Result<Session> {
        let server = Server::start(site.path().to_path_buf(), options).await?;
        let browser = Browser::start().await?;
        Ok(Session {
            browser,
            server,
            site,
        })
    }

    pub fn client(&self) -> &Client {
        &self.browser.client
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.base())
    }

    pub async fn open(&self, path: &str) -> Result<()> {
        let url = self.url(path);
        self.client()
            .goto(&url)
            .await
            .context(format!("opening {url}"))
    }

    pub async fn close(self) -> Result<()> {
        self.browser.close().await
    }

    /// Runs `script` (a function body; `arguments` are `args`) in the page.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.client()
            .execute(script, args)
            .await
            .context(format!("running in the page: {}", first_line(script)))
    }

    /// Polls `probe` until it yields a value: at most [`POLLS`] times.
    /// Waiting is bounded; nothing is asserted about how long it took.
    pub async fn wait<T, F, Fut>(&self, what: &str, mut probe: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<Option<T>>>,
    {
        let mut last_error = None;
        for _ in 0..POLLS {
            match probe().await {
                Ok(Some(v)) => return Ok(v),
                Ok(None) => {}
                Err(e) => last_error = Some(e.0),
            }
            tokio::time::sleep(POLL_EVERY).await;
        }
        let errors = self.page_errors().await.unwrap_or_default();
        Err(Failure(format!(
            "gave up waiting for {what}{}{}",
            last_error
                .map(|e| format!(" (last error: {e})"))
                .unwrap_or_default(),
            if errors.is_empty() {
                String::new()
            } else {
                format!("; page errors: {errors:?}")
            }
        )))
    }

    /// Waits until `script` returns something other than null/false/undefined.
    pub async fn wait_js(&self, what: &str, script: &str, args: Vec<Value>) -> Result<Value> {
        self.wait(what, || async {
            let v = self.js(script, args.clone()).await?;
            Ok(match v {
                Value::Null | Value::Bool(false) => None,
                v => Some(v),
            })
        })
        .await
    }

    // ---------------------------------------------------- inside the widget

    /// An element inside the open shadow root of `host` (a CSS selector of
    /// the host page), found through WebDriver's shadow-root support.
    pub async fn find_in(&self, host: &str, css: &str) -> Result<fantoccini::elements::Element> {
        let host_el = self
            .client()
            .find(Locator::Css(host))
            .await
            .context(format!("finding the widget host {host}"))?;
        let root = host_el
            .shadow_root()
            .await
            .context(format!("{host} has no open shadow root"))?;
        root.find(Locator::Css(css))
            .await
            .context(format!("finding {css} in the widget {host}"))
    }

    /// Waits until `css` matches inside the shadow root of `host`.
    pub async fn wait_in(&self, host: &str, css: &str) -> Result<fantoccini::elements::Element> {
        self.wait(&format!("{css} in {host}"), || async {
            Ok(self.find_in(host, css).await.ok())
        })
        .await
    }

    /// How many elements match `css` inside the shadow root of `host`.
    pub async fn count_in(&self, host: &str, css: &str) -> Result<usize> {
        let v = self
            .js(
                "const h = document.querySelector(arguments[0]);
                 if (!h || !h.shadowRoot) return 0;
                 return h.shadowRoot.querySelectorAll(arguments[1]).length;",
                vec![json!(host), json!(css)],
            )
            .await?;
        v.as_u64()
            .map(|n| n as usize)
            .context("counting elements returned no number")
    }

    /// The text of every element matching `css` in the widget.
    pub async fn texts_in(&self, host: &str, css: &str) -> Result<Vec<String>> {
        let v = self
            .js(
                "const h = document.querySelector(arguments[0]);
                 if (!h || !h.shadowRoot) return [];
                 return [...h.shadowRoot.querySelectorAll(arguments[1])].map(e => e.textContent.trim());",
                vec![json!(host), json!(css)],
            )
            .await?;
        serde_json::from_value(v).context("reading texts")
    }

    /// Clicks `css` in the widget (waits for it first).
    pub async fn click_in(&self, host: &str, css: &str) -> Result<()> {
        let el = self.wait_in(host, css).await?;
        el.click()
            .await
            .context(format!("clicking {css} in {host}"))
    }

    /// The current step heading's text (welcome, a step, or the results).
    pub async fn heading(&self, host: &str) -> Result<String> {
        let el = self.wait_in(host, "h2.tpe-step-title").await?;
        el.text().await.context("reading the step heading")
    }

    /// Waits until the step heading is no longer `previous`.
    pub async fn wait_heading_change(&self, host: &str, previous: &str) -> Result<String> {
        self.wait(
            &format!("a new step heading after {previous:?}"),
            || async {
                let now = self.heading(host).await?;
                Ok((now != previous).then_some(now))
            },
        )
        .await
    }

    /// Picks `answer` of `question` by clicking its radio (or checkbox).
    pub async fn pick(&self, host: &str, question: &str, answer: &str) -> Result<()> {
        let css = format!("fieldset[data-question=\"{question}\"] input[value=\"{answer}\"]");
        self.click_in(host, &css).await?;
        self.wait(&format!("{question} = {answer} checked"), || async {
            Ok(self
                .checked(host, question)
                .await?
                .contains(&answer.to_string())
                .then_some(()))
        })
        .await
    }

    /// The answers of `question`, in the order the page shows them.
    pub async fn options(&self, host: &str, question: &str) -> Result<Vec<String>> {
        let v = self
            .js(
                r#"const h = document.querySelector(arguments[0]);
                   return [...h.shadowRoot.querySelectorAll(
                       `fieldset[data-question="${arguments[1]}"] input`)].map(i => i.value);"#,
                vec![json!(host), json!(question)],
            )
            .await?;
        serde_json::from_value(v).context("reading the answers offered")
    }

    /// The checked answers of `question` in the widget.
    pub async fn checked(&self, host: &str, question: &str) -> Result<Vec<String>> {
        let v = self
            .js(
                "const h = document.querySelector(arguments[0]);
                 if (!h || !h.shadowRoot) return [];
                 return [...h.shadowRoot.querySelectorAll(
                     'fieldset[data-question=\"' + arguments[1] + '\"] input:checked')].map(i => i.value);",
                vec![json!(host), json!(question)],
            )
            .await?;
        serde_json::from_value(v).context("reading checked answers")
    }

    /// Clicks "next" and waits for the next screen.
    pub async fn next(&self, host: &str) -> Result<String> {
        let before = self.heading(host).await?;
        self.click_in(host, "button.tpe-next").await?;
        self.wait_heading_change(host, &before).await
    }

    /// Clicks "back" and waits for the previous screen.
    pub async fn back(&self, host: &str) -> Result<String> {
        let before = self.heading(host).await?;
        self.click_in(host, "button.tpe-back").await?;
        self.wait_heading_change(host, &before).await
    }

    /// Clicks "start" on the welcome screen and waits for the profile.
    pub async fn start_diagnostic(&self, host: &str) -> Result<()> {
        self.wait_in(host, "button.tpe-start").await?;
        let before = self.heading(host).await?;
        self.click_in(host, "button.tpe-start").await?;
        self.wait_heading_change(host, &before).await?;
        self.wait_in(host, "fieldset[data-question=\"trade\"]")
            .await?;
        Ok(())
    }

    /// Clicks several answers of the current step at once, through the
    /// DOM's `click()` (one round trip instead of one WebDriver click each:
    /// the same events reach the widget; real input is what the keyboard
    /// test covers), and checks they are all checked.
    pub async fn pick_all(&self, host: &str, picks: &[(String, String)]) -> Result<()> {
        if picks.is_empty() {
            return Ok(());
        }
        let pairs: Vec<Value> = picks.iter().map(|(q, a)| json!([q, a])).collect();
        let missing = self
            .js(
                r#"const root = document.querySelector(arguments[0]).shadowRoot;
                 const missing = [];
                 for (const [q, a] of arguments[1]) {
                   const input = root.querySelector(
                     `fieldset[data-question="${q}"] input[value="${a}"]`);
                   if (input) input.click(); else missing.push(q + '=' + a);
                 }
                 return missing;"#,
                vec![json!(host), Value::Array(pairs)],
            )
            .await?;
        ensure!(
            missing.as_array().is_some_and(|m| m.is_empty()),
            "answers not found on this step: {missing}"
        );
        for (question, answer) in picks {
            self.wait(&format!("{question} = {answer} checked"), || async {
                Ok(self
                    .checked(host, question)
                    .await?
                    .contains(answer)
                    .then_some(()))
            })
            .await?;
        }
        Ok(())
    }

    /// Answers the whole questionnaire with `answers`, from the profile to
    /// the results. The commune, if any, is typed and picked.
    pub async fn complete(&self, host: &str, answers: &fixtures::Scenario) -> Result<()> {
        self.pick_all(host, &answers.profile).await?;
        match &answers.commune_insee {
            Some(insee) => {
                self.choose_commune(host, &answers.commune_typed, insee)
                    .await?
            }
            None if !answers.commune_typed.is_empty() => {
                let input = self.wait_in(host, "input.tpe-commune").await?;
                input
                    .send_keys(&answers.commune_typed)
                    .await
                    .context("typing the commune")?;
            }
            None => {}
        }
        self.next(host).await?;
        let q = tpe_shared::questionnaire::Questionnaire::embedded();
        for dim in &q.dimensions {
            self.wait_in(host, &format!("section[data-dimension=\"{}\"]", dim.id))
                .await?;
            let picks: Vec<(String, String)> = dim
                .questions
                .iter()
                .filter_map(|x| Some((x.id.clone(), answers.responses.get(&x.id)?.clone())))
                .collect();
            self.pick_all(host, &picks).await?;
            self.next(host).await?;
        }
        self.wait_in(host, "section.tpe-results").await?;
        Ok(())
    }

    /// Types `typed` in the commune field and picks the suggestion `insee`.
    pub async fn choose_commune(&self, host: &str, typed: &str, insee: &str) -> Result<()> {
        let input = self.wait_in(host, "input.tpe-commune").await?;
        input.send_keys(typed).await.context("typing the commune")?;
        self.click_in(
            host,
            &format!(".tpe-commune-option[data-insee=\"{insee}\"]"),
        )
        .await?;
        self.wait_in(host, ".tpe-commune-chosen").await?;
        Ok(())
    }

    // --------------------------------------------------------- the keyboard

    /// Presses and releases `key` wherever the focus is, like a person would.
    pub async fn press(&self, key: Key) -> Result<()> {
        let c: char = key.into();
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: c })
            .then(KeyAction::Up { value: c });
        self.client()
            .perform_actions(keys)
            .await
            .context(format!("pressing {key:?}"))
    }

    /// Types text with the keyboard into whatever has the focus.
    pub async fn type_text(&self, text: &str) -> Result<()> {
        let mut keys = KeyActions::new("keyboard".into());
        for c in text.chars() {
            keys = keys
                .then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c });
        }
        self.client()
            .perform_actions(keys)
            .await
            .context(format!("typing {text:?}"))
    }

    /// What has the focus inside the widget: tag, classes, type, name,
    /// value, data-insee; `null` when the focus is outside the widget.
    pub async fn focused(&self, host: &str) -> Result<Value> {
        self.js(
            "const h = document.querySelector(arguments[0]);
             const e = h && h.shadowRoot && h.shadowRoot.activeElement;
             if (!e) return null;
             return { tag: e.tagName.toLowerCase(), class: e.className || '',
                      type: e.getAttribute('type'), name: e.getAttribute('name'),
                      value: e.value === undefined ? null : e.value,
                      checked: !!e.checked, insee: e.getAttribute('data-insee'),
                      text: (e.textContent || '').trim().slice(0, 80) };",
            vec![json!(host)],
        )
        .await
    }

    /// Presses Tab until the focused element satisfies `wanted` (at most
    /// `max` presses), as a keyboard user moves through the page.
    pub async fn tab_to(
        &self,
        host: &str,
        what: &str,
        max: usize,
        wanted: impl Fn(&Value) -> bool,
    ) -> Result<Value> {
        let mut seen = Vec::new();
        for _ in 0..max {
            self.press(Key::Tab).await?;
            let f = self.focused(host).await?;
            if wanted(&f) {
                return Ok(f);
            }
            seen.push(describe_focus(&f));
        }
        Err(Failure(format!(
            "{max} presses of Tab never reached {what}; the focus went through: {}",
            seen.join(" → ")
        )))
    }

    // ------------------------------------------- what the host page observed

    /// The `tpe:*` events recorded by `events.js`, in order.
    pub async fn events(&self) -> Result<Vec<Value>> {
        let v = self
            .js("return window.__tpeEvents || null;", vec![])
            .await?;
        match v {
            Value::Array(a) => Ok(a),
            _ => Err(Failure(
                "events.js did not run: window.__tpeEvents is missing".into(),
            )),
        }
    }

    /// The events of one type (and one target id, if given).
    pub async fn events_of(&self, kind: &str, target: Option<&str>) -> Result<Vec<Value>> {
        Ok(self
            .events()
            .await?
            .into_iter()
            .filter(|e| e["type"] == kind)
            .filter(|e| target.is_none_or(|t| e["target"] == t))
            .collect())
    }

    /// Uncaught errors and unhandled rejections seen by the page.
    pub async fn page_errors(&self) -> Result<Vec<String>> {
        let v = self.js("return window.__tpeErrors || [];", vec![]).await?;
        serde_json::from_value(v).context("reading page errors")
    }

    /// `securitypolicyviolation` events seen by the page.
    pub async fn csp_violations(&self) -> Result<Vec<String>> {
        let v = self
            .js("return window.__cspViolations || [];", vec![])
            .await?;
        serde_json::from_value(v).context("reading CSP violations")
    }

    /// Fails with the page's uncaught errors, if any.
    pub async fn assert_no_page_errors(&self) -> Result<()> {
        let errors = self.page_errors().await?;
        ensure!(
            errors.is_empty(),
            "the host page saw uncaught errors: {errors:#?}"
        );
        Ok(())
    }
}

fn describe_focus(f: &Value) -> String {
    if f.is_null() {
        return "(outside the widget)".into();
    }
    let mut s = f["tag"].as_str().unwrap_or("?").to_string();
    for key in ["class", "name", "value"] {
        if let Some(v) = f[key].as_str().filter(|v| !v.is_empty()) {
            s.push_str(&format!(" {key}={v}"));
        }
    }
    s
}

fn first_line(script: &str) -> &str {
    script.trim().lines().next().unwrap_or_default()
}

// ----------------------------------------------------------------- axe-core

/// `tools/node_modules/axe-core/axe.min.js`, installed with npm if missing.
pub fn axe_script() -> Result<PathBuf> {
    static INSTALL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    let tools = workspace_root().join("tools");
    let axe = tools.join("node_modules/axe-core/axe.min.js");
    if axe.is_file() {
        return Ok(axe);
    }
    let command = "npm install --prefix tools axe-core@4 --no-audit --no-fund";
    let status = std::process::Command::new("npm")
        .args(["install", "--prefix"])
        .arg(&tools)
        .args(["axe-core@4", "--no-audit", "--no-fund"])
        .stdin(Stdio::null())
        .status();
    match status {
        Ok(s) if s.success() && axe.is_file() => Ok(axe),
        Ok(s) => Err(Failure(format!(
            "installing axe-core failed ({s}); run `{command}` at the repository root"
        ))),
        Err(e) => Err(Failure(format!(
            "npm could not run ({e}); run `{command}` at the repository root"
        ))),
    }
}

impl Session {
    /// Runs axe-core (already loaded by the page) on the widget's host
    /// element, shadow DOM included; fails listing every violation.
    pub async fn assert_accessible(&self, host: &str, step: &str) -> Result<()> {
        let result = self
            .client()
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 if (!window.axe) { done({ error: 'axe-core is not loaded in the page' }); return; }
                 const host = document.querySelector(arguments[0]);
                 axe.run(host, { resultTypes: ['violations'] })
                   .then(r => done({
                     // Did axe look inside the shadow root? Shadow targets are nested arrays.
                     inside: r.passes.some(v => v.nodes.some(n => n.target.some(t => Array.isArray(t)))),
                     violations: r.violations.map(v => ({
                       id: v.id, impact: v.impact, help: v.help,
                       targets: v.nodes.map(n => JSON.stringify(n.target) + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' '))
                   })) }))
                   .catch(e => done({ error: String(e) }));",
                vec![json!(host)],
            )
            .await
            .context(format!("running axe-core at {step}"))?;
        if let Some(e) = result.get("error") {
            return Err(Failure(format!("axe-core at {step}: {e}")));
        }
        ensure!(
            result["inside"] == true,
            "axe-core at {step} checked nothing inside the widget's shadow root"
        );
        let violations = result["violations"].as_array().cloned().unwrap_or_default();
        if violations.is_empty() {
            return Ok(());
        }
        let report: Vec<String> = violations
            .iter()
            .map(|v| {
                format!(
                    "- {} ({}): {}\n    {}",
                    v["id"].as_str().unwrap_or("?"),
                    v["impact"].as_str().unwrap_or("?"),
                    v["help"].as_str().unwrap_or(""),
                    v["targets"]
                        .as_array()
                        .map(|t| t
                            .iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join("\n    "))
                        .unwrap_or_default()
                )
            })
            .collect();
        Err(Failure(format!(
            "axe-core found {} violation(s) at {step}:\n{}",
            violations.len(),
            report.join("\n")
        )))
    }
}

impl Session {
    /// Serves `site` with `page` as `/index.html` and opens it.
    pub async fn open_page(site: Site, page: Page, options: ServerOptions) -> Result<Session> {
        site.write("index.html", page.render())?;
        let session = Session::start(site, options).await?;
        session.open("/index.html").await?;
        Ok(session)
    }

    /// The usual page: one widget for Arras in `#w`, with the Arras and
    /// Calais data.
    pub async fn arras() -> Result<Session> {
        let site = Site::new()?.with_data(&[fixtures::arras(), fixtures::calais()])?;
        let page = Page::new("Diagnostic numérique — CCI Artois").widget("w", "arras");
        Session::open_page(site, page, ServerOptions::default()).await
    }

    /// As if the owner had shared a result `days` ago on this device (the
    /// widget keeps only the day of sharing, in localStorage): the clock
    /// moved forward, seen from the widget.
    pub async fn shared_days_ago(&self, territory: &str, days: u32) -> Result<()> {
        self.js(
            "const day = new Date(Date.now() - arguments[1] * 86400000).toISOString().slice(0, 10);
             localStorage.setItem('tpe:' + arguments[0] + ':shared', day); return true;",
            vec![json!(territory), json!(days)],
        )
        .await?;
        Ok(())
    }

    /// Reloads a week after sharing and answers « Oui » to the outcome
    /// question, up to its « Par qui ? » choices.
    pub async fn outcome_question_answered_yes(&self, host: &str, territory: &str) -> Result<()> {
        self.shared_days_ago(territory, 8).await?;
        self.open("/index.html").await?;
        self.wait_in(host, "section.tpe-outcome").await?;
        self.click_in(host, "section.tpe-outcome input[type=radio]")
            .await?;
        self.wait_in(host, "section.tpe-outcome input[type=checkbox]")
            .await?;
        Ok(())
    }

    /// Waits for the welcome screen of the widget in `host`.
    pub async fn welcome(&self, host: &str) -> Result<()> {
        self.wait_in(host, "section.tpe-welcome").await?;
        Ok(())
    }
}
