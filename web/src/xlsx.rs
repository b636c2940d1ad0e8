//! Spreadsheets: read any sheet of an `.xlsx` workbook (also `.xls`, `.xlsb`, `.ods`) and write
//! `.xlsx`, through a separate WebAssembly module (the crate in `xlsx/`, built into
//! `dist/xlsx/` by `scripts/build-xlsx.mjs`). That module is loaded on first use by
//! `www/lazy-xlsx.js`, so it is never part of the first load.
//!
//! Text cells written to a spreadsheet are passed through [`neutralise`] first, so a cell that
//! a spreadsheet program could take for a formula (`=`, `+`, `-`, `@`, tab, carriage return)
//! is written as plain text.

use wasm_bindgen::prelude::*;

/// One cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    /// A plain decimal literal, e.g. `-1234.56`.
    Number(String),
}

/// One sheet: its name and its rows (the first row is the sheet's row 1).
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
}

#[wasm_bindgen(module = "/lazy-xlsx.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = xlsxRead)]
    async fn xlsx_read(bytes: js_sys::Uint8Array) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = xlsxWrite)]
    async fn xlsx_write(bytes: js_sys::Uint8Array) -> Result<JsValue, JsValue>;
}

// The encoding between the two modules (see xlsx/src/lib.rs): one UTF-8 byte string.
const SHEET: char = '\u{1D}';
const ROW: char = '\u{1E}';
const CELL: char = '\u{1F}';

fn js_error(e: JsValue, doing: &str) -> String {
    let detail = e
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".to_string());
    if detail.contains("Failed to fetch dynamically imported module") || detail.contains("error loading dynamically imported module") {
        return format!("{doing}: the spreadsheet part of the calculator could not be loaded. Check your connection and try again.");
    }
    format!("{doing}: {detail}")
}

/// Every sheet of a workbook, cells as text: numbers as their plain decimal text, dates as
/// ISO `yyyy-mm-dd`.
pub async fn read_workbook(bytes: Vec<u8>) -> Result<Vec<Sheet>, String> {
    let array = js_sys::Uint8Array::from(bytes.as_slice());
    drop(bytes);
    let out = xlsx_read(array).await.map_err(|e| js_error(e, "The spreadsheet could not be read"))?;
    let out: js_sys::Uint8Array = out.dyn_into().map_err(|_| "The spreadsheet could not be read".to_string())?;
    let text = String::from_utf8(out.to_vec()).map_err(|_| "The spreadsheet could not be read as text".to_string())?;
    Ok(decode(&text))
}

/// The `.xlsx` bytes of a workbook. Text cells are neutralised ([`neutralise`]).
pub async fn write_workbook(sheets: Vec<Sheet>) -> Result<Vec<u8>, String> {
    let encoded = encode(&sheets);
    drop(sheets);
    let array = js_sys::Uint8Array::from(encoded.as_bytes());
    let out = xlsx_write(array).await.map_err(|e| js_error(e, "The spreadsheet could not be made"))?;
    let out: js_sys::Uint8Array = out.dyn_into().map_err(|_| "The spreadsheet could not be made".to_string())?;
    Ok(out.to_vec())
}

/// The formula-injection guard: text that a spreadsheet program could read as a formula
/// (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`. Plain
/// numbers are written as numbers ([`Cell::Number`]) and need none.
pub fn neutralise(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

fn clean(s: &str) -> String {
    s.replace([SHEET, ROW, CELL], "\u{FFFD}")
}

fn encode(sheets: &[Sheet]) -> String {
    let mut out = String::new();
    for sheet in sheets {
        out.push(SHEET);
        out.push_str(&clean(&sheet.name));
        for row in &sheet.rows {
            out.push(ROW);
            for cell in row {
                out.push(CELL);
                match cell {
                    Cell::Text(t) => {
                        out.push('t');
                        out.push_str(&clean(&neutralise(t)));
                    }
                    Cell::Number(n) => {
                        out.push('n');
                        out.push_str(&clean(n));
                    }
                }
            }
        }
    }
    out
}

fn decode(text: &str) -> Vec<Sheet> {
    text.split(SHEET)
        .skip(1)
        .map(|part| {
            let mut rows = part.split(ROW);
            let name = rows.next().unwrap_or("").to_string();
            let rows = rows
                .map(|row| {
                    row.split(CELL)
                        .skip(1)
                        .map(|cell| match cell.strip_prefix('n') {
                            Some(n) => Cell::Number(n.to_string()),
                            None => Cell::Text(cell.strip_prefix('t').unwrap_or(cell).to_string()),
                        })
                        .collect()
                })
                .collect();
            Sheet { name, rows }
        })
        .collect()
}

impl Cell {
    /// The cell's text, whichever kind it is.
    pub fn text(&self) -> &str {
        match self {
            Cell::Text(t) | Cell::Number(t) => t,
        }
    }
}
