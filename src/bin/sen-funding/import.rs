//! `sen-funding import pupils FILE [--rate-card CARD] [--column FIELD=HEADING]...` and
//! `sen-funding import communities FILE [--column FIELD=HEADING]...`: a school's own register
//! (R10.1a) or a Community list (R10.2) as the JSON list a scenario takes (R10.3).
//!
//! The file may be CSV (UTF-8, Windows-1252, UTF-16 "Unicode text"), .xlsx, .xls or .ods: its
//! kind is read from its bytes, never from its name. The header row is searched for on every
//! sheet ([`sen_funding::engine::register`]); `--column` chooses a column where the headings
//! are not recognised. Columns that can only identify a child are never read, and no name is
//! ever printed. Errors go to stderr, one per line, with exit code 2 and nothing on stdout;
//! on success, what was read (sheet, header row, columns left out) is noted on stderr.

use sen_funding::engine::grid::{self, MAX_FILE_BYTES};
use sen_funding::engine::register::{self, Choice, Imported, Options};
use sen_funding::engine::{workbook, InputError, RateCard, Setting};
use std::path::PathBuf;
use std::process::ExitCode;

const SHIPPED_CARD: &str = include_str!("../../../www/ratecards/kent-illustrative-2025.json");

/// What to import.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    /// A school's pupils (R10.1, R10.1a).
    Pupils,
    /// The Communities (R10.2).
    Communities,
}

/// The setting of every pupil when the file has no setting column.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SettingArg {
    Mainstream,
    Srp,
    Special,
}

/// Read a school's pupils or the Communities from CSV or a workbook, as JSON (R10.1, R10.1a, R10.2).
#[derive(clap::Args, Debug, Clone)]
#[command(
    after_help = "Examples:\n  sen-funding import pupils register.xlsx > pupils.json\n  sen-funding import pupils sen-report.csv --column ehcp=\"SEN Status\" --setting srp\n  sen-funding import communities communities.ods"
)]
pub struct ImportArgs {
    /// pupils or communities
    #[arg(value_enum, value_name = "KIND")]
    pub what: What,
    /// The file: CSV, .xlsx, .xls or .ods (its kind is read from the file itself)
    pub file: PathBuf,
    /// The rate card whose band codes and names pupils' bands are checked against (default:
    /// the shipped illustrative card)
    #[arg(long, value_name = "CARD.json")]
    pub rate_card: Option<PathBuf>,
    /// Read this column for a field, e.g. --column ehcp="SEN Status" (repeatable)
    #[arg(long = "column", value_name = "FIELD=HEADING")]
    pub columns: Vec<String>,
    /// Read this sheet of a workbook (default: the first with a header row)
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Pupils' setting when the file has no setting column (the school's first setting)
    #[arg(long, value_enum, default_value = "mainstream")]
    pub setting: SettingArg,
}

fn fail(errors: impl IntoIterator<Item = String>) -> ExitCode {
    for e in errors {
        eprintln!("{e}");
    }
    ExitCode::from(2)
}

