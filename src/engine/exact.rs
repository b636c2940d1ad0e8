//! Exact rational arithmetic for the figures whose exact value decides a penny: the Community
//! shares and largest-remainder rounding (R5.3–R5.6, R5.8) and the maximum gains and losses
//! floor and cap (R8.2). A share such as 1/3 has no finite decimal, so it is kept as a ratio
//! and only the final amount is rounded, as the rules say.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use rust_decimal::Decimal;

pub type Ratio = BigRational;

/// An exact decimal as a ratio.
pub fn ratio(d: Decimal) -> Ratio {
    Ratio::new(BigInt::from(d.mantissa()), BigInt::from(10).pow(d.scale()))
}

pub fn ratio_int(n: i64) -> Ratio {
    Ratio::from_integer(BigInt::from(n))
}

pub fn zero() -> Ratio {
    Ratio::zero()
}

pub fn one() -> Ratio {
    Ratio::one()
}

/// Whole pennies, rounded half-up (ties away from zero).
pub fn round_pennies(r: &Ratio) -> i64 {
    let x = r * ratio_int(100);
    // round half away from zero: sign(x) × floor(|x| + 1/2)
    let half_up = (x.abs() + Ratio::new(BigInt::one(), BigInt::from(2))).floor();
    let v = half_up.to_integer().to_i64().unwrap_or(i64::MAX);
    if x.is_negative() {
        -v
    } else {
        v
    }
}

/// Whole pennies, rounded down, and the remainder discarded (in pennies, in `[0, 1)`).
pub fn floor_pennies(r: &Ratio) -> (i64, Ratio) {
    let x = r * ratio_int(100);
    let f = x.floor();
    let rem = &x - &f;
    (f.to_integer().to_i64().unwrap_or(i64::MAX), rem)
}

/// A ratio as a decimal rounded half-up to `dp` places (dp ≤ 26), normalised.
pub fn to_decimal(r: &Ratio, dp: u32) -> Decimal {
    let scale = BigInt::from(10).pow(dp);
    let x = r * Ratio::from_integer(scale);
    let rounded = (x.abs() + Ratio::new(BigInt::one(), BigInt::from(2))).floor().to_integer();
    let rounded = if x.is_negative() { -rounded } else { rounded };
    match rounded.to_i128() {
        Some(m) if m.unsigned_abs() < (1u128 << 95) => Decimal::from_i128_with_scale(m, dp).normalize(),
        _ => Decimal::ZERO,
    }
}

/// Shares are shown to six places in explanations and to twenty in the result JSON.
pub const SHARE_DP: u32 = 20;

/// `base^exp` for a small exponent.
pub fn pow(base: &Ratio, exp: u32) -> Ratio {
    let mut acc = one();
    for _ in 0..exp {
        acc *= base;
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_of_ratios() {
        let third = Ratio::new(BigInt::from(1), BigInt::from(3));
        assert_eq!(to_decimal(&third, 6).to_string(), "0.333333");
        assert_eq!(round_pennies(&Ratio::new(BigInt::from(1), BigInt::from(200))), 1); // 0.005 → 0.01
        assert_eq!(round_pennies(&Ratio::new(BigInt::from(-1), BigInt::from(200))), -1);
        let (p, rem) = floor_pennies(&Ratio::new(BigInt::from(100), BigInt::from(3)));
        assert_eq!(p, 3333);
        assert_eq!(rem, Ratio::new(BigInt::from(1), BigInt::from(3)));
    }
}
