//! The figures: school totals by academic and financial year, the transition chart, the
//! protection options A–D side by side, the Community's budget, and every pupil's figures.
//! Every figure comes from the engine's `calculate` and every "Explain" from
//! `engine::explanations`.

use sen_funding::engine::calc::e3_by_route;
use sen_funding::engine::explanations;
use sen_funding::engine::moving_up::{self, MovingUp, OffRoll};
use sen_funding::engine::periods::{Ay, Fy};
use sen_funding::engine::ratecard::ProtectionOption;
use sen_funding::engine::routes::PupilRoute;
use sen_funding::engine::Explanation;
use sen_funding_fast::calculate;
use yew::prelude::*;

use std::rc::Rc;

use super::baseline::{AgainstBaseline, Compared};
use super::chart::TransitionChart;
use super::common::{change_class, count, gbp, pagination, percent_change, plural, signed_gbp, Shared};
use super::details::option_text;
use super::workspace::Computed;
use crate::compare_view::{now_ms, RangeTable, RangeTool};
use crate::components::{ExplainFigure, ScrollTable};
use crate::rest::FiguresShown;
use crate::split::defer;
use rust_decimal::Decimal;
use sen_funding::engine::whatif::{self, Param};

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub computed: Shared<Computed>,
    pub school_name: String,
    /// Against the pinned baseline (R10.6), or why the scenario cannot be compared with it.
    #[prop_or_default]
    pub compared: Option<Result<Rc<Compared>, String>>,
}

fn explain(c: &Shared<Computed>, f: impl Fn(&Computed) -> Option<Explanation> + 'static) -> Callback<(), Option<Explanation>> {
    let c = c.0.clone();
    Callback::from(move |_| f(&c))
}

/// A table's head: the rows' own column, the figures' and the explanations' (its heading for
/// screen readers only).
fn figures_head(first: &str, figures: &[&str]) -> Html {
    crate::components::figures_head(first, figures, Some(html! { <span class="govuk-visually-hidden">{ "Explanation" }</span> }))
}

/// A figure's cell, named for the tests by `data-figure`.
fn figure_cell(figure: &'static str, text: String) -> Html {
    html! { <td class="govuk-table__cell govuk-table__cell--numeric" data-figure={figure}>{ text }</td> }
}

/// The cell of a row's "Explain".
fn explain_cell(what: String, compute: Callback<(), Option<Explanation>>) -> Html {
    html! {
        <td class="govuk-table__cell app-ws-explain-cell">
            <ExplainFigure {what} {compute} />
        </td>
    }
}

fn change_cells(change: i64, base: i64) -> Html {
    html! {
        <>
            <td class={classes!("govuk-table__cell", "govuk-table__cell--numeric", change_class(change))}>{ signed_gbp(change) }</td>
            <td class={classes!("govuk-table__cell", "govuk-table__cell--numeric", change_class(change))}>{ percent_change(change, base).unwrap_or_else(|| "—".into()) }</td>
        </>
    }
}

