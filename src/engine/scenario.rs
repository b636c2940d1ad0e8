//! The inputs (R2) and the scenario document that carries them (R10.3): pupils, schools,
//! Communities, pots and the modelled years, validated with every fault under its path (R10.5).
//! The same checks read a form's fields as typed ([`EnteredCounty`]: Communities, a school
//! without pupils and the pots, beside the Communities and schools already read), with the same
//! errors and paths and no document in between ([`Scenario::from_entered`]); R5.8 (a school
//! within its Community) is checked here, on both routes.

use super::errors::{Errors, InputError, Path, Seg};
use super::json::{self, Obj};
use super::money::{fmt_fraction, fmt_money, parse_count, parse_fraction, parse_money, parse_money_lenient};
use super::periods::{default_years, Ay, Date};
use super::ratecard::{raw_id, CardRefs, ProtectionOption, RateCard, Setting, IDACI_BANDS};
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashSet};

/// R2.1 `year_group`: `N1`, `N2`, `R`, `1` … `14`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearGroup {
    N1,
    N2,
    R,
    Y(u8),
}

impl YearGroup {
    /// The spellings of R2.1, exactly.
    pub fn parse(s: &str) -> Option<YearGroup> {
        match s.trim() {
            "N1" => Some(YearGroup::N1),
            "N2" => Some(YearGroup::N2),
            "R" => Some(YearGroup::R),
            t => t.parse::<u8>().ok().filter(|n| (1..=14).contains(n) && !t.starts_with('0') && !t.starts_with('+')).map(YearGroup::Y),
        }
    }

    /// As spreadsheets write them too: `Y7`, `Year 7`, `yr 7`, `Reception`, `n1`.
    pub fn parse_lenient(s: &str) -> Option<YearGroup> {
        let t = s.trim().to_ascii_lowercase().replace(' ', "");
        let t = t.strip_prefix("year").or_else(|| t.strip_prefix("yr")).or_else(|| t.strip_prefix('y')).unwrap_or(&t).to_string();
        match t.as_str() {
            "reception" | "rec" | "r" => Some(YearGroup::R),
            "n1" | "nursery1" => Some(YearGroup::N1),
            "n2" | "nursery2" => Some(YearGroup::N2),
            _ => YearGroup::parse(&t),
        }
    }

    /// R4.1: early years and post-16 are outside the new model.
    pub fn out_of_scope(self) -> bool {
        matches!(self, YearGroup::N1 | YearGroup::N2 | YearGroup::Y(12..=14))
    }

    pub fn as_string(self) -> String {
        match self {
            YearGroup::N1 => "N1".into(),
            YearGroup::N2 => "N2".into(),
            YearGroup::R => "R".into(),
            YearGroup::Y(n) => n.to_string(),
        }
    }

    /// For people: `Nursery 1 (N1)`, `Nursery 2 (N2)`, `Reception`, `Year 7`.
    pub fn label(self) -> String {
        match self {
            YearGroup::N1 => "Nursery 1 (N1)".into(),
            YearGroup::N2 => "Nursery 2 (N2)".into(),
            YearGroup::R => "Reception".into(),
            YearGroup::Y(n) => format!("Year {n}"),
        }
    }

    /// The place of the year group along the sequence of R11.2, N1, N2, R, 1, 2, … 14: N1 is
    /// 0, R is 2, Year 14 is 16.
    pub fn position(self) -> i32 {
        match self {
            YearGroup::N1 => 0,
            YearGroup::N2 => 1,
            YearGroup::R => 2,
            YearGroup::Y(n) => i32::from(n) + 2,
        }
    }

    /// The year group at a place of the sequence (R11.2); `None` before N1 or after Year 14.
    pub fn at_position(p: i32) -> Option<YearGroup> {
        match p {
            0 => Some(YearGroup::N1),
            1 => Some(YearGroup::N2),
            2 => Some(YearGroup::R),
            3..=16 => Some(YearGroup::Y((p - 2) as u8)),
            _ => None,
        }
    }
}

pub const YEAR_GROUP_RULE: &str = "must be N1, N2, R or a year from 1 to 14";

/// R11.3, R10.5: a school's `last_year_group` given without `year_group_as_at`.
pub const LAST_WITHOUT_AS_AT: &str =
    "needs year_group_as_at: give the academic year the pupils' year groups are recorded in, e.g. \"2026/27\", or leave last_year_group out (R11.3)";

/// A year group of R2.1 as the scenario writes it (a pupil's `year_group`, a school's
/// `last_year_group`, R11.3): text, or a number (`7`) read as its text.
fn read_year_group(x: &Value, path: &Path, errs: &mut Errors) -> Option<YearGroup> {
    let s = match x {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        _ => None,
    };
    let y = s.as_deref().and_then(YearGroup::parse);
    if y.is_none() {
        let got = s.map_or_else(|| json::kind(x).to_string(), |s| format!("\"{s}\""));
        errs.push(InputError::new(path, format!("{YEAR_GROUP_RULE} (got {got})")));
    }
    y
}

/// R2.1: a pupil, by a pseudonymous id.
#[derive(Debug, Clone, PartialEq)]
pub struct Pupil {
    pub id: String,
    pub setting: Setting,
    pub band: String,
    pub ehcp: bool,
    pub current_e3: Decimal,
    pub year_group: Option<YearGroup>,
    pub start: Option<Date>,
    pub end: Option<Date>,
}

