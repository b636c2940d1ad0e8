//! The journeys module's exports (see `sen_funding::ui::journeys`): mount a journey in an
//! element of the page, give it a new rate card, take it down.

#[cfg(target_arch = "wasm32")]
mod exports {
    use wasm_bindgen::prelude::*;

    /// A journey mounted in the page.
    #[wasm_bindgen]
    pub struct Journey(sen_funding::ui::journeys::MountedJourney);

    /// Mounts the journey `name` (`follow`, `communities`, `rate-card`) in `host`, with the rate
    /// card in force, the base card and the shipped card (JSON). `on_action(kind, card)` gets
    /// the journey's rate-card actions: `edit`, `replace` (with the card's JSON) and `reset`.
    #[wasm_bindgen]
    pub fn mount(name: &str, host: web_sys::Element, card: &str, base: &str, shipped: &str, on_action: js_sys::Function) -> Result<Journey, JsError> {
        sen_funding::ui::journeys::mount(name, host, card, base, shipped, on_action).map(Journey).map_err(|e| JsError::new(&e))
    }

    #[wasm_bindgen]
    impl Journey {
        /// The rate card in force or the base card changed.
        pub fn update(&mut self, card: &str, base: &str) -> Result<(), JsError> {
            self.0.update(card, base).map_err(|e| JsError::new(&e))
        }

        pub fn destroy(&mut self) {
            self.0.destroy();
        }
    }
}
