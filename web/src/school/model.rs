//! The workspace as the user typed it, and how it becomes a scenario the engine computes.
//!
//! Everything is kept as the text the user typed or imported ([`Details`], [`Row`]), so that
//! nothing is ever lost, even in a faulty cell. The engine reads it:
//!
//! * pupil rows through the engine's own row reader (`register::pupil_from_cells`, R10.1,
//!   R10.1a), so a cell typed in the table accepts exactly what an imported file accepts
//!   (`£1,200`, `01/09/2025`, `yes`, `Y7`, `E`) and is refused with the same message;
//! * school and Community details through the engine's scenario reader (`Scenario::from_value`,
//!   R10.3, R10.5), whose error paths (`schools[0].indicators.lac`) are mapped back to fields.
//!
//! The one check made here rather than by the engine is that pupil ids are unique across rows
//! (R2.1), because rows are read one at a time as they are edited.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use rust_decimal::Decimal;
use sen_funding::engine::grid::Cell;
use sen_funding::engine::money::{fmt_fraction, fmt_money, parse_count, parse_fraction, parse_money_lenient};
use sen_funding::engine::periods::Ay;
use sen_funding::engine::ratecard::{ProtectionOption, RateCard, Setting, IDACI_BANDS};
use sen_funding::engine::register::{pupil_from_cells, Options};
use sen_funding::engine::scenario::{Community, Indicators, Pupil, School};
use sen_funding::engine::Scenario;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// A column of the pupils table, in the order of R10.1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Id,
    Setting,
    Band,
    Ehcp,
    CurrentE3,
    YearGroup,
    Start,
    End,
}

impl Field {
    pub const ALL: [Field; 8] = [Field::Id, Field::Setting, Field::Band, Field::Ehcp, Field::CurrentE3, Field::YearGroup, Field::Start, Field::End];

    /// The CSV column (R10.1).
    pub fn key(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Setting => "setting",
            Field::Band => "band",
            Field::Ehcp => "ehcp",
            Field::CurrentE3 => "current_e3",
            Field::YearGroup => "year_group",
            Field::Start => "start",
            Field::End => "end",
        }
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Field::Id => "Pupil id",
            Field::Setting => "Setting",
            Field::Band => "Band",
            Field::Ehcp => "EHCP",
            Field::CurrentE3 => "Current E3 a year",
            Field::YearGroup => "Year group",
            Field::Start => "Start date",
            Field::End => "End date",
        }
    }

    pub fn from_key(k: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == k)
    }

    pub fn ix(self) -> usize {
        self as usize
    }
}

/// One row's cells as typed, in the order of [`Field::ALL`].
pub type Cells = [String; 8];

/// The engine's reading of one row.
#[derive(Clone, Debug, PartialEq)]
pub enum Parsed {
    /// Every cell empty: not a pupil, nothing to report.
    Blank,
    Pupil(Pupil),
    /// What is wrong, field by field (the engine's messages).
    Faults(Vec<(Field, String)>),
}

impl Parsed {
    pub fn pupil(&self) -> Option<&Pupil> {
        match self {
            Parsed::Pupil(p) => Some(p),
            _ => None,
        }
    }
    pub fn faults(&self) -> &[(Field, String)] {
        match self {
            Parsed::Faults(f) => f,
            _ => &[],
        }
    }
}

/// A row of the pupils table.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Stable across edits, for keyed rendering and element ids.
    pub key: u32,
    pub cells: Cells,
    pub parsed: Parsed,
}

impl Row {
    pub fn id(&self) -> &str {
        self.cells[0].trim()
    }
}

/// The cells of a pupil, as the table shows them.
pub fn cells_of(p: &Pupil) -> Cells {
    [
        p.id.clone(),
        p.setting.as_str().to_string(),
        p.band.clone(),
        if p.ehcp { "yes" } else { "no" }.to_string(),
        fmt_money(p.current_e3),
        p.year_group.map(|y| y.as_string()).unwrap_or_default(),
        p.start.map(|d| d.to_string()).unwrap_or_default(),
        p.end.map(|d| d.to_string()).unwrap_or_default(),
    ]
}