impl Pupil {
    /// The pupil as the scenario JSON writes it (R10.3).
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id));
        m.insert("setting".into(), json!(self.setting.as_str()));
        m.insert("band".into(), json!(self.band));
        m.insert("ehcp".into(), json!(self.ehcp));
        m.insert("current_e3".into(), json!(fmt_money(self.current_e3)));
        if let Some(y) = self.year_group {
            m.insert("year_group".into(), json!(y.as_string()));
        }
        if let Some(d) = self.start {
            m.insert("start".into(), json!(d.to_string()));
        }
        if let Some(d) = self.end {
            m.insert("end".into(), json!(d.to_string()));
        }
        Value::Object(m)
    }
}

/// R2.3 `indicators` (also a school's own, R2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Indicators {
    /// Pupils aged 5–16 on roll in mainstream schools.
    pub pupils: u64,
    /// Pupil counts in IDACI bands A–F.
    pub idaci: [u64; 6],
    /// Looked-after children.
    pub lac: u64,
    /// Pupils with low prior attainment.
    pub lpa: u64,
}

impl Indicators {
    pub fn to_json(&self) -> Value {
        let mut idaci = Map::new();
        for (i, b) in IDACI_BANDS.iter().enumerate() {
            idaci.insert(b.to_string(), json!(self.idaci[i]));
        }
        json!({"pupils": self.pupils, "idaci": idaci, "lac": self.lac, "lpa": self.lpa})
    }
}

/// R2.3: a Community of schools.
#[derive(Debug, Clone, PartialEq)]
pub struct Community {
    pub id: String,
    pub name: String,
    pub indicators: Indicators,
    /// The £ of E3 its schools received for SEN Support and low-level EHCPs in the baseline year.
    pub historic: Decimal,
    /// `None`: the rate card's default (R6.5 applies the same default to schools with no
    /// Community).
    pub protection: Option<ProtectionOption>,
    /// For option B; `None`: the rate card's rate.
    pub protection_rate: Option<Decimal>,
}

impl Community {
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id));
        m.insert("name".into(), json!(self.name));
        m.insert("indicators".into(), self.indicators.to_json());
        m.insert("historic".into(), json!(fmt_money(self.historic)));
        if let Some(p) = self.protection {
            m.insert("protection".into(), json!(p.as_str()));
        }
        if let Some(r) = self.protection_rate {
            m.insert("protection_rate".into(), json!(fmt_fraction(r)));
        }
        Value::Object(m)
    }
}

/// R2.2: a school and its pupils.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct School {
    pub urn: String,
    pub name: String,
    pub community: Option<String>,
    pub indicators: Option<Indicators>,
    /// R11.1: the AY in which the pupils' `year_group`s are recorded; `None`: every pupil's
    /// year group is as entered in every AY.
    pub year_group_as_at: Option<Ay>,
    /// R11.3: the school's last year group (`6` for a primary school); pupils moved past it
    /// have left. Only with `year_group_as_at`.
    pub last_year_group: Option<YearGroup>,
    pub pupils: Vec<Pupil>,
}

impl School {
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("urn".into(), json!(self.urn));
        m.insert("name".into(), json!(self.name));
        m.insert("community".into(), self.community.as_ref().map_or(Value::Null, |c| json!(c)));
        if let Some(i) = &self.indicators {
            m.insert("indicators".into(), i.to_json());
        }
        if let Some(a) = self.year_group_as_at {
            m.insert("year_group_as_at".into(), json!(a.to_string()));
        }
        if let Some(y) = self.last_year_group {
            m.insert("last_year_group".into(), json!(y.as_string()));
        }
        m.insert("pupils".into(), Value::Array(self.pupils.iter().map(Pupil::to_json).collect()));
        Value::Object(m)
    }
}

/// R10.3: a whole model.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub rate_card: RateCard,
    /// Where the rate card came from, when it was given by path (kept so that saving writes
    /// the same reference back).
    pub rate_card_path: Option<String>,
    /// Modelled AYs, in order.
    pub years: Vec<Ay>,
    /// R2.4: county-wide £ for Community budgets, by AY.
    pub pots: BTreeMap<Ay, Decimal>,
    pub communities: Vec<Community>,
    pub schools: Vec<School>,
}

/// Reads a rate card named by `rate_card_path`; the command-line tool reads a file, the web app
/// has none.
pub type ResolveRateCard<'a> = &'a mut dyn FnMut(&str) -> Result<String, String>;

impl Scenario {
    /// Reads and validates a scenario (R10.3); every fault is reported, each with its path.
    pub fn from_json_str(text: &str, resolve: ResolveRateCard) -> Result<Scenario, Errors> {
        let v = json::parse(text, "scenario").map_err(|e| vec![e])?;
        Scenario::from_value(&v, resolve)
    }

    pub fn from_value(v: &Value, resolve: ResolveRateCard) -> Result<Scenario, Errors> {
        let mut errs = Errors::new();
        let s = read_scenario(v, resolve, &mut errs);
        match s {
            Some(s) if errs.is_empty() => Ok(s),
            _ => {
                if errs.is_empty() {
                    errs.push(InputError::new(Path::root(), "the scenario could not be read"));
                }
                Err(errs)
            }
        }
    }

    /// The scenario as JSON (R10.3): `sen-funding calc` reads it back to the same figures.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        match &self.rate_card_path {
            Some(p) => m.insert("rate_card_path".into(), json!(p)),
            None => m.insert("rate_card".into(), self.rate_card.to_json()),
        };
        m.insert("years".into(), json!(self.years.iter().map(|y| y.to_string()).collect::<Vec<_>>()));
        let pots: Map<String, Value> = self.pots.iter().map(|(y, p)| (y.to_string(), json!(fmt_money(*p)))).collect();
        m.insert("pots".into(), Value::Object(pots));
        m.insert("communities".into(), Value::Array(self.communities.iter().map(Community::to_json).collect()));
        m.insert("schools".into(), Value::Array(self.schools.iter().map(School::to_json).collect()));
        Value::Object(m)
    }

    pub fn community(&self, id: &str) -> Option<&Community> {
        self.communities.iter().find(|c| c.id == id)
    }
}

