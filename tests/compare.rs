//! What-if against a baseline (R10.6), the published rate cards (R10.7), the county's
//! winners and losers, the options A–D county-wide and the five-point range. Every figure is
//! checked against the R10.4 result of `calculate` on each side (or `sen-funding calc`), and a
//! few by hand.

mod common;

use common::*;
use rust_decimal::Decimal;
use sen_funding::engine::compare::{compare, Computed};
use sen_funding::engine::ratecard::ProtectionOption;
use sen_funding::engine::ratecard_index::{check_card, RateCardIndex};
use sen_funding::engine::whatif::{self, Bin, Movement, Param, Period};
use sen_funding::engine::{calculate, Ay, Fy, RateCard, Scenario};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::process::Command;
use std::str::FromStr;

const HIGH: &str = include_str!("../www/ratecards/kent-illustrative-2025-high.json");
const INDEX: &str = include_str!("../www/ratecards/index.json");
const RATECARDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www/ratecards");

fn scen(v: &Value) -> Scenario {
    Scenario::from_json_str(&v.to_string(), &mut |_| Err("no files".into())).unwrap_or_else(|e| panic!("{e:?}"))
}

/// The engine's R10.6 JSON for two scenario documents.
fn compare_json(base: &Value, what_if: &Value) -> Value {
    let (b, w) = (scen(base), scen(what_if));
    let (bo, wo) = (calculate(&b), calculate(&w));
    compare(Computed::new(&b, &bo), Computed::new(&w, &wo)).to_json()
}

fn dec(v: &Value) -> Option<Decimal> {
    v.as_str().map(|s| Decimal::from_str(s).unwrap())
}

/// A money string of R10.4 (`-12.30`) for an exact decimal.
fn money(d: Decimal) -> String {
    let mut r = d;
    r.rescale(2);
    if r.is_zero() {
        "0.00".into()
    } else {
        r.to_string()
    }
}

/// Checks every `D` of a comparison against the two R10.4 results, computed separately:
/// `base` and `what_if` as each result has them (null where it has none), `change` their exact
/// difference. Also checks the R10.6 order and keys. Returns how many figures were checked.
fn check_against_calc(cmp: &Value, base: &Value, what_if: &Value) -> usize {
    let (rb, rw) = (ok(base), ok(what_if));
    let mut checked = 0;
    let mut check_d = |d: &Value, b: Option<&Value>, w: Option<&Value>, what: &str| {
        let b = b.filter(|v| !v.is_null());
        let w = w.filter(|v| !v.is_null());
        assert_eq!(d["base"].as_str(), b.and_then(Value::as_str), "{what} base");
        assert_eq!(d["what_if"].as_str(), w.and_then(Value::as_str), "{what} what_if");
        let change = match (b.and_then(dec), w.and_then(dec)) {
            (Some(b), Some(w)) => Some(money(w - b)),
            _ => None,
        };
        assert_eq!(d["change"].as_str().map(str::to_string), change, "{what} change");
        checked += 1;
    };
    // Schools: the base's order, then those only in the what-if.
    let urns = |r: &Value| r["schools"].as_array().unwrap().iter().map(|s| s["urn"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    let mut order = urns(&rb);
    order.extend(urns(&rw).into_iter().filter(|u| !urns(&rb).contains(u)));
    assert_eq!(urns(cmp), order);
    let keys = |r: &Value, list: &str, field: &str| -> BTreeSet<String> {
        r[list].as_array().unwrap().iter().flat_map(|s| s[field].as_object().unwrap().keys().cloned().collect::<Vec<_>>()).collect()
    };
    let school = |r: &Value, urn: &str| r["schools"].as_array().unwrap().iter().find(|s| s["urn"] == urn).cloned();
    for s in cmp["schools"].as_array().unwrap() {
        let urn = s["urn"].as_str().unwrap();
        let (sb, sw) = (school(&rb, urn), school(&rw, urn));
        // Years: the union of both, in order.
        let years: Vec<String> = keys(&rb, "schools", "years").union(&keys(&rw, "schools", "years")).cloned().collect();
        assert_eq!(s["years"].as_object().unwrap().keys().cloned().collect::<Vec<_>>(), years, "{urn} years");
        for (y, figs) in s["years"].as_object().unwrap() {
            for f in ["direct", "mgl_adjustment", "current", "community_indicative"] {
                check_d(&figs[f], sb.as_ref().map(|x| &x["years"][y][f]), sw.as_ref().map(|x| &x["years"][y][f]), &format!("{urn} {y} {f}"));
            }
        }
        let fys: Vec<String> = keys(&rb, "schools", "financial_years").union(&keys(&rw, "schools", "financial_years")).cloned().collect();
        assert_eq!(s["financial_years"].as_object().unwrap().keys().cloned().collect::<Vec<_>>(), fys, "{urn} FYs");
        for (y, figs) in s["financial_years"].as_object().unwrap() {
            for f in ["direct", "current"] {
                check_d(
                    &figs[f],
                    sb.as_ref().map(|x| &x["financial_years"][y][f]),
                    sw.as_ref().map(|x| &x["financial_years"][y][f]),
                    &format!("{urn} {y} {f}"),
                );
            }
        }
    }
    let community = |r: &Value, id: &str| r["communities"].as_array().unwrap().iter().find(|c| c["id"] == id).cloned();
    let ids = |r: &Value| r["communities"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    let mut corder = ids(&rb);
    corder.extend(ids(&rw).into_iter().filter(|u| !ids(&rb).contains(u)));
    assert_eq!(ids(cmp), corder);
    for c in cmp["communities"].as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        let (cb, cw) = (community(&rb, id), community(&rw, id));
        for (y, figs) in c["years"].as_object().unwrap() {
            for f in ["net", "gross", "committed", "discretionary"] {
                check_d(&figs[f], cb.as_ref().map(|x| &x["years"][y][f]), cw.as_ref().map(|x| &x["years"][y][f]), &format!("{id} {y} {f}"));
            }
        }
    }
    checked
}

fn ind() -> Value {
    indicators(1000, [10, 20, 30, 40, 50, 60], 5, 100)
}

/// Two Communities and three schools: every route, an SRP and a special school under MGL, and
/// a school with no Community.
fn base_scenario(card: Value) -> Value {
    json!({
        "rate_card": card,
        "pots": {"2025/26": "1020000", "2026/27": "1020000", "2027/28": "1020000"},
        "communities": [community("C1", "300000", ind()), community("C2", "100000", ind())],
        "schools": [
            with(school("100001", Some("C1"), vec![
                pupil("P1", "mainstream", "SA3", true, "12000"),
                pupil("P2", "mainstream", "S", false, "8000"),
                pupil("P3", "srp", "SA4", true, "9000"),
            ]), "indicators", indicators(500, [5, 10, 15, 20, 25, 30], 0, 50)),
            school("100002", Some("C2"), vec![pupil("Q1", "mainstream", "W", true, "5000"), pupil("Q2", "mainstream", "SA5", true, "20000")]),
            school("200001", None, vec![pupil("S1", "special", "SA3", true, "12000"), pupil("S2", "special", "SA2", true, "7000")]),
        ]
    })
}

fn card_with(f: impl FnOnce(&mut Value)) -> Value {
    let mut c = card();
    c["id"] = json!("what-if");
    f(&mut c);
    c
}

fn result_school<'a>(r: &'a Value, urn: &str) -> &'a Value {
    school_of(r, urn)
}