// --- reading rows with the engine -------------------------------------------------------------

/// Reads one row of cells with the engine's own row reader (`register::pupil_from_cells`, R10.1,
/// R10.1a): the very code that reads a row of an imported file, with no CSV text in between.
pub fn parse_one(cells: &Cells, card: &RateCard) -> Parsed {
    let grid: Vec<Cell> = cells.iter().map(|c| if c.trim().is_empty() { Cell::Empty } else { Cell::Text(c.trim().to_string()) }).collect();
    let opts = Options { card: Some(card), ..Options::default() };
    match pupil_from_cells(&grid, &opts) {
        Ok(None) => Parsed::Blank,
        Ok(Some(p)) => Parsed::Pupil(p),
        Err(faults) => Parsed::Faults(faults.into_iter().map(|(k, m)| (Field::from_key(k).unwrap_or(Field::Id), m)).collect()),
    }
}

/// Reads any number of rows (ids repeated across rows are reported by [`duplicates`]).
pub fn parse_many(rows: &[&Cells], card: &RateCard) -> Vec<Parsed> {
    rows.iter().map(|c| parse_one(c, card)).collect()
}

/// R2.1: ids unique within a school. For each row after the first with the same id, the
/// message; `number` gives the row's number as the user sees it (table row or file line).
pub fn duplicates<'a>(ids: impl Iterator<Item = (usize, &'a str)>, number: impl Fn(usize) -> usize, noun: &str) -> HashMap<usize, String> {
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut out = HashMap::new();
    for (i, id) in ids {
        if id.is_empty() {
            continue;
        }
        match first.get(id) {
            Some(&f) => {
                out.insert(i, format!("\"{id}\" is already used on {noun} {}: pupil ids must be unique within a school", number(f)));
            }
            None => {
                first.insert(id, i);
            }
        }
    }
    out
}

// --- ids that look like names ------------------------------------------------------------------

const FIRST_NAMES: &[&str] = &[
    "oliver",
    "george",
    "harry",
    "noah",
    "jack",
    "leo",
    "arthur",
    "muhammad",
    "mohammed",
    "oscar",
    "charlie",
    "jacob",
    "thomas",
    "henry",
    "william",
    "james",
    "alfie",
    "joshua",
    "freddie",
    "archie",
    "ethan",
    "isaac",
    "alexander",
    "joseph",
    "edward",
    "samuel",
    "daniel",
    "lucas",
    "logan",
    "theo",
    "olivia",
    "amelia",
    "isla",
    "ava",
    "mia",
    "ivy",
    "lily",
    "isabella",
    "rosie",
    "sophia",
    "grace",
    "willow",
    "freya",
    "florence",
    "emily",
    "ella",
    "poppy",
    "evie",
    "elsie",
    "charlotte",
    "evelyn",
    "sophie",
    "jessica",
    "emma",
    "chloe",
    "ruby",
    "daisy",
    "alice",
    "sienna",
    "harper",
    "jane",
    "john",
    "david",
    "sarah",
    "mary",
    "michael",
    "paul",
    "peter",
    "laura",
    "hannah",
    "lucy",
    "amy",
    "adam",
    "ryan",
    "liam",
    "zara",
    "aisha",
    "fatima",
    "ahmed",
    "megan",
    "jessica",
    "katie",
    "holly",
    "ellie",
    "matthew",
    "luke",
    "callum",
    "kieran",
    "connor",
    "tyler",
];