/// A Community as read, with the parts other records refer to kept even when the record has
/// other faults (R10.5: a reference is checked against every record that has an id).
struct CommunityRecord {
    /// The id as written (text, or a number's digits), whatever its faults.
    id: Option<String>,
    indicators: Option<Indicators>,
    whole: Option<Community>,
}

/// What pupils, schools and pots refer to.
struct Refs<'a> {
    card: &'a CardRefs,
    /// Every Community record with an id: (its index, its id, its indicators if readable).
    /// `None` when `communities` is not a list (references cannot be checked).
    communities: Option<Vec<(usize, String, Option<Indicators>)>>,
}

fn read_scenario(v: &Value, resolve: ResolveRateCard, errs: &mut Errors) -> Option<Scenario> {
    let root = Path::root();
    let top = Obj::new(v, &root, &["rate_card", "rate_card_path", "years", "pots", "communities", "schools"], errs);
    top.map?;

    // The rate card, inline or by path.
    let mut rate_card_path = None;
    let (card, card_refs) = match (top.opt("rate_card"), top.opt("rate_card_path")) {
        (Some(_), Some(_)) => {
            errs.push(InputError::new(top.child("rate_card_path"), "give either rate_card or rate_card_path, not both"));
            (None, CardRefs::default())
        }
        (Some(c), None) => {
            let (card, refs) = RateCard::from_value_with_refs(c);
            (card.map_err(|es| errs.extend(es.into_iter().map(|e| e.within(top.child("rate_card"))))).ok(), refs)
        }
        (None, Some(p)) => match json::text(p, &top.child("rate_card_path"), 1000, errs) {
            None => (None, CardRefs::default()),
            Some(path) => {
                rate_card_path = Some(path.clone());
                let within = top.child("rate_card_path").then(Seg::File(path.clone()));
                match resolve(&path) {
                    Ok(text) => match json::parse(&text, "rate card") {
                        Ok(v) => {
                            let (card, refs) = RateCard::from_value_with_refs(&v);
                            (card.map_err(|es| errs.extend(es.into_iter().map(|e| e.within(&within)))).ok(), refs)
                        }
                        Err(e) => {
                            errs.push(e.within(&within));
                            (None, CardRefs::default())
                        }
                    },
                    Err(e) => {
                        errs.push(InputError::new(top.child("rate_card_path"), format!("cannot read \"{path}\": {e}")));
                        (None, CardRefs::default())
                    }
                }
            }
        },
        (None, None) => {
            errs.push(InputError::new(top.child("rate_card"), "is missing: give the rate card inline (rate_card) or by file (rate_card_path)"));
            (None, CardRefs::default())
        }
    };
    let card_refs = match &card {
        Some(c) => CardRefs::of(c),
        None => card_refs,
    };

    let years = match top.opt("years") {
        None => default_years(),
        Some(y) => {
            let yp = top.child("years");
            let read: Vec<Option<Ay>> = match y.as_array() {
                Some(items) => items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        let p = yp.index(i);
                        let s = json::string(v, &p, errs)?;
                        Ay::parse(&s).map_err(|e| errs.push(InputError::new(p, e))).ok()
                    })
                    .collect(),
                None => {
                    errs.push(InputError::new(yp.clone(), format!("must be a list […] (got {})", json::kind(y))));
                    Vec::new()
                }
            };
            years_checked(read, y.as_array().is_some_and(|a| a.is_empty()), &yp, errs)
        }
    };

    let cp = top.child("communities");
    let records: Vec<CommunityRecord> = top.opt("communities").map(|c| json::list(c, &cp, errs, read_community)).unwrap_or_default();
    duplicate_ids(top.opt("communities"), "id", &cp, &community_twice, errs);
    let community_refs: Option<Vec<(usize, String, Option<Indicators>)>> = match top.opt("communities") {
        None => Some(Vec::new()),
        Some(c) if c.is_array() => Some(records.iter().enumerate().filter_map(|(i, r)| r.id.clone().map(|id| (i, id, r.indicators))).collect()),
        Some(_) => None,
    };
    let community_count = community_refs.as_ref().map(|_| records.len());
    let communities: Vec<Community> = records.into_iter().filter_map(|r| r.whole).collect();

    let mut pots = BTreeMap::new();
    if let Some(p) = top.opt("pots") {
        let pp = top.child("pots");
        match p.as_object() {
            None => errs.push(InputError::new(
                pp,
                format!("must be an object of academic years and amounts, e.g. {{\"2025/26\": \"25000000\"}} (got {})", json::kind(p)),
            )),
            Some(map) => {
                for (k, val) in map {
                    let path = pp.key(k);
                    match Ay::parse(k) {
                        Err(e) => errs.push(InputError::new(path, e)),
                        Ok(ay) => {
                            if let Some(amount) = json::money(val, &path, errs) {
                                check_pot(ay, amount, &path, &card_refs, community_count, errs);
                                pots.insert(ay, amount);
                            }
                        }
                    }
                }
            }
        }
    }

    let refs = Refs { card: &card_refs, communities: community_refs };
    let sp = top.child("schools");
    let schools = match top.req("schools", errs) {
        Some(s) => json::list(s, &sp, errs, |v, p, errs| read_school(v, p, &refs, errs)),
        None => Vec::new(),
    };
    duplicate_ids(top.opt("schools"), "urn", &sp, &urn_twice, errs);

    Some(Scenario { rate_card: card?, rate_card_path, years, pots, communities, schools })
}

