//! The spreadsheet module of the Kent SEN funding calculator: reads workbooks (`.xlsx`, and
//! also `.xls`, `.xlsb` and `.ods`) with `calamine` and writes `.xlsx` with `rust_xlsxwriter`.
//!
//! It is a separate WebAssembly module, loaded only when someone imports or exports a
//! spreadsheet (`web/lazy-xlsx.js`), so that it costs nothing on the first load of the site.
//! It is stateless: bytes in, bytes out. Workbooks cross between it and the app in the one wire
//! codec both use, `sen_funding::wire`.

use calamine::{Data, Reader};
use rust_xlsxwriter::{Format, Workbook};
use std::io::Cursor;
use sen_funding::wire::{self, Cell, Sheet};
use wasm_bindgen::prelude::*;

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
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let range = book.worksheet_range(&name).map_err(|e| format!("the sheet “{name}” could not be read ({e})"))?;
        let mut rows = Vec::new();
        if let Some((row0, col0)) = range.start() {
            // Rows and columns before the used range are empty: keep them, so that row numbers
            // and columns are the spreadsheet's own.
            rows.resize(row0 as usize, Vec::new());
            for row in range.rows() {
                let Some(last) = row.iter().rposition(|c| !matches!(c, Data::Empty)) else {
                    rows.push(Vec::new());
                    continue;
                };
                let mut cells = vec![Cell::Text(String::new()); col0 as usize];
                cells.extend(row[..=last].iter().map(cell_of));
                rows.push(cells);
            }
        }
        sheets.push(Sheet { name, rows });
    }
    Ok(wire::encode(&sheets))
}

fn cell_of(cell: &Data) -> Cell {
    match cell {
        Data::Empty => Cell::Text(String::new()),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(i.to_string()),
        Data::Float(f) => float_cell(*f),
        Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.into()),
        Data::DateTime(dt) => {
            if dt.is_datetime() {
                let (y, m, d, hh, mm, ss, ms) = dt.to_ymd_hms_milli();
                let mut s = format!("{y:04}-{m:02}-{d:02}");
                if (hh, mm, ss, ms) != (0, 0, 0, 0) {
                    s.push_str(&format!("T{hh:02}:{mm:02}:{ss:02}"));
                }
                Cell::Date(s)
            } else {
                float_cell(dt.as_f64())
            }
        }
        // `2025-09-01T00:00:00` → `2025-09-01`.
        Data::DateTimeIso(s) => Cell::Date(s.strip_suffix("T00:00:00").unwrap_or(s).to_string()),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(e.to_string()),
    }
}

/// A number as its plain decimal text: the shortest text that reads back as the same double
/// (what Excel itself shows), never in exponent form.
fn float_cell(f: f64) -> Cell {
    if !f.is_finite() {
        return Cell::Text("#NUM!".into());
    }
    Cell::Number(if f == f.trunc() && f.abs() < 1e15 { format!("{}", f as i64) } else { format!("{f}") })
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
    let sheets = wire::decode(encoded).map_err(|e| format!("the workbook to write could not be read: {e}"))?;
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
            for (c, cell) in row.iter().enumerate() {
                let c = u16::try_from(c).map_err(|_| "too many columns".to_string())?;
                let text = cell.text();
                if text.is_empty() {
                    continue;
                }
                let number = matches!(cell, Cell::Number(_)).then(|| text.parse::<f64>().ok()).flatten();
                // Text is written as text, never as a formula.
                let neutral;
                let text = if matches!(cell, Cell::Text(_)) {
                    neutral = wire::neutralise(text);
                    neutral.as_str()
                } else {
                    text
                };
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

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }
    fn n(s: &str) -> Cell {
        Cell::Number(s.into())
    }

    /// The app's encoding → `.xlsx` → the app's encoding: what the app writes, it reads back.
    #[test]
    fn round_trip_through_a_real_workbook() {
        let sheets = vec![
            Sheet { name: "Pupils".into(), rows: vec![vec![t("id"), t("current_e3"), t("start")], vec![t("P1"), n("1234.5"), Cell::Date("2025-09-01".into())], vec![t("P2"), n("-7"), t("=HYPERLINK(\"x\")")]] },
            Sheet { name: "Totals: 2025/26".into(), rows: vec![vec![t("x")]] },
        ];
        let bytes = write(&wire::encode(&sheets)).unwrap();
        let back = wire::decode(&read(&bytes).unwrap()).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].name, "Pupils");
        assert_eq!(back[0].rows[1][..2], [t("P1"), n("1234.5")]);
        assert_eq!(back[0].rows[2][1], n("-7"));
        // Formula-like text is written as text, neutralised.
        assert_eq!(back[0].rows[2][2], t("'=HYPERLINK(\"x\")"));
        assert_eq!(back[1].name, "Totals- 2025-26");
    }
}
