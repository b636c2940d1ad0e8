//! Community budgets against a pinned baseline (R10.6) and the county's winners and losers
//! against the current system: each Community's net, committed and discretionary under the card in force
//! (what-if), the baseline and the change; how many schools gain or lose against the current
//! system and against the baseline, the distribution of their change in %, a sortable table of
//! schools; and the county-wide cost of protection options A–D side by side.
//!
//! The baseline run is the whole county under the baseline card, made once per (data,
//! baseline card) by the journey; the figures are the engine's `compare` and `whatif`.

use std::rc::Rc;

use sen_funding::engine::compare::Comparison;
use sen_funding::engine::money::format_gbp_pennies;
use sen_funding::engine::whatif::{self, Movement, OptionCost, Period, WinnersLosers as Wl};
use sen_funding::engine::{Ay, RateCard, Scenario};
use yew::prelude::*;

use super::model::{Computed, SchoolSet};
use crate::compare_view::{now_ms, pair_cells, pair_headers, signed, RangeTable, RangeTool};
use crate::components::{BarChart, Series};

/// The county under the baseline card, and R10.6 of the what-if against it (Communities;
/// schools are compared by [`winners_losers`]).
pub struct CountyCompared {
    pub label: String,
    pub card: Rc<RateCard>,
    pub base: Rc<Computed>,
    pub comparison: Comparison,
}

impl PartialEq for CountyCompared {
    fn eq(&self, o: &Self) -> bool {
        std::ptr::eq(self, o)
    }
}

/// The scenario with its schools lent back for `f` (the journey holds them once, outside the
/// scenario, R5.7), then taken again.
pub fn with_schools<R>(s: &Scenario, set: &SchoolSet, f: impl FnOnce(&Scenario) -> R) -> R {
    let mut full = Scenario { schools: Vec::new(), ..s.clone() };
    let mut schools = set.schools.borrow_mut();
    full.schools = std::mem::take(&mut *schools);
    let r = f(&full);
    *schools = std::mem::take(&mut full.schools);
    r
}

#[derive(Properties, PartialEq)]
pub struct CommunitiesAgainstProps {
    pub compared: Rc<CountyCompared>,
    pub year: Ay,
}

