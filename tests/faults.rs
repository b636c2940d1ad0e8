//! The fault catalogue (R10.5): every message the readers can produce — scenario
//! JSON, rate card (inline and by file), pupil CSV, Community CSV, and the register import of
//! R10.1a / R10.2 (`grid.rs`, `register.rs`, `workbook.rs`: a school's own register as a
//! workbook built here with rust_xlsxwriter, as CSV, "Unicode text" or pasted cells; the file
//! refused as too large, a zip bomb, password-protected, damaged) — put as one single fault
//! into a valid input, each giving exactly the one expected error line and nothing else (for
//! the register, nothing else among its errors and notices: a notice such as a repeated
//! header row is the one line of its fault).
//! A fault never hides another and never makes another record report something untrue: pairs
//! of independent faults give exactly the lines of each.
//!
//! Messages that no input can produce (fallbacks kept for safety) are listed in
//! `UNREACHABLE` with the reason.

mod common;

use common::stored_zip::zip_of;
use common::{COMMUNITY_HEADINGS, SHIPPED};
use sen_funding::engine::csv_import::{read_communities, read_pupils};
use sen_funding::engine::{RateCard, Scenario};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// Messages in the readers that no input reaches, and why.
const UNREACHABLE: [(&str, &str); 4] = [
    ("the scenario could not be read", "read_scenario gives no scenario only after reporting a fault"),
    ("the rate card could not be read", "read_card gives no card only after reporting a fault"),
    ("cannot be read as CSV", "the csv crate is flexible and reads decoded text: it has no UTF-8 or length error to give"),
    ("must be a whole number of 0 or more (got …)", "a count is checked to be 1–10 digits before it is parsed, so parsing cannot fail"),
];

const KNOWN_BANDS: &str = "known: U, S, W, SA1, SA2, SA3, SA4, SA5";
const MONEY: &str = "must be an amount in pounds from 0 to 1,000,000,000 with at most two decimals, e.g. 6000 or 6000.50";

// --- the valid inputs --------------------------------------------------------------------

fn ind(pupils: u64, idaci: [u64; 6], lac: u64, lpa: u64) -> Value {
    json!({"pupils": pupils, "idaci": {"A": idaci[0], "B": idaci[1], "C": idaci[2], "D": idaci[3], "E": idaci[4], "F": idaci[5]}, "lac": lac, "lpa": lpa})
}

/// A valid scenario using every part of the format: the shipped card inline, two Communities
/// (one with its own protection), a school in a Community with its own indicators and pupils
/// with every optional field, a school with no Community whose year groups move up (R11).
fn base() -> Value {
    static BASE: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    BASE.get_or_init(make_base).clone()
}

fn make_base() -> Value {
    let card: Value = serde_json::from_str(SHIPPED).unwrap();
    json!({
        "rate_card": card,
        "years": ["2024/25", "2025/26", "2026/27"],
        "pots": {"2025/26": "1000000"},
        "communities": [
            {"id": "C1", "name": "North", "historic": "300000", "protection": "B", "protection_rate": "0.75", "indicators": ind(1000, [10, 20, 30, 40, 50, 60], 5, 100)},
            {"id": "C2", "name": "South", "historic": "100000", "indicators": ind(900, [10, 20, 30, 40, 50, 60], 5, 100)}
        ],
        "schools": [
            {"urn": "100001", "name": "North Primary", "community": "C1", "indicators": ind(500, [5, 10, 15, 20, 25, 30], 0, 50),
             "pupils": [
                {"id": "P1", "setting": "mainstream", "band": "SA3", "ehcp": true, "current_e3": "12000", "year_group": "5", "start": "2025-09-01", "end": "2026-07-31"},
                {"id": "P2", "setting": "srp", "band": "S", "ehcp": false, "current_e3": "8000"}
             ]},
            {"urn": "200001", "name": "Special", "community": null, "year_group_as_at": "2026/27", "last_year_group": "14",
             "pupils": [{"id": "S1", "setting": "special", "band": "SA4", "ehcp": true, "current_e3": "15000", "year_group": "9"}]}
        ]
    })
}

/// Rate card files a `rate_card_path` may name.
fn resolve(path: &str) -> Result<String, String> {
    match path {
        "card.json" => Ok(SHIPPED.to_string()),
        "bad.json" => Ok("{".to_string()),
        "empty.json" => Ok("  \n".to_string()),
        "draft.json" => {
            let mut c: Value = serde_json::from_str(SHIPPED).unwrap();
            c["status"] = json!("draft");
            Ok(c.to_string())
        }
        _ => Err("no such file".to_string()),
    }
}

fn scenario_errors_of_text(text: &str) -> Vec<String> {
    match Scenario::from_json_str(text, &mut resolve) {
        Ok(_) => Vec::new(),
        Err(es) => es.iter().map(|e| e.to_string()).collect(),
    }
}

fn scenario_errors(v: &Value) -> Vec<String> {
    match Scenario::from_value(v, &mut resolve) {
        Ok(_) => Vec::new(),
        Err(es) => es.iter().map(|e| e.to_string()).collect(),
    }
}

const PUPILS_CSV: &str = "id,setting,band,ehcp,current_e3,year_group,start,end\n\
P1,mainstream,SA3,yes,\"12,000\",5,01/09/2025,2026-07-31\n\
P2,srp,S,no,£800,,,\n\
P3,special,sa4,1,15000,Y7,,\n";

const COMMUNITIES_CSV: &str = "id,name,pupils,idaci_a,idaci_b,idaci_c,idaci_d,idaci_e,idaci_f,lac,lpa,historic,protection,protection_rate\n\
C1,North,\"12,000\",300,400,500,600,700,800,40,900,\"£1,250,000.00\",B,75%\n\
C2,South,9000,100,200,300,400,500,600,25,700,800000,,\n";

fn shipped() -> RateCard {
    RateCard::from_json_str(SHIPPED).unwrap()
}

fn pupil_errors(text: &str) -> Vec<String> {
    read_pupils(text.as_bytes(), Some(&shipped())).errors.iter().map(|e| e.to_string()).collect()
}

fn community_errors(text: &str) -> Vec<String> {
    read_communities(text.as_bytes()).errors.iter().map(|e| e.to_string()).collect()
}

/// `text` with the cell at (line, column), both from 1, replaced (cells split at commas outside
/// quotes).
fn cell(text: &str, line: usize, col: usize, value: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let l = &lines[line - 1];
    let mut cells: Vec<String> = Vec::new();
    let (mut cur, mut quoted) = (String::new(), false);
    for c in l.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                cur.push(c)
            }
            ',' if !quoted => cells.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    cells.push(cur);
    cells[col - 1] = value.to_string();
    lines[line - 1] = cells.join(",");
    lines.join("\n") + "\n"
}

// --- edits of a scenario -------------------------------------------------------------------

/// One edit: the path is keys and list positions (`["schools", "0", "name"]`).
#[derive(Clone)]
enum Edit {
    Set(Vec<String>, Value),
    Del(Vec<String>),
    /// The whole document.
    Whole(Value),
}

fn set(path: &str, v: Value) -> Edit {
    Edit::Set(path.split('|').map(String::from).collect(), v)
}
fn del(path: &str) -> Edit {
    Edit::Del(path.split('|').map(String::from).collect())
}

fn apply(doc: &mut Value, e: &Edit) {
    let (path, last) = match e {
        Edit::Whole(v) => {
            *doc = v.clone();
            return;
        }
        Edit::Set(p, _) | Edit::Del(p) => (&p[..p.len() - 1], &p[p.len() - 1]),
    };
    let mut at = doc;
    for k in path {
        at = match at {
            Value::Array(a) => &mut a[k.parse::<usize>().unwrap()],
            Value::Object(m) => m.get_mut(k).unwrap_or_else(|| panic!("no {k}")),
            _ => panic!("cannot go into {k}"),
        };
    }
    match (e, at) {
        (Edit::Set(_, v), Value::Array(a)) => a[last.parse::<usize>().unwrap()] = v.clone(),
        (Edit::Set(_, v), Value::Object(m)) => {
            m.insert(last.clone(), v.clone());
        }
        (Edit::Del(_), Value::Object(m)) => {
            m.shift_remove(last).unwrap_or_else(|| panic!("no {last} to delete"));
        }
        (Edit::Del(_), Value::Array(a)) => {
            a.remove(last.parse::<usize>().unwrap());
        }
        _ => panic!("bad edit"),
    }
}

/// The paths an edit touches, as text, for telling independent faults apart.
fn touched(e: &Edit) -> String {
    match e {
        Edit::Whole(_) => String::new(),
        Edit::Set(p, _) | Edit::Del(p) => p.join("|"),
    }
}

struct Fault {
    edits: Vec<Edit>,
    want: String,
}

fn f(edits: Vec<Edit>, want: impl Into<String>) -> Fault {
    Fault { edits, want: want.into() }
}

fn long(n: usize) -> String {
    "x".repeat(n)
}