/// Whether a pupil id looks like a person's name: two or more capitalised words ("Jane
/// Smith", "Smith, Jane"), or a common first name ("olivia", "Noah2"). Only a warning: the
/// user decides; ids must be pseudonymous (R2.1).
pub fn looks_like_name(id: &str) -> bool {
    let words: Vec<&str> = id.split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '_' | '/' | ';')).filter(|w| !w.is_empty()).collect();
    let alphabetic = |w: &str| w.chars().count() >= 2 && w.chars().all(|c| c.is_alphabetic() || c == '\'' || c == '-');
    let capitalised = |w: &str| {
        let mut cs = w.chars();
        cs.next().is_some_and(|c| c.is_uppercase()) && cs.any(|c| c.is_lowercase())
    };
    if words.iter().filter(|w| alphabetic(w) && capitalised(w)).count() >= 2 {
        return true;
    }
    words.iter().any(|w| {
        let letters: String = w.chars().filter(|c| c.is_alphabetic()).collect::<String>().to_lowercase();
        letters.chars().count() >= 3 && w.chars().filter(|c| c.is_alphabetic()).count() * 2 > w.chars().count() && FIRST_NAMES.contains(&letters.as_str())
    })
}

pub fn name_warning(id: &str) -> String {
    format!(
        "\"{}\" looks like a person's name. Use a made-up id such as P014 instead: ids must never identify a child, \
         because they are kept in this browser and written into every file you save or export.",
        id.trim()
    )
}

// --- school and Community details --------------------------------------------------------------

/// Which settings the school has (R1.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SchoolKind {
    #[default]
    Mainstream,
    MainstreamSrp,
    Special,
}

impl SchoolKind {
    pub const ALL: [SchoolKind; 3] = [SchoolKind::Mainstream, SchoolKind::MainstreamSrp, SchoolKind::Special];
    pub fn as_str(self) -> &'static str {
        match self {
            SchoolKind::Mainstream => "mainstream",
            SchoolKind::MainstreamSrp => "mainstream_srp",
            SchoolKind::Special => "special",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            SchoolKind::Mainstream => "Mainstream school",
            SchoolKind::MainstreamSrp => "Mainstream school with a Specialist Resource Provision (SRP)",
            SchoolKind::Special => "Special school",
        }
    }
    pub fn settings(self) -> &'static [Setting] {
        match self {
            SchoolKind::Mainstream => &[Setting::Mainstream],
            SchoolKind::MainstreamSrp => &[Setting::Mainstream, Setting::Srp],
            SchoolKind::Special => &[Setting::Special],
        }
    }
    /// The kind that fits the settings of a list of pupils.
    pub fn of_pupils<'a>(settings: impl Iterator<Item = &'a Setting>) -> SchoolKind {
        let (mut srp, mut special, mut mainstream) = (false, false, false);
        for s in settings {
            match s {
                Setting::Mainstream => mainstream = true,
                Setting::Srp => srp = true,
                Setting::Special => special = true,
            }
        }
        if special && !mainstream && !srp {
            SchoolKind::Special
        } else if srp {
            SchoolKind::MainstreamSrp
        } else {
            SchoolKind::Mainstream
        }
    }
}

/// Indicators (R2.3) as typed.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct IndicatorsDraft {
    pub pupils: String,
    pub idaci: [String; 6],
    pub lac: String,
    pub lpa: String,
}

impl IndicatorsDraft {
    pub fn is_blank(&self) -> bool {
        self.pupils.trim().is_empty() && self.idaci.iter().all(|s| s.trim().is_empty()) && self.lac.trim().is_empty() && self.lpa.trim().is_empty()
    }
    pub fn of(i: &Indicators) -> IndicatorsDraft {
        IndicatorsDraft { pupils: i.pupils.to_string(), idaci: i.idaci.map(|n| n.to_string()), lac: i.lac.to_string(), lpa: i.lpa.to_string() }
    }
    /// (the field's key, its text), in order: `pupils`, `idaci.A` … `idaci.F`, `lac`, `lpa`.
    pub fn fields(&self) -> Vec<(String, &str)> {
        let mut v = vec![("pupils".to_string(), self.pupils.as_str())];
        for (i, b) in IDACI_BANDS.iter().enumerate() {
            v.push((format!("idaci.{b}"), self.idaci[i].as_str()));
        }
        v.push(("lac".to_string(), self.lac.as_str()));
        v.push(("lpa".to_string(), self.lpa.as_str()));
        v
    }
    pub fn get_mut(&mut self, key: &str) -> Option<&mut String> {
        match key {
            "pupils" => Some(&mut self.pupils),
            "lac" => Some(&mut self.lac),
            "lpa" => Some(&mut self.lpa),
            k => {
                let b = k.strip_prefix("idaci.")?;
                let i = IDACI_BANDS.iter().position(|x| *x == b)?;
                Some(&mut self.idaci[i])
            }
        }
    }
}