/// Every Community in one year: net, committed, discretionary, each as what-if, baseline and
/// change.
#[component]
pub fn CommunitiesAgainst(props: &CommunitiesAgainstProps) -> Html {
    let cmp = &props.compared.comparison;
    let Some(yi) = cmp.community_years.iter().position(|y| *y == props.year) else { return html! {} };
    let total = |f: fn(&sen_funding::engine::compare::CommunityYearPair) -> sen_funding::engine::compare::Pair| {
        let sum = |g: fn(&sen_funding::engine::compare::Pair) -> Option<i64>| -> Option<i64> {
            cmp.communities.iter().map(|c| c.years.get(yi).map(f).and_then(|p| g(&p))).sum()
        };
        sen_funding::engine::compare::Pair::new(sum(|p| p.base), sum(|p| p.what_if))
    };
    html! {
        <section class="app-community-baseline" id="community-baseline" aria-labelledby="community-baseline-title" data-ay={props.year.to_string()} data-baseline={props.compared.card.id.clone()}>
            <h3 class="govuk-heading-s" id="community-baseline-title">{ format!("Every Community in {} against the baseline: {}", props.year, props.compared.label) }</h3>
            <div class="app-scroll" role="region" aria-labelledby="community-baseline-title" tabindex="0">
            <table class="govuk-table" id="community-baseline-table">
                <thead class="govuk-table__head"><tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{ "Community" }</th>
                    { pair_headers("Net budget") }
                    { pair_headers("Committed") }
                    { pair_headers("Discretionary") }
                </tr></thead>
                <tbody class="govuk-table__body">
                    { for cmp.communities.iter().map(|c| {
                        let y = c.years.get(yi).copied().unwrap_or_default();
                        html! { <AgainstRow id={AttrValue::from(c.id.clone())} name={AttrValue::from(c.name.clone())} y={y} /> }
                    }) }
                    <tr class="govuk-table__row app-total-row" data-community="">
                        <th scope="row" class="govuk-table__header">{ "All Communities" }</th>
                        { pair_cells("net", total(|y| y.net)) }
                        { pair_cells("committed", total(|y| y.committed)) }
                        { pair_cells("discretionary", total(|y| y.discretionary)) }
                    </tr>
                </tbody>
            </table>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct AgainstRowProps {
    id: AttrValue,
    name: AttrValue,
    y: sen_funding::engine::compare::CommunityYearPair,
}

/// One Community's row: drawn again only when its figures change (an edit of the card in force
/// leaves many Communities' figures as they were).
#[component]
fn AgainstRow(props: &AgainstRowProps) -> Html {
    let y = props.y;
    html! {
        <tr class="govuk-table__row" data-community={props.id.clone()}>
            <th scope="row" class="govuk-table__header">{ props.name.clone() }</th>
            { pair_cells("net", y.net) }
            { pair_cells("committed", y.committed) }
            { pair_cells("discretionary", y.discretionary) }
        </tr>
    }
}

/// The county's winners and losers in one AY: against the current system, and against the
/// baseline when one is pinned.
pub struct CountyMovement {
    pub against_current: Option<Wl>,
    pub against_baseline: Option<Wl>,
}

pub fn winners_losers(c: &Computed, base: Option<&Computed>, set: &SchoolSet, ay: Ay) -> CountyMovement {
    with_schools(&c.scenario, set, |full| CountyMovement {
        against_current: whatif::against_current(full, &c.outcome, Period::Ay(ay)),
        against_baseline: base.and_then(|b| {
            whatif::against_baseline(
                sen_funding::engine::compare::Computed::new(full, &c.outcome),
                sen_funding::engine::compare::Computed::new(full, &b.outcome),
                Period::Ay(ay),
            )
        }),
    })
}

/// R6 options A–D county-wide (each school recomputed under each option: on request only).
pub fn options_county(c: &Computed, set: &SchoolSet) -> Option<Vec<OptionCost>> {
    with_schools(&c.scenario, set, |full| whatif::protection_options_county(full, &c.outcome))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SchoolSort {
    Order,
    Name,
    Change,
    Percent,
}

#[derive(Properties)]
pub struct WinnersLosersProps {
    pub movement: Rc<CountyMovement>,
    pub year: Ay,
    pub baseline_label: Option<String>,
}

impl PartialEq for WinnersLosersProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.movement, &o.movement) && self.year == o.year && self.baseline_label == o.baseline_label
    }
}

fn counts(id: &str, what: &str, w: &Wl) -> Html {
    html! {
        <tr class="govuk-table__row" data-against={id.to_string()}>
            <th scope="row" class="govuk-table__header">{ what }</th>
            <td class="govuk-table__cell govuk-table__cell--numeric" data-count="gain">{ w.gain }</td>
            <td class="govuk-table__cell govuk-table__cell--numeric" data-count="lose">{ w.lose }</td>
            <td class="govuk-table__cell govuk-table__cell--numeric" data-count="unchanged">{ w.unchanged }</td>
            <td class="govuk-table__cell govuk-table__cell--numeric" data-count="not-compared">{ w.not_compared.len() }</td>
        </tr>
    }
}