/// Reports ids used twice in a list of objects, reading the ids as written (so a duplicate is
/// found even where its record has other faults).
fn duplicate_ids(list: Option<&Value>, key: &str, path: &Path, message: &dyn Fn(&str) -> String, errs: &mut Errors) {
    let Some(items) = list.and_then(Value::as_array) else { return };
    duplicates(items.iter().map(|item| raw_id(item, key)), key, path, message, errs);
}

/// Reports each id (as written; `None` for a record without one) that an earlier record has.
fn duplicates(ids: impl Iterator<Item = Option<String>>, key: &str, path: &Path, message: &dyn Fn(&str) -> String, errs: &mut Errors) {
    let mut seen = HashSet::new();
    for (i, id) in ids.enumerate() {
        let Some(id) = id else { continue };
        if !seen.insert(id.clone()) {
            errs.push(InputError::new(path.index(i).key(key), message(&id)));
        }
    }
}

fn community_twice(id: &str) -> String {
    format!("\"{id}\" is listed twice: community ids must be unique")
}

fn urn_twice(urn: &str) -> String {
    format!("\"{urn}\" is listed twice: URNs must be unique")
}

/// R2.3 `years`: each AY once, at least one; the years in order.
fn years_checked(read: Vec<Option<Ay>>, empty_list: bool, yp: &Path, errs: &mut Errors) -> Vec<Ay> {
    let mut seen = HashSet::new();
    for (i, y) in read.iter().enumerate() {
        if let Some(y) = y {
            if !seen.insert(*y) {
                errs.push(InputError::new(yp.index(i), format!("{y} is listed twice")));
            }
        }
    }
    if empty_list {
        errs.push(InputError::new(yp, "must list at least one academic year, e.g. [\"2025/26\"]"));
    }
    let mut years: Vec<Ay> = read.into_iter().flatten().collect();
    years.sort();
    years.dedup();
    years
}

/// R1.5, R2.4, R5.1: a pot is for the community AY or later, and covers the top-slice of every
/// Community. Checked against the card's dates even when other parts of the card have faults.
fn check_pot(ay: Ay, amount: Decimal, path: &Path, card_refs: &CardRefs, community_count: Option<usize>, errs: &mut Errors) {
    let before = card_refs.community_ay().filter(|cay| ay < *cay);
    if let (Some(cay), Some(cs)) = (before, card_refs.community_start) {
        errs.push(InputError::new(path, format!("{ay} is before the community AY {cay}: Community budgets begin on {cs} (R1.5, R2.4)")));
    } else if let (Some(ts), Some(n)) = (card_refs.topslice_per_community, community_count) {
        let t = ts * Decimal::from(n as u64);
        if amount < t {
            errs.push(InputError::new(
                path,
                format!("the pot {} is less than the top-slice {} ({n} communities × {}, R5.1)", fmt_money(amount), fmt_money(t), fmt_money(ts)),
            ));
        }
    }
}

/// Every Community record with an id: (its index, its id, its indicators if readable).
type KnownCommunities = [(usize, String, Option<Indicators>)];

/// R2.2 `community`: the Community record a school refers to, (its index, its indicators if
/// readable); an unknown id is an error at `path`.
fn refer_community(c: &str, known: &KnownCommunities, path: impl FnOnce() -> Path, errs: &mut Errors) -> Option<(usize, Option<Indicators>)> {
    if let Some((i, _, ind)) = known.iter().find(|(_, id, _)| id == c) {
        return Some((*i, *ind));
    }
    let mut ids: Vec<&str> = Vec::new();
    for (_, id, _) in known {
        if !ids.contains(&id.as_str()) {
            ids.push(id);
        }
    }
    let hint = if ids.is_empty() { "no communities are listed".to_string() } else { format!("known: {}", ids.join(", ")) };
    errs.push(InputError::new(path(), format!("unknown community \"{c}\" ({hint})")));
    None
}

/// R5.8: a school's indicator above its Community's is an input error (`ip`: the school's
/// `indicators`, made only for an error; `ci`: the Community's index).
fn within_community(si: &Indicators, ci: usize, cind: &Indicators, ip: impl Fn() -> Path, errs: &mut Errors) {
    let mut check = |field: &[&str], s: u64, c_val: u64| {
        if s > c_val {
            let field = Path::from_segments(field.iter().map(|k| Seg::Key(k.to_string())));
            let cfield = field.to_string();
            errs.push(InputError::new(
                field.within(&ip()),
                format!(
                    "{s} is more than its community's {c_val} (communities[{ci}].indicators.{cfield}); a school's share comes from within its community (R5.8)"
                ),
            ));
        }
    };
    check(&["pupils"], si.pupils, cind.pupils);
    for (i, b) in IDACI_BANDS.iter().enumerate() {
        check(&["idaci", b], si.idaci[i], cind.idaci[i]);
    }
    check(&["lac"], si.lac, cind.lac);
    check(&["lpa"], si.lpa, cind.lpa);
}

fn read_indicators(v: &Value, path: &Path, errs: &mut Errors) -> Option<Indicators> {
    let o = Obj::new(v, path, &["pupils", "idaci", "lac", "lpa"], errs);
    o.map?;
    let pupils = o.req("pupils", errs).and_then(|x| json::count(x, &o.child("pupils"), errs));
    let idaci = o.req("idaci", errs).and_then(|x| {
        let p = o.child("idaci");
        let m = Obj::new(x, &p, &IDACI_BANDS, errs);
        m.map?;
        let counts: Vec<Option<u64>> = IDACI_BANDS.iter().map(|b| m.req(b, errs).and_then(|x| json::count(x, &m.child(b), errs))).collect();
        let mut out = [0u64; 6];
        for (i, c) in counts.into_iter().enumerate() {
            out[i] = c?;
        }
        Some(out)
    });
    let lac = o.req("lac", errs).and_then(|x| json::count(x, &o.child("lac"), errs));
    let lpa = o.req("lpa", errs).and_then(|x| json::count(x, &o.child("lpa"), errs));
    Some(Indicators { pupils: pupils?, idaci: idaci?, lac: lac?, lpa: lpa? })
}

