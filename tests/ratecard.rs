//! R9: the rate card — the shipped card, validation with paths, round trip.

use rust_decimal::Decimal;
use sen_funding::engine::ratecard::{ProtectionOption, Route, Status};
use sen_funding::engine::{Ay, RateCard, Setting};

const SHIPPED: &str = include_str!("../www/ratecards/kent-illustrative-2025.json");

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn r9_shipped_card_has_the_specified_values() {
    let c = RateCard::from_json_str(SHIPPED).expect("shipped card is valid");
    assert_eq!(c.id, "kent-illustrative-2025");
    assert_eq!(c.title, "Kent — illustrative rates");
    assert_eq!(c.status, Status::Illustrative);
    assert_eq!(c.band_codes(), vec!["U", "S", "W", "SA1", "SA2", "SA3", "SA4", "SA5"]);
    assert_eq!(c.band("U").unwrap().route, Route::None);
    assert_eq!(c.band("S").unwrap().route, Route::Community);
    assert_eq!(c.band("W").unwrap().route, Route::Community);
    let rates: Vec<Decimal> = ["SA1", "SA2", "SA3", "SA4", "SA5"].iter().map(|b| c.tariff_annual(b, Setting::Mainstream).unwrap()).collect();
    assert_eq!(rates, vec![d("3000"), d("6000"), d("10000"), d("15000"), d("22000")]);
    assert_eq!(c.core(Setting::Mainstream), d("6000"));
    assert_eq!(c.core(Setting::Srp), d("6000"));
    assert_eq!(c.core(Setting::Special), d("10000"));
    assert_eq!(c.ehcp_direct, d("6000"));
    assert_eq!(c.moderation, d("6000"));
    assert_eq!(c.community_ay(), Ay(2025));
    assert_eq!(c.tariff_ay(), Ay(2026));
    assert_eq!((c.community.w_pop, c.community.w_dep), (d("0.5"), d("0.5")));
    assert_eq!((c.community.mix_idaci, c.community.mix_lac, c.community.mix_lpa), (d("0.5"), d("0.25"), d("0.25")));
    assert_eq!(c.community.idaci_band_weights, [d("1"), d("0.8"), d("0.7"), d("0.65"), d("0.45"), d("0.35")]);
    assert_eq!(c.community.topslice_per_community, d("10000"));
    assert_eq!(c.historic_weight(Ay(2025)), d("0.75"));
    assert_eq!(c.historic_weight(Ay(2026)), d("0.5"));
    assert_eq!(c.historic_weight(Ay(2027)), d("0"));
    assert_eq!(c.historic_weight(Ay(2030)), d("0"), "AYs after the last listed take the last value");
    assert_eq!(c.protection.option, ProtectionOption::B);
    assert_eq!(c.protection.rate, d("0.5"));
    assert_eq!(c.protection.delay_months, 3);
    assert_eq!(c.mgl.max_loss, Some(d("0.05")));
    assert_eq!(c.mgl.max_gain, Some(d("0.05")));
    assert_eq!(c.mgl.mfg_special, None);
    assert_eq!(c.mgl.applies_to, vec![Setting::Srp, Setting::Special]);
    assert!(c.source_of("community.historic_weight").unwrap().starts_with("24/00120 §"));
    assert!(c.sources.iter().any(|s| s.id == "24/00026"));
}

#[test]
fn r3_1_tariff_is_rate_times_setting_factor() {
    let c = RateCard::from_json_str(&with(&[("/setting_factors/special", "1.125")])).unwrap();
    assert_eq!(c.tariff_annual("SA3", Setting::Special), Some(d("11250.000")));
    assert_eq!(c.tariff_annual("SA3", Setting::Mainstream), Some(d("10000")));
    assert_eq!(c.tariff_annual("S", Setting::Mainstream), None);
    assert_eq!(c.tariff_annual("SA9", Setting::Mainstream), None);
}

#[test]
fn r9_round_trip_through_json() {
    let c = RateCard::from_json_str(SHIPPED).unwrap();
    let again = RateCard::from_value(&c.to_json()).expect("own JSON is valid");
    assert_eq!(c, again);
}

/// The shipped card with values replaced by raw JSON literals (kept verbatim, not via floats).
fn with(changes: &[(&str, &str)]) -> String {
    let mut v: serde_json::Value = serde_json::from_str(SHIPPED).unwrap();
    for (ptr, lit) in changes {
        *v.pointer_mut(ptr).unwrap() = serde_json::Value::String(format!("@@{lit}@@"));
    }
    let mut text = v.to_string();
    for (_, lit) in changes {
        text = text.replace(&format!("\"@@{lit}@@\""), lit);
    }
    text
}

