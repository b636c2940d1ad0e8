//! The rate card reader (R9, R10.5) on any bytes: never a panic or a hang; every error is one
//! line; a card that reads is written back (`to_json`) to the same card.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sen_funding::engine::RateCard;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match RateCard::from_json_str(text) {
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in &errors {
                assert!(!e.to_string().contains('\n'), "an error over two lines: {e}");
            }
        }
        Ok(card) => {
            let again = RateCard::from_value(&card.to_json()).expect("a card written back reads again");
            assert_eq!(again, card, "the card written back reads as another");
        }
    }
});
