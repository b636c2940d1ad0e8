//! The home page: what the calculator does, for whom, and the tariff at a glance.

use yew::prelude::*;

use super::{card_pending, page_heading, page_intro, PageProps};
use crate::components::TariffTable;
use crate::route::Page;
use crate::state::CardState;

#[component]
pub fn HomePage(props: &PageProps) -> Html {
    html! {
        <>
            { page_heading(Page::Home) }
            { page_intro(Page::Home) }
            <ul class="app-journeys">
                { for Page::JOURNEYS.iter().map(|&page| html! {
                    <li class="app-journeys__item">
                        <h2 class="govuk-heading-s"><a href={page.href()}>{ page.nav_label() }</a></h2>
                        <p class="govuk-body">{ page.summary() }</p>
                    </li>
                }) }
            </ul>
            <h2 class="govuk-heading-m">{ "Tariff rates at a glance" }</h2>
            <p class="govuk-body">
                { "From the tariff year, a pupil on a Specific Allocation band attracts a fixed top-up \
                   a year (rule R3.1). In mainstream schools it is paid for pupils with an EHCP." }
            </p>
            { match &props.card {
                CardState::Ready(card) => html! { <TariffTable card={card.clone()} /> },
                other => card_pending(other),
            } }
        </>
    }
}
