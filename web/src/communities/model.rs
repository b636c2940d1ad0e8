//! The Community journey's data as entered (text, so nothing typed is ever lost), how it
//! becomes a scenario the engine checks (R10.3, R10.5), and the engine's figures for it (R5).

use std::cell::RefCell;
use std::rc::Rc;

use serde_json::{json, Map, Value};

use crate::error_path::{part_of, Part};
pub use crate::xlsx::Cell;
use sen_funding::engine::calc::Outcome;
use sen_funding::engine::community::share_json;
use sen_funding::engine::errors::Path;
use sen_funding::engine::money::{fmt_fraction, fmt_money, fmt_pennies, parse_money_lenient};
use sen_funding::engine::ratecard::IDACI_BANDS;
use sen_funding::engine::scenario::{
    band_errors, tidy_count, tidy_money, tidy_option, tidy_rate, Community, EnteredCommunity, EnteredCounty, EnteredIndicators, School,
};
use sen_funding::engine::{Ay, InputError, RateCard, Scenario};
use sen_funding_fast::calculate;

/// One Community as typed.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Row {
    pub id: String,
    pub name: String,
    pub pupils: String,
    pub idaci: [String; 6],
    pub lac: String,
    pub lpa: String,
    pub historic: String,
    /// "" for the rate card's default, else A–D.
    pub protection: String,
    pub protection_rate: String,
}

/// The fields of a row, in the order of the Community CSV (R10.2).
pub const FIELDS: [&str; 14] =
    ["id", "name", "pupils", "idaci_a", "idaci_b", "idaci_c", "idaci_d", "idaci_e", "idaci_f", "lac", "lpa", "historic", "protection", "protection_rate"];

impl Row {
    pub fn from_community(c: &Community) -> Row {
        let ind = &c.indicators;
        Row {
            id: c.id.clone(),
            name: c.name.clone(),
            pupils: ind.pupils.to_string(),
            idaci: std::array::from_fn(|i| ind.idaci[i].to_string()),
            lac: ind.lac.to_string(),
            lpa: ind.lpa.to_string(),
            historic: fmt_fraction(c.historic),
            protection: c.protection.map(|p| p.as_str().to_string()).unwrap_or_default(),
            protection_rate: c.protection_rate.map(fmt_fraction).unwrap_or_default(),
        }
    }

    pub fn get(&self, field: &str) -> &str {
        match field {
            "id" => &self.id,
            "name" => &self.name,
            "pupils" => &self.pupils,
            "lac" => &self.lac,
            "lpa" => &self.lpa,
            "historic" => &self.historic,
            "protection" => &self.protection,
            "protection_rate" => &self.protection_rate,
            f => match f.strip_prefix("idaci_").and_then(idaci_ix) {
                Some(i) => &self.idaci[i],
                None => "",
            },
        }
    }

    pub fn set(&mut self, field: &str, value: String) {
        match field {
            "id" => self.id = value,
            "name" => self.name = value,
            "pupils" => self.pupils = value,
            "lac" => self.lac = value,
            "lpa" => self.lpa = value,
            "historic" => self.historic = value,
            "protection" => self.protection = value,
            "protection_rate" => self.protection_rate = value,
            f => {
                if let Some(i) = f.strip_prefix("idaci_").and_then(idaci_ix) {
                    self.idaci[i] = value;
                }
            }
        }
    }

