//! The web team's view: several widgets and copies of the script on one
//! page, the JS API, a hostile host stylesheet, and the strict CSP.

use serde_json::{json, Value};
use tpe_e2e::fixtures::{self, Scenario};
use tpe_e2e::{ensure, Context, Page, Result, ServerOptions, Session, Site, Snippet, STRICT_CSP};

fn data_site() -> Result<Site> {
    Site::new()?.with_data(&[fixtures::arras(), fixtures::calais()])
}

/// The `lang` of the widget's root inside `host`.
async fn widget_lang(s: &Session, host: &str) -> Result<String> {
    let el = s.wait_in(host, "div.tpe").await?;
    el.attr("lang")
        .await?
        .context(format!("the widget in {host} has no lang"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_widgets_on_one_page_work_independently() -> Result<()> {
    let page = Page::new("Deux diagnostics")
        .container("a")
        .container("b")
        .snippet(&Snippet::new("arras").target("a"))
        .snippet(&Snippet::new("calais").target("b").attr("data-lang", "en"));
    let s = Session::open_page(data_site()?, page, ServerOptions::default()).await?;
    s.welcome("#a").await?;
    s.welcome("#b").await?;
    ensure!(
        widget_lang(&s, "#a").await? == "fr",
        "#a follows the page: French"
    );
    ensure!(widget_lang(&s, "#b").await? == "en", "#b asked for English");

    // The first owner moves on; the second widget does not move.
    s.start_diagnostic("#a").await?;
    s.pick("#a", "trade", "commerce").await?;
    ensure!(
        s.count_in("#b", "section.tpe-welcome").await? == 1,
        "#b stays on its welcome screen while #a is used"
    );
    s.start_diagnostic("#b").await?;
    s.pick("#b", "trade", "beaute").await?;
    ensure!(
        s.checked("#a", "trade").await? == ["commerce"],
        "#a keeps its own answer"
    );
    ensure!(
        s.checked("#b", "trade").await? == ["beaute"],
        "#b keeps its own answer"
    );

    // Each reaches its own territory's results.
    let scenario = Scenario::shop_selling_online();
    s.complete("#a", &scenario).await?;
    s.wait_in("#a", "li.tpe-venue").await?;
    let a_names = s.texts_in("#a", ".tpe-venue-name").await?;
    let arras = fixtures::arras();
    ensure!(
        !a_names.is_empty()
            && a_names
                .iter()
                .all(|n| arras.venues.iter().any(|v| &v.nom == n)),
        "#a shows Arras venues only: {a_names:?}"
    );
    ensure!(
        s.count_in("#b", "section.tpe-results").await? == 0,
        "#b is still on its own step"
    );
    for target in ["a", "b"] {
        let ready = s.events_of("tpe:ready", Some(target)).await?;
        ensure!(ready.len() == 1, "one tpe:ready from #{target}: {ready:?}");
    }
    ensure!(
        s.events_of("tpe:completed", Some("a")).await?.len() == 1
            && s.events_of("tpe:completed", Some("b")).await?.is_empty(),
        "only #a completed"
    );
    s.assert_no_page_errors().await?;
    s.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_script_included_twice_mounts_once_per_target() -> Result<()> {
    let snippet = Snippet::new("arras").target("w");
    let page = Page::new("Snippet collé deux fois")
        .container("w")
        .snippet(&snippet)
        .snippet(&snippet)
        // Without data-target: mounts right after its own tag.
        .html(r#"<section id="inline">"#)
        .snippet(&Snippet::new("arras"))
        .html("</section>");
    let s = Session::open_page(data_site()?, page, ServerOptions::default()).await?;
    s.welcome("#w").await?;
    s.wait_js(
        "the widget after the untargeted script tag",
        "const c = document.querySelector('#inline > script + div.tpe-diagnostic');
         return !!(c && c.shadowRoot && c.shadowRoot.querySelector('section.tpe-welcome'));",
        vec![],
    )
    .await?;
    s.wait("two tpe:ready events", || async {
        Ok((s.events_of("tpe:ready", None).await?.len() >= 2).then_some(()))
    })
    .await?;

    let counts = s
        .js(
            "const w = document.querySelector('#w');
             const inline = document.querySelectorAll('#inline div.tpe-diagnostic');
             return {
               roots: w.shadowRoot.querySelectorAll('div.tpe').length,
               welcomes: w.shadowRoot.querySelectorAll('section.tpe-welcome').length,
               inline: inline.length,
               inlineRoots: inline[0] ? inline[0].shadowRoot.querySelectorAll('div.tpe').length : 0,
               sameHandle: TpeDiagnostic.mount(w, { territory: 'arras' }) === TpeDiagnostic.mount(w, {})
             };",
            vec![],
        )
        .await?;
    let want =
        json!({ "roots": 1, "welcomes": 1, "inline": 1, "inlineRoots": 1, "sameHandle": true });
    ensure!(
        counts == want,
        "one widget per target: {counts}, expected {want}"
    );
    let ready: Vec<Value> = s.events_of("tpe:ready", None).await?;
    ensure!(
        ready.len() == 2,
        "one tpe:ready per target (two), got {}: {ready:?}",
        ready.len()
    );
    ensure!(
        s.events_of("tpe:ready", Some("w")).await?.len() == 1,
        "#w is mounted once"
    );
    // The one widget of #w works.
    s.start_diagnostic("#w").await?;
    s.assert_no_page_errors().await?;
    s.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_js_api_mounts_and_unmounts_a_widget() -> Result<()> {
    let site = data_site()?;
    site.write(
        "spa.js",
        "window.__handle = window.TpeDiagnostic.mount(document.getElementById('spa'), \
         { territory: 'arras', lang: 'en', dataUrl: '/data/' });\n",
    )?;
    // The loader without data-territory only defines the API.
    let page = Page::new("Single-page site")
        .lang("de")
        .container("spa")
        .html(r#"<script src="/widget/tpe-widget.js"></script><script src="/spa.js"></script>"#);
    let s = Session::open_page(site, page, ServerOptions::default()).await?;
    s.welcome("#spa").await?;
    ensure!(
        widget_lang(&s, "#spa").await? == "en",
        "the mount option's language wins"
    );
    s.start_diagnostic("#spa").await?;

    s.js("window.__handle.unmount();", vec![]).await?;
    s.wait_js(
        "the widget gone after unmount()",
        "return document.querySelector('#spa').shadowRoot.querySelectorAll('.tpe').length === 0;",
        vec![],
    )
    .await?;
    // Mounted again, it starts afresh in the same element.
    s.js(
        "window.__handle = TpeDiagnostic.mount(document.getElementById('spa'), \
         { territory: 'arras', lang: 'en', dataUrl: '/data/' });",
        vec![],
    )
    .await?;
    s.wait_in("#spa", "section.tpe-welcome").await?;
    ensure!(
        s.count_in("#spa", "div.tpe").await? == 1,
        "one widget after mounting again"
    );
    s.assert_no_page_errors().await?;
    s.close().await
}

const HOSTILE_CSS: &str = "* { font-size: 40px !important; color: red !important }\n\
                           button { display: none !important }\n";

/// Computed styles of what the owner sees first, inside the widget.
async fn looks(s: &Session) -> Result<Value> {
    s.js(
        "const root = document.querySelector('#w').shadowRoot;
         const pick = sel => {
           const e = root.querySelector(sel);
           if (!e) return null;
           const c = getComputedStyle(e);
           return { display: c.display, visibility: c.visibility, fontSize: c.fontSize,
                    color: c.color, background: c.backgroundColor, width: e.getBoundingClientRect().width > 0 };
         };
         return { start: pick('button.tpe-start'), title: pick('h2.tpe-step-title'),
                  text: pick('section.tpe-welcome p'), root: pick('div.tpe') };",
        vec![],
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_host_stylesheet_leaves_the_widget_unchanged() -> Result<()> {
    let site = data_site()?;
    site.write("hostile.css", HOSTILE_CSS)?;
    let plain = Page::new("Page sobre")
        .html(r#"<button id="host-button" type="button">Bouton du site</button>"#)
        .widget("w", "arras");
    let hostile = Page::new("Page hostile")
        .stylesheet("/hostile.css")
        .html(r#"<button id="host-button" type="button">Bouton du site</button>"#)
        .widget("w", "arras");
    site.write("plain.html", plain.render())?;
    site.write("hostile.html", hostile.render())?;
    let s = Session::start(site, ServerOptions::default()).await?;

    s.open("/plain.html").await?;
    s.welcome("#w").await?;
    let before = looks(&s).await?;
    ensure!(
        before["start"]["display"] != "none" && before["start"]["width"] == true,
        "the start button shows on a plain page: {before}"
    );

    s.open("/hostile.html").await?;
    s.welcome("#w").await?;
    // The sheet did reach the host page.
    let host = s
        .js(
            "const b = getComputedStyle(document.getElementById('host-button'));
             const h = getComputedStyle(document.querySelector('h1'));
             return { button: b.display, h1: h.fontSize };",
            vec![],
        )
        .await?;
    ensure!(
        host == json!({ "button": "none", "h1": "40px" }),
        "the hostile sheet applies to the host page: {host}"
    );
    let after = looks(&s).await?;
    ensure!(
        after == before,
        "the widget looks different under the hostile sheet:\nwithout: {before}\nwith:    {after}"
    );
    let start = s.find_in("#w", "button.tpe-start").await?;
    ensure!(
        start.is_displayed().await?,
        "WebDriver sees the start button"
    );
    start.click().await.context("clicking start")?;
    s.wait_in("#w", "fieldset[data-question=\"trade\"]").await?;
    s.assert_no_page_errors().await?;
    s.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_the_strict_csp_header_the_widget_works_without_violations() -> Result<()> {
    let page = Page::new("Site avec CSP stricte").widget("w", "arras");
    let s = Session::open_page(data_site()?, page, ServerOptions::strict_csp()).await?;
    // The header really is there, as a browser sees it.
    let sent = s
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('/index.html').then(r => done(r.headers.get('content-security-policy')),
                                       e => done(String(e)));",
            vec![],
        )
        .await?;
    ensure!(
        sent == STRICT_CSP,
        "the page is served with the CSP: {sent}"
    );

    s.welcome("#w").await?;
    s.start_diagnostic("#w").await?;
    s.complete("#w", &Scenario::shop_selling_online()).await?;
    s.wait_in("#w", "li.tpe-venue").await?;
    ensure!(
        s.count_in("#w", "li.tpe-aid").await? > 0,
        "the aids show under the CSP"
    );
    // Styles apply (a blocked stylesheet would leave the button unstyled).
    let styled = s
        .js(
            "const b = document.querySelector('#w').shadowRoot.querySelector('button.tpe-print');
             return getComputedStyle(b).cursor;",
            vec![],
        )
        .await?;
    ensure!(
        styled == "pointer",
        "the widget's stylesheet applies under the CSP (button cursor {styled})"
    );
    // Every request went to the page's own origin; no cookie was set.
    let origin = s.url("/");
    let outside = s
        .js(
            "return performance.getEntriesByType('resource').map(e => e.name)
                 .filter(u => !u.startsWith(arguments[0]));",
            vec![json!(origin)],
        )
        .await?;
    ensure!(outside == json!([]), "requests to other origins: {outside}");
    let cookie = s.js("return document.cookie;", vec![]).await?;
    ensure!(cookie == "", "the widget set a cookie: {cookie}");
    let violations = s.csp_violations().await?;
    ensure!(violations.is_empty(), "CSP violations: {violations:#?}");
    s.assert_no_page_errors().await?;
    s.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_widget_leaves_the_focus_to_the_host_page_until_the_owner_starts() -> Result<()> {
    let page = Page::new("Recherche")
        .html(
            r#"<label for="search">Rechercher</label><input id="search" type="search" autofocus>"#,
        )
        .widget("w", "arras");
    let s = Session::open_page(data_site()?, page, ServerOptions::default()).await?;
    s.welcome("#w").await?;
    s.wait("tpe:ready", || async {
        Ok((!s.events_of("tpe:ready", Some("w")).await?.is_empty()).then_some(()))
    })
    .await?;
    let active = s
        .js(
            "return document.activeElement && document.activeElement.id;",
            vec![],
        )
        .await?;
    ensure!(
        active == "search",
        "the host page's focused field lost the focus to the widget: {active}"
    );
    s.start_diagnostic("#w").await?;
    let active = s
        .js(
            "return document.activeElement && document.activeElement.id;",
            vec![],
        )
        .await?;
    ensure!(
        active == "w",
        "once started, the widget has the focus: {active}"
    );
    s.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tampered_wasm_is_refused_with_a_visible_message() -> Result<()> {
    let site = data_site()?;
    // Someone changed the wasm on the server after the loader was built.
    let widget = site.path().join("widget");
    let wasm = std::fs::read_dir(&widget)
        .context("listing widget/")?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "wasm"))
        .context("no wasm in widget/")?;
    let mut bytes = std::fs::read(&wasm).context("reading the wasm")?;
    // A custom section appended: still valid WebAssembly, which would run
    // if nothing checked it against the hash the loader was built with.
    bytes.extend_from_slice(&[0x00, 0x05, 0x04, b'e', b'v', b'i', b'l']);
    std::fs::write(&wasm, bytes).context("tampering with the wasm")?;

    let page = Page::new("Diagnostic").container("w").snippet(
        &Snippet::new("arras")
            .target("w")
            .attr("data-fallback-url", "https://partner.example/diagnostic"),
    );
    let s = Session::open_page(site, page, ServerOptions::strict_csp()).await?;
    s.wait("tpe:error", || async {
        Ok((!s.events_of("tpe:error", Some("w")).await?.is_empty()).then_some(()))
    })
    .await?;
    let shown = s
        .js(
            "const p = document.querySelector('#w .tpe-loading');
             const a = p && p.querySelector('a');
             return { text: p ? p.textContent : null, href: a ? a.href : null,
                      shadow: !!document.querySelector('#w').shadowRoot };",
            vec![],
        )
        .await?;
    ensure!(
        shown["text"]
            .as_str()
            .is_some_and(|t| t.contains("ne peut pas s’afficher")),
        "the owner is told the widget cannot show: {shown}"
    );
    ensure!(
        shown["href"] == json!("https://partner.example/diagnostic"),
        "the partner's fallback link is offered: {shown}"
    );
    ensure!(
        shown["shadow"] == json!(false),
        "nothing was mounted: {shown}"
    );
    s.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_place_says_loading_until_the_widget_is_there() -> Result<()> {
    let page = Page::new("Diagnostic").container("w").snippet(
        &Snippet::new("arras")
            .target("w")
            .attr("data-partner", "cci-artois"),
    );
    let s = Session::open_page(data_site()?, page, ServerOptions::default()).await?;
    s.welcome("#w").await?;
    let ready = s.events_of("tpe:ready", Some("w")).await?;
    ensure!(
        ready.len() == 1 && ready[0]["detail"]["partner"] == json!("cci-artois"),
        "the events carry data-partner: {ready:?}"
    );
    let note = s
        .js(
            "const p = document.querySelector('#w .tpe-loading');
             return p ? p.textContent : null;",
            vec![],
        )
        .await?;
    ensure!(
        note.as_str().is_some_and(|t| t.contains("Chargement")),
        "the title and « Chargement… » were put in place at once: {note}"
    );
    s.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_english_reader_switches_the_widget_to_english() -> Result<()> {
    let page = Page::new("Diagnostic")
        .lang("fr")
        .container("w")
        .snippet(&Snippet::new("arras").target("w"));
    let s = Session::open_page(data_site()?, page, ServerOptions::default()).await?;
    s.welcome("#w").await?;
    ensure!(
        s.heading("#w").await? == "Votre diagnostic numérique",
        "French first"
    );
    s.click_in("#w", "button.tpe-lang").await?;
    s.wait("the English welcome", || async {
        Ok((s.heading("#w").await? == "Your digital check-up").then_some(()))
    })
    .await?;
    ensure!(
        widget_lang(&s, "#w").await? == "en",
        "the root says English"
    );
    let back = s.texts_in("#w", "button.tpe-lang").await?;
    ensure!(
        back == ["Français"],
        "the way back is named in French: {back:?}"
    );
    // Answers carry over when switching mid-way.
    s.start_diagnostic("#w").await?;
    s.pick("#w", "trade", "commerce").await?;
    s.click_in("#w", "button.tpe-lang").await?;
    ensure!(
        s.checked("#w", "trade").await? == ["commerce"],
        "the answer stays after switching"
    );
    s.assert_no_page_errors().await?;
    s.close().await
}
