//! One module per page.

mod communities;
mod follow;
mod home;
mod not_found;
mod rate_card;
mod school;

pub use communities::CommunitiesPage;
pub use follow::FollowTheChildPage;
pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use rate_card::RateCardPage;
pub use school::SchoolPage;

use yew::prelude::*;

use crate::route::Page;
use crate::state::CardState;

/// What every page gets: the rate card as it stands.
#[derive(Properties, PartialEq)]
pub struct PageProps {
    pub card: CardState,
}

/// The page's main heading: focus moves here after a navigation.
pub fn page_heading(page: Page) -> Html {
    html! { <h1 class="govuk-heading-l" tabindex="-1">{ page.title() }</h1> }
}

/// What a page shows where its figures would be while the rate card is not ready.
pub fn card_pending(card: &CardState) -> Html {
    match card {
        CardState::Loading => html! { <p class="govuk-body">{ "The figures appear once the rate card has loaded." }</p> },
        CardState::Failed { .. } => html! {
            <p class="govuk-body">{ "No figures can be shown: the rate card could not be loaded (see above)." }</p>
        },
        CardState::Ready(_) => html! {},
    }
}
