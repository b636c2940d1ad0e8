//! A bar chart in SVG (series side by side), always with the same numbers in a table below it,
//! so the figures are there for screen readers, keyboard users and print. No scripts, no
//! external libraries; colours come from the stylesheet (`.app-chart__series--N`).
//!
//! Every bar and every legend key is filled with a pattern of its own, so colour is never the
//! only cue: in the normal colours the pattern is a plain tile of the series' colour; in forced
//! colours (Windows high contrast) the stylesheet paints it with the user's system colours
//! (`Canvas`, `CanvasText`) and shows its marks — lines, dots, hatching — matching its bars.

use sen_funding::engine::money::format_gbp_pennies;
use yew::prelude::*;

use super::ScrollTable;

/// The marks of each series' pattern on an 8×8 tile, seen in forced colours: a path, and
/// whether it is filled (dots, squares) or stroked (lines).
const MARKS: [(&str, bool); 8] = [
    ("M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4", false),
    ("M0.7,2 a1.3,1.3 0 1,0 2.6,0 a1.3,1.3 0 1,0 -2.6,0 M4.7,6 a1.3,1.3 0 1,0 2.6,0 a1.3,1.3 0 1,0 -2.6,0", true),
    ("M0,2 h8 M0,6 h8", false),
    ("M0,0 l8,8 M8,0 l-8,8", false),
    ("M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4", false),
    ("M2,0 v8 M6,0 v8", false),
    ("M0,4 h8 M4,0 v8", false),
    ("M0,0 h4 v4 h-4 z M4,4 h4 v4 h-4 z", true),
];

/// The number of distinct series styles.
pub const SERIES_STYLES: usize = MARKS.len();

/// The id of a chart's pattern `name` (`0`…`7`, or a name of the chart's own).
pub fn pattern_id(chart: &str, name: &str) -> String {
    format!("{chart}-pattern-{name}")
}

/// One pattern: a tile of `class`'s colour and, in forced colours, the marks of `marks`
/// (`None`: a solid tile, `CanvasText` in forced colours).
pub fn pattern(chart: &str, name: &str, class: &str, marks: Option<(&str, bool)>) -> Html {
    html! {
        <pattern id={pattern_id(chart, name)} width="8" height="8" patternUnits="userSpaceOnUse">
            <rect class={classes!("app-chart__pattern-tile", class.to_string(), marks.is_none().then_some("app-chart__pattern-tile--solid"))} width="8" height="8" />
            if let Some((d, filled)) = marks {
                <path class={if filled { "app-chart__pattern-dots" } else { "app-chart__pattern-lines" }} d={d.to_string()} />
            }
        </pattern>
    }
}

/// The patterns of the series `0..n` of a chart.
pub fn series_patterns(chart: &str, n: usize) -> Html {
    html! {
        { for (0..n.min(SERIES_STYLES)).map(|i| pattern(chart, &i.to_string(), &format!("app-chart__series--{i}"), Some(MARKS[i]))) }
    }
}

/// A legend key: a small square filled like the bars it stands for.
pub fn legend_key(chart: &str, name: &str, class: &str) -> Html {
    html! {
        <svg class="app-chart__key" viewBox="0 0 16 16" aria-hidden="true" focusable="false" data-pattern={name.to_string()}>
            <rect class={classes!("app-chart__bar", class.to_string())} width="16" height="16" fill={format!("url(#{})", pattern_id(chart, name))} />
        </svg>
    }
}

/// A tick of the value axis at `y`: a line across the plot, from `left` to `right`, and its label.
pub fn tick(left: f64, right: f64, y: f64, label: String) -> Html {
    html! {
        <g class="app-chart__tick">
            <line x1={left.to_string()} x2={right.to_string()} y1={format!("{y:.1}")} y2={format!("{y:.1}")} />
            <text x={(left - 6.0).to_string()} y={format!("{:.1}", y + 4.0)} text-anchor="end">{ label }</text>
        </g>
    }
}

