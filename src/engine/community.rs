//! Community budgets (R5): top-slice, formula share from the indicators, historic share, the
//! blend, largest-remainder rounding to the penny, commitments and the discretionary sum, and
//! a school's indicative share of it (R5.8).
//!
//! Shares are exact ratios ([`super::exact`]): the pennies of R5.6 and R5.8 are decided on the
//! exact value, not on a rounded share.

use super::exact::{self, ratio, ratio_of, Ratio};
use super::money::fmt_fraction;
use super::periods::Ay;
use super::ratecard::RateCard;
use super::scenario::{Community, Indicators};
use rust_decimal::Decimal;

/// The four formula terms of R5.3.
pub const TERMS: [&str; 4] = ["pupils", "idaci", "lac", "lpa"];

/// R5.2: the indicator values of a community or school: `pupils`, the weighted IDACI sum,
/// `lac`, `lpa`.
pub fn indicator_values(card: &RateCard, ind: &Indicators) -> [Decimal; 4] {
    let w = &card.community.idaci_band_weights;
    let idaci: Decimal = (0..6).map(|b| Decimal::from(ind.idaci[b]) * w[b]).sum();
    [Decimal::from(ind.pupils), idaci, Decimal::from(ind.lac), Decimal::from(ind.lpa)]
}

/// R5.3: the raw weight of each term: `w_pop`, `w_dep × mix_idaci`, `w_dep × mix_lac`,
/// `w_dep × mix_lpa`.
pub fn term_weights(card: &RateCard) -> [Decimal; 4] {
    let c = &card.community;
    [c.w_pop, c.w_dep * c.mix_idaci, c.w_dep * c.mix_lac, c.w_dep * c.mix_lpa]
}

/// R5.3 applied to a set of members with the given totals: the normalised weight of each
/// term (0 for a dropped term), or `None` when every total is 0 (equal shares).
pub fn normalised_weights(raw: &[Decimal; 4], totals: &[Decimal; 4]) -> Option<[Ratio; 4]> {
    let kept: Vec<usize> = (0..4).filter(|&t| !totals[t].is_zero()).collect();
    let sum: Decimal = kept.iter().map(|&t| raw[t]).sum();
    if kept.is_empty() || sum.is_zero() {
        return None;
    }
    let sum = ratio(sum);
    let mut out: [Ratio; 4] = Default::default();
    for &t in &kept {
        out[t] = ratio(raw[t]) / &sum;
    }
    Some(out)
}

/// R5.3: `f = Σ_t weight_t × ind_t / total_t`.
pub fn formula_share(weights: &Option<[Ratio; 4]>, values: &[Decimal; 4], totals: &[Decimal; 4], members: usize) -> Ratio {
    match weights {
        None => ratio_of(1, members.max(1) as i64),
        Some(w) => (0..4).filter(|&t| !totals[t].is_zero()).map(|t| &w[t] * ratio(values[t]) / ratio(totals[t])).fold(exact::zero(), |a, b| a + b),
    }
}

/// One Community's figures for one AY (R5, R10.4).
#[derive(Debug, Clone, PartialEq)]
pub struct CommunityYear {
    pub values: [Decimal; 4],
    pub formula_share: Ratio,
    pub historic_share: Ratio,
    pub blended_share: Ratio,
    /// Pennies.
    pub topslice: i64,
    pub net: i64,
    pub gross: i64,
    pub committed: i64,
    pub discretionary: i64,
    pub over_committed: bool,
    /// R5.6: `D × s` exactly, and whether the largest-remainder step gave it an extra penny.
    pub exact_net: Ratio,
    pub extra_penny: bool,
}

/// The county-wide figures of R5 for one AY, shared by every community's explanation.
#[derive(Debug, Clone, PartialEq)]
pub struct CountyYear {
    pub ay: Ay,
    pub pot: i64,
    pub topslice_total: i64,
    pub distributable: i64,
    pub totals: [Decimal; 4],
    pub raw_weights: [Decimal; 4],
    pub weights: Option<[Ratio; 4]>,
    pub historic_total: Decimal,
    pub historic_weight: Decimal,
    pub communities: Vec<CommunityYear>,
}

