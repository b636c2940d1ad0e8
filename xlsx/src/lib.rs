//! The spreadsheet module of the Kent SEN funding calculator: reads workbooks (`.xlsx`, and
//! also `.xls`, `.xlsb` and `.ods`) with `calamine` and writes `.xlsx` with `rust_xlsxwriter`.
//!
//! It is a separate WebAssembly module, loaded only when someone imports or exports a
//! spreadsheet (`www/lazy-xlsx.js`), so that it costs nothing on the first load of the site.
//! The app talks to it through `web/src/xlsx.rs`, which owns the encoding below.
//!
//! # The encoding between the two modules
//!
//! Workbooks cross the boundary as one byte string (UTF-8), so that 50,000 rows are one copy
//! rather than 400,000 JavaScript strings:
//!
//! ```text
//! workbook = sheet*
//! sheet    = 0x1D name row*
//! row      = 0x1E cell*
//! cell     = 0x1F kind text          kind: b't' text, b'n' number (a plain decimal literal)
//! ```
//!
//! The separators are control characters that cannot appear in a spreadsheet cell's XML
//! (XML 1.0 forbids them); any that do arrive are replaced by U+FFFD.

use calamine::{Data, Reader};
use rust_xlsxwriter::{Format, Workbook};
use std::io::Cursor;
use wasm_bindgen::prelude::*;

const SHEET: u8 = 0x1D;
const ROW: u8 = 0x1E;
const CELL: u8 = 0x1F;

/// Reads every sheet of a workbook: cells as text, numbers as plain decimal text, dates as
/// ISO `yyyy-mm-dd`.
#[wasm_bindgen]
pub fn read_workbook(bytes: &[u8]) -> Result<Vec<u8>, JsError> {
    read(bytes).map_err(|e| JsError::new(&e))
}

/// Writes an `.xlsx` workbook from the encoding above: the first row of each sheet in bold and
/// frozen, numbers as numbers, text as text (never as a formula).
#[wasm_bindgen]
pub fn write_workbook(encoded: &[u8]) -> Result<Vec<u8>, JsError> {
    write(encoded).map_err(|e| JsError::new(&e))
}

fn read(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| format!("the file could not be read as a spreadsheet ({e})"))?;
    let names = book.sheet_names().to_vec();
    let mut out = Vec::with_capacity(bytes.len() * 2);
    for name in names {
        let range = book.worksheet_range(&name).map_err(|e| format!("the sheet “{name}” could not be read ({e})"))?;
        out.push(SHEET);
        push_text(&mut out, &name);
        let Some((row0, col0)) = range.start() else { continue };
        // Rows and columns before the used range are empty: keep them, so that row numbers
        // are the spreadsheet's own.
        for _ in 0..row0 {
            out.push(ROW);
        }
        for row in range.rows() {
            out.push(ROW);
            let last = row.iter().rposition(|c| !matches!(c, Data::Empty));
            let Some(last) = last else { continue };
            for _ in 0..col0 {
                out.push(CELL);
                out.push(b't');
            }
            for cell in &row[..=last] {
                out.push(CELL);
                push_cell(&mut out, cell);
            }
        }
    }
    Ok(out)
}

