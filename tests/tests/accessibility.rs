//! axe-core (npm `axe-core`, served by the test server and loaded by a
//! script tag, as a CSP-compatible page would) on the widget's host element,
//! shadow DOM included, at every step: 0 violations.

use tpe_e2e::fixtures::{self, Scenario};
use tpe_e2e::{axe_script, Context, Page, Result, ServerOptions, Session, Site, Snippet};
use tpe_shared::questionnaire::Questionnaire;

const W: &str = "#w";

async fn audit_every_step(lang: &str, assisted: bool, accent: Option<&str>) -> Result<()> {
    let axe = axe_script()?;
    let site = Site::new()?.with_data(&[fixtures::arras()])?;
    site.write(
        "axe.min.js",
        std::fs::read(&axe).context(format!("reading {}", axe.display()))?,
    )?;
    // With a collector configured: the consent panel is audited too.
    let mut snippet = Snippet::new("arras")
        .target("w")
        .attr("data-partner", "cci")
        .attr("data-stats-url", "/stats");
    if let Some(accent) = accent {
        snippet = snippet.attr("data-accent", accent);
    }
    let page = Page::new("Diagnostic numérique")
        .lang(lang)
        .head_script("/axe.min.js")
        .container("w")
        .snippet(&snippet);
    let s = Session::open_page(site, page, ServerOptions::default()).await?;
    s.welcome(W).await?;
    // No data-lang: the widget speaks the host page's language.
    let spoken = s.find_in(W, "div.tpe").await?.attr("lang").await?;
    tpe_e2e::ensure!(
        spoken.as_deref() == Some(lang),
        "the widget's language on a page in {lang}: {spoken:?}"
    );
    s.assert_accessible(W, "the welcome screen").await?;
    if let Some(accent) = accent {
        // The partner's hue is used, darkened until it reads on white.
        let bg = s
            .js(
                "const b = document.querySelector('#w').shadowRoot.querySelector('button.tpe-primary');
                 return getComputedStyle(b).backgroundColor;",
                vec![],
            )
            .await?;
        let default = "rgb(11, 95, 165)";
        tpe_e2e::ensure!(
            bg != default && bg != "rgb(255, 225, 77)",
            "the accent {accent} is neither ignored nor used as is: button background {bg}"
        );
    }
    if assisted {
        s.click_in(W, "input.tpe-assisted").await?;
    }

    s.start_diagnostic(W).await?;
    s.assert_accessible(W, "the empty profile").await?;
    let scenario = Scenario::shop_selling_online();
    s.pick_all(W, &scenario.profile).await?;
    // The commune field with its suggestion list open.
    let input = s.wait_in(W, "input.tpe-commune").await?;
    input.send_keys(&scenario.commune_typed).await?;
    s.wait_in(W, ".tpe-commune-option").await?;
    s.assert_accessible(W, "the profile with commune suggestions")
        .await?;
    s.click_in(W, ".tpe-commune-option[data-insee=\"62041\"]")
        .await?;
    s.wait_in(W, ".tpe-commune-chosen").await?;
    s.assert_accessible(W, "the filled-in profile").await?;
    s.next(W).await?;

    for dim in &Questionnaire::embedded().dimensions {
        s.wait_in(W, &format!("section[data-dimension=\"{}\"]", dim.id))
            .await?;
        // Half answered: the "questions left" nudge shows too.
        let picks: Vec<(String, String)> = dim
            .questions
            .iter()
            .skip(1)
            .map(|x| (x.id.clone(), scenario.responses[&x.id].clone()))
            .collect();
        s.pick_all(W, &picks).await?;
        s.assert_accessible(W, &format!("the {} step", dim.id))
            .await?;
        s.next(W).await?;
    }

    s.wait_in(W, "section.tpe-results").await?;
    s.wait_in(W, "li.tpe-venue").await?;
    s.wait_in(W, "section.tpe-share").await?;
    s.assert_accessible(W, "the results with the consent panel")
        .await?;
    s.assert_no_page_errors().await?;
    // The outcome question, a week after sharing.
    s.outcome_question_answered_yes(W, "arras").await?;
    s.assert_accessible(W, "the outcome question").await?;
    s.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_finds_no_violation_at_any_step() -> Result<()> {
    audit_every_step("fr", false, None).await
}

/// English (from the host page's `<html lang>`), assisted mode, and a
/// partner accent too light to read on white (the widget must darken it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_finds_no_violation_in_english_assisted_mode_with_a_pale_accent() -> Result<()> {
    audit_every_step("en", true, Some("#ffe14d")).await
}
