//! The import pipeline itself, with no browser in it (so it is tested natively): what is shown
//! at each step for a book already read into cells, whatever the kind of record.
//!
//! header search and sheet choice (the engine's `register::import_*`) → the mapping step
//! ([`Mapping`]: the columns with their first values, the column chosen for each field,
//! remembered per set of headings through [`Env`]) → the preview ([`Preview`]: rows accepted,
//! rows refused with what is wrong, the columns left out, notices).

use std::rc::Rc;

use sen_funding::engine::grid::{self, Book, Source};
use sen_funding::engine::register::{normalise_heading, preview_columns, Choice, ColumnPreview, FieldSpec, Imported, Kind, LeftOut, SheetInfo};
use sen_funding::engine::InputError;

use crate::school::common::Shared;

/// What is imported: pupils or Communities. The pipeline, the steps and the preview are the
/// same for both; a kind says how its records are read (through the engine), named and shown.
pub trait RecordKind: Clone + PartialEq + 'static {
    type Record: Clone + PartialEq + 'static;
    /// The engine's kind: its fields and the headings it recognises.
    fn kind(&self) -> Kind;
    /// The engine's import of the book as asked.
    fn import(&self, book: &Book, request: &Request) -> Imported<Self::Record>;
    /// "pupil", "Community".
    fn one(&self) -> &'static str;
    /// "pupils", "Communities".
    fn many(&self) -> &'static str;
    /// A field for people: "Pupil id", "Looked-after children".
    fn label(&self, key: &str) -> String;
    /// The first option of a field's select in the mapping step.
    fn no_column(&self, field: &FieldSpec) -> &'static str {
        if field.required {
            "Choose a column"
        } else {
            "Not in the file"
        }
    }
    /// A record as cells, in the order of the kind's fields (what the table behind would show).
    fn cells_of(&self, r: &Self::Record) -> Vec<String>;
    /// The columns of the table of rows accepted (heading, numeric), after the row number.
    fn shown_heads(&self) -> &'static [(&'static str, bool)];
    /// A record's cells in that table.
    fn shown(&self, r: &Self::Record) -> Vec<String>;
    /// Whether an id looks like a person's name (only pupils warn).
    fn looks_like_name(&self, _id: &str) -> bool {
        false
    }
    /// What else the book brings that the preview should say (a Community workbook's pots).
    fn notices(&self, _book: &Book) -> Vec<String> {
        Vec::new()
    }
    /// The key under which mappings are remembered: each kind has its own.
    fn memory_scope(&self) -> &'static str;
}

/// What the pipeline needs from its surroundings: the time, and a place to remember the
/// columns chosen for a set of headings.
pub trait Env {
    fn now(&self) -> f64;
    fn recall(&self, key: &str) -> Option<String>;
    fn keep(&self, key: &str, value: &str);
}

/// One row of the file, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRow<R> {
    /// Its line (CSV) or row (spreadsheet, pasted cells) number.
    pub line: usize,
    /// The cells of the columns read, in the order of the kind's fields (never a column left out).
    pub cells: Vec<String>,
    /// The record, for a row accepted.
    pub record: Option<R>,
    /// What is wrong, each "Heading: message".
    pub faults: Vec<String>,
}

