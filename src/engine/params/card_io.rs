//! The card's reader and writer of the parameter sections (R9), both made from the
//! declarations: a declared leaf is read by its kind, presence and bounds, every fault under its
//! path (R10.5), and any other key of a section refused (`source` apart); the writer writes every
//! declared parameter in declaration order. The card's identity, its band records and the checks
//! that tie parameters together are `ratecard.rs`'s, which calls these.

use super::decls::{Decl, Family, Kind, Member, Presence, Val, DECLS};
use crate::engine::errors::{Errors, InputError, Path};
use crate::engine::json::{self, Obj};
use crate::engine::money::fmt_fraction;
use crate::engine::periods::{Ay, Date};
use crate::engine::ratecard::{ProtectionOption, RateCard, Route, Setting, IDACI_BANDS};
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

impl Decl {
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
}

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

#[cfg(test)]
mod tests {
    use super::super::tests::{d, shipped};
    use super::super::{params, set_leaf};
    use super::*;

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
}