#[component]
pub fn Results(props: &ResultsProps) -> Html {
    let c = &*props.computed;
    let s = &c.scenario;
    let out = &c.outcome;
    let card = &s.rate_card;
    let Some(so) = out.schools.first() else { return html! {} };
    let name = if props.school_name.trim().is_empty() { "The school".to_string() } else { props.school_name.trim().to_string() };

    // Headline: the tariff AY, the first year of the new model in full.
    let headline = out.year_ix(card.tariff_ay()).map(|yi| {
        let y = &so.years[yi];
        let change = y.direct - y.current;
        html! {
            <div class="app-ws-headline" id="headline">
                <p class="app-ws-headline__caption">{ format!("In {}, the first year of tariffs for every setting", card.tariff_ay()) }</p>
                <p class="app-ws-headline__figure">
                    <span class="app-ws-headline__value" data-figure="direct">{ gbp(y.direct) }</span>
                    <span class="app-ws-headline__label">{ "direct Element 3" }</span>
                </p>
                <p class="app-ws-headline__compare">
                    { format!("against {} under the current system: ", gbp(y.current)) }
                    <strong class={change_class(change)}>{ format!("{} ({})", signed_gbp(change), percent_change(change, y.current).unwrap_or_else(|| "—".into())) }</strong>
                </p>
            </div>
        }
    });

    let ay_rows = out.years.iter().enumerate().map(|(yi, &ay)| {
        let y = &so.years[yi];
        let change = y.direct - y.current;
        let what = format!("{name}, {ay}");
        html! {
            <tr class="govuk-table__row" data-ay={ay.to_string()}>
                <th scope="row" class="govuk-table__header">{ ay.to_string() }</th>
                { figure_cell("direct", gbp(y.direct)) }
                { figure_cell("mgl", gbp(y.mgl_adjustment)) }
                { figure_cell("community", y.community_indicative.map(gbp).unwrap_or_else(|| "—".into())) }
                { figure_cell("current", gbp(y.current)) }
                { change_cells(change, y.current) }
                { explain_cell(what, explain(&props.computed, move |c| explanations::school_year(&c.scenario, &c.outcome, 0, ay))) }
            </tr>
        }
    });

    let fy_rows = out.fys.iter().enumerate().map(|(fi, &fy)| {
        let f = so.fys[fi];
        let change = f.direct - f.current;
        html! {
            <tr class="govuk-table__row" data-fy={fy.to_string()}>
                <th scope="row" class="govuk-table__header">{ fy.to_string() }</th>
                { figure_cell("direct", gbp(f.direct)) }
                { figure_cell("mgl", gbp(f.mgl_adjustment)) }
                { figure_cell("current", gbp(f.current)) }
                { change_cells(change, f.current) }
                { explain_cell(format!("{name}, financial year {fy}"), explain(&props.computed, move |c| explanations::school_fy(&c.scenario, &c.outcome, 0, fy))) }
            </tr>
        }
    });

    // The chart: current system against the new model, stacked by route, year by year.
    let groups: Vec<String> = out.years.iter().map(|y| y.to_string()).collect();
    let by_route: Vec<Vec<(PupilRoute, usize, i64)>> = (0..out.years.len()).map(|yi| e3_by_route(so, yi)).collect();
    let routes: Vec<(String, Vec<i64>)> = PupilRoute::ALL
        .iter()
        .filter(|r| by_route.iter().any(|y| y.iter().any(|(x, _, _)| x == *r)))
        .map(|r| (chart_route_label(*r).to_string(), by_route.iter().map(|y| y.iter().find(|(x, _, _)| x == r).map(|(_, _, e)| *e).unwrap_or(0)).collect()))
        .collect();
    let current: Vec<i64> = so.years.iter().map(|y| y.current).collect();
    let mgl: Vec<i64> = so.years.iter().map(|y| y.mgl_adjustment).collect();

    html! {
        <div class="app-ws-results" id="results">
            <FiguresShown />
            <p class="govuk-body app-ws-print-only" id="print-school">
                { print_summary(c) }
            </p>
            <p class="govuk-body app-ws-results__intro">
                { format!("{} for {} in each academic year (September to August) and financial year (April to March), under the current system \
                           and the new one. Choose “Explain” beside a figure to see how it is worked out, rule by rule.",
                          "Element 3 top-up funding", plural(c.keys.len(), "pupil", "pupils")) }
            </p>
            { for headline }
            <h3 class="govuk-heading-m" id="totals-ay-caption">{ "School totals by academic year" }</h3>
            <ScrollTable labelledby="totals-ay-caption">
            <table class="govuk-table app-ws-totals" id="totals-ay" aria-labelledby="totals-ay-caption">
                { figures_head("Academic year", &["Direct Element 3", "of which maximum gains and losses adjustment", "Indicative Community share", "Current system", "Change", "Change %"]) }
                <tbody class="govuk-table__body">{ for ay_rows }</tbody>
            </table>
            </ScrollTable>
            <p class="govuk-body-s app-ws-results__note">
                { "Direct Element 3 is what the council pays the school for its pupils. The indicative Community share is not part of it: it is a \
                   share of what the Community has left to allocate, which the Community decides (R5.8). The change compares direct Element 3 \
                   with what the current system would pay for the same pupils." }
            </p>

            <h3 class="govuk-heading-m" id="totals-fy-caption">{ "School totals by financial year" }</h3>
            <ScrollTable labelledby="totals-fy-caption">
            <table class="govuk-table app-ws-totals" id="totals-fy" aria-labelledby="totals-fy-caption">
                { figures_head("Financial year", &["Direct Element 3", "of which maximum gains and losses adjustment", "Current system", "Change", "Change %"]) }
                <tbody class="govuk-table__body">{ for fy_rows }</tbody>
            </table>
            </ScrollTable>

            // The chart draws the figures of the tables above: it comes with the rest of the
            // code, below the first figures (nothing above it moves).
            { crate::split::defer(move || html! {
                <TransitionChart id="transition-chart" caption="The change year by year: the current system against the new model, by route"
                    groups={groups.clone()} current={current.clone()} routes={routes.clone()} mgl={mgl.clone()} />
            }) }

            { match &props.compared {
                Some(Ok(b)) => html! { <AgainstBaseline computed={props.computed.clone()} compared={Shared(b.clone())} /> },
                Some(Err(why)) => html! { <p class="govuk-body" id="against-baseline-problem" role="status">{ format!("No comparison with the baseline: {why}.") }</p> },
                None => html! {},
            } }
            // After the totals and the chart: the range, the options side by side, the
            // indicative share and the pupil-by-pupil figures, once the rest of the app's code
            // is there (`crate::rest`): not part of the first load.
            { {
                let (card, computed) = (std::rc::Rc::new(card.clone()), props.computed.clone());
                defer(move || html! {
                    <>
                        <RangeTool id="school-range" card={card.clone()} what="The school's direct Element 3" run={range_run(&computed)} />
                        <ProtectionOptions computed={computed.clone()} />
                        <CommunityBudget computed={computed.clone()} />
                        <super::movers::Movers computed={computed.clone()} />
                        <PupilResults computed={computed.clone()} />
                    </>
                })
            } }
        </div>
    }
}

