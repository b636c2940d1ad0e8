//! A school's own register (R10.1a), and the Community list (R10.2), read from a grid of cells
//! ([`super::grid`]): the one import pipeline for CSV files and workbooks, for pupils and for
//! Communities, used alike by the command line and the web app.
//!
//! * **Header search** (R10.1a): the header row is the first of the first 100 rows that names
//!   every required field; on a workbook, the first sheet that has one (the sheets and which
//!   of them have a header are returned, so that a page can offer the others). Headings are
//!   compared after lower-casing and dropping everything but letters and digits, and the
//!   headings of R10.1a are recognised besides the field names of R10.1 / R10.2.
//! * **Mapping**: a caller may choose the column of any field ([`Choice`]: by heading, as the
//!   command line's `--column FIELD=HEADING`, or by position, as the web app's mapping step,
//!   which [`preview_columns`] feeds with headings and first values). Cells pasted without
//!   their header row ([`super::grid::pasted_book`], [`Options::headerless`]) are mapped by
//!   position only.
//!   Two columns that both look like one field are an error naming both. For pupils, `setting`
//!   is not required: without its column every pupil is in the school's first setting
//!   ([`Options::default_setting`]), and a notice says so.
//! * **Values as schools write them** (R10.1a, on top of R10.1): SEN status codes (`E`, `K`,
//!   "E - Education, Health and Care Plan"), band names from the rate card and codes with
//!   spaces ("SA 3"), "Year 4", "Reception", Excel date and number cells, setting words. A
//!   value that cannot be read is a row error naming the sheet, the row and the column.
//! * **Names are never read** (R10.1a): a column whose heading can only identify a child
//!   (surname, forename, name, UPN, date of birth, address, postcode …) is never read, and its
//!   cells never reach the result or a message; the result lists the columns left out and why.
//!
//! Messages are plain English and carry no rule numbers (those are for the docs and Explain).
//! Paths are `line 5: band` for a CSV file (its line number) and `sheet "Pupils" row 7: SEN
//! Status` for a workbook (its sheet, row and column heading).

use super::errors::{Errors, InputError};
use super::grid::{column_letters, excel_serial_date, Book, Cell, Row, Sheet, Source};
use super::money::{parse_count, parse_fraction, parse_money, parse_money_lenient};
use super::periods::Date;
use super::ratecard::{ProtectionOption, RateCard, Setting, IDACI_BANDS};
use super::scenario::{check_pupil_dates, check_pupil_id, unknown_band, Community, Indicators, Pupil, YearGroup, YEAR_GROUP_RULE};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// How many rows from the top of a sheet are searched for the header row (R10.1a).
pub const HEADER_SEARCH_ROWS: usize = 100;

/// What is being imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// R10.1 / R10.1a: a school's pupils.
    Pupils,
    /// R10.2: the Communities.
    Communities,
}

/// One field of an import: its key (the R10.1 / R10.2 column name), whether a header must
/// name it, and the headings recognised for it (compared normalised, [`normalise_heading`]).
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub key: &'static str,
    pub required: bool,
    pub headings: &'static [&'static str],
}

const fn f(key: &'static str, required: bool, headings: &'static [&'static str]) -> FieldSpec {
    FieldSpec { key, required, headings }
}

/// R10.1 and R10.1a: the pupil fields and the headings recognised for them.
pub const PUPIL_FIELDS: [FieldSpec; 8] = [
    f("id", true, &["id", "pupil id", "adno", "admission number", "pupil ref", "pupil reference", "reference", "admission no"]),
    f("setting", false, &["setting", "provision", "placement"]),
    f("band", true, &["band", "continuum band", "continuum", "level"]),
    f("ehcp", true, &["ehcp", "sen status", "ehc plan", "has ehcp", "ehcp?", "sen provision"]),
    f("current_e3", true, &["current_e3", "top-up", "element 3", "current e3", "e3", "top up", "current top-up", "high needs top-up", "high needs top up"]),
    f("year_group", false, &["year_group", "year group", "year", "nc year", "yr", "curriculum year"]),
    f("start", false, &["start", "start date", "date of admission", "admission date", "date of entry"]),
    f("end", false, &["end", "end date", "leaving date", "date of leaving"]),
];

/// R10.2: the Community fields.
pub const COMMUNITY_FIELDS: [FieldSpec; 14] = [
    f("id", true, &["id", "community id"]),
    f("name", true, &["name", "community name"]),
    f("pupils", true, &["pupils", "pupils 5-16", "pupils aged 5-16", "number of pupils"]),
    f("idaci_a", true, &["idaci_a", "idaci band a"]),
    f("idaci_b", true, &["idaci_b", "idaci band b"]),
    f("idaci_c", true, &["idaci_c", "idaci band c"]),
    f("idaci_d", true, &["idaci_d", "idaci band d"]),
    f("idaci_e", true, &["idaci_e", "idaci band e"]),
    f("idaci_f", true, &["idaci_f", "idaci band f"]),
    f("lac", true, &["lac", "looked after children", "looked-after children"]),
    f("lpa", true, &["lpa", "low prior attainment"]),
    f("historic", true, &["historic", "historic e3", "historic spend", "historic funding"]),
    f("protection", false, &["protection", "protection option"]),
    f("protection_rate", false, &["protection_rate", "protection rate"]),
];

impl Kind {
    pub fn fields(self) -> &'static [FieldSpec] {
        match self {
            Kind::Pupils => &PUPIL_FIELDS,
            Kind::Communities => &COMMUNITY_FIELDS,
        }
    }
    fn field(self, key: &str) -> Option<usize> {
        let k = normalise_heading(key);
        self.fields().iter().position(|f| normalise_heading(f.key) == k)
    }
    fn noun(self) -> &'static str {
        match self {
            Kind::Pupils => "pupil",
            Kind::Communities => "Community",
        }
    }
}

/// A heading as headings are compared (R10.1a): lower-cased, letters and digits only.
/// `Top-up (£)` → `topup`; `EHCP?` → `ehcp`; `Current E3` → `currente3`.
pub fn normalise_heading(h: &str) -> String {
    h.chars().filter(|c| c.is_alphanumeric()).flat_map(|c| c.to_lowercase()).collect()
}

