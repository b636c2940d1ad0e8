//! The rate card: the parameters every figure is computed from.

use yew::prelude::*;

use super::{card_pending, coming_soon, page_heading, PageProps};
use crate::ui::components::BandsTable;
use crate::ui::route::Page;
use crate::ui::state::CardState;

#[component]
pub fn RateCardPage(props: &PageProps) -> Html {
    let details = match &props.card {
        CardState::Ready(card) => html! {
            <>
                <dl class="govuk-summary-list">
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">{ "Title" }</dt>
                        <dd class="govuk-summary-list__value">{ &card.title }</dd>
                    </div>
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">{ "Identifier" }</dt>
                        <dd class="govuk-summary-list__value"><code>{ &card.id }</code></dd>
                    </div>
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">{ "Status" }</dt>
                        <dd class="govuk-summary-list__value">{ card.status.as_str() }</dd>
                    </div>
                </dl>
                <BandsTable card={card.clone()} />
                <h2 class="govuk-heading-m">{ "Sources" }</h2>
                <ul class="govuk-list">
                    { for card.sources.iter().map(|s| html! {
                        <li><strong>{ &s.id }</strong>{ " — " }{ &s.title }</li>
                    }) }
                </ul>
            </>
        },
        other => card_pending(other),
    };
    html! {
        <>
            { page_heading(Page::RateCard) }
            <p class="govuk-body-l">{ Page::RateCard.summary() }</p>
            { details }
            <h2 class="govuk-heading-m">{ "Trying other rates" }</h2>
            { coming_soon("Change a rate or load another rate card to see what every figure would be.") }
        </>
    }
}
