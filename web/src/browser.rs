//! The few browser services the app uses: deleting what is kept on this computer (kept by
//! [`crate::storage`]; pupil data never leaves it), saving when the page is hidden,
//! downloads of files the app makes, and reading files the user picks. No network.

use wasm_bindgen::JsCast;

/// Every key the calculator keeps in this browser's storage starts with this.
pub const STORAGE_PREFIX: &str = "kent-sen-funding.";

/// "Delete all my data": removes everything the calculator keeps in this browser, in every
/// store (IndexedDB, and localStorage where earlier builds kept it): see [`crate::storage`].
pub async fn delete_all_data() -> Result<(), String> {
    crate::storage::clear().await
}

/// The event [`save_now`] sends: every journey's autosave listens for it with
/// [`on_page_hidden`].
const SAVE_NOW: &str = "kent-sen-funding-save-now";

/// Calls `f` whenever the page is hidden (another tab, the phone's home screen) or left
/// (`pagehide`), and when [`save_now`] is called: the moments to save what is pending. Dropping
/// the result stops it.
pub fn on_page_hidden(f: impl Fn() + Clone + 'static) -> [gloo::events::EventListener; 3] {
    let g = f.clone();
    let h = f.clone();
    let doc = gloo::utils::document();
    [
        gloo::events::EventListener::new(&gloo::utils::window(), "pagehide", move |_| f()),
        gloo::events::EventListener::new(&doc, "visibilitychange", move |_| {
            if gloo::utils::document().visibility_state() == web_sys::VisibilityState::Hidden {
                g();
            }
        }),
        gloo::events::EventListener::new(&gloo::utils::window(), SAVE_NOW, move |_| h()),
    ]
}

/// Every journey saves what is pending, now (each write starts before this returns): before
/// this tab lets another have a journey ([`crate::tabs`]).
pub fn save_now() {
    if let Ok(e) = web_sys::Event::new(SAVE_NOW) {
        let _ = gloo::utils::window().dispatch_event(&e);
    }
}

/// Drops `value` when the browser is next idle (after the frame being drawn), or after 200 ms
/// where it has no idle callbacks: freeing a county's figures (50,000 pupils' worth of small
/// allocations) takes milliseconds that a repaint after an edit cannot spare.
pub fn drop_when_idle<T: 'static>(value: T) {
    let f = wasm_bindgen::closure::Closure::once_into_js(move || drop(value));
    let window = gloo::utils::window();
    if window.request_idle_callback(f.unchecked_ref()).is_err() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(f.unchecked_ref(), 200);
    }
}

/// Offers `bytes` to the user as a file called `filename`.
pub fn download(filename: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let fail = |_| "the browser could not make the file".to_string();
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let doc = gloo::utils::document();
    let a: web_sys::HtmlAnchorElement = doc.create_element("a").map_err(fail)?.dyn_into().map_err(|_| "the browser could not make the link".to_string())?;
    a.set_href(&url);
    a.set_download(filename);
    a.set_hidden(true);
    if let Some(body) = doc.body() {
        let _ = body.append_child(&a);
        a.click();
        let _ = body.remove_child(&a);
    }
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Reads a file the user picked, as bytes.
pub async fn read_file(file: web_sys::File) -> Result<Vec<u8>, String> {
    let blob = gloo::file::Blob::from(file);
    gloo::file::futures::read_as_bytes(&blob).await.map_err(|e| format!("the file could not be read ({e})"))
}
