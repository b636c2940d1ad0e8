//! What-if helpers for the questions a consultation asks of the rates, typed for the web app
//! (no JSON): the county's winners and losers (each school's `direct` against the current
//! system, R7.3, or against a baseline scenario, R10.6), the county-wide cost of each
//! protection option A–D side by side (R6, R5.7), and a range for one rate card parameter (R9)
//! at five evenly spaced values.
//!
//! Exactness: a school's change in % is an exact ratio, `change × 100 / |reference|`; it is
//! binned by exact integer arithmetic and only rounded (half-up) for display. Range values are
//! exact decimals, rounded half-up to the parameter's precision (money to the penny, fractions
//! and multipliers to six decimals, as R9 allows).

use super::calc::{self, calculate, Outcome};
use super::compare::Computed;
use super::errors::{Errors, InputError};
use super::exact::{self, ratio_of, Ratio};
use super::money::{self, fmt_fraction, fmt_money, round_half_up};
use super::params::{self, Decl, Family, Kind, Member, Val};
use super::periods::{Ay, Fy};
use super::ratecard::{ProtectionOption, RateCard, Route, Setting};
use super::scenario::Scenario;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::fmt;

// ---------------------------------------------------------------------------------------
// Winners and losers
// ---------------------------------------------------------------------------------------

/// An academic year (R1.4) or a financial year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Ay(Ay),
    Fy(Fy),
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Ay(a) => a.fmt(f),
            Period::Fy(y) => y.fmt(f),
        }
    }
}

/// A school's `direct` and `current` (R10.4) in a period, pennies; `None` when the period is
/// not modelled (or not reported, R7.4).
pub fn school_figures(out: &Outcome, si: usize, period: Period) -> Option<(i64, i64)> {
    let s = out.schools.get(si)?;
    match period {
        Period::Ay(ay) => s.years.get(out.year_ix(ay)?).map(|y| (y.direct, y.current)),
        Period::Fy(fy) => s.fys.get(out.fy_ix(fy)?).map(|y| (y.direct, y.current)),
    }
}

fn modelled(out: &Outcome, period: Period) -> Option<()> {
    match period {
        Period::Ay(ay) => out.year_ix(ay).map(|_| ()),
        Period::Fy(fy) => out.fy_ix(fy).map(|_| ()),
    }
}

/// What a school's figure is compared against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Against {
    /// The current systems (R7.3 `current`).
    Current,
    /// The same school's `direct` in a baseline scenario (R10.6).
    Baseline,
}

/// Gain, loss or no change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Movement {
    Gain,
    Loss,
    Unchanged,
}

/// A bin of the distribution of schools' changes in %. Each 5-point bin holds the changes
/// from its lower bound (included) to 5 points above it (excluded); an exact 0 is its own bin,
/// so `Range(0)` holds gains above 0% and under 5%, and `Range(-5)` losses from 5% (included)
/// to 0% (excluded). Changes below −50% and from +50% on share a bin each. A school whose
/// reference is £0 has no % change: it is in `FromZero` if its figure moved (and, with no
/// change, in `NoChange`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bin {
    Below50,
    /// Lower bound in whole %: −50, −45, …, 45.
    Range(i32),
    NoChange,
    AtLeast50,
    FromZero,
}

impl Bin {
    /// Every bin, in the order of a chart: losses, no change, gains, then from £0.
    pub fn all() -> Vec<Bin> {
        let mut v = vec![Bin::Below50];
        v.extend((-10..0).map(|k| Bin::Range(5 * k)));
        v.push(Bin::NoChange);
        v.extend((0..10).map(|k| Bin::Range(5 * k)));
        v.push(Bin::AtLeast50);
        v.push(Bin::FromZero);
        v
    }
    /// For people: `−10% to −5%`, `+5% to +10%`, `no change` …
    pub fn label(self) -> String {
        let pct = |n: i32| match n.cmp(&0) {
            std::cmp::Ordering::Less => format!("−{}%", -n),
            std::cmp::Ordering::Equal => "0%".to_string(),
            std::cmp::Ordering::Greater => format!("+{n}%"),
        };
        match self {
            Bin::Below50 => "below −50%".to_string(),
            Bin::Range(lo) => format!("{} to {}", pct(lo), pct(lo + 5)),
            Bin::NoChange => "no change".to_string(),
            Bin::AtLeast50 => "+50% or more".to_string(),
            Bin::FromZero => "from £0 (no % change)".to_string(),
        }
    }
}

