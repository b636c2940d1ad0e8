//! The wire codec between the web app and its spreadsheet module (`xlsx/`, a separate
//! WebAssembly module loaded on first use): workbooks cross between the two as one byte
//! string, so that 50,000 rows are one copy rather than 400,000 JavaScript strings. Both sides
//! use exactly this code (bytes in, bytes out; no state).
//!
//! ```text
//! workbook = sheet*
//! sheet    = 0x1D name row*
//! row      = 0x1E cell*
//! cell     = 0x1F kind text     kind: 't' text, 'n' number (a plain decimal literal),
//!                                     'd' date (ISO yyyy-mm-dd), 'b' TRUE/FALSE,
//!                                     'e' a spreadsheet error such as #N/A
//! ```
//!
//! A workbook read for an import crosses as the engine's grid ([`from_book`], [`to_book`]):
//! the spreadsheet module reads it with the engine's own reader
//! (`engine::workbook::read_workbook`, with its checks for zip bombs, size and passwords), and
//! the app reads the grid back with exactly the cells and row numbers the command line sees.
//!
//! The separators are control characters that cannot appear in a spreadsheet cell's XML (XML
//! 1.0 forbids them); any that do arrive are replaced by U+FFFD.
//!
//! Text written to a spreadsheet is passed through [`neutralise`] by the writer, so a cell a
//! spreadsheet program could take for a formula is written as plain text.

const SHEET: char = '\u{1D}';
const ROW: char = '\u{1E}';
const CELL: char = '\u{1F}';

/// One cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    /// A plain decimal literal, e.g. `-1234.56` (never in exponent form).
    Number(String),
    /// A date cell, as ISO `yyyy-mm-dd` (`yyyy-mm-ddThh:mm:ss` with a time of day).
    Date(String),
    /// A TRUE/FALSE cell.
    Bool(bool),
    /// A spreadsheet error value such as `#N/A`.
    Error(String),
}

impl Cell {
    /// The cell's text, whichever kind it is.
    pub fn text(&self) -> &str {
        match self {
            Cell::Text(t) | Cell::Number(t) | Cell::Date(t) | Cell::Error(t) => t,
            Cell::Bool(b) => {
                if *b {
                    "TRUE"
                } else {
                    "FALSE"
                }
            }
        }
    }

    fn kind(&self) -> char {
        match self {
            Cell::Text(_) => 't',
            Cell::Number(_) => 'n',
            Cell::Date(_) => 'd',
            Cell::Bool(_) => 'b',
            Cell::Error(_) => 'e',
        }
    }
}

/// One sheet: its name and its rows (the first row is the sheet's row 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
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

/// Rows as CSV, the one way the calculator writes CSV: UTF-8 with a byte order mark (so that
/// Excel on Windows reads £ and accents correctly), CRLF line ends, quoting where needed, text
/// neutralised against formula injection ([`neutralise`]), numbers and dates as they are.
pub fn to_csv(rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).flexible(true).from_writer(vec![0xEF, 0xBB, 0xBF]);
    for row in rows {
        let cells = row.iter().map(|c| match c {
            Cell::Text(t) => neutralise(t),
            Cell::Number(t) | Cell::Date(t) | Cell::Error(t) => t.clone(),
            Cell::Bool(_) => c.text().to_string(),
        });
        // Writing to memory cannot fail.
        let _ = w.write_record(cells);
    }
    w.into_inner().unwrap_or_default()
}

fn push_clean(out: &mut String, s: &str) {
    if s.contains([SHEET, ROW, CELL]) {
        out.push_str(&s.replace([SHEET, ROW, CELL], "\u{FFFD}"));
    } else {
        out.push_str(s);
    }
}

/// The bytes of a workbook.
pub fn encode(sheets: &[Sheet]) -> Vec<u8> {
    let mut out = String::new();
    for sheet in sheets {
        out.push(SHEET);
        push_clean(&mut out, &sheet.name);
        for row in &sheet.rows {
            out.push(ROW);
            for cell in row {
                out.push(CELL);
                out.push(cell.kind());
                push_clean(&mut out, cell.text());
            }
        }
    }
    out.into_bytes()
}

/// A workbook from its bytes.
pub fn decode(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "the workbook is not valid text".to_string())?;
    Ok(text
        .split(SHEET)
        .skip(1)
        .map(|part| {
            let mut rows = part.split(ROW);
            let name = rows.next().unwrap_or("").to_string();
            let rows = rows
                .map(|row| {
                    row.split(CELL)
                        .skip(1)
                        .map(|cell| {
                            let mut chars = cell.chars();
                            let kind = chars.next();
                            let text = chars.as_str().to_string();
                            match kind {
                                Some('n') => Cell::Number(text),
                                Some('d') => Cell::Date(text),
                                Some('b') => Cell::Bool(text == "TRUE"),
                                Some('e') => Cell::Error(text),
                                _ => Cell::Text(text),
                            }
                        })
                        .collect()
                })
                .collect();
            Sheet { name, rows }
        })
        .collect())
}

