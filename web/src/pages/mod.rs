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

/// The page's introduction under its heading: the same words in the app and in the first
/// paint written into `index.html` at build time ([`crate::first_paint`]).
pub fn page_intro(page: Page) -> Html {
    let text = match page {
        Page::Home => {
            "See how Kent's new SEN funding system pays the Element 3 top-up for pupils with \
                       special educational needs: for a school, for a child, and for each Community of schools."
        }
        Page::School => {
            "See your school's Element 3 top-up funding year by year, under the current system and the new one, pupil by pupil. \
                         Everything is worked out in this browser: nothing you enter leaves this computer."
        }
        Page::FollowTheChild => {
            "Choose your child's band of need and whether they have an EHCP to see the top-up paid for them \
                                 in a mainstream school, a Specialist Resource Provision and a special school, year by year as \
                                 Kent's new funding system comes in."
        }
        Page::Communities => {
            "How the county's pot for Communities of schools is shared out: each Community's historic and \
                              formula shares, the top-slice, its net and gross budget, what existing claims commit, and what \
                              is left for the Community to decide."
        }
        Page::RateCard => page.summary(),
        Page::NotFound => return html! {},
    };
    // The school's introduction is not printed (its printout has a heading of its own).
    let class = if page == Page::School { "govuk-body-l app-ws-screen-only" } else { "govuk-body-l" };
    html! { <p {class}>{ text }</p> }
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
