//! "How funding follows the child" (for parents): one child with a band and an EHCP or not,
//! in each setting, year by year through the transition — the setting's own contribution
//! (R1.1) and the Element 3 top-up (R3.1, R4) — computed by running the whole model on a
//! one-pupil scenario per setting, so the figures are exactly the engine's.

use super::calc::calculate;
use super::explain::Explanation;
use super::explanations;
use super::money::to_pennies;
use super::periods::Ay;
use super::ratecard::{RateCard, Setting};
use super::routes::PupilRoute;
use super::scenario::{Pupil, Scenario, School};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// One setting in one AY.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowYear {
    pub ay: Ay,
    pub route: PupilRoute,
    /// R1.1: the setting's own contribution (context), pennies.
    pub core: i64,
    /// Element 3 paid directly, pennies.
    pub e3: i64,
    pub flags: Vec<&'static str>,
    pub explanation: Explanation,
}

/// One setting across the years.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowSetting {
    pub setting: Setting,
    pub years: Vec<FollowYear>,
}

/// The child's funding in a mainstream school, an SRP and a special school, for `years`.
/// `current_e3` is the top-up the child attracts under the current system (0 for a child
/// without a claim).
pub fn follow_the_child(card: &RateCard, band: &str, ehcp: bool, current_e3: Decimal, years: &[Ay]) -> Vec<FollowSetting> {
    let schools: Vec<School> = Setting::ALL
        .iter()
        .map(|&setting| School {
            urn: setting.as_str().to_string(),
            name: setting.label().to_string(),
            community: None,
            indicators: None,
            pupils: vec![Pupil { id: "child".into(), setting, band: band.to_string(), ehcp, current_e3, year_group: None, start: None, end: None }],
            ..School::default()
        })
        .collect();
    let s = Scenario { rate_card: card.clone(), rate_card_path: None, years: years.to_vec(), pots: BTreeMap::new(), communities: Vec::new(), schools };
    let out = calculate(&s);
    Setting::ALL
        .iter()
        .enumerate()
        .map(|(si, &setting)| FollowSetting {
            setting,
            years: years
                .iter()
                .enumerate()
                .map(|(yi, &ay)| {
                    let py = out.schools[si].pupils[0].years[yi];
                    let mut explanation = explanations::pupil_year(&s, &out, si, 0, ay).unwrap_or(Explanation { title: String::new(), steps: vec![] });
                    explanation.title = format!("A child in {}, {ay}: Element 3 {}", setting.phrase(), super::money::format_gbp_pennies(py.e3));
                    FollowYear { ay, route: py.route, core: to_pennies(card.core(setting)), e3: py.e3, flags: py.flags.names(), explanation }
                })
                .collect(),
        })
        .collect()
}
