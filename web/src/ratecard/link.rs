//! Shareable links: the address's fragment carries a journey's view (`#/follow-the-child?band=SA3
//! &ehcp=yes&current=12000`) and the rate-card changes in force (`set=PATH=VALUE`, one per
//! changed parameter, by its path in the card's JSON and its literal text), never pupil data.
//!
//! Rate-card changes are written relative to the card the app ships with (the one a fresh
//! browser loads), and checked by the engine when a link is opened: a change that makes the
//! card invalid is refused with its path, and the shipped card stays in force.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::route::Page;
use sen_funding::engine::RateCard;

// --- the fragment's query ------------------------------------------------------------------

/// The decoded `key=value` pairs after the `?` of the address's fragment, in order.
pub fn hash_query() -> Vec<(String, String)> {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    parse_query(&hash)
}

pub fn parse_query(hash: &str) -> Vec<(String, String)> {
    let Some((_, q)) = hash.split_once('?') else { return Vec::new() };
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// The first value of `key` in the fragment's query.
pub fn query_value<'a>(query: &'a [(String, String)], key: &str) -> Option<&'a str> {
    query.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// `encodeURIComponent`: every byte but `A–Z a–z 0–9 - _ . ! ~ * ' ( )` as `%XX` (UTF-8).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The inverse of [`encode`] (also `+` for a space, as forms write it). A malformed escape is
/// kept as it is, and bytes that are not UTF-8 become U+FFFD: a link never fails to open.
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let hex = |c: u8| (c as char).to_digit(16);
        match b {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => out.push(b),
            },
            _ => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The fragment for `page` with `params` and the card's changes (`set=`).
pub fn fragment(page: Page, params: &[(String, String)], changes: &[(String, String)]) -> String {
    let mut parts: Vec<String> = params.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
    parts.extend(changes.iter().map(|(p, v)| format!("set={}", encode(&format!("{p}={v}")))));
    if parts.is_empty() {
        page.href().to_string()
    } else {
        format!("{}?{}", page.href(), parts.join("&"))
    }
}

/// The whole address of a fragment: what a person copies and sends.
pub fn full_url(fragment: &str) -> String {
    let loc = gloo::utils::window().location();
    let href = loc.href().unwrap_or_default();
    let base = href.split('#').next().unwrap_or("");
    format!("{base}{fragment}")
}

/// The `set=` changes carried by a link, as (path, literal).
pub fn changes_in_query(query: &[(String, String)]) -> Vec<(String, String)> {
    query
        .iter()
        .filter(|(k, _)| k == "set")
        .map(|(_, v)| match v.split_once('=') {
            Some((p, lit)) => (p.trim().to_string(), lit.to_string()),
            None => (v.trim().to_string(), String::new()),
        })
        .collect()
}

// --- rate-card changes as paths and literals ---------------------------------------------------

// Written from the card's JSON and read back by each parameter's declared kind (the engine's
// `params` module, R9), so that a new parameter is carried by links as soon as it is declared.
pub use sen_funding::engine::params::{apply, flatten};

/// The changes that turn `base` into `card` (`params::changes`). The base card (the shipped
/// one) is the same on every call: it is flattened once, not on every edit.
pub fn changes(base: &RateCard, card: &RateCard) -> Option<Vec<(String, String)>> {
    thread_local! {
        static BASE: std::cell::RefCell<Option<(RateCard, Rc<BTreeMap<String, String>>)>> = const { std::cell::RefCell::new(None) };
    }
    let flat = BASE.with(|c| {
        let mut c = c.borrow_mut();
        match &*c {
            Some((card, flat)) if card == base => flat.clone(),
            _ => {
                let flat = Rc::new(flatten(&base.to_json()));
                *c = Some((base.clone(), flat.clone()));
                flat
            }
        }
    });
    sen_funding::engine::params::changes_from(base, &flat, card)
}

/// The changes of the card in force against the shipped card (the one the app loaded when
/// it started: links are written against it), ready for a link (empty when none, or when
/// they cannot be carried).
pub fn card_changes_for_link(shipped: Option<&Rc<RateCard>>, card: Option<&Rc<RateCard>>) -> (Vec<(String, String)>, bool) {
    match (shipped, card) {
        (Some(s), Some(c)) => match changes(s, c) {
            Some(ch) => (ch, true),
            None => (Vec::new(), false),
        },
        _ => (Vec::new(), true),
    }
}