/// The school and its Community, as typed.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Details {
    pub name: String,
    pub urn: String,
    pub kind: SchoolKind,
    pub community_id: String,
    pub community_name: String,
    /// `""` (the rate card's default), `A` … `D`.
    pub protection: String,
    /// For B, a percentage as typed (`60`, `60%`); blank: the rate card's rate.
    pub protection_rate: String,
    pub school_indicators: IndicatorsDraft,
    pub community_indicators: IndicatorsDraft,
    /// Only matters with other Communities (the county pot).
    pub historic: String,
    /// By academic year (`2025/26`): the Community's gross budget, or the county pot when the
    /// workspace holds the county's Communities.
    pub pots: BTreeMap<String, String>,
}

/// A field of the details form: its element id is `school-` + the key.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum DetailField {
    Name,
    Urn,
    Kind,
    CommunityId,
    CommunityName,
    Protection,
    ProtectionRate,
    /// `pupils`, `idaci.A`, `lac` …
    SchoolIndicator(String),
    CommunityIndicator(String),
    Historic,
    Pot(String),
}

impl DetailField {
    /// The id of its input element.
    pub fn element_id(&self) -> String {
        let clean = |s: &str| s.replace(['.', '/'], "-");
        match self {
            DetailField::Name => "school-name".into(),
            DetailField::Urn => "school-urn".into(),
            DetailField::Kind => "school-kind".into(),
            DetailField::CommunityId => "community-id".into(),
            DetailField::CommunityName => "community-name".into(),
            DetailField::Protection => "community-protection".into(),
            DetailField::ProtectionRate => "community-protection-rate".into(),
            DetailField::SchoolIndicator(k) => format!("school-ind-{}", clean(k)),
            DetailField::CommunityIndicator(k) => format!("community-ind-{}", clean(k)),
            DetailField::Historic => "community-historic".into(),
            DetailField::Pot(ay) => format!("pot-{}", clean(ay)),
        }
    }

    pub fn label(&self) -> String {
        match self {
            DetailField::Name => "School name".into(),
            DetailField::Urn => "URN".into(),
            DetailField::Kind => "Settings".into(),
            DetailField::CommunityId => "Community id".into(),
            DetailField::CommunityName => "Community name".into(),
            DetailField::Protection => "Protection option".into(),
            DetailField::ProtectionRate => "Share protected under option B".into(),
            DetailField::SchoolIndicator(k) => format!("School indicator: {}", indicator_label(k)),
            DetailField::CommunityIndicator(k) => format!("Community indicator: {}", indicator_label(k)),
            DetailField::Historic => "Community's historic allocation".into(),
            DetailField::Pot(ay) => format!("Budget for {ay}"),
        }
    }
}

pub fn indicator_label(key: &str) -> String {
    match key {
        "pupils" => "pupils aged 5 to 16".into(),
        "lac" => "looked-after children".into(),
        "lpa" => "pupils with low prior attainment".into(),
        k => match k.strip_prefix("idaci.") {
            Some(b) => format!("IDACI band {b}"),
            None => k.to_string(),
        },
    }
}

