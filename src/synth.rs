//! Made-up data, clearly labelled as such: the example school of the workspace, the example
//! county of the Community journey, and the Kent-scale county of the benchmark. Deterministic
//! (a fixed-seed generator), so the same call always gives the same data. Nothing here is, or
//! resembles, real children's data: pupils are `EX0001`-style ids.

use crate::engine::periods::{Ay, Date};
use crate::engine::ratecard::{ProtectionOption, RateCard, Setting};
use crate::engine::scenario::{Community, Indicators, Pupil, Scenario, School, YearGroup};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// A small, fast, deterministic generator (SplitMix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// The size of a generated county.
#[derive(Debug, Clone, Copy)]
pub struct CountySize {
    pub communities: usize,
    pub schools: usize,
    pub pupils: usize,
}

/// Kent-scale: 50 Communities, 600 schools, 50,000 pupils (the county `sen-funding bench` times).
pub const KENT: CountySize = CountySize { communities: 50, schools: 600, pupils: 50_000 };

fn money(pounds: u64) -> Decimal {
    Decimal::from(pounds)
}

/// A made-up county of the given size over the default years 2024/25–2028/29, with pots for
/// each year from the community AY on, every route, protection option and part-year pupils.
pub fn county(card: &RateCard, size: CountySize, seed: u64) -> Scenario {
    let mut rng = Rng::new(seed);
    let options = [None, Some(ProtectionOption::A), Some(ProtectionOption::B), Some(ProtectionOption::C), Some(ProtectionOption::D)];
    let mut communities: Vec<Community> = (0..size.communities)
        .map(|i| Community {
            id: format!("C{:02}", i + 1),
            name: format!("Example Community {}", i + 1),
            indicators: Indicators::default(),
            historic: money(200_000 + rng.below(1_800_000)),
            protection: options[i % options.len()],
            protection_rate: if i % 10 == 2 { Some(Decimal::new(75, 2)) } else { None },
        })
        .collect();
    let codes: Vec<String> = card.bands.iter().map(|b| b.code.clone()).collect();
    let mut schools = Vec::with_capacity(size.schools);
    for s in 0..size.schools {
        let setting_mix = if s % 20 == 19 {
            2
        } else if s % 7 == 3 {
            1
        } else {
            0
        };
        let ci = if size.communities == 0 { None } else { Some(s % size.communities) };
        let per_school = size.pupils / size.schools.max(1) + usize::from(s < size.pupils % size.schools.max(1));
        let pupils: Vec<Pupil> = (0..per_school)
            .map(|p| {
                let setting = match setting_mix {
                    2 => Setting::Special,
                    1 if p % 4 == 0 => Setting::Srp,
                    _ => Setting::Mainstream,
                };
                let band = codes[rng.below(codes.len() as u64) as usize].clone();
                let ehcp = setting != Setting::Mainstream || rng.chance(35);
                let current = match rng.below(4) {
                    0 => 0,
                    1 => 1_000 + rng.below(5_000),
                    2 => 4_000 + rng.below(6_000),
                    _ => 6_000 + rng.below(20_000),
                };
                let start = if rng.chance(8) { Date::new(2025 + rng.below(3) as i32, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32) } else { None };
                // Leavers leave after they join: from 2028 when a start date is set.
                let end = if rng.chance(6) {
                    Date::new(2027 + rng.below(2) as i32 + 2 * i32::from(start.is_some()), 1 + rng.below(12) as u32, 1 + rng.below(28) as u32)
                } else {
                    None
                };
                let yg = match rng.below(20) {
                    0 => Some(YearGroup::N2),
                    1 => Some(YearGroup::Y(12)),
                    2 => None,
                    3 => Some(YearGroup::R),
                    n => Some(YearGroup::Y((n % 11 + 1) as u8)),
                };
                Pupil { id: format!("EX{:05}", p + 1), setting, band, ehcp, current_e3: money(current), year_group: yg, start, end }
            })
            .collect();
        let ind = Indicators {
            pupils: 150 + rng.below(1200),
            idaci: [rng.below(40), rng.below(60), rng.below(80), rng.below(90), rng.below(120), rng.below(150)],
            lac: rng.below(12),
            lpa: 10 + rng.below(150),
        };
        if let Some(ci) = ci {
            let c = &mut communities[ci].indicators;
            c.pupils += ind.pupils;
            for b in 0..6 {
                c.idaci[b] += ind.idaci[b];
            }
            c.lac += ind.lac;
            c.lpa += ind.lpa;
        }
        schools.push(School {
            urn: format!("{}", 900_001 + s),
            name: format!("Example School {}", s + 1),
            community: ci.map(|i| communities[i].id.clone()),
            indicators: if s % 3 == 0 { Some(ind) } else { None },
            pupils,
            ..School::default()
        });
    }
    let historic_total: u64 = communities.iter().map(|c| c.historic.try_into().unwrap_or(0u64)).sum();
    let mut pots = BTreeMap::new();
    for (i, y) in [2025, 2026, 2027, 2028].into_iter().enumerate() {
        pots.insert(Ay(y), money(historic_total + historic_total / 4 + 1_000_000 * i as u64 + 12_345));
    }
    Scenario { rate_card: card.clone(), rate_card_path: None, years: crate::engine::periods::default_years(), pots, communities, schools }
}