/// The rate-card part of a link (R10.7, R10.6), read from the app's state: the view's
/// parameters (`card=ID` when the card in force started from a published card other than the
/// current one; `base=ID` and `baseset=PATH=VALUE` for a pinned baseline, its changes against
/// that published card) and the `set=` changes of the card in force. `false` when some card
/// cannot be carried (another shape than every published card).
pub fn app_card_params(app: &crate::state::AppState) -> (Vec<(String, String)>, Vec<(String, String)>, bool) {
    // Worked out again only when one of the cards changes (it rebuilds cards to check the
    // changes: a few milliseconds that a county-scale repaint cannot spare).
    // The key holds the cards themselves (not only their addresses), so that no address in it
    // can be reused by another card while it is cached.
    type Key = (Vec<Option<Rc<RateCard>>>, Rc<crate::state::Published>);
    type Params = (Vec<(String, String)>, Vec<(String, String)>, bool);
    thread_local! {
        static LAST: std::cell::RefCell<Option<(Key, Params)>> = const { std::cell::RefCell::new(None) };
    }
    let same = |a: &Key, b: &Key| {
        Rc::ptr_eq(&a.1, &b.1)
            && a.0.len() == b.0.len()
            && a.0.iter().zip(&b.0).all(|(x, y)| match (x, y) {
                (Some(x), Some(y)) => Rc::ptr_eq(x, y),
                (None, None) => true,
                _ => false,
            })
    };
    let key: Key = (vec![app.card().cloned(), app.base_card.clone(), app.shipped_card.clone(), app.baseline_card().cloned()], app.published.clone());
    if let Some(hit) = LAST.with(|l| l.borrow().as_ref().filter(|(k, _)| same(k, &key)).map(|(_, p)| p.clone())) {
        return hit;
    }
    let made = app_card_params_uncached(app);
    LAST.with(|l| *l.borrow_mut() = Some((key, made.clone())));
    made
}

fn app_card_params_uncached(app: &crate::state::AppState) -> (Vec<(String, String)>, Vec<(String, String)>, bool) {
    let mut params = Vec::new();
    let mut carried = true;
    let current = app.published.current.as_deref();
    let from = app.base_card.as_ref().and_then(|b| app.published.id_of(b).map(|id| (id.to_string(), b.clone())));
    let changes_now = match (from, app.card()) {
        (Some((id, from)), Some(card)) if Some(id.as_str()) != current => {
            params.push(("card".to_string(), id));
            let (ch, ok) = card_changes_for_link(Some(&from), Some(card));
            carried &= ok;
            ch
        }
        (_, card) => {
            let (ch, ok) = card_changes_for_link(app.shipped_card.as_ref(), card);
            carried &= ok;
            ch
        }
    };
    if let Some(b) = &app.baseline {
        let pinned = &b.card;
        // The published card it is, else the one it differs least from (its own id first).
        let mut best: Option<(String, Vec<(String, String)>)> = None;
        for pc in &app.published.cards {
            let Some(c) = &pc.card else { continue };
            if let Some(ch) = changes(c, pinned) {
                let better = match &best {
                    None => true,
                    Some((_, prev)) => ch.len() < prev.len(),
                };
                if better {
                    best = Some((pc.entry.id.clone(), ch));
                }
            }
        }
        match best {
            Some((id, ch)) => {
                params.push(("base".to_string(), id));
                params.extend(ch.into_iter().map(|(p, v)| ("baseset".to_string(), format!("{p}={v}"))));
            }
            None => carried = false,
        }
    }
    (params, changes_now, carried)
}

