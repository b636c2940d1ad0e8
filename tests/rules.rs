//! The rules of docs/MODEL.md, one test (or a few) per rule, with worked examples from the
//! council's papers: the 75/25 → 50/50 → formula blend (24/00120 §5.9), the £6,000 direct
//! threshold (§3.20), protection at 50% and at 75% (§3.21 B: "around 50% to 75%"), option D's
//! three months, part-year pupils across the April and September boundaries.

mod common;
use common::*;
use serde_json::json;

fn equal_ind() -> serde_json::Value {
    indicators(1000, [10, 20, 30, 40, 50, 60], 5, 100)
}

/// A school of no Community (URN 100001) with `pupils`, and no pots.
fn lone_school(pupils: Vec<serde_json::Value>) -> serde_json::Value {
    scenario(vec![], json!({}), vec![school("100001", None, pupils)])
}

/// One mainstream pupil in a school of Community C1 whose protection option is `option`.
fn protected_case(option: Option<&str>, rate: Option<&str>, p: serde_json::Value) -> serde_json::Value {
    let mut c = community("C1", "100000", equal_ind());
    if let Some(o) = option {
        c["protection"] = json!(o);
    }
    if let Some(r) = rate {
        c["protection_rate"] = json!(r);
    }
    scenario(vec![c], json!({}), vec![school("100001", Some("C1"), vec![p])])
}

#[test]
fn r4_1_early_years_and_post_16_are_out_of_scope_every_year() {
    for yg in ["N1", "N2", "12", "13", "14"] {
        let p = with(pupil("P1", "mainstream", "SA3", true, "4500"), "year_group", json!(yg));
        let r = ok(&protected_case(None, None, p));
        for ay in ["2024/25", "2025/26", "2026/27", "2028/29"] {
            assert_eq!(summary(pupil_year(&r, "100001", "P1", ay)), (s("out_of_scope"), s("4500.00"), s("4500.00"), vec![]), "{yg} {ay}");
        }
    }
    // Reception and Year 11 are in scope.
    for yg in ["R", "11"] {
        let p = with(pupil("P1", "mainstream", "SA3", true, "4500"), "year_group", json!(yg));
        let r = ok(&protected_case(None, None, p));
        assert_eq!(pupil_year(&r, "100001", "P1", "2026/27")["route"], "tariff");
    }
}

#[test]
fn r4_2_before_community_budgets_the_current_system_pays() {
    let r = ok(&protected_case(Some("A"), None, pupil("P1", "mainstream", "S", false, "7000")));
    assert_eq!(summary(pupil_year(&r, "100001", "P1", "2024/25")), (s("current"), s("7000.00"), s("7000.00"), vec![]));
}

#[test]
fn r4_3_r4_4_srp_and_special_keep_current_funding_until_the_tariff() {
    let sc =
        lone_school(vec![pupil("SRP1", "srp", "SA4", true, "9000"), pupil("SP1", "special", "SA2", true, "4000"), pupil("LOW", "srp", "S", false, "2500")]);
    let r = ok(&sc);
    assert_eq!(summary(pupil_year(&r, "100001", "SRP1", "2025/26")), (s("current"), s("9000.00"), s("9000.00"), vec![]));
    assert_eq!(summary(pupil_year(&r, "100001", "SRP1", "2026/27")), (s("tariff"), s("15000.00"), s("9000.00"), vec![]));
    assert_eq!(summary(pupil_year(&r, "100001", "SP1", "2026/27")), (s("tariff"), s("6000.00"), s("4000.00"), vec![]));
    // R4.4: a band below the tariff in a specialist setting gets 0 and a flag.
    assert_eq!(summary(pupil_year(&r, "100001", "LOW", "2025/26")), (s("current"), s("2500.00"), s("2500.00"), vec![]));
    assert_eq!(summary(pupil_year(&r, "100001", "LOW", "2026/27")), (s("tariff"), s("0.00"), s("2500.00"), vec![s("band_below_setting")]));
}

#[test]
fn r4_5_the_6000_direct_threshold_protects_only_ehcp_rates_above_it() {
    // 24/00120 §3.20: existing EHCP rates above £6,000 are protected until August 2026.
    let above = ok(&protected_case(None, None, pupil("P1", "mainstream", "SA3", true, "6000.01")));
    assert_eq!(summary(pupil_year(&above, "100001", "P1", "2025/26")), (s("protected_ehcp"), s("6000.01"), s("6000.01"), vec![]));
    // At exactly £6,000 the rate is not above the threshold: an existing claim for the
    // Community (R4.6), protected at the default 50% (R6.2).
    let at = ok(&protected_case(None, None, pupil("P1", "mainstream", "SA3", true, "6000")));
    assert_eq!(summary(pupil_year(&at, "100001", "P1", "2025/26")), (s("community_existing"), s("3000.00"), s("6000.00"), vec![]));
    // SEN Support above £6,000 without an EHCP is not R4.5 either (and is moderated, R5.9).
    let sup = ok(&protected_case(None, None, pupil("P1", "mainstream", "W", false, "8000")));
    assert_eq!(summary(pupil_year(&sup, "100001", "P1", "2025/26")), (s("community_existing"), s("4000.00"), s("8000.00"), vec![s("moderation")]));
    // From the tariff AY the protection ends: the tariff pays.
    assert_eq!(summary(pupil_year(&above, "100001", "P1", "2026/27")), (s("tariff"), s("10000.00"), s("6000.01"), vec![]));
}

#[test]
fn r4_7_no_current_funding_means_nothing_paid_directly() {
    let r = ok(&protected_case(None, None, pupil("P1", "mainstream", "S", false, "0")));
    assert_eq!(summary(pupil_year(&r, "100001", "P1", "2025/26")), (s("community"), s("0.00"), s("0.00"), vec![]));
}

#[test]
fn r4_8_r4_9_mainstream_tariff_needs_an_ehcp_else_moderation() {
    let sc = lone_school(vec![
        pupil("EHCP", "mainstream", "SA5", true, "0"),
        pupil("NOPLAN", "mainstream", "SA2", false, "0"),
        pupil("SUPPORT", "mainstream", "S", true, "7500"),
    ]);
    let r = ok(&sc);
    assert_eq!(summary(pupil_year(&r, "100001", "EHCP", "2026/27")), (s("tariff"), s("22000.00"), s("0.00"), vec![]));
    assert_eq!(summary(pupil_year(&r, "100001", "NOPLAN", "2026/27")), (s("community"), s("0.00"), s("0.00"), vec![s("moderation")]));
    // R5.9 in a community year: current E3 above £6,000 on a community route.
    assert_eq!(summary(pupil_year(&r, "100001", "SUPPORT", "2027/28")), (s("community"), s("0.00"), s("7500.00"), vec![s("moderation")]));
}

