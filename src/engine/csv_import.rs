//! The spreadsheet exchange formats: the pupil CSV (R10.1) and the Community CSV (R10.2).
//! Header names are case-insensitive and in any order, extra columns are ignored, blank lines
//! are skipped; text may be UTF-8 with or without a BOM, or Windows-1252 (Excel's "CSV" on
//! Windows, where £ is byte 0xA3). Every faulty row is reported with its line number; nothing
//! is dropped silently.

use super::errors::{Errors, InputError, Path};
use super::money::{parse_count, parse_fraction, parse_money_lenient};
use super::periods::Date;
use super::ratecard::{ProtectionOption, RateCard, Setting, IDACI_BANDS};
use super::scenario::{check_pupil_dates, check_pupil_id, unknown_band, Community, Indicators, Pupil, YearGroup};
use rust_decimal::Decimal;
use std::collections::HashMap;

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
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

/// Bytes to text: UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, else Windows-1252.
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
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
                InputError::new(Path::line(line), format!("cannot be read as CSV: {e}"))
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
        let header = header.ok_or_else(|| InputError::new(Path::root(), "the file is empty: expected a header row and one row per record"))?;
        Ok(Table { header, rows })
    }

    /// The column of each wanted name; missing required ones are one error naming them all.
    fn columns(&self, required: &[&str], optional: &[&str]) -> Result<HashMap<String, usize>, InputError> {
        let mut cols = HashMap::new();
        for name in required.iter().chain(optional) {
            if let Some(i) = self.header.iter().position(|h| h == name) {
                cols.insert(name.to_string(), i);
            }
        }
        let missing: Vec<&str> = required.iter().filter(|n| !cols.contains_key(**n)).copied().collect();
        if !missing.is_empty() {
            return Err(InputError::new(
                Path::line(1),
                format!(
                    "the header row has no {} column{} (found: {}; needed: {})",
                    missing.join(", "),
                    if missing.len() == 1 { "" } else { "s" },
                    self.header.iter().filter(|h| !h.is_empty()).cloned().collect::<Vec<_>>().join(", "),
                    required.join(", ")
                ),
            ));
        }
        Ok(cols)
    }
}

/// The byte offsets at which lines end (the last byte of each break).
fn line_breaks(b: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, &c) in b.iter().enumerate() {
        if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            out.push(i);
        }
    }
    out
}

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

fn cell<'a>(row: &'a [String], cols: &HashMap<String, usize>, name: &str) -> &'a str {
    cols.get(name).and_then(|&i| row.get(i)).map(|s| s.as_str()).unwrap_or("")
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

/// Decodes the bytes, reads the table and finds the columns; a file-level fault comes back as
/// an import with that one error.
#[allow(clippy::type_complexity)]
fn open<T>(bytes: &[u8], required: &[&str], optional: &[&str]) -> Result<(Import<T>, Table, HashMap<String, usize>), Import<T>> {
    let (text, encoding) = decode(bytes);
    let mut imp = Import { encoding, accepted: Vec::new(), errors: Vec::new(), rejected_lines: Vec::new() };
    let table = match Table::from_csv(&text) {
        Ok(t) => t,
        Err(e) => {
            imp.errors.push(e);
            return Err(imp);
        }
    };
    match table.columns(required, optional) {
        Ok(cols) => Ok((imp, table, cols)),
        Err(e) => {
            imp.errors.push(e);
            Err(imp)
        }
    }
}