fn read_community(v: &Value, path: &Path, errs: &mut Errors) -> Option<CommunityRecord> {
    let o = Obj::new(v, path, &["id", "name", "indicators", "historic", "protection", "protection_rate"], errs);
    if o.map.is_none() {
        return Some(CommunityRecord { id: None, indicators: None, whole: None });
    }
    let id = o.req("id", errs).and_then(|x| json::text(x, &o.child("id"), 64, errs));
    let name = o.req("name", errs).and_then(|x| json::text(x, &o.child("name"), 200, errs));
    let indicators = o.req("indicators", errs).and_then(|x| read_indicators(x, &o.child("indicators"), errs));
    let historic = o.req("historic", errs).and_then(|x| json::money(x, &o.child("historic"), errs));
    let protection = match o.opt("protection") {
        None => Ok(None),
        Some(x) => json::one_of(x, &o.child("protection"), errs, &ProtectionOption::NAMES).map(Some).ok_or(()),
    };
    let protection_rate = match o.opt("protection_rate") {
        None => Ok(None),
        Some(x) => json::fraction(x, &o.child("protection_rate"), errs).map(Some).ok_or(()),
    };
    let whole = (|| {
        Some(Community {
            id: id.clone()?,
            name: name?,
            indicators: indicators?,
            historic: historic?,
            protection: protection.ok()?,
            protection_rate: protection_rate.ok()?,
        })
    })();
    Some(CommunityRecord { id: raw_id(v, "id"), indicators, whole })
}

fn read_school(v: &Value, path: &Path, refs: &Refs, errs: &mut Errors) -> Option<School> {
    let o = Obj::new(v, path, &["urn", "name", "community", "indicators", "year_group_as_at", "last_year_group", "pupils"], errs);
    o.map?;
    let urn = o.req("urn", errs).and_then(|x| match x {
        // A URN is text, but a spreadsheet-minded author may write it as a number: its digits
        // are held to the same limits (found by fuzzing: a 110-digit URN was read, then refused
        // when the scenario was written back).
        Value::Number(n) => json::text(&Value::String(n.to_string()), &o.child("urn"), 64, errs),
        _ => json::text(x, &o.child("urn"), 64, errs),
    });
    let name = o.req("name", errs).and_then(|x| json::text(x, &o.child("name"), 200, errs));
    let community = o.opt("community").and_then(|x| json::text(x, &o.child("community"), 64, errs));
    // The Community record referred to: (its index, its indicators if readable).
    let referred = match (&community, &refs.communities) {
        (Some(c), Some(known)) => refer_community(c, known, || o.child("community"), errs),
        _ => None,
    };
    let indicators = match o.opt("indicators") {
        None => Ok(None),
        Some(x) => read_indicators(x, &o.child("indicators"), errs).map(Some).ok_or(()),
    };
    // R5.8: a school value above its community's is an input error.
    if let (Ok(Some(si)), Some((ci, Some(cind)))) = (&indicators, referred) {
        within_community(si, ci, &cind, || o.child("indicators"), errs);
    }
    // R11.1, R11.3: when the pupils' year groups are recorded, and the school's last year group.
    let year_group_as_at = match o.opt("year_group_as_at") {
        None => Ok(None),
        Some(x) => json::string(x, &o.child("year_group_as_at"), errs)
            .and_then(|s| Ay::parse(&s).map_err(|e| errs.push(InputError::new(o.child("year_group_as_at"), e))).ok())
            .map(Some)
            .ok_or(()),
    };
    let last_year_group = match o.opt("last_year_group") {
        None => Ok(None),
        Some(x) => read_year_group(x, &o.child("last_year_group"), errs).map(Some).ok_or(()),
    };
    if let (Ok(Some(_)), None) = (&last_year_group, o.opt("year_group_as_at")) {
        errs.push(InputError::new(o.child("last_year_group"), LAST_WITHOUT_AS_AT));
    }
    let pupils = match o.req("pupils", errs) {
        Some(p) => json::list(p, &o.child("pupils"), errs, |v, p, errs| read_pupil(v, p, refs.card, errs)),
        None => Vec::new(),
    };
    duplicate_ids(
        o.opt("pupils"),
        "id",
        &o.child("pupils"),
        &|id| format!("\"{id}\" is used twice in this school: pupil ids must be unique within a school"),
        errs,
    );
    Some(School {
        urn: urn?,
        name: name?,
        community,
        indicators: indicators.ok()?,
        year_group_as_at: year_group_as_at.ok()?,
        last_year_group: last_year_group.ok()?,
        pupils,
    })
}

// --- Entered data: the same checks on a form's fields, without a scenario document ------------

/// R2.3 `indicators` (also a school's own, R2.2) as a form holds them: each count as typed,
/// read with [`tidy_count`].
#[derive(Debug, Clone, Copy, Default)]
pub struct EnteredIndicators<'a> {
    pub pupils: &'a str,
    /// IDACI bands A–F.
    pub idaci: [&'a str; 6],
    pub lac: &'a str,
    pub lpa: &'a str,
}

