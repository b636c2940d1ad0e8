//! The skip link and the header.

use gloo::utils::document;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::SERVICE_NAME;

/// "Skip to main content": the first thing a keyboard user reaches. It moves focus to `<main>`
/// itself rather than changing the address, because the address's fragment is the route.
#[component]
pub fn SkipLink() -> Html {
    let onclick = Callback::from(|e: MouseEvent| {
        e.prevent_default();
        if let Some(main) = document().get_element_by_id("main").and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
            let _ = main.focus();
            main.scroll_into_view();
        }
    });
    html! {
        <a href="#main" class="app-skip-link" {onclick}>{ "Skip to main content" }</a>
    }
}

/// The service's header, with its name linking to the home page.
#[component]
pub fn Header() -> Html {
    html! {
        <header class="app-header">
            <div class="app-width-container app-header__container">
                <span class="app-header__council">{ "Kent County Council" }</span>
                <a href="#/" class="app-header__service">{ SERVICE_NAME }</a>
            </div>
        </header>
    }
}
