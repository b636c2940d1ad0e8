//! Tabs that never overwrite each other: each journey's saved data (the school workspace, the
//! Community data, the rate card changes) is changed in one tab at a time.
//!
//! * **One writer per journey.** A tab that shows a journey asks the browser for that
//!   journey's lock (Web Locks, `navigator.locks`, named after its key in [`crate::storage`]).
//!   It keeps the lock for as long as it is open: its copy in memory is then the one that is
//!   saved. The rate card's lock is asked for as the app starts, because its changes are read
//!   and saved by every page.
//! * **Another tab has it.** The journey is not shown; in its place the page says the journey
//!   is open in another tab, and offers to use it here ([`OneTab`]). The other tab is asked to
//!   let go (a `BroadcastChannel` message): it saves at once what is pending (the same save as
//!   when a page is hidden), stops saving that journey, says that it is now open in another
//!   tab, and lets go of the lock. This tab then gets the lock and reads the journey from the
//!   store, so it carries on from exactly what the other had. A tab that does not answer within
//!   [`TAKE_OVER_AFTER_MS`] (frozen in the background) has its lock taken.
//! * **Nothing typed is lost.** A tab only ever types into a journey whose lock it holds, and
//!   [`crate::storage`] refuses a write of a journey whose lock the tab no longer holds, so a
//!   late save from a tab that let go cannot replace what the other tab saved since.
//! * A tab that lost a journey and takes it back is reloaded: its copy in memory is older
//!   than the store's. A tab that never had it (opened second) needs no reload: it had read
//!   nothing.
//! * "Delete all my data" in one tab makes the others reload (without saving), so that none of
//!   them writes back what was deleted.
//! * Browsers without Web Locks (and pages not served over HTTPS or from this computer) keep
//!   the behaviour of one tab: every tab may save.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The name of the channel on which the calculator's tabs talk.
const CHANNEL: &str = "kent-sen-funding.tabs";

/// How long a tab waits for the other to let go before taking the lock (ms).
pub const TAKE_OVER_AFTER_MS: u32 = 3000;

/// Where a journey's lock is, as far as this tab knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holding {
    /// Not asked for yet, or the answer has not come.
    Asking,
    /// This tab holds it: the journey is shown and saved here.
    Mine,
    /// Another tab holds it. `lost`: this tab held it before and let it go (its copy in memory
    /// is older than the store's).
    Elsewhere { lost: bool },
    /// This tab asked the other to let go and is waiting.
    Moving,
}

#[derive(Default)]
struct Lock {
    holding: Option<Holding>,
    /// Resolves the promise this tab's lock is held by (lets it go).
    release: Option<js_sys::Function>,
    /// Whether this tab read the journey's data while another tab held it (the rate card's
    /// changes are read by every tab): it then reloads once it gets the lock.
    read_without: bool,
    /// The latest request's number: the answer to an earlier one (a wait overtaken by taking
    /// the lock) is let go at once.
    ticket: u32,
    watchers: Vec<(u32, Callback<Holding>)>,
}

#[derive(Default)]
struct Tabs {
    /// Each of [`LOCKED_KEYS`]' locks, in that order.
    locks: [Lock; 3],
    channel: Option<web_sys::BroadcastChannel>,
    /// Set once every save must stop (the data was deleted in another tab: this tab reloads).
    stopped: bool,
    next_watcher: u32,
    /// Whether the browser has Web Locks (known once asked).
    supported: Option<bool>,
}

impl Tabs {
    /// The lock of `name` (one of [`LOCKED_KEYS`]; any other name shares the last slot's,
    /// which no caller gives).
    fn lock(&mut self, name: &str) -> &mut Lock {
        &mut self.locks[slot(name)]
    }
    fn lock_ref(&self, name: &str) -> Option<&Lock> {
        LOCKED_KEYS.contains(&name).then(|| &self.locks[slot(name)])
    }
}

fn slot(name: &str) -> usize {
    LOCKED_KEYS.iter().position(|k| *k == name).unwrap_or(LOCKED_KEYS.len() - 1)
}

thread_local! {
    static TABS: RefCell<Tabs> = RefCell::new(Tabs::default());
}

