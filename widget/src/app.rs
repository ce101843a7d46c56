//! The root component: owns the reducer and the data, fires the host
//! events, keeps the answers in localStorage and moves focus on each step.

use crate::components::{DimensionStep, OutcomeQuestion, ProfileStep, Results, Welcome};
use crate::config::Config;
use crate::hooks::{use_data, Data};
use crate::state::{Action, SavedProgress, SavedStep, Screen, State};
use crate::{events, links, storage};
use std::rc::Rc;
use tpe_shared::portable;
use tpe_shared::questionnaire::Questionnaire;
use tpe_shared::scoring::{diagnose, Answers};
use tpe_shared::Lang;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub config: Rc<Config>,
}

/// What every screen reads: the state (and its dispatcher), the fetched
/// data, the configuration.
#[derive(Clone, PartialEq)]
pub struct Ctx {
    pub state: UseReducerHandle<State>,
    pub data: Data,
    pub config: Rc<Config>,
}

/// Answers carried in the page URL's fragment (`#tpe=<code>`): the reopen
/// link. Browsers never send the fragment to a server.
/// `Some(Err(()))` when there is a link but it cannot be read (cut when
/// copied, or edited): the owner is told, rather than silently welcomed.
fn answers_from_fragment() -> Option<Result<Answers, ()>> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let code = hash
        .trim_start_matches('#')
        .split('&')
        .find_map(|part| part.strip_prefix("tpe="))?;
    Some(portable::decode(Questionnaire::embedded(), code).map_err(|_| ()))
}

/// The « Effacer mes réponses de cet appareil » button's action, for the
/// welcome screen and the result alike.
pub fn erase_callback(ctx: &Ctx) -> Callback<MouseEvent> {
    let state = ctx.state.clone();
    let config = ctx.config.clone();
    Callback::from(move |_: MouseEvent| {
        erase(&config);
        state.dispatch(Action::Erase);
    })
}

/// Forgets everything this device holds about the diagnostic: the saved
/// answers and step, whether a result was shared (so the next owner at a
/// shared kiosk is asked, and the outcome question never reaches them),
/// and the reopen link in the address bar.
pub fn erase(config: &Config) {
    storage::remove(&config.answers_key());
    storage::remove(&config.step_key());
    storage::remove(&config.shared_key());
    storage::remove(&config.outcome_key());
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let has_link = location.hash().is_ok_and(|h| h.contains("tpe="));
    if let (true, Ok(history), Ok(href)) = (has_link, window.history(), location.href()) {
        let page = href.split('#').next().unwrap_or_default().to_string();
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&page));
    }
}

