//! The rate card (R9): every parameter of the model as data, validated on load, each section
//! able to name its source. Also the band routes (R1.3), settings (R1.2), key dates (R1.5) and
//! the tariff of R3.1.

use super::errors::{Errors, InputError, Path};
use super::json::{self, Obj};
use super::money::fmt_fraction;
use super::periods::{Ay, Date};
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// R1.2: where a pupil is taught.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Setting {
    Mainstream,
    Srp,
    Special,
}

impl Setting {
    pub const ALL: [Setting; 3] = [Setting::Mainstream, Setting::Srp, Setting::Special];
    pub const NAMES: [(&'static str, Setting); 3] = [("mainstream", Setting::Mainstream), ("srp", Setting::Srp), ("special", Setting::Special)];

    pub fn as_str(self) -> &'static str {
        match self {
            Setting::Mainstream => "mainstream",
            Setting::Srp => "srp",
            Setting::Special => "special",
        }
    }
    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Setting::Mainstream => "Mainstream school",
            Setting::Srp => "Specialist Resource Provision (SRP)",
            Setting::Special => "Special school",
        }
    }
    /// In a sentence: "a mainstream school", "a special school".
    pub fn phrase(self) -> &'static str {
        match self {
            Setting::Mainstream => "a mainstream school",
            Setting::Srp => "a Specialist Resource Provision (SRP)",
            Setting::Special => "a special school",
        }
    }
    pub fn parse(s: &str) -> Option<Setting> {
        let t = s.trim().to_ascii_lowercase();
        Setting::NAMES.iter().find(|(n, _)| *n == t).map(|(_, s)| *s)
    }
}

/// R1.3: which budget meets a band's support.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Met from the school's own budget.
    None,
    /// The Community of schools budget.
    Community,
    /// Specific Allocation Funding: a fixed annual rate (R3.1).
    Tariff,
}

impl Route {
    pub const NAMES: [(&'static str, Route); 3] = [("none", Route::None), ("community", Route::Community), ("tariff", Route::Tariff)];
    pub fn as_str(self) -> &'static str {
        match self {
            Route::None => "none",
            Route::Community => "community",
            Route::Tariff => "tariff",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Illustrative,
    Official,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Illustrative => "illustrative",
            Status::Official => "official",
        }
    }
}

/// R6: how a Community protects existing claims in the community AY.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProtectionOption {
    A,
    B,
    C,
    D,
}