/// Every single fault of a scenario (rate card faults inside it) and its one error line.
fn scenario_faults() -> Vec<Fault> {
    let rc = "rate_card|";
    let card_keys = "id, title, status, sources, bands, setting_factors, core, thresholds, dates, community, protection, mgl";
    let mut v = vec![
        // The document.
        f(vec![set("colour", json!("red"))], "colour: unknown key (expected one of: rate_card, rate_card_path, years, pots, communities, schools)"),
        f(vec![Edit::Whole(json!([]))], "must be an object {…} (got a list)"),
        f(vec![Edit::Whole(json!("text"))], "must be an object {…} (got text)"),
        // The rate card, inline or by path.
        f(vec![set("rate_card_path", json!("card.json"))], "rate_card_path: give either rate_card or rate_card_path, not both"),
        f(vec![del("rate_card")], "rate_card: is missing: give the rate card inline (rate_card) or by file (rate_card_path)"),
        f(vec![del("rate_card"), set("rate_card_path", json!(5))], "rate_card_path: must be text (got a number)"),
        f(vec![del("rate_card"), set("rate_card_path", json!(""))], "rate_card_path: must not be empty"),
        f(vec![del("rate_card"), set("rate_card_path", json!(long(1001)))], "rate_card_path: must be at most 1000 characters (got 1001)"),
        f(vec![del("rate_card"), set("rate_card_path", json!("missing.json"))], "rate_card_path: cannot read \"missing.json\": no such file"),
        f(vec![del("rate_card"), set("rate_card_path", json!("bad.json"))], "rate_card_path (bad.json): the rate card is not valid JSON: EOF while parsing an object at line 1 column 1"),
        f(vec![del("rate_card"), set("rate_card_path", json!("empty.json"))], "rate_card_path (empty.json): the rate card is empty: expected a JSON object"),
        f(vec![del("rate_card"), set("rate_card_path", json!("draft.json"))], "rate_card_path (draft.json).status: must be one of illustrative, official (got \"draft\")"),
        // Years.
        f(vec![set("years", json!("2025/26"))], "years: must be a list […] (got text)"),
        f(vec![set("years", json!([]))], "years: must list at least one academic year, e.g. [\"2025/26\"]"),
        f(vec![set("years|1", json!("2025"))], "years[1]: must be an academic year like 2025/26 (got \"2025\")"),
        f(vec![set("years|1", json!("2025/27"))], "years[1]: 2025/27 is not an academic year: 2025/26 follows 2025"),
        f(vec![set("years|1", json!("1980/81"))], "years[1]: 1980/81 is outside the years this calculator models"),
        f(vec![set("years|2", json!("2024/25"))], "years[2]: 2024/25 is listed twice"),
        f(vec![set("years|0", json!(2025))], "years[0]: must be text (got a number)"),
        // Pots.
        f(vec![set("pots", json!([]))], "pots: must be an object of academic years and amounts, e.g. {\"2025/26\": \"25000000\"} (got a list)"),
        f(vec![set("pots|2025-26", json!("1000000"))], "pots.2025-26: must be an academic year like 2025/26 (got \"2025-26\")"),
        f(vec![set("pots|2025/26", json!("abc"))], format!("pots.2025/26: {MONEY} (got \"abc\")")),
        f(vec![set("pots|2025/26", json!(true))], format!("pots.2025/26: {MONEY} (got true/false)")),
        f(vec![set("pots|2025/26", json!("2000000000"))], "pots.2025/26: must be at most 1,000,000,000 (got \"2000000000\")"),
        f(vec![set("pots|2024/25", json!("1000000"))], "pots.2024/25: 2024/25 is before the community AY 2025/26: Community budgets begin on 2025-09-01 (R1.5, R2.4)"),
        f(vec![set("pots|2025/26", json!("15000"))], "pots.2025/26: the pot 15000.00 is less than the top-slice 20000.00 (2 communities × 10000.00, R5.1)"),
        // Communities.
        f(vec![set("communities", json!({}))], "communities: must be a list […] (got an object)"),
        f(vec![set("communities|1", json!("C2"))], "communities[1]: must be an object {…} (got text)"),
        f(vec![set("communities|1|colour", json!("red"))], "communities[1].colour: unknown key (expected one of: id, name, indicators, historic, protection, protection_rate)"),
        f(vec![del("communities|1|id")], "communities[1].id: is missing (required)"),
        f(vec![set("communities|1|id", json!(""))], "communities[1].id: must not be empty"),
        f(vec![set("communities|1|id", json!(long(65)))], "communities[1].id: must be at most 64 characters (got 65)"),
        f(vec![set("communities|1|id", json!(2))], "communities[1].id: must be text (got a number)"),
        f(vec![set("communities|1|id", json!("C1"))], "communities[1].id: \"C1\" is listed twice: community ids must be unique"),
        f(vec![del("communities|1|name")], "communities[1].name: is missing (required)"),
        f(vec![set("communities|1|name", json!(long(201)))], "communities[1].name: must be at most 200 characters (got 201)"),
        f(vec![set("communities|1|indicators", json!(5))], "communities[1].indicators: must be an object {…} (got a number)"),
        f(vec![del("communities|1|indicators|pupils")], "communities[1].indicators.pupils: is missing (required)"),
        f(vec![set("communities|1|indicators|pupils", json!("x"))], "communities[1].indicators.pupils: must be a whole number of 0 or more, e.g. 120 (got \"x\")"),
        f(vec![set("communities|1|indicators|pupils", json!(-1))], "communities[1].indicators.pupils: must be a whole number of 0 or more, e.g. 120 (got \"-1\")"),
        f(vec![set("communities|1|indicators|pupils", json!(2000000000u64))], "communities[1].indicators.pupils: must be at most 1,000,000,000 (got \"2000000000\")"),
        f(vec![set("communities|1|indicators|pupils", json!(true))], "communities[1].indicators.pupils: must be a whole number (got true/false)"),
        f(vec![set("communities|1|indicators|idaci", json!([]))], "communities[1].indicators.idaci: must be an object {…} (got a list)"),
        f(vec![set("communities|1|indicators|idaci|G", json!(1))], "communities[1].indicators.idaci.G: unknown key (expected one of: A, B, C, D, E, F)"),
        f(vec![del("communities|1|indicators|idaci|F")], "communities[1].indicators.idaci.F: is missing (required)"),
        f(vec![set("communities|1|indicators|lac", json!(1.5))], "communities[1].indicators.lac: must be a whole number of 0 or more, e.g. 120 (got \"1.5\")"),
        f(vec![del("communities|1|indicators|lpa")], "communities[1].indicators.lpa: is missing (required)"),
        f(vec![set("communities|1|historic", json!("£100"))], format!("communities[1].historic: {MONEY} (got \"£100\")")),
        f(vec![set("communities|0|protection", json!("Z"))], "communities[0].protection: must be one of A, B, C, D (got \"Z\")"),
        f(vec![set("communities|0|protection_rate", json!("1.5"))], "communities[0].protection_rate: must be between 0 and 1 (got \"1.5\")"),
        f(vec![set("communities|0|protection_rate", json!("0.1234567"))], "communities[0].protection_rate: must be a decimal number with at most six decimals, e.g. 0.5 (got \"0.1234567\")"),
        f(vec![set("communities|0|protection_rate", json!(true))], "communities[0].protection_rate: must be a fraction between 0 and 1 (got true/false)"),
        // Schools.
        f(vec![del("schools")], "schools: is missing (required)"),
        f(vec![set("schools", json!({}))], "schools: must be a list […] (got an object)"),
        f(vec![set("schools|1", json!(null))], "schools[1]: must be an object {…} (got null)"),
        f(vec![set("schools|1|colour", json!("red"))], "schools[1].colour: unknown key (expected one of: urn, name, community, indicators, year_group_as_at, last_year_group, pupils)"),
        f(vec![del("schools|1|urn")], "schools[1].urn: is missing (required)"),
        f(vec![set("schools|1|urn", json!(" "))], "schools[1].urn: must not be empty"),
        f(vec![set("schools|1|urn", json!(false))], "schools[1].urn: must be text (got true/false)"),
        f(vec![set("schools|1|urn", json!(long(65)))], "schools[1].urn: must be at most 64 characters (got 65)"),
        f(vec![set("schools|1|urn", json!(100001))], "schools[1].urn: \"100001\" is listed twice: URNs must be unique"),
        f(vec![set("schools|1|name", json!(""))], "schools[1].name: must not be empty"),
        f(vec![set("schools|0|community", json!("C9"))], "schools[0].community: unknown community \"C9\" (known: C1, C2)"),
        f(vec![del("communities"), del("pots")], "schools[0].community: unknown community \"C1\" (no communities are listed)"),
        f(vec![set("schools|0|community", json!(1))], "schools[0].community: must be text (got a number)"),
        f(vec![set("schools|0|indicators", json!("x"))], "schools[0].indicators: must be an object {…} (got text)"),
        f(vec![set("schools|0|indicators|lac", json!(6))], "schools[0].indicators.lac: 6 is more than its community's 5 (communities[0].indicators.lac); a school's share comes from within its community (R5.8)"),
        f(vec![set("schools|0|indicators|idaci|B", json!(21))], "schools[0].indicators.idaci.B: 21 is more than its community's 20 (communities[0].indicators.idaci.B); a school's share comes from within its community (R5.8)"),
        // Looking ahead (R11.1, R11.3).
        f(vec![set("schools|1|year_group_as_at", json!("2026-27"))], "schools[1].year_group_as_at: must be an academic year like 2025/26 (got \"2026-27\")"),
        f(vec![set("schools|1|year_group_as_at", json!("2026/28"))], "schools[1].year_group_as_at: 2026/28 is not an academic year: 2026/27 follows 2026"),
        f(vec![set("schools|1|year_group_as_at", json!(2026))], "schools[1].year_group_as_at: must be text (got a number)"),
        f(vec![set("schools|0|year_group_as_at", json!("1900/01"))], "schools[0].year_group_as_at: 1900/01 is outside the years this calculator models"),
        f(vec![set("schools|1|last_year_group", json!("15"))], "schools[1].last_year_group: must be N1, N2, R or a year from 1 to 14 (got \"15\")"),
        f(vec![set("schools|1|last_year_group", json!("Y6"))], "schools[1].last_year_group: must be N1, N2, R or a year from 1 to 14 (got \"Y6\")"),
        f(vec![set("schools|1|last_year_group", json!([6]))], "schools[1].last_year_group: must be N1, N2, R or a year from 1 to 14 (got a list)"),
        f(
            vec![del("schools|1|year_group_as_at")],
            "schools[1].last_year_group: needs year_group_as_at: give the academic year the pupils' year groups are recorded in, e.g. \"2026/27\", or leave last_year_group out (R11.3)",
        ),
        f(
            vec![set("schools|0|last_year_group", json!(6))],
            "schools[0].last_year_group: needs year_group_as_at: give the academic year the pupils' year groups are recorded in, e.g. \"2026/27\", or leave last_year_group out (R11.3)",
        ),
        // A faulty last year group without year_group_as_at is one fault, not two (reading 33).
        f(vec![del("schools|1|year_group_as_at"), set("schools|1|last_year_group", json!("X"))], "schools[1].last_year_group: must be N1, N2, R or a year from 1 to 14 (got \"X\")"),
        // A faulty year_group_as_at is not also missing for last_year_group.
        f(vec![set("schools|1|year_group_as_at", json!(""))], "schools[1].year_group_as_at: must be an academic year like 2025/26 (got \"\")"),
        f(vec![del("schools|0|pupils")], "schools[0].pupils: is missing (required)"),
        f(vec![set("schools|0|pupils", json!("P1"))], "schools[0].pupils: must be a list […] (got text)"),
        // Pupils.
        f(vec![set("schools|0|pupils|1", json!(7))], "schools[0].pupils[1]: must be an object {…} (got a number)"),
        f(vec![set("schools|0|pupils|1|notes", json!("x"))], "schools[0].pupils[1].notes: unknown key (expected one of: id, setting, band, ehcp, current_e3, year_group, start, end)"),
        f(vec![del("schools|0|pupils|1|id")], "schools[0].pupils[1].id: is missing (required)"),
        f(vec![set("schools|0|pupils|1|id", json!(""))], "schools[0].pupils[1].id: must not be empty: give each pupil a pseudonymous id, e.g. P001"),
        f(vec![set("schools|0|pupils|1|id", json!(long(33)))], "schools[0].pupils[1].id: must be at most 32 characters (got 33)"),
        f(vec![set("schools|0|pupils|1|id", json!(true))], "schools[0].pupils[1].id: must be text (got true/false)"),
        f(vec![set("schools|0|pupils|1|id", json!("P1"))], "schools[0].pupils[1].id: \"P1\" is used twice in this school: pupil ids must be unique within a school"),
        f(vec![set("schools|0|pupils|1|setting", json!("academy"))], "schools[0].pupils[1].setting: must be one of mainstream, srp, special (got \"academy\")"),
        f(vec![set("schools|0|pupils|1|setting", json!(1))], "schools[0].pupils[1].setting: must be text (got a number)"),
        f(vec![set("schools|0|pupils|1|band", json!("ZZ"))], format!("schools[0].pupils[1].band: unknown band \"ZZ\" ({KNOWN_BANDS})")),
        f(vec![set("schools|0|pupils|1|band", json!(""))], "schools[0].pupils[1].band: must not be empty"),
        f(vec![set("schools|0|pupils|1|band", json!(long(17)))], "schools[0].pupils[1].band: must be at most 16 characters (got 17)"),
        f(vec![del("schools|0|pupils|1|ehcp")], "schools[0].pupils[1].ehcp: is missing (required)"),
        f(vec![set("schools|0|pupils|1|ehcp", json!("yes"))], "schools[0].pupils[1].ehcp: must be true or false (got text)"),
        f(vec![set("schools|0|pupils|1|current_e3", json!("-3"))], format!("schools[0].pupils[1].current_e3: {MONEY} (got \"-3\")")),
        f(vec![set("schools|0|pupils|1|current_e3", json!("10.005"))], format!("schools[0].pupils[1].current_e3: {MONEY} (got \"10.005\")")),
        f(vec![set("schools|0|pupils|1|current_e3", json!([]))], format!("schools[0].pupils[1].current_e3: {MONEY} (got a list)")),
        f(vec![set("schools|0|pupils|1|year_group", json!("15"))], "schools[0].pupils[1].year_group: must be N1, N2, R or a year from 1 to 14 (got \"15\")"),
        f(vec![set("schools|0|pupils|1|year_group", json!(true))], "schools[0].pupils[1].year_group: must be N1, N2, R or a year from 1 to 14 (got true/false)"),
        f(vec![set("schools|0|pupils|0|start", json!("2025-02-30"))], "schools[0].pupils[0].start: 2025-02-30 is not a real date"),
        f(vec![set("schools|0|pupils|0|start", json!("01/09/2025"))], "schools[0].pupils[0].start: must be a date like 2025-09-01 (got \"01/09/2025\")"),
        f(vec![set("schools|0|pupils|0|end", json!(20260731))], "schools[0].pupils[0].end: must be text (got a number)"),
        f(vec![set("schools|0|pupils|0|end", json!("2025-08-31"))], "schools[0].pupils[0].end: 2025-08-31 is before the start date 2025-09-01: a pupil is on roll from start to end"),
        // The rate card: its whole.
        f(vec![set("rate_card", json!([]))], "rate_card: must be an object {…} (got a list)"),
        f(vec![set(&format!("{rc}colour"), json!("red"))], format!("rate_card.colour: unknown key (expected one of: {card_keys})")),
        f(vec![del(&format!("{rc}id"))], "rate_card.id: is missing (required)"),
        f(vec![set(&format!("{rc}id"), json!(long(101)))], "rate_card.id: must be at most 100 characters (got 101)"),
        f(vec![set(&format!("{rc}title"), json!(""))], "rate_card.title: must not be empty"),
        f(vec![set(&format!("{rc}status"), json!("draft"))], "rate_card.status: must be one of illustrative, official (got \"draft\")"),
        // Sources.
        f(vec![set(&format!("{rc}sources"), json!("24/00120"))], "rate_card.sources: must be a list […] (got text)"),
        f(vec![set(&format!("{rc}sources|2"), json!("SV"))], "rate_card.sources[2]: must be an object {…} (got text)"),
        f(vec![del(&format!("{rc}sources|2|title"))], "rate_card.sources[2].title: is missing (required)"),
        f(vec![set(&format!("{rc}sources|2|reference"), json!(5))], "rate_card.sources[2].reference: must be text (got a number)"),
        f(vec![set(&format!("{rc}sources|2|id"), json!("24/00026"))], "rate_card.sources[2].id: \"24/00026\" is listed twice: source ids must be unique"),
        // Bands (R1.3).
        f(vec![set(&format!("{rc}bands"), json!({}))], "rate_card.bands: must be a list […] (got an object)"),
        f(vec![set(&format!("{rc}bands"), json!([]))], "rate_card.bands: must list at least one band"),
        f(vec![set(&format!("{rc}bands|0"), json!("U"))], "rate_card.bands[0]: must be an object {…} (got text)"),
        f(vec![del(&format!("{rc}bands|0|code"))], "rate_card.bands[0].code: is missing (required)"),
        f(vec![set(&format!("{rc}bands|0|code"), json!(long(17)))], "rate_card.bands[0].code: must be at most 16 characters (got 17)"),
        f(vec![set(&format!("{rc}bands|2|code"), json!("U"))], "rate_card.bands[2].code: \"U\" is listed twice: band codes must be unique"),
        f(vec![set(&format!("{rc}bands|0|name"), json!(long(101)))], "rate_card.bands[0].name: must be at most 100 characters (got 101)"),
        f(vec![set(&format!("{rc}bands|0|description"), json!(1))], "rate_card.bands[0].description: must be text (got a number)"),
        f(vec![set(&format!("{rc}bands|0|route"), json!("school"))], "rate_card.bands[0].route: must be one of none, community, tariff (got \"school\")"),
        f(vec![del(&format!("{rc}bands|3|rate"))], "rate_card.bands[3].rate: is missing: a band on the tariff route needs its annual rate (R3.1)"),
        f(vec![set(&format!("{rc}bands|3|rate"), json!("3000.001"))], format!("rate_card.bands[3].rate: {MONEY} (got \"3000.001\")")),
        f(vec![set(&format!("{rc}bands|3|source"), json!("XX §1"))], "rate_card.bands[3].source: cites \"XX §1\", which names no listed source (known: 24/00120, 24/00026, SV-2024Q1)"),
        f(vec![set(&format!("{rc}bands|3|source"), json!(""))], "rate_card.bands[3].source: must not be empty"),
        // Per-setting values, thresholds.
        f(vec![del(&format!("{rc}setting_factors"))], "rate_card.setting_factors: is missing (required)"),
        f(vec![set(&format!("{rc}setting_factors"), json!(1))], "rate_card.setting_factors: must be an object {…} (got a number)"),
        f(vec![set(&format!("{rc}setting_factors|srp"), json!("abc"))], "rate_card.setting_factors.srp: must be a decimal number with at most six decimals, e.g. 0.5 (got \"abc\")"),
        f(vec![set(&format!("{rc}setting_factors|srp"), json!("2000"))], "rate_card.setting_factors.srp: must be between 0 and 1000 (got \"2000\")"),
        f(vec![set(&format!("{rc}setting_factors|srp"), json!(null))], "rate_card.setting_factors.srp: is missing (required)"),
        f(vec![set(&format!("{rc}setting_factors|srp"), json!(false))], "rate_card.setting_factors.srp: must be a decimal number (got true/false)"),
        f(vec![set(&format!("{rc}setting_factors|academy"), json!(1))], "rate_card.setting_factors.academy: unknown key (expected one of: mainstream, srp, special, source)"),
        f(vec![set(&format!("{rc}core|special"), json!("ten"))], format!("rate_card.core.special: {MONEY} (got \"ten\")")),
        f(vec![set(&format!("{rc}core|source"), json!("Kent 2024"))], "rate_card.core.source: cites \"Kent 2024\", which names no listed source (known: 24/00120, 24/00026, SV-2024Q1)"),
        f(vec![set(&format!("{rc}thresholds|moderation"), json!("6000.005"))], format!("rate_card.thresholds.moderation: {MONEY} (got \"6000.005\")")),
        f(vec![del(&format!("{rc}thresholds|ehcp_direct"))], "rate_card.thresholds.ehcp_direct: is missing (required)"),
        // Key dates (R1.5).
        f(vec![set(&format!("{rc}dates|community_start"), json!("2025-09-02"))], "rate_card.dates.community_start: must fall on 1 September (got 2025-09-02): key dates start an academic year (R1.5)"),
        f(vec![set(&format!("{rc}dates|community_start"), json!("1 Sept 2025"))], "rate_card.dates.community_start: must be a date like 2025-09-01 (got \"1 Sept 2025\")"),
        f(vec![set(&format!("{rc}dates|tariff_start"), json!("2024-09-01"))], "rate_card.dates.tariff_start: must be on or after dates.community_start (2025-09-01) (got 2024-09-01)"),
        f(vec![set(&format!("{rc}dates|tariff_start"), json!("2026-09-31"))], "rate_card.dates.tariff_start: 2026-09-31 is not a real date"),
        // Community budgets (R5).
        f(vec![set(&format!("{rc}community"), json!("none"))], "rate_card.community: must be an object {…} (got text)"),
        f(vec![set(&format!("{rc}community|weights|population"), json!(0.6))], "rate_card.community.weights: population and deprivation must sum to 1 (got 0.6 + 0.5 = 1.1)"),
        f(vec![set(&format!("{rc}community|weights|deprivation"), json!(-0.5))], "rate_card.community.weights.deprivation: must be a decimal number with at most six decimals, e.g. 0.5 (got \"-0.5\")"),
        f(vec![set(&format!("{rc}community|mix|lac"), json!(0.3))], "rate_card.community.mix: idaci, lac and lpa must sum to 1 (got 1.05)"),
        f(vec![del(&format!("{rc}community|mix|lpa"))], "rate_card.community.mix.lpa: is missing (required)"),
        f(vec![set(&format!("{rc}community|idaci_band_weights|A"), json!(1.5))], "rate_card.community.idaci_band_weights.A: must be between 0 and 1 (got \"1.5\")"),
        f(vec![set(&format!("{rc}community|idaci_band_weights|G"), json!(0.1))], "rate_card.community.idaci_band_weights.G: unknown key (expected one of: A, B, C, D, E, F, source)"),
        f(vec![set(&format!("{rc}community|topslice_per_community"), json!("ten thousand"))], format!("rate_card.community.topslice_per_community: {MONEY} (got \"ten thousand\")")),
        f(vec![set(&format!("{rc}community|historic_weight"), json!([0.75]))], "rate_card.community.historic_weight: must be an object of academic years, e.g. {\"2025/26\": 0.75} (got a list)"),
        f(vec![del(&format!("{rc}community|historic_weight|2025/26"))], "rate_card.community.historic_weight: must list the community AY 2025/26 (R5.5)"),
        f(vec![set(&format!("{rc}community|historic_weight|2028"), json!(0))], "rate_card.community.historic_weight.2028: must be an academic year like 2025/26 (got \"2028\")"),
        f(vec![set(&format!("{rc}community|historic_weight|2026/27"), json!(2))], "rate_card.community.historic_weight.2026/27: must be between 0 and 1 (got \"2\")"),
        f(vec![set(&format!("{rc}community|historic_weight|source"), json!(3))], "rate_card.community.historic_weight.source: must be text (got a number)"),
        // Protection (R6).
        f(vec![set(&format!("{rc}protection|option"), json!("E"))], "rate_card.protection.option: must be one of A, B, C, D (got \"E\")"),
        f(vec![set(&format!("{rc}protection|rate"), json!("50%"))], "rate_card.protection.rate: must be a decimal number with at most six decimals, e.g. 0.5 (got \"50%\")"),
        f(vec![set(&format!("{rc}protection|delay_months"), json!(13))], "rate_card.protection.delay_months: must be from 0 to 12 months (got 13)"),
        f(vec![set(&format!("{rc}protection|delay_months"), json!("three"))], "rate_card.protection.delay_months: must be a whole number of 0 or more, e.g. 120 (got \"three\")"),
        // Maximum gains and losses (R8).
        f(vec![set(&format!("{rc}mgl"), json!(0.05))], "rate_card.mgl: must be an object {…} (got a number)"),
        f(vec![del(&format!("{rc}mgl|max_loss"))], "rate_card.mgl.max_loss: is missing (required: a fraction, or null for none)"),
        f(vec![set(&format!("{rc}mgl|max_gain"), json!("5%"))], "rate_card.mgl.max_gain: must be a decimal number with at most six decimals, e.g. 0.5 (got \"5%\")"),
        f(vec![set(&format!("{rc}mgl|applies_to"), json!("srp"))], "rate_card.mgl.applies_to: must be a list […] (got text)"),
        f(vec![set(&format!("{rc}mgl|applies_to|1"), json!("academy"))], "rate_card.mgl.applies_to[1]: must be one of mainstream, srp, special (got \"academy\")"),
        f(vec![set(&format!("{rc}mgl|source"), json!(long(201)))], "rate_card.mgl.source: must be at most 200 characters (got 201)"),
    ];
    // Faults found by fuzzing or by hand that must stay single.
    v.push(f(vec![set("schools|1|urn", serde_json::from_str::<Value>(&"9".repeat(65)).unwrap())], "schools[1].urn: must be at most 64 characters (got 65)"));
    v.push(f(vec![set("schools|0|pupils|1|setting", json!("a\nb"))], "schools[0].pupils[1].setting: must be one of mainstream, srp, special (got \"a\\nb\")"));
    v.push(f(
        vec![set("schools|0|pupils|1|x\ny", json!(1))],
        "schools[0].pupils[1].x\\ny: unknown key (expected one of: id, setting, band, ehcp, current_e3, year_group, start, end)",
    ));
    v
}