/// Whether `s` normalises to `norm` ([`normalise_heading`]), without building the string.
fn same_heading(s: &str, norm: &str) -> bool {
    let mut want = norm.chars();
    for c in s.chars().filter(|c| c.is_alphanumeric()).flat_map(|c| c.to_lowercase()) {
        if want.next() != Some(c) {
            return false;
        }
    }
    want.next().is_none()
}

/// Why a column is never read (R10.1a), from its normalised heading: it can only identify a
/// child. `None` for any other heading.
pub fn identifying(norm: &str) -> Option<&'static str> {
    const NAME: &str = "it holds names";
    match norm {
        "name" | "surname" | "forename" | "forenames" | "firstname" | "lastname" | "legalname" | "preferredname" | "middlename" | "middlenames"
        | "givenname" | "familyname" | "pupil" | "student" | "child" | "learner" | "knownas" | "nickname" => return Some(NAME),
        "upn" | "formerupn" | "uln" | "uniquepupilnumber" => return Some("it holds unique pupil numbers"),
        "dob" | "dateofbirth" | "birthdate" => return Some("it holds dates of birth"),
        "postcode" | "address" => return Some("it holds addresses"),
        _ => {}
    }
    const NAMEY: [&str; 10] =
        ["surname", "forename", "firstname", "lastname", "fullname", "legalname", "preferredname", "pupilname", "childname", "studentname"];
    if NAMEY.iter().any(|n| norm.contains(n)) {
        return Some(NAME);
    }
    if norm.contains("dateofbirth") {
        return Some("it holds dates of birth");
    }
    if norm.contains("address") || norm.contains("postcode") {
        return Some("it holds addresses");
    }
    // A family's names and contact details identify the child too.
    const CONTACT: [&str; 8] = ["parent", "carer", "guardian", "contact", "email", "phone", "mobile", "telephone"];
    if CONTACT.iter().any(|n| norm.contains(n)) {
        return Some("it holds a family's names or contact details");
    }
    None
}

/// A caller's choice of the column for a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// The column under this heading (compared normalised): the command line's
    /// `--column FIELD=HEADING`.
    Heading(String),
    /// The column at this position (0 = column A): the web app's mapping step.
    Column(usize),
}

/// How to read a book.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    /// Pupils: band codes and names are checked against this card.
    pub card: Option<&'a RateCard>,
    /// Pupils: the setting of every pupil when there is no setting column (the school's first).
    pub default_setting: Setting,
    /// Field key → column, over the headings recognised.
    pub choices: Vec<(String, Choice)>,
    /// Read this sheet (an index into the book's sheets) rather than the first with a header.
    pub sheet: Option<usize>,
    /// The rows have no header row (cells pasted without theirs): every row is data, and every
    /// required field's column is chosen by position ([`Choice::Column`]).
    pub headerless: bool,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options { card: None, default_setting: Setting::Mainstream, choices: Vec::new(), sheet: None, headerless: false }
    }
}

/// A column the import did not read because it can only identify a child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub column: usize,
    pub heading: String,
    pub reason: &'static str,
}

/// A column that was read, and for which field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnUse {
    pub field: &'static str,
    pub column: usize,
    pub heading: String,
}

/// One sheet of the book, for a page offering the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetInfo {
    pub name: String,
    /// Non-blank rows.
    pub rows: usize,
    /// The row number of its header, where one is found.
    pub header: Option<usize>,
}

/// The outcome of an import: the records read and every fault, with what was read and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported<T> {
    pub source: Source,
    pub sheets: Vec<SheetInfo>,
    /// The sheet read (an index into `sheets`).
    pub sheet: Option<usize>,
    /// Its header row's number.
    pub header_row: Option<usize>,
    /// The columns read, field by field.
    pub columns: Vec<ColumnUse>,
    /// The columns left out because they can only identify a child.
    pub left_out: Vec<LeftOut>,
    /// Headings of the other columns, not used.
    pub unused: Vec<String>,
    /// Things the user should know that are not faults (no setting column, a repeated header
    /// row skipped).
    pub notices: Vec<String>,
    /// Each record with its row (or CSV line) number.
    pub accepted: Vec<(usize, T)>,
    pub errors: Errors,
    /// Rows with at least one fault.
    pub rejected_rows: Vec<usize>,
    /// The faults are with the file or its header, not with rows: choosing the columns (the
    /// mapping step, `--column`) may help.
    pub header_fault: bool,
    /// Where no header was found: the (sheet, row index) that looks most like one.
    pub best_guess: Option<(usize, usize)>,
}

impl<T> Imported<T> {
    fn new(book: &Book) -> Self {
        Imported {
            source: book.source,
            sheets: Vec::new(),
            sheet: None,
            header_row: None,
            columns: Vec::new(),
            left_out: Vec::new(),
            unused: Vec::new(),
            notices: Vec::new(),
            accepted: Vec::new(),
            errors: Vec::new(),
            rejected_rows: Vec::new(),
            header_fault: false,
            best_guess: None,
        }
    }
    fn fail(mut self, e: InputError) -> Self {
        self.errors.push(e);
        self.header_fault = true;
        self
    }
}

/// Where a row is, as the user finds it: `line 5` in a CSV file, `sheet "Pupils" row 7`,
/// `row 3` of pasted cells.
fn place(source: Source, sheet: &Sheet, number: usize) -> String {
    match source {
        Source::Csv(_) => format!("line {number}"),
        Source::Cells => format!("row {number}"),
        _ => format!("sheet \"{}\" row {number}", sheet.name),
    }
}

fn unit(source: Source) -> &'static str {
    if source.is_csv() {
        "line"
    } else {
        "row"
    }
}

/// How one row matches the fields as a header.
struct HeaderMatch {
    /// Columns per field.
    cols: Vec<Vec<usize>>,
    /// Normalised headings, by column.
    heads: Vec<String>,
    left_out: Vec<LeftOut>,
    /// Fields chosen by the caller whose heading is in no column of this row.
    unmatched_choices: Vec<usize>,
}

impl HeaderMatch {
    fn required_found(&self, kind: Kind) -> usize {
        kind.fields().iter().zip(&self.cols).filter(|(f, c)| f.required && !c.is_empty()).count()
    }
    fn complete(&self, kind: Kind) -> bool {
        kind.fields().iter().zip(&self.cols).all(|(f, c)| !f.required || !c.is_empty())
    }
}

