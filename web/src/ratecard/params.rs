//! Every parameter of the rate card (R9) for people, as the engine declares it
//! (`sen_funding::engine::params::DECLS`: where it is in the card's JSON, what it means, which
//! rule uses it, whether the council's papers set it or it is illustrative, its kind and
//! bounds): this module only turns a declaration into the page's fields.

use sen_funding::engine::money::{fmt_fraction, parse_money_lenient};
pub use sen_funding::engine::params::{Kind, Param, Section};
use sen_funding::engine::RateCard;

/// The parameters of `card`, section by section, in the order of R9.
pub fn catalogue(card: &RateCard) -> Vec<(Section, Vec<Param>)> {
    sen_funding::engine::params::sections(card)
}

/// A field id for a parameter path: `param-community-weights-population`.
pub fn field_id(path: &str) -> String {
    let mut id = String::from("param-");
    let mut dash = false;
    for c in path.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
            dash = false;
        } else if !dash {
            id.push('-');
            dash = true;
        }
    }
    id.trim_end_matches('-').to_string()
}

/// The literal a field shows for a JSON leaf: empty for none.
pub fn shown(kind: Kind, lit: Option<&String>) -> String {
    match lit.map(String::as_str) {
        None => String::new(),
        Some("null") if matches!(kind, Kind::NullableFraction | Kind::OptionalMoney) => String::new(),
        Some(s) => s.to_string(),
    }
}

/// What a field's text means as a literal of the card's JSON.
pub fn literal_of(kind: Kind, text: &str) -> String {
    let t = text.trim();
    match kind {
        Kind::NullableFraction if t.is_empty() => "null".to_string(),
        // Money as spreadsheets write it: £ and thousands commas are fine; the engine checks the rest.
        Kind::Money | Kind::OptionalMoney if !t.is_empty() => match parse_money_lenient(t) {
            Ok(d) => fmt_fraction(d),
            // The engine reports what is wrong with it, under its path.
            Err(_) => t.to_string(),
        },
        _ => t.to_string(),
    }
}
