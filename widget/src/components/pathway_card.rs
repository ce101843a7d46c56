//! For one priority: the venues near the owner, the aids that fit, what a
//! near-miss aid does not fund, and who to call. Data is only ever text;
//! links are rebuilt by `links` and dropped when their scheme is not allowed.

use crate::links;
use crate::text::{ui, Ui};
use chrono::NaiveDateTime;
use tpe_shared::format;
use tpe_shared::hours::OpeningStatus;
use tpe_shared::i18n::long_date;
use tpe_shared::model::AidKind;
use tpe_shared::model::ContactKind;
use tpe_shared::pathway::{funded, topics, Adviser, AidMatch, Step, VenueMatch};
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

fn venue(v: &VenueMatch<'_>, now: NaiveDateTime, lang: Lang) -> Html {
    let t = ui(lang);
    let d = v.venue;
    let address = format!("{}, {} {}", d.adresse, d.code_postal, d.commune);
    if v.already_shown {
        // Met again for another need: named, not repeated in full.
        return html! {
            <li class="tpe-venue tpe-venue-again">
                <p class="tpe-venue-name">{ d.nom.clone() }</p>
                <p><span class="tpe-badge-again">{ t.already_shown }</span></p>
                <p class="tpe-address">{ address }</p>
            </li>
        };
    }
    let distance = match v.distance_km {
        // Same commune and only the commune's centre known: a distance
        // would be made up.
        Some(_) if v.approximate && v.in_owner_commune => Some(t.in_commune.to_string()),
        Some(km) => {
            let km = format::distance(km, lang);
            Some(if v.approximate {
                format!("{} {km}", t.approx)
            } else {
                km
            })
        }
        None => None,
    };
    let mut hours = format::opening(v.opening, now, lang);
    if v.opening == OpeningStatus::Unknown && d.telephone.is_some() {
        hours = format!("{hours}{}{}", tpe_shared::i18n::colon(lang), t.call_first);
    }
    let week = d
        .schedule
        .as_ref()
        .map(|w| format::week(w, lang).join(tpe_shared::i18n::pick(lang, "\u{a0}; ", "; ")));
    let site = d.site_web.iter().find_map(|s| links::web(s));
    let links = links_row(vec![
        d.telephone.as_ref().map(|tel| phone(tel, t)),
        d.courriels.first().map(|mail| email(mail, t)),
        site.map(|site| external("tpe-website", &site, t.website, t)),
        d.prise_rdv
            .as_ref()
            .map(|rdv| external("tpe-booking", rdv, t.booking, t)),
    ]);
    let no_contact = (!v.has_contact).then(|| {
        if d.schedule.is_some() {
            t.no_contact
        } else {
            t.no_contact_no_hours
        }
    });
    html! {
        <li class="tpe-venue" data-help={format!("venue:{}", d.id)}>
            <p class="tpe-venue-name">{ d.nom.clone() }</p>
            if v.welcomes_businesses {
                <p><span class="tpe-badge-business">{ t.welcomes_businesses }</span></p>
            }
            <p class="tpe-address">{ address }</p>
            if let Some(distance) = distance {
                <p class="tpe-distance">{ distance }</p>
            }
            <p class="tpe-hours tpe-screen-only">
                { hours }
                if let Some(raw) = d.horaires.as_ref().filter(|_| v.hours_unreadable) {
                    <span class="tpe-hours-raw">{ " — " }{ t.published_hours }{ " " }{ raw.clone() }</span>
                }
            </p>
            <p class="tpe-hours-week tpe-print-only">
                { match week {
                    Some(week) => format!("{} {week}", t.hours_week),
                    None => format::opening(OpeningStatus::Unknown, now, lang),
                } }
            </p>
            if let Some(note) = v.twin_note(lang) {
                <p class="tpe-stale">{ note }</p>
            }
            if let Some(year) = v.stale_since {
                <p class="tpe-stale">{ crate::text::stale_record(lang, year, d.telephone.is_some()) }</p>
            }
            if let Some(note) = no_contact {
                <p class="tpe-no-contact">{ note }</p>
            }
            { links }
        </li>
    }
}

/// The contact links, or nothing at all when there is none (so that print
/// shows no separator for a missing phone).
fn links_row(items: Vec<Option<Html>>) -> Html {
    let items: Vec<Html> = items.into_iter().flatten().collect();
    if items.is_empty() {
        return html! {};
    }
    html! { <p class="tpe-links">{ for items }</p> }
}

