//! The footer.

use yew::prelude::*;

use crate::state::CardState;

#[derive(Properties, PartialEq)]
pub struct FooterProps {
    pub card: CardState,
}

/// Names the rate card in use and says where the figures come from.
#[component]
pub fn Footer(props: &FooterProps) -> Html {
    let card_line = match &props.card {
        CardState::Ready(card) => html! {
            <p class="app-footer__text">
                { "Rate card in use: " }<strong>{ &card.title }</strong>
                { format!(" ({}, {})", card.id, card.status.as_str()) }
            </p>
        },
        _ => html! {},
    };
    html! {
        <footer class="app-footer">
            <div class="app-width-container">
                { card_line }
                <p class="app-footer__text">
                    { "Figures follow Kent County Council's SEN Element 3 funding model \
                       (decisions 24/00120 and 24/00026). Everything is computed in your \
                       browser: nothing you enter leaves this page." }
                </p>
            </div>
        </footer>
    }
}