impl<R> ImportRow<R> {
    pub fn accepted(&self) -> bool {
        self.record.is_some() && self.faults.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Preview<R> {
    pub file: String,
    /// How it was read: "CSV, Windows-1252" or "sheet “Pupils”, header on row 3".
    pub source: String,
    /// "line" or "row".
    pub unit: &'static str,
    pub rows: Vec<ImportRow<R>>,
    pub accepted: usize,
    pub rejected: usize,
    pub names: usize,
    pub elapsed_ms: f64,
    /// The columns not read because they can only identify a child.
    pub left_out: Vec<LeftOut>,
    /// Which column was read for which field: "Pupil id: “Adno” (column A)".
    pub columns: Vec<String>,
    pub notices: Vec<String>,
    /// Every fault as the engine writes it, with its path ("line 3: pupils: …").
    pub errors: Vec<String>,
}

/// What the user asked for: which sheet, which columns, and whether the cells have no header.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Request {
    pub sheet: Option<usize>,
    pub choices: Vec<(String, Choice)>,
    pub headerless: bool,
}

/// The mapping step: the columns of the header row (or of headerless cells), and the column
/// chosen for each field (in the order of the kind's fields).
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    pub header_ix: Option<usize>,
    pub columns: Vec<ColumnPreview>,
    pub chosen: Vec<Option<usize>>,
    /// Chosen as last time, for a file with the same headings.
    pub remembered: bool,
}

/// One step of the import: the file read, what was asked, and what came of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Step<R> {
    pub file: String,
    pub book: Rc<Book>,
    pub request: Request,
    pub sheets: Vec<SheetInfo>,
    pub sheet: Option<usize>,
    pub mapping: Option<Mapping>,
    /// A fault with the file or its columns rather than its rows.
    pub problem: Option<String>,
    pub preview: Option<Shared<Preview<R>>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Phase<R> {
    Idle,
    Busy { file: String, stage: String, done: usize, total: usize },
    Step(Shared<Step<R>>),
    Failed { file: String, message: String },
}

/// What to show for a step: a file that cannot be read at all (no header, no row like one, one
/// sheet) is a plain failure; anything else is the step.
pub fn show<R>(step: Step<R>) -> Phase<R> {
    if step.preview.is_none() && step.mapping.is_none() && step.sheets.len() < 2 {
        return Phase::Failed { file: step.file.clone(), message: step.problem.clone().unwrap_or_default() };
    }
    Phase::Step(Shared(Rc::new(step)))
}

/// The key under which the columns chosen for a file with these headings are remembered.
pub fn memory_key(scope: &str, headings: &[grid::Cell]) -> String {
    let h: Vec<String> = headings.iter().map(|c| normalise_heading(&c.text())).collect();
    format!("import-columns.{scope}{}", h.join(","))
}

fn remembered(env: &dyn Env, scope: &str, headings: &[grid::Cell]) -> Option<Vec<(String, Choice)>> {
    let text = env.recall(&memory_key(scope, headings))?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    let o = v.as_object()?;
    let out: Vec<(String, Choice)> = o.iter().filter_map(|(k, v)| Some((k.clone(), Choice::Heading(v.as_str()?.to_string())))).collect();
    (!out.is_empty()).then_some(out)
}

fn remember(env: &dyn Env, scope: &str, headings: &[grid::Cell], choices: &[(String, Choice)]) {
    let mut o = serde_json::Map::new();
    for (k, c) in choices {
        if let Choice::Heading(h) = c {
            o.insert(k.clone(), serde_json::Value::String(h.clone()));
        }
    }
    if !o.is_empty() {
        env.keep(&memory_key(scope, headings), &serde_json::Value::Object(o).to_string());
    }
}

/// Where a row is, as the engine's messages say it.
pub fn place(source: Source, sheet: &str, n: usize) -> String {
    match source {
        Source::Csv(_) => format!("line {n}"),
        Source::Cells => format!("row {n}"),
        _ => format!("sheet \"{sheet}\" row {n}"),
    }
}

fn plain(errors: &[InputError]) -> String {
    errors.iter().map(|e| if e.path.is_empty() { e.message.clone() } else { format!("{}: {}", e.path, e.message) }).collect::<Vec<_>>().join(" ")
}

