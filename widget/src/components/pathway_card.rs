//! For one priority: the venues near the owner, the aids that fit, what a
//! near-miss aid does not fund, and who to call. Data is only ever text;
//! links are rebuilt by `links` and dropped when their scheme is not allowed.

use crate::links;
use crate::text::{ui, Ui};
use chrono::NaiveDateTime;
use tpe_shared::format;
use tpe_shared::i18n::long_date;
use tpe_shared::model::Topic;
use tpe_shared::pathway::{Adviser, AidMatch, Step, VenueMatch};
use tpe_shared::summary;
use tpe_shared::Lang;
use yew::prelude::*;

/// An external link, opened in a new tab without giving it our window.
fn external(class: &'static str, url: &str, label: &str, t: &Ui) -> Html {
    match links::web(url) {
        Some(href) => html! {
            <a class={class} href={href} target="_blank" rel="noopener noreferrer">
                { label.to_string() }{ " " }<span class="tpe-hint">{ t.new_tab }</span>
            </a>
        },
        None => html! {},
    }
}

fn phone(number: &str, t: &Ui) -> Html {
    match links::tel(number) {
        Some(href) => html! {
            <a class="tpe-phone" href={href}>{ t.call }{ " " }{ links::phone_display(number) }</a>
        },
        None => html! {},
    }
}

fn email(address: &str, t: &Ui) -> Html {
    match links::mailto(address) {
        Some(href) => {
            html! { <a class="tpe-mail" href={href}>{ t.write }{ " " }{ address.to_string() }</a> }
        }
        None => html! {},
    }
}

/// Topics in words. (`tpe_shared::pathway::aids::topics` is not exported:
/// to move into shared's public API.)
fn topics(list: &[Topic], lang: Lang) -> String {
    list.iter()
        .map(|t| t.label(lang))
        .collect::<Vec<_>>()
        .join(", ")
}

fn venue(v: &VenueMatch<'_>, now: NaiveDateTime, lang: Lang) -> Html {
    let t = ui(lang);
    let d = v.venue;
    let distance = v.distance_km.map(|km| {
        let km = format::distance(km, lang);
        if v.approximate {
            format!("{} {km}", t.approx)
        } else {
            km
        }
    });
    html! {
        <li class="tpe-venue">
            <p class="tpe-venue-name">{ d.nom.clone() }</p>
            if v.welcomes_businesses {
                <p><span class="tpe-badge-business">{ t.welcomes_businesses }</span></p>
            }
            <p class="tpe-address">{ format!("{}, {} {}", d.adresse, d.code_postal, d.commune) }</p>
            if let Some(distance) = distance {
                <p class="tpe-distance">{ distance }</p>
            }
            <p class="tpe-hours">
                { format::opening(v.opening, now, lang) }
                if let Some(raw) = d.horaires.as_ref().filter(|_| v.hours_unreadable) {
                    <span class="tpe-hours-raw">{ " · " }{ t.published_hours }{ " " }{ raw.clone() }</span>
                }
            </p>
            <p class="tpe-links">
                if let Some(tel) = &d.telephone { { phone(tel, t) } }
                if let Some(site) = d.site_web.iter().find_map(|s| links::web(s)) {
                    { external("tpe-website", &site, t.website, t) }
                }
                if let Some(rdv) = &d.prise_rdv { { external("tpe-booking", rdv, t.booking, t) } }
            </p>
        </li>
    }
}

fn aid(m: &AidMatch<'_>, lang: Lang) -> Html {
    let t = ui(lang);
    let a = m.aid;
    html! {
        <li class="tpe-aid">
            <p class="tpe-aid-name">{ a.name.clone() }</p>
            if !a.financers.is_empty() {
                <p class="tpe-aid-financers">{ a.financers.join(", ") }</p>
            }
            if let Some(amount) = format::aid_amount(a, lang) {
                <p class="tpe-aid-amount">{ amount }</p>
            }
            <p class="tpe-aid-deadline">
                { match a.deadline {
                    Some(d) => format!("{} {}", t.deadline, long_date(d, lang)),
                    None => t.no_deadline.to_string(),
                } }
            </p>
            if !a.summary.is_empty() {
                <p class="tpe-aid-summary">{ a.summary.clone() }</p>
            }
            if !m.funds.is_empty() {
                <p class="tpe-aid-funds"><strong>{ t.funds }</strong>{ " " }{ topics(&m.funds, lang) }</p>
            }
            if !a.does_not_fund.is_empty() {
                <p class="tpe-aid-excludes"><strong>{ t.does_not_fund }</strong>{ " " }{ topics(&a.does_not_fund, lang) }</p>
            }
            if !m.to_check.is_empty() {
                <div class="tpe-aid-checks">
                    <p><strong>{ t.to_check }</strong></p>
                    <ul>{ for m.to_check.iter().map(|c| html! { <li>{ c.describe(lang) }</li> }) }</ul>
                </div>
            }
            if let Some(url) = &a.origin_url { { external("tpe-aid-link", url, t.more_info, t) } }
        </li>
    }
}

pub fn adviser(a: &Adviser<'_>, lang: Lang) -> Html {
    let t = ui(lang);
    let body = match a {
        Adviser::Local(c) => html! {
            <>
                <p class="tpe-adviser-name">{ c.name.clone() }</p>
                if let Some(address) = &c.address { <p>{ address.clone() }</p> }
                <p class="tpe-links">
                    if let Some(tel) = &c.phone { { phone(tel, t) } }
                    if let Some(mail) = &c.email { { email(mail, t) } }
                    if let Some(url) = &c.url { { external("tpe-website", url, t.website, t) } }
                </p>
            </>
        },
        Adviser::National(c) => html! {
            <>
                <p class="tpe-adviser-name">{ c.name.clone() }</p>
                <p>{ c.description.get(lang).to_string() }</p>
                <p class="tpe-links">
                    if let Some(tel) = &c.phone { { phone(tel, t) } }
                    if let Some(url) = &c.url { { external("tpe-website", url, t.website, t) } }
                </p>
            </>
        },
        other => html! { <p class="tpe-adviser-name">{ summary::adviser(other, lang) }</p> },
    };
    html! {
        <div class="tpe-adviser">
            <h5>{ t.who_to_call }</h5>
            { body }
        </div>
    }
}

pub fn view(step: &Step<'_>, now: NaiveDateTime, lang: Lang) -> Html {
    let t = ui(lang);
    html! {
        <div class="tpe-pathway">
            <h5>{ t.venues_title }</h5>
            if step.venues.is_empty() {
                <p class="tpe-no-venue">{ t.no_venue }</p>
            } else {
                <ul class="tpe-venues">{ for step.venues.iter().map(|v| venue(v, now, lang)) }</ul>
            }
            if !step.aids.is_empty() {
                <h5>{ t.aids_title }</h5>
                <ul class="tpe-aids">{ for step.aids.iter().map(|m| aid(m, lang)) }</ul>
            }
            { for step.near_misses.iter().map(|n| html! {
                <p class="tpe-near-miss"><strong>{ t.good_to_know }</strong>{ " " }{ n.explain(lang) }</p>
            }) }
            { adviser(&step.adviser, lang) }
        </div>
    }
}