/// How many schools gain or lose, the distribution of their change in % (chart and table), and
/// every school, sortable.
#[component]
pub fn WinnersLosers(props: &WinnersLosersProps) -> Html {
    let sort = use_state(|| (SchoolSort::Change, false));
    let against_base = use_state(|| true);
    let page = use_state(|| 0usize);
    // The table of every school is drawn on request: a county-scale edit then repaints only
    // the counts and the distribution.
    let show_schools = use_state(|| false);
    let m = &props.movement;
    let Some(cur) = &m.against_current else { return html! {} };
    let shown: &Wl = match (&m.against_baseline, *against_base) {
        (Some(b), true) => b,
        _ => cur,
    };
    // The bins from the first to the last with a school (the empty tails say nothing).
    let d = &shown.distribution;
    let first = d.iter().position(|(_, n)| *n > 0).unwrap_or(0);
    let last = d.iter().rposition(|(_, n)| *n > 0).unwrap_or(d.len().saturating_sub(1));
    let bins = &d[first..=last.max(first).min(d.len().saturating_sub(1))];
    let dist_groups: Vec<String> = bins.iter().map(|(b, _)| b.label()).collect();
    let dist = vec![Series { name: "Schools".into(), values: bins.iter().map(|(_, n)| *n as i64).collect() }];
    let mut order: Vec<usize> = (0..shown.schools.len()).collect();
    let (key, desc) = *sort;
    match key {
        SchoolSort::Order => {}
        SchoolSort::Name => order.sort_by(|&a, &b| shown.schools[a].name.cmp(&shown.schools[b].name)),
        SchoolSort::Change => order.sort_by_key(|&i| shown.schools[i].change()),
        SchoolSort::Percent => order.sort_by(|&a, &b| {
            let pa = shown.schools[a].percent();
            let pb = shown.schools[b].percent();
            pa.partial_cmp(&pb).unwrap_or(std::cmp::Ordering::Equal)
        }),
    }
    if desc {
        order.reverse();
    }
    const PAGE: usize = 50;
    let pages = order.len().div_ceil(PAGE).max(1);
    let pg = (*page).min(pages - 1);
    let sort_button = |k: SchoolSort, label: &str, name: &str| {
        let sort = sort.clone();
        let (cur_k, cur_desc) = *sort;
        let aria = if cur_k == k {
            if cur_desc {
                "descending"
            } else {
                "ascending"
            }
        } else {
            "none"
        };
        html! {
            <th scope="col" class="govuk-table__header" aria-sort={aria}>
                <button type="button" class="app-sort-button" data-school-sort={name.to_string()}
                    onclick={Callback::from(move |_| sort.set((k, if cur_k == k { !cur_desc } else { false })))}>{ label.to_string() }</button>
            </th>
        }
    };
    let reference = if shown.against == whatif::Against::Baseline { "Baseline" } else { "Current system" };
    let toggle = m.against_baseline.as_ref().map(|_| {
        let against_base = against_base.clone();
        let on = *against_base;
        html! {
            <div class="govuk-form-group">
                <label class="govuk-label" for="winners-against">{ "Show the distribution and the schools against" }</label>
                <select class="govuk-select" id="winners-against" onchange={Callback::from(move |e: Event| against_base.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value() == "baseline"))}>
                    <option value="baseline" selected={on}>{ "the baseline" }</option>
                    <option value="current" selected={!on}>{ "the current system" }</option>
                </select>
            </div>
        }
    });
    html! {
        <section class="app-winners" id="winners-losers" aria-labelledby="winners-title" data-ay={props.year.to_string()}>
            <h3 class="govuk-heading-s" id="winners-title">{ format!("Schools that gain and lose in {}", props.year) }</h3>
            <p class="govuk-body">{ "Each school's direct Element 3 under the card in force, against what the current system pays for the same pupils (R7.3)" }
                { props.baseline_label.as_ref().map(|l| format!(", and against its direct Element 3 under the baseline ({l}, R10.6)")).unwrap_or_default() }{ "." }</p>
            <crate::components::ScrollTable label="Schools that gain and lose">
            <table class="govuk-table" id="winners-counts">
                <thead class="govuk-table__head"><tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{ "Against" }</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Schools that gain" }</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Schools that lose" }</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "No change" }</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Not compared" }</th>
                </tr></thead>
                <tbody class="govuk-table__body">
                    { counts("current", "The current system", cur) }
                    { for m.against_baseline.as_ref().map(|b| counts("baseline", "The baseline", b)) }
                </tbody>
            </table>
            </crate::components::ScrollTable>
            { for toggle }
            <div class="app-scroll" role="region" aria-labelledby="winners-dist-title" tabindex="0">
                <h4 class="govuk-heading-s" id="winners-dist-title">{ format!("Each school's change in %, against {}", reference.to_lowercase()) }</h4>
                <BarChart caption={format!("Number of schools by change in %, against {}", reference.to_lowercase())} groups={dist_groups} series={dist} id="winners-distribution" counts=true />
            </div>
            if !*show_schools {
                <button type="button" class="govuk-button govuk-button--secondary" id="winners-show-schools"
                    onclick={{ let show = show_schools.clone(); Callback::from(move |_| show.set(true)) }}>
                    { format!("Show every school ({}), sortable", shown.schools.len()) }
                </button>
            } else {
            <div class="app-scroll" role="region" aria-labelledby="winners-schools-caption" tabindex="0">
            <table class="govuk-table" id="winners-schools">
                <caption class="govuk-table__caption govuk-table__caption--s" id="winners-schools-caption">
                    { format!("Every school against {} (schools {} to {} of {})", reference.to_lowercase(), pg * PAGE + (!order.is_empty()) as usize, ((pg + 1) * PAGE).min(order.len()), order.len()) }
                </caption>
                <thead class="govuk-table__head"><tr class="govuk-table__row">
                    { sort_button(SchoolSort::Order, "URN", "order") }
                    { sort_button(SchoolSort::Name, "School", "name") }
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Direct Element 3" }</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ reference }</th>
                    { sort_button(SchoolSort::Change, "Change", "change") }
                    { sort_button(SchoolSort::Percent, "Change %", "percent") }
                </tr></thead>
                <tbody class="govuk-table__body">
                    { for order.iter().skip(pg * PAGE).take(PAGE).map(|&i| {
                        let s = &shown.schools[i];
                        let mv = match s.movement() { Movement::Gain => "gain", Movement::Loss => "lose", Movement::Unchanged => "unchanged" };
                        html! {
                            <tr class="govuk-table__row" data-urn={s.urn.clone()} data-movement={mv}>
                                <td class="govuk-table__cell">{ &s.urn }</td>
                                <th scope="row" class="govuk-table__header">{ &s.name }</th>
                                <td class="govuk-table__cell govuk-table__cell--numeric" data-pennies={s.figure.to_string()}>{ format_gbp_pennies(s.figure) }</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric" data-pennies={s.reference.to_string()}>{ format_gbp_pennies(s.reference) }</td>
                                <td class={classes!("govuk-table__cell", "govuk-table__cell--numeric", crate::compare_view::change_class(Some(s.change())))}>{ signed(s.change()) }</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">{ s.percent_dp(1).map(|d| format!("{d:.1}%")).unwrap_or_else(|| "—".into()) }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            </div>
            if pages > 1 {
                <div class="govuk-button-group">
                    <button type="button" class="govuk-button govuk-button--secondary" id="winners-prev" disabled={pg == 0}
                        onclick={{ let page = page.clone(); Callback::from(move |_| page.set(pg.saturating_sub(1))) }}>{ "Previous schools" }</button>
                    <button type="button" class="govuk-button govuk-button--secondary" id="winners-next" disabled={pg + 1 >= pages}
                        onclick={{ let page = page.clone(); Callback::from(move |_| page.set(pg + 1)) }}>{ "Next schools" }</button>
                </div>
            }
            }
        </section>
    }
}

#[derive(Properties)]
pub struct OptionsCountyProps {
    pub options: Rc<Option<Vec<OptionCost>>>,
}

impl PartialEq for OptionsCountyProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.options, &o.options)
    }
}