#[test]
fn r10_6_band_rates_differ() {
    let base = base_scenario(card());
    // SA3 £10,000 → £11,000.
    let wi = base_scenario(card_with(|c| c["bands"][5]["rate"] = json!("11000")));
    let cmp = compare_json(&base, &wi);
    assert!(check_against_calc(&cmp, &base, &wi) > 100);
    assert_eq!(cmp["base"], json!({"id": "kent-illustrative-2025", "status": "illustrative"}));
    assert_eq!(cmp["what_if"], json!({"id": "what-if", "status": "illustrative"}));
    // By hand: P1 (mainstream SA3 with an EHCP) is on the tariff from 2026/27: +£1,000 a year;
    // nothing moves before the tariff AY.
    let d = &cmp["schools"][0]["years"]["2026/27"]["direct"];
    assert_eq!(d["change"], "1000.00");
    assert_eq!(cmp["schools"][0]["years"]["2025/26"]["direct"]["change"], "0.00");
    // FY 2026-27 holds Sep–Mar of 2026/27, each side rounded once (R7.2): 7/12 of £11,000 =
    // £6,416.67 against 7/12 of £10,000 = £5,833.33, so P1 moves by £583.34.
    let rb = ok(&base);
    let rw = ok(&wi);
    let p1 = |r: &Value| dec(&pupil_fy(r, "100001", "P1", "2026-27")["e3"]).unwrap();
    assert_eq!(p1(&rw) - p1(&rb), Decimal::from_str("583.34").unwrap());
    // The special school: current C = £12,000 + £7,000; tariffs N = £10,000 + £6,000, then
    // £11,000 + £6,000, both below the MGL floor C × 0.95 = £18,050 (R8.2). So direct stays at
    // the floor and the protecting adjustment shrinks by the £1,000: £2,050 → £1,050.
    let s = &cmp["schools"][2]["years"]["2026/27"];
    assert_eq!(s["direct"], json!({"base": "18050.00", "what_if": "18050.00", "change": "0.00"}));
    assert_eq!(s["mgl_adjustment"], json!({"base": "2050.00", "what_if": "1050.00", "change": "-1000.00"}));
    assert_eq!(dec(&result_school(&rw, "200001")["years"]["2026/27"]["mgl_adjustment"]), Some(Decimal::from(1050)));
}

