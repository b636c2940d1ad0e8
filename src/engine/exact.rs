//! Exact rational arithmetic for the figures whose exact value decides a penny: the Community
//! shares and largest-remainder rounding (R5.3–R5.6, R5.8) and the maximum gains and losses
//! floor and cap (R8.2). A share such as 1/3 has no finite decimal, so it is kept as a ratio
//! and only the final amount is rounded, as the rules say.
//!
//! [`Ratio`] is a fraction of big integers that is never reduced: the sums here have a handful
//! of terms, so the numbers stay small, and skipping the greatest-common-divisor step that a
//! reducing rational type does after every operation makes the Community calculation several
//! times faster. Equality and order compare by cross-multiplication, so they are exact.

use num_bigint::{BigInt, Sign};
use num_traits::{One, Signed, ToPrimitive, Zero};
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::ops::{Add, Div, Mul, Sub};

/// An exact fraction `num / den` with `den > 0`, not reduced.
#[derive(Debug, Clone)]
pub struct Ratio {
    num: BigInt,
    den: BigInt,
}

impl Ratio {
    pub fn new(num: BigInt, den: BigInt) -> Ratio {
        if den.is_negative() {
            Ratio { num: -num, den: -den }
        } else {
            Ratio { num, den }
        }
    }
    pub fn is_zero(&self) -> bool {
        self.num.is_zero()
    }
    pub fn is_negative(&self) -> bool {
        self.num.is_negative()
    }
    pub fn abs(&self) -> Ratio {
        Ratio { num: self.num.abs(), den: self.den.clone() }
    }
    /// Whether the value is a whole number.
    pub fn is_integer(&self) -> bool {
        (&self.num % &self.den).is_zero()
    }
    /// `⌊num / den⌋`.
    fn floor_int(&self) -> BigInt {
        let (q, r) = (&self.num / &self.den, &self.num % &self.den);
        if r.is_negative() {
            q - 1
        } else {
            q
        }
    }
    /// `self × k` for a whole number `k`, then rounded half away from zero to a whole number.
    fn scaled_round_half_up(&self, k: &BigInt) -> BigInt {
        let x = &self.num * k;
        let twice = (x.abs() * 2u32 + &self.den) / (&self.den * 2u32); // ⌊|x|/den + 1/2⌋
        if x.sign() == Sign::Minus {
            -twice
        } else {
            twice
        }
    }
}

impl PartialEq for Ratio {
    fn eq(&self, other: &Ratio) -> bool {
        &self.num * &other.den == &other.num * &self.den
    }
}
impl Eq for Ratio {}
impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Ratio) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ratio {
    fn cmp(&self, other: &Ratio) -> Ordering {
        (&self.num * &other.den).cmp(&(&other.num * &self.den))
    }
}
impl Default for Ratio {
    fn default() -> Ratio {
        zero()
    }
}

impl<'a> Add<&'a Ratio> for &'a Ratio {
    type Output = Ratio;
    fn add(self, o: &Ratio) -> Ratio {
        if self.den == o.den {
            return Ratio { num: &self.num + &o.num, den: self.den.clone() };
        }
        Ratio { num: &self.num * &o.den + &o.num * &self.den, den: &self.den * &o.den }
    }
}
impl<'a> Sub<&'a Ratio> for &'a Ratio {
    type Output = Ratio;
    fn sub(self, o: &Ratio) -> Ratio {
        if self.den == o.den {
            return Ratio { num: &self.num - &o.num, den: self.den.clone() };
        }
        Ratio { num: &self.num * &o.den - &o.num * &self.den, den: &self.den * &o.den }
    }
}
impl<'a> Mul<&'a Ratio> for &'a Ratio {
    type Output = Ratio;
    fn mul(self, o: &Ratio) -> Ratio {
        Ratio { num: &self.num * &o.num, den: &self.den * &o.den }
    }
}
impl<'a> Div<&'a Ratio> for &'a Ratio {
    type Output = Ratio;
    /// `o` must not be zero.
    fn div(self, o: &Ratio) -> Ratio {
        Ratio::new(&self.num * &o.den, &self.den * &o.num)
    }
}
macro_rules! owned_ops {
    ($($tr:ident $f:ident),*) => {$(
        impl $tr<Ratio> for Ratio { type Output = Ratio; fn $f(self, o: Ratio) -> Ratio { (&self).$f(&o) } }
        impl<'a> $tr<&'a Ratio> for Ratio { type Output = Ratio; fn $f(self, o: &Ratio) -> Ratio { (&self).$f(o) } }
        impl<'a> $tr<Ratio> for &'a Ratio { type Output = Ratio; fn $f(self, o: Ratio) -> Ratio { self.$f(&o) } }
    )*};
}
owned_ops!(Add add, Sub sub, Mul mul, Div div);

