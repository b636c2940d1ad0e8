//! What-if against a baseline (R10.6): every figure of two computed scenarios side by side
//! with the change between them, as typed data (the web app renders it directly) and as the
//! JSON of R10.6 (`sen-funding compare BASE.json WHAT_IF.json`).
//!
//! Order and keys (R10.6): schools in the base's order, then those only in the what-if;
//! Communities likewise; years the union of both scenarios, in order. Every school carries the
//! same year keys (the union of both scenarios' modelled AYs, and of their reported FYs, R7.4),
//! and every Community the same AY keys (the union of the AYs with Community figures, R5);
//! where a scenario has no such figure the side is `null` (see docs/MODEL.md, "Readings").
//! Money is whole pennies, written as R10.4 writes it (two decimals); `change = what_if −
//! base` exactly, `null` unless both exist.

use super::calc::Outcome;
use super::errors::{Errors, InputError};
use super::money::fmt_pennies;
use super::periods::{Ay, Fy};
use super::ratecard::Status;
use super::scenario::Scenario;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// One figure under both scenarios (R10.6's `D`), in pennies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pair {
    pub base: Option<i64>,
    pub what_if: Option<i64>,
}

impl Pair {
    pub fn new(base: Option<i64>, what_if: Option<i64>) -> Pair {
        Pair { base, what_if }
    }
    /// `what_if − base`, exact; `None` unless both exist (R10.6).
    pub fn change(&self) -> Option<i64> {
        Some(self.what_if? - self.base?)
    }
    /// `{"base": money|null, "what_if": money|null, "change": money|null}` (R10.6, R10.4 money).
    pub fn to_json(&self) -> Value {
        let m = |p: Option<i64>| p.map_or(Value::Null, |p| Value::String(fmt_pennies(p)));
        json!({"base": m(self.base), "what_if": m(self.what_if), "change": m(self.change())})
    }
}

/// Which scenario of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Base,
    WhatIf,
}

impl Side {
    /// `base` or `what_if`, as R10.6 names them.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Base => "base",
            Side::WhatIf => "what_if",
        }
    }
}

/// R10.6: input errors in either file, each path prefixed `base:` or `what_if:`
/// (`base:schools[2].pupils[17].band`). An error of the whole document (no path) gets the bare
/// side as its path, so it prints as `base: the scenario is not valid JSON …`.
pub fn side_errors(side: Side, errs: Errors) -> Errors {
    errs.into_iter()
        .map(|e| {
            let path = if e.path.is_empty() { side.as_str().to_string() } else { format!("{}:{}", side.as_str(), e.path) };
            InputError { path, message: e.message }
        })
        .collect()
}

/// The rate card of each side (R10.6 `base` / `what_if`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardRef {
    pub id: String,
    pub status: Status,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SchoolYearPair {
    pub direct: Pair,
    pub mgl_adjustment: Pair,
    pub current: Pair,
    pub community_indicative: Pair,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SchoolFyPair {
    pub direct: Pair,
    pub current: Pair,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolPair {
    pub urn: String,
    /// The school's name in the base, else in the what-if (for people; not in R10.6's JSON).
    pub name: String,
    /// Index of the school in each scenario, where it is there.
    pub base_ix: Option<usize>,
    pub what_if_ix: Option<usize>,
    /// Parallel to [`Comparison::years`].
    pub years: Vec<SchoolYearPair>,
    /// Parallel to [`Comparison::fys`].
    pub fys: Vec<SchoolFyPair>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CommunityYearPair {
    pub net: Pair,
    pub gross: Pair,
    pub committed: Pair,
    pub discretionary: Pair,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommunityPair {
    pub id: String,
    pub name: String,
    pub base_ix: Option<usize>,
    pub what_if_ix: Option<usize>,
    /// Parallel to [`Comparison::community_years`].
    pub years: Vec<CommunityYearPair>,
}

/// The whole of R10.6 as typed data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub base: CardRef,
    pub what_if: CardRef,
    /// The union of both scenarios' modelled AYs, in order (the schools' `years` keys).
    pub years: Vec<Ay>,
    /// The union of both scenarios' reported FYs, in order (`financial_years` keys).
    pub fys: Vec<Fy>,
    /// The union of the AYs with Community figures in either scenario, in order.
    pub community_years: Vec<Ay>,
    pub schools: Vec<SchoolPair>,
    pub communities: Vec<CommunityPair>,
}

fn union<T: Ord + Copy>(a: impl Iterator<Item = T>, b: impl Iterator<Item = T>) -> Vec<T> {
    let mut v: Vec<T> = a.chain(b).collect();
    v.sort();
    v.dedup();
    v
}

/// Keys in the base's order, then those only in the what-if, with each side's index.
fn matched<'a>(base: impl Iterator<Item = &'a str>, what_if: impl Iterator<Item = &'a str>) -> Vec<(&'a str, Option<usize>, Option<usize>)> {
    let mut out: Vec<(&str, Option<usize>, Option<usize>)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for (i, k) in base.enumerate() {
        at.entry(k).or_insert_with(|| {
            out.push((k, Some(i), None));
            out.len() - 1
        });
    }
    for (i, k) in what_if.enumerate() {
        match at.get(k) {
            Some(&o) => {
                if out[o].2.is_none() {
                    out[o].2 = Some(i);
                }
            }
            None => {
                at.insert(k, out.len());
                out.push((k, None, Some(i)));
            }
        }
    }
    out
}

/// One computed scenario: the input and what [`super::calculate`] made of it.
#[derive(Debug, Clone, Copy)]
pub struct Computed<'a> {
    pub scenario: &'a Scenario,
    pub outcome: &'a Outcome,
}

impl<'a> Computed<'a> {
    pub fn new(scenario: &'a Scenario, outcome: &'a Outcome) -> Computed<'a> {
        Computed { scenario, outcome }
    }
}

