//! The desk's pages (maud, compiled templates; every value escaped).

use super::csv::signed;
use super::map::{self, MapInput, Mark};
use super::quality::Quality;
use super::DeskInput;
use crate::report::Action;
use chrono::{DateTime, FixedOffset};
use maud::{html, Markup, DOCTYPE};
use std::collections::BTreeMap;
use tpe_shared::communes::CommuneIndex;
use tpe_shared::desk::{Candidate, NeedCoverage, RINGS_KM};
use tpe_shared::links::phone_display;
use tpe_shared::model::{SourceStatus, TerritorySnapshot};

/// Candidates printed on paper (the page and the CSV have them all), so
/// that one territory fits on two A4 pages.
const PRINTED_CANDIDATES: usize = 5;

/// Everything one territory's page shows.
pub struct Territory<'a> {
    /// The shared results of this territory, newest month first; `None`
    /// without a statistics store.
    pub stats: Option<Vec<&'a tpe_shared::stats::TerritoryMonth>>,
    pub snapshot: &'a TerritorySnapshot,
    pub candidates: &'a [Candidate<'a>],
    pub coverage: &'a [NeedCoverage<'a>],
    pub quality: &'a Quality,
    pub communes: &'a CommuneIndex,
    pub generated_at: DateTime<FixedOffset>,
}

/// One row of the index.
pub struct Summary {
    pub id: String,
    pub name: String,
    pub venues: usize,
    pub with_offer: usize,
    pub aids: usize,
    pub aids_to_confirm: usize,
    pub gaps: usize,
    pub needs_without_venue: Vec<String>,
    pub candidates: usize,
}

pub fn summary(t: &Territory<'_>) -> Summary {
    let s = t.snapshot;
    Summary {
        id: s.territory.id.clone(),
        name: s.territory.name.clone(),
        venues: s.venues.len(),
        with_offer: s
            .venues
            .iter()
            .filter(|v| v.business_offer.is_some())
            .count(),
        aids: s.aids.len(),
        aids_to_confirm: s.aids.iter().filter(|a| a.to_confirm.is_some()).count(),
        gaps: tpe_shared::desk::gaps(t.coverage).len(),
        needs_without_venue: t
            .coverage
            .iter()
            .filter(|c| c.venues[2] == 0)
            .map(|c| c.dimension.short.fr.clone())
            .collect(),
        candidates: t.candidates.len(),
    }
}

fn status_fr(s: SourceStatus) -> &'static str {
    match s {
        SourceStatus::Ok => "lue, nouvelle version",
        SourceStatus::NotModified => "lue, inchangée",
        SourceStatus::Stale => "en échec : copie précédente utilisée",
        SourceStatus::Failed => "en échec, sans copie précédente",
    }
}

/// The source's name as the config gives it, else its id.
fn source_name(input: &DeskInput<'_>, id: &str) -> String {
    input
        .snapshots
        .iter()
        .flat_map(|s| &s.sources)
        .find(|s| s.id == id)
        .and_then(|s| s.name.clone())
        .unwrap_or_else(|| id.to_string())
}

fn date_fr(d: DateTime<FixedOffset>) -> String {
    d.format("%d/%m/%Y à %H:%M").to_string()
}

fn layout(title: &str, generated_at: DateTime<FixedOffset>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="fr" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                link rel="stylesheet" href="desk.css";
            }
            body {
                header {
                    p.kicker { "Diagnostic numérique TPE · tableau de bord du pilote" }
                    h1 { (title) }
                    p.generated { "Données publiées le " (date_fr(generated_at)) "." }
                }
                main { (body) }
            }
        }
    }
}

