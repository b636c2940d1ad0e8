//! Drawing a long page in turns. A page's first frame holds what is on screen first; each
//! [`Later`] draws its children in a task of its own, just after, so that no one task of the
//! first visit blocks the page for long (issue 8: Lighthouse's total blocking time). Nest them
//! to draw a page top to bottom: what a `Later` holds comes after everything already drawn,
//! so nothing already on screen moves when it appears.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LaterProps {
    pub children: Html,
}

/// Its children, from the task after it is first drawn (nothing before: a moment). Once shown,
/// always shown, whatever the page does.
#[component]
pub fn Later(props: &LaterProps) -> Html {
    let shown = use_state_eq(|| false);
    {
        let shown = shown.clone();
        use_effect_with((), move |()| {
            let timer = gloo::timers::callback::Timeout::new(0, move || shown.set(true));
            move || drop(timer)
        });
    }
    if *shown {
        props.children.clone()
    } else {
        html! {}
    }
}
