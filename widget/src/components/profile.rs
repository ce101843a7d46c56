//! Step 1: the business (trade, size, commune, chamber, network, goals).
//! Not scored; it decides which aids fit and where distances start.

use super::choice::Choice;
use super::step_nav::{StepHeader, StepNav};
use crate::app::use_ctx;
use crate::hooks::Load;
use crate::state::Action;
use crate::text::ui;
use tpe_shared::communes::{is_code, Commune};
use tpe_shared::questionnaire::{Chamber, Questionnaire};
use tpe_shared::Lang;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// How many communes the suggestion list shows.
const SUGGESTIONS: usize = 6;

fn options<O>(list: &[O], f: impl Fn(&O) -> (String, &str)) -> Vec<(AttrValue, AttrValue)> {
    list.iter()
        .map(|o| {
            let (id, label) = f(o);
            (AttrValue::from(id), AttrValue::from(label.to_string()))
        })
        .collect()
}

#[component]
pub fn ProfileStep() -> Html {
    let ctx = use_ctx();
    let state = ctx.state.clone();
    let lang = state.lang;
    let t = ui(lang);
    let q = Questionnaire::embedded();
    let p = &q.profile;
    let profile = &state.answers.profile;
    let pick = {
        let state = state.clone();
        move |question: &'static str| {
            let state = state.clone();
            Callback::from(move |answer: String| {
                state.dispatch(Action::Choose {
                    question: question.into(),
                    answer,
                })
            })
        }
    };
    let selected = |v: Option<&str>| {
        v.map(|s| AttrValue::from(s.to_string()))
            .into_iter()
            .collect::<Vec<_>>()
    };
    let help =
        |h: &Option<tpe_shared::Text>| h.as_ref().map(|h| AttrValue::from(h.get(lang).to_string()));

    let communes = ctx.data.communes.clone();
    let before_next = {
        let state = state.clone();
        let communes = communes.clone();
        Callback::from(move |()| {
            if state.answers.profile.commune.is_none() {
                if let Some(c) = communes
                    .ready()
                    .and_then(|i| i.resolve(&state.commune_text))
                {
                    state.dispatch(Action::Commune {
                        insee: c.insee.clone(),
                        name: state.commune_text.clone(),
                    });
                }
            }
        })
    };

    html! {
        <section class="tpe-step tpe-profile">
            <StepHeader index={1} title={t.profile_title} />
            <Choice id="trade" legend={p.trade.text.get(lang).to_string()} help={help(&p.trade.help)}
                options={options(&p.trade.options, |o| (o.id.clone(), o.label.get(lang)))}
                selected={selected(profile.trade.as_deref())} on_pick={pick("trade")} />
            <Choice id="headcount" legend={p.headcount.text.get(lang).to_string()} help={help(&p.headcount.help)}
                options={options(&p.headcount.options, |o| (o.id.clone(), o.label.get(lang)))}
                selected={selected(profile.headcount.as_deref())} on_pick={pick("headcount")} />
            <CommuneField />
            <Choice id="chamber" legend={p.chamber.text.get(lang).to_string()} help={help(&p.chamber.help)}
                options={options(&p.chamber.options, |o| (o.id.id().to_string(), o.label.get(lang)))}
                selected={selected(profile.chamber.map(Chamber::id))} on_pick={pick("chamber")} />
            <Choice id="network" legend={p.network.text.get(lang).to_string()} help={help(&p.network.help)}
                options={options(&p.network.options, |o| (o.id.clone(), o.label.get(lang)))}
                selected={selected(profile.network.as_deref())} on_pick={pick("network")} />
            <Choice id="goals" multiple=true legend={p.goals.text.get(lang).to_string()} help={help(&p.goals.help)}
                options={options(&p.goals.options, |o| (o.id.clone(), o.label.get(lang)))}
                selected={profile.goals.iter().map(|g| AttrValue::from(g.clone())).collect::<Vec<_>>()}
                on_pick={{
                    let state = state.clone();
                    Callback::from(move |goal: String| state.dispatch(Action::ToggleGoal(goal)))
                }} />
            <StepNav index={1} before_next={before_next} />
        </section>
    }
}

