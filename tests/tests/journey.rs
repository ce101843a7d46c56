//! The owner's path through the widget, in a real Chromium: keyboard only,
//! the local pathway in the results, back and next, resuming after a reload,
//! and what the host page hears about it.

use fantoccini::key::Key;
use serde_json::Value;
use tpe_e2e::fixtures::{self, Scenario};
use tpe_e2e::{ensure, Context, Result, Session};
use tpe_shared::questionnaire::Questionnaire;

const W: &str = "#w";

/// Keyboard: Tab to the radio group, then Space (first option) or arrow
/// Down as many times as the answer is far in the group, in the page's order.
async fn choose_by_keyboard(s: &Session, question: &str, answer: &str) -> Result<()> {
    let options = s.options(W, question).await?;
    let index = options.iter().position(|o| o == answer).context(format!(
        "{answer} is not an option of {question}: {options:?}"
    ))?;
    s.tab_to(W, &format!("the {question} radio group"), 40, |f| {
        f["tag"] == "input" && f["name"] == question
    })
    .await?;
    if index == 0 {
        s.press(Key::Space).await?;
    } else {
        for _ in 0..index {
            s.press(Key::Down).await?;
        }
    }
    s.wait(&format!("{question} = {answer} checked"), || async {
        Ok((s.checked(W, question).await? == [answer.to_string()]).then_some(()))
    })
    .await
}

/// After moving to a new screen, the focus is on its heading.
async fn focus_is_on_heading(s: &Session) -> Result<()> {
    s.wait("the focus on the step heading", || async {
        let f = s.focused(W).await?;
        Ok(
            (f["tag"] == "h2" && f["class"].as_str().unwrap_or("").contains("tpe-step-title"))
                .then_some(()),
        )
    })
    .await
}

