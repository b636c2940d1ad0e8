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
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::Value;
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
        serde_json::to_value(self).unwrap_or(Value::Null)
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
            InputError { path: path.into(), message: e.message }
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
                    SchoolFyPair {
                        direct: Pair::new(bf.map(|f| f.direct), wf.map(|f| f.direct)),
                        current: Pair::new(bf.map(|f| f.current), wf.map(|f| f.current)),
                    }
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
    /// The R10.6 JSON document as a value (the CLI streams it with [`Serialize`] instead).
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// The comparison as CSV rows (`sen-funding compare --csv`): one row per school, period and
    /// figure, schools in R10.6 order, each school's AYs then its FYs:
    /// `urn, period, figure, base, what_if, change`. `period` is an AY (`2025/26`) or an FY
    /// (`2025-26`); `figure` is `direct`, `mgl_adjustment`, `current` or
    /// `community_indicative` for an AY and `direct` or `current` for an FY; an absent figure
    /// is an empty cell. The first three cells are text, the last three money (R10.4 form) or
    /// empty; the command-line tool writes them with `sen_funding::wire::to_csv`, the one CSV
    /// writer (text neutralised against formula injection, money as numbers).
    pub fn csv_rows(&self) -> Vec<[String; 6]> {
        let m = |p: Option<i64>| p.map(fmt_pennies).unwrap_or_default();
        let mut rows = Vec::new();
        for s in &self.schools {
            for (ay, y) in self.years.iter().zip(&s.years) {
                for (figure, p) in
                    [("direct", y.direct), ("mgl_adjustment", y.mgl_adjustment), ("current", y.current), ("community_indicative", y.community_indicative)]
                {
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

// R10.6 JSON, written straight from the typed data (no intermediate document).

/// Money as R10.4 writes it, or null.
struct M(Option<i64>);
impl Serialize for M {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Some(p) => s.serialize_str(&fmt_pennies(p)),
            None => s.serialize_none(),
        }
    }
}

impl Serialize for Pair {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("base", &M(self.base))?;
        m.serialize_entry("what_if", &M(self.what_if))?;
        m.serialize_entry("change", &M(self.change()))?;
        m.end()
    }
}

impl Serialize for SchoolYearPair {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("direct", &self.direct)?;
        m.serialize_entry("mgl_adjustment", &self.mgl_adjustment)?;
        m.serialize_entry("current", &self.current)?;
        m.serialize_entry("community_indicative", &self.community_indicative)?;
        m.end()
    }
}

impl Serialize for SchoolFyPair {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("direct", &self.direct)?;
        m.serialize_entry("current", &self.current)?;
        m.end()
    }
}

impl Serialize for CommunityYearPair {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("net", &self.net)?;
        m.serialize_entry("gross", &self.gross)?;
        m.serialize_entry("committed", &self.committed)?;
        m.serialize_entry("discretionary", &self.discretionary)?;
        m.end()
    }
}

/// `{"2025/26": …, …}`: keys and values in parallel.
struct ByYear<'a, K, V>(&'a [K], &'a [V]);
impl<K: std::fmt::Display, V: Serialize> Serialize for ByYear<'_, K, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0.iter().zip(self.1) {
            m.serialize_entry(&k.to_string(), v)?;
        }
        m.end()
    }
}

struct SchoolDoc<'a>(&'a Comparison, &'a SchoolPair);
impl Serialize for SchoolDoc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (c, p) = (self.0, self.1);
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("urn", &p.urn)?;
        m.serialize_entry("years", &ByYear(&c.years, &p.years))?;
        m.serialize_entry("financial_years", &ByYear(&c.fys, &p.fys))?;
        m.end()
    }
}

struct CommunityDoc<'a>(&'a Comparison, &'a CommunityPair);
impl Serialize for CommunityDoc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (c, p) = (self.0, self.1);
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("id", &p.id)?;
        m.serialize_entry("years", &ByYear(&c.community_years, &p.years))?;
        m.end()
    }
}

impl Serialize for CardRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("id", &self.id)?;
        m.serialize_entry("status", self.status.as_str())?;
        m.end()
    }
}

/// R10.6: `{"base", "what_if", "schools", "communities"}`.
impl Serialize for Comparison {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Schools<'a>(&'a Comparison);
        impl Serialize for Schools<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut q = s.serialize_seq(Some(self.0.schools.len()))?;
                for p in &self.0.schools {
                    q.serialize_element(&SchoolDoc(self.0, p))?;
                }
                q.end()
            }
        }
        struct Communities<'a>(&'a Comparison);
        impl Serialize for Communities<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut q = s.serialize_seq(Some(self.0.communities.len()))?;
                for p in &self.0.communities {
                    q.serialize_element(&CommunityDoc(self.0, p))?;
                }
                q.end()
            }
        }
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("base", &self.base)?;
        m.serialize_entry("what_if", &self.what_if)?;
        m.serialize_entry("schools", &Schools(self))?;
        m.serialize_entry("communities", &Communities(self))?;
        m.end()
    }
}

/// The header of [`Comparison::csv_rows`].
pub const CSV_HEADER: [&str; 6] = ["urn", "period", "figure", "base", "what_if", "change"];

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
