//! Tables of figures computed by the engine from the rate card.

use std::rc::Rc;

use sen_funding::engine::money::format_gbp;
use sen_funding::engine::ratecard::Route;
use sen_funding::engine::{RateCard, Setting};
use yew::prelude::*;

use crate::rest::FiguresShown;

use super::ScrollTable;

#[derive(Properties, PartialEq)]
pub struct CardProps {
    pub card: Rc<RateCard>,
}

/// A table's head: the rows' own column, then the figures' (numeric) columns, then `last`'s
/// column where there is one (e.g. the explanations').
pub fn figures_head(first: &str, figures: &[&str], last: Option<Html>) -> Html {
    html! {
        <thead class="govuk-table__head">
            <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">{ first }</th>
                { for figures.iter().map(|f| html! { <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ *f }</th> }) }
                if let Some(last) = last {
                    <th scope="col" class="govuk-table__header">{ last }</th>
                }
            </tr>
        </thead>
    }
}

/// R3.1: the annual Element 3 top-up of each tariff band in each setting,
/// `rate(band) × setting_factor(setting)`, from `RateCard::tariff_annual`.
#[component]
pub fn TariffTable(props: &CardProps) -> Html {
    let card = &props.card;
    let rows = card.bands.iter().filter(|b| b.route == Route::Tariff).map(|band| {
        html! {
            <tr class="govuk-table__row" data-band={band.code.clone()}>
                <th scope="row" class="govuk-table__header">
                    <span class="app-band-code">{ &band.code }</span>{ " " }{ &band.name }
                </th>
                { for Setting::ALL.iter().map(|&setting| {
                    let figure = card.tariff_annual(&band.code, setting).map(format_gbp).unwrap_or_default();
                    html! {
                        <td class="govuk-table__cell govuk-table__cell--numeric" data-setting={setting.as_str()}>
                            { figure }
                        </td>
                    }
                }) }
            </tr>
        }
    });
    html! {
        <>
        <FiguresShown />
        <ScrollTable labelledby="tariff-table-caption">
        <table class="govuk-table" id="tariff-table">
            <caption class="govuk-table__caption" id="tariff-table-caption">{ "Element 3 top-up a year, by band and setting" }</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{ "Band" }</th>
                    { for Setting::ALL.iter().map(|s| html! {
                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ s.label() }</th>
                    }) }
                </tr>
            </thead>
            <tbody class="govuk-table__body">{ for rows }</tbody>
        </table>
        </ScrollTable>
        </>
    }
}

/// R1.1: what each setting meets itself before any Element 3 top-up (context only).
#[component]
pub fn CoreTable(props: &CardProps) -> Html {
    let card = &props.card;
    html! {
        <ScrollTable labelledby="core-table-caption">
        <table class="govuk-table" id="core-table">
            <caption class="govuk-table__caption" id="core-table-caption">{ "Met by the setting itself first, a year" }</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{ "Setting" }</th>
                    <th scope="col" class="govuk-table__header">{ "From" }</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Amount" }</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                { for Setting::ALL.iter().map(|&setting| html! {
                    <tr class="govuk-table__row" data-setting={setting.as_str()}>
                        <th scope="row" class="govuk-table__header">{ setting.label() }</th>
                        <td class="govuk-table__cell">{ core_source(setting) }</td>
                        <td class="govuk-table__cell govuk-table__cell--numeric">{ format_gbp(card.core(setting)) }</td>
                    </tr>
                }) }
            </tbody>
        </table>
        </ScrollTable>
    }
}

fn core_source(setting: Setting) -> &'static str {
    match setting {
        Setting::Mainstream => "the school's notional SEN budget",
        Setting::Srp => "core place funding",
        Setting::Special => "place funding",
    }
}

/// Every band of the card: its route (R1.3) and, for tariff bands, its rate.
#[component]
pub fn BandsTable(props: &CardProps) -> Html {
    let card = &props.card;
    html! {
        <ScrollTable labelledby="bands-table-caption">
        <table class="govuk-table" id="bands-table">
            <caption class="govuk-table__caption" id="bands-table-caption">{ "Bands of the Continuum of Need and Provision" }</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{ "Band" }</th>
                    <th scope="col" class="govuk-table__header">{ "Paid from" }</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Rate a year" }</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                { for card.bands.iter().map(|band| html! {
                    <tr class="govuk-table__row" data-band={band.code.clone()}>
                        <th scope="row" class="govuk-table__header">
                            <span class="app-band-code">{ &band.code }</span>{ " " }{ &band.name }
                            <span class="app-band-description">{ &band.description }</span>
                        </th>
                        <td class="govuk-table__cell">{ route_label(band.route) }</td>
                        <td class="govuk-table__cell govuk-table__cell--numeric">
                            { band.rate.map(format_gbp).unwrap_or_else(|| "No tariff".to_string()) }
                        </td>
                    </tr>
                }) }
            </tbody>
        </table>
        </ScrollTable>
    }
}

pub fn route_label(route: Route) -> &'static str {
    match route {
        Route::None => "The school's own budget",
        Route::Community => "The Community of schools budget",
        Route::Tariff => "Specific Allocation Funding (tariff)",
    }
}
