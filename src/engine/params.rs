//! The rate card's parameters (R9), each declared once, as data with a reference (the way
//! OpenFisca declares a parameter): where it is in the card's JSON, the rule that uses it, its
//! label and meaning for people, what the council's papers say about its value, how it is
//! written (its [`Kind`]), whether it may be absent, its bounds, and typed accessors on
//! [`RateCard`].
//!
//! Everything else follows from [`DECLS`]:
//! - the card's reader ([`RateCard::from_value`]) reads exactly the declared leaves, each by its
//!   kind, presence and bounds, and refuses any other key of a parameter section (`source`
//!   apart); the checks that tie parameters together (weights adding up to 1, the key dates'
//!   order, R5.5's community AY) stay in `ratecard.rs`;
//! - the writer ([`RateCard::to_json`]) writes them, in declaration order;
//! - the rate card page shows one row per [`Param`] of [`params`], section by section
//!   ([`SECTIONS`]);
//! - a link's `set=PATH=VALUE` changes ([`changes`], [`apply`]) are written from the writer's
//!   leaves and read back by the declared kind.
//!
//! A table of values (one per band, setting, IDACI band or listed AY) is one declaration of a
//! [`Family`]; its members come from the card (bands, listed AYs) or from the model (settings,
//! IDACI bands).

use super::errors::{Errors, InputError, Path};
use super::json::{self, Obj};
use super::money::{self, fmt_fraction};
use super::periods::{Ay, Date};
use super::ratecard::{ProtectionOption, RateCard, Route, Setting, IDACI_BANDS};
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::str::FromStr;

/// How a parameter is written (R9 "Numbers, wherever they are written").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Pounds, at most two decimals.
    Money,
    /// Pounds, or absent for none (a band's rate outside the tariff route).
    OptionalMoney,
    /// 0 to 1, at most six decimals.
    Fraction,
    /// 0 to 1, or null for none.
    NullableFraction,
    /// A multiplier ≥ 0, at most six decimals.
    Multiplier,
    /// A whole number.
    Count,
    /// An ISO date that starts an academic year (1 September, R1.5).
    Date,
    /// A, B, C or D (R6).
    Protection,
    /// none, community or tariff (R1.3).
    Route,
    /// A list of settings (R1.2).
    Settings,
}

/// A parameter's value, typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Val {
    /// Money, a fraction or a multiplier.
    Num(Decimal),
    /// Optional money or a nullable fraction.
    Opt(Option<Decimal>),
    Count(u32),
    Date(Date),
    Protection(ProtectionOption),
    Route(Route),
    Settings(Vec<Setting>),
}

/// Whether a parameter may be left out of the card's JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// Absent or null: "is missing (required)".
    Required,
    /// Must be present; null means none (a nullable fraction).
    RequiredOrNull,
    /// Absent or null means none (optional money, a nullable fraction).
    Optional,
    /// Absent means these settings.
    DefaultSettings(&'static [Setting]),
}

/// The range a number must lie in, both ends included (decimal text), and the unit its
/// message names (`" months"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounds {
    pub min: &'static str,
    pub max: &'static str,
    pub unit: &'static str,
}

const MONEY: Option<Bounds> = Some(Bounds { min: "0", max: "1000000000", unit: "" });
const FRACTION: Option<Bounds> = Some(Bounds { min: "0", max: "1", unit: "" });
const MULTIPLIER: Option<Bounds> = Some(Bounds { min: "0", max: "1000", unit: "" });

/// How many values a declaration stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// One value.
    One,
    /// One per setting (R1.2), keyed by the setting: `setting_factors.srp`.
    PerSetting,
    /// One per IDACI band A–F: `community.idaci_band_weights.C`.
    PerIdaciBand,
    /// One per academic year the card lists, keyed by the AY: `community.historic_weight.2026/27`.
    PerListedAy,
    /// One per band of the card, by its place in the list: `bands[5].rate`.
    PerBand,
}

/// Which member of a family.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Member {
    One,
    Setting(Setting),
    Idaci(usize),
    Ay(Ay),
    Band(usize),
}

impl Member {
    /// The member's key in the card's JSON (a band's index).
    pub fn key(&self) -> String {
        match self {
            Member::One => String::new(),
            Member::Setting(s) => s.as_str().to_string(),
            Member::Idaci(i) => IDACI_BANDS.get(*i).map(|b| b.to_string()).unwrap_or_default(),
            Member::Ay(a) => a.to_string(),
            Member::Band(i) => i.to_string(),
        }
    }
}

/// One parameter, or one table of them (a [`Family`]), of the rate card (R9).
#[derive(Debug)]
pub struct Decl {
    /// Where it is in the card's JSON, as the engine names it in errors; a family's member is
    /// `*`: `setting_factors.*`, `community.historic_weight.*`, `bands[*].rate`.
    pub path: &'static str,
    pub family: Family,
    /// The [`Section`] of the rate card page it is shown in.
    pub section: &'static str,
    /// The rule of `docs/MODEL.md` that uses it.
    pub rule: &'static str,
    /// For people. In a family, `{key}` is the member's key, `{setting}` the setting's label,
    /// `{name}`, `{code}` and `{description}` the band's.
    pub label: &'static str,
    pub meaning: &'static str,
    /// What the council's papers say about the value (`docs/source-notes.md`).
    pub source: &'static str,
    pub kind: Kind,
    pub presence: Presence,
    /// For numbers: the range the reader enforces, with [`Decl::bounds_message`].
    pub bounds: Option<Bounds>,
    /// Whether the what-if range (R10.6, MODEL.md reading 27) can vary it, and how it is named
    /// there.
    pub range: Option<Range>,
    pub get: fn(&RateCard, &Member) -> Option<Val>,
    pub set: fn(&mut RateCard, &Member, Val),
}

/// How the what-if range (R10.6) offers a parameter: its place in the list, and its label
/// (`{name}`, `{code}`, `{setting}` as in [`Decl::label`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    pub order: u8,
    pub label: &'static str,
}

/// A section of the rate card page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Section {
    pub id: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
}

/// The sections of the rate card page, in the order of R9.
pub const SECTIONS: [Section; 8] = [
    Section {
        id: "bands",
        title: "Bands and tariff rates",
        intro: "Each band of the Continuum of Need and Provision, the budget that meets it, and its yearly tariff.",
    },
    Section { id: "setting-factors", title: "Setting factors", intro: "The tariff in each setting is the band's rate times the setting's factor." },
    Section { id: "core", title: "What each setting meets first", intro: "Context only: Element 3 is paid on top of these." },
    Section { id: "thresholds", title: "Thresholds", intro: "Amounts that decide how a mainstream pupil's existing top-up is treated." },
    Section { id: "dates", title: "Key dates", intro: "When Community budgets and the tariff begin." },
    Section { id: "community", title: "Community budgets", intro: "How the county's pot is shared between the Communities of schools." },
    Section {
        id: "protection",
        title: "Protection of existing claims",
        intro: "The default for the first Community year; each Community may choose its own option.",
    },
    Section { id: "mgl", title: "Maximum gains and losses", intro: "Limits on how fast an SRP's or special school's top-up changes once the tariff starts." },
];

const ILLUSTRATIVE: &str = "Illustrative: not set by the council's papers.";

fn num(v: Val) -> Option<Decimal> {
    match v {
        Val::Num(d) => Some(d),
        _ => None,
    }
}
fn opt(v: Val) -> Option<Option<Decimal>> {
    match v {
        Val::Opt(d) => Some(d),
        _ => None,
    }
}
fn date(v: Val) -> Option<Date> {
    match v {
        Val::Date(d) => Some(d),
        _ => None,
    }
}