    /// The Community as the scenario JSON writes it (R10.3), each value as typed (tidied only
    /// where spreadsheets write it differently: `£`, thousands commas, `75%`, the engine's
    /// `tidy_*`, as [`Scenario::from_entered`] reads it).
    pub fn to_json(&self) -> Value {
        let mut idaci = Map::new();
        for (i, b) in IDACI_BANDS.iter().enumerate() {
            idaci.insert(b.to_string(), count(&self.idaci[i]));
        }
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id.trim()));
        m.insert("name".into(), json!(self.name.trim()));
        m.insert("indicators".into(), json!({"pupils": count(&self.pupils), "idaci": idaci, "lac": count(&self.lac), "lpa": count(&self.lpa)}));
        m.insert("historic".into(), money(&self.historic));
        let p = tidy_option(&self.protection);
        if !p.is_empty() {
            m.insert("protection".into(), json!(p));
        }
        let r = tidy_rate(&self.protection_rate);
        if !r.is_empty() {
            m.insert("protection_rate".into(), json!(r));
        }
        Value::Object(m)
    }

    /// The row as the engine's typed entry point reads it (R2.3), borrowed.
    pub fn entered(&self) -> EnteredCommunity<'_> {
        EnteredCommunity {
            id: &self.id,
            name: &self.name,
            indicators: EnteredIndicators { pupils: &self.pupils, idaci: std::array::from_fn(|i| self.idaci[i].as_str()), lac: &self.lac, lpa: &self.lpa },
            historic: &self.historic,
            protection: &self.protection,
            protection_rate: &self.protection_rate,
        }
    }
}

fn idaci_ix(b: &str) -> Option<usize> {
    IDACI_BANDS.iter().position(|x| x.eq_ignore_ascii_case(b))
}

/// A count as typed, without thousands commas; the engine checks it.
fn count(s: &str) -> Value {
    json!(tidy_count(s))
}

/// Money as typed, tidied when it is money as spreadsheets write it; the engine checks it.
pub fn money(s: &str) -> Value {
    json!(tidy_money(s))
}

/// Schools and pupils that came with a scenario file (or the example): they make the
/// commitments (R5.7). Held once and lent to the engine, never copied.
pub struct SchoolSet {
    pub schools: RefCell<Vec<School>>,
    pub pupils: usize,
    pub made_up: bool,
}

/// Where the data came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// The made-up example county.
    Example,
    /// Typed in, or changed after loading.
    Entered,
    /// Loaded from a file.
    File(String),
}

#[derive(Clone)]
pub struct CountyInput {
    pub origin: Origin,
    pub rows: Vec<Row>,
    pub years: Vec<Ay>,
    /// The pot for each year from the community AY on, as typed ("" for none).
    pub pots: Vec<(Ay, String)>,
    pub schools: Rc<SchoolSet>,
    /// Changes on every edit: what the figures are memoised on.
    pub rev: u64,
}

impl PartialEq for CountyInput {
    fn eq(&self, o: &Self) -> bool {
        self.rev == o.rev
            && Rc::ptr_eq(&self.schools, &o.schools)
            && self.rows == o.rows
            && self.pots == o.pots
            && self.years == o.years
            && self.origin == o.origin
    }
}

pub fn next_rev() -> u64 {
    thread_local!(static REV: std::cell::Cell<u64> = const { std::cell::Cell::new(0) });
    REV.with(|r| {
        r.set(r.get() + 1);
        r.get()
    })
}

/// The size of the made-up example county: about 50 Communities, with made-up schools and
/// pupils so that the indicators and the commitments have something in them.
pub const EXAMPLE: sen_funding::synth::CountySize = sen_funding::synth::CountySize { communities: 50, schools: 200, pupils: 4000 };
pub const EXAMPLE_SEED: u64 = 2025;

impl CountyInput {
    /// The made-up example county (clearly labelled as such on the page).
    pub fn example(card: &RateCard) -> CountyInput {
        let s = sen_funding::synth::county(card, EXAMPLE, EXAMPLE_SEED);
        CountyInput::from_scenario(s, Origin::Example, true, card)
    }

    pub fn from_scenario(s: Scenario, origin: Origin, made_up: bool, card: &RateCard) -> CountyInput {
        let pupils = s.schools.iter().map(|x| x.pupils.len()).sum();
        let rows = s.communities.iter().map(Row::from_community).collect();
        let pots = pot_years(card, &s.years).into_iter().map(|ay| (ay, s.pots.get(&ay).map(|p| fmt_fraction(*p)).unwrap_or_default())).collect();
        CountyInput { origin, rows, years: s.years, pots, schools: Rc::new(SchoolSet { schools: RefCell::new(s.schools), pupils, made_up }), rev: next_rev() }
    }

