//! The one store for everything the calculator keeps in this browser, so nothing typed is lost:
//! the school workspace, the Community data and the rate-card edits in force, each under its
//! own key (every key starts with [`crate::browser::STORAGE_PREFIX`]) and each in its journey's
//! own versioned JSON format.
//!
//! * Where: IndexedDB (database `kent-sen-funding`, object store `saved`, one text value per
//!   key), which holds workspaces of any size the browser allows (a 50,000-pupil school is about
//!   3 MB, more than localStorage's 5 MB of UTF-16 can be counted on for). The browser's
//!   localStorage is used only where IndexedDB cannot be opened (some private windows, old
//!   browsers, a page opened from a file in some browsers).
//! * Migration: earlier builds kept everything in localStorage under the same keys. The first
//!   time a key is read, a value found there is moved into IndexedDB (and removed from
//!   localStorage once IndexedDB has it). If IndexedDB already has a value for the key, the
//!   old one is kept beside it under `KEY.legacy` — never silently dropped. Each journey then
//!   checks its format's version itself and migrates it or refuses it with a message.
//! * Writes: [`set`] starts its IndexedDB transaction at once, before it returns, and asks the
//!   browser to commit it without waiting for more requests: a save made when the page is
//!   hidden or closed (`pagehide`) is in the browser's hands before the page goes.
//! * "Delete all my data": [`clear`] empties the IndexedDB store and removes every key of the
//!   calculator from localStorage.

use std::cell::RefCell;
use std::future::Future;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

use crate::browser::STORAGE_PREFIX;

const DB_NAME: &str = "kent-sen-funding";
const DB_VERSION: u32 = 1;
const STORE: &str = "saved";

/// Where values are kept in this browser.
#[derive(Clone, Debug, PartialEq)]
enum Backend {
    Idb(IdbDatabase),
    /// IndexedDB could not be opened: why, and localStorage is used instead.
    Local(String),
}

thread_local! {
    /// The store once opened (the database connection is kept for the page's life).
    static BACKEND: RefCell<Option<Backend>> = const { RefCell::new(None) };
    /// The opening in progress, shared by every caller that arrives meanwhile.
    static OPENING: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
    /// What this tab last saved under each key, whether or not the browser kept it, and why
    /// the browser did not keep the latest changes (see [`Health`]).
    static HEALTH: RefCell<Health> = RefCell::new(Health::default());
}

/// Whether the browser keeps what this tab saves: when it does not (its storage is full or
/// turned off, or it was cleared while the page was open), the page says so and offers the work
/// as a file ([`work_file`]); the work stays in the page meanwhile.
#[derive(Default)]
struct Health {
    /// The latest value this tab saved under each key (`None`: removed).
    latest: std::collections::BTreeMap<String, Option<String>>,
    /// Keys whose latest value the browser did not keep, and why.
    failed: std::collections::BTreeMap<String, String>,
    /// The store was deleted while the page was open: the next save writes every key again.
    cleared: bool,
    watchers: Vec<(u32, yew::Callback<Option<Problem>>)>,
    next_watcher: u32,
}

/// Why the browser is not keeping this tab's work, for the page to say.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// A save failed: the browser's reason.
    NotKept(String),
    /// The store was deleted while the page was open (the site's data cleared).
    Cleared,
}

fn problem_now(h: &Health) -> Option<Problem> {
    if h.cleared {
        return Some(Problem::Cleared);
    }
    h.failed.values().next().map(|why| Problem::NotKept(why.clone()))
}

fn tell_watchers() {
    let (problem, watchers) = HEALTH.with(|h| {
        let h = h.borrow();
        (problem_now(&h), h.watchers.iter().map(|(_, w)| w.clone()).collect::<Vec<_>>())
    });
    for w in watchers {
        w.emit(problem.clone());
    }
}

fn note_result(key: &str, result: &Result<(), String>) {
    let changed = HEALTH.with(|h| {
        let mut h = h.borrow_mut();
        let before = problem_now(&h);
        match result {
            Ok(()) => {
                h.failed.remove(key);
            }
            Err(why) => {
                h.failed.insert(key.to_string(), why.clone());
            }
        }
        before != problem_now(&h)
    });
    if changed {
        tell_watchers();
    }
}

