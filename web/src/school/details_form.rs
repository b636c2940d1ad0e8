//! The school's details form as typed: the school (its name, URN and settings, R1.2, R2.2), its
//! indicators and its Community's (R2.3, R5.8), the Community's historic allocation (R5.4), its
//! protection option and option B's share as a percentage (R6, R6.2), and the budgets by year
//! (R2.4). Every field is kept as the text typed ([`Details`]), with its element id and label
//! ([`DetailField`]); the other Communities and schools of an opened file are kept beside it
//! ([`Others`]). The form filled from a scenario is here too ([`details_of`], [`others_of`]).
//!
//! Reading the form with the engine is `details_check`.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use sen_funding::engine::money::{fmt_fraction, fmt_money, parse_fraction};
use sen_funding::engine::ratecard::{Setting, IDACI_BANDS};
use sen_funding::engine::scenario::{Community, Indicators, School};
use sen_funding::engine::Scenario;
use serde::{Deserialize, Serialize};

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
