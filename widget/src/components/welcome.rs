//! The first screen: what this is, how long, that it stays private.

use crate::app::use_ctx;
use crate::state::{Action, SavedStep};
use crate::text::ui;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[component]
pub fn Welcome() -> Html {
    let ctx = use_ctx();
    let state = ctx.state.clone();
    let t = ui(state.lang);
    let dispatch = |action: fn() -> Action| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(action()))
    };
    let on_assisted = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            state.dispatch(Action::SetAssisted(input.checked()));
        })
    };
    let on_erase = crate::app::erase_callback(&ctx);
    let buttons = if let Some(saved) = &state.saved {
        // With saved answers, "start" means starting again: one button
        // answers to both names.
        let finished = saved.step == Some(SavedStep::Results);
        html! {
            <>
                <p class="tpe-saved-note">{ if finished { t.saved_finished_note } else { t.saved_note } }</p>
                <div class="tpe-actions">
                    <button type="button" class="tpe-resume tpe-primary" onclick={dispatch(|| Action::Resume)}>
                        { if finished { t.see_again } else { t.resume } }
                    </button>
                    <button type="button" class="tpe-start tpe-restart" onclick={dispatch(|| Action::Start)}>
                        { t.restart }
                    </button>
                    <button type="button" class="tpe-erase" onclick={on_erase}>{ t.erase }</button>
                </div>
            </>
        }
    } else {
        html! {
            <div class="tpe-actions">
                <button type="button" class="tpe-start tpe-primary" onclick={dispatch(|| Action::Start)}>
                    { t.start }
                </button>
            </div>
        }
    };
    html! {
        <section class="tpe-welcome">
            <h2 class="tpe-step-title" tabindex="-1">{ t.welcome_title }</h2>
            if state.bad_link {
                <p class="tpe-bad-link" role="alert">{ t.bad_link }</p>
            }
            if state.erased {
                <p class="tpe-erased" role="status">{ t.erased }</p>
            }
            <p>{ t.welcome_what }</p>
            <p>{ t.welcome_time }</p>
            <p>{ t.welcome_private }</p>
            <div class="tpe-option tpe-assisted-box">
                <label>
                    <input type="checkbox" class="tpe-assisted" checked={state.assisted} onchange={on_assisted} />
                    <span>{ t.assisted }</span>
                </label>
                <p class="tpe-hint">{ t.assisted_help }</p>
            </div>
            { buttons }
        </section>
    }
}
