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

/// The commune: free text, with suggestions from the commune table once it
/// is loaded. A typed INSEE or postal code resolves on its own.
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

    let oninput = {
        let state = state.clone();
        let communes = ctx.data.communes.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
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

    // One status line that is always there, so that a message appearing
    // while the owner types never re-creates the input (and its focus).
    let (status_class, status_text) = match (&ctx.data.communes, &chosen) {
        (Load::Ready(i), Some(insee)) => i.by_insee(insee).map_or(("", String::new()), |c| {
            (
                "tpe-commune-chosen",
                format!("{} {}", t.commune_chosen, describe(c, lang)),
            )
        }),
        (Load::Loading, _) if !text.trim().is_empty() => {
            ("tpe-hint", t.commune_loading.to_string())
        }
        _ => ("", String::new()),
    };
    // A postal code serving several communes is not resolved on its own:
    // its communes are listed to pick from.
    let found = index.map(|i| {
        if is_code(text.trim()) {
            let mut found = i.by_postal_code(text.trim());
            found.truncate(SUGGESTIONS);
            if found.is_empty() {
                found = i.search(&text, SUGGESTIONS);
            }
            found
        } else {
            i.search(&text, SUGGESTIONS)
        }
    });
    let show = chosen.is_none() || found.as_ref().is_some_and(|f| f.len() > 1);
    let suggestions = match found {
        Some(found) if show && !text.trim().is_empty() => {
            if found.is_empty() {
                html! { <p class="tpe-hint" role="status">{ t.commune_none }</p> }
            } else {
                let items = found.into_iter().map(|c| {
                    let state = state.clone();
                    let input_ref = input_ref.clone();
                    let (insee, name) = (c.insee.clone(), c.name.clone());
                    let onclick = Callback::from(move |_: MouseEvent| {
                        state.dispatch(Action::Commune {
                            insee: insee.clone(),
                            name: name.clone(),
                        });
                        // The list (and the button just used) goes away:
                        // keep the keyboard user in the field.
                        if let Some(input) = input_ref.cast::<HtmlInputElement>() {
                            let _ = input.focus();
                        }
                    });
                    html! {
                        <li>
                            <button type="button" class="tpe-commune-option" data-insee={c.insee.clone()} {onclick}>
                                { describe(c, lang) }
                            </button>
                        </li>
                    }
                });
                html! {
                    <ul class="tpe-commune-suggestions" aria-label={t.commune_suggestions}>
                        { for items }
                    </ul>
                }
            }
        }
        _ => html! {},
    };

    // A resumed visit saved only the INSEE code: show the name instead.
    let shown = match (index, &chosen) {
        (Some(i), Some(code)) if text == *code => i.by_insee(code).map_or(text, |c| c.name.clone()),
        _ => text,
    };
    html! {
        <div class="tpe-question tpe-commune-box" data-question="commune">
            <label for="tpe-commune" class="tpe-label">{ question.text.get(lang) }</label>
            if let Some(help) = &question.help {
                <p class="tpe-hint" id="tpe-commune-help">{ help.get(lang) }</p>
            }
            <input type="text" id="tpe-commune" class="tpe-commune" autocomplete="off"
                aria-describedby="tpe-commune-help" value={shown} {oninput} ref={input_ref} />
            <p class={classes!("tpe-commune-status", status_class)} role="status">{ status_text }</p>
            { suggestions }
        </div>
    }
}

/// "Arras (62000)".
fn describe(c: &Commune, _lang: Lang) -> String {
    match c.postal_codes.first() {
        Some(code) => format!("{} ({code})", c.name),
        None => c.name.clone(),
    }
}