/// The chart's figures in a table below it: a column per group, and the rows of `body`.
pub fn figures_table(chart: &str, caption: &str, groups: &[String], body: Html) -> Html {
    let caption_id = format!("{chart}-table-caption");
    html! {
        <ScrollTable labelledby={caption_id.clone()}>
        <table class="govuk-table app-chart__table">
            <caption class="govuk-table__caption govuk-table__caption--s" id={caption_id}>{ format!("{caption} (figures)") }</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{ "" }</th>
                    { for groups.iter().map(|g| html! { <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ g }</th> }) }
                </tr>
            </thead>
            <tbody class="govuk-table__body">{ body }</tbody>
        </table>
        </ScrollTable>
    }
}

/// A row's figures, one numeric cell each.
pub fn figure_cells(texts: impl Iterator<Item = String>) -> Html {
    html! { { for texts.map(|t| html! { <td class="govuk-table__cell govuk-table__cell--numeric">{ t }</td> }) } }
}

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
    let highest: Vec<i64> = (0..n).map(|g| props.series.iter().map(|s| s.values.get(g).copied().unwrap_or(0)).max().unwrap_or(0)).collect();
    let max = highest.iter().copied().max().unwrap_or(0).max(1) as f64;
    let plot_h = H - BOTTOM - TOP;
    let band = (W - LEFT) / n as f64;
    let y = |v: f64| TOP + plot_h - v / max * plot_h;
    let ticks: Vec<f64> = (0..=4).map(|i| max * i as f64 / 4.0).collect();
    let bars = (0..n).flat_map(|g| {
        let x0 = LEFT + band * g as f64 + band * 0.15;
        let width = band * 0.7;
        let k = props.series.len().max(1) as f64;
        props.series.iter().enumerate().map(move |(si, s)| {
            let v = s.values.get(g).copied().unwrap_or(0).max(0) as f64;
            let w = width / k;
            let (x, top, h) = (x0 + w * si as f64, y(v), y(0.0) - y(v));
            html! {
                <rect class="app-chart__bar" fill={format!("url(#{})", pattern_id(&props.id, &(si % SERIES_STYLES).to_string()))} x={format!("{x:.1}")} y={format!("{top:.1}")} width={format!("{w:.1}")} height={format!("{:.1}", h.max(0.0))}>
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
                <defs>{ series_patterns(&props.id, props.series.len()) }</defs>
                { for ticks.iter().map(|t| tick(LEFT, W, y(*t), if props.counts { format!("{t:.0}") } else { short_gbp((*t as i64) as f64) })) }
                { for bars }
                { for props.groups.iter().enumerate().map(|(g, label)| html! {
                    <text class="app-chart__label" x={format!("{:.1}", LEFT + band * (g as f64 + 0.5))} y={(H - 10.0).to_string()} text-anchor="middle">{ label }</text>
                }) }
            </svg>
            <ul class="app-chart__legend">
                { for props.series.iter().enumerate().map(|(si, s)| html! {
                    <li>{ legend_key(&props.id, &(si % SERIES_STYLES).to_string(), "") }{ &s.name }</li>
                }) }
            </ul>
            { figures_table(&props.id, &props.caption, &props.groups, html! {
                <>
                    { for props.series.iter().map(|s| html! {
                        <tr class="govuk-table__row">
                            <th scope="row" class="govuk-table__header">{ &s.name }</th>
                            { figure_cells((0..props.groups.len()).map(|g| value_text(props.counts, s.values.get(g).copied().unwrap_or(0)))) }
                        </tr>
                    }) }
                </>
            }) }
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

/// Axis labels, from pennies: `£1.2m`, `£450k`, `£900` (and `-£…` below zero).
pub fn short_gbp(p: f64) -> String {
    let pounds = p / 100.0;
    if pounds.abs() >= 1_000_000.0 {
        format!("£{:.1}m", pounds / 1_000_000.0)
    } else if pounds.abs() >= 1_000.0 {
        format!("£{:.0}k", pounds / 1_000.0)
    } else {
        format!("£{pounds:.0}")
    }
}
