//! The rest of the app's code. A release build ships the app's one WebAssembly module in two
//! parts per route (scripts/split-wasm.mjs, tools/wasm-split): the entry, with what the route's
//! first figures need, and the rest. The app asks for the rest once a page's first figures are
//! on screen: each page marks where they are with [`FiguresShown`] ([`use_rest`] asks anyway a
//! few seconds after the rate card has loaded, for a page with no figures). Until the rest is
//! there, [`Deferred`] holds back the sections that are not figures (importing, keeping and
//! sharing, the range of one parameter), so that their code is not part of the first load.
//! Were any other code of the rest needed earlier, it would be loaded at once. A debug build
//! (`make dist-dev`) is not split: the rest is "there" as soon as it is asked for.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::components::Later;

// `catch`: the import then goes through wasm-bindgen's glue rather than straight to the
// snippet module, whose file name scripts/hash-assets.mjs changes.
#[wasm_bindgen(inline_js = "export function load_rest() { const f = globalThis.__senLoadRest; return f ? f() : Promise.resolve(); }
export function entry_key() { return globalThis.__senEntryKey ?? undefined; }")]
extern "C" {
    #[wasm_bindgen(catch)]
    fn load_rest() -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(js_name = entry_key)]
    fn entry_key_js() -> Option<String>;
}

/// The route whose entry the page loaded (`None`: the module is not split, as in a debug
/// build, and all of its code is there).
#[cfg(target_arch = "wasm32")]
pub fn entry_key() -> Option<String> {
    entry_key_js()
}

/// Natively (tests, the first paint's renderer) the module is whole.
#[cfg(not(target_arch = "wasm32"))]
pub fn entry_key() -> Option<String> {
    None
}

/// Whether the rest of the app's code is there.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Rest {
    /// Not asked for yet, or on its way.
    Pending,
    Ready,
    /// It could not be fetched (offline on a first visit, say).
    Failed,
}

/// What [`FiguresShown`] calls: "the first figures are on screen".
#[derive(Clone, PartialEq)]
pub struct AskForRest(pub Callback<()>);

/// How long after the rate card has loaded the rest is asked for on a page that never shows
/// figures (a page not found, say).
const ASK_ANYWAY_MS: u32 = 3_000;

/// Whether the rest of the code is there, and the callback that asks for it. `card_loaded`:
/// the rate card has been fetched (or has failed: then there will be no figures, and the rest
/// is asked for at once). Provide the answers with `ContextProvider<Rest>` and
/// `ContextProvider<AskForRest>`.
#[hook]
pub fn use_rest(card_loaded: bool, card_failed: bool) -> (Rest, AskForRest) {
    let asked = use_state_eq(|| false);
    let ask = {
        let asked = asked.clone();
        AskForRest(use_callback((), move |(), _| asked.set(true)))
    };
    {
        let asked = asked.clone();
        // The timer runs only while nothing has asked yet, and is dropped once something has:
        // firing while a slow rest is still on its way would run code that is not in the
        // route's entry, and the rest would then be fetched a second time, at once.
        use_effect_with((card_loaded, card_failed, *asked), move |&(loaded, failed, already)| {
            if failed && !already {
                asked.set(true);
            }
            let timer = (loaded && !already).then(|| gloo::timers::callback::Timeout::new(ASK_ANYWAY_MS, move || asked.set(true)));
            move || drop(timer)
        });
    }
    (use_load_rest(*asked), ask)
}

/// Where a page's first figures render (it renders nothing): once it is on screen, the rest of
/// the app's code is asked for.
#[component]
pub fn FiguresShown() -> Html {
    let ask = use_context::<AskForRest>();
    use_effect_with((), move |()| {
        if let Some(AskForRest(ask)) = ask {
            ask.emit(());
        }
    });
    html! {}
}

#[hook]
fn use_load_rest(ask: bool) -> Rest {
    let rest = use_state_eq(|| Rest::Pending);
    {
        let rest = rest.clone();
        use_effect_with(ask, move |ask| {
            if *ask && *rest == Rest::Pending {
                wasm_bindgen_futures::spawn_local(async move {
                    let loaded = match load_rest() {
                        Ok(promise) => JsFuture::from(promise).await.is_ok(),
                        Err(_) => false,
                    };
                    rest.set(if loaded { Rest::Ready } else { Rest::Failed });
                });
            }
        });
    }
    *rest
}

#[derive(Properties, PartialEq)]
pub struct DeferredProps {
    pub section: crate::split::Section,
}

/// Its section ([`crate::split::defer`]) once the rest of the code is there; until then
/// nothing (a moment on a fast connection); a one-line explanation if the rest could not be
/// fetched. Each `Deferred` of a page is drawn in a task of its own when the rest arrives
/// ([`Later`]), not all in one.
#[component]
pub fn Deferred(props: &DeferredProps) -> Html {
    match use_context::<Rest>().unwrap_or(Rest::Ready) {
        Rest::Ready => html! { <Later>{ props.section.render() }</Later> },
        Rest::Pending => html! {},
        Rest::Failed => html! {
            <p class="govuk-body app-deferred-failed">{ "This part of the calculator could not be loaded. Check your connection and reload the page." }</p>
        },
    }
}
