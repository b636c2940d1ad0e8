//! Property tests (proptest): invariants of the model that must hold for any valid input, and
//! readers that must never panic, whatever they are given.

use proptest::prelude::*;
use rust_decimal::Decimal;
use sen_funding::engine::community;
use sen_funding::engine::csv_import;
use sen_funding::engine::explain::NoTrace;
use sen_funding::engine::mgl;
use sen_funding::engine::moving_up::{self, MovingUp};
use sen_funding::engine::periods::{Ay, Date, Fy, MONTHS};
use sen_funding::engine::protection::Protection;
use sen_funding::engine::ratecard::{ProtectionOption, Setting};
use sen_funding::engine::routes::{self, Ctx, PupilCtx};
use sen_funding::engine::scenario::{Community, Indicators, Pupil, School, YearGroup};
use sen_funding::engine::{calculate, RateCard, Scenario};
use std::collections::BTreeMap;

const SHIPPED: &str = include_str!("../www/ratecards/kent-illustrative-2025.json");

fn card() -> RateCard {
    RateCard::from_json_str(SHIPPED).unwrap()
}

fn pennies(p: u64) -> Decimal {
    Decimal::new(p as i64, 2)
}

prop_compose! {
    fn arb_indicators()(pupils in 0u64..5000, idaci in prop::array::uniform6(0u64..500), lac in 0u64..50, lpa in 0u64..800, zero in 0u8..6) -> Indicators {
        // Sometimes whole terms are zero, to exercise R5.3's dropped terms.
        Indicators { pupils: if zero == 0 { 0 } else { pupils }, idaci: if zero == 1 { [0; 6] } else { idaci }, lac: if zero == 2 { 0 } else { lac }, lpa }
    }
}