/// Field index → choice, with choices for unknown fields reported.
fn resolve_choices(kind: Kind, choices: &[(String, Choice)]) -> Result<Vec<(usize, Choice)>, InputError> {
    let mut out = Vec::new();
    for (key, ch) in choices {
        let Some(i) = kind.field(key) else {
            let known: Vec<&str> = kind.fields().iter().map(|f| f.key).collect();
            return Err(InputError::new(
                "",
                format!("there is no {} field \"{key}\" to choose a column for (the fields are {})", kind.noun(), known.join(", ")),
            ));
        };
        out.retain(|(j, _)| *j != i);
        out.push((i, ch.clone()));
    }
    Ok(out)
}

fn match_header(kind: Kind, cells: &[Cell], choices: &[(usize, Choice)], norm_headings: &[Vec<String>]) -> HeaderMatch {
    let heads: Vec<String> = cells.iter().map(|c| if let Cell::Text(t) = c { normalise_heading(t) } else { normalise_heading(&c.text()) }).collect();
    let fields = kind.fields();
    let mut cols: Vec<Vec<usize>> = vec![Vec::new(); fields.len()];
    let mut claimed = vec![false; heads.len()];
    let mut chosen = vec![false; fields.len()];
    let mut unmatched_choices = Vec::new();
    for (fi, ch) in choices {
        chosen[*fi] = true;
        let col = match ch {
            Choice::Column(c) => Some(*c),
            Choice::Heading(h) => {
                let n = normalise_heading(h);
                heads.iter().position(|x| !n.is_empty() && *x == n)
            }
        };
        match col {
            Some(c) => {
                cols[*fi] = vec![c];
                if c < claimed.len() {
                    claimed[c] = true;
                }
            }
            None => unmatched_choices.push(*fi),
        }
    }
    let mut left_out = Vec::new();
    for (c, h) in heads.iter().enumerate() {
        if h.is_empty() {
            continue;
        }
        if kind == Kind::Pupils {
            if let Some(reason) = identifying(h) {
                left_out.push(LeftOut { column: c, heading: cells[c].text(), reason });
                continue;
            }
        }
        if claimed[c] {
            continue;
        }
        for (fi, hs) in norm_headings.iter().enumerate() {
            if !chosen[fi] && hs.iter().any(|x| x == h) {
                cols[fi].push(c);
            }
        }
    }
    HeaderMatch { cols, heads, left_out, unmatched_choices }
}

/// The heading of a column as the file writes it, or its letter when it has none.
fn heading_of(header: &[Cell], c: usize) -> String {
    match header.get(c).map(|h| h.text()) {
        Some(t) if !t.is_empty() => t,
        _ => format!("column {}", column_letters(c)),
    }
}

fn quoted_column(header: &[Cell], c: usize) -> String {
    match header.get(c).map(|h| h.text()) {
        Some(t) if !t.is_empty() => format!("\"{t}\" (column {})", column_letters(c)),
        _ => format!("column {}", column_letters(c)),
    }
}

/// Finds the header: the sheet to read, the row index of its header and how it matches.
struct Found<'b> {
    sheet_ix: usize,
    sheet: &'b Sheet,
    row_ix: usize,
    m: HeaderMatch,
}

/// A sheet's header (row index and match), else its best guess (row index, fields named).
type Search = (Option<(usize, HeaderMatch)>, Option<(usize, usize)>);

fn search_sheet(kind: Kind, sheet: &Sheet, choices: &[(usize, Choice)], norm: &[Vec<String>]) -> Search {
    let mut best: Option<(usize, usize)> = None; // (row index, score)
    for (ri, row) in sheet.rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let m = match_header(kind, &row.cells, choices, norm);
        if m.complete(kind) {
            return (Some((ri, m)), None);
        }
        let score = m.required_found(kind);
        if score >= 2 && best.is_none_or(|(_, s)| score > s) {
            best = Some((ri, score));
        }
    }
    (None, best)
}

/// Reads the pupils of a school's register (R10.1, R10.1a) from a book.
pub fn import_pupils(book: &Book, opts: &Options) -> Imported<Pupil> {
    import(book, Kind::Pupils, opts, |ctx, row, errs| read_pupil(ctx, row, opts, errs))
}

/// Reads the Communities (R10.2) from a book.
pub fn import_communities(book: &Book, opts: &Options) -> Imported<Community> {
    import(book, Kind::Communities, opts, read_community)
}

/// What a row reader needs: where the row is, the header and the column of each field.
struct Ctx<'a> {
    source: Source,
    sheet: &'a Sheet,
    header: &'a [Cell],
    cols: &'a [Option<usize>],
    kind: Kind,
    /// One row on its own ([`pupil_from_cells`]): paths are the field's key alone.
    bare: bool,
}

impl Ctx<'_> {
    fn at(&self, number: usize, field: usize) -> String {
        if self.bare {
            return self.kind.fields()[field].key.to_string();
        }
        let heading = self.cols[field].map(|c| heading_of(self.header, c)).unwrap_or_else(|| self.kind.fields()[field].key.to_string());
        format!("{}: {heading}", place(self.source, self.sheet, number))
    }
    fn cell<'r>(&self, row: &'r Row, field: usize) -> &'r Cell {
        static EMPTY: Cell = Cell::Empty;
        self.cols[field].and_then(|c| row.cells.get(c)).unwrap_or(&EMPTY)
    }
}

