//! Workbooks (.xlsx, .xlsb, .xls, .ods) as a grid of cells (R10.1a), read with `calamine` from
//! bytes: no I/O, so the command line and the web app's spreadsheet module read them alike.
//!
//! The kind of file is sniffed from its bytes, never from its name ([`super::grid::sniff`]);
//! text is read by [`super::grid::csv_book`] instead, and a workbook is never read as text.
//! Bad files are refused quickly with a plain message, before they can use much time or
//! memory:
//! * a file over [`super::grid::MAX_FILE_BYTES`];
//! * a zip (.xlsx, .ods) that would unpack to more than [`MAX_UNPACKED_BYTES`] (a "zip
//!   bomb"): the sizes its directory declares are checked, then every part is unpacked into
//!   nothing with a limit, so that a directory that lies is caught too;
//! * a sheet of more than [`MAX_CELLS`] cells (.xlsx sheets are read cell by cell, so that one
//!   far-away cell cannot make a huge empty grid; an .ods file's repeated rows and cells are
//!   counted before calamine expands them);
//! * a cell that holds something below the last row a sheet can have, [`MAX_ROWS`];
//! * an .xls sheet whose cells span more than [`MAX_CELLS`] (counted from the cell records
//!   before calamine lays the sheet out as a full rectangle);
//! * a workbook protected by a password (an OLE2 file holding an `EncryptedPackage`).
//!
//! Numbers become exact decimals as Excel shows them ([`super::grid::number_from_f64`]); date
//! cells become ISO dates.

use super::errors::InputError;
use super::grid::{self, number_from_f64, Book, Cell, Row, Sheet, Sniffed, Source, MAX_FILE_BYTES};
use super::money::group_thousands;
use calamine::{Data, DataRef, Reader};
use std::io::{Cursor, Read};

/// The most a zipped workbook may unpack to. A sheet of 50,000 pupils is about 20 MB of XML.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

/// The most cells (empty ones between used cells included) a sheet may have: 200,000 rows of
/// 20 columns.
pub const MAX_CELLS: usize = 4_000_000;

/// The last row of a sheet (Excel's since 2007, LibreOffice's by default). A cell that holds
/// something below it is a damaged file: an .xlsx can name any row up to 4,294,967,295 in a few
/// bytes, and the grid the web app gets from the spreadsheet module (`wire::from_book`) writes
/// every row up to the last, so that one such cell would ask for billions of rows (found by
/// the `workbook` fuzz target's checks).
pub const MAX_ROWS: u32 = 1_048_576;

/// Any file as a book: a workbook by calamine, anything else as CSV text
/// ([`grid::csv_book`]). The kind is sniffed from the bytes.
pub fn read_any(bytes: &[u8]) -> Result<Book, InputError> {
    match grid::sniff(bytes) {
        Sniffed::Text => grid::csv_book(bytes),
        _ => read_workbook(bytes),
    }
}

fn fail(msg: impl Into<String>) -> InputError {
    InputError::new("", msg)
}

const DAMAGED: &str = "Save it again from your spreadsheet program (as .xlsx) and try again.";

/// A workbook (zip: .xlsx, .xlsb, .ods; OLE2: .xls) as a book.
pub fn read_workbook(bytes: &[u8]) -> Result<Book, InputError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(grid::too_big(bytes.len()));
    }
    match grid::sniff(bytes) {
        Sniffed::Zip => {
            let source = check_zip(bytes)?;
            match source {
                Source::Xlsx => read_xlsx(bytes),
                Source::Xlsb => read_ranges(calamine::Xlsb::new(Cursor::new(bytes)).map_err(open_error)?, source),
                _ => {
                    check_ods_repeats(bytes)?;
                    read_ranges(calamine::Ods::new(Cursor::new(bytes)).map_err(open_error)?, source)
                }
            }
        }
        Sniffed::Ole2 => {
            if encrypted(bytes) {
                return Err(password());
            }
            check_xls(bytes)?;
            read_ranges(calamine::Xls::new(Cursor::new(bytes)).map_err(open_error)?, Source::Xls)
        }
        Sniffed::Text => Err(fail("This file is text, not a workbook: read it as CSV.")),
    }
}