/// One school's figure against its reference, pennies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolChange {
    /// Index in the scenario.
    pub si: usize,
    pub urn: String,
    pub name: String,
    /// The scenario's `direct`.
    pub figure: i64,
    /// `current`, or the baseline's `direct`.
    pub reference: i64,
}

impl SchoolChange {
    pub fn change(&self) -> i64 {
        self.figure - self.reference
    }
    pub fn movement(&self) -> Movement {
        match self.change().cmp(&0) {
            std::cmp::Ordering::Greater => Movement::Gain,
            std::cmp::Ordering::Less => Movement::Loss,
            std::cmp::Ordering::Equal => Movement::Unchanged,
        }
    }
    /// The change in %, exactly: `change × 100 / |reference|`; `None` when the reference is 0.
    pub fn percent(&self) -> Option<Ratio> {
        (self.reference != 0).then(|| ratio_of(self.change() * 100, self.reference.abs()))
    }
    /// The change in % rounded half-up to `dp` decimals, for display.
    pub fn percent_dp(&self, dp: u32) -> Option<Decimal> {
        self.percent().map(|r| exact::to_decimal(&r, dp))
    }
    /// The bin of the distribution, decided on the exact %.
    pub fn bin(&self) -> Bin {
        let c = self.change();
        if c == 0 {
            return Bin::NoChange;
        }
        if self.reference == 0 {
            return Bin::FromZero;
        }
        // k = ⌊% / 5⌋ = ⌊change × 20 / |reference|⌋, exactly.
        let k = (i128::from(c) * 20).div_euclid(i128::from(self.reference.abs()));
        if k < -10 {
            Bin::Below50
        } else if k >= 10 {
            Bin::AtLeast50
        } else {
            Bin::Range(5 * k as i32)
        }
    }
}

/// The county's winners and losers in one period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WinnersLosers {
    pub period: Period,
    pub against: Against,
    /// In the scenario's order.
    pub schools: Vec<SchoolChange>,
    pub gain: usize,
    pub lose: usize,
    pub unchanged: usize,
    /// URNs of schools with no reference (not in the baseline, or the period not modelled
    /// there); not counted.
    pub not_compared: Vec<String>,
    /// Every bin of [`Bin::all`] with its count of schools (zero counts included).
    pub distribution: Vec<(Bin, usize)>,
}

fn tally(period: Period, against: Against, schools: Vec<SchoolChange>, not_compared: Vec<String>) -> WinnersLosers {
    let count = |m: Movement| schools.iter().filter(|s| s.movement() == m).count();
    let (gain, lose, unchanged) = (count(Movement::Gain), count(Movement::Loss), count(Movement::Unchanged));
    let mut by_bin: HashMap<Bin, usize> = HashMap::new();
    for s in &schools {
        *by_bin.entry(s.bin()).or_default() += 1;
    }
    let distribution = Bin::all().into_iter().map(|b| (b, by_bin.get(&b).copied().unwrap_or(0))).collect();
    WinnersLosers { period, against, schools, gain, lose, unchanged, not_compared, distribution }
}

/// Each school's `direct` against the current systems (R7.3) in a period. `None` when the
/// period is not modelled.
pub fn against_current(s: &Scenario, out: &Outcome, period: Period) -> Option<WinnersLosers> {
    modelled(out, period)?;
    let schools = s
        .schools
        .iter()
        .enumerate()
        .filter_map(|(si, sc)| {
            let (figure, reference) = school_figures(out, si, period)?;
            Some(SchoolChange { si, urn: sc.urn.clone(), name: sc.name.clone(), figure, reference })
        })
        .collect();
    Some(tally(period, Against::Current, schools, Vec::new()))
}