/// How the book was read, for people: "CSV, UTF-8, header on line 3", "Excel workbook, sheet
/// “Communities”, header on row 4".
pub fn source_of(book: &Book, sheet: usize, header_row: Option<usize>) -> String {
    let name = book.sheets.get(sheet).map(|s| s.name.as_str()).unwrap_or_default();
    match (book.source, header_row) {
        (Source::Csv(e), Some(h)) => format!("CSV, {}, header on line {h}", e.label()),
        (Source::Csv(e), None) => format!("CSV, {}", e.label()),
        (Source::Cells, Some(h)) => format!("pasted cells, header on row {h}"),
        (Source::Cells, None) => "pasted cells without a header row".into(),
        (s, Some(h)) => format!("{}, sheet “{name}”, header on row {h}", s.label()),
        (s, None) => format!("{}, sheet “{name}”", s.label()),
    }
}

/// The preview of an import that read its rows.
pub fn preview_of<K: RecordKind>(kind: &K, file: &str, book: &Book, imp: Imported<K::Record>, elapsed_ms: f64) -> Preview<K::Record> {
    let si = imp.sheet.unwrap_or(0);
    let sheet = &book.sheets[si];
    let unit = if book.source.is_csv() { "line" } else { "row" };
    let source = source_of(book, si, imp.header_row);
    let fields = kind.kind().fields();
    let cols: Vec<Option<usize>> = fields.iter().map(|f| imp.columns.iter().find(|c| c.field == f.key).map(|c| c.column)).collect();
    let errors: Vec<String> = imp.errors.iter().map(|e| if e.path.is_empty() { e.message.clone() } else { e.to_string() }).collect();
    let mut rows: Vec<ImportRow<K::Record>> = Vec::with_capacity(imp.accepted.len() + imp.rejected_rows.len());
    for (line, r) in imp.accepted {
        rows.push(ImportRow { line, cells: kind.cells_of(&r), record: Some(r), faults: Vec::new() });
    }
    if !imp.rejected_rows.is_empty() {
        let by_number: std::collections::HashMap<usize, &grid::Row> = sheet.rows.iter().map(|r| (r.number, r)).collect();
        let mut errs = imp.errors.iter().peekable();
        for &n in &imp.rejected_rows {
            let prefix = format!("{}: ", place(book.source, &sheet.name, n));
            let mut faults = Vec::new();
            while let Some(e) = errs.peek() {
                match e.path.strip_prefix(&prefix) {
                    Some(heading) => {
                        // The file's own column, and the calculator's name for it.
                        let label = imp.columns.iter().find(|c| c.heading == heading).map(|c| kind.label(c.field));
                        faults.push(match label {
                            Some(l) if !l.eq_ignore_ascii_case(heading) => format!("“{heading}” ({l}): {}", e.message),
                            _ => format!("{heading}: {}", e.message),
                        });
                        errs.next();
                    }
                    None => break,
                }
            }
            let cells: Vec<String> =
                cols.iter().map(|c| c.and_then(|c| by_number.get(&n).and_then(|r| r.cells.get(c))).map(|c| c.text()).unwrap_or_default()).collect();
            rows.push(ImportRow { line: n, record: None, cells, faults });
        }
    }
    rows.sort_by_key(|r| r.line);
    let accepted = rows.iter().filter(|r| r.accepted()).count();
    let names = rows.iter().filter(|r| r.cells.first().is_some_and(|id| kind.looks_like_name(id.trim()))).count();
    let columns = imp.columns.iter().map(|c| format!("{}: “{}” (column {})", kind.label(c.field), c.heading, grid::column_letters(c.column))).collect();
    let mut notices = imp.notices;
    notices.extend(kind.notices(book));
    Preview {
        file: file.to_string(),
        source,
        unit,
        rejected: rows.len() - accepted,
        rows,
        accepted,
        names,
        elapsed_ms,
        left_out: imp.left_out,
        columns,
        notices,
        errors,
    }
}

