//! The rate card: the parameters every figure is computed from. The journey is in
//! `crate::ratecard`.

use yew::prelude::*;

use super::{card_pending, page_heading, page_intro, PageProps};
use crate::route::Page;
use crate::state::CardState;

#[component]
pub fn RateCardPage(props: &PageProps) -> Html {
    let body = match &props.card {
        // Its figures are the card's values, shown as the journey renders.
        CardState::Ready(card) => html! {
            <>
                <crate::tabs::OneTab name={crate::ratecard::persist::STORAGE_KEY} what="your rate card changes" take="Change the rate card in this tab">
                    <crate::ratecard::RateCardJourney card={card.clone()} />
                </crate::tabs::OneTab>
                <crate::rest::FiguresShown />
            </>
        },
        other => card_pending(other),
    };
    html! {
        <>
            { page_heading(Page::RateCard) }
            { page_intro(Page::RateCard) }
            <crate::ratecard::PublishedCards />
            { body }
        </>
    }
}