prop_compose! {
    fn arb_communities()(n in 1usize..25)(inds in prop::collection::vec(arb_indicators(), n), hist in prop::collection::vec(0u64..500_000_000, n), no_hist in any::<bool>()) -> Vec<Community> {
        inds.into_iter().zip(hist).enumerate().map(|(i, (ind, h))| Community {
            id: format!("C{}", (i * 7) % 31),
            name: format!("Community {i}"),
            indicators: ind,
            historic: if no_hist { Decimal::ZERO } else { pennies(h) },
            protection: None,
            protection_rate: None,
        }).collect()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    /// R5.6: Σ net = pot − top-slice to the penny, for any valid input.
    #[test]
    fn r5_6_nets_sum_to_the_distributable_pot_exactly(mut communities in arb_communities(), extra in 0u64..100_000_000_000, hw in 0u32..=1_000_000, year in 2025i32..2029) {
        communities.dedup_by(|a, b| a.id == b.id);
        let mut c = card();
        c.community.historic_weight = vec![(Ay(2025), Decimal::new(hw as i64, 6))];
        let n = communities.len() as u64;
        let topslice = 1_000_000u64 * n; // £10,000.00 each, in pennies
        let pot = pennies(topslice + extra);
        let county = community::budgets(&c, &communities, Ay(year), pot, &vec![0; communities.len()]);
        let total: i64 = county.communities.iter().map(|r| r.net).sum();
        prop_assert_eq!(total, extra as i64);
        prop_assert_eq!(county.distributable, extra as i64);
        // Shares sum to exactly one; each net is within a penny of D × s.
        let sum = county.communities.iter().fold(sen_funding::engine::exact::zero(), |a, r| a + &r.blended_share);
        prop_assert_eq!(sum, sen_funding::engine::exact::one());
        for r in &county.communities {
            prop_assert!(r.net >= 0);
            prop_assert_eq!(r.gross, r.net + 1_000_000);
        }
    }

    /// R6: a protected amount never exceeds the current figure.
    #[test]
    fn r6_protection_never_exceeds_current(current in 0u64..10_000_000, ehcp in any::<bool>(), opt in 0usize..4, rate in 0u32..=1_000_000, delay in 0u32..=12, start_m in 0u32..13) {
        let mut c = card();
        c.protection.delay_months = delay;
        let ctx = Ctx::new(&c);
        let p = Pupil {
            id: "P".into(), setting: Setting::Mainstream, band: "S".into(), ehcp, current_e3: pennies(current), year_group: None,
            start: if start_m == 0 { None } else { Date::new(if start_m >= 5 { 2025 } else { 2026 }, (start_m + 7) % 12 + 1, 15) },
            end: None,
        };
        let pc = PupilCtx::new(&ctx, &p);
        let mut prot = Protection::for_community(&c, None);
        prot.option = ProtectionOption::ALL[opt];
        prot.rate = Decimal::new(rate as i64, 6);
        let d = routes::decide(&ctx, &pc, &prot, Ay(2025), &mut NoTrace);
        prop_assert!(d.rate <= pc.current);
        let (e3, cur) = routes::pupil_sums(&pc, &d, Ay(2025), &mut NoTrace);
        prop_assert!(routes::amount(e3.total()) <= routes::amount(cur.total()));
    }

    /// R8: an MGL result lies within its floor and cap (to the half-penny of rounding).
    #[test]
    fn r8_mgl_result_lies_within_floor_and_cap(n in 0i64..10_000_000_000, c in 0i64..10_000_000_000, loss in 0u32..=1_000_000, gain in 0u32..=1_000_000, k in 0i32..4, special in any::<bool>()) {
        let mut card = card();
        card.mgl.max_loss = Some(Decimal::new(loss as i64, 6));
        card.mgl.max_gain = Some(Decimal::new(gain as i64, 6));
        let setting = if special { Setting::Special } else { Setting::Srp };
        let m = mgl::adjust(&card, setting, Ay(2026 + k), n, c, &mut NoTrace);
        let result = sen_funding::engine::exact::ratio_of(n + m.adjustment, 100);
        let half = sen_funding::engine::exact::ratio_of(1, 200);
        let floor = m.floor.clone().unwrap();
        let cap = m.cap.clone().unwrap();
        prop_assert!(result >= &floor - &half, "below floor");
        prop_assert!(result <= &cap + &half, "above cap");
        // And it moves N only when N is outside them.
        let n_r = sen_funding::engine::exact::ratio_of(n, 100);
        if n_r >= floor && n_r <= cap { prop_assert_eq!(m.adjustment, 0); }
        // R8.4 splits it exactly.
        prop_assert_eq!(mgl::autumn_part(m.adjustment) + (m.adjustment - mgl::autumn_part(m.adjustment)), m.adjustment);
    }

    /// R7.2 / R1.4: a financial year equals its April–August and September–March months, checked
    /// against an independent month-by-month walk over calendar dates.
    #[test]
    fn r7_financial_year_equals_its_months(current in 0u64..5_000_000, band in 0usize..8, setting in 0usize..3, ehcp in any::<bool>(),
                                            start in prop::option::of((2024i32..2030, 1u32..13, 1u32..29)), len in prop::option::of(0i32..40), opt in 0usize..4) {
        let c = card();
        let ctx = Ctx::new(&c);
        let start = start.and_then(|(y, m, d)| Date::new(y, m, d));
        let end = match (start, len) {
            (Some(s), Some(l)) => { let mi = s.y * 12 + s.m as i32 - 1 + l; Date::new(mi / 12, (mi % 12) as u32 + 1, 28) }
            (None, Some(l)) => Date::new(2025 + l / 12, (l % 12) as u32 + 1, 3),
            _ => None,
        };
        let p = Pupil { id: "P".into(), setting: Setting::ALL[setting], band: c.bands[band].code.clone(), ehcp, current_e3: pennies(current), year_group: None, start, end };
        let pc = PupilCtx::new(&ctx, &p);
        let mut prot = Protection::for_community(&c, None);
        prot.option = ProtectionOption::ALL[opt];
        let years: Vec<Ay> = (2024..=2028).map(Ay).collect();
        let fys = sen_funding::engine::periods::financial_years(&years);
        let out = sen_funding::engine::calc::pupil_outcome(&ctx, &pc, &prot, &years, &fys);
        for (fi, fy) in fys.iter().enumerate() {
            // Walk the FY's twelve calendar months, April to March.
            let mut sum: i128 = 0;
            let mut cur: i128 = 0;
            for k in 0..12 {
                let (y, m) = if k < 9 { (fy.0, 4 + k as u32) } else { (fy.0 + 1, k as u32 - 8) };
                let first = Date::new(y, m, 1).unwrap();
                let last = Date::new(y, m, [31, if y % 4 == 0 { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m as usize - 1]).unwrap();
                let on = start.is_none_or(|s| s <= last) && end.is_none_or(|e| e >= first);
                if !on { continue; }
                let ay = if m >= 9 { Ay(y) } else { Ay(y - 1) };
                let d = routes::decide(&ctx, &pc, &prot, ay, &mut NoTrace);
                let month_of_ay = (m + 3) % 12; // Sep = 0
                prop_assert_eq!(MONTHS[month_of_ay as usize].len(), 3);
                if d.rate_months & (1 << month_of_ay) != 0 { sum += d.rate; }
                cur += pc.current;
            }
            prop_assert_eq!(out.fys[fi].e3, routes::amount(sum), "FY {}", fy);
            prop_assert_eq!(out.fys[fi].current, routes::amount(cur), "FY {} current", fy);
        }
        prop_assert_eq!(fys.first().copied(), Some(Fy(2025)));
    }

    /// Random bytes into the JSON readers: errors, never panics.
    #[test]
    fn random_bytes_into_json_readers_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = RateCard::from_json_str(&text);
        let r = Scenario::from_json_str(&text, &mut |_| Err("no".into()));
        prop_assert!(r.is_err());
    }

    /// Random JSON shapes and values into the scenario reader: errors, never panics.
    #[test]
    fn random_json_into_the_scenario_reader_never_panics(v in arb_json()) {
        let _ = Scenario::from_value(&v, &mut |_| Err("no".into()));
        let mut s = serde_json::json!({"rate_card": serde_json::from_str::<serde_json::Value>(SHIPPED).unwrap(), "schools": [{"urn": "1", "name": "x", "pupils": [v.clone()]}]});
        let _ = Scenario::from_value(&s, &mut |_| Err("no".into()));
        s["communities"] = v.clone();
        s["pots"] = v;
        let _ = Scenario::from_value(&s, &mut |_| Err("no".into()));
    }

    /// Random bytes into the CSV readers: errors, never panics.
    #[test]
    fn random_bytes_into_csv_readers_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600), header in any::<bool>()) {
        let mut input = if header { b"id,setting,band,ehcp,current_e3,year_group,start,end\n".to_vec() } else { Vec::new() };
        input.extend(&bytes);
        let c = card();
        let imp = csv_import::read_pupils(&input, Some(&c));
        // Nothing dropped silently: every data line is accepted or rejected.
        prop_assert!(imp.accepted.len() + imp.rejected_lines.len() <= input.iter().filter(|b| **b == b'\n' || **b == b'\r').count() + 1);
        let mut cinput = if header { b"id,name,pupils,idaci_a,idaci_b,idaci_c,idaci_d,idaci_e,idaci_f,lac,lpa,historic\n".to_vec() } else { Vec::new() };
        cinput.extend(&bytes);
        let _ = csv_import::read_communities(&cinput);
    }
}