/// A declaration of one number held at `$($f).+` of the card.
macro_rules! one {
    ($path:literal, $section:literal, $rule:literal, $kind:expr, $bounds:expr, $range:expr, $label:literal, $meaning:literal, $source:expr, $($f:ident).+) => {
        Decl {
            path: $path,
            family: Family::One,
            section: $section,
            rule: $rule,
            label: $label,
            meaning: $meaning,
            source: $source,
            kind: $kind,
            presence: Presence::Required,
            bounds: $bounds,
            range: $range,
            get: |c, _| Some(Val::Num(c.$($f).+)),
            set: |c, _, v| {
                if let Some(d) = num(v) {
                    c.$($f).+ = d;
                }
            },
        }
    };
}

fn per_setting_mut<'p>(p: &'p mut super::ratecard::PerSetting<Decimal>, m: &Member) -> Option<&'p mut Decimal> {
    match m {
        Member::Setting(Setting::Mainstream) => Some(&mut p.mainstream),
        Member::Setting(Setting::Srp) => Some(&mut p.srp),
        Member::Setting(Setting::Special) => Some(&mut p.special),
        _ => None,
    }
}

/// Every parameter of the rate card, in the order of R9 and of the card's JSON.
pub static DECLS: &[Decl] = &[
    Decl {
        path: "bands[*].route",
        family: Family::PerBand,
        section: "bands",
        rule: "R1.3",
        label: "{name} ({code}): paid from",
        meaning: "Which budget meets support at this band: the school's own budget (none), the Community of schools budget (community) or a fixed yearly tariff (tariff). {description}",
        source: "Routes from the papers (24/00120 §2.1); band codes and names are the calculator's.",
        kind: Kind::Route,
        presence: Presence::Required,
        bounds: None,
        range: None,
        get: |c, m| match m {
            Member::Band(i) => c.bands.get(*i).map(|b| Val::Route(b.route)),
            _ => None,
        },
        set: |c, m, v| {
            if let (Member::Band(i), Val::Route(r)) = (m, v) {
                if let Some(b) = c.bands.get_mut(*i) {
                    b.route = r;
                }
            }
        },
    },
    Decl {
        path: "bands[*].rate",
        family: Family::PerBand,
        section: "bands",
        rule: "R3.1",
        label: "{name} ({code}): tariff a year",
        meaning: "The yearly Element 3 top-up for a pupil on this band on the tariff route, before the setting factor. Needed for a band on the tariff route; leave empty for none.",
        source: "Illustrative: the council has not set the tariff rates (24/00120 §3.16, §11.3).",
        kind: Kind::OptionalMoney,
        presence: Presence::Optional,
        bounds: MONEY,
        range: Some(Range { order: 2, label: "Tariff rate of {name} ({code}, R3.1)" }),
        get: |c, m| match m {
            Member::Band(i) => c.bands.get(*i).map(|b| Val::Opt(b.rate)),
            _ => None,
        },
        set: |c, m, v| {
            if let (Member::Band(i), Some(r)) = (m, opt(v)) {
                if let Some(b) = c.bands.get_mut(*i) {
                    b.rate = r;
                }
            }
        },
    },
    Decl {
        path: "setting_factors.*",
        family: Family::PerSetting,
        section: "setting-factors",
        rule: "R3.1",
        label: "{setting}",
        meaning: "The tariff is multiplied by this in this setting: 1 pays the same in every setting (\"funding follows the child\").",
        source: "Consulted on (Q3); different rates by setting may still be considered (24/00120 §3.19).",
        kind: Kind::Multiplier,
        presence: Presence::Required,
        bounds: MULTIPLIER,
        range: Some(Range { order: 4, label: "Setting factor: {setting} (R3.1)" }),
        get: |c, m| match m {
            Member::Setting(s) => Some(Val::Num(c.setting_factors.get(*s))),
            _ => None,
        },
        set: |c, m, v| {
            if let (Some(slot), Some(d)) = (per_setting_mut(&mut c.setting_factors, m), num(v)) {
                *slot = d;
            }
        },
    },
    Decl {
        path: "core.*",
        family: Family::PerSetting,
        section: "core",
        rule: "R1.1",
        label: "{setting}",
        meaning: "What the setting meets itself before any top-up (notional SEN budget, core or place funding). Shown as context; it is not part of Element 3.",
        source: "From the papers (24/00120 §1.2, §3.7).",
        kind: Kind::Money,
        presence: Presence::Required,
        bounds: MONEY,
        range: None,
        get: |c, m| match m {
            Member::Setting(s) => Some(Val::Num(c.core.get(*s))),
            _ => None,
        },
        set: |c, m, v| {
            if let (Some(slot), Some(d)) = (per_setting_mut(&mut c.core, m), num(v)) {
                *slot = d;
            }
        },
    },
    one!(
        "thresholds.ehcp_direct",
        "thresholds",
        "R4.5",
        Kind::Money,
        MONEY,
        None,
        "EHCP paid directly above",
        "Until the tariff starts, a mainstream pupil with an EHCP whose current top-up is above this keeps it, paid directly to the school; at or below it, support goes through the Community.",
        "From the papers: £6,000 (24/00120 §3.20).",
        ehcp_direct
    ),
    one!(
        "thresholds.moderation",
        "thresholds",
        "R5.9",
        Kind::Money,
        MONEY,
        None,
        "Moderation above",
        "Community-route support for a pupil whose current top-up is above this is flagged for moderation across Communities.",
        "From the papers: £6,000 (Consultation Analysis Q11).",
        moderation
    ),
    Decl {
        path: "dates.community_start",
        family: Family::One,
        section: "dates",
        rule: "R1.5",
        label: "Community budgets begin",
        meaning: "The first day of the first academic year with Community budgets (must be 1 September). Existing claims were paid to the day before.",
        source: "From the papers: September 2025 (24/00120 §3.20).",
        kind: Kind::Date,
        presence: Presence::Required,
        bounds: None,
        range: None,
        get: |c, _| Some(Val::Date(c.community_start)),
        set: |c, _, v| {
            if let Some(d) = date(v) {
                c.community_start = d;
            }
        },
    },
    Decl {
        path: "dates.tariff_start",
        family: Family::One,
        section: "dates",
        rule: "R1.5",
        label: "Tariff begins",
        meaning: "The first day of the first academic year of the tariff in every setting (1 September, on or after the Community start).",
        source: "From the papers: September 2026 (24/00120 §3.19, §3.20).",
        kind: Kind::Date,
        presence: Presence::Required,
        bounds: None,
        range: None,
        get: |c, _| Some(Val::Date(c.tariff_start)),
        set: |c, _, v| {
            if let Some(d) = date(v) {
                c.tariff_start = d;
            }
        },
    },
    one!(
        "community.weights.population",
        "community",
        "R5.3",
        Kind::Fraction,
        FRACTION,
        None,
        "Weight of population",
        "The share of each Community budget's formula that follows pupil numbers. Population and deprivation must add up to 1.",
        "From the papers: 50% (24/00120 §3.20).",
        community.w_pop
    ),
    one!(
        "community.weights.deprivation",
        "community",
        "R5.3",
        Kind::Fraction,
        FRACTION,
        None,
        "Weight of deprivation",
        "The share of the formula that follows deprivation (IDACI, looked-after children, low prior attainment).",
        "From the papers: 50% (24/00120 §3.20).",
        community.w_dep
    ),
    one!(
        "community.mix.idaci",
        "community",
        "R5.3",
        Kind::Fraction,
        FRACTION,
        None,
        "Deprivation: IDACI",
        "How much of the deprivation weight follows the IDACI indicator. IDACI, LAC and LPA must add up to 1.",
        ILLUSTRATIVE,
        community.mix_idaci
    ),
    one!(
        "community.mix.lac",
        "community",
        "R5.3",
        Kind::Fraction,
        FRACTION,
        None,
        "Deprivation: looked-after children",
        "How much of the deprivation weight follows the number of looked-after children.",
        ILLUSTRATIVE,
        community.mix_lac
    ),
    one!(
        "community.mix.lpa",
        "community",
        "R5.3",
        Kind::Fraction,
        FRACTION,
        None,
        "Deprivation: low prior attainment",
        "How much of the deprivation weight follows the number of pupils with low prior attainment.",
        ILLUSTRATIVE,
        community.mix_lpa
    ),
    Decl {
        path: "community.idaci_band_weights.*",
        family: Family::PerIdaciBand,
        section: "community",
        rule: "R5.2",
        label: "IDACI band {key} weight",
        meaning: "Each pupil in this IDACI band counts this much towards the IDACI indicator (band A is the most deprived).",
        source: "Illustrative: the papers name IDACI but give no band weights.",
        kind: Kind::Fraction,
        presence: Presence::Required,
        bounds: FRACTION,
        range: None,
        get: |c, m| match m {
            Member::Idaci(i) => c.community.idaci_band_weights.get(*i).map(|w| Val::Num(*w)),
            _ => None,
        },
        set: |c, m, v| {
            if let (Member::Idaci(i), Some(d)) = (m, num(v)) {
                if let Some(w) = c.community.idaci_band_weights.get_mut(*i) {
                    *w = d;
                }
            }
        },
    },
    one!(
        "community.topslice_per_community",
        "community",
        "R5.1",
        Kind::Money,
        MONEY,
        Some(Range { order: 3, label: "Top-slice per Community (R5.1)" }),
        "Top-slice for each Community",
        "Taken off the pot for each Community before it is shared out, for its chair and administrator; added back to the Community's gross budget.",
        "The top-slice is from the consultation (Q9); the amount is illustrative.",
        community.topslice_per_community
    ),
    Decl {
        path: "community.historic_weight.*",
        family: Family::PerListedAy,
        section: "community",
        rule: "R5.5",
        label: "Historic weight {key}",
        meaning: "How much of the Community budgets follows historic allocations in this academic year; the rest follows the formula. Later years take the last value listed.",
        source: "75% in the first year and the formula in full in the third are from the papers (24/00120 §5.9); 50% in the second year is inferred.",
        kind: Kind::Fraction,
        presence: Presence::Required,
        bounds: FRACTION,
        range: None,
        get: |c, m| match m {
            Member::Ay(a) => c.community.historic_weight.iter().find(|(y, _)| y == a).map(|(_, w)| Val::Num(*w)),
            _ => None,
        },
        set: |c, m, v| {
            if let (Member::Ay(a), Some(d)) = (m, num(v)) {
                let hw = &mut c.community.historic_weight;
                match hw.iter_mut().find(|(y, _)| y == a) {
                    Some(slot) => slot.1 = d,
                    None => {
                        hw.push((*a, d));
                        hw.sort_by_key(|(y, _)| *y);
                    }
                }
            }
        },
    },
    Decl {
        path: "protection.option",
        family: Family::One,
        section: "protection",
        rule: "R6",
        label: "Default option",
        meaning: "How existing claims are protected in the first Community year, unless a Community chooses otherwise: A no protection, B protect a share, C protect SEN Support above £6,000, D delay.",
        source: "From the papers: B is the preferred option (24/00120 §3.22).",
        kind: Kind::Protection,
        presence: Presence::Required,
        bounds: None,
        range: None,
        get: |c, _| Some(Val::Protection(c.protection.option)),
        set: |c, _, v| {
            if let Val::Protection(o) = v {
                c.protection.option = o;
            }
        },
    },
    one!(
        "protection.rate",
        "protection",
        "R6.2",
        Kind::Fraction,
        FRACTION,
        Some(Range { order: 1, label: "Protection rate (option B, R6.2)" }),
        "Share protected (option B)",
        "The share of an existing claim paid directly in the first Community year under option B.",
        "Illustrative within the council's range of about 50% to 75% (24/00120 §3.21).",
        protection.rate
    ),
    Decl {
        path: "protection.delay_months",
        family: Family::One,
        section: "protection",
        rule: "R6.4",
        label: "Months of delay (option D)",
        meaning: "Under option D, existing claims continue in full for this many months of the first Community year (0 to 12).",
        source: "Three months is from the papers (24/00120 §3.21 D); which months is an interpretation.",
        kind: Kind::Count,
        presence: Presence::Required,
        bounds: Some(Bounds { min: "0", max: "12", unit: " months" }),
        range: None,
        get: |c, _| Some(Val::Count(c.protection.delay_months)),
        set: |c, _, v| {
            if let Val::Count(n) = v {
                c.protection.delay_months = n;
            }
        },
    },
    Decl {
        path: "mgl.max_loss",
        family: Family::One,
        section: "mgl",
        rule: "R8.2",
        label: "Maximum loss a year",
        meaning: "The most an SRP's or special school's top-up can fall in a year from the tariff start, compounding. Empty for no floor.",
        source: ILLUSTRATIVE,
        kind: Kind::NullableFraction,
        presence: Presence::RequiredOrNull,
        bounds: FRACTION,
        range: Some(Range { order: 5, label: "Maximum loss a year (R8.2)" }),
        get: |c, _| Some(Val::Opt(c.mgl.max_loss)),
        set: |c, _, v| {
            if let Some(d) = opt(v) {
                c.mgl.max_loss = d;
            }
        },
    },
    Decl {
        path: "mgl.max_gain",
        family: Family::One,
        section: "mgl",
        rule: "R8.2",
        label: "Maximum gain a year",
        meaning: "The most it can rise in a year, compounding. Empty for no cap.",
        source: ILLUSTRATIVE,
        kind: Kind::NullableFraction,
        presence: Presence::RequiredOrNull,
        bounds: FRACTION,
        range: Some(Range { order: 6, label: "Maximum gain a year (R8.2)" }),
        get: |c, _| Some(Val::Opt(c.mgl.max_gain)),
        set: |c, _, v| {
            if let Some(d) = opt(v) {
                c.mgl.max_gain = d;
            }
        },
    },
    Decl {
        path: "mgl.mfg_special",
        family: Family::One,
        section: "mgl",
        rule: "R8.2",
        label: "Minimum funding guarantee (special)",
        meaning: "For special schools, a floor that rises by this each year. Empty for none.",
        source: "Required for special schools by the DfE (24/00120 §5.7); the level is not in the papers.",
        kind: Kind::NullableFraction,
        presence: Presence::Optional,
        bounds: FRACTION,
        range: None,
        get: |c, _| Some(Val::Opt(c.mgl.mfg_special)),
        set: |c, _, v| {
            if let Some(d) = opt(v) {
                c.mgl.mfg_special = d;
            }
        },
    },
    Decl {
        path: "mgl.applies_to",
        family: Family::One,
        section: "mgl",
        rule: "R8",
        label: "Applies to",
        meaning: "The settings whose top-up is limited by maximum gains and losses.",
        source: "SRPs and special schools (24/00120 §5.8).",
        kind: Kind::Settings,
        presence: Presence::DefaultSettings(&[Setting::Srp, Setting::Special]),
        bounds: None,
        range: None,
        get: |c, _| Some(Val::Settings(c.mgl.applies_to.clone())),
        set: |c, _, v| {
            if let Val::Settings(s) = v {
                c.mgl.applies_to = s;
            }
        },
    },
];

