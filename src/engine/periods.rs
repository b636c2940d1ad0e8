//! Years, dates and months on roll: R1.4 (academic and financial years) and R7 (from annual
//! rates to amounts).
//!
//! An academic year's twelve months are numbered 0 (September) to 11 (August) and a set of
//! months is a 12-bit mask, bit m for month m. An FY is the Apr–Aug of one AY (bits 7–11) and
//! the Sep–Mar of the next (bits 0–6).

use std::fmt;

/// An academic year (R1.4), by the calendar year of its September: `2025/26` is 2025.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ay(pub i32);

impl Ay {
    /// Reads `2025/26` (the second part must be the next year's last two digits).
    pub fn parse(s: &str) -> Result<Ay, String> {
        let bad = || format!("must be an academic year like 2025/26 (got \"{s}\")");
        let (a, b) = s.trim().split_once('/').ok_or_else(bad)?;
        if a.len() != 4 || b.len() != 2 || !a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        let y: i32 = a.parse().map_err(|_| bad())?;
        let n: i32 = b.parse().map_err(|_| bad())?;
        if (y + 1) % 100 != n {
            return Err(format!("{s} is not an academic year: {y}/{:02} follows {y}", (y + 1) % 100));
        }
        if !(1990..=2200).contains(&y) {
            return Err(format!("{s} is outside the years this calculator models"));
        }
        Ok(Ay(y))
    }

    /// The first month of the year (September) as a month index.
    pub fn first_month(self) -> i32 {
        month_index(self.0, 9)
    }

    /// The AY that starts on the 1 September of `date`'s year (key dates fall on 1 September).
    pub fn starting(date: Date) -> Ay {
        Ay(date.y)
    }

    /// The FY holding this AY's September–March (R1.4, R8.4).
    pub fn fy_of_autumn(self) -> Fy {
        Fy(self.0)
    }

    /// The FY holding this AY's April–August.
    pub fn fy_of_summer(self) -> Fy {
        Fy(self.0 + 1)
    }
}

impl fmt::Display for Ay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{:02}", self.0, (self.0 + 1).rem_euclid(100))
    }
}

/// A financial year (R1.4), by the calendar year of its April: `2026-27` is 2026. It is the
/// last five months of AY `2025/26` and the first seven of AY `2026/27`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fy(pub i32);

impl Fy {
    /// The AY whose April–August fall in this FY.
    pub fn summer_ay(self) -> Ay {
        Ay(self.0 - 1)
    }
    /// The AY whose September–March fall in this FY.
    pub fn autumn_ay(self) -> Ay {
        Ay(self.0)
    }
    pub fn parse(s: &str) -> Result<Fy, String> {
        let t = s.trim().replacen('-', "/", 1);
        Ay::parse(&t).map(|a| Fy(a.0)).map_err(|_| format!("must be a financial year like 2026-27 (got \"{s}\")"))
    }
}

impl fmt::Display for Fy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.0, (self.0 + 1).rem_euclid(100))
    }
}

/// The default modelled years (R10.3): 2024/25 … 2028/29.
pub fn default_years() -> Vec<Ay> {
    (2024..=2028).map(Ay).collect()
}

/// The FYs reported for a set of modelled AYs: those whose two AYs are both modelled (R7.4).
pub fn financial_years(years: &[Ay]) -> Vec<Fy> {
    years.iter().filter(|a| years.contains(&Ay(a.0 + 1))).map(|a| Fy(a.0 + 1)).collect()
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub y: i32,
    pub m: u32,
    pub d: u32,
}

impl Date {
    pub fn new(y: i32, m: u32, d: u32) -> Option<Date> {
        if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) || !(1900..=2200).contains(&y) {
            return None;
        }
        Some(Date { y, m, d })
    }

    /// ISO `2025-09-01`.
    pub fn parse_iso(s: &str) -> Result<Date, String> {
        let t = s.trim();
        let bad = || format!("must be a date like 2025-09-01 (got \"{t}\")");
        let parts: Vec<&str> = t.split('-').collect();
        if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
            return Err(bad());
        }
        let nums: Option<Vec<u32>> = parts.iter().map(|p| p.parse::<u32>().ok().filter(|_| p.bytes().all(|c| c.is_ascii_digit()))).collect();
        let n = nums.ok_or_else(bad)?;
        Date::new(n[0] as i32, n[1], n[2]).ok_or_else(|| format!("{t} is not a real date"))
    }

    /// ISO `2025-09-01` or UK `01/09/2025` (also `1/9/2025`), as spreadsheets write them (R10.1).
    pub fn parse_iso_or_uk(s: &str) -> Result<Date, String> {
        let t = s.trim();
        if t.contains('-') {
            return Date::parse_iso(t).map_err(|_| format!("must be a date like 2025-09-01 or 01/09/2025 (got \"{t}\")"));
        }
        let bad = || format!("must be a date like 01/09/2025 or 2025-09-01 (got \"{t}\")");
        let parts: Vec<&str> = t.split('/').collect();
        if parts.len() != 3 || parts[2].len() != 4 || parts[0].is_empty() || parts[0].len() > 2 || parts[1].is_empty() || parts[1].len() > 2 {
            return Err(bad());
        }
        if !parts.iter().all(|p| p.bytes().all(|c| c.is_ascii_digit())) {
            return Err(bad());
        }
        let d: u32 = parts[0].parse().map_err(|_| bad())?;
        let m: u32 = parts[1].parse().map_err(|_| bad())?;
        let y: i32 = parts[2].parse().map_err(|_| bad())?;
        Date::new(y, m, d).ok_or_else(|| format!("{t} is not a real date (day/month/year)"))
    }

    pub fn month_index(self) -> i32 {
        month_index(self.y, self.m)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Months counted from year 0: `y × 12 + (m − 1)`.
pub fn month_index(y: i32, m: u32) -> i32 {
    y * 12 + m as i32 - 1
}

/// The names of an AY's months, September first.
pub const MONTHS: [&str; 12] = ["Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug"];

/// Every month of an AY.
pub const ALL_MONTHS: u16 = 0x0FFF;
/// September–March: the part of an AY in the FY that starts in the April before it ends.
pub const AUTUMN: u16 = 0x007F;
/// April–August.
pub const SUMMER: u16 = 0x0F80;

/// The months of an AY: the `first` n of them (R6.4's delay).
pub fn first_months(n: u32) -> u16 {
    if n >= 12 {
        ALL_MONTHS
    } else {
        (1u16 << n) - 1
    }
}

/// When a pupil is on roll (R2.1): from `start` to `end`, both inclusive; absent means open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OnRoll {
    pub start: Option<Date>,
    pub end: Option<Date>,
}

