//! The radar chart of the dimensions, as inline SVG, and its text
//! alternative, a table. Colours come from classes in the stylesheet: no
//! `style` attribute, so the host page's CSP holds.

use crate::text::Ui;
use tpe_shared::format::{fixed0, fixed1};
use yew::prelude::*;

/// One axis of the chart and one row of the table.
pub struct Row {
    pub short: String,
    pub title: String,
    pub score: Option<f64>,
    pub level: String,
}

const SIZE: f64 = 360.0;
const CENTRE: f64 = SIZE / 2.0;
const RADIUS: f64 = 110.0;

fn point(i: usize, n: usize, fraction: f64) -> (f64, f64) {
    let angle = std::f64::consts::TAU * i as f64 / n as f64 - std::f64::consts::FRAC_PI_2;
    (
        CENTRE + RADIUS * fraction * tpe_shared::trig::cos(angle),
        CENTRE + RADIUS * fraction * tpe_shared::trig::sin(angle),
    )
}

fn polygon(n: usize, fraction: impl Fn(usize) -> f64) -> String {
    (0..n)
        .map(|i| {
            let (x, y) = point(i, n, fraction(i));
            format!("{},{}", fixed1(x), fixed1(y))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn chart(rows: &[Row], t: &Ui) -> Html {
    let n = rows.len().max(3);
    let rings = [0.25, 0.5, 0.75, 1.0].map(|f| {
        html! { <polygon class="tpe-radar-ring" points={polygon(n, |_| f)} /> }
    });
    // The scale, along the gap between the first two axes, so that a printed
    // chart can be read without colour.
    let scale = [25, 50, 75, 100].map(|v| {
        let (x, y) = point(0, n, f64::from(v) / 100.0);
        html! {
            <text class="tpe-radar-scale" x={fixed1(x + 4.0)} y={fixed1(y + 3.0)}>{ v.to_string() }</text>
        }
    });
    let axes = (0..rows.len()).map(|i| {
        let (x, y) = point(i, n, 1.0);
        html! { <line class="tpe-radar-axis" x1={fixed1(CENTRE)} y1={fixed1(CENTRE)}
        x2={fixed1(x)} y2={fixed1(y)} /> }
    });
    let area = polygon(n, |i| {
        rows.get(i)
            .and_then(|r| r.score)
            .map_or(0.0, |s| s.clamp(0.0, 100.0) / 100.0)
    });
    let dots = rows.iter().enumerate().filter_map(|(i, r)| {
        let (x, y) = point(i, n, r.score?.clamp(0.0, 100.0) / 100.0);
        Some(html! { <circle class="tpe-radar-dot" cx={fixed1(x)} cy={fixed1(y)} r="4" /> })
    });
    let labels = rows.iter().enumerate().map(|(i, r)| {
        let (x, y) = point(i, n, 1.16);
        let anchor = if (x - CENTRE).abs() < 1.0 {
            "middle"
        } else if x > CENTRE {
            "start"
        } else {
            "end"
        };
        let dy = if y > CENTRE + 1.0 { "0.9em" } else { "0.3em" };
        html! {
            <text class="tpe-radar-label" x={fixed1(x)} y={fixed1(y)}
                  text-anchor={anchor} dy={dy}>{ r.short.clone() }</text>
        }
    });
    let description = rows
        .iter()
        .map(|r| format!("{}{}{}", r.short, t.colon, r.level))
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        <div class="tpe-chart">
            <svg class="tpe-radar" role="img" aria-labelledby="tpe-radar-title tpe-radar-desc"
                 viewBox="-95 25 550 325" focusable="false">
                <title id="tpe-radar-title">{ t.chart_title }</title>
                <desc id="tpe-radar-desc">{ description }</desc>
                { for rings }
                { for axes }
                <polygon class="tpe-radar-area" points={area} />
                { for dots }
                { for scale }
                { for labels }
            </svg>
            <table class="tpe-levels">
                <caption>{ t.table_caption }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t.col_theme }</th>
                        <th scope="col">{ t.col_level }</th>
                        <th scope="col">{ t.col_score }</th>
                    </tr>
                </thead>
                <tbody>
                    { for rows.iter().map(|r| html! {
                        <tr>
                            <th scope="row">{ r.title.clone() }</th>
                            <td class="tpe-level">{ r.level.clone() }</td>
                            <td class="tpe-score">{ r.score.map_or_else(|| "—".to_string(), fixed0) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