fn password() -> InputError {
    fail("This workbook is protected by a password, so it cannot be read. Open it in your spreadsheet program, remove the password (or save a copy without one) and try again.")
}

fn open_error(e: impl std::fmt::Display) -> InputError {
    let detail = e.to_string();
    if detail.to_ascii_lowercase().contains("password") {
        return password();
    }
    fail(format!("This workbook cannot be read ({detail}): it may be damaged or incomplete. {DAMAGED}"))
}

/// An OLE2 file holding an encrypted Office document: its directory names the stream
/// `EncryptedPackage` (in UTF-16).
fn encrypted(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}

/// Checks a zip before calamine opens it: what it is, and that it unpacks to at most
/// [`MAX_UNPACKED_BYTES`].
fn check_zip(bytes: &[u8]) -> Result<Source, InputError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| fail(format!("This file looks like a workbook but cannot be opened ({e}): it may be damaged or incomplete. {DAMAGED}")))?;
    let bomb = || {
        fail(format!(
            "This workbook would unpack to more than {} MB, far more than any register: it is damaged, or it is not a register. Save the sheet with the pupils in a new workbook and try again.",
            MAX_UNPACKED_BYTES / 1_048_576
        ))
    };
    let mut declared: u64 = 0;
    let mut source = None;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(open_error)?;
        declared = declared.saturating_add(f.size());
        let name = f.name().map(|n| n.into_owned()).unwrap_or_default();
        match name.as_str() {
            "xl/workbook.xml" => source = Some(Source::Xlsx),
            "xl/workbook.bin" => source = Some(Source::Xlsb),
            "content.xml" if source.is_none() => source = Some(Source::Ods),
            _ => {}
        }
    }
    if declared > MAX_UNPACKED_BYTES {
        return Err(bomb());
    }
    let Some(source) = source else {
        return Err(fail("This file is a zip archive but not a spreadsheet (no workbook inside): choose the .xlsx, .ods or .csv file of the register."));
    };
    // The directory may lie: unpack every part into nothing, stopping at the limit.
    let mut left = MAX_UNPACKED_BYTES;
    for i in 0..zip.len() {
        let f = zip.by_index(i).map_err(open_error)?;
        let n = std::io::copy(&mut f.take(left + 1), &mut std::io::sink()).map_err(open_error)?;
        if n > left {
            return Err(bomb());
        }
        left -= n;
    }
    Ok(source)
}

/// calamine lays each .xls sheet out as the full rectangle from its first to its last cell, so
/// two far-apart cells make up to 65,536 × 65,536 of them. Before it does, the cell records of
/// the workbook stream are scanned for each sheet's extent, refused above [`MAX_CELLS`].
fn check_xls(bytes: &[u8]) -> Result<(), InputError> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| fail(format!("This file looks like an Excel workbook (.xls) but cannot be opened ({e}): it may be damaged or incomplete. {DAMAGED}")))?;
    if cf.exists("/EncryptedPackage") || cf.exists("/EncryptionInfo") {
        return Err(password());
    }
    let name = ["/Workbook", "/Book", "/WORKBOOK", "/BOOK"].into_iter().find(|n| cf.exists(n));
    let Some(name) = name else {
        return Err(fail("This file is an Office document but not an Excel workbook: choose the .xls, .xlsx, .ods or .csv file of the register."));
    };
    let mut data = Vec::new();
    cf.open_stream(name).map_err(open_error)?.take(2 * MAX_FILE_BYTES as u64).read_to_end(&mut data).map_err(open_error)?;
    if biff_largest_sheet(&data) > MAX_CELLS as u64 {
        return Err(fail(format!(
            "A sheet of this workbook spans more than {} cells, far more than any register: save just the pupils in a new workbook and try again.",
            group_thousands(&MAX_CELLS.to_string())
        )));
    }
    Ok(())
}

