//! Community budgets (for the council and for Communities): the journey is in
//! `crate::communities`.

use yew::prelude::*;

use super::{card_pending, page_heading, PageProps};
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
            <p class="govuk-body-l">
                { "How the county's pot for Communities of schools is shared out: each Community's historic and \
                   formula shares, the top-slice, its net and gross budget, what existing claims commit, and what \
                   is left for the Community to decide." }
            </p>
            { body }
        </>
    }
}
