//! Numbers as the specification reads and writes them ("Numbers everywhere", R9): money is a
//! plain decimal with at most two decimals between 0 and 1,000,000,000, fractions have at
//! most six decimals, counts are whole numbers. Rounding is half-up to the penny (0.005 → 0.01,
//! and −0.005 → −0.01: ties away from zero).
//!
//! Amounts are exact decimals throughout. Inside the per-pupil hot path an annual rate is held
//! as a whole number of 10⁻⁸ pounds ([`Fixed`]): every annual rate the rules can produce has at
//! most eight decimals (money has two, a fraction six, and a rate is money × fraction), so this
//! is the same exact decimal in a cheaper form. Pennies are whole numbers of 10⁻² pounds.

use rust_decimal::{Decimal, RoundingStrategy};
use std::str::FromStr;

/// An exact amount in units of 10⁻⁸ pounds.
pub type Fixed = i128;
/// 10⁸: one pound in [`Fixed`] units.
pub const FIXED_ONE: Fixed = 100_000_000;
/// One penny in [`Fixed`] units.
pub const FIXED_PENNY: Fixed = 1_000_000;

/// The largest amount of money an input may hold (R9).
pub const MONEY_MAX: i64 = 1_000_000_000;

/// Why a number was refused; the caller adds the path.
pub fn money_rule() -> &'static str {
    "an amount in pounds from 0 to 1,000,000,000 with at most two decimals, e.g. 6000 or 6000.50"
}

/// Reads money from its literal text (R9): digits, an optional point, at most two decimals.
pub fn parse_money(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    let d = parse_plain_decimal(t, 2).ok_or_else(|| format!("must be {} (got \"{}\")", money_rule(), t))?;
    if d > Decimal::from(MONEY_MAX) {
        return Err(format!("must be at most 1,000,000,000 (got \"{t}\")"));
    }
    Ok(d)
}

/// Reads money as spreadsheets write it (R10.1): an optional `£`, thousands commas, spaces.
pub fn parse_money_lenient(text: &str) -> Result<Decimal, String> {
    let mut t: String = text.trim().chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(rest) = t.strip_prefix('£') {
        t = rest.to_string();
    }
    if t.contains(',') {
        // Thousands separators must group by three: 1,000 and 12,345.50 but not 1,00.
        let int_part = t.split('.').next().unwrap_or("");
        let groups: Vec<&str> = int_part.split(',').collect();
        let ok = !groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()));
        if !ok {
            return Err(format!("must be {} (got \"{}\")", money_rule(), text.trim()));
        }
        t = t.replace(',', "");
    }
    parse_money(&t).map_err(|_| format!("must be {} (got \"{}\")", money_rule(), text.trim()))
}

/// Reads a fraction (R9): a plain decimal with at most six decimals, within `[min, max]`.
pub fn parse_fraction(text: &str, min: Decimal, max: Decimal) -> Result<Decimal, String> {
    let t = text.trim();
    let d = parse_plain_decimal(t, 6).ok_or_else(|| format!("must be a decimal number with at most six decimals, e.g. 0.5 (got \"{t}\")"))?;
    if d < min || d > max {
        return Err(format!("must be between {min} and {max} (got \"{t}\")"));
    }
    Ok(d)
}

/// Reads a count (R9): a whole number ≥ 0 (at most 1,000,000,000).
pub fn parse_count(text: &str) -> Result<u64, String> {
    let t = text.trim();
    if t.is_empty() || t.len() > 10 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("must be a whole number of 0 or more, e.g. 120 (got \"{t}\")"));
    }
    let n: u64 = t.parse().map_err(|_| format!("must be a whole number of 0 or more (got \"{t}\")"))?;
    if n > MONEY_MAX as u64 {
        return Err(format!("must be at most 1,000,000,000 (got \"{t}\")"));
    }
    Ok(n)
}