/// The largest rectangle (rows × columns) the cells of one sheet of a BIFF workbook stream
/// span: the cell records calamine reads (number, label, RK, multiple RK, shared-string label,
/// boolean or error, formula), sheet by sheet (BOF … EOF).
fn biff_largest_sheet(data: &[u8]) -> u64 {
    let u16_at = |b: &[u8], i: usize| b.get(i..i + 2).map(|x| u16::from_le_bytes([x[0], x[1]]) as u64);
    let mut largest = 0u64;
    let mut ext: Option<(u64, u64, u64, u64)> = None;
    let mut close = |ext: &mut Option<(u64, u64, u64, u64)>| {
        if let Some((r0, r1, c0, c1)) = ext.take() {
            largest = largest.max((r1 - r0 + 1) * (c1 - c0 + 1));
        }
    };
    let mut i = 0;
    while let (Some(typ), Some(len)) = (u16_at(data, i), u16_at(data, i + 2)) {
        let body = &data[(i + 4).min(data.len())..(i + 4 + len as usize).min(data.len())];
        let mut cell = |r: u64, c0: u64, c1: u64| {
            let e = ext.get_or_insert((r, r, c0, c1));
            *e = (e.0.min(r), e.1.max(r), e.2.min(c0), e.3.max(c1));
        };
        match typ {
            0x0809 | 0x000A => close(&mut ext),
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let (Some(r), Some(c)) = (u16_at(body, 0), u16_at(body, 2)) {
                    cell(r, c, c);
                }
            }
            0x00BD => {
                if let (Some(r), Some(c0), Some(c1)) = (u16_at(body, 0), u16_at(body, 2), body.len().checked_sub(2).and_then(|j| u16_at(body, j))) {
                    cell(r, c0.min(c1), c0.max(c1));
                }
            }
            _ => {}
        }
        i += 4 + len as usize;
    }
    close(&mut ext);
    largest
}

/// An .ods sheet can repeat a row or a cell any number of times in a few bytes
/// (`table:number-rows-repeated`), and calamine expands the repeats of cells that hold
/// something. Before it does, the cells those repeats would make are counted from
/// `content.xml` (itself at most [`MAX_UNPACKED_BYTES`]) and refused above [`MAX_CELLS`].
fn check_ods_repeats(bytes: &[u8]) -> Result<(), InputError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(open_error)?;
    let mut xml = String::new();
    zip.by_name("content.xml").map_err(open_error)?.read_to_string(&mut xml).map_err(open_error)?;
    if ods_cells_bound(&xml) > MAX_CELLS as u64 {
        return Err(fail(format!(
            "This spreadsheet repeats its rows or cells to more than {} cells, far more than any register: save just the pupils in a new spreadsheet and try again.",
            group_thousands(&MAX_CELLS.to_string())
        )));
    }
    Ok(())
}

/// An upper bound of the non-empty cells an .ods `content.xml` makes once repeats are
/// expanded.
fn ods_cells_bound(xml: &str) -> u64 {
    fn repeat(tag: &str, attr: &str) -> u64 {
        tag.find(attr)
            .and_then(|i| {
                let rest = &tag[i + attr.len()..];
                let rest = rest.trim_start_matches(['=', '"', '\'']);
                let n: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
                n.parse::<u64>().ok()
            })
            .unwrap_or(1)
    }
    let (mut total, mut row_rep, mut row_cells) = (0u64, 1u64, 0u64);
    let mut rest = xml;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        let self_closing = tag.ends_with('/');
        if tag.starts_with("table:table-row") && !tag.starts_with("table:table-rows") {
            row_rep = repeat(tag, "table:number-rows-repeated");
            row_cells = 0;
        } else if tag.starts_with("/table:table-row") && !tag.starts_with("/table:table-rows") {
            total = total.saturating_add(row_rep.saturating_mul(row_cells));
        } else if (tag.starts_with("table:table-cell") || tag.starts_with("table:covered-table-cell")) && (!self_closing || tag.contains("office:value-type")) {
            row_cells = row_cells.saturating_add(repeat(tag, "table:number-columns-repeated"));
        }
        rest = &rest[end.min(rest.len())..];
    }
    total
}

