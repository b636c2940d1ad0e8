//! The spreadsheet module of the Kent SEN funding calculator: reads workbooks (`.xlsx`, and
//! also `.xls`, `.xlsb` and `.ods`) with `calamine` and writes `.xlsx` with `rust_xlsxwriter`.
//!
//! It is a separate WebAssembly module, loaded only when someone imports or exports a
//! spreadsheet (`web/lazy-xlsx.js`), so that it costs nothing on the first load of the site.
//! It is stateless: bytes in, bytes out. Workbooks cross between it and the app in the one wire
//! codec both use, `sen_funding::wire`.

use rust_xlsxwriter::{Format, Workbook};
use sen_funding::wire::{self, Cell};
use wasm_bindgen::prelude::*;

/// Reads every sheet of a workbook as the engine's grid (`wire::from_book`): numbers as exact
/// decimals as Excel shows them, dates as ISO `yyyy-mm-dd`.
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

/// Reads a workbook with the engine's own reader (`engine::workbook::read_workbook`), so that its
/// checks apply in the browser too: a file too big, a zip bomb, a sheet of millions of cells, a
/// password. The grid crosses to the app in the wire codec (`wire::from_book`); a refusal is
/// the engine's plain-English message.
fn read(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let book = sen_funding::engine::workbook::read_workbook(bytes).map_err(|e| e.message)?;
    Ok(wire::encode(&wire::from_book(&book)))
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
    use sen_funding::wire::Sheet;

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
            Sheet {
                name: "Pupils".into(),
                rows: vec![
                    vec![t("id"), t("current_e3"), t("start")],
                    vec![t("P1"), n("1234.5"), Cell::Date("2025-09-01".into())],
                    vec![t("P2"), n("-7"), t("=HYPERLINK(\"x\")")],
                ],
            },
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
