//! Maximum gains and losses for SRPs and special schools from the tariff AY (R8): the floor and
//! cap on the change from the current system, and how an AY's adjustment splits between
//! financial years (R8.4).

use super::exact::{self, ratio, ratio_int, Ratio};
use super::explain::Trace;
use super::money::{div_round_half_up, fmt_fraction, format_gbp_pennies};
use super::periods::Ay;
use super::ratecard::{RateCard, Setting};

/// The R8 figures for one school, setting and AY.
#[derive(Debug, Clone, PartialEq)]
pub struct MglYear {
    pub setting: Setting,
    /// R8.1, pennies.
    pub new_total: i64,
    pub current_total: i64,
    /// R8.2, exact; `None`: no floor (`max_loss` null and no MFG) or no cap (`max_gain` null).
    pub floor: Option<Ratio>,
    pub cap: Option<Ratio>,
    /// R8.3, pennies.
    pub adjustment: i64,
}

/// R8.2–R8.3 for one school, setting and AY ≥ the tariff AY, from R8.1's `N` and `C`
/// (pennies), traced.
pub fn adjust<T: Trace>(card: &RateCard, setting: Setting, ay: Ay, n: i64, c: i64, t: &mut T) -> MglYear {
    let k = (ay.0 - card.tariff_ay().0).max(0) as u32;
    let m = &card.mgl;
    let c_r = ratio_int(c) / ratio_int(100);
    let n_r = ratio_int(n) / ratio_int(100);
    t.step("R8.1", || {
        format!(
            "{} pupils in {ay}: new model N = {}, current system C = {} ({ay} is year k = {k} of the tariff, which began in {}).",
            setting_name(setting),
            format_gbp_pennies(n),
            format_gbp_pennies(c),
            card.tariff_ay()
        )
    });
    let mut floor = m.max_loss.map(|l| &c_r * exact::pow(&(exact::one() - ratio(l)), k + 1));
    if let (Some(l), Some(f)) = (m.max_loss, &floor) {
        t.step("R8.2", || {
            format!("Floor = C × (1 − {})^{} = {} {}.", fmt_fraction(l), k + 1, gbp_exact(f), card.cite("mgl", "mgl.max_loss", &fmt_fraction(l)))
        });
    }
    if let (Some(g), Setting::Special) = (m.mfg_special, setting) {
        let mfg = &c_r * exact::pow(&(exact::one() + ratio(g)), k + 1);
        t.step("R8.2", || {
            format!(
                "Minimum funding guarantee for special schools: C × (1 + {})^{} = {}; the floor is the larger {}.",
                fmt_fraction(g),
                k + 1,
                gbp_exact(&mfg),
                card.cite("mgl", "mgl.mfg_special", &fmt_fraction(g))
            )
        });
        floor = Some(match floor {
            Some(f) if f > mfg => f,
            _ => mfg,
        });
    }
    let cap = m.max_gain.map(|g| &c_r * exact::pow(&(exact::one() + ratio(g)), k + 1));
    match (m.max_gain, &cap) {
        (Some(g), Some(cp)) => t.step("R8.2", || {
            format!("Cap = C × (1 + {})^{} = {} {}.", fmt_fraction(g), k + 1, gbp_exact(cp), card.cite("mgl", "mgl.max_gain", &fmt_fraction(g)))
        }),
        _ => t.step("R8.2", || "No cap: mgl.max_gain is null.".to_string()),
    }
    // clamp(N, floor, cap); where a guarantee puts the floor above the cap, the floor wins.
    let mut clamped = n_r.clone();
    if let Some(cp) = &cap {
        if &clamped > cp {
            clamped = cp.clone();
        }
    }
    if let Some(f) = &floor {
        if &clamped < f {
            clamped = f.clone();
        }
    }
    let adjustment = exact::round_pennies(&(&clamped - &n_r));
    t.step("R8.3", || {
        let what = if adjustment > 0 {
            "a positive adjustment protects a loss"
        } else if adjustment < 0 {
            "a negative adjustment limits a gain"
        } else {
            "N is within the floor and cap, so no adjustment"
        };
        format!(
            "Adjustment = round(clamp(N, floor, cap) − N) = round({} − {}) = {}: {what}.",
            gbp_exact(&clamped),
            format_gbp_pennies(n),
            format_gbp_pennies(adjustment)
        )
    });
    MglYear { setting, new_total: n, current_total: c, floor, cap, adjustment }
}