impl OnRoll {
    /// R7.1: the months of `ay` in which the pupil is on roll on at least one day.
    pub fn months(&self, ay: Ay) -> u16 {
        let first = ay.first_month();
        let lo = self.start.map_or(first, |d| d.month_index().max(first)) - first;
        let hi = self.end.map_or(first + 11, |d| d.month_index().min(first + 11)) - first;
        if lo > hi || lo > 11 || hi < 0 {
            return 0;
        }
        let upto = if hi >= 11 { ALL_MONTHS } else { (1u16 << (hi + 1)) - 1 };
        upto & !((1u16 << lo) - 1)
    }
}

/// The month names of a mask, for explanations: `Sep–Mar`, `Oct, Nov, Jan`.
pub fn describe_months(mask: u16) -> String {
    if mask == 0 {
        return "no months".to_string();
    }
    if mask == ALL_MONTHS {
        return "all 12 months (Sep–Aug)".to_string();
    }
    // Runs of consecutive months.
    let mut runs = Vec::new();
    let mut m = 0;
    while m < 12 {
        if mask & (1 << m) != 0 {
            let s = m;
            while m + 1 < 12 && mask & (1 << (m + 1)) != 0 {
                m += 1;
            }
            runs.push(if s == m { MONTHS[s].to_string() } else { format!("{}–{}", MONTHS[s], MONTHS[m]) });
        }
        m += 1;
    }
    format!("{} month{} ({})", mask.count_ones(), if mask.count_ones() == 1 { "" } else { "s" }, runs.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r1_4_years_and_financial_years() {
        let ay = Ay::parse("2025/26").unwrap();
        assert_eq!(ay, Ay(2025));
        assert_eq!(ay.to_string(), "2025/26");
        assert!(Ay::parse("2025/27").is_err());
        assert!(Ay::parse("2025-26").is_err());
        assert_eq!(Ay(2099).to_string(), "2099/00");
        assert_eq!(Fy(2026).to_string(), "2026-27");
        assert_eq!(Fy(2026).summer_ay(), Ay(2025));
        assert_eq!(Fy(2026).autumn_ay(), Ay(2026));
        assert_eq!(financial_years(&default_years()), vec![Fy(2025), Fy(2026), Fy(2027), Fy(2028)]);
        assert_eq!(financial_years(&[Ay(2024), Ay(2026)]), vec![]);
    }

    #[test]
    fn r7_1_a_pupil_is_on_roll_in_a_month_with_any_day_on_roll() {
        let ay = Ay(2025);
        let all = OnRoll::default();
        assert_eq!(all.months(ay), ALL_MONTHS);
        // Joins 30 September: on roll in September.
        let join = OnRoll { start: Date::new(2025, 9, 30), end: None };
        assert_eq!(join.months(ay), ALL_MONTHS);
        // Joins 1 October.
        let oct = OnRoll { start: Date::new(2025, 10, 1), end: None };
        assert_eq!(oct.months(ay), ALL_MONTHS & !1);
        // Leaves 1 April: on roll Sep–Apr.
        let leave = OnRoll { start: None, end: Date::new(2026, 4, 1) };
        assert_eq!(leave.months(ay), 0xFF);
        // Left before the year.
        let gone = OnRoll { start: None, end: Date::new(2025, 8, 31) };
        assert_eq!(gone.months(ay), 0);
        let later = OnRoll { start: Date::new(2026, 9, 1), end: None };
        assert_eq!(later.months(ay), 0);
        assert_eq!(describe_months(0xFF), "8 months (Sep–Apr)");
    }

    #[test]
    fn r10_1_dates_iso_and_uk() {
        assert_eq!(Date::parse_iso_or_uk("01/09/2025").unwrap(), Date::new(2025, 9, 1).unwrap());
        assert_eq!(Date::parse_iso_or_uk("1/9/2025").unwrap(), Date::new(2025, 9, 1).unwrap());
        assert_eq!(Date::parse_iso_or_uk("2025-09-01").unwrap(), Date::new(2025, 9, 1).unwrap());
        assert!(Date::parse_iso_or_uk("31/02/2025").is_err());
        assert!(Date::parse_iso("2024-02-29").is_ok());
        assert!(Date::parse_iso("2025-02-29").is_err());
        assert!(Date::parse_iso("09/01/2025").is_err());
    }
}
