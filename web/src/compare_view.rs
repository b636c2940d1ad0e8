//! What-if against a baseline (R10.6) as every journey shows it: a scenario computed again
//! under the pinned baseline card (once per scenario and baseline, never on an edit of the
//! what-if card), the engine's [`compare`] of the two, and the cells that show a figure three
//! times — what-if, baseline, change.

use std::rc::Rc;

use sen_funding::engine::compare::{compare, Comparison, Computed, Pair};
use sen_funding::engine::money::format_gbp_pennies;
use sen_funding::engine::{calculate, Outcome, RateCard, Scenario};
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