pub fn index(rows: &[Summary], input: &DeskInput<'_>) -> Markup {
    let r = input.report;
    let mut refused: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut expired = Vec::new();
    for e in &r.entries {
        if e.action == Action::Rejected {
            if e.reason.starts_with("expired") {
                expired.push((e.record_id.clone(), e.reason.clone()));
            } else {
                *refused
                    .entry((e.source.clone(), e.reason.clone()))
                    .or_insert(0) += 1;
            }
        }
    }
    let body = html! {
        section aria-labelledby="t-territoires" {
            h2 #t-territoires { "Territoires" }
            table {
                caption { "Chaque territoire du pilote : lieux, aides, manques." }
                thead { tr {
                    th scope="col" { "Territoire" }
                    th scope="col" { "Lieux publiés" }
                    th scope="col" { "dont avec offre entreprises" }
                    th scope="col" { "Aides publiées (à confirmer)" }
                    th scope="col" { "Lieux candidats" }
                    th scope="col" { "Besoins sans aucun lieu à 20 km" }
                    th scope="col" { "Manques relevés" }
                } }
                tbody {
                    @for t in rows {
                        tr {
                            th scope="row" { a href=(format!("{}.html", t.id)) { (t.name) } }
                            td { (t.venues) }
                            td { (t.with_offer) }
                            td { (t.aids) " (" (t.aids_to_confirm) ")" }
                            td { (t.candidates) }
                            td {
                                @if t.needs_without_venue.is_empty() { "aucun" }
                                @else { (t.needs_without_venue.join(", ")) }
                            }
                            td { (t.gaps) }
                        }
                    }
                }
            }
        }
        section aria-labelledby="t-sources" {
            h2 #t-sources { "Sources de la dernière publication" }
            table {
                caption { "État de chaque source : fiches gardées, refusées, anciennes." }
                thead { tr {
                    th scope="col" { "Source" }
                    th scope="col" { "État" }
                    th scope="col" { "Lue le" }
                    th scope="col" { "Fiches gardées" }
                    th scope="col" { "Refusées" }
                    th scope="col" { (format!("Plus de {} mois", input.stale_after_months)) }
                } }
                tbody {
                    @for s in &r.sources {
                        tr {
                            th scope="row" { (source_name(input, &s.id)) }
                            td { (status_fr(s.status)) }
                            td { @if let Some(at) = s.fetched_at { (date_fr(at)) } @else { "jamais" } }
                            td { (s.kept) }
                            td { (s.rejected) }
                            td { (s.old_records) }
                        }
                    }
                }
            }
        }
        section aria-labelledby="t-refus" {
            h2 #t-refus { "Fiches refusées, avec leur raison" }
            @if refused.is_empty() { p { "Aucune fiche refusée." } }
            @else {
                table {
                    caption { "Nombre de fiches refusées par source et par raison (détail dans report.json)." }
                    thead { tr { th scope="col" { "Source" } th scope="col" { "Raison" } th scope="col" { "Fiches" } } }
                    tbody {
                        @for ((source, reason), n) in &refused {
                            tr { th scope="row" { (source) } td { (reason) } td { (n) } }
                        }
                    }
                }
            }
            h3 { "Aides terminées, refusées et jamais montrées" }
            @if expired.is_empty() { p { "Aucune." } }
            @else {
                p { "Raisons telles que le rapport de synchronisation les écrit (en anglais)." }
                ul { @for (id, why) in &expired { li { strong { (id) } " : " span lang="en" { (why) } } } }
            }
        }
    };
    layout("Tous les territoires", input.generated_at, body)
}

