//! The engine's Community figures (R5): the reconciliation to the penny, one Community across
//! the years, and every Community in a year — sortable, filterable, each figure explained.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::rest::FiguresShown;

use super::model::Computed;
use crate::components::{figures_head, BarChart, ExplainFigure, ScrollTable, Series};
use crate::ratecard::link;
use sen_funding::engine::community::{share6, CommunityYear, CountyYear};
use sen_funding::engine::explanations;
use sen_funding::engine::money::format_gbp_pennies;
use sen_funding::engine::{Ay, RateCard};

/// What the table is sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    /// As entered.
    Order,
    Name,
    Formula,
    Historic,
    Blended,
    Net,
    Gross,
    Committed,
    Discretionary,
}

impl SortKey {
    const ALL: [(SortKey, &'static str); 9] = [
        (SortKey::Order, "order"),
        (SortKey::Name, "name"),
        (SortKey::Formula, "formula"),
        (SortKey::Historic, "historic"),
        (SortKey::Blended, "blended"),
        (SortKey::Net, "net"),
        (SortKey::Gross, "gross"),
        (SortKey::Committed, "committed"),
        (SortKey::Discretionary, "discretionary"),
    ];
    fn name(self) -> &'static str {
        SortKey::ALL.iter().find(|(k, _)| *k == self).map(|(_, n)| *n).unwrap_or("order")
    }
    fn parse(s: &str) -> Option<SortKey> {
        SortKey::ALL.iter().find(|(_, n)| *n == s).map(|(k, _)| *k)
    }
}

/// How the figures are looked at: carried by the page's link.
#[derive(Clone, Debug, PartialEq)]
pub struct View {
    /// The year of the table (the first with a pot when none).
    pub year: Option<Ay>,
    pub sort: SortKey,
    pub desc: bool,
    pub filter: String,
    pub over_only: bool,
    /// The Community looked at on its own, by id.
    pub chosen: Option<String>,
    /// The page of the chart of every Community (ten a page).
    pub chart_page: usize,
}

impl Default for View {
    fn default() -> Self {
        View { year: None, sort: SortKey::Order, desc: false, filter: String::new(), over_only: false, chosen: None, chart_page: 0 }
    }
}

/// The view of a link the page was opened with, else the last one, else the default.
pub fn initial_view(last: Option<View>) -> View {
    let q = link::hash_query();
    let keys = ["year", "sort", "q", "over", "community", "chart"];
    if !q.iter().any(|(k, _)| keys.contains(&k.as_str())) {
        return last.unwrap_or_default();
    }
    let get = |k: &str| link::query_value(&q, k);
    let (sort, desc) = match get("sort") {
        Some(s) => {
            let (name, desc) = match s.strip_suffix("-desc") {
                Some(n) => (n, true),
                None => (s.strip_suffix("-asc").unwrap_or(s), false),
            };
            (SortKey::parse(name).unwrap_or(SortKey::Order), desc)
        }
        None => (SortKey::Order, false),
    };
    View {
        year: get("year").and_then(|y| Ay::parse(y).ok()),
        sort,
        desc,
        filter: get("q").unwrap_or_default().to_string(),
        over_only: matches!(get("over"), Some("yes" | "true" | "1")),
        chosen: get("community").map(str::to_string).filter(|s| !s.is_empty()),
        chart_page: get("chart").and_then(|p| p.parse::<usize>().ok()).map(|p| p.saturating_sub(1)).unwrap_or(0),
    }
}

impl View {
    pub fn to_params(&self) -> Vec<(String, String)> {
        let mut p = Vec::new();
        if let Some(y) = self.year {
            p.push(("year".to_string(), y.to_string()));
        }
        if self.sort != SortKey::Order {
            p.push(("sort".to_string(), format!("{}-{}", self.sort.name(), if self.desc { "desc" } else { "asc" })));
        }
        p.push(("q".to_string(), self.filter.clone()));
        if self.over_only {
            p.push(("over".to_string(), "yes".to_string()));
        }
        if let Some(c) = &self.chosen {
            p.push(("community".to_string(), c.clone()));
        }
        if self.chart_page > 0 {
            p.push(("chart".to_string(), (self.chart_page + 1).to_string()));
        }
        p
    }
}

