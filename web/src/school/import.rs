//! Importing pupils: one pipeline for a file (chosen, or dropped on the import area) and a
//! block of cells pasted from a spreadsheet, through the engine's register import (R10.1,
//! R10.1a), the very code `sen-funding import pupils` runs:
//!
//! file or pasted cells → grid (`engine::grid` for CSV and pasted text here; workbooks in the
//! spreadsheet module, read by `engine::workbook` with its checks for zip bombs, size and
//! passwords) → header search → sheet choice (the other sheets are offered) → a mapping step
//! where a required field has no column (a select of the file's columns with their first
//! values; remembered in this browser for the next file with the same headings) → preview
//! (rows accepted, rows refused with their real sheet, row and column, the columns left out
//! because they identify a child, notices) → accept.
//!
//! Nothing in the workspace changes until the user accepts the preview. Messages here cite
//! no rule numbers (those are for Explain and the docs).

use std::rc::Rc;

use crate::components::ScrollTable;
use gloo::timers::future::TimeoutFuture;
use sen_funding::engine::grid::{self, Book, Sniffed, Source, MAX_FILE_BYTES};
use sen_funding::engine::money::format_gbp;
use sen_funding::engine::ratecard::Setting;
use sen_funding::engine::register::{
    import_pupils, normalise_heading, preview_columns, Choice, ColumnPreview, Imported, LeftOut, Options, SheetInfo, PUPIL_FIELDS,
};
use sen_funding::engine::scenario::Pupil;
use sen_funding::engine::RateCard;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::common::{count, now_ms, pagination, plural, Shared};
use super::model::{cells_of, looks_like_name, parse_one, Cells, Field, Parsed};
use super::state::{Action, Notice, NoticeKind, WsState};

/// One row of the file, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRow {
    /// Its line (CSV) or row (spreadsheet, pasted cells) number.
    pub line: usize,
    /// The cells of the columns read, in the order of the table (never a column left out).
    pub cells: Cells,
    pub parsed: Parsed,
    /// What is wrong, each "Heading: message".
    pub faults: Vec<String>,
}

impl ImportRow {
    pub fn accepted(&self) -> bool {
        matches!(self.parsed, Parsed::Pupil(_)) && self.faults.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub file: String,
    /// How it was read: "CSV, Windows-1252" or "sheet “Pupils”, header on row 3".
    pub source: String,
    /// "line" or "row".
    pub unit: &'static str,
    pub rows: Vec<ImportRow>,
    pub accepted: usize,
    pub rejected: usize,
    pub names: usize,
    pub elapsed_ms: f64,
    /// The columns not read because they can only identify a child.
    pub left_out: Vec<LeftOut>,
    /// Which column was read for which field: "Pupil id ← “Adno” (column A)".
    pub columns: Vec<String>,
    pub notices: Vec<String>,
}

/// What the user asked for: which sheet, which columns, and whether the cells have no header.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Request {
    pub sheet: Option<usize>,
    pub choices: Vec<(String, Choice)>,
    pub headerless: bool,
}

/// The mapping step: the columns of the header row (or of headerless cells), and the column
/// chosen for each field (in the order of `PUPIL_FIELDS`).
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
pub struct Step {
    pub file: String,
    pub book: Rc<Book>,
    pub request: Request,
    pub sheets: Vec<SheetInfo>,
    pub sheet: Option<usize>,
    pub mapping: Option<Mapping>,
    /// A fault with the file or its columns rather than its rows.
    pub problem: Option<String>,
    pub preview: Option<Shared<Preview>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    Idle,
    Busy { file: String, stage: String, done: usize, total: usize },
    Step(Shared<Step>),
    Failed { file: String, message: String },
}

/// What to show for a step: a file that cannot be read at all (no header, no row like one, one
/// sheet) is a plain failure; anything else is the step.
fn show(step: Step) -> Phase {
    if step.preview.is_none() && step.mapping.is_none() && step.sheets.len() < 2 {
        return Phase::Failed { file: step.file.clone(), message: step.problem.clone().unwrap_or_default() };
    }
    Phase::Step(Shared(Rc::new(step)))
}

async fn yield_now() {
    TimeoutFuture::new(0).await;
}

type SetPhase = Callback<Phase>;

/// The key under which the columns chosen for a file with these headings are remembered.
fn memory_key(headings: &[grid::Cell]) -> String {
    let h: Vec<String> = headings.iter().map(|c| normalise_heading(&c.text())).collect();
    format!("{}import-columns.{}", crate::browser::STORAGE_PREFIX, h.join(","))
}

