//! What every fuzz target checks of one reader on any bytes (R10.5), shared by the
//! cargo-fuzz targets (`fuzz/fuzz_targets/`) and the smoke test that `cargo test` runs on the
//! committed corpus (`tests/fuzz_smoke.rs`). A failed check panics; a reader that panics fails.
#![allow(dead_code)]

use sen_funding::engine::csv_import::{read_communities, read_pupils, Import};
use sen_funding::engine::errors::{Errors, Path};
use sen_funding::engine::grid::{self, Sniffed};
use sen_funding::engine::register::{self, Imported, Options};
use sen_funding::engine::{calculate, result, workbook, RateCard, Scenario};
use sen_funding::wire;
use std::sync::OnceLock;

#[path = "../tests/common/stored_zip.rs"]
mod stored_zip;
use stored_zip::crc32;

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

fn imported_is_consistent<T>(imp: &Imported<T>) {
    errors_are_one_line(&imp.errors);
    for (row, _) in &imp.accepted {
        assert!(!imp.rejected_rows.contains(row), "row {row} both accepted and rejected");
    }
    if let Some(s) = imp.sheet {
        assert!(s < imp.sheets.len().max(1), "sheet {s} of {}", imp.sheets.len());
    }
}

/// The register import (R10.1a, R10.2) of a book: pupils with the shipped card and without,
/// and Communities.
fn import_book(book: &grid::Book) {
    imported_is_consistent(&register::import_pupils(book, &Options { card: Some(shipped()), ..Options::default() }));
    imported_is_consistent(&register::import_pupils(book, &Options::default()));
    imported_is_consistent(&register::import_communities(book, &Options::default()));
}

/// The workbook reader (R10.1a): the bytes of a file as the command line's `import` reads them
/// (`workbook::read_any`: a workbook by calamine, text as CSV) and as the spreadsheet module
/// does (`workbook::read_workbook`); a book that reads is imported as pupils and as
/// Communities, and so is the same book after crossing the wire codec to the web app
/// (`wire::from_book`, `encode`, `decode`, `to_book`), which must import the same. A refusal
/// is one line.
///
/// A zip's parts are checked against their CRC-32, so a mutation inside a part is refused
/// before any XML is parsed; to reach the XML readers, a zip input is read a second time with
/// the CRC-32 of every stored (uncompressed) part set to that of its bytes ([`fix_zip_crcs`]).
pub fn workbook(data: &[u8]) {
    read_bytes(data);
    if grid::sniff(data) == Sniffed::Zip {
        if let Some(fixed) = fix_zip_crcs(data) {
            read_bytes(&fixed);
        }
    }
}

fn read_bytes(data: &[u8]) {
    let book = match workbook::read_any(data) {
        Err(e) => {
            errors_are_one_line(&vec![e]);
            return;
        }
        Ok(b) => b,
    };
    import_book(&book);
    if grid::sniff(data) != Sniffed::Text {
        let direct = workbook::read_workbook(data).expect("read_any and read_workbook agree on a workbook");
        assert_eq!(direct, book, "read_any and read_workbook read the same workbook differently");
        // The spreadsheet module's path to the web app: the same import from the grid that
        // crossed the wire, where no separator character is in the cells.
        let crossed = wire::to_book(wire::decode(&wire::encode(&wire::from_book(&book))).expect("the wire decodes what it encodes"), book.source);
        import_book(&crossed);
        let clean = !format!("{book:?}").contains(['\u{1D}', '\u{1E}', '\u{1F}']);
        if clean {
            let a = register::import_pupils(&book, &Options { card: Some(shipped()), ..Options::default() });
            let b = register::import_pupils(&crossed, &Options { card: Some(shipped()), ..Options::default() });
            assert_eq!(a.errors, b.errors, "the app's import after the wire differs from the command line's");
            assert_eq!(a.accepted, b.accepted, "the app's import after the wire differs from the command line's");
        }
    }
}

/// A zip with the CRC-32 of every stored (method 0) entry set to that of its bytes, in its local
/// header and in the central directory; `None` when nothing changes or the zip is not laid out
/// plainly. Only for fuzzing: it lets a mutation inside a part's XML reach the XML readers.
pub fn fix_zip_crcs(data: &[u8]) -> Option<Vec<u8>> {
    let u16_at = |b: &[u8], i: usize| b.get(i..i + 2).map(|x| u16::from_le_bytes([x[0], x[1]]) as usize);
    let u32_at = |b: &[u8], i: usize| b.get(i..i + 4).map(|x| u32::from_le_bytes([x[0], x[1], x[2], x[3]]) as usize);
    let mut out = data.to_vec();
    let mut crcs: Vec<(usize, u32)> = Vec::new(); // local header offset, CRC
    let mut i = 0;
    while out.get(i..i + 4) == Some(&[0x50, 0x4B, 0x03, 0x04]) {
        let method = u16_at(&out, i + 8)?;
        let size = u32_at(&out, i + 18)?;
        let start = i + 30 + u16_at(&out, i + 26)? + u16_at(&out, i + 28)?;
        let body = out.get(start..start.checked_add(size)?)?;
        if method == 0 {
            let crc = crc32(body);
            out[i + 14..i + 18].copy_from_slice(&crc.to_le_bytes());
            crcs.push((i, crc));
        }
        i = start + size;
    }
    // The central directory: entries whose local header was fixed get the same CRC.
    while out.get(i..i + 4) == Some(&[0x50, 0x4B, 0x01, 0x02]) {
        let local = u32_at(&out, i + 42)?;
        if let Some((_, crc)) = crcs.iter().find(|(o, _)| *o == local) {
            out[i + 16..i + 20].copy_from_slice(&crc.to_le_bytes());
        }
        i += 46 + u16_at(&out, i + 28)? + u16_at(&out, i + 30)? + u16_at(&out, i + 32)?;
    }
    (out != data).then_some(out)
}