/// Faults in the text of a scenario.
fn text_faults() -> Vec<(&'static str, &'static str)> {
    vec![
        ("", "the scenario is empty: expected a JSON object"),
        ("\u{feff}  ", "the scenario is empty: expected a JSON object"),
        ("{\"years\": [}", "the scenario is not valid JSON: expected value at line 1 column 12"),
    ]
}

fn pupil_faults() -> Vec<(String, String)> {
    let p = PUPILS_CSV;
    let known = KNOWN_BANDS;
    vec![
        ("".into(), "the file is empty: expected a header row and one row per record".into()),
        ("\n \n,,\n".into(), "the file is empty: expected a header row and one row per record".into()),
        (p.replacen("band,", "grade,", 1), "No header row found: none of the first 100 lines has a column for each of id, band, ehcp and current_e3. The row that looks most like one is line 1 (id = \"id\", setting = \"setting\", ehcp = \"ehcp\", current_e3 = \"current_e3\", year_group = \"year_group\", start = \"start\", end = \"end\"), which has no column for band. Its other columns are \"grade\". Give each a column with a heading the calculator knows, e.g. band (\"continuum band\", \"continuum\", \"level\"), or choose the column for each.".into()),
        (p.replacen("id,setting", "pupil,where", 1), "No header row found: none of the first 100 lines has a column for each of id, band, ehcp and current_e3. The row that looks most like one is line 1 (band = \"band\", ehcp = \"ehcp\", current_e3 = \"current_e3\", year_group = \"year_group\", start = \"start\", end = \"end\"), which has no column for id. Its other columns are \"where\". Give each a column with a heading the calculator knows, e.g. id (\"pupil id\", \"adno\", \"admission number\"), or choose the column for each.".into()),
        (cell(p, 2, 1, ""), "line 2: id: must not be empty: give each pupil a pseudonymous id, e.g. P001".into()),
        (cell(p, 2, 1, &long(33)), "line 2: id: must be at most 32 characters (got 33)".into()),
        (cell(p, 3, 1, "P1"), "line 3: id: \"P1\" is already used on line 2: pupil ids must be unique within a school".into()),
        (cell(p, 2, 2, "academy"), "line 2: setting: must be mainstream, srp or special (got \"academy\")".into()),
        (cell(p, 2, 3, ""), "line 2: band: is missing: give the pupil's Continuum band code".into()),
        (cell(p, 2, 3, "ZZ"), format!("line 2: band: unknown band \"ZZ\" ({known})")),
        (cell(p, 2, 4, "maybe"), "line 2: ehcp: must be yes or no (also y/n, true/false, 1/0) (got \"maybe\")".into()),
        (cell(p, 2, 5, ""), "line 2: current_e3: is missing: enter the pupil's current annual top-up, or 0 if none".into()),
        (cell(p, 2, 5, "\"1,00\""), format!("line 2: current_e3: {MONEY} (got \"1,00\")")),
        (cell(p, 2, 5, "2000000000"), format!("line 2: current_e3: {MONEY} (got \"2000000000\")")),
        (cell(p, 2, 6, "Y15"), "line 2: year_group: must be N1, N2, R or a year from 1 to 14 (got \"Y15\")".into()),
        (cell(p, 2, 7, "2025-13-01"), "line 2: start: must be a date like 2025-09-01 or 01/09/2025 (got \"2025-13-01\")".into()),
        (cell(p, 2, 7, "31/02/2025"), "line 2: start: 31/02/2025 is not a real date (day/month/year)".into()),
        (cell(p, 2, 7, "1.9.2025"), "line 2: start: must be a date like 01/09/2025 or 2025-09-01 (got \"1.9.2025\")".into()),
        (cell(p, 2, 8, "2025-08-31"), "line 2: end: 2025-08-31 is before the start date 2025-09-01: a pupil is on roll from start to end".into()),
        (cell(p, 2, 2, "\"a\nb\""), "line 2: setting: must be mainstream, srp or special (got \"a\\nb\")".into()),
    ]
}