fn push_text(out: &mut Vec<u8>, s: &str) {
    if s.bytes().any(|b| b == SHEET || b == ROW || b == CELL) {
        for c in s.chars() {
            let c = if matches!(c as u32, 0x1D..=0x1F) { '\u{FFFD}' } else { c };
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

fn push_cell(out: &mut Vec<u8>, cell: &Data) {
    match cell {
        Data::Empty => out.push(b't'),
        Data::String(s) => {
            out.push(b't');
            push_text(out, s);
        }
        Data::Int(i) => {
            out.push(b'n');
            out.extend_from_slice(i.to_string().as_bytes());
        }
        Data::Float(f) => push_float(out, *f),
        Data::Bool(b) => {
            out.push(b't');
            out.extend_from_slice(if *b { b"TRUE" } else { b"FALSE" });
        }
        Data::DateTime(dt) => {
            if dt.is_datetime() {
                let (y, m, d, hh, mm, ss, ms) = dt.to_ymd_hms_milli();
                out.push(b't');
                let mut s = format!("{y:04}-{m:02}-{d:02}");
                if (hh, mm, ss, ms) != (0, 0, 0, 0) {
                    s.push_str(&format!("T{hh:02}:{mm:02}:{ss:02}"));
                }
                out.extend_from_slice(s.as_bytes());
            } else {
                push_float(out, dt.as_f64());
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => {
            out.push(b't');
            // `2025-09-01T00:00:00` → `2025-09-01`.
            let t = s.strip_suffix("T00:00:00").unwrap_or(s);
            push_text(out, t);
        }
        Data::Error(e) => {
            out.push(b't');
            push_text(out, &e.to_string());
        }
    }
}

/// A number as its plain decimal text: the shortest text that reads back as the same double
/// (what Excel itself shows), never in exponent form.
fn push_float(out: &mut Vec<u8>, f: f64) {
    if !f.is_finite() {
        out.push(b't');
        out.extend_from_slice(b"#NUM!");
        return;
    }
    out.push(b'n');
    let s = if f == f.trunc() && f.abs() < 1e15 { format!("{}", f as i64) } else { format!("{f}") };
    out.extend_from_slice(s.as_bytes());
}

/// One sheet as decoded from the encoding.
struct Sheet {
    name: String,
    rows: Vec<Vec<(u8, String)>>,
}

fn decode(encoded: &[u8]) -> Result<Vec<Sheet>, String> {
    let text = std::str::from_utf8(encoded).map_err(|_| "the workbook to write is not valid text".to_string())?;
    let mut sheets = Vec::new();
    for part in text.split('\u{1D}').skip(1) {
        let mut rows_iter = part.split('\u{1E}');
        let name = rows_iter.next().unwrap_or("").to_string();
        let rows = rows_iter
            .map(|row| {
                row.split('\u{1F}')
                    .skip(1)
                    .map(|cell| {
                        let mut chars = cell.chars();
                        let kind = chars.next().map(|c| c as u32 as u8).unwrap_or(b't');
                        (kind, chars.as_str().to_string())
                    })
                    .collect()
            })
            .collect();
        sheets.push(Sheet { name, rows });
    }
    Ok(sheets)
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique.
fn sheet_name(name: &str, used: &mut Vec<String>) -> String {
    let mut base: String = name.chars().map(|c| if "[]:*?/\\".contains(c) { '-' } else { c }).collect();
    base = base.trim_matches('\'').to_string();
    if base.trim().is_empty() {
        base = "Sheet".to_string();
    }
    let base: String = base.chars().take(31).collect();
    let mut candidate = base.clone();
    let mut n = 2;
    while used.iter().any(|u| u.eq_ignore_ascii_case(&candidate)) {
        let suffix = format!(" ({n})");
        candidate = format!("{}{suffix}", base.chars().take(31 - suffix.chars().count()).collect::<String>());
        n += 1;
    }
    used.push(candidate.clone());
    candidate
}

fn write(encoded: &[u8]) -> Result<Vec<u8>, String> {
    let sheets = decode(encoded)?;
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    let fail = |e: rust_xlsxwriter::XlsxError| format!("the spreadsheet could not be written ({e})");
    let mut used = Vec::new();
    if sheets.is_empty() {
        book.add_worksheet();
    }
    for sheet in &sheets {
        let ws = book.add_worksheet();
        ws.set_name(sheet_name(&sheet.name, &mut used)).map_err(fail)?;
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = u32::try_from(r).map_err(|_| "too many rows".to_string())?;
            for (c, (kind, text)) in row.iter().enumerate() {
                let c = u16::try_from(c).map_err(|_| "too many columns".to_string())?;
                if text.is_empty() {
                    continue;
                }
                let number = (*kind == b'n').then(|| text.parse::<f64>().ok()).flatten();
                match number {
                    Some(n) if r == 0 => ws.write_number_with_format(r, c, n, &bold).map(|_| ()),
                    Some(n) if text.contains('.') => ws.write_number_with_format(r, c, n, &money).map(|_| ()),
                    Some(n) => ws.write_number(r, c, n).map(|_| ()),
                    None if r == 0 => ws.write_string_with_format(r, c, text, &bold).map(|_| ()),
                    None => ws.write_string(r, c, text).map(|_| ()),
                }
                .map_err(fail)?;
            }
        }
        if !sheet.rows.is_empty() {
            ws.set_freeze_panes(1, 0).map_err(fail)?;
        }
        ws.autofit();
    }
    book.save_to_buffer().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(sheets: &[(&str, Vec<Vec<(u8, &str)>>)]) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, rows) in sheets {
            out.push(SHEET);
            out.extend_from_slice(name.as_bytes());
            for row in rows {
                out.push(ROW);
                for (k, t) in row {
                    out.push(CELL);
                    out.push(*k);
                    out.extend_from_slice(t.as_bytes());
                }
            }
        }
        out
    }

    #[test]
    fn round_trip() {
        let enc = encode(&[
            ("Pupils", vec![vec![(b't', "id"), (b't', "current_e3")], vec![(b't', "P1"), (b'n', "1234.5")], vec![(b't', "P2"), (b'n', "-7")]]),
            ("Totals: 2025/26", vec![vec![(b't', "x")]]),
        ]);
        let bytes = write(&enc).unwrap();
        let back = read(&bytes).unwrap();
        let sheets = decode(&back).unwrap();
        assert_eq!(sheets.len(), 2);
        assert_eq!(sheets[0].name, "Pupils");
        assert_eq!(sheets[0].rows[1], vec![(b't', "P1".to_string()), (b'n', "1234.5".to_string())]);
        assert_eq!(sheets[0].rows[2][1], (b'n', "-7".to_string()));
        assert_eq!(sheets[1].name, "Totals- 2025-26");
    }
}
