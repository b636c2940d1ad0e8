//! The app's hooks: loading the rate card, following the address bar, and what happens on
//! every navigation (document title, focus).

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::net::http::Request;
use sen_funding::engine::ratecard_index::RateCardIndex;
use sen_funding::engine::RateCard;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, RequestCache};
use yew::prelude::*;

use super::route::Page;
use super::state::{Action, AppState, Published, PublishedCard};
use super::SERVICE_NAME;

/// The page the address bar points at now.
pub fn current_page() -> Page {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    Page::from_hash(&hash)
}

/// Loads the published rate cards once, when the app starts (R10.7): `index.json`, checked by
/// the engine, then its current card (checked by R9 and against its entry), which is put in
/// force; then every other listed card, so that the rate card page can offer them. A faulty
/// index, or a current card that fails, is reported with its path and the app falls back to
/// the card at `fallback_url` (the shipped card), saying so.
///
/// The other published cards (offered on the rate card page, or named by a link as the
/// baseline) are fetched once `others_now` (the first figures are on screen and the rest of the
/// code has come), so that a first visit fetches only the card its figures need.
#[hook]
pub fn use_rate_card(index_url: &'static str, fallback_url: &'static str, dispatch: UseReducerDispatcher<AppState>, others_now: bool) {
    let go = use_mut_ref(|| false);
    *go.borrow_mut() = others_now;
    use_effect_with((), move |_| {
        wasm_bindgen_futures::spawn_local(async move {
            load_published(index_url, fallback_url, dispatch, go).await;
        });
    });
}

/// The file at `url` as text, or why not.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    // `no-cache`: the files have no hash in their names, so always ask whether they changed.
    let response = Request::get(url).cache(RequestCache::NoCache).send().await.map_err(|e| format!("the request failed ({e})"))?;
    if !response.ok() {
        return Err(format!("the server answered {} {}", response.status(), response.status_text()));
    }
    response.text().await.map_err(|e| format!("it is not text ({e})"))
}

/// The folder of the index (`ratecards/`), to which its `file`s are relative.
fn folder_of(index_url: &str) -> &str {
    index_url.rfind('/').map_or("", |i| &index_url[..=i])
}

async fn load_published(index_url: &str, fallback_url: &str, dispatch: UseReducerDispatcher<AppState>, others_now: Rc<RefCell<bool>>) {
    let mut published = Published { loading: true, ..Published::default() };
    let index = match fetch_text(index_url).await {
        Ok(text) => RateCardIndex::from_json_str(&text).map_err(|errs| errs.iter().map(|e| format!("{index_url}: {e}")).collect::<Vec<_>>()),
        Err(why) => Err(vec![format!("{index_url}: {why}")]),
    };
    let index = match index {
        Ok(index) => index,
        Err(errors) => {
            published.index_errors = errors;
            published.loading = false;
            published.fallback = Some(format!(
                "The list of published rate cards ({index_url}) could not be used, so the calculator uses the rate card it was built with ({fallback_url})."
            ));
            dispatch.dispatch(Action::Published(Rc::new(published)));
            dispatch.dispatch(load_rate_card(fallback_url).await);
            return;
        }
    };
    let folder = folder_of(index_url).to_string();
    published.current = Some(index.current.clone());
    published.cards = index.cards.iter().map(|e| PublishedCard { entry: e.clone(), card: None, errors: Vec::new() }).collect();
    let current = index.position(&index.current).unwrap_or(0);
    // The current card first: the figures wait for it; the others after.
    let order: Vec<usize> = std::iter::once(current).chain((0..index.cards.len()).filter(|&i| i != current)).collect();
    for i in order {
        if i != current {
            while !*others_now.borrow() {
                gloo::timers::future::TimeoutFuture::new(50).await;
            }
        }
        let url = format!("{folder}{}", index.cards[i].file);
        let result = match fetch_text(&url).await {
            Ok(text) => index.load_card(i, &text).map_err(|errs| errs.iter().map(|e| format!("{index_url}: {e}")).collect::<Vec<_>>()),
            Err(why) => Err(vec![format!("{index_url}: {}", index.file_error(i, &why))]),
        };
        match result {
            Ok(card) => published.cards[i].card = Some(Rc::new(card)),
            Err(errors) => published.cards[i].errors = errors,
        }
        if i == current {
            match published.cards[i].card.clone() {
                Some(card) => {
                    dispatch.dispatch(Action::Published(Rc::new(published.clone())));
                    dispatch.dispatch(Action::CardLoaded(card));
                }
                None => {
                    published.fallback = Some(format!(
                        "The current published rate card ({url}) could not be used, so the calculator uses the rate card it was built with ({fallback_url})."
                    ));
                    dispatch.dispatch(Action::Published(Rc::new(published.clone())));
                    dispatch.dispatch(load_rate_card(fallback_url).await);
                }
            }
        }
    }
    published.loading = false;
    dispatch.dispatch(Action::Published(Rc::new(published)));
}

async fn load_rate_card(url: &str) -> Action {
    let failed = |errors: Vec<String>| Action::CardFailed { url: url.to_string(), errors };
    let text = match fetch_text(url).await {
        Ok(text) => text,
        Err(why) => return failed(vec![format!("the rate card {url} could not be fetched: {why}")]),
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
            let heading = document.query_selector("#main h1").ok().flatten().and_then(|e| e.dyn_into::<HtmlElement>().ok());
            if let Some(heading) = heading {
                let _ = heading.focus();
            }
            gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
        }
    });
}
