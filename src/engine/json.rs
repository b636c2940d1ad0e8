//! Reading JSON documents into typed values with every fault collected under its path (R9,
//! R10.5). Numbers are taken from their literal text (serde_json's `arbitrary_precision`),
//! never through a float.

use super::errors::{Errors, InputError, Path};
use super::money;
use rust_decimal::Decimal;
use serde_json::{Map, Value};

/// Parses text as JSON; a syntax error is one error for the whole document.
pub fn parse(text: &str, what: &str) -> Result<Value, InputError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(InputError::new(Path::root(), format!("the {what} is empty: expected a JSON object")));
    }
    serde_json::from_str::<Value>(text).map_err(|e| InputError::new(Path::root(), format!("the {what} is not valid JSON: {e}")))
}

/// A cursor on one JSON object: reports unknown keys once, and missing or faulty values under
/// their paths.
pub struct Obj<'v> {
    pub map: Option<&'v Map<String, Value>>,
    pub path: Path,
}

impl<'v> Obj<'v> {
    /// `allowed` lists every key the object may have; any other key is an error.
    pub fn new(v: &'v Value, path: &Path, allowed: &[&str], errs: &mut Errors) -> Obj<'v> {
        match v.as_object() {
            Some(map) => {
                for k in map.keys() {
                    if !allowed.contains(&k.as_str()) {
                        errs.push(InputError::new(path.key(k), format!("unknown key (expected one of: {})", allowed.join(", "))));
                    }
                }
                Obj { map: Some(map), path: path.clone() }
            }
            None => {
                errs.push(InputError::new(path, format!("must be an object {{…}} (got {})", kind(v))));
                Obj { map: None, path: path.clone() }
            }
        }
    }

    pub fn child(&self, key: &str) -> Path {
        self.path.key(key)
    }

    /// The value of a key, `None` when absent or null.
    pub fn opt(&self, key: &str) -> Option<&'v Value> {
        self.map.and_then(|m| m.get(key)).filter(|v| !v.is_null())
    }

    /// The value of a required key; its absence is an error.
    pub fn req(&self, key: &str, errs: &mut Errors) -> Option<&'v Value> {
        let v = self.opt(key);
        if v.is_none() && self.map.is_some() {
            errs.push(InputError::new(self.child(key), "is missing (required)"));
        }
        v
    }

    pub fn has(&self, key: &str) -> bool {
        self.opt(key).is_some()
    }
}

pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

pub fn string(v: &Value, path: &Path, errs: &mut Errors) -> Option<String> {
    match v.as_str() {
        Some(s) => Some(s.to_string()),
        None => {
            errs.push(InputError::new(path, format!("must be text (got {})", kind(v))));
            None
        }
    }
}

/// Non-empty text with at most `max` characters, trimmed.
pub fn text(v: &Value, path: &Path, max: usize, errs: &mut Errors) -> Option<String> {
    let s = string(v, path, errs)?;
    text_of(&s, path, max, errs)
}

/// [`text`] of text already in hand (a form's field).
pub fn text_of(s: &str, path: &Path, max: usize, errs: &mut Errors) -> Option<String> {
    checked(text_rule(s, max), path, errs)
}

/// Non-empty text with at most `max` characters, trimmed; else what is wrong.
pub fn text_rule(s: &str, max: usize) -> Result<String, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("must not be empty".to_string());
    }
    if t.chars().count() > max {
        return Err(format!("must be at most {max} characters (got {})", t.chars().count()));
    }
    Ok(t.to_string())
}

pub fn boolean(v: &Value, path: &Path, errs: &mut Errors) -> Option<bool> {
    match v.as_bool() {
        Some(b) => Some(b),
        None => {
            errs.push(InputError::new(path, format!("must be true or false (got {})", kind(v))));
            None
        }
    }
}

/// The literal text of a number, or of a string holding one.
fn literal(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

fn with<T>(v: &Value, path: &Path, errs: &mut Errors, expected: &str, f: impl Fn(&str) -> Result<T, String>) -> Option<T> {
    let Some(lit) = literal(v) else {
        errs.push(InputError::new(path, format!("must be {expected} (got {})", kind(v))));
        return None;
    };
    match f(&lit) {
        Ok(x) => Some(x),
        Err(e) => {
            errs.push(InputError::new(path, e));
            None
        }
    }
}

/// The value a parser gives, or its message as an error under `path` (text already in hand).
pub fn checked<T>(r: Result<T, String>, path: &Path, errs: &mut Errors) -> Option<T> {
    r.map_err(|e| errs.push(InputError::new(path, e))).ok()
}

/// Money (R9): a JSON number or string, read from its literal text.
pub fn money(v: &Value, path: &Path, errs: &mut Errors) -> Option<Decimal> {
    with(v, path, errs, money::money_rule(), money::parse_money)
}

/// A fraction between 0 and 1 with at most six decimals (R9).
pub fn fraction(v: &Value, path: &Path, errs: &mut Errors) -> Option<Decimal> {
    decimal_between(v, path, errs, "a fraction between 0 and 1", Decimal::ZERO, Decimal::ONE)
}

/// A decimal ≥ 0 with at most six decimals (a multiplier).
pub fn multiplier(v: &Value, path: &Path, errs: &mut Errors) -> Option<Decimal> {
    decimal_between(v, path, errs, "a decimal number", Decimal::ZERO, Decimal::from(1000))
}

/// A decimal from `min` to `max` with at most six decimals; `expected` says what it must be
/// when it is not a number at all.
pub fn decimal_between(v: &Value, path: &Path, errs: &mut Errors, expected: &str, min: Decimal, max: Decimal) -> Option<Decimal> {
    with(v, path, errs, expected, |t| money::parse_fraction(t, min, max))
}

pub fn count(v: &Value, path: &Path, errs: &mut Errors) -> Option<u64> {
    with(v, path, errs, "a whole number", money::parse_count)
}

/// A list; each element is passed to `f` with its path.
pub fn list<'v, T>(v: &'v Value, path: &Path, errs: &mut Errors, mut f: impl FnMut(&'v Value, &Path, &mut Errors) -> Option<T>) -> Vec<T> {
    match v.as_array() {
        Some(items) => items.iter().enumerate().filter_map(|(i, item)| f(item, &path.index(i), errs)).collect(),
        None => {
            errs.push(InputError::new(path, format!("must be a list […] (got {})", kind(v))));
            Vec::new()
        }
    }
}

/// One of a fixed set of words.
pub fn one_of<T: Copy>(v: &Value, path: &Path, errs: &mut Errors, options: &[(&str, T)]) -> Option<T> {
    let s = string(v, path, errs)?;
    one_of_text(&s, path, errs, options)
}

/// [`one_of`] of text already in hand (a form's field).
pub fn one_of_text<T: Copy>(s: &str, path: &Path, errs: &mut Errors, options: &[(&str, T)]) -> Option<T> {
    checked(one_of_rule(s, options), path, errs)
}

/// One of a fixed set of words; else what is wrong.
pub fn one_of_rule<T: Copy>(s: &str, options: &[(&str, T)]) -> Result<T, String> {
    match options.iter().find(|(name, _)| *name == s) {
        Some((_, t)) => Ok(*t),
        None => {
            let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
            Err(format!("must be one of {} (got \"{s}\")", names.join(", ")))
        }
    }
}
