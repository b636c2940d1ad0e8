//! The split points of the app's module: where the code of a first visit ends.
//!
//! A release build ships the one module cut in two for each route: the route's **entry**, and
//! the **rest**, fetched once the route's first figures are on screen ([`crate::rest`]). An
//! entry holds what the route's first visit runs, by the committed record
//! (`web/split-record.txt`), and the closures and vtables those functions make (from the
//! linker's relocations: `tools/wasm-split plan`), but never one of the functions below other
//! than the route's own. `web/split-points.txt` names them for the build; a point that is
//! renamed, inlined or no longer used fails the build.
//!
//! * Each route has a module here ([`home`], [`school`] …) whose functions are its split
//!   points: its page, and the reducer of a journey whose state the app holds. A route's entry
//!   holds its own and none of the others'. The app draws another page only once its code is
//!   there ([`present`]): the rest, or the route's own entry.
//! * Each section that is not one of a page's first figures (importing, keeping and sharing,
//!   the range tool, the comparisons, the pupil-by-pupil tables) is drawn through [`defer`]:
//!   its code is reached only through [`enter`], which runs once the rest is there.
//!
//! A function of the rest that runs before the rest has come (the record is stale) loads it at
//! once; `tests/browser/first-load.test.mjs` checks that no first visit does (docs/split.md).
//! A debug build is not split: every page is present at once.

use std::any::Any;
use std::rc::Rc;

use yew::prelude::*;

use crate::pages::{CommunitiesPage, FollowTheChildPage, HomePage, RateCardPage, SchoolPage};
use crate::rest::{Deferred, Rest};
use crate::route::Page;
use crate::state::CardState;

/// Whether the code of `page` is in the module now: the rest has come, the module is not
/// split, or the page is the one whose entry was loaded.
pub fn present(page: Page, rest: Rest) -> bool {
    rest == Rest::Ready || crate::rest::entry_key().is_none_or(|key| page.key() == Some(key.as_str()))
}

/// The page `page`, through its split point; `None` for a page in every entry (not found).
pub fn page(page: Page, card: CardState) -> Option<Html> {
    Some(match page {
        Page::Home => home::page(card),
        Page::School => school::page(card),
        Page::FollowTheChild => follow::page(card),
        Page::Communities => communities::page(card),
        Page::RateCard => ratecard::page(card),
        Page::NotFound => return None,
    })
}

/// Split points of the route `home`.
pub mod home {
    use super::*;

    /// The home page.
    #[inline(never)]
    pub fn page(card: CardState) -> Html {
        html! { <HomePage {card} /> }
    }
}

/// Split points of the route `school`.
pub mod school {
    use super::*;
    use crate::school::{WsAction as Action, WsState};

    /// The school workspace.
    #[inline(never)]
    pub fn page(card: CardState) -> Html {
        html! { <SchoolPage {card} /> }
    }

    /// The workspace's reducer (its state is the app's, kept across journeys).
    #[inline(never)]
    pub fn reduce(state: Rc<WsState>, action: Action) -> Rc<WsState> {
        state.apply(action)
    }
}

/// Split points of the route `follow`.
pub mod follow {
    use super::*;

    /// How funding follows the child.
    #[inline(never)]
    pub fn page(card: CardState) -> Html {
        html! { <FollowTheChildPage {card} /> }
    }
}

/// Split points of the route `communities`.
pub mod communities {
    use super::*;
    use crate::communities::state::{CommunitiesAction, CommunitiesState};

    /// Community budgets.
    #[inline(never)]
    pub fn page(card: CardState) -> Html {
        html! { <CommunitiesPage {card} /> }
    }

    /// The journey's reducer (its state is the app's, kept across journeys).
    #[inline(never)]
    pub fn reduce(state: Rc<CommunitiesState>, action: CommunitiesAction) -> Rc<CommunitiesState> {
        state.apply(action)
    }
}

/// Split points of the route `ratecard`.
pub mod ratecard {
    use super::*;

    /// The rate card.
    #[inline(never)]
    pub fn page(card: CardState) -> Html {
        html! { <RateCardPage {card} /> }
    }
}

/// A section drawn once the rest of the code is there: what `render` returns, through the split
/// point [`enter`]. `render` is called on every render of the section, so it clones what it
/// needs from what it captured.
pub fn defer<F: Fn() -> Html + 'static>(render: F) -> Html {
    html! { <Deferred section={Section { env: Rc::new(render), run: enter::<F> }} /> }
}

/// A deferred section's code, reached only through [`enter`].
#[derive(Clone)]
pub struct Section {
    env: Rc<dyn Any>,
    run: fn(&dyn Any) -> Html,
}

impl Section {
    pub(crate) fn render(&self) -> Html {
        (self.run)(&*self.env)
    }
}

impl PartialEq for Section {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::addr_eq(Rc::as_ptr(&self.env), Rc::as_ptr(&other.env))
    }
}

/// Split point: every deferred section's code is entered here, and only once the rest is
/// there ([`Deferred`]).
#[inline(never)]
fn enter<F: Fn() -> Html + 'static>(env: &dyn Any) -> Html {
    env.downcast_ref::<F>().map(|render| render()).unwrap_or_default()
}
