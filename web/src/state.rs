//! The app's state and the actions that change it (Yew's `use_reducer`).

use std::rc::Rc;

use sen_funding::engine::ratecard_index::IndexEntry;
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

/// One published rate card (R10.7) as the app holds it: its index entry, and the card once it
/// has been fetched and checked (or why it could not be).
#[derive(Clone, Debug, PartialEq)]
pub struct PublishedCard {
    pub entry: IndexEntry,
    pub card: Option<Rc<RateCard>>,
    /// Every fault of the file, each with its path (`cards[1] (kent-2026.json).bands[3].rate: …`).
    pub errors: Vec<String>,
}

/// The published rate cards (R10.7): `ratecards/index.json` and the cards it lists.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Published {
    /// Still being fetched.
    pub loading: bool,
    /// The index's `current` card id, once the index is read.
    pub current: Option<String>,
    pub cards: Vec<PublishedCard>,
    /// Faults of the index itself, each with its path (`ratecards/index.json: cards[1].file: …`).
    pub index_errors: Vec<String>,
    /// The index or its current card failed, so the app uses the card at `RATE_CARD_URL`.
    pub fallback: Option<String>,
}

impl Published {
    pub fn card(&self, id: &str) -> Option<&Rc<RateCard>> {
        self.cards.iter().find(|c| c.entry.id == id).and_then(|c| c.card.as_ref())
    }
    /// The published card that is exactly `card`, if any.
    pub fn id_of(&self, card: &RateCard) -> Option<&str> {
        self.cards.iter().find(|c| c.card.as_deref() == Some(card)).map(|c| c.entry.id.as_str())
    }
}

/// Where a pinned baseline came from (R10.6 "base").
#[derive(Clone, Debug, PartialEq)]
pub enum BaselineSource {
    /// A published card, by id (R10.7).
    Published(String),
    /// A card loaded from a file (its name).
    Loaded(String),
    /// The card in force as it stood before the what-if edits.
    BeforeEdits,
    /// A card carried by a link (`base=` and `baseset=` changes).
    Link,
}

/// The baseline every figure is compared against (R10.6): one card, held once, shared by
/// every journey.
#[derive(Clone, Debug, PartialEq)]
pub struct Baseline {
    pub source: BaselineSource,
    pub card: Rc<RateCard>,
}

impl Baseline {
    /// For people: “Kent — illustrative rates (kent-illustrative-2025)”.
    pub fn label(&self) -> String {
        let what = match &self.source {
            BaselineSource::BeforeEdits => " before your changes",
            BaselineSource::Loaded(_) => ", loaded from a file",
            BaselineSource::Link => ", from the link",
            BaselineSource::Published(_) => "",
        };
        format!("{}{what}", self.card.title)
    }
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
    /// The published rate cards (R10.7).
    pub published: Rc<Published>,
    /// The baseline pinned for comparison (R10.6), if any: the one place it is held.
    pub baseline: Option<Baseline>,
}

impl AppState {
    pub fn new(page: Page) -> Self {
        AppState {
            page,
            card: CardState::Loading,
            base_card: None,
            shipped_card: None,
            update_ready: false,
            navigations: 0,
            published: Rc::new(Published { loading: true, ..Published::default() }),
            baseline: None,
        }
    }

    /// The rate card, once it is loaded and valid.
    pub fn card(&self) -> Option<&Rc<RateCard>> {
        match &self.card {
            CardState::Ready(card) => Some(card),
            _ => None,
        }
    }

    /// The baseline card, when one is pinned.
    pub fn baseline_card(&self) -> Option<&Rc<RateCard>> {
        self.baseline.as_ref().map(|b| &b.card)
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
    /// What is known of the published rate cards (R10.7) changed.
    Published(Rc<Published>),
    /// Pin a baseline for every figure (R10.6), or unpin it.
    Baseline(Option<Baseline>),
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
            Action::CardReplaced(card) => Rc::new(AppState { card: CardState::Ready(card.clone()), base_card: Some(card), ..(*self).clone() }),
            Action::CardReset => match &self.base_card {
                Some(base) => Rc::new(AppState { card: CardState::Ready(base.clone()), ..(*self).clone() }),
                None => self,
            },
            Action::CardForget => match &self.shipped_card {
                Some(shipped) => Rc::new(AppState { card: CardState::Ready(shipped.clone()), base_card: Some(shipped.clone()), ..(*self).clone() }),
                None => self,
            },
            Action::UpdateReady => Rc::new(AppState { update_ready: true, ..(*self).clone() }),
            Action::Published(published) => Rc::new(AppState { published, ..(*self).clone() }),
            Action::Baseline(baseline) => {
                if baseline == self.baseline {
                    return self;
                }
                Rc::new(AppState { baseline, ..(*self).clone() })
            }
            Action::CardFailed { url, errors } => Rc::new(AppState { card: CardState::Failed { url, errors }, ..(*self).clone() }),
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
