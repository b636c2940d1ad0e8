//! The workspace as the user typed it, and how it becomes a scenario the engine computes.
//!
//! Everything is kept as the text the user typed or imported ([`Details`], [`Row`]), so that
//! nothing is ever lost, even in a faulty cell. The engine reads it:
//!
//! * pupil rows through the engine's own row reader (`register::pupil_from_cells`, R10.1,
//!   R10.1a), so a cell typed in the table accepts exactly what an imported file accepts
//!   (`£1,200`, `01/09/2025`, `yes`, `Y7`, `E`) and is refused with the same message;
//! * school and Community details (R2.2–R2.4, R5.8) through the engine's typed entry point
//!   (`Scenario::from_entered`, R10.5), with the same errors and paths as its scenario reader
//!   (`schools[0].indicators.lac`) and no scenario document written or read; each typed path is
//!   mapped to its field by the one mapper of every journey (`crate::error_path`).
//!
//! The checks made here rather than by the engine are that pupil ids are unique across rows
//! (R2.1), because rows are read one at a time as they are edited, and the form's own rules for
//! what may be left blank ([`check_details`]).

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use crate::error_path::{part_of, Part};
use rust_decimal::Decimal;
use sen_funding::engine::errors::Path;
use sen_funding::engine::grid::Cell;
use sen_funding::engine::money::{fmt_fraction, fmt_money, parse_fraction};
use sen_funding::engine::periods::Ay;
use sen_funding::engine::ratecard::{ProtectionOption, RateCard, Setting, IDACI_BANDS};
use sen_funding::engine::register::{pupil_from_cells, Options};
use sen_funding::engine::scenario::{
    band_errors_from, Community, EnteredCommunity, EnteredCounty, EnteredIndicators, EnteredSchool, Indicators, Pupil, School,
};
use sen_funding::engine::Scenario;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

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
    /// R11.1: the AY the pupils' year groups are recorded in, as typed; blank: none (a
    /// workspace saved without it keeps its figures).
    #[serde(default)]
    pub year_group_as_at: String,
    /// R11.3: the school's last year group (`6`, `11` …); blank: not set.
    #[serde(default)]
    pub last_year_group: String,
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
    /// R11.1 `year_group_as_at`.
    YearGroupsAsAt,
    /// R11.3 `last_year_group`.
    LastYearGroup,
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
            DetailField::YearGroupsAsAt => "school-year-groups-as-at".into(),
            DetailField::LastYearGroup => "school-last-year-group".into(),
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
            DetailField::YearGroupsAsAt => "Year groups as recorded in".into(),
            DetailField::LastYearGroup => "The school's last year group".into(),
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
            DetailField::YearGroupsAsAt => self.year_group_as_at = value,
            DetailField::LastYearGroup => self.last_year_group = value,
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

/// Indicators left blank in the form: 0 each.
const NO_INDICATORS: EnteredIndicators<'static> = EnteredIndicators { pupils: "0", idaci: ["0"; 6], lac: "0", lpa: "0" };

/// Indicators typed in the form, as the engine reads them (`None`: all blank, no indicators).
/// A blank IDACI band, LAC or LPA is 0; a blank count of pupils is missing, said here in the
/// form's words (and left blank for the engine, whose fault there is not repeated).
fn indicators_as_typed<'a>(d: &'a IndicatorsDraft, field: fn(String) -> DetailField, faults: &mut Vec<(DetailField, String)>) -> Option<EnteredIndicators<'a>> {
    if d.is_blank() {
        return None;
    }
    if d.pupils.trim().is_empty() {
        faults.push((field("pupils".to_string()), "is missing: enter the number of pupils aged 5 to 16".to_string()));
    }
    let or_zero = |s: &'a String| if s.trim().is_empty() { "0" } else { s.as_str() };
    Some(EnteredIndicators { pupils: &d.pupils, idaci: std::array::from_fn(|i| or_zero(&d.idaci[i])), lac: or_zero(&d.lac), lpa: or_zero(&d.lpa) })
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