fn community_faults() -> Vec<(String, String)> {
    let c = COMMUNITIES_CSV;
    vec![
        ("\u{feff}".into(), "the file is empty: expected a header row and one row per record".into()),
        (c.replacen(",lac,", ",looked_after,", 1), "No header row found: none of the first 100 lines has a column for each of id, name, pupils, idaci_a, idaci_b, idaci_c, idaci_d, idaci_e, idaci_f, lac, lpa and historic. The row that looks most like one is line 1 (id = \"id\", name = \"name\", pupils = \"pupils\", idaci_a = \"idaci_a\", idaci_b = \"idaci_b\", idaci_c = \"idaci_c\", idaci_d = \"idaci_d\", idaci_e = \"idaci_e\", idaci_f = \"idaci_f\", lpa = \"lpa\", historic = \"historic\", protection = \"protection\", protection_rate = \"protection_rate\"), which has no column for lac. Its other columns are \"looked_after\". Give each a column with a heading the calculator knows, e.g. lac (\"looked after children\", \"looked-after children\"), or choose the column for each.".into()),
        (cell(c, 2, 1, ""), "line 2: id: is missing".into()),
        (cell(c, 3, 1, "C1"), "line 3: id: \"C1\" is already used on line 2: community ids must be unique".into()),
        (cell(c, 2, 2, ""), "line 2: name: is missing".into()),
        (cell(c, 2, 3, "many"), "line 2: pupils: must be a whole number of 0 or more, e.g. 120 (got \"many\")".into()),
        (cell(c, 2, 3, ""), "line 2: pupils: must be a whole number of 0 or more, e.g. 120 (got \"\")".into()),
        (cell(c, 2, 3, "2000000000"), "line 2: pupils: must be at most 1,000,000,000 (got \"2000000000\")".into()),
        (cell(c, 2, 6, "-1"), "line 2: idaci_c: must be a whole number of 0 or more, e.g. 120 (got \"-1\")".into()),
        (cell(c, 2, 10, "4.5"), "line 2: lac: must be a whole number of 0 or more, e.g. 120 (got \"4.5\")".into()),
        (cell(c, 2, 12, "lots"), format!("line 2: historic: {MONEY} (got \"lots\")")),
        (cell(c, 2, 13, "E"), "line 2: protection: must be A, B, C or D (got \"E\")".into()),
        (cell(c, 2, 14, "150%"), "line 2: protection_rate: must be between 0 and 100 (got \"150\")".into()),
        (cell(c, 2, 14, "1.5"), "line 2: protection_rate: must be between 0 and 1 (got \"1.5\")".into()),
        (cell(c, 2, 14, "half"), "line 2: protection_rate: must be a decimal number with at most six decimals, e.g. 0.5 (got \"half\")".into()),
    ]
}

// --- the tests -----------------------------------------------------------------------------

#[test]
fn the_valid_inputs_are_valid() {
    assert_eq!(scenario_errors(&base()), Vec::<String>::new());
    let mut by_path = base();
    apply(&mut by_path, &del("rate_card"));
    apply(&mut by_path, &set("rate_card_path", json!("card.json")));
    assert_eq!(scenario_errors(&by_path), Vec::<String>::new());
    let p = read_pupils(PUPILS_CSV.as_bytes(), Some(&shipped()));
    assert_eq!((p.errors.len(), p.accepted.len()), (0, 3));
    let c = read_communities(COMMUNITIES_CSV.as_bytes());
    assert_eq!((c.errors.len(), c.accepted.len()), (0, 2));
}

/// Every fault alone gives exactly its one line, and that line is one line of text.
#[test]
fn each_single_fault_gives_exactly_its_one_error_line() {
    let mut wrong = Vec::new();
    let mut kinds = BTreeSet::new();
    let mut check = |what: String, got: Vec<String>, want: &str| {
        assert!(!want.contains('\n'), "{what}: the expected line is not one line");
        if got != [want] {
            wrong.push(format!("{what}\n    want: {want}\n    got:  {}", got.join("\n          ")));
        }
        kinds.insert(want.to_string());
    };
    for (i, fault) in scenario_faults().iter().enumerate() {
        let mut doc = base();
        for e in &fault.edits {
            apply(&mut doc, e);
        }
        check(format!("scenario fault {i}"), scenario_errors(&doc), &fault.want);
    }
    for (text, want) in text_faults() {
        check(format!("scenario text {text:?}"), scenario_errors_of_text(text), want);
    }
    for (text, want) in pupil_faults() {
        check(format!("pupil CSV {text:?}"), pupil_errors(&text), &want);
    }
    for (text, want) in community_faults() {
        check(format!("Community CSV {text:?}"), community_errors(&text), &want);
    }
    assert!(wrong.is_empty(), "{} of the faults do not give exactly their line:\n{}", wrong.len(), wrong.join("\n"));
    let n = scenario_faults().len() + text_faults().len() + pupil_faults().len() + community_faults().len();
    println!("fault catalogue: {n} single faults, {} distinct lines, {} unreachable messages", kinds.len(), UNREACHABLE.len());
    assert!(n >= 190, "the catalogue has shrunk to {n} faults");
}

/// Every message template of the readers appears in the catalogue (or is listed as unreachable):
/// a new message without a fault here fails this test.
#[test]
fn the_catalogue_covers_every_message_of_the_readers() {
    let mut lines: Vec<String> = scenario_faults().into_iter().map(|f| f.want).collect();
    lines.extend(text_faults().into_iter().map(|(_, w)| w.to_string()));
    lines.extend(pupil_faults().into_iter().map(|(_, w)| w));
    lines.extend(community_faults().into_iter().map(|(_, w)| w));
    let all = lines.join("\n");
    // The fixed text of each message the readers can produce (the part before any value).
    let templates = [
        "is empty: expected a JSON object",
        "is not valid JSON",
        "unknown key (expected one of",
        "must be an object {…} (got",
        "is missing (required)",
        "must be text (got",
        "must not be empty",
        "characters (got",
        "must be true or false (got",
        "must be a fraction between 0 and 1 (got",
        "must be a decimal number (got",
        "must be a whole number (got",
        "must be a list […] (got",
        "must be one of",
        "give either rate_card or rate_card_path, not both",
        "cannot read \"",
        "is missing: give the rate card inline",
        "is listed twice",
        "must list at least one academic year",
        "must be an object of academic years and amounts",
        "is before the community AY",
        "is less than the top-slice",
        "URNs must be unique",
        "community ids must be unique",
        "unknown community",
        "(no communities are listed)",
        "is more than its community's",
        "pupil ids must be unique within a school",
        "unknown band",
        "must not be empty: give each pupil a pseudonymous id",
        "must be N1, N2, R or a year from 1 to 14",
        "needs year_group_as_at: give the academic year",
        "must be a date like 2025-09-01 (got",
        "is not a real date",
        "is before the start date",
        "source ids must be unique",
        "a band on the tariff route needs its annual rate (R3.1)",
        "must list at least one band",
        "band codes must be unique",
        "must fall on 1 September",
        "must be on or after dates.community_start",
        "must be from 0 to 12 months",
        "(required: a fraction, or null for none)",
        "which names no listed source",
        "population and deprivation must sum to 1",
        "idaci, lac and lpa must sum to 1",
        "must be an object of academic years, e.g.",
        "must list the community AY",
        "must be an academic year like 2025/26",
        "is not an academic year:",
        "is outside the years this calculator models",
        "with at most two decimals",
        "must be at most 1,000,000,000",
        "must be a decimal number with at most six decimals",
        "must be between 0 and 1 (got",
        "must be between 0 and 1000 (got",
        "must be between 0 and 100 (got",
        "must be a whole number of 0 or more, e.g. 120",
        "the file is empty: expected a header row",
        "No header row found: none of the first 100 lines has a column for each of",
        "which has no column for",
        "is already used on line",
        "must be mainstream, srp or special",
        "is missing: give the pupil's Continuum band code",
        "must be yes or no (also y/n, true/false, 1/0)",
        "is missing: enter the pupil's current annual top-up",
        "must be a date like 2025-09-01 or 01/09/2025",
        "must be a date like 01/09/2025 or 2025-09-01",
        "is not a real date (day/month/year)",
        "must be A, B, C or D",
        "line 2: id: is missing",
    ];
    let missing: Vec<&str> = templates.iter().filter(|t| !all.contains(*t)).copied().collect();
    assert!(missing.is_empty(), "messages with no fault in the catalogue: {missing:?}");
    // Each message written in the readers' source is one of the templates above or listed as
    // unreachable: counting them keeps this list honest when a message is added.
    let src: String = ["json.rs", "scenario.rs", "ratecard.rs", "csv_import.rs", "money.rs", "periods.rs"]
        .iter()
        .map(|f| std::fs::read_to_string(format!("{}/src/engine/{f}", env!("CARGO_MANIFEST_DIR"))).unwrap())
        .collect();
    let errors_written = src.matches("InputError::new(").count() + src.matches("Err(format!(").count() + src.matches("ok_or_else(|| format!(").count();
    assert!(errors_written <= 66, "the readers write {errors_written} errors: a new message? add its fault to the catalogue and raise this bound");
}

