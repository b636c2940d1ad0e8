//! Autosave of the Community budgets journey: what the user entered, imported or changed is kept
//! in this browser (in [`crate::storage`], IndexedDB), versioned like the school workspace, and
//! removed by "Delete all my data". The made-up example is saved only once it has been edited,
//! and then as its edited rows and pots (its made-up schools are made again from their seed).
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
use crate::storage;

pub const STORAGE_KEY: &str = "kent-sen-funding.communities";
pub const STORAGE_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Saved {
    version: u32,
    /// "entered", "example" (the made-up example, edited), or the name of the file the data
    /// came from.
    origin: String,
    years: Vec<String>,
    pots: Vec<(String, String)>,
    /// Each Community as typed, in the order of the Community CSV (R10.2).
    rows: Vec<Vec<String>>,
    /// The whole scenario (with the schools and pupils), when it was valid when saved.
    #[serde(default)]
    scenario: Option<Value>,
}

/// The origin of an edited example, as saved.
const EXAMPLE_ORIGIN: &str = "example";

fn to_saved(input: &CountyInput, card: &RateCard) -> Saved {
    // The example's made-up schools are made again from their seed when restored.
    let scenario = (input.school_count() > 0 && input.origin != Origin::Example).then(|| input.to_json(card, true));
    Saved {
        version: STORAGE_VERSION,
        origin: match &input.origin {
            Origin::File(name) => name.clone(),
            Origin::Example => EXAMPLE_ORIGIN.into(),
            Origin::Entered => "entered".into(),
        },
        years: input.years.iter().map(|y| y.to_string()).collect(),
        pots: input.pots.iter().map(|(y, p)| (y.to_string(), p.clone())).collect(),
        rows: input.rows.iter().map(|r| FIELDS.iter().map(|f| r.get(f).to_string()).collect()).collect(),
        scenario,
    }
}

/// The saved data, if any: the data, or why it cannot be read (it is then left as it is).
pub async fn restore(card: &RateCard) -> Option<Result<CountyInput, String>> {
    match storage::get(STORAGE_KEY).await {
        Ok(Some(text)) => Some(from_text(&text, card)),
        Ok(None) => None,
        Err(e) => Some(Err(format!("Your Community data saved in this browser could not be read ({e}), so the made-up example is shown instead."))),
    }
}

