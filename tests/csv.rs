//! R10.1 and R10.2: the CSV readers on files made the way spreadsheets make them — UTF-8 with a
//! BOM (Excel "CSV UTF-8"), Windows-1252 with £ as byte 0xA3 (Excel "CSV" on Windows), UK
//! dates, thousands separators, blank lines, CRLF, headers in other case and order.

use rust_decimal::Decimal;
use sen_funding::engine::csv_import::{self, Encoding};
use sen_funding::engine::periods::Date;
use sen_funding::engine::ratecard::{ProtectionOption, Setting};
use sen_funding::engine::scenario::YearGroup;
use sen_funding::engine::RateCard;

const SHIPPED: &str = include_str!("../www/ratecards/kent-illustrative-2025.json");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn check_good(name: &str, enc: Encoding) {
    let card = RateCard::from_json_str(SHIPPED).unwrap();
    let bytes = fixture(name);
    let imp = csv_import::read_pupils(&bytes, Some(&card));
    assert_eq!(imp.encoding, enc, "{name}");
    assert!(imp.errors.is_empty(), "{name}: {:?}", imp.errors);
    let p: Vec<_> = imp.accepted.iter().map(|(_, p)| p).collect();
    assert_eq!(p.len(), 5, "{name}: blank lines skipped, every pupil read");
    assert_eq!((p[0].id.as_str(), p[0].setting, p[0].band.as_str(), p[0].ehcp), ("P001", Setting::Mainstream, "SA3", true));
    assert_eq!(p[0].current_e3, d("12500"));
    assert_eq!(p[0].year_group, Some(YearGroup::Y(5)));
    assert_eq!(p[1].band, "S", "band codes are matched case-insensitively to the card's");
    assert_eq!(p[1].current_e3, d("750"));
    assert_eq!(p[1].end, Date::new(2026, 3, 31));
    assert_eq!(p[1].year_group, Some(YearGroup::R));
    assert_eq!((p[2].setting, p[2].start, p[2].end), (Setting::Srp, Date::new(2026, 4, 15), Date::new(2026, 9, 30)));
    assert_eq!(p[3].current_e3, d("4000.50"));
    assert_eq!(p[4].year_group, Some(YearGroup::N2));
    assert!(!p[4].ehcp);
}

#[test]
fn r10_1_utf8_with_bom_uk_dates_and_thousands() {
    check_good("pupils-utf8-bom.csv", Encoding::Utf8Bom);
}

#[test]
fn r10_1_windows_1252_with_pound_as_a3() {
    let bytes = fixture("pupils-windows-1252.csv");
    assert!(bytes.contains(&0xA3) && std::str::from_utf8(&bytes).is_err(), "the fixture really is Windows-1252");
    check_good("pupils-windows-1252.csv", Encoding::Windows1252);
}

#[test]
fn r10_1_headers_in_other_case_and_order_with_extra_columns() {
    check_good("pupils-reordered.csv", Encoding::Utf8);
}

#[test]
fn r10_1_every_faulty_row_is_reported_with_its_line() {
    let card = RateCard::from_json_str(SHIPPED).unwrap();
    let imp = csv_import::read_pupils(&fixture("pupils-bad-windows-1252.csv"), Some(&card));
    let errs: Vec<String> = imp.errors.iter().map(|e| e.to_string()).collect();
    let want = [
        "line 3: setting: must be mainstream, srp or special (got \"academy\")",
        "line 3: band: unknown band \"SA9\" (known: U, S, W, SA1, SA2, SA3, SA4, SA5)",
        "line 3: ehcp: must be yes or no (also y/n, true/false, 1/0) (got \"maybe\")",
        "line 3: current_e3: must be an amount in pounds from 0 to 1,000,000,000 with at most two decimals, e.g. 6000 or 6000.50 (got \"£10.005\")",
        "line 3: year_group: must be N1, N2, R or a year from 1 to 14 (got \"15\")",
        "line 3: start: 31/02/2026 is not a real date (day/month/year)",
        "line 4: current_e3: is missing: enter the pupil's current annual top-up, or 0 if none",
        "line 5: id: \"B001\" is already used on line 2: pupil ids must be unique within a school",
        "line 5: end: 2026-08-31 is before the start date 2026-09-01: a pupil is on roll from start to end",
    ];
    for w in want {
        assert!(errs.iter().any(|e| e == w), "missing {w}\n in {errs:#?}");
    }
    // "£1,000" unquoted splits into two cells: "£1" is money and "000" is not a year group.
    assert!(errs.iter().any(|e| e.starts_with("line 6: year_group:")), "{errs:#?}");
    assert_eq!(imp.accepted.len(), 1);
    assert_eq!(imp.accepted[0].0, 2);
    assert_eq!(imp.rejected_lines, vec![3, 4, 5, 6]);
}

#[test]
fn r10_1_missing_columns_are_named() {
    let imp = csv_import::read_pupils(b"ID;Setting;Band\r\nP1;mainstream;S\r\n", None);
    assert_eq!(imp.errors.len(), 1);
    // R10.1a: the header is searched for; the message says which fields have no column, where
    // the nearest thing to a header is, and which headings are recognised. `setting` is not
    // required (without it every pupil is in the school's first setting).
    let msg = imp.errors[0].to_string();
    assert!(msg.starts_with("No header row found: none of the first 100 lines has a column for each of id, band, ehcp and current_e3."), "{msg}");
    assert!(
        msg.contains(
            "The row that looks most like one is line 1 (id = \"ID\", setting = \"Setting\", band = \"Band\"), which has no column for ehcp and current_e3."
        ),
        "{msg}"
    );
    assert!(msg.contains("\"sen status\"") && msg.contains("\"top-up\""), "{msg}");
    let empty = csv_import::read_pupils(b"", None);
    assert_eq!(empty.errors[0].to_string(), "the file is empty: expected a header row and one row per record");
}

#[test]
fn r10_2_community_csv_from_a_spreadsheet() {
    let imp = csv_import::read_communities(&fixture("communities-windows-1252.csv"));
    assert!(imp.errors.is_empty(), "{:?}", imp.errors);
    assert_eq!(imp.encoding, Encoding::Windows1252);
    let c: Vec<_> = imp.accepted.iter().map(|(_, c)| c).collect();
    assert_eq!(c.len(), 3);
    assert_eq!(c[0].id, "C01");
    assert_eq!(c[0].indicators.pupils, 12000);
    assert_eq!(c[0].indicators.idaci, [300, 400, 500, 600, 700, 800]);
    assert_eq!((c[0].indicators.lac, c[0].indicators.lpa), (40, 900));
    assert_eq!(c[0].historic, d("1250000"));
    assert_eq!(c[0].protection, Some(ProtectionOption::B));
    assert_eq!(c[0].protection_rate, Some(d("0.75")));
    assert_eq!((c[1].protection, c[1].protection_rate), (None, None));
    assert_eq!(c[2].protection, Some(ProtectionOption::D));
}
