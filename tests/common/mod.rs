//! Builders for test scenarios: the shipped rate card inline, communities and schools from
//! short descriptions, and a runner that returns the result JSON (R10.4).
#![allow(dead_code)]

pub mod stored_zip;

use sen_funding::engine::{calc_json, Errors};
use serde_json::{json, Value};

pub const SHIPPED: &str = include_str!("../../www/ratecards/kent-illustrative-2025.json");

/// The headings of a Community list (R10.2) in the short form the tests' workbooks use.
pub const COMMUNITY_HEADINGS: [&str; 14] = [
    "ID",
    "Community name",
    "Pupils",
    "IDACI A",
    "IDACI B",
    "IDACI C",
    "IDACI D",
    "IDACI E",
    "IDACI F",
    "LAC",
    "LPA",
    "Historic (£)",
    "Protection",
    "Protection rate",
];

pub fn card() -> Value {
    serde_json::from_str(SHIPPED).unwrap()
}

/// A pupil: id, setting, band, ehcp, current_e3.
pub fn pupil(id: &str, setting: &str, band: &str, ehcp: bool, current: &str) -> Value {
    json!({"id": id, "setting": setting, "band": band, "ehcp": ehcp, "current_e3": current})
}

pub fn with(mut v: Value, key: &str, val: Value) -> Value {
    v[key] = val;
    v
}

pub fn indicators(pupils: u64, idaci: [u64; 6], lac: u64, lpa: u64) -> Value {
    json!({"pupils": pupils, "idaci": {"A": idaci[0], "B": idaci[1], "C": idaci[2], "D": idaci[3], "E": idaci[4], "F": idaci[5]}, "lac": lac, "lpa": lpa})
}

pub fn community(id: &str, historic: &str, ind: Value) -> Value {
    json!({"id": id, "name": format!("Community {id}"), "indicators": ind, "historic": historic})
}

pub fn school(urn: &str, community: Option<&str>, pupils: Vec<Value>) -> Value {
    json!({"urn": urn, "name": format!("School {urn}"), "community": community, "pupils": pupils})
}

pub fn scenario(communities: Vec<Value>, pots: Value, schools: Vec<Value>) -> Value {
    json!({"rate_card": card(), "pots": pots, "communities": communities, "schools": schools})
}

pub fn run(s: &Value) -> Result<Value, Errors> {
    calc_json(&s.to_string(), &mut |_| Err("no files in tests".into()))
}

pub fn ok(s: &Value) -> Value {
    match run(s) {
        Ok(v) => v,
        Err(e) => panic!("unexpected input errors: {:#?}", e.iter().map(|e| e.to_string()).collect::<Vec<_>>()),
    }
}

pub fn errors(s: &Value) -> Vec<String> {
    match run(s) {
        Ok(_) => panic!("expected input errors"),
        Err(e) => e.iter().map(|e| e.to_string()).collect(),
    }
}

/// `result.schools[urn].pupils[id].years[ay]`
pub fn pupil_year<'a>(r: &'a Value, urn: &str, id: &str, ay: &str) -> &'a Value {
    let s = r["schools"].as_array().unwrap().iter().find(|s| s["urn"] == urn).expect("school");
    let p = s["pupils"].as_array().unwrap().iter().find(|p| p["id"] == id).expect("pupil");
    &p["years"][ay]
}

pub fn pupil_fy<'a>(r: &'a Value, urn: &str, id: &str, fy: &str) -> &'a Value {
    let s = r["schools"].as_array().unwrap().iter().find(|s| s["urn"] == urn).expect("school");
    let p = s["pupils"].as_array().unwrap().iter().find(|p| p["id"] == id).expect("pupil");
    &p["financial_years"][fy]
}

pub fn school_of<'a>(r: &'a Value, urn: &str) -> &'a Value {
    r["schools"].as_array().unwrap().iter().find(|s| s["urn"] == urn).expect("school")
}

pub fn community_year<'a>(r: &'a Value, id: &str, ay: &str) -> &'a Value {
    let c = r["communities"].as_array().unwrap().iter().find(|c| c["id"] == id).expect("community");
    &c["years"][ay]
}

/// (route, e3, current, flags) of a pupil's year.
pub fn summary(y: &Value) -> (String, String, String, Vec<String>) {
    (
        y["route"].as_str().unwrap().to_string(),
        y["e3"].as_str().unwrap().to_string(),
        y["current"].as_str().unwrap().to_string(),
        y["flags"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_string()).collect(),
    )
}

pub fn s(x: &str) -> String {
    x.to_string()
}