/// R10.5: no fault hides another, and none makes another record say something untrue. Every
/// pair of faults in different places gives exactly the lines of each.
#[test]
fn no_fault_hides_or_changes_another() {
    let faults = scenario_faults();
    let singles: Vec<Vec<String>> = faults
        .iter()
        .map(|fault| {
            let mut doc = base();
            fault.edits.iter().for_each(|e| apply(&mut doc, e));
            scenario_errors(&doc)
        })
        .collect();
    // Two faults are independent when neither touches what the other touches (or its parent),
    // neither replaces the whole document, the card or a list other records refer to, and
    // neither is a cross-reference whose text lists what the other changes.
    let structural = |fault: &Fault| {
        fault.edits.iter().any(|e| {
            let t = touched(e);
            matches!(e, Edit::Whole(_))
                || ["rate_card", "rate_card_path", "communities", "schools", "pots", "years", "rate_card|bands", "rate_card|sources", "rate_card|dates", "rate_card|community"].contains(&t.as_str())
                || t.starts_with("rate_card|community|topslice")
                || t.starts_with("rate_card|dates|community_start")
                || t.ends_with("|id") && t.starts_with("communities")
                || t.ends_with("|code") && t.starts_with("rate_card|bands")
                || t.ends_with("|id") && t.starts_with("rate_card|sources")
                || t.starts_with("communities|0|indicators")
                || t.starts_with("schools|0|community")
                || t.starts_with("schools|0|indicators")
                // A whole record replaced: what it offered to references goes with it.
                || t.split('|').count() == 3 && t.starts_with("rate_card|") && t.split('|').nth(2).is_some_and(|x| x.parse::<usize>().is_ok())
        })
    };
    let overlaps = |a: &Fault, b: &Fault| {
        a.edits.iter().any(|x| {
            b.edits.iter().any(|y| {
                let (tx, ty) = (touched(x), touched(y));
                tx == ty || tx.starts_with(&format!("{ty}|")) || ty.starts_with(&format!("{tx}|"))
                    // A pupil's id against the other pupil's (duplicates), a school's URN against the other's.
                    || (tx.ends_with("|id") && ty.ends_with("|id")) || (tx.ends_with("|urn") && ty.ends_with("|urn"))
                    // A pupil's start and end are checked together; years against each other.
                    || (tx.starts_with("schools|0|pupils|0") && ty.starts_with("schools|0|pupils|0"))
                    // A school's last year group needs its year_group_as_at (R11.3).
                    || [tx.as_str(), ty.as_str()].iter().all(|t| t.starts_with("schools|1|year_group_as_at") || t.starts_with("schools|1|last_year_group"))
                    || [tx.as_str(), ty.as_str()].iter().all(|t| t.starts_with("schools|0|year_group_as_at") || t.starts_with("schools|0|last_year_group"))
                    || (tx.starts_with("years|") && ty.starts_with("years|"))
                    // Checks of a whole section (a sum, the community AY listed) need each part.
                    || ["weights", "mix", "historic_weight"].iter().any(|s| {
                        let sec = format!("rate_card|community|{s}");
                        tx.starts_with(&sec) && ty.starts_with(&sec)
                    })
            })
        })
    };
    let mut pairs = 0;
    let mut wrong = Vec::new();
    for (i, a) in faults.iter().enumerate() {
        if structural(a) {
            continue;
        }
        for (j, b) in faults.iter().enumerate().skip(i + 1) {
            if structural(b) || overlaps(a, b) {
                continue;
            }
            let mut doc = base();
            a.edits.iter().chain(&b.edits).for_each(|e| apply(&mut doc, e));
            let mut got = scenario_errors(&doc);
            let mut want: Vec<String> = singles[i].iter().chain(&singles[j]).cloned().collect();
            got.sort();
            want.sort();
            pairs += 1;
            if got != want {
                wrong.push(format!("{} + {}\n    want: {}\n    got:  {}", a.want, b.want, want.join("\n          "), got.join("\n          ")));
            }
        }
    }
    println!("{pairs} pairs of independent faults");
    assert!(pairs > 3000, "only {pairs} pairs");
    assert!(wrong.is_empty(), "{} pairs interfere:\n{}", wrong.len(), wrong.iter().take(20).cloned().collect::<Vec<_>>().join("\n"));
}

/// Faults that must not hide others, by name: a Community with a bad protection option is
/// still its schools' Community, and a rate card with a bad mix still checks the pupils' bands.
#[test]
fn a_community_with_a_bad_option_is_still_its_schools_community_and_a_bad_mix_still_checks_bands() {
    let mut doc = base();
    apply(&mut doc, &set("communities|0|protection", json!("Z")));
    apply(&mut doc, &set("communities|1|protection", json!("Z")));
    assert_eq!(
        scenario_errors(&doc),
        vec!["communities[0].protection: must be one of A, B, C, D (got \"Z\")", "communities[1].protection: must be one of A, B, C, D (got \"Z\")",]
    );
    let mut doc = base();
    apply(&mut doc, &set("rate_card|community|mix|lac", json!(0.3)));
    apply(&mut doc, &set("schools|0|pupils|0|band", json!("ZZ")));
    apply(&mut doc, &set("pots|2024/25", json!("5")));
    assert_eq!(
        scenario_errors(&doc),
        vec![
            "rate_card.community.mix: idaci, lac and lpa must sum to 1 (got 1.05)".to_string(),
            "pots.2024/25: 2024/25 is before the community AY 2025/26: Community budgets begin on 2025-09-01 (R1.5, R2.4)".to_string(),
            format!("schools[0].pupils[0].band: unknown band \"ZZ\" ({KNOWN_BANDS})"),
        ]
    );
    // A band with other faults can still be referred to; a reference to a code no band has is
    // reported with every code the card has.
    let mut doc = base();
    apply(&mut doc, &del("rate_card|bands|4|name"));
    apply(&mut doc, &set("schools|0|pupils|0|band", json!("SA2")));
    assert_eq!(scenario_errors(&doc), vec!["rate_card.bands[4].name: is missing (required)"]);
    // A duplicate pupil id in the CSV is found even when the first line has other faults.
    let text = cell(&cell(PUPILS_CSV, 2, 3, "ZZ"), 3, 1, "P1");
    assert_eq!(
        pupil_errors(&text),
        vec![
            format!("line 2: band: unknown band \"ZZ\" ({KNOWN_BANDS})"),
            "line 3: id: \"P1\" is already used on line 2: pupil ids must be unique within a school".to_string()
        ]
    );
}

/// Typed paths: a UI finds the field without parsing text.
#[test]
fn error_paths_are_typed() {
    use sen_funding::engine::errors::Seg;
    let mut doc = base();
    apply(&mut doc, &set("schools|1|pupils|0|band", json!("ZZ")));
    let errs = Scenario::from_json_str(&doc.to_string(), &mut resolve).unwrap_err();
    let p = &errs[0].path;
    assert_eq!((p.index_after("schools"), p.index_after("pupils"), p.last_key()), (Some(1), Some(0), Some("band")));
    let mut doc = base();
    apply(&mut doc, &del("rate_card"));
    apply(&mut doc, &set("rate_card_path", json!("draft.json")));
    let errs = Scenario::from_json_str(&doc.to_string(), &mut resolve).unwrap_err();
    assert_eq!(errs[0].path.segments(), &[Seg::Key("rate_card_path".into()), Seg::File("draft.json".into()), Seg::Key("status".into())]);
    let imp = read_pupils(cell(PUPILS_CSV, 3, 4, "maybe").as_bytes(), None);
    assert_eq!(imp.errors[0].path.segments(), &[Seg::Line(3), Seg::Key("ehcp".into())]);
    assert_eq!(serde_json::to_value(&imp.errors[0]).unwrap()["path"], "line 3: ehcp");
}

// --- the register import (R10.1a, R10.2): grid.rs, register.rs, workbook.rs ---------------

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use sen_funding::engine::grid::{self, Book};
use sen_funding::engine::register::{self, Choice, Options};
use sen_funding::engine::workbook;

/// A cell of a register sheet as the school's MIS writes it.
#[derive(Clone, Debug)]
enum W {
    S(String),
    /// A plain number.
    N(f64),
    /// A currency-formatted number.
    M(f64),
    /// A date cell.
    D(u16, u8, u8),
    B(bool),
    E,
}

fn s(t: &str) -> W {
    W::S(t.to_string())
}

/// A workbook: sheets by name, rows from row 1.
type Sheets = Vec<(String, Vec<Vec<W>>)>;

const PUPIL_HEADER: [&str; 9] = ["Adno", "Surname", "Provision", "Continuum Band", "SEN Status", "Top-up (£)", "Year", "Start date", "Leaving date"];

/// A valid SIMS-style register: a cover sheet, then the pupils under a title row, a blank row
/// and the header on row 3; names beside the ids (never read), every kind of cell R10.1a reads.
fn base_register() -> Sheets {
    vec![
        ("Read me".into(), vec![vec![s("SEN register, autumn term 2025")]]),
        (
            "Pupils".into(),
            vec![
                vec![s("SEN Register")],
                vec![],
                PUPIL_HEADER.iter().map(|h| s(h)).collect(),
                vec![
                    s("001201"),
                    s("Hartley"),
                    s("Mainstream"),
                    s("Specific Allocation 3"),
                    s("E - Education, Health and Care Plan"),
                    W::M(12500.0),
                    s("Year 4"),
                    W::D(2025, 9, 1),
                    W::D(2026, 7, 31),
                ],
                vec![s("001202"), s("Pemberton"), s("Resource base"), s("SA 2"), s("K - SEN Support"), W::M(6000.5), s("Y6"), W::E, W::E],
                vec![s("001203"), s("Okafor"), s("Special school"), s("sa4"), W::B(true), W::N(15000.0), W::N(7.0), s("01/09/2025"), W::E],
            ],
        ),
    ]
}

/// A valid Community list (R10.2) as a workbook: a title row, the header on row 2.
fn base_communities() -> Sheets {
    let row = |id: &str, name: &str, prot: W, rate: W| {
        let mut r = vec![s(id), s(name)];
        r.extend([12000.0, 300.0, 400.0, 500.0, 600.0, 700.0, 800.0, 40.0, 900.0].map(W::N));
        r.extend([W::M(1250000.0), prot, rate]);
        r
    };
    vec![(
        "Communities".into(),
        vec![COMMUNITY_HEADINGS.iter().map(|h| s(h)).collect(), row("C01", "North", s("B"), W::N(0.75)), row("C02", "South", W::E, W::E)]
            .into_iter()
            .enumerate()
            .flat_map(|(i, r)| if i == 0 { vec![vec![s("Kent Communities of schools")], r] } else { vec![r] })
            .collect(),
    )]
}