/// A book of the engine's grid as sheets of the wire: each row at its own row number (blank
/// rows between are empty rows), empty cells as empty text.
pub fn from_book(book: &crate::engine::grid::Book) -> Vec<Sheet> {
    use crate::engine::grid::Cell as G;
    book.sheets
        .iter()
        .map(|s| {
            let mut rows: Vec<Vec<Cell>> = Vec::with_capacity(s.rows.last().map_or(0, |r| r.number));
            for r in &s.rows {
                while rows.len() + 1 < r.number {
                    rows.push(Vec::new());
                }
                rows.push(
                    r.cells
                        .iter()
                        .map(|c| match c {
                            G::Empty => Cell::Text(String::new()),
                            G::Text(t) => Cell::Text(t.clone()),
                            G::Number(d) => Cell::Number(d.to_string()),
                            G::Bool(b) => Cell::Bool(*b),
                            G::Date(d) => Cell::Date(d.clone()),
                            G::Error(e) => Cell::Error(e.clone()),
                        })
                        .collect(),
                );
            }
            Sheet { name: s.name.clone(), rows }
        })
        .collect()
}

/// The engine's grid from sheets of the wire ([`from_book`]'s inverse): blank rows dropped,
/// every other row numbered as the sheet numbers it.
pub fn to_book(sheets: Vec<Sheet>, source: crate::engine::grid::Source) -> crate::engine::grid::Book {
    use crate::engine::grid::{Book, Cell as G, Row, Sheet as GSheet};
    let sheets = sheets
        .into_iter()
        .map(|s| {
            let rows = s
                .rows
                .into_iter()
                .enumerate()
                .filter_map(|(i, row)| {
                    let cells: Vec<G> = row
                        .into_iter()
                        .map(|c| match c {
                            Cell::Text(t) if t.is_empty() => G::Empty,
                            Cell::Text(t) => G::Text(t),
                            Cell::Number(n) => n.parse().map(G::Number).unwrap_or(G::Text(n)),
                            Cell::Date(d) => G::Date(d),
                            Cell::Bool(b) => G::Bool(b),
                            Cell::Error(e) => G::Error(e),
                        })
                        .collect();
                    (!cells.iter().all(G::is_empty)).then_some(Row { number: i + 1, cells })
                })
                .collect();
            GSheet { name: s.name, rows }
        })
        .collect();
    Book { source, sheets }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_round_trips() {
        let sheets = vec![
            Sheet {
                name: "Pupils".into(),
                rows: vec![
                    vec![Cell::Text("id".into()), Cell::Text("current_e3".into())],
                    vec![Cell::Text("P1".into()), Cell::Number("1234.56".into()), Cell::Date("2025-09-01".into())],
                    vec![],
                    vec![Cell::Text(String::new())],
                ],
            },
            Sheet { name: "Read me".into(), rows: vec![] },
            Sheet { name: String::new(), rows: vec![vec![Cell::Text("£ and “quotes”, commas\nnew lines".into())]] },
        ];
        assert_eq!(decode(&encode(&sheets)).unwrap(), sheets);
        assert_eq!(decode(&encode(&[])).unwrap(), vec![]);
    }

    #[test]
    fn separators_in_text_are_replaced_not_misread() {
        let sheets = vec![Sheet { name: "a\u{1D}b".into(), rows: vec![vec![Cell::Text("x\u{1E}y\u{1F}z".into())]] }];
        let back = decode(&encode(&sheets)).unwrap();
        assert_eq!(back[0].name, "a\u{FFFD}b");
        assert_eq!(back[0].rows, vec![vec![Cell::Text("x\u{FFFD}y\u{FFFD}z".into())]]);
    }

    #[test]
    fn formula_like_text_is_neutralised() {
        for t in ["=SUM(A1)", "+1", "-1", "@x", "\tx", "\rx"] {
            assert_eq!(neutralise(t), format!("'{t}"));
        }
        assert_eq!(neutralise("SA3"), "SA3");
        assert_eq!(neutralise(""), "");
    }

    #[test]
    fn csv_is_excel_friendly_and_safe() {
        let rows = vec![
            vec![Cell::Text("id".into()), Cell::Text("name".into()), Cell::Text("e3".into())],
            vec![Cell::Text("P1".into()), Cell::Text("=cmd, \"x\"".into()), Cell::Number("-12.50".into())],
            vec![Cell::Text("£".into())],
        ];
        let out = to_csv(&rows);
        assert_eq!(out, "\u{FEFF}id,name,e3\r\nP1,\"'=cmd, \"\"x\"\"\",-12.50\r\n£\r\n".as_bytes());
    }

    /// Every register fixture, read by the engine, crosses the wire and comes back the same
    /// grid: the cells and row numbers the command line reads are the ones the app reads.
    #[test]
    fn a_grid_round_trips() {
        use crate::engine::grid::{Book, Cell as G, Row, Sheet as GSheet, Source};
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/registers/");
        for f in ["sims-sen-register.xlsx", "arbor-sen-students.xlsx", "bromcom-sen-list.ods", "sims-sen-register.xls", "arbor-sen-students-unicode.txt"] {
            let bytes = std::fs::read(format!("{dir}{f}")).unwrap();
            let book = crate::engine::workbook::read_any(&bytes).unwrap();
            let back = to_book(decode(&encode(&from_book(&book))).unwrap(), book.source);
            assert_eq!(back, book, "{f}");
        }
        let book = Book {
            source: Source::Xlsx,
            sheets: vec![GSheet {
                name: "P".into(),
                rows: vec![
                    Row { number: 3, cells: vec![G::Text("a".into()), G::Empty, G::Number("12500.5".parse().unwrap())] },
                    Row { number: 7, cells: vec![G::Bool(true), G::Date("2025-09-01".into()), G::Error("#N/A".into())] },
                ],
            }],
        };
        assert_eq!(to_book(decode(&encode(&from_book(&book))).unwrap(), Source::Xlsx), book);
    }

    #[test]
    fn bytes_that_are_not_text_are_an_error() {
        assert!(decode(&[0x1D, 0xFF, 0xFE]).is_err());
    }
}
