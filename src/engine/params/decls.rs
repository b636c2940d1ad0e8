//! The declarations of the rate card's parameters (R9): how each is written ([`Kind`]), whether
//! it may be absent ([`Presence`]), its [`Bounds`], how many values it stands for ([`Family`],
//! [`Member`]), the rule that uses it, its words for people and its source, the what-if range's
//! use of it (R10.6, [`Range`]), and its typed `get` and `set` on [`RateCard`]: every one in
//! [`DECLS`], in the order of R9. A card's parameters ([`Param`], [`params`]) and the rate card
//! page's [`SECTIONS`] follow from them.

use crate::engine::money;
use crate::engine::periods::{Ay, Date};
use crate::engine::ratecard::{ProtectionOption, RateCard, Route, Setting, IDACI_BANDS};
use rust_decimal::Decimal;
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

fn per_setting_mut<'p>(p: &'p mut crate::engine::ratecard::PerSetting<Decimal>, m: &Member) -> Option<&'p mut Decimal> {
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

    pub(super) fn bound(&self, end: fn(&Bounds) -> &'static str) -> Option<Decimal> {
        self.bounds.and_then(|b| Decimal::from_str(end(&b)).ok())
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

#[cfg(test)]
mod tests {
    use super::super::flatten;
    use super::super::tests::shipped;
    use super::*;
    use crate::engine::ratecard::{Band, CommunityParams, MglParams, PerSetting, ProtectionParams, Source};

    const MODEL: &str = include_str!("../../../docs/MODEL.md");

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
