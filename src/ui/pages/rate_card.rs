//! The rate card: the parameters every figure is computed from. The journey is in
//! `crate::ui::ratecard`.

use yew::prelude::*;

use super::{card_pending, page_heading, PageProps};
use crate::ui::journey_host::JourneyHost;
use crate::ui::route::Page;
use crate::ui::state::CardState;

#[component]
pub fn RateCardPage(props: &PageProps) -> Html {
    let body = match &props.card {
        CardState::Ready(card) => html! { <JourneyHost name="rate-card" card={card.clone()} /> },
        other => card_pending(other),
    };
    html! {
        <>
            { page_heading(Page::RateCard) }
            <p class="govuk-body-l">{ Page::RateCard.summary() }</p>
            { body }
        </>
    }
}
