//! Back and next, the same on every step. Answers are kept both ways.

use crate::app::use_ctx;
use crate::state::Action;
use crate::text::ui;
use tpe_shared::questionnaire::Questionnaire;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StepNavProps {
    /// 1-based step number.
    pub index: usize,
    /// Runs before moving on (the profile resolves the commune there).
    #[prop_or_default]
    pub before_next: Option<Callback<()>>,
}

#[component]
pub fn StepNav(props: &StepNavProps) -> Html {
    let ctx = use_ctx();
    let t = ui(ctx.state.lang);
    let last = props.index == Questionnaire::embedded().step_count();
    let back = {
        let state = ctx.state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Back))
    };
    let next = {
        let state = ctx.state.clone();
        let before = props.before_next.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(b) = &before {
                b.emit(());
            }
            state.dispatch(Action::Next);
        })
    };
    html! {
        <div class="tpe-nav">
            <button type="button" class="tpe-back" onclick={back}>{ t.back }</button>
            <button type="button" class="tpe-next tpe-primary" onclick={next}>
                { if last { t.see_result } else { t.next } }
            </button>
        </div>
    }
}

/// The step heading with its progress line: the heading gets the focus on
/// each step, and its description says which step it is.
#[derive(Properties, PartialEq)]
pub struct StepHeaderProps {
    pub index: usize,
    pub title: AttrValue,
}

#[component]
pub fn StepHeader(props: &StepHeaderProps) -> Html {
    let ctx = use_ctx();
    let total = Questionnaire::embedded().step_count();
    let progress = crate::text::progress(ctx.state.lang, props.index, total);
    html! {
        <div class="tpe-step-head">
            <p class="tpe-progress" id="tpe-progress">{ progress }</p>
            <progress class="tpe-progress-bar" max={total.to_string()} value={props.index.to_string()} aria-hidden="true"></progress>
            <h2 class="tpe-step-title" tabindex="-1" aria-describedby="tpe-progress">{ props.title.clone() }</h2>
        </div>
    }
}