/// The lock that guards a storage key: the journey's key itself (a key's `.unreadable` copy
/// belongs to the journey). `None` for keys without a journey (preferences).
fn lock_name(key: &str) -> Option<&str> {
    let base = key.strip_suffix(".unreadable").unwrap_or(key);
    LOCKED_KEYS.iter().copied().find(|k| *k == base)
}

/// The keys whose journeys are changed in one tab at a time.
const LOCKED_KEYS: [&str; 3] = [crate::school::STORAGE_KEY, crate::communities::persist::STORAGE_KEY, crate::ratecard::persist::STORAGE_KEY];

fn lock_manager() -> Option<JsValue> {
    let nav = gloo::utils::window().navigator();
    let locks = js_sys::Reflect::get(&nav, &JsValue::from_str("locks")).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then_some(locks)
}

fn supported() -> bool {
    TABS.with(|t| {
        let mut t = t.borrow_mut();
        *t.supported.get_or_insert_with(|| lock_manager().is_some())
    })
}

/// Whether this tab may save `key` now: it holds the journey's lock (or the browser has no
/// locks), and no other tab has deleted the data since.
pub fn may_write(key: &str) -> bool {
    TABS.with(|t| {
        let t = t.borrow();
        if t.stopped {
            return false;
        }
        match lock_name(key) {
            None => true,
            Some(name) => t.supported == Some(false) || t.lock_ref(name).and_then(|l| l.holding) == Some(Holding::Mine),
        }
    })
}

/// Where the lock of `name` is now.
pub fn holding(name: &str) -> Holding {
    if !supported() {
        return Holding::Mine;
    }
    TABS.with(|t| t.borrow().lock_ref(name).and_then(|l| l.holding).unwrap_or(Holding::Asking))
}

fn set_holding(name: &str, h: Holding) {
    let watchers: Vec<Callback<Holding>> = TABS.with(|t| {
        let mut t = t.borrow_mut();
        let lock = t.lock(name);
        lock.holding = Some(h);
        lock.watchers.iter().map(|(_, c)| c.clone()).collect()
    });
    for w in watchers {
        w.emit(h);
    }
}

/// Notes that this tab read `name`'s data without its lock (see [`Lock::read_without`]).
pub fn read_without_lock(name: &str) {
    TABS.with(|t| t.borrow_mut().lock(name).read_without = true);
}

/// Asks for the lock guarding `key` if not asked yet, and says, once the answer has come (a
/// second at most), whether this tab may save `key`.
pub async fn may_write_soon(key: &str) -> bool {
    let Some(name) = lock_name(key) else { return may_write(key) };
    if let Some(&name) = LOCKED_KEYS.iter().find(|k| **k == name) {
        claim(name);
        for _ in 0..100 {
            if holding(name) != Holding::Asking {
                break;
            }
            gloo::timers::future::TimeoutFuture::new(10).await;
        }
    }
    may_write(key)
}

/// Asks for the lock of the journey `page` shows, if it keeps data: as the app starts and on
/// each navigation, so that the answer is there when the page is first drawn.
pub fn claim_page(page: crate::route::Page) {
    use crate::route::Page;
    match page {
        Page::School => claim(LOCKED_KEYS[0]),
        Page::Communities => claim(LOCKED_KEYS[1]),
        Page::RateCard => claim(LOCKED_KEYS[2]),
        Page::Home | Page::FollowTheChild | Page::NotFound => {}
    }
}

/// Asks for the lock of `name` once: granted at once if no tab holds it, else
/// [`Holding::Elsewhere`]. Later calls do nothing.
pub fn claim(name: &'static str) {
    if !supported() {
        return;
    }
    let asked = TABS.with(|t| {
        let mut t = t.borrow_mut();
        let lock = t.lock(name);
        let asked = lock.holding.is_some();
        lock.holding.get_or_insert(Holding::Asking);
        asked
    });
    if asked {
        return;
    }
    listen();
    request(name, Request::IfFree);
}

#[derive(Clone, Copy, PartialEq)]
enum Request {
    /// Only if no other tab holds it.
    IfFree,
    /// Wait until the other lets go.
    Wait,
    /// Take it from the other.
    Steal,
}

