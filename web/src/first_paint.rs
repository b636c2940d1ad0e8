//! The first paint of each route: what the page shows before its module has arrived, rendered
//! at build time by the app's own components (Yew's server renderer, natively: `tools/first-paint`),
//! so it can never drift from what the app draws.
//!
//! It is the top of the page as the app draws it — the skip link, the header, the journey
//! navigation with the route's link current, the page's heading and introduction — and a line
//! saying that the calculator is loading. `scripts/prerender.mjs` writes each route's copy into
//! `index.html`; the app's first frame removes it (`remove_static_shell`), and nothing on the
//! page moves.

use yew::prelude::*;

use crate::components::{Header, JourneyNav, SkipLink};
use crate::pages::{page_heading, page_intro};
use crate::route::Page;

/// The pages with a route of their own, whose first paint is written into `index.html`.
pub const ROUTED: [Page; 5] = [Page::Home, Page::School, Page::FollowTheChild, Page::Communities, Page::RateCard];

#[derive(Properties, PartialEq)]
pub struct FirstPaintProps {
    pub page: Page,
}

/// The first paint of `page` (without the note for browsers without JavaScript, which
/// `index.html` has once for every route).
#[component]
pub fn FirstPaint(props: &FirstPaintProps) -> Html {
    let page = props.page;
    html! {
        <>
            <SkipLink />
            <Header />
            <JourneyNav current={page} />
            <div class="app-width-container">
                <main class="app-main" id="main" tabindex="-1" data-page={page.href()}>
                    { page_heading(page) }
                    { page_intro(page) }
                    <p class="govuk-body app-static__loading" role="status">{ "Loading the calculator…" }</p>
                </main>
            </div>
        </>
    }
}

/// The first paint of `page` as HTML.
#[cfg(feature = "ssr")]
pub fn render(page: Page) -> String {
    futures::executor::block_on(yew::LocalServerRenderer::<FirstPaint>::with_props(FirstPaintProps { page }).hydratable(false).render())
}