#[test]
fn r6_2_protection_at_50_and_at_75_percent() {
    let p = || pupil("P1", "mainstream", "S", false, "8000");
    let fifty = ok(&protected_case(Some("B"), None, p()));
    assert_eq!(pupil_year(&fifty, "100001", "P1", "2025/26")["e3"], "4000.00");
    let seventy_five = ok(&protected_case(Some("B"), Some("0.75"), p()));
    assert_eq!(pupil_year(&seventy_five, "100001", "P1", "2025/26")["e3"], "6000.00");
    // Exact: 0.75 × £4,567.89 = £3,425.9175 → £3,425.92 (R7.2 rounds once).
    let odd = ok(&protected_case(Some("B"), Some("0.75"), pupil("P1", "mainstream", "S", false, "4567.89")));
    assert_eq!(pupil_year(&odd, "100001", "P1", "2025/26")["e3"], "3425.92");
    // R6.6: nothing in the next year, and the committed sum is the protected amount (R5.7).
    assert_eq!(pupil_year(&fifty, "100001", "P1", "2026/27")["e3"], "0.00");
}

#[test]
fn r6_1_r6_3_options_a_and_c() {
    let a = ok(&protected_case(Some("A"), None, pupil("P1", "mainstream", "S", false, "8000")));
    assert_eq!(pupil_year(&a, "100001", "P1", "2025/26")["e3"], "0.00");
    let c_above = ok(&protected_case(Some("C"), None, pupil("P1", "mainstream", "S", false, "8000")));
    assert_eq!(pupil_year(&c_above, "100001", "P1", "2025/26")["e3"], "8000.00");
    let c_below = ok(&protected_case(Some("C"), None, pupil("P1", "mainstream", "S", false, "5000")));
    assert_eq!(pupil_year(&c_below, "100001", "P1", "2025/26")["e3"], "0.00");
    let c_ehcp = ok(&protected_case(Some("C"), None, pupil("P1", "mainstream", "S", true, "5000")));
    assert_eq!(pupil_year(&c_ehcp, "100001", "P1", "2025/26")["e3"], "0.00");
}

#[test]
fn r6_4_option_d_pays_three_months() {
    let d = ok(&protected_case(Some("D"), None, pupil("P1", "mainstream", "S", false, "8000")));
    // £8,000 a year for Sep, Oct, Nov: 8000 × 3 / 12.
    assert_eq!(summary(pupil_year(&d, "100001", "P1", "2025/26")), (s("community_existing"), s("2000.00"), s("8000.00"), vec![s("moderation")]));
    // Joining on 15 October: on roll Oct and Nov of the three months.
    let late = with(pupil("P1", "mainstream", "S", false, "8000"), "start", json!("2025-10-15"));
    let d2 = ok(&protected_case(Some("D"), None, late));
    assert_eq!(pupil_year(&d2, "100001", "P1", "2025/26")["e3"], "1333.33");
    assert_eq!(pupil_year(&d2, "100001", "P1", "2025/26")["current"], "7333.33");
    // In the FY 2025-26 (Apr 2025 – Mar 2026) the three months fall in its Sep–Mar part.
    // FY 2025-26: Apr–Aug 2025 under the current system (5 × 8,000) + the 3 months: 64,000 / 12.
    assert_eq!(pupil_fy(&d, "100001", "P1", "2025-26")["e3"], "5333.33");
    assert_eq!(pupil_fy(&d, "100001", "P1", "2026-27")["e3"], "0.00");
}

#[test]
fn r6_5_a_school_without_a_community_takes_the_rate_card_default() {
    let sc = lone_school(vec![pupil("P1", "mainstream", "S", false, "5000")]);
    let r = ok(&sc);
    assert_eq!(pupil_year(&r, "100001", "P1", "2025/26")["e3"], "2500.00");
    assert_eq!(school_of(&r, "100001")["community"], serde_json::Value::Null);
    assert_eq!(school_of(&r, "100001")["years"]["2025/26"]["community_indicative"], serde_json::Value::Null);
}

#[test]
fn r7_part_year_pupils_across_the_april_and_september_boundaries() {
    // On roll 15 April 2026 – 30 September 2026: Apr–Aug of 2025/26 and Sep of 2026/27.
    let p = with(with(pupil("P1", "mainstream", "SA3", true, "12000"), "start", json!("2026-04-15")), "end", json!("2026-09-30"));
    let r = ok(&protected_case(None, None, p));
    // 2025/26: protected EHCP rate for 5 months.
    assert_eq!(summary(pupil_year(&r, "100001", "P1", "2025/26")), (s("protected_ehcp"), s("5000.00"), s("5000.00"), vec![]));
    // 2026/27: tariff £10,000 for 1 month = 833.333… → 833.33.
    assert_eq!(summary(pupil_year(&r, "100001", "P1", "2026/27")), (s("tariff"), s("833.33"), s("1000.00"), vec![]));
    // FY 2026-27: (5 × 12,000 + 1 × 10,000) / 12 = 5,833.333… → 5,833.33, one rounding.
    assert_eq!(pupil_fy(&r, "100001", "P1", "2026-27")["e3"], "5833.33");
    assert_eq!(pupil_fy(&r, "100001", "P1", "2026-27")["current"], "6000.00");
    assert_eq!(pupil_fy(&r, "100001", "P1", "2025-26")["e3"], "0.00");
    assert_eq!(pupil_fy(&r, "100001", "P1", "2027-28")["e3"], "0.00");
    // Not on roll at all in 2024/25.
    assert_eq!(pupil_year(&r, "100001", "P1", "2024/25")["e3"], "0.00");
}

#[test]
fn r7_2_one_division_one_rounding_in_a_financial_year() {
    // £1,000.02 a year: Apr–Aug is 5 × 1,000.02 / 12 = 416.675 and Sep–Mar 583.345; rounded
    // separately they would make 416.68 + 583.35 = 1,000.03. R7.2 divides and rounds once.
    let p = pupil("P1", "srp", "SA1", true, "1000.02");
    let r = ok(&lone_school(vec![p]));
    assert_eq!(pupil_fy(&r, "100001", "P1", "2025-26")["e3"], "1000.02");
    assert_eq!(pupil_fy(&r, "100001", "P1", "2025-26")["current"], "1000.02");
    // A leaver on 10 January 2026: Sep–Jan is 5 months, 416.675 → 416.68 (half-up).
    let leaver = with(pupil("P2", "srp", "SA1", true, "1000.02"), "end", json!("2026-01-10"));
    let r = ok(&lone_school(vec![leaver]));
    assert_eq!(pupil_year(&r, "100001", "P2", "2025/26")["e3"], "416.68");
    // FY 2025-26: Apr–Aug 2025 and Sep–Jan: 10 months × 1,000.02 / 12 = 833.35.
    assert_eq!(pupil_fy(&r, "100001", "P2", "2025-26")["e3"], "833.35");
    assert_eq!(pupil_fy(&r, "100001", "P2", "2026-27")["e3"], "0.00");
}

#[test]
fn r7_4_a_financial_year_needs_both_academic_years() {
    let mut sc = lone_school(vec![pupil("P1", "special", "SA1", true, "100")]);
    sc["years"] = json!(["2025/26", "2026/27", "2028/29"]);
    let r = ok(&sc);
    let fys: Vec<&String> = school_of(&r, "100001")["financial_years"].as_object().unwrap().keys().collect();
    assert_eq!(fys, vec!["2026-27"]);
}

fn two_communities(pot: serde_json::Value) -> serde_json::Value {
    // Equal indicators (formula share 1/2 each), historic 300,000 and 100,000 (3/4 and 1/4).
    scenario(vec![community("C1", "300000", equal_ind()), community("C2", "100000", equal_ind())], pot, vec![])
}

