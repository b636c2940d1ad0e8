//! The web app: a Yew single-page app that renders what the engine computes.
//!
//! * [`state`] — the app's state (`AppState`), changed only by [`state::Action`]s through
//!   Yew's reducer.
//! * [`route`] — the hash routes (`#/school`, `#/follow-the-child`, …), so the built site works
//!   from any folder of any static host.
//! * [`hooks`] — loading the rate card, following the address bar, focus and title on
//!   navigation.
//! * [`components`] — header, navigation, the rate card notice, tables.
//! * [`pages`] — one module per journey.
//!
//! The rate card is fetched from `ratecards/` next to `index.html` when the app starts and
//! validated by the engine (R9); every figure on the page is computed by the engine from it.

// Memo keys and callbacks of UI state are tuples by nature; naming each would not help.
#![allow(clippy::type_complexity)]

mod app;
pub mod bench;
pub mod browser;
pub(crate) mod communities;
mod compare_view;
mod components;
mod error_path;
pub mod first_paint;
mod follow;
mod hooks;
mod import;
pub mod offline;
mod pages;
mod ratecard;
pub mod rest;
mod route;
mod school;
pub mod split;
mod state;
pub mod storage;
mod tabs;
pub mod xlsx;

pub use route::Page;
pub use state::{Action, AppState, CardState};

/// Where the shipped rate card is, relative to the page: the card the app falls back to when
/// the index of published cards cannot be used (R10.7).
pub const RATE_CARD_URL: &str = "ratecards/kent-illustrative-2025.json";

/// The index of published rate cards (R10.7), relative to the page: the app loads its
/// `current` card. Publishing a card is editing this file, with no rebuild.
pub const RATE_CARD_INDEX_URL: &str = "ratecards/index.json";

/// The service's name, as shown in the header and the document title.
pub const SERVICE_NAME: &str = "Kent SEN funding calculator";

/// The WebAssembly entry point: Trunk's loader calls it once the module is instantiated.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    run();
}

/// Starts the app in `<div id="app">` (or the body, if the page has none).
///
/// The static page's own first paint, after it (`<div id="static-shell">`: the "loading"
/// shell, or the route's heading and introduction written into the page at build time by
/// `scripts/prerender.mjs`), stays on screen until the app's first
/// full frame replaces it ([`remove_static_shell`]), so the page never goes blank and nothing
/// on it jumps. (Yew empties the element it starts in, so the shell is not inside it.)
pub fn run() {
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => {
            yew::Renderer::<app::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<app::App>::new().render();
        }
    }
}

/// Removes the static page's shell (`<div id="static-shell">`). Called as the app's first full
/// frame is rendered, before its elements go into the page, in the same task: the browser never
/// paints both, or neither.
pub fn remove_static_shell() {
    if let Some(shell) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("static-shell")) {
        shell.remove();
    }
}
