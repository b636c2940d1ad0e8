//! Writing the figures' tables (`engine::csv_out`, R10.4) to files: one CSV per table in a
//! folder, or one `.xlsx` workbook with a sheet per table (rust_xlsxwriter).
//!
//! In the workbook, money is a number with a `£#,##0.00` format: the pennies divided by 100
//! as a double, which is the nearest double to the exact amount and shows (and reads back,
//! to two decimals) as exactly the result JSON's figure for any amount under £10 billion
//! (2^53 pennies is about £90 trillion; the two-decimal reading is exact far below that).
//! Shares (R5.3–R5.5) are written as text with the result JSON's twenty decimals, since a
//! double would round them; text cells are neutralised as in the CSV.

use sen_funding::engine::csv_out::{neutralise, to_csv, Cell, Table};
use std::path::{Path, PathBuf};

/// Excel's limit: 1,048,576 rows, the header included.
const XLSX_MAX_ROWS: usize = 1_048_576;

/// Writes `<dir>/<table>.csv` for each table (the folder is made if need be); returns the
/// files written.
pub fn write_csv_dir(dir: &Path, tables: &[Table]) -> Result<Vec<(PathBuf, usize)>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot make the folder \"{}\": {e}", dir.display()))?;
    let mut written = Vec::new();
    for t in tables {
        let path = dir.join(format!("{}.csv", t.name));
        std::fs::write(&path, to_csv(t)).map_err(|e| format!("cannot write \"{}\": {e}", path.display()))?;
        written.push((path, t.rows.len()));
    }
    Ok(written)
}

/// The width of each column, in characters: its longest cell (money with £ and thousands
/// commas) plus a margin, between 6 and 60.
fn column_widths(t: &Table) -> Vec<f64> {
    let mut widths: Vec<usize> = t.header.iter().map(|h| h.chars().count()).collect();
    for row in &t.rows {
        for (c, cell) in row.iter().enumerate() {
            let n = match cell {
                Cell::Money(p) => {
                    let digits = (p.unsigned_abs() / 100).max(1).ilog10() as usize + 1;
                    digits + (digits - 1) / 3 + 4 + usize::from(*p < 0)
                }
                Cell::Text(s) | Cell::Decimal(s) => s.chars().count(),
                Cell::Empty => 0,
            };
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(n);
            }
        }
    }
    widths.into_iter().map(|w| (w + 2).clamp(6, 60) as f64).collect()
}

/// Writes the tables as one workbook, the first row of each sheet bold and frozen, after an
/// "About" sheet saying what the figures are.
pub fn write_xlsx(path: &Path, tables: &[Table], about: &[(&str, String)]) -> Result<(), String> {
    use rust_xlsxwriter::{Format, Workbook};
    if let Some(t) = tables.iter().find(|t| t.rows.len() + 1 > XLSX_MAX_ROWS) {
        return Err(format!("the table \"{}\" has {} rows, more than an Excel sheet holds ({}): use --csv for it", t.title, t.rows.len(), XLSX_MAX_ROWS - 1));
    }
    let fail = |e: rust_xlsxwriter::XlsxError| format!("cannot write the workbook \"{}\": {e}", path.display());
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("£#,##0.00");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("About").map_err(fail)?;
    for (r, (k, v)) in about.iter().enumerate() {
        ws.write_string_with_format(r as u32, 0, neutralise(k), &bold).map_err(fail)?;
        ws.write_string(r as u32, 1, neutralise(v)).map_err(fail)?;
    }
    ws.autofit();
    for t in tables {
        // Streamed row by row to a temporary file (constant memory): a county's 250,000 pupil
        // rows would otherwise take the best part of a gigabyte. Column widths are set from
        // the longest text, since Excel's autofit needs every row in memory.
        let ws = book.add_worksheet_with_constant_memory().map_err(fail)?;
        ws.set_name(t.title).map_err(fail)?;
        for (c, w) in column_widths(t).into_iter().enumerate() {
            ws.set_column_width(c as u16, w).map_err(fail)?;
        }
        for (c, h) in t.header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold).map_err(fail)?;
        }
        for (r, row) in t.rows.iter().enumerate() {
            let r = (r + 1) as u32;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Money(p) => ws.write_number_with_format(r, c, *p as f64 / 100.0, &money).map(|_| ()),
                    Cell::Text(_) | Cell::Decimal(_) => ws.write_string(r, c, cell.to_csv_text()).map(|_| ()),
                    Cell::Empty => Ok(()),
                }
                .map_err(fail)?;
            }
        }
        ws.set_freeze_panes(1, 0).map_err(fail)?;
    }
    book.save(path).map_err(fail)
}
