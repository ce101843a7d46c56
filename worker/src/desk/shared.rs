//! The desk's section on the results owners chose to share: per month,
//! levels per need as stacked bars (only publishable counts have a width),
//! the same figures in a table, the most frequent priorities, the share of
//! owners each legal duty concerns, and whether they got help. Every count
//! goes through `tpe_shared::stats` (« moins de 5 »).

use crate::collect::report::{by_fr, helped_fr};
use maud::{html, Markup};
use tpe_shared::questionnaire::Questionnaire;
use tpe_shared::scoring::Level;
use tpe_shared::stats::{cell, Cell, TerritoryMonth};
use tpe_shared::Lang;

const BAR_W: f64 = 360.0;
const ROW_H: f64 = 22.0;
const LABEL_W: f64 = 120.0;

fn level_class(l: Level) -> &'static str {
    match l {
        Level::FirstSteps => "lv1",
        Level::OnTheWay => "lv2",
        Level::AtEase => "lv3",
        Level::WellEquipped => "lv4",
    }
}

/// The published levels of one need as bar segments `(level, count, x,
/// width)`: each has its share of the published total; hidden counts get
/// no width at all (a width would tell them).
fn segments(m: &TerritoryMonth, dimension: &str) -> Vec<(Level, usize, f64, f64)> {
    let shown: Vec<(Level, usize)> = m
        .level_cells(dimension)
        .into_iter()
        .filter_map(|(l, c)| match c {
            Cell::Count(n) => Some((l, n)),
            Cell::Fewer => None,
        })
        .collect();
    let total: usize = shown.iter().map(|(_, n)| n).sum();
    let mut x = LABEL_W;
    shown
        .into_iter()
        .map(|(l, n)| {
            let w = BAR_W * n as f64 / total as f64;
            x += w;
            (l, n, x - w, w)
        })
        .collect()
}

fn bars(m: &TerritoryMonth, q: &Questionnaire, id: &str) -> Markup {
    let h = ROW_H * q.dimensions.len() as f64 + 30.0;
    let view = format!("0 0 {} {h}", LABEL_W + BAR_W + 10.0);
    let title = format!("Niveaux par besoin, {}", m.month);
    html! {
        svg.levels viewBox=(view) role="img" aria-labelledby=(format!("{id}-t {id}-d")) xmlns="http://www.w3.org/2000/svg" {
            title id=(format!("{id}-t")) { (title) }
            desc id=(format!("{id}-d")) { "Part des diagnostics partagés à chaque niveau, pour chaque besoin ; un niveau tenu par moins de 5 chefs d'entreprise n'est pas dessiné. Les mêmes chiffres sont dans le tableau qui suit." }
            @for (row, d) in q.dimensions.iter().enumerate() {
                @let y = row as f64 * ROW_H + 4.0;
                text.bar-label x="0" y=(format!("{:.1}", y + 14.0)) { (d.short.fr) }
                @for (level, n, x, w) in segments(m, &d.id) {
                    rect class=(level_class(level)) x=(format!("{x:.1}")) y=(format!("{y:.1}")) width=(format!("{w:.1}")) height="16" {
                        title { (d.short.fr) " — " (level.label(Lang::Fr)) " : " (n) }
                    }
                }
            }
        }
    }
}

pub fn section(months: Option<&[&TerritoryMonth]>, q: &Questionnaire) -> Markup {
    html! {
        section.shared aria-labelledby="t-partages" {
            h2 #t-partages { "Résultats partagés par les chefs d'entreprise" }
            @match months {
                None => p { "Aucun collecteur de statistiques n'est configuré pour ce pilote, ou rien n'a encore été partagé (le widget ne propose le partage que si le site partenaire a l'attribut data-stats-url)." },
                Some([]) => p { "Aucun résultat partagé pour ce territoire pour l'instant." },
                Some(list) => {
                    p { "Chaque chiffre construit à partir de moins de 5 réponses est écrit « moins de 5 » ; les résultats partagés ne disent ni la commune ni les réponses." }
                    ul.legend.levels-legend {
                        @for l in [Level::FirstSteps, Level::OnTheWay, Level::AtEase, Level::WellEquipped] {
                            li { span class=(format!("key {}", level_class(l))) aria-hidden="true" {} (l.label(Lang::Fr)) }
                        }
                    }
                    @for (i, m) in list.iter().enumerate() {
                        h3 { "Mois de " (m.month) " : " (m.shared_cell().fr()) " diagnostic(s) partagé(s), " (cell(m.outcomes).fr()) " suite(s)" }
                        (bars(m, q, &format!("lv-{i}")))
                        table.levels-table {
                            caption { "Diagnostics partagés par niveau, pour chaque besoin (" (m.month) ")." }
                            thead { tr {
                                th scope="col" { "Besoin" }
                                @for l in [Level::FirstSteps, Level::OnTheWay, Level::AtEase, Level::WellEquipped] { th scope="col" { (l.label(Lang::Fr)) } }
                            } }
                            tbody { @for d in &q.dimensions {
                                tr { th scope="row" { (d.short.fr) } @for (_, c) in m.level_cells(&d.id) { td { (c.fr()) } } }
                            } }
                        }
                        p { "Priorités les plus fréquentes : "
                            @let top = m.top_priorities();
                            @if top.is_empty() { "moins de 5 chacune" }
                            @else { @for (j, (d, n)) in top.iter().enumerate() {
                                @if j > 0 { ", " }
                                (q.dimension(d).map_or(d.to_string(), |x| x.short.fr.to_lowercase())) " (" (n) ")"
                            } }
                        }
                        @if !m.duties.is_empty() {
                            ul { @for (duty, n) in &m.duties {
                                @let c = cell(*n);
                                li { "Obligation « " (q.duty(duty).map_or(duty.as_str(), |d| d.title.get(Lang::Fr))) " » : " (c.fr())
                                     @if let Some(p) = c.share_of(m.shared_cell()) { " (" (p) " %)" } }
                            } }
                        }
                        @if !m.helped.is_empty() {
                            ul { @for ((h, k), n) in &m.helped {
                                li { (helped_fr(*h)) " " (by_fr(*k)) " : " (cell(*n).fr()) }
                            } }
                        }
                    }
                }
            }
        }
    }
}