fn xlsx_of(sheets: &Sheets) -> Vec<u8> {
    let mut book = Workbook::new();
    let money = Format::new().set_num_format("£#,##0.00");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (name, rows) in sheets {
        let ws = book.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match v {
                    W::S(t) => ws.write_string(r, c, t).map(|_| ()),
                    W::N(n) => ws.write_number(r, c, *n).map(|_| ()),
                    W::M(n) => ws.write_number_with_format(r, c, *n, &money).map(|_| ()),
                    W::D(y, m, d) => ws.write_datetime_with_format(r, c, ExcelDateTime::from_ymd(*y, *m, *d).unwrap(), &date).map(|_| ()),
                    W::B(b) => ws.write_boolean(r, c, *b).map(|_| ()),
                    W::E => Ok(()),
                }
                .unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

/// What an import says: its errors, then its notices, one line each.
fn said<T>(imp: &register::Imported<T>) -> Vec<String> {
    imp.errors.iter().map(|e| e.to_string()).chain(imp.notices.iter().cloned()).collect()
}

fn card_opts(card: &RateCard) -> Options<'_> {
    Options { card: Some(card), ..Options::default() }
}

/// The bytes of a file through the command line's reader (`workbook::read_any`) and the register
/// import: its one refusal, or what the import says.
fn pupil_lines(bytes: &[u8], opts: &Options) -> Vec<String> {
    match workbook::read_any(bytes) {
        Err(e) => vec![e.to_string()],
        Ok(book) => said(&register::import_pupils(&book, opts)),
    }
}

fn community_lines(bytes: &[u8], opts: &Options) -> Vec<String> {
    match workbook::read_any(bytes) {
        Err(e) => vec![e.to_string()],
        Ok(book) => said(&register::import_communities(&book, opts)),
    }
}

/// One fault of a register: the sheets changed, or other bytes altogether; the options.
enum RegFault {
    /// The base register with this edit.
    Edit(fn(&mut Sheets)),
    /// The base register with this edit, read with these column choices.
    Choose(fn(&mut Sheets), Vec<(&'static str, Choice)>),
    /// These bytes instead.
    Bytes(Vec<u8>),
    /// These bytes as the spreadsheet module reads them (`workbook::read_workbook`).
    ModuleBytes(Vec<u8>),
    /// Pasted cells (`grid::pasted_book`), read without a header row with these choices.
    Pasted(&'static str, Vec<(&'static str, Choice)>),
}

fn pupils_sheet(w: &mut Sheets) -> &mut Vec<Vec<W>> {
    &mut w[1].1
}

/// The cell of the pupils sheet at (row, column), both counted from 1 as a spreadsheet shows
/// them (column 1 = A).
fn at(w: &mut Sheets, row: usize, col: usize) -> &mut W {
    let r = &mut pupils_sheet(w)[row - 1];
    if r.len() < col {
        r.resize(col, W::E);
    }
    &mut r[col - 1]
}

/// The parts of a zip, unpacked.
fn parts_of(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let name = f.name().unwrap().into_owned();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (name, data)
        })
        .collect()
}

/// The base register's .xlsx with one part replaced (or, with `None`, left out).
fn with_part(name: &str, data: Option<&[u8]>) -> Vec<u8> {
    let parts = parts_of(&xlsx_of(&base_register()));
    let kept: Vec<(&str, &[u8])> =
        parts.iter().filter_map(|(n, d)| if n == name { data.map(|x| (n.as_str(), x)) } else { Some((n.as_str(), d.as_slice())) }).collect();
    zip_of(&kept)
}

/// An OLE2 compound file holding these streams.
fn ole2_of(streams: &[&str]) -> Vec<u8> {
    let mut cf = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    for name in streams {
        use std::io::Write;
        cf.create_stream(name).unwrap().write_all(b"\x00\x01\x02\x03").unwrap();
    }
    cf.flush().unwrap();
    cf.into_inner().into_inner()
}

fn utf16le_bom(s: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    out.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
    out
}

/// Pasted cells in the calculator's own column order (R10.1), chosen by position.
const PASTED: [(&str, Choice); 5] =
    [("id", Choice::Column(0)), ("setting", Choice::Column(1)), ("band", Choice::Column(2)), ("ehcp", Choice::Column(3)), ("current_e3", Choice::Column(4))];

const PLEASE_SAVE: &str = "Save it again from your spreadsheet program (as .xlsx) and try again.";