/// An exact decimal as a ratio.
pub fn ratio(d: Decimal) -> Ratio {
    Ratio { num: BigInt::from(d.mantissa()), den: BigInt::from(10u32).pow(d.scale()) }
}

pub fn ratio_int(n: i64) -> Ratio {
    Ratio { num: BigInt::from(n), den: BigInt::one() }
}

/// `n / d` for whole numbers, `d > 0`.
pub fn ratio_of(n: i64, d: i64) -> Ratio {
    Ratio::new(BigInt::from(n), BigInt::from(d))
}

pub fn zero() -> Ratio {
    ratio_int(0)
}

pub fn one() -> Ratio {
    ratio_int(1)
}

/// Pounds as whole pennies, rounded half-up (ties away from zero).
pub fn round_pennies(r: &Ratio) -> i64 {
    r.scaled_round_half_up(&BigInt::from(100)).to_i64().unwrap_or(i64::MAX)
}

/// Pounds as whole pennies, rounded down, and the remainder discarded (in pennies, in `[0, 1)`).
pub fn floor_pennies(r: &Ratio) -> (i64, Ratio) {
    let x = Ratio { num: &r.num * 100u32, den: r.den.clone() };
    let f = x.floor_int();
    let rem = Ratio { num: &x.num - &f * &x.den, den: x.den.clone() };
    (f.to_i64().unwrap_or(i64::MAX), rem)
}

/// A ratio as a decimal rounded half-up to `dp` places (dp ≤ 26), normalised.
pub fn to_decimal(r: &Ratio, dp: u32) -> Decimal {
    let m = r.scaled_round_half_up(&BigInt::from(10u32).pow(dp));
    match m.to_i128() {
        Some(m) if m.unsigned_abs() < (1u128 << 95) => Decimal::from_i128_with_scale(m, dp).normalize(),
        _ => Decimal::ZERO,
    }
}

/// Shares are shown to six places in explanations and to twenty in the result JSON.
pub const SHARE_DP: u32 = 20;

/// `base^exp` for a small exponent.
pub fn pow(base: &Ratio, exp: u32) -> Ratio {
    Ratio { num: base.num.pow(exp), den: base.den.pow(exp) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_of_ratios() {
        let third = ratio_of(1, 3);
        assert_eq!(to_decimal(&third, 6).to_string(), "0.333333");
        assert_eq!(to_decimal(&ratio_of(2, 3), 6).to_string(), "0.666667");
        assert_eq!(round_pennies(&ratio_of(1, 200)), 1); // 0.005 → 0.01
        assert_eq!(round_pennies(&ratio_of(-1, 200)), -1);
        assert_eq!(round_pennies(&ratio_of(1, 300)), 0);
        let (p, rem) = floor_pennies(&ratio_of(100, 3));
        assert_eq!(p, 3333);
        assert_eq!(rem, third);
        let (p, rem) = floor_pennies(&ratio_of(-1, 300));
        assert_eq!((p, rem), (-1, ratio_of(2, 3)));
        assert!(ratio_of(1, 3) < ratio_of(34, 100));
        assert_eq!(ratio_of(2, 4), ratio_of(1, 2));
        assert_eq!(&ratio_of(1, 3) + &ratio_of(1, 6), ratio_of(1, 2));
        assert_eq!(pow(&ratio_of(95, 100), 2), ratio_of(9025, 10000));
        assert!(ratio_of(6, 3).is_integer() && !ratio_of(7, 3).is_integer());
    }
}