fn import<T>(book: &Book, kind: Kind, opts: &Options, read: impl FnMut(&Ctx, &Row, &mut Errors) -> Option<(String, T)>) -> Imported<T> {
    let mut out = Imported::new(book);
    let choices = match resolve_choices(kind, &opts.choices) {
        Ok(c) => c,
        Err(e) => return out.fail(e),
    };
    let norm: Vec<Vec<String>> = kind.fields().iter().map(|f| f.headings.iter().map(|h| normalise_heading(h)).collect()).collect();
    if book.sheets.iter().all(|s| s.rows.is_empty()) {
        let msg = if book.source.is_csv() {
            "the file is empty: expected a header row and one row per record".to_string()
        } else if book.sheets.len() == 1 {
            format!("The sheet \"{}\" is empty: there are no rows to read. Check that this is the right file.", book.sheets[0].name)
        } else {
            "Every sheet of this workbook is empty: there are no rows to read. Check that this is the right file.".to_string()
        };
        out.errors.push(InputError::new("", msg));
        return out;
    }
    if opts.headerless {
        let si = opts.sheet.unwrap_or(0).min(book.sheets.len() - 1);
        let m = match_header(kind, &[], &choices, &norm);
        out.sheets = book.sheets.iter().map(|s| SheetInfo { name: s.name.clone(), rows: s.rows.len(), header: None }).collect();
        out.sheet = Some(si);
        if !m.complete(kind) {
            let missing: Vec<String> = kind.fields().iter().zip(&m.cols).filter(|(f, c)| f.required && c.is_empty()).map(|(f, _)| f.key.to_string()).collect();
            return out
                .fail(InputError::new("", format!("Choose the column that holds {}: the cells have no header row to find them by.", join_and(&missing))));
        }
        return read_rows(out, book, kind, opts, &book.sheets[si], None, &[], m, read);
    }
    // The header of every sheet, so that a page can offer the others.
    let mut found: Option<Found> = None;
    let mut best: Option<(usize, usize, usize)> = None; // sheet, row index, score
    for (si, sheet) in book.sheets.iter().enumerate() {
        let (hit, guess) = search_sheet(kind, sheet, &choices, &norm);
        out.sheets.push(SheetInfo { name: sheet.name.clone(), rows: sheet.rows.len(), header: hit.as_ref().map(|(ri, _)| sheet.rows[*ri].number) });
        let wanted = opts.sheet.is_none_or(|s| s == si);
        if let (Some((ri, m)), true, true) = (hit, wanted, found.is_none()) {
            found = Some(Found { sheet_ix: si, sheet, row_ix: ri, m });
        } else if let (Some((ri, score)), true) = (guess, wanted) {
            if best.is_none_or(|(_, _, s)| score > s) {
                best = Some((si, ri, score));
            }
        }
    }
    let Some(found) = found else {
        out.best_guess = best.map(|(s, r, _)| (s, r));
        out.sheet = opts.sheet.or(best.map(|(s, _, _)| s));
        return out.fail(no_header(book, kind, opts, &choices, best));
    };
    let Found { sheet_ix, sheet, row_ix, m } = found;
    out.sheet = Some(sheet_ix);
    let header_row = &sheet.rows[row_ix];
    out.header_row = Some(header_row.number);
    read_rows(out, book, kind, opts, sheet, Some(row_ix), &header_row.cells, m, read)
}

/// Checks the mapping and reads the rows below the header (every row when there is none).
#[allow(clippy::too_many_arguments)]
fn read_rows<T>(
    mut out: Imported<T>,
    book: &Book,
    kind: Kind,
    opts: &Options,
    sheet: &Sheet,
    header_ix: Option<usize>,
    header: &[Cell],
    m: HeaderMatch,
    mut read: impl FnMut(&Ctx, &Row, &mut Errors) -> Option<(String, T)>,
) -> Imported<T> {
    let choices = resolve_choices(kind, &opts.choices).unwrap_or_default();
    let where_header = match header_ix {
        Some(i) => place(book.source, sheet, sheet.rows[i].number),
        None => String::new(),
    };
    out.left_out = m.left_out.clone();
    // Faults of the mapping: two columns for one field, a column chosen that identifies a child,
    // one column chosen for two fields.
    let fields = kind.fields();
    let mut faults = Vec::new();
    for (fi, cs) in m.cols.iter().enumerate() {
        if cs.len() > 1 {
            let names: Vec<String> = cs.iter().map(|&c| quoted_column(header, c)).collect();
            faults.push(InputError::new(
                where_header.clone(),
                format!(
                    "the columns {} {} look like the {} column: keep one, rename the others, or choose which one to read for {}",
                    join_and(&names),
                    if names.len() == 2 { "both" } else { "all" },
                    fields[fi].key,
                    fields[fi].key
                ),
            ));
        }
    }
    for (fi, ch) in &choices {
        if let Some(&c) = m.cols[*fi].first() {
            if let Some(l) = m.left_out.iter().find(|l| l.column == c) {
                let _ = ch;
                faults.push(InputError::new(
                    where_header.clone(),
                    format!(
                        "the column \"{}\" is never read: it can only identify a child ({}). Choose another column for {}",
                        l.heading, l.reason, fields[*fi].key
                    ),
                ));
            }
        }
    }
    for (a, ca) in m.cols.iter().enumerate() {
        for (b, cb) in m.cols.iter().enumerate().skip(a + 1) {
            if let (Some(x), Some(y)) = (ca.first(), cb.first()) {
                if x == y && (ca.len() == 1 && cb.len() == 1) {
                    faults.push(InputError::new(
                        where_header.clone(),
                        format!(
                            "the column {} is chosen for both {} and {}: choose one column for each",
                            quoted_column(header, *x),
                            fields[a].key,
                            fields[b].key
                        ),
                    ));
                }
            }
        }
    }
    if !faults.is_empty() {
        out.errors = faults;
        out.header_fault = true;
        return out;
    }
    let cols: Vec<Option<usize>> = m.cols.iter().map(|c| c.first().copied()).collect();
    for (fi, c) in cols.iter().enumerate() {
        if let Some(c) = c {
            out.columns.push(ColumnUse { field: fields[fi].key, column: *c, heading: heading_of(header, *c) });
        }
    }
    out.unused = m
        .heads
        .iter()
        .enumerate()
        .filter(|(c, h)| !h.is_empty() && !cols.contains(&Some(*c)) && !m.left_out.iter().any(|l| l.column == *c))
        .map(|(c, _)| header[c].text())
        .collect();
    if kind == Kind::Pupils && cols[1].is_none() {
        out.notices
            .push(format!("There is no setting column, so every pupil is taken to be in {} (the school's first setting).", opts.default_setting.phrase()));
    }
    let ctx = Ctx { source: book.source, sheet, header, cols: &cols, kind, bare: false };
    let mapped: Vec<usize> = cols.iter().flatten().copied().collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut repeats = Vec::new();
    for row in &sheet.rows[header_ix.map_or(0, |i| i + 1)..] {
        // Rows with nothing in the columns read are blank to the import.
        if mapped.iter().all(|&c| row.cells.get(c).is_none_or(|x| x.is_empty())) {
            continue;
        }
        // A header row repeated half-way down (a report printed page by page) is skipped.
        let repeats_heading = |c: usize| matches!(row.cells.get(c), Some(Cell::Text(t)) if m.heads.get(c).is_some_and(|h| same_heading(t, h)));
        if mapped.len() >= 2 && mapped.iter().all(|&c| repeats_heading(c)) {
            repeats.push(row.number);
            continue;
        }
        let mut errs = Errors::new();
        let rec = read(&ctx, row, &mut errs);
        // Duplicates are found on the ids as written, so a row with other faults still counts
        // (an error must never hide another: every fault of a row is reported).
        let written = cols.first().copied().flatten().and_then(|c| row.cells.get(c)).map(Cell::text).filter(|t| !t.is_empty());
        if let Some(id) = &written {
            match seen.get(id) {
                Some(first) => {
                    let noun = if kind == Kind::Pupils { "pupil ids must be unique within a school" } else { "community ids must be unique" };
                    errs.push(InputError::new(ctx.at(row.number, 0), format!("\"{id}\" is already used on {} {first}: {noun}", unit(book.source))));
                }
                None => {
                    seen.insert(id.clone(), row.number);
                }
            }
        }
        match rec {
            Some((_, t)) if errs.is_empty() => {
                out.accepted.push((row.number, t));
            }
            _ => {
                out.rejected_rows.push(row.number);
                out.errors.extend(errs);
            }
        }
    }
    if out.accepted.is_empty() && out.errors.is_empty() {
        out.notices.push(match header_ix {
            Some(i) => format!("There are no {}s below the header on {} {}.", kind.noun(), unit(book.source), sheet.rows[i].number),
            None => format!("There are no {}s in the cells.", kind.noun()),
        });
    }
    if !repeats.is_empty() {
        let list: Vec<String> = repeats.iter().map(|n| n.to_string()).collect();
        out.notices.push(format!(
            "{} {} {} the header row again, and {} skipped.",
            if repeats.len() == 1 { capitalised(unit(book.source)) } else { format!("{}s", capitalised(unit(book.source))) },
            list.join(", "),
            if repeats.len() == 1 { "repeats" } else { "repeat" },
            if repeats.len() == 1 { "was" } else { "were" }
        ));
    }
    out
}

