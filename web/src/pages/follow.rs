//! "How funding follows the child" (for parents): the journey is in `crate::follow`.

use yew::prelude::*;

use super::{card_pending, page_heading, page_intro, PageProps};
use crate::components::{CoreTable, TariffTable};
use crate::route::Page;
use crate::state::CardState;

#[component]
pub fn FollowTheChildPage(props: &PageProps) -> Html {
    let body = match &props.card {
        CardState::Ready(card) => html! {
            <>
                <crate::follow::FollowJourney card={card.clone()} />
                <h2 class="govuk-heading-m">{ "All the tariff rates" }</h2>
                <p class="govuk-body">
                    { format!("From {}, each Specific Allocation band attracts a fixed yearly top-up (rule R3.1): \
                               the band's rate times the setting's factor on the rate card. ", card.tariff_ay()) }
                    { "In mainstream schools it is paid for children with an EHCP." }
                </p>
                <TariffTable card={card.clone()} />
                <h2 class="govuk-heading-m">{ "What the setting meets itself" }</h2>
                <p class="govuk-body">
                    { "Element 3 is paid on top of what the school or setting already provides (rule R1.1). \
                       These amounts are context: they are not part of the top-up." }
                </p>
                <CoreTable card={card.clone()} />
            </>
        },
        other => card_pending(other),
    };
    html! {
        <>
            { page_heading(Page::FollowTheChild) }
            { page_intro(Page::FollowTheChild) }
            { body }
        </>
    }
}