#[test]
fn r10_6_protection_differs() {
    let base = base_scenario(card());
    let wi = base_scenario(serde_json::from_str(HIGH).unwrap()); // protection 0.75, tariffs +10%
    let cmp = compare_json(&base, &wi);
    check_against_calc(&cmp, &base, &wi);
    // By hand: P2 (SEN Support, £8,000, Community C1 on the default B) is protected at 50% then
    // 75% in 2025/26: £4,000 → £6,000. C1 commits £2,000 more and has £2,000 less to decide.
    let y = &cmp["schools"][0]["years"]["2025/26"]["direct"];
    assert_eq!(y["change"], "2000.00");
    let c1 = &cmp["communities"][0]["years"]["2025/26"];
    assert_eq!(c1["committed"], json!({"base": "4000.00", "what_if": "6000.00", "change": "2000.00"}));
    assert_eq!(c1["discretionary"]["change"], "-2000.00");
    assert_eq!(c1["net"]["change"], "0.00");
}

#[test]
fn r10_6_topslice_differs() {
    let base = base_scenario(card());
    let wi = base_scenario(card_with(|c| c["community"]["topslice_per_community"] = json!("20000")));
    let cmp = compare_json(&base, &wi);
    check_against_calc(&cmp, &base, &wi);
    // By hand: two Communities × £10,000 more top-slice: £20,000 less to distribute (R5.1), but
    // the gross (net + top-slice) still adds up to the pot.
    for y in ["2025/26", "2026/27", "2027/28"] {
        let sum = |f: &str, side: &str| -> Decimal { cmp["communities"].as_array().unwrap().iter().map(|c| dec(&c["years"][y][f][side]).unwrap()).sum() };
        assert_eq!(sum("net", "change"), Decimal::from(-20000), "{y}");
        assert_eq!(sum("gross", "change"), Decimal::ZERO, "{y}");
        assert_eq!(sum("gross", "what_if"), Decimal::from(1020000), "{y}");
    }
}

#[test]
fn r10_6_a_school_missing_on_one_side_and_years_differ() {
    let base = base_scenario(card());
    let mut wi = base_scenario(serde_json::from_str(HIGH).unwrap());
    // The what-if drops 100002, adds 300001 and C3, and models fewer years.
    let schools = wi["schools"].as_array_mut().unwrap();
    schools.remove(1);
    schools.insert(0, school("300001", Some("C3"), vec![pupil("N1", "mainstream", "SA1", true, "2000")]));
    wi["communities"].as_array_mut().unwrap().push(community("C3", "50000", ind()));
    wi["years"] = json!(["2025/26", "2026/27", "2027/28", "2028/29", "2029/30"]);
    wi["pots"]["2028/29"] = json!("1500000");
    let cmp = compare_json(&base, &wi);
    check_against_calc(&cmp, &base, &wi);
    let urns: Vec<&str> = cmp["schools"].as_array().unwrap().iter().map(|s| s["urn"].as_str().unwrap()).collect();
    assert_eq!(urns, ["100001", "100002", "200001", "300001"]);
    let gone = &cmp["schools"][1]["years"]["2026/27"]["direct"];
    assert!(gone["base"].is_string() && gone["what_if"].is_null() && gone["change"].is_null());
    let new = &cmp["schools"][3]["years"]["2026/27"]["direct"];
    // SA1 on the high card: £3,000 + 10%.
    assert_eq!(new, &json!({"base": null, "what_if": "3300.00", "change": null}));
    // Years: the union, in order; 2024/25 only in the base, 2029/30 only in the what-if.
    let years: Vec<&String> = cmp["schools"][0]["years"].as_object().unwrap().keys().collect();
    assert_eq!(years, ["2024/25", "2025/26", "2026/27", "2027/28", "2028/29", "2029/30"]);
    assert!(cmp["schools"][0]["years"]["2024/25"]["direct"]["what_if"].is_null());
    assert!(cmp["schools"][0]["years"]["2029/30"]["direct"]["base"].is_null());
    let fys: Vec<&String> = cmp["schools"][0]["financial_years"].as_object().unwrap().keys().collect();
    assert_eq!(fys, ["2025-26", "2026-27", "2027-28", "2028-29", "2029-30"]);
    // Communities: C1, C2, then C3; 2028/29 has a pot only in the what-if.
    let ids: Vec<&str> = cmp["communities"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["C1", "C2", "C3"]);
    assert!(cmp["communities"][0]["years"]["2028/29"]["net"]["base"].is_null());
    assert!(cmp["communities"][2]["years"]["2025/26"]["net"]["base"].is_null());
}

// ---- the command line ---------------------------------------------------------------------

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sen-funding"))
}