// --- R11: pupils move up a year -------------------------------------------------------------

prop_compose! {
    /// A pupil of any setting, band and year group (or none), with or without its own dates.
    fn arb_pupil()(setting in 0usize..3, band in 0usize..8, ehcp in any::<bool>(), current in 0u64..3_000_000, yg in prop::option::of(0i32..17),
                   start in prop::option::of((2023i32..2030, 1u32..13, 1u32..29)), len in prop::option::of(0i32..48)) -> Pupil {
        let c = card();
        let start = start.and_then(|(y, m, d)| Date::new(y, m, d));
        let end = len.and_then(|l| {
            let from = start.map_or(2024 * 12 + 8, |s| s.y * 12 + s.m as i32 - 1);
            let mi = from + l;
            Date::new(mi / 12, (mi % 12) as u32 + 1, 28)
        });
        Pupil {
            id: String::new(), setting: Setting::ALL[setting], band: c.bands[band].code.clone(), ehcp, current_e3: pennies(current),
            year_group: yg.and_then(YearGroup::at_position), start, end,
        }
    }
}

prop_compose! {
    /// A county of one to four schools (in Community C1, C2 or none) with pots, over `years`.
    fn arb_county()(schools in prop::collection::vec((prop::collection::vec(arb_pupil(), 0..10), 0usize..3), 1..5), option in 0usize..4) -> Scenario {
        let mut c = card();
        c.protection.option = ProtectionOption::ALL[option];
        let community = |id: &str, historic: u64| Community {
            id: id.into(), name: id.into(), indicators: Indicators { pupils: 1000, idaci: [10, 20, 30, 40, 50, 60], lac: 5, lpa: 100 },
            historic: pennies(historic), protection: None, protection_rate: None,
        };
        let schools = schools.into_iter().enumerate().map(|(si, (pupils, ci))| School {
            urn: format!("{}", 100_001 + si),
            name: format!("School {si}"),
            community: [Some("C1".to_string()), Some("C2".to_string()), None][ci].clone(),
            pupils: pupils.into_iter().enumerate().map(|(pi, p)| Pupil { id: format!("P{pi}"), ..p }).collect(),
            ..School::default()
        }).collect();
        let pots = (2025..=2028).map(|y| (Ay(y), pennies(200_000_000))).collect();
        Scenario { rate_card: c, rate_card_path: None, years: (2024..=2028).map(Ay).collect(), pots, communities: vec![community("C1", 30_000_000), community("C2", 10_000_000)], schools }
    }
}