    /// An empty county: one blank Community to fill in, the years and no pots.
    pub fn empty(card: &RateCard) -> CountyInput {
        let years = sen_funding::engine::periods::default_years();
        let pots = pot_years(card, &years).into_iter().map(|ay| (ay, String::new())).collect();
        CountyInput {
            origin: Origin::Entered,
            rows: vec![Row { id: "C01".into(), ..Row::default() }],
            years,
            pots,
            schools: Rc::new(SchoolSet { schools: RefCell::new(Vec::new()), pupils: 0, made_up: false }),
            rev: next_rev(),
        }
    }

    pub fn school_count(&self) -> usize {
        self.schools.schools.borrow().len()
    }

    /// Keeps the years in line with the rate card in force (its community AY may change).
    pub fn pots_for(&self, card: &RateCard) -> Vec<(Ay, String)> {
        pot_years(card, &self.years).into_iter().map(|ay| (ay, self.pots.iter().find(|(y, _)| *y == ay).map(|(_, p)| p.clone()).unwrap_or_default())).collect()
    }

    /// The scenario JSON (R10.3) of what is entered, with the rate card in force inline. With
    /// `with_pupils`, the schools and pupils too (what `sen-funding calc` needs for the same
    /// figures); without, each school only by its URN, Community and indicators.
    pub fn to_json(&self, card: &RateCard, with_pupils: bool) -> Value {
        self.to_json_with(card, if with_pupils { Schools::Full } else { Schools::Heads })
    }

    /// What the engine's typed entry point reads (R2.3, R2.4), borrowed; the schools are lent
    /// by the caller (they are in a `RefCell`).
    pub fn entered<'a>(&'a self, card: &RateCard, schools: &'a [School]) -> EnteredCounty<'a> {
        EnteredCounty {
            years: &self.years,
            pots: pot_years(card, &self.years)
                .into_iter()
                .map(|ay| (ay, self.pots.iter().find(|(y, _)| *y == ay).map(|(_, p)| p.as_str()).unwrap_or("")))
                .collect(),
            communities: self.rows.iter().map(Row::entered).collect(),
            read_communities: &[],
            entered_schools: Vec::new(),
            schools,
        }
    }

    fn to_json_with(&self, card: &RateCard, with: Schools) -> Value {
        let mut pots = Map::new();
        for (ay, p) in self.pots_for(card) {
            if !p.trim().is_empty() {
                pots.insert(ay.to_string(), money(&p));
            }
        }
        let schools: Vec<Value> = self
            .schools
            .schools
            .borrow()
            .iter()
            .map(|s| {
                if with == Schools::Full {
                    s.to_json()
                } else {
                    let mut v = School { pupils: Vec::new(), ..school_head(s) }.to_json();
                    if let Some(m) = v.as_object_mut() {
                        m.insert("pupils".into(), json!([]));
                    }
                    v
                }
            })
            .collect();
        json!({
            "rate_card": card.to_json(),
            "years": self.years.iter().map(|y| y.to_string()).collect::<Vec<_>>(),
            "pots": pots,
            "communities": self.rows.iter().map(Row::to_json).collect::<Vec<_>>(),
            "schools": schools,
        })
    }
}

/// How much of the schools a scenario JSON carries.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Schools {
    /// Each school by its URN, name, Community and indicators: what the Communities' data is checked against.
    Heads,
    Full,
}

fn school_head(s: &School) -> School {
    School {
        urn: s.urn.clone(),
        name: s.name.clone(),
        community: s.community.clone(),
        indicators: s.indicators,
        year_group_as_at: s.year_group_as_at,
        last_year_group: s.last_year_group,
        pupils: Vec::new(),
    }
}

/// The years that can have a pot: the modelled years from the community AY on (R2.4).
pub fn pot_years(card: &RateCard, years: &[Ay]) -> Vec<Ay> {
    years.iter().copied().filter(|y| *y >= card.community_ay()).collect()
}

/// What the engine made of the data.
pub struct Computed {
    /// The scenario without its schools (explanations need only the Communities and the card).
    pub scenario: Scenario,
    pub outcome: Outcome,
    /// How long `calculate` took, in milliseconds.
    pub calc_ms: f64,
    /// How long checking the data took before it, in milliseconds.
    pub check_ms: f64,
}

