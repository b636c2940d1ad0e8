//! Autosave of the rate card in force: the what-if edits (R9) are kept in this
//! browser, in [`crate::storage`], and come back when the calculator is opened again.
//!
//! They are saved as links carry them: the `set=` changes (path, literal) against the base
//! card — the shipped card, or a card loaded from a file, which is then saved whole beside
//! them — with the texts typed into fields and not yet accepted. Nothing is saved while the card
//! in force is the shipped one with nothing typed (the saved record is removed then).
//!
//! When restored, the changes are checked by the engine again (R9). Texts that were being typed
//! are applied as leaving the field would have applied them; those the engine refuses come back
//! as texts with their errors. A link that carries its own changes wins over the saved ones (the
//! person opened that link to see those figures). Saved changes that no longer apply (the
//! shipped card of a newer build differs) are kept aside, and the page says so.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use yew::prelude::*;

use sen_funding::engine::RateCard;

use super::link;
use super::{AppHandle, RateCardPageAction, RateCardPageHandle, RateCardPageState};
use crate::state::{Action, AppState};
use crate::storage;

pub const STORAGE_KEY: &str = "kent-sen-funding.rate-card";
/// Where a saved record that cannot be used is kept aside instead of being overwritten.
pub const STORAGE_KEY_UNREADABLE: &str = "kent-sen-funding.rate-card.unreadable";
pub const STORAGE_VERSION: u32 = 1;

#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub version: u32,
    /// The base card when it is not the shipped one (loaded from a file): its whole JSON.
    #[serde(default)]
    pub base: Option<Value>,
    /// The what-if changes in force against the base, as (path, literal), as links write them.
    pub changes: Vec<(String, String)>,
    /// Texts typed into fields and not yet accepted, as literals by path.
    #[serde(default)]
    pub drafts: BTreeMap<String, String>,
}

/// What to save: `None` when there is nothing (the shipped card, nothing typed).
pub fn to_saved(app: &AppState, page: &RateCardPageState) -> Option<Saved> {
    let card = app.card()?;
    let base = app.base_card.as_ref()?;
    let shipped = app.shipped_card.as_ref()?;
    // The card in force always comes from the base by changes of the rate card page (or a link).
    let changes = link::changes(base, card).unwrap_or_default();
    let mut drafts = page.drafts.clone();
    for (path, (_, lit)) in &page.typed {
        drafts.insert(path.clone(), lit.clone());
    }
    let base_json = (base != shipped).then(|| base.to_json());
    if changes.is_empty() && drafts.is_empty() && base_json.is_none() {
        return None;
    }
    Some(Saved { version: STORAGE_VERSION, base: base_json, changes, drafts })
}

/// What a saved record gives back, against the shipped card.
#[derive(Debug)]
pub struct Restored {
    /// A card loaded from a file, to become the base.
    pub base: Option<RateCard>,
    /// The card in force (`None`: the base).
    pub card: Option<RateCard>,
    /// Texts the engine refused, and its errors.
    pub drafts: BTreeMap<String, String>,
    pub errors: Vec<sen_funding::engine::InputError>,
}