/// Why the browser is not keeping this tab's work, kept up to date, for a component.
#[yew::hook]
pub fn use_problem() -> Option<Problem> {
    let state = yew::use_state(|| HEALTH.with(|h| problem_now(&h.borrow())));
    {
        let state = state.clone();
        yew::use_effect_with((), move |_| {
            let id = HEALTH.with(|h| {
                let mut h = h.borrow_mut();
                h.next_watcher += 1;
                let id = h.next_watcher;
                h.watchers.push((id, yew::Callback::from(move |p| state.set(p))));
                id
            });
            move || HEALTH.with(|h| h.borrow_mut().watchers.retain(|(i, _)| *i != id))
        });
    }
    (*state).clone()
}

/// The format of the file of "Download your work".
pub const WORK_FILE_FORMAT: &str = "kent-sen-funding-work";

/// "Download your work": everything this tab has saved, as one file (each key's value as the
/// JSON it was saved as), which "Open a saved workspace" reads back ([`restore_work_file`]).
pub fn work_file() -> String {
    let kept: serde_json::Map<String, serde_json::Value> = HEALTH.with(|h| {
        h.borrow()
            .latest
            .iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| (k.clone(), serde_json::from_str(v).unwrap_or_else(|_| serde_json::Value::String(v.clone())))))
            .collect()
    });
    let file = serde_json::json!({
        "format": WORK_FILE_FORMAT,
        "version": 1,
        "saved_at": String::from(js_sys::Date::new_0().to_iso_string()),
        "kept": kept,
    });
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// Whether `text` is a file of "Download your work".
pub fn is_work_file(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text).ok().is_some_and(|v| v.get("format").and_then(|f| f.as_str()) == Some(WORK_FILE_FORMAT))
}

/// Puts back what a file of "Download your work" holds, key by key (only the calculator's own
/// keys); the page is then reloaded by the caller, so that every journey reads it. Returns the
/// keys not put back, with why.
pub async fn restore_work_file(text: &str) -> Result<Vec<String>, String> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("it is not in a form this calculator can read ({e})"))?;
    let Some(kept) = v.get("kept").and_then(|k| k.as_object()) else { return Err("it holds no saved work".into()) };
    let mut refused = Vec::new();
    for (key, value) in kept {
        if !key.starts_with(STORAGE_PREFIX) {
            continue;
        }
        let text = match value {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        if !crate::tabs::may_write_soon(key).await {
            refused.push(format!("{key}: it is open in another tab of the calculator; open the file there"));
        } else if let Err(e) = set(key, text).await {
            refused.push(format!("{key}: {e}"));
        }
    }
    Ok(refused)
}

fn message(e: &JsValue) -> String {
    if let Some(d) = e.dyn_ref::<web_sys::DomException>() {
        return format!("{}: {}", d.name(), d.message());
    }
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string().unwrap_or_else(|| "unknown error".into())
}

/// A promise settled by a request's `success` (with its result) or `error`.
fn request_done(req: &IdbRequest) -> js_sys::Promise {
    let req = req.clone();
    js_sys::Promise::new(&mut |resolve, reject| {
        let r = req.clone();
        let ok = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &r.result().unwrap_or(JsValue::UNDEFINED));
        });
        let r = req.clone();
        let fail = Closure::once_into_js(move |_: web_sys::Event| {
            let why = r.error().ok().flatten().map(JsValue::from).unwrap_or_else(|| JsValue::from_str("the request failed"));
            let _ = reject.call1(&JsValue::NULL, &why);
        });
        req.set_onsuccess(Some(ok.unchecked_ref()));
        req.set_onerror(Some(fail.unchecked_ref()));
    })
}