/// Each school's `direct` against its `direct` in a baseline (matched by URN, R10.6). `None`
/// when the scenario does not model the period.
pub fn against_baseline(now: Computed, baseline: Computed, period: Period) -> Option<WinnersLosers> {
    let (s, out) = (now.scenario, now.outcome);
    modelled(out, period)?;
    let at: HashMap<&str, usize> = baseline.scenario.schools.iter().enumerate().map(|(i, sc)| (sc.urn.as_str(), i)).collect();
    let mut schools = Vec::new();
    let mut not_compared = Vec::new();
    for (si, sc) in s.schools.iter().enumerate() {
        let Some((figure, _)) = school_figures(out, si, period) else { continue };
        match at.get(sc.urn.as_str()).and_then(|&bi| school_figures(baseline.outcome, bi, period)) {
            Some((reference, _)) => schools.push(SchoolChange { si, urn: sc.urn.clone(), name: sc.name.clone(), figure, reference }),
            None => not_compared.push(sc.urn.clone()),
        }
    }
    Some(tally(period, Against::Baseline, schools, not_compared))
}

// ---------------------------------------------------------------------------------------
// Protection options A–D, county-wide
// ---------------------------------------------------------------------------------------

/// One Community under one protection option, in the community AY, pennies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionCommunity {
    pub id: String,
    pub name: String,
    /// R5.6; `None` without a pot for the community AY.
    pub net: Option<i64>,
    /// R5.7 with the option applied: the protected amounts of its schools' pupils.
    pub committed: i64,
    /// `net − committed`; `None` without a pot.
    pub discretionary: Option<i64>,
}

/// The county under one option applied to every Community (each keeps its own B rate, R2.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionCost {
    pub option: ProtectionOption,
    pub communities: Vec<OptionCommunity>,
    pub net: Option<i64>,
    pub committed: i64,
    pub discretionary: Option<i64>,
    /// Communities whose commitments exceed their net budget.
    pub over_committed: usize,
    /// Protected amounts of pupils in schools with no Community (R6.5): paid directly, from no
    /// Community's budget.
    pub no_community_protected: i64,
}

/// The county-wide cost of each protection option A–D side by side in the community AY (R6,
/// R5.7), from [`calc::protection_options`] school by school. `None` when the community AY is
/// not modelled.
pub fn protection_options_county(s: &Scenario, out: &Outcome) -> Option<Vec<OptionCost>> {
    let ay = s.rate_card.community_ay();
    if !s.years.contains(&ay) {
        return None;
    }
    let ci_of: HashMap<&str, usize> = s.communities.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let n = ProtectionOption::ALL.len();
    let mut committed = vec![vec![0i64; s.communities.len()]; n];
    let mut loose = vec![0i64; n];
    for (si, school) in s.schools.iter().enumerate() {
        let opts = calc::protection_options(s, si)?;
        let ci = school.community.as_deref().and_then(|c| ci_of.get(c)).copied();
        for (k, o) in opts.iter().enumerate() {
            match ci {
                Some(ci) => committed[k][ci] += o.protected,
                None => loose[k] += o.protected,
            }
        }
    }
    let cy = out.county_year(ay);
    Some(
        ProtectionOption::ALL
            .iter()
            .enumerate()
            .map(|(k, &option)| {
                let communities: Vec<OptionCommunity> = s
                    .communities
                    .iter()
                    .enumerate()
                    .map(|(ci, c)| {
                        let net = cy.and_then(|cy| cy.communities.get(ci)).map(|r| r.net);
                        OptionCommunity {
                            id: c.id.clone(),
                            name: c.name.clone(),
                            net,
                            committed: committed[k][ci],
                            discretionary: net.map(|n| n - committed[k][ci]),
                        }
                    })
                    .collect();
                let net = cy.map(|_| communities.iter().filter_map(|c| c.net).sum());
                let total_committed = communities.iter().map(|c| c.committed).sum();
                OptionCost {
                    option,
                    net,
                    committed: total_committed,
                    discretionary: net.map(|n: i64| n - total_committed),
                    over_committed: communities.iter().filter(|c| c.discretionary.is_some_and(|d| d < 0)).count(),
                    no_community_protected: loose[k],
                    communities,
                }
            })
            .collect(),
    )
}