/// R2.3: a Community as a form holds it, each value as typed. Read by [`Scenario::from_entered`]
/// with the tidying spreadsheets need (R10.1): counts may have thousands commas or spaces
/// ([`tidy_count`]), money a `£` and thousands commas ([`tidy_money`]), the option any case,
/// and the option B rate may be a percentage ([`tidy_rate`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct EnteredCommunity<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub indicators: EnteredIndicators<'a>,
    pub historic: &'a str,
    /// `""` for the rate card's default.
    pub protection: &'a str,
    /// `""` for the rate card's rate.
    pub protection_rate: &'a str,
}

/// R2.2: a school as a form holds it, without pupils (they are read row by row, R10.1), each
/// value as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct EnteredSchool<'a> {
    pub urn: &'a str,
    pub name: &'a str,
    /// The id of its Community; blank for none.
    pub community: &'a str,
    /// `None`: the school gives no indicators of its own (R5.8).
    pub indicators: Option<EnteredIndicators<'a>>,
    /// R11.1: the AY the pupils' year groups are recorded in, as typed (`2026/27`); blank for
    /// none (every year group as entered in every AY).
    pub year_group_as_at: &'a str,
    /// R11.3: the school's last year group, as typed (`6`, `11`); blank for none.
    pub last_year_group: &'a str,
}

/// A county as entered (R2.2–R2.4): the Communities and schools typed into a form, and those
/// already read (from a file, R10.3), which are checked only against the others (R2.2
/// `community`, R5.8, unique ids and URNs). In the scenario's lists the entered records come
/// first: `communities[i]` is `communities[i]` here, then `read_communities`; `schools[i]` is
/// `entered_schools[i]`, then `schools`.
#[derive(Debug, Clone, Default)]
pub struct EnteredCounty<'a> {
    pub years: &'a [Ay],
    /// The pot of each AY as typed; blank for none.
    pub pots: Vec<(Ay, &'a str)>,
    pub communities: Vec<EnteredCommunity<'a>>,
    /// Communities already read, after the entered ones.
    pub read_communities: &'a [Community],
    pub entered_schools: Vec<EnteredSchool<'a>>,
    /// Schools already read, after the entered ones.
    pub schools: &'a [School],
}

/// A count as typed, without thousands commas or spaces.
pub fn tidy_count(s: &str) -> String {
    s.trim().replace([',', ' '], "")
}

/// Money as typed, as the scenario writes it when spreadsheets write it differently (`£`,
/// thousands commas, R10.1); otherwise as typed (trimmed), for the reader to say what is wrong.
pub fn tidy_money(s: &str) -> String {
    let t = s.trim();
    match parse_money_lenient(t) {
        Ok(d) => fmt_money(d),
        Err(_) => t.to_string(),
    }
}

/// A fraction as typed, or a percentage (`75%` → `0.75`); otherwise as typed (trimmed).
pub fn tidy_rate(s: &str) -> String {
    let r = s.trim();
    match r.strip_suffix('%') {
        Some(pct) => match pct.trim().parse::<Decimal>() {
            Ok(d) => fmt_fraction(d / Decimal::from(100)),
            Err(_) => r.to_string(),
        },
        None => r.to_string(),
    }
}

/// A Community's protection option as the scenario writes it: trimmed, in capitals.
pub fn tidy_option(s: &str) -> String {
    s.trim().to_ascii_uppercase()
}

impl Scenario {
    /// Checks a county as entered against the rate card in force (R2.2–R2.4, R10.5), with the
    /// same errors, in the same order and under the same paths as [`Scenario::from_value`] of
    /// the scenario document of the same fields (`communities[3].indicators.lac`,
    /// `pots.2026/27`, `schools[0].urn`, `schools[12].community` …), but without writing and
    /// reading a document: the card is already read, and is not read again. The pupils' bands
    /// are not checked here (see [`band_errors`]).
    ///
    /// The scenario returned has the entered Communities and then the read ones (cloned: a
    /// county has a few dozen), and only the entered schools, without pupils: the schools
    /// already read are the caller's, lent to the engine when it calculates, never copied here.
    pub fn from_entered(card: &RateCard, e: &EnteredCounty) -> Result<Scenario, Errors> {
        let mut errs = Errors::new();
        let root = Path::root();
        let years = years_checked(e.years.iter().copied().map(Some).collect(), e.years.is_empty(), &root.key("years"), &mut errs);

        let cp = root.key("communities");
        let mut records: Vec<CommunityRecord> = e.communities.iter().enumerate().map(|(i, c)| read_entered_community(c, &cp.index(i), &mut errs)).collect();
        // Already read (R10.3): nothing to report of their own, but ids to keep unique and to
        // refer to.
        records.extend(e.read_communities.iter().map(|c| CommunityRecord { id: Some(c.id.clone()), indicators: Some(c.indicators), whole: Some(c.clone()) }));
        duplicates(records.iter().map(|r| r.id.clone()), "id", &cp, &community_twice, &mut errs);
        let known: Vec<(usize, String, Option<Indicators>)> =
            records.iter().enumerate().filter_map(|(i, r)| r.id.clone().map(|id| (i, id, r.indicators))).collect();
        let community_count = records.len();
        let communities: Vec<Community> = records.into_iter().filter_map(|r| r.whole).collect();

        let card_refs = CardRefs::of(card);
        let pp = root.key("pots");
        let mut pots = BTreeMap::new();
        for (ay, text) in &e.pots {
            if text.trim().is_empty() {
                continue;
            }
            let path = pp.key(&ay.to_string());
            if let Some(amount) = json::checked(parse_money(&tidy_money(text)), &path, &mut errs) {
                check_pot(*ay, amount, &path, &card_refs, Some(community_count), &mut errs);
                pots.insert(*ay, amount);
            }
        }

        let sp = root.key("schools");
        let schools: Vec<School> = e.entered_schools.iter().enumerate().filter_map(|(i, s)| read_entered_school(s, &sp.index(i), &known, &mut errs)).collect();
        let first_read = e.entered_schools.len();
        for (i, school) in e.schools.iter().enumerate() {
            let at = first_read + i;
            let referred = school.community.as_deref().and_then(|c| refer_community(c, &known, || sp.index(at).key("community"), &mut errs));
            if let (Some(si), Some((ci, Some(cind)))) = (&school.indicators, referred) {
                within_community(si, ci, &cind, || sp.index(at).key("indicators"), &mut errs);
            }
        }
        // R2.2: URNs unique, as written (trimmed), across the entered and the read schools.
        let urns = e.entered_schools.iter().map(|s| Some(s.urn.trim()).filter(|u| !u.is_empty()).map(str::to_string));
        duplicates(urns.chain(e.schools.iter().map(|s| Some(s.urn.clone()))), "urn", &sp, &urn_twice, &mut errs);

        if !errs.is_empty() {
            return Err(errs);
        }
        Ok(Scenario { rate_card: card.clone(), rate_card_path: None, years, pots, communities, schools })
    }
}

