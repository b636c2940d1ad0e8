//! Transition protection of existing claims in the community AY (R6): options A–D, the
//! default for schools without a Community (R6.5), and nothing in other years (R6.6).

use super::context::{Ctx, PupilCtx};
use super::explain::Trace;
use super::money::{fmt_percent, format_gbp, format_gbp_fixed, Fixed};
use super::periods::{first_months, Ay, ALL_MONTHS, MONTHS};
use super::ratecard::{ProtectionOption, RateCard};
use super::scenario::Community;
use rust_decimal::Decimal;

/// The protection in force for a school's pupils.
#[derive(Debug, Clone, PartialEq)]
pub struct Protection {
    pub option: ProtectionOption,
    /// For B.
    pub rate: Decimal,
    /// For D.
    pub delay_months: u32,
    /// Where it comes from, for explanations: `Community C01 (North Kent)` or `the rate card's
    /// default (R6.5)`.
    pub whose: String,
}

impl Protection {
    /// R6 by the community's option; R6.5 the rate card's default where there is no community;
    /// a community without an option (or, for B, without a rate) takes the default too.
    pub fn for_community(card: &RateCard, community: Option<&Community>) -> Protection {
        let d = &card.protection;
        match community {
            Some(c) => Protection {
                option: c.protection.unwrap_or(d.option),
                rate: c.protection_rate.unwrap_or(d.rate),
                delay_months: d.delay_months,
                whose: format!("Community {} ({})", c.id, c.name),
            },
            None => Protection {
                option: d.option,
                rate: d.rate,
                delay_months: d.delay_months,
                whose: "the rate card's default, as the school has no Community (R6.5)".to_string(),
            },
        }
    }

    /// The same protection with another option: the side-by-side comparison of A–D.
    pub fn with_option(&self, option: ProtectionOption) -> Protection {
        Protection { option, ..self.clone() }
    }
}

/// `rate × x` exactly: a fraction with at most six decimals times an amount held in 10⁻⁸
/// pounds with at most two decimals, so `x × (rate × 10⁶) / 10⁶` is a whole number of units.
fn share_of(rate: Decimal, x: Fixed) -> Fixed {
    let micro = super::money::to_fixed(rate) / 100; // rate in 10⁻⁶ units (exact: ≤ 6 decimals)
    x * micro / 1_000_000
}

/// R6: the annual protected amount for a pupil on route R4.6, and the months of the AY it is
/// paid in (all, or D's first `delay_months`).
pub fn protected<T: Trace>(ctx: &Ctx, pc: &PupilCtx, prot: &Protection, ay: Ay, t: &mut T) -> (Fixed, u16) {
    let x = pc.current;
    let card = ctx.card;
    if ay != ctx.community_ay {
        t.step("R6.6", || format!("{ay} is not the community AY ({}), so an existing claim is not protected: paid directly £0.00.", ctx.community_ay));
        return (0, ALL_MONTHS);
    }
    let whose = &prot.whose;
    match prot.option {
        ProtectionOption::A => {
            t.step("R6.1", || {
                format!("Protection option A (no protection), chosen by {whose}: paid directly £0.00 {}.", card.cite("protection", "protection.option", "A"))
            });
            (0, ALL_MONTHS)
        }
        ProtectionOption::B => {
            let amount = share_of(prot.rate, x);
            t.step("R6.2", || {
                format!(
                    "Protection option B (protect a share), chosen by {whose}: {} × {} = {} a year {}.",
                    fmt_percent(prot.rate),
                    format_gbp_fixed(x),
                    format_gbp_fixed(amount),
                    card.cite("protection", "protection.rate", &super::money::fmt_fraction(prot.rate))
                )
            });
            (amount, ALL_MONTHS)
        }
        ProtectionOption::C => {
            let protect = !pc.pupil.ehcp && x > ctx.ehcp_direct;
            t.step("R6.3", || {
                if protect {
                    format!("Protection option C (protect SEN Support above {}), chosen by {whose}: the pupil has no EHCP and {} is above {}, so all of it is protected: {} a year.", format_gbp(card.ehcp_direct), format_gbp_fixed(x), format_gbp(card.ehcp_direct), format_gbp_fixed(x))
                } else if pc.pupil.ehcp {
                    format!("Protection option C (protect SEN Support above {}), chosen by {whose}: the pupil has an EHCP, so nothing is protected: £0.00.", format_gbp(card.ehcp_direct))
                } else {
                    format!("Protection option C (protect SEN Support above {}), chosen by {whose}: {} is not above {}, so nothing is protected: £0.00.", format_gbp(card.ehcp_direct), format_gbp_fixed(x), format_gbp(card.ehcp_direct))
                }
            });
            (if protect { x } else { 0 }, ALL_MONTHS)
        }
        ProtectionOption::D => {
            let n = prot.delay_months;
            t.step("R6.4", || {
                let last = if n == 0 { "none".to_string() } else { MONTHS[(n.min(12) - 1) as usize].to_string() };
                format!(
                    "Protection option D (delay), chosen by {whose}: the current {} a year is paid for the first {n} month(s) of {ay} (Sep to {last}), £0.00 after {}.",
                    format_gbp_fixed(x),
                    card.cite("protection", "protection.delay_months", &n.to_string())
                )
            });
            (x, first_months(n))
        }
    }
}