// ---------------------------------------------------------------------------------------
// A range for one parameter
// ---------------------------------------------------------------------------------------

/// A rate card parameter a range can vary (R9): a declared parameter with a `range`
/// (`params::DECLS`), a band's rate by the band's code.
#[derive(Debug, Clone)]
pub struct Param {
    decl: &'static Decl,
    which: Which,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Which {
    One,
    Setting(Setting),
    /// A band on the tariff route (R3.1), by its code.
    Band(String),
}

impl PartialEq for Param {
    fn eq(&self, other: &Param) -> bool {
        self.decl.path == other.decl.path && self.which == other.which
    }
}
impl Eq for Param {}
impl std::hash::Hash for Param {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.decl.path.hash(h);
        self.which.hash(h);
    }
}

/// How a parameter's values are written and rounded (R9 "Numbers everywhere").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// Pounds, 0 to 1,000,000,000, to the penny.
    Money,
    /// 0 to 1, six decimals.
    Fraction,
    /// 0 to 1,000, six decimals.
    Multiplier,
}

impl Precision {
    pub fn dp(self) -> u32 {
        match self {
            Precision::Money => 2,
            _ => 6,
        }
    }
    /// Reads a bound as R9 reads such a value.
    pub fn parse(self, text: &str) -> Result<Decimal, String> {
        match self {
            Precision::Money => money::parse_money(text),
            Precision::Fraction => money::parse_fraction(text, Decimal::ZERO, Decimal::ONE),
            Precision::Multiplier => money::parse_fraction(text, Decimal::ZERO, Decimal::from(1000)),
        }
    }
    /// Checks a bound given as a number.
    pub fn check(self, d: Decimal) -> Result<Decimal, String> {
        self.parse(&d.normalize().to_string())
    }
    /// For people.
    pub fn show(self, d: Decimal) -> String {
        match self {
            Precision::Money => money::format_gbp(d),
            Precision::Fraction => money::fmt_percent(d),
            Precision::Multiplier => format!("×{}", fmt_fraction(d)),
        }
    }
}

impl Param {
    /// A declared parameter of one value that a range can vary (`protection.rate`,
    /// `community.topslice_per_community`, `mgl.max_loss`).
    pub fn declared(path: &str) -> Option<Param> {
        Decl::at(path).filter(|d| d.range.is_some() && d.family == Family::One).map(|decl| Param { decl, which: Which::One })
    }
    /// The tariff rate of a band (R3.1), by its code.
    pub fn band_rate(code: &str) -> Option<Param> {
        Decl::at("bands[*].rate").filter(|d| d.range.is_some()).map(|decl| Param { decl, which: Which::Band(code.to_string()) })
    }
    /// A setting's factor (R3.1).
    pub fn setting_factor(s: Setting) -> Option<Param> {
        Decl::at("setting_factors.*").filter(|d| d.range.is_some()).map(|decl| Param { decl, which: Which::Setting(s) })
    }