#[test]
fn r5_5_blend_75_25_then_50_50_then_the_formula_in_full() {
    // 24/00120 §5.9: "75% historic allocations … and 25% formula (in the first year). With the
    // formula introduced in full in the third year."
    let pot = json!({"2025/26": "1020000", "2026/27": "1020000", "2027/28": "1020000"});
    let r = ok(&two_communities(pot));
    let c1 = |ay| community_year(&r, "C1", ay).clone();
    assert_eq!(c1("2025/26")["historic_share"], "0.75");
    assert_eq!(c1("2025/26")["formula_share"], "0.5");
    assert_eq!(c1("2025/26")["blended_share"], "0.6875");
    assert_eq!(c1("2025/26")["net"], "687500.00");
    assert_eq!(c1("2026/27")["blended_share"], "0.625");
    assert_eq!(c1("2026/27")["net"], "625000.00");
    assert_eq!(c1("2027/28")["blended_share"], "0.5");
    assert_eq!(c1("2027/28")["net"], "500000.00");
    assert_eq!(c1("2027/28")["gross"], "510000.00");
    assert_eq!(c1("2027/28")["topslice"], "10000.00");
    assert_eq!(community_year(&r, "C2", "2025/26")["net"], "312500.00");
    // No pot, no community figures.
    assert!(community_year(&r, "C1", "2028/29").is_null());
}

#[test]
fn r5_3_formula_share_weights_and_dropped_terms() {
    // No LAC anywhere: the lac term is dropped and the rest re-weighted (0.5, 0.25, 0.125 → /0.875).
    let a = community("A", "0", indicators(300, [0, 0, 0, 0, 0, 0], 0, 10));
    let b = community("B", "0", indicators(100, [0, 0, 0, 0, 0, 0], 0, 30));
    // IDACI also 0 everywhere: weights pupils 0.5, lpa 0.125 → 0.8 and 0.2.
    let r = ok(&scenario(vec![a, b], json!({"2027/28": "20100"}), vec![]));
    // f_A = 0.8 × 300/400 + 0.2 × 10/40 = 0.6 + 0.05 = 0.65
    assert_eq!(community_year(&r, "A", "2027/28")["formula_share"], "0.65");
    // R5.4: no historic: h = f.
    assert_eq!(community_year(&r, "A", "2027/28")["historic_share"], "0.65");
    assert_eq!(community_year(&r, "A", "2027/28")["net"], "65.00");
    // Every total 0: equal shares.
    let z = |id| community(id, "0", indicators(0, [0; 6], 0, 0));
    let r = ok(&scenario(vec![z("A"), z("B"), z("C"), z("D")], json!({"2027/28": "40100"}), vec![]));
    assert_eq!(community_year(&r, "C", "2027/28")["formula_share"], "0.25");
    assert_eq!(community_year(&r, "C", "2027/28")["net"], "25.00");
}

#[test]
fn r5_2_idaci_indicator_uses_the_band_weights() {
    // A: 10 in band A (weight 1.00) = 10; B: 20 in band F (weight 0.35) = 7.
    let a = community("A", "0", indicators(100, [10, 0, 0, 0, 0, 0], 1, 1));
    let b = community("B", "0", indicators(100, [0, 0, 0, 0, 0, 20], 1, 1));
    let r = ok(&scenario(vec![a, b], json!({"2027/28": "1020000"}), vec![]));
    // f_A = 0.5 × 1/2 + 0.25 × 10/17 + 0.125 × 1/2 + 0.125 × 1/2 = 0.375 + 2.5/17 = 0.5220588…
    let f = community_year(&r, "A", "2027/28")["formula_share"].as_str().unwrap().parse::<f64>().unwrap();
    assert!((f - (0.375 + 2.5 / 17.0)).abs() < 1e-15, "{f}");
    // D = 1,000,000: A 522,058.8235… → floor 522,058.82 (remainder 0.35 p); B 477,941.1764… →
    // 477,941.17 (remainder 0.65 p); the one penny left goes to the larger remainder, B.
    assert_eq!(community_year(&r, "A", "2027/28")["net"], "522058.82");
    assert_eq!(community_year(&r, "B", "2027/28")["net"], "477941.18");
}

#[test]
fn r5_6_largest_remainder_ties_go_to_the_smaller_id() {
    let c = |id| community(id, "100", equal_ind());
    // Three equal shares of D = £100.00: 33.333… each; one penny left, tie → "A".
    let r = ok(&scenario(vec![c("B"), c("A"), c("C")], json!({"2027/28": "30100"}), vec![]));
    assert_eq!(community_year(&r, "A", "2027/28")["net"], "33.34");
    assert_eq!(community_year(&r, "B", "2027/28")["net"], "33.33");
    assert_eq!(community_year(&r, "C", "2027/28")["net"], "33.33");
    // Plain string order: "C10" < "C9".
    let r = ok(&scenario(vec![c("C9"), c("C10"), c("C8")], json!({"2027/28": "30100.01"}), vec![]));
    assert_eq!(community_year(&r, "C10", "2027/28")["net"], "33.34");
    assert_eq!(community_year(&r, "C8", "2027/28")["net"], "33.34");
    assert_eq!(community_year(&r, "C9", "2027/28")["net"], "33.33");
}

#[test]
fn r5_1_a_pot_below_the_top_slice_is_an_input_error() {
    let errs = errors(&two_communities(json!({"2025/26": "19999.99"})));
    assert_eq!(errs, vec!["pots.2025/26: the pot 19999.99 is less than the top-slice 20000.00 (2 communities × 10000.00, R5.1)"]);
}

#[test]
fn r5_7_r5_8_commitments_discretionary_and_a_schools_indicative_share() {
    let mut sc = two_communities(json!({"2025/26": "1020000"}));
    // A school with half of C1's indicators on every term: share 1/2.
    let mut sch = school("100001", Some("C1"), vec![pupil("P1", "mainstream", "S", false, "8000"), pupil("P2", "mainstream", "W", false, "3000.01")]);
    sch["indicators"] = indicators(500, [5, 10, 15, 20, 25, 30], 0, 50);
    // lac 0 of 5 for the school: the term stays (the community's total is 5), contributing 0.
    sc["schools"] = json!([sch]);
    let r = ok(&sc);
    let c1 = community_year(&r, "C1", "2025/26");
    // Protected at 50%: 4,000.00 + 1,500.005 → 1,500.01 (rounded per pupil, R7.2).
    assert_eq!(c1["committed"], "5500.01");
    assert_eq!(c1["net"], "687500.00");
    assert_eq!(c1["discretionary"], "681999.99");
    assert_eq!(c1["over_committed"], false);
    // Share = 0.5 × 1/2 + 0.25 × 1/2 + 0.125 × 0/5 + 0.125 × 1/2 = 0.4375.
    let ind = &school_of(&r, "100001")["years"]["2025/26"]["community_indicative"];
    // 681,999.99 × 0.4375 = 298,374.995625 → 298,375.00
    assert_eq!(ind, "298375.00");
    // Over-committed: a big protected claim in a small budget.
    let mut sc = two_communities(json!({"2025/26": "20100"}));
    sc["schools"] = json!([school("100001", Some("C1"), vec![pupil("P1", "mainstream", "W", false, "200")])]);
    let r = ok(&sc);
    let c1 = community_year(&r, "C1", "2025/26");
    assert_eq!(c1["net"], "68.75");
    assert_eq!(c1["committed"], "100.00");
    assert_eq!(c1["discretionary"], "-31.25");
    assert_eq!(c1["over_committed"], true);
    assert_eq!(school_of(&r, "100001")["years"]["2025/26"]["community_indicative"], serde_json::Value::Null, "no school indicators");
}