/// R5 for one AY with a pot: every community's budget. `committed[c]` is R5.7's sum of
/// protected amounts for community c, in pennies.
pub fn budgets(card: &RateCard, communities: &[Community], ay: Ay, pot: Decimal, committed: &[i64]) -> CountyYear {
    let n = communities.len();
    let topslice = super::money::to_pennies(card.community.topslice_per_community);
    let pot_p = super::money::to_pennies(pot);
    // R5.1
    let t_total = topslice * n as i64;
    let d = pot_p - t_total;
    // R5.2, R5.3
    let values: Vec<[Decimal; 4]> = communities.iter().map(|c| indicator_values(card, &c.indicators)).collect();
    let mut totals = [Decimal::ZERO; 4];
    for v in &values {
        for t in 0..4 {
            totals[t] += v[t];
        }
    }
    let raw_weights = term_weights(card);
    let weights = normalised_weights(&raw_weights, &totals);
    let formula: Vec<Ratio> = values.iter().map(|v| formula_share(&weights, v, &totals, n)).collect();
    // R5.4
    let historic_total: Decimal = communities.iter().map(|c| c.historic).sum();
    let historic: Vec<Ratio> =
        if historic_total.is_zero() { formula.clone() } else { communities.iter().map(|c| ratio(c.historic) / ratio(historic_total)).collect() };
    // R5.5
    let hw = card.historic_weight(ay);
    let hw_r = ratio(hw);
    let blended: Vec<Ratio> = (0..n).map(|c| &hw_r * &historic[c] + (exact::one() - &hw_r) * &formula[c]).collect();
    // R5.6: largest remainder, in pennies.
    let d_r = ratio_of(d, 100);
    let exact_nets: Vec<Ratio> = blended.iter().map(|s| &d_r * s).collect();
    let floors: Vec<(i64, Ratio)> = exact_nets.iter().map(exact::floor_pennies).collect();
    let mut nets: Vec<i64> = floors.iter().map(|(p, _)| *p).collect();
    let leftover = d - nets.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| floors[b].1.cmp(&floors[a].1).then_with(|| communities[a].id.cmp(&communities[b].id)));
    let mut extra = vec![false; n];
    if n > 0 {
        for i in 0..leftover.max(0) as usize {
            let c = order[i % n];
            nets[c] += 1;
            extra[c] = true;
        }
    }
    let rows = (0..n)
        .map(|c| {
            let committed = committed.get(c).copied().unwrap_or(0);
            let discretionary = nets[c] - committed;
            CommunityYear {
                values: values[c],
                formula_share: formula[c].clone(),
                historic_share: historic[c].clone(),
                blended_share: blended[c].clone(),
                topslice,
                net: nets[c],
                gross: nets[c] + topslice,
                committed,
                discretionary,
                over_committed: discretionary < 0,
                exact_net: exact_nets[c].clone(),
                extra_penny: extra[c],
            }
        })
        .collect();
    CountyYear {
        ay,
        pot: pot_p,
        topslice_total: t_total,
        distributable: d,
        totals,
        raw_weights,
        weights,
        historic_total,
        historic_weight: hw,
        communities: rows,
    }
}

/// R5.8: a school's share within its community: R5.3 with the community's own indicator values
/// as the totals. When every one of the community's totals is 0, the schools with indicators
/// share equally (`members` of them).
pub fn school_share(card: &RateCard, school: &Indicators, community: &Indicators, members: usize) -> Ratio {
    let totals = indicator_values(card, community);
    let values = indicator_values(card, school);
    let weights = normalised_weights(&term_weights(card), &totals);
    formula_share(&weights, &values, &totals, members)
}

/// R5.8: `round(max(0, discretionary) × share)`, in pennies.
pub fn indicative(discretionary: i64, share: &Ratio) -> i64 {
    let base = ratio_of(discretionary.max(0), 100);
    exact::round_pennies(&(base * share))
}

/// A share for people: six places.
pub fn share6(r: &Ratio) -> String {
    format!("{:.6}", exact::to_decimal(r, 6))
}

/// A share for the result JSON: twenty places, normalised.
pub fn share_json(r: &Ratio) -> String {
    fmt_fraction(exact::to_decimal(r, exact::SHARE_DP))
}