    /// Every parameter of `card` a range can vary, in the declared order of the range (bands
    /// on the tariff route only).
    pub fn all(card: &RateCard) -> Vec<Param> {
        let mut v: Vec<(u8, usize, Param)> = params::params(card)
            .into_iter()
            .enumerate()
            .filter_map(|(n, p)| {
                let order = p.decl.range?.order;
                let which = match p.member {
                    Member::One => Which::One,
                    Member::Setting(s) => Which::Setting(s),
                    Member::Band(i) => {
                        let b = card.bands.get(i).filter(|b| b.route == Route::Tariff)?;
                        Which::Band(b.code.clone())
                    }
                    _ => return None,
                };
                Some((order, n, Param { decl: p.decl, which }))
            })
            .collect();
        v.sort_by_key(|(order, n, _)| (*order, *n));
        v.into_iter().map(|(_, _, p)| p).collect()
    }
    pub fn precision(&self) -> Precision {
        match self.decl.kind {
            Kind::Money | Kind::OptionalMoney => Precision::Money,
            Kind::Multiplier => Precision::Multiplier,
            _ => Precision::Fraction,
        }
    }
    /// The member of the declaration in `card` (`None` for a band it does not have).
    fn member(&self, card: &RateCard) -> Option<Member> {
        match &self.which {
            Which::One => Some(Member::One),
            Which::Setting(s) => Some(Member::Setting(*s)),
            Which::Band(code) => card.bands.iter().position(|b| &b.code == code).map(Member::Band),
        }
    }
    /// Where the parameter is in the rate card (R9 paths).
    pub fn path(&self, card: &RateCard) -> String {
        match (self.member(card), &self.which) {
            (Some(m), _) => self.decl.path_of(&m),
            (None, Which::Band(code)) => format!("bands.{code}.rate"),
            (None, _) => self.decl.path.to_string(),
        }
    }
    /// For people.
    pub fn label(&self, card: &RateCard) -> String {
        let template = self.decl.range.map_or(self.decl.label, |r| r.label);
        match &self.which {
            Which::One => template.to_string(),
            Which::Setting(s) => template.replace("{setting}", s.label()),
            Which::Band(code) => {
                let name = card.band(code).map_or(code.as_str(), |b| b.name.as_str());
                template.replace("{name}", name).replace("{code}", code)
            }
        }
    }
    /// The value in `card`; `None` for an unknown or non-tariff band, or a null MGL limit.
    pub fn get(&self, card: &RateCard) -> Option<Decimal> {
        if let Which::Band(code) = &self.which {
            card.band(code).filter(|b| b.route == Route::Tariff)?;
        }
        match (self.decl.get)(card, &self.member(card)?)? {
            Val::Num(d) => Some(d),
            Val::Opt(d) => d,
            _ => None,
        }
    }
    /// Whether `card` has the parameter (a band on the tariff route with this code).
    fn check(&self, card: &RateCard) -> Result<(), String> {
        match &self.which {
            Which::Band(code) => match card.band(code) {
                None => Err(super::scenario::unknown_band(code, card)),
                Some(b) if b.route != Route::Tariff => Err(format!("band {code} is on the {} route: it has no tariff rate to vary (R1.3)", b.route.as_str())),
                Some(_) => Ok(()),
            },
            _ => Ok(()),
        }
    }
    /// `card` with the parameter set to `v` (already checked against [`Param::precision`]).
    pub fn set(&self, card: &RateCard, v: Decimal) -> RateCard {
        let mut c = card.clone();
        if let Some(m) = self.member(card) {
            let val = match self.decl.kind {
                Kind::OptionalMoney | Kind::NullableFraction => Val::Opt(Some(v)),
                _ => Val::Num(v),
            };
            (self.decl.set)(&mut c, &m, val);
        }
        c
    }
}

/// The number of values in a range.
pub const RANGE_POINTS: usize = 5;

/// Five evenly spaced values from `from` to `to`, both included: `from + (to − from) × i / 4`,
/// exact, then rounded half-up to the parameter's precision (the ends are never moved).
pub fn five_values(from: Decimal, to: Decimal, p: Precision) -> [Decimal; RANGE_POINTS] {
    let step_of = |i: i64| from + (to - from) * Decimal::from(i) / Decimal::from((RANGE_POINTS - 1) as i64);
    let mut out = [Decimal::ZERO; RANGE_POINTS];
    for (i, o) in out.iter_mut().enumerate() {
        *o = round_half_up(step_of(i as i64), p.dp()).normalize();
    }
    out
}

/// A rate card at one value of the parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct RangeCard {
    pub value: Decimal,
    pub card: RateCard,
}

/// The rate card at each of the five values from `from` to `to` (either order). Bounds are
/// checked as R9 checks the parameter (money: at most two decimals, up to £1,000,000,000;
/// fractions: 0 to 1, six decimals; multipliers: 0 to 1,000); faults are reported under
/// `param`, `from` and `to`.
pub fn range_cards(card: &RateCard, param: &Param, from: Decimal, to: Decimal) -> Result<Vec<RangeCard>, Errors> {
    let mut errs = Errors::new();
    if let Err(e) = param.check(card) {
        errs.push(InputError::new("param", e));
    }
    let p = param.precision();
    let from = p.check(from).map_err(|e| errs.push(InputError::new("from", e))).ok();
    let to = p.check(to).map_err(|e| errs.push(InputError::new("to", e))).ok();
    let (Some(from), Some(to)) = (from, to) else { return Err(errs) };
    if !errs.is_empty() {
        return Err(errs);
    }
    Ok(five_values(from, to, p).into_iter().map(|value| RangeCard { value, card: param.set(card, value) }).collect())
}