impl Decl {
    /// The declaration at a path pattern (`protection.rate`, `bands[*].rate`).
    pub fn at(pattern: &str) -> Option<&'static Decl> {
        DECLS.iter().find(|d| d.path == pattern)
    }

    /// The members of this declaration in `card`.
    pub fn members(&self, card: &RateCard) -> Vec<Member> {
        match self.family {
            Family::One => vec![Member::One],
            Family::PerSetting => Setting::ALL.iter().map(|s| Member::Setting(*s)).collect(),
            Family::PerIdaciBand => (0..IDACI_BANDS.len()).map(Member::Idaci).collect(),
            Family::PerListedAy => card.community.historic_weight.iter().map(|(a, _)| Member::Ay(*a)).collect(),
            Family::PerBand => (0..card.bands.len()).map(Member::Band).collect(),
        }
    }

    /// The path of a member: `setting_factors.srp`, `bands[5].rate`.
    pub fn path_of(&self, m: &Member) -> String {
        match m {
            Member::One => self.path.to_string(),
            _ => self.path.replacen('*', &m.key(), 1),
        }
    }

    /// The message of a value outside the declared bounds, as the reader gives it.
    pub fn bounds_message(&self, got: &str) -> Option<String> {
        let b = self.bounds?;
        Some(match self.kind {
            Kind::Money | Kind::OptionalMoney if b.min == "0" => format!("must be at most {}{} (got \"{got}\")", money::group_thousands(b.max), b.unit),
            Kind::Money | Kind::OptionalMoney => {
                format!("must be from {} to {}{} (got \"{got}\")", money::group_thousands(b.min), money::group_thousands(b.max), b.unit)
            }
            Kind::Count => format!("must be from {} to {}{} (got {got})", b.min, b.max, b.unit),
            _ => format!("must be between {} and {}{} (got \"{got}\")", b.min, b.max, b.unit),
        })
    }

    fn bound(&self, end: fn(&Bounds) -> &'static str) -> Option<Decimal> {
        self.bounds.and_then(|b| Decimal::from_str(end(&b)).ok())
    }

    /// Reads a present, non-null value by the declared kind and bounds; every fault under `path`.
    pub fn read_value(&self, v: &Value, path: &Path, errs: &mut Errors) -> Option<Val> {
        let min = self.bound(|b| b.min);
        let max = self.bound(|b| b.max);
        let outside = |d: Decimal| min.is_some_and(|m| d < m) || max.is_some_and(|m| d > m);
        match self.kind {
            Kind::Money | Kind::OptionalMoney => {
                let d = json::money(v, path, errs)?;
                if outside(d) {
                    // The value as written (money's own check gives it so too).
                    let written = match v {
                        Value::Number(n) => n.to_string(),
                        Value::String(t) => t.trim().to_string(),
                        _ => fmt_fraction(d),
                    };
                    errs.push(InputError::new(path, self.bounds_message(&written).unwrap_or_default()));
                    return None;
                }
                Some(if self.kind == Kind::Money { Val::Num(d) } else { Val::Opt(Some(d)) })
            }
            Kind::Fraction | Kind::NullableFraction | Kind::Multiplier => {
                let expected = if self.kind == Kind::Multiplier { "a decimal number" } else { "a fraction between 0 and 1" };
                let d = json::decimal_between(v, path, errs, expected, min.unwrap_or(Decimal::ZERO), max.unwrap_or(Decimal::MAX))?;
                Some(if self.kind == Kind::NullableFraction { Val::Opt(Some(d)) } else { Val::Num(d) })
            }
            Kind::Count => {
                let n = json::count(v, path, errs)?;
                let ok = u32::try_from(n).ok().filter(|n| !outside(Decimal::from(*n)));
                if ok.is_none() {
                    errs.push(InputError::new(path, self.bounds_message(&n.to_string()).unwrap_or_else(|| format!("must be at most {} (got {n})", u32::MAX))));
                }
                ok.map(Val::Count)
            }
            Kind::Date => {
                let s = json::string(v, path, errs)?;
                match Date::parse_iso(&s) {
                    Ok(d) if d.m == 9 && d.d == 1 => Some(Val::Date(d)),
                    Ok(d) => {
                        errs.push(InputError::new(path, format!("must fall on 1 September (got {d}): key dates start an academic year (R1.5)")));
                        None
                    }
                    Err(e) => {
                        errs.push(InputError::new(path, e));
                        None
                    }
                }
            }
            Kind::Protection => json::one_of(v, path, errs, &ProtectionOption::NAMES).map(Val::Protection),
            Kind::Route => json::one_of(v, path, errs, &Route::NAMES).map(Val::Route),
            Kind::Settings => Some(Val::Settings(json::list(v, path, errs, |s, p, errs| json::one_of(s, p, errs, &Setting::NAMES)))),
        }
    }

    /// Reads the declared leaf `key` of an object by its presence, kind and bounds. `None` when
    /// it has a fault (reported) or is missing where it is required.
    pub fn read_leaf(&self, o: &Obj, key: &str, errs: &mut Errors) -> Option<Val> {
        let path = o.child(key);
        match self.presence {
            Presence::Required => {
                let v = o.req(key, errs)?;
                self.read_value(v, &path, errs)
            }
            Presence::RequiredOrNull => {
                let map = o.map?;
                if !map.contains_key(key) {
                    errs.push(InputError::new(path, "is missing (required: a fraction, or null for none)"));
                    return None;
                }
                match o.opt(key) {
                    None => Some(Val::Opt(None)),
                    Some(v) => self.read_value(v, &path, errs),
                }
            }
            Presence::Optional => match o.opt(key) {
                None => Some(Val::Opt(None)),
                Some(v) => self.read_value(v, &path, errs),
            },
            Presence::DefaultSettings(s) => match o.opt(key) {
                None => Some(Val::Settings(s.to_vec())),
                Some(v) => self.read_value(v, &path, errs),
            },
        }
    }

    /// A value as the card's JSON writes it; `None` where the key is left out (no rate).
    pub fn write_value(&self, v: &Val) -> Option<Value> {
        Some(match v {
            Val::Num(d) | Val::Opt(Some(d)) => json!(fmt_fraction(*d)),
            Val::Opt(None) if self.kind == Kind::OptionalMoney => return None,
            Val::Opt(None) => Value::Null,
            Val::Count(n) => json!(n),
            Val::Date(d) => json!(d.to_string()),
            Val::Protection(o) => json!(o.as_str()),
            Val::Route(r) => json!(r.as_str()),
            Val::Settings(s) => json!(s.iter().map(|s| s.as_str()).collect::<Vec<_>>()),
        })
    }

    /// What a link's literal (`set=PATH=LITERAL`) means as a value of the card's JSON; `None`
    /// removes the key (an empty optional value).
    pub fn json_of_literal(&self, lit: &str) -> Option<Value> {
        match self.kind {
            Kind::Settings => Some(Value::Array(lit.split(',').map(str::trim).filter(|s| !s.is_empty()).map(|s| Value::String(s.to_string())).collect())),
            _ if lit.is_empty() => None,
            _ if lit.trim() == "null" => Some(Value::Null),
            // Numbers too are written as text: the reader takes them from their literal text.
            _ => Some(Value::String(lit.to_string())),
        }
    }
}