/// R8.2–R8.3 for a setting in which the school has no Element 3 at all (`N = C = 0`): the floor
/// and the cap are then 0 (where the card sets them) and there is no adjustment. The same
/// figures as [`adjust`] gives for them, without its exact powers, for the many schools of a
/// county with no SRP or special places.
pub fn nothing(card: &RateCard, setting: Setting) -> MglYear {
    let m = &card.mgl;
    let has_floor = m.max_loss.is_some() || (m.mfg_special.is_some() && setting == Setting::Special);
    MglYear { setting, new_total: 0, current_total: 0, floor: has_floor.then(|| ratio_int(0)), cap: m.max_gain.map(|_| ratio_int(0)), adjustment: 0 }
}

/// R8.4: the part of an AY's adjustment that counts in the FY holding its September–March:
/// `round(adj × 7 / 12)`; the rest, `adj − that`, counts in the FY holding its April–August.
pub fn autumn_part(adj: i64) -> i64 {
    div_round_half_up(adj as i128 * 7, 12) as i64
}

fn setting_name(s: Setting) -> &'static str {
    match s {
        Setting::Mainstream => "Mainstream",
        Setting::Srp => "SRP",
        Setting::Special => "Special school",
    }
}

/// An exact amount for people: pennies when whole, else to six places (`£9,025.000000…`).
pub fn gbp_exact(r: &Ratio) -> String {
    let p = r * ratio_int(100);
    if p.is_integer() {
        format_gbp_pennies(exact::round_pennies(r))
    } else {
        let d = exact::to_decimal(r, 6);
        let s = format!("{:.6}", d.abs());
        let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
        let sign = if d.is_sign_negative() && !d.is_zero() { "-" } else { "" };
        format!("{sign}£{}.{frac}…", super::money::group_thousands(int))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::explain::NoTrace;
    use rust_decimal::Decimal;

    /// R8.2–R8.3: for a setting with no Element 3 (`N = C = 0`), [`nothing`] gives exactly
    /// what [`adjust`] gives, floor and cap included, whichever limits the card sets.
    #[test]
    fn r8_nothing_is_adjust_of_zero_totals() {
        let shipped = RateCard::from_json_str(include_str!("../../www/ratecards/kent-illustrative-2025.json")).unwrap();
        let some = |s: &str| Some(s.parse::<Decimal>().unwrap());
        for (loss, gain, mfg) in [(some("0.05"), some("0.1"), None), (None, None, None), (None, some("0.2"), some("0.01")), (some("0.03"), None, some("0.005"))]
        {
            let mut card = shipped.clone();
            card.mgl.max_loss = loss;
            card.mgl.max_gain = gain;
            card.mgl.mfg_special = mfg;
            for setting in [Setting::Srp, Setting::Special] {
                for k in 0..3 {
                    let ay = Ay(card.tariff_ay().0 + k);
                    let full = adjust(&card, setting, ay, 0, 0, &mut NoTrace);
                    let quick = nothing(&card, setting);
                    assert_eq!(quick, full, "{loss:?} {gain:?} {mfg:?} {setting:?} {ay}");
                    assert_eq!((quick.floor.is_some(), quick.cap.is_some()), (full.floor.is_some(), full.cap.is_some()));
                    assert_eq!(quick.adjustment, 0);
                }
            }
        }
        // And where there is Element 3, the quick answer would be wrong: adjust is still used.
        let mut card = shipped.clone();
        card.mgl.max_loss = some("0.05");
        let lossy = adjust(&card, Setting::Special, card.tariff_ay(), 0, 1_000_000, &mut NoTrace);
        assert_eq!(lossy.adjustment, 950_000);
    }
}
