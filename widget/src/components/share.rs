//! Sharing an anonymous result, never by default: a panel under the result
//! only when the partner configured a collector (`data-stats-url`), the list
//! of what would be sent, « Partager » / « Non merci », asked once. A week
//! or more after sharing, « Avez-vous pu être aidé ? » is asked once too.
//! What is sent is built in `tpe_shared::stats`; a collector that is down
//! changes nothing for the owner.

use crate::app::use_ctx;
use crate::config::Config;
use crate::links;
use crate::storage;
use crate::text::ui;
use std::cell::RefCell;
use std::rc::Rc;
use tpe_shared::stats::{HelpKind, Helped, Opened, Outcome, SharedResult};
use yew::prelude::*;

/// Fire and forget: the owner is never shown a collector's failure.
fn send(url: String, body: String) {
    yew::platform::spawn_local(async move {
        let request = gloo_net::http::Request::post(&url)
            .header("Content-Type", "application/json")
            .body(body);
        if let Ok(r) = request {
            let _ = r.send().await;
        }
    });
}

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// The record as it would be sent, help cards opened not yet filled in.
    pub record: SharedResult,
    /// The help cards the owner opened on this screen.
    pub opened: Rc<RefCell<Opened>>,
}

#[derive(Clone, Copy, PartialEq)]
enum Panel {
    Ask,
    Thanks,
    Hidden,
}

#[component]
pub fn Share(props: &ShareProps) -> Html {
    let ctx = use_ctx();
    let t = ui(ctx.state.lang);
    let config = ctx.config.clone();
    let panel = use_state(|| {
        if config.stats_url.is_some() && storage::load(&config.shared_key()).is_none() {
            Panel::Ask
        } else {
            Panel::Hidden
        }
    });
    let Some(url) = config.stats_url.clone() else {
        return html! {};
    };
    let on_share = {
        let (panel, config) = (panel.clone(), config.clone());
        let record = props.record.clone();
        let opened = props.opened.clone();
        Callback::from(move |_: MouseEvent| {
            let mut record = record.clone();
            record.opened = opened.borrow().clone();
            send(format!("{url}/v1/results"), record.to_json());
            storage::save(&config.shared_key(), &links::now().date().to_string());
            panel.set(Panel::Thanks);
        })
    };
    let on_decline = {
        let (panel, config) = (panel.clone(), config.clone());
        Callback::from(move |_: MouseEvent| {
            storage::save(&config.shared_key(), "no");
            panel.set(Panel::Hidden);
        })
    };
    match *panel {
        Panel::Hidden => html! {},
        Panel::Thanks => html! {
            <p class="tpe-share-thanks tpe-no-print" role="status">{ t.share_thanks }</p>
        },
        Panel::Ask => html! {
            <section class="tpe-share tpe-no-print" aria-labelledby="tpe-share-title">
                <h3 id="tpe-share-title">{ t.share_title }</h3>
                <p>{ t.share_what }</p>
                if let Some(to) = config.recipient() {
                    <p class="tpe-share-to"><strong>{ t.share_to }</strong>{ " " }{ to }</p>
                }
                <p>{ t.share_never }</p>
                <div class="tpe-actions">
                    <button type="button" class="tpe-primary tpe-share-yes" onclick={on_share}>{ t.share_yes }</button>
                    <button type="button" class="tpe-share-no" onclick={on_decline}>{ t.share_no }</button>
                </div>
            </section>
        },
    }
}

/// The outcome question is due: shared on this device 7 days ago or more,
/// not answered, not refused.
fn outcome_due(config: &Config) -> bool {
    if config.stats_url.is_none() || storage::load(&config.outcome_key()).is_some() {
        return false;
    }
    let shared = storage::load(&config.shared_key()).and_then(|d| tpe_shared::dates::date(&d));
    shared.is_some_and(|day| (links::now().date() - day).num_days() >= 7)
}

#[component]
pub fn OutcomeQuestion() -> Html {
    let ctx = use_ctx();
    let t = ui(ctx.state.lang);
    let config = ctx.config.clone();
    let open = use_state(|| outcome_due(&config));
    let helped = use_state(|| None::<Helped>);
    let by = use_state(Vec::<HelpKind>::new);
    if !*open {
        return html! {};
    }
    let close = {
        let (open, config) = (open.clone(), config.clone());
        move || {
            storage::save(&config.outcome_key(), "done");
            open.set(false);
        }
    };
    let on_send = {
        let (helped, by, config, close) =
            (helped.clone(), by.clone(), config.clone(), close.clone());
        let profile = ctx.state.answers.profile.clone();
        Callback::from(move |_: MouseEvent| {
            let (Some(h), Some(url)) = (*helped, config.stats_url.clone()) else {
                return;
            };
            let o = Outcome::of(
                &config.territory,
                config.partner.as_deref(),
                &profile,
                h,
                if h == Helped::No {
                    Vec::new()
                } else {
                    (*by).clone()
                },
                links::now().date(),
            );
            send(format!("{url}/v1/outcomes"), o.to_json());
            close();
        })
    };
    let on_never = {
        let close = close.clone();
        Callback::from(move |_: MouseEvent| close())
    };
    let choice = |value: Helped, label: &'static str| {
        let helped = helped.clone();
        let checked = *helped == Some(value);
        html! {
            <label class="tpe-option">
                <input type="radio" name="tpe-helped" checked={checked}
                    onchange={Callback::from(move |_: Event| helped.set(Some(value)))} />
                { label }
            </label>
        }
    };
    let who = |kind: HelpKind, label: &'static str| {
        let by = by.clone();
        let checked = by.contains(&kind);
        html! {
            <label class="tpe-option">
                <input type="checkbox" checked={checked}
                    onchange={Callback::from(move |_: Event| {
                        let mut v = (*by).clone();
                        match v.iter().position(|k| *k == kind) {
                            Some(i) => { v.remove(i); }
                            None => v.push(kind),
                        }
                        by.set(v);
                    })} />
                { label }
            </label>
        }
    };
    html! {
        <section class="tpe-outcome tpe-no-print" aria-labelledby="tpe-outcome-title">
            <fieldset>
                <legend id="tpe-outcome-title">{ t.outcome_title }</legend>
                { choice(Helped::Yes, t.outcome_yes) }
                { choice(Helped::NotYet, t.outcome_not_yet) }
                { choice(Helped::No, t.outcome_no) }
            </fieldset>
            if matches!(*helped, Some(Helped::Yes | Helped::NotYet)) {
                <fieldset>
                    <legend>{ t.outcome_by }</legend>
                    { who(HelpKind::Venue, t.outcome_venue) }
                    { who(HelpKind::Chamber, t.outcome_chamber) }
                    { who(HelpKind::Accountant, t.outcome_accountant) }
                    { who(HelpKind::Other, t.outcome_other) }
                </fieldset>
            }
            <div class="tpe-actions">
                <button type="button" class="tpe-primary tpe-outcome-send" disabled={helped.is_none()} onclick={on_send}>{ t.outcome_send }</button>
                <button type="button" class="tpe-outcome-never" onclick={on_never}>{ t.outcome_never }</button>
            </div>
        </section>
    }
}