/// The message when no sheet has a header row: which fields have no column, where the row
/// that looks most like a header is, and which headings are recognised. It quotes only
/// headings, never other cells (a data row may hold names).
fn no_header(book: &Book, kind: Kind, opts: &Options, choices: &[(usize, Choice)], best: Option<(usize, usize, usize)>) -> InputError {
    let fields = kind.fields();
    let required: Vec<&str> = fields.iter().filter(|f| f.required).map(|f| f.key).collect();
    let scope = if book.source.is_csv() {
        format!("of the first {HEADER_SEARCH_ROWS} lines")
    } else {
        let names: Vec<String> =
            book.sheets.iter().enumerate().filter(|(i, _)| opts.sheet.is_none_or(|s| s == *i)).map(|(_, s)| format!("\"{}\"", s.name)).collect();
        format!("of the first {HEADER_SEARCH_ROWS} rows of the sheet{} {}", if names.len() == 1 { "" } else { "s" }, join_and(&names))
    };
    let mut msg =
        format!("No header row found: none {scope} has a column for each of {}.", join_and(&required.iter().map(|s| s.to_string()).collect::<Vec<_>>()));
    let norm: Vec<Vec<String>> = fields.iter().map(|f| f.headings.iter().map(|h| normalise_heading(h)).collect()).collect();
    let mut missing_best: Option<Vec<String>> = None;
    if let Some((si, ri, _)) = best {
        let sheet = &book.sheets[si];
        let row = &sheet.rows[ri];
        let m = match_header(kind, &row.cells, choices, &norm);
        let missing: Vec<String> = fields.iter().zip(&m.cols).filter(|(f, c)| f.required && c.is_empty()).map(|(f, _)| f.key.to_string()).collect();
        let found: Vec<String> =
            fields.iter().zip(&m.cols).filter(|(_, c)| !c.is_empty()).map(|(f, c)| format!("{} = \"{}\"", f.key, heading_of(&row.cells, c[0]))).collect();
        msg.push_str(&format!(
            " The row that looks most like one is {} ({}), which has no column for {}.",
            place(book.source, sheet, row.number),
            found.join(", "),
            join_and(&missing)
        ));
        missing_best = Some(missing.clone());
        let others: Vec<String> = m
            .heads
            .iter()
            .enumerate()
            .filter(|(c, h)| !h.is_empty() && !m.cols.iter().any(|cs| cs.contains(c)) && !m.left_out.iter().any(|l| l.column == *c))
            .map(|(c, _)| format!("\"{}\"", row.cells[c].text()))
            .collect();
        if !others.is_empty() {
            msg.push_str(&format!(" Its other columns are {}.", others.join(", ")));
        }
        for fi in &m.unmatched_choices {
            let h = choices.iter().find(|(f, _)| f == fi).map(|(_, c)| c);
            if let Some(Choice::Heading(h)) = h {
                msg.push_str(&format!(" No column there is headed \"{h}\" (chosen for {}).", fields[*fi].key));
            }
        }
    }
    let examples: Vec<String> = fields
        .iter()
        .filter(|f| f.required && missing_best.as_ref().is_none_or(|m| m.iter().any(|k| k == f.key)))
        .map(|f| format!("{} ({})", f.key, f.headings.iter().skip(1).take(3).map(|h| format!("\"{h}\"")).collect::<Vec<_>>().join(", ")))
        .collect();
    msg.push_str(&format!(" Give each a column with a heading the calculator knows, e.g. {}, or choose the column for each.", examples.join("; ")));
    InputError::new("", msg)
}

