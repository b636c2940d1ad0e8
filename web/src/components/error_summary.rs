//! The GOV.UK error summary: every problem at the top of the page, each a link to the field
//! at fault, focused when it appears so keyboard and screen-reader users hear it at once.

use yew::prelude::*;

/// One problem: what is wrong and, where there is one, the id of the field at fault.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub message: String,
    pub target: Option<String>,
}

impl Problem {
    pub fn new(message: impl Into<String>, target: Option<String>) -> Problem {
        Problem { message: message.into(), target }
    }
}

#[derive(Properties, PartialEq)]
pub struct ErrorSummaryProps {
    pub problems: Vec<Problem>,
    #[prop_or(AttrValue::Static("There is a problem"))]
    pub title: AttrValue,
    /// Show at most this many, then "and N more" (a 50,000-row file may have many).
    #[prop_or(50)]
    pub limit: usize,
    /// By default the summary takes focus whenever the number of problems changes (a form
    /// submitted). A page that validates as the user types passes a counter here instead: the
    /// summary then takes focus only when the counter changes (an import, a file opened), and
    /// is not a live alert, so that fixing one cell does not pull the user away from the next.
    #[prop_or_default]
    pub focus_on: Option<u64>,
}

#[component]
pub fn ErrorSummary(props: &ErrorSummaryProps) -> Html {
    let node = use_node_ref();
    let last_focus_on = use_mut_ref(|| props.focus_on);
    {
        let node = node.clone();
        let count = props.problems.len();
        use_effect_with((count, props.focus_on), move |&(count, focus_on)| {
            let trigger = match focus_on {
                None => true,
                Some(k) => last_focus_on.replace(Some(k)) != Some(k),
            };
            if trigger && count > 0 {
                if let Some(el) = node.cast::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    }
    if props.problems.is_empty() {
        return html! {};
    }
    let more = props.problems.len().saturating_sub(props.limit);
    html! {
        <div class="govuk-error-summary" data-module="govuk-error-summary" tabindex="-1" ref={node}>
            <div role={props.focus_on.is_none().then_some("alert")}>
                <h2 class="govuk-error-summary__title">{ &props.title }</h2>
                <div class="govuk-error-summary__body">
                    <ul class="govuk-list govuk-error-summary__list">
                        { for props.problems.iter().take(props.limit).map(|p| match &p.target {
                            Some(t) => html! { <li><a href={format!("#{t}")} onclick={focus_target(t.clone())}>{ &p.message }</a></li> },
                            None => html! { <li>{ &p.message }</li> },
                        }) }
                        if more > 0 { <li>{ format!("and {more} more") }</li> }
                    </ul>
                </div>
            </div>
        </div>
    }
}

/// Hash routes own the fragment, so a link to a field focuses it instead of navigating.
fn focus_target(id: String) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        if let Some(el) = gloo::utils::document().get_element_by_id(&id) {
            if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                el.scroll_into_view();
                let _ = el.focus();
            }
        }
    })
}
