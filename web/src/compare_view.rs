//! What-if against a baseline (R10.6) as every journey shows it: a scenario computed again
//! under the pinned baseline card (once per scenario and baseline, never on an edit of the
//! what-if card), the engine's [`compare`] of the two, and the cells that show a figure three
//! times — what-if, baseline, change.

use std::rc::Rc;

use sen_funding::engine::compare::{compare, Comparison, Computed, Pair};
use sen_funding::engine::money::format_gbp_pennies;
use sen_funding::engine::{Outcome, RateCard, Scenario};
use sen_funding_fast::calculate;
use yew::prelude::*;

/// A scenario computed under the baseline card.
#[derive(Debug)]
pub struct BaselineRun {
    pub scenario: Scenario,
    pub outcome: Outcome,
}

/// The same scenario under `card` (the baseline): its pupils, schools and Communities as they
/// are; refused, with the reason, when the card cannot read them (a band it does not have).
pub fn with_card(s: &Scenario, card: &Rc<RateCard>) -> Result<Scenario, String> {
    for (si, school) in s.schools.iter().enumerate() {
        for (pi, p) in school.pupils.iter().enumerate() {
            if card.band(&p.band).is_none() {
                return Err(format!(
                    "schools[{si}].pupils[{pi}].band: the baseline card “{}” has no band {}, so this scenario cannot be compared against it",
                    card.title, p.band
                ));
            }
        }
    }
    Ok(Scenario { rate_card: (**card).clone(), rate_card_path: None, ..s.clone() })
}

/// The scenario computed under the baseline card.
pub fn run_baseline(s: &Scenario, card: &Rc<RateCard>) -> Result<Rc<BaselineRun>, String> {
    let scenario = with_card(s, card)?;
    let outcome = calculate(&scenario);
    Ok(Rc::new(BaselineRun { scenario, outcome }))
}

/// R10.6 for the what-if scenario against its baseline run.
pub fn compare_runs(base: &BaselineRun, what_if: (&Scenario, &Outcome)) -> Comparison {
    compare(Computed::new(&base.scenario, &base.outcome), Computed::new(what_if.0, what_if.1))
}

/// `+£1,200.00`, `-£300.00`, `£0.00`.
pub fn signed(p: i64) -> String {
    if p > 0 {
        format!("+{}", format_gbp_pennies(p))
    } else {
        format_gbp_pennies(p)
    }
}

fn money(p: Option<i64>) -> String {
    p.map(format_gbp_pennies).unwrap_or_else(|| "—".into())
}

pub fn change_class(c: Option<i64>) -> Option<&'static str> {
    match c {
        Some(c) if c > 0 => Some("app-change--up"),
        Some(c) if c < 0 => Some("app-change--down"),
        _ => None,
    }
}

/// Three numeric cells: what-if, baseline, change; `data-figure="{name}-what-if"` …, and the
/// exact pennies in `data-pennies` (empty when absent), so that tests compare them with R10.6.
pub fn pair_cells(name: &str, p: Pair) -> Html {
    let cell = |which: &str, v: Option<i64>, text: String, class: Option<&'static str>| {
        html! {
            <td class={classes!("govuk-table__cell", "govuk-table__cell--numeric", class)} data-figure={format!("{name}-{which}")}
                data-pennies={v.map(|x| x.to_string()).unwrap_or_default()}>{ text }</td>
        }
    };
    let c = p.change();
    html! {
        <>
            { cell("what-if", p.what_if, money(p.what_if), None) }
            { cell("baseline", p.base, money(p.base), None) }
            { cell("change", c, c.map(signed).unwrap_or_else(|| "—".into()), change_class(c)) }
        </>
    }
}

/// The three column headers of [`pair_cells`] under a figure's name.
pub fn pair_headers(figure: &str) -> Html {
    html! {
        <>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ format!("{figure}: what-if") }</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ format!("{figure}: baseline") }</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ format!("{figure}: change") }</th>
        </>
    }
}

// --- a range for one parameter ------------------------------------------------------------

use rust_decimal::Decimal;
use sen_funding::engine::whatif::Param;

use crate::components::{BarChart, Series};

/// What a range shows: a figure per period (the series) at each of the five values.
#[derive(Debug, Clone, PartialEq)]
pub struct RangeTable {
    pub values: Vec<Decimal>,
    /// (series name, one figure per value), pennies.
    pub series: Vec<(String, Vec<i64>)>,
    /// How long the five calculations took, in milliseconds.
    pub ms: f64,
}

#[derive(Properties, PartialEq)]
pub struct RangeToolProps {
    pub id: AttrValue,
    pub card: Rc<RateCard>,
    /// What the five values are of: "the school's direct Element 3" …
    pub what: AttrValue,
    /// Runs the engine at the five values (`whatif::range_school` / `range_county`).
    pub run: Callback<(Param, Decimal, Decimal), Result<RangeTable, Vec<String>>>,
}

pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// A range for one parameter (R9): a parameter, two bounds, and the figure at five evenly
/// spaced values between them, as a chart with its table; any of the values can be put in
/// force (a what-if edit of the card, as on the rate card page).
#[component]
pub fn RangeTool(props: &RangeToolProps) -> Html {
    let params = Param::all(&props.card);
    let chosen = use_state(|| 0usize);
    let from = use_state(|| "0.5".to_string());
    let to = use_state(|| "0.75".to_string());
    let result = use_state(|| None::<Result<RangeTable, Vec<String>>>);
    let app = use_context::<crate::ratecard::AppHandle>();
    let pi = (*chosen).min(params.len().saturating_sub(1));
    let Some(param) = params.get(pi).cloned() else { return html! {} };
    let prec = param.precision();
    let id = props.id.to_string();
    let on_param = {
        let (chosen, from, to, result) = (chosen.clone(), from.clone(), to.clone(), result.clone());
        let params = params.clone();
        let card = props.card.clone();
        Callback::from(move |e: Event| {
            let i: usize = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value().parse().unwrap_or(0);
            chosen.set(i);
            // Bounds around the value in force: from it to 1.25 times it (to 1 for a share).
            if let Some(p) = params.get(i) {
                let v = p.get(&card).unwrap_or_default();
                from.set(v.normalize().to_string());
                let hi = v * Decimal::new(125, 2);
                let hi = if p.precision() == sen_funding::engine::whatif::Precision::Fraction { hi.min(Decimal::ONE) } else { hi };
                to.set(sen_funding::engine::money::round_half_up(hi, p.precision().dp()).normalize().to_string());
            }
            result.set(None);
        })
    };
    let text_input = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: Event| state.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()))
    };
    let go = {
        let (from, to, result, run, param) = (from.clone(), to.clone(), result.clone(), props.run.clone(), param.clone());
        Callback::from(move |_| {
            let mut errs = Vec::new();
            let a = prec.parse(from.trim()).map_err(|e| errs.push(format!("From: {e}"))).ok();
            let b = prec.parse(to.trim()).map_err(|e| errs.push(format!("To: {e}"))).ok();
            match (a, b) {
                (Some(a), Some(b)) => result.set(Some(run.emit((param.clone(), a, b)))),
                _ => result.set(Some(Err(errs))),
            }
        })
    };
    let body = match &*result {
        None => html! {},
        Some(Err(errs)) => html! {
            <ul class="govuk-list govuk-error-message" id={format!("{id}-errors")}>{ for errs.iter().map(|e| html! { <li>{ e }</li> }) }</ul>
        },
        Some(Ok(t)) => {
            let groups: Vec<String> = t.values.iter().map(|v| prec.show(*v)).collect();
            let series: Vec<Series> = t.series.iter().map(|(n, v)| Series { name: n.clone(), values: v.clone() }).collect();
            let use_value = |v: Decimal| {
                let app = app.clone();
                let param = param.clone();
                Callback::from(move |_| {
                    if let Some(app) = &app {
                        if let Some(card) = app.card() {
                            app.dispatch(crate::state::Action::CardEdited(Rc::new(param.set(card, v))));
                        }
                    }
                })
            };
            html! {
                <div id={format!("{id}-result")} data-range-ms={format!("{:.2}", t.ms)}>
                    <p class="govuk-body-s">{ format!("Worked out in your browser in {:.0} ms.", t.ms) }</p>
                    <div class="app-scroll" role="region" aria-label={format!("{} at five values", param.label(&props.card))} tabindex="0">
                        <BarChart id={format!("{id}-chart")} caption={format!("{} at five values of {}", props.what, param.label(&props.card))} groups={groups.clone()} series={series} />
                    </div>
                    <div class="govuk-button-group">
                        { for t.values.iter().zip(&groups).enumerate().map(|(i, (v, g))| html! {
                            <button type="button" class="govuk-button govuk-button--secondary" data-range-use={i.to_string()} onclick={use_value(*v)}>
                                { format!("Put {g} in force") }
                            </button>
                        }) }
                    </div>
                </div>
            }
        }
    };
    html! {
        <section class="app-range" id={id.clone()} aria-labelledby={format!("{id}-title")}>
            <h3 class="govuk-heading-s" id={format!("{id}-title")}>{ "A range for one rate" }</h3>
            <p class="govuk-body">{ format!("Choose a rate and two bounds: {} at five evenly spaced values between them, the rest of the rate card in force as it is.", props.what) }</p>
            <div class="govuk-form-group">
                <label class="govuk-label" for={format!("{id}-param")}>{ "Rate" }</label>
                <select class="govuk-select" id={format!("{id}-param")} onchange={on_param}>
                    { for params.iter().enumerate().map(|(i, p)| html! { <option value={i.to_string()} selected={i == pi}>{ p.label(&props.card) }</option> }) }
                </select>
            </div>
            <div class="govuk-form-group app-range__bounds">
                <label class="govuk-label" for={format!("{id}-from")}>{ "From" }</label>
                <input class="govuk-input govuk-input--width-10" id={format!("{id}-from")} type="text" inputmode="decimal" value={(*from).clone()} onchange={text_input(&from)} />
                <label class="govuk-label" for={format!("{id}-to")}>{ "To" }</label>
                <input class="govuk-input govuk-input--width-10" id={format!("{id}-to")} type="text" inputmode="decimal" value={(*to).clone()} onchange={text_input(&to)} />
                <div class="govuk-hint">{ match prec {
                    sen_funding::engine::whatif::Precision::Money => "In pounds, e.g. 12500.",
                    sen_funding::engine::whatif::Precision::Fraction => "As a fraction from 0 to 1, e.g. 0.75 for 75%.",
                    sen_funding::engine::whatif::Precision::Multiplier => "A multiplier, e.g. 1.5.",
                } }</div>
            </div>
            <button type="button" class="govuk-button" id={format!("{id}-go")} onclick={go}>{ "Show the five values" }</button>
            { body }
        </section>
    }
}
