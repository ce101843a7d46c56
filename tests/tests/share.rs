//! Sharing an anonymous result, in a real Chromium: nothing is sent before
//! a click, « Partager » sends exactly one record with only the listed
//! fields, the panel is not offered twice, the outcome question comes a
//! week later and never again, and a collector that is down changes
//! nothing for the owner. The page's server records every POST.

use serde_json::Value;
use tpe_e2e::fixtures::{self, Scenario};
use tpe_e2e::{ensure, Context, Fault, Page, Result, ServerOptions, Session, Site, Snippet};

const W: &str = "#w";
const FIELDS: [&str; 10] = [
    "schema",
    "territory",
    "partner",
    "trade",
    "headcount",
    "levels",
    "priorities",
    "duties",
    "opened",
    "week",
];

async fn session(stats: bool, options: ServerOptions) -> Result<Session> {
    let site = Site::new()?.with_data(&[fixtures::arras()])?;
    let mut snippet = Snippet::new("arras")
        .target("w")
        .attr("data-partner", "cci");
    if stats {
        snippet = snippet
            .attr("data-stats-url", "/stats")
            .attr("data-partner-name", "CCI <b>Artois</b>");
    }
    let page = Page::new("Diagnostic numérique")
        .container("w")
        .snippet(&snippet);
    Session::open_page(site, page, options).await
}