/// The commune: a combobox (ARIA 1.2 pattern) over the commune table once it
/// is loaded. Arrow keys move through the suggestions, Enter picks, Escape
/// closes; the number of suggestions is announced. A typed INSEE or postal
/// code of one commune resolves on its own.
#[component]
fn CommuneField() -> Html {
    let ctx = use_ctx();
    let state = ctx.state.clone();
    let lang = state.lang;
    let t = ui(lang);
    let question = &Questionnaire::embedded().profile.commune;
    let text = state.commune_text.clone();
    let index = ctx.data.communes.ready();
    let chosen = state.answers.profile.commune.clone();
    let input_ref = use_node_ref();
    // The highlighted suggestion, and whether Escape closed the list.
    let active = use_state(|| None::<usize>);
    let closed = use_state(|| false);

    // Ranked by `CommuneIndex::search`: a postal code gives its town first.
    let found: Option<Vec<&Commune>> = index.map(|i| i.search(&text, SUGGESTIONS));
    let show = !*closed
        && !text.trim().is_empty()
        && (chosen.is_none() || found.as_ref().is_some_and(|f| f.len() > 1));
    let options: Vec<&Commune> = match (&found, show) {
        (Some(found), true) => found.clone(),
        _ => Vec::new(),
    };
    let ids: Vec<(String, String)> = options
        .iter()
        .map(|c| (c.insee.clone(), c.name.clone()))
        .collect();

    let pick = {
        let state = state.clone();
        let active = active.clone();
        let closed = closed.clone();
        let input_ref = input_ref.clone();
        move |insee: String, name: String| {
            state.dispatch(Action::Commune { insee, name });
            active.set(None);
            closed.set(true);
            // The list goes away: keep the keyboard user in the field.
            if let Some(input) = input_ref.cast::<HtmlInputElement>() {
                let _ = input.focus();
            }
        }
    };

    let oninput = {
        let state = state.clone();
        let communes = ctx.data.communes.clone();
        let active = active.clone();
        let closed = closed.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            active.set(None);
            closed.set(false);
            let resolved = is_code(value.trim())
                .then(|| communes.ready().and_then(|i| i.resolve(&value)))
                .flatten()
                .map(|c| c.insee.clone());
            match resolved {
                Some(insee) => state.dispatch(Action::Commune { insee, name: value }),
                None => state.dispatch(Action::CommuneText(value)),
            }
        })
    };

    let onkeydown = {
        let active = active.clone();
        let closed = closed.clone();
        let ids = ids.clone();
        let pick = pick.clone();
        Callback::from(move |e: KeyboardEvent| {
            let n = ids.len();
            match e.key().as_str() {
                "ArrowDown" if n > 0 => {
                    e.prevent_default();
                    active.set(Some(active.map_or(0, |i| (i + 1) % n)));
                }
                "ArrowUp" if n > 0 => {
                    e.prevent_default();
                    active.set(Some(active.map_or(n - 1, |i| (i + n - 1) % n)));
                }
                "Enter" => {
                    if let Some((insee, name)) = active.and_then(|i| ids.get(i)).cloned() {
                        e.prevent_default();
                        pick(insee, name);
                    }
                }
                "Escape" if n > 0 => {
                    e.prevent_default();
                    active.set(None);
                    closed.set(true);
                }
                _ => {}
            }
        })
    };

    // One status line that is always there, so that a message appearing
    // while the owner types never re-creates the input (and its focus).
    let (status_class, status_text) = match (&ctx.data.communes, &chosen) {
        (Load::Ready(i), Some(insee)) if !show => {
            i.by_insee(insee).map_or(("", String::new()), |c| {
                (
                    "tpe-commune-chosen",
                    format!("{} {}", t.commune_chosen, describe(c, lang)),
                )
            })
        }
        (Load::Loading, _) if !text.trim().is_empty() => {
            ("tpe-hint", t.commune_loading.to_string())
        }
        (Load::Ready(_), _) if show && options.is_empty() => {
            ("tpe-commune-unknown", t.commune_unknown.to_string())
        }
        (Load::Ready(_), _) if show => ("tpe-hint", suggestions_count(lang, options.len())),
        _ => ("", String::new()),
    };

    let active_id = active
        .filter(|&i| i < options.len())
        .map(|i| format!("tpe-commune-opt-{i}"));
    let items = options.iter().enumerate().map(|(i, c)| {
        let pick = pick.clone();
        let (insee, name) = (c.insee.clone(), c.name.clone());
        let onclick = Callback::from(move |_: MouseEvent| pick(insee.clone(), name.clone()));
        let is_active = *active == Some(i);
        html! {
            <li role="option" id={format!("tpe-commune-opt-{i}")}
                class={classes!("tpe-commune-option", is_active.then_some("tpe-active"))}
                aria-selected={if is_active { "true" } else { "false" }}
                data-insee={c.insee.clone()} {onclick}>
                { describe(c, lang) }
            </li>
        }
    });
    let expanded = !options.is_empty();

    // A resumed visit saved only the INSEE code: show the name instead.
    let shown = match (index, &chosen) {
        (Some(i), Some(code)) if text == *code => i.by_insee(code).map_or(text, |c| c.name.clone()),
        _ => text,
    };
    html! {
        <div class="tpe-question tpe-commune-box" data-question="commune">
            <label for="tpe-commune" class="tpe-label">{ question.text.get(lang) }</label>
            if let Some(help) = &question.help {
                <p class="tpe-hint" id="tpe-commune-help">{ help.get(lang) }{ " " }{ t.commune_hint }</p>
            }
            <input type="text" id="tpe-commune" class="tpe-commune" autocomplete="off"
                role="combobox" aria-autocomplete="list" aria-controls="tpe-commune-list"
                aria-expanded={if expanded { "true" } else { "false" }}
                aria-activedescendant={active_id}
                aria-describedby="tpe-commune-help" value={shown} {oninput} {onkeydown} ref={input_ref} />
            <p class={classes!("tpe-commune-status", status_class)} role="status">{ status_text }</p>
            <ul id="tpe-commune-list" role="listbox" class="tpe-commune-suggestions"
                aria-label={t.commune_suggestions} hidden={!expanded}>
                { for items }
            </ul>
        </div>
    }
}

/// "6 communes proposées : flèche bas pour les parcourir".
fn suggestions_count(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::Fr, 1) => "1 commune proposée\u{a0}: flèche bas pour la choisir.".into(),
        (Lang::Fr, n) => format!("{n} communes proposées\u{a0}: flèche bas pour les parcourir."),
        (Lang::En, 1) => "1 town suggested: down arrow to pick it.".into(),
        (Lang::En, n) => format!("{n} towns suggested: down arrow to go through them."),
    }
}

/// "Arras (62000)".
fn describe(c: &Commune, _lang: Lang) -> String {
    match c.postal_codes.first() {
        Some(code) => format!("{} ({code})", c.name),
        None => c.name.clone(),
    }
}