fn temp(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("sen-funding-compare-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn cli_compare_prints_r10_6_json_and_csv() {
    let base = base_scenario(card());
    let mut wi = base_scenario(card_with(|c| c["protection"]["rate"] = json!("0.6")));
    // A URN that a spreadsheet would run as a formula.
    wi["schools"][2]["urn"] = json!("=1+2");
    let (bp, wp) = (temp("base.json", &base.to_string()), temp("what-if.json", &wi.to_string()));
    let o = bin().args(["compare", &bp, &wp]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stderr.is_empty());
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v, compare_json(&base, &wi));
    check_against_calc(&v, &base, &wi);

    let o = bin().args(["compare", &bp, &wp, "--csv"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    // The one CSV writer: a byte order mark for Excel, CRLF line ends.
    let body = o.stdout.strip_prefix("\u{feff}".as_bytes()).expect("UTF-8 BOM");
    assert!(String::from_utf8_lossy(body).lines().next().unwrap() == "urn,period,figure,base,what_if,change" && body.ends_with(b"\r\n"));
    let mut r = csv::Reader::from_reader(body);
    assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), ["urn", "period", "figure", "base", "what_if", "change"]);
    let rows: Vec<Vec<String>> = r.records().map(|x| x.unwrap().iter().map(str::to_string).collect()).collect();
    // 4 schools (200001 only in the base, =1+2 only in the what-if) × (5 AYs × 4 + 4 FYs × 2).
    assert_eq!(rows.len(), 4 * (5 * 4 + 4 * 2));
    // Every row equals the JSON's figure.
    for row in &rows {
        let urn = row[0].strip_prefix('\'').unwrap_or(&row[0]);
        let s = v["schools"].as_array().unwrap().iter().find(|s| s["urn"] == urn).unwrap();
        let key = if row[1].contains('/') { "years" } else { "financial_years" };
        let d = &s[key][&row[1]][&row[2]];
        for (i, side) in [(3, "base"), (4, "what_if"), (5, "change")] {
            assert_eq!(row[i], d[side].as_str().unwrap_or(""), "{row:?}");
        }
    }
    // By hand: P1's protected £12,000 and P3's current £9,000, with P2's £8,000 protected at
    // 50% then 60% in 2025/26: £25,000 → £25,800.
    assert!(rows.contains(&["100001", "2025/26", "direct", "25000.00", "25800.00", "800.00"].map(String::from).to_vec()));
    // Negative money stays a number; the formula-like URN is neutralised.
    assert!(rows.iter().any(|r| r[5].starts_with('-')));
    assert!(rows.iter().any(|r| r[0] == "'=1+2"));
    assert!(!String::from_utf8_lossy(body).lines().any(|l| l.starts_with('=')));
}

