//! The app's hooks: loading the rate card, following the address bar, and what happens on
//! every navigation (document title, focus).

use std::rc::Rc;

use gloo::events::EventListener;
use gloo::net::http::Request;
use sen_funding::engine::RateCard;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, RequestCache};
use yew::prelude::*;

use super::route::Page;
use super::state::{Action, AppState};
use super::SERVICE_NAME;

/// The page the address bar points at now.
pub fn current_page() -> Page {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    Page::from_hash(&hash)
}

/// Fetches the rate card at `url` once, when the app starts, validates it with the engine
/// (R9) and reports the outcome as an [`Action`].
#[hook]
pub fn use_rate_card(url: &'static str, dispatch: UseReducerDispatcher<AppState>) {
    use_effect_with((), move |_| {
        wasm_bindgen_futures::spawn_local(async move {
            dispatch.dispatch(load_rate_card(url).await);
        });
    });
}

async fn load_rate_card(url: &str) -> Action {
    let failed = |errors: Vec<String>| Action::CardFailed { url: url.to_string(), errors };
    // `no-cache`: the file has no hash in its name, so always ask whether it changed.
    let response = match Request::get(url).cache(RequestCache::NoCache).send().await {
        Ok(response) => response,
        Err(e) => return failed(vec![format!("the rate card could not be fetched ({e})")]),
    };
    if !response.ok() {
        return failed(vec![format!(
            "the rate card could not be fetched: the server answered {} {}",
            response.status(),
            response.status_text()
        )]);
    }
    let text = match response.text().await {
        Ok(text) => text,
        Err(e) => return failed(vec![format!("the rate card could not be read ({e})")]),
    };
    match RateCard::from_json_str(&text) {
        Ok(card) => Action::CardLoaded(Rc::new(card)),
        Err(errors) => failed(errors.iter().map(|e| e.to_string()).collect()),
    }
}

/// Follows the address bar: every change of its fragment becomes [`Action::Navigate`].
#[hook]
pub fn use_hash_route(dispatch: UseReducerDispatcher<AppState>) {
    use_effect_with((), move |_| {
        let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
            dispatch.dispatch(Action::Navigate(current_page()));
        });
        move || drop(listener)
    });
}

/// On every page: the document title names the page. After a navigation (never on the first
/// load), focus moves to the new page's main heading, so that keyboard and screen reader users
/// start reading at the new content, and the window scrolls to the top.
#[hook]
pub fn use_page_change(page: Page, navigations: u32) {
    use_effect_with((page, navigations), move |&(page, navigations)| {
        let document = gloo::utils::document();
        document.set_title(&format!("{} – {}", page.title(), SERVICE_NAME));
        if navigations > 0 {
            let heading = document
                .query_selector("#main h1")
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<HtmlElement>().ok());
            if let Some(heading) = heading {
                let _ = heading.focus();
            }
            gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
        }
    });
}