/// The county-wide cost of each protection option A–D side by side (R6, R5.7): committed and
/// discretionary per Community and in total.
#[component]
pub fn OptionsCounty(props: &OptionsCountyProps) -> Html {
    let Some(opts) = &*props.options else {
        return html! { <p class="govuk-body" id="options-county-none">{ "The first year of Community budgets is not modelled, so the options cannot be compared." }</p> };
    };
    let Some(first) = opts.first() else { return html! {} };
    let money = |p: Option<i64>| p.map(format_gbp_pennies).unwrap_or_else(|| "—".into());
    html! {
        <div class="app-scroll" role="region" aria-labelledby="options-county-caption" tabindex="0">
        <table class="govuk-table" id="options-county">
            <caption class="govuk-table__caption govuk-table__caption--s" id="options-county-caption">{ "Committed and discretionary budget under each protection option, every Community" }</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header" rowspan="2">{ "Community" }</th>
                    { for opts.iter().map(|o| html! { <th scope="colgroup" colspan="2" class="govuk-table__header">{ o.option.label() }</th> }) }
                </tr>
                <tr class="govuk-table__row">
                    { for opts.iter().map(|_| html! { <>
                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Committed" }</th>
                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Discretionary" }</th>
                    </> }) }
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                { for first.communities.iter().enumerate().map(|(ci, c)| html! {
                    <tr class="govuk-table__row" data-community={c.id.clone()}>
                        <th scope="row" class="govuk-table__header">{ &c.name }</th>
                        { for opts.iter().map(|o| { let x = &o.communities[ci]; html! { <>
                            <td class="govuk-table__cell govuk-table__cell--numeric" data-option={o.option.as_str()} data-figure="committed" data-pennies={x.committed.to_string()}>{ format_gbp_pennies(x.committed) }</td>
                            <td class="govuk-table__cell govuk-table__cell--numeric" data-option={o.option.as_str()} data-figure="discretionary">{ money(x.discretionary) }</td>
                        </> } }) }
                    </tr>
                }) }
                <tr class="govuk-table__row app-total-row" data-community="">
                    <th scope="row" class="govuk-table__header">{ "All Communities" }</th>
                    { for opts.iter().map(|o| html! { <>
                        <td class="govuk-table__cell govuk-table__cell--numeric" data-option={o.option.as_str()} data-figure="committed" data-pennies={o.committed.to_string()}>{ format_gbp_pennies(o.committed) }</td>
                        <td class="govuk-table__cell govuk-table__cell--numeric" data-option={o.option.as_str()} data-figure="discretionary">{ money(o.discretionary) }</td>
                    </> }) }
                </tr>
                <tr class="govuk-table__row" data-community="over">
                    <th scope="row" class="govuk-table__header">{ "Communities over-committed" }</th>
                    { for opts.iter().map(|o| html! { <td class="govuk-table__cell govuk-table__cell--numeric" colspan="2">{ o.over_committed }</td> }) }
                </tr>
            </tbody>
        </table>
        </div>
    }
}

