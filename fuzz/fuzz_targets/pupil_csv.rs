//! The pupil CSV reader (R10.1, R10.5) on any bytes, with and without a rate card: never a
//! panic or a hang; every error is one line and on a line of the file (or the whole file);
//! every line is accepted or rejected, never both.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sen_funding::engine::{csv_import::read_pupils, RateCard};
use std::sync::OnceLock;

const SHIPPED: &str = include_str!("../../www/ratecards/kent-illustrative-2025.json");

fuzz_target!(|data: &[u8]| {
    static CARD: OnceLock<RateCard> = OnceLock::new();
    let card = CARD.get_or_init(|| RateCard::from_json_str(SHIPPED).expect("the shipped card reads"));
    for imp in [read_pupils(data, Some(card)), read_pupils(data, None)] {
        for e in &imp.errors {
            assert!(!e.to_string().contains('\n'), "an error over two lines: {e}");
        }
        for (line, _) in &imp.accepted {
            assert!(!imp.rejected_lines.contains(line), "line {line} both accepted and rejected");
        }
    }
});
