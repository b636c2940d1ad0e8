//! Small pieces shared by the workspace's components.

use std::rc::Rc;

use sen_funding::engine::exact;
use sen_funding::engine::money::format_gbp_pennies;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// An `Rc` compared by identity: props that hold one only change when it is replaced, so a
/// component re-renders only when its own data changed.
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> From<Rc<T>> for Shared<T> {
    fn from(rc: Rc<T>) -> Self {
        Shared(rc)
    }
}

pub fn gbp(p: i64) -> String {
    format_gbp_pennies(p)
}

/// `+£1,200.00`, `-£300.00`, `£0.00`.
pub fn signed_gbp(p: i64) -> String {
    if p > 0 {
        format!("+{}", format_gbp_pennies(p))
    } else {
        format_gbp_pennies(p)
    }
}

/// The change as a percentage of `base`, to one decimal place, as the engine's explanations
/// give it (`-4.2%`); `None` when `base` is 0.
pub fn percent_change(change: i64, base: i64) -> Option<String> {
    if base == 0 {
        return None;
    }
    let d = exact::to_decimal(&(exact::ratio_int(change * 100) / exact::ratio_int(base)), 1);
    let s = format!("{d:.1}");
    Some(if change > 0 { format!("+{s}%") } else { format!("{s}%") })
}

pub fn change_class(p: i64) -> Option<&'static str> {
    match p.cmp(&0) {
        std::cmp::Ordering::Greater => Some("app-change--up"),
        std::cmp::Ordering::Less => Some("app-change--down"),
        std::cmp::Ordering::Equal => None,
    }
}

/// The value of the input or select an event came from.
pub fn event_value(e: &Event) -> String {
    let Some(target) = e.target() else { return String::new() };
    if let Some(i) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        return i.value();
    }
    if let Some(s) = target.dyn_ref::<web_sys::HtmlSelectElement>() {
        return s.value();
    }
    String::new()
}

/// Focuses the element with this id (and scrolls it into view); whether it was there.
pub fn focus_id(id: &str) -> bool {
    let Some(el) = gloo::utils::document().get_element_by_id(id) else { return false };
    let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() else { return false };
    let _ = el.focus();
    true
}

/// A number for people: `50,000`.
pub fn count(n: usize) -> String {
    sen_funding::engine::money::group_thousands(&n.to_string())
}

/// "1 pupil", "2 pupils".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// Milliseconds since the page opened (for measuring imports).
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_else(js_sys::Date::now)
}

/// GOV.UK pagination: previous, the pages, next. `page` is 0-based.
pub fn pagination(id: &str, label: &str, page: usize, pages: usize, go: Callback<usize>) -> Html {
    if pages <= 1 {
        return html! {};
    }
    let button = |p: usize, text: Html, extra: &'static str| {
        let go = go.clone();
        let onclick = Callback::from(move |_| go.emit(p));
        html! { <button type="button" class={classes!("app-link-button", "app-ws-pagination__link", extra)} {onclick}>{ text }</button> }
    };
    // 1 … p-1 p p+1 … n
    let mut shown: Vec<usize> = vec![0, pages - 1, page, page.saturating_sub(1), (page + 1).min(pages - 1)];
    shown.sort_unstable();
    shown.dedup();
    let mut items = Vec::new();
    let mut last: Option<usize> = None;
    for p in shown {
        if let Some(l) = last {
            if p > l + 1 {
                items.push(html! { <li class="app-ws-pagination__item app-ws-pagination__item--ellipses" aria-hidden="true">{ "…" }</li> });
            }
        }
        last = Some(p);
        if p == page {
            items.push(html! {
                <li class="app-ws-pagination__item app-ws-pagination__item--current">
                    <span aria-current="page"><span class="govuk-visually-hidden">{ "Page " }</span>{ p + 1 }</span>
                </li>
            });
        } else {
            items.push(html! {
                <li class="app-ws-pagination__item">{ button(p, html! { <><span class="govuk-visually-hidden">{ "Page " }</span>{ p + 1 }</> }, "") }</li>
            });
        }
    }
    html! {
        <nav class="app-ws-pagination" aria-label={label.to_string()} id={id.to_string()}>
            if page > 0 {
                <div class="app-ws-pagination__prev">{ button(page - 1, html! { <>{ "Previous" }<span class="govuk-visually-hidden">{ " page" }</span></> }, "") }</div>
            }
            <ul class="app-ws-pagination__list">{ for items }</ul>
            if page + 1 < pages {
                <div class="app-ws-pagination__next">{ button(page + 1, html! { <>{ "Next" }<span class="govuk-visually-hidden">{ " page" }</span></> }, "") }</div>
            }
        </nav>
    }
}