/// The budgets table (`model::budgets_table`) with, for each Community and year, its net,
/// committed and discretionary under the baseline and the change (R10.6), for the CSV and
/// Excel exports.
pub fn with_baseline_columns(mut rows: Vec<Vec<crate::xlsx::Cell>>, c: &Computed, b: &CountyCompared) -> Vec<Vec<crate::xlsx::Cell>> {
    use crate::xlsx::Cell;
    use sen_funding::engine::money::fmt_pennies;
    let cmp = &b.comparison;
    let m = |p: Option<i64>| p.map(|x| Cell::Number(fmt_pennies(x))).unwrap_or_else(|| Cell::Text(String::new()));
    if let Some(head) = rows.first_mut() {
        for f in ["net", "committed", "discretionary"] {
            head.push(Cell::Text(format!("baseline_{f}")));
            head.push(Cell::Text(format!("change_{f}")));
        }
    }
    let mut i = 1;
    for cy in &c.outcome.county {
        let yi = cmp.community_years.iter().position(|y| *y == cy.ay);
        for ci in 0..cy.communities.len() {
            let y = yi.and_then(|yi| cmp.communities.get(ci).and_then(|p| p.years.get(yi))).copied().unwrap_or_default();
            if let Some(row) = rows.get_mut(i) {
                for p in [y.net, y.committed, y.discretionary] {
                    row.push(m(p.base));
                    row.push(m(p.change()));
                }
            }
            i += 1;
        }
    }
    rows
}

#[derive(Properties)]
pub struct CountyWhatIfProps {
    pub computed: Rc<Computed>,
    pub schools: Rc<SchoolSet>,
    /// The year chosen for the table of every Community (the first with a pot when none).
    pub view_year: Option<Ay>,
    pub compared: Option<Result<Rc<CountyCompared>, String>>,
}

impl PartialEq for CountyWhatIfProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.computed, &o.computed) && Rc::ptr_eq(&self.schools, &o.schools) && self.view_year == o.view_year && self.compared == o.compared
    }
}