async fn to_results(s: &Session) -> Result<()> {
    s.welcome(W).await?;
    s.start_diagnostic(W).await?;
    s.complete(W, &Scenario::shop_selling_online()).await?;
    s.wait_in(W, "section.tpe-results").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_is_sent_without_a_click_and_share_sends_only_the_listed_fields() -> Result<()> {
    let options = ServerOptions::default();
    let posts = options.posts.clone();
    let s = session(true, options).await?;
    to_results(&s).await?;
    s.wait_in(W, "section.tpe-share").await?;
    // The owner is told who receives it: the partner's name (as text, never
    // markup) and the collector's host, here the page's own.
    let to = s.texts_in(W, ".tpe-share-to").await?;
    let host = s.js("return location.host", vec![]).await?;
    let host = host.as_str().unwrap_or_default();
    ensure!(
        to == [format!("Envoyé à\u{a0}: CCI <b>Artois</b> ({host})")],
        "recipient said as {to:?}"
    );
    // Open a help card's link first: it is one of the listed fields.
    s.js(
        "const a = document.querySelector('#w').shadowRoot.querySelector('.tpe-venue[data-help] a');
         if (a) { a.addEventListener('click', e => e.preventDefault(), { once: true }); a.click(); }
         return !!a;",
        vec![],
    )
    .await?;
    ensure!(
        posts.list().is_empty(),
        "nothing is posted before a click: {:?}",
        posts.list()
    );
    s.click_in(W, "button.tpe-share-yes").await?;
    s.wait_in(W, ".tpe-share-thanks").await?;
    let sent = s
        .wait("the shared record", || async {
            let list = posts.list();
            Ok((!list.is_empty()).then_some(list))
        })
        .await?;
    ensure!(sent.len() == 1, "exactly one request: {sent:?}");
    let (path, body) = &sent[0];
    ensure!(path == "/stats/v1/results", "sent to {path}");
    let record: Value = serde_json::from_str(body).context("the body is JSON")?;
    let keys: Vec<&str> = record
        .as_object()
        .context("an object")?
        .keys()
        .map(String::as_str)
        .collect();
    ensure!(
        keys.iter().all(|k| FIELDS.contains(k)),
        "only the listed fields: {keys:?}"
    );
    ensure!(
        !body.contains("62041") && !body.contains("Arras"),
        "no commune: {body}"
    );
    ensure!(
        record["partner"] == "cci" && record["territory"] == "arras",
        "{record}"
    );
    ensure!(
        record["opened"]["venues"]
            .as_array()
            .is_some_and(|v| v.len() == 1),
        "the help card opened is listed: {record}"
    );
    ensure!(
        record["week"]
            .as_str()
            .is_some_and(|w| w.len() == 8 && w.contains("-W")),
        "an ISO week, nothing finer: {record}"
    );

    // Back to the result later: the panel is not offered again.
    s.open("/index.html").await?;
    s.wait_in(W, "section.tpe-results, section.tpe-welcome")
        .await?;
    ensure!(
        s.count_in(W, "section.tpe-share").await? == 0,
        "the consent panel is asked once"
    );
    ensure!(posts.list().len() == 1, "{:?}", posts.list());

    // « Effacer mes réponses de cet appareil » forgets the sharing too: the
    // next owner at a shared kiosk is asked, and gets no outcome question.
    s.wait_in(W, "button.tpe-erase").await?;
    s.click_in(W, "button.tpe-erase").await?;
    let kept = s
        .js(
            "return [localStorage.getItem('tpe:arras:shared'), localStorage.getItem('tpe:arras:outcome')];",
            vec![],
        )
        .await?;
    ensure!(kept == serde_json::json!([null, null]), "erased: {kept}");
    s.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_collector_there_is_no_panel_and_no_thanks_means_nothing_sent() -> Result<()> {
    let options = ServerOptions::default();
    let posts = options.posts.clone();
    let s = session(false, options).await?;
    to_results(&s).await?;
    ensure!(
        s.count_in(W, "section.tpe-share").await? == 0,
        "no data-stats-url: no panel"
    );
    s.close().await?;

    let options = ServerOptions::default();
    let posts_no = options.posts.clone();
    let s = session(true, options).await?;
    to_results(&s).await?;
    s.click_in(W, "button.tpe-share-no").await?;
    ensure!(
        s.count_in(W, "section.tpe-share").await? == 0,
        "« Non merci » closes the panel"
    );
    ensure!(
        posts.list().is_empty() && posts_no.list().is_empty(),
        "nothing sent"
    );
    s.close().await
}

/// The outcome question a week after sharing (the day of sharing moved 8
/// days back, as if the clock had moved), once; the collector down.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_week_later_the_outcome_is_asked_once_even_with_the_collector_down() -> Result<()> {
    let options = ServerOptions::default().fault("/stats/v1/outcomes", Fault::ServerError);
    let posts = options.posts.clone();
    let s = session(true, options).await?;
    s.welcome(W).await?;
    ensure!(
        s.count_in(W, "section.tpe-outcome").await? == 0,
        "never asked before sharing"
    );
    s.outcome_question_answered_yes(W, "arras").await?;
    s.click_in(W, "section.tpe-outcome input[type=checkbox]")
        .await?;
    s.click_in(W, "button.tpe-outcome-send").await?;
    let sent = s
        .wait("the outcome", || async {
            let list = posts.list();
            Ok((!list.is_empty()).then_some(list))
        })
        .await?;
    ensure!(
        sent.len() == 1 && sent[0].0 == "/stats/v1/outcomes",
        "{sent:?}"
    );
    let record: Value = serde_json::from_str(&sent[0].1).context("JSON")?;
    ensure!(
        record["helped"] == "yes" && record["by"] == serde_json::json!(["venue"]),
        "{record}"
    );
    ensure!(
        s.count_in(W, "section.tpe-outcome").await? == 0,
        "the question closes after the answer"
    );
    ensure!(
        s.count_in(W, ".tpe-error, [role=alert]").await? == 0,
        "a collector that is down shows no error to the owner"
    );
    s.open("/index.html").await?;
    s.welcome(W).await?;
    ensure!(
        s.count_in(W, "section.tpe-outcome").await? == 0,
        "never asked again"
    );

    // « Ne plus me demander » is honoured too.
    s.js(
        "localStorage.removeItem('tpe:arras:outcome'); return true;",
        vec![],
    )
    .await?;
    s.open("/index.html").await?;
    s.wait_in(W, "section.tpe-outcome").await?;
    s.click_in(W, "button.tpe-outcome-never").await?;
    s.open("/index.html").await?;
    s.welcome(W).await?;
    ensure!(
        s.count_in(W, "section.tpe-outcome").await? == 0,
        "not asked after « Ne plus me demander »"
    );
    ensure!(posts.list().len() == 1, "{:?}", posts.list());
    s.close().await
}
