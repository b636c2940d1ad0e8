//! A card as changes to another, as links carry them (`set=PATH=VALUE`, R10.6's baseline and
//! what-if): every leaf of a card's JSON by its path, as literal text ([`flatten`]); the changes
//! that turn one card into another ([`changes`]), each a declared parameter's literal read back
//! by its kind ([`Decl::json_of_literal`]); and the changes applied and validated by the reader
//! ([`apply`], R9).

use super::decls::{param_at, Decl, Kind, Param, Val};
use crate::engine::errors::{Errors, InputError};
use crate::engine::ratecard::RateCard;
use serde_json::Value;
use std::collections::BTreeMap;

impl Decl {
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