/// `digits [ "." digits{0,max_dp} ]`, nothing else: no sign, no exponent, no spaces.
fn parse_plain_decimal(t: &str, max_dp: usize) -> Option<Decimal> {
    let (int, frac) = match t.split_once('.') {
        Some((i, f)) => (i, f),
        None => (t, ""),
    };
    if int.is_empty() || int.len() > 12 || frac.len() > max_dp {
        return None;
    }
    if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let s = if frac.is_empty() { int.to_string() } else { format!("{int}.{frac}") };
    Decimal::from_str(&s).ok()
}

/// Half-up (ties away from zero) to `dp` decimals.
pub fn round_half_up(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// `n / d` rounded half-up, ties away from zero; `d > 0`.
///
/// Every real sum fits 64 bits, and a 128-bit division is a slow library call (on wasm32 even
/// more so, where 128-bit values also travel through memory): so the division is done in 64
/// bits when both fit, which gives the same quotient, and inlined so that the hot path of R7.2
/// pays no call for it.
#[inline(always)]
pub fn div_round_half_up(n: i128, d: i128) -> i128 {
    if let (Ok(n64), Ok(d64)) = (i64::try_from(n), i64::try_from(d)) {
        if n64.unsigned_abs() < (1 << 62) {
            return div_round_half_up_64(n64, d64) as i128;
        }
    }
    div_round_half_up_128(n, d)
}

/// [`div_round_half_up`] in 64 bits: `|n| < 2⁶²`, `d > 0`.
#[inline(always)]
pub fn div_round_half_up_64(n: i64, d: i64) -> i64 {
    let (q, r) = (n / d, n % d);
    if 2 * r.abs() >= d {
        q + n.signum()
    } else {
        q
    }
}

/// [`div_round_half_up`] in 128 bits, for the amounts no real input reaches.
#[inline(never)]
fn div_round_half_up_128(n: i128, d: i128) -> i128 {
    let q = n / d;
    let r = n % d;
    if 2 * r.abs() >= d {
        q + n.signum()
    } else {
        q
    }
}

/// `10^k` for `k ≤ 28`, from a table rather than a loop of 128-bit multiplications.
fn pow10(k: u32) -> i128 {
    const P: [i128; 29] = {
        let mut p = [1i128; 29];
        let mut i = 1;
        while i < 29 {
            p[i] = p[i - 1] * 10;
            i += 1;
        }
        p
    };
    P[k as usize]
}

/// A decimal with at most eight decimals as [`Fixed`] (exact for every rate the rules make).
pub fn to_fixed(d: Decimal) -> Fixed {
    let scale = d.scale(); // at most 28
    let m = d.mantissa();
    if scale <= 8 {
        let p = pow10(8 - scale);
        // In 64 bits where the product provably fits (every amount of a valid input): one
        // machine multiplication rather than a 128-bit library call on wasm32.
        match i64::try_from(m) {
            Ok(m64) if m64.unsigned_abs() <= i64::MAX as u64 / p as u64 => (m64 * p as i64) as Fixed,
            _ => m * p,
        }
    } else {
        div_round_half_up(m, pow10(scale - 8))
    }
}

/// `x × n` for a small whole number `n` (a count of months, at most 12), exactly: in 64 bits
/// when `|x| < 2⁵⁹` (every amount a valid input can make but a tariff of over £5.7 billion a
/// year), which cannot overflow, else in 128 bits.
#[inline(always)]
pub fn times_small(x: Fixed, n: u32) -> Fixed {
    match i64::try_from(x) {
        Ok(x64) if x64.unsigned_abs() < (1 << 59) && n <= 12 => (x64 * i64::from(n)) as Fixed,
        _ => x * Fixed::from(n),
    }
}

/// [`Fixed`] back to an exact decimal.
pub fn fixed_to_decimal(f: Fixed) -> Decimal {
    Decimal::from_i128_with_scale(f, 8).normalize()
}

/// Whole pennies as a decimal with two places.
pub fn pennies(p: i64) -> Decimal {
    Decimal::new(p, 2)
}

/// A decimal amount of money as whole pennies (it must already be rounded to the penny).
pub fn to_pennies(d: Decimal) -> i64 {
    let r = round_half_up(d, 2);
    let m = r.mantissa();
    let s = r.scale();
    let p = if s >= 2 { m / 10i128.pow(s - 2) } else { m * 10i128.pow(2 - s) };
    p as i64
}

/// Money as the result JSON writes it (R10.4): exactly two decimals, `-` for negatives.
pub fn fmt_money(d: Decimal) -> String {
    let mut r = round_half_up(d, 2);
    r.rescale(2);
    if r.is_zero() {
        "0.00".to_string()
    } else {
        r.to_string()
    }
}

/// Whole pennies as the result JSON writes them.
pub fn fmt_pennies(p: i64) -> String {
    let sign = if p < 0 { "-" } else { "" };
    let a = p.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// Money for people: `£10,000.00`, `-£250.50`.
pub fn format_gbp(d: Decimal) -> String {
    let s = fmt_money(d);
    let (sign, digits) = match s.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", s.as_str()),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "00"));
    format!("{sign}£{}.{frac}", group_thousands(int))
}

/// Whole pennies for people: `£10,000.00`.
pub fn format_gbp_pennies(p: i64) -> String {
    format_gbp(pennies(p))
}

/// `1234567` → `1,234,567`.
pub fn group_thousands(int: &str) -> String {
    let mut out = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An exact [`Fixed`] amount for people: `£10,000.00`, or more places when it has them
/// (`£3,000.125`).
pub fn format_gbp_fixed(f: Fixed) -> String {
    if f % FIXED_PENNY == 0 {
        return format_gbp_pennies((f / FIXED_PENNY) as i64);
    }
    let d = fixed_to_decimal(f);
    let s = d.abs().to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    format!("{}£{}.{frac}", if f < 0 { "-" } else { "" }, group_thousands(int))
}

/// A fraction for people and for the result JSON: normalised (`0.5`, `0.020925`, `1`).
pub fn fmt_fraction(d: Decimal) -> String {
    let n = d.normalize();
    if n.is_zero() {
        "0".to_string()
    } else {
        n.to_string()
    }
}

/// A fraction as a percentage for people: 0.75 → `75%`, 0.625 → `62.5%`.
pub fn fmt_percent(d: Decimal) -> String {
    format!("{}%", fmt_fraction(d * Decimal::from(100)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r9_money_is_plain_decimal_with_two_places() {
        assert_eq!(parse_money("6000").unwrap(), Decimal::from(6000));
        assert_eq!(parse_money("6000.5").unwrap().to_string(), "6000.5");
        assert!(parse_money("10.005").is_err());
        assert!(parse_money("1e30").is_err());
        assert!(parse_money("NaN").is_err());
        assert!(parse_money("-5").is_err());
        assert!(parse_money("1000000000.01").is_err());
        assert!(parse_money("1000000000").is_ok());
    }

    #[test]
    fn r10_1_money_from_spreadsheets() {
        assert_eq!(parse_money_lenient("£6,000.00").unwrap(), Decimal::new(600000, 2));
        assert_eq!(parse_money_lenient(" £ 12,345 ").unwrap(), Decimal::from(12345));
        assert!(parse_money_lenient("1,00").is_err());
        assert!(parse_money_lenient("£-5").is_err());
    }

    #[test]
    fn half_up_to_the_penny() {
        assert_eq!(fmt_money(Decimal::new(5, 3)), "0.01");
        assert_eq!(fmt_money(Decimal::new(-5, 3)), "-0.01");
        assert_eq!(fmt_money(Decimal::new(4999, 6)), "0.00");
        assert_eq!(div_round_half_up(5, 10), 1);
        assert_eq!(div_round_half_up(-5, 10), -1);
        assert_eq!(div_round_half_up(14, 10), 1);
        assert_eq!(fmt_pennies(-1), "-0.01");
        assert_eq!(format_gbp(Decimal::from(1234567)), "£1,234,567.00");
    }
}
