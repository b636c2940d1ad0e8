//! Loads a journey of the second WebAssembly module ([`super::journeys`], built into
//! `dist/journeys/`) when its page is first opened, and mounts it in the page. The rate card
//! stays the app's: the journey gets the card in force as JSON whenever it changes, and sends
//! its rate-card actions (a what-if edit, a loaded card, a reset) back here.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::engine::RateCard;
use crate::ui::ratecard::{link, AppHandle};
use crate::ui::state::Action;

#[wasm_bindgen(module = "/www/lazy-journeys.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = mountJourney)]
    async fn mount_journey(name: String, host: web_sys::Element, card: String, base: String, shipped: String, on_action: js_sys::Function) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = updateJourney)]
    fn update_journey(journey: &JsValue, card: String, base: String) -> Result<(), JsValue>;
    #[wasm_bindgen(js_name = destroyJourney)]
    fn destroy_journey(journey: &JsValue);
}

#[derive(Clone, Copy, PartialEq)]
enum Status {
    Loading,
    Ready,
    Failed,
}

#[derive(Properties, PartialEq)]
pub struct JourneyHostProps {
    /// `follow`, `communities` or `rate-card`.
    pub name: AttrValue,
    pub card: Rc<RateCard>,
}

fn json(card: &RateCard) -> String {
    card.to_json().to_string()
}

#[component]
pub fn JourneyHost(props: &JourneyHostProps) -> Html {
    let app = use_context::<AppHandle>();
    let node = use_node_ref();
    let status = use_state(|| Status::Loading);
    let journey = use_mut_ref(|| None::<JsValue>);
    // The JSON of the cards as last given to the journey, and as they are now.
    let given = use_mut_ref(|| (String::new(), String::new()));
    let base = app.as_ref().and_then(|a| a.base_card.clone()).unwrap_or_else(|| props.card.clone());
    let card_json = use_memo(props.card.clone(), |c| json(c));
    let base_json = use_memo(base.clone(), |b| json(b));
    let latest = use_mut_ref(|| (String::new(), String::new()));
    *latest.borrow_mut() = ((*card_json).clone(), (*base_json).clone());

    {
        let node = node.clone();
        let status = status.clone();
        let journey = journey.clone();
        let given = given.clone();
        let latest = latest.clone();
        let dispatcher = app.as_ref().map(|a| a.dispatcher());
        use_effect_with(props.name.clone(), move |name| {
            let alive = Rc::new(RefCell::new(true));
            let on_action = Closure::<dyn FnMut(String, String)>::new(move |kind: String, payload: String| {
                let Some(d) = &dispatcher else { return };
                let card = || RateCard::from_json_str(&payload).ok().map(Rc::new);
                match kind.as_str() {
                    "edit" => {
                        if let Some(c) = card() {
                            d.dispatch(Action::CardEdited(c));
                        }
                    }
                    "replace" => {
                        if let Some(c) = card() {
                            d.dispatch(Action::CardReplaced(c));
                        }
                    }
                    "reset" => d.dispatch(Action::CardReset),
                    _ => {}
                }
            });
            let function: js_sys::Function = on_action.as_ref().unchecked_ref::<js_sys::Function>().clone();
            if let Some(el) = node.cast::<web_sys::Element>() {
                let name = name.to_string();
                let alive = alive.clone();
                let journey = journey.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let (card, base) = latest.borrow().clone();
                    let shipped = link::shipped().map(|s| json(&s)).unwrap_or_else(|| base.clone());
                    match mount_journey(name, el, card.clone(), base.clone(), shipped, function).await {
                        Ok(j) => {
                            if !*alive.borrow() {
                                destroy_journey(&j);
                                return;
                            }
                            *given.borrow_mut() = (card, base);
                            // The card may have changed while the module was loading.
                            let now = latest.borrow().clone();
                            if *given.borrow() != now && update_journey(&j, now.0.clone(), now.1.clone()).is_ok() {
                                *given.borrow_mut() = now;
                            }
                            *journey.borrow_mut() = Some(j);
                            status.set(Status::Ready);
                        }
                        Err(_) => {
                            if *alive.borrow() {
                                status.set(Status::Failed);
                            }
                        }
                    }
                });
            }
            move || {
                *alive.borrow_mut() = false;
                if let Some(j) = journey.borrow_mut().take() {
                    destroy_journey(&j);
                }
                drop(on_action);
            }
        });
    }
    {
        let journey = journey.clone();
        let given = given.clone();
        use_effect_with(((*card_json).clone(), (*base_json).clone()), move |now| {
            if let Some(j) = journey.borrow().as_ref() {
                if *given.borrow() != *now && update_journey(j, now.0.clone(), now.1.clone()).is_ok() {
                    *given.borrow_mut() = now.clone();
                }
            }
        });
    }

    let message = match *status {
        Status::Loading => "Loading this part of the calculator…",
        Status::Ready => "",
        Status::Failed => "",
    };
    html! {
        <div class="app-journey-host" data-journey={props.name.clone()} data-state={match *status { Status::Loading => "loading", Status::Ready => "ready", Status::Failed => "failed" }}>
            <p class="govuk-body app-journey-loading" role="status">{ message }</p>
            <div class="app-journey-failed">
                if *status == Status::Failed {
                    <div class="govuk-error-summary" role="alert">
                        <h2 class="govuk-error-summary__title">{ "This part of the calculator could not be loaded" }</h2>
                        <div class="govuk-error-summary__body">
                            <p>{ "Check your connection and reload the page. Once it has loaded, it also works without a connection." }</p>
                        </div>
                    </div>
                }
            </div>
            <div class="app-journey" ref={node}></div>
        </div>
    }
}
