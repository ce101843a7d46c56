//! The results: levels (chart and table), the top priorities with their
//! local pathway, points to check, and ways to keep it all.

use super::keep::Keep;
use super::pathway_card;
use super::radar::{chart, Row};
use super::share::Share;
use crate::app::use_ctx;
use crate::hooks::Load;
use crate::links;
use crate::state::Action;
use crate::text::{self, ui};
use tpe_shared::communes::CommuneIndex;
use tpe_shared::duties::DutyState;
use tpe_shared::format;
use tpe_shared::i18n::long_date;
use tpe_shared::pathway::{build_pathway, PathwayContext};
use tpe_shared::portable;
use tpe_shared::priorities::priorities;
use tpe_shared::questionnaire::Questionnaire;
use tpe_shared::scoring::diagnose;
use tpe_shared::summary::{summary, too_few_answers, SummaryInput};
use yew::prelude::*;

/// The current page with the answers in the fragment, which browsers never
/// send to a server.
fn reopen_link(code: &str) -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let page = href.split('#').next().unwrap_or_default();
    format!("{page}#tpe={code}")
}

#[component]
pub fn Results() -> Html {
    let ctx = use_ctx();
    let state = &ctx.state;
    let lang = state.lang;
    let t = ui(lang);
    let q = Questionnaire::embedded();
    let now = links::now();
    let answers = &state.answers;

    let empty_index = CommuneIndex::empty();
    let communes = ctx.data.communes.ready().unwrap_or(&empty_index);
    // A commune typed while the table was loading is resolved now.
    let mut profile = answers.profile.clone();
    if profile.commune.is_none() {
        profile.commune = ctx
            .data
            .communes
            .ready()
            .and_then(|i| i.resolve(&state.commune_text))
            .map(|c| c.insee.clone());
    }

    let diagnosis = diagnose(q, answers, now.date());
    let ranked = priorities(q, &diagnosis, answers);
    let snapshot = ctx.data.snapshot.ready();
    let pathway = snapshot.map(|snapshot| {
        let pc = PathwayContext {
            questionnaire: q,
            snapshot,
            communes,
            profile: &profile,
            now,
        };
        build_pathway(&pc, &ranked)
    });
    // What « Partager » would send (help cards opened are added on click).
    let opened = use_mut_ref(tpe_shared::stats::Opened::default);
    let record = tpe_shared::stats::SharedResult::of(
        &ctx.config.territory,
        ctx.config.partner.as_deref(),
        &profile,
        &diagnosis,
        &ranked,
        tpe_shared::stats::Opened::default(),
        now.date(),
    );
    let on_click = {
        let opened = opened.clone();
        Callback::from(move |e: MouseEvent| {
            use wasm_bindgen::JsCast;
            let Some(target) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            else {
                return;
            };
            // A link of a help card: a phone, an e-mail, a website, a booking.
            if target.closest("a").ok().flatten().is_none() {
                return;
            }
            if let Some(tag) = target
                .closest("[data-help]")
                .ok()
                .flatten()
                .and_then(|card| card.get_attribute("data-help"))
            {
                opened.borrow_mut().note(&tag);
            }
        })
    };
    let code = portable::encode(q, answers);
    let reopen = reopen_link(&code);
    let summary_text = summary(
        &SummaryInput {
            questionnaire: q,
            diagnosis: &diagnosis,
            priorities: &ranked,
            pathway: pathway.as_ref(),
            now,
            reopen_link: Some(&reopen),
        },
        lang,
    );

    let rows: Vec<Row> = diagnosis
        .dimensions
        .iter()
        .filter_map(|d| {
            let dim = q.dimension(&d.dimension)?;
            Some(Row {
                short: dim.short.get(lang).to_string(),
                title: dim.title.get(lang).to_string(),
                score: d.score,
                level: match d.level {
                    Some(l) => l.label(lang),
                    None if d.to_check.is_empty() => t.not_answered,
                    None => t.no_level,
                }
                .to_string(),
            })
        })
        .collect();

    let data_status = match &ctx.data.snapshot {
        Load::Loading => html! { <p class="tpe-data-loading" role="status">{ t.data_loading }</p> },
        Load::Failed(_) => html! {
            <div class="tpe-data-unavailable" role="status">
                <p>{ t.data_unavailable }</p>
                <p>{ text::partner_contact(lang, ctx.config.partner.as_deref()) }</p>
            </div>
        },
        Load::Ready(snapshot) => match &pathway {
            Some(p) if p.origin.outside_km.is_some() => {
                let km = format::distance(p.origin.outside_km.unwrap_or_default(), lang);
                html! {
                    <p class="tpe-outside" role="status">{ text::outside_territory(lang, &km, &snapshot.territory.name) }</p>
                }
            }
            Some(p) if p.origin.commune.is_none() && ranked.is_empty() => html! {},
            Some(p) if p.origin.commune.is_none() => {
                let typed = state.commune_text.trim();
                if typed.is_empty() {
                    html! { <p class="tpe-no-commune" role="status">{ t.no_commune_distances }</p> }
                } else {
                    html! { <p class="tpe-commune-unknown" role="status">{ text::commune_not_found(lang, typed) }</p> }
                }
            }
            _ => html! {},
        },
    };

    let items = ranked.iter().map(|p| {
        let step = pathway
            .as_ref()
            .and_then(|pw| pw.steps.iter().find(|s| s.dimension == p.dimension));
        let alerts = p.alerts.iter().map(|a| {
            html! { <p class="tpe-alert"><strong>{ a.title(q, lang) }</strong></p> }
        });
        let then = p.then(q, lang);
        html! {
            <li class="tpe-priority" data-dimension={p.dimension.clone()}>
                <h4 class="tpe-action">{ p.action(q, lang) }</h4>
                if !then.is_empty() {
                    <div class="tpe-then">
                        <p><strong>{ t.then }</strong></p>
                        <ul>{ for then.iter().map(|x| html! { <li>{ x.to_string() }</li> }) }</ul>
                    </div>
                }
                { for alerts }
                <div class="tpe-why">
                    <p><strong>{ t.why }</strong></p>
                    <p>{ p.why(q, lang) }</p>
                </div>
                if let Some(step) = step { { pathway_card::view(step, now, lang) } }
            </li>
        }
    });

    let to_check: Vec<&str> = diagnosis
        .dimensions
        .iter()
        .flat_map(|d| d.to_check.iter())
        .filter_map(|id| q.question(id))
        .map(|x| x.text.get(lang))
        .collect();

    let updated = ctx
        .data
        .manifest
        .ready()
        .map(|m| text::data_updated(lang, &long_date(m.generated_at.date_naive(), lang)));
    let edit = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Edit))
    };
    let on_erase = crate::app::erase_callback(&ctx);
    let duties = diagnosis.duties.iter().map(|d| {
        let class = match d.state {
            DutyState::Due => "tpe-duty tpe-duty-due",
            DutyState::ToCheck => "tpe-duty tpe-duty-check",
            DutyState::Met => "tpe-duty tpe-duty-met",
        };
        html! {
            <li class={class} data-duty={d.id.clone()}>
                <p class="tpe-duty-rule"><strong>{ d.statement(q, lang) }</strong></p>
                <p class="tpe-duty-status">{ d.status_label(q, lang) }</p>
                <p class="tpe-duty-next">{ d.next_step(q, lang) }</p>
                if let Some(url) = d.source_url(q).and_then(tpe_shared::links::web) {
                    <p>
                        <a class="tpe-duty-source" href={url} target="_blank" rel="noopener noreferrer">
                            { t.duty_source }{ " " }<span class="tpe-hint">{ t.new_tab }</span>
                        </a>
                    </p>
                }
            </li>
        }
    });
    let done_on = text::done_on(lang, &long_date(now.date(), lang));

    html! {
        <section class="tpe-results" onclick={on_click}>
            <h2 class="tpe-step-title" tabindex="-1">{ t.results_title }</h2>
            <p>{ t.results_intro }</p>
            <p class="tpe-done-on">{ done_on }</p>
            if !diagnosis.duties.is_empty() {
                <section class="tpe-duties" aria-labelledby="tpe-duties-title">
                    <h3 id="tpe-duties-title">{ t.duties_title }</h3>
                    <p>{ t.duties_intro }</p>
                    <ul class="tpe-duty-list">{ for duties }</ul>
                </section>
            }
            <h3>{ t.chart_title }</h3>
            { chart(&rows, t) }
            <h3>{ t.priorities_title }</h3>
            { data_status }
            if !diagnosis.reliable(q) {
                <p class="tpe-too-few">{ too_few_answers(lang) }</p>
            } else if ranked.is_empty() {
                <p class="tpe-nothing-urgent">{ t.nothing_urgent }</p>
            } else {
                <ol class="tpe-priorities">{ for items }</ol>
            }
            if !to_check.is_empty() {
                <div class="tpe-to-check">
                    <h3>{ t.check_title }</h3>
                    <ul>{ for to_check.iter().map(|x| html! { <li>{ x.to_string() }</li> }) }</ul>
                </div>
            }
            if let Some(updated) = updated {
                <p class="tpe-updated">{ updated }</p>
            }
            if let Some(snapshot) = ctx.data.snapshot.ready() {
                <p class="tpe-credits">{ format::credits(&snapshot.sources, lang) }</p>
            }
            <Keep summary={summary_text.clone()} reopen={reopen} />
            <Share record={record} opened={opened} />
            if state.assisted {
                <section class="tpe-sheet">
                    <h3>{ t.sheet_title }</h3>
                    <p class="tpe-sheet-text">{ summary_text }</p>
                    <p>{ t.sheet_fields }</p>
                </section>
            }
            <div class="tpe-actions tpe-no-print">
                <button type="button" class="tpe-edit" onclick={edit}>{ t.edit }</button>
                <button type="button" class="tpe-erase" onclick={on_erase}>{ t.erase }</button>
            </div>
            <p class="tpe-hint tpe-no-print">{ t.erase_note }</p>
        </section>
    }
}