/// Reads the details with the engine's typed entry point (`Scenario::from_entered`, R2.2–R2.4,
/// R5.8, R10.5): the school (without pupils), its Community, the pots, and any other
/// Communities and schools of an opened file, from the form's text as typed — no scenario
/// document is written or read, and the rate card is not read again. Each fault's typed path
/// is mapped to its field by the one mapper ([`crate::error_path::part_of`]); a fault of no
/// field (another Community or school of the file) is kept with its path.
///
/// A few checks are the form's own, in its words, because the form asks for less than a
/// scenario holds: a blank IDACI band, LAC or LPA is 0 and indicators all blank are none, but
/// a blank count of pupils is missing; the Community's indicators are needed beside the
/// school's (R5.8; left blank they are 0); the historic allocation may be left blank (0) only
/// without other Communities (R5.4); option B's share is a percentage (R6.2). The engine's
/// fault in a field the form has already faulted is not repeated.
///
/// The base scenario holds the school as `schools[0]` (its pupils are added by
/// [`scenario_with`]), then the other schools, cloned from `others`: this runs on a details
/// edit, not on a pupil's.
pub fn check_details(d: &Details, others: &Others, years: &[Ay], card: &RateCard) -> DetailsCheck {
    let mut faults: Vec<(DetailField, String)> = Vec::new();
    super::year_groups::own_faults(d, &mut faults);
    let has_community = !d.community_id.trim().is_empty();
    let school_ind = indicators_as_typed(&d.school_indicators, DetailField::SchoolIndicator, &mut faults);
    let community_ind = indicators_as_typed(&d.community_indicators, DetailField::CommunityIndicator, &mut faults);
    if has_community && school_ind.is_some() && !d.school_indicators.pupils.trim().is_empty() && community_ind.is_none() {
        faults.push((
            DetailField::CommunityIndicator("pupils".into()),
            "is missing: enter your Community's indicators too, because the school's share is worked out against them (R5.8)".into(),
        ));
    }

    let mut communities = Vec::new();
    let protection_rate;
    if has_community {
        let historic = if d.historic.trim().is_empty() {
            if !others.communities.is_empty() {
                faults.push((
                    DetailField::Historic,
                    "is missing: enter your Community's historic allocation (0 if none): with the county's Communities it sets its historic share (R5.4)"
                        .into(),
                ));
            }
            "0"
        } else {
            d.historic.as_str()
        };
        protection_rate = match d.protection_rate.trim() {
            "" => String::new(),
            typed => parse_percent(typed).map(fmt_fraction).unwrap_or_else(|e| {
                faults.push((DetailField::ProtectionRate, e));
                String::new()
            }),
        };
        communities.push(EnteredCommunity {
            id: &d.community_id,
            name: if d.community_name.trim().is_empty() { &d.community_id } else { &d.community_name },
            indicators: community_ind.unwrap_or(NO_INDICATORS),
            historic,
            // A value the option buttons cannot hold (from a file opened to be fixed) is the
            // rate card's default.
            protection: ProtectionOption::parse(&d.protection).map_or("", ProtectionOption::as_str),
            protection_rate: &protection_rate,
        });
    }

    // The pots of the modelled years, when there is a Community to share them (R2.4).
    let pots = if has_community || !others.communities.is_empty() {
        d.pots.iter().filter_map(|(ay, text)| Ay::parse(ay).ok().filter(|y| years.contains(y)).map(|y| (y, text.as_str()))).collect()
    } else {
        Vec::new()
    };
    let county = EnteredCounty {
        years,
        pots,
        communities,
        read_communities: &others.communities,
        entered_schools: vec![EnteredSchool {
            urn: &d.urn,
            name: &d.name,
            community: &d.community_id,
            indicators: school_ind,
            year_group_as_at: &d.year_group_as_at,
            last_year_group: &d.last_year_group,
        }],
        schools: &others.schools,
    };
    let checked = Scenario::from_entered(card, &county);
    // The other schools' pupils against the card in force (R2.1): `schools[1]` on.
    let bands = band_errors_from(card, &others.schools, 1);

    let errs = match checked {
        Ok(mut s) if faults.is_empty() && bands.is_empty() => {
            s.schools.extend(others.schools.iter().cloned());
            return DetailsCheck { faults, other: Vec::new(), base: Some(Rc::new(s)) };
        }
        Ok(_) => bands,
        Err(mut errs) => {
            errs.extend(bands);
            errs
        }
    };
    let own = faults.len();
    let mut other = Vec::new();
    for e in errs {
        match detail_field_of(&e.path, has_community, &d.pots) {
            Some(f) if faults[..own].iter().any(|(g, _)| *g == f) => {}
            Some(f) => faults.push((f, e.message)),
            None => other.push(e.to_string()),
        }
    }
    DetailsCheck { faults, other, base: None }
}

