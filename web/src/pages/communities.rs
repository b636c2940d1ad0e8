//! Community budgets (for the council and for Communities): the journey is in
//! `crate::communities`.

use yew::prelude::*;

use super::{card_pending, page_heading, page_intro, PageProps};
use crate::route::Page;
use crate::state::CardState;

#[component]
pub fn CommunitiesPage(props: &PageProps) -> Html {
    let body = match &props.card {
        CardState::Ready(card) => html! { <crate::communities::CommunitiesJourney card={card.clone()} /> },
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