/// R10.6: compares two computed scenarios figure by figure.
pub fn compare(base: Computed, what_if: Computed) -> Comparison {
    let (bs, bo, ws, wo) = (base.scenario, base.outcome, what_if.scenario, what_if.outcome);
    let years = union(bo.years.iter().copied(), wo.years.iter().copied());
    let fys = union(bo.fys.iter().copied(), wo.fys.iter().copied());
    let community_years = union(bo.county.iter().map(|c| c.ay), wo.county.iter().map(|c| c.ay));

    let schools = matched(bs.schools.iter().map(|s| s.urn.as_str()), ws.schools.iter().map(|s| s.urn.as_str()))
        .into_iter()
        .map(|(urn, bi, wi)| {
            let b = bi.map(|i| &bo.schools[i]);
            let w = wi.map(|i| &wo.schools[i]);
            let name = bi.map(|i| &bs.schools[i]).or(wi.map(|i| &ws.schools[i])).map(|s| s.name.clone()).unwrap_or_default();
            let year_pairs = years
                .iter()
                .map(|&ay| {
                    let by = b.and_then(|s| bo.year_ix(ay).and_then(|i| s.years.get(i)));
                    let wy = w.and_then(|s| wo.year_ix(ay).and_then(|i| s.years.get(i)));
                    SchoolYearPair {
                        direct: Pair::new(by.map(|y| y.direct), wy.map(|y| y.direct)),
                        mgl_adjustment: Pair::new(by.map(|y| y.mgl_adjustment), wy.map(|y| y.mgl_adjustment)),
                        current: Pair::new(by.map(|y| y.current), wy.map(|y| y.current)),
                        community_indicative: Pair::new(by.and_then(|y| y.community_indicative), wy.and_then(|y| y.community_indicative)),
                    }
                })
                .collect();
            let fy_pairs = fys
                .iter()
                .map(|&fy| {
                    let bf = b.and_then(|s| bo.fy_ix(fy).and_then(|i| s.fys.get(i)));
                    let wf = w.and_then(|s| wo.fy_ix(fy).and_then(|i| s.fys.get(i)));
                    SchoolFyPair { direct: Pair::new(bf.map(|f| f.direct), wf.map(|f| f.direct)), current: Pair::new(bf.map(|f| f.current), wf.map(|f| f.current)) }
                })
                .collect();
            SchoolPair { urn: urn.to_string(), name, base_ix: bi, what_if_ix: wi, years: year_pairs, fys: fy_pairs }
        })
        .collect();

    let communities = matched(bs.communities.iter().map(|c| c.id.as_str()), ws.communities.iter().map(|c| c.id.as_str()))
        .into_iter()
        .map(|(id, bi, wi)| {
            let name = bi.map(|i| &bs.communities[i]).or(wi.map(|i| &ws.communities[i])).map(|c| c.name.clone()).unwrap_or_default();
            let year_pairs = community_years
                .iter()
                .map(|&ay| {
                    let b = bi.and_then(|i| bo.county_year(ay).and_then(|cy| cy.communities.get(i)));
                    let w = wi.and_then(|i| wo.county_year(ay).and_then(|cy| cy.communities.get(i)));
                    CommunityYearPair {
                        net: Pair::new(b.map(|c| c.net), w.map(|c| c.net)),
                        gross: Pair::new(b.map(|c| c.gross), w.map(|c| c.gross)),
                        committed: Pair::new(b.map(|c| c.committed), w.map(|c| c.committed)),
                        discretionary: Pair::new(b.map(|c| c.discretionary), w.map(|c| c.discretionary)),
                    }
                })
                .collect();
            CommunityPair { id: id.to_string(), name, base_ix: bi, what_if_ix: wi, years: year_pairs }
        })
        .collect();

    Comparison {
        base: CardRef { id: bs.rate_card.id.clone(), status: bs.rate_card.status },
        what_if: CardRef { id: ws.rate_card.id.clone(), status: ws.rate_card.status },
        years,
        fys,
        community_years,
        schools,
        communities,
    }
}

