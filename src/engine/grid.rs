//! A spreadsheet as a grid of cells: the one form in which every register reaches the import
//! (R10.1a). CSV text (R10.1: UTF-8 with or without BOM, Windows-1252, and Excel's "Unicode
//! text", UTF-16 and tab-separated) and workbooks ([`super::workbook`]: .xlsx, .xls, .ods)
//! both become a [`Book`] of [`Sheet`]s, so that they are read alike by [`super::register`].
//!
//! Bytes in, grid out: no I/O here. A file's kind is sniffed from its bytes ([`sniff`]), never
//! from its name, and a workbook is never read as text.
//!
//! **Numbers** in workbook cells are binary floating point (what the file stores). They are
//! never used as floats: a number becomes the exact decimal Excel shows for it at full
//! precision, i.e. rounded to 15 significant digits ([`number_from_f64`]), so that a top-up
//! computed by a formula as 12499.999999999998 is £12,500 and 10.005 stays 10.005 (and is then
//! refused as money with more than two decimals).

use super::csv_import::{decode, Encoding};
use super::errors::InputError;
use rust_decimal::Decimal;

/// The largest file the import reads: registers are a few MB (50,000 pupils as .xlsx are about
/// 3 MB); anything much bigger is the wrong file, and is refused before it is read.
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;

/// One cell, as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A number cell (also currency- and percent-formatted), as an exact decimal.
    Number(Decimal),
    Bool(bool),
    /// A date cell, as ISO `2025-09-01` (with `T10:30:00` when it has a time of day).
    Date(String),
    /// A spreadsheet error value such as `#N/A` or `#REF!`.
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as a person reads it: text trimmed, numbers as plain decimals, dates ISO.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(d) => d.normalize().to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Date(d) | Cell::Error(d) => d.clone(),
        }
    }
}

/// One non-blank row, with its number as the user sees it: the line in a CSV file, the row in
/// a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<Cell>,
}

/// One sheet. A CSV file is one sheet with no name.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Row>,
}

/// What kind of file a book came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Csv(Encoding),
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    /// Cells pasted from a spreadsheet (tab-separated text) or typed into a table.
    Cells,
}

impl Source {
    pub fn is_csv(self) -> bool {
        matches!(self, Source::Csv(_))
    }
    /// "CSV, Windows-1252", "Excel workbook (.xlsx)".
    pub fn label(self) -> String {
        match self {
            Source::Csv(e) => format!("CSV, {}", e.label()),
            Source::Xlsx => "Excel workbook (.xlsx)".into(),
            Source::Xlsb => "Excel binary workbook (.xlsb)".into(),
            Source::Xls => "Excel 97–2003 workbook (.xls)".into(),
            Source::Ods => "OpenDocument spreadsheet (.ods)".into(),
            Source::Cells => "pasted cells".into(),
        }
    }
}

/// A whole file as cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Book {
    pub source: Source,
    pub sheets: Vec<Sheet>,
}

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// A zip archive: .xlsx, .xlsb or .ods.
    Zip,
    /// An OLE2 compound file: .xls, or an Office file protected by a password.
    Ole2,
    /// Anything else: text (CSV, tab-separated, "Unicode text").
    Text,
}

const ZIP_MAGIC: [u8; 4] = [0x50, 0x4B, 0x03, 0x04];
const ZIP_EMPTY: [u8; 4] = [0x50, 0x4B, 0x05, 0x06];
const OLE2_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

pub fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.starts_with(&ZIP_MAGIC) || bytes.starts_with(&ZIP_EMPTY) {
        Sniffed::Zip
    } else if bytes.starts_with(&OLE2_MAGIC) {
        Sniffed::Ole2
    } else {
        Sniffed::Text
    }
}

/// The refusal of a file over [`MAX_FILE_BYTES`].
pub fn too_big(len: usize) -> InputError {
    InputError::new(
        "",
        format!(
            "The file is {:.1} MB, and the calculator reads files of up to {} MB (a register of 50,000 pupils is about 3 MB). \
             Check that this is the right file, or save just the sheet with the pupils in a new file.",
            len as f64 / 1_048_576.0,
            MAX_FILE_BYTES / 1_048_576
        ),
    )
}