/// The example school of the workspace: a small, clearly made-up mainstream school with an
/// SRP, whose pupils between them take every route of R4 in 2024/25–2028/29. Pupil ids are
/// `EX-01`…; nothing here is real children's data.
pub fn example_school(card: &RateCard) -> Scenario {
    let d = |s: &str| s.parse::<Decimal>().unwrap_or_default();
    let date = |y, m, dd| Date::new(y, m, dd);
    #[allow(clippy::type_complexity)]
    let rows: [(&str, Setting, &str, bool, &str, Option<YearGroup>, Option<Date>, Option<Date>); 12] = [
        ("EX-01", Setting::Mainstream, "SA3", true, "12000", Some(YearGroup::Y(4)), None, None), // protected EHCP, then tariff
        ("EX-02", Setting::Mainstream, "SA2", true, "5500", Some(YearGroup::Y(2)), None, None),  // existing claim ≤ £6,000, then tariff
        ("EX-03", Setting::Mainstream, "S", false, "3200", Some(YearGroup::Y(6)), None, None),   // SEN Support claim: protection
        ("EX-04", Setting::Mainstream, "W", false, "7800", Some(YearGroup::Y(5)), None, None),   // above £6,000: moderation
        ("EX-05", Setting::Mainstream, "S", false, "0", Some(YearGroup::R), None, None),         // no claim: Community
        ("EX-06", Setting::Mainstream, "SA1", false, "0", Some(YearGroup::Y(3)), None, None),    // tariff band, no plan: moderation
        ("EX-07", Setting::Mainstream, "U", false, "0", Some(YearGroup::Y(1)), None, None),
        ("EX-08", Setting::Mainstream, "SA4", true, "9000", Some(YearGroup::Y(6)), None, date(2027, 7, 22)), // leaves
        ("EX-09", Setting::Srp, "SA4", true, "14000", Some(YearGroup::Y(5)), None, None),                    // SRP: MGL limits the change
        ("EX-10", Setting::Srp, "SA5", true, "16500", Some(YearGroup::Y(3)), date(2026, 1, 5), None),        // joins mid-year
        ("EX-11", Setting::Srp, "W", false, "6500", Some(YearGroup::Y(4)), None, None),                      // band below the SRP tariff
        ("EX-12", Setting::Mainstream, "SA2", true, "6000", Some(YearGroup::N2), None, None),                // nursery: out of scope
    ];
    let pupils = rows
        .iter()
        .map(|(id, setting, band, ehcp, cur, yg, start, end)| Pupil {
            id: id.to_string(),
            setting: *setting,
            band: band.to_string(),
            ehcp: *ehcp,
            current_e3: d(cur),
            year_group: *yg,
            start: *start,
            end: *end,
        })
        .collect();
    let community = Community {
        id: "EXC".into(),
        name: "Example Community (made up)".into(),
        indicators: Indicators { pupils: 4800, idaci: [120, 180, 260, 300, 340, 420], lac: 22, lpa: 640 },
        historic: d("950000"),
        protection: Some(ProtectionOption::B),
        protection_rate: None,
    };
    let school = School {
        urn: "999001".into(),
        name: "Example Primary School (made up)".into(),
        community: Some(community.id.clone()),
        indicators: Some(Indicators { pupils: 420, idaci: [10, 18, 25, 30, 28, 40], lac: 2, lpa: 55 }),
        // R11: the register's year groups are those of 2026/27 (EX-08 leaves Year 6 in July
        // 2027), and a primary school's pupils leave after Year 6: every pupil moves up each
        // September (R11.2) and the Year 6 pupils have gone by 2027/28 (R11.3).
        year_group_as_at: Some(Ay(2026)),
        last_year_group: Some(YearGroup::Y(6)),
        pupils,
    };
    // One Community: its gross budget is the pot, so the indicative share needs no county data.
    let mut pots = BTreeMap::new();
    pots.insert(Ay(2025), d("1150000"));
    pots.insert(Ay(2026), d("1150000"));
    pots.insert(Ay(2027), d("1180000"));
    pots.insert(Ay(2028), d("1200000"));
    Scenario {
        rate_card: card.clone(),
        rate_card_path: None,
        years: crate::engine::periods::default_years(),
        pots,
        communities: vec![community],
        schools: vec![school],
    }
}