fn from_text(text: &str, card: &RateCard) -> Result<CountyInput, String> {
    let unreadable = "Your Community data saved in this browser could not be read, so the made-up example is shown instead. It has been left as it was.";
    let saved: Saved = serde_json::from_str(text).map_err(|_| unreadable.to_string())?;
    // Format 1 is the only one so far (an earlier build's copy in localStorage has been moved
    // into IndexedDB by `storage::get`); a newer one comes from a newer build.
    if saved.version != STORAGE_VERSION {
        return Err(format!(
            "Your Community data saved in this browser is from {} version of the calculator (format {}; this one reads format {STORAGE_VERSION}), so the made-up example is shown instead. \
             It has been left as it was: reload the page to use the latest version.",
            if saved.version > STORAGE_VERSION { "a newer" } else { "another" },
            saved.version
        ));
    }
    let origin = match saved.origin.as_str() {
        "entered" => Origin::Entered,
        EXAMPLE_ORIGIN => Origin::Example,
        name => Origin::File(name.to_string()),
    };
    let years: Vec<Ay> = saved.years.iter().filter_map(|y| Ay::parse(y).ok()).collect();
    // The schools and pupils come back from the scenario saved with them, read with the card in force.
    let mut input = match saved.scenario {
        None if origin == Origin::Example => CountyInput::example(card),
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

/// What is waiting to be saved, and with which card (a scenario file's schools are saved as
/// scenario JSON, R10.3).
type Pending = Rc<RefCell<Option<(CountyInput, Rc<RateCard>)>>>;

/// The journey's autosave: [`Autosave::note`] hands it the data as typed.
#[derive(Clone)]
pub struct Autosave {
    pending: Pending,
    timer: Rc<RefCell<Option<gloo::timers::callback::Timeout>>>,
    /// How long the last save kept the page busy (ms).
    cost: Rc<RefCell<f64>>,
    /// The data last handed over, so that the same data is not saved twice.
    last: Rc<RefCell<Option<CountyInput>>>,
}

/// The same data (the revision, which every change renews, aside).
fn same_data(a: &CountyInput, b: &CountyInput) -> bool {
    Rc::ptr_eq(&a.schools, &b.schools) && a.rows == b.rows && a.pots == b.pots && a.years == b.years && a.origin == b.origin
}

impl Autosave {
    /// Keeps `input` as the data to save — called from the input handler, before the figures
    /// are worked out again from it, so nothing typed is lost (at county scale, and in a debug
    /// build, that can take longer than a person takes to close the tab). Saved at once when the data is small
    /// (the Communities and pots only) or saving it is quick: the write is then in the
    /// browser's hands before the recompute starts. A scenario file's schools and pupils are
    /// saved with the data, which can take long: then shortly after (see
    /// `storage::save_delay_ms`), and in any case at once when the page is hidden or closed.
    pub fn note(&self, input: CountyInput, card: Rc<RateCard>) {
        if self.last.borrow().as_ref().is_some_and(|l| same_data(l, &input)) {
            return;
        }
        // Data without a file's schools is a few kilobytes: always saved at once.
        let small = input.origin == Origin::Example || input.school_count() == 0;
        *self.last.borrow_mut() = Some(input.clone());
        *self.pending.borrow_mut() = Some((input, card));
        let delay = storage::save_delay_ms(*self.cost.borrow());
        if small || delay <= QUICK_MS {
            *self.timer.borrow_mut() = None;
            let cost = flush(&self.pending);
            *self.cost.borrow_mut() = cost;
        } else {
            let (pending, cost) = (self.pending.clone(), self.cost.clone());
            *self.timer.borrow_mut() = Some(gloo::timers::callback::Timeout::new(delay, move || *cost.borrow_mut() = flush(&pending)));
        }
    }
}

/// A save due within this many ms is made at once.
const QUICK_MS: u32 = 10;

/// Saves the data the user changed: each keystroke as it is typed ([`Autosave::note`], from the
/// input handler), and every other change (an import, undo) right after it is applied; at once
/// when the page is hidden or closed, or the journey is left.
#[hook]
pub fn use_autosave(state: &CommunitiesHandle, card: &Rc<RateCard>) -> Autosave {
    let save = {
        let pending = use_mut_ref(|| None::<(CountyInput, Rc<RateCard>)>);
        let timer = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
        let cost = use_mut_ref(|| 0.0f64);
        let last = use_mut_ref(|| None::<CountyInput>);
        Autosave { pending, timer, cost, last }
    };
    {
        let save = save.clone();
        let input = state.input.clone();
        let card = card.clone();
        // Changes other than typing (imports, undo, the example): saved once they are applied.
        use_effect_with(state.edits, move |&edits| {
            if edits > 0 {
                if let Some(input) = input {
                    save.note(input, card);
                }
            }
        });
    }
    {
        let pending = save.pending.clone();
        use_effect_with((), move |_| {
            let listeners = crate::browser::on_page_hidden({
                let pending = pending.clone();
                move || {
                    flush(&pending);
                }
            });
            move || {
                drop(listeners);
                flush(&pending);
            }
        });
    }
    save
}

/// Saves what is pending: the write starts at once (see [`crate::storage::set`]). Returns how
/// long the page was busy with it (ms).
fn flush(pending: &RefCell<Option<(CountyInput, Rc<RateCard>)>>) -> f64 {
    let t0 = storage::now_ms();
    if let Some((input, card)) = pending.borrow_mut().take() {
        if let Ok(text) = serde_json::to_string(&to_saved(&input, &card)) {
            let done = storage::set(STORAGE_KEY, text);
            wasm_bindgen_futures::spawn_local(async move {
                let _ = done.await;
            });
        }
    }
    storage::now_ms() - t0
}

#[cfg(test)]
mod tests {
    use super::*;
    use sen_funding::engine::scenario::YearGroup;
    use sen_funding::engine::{calculate, Outcome};

    fn shipped() -> RateCard {
        RateCard::from_json_str(include_str!("../../../www/ratecards/kent-illustrative-2025.json")).expect("the shipped card")
    }

    /// The county's figures as `sen-funding calc` makes them from a scenario document.
    fn calc(v: &Value) -> Outcome {
        calculate(&Scenario::from_value(v, &mut |_| Err("no files".into())).expect("a valid scenario"))
    }

    // R11.5: a county scenario's schools keep their year_group_as_at and last_year_group when
    // saved in this browser and restored, and in the scenario file exported; the figures follow
    // the moved year groups (R5.7), the same as the CLI's.
    #[test]
    fn r11_5_the_schools_year_group_fields_survive_saving_and_exporting() {
        let card = shipped();
        let mut s = sen_funding::synth::county(&card, sen_funding::synth::CountySize { communities: 4, schools: 12, pupils: 300 }, 7);
        let without = calculate(&s);
        for (i, school) in s.schools.iter_mut().enumerate() {
            school.year_group_as_at = Some(Ay(2025));
            school.last_year_group = [Some(YearGroup::Y(6)), Some(YearGroup::Y(11)), None][i % 3];
        }
        let with = calculate(&s);
        assert_ne!(with.county, without.county, "R11 changes the Communities' commitments (R5.7)");
        let fields = |schools: &[sen_funding::engine::scenario::School]| schools.iter().map(|x| (x.year_group_as_at, x.last_year_group)).collect::<Vec<_>>();
        let expected = fields(&s.schools);
        let input = CountyInput::from_scenario(s, Origin::File("county.json".into()), false, &card);

        // Saved in this browser and restored.
        let text = serde_json::to_string(&to_saved(&input, &card)).expect("written");
        let back = from_text(&text, &card).expect("restored");
        assert_eq!(fields(&back.schools.schools.borrow()), expected);

        // Exported as a scenario file: the fields are there, and it gives the same figures.
        let exported = back.to_json(&card, true);
        assert_eq!(exported["schools"][0]["year_group_as_at"], "2025/26");
        assert_eq!(exported["schools"][0]["last_year_group"], "6");
        assert!(exported["schools"][2].get("last_year_group").is_none());
        assert_eq!(calc(&exported), with);

        // The journey's own check keeps them: the schools it lends the engine are the same.
        let checked = super::super::model::check(&card, &back).expect("valid");
        let mut full = checked;
        full.schools = back.schools.schools.borrow().clone();
        assert_eq!(calculate(&full), with);
    }
}