/// "line" → "Line", to begin a sentence.
fn capitalised(s: &str) -> String {
    let mut cs = s.chars();
    cs.next().map(|c| c.to_uppercase().chain(cs).collect()).unwrap_or_default()
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [a] => a.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

// --- one row on its own ----------------------------------------------------------------------

/// One row of cells, in the order of the fields ([`PUPIL_FIELDS`] / [`COMMUNITY_FIELDS`]), read
/// as the import reads a row (R10.1, R10.1a / R10.2), with no file around it: the web app's
/// pupils table and its import read rows with this. The faults are field by field, keyed by
/// the field's key (`band`); a row of empty cells is `Ok(None)`. Ids repeated across rows are
/// the caller's to check.
pub fn pupil_from_cells(cells: &[Cell], opts: &Options) -> Result<Option<Pupil>, Vec<(&'static str, String)>> {
    from_cells(Kind::Pupils, cells, |ctx, row, errs| read_pupil(ctx, row, opts, errs))
}

/// [`pupil_from_cells`] for a Community (R10.2).
pub fn community_from_cells(cells: &[Cell]) -> Result<Option<Community>, Vec<(&'static str, String)>> {
    from_cells(Kind::Communities, cells, read_community)
}

fn from_cells<T>(
    kind: Kind,
    cells: &[Cell],
    read: impl FnOnce(&Ctx, &Row, &mut Errors) -> Option<(String, T)>,
) -> Result<Option<T>, Vec<(&'static str, String)>> {
    if cells.iter().all(Cell::is_empty) {
        return Ok(None);
    }
    let n = kind.fields().len();
    let cols: Vec<Option<usize>> = (0..n).map(Some).collect();
    let sheet = Sheet { name: String::new(), rows: Vec::new() };
    let row = Row { number: 0, cells: cells.to_vec() };
    let ctx = Ctx { source: Source::Cells, sheet: &sheet, header: &[], cols: &cols, kind, bare: true };
    let mut errs = Errors::new();
    let rec = read(&ctx, &row, &mut errs);
    match rec {
        Some((_, t)) if errs.is_empty() => Ok(Some(t)),
        _ => {
            let key = |path: &str| kind.fields().iter().find(|f| f.key == path).map_or(kind.fields()[0].key, |f| f.key);
            Err(errs.into_iter().map(|e| (key(&e.path), e.message)).collect())
        }
    }
}

// --- the mapping step -------------------------------------------------------------------------

/// One column as a mapping step shows it: its heading and first values, or, for a column that
/// can only identify a child, why it is left out and no values at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnPreview {
    pub column: usize,
    /// The heading as the file writes it, or the column's letter (`column F`).
    pub heading: String,
    /// The field the import reads it for, when its heading is recognised or it was chosen.
    pub field: Option<&'static str>,
    /// Why it is never read (R10.1a), for a column that can only identify a child.
    pub left_out: Option<&'static str>,
    /// Its first non-empty values below the header (none for a column left out).
    pub first_values: Vec<String>,
}

/// The columns of a sheet for a mapping step: under the header row `header_ix` (an index into
/// the sheet's rows; `None` when the cells have no header row), with up to `n` first values
/// each. The values of a column that identifies a child are never returned.
pub fn preview_columns(kind: Kind, sheet: &Sheet, header_ix: Option<usize>, choices: &[(String, Choice)], n: usize) -> Vec<ColumnPreview> {
    let choices = resolve_choices(kind, choices).unwrap_or_default();
    let norm: Vec<Vec<String>> = kind.fields().iter().map(|f| f.headings.iter().map(|h| normalise_heading(h)).collect()).collect();
    let header: &[Cell] = header_ix.and_then(|i| sheet.rows.get(i)).map_or(&[], |r| r.cells.as_slice());
    let m = match_header(kind, header, &choices, &norm);
    let data = &sheet.rows[header_ix.map_or(0, |i| (i + 1).min(sheet.rows.len()))..];
    let width = header.len().max(data.iter().take(1000).map(|r| r.cells.len()).max().unwrap_or(0));
    (0..width)
        .map(|c| {
            let left_out = m.left_out.iter().find(|l| l.column == c).map(|l| l.reason);
            let field = m.cols.iter().position(|cs| cs.len() == 1 && cs[0] == c).map(|f| kind.fields()[f].key);
            let first_values = if left_out.is_some() {
                Vec::new()
            } else {
                data.iter().filter_map(|r| r.cells.get(c)).filter(|x| !x.is_empty()).take(n).map(Cell::text).collect()
            };
            ColumnPreview { column: c, heading: heading_of(header, c), field, left_out, first_values }
        })
        .collect()
}

// --- values as schools write them (R10.1, R10.1a) ----------------------------------------------

/// A value's text for a message: `(got "…")`.
fn got(cell: &Cell) -> String {
    cell.text()
}

/// R10.1a `setting`: mainstream, srp, special and the words schools use for them.
pub fn parse_setting(s: &str) -> Option<Setting> {
    if let Some(x) = Setting::parse(s) {
        return Some(x);
    }
    match normalise_heading(s).as_str() {
        "mainstream" | "mainstreamschool" | "mainstreamclass" => Some(Setting::Mainstream),
        "srp" | "resourcedprovision" | "resourcebase" | "specialistresourceprovision" | "specialistresourcebasedprovision" | "specialistresourcedprovision" => {
            Some(Setting::Srp)
        }
        "special" | "specialschool" => Some(Setting::Special),
        _ => None,
    }
}

/// R10.1a `ehcp`: yes/no and the SEN status codes (E: an EHC plan; K: SEN support; N: no SEN),
/// also written "E - Education, Health and Care Plan".
pub fn parse_ehcp(s: &str) -> Option<bool> {
    let t = s.trim();
    if let Ok(b) = super::csv_import::parse_yes_no(t) {
        return Some(b);
    }
    let n = normalise_heading(t);
    match n.as_str() {
        "e" | "ehcp" | "ehc" | "ehcplan" | "educationhealthandcareplan" | "statement" => return Some(true),
        "k" | "sensupport" | "sen" | "none" => return Some(false),
        _ => {}
    }
    // "E - Education, Health and Care Plan", "K – SEN support".
    let code: String = t.chars().take_while(|c| c.is_alphanumeric()).collect();
    let rest = t[code.len()..].trim_start();
    if rest.starts_with(['-', '–', '—', ':']) {
        return match code.to_ascii_lowercase().as_str() {
            "e" | "ehcp" => Some(true),
            "k" | "n" => Some(false),
            _ => None,
        };
    }
    None
}