fn remembered(headings: &[grid::Cell]) -> Option<Vec<(String, Choice)>> {
    let text = crate::storage::preference_get(&memory_key(headings))?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    let o = v.as_object()?;
    let out: Vec<(String, Choice)> = o.iter().filter_map(|(k, v)| Some((k.clone(), Choice::Heading(v.as_str()?.to_string())))).collect();
    (!out.is_empty()).then_some(out)
}

fn remember(headings: &[grid::Cell], choices: &[(String, Choice)]) {
    let mut o = serde_json::Map::new();
    for (k, c) in choices {
        if let Choice::Heading(h) = c {
            o.insert(k.clone(), serde_json::Value::String(h.clone()));
        }
    }
    if !o.is_empty() {
        crate::storage::preference_set(&memory_key(headings), &serde_json::Value::Object(o).to_string());
    }
}

/// Where a row is, as the engine's messages say it.
fn place(source: Source, sheet: &str, n: usize) -> String {
    match source {
        Source::Csv(_) => format!("line {n}"),
        Source::Cells => format!("row {n}"),
        _ => format!("sheet \"{sheet}\" row {n}"),
    }
}

fn plain(errors: &[sen_funding::engine::InputError]) -> String {
    errors.iter().map(|e| if e.path.is_empty() { e.message.clone() } else { format!("{}: {}", e.path, e.message) }).collect::<Vec<_>>().join(" ")
}

/// The preview of an import that read its rows.
fn preview_of(file: &str, book: &Book, imp: Imported<Pupil>, started: f64) -> Preview {
    let si = imp.sheet.unwrap_or(0);
    let sheet = &book.sheets[si];
    let unit = if book.source.is_csv() { "line" } else { "row" };
    let source = match (book.source, imp.header_row) {
        (Source::Csv(e), Some(h)) => format!("CSV, {}, header on line {h}", e.label()),
        (Source::Csv(e), None) => format!("CSV, {}", e.label()),
        (Source::Cells, Some(h)) => format!("pasted cells, header on row {h}"),
        (Source::Cells, None) => "pasted cells without a header row".into(),
        (s, Some(h)) => format!("{}, sheet “{}”, header on row {h}", s.label(), sheet.name),
        (s, None) => format!("{}, sheet “{}”", s.label(), sheet.name),
    };
    let col_of = |field: Field| imp.columns.iter().find(|c| c.field == field.key()).map(|c| c.column);
    let cols: Vec<Option<usize>> = Field::ALL.iter().map(|f| col_of(*f)).collect();
    let mut rows: Vec<ImportRow> = Vec::with_capacity(imp.accepted.len() + imp.rejected_rows.len());
    for (line, p) in &imp.accepted {
        rows.push(ImportRow { line: *line, cells: cells_of(p), parsed: Parsed::Pupil(p.clone()), faults: Vec::new() });
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
                        let label = imp.columns.iter().find(|c| c.heading == heading).and_then(|c| Field::from_key(c.field)).map(|f| f.label());
                        faults.push(match label {
                            Some(l) if !l.eq_ignore_ascii_case(heading) => format!("“{heading}” ({l}): {}", e.message),
                            _ => format!("{heading}: {}", e.message),
                        });
                        errs.next();
                    }
                    None => break,
                }
            }
            let cells: Cells =
                std::array::from_fn(|i| cols[i].and_then(|c| by_number.get(&n).and_then(|r| r.cells.get(c))).map(|c| c.text()).unwrap_or_default());
            rows.push(ImportRow { line: n, parsed: Parsed::Faults(Vec::new()), cells, faults });
        }
    }
    rows.sort_by_key(|r| r.line);
    let accepted = imp.accepted.len();
    let names = rows.iter().filter(|r| looks_like_name(r.cells[0].trim())).count();
    let columns = imp
        .columns
        .iter()
        .map(|c| {
            let label = Field::from_key(c.field).map_or(c.field, |f| f.label());
            format!("{label}: “{}” (column {})", c.heading, grid::column_letters(c.column))
        })
        .collect();
    Preview {
        file: file.to_string(),
        source,
        unit,
        rejected: rows.len() - accepted,
        rows,
        accepted,
        names,
        elapsed_ms: now_ms() - started,
        left_out: imp.left_out,
        columns,
        notices: imp.notices,
    }
}

