//! The root component: state, routing, layout.

use yew::prelude::*;

use super::communities::state::{CommunitiesHandle, CommunitiesState};
use super::components::{Footer, Header, JourneyNav, RateCardNotice, SkipLink, StorageProblem, UpdateNotice};
use super::follow::{FollowHandle, FollowState};
use super::hooks::{current_page, use_hash_route, use_page_change, use_rate_card};
use super::pages::{page_heading, NotFoundPage};
use super::ratecard::persist::use_card_autosave;
use super::ratecard::{use_card_link, AppHandle, BaselineBanner, LinkProblems, RateCardPageHandle, RateCardPageState};
use super::rest::{use_rest, AskForRest, Rest};
use super::route::Page;
use super::school::{SchoolHandle, WsState};
use super::state::AppState;
use super::{RATE_CARD_INDEX_URL, RATE_CARD_URL};

#[component]
pub fn App() -> Html {
    let state = use_reducer_eq(|| AppState::new(current_page()));
    // Every journey's state lives here, above the page switch: a journey keeps its state while
    // another is shown, and each changes only through its own actions.
    let school = use_reducer(WsState::default);
    let communities = use_reducer(CommunitiesState::default);
    let follow = use_reducer(FollowState::default);
    let rate_card_page = use_reducer(RateCardPageState::default);
    use_hash_route(state.dispatcher());
    use_page_change(state.page, state.navigations);
    // Offline use, and the notice that a new version is waiting.
    {
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| super::offline::register(move || dispatch.dispatch(super::state::Action::UpdateReady)));
    }
    // Rate-card changes carried by the link the app was opened with.
    let link_problems = use_card_link(&state);
    // Everything kept in this browser: the store opened at once (so that a save made as the
    // page closes starts at once), and the rate card's what-if edits saved and restored.
    use_effect_with((), |_| super::storage::open_early());
    // Which journey this tab may change, asked for before the page is first drawn (`tabs`).
    use_effect_with(state.page, |&page| super::tabs::claim_page(page));
    let card_restore_problem = use_card_autosave(&state, &rate_card_page);

    let loaded = !matches!(state.card, super::state::CardState::Loading);
    // The rest of the app's code, asked for once the first figures are on screen (see `rest`).
    let (rest, ask_for_rest) = use_rest(loaded, matches!(state.card, super::state::CardState::Failed { .. }));
    // The current card first; the other published cards once the rest has come.
    use_rate_card(RATE_CARD_INDEX_URL, RATE_CARD_URL, state.dispatcher(), rest != Rest::Pending);

    // The first frame waits for the rate card (R10.7): until then the static page's shell
    // (the route's heading and introduction, "Loading the calculator…") stays on screen, and
    // the app's first frame replaces it whole, with the rate-card notice already at its full
    // height, so nothing below it moves once the figures are there.
    // The shell goes as this frame is drawn, before the app's elements are put in: were both on
    // the page at once, a layout in between would see the shell pushed down (a layout shift).
    let shell_shown = use_mut_ref(|| true);
    if !loaded {
        return html! {};
    }
    if shell_shown.replace(false) {
        super::remove_static_shell();
    }

    let card = state.card.clone();
    // Each journey's page through its split point (`crate::split`), once its code is there.
    let page = if super::split::present(state.page, rest) {
        super::split::page(state.page, card.clone()).unwrap_or_else(|| html! { <NotFoundPage {card} /> })
    } else {
        html! { <PageComing page={state.page} /> }
    };

    html! {
        <ContextProvider<AppHandle> context={state.clone()}>
        <ContextProvider<Rest> context={rest}>
        <ContextProvider<AskForRest> context={ask_for_rest}>
        <ContextProvider<SchoolHandle> context={school}>
        <ContextProvider<CommunitiesHandle> context={communities}>
        <ContextProvider<FollowHandle> context={follow}>
        <ContextProvider<RateCardPageHandle> context={rate_card_page}>
            <SkipLink />
            <Header />
            <JourneyNav current={state.page} />
            <div class="app-width-container">
                if state.update_ready {
                    <UpdateNotice />
                }
                <StorageProblem />
                <RateCardNotice card={state.card.clone()} modified={state.card_modified()} />
                <LinkProblems problems={link_problems} />
                <BaselineBanner />
                if let Some(why) = card_restore_problem {
                    <div class="govuk-warning-text" id="card-restore-problem" role="status">
                        <span class="govuk-warning-text__icon" aria-hidden="true">{ "!" }</span>
                        <strong class="govuk-warning-text__text">{ why }</strong>
                    </div>
                }
                <main class="app-main" id="main" tabindex="-1" data-page={state.page.href()}>
                    { page }
                </main>
            </div>
            <Footer card={state.card.clone()} />
        </ContextProvider<RateCardPageHandle>>
        </ContextProvider<FollowHandle>>
        </ContextProvider<CommunitiesHandle>>
        </ContextProvider<SchoolHandle>>
        </ContextProvider<AskForRest>>
        </ContextProvider<Rest>>
        </ContextProvider<AppHandle>>
    }
}

#[derive(Properties, PartialEq)]
struct PageComingProps {
    page: Page,
}

/// A journey opened before the rest of the code has come: its heading, and that it is on its
/// way. It asks for the rest at once (it was asked for already once the first figures showed).
#[component]
fn PageComing(props: &PageComingProps) -> Html {
    let ask = use_context::<AskForRest>();
    use_effect_with((), move |()| {
        if let Some(AskForRest(ask)) = ask {
            ask.emit(());
        }
    });
    html! {
        <>
            { page_heading(props.page) }
            <p class="govuk-body" role="status" id="page-coming">{ "Loading this part of the calculator…" }</p>
        </>
    }
}