/// One parameter of a card: a declaration's member, with its path and its words for people.
#[derive(Clone, Debug)]
pub struct Param {
    pub decl: &'static Decl,
    pub member: Member,
    /// The path in the card's JSON, as the engine names it in errors.
    pub path: String,
    /// Where its source is looked up ([`RateCard::source_of`]: `bands.SA3` for `bands[5].rate`).
    pub source_key: String,
    pub label: String,
    pub meaning: String,
}

impl PartialEq for Param {
    fn eq(&self, other: &Param) -> bool {
        std::ptr::eq(self.decl, other.decl) && self.member == other.member && self.label == other.label && self.meaning == other.meaning
    }
}

impl Param {
    pub fn of(card: &RateCard, decl: &'static Decl, member: Member) -> Param {
        let fill = |text: &str| -> String {
            let mut t = text.replace("{key}", &member.key());
            if let Member::Setting(s) = &member {
                t = t.replace("{setting}", s.label());
            }
            if let Member::Band(i) = &member {
                if let Some(b) = card.bands.get(*i) {
                    t = t.replace("{name}", &b.name).replace("{code}", &b.code).replace("{description}", &b.description);
                }
            }
            t.trim_end().to_string()
        };
        let path = decl.path_of(&member);
        let source_key = match (&member, decl.family) {
            (Member::Band(i), Family::PerBand) => card.bands.get(*i).map(|b| format!("bands.{}", b.code)).unwrap_or_else(|| path.clone()),
            _ => path.clone(),
        };
        Param { decl, label: fill(decl.label), meaning: fill(decl.meaning), path, source_key, member }
    }
    pub fn kind(&self) -> Kind {
        self.decl.kind
    }
    pub fn rule(&self) -> &'static str {
        self.decl.rule
    }
    /// What the papers say about the value.
    pub fn note(&self) -> &'static str {
        self.decl.source
    }
    pub fn get(&self, card: &RateCard) -> Option<Val> {
        (self.decl.get)(card, &self.member)
    }
    pub fn set(&self, card: &mut RateCard, v: Val) {
        (self.decl.set)(card, &self.member, v)
    }
}

