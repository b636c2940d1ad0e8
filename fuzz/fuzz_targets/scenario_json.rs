//! The scenario reader (R10.3, R10.5) on any bytes: never a panic or a hang; every error is one
//! line whose path reads back to itself; a scenario that reads is calculated and written back
//! to the same scenario.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sen_funding::engine::{calculate, errors::Path, result, Scenario};

const SHIPPED: &str = include_str!("../../www/ratecards/kent-illustrative-2025.json");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // A `rate_card_path` naming the shipped card resolves to it; any other path is unreadable.
    let mut resolve = |p: &str| if p.ends_with("kent-illustrative-2025.json") { Ok(SHIPPED.to_string()) } else { Err("no such file".to_string()) };
    match Scenario::from_json_str(text, &mut resolve) {
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in &errors {
                let line = e.to_string();
                assert!(!line.contains('\n'), "an error over two lines: {line:?}");
                assert_eq!(Path::parse(e.path.as_str()).to_string(), e.path.to_string());
            }
        }
        Ok(s) => {
            let out = calculate(&s);
            let _ = result::to_json(&s, &out);
            let again = Scenario::from_value(&s.to_json(), &mut resolve).expect("a scenario written back reads again");
            assert_eq!(again, s, "the scenario written back reads as another");
        }
    }
});
