//! What a screen reader hears after an edit: one polite message in one live region,
//! summarising the change — "2026/27: £72,750.00 direct Element 3, down £7,000.00." — rather
//! than every figure of the results as they redraw. The workspace's notice (a row deleted, an
//! import finished) is spoken in the same message, so an edit is one announcement. A burst of
//! edits (keystrokes) is announced once, when it settles, as the change over the whole burst.
//!
//! The figures themselves are the engine's (`calculate`, R7 for the years); this module only
//! compares two outcomes.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use sen_funding::engine::periods::Ay;
use sen_funding::engine::Outcome;
use yew::prelude::*;

use super::common::{gbp, plural, Shared};
use super::workspace::Computed;

/// How long the edits must settle before the change is announced.
const SETTLE_MS: u32 = 500;

/// The school's direct Element 3 (R7) in `ay`, if the outcome models that year.
fn direct(o: &Outcome, ay: Ay) -> Option<i64> {
    let school = o.schools.first()?;
    o.year_ix(ay).and_then(|i| school.years.get(i)).map(|y| y.direct)
}

/// The change from `before` to `after` in one sentence: the headline year (the first year of
/// tariffs) when its direct Element 3 changed, else the first year that changed, and how many
/// other years changed too.
pub fn change_summary(before: &Outcome, after: &Outcome, headline: Ay) -> String {
    let changed: Vec<(Ay, i64, i64)> = after
        .years
        .iter()
        .filter_map(|&ay| {
            let now = direct(after, ay)?;
            let was = direct(before, ay)?;
            (now != was).then_some((ay, now, now - was))
        })
        .collect();
    let pick = changed.iter().find(|c| c.0 == headline).or(changed.first());
    match pick {
        None => match direct(after, headline) {
            Some(now) => format!("{headline}: {} direct Element 3, unchanged.", gbp(now)),
            None => "Direct Element 3 unchanged.".to_string(),
        },
        Some(&(ay, now, by)) => {
            let mut s = format!("{ay}: {} direct Element 3, {} {}", gbp(now), if by > 0 { "up" } else { "down" }, gbp(by.abs()));
            if changed.len() > 1 {
                s.push_str(&format!("; {} changed too", plural(changed.len() - 1, "other year", "other years")));
            }
            s.push('.');
            s
        }
    }
}

/// The figures of a workspace in one sentence (when they appear).
pub fn figures_summary(after: &Outcome, headline: Ay) -> String {
    match direct(after, headline) {
        Some(now) => format!("Figures worked out: {headline}: {} direct Element 3.", gbp(now)),
        None => "Figures worked out.".to_string(),
    }
}

/// The workspace as the announcer last saw it.
#[derive(Clone, PartialEq)]
struct Seen {
    rev: u64,
    result: Option<Shared<Computed>>,
    notice: Option<String>,
    problems: usize,
    undo: bool,
}

/// The message for the edits between `last` and `now`.
fn message(last: &Seen, now: &Seen) -> String {
    let mut parts: Vec<String> = Vec::new();
    if now.notice != last.notice {
        if let Some(n) = &now.notice {
            parts.push(n.clone());
            if now.undo {
                parts.push("To restore it, choose Undo at the top of the workspace, or press Control and Z.".into());
            }
        }
    }
    match (&last.result, &now.result) {
        (Some(b), Some(a)) => {
            // The same workspace (some row kept): the change; another one (a file opened): the
            // notice says what happened.
            if a.keys.iter().any(|k| b.keys.contains(k)) || parts.is_empty() {
                parts.push(change_summary(&b.outcome, &a.outcome, a.scenario.rate_card.tariff_ay()));
            }
        }
        (Some(_), None) if now.problems > 0 => {
            parts.push(format!(
                "No figures while there {} to fix, listed at the top of the workspace.",
                if now.problems == 1 { "is a problem".to_string() } else { format!("are {} problems", now.problems) }
            ));
        }
        (Some(_), None) => parts.push("No figures: there are no pupils.".into()),
        (None, Some(a)) => parts.push(figures_summary(&a.outcome, a.scenario.rate_card.tariff_ay())),
        (None, None) if now.problems > 0 && (now.problems != last.problems || parts.is_empty()) => {
            parts.push(format!("{} to fix before the figures can be worked out.", plural(now.problems, "problem", "problems")));
        }
        (None, None) => {}
    }
    parts.join(" ")
}

