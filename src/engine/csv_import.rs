//! The spreadsheet exchange formats as text: the pupil CSV (R10.1, with a school's own headings
//! and values, R10.1a) and the Community CSV (R10.2). Text may be UTF-8 with or without a BOM,
//! Windows-1252 (Excel's "CSV" on Windows, where £ is byte 0xA3) or UTF-16 (Excel's "Unicode
//! text", tab-separated). The rows go through the same pipeline as workbooks
//! ([`super::grid`] → [`super::register`]): header search, recognised headings, names never
//! read. Every faulty row is reported with its line number; nothing is dropped silently.

use super::errors::{Errors, InputError};
use super::grid::{self, Book};
use super::ratecard::RateCard;
use super::register::{self, Imported, Options};
use super::scenario::{Community, Pupil};

/// Windows-1252's characters for bytes 0x80–0x9F (the rest of the upper half is Latin-1).
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š',
    '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// Which encoding a file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Windows1252,
    /// Excel's "Unicode text": UTF-16 little-endian (with its BOM), tab-separated.
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Windows1252 => "Windows-1252",
            Encoding::Utf16Le => "UTF-16 (Unicode text)",
            Encoding::Utf16Be => "UTF-16 big-endian",
        }
    }
}

/// Bytes to text: UTF-16 when the bytes start with its BOM (Excel's "Unicode text"), or look
/// like UTF-16 without one; UTF-8 (a BOM is dropped) when the bytes are valid UTF-8; else
/// Windows-1252.
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return (utf16(rest, u16::from_le_bytes), Encoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return (utf16(rest, u16::from_be_bytes), Encoding::Utf16Be);
    }
    // UTF-16 without a BOM: ASCII text with every other byte zero.
    let head = &bytes[..bytes.len().min(200) & !1];
    if head.len() >= 4 {
        let zeros_odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
        let zeros_even = head.iter().step_by(2).filter(|&&b| b == 0).count();
        if zeros_odd * 10 >= head.len() / 2 * 9 && zeros_even == 0 {
            return (utf16(bytes, u16::from_le_bytes), Encoding::Utf16Le);
        }
        if zeros_even * 10 >= head.len() / 2 * 9 && zeros_odd == 0 {
            return (utf16(bytes, u16::from_be_bytes), Encoding::Utf16Be);
        }
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        if let Ok(s) = std::str::from_utf8(rest) {
            return (s.to_string(), Encoding::Utf8Bom);
        }
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), Encoding::Utf8);
    }
    let s = bytes.iter().map(|&b| if (0x80..0xA0).contains(&b) { CP1252_HIGH[(b - 0x80) as usize] } else { b as char }).collect();
    (s, Encoding::Windows1252)
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')).collect()
}

/// A table read from CSV text: the header (lower-cased, trimmed) and each non-blank record with
/// its line number in the file.
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    pub fn from_csv(text: &str) -> Result<Table, InputError> {
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        // The csv crate's own line count misses CRLF and blank lines: count from byte offsets,
        // as a text editor numbers lines (CRLF, LF or a lone CR each end a line).
        let breaks = line_breaks(text.as_bytes());
        // A record's reported offset can fall inside the line breaks before it: skip them.
        let bytes = text.as_bytes();
        let line_at = |byte: u64| {
            let mut b = byte as usize;
            while b < bytes.len() && (bytes[b] == b'\r' || bytes[b] == b'\n') {
                b += 1;
            }
            1 + breaks.partition_point(|&x| x < b)
        };
        let mut header: Option<Vec<String>> = None;
        let mut rows = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| {
                let line = e.position().map(|p| line_at(p.byte())).unwrap_or(0);
                InputError::new(format!("line {line}"), format!("cannot be read as CSV: {e}"))
            })?;
            let line = rec.position().map(|p| line_at(p.byte())).unwrap_or(0);
            let cells: Vec<String> = rec.iter().map(|c| c.trim().to_string()).collect();
            if cells.iter().all(|c| c.is_empty()) {
                continue;
            }
            match header {
                None => header = Some(cells.iter().map(|c| normalise_header(c)).collect()),
                Some(_) => rows.push((line, cells)),
            }
        }
        let header = header.ok_or_else(|| InputError::new("", "the file is empty: expected a header row and one row per record"))?;
        Ok(Table { header, rows })
    }
}

use grid::line_breaks;

/// `Current E3` → `current_e3`; `IDACI A` → `idaci_a`; `Year group` → `year_group`.
fn normalise_header(h: &str) -> String {
    let h = h.trim_start_matches('\u{feff}').trim().to_lowercase();
    let mut out = String::new();
    for c in h.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

/// R10.1 `ehcp`: yes/no, y/n, true/false, 1/0.
pub fn parse_yes_no(s: &str) -> Result<bool, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => Ok(true),
        "no" | "n" | "false" | "0" => Ok(false),
        _ => Err(format!("must be yes or no (also y/n, true/false, 1/0) (got \"{}\")", s.trim())),
    }
}

/// The outcome of reading a CSV: the records accepted and every fault (file-level or by line).
#[derive(Debug, Clone, PartialEq)]
pub struct Import<T> {
    pub encoding: Encoding,
    /// Each accepted record with its line number in the file.
    pub accepted: Vec<(usize, T)>,
    pub errors: Errors,
    /// Lines with at least one fault.
    pub rejected_lines: Vec<usize>,
}

/// R10.1 / R10.1a: the pupil CSV, read through the register pipeline
/// ([`super::register::import_pupils`]): header among the first 100 lines, a school's own
/// headings and values. `card`, when given, checks band codes (and names) against the rate card.
/// Without a setting column every pupil is mainstream. A workbook is refused, never read as text.
pub fn read_pupils(bytes: &[u8], card: Option<&RateCard>) -> Import<Pupil> {
    let opts = Options { card, ..Options::default() };
    via_grid(bytes, |book| register::import_pupils(book, &opts))
}

/// R10.2: the Community CSV, read through the same pipeline.
pub fn read_communities(bytes: &[u8]) -> Import<Community> {
    via_grid(bytes, |book| register::import_communities(book, &Options::default()))
}

fn via_grid<T>(bytes: &[u8], read: impl FnOnce(&Book) -> Imported<T>) -> Import<T> {
    let encoding = if grid::sniff(bytes) == grid::Sniffed::Text { decode(&bytes[..bytes.len().min(4096)]).1 } else { Encoding::Utf8 };
    match grid::csv_book(bytes) {
        Err(e) => Import { encoding, accepted: Vec::new(), errors: vec![e], rejected_lines: Vec::new() },
        Ok(book) => {
            let encoding = match book.source {
                grid::Source::Csv(e) => e,
                _ => encoding,
            };
            let imp = read(&book);
            Import { encoding, accepted: imp.accepted, errors: imp.errors, rejected_lines: imp.rejected_rows }
        }
    }
}