/// Reads a saved record (the engine checks everything again), or says why it cannot be used.
pub fn restore(text: &str, shipped: &RateCard) -> Result<Restored, String> {
    let saved: Saved = serde_json::from_str(text).map_err(|e| format!("it is not in a form this calculator can read ({e})"))?;
    if saved.version != STORAGE_VERSION {
        return Err(format!(
            "they were saved by {} version of the calculator (format {}; this one reads format {STORAGE_VERSION}): reload the page to use the latest version",
            if saved.version > STORAGE_VERSION { "a newer" } else { "another" },
            saved.version
        ));
    }
    let base = match &saved.base {
        Some(v) => Some(RateCard::from_value(v).map_err(|errs| {
            format!(
                "the rate card loaded from a file is not valid for this version of the calculator: {}",
                errs.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; ")
            )
        })?),
        None => None,
    };
    let from = base.as_ref().unwrap_or(shipped);
    let card = link::apply(from, &saved.changes)
        .map_err(|errs| format!("they no longer apply to the rate card in force: {}", errs.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; ")))?;
    if saved.drafts.is_empty() {
        return Ok(Restored { base, card: Some(card), drafts: BTreeMap::new(), errors: Vec::new() });
    }
    // The texts being typed, applied as leaving their fields would have.
    let mut all: BTreeMap<String, String> = saved.changes.iter().cloned().collect();
    all.extend(saved.drafts.clone());
    match link::apply(from, &all.into_iter().collect::<Vec<_>>()) {
        Ok(with_drafts) => Ok(Restored { base, card: Some(with_drafts), drafts: BTreeMap::new(), errors: Vec::new() }),
        Err(errs) => Ok(Restored { base, card: Some(card), drafts: saved.drafts, errors: errs.to_vec() }),
    }
}

/// Restores the saved edits once the shipped card has loaded (unless the link that opened the
/// app carries its own), then saves the card in force shortly after each change, and at once
/// when the page is hidden or closed. Returns why saved edits could not be used, if so.
#[hook]
pub fn use_card_autosave(app: &AppHandle, page: &RateCardPageHandle) -> Option<String> {
    let problem = use_state(|| None::<String>);
    // 0: waiting for the shipped card; 1: restoring; 2: saving.
    let phase = use_mut_ref(|| 0u8);
    let pending: Rc<RefCell<Option<Option<String>>>> = use_memo((), |_| RefCell::new(None));
    let timer = use_mut_ref(|| None::<Timeout>);
    {
        let app = app.clone();
        let page = page.clone();
        let phase = phase.clone();
        let problem = problem.clone();
        use_effect_with(app.shipped_card.clone(), move |shipped| {
            let Some(shipped) = shipped.clone() else { return };
            if *phase.borrow() != 0 {
                return;
            }
            // The changes are read in every tab (they are the card in force), and saved only
            // by the one tab that holds them (`crate::tabs`).
            crate::tabs::claim(STORAGE_KEY);
            crate::tabs::read_without_lock(STORAGE_KEY);
            if !link::changes_in_query(&link::hash_query()).is_empty() {
                *phase.borrow_mut() = 2;
                return;
            }
            *phase.borrow_mut() = 1;
            wasm_bindgen_futures::spawn_local(async move {
                match storage::get(STORAGE_KEY).await {
                    Ok(Some(text)) => match restore(&text, &shipped) {
                        Ok(r) => {
                            if let Some(b) = r.base {
                                app.dispatch(Action::CardReplaced(Rc::new(b)));
                            }
                            if let Some(c) = r.card {
                                app.dispatch(Action::CardEdited(Rc::new(c)));
                            }
                            if !r.drafts.is_empty() {
                                page.dispatch(RateCardPageAction::Drafts(r.drafts));
                                page.dispatch(RateCardPageAction::Errors(r.errors));
                            }
                        }
                        Err(why) => {
                            let kept = storage::set(STORAGE_KEY_UNREADABLE, text).await;
                            problem.set(Some(match kept {
                                Ok(()) => format!("Your rate card changes saved in this browser were not used: {why}. They have been kept aside, not deleted; the published rate card is in force."),
                                Err(e) => format!("Your rate card changes saved in this browser were not used: {why}. They could not be kept aside ({e})."),
                            }));
                        }
                    },
                    Ok(None) => {}
                    Err(e) => {
                        problem.set(Some(format!("Your rate card changes saved in this browser could not be read ({e}); the published rate card is in force.")))
                    }
                }
                *phase.borrow_mut() = 2;
            });
        });
    }
    {
        let pending = pending.clone();
        let phase = phase.clone();
        let snapshot = (app.clone(), page.clone());
        use_effect_with((app.card.clone(), app.base_card.clone(), page.drafts.clone(), page.typed.clone()), move |_| {
            if *phase.borrow() == 2 {
                let (app, page) = snapshot;
                let text = to_saved(&app, &page).and_then(|s| serde_json::to_string(&s).ok());
                *pending.borrow_mut() = Some(text);
                let pending = pending.clone();
                *timer.borrow_mut() = Some(Timeout::new(storage::save_delay_ms(0.0), move || flush(&pending)));
            }
        });
    }
    {
        let pending = pending.clone();
        use_effect_with((), move |_| {
            let listeners = crate::browser::on_page_hidden(move || flush(&pending));
            move || drop(listeners)
        });
    }
    (*problem).clone()
}

/// Saves (or removes) what is pending: the write starts at once.
fn flush(pending: &RefCell<Option<Option<String>>>) {
    let Some(text) = pending.borrow_mut().take() else { return };
    let done = match text {
        Some(t) => futures_boxed(storage::set(STORAGE_KEY, t)),
        None => futures_boxed(storage::remove(STORAGE_KEY)),
    };
    wasm_bindgen_futures::spawn_local(async move {
        let _ = done.await;
    });
}

fn futures_boxed(
    f: impl std::future::Future<Output = Result<(), String>> + 'static,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), String>>>> {
    Box::pin(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> RateCard {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../www/ratecards/kent-illustrative-2025.json")).unwrap();
        RateCard::from_json_str(&text).unwrap()
    }

    #[test]
    fn saved_changes_come_back_as_the_same_card() {
        let base = shipped();
        let changes = vec![("protection.rate".to_string(), "0.75".to_string())];
        let card = link::apply(&base, &changes).unwrap();
        let saved = Saved { version: STORAGE_VERSION, base: None, changes: link::changes(&base, &card).unwrap(), drafts: BTreeMap::new() };
        let r = restore(&serde_json::to_string(&saved).unwrap(), &base).unwrap();
        assert_eq!(r.card.as_ref(), Some(&card));
        assert!(r.base.is_none() && r.drafts.is_empty());
    }

    #[test]
    fn texts_being_typed_are_applied_or_kept_with_their_errors() {
        let base = shipped();
        // A valid text being typed is applied, as leaving the field would have (R9).
        let mut drafts = BTreeMap::new();
        drafts.insert("protection.rate".to_string(), "0.6".to_string());
        let saved = Saved { version: STORAGE_VERSION, base: None, changes: Vec::new(), drafts: drafts.clone() };
        let r = restore(&serde_json::to_string(&saved).unwrap(), &base).unwrap();
        assert_eq!(r.card.unwrap().protection.rate.to_string(), "0.6");
        // One the engine refuses stays as text, with the engine's error at its path.
        drafts.insert("protection.rate".to_string(), "1.5".to_string());
        let saved = Saved { version: STORAGE_VERSION, base: None, changes: vec![("protection.delay_months".into(), "6".into())], drafts };
        let r = restore(&serde_json::to_string(&saved).unwrap(), &base).unwrap();
        assert_eq!(r.card.unwrap().protection.delay_months, 6);
        assert_eq!(r.drafts.get("protection.rate").map(String::as_str), Some("1.5"));
        assert!(r.errors.iter().any(|e| e.path == "protection.rate"), "{:?}", r.errors);
    }

    #[test]
    fn a_record_of_another_version_or_that_no_longer_applies_is_refused_with_a_reason() {
        let base = shipped();
        let newer = r#"{"version": 2, "changes": []}"#;
        let why = restore(newer, &base).unwrap_err();
        assert!(why.contains("a newer version") && why.contains("format 2"), "{why}");
        let stale = r#"{"version": 1, "changes": [["no.such.parameter", "1"]]}"#;
        let why = restore(stale, &base).unwrap_err();
        assert!(why.contains("no longer apply") && why.contains("no.such.parameter"), "{why}");
        assert!(restore("not json", &base).unwrap_err().contains("not in a form"));
    }
}