/// The `baseset=` changes carried by a link, as (path, literal).
pub fn base_changes_in_query(query: &[(String, String)]) -> Vec<(String, String)> {
    let renamed: Vec<(String, String)> = query.iter().filter(|(k, _)| k == "baseset").map(|(_, v)| ("set".to_string(), v.clone())).collect();
    changes_in_query(&renamed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_round_trips_like_encode_uri_component() {
        assert_eq!(encode("bands[5].rate=12500"), "bands%5B5%5D.rate%3D12500");
        assert_eq!(encode("community.historic_weight.2026/27"), "community.historic_weight.2026%2F27");
        assert_eq!(encode("£ a-b_c.!~*'()"), "%C2%A3%20a-b_c.!~*'()");
        for s in ["bands[5].rate=12500", "£12,500", "a&b=c?d#e", "“quotes” and ü", ""] {
            assert_eq!(decode(&encode(s)), s);
        }
        // `+` is a space; a malformed escape is kept; bad UTF-8 does not fail.
        assert_eq!(decode("a+b"), "a b");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz%4"), "%zz%4");
        assert_eq!(decode("%FF"), "\u{FFFD}");
    }

    #[test]
    fn the_query_of_a_fragment_is_read_in_order() {
        let q = parse_query("#/follow-the-child?band=SA3&ehcp=yes&set=bands%5B5%5D.rate%3D12500&&current=");
        assert_eq!(
            q,
            vec![("band".into(), "SA3".into()), ("ehcp".into(), "yes".into()), ("set".into(), "bands[5].rate=12500".into()), ("current".into(), String::new())]
        );
        assert_eq!(query_value(&q, "band"), Some("SA3"));
        assert_eq!(changes_in_query(&q), vec![("bands[5].rate".into(), "12500".into())]);
        assert!(parse_query("#/school").is_empty());
    }

    #[test]
    fn a_fragment_carries_the_view_and_the_changes() {
        let f =
            fragment(Page::FollowTheChild, &[("band".into(), "SA3".into()), ("current".into(), String::new())], &[("protection.rate".into(), "0.75".into())]);
        assert_eq!(f, "#/follow-the-child?band=SA3&set=protection.rate%3D0.75");
        assert_eq!(changes_in_query(&parse_query(&f)), vec![("protection.rate".into(), "0.75".into())]);
        assert_eq!(fragment(Page::School, &[], &[]), "#/school");
    }

    fn shipped() -> RateCard {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../www/ratecards/kent-illustrative-2025.json")).unwrap();
        RateCard::from_json_str(&text).unwrap()
    }

    #[test]
    fn changes_apply_and_are_found_again() {
        let base = shipped();
        let card = apply(&base, &[("bands[5].rate".into(), "12500".into()), ("protection.rate".into(), "0.75".into())]).unwrap();
        assert_eq!(card.tariff_annual("SA3", sen_funding::engine::Setting::Special).map(|d| d.to_string()), Some("12500".into()));
        let mut found = changes(&base, &card).unwrap();
        found.sort();
        assert_eq!(found, vec![("bands[5].rate".to_string(), "12500".to_string()), ("protection.rate".to_string(), "0.75".to_string())]);
        // A change the engine refuses comes back with its path (R9).
        let errs = apply(&base, &[("protection.rate".into(), "1.5".into())]).unwrap_err();
        assert!(errs.iter().any(|e| e.to_string().starts_with("protection.rate")), "{errs:?}");
        let errs = apply(&base, &[("no.such.path".into(), "1".into())]).unwrap_err();
        assert!(!errs.is_empty());
    }

    /// R9: every declared parameter of the card, changed on its own to a valid value, survives
    /// a link whole: its `set=` change, percent-encoded in the fragment, decoded and applied,
    /// rebuilds exactly the changed card.
    #[test]
    fn every_declared_parameter_survives_a_link() {
        use rust_decimal::Decimal;
        use sen_funding::engine::params::{self, Kind, Val};
        let base = shipped();
        let mut carried = 0;
        for p in params::params(&base) {
            let new = match (p.kind(), p.get(&base)) {
                (Kind::Money | Kind::Multiplier, Some(Val::Num(d))) => Val::Num(d + Decimal::new(1, 2)),
                (Kind::OptionalMoney, Some(Val::Opt(Some(d)))) => Val::Opt(Some(d + Decimal::new(1234, 2))),
                (Kind::NullableFraction, Some(Val::Opt(Some(_)))) => Val::Opt(None),
                (Kind::NullableFraction, Some(Val::Opt(None))) => Val::Opt(Some(Decimal::new(2, 2))),
                (Kind::Fraction, Some(Val::Num(d))) if d < Decimal::ONE => Val::Num(d + Decimal::new(1, 6)),
                (Kind::Count, Some(Val::Count(n))) => Val::Count((n + 1) % 13),
                (Kind::Protection, _) => Val::Protection(sen_funding::engine::ratecard::ProtectionOption::C),
                (Kind::Settings, _) => Val::Settings(vec![sen_funding::engine::Setting::Special]),
                _ => continue,
            };
            let mut card = base.clone();
            p.set(&mut card, new.clone());
            // Only values that leave a valid card on their own (not one weight of a pair).
            if RateCard::from_value(&card.to_json()).is_err() {
                continue;
            }
            let ch = changes(&base, &card).expect("a change of value");
            assert_eq!(ch.len(), 1, "{}: {ch:?}", p.path);
            let f = fragment(Page::RateCard, &[], &ch);
            let back = changes_in_query(&parse_query(&f));
            assert_eq!(back, ch, "{}: {f}", p.path);
            let again = apply(&base, &back).unwrap_or_else(|e| panic!("{}: {e:?}", p.path));
            assert_eq!(p.get(&again), Some(new), "{}: {f}", p.path);
            assert_eq!(again, card, "{}", p.path);
            carried += 1;
        }
        assert!(carried >= 20, "only {carried} parameters carried");
    }

    #[test]
    fn a_link_carries_the_baseline_as_an_id_and_its_changes() {
        // R10.6/R10.7: `base=ID` and `baseset=PATH=VALUE`, read back in order.
        let f = fragment(
            Page::School,
            &[("base".into(), "kent-illustrative-2025-high".into()), ("baseset".into(), "protection.rate=0.6".into())],
            &[("bands[5].rate".into(), "12500".into())],
        );
        assert_eq!(f, "#/school?base=kent-illustrative-2025-high&baseset=protection.rate%3D0.6&set=bands%5B5%5D.rate%3D12500");
        let q = parse_query(&f);
        assert_eq!(query_value(&q, "base"), Some("kent-illustrative-2025-high"));
        assert_eq!(base_changes_in_query(&q), vec![("protection.rate".to_string(), "0.6".to_string())]);
        assert_eq!(changes_in_query(&q), vec![("bands[5].rate".to_string(), "12500".to_string())]);
        // The second published card is the first with changes that rebuild it exactly.
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../www/ratecards/kent-illustrative-2025-high.json")).unwrap();
        let high = RateCard::from_json_str(&text).unwrap();
        let ch = changes(&shipped(), &high).expect("same shape");
        assert!(ch.iter().any(|(p, v)| p == "protection.rate" && v == "0.75"), "{ch:?}");
        assert_eq!(apply(&shipped(), &ch).unwrap(), high);
    }
}