/// A choice of column for a field: by its heading when the heading is in the header row once,
/// else by position.
pub fn choice_for(header: Option<&grid::Row>, c: usize) -> Choice {
    match header {
        Some(h) => {
            let t = h.cells.get(c).map(|x| x.text()).unwrap_or_default();
            let n = normalise_heading(&t);
            let same = h.cells.iter().filter(|x| normalise_heading(&x.text()) == n).count();
            if !n.is_empty() && same == 1 {
                Choice::Heading(t)
            } else {
                Choice::Column(c)
            }
        }
        None => Choice::Column(c),
    }
}

/// The request after the user chose `column` (or none) for the field at `field` in the mapping
/// step: every field keeps its column, by heading where the heading is unique.
pub fn with_choice<R>(step: &Step<R>, m: &Mapping, field: usize, column: Option<usize>, fields: &[FieldSpec]) -> Request {
    let header = step.sheet.and_then(|s| m.header_ix.and_then(|h| step.book.sheets.get(s).and_then(|s| s.rows.get(h))));
    let mut chosen = m.chosen.clone();
    if let Some(slot) = chosen.get_mut(field) {
        *slot = column;
    }
    let choices = fields.iter().zip(&chosen).filter_map(|(f, c)| c.map(|c| (f.key.to_string(), choice_for(header, c)))).collect();
    Request { sheet: step.sheet, choices, headerless: step.request.headerless }
}

