//! The school against the pinned baseline (R10.6): the totals per academic and financial
//! year, a chart of direct Element 3 under both cards, and every pupil's Element 3, each as
//! what-if, baseline and change. The baseline run is made once per (scenario, baseline card)
//! by the workspace; the comparison is the engine's `compare`.

use std::rc::Rc;

use sen_funding::engine::compare::{Comparison, Pair};
use sen_funding::engine::RateCard;
use yew::prelude::*;

use super::common::{count, pagination, Shared};
use super::workspace::Computed;
use crate::compare_view::{pair_cells, pair_headers, BaselineRun};
use crate::components::{BarChart, Series};

/// The school's scenario under the baseline, and R10.6 of the what-if against it.
#[derive(Debug)]
pub struct Compared {
    pub card: Rc<RateCard>,
    pub label: String,
    pub run: Rc<BaselineRun>,
    pub comparison: Comparison,
}

/// Compared by identity: a new comparison is a new value.
impl PartialEq for Compared {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

/// R10.6's CSV rows (`urn, period, figure, base, what_if, change`, as `sen-funding compare
/// --csv` writes them), as a sheet.
pub fn comparison_sheet(b: &Compared) -> crate::xlsx::Sheet {
    use crate::xlsx::Cell;
    let mut rows: Vec<Vec<Cell>> = vec![sen_funding::engine::compare::CSV_HEADER.iter().map(|h| Cell::Text(h.to_string())).collect()];
    for r in b.comparison.csv_rows() {
        rows.push(r.iter().enumerate().map(|(i, v)| if i < 3 || v.is_empty() { Cell::Text(v.clone()) } else { Cell::Number(v.clone()) }).collect());
    }
    crate::xlsx::Sheet { name: "Against baseline".into(), rows }
}

#[derive(Properties, PartialEq)]
pub struct AgainstBaselineProps {
    pub computed: Shared<Computed>,
    pub compared: Shared<Compared>,
}

const PUPIL_PAGE: usize = 50;

/// A table against the baseline (`id`, named by the caption `{id}-caption` above it), in its
/// scrolling region: the rows' own column, then each figure's what-if, baseline and change.
fn pair_table(id: &str, totals: bool, first: &str, figures: &[&str], rows: Html) -> Html {
    let caption = format!("{id}-caption");
    html! {
        <div class="app-ws-table-scroll" tabindex="0" role="region" aria-labelledby={caption.clone()}>
        <table class={classes!("govuk-table", totals.then_some("app-ws-totals"))} id={id.to_string()} aria-labelledby={caption}>
            <thead class="govuk-table__head"><tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">{ first }</th>
                { for figures.iter().map(|f| pair_headers(f)) }
            </tr></thead>
            <tbody class="govuk-table__body">{ rows }</tbody>
        </table>
        </div>
    }
}

#[component]
pub fn AgainstBaseline(props: &AgainstBaselineProps) -> Html {
    let c = &*props.computed;
    let b = &*props.compared;
    let cmp = &b.comparison;
    let page = use_state(|| 0usize);
    // Each pupil's figures open on the first year of tariffs, as the school's own table does.
    let tariff_ix = props.computed.outcome.year_ix(props.computed.scenario.rate_card.tariff_ay()).unwrap_or(0);
    let period = use_state(move || tariff_ix);
    let Some(sp) = cmp.schools.first() else { return html! {} };

    let ay_rows = cmp.years.iter().zip(&sp.years).map(|(ay, y)| {
        html! {
            <tr class="govuk-table__row" data-ay={ay.to_string()}>
                <th scope="row" class="govuk-table__header">{ ay.to_string() }</th>
                { pair_cells("direct", y.direct) }
                { pair_cells("mgl", y.mgl_adjustment) }
                { pair_cells("community", y.community_indicative) }
                { pair_cells("current", y.current) }
            </tr>
        }
    });
    let fy_rows = cmp.fys.iter().zip(&sp.fys).map(|(fy, f)| {
        html! {
            <tr class="govuk-table__row" data-fy={fy.to_string()}>
                <th scope="row" class="govuk-table__header">{ fy.to_string() }</th>
                { pair_cells("direct", f.direct) }
                { pair_cells("current", f.current) }
            </tr>
        }
    });
    let groups: Vec<String> = cmp.years.iter().map(|y| y.to_string()).collect();
    let series = vec![
        Series { name: format!("What-if: {}", c.scenario.rate_card.title), values: sp.years.iter().map(|y| y.direct.what_if.unwrap_or(0)).collect() },
        Series { name: format!("Baseline: {}", b.label), values: sp.years.iter().map(|y| y.direct.base.unwrap_or(0)).collect() },
    ];

    // Every pupil: the same pupils under both cards, in the same order.
    let out = &c.outcome;
    let bout = &b.run.outcome;
    let school = &c.scenario.schools[0];
    let n = school.pupils.len();
    let pages = n.div_ceil(PUPIL_PAGE).max(1);
    let current = (*page).min(pages - 1);
    let nperiods = out.years.len() + out.fys.len();
    let pv = (*period).min(nperiods.saturating_sub(1));
    let (label, figure): (String, Box<dyn Fn(&sen_funding::engine::Outcome, usize) -> Option<i64>>) = if pv < out.years.len() {
        (out.years[pv].to_string(), Box::new(move |o: &sen_funding::engine::Outcome, pi: usize| o.schools.first()?.pupils.get(pi)?.years.get(pv).map(|y| y.e3)))
    } else {
        let fi = pv - out.years.len();
        (
            format!("financial year {}", out.fys[fi]),
            Box::new(move |o: &sen_funding::engine::Outcome, pi: usize| o.schools.first()?.pupils.get(pi)?.fys.get(fi).map(|y| y.e3)),
        )
    };
    let rows = (current * PUPIL_PAGE..((current + 1) * PUPIL_PAGE).min(n)).map(|pi| {
        let p = &school.pupils[pi];
        html! {
            <tr class="govuk-table__row" data-pupil={p.id.clone()}>
                <th scope="row" class="govuk-table__header">{ &p.id }</th>
                { pair_cells("e3", Pair::new(figure(bout, pi), figure(out, pi))) }
            </tr>
        }
    });
    let onchange = {
        let period = period.clone();
        Callback::from(move |e: Event| {
            if let Ok(i) = super::common::event_value(&e).parse() {
                period.set(i);
            }
        })
    };
    let go = {
        let page = page.clone();
        Callback::from(move |p| page.set(p))
    };

    html! {
        <section class="app-ws-baseline" id="against-baseline" aria-labelledby="against-baseline-heading" data-baseline={b.card.id.clone()}>
            <h3 class="govuk-heading-m" id="against-baseline-heading">{ "Against the baseline" }</h3>
            <p class="govuk-body">
                { "Each figure under the rate card in force (what-if: " }<strong>{ &c.scenario.rate_card.title }</strong>
                { "), under the baseline (" }<strong>{ &b.label }</strong>{ ") and the change (what-if − baseline, R10.6)." }
            </p>
            <p class="govuk-body app-ws-table-title" id="baseline-ay-caption"><strong>{ "School totals by academic year, against the baseline" }</strong></p>
            { pair_table("baseline-ay", true, "Academic year", &["Direct Element 3", "Maximum gains and losses adjustment", "Indicative Community share", "Current system"], html! { { for ay_rows } }) }
            <p class="govuk-body app-ws-table-title" id="baseline-fy-caption"><strong>{ "School totals by financial year, against the baseline" }</strong></p>
            { pair_table("baseline-fy", true, "Financial year", &["Direct Element 3", "Current system"], html! { { for fy_rows } }) }
            <BarChart id="baseline-chart" caption="Direct Element 3 year by year: the card in force (what-if) against the baseline" groups={groups} series={series} />
            <div class="govuk-form-group">
                <label class="govuk-label" for="baseline-pupils-period">{ "Each pupil's Element 3 against the baseline, for" }</label>
                <select class="govuk-select" id="baseline-pupils-period" {onchange}>
                    { for out.years.iter().enumerate().map(|(i, y)| html! { <option value={i.to_string()} selected={pv == i}>{ y.to_string() }</option> }) }
                    { for out.fys.iter().enumerate().map(|(i, y)| { let k = out.years.len() + i; html! { <option value={k.to_string()} selected={pv == k}>{ format!("Financial year {y}") }</option> } }) }
                </select>
            </div>
            <p class="govuk-body app-ws-table-title" id="baseline-pupils-caption">
                <strong>{ format!("Pupils' Element 3 against the baseline, {label}") }</strong>
                if pages > 1 { { format!(" (pupils {} to {} of {})", count(current * PUPIL_PAGE + 1), count(((current + 1) * PUPIL_PAGE).min(n)), count(n)) } }
            </p>
            { pair_table("baseline-pupils", false, "Pupil", &["Element 3"], html! { { for rows } }) }
            { pagination("baseline-pupils-pagination", "Pages of the pupils' figures against the baseline", current, pages, go) }
        </section>
    }
}