#[test]
fn r8_maximum_gains_and_losses_floor_cap_and_compounding() {
    let loser = school("200001", None, vec![pupil("L1", "special", "SA3", true, "12000")]);
    let gainer = school("200002", None, vec![pupil("G1", "srp", "SA5", true, "10000")]);
    let mainstream = school("200003", None, vec![pupil("M1", "mainstream", "SA5", true, "10000")]);
    let r = ok(&scenario(vec![], json!({}), vec![loser, gainer, mainstream]));
    let y = |urn, ay: &str| school_of(&r, urn)["years"][ay].clone();
    // Loss: N 10,000, C 12,000; floor 12,000 × 0.95 = 11,400 → +1,400.
    assert_eq!(y("200001", "2026/27")["mgl_adjustment"], "1400.00");
    assert_eq!(y("200001", "2026/27")["direct"], "11400.00");
    // k = 1: 12,000 × 0.95² = 10,830 → +830; k = 2: × 0.95³ = 10,288.50 → +288.50.
    assert_eq!(y("200001", "2027/28")["mgl_adjustment"], "830.00");
    assert_eq!(y("200001", "2028/29")["mgl_adjustment"], "288.50");
    assert_eq!(y("200001", "2025/26")["mgl_adjustment"], "0.00");
    // Gain: N 22,000, C 10,000; cap 10,500 → −11,500; then 11,025 → −10,975.
    assert_eq!(y("200002", "2026/27")["mgl_adjustment"], "-11500.00");
    assert_eq!(y("200002", "2027/28")["mgl_adjustment"], "-10975.00");
    assert_eq!(y("200002", "2027/28")["direct"], "11025.00");
    // Mainstream is not in mgl.applies_to.
    assert_eq!(y("200003", "2026/27")["mgl_adjustment"], "0.00");
    assert_eq!(y("200003", "2026/27")["direct"], "22000.00");
    // R8.4: 1,400 in 2026/27 → round(1,400 × 7/12) = 816.67 in FY 2026-27, 583.33 in 2027-28.
    let f = |urn, fy: &str| school_of(&r, urn)["financial_years"][fy].clone();
    // FY 2026-27: pupils Apr–Aug 2026 at 12,000 (5,000) + Sep–Mar at 10,000 (5,833.33) + 816.67.
    assert_eq!(f("200001", "2026-27")["direct"], "11650.00");
    // FY 2027-28: 5 × 10,000/12 (4,166.67) + 7 × 10,000/12 (5,833.33) = 10,000.00;
    // MGL 583.33 (rest of 2026/27) + round(830 × 7/12) = 484.17 → 1,067.50.
    assert_eq!(f("200001", "2027-28")["direct"], "11067.50");
    assert_eq!(f("200001", "2027-28")["current"], "12000.00");
}

#[test]
fn r8_2_minimum_funding_guarantee_for_special_schools() {
    let mut card = card();
    card["mgl"]["mfg_special"] = json!("0.01");
    let mut sc = scenario(vec![], json!({}), vec![school("200001", None, vec![pupil("L1", "special", "SA3", true, "12000")])]);
    sc["rate_card"] = card;
    let r = ok(&sc);
    // floor = max(12,000 × 0.95, 12,000 × 1.01) = 12,120 → +2,120; the cap 12,600 is above it.
    assert_eq!(school_of(&r, "200001")["years"]["2026/27"]["mgl_adjustment"], "2120.00");
}

#[test]
fn r10_4_result_has_exactly_the_specified_shape() {
    let mut sc = two_communities(json!({"2025/26": "1020000"}));
    let mut sch = school("100001", Some("C1"), vec![pupil("P1", "mainstream", "S", false, "8000")]);
    sch["indicators"] = indicators(500, [5, 10, 15, 20, 25, 30], 0, 50);
    sc["schools"] = json!([sch]);
    let r = ok(&sc);
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&r), vec!["rate_card", "communities", "schools"]);
    assert_eq!(r["rate_card"], json!({"id": "kent-illustrative-2025", "status": "illustrative"}));
    assert_eq!(keys(&r["communities"][0]), vec!["id", "years"]);
    assert_eq!(
        keys(community_year(&r, "C1", "2025/26")),
        vec!["formula_share", "historic_share", "blended_share", "topslice", "net", "gross", "committed", "discretionary", "over_committed"]
    );
    let s = school_of(&r, "100001");
    assert_eq!(keys(s), vec!["urn", "community", "years", "financial_years", "pupils"]);
    assert_eq!(keys(&s["years"]), vec!["2024/25", "2025/26", "2026/27", "2027/28", "2028/29"]);
    assert_eq!(keys(&s["years"]["2025/26"]), vec!["direct", "mgl_adjustment", "community_indicative", "current"]);
    assert_eq!(keys(&s["financial_years"]), vec!["2025-26", "2026-27", "2027-28", "2028-29"]);
    assert_eq!(keys(&s["financial_years"]["2025-26"]), vec!["direct", "current"]);
    assert_eq!(keys(&s["pupils"][0]), vec!["id", "years", "financial_years"]);
    assert_eq!(keys(&s["pupils"][0]["years"]["2025/26"]), vec!["route", "e3", "current", "flags"]);
    assert_eq!(keys(&s["pupils"][0]["financial_years"]["2025-26"]), vec!["e3", "current"]);
    // School totals: direct = Σ e3 + MGL; current = Σ current.
    assert_eq!(s["years"]["2025/26"]["direct"], "4000.00");
    assert_eq!(s["years"]["2025/26"]["current"], "8000.00");
    assert_eq!(s["years"]["2024/25"]["community_indicative"], serde_json::Value::Null);
}

