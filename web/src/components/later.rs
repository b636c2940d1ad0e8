//! Drawing a long page in turns. A page's first frame holds what is on screen first; each
//! [`Later`] draws its children in a task of its own after it (its `turn`: the first task after
//! the frame, the second …), so that no one task of the first visit blocks the page for long
//! (what Lighthouse counts as total blocking time). Give later parts of a page later turns: what a
//! `Later` holds comes after everything already drawn, so nothing already on screen moves when
//! it appears, and two parts never come in the same task (which would also put together, in
//! one task, code the release build's split saw run apart).

use yew::prelude::*;

/// How many tasks have passed since the component was first drawn, counted one task at a time
/// up to `last`: each step is taken in a task of its own, after the previous step was drawn.
#[hook]
pub fn use_turn(last: u8) -> u8 {
    let turn = use_state_eq(|| 0u8);
    {
        let turn = turn.clone();
        use_effect_with(*turn, move |&now| {
            let timer = (now < last).then(|| gloo::timers::callback::Timeout::new(0, move || turn.set(now + 1)));
            move || drop(timer)
        });
    }
    *turn
}

#[derive(Properties, PartialEq)]
pub struct LaterProps {
    pub children: Html,
    /// Which task after the first frame draws the children (1: the next one).
    #[prop_or(1)]
    pub turn: u8,
}

/// Its children, from its turn on (nothing before: a moment). Once shown, always shown.
#[component]
pub fn Later(props: &LaterProps) -> Html {
    if use_turn(props.turn) >= props.turn {
        props.children.clone()
    } else {
        html! {}
    }
}
