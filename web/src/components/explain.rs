//! "Explain this figure": a disclosure that shows the engine's derivation of one figure —
//! ordered steps, each citing its rule — computed only when opened, so a table of thousands of
//! figures costs nothing until someone asks.

use sen_funding::engine::Explanation;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExplainProps {
    /// What the button says after "Explain", for screen readers: e.g. "EX-01 Element 3 2025/26".
    pub what: AttrValue,
    /// Computes the explanation (from the engine) when the disclosure opens.
    pub compute: Callback<(), Option<Explanation>>,
    /// Text of the button (default "Explain").
    #[prop_or(AttrValue::Static("Explain"))]
    pub label: AttrValue,
}

#[component]
pub fn ExplainFigure(props: &ExplainProps) -> Html {
    let open = use_state(|| false);
    let id = use_memo((), |_| format!("explain-{}", next_id()));
    let toggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    let body = if *open {
        match props.compute.emit(()) {
            Some(e) => html! {
                <div class="app-explain__body" id={(*id).clone()}>
                    <p class="govuk-body-s app-explain__title">{ &e.title }</p>
                    <ol class="govuk-list govuk-list--number app-explain__steps">
                        { for e.steps.iter().map(|s| html! {
                            <li><strong class="app-rule">{ &s.rule }</strong>{ " " }{ &s.text }</li>
                        }) }
                    </ol>
                </div>
            },
            None => {
                html! { <div class="app-explain__body" id={(*id).clone()}><p class="govuk-body-s">{ "No explanation is available for this figure." }</p></div> }
            }
        }
    } else {
        html! {}
    };
    html! {
        <span class="app-explain">
            <button type="button" class="app-link-button app-explain__toggle" aria-expanded={open.to_string()} aria-controls={(*id).clone()} onclick={toggle}>
                { &props.label }<span class="govuk-visually-hidden">{ format!(" {}", props.what) }</span>
            </button>
            { body }
        </span>
    }
}

fn next_id() -> u32 {
    thread_local!(static NEXT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) });
    NEXT.with(|n| {
        n.set(n.get() + 1);
        n.get()
    })
}