/// A CSV (or tab-separated) file as a one-sheet book. A workbook is refused, never read as
/// text.
pub fn csv_book(bytes: &[u8]) -> Result<Book, InputError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_big(bytes.len()));
    }
    match sniff(bytes) {
        Sniffed::Zip => {
            return Err(InputError::new(
                "",
                "This file is a workbook (.xlsx or .ods), not CSV text: open it as a spreadsheet, or save it from Excel as \"CSV UTF-8\".",
            ))
        }
        Sniffed::Ole2 => {
            return Err(InputError::new(
                "",
                "This file is an Excel workbook (.xls, or a file protected by a password), not CSV text: open it as a spreadsheet, or save it from Excel as \"CSV UTF-8\".",
            ))
        }
        Sniffed::Text => {}
    }
    let (text, encoding) = decode(bytes);
    let sheet = csv_sheet(&text)?;
    if sheet.rows.is_empty() {
        return Err(InputError::new("", "the file is empty: expected a header row and one row per record"));
    }
    Ok(Book { source: Source::Csv(encoding), sheets: vec![sheet] })
}

/// A block of cells copied in Excel or LibreOffice and pasted (tab-separated text, with or
/// without its header row) as a one-sheet book; rows are numbered from 1 as pasted.
pub fn pasted_book(text: &str) -> Result<Book, InputError> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(b'\t').from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut rec = csv::StringRecord::new();
    let mut number = 0;
    loop {
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => number += 1,
            Err(e) => return Err(InputError::new(format!("row {}", number + 1), format!("cannot be read as pasted cells: {e}"))),
        }
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cells = rec.iter().map(|c| if c.trim().is_empty() { Cell::Empty } else { Cell::Text(c.trim().to_string()) }).collect();
        rows.push(Row { number, cells });
    }
    Ok(Book { source: Source::Cells, sheets: vec![Sheet { name: String::new(), rows }] })
}

/// The separator of a text file: whichever of comma, tab (Excel's "Unicode text" and "Text
/// (Tab delimited)") and semicolon (Excel's "CSV" where the decimal mark is a comma) the first
/// lines hold most of; a comma when they tie.
fn delimiter(text: &str) -> u8 {
    let (mut commas, mut tabs, mut semis) = (0usize, 0usize, 0usize);
    for b in text.lines().take(50).flat_map(|l| l.bytes()) {
        match b {
            b',' => commas += 1,
            b'\t' => tabs += 1,
            b';' => semis += 1,
            _ => {}
        }
    }
    if tabs > commas && tabs >= semis {
        b'\t'
    } else if semis > commas && semis > tabs {
        b';'
    } else {
        b','
    }
}

/// CSV text as one sheet; each non-blank record keeps the line number a text editor shows.
pub fn csv_sheet(text: &str) -> Result<Sheet, InputError> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter(text)).from_reader(text.as_bytes());
    let bytes = text.as_bytes();
    let breaks = line_breaks(bytes);
    let line_at = |byte: u64| {
        let mut b = byte as usize;
        while b < bytes.len() && (bytes[b] == b'\r' || bytes[b] == b'\n') {
            b += 1;
        }
        1 + breaks.partition_point(|&x| x < b)
    };
    let mut rows = Vec::new();
    let mut rec = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| line_at(p.byte())).unwrap_or(0);
                return Err(InputError::new(format!("line {line}"), format!("cannot be read as CSV: {e}")));
            }
        }
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let number = rec.position().map(|p| line_at(p.byte())).unwrap_or(0);
        let cells = rec
            .iter()
            .map(|c| {
                let c = c.trim().trim_start_matches('\u{feff}');
                if c.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(c.to_string())
                }
            })
            .collect();
        rows.push(Row { number, cells });
    }
    Ok(Sheet { name: String::new(), rows })
}

/// The byte offsets at which lines end (the last byte of each break).
pub(crate) fn line_breaks(b: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, &c) in b.iter().enumerate() {
        if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            out.push(i);
        }
    }
    out
}

/// A workbook number as the exact decimal Excel shows at full precision: rounded to 15
/// significant digits, trailing zeros dropped. `None` for a number no decimal holds (beyond
/// ±7.9 × 10²⁸, or not finite); the caller keeps its text.
pub fn number_from_f64(f: f64) -> Option<Decimal> {
    if !f.is_finite() {
        return None;
    }
    if f == 0.0 {
        return Some(Decimal::ZERO);
    }
    // Fast paths, giving what the rounding below gives: whole numbers, and numbers within a
    // hundredth of the 15th significant digit's half-unit of a whole number of pence (the
    // rounding to 15 digits then lands on those pence exactly, as pence lie on the grid of 15
    // significant digits below 10¹²).
    if f.abs() < 1e12 {
        if f.fract() == 0.0 {
            return Some(Decimal::from(f as i64));
        }
        let pence = (f * 100.0).round();
        let exp = f.abs().log10().floor() as i32;
        let half_unit = 0.5 * 10f64.powi(exp - 14);
        if (f - pence / 100.0).abs() < half_unit / 100.0 {
            return Some(Decimal::new(pence as i64, 2).normalize());
        }
    }
    by_rounding(f)
}

