//! The transition chart: for each academic year, a bar for the current system beside a bar
//! for the new model stacked by route, with the maximum gains and losses adjustment on top
//! (or, when it limits a gain, marked as the part taken off). The same numbers follow in a
//! table. SVG only, colours from the stylesheet (the classes of the shared bar chart).

use sen_funding::engine::money::format_gbp_pennies;
use yew::prelude::*;

use crate::components::chart::{figure_cells, figures_table, legend_key, pattern, series_patterns, short_gbp, tick, SERIES_STYLES};

#[derive(Properties, PartialEq)]
pub struct TransitionChartProps {
    pub id: AttrValue,
    pub caption: AttrValue,
    pub groups: Vec<String>,
    /// The current system, per group, pennies.
    pub current: Vec<i64>,
    /// The new model's Element 3 by route, per group, pennies.
    pub routes: Vec<(String, Vec<i64>)>,
    /// The MGL adjustment per group, pennies (negative: a gain limited).
    pub mgl: Vec<i64>,
}

const W: f64 = 720.0;
const H: f64 = 300.0;
const LEFT: f64 = 80.0;
const BOTTOM: f64 = 44.0;
const TOP: f64 = 12.0;

/// A round step for the axis: 1, 2 or 5 × 10ⁿ pennies, about a quarter of `max`.
fn step(max: f64) -> f64 {
    let raw = (max / 4.0).max(1.0);
    let mag = 10f64.powf(raw.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * mag >= raw {
            return m * mag;
        }
    }
    10.0 * mag
}