pub fn territory(t: &Territory<'_>) -> Markup {
    let s = t.snapshot;
    let name = &s.territory.name;
    let marks: Vec<Mark> = s
        .venues
        .iter()
        .filter_map(|v| {
            let (point, approximate) = tpe_shared::desk::position(t.communes, v)?;
            Some(Mark {
                id: &v.id,
                name: &v.nom,
                point,
                approximate,
                business_offer: v.business_offer.is_some(),
            })
        })
        .collect();
    let map = map::render(&MapInput {
        title: format!("Carte des lieux autour de {name}"),
        centre: s.territory.centre,
        centre_name: name,
        radius_km: s.territory.radius_km,
        marks,
        communes: t.communes,
    });
    let gaps = tpe_shared::desk::gaps(t.coverage);
    let id = &s.territory.id;
    let body = html! {
        p.nav { a href="index.html" { "← Tous les territoires" } }
        section aria-labelledby="t-carte" {
            h2 #t-carte { "Carte des lieux" }
            div.map-wrap {
                (map)
                ul.legend {
                    li { span.key.k-venue aria-hidden="true" {} "lieu de médiation numérique" }
                    li { span.key.k-offer aria-hidden="true" {} "lieu avec une offre pour les entreprises" }
                    li { span.key.k-approx aria-hidden="true" {} "placé au centre de sa commune (adresse sans coordonnées)" }
                    li { span.key.k-centre aria-hidden="true" {} "centre de " (name) " ; cercles à 5, 10 et 20 km" }
                }
            }
            details.map-table {
                summary { "Les lieux de la carte en tableau" }
                table {
                    caption { "Lieux de la carte : distance au centre et offre entreprises." }
                    thead { tr {
                        th scope="col" { "Lieu" } th scope="col" { "Commune" }
                        th scope="col" { "Distance du centre" } th scope="col" { "Offre entreprises" }
                        th scope="col" { "Position" }
                    } }
                    tbody {
                        @for v in &s.venues {
                            @let place = tpe_shared::desk::position(t.communes, v);
                            tr {
                                th scope="row" { (v.nom) }
                                td { (v.commune) }
                                td { @if let Some((p, _)) = place { (tpe_shared::format::distance(s.territory.centre.distance_km(p), tpe_shared::Lang::Fr)) } @else { "inconnue" } }
                                td { @if v.business_offer.is_some() { "oui" } @else { "non" } }
                                td { @match place { Some((_, false)) => "adresse", Some((_, true)) => "centre de la commune", None => "inconnue" } }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="t-couverture" {
            h2 #t-couverture { "Couverture des besoins" }
            table.coverage {
                caption { "Pour chaque besoin du diagnostic : lieux qui aident (à 5, 10 et 20 km du centre), aides ouvertes, conseiller joignable." }
                thead {
                    tr {
                        th scope="col" { "Besoin" }
                        @for km in RINGS_KM { th scope="col" { (format!("Lieux à {km:.0} km")) } }
                        th scope="col" { "dont offre entreprises (20 km)" }
                        th scope="col" { "Aides ouvertes (à confirmer)" }
                        th scope="col" { "Conseiller joignable" }
                    }
                }
                tbody {
                    @for c in t.coverage {
                        tr data-dimension=(c.dimension.id) {
                            th scope="row" { (c.dimension.short.fr) }
                            @for n in c.venues { td { (n) } }
                            td { (c.with_offer[2]) }
                            td { (c.aids_open) " (" (c.aids_to_confirm) ")" }
                            td { (c.adviser.describe()) }
                        }
                    }
                }
            }
            h3 { "Ce qui manque" }
            @if gaps.is_empty() { p { "Chaque besoin a au moins un lieu, une aide et un conseiller." } }
            @else { ul.gaps { @for g in &gaps { li { (g) } } } }
        }
        section aria-labelledby="t-candidats" {
            h2 #t-candidats { "Lieux qui pourraient accueillir les entreprises" }
            p {
                "Classés par points ; chaque point a sa raison (règles dans "
                code { "desk-rules.toml" } "). "
                a href=(format!("candidats-{id}.csv")) download { "Télécharger la liste (CSV, " (t.candidates.len()) " lieux)" }
                span.print-only { "Sur papier : les " (PRINTED_CANDIDATES) " premiers ; la liste complète est dans le fichier CSV." }
            }
            table.candidates {
                caption { "Lieux candidats, du plus prometteur au moins prometteur." }
                thead { tr {
                    th scope="col" { "Rang" } th scope="col" { "Lieu" } th scope="col" { "Points" }
                    th scope="col" { "Raisons" } th scope="col" { "Contact" }
                } }
                tbody {
                    @for (i, c) in t.candidates.iter().enumerate() {
                        tr.candidate.top[i < PRINTED_CANDIDATES] data-venue=(c.venue.id) {
                            td { (i + 1) }
                            th scope="row" {
                                (c.venue.nom)
                                span.where { (c.venue.commune) }
                                @if c.curated { span.badge { "offre publiée" } }
                            }
                            td.points { (c.points) }
                            td { ul.reasons { @for r in &c.reasons {
                                li {
                                    span.pts { (signed(r.points)) } " " (r.text)
                                    @if let Some(d) = &r.detail { span.detail { " : " (d) } }
                                }
                            } } }
                            td {
                                @if let Some(tel) = &c.venue.telephone { (phone_display(tel)) br; }
                                @if let Some(mail) = c.venue.courriels.first() { (mail) br; }
                                @if c.venue.telephone.is_none() && c.venue.courriels.is_empty() { "aucun publié" }
                            }
                        }
                    }
                }
            }
        }
        (super::shared::section(t.stats.as_deref(), tpe_shared::questionnaire::Questionnaire::embedded()))
        section aria-labelledby="t-qualite" {
            h2 #t-qualite { "Qualité des données" }
            (quality(t))
        }
    };
    layout(
        &format!("{name} : lieux, besoins, données"),
        t.generated_at,
        body,
    )
}

fn names_or_none(list: &[String]) -> Markup {
    html! {
        @if list.is_empty() { "aucun" }
        @else { (list.len()) " : " (list.join(" ; ")) }
    }
}

fn quality(t: &Territory<'_>) -> Markup {
    let q = t.quality;
    html! {
        table {
            caption { "Lieux de ce territoire par source, avec la date et la licence de chaque source." }
            thead { tr {
                th scope="col" { "Source" } th scope="col" { "Lue le" } th scope="col" { "Licence" }
                th scope="col" { "Lieux" }
                th scope="col" { (format!("Fiches de plus de {} mois", q.stale_after_months)) }
            } }
            tbody { @for src in &t.snapshot.sources {
                @let (n, old) = q.by_source.get(&src.id).copied().unwrap_or_default();
                tr {
                    th scope="row" { (src.name.as_deref().unwrap_or(&src.id)) }
                    td { (src.fetched_at.format("%d/%m/%Y")) }
                    td { (src.licence.as_deref().unwrap_or("non précisée")) }
                    td { (n) } td { (old) }
                }
            } }
        }
        ul.facts {
            li { "Lieux sans aucun contact publié : " (names_or_none(&q.without_contact)) }
            li { "Lieux sans horaires lisibles : " (names_or_none(&q.without_hours)) }
            li { "Lieux sans coordonnées (placés au centre de leur commune) : " (names_or_none(&q.without_position)) }
            li { "Lieux fusionnés à partir de plusieurs fiches : " (q.merged) }
            li { "Noms portés par plusieurs lieux (doublons possibles, à vérifier) : "
                @if q.same_name.is_empty() { "aucun" }
                @else { @for (i, (name, n)) in q.same_name.iter().enumerate() {
                    @if i > 0 { " ; " } (name) " (" (n) " fiches)"
                } }
            }
            li { "Chambres consulaires sans numéro de téléphone : " (names_or_none(&q.chambers_without_phone))
                 @if !q.chambers_without_phone.is_empty() { " — à compléter dans le fichier du pilote avec le numéro que la chambre donne." } }
        }
        h3 { "Corrections faites par la synchronisation" }
        @if q.cleaned.is_empty() { p { "Aucune sur les lieux de ce territoire." } }
        @else {
            table {
                caption { "Champs corrigés ou retirés sur les lieux de ce territoire, avec la raison." }
                thead { tr { th scope="col" { "Source" } th scope="col" { "Quoi" } th scope="col" { "Champ" } th scope="col" { "Raison" } th scope="col" { "Fiches" } } }
                tbody { @for ((src, what, field, reason), n) in &q.cleaned {
                    tr { th scope="row" { (src) } td { (what) } td { (field) } td { (reason) } td { (n) } }
                } }
            }
        }
        h3 { "Aides à confirmer auprès du financeur" }
        @if q.aids_to_confirm.is_empty() { p { "Aucune." } }
        @else {
            p.print-only { (q.aids_to_confirm.len()) " aides ont des points à confirmer : la liste est à l'écran." }
            ul.screen-only { @for (aid, what) in &q.aids_to_confirm { li { strong { (aid) } " : " (what) } } }
        }
    }
}