/// R10.1a `band`: a code of the card (any case, spaces ignored: "SA 3"), a band's name
/// ("Specific Allocation 3"), or "SA3 - Specific Allocation 3".
pub fn parse_band(s: &str, card: &RateCard) -> Option<String> {
    let t = s.trim();
    if let Some(b) = card.bands.iter().find(|b| b.code.eq_ignore_ascii_case(t)) {
        return Some(b.code.clone());
    }
    let find = |n: &str| card.bands.iter().find(|b| same_heading(&b.code, n) || same_heading(&b.name, n)).map(|b| b.code.clone());
    let n = normalise_heading(t);
    if let Some(c) = find(&n) {
        return Some(c);
    }
    for sep in [" - ", " – ", ": "] {
        if let Some((a, b)) = t.split_once(sep) {
            if let Some(c) = find(&normalise_heading(a)).or_else(|| find(&normalise_heading(b))) {
                return Some(c);
            }
        }
    }
    None
}

/// Money from a cell: text as R10.1 (`£`, thousands commas), or a number cell (currency
/// formatted or not) read as its exact decimal.
fn money_cell(cell: &Cell) -> Result<Decimal, String> {
    match cell {
        Cell::Number(d) => parse_money(&d.normalize().to_string()),
        Cell::Text(t) => parse_money_lenient(t),
        other => parse_money(&other.text()),
    }
}

/// The pounds-and-pence reading of a number cell: an integer count.
fn count_cell(cell: &Cell) -> Result<u64, String> {
    match cell {
        Cell::Number(d) => parse_count(&d.normalize().to_string()),
        other => parse_count(&other.text().replace(',', "")),
    }
}

/// Dates: a date cell, ISO or UK text, or an Excel serial number of a day from 2000 to 2100
/// (a date cell whose format was lost).
fn date_cell(cell: &Cell) -> Result<Date, String> {
    match cell {
        Cell::Date(iso) => Date::parse_iso(iso.get(..10).unwrap_or(iso)),
        Cell::Number(d) => {
            let serial = if d.fract().is_zero() { i64::try_from(*d).ok() } else { None };
            serial
                .filter(|s| (36_526..=73_415).contains(s))
                .and_then(excel_serial_date)
                .and_then(|(y, m, d)| Date::new(y, m, d))
                .ok_or_else(|| format!("is the number {}, not a date: give a date like 01/09/2025", d.normalize()))
        }
        other => {
            let t = other.text();
            // "2025-09-01T00:00:00", "01/09/2025 00:00".
            let t = t.split(['T', ' ']).next().unwrap_or("");
            Date::parse_iso_or_uk(t).map_err(|e| {
                if t == other.text() {
                    e
                } else {
                    format!("must be a date like 01/09/2025 or 2025-09-01 (got \"{}\")", other.text())
                }
            })
        }
    }
}

fn read_pupil(ctx: &Ctx, row: &Row, opts: &Options, errs: &mut Errors) -> Option<(String, Pupil)> {
    let n = row.number;
    let at = |f: usize| ctx.at(n, f);
    let cell = |f: usize| ctx.cell(row, f);
    let id = check_pupil_id(&cell(0).text()).map_err(|e| errs.push(InputError::new(at(0), e))).ok();
    let setting = if ctx.cols[1].is_none() {
        Some(opts.default_setting)
    } else {
        let c = cell(1);
        match parse_setting(&c.text()) {
            Some(s) => Some(s),
            None => {
                errs.push(InputError::new(at(1), format!("must be mainstream, srp or special (got \"{}\")", got(c))));
                None
            }
        }
    };
    let band_cell = cell(2);
    let band = if band_cell.is_empty() {
        errs.push(InputError::new(at(2), "is missing: give the pupil's Continuum band code"));
        None
    } else {
        let raw = band_cell.text();
        match opts.card {
            Some(card) => match parse_band(&raw, card) {
                Some(code) => Some(code),
                None => {
                    errs.push(InputError::new(at(2), unknown_band(&raw, card)));
                    None
                }
            },
            None => Some(raw),
        }
    };
    let ehcp = match cell(3) {
        Cell::Bool(b) => Some(*b),
        c => match parse_ehcp(&c.text()) {
            Some(b) => Some(b),
            None => {
                let e = super::csv_import::parse_yes_no(&c.text()).err().unwrap_or_default();
                errs.push(InputError::new(at(3), e));
                None
            }
        },
    };
    let current = if cell(4).is_empty() {
        errs.push(InputError::new(at(4), "is missing: enter the pupil's current annual top-up, or 0 if none"));
        None
    } else {
        money_cell(cell(4)).map_err(|e| errs.push(InputError::new(at(4), e))).ok()
    };
    let year_group = match cell(5) {
        c if c.is_empty() => Some(None),
        c => match YearGroup::parse_lenient(&c.text()) {
            Some(y) => Some(Some(y)),
            None => {
                errs.push(InputError::new(at(5), format!("{YEAR_GROUP_RULE} (got \"{}\")", got(c))));
                None
            }
        },
    };
    let mut date = |f: usize| match cell(f) {
        c if c.is_empty() => Some(None),
        c => date_cell(c).map(Some).map_err(|e| errs.push(InputError::new(at(f), e))).ok(),
    };
    let (start, end) = (date(6), date(7));
    if let (Some(s), Some(e)) = (start, end) {
        if let Err(m) = check_pupil_dates(s, e) {
            errs.push(InputError::new(at(7), m));
        }
    }
    let (id, setting, band, ehcp, current_e3, year_group, start, end) = (id?, setting?, band?, ehcp?, current?, year_group?, start?, end?);
    Some((id.clone(), Pupil { id, setting, band, ehcp, current_e3, year_group, start, end }))
}