/// Why a sheet is refused while its cells are collected.
enum Refused {
    TooManyCells,
    /// A cell in this row (counted from 1), below [`MAX_ROWS`].
    RowBeyond(u64),
}

fn refused(sheet: &str, why: Refused) -> InputError {
    match why {
        Refused::TooManyCells => too_many_cells(sheet),
        Refused::RowBeyond(row) => fail(format!(
            "The sheet \"{sheet}\" has a cell in row {}, below the last row a sheet can have ({}): the file is damaged. {DAMAGED}",
            group_thousands(&row.to_string()),
            group_thousands(&MAX_ROWS.to_string())
        )),
    }
}

fn too_many_cells(sheet: &str) -> InputError {
    fail(format!(
        "The sheet \"{sheet}\" has more than {} cells, far more than any register: save just the pupils in a new workbook and try again.",
        group_thousands(&MAX_CELLS.to_string())
    ))
}

/// A cell of calamine as a grid cell.
fn cell_of(d: &DataRef) -> Cell {
    match d {
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) => text(s),
        DataRef::SharedString(s) => text(s),
        DataRef::Int(i) => Cell::Number((*i).into()),
        DataRef::Float(f) => float(*f),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) => {
            if dt.is_datetime() {
                let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
                let mut s = format!("{y:04}-{m:02}-{d:02}");
                if (hh, mm, ss) != (0, 0, 0) {
                    s.push_str(&format!("T{hh:02}:{mm:02}:{ss:02}"));
                }
                Cell::Date(s)
            } else {
                float(dt.as_f64())
            }
        }
        DataRef::DateTimeIso(s) => Cell::Date(s.strip_suffix("T00:00:00").unwrap_or(s).to_string()),
        DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    }
}

fn text(s: &str) -> Cell {
    if s.trim().is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_string())
    }
}

fn float(f: f64) -> Cell {
    match number_from_f64(f) {
        Some(d) => Cell::Number(d),
        None if f.is_finite() => Cell::Text(format!("{f}")),
        None => Cell::Error("#NUM!".into()),
    }
}

fn data_ref(d: &Data) -> DataRef<'_> {
    match d {
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(f) => DataRef::Float(*f),
        Data::String(s) => DataRef::SharedString(s),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(dt) => DataRef::DateTime(*dt),
        Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
        Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
        Data::Error(e) => DataRef::Error(e.clone()),
        Data::Empty => DataRef::Empty,
    }
}

/// Collects cells (row, column, cell) into rows, counting every stored cell against
/// [`MAX_CELLS`] and refusing one below [`MAX_ROWS`].
/// Rows come in order from every reader; one out of order is put in its place.
struct Collect {
    rows: Vec<(u32, Vec<Cell>)>,
    cells: usize,
}

