//! A bar chart in SVG (grouped or stacked), always with the same numbers in a table below it,
//! so the figures are there for screen readers, keyboard users and print. No scripts, no
//! external libraries; colours come from the stylesheet (`.app-chart__series--N`).

use sen_funding::engine::money::format_gbp_pennies;
use yew::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    /// One value per group, in pennies.
    pub values: Vec<i64>,
}

#[derive(Properties, PartialEq)]
pub struct BarChartProps {
    /// The chart's title and the table's caption.
    pub caption: AttrValue,
    /// The groups along the axis (e.g. academic years).
    pub groups: Vec<String>,
    pub series: Vec<Series>,
    /// Stack the series in one bar per group (else side by side).
    #[prop_or(false)]
    pub stacked: bool,
    /// An id for the figure (tests and links).
    pub id: AttrValue,
    /// The values are counts (of schools …), not pennies.
    #[prop_or(false)]
    pub counts: bool,
}

const W: f64 = 640.0;
const H: f64 = 260.0;
const LEFT: f64 = 86.0;
const BOTTOM: f64 = 30.0;
const TOP: f64 = 10.0;

#[component]
pub fn BarChart(props: &BarChartProps) -> Html {
    let n = props.groups.len().max(1);
    let totals: Vec<i64> = (0..n)
        .map(|g| {
            if props.stacked {
                props.series.iter().map(|s| s.values.get(g).copied().unwrap_or(0).max(0)).sum()
            } else {
                props.series.iter().map(|s| s.values.get(g).copied().unwrap_or(0)).max().unwrap_or(0)
            }
        })
        .collect();
    let max = totals.iter().copied().max().unwrap_or(0).max(1) as f64;
    let plot_h = H - BOTTOM - TOP;
    let band = (W - LEFT) / n as f64;
    let y = |v: f64| TOP + plot_h - v / max * plot_h;
    let ticks: Vec<f64> = (0..=4).map(|i| max * i as f64 / 4.0).collect();
    let bars = (0..n).flat_map(|g| {
        let x0 = LEFT + band * g as f64 + band * 0.15;
        let width = band * 0.7;
        let mut acc = 0.0;
        let k = props.series.len().max(1) as f64;
        props.series.iter().enumerate().map(move |(si, s)| {
            let v = s.values.get(g).copied().unwrap_or(0).max(0) as f64;
            let (x, w, top, h) = if props.stacked {
                let top = y(acc + v);
                let h = y(acc) - top;
                acc += v;
                (x0, width, top, h)
            } else {
                let w = width / k;
                (x0 + w * si as f64, w, y(v), y(0.0) - y(v))
            };
            html! {
                <rect class={format!("app-chart__series--{}", si % 8)} x={format!("{x:.1}")} y={format!("{top:.1}")} width={format!("{w:.1}")} height={format!("{:.1}", h.max(0.0))}>
                    <title>{ format!("{}, {}: {}", props.groups.get(g).cloned().unwrap_or_default(), s.name, value_text(props.counts, s.values.get(g).copied().unwrap_or(0))) }</title>
                </rect>
            }
        }).collect::<Vec<_>>()
    });
    let title_id = format!("{}-title", props.id);
    html! {
        <figure class="app-chart" id={props.id.clone()}>
            <figcaption class="govuk-heading-s" id={title_id.clone()}>{ &props.caption }</figcaption>
            <svg viewBox={format!("0 0 {W} {H}")} role="img" aria-labelledby={title_id} class="app-chart__svg" focusable="false">
                { for ticks.iter().map(|t| html! {
                    <g class="app-chart__tick">
                        <line x1={LEFT.to_string()} x2={W.to_string()} y1={format!("{:.1}", y(*t))} y2={format!("{:.1}", y(*t))} />
                        <text x={(LEFT - 6.0).to_string()} y={format!("{:.1}", y(*t) + 4.0)} text-anchor="end">{ if props.counts { format!("{t:.0}") } else { short_gbp(*t as i64) } }</text>
                    </g>
                }) }
                { for bars }
                { for props.groups.iter().enumerate().map(|(g, label)| html! {
                    <text class="app-chart__label" x={format!("{:.1}", LEFT + band * (g as f64 + 0.5))} y={(H - 10.0).to_string()} text-anchor="middle">{ label }</text>
                }) }
            </svg>
            <ul class="app-chart__legend">
                { for props.series.iter().enumerate().map(|(si, s)| html! {
                    <li><span class={format!("app-chart__key app-chart__series--{}", si % 8)} aria-hidden="true"></span>{ &s.name }</li>
                }) }
            </ul>
            <table class="govuk-table app-chart__table">
                <caption class="govuk-table__caption govuk-table__caption--s">{ format!("{} (figures)", props.caption) }</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">{ "" }</th>
                        { for props.groups.iter().map(|g| html! { <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ g }</th> }) }
                    </tr>
                </thead>
                <tbody class="govuk-table__body">
                    { for props.series.iter().map(|s| html! {
                        <tr class="govuk-table__row">
                            <th scope="row" class="govuk-table__header">{ &s.name }</th>
                            { for (0..props.groups.len()).map(|g| html! { <td class="govuk-table__cell govuk-table__cell--numeric">{ value_text(props.counts, s.values.get(g).copied().unwrap_or(0)) }</td> }) }
                        </tr>
                    }) }
                    if props.stacked {
                        <tr class="govuk-table__row app-chart__total">
                            <th scope="row" class="govuk-table__header">{ "Total" }</th>
                            { for totals.iter().map(|t| html! { <td class="govuk-table__cell govuk-table__cell--numeric">{ value_text(props.counts, *t) }</td> }) }
                        </tr>
                    }
                </tbody>
            </table>
        </figure>
    }
}

fn value_text(counts: bool, v: i64) -> String {
    if counts {
        v.to_string()
    } else {
        format_gbp_pennies(v)
    }
}

/// Axis labels: `£1.2m`, `£450k`, `£900`.
fn short_gbp(p: i64) -> String {
    let pounds = p as f64 / 100.0;
    if pounds >= 1_000_000.0 {
        format!("£{:.1}m", pounds / 1_000_000.0)
    } else if pounds >= 1_000.0 {
        format!("£{:.0}k", pounds / 1_000.0)
    } else {
        format!("£{pounds:.0}")
    }
}