/// Every parameter of `card`, in the order of R9 (a band's route and rate together).
pub fn params(card: &RateCard) -> Vec<Param> {
    let mut out = Vec::new();
    for s in SECTIONS {
        let decls: Vec<&'static Decl> = DECLS.iter().filter(|d| d.section == s.id).collect();
        let (per_band, rest): (Vec<&'static Decl>, Vec<&'static Decl>) = decls.into_iter().partition(|d| d.family == Family::PerBand);
        for i in 0..card.bands.len() {
            out.extend(per_band.iter().map(|d| Param::of(card, d, Member::Band(i))));
        }
        for d in rest {
            out.extend(d.members(card).into_iter().map(|m| Param::of(card, d, m)));
        }
    }
    out
}

/// The parameters of `card` section by section.
pub fn sections(card: &RateCard) -> Vec<(Section, Vec<Param>)> {
    let all = params(card);
    SECTIONS.iter().map(|s| (*s, all.iter().filter(|p| p.decl.section == s.id).cloned().collect())).collect()
}

/// The parameter of `card` at a path (`bands[5].rate`), if it is one.
pub fn param_at(card: &RateCard, path: &str) -> Option<Param> {
    params(card).into_iter().find(|p| p.path == path)
}

// --- reading and writing the parameter sections ---------------------------------------------

/// A child of an object of the card's JSON, as the declarations make it.
enum Child {
    /// A declared leaf.
    Leaf(&'static Decl),
    /// The members of a family with fixed keys (settings, IDACI bands).
    Members(&'static Decl),
    /// A sub-section (`community.weights`).
    Node(String),
}

/// The children of the section at `node` (`community`), in declaration order. Bands are read
/// with their records (`ratecard.rs`).
fn children(node: &str) -> Vec<(String, Child)> {
    let mut out: Vec<(String, Child)> = Vec::new();
    for d in DECLS.iter().filter(|d| d.family != Family::PerBand) {
        let rest = if node.is_empty() { Some(d.path) } else { d.path.strip_prefix(node).and_then(|r| r.strip_prefix('.')) };
        let Some(rest) = rest else { continue };
        match rest.split_once('.') {
            None if rest == "*" => out.push(("*".to_string(), Child::Members(d))),
            None => out.push((rest.to_string(), Child::Leaf(d))),
            Some((first, _)) => {
                if !out.iter().any(|(k, _)| k == first) {
                    let sub = if node.is_empty() { first.to_string() } else { format!("{node}.{first}") };
                    out.push((first.to_string(), Child::Node(sub)));
                }
            }
        }
    }
    out
}

/// The top-level keys of the card's parameter sections, in order (`setting_factors` … `mgl`).
pub fn top_sections() -> Vec<String> {
    children("").into_iter().map(|(k, _)| k).collect()
}

/// What the reader has found so far.
#[derive(Default)]
pub(crate) struct Found {
    pub values: Vec<(&'static Decl, Member, Val)>,
    /// The `source` of each section, by its path.
    pub sources: BTreeMap<String, String>,
}

impl Found {
    /// A value read, by its path (`dates.community_start`).
    pub fn get(&self, path: &str) -> Option<&Val> {
        self.values.iter().find(|(d, m, _)| d.path_of(m) == path).map(|(_, _, v)| v)
    }
    pub fn date(&self, path: &str) -> Option<Date> {
        match self.get(path) {
            Some(Val::Date(d)) => Some(*d),
            _ => None,
        }
    }
    pub fn num(&self, path: &str) -> Option<Decimal> {
        match self.get(path) {
            Some(Val::Num(d)) => Some(*d),
            _ => None,
        }
    }
}

/// The checks that tie a section's parameters together, run when the section has been read:
/// (the section's path, its path as an error names it, whether every value in it was read).
pub(crate) type SectionCheck<'a> = &'a mut dyn FnMut(&str, &Path, bool, &Found, &mut Errors);

fn path_of(node: &str) -> Path {
    node.split('.').fold(Path::root(), |p, k| p.key(k))
}

/// Reads the parameter section `node` (`community`) from `v`: unknown keys, its `source`, each
/// declared leaf and sub-section; then `check`.
pub(crate) fn read_section(v: &Value, node: &str, found: &mut Found, errs: &mut Errors, check: SectionCheck) {
    let path = path_of(node);
    let kids = children(node);
    if let [(_, Child::Members(d))] = kids.as_slice() {
        if d.family == Family::PerListedAy {
            let complete = read_listed_ays(v, node, d, &path, found, errs);
            check(node, &path, complete, found, errs);
            return;
        }
    }
    let mut allowed: Vec<String> = Vec::new();
    for (k, c) in &kids {
        match c {
            Child::Members(d) if d.family == Family::PerSetting => allowed.extend(Setting::ALL.iter().map(|s| s.as_str().to_string())),
            Child::Members(_) => allowed.extend(IDACI_BANDS.iter().map(|b| b.to_string())),
            _ => allowed.push(k.clone()),
        }
    }
    allowed.push("source".to_string());
    let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
    let o = Obj::new(v, &path, &allowed, errs);
    if o.map.is_none() {
        return;
    }
    if let Some(s) = o.opt("source").and_then(|x| json::text(x, &o.child("source"), 200, errs)) {
        found.sources.insert(node.to_string(), s);
    }
    let mut complete = true;
    for (k, c) in kids {
        match c {
            Child::Leaf(d) => match d.read_leaf(&o, &k, errs) {
                Some(val) => found.values.push((d, Member::One, val)),
                None => complete = false,
            },
            Child::Members(d) => {
                let members: Vec<Member> = match d.family {
                    Family::PerSetting => Setting::ALL.iter().map(|s| Member::Setting(*s)).collect(),
                    _ => (0..IDACI_BANDS.len()).map(Member::Idaci).collect(),
                };
                for m in members {
                    match d.read_leaf(&o, &m.key(), errs) {
                        Some(val) => found.values.push((d, m, val)),
                        None => complete = false,
                    }
                }
            }
            Child::Node(sub) => match o.req(&k, errs) {
                Some(x) => read_section(x, &sub, found, errs, check),
                None => complete = false,
            },
        }
    }
    check(node, &path, complete, found, errs);
}

/// A section keyed by academic year (`community.historic_weight`, R5.5), and its `source`.
fn read_listed_ays(v: &Value, node: &str, d: &'static Decl, path: &Path, found: &mut Found, errs: &mut Errors) -> bool {
    let Some(map) = v.as_object() else {
        errs.push(InputError::new(path, format!("must be an object of academic years, e.g. {{\"2025/26\": 0.75}} (got {})", json::kind(v))));
        return false;
    };
    let mut read: Vec<(Ay, Val)> = Vec::new();
    let mut complete = true;
    for (k, val) in map {
        if k == "source" {
            if let Some(s) = json::text(val, &path.key("source"), 200, errs) {
                found.sources.insert(node.to_string(), s);
            }
            continue;
        }
        let p = path.key(k);
        match Ay::parse(k) {
            Ok(ay) => match d.read_value(val, &p, errs) {
                Some(w) => read.push((ay, w)),
                None => complete = false,
            },
            Err(e) => {
                errs.push(InputError::new(p, e));
                complete = false;
            }
        }
    }
    read.sort_by_key(|(a, _)| *a);
    found.values.extend(read.into_iter().map(|(a, w)| (d, Member::Ay(a), w)));
    complete
}

/// Writes every declared parameter of `card` into `top` (the card's JSON, its identity and
/// band records already there), in declaration order; each section is made where its first
/// parameter goes.
pub(crate) fn write_params(card: &RateCard, top: &mut Map<String, Value>) {
    for d in DECLS {
        let (node, leaf) = d.path.rsplit_once('.').unwrap_or(("", d.path));
        if d.family == Family::PerBand {
            for m in d.members(card) {
                let (Member::Band(i), Some(v)) = (&m, (d.get)(card, &m).and_then(|v| d.write_value(&v))) else { continue };
                if let Some(Value::Object(rec)) = top.get_mut("bands").and_then(|b| b.get_mut(*i)) {
                    rec.insert(leaf.to_string(), v);
                }
            }
            continue;
        }
        // The section is made even when it holds nothing (no AY listed).
        let Some(obj) = node_mut(top, node) else { continue };
        for m in d.members(card) {
            if let Some(v) = (d.get)(card, &m).and_then(|v| d.write_value(&v)) {
                obj.insert(if m == Member::One { leaf.to_string() } else { m.key() }, v);
            }
        }
    }
}

/// The object at a section's path (`community.weights`), made (empty) where it is missing.
pub(crate) fn node_mut<'m>(top: &'m mut Map<String, Value>, node: &str) -> Option<&'m mut Map<String, Value>> {
    let mut cur = top;
    if node.is_empty() {
        return Some(cur);
    }
    for k in node.split('.') {
        let next = cur.entry(k.to_string()).or_insert_with(|| Value::Object(Map::new()));
        cur = next.as_object_mut()?;
    }
    Some(cur)
}

// --- links: a card as changes to another --------------------------------------------------

/// Every leaf of a card's JSON by its path (`community.weights.population`, `bands[3].rate`,
/// `community.historic_weight.2026/27`), as literal text. A list of plain values (such as
/// `mgl.applies_to`) is one leaf, its items joined by commas.
pub fn flatten(v: &Value) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    walk(v, String::new(), &mut out);
    out
}