#[test]
fn r10_5_every_fault_is_reported_with_its_path() {
    let mut sc = scenario(
        vec![community("C1", "100", equal_ind()), community("C1", "abc", equal_ind())],
        json!({"2025/26": "1e30", "2023/24": "5"}),
        vec![
            school(
                "100001",
                Some("C9"),
                vec![
                    pupil("P1", "mainstream", "SA9", true, "6000"),
                    pupil("P1", "academy", "S", false, "-3"),
                    with(pupil("", "mainstream", "S", false, "10.005"), "year_group", json!("15")),
                ],
            ),
            school("100001", None, vec![with(with(pupil("X", "srp", "S", false, "0"), "start", json!("2026-09-01")), "end", json!("2026-08-31"))]),
        ],
    );
    sc["schools"][1]["pupils"][0]["ehcp"] = json!("yes");
    sc["schools"][1]["colour"] = json!("red");
    let errs = errors(&sc);
    let want = [
        "communities[1].historic: must be an amount in pounds from 0 to 1,000,000,000 with at most two decimals, e.g. 6000 or 6000.50 (got \"abc\")",
        "communities[1].id: \"C1\" is listed twice: community ids must be unique",
        "pots.2025/26: must be an amount in pounds from 0 to 1,000,000,000 with at most two decimals, e.g. 6000 or 6000.50 (got \"1e30\")",
        "pots.2023/24: 2023/24 is before the community AY 2025/26: Community budgets begin on 2025-09-01 (R1.5, R2.4)",
        "schools[0].community: unknown community \"C9\" (known: C1)",
        "schools[0].pupils[0].band: unknown band \"SA9\" (known: U, S, W, SA1, SA2, SA3, SA4, SA5)",
        "schools[0].pupils[1].id: \"P1\" is used twice in this school: pupil ids must be unique within a school",
        "schools[0].pupils[1].setting: must be one of mainstream, srp, special (got \"academy\")",
        "schools[0].pupils[1].current_e3: must be an amount in pounds from 0 to 1,000,000,000 with at most two decimals, e.g. 6000 or 6000.50 (got \"-3\")",
        "schools[0].pupils[2].id: must not be empty: give each pupil a pseudonymous id, e.g. P001",
        "schools[0].pupils[2].current_e3: must be an amount in pounds from 0 to 1,000,000,000 with at most two decimals, e.g. 6000 or 6000.50 (got \"10.005\")",
        "schools[0].pupils[2].year_group: must be N1, N2, R or a year from 1 to 14 (got \"15\")",
        "schools[1].colour: unknown key (expected one of: urn, name, community, indicators, year_group_as_at, last_year_group, pupils)",
        "schools[1].pupils[0].ehcp: must be true or false (got text)",
        "schools[1].pupils[0].end: 2026-08-31 is before the start date 2026-09-01: a pupil is on roll from start to end",
        "schools[1].urn: \"100001\" is listed twice: URNs must be unique",
    ];
    for w in want {
        assert!(errs.iter().any(|e| e == w), "missing\n  {w}\nin\n  {}", errs.join("\n  "));
    }
    // Duplicates are found on the ids as written, even where the duplicate has other faults.
    assert_eq!(errs.len(), want.len(), "{}", errs.join("\n"));
}

#[test]
fn the_example_school_covers_every_route_and_follow_the_child_agrees_with_calc() {
    use sen_funding::engine::routes::PupilRoute;
    let card = sen_funding::engine::RateCard::from_json_str(SHIPPED).unwrap();
    let s = sen_funding::synth::example_school(&card);
    let out = sen_funding::engine::calculate(&s);
    let mut seen = std::collections::HashSet::new();
    for p in &out.schools[0].pupils {
        for y in &p.years {
            seen.insert(y.route);
        }
    }
    for r in PupilRoute::ALL {
        assert!(seen.contains(&r), "the example school has no pupil on {}", r.as_str());
    }
    // It round-trips through the scenario JSON to the same figures.
    let again = sen_funding::engine::Scenario::from_value(&s.to_json(), &mut |_| Err("inline".into())).unwrap();
    assert_eq!(sen_funding::engine::calculate(&again), out);
    // A–D side by side for the community AY: A protects nothing, C only SEN Support above £6,000.
    let opts = sen_funding::engine::calc::protection_options(&s, 0).unwrap();
    let protected: Vec<i64> = opts.iter().map(|o| o.protected).collect();
    // Existing claims: EX-02 5,500 (EHCP), EX-03 3,200, EX-04 7,800 (no EHCP).
    // A 0; B 50% = 8,250; C 7,800; D 3/12 of 16,500 = 4,125.
    assert_eq!(protected, vec![0, 825_000, 780_000, 412_500]);
    // Follow the child: SA3 with an EHCP, no current claim.
    let years: Vec<_> = (2024..=2027).map(sen_funding::engine::Ay).collect();
    let f = sen_funding::engine::follow::follow_the_child(&card, "SA3", true, rust_decimal::Decimal::ZERO, &years);
    let e3: Vec<Vec<i64>> = f.iter().map(|s| s.years.iter().map(|y| y.e3).collect()).collect();
    assert_eq!(e3, vec![vec![0, 0, 1_000_000, 1_000_000], vec![0, 0, 1_000_000, 1_000_000], vec![0, 0, 1_000_000, 1_000_000]]);
    let core: Vec<i64> = f.iter().map(|s| s.years[0].core).collect();
    assert_eq!(core, vec![600_000, 600_000, 1_000_000]);
    assert!(f[2].years[2].explanation.steps.iter().any(|s| s.rule == "R3.1"));
}

#[test]
fn r8_4_splits_the_schools_adjustment_not_each_settings() {
    // One school with an SRP pupil and a special-school pupil on band W (below the tariff: N = 0)
    // with a current £0.60 each: in 2026/27 each setting's floor is 0.57, an adjustment of +0.57.
    // Split per setting: round(0.57 × 7/12) = round(0.3325) = 0.33, twice = 0.66. Split on the
    // school's 1.14 (R10.4): round(1.14 × 7/12) = round(0.665) = 0.67.
    let sch = school("300001", None, vec![pupil("A", "srp", "W", false, "0.60"), pupil("B", "special", "W", false, "0.60")]);
    let r = ok(&scenario(vec![], json!({}), vec![sch]));
    let s = school_of(&r, "300001");
    assert_eq!(s["years"]["2026/27"]["mgl_adjustment"], "1.14");
    // FY 2026-27: pupils Apr–Aug 2026 at current (2 × 0.25) + Sep–Mar at 0 = 0.50; MGL 0.67.
    assert_eq!(s["financial_years"]["2026-27"]["direct"], "1.17");
}

#[test]
fn follow_the_child_explanations_are_titled_for_parents() {
    let card = sen_funding::engine::RateCard::from_json_str(SHIPPED).unwrap();
    let f = sen_funding::engine::follow::follow_the_child(&card, "SA2", true, rust_decimal::Decimal::ZERO, &[sen_funding::engine::Ay(2026)]);
    assert_eq!(f[1].years[0].explanation.title, "A child in a Specialist Resource Provision (SRP), 2026/27: Element 3 £6,000.00");
}

// --- R11. Looking ahead: pupils move up a year ---------------------------------------------

/// A pupil with a year group (and, optionally, its own start and end dates).
fn in_year(id: &str, setting: &str, band: &str, ehcp: bool, current: &str, yg: &str) -> serde_json::Value {
    with(pupil(id, setting, band, ehcp, current), "year_group", json!(yg))
}

/// A school of no Community whose year groups are recorded as at `as_at` (R11.1), with its
/// last year group where given (R11.3).
fn moving_school(urn: &str, as_at: &str, last: Option<&str>, pupils: Vec<serde_json::Value>) -> serde_json::Value {
    let mut s = with(school(urn, None, pupils), "year_group_as_at", json!(as_at));
    if let Some(l) = last {
        s["last_year_group"] = json!(l);
    }
    s
}

fn year_group_of(r: &serde_json::Value, urn: &str, id: &str, ay: &str) -> serde_json::Value {
    pupil_year(r, urn, id, ay).get("year_group").cloned().unwrap_or(json!("(absent)"))
}

