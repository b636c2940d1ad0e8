//! The root component: state, routing, layout.

use yew::prelude::*;

use super::components::{Footer, Header, JourneyNav, RateCardNotice, SkipLink};
use super::hooks::{current_page, use_hash_route, use_page_change, use_rate_card};
use super::pages::{CommunitiesPage, FollowTheChildPage, HomePage, NotFoundPage, RateCardPage, SchoolPage};
use super::ratecard::{use_card_link, AppHandle, LinkProblems};
use super::route::Page;
use super::state::AppState;
use super::RATE_CARD_URL;

#[component]
pub fn App() -> Html {
    let state = use_reducer_eq(|| AppState::new(current_page()));
    use_rate_card(RATE_CARD_URL, state.dispatcher());
    use_hash_route(state.dispatcher());
    use_page_change(state.page, state.navigations);
    // Rate-card changes carried by the link the app was opened with.
    let link_problems = use_card_link(&state);

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
        <ContextProvider<AppHandle> context={state.clone()}>
            <SkipLink />
            <Header />
            <JourneyNav current={state.page} />
            <div class="app-width-container">
                <RateCardNotice card={state.card.clone()} modified={state.card_modified()} />
                <LinkProblems problems={link_problems} />
                <main class="app-main" id="main" tabindex="-1" data-page={state.page.href()}>
                    { page }
                </main>
            </div>
            <Footer card={state.card.clone()} />
        </ContextProvider<AppHandle>>
    }
}