/// R5.1 for a changed card: every pot must cover the top-slice.
fn check_pots(s: &Scenario, i: usize, rc: &RangeCard, errs: &mut Errors) {
    let t = rc.card.community.topslice_per_community * Decimal::from(s.communities.len() as u64);
    for (ay, pot) in &s.pots {
        if *ay >= rc.card.community_ay() && *pot < t {
            errs.push(InputError::new(
                format!("values[{i}]"),
                format!(
                    "at {} the top-slice {} ({} communities × {}) is more than the {ay} pot {} (R5.1)",
                    fmt_money(rc.value),
                    fmt_money(t),
                    s.communities.len(),
                    fmt_money(rc.card.community.topslice_per_community),
                    fmt_money(*pot)
                ),
            ));
        }
    }
}

/// A school at one value of the range, pennies, parallel to [`SchoolRange::years`] /
/// [`SchoolRange::fys`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolPoint {
    pub value: Decimal,
    pub direct: Vec<i64>,
    pub current: Vec<i64>,
    pub fy_direct: Vec<i64>,
    pub fy_current: Vec<i64>,
}

/// The figures at five values of a parameter: one point per value, each parallel to `years`
/// and `fys`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamRange<P> {
    pub years: Vec<Ay>,
    pub fys: Vec<Fy>,
    pub points: Vec<P>,
}

pub type SchoolRange = ParamRange<SchoolPoint>;

/// The range of `param` from `from` to `to` over a scenario: its five cards, each checked
/// against the scenario's pots, then `run()` calculated with each card, and `point` taken of
/// each outcome.
fn range_of<P>(
    s: &Scenario,
    param: &Param,
    from: Decimal,
    to: Decimal,
    run: impl FnOnce() -> Scenario,
    point: impl Fn(Decimal, &Outcome) -> P,
) -> Result<ParamRange<P>, Errors> {
    let cards = range_cards(&s.rate_card, param, from, to)?;
    let mut errs = Errors::new();
    for (i, rc) in cards.iter().enumerate() {
        check_pots(s, i, rc, &mut errs);
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let mut run = run();
    let mut points = Vec::with_capacity(cards.len());
    let mut shape = (Vec::new(), Vec::new());
    for rc in cards {
        run.rate_card = rc.card;
        let out = calculate(&run);
        points.push(point(rc.value, &out));
        shape = (out.years, out.fys);
    }
    Ok(ParamRange { years: shape.0, fys: shape.1, points })
}

/// A school's `direct` (and `current`) at five values of a parameter (R10.4 figures). The
/// school is calculated with every Community but without the other schools: its `direct`
/// depends on its own pupils and its Community's protection only (R4, R6, R8), so the figures
/// are those of the whole scenario; its indicative Community share (R5.8) depends on every
/// school and is not given.
pub fn range_school(s: &Scenario, si: usize, param: &Param, from: Decimal, to: Decimal) -> Result<SchoolRange, Errors> {
    let Some(school) = s.schools.get(si) else {
        return Err(vec![InputError::new("school", format!("there is no school number {si} in the scenario"))]);
    };
    let one = || Scenario {
        rate_card: s.rate_card.clone(),
        rate_card_path: None,
        years: s.years.clone(),
        pots: s.pots.clone(),
        communities: s.communities.clone(),
        schools: vec![school.clone()],
    };
    range_of(s, param, from, to, one, |value, out| {
        let so = &out.schools[0];
        SchoolPoint {
            value,
            direct: so.years.iter().map(|y| y.direct).collect(),
            current: so.years.iter().map(|y| y.current).collect(),
            fy_direct: so.fys.iter().map(|y| y.direct).collect(),
            fy_current: so.fys.iter().map(|y| y.current).collect(),
        }
    })
}

/// The county at one value of the range, pennies, parallel to [`CountyRange::years`] /
/// [`CountyRange::fys`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountyPoint {
    pub value: Decimal,
    /// Σ of every school's `direct`.
    pub direct: Vec<i64>,
    pub fy_direct: Vec<i64>,
    /// Σ of the Communities' `committed` and `discretionary` (R5.7); `None` in a year without
    /// Community figures.
    pub committed: Vec<Option<i64>>,
    pub discretionary: Vec<Option<i64>>,
    /// Communities over-committed (R5.7), per year.
    pub over_committed: Vec<usize>,
}