pub enum Model {
    /// Every input error, with its path (R10.5): nothing is computed.
    Invalid(Vec<InputError>),
    Ready(Rc<Computed>),
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

thread_local! {
    /// The last check of the pupils' bands against the card (the pupils were checked when they
    /// were loaded; only their bands depend on the card): redone only when the bands change.
    static BAND_CHECK: RefCell<Option<(Vec<String>, usize, Vec<InputError>)>> = const { RefCell::new(None) };
}

/// The pupils' bands against the card (R10.5), from the engine's `band_errors`.
fn pupil_band_errors(card: &RateCard, input: &CountyInput, schools: &[School]) -> Vec<InputError> {
    let codes: Vec<String> = card.bands.iter().map(|b| b.code.clone()).collect();
    let key = Rc::as_ptr(&input.schools) as usize;
    if let Some(e) = BAND_CHECK.with(|c| c.borrow().as_ref().filter(|(b, k, _)| *k == key && *b == codes).map(|(_, _, e)| e.clone())) {
        return e;
    }
    let errors = band_errors(card, schools);
    BAND_CHECK.with(|c| *c.borrow_mut() = Some((codes, key, errors.clone())));
    errors
}

/// Every input error of the data, with its path (R10.5): the Communities, pots and years, the
/// schools' Communities (R5.8) and the pupils' bands, checked against the typed rate card by
/// the engine's typed entry point (`Scenario::from_entered`: no scenario document is written
/// or read, and the card is not read again). `Ok` is the scenario without its schools.
pub fn check(card: &RateCard, input: &CountyInput) -> Result<Scenario, Vec<InputError>> {
    let schools = input.schools.schools.borrow();
    let checked = Scenario::from_entered(card, &input.entered(card, &schools));
    let bands = pupil_band_errors(card, input, &schools);
    match checked {
        Err(mut errs) => {
            errs.extend(bands);
            Err(errs)
        }
        Ok(_) if !bands.is_empty() => Err(bands),
        Ok(s) => Ok(s),
    }
}

/// Checks the data with the engine and, when it is valid, runs the whole model on it.
pub fn compute(card: &RateCard, input: &CountyInput) -> Model {
    let t_start = now_ms();
    let mut s = match check(card, input) {
        Err(errs) => return Model::Invalid(errs),
        Ok(s) => s,
    };
    let mut schools = input.schools.schools.borrow_mut();
    s.schools = std::mem::take(&mut *schools);
    let t0 = now_ms();
    let outcome = calculate(&s);
    let calc_ms = now_ms() - t0;
    *schools = std::mem::take(&mut s.schools);
    Model::Ready(Rc::new(Computed { scenario: s, outcome, calc_ms, check_ms: t0 - t_start }))
}

// --- errors for people -----------------------------------------------------------------------

/// The id of the field an error's typed path points at, if it is one the page shows (the one
/// mapper, [`part_of`]): `pots.2026/27` → `pot-2026`, `communities[3].indicators.lac` →
/// `c-3-lac`.
pub fn field_of(path: &Path) -> Option<String> {
    match part_of(path)? {
        Part::Pot(ay) => Some(format!("pot-{}", ay.0)),
        Part::Community(ix, keys) => Some(cell_id(ix, &community_field(&keys))),
        Part::School(..) => None,
    }
}

pub fn cell_id(row: usize, field: &str) -> String {
    format!("c-{row}-{}", field.replace('_', "-"))
}

/// `communities[3].indicators.lac` → (3, "lac").
pub fn row_field_of(path: &Path) -> Option<(usize, String)> {
    match part_of(path)? {
        Part::Community(ix, keys) => Some((ix, community_field(&keys))),
        _ => None,
    }
}

/// The field of a row (one of [`FIELDS`]) that the keys within a Community name: the record as
/// a whole is its id, its indicators as a whole their pupils, the IDACI bands as a whole band A.
fn community_field(keys: &[&str]) -> String {
    let keys = match keys {
        [] => return "id".to_string(),
        ["indicators"] => return "pupils".to_string(),
        ["indicators", rest @ ..] => rest,
        ks => ks,
    };
    match keys {
        ["idaci"] => "idaci_a".to_string(),
        ["idaci", band @ ..] => format!("idaci_{}", band.join(".").to_ascii_lowercase()),
        ks => ks.join("."),
    }
}

pub fn field_label(field: &str) -> String {
    match field {
        "id" => "id".to_string(),
        "name" => "name".to_string(),
        "pupils" => "pupils aged 5–16".to_string(),
        "lac" => "looked-after children".to_string(),
        "lpa" => "low prior attainment".to_string(),
        "historic" => "historic allocation".to_string(),
        "protection" => "protection option".to_string(),
        "protection_rate" => "protection rate".to_string(),
        f => match f.strip_prefix("idaci_") {
            Some(b) => format!("IDACI band {}", b.to_ascii_uppercase()),
            None => f.to_string(),
        },
    }
}

/// An input error for people: which Community and field, what is wrong, and its path.
pub fn describe(e: &InputError, rows: &[Row]) -> String {
    if let Some(Part::Pot(ay)) = part_of(&e.path) {
        return format!("The pot for {ay} {} ({})", e.message, e.path);
    }
    match row_field_of(&e.path) {
        Some((ix, field)) => {
            let who = rows
                .get(ix)
                .map(|r| r.name.trim())
                .filter(|n| !n.is_empty())
                .map(|n| format!("{n} (row {})", ix + 1))
                .unwrap_or_else(|| format!("Row {}", ix + 1));
            format!("{who}, {}: {} ({})", field_label(&field), e.message, e.path)
        }
        None => e.to_string(),
    }
}

// --- exports ---------------------------------------------------------------------------------

/// Rows as CSV (the one CSV writer, [`sen_funding::wire::to_csv`]).
pub fn to_csv(rows: &[Vec<Cell>]) -> Vec<u8> {
    sen_funding::wire::to_csv(rows)
}

/// The Communities as the Community CSV (R10.2), ready to import again.
pub fn communities_table(rows: &[Row]) -> Vec<Vec<Cell>> {
    let mut out = vec![FIELDS.iter().map(|f| Cell::Text(f.to_string())).collect()];
    for r in rows {
        out.push(
            FIELDS
                .iter()
                .map(|f| {
                    let v = r.get(f).trim().to_string();
                    if matches!(*f, "id" | "name" | "protection") || v.is_empty() || v.parse::<f64>().is_err() {
                        Cell::Text(v)
                    } else {
                        Cell::Number(v)
                    }
                })
                .collect(),
        );
    }
    out
}

/// Every Community's figures for every year with a pot (R5, R10.4): shares exact to twenty
/// places as the result JSON writes them, money to the penny.
pub fn budgets_table(c: &Computed) -> Vec<Vec<Cell>> {
    let head =
        ["year", "id", "name", "formula_share", "historic_share", "blended_share", "topslice", "net", "gross", "committed", "discretionary", "over_committed"];
    let mut out = vec![head.iter().map(|h| Cell::Text(h.to_string())).collect()];
    for cy in &c.outcome.county {
        for (ci, r) in cy.communities.iter().enumerate() {
            let com = &c.scenario.communities[ci];
            out.push(vec![
                Cell::Text(cy.ay.to_string()),
                Cell::Text(com.id.clone()),
                Cell::Text(com.name.clone()),
                Cell::Number(share_json(&r.formula_share)),
                Cell::Number(share_json(&r.historic_share)),
                Cell::Number(share_json(&r.blended_share)),
                Cell::Number(fmt_pennies(r.topslice)),
                Cell::Number(fmt_pennies(r.net)),
                Cell::Number(fmt_pennies(r.gross)),
                Cell::Number(fmt_pennies(r.committed)),
                Cell::Number(fmt_pennies(r.discretionary)),
                Cell::Text(if r.over_committed { "yes" } else { "no" }.to_string()),
            ]);
        }
    }
    out
}

/// The county's totals for each year: the pot, the top-slice, the net budgets, and the check
/// that they reconcile to the penny.
pub fn reconciliation_table(c: &Computed) -> Vec<Vec<Cell>> {
    let head = ["year", "pot", "topslice_total", "sum_of_net", "sum_of_gross", "difference"];
    let mut out = vec![head.iter().map(|h| Cell::Text(h.to_string())).collect()];
    for cy in &c.outcome.county {
        let net: i64 = cy.communities.iter().map(|r| r.net).sum();
        let gross: i64 = cy.communities.iter().map(|r| r.gross).sum();
        out.push(vec![
            Cell::Text(cy.ay.to_string()),
            Cell::Number(fmt_pennies(cy.pot)),
            Cell::Number(fmt_pennies(cy.topslice_total)),
            Cell::Number(fmt_pennies(net)),
            Cell::Number(fmt_pennies(gross)),
            Cell::Number(fmt_pennies(cy.pot - net - cy.topslice_total)),
        ]);
    }
    out
}

pub fn pots_table(input: &CountyInput, card: &RateCard) -> Vec<Vec<Cell>> {
    let mut out = vec![vec![Cell::Text("year".into()), Cell::Text("pot".into())]];
    for (ay, p) in input.pots_for(card) {
        let v = p.trim().to_string();
        let cell = match parse_money_lenient(&v) {
            Ok(d) => Cell::Number(fmt_money(d)),
            Err(_) => Cell::Text(v),
        };
        out.push(vec![Cell::Text(ay.to_string()), cell]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sen_funding::engine::errors::{Path, Seg};

    fn shipped() -> RateCard {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../www/ratecards/kent-illustrative-2025.json")).unwrap();
        RateCard::from_json_str(&text).unwrap()
    }

    /// The check as it was made before the typed entry point: the scenario JSON of the fields
    /// (with each school by its head) read back by `Scenario::from_value`, then the bands.
    fn by_json(card: &RateCard, input: &CountyInput) -> Result<Scenario, Vec<InputError>> {
        let v = input.to_json(card, false);
        let checked = Scenario::from_value(&v, &mut |_| Err("no files".into()));
        let bands = band_errors(card, &input.schools.schools.borrow());
        match checked {
            Err(mut e) => {
                e.extend(bands);
                Err(e)
            }
            Ok(_) if !bands.is_empty() => Err(bands),
            Ok(mut s) => {
                s.schools = Vec::new();
                Ok(s)
            }
        }
    }

    fn errors(r: Result<Scenario, Vec<InputError>>) -> Vec<InputError> {
        r.expect_err("faults expected")
    }

    fn texts(errs: &[InputError]) -> Vec<String> {
        errs.iter().map(|e| e.to_string()).collect()
    }

    // R10.5: the typed entry point gives exactly the errors the JSON round trip gave, in the
    // same order, under the same typed paths.
    #[test]
    fn r10_5_typed_check_of_faulty_communities_gives_the_json_errors() {
        let card = shipped();
        let mut input = CountyInput::example(&card);
        {
            let r = &mut input.rows[0];
            r.pupils = "12x".into();
            r.idaci[2] = "-3".into();
            r.lac = "".into();
            r.historic = "£1,00".into();
            r.protection = " e ".into();
            r.protection_rate = "150%".into();
        }
        input.rows[1].id = input.rows[2].id.clone();
        input.rows[3].name = "   ".into();
        input.rows[4].protection_rate = "0.1234567".into();
        input.rows[5].pupils = "1,234".into(); // tidied: a count with a thousands comma is fine
        let typed = errors(check(&card, &input));
        let json = errors(by_json(&card, &input));
        assert_eq!(typed, json);
        for (t, j) in typed.iter().zip(&json) {
            assert_eq!(t.path.segments(), j.path.segments(), "{t}");
        }
        let t = texts(&typed);
        let id2 = input.rows[2].id.trim().to_string();
        for expected in [
            "communities[0].indicators.pupils: must be a whole number of 0 or more, e.g. 120 (got \"12x\")".to_string(),
            "communities[0].indicators.idaci.C: must be a whole number of 0 or more, e.g. 120 (got \"-3\")".to_string(),
            "communities[0].indicators.lac: must be a whole number of 0 or more, e.g. 120 (got \"\")".to_string(),
            "communities[0].protection: must be one of A, B, C, D (got \"E\")".to_string(),
            "communities[0].protection_rate: must be between 0 and 1 (got \"1.5\")".to_string(),
            "communities[3].name: must not be empty".to_string(),
            format!("communities[2].id: \"{id2}\" is listed twice: community ids must be unique"),
        ] {
            assert!(t.contains(&expected), "missing {expected:?} in {t:#?}");
        }
        assert!(t.iter().any(|e| e.starts_with("communities[0].historic: must be")), "{t:#?}");
        assert!(t.iter().any(|e| e.starts_with("communities[4].protection_rate: must be a decimal number with at most six decimals")), "{t:#?}");
        assert!(!t.iter().any(|e| e.starts_with("communities[5].")), "{t:#?}");
        // The one mapper takes each typed path to its field.
        assert_eq!(field_of(&typed[0].path).as_deref(), Some("c-0-pupils"));
        assert_eq!(typed[0].path.segments(), &[Seg::Key("communities".into()), Seg::Index(0), Seg::Key("indicators".into()), Seg::Key("pupils".into())]);
    }

    #[test]
    fn r10_5_typed_check_of_pots_and_schools_gives_the_json_errors() {
        let card = shipped();
        let mut input = CountyInput::example(&card);
        let pot_years = input.pots_for(&card);
        // R5.1: a pot under the top-slice of 50 Communities; a pot that is not money.
        input.pots = vec![(pot_years[0].0, "1,000".into()), (pot_years[1].0, "lots".into())];
        // R2.2: the schools of the first Community now name an unknown one; R5.8: the second
        // Community's pupils are fewer than its schools'.
        input.rows[0].id = "ZZ".into();
        input.rows[1].pupils = "1".into();
        let typed = errors(check(&card, &input));
        let json = errors(by_json(&card, &input));
        assert_eq!(typed, json);
        let t = texts(&typed);
        let first = pot_years[0].0;
        assert!(t.contains(&format!("pots.{first}: the pot 1000.00 is less than the top-slice 500000.00 (50 communities × 10000.00, R5.1)")), "{t:#?}");
        assert!(
            t.contains(&format!(
                "pots.{}: must be an amount in pounds from 0 to 1,000,000,000 with at most two decimals, e.g. 6000 or 6000.50 (got \"lots\")",
                pot_years[1].0
            )),
            "{t:#?}"
        );
        assert!(t.iter().any(|e| e.contains(".community: unknown community \"C01\" (known: ZZ, C02,")), "{t:#?}");
        assert!(
            t.iter().any(|e| e.contains(".indicators.pupils: ") && e.contains("is more than its community's 1 (communities[1].indicators.pupils)")),
            "{t:#?}"
        );
        assert_eq!(field_of(&Path::parse(&format!("pots.{first}"))).as_deref(), Some(format!("pot-{}", first.0).as_str()));
    }

    #[test]
    fn typed_check_of_good_data_is_the_scenario_the_json_gave() {
        let card = shipped();
        let mut input = CountyInput::example(&card);
        input.rows[0].historic = "£1,234,567.50".into();
        input.rows[1].protection = "b".into();
        input.rows[1].protection_rate = "62.5%".into();
        let typed = check(&card, &input).expect("valid");
        assert_eq!(typed, by_json(&card, &input).expect("valid"));
        assert_eq!(typed.communities[0].historic, rust_decimal::Decimal::new(123456750, 2));
        assert_eq!(typed.communities[1].protection_rate, Some(rust_decimal::Decimal::new(625, 3)));
        assert!(typed.schools.is_empty(), "the schools are lent, not copied");
    }

    #[test]
    fn r10_5_typed_check_reports_unknown_bands_as_the_json_did() {
        let mut card = shipped();
        let gone = card.bands.iter().position(|b| b.code == "SA5").expect("SA5");
        card.bands.remove(gone);
        let input = CountyInput::example(&shipped());
        let typed = errors(check(&card, &input));
        let full = Scenario::from_value(&input.to_json(&card, true), &mut |_| Err("no files".into())).expect_err("faults");
        assert_eq!(typed, full);
        assert!(typed.iter().all(|e| e.path.last_key() == Some("band") && e.message.starts_with("unknown band \"SA5\"")), "{:#?}", texts(&typed));
    }
}