async fn press_next_by_keyboard(s: &Session, key: Key) -> Result<()> {
    s.tab_to(W, "the next button", 40, |f| {
        f["tag"] == "button" && f["class"].as_str().unwrap_or("").contains("tpe-next")
    })
    .await?;
    let before = s.heading(W).await?;
    s.press(key).await?;
    s.wait_heading_change(W, &before).await?;
    focus_is_on_heading(s).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owner_completes_the_diagnostic_with_the_keyboard_only() -> Result<()> {
    let s = Session::arras().await?;
    s.welcome(W).await?;
    let q = Questionnaire::embedded();
    let scenario = Scenario::shop_selling_online();

    s.tab_to(W, "the start button", 10, |f| {
        f["class"].as_str().unwrap_or("").contains("tpe-start")
    })
    .await?;
    s.press(Key::Enter).await?;
    s.wait_in(W, "fieldset[data-question=\"trade\"]").await?;
    focus_is_on_heading(&s).await?;

    // The profile: radio groups, the commune field and its suggestions, a checkbox.
    for (question, answer) in scenario.profile.iter().filter(|(q, _)| q != "goals") {
        if question == "chamber" {
            // The commune field comes between headcount and chamber.
            s.tab_to(W, "the commune field", 10, |f| {
                f["class"].as_str().unwrap_or("").contains("tpe-commune")
            })
            .await?;
            s.type_text(&scenario.commune_typed).await?;
            let insee = scenario.commune_insee.clone().context("a commune")?;
            s.wait_in(W, &format!(".tpe-commune-option[data-insee=\"{insee}\"]"))
                .await?;
            // A combobox: the arrow keys move through the suggestions while
            // the focus stays in the field, Enter picks.
            let mut reached = false;
            for _ in 0..6 {
                s.press(Key::Down).await?;
                let active = s
                    .js(
                        "const r = document.querySelector(arguments[0]).shadowRoot;
                         const input = r.activeElement;
                         const id = input && input.getAttribute('aria-activedescendant');
                         const o = id && r.getElementById(id);
                         return o ? o.getAttribute('data-insee') : null;",
                        vec![serde_json::json!(W)],
                    )
                    .await?;
                if active == serde_json::json!(insee) {
                    reached = true;
                    break;
                }
            }
            ensure!(reached, "the down arrow never reached the commune {insee}");
            s.press(Key::Enter).await?;
            s.wait_in(W, ".tpe-commune-chosen").await?;
            let f = s.focused(W).await?;
            ensure!(
                f["class"].as_str().unwrap_or("").contains("tpe-commune"),
                "after Enter the focus stays in the commune field: {f}"
            );
        }
        choose_by_keyboard(&s, question, answer).await?;
    }
    for (_, goal) in scenario.profile.iter().filter(|(q, _)| q == "goals") {
        s.tab_to(W, &format!("the goal {goal}"), 40, |f| {
            f["name"] == "goals" && f["value"] == goal.as_str()
        })
        .await?;
        s.press(Key::Space).await?;
    }
    ensure!(
        s.checked(W, "goals").await? == ["sell_remotely"],
        "the goal checkbox was not checked with Space"
    );
    press_next_by_keyboard(&s, Key::Enter).await?;

    // One screen per dimension; Space on "next" for half of them.
    for (i, dim) in q.dimensions.iter().enumerate() {
        s.wait_in(W, &format!("section[data-dimension=\"{}\"]", dim.id))
            .await?;
        for question in &dim.questions {
            let answer = &scenario.responses[&question.id];
            choose_by_keyboard(&s, &question.id, answer).await?;
        }
        let key = if i % 2 == 0 { Key::Enter } else { Key::Space };
        press_next_by_keyboard(&s, key).await?;
    }

    s.wait_in(W, "section.tpe-results").await?;
    focus_is_on_heading(&s).await?;
    // Every answer given with the keyboard counted: the levels are the
    // engine's for exactly these answers.
    let completed = s.events_of("tpe:completed", Some("w")).await?;
    let levels = &completed.first().context("no tpe:completed event")?["detail"]["levels"];
    let expected = serde_json::to_value(fixtures::expected_levels(&scenario))?;
    ensure!(
        *levels == expected,
        "levels after a keyboard-only diagnostic: {levels}, expected {expected}"
    );
    s.assert_no_page_errors().await?;
    s.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_show_a_venue_nearby_a_matching_aid_and_the_cci() -> Result<()> {
    let s = Session::arras().await?;
    let scenario = Scenario::shop_selling_online();
    let expected = fixtures::expected_pathway(&fixtures::arras(), &scenario)?;
    // The fixture is meant for this: selling first, ADEN, the CCI.
    let selling = expected.first().context("the engine found no priority")?;
    ensure!(
        selling.dimension == "selling"
            && selling.aids.contains(&fixtures::aden().name)
            && selling.adviser.as_deref() == Some("CCI Artois")
            && !selling.venues.is_empty(),
        "the fixture no longer leads to selling / ADEN / CCI Artois: {expected:#?}"
    );

    s.welcome(W).await?;
    s.start_diagnostic(W).await?;
    s.complete(W, &scenario).await?;
    s.wait_in(W, "li.tpe-venue").await?;

    let dims = s
        .js(
            "return [...document.querySelector('#w').shadowRoot
                 .querySelectorAll('li.tpe-priority')].map(l => l.dataset.dimension);",
            vec![],
        )
        .await?;
    let want: Vec<&str> = expected.iter().map(|e| e.dimension.as_str()).collect();
    ensure!(
        dims == serde_json::json!(want),
        "priorities shown {dims}, the engine ranks {want:?}"
    );

    let item = "li.tpe-priority[data-dimension=\"selling\"]";
    let names = s.texts_in(W, &format!("{item} .tpe-venue-name")).await?;
    let want: Vec<&String> = selling.venues.iter().map(|(n, _)| n).collect();
    ensure!(
        names.iter().collect::<Vec<_>>() == want,
        "venues for selling: {names:?}, expected {want:?}"
    );
    let distances = s.texts_in(W, &format!("{item} .tpe-distance")).await?;
    let want: Vec<String> = selling
        .venues
        .iter()
        .filter_map(|(_, d)| d.clone())
        .collect();
    ensure!(
        distances == want,
        "distances shown {distances:?}, expected {want:?}"
    );
    let hours = s.texts_in(W, &format!("{item} .tpe-hours")).await?;
    ensure!(
        hours.len() == names.len() && hours.iter().all(|h| !h.is_empty()),
        "every venue says when it opens: {hours:?}"
    );
    let badges = s
        .texts_in(W, &format!("{item} li.tpe-venue .tpe-badge-business"))
        .await?;
    ensure!(
        badges.len() == 1,
        "one venue welcomes businesses: badges {badges:?}"
    );

    let aids = s
        .texts_in(W, &format!("{item} li.tpe-aid .tpe-aid-name"))
        .await?;
    ensure!(
        aids == selling.aids,
        "aids for selling: {aids:?}, expected {:?}",
        selling.aids
    );
    let adviser = s.texts_in(W, &format!("{item} .tpe-adviser")).await?;
    ensure!(
        adviser.iter().any(|a| a.contains("CCI Artois")),
        "the CCI is named as the adviser: {adviser:?}"
    );
    let updated = s.texts_in(W, ".tpe-updated").await?;
    ensure!(
        updated.len() == 1 && updated[0].contains("2026"),
        "the data date from the manifest is shown: {updated:?}"
    );
    let credits = s.texts_in(W, ".tpe-credits").await?;
    ensure!(
        credits.len() == 1
            && credits[0].starts_with("Sources\u{a0}: ")
            && credits[0].contains("ODbL"),
        "the data credits are in the result: {credits:?}"
    );
    ensure!(
        s.count_in(W, ".tpe-data-unavailable").await? == 0,
        "no fallback when the data loaded"
    );
    s.assert_no_page_errors().await?;
    s.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn back_and_next_keep_the_answers() -> Result<()> {
    let s = Session::arras().await?;
    s.welcome(W).await?;
    s.start_diagnostic(W).await?;
    let profile_title = s.heading(W).await?;
    s.pick(W, "trade", "cafe_restaurant").await?;
    s.pick(W, "headcount", "5-9").await?;
    s.pick(W, "goals", "save_time").await?;
    s.pick(W, "goals", "be_protected").await?;
    let first = s.next(W).await?;

    let q = Questionnaire::embedded();
    let dim = &q.dimensions[0];
    let chosen: Vec<(String, String)> = dim
        .questions
        .iter()
        .map(|x| (x.id.clone(), x.answers[1].id.clone()))
        .collect();
    for (question, answer) in &chosen {
        s.pick(W, question, answer).await?;
    }
    let second = s.next(W).await?;
    ensure!(second != first, "next moved on");

    ensure!(s.back(W).await? == first, "back returns to {first}");
    for (question, answer) in &chosen {
        let checked = s.checked(W, question).await?;
        ensure!(
            checked == [answer.clone()],
            "after back, {question} shows {checked:?}, was {answer}"
        );
    }
    ensure!(
        s.back(W).await? == profile_title,
        "back returns to the profile"
    );
    ensure!(
        s.checked(W, "trade").await? == ["cafe_restaurant"],
        "trade kept"
    );
    ensure!(
        s.checked(W, "headcount").await? == ["5-9"],
        "headcount kept"
    );
    ensure!(
        s.checked(W, "goals").await? == ["save_time", "be_protected"],
        "goals kept"
    );

    ensure!(s.next(W).await? == first, "next again shows {first}");
    for (question, answer) in &chosen {
        ensure!(
            s.checked(W, question).await? == [answer.clone()],
            "after next, {question} still {answer}"
        );
    }
    s.assert_no_page_errors().await?;
    s.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_offers_to_resume_with_the_answers() -> Result<()> {
    let s = Session::arras().await?;
    s.welcome(W).await?;
    ensure!(
        s.count_in(W, "button.tpe-resume").await? == 0,
        "nothing to resume on a first visit"
    );
    s.start_diagnostic(W).await?;
    s.pick(W, "trade", "beaute").await?;
    s.pick(W, "headcount", "1").await?;
    s.next(W).await?;
    let q = Questionnaire::embedded();
    let dim = &q.dimensions[0];
    let chosen: Vec<(String, String)> = dim
        .questions
        .iter()
        .map(|x| (x.id.clone(), x.answers[0].id.clone()))
        .collect();
    for (question, answer) in &chosen {
        s.pick(W, question, answer).await?;
    }
    let left_at = s.next(W).await?;

    s.client().refresh().await.context("reloading the page")?;
    s.wait_in(W, "button.tpe-resume").await?;
    ensure!(
        s.count_in(W, "button.tpe-restart").await? == 1,
        "starting again is offered beside resuming"
    );
    s.click_in(W, "button.tpe-resume").await?;
    s.wait(&format!("the step left at ({left_at})"), || async {
        Ok((s.heading(W).await? == left_at).then_some(()))
    })
    .await?;

    s.back(W).await?;
    for (question, answer) in &chosen {
        ensure!(
            s.checked(W, question).await? == [answer.clone()],
            "{question} restored as {answer}"
        );
    }
    s.back(W).await?;
    ensure!(s.checked(W, "trade").await? == ["beaute"], "trade restored");
    ensure!(
        s.checked(W, "headcount").await? == ["1"],
        "headcount restored"
    );
    s.assert_no_page_errors().await?;
    s.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_host_page_hears_ready_steps_and_levels_without_personal_data() -> Result<()> {
    let s = Session::arras().await?;
    let scenario = Scenario::shop_selling_online();
    s.welcome(W).await?;
    s.wait("tpe:ready", || async {
        Ok((!s.events_of("tpe:ready", Some("w")).await?.is_empty()).then_some(()))
    })
    .await?;
    s.start_diagnostic(W).await?;
    s.complete(W, &scenario).await?;
    s.wait("tpe:completed", || async {
        Ok((!s.events_of("tpe:completed", Some("w")).await?.is_empty()).then_some(()))
    })
    .await?;

    let events = s.events().await?;
    let total = Questionnaire::embedded().step_count();
    let kinds: Vec<&str> = events.iter().filter_map(|e| e["type"].as_str()).collect();
    let mut want = vec!["tpe:ready"];
    want.extend(std::iter::repeat_n("tpe:step", total));
    want.push("tpe:completed");
    ensure!(
        kinds == want,
        "events in order: {kinds:?}, expected {want:?}"
    );
    for e in &events {
        ensure!(
            e["target"] == "w" && e["bubbles"] == true && e["composed"] == true,
            "dispatched on the container, bubbling and composed: {e}"
        );
    }
    let steps: Vec<&Value> = events.iter().filter(|e| e["type"] == "tpe:step").collect();
    for (i, e) in steps.iter().enumerate() {
        let want = serde_json::json!({ "index": i + 1, "total": total });
        ensure!(
            e["detail"] == want,
            "step {} detail {}, expected {want}",
            i + 1,
            e["detail"]
        );
    }
    let completed = events.last().context("events")?;
    let want = serde_json::json!({ "levels": fixtures::expected_levels(&scenario) });
    ensure!(
        completed["detail"] == want,
        "tpe:completed detail {}, expected {want}",
        completed["detail"]
    );
    ensure!(
        events[0]["detail"].as_object().is_none_or(|o| o.is_empty()),
        "tpe:ready carries nothing: {}",
        events[0]["detail"]
    );

    // Nothing the owner said about the business leaves in an event.
    let all = serde_json::to_string(&events)?;
    let mut personal: Vec<String> = scenario.profile.iter().map(|(_, a)| a.clone()).collect();
    personal.push(scenario.commune_typed.clone());
    personal.extend(scenario.commune_insee.clone());
    for word in personal.iter().filter(|w| w.len() > 2) {
        ensure!(
            !all.contains(word.as_str()),
            "an event carries the owner's answer {word:?}: {all}"
        );
    }
    s.assert_no_page_errors().await?;
    s.close().await
}

/// `/index.html#tpe=<code>`: the reopen link for these answers.
fn reopen_path(scenario: &Scenario) -> String {
    let code = tpe_shared::portable::encode(Questionnaire::embedded(), &scenario.answers());
    format!("/index.html#tpe={code}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reopen_link_shows_the_same_results_again() -> Result<()> {
    let site = tpe_e2e::Site::new()?.with_data(&[fixtures::arras()])?;
    let page = tpe_e2e::Page::new("Revoir mon diagnostic").widget("w", "arras");
    site.write("index.html", page.render())?;
    let s = Session::start(site, tpe_e2e::ServerOptions::default()).await?;
    let scenario = Scenario::shop_selling_online();
    let path = reopen_path(&scenario);
    s.open(&path).await?;
    s.wait_in(W, "section.tpe-results").await?;
    s.wait_in(W, "li.tpe-venue").await?;

    let expected = fixtures::expected_pathway(&fixtures::arras(), &scenario)?;
    let dims = s
        .js(
            "return [...document.querySelector('#w').shadowRoot
                 .querySelectorAll('li.tpe-priority')].map(l => l.dataset.dimension);",
            vec![],
        )
        .await?;
    let want: Vec<&str> = expected.iter().map(|e| e.dimension.as_str()).collect();
    ensure!(
        dims == serde_json::json!(want),
        "reopened priorities {dims}, expected {want:?}"
    );
    let aids = s.texts_in(W, "li.tpe-aid .tpe-aid-name").await?;
    ensure!(
        aids.contains(&fixtures::aden().name),
        "the reopened results name ADEN: {aids:?}"
    );
    // The widget's own link is this one: answers in the fragment only.
    let href = s
        .find_in(W, "a.tpe-reopen")
        .await?
        .attr("href")
        .await?
        .context("the reopen link has no href")?;
    ensure!(
        href == s.url(&path),
        "reopen link {href}, expected {}",
        s.url(&path)
    );
    s.assert_no_page_errors().await?;
    s.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_results_fit_a_320px_wide_column() -> Result<()> {
    let site = tpe_e2e::Site::new()?.with_data(&[fixtures::arras()])?;
    site.write("narrow.css", "#w { width: 320px; }\n")?;
    let page = tpe_e2e::Page::new("Colonne étroite")
        .stylesheet("/narrow.css")
        .widget("w", "arras");
    site.write("index.html", page.render())?;
    let s = Session::start(site, tpe_e2e::ServerOptions::default()).await?;
    s.open(&reopen_path(&Scenario::shop_selling_online()))
        .await?;
    s.wait_in(W, "li.tpe-venue").await?;
    let overflow = s
        .js(
            "const host = document.querySelector('#w');
             const box = host.getBoundingClientRect();
             const wide = [...host.shadowRoot.querySelectorAll('*')]
               .filter(e => e.getClientRects().length > 0)
               .filter(e => { const r = e.getBoundingClientRect();
                              return r.right > box.right + 1 || r.left < box.left - 1; })
               .map(e => e.tagName.toLowerCase() + '.' + (e.getAttribute('class') || '')
                         + ' ' + Math.round(e.getBoundingClientRect().width) + 'px');
             return { width: Math.round(box.width), wide: wide.slice(0, 10) };",
            vec![],
        )
        .await?;
    ensure!(
        overflow == serde_json::json!({ "width": 320, "wide": [] }),
        "content wider than a 320px column (the owner would scroll sideways): {overflow}"
    );
    s.close().await
}

/// Pages of a PDF (each page object has `/Type /Page`, the tree `/Pages`).
fn pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.matches("/Type /Page").count() - text.matches("/Type /Pages").count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn printed_results_fit_on_one_or_two_a4_pages() -> Result<()> {
    use fantoccini::wd::{PrintConfiguration, PrintSize};
    let site = tpe_e2e::Site::new()?.with_data(&[fixtures::arras()])?;
    let page = tpe_e2e::Page::new("Imprimer mon diagnostic").widget("w", "arras");
    site.write("index.html", page.render())?;
    let s = Session::start(site, tpe_e2e::ServerOptions::default()).await?;
    s.open(&reopen_path(&Scenario::shop_selling_online()))
        .await?;
    s.wait_in(W, "li.tpe-venue").await?;
    let config = PrintConfiguration::builder()
        .size(PrintSize::A4)
        .build()
        .context("an A4 print configuration")?;
    let pdf = s.client().print(config).await.context("printing to PDF")?;
    let pages = pdf_pages(&pdf);
    ensure!(
        (1..=2).contains(&pages),
        "the printed results take {pages} A4 pages ({} bytes of PDF)",
        pdf.len()
    );
    s.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copying_or_emailing_the_results_carries_the_summary() -> Result<()> {
    let site = tpe_e2e::Site::new()?.with_data(&[fixtures::arras()])?;
    let page = tpe_e2e::Page::new("Garder mon diagnostic").widget("w", "arras");
    site.write("index.html", page.render())?;
    let s = Session::start(site, tpe_e2e::ServerOptions::default()).await?;
    s.open(&reopen_path(&Scenario::shop_selling_online()))
        .await?;
    s.wait_in(W, "li.tpe-venue").await?;

    // E-mail to oneself: no recipient, the summary in the body.
    let href = s
        .find_in(W, "a.tpe-email")
        .await?
        .attr("href")
        .await?
        .context("the e-mail link has no href")?;
    let body = s
        .js(
            "const u = new URL(arguments[0]); return decodeURIComponent(u.search.split('body=')[1] || '');",
            vec![serde_json::json!(href)],
        )
        .await?;
    let body = body.as_str().unwrap_or_default();
    ensure!(
        href.starts_with("mailto:?"),
        "the e-mail goes to no one but the owner: {href}"
    );
    ensure!(
        body.contains(&fixtures::aden().name) && body.contains("#tpe="),
        "the e-mailed summary names the aid and the reopen link: {body}"
    );

    // Copy: either copied, or the summary shown selected to copy by hand.
    s.click_in(W, "button.tpe-copy").await?;
    let status = s
        .wait("the copy feedback", || async {
            let t = s.texts_in(W, ".tpe-copy-status").await?;
            Ok(t.into_iter().find(|t| !t.is_empty()))
        })
        .await?;
    if s.count_in(W, "textarea.tpe-summary").await? == 1 {
        let text = s
            .find_in(W, "textarea.tpe-summary")
            .await?
            .prop("value")
            .await?
            .unwrap_or_default();
        ensure!(
            text.contains(&fixtures::aden().name),
            "the summary to copy by hand names the aid: {text}"
        );
    }
    ensure!(!status.is_empty(), "the owner is told what happened");
    s.assert_no_page_errors().await?;
    s.close().await
}