pub type CountyRange = ParamRange<CountyPoint>;

/// The county's totals at five values of a parameter: the whole scenario, five times.
pub fn range_county(s: &Scenario, param: &Param, from: Decimal, to: Decimal) -> Result<CountyRange, Errors> {
    range_of(
        s,
        param,
        from,
        to,
        || s.clone(),
        |value, out| {
            let per_year = |f: &dyn Fn(&super::community::CommunityYear) -> i64| -> Vec<Option<i64>> {
                out.years.iter().map(|&ay| out.county_year(ay).map(|cy| cy.communities.iter().map(f).sum())).collect()
            };
            CountyPoint {
                value,
                direct: (0..out.years.len()).map(|yi| out.schools.iter().map(|so| so.years[yi].direct).sum()).collect(),
                fy_direct: (0..out.fys.len()).map(|fi| out.schools.iter().map(|so| so.fys[fi].direct).sum()).collect(),
                committed: per_year(&|c| c.committed),
                discretionary: per_year(&|c| c.discretionary),
                over_committed: out
                    .years
                    .iter()
                    .map(|&ay| out.county_year(ay).map_or(0, |cy| cy.communities.iter().filter(|c| c.over_committed).count()))
                    .collect(),
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn five_values_are_even_and_rounded_to_the_precision() {
        assert_eq!(five_values(d("0.5"), d("0.75"), Precision::Fraction).map(|x| x.to_string()), ["0.5", "0.5625", "0.625", "0.6875", "0.75"]);
        // (10.01 − 10) / 4 = 0.0025: 10.0025 → 10.00, 10.005 → 10.01 (half-up), 10.0075 → 10.01.
        assert_eq!(five_values(d("10"), d("10.01"), Precision::Money).map(|x| x.to_string()), ["10", "10", "10.01", "10.01", "10.01"]);
        assert_eq!(five_values(d("22000"), d("18000"), Precision::Money).map(|x| x.to_string()), ["22000", "21000", "20000", "19000", "18000"]);
        // 1/3 of a millionth: 0.000001 / 4 steps → rounded to six decimals.
        assert_eq!(five_values(d("0"), d("0.000001"), Precision::Fraction).map(|x| x.to_string()), ["0", "0", "0.000001", "0.000001", "0.000001"]);
    }

    #[test]
    fn bins_are_exact() {
        let sc = |figure, reference| SchoolChange { si: 0, urn: String::new(), name: String::new(), figure, reference };
        assert_eq!(sc(95, 100).bin(), Bin::Range(-5)); // −5% exactly
        assert_eq!(sc(9499, 10000).bin(), Bin::Range(-10)); // −5.01%
        assert_eq!(sc(100, 100).bin(), Bin::NoChange);
        assert_eq!(sc(10001, 10000).bin(), Bin::Range(0));
        assert_eq!(sc(105, 100).bin(), Bin::Range(5));
        assert_eq!(sc(50, 100).bin(), Bin::Range(-50));
        assert_eq!(sc(4999, 10000).bin(), Bin::Below50);
        assert_eq!(sc(150, 100).bin(), Bin::AtLeast50);
        assert_eq!(sc(1, 0).bin(), Bin::FromZero);
        assert_eq!(sc(0, 0).bin(), Bin::NoChange);
        assert_eq!(sc(2, 3).percent_dp(1), Some(d("-33.3")));
        assert_eq!(sc(1, 0).percent(), None);
        assert_eq!(Bin::all().len(), 24);
        assert_eq!(Bin::Range(-10).label(), "−10% to −5%");
        assert_eq!(Bin::Range(0).label(), "0% to +5%");
    }
}