#[derive(Properties, PartialEq)]
pub struct AnnouncerProps {
    /// The workspace's revision: it changes with every edit.
    pub rev: u64,
    pub result: Option<Shared<Computed>>,
    /// The workspace's notice (a row deleted, an import done).
    pub notice: Option<String>,
    /// The problems in the error summary.
    pub problems: usize,
    /// Whether "Undo" is offered.
    pub undo: bool,
}

/// The workspace's one live region.
#[component]
pub fn Announcer(props: &AnnouncerProps) -> Html {
    let now = Seen { rev: props.rev, result: props.result.clone(), notice: props.notice.clone(), problems: props.problems, undo: props.undo };
    let message_state = use_state(String::new);
    // What was last announced (the start of a burst of edits), and the latest state.
    let last: Rc<RefCell<Seen>> = use_mut_ref(|| now.clone());
    let latest: Rc<RefCell<Seen>> = use_mut_ref(|| now.clone());
    let timer = use_mut_ref(|| None::<Timeout>);
    *latest.borrow_mut() = now;
    {
        let message_state = message_state.clone();
        use_effect_with(props.rev, move |&rev| {
            if last.borrow().rev != rev {
                let fire = {
                    let timer_slot = timer.clone();
                    move || {
                        let now = latest.borrow().clone();
                        let text = message(&last.borrow(), &now);
                        *last.borrow_mut() = now;
                        timer_slot.borrow_mut().take();
                        if !text.is_empty() {
                            // The same words twice are still a new announcement.
                            let again = *message_state == text;
                            message_state.set(if again { format!("{text}\u{a0}") } else { text });
                        }
                    }
                };
                *timer.borrow_mut() = Some(Timeout::new(SETTLE_MS, fire));
            }
        });
    }
    html! {
        <div class="govuk-visually-hidden" id="workspace-announcement" role="status" aria-live="polite" aria-atomic="true">{ (*message_state).clone() }</div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sen_funding_fast::calculate;

    fn example() -> sen_funding::engine::Scenario {
        let text = include_str!("../../../www/ratecards/kent-illustrative-2025.json");
        let card = sen_funding::engine::RateCard::from_json_str(text).expect("the shipped rate card");
        sen_funding::synth::example_school(&card)
    }

    #[test]
    fn a_change_in_the_headline_year_is_spoken_with_its_figure_and_direction() {
        let s = example();
        let before = calculate(&s);
        let headline = s.rate_card.tariff_ay();
        let mut t = s.clone();
        // R4.4: dropping a tariff pupil lowers the school's direct Element 3 by their tariff.
        let ix = before.schools[0].pupils.iter().position(|p| p.years[before.year_ix(headline).unwrap()].e3 > 0).expect("a funded pupil");
        t.schools[0].pupils.remove(ix);
        let after = calculate(&t);
        let yi = after.year_ix(headline).unwrap();
        let (now, was) = (after.schools[0].years[yi].direct, before.schools[0].years[yi].direct);
        assert!(now < was);
        let m = change_summary(&before, &after, headline);
        assert!(m.starts_with(&format!("{headline}: {} direct Element 3, down {}", gbp(now), gbp(was - now))), "{m}");
        assert!(m.ends_with('.'), "{m}");
    }

    #[test]
    fn no_change_is_said_to_be_no_change() {
        let s = example();
        let o = calculate(&s);
        let headline = s.rate_card.tariff_ay();
        let m = change_summary(&o, &o, headline);
        assert!(m.ends_with("direct Element 3, unchanged."), "{m}");
        assert!(m.starts_with(&headline.to_string()), "{m}");
    }
}
