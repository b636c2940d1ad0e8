//! The rate card (R9): every parameter of the model as data, validated on load, each section
//! able to name its source. Also the band routes (R1.3), settings (R1.2), key dates (R1.5) and
//! the tariff of R3.1.

use super::errors::{Errors, InputError, Path};
use super::json::{self, Obj};
use super::money::fmt_fraction;
use super::params::{self, Decl, Family, Member, Val};
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

    /// The card as JSON, in the shape it is read from (numbers as strings, exact): its identity
    /// and band records, then every declared parameter (`params::DECLS`, in their order), then
    /// each section's `source`.
    pub fn to_json(&self) -> Value {
        let mut top = Map::new();
        top.insert("id".into(), json!(self.id));
        top.insert("title".into(), json!(self.title));
        top.insert("status".into(), json!(self.status.as_str()));
        top.insert("sources".into(), json!(self.sources.iter().map(|s| json!({"id": s.id, "title": s.title, "reference": s.reference})).collect::<Vec<_>>()));
        let bands = self.bands.iter().map(|b| json!({"code": b.code, "name": b.name, "description": b.description})).collect::<Vec<_>>();
        top.insert("bands".into(), Value::Array(bands));
        params::write_params(self, &mut top);
        for (b, rec) in self.bands.iter().zip(top.get_mut("bands").and_then(Value::as_array_mut).into_iter().flatten()) {
            if let (Some(s), Some(m)) = (&b.source, rec.as_object_mut()) {
                m.insert("source".into(), json!(s));
            }
        }
        for (section, s) in self.section_sources.iter().filter(|(k, _)| !k.starts_with("bands.")) {
            if let Some(m) = params::node_mut(&mut top, section) {
                m.insert("source".into(), json!(s));
            }
        }
        Value::Object(top)
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
    let mut keys: Vec<String> = ["id", "title", "status", "sources", "bands"].iter().map(|k| k.to_string()).collect();
    keys.extend(params::top_sections());
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    let top = Obj::new(v, &Path::root(), &keys, errs);
    top.map?;
    let mut found = params::Found::default();

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

    // Bands (R1.3): each record's code, name and description, and its declared parameters
    // (route, rate: `params::DECLS`).
    let band_params: Vec<&'static Decl> = params::DECLS.iter().filter(|d| d.family == Family::PerBand).collect();
    let mut band_keys = vec!["code", "name", "description"];
    band_keys.extend(band_params.iter().map(|d| d.path.rsplit('.').next().unwrap_or_default()));
    band_keys.push("source");
    let bands_path = at(&["bands"]);
    let bands = top
        .req("bands", errs)
        .map(|x| {
            json::list(x, &bands_path, errs, |b, p, errs| {
                let o = Obj::new(b, p, &band_keys, errs);
                let code = o.req("code", errs).and_then(|x| json::text(x, &o.child("code"), 16, errs));
                let name = o.req("name", errs).and_then(|x| json::text(x, &o.child("name"), 100, errs));
                let description = o.opt("description").and_then(|x| json::string(x, &o.child("description"), errs)).unwrap_or_default();
                let i = p.segments().last().and_then(|s| match s {
                    super::errors::Seg::Index(i) => Some(*i),
                    _ => None,
                });
                let mut vals: Vec<(&'static Decl, Val)> = Vec::new();
                for d in &band_params {
                    let key = d.path.rsplit('.').next().unwrap_or_default();
                    if let Some(val) = d.read_leaf(&o, key, errs) {
                        vals.push((d, val));
                    }
                }
                let route = vals.iter().find_map(|(_, v)| match v {
                    Val::Route(r) => Some(*r),
                    _ => None,
                });
                let no_rate = vals.iter().any(|(d, v)| d.path == "bands[*].rate" && *v == Val::Opt(None));
                if route == Some(Route::Tariff) && no_rate {
                    errs.push(InputError::new(o.child("rate"), "is missing: a band on the tariff route needs its annual rate (R3.1)"));
                }
                let source = o.opt("source").and_then(|x| json::text(x, &o.child("source"), 200, errs));
                let (code, name, i) = (code?, name?, i?);
                found.values.extend(vals.into_iter().map(|(d, v)| (d, Member::Band(i), v)));
                Some(Band { code, name, description, route: route?, rate: None, source })
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
            found.sources.insert(format!("bands.{}", b.code), s.clone());
        }
    }

    // Every other parameter section, as declared (`params::DECLS`), with the checks that tie
    // its values together.
    for section in params::top_sections() {
        if let Some(x) = top.req(&section, errs) {
            params::read_section(x, &section, &mut found, errs, &mut section_checks);
        }
    }
    refs.community_start = found.date("dates.community_start");
    refs.topslice_per_community = found.num("community.topslice_per_community");

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
        for (section, s) in found.sources.iter().filter(|(k, _)| !k.starts_with("bands.")) {
            if !known(s) {
                let p = section.split('.').fold(Path::root(), |p, k| p.key(k)).key("source");
                errs.push(InputError::new(p, unknown(s)));
            }
        }
    }

    // Nothing is built from a card with faults; without any, every required value was read.
    if !errs.is_empty() {
        return None;
    }
    let blank = Decimal::ZERO;
    let mut card = RateCard {
        id: id?,
        title: title?,
        status: status?,
        sources,
        bands,
        setting_factors: PerSetting { mainstream: blank, srp: blank, special: blank },
        core: PerSetting { mainstream: blank, srp: blank, special: blank },
        ehcp_direct: blank,
        moderation: blank,
        community_start: found.date("dates.community_start")?,
        tariff_start: found.date("dates.tariff_start")?,
        community: CommunityParams {
            w_pop: blank,
            w_dep: blank,
            mix_idaci: blank,
            mix_lac: blank,
            mix_lpa: blank,
            idaci_band_weights: [blank; 6],
            topslice_per_community: blank,
            historic_weight: Vec::new(),
        },
        protection: ProtectionParams { option: ProtectionOption::A, rate: blank, delay_months: 0 },
        mgl: MglParams { max_loss: None, max_gain: None, mfg_special: None, applies_to: Vec::new() },
        section_sources: std::mem::take(&mut found.sources),
    };
    for (d, m, v) in found.values {
        (d.set)(&mut card, &m, v);
    }
    Some(card)
}

/// The checks that tie a section's parameters together (R9, R1.5, R5.3, R5.5), run once the
/// section is read, on the values that could be read.
fn section_checks(node: &str, path: &Path, complete: bool, found: &params::Found, errs: &mut Errors) {
    match node {
        "dates" => {
            if let (Some(c), Some(t)) = (found.date("dates.community_start"), found.date("dates.tariff_start")) {
                if t < c {
                    errs.push(InputError::new(path.key("tariff_start"), format!("must be on or after dates.community_start ({c}) (got {t})")));
                }
            }
        }
        "community.weights" => {
            if let (Some(p), Some(d)) = (found.num("community.weights.population"), found.num("community.weights.deprivation")) {
                if p + d != Decimal::ONE {
                    errs.push(InputError::new(
                        path,
                        format!("population and deprivation must sum to 1 (got {} + {} = {})", fmt_fraction(p), fmt_fraction(d), fmt_fraction(p + d)),
                    ));
                }
            }
        }
        "community.mix" => {
            if let (Some(i), Some(l), Some(p)) = (found.num("community.mix.idaci"), found.num("community.mix.lac"), found.num("community.mix.lpa")) {
                if i + l + p != Decimal::ONE {
                    errs.push(InputError::new(path, format!("idaci, lac and lpa must sum to 1 (got {})", fmt_fraction(i + l + p))));
                }
            }
        }
        "community.historic_weight" => {
            if let (true, Some(cs)) = (complete, found.date("dates.community_start")) {
                let cay = Ay::starting(cs);
                if found.get(&format!("community.historic_weight.{cay}")).is_none() {
                    errs.push(InputError::new(path, format!("must list the community AY {cay} (R5.5)")));
                }
            }
        }
        _ => {}
    }
}