impl Details {
    pub fn set(&mut self, field: &DetailField, value: String) {
        match field {
            DetailField::Name => self.name = value,
            DetailField::Urn => self.urn = value,
            DetailField::Kind => {
                self.kind = SchoolKind::ALL.into_iter().find(|k| k.as_str() == value).unwrap_or_default();
            }
            DetailField::CommunityId => self.community_id = value,
            DetailField::CommunityName => self.community_name = value,
            DetailField::Protection => self.protection = value,
            DetailField::ProtectionRate => self.protection_rate = value,
            DetailField::SchoolIndicator(k) => {
                if let Some(s) = self.school_indicators.get_mut(k) {
                    *s = value;
                }
            }
            DetailField::CommunityIndicator(k) => {
                if let Some(s) = self.community_indicators.get_mut(k) {
                    *s = value;
                }
            }
            DetailField::Historic => self.historic = value,
            DetailField::Pot(ay) => {
                self.pots.insert(ay.clone(), value);
            }
        }
    }
}

/// Communities and schools from an opened scenario other than the user's own: with them, the
/// pots are the county's and the user's Community is shared out among the others (R5).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Others {
    pub communities: Vec<Community>,
    pub schools: Vec<School>,
}

/// The outcome of reading the details: what the engine made of them, or every fault.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct DetailsCheck {
    /// Faults of a field, in the engine's words.
    pub faults: Vec<(DetailField, String)>,
    /// Faults that belong to no field of the form (other Communities or schools of an opened
    /// file), with their paths.
    pub other: Vec<String>,
    /// The scenario without the user's pupils, when there is no fault.
    pub base: Option<Rc<Scenario>>,
}

fn text_value(s: &str) -> Value {
    Value::String(s.trim().to_string())
}

/// Reads indicators typed in the form: counts, thousands commas allowed; a blank IDACI band,
/// LAC or LPA is 0; all blank is no indicators.
fn read_indicators(d: &IndicatorsDraft, field: &dyn Fn(String) -> DetailField, faults: &mut Vec<(DetailField, String)>) -> Option<Option<Value>> {
    if d.is_blank() {
        return Some(None);
    }
    let mut ok = true;
    let mut count = |key: &str, text: &str, required: bool| -> u64 {
        let t = text.trim().replace(',', "");
        if t.is_empty() {
            if required {
                faults.push((field(key.to_string()), "is missing: enter the number of pupils aged 5 to 16".to_string()));
                ok = false;
            }
            return 0;
        }
        match parse_count(&t) {
            Ok(n) => n,
            Err(e) => {
                faults.push((field(key.to_string()), e));
                ok = false;
                0
            }
        }
    };
    let pupils = count("pupils", &d.pupils, true);
    let mut idaci = Map::new();
    for (i, b) in IDACI_BANDS.iter().enumerate() {
        idaci.insert(b.to_string(), json!(count(&format!("idaci.{b}"), &d.idaci[i], false)));
    }
    let lac = count("lac", &d.lac, false);
    let lpa = count("lpa", &d.lpa, false);
    ok.then(|| Some(json!({"pupils": pupils, "idaci": idaci, "lac": lac, "lpa": lpa})))
}

/// `60`, `60%`, `62.5` → 0.6, 0.625 (a share of existing claims, R6.2).
pub fn parse_percent(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    let t = t.strip_suffix('%').unwrap_or(t).trim();
    parse_fraction(t, Decimal::ZERO, Decimal::from(100))
        .map(|p| p / Decimal::from(100))
        .map_err(|_| format!("must be a percentage from 0 to 100, e.g. 60 (got \"{}\")", text.trim()))
}

pub fn percent_text(d: Decimal) -> String {
    fmt_fraction(d * Decimal::from(100))
}