impl Comparison {
    /// The R10.6 JSON document.
    pub fn to_json(&self) -> Value {
        let card = |c: &CardRef| json!({"id": c.id, "status": c.status.as_str()});
        let schools: Vec<Value> = self
            .schools
            .iter()
            .map(|s| {
                let years: Map<String, Value> = self
                    .years
                    .iter()
                    .zip(&s.years)
                    .map(|(ay, y)| {
                        (
                            ay.to_string(),
                            json!({
                                "direct": y.direct.to_json(),
                                "mgl_adjustment": y.mgl_adjustment.to_json(),
                                "current": y.current.to_json(),
                                "community_indicative": y.community_indicative.to_json(),
                            }),
                        )
                    })
                    .collect();
                let fys: Map<String, Value> =
                    self.fys.iter().zip(&s.fys).map(|(fy, f)| (fy.to_string(), json!({"direct": f.direct.to_json(), "current": f.current.to_json()}))).collect();
                json!({"urn": s.urn, "years": years, "financial_years": fys})
            })
            .collect();
        let communities: Vec<Value> = self
            .communities
            .iter()
            .map(|c| {
                let years: Map<String, Value> = self
                    .community_years
                    .iter()
                    .zip(&c.years)
                    .map(|(ay, y)| {
                        (
                            ay.to_string(),
                            json!({
                                "net": y.net.to_json(),
                                "gross": y.gross.to_json(),
                                "committed": y.committed.to_json(),
                                "discretionary": y.discretionary.to_json(),
                            }),
                        )
                    })
                    .collect();
                json!({"id": c.id, "years": years})
            })
            .collect();
        json!({
            "base": card(&self.base),
            "what_if": card(&self.what_if),
            "schools": schools,
            "communities": communities,
        })
    }

    /// The comparison as CSV rows (`sen-funding compare --csv`): one row per school, period and
    /// figure, schools in R10.6 order, each school's AYs then its FYs:
    /// `urn, period, figure, base, what_if, change`. `period` is an AY (`2025/26`) or an FY
    /// (`2025-26`); `figure` is `direct`, `mgl_adjustment`, `current` or
    /// `community_indicative` for an AY and `direct` or `current` for an FY; an absent figure
    /// is an empty cell. Cells are plain text: write them through
    /// [`super::csv_out::safe_cell`].
    pub fn csv_rows(&self) -> Vec<[String; 6]> {
        let m = |p: Option<i64>| p.map(fmt_pennies).unwrap_or_default();
        let mut rows = Vec::new();
        for s in &self.schools {
            for (ay, y) in self.years.iter().zip(&s.years) {
                for (figure, p) in [("direct", y.direct), ("mgl_adjustment", y.mgl_adjustment), ("current", y.current), ("community_indicative", y.community_indicative)] {
                    rows.push([s.urn.clone(), ay.to_string(), figure.to_string(), m(p.base), m(p.what_if), m(p.change())]);
                }
            }
            for (fy, f) in self.fys.iter().zip(&s.fys) {
                for (figure, p) in [("direct", f.direct), ("current", f.current)] {
                    rows.push([s.urn.clone(), fy.to_string(), figure.to_string(), m(p.base), m(p.what_if), m(p.change())]);
                }
            }
        }
        rows
    }
}

/// The header of [`Comparison::csv_rows`].
pub const CSV_HEADER: [&str; 6] = ["urn", "period", "figure", "base", "what_if", "change"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r10_6_change_only_when_both_exist() {
        assert_eq!(Pair::new(Some(100), Some(250)).change(), Some(150));
        assert_eq!(Pair::new(Some(250), Some(100)).change(), Some(-150));
        assert_eq!(Pair::new(None, Some(100)).change(), None);
        assert_eq!(Pair::new(Some(100), None).change(), None);
        assert_eq!(Pair::new(Some(1), Some(0)).to_json(), json!({"base": "0.01", "what_if": "0.00", "change": "-0.01"}));
        assert_eq!(Pair::new(None, Some(5)).to_json(), json!({"base": null, "what_if": "0.05", "change": null}));
    }

    #[test]
    fn r10_6_order_base_first_then_what_if_only() {
        let m = matched(["b", "a", "c"].into_iter(), ["c", "d", "a", "e"].into_iter());
        assert_eq!(m, vec![("b", Some(0), None), ("a", Some(1), Some(2)), ("c", Some(2), Some(0)), ("d", None, Some(1)), ("e", None, Some(3))]);
    }

    #[test]
    fn r10_6_side_prefixes() {
        let e = side_errors(Side::WhatIf, vec![InputError::new("schools[0].urn", "x"), InputError::new("", "not JSON")]);
        assert_eq!(e[0].to_string(), "what_if:schools[0].urn: x");
        assert_eq!(e[1].to_string(), "what_if: not JSON");
    }
}
