//! What every fuzz target checks of one reader on any bytes (issue 11, R10.5), shared by the
//! cargo-fuzz targets (`fuzz/fuzz_targets/`) and the smoke test that `cargo test` runs on the
//! committed corpus (`tests/fuzz_smoke.rs`). A failed check panics; a reader that panics fails.
#![allow(dead_code)]

use sen_funding::engine::csv_import::{read_communities, read_pupils, Import};
use sen_funding::engine::errors::{Errors, Path};
use sen_funding::engine::{calculate, result, RateCard, Scenario};
use std::sync::OnceLock;

pub const SHIPPED: &str = include_str!("../www/ratecards/kent-illustrative-2025.json");

fn shipped() -> &'static RateCard {
    static CARD: OnceLock<RateCard> = OnceLock::new();
    CARD.get_or_init(|| RateCard::from_json_str(SHIPPED).expect("the shipped card reads"))
}

/// Every error is one line, and its path's text reads back to the same path.
fn errors_are_one_line(errors: &Errors) {
    for e in errors {
        let line = e.to_string();
        assert!(!line.contains('\n') && !line.contains('\r'), "an error over two lines: {line:?}");
        assert_eq!(Path::parse(e.path.as_str()).to_string(), e.path.to_string(), "a path that does not read back");
    }
}

/// The scenario reader (R10.3): a scenario that reads is calculated, and written back it reads
/// as the same scenario. A `rate_card_path` ending in the shipped card's name resolves to it.
pub fn scenario_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut resolve = |p: &str| if p.ends_with("kent-illustrative-2025.json") { Ok(SHIPPED.to_string()) } else { Err("no such file".to_string()) };
    match Scenario::from_json_str(text, &mut resolve) {
        Err(errors) => {
            assert!(!errors.is_empty(), "refused with no error");
            errors_are_one_line(&errors);
        }
        Ok(s) => {
            let out = calculate(&s);
            let _ = result::to_json(&s, &out);
            let again = Scenario::from_value(&s.to_json(), &mut resolve).expect("a scenario written back reads again");
            assert_eq!(again, s, "the scenario written back reads as another");
        }
    }
}

/// The rate card reader (R9): a card that reads is written back to the same card.
pub fn rate_card(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match RateCard::from_json_str(text) {
        Err(errors) => {
            assert!(!errors.is_empty(), "refused with no error");
            errors_are_one_line(&errors);
        }
        Ok(card) => {
            let again = RateCard::from_value(&card.to_json()).expect("a card written back reads again");
            assert_eq!(again, card, "the card written back reads as another");
        }
    }
}

fn import_is_consistent<T>(imp: &Import<T>) {
    errors_are_one_line(&imp.errors);
    for (line, _) in &imp.accepted {
        assert!(!imp.rejected_lines.contains(line), "line {line} both accepted and rejected");
    }
    for e in &imp.errors {
        // Each error is about the whole file or one line of it.
        if let Some(n) = e.path.line_number() {
            assert!(n >= 1, "line 0 in {e}");
        }
    }
}

/// The pupil CSV reader (R10.1), with the shipped card and without one.
pub fn pupil_csv(data: &[u8]) {
    import_is_consistent(&read_pupils(data, Some(shipped())));
    import_is_consistent(&read_pupils(data, None));
}

/// The Community CSV reader (R10.2).
pub fn community_csv(data: &[u8]) {
    import_is_consistent(&read_communities(data));
}
