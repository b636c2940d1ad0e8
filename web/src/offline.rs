//! Offline use and safe updates: after the first visit, a service worker (`sw.js`, written into
//! the built site by `scripts/sw.mjs` with the list of every file of the build) keeps the whole
//! site in the browser's cache, so the calculator works with the network cut. Its scope is the
//! folder the site is served from, whatever that folder is.
//!
//! A new build's worker installs beside the old one and waits: it takes over only when the
//! person chooses "Reload" in the notice the app then shows ("A new version of the calculator
//! is available"), so an open tab never mixes two builds (every other file is named by its
//! content hash, `scripts/hash-assets.mjs`).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::ServiceWorkerRegistration;

/// How often an open tab asks whether a new build was deployed (and when it is shown again).
const CHECK_EVERY_MS: u32 = 30 * 60 * 1000;

fn has_service_workers() -> bool {
    let window = gloo::utils::window();
    if !window.is_secure_context() {
        return false;
    }
    // `navigator.serviceWorker` is undefined where the browser has none.
    js_sys::Reflect::get(&window.navigator(), &"serviceWorker".into()).map(|v| !v.is_undefined()).unwrap_or(false)
}

fn has_controller() -> bool {
    gloo::utils::window().navigator().service_worker().controller().is_some()
}

/// Registers `./sw.js` once the page has loaded (so it never competes with the first load), and
/// calls `on_update` when a new build's worker is installed and waiting. Quietly does nothing
/// where service workers are not available (an old browser, a page opened from a file).
pub fn register(on_update: impl Fn() + Clone + 'static) {
    if !has_service_workers() {
        return;
    }
    let start = move || {
        let container = gloo::utils::window().navigator().service_worker();
        let promise = container.register("./sw.js");
        let on_update = on_update.clone();
        wasm_bindgen_futures::spawn_local(async move {
            // A failure (say, a host that cannot serve the file) leaves the site working online.
            let Ok(reg) = wasm_bindgen_futures::JsFuture::from(promise).await else { return };
            let Ok(reg) = reg.dyn_into::<ServiceWorkerRegistration>() else { return };
            watch(reg, on_update);
        });
    };
    if gloo::utils::document().ready_state() == "complete" {
        start();
    } else {
        gloo::events::EventListener::once(&gloo::utils::window(), "load", move |_| start()).forget();
    }
}

fn watch(reg: ServiceWorkerRegistration, on_update: impl Fn() + Clone + 'static) {
    // A worker already waiting (installed while no tab took notice).
    if reg.waiting().is_some() && has_controller() {
        on_update();
    }
    // A new build took over because another tab chose "Reload": this tab still runs the old
    // build, whose files the new worker no longer keeps, so it is asked to reload too. (The
    // first worker taking control of a first visit is not a new build.)
    {
        let controlled = std::cell::Cell::new(has_controller());
        let on_update = on_update.clone();
        gloo::events::EventListener::new(&gloo::utils::window().navigator().service_worker(), "controllerchange", move |_| {
            if controlled.replace(true) {
                on_update();
            }
        })
        .forget();
    }
    {
        let reg2 = reg.clone();
        let on_update = on_update.clone();
        let found = Closure::<dyn FnMut()>::new(move || {
            let Some(worker) = reg2.installing() else { return };
            let w2 = worker.clone();
            let on_update = on_update.clone();
            let changed = Closure::<dyn FnMut()>::new(move || {
                let state = js_sys::Reflect::get(&w2, &"state".into()).ok().and_then(|s| s.as_string()).unwrap_or_default();
                // Installed while an older build controls the page: a new version is waiting.
                if state == "installed" && has_controller() {
                    on_update();
                }
            });
            worker.set_onstatechange(Some(changed.as_ref().unchecked_ref()));
            changed.forget();
        });
        reg.set_onupdatefound(Some(found.as_ref().unchecked_ref()));
        found.forget();
    }
    // Ask for a new build now and then, and whenever the page is shown again.
    let check = {
        let reg = reg.clone();
        move || {
            if let Ok(p) = reg.update() {
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
                });
            }
        }
    };
    let c2 = check.clone();
    gloo::timers::callback::Interval::new(CHECK_EVERY_MS, c2).forget();
    gloo::events::EventListener::new(&gloo::utils::document(), "visibilitychange", move |_| {
        if gloo::utils::document().visibility_state() == web_sys::VisibilityState::Visible {
            check();
        }
    })
    .forget();
}

/// "Reload": tells the waiting worker to take over, and reloads the page once it has.
pub fn activate_update() {
    if !has_service_workers() {
        let _ = gloo::utils::window().location().reload();
        return;
    }
    let container = gloo::utils::window().navigator().service_worker();
    gloo::events::EventListener::once(&container, "controllerchange", |_| {
        let _ = gloo::utils::window().location().reload();
    })
    .forget();
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(reg) = wasm_bindgen_futures::JsFuture::from(container.get_registration()).await else { return };
        let Ok(reg) = reg.dyn_into::<ServiceWorkerRegistration>() else { return };
        match reg.waiting() {
            Some(w) => {
                let _ = w.post_message(&"skip-waiting".into());
            }
            None => {
                let _ = gloo::utils::window().location().reload();
            }
        }
    });
}