/// The county's total direct Element 3 in each AY at five values (`whatif::range_county`).
fn range_run(
    c: &Rc<Computed>,
    schools: &Rc<SchoolSet>,
) -> Callback<(whatif::Param, rust_decimal::Decimal, rust_decimal::Decimal), Result<RangeTable, Vec<String>>> {
    let (c, schools) = (c.clone(), schools.clone());
    Callback::from(move |(param, from, to): (whatif::Param, rust_decimal::Decimal, rust_decimal::Decimal)| {
        let t0 = now_ms();
        let r = with_schools(&c.scenario, &schools, |full| whatif::range_county(full, &param, from, to))
            .map_err(|errs| errs.iter().map(|e| e.to_string()).collect::<Vec<_>>())?;
        let ms = now_ms() - t0;
        Ok(RangeTable {
            values: r.points.iter().map(|p| p.value).collect(),
            series: r.years.iter().enumerate().map(|(yi, ay)| (format!("Direct Element 3, {ay}"), r.points.iter().map(|p| p.direct[yi]).collect())).collect(),
            ms,
        })
    })
}

/// The what-if views of the county: every Community against the baseline, winners and
/// losers, options A–D county-wide.
#[component]
pub fn CountyWhatIf(props: &CountyWhatIfProps) -> Html {
    let show_options = use_state(|| false);
    let c = &props.computed;
    let county = &c.outcome.county;
    let year = props.view_year.filter(|y| county.iter().any(|cy| cy.ay == *y)).or(county.first().map(|cy| cy.ay));
    // Winners and losers in the community AY's year chosen, or the tariff AY when the county has no pot.
    let wl_year = year.unwrap_or(c.scenario.rate_card.tariff_ay());
    let base = props.compared.as_ref().and_then(|r| r.as_ref().ok()).map(|b| b.base.clone());
    let movement = {
        let (c, schools, base) = (c.clone(), props.schools.clone(), base.clone());
        use_memo((Rc::as_ptr(&c) as usize, base.as_ref().map(|b| Rc::as_ptr(b) as usize), wl_year), move |_| {
            Rc::new(winners_losers(&c, base.as_deref(), &schools, wl_year))
        })
    };
    let options = {
        let (c, schools) = (c.clone(), props.schools.clone());
        use_memo((Rc::as_ptr(&c) as usize, *show_options), move |(_, on)| if *on { Some(Rc::new(options_county(&c, &schools))) } else { None })
    };
    let has_schools = !c.outcome.schools.is_empty();
    let label = props.compared.as_ref().and_then(|r| r.as_ref().ok()).map(|b| b.label.clone());
    html! {
        <section class="app-county-whatif" id="county-what-if" aria-labelledby="county-what-if-title">
            <h2 class="govuk-heading-m" id="county-what-if-title">{ "What the rates change" }</h2>
            { match (&props.compared, year) {
                (Some(Ok(b)), Some(y)) => html! { <CommunitiesAgainst compared={b.clone()} year={y} /> },
                (Some(Err(why)), _) => html! { <p class="govuk-body" id="community-baseline-problem">{ format!("No comparison with the baseline: under the baseline card the data has problems ({why}).") }</p> },
                _ => html! {},
            } }
            if has_schools {
                <WinnersLosers movement={(*movement).clone()} year={wl_year} baseline_label={label} />
                <RangeTool id="county-range" card={Rc::new(c.scenario.rate_card.clone())} what="The county's total direct Element 3" run={range_run(c, &props.schools)} />
                <h3 class="govuk-heading-s" id="options-county-title">{ "The county-wide cost of each protection option" }</h3>
                <p class="govuk-body">{ format!("Each option A–D applied to every Community in {} (each keeps its own protection rate for option B, R2.3): \
                    what it commits to existing claims and what it leaves to allocate (R6, R5.7).", c.scenario.rate_card.community_ay()) }</p>
                { match &*options {
                    Some(o) => html! { <OptionsCounty options={o.clone()} /> },
                    None => {
                        let show = show_options.clone();
                        html! { <button type="button" class="govuk-button govuk-button--secondary" id="options-county-show" onclick={Callback::from(move |_| show.set(true))}>{ "Work out options A–D for every school" }</button> }
                    }
                } }
            } else {
                <p class="govuk-body" id="winners-none">{ "The data has no schools, so there are no winners and losers to count: open a scenario file with schools, or use the made-up example." }</p>
            }
        </section>
    }
}