/// The school's direct Element 3 in each AY at five values of a parameter (`whatif::range_school`).
fn range_run(c: &Shared<Computed>) -> Callback<(Param, Decimal, Decimal), Result<RangeTable, Vec<String>>> {
    let c = c.0.clone();
    Callback::from(move |(param, from, to): (Param, Decimal, Decimal)| {
        let t0 = now_ms();
        let r = whatif::range_school(&c.scenario, 0, &param, from, to).map_err(|errs| errs.iter().map(|e| e.to_string()).collect::<Vec<_>>())?;
        let ms = now_ms() - t0;
        Ok(RangeTable {
            values: r.points.iter().map(|p| p.value).collect(),
            series: r.years.iter().enumerate().map(|(yi, ay)| (format!("Direct Element 3, {ay}"), r.points.iter().map(|p| p.direct[yi]).collect())).collect(),
            ms,
        })
    })
}

#[derive(Properties, PartialEq)]
pub struct ComputedProps {
    pub computed: Shared<Computed>,
}

/// R6: the four options side by side for the community AY.
#[component]
fn ProtectionOptions(props: &ComputedProps) -> Html {
    let c = &*props.computed;
    let s = &c.scenario;
    let card = &s.rate_card;
    let Some(options) = &c.options else { return html! {} };
    let ay = card.community_ay();
    let school = &s.schools[0];
    let community = school.community.as_deref().and_then(|id| s.community(id));
    let in_force = c.outcome.schools[0].protection.option;
    let whose = match community {
        Some(c) => format!("Community {}", c.name),
        None => "the rate card's default (the school has no Community)".to_string(),
    };
    let current_ix = c.outcome.year_ix(ay);
    let current_total = current_ix.map(|yi| c.outcome.schools[0].years[yi].current).unwrap_or(0);
    html! {
        <div class="app-ws-options" id="options">
            <h3 class="govuk-heading-m">{ format!("The four protection options side by side, {ay}") }</h3>
            <p class="govuk-body">
                { format!("In {ay}, the first Community year, existing claims for pupils whose support now goes through the Community are protected \
                           by the option the Community chooses (R6). The figures below are the school's direct Element 3 in {ay} under each option, \
                           everything else unchanged. Option {} is in force ({whose}).", in_force.as_str()) }
            </p>
            <ScrollTable labelledby="options-caption">
            <table class="govuk-table" id="options-table">
                <caption class="govuk-table__caption govuk-visually-hidden" id="options-caption">{ format!("Protection options A to D, {ay}") }</caption>
                { figures_head("Option", &["Direct Element 3", "of which protected existing claims", "Pupils protected", "Change against the current system"]) }
                <tbody class="govuk-table__body">
                    { for options.iter().map(|o| {
                        let option = o.option;
                        let change = o.direct - current_total;
                        let compute = {
                            let c = props.computed.0.clone();
                            Callback::from(move |_| option_explanation(&c, option, ay))
                        };
                        html! {
                            <tr class={classes!("govuk-table__row", (option == in_force).then_some("app-ws-options__current"))} data-option={option.as_str()}>
                                <th scope="row" class="govuk-table__header">
                                    <strong>{ option.label() }</strong>
                                    if option == in_force { { " " }<strong class="govuk-tag govuk-tag--green">{ "In force" }</strong> }
                                    <span class="app-ws-options__text">{ option_text(option, card) }</span>
                                </th>
                                { figure_cell("direct", gbp(o.direct)) }
                                { figure_cell("protected", gbp(o.protected)) }
                                <td class="govuk-table__cell govuk-table__cell--numeric">{ count(o.pupils_protected) }</td>
                                <td class={classes!("govuk-table__cell", "govuk-table__cell--numeric", change_class(change))}>{ signed_gbp(change) }</td>
                                { explain_cell(format!("option {}, {ay}", option.as_str()), compute) }
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            </ScrollTable>
        </div>
    }
}

/// The engine's explanation of the school's year under another option: the same scenario with
/// the Community's option (or, without a Community, the rate card's default) set to it.
fn option_explanation(c: &Computed, option: ProtectionOption, ay: Ay) -> Option<Explanation> {
    let mut s = c.scenario.clone();
    let own = s.schools[0].community.clone();
    match own.and_then(|id| s.communities.iter_mut().find(|x| x.id == id)) {
        Some(community) => community.protection = Some(option),
        None => s.rate_card.protection.option = option,
    }
    let out = calculate(&s);
    let mut e = explanations::school_year(&s, &out, 0, ay)?;
    e.title = format!("Under option {}: {}", option.label(), e.title);
    Some(e)
}

/// R5: the Community's budget in each year with a pot (its own, or its share of the county's).
#[component]
fn CommunityBudget(props: &ComputedProps) -> Html {
    let c = &*props.computed;
    let s = &c.scenario;
    let Some(cid) = s.schools[0].community.clone() else { return html! {} };
    let Some(ci) = s.communities.iter().position(|x| x.id == cid) else { return html! {} };
    if c.outcome.county.is_empty() {
        return html! {
            <div class="app-ws-community" id="community-budget">
                <h3 class="govuk-heading-m">{ "Your Community's budget" }</h3>
                <p class="govuk-body">{ "Enter your Community's budget for each year under “Your school” (optional) to see what it has left to allocate and your indicative share." }</p>
            </div>
        };
    }
    let community = &s.communities[ci];
    html! {
        <div class="app-ws-community" id="community-budget">
            <h3 class="govuk-heading-m" id="community-caption">{ format!("The Community's budget: {}", community.name) }</h3>
            <ScrollTable labelledby="community-caption">
            <table class="govuk-table" aria-labelledby="community-caption">
                { figures_head("Academic year", &["Budget (gross)", "After the top-slice (net)", "Protected existing claims", "Left to allocate"]) }
                <tbody class="govuk-table__body">
                    { for c.outcome.county.iter().map(|cy| {
                        let r = &cy.communities[ci];
                        let ay = cy.ay;
                        html! {
                            <tr class="govuk-table__row" data-ay={ay.to_string()}>
                                <th scope="row" class="govuk-table__header">{ ay.to_string() }</th>
                                <td class="govuk-table__cell govuk-table__cell--numeric">{ gbp(r.gross) }</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">{ gbp(r.net) }</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">{ gbp(r.committed) }</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">
                                    { gbp(r.discretionary) }
                                    if r.over_committed { { " " }<strong class="govuk-tag govuk-tag--red">{ "Over-committed" }</strong> }
                                </td>
                                { explain_cell(format!("{}, {ay}", community.name), explain(&props.computed, move |c| explanations::community_year(&c.scenario, &c.outcome, ci, ay))) }
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            </ScrollTable>
        </div>
    }
}

/// A period of the pupils' figures: an academic or a financial year.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Period {
    Ay(usize),
    Fy(usize),
}

const PUPIL_PAGE: usize = 50;

#[component]
fn PupilResults(props: &ComputedProps) -> Html {
    let c = &*props.computed;
    let out = &c.outcome;
    let card = &c.scenario.rate_card;
    let default_period = out.year_ix(card.tariff_ay()).unwrap_or(0);
    let period = use_state(|| Period::Ay(default_period));
    let page = use_state(|| 0usize);
    let school = &c.scenario.schools[0];
    let so = &out.schools[0];
    let n = school.pupils.len();
    let pages = n.div_ceil(PUPIL_PAGE).max(1);
    let current = (*page).min(pages - 1);
    let period_v = match *period {
        Period::Ay(i) if i < out.years.len() => Period::Ay(i),
        Period::Fy(i) if i < out.fys.len() => Period::Fy(i),
        _ => Period::Ay(0),
    };

    let onchange = {
        let period = period.clone();
        Callback::from(move |e: Event| {
            let v = super::common::event_value(&e);
            let p = match v.split_once(':') {
                Some(("ay", i)) => i.parse().ok().map(Period::Ay),
                Some(("fy", i)) => i.parse().ok().map(Period::Fy),
                _ => None,
            };
            if let Some(p) = p {
                period.set(p);
            }
        })
    };
    let go = {
        let page = page.clone();
        Callback::from(move |p| page.set(p))
    };
    let (label, is_ay) = match period_v {
        Period::Ay(i) => (out.years[i].to_string(), true),
        Period::Fy(i) => (format!("financial year {}", out.fys[i]), false),
    };
    // R11.4: with the year the year groups are recorded in, each pupil's year group of the AY,
    // and why R11.3 takes a pupil off roll for it.
    let mu = MovingUp::of(school);
    let year_groups = is_ay && mu.applies();
    let rows = (current * PUPIL_PAGE..((current + 1) * PUPIL_PAGE).min(n)).map(|pi| {
        let p = &school.pupils[pi];
        let po = &so.pupils[pi];
        let number = c.numbers.get(pi).copied().unwrap_or(pi + 1);
        let (route, flags, e3, cur) = match period_v {
            Period::Ay(i) => {
                let y = po.years[i];
                (Some(y.route), y.flags.names(), y.e3, y.current)
            }
            Period::Fy(i) => (None, Vec::new(), po.fys[i].e3, po.fys[i].current),
        };
        let change = e3 - cur;
        let moved = match period_v {
            Period::Ay(i) if year_groups => Some(moved_cells(mu, p, out.years[i])),
            _ => None,
        };
        let compute = match period_v {
            Period::Ay(i) => {
                let ay: Ay = out.years[i];
                explain(&props.computed, move |c| explanations::pupil_year(&c.scenario, &c.outcome, 0, pi, ay))
            }
            Period::Fy(i) => {
                let fy: Fy = out.fys[i];
                explain(&props.computed, move |c| explanations::pupil_fy(&c.scenario, &c.outcome, 0, pi, fy))
            }
        };
        html! {
            <tr class="govuk-table__row" key={c.keys.get(pi).copied().unwrap_or(pi as u32)} data-pupil={p.id.clone()}>
                <td class="govuk-table__cell">{ number }</td>
                <th scope="row" class="govuk-table__header">{ &p.id }</th>
                <td class="govuk-table__cell">{ format!("{}, {}{}", p.setting.as_str(), p.band, if p.ehcp { ", EHCP" } else { "" }) }</td>
                if let Some((yg, _)) = &moved {
                    <td class="govuk-table__cell" data-figure="year-group">{ yg }</td>
                }
                if is_ay {
                    <td class="govuk-table__cell" data-figure="route">{ route.map(|r| r.label()).unwrap_or("") }</td>
                }
                { figure_cell("e3", gbp(e3)) }
                { figure_cell("current", gbp(cur)) }
                <td class={classes!("govuk-table__cell", "govuk-table__cell--numeric", change_class(change))}>{ signed_gbp(change) }</td>
                if is_ay {
                    <td class="govuk-table__cell">
                        if let Some((_, Some(off))) = &moved { <strong class="govuk-tag govuk-tag--grey app-ws-flag" data-flag="off-roll">{ off }</strong> }
                        { for flags.iter().map(|f| html! { <strong class="govuk-tag govuk-tag--yellow app-ws-flag">{ flag_label(f) }</strong> }) }
                    </td>
                }
                { explain_cell(format!("{}, {label}", p.id), compute) }
            </tr>
        }
    });
    html! {
        <div class="app-ws-pupil-results" id="pupil-results">
            <h3 class="govuk-heading-m">{ "Each pupil's figures" }</h3>
            <div class="govuk-form-group">
                <label class="govuk-label" for="pupil-results-period">{ "Show the figures for" }</label>
                <select class="govuk-select" id="pupil-results-period" {onchange}>
                    <optgroup label="Academic years">
                        { for out.years.iter().enumerate().map(|(i, y)| html! { <option value={format!("ay:{i}")} selected={period_v == Period::Ay(i)}>{ y.to_string() }</option> }) }
                    </optgroup>
                    <optgroup label="Financial years">
                        { for out.fys.iter().enumerate().map(|(i, y)| html! { <option value={format!("fy:{i}")} selected={period_v == Period::Fy(i)}>{ format!("Financial year {y}") }</option> }) }
                    </optgroup>
                </select>
            </div>
            <p class="govuk-body app-ws-table-title" id="pupil-results-caption">
                <strong>{ format!("Pupils' Element 3, {label}") }</strong>
                if pages > 1 { { format!(" (pupils {} to {} of {})", count(current * PUPIL_PAGE + 1), count(((current + 1) * PUPIL_PAGE).min(n)), count(n)) } }
            </p>
            <ScrollTable labelledby="pupil-results-caption">
            <table class="govuk-table app-ws-pupil-results__table" id="pupil-results-table" aria-labelledby="pupil-results-caption">
                <thead class="govuk-table__head"><tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{ "Row" }</th>
                    <th scope="col" class="govuk-table__header">{ "Pupil" }</th>
                    <th scope="col" class="govuk-table__header">{ "Setting, band" }</th>
                    if year_groups { <th scope="col" class="govuk-table__header">{ "Year group" }</th> }
                    if is_ay { <th scope="col" class="govuk-table__header">{ "Paid by" }</th> }
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Element 3" }</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Current system" }</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Change" }</th>
                    if is_ay { <th scope="col" class="govuk-table__header">{ "Flags" }</th> }
                    <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">{ "Explanation" }</span></th>
                </tr></thead>
                <tbody class="govuk-table__body">{ for rows }</tbody>
            </table>
            </ScrollTable>
            { pagination("pupil-results-pagination", "Pages of the pupils' figures", current, pages, go) }
            <details class="govuk-details">
                <summary class="govuk-details__summary"><span class="govuk-details__summary-text">{ "What the routes and flags mean" }</span></summary>
                <div class="govuk-details__text">
                    <dl class="app-ws-definitions">
                        { for PupilRoute::ALL.iter().map(|r| html! { <><dt>{ r.label() }</dt><dd>{ route_text(*r) }</dd></> }) }
                        <dt>{ flag_label("moderation") }</dt>
                        <dd>{ "The pupil's support is above £6,000, or at a Specific Allocation level without an EHCP, and goes to the Community: such cases are moderated (R4.9, R5.9)." }</dd>
                        if year_groups {
                            <dt>{ "Left the school, Not yet at school" }</dt>
                            <dd>{ "Moved up a year each September, the pupil is past the school's last year group or Year 14, or not yet in Nursery 1: off roll for the whole year, with no Element 3 (R11.2, R11.3)." }</dd>
                        }
                        <dt>{ flag_label("band_below_setting") }</dt>
                        <dd>{ "The pupil is in an SRP or special school but their band has no tariff, so the new model pays nothing for them (R4.4)." }</dd>
                    </dl>
                </div>
            </details>
        </div>
    }
}

/// R11.4: the pupil's year group in `ay` (`Year 7`; `—` for none) and, where R11.3 takes it off
/// roll for the year, why, for a tag ("Left the school after Year 6").
fn moved_cells(mu: MovingUp, p: &sen_funding::engine::scenario::Pupil, ay: Ay) -> (String, Option<String>) {
    let place = moving_up::place_in(mu, p.year_group, ay);
    let yg = match moving_up::result_year_group(mu, p, ay) {
        Some(Some(y)) => y.label(),
        Some(None) => moving_up::describe_place(place),
        None => "—".to_string(),
    };
    let off = moving_up::off_roll(mu, place).map(|o| match o {
        OffRoll::NotYetAtSchool(_) => "Not yet at school".to_string(),
        OffRoll::LeftAfter14(_) => "Left the school after Year 14".to_string(),
        OffRoll::LeftAfterLast(_, last) => format!("Left the school after {}", last.label()),
    });
    (yg, off)
}

/// The school as the printed report names it.
fn print_summary(c: &Computed) -> String {
    let s = &c.scenario;
    let school = &s.schools[0];
    let so = &c.outcome.schools[0];
    let community = match school.community.as_deref().and_then(|id| s.community(id)) {
        Some(x) => format!("Community {} ({})", x.name, x.id),
        None => "no Community".to_string(),
    };
    let d = js_sys::Date::new_0();
    format!(
        "{} (URN {}), {}, protection option {}; {} pupils. Report made on {:02}/{:02}/{}.",
        school.name,
        school.urn,
        community,
        so.protection.option.label(),
        school.pupils.len(),
        d.get_date(),
        d.get_month() + 1,
        d.get_full_year()
    )
}

/// In the chart, beside the current system's own bar, the route that still pays as now needs
/// another name.
fn chart_route_label(r: PupilRoute) -> &'static str {
    match r {
        PupilRoute::Current => "Still paid as now (before the change)",
        other => other.label(),
    }
}

fn flag_label(f: &str) -> &'static str {
    match f {
        "moderation" => "Moderation",
        "band_below_setting" => "Band below setting",
        _ => "Flag",
    }
}

fn route_text(r: PupilRoute) -> &'static str {
    match r {
        PupilRoute::OutOfScope => "Early years (N1, N2) and post-16 (years 12 to 14) are outside the new model: the current top-up continues (R4.1).",
        PupilRoute::Current => "Before the new model applies to the pupil's setting, the current top-up is paid (R4.2, R4.3).",
        PupilRoute::Tariff => "A fixed yearly amount for the pupil's band, the same in every kind of school (R3.1, R4.4, R4.8).",
        PupilRoute::ProtectedEhcp => "A mainstream pupil with an EHCP above £6,000 keeps the current top-up until the tariff starts (R4.5).",
        PupilRoute::CommunityExisting => {
            "An existing claim whose support now goes through the Community: only the protected part is paid directly, in the first Community year (R4.6, R6)."
        }
        PupilRoute::Community => "Support is for the Community to decide from its budget: nothing is paid directly (R4.7, R4.9).",
    }
}
