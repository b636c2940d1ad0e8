//! WebAssembly entry point: starts the Yew app of `sen_funding::ui`.

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    sen_funding::ui::run();
}