const CHART_PAGE: usize = 10;

#[derive(Properties)]
pub struct ResultsProps {
    pub computed: Rc<Computed>,
    pub card: Rc<RateCard>,
    pub view: View,
    pub on_view: Callback<View>,
}

impl PartialEq for ResultsProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.computed, &o.computed) && self.card == o.card && self.view == o.view && self.on_view == o.on_view
    }
}

/// A Community's budget in a year: net, gross, committed and discretionary, flagged when it
/// is over-committed.
fn budget_cells(r: &CommunityYear) -> Html {
    html! {
        <>
            <td class="govuk-table__cell govuk-table__cell--numeric" data-figure="net">{ format_gbp_pennies(r.net) }</td>
            <td class="govuk-table__cell govuk-table__cell--numeric" data-figure="gross">{ format_gbp_pennies(r.gross) }</td>
            <td class="govuk-table__cell govuk-table__cell--numeric" data-figure="committed">{ format_gbp_pennies(r.committed) }</td>
            <td class="govuk-table__cell govuk-table__cell--numeric" data-figure="discretionary">
                { format_gbp_pennies(r.discretionary) }
                if r.over_committed { <strong class="govuk-tag govuk-tag--red app-over">{ "Over-committed" }</strong> }
            </td>
        </>
    }
}

/// The callback of a form control's event: the view, changed by `f` from the control.
fn change_view<E: AsRef<web_sys::Event> + 'static, T: AsRef<web_sys::EventTarget> + JsCast>(
    on_view: &Callback<View>,
    view: &View,
    f: impl Fn(&mut View, T) + 'static,
) -> Callback<E> {
    let (on_view, view) = (on_view.clone(), view.clone());
    Callback::from(move |e: E| {
        let mut v = view.clone();
        f(&mut v, e.target_unchecked_into::<T>());
        on_view.emit(v);
    })
}

