//! The workspace as saved: the versioned record kept in the browser ([`Saved`], every cell as
//! typed) with its keys, the other Communities and schools of an opened file read back with the
//! engine's scenario reader (R10.3), and a scenario file the engine refuses (R10.5) read loosely,
//! every value as text, so that it can still be opened and fixed ([`loose_open`]).

use rust_decimal::Decimal;
use sen_funding::engine::money::parse_fraction;
use sen_funding::engine::periods::Ay;
use sen_funding::engine::ratecard::{RateCard, Setting, IDACI_BANDS};
use sen_funding::engine::Scenario;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::details_form::{percent_text, Details, IndicatorsDraft, Others, SchoolKind};
use super::rows::{Cells, Field};

/// The key in the browser's local storage.
pub const STORAGE_KEY: &str = "kent-sen-funding.school-workspace";
/// Where an unreadable saved workspace is kept aside instead of being overwritten.
pub const STORAGE_KEY_UNREADABLE: &str = "kent-sen-funding.school-workspace.unreadable";
pub const STORAGE_VERSION: u32 = 1;

/// The workspace as saved in the browser: versioned; every cell as typed.
#[derive(Debug, Serialize, Deserialize)]
pub struct Saved {
    pub version: u32,
    /// When it was saved (ISO 8601, from the browser's clock).
    #[serde(default)]
    pub saved_at: String,
    #[serde(default)]
    pub example: bool,
    pub details: Details,
    /// One array of eight cells per row, in the order of R10.1.
    pub pupils: Vec<Cells>,
    #[serde(default)]
    pub years: Vec<String>,
    /// Other Communities and schools of an opened file, as the scenario JSON writes them.
    #[serde(default)]
    pub communities: Vec<Value>,
    #[serde(default)]
    pub schools: Vec<Value>,
}

/// Reads back the other Communities and schools of a saved workspace with the engine.
pub fn others_from_json(communities: &[Value], schools: &[Value], card: &RateCard) -> Result<Others, String> {
    if communities.is_empty() && schools.is_empty() {
        return Ok(Others::default());
    }
    let doc = json!({"rate_card": card.to_json(), "communities": communities, "schools": schools});
    Scenario::from_value(&doc, &mut |_| Err("not used".into()))
        .map(|s| Others { communities: s.communities, schools: s.schools })
        .map_err(|errs| errs.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))
}

/// Tries to read a JSON value as text the way the scenario reader would (strings, and numbers
/// from their literal text).
pub fn value_text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => if *b { "yes" } else { "no" }.to_string(),
        _ => String::new(),
    }
}

/// A scenario file that the engine refuses, read loosely so that it can still be opened and
/// fixed in the workspace: its first school, that school's Community and the pots, every value
/// as text.
pub fn loose_open(v: &Value) -> Option<(Details, Vec<Cells>, Vec<Ay>)> {
    let school = v.get("schools")?.as_array()?.first()?;
    let community_id = value_text(school.get("community"));
    let community =
        v.get("communities").and_then(Value::as_array).and_then(|cs| cs.iter().find(|c| value_text(c.get("id")) == community_id && !community_id.is_empty()));
    let ind = |i: Option<&Value>| -> IndicatorsDraft {
        let Some(i) = i else { return IndicatorsDraft::default() };
        let idaci = i.get("idaci");
        IndicatorsDraft {
            pupils: value_text(i.get("pupils")),
            idaci: IDACI_BANDS.map(|b| value_text(idaci.and_then(|x| x.get(b)))),
            lac: value_text(i.get("lac")),
            lpa: value_text(i.get("lpa")),
        }
    };
    let mut d = Details {
        name: value_text(school.get("name")),
        urn: value_text(school.get("urn")),
        community_id: community_id.clone(),
        school_indicators: ind(school.get("indicators")),
        year_group_as_at: value_text(school.get("year_group_as_at")),
        last_year_group: value_text(school.get("last_year_group")),
        ..Details::default()
    };
    if let Some(c) = community {
        d.community_name = value_text(c.get("name"));
        d.community_indicators = ind(c.get("indicators"));
        d.historic = value_text(c.get("historic"));
        d.protection = value_text(c.get("protection"));
        d.protection_rate = c
            .get("protection_rate")
            .and_then(|r| parse_fraction(&value_text(Some(r)), Decimal::ZERO, Decimal::ONE).ok())
            .map(percent_text)
            .unwrap_or_else(|| value_text(c.get("protection_rate")));
    }
    if let Some(pots) = v.get("pots").and_then(Value::as_object) {
        for (k, p) in pots {
            d.pots.insert(k.clone(), value_text(Some(p)));
        }
    }
    let rows: Vec<Cells> = school
        .get("pupils")
        .and_then(Value::as_array)
        .map(|ps| ps.iter().map(|p| Field::ALL.map(|f| value_text(p.get(f.key())))).collect())
        .unwrap_or_default();
    let years = v
        .get("years")
        .and_then(Value::as_array)
        .map(|ys| ys.iter().filter_map(|y| y.as_str().and_then(|s| Ay::parse(s).ok())).collect::<Vec<_>>())
        .filter(|ys| !ys.is_empty())
        .unwrap_or_else(sen_funding::engine::periods::default_years);
    let kind_settings: Vec<Setting> = rows.iter().filter_map(|r| Setting::parse(&r[1])).collect();
    d.kind = SchoolKind::of_pupils(kind_settings.iter());
    Some((d, rows, years))
}