#[test]
fn r11_1_without_year_group_as_at_year_groups_are_as_entered_in_every_ay() {
    // A Year 11 pupil, with no year_group_as_at: in scope in every year (the tariff from
    // 2026/27), and the result gives no year group (R11.4).
    let r = ok(&lone_school(vec![in_year("P1", "mainstream", "SA3", true, "12000", "11")]));
    for ay in ["2026/27", "2027/28", "2028/29"] {
        assert_eq!(summary(pupil_year(&r, "100001", "P1", ay)), (s("tariff"), s("10000.00"), s("12000.00"), vec![]), "{ay}");
        assert_eq!(year_group_of(&r, "100001", "P1", ay), json!("(absent)"));
    }
    // The same school recording year groups as at 2026/27: the Year 11 pupil is in Year 12 in
    // 2027/28, outside the new model (R4.1), and in Year 13 in 2028/29.
    let r = ok(&scenario(vec![], json!({}), vec![moving_school("100001", "2026/27", None, vec![in_year("P1", "mainstream", "SA3", true, "12000", "11")])]));
    assert_eq!(summary(pupil_year(&r, "100001", "P1", "2026/27")), (s("tariff"), s("10000.00"), s("12000.00"), vec![]));
    assert_eq!(summary(pupil_year(&r, "100001", "P1", "2027/28")), (s("out_of_scope"), s("12000.00"), s("12000.00"), vec![]));
    assert_eq!(year_group_of(&r, "100001", "P1", "2028/29"), json!("13"));
}

#[test]
fn r11_2_year_groups_move_along_n1_n2_r_1_to_14_and_r4_1_takes_the_ays() {
    // Year 11 to Year 12 in a special school: the tariff in 2026/27 (SA4, £15,000), outside the
    // new model from 2027/28 (R4.1), so the current E3 (£12,000) again.
    let special = moving_school("200001", "2026/27", None, vec![in_year("S1", "special", "SA4", true, "12000", "11")]);
    // N2 to Reception in a mainstream school: early years (R4.1) in 2026/27, into the model in
    // 2027/28 (R4.8: an EHCP and a tariff band, SA3 £10,000). Back a year in 2025/26 it is N1,
    // and in 2024/25 a place before N1: not yet at school (R11.3).
    let nursery = moving_school("100001", "2026/27", None, vec![in_year("N1", "mainstream", "SA3", true, "4000", "N2")]);
    let r = ok(&scenario(vec![], json!({}), vec![special, nursery]));
    let yg = |urn, id, ay| year_group_of(&r, urn, id, ay);
    assert_eq!(summary(pupil_year(&r, "200001", "S1", "2026/27")), (s("tariff"), s("15000.00"), s("12000.00"), vec![]));
    assert_eq!(summary(pupil_year(&r, "200001", "S1", "2027/28")), (s("out_of_scope"), s("12000.00"), s("12000.00"), vec![]));
    assert_eq!([yg("200001", "S1", "2025/26"), yg("200001", "S1", "2026/27"), yg("200001", "S1", "2027/28")], [json!("10"), json!("11"), json!("12")]);
    // The school's MGL (R8) follows: a gain limited in 2026/27 (cap 12,600: −2,400), none in
    // 2027/28, where the new figure is the current one.
    let y = |ay: &str| school_of(&r, "200001")["years"][ay].clone();
    assert_eq!((y("2026/27")["mgl_adjustment"].clone(), y("2026/27")["direct"].clone()), (json!("-2400.00"), json!("12600.00")));
    assert_eq!((y("2027/28")["mgl_adjustment"].clone(), y("2027/28")["direct"].clone()), (json!("0.00"), json!("12000.00")));
    // Financial years straddle the move: FY 2027-28 is April–August 2027 in Year 11 (tariff
    // £15,000) and September 2027–March 2028 in Year 12 (current £12,000):
    // (5 × 15,000 + 7 × 12,000) / 12 = 13,250.00.
    assert_eq!(pupil_fy(&r, "200001", "S1", "2027-28")["e3"], "13250.00");
    assert_eq!(pupil_fy(&r, "200001", "S1", "2027-28")["current"], "12000.00");
    // FY 2026-27: April–August 2026 in Year 10 (2025/26: current, R4.3) and Sep–Mar on the tariff.
    assert_eq!(pupil_fy(&r, "200001", "S1", "2026-27")["e3"], "13750.00");

    assert_eq!(summary(pupil_year(&r, "100001", "N1", "2026/27")), (s("out_of_scope"), s("4000.00"), s("4000.00"), vec![]));
    assert_eq!(summary(pupil_year(&r, "100001", "N1", "2027/28")), (s("tariff"), s("10000.00"), s("4000.00"), vec![]));
    assert_eq!(
        [yg("100001", "N1", "2025/26"), yg("100001", "N1", "2026/27"), yg("100001", "N1", "2027/28"), yg("100001", "N1", "2028/29")],
        [json!("N1"), json!("N2"), json!("R"), json!("1")]
    );
    assert_eq!(summary(pupil_year(&r, "100001", "N1", "2025/26")), (s("out_of_scope"), s("4000.00"), s("4000.00"), vec![]));
    // 2024/25, a year before N1: not yet at school, so off roll; no year group (null).
    assert_eq!(summary(pupil_year(&r, "100001", "N1", "2024/25")), (s("out_of_scope"), s("0.00"), s("0.00"), vec![]));
    assert_eq!(yg("100001", "N1", "2024/25"), serde_json::Value::Null);
    // FY 2027-28 across the move into Reception: (5 × 4,000 + 7 × 10,000) / 12 = 7,500.00.
    assert_eq!(pupil_fy(&r, "100001", "N1", "2027-28")["e3"], "7500.00");
    // FY 2025-26: April–August 2025 not yet at school, September 2025–March 2026 in N1.
    assert_eq!(pupil_fy(&r, "100001", "N1", "2025-26")["e3"], "2333.33");
}

#[test]
fn r11_2_a_pupil_without_a_year_group_has_none_in_any_ay() {
    let r = ok(&scenario(vec![], json!({}), vec![moving_school("100001", "2026/27", Some("6"), vec![pupil("P1", "mainstream", "SA3", true, "12000")])]));
    for ay in ["2024/25", "2025/26", "2026/27", "2027/28", "2028/29"] {
        assert_eq!(year_group_of(&r, "100001", "P1", ay), json!("(absent)"), "{ay}");
    }
    // On roll throughout, by its own (absent) dates: never leaves.
    assert_eq!(summary(pupil_year(&r, "100001", "P1", "2028/29")), (s("tariff"), s("10000.00"), s("12000.00"), vec![]));
}