fn errors_of(text: &str) -> Vec<String> {
    RateCard::from_json_str(text).expect_err("should be invalid").iter().map(|e| e.to_string()).collect()
}

#[test]
fn r9_every_fault_is_reported_with_its_path() {
    let mut v: serde_json::Value = serde_json::from_str(SHIPPED).unwrap();
    v["bands"][4]["rate"] = serde_json::Value::String("10.005".into());
    v["bands"][1]["code"] = serde_json::Value::String("U".into());
    v["dates"]["tariff_start"] = serde_json::Value::String("2026-08-31".into());
    v["community"]["weights"]["population"] = serde_json::json!(0.6);
    v["community"]["colour"] = serde_json::json!("blue");
    v["mgl"]["max_loss"] = serde_json::json!(1.5);
    v["status"] = serde_json::json!("draft");
    let errs = errors_of(&v.to_string());
    let want = [
        "status: must be one of illustrative, official (got \"draft\")",
        "bands[1].code: \"U\" is listed twice",
        "bands[4].rate: must be an amount in pounds",
        "dates.tariff_start: must fall on 1 September",
        "community.colour: unknown key",
        "community.weights: population and deprivation must sum to 1",
        "mgl.max_loss: must be between 0 and 1",
    ];
    for w in want {
        assert!(errs.iter().any(|e| e.starts_with(w)), "missing {w:?} in {errs:#?}");
    }
    assert_eq!(errs.len(), want.len(), "{errs:#?}");
}

#[test]
fn r9_numbers_are_read_from_their_literal_text() {
    for bad in ["1e30", "10.005", "-1", "\"NaN\"", "1E3"] {
        let errs = errors_of(&with(&[("/community/topslice_per_community", bad)]));
        assert!(errs.iter().any(|e| e.starts_with("community.topslice_per_community: must be")), "{bad}: {errs:?}");
    }
    // 0.1 + 0.2 sums to exactly 0.3 in decimals (it would not in floats).
    let c = RateCard::from_json_str(&with(&[("/community/mix/lac", "0.3"), ("/community/mix/lpa", "0.2")])).unwrap();
    assert_eq!(c.community.mix_lac, d("0.3"));
}

#[test]
fn r9_broken_documents_are_errors_not_panics() {
    for text in ["", "   ", "{", "[]", "null", "\u{0}\u{1}", "{\"id\": }", &SHIPPED[..SHIPPED.len() / 2]] {
        let errs = errors_of(text);
        assert!(!errs.is_empty());
    }
}

#[test]
fn r9_unknown_top_level_keys_are_errors() {
    let errs = errors_of(&with(&[]).replacen('{', "{\"description\": \"x\", ", 1));
    assert_eq!(errs, vec!["description: unknown key (expected one of: id, title, status, sources, bands, setting_factors, core, thresholds, dates, community, protection, mgl)"]);
}

/// R9: the writer writes a card exactly as it always has (keys, their order, numbers as exact
/// text), whatever declares its parameters: the shipped card, and one that uses every
/// optional part (a section source in every section, a rate on a community band, an MFG).
#[test]
fn r9_the_writer_writes_the_same_json() {
    let c = RateCard::from_json_str(SHIPPED).unwrap();
    assert_eq!(serde_json::to_string_pretty(&c.to_json()).unwrap(), include_str!("fixtures/ratecard-written-shipped.json"));
    let mut v: serde_json::Value = serde_json::from_str(SHIPPED).unwrap();
    v["community"]["idaci_band_weights"]["source"] = serde_json::json!("24/00026 §2");
    v["mgl"]["mfg_special"] = serde_json::json!("0.015");
    v["mgl"]["applies_to"] = serde_json::json!(["special"]);
    v["bands"][2]["rate"] = serde_json::json!("123.45");
    v["bands"][0]["source"] = serde_json::json!("SV-2024Q1");
    v["protection"]["delay_months"] = serde_json::json!(0);
    let c = RateCard::from_value(&v).unwrap();
    assert_eq!(serde_json::to_string_pretty(&c.to_json()).unwrap(), include_str!("fixtures/ratecard-written-full.json"));
    assert_eq!(RateCard::from_value(&c.to_json()).unwrap(), c);
}