fn walk(v: &Value, path: String, out: &mut BTreeMap<String, String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                walk(x, p, out);
            }
        }
        Value::Array(items) if items.iter().all(|x| !x.is_object() && !x.is_array()) => {
            out.insert(path, items.iter().map(literal).collect::<Vec<_>>().join(","));
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                walk(x, format!("{path}[{i}]"), out);
            }
        }
        other => {
            out.insert(path, literal(other));
        }
    }
}

/// The literal text of a plain JSON value (`null` for null).
pub fn literal(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_string(),
        other => other.to_string(),
    }
}

/// The literal of a parameter's value, as [`flatten`] shows it and a link carries it (`""` for
/// a key left out, `null` for null).
pub fn literal_of(p: &Param, v: &Val) -> String {
    match p.decl.write_value(v) {
        None => String::new(),
        Some(Value::Array(items)) => items.iter().map(literal).collect::<Vec<_>>().join(","),
        Some(x) => literal(&x),
    }
}

enum Seg {
    Key(String),
    Index(usize),
}

fn segments(path: &str) -> Result<Vec<Seg>, String> {
    let unknown = || format!("\"{path}\" is not a parameter of the rate card");
    let mut out = Vec::new();
    let mut key = String::new();
    let mut chars = path.chars();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                if !key.is_empty() {
                    out.push(Seg::Key(std::mem::take(&mut key)));
                }
            }
            '[' => {
                if !key.is_empty() {
                    out.push(Seg::Key(std::mem::take(&mut key)));
                }
                let n: String = chars.by_ref().take_while(|d| *d != ']').collect();
                out.push(Seg::Index(n.parse().map_err(|_| unknown())?));
            }
            c => key.push(c),
        }
    }
    if !key.is_empty() {
        out.push(Seg::Key(key));
    }
    if out.is_empty() {
        return Err("an empty parameter path".to_string());
    }
    Ok(out)
}

/// Sets one leaf of a card's JSON to a link's literal. A declared parameter of `card` is
/// written by its kind ([`Decl::json_of_literal`]); any other leaf (the card's identity, a
/// band's name, a section's source) as text, `""` removing it. Only keys of objects that exist
/// can be set.
pub fn set_leaf(card: &RateCard, v: &mut Value, path: &str, lit: &str) -> Result<(), String> {
    let unknown = || format!("\"{path}\" is not a parameter of the rate card");
    let new = match param_at(card, path) {
        Some(p) => p.decl.json_of_literal(lit),
        None if lit.is_empty() => None,
        None if lit.trim() == "null" => Some(Value::Null),
        None => Some(Value::String(lit.to_string())),
    };
    let segs = segments(path)?;
    let (last, parents) = segs.split_last().ok_or_else(unknown)?;
    let mut cur = v;
    for s in parents {
        cur = match s {
            Seg::Key(k) => cur.get_mut(k.as_str()).ok_or_else(unknown)?,
            Seg::Index(i) => cur.get_mut(*i).ok_or_else(unknown)?,
        };
    }
    match last {
        Seg::Index(i) => {
            let slot = cur.get_mut(*i).ok_or_else(unknown)?;
            *slot = new.unwrap_or(Value::Null);
        }
        Seg::Key(k) => {
            let obj = cur.as_object_mut().ok_or_else(unknown)?;
            match new {
                Some(x) => {
                    obj.insert(k.clone(), x);
                }
                None => {
                    obj.remove(k.as_str());
                }
            }
        }
    }
    Ok(())
}

/// The changes that turn `base` into `card`, as (path, literal), in path order; `None` when the
/// two differ in shape (another list of bands or sources): no list of changes can carry that.
pub fn changes(base: &RateCard, card: &RateCard) -> Option<Vec<(String, String)>> {
    if base == card {
        return Some(Vec::new());
    }
    changes_from(base, &flatten(&base.to_json()), card)
}

/// [`changes`] with `base` already flattened (`base_flat` = `flatten(&base.to_json())`): a
/// caller that compares many cards with one base flattens it once.
pub fn changes_from(base: &RateCard, base_flat: &BTreeMap<String, String>, card: &RateCard) -> Option<Vec<(String, String)>> {
    if base == card {
        return Some(Vec::new());
    }
    let a = base_flat;
    let b = flatten(&card.to_json());
    let mut out = Vec::new();
    for (p, lit) in &b {
        if a.get(p) != Some(lit) {
            out.push((p.clone(), lit.clone()));
        }
    }
    for p in a.keys() {
        if !b.contains_key(p) {
            out.push((p.clone(), String::new()));
        }
    }
    out.sort();
    // The changes must rebuild exactly this card.
    match apply(base, &out) {
        Ok(c) if &c == card => Some(out),
        _ => None,
    }
}