#[test]
fn r11_3_a_year_6_leaver_leaves_a_primary_school_and_funding_stops() {
    // Recorded in Year 6 in 2026/27 at a primary school (last year group 6): Year 5 in 2025/26,
    // Year 6 in 2026/27, Year 7 in 2027/28, when it has left.
    let p = in_year("L6", "mainstream", "SA3", true, "12000", "6");
    let r = ok(&scenario(vec![], json!({}), vec![moving_school("100001", "2026/27", Some("6"), vec![p.clone()])]));
    assert_eq!(summary(pupil_year(&r, "100001", "L6", "2025/26")), (s("protected_ehcp"), s("12000.00"), s("12000.00"), vec![]));
    assert_eq!(summary(pupil_year(&r, "100001", "L6", "2026/27")), (s("tariff"), s("10000.00"), s("12000.00"), vec![]));
    assert_eq!(summary(pupil_year(&r, "100001", "L6", "2027/28")), (s("tariff"), s("0.00"), s("0.00"), vec![]));
    assert_eq!(summary(pupil_year(&r, "100001", "L6", "2028/29")), (s("tariff"), s("0.00"), s("0.00"), vec![]));
    assert_eq!(year_group_of(&r, "100001", "L6", "2027/28"), json!("7"));
    assert_eq!(school_of(&r, "100001")["years"]["2027/28"]["direct"], "0.00");
    // Across the September it leaves: FY 2027-28 is April–August 2027 in Year 6 on the tariff,
    // then nothing: 5 × 10,000 / 12 = 4,166.67 (current 5 × 12,000 / 12 = 5,000.00).
    assert_eq!(pupil_fy(&r, "100001", "L6", "2027-28")["e3"], "4166.67");
    assert_eq!(pupil_fy(&r, "100001", "L6", "2027-28")["current"], "5000.00");
    // FY 2026-27: April–August 2026 protected (5 × 12,000) and Sep–Mar tariff (7 × 10,000).
    assert_eq!(pupil_fy(&r, "100001", "L6", "2026-27")["e3"], "10833.33");
    assert_eq!(pupil_fy(&r, "100001", "L6", "2028-29")["e3"], "0.00");
    // "As if its end fell before the year" (R7.1, R7.2): the same figures, year by year, as the
    // pupil without R11 and with an end date of 31 August 2027.
    let ended = ok(&lone_school(vec![with(p, "end", json!("2027-08-31"))]));
    let strip = |v: &serde_json::Value| {
        let mut v = v.clone();
        for y in v["years"].as_object_mut().unwrap().values_mut() {
            y.as_object_mut().unwrap().remove("year_group");
        }
        v
    };
    assert_eq!(strip(&school_of(&r, "100001")["pupils"][0]), school_of(&ended, "100001")["pupils"][0]);
    assert_eq!(school_of(&r, "100001")["years"], school_of(&ended, "100001")["years"]);
    assert_eq!(school_of(&r, "100001")["financial_years"], school_of(&ended, "100001")["financial_years"]);
}

#[test]
fn r11_3_past_year_14_and_before_n1_a_pupil_is_off_roll() {
    let sch = moving_school(
        "100001",
        "2026/27",
        None,
        vec![in_year("Y14", "mainstream", "S", false, "5000", "14"), in_year("Y13", "special", "SA2", true, "7000", "13")],
    );
    let r = ok(&scenario(vec![], json!({}), vec![sch]));
    // Year 14 in 2026/27 (outside the new model: current E3), left after it in 2027/28.
    assert_eq!(summary(pupil_year(&r, "100001", "Y14", "2026/27")), (s("out_of_scope"), s("5000.00"), s("5000.00"), vec![]));
    assert_eq!(summary(pupil_year(&r, "100001", "Y14", "2027/28")), (s("out_of_scope"), s("0.00"), s("0.00"), vec![]));
    assert_eq!(year_group_of(&r, "100001", "Y14", "2027/28"), serde_json::Value::Null);
    // Year 13 → 14 in 2027/28 (on roll), left in 2028/29.
    assert_eq!(summary(pupil_year(&r, "100001", "Y13", "2027/28")), (s("out_of_scope"), s("7000.00"), s("7000.00"), vec![]));
    assert_eq!(summary(pupil_year(&r, "100001", "Y13", "2028/29")), (s("out_of_scope"), s("0.00"), s("0.00"), vec![]));
    // FY 2028-29: April–August 2028 in Year 14, then gone: 5 × 7,000 / 12 = 2,916.67.
    assert_eq!(pupil_fy(&r, "100001", "Y13", "2028-29")["e3"], "2916.67");
}

#[test]
fn r11_3_own_start_and_end_still_apply_in_the_years_on_roll() {
    let sch = moving_school(
        "100001",
        "2026/27",
        Some("6"),
        vec![
            // Leaves on 31 March 2027, before it would have left after Year 6.
            with(in_year("EARLY", "mainstream", "SA3", true, "12000", "6"), "end", json!("2027-03-31")),
            // An end date after it has left changes nothing: R11.3 takes it off roll for 2027/28.
            with(in_year("LATE", "mainstream", "SA3", true, "12000", "6"), "end", json!("2028-07-31")),
            // Joins on 10 January 2027 in Year 5: Jan–Aug of 2026/27, all of 2027/28 (Year 6), gone in 2028/29.
            with(in_year("JOINS", "mainstream", "SA3", true, "12000", "5"), "start", json!("2027-01-10")),
        ],
    );
    let r = ok(&scenario(vec![], json!({}), vec![sch]));
    // Sep–Mar: 7 × 10,000 / 12 = 5,833.33.
    assert_eq!(summary(pupil_year(&r, "100001", "EARLY", "2026/27")), (s("tariff"), s("5833.33"), s("7000.00"), vec![]));
    assert_eq!(pupil_year(&r, "100001", "EARLY", "2027/28")["e3"], "0.00");
    assert_eq!(pupil_year(&r, "100001", "LATE", "2026/27")["e3"], "10000.00");
    assert_eq!(summary(pupil_year(&r, "100001", "LATE", "2027/28")), (s("tariff"), s("0.00"), s("0.00"), vec![]));
    // Jan–Aug: 8 × 10,000 / 12 = 6,666.67.
    assert_eq!(pupil_year(&r, "100001", "JOINS", "2026/27")["e3"], "6666.67");
    assert_eq!(pupil_year(&r, "100001", "JOINS", "2027/28")["e3"], "10000.00");
    assert_eq!(pupil_year(&r, "100001", "JOINS", "2028/29")["e3"], "0.00");
    assert_eq!(year_group_of(&r, "100001", "JOINS", "2028/29"), json!("7"));
}

#[test]
fn r11_3_a_pupil_recorded_after_the_last_year_group_is_off_roll_from_then_on() {
    // Reading: a Year 8 pupil recorded at a school whose last year group is 6 has left in every
    // AY from the record on; two years earlier it was in Year 6, on roll.
    let r = ok(&scenario(vec![], json!({}), vec![moving_school("100001", "2026/27", Some("6"), vec![in_year("P8", "mainstream", "S", false, "3000", "8")])]));
    assert_eq!((year_group_of(&r, "100001", "P8", "2024/25"), pupil_year(&r, "100001", "P8", "2024/25")["e3"].clone()), (json!("6"), json!("3000.00")));
    for ay in ["2025/26", "2026/27", "2027/28"] {
        assert_eq!(pupil_year(&r, "100001", "P8", ay)["current"], "0.00", "{ay}");
    }
}