/// Every single fault of a school's register (R10.1a) and its one line: the cells of the sheet,
/// its header, the columns chosen, the file itself.
fn register_faults() -> Vec<(&'static str, RegFault, String)> {
    use RegFault::*;
    let row = |n: usize| format!("sheet \"Pupils\" row {n}");
    let known = KNOWN_BANDS;
    let header_row = |cols: &[&str]| -> Vec<W> { cols.iter().map(|h| s(h)).collect() };
    let _ = header_row;
    vec![
        // Bands.
        ("band code unknown", Edit(|w| *at(w, 4, 4) = s("SA 9")), format!("{}: Continuum Band: unknown band \"SA 9\" ({known})", row(4))),
        ("band name unknown", Edit(|w| *at(w, 5, 4) = s("Specific Allocation 9")), format!("{}: Continuum Band: unknown band \"Specific Allocation 9\" ({known})", row(5))),
        ("band as a TRUE cell", Edit(|w| *at(w, 6, 4) = W::B(true)), format!("{}: Continuum Band: unknown band \"TRUE\" ({known})", row(6))),
        ("band missing", Edit(|w| *at(w, 4, 4) = W::E), format!("{}: Continuum Band: is missing: give the pupil's Continuum band code", row(4))),
        // SEN status.
        ("SEN status unreadable", Edit(|w| *at(w, 4, 5) = s("Statemented?")), format!("{}: SEN Status: must be yes or no (also y/n, true/false, 1/0) (got \"Statemented?\")", row(4))),
        ("SEN status with an unknown code", Edit(|w| *at(w, 5, 5) = s("X - Other")), format!("{}: SEN Status: must be yes or no (also y/n, true/false, 1/0) (got \"X - Other\")", row(5))),
        ("SEN status missing", Edit(|w| *at(w, 5, 5) = W::E), format!("{}: SEN Status: must be yes or no (also y/n, true/false, 1/0) (got \"\")", row(5))),
        // Top-ups: currency cells, text, other cells.
        ("top-up currency cell of 10.005", Edit(|w| *at(w, 4, 6) = W::M(10.005)), format!("{}: Top-up (£): {MONEY} (got \"10.005\")", row(4))),
        ("top-up text £10.005", Edit(|w| *at(w, 4, 6) = s("£10.005")), format!("{}: Top-up (£): {MONEY} (got \"£10.005\")", row(4))),
        ("top-up negative", Edit(|w| *at(w, 5, 6) = W::N(-5.0)), format!("{}: Top-up (£): {MONEY} (got \"-5\")", row(5))),
        ("top-up over the limit", Edit(|w| *at(w, 5, 6) = W::M(2e9)), format!("{}: Top-up (£): must be at most 1,000,000,000 (got \"2000000000\")", row(5))),
        ("top-up beyond any decimal", Edit(|w| *at(w, 5, 6) = W::N(1e30)), format!("{}: Top-up (£): {MONEY} (got \"1000000000000000000000000000000\")", row(5))),
        ("top-up a date cell", Edit(|w| *at(w, 6, 6) = W::D(2025, 9, 1)), format!("{}: Top-up (£): {MONEY} (got \"2025-09-01\")", row(6))),
        ("top-up TRUE", Edit(|w| *at(w, 6, 6) = W::B(true)), format!("{}: Top-up (£): {MONEY} (got \"TRUE\")", row(6))),
        ("top-up missing", Edit(|w| *at(w, 6, 6) = W::E), format!("{}: Top-up (£): is missing: enter the pupil's current annual top-up, or 0 if none", row(6))),
        // Settings, years.
        ("setting unknown", Edit(|w| *at(w, 4, 3) = s("Academy")), format!("{}: Provision: must be mainstream, srp or special (got \"Academy\")", row(4))),
        ("setting missing under its column", Edit(|w| *at(w, 6, 3) = W::E), format!("{}: Provision: must be mainstream, srp or special (got \"\")", row(6))),
        ("year 15", Edit(|w| *at(w, 4, 7) = s("Year 15")), format!("{}: Year: must be N1, N2, R or a year from 1 to 14 (got \"Year 15\")", row(4))),
        ("year as a number cell 0", Edit(|w| *at(w, 6, 7) = W::N(0.0)), format!("{}: Year: must be N1, N2, R or a year from 1 to 14 (got \"0\")", row(6))),
        // Dates.
        ("start a number outside 2000-2100", Edit(|w| *at(w, 4, 8) = W::N(123.0)), format!("{}: Start date: is the number 123, not a date: give a date like 01/09/2025", row(4))),
        ("start a number with a fraction", Edit(|w| *at(w, 4, 8) = W::N(45901.5)), format!("{}: Start date: is the number 45901.5, not a date: give a date like 01/09/2025", row(4))),
        ("start not a real date", Edit(|w| *at(w, 6, 8) = s("31/02/2026")), format!("{}: Start date: 31/02/2026 is not a real date (day/month/year)", row(6))),
        ("start with dots", Edit(|w| *at(w, 6, 8) = s("1.9.2025")), format!("{}: Start date: must be a date like 01/09/2025 or 2025-09-01 (got \"1.9.2025\")", row(6))),
        ("start text with a time", Edit(|w| *at(w, 6, 8) = s("soon 10:00")), format!("{}: Start date: must be a date like 01/09/2025 or 2025-09-01 (got \"soon 10:00\")", row(6))),
        ("start month 13", Edit(|w| *at(w, 6, 8) = s("2025-13-01")), format!("{}: Start date: must be a date like 2025-09-01 or 01/09/2025 (got \"2025-13-01\")", row(6))),
        ("leaving a TRUE cell", Edit(|w| *at(w, 5, 9) = W::B(true)), format!("{}: Leaving date: must be a date like 01/09/2025 or 2025-09-01 (got \"TRUE\")", row(5))),
        ("leaving before start", Edit(|w| *at(w, 4, 9) = W::D(2025, 8, 31)), format!("{}: Leaving date: 2025-08-31 is before the start date 2025-09-01: a pupil is on roll from start to end", row(4))),
        // Ids.
        ("id missing", Edit(|w| *at(w, 5, 1) = W::E), format!("{}: Adno: must not be empty: give each pupil a pseudonymous id, e.g. P001", row(5))),
        ("id too long", Edit(|w| *at(w, 5, 1) = s(&"7".repeat(33))), format!("{}: Adno: must be at most 32 characters (got 33)", row(5))),
        ("id repeated", Edit(|w| *at(w, 6, 1) = s("001201")), format!("{}: Adno: \"001201\" is already used on row 4: pupil ids must be unique within a school", row(6))),
        (
            "id repeated, once a number cell",
            Edit(|w| {
                *at(w, 4, 1) = W::N(1201.0);
                *at(w, 5, 1) = s("1201");
            }),
            format!("{}: Adno: \"1201\" is already used on row 4: pupil ids must be unique within a school", row(5)),
        ),
        // The header and the columns.
        (
            "no band column",
            Edit(|w| *at(w, 3, 4) = s("Grade")),
            "No header row found: none of the first 100 rows of the sheets \"Read me\" and \"Pupils\" has a column for each of id, band, ehcp and current_e3. The row that looks most like one is sheet \"Pupils\" row 3 (id = \"Adno\", setting = \"Provision\", ehcp = \"SEN Status\", current_e3 = \"Top-up (£)\", year_group = \"Year\", start = \"Start date\", end = \"Leaving date\"), which has no column for band. Its other columns are \"Grade\". Give each a column with a heading the calculator knows, e.g. band (\"continuum band\", \"continuum\", \"level\"), or choose the column for each.".into(),
        ),
        (
            "no id column, names only",
            Edit(|w| *at(w, 3, 1) = s("Forename")),
            "No header row found: none of the first 100 rows of the sheets \"Read me\" and \"Pupils\" has a column for each of id, band, ehcp and current_e3. The row that looks most like one is sheet \"Pupils\" row 3 (setting = \"Provision\", band = \"Continuum Band\", ehcp = \"SEN Status\", current_e3 = \"Top-up (£)\", year_group = \"Year\", start = \"Start date\", end = \"Leaving date\"), which has no column for id. Give each a column with a heading the calculator knows, e.g. id (\"pupil id\", \"adno\", \"admission number\"), or choose the column for each.".into(),
        ),
        (
            "the header below row 100",
            Edit(|w| {
                let rows = pupils_sheet(w);
                for i in 0..99 {
                    rows.insert(1, vec![s(&format!("note {i}"))]);
                }
            }),
            "No header row found: none of the first 100 rows of the sheets \"Read me\" and \"Pupils\" has a column for each of id, band, ehcp and current_e3. Give each a column with a heading the calculator knows, e.g. id (\"pupil id\", \"adno\", \"admission number\"); band (\"continuum band\", \"continuum\", \"level\"); ehcp (\"sen status\", \"ehc plan\", \"has ehcp\"); current_e3 (\"top-up\", \"element 3\", \"current e3\"), or choose the column for each.".into(),
        ),
        (
            "two columns look like ehcp",
            Edit(|w| {
                *at(w, 3, 10) = s("EHCP");
                *at(w, 4, 10) = s("yes");
            }),
            format!("{}: the columns \"SEN Status\" (column E) and \"EHCP\" (column J) both look like the ehcp column: keep one, rename the others, or choose which one to read for ehcp", row(3)),
        ),
        (
            "three columns look like the top-up",
            Edit(|w| {
                *at(w, 3, 10) = s("E3");
                *at(w, 3, 11) = s("Element 3");
            }),
            format!("{}: the columns \"Top-up (£)\" (column F), \"E3\" (column J) and \"Element 3\" (column K) all look like the current_e3 column: keep one, rename the others, or choose which one to read for current_e3", row(3)),
        ),
        (
            "a column of names chosen for id",
            Choose(|_| {}, vec![("id", Choice::Heading("Surname".into()))]),
            format!("{}: the column \"Surname\" is never read: it can only identify a child (it holds names). Choose another column for id", row(3)),
        ),
        (
            "one column chosen for two fields",
            Choose(|_| {}, vec![("band", Choice::Column(3)), ("year_group", Choice::Column(3))]),
            format!("{}: the column \"Continuum Band\" (column D) is chosen for both band and year_group: choose one column for each", row(3)),
        ),
        (
            "a column chosen for no field",
            Choose(|_| {}, vec![("colour", Choice::Column(1))]),
            "there is no pupil field \"colour\" to choose a column for (the fields are id, setting, band, ehcp, current_e3, year_group, start, end)".into(),
        ),
        (
            "a heading chosen that no column has",
            Choose(|_| {}, vec![("ehcp", Choice::Heading("SEN Code".into()))]),
            "No header row found: none of the first 100 rows of the sheets \"Read me\" and \"Pupils\" has a column for each of id, band, ehcp and current_e3. The row that looks most like one is sheet \"Pupils\" row 3 (id = \"Adno\", setting = \"Provision\", band = \"Continuum Band\", current_e3 = \"Top-up (£)\", year_group = \"Year\", start = \"Start date\", end = \"Leaving date\"), which has no column for ehcp. Its other columns are \"SEN Status\". No column there is headed \"SEN Code\" (chosen for ehcp). Give each a column with a heading the calculator knows, e.g. ehcp (\"sen status\", \"ehc plan\", \"has ehcp\"), or choose the column for each.".into(),
        ),
        (
            "pasted cells with no column chosen for two fields",
            Pasted("001201\tmainstream\tSA3\tE\t12500\n", vec![("id", Choice::Column(0)), ("setting", Choice::Column(1)), ("ehcp", Choice::Column(3))]),
            "Choose the column that holds band and current_e3: the cells have no header row to find them by.".into(),
        ),
        ("pasted cells with a bad band", Pasted("001201\tmainstream\tSA 9\tE\t12500\n", PASTED.to_vec()), format!("row 1: column C: unknown band \"SA 9\" ({known})")),
        // Notices: what the import tells, with no fault.
        (
            "the header repeated (a report printed page by page)",
            Edit(|w| {
                let h = pupils_sheet(w)[2].clone();
                pupils_sheet(w).insert(4, h);
            }),
            "Row 5 repeats the header row again, and was skipped.".into(),
        ),
        (
            "the header repeated twice",
            Edit(|w| {
                let h = pupils_sheet(w)[2].clone();
                pupils_sheet(w).insert(4, h.clone());
                pupils_sheet(w).insert(6, h);
            }),
            "Rows 5, 7 repeat the header row again, and were skipped.".into(),
        ),
        (
            "no setting column",
            Edit(|w| pupils_sheet(w).iter_mut().for_each(|r| if r.len() > 2 { r[2] = W::E })),
            "There is no setting column, so every pupil is taken to be in a mainstream school (the school's first setting).".into(),
        ),
        ("no pupils below the header", Edit(|w| pupils_sheet(w).truncate(3)), "There are no pupils below the header on row 3.".into()),
        ("pasted cells with no pupils", Pasted("\t\t\t\t\tnote\n", PASTED.to_vec()), "There are no pupils in the cells.".into()),
        // The file.
        ("an empty sheet", Edit(|w| *w = vec![("Sheet1".into(), vec![])]), "The sheet \"Sheet1\" is empty: there are no rows to read. Check that this is the right file.".into()),
        ("every sheet empty", Edit(|w| *w = vec![("Sheet1".into(), vec![]), ("Sheet2".into(), vec![])]), "Every sheet of this workbook is empty: there are no rows to read. Check that this is the right file.".into()),
        (
            "too large",
            Bytes(vec![b'a'; grid::MAX_FILE_BYTES + 1]),
            "The file is 32.0 MB, and the calculator reads files of up to 32 MB (a register of 50,000 pupils is about 3 MB). Check that this is the right file, or save just the sheet with the pupils in a new file.".into(),
        ),
        (
            "a zip bomb (declared sizes)",
            Bytes({
                // A stored part whose directory declares 300 MB unpacked.
                let mut z = with_part("xl/worksheets/sheet2.xml", Some(b"<worksheet/>"));
                let cd = z.windows(4).rposition(|w| w == [0x50, 0x4B, 0x01, 0x02]).unwrap();
                z[cd + 24..cd + 28].copy_from_slice(&(300u32 * 1024 * 1024).to_le_bytes());
                z
            }),
            "This workbook would unpack to more than 256 MB, far more than any register: it is damaged, or it is not a register. Save the sheet with the pupils in a new workbook and try again.".into(),
        ),
        (
            "an .ods whose repeats make 100 million cells",
            Bytes(zip_of(&[
                ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
                ("content.xml", b"<office:document-content><office:body><office:spreadsheet><table:table table:name=\"Pupils\"><table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell table:number-columns-repeated=\"100\" office:value-type=\"float\" office:value=\"1\"><text:p>1</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"),
            ])),
            "This spreadsheet repeats its rows or cells to more than 4,000,000 cells, far more than any register: save just the pupils in a new spreadsheet and try again.".into(),
        ),
        (
            "a sheet of far-away cells",
            Bytes({
                let mut book = Workbook::new();
                let ws = book.add_worksheet();
                for r in 0..300 {
                    ws.write_string(r, 16_383, "x").unwrap();
                }
                book.save_to_buffer().unwrap()
            }),
            "The sheet \"Sheet1\" has more than 4,000,000 cells, far more than any register: save just the pupils in a new workbook and try again.".into(),
        ),
        (
            "a cell below the last row a sheet can have",
            Bytes(with_part("xl/worksheets/sheet2.xml", Some(b"<worksheet><sheetData><row r=\"4000000000\"><c r=\"A4000000000\" t=\"n\"><v>1</v></c></row></sheetData></worksheet>"))),
            format!("The sheet \"Pupils\" has a cell in row 4,000,000,000, below the last row a sheet can have (1,048,576): the file is damaged. {PLEASE_SAVE}"),
        ),
        (
            "an .xls whose cells span 16 million",
            Bytes(std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/registers/far-cells.xls")).unwrap()),
            "A sheet of this workbook spans more than 4,000,000 cells, far more than any register: save just the pupils in a new workbook and try again.".into(),
        ),
        (
            "protected by a password",
            Bytes(ole2_of(&["/EncryptionInfo", "/EncryptedPackage"])),
            "This workbook is protected by a password, so it cannot be read. Open it in your spreadsheet program, remove the password (or save a copy without one) and try again.".into(),
        ),
        (
            "an Office file that is not a workbook",
            Bytes(ole2_of(&["/WordDocument"])),
            "This file is an Office document but not an Excel workbook: choose the .xls, .xlsx, .ods or .csv file of the register.".into(),
        ),
        (
            "a damaged .xls",
            Bytes({
                let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
                b.resize(600, 0);
                b
            }),
            format!("This file looks like an Excel workbook (.xls) but cannot be opened (Invalid CFB byte order mark (expected 0xFFFE, found 0x0000)): it may be damaged or incomplete. {PLEASE_SAVE}"),
        ),
        (
            "a zip that is not a spreadsheet",
            Bytes(zip_of(&[("hello.txt", b"hi")])),
            "This file is a zip archive but not a spreadsheet (no workbook inside): choose the .xlsx, .ods or .csv file of the register.".into(),
        ),
        (
            "a workbook cut short",
            Bytes({
                let b = xlsx_of(&base_register());
                b[..b.len() / 2].to_vec()
            }),
            format!("This file looks like a workbook but cannot be opened (invalid Zip archive: Could not find EOCD): it may be damaged or incomplete. {PLEASE_SAVE}"),
        ),
        (
            "a workbook with no list of its parts",
            Bytes(with_part("xl/_rels/workbook.xml.rels", None)),
            format!("This workbook cannot be read (File not found 'xl/_rels/workbook.xml.rels'): it may be damaged or incomplete. {PLEASE_SAVE}"),
        ),
        (
            "a sheet whose XML is damaged",
            Bytes(with_part("xl/worksheets/sheet2.xml", Some(b"<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"n\"><v>x</v></c></row></sheetData></worksheet>"))),
            format!("The sheet \"Pupils\" cannot be read (Parse float error: invalid float literal). {PLEASE_SAVE}"),
        ),
        ("text where the spreadsheet module wants a workbook", ModuleBytes(b"Adno,Band\n1,SA3\n".to_vec()), "This file is text, not a workbook: read it as CSV.".into()),
        // Text files through the same reader.
        (
            "UTF-16 \"Unicode text\" with a bad band",
            Bytes(utf16le_bom("Adno\tSurname\tProvision\tContinuum Band\tSEN Status\tTop-up (£)\r\n001201\tHartley\tSRP\tSA 9\tE\t£3,000\r\n")),
            format!("line 2: Continuum Band: unknown band \"SA 9\" ({known})"),
        ),
        (
            "Windows-1252 CSV with a bad top-up",
            Bytes(b"Adno,Setting,Continuum Band,SEN Status,Top-up (\xA3)\r\n001201,srp,SA3,E,\xA310.005\r\n".to_vec()),
            format!("line 2: Top-up (£): {MONEY} (got \"£10.005\")"),
        ),
        (
            "semicolon CSV with a repeated id",
            Bytes(b"Adno;Setting;Continuum Band;SEN Status;Top-up\n001201;srp;SA3;E;100.50\n001201;special;SA2;K;0\n".to_vec()),
            "line 3: Adno: \"001201\" is already used on line 2: pupil ids must be unique within a school".into(),
        ),
    ]
}

/// Faults where a CSV reader (`csv_import`, R10.1) is given a workbook.
fn csv_given_workbook_faults() -> Vec<(Vec<u8>, String)> {
    vec![
        (
            xlsx_of(&base_register()),
            "This file is a workbook (.xlsx or .ods), not CSV text: open it as a spreadsheet, or save it from Excel as \"CSV UTF-8\".".into(),
        ),
        (
            ole2_of(&["/Workbook"]),
            "This file is an Excel workbook (.xls, or a file protected by a password), not CSV text: open it as a spreadsheet, or save it from Excel as \"CSV UTF-8\".".into(),
        ),
    ]
}

/// A fault of a workbook: what it is, the edit, its one line.
type SheetFault = (&'static str, fn(&mut Sheets), String);

/// Every single fault of a Community list as a workbook (R10.2).
fn community_workbook_faults() -> Vec<SheetFault> {
    let row = |n: usize| format!("sheet \"Communities\" row {n}");
    fn c(w: &mut Sheets, r: usize, col: usize) -> &mut W {
        &mut w[0].1[r - 1][col - 1]
    }
    vec![
        ("name missing", |w| *c(w, 3, 2) = W::E, format!("{}: Community name: is missing", row(3))),
        ("pupils a fraction", |w| *c(w, 3, 3) = W::N(1.5), format!("{}: Pupils: must be a whole number of 0 or more, e.g. 120 (got \"1.5\")", row(3))),
        ("IDACI text", |w| *c(w, 4, 8) = s("many"), format!("{}: IDACI E: must be a whole number of 0 or more, e.g. 120 (got \"many\")", row(4))),
        ("historic a date", |w| *c(w, 4, 12) = W::D(2025, 9, 1), format!("{}: Historic (£): {MONEY} (got \"2025-09-01\")", row(4))),
        ("protection E", |w| *c(w, 3, 13) = s("E"), format!("{}: Protection: must be A, B, C or D (got \"E\")", row(3))),
        ("protection rate a number over 1", |w| *c(w, 3, 14) = W::N(1.5), format!("{}: Protection rate: must be between 0 and 1 (got \"1.5\")", row(3))),
        ("protection rate 150%", |w| *c(w, 3, 14) = s("150%"), format!("{}: Protection rate: must be between 0 and 100 (got \"150\")", row(3))),
        ("id repeated", |w| *c(w, 4, 1) = s("C01"), format!("{}: ID: \"C01\" is already used on row 3: community ids must be unique", row(4))),
        ("id missing", |w| *c(w, 4, 1) = W::E, format!("{}: ID: is missing", row(4))),
    ]
}

#[test]
fn the_valid_registers_are_valid() {
    let card = shipped();
    let book = workbook::read_any(&xlsx_of(&base_register())).unwrap();
    let imp = register::import_pupils(&book, &card_opts(&card));
    assert_eq!(said(&imp), Vec::<String>::new());
    assert_eq!(imp.accepted.len(), 3);
    assert_eq!(imp.left_out.len(), 1, "the Surname column is left out");
    let p: Vec<Value> = imp.accepted.iter().map(|(_, p)| p.to_json()).collect();
    assert_eq!(
        p,
        [
            json!({"id": "001201", "setting": "mainstream", "band": "SA3", "ehcp": true, "current_e3": "12500.00", "year_group": "4", "start": "2025-09-01", "end": "2026-07-31"}),
            json!({"id": "001202", "setting": "srp", "band": "SA2", "ehcp": false, "current_e3": "6000.50", "year_group": "6"}),
            json!({"id": "001203", "setting": "special", "band": "SA4", "ehcp": true, "current_e3": "15000.00", "year_group": "7", "start": "2025-09-01"}),
        ]
    );
    let book = workbook::read_any(&xlsx_of(&base_communities())).unwrap();
    let imp = register::import_communities(&book, &Options::default());
    assert_eq!(said(&imp), Vec::<String>::new());
    assert_eq!(imp.accepted.len(), 2);
}

/// Every fault of a register alone gives exactly its one line (an error, or a notice where the
/// import only tells something), and that line is one line of text.
#[test]
fn each_single_register_fault_gives_exactly_its_one_line() {
    let card = shipped();
    let mut wrong = Vec::new();
    let mut n = 0;
    let mut kinds = BTreeSet::new();
    let mut check = |what: &str, got: Vec<String>, want: &str| {
        assert!(!want.contains('\n'), "{what}: the expected line is not one line");
        n += 1;
        kinds.insert(want.to_string());
        if got != [want] {
            wrong.push(format!("{what}\n    want: {want}\n    got:  {}", got.join("\n          ")));
        }
    };
    for (what, fault, want) in register_faults() {
        let got = match fault {
            RegFault::Edit(edit) => {
                let mut w = base_register();
                edit(&mut w);
                pupil_lines(&xlsx_of(&w), &card_opts(&card))
            }
            RegFault::Choose(edit, choices) => {
                let mut w = base_register();
                edit(&mut w);
                let choices = choices.into_iter().map(|(k, c)| (k.to_string(), c)).collect();
                pupil_lines(&xlsx_of(&w), &Options { card: Some(&card), choices, ..Options::default() })
            }
            RegFault::Bytes(b) => pupil_lines(&b, &card_opts(&card)),
            RegFault::ModuleBytes(b) => match workbook::read_workbook(&b) {
                Err(e) => vec![e.to_string()],
                Ok(book) => said(&register::import_pupils(&book, &card_opts(&card))),
            },
            RegFault::Pasted(text, choices) => {
                let book: Book = grid::pasted_book(text).unwrap();
                let choices = choices.into_iter().map(|(k, c)| (k.to_string(), c)).collect();
                said(&register::import_pupils(&book, &Options { card: Some(&card), choices, headerless: true, ..Options::default() }))
            }
        };
        check(what, got, &want);
    }
    for (bytes, want) in csv_given_workbook_faults() {
        let got: Vec<String> = read_pupils(&bytes, Some(&card)).errors.iter().map(|e| e.to_string()).collect();
        check("a CSV reader given a workbook", got, &want);
    }
    for (what, edit, want) in community_workbook_faults() {
        let mut w = base_communities();
        edit(&mut w);
        check(what, community_lines(&xlsx_of(&w), &Options::default()), &want);
    }
    let got = community_lines(&xlsx_of(&base_communities()), &Options { choices: vec![("pupil".into(), Choice::Column(0))], ..Options::default() });
    check("a Community field that does not exist", got, "there is no Community field \"pupil\" to choose a column for (the fields are id, name, pupils, idaci_a, idaci_b, idaci_c, idaci_d, idaci_e, idaci_f, lac, lpa, historic, protection, protection_rate)");
    assert!(wrong.is_empty(), "{} of the register faults do not give exactly their line:\n{}", wrong.len(), wrong.join("\n"));
    println!("register fault catalogue: {n} single faults, {} distinct lines", kinds.len());
    assert!(n >= 70, "the register catalogue has shrunk to {n} faults");
}

/// Messages of the register import that no input reaches, and why.
const UNREACHABLE_REGISTER: [(&str, &str); 1] =
    [("cannot be read as pasted cells", "pasted_book reads a &str with a flexible csv reader: it has no UTF-8, length or I/O error to give")];

/// Every message template of the register import (`grid.rs`, `register.rs`, `workbook.rs`)
/// appears in the register catalogue (or is listed as unreachable), and counting the messages
/// written in those modules keeps this list honest when one is added.
#[test]
fn the_register_catalogue_covers_every_message_of_grid_register_and_workbook() {
    let mut lines: Vec<String> = register_faults().into_iter().map(|(_, _, w)| w).collect();
    lines.extend(csv_given_workbook_faults().into_iter().map(|(_, w)| w));
    lines.extend(community_workbook_faults().into_iter().map(|(_, _, w)| w));
    lines.push("there is no Community field \"pupil\" to choose a column for".into());
    let all = lines.join("\n");
    let templates = [
        // grid.rs
        "The file is 32.0 MB, and the calculator reads files of up to 32 MB",
        "This file is a workbook (.xlsx or .ods), not CSV text",
        "This file is an Excel workbook (.xls, or a file protected by a password), not CSV text",
        // workbook.rs
        "This file is text, not a workbook: read it as CSV.",
        "This workbook is protected by a password, so it cannot be read.",
        "This workbook cannot be read (",
        "This file looks like a workbook but cannot be opened (",
        "This workbook would unpack to more than 256 MB",
        "This file is a zip archive but not a spreadsheet",
        "This file looks like an Excel workbook (.xls) but cannot be opened (",
        "This file is an Office document but not an Excel workbook",
        "A sheet of this workbook spans more than 4,000,000 cells",
        "This spreadsheet repeats its rows or cells to more than 4,000,000 cells",
        "\" has more than 4,000,000 cells, far more than any register",
        "below the last row a sheet can have (1,048,576): the file is damaged.",
        "\" cannot be read (",
        // register.rs: the file and its header
        "there is no pupil field",
        "there is no Community field",
        "\" is empty: there are no rows to read.",
        "Every sheet of this workbook is empty",
        "Choose the column that holds",
        "both look like the",
        "all look like the",
        "is never read: it can only identify a child",
        "is chosen for both",
        "No header row found: none of the first 100 rows of the sheets",
        "Its other columns are",
        "No column there is headed",
        // register.rs: rows (sheet "…" row N / line N / row N of pasted cells)
        "is already used on row",
        "is already used on line",
        "community ids must be unique",
        "not a date: give a date like 01/09/2025",
        "must be mainstream, srp or special",
        "is missing: give the pupil's Continuum band code",
        "unknown band",
        "must be yes or no",
        "is missing: enter the pupil's current annual top-up",
        "must be N1, N2, R or a year from 1 to 14",
        "is before the start date",
        "must be a date like 01/09/2025 or 2025-09-01",
        "Community name: is missing",
        "must be a whole number of 0 or more, e.g. 120",
        "must be A, B, C or D",
        "must be between 0 and 1 (got",
        "must be between 0 and 100 (got",
        "must be at most 1,000,000,000",
        MONEY,
        // register.rs: notices
        "repeats the header row again, and was skipped.",
        "repeat the header row again, and were skipped.",
        "There is no setting column",
        "There are no pupils below the header on row",
        "There are no pupils in the cells.",
    ];
    let missing: Vec<&str> = templates.iter().filter(|t| !all.contains(*t)).copied().collect();
    assert!(missing.is_empty(), "register messages with no fault in the catalogue: {missing:?}");
    for (m, why) in UNREACHABLE_REGISTER {
        assert!(!all.contains(m), "{m} is listed as unreachable ({why}) but a fault reaches it");
    }
    let src: String = ["grid.rs", "register.rs", "workbook.rs"]
        .iter()
        .map(|f| std::fs::read_to_string(format!("{}/src/engine/{f}", env!("CARGO_MANIFEST_DIR"))).unwrap())
        .collect();
    let written = src.matches("InputError::new(").count()
        + src.matches("fail(format!(").count()
        + src.matches("fail(\"").count()
        + src.matches("Err(format!(").count()
        + src.matches("ok_or_else(|| format!(").count()
        + src.matches("notices.push(").count();
    assert!(written <= 49, "grid, register and workbook write {written} messages: a new message? add its fault to the register catalogue and raise this bound");
}