impl Collect {
    fn new() -> Self {
        Collect { rows: Vec::new(), cells: 0 }
    }
    fn put(&mut self, r: u32, c: u32, cell: Cell) -> Result<(), Refused> {
        if cell.is_empty() {
            return Ok(());
        }
        if r >= MAX_ROWS {
            return Err(Refused::RowBeyond(r as u64 + 1));
        }
        let at = match self.rows.last() {
            Some((last, _)) if *last == r => self.rows.len() - 1,
            Some((last, _)) if *last > r => match self.rows.binary_search_by_key(&r, |(n, _)| *n) {
                Ok(i) => i,
                Err(i) => {
                    self.rows.insert(i, (r, Vec::new()));
                    i
                }
            },
            _ => {
                self.rows.push((r, Vec::new()));
                self.rows.len() - 1
            }
        };
        let row = &mut self.rows[at].1;
        // Counted in u64: a column near u32::MAX must not wrap a 32-bit usize (wasm32).
        let width = c as u64 + 1;
        if row.len() as u64 <= c as u64 {
            let cells = self.cells as u64 + width - row.len() as u64;
            if cells > MAX_CELLS as u64 {
                return Err(Refused::TooManyCells);
            }
            self.cells = cells as usize;
            row.resize(width as usize, Cell::Empty);
        }
        row[c as usize] = cell;
        Ok(())
    }
    fn sheet(self, name: String) -> Sheet {
        Sheet { name, rows: self.rows.into_iter().map(|(r, cells)| Row { number: r as usize + 1, cells }).collect() }
    }
}

/// .xlsx: every sheet read cell by cell.
fn read_xlsx(bytes: &[u8]) -> Result<Book, InputError> {
    let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(Cursor::new(bytes)).map_err(open_error)?;
    let names = book.sheet_names().to_vec();
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let mut reader = book.worksheet_cells_reader(&name).map_err(|e| fail(format!("The sheet \"{name}\" cannot be read ({e}). {DAMAGED}")))?;
        let mut rows = Collect::new();
        while let Some(c) = reader.next_cell().map_err(|e| fail(format!("The sheet \"{name}\" cannot be read ({e}). {DAMAGED}")))? {
            let (r, col) = c.get_position();
            rows.put(r, col, cell_of(c.get_value())).map_err(|why| refused(&name, why))?;
        }
        drop(reader);
        sheets.push(rows.sheet(name));
    }
    Ok(Book { source: Source::Xlsx, sheets })
}

/// .xls, .xlsb, .ods: every sheet as calamine's range.
fn read_ranges<RS, T>(mut book: T, source: Source) -> Result<Book, InputError>
where
    RS: std::io::Read + std::io::Seek,
    T: Reader<RS>,
    T::Error: std::fmt::Display,
{
    let names = book.sheet_names().to_vec();
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let range = book.worksheet_range(&name).map_err(|e| {
            let d = e.to_string();
            if d.to_ascii_lowercase().contains("password") {
                password()
            } else if d.contains("limit") {
                too_many_cells(&name)
            } else {
                fail(format!("The sheet \"{name}\" cannot be read ({d}). {DAMAGED}"))
            }
        })?;
        let mut rows = Collect::new();
        if let Some((r0, c0)) = range.start() {
            for (r, c, d) in range.used_cells() {
                // Past u32 is past MAX_ROWS (and, for a column, past MAX_CELLS) too.
                let at = |a: u32, b: usize| u32::try_from(a as u64 + b as u64).unwrap_or(u32::MAX);
                rows.put(at(r0, r), at(c0, c), cell_of(&data_ref(d))).map_err(|why| refused(&name, why))?;
            }
        }
        sheets.push(rows.sheet(name));
    }
    Ok(Book { source, sheets })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ods_repeats_are_counted() {
        let row = |rep: u64, cells: &str| format!("<table:table-row table:number-rows-repeated=\"{rep}\">{cells}</table:table-row>");
        let full =
            "<table:table-cell table:number-columns-repeated=\"1000\" office:value-type=\"float\" office:value=\"1\"><text:p>1</text:p></table:table-cell>";
        let empty = "<table:table-cell table:number-columns-repeated=\"16000\"/>";
        assert_eq!(ods_cells_bound(&row(1_000_000, full)), 1_000_000_000);
        assert_eq!(ods_cells_bound(&row(1_000_000, empty)), 0, "empty repeats make no cells");
        let plain =
            "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell><table:table-cell/></table:table-row>";
        assert_eq!(ods_cells_bound(&plain.repeat(3)), 3);
    }
}