/// A promise settled when a transaction is committed (`complete`) or fails (`error`, `abort`).
fn transaction_done(tx: &IdbTransaction) -> js_sys::Promise {
    let tx = tx.clone();
    js_sys::Promise::new(&mut |resolve, reject| {
        let ok = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let t = tx.clone();
        let reject2 = reject.clone();
        let fail = Closure::once_into_js(move |_: web_sys::Event| {
            let why = t.error().map(JsValue::from).unwrap_or_else(|| JsValue::from_str("the browser did not keep it"));
            let _ = reject.call1(&JsValue::NULL, &why);
        });
        let t = tx.clone();
        let abort = Closure::once_into_js(move |_: web_sys::Event| {
            let why = t.error().map(JsValue::from).unwrap_or_else(|| JsValue::from_str("the browser stopped the save"));
            let _ = reject2.call1(&JsValue::NULL, &why);
        });
        tx.set_oncomplete(Some(ok.unchecked_ref()));
        tx.set_onerror(Some(fail.unchecked_ref()));
        tx.set_onabort(Some(abort.unchecked_ref()));
    })
}

/// Starts opening the database (creating its one object store the first time).
fn open_db() -> Result<js_sys::Promise, String> {
    let factory = gloo::utils::window().indexed_db().map_err(|e| message(&e))?.ok_or("this browser has no IndexedDB")?;
    let req: IdbOpenDbRequest = factory.open_with_u32(DB_NAME, DB_VERSION).map_err(|e| message(&e))?;
    let r = req.clone();
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        if let Ok(db) = r.result().and_then(|v| v.dyn_into::<IdbDatabase>()) {
            if !db.object_store_names().contains(STORE) {
                let _ = db.create_object_store(STORE);
            }
        }
    });
    req.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    upgrade.forget();
    Ok(request_done(&req))
}

/// The store, opened the first time it is needed.
async fn backend() -> Backend {
    if let Some(b) = BACKEND.with(|b| b.borrow().clone()) {
        return b;
    }
    let opening = OPENING.with(|o| {
        let mut o = o.borrow_mut();
        if o.is_none() {
            *o = Some(open_db().map_err(|e| JsValue::from_str(&e)).unwrap_or_else(|e| js_sys::Promise::reject(&e)));
        }
        o.clone()
    });
    let b = match opening {
        Some(p) => match JsFuture::from(p).await.and_then(|v| v.dyn_into::<IdbDatabase>()) {
            Ok(db) => {
                // Another tab with a newer build wants to upgrade the database, or the
                // database is being deleted (the site's data cleared): let it, and open it
                // afresh for the next save.
                let d = db.clone();
                let close = Closure::<dyn FnMut(web_sys::IdbVersionChangeEvent)>::new(move |e: web_sys::IdbVersionChangeEvent| {
                    d.close();
                    lost_store(e.new_version().is_none());
                });
                db.set_onversionchange(Some(close.as_ref().unchecked_ref()));
                close.forget();
                // Closed by the browser (the site's data cleared in its settings).
                let closed = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| lost_store(true));
                db.set_onclose(Some(closed.as_ref().unchecked_ref()));
                closed.forget();
                Backend::Idb(db)
            }
            Err(e) => Backend::Local(message(&e)),
        },
        None => Backend::Local("IndexedDB could not be opened".into()),
    };
    BACKEND.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.is_none() {
            *slot = Some(b);
        }
        slot.clone().unwrap_or(Backend::Local(String::new()))
    })
}

/// The database went: the next save opens it again. `deleted`: with what it held (the site's
/// data cleared while the page was open), so the next save writes every key again.
fn lost_store(deleted: bool) {
    BACKEND.with(|b| *b.borrow_mut() = None);
    OPENING.with(|o| *o.borrow_mut() = None);
    if deleted {
        HEALTH.with(|h| h.borrow_mut().cleared = true);
        tell_watchers();
    }
}

/// The page's clock (ms).
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// How long after a change to save, given how long the last save kept the page busy (ms): at
/// once for the usual small data (10 ms, so that a keystroke is in the browser's hands within
/// milliseconds even if the browser is quit at once), up to a second for data slow to write
/// (a 50,000-pupil workspace), so that typing stays quick; the page's `pagehide` flush covers
/// that second when a tab is closed.
pub fn save_delay_ms(last_cost_ms: f64) -> u32 {
    if last_cost_ms < 50.0 {
        10
    } else {
        ((last_cost_ms * 5.0) as u32).min(1000)
    }
}

