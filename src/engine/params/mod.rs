//! The rate card's parameters (R9), each declared once, as data with a reference (the way
//! OpenFisca declares a parameter): where it is in the card's JSON, the rule that uses it, its
//! label and meaning for people, what the council's papers say about its value, how it is
//! written (its [`Kind`]), whether it may be absent, its bounds, and typed accessors on
//! [`RateCard`](super::ratecard::RateCard).
//!
//! Everything else follows from [`DECLS`]:
//! - the card's reader ([`RateCard::from_value`](super::ratecard::RateCard::from_value)) reads
//!   exactly the declared leaves, each by its kind, presence and bounds, and refuses any other
//!   key of a parameter section (`source` apart); the checks that tie parameters together
//!   (weights adding up to 1, the key dates' order, R5.5's community AY) stay in `ratecard.rs`;
//! - the writer ([`RateCard::to_json`](super::ratecard::RateCard::to_json)) writes them, in
//!   declaration order;
//! - the rate card page shows one row per [`Param`] of [`params`], section by section
//!   ([`SECTIONS`]);
//! - a link's `set=PATH=VALUE` changes ([`changes`], [`apply`]) are written from the writer's
//!   leaves and read back by the declared kind.
//!
//! A table of values (one per band, setting, IDACI band or listed AY) is one declaration of a
//! [`Family`]; its members come from the card (bands, listed AYs) or from the model (settings,
//! IDACI bands).
//!
//! | module | what |
//! | --- | --- |
//! | `decls` | the declarations (R9): [`Decl`], its [`Kind`], [`Presence`], [`Bounds`] and [`Family`], every one in [`DECLS`]; a card's parameters ([`Param`], [`params`]) and the page's [`SECTIONS`] |
//! | `card_io` | the card's reader and writer of the parameter sections, by the declarations (R9): each leaf by its kind, presence and bounds |
//! | `link` | a card as changes to another (R10.6's links, `set=PATH=VALUE`): the leaves of a card's JSON, their diff, and the changes applied |
//!
//! Every item is reached from here (`engine::params::X`), as before the declarations, the
//! reader and writer, and the links were modules of their own.

mod card_io;
mod decls;
mod link;

pub use card_io::top_sections;
pub(crate) use card_io::{node_mut, read_section, write_params, Found};
pub use decls::{param_at, params, sections, Bounds, Decl, Family, Kind, Member, Param, Presence, Range, Section, Val, DECLS, SECTIONS};
pub use link::{apply, changes, changes_from, flatten, literal, literal_of, set_leaf};

/// The declarations, the reader and writer, and the links together; the shipped card and the
/// helpers every module's tests use.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::errors::{Errors, Path};
    use crate::engine::json::Obj;
    use crate::engine::periods::Date;
    use crate::engine::ratecard::{ProtectionOption, RateCard, Route, Setting};
    use rust_decimal::Decimal;
    use serde_json::Value;
    use std::str::FromStr;

    const SHIPPED: &str = include_str!("../../../www/ratecards/kent-illustrative-2025.json");

    pub(super) fn shipped() -> RateCard {
        RateCard::from_json_str(SHIPPED).expect("the shipped card is valid")
    }

    pub(super) fn d(s: &str) -> Decimal {
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
}