/// A form field's value as its parser gives it, or the parser's message as an error under
/// `path` and `keys` (the path is made only for an error: a county's fields are read on every
/// keystroke).
fn entered<T>(r: Result<T, String>, path: &Path, keys: &[&str], errs: &mut Errors) -> Option<T> {
    r.map_err(|e| errs.push(InputError::new(keys.iter().fold(path.clone(), |p, k| p.key(k)), e))).ok()
}

/// R2.3 `indicators` read from a form's fields, in the order of [`read_indicators`], under
/// `path.indicators`.
fn read_entered_indicators(i: &EnteredIndicators, path: &Path, errs: &mut Errors) -> Option<Indicators> {
    let count = |text: &str, keys: &[&str], errs: &mut Errors| entered(parse_count(&tidy_count(text)), path, keys, errs);
    let pupils = count(i.pupils, &["indicators", "pupils"], errs);
    let idaci: Vec<Option<u64>> = IDACI_BANDS.iter().zip(i.idaci).map(|(b, text)| count(text, &["indicators", "idaci", b], errs)).collect();
    let lac = count(i.lac, &["indicators", "lac"], errs);
    let lpa = count(i.lpa, &["indicators", "lpa"], errs);
    let mut out = [0u64; 6];
    for (o, n) in out.iter_mut().zip(idaci) {
        *o = n?;
    }
    Some(Indicators { pupils: pupils?, idaci: out, lac: lac?, lpa: lpa? })
}

/// R2.3 read from a form's fields, in the order of [`read_community`].
fn read_entered_community(c: &EnteredCommunity, path: &Path, errs: &mut Errors) -> CommunityRecord {
    let id = entered(json::text_rule(c.id, 64), path, &["id"], errs);
    let name = entered(json::text_rule(c.name, 200), path, &["name"], errs);
    let indicators = read_entered_indicators(&c.indicators, path, errs);
    let historic = entered(parse_money(&tidy_money(c.historic)), path, &["historic"], errs);
    let protection = match tidy_option(c.protection) {
        o if o.is_empty() => Ok(None),
        o => entered(json::one_of_rule(&o, &ProtectionOption::NAMES), path, &["protection"], errs).map(Some).ok_or(()),
    };
    let protection_rate = match tidy_rate(c.protection_rate) {
        r if r.is_empty() => Ok(None),
        r => entered(parse_fraction(&r, Decimal::ZERO, Decimal::ONE), path, &["protection_rate"], errs).map(Some).ok_or(()),
    };
    let whole = (|| {
        Some(Community {
            id: id.clone()?,
            name: name?,
            indicators: indicators?,
            historic: historic?,
            protection: protection.ok()?,
            protection_rate: protection_rate.ok()?,
        })
    })();
    let raw = c.id.trim();
    CommunityRecord { id: (!raw.is_empty()).then(|| raw.to_string()), indicators, whole }
}

/// R2.2 read from a form's fields, in the order of [`read_school`]: its URN, name, Community
/// (one of `known`), indicators, within its Community's (R5.8), and R11's two fields (R11.1,
/// R11.3). It has no pupils.
fn read_entered_school(s: &EnteredSchool, path: &Path, known: &KnownCommunities, errs: &mut Errors) -> Option<School> {
    let urn = entered(json::text_rule(s.urn, 64), path, &["urn"], errs);
    let name = entered(json::text_rule(s.name, 200), path, &["name"], errs);
    let community = match s.community.trim() {
        "" => None,
        c => entered(json::text_rule(c, 64), path, &["community"], errs),
    };
    let referred = community.as_deref().and_then(|c| refer_community(c, known, || path.key("community"), errs));
    let indicators = match &s.indicators {
        None => Ok(None),
        Some(i) => read_entered_indicators(i, path, errs).map(Some).ok_or(()),
    };
    // R5.8: a school value above its community's is an input error.
    if let (Ok(Some(si)), Some((ci, Some(cind)))) = (&indicators, referred) {
        within_community(si, ci, &cind, || path.key("indicators"), errs);
    }
    // R11.1, R11.3, in the order and with the errors of [`read_school`]: blank is absent.
    let as_at_text = s.year_group_as_at.trim();
    let year_group_as_at = match as_at_text {
        "" => Ok(None),
        t => entered(Ay::parse(t), path, &["year_group_as_at"], errs).map(Some).ok_or(()),
    };
    let last_year_group = match s.last_year_group.trim() {
        "" => Ok(None),
        t => entered(YearGroup::parse(t).ok_or_else(|| format!("{YEAR_GROUP_RULE} (got \"{t}\")")), path, &["last_year_group"], errs).map(Some).ok_or(()),
    };
    if let (Ok(Some(_)), "") = (&last_year_group, as_at_text) {
        errs.push(InputError::new(path.key("last_year_group"), LAST_WITHOUT_AS_AT));
    }
    Some(School {
        urn: urn?,
        name: name?,
        community,
        indicators: indicators.ok()?,
        year_group_as_at: year_group_as_at.ok()?,
        last_year_group: last_year_group.ok()?,
        pupils: Vec::new(),
    })
}