/// Opens the store ahead of the first save (the school workspace and every journey call it when
/// they start), so that a save made as the page closes can start at once.
pub fn open_early() {
    wasm_bindgen_futures::spawn_local(async {
        let _ = backend().await;
    });
}

/// Whether the values are in IndexedDB (`"indexeddb"`) or, where it is unavailable, in
/// localStorage (`"localstorage"`), once known; for the page's `data-storage` attribute.
pub fn backend_name() -> Option<&'static str> {
    BACKEND.with(|b| match &*b.borrow() {
        Some(Backend::Idb(_)) => Some("indexeddb"),
        Some(Backend::Local(_)) => Some("localstorage"),
        None => None,
    })
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn local_get(key: &str) -> Option<String> {
    local()?.get_item(key).ok().flatten()
}

fn local_set(key: &str, value: &str) -> Result<(), String> {
    let s = local().ok_or("this browser does not allow saving data on this computer")?;
    s.set_item(key, value).map_err(|_| "this browser's storage for this page is full or turned off".to_string())
}

fn local_remove(key: &str) {
    if let Some(s) = local() {
        let _ = s.remove_item(key);
    }
}

async fn idb_get(db: &IdbDatabase, key: &str) -> Result<Option<String>, String> {
    let tx = db.transaction_with_str(STORE).map_err(|e| message(&e))?;
    let store = tx.object_store(STORE).map_err(|e| message(&e))?;
    let req = store.get(&JsValue::from_str(key)).map_err(|e| message(&e))?;
    let v = JsFuture::from(request_done(&req)).await.map_err(|e| message(&e))?;
    Ok(v.as_string())
}

/// Starts a write transaction and asks for it to be committed at once.
fn idb_write(db: &IdbDatabase, f: impl FnOnce(&web_sys::IdbObjectStore) -> Result<IdbRequest, JsValue>) -> Result<js_sys::Promise, String> {
    let tx = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite).map_err(|e| message(&e))?;
    let done = transaction_done(&tx);
    let store = tx.object_store(STORE).map_err(|e| message(&e))?;
    f(&store).map_err(|e| message(&e))?;
    // No more requests: commit now rather than when the task ends (the page may be closing).
    // (web-sys marks `commit` deprecated, but it is standard IndexedDB 3.0; where a browser
    // lacks it, the call fails harmlessly and the transaction commits when the task ends.)
    #[allow(deprecated)]
    let _ = tx.commit();
    Ok(done)
}

async fn settle(p: Result<js_sys::Promise, String>) -> Result<(), String> {
    JsFuture::from(p.map_err(|e| quota_message(&e))?).await.map(|_| ()).map_err(|e| quota_message(&message(&e)))
}

fn quota_message(m: &str) -> String {
    if m.contains("Quota") {
        format!("this browser's storage for this page is full ({m})")
    } else {
        m.to_string()
    }
}

/// The value saved under `key`, if any (moved from localStorage into IndexedDB the first time,
/// see the module's notes).
pub async fn get(key: &str) -> Result<Option<String>, String> {
    match backend().await {
        Backend::Local(_) => Ok(local_get(key)),
        Backend::Idb(db) => {
            let current = idb_get(&db, key).await?;
            let Some(legacy) = local_get(key) else { return Ok(current) };
            // Saved by an earlier build, in localStorage: moved, never dropped.
            let (target, value) = match &current {
                None => (key.to_string(), legacy.clone()),
                Some(_) => (format!("{key}.legacy"), legacy.clone()),
            };
            let put = idb_write(&db, |s| s.put_with_key(&JsValue::from_str(&value), &JsValue::from_str(&target)));
            settle(put).await?;
            local_remove(key);
            Ok(current.or(Some(legacy)))
        }
    }
}

/// Saves `value` under `key`. The write starts before this returns when the store is open (it
/// is, once anything was read); the future says whether the browser kept it, or why not.
pub fn set(key: &str, value: String) -> impl Future<Output = Result<(), String>> {
    write(key, Some(value))
}