impl ProtectionOption {
    pub const ALL: [ProtectionOption; 4] = [ProtectionOption::A, ProtectionOption::B, ProtectionOption::C, ProtectionOption::D];
    pub const NAMES: [(&'static str, ProtectionOption); 4] =
        [("A", ProtectionOption::A), ("B", ProtectionOption::B), ("C", ProtectionOption::C), ("D", ProtectionOption::D)];
    pub fn as_str(self) -> &'static str {
        match self {
            ProtectionOption::A => "A",
            ProtectionOption::B => "B",
            ProtectionOption::C => "C",
            ProtectionOption::D => "D",
        }
    }
    pub fn parse(s: &str) -> Option<ProtectionOption> {
        let t = s.trim().to_ascii_uppercase();
        ProtectionOption::NAMES.iter().find(|(n, _)| *n == t).map(|(_, o)| *o)
    }
    /// A short name for people.
    pub fn label(self) -> &'static str {
        match self {
            ProtectionOption::A => "A — no protection",
            ProtectionOption::B => "B — protect a share",
            ProtectionOption::C => "C — protect SEN Support above £6,000",
            ProtectionOption::D => "D — delay",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub reference: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub code: String,
    pub name: String,
    pub description: String,
    pub route: Route,
    /// The annual tariff (R3.1); present for every tariff band.
    pub rate: Option<Decimal>,
    pub source: Option<String>,
}

/// One value per setting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PerSetting<T> {
    pub mainstream: T,
    pub srp: T,
    pub special: T,
}

impl<T: Copy> PerSetting<T> {
    pub fn get(&self, s: Setting) -> T {
        match s {
            Setting::Mainstream => self.mainstream,
            Setting::Srp => self.srp,
            Setting::Special => self.special,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CommunityParams {
    /// `population`, `deprivation`.
    pub w_pop: Decimal,
    pub w_dep: Decimal,
    /// `idaci`, `lac`, `lpa`.
    pub mix_idaci: Decimal,
    pub mix_lac: Decimal,
    pub mix_lpa: Decimal,
    /// IDACI bands A–F.
    pub idaci_band_weights: [Decimal; 6],
    pub topslice_per_community: Decimal,
    /// By AY, in order; AYs after the last listed take the last value (R5.5).
    pub historic_weight: Vec<(Ay, Decimal)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProtectionParams {
    pub option: ProtectionOption,
    pub rate: Decimal,
    pub delay_months: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MglParams {
    pub max_loss: Option<Decimal>,
    pub max_gain: Option<Decimal>,
    pub mfg_special: Option<Decimal>,
    pub applies_to: Vec<Setting>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RateCard {
    pub id: String,
    pub title: String,
    pub status: Status,
    pub sources: Vec<Source>,
    pub bands: Vec<Band>,
    pub setting_factors: PerSetting<Decimal>,
    pub core: PerSetting<Decimal>,
    pub ehcp_direct: Decimal,
    pub moderation: Decimal,
    pub community_start: Date,
    pub tariff_start: Date,
    pub community: CommunityParams,
    pub protection: ProtectionParams,
    pub mgl: MglParams,
    /// The `source` of each parameter section, by its path (`community`, `community.mix`,
    /// `bands.SA3` …).
    pub section_sources: BTreeMap<String, String>,
}

pub const IDACI_BANDS: [&str; 6] = ["A", "B", "C", "D", "E", "F"];

impl RateCard {
    /// Reads and validates a rate card from JSON text (R9). Every fault is reported, each with
    /// its path.
    pub fn from_json_str(text: &str) -> Result<RateCard, Errors> {
        let v = json::parse(text, "rate card").map_err(|e| vec![e])?;
        RateCard::from_value(&v)
    }

    /// Reads and validates an already parsed rate card (R9).
    pub fn from_value(v: &Value) -> Result<RateCard, Errors> {
        RateCard::from_value_with_refs(v).0
    }

    pub fn band(&self, code: &str) -> Option<&Band> {
        self.bands.iter().find(|b| b.code == code)
    }

    pub fn band_codes(&self) -> Vec<&str> {
        self.bands.iter().map(|b| b.code.as_str()).collect()
    }

    /// R3.1: the annual tariff of a band in a setting, `rate(band) × setting_factor(setting)`,
    /// exact. `None` for an unknown band or one not on the tariff route.
    pub fn tariff_annual(&self, band_code: &str, setting: Setting) -> Option<Decimal> {
        let b = self.band(band_code)?;
        if b.route != Route::Tariff {
            return None;
        }
        Some(b.rate.unwrap_or(Decimal::ZERO) * self.setting_factors.get(setting))
    }

    /// R1.1: the setting's own contribution, shown as context.
    pub fn core(&self, setting: Setting) -> Decimal {
        self.core.get(setting)
    }

    /// R1.5: the AY that starts on `community_start`.
    pub fn community_ay(&self) -> Ay {
        Ay::starting(self.community_start)
    }

    /// R1.5: the AY that starts on `tariff_start`.
    pub fn tariff_ay(&self) -> Ay {
        Ay::starting(self.tariff_start)
    }

    /// R5.5: the historic weight for an AY: its own value, or that of the last AY listed
    /// before it.
    pub fn historic_weight(&self, ay: Ay) -> Decimal {
        let hw = &self.community.historic_weight;
        hw.iter().rev().find(|(y, _)| *y <= ay).or_else(|| hw.first()).map(|(_, w)| *w).unwrap_or(Decimal::ZERO)
    }

    /// The source cited for a parameter: the most specific section that names one
    /// (`community.historic_weight`, then `community`).
    pub fn source_of(&self, param: &str) -> Option<&str> {
        let mut p = param;
        loop {
            if let Some(s) = self.section_sources.get(p) {
                return Some(s.as_str());
            }
            match p.rfind('.') {
                Some(i) => p = &p[..i],
                None => return None,
            }
        }
    }

    /// `(community.historic_weight 2025/26 = 0.75, source 24/00120 §5.9)` — how explanations
    /// cite a parameter.
    pub fn cite(&self, param: &str, shown: &str, value: &str) -> String {
        match self.source_of(param) {
            Some(s) => format!("({shown} = {value}, source {s})"),
            None => format!("({shown} = {value})"),
        }
    }

    /// The card as JSON, in the shape it is read from (numbers as strings, exact).
    pub fn to_json(&self) -> Value {
        let src = |path: &str, mut m: Map<String, Value>| {
            if let Some(s) = self.section_sources.get(path) {
                m.insert("source".into(), json!(s));
            }
            Value::Object(m)
        };
        let per = |p: &PerSetting<Decimal>| {
            let mut m = Map::new();
            for s in Setting::ALL {
                m.insert(s.as_str().into(), json!(fmt_fraction(p.get(s))));
            }
            m
        };
        let obj = |pairs: Vec<(&str, Value)>| pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect::<Map<String, Value>>();
        let c = &self.community;
        let mut idaci = Map::new();
        for (i, b) in IDACI_BANDS.iter().enumerate() {
            idaci.insert(b.to_string(), json!(fmt_fraction(c.idaci_band_weights[i])));
        }
        let mut hw = Map::new();
        for (ay, w) in &c.historic_weight {
            hw.insert(ay.to_string(), json!(fmt_fraction(*w)));
        }
        let opt = |d: Option<Decimal>| d.map_or(Value::Null, |x| json!(fmt_fraction(x)));
        json!({
            "id": self.id,
            "title": self.title,
            "status": self.status.as_str(),
            "sources": self.sources.iter().map(|s| json!({"id": s.id, "title": s.title, "reference": s.reference})).collect::<Vec<_>>(),
            "bands": self.bands.iter().map(|b| {
                let mut m = obj(vec![
                    ("code", json!(b.code)), ("name", json!(b.name)), ("description", json!(b.description)),
                    ("route", json!(b.route.as_str())),
                ]);
                if let Some(r) = b.rate { m.insert("rate".into(), json!(fmt_fraction(r))); }
                if let Some(s) = &b.source { m.insert("source".into(), json!(s)); }
                Value::Object(m)
            }).collect::<Vec<_>>(),
            "setting_factors": src("setting_factors", per(&self.setting_factors)),
            "core": src("core", per(&self.core)),
            "thresholds": src("thresholds", obj(vec![("ehcp_direct", json!(fmt_fraction(self.ehcp_direct))), ("moderation", json!(fmt_fraction(self.moderation)))])),
            "dates": src("dates", obj(vec![("community_start", json!(self.community_start.to_string())), ("tariff_start", json!(self.tariff_start.to_string()))])),
            "community": src("community", obj(vec![
                ("weights", src("community.weights", obj(vec![("population", json!(fmt_fraction(c.w_pop))), ("deprivation", json!(fmt_fraction(c.w_dep)))]))),
                ("mix", src("community.mix", obj(vec![("idaci", json!(fmt_fraction(c.mix_idaci))), ("lac", json!(fmt_fraction(c.mix_lac))), ("lpa", json!(fmt_fraction(c.mix_lpa)))]))),
                ("idaci_band_weights", src("community.idaci_band_weights", idaci)),
                ("topslice_per_community", json!(fmt_fraction(c.topslice_per_community))),
                ("historic_weight", src("community.historic_weight", hw)),
            ])),
            "protection": src("protection", obj(vec![
                ("option", json!(self.protection.option.as_str())),
                ("rate", json!(fmt_fraction(self.protection.rate))),
                ("delay_months", json!(self.protection.delay_months)),
            ])),
            "mgl": src("mgl", obj(vec![
                ("max_loss", opt(self.mgl.max_loss)),
                ("max_gain", opt(self.mgl.max_gain)),
                ("mfg_special", opt(self.mgl.mfg_special)),
                ("applies_to", json!(self.mgl.applies_to.iter().map(|s| s.as_str()).collect::<Vec<_>>())),
            ])),
        })
    }
}

/// What a rate card offers for checking references to it, read from every part that can be
/// read even when other parts have faults (R10.5: a fault in one part of the card does not stop
/// the rest being used to check references).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CardRefs {
    /// The code of every band record that has a readable code, faulty or not, in order; `None`
    /// when no band has one (references to bands cannot be checked).
    pub band_codes: Option<Vec<String>>,
    /// `dates.community_start`, when it can be read.
    pub community_start: Option<Date>,
    /// `community.topslice_per_community`, when it can be read.
    pub topslice_per_community: Option<Decimal>,
}

impl CardRefs {
    /// The references of a whole card.
    pub fn of(card: &RateCard) -> CardRefs {
        CardRefs {
            band_codes: Some(card.bands.iter().map(|b| b.code.clone()).collect()),
            community_start: Some(card.community_start),
            topslice_per_community: Some(card.community.topslice_per_community),
        }
    }

    /// R1.5: the community AY, when `community_start` can be read.
    pub fn community_ay(&self) -> Option<Ay> {
        self.community_start.map(Ay::starting)
    }
}

impl RateCard {
    /// Reads a card (R9) and, whatever its faults, what it offers for checking references.
    pub fn from_value_with_refs(v: &Value) -> (Result<RateCard, Errors>, CardRefs) {
        let mut errs = Errors::new();
        let mut refs = CardRefs::default();
        let card = read_card(v, &mut refs, &mut errs);
        let out = match card {
            Some(c) if errs.is_empty() => Ok(c),
            _ => {
                if errs.is_empty() {
                    errs.push(InputError::new(Path::root(), "the rate card could not be read"));
                }
                Err(errs)
            }
        };
        (out, refs)
    }
}

/// `thresholds.moderation` as a typed path.
fn at(keys: &[&str]) -> Path {
    keys.iter().fold(Path::root(), |p, k| p.key(k))
}

/// Records a section's optional `source`.
fn section_source(o: &Obj, name: &str, sources: &mut BTreeMap<String, String>, errs: &mut Errors) {
    if let Some(v) = o.opt("source") {
        if let Some(s) = json::text(v, &o.child("source"), 200, errs) {
            sources.insert(name.to_string(), s);
        }
    }
}

fn per_setting<'v>(
    v: &'v Value,
    path: &Path,
    errs: &mut Errors,
    read: fn(&Value, &Path, &mut Errors) -> Option<Decimal>,
) -> (Obj<'v>, Option<PerSetting<Decimal>>) {
    let o = Obj::new(v, path, &["mainstream", "srp", "special", "source"], errs);
    let mut get = |k: &str| o.req(k, errs).and_then(|x| read(x, &o.child(k), errs));
    let (m, r, s) = (get("mainstream"), get("srp"), get("special"));
    let out = match (m, r, s) {
        (Some(mainstream), Some(srp), Some(special)) => Some(PerSetting { mainstream, srp, special }),
        _ => None,
    };
    (o, out)
}

/// The codes (or ids) of a list of records as written (see [`raw_id`]), each with its index,
/// whatever the records' other faults: every record that has one can be referred to.
pub(crate) fn raw_ids(list: Option<&Value>, key: &str) -> Vec<(usize, String)> {
    let Some(items) = list.and_then(Value::as_array) else { return Vec::new() };
    items.iter().enumerate().filter_map(|(i, item)| raw_id(item, key).map(|id| (i, id))).collect()
}

/// The code or id of a record as written: text (trimmed) or a number's digits; `None` when
/// absent, empty or of another kind.
pub(crate) fn raw_id(item: &Value, key: &str) -> Option<String> {
    let id = match item.get(key)? {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!id.is_empty()).then_some(id)
}

fn read_card(v: &Value, refs: &mut CardRefs, errs: &mut Errors) -> Option<RateCard> {
    let top = Obj::new(
        v,
        &Path::root(),
        &["id", "title", "status", "sources", "bands", "setting_factors", "core", "thresholds", "dates", "community", "protection", "mgl"],
        errs,
    );
    top.map?;
    let mut section_sources = BTreeMap::new();

    let id = top.req("id", errs).and_then(|x| json::text(x, &at(&["id"]), 100, errs));
    let title = top.req("title", errs).and_then(|x| json::text(x, &at(&["title"]), 200, errs));
    let status = top
        .req("status", errs)
        .and_then(|x| json::one_of(x, &at(&["status"]), errs, &[("illustrative", Status::Illustrative), ("official", Status::Official)]));

    let sources = top
        .opt("sources")
        .map(|x| {
            json::list(x, &at(&["sources"]), errs, |s, p, errs| {
                let o = Obj::new(s, p, &["id", "title", "reference"], errs);
                let id = o.req("id", errs).and_then(|x| json::text(x, &o.child("id"), 100, errs));
                let title = o.req("title", errs).and_then(|x| json::text(x, &o.child("title"), 300, errs));
                let reference = o.opt("reference").and_then(|x| json::string(x, &o.child("reference"), errs)).unwrap_or_default();
                Some(Source { id: id?, title: title?, reference })
            })
        })
        .unwrap_or_default();
    // Every source with an id can be cited and must be unique, whatever its other faults.
    let source_ids = raw_ids(top.opt("sources"), "id");
    for (n, (i, id)) in source_ids.iter().enumerate() {
        if source_ids[..n].iter().any(|(_, other)| other == id) {
            errs.push(InputError::new(at(&["sources"]).index(*i).key("id"), format!("\"{id}\" is listed twice: source ids must be unique")));
        }
    }

    // Bands (R1.3)
    let bands_path = at(&["bands"]);
    let bands = top
        .req("bands", errs)
        .map(|x| {
            json::list(x, &bands_path, errs, |b, p, errs| {
                let o = Obj::new(b, p, &["code", "name", "description", "route", "rate", "source"], errs);
                let code = o.req("code", errs).and_then(|x| json::text(x, &o.child("code"), 16, errs));
                let name = o.req("name", errs).and_then(|x| json::text(x, &o.child("name"), 100, errs));
                let description = o.opt("description").and_then(|x| json::string(x, &o.child("description"), errs)).unwrap_or_default();
                let route = o.req("route", errs).and_then(|x| json::one_of(x, &o.child("route"), errs, &Route::NAMES));
                let rate = o.opt("rate").and_then(|x| json::money(x, &o.child("rate"), errs));
                if route == Some(Route::Tariff) && rate.is_none() && !o.has("rate") {
                    errs.push(InputError::new(o.child("rate"), "is missing: a band on the tariff route needs its annual rate (R3.1)"));
                }
                let source = o.opt("source").and_then(|x| json::text(x, &o.child("source"), 200, errs));
                Some(Band { code: code?, name: name?, description, route: route?, rate, source })
            })
        })
        .unwrap_or_default();
    let band_list = top.opt("bands").and_then(|b| b.as_array());
    if band_list.is_some_and(|a| a.is_empty()) {
        errs.push(InputError::new(bands_path.clone(), "must list at least one band"));
    }
    // Every band with a code can be referred to (by pupils, by a cited source), whatever its
    // other faults.
    let band_codes = raw_ids(top.opt("bands"), "code");
    for (n, (i, code)) in band_codes.iter().enumerate() {
        if band_codes[..n].iter().any(|(_, other)| other == code) {
            errs.push(InputError::new(bands_path.index(*i).key("code"), format!("\"{code}\" is listed twice: band codes must be unique")));
        }
    }
    // With no band codes at all the card's own fault says so: pupils' bands are not checked.
    if !band_codes.is_empty() {
        refs.band_codes = Some(band_codes.iter().map(|(_, c)| c.clone()).collect());
    }
    // Each band's cited source, by the band's position in the list (faulty bands included).
    let mut band_sources: Vec<(usize, String)> = Vec::new();
    for (i, item) in band_list.map(|a| a.as_slice()).unwrap_or_default().iter().enumerate() {
        if let Some(s) = item.get("source").and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty() && s.chars().count() <= 200) {
            band_sources.push((i, s.to_string()));
        }
    }
    for b in &bands {
        if let Some(s) = &b.source {
            section_sources.insert(format!("bands.{}", b.code), s.clone());
        }
    }

    let setting_factors = top.req("setting_factors", errs).and_then(|x| {
        let (o, p) = per_setting(x, &at(&["setting_factors"]), errs, json::multiplier);
        section_source(&o, "setting_factors", &mut section_sources, errs);
        p
    });
    let core = top.req("core", errs).and_then(|x| {
        let (o, p) = per_setting(x, &at(&["core"]), errs, json::money);
        section_source(&o, "core", &mut section_sources, errs);
        p
    });

    let thresholds = top.req("thresholds", errs).and_then(|x| {
        let o = Obj::new(x, &at(&["thresholds"]), &["ehcp_direct", "moderation", "source"], errs);
        section_source(&o, "thresholds", &mut section_sources, errs);
        let d = o.req("ehcp_direct", errs).and_then(|x| json::money(x, &o.child("ehcp_direct"), errs));
        let m = o.req("moderation", errs).and_then(|x| json::money(x, &o.child("moderation"), errs));
        Some((d?, m?))
    });

    let mut community_start = None;
    let dates = top.req("dates", errs).and_then(|x| {
        let o = Obj::new(x, &at(&["dates"]), &["community_start", "tariff_start", "source"], errs);
        section_source(&o, "dates", &mut section_sources, errs);
        let mut date = |k: &str| {
            let p = o.child(k);
            let s = o.req(k, errs).and_then(|x| json::string(x, &p, errs))?;
            match Date::parse_iso(&s) {
                Ok(d) if d.m == 9 && d.d == 1 => Some(d),
                Ok(d) => {
                    errs.push(InputError::new(p, format!("must fall on 1 September (got {d}): key dates start an academic year (R1.5)")));
                    None
                }
                Err(e) => {
                    errs.push(InputError::new(p, e));
                    None
                }
            }
        };
        let (c, t) = (date("community_start"), date("tariff_start"));
        community_start = c;
        let (c, t) = (c?, t?);
        if t < c {
            errs.push(InputError::new(o.child("tariff_start"), format!("must be on or after dates.community_start ({c}) (got {t})")));
        }
        Some((c, t))
    });
    refs.community_start = community_start;

    let community = top.req("community", errs).and_then(|x| read_community_params(x, community_start, refs, &mut section_sources, errs));

    let protection = top.req("protection", errs).and_then(|x| {
        let o = Obj::new(x, &at(&["protection"]), &["option", "rate", "delay_months", "source"], errs);
        section_source(&o, "protection", &mut section_sources, errs);
        let option = o.req("option", errs).and_then(|x| json::one_of(x, &o.child("option"), errs, &ProtectionOption::NAMES));
        let rate = o.req("rate", errs).and_then(|x| json::fraction(x, &o.child("rate"), errs));
        let delay = o.req("delay_months", errs).and_then(|x| json::count(x, &o.child("delay_months"), errs));
        if let Some(d) = delay {
            if d > 12 {
                errs.push(InputError::new(o.child("delay_months"), format!("must be from 0 to 12 months (got {d})")));
            }
        }
        Some(ProtectionParams { option: option?, rate: rate?, delay_months: delay?.min(12) as u32 })
    });

    let mgl = top.req("mgl", errs).and_then(|x| {
        let o = Obj::new(x, &at(&["mgl"]), &["max_loss", "max_gain", "mfg_special", "applies_to", "source"], errs);
        section_source(&o, "mgl", &mut section_sources, errs);
        let mut nullable = |k: &str, required: bool| -> Result<Option<Decimal>, ()> {
            let present = o.map.is_some_and(|m| m.contains_key(k));
            if required && !present && o.map.is_some() {
                errs.push(InputError::new(o.child(k), "is missing (required: a fraction, or null for none)"));
                return Err(());
            }
            match o.opt(k) {
                None => Ok(None),
                Some(v) => json::fraction(v, &o.child(k), errs).map(Some).ok_or(()),
            }
        };
        let max_loss = nullable("max_loss", true);
        let max_gain = nullable("max_gain", true);
        let mfg_special = nullable("mfg_special", false);
        let applies_to = match o.opt("applies_to") {
            None => vec![Setting::Srp, Setting::Special],
            Some(v) => json::list(v, &o.child("applies_to"), errs, |s, p, errs| json::one_of(s, p, errs, &Setting::NAMES)),
        };
        o.map?;
        Some(MglParams { max_loss: max_loss.ok()?, max_gain: max_gain.ok()?, mfg_special: mfg_special.ok()?, applies_to })
    });

    // Every cited source must be listed: checked against every source record with an id.
    if top.opt("sources").and_then(Value::as_array).is_some_and(|a| !a.is_empty()) {
        let ids: Vec<&str> = source_ids.iter().map(|(_, id)| id.as_str()).collect();
        let known = |s: &str| ids.iter().any(|id| s == *id || s.starts_with(&format!("{id} ")));
        let unknown =
            |s: &str| format!("cites \"{s}\", which names no listed source (known: {})", if ids.is_empty() { "none".to_string() } else { ids.join(", ") });
        for (i, s) in &band_sources {
            if !known(s) {
                errs.push(InputError::new(bands_path.index(*i).key("source"), unknown(s)));
            }
        }
        for (section, s) in section_sources.iter().filter(|(k, _)| !k.starts_with("bands.")) {
            if !known(s) {
                let p = section.split('.').fold(Path::root(), |p, k| p.key(k)).key("source");
                errs.push(InputError::new(p, unknown(s)));
            }
        }
    }

    let (ehcp_direct, moderation) = thresholds?;
    let (community_start, tariff_start) = dates?;
    Some(RateCard {
        id: id?,
        title: title?,
        status: status?,
        sources,
        bands,
        setting_factors: setting_factors?,
        core: core?,
        ehcp_direct,
        moderation,
        community_start,
        tariff_start,
        community: community?,
        protection: protection?,
        mgl: mgl?,
        section_sources,
    })
}

fn read_community_params(
    v: &Value,
    community_start: Option<Date>,
    refs: &mut CardRefs,
    sources: &mut BTreeMap<String, String>,
    errs: &mut Errors,
) -> Option<CommunityParams> {
    let o = Obj::new(v, &at(&["community"]), &["weights", "mix", "idaci_band_weights", "topslice_per_community", "historic_weight", "source"], errs);
    o.map?;
    section_source(&o, "community", sources, errs);
    let weights = o.req("weights", errs).and_then(|x| {
        let w = Obj::new(x, &o.child("weights"), &["population", "deprivation", "source"], errs);
        section_source(&w, "community.weights", sources, errs);
        let p = w.req("population", errs).and_then(|x| json::fraction(x, &w.child("population"), errs));
        let d = w.req("deprivation", errs).and_then(|x| json::fraction(x, &w.child("deprivation"), errs));
        let (p, d) = (p?, d?);
        if p + d != Decimal::ONE {
            errs.push(InputError::new(
                w.path.clone(),
                format!("population and deprivation must sum to 1 (got {} + {} = {})", fmt_fraction(p), fmt_fraction(d), fmt_fraction(p + d)),
            ));
        }
        Some((p, d))
    });
    let mix = o.req("mix", errs).and_then(|x| {
        let m = Obj::new(x, &o.child("mix"), &["idaci", "lac", "lpa", "source"], errs);
        section_source(&m, "community.mix", sources, errs);
        let mut get = |k: &str| m.req(k, errs).and_then(|x| json::fraction(x, &m.child(k), errs));
        let (i, l, p) = (get("idaci"), get("lac"), get("lpa"));
        let (i, l, p) = (i?, l?, p?);
        if i + l + p != Decimal::ONE {
            errs.push(InputError::new(m.path.clone(), format!("idaci, lac and lpa must sum to 1 (got {})", fmt_fraction(i + l + p))));
        }
        Some((i, l, p))
    });
    let idaci = o.req("idaci_band_weights", errs).and_then(|x| {
        let mut allowed: Vec<&str> = IDACI_BANDS.to_vec();
        allowed.push("source");
        let m = Obj::new(x, &o.child("idaci_band_weights"), &allowed, errs);
        section_source(&m, "community.idaci_band_weights", sources, errs);
        let ws: Vec<Option<Decimal>> = IDACI_BANDS.iter().map(|b| m.req(b, errs).and_then(|x| json::fraction(x, &m.child(b), errs))).collect();
        let mut out = [Decimal::ZERO; 6];
        for (i, w) in ws.into_iter().enumerate() {
            out[i] = w?;
        }
        Some(out)
    });
    let topslice = o.req("topslice_per_community", errs).and_then(|x| json::money(x, &o.child("topslice_per_community"), errs));
    refs.topslice_per_community = topslice;
    let hw = o.req("historic_weight", errs).and_then(|x| {
        let path = o.child("historic_weight");
        let Some(map) = x.as_object() else {
            errs.push(InputError::new(path, format!("must be an object of academic years, e.g. {{\"2025/26\": 0.75}} (got {})", json::kind(x))));
            return None;
        };
        let mut out: Vec<(Ay, Decimal)> = Vec::new();
        let mut ok = true;
        for (k, val) in map {
            if k == "source" {
                if let Some(s) = json::text(val, &path.key("source"), 200, errs) {
                    sources.insert("community.historic_weight".to_string(), s);
                }
                continue;
            }
            let p = path.key(k);
            match Ay::parse(k) {
                Ok(ay) => match json::fraction(val, &p, errs) {
                    Some(w) => out.push((ay, w)),
                    None => ok = false,
                },
                Err(e) => {
                    errs.push(InputError::new(p, e));
                    ok = false;
                }
            }
        }
        out.sort_by_key(|(a, _)| *a);
        if let Some(cs) = community_start {
            let cay = Ay::starting(cs);
            if ok && !out.iter().any(|(a, _)| *a == cay) {
                errs.push(InputError::new(path, format!("must list the community AY {cay} (R5.5)")));
            }
        }
        Some(out)
    });
    let (w_pop, w_dep) = weights?;
    let (mix_idaci, mix_lac, mix_lpa) = mix?;
    Some(CommunityParams { w_pop, w_dep, mix_idaci, mix_lac, mix_lpa, idaci_band_weights: idaci?, topslice_per_community: topslice?, historic_weight: hw? })
}