/// A choice of column for a field: by its heading when the heading is in the header row once,
/// else by position.
fn choice_for(header: Option<&grid::Row>, c: usize) -> Choice {
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

/// Runs the engine's import on the book as the user asked, and says what to show.
pub fn check(file: &str, book: Rc<Book>, request: Request, card: &RateCard, default_setting: Setting, started: f64) -> Step {
    let run = |r: &Request| {
        let opts = Options { card: Some(card), default_setting, choices: r.choices.clone(), sheet: r.sheet, headerless: r.headerless };
        import_pupils(&book, &opts)
    };
    let mut request = request;
    let mut imp = run(&request);
    let mut from_memory = false;
    // No header: the columns chosen last time for a file with the same headings, or, for cells
    // pasted without their header row, every row is data.
    if imp.header_fault && imp.header_row.is_none() && request.choices.is_empty() && !request.headerless {
        let first_row = || book.sheets.iter().position(|s| !s.rows.is_empty()).map(|s| (s, 0));
        let guess = if book.source == Source::Cells { imp.best_guess } else { imp.best_guess.or_else(first_row) };
        if let Some((s, r)) = guess {
            if let Some(choices) = remembered(&book.sheets[s].rows[r].cells) {
                let again = Request { sheet: Some(s), choices, headerless: false };
                let second = run(&again);
                if !second.header_fault {
                    request = again;
                    imp = second;
                    from_memory = true;
                }
            }
        } else if book.source == Source::Cells {
            request.headerless = true;
            // The calculator's own order, when the block is as wide as its table.
            let width = book.sheets[0].rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
            if width >= 5 {
                request.choices = PUPIL_FIELDS
                    .iter()
                    .enumerate()
                    .filter(|(i, f)| *i < width && (f.required || f.key == "setting"))
                    .map(|(i, f)| (f.key.to_string(), Choice::Column(i)))
                    .collect();
            }
            imp = run(&request);
        }
    }
    let sheets = imp.sheets.clone();
    let sheet = imp.sheet;
    // The header row (an index into the sheet's rows) the mapping step shows the columns of.
    let header_ix = |imp: &Imported<Pupil>| -> Option<(usize, Option<usize>)> {
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
            let columns = preview_columns(sen_funding::engine::register::Kind::Pupils, &book.sheets[s], hi, &request.choices, 3);
            let chosen = PUPIL_FIELDS
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
                remember(&book.sheets[s].rows[hi].cells, &request.choices);
            }
        }
        Some(Shared(Rc::new(preview_of(file, &book, imp, started))))
    };
    Step { file: file.to_string(), book, request, sheets, sheet, mapping, problem, preview }
}

/// The first thing said about a file that is not a list of pupils.
fn looks_like_json(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    b.iter().find(|c| !c.is_ascii_whitespace()) == Some(&b'{')
}

/// The context every step of an import needs.
#[derive(Clone)]
struct Ctx {
    card: Rc<RateCard>,
    setting: Setting,
    set: SetPhase,
}

async fn run_book(ctx: Ctx, file: String, book: Book, started: f64) {
    let rows: usize = book.sheets.iter().map(|s| s.rows.len()).sum();
    if rows > 5000 {
        ctx.set.emit(Phase::Busy { file: file.clone(), stage: "Checking rows".into(), done: 0, total: rows });
        yield_now().await;
    }
    let step = check(&file, Rc::new(book), Request::default(), &ctx.card, ctx.setting, started);
    ctx.set.emit(show(step));
}

/// A file chosen or dropped: refused by size before it is read, then read as a grid.
async fn import_file(ctx: Ctx, file: web_sys::File) {
    let started = now_ms();
    let name = file.name();
    let size = file.size();
    if size > MAX_FILE_BYTES as f64 {
        ctx.set.emit(Phase::Failed { file: name, message: grid::too_big(size as usize).message });
        return;
    }
    ctx.set.emit(Phase::Busy { file: name.clone(), stage: "Reading the file".into(), done: 0, total: 0 });
    let bytes = match crate::browser::read_file(file).await {
        Ok(b) => b,
        Err(message) => {
            ctx.set.emit(Phase::Failed { file: name, message });
            return;
        }
    };
    let book = match grid::sniff(&bytes) {
        Sniffed::Text if looks_like_json(&bytes) => Err("This looks like a saved workspace (a scenario file), not a list of pupils: open it with “Open a saved workspace” under “Keep and share your work”.".to_string()),
        Sniffed::Text => grid::csv_book(&bytes).map_err(|e| if e.path.is_empty() { e.message } else { format!("{}: {}", e.path, e.message) }),
        sniffed => {
            ctx.set.emit(Phase::Busy { file: name.clone(), stage: "Opening the spreadsheet".into(), done: 0, total: 0 });
            yield_now().await;
            let lower = name.to_lowercase();
            let source = match sniffed {
                Sniffed::Ole2 => Source::Xls,
                _ if lower.ends_with(".ods") => Source::Ods,
                _ if lower.ends_with(".xlsb") => Source::Xlsb,
                _ => Source::Xlsx,
            };
            crate::xlsx::read_book(bytes, source).await
        }
    };
    match book {
        Ok(book) => run_book(ctx, name, book, started).await,
        Err(message) => ctx.set.emit(Phase::Failed { file: name, message }),
    }
}