/// Each pupil's band checked against the card (R2.1, R10.5): `unknown band "SA9" (known: …)`
/// under `schools[2].pupils[17].band`, as [`Scenario::from_value`] reports it.
pub fn band_errors(card: &RateCard, schools: &[School]) -> Errors {
    band_errors_from(card, schools, 0)
}

/// [`band_errors`] of schools that come at `first` and after in the scenario's list (after the
/// entered schools of an [`EnteredCounty`]).
pub fn band_errors_from(card: &RateCard, schools: &[School], first: usize) -> Errors {
    let mut errs = Errors::new();
    for (si, s) in schools.iter().enumerate() {
        for (pi, p) in s.pupils.iter().enumerate() {
            if card.band(&p.band).is_none() {
                errs.push(InputError::new(Path::root().key("schools").index(first + si).key("pupils").index(pi).key("band"), unknown_band(&p.band, card)));
            }
        }
    }
    errs
}

/// `unknown band "SA9" (known: U, S, W, SA1, SA2, SA3, SA4, SA5)` (R10.5).
pub fn unknown_band(code: &str, card: &RateCard) -> String {
    unknown_band_among(code, &card.band_codes())
}

/// As [`unknown_band`], against a list of codes (those of a card with faults elsewhere).
pub fn unknown_band_among<S: AsRef<str>>(code: &str, codes: &[S]) -> String {
    let mut known: Vec<&str> = Vec::new();
    for c in codes {
        if !known.contains(&c.as_ref()) {
            known.push(c.as_ref());
        }
    }
    let known = if known.is_empty() { "the rate card lists no bands".to_string() } else { format!("known: {}", known.join(", ")) };
    format!("unknown band \"{code}\" ({known})")
}

/// Checks a pupil id (R2.1): 1–32 characters.
pub fn check_pupil_id(id: &str) -> Result<String, String> {
    let t = id.trim();
    if t.is_empty() {
        return Err("must not be empty: give each pupil a pseudonymous id, e.g. P001".into());
    }
    if t.chars().count() > 32 {
        return Err(format!("must be at most 32 characters (got {})", t.chars().count()));
    }
    Ok(t.to_string())
}

/// The checks that involve two fields of a pupil: start on or before end.
pub fn check_pupil_dates(start: Option<Date>, end: Option<Date>) -> Result<(), String> {
    match (start, end) {
        (Some(s), Some(e)) if s > e => Err(format!("{e} is before the start date {s}: a pupil is on roll from start to end")),
        _ => Ok(()),
    }
}

fn read_pupil(v: &Value, path: &Path, card: &CardRefs, errs: &mut Errors) -> Option<Pupil> {
    let o = Obj::new(v, path, &["id", "setting", "band", "ehcp", "current_e3", "year_group", "start", "end"], errs);
    o.map?;
    let id = o.req("id", errs).and_then(|x| {
        let s = match x {
            Value::Number(n) => n.to_string(),
            _ => json::string(x, &o.child("id"), errs)?,
        };
        check_pupil_id(&s).map_err(|e| errs.push(InputError::new(o.child("id"), e))).ok()
    });
    let setting = o.req("setting", errs).and_then(|x| json::one_of(x, &o.child("setting"), errs, &Setting::NAMES));
    let band = o.req("band", errs).and_then(|x| json::text(x, &o.child("band"), 16, errs));
    // Checked against every band of the card that has a code, even when the card has other
    // faults (R10.5).
    if let (Some(b), Some(codes)) = (&band, &card.band_codes) {
        if !codes.iter().any(|c| c == b) {
            errs.push(InputError::new(o.child("band"), unknown_band_among(b, codes)));
        }
    }
    let ehcp = o.req("ehcp", errs).and_then(|x| json::boolean(x, &o.child("ehcp"), errs));
    let current_e3 = o.req("current_e3", errs).and_then(|x| json::money(x, &o.child("current_e3"), errs));
    let year_group = match o.opt("year_group") {
        None => Ok(None),
        Some(x) => read_year_group(x, &o.child("year_group"), errs).map(Some).ok_or(()),
    };
    let mut date = |k: &str| -> Result<Option<Date>, ()> {
        match o.opt(k) {
            None => Ok(None),
            Some(x) => {
                let p = o.child(k);
                let s = json::string(x, &p, errs).ok_or(())?;
                Date::parse_iso(&s).map(Some).map_err(|e| errs.push(InputError::new(p, e)))
            }
        }
    };
    let (start, end) = (date("start"), date("end"));
    if let (Ok(s), Ok(e)) = (start, end) {
        if let Err(msg) = check_pupil_dates(s, e) {
            errs.push(InputError::new(o.child("end"), msg));
        }
    }
    Some(Pupil {
        id: id?,
        setting: setting?,
        band: band?,
        ehcp: ehcp?,
        current_e3: current_e3?,
        year_group: year_group.ok()?,
        start: start.ok()?,
        end: end.ok()?,
    })
}
