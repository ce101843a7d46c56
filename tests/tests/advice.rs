//! What the result says, as an owner reads it: legal duties first, no
//! confident priorities from almost no answers, the commune found the way
//! an owner types it, and a device that can forget the answers.

use fantoccini::key::Key;
use serde_json::json;
use tpe_e2e::fixtures::Scenario;
use tpe_e2e::{ensure, Context, Result, Session};

const W: &str = "#w";

/// A one-person shop in Arras wanting more clients, good everywhere, that
/// answered `inv_ready` with `answer`.
fn shop_with_invoicing(answer: &str) -> Scenario {
    let mut s = Scenario::shop_selling_online();
    s.profile = vec![
        ("trade".into(), "commerce".into()),
        ("headcount".into(), "1".into()),
        ("chamber".into(), "cci".into()),
        ("network".into(), "independent".into()),
        ("goals".into(), "more_customers".into()),
    ];
    s.responses.insert("inv_ready".into(), answer.into());
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_duty_in_force_comes_before_the_priorities_and_makes_one() -> Result<()> {
    let s = Session::arras().await?;
    s.start_diagnostic(W).await?;
    s.complete(W, &shop_with_invoicing("no")).await?;
    let duty = s
        .texts_in(W, ".tpe-duty[data-duty=\"einvoice_reception\"]")
        .await?;
    ensure!(
        duty.len() == 1,
        "the e-invoicing duty is listed once: {duty:?}"
    );
    ensure!(
        duty[0].contains("Depuis le 1er septembre 2026"),
        "the duty is dated: {duty:?}"
    );
    let before = s
        .js(
            "const r = document.querySelector(arguments[0]).shadowRoot;
             const d = r.querySelector('.tpe-duties'), p = r.querySelector('.tpe-priorities');
             return !!(d && p && (d.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING));",
            vec![json!(W)],
        )
        .await?;
    ensure!(
        before == json!(true),
        "the duties come before the priorities"
    );
    let dims = s
        .js(
            "return [...document.querySelector(arguments[0]).shadowRoot
                 .querySelectorAll('.tpe-priority')].map(e => e.dataset.dimension);",
            vec![json!(W)],
        )
        .await?;
    ensure!(
        dims.as_array()
            .is_some_and(|d| d.contains(&json!("invoicing"))),
        "a duty in force makes its theme a priority: {dims}"
    );
    s.assert_no_page_errors().await?;
    s.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn i_dont_know_about_e_invoicing_is_to_check_with_the_accountant() -> Result<()> {
    let s = Session::arras().await?;
    s.start_diagnostic(W).await?;
    s.complete(W, &shop_with_invoicing("dont_know")).await?;
    let status = s
        .texts_in(
            W,
            ".tpe-duty[data-duty=\"einvoice_reception\"] .tpe-duty-status",
        )
        .await?;
    ensure!(
        status == ["À vérifier avec votre comptable"],
        "« Je ne sais pas » is a point to check: {status:?}"
    );
    s.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn skipping_every_question_gives_no_priority() -> Result<()> {
    let s = Session::arras().await?;
    s.start_diagnostic(W).await?;
    s.complete(W, &Scenario::nothing()).await?;
    s.wait_in(W, ".tpe-too-few").await?;
    ensure!(
        s.count_in(W, ".tpe-priority").await? == 0,
        "no confident priority from no answers"
    );
    s.close().await
}

/// The suggestions' texts once the list shows for `typed`.
async fn suggestions(s: &Session, typed: &str) -> Result<Vec<String>> {
    let input = s.wait_in(W, "input.tpe-commune").await?;
    input.clear().await.context("clearing the commune field")?;
    input.send_keys(typed).await.context("typing the commune")?;
    s.wait(&format!("suggestions for {typed}"), || async {
        let texts = s.texts_in(W, ".tpe-commune-option").await?;
        let status = s.texts_in(W, ".tpe-commune-status").await?;
        let ready = !texts.is_empty() || status.iter().any(|t| t.contains("Nous ne trouvons pas"));
        Ok(ready.then_some(texts))
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_commune_is_found_as_an_owner_types_it() -> Result<()> {
    let s = Session::arras().await?;
    s.start_diagnostic(W).await?;
    let found = suggestions(&s, "02200").await?;
    ensure!(
        found.first().is_some_and(|f| f.starts_with("Soissons")),
        "Soissons' postal code offers Soissons first: {found:?}"
    );
    let found = suggestions(&s, "Arr").await?;
    ensure!(
        found.first().is_some_and(|f| f.starts_with("Arras")),
        "« Arr » offers Arras first: {found:?}"
    );
    let expanded = s
        .js(
            "return document.querySelector(arguments[0]).shadowRoot
                 .querySelector('input.tpe-commune').getAttribute('aria-expanded');",
            vec![json!(W)],
        )
        .await?;
    ensure!(expanded == json!("true"), "the combobox says it is open");
    let status = s.texts_in(W, ".tpe-commune-status").await?;
    ensure!(
        status
            .iter()
            .any(|t| t.contains(&format!("{} communes", found.len()))),
        "the number of suggestions is announced: {status:?}"
    );
    s.press(Key::Escape).await?;
    ensure!(
        s.count_in(W, ".tpe-commune-option").await? == 0,
        "Escape closes the list"
    );
    let found = suggestions(&s, "zzzz").await?;
    ensure!(found.is_empty(), "nothing for zzzz: {found:?}");
    let status = s.texts_in(W, ".tpe-commune-status").await?;
    ensure!(
        status
            .iter()
            .any(|t| t.contains("vérifiez l'orthographe ou le code postal")),
        "an unknown commune is said plainly: {status:?}"
    );
    s.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_commune_gives_no_distance() -> Result<()> {
    let s = Session::arras().await?;
    s.start_diagnostic(W).await?;
    let mut scenario = Scenario::shop_selling_online();
    scenario.commune_typed = "zzzz".into();
    scenario.commune_insee = None;
    s.complete(W, &scenario).await?;
    s.wait_in(W, ".tpe-commune-unknown").await?;
    ensure!(
        s.count_in(W, ".tpe-distance").await? == 0,
        "no made-up distance from an unknown commune"
    );
    s.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_finishing_a_reload_offers_the_result_again() -> Result<()> {
    let s = Session::arras().await?;
    s.start_diagnostic(W).await?;
    s.complete(W, &Scenario::shop_selling_online()).await?;
    s.client().refresh().await.context("reloading the page")?;
    s.wait_in(W, "button.tpe-resume").await?;
    let label = s.texts_in(W, "button.tpe-resume").await?;
    ensure!(label == ["Revoir mon résultat"], "{label:?}");
    s.click_in(W, "button.tpe-resume").await?;
    s.wait_in(W, "section.tpe-results").await?;
    s.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_reopen_link_is_said_not_hidden() -> Result<()> {
    let s = Session::arras().await?;
    s.open("/index.html#tpe=not-a-result").await?;
    s.client()
        .refresh()
        .await
        .context("reloading with the link")?;
    s.wait_in(W, ".tpe-bad-link").await?;
    s.welcome(W).await?;
    s.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn erasing_forgets_the_answers_on_this_device() -> Result<()> {
    let s = Session::arras().await?;
    s.start_diagnostic(W).await?;
    s.complete(W, &Scenario::shop_selling_online()).await?;
    s.click_in(W, ".tpe-results button.tpe-erase").await?;
    s.wait_in(W, ".tpe-erased").await?;
    let kept = s
        .js(
            "return Object.keys(localStorage).filter(k => k.startsWith('tpe:'));",
            vec![],
        )
        .await?;
    ensure!(kept == json!([]), "nothing left in localStorage: {kept}");
    s.client().refresh().await.context("reloading the page")?;
    s.welcome(W).await?;
    ensure!(
        s.count_in(W, "button.tpe-resume").await? == 0,
        "nothing to resume after erasing"
    );
    s.close().await
}
