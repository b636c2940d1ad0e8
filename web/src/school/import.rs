//! Importing pupils from a CSV file (R10.1) or a spreadsheet (`.xlsx`, also `.xls`, `.ods`):
//! choose the sheet, find the header row, read every row with the engine in batches (with a
//! progress bar), then a preview of the rows accepted and every row refused, with its line and
//! reason. Nothing is dropped silently: the user adds the accepted rows, or puts every row in
//! the table to fix there, or fixes the file and chooses it again.

use std::rc::Rc;

use sen_funding::engine::csv_import::{decode, read_pupils, Table};
use sen_funding::engine::money::format_gbp;
use sen_funding::engine::RateCard;
use gloo::timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::common::{count, now_ms, pagination, plural, Shared};
use super::model::{duplicates, looks_like_name, parse_planned, plan_batches, Cells, Field, Parsed};
use super::state::{Action, Notice, NoticeKind, WsState};
use crate::xlsx::{read_workbook, Sheet};

/// The required columns (R10.1).
const REQUIRED: [Field; 5] = [Field::Id, Field::Setting, Field::Band, Field::Ehcp, Field::CurrentE3];

/// One row of the file, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRow {
    /// Its line (CSV) or row (spreadsheet) number.
    pub line: usize,
    pub cells: Cells,
    pub parsed: Parsed,
    /// Its id was used on an earlier line (R2.1).
    pub dup: Option<String>,
}

impl ImportRow {
    pub fn accepted(&self) -> bool {
        self.dup.is_none() && matches!(self.parsed, Parsed::Pupil(_))
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
}

#[derive(Debug, Clone, PartialEq)]
pub struct SheetInfo {
    pub name: String,
    pub rows: usize,
    /// The 0-based index of the header row, where one was found.
    pub header: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    Idle,
    Busy { file: String, stage: String, done: usize, total: usize },
    /// `spent_ms`: the page's work so far (reading, opening the workbook); the time the person
    /// takes to choose a sheet is not counted in "Checked in N seconds" (issue 11).
    ChooseSheet { file: String, book: Shared<Vec<Sheet>>, infos: Rc<Vec<SheetInfo>>, selected: usize, spent_ms: u64 },
    Preview(Shared<Preview>),
    Failed { file: String, message: String },
}

async fn yield_now() {
    TimeoutFuture::new(0).await;
}

/// A header row as the engine reads headers (case, spaces and punctuation do not matter).
fn normalised_header(cells: &[String]) -> Vec<String> {
    let mut line = String::new();
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        line.push('"');
        line.push_str(&c.replace(['\r', '\n'], " ").replace('"', "\"\""));
        line.push('"');
    }
    Table::from_csv(&line).map(|t| t.header).unwrap_or_default()
}

/// The column of each field, from a normalised header.
fn columns(header: &[String]) -> [Option<usize>; 8] {
    Field::ALL.map(|f| header.iter().position(|h| h == f.key()))
}

fn missing(cols: &[Option<usize>; 8]) -> Vec<&'static str> {
    REQUIRED.iter().filter(|f| cols[f.ix()].is_none()).map(|f| f.key()).collect()
}

/// The first row (among the first 100) with every required column: the header row.
fn find_header(sheet: &Sheet) -> Option<usize> {
    sheet.rows.iter().take(100).position(|row| {
        if row.len() < REQUIRED.len() {
            return false;
        }
        let cells: Vec<String> = row.iter().map(|c| c.text().to_string()).collect();
        missing(&columns(&normalised_header(&cells))).is_empty()
    })
}

type SetPhase = Callback<Phase>;

