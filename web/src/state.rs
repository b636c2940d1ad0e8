//! The app's state and the actions that change it (Yew's `use_reducer`).

use std::rc::Rc;

use sen_funding::engine::RateCard;
use yew::prelude::*;

use super::route::Page;

/// Where the rate card is in its loading.
#[derive(Clone, Debug, PartialEq)]
pub enum CardState {
    /// Being fetched.
    Loading,
    /// Fetched and valid (R9).
    Ready(Rc<RateCard>),
    /// Could not be fetched, or is not a valid rate card: what went wrong, one line each
    /// (`path: message` for validation errors).
    Failed { url: String, errors: Vec<String> },
}

/// Everything the app shows follows from this.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub page: Page,
    /// The rate card in force: every journey computes from this one.
    pub card: CardState,
    /// The card as shipped (or as last loaded from a file): what "modified" compares against
    /// and "reset" returns to.
    pub base_card: Option<Rc<RateCard>>,
    /// The card the app loaded when it started: what links' rate-card changes are written
    /// against.
    pub shipped_card: Option<Rc<RateCard>>,
    /// A new build of the calculator is installed and waiting (see `offline`).
    pub update_ready: bool,
    /// Counts navigations, so that focus moves to the new page's heading only after a
    /// navigation and never on the first load.
    pub navigations: u32,
}

impl AppState {
    pub fn new(page: Page) -> Self {
        AppState { page, card: CardState::Loading, base_card: None, shipped_card: None, update_ready: false, navigations: 0 }
    }

    /// The rate card, once it is loaded and valid.
    pub fn card(&self) -> Option<&Rc<RateCard>> {
        match &self.card {
            CardState::Ready(card) => Some(card),
            _ => None,
        }
    }

    /// Whether the card in force differs from the shipped (or loaded) one: what-if edits.
    pub fn card_modified(&self) -> bool {
        match (&self.card, &self.base_card) {
            (CardState::Ready(c), Some(b)) => c != b,
            _ => false,
        }
    }
}

/// The only ways the state changes.
#[derive(Clone, Debug)]
pub enum Action {
    /// The address's fragment changed.
    Navigate(Page),
    /// The rate card arrived and is valid.
    CardLoaded(Rc<RateCard>),
    /// The rate card could not be fetched or is invalid.
    CardFailed { url: String, errors: Vec<String> },
    /// A what-if edit of the card in force (the Rate card journey): every journey recomputes.
    CardEdited(Rc<RateCard>),
    /// A valid rate card loaded from a file replaces the card in force and becomes the base.
    CardReplaced(Rc<RateCard>),
    /// Back to the base card, dropping every what-if edit.
    CardReset,
    /// "Delete all my data": back to the card the app loaded when it started, dropping every
    /// what-if edit and any card loaded from a file.
    CardForget,
    /// A new build of the calculator is waiting to take over.
    UpdateReady,
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Navigate(page) => {
                if page == self.page {
                    return self;
                }
                Rc::new(AppState { page, navigations: self.navigations + 1, ..(*self).clone() })
            }
            Action::CardLoaded(card) => Rc::new(AppState {
                card: CardState::Ready(card.clone()),
                shipped_card: self.shipped_card.clone().or_else(|| Some(card.clone())),
                base_card: Some(card),
                ..(*self).clone()
            }),
            Action::CardEdited(card) => Rc::new(AppState { card: CardState::Ready(card), ..(*self).clone() }),
            Action::CardReplaced(card) => {
                Rc::new(AppState { card: CardState::Ready(card.clone()), base_card: Some(card), ..(*self).clone() })
            }
            Action::CardReset => match &self.base_card {
                Some(base) => Rc::new(AppState { card: CardState::Ready(base.clone()), ..(*self).clone() }),
                None => self,
            },
            Action::CardForget => match &self.shipped_card {
                Some(shipped) => Rc::new(AppState { card: CardState::Ready(shipped.clone()), base_card: Some(shipped.clone()), ..(*self).clone() }),
                None => self,
            },
            Action::UpdateReady => Rc::new(AppState { update_ready: true, ..(*self).clone() }),
            Action::CardFailed { url, errors } => {
                Rc::new(AppState { card: CardState::Failed { url, errors }, ..(*self).clone() })
            }
        }
    }
}

/// One field of a journey's state as a component sees it: its value, and the way to change it
/// (which dispatches that journey's action). Journeys keep their state in a reducer held
/// above the page switch; a `Slot` lets a component read and set one part of it.
pub struct Slot<T> {
    value: Rc<T>,
    set: Callback<T>,
}

impl<T> Clone for Slot<T> {
    fn clone(&self) -> Self {
        Slot { value: self.value.clone(), set: self.set.clone() }
    }
}

impl<T> Slot<T> {
    pub fn new(value: T, set: Callback<T>) -> Self {
        Slot { value: Rc::new(value), set }
    }

    pub fn set(&self, value: T) {
        self.set.emit(value);
    }
}

impl<T> std::ops::Deref for Slot<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}