/// [`number_from_f64`] the slow way: the float rounded (correctly) to 15 significant digits by
/// `{:.14e}`, read as a decimal.
fn by_rounding(f: f64) -> Option<Decimal> {
    let s = format!("{f:.14e}");
    let (mantissa, exp) = s.split_once('e')?;
    let exp: i32 = exp.parse().ok()?;
    if exp > 28 {
        return None;
    }
    if exp < -20 {
        // Far below a penny: keep it visibly non-zero but tiny.
        return Decimal::from_scientific(&format!("{mantissa}e-20")).ok().map(|d| if f < 0.0 { -d.abs() } else { d });
    }
    Decimal::from_scientific(&s).ok().map(|d| d.normalize())
}

/// An Excel serial day number (1900 date system) as a calendar date `(y, m, d)`. Serial 60 is
/// Excel's fictitious 29 February 1900; serials from 61 on are real days.
pub fn excel_serial_date(serial: i64) -> Option<(i32, u32, u32)> {
    if !(61..=2_958_465).contains(&serial) {
        return None;
    }
    // Days since 1899-12-30 → civil date (Howard Hinnant's algorithm, days from 1970-01-01).
    let z = serial - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = if m <= 2 { y + 1 } else { y };
    Some((y as i32, m, d))
}

/// A column's letters as a spreadsheet shows them: 0 → A, 25 → Z, 26 → AA.
pub fn column_letters(mut c: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_excel_shows_them() {
        let n = |f: f64| number_from_f64(f).map(|d| d.to_string());
        assert_eq!(n(12499.999999999998).as_deref(), Some("12500"));
        assert_eq!(n(0.1 + 0.2).as_deref(), Some("0.3"));
        assert_eq!(n(10.005).as_deref(), Some("10.005"));
        assert_eq!(n(4000.5).as_deref(), Some("4000.5"));
        assert_eq!(n(1234567.89).as_deref(), Some("1234567.89"));
        assert_eq!(n(-7.0).as_deref(), Some("-7"));
        assert_eq!(n(0.75).as_deref(), Some("0.75"));
        assert_eq!(n(1e30), None);
        assert_eq!(n(7.25).as_deref(), Some("7.25"));
        assert_eq!(n(0.07).as_deref(), Some("0.07"));
        assert_eq!(n(123456789.01).as_deref(), Some("123456789.01"));
        assert_eq!(n(999999999999.99).as_deref(), Some("999999999999.99"));
        assert_eq!(n(0.123456789).as_deref(), Some("0.123456789"));
        assert_eq!(n(1.0 / 3.0).as_deref(), Some("0.333333333333333"));
        assert_eq!(n(2.0 / 3.0 * 100.0).as_deref(), Some("66.6666666666667"));
        assert_eq!(n(-0.1 - 0.2).as_deref(), Some("-0.3"));
        assert_eq!(n(f64::NAN), None);
    }

    /// The fast paths give what the rounding to 15 significant digits gives.
    #[test]
    fn fast_paths_agree_with_rounding() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..200_000 {
            let r = next();
            let pence = (r % 100_000_000_000_000) as f64;
            let scale = [1.0, 10.0, 100.0, 1000.0][(r >> 60) as usize % 4];
            let mut f = pence / 100.0 / scale;
            // A few units in the last place of noise, as a formula leaves.
            let ulps = (next() % 9) as i64 - 4;
            f = f64::from_bits((f.to_bits() as i64 + ulps).max(0) as u64);
            if next() % 2 == 0 {
                f = -f;
            }
            let g = f64::from_bits(next() >> 2);
            for v in [f, g, f * 1.000_000_1] {
                if v.is_finite() && v != 0.0 && v.abs() > 1e-15 {
                    assert_eq!(number_from_f64(v), by_rounding(v), "{v:e}");
                }
            }
        }
    }

    #[test]
    fn excel_serials() {
        assert_eq!(excel_serial_date(45901), Some((2025, 9, 1)));
        assert_eq!(excel_serial_date(61), Some((1900, 3, 1)));
        assert_eq!(excel_serial_date(36526), Some((2000, 1, 1)));
        assert_eq!(excel_serial_date(60), None);
    }

    #[test]
    fn letters() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}