fn saved_progress(config: &Config) -> Option<SavedProgress> {
    let code = storage::load(&config.answers_key())?;
    let answers = portable::decode(Questionnaire::embedded(), &code).ok()?;
    let step = storage::load(&config.step_key()).and_then(|s| SavedStep::parse(&s));
    Some(SavedProgress { answers, step })
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let config = props.config.clone();
    let state = {
        let config = config.clone();
        use_reducer(move || {
            State::new(
                config.lang,
                saved_progress(&config),
                answers_from_fragment(),
            )
        })
    };
    let data = use_data(config.clone(), state.screen != Screen::Welcome);
    let root = use_node_ref();

    {
        let config = config.clone();
        use_effect_with((), move |_| {
            events::dispatch(&config, "tpe:ready", events::object(&[]));
        });
    }

    // Saved on every change, so that a reload or a later visit resumes.
    {
        let config = config.clone();
        let deps = (state.answers.clone(), state.screen);
        use_effect_with(deps, move |(answers, screen)| {
            let step = match screen {
                Screen::Step(i) => Some(SavedStep::Step(*i)),
                Screen::Results => Some(SavedStep::Results),
                Screen::Welcome => None,
            };
            if let Some(step) = step {
                if *answers == Answers::default() {
                    storage::remove(&config.answers_key());
                    storage::remove(&config.step_key());
                } else {
                    let code = portable::encode(Questionnaire::embedded(), answers);
                    storage::save(&config.answers_key(), &code);
                    storage::save(&config.step_key(), &step.to_text());
                }
            }
        });
    }

    // A commune typed while the table was loading is resolved once it is
    // there (the owner has moved on from the profile step by then).
    {
        let state = state.clone();
        let deps = (data.communes.clone(), state.screen);
        use_effect_with(deps, move |(communes, screen)| {
            let pending = state.answers.profile.commune.is_none()
                && !state.commune_text.trim().is_empty()
                && *screen != Screen::Step(0);
            if let (true, Some(index)) = (pending, communes.ready()) {
                if let Some(c) = index.resolve(&state.commune_text) {
                    state.dispatch(Action::Commune {
                        insee: c.insee.clone(),
                        name: state.commune_text.clone(),
                    });
                }
            }
        });
    }

    // Each new screen: focus its heading (not on the first render: the host
    // page keeps its focus until the owner starts), and tell the host page.
    {
        let first = use_mut_ref(|| true);
        let host = config.clone();
        let root = root.clone();
        let answers = state.answers.clone();
        use_effect_with(state.screen, move |screen| {
            let q = Questionnaire::embedded();
            match screen {
                Screen::Step(i) => events::dispatch(
                    &host,
                    "tpe:step",
                    events::object(&[
                        ("index", JsValue::from(*i as u32 + 1)),
                        ("total", JsValue::from(q.step_count() as u32)),
                    ]),
                ),
                Screen::Results => {
                    let levels = diagnose(q, &answers, links::now().date()).levels();
                    let levels: Vec<(&str, JsValue)> = levels
                        .iter()
                        .map(|(d, l)| (d.as_str(), JsValue::from_str(l.id())))
                        .collect();
                    let detail = events::object(&[("levels", events::object(&levels))]);
                    events::dispatch(&host, "tpe:completed", detail);
                }
                Screen::Welcome => {}
            }
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                let heading = root
                    .cast::<web_sys::Element>()
                    .and_then(|r| r.query_selector(".tpe-step-title").ok().flatten())
                    .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(h) = heading {
                    let _ = h.focus();
                }
            }
        });
    }

    // The widget's root says the language the owner chose.
    {
        let root = root.clone();
        use_effect_with(state.lang, move |lang| {
            let top = root
                .cast::<web_sys::Element>()
                .and_then(|r| r.parent_element());
            if let Some(top) = top {
                let _ = top.set_attribute("lang", lang.tag());
            }
        });
    }

    let screen = match state.screen {
        Screen::Welcome => html! { <Welcome /> },
        Screen::Step(0) => html! { <ProfileStep /> },
        Screen::Step(i) => html! { <DimensionStep index={i - 1} /> },
        Screen::Results => html! { <Results /> },
    };
    // A landmark, so that screen-reader users can jump to the widget.
    let lang = state.lang;
    let label = crate::text::ui(lang).welcome_title;
    // The switch to the other language, named in that language.
    let (other, other_name) = match lang {
        Lang::Fr => (Lang::En, "English"),
        Lang::En => (Lang::Fr, "Français"),
    };
    let switch = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::SetLang(other)))
    };
    let ctx = Ctx {
        state,
        data,
        config,
    };
    html! {
        <ContextProvider<Ctx> context={ctx}>
            <div class="tpe-screen" role="region" aria-label={label} lang={lang.tag()} ref={root}>
                <div class="tpe-lang-switch tpe-no-print">
                    <button type="button" class="tpe-lang" lang={other.tag()} onclick={switch}>{ other_name }</button>
                </div>
                <OutcomeQuestion />
                { screen }
            </div>
        </ContextProvider<Ctx>>
    }
}

/// The context every screen reads.
#[hook]
pub fn use_ctx() -> Ctx {
    use_context::<Ctx>().expect("screens are rendered inside App")
}