#[test]
fn r11_3_input_errors_have_their_paths() {
    let mut sc = scenario(
        vec![],
        json!({}),
        vec![
            with(school("100001", None, vec![]), "last_year_group", json!("6")),
            with(with(school("100002", None, vec![]), "year_group_as_at", json!("2026")), "last_year_group", json!("Year 6")),
            with(school("100003", None, vec![]), "year_group_as_at", json!("2026/28")),
        ],
    );
    let errs = errors(&sc);
    assert_eq!(
        errs,
        vec![
            "schools[0].last_year_group: needs year_group_as_at: give the academic year the pupils' year groups are recorded in, e.g. \"2026/27\", or leave last_year_group out (R11.3)",
            "schools[1].year_group_as_at: must be an academic year like 2025/26 (got \"2026\")",
            "schools[1].last_year_group: must be N1, N2, R or a year from 1 to 14 (got \"Year 6\")",
            "schools[2].year_group_as_at: 2026/28 is not an academic year: 2026/27 follows 2026",
        ]
    );
    // Typed paths (R10.5): the school and the field, without reading the text.
    let e = run(&sc).unwrap_err();
    assert_eq!((e[0].path.index_after("schools"), e[0].path.last_key()), (Some(0), Some("last_year_group")));
    assert_eq!((e[3].path.index_after("schools"), e[3].path.last_key()), (Some(2), Some("year_group_as_at")));
    // Spelled as a pupil's year_group is (R2.1): N1, N2, R, 1 … 14, numbers read as their text.
    sc["schools"] =
        json!([moving_school("100001", "2026/27", Some("R"), vec![]), with(moving_school("100002", "2026/27", None, vec![]), "last_year_group", json!(11))]);
    ok(&sc);
}

#[test]
fn r11_4_the_result_gives_each_ays_year_group_and_explanations_say_what_r11_changed() {
    use sen_funding::engine::{calculate, explanations, Ay, Fy, Scenario};
    let sch = moving_school(
        "100001",
        "2026/27",
        Some("6"),
        vec![
            in_year("L6", "mainstream", "SA3", true, "12000", "6"),
            in_year("N2", "mainstream", "SA3", true, "4000", "N2"),
            pupil("NONE", "mainstream", "S", false, "0"),
        ],
    );
    let sc = scenario(vec![], json!({}), vec![sch, school("100002", None, vec![in_year("P1", "mainstream", "S", false, "0", "6")])]);
    let r = ok(&sc);
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(pupil_year(&r, "100001", "L6", "2027/28")), vec!["route", "e3", "current", "flags", "year_group"]);
    // No year group without year_group_as_at, or without the pupil's year group.
    assert_eq!(keys(pupil_year(&r, "100002", "P1", "2027/28")), vec!["route", "e3", "current", "flags"]);
    assert_eq!(keys(pupil_year(&r, "100001", "NONE", "2027/28")), vec!["route", "e3", "current", "flags"]);

    let s = Scenario::from_value(&sc, &mut |_| Err("inline".into())).unwrap();
    let out = calculate(&s);
    let text = |e: Option<sen_funding::engine::Explanation>| e.unwrap().to_text();
    let left = text(explanations::pupil_year(&s, &out, 0, 0, Ay(2027)));
    assert!(
        left.contains("R11.2: Year groups are recorded as at 2026/27: Year 6 in 2026/27 is Year 7 in 2027/28 (moved up 1 year along N1, N2, R, 1 … 14)."),
        "{left}"
    );
    assert!(left.contains("R11.3: In Year 7 in 2027/28: left the school after Year 6, so the pupil is off roll for the whole of 2027/28"), "{left}");
    assert!(!left.contains("R7.1:"), "{left}");
    // Moved into the model (R4.1), and not yet at school.
    let into = text(explanations::pupil_year(&s, &out, 0, 1, Ay(2027)));
    assert!(
        into.contains("R4.1: Year group R in 2027/28 is within Reception to Year 11 (recorded as N2 in 2026/27): moved into the new model by R11.2"),
        "{into}"
    );
    let before = text(explanations::pupil_year(&s, &out, 0, 1, Ay(2024)));
    assert!(before.contains("R11.3: In 2024/25 the pupil would be 1 place before Nursery 1 (N1): not yet at school"), "{before}");
    // The FY across the September it leaves: each part with its own AY's year group.
    let fy = text(explanations::pupil_fy(&s, &out, 0, 0, Fy(2027)));
    assert!(fy.contains("April–August 2026/27 (Year 6): route tariff"), "{fy}");
    assert!(fy.contains("R11.3: September–March 2027/28: in Year 7 in 2027/28: left the school after Year 6"), "{fy}");
    assert!(fy.contains("= £4,166.67"), "{fy}");
    // The school's figure says how many pupils R11.3 took off roll.
    let school = text(explanations::school_year(&s, &out, 0, Ay(2027)));
    assert!(school.contains("R11.3: Year groups are recorded as at 2026/27 and move up a year each September (R11.2): in 2027/28 1 pupil is off roll for the whole year (1 left the school after Year 6)"), "{school}");
    // A school without year_group_as_at: no R11 step.
    assert!(!text(explanations::school_year(&s, &out, 1, Ay(2027))).contains("R11"));
    assert!(!text(explanations::pupil_year(&s, &out, 1, 0, Ay(2027))).contains("R11"));
}

#[test]
fn r11_5_the_county_follows_moved_year_groups() {
    use sen_funding::engine::whatif::{self, Period};
    use sen_funding::engine::{calculate, Ay, Scenario};
    // Recorded as at 2024/25: a Year 6 pupil with an SEN Support claim has left its primary school
    // by the community AY 2025/26, so nothing of it is committed (R5.7); a Year 5 pupil is in
    // Year 6 then, protected at 50% (R6.2).
    let pupils = vec![in_year("GONE", "mainstream", "S", false, "8000", "6"), in_year("STAYS", "mainstream", "S", false, "3000", "5")];
    let mut sch = with(school("100001", Some("C1"), pupils), "year_group_as_at", json!("2024/25"));
    sch["last_year_group"] = json!("6");
    let mut sc = two_communities(json!({"2025/26": "1020000"}));
    sc["schools"] = json!([sch]);
    let r = ok(&sc);
    assert_eq!(community_year(&r, "C1", "2025/26")["committed"], "1500.00");
    assert_eq!(community_year(&r, "C1", "2025/26")["discretionary"], "686000.00");
    // Without R11 both would be protected: 4,000 + 1,500.
    let mut plain = sc.clone();
    plain["schools"][0].as_object_mut().unwrap().remove("year_group_as_at");
    plain["schools"][0].as_object_mut().unwrap().remove("last_year_group");
    assert_eq!(community_year(&ok(&plain), "C1", "2025/26")["committed"], "5500.00");
    // Options A–D county-wide and winners and losers follow too.
    let s = Scenario::from_value(&sc, &mut |_| Err("inline".into())).unwrap();
    let out = calculate(&s);
    let opts = whatif::protection_options_county(&s, &out).unwrap();
    // A 0; B 50% of 3,000; C nothing above £6,000 on roll; D 3/12 of 3,000.
    assert_eq!(opts.iter().map(|o| o.committed).collect::<Vec<_>>(), vec![0, 150_000, 0, 75_000]);
    let wl = whatif::against_current(&s, &out, Period::Ay(Ay(2025))).unwrap();
    // Direct 1,500.00 against a current 3,000.00 (the leaver counts in neither).
    assert_eq!((wl.schools[0].figure, wl.schools[0].reference, wl.lose), (150_000, 300_000, 1));
}