/// Reads the details with the engine (R2.2–R2.4, R10.3): the school (without pupils), its
/// Community, the pots, and any other Communities and schools of an opened file.
pub fn check_details(d: &Details, others: &Others, years: &[Ay], card: &RateCard) -> DetailsCheck {
    let mut faults: Vec<(DetailField, String)> = Vec::new();
    let mut ok = true;

    let has_community = !d.community_id.trim().is_empty();
    let school_ind = read_indicators(&d.school_indicators, &|k| DetailField::SchoolIndicator(k), &mut faults);
    let mut community_ind = read_indicators(&d.community_indicators, &|k| DetailField::CommunityIndicator(k), &mut faults);
    if school_ind.is_none() || community_ind.is_none() {
        ok = false;
    }
    if has_community && matches!(school_ind, Some(Some(_))) && matches!(community_ind, Some(None)) {
        faults.push((
            DetailField::CommunityIndicator("pupils".into()),
            "is missing: enter your Community's indicators too, because the school's share is worked out against them (R5.8)".into(),
        ));
        ok = false;
    }
    if let Some(None) = community_ind {
        community_ind = Some(Some(Indicators::default().to_json()));
    }

    let mut community = Map::new();
    if has_community {
        community.insert("id".into(), text_value(&d.community_id));
        community.insert("name".into(), text_value(if d.community_name.trim().is_empty() { &d.community_id } else { &d.community_name }));
        if let Some(Some(v)) = &community_ind {
            community.insert("indicators".into(), v.clone());
        }
        let historic = if d.historic.trim().is_empty() && others.communities.is_empty() {
            Ok(Decimal::ZERO)
        } else if d.historic.trim().is_empty() {
            Err("is missing: enter your Community's historic allocation (0 if none): with the county's Communities it sets its historic share (R5.4)"
                .to_string())
        } else {
            parse_money_lenient(&d.historic)
        };
        match historic {
            Ok(h) => {
                community.insert("historic".into(), json!(fmt_money(h)));
            }
            Err(e) => {
                faults.push((DetailField::Historic, e));
                ok = false;
            }
        }
        if let Some(o) = ProtectionOption::parse(&d.protection) {
            community.insert("protection".into(), json!(o.as_str()));
        }
        if !d.protection_rate.trim().is_empty() {
            match parse_percent(&d.protection_rate) {
                Ok(r) => {
                    community.insert("protection_rate".into(), json!(fmt_fraction(r)));
                }
                Err(e) => {
                    faults.push((DetailField::ProtectionRate, e));
                    ok = false;
                }
            }
        }
    }

    let mut pots = Map::new();
    for (ay, text) in &d.pots {
        if text.trim().is_empty() {
            continue;
        }
        let Ok(year) = Ay::parse(ay) else { continue };
        if !years.contains(&year) {
            continue;
        }
        if !has_community && others.communities.is_empty() {
            continue;
        }
        match parse_money_lenient(text) {
            Ok(p) => {
                pots.insert(ay.clone(), json!(fmt_money(p)));
            }
            Err(e) => {
                faults.push((DetailField::Pot(ay.clone()), e));
                ok = false;
            }
        }
    }

    let mut school = Map::new();
    school.insert("urn".into(), text_value(&d.urn));
    school.insert("name".into(), text_value(&d.name));
    if has_community {
        school.insert("community".into(), text_value(&d.community_id));
    }
    if let Some(Some(v)) = &school_ind {
        school.insert("indicators".into(), v.clone());
    }
    school.insert("pupils".into(), json!([]));

    let mut communities: Vec<Value> = Vec::new();
    if has_community {
        communities.push(Value::Object(community));
    }
    communities.extend(others.communities.iter().map(Community::to_json));
    let mut schools = vec![Value::Object(school)];
    schools.extend(others.schools.iter().map(School::to_json));
    let doc = json!({
        "rate_card": card.to_json(),
        "years": years.iter().map(|y| y.to_string()).collect::<Vec<_>>(),
        "pots": pots,
        "communities": communities,
        "schools": schools,
    });
    let mut other = Vec::new();
    let own_community = usize::from(has_community);
    match Scenario::from_value(&doc, &mut |_| Err("not used".into())) {
        Ok(s) if ok => {
            return DetailsCheck { faults, other, base: Some(Rc::new(s)) };
        }
        Ok(_) => {}
        Err(errs) => {
            for e in errs {
                match detail_field_of(&e.path, own_community) {
                    Some(f) => faults.push((f, e.message)),
                    None => other.push(e.to_string()),
                }
            }
        }
    }
    DetailsCheck { faults, other, base: None }
}

