//! The root component: state, routing, layout.

use yew::prelude::*;

use super::components::{Footer, Header, JourneyNav, RateCardNotice, SkipLink};
use super::hooks::{current_page, use_hash_route, use_page_change, use_rate_card};
use super::pages::{CommunitiesPage, FollowTheChildPage, HomePage, NotFoundPage, RateCardPage, SchoolPage};
use super::route::Page;
use super::state::AppState;
use super::RATE_CARD_URL;

#[component]
pub fn App() -> Html {
    let state = use_reducer_eq(|| AppState::new(current_page()));
    use_rate_card(RATE_CARD_URL, state.dispatcher());
    use_hash_route(state.dispatcher());
    use_page_change(state.page, state.navigations);

    let card = state.card.clone();
    let page = match state.page {
        Page::Home => html! { <HomePage {card} /> },
        Page::School => html! { <SchoolPage {card} /> },
        Page::FollowTheChild => html! { <FollowTheChildPage {card} /> },
        Page::Communities => html! { <CommunitiesPage {card} /> },
        Page::RateCard => html! { <RateCardPage {card} /> },
        Page::NotFound => html! { <NotFoundPage {card} /> },
    };

    html! {
        <>
            <SkipLink />
            <Header />
            <JourneyNav current={state.page} />
            <div class="app-width-container">
                <RateCardNotice card={state.card.clone()} />
                <main class="app-main" id="main" tabindex="-1" data-page={state.page.href()}>
                    { page }
                </main>
            </div>
            <Footer card={state.card.clone()} />
        </>
    }
}
