//! Spreadsheets: read any sheet of an `.xlsx` workbook (also `.xls`, `.xlsb`, `.ods`) and write
//! `.xlsx`, through a separate WebAssembly module (the crate in `xlsx/`, built into
//! `dist/xlsx/` by `scripts/build-xlsx.mjs`). That module is loaded on first use by
//! `web/lazy-xlsx.js`, so it is never part of the first load. Both sides use the one wire codec,
//! `sen_funding::wire`.
//!
//! Text cells written to a spreadsheet are passed through [`neutralise`] by the writer, so a cell that
//! a spreadsheet program could take for a formula (`=`, `+`, `-`, `@`, tab, carriage return)
//! is written as plain text.

use sen_funding::wire;
use wasm_bindgen::prelude::*;

pub use sen_funding::wire::{neutralise, Cell, Sheet};

#[wasm_bindgen(module = "/lazy-xlsx.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = xlsxRead)]
    async fn xlsx_read(bytes: js_sys::Uint8Array) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = xlsxWrite)]
    async fn xlsx_write(bytes: js_sys::Uint8Array) -> Result<JsValue, JsValue>;
}

fn js_error(e: JsValue, doing: &str) -> String {
    let detail = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string()).unwrap_or_else(|| "unknown error".to_string());
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
    wire::decode(&out.to_vec()).map_err(|_| "The spreadsheet could not be read as text".to_string())
}

/// A workbook as the engine's grid, read in the spreadsheet module by the engine's own reader
/// (with its checks for zip bombs, size and passwords). The error is the reader's plain message.
pub async fn read_book(bytes: Vec<u8>, source: sen_funding::engine::grid::Source) -> Result<sen_funding::engine::grid::Book, String> {
    let array = js_sys::Uint8Array::from(bytes.as_slice());
    drop(bytes);
    let out = xlsx_read(array).await.map_err(|e| {
        let m = js_error(e, "The spreadsheet could not be read");
        if m.contains("could not be loaded") {
            m
        } else {
            m.trim_start_matches("The spreadsheet could not be read: ").to_string()
        }
    })?;
    let out: js_sys::Uint8Array = out.dyn_into().map_err(|_| "The spreadsheet could not be read".to_string())?;
    let sheets = wire::decode(&out.to_vec()).map_err(|_| "The spreadsheet could not be read".to_string())?;
    Ok(wire::to_book(sheets, source))
}

/// The `.xlsx` bytes of a workbook. Text cells are neutralised ([`neutralise`]).
pub async fn write_workbook(sheets: Vec<Sheet>) -> Result<Vec<u8>, String> {
    let encoded = wire::encode(&sheets);
    drop(sheets);
    let array = js_sys::Uint8Array::from(encoded.as_slice());
    let out = xlsx_write(array).await.map_err(|e| js_error(e, "The spreadsheet could not be made"))?;
    let out: js_sys::Uint8Array = out.dyn_into().map_err(|_| "The spreadsheet could not be made".to_string())?;
    Ok(out.to_vec())
}
