//! Community budgets (for the council and for Communities): the journey is in
//! `crate::communities`.

use yew::prelude::*;

use super::{card_pending, page_heading, page_intro, PageProps};
use crate::route::Page;
use crate::state::CardState;

#[component]
pub fn CommunitiesPage(props: &PageProps) -> Html {
    let body = match &props.card {
        CardState::Ready(card) => html! {
            <crate::tabs::OneTab name={crate::communities::persist::STORAGE_KEY} what="your Community data" take="Use the Community data in this tab">
                <crate::communities::CommunitiesJourney card={card.clone()} />
            </crate::tabs::OneTab>
        },
        other => card_pending(other),
    };
    html! {
        <>
            { page_heading(Page::Communities) }
            { page_intro(Page::Communities) }
            { body }
        </>
    }
}