pub fn run(args: &ImportArgs) -> ExitCode {
    let file = args.file.display().to_string();
    // Too big: refused before it is read.
    match std::fs::metadata(&args.file) {
        Ok(m) if m.len() > MAX_FILE_BYTES as u64 => return fail([grid::too_big(m.len() as usize).to_string()]),
        Ok(_) => {}
        Err(e) => return fail([format!("cannot read \"{file}\": {e}")]),
    }
    let bytes = match std::fs::read(&args.file) {
        Ok(b) => b,
        Err(e) => return fail([format!("cannot read \"{file}\": {e}")]),
    };
    let mut choices = Vec::new();
    for c in &args.columns {
        match c.split_once('=') {
            Some((f, h)) if !f.trim().is_empty() && !h.trim().is_empty() => choices.push((f.trim().to_string(), Choice::Heading(h.trim().to_string()))),
            _ => return fail([format!("--column {c}: give a field and a heading, e.g. --column ehcp=\"SEN Status\"")]),
        }
    }
    let book = match workbook::read_any(&bytes) {
        Ok(b) => b,
        Err(e) => return fail([e.to_string()]),
    };
    drop(bytes);
    let sheet = match &args.sheet {
        None => None,
        Some(name) => match book.sheets.iter().position(|s| s.name.eq_ignore_ascii_case(name)) {
            Some(i) => Some(i),
            None => {
                let names: Vec<String> = book.sheets.iter().map(|s| format!("\"{}\"", s.name)).collect();
                return fail([format!("--sheet: there is no sheet \"{name}\" (the sheets are {})", names.join(", "))]);
            }
        },
    };
    let default_setting = match args.setting {
        SettingArg::Mainstream => Setting::Mainstream,
        SettingArg::Srp => Setting::Srp,
        SettingArg::Special => Setting::Special,
    };
    match args.what {
        What::Pupils => {
            let card = match &args.rate_card {
                None => RateCard::from_json_str(SHIPPED_CARD).map_err(|e| e.into_iter().map(|e| e.within("shipped rate card").to_string()).collect::<Vec<_>>()),
                Some(p) => match std::fs::read_to_string(p) {
                    Ok(t) => RateCard::from_json_str(&t).map_err(|e| e.into_iter().map(|e| e.to_string()).collect()),
                    Err(e) => Err(vec![format!("cannot read the rate card \"{}\": {e}", p.display())]),
                },
            };
            let card = match card {
                Ok(c) => c,
                Err(e) => return fail(e),
            };
            let opts = Options { card: Some(&card), default_setting, choices, sheet, headerless: false };
            finish(register::import_pupils(&book, &opts), |p| p.to_json())
        }
        What::Communities => {
            let opts = Options { choices, sheet, ..Options::default() };
            finish(register::import_communities(&book, &opts), |c| c.to_json())
        }
    }
}

fn finish<T>(imp: Imported<T>, to_json: impl Fn(&T) -> serde_json::Value) -> ExitCode {
    if !imp.errors.is_empty() {
        let mut lines: Vec<String> = imp.errors.iter().map(InputError::to_string).collect();
        if imp.header_fault {
            lines.push("Choose a column for a field with --column FIELD=HEADING, e.g. --column ehcp=\"SEN Status\" --column current_e3=\"Top-up (£)\".".into());
        }
        return fail(lines);
    }
    let list: Vec<serde_json::Value> = imp.accepted.iter().map(|(_, t)| to_json(t)).collect();
    let text = serde_json::to_string_pretty(&list).unwrap_or_default();
    {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        // A closed pipe (e.g. `| head`) is not an error of the input.
        let _ = writeln!(out, "{text}").and_then(|_| out.flush());
    }
    for note in notes(&imp) {
        eprintln!("note: {note}");
    }
    ExitCode::SUCCESS
}

/// What was read and how: the sheet and header row, the columns read and left out. Headings
/// only, never a cell below them.
fn notes<T>(imp: &Imported<T>) -> Vec<String> {
    let mut out = Vec::new();
    let from = match (imp.sheet.and_then(|s| imp.sheets.get(s)), imp.source.is_csv()) {
        (Some(s), false) => format!("sheet \"{}\" of the {}", s.name, imp.source.label()),
        _ => imp.source.label(),
    };
    let unit = if imp.source.is_csv() { "line" } else { "row" };
    out.push(format!(
        "read {} {} from the {from}, header on {unit} {}",
        imp.accepted.len(),
        if imp.accepted.len() == 1 { "record" } else { "records" },
        imp.header_row.unwrap_or(0)
    ));
    let cols: Vec<String> = imp.columns.iter().map(|c| format!("{} = \"{}\"", c.field, c.heading)).collect();
    out.push(format!("columns read: {}", cols.join(", ")));
    if !imp.left_out.is_empty() {
        let l: Vec<String> = imp.left_out.iter().map(|l| format!("\"{}\" ({})", l.heading, l.reason)).collect();
        out.push(format!("left out, never read: {}", l.join(", ")));
    }
    if !imp.unused.is_empty() {
        out.push(format!("not used: {}", imp.unused.iter().map(|h| format!("\"{h}\"")).collect::<Vec<_>>().join(", ")));
    }
    out.extend(imp.notices.iter().cloned());
    out
}
