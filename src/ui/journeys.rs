//! The journeys that are not part of the first load: "How funding follows the child",
//! "Community budgets" and the rate card editor. They are built into a second WebAssembly
//! module (the crate in `journeys/`, built into `dist/journeys/` by `scripts/build-journeys.mjs`)
//! that the app loads when one of them is first opened ([`super::journey_host`]), so the first
//! page stays within its size budget however large the journeys grow.
//!
//! The module runs its own small Yew app inside the page's `<main>`: it gets the rate card in
//! force (and the base and shipped cards) as JSON, and sends rate-card actions back to the
//! app, which owns the card; every journey reads the card in force.

use std::rc::Rc;

use yew::prelude::*;

use crate::engine::RateCard;
use crate::ui::state::Action;

/// What a journey gets from the app that hosts it.
#[derive(Clone, PartialEq)]
pub struct Host {
    /// The card the what-if edits are made against (the shipped or last loaded card).
    pub base: Rc<RateCard>,
    /// Rate-card actions for the app: `CardEdited`, `CardReplaced`, `CardReset`.
    pub dispatch: Callback<Action>,
}

#[derive(Properties, PartialEq)]
pub struct JourneyRootProps {
    pub name: AttrValue,
    pub card: Rc<RateCard>,
    pub base: Rc<RateCard>,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn JourneyRoot(props: &JourneyRootProps) -> Html {
    let host = Host { base: props.base.clone(), dispatch: props.dispatch.clone() };
    let card = props.card.clone();
    let body = match props.name.as_str() {
        "follow" => html! { <super::follow::FollowJourney {card} /> },
        "communities" => html! { <super::communities::CommunitiesJourney {card} /> },
        "rate-card" => html! { <super::ratecard::RateCardJourney {card} /> },
        "school" => html! { <super::school::Workspace {card} /> },
        other => html! { <p class="govuk-body">{ format!("Unknown journey “{other}”.") }</p> },
    };
    html! {
        <ContextProvider<Host> context={host}>
            { body }
        </ContextProvider<Host>>
    }
}

/// A journey mounted in the page.
pub struct MountedJourney {
    app: Option<yew::AppHandle<JourneyRoot>>,
    name: AttrValue,
    dispatch: Callback<Action>,
}

fn read_card(json: &str, what: &str) -> Result<Rc<RateCard>, String> {
    RateCard::from_json_str(json).map(Rc::new).map_err(|e| format!("the {what} rate card is not valid: {}", e.first().map(|e| e.to_string()).unwrap_or_default()))
}

/// The rate-card actions as the app receives them: `(kind, card JSON)`.
fn dispatcher(on_action: js_sys::Function) -> Callback<Action> {
    Callback::from(move |a: Action| {
        let (kind, payload) = match a {
            Action::CardEdited(c) => ("edit", c.to_json().to_string()),
            Action::CardReplaced(c) => ("replace", c.to_json().to_string()),
            Action::CardReset => ("reset", String::new()),
            _ => return,
        };
        let _ = on_action.call2(&wasm_bindgen::JsValue::NULL, &kind.into(), &payload.into());
    })
}

/// How many subtree ids the module uses up before its first journey (see [`mount`]).
const SPACER: usize = 100;

#[component]
fn Spacer() -> Html {
    html! {}
}

/// Mounts a journey into `host` (an element the app renders empty and leaves alone).
///
/// The app and this module are two Yew instances in one page. Yew finds which app an event
/// belongs to by the id it gives each app's root element, and both instances number their
/// roots from 1; the first time, this module uses up ids, so that its roots never share an id
/// with the app's own root and each app handles only its own events.
pub fn mount(name: &str, host: web_sys::Element, card: &str, base: &str, shipped: &str, on_action: js_sys::Function) -> Result<MountedJourney, String> {
    thread_local!(static SEPARATED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if !SEPARATED.with(|s| s.replace(true)) {
        let doc = gloo::utils::document();
        for _ in 0..SPACER {
            if let Ok(el) = doc.create_element("div") {
                yew::Renderer::<Spacer>::with_root(el).render().destroy();
            }
        }
    }
    let card = read_card(card, "in force")?;
    let base = read_card(base, "base")?;
    let shipped = read_card(shipped, "shipped")?;
    super::ratecard::link::remember_shipped(&shipped);
    let dispatch = dispatcher(on_action);
    let name: AttrValue = AttrValue::from(name.to_string());
    let props = JourneyRootProps { name: name.clone(), card, base, dispatch: dispatch.clone() };
    let app = yew::Renderer::<JourneyRoot>::with_root_and_props(host, props).render();
    Ok(MountedJourney { app: Some(app), name, dispatch })
}

impl MountedJourney {
    /// The rate card in force (or the base card) changed: the journey recomputes.
    pub fn update(&mut self, card: &str, base: &str) -> Result<(), String> {
        let card = read_card(card, "in force")?;
        let base = read_card(base, "base")?;
        if let Some(app) = &mut self.app {
            app.update(JourneyRootProps { name: self.name.clone(), card, base, dispatch: self.dispatch.clone() });
        }
        Ok(())
    }

    pub fn destroy(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
    }
}