/// R10.1: the pupil CSV. `card`, when given, checks band codes against the rate card.
pub fn read_pupils(bytes: &[u8], card: Option<&RateCard>) -> Import<Pupil> {
    let (mut imp, table, cols) = match open(bytes, &["id", "setting", "band", "ehcp", "current_e3"], &["year_group", "start", "end"]) {
        Ok(t) => t,
        Err(imp) => return imp,
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (line, row) in &table.rows {
        let mut errs = Errors::new();
        let at = |field: &str| Path::line(*line).key(field);
        let get = |n: &str| cell(row, &cols, n);
        let id = check_pupil_id(get("id")).map_err(|e| errs.push(InputError::new(at("id"), e))).ok();
        if let Some(id) = &id {
            if let Some(first) = seen.get(id) {
                errs.push(InputError::new(at("id"), format!("\"{id}\" is already used on line {first}: pupil ids must be unique within a school")));
            } else {
                // Every line with an id counts, even one with other faults (R10.5).
                seen.insert(id.clone(), *line);
            }
        }
        let setting = match Setting::parse(get("setting")) {
            Some(s) => Some(s),
            None => {
                errs.push(InputError::new(at("setting"), format!("must be mainstream, srp or special (got \"{}\")", get("setting"))));
                None
            }
        };
        let band_raw = get("band");
        let band = if band_raw.is_empty() {
            errs.push(InputError::new(at("band"), "is missing: give the pupil's Continuum band code"));
            None
        } else {
            let code = card.and_then(|c| c.bands.iter().find(|b| b.code.eq_ignore_ascii_case(band_raw)).map(|b| b.code.clone())).unwrap_or_else(|| band_raw.to_string());
            match card {
                Some(c) if c.band(&code).is_none() => {
                    errs.push(InputError::new(at("band"), unknown_band(band_raw, c)));
                    None
                }
                _ => Some(code),
            }
        };
        let ehcp = parse_yes_no(get("ehcp")).map_err(|e| errs.push(InputError::new(at("ehcp"), e))).ok();
        let current = if get("current_e3").is_empty() {
            errs.push(InputError::new(at("current_e3"), "is missing: enter the pupil's current annual top-up, or 0 if none"));
            None
        } else {
            parse_money_lenient(get("current_e3")).map_err(|e| errs.push(InputError::new(at("current_e3"), e))).ok()
        };
        let year_group = match get("year_group") {
            "" => Some(None),
            s => match YearGroup::parse_lenient(s) {
                Some(y) => Some(Some(y)),
                None => {
                    errs.push(InputError::new(at("year_group"), format!("{} (got \"{s}\")", super::scenario::YEAR_GROUP_RULE)));
                    None
                }
            },
        };
        let mut date = |n: &str| match get(n) {
            "" => Some(None),
            s => Date::parse_iso_or_uk(s).map(Some).map_err(|e| errs.push(InputError::new(at(n), e))).ok(),
        };
        let (start, end) = (date("start"), date("end"));
        if let (Some(s), Some(e)) = (start, end) {
            if let Err(m) = check_pupil_dates(s, e) {
                errs.push(InputError::new(at("end"), m));
            }
        }
        if errs.is_empty() {
            if let (Some(id), Some(setting), Some(band), Some(ehcp), Some(current_e3), Some(year_group), Some(start), Some(end)) =
                (id, setting, band, ehcp, current, year_group, start, end)
            {
                imp.accepted.push((*line, Pupil { id, setting, band, ehcp, current_e3, year_group, start, end }));
            }
        } else {
            imp.rejected_lines.push(*line);
            imp.errors.extend(errs);
        }
    }
    imp
}

/// R10.2: the Community CSV.
pub fn read_communities(bytes: &[u8]) -> Import<Community> {
    let idaci_cols: Vec<String> = IDACI_BANDS.iter().map(|b| format!("idaci_{}", b.to_lowercase())).collect();
    let mut required: Vec<&str> = vec!["id", "name", "pupils"];
    required.extend(idaci_cols.iter().map(|s| s.as_str()));
    required.extend(["lac", "lpa", "historic"]);
    let (mut imp, table, cols) = match open(bytes, &required, &["protection", "protection_rate"]) {
        Ok(t) => t,
        Err(imp) => return imp,
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (line, row) in &table.rows {
        let mut errs = Errors::new();
        let at = |field: &str| Path::line(*line).key(field);
        let get = |n: &str| cell(row, &cols, n);
        let text = |n: &str, errs: &mut Errors| {
            let v = get(n);
            if v.is_empty() {
                errs.push(InputError::new(at(n), "is missing"));
                None
            } else {
                Some(v.to_string())
            }
        };
        let id = text("id", &mut errs);
        if let Some(id) = &id {
            if let Some(first) = seen.get(id) {
                errs.push(InputError::new(at("id"), format!("\"{id}\" is already used on line {first}: community ids must be unique")));
            } else {
                // Every line with an id counts, even one with other faults (R10.5).
                seen.insert(id.clone(), *line);
            }
        }
        let name = text("name", &mut errs);
        let count = |n: &str, errs: &mut Errors| parse_count(&get(n).replace(',', "")).map_err(|e| errs.push(InputError::new(at(n), e))).ok();
        let pupils = count("pupils", &mut errs);
        let idaci: Vec<Option<u64>> = idaci_cols.iter().map(|c| count(c, &mut errs)).collect();
        let lac = count("lac", &mut errs);
        let lpa = count("lpa", &mut errs);
        let historic = parse_money_lenient(get("historic")).map_err(|e| errs.push(InputError::new(at("historic"), e))).ok();
        let protection = match get("protection") {
            "" => Some(None),
            s => match ProtectionOption::parse(s) {
                Some(o) => Some(Some(o)),
                None => {
                    errs.push(InputError::new(at("protection"), format!("must be A, B, C or D (got \"{s}\")")));
                    None
                }
            },
        };
        let protection_rate = match get("protection_rate") {
            "" => Some(None),
            s => {
                let t = s.trim();
                let t = match t.strip_suffix('%') {
                    Some(pct) => parse_fraction(pct.trim(), Decimal::ZERO, Decimal::from(100)).map(|p| p / Decimal::from(100)),
                    None => parse_fraction(t, Decimal::ZERO, Decimal::ONE),
                };
                t.map(Some).map_err(|e| errs.push(InputError::new(at("protection_rate"), e))).ok()
            }
        };
        if errs.is_empty() {
            let mut ida = [0u64; 6];
            for (i, v) in idaci.iter().enumerate() {
                ida[i] = v.unwrap_or(0);
            }
            if let (Some(id), Some(name), Some(pupils), Some(lac), Some(lpa), Some(historic), Some(protection), Some(protection_rate)) =
                (id, name, pupils, lac, lpa, historic, protection, protection_rate)
            {
                imp.accepted.push((*line, Community { id, name, indicators: Indicators { pupils, idaci: ida, lac, lpa }, historic, protection, protection_rate }));
            }
        } else {
            imp.rejected_lines.push(*line);
            imp.errors.extend(errs);
        }
    }
    imp
}
