//! Steps 2 to 9: the questions of one dimension.

use super::choice::Choice;
use super::step_nav::{StepHeader, StepNav};
use crate::app::use_ctx;
use crate::state::Action;
use crate::text::{ui, unanswered};
use tpe_shared::questionnaire::Questionnaire;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DimensionStepProps {
    /// Index of the dimension in the questionnaire.
    pub index: usize,
}

#[component]
pub fn DimensionStep(props: &DimensionStepProps) -> Html {
    let ctx = use_ctx();
    let state = ctx.state.clone();
    let lang = state.lang;
    let t = ui(lang);
    let Some(dim) = Questionnaire::embedded().dimensions.get(props.index) else {
        return html! {};
    };
    let questions = dim.questions.iter().map(|question| {
        let on_pick = {
            let state = state.clone();
            let id = question.id.clone();
            Callback::from(move |answer: String| {
                state.dispatch(Action::Choose {
                    question: id.clone(),
                    answer,
                })
            })
        };
        let adviser = question
            .adviser_text
            .as_ref()
            .filter(|_| state.assisted)
            .map(|a| (AttrValue::from(t.adviser_says), AttrValue::from(a.get(lang).to_string())));
        html! {
            <Choice id={question.id.clone()} legend={question.text.get(lang).to_string()}
                help={question.help.as_ref().map(|h| AttrValue::from(h.get(lang).to_string()))}
                adviser={adviser}
                options={question.answers.iter().map(|a| (AttrValue::from(a.id.clone()), AttrValue::from(a.label.get(lang).to_string()))).collect::<Vec<_>>()}
                selected={state.answers.responses.get(&question.id).map(|a| AttrValue::from(a.clone())).into_iter().collect::<Vec<_>>()}
                {on_pick} />
        }
    });
    let missing = dim
        .questions
        .iter()
        .filter(|x| !state.answers.responses.contains_key(&x.id))
        .count();
    let step = props.index + 2;
    html! {
        <section class="tpe-step tpe-dimension" data-dimension={dim.id.clone()}>
            <StepHeader index={step} title={dim.title.get(lang).to_string()} />
            { for questions }
            if missing > 0 {
                <p class="tpe-nudge">{ unanswered(lang, missing) }</p>
            }
            <StepNav index={step} />
        </section>
    }
}