/// Runs the engine's import on the book as the user asked, and says what to show.
pub fn check<K: RecordKind>(kind: &K, file: &str, book: Rc<Book>, request: Request, env: &dyn Env, started: f64) -> Step<K::Record> {
    let scope = kind.memory_scope();
    let fields = kind.kind().fields();
    let mut request = request;
    let mut imp = kind.import(&book, &request);
    let mut from_memory = false;
    // No header: the columns chosen last time for a file with the same headings, or, for cells
    // pasted without their header row, every row is data.
    if imp.header_fault && imp.header_row.is_none() && request.choices.is_empty() && !request.headerless {
        let first_row = || book.sheets.iter().position(|s| !s.rows.is_empty()).map(|s| (s, 0));
        let guess = if book.source == Source::Cells { imp.best_guess } else { imp.best_guess.or_else(first_row) };
        if let Some((s, r)) = guess {
            if let Some(choices) = remembered(env, scope, &book.sheets[s].rows[r].cells) {
                let again = Request { sheet: Some(s), choices, headerless: false };
                let second = kind.import(&book, &again);
                if !second.header_fault {
                    request = again;
                    imp = second;
                    from_memory = true;
                }
            }
        } else if book.source == Source::Cells {
            request.headerless = true;
            // The calculator's own order, when the block is as wide as its table's required
            // fields (and those before the last of them).
            let width = book.sheets[0].rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
            let last_required = fields.iter().rposition(|f| f.required).unwrap_or(0);
            if width > last_required {
                request.choices = fields.iter().enumerate().take(last_required + 1).map(|(i, f)| (f.key.to_string(), Choice::Column(i))).collect();
            }
            imp = kind.import(&book, &request);
        }
    }
    let sheets = imp.sheets.clone();
    let sheet = imp.sheet;
    // The header row (an index into the sheet's rows) the mapping step shows the columns of.
    let header_ix = |imp: &Imported<K::Record>| -> Option<(usize, Option<usize>)> {
        if request.headerless {
            return Some((imp.sheet.unwrap_or(0), None));
        }
        if let (Some(s), Some(h)) = (imp.sheet, imp.header_row) {
            return book.sheets[s].rows.iter().position(|r| r.number == h).map(|i| (s, Some(i)));
        }
        // No row looks like a header: the first row of the sheet, so that the columns can
        // still be chosen.
        imp.best_guess.map(|(s, r)| (s, Some(r))).or_else(|| {
            let s = imp.sheet.or_else(|| book.sheets.iter().position(|s| !s.rows.is_empty()))?;
            (!book.sheets[s].rows.is_empty()).then_some((s, Some(0)))
        })
    };
    // A fault with the file rather than its rows (an empty sheet, no header, two columns for one field).
    let file_fault = imp.header_fault || (imp.accepted.is_empty() && imp.rejected_rows.is_empty() && !imp.errors.is_empty());
    let problem = file_fault.then(|| plain(&imp.errors));
    let needs_mapping = imp.header_fault || !request.choices.is_empty() || request.headerless;
    let mapping = if needs_mapping {
        header_ix(&imp).map(|(s, hi)| {
            let columns = preview_columns(kind.kind(), &book.sheets[s], hi, &request.choices, 3);
            let chosen = fields
                .iter()
                .map(|f| {
                    imp.columns
                        .iter()
                        .find(|c| c.field == f.key)
                        .map(|c| c.column)
                        .or_else(|| columns.iter().find(|c| c.field == Some(f.key)).map(|c| c.column))
                })
                .collect();
            Mapping { header_ix: hi, columns, chosen, remembered: from_memory }
        })
    } else {
        None
    };
    let preview = if file_fault {
        None
    } else {
        // Remember the columns chosen for the next file with these headings.
        if let (Some(m), false) = (&mapping, request.choices.is_empty()) {
            if let (Some(s), Some(hi)) = (sheet, m.header_ix) {
                remember(env, scope, &book.sheets[s].rows[hi].cells, &request.choices);
            }
        }
        let p = preview_of(kind, file, &book, imp, 0.0);
        Some(Shared(Rc::new(Preview { elapsed_ms: env.now() - started, ..p })))
    };
    Step { file: file.to_string(), book, request, sheets, sheet, mapping, problem, preview }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::collections::HashMap;

    use super::*;
    use crate::communities::import::CommunityKind;
    use sen_funding::engine::grid::{Cell, Row, Sheet};

    /// A clock that stands still and a memory in a map.
    #[derive(Default)]
    struct TestEnv(RefCell<HashMap<String, String>>);

    impl Env for TestEnv {
        fn now(&self) -> f64 {
            0.0
        }
        fn recall(&self, key: &str) -> Option<String> {
            self.0.borrow().get(key).cloned()
        }
        fn keep(&self, key: &str, value: &str) {
            self.0.borrow_mut().insert(key.to_string(), value.to_string());
        }
    }

    fn text(s: &str) -> Cell {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.to_string())
        }
    }

    fn sheet(name: &str, rows: &[(usize, &[&str])]) -> Sheet {
        Sheet { name: name.into(), rows: rows.iter().map(|(n, cells)| Row { number: *n, cells: cells.iter().map(|c| text(c)).collect() }).collect() }
    }

    const OWN: [&str; 14] = [
        "Community ID",
        "Community name",
        "Pupils 5 to 16",
        "IDACI band A",
        "IDACI band B",
        "IDACI band C",
        "IDACI band D",
        "IDACI band E",
        "IDACI band F",
        "Looked after children",
        "Low prior attainment",
        "Historic funding",
        "Protection option",
        "Area office",
    ];

    /// A workbook: notes on the first sheet, the Communities on the second under a title, with
    /// a heading ("Pupils 5 to 16") the engine does not know.
    fn county_book() -> Book {
        Book {
            source: Source::Xlsx,
            sheets: vec![
                sheet("Read me", &[(1, &["The Communities are on the next sheet."])]),
                sheet(
                    "Communities",
                    &[
                        (1, &["Kent Communities 2025-26"]),
                        (3, &OWN),
                        (4, &["K01", "Ashford Rural", "11200", "310", "420", "600", "710", "880", "1040", "42", "1430", "1180000", "B", "Ashford"]),
                        (5, &["K02", "Canterbury City", "9650", "640", "690", "815", "770", "790", "905", "77", "1680", "1455250.50", "", "Canterbury"]),
                        (6, &["K03", "Dover Coast", "lots", "95", "160", "310", "515", "790", "1385", "21", "815", "655000", "Z", "Dover"]),
                    ],
                ),
            ],
        }
    }

    #[test]
    fn a_heading_not_known_asks_for_its_column_then_previews_and_is_remembered() {
        let env = TestEnv::default();
        let book = Rc::new(county_book());
        let step = check(&CommunityKind, "county.xlsx", book.clone(), Request::default(), &env, 0.0);
        // No header: the mapping step, on the second sheet, the others offered; no preview.
        assert!(step.preview.is_none());
        assert_eq!(step.sheet, Some(1));
        assert_eq!(step.sheets.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["Read me", "Communities"]);
        let problem = step.problem.clone().unwrap_or_default();
        assert!(problem.starts_with("No header row found") && problem.contains("no column for pupils"), "{problem}");
        assert!(!problem.contains("R10"), "{problem}");
        let m = step.mapping.clone().expect("a mapping step");
        assert_eq!(m.header_ix, Some(1));
        // Every recognised field has its column; pupils has none; the unknown column is offered
        // with its first values.
        assert_eq!(m.chosen[0], Some(0));
        assert_eq!(m.chosen[2], None);
        assert_eq!(m.chosen[11], Some(11));
        let pupils = &m.columns[2];
        assert_eq!((pupils.heading.as_str(), pupils.first_values.clone()), ("Pupils 5 to 16", vec!["11200".to_string(), "9650".into(), "lots".into()]));
        assert!(matches!(show(step.clone()), Phase::Step(_)), "a step, not a failure");

        // The user chooses column C for pupils: every row is read.
        let request = with_choice(&step, &m, 2, Some(2), CommunityKind.kind().fields());
        assert_eq!(request.sheet, Some(1));
        assert!(request.choices.contains(&("pupils".to_string(), Choice::Heading("Pupils 5 to 16".into()))));
        let step = check(&CommunityKind, "county.xlsx", book.clone(), request, &env, 0.0);
        assert_eq!(step.problem, None);
        let p = step.preview.clone().expect("a preview");
        assert_eq!((p.accepted, p.rejected, p.unit), (2, 1, "row"));
        assert_eq!(p.source, "Excel workbook (.xlsx), sheet “Communities”, header on row 3");
        let ok = &p.rows[1];
        assert_eq!(ok.line, 5);
        assert_eq!(ok.cells[0], "K02");
        assert_eq!(ok.record.as_ref().map(|c| c.historic.to_string()), Some("1455250.50".into()));
        // The row with problems: its file's cells, in the order of the fields, and what is
        // wrong under the file's own headings.
        let bad = &p.rows[2];
        assert!(!bad.accepted());
        assert_eq!((bad.line, bad.cells[0].as_str(), bad.cells[2].as_str(), bad.cells[12].as_str()), (6, "K03", "lots", "Z"));
        assert!(bad.faults.iter().any(|f| f.starts_with("“Pupils 5 to 16” (Pupils aged 5–16): ")), "{:?}", bad.faults);
        assert!(p.errors.iter().any(|e| e.starts_with("sheet \"Communities\" row 6: Pupils 5 to 16: ")), "{:?}", p.errors);
        assert!(p.columns.contains(&"Pupils aged 5–16: “Pupils 5 to 16” (column C)".to_string()), "{:?}", p.columns);
        assert!(p.left_out.is_empty(), "a Community's name is not a child's");

        // The same headings next time: the columns chosen are remembered, under the
        // Communities' own key (never the pupils').
        assert!(env.0.borrow().keys().all(|k| k.starts_with("import-columns.communities.")), "{:?}", env.0.borrow());
        let again = check(&CommunityKind, "county-2.xlsx", book, Request::default(), &env, 0.0);
        assert!(again.mapping.as_ref().is_some_and(|m| m.remembered));
        assert_eq!(again.preview.map(|p| p.accepted), Some(2));
    }

    #[test]
    fn an_empty_sheet_is_a_plain_failure() {
        let env = TestEnv::default();
        let book = Rc::new(Book { source: Source::Xlsx, sheets: vec![sheet("Communities", &[])] });
        let step = check(&CommunityKind, "empty.xlsx", book, Request::default(), &env, 0.0);
        match show(step) {
            Phase::Failed { file, message } => {
                assert_eq!(file, "empty.xlsx");
                assert_eq!(message, "The sheet \"Communities\" is empty: there are no rows to read. Check that this is the right file.");
            }
            other => panic!("{other:?}"),
        }
        assert!(env.0.borrow().is_empty(), "nothing remembered");
    }

    #[test]
    fn a_header_repeated_half_way_down_is_skipped_with_a_notice() {
        let env = TestEnv::default();
        let head = ["id", "name", "pupils", "idaci_a", "idaci_b", "idaci_c", "idaci_d", "idaci_e", "idaci_f", "lac", "lpa", "historic"];
        let r1 = ["C1", "One", "100", "1", "2", "3", "4", "5", "6", "7", "8", "1000"];
        let r2 = ["C2", "Two", "200", "1", "2", "3", "4", "5", "6", "7", "8", "2000"];
        let book = Rc::new(Book {
            source: Source::Csv(sen_funding::engine::csv_import::Encoding::Utf8),
            sheets: vec![sheet("", &[(1, &head), (2, &r1), (3, &head), (4, &r2)])],
        });
        let step = check(&CommunityKind, "c.csv", book, Request::default(), &env, 0.0);
        assert!(step.mapping.is_none(), "every column known: no mapping step");
        let p = step.preview.expect("a preview");
        assert_eq!((p.accepted, p.rejected, p.unit), (2, 0, "line"));
        assert_eq!(p.notices, ["Line 3 repeats the header row again, and was skipped."]);
        assert_eq!(p.source, "CSV, UTF-8, header on line 1");
    }

    #[test]
    fn cells_pasted_without_a_header_are_read_in_the_calculators_order() {
        let env = TestEnv::default();
        let book = Rc::new(grid::pasted_book("C1\tOne\t100\t1\t2\t3\t4\t5\t6\t7\t8\t1000\nC2\tTwo\t200\t1\t2\t3\t4\t5\t6\t7\t8\t2000\n").expect("pasted"));
        let step = check(&CommunityKind, "the pasted cells", book, Request::default(), &env, 0.0);
        assert!(step.request.headerless);
        assert_eq!(step.mapping.as_ref().map(|m| m.header_ix), Some(None));
        let p = step.preview.expect("a preview");
        assert_eq!((p.accepted, p.source.as_str()), (2, "pasted cells without a header row"));
        // Too narrow a block: each column is to be chosen.
        let book = Rc::new(grid::pasted_book("C1\tOne\t100\nC2\tTwo\t200\n").expect("pasted"));
        let step = check(&CommunityKind, "the pasted cells", book, Request::default(), &env, 0.0);
        assert!(step.preview.is_none());
        assert!(step.problem.is_some_and(|p| p.starts_with("Choose the column that holds")));
    }

    #[test]
    fn a_column_is_chosen_by_its_heading_unless_the_heading_is_repeated() {
        let row = Row { number: 1, cells: vec![text("Band"), text("Notes"), text("Notes"), text("")] };
        assert_eq!(choice_for(Some(&row), 0), Choice::Heading("Band".into()));
        assert_eq!(choice_for(Some(&row), 1), Choice::Column(1));
        assert_eq!(choice_for(Some(&row), 3), Choice::Column(3));
        assert_eq!(choice_for(None, 2), Choice::Column(2));
        assert_eq!(memory_key("communities.", &row.cells), "import-columns.communities.band,notes,notes,");
        assert_eq!(place(Source::Xlsx, "Communities", 7), "sheet \"Communities\" row 7");
        assert_eq!(place(Source::Cells, "", 2), "row 2");
    }
}