/// Maps a scenario error path to a field of the form, where it is one.
fn detail_field_of(path: &str, own_community: usize) -> Option<DetailField> {
    if let Some(rest) = path.strip_prefix("schools[0].") {
        return match rest {
            "urn" => Some(DetailField::Urn),
            "name" => Some(DetailField::Name),
            "community" => Some(DetailField::CommunityId),
            r => r.strip_prefix("indicators.").map(|k| DetailField::SchoolIndicator(k.to_string())),
        };
    }
    if own_community == 1 {
        if let Some(rest) = path.strip_prefix("communities[0].") {
            return match rest {
                "id" => Some(DetailField::CommunityId),
                "name" => Some(DetailField::CommunityName),
                "historic" => Some(DetailField::Historic),
                "protection" => Some(DetailField::Protection),
                "protection_rate" => Some(DetailField::ProtectionRate),
                r => r.strip_prefix("indicators.").map(|k| DetailField::CommunityIndicator(k.to_string())),
            };
        }
    }
    if let Some(ay) = path.strip_prefix("pots.") {
        return Some(DetailField::Pot(ay.to_string()));
    }
    if path == "schools[0]" {
        return Some(DetailField::Name);
    }
    None
}

/// The whole scenario: the checked details and the pupils (in row order).
pub fn scenario_with(base: &Scenario, pupils: Vec<Pupil>) -> Scenario {
    let mut s = base.clone();
    if let Some(school) = s.schools.first_mut() {
        school.pupils = pupils;
    }
    s
}

// --- from a scenario ---------------------------------------------------------------------------

/// The workspace's details from a scenario's school and its Community.
pub fn details_of(s: &Scenario, si: usize) -> Details {
    let school = &s.schools[si];
    let community = school.community.as_deref().and_then(|c| s.community(c));
    let mut d = Details {
        name: school.name.clone(),
        urn: school.urn.clone(),
        kind: SchoolKind::of_pupils(school.pupils.iter().map(|p| &p.setting)),
        community_id: school.community.clone().unwrap_or_default(),
        ..Details::default()
    };
    if let Some(i) = &school.indicators {
        d.school_indicators = IndicatorsDraft::of(i);
    }
    if let Some(c) = community {
        d.community_name = c.name.clone();
        if c.indicators != Indicators::default() {
            d.community_indicators = IndicatorsDraft::of(&c.indicators);
        }
        d.historic = if s.communities.len() > 1 || !c.historic.is_zero() { fmt_money(c.historic) } else { String::new() };
        d.protection = c.protection.map(|o| o.as_str().to_string()).unwrap_or_default();
        d.protection_rate = c.protection_rate.map(percent_text).unwrap_or_default();
    }
    for (ay, p) in &s.pots {
        d.pots.insert(ay.to_string(), fmt_money(*p));
    }
    d
}

/// The other Communities and schools of a scenario, besides school `si` and its Community.
pub fn others_of(s: &Scenario, si: usize) -> Others {
    let own = s.schools[si].community.clone();
    Others {
        communities: s.communities.iter().filter(|c| Some(&c.id) != own.as_ref()).cloned().collect(),
        schools: s.schools.iter().enumerate().filter(|(i, _)| *i != si).map(|(_, x)| x.clone()).collect(),
    }
}

// --- the saved form (local storage) -----------------------------------------------------------

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_look_like_names_are_flagged() {
        for id in ["Jane Smith", "Smith, Jane", "olivia", "Noah2", "Mary-Jane O'Neil"] {
            assert!(looks_like_name(id), "{id}");
        }
        for id in ["P001", "EX-01", "SA3", "12345", "pupil 7", "A B"] {
            assert!(!looks_like_name(id), "{id}");
        }
        assert!(name_warning(" Jane Smith ").starts_with("\"Jane Smith\" looks like a person's name"));
    }
}