/// A block of cells pasted from a spreadsheet.
fn import_pasted(ctx: Ctx, text: String) {
    let started = now_ms();
    let name = "the pasted cells".to_string();
    match grid::pasted_book(&text) {
        Ok(book) => wasm_bindgen_futures::spawn_local(run_book(ctx, name, book, started)),
        Err(e) => ctx.set.emit(Phase::Failed { file: name, message: format!("{}: {}", e.path, e.message) }),
    }
}

#[derive(Properties, PartialEq)]
pub struct ImportPanelProps {
    pub card: Shared<RateCard>,
    /// The workspace has the user's own pupils (not the example): offer to add or replace.
    pub has_rows: bool,
    pub example: bool,
    pub dispatch: UseReducerDispatcher<WsState>,
    /// The school's first setting: every pupil's, when a file has no setting column.
    #[prop_or(Setting::Mainstream)]
    pub default_setting: Setting,
}

#[component]
pub fn ImportPanel(props: &ImportPanelProps) -> Html {
    let phase = use_state(|| Phase::Idle);
    let dragging = use_state(|| false);
    let set: SetPhase = {
        let phase = phase.clone();
        Callback::from(move |p| phase.set(p))
    };
    let ctx = Ctx { card: props.card.0.clone(), setting: props.default_setting, set: set.clone() };

    let onchange = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            // So that choosing the same file again (after fixing it) reads it again.
            input.set_value("");
            wasm_bindgen_futures::spawn_local(import_file(ctx.clone(), file));
        })
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let ondrop = {
        let ctx = ctx.clone();
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(file) = e.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
                wasm_bindgen_futures::spawn_local(import_file(ctx.clone(), file));
            }
        })
    };
    // A block of cells pasted anywhere but into a text field: the pupils table, the import area.
    {
        let ctx = ctx.clone();
        use_effect_with((props.card.clone(), props.default_setting), move |_| {
            let listener = web_sys::window().and_then(|w| w.document()).map(|doc| {
                gloo::events::EventListener::new(&doc, "paste", move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::ClipboardEvent>() else { return };
                    let Some(text) = e.clipboard_data().and_then(|d| d.get_data("text/plain").ok()) else { return };
                    let in_text_field = e
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .is_some_and(|el| matches!(el.tag_name().as_str(), "TEXTAREA") || el.closest("[data-no-paste-import]").ok().flatten().is_some());
                    // A block: more than one cell (a tab) or more than one row.
                    let block = text.trim_end_matches(['\r', '\n']).contains(['\t', '\n']);
                    if in_text_field || !block {
                        return;
                    }
                    e.prevent_default();
                    import_pasted(ctx.clone(), text);
                })
            });
            move || drop(listener)
        });
    }

    let body = match &*phase {
        Phase::Idle => html! {},
        Phase::Busy { file, stage, done, total } => html! {
            <div class="app-ws-import__progress" id="import-progress" role="status" aria-live="polite">
                <p class="govuk-body">
                    <strong>{ file }</strong>{ ": " }{ stage }
                    if *total > 0 { { format!(" — {} rows", count(*total)) } }
                    { "…" }
                </p>
                if *total > 0 {
                    <progress class="app-progress" max={total.to_string()} value={done.to_string()} aria-label="Rows checked"></progress>
                } else {
                    <progress class="app-progress" aria-label={stage.clone()}></progress>
                }
            </div>
        },
        Phase::Failed { file, message } => html! {
            <div class="govuk-error-summary app-ws-import__failed" id="import-failed" role="alert" tabindex="-1">
                <h3 class="govuk-error-summary__title">{ format!("{file} could not be imported") }</h3>
                <div class="govuk-error-summary__body">
                    <p class="govuk-body">{ message }</p>
                    <p class="govuk-body">{ "Nothing in the workspace has changed." }</p>
                </div>
            </div>
        },
        Phase::Step(step) => {
            let rerun = {
                let set = set.clone();
                let card = props.card.0.clone();
                let setting = props.default_setting;
                let step = step.clone();
                Callback::from(move |request: Request| {
                    let next = check(&step.file, step.book.clone(), request, &card, setting, now_ms());
                    set.emit(show(next));
                })
            };
            let close = {
                let phase = phase.clone();
                Callback::from(move |_| phase.set(Phase::Idle))
            };
            let finish = |all: bool, replace: bool| {
                let phase = phase.clone();
                let dispatch = props.dispatch.clone();
                let p = step.preview.clone();
                let card = props.card.0.clone();
                Callback::from(move |_| {
                    let Some(p) = &p else { return };
                    let rows: Vec<(Cells, Parsed)> = p
                        .rows
                        .iter()
                        .filter(|r| all || r.accepted())
                        .map(|r| if r.accepted() { (r.cells.clone(), r.parsed.clone()) } else { (r.cells.clone(), parse_one(&r.cells, &card)) })
                        .collect();
                    let n = rows.len();
                    let text = if all && p.rejected > 0 {
                        format!(
                            "{} from {} added to the table; {} to fix.",
                            plural(n, "row", "rows"),
                            p.file,
                            plural(p.rejected, "row has problems", "rows have problems")
                        )
                    } else {
                        format!("{} from {} added.", plural(n, "pupil", "pupils"), p.file)
                    };
                    dispatch.dispatch(Action::Import { rows, replace, notice: Notice { kind: NoticeKind::Success, text } });
                    if !(all && p.rejected > 0) {
                        dispatch.dispatch(Action::Focus("pupils-heading".into()));
                    }
                    phase.set(Phase::Idle);
                })
            };
            html! {
                <div class="app-ws-import__step" id="import-step">
                    { sheet_choice(step, &rerun) }
                    if let Some(problem) = &step.problem {
                        <div class="govuk-error-summary" id="import-problem" role="alert" tabindex="-1">
                            <h3 class="govuk-error-summary__title">{ format!("{} needs a hand", step.file) }</h3>
                            <div class="govuk-error-summary__body"><p class="govuk-body">{ problem }</p>
                            if step.mapping.is_some() {
                                <p class="govuk-body">{ "Choose the column for each field below. Nothing in the workspace has changed." }</p>
                            } else {
                                <p class="govuk-body">{ "Nothing in the workspace has changed." }</p>
                            }
                            </div>
                        </div>
                    }
                    if let Some(m) = &step.mapping { { mapping_step(step, m, &rerun) } }
                    if let Some(p) = &step.preview {
                        <ImportPreview preview={p.clone()} has_rows={props.has_rows} focus={step.mapping.is_none()}
                            on_accepted={finish(false, true)} on_accepted_add={finish(false, false)}
                            on_all={finish(true, true)} on_all_add={finish(true, false)} on_cancel={close.clone()} />
                    } else {
                        <button type="button" class="app-link-button" id="import-cancel" onclick={close}>{ "Cancel" }</button>
                    }
                </div>
            }
        }
    };

    let busy = matches!(&*phase, Phase::Busy { .. });
    html! {
        <div class={classes!("app-ws-import", dragging.then_some("app-ws-import--drop"))} id="import" {ondragover} {ondragleave} {ondrop}>
            <div class="govuk-form-group">
                <label class="govuk-label govuk-label--s" for="import-file">{ "Import pupils from a spreadsheet" }</label>
                <div class="govuk-hint" id="import-file-hint">
                    { "Your MIS report or your own workbook (CSV, .xlsx, .xls or .ods), with its own headings: the calculator finds the header row and the columns it knows,                        and asks about any it cannot find. Columns of names, dates of birth, UPNs and addresses are never read.                        You can also drop a file here, or copy a block of cells in your spreadsheet and paste it on this page. The file is read on this computer only." }
                    if props.example { { " Importing replaces the example school." } }
                </div>
                <input class="govuk-file-upload" id="import-file" name="import-file" type="file"
                    accept=".csv,.txt,.tsv,.xlsx,.xlsm,.xlsb,.xls,.ods,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    aria-describedby="import-file-hint" disabled={busy} {onchange} />
            </div>
            { body }
        </div>
    }
}