#[component]
pub fn TransitionChart(props: &TransitionChartProps) -> Html {
    let n = props.groups.len().max(1);
    let e3: Vec<i64> = (0..n).map(|g| props.routes.iter().map(|(_, v)| v.get(g).copied().unwrap_or(0).max(0)).sum()).collect();
    let mgl = |g: usize| props.mgl.get(g).copied().unwrap_or(0);
    let top = (0..n).map(|g| props.current.get(g).copied().unwrap_or(0).max(e3[g]).max(e3[g] + mgl(g))).max().unwrap_or(0).max(1) as f64;
    let st = step(top);
    let max = (top / st).ceil() * st;
    let plot_h = H - BOTTOM - TOP;
    let y = |v: f64| TOP + plot_h - v / max * plot_h;
    let band = (W - LEFT) / n as f64;
    let bar_w = (band * 0.32).min(48.0);
    let ticks: Vec<f64> = (0..=((max / st).round() as usize)).map(|i| st * i as f64).collect();
    let title_id = format!("{}-title", props.id);
    let desc_id = format!("{}-desc", props.id);

    // Each bar is filled with its series' pattern (see components::chart): the current system's
    // is solid, the routes' carry marks in forced colours; the adjustment is an outline.
    let chart_id = props.id.to_string();
    let fill_of = |pattern: &str| format!("url(#{})", crate::components::chart::pattern_id(&chart_id, pattern));
    let rect = |class: String, fill: Option<String>, x: f64, v0: f64, v1: f64, title: String| {
        let (a, b) = (y(v0.min(v1)), y(v0.max(v1)));
        html! {
            <rect class={class} fill={fill} x={format!("{x:.1}")} y={format!("{b:.1}")} width={format!("{bar_w:.1}")} height={format!("{:.1}", (a - b).max(0.0))}>
                <title>{ title }</title>
            </rect>
        }
    };

    let bars = (0..n).map(|g| {
        let label = props.groups.get(g).cloned().unwrap_or_default();
        let x_cur = LEFT + band * g as f64 + band / 2.0 - bar_w - 3.0;
        let x_new = LEFT + band * g as f64 + band / 2.0 + 3.0;
        let cur = props.current.get(g).copied().unwrap_or(0) as f64;
        let mut acc = 0.0;
        let mut parts = Vec::new();
        for (si, (name, values)) in props.routes.iter().enumerate() {
            let v = values.get(g).copied().unwrap_or(0).max(0) as f64;
            if v > 0.0 {
                parts.push(rect("app-chart__bar".into(), Some(fill_of(&(si % SERIES_STYLES).to_string())), x_new, acc, acc + v, format!("{label}, new model, {name}: {}", format_gbp_pennies(v as i64))));
            }
            acc += v;
        }
        let adj = mgl(g) as f64;
        if adj > 0.0 {
            parts.push(rect("app-chart__bar app-ws-chart__mgl".into(), None, x_new, acc, acc + adj, format!("{label}, maximum gains and losses protection: {}", format_gbp_pennies(adj as i64))));
        } else if adj < 0.0 {
            parts.push(rect("app-chart__bar app-ws-chart__mgl app-ws-chart__mgl--cut".into(), None, x_new, acc + adj, acc, format!("{label}, maximum gains and losses: gain limited by {}", format_gbp_pennies(-adj as i64))));
        }
        let cx = LEFT + band * (g as f64 + 0.5);
        html! {
            <g class="app-ws-chart__group">
                { rect("app-chart__bar".into(), Some(fill_of("current")), x_cur, 0.0, cur, format!("{label}, current system: {}", format_gbp_pennies(cur as i64))) }
                { for parts }
                <text class="app-chart__label" x={format!("{cx:.1}")} y={(H - BOTTOM + 16.0).to_string()} text-anchor="middle">{ label }</text>
                <text class="app-ws-chart__sublabel" x={format!("{:.1}", x_cur + bar_w / 2.0)} y={(H - BOTTOM + 32.0).to_string()} text-anchor="middle">{ "now" }</text>
                <text class="app-ws-chart__sublabel" x={format!("{:.1}", x_new + bar_w / 2.0)} y={(H - BOTTOM + 32.0).to_string()} text-anchor="middle">{ "new" }</text>
            </g>
        }
    });

    let total_new: Vec<i64> = (0..n).map(|g| e3[g] + mgl(g)).collect();
    let money_cells = |values: &[i64]| figure_cells((0..props.groups.len()).map(|g| format_gbp_pennies(values.get(g).copied().unwrap_or(0))));

    html! {
        <figure class="app-chart app-ws-transition" id={props.id.clone()}>
            <figcaption class="govuk-heading-m" id={title_id.clone()}>{ &props.caption }</figcaption>
            <p class="govuk-body-s" id={desc_id.clone()}>
                { "For each academic year: on the left (“now”) what the current system would pay for the same pupils; on the right (“new”) \
                   the new model's direct Element 3, stacked by the route that pays each pupil, with the maximum gains and losses adjustment. \
                   The same figures are in the table below the chart." }
            </p>
            <svg viewBox={format!("0 0 {W} {H}")} role="img" aria-labelledby={title_id} aria-describedby={desc_id} class="app-chart__svg" focusable="false">
                <defs>
                    { pattern(&chart_id, "current", "app-ws-chart__current", None) }
                    { series_patterns(&chart_id, props.routes.len()) }
                </defs>
                { for ticks.iter().map(|t| tick(LEFT, W, y(*t), short_gbp(*t))) }
                { for bars }
            </svg>
            <ul class="app-chart__legend">
                <li>{ legend_key(&chart_id, "current", "") }{ "Current system" }</li>
                { for props.routes.iter().enumerate().map(|(si, (name, _))| html! {
                    <li>{ legend_key(&chart_id, &(si % SERIES_STYLES).to_string(), "") }{ name }</li>
                }) }
                if props.mgl.iter().any(|m| *m != 0) {
                    <li>
                        <svg class="app-chart__key" viewBox="0 0 16 16" aria-hidden="true" focusable="false" data-pattern="mgl">
                            <rect class="app-chart__bar app-ws-chart__mgl" x="1" y="1" width="14" height="14" />
                        </svg>
                        { "Maximum gains and losses adjustment" }
                    </li>
                }
            </ul>
            { figures_table(&props.id, &props.caption, &props.groups, html! {
                <>
                    <tr class="govuk-table__row app-chart__total">
                        <th scope="row" class="govuk-table__header">{ "Current system" }</th>
                        { money_cells(&props.current) }
                    </tr>
                    { for props.routes.iter().map(|(name, values)| html! {
                        <tr class="govuk-table__row">
                            <th scope="row" class="govuk-table__header">{ format!("New model: {name}") }</th>
                            { money_cells(values) }
                        </tr>
                    }) }
                    <tr class="govuk-table__row">
                        <th scope="row" class="govuk-table__header">{ "New model: maximum gains and losses adjustment" }</th>
                        { money_cells(&props.mgl) }
                    </tr>
                    <tr class="govuk-table__row app-chart__total">
                        <th scope="row" class="govuk-table__header">{ "New model: direct Element 3" }</th>
                        { money_cells(&total_new) }
                    </tr>
                </>
            }) }
        </figure>
    }
}