fn aid(m: &AidMatch<'_>, lang: Lang) -> Html {
    let t = ui(lang);
    let a = m.aid;
    let amount = a
        .amount_text
        .as_ref()
        .map(|x| x.get(lang).to_string())
        .or_else(|| format::aid_amount(a, lang));
    let free = matches!(a.kind, AidKind::FreeService | AidKind::PublicService);
    // Records without an English summary show the French one, marked.
    let (summary, summary_lang) = match lang {
        Lang::En if !a.summary_en.is_empty() => (a.summary_en.clone(), "en"),
        _ => (a.summary.clone(), "fr"),
    };
    // A name with no English version is French: screen readers say it so.
    let name_lang = (lang == Lang::En && a.name_en.is_empty()).then_some("fr");
    html! {
        <li class="tpe-aid" data-help={format!("aid:{}", a.id)}>
            <p class="tpe-aid-name" lang={ name_lang }>{ a.name_in(lang).to_string() }</p>
            <p class="tpe-aid-kind">
                { a.kind.label(lang) }
                if !a.financers.is_empty() { { " · " }{ a.financers.join(", ") } }
            </p>
            if let Some(amount) = amount {
                <p class="tpe-aid-amount">{ amount }</p>
            }
            if !free || a.deadline.is_some() {
                <p class="tpe-aid-deadline">
                    { match a.deadline {
                        Some(d) => format!("{} {}", t.deadline, long_date(d, lang)),
                        None => t.no_deadline.to_string(),
                    } }
                </p>
            }
            if !summary.is_empty() {
                <p class="tpe-aid-summary" lang={summary_lang}>
                    { summary }
                    if summary_lang == "fr" && !t.in_french.is_empty() { { " " }<span class="tpe-hint" lang="en">{ t.in_french }</span> }
                </p>
            }
            if !m.funds.is_empty() {
                <p class="tpe-aid-funds"><strong>{ if free { t.offers } else { t.funds } }</strong>{ " " }{ funded(a, &m.funds, lang) }</p>
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
            if let Some(what) = &a.to_confirm {
                <p class="tpe-aid-confirm"><strong>{ t.to_confirm }</strong>{ " " }{ what.get(lang).to_string() }</p>
            }
            if let Some(d) = a.checked_on {
                <p class="tpe-aid-checked">{ format!("{} {}", t.checked_on, long_date(d, lang)) }</p>
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
                if c.phone.is_none() && c.email.is_none() && c.url.is_none() {
                    <p class="tpe-adviser-unreachable">{ t.adviser_no_contact }</p>
                }
                { links_row(vec![
                    c.phone.as_ref().map(|tel| phone(tel, t)),
                    c.email.as_ref().map(|mail| email(mail, t)),
                    c.url.as_ref().map(|url| external("tpe-website", url, t.website, t)),
                ]) }
                if c.phone_to_confirm { <p class="tpe-hint">{ t.phone_to_confirm }</p> }
            </>
        },
        Adviser::National(c) => html! {
            <>
                <p class="tpe-adviser-name">{ c.name.clone() }</p>
                <p>{ c.description.get(lang).to_string() }</p>
                { links_row(vec![
                    c.phone.as_ref().map(|tel| phone(tel, t)),
                    c.url.as_ref().map(|url| external("tpe-website", url, t.website, t)),
                ]) }
            </>
        },
        other => html! { <p class="tpe-adviser-name">{ summary::adviser(other, lang) }</p> },
    };
    // Which kind of adviser, for the anonymous "help opened" list.
    let tag = match a {
        Adviser::Local(c) => match c.kind {
            ContactKind::Cci => "adviser:cci",
            ContactKind::Cma => "adviser:cma",
            ContactKind::Cyber => "adviser:cyber",
            ContactKind::Other => "adviser:other",
        },
        Adviser::National(_) => "adviser:cyber",
        Adviser::Accountant => "adviser:accountant",
        Adviser::Mediation => "adviser:mediation",
        Adviser::ChamberElsewhere(_) => "adviser:other",
    };
    html! {
        <div class="tpe-adviser" data-help={tag}>
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
            if let Some(c) = step.also_call {
                <div class="tpe-also-call">
                    <p><strong>{ t.also_call }</strong>{ " " }{ c.name.clone() }</p>
                    { links_row(vec![
                        c.phone.as_ref().map(|tel| phone(tel, t)),
                        c.url.as_ref().map(|url| external("tpe-website", url, t.website, t)),
                    ]) }
                    if c.phone_to_confirm { <p class="tpe-hint">{ t.phone_to_confirm }</p> }
                </div>
            }
        </div>
    }
}