/// Reads every row with the engine in batches, yielding to the page between them, and builds
/// the preview.
async fn check_rows(file: String, source: String, unit: &'static str, rows: Vec<(usize, Cells)>, card: Rc<RateCard>, set: SetPhase, started: f64) {
    let total = rows.len();
    let mut parsed = vec![Parsed::Blank; total];
    {
        let refs: Vec<&Cells> = rows.iter().map(|(_, c)| c).collect();
        let batches = plan_batches(&refs);
        let mut done = 0;
        for batch in batches {
            set.emit(Phase::Busy { file: file.clone(), stage: "Checking rows".into(), done, total });
            yield_now().await;
            parse_planned(&batch, &card, &mut parsed);
            done += batch.len();
        }
    }
    let dups = duplicates(rows.iter().enumerate().map(|(i, (_, c))| (i, c[0].trim())), |i| rows[i].0, unit);
    let mut out = Vec::with_capacity(total);
    let (mut accepted, mut names) = (0, 0);
    for (i, ((line, cells), p)) in rows.into_iter().zip(parsed).enumerate() {
        if matches!(p, Parsed::Blank) {
            continue;
        }
        let r = ImportRow { line, dup: dups.get(&i).cloned(), cells, parsed: p };
        if r.accepted() {
            accepted += 1;
        }
        if looks_like_name(r.cells[0].trim()) {
            names += 1;
        }
        out.push(r);
    }
    let rejected = out.len() - accepted;
    let elapsed_ms = now_ms() - started;
    set.emit(Phase::Preview(Shared(Rc::new(Preview { file, source, unit, rows: out, accepted, rejected, names, elapsed_ms }))));
}

async fn import_csv(file: String, bytes: Vec<u8>, card: Rc<RateCard>, set: SetPhase, started: f64) {
    set.emit(Phase::Busy { file: file.clone(), stage: "Reading the file".into(), done: 0, total: 0 });
    yield_now().await;
    let (text, encoding) = decode(&bytes);
    let table = match Table::from_csv(&text) {
        Ok(t) => t,
        Err(e) => {
            set.emit(Phase::Failed { file, message: e.to_string() });
            return;
        }
    };
    let cols = columns(&table.header);
    if !missing(&cols).is_empty() {
        // The engine's own words for the header fault.
        let imp = read_pupils(&bytes, Some(&card));
        let message = imp.errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; ");
        set.emit(Phase::Failed { file, message });
        return;
    }
    drop(text);
    let rows: Vec<(usize, Cells)> = table.rows.into_iter().map(|(line, cells)| (line, cols.map(|c| c.and_then(|i| cells.get(i).cloned()).unwrap_or_default()))).collect();
    let source = format!("CSV, {}", encoding.label());
    check_rows(file, source, "line", rows, card, set, started).await;
}

fn sheet_rows(sheet: &Sheet, header: usize) -> Vec<(usize, Cells)> {
    let head: Vec<String> = sheet.rows[header].iter().map(|c| c.text().to_string()).collect();
    let cols = columns(&normalised_header(&head));
    sheet
        .rows
        .iter()
        .enumerate()
        .skip(header + 1)
        .map(|(r, row)| (r + 1, cols.map(|c| c.and_then(|i| row.get(i)).map(|c| c.text().trim().to_string()).unwrap_or_default())))
        .filter(|(_, cells)| !cells.iter().all(|c| c.is_empty()))
        .collect()
}

async fn import_sheet(file: String, sheet: &Sheet, header: usize, card: Rc<RateCard>, set: SetPhase, started: f64) {
    let rows = sheet_rows(sheet, header);
    let source = format!("sheet “{}”, header on row {}", sheet.name, header + 1);
    check_rows(file, source, "row", rows, card, set, started).await;
}

fn no_header_message(sheet: &Sheet) -> String {
    format!(
        "No row among the first 100 of the sheet “{}” has the columns id, setting, band, ehcp and current_e3 (in any order, any case): \
         add a header row with them (R10.1)",
        sheet.name
    )
}

async fn import_spreadsheet(file: String, bytes: Vec<u8>, card: Rc<RateCard>, set: SetPhase, started: f64) {
    set.emit(Phase::Busy { file: file.clone(), stage: "Opening the spreadsheet".into(), done: 0, total: 0 });
    yield_now().await;
    let book = match read_workbook(bytes).await {
        Ok(b) => b,
        Err(message) => {
            set.emit(Phase::Failed { file, message });
            return;
        }
    };
    let infos: Vec<SheetInfo> = book
        .iter()
        .map(|s| SheetInfo { name: s.name.clone(), rows: s.rows.iter().filter(|r| r.iter().any(|c| !c.text().is_empty())).count(), header: find_header(s) })
        .collect();
    let with_data: Vec<usize> = (0..book.len()).filter(|&i| infos[i].rows > 0).collect();
    if with_data.is_empty() {
        set.emit(Phase::Failed { file, message: "The spreadsheet has no data in any sheet".into() });
        return;
    }
    if with_data.len() == 1 {
        let i = with_data[0];
        match infos[i].header {
            Some(h) => import_sheet(file, &book[i], h, card, set, started).await,
            None => set.emit(Phase::Failed { file, message: no_header_message(&book[i]) }),
        }
        return;
    }
    let selected = infos.iter().position(|s| s.header.is_some()).unwrap_or(with_data[0]);
    set.emit(Phase::ChooseSheet { file, book: Shared(Rc::new(book)), infos: Rc::new(infos), selected, spent_ms: (now_ms() - started).max(0.0) as u64 });
}