fn request(name: &'static str, how: Request) {
    let Some(locks) = lock_manager() else { return };
    let Ok(ask) = js_sys::Reflect::get(&locks, &JsValue::from_str("request")).and_then(|f| f.dyn_into::<js_sys::Function>()) else { return };
    let options = js_sys::Object::new();
    let flag = match how {
        Request::IfFree => Some("ifAvailable"),
        Request::Steal => Some("steal"),
        Request::Wait => None,
    };
    if let Some(flag) = flag {
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str(flag), &JsValue::TRUE);
    }
    let ticket = TABS.with(|t| {
        let mut t = t.borrow_mut();
        let lock = t.lock(name);
        lock.ticket += 1;
        lock.ticket
    });
    let current = move || TABS.with(|t| t.borrow().lock_ref(name).map(|l| l.ticket)) == Some(ticket);
    let granted = Closure::once_into_js(move |lock: JsValue| -> js_sys::Promise {
        if !current() {
            return js_sys::Promise::resolve(&JsValue::UNDEFINED);
        }
        if lock.is_null() {
            // IfFree, and another tab holds it. Unless this tab has read the journey's data,
            // it waits its turn too: the journey is shown here once the other tab closes.
            set_holding(name, Holding::Elsewhere { lost: false });
            if !TABS.with(|t| t.borrow().lock_ref(name).is_some_and(|l| l.read_without)) {
                request(name, Request::Wait);
            }
            return js_sys::Promise::resolve(&JsValue::UNDEFINED);
        }
        // Held until `release` is called (or the page goes).
        let held = js_sys::Promise::new(&mut |resolve, _| {
            TABS.with(|t| t.borrow_mut().lock(name).release = Some(resolve));
        });
        let before = TABS.with(|t| t.borrow().lock_ref(name).and_then(|l| l.holding.map(|h| (h, l.read_without))));
        match before {
            // Taken back after losing it, or read while another tab had it: what is in memory
            // is older than the store's.
            Some((Holding::Moving, true)) | Some((Holding::Elsewhere { lost: true }, _)) => reload(),
            _ => set_holding(name, Holding::Mine),
        }
        held
    });
    let done = ask.call3(&locks, &JsValue::from_str(name), &options, &granted);
    // The promise fails when the lock is taken from this tab (`steal`), or the page goes.
    if let Ok(p) = done.and_then(|p| p.dyn_into::<js_sys::Promise>()) {
        let lost = Closure::once(move |_: JsValue| {
            if current() && holding(name) == Holding::Mine {
                set_holding(name, Holding::Elsewhere { lost: true });
            }
        });
        let _ = p.catch(&lost);
        lost.forget();
    }
}

/// Moves `name`'s journey to this tab: asks the tab holding it to let go, waits for the lock,
/// and takes it after [`TAKE_OVER_AFTER_MS`] if the other does not answer.
pub fn take_over(name: &'static str) {
    if !supported() {
        return;
    }
    if holding(name) == (Holding::Elsewhere { lost: true }) {
        TABS.with(|t| t.borrow_mut().lock(name).read_without = true);
    }
    set_holding(name, Holding::Moving);
    post(&[("release", name)]);
    request(name, Request::Wait);
    gloo::timers::callback::Timeout::new(TAKE_OVER_AFTER_MS, move || {
        if holding(name) == Holding::Moving {
            request(name, Request::Steal);
        }
    })
    .forget();
}

/// Lets go of `name` (another tab asked): what is pending is saved first.
fn let_go(name: &str) {
    if holding(name) != Holding::Mine {
        return;
    }
    // The journeys save what is pending, as when the page is hidden (`browser::on_page_hidden`):
    // each write starts at once, so the other tab, which reads once it has the lock, sees it.
    crate::browser::save_now();
    let release = TABS.with(|t| Some(t.borrow_mut().lock(name)).and_then(|l| l.release.take()));
    set_holding(name, Holding::Elsewhere { lost: true });
    if let Some(r) = release {
        let _ = r.call0(&JsValue::NULL);
    }
}

/// Tells the other tabs that everything was deleted: they reload without saving.
pub fn announce_deleted() {
    post(&[("deleted", "all")]);
}

fn reload() {
    let _ = gloo::utils::window().location().reload();
}