/// The scenario with every school's year groups recorded as at `as_at` (R11.1) and its last
/// year group `last` (R11.3).
fn recorded(s: &Scenario, as_at: Ay, last: Option<YearGroup>) -> Scenario {
    let mut s = s.clone();
    for school in &mut s.schools {
        school.year_group_as_at = Some(as_at);
        school.last_year_group = last;
    }
    s
}

/// The result JSON without the year groups R11.4 adds, and those year groups by
/// (school, pupil, AY).
fn split_year_groups(mut v: serde_json::Value) -> (serde_json::Value, Vec<(usize, usize, String, serde_json::Value)>) {
    let mut found = Vec::new();
    for (si, school) in v["schools"].as_array_mut().unwrap().iter_mut().enumerate() {
        for (pi, p) in school["pupils"].as_array_mut().unwrap().iter_mut().enumerate() {
            for (ay, y) in p["years"].as_object_mut().unwrap().iter_mut() {
                if let Some(yg) = y.as_object_mut().unwrap().remove("year_group") {
                    found.push((si, pi, ay.clone(), yg));
                }
            }
        }
    }
    (v, found)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    /// R11 is optional: over a single AY recorded in that very AY nothing moves, so every figure
    /// is exactly the figure without R11 (and a last year group of 14 takes no one off roll); the
    /// result JSON is byte for byte the same but for R11.4's year groups, each the year group as
    /// entered. The scenario JSON reads back to the same scenario.
    #[test]
    fn r11_recorded_in_the_only_year_modelled_changes_nothing(county in arb_county(), y in 2024i32..2029, last14 in any::<bool>()) {
        let mut plain = county;
        plain.years = vec![Ay(y)];
        let moved = recorded(&plain, Ay(y), last14.then_some(YearGroup::Y(14)));
        let (a, b) = (calculate(&plain), calculate(&moved));
        prop_assert_eq!(&a, &b);
        let plain_json = sen_funding::engine::result::to_json(&plain, &a);
        let (moved_json, year_groups) = split_year_groups(sen_funding::engine::result::to_json(&moved, &b));
        prop_assert_eq!(serde_json::to_string(&plain_json).unwrap(), serde_json::to_string(&moved_json).unwrap());
        let with_yg: usize = moved.schools.iter().map(|s| s.pupils.iter().filter(|p| p.year_group.is_some()).count()).sum();
        prop_assert_eq!(year_groups.len(), with_yg);
        for (si, pi, ay, yg) in year_groups {
            prop_assert_eq!(ay, Ay(y).to_string());
            prop_assert_eq!(Some(yg), moved.schools[si].pupils[pi].year_group.map(|g| serde_json::json!(g.as_string())));
        }
        let again = Scenario::from_value(&moved.to_json(), &mut |_| Err("inline".into())).unwrap();
        prop_assert_eq!(again, moved);
    }

    /// R11.2, R11.3 over five AYs: in the AY the year groups are recorded in, every pupil's,
    /// school's and Community's figure is the figure without R11; a last year group of 14 is
    /// the same as none; and R11 only ever takes a pupil off roll, never on: each pupil's
    /// current-system figure (R7.3) in every AY and FY is at most its figure without R11, and 0
    /// where R11.3 takes it off roll.
    #[test]
    fn r11_moves_only_other_years_and_only_takes_pupils_off_roll(county in arb_county(), as_at in 2024i32..2029, last in prop::option::of(0i32..17)) {
        let last = last.and_then(YearGroup::at_position);
        let a = calculate(&county);
        let moved = recorded(&county, Ay(as_at), last);
        let b = calculate(&moved);
        prop_assert_eq!(calculate(&recorded(&county, Ay(as_at), Some(YearGroup::Y(14)))), calculate(&recorded(&county, Ay(as_at), None)));
        let yi = a.year_ix(Ay(as_at)).unwrap();
        for (si, (sa, sb)) in a.schools.iter().zip(&b.schools).enumerate() {
            for (pi, (pa, pb)) in sa.pupils.iter().zip(&sb.pupils).enumerate() {
                let p = &county.schools[si].pupils[pi];
                let past_last = matches!((p.year_group, last), (Some(g), Some(l)) if g.position() > l.position());
                if !past_last {
                    prop_assert_eq!(pa.years[yi], pb.years[yi]);
                }
                for (ya, yb) in pa.years.iter().zip(&pb.years) { prop_assert!(yb.current <= ya.current); }
                for (fa, fb) in pa.fys.iter().zip(&pb.fys) { prop_assert!(fb.current <= fa.current); }
                for (ay, yb) in b.years.iter().zip(&pb.years) {
                    let mu = MovingUp::of(&moved.schools[si]);
                    if moving_up::off_roll(mu, moving_up::place_in(mu, p.year_group, *ay)).is_some() {
                        prop_assert_eq!((yb.e3, yb.current), (0, 0));
                    }
                }
            }
            if last.is_none() {
                prop_assert_eq!(&sa.years[yi], &sb.years[yi]);
            }
        }
        if last.is_none() {
            prop_assert_eq!(a.county_year(Ay(as_at)), b.county_year(Ay(as_at)));
        }
    }
}

fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        "[0-9]{0,12}(\\.[0-9]{0,4})?".prop_map(|s| serde_json::from_str(&s).unwrap_or(serde_json::Value::String(s))),
        "(mainstream|srp|special|SA3|S|B|2025/26|2025-09-01|[a-z]{0,6}|-1|1e30)".prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(
                "(id|setting|band|ehcp|current_e3|year_group|start|end|urn|name|pupils|indicators|historic|year_group_as_at|last_year_group|[a-z]{1,5})",
                inner,
                0..8
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

#[test]
fn whole_model_on_a_generated_county_is_consistent() {
    // Every school total is the sum of its pupils plus MGL; a year's community nets sum to D.
    let c = card();
    let s = sen_funding::synth::county(&c, sen_funding::synth::CountySize { communities: 7, schools: 40, pupils: 1500 }, 7);
    let out = calculate(&s);
    for (school, so) in s.schools.iter().zip(&out.schools) {
        for (yi, y) in so.years.iter().enumerate() {
            let e3: i64 = so.pupils.iter().map(|p| p.years[yi].e3).sum();
            assert_eq!(y.direct, e3 + y.mgl_adjustment, "{}", school.urn);
        }
    }
    for cy in &out.county {
        assert_eq!(cy.communities.iter().map(|r| r.net).sum::<i64>(), cy.distributable);
    }
    let _ = (BTreeMap::<u8, u8>::new(), School::default());
}
