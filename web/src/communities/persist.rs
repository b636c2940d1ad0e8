//! Autosave of the Community budgets journey: what the user entered or imported is kept in this
//! browser (never the made-up example), versioned like the school workspace, and removed by
//! "Delete all my data" (every key under [`crate::browser::STORAGE_PREFIX`]).
//!
//! Every field is saved as typed, so nothing typed is lost even while it has a fault. The
//! schools and pupils of an opened scenario file are saved with it (as scenario JSON, R10.3).

use std::cell::RefCell;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use yew::prelude::*;

use sen_funding::engine::{Ay, RateCard, Scenario};

use super::model::{CountyInput, Origin, Row, FIELDS};
use super::state::CommunitiesHandle;
use crate::browser::{storage_get, storage_set, STORAGE_PREFIX};

pub const STORAGE_KEY: &str = "kent-sen-funding.communities";
pub const STORAGE_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Saved {
    version: u32,
    /// "entered", or the name of the file the data came from.
    origin: String,
    years: Vec<String>,
    pots: Vec<(String, String)>,
    /// Each Community as typed, in the order of the Community CSV (R10.2).
    rows: Vec<Vec<String>>,
    /// The whole scenario (with the schools and pupils), when it was valid when saved.
    #[serde(default)]
    scenario: Option<Value>,
}

fn to_saved(input: &CountyInput, card: &RateCard) -> Saved {
    let scenario = (input.school_count() > 0).then(|| input.to_json(card, true));
    Saved {
        version: STORAGE_VERSION,
        origin: match &input.origin {
            Origin::File(name) => name.clone(),
            _ => "entered".into(),
        },
        years: input.years.iter().map(|y| y.to_string()).collect(),
        pots: input.pots.iter().map(|(y, p)| (y.to_string(), p.clone())).collect(),
        rows: input.rows.iter().map(|r| FIELDS.iter().map(|f| r.get(f).to_string()).collect()).collect(),
        scenario,
    }
}

/// The saved data, if any: the data, or why it cannot be read (it is then left as it is).
pub fn restore(card: &RateCard) -> Option<Result<CountyInput, String>> {
    let text = storage_get(STORAGE_KEY)?;
    Some(from_text(&text, card))
}

fn from_text(text: &str, card: &RateCard) -> Result<CountyInput, String> {
    let unreadable = "Your Community data saved in this browser could not be read, so the made-up example is shown instead. It has been left as it was.";
    let saved: Saved = serde_json::from_str(text).map_err(|_| unreadable.to_string())?;
    if saved.version != STORAGE_VERSION {
        return Err(format!(
            "Your Community data saved in this browser is from another version of the calculator (format {}), so the made-up example is shown instead. It has been left as it was.",
            saved.version
        ));
    }
    let origin = if saved.origin == "entered" { Origin::Entered } else { Origin::File(saved.origin.clone()) };
    let years: Vec<Ay> = saved.years.iter().filter_map(|y| Ay::parse(y).ok()).collect();
    // The schools and pupils come back from the scenario saved with them, read with the card in force.
    let mut input = match saved.scenario {
        Some(mut v) => {
            if let Some(m) = v.as_object_mut() {
                m.insert("rate_card".into(), card.to_json());
            }
            match Scenario::from_value(&v, &mut |_| Err("no files".into())) {
                Ok(s) => CountyInput::from_scenario(s, origin.clone(), false, card),
                Err(_) => CountyInput::empty(card),
            }
        }
        None => CountyInput::empty(card),
    };
    input.origin = origin;
    if !years.is_empty() {
        input.years = years;
    }
    input.pots = saved.pots.iter().filter_map(|(y, p)| Ay::parse(y).ok().map(|y| (y, p.clone()))).collect();
    input.rows = saved
        .rows
        .iter()
        .map(|cells| {
            let mut r = Row::default();
            for (f, v) in FIELDS.iter().zip(cells) {
                r.set(f, v.clone());
            }
            r
        })
        .collect();
    Ok(input)
}

/// Saves the data shortly after each change the user made, and at once when the page is
/// hidden or closed, or the journey is left.
#[hook]
pub fn use_autosave(state: &CommunitiesHandle, card: &Rc<RateCard>) {
    let pending = use_mut_ref(|| None::<(CountyInput, Rc<RateCard>)>);
    let timer = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
    {
        let pending = pending.clone();
        let timer = timer.clone();
        let input = state.input.clone();
        let card = card.clone();
        use_effect_with(state.edits, move |&edits| {
            if edits > 0 {
                if let Some(input) = input {
                    *pending.borrow_mut() = Some((input, card));
                    let pending = pending.clone();
                    *timer.borrow_mut() = Some(gloo::timers::callback::Timeout::new(300, move || flush(&pending)));
                }
            }
        });
    }
    {
        let pending = pending.clone();
        use_effect_with((), move |_| {
            let listeners = crate::browser::on_page_hidden({
                let pending = pending.clone();
                move || flush(&pending)
            });
            move || {
                drop(listeners);
                flush(&pending);
            }
        });
    }
}

fn flush(pending: &RefCell<Option<(CountyInput, Rc<RateCard>)>>) {
    if let Some((input, card)) = pending.borrow_mut().take() {
        if input.origin == Origin::Example {
            return;
        }
        if let Ok(text) = serde_json::to_string(&to_saved(&input, &card)) {
            let _ = storage_set(STORAGE_KEY, &text);
        }
    }
}

const _: () = assert!(!STORAGE_PREFIX.is_empty());