fn post(fields: &[(&str, &str)]) {
    listen();
    let message = js_sys::Object::new();
    for (k, v) in fields {
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    TABS.with(|t| {
        if let Some(c) = &t.borrow().channel {
            let _ = c.post_message(&message);
        }
    });
}

/// Starts listening to the other tabs (once).
fn listen() {
    let listening = TABS.with(|t| t.borrow().channel.is_some());
    if listening {
        return;
    }
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else { return };
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|e: web_sys::MessageEvent| {
        let data = e.data();
        let field = |k: &str| js_sys::Reflect::get(&data, &JsValue::from_str(k)).ok().and_then(|v| v.as_string());
        if let Some(name) = field("release").filter(|n| LOCKED_KEYS.contains(&n.as_str())) {
            let_go(&name);
        }
        if field("deleted").is_some() {
            TABS.with(|t| t.borrow_mut().stopped = true);
            reload();
        }
    });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    TABS.with(|t| t.borrow_mut().channel = Some(channel));
}

/// The holding of `name`, kept up to date, for a component; asks for the lock the first time.
#[hook]
pub fn use_holding(name: &'static str) -> Holding {
    let state = use_state(|| holding(name));
    {
        let state = state.clone();
        use_effect_with(name, move |&name| {
            let id = TABS.with(|t| {
                let mut t = t.borrow_mut();
                t.next_watcher += 1;
                let id = t.next_watcher;
                let set = state.clone();
                t.lock(name).watchers.push((id, Callback::from(move |h| set.set(h))));
                id
            });
            claim(name);
            state.set(holding(name));
            move || {
                TABS.with(|t| {
                    if let Some(l) = Some(t.borrow_mut().lock(name)) {
                        l.watchers.retain(|(i, _)| *i != id);
                    }
                })
            }
        });
    }
    *state
}

#[derive(Properties, PartialEq)]
pub struct OneTabProps {
    /// The journey's storage key (its lock's name).
    pub name: &'static str,
    /// What the journey keeps, as a person would say it ("your school workspace").
    pub what: &'static str,
    /// The button's words ("Use the workspace in this tab").
    pub take: &'static str,
    pub children: Html,
}

/// The journey (`children`) where this tab holds its lock; where another tab does, a notice
/// that says so and offers to move it here.
#[component]
pub fn OneTab(props: &OneTabProps) -> Html {
    let holding = use_holding(props.name);
    match holding {
        Holding::Mine => props.children.clone(),
        // The lock is answered within milliseconds.
        Holding::Asking => html! {},
        Holding::Elsewhere { lost } => html! { <OpenElsewhere name={props.name} what={props.what} take={props.take} {lost} moving=false /> },
        Holding::Moving => html! { <OpenElsewhere name={props.name} what={props.what} take={props.take} lost=false moving=true /> },
    }
}

#[derive(Properties, PartialEq)]
struct OpenElsewhereProps {
    name: &'static str,
    what: &'static str,
    take: &'static str,
    lost: bool,
    moving: bool,
}

/// That the journey is open in another tab (or, `lost`, was moved to one), and the button that
/// moves it here.
#[component]
fn OpenElsewhere(props: &OpenElsewhereProps) -> Html {
    let name = props.name;
    let onclick = Callback::from(move |_| take_over(name));
    let what = props.what;
    let (title, body) = if props.lost {
        (
            format!("{} is now open in another tab", capital(what)),
            format!("It was moved to another tab of the calculator, and everything you did here was saved. To stop two tabs overwriting each other, {what} can be changed in one tab at a time."),
        )
    } else {
        (
            format!("{} is open in another tab", capital(what)),
            format!("Another tab of the calculator has {what} open, and saves it as you go. To stop two tabs overwriting each other, it can be changed in one tab at a time."),
        )
    };
    html! {
        <div class="govuk-notification-banner" role="region" aria-labelledby="open-elsewhere-title" id="open-elsewhere" data-lost={props.lost.to_string()}>
            <div class="govuk-notification-banner__header">
                <h2 class="govuk-notification-banner__title" id="open-elsewhere-title">{ "Open in another tab" }</h2>
            </div>
            <div class="govuk-notification-banner__content">
                <p class="govuk-notification-banner__heading">{ title }</p>
                <p class="govuk-body">{ body }</p>
                if props.moving {
                    <p class="govuk-body" role="status" id="open-elsewhere-moving">{ "Moving it to this tab…" }</p>
                } else {
                    <button type="button" class="govuk-button" id="use-here" {onclick}>{ props.take }</button>
                }
            </div>
            // Nothing else of the journey is drawn: the rest of the code is fetched now.
            <crate::rest::FiguresShown />
        </div>
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}