/// The field of the form an engine error's typed path names, where it is one (the one mapper,
/// [`part_of`]): the school is `schools[0]`, its Community (when it has one) `communities[0]`.
fn detail_field_of(path: &Path, own_community: bool, pots: &BTreeMap<String, String>) -> Option<DetailField> {
    match part_of(path)? {
        Part::School(0, keys) => match keys.as_slice() {
            [] | ["name"] => Some(DetailField::Name),
            ["urn"] => Some(DetailField::Urn),
            ["community"] => Some(DetailField::CommunityId),
            ["indicators", key @ ..] if !key.is_empty() => Some(DetailField::SchoolIndicator(key.join("."))),
            ["year_group_as_at"] => Some(DetailField::YearGroupsAsAt),
            ["last_year_group"] => Some(DetailField::LastYearGroup),
            _ => None,
        },
        Part::Community(0, keys) if own_community => match keys.as_slice() {
            ["id"] => Some(DetailField::CommunityId),
            ["name"] => Some(DetailField::CommunityName),
            ["historic"] => Some(DetailField::Historic),
            ["protection"] => Some(DetailField::Protection),
            ["protection_rate"] => Some(DetailField::ProtectionRate),
            ["indicators", key @ ..] if !key.is_empty() => Some(DetailField::CommunityIndicator(key.join("."))),
            _ => None,
        },
        // The pot's field is keyed by the year as the form holds it.
        Part::Pot(ay) => Some(DetailField::Pot(pots.keys().find(|k| Ay::parse(k).ok() == Some(ay)).cloned().unwrap_or_else(|| ay.to_string()))),
        _ => None,
    }
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
        year_group_as_at: school.year_group_as_at.map(|a| a.to_string()).unwrap_or_default(),
        last_year_group: school.last_year_group.map(|y| y.as_string()).unwrap_or_default(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use sen_funding::engine::errors::Seg;
    use sen_funding::engine::periods::default_years;

    fn card() -> RateCard {
        RateCard::from_json_str(include_str!("../../../www/ratecards/kent-illustrative-2025.json")).expect("the shipped card")
    }

    fn draft(pupils: &str, idaci: [&str; 6], lac: &str, lpa: &str) -> IndicatorsDraft {
        IndicatorsDraft { pupils: pupils.into(), idaci: idaci.map(String::from), lac: lac.into(), lpa: lpa.into() }
    }

    /// A school of Community C01 with its indicators and a budget for 2025/26.
    fn details() -> Details {
        let mut d = Details {
            name: "Our School".into(),
            urn: "118001".into(),
            community_id: "C01".into(),
            community_name: "Our Community".into(),
            protection: "B".into(),
            protection_rate: "60".into(),
            historic: "£300,000".into(),
            school_indicators: draft("300", ["1", "2", "3", "4", "5", "6"], "2", "40"),
            community_indicators: draft("1,200", ["10", "20", "30", "40", "50", "60"], "7", "150"),
            ..Details::default()
        };
        d.pots.insert("2025/26".into(), "£1,250,000".into());
        d
    }

    fn community(id: &str, pupils: u64) -> Community {
        let indicators = Indicators { pupils, idaci: [10, 20, 30, 40, 50, 60], lac: 5, lpa: 100 };
        Community { id: id.into(), name: format!("Community {id}"), indicators, historic: Decimal::from(250_000), protection: None, protection_rate: None }
    }

    fn school(urn: &str, community: Option<&str>) -> School {
        let cells: Cells = ["P1", "mainstream", "SA3", "no", "4000", "", "", ""].map(String::from);
        let pupil = parse_one(&cells, &card()).pupil().cloned().expect("a pupil");
        School {
            urn: urn.into(),
            name: format!("School {urn}"),
            community: community.map(String::from),
            indicators: None,
            pupils: vec![pupil],
            ..School::default()
        }
    }

    /// Two other Communities and two other schools, as from an opened county file.
    fn others() -> Others {
        Others { communities: vec![community("C02", 900), community("C03", 800)], schools: vec![school("118002", Some("C01")), school("118003", Some("C02"))] }
    }

    fn check(d: &Details, o: &Others) -> DetailsCheck {
        check_details(d, o, &default_years(), &card())
    }

    fn fault(f: DetailField, m: &str) -> (DetailField, String) {
        (f, m.to_string())
    }

    const MONEY: &str = "must be an amount in pounds from 0 to 1,000,000,000 with at most two decimals, e.g. 6000 or 6000.50";

    // R2.2–R2.4, R10.3: valid details are the scenario the engine reads from the same fields:
    // the school first, without pupils, then the others; its Community first.
    #[test]
    fn valid_details_are_the_base_scenario_with_the_school_first() {
        let o = others();
        let c = check(&details(), &o);
        assert_eq!((c.faults.as_slice(), c.other.as_slice()), (&[][..], &[][..]));
        let base = c.base.expect("a base scenario");
        let mut by_json = Scenario::from_value(
            &json!({
                "rate_card": card().to_json(),
                "pots": {"2025/26": "1250000.00"},
                "communities": [
                    {"id": "C01", "name": "Our Community", "historic": "300000.00", "protection": "B", "protection_rate": "0.6",
                     "indicators": {"pupils": 1200, "idaci": {"A": 10, "B": 20, "C": 30, "D": 40, "E": 50, "F": 60}, "lac": 7, "lpa": 150}},
                ],
                "schools": [{"urn": "118001", "name": "Our School", "community": "C01", "pupils": [],
                             "indicators": {"pupils": 300, "idaci": {"A": 1, "B": 2, "C": 3, "D": 4, "E": 5, "F": 6}, "lac": 2, "lpa": 40}}],
            }),
            &mut |_| Err("no files".into()),
        )
        .expect("the same fields as a document");
        by_json.communities.extend(o.communities.iter().cloned());
        by_json.schools.extend(o.schools.iter().cloned());
        assert_eq!(*base, by_json);
        assert_eq!(base.schools.iter().map(|s| s.urn.as_str()).collect::<Vec<_>>(), ["118001", "118002", "118003"]);
        assert!(base.schools[0].pupils.is_empty());
        assert_eq!(base.communities[0].protection_rate, Some(Decimal::new(6, 1)));
        // scenario_with fills the school's pupils, schools[0].
        let p = o.schools[0].pupils[0].clone();
        assert_eq!(scenario_with(&base, vec![p.clone()]).schools[0].pupils, vec![p]);
    }

    // Without a Community or other Communities: no pots, a historic allocation of 0 (R5.4).
    #[test]
    fn a_school_alone_needs_no_community_and_no_historic_allocation() {
        let mut d = details();
        d.community_id = String::new();
        d.community_indicators = IndicatorsDraft::default();
        let c = check(&d, &Others::default());
        let base = c.base.expect("valid");
        assert!(base.communities.is_empty() && base.pots.is_empty() && base.schools[0].community.is_none());
        let mut d = details();
        d.historic = " ".into();
        let base = check(&d, &Others::default()).base.expect("valid");
        assert_eq!(base.communities[0].historic, Decimal::ZERO);
    }

    // R10.5: each of the engine's faults, found under its typed path, reaches its field.
    #[test]
    fn r10_5_each_fault_of_the_details_is_mapped_to_its_field() {
        let mut d = details();
        d.urn = "9".repeat(65);
        d.name = "  ".into();
        d.school_indicators.pupils = "12x".into();
        d.community_indicators.idaci[2] = "-3".into();
        d.community_name = "N".repeat(201);
        d.historic = "£1,00".into();
        d.protection_rate = "175".into();
        d.pots.insert("2025/26".into(), "lots".into());
        d.pots.insert("2026/27".into(), "1,000".into());
        let c = check(&d, &others());
        assert_eq!(
            c.faults,
            [
                fault(DetailField::ProtectionRate, "must be a percentage from 0 to 100, e.g. 60 (got \"175\")"),
                fault(DetailField::CommunityName, "must be at most 200 characters (got 201)"),
                fault(DetailField::CommunityIndicator("idaci.C".into()), "must be a whole number of 0 or more, e.g. 120 (got \"-3\")"),
                fault(DetailField::Historic, &format!("{MONEY} (got \"£1,00\")")),
                fault(DetailField::Pot("2025/26".into()), &format!("{MONEY} (got \"lots\")")),
                fault(DetailField::Pot("2026/27".into()), "the pot 1000.00 is less than the top-slice 30000.00 (3 communities × 10000.00, R5.1)"),
                fault(DetailField::Urn, "must be at most 64 characters (got 65)"),
                fault(DetailField::Name, "must not be empty"),
                fault(DetailField::SchoolIndicator("pupils".into()), "must be a whole number of 0 or more, e.g. 120 (got \"12x\")"),
            ]
        );
        assert!(c.other.is_empty(), "{:?}", c.other);
        assert!(c.base.is_none());
    }

    // R5.8: a school's indicator above its Community's is the school's field's fault; the
    // form's own faults are said in its words, and the engine's in the same field not again.
    #[test]
    fn r5_8_the_forms_own_checks_keep_their_words() {
        let mut d = details();
        d.community_indicators = draft("350", ["10", "20", "2", "40", "50", "60"], "7", "150");
        let c = check(&d, &others());
        let over = "3 is more than its community's 2 (communities[0].indicators.idaci.C); a school's share comes from within its community (R5.8)";
        assert_eq!(c.faults, [fault(DetailField::SchoolIndicator("idaci.C".into()), over)]);

        // A blank count of pupils is missing (blank bands, LAC and LPA are 0); the historic
        // allocation is needed beside other Communities (R5.4).
        let mut d = details();
        d.school_indicators = draft("", ["", "", "", "", "", ""], "3", "");
        d.community_indicators.pupils = " ".into();
        d.historic = String::new();
        let c = check(&d, &others());
        assert_eq!(
            c.faults,
            [
                fault(DetailField::SchoolIndicator("pupils".into()), "is missing: enter the number of pupils aged 5 to 16"),
                fault(DetailField::CommunityIndicator("pupils".into()), "is missing: enter the number of pupils aged 5 to 16"),
                fault(
                    DetailField::Historic,
                    "is missing: enter your Community's historic allocation (0 if none): with the county's Communities it sets its historic share (R5.4)"
                ),
            ]
        );

        // The Community's indicators left blank beside the school's: asked for, and 0 meanwhile.
        let mut d = details();
        d.community_indicators = IndicatorsDraft::default();
        d.school_indicators = draft("300", ["", "", "", "", "", ""], "", "");
        let c = check(&d, &Others::default());
        assert_eq!(
            c.faults,
            [
                fault(
                    DetailField::CommunityIndicator("pupils".into()),
                    "is missing: enter your Community's indicators too, because the school's share is worked out against them (R5.8)"
                ),
                fault(
                    DetailField::SchoolIndicator("pupils".into()),
                    "300 is more than its community's 0 (communities[0].indicators.pupils); a school's share comes from within its community (R5.8)"
                ),
            ]
        );
    }

    // The other Communities and schools of an opened file: a fault of theirs is no field's, and
    // is kept with its path.
    #[test]
    fn r10_5_faults_of_the_others_are_kept_with_their_paths() {
        let mut d = details();
        d.community_id = "C02".into();
        d.urn = "118003".into();
        let c = check(&d, &others());
        assert!(c.faults.is_empty(), "{:?}", c.faults);
        assert_eq!(
            c.other,
            [
                "communities[1].id: \"C02\" is listed twice: community ids must be unique",
                "schools[1].community: unknown community \"C01\" (known: C02, C03)",
                "schools[2].urn: \"118003\" is listed twice: URNs must be unique",
            ]
        );
        // Their pupils' bands, against the card in force (R2.1).
        let mut o = others();
        o.schools[1].pupils[0].band = "SA9".into();
        let c = check(&details(), &o);
        assert!(c.faults.is_empty() && c.base.is_none());
        assert_eq!(c.other.len(), 1);
        assert!(c.other[0].starts_with("schools[2].pupils[0].band: unknown band \"SA9\" (known: "), "{:?}", c.other);
    }

    #[test]
    fn detail_fields_come_from_typed_paths() {
        let pots: BTreeMap<String, String> = [("2026/27".to_string(), String::new())].into();
        let at = |segs: Vec<Seg>, own| detail_field_of(&Path::from_segments(segs), own, &pots);
        let k = |s: &str| Seg::Key(s.to_string());
        assert_eq!(at(vec![k("schools"), Seg::Index(0), k("urn")], true), Some(DetailField::Urn));
        assert_eq!(at(vec![k("schools"), Seg::Index(0)], true), Some(DetailField::Name));
        assert_eq!(at(vec![k("schools"), Seg::Index(0), k("indicators"), k("idaci"), k("F")], true), Some(DetailField::SchoolIndicator("idaci.F".into())));
        assert_eq!(at(vec![k("schools"), Seg::Index(0), k("indicators")], true), None);
        assert_eq!(at(vec![k("schools"), Seg::Index(1), k("urn")], true), None);
        assert_eq!(at(vec![k("communities"), Seg::Index(0), k("historic")], true), Some(DetailField::Historic));
        assert_eq!(at(vec![k("communities"), Seg::Index(0), k("indicators"), k("lpa")], true), Some(DetailField::CommunityIndicator("lpa".into())));
        // Without a Community of its own, communities[0] is another's.
        assert_eq!(at(vec![k("communities"), Seg::Index(0), k("historic")], false), None);
        assert_eq!(at(vec![k("pots"), k("2026/27")], false), Some(DetailField::Pot("2026/27".into())));
        assert_eq!(at(vec![k("schools"), Seg::Index(0), k("pupils"), Seg::Index(0), k("band")], true), None);
    }

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
