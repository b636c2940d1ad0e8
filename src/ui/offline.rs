//! Offline use: after the first visit, a service worker (`sw.js`, written into the built site by
//! `scripts/sw.mjs` with the list of every file of the build) keeps the whole site in the
//! browser's cache, so the calculator works with the network cut. Its scope is the folder the
//! site is served from, whatever that folder is.

/// Registers `./sw.js` once the page has loaded (so it never competes with the first load).
/// Quietly does nothing where service workers are not available (an old browser, a page opened
/// from a file).
pub fn register() {
    let window = gloo::utils::window();
    if !window.is_secure_context() {
        return;
    }
    // `navigator.serviceWorker` is undefined where the browser has none.
    let navigator = window.navigator();
    let has = js_sys::Reflect::get(&navigator, &"serviceWorker".into()).map(|v| !v.is_undefined()).unwrap_or(false);
    if !has {
        return;
    }
    let start = move || {
        let container = gloo::utils::window().navigator().service_worker();
        let promise = container.register("./sw.js");
        wasm_bindgen_futures::spawn_local(async move {
            // A failure (say, a host that cannot serve the file) leaves the site working online.
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        });
    };
    if gloo::utils::document().ready_state() == "complete" {
        start();
    } else {
        let listener = gloo::events::EventListener::once(&window, "load", move |_| start());
        listener.forget();
    }
}
