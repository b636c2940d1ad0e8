//! The navigation between the journeys.

use yew::prelude::*;

use crate::route::Page;

#[derive(Properties, PartialEq)]
pub struct JourneyNavProps {
    pub current: Page,
}

/// One link per journey; the current one is marked with `aria-current="page"`.
#[component]
pub fn JourneyNav(props: &JourneyNavProps) -> Html {
    html! {
        <nav class="app-nav" aria-label="Journeys">
            <div class="app-width-container">
                <ul class="app-nav__list">
                    { for Page::JOURNEYS.iter().map(|&page| {
                        let current = page == props.current;
                        html! {
                            <li class={classes!("app-nav__item", current.then_some("app-nav__item--current"))}>
                                <a class="app-nav__link" href={page.href()}
                                   aria-current={current.then_some("page")}>
                                    { page.nav_label() }
                                </a>
                            </li>
                        }
                    }) }
                </ul>
            </div>
        </nav>
    }
}