fn is_spreadsheet(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

fn looks_like_json(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    b.iter().find(|c| !c.is_ascii_whitespace()) == Some(&b'{')
}

#[derive(Properties, PartialEq)]
pub struct ImportPanelProps {
    pub card: Shared<RateCard>,
    /// The workspace has the user's own pupils (not the example): offer to add or replace.
    pub has_rows: bool,
    pub example: bool,
    pub dispatch: UseReducerDispatcher<WsState>,
}

#[component]
pub fn ImportPanel(props: &ImportPanelProps) -> Html {
    let phase = use_state(|| Phase::Idle);
    let set: SetPhase = {
        let phase = phase.clone();
        Callback::from(move |p| phase.set(p))
    };

    let onchange = {
        let set = set.clone();
        let card = props.card.0.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            // So that choosing the same file again (after fixing it) reads it again.
            input.set_value("");
            let set = set.clone();
            let card = card.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let started = now_ms();
                let name = file.name();
                set.emit(Phase::Busy { file: name.clone(), stage: "Reading the file".into(), done: 0, total: 0 });
                let bytes = match crate::browser::read_file(file).await {
                    Ok(b) => b,
                    Err(message) => {
                        set.emit(Phase::Failed { file: name, message });
                        return;
                    }
                };
                if is_spreadsheet(&bytes) {
                    import_spreadsheet(name, bytes, card, set, started).await;
                } else if looks_like_json(&bytes) {
                    set.emit(Phase::Failed {
                        file: name,
                        message: "This looks like a saved workspace (a scenario file), not a list of pupils: open it with “Open a saved workspace” under “Keep and share your work”.".into(),
                    });
                } else {
                    import_csv(name, bytes, card, set, started).await;
                }
            });
        })
    };

    let body = match &*phase {
        Phase::Idle => html! {},
        Phase::Busy { file, stage, done, total } => html! {
            <div class="app-ws-import__progress" id="import-progress" role="status" aria-live="polite">
                <p class="govuk-body">
                    <strong>{ file }</strong>{ ": " }{ stage }
                    if *total > 0 { { format!(" — {} of {}", count(*done), count(*total)) } }
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
                    <p class="govuk-body">{ "Fix the file in your spreadsheet program and choose it again. Nothing in the workspace has changed." }</p>
                </div>
            </div>
        },
        Phase::ChooseSheet { file, book, infos, selected, spent_ms } => {
            let choose = |i: usize| {
                let phase = phase.clone();
                Callback::from(move |_| {
                    if let Phase::ChooseSheet { file, book, infos, spent_ms, .. } = &*phase {
                        phase.set(Phase::ChooseSheet { file: file.clone(), book: book.clone(), infos: infos.clone(), selected: i, spent_ms: *spent_ms });
                    }
                })
            };
            let go = {
                let set = set.clone();
                let card = props.card.0.clone();
                let (file, book, infos, selected) = (file.clone(), book.clone(), infos.clone(), *selected);
                let spent_ms = *spent_ms as f64;
                Callback::from(move |_| {
                    // The clock starts again now, with the work done before the choice.
                    let started = now_ms() - spent_ms;
                    let (set, card, file, book) = (set.clone(), card.clone(), file.clone(), book.clone());
                    match infos[selected].header {
                        Some(h) => wasm_bindgen_futures::spawn_local(async move {
                            import_sheet(file, &book[selected], h, card, set, started).await;
                        }),
                        None => set.emit(Phase::Failed { file, message: no_header_message(&book[selected]) }),
                    }
                })
            };
            html! {
                <div class="app-ws-import__sheets" id="import-sheets">
                    <div class="govuk-form-group">
                        <fieldset class="govuk-fieldset">
                            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{ format!("Which sheet of {file} lists the pupils?") }</legend>
                            <div class="govuk-radios">
                                { for infos.iter().enumerate().map(|(i, s)| {
                                    let id = format!("import-sheet-{i}");
                                    let hint = match s.header {
                                        Some(h) => format!("{} — the pupil columns are on row {}", plural(s.rows, "row", "rows"), h + 1),
                                        None => format!("{} — no row with the pupil columns", plural(s.rows, "row", "rows")),
                                    };
                                    html! {
                                        <div class="govuk-radios__item">
                                            <input class="govuk-radios__input" type="radio" name="import-sheet" id={id.clone()} checked={i == *selected} onchange={choose(i)} aria-describedby={format!("{id}-hint")} />
                                            <div>
                                                <label class="govuk-label govuk-radios__label" for={id.clone()}>{ &s.name }</label>
                                                <div class="govuk-hint govuk-radios__hint" id={format!("{id}-hint")}>{ hint }</div>
                                            </div>
                                        </div>
                                    }
                                }) }
                            </div>
                        </fieldset>
                    </div>
                    <button type="button" class="govuk-button" id="import-sheet-go" onclick={go}>{ "Check this sheet" }</button>
                </div>
            }
        }
        Phase::Preview(p) => {
            let close = {
                let phase = phase.clone();
                Callback::from(move |_| phase.set(Phase::Idle))
            };
            let finish = |all: bool, replace: bool| {
                let phase = phase.clone();
                let dispatch = props.dispatch.clone();
                let p = p.clone();
                Callback::from(move |_| {
                    let rows: Vec<(Cells, Parsed)> = p.rows.iter().filter(|r| all || r.accepted()).map(|r| (r.cells.clone(), r.parsed.clone())).collect();
                    let n = rows.len();
                    let text = if all && p.rejected > 0 {
                        format!("{} from {} added to the table; {} to fix.", plural(n, "row", "rows"), p.file, plural(p.rejected, "row has problems", "rows have problems"))
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
                <ImportPreview preview={p.clone()} has_rows={props.has_rows}
                    on_accepted={finish(false, true)} on_accepted_add={finish(false, false)}
                    on_all={finish(true, true)} on_all_add={finish(true, false)} on_cancel={close} />
            }
        }
    };

    let busy = matches!(&*phase, Phase::Busy { .. });
    html! {
        <div class="app-ws-import" id="import">
            <div class="govuk-form-group">
                <label class="govuk-label govuk-label--s" for="import-file">{ "Import pupils from a spreadsheet" }</label>
                <div class="govuk-hint" id="import-file-hint">
                    { "A CSV file or an Excel workbook (.xlsx) with a header row naming the columns id, setting, band, ehcp and current_e3, \
                       and optionally year_group, start and end, in any order. Other columns are ignored. The file is read on this computer only." }
                    if props.example { { " Importing replaces the example school." } }
                </div>
                <input class="govuk-file-upload" id="import-file" name="import-file" type="file"
                    accept=".csv,.txt,.xlsx,.xlsm,.xls,.ods,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    aria-describedby="import-file-hint" disabled={busy} {onchange} />
            </div>
            { body }
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
        use_effect_with(props.preview.clone(), move |_| {
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
        let mut items: Vec<String> = Vec::new();
        if let Some(d) = &r.dup {
            items.push(format!("{}: {d}", Field::Id.label()));
        }
        for (f, m) in r.parsed.faults() {
            items.push(format!("{}: {m}", f.label()));
        }
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
            if p.names > 0 {
                <p class="app-ws-warning-message"><strong class="govuk-tag govuk-tag--yellow">{ "Check the ids" }</strong>{ " " }
                    { format!("{} like a person's name. Ids must be made up, never a child's name: change them in the file, or in the table after importing.", plural(p.names, "id looks", "ids look")) }
                </p>
            }
            if p.rejected > 0 {
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
                { pagination("import-rejected-pages", "Pages of the rows with problems", bad_page, bad_pages, set_bad) }
            }
            if p.accepted > 0 {
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