/// The sheet read, with the others offered.
fn sheet_choice(step: &Step, rerun: &Callback<Request>) -> Html {
    let with_rows: Vec<(usize, &SheetInfo)> = step.sheets.iter().enumerate().collect();
    if step.sheets.len() < 2 {
        return html! {};
    }
    let onchange = {
        let rerun = rerun.clone();
        Callback::from(move |e: Event| {
            let v = super::common::event_value(&e);
            if let Ok(i) = v.parse::<usize>() {
                rerun.emit(Request { sheet: Some(i), choices: Vec::new(), headerless: false });
            }
        })
    };
    html! {
        <div class="govuk-form-group">
            <label class="govuk-label govuk-label--s" for="import-sheet">{ format!("The sheet of {} with the pupils", step.file) }</label>
            <div class="govuk-hint" id="import-sheet-hint">{ "The calculator reads the first sheet with the pupil columns. Choose another if that is not the one." }</div>
            <select class="govuk-select" id="import-sheet" aria-describedby="import-sheet-hint" {onchange}>
                { for with_rows.iter().map(|(i, s)| {
                    let hint = match s.header {
                        Some(h) => format!("{} — {}, the pupil columns on row {h}", s.name, plural(s.rows, "row", "rows")),
                        None if s.rows == 0 => format!("{} — empty", s.name),
                        None => format!("{} — {}, no row with the pupil columns", s.name, plural(s.rows, "row", "rows")),
                    };
                    html! { <option value={i.to_string()} selected={step.sheet == Some(*i)}>{ hint }</option> }
                }) }
            </select>
        </div>
    }
}