/// Removes the value saved under `key` (started at once, like [`set`]).
pub fn remove(key: &str) -> impl Future<Output = Result<(), String>> {
    write(key, None)
}

fn write(key: &str, value: Option<String>) -> impl Future<Output = Result<(), String>> {
    let key = key.to_string();
    // Another tab has this journey now (`crate::tabs`): what this tab holds is older than what
    // the other saves, and must not replace it.
    let allowed = crate::tabs::may_write(&key);
    if allowed {
        HEALTH.with(|h| h.borrow_mut().latest.insert(key.clone(), value.clone()));
    }
    let op = move |db: &IdbDatabase, key: &str, value: &Option<String>| {
        idb_write(db, |s| match value {
            Some(v) => s.put_with_key(&JsValue::from_str(v), &JsValue::from_str(key)),
            None => s.delete(&JsValue::from_str(key)),
        })
    };
    let started = BACKEND.with(|b| match &*b.borrow() {
        Some(Backend::Idb(db)) if allowed => Some(op(db, &key, &value)),
        _ => None,
    });
    if value.is_none() && allowed {
        // An earlier build's copy goes too.
        local_remove(&key);
    }
    async move {
        if !allowed {
            return Ok(());
        }
        let result = match started {
            Some(p) => settle(p).await,
            None => match backend().await {
                Backend::Idb(db) => settle(op(&db, &key, &value)).await,
                Backend::Local(_) => match &value {
                    Some(v) => local_set(&key, v),
                    None => Ok(()),
                },
            },
        };
        after_write(&key, &result);
        result
    }
}

/// Notes whether the browser kept `key`'s value; after the store was deleted under the page,
/// the first write that works writes every key again.
#[inline(never)]
fn after_write(key: &str, result: &Result<(), String>) {
    note_result(key, result);
    if result.is_ok() && HEALTH.with(|h| std::mem::take(&mut h.borrow_mut().cleared)) {
        wasm_bindgen_futures::spawn_local(async {
            resave_all().await;
            tell_watchers();
        });
    }
}

/// After the store was deleted while the page was open: every key this tab saved, again.
async fn resave_all() {
    let latest: Vec<(String, String)> = HEALTH.with(|h| h.borrow().latest.iter().filter_map(|(k, v)| v.clone().map(|v| (k.clone(), v))).collect());
    for (key, value) in latest {
        if !crate::tabs::may_write(&key) {
            continue;
        }
        let result = match backend().await {
            Backend::Idb(db) => settle(idb_write(&db, |s| s.put_with_key(&JsValue::from_str(&value), &JsValue::from_str(&key)))).await,
            Backend::Local(_) => local_set(&key, &value),
        };
        note_result(&key, &result);
    }
}

/// A small preference kept synchronously in localStorage (the import's remembered column
/// choices: headings only, never pupil data); removed by [`clear`] with everything else.
pub fn preference_get(key: &str) -> Option<String> {
    local()?.get_item(key).ok().flatten()
}

pub fn preference_set(key: &str, value: &str) {
    if let Some(s) = local() {
        let _ = s.set_item(key, value);
    }
}

/// "Delete all my data": everything the calculator keeps in this browser, in IndexedDB and in
/// localStorage (the keys of earlier builds too).
pub async fn clear() -> Result<(), String> {
    HEALTH.with(|h| {
        let mut h = h.borrow_mut();
        h.latest.clear();
        h.failed.clear();
        h.cleared = false;
    });
    tell_watchers();
    // The other tabs reload without saving, so that none writes back what is deleted.
    crate::tabs::announce_deleted();
    if let Some(s) = local() {
        let n = s.length().unwrap_or(0);
        let keys: Vec<String> = (0..n).filter_map(|i| s.key(i).ok().flatten()).filter(|k| k.starts_with(STORAGE_PREFIX)).collect();
        for k in keys {
            let _ = s.remove_item(&k);
        }
    }
    match backend().await {
        Backend::Idb(db) => settle(idb_write(&db, |s| s.clear())).await,
        Backend::Local(_) => Ok(()),
    }
}