#[test]
fn cli_compare_reports_errors_of_both_files_with_prefixes() {
    let mut base = base_scenario(card());
    base["schools"][0]["pupils"][0]["band"] = json!("SA9");
    base["schools"][1]["pupils"][1]["current_e3"] = json!("10.005");
    let (bp, wp) = (temp("bad-base.json", &base.to_string()), temp("bad-what-if.json", "{ not json"));
    let o = bin().args(["compare", &bp, &wp]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert_eq!(lines[0], "base:schools[0].pupils[0].band: unknown band \"SA9\" (known: U, S, W, SA1, SA2, SA3, SA4, SA5)");
    assert!(lines[1].starts_with("base:schools[1].pupils[1].current_e3: must be an amount"), "{}", lines[1]);
    assert!(lines[2].starts_with("what_if: the scenario is not valid JSON"), "{}", lines[2]);
    // A usage error: exit 2, nothing on stdout.
    let o = bin().args(["compare", &bp]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty() && String::from_utf8_lossy(&o.stderr).contains("WHAT_IF.json"));
    // A missing file is an input error too, under its side.
    let o = bin().args(["compare", &wp.replace("bad-what-if", "missing"), &bp]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.lines().next().unwrap().starts_with("base: cannot read the scenario"), "{err}");
    assert!(err.lines().skip(1).all(|l| l.starts_with("what_if:schools")), "{err}");
}

// ---- winners and losers --------------------------------------------------------------------

/// A small generated county, written by `sen-funding generate`, and its what-if under the high
/// card; both calculated by `sen-funding calc`.
#[test]
fn winners_and_losers_equal_a_count_from_sen_funding_calc() {
    let o = bin().args(["generate", "--communities", "4", "--schools", "30", "--pupils", "900", "--seed", "7"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let mut gen: Value = serde_json::from_slice(&o.stdout).unwrap();
    gen["rate_card_path"] = json!(format!("{RATECARDS}/kent-illustrative-2025.json"));
    let mut wi = gen.clone();
    wi["rate_card_path"] = json!(format!("{RATECARDS}/kent-illustrative-2025-high.json"));
    let (bp, wp) = (temp("gen-base.json", &gen.to_string()), temp("gen-what-if.json", &wi.to_string()));
    let calc = |p: &str| -> Value {
        let o = bin().args(["calc", p, "--compact"]).output().unwrap();
        assert_eq!(o.status.code(), Some(0));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let (rb, rw) = (calc(&bp), calc(&wp));
    let read = |p: &str| Scenario::from_json_str(&std::fs::read_to_string(p).unwrap(), &mut |f| std::fs::read_to_string(f).map_err(|e| e.to_string())).unwrap();
    let (b, w) = (read(&bp), read(&wp));
    let (bo, wo) = (calculate(&b), calculate(&w));
    let mut saw_movement = false;
    for (period, key, y) in
        [(Period::Ay(Ay(2025)), "years", "2025/26"), (Period::Ay(Ay(2026)), "years", "2026/27"), (Period::Fy(Fy(2027)), "financial_years", "2027-28")]
    {
        // Against the current systems, from the what-if's own result.
        let mut counts = [0usize; 3];
        for s in rw["schools"].as_array().unwrap() {
            let (d, c) = (dec(&s[key][y]["direct"]).unwrap(), dec(&s[key][y]["current"]).unwrap());
            counts[if d > c {
                0
            } else if d < c {
                1
            } else {
                2
            }] += 1;
        }
        let wl = whatif::against_current(&w, &wo, period).unwrap();
        assert_eq!([wl.gain, wl.lose, wl.unchanged], counts, "{y} against current");
        assert_eq!(wl.distribution.iter().map(|(_, n)| n).sum::<usize>(), 30);
        // Against the baseline, from both results.
        let mut counts = [0usize; 3];
        for (sb, sw) in rb["schools"].as_array().unwrap().iter().zip(rw["schools"].as_array().unwrap()) {
            let (d0, d1) = (dec(&sb[key][y]["direct"]).unwrap(), dec(&sw[key][y]["direct"]).unwrap());
            counts[if d1 > d0 {
                0
            } else if d1 < d0 {
                1
            } else {
                2
            }] += 1;
        }
        let wl = whatif::against_baseline(Computed::new(&w, &wo), Computed::new(&b, &bo), period).unwrap();
        assert_eq!([wl.gain, wl.lose, wl.unchanged], counts, "{y} against the baseline");
        saw_movement |= counts[0] > 0;
        // Each school's % is its change over the baseline, and its bin holds it.
        for sc in &wl.schools {
            assert_eq!(sc.movement() == Movement::Unchanged, sc.bin() == Bin::NoChange);
            if let (Some(p), Bin::Range(lo)) = (sc.percent_dp(6), sc.bin()) {
                assert!(p >= Decimal::from(lo) && p <= Decimal::from(lo + 5), "{p} in {lo}");
            }
        }
    }
    assert!(saw_movement, "the high card must move some schools");
    assert!(whatif::against_current(&w, &wo, Period::Ay(Ay(2035))).is_none());
}

#[test]
fn winners_and_losers_skip_schools_missing_from_the_baseline() {
    let base = base_scenario(card());
    let mut wi = base_scenario(serde_json::from_str(HIGH).unwrap());
    wi["schools"][1]["urn"] = json!("999999");
    let (b, w) = (scen(&base), scen(&wi));
    let (bo, wo) = (calculate(&b), calculate(&w));
    let wl = whatif::against_baseline(Computed::new(&w, &wo), Computed::new(&b, &bo), Period::Ay(Ay(2026))).unwrap();
    assert_eq!(wl.not_compared, ["999999"]);
    assert_eq!(wl.schools.len(), 2);
    // 100001 gains £1,000 on P1 (SA3 £10,000 → £11,000); 200001 stays at its MGL floor
    // (£18,050 on both cards): one gain, one unchanged.
    assert_eq!((wl.gain, wl.lose, wl.unchanged), (1, 0, 1));
}

// ---- options A–D county-wide ---------------------------------------------------------------

#[test]
fn options_a_to_d_county_wide_equal_a_calculation_with_each_option() {
    let base = base_scenario(card());
    let s = scen(&base);
    let out = calculate(&s);
    let costs = whatif::protection_options_county(&s, &out).unwrap();
    assert_eq!(costs.iter().map(|c| c.option).collect::<Vec<_>>(), ProtectionOption::ALL);
    for cost in &costs {
        // The same scenario with every Community (and the default) on this option.
        let mut v = base.clone();
        v["rate_card"]["protection"]["option"] = json!(cost.option.as_str());
        for c in v["communities"].as_array_mut().unwrap() {
            c["protection"] = json!(cost.option.as_str());
        }
        let r = ok(&v);
        for oc in &cost.communities {
            let y = community_year(&r, &oc.id, "2025/26");
            assert_eq!(money(Decimal::new(oc.committed, 2)), y["committed"].as_str().unwrap(), "{:?} {}", cost.option, oc.id);
            assert_eq!(money(Decimal::new(oc.discretionary.unwrap(), 2)), y["discretionary"].as_str().unwrap());
            assert_eq!(money(Decimal::new(oc.net.unwrap(), 2)), y["net"].as_str().unwrap());
        }
        assert_eq!(cost.committed, cost.communities.iter().map(|c| c.committed).sum::<i64>());
        assert_eq!(cost.net, Some(pence(1020000) - 2 * pence(10000)));
    }
    // By hand: C1 holds P2 (SEN Support £8,000). A: £0; B at 50%: £4,000; C: £8,000 (above
    // £6,000, no EHCP); D: 3 months, £2,000. C2's Q1 has an EHCP at £5,000: B £2,500, C £0.
    let c1: Vec<i64> = costs.iter().map(|c| c.communities[0].committed).collect();
    assert_eq!(c1, [0, pence(4000), pence(8000), pence(2000)]);
    let c2: Vec<i64> = costs.iter().map(|c| c.communities[1].committed).collect();
    assert_eq!(c2, [0, pence(2500), 0, pence(1250)]);
    assert!(costs.iter().all(|c| c.no_community_protected == 0));
}

// ---- the five-point range ------------------------------------------------------------------

#[test]
fn range_of_the_protection_rate_for_a_school() {
    let base = base_scenario(card());
    let s = scen(&base);
    let d = |x: &str| Decimal::from_str(x).unwrap();
    let r = whatif::range_school(&s, 0, &Param::declared("protection.rate").unwrap(), d("0.5"), d("0.75")).unwrap();
    let values: Vec<String> = r.points.iter().map(|p| p.value.to_string()).collect();
    assert_eq!(values, ["0.5", "0.5625", "0.625", "0.6875", "0.75"]);
    let yi = r.years.iter().position(|y| *y == Ay(2025)).unwrap();
    // Each point equals a full calculation with the card changed by hand.
    for p in &r.points {
        let v = with(base.clone(), "rate_card", card_with(|c| c["protection"]["rate"] = json!(p.value.to_string())));
        let res = ok(&v);
        let sch = school_of(&res, "100001");
        for (y, ay) in r.years.iter().enumerate() {
            assert_eq!(money(Decimal::new(p.direct[y], 2)), sch["years"][ay.to_string()]["direct"].as_str().unwrap());
        }
        for (f, fy) in r.fys.iter().enumerate() {
            assert_eq!(money(Decimal::new(p.fy_direct[f], 2)), sch["financial_years"][fy.to_string()]["direct"].as_str().unwrap());
        }
    }
    // By hand: P2's £8,000 at each rate, plus P1's protected £12,000 and P3's £9,000 current.
    let direct: Vec<i64> = r.points.iter().map(|p| p.direct[yi]).collect();
    assert_eq!(direct, [pence(4000), pence(4500), pence(5000), pence(5500), pence(6000)].map(|x| x + pence(21000)));
}

#[test]
fn range_of_a_band_rate_and_the_county() {
    let base = base_scenario(card());
    let s = scen(&base);
    let d = |x: &str| Decimal::from_str(x).unwrap();
    // SA5 from £22,000 down to £18,000.01: steps of £999.9975, rounded half-up to the penny.
    let r = whatif::range_county(&s, &Param::band_rate("SA5").unwrap(), d("22000"), d("18000.01")).unwrap();
    let values: Vec<String> = r.points.iter().map(|p| p.value.to_string()).collect();
    assert_eq!(values, ["22000", "21000", "20000.01", "19000.01", "18000.01"]);
    let yi = r.years.iter().position(|y| *y == Ay(2026)).unwrap();
    // Q2 (mainstream SA5 with an EHCP) is the only SA5 pupil: the county total moves with it.
    let first = r.points[0].direct[yi];
    for p in &r.points {
        assert_eq!(first - p.direct[yi], ((d("22000") - p.value) * Decimal::from(100)).try_into().unwrap_or(0i64));
    }
    // Faults are reported, each under its path.
    let e = whatif::range_school(&s, 0, &Param::band_rate("S").unwrap(), d("1"), d("2")).unwrap_err();
    assert_eq!(e[0].to_string(), "param: band S is on the community route: it has no tariff rate to vary (R1.3)");
    let e = whatif::range_school(&s, 0, &Param::declared("protection.rate").unwrap(), d("0.5"), d("1.5")).unwrap_err();
    assert_eq!(e[0].path, "to");
    let e = whatif::range_school(&s, 0, &Param::declared("community.topslice_per_community").unwrap(), d("10000"), d("600000")).unwrap_err();
    assert!(e.iter().all(|e| e.path.starts_with("values[")) && e[0].message.contains("R5.1"), "{e:?}");
    assert_eq!(Param::all(&s.rate_card).len(), 1 + 5 + 1 + 3 + 2);
}

#[test]
fn range_for_a_2000_pupil_school_is_quick() {
    let card = RateCard::from_json_str(SHIPPED).unwrap();
    let s = sen_funding::synth::county(&card, sen_funding::synth::CountySize { communities: 1, schools: 1, pupils: 2000 }, 3);
    assert_eq!(s.schools[0].pupils.len(), 2000);
    let d = |x: &str| Decimal::from_str(x).unwrap();
    let _ = whatif::range_school(&s, 0, &Param::declared("protection.rate").unwrap(), d("0.5"), d("0.75")).unwrap();
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = std::time::Instant::now();
        let r = whatif::range_school(&s, 0, &Param::band_rate("SA3").unwrap(), d("8000"), d("12000")).unwrap();
        times.push(t.elapsed().as_secs_f64() * 1e3);
        assert_eq!(r.points.len(), 5);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let t = std::time::Instant::now();
    let _ = calculate(&s);
    let one = t.elapsed().as_secs_f64() * 1e3;
    println!("five-point range, 2,000-pupil school: median {:.2} ms, min {:.2} ms (target 50 ms); one calculate: {one:.2} ms", times[2], times[0]);
    // Measured and reported; only a 5× regression fails (optimised builds).
    if !cfg!(debug_assertions) {
        assert!(times[2] < 250.0, "{} ms", times[2]);
    }
}

// ---- published rate cards (R10.7) ----------------------------------------------------------

#[test]
fn r10_7_the_shipped_index_and_every_card_it_lists_validate() {
    let index = RateCardIndex::from_json_str(INDEX).unwrap();
    assert_eq!(index.current, "kent-illustrative-2025");
    assert_eq!(index.cards.len(), 2);
    for (i, e) in index.cards.iter().enumerate() {
        let text = std::fs::read_to_string(format!("{RATECARDS}/{}", e.file)).unwrap();
        let card = index.load_card(i, &text).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(card.title, e.title);
    }
    let high = RateCard::from_json_str(HIGH).unwrap();
    assert_eq!(high.protection.rate, Decimal::from_str("0.75").unwrap());
    assert_eq!(high.band("SA5").unwrap().rate, Some(Decimal::from(24200)));
    assert!(high.title.contains("illustrative"));
    assert!(high.bands.iter().filter(|b| b.rate.is_some()).all(|b| b.description.contains("illustrative only")));
}

#[test]
fn r10_7_index_faults_are_reported_under_their_paths() {
    let bad = json!({
        "current": "kent-2026",
        "extra": 1,
        "cards": [
            {"id": "a", "title": "A", "status": "draft", "file": "../a.json"},
            {"id": "a", "title": "A again", "status": "official", "file": "https://example.org/a.json", "colour": "red"},
            {"id": "b", "title": "B", "status": "illustrative", "file": "/b.json"},
            {"id": "c", "title": "", "status": "illustrative", "file": "c.json"},
            {"id": "d", "title": "D", "status": "official", "file": "C:\\d.json"}
        ]
    });
    let errs: Vec<String> = RateCardIndex::from_value(&bad).unwrap_err().iter().map(|e| e.to_string()).collect();
    let expect = [
        "extra: unknown key (expected one of: current, cards)",
        "cards[0].status: must be one of illustrative, official (got \"draft\")",
        "cards[0].file: must stay inside the folder of the index: no .. (got \"../a.json\")",
        "cards[1].colour: unknown key (expected one of: id, title, status, file)",
        "cards[1].file: must be a file beside the index, not an address with a scheme such as https: (got \"https://example.org/a.json\")",
        "cards[2].file: must be relative to the index, without a leading / (got \"/b.json\")",
        "cards[3].title: must not be empty",
        "cards[4].file: must use / between folders, not \\ (got \"C:\\d.json\")",
        "cards[1].id: \"a\" is listed twice: card ids must be unique",
        "current: names \"kent-2026\", which is not listed in cards (listed: a, a, b, c, d)",
    ];
    assert_eq!(errs, expect);
    assert_eq!(RateCardIndex::from_json_str("{\"current\": \"x\"}").unwrap_err()[0].to_string(), "cards: is missing (required)");
    assert_eq!(
        RateCardIndex::from_json_str("{\"current\": \"x\", \"cards\": []}").unwrap_err().iter().map(|e| e.to_string()).collect::<Vec<_>>(),
        ["cards: must list at least one card", "current: names \"x\", which is not listed in cards (listed: )"]
    );
    assert!(RateCardIndex::from_json_str("[").unwrap_err()[0].message.contains("not valid JSON"));
}

#[test]
fn r10_7_a_card_must_match_its_index_entry() {
    let index = RateCardIndex::from_json_str(INDEX).unwrap();
    // The high card's file under the first entry: wrong id.
    let errs = index.load_card(0, HIGH).unwrap_err();
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].path, "cards[0].id");
    assert!(errs[0].message.contains("\"kent-illustrative-2025-high\""));
    // An official card listed as illustrative: wrong status.
    let mut official = RateCard::from_json_str(SHIPPED).unwrap();
    official.status = sen_funding::engine::ratecard::Status::Official;
    let errs = check_card(0, &index.cards[0], &official);
    assert_eq!(errs.iter().map(|e| e.path.as_str()).collect::<Vec<_>>(), ["cards[0].status"]);
    // A missing file is reported under its entry.
    assert_eq!(
        index.file_error(1, "404 Not Found").to_string(),
        "cards[1].file: cannot load \"kent-illustrative-2025-high.json\" beside the index: 404 Not Found"
    );
    // A faulty card: R9 errors under the entry and its file.
    let mut v: Value = serde_json::from_str(HIGH).unwrap();
    v["bands"][3]["rate"] = json!("10.005");
    let errs = index.load_card(1, &v.to_string()).unwrap_err();
    assert!(errs[0].to_string().starts_with("cards[1] (kent-illustrative-2025-high.json).bands[3].rate: must be an amount"), "{}", errs[0]);
}

// ---- properties and county scale -----------------------------------------------------------

fn generated(size: sen_funding::synth::CountySize, card: &str) -> Scenario {
    sen_funding::synth::county(&RateCard::from_json_str(card).unwrap(), size, 11)
}

#[test]
fn r10_6_a_scenario_against_itself_changes_nothing_and_swapping_negates() {
    let size = sen_funding::synth::CountySize { communities: 6, schools: 40, pupils: 1500 };
    let (b, w) = (generated(size, SHIPPED), generated(size, HIGH));
    let (bo, wo) = (calculate(&b), calculate(&w));
    let same = compare(Computed::new(&b, &bo), Computed::new(&b, &bo));
    for s in &same.schools {
        assert!(s.years.iter().all(|y| [y.direct, y.mgl_adjustment, y.current, y.community_indicative].iter().all(|p| p.change().unwrap_or(0) == 0)));
        assert!(s.fys.iter().all(|f| f.direct.change() == Some(0) && f.current.change() == Some(0)));
    }
    let ab = compare(Computed::new(&b, &bo), Computed::new(&w, &wo));
    let ba = compare(Computed::new(&w, &wo), Computed::new(&b, &bo));
    let mut moved = 0;
    for (x, y) in ab.schools.iter().zip(&ba.schools) {
        assert_eq!(x.urn, y.urn);
        for (p, q) in x.years.iter().zip(&y.years) {
            assert_eq!(p.direct.change(), q.direct.change().map(|c| -c));
            assert_eq!(p.community_indicative.change(), q.community_indicative.change().map(|c| -c));
            moved += usize::from(p.direct.change() != Some(0));
        }
    }
    for (x, y) in ab.communities.iter().zip(&ba.communities) {
        for (p, q) in x.years.iter().zip(&y.years) {
            assert_eq!(p.discretionary.change(), q.discretionary.change().map(|c| -c));
        }
    }
    assert!(moved > 0);
}

/// Kent-scale in optimised builds (50 Communities, 600 schools, 50,000 pupils), smaller in
/// debug builds: the cost of the comparison once both sides are computed.
#[test]
fn compare_at_county_scale_is_quick() {
    let size = if cfg!(debug_assertions) { sen_funding::synth::CountySize { communities: 10, schools: 120, pupils: 10_000 } } else { sen_funding::synth::KENT };
    let (b, w) = (generated(size, SHIPPED), generated(size, HIGH));
    let t = std::time::Instant::now();
    let (bo, wo) = (calculate(&b), calculate(&w));
    let calc_ms = t.elapsed().as_secs_f64() * 1e3 / 2.0;
    let t = std::time::Instant::now();
    let cmp = compare(Computed::new(&b, &bo), Computed::new(&w, &wo));
    let cmp_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = std::time::Instant::now();
    let json = serde_json::to_string(&cmp).unwrap();
    let json_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = std::time::Instant::now();
    let wl = whatif::against_baseline(Computed::new(&w, &wo), Computed::new(&b, &bo), Period::Ay(Ay(2026))).unwrap();
    let wl_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = std::time::Instant::now();
    let opts = whatif::protection_options_county(&w, &wo).unwrap();
    let opt_ms = t.elapsed().as_secs_f64() * 1e3;
    println!(
        "{} schools, {} pupils: calculate {calc_ms:.1} ms per side; compare {cmp_ms:.2} ms; R10.6 JSON {json_ms:.1} ms ({:.1} MB); winners and losers {wl_ms:.2} ms; options A–D county-wide {opt_ms:.1} ms",
        size.schools,
        size.pupils,
        json.len() as f64 / 1e6
    );
    assert_eq!(cmp.schools.len(), size.schools);
    assert_eq!(wl.gain + wl.lose + wl.unchanged, size.schools);
    assert_eq!(opts.len(), 4);
}

/// Whole pounds as pennies.
fn pence(pounds: i64) -> i64 {
    pounds * 100
}