/// The mapping step: for each field, a select of the file's columns with their first values.
fn mapping_step(step: &Step, m: &Mapping, rerun: &Callback<Request>) -> Html {
    let header = step.sheet.and_then(|s| m.header_ix.map(|h| &step.book.sheets[s].rows[h]));
    let offered: Vec<&ColumnPreview> = m.columns.iter().filter(|c| c.left_out.is_none()).collect();
    let choose = |fi: usize| {
        let rerun = rerun.clone();
        let chosen = m.chosen.clone();
        let req = step.request.clone();
        let sheet = step.sheet;
        let header = header.cloned();
        Callback::from(move |e: Event| {
            let v = super::common::event_value(&e);
            let mut chosen = chosen.clone();
            chosen[fi] = v.parse::<usize>().ok();
            let choices = PUPIL_FIELDS.iter().zip(&chosen).filter_map(|(f, c)| c.map(|c| (f.key.to_string(), choice_for(header.as_ref(), c)))).collect();
            rerun.emit(Request { sheet, choices, headerless: req.headerless });
        })
    };
    html! {
        <div class="app-ws-import__mapping" id="import-mapping">
            <fieldset class="govuk-fieldset">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{ "Which column holds each field?" }</legend>
                <div class="govuk-hint">
                    { if m.header_ix.is_none() { "The cells have no header row: choose the column of each field. " } else { "" } }
                    { "The rows are checked as soon as every field marked required has a column. This browser remembers your choice for the next file with the same headings." }
                    if m.remembered { { " These are the columns you chose last time for a file with these headings." } }
                </div>
                { for PUPIL_FIELDS.iter().enumerate().map(|(fi, f)| {
                    let id = format!("import-map-{}", f.key);
                    let label = Field::from_key(f.key).map_or(f.key, |x| x.label());
                    html! {
                        <div class="govuk-form-group">
                            <label class="govuk-label" for={id.clone()}>{ label }{ if f.required { " (required)" } else { " (optional)" } }</label>
                            <select class="govuk-select" id={id.clone()} onchange={choose(fi)}>
                                <option value="" selected={m.chosen[fi].is_none()}>{ if f.key == "setting" { "Not in the file: every pupil takes the school's first setting" } else if f.required { "Choose a column" } else { "Not in the file" } }</option>
                                { for offered.iter().map(|c| {
                                    let first = if c.first_values.is_empty() { "no values".to_string() } else { c.first_values.iter().map(|v| format!("“{v}”")).collect::<Vec<_>>().join(", ") };
                                    let text = format!("{} (column {}) — {}", c.heading, grid::column_letters(c.column), first);
                                    html! { <option value={c.column.to_string()} selected={m.chosen[fi] == Some(c.column)}>{ text }</option> }
                                }) }
                            </select>
                        </div>
                    }
                }) }
            </fieldset>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ImportPreviewProps {
    pub preview: Shared<Preview>,
    pub has_rows: bool,
    pub on_accepted: Callback<MouseEvent>,
    pub on_accepted_add: Callback<MouseEvent>,
    pub on_all: Callback<MouseEvent>,
    pub on_all_add: Callback<MouseEvent>,
    pub on_cancel: Callback<MouseEvent>,
    /// Move the focus to the preview when it appears (not while the user is choosing columns).
    #[prop_or(true)]
    pub focus: bool,
}

const PREVIEW_PAGE: usize = 20;

#[component]
pub fn ImportPreview(props: &ImportPreviewProps) -> Html {
    let p = &*props.preview;
    let page_ok = use_state(|| 0usize);
    let page_bad = use_state(|| 0usize);
    let heading = use_node_ref();
    {
        let heading = heading.clone();
        let focus = props.focus;
        use_effect_with(props.preview.clone(), move |_| {
            if !focus {
                return;
            }
            if let Some(h) = heading.cast::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
        });
    }
    let unit_cap = if p.unit == "line" { "Line" } else { "Row" };
    let rejected: Vec<&ImportRow> = p.rows.iter().filter(|r| !r.accepted()).collect();
    let accepted: Vec<&ImportRow> = p.rows.iter().filter(|r| r.accepted()).collect();

    let bad_pages = rejected.len().div_ceil(PREVIEW_PAGE).max(1);
    let bad_page = (*page_bad).min(bad_pages - 1);
    let ok_pages = accepted.len().div_ceil(PREVIEW_PAGE).max(1);
    let ok_page = (*page_ok).min(ok_pages - 1);
    let set_bad = {
        let s = page_bad.clone();
        Callback::from(move |n| s.set(n))
    };
    let set_ok = {
        let s = page_ok.clone();
        Callback::from(move |n| s.set(n))
    };

    let reasons = |r: &ImportRow| -> Html {
        let items = &r.faults;
        html! { <ul class="govuk-list app-ws-import__reasons">{ for items.iter().map(|m| html! { <li>{ m }</li> }) }</ul> }
    };

    let seconds = format!("{:.2}", p.elapsed_ms / 1000.0);
    html! {
        <div class="app-ws-import__preview" id="import-preview" data-accepted={p.accepted.to_string()} data-rejected={p.rejected.to_string()} data-elapsed-ms={format!("{:.0}", p.elapsed_ms)}>
            <h3 class="govuk-heading-s" tabindex="-1" ref={heading}>{ format!("Check the rows of {}", p.file) }</h3>
            <p class="govuk-body">
                { format!("Read as {}: ", p.source) }
                <strong>{ format!("{} accepted", plural(p.accepted, "row", "rows")) }</strong>
                { ", " }
                <strong class={(p.rejected > 0).then_some("app-ws-pupils__bad")}>{ format!("{} with problems", count(p.rejected)) }</strong>
                { format!(". Checked in {seconds} seconds.") }
            </p>
            if !p.notices.is_empty() {
                <div class="govuk-inset-text" id="import-notices">
                    { for p.notices.iter().map(|n| html! { <p class="govuk-body">{ n }</p> }) }
                </div>
            }
            if !p.columns.is_empty() {
                <details class="govuk-details" id="import-columns">
                    <summary class="govuk-details__summary"><span class="govuk-details__summary-text">{ "The columns read" }</span></summary>
                    <div class="govuk-details__text"><ul class="govuk-list">{ for p.columns.iter().map(|c| html! { <li>{ c }</li> }) }</ul></div>
                </details>
            }
            if !p.left_out.is_empty() {
                <div id="import-left-out">
                    <p class="govuk-body">{ "These columns were left out and never read, because they can only identify a child:" }</p>
                    <ul class="govuk-list govuk-list--bullet">
                        { for p.left_out.iter().map(|l| html! { <li data-column={l.column.to_string()}>{ format!("“{}” (column {}): {}", l.heading, grid::column_letters(l.column), l.reason) }</li> }) }
                    </ul>
                </div>
            }
            if p.names > 0 {
                <p class="app-ws-warning-message"><strong class="govuk-tag govuk-tag--yellow">{ "Check the ids" }</strong>{ " " }
                    { format!("{} like a person's name. Ids must be made up, never a child's name: change them in the file, or in the table after importing.", plural(p.names, "id looks", "ids look")) }
                </p>
            }
            if p.rejected > 0 {
                <ScrollTable label="Rows with problems">
                <table class="govuk-table app-ws-import__table" id="import-rejected">
                    <caption class="govuk-table__caption">{ format!("Rows with problems ({})", count(p.rejected)) }</caption>
                    <thead class="govuk-table__head"><tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">{ unit_cap }</th>
                        <th scope="col" class="govuk-table__header">{ "Pupil id" }</th>
                        <th scope="col" class="govuk-table__header">{ "What is wrong" }</th>
                    </tr></thead>
                    <tbody class="govuk-table__body">
                        { for rejected.iter().skip(bad_page * PREVIEW_PAGE).take(PREVIEW_PAGE).map(|r| html! {
                            <tr class="govuk-table__row" data-line={r.line.to_string()}>
                                <td class="govuk-table__cell">{ r.line }</td>
                                <td class="govuk-table__cell">{ &r.cells[0] }</td>
                                <td class="govuk-table__cell">{ reasons(r) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                </ScrollTable>
                { pagination("import-rejected-pages", "Pages of the rows with problems", bad_page, bad_pages, set_bad) }
            }
            if p.accepted > 0 {
                <ScrollTable label="Rows accepted">
                <table class="govuk-table app-ws-import__table" id="import-accepted">
                    <caption class="govuk-table__caption">{ format!("Rows accepted ({}), as the calculator reads them", count(p.accepted)) }</caption>
                    <thead class="govuk-table__head"><tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">{ unit_cap }</th>
                        <th scope="col" class="govuk-table__header">{ "Pupil id" }</th>
                        <th scope="col" class="govuk-table__header">{ "Setting" }</th>
                        <th scope="col" class="govuk-table__header">{ "Band" }</th>
                        <th scope="col" class="govuk-table__header">{ "EHCP" }</th>
                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">{ "Current E3 a year" }</th>
                        <th scope="col" class="govuk-table__header">{ "Year group" }</th>
                        <th scope="col" class="govuk-table__header">{ "On roll" }</th>
                    </tr></thead>
                    <tbody class="govuk-table__body">
                        { for accepted.iter().skip(ok_page * PREVIEW_PAGE).take(PREVIEW_PAGE).filter_map(|r| r.parsed.pupil().map(|pp| (r, pp))).map(|(r, pp)| html! {
                            <tr class="govuk-table__row" data-line={r.line.to_string()}>
                                <td class="govuk-table__cell">{ r.line }</td>
                                <td class="govuk-table__cell">{ &pp.id }</td>
                                <td class="govuk-table__cell">{ pp.setting.as_str() }</td>
                                <td class="govuk-table__cell">{ &pp.band }</td>
                                <td class="govuk-table__cell">{ if pp.ehcp { "Yes" } else { "No" } }</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">{ format_gbp(pp.current_e3) }</td>
                                <td class="govuk-table__cell">{ pp.year_group.map(|y| y.as_string()).unwrap_or_else(|| "—".into()) }</td>
                                <td class="govuk-table__cell">{ on_roll(pp) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                </ScrollTable>
                { pagination("import-accepted-pages", "Pages of the rows accepted", ok_page, ok_pages, set_ok) }
            }
            <div class="govuk-button-group">
                if p.accepted > 0 {
                    <button type="button" class="govuk-button" id="import-accepted-button" onclick={props.on_accepted.clone()}>
                        { if props.has_rows { format!("Replace the pupils with the {} accepted", count(p.accepted)) } else { format!("Add the {} accepted", plural(p.accepted, "pupil", "pupils")) } }
                    </button>
                    if props.has_rows {
                        <button type="button" class="govuk-button govuk-button--secondary" id="import-accepted-add" onclick={props.on_accepted_add.clone()}>{ "Add them to the pupils already there" }</button>
                    }
                }
                if p.rejected > 0 {
                    <button type="button" class="govuk-button govuk-button--secondary" id="import-all-button" onclick={if props.has_rows { props.on_all_add.clone() } else { props.on_all.clone() }}>
                        { format!("Put all {} rows in the table and fix them there", count(p.rows.len())) }
                    </button>
                }
                <button type="button" class="app-link-button" id="import-cancel" onclick={props.on_cancel.clone()}>{ "Cancel" }</button>
            </div>
            if p.rejected > 0 {
                <p class="govuk-body-s">{ "Or fix the file in your spreadsheet program and choose it again." }</p>
            }
        </div>
    }
}

fn on_roll(p: &sen_funding::engine::scenario::Pupil) -> String {
    let d = |d: sen_funding::engine::Date| format!("{:02}/{:02}/{}", d.d, d.m, d.y);
    match (p.start, p.end) {
        (None, None) => "All year".into(),
        (Some(s), None) => format!("From {}", d(s)),
        (None, Some(e)) => format!("Until {}", d(e)),
        (Some(s), Some(e)) => format!("{} to {}", d(s), d(e)),
    }
}