#[component]
pub fn Results(props: &ResultsProps) -> Html {
    let c = &props.computed;
    let county = &c.outcome.county;
    let communities = &c.scenario.communities;
    if county.is_empty() {
        return html! {
            <div class="govuk-inset-text" id="community-figures" data-empty="true">
                <p class="govuk-body">{ "No year has a pot, so there are no Community budgets to show: enter the pot for a year above." }</p>
            </div>
        };
    }
    let view = &props.view;
    let year = view.year.filter(|y| county.iter().any(|cy| cy.ay == *y)).unwrap_or(county[0].ay);
    let Some(cy) = county.iter().find(|cy| cy.ay == year) else { return html! {} };
    let set = |f: Box<dyn Fn(&mut View)>| {
        let on_view = props.on_view.clone();
        let view = view.clone();
        move || {
            let mut v = view.clone();
            f(&mut v);
            on_view.emit(v);
        }
    };

    let on_year = change_view(&props.on_view, view, |v, select: HtmlSelectElement| v.year = Ay::parse(&select.value()).ok());
    let on_filter = change_view(&props.on_view, view, |v, input: HtmlInputElement| {
        v.filter = input.value();
        v.chart_page = 0;
    });
    let on_over = change_view(&props.on_view, view, |v, input: HtmlInputElement| {
        v.over_only = input.checked();
        v.chart_page = 0;
    });
    let on_chosen = change_view(&props.on_view, view, |v, select: HtmlSelectElement| v.chosen = Some(select.value()));

    // The rows shown: filtered, then sorted.
    let needle = view.filter.trim().to_lowercase();
    let mut shown: Vec<usize> = (0..cy.communities.len())
        .filter(|&i| needle.is_empty() || communities[i].name.to_lowercase().contains(&needle) || communities[i].id.to_lowercase().contains(&needle))
        .filter(|&i| !view.over_only || cy.communities[i].over_committed)
        .collect();
    let rows = &cy.communities;
    match view.sort {
        SortKey::Order => {}
        SortKey::Name => shown.sort_by(|&a, &b| communities[a].name.to_lowercase().cmp(&communities[b].name.to_lowercase()).then(a.cmp(&b))),
        SortKey::Formula => shown.sort_by(|&a, &b| rows[a].formula_share.cmp(&rows[b].formula_share).then(a.cmp(&b))),
        SortKey::Historic => shown.sort_by(|&a, &b| rows[a].historic_share.cmp(&rows[b].historic_share).then(a.cmp(&b))),
        SortKey::Blended => shown.sort_by(|&a, &b| rows[a].blended_share.cmp(&rows[b].blended_share).then(a.cmp(&b))),
        SortKey::Net => shown.sort_by_key(|&i| (rows[i].net, i)),
        SortKey::Gross => shown.sort_by_key(|&i| (rows[i].gross, i)),
        SortKey::Committed => shown.sort_by_key(|&i| (rows[i].committed, i)),
        SortKey::Discretionary => shown.sort_by_key(|&i| (rows[i].discretionary, i)),
    }
    if view.desc && view.sort != SortKey::Order {
        shown.reverse();
    }
    let over_count = rows.iter().filter(|r| r.over_committed).count();

    let header = |key: SortKey, label: &str, numeric: bool| {
        let active = view.sort == key;
        let sort = if active {
            if view.desc {
                "descending"
            } else {
                "ascending"
            }
        } else {
            "none"
        };
        let next_desc = if active { !view.desc } else { numeric };
        let click = set(Box::new(move |v: &mut View| {
            v.sort = key;
            v.desc = next_desc;
        }));
        html! {
            <th scope="col" class={classes!("govuk-table__header", numeric.then_some("govuk-table__header--numeric"))} aria-sort={sort}>
                <button type="button" class="app-sort-button" data-sort={key.name()} onclick={Callback::from(move |_| click())}>
                    { label.to_string() }{ "\u{a0}" }
                    <span class="app-sort-button__icon" aria-hidden="true">{ if !active { "↕" } else if view.desc { "↓" } else { "↑" } }</span>
                </button>
            </th>
        }
    };

    let total = |f: fn(&CommunityYear) -> i64| -> i64 { shown.iter().map(|&i| f(&rows[i])).sum() };
    let transition: Vec<&CountyYear> = county.iter().filter(|y| y.ay.0 < props.card.community_ay().0 + 3).collect();

    // One Community across the years.
    let chosen_ix = view.chosen.as_ref().and_then(|id| communities.iter().position(|x| &x.id == id)).unwrap_or(0);
    let chosen = &communities[chosen_ix];

    // The chart of every Community shown, ten at a time.
    let pages = shown.len().div_ceil(CHART_PAGE).max(1);
    let page = view.chart_page.min(pages - 1);
    let page_rows: Vec<usize> = shown.iter().copied().skip(page * CHART_PAGE).take(CHART_PAGE).collect();
    let chart_series: Vec<Series> =
        transition.iter().map(|y| Series { name: format!("Net budget {}", y.ay), values: page_rows.iter().map(|&i| y.communities[i].net).collect() }).collect();
    let chart_groups: Vec<String> = page_rows.iter().map(|&i| communities[i].id.clone()).collect();
    let prev_page = set(Box::new(move |v: &mut View| v.chart_page = page.saturating_sub(1)));
    let next_page = set(Box::new(move |v: &mut View| v.chart_page = page + 1));

    let explain = |ci: usize, ay: Ay| {
        let c = props.computed.clone();
        Callback::from(move |_| explanations::community_year(&c.scenario, &c.outcome, ci, ay))
    };

    html! {
        <section class="app-community-results" id="community-figures" aria-labelledby="figures-title" data-calc-ms={format!("{:.2}", c.calc_ms)} data-check-ms={format!("{:.2}", c.check_ms)}>
            <h2 class="govuk-heading-m" id="figures-title">{ "Community budgets" }</h2>
            <p class="govuk-body-s app-calc-time">
                { format!("Worked out in your browser in {:.0} ms, for {} Communities", c.calc_ms, communities.len()) }
                { if c.outcome.schools.is_empty() { ".".to_string() } else {
                    format!(", {} schools and {} pupils.", c.outcome.schools.len(), c.outcome.schools.iter().map(|s| s.pupils.len()).sum::<usize>())
                } }
            </p>

            <h3 class="govuk-heading-s" id="reconciliation-title">{ "The totals reconcile to the pot, to the penny" }</h3>
            <ScrollTable labelledby="reconciliation-title">
            <table class="govuk-table app-reconciliation" id="reconciliation" aria-describedby="reconciliation-note">
                <caption class="govuk-visually-hidden">{ "Each year's pot against the Communities' net budgets and top-slices" }</caption>
                { figures_head("Year", &["Pot", "Top-slice", "Sum of net budgets", "Net + top-slice", "Difference"], None) }
                <tbody class="govuk-table__body">
                    { for county.iter().map(|y| {
                        let net: i64 = y.communities.iter().map(|r| r.net).sum();
                        let diff = y.pot - net - y.topslice_total;
                        html! {
                            <tr class="govuk-table__row" data-ay={y.ay.to_string()}>
                                <th scope="row" class="govuk-table__header">{ y.ay.to_string() }</th>
                                <td class="govuk-table__cell govuk-table__cell--numeric" data-figure="pot">{ format_gbp_pennies(y.pot) }</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric" data-figure="topslice">
                                    { format_gbp_pennies(y.topslice_total) }
                                    <span class="app-band-description">{ format!("{} × {}", y.communities.len(), format_gbp_pennies(y.communities.first().map(|r| r.topslice).unwrap_or(0))) }</span>
                                </td>
                                <td class="govuk-table__cell govuk-table__cell--numeric" data-figure="net">{ format_gbp_pennies(net) }</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric" data-figure="sum">{ format_gbp_pennies(net + y.topslice_total) }</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric" data-figure="difference">
                                    { format_gbp_pennies(diff) }{ " " }
                                    if diff == 0 {
                                        <strong class="govuk-tag govuk-tag--green">{ "Reconciles" }</strong>
                                    } else {
                                        <strong class="govuk-tag govuk-tag--red">{ "Does not reconcile" }</strong>
                                    }
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            </ScrollTable>
            <p class="govuk-body-s" id="reconciliation-note">
                { "Each net budget is the distributable sum (pot less top-slice) times the Community's blended share, rounded to the penny \
                   so that the pennies add up exactly: the leftover pennies go to the largest remainders (R5.6)." }
            </p>

            <section class="app-chosen" aria-labelledby="chosen-title">
                <h3 class="govuk-heading-s" id="chosen-title">{ "One Community across the years" }</h3>
                <div class="govuk-form-group">
                    <label class="govuk-label" for="chosen-community">{ "Community" }</label>
                    <select class="govuk-select" id="chosen-community" onchange={on_chosen}>
                        { for communities.iter().enumerate().map(|(i, x)| html! {
                            <option value={x.id.clone()} selected={i == chosen_ix}>{ format!("{} ({})", x.name, x.id) }</option>
                        }) }
                    </select>
                </div>
                <ScrollTable labelledby="chosen-caption">
                <table class="govuk-table app-chosen-table" id="chosen-table" data-community={chosen.id.clone()}>
                    <caption class="govuk-table__caption" id="chosen-caption">{ format!("{} ({}): budget by year", chosen.name, chosen.id) }</caption>
                    { figures_head("Year", &["Blended share", "Net budget", "Gross budget", "Committed", "Discretionary"], Some(html! { "How it is worked out" })) }
                    <tbody class="govuk-table__body">
                        { for county.iter().map(|y| {
                            let r = &y.communities[chosen_ix];
                            html! {
                                <tr class="govuk-table__row" data-ay={y.ay.to_string()}>
                                    <th scope="row" class="govuk-table__header">{ y.ay.to_string() }</th>
                                    <td class="govuk-table__cell govuk-table__cell--numeric">{ share6(&r.blended_share) }</td>
                                    { budget_cells(r) }
                                    <td class="govuk-table__cell">
                                        <ExplainFigure what={format!("{} {}", chosen.name, y.ay)} compute={explain(chosen_ix, y.ay)} />
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
                </ScrollTable>
                <BarChart caption={format!("{}: net budget and commitments through the change", chosen.name)}
                    groups={transition.iter().map(|y| y.ay.to_string()).collect::<Vec<_>>()}
                    series={vec![
                        Series { name: "Net budget".into(), values: transition.iter().map(|y| y.communities[chosen_ix].net).collect() },
                        Series { name: "Committed to existing claims".into(), values: transition.iter().map(|y| y.communities[chosen_ix].committed).collect() },
                    ]}
                    id="chosen-chart" />
            </section>

            <section class="app-every" aria-labelledby="every-title">
                <h3 class="govuk-heading-s" id="every-title">{ "Every Community in a year" }</h3>
                <details class="govuk-details" id="columns-help">
                    <summary class="govuk-details__summary">{ "What the columns mean" }</summary>
                    <div class="govuk-details__text">
                        <dl class="app-terms">
                            <dt>{ "Formula share" }</dt><dd>{ "The Community's share by the formula: half pupil numbers, half deprivation (IDACI, looked-after children, low prior attainment), as the rate card weighs them (R5.2, R5.3)." }</dd>
                            <dt>{ "Historic share" }</dt><dd>{ "Its share of what the Communities' schools received in the baseline year (R5.4)." }</dd>
                            <dt>{ "Blended share" }</dt><dd>{ "The two mixed by the year's historic weight: 75% historic in the first year, the formula in full from the third (R5.5)." }</dd>
                            <dt>{ "Top-slice" }</dt><dd>{ "Taken off the pot for the Community's chair and administrator, and added back to its gross budget (R5.1)." }</dd>
                            <dt>{ "Net and gross budget" }</dt><dd>{ "Net: the distributable pot times the blended share, to the penny (R5.6). Gross: net plus the top-slice." }</dd>
                            <dt>{ "Committed" }</dt><dd>{ "What protecting existing claims of the Community's pupils takes from the net budget in the first year (R5.7, R6)." }</dd>
                            <dt>{ "Discretionary" }</dt><dd>{ "Net less committed: what the Community decides on. Below zero, the Community is over-committed (R5.7)." }</dd>
                        </dl>
                    </div>
                </details>
                <div class="app-table-controls">
                    <div class="govuk-form-group">
                        <label class="govuk-label" for="year">{ "Academic year" }</label>
                        <select class="govuk-select" id="year" onchange={on_year}>
                            { for county.iter().map(|y| html! { <option value={y.ay.to_string()} selected={y.ay == year}>{ y.ay.to_string() }</option> }) }
                        </select>
                    </div>
                    <div class="govuk-form-group">
                        <label class="govuk-label" for="filter">{ "Find a Community" }</label>
                        <span class="govuk-hint" id="filter-hint">{ "By name or id" }</span>
                        <input class="govuk-input govuk-input--width-20" id="filter" type="search" value={view.filter.clone()} oninput={on_filter}
                            aria-describedby="filter-hint" autocomplete="off" />
                    </div>
                    <div class="govuk-form-group govuk-checkboxes__item app-over-only">
                        <input class="govuk-checkboxes__input" type="checkbox" id="over-only" checked={view.over_only} onchange={on_over} />
                        <label class="govuk-label" for="over-only">{ format!("Only over-committed ({over_count})") }</label>
                    </div>
                </div>
                <p class="govuk-body" role="status" id="every-status">
                    { format!("Showing {} of {} Communities for {year}.", shown.len(), rows.len()) }
                    if over_count > 0 {
                        { format!(" {} over-committed: existing claims take more than the net budget.", plural(over_count, "is", "are")) }
                    }
                </p>
                <FiguresShown />
                <ScrollTable labelledby="every-caption">
                    <table class="govuk-table app-every-table" id="community-table" data-ay={year.to_string()}>
                        <caption class="govuk-table__caption" id="every-caption">{ format!("Community budgets, {year}") }</caption>
                        <thead class="govuk-table__head">
                            <tr class="govuk-table__row">
                                { header(SortKey::Name, "Community", false) }
                                { header(SortKey::Formula, "Formula share", true) }
                                { header(SortKey::Historic, "Historic share", true) }
                                { header(SortKey::Blended, "Blended share", true) }
                                <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Top-slice" }</th>
                                { header(SortKey::Net, "Net budget", true) }
                                { header(SortKey::Gross, "Gross budget", true) }
                                { header(SortKey::Committed, "Committed", true) }
                                { header(SortKey::Discretionary, "Discretionary", true) }
                                <th scope="col" class="govuk-table__header">{ "How" }</th>
                            </tr>
                        </thead>
                        <tbody class="govuk-table__body">
                            { for shown.iter().map(|&i| {
                                let r = &rows[i];
                                let x = &communities[i];
                                html! {
                                    <tr class={classes!("govuk-table__row", r.over_committed.then_some("app-row--over"))} data-community={x.id.clone()}>
                                        <th scope="row" class="govuk-table__header">{ &x.name }<span class="app-band-description">{ &x.id }</span></th>
                                        <td class="govuk-table__cell govuk-table__cell--numeric" data-figure="formula">{ share6(&r.formula_share) }</td>
                                        <td class="govuk-table__cell govuk-table__cell--numeric" data-figure="historic">{ share6(&r.historic_share) }</td>
                                        <td class="govuk-table__cell govuk-table__cell--numeric" data-figure="blended">{ share6(&r.blended_share) }</td>
                                        <td class="govuk-table__cell govuk-table__cell--numeric" data-figure="topslice">{ format_gbp_pennies(r.topslice) }</td>
                                        { budget_cells(r) }
                                        <td class="govuk-table__cell app-explain-cell">
                                            <ExplainFigure what={format!("{} {year}", x.name)} compute={explain(i, year)} />
                                        </td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                        <tfoot>
                            <tr class="govuk-table__row app-total-row">
                                <th scope="row" class="govuk-table__header">{ format!("Total of the {} shown", shown.len()) }</th>
                                <td class="govuk-table__cell" colspan="3"></td>
                                <td class="govuk-table__cell govuk-table__cell--numeric" data-figure="topslice">{ format_gbp_pennies(total(|r| r.topslice)) }</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric" data-figure="net">{ format_gbp_pennies(total(|r| r.net)) }</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric" data-figure="gross">{ format_gbp_pennies(total(|r| r.gross)) }</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric" data-figure="committed">{ format_gbp_pennies(total(|r| r.committed)) }</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric" data-figure="discretionary">{ format_gbp_pennies(total(|r| r.discretionary)) }</td>
                                <td class="govuk-table__cell"></td>
                            </tr>
                        </tfoot>
                    </table>
                </ScrollTable>
            </section>

            <section class="app-transition-chart" aria-labelledby="transition-title">
                <h3 class="govuk-heading-s" id="transition-title">{ "Each Community's budget through the change" }</h3>
                if shown.is_empty() {
                    <p class="govuk-body">{ "No Community matches the filter." }</p>
                } else {
                    <p class="govuk-body" id="transition-status">
                        { format!("Communities {} to {} of the {} shown above, in the same order.", page * CHART_PAGE + 1, page * CHART_PAGE + page_rows.len(), shown.len()) }
                    </p>
                    <BarChart caption={format!("Net budget by Community, {}", transition.iter().map(|y| y.ay.to_string()).collect::<Vec<_>>().join(", "))}
                        groups={chart_groups} series={chart_series} id="transition-chart" />
                    <div class="govuk-button-group">
                        <button type="button" class="govuk-button govuk-button--secondary" id="chart-previous" disabled={page == 0} onclick={Callback::from(move |_| prev_page())}>{ "Previous 10" }</button>
                        <button type="button" class="govuk-button govuk-button--secondary" id="chart-next" disabled={page + 1 >= pages} onclick={Callback::from(move |_| next_page())}>{ "Next 10" }</button>
                    </div>
                }
            </section>
        </section>
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}
