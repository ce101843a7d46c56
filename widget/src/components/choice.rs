//! A question as a fieldset: a legend, then one labelled radio button (or
//! checkbox) per answer.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChoiceProps {
    /// The question id: `data-question` and the radio group's name.
    pub id: AttrValue,
    pub legend: AttrValue,
    #[prop_or_default]
    pub help: Option<AttrValue>,
    /// Assisted mode: how the adviser asks it, with its lead-in.
    #[prop_or_default]
    pub adviser: Option<(AttrValue, AttrValue)>,
    /// (answer id, label)
    pub options: Vec<(AttrValue, AttrValue)>,
    pub selected: Vec<AttrValue>,
    /// Checkboxes instead of radio buttons.
    #[prop_or_default]
    pub multiple: bool,
    pub on_pick: Callback<String>,
}

#[component]
pub fn Choice(props: &ChoiceProps) -> Html {
    let kind = if props.multiple { "checkbox" } else { "radio" };
    let options = props.options.iter().map(|(value, label)| {
        let on_pick = props.on_pick.clone();
        let picked = value.to_string();
        let onchange = Callback::from(move |_: Event| on_pick.emit(picked.clone()));
        html! {
            <label class="tpe-option">
                <input type={kind} name={props.id.clone()} value={value.clone()}
                    checked={props.selected.contains(value)} {onchange} />
                <span>{ label.clone() }</span>
            </label>
        }
    });
    html! {
        <fieldset class="tpe-question" data-question={props.id.clone()}>
            <legend>{ props.legend.clone() }</legend>
            if let Some(help) = &props.help {
                <p class="tpe-hint">{ help.clone() }</p>
            }
            if let Some((lead, said)) = &props.adviser {
                <p class="tpe-adviser-text"><strong>{ lead.clone() }</strong>{ " " }{ said.clone() }</p>
            }
            <div class="tpe-options">{ for options }</div>
        </fieldset>
    }
}
