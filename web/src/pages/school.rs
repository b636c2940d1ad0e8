//! The school workspace: a school's pupils, entered or imported, and its Element 3 year by
//! year under the current system and the new model. The workspace itself is in `crate::school`.

use yew::prelude::*;

use super::{card_pending, page_heading, page_intro, PageProps};
use crate::route::Page;
use crate::state::CardState;

#[component]
pub fn SchoolPage(props: &PageProps) -> Html {
    let body = match &props.card {
        CardState::Ready(card) => html! {
            <crate::tabs::OneTab name={crate::school::STORAGE_KEY} what="your school workspace" take="Use the workspace in this tab">
                <crate::school::Workspace card={card.clone()} />
            </crate::tabs::OneTab>
        },
        other => card_pending(other),
    };
    let print_card = match &props.card {
        CardState::Ready(card) => html! {
            <p class="app-ws-print-only app-ws-print-card" id="print-card-status">
                { format!("Rate card: {} ({}, {}). ", card.title, card.id, card.status.as_str()) }
                { if card.status == sen_funding::engine::ratecard::Status::Illustrative {
                    "Illustrative rates — not the council's decision: use these figures to see how the model works, not to plan a budget."
                } else {
                    "The council's published rates."
                } }
            </p>
        },
        _ => html! {},
    };
    html! {
        <>
            { page_heading(Page::School) }
            { page_intro(Page::School) }
            { print_card }
            { body }
        </>
    }
}