fn read_community(ctx: &Ctx, row: &Row, errs: &mut Errors) -> Option<(String, Community)> {
    let n = row.number;
    let at = |f: usize| ctx.at(n, f);
    let cell = |f: usize| ctx.cell(row, f);
    let text = |f: usize, errs: &mut Errors| {
        let v = cell(f).text();
        if v.is_empty() {
            errs.push(InputError::new(at(f), "is missing"));
            None
        } else {
            Some(v)
        }
    };
    let id = text(0, errs);
    let name = text(1, errs);
    let count = |f: usize, errs: &mut Errors| count_cell(cell(f)).map_err(|e| errs.push(InputError::new(at(f), e))).ok();
    let pupils = count(2, errs);
    let idaci: Vec<Option<u64>> = (0..IDACI_BANDS.len()).map(|i| count(3 + i, errs)).collect();
    let lac = count(9, errs);
    let lpa = count(10, errs);
    let historic = money_cell(cell(11)).map_err(|e| errs.push(InputError::new(at(11), e))).ok();
    let protection = match cell(12) {
        c if c.is_empty() => Some(None),
        c => match ProtectionOption::parse(&c.text()) {
            Some(o) => Some(Some(o)),
            None => {
                errs.push(InputError::new(at(12), format!("must be A, B, C or D (got \"{}\")", got(c))));
                None
            }
        },
    };
    let protection_rate = match cell(13) {
        c if c.is_empty() => Some(None),
        Cell::Number(d) => {
            parse_fraction(&d.normalize().to_string(), Decimal::ZERO, Decimal::ONE).map(Some).map_err(|e| errs.push(InputError::new(at(13), e))).ok()
        }
        c => {
            let t = c.text();
            let r = match t.strip_suffix('%') {
                Some(pct) => parse_fraction(pct.trim(), Decimal::ZERO, Decimal::from(100)).map(|p| p / Decimal::from(100)),
                None => parse_fraction(&t, Decimal::ZERO, Decimal::ONE),
            };
            r.map(Some).map_err(|e| errs.push(InputError::new(at(13), e))).ok()
        }
    };
    let mut ida = [0u64; 6];
    for (i, v) in idaci.into_iter().enumerate() {
        ida[i] = v?;
    }
    let (id, name, pupils, lac, lpa, historic, protection, protection_rate) = (id?, name?, pupils?, lac?, lpa?, historic?, protection?, protection_rate?);
    Some((id.clone(), Community { id, name, indicators: Indicators { pupils, idaci: ida, lac, lpa }, historic, protection, protection_rate }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(v: &[&str]) -> Vec<Cell> {
        v.iter().map(|t| if t.is_empty() { Cell::Empty } else { Cell::Text(t.to_string()) }).collect()
    }

    /// One row on its own reads as the same row in a file does.
    #[test]
    fn a_row_on_its_own() {
        let card = RateCard::from_json_str(include_str!("../../www/ratecards/kent-illustrative-2025.json")).unwrap();
        let opts = Options { card: Some(&card), ..Options::default() };
        let p = pupil_from_cells(
            &texts(&["P1", "srp", "Specific Allocation 3", "E - Education, Health and Care Plan", "£12,500.50", "Year 4", "01/09/2025", ""]),
            &opts,
        )
        .unwrap()
        .unwrap();
        assert_eq!((p.id.as_str(), p.setting, p.band.as_str(), p.ehcp), ("P1", Setting::Srp, "SA3", true));
        assert_eq!(p.current_e3, Decimal::new(1_250_050, 2));
        assert_eq!(p.start, Date::new(2025, 9, 1));
        let faults = pupil_from_cells(&texts(&["P2", "academy", "ZZ9", "maybe", "12.345", "", "", ""]), &opts).unwrap_err();
        let keys: Vec<&str> = faults.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["setting", "band", "ehcp", "current_e3"]);
        assert!(faults[0].1.contains("academy"), "{}", faults[0].1);
        assert_eq!(pupil_from_cells(&texts(&["", "", "", "", "", "", "", ""]), &opts), Ok(None));
        let c = community_from_cells(&texts(&["C1", "North", "1000", "1", "2", "3", "4", "5", "6", "7", "8", "£100", "", ""])).unwrap().unwrap();
        assert_eq!((c.id.as_str(), c.indicators.pupils, c.historic), ("C1", 1000, Decimal::from(100)));
        assert_eq!(
            community_from_cells(&texts(&["C1", "", "x", "1", "2", "3", "4", "5", "6", "7", "8", "1", "", ""]))
                .unwrap_err()
                .iter()
                .map(|(k, _)| *k)
                .collect::<Vec<_>>(),
            ["name", "pupils"]
        );
    }

    #[test]
    fn headings_are_compared_normalised() {
        assert_eq!(normalise_heading("Top-up (£)"), "topup");
        assert_eq!(normalise_heading("EHCP?"), "ehcp");
        assert_eq!(normalise_heading("current_e3"), "currente3");
        assert_eq!(normalise_heading(" Admission No. "), "admissionno");
    }

    #[test]
    fn identifying_headings() {
        for h in [
            "Surname",
            "Forename",
            "Legal Surname",
            "Preferred Forename",
            "Name",
            "UPN",
            "Date of Birth",
            "DOB",
            "Address",
            "Postcode",
            "Pupil Name",
            "Pupil",
            "Known as",
            "Parent/Carer",
            "Contact phone",
            "Email address",
        ] {
            assert!(identifying(&normalise_heading(h)).is_some(), "{h}");
        }
        for h in ["Adno", "SEN Status", "Band", "Year", "Top-up (£)", "Start date", "Notes"] {
            assert!(identifying(&normalise_heading(h)).is_none(), "{h}");
        }
    }

    #[test]
    fn sen_status_and_settings() {
        assert_eq!(parse_ehcp("E"), Some(true));
        assert_eq!(parse_ehcp("E - Education, Health and Care Plan"), Some(true));
        assert_eq!(parse_ehcp("K - SEN Support"), Some(false));
        assert_eq!(parse_ehcp("K"), Some(false));
        assert_eq!(parse_ehcp("N"), Some(false));
        assert_eq!(parse_ehcp("EHC plan"), Some(true));
        assert_eq!(parse_ehcp("SEN support"), Some(false));
        assert_eq!(parse_ehcp("maybe"), None);
        assert_eq!(parse_setting("Resource base"), Some(Setting::Srp));
        assert_eq!(parse_setting("Specialist Resource Provision"), Some(Setting::Srp));
        assert_eq!(parse_setting("Special school"), Some(Setting::Special));
        assert_eq!(parse_setting("academy"), None);
    }
}