/// `base` with the changes applied, validated by the engine (R9): every error with its path.
pub fn apply(base: &RateCard, changes: &[(String, String)]) -> Result<RateCard, Errors> {
    let mut v = base.to_json();
    let mut errs = Errors::new();
    for (p, lit) in changes {
        if let Err(e) = set_leaf(base, &mut v, p, lit) {
            errs.push(InputError::new(p.clone(), e));
        }
    }
    match RateCard::from_value(&v) {
        Ok(card) if errs.is_empty() => Ok(card),
        Ok(_) => Err(errs),
        Err(more) => {
            errs.extend(more);
            Err(errs)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ratecard::{Band, CommunityParams, MglParams, PerSetting, ProtectionParams, Source};

    const SHIPPED: &str = include_str!("../../www/ratecards/kent-illustrative-2025.json");
    const MODEL: &str = include_str!("../../docs/MODEL.md");

    fn shipped() -> RateCard {
        RateCard::from_json_str(SHIPPED).expect("the shipped card is valid")
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).expect("a decimal")
    }

    /// Values of each kind to send round: both bounds, the most decimals the kind allows, none.
    fn samples(p: &Param) -> Vec<Val> {
        let min = p.decl.bound(|b| b.min).unwrap_or(Decimal::ZERO);
        let max = p.decl.bound(|b| b.max).unwrap_or(Decimal::ONE);
        match p.kind() {
            Kind::Money => vec![Val::Num(min), Val::Num(max), Val::Num(d("123456.78")), Val::Num(d("0.01"))],
            Kind::OptionalMoney => vec![Val::Opt(Some(min)), Val::Opt(Some(max)), Val::Opt(Some(d("12345.67"))), Val::Opt(None)],
            Kind::Fraction => vec![Val::Num(min), Val::Num(max), Val::Num(d("0.123457"))],
            Kind::NullableFraction => vec![Val::Opt(Some(min)), Val::Opt(Some(max)), Val::Opt(Some(d("0.000001"))), Val::Opt(None)],
            Kind::Multiplier => vec![Val::Num(min), Val::Num(max), Val::Num(d("999.999999")), Val::Num(d("1.5"))],
            Kind::Count => vec![Val::Count(0), Val::Count(12), Val::Count(7)],
            Kind::Date => vec![Val::Date(Date::new(2030, 9, 1).expect("a date")), Val::Date(Date::new(2024, 9, 1).expect("a date"))],
            Kind::Protection => ProtectionOption::ALL.iter().map(|o| Val::Protection(*o)).collect(),
            Kind::Route => Route::NAMES.iter().map(|(_, r)| Val::Route(*r)).collect(),
            Kind::Settings => vec![Val::Settings(vec![]), Val::Settings(vec![Setting::Mainstream]), Val::Settings(Setting::ALL.to_vec())],
        }
    }

    /// The declared leaf of `p` in a card's JSON, read back by its declaration.
    fn leaf(v: &Value, p: &Param) -> Option<Val> {
        let (parent, key) = match p.member {
            Member::Band(i) => (v.get("bands").and_then(|b| b.get(i)), p.decl.path.rsplit('.').next().unwrap_or_default().to_string()),
            ref m => {
                let (node, last) = p.decl.path.rsplit_once('.').unwrap_or(("", p.decl.path));
                let parent = node.split('.').try_fold(v, |x, k| x.get(k));
                (parent, if *m == Member::One { last.to_string() } else { m.key() })
            }
        };
        let mut errs = Errors::new();
        let o = Obj::new(parent?, &Path::root(), &[], &mut Errors::new());
        let out = p.decl.read_leaf(&o, &key, &mut errs);
        assert!(errs.is_empty(), "{}: {errs:?}", p.path);
        out
    }

    /// R9: each declared parameter, at values across its bounds, is written by the writer,
    /// carried by a link's literal and read back by the reader with exactly the same value;
    /// where the change leaves a valid card, the whole card reads back equal.
    #[test]
    fn r9_every_declared_parameter_round_trips_exactly() {
        let base = shipped();
        let base_json = base.to_json();
        let all = params(&base);
        // Every declaration has at least one member in the shipped card.
        for decl in DECLS {
            assert!(all.iter().any(|p| std::ptr::eq(p.decl, decl)), "{} has no member in the shipped card", decl.path);
        }
        let mut whole = 0;
        for p in &all {
            for s in samples(p) {
                let mut card = base.clone();
                p.set(&mut card, s.clone());
                assert_eq!(p.get(&card), Some(s.clone()), "{}: set then get", p.path);
                // Writer, then reader.
                let written = card.to_json();
                assert_eq!(leaf(&written, p), Some(s.clone()), "{}: written then read", p.path);
                let lit = literal_of(p, &s);
                let shown = flatten(&written).get(&p.path).cloned().unwrap_or_default();
                assert_eq!(shown, lit, "{}: the writer's literal", p.path);
                // A link's literal, decoded into the base card's JSON.
                let mut linked = base_json.clone();
                set_leaf(&base, &mut linked, &p.path, &lit).expect("a declared path");
                assert_eq!(leaf(&linked, p), Some(s.clone()), "{}: {lit:?} through a link", p.path);
                match RateCard::from_value(&written) {
                    Ok(again) => {
                        assert_eq!(again, card, "{}: the whole card", p.path);
                        let ch = changes(&base, &card).expect("a change of value only");
                        assert_eq!(apply(&base, &ch).as_ref(), Ok(&card), "{}: {ch:?}", p.path);
                        whole += 1;
                    }
                    // Only the checks that tie parameters together may refuse a lone change.
                    Err(errs) => {
                        for e in errs {
                            let tying = ["community.weights", "community.mix", "dates.tariff_start", "community.historic_weight"].contains(&e.path.as_str())
                                || e.message.starts_with("is missing: a band on the tariff route");
                            assert!(tying, "{}: {e}", p.path);
                        }
                    }
                }
            }
        }
        assert!(whole > 100, "only {whole} whole cards");
    }

    /// R9: a value outside a parameter's declared bounds is refused under its path, with the
    /// declared message.
    #[test]
    fn r9_bounds_are_enforced_with_the_declared_message() {
        let base = shipped();
        let mut checked = 0;
        for p in params(&base) {
            let Some(b) = p.decl.bounds else { continue };
            let step = match p.kind() {
                Kind::Money | Kind::OptionalMoney => d("0.01"),
                Kind::Count => Decimal::ONE,
                _ => d("0.000001"),
            };
            let above = (d(b.max) + step).normalize().to_string();
            let mut v = base.to_json();
            set_leaf(&base, &mut v, &p.path, &above).expect("a declared path");
            let errs: Vec<String> = RateCard::from_value(&v).expect_err("out of bounds").iter().map(|e| e.to_string()).collect();
            let want = format!("{}: {}", p.path, p.decl.bounds_message(&above).unwrap_or_default());
            assert!(errs.contains(&want), "{want:?} not in {errs:?}");
            checked += 1;
        }
        assert!(checked > 30, "{checked}");
        // The declared message of the count of months, word for word (R6.4).
        let delay = Decl::at("protection.delay_months").expect("declared");
        assert_eq!(delay.bounds_message("13").as_deref(), Some("must be from 0 to 12 months (got 13)"));
    }

    /// A field of `RateCard` that is not declared cannot be edited, linked or written. This
    /// lists every field (no `..`: a new field does not compile until it is placed here), and
    /// checks that changing each parameter field changes a declared parameter, and that every
    /// leaf the writer writes is a declared parameter or the card's identity.
    #[test]
    fn every_field_of_the_rate_card_is_declared() {
        let base = shipped();
        let RateCard {
            // The card's identity and its records: not parameters.
            id: _,
            title: _,
            status: _,
            sources: _,
            section_sources: _,
            bands,
            setting_factors: PerSetting { mainstream: _, srp: _, special: _ },
            core: PerSetting { mainstream: _, srp: _, special: _ },
            ehcp_direct: _,
            moderation: _,
            community_start: _,
            tariff_start: _,
            community:
                CommunityParams { w_pop: _, w_dep: _, mix_idaci: _, mix_lac: _, mix_lpa: _, idaci_band_weights: _, topslice_per_community: _, historic_weight: _ },
            protection: ProtectionParams { option: _, rate: _, delay_months: _ },
            mgl: MglParams { max_loss: _, max_gain: _, mfg_special: _, applies_to: _ },
        } = base.clone();
        let Band { code: _, name: _, description: _, source: _, route: _, rate: _ } = bands[0].clone();
        let _ = Source { id: String::new(), title: String::new(), reference: String::new() };

        let one = Decimal::new(123, 3);
        let next = Date::new(2031, 9, 1).expect("a date");
        type Edit = fn(&mut RateCard, Decimal, Date);
        let edits: Vec<(&str, Edit)> = vec![
            ("bands[0].route", |c, _, _| c.bands[0].route = Route::Tariff),
            ("bands[3].rate", |c, x, _| c.bands[3].rate = Some(x)),
            ("setting_factors.mainstream", |c, x, _| c.setting_factors.mainstream = x),
            ("setting_factors.srp", |c, x, _| c.setting_factors.srp = x),
            ("setting_factors.special", |c, x, _| c.setting_factors.special = x),
            ("core.mainstream", |c, x, _| c.core.mainstream = x),
            ("core.srp", |c, x, _| c.core.srp = x),
            ("core.special", |c, x, _| c.core.special = x),
            ("thresholds.ehcp_direct", |c, x, _| c.ehcp_direct = x),
            ("thresholds.moderation", |c, x, _| c.moderation = x),
            ("dates.community_start", |c, _, t| c.community_start = t),
            ("dates.tariff_start", |c, _, t| c.tariff_start = t),
            ("community.weights.population", |c, x, _| c.community.w_pop = x),
            ("community.weights.deprivation", |c, x, _| c.community.w_dep = x),
            ("community.mix.idaci", |c, x, _| c.community.mix_idaci = x),
            ("community.mix.lac", |c, x, _| c.community.mix_lac = x),
            ("community.mix.lpa", |c, x, _| c.community.mix_lpa = x),
            ("community.idaci_band_weights.F", |c, x, _| c.community.idaci_band_weights[5] = x),
            ("community.topslice_per_community", |c, x, _| c.community.topslice_per_community = x),
            ("community.historic_weight.2026/27", |c, x, _| c.community.historic_weight[1].1 = x),
            ("protection.option", |c, _, _| c.protection.option = ProtectionOption::D),
            ("protection.rate", |c, x, _| c.protection.rate = x),
            ("protection.delay_months", |c, _, _| c.protection.delay_months = 11),
            ("mgl.max_loss", |c, x, _| c.mgl.max_loss = Some(x)),
            ("mgl.max_gain", |c, x, _| c.mgl.max_gain = Some(x)),
            ("mgl.mfg_special", |c, x, _| c.mgl.mfg_special = Some(x)),
            ("mgl.applies_to", |c, _, _| c.mgl.applies_to = vec![Setting::Mainstream]),
        ];
        for (path, edit) in &edits {
            let mut card = base.clone();
            edit(&mut card, one, next);
            let moved: Vec<String> = params(&base).iter().filter(|p| p.get(&base) != p.get(&card)).map(|p| p.path.clone()).collect();
            assert_eq!(moved, vec![path.to_string()], "editing the field of {path} moves exactly that declared parameter");
        }
        // Every parameter of the shipped card is edited above.
        let declared: Vec<String> = params(&base).into_iter().map(|p| p.path).collect();
        for (path, _) in &edits {
            assert!(declared.contains(&path.to_string()), "{path} is not declared");
        }

        // Every leaf written is a declared parameter or the card's identity.
        let identity = |p: &str| {
            ["id", "title", "status"].contains(&p)
                || p.starts_with("sources[")
                || p.ends_with(".source")
                || (p.starts_with("bands[") && [".code", ".name", ".description"].iter().any(|k| p.ends_with(k)))
        };
        for p in flatten(&base.to_json()).keys() {
            assert!(declared.contains(p) || identity(p), "{p} is written but neither declared nor part of the card's identity");
        }
    }

    /// Each declaration is complete: a known section, a rule of the rulebook, words for
    /// people, one path, a presence its kind can have, bounds on every number.
    #[test]
    fn declarations_are_complete_and_consistent() {
        for (n, decl) in DECLS.iter().enumerate() {
            assert!(SECTIONS.iter().any(|s| s.id == decl.section), "{}", decl.path);
            assert!(decl.rule.starts_with('R') && MODEL.contains(&format!("**{}", decl.rule)), "{}: {} is not a rule of docs/MODEL.md", decl.path, decl.rule);
            assert!(!decl.label.is_empty() && !decl.meaning.is_empty() && !decl.source.is_empty(), "{}", decl.path);
            assert!(DECLS[..n].iter().all(|other| other.path != decl.path), "{} is declared twice", decl.path);
            assert_eq!(decl.path.contains('*'), decl.family != Family::One, "{}", decl.path);
            let nullable = matches!(decl.kind, Kind::OptionalMoney | Kind::NullableFraction);
            match decl.presence {
                Presence::Required => assert!(!nullable || decl.family == Family::PerBand, "{}", decl.path),
                Presence::RequiredOrNull | Presence::Optional => assert!(nullable, "{}", decl.path),
                Presence::DefaultSettings(_) => assert_eq!(decl.kind, Kind::Settings, "{}", decl.path),
            }
            let number = matches!(decl.kind, Kind::Money | Kind::OptionalMoney | Kind::Fraction | Kind::NullableFraction | Kind::Multiplier | Kind::Count);
            assert_eq!(decl.bounds.is_some(), number, "{}", decl.path);
        }
    }

    /// R10.6: the range offers the declared parameters in the declared order, named as before.
    #[test]
    fn the_range_offers_the_declared_parameters() {
        let card = shipped();
        let labels: Vec<String> = crate::engine::whatif::Param::all(&card).iter().map(|p| format!("{} = {}", p.path(&card), p.label(&card))).collect();
        assert_eq!(
            labels,
            vec![
                "protection.rate = Protection rate (option B, R6.2)",
                "bands[3].rate = Tariff rate of Specific Allocation 1 (SA1, R3.1)",
                "bands[4].rate = Tariff rate of Specific Allocation 2 (SA2, R3.1)",
                "bands[5].rate = Tariff rate of Specific Allocation 3 (SA3, R3.1)",
                "bands[6].rate = Tariff rate of Specific Allocation 4 (SA4, R3.1)",
                "bands[7].rate = Tariff rate of Specific Allocation 5 (SA5, R3.1)",
                "community.topslice_per_community = Top-slice per Community (R5.1)",
                "setting_factors.mainstream = Setting factor: Mainstream school (R3.1)",
                "setting_factors.srp = Setting factor: Specialist Resource Provision (SRP) (R3.1)",
                "setting_factors.special = Setting factor: Special school (R3.1)",
                "mgl.max_loss = Maximum loss a year (R8.2)",
                "mgl.max_gain = Maximum gain a year (R8.2)",
            ]
        );
    }
}
