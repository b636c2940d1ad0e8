//! The one import pipeline of the web app, for a school's pupils and for the Community list
//! alike, through the engine's register import (R10.1, R10.1a, R10.2), the very code
//! `sen-funding import` runs:
//!
//! file chosen, dropped or pasted as cells → grid (`engine::grid` for CSV and pasted text;
//! workbooks in the spreadsheet module, read by `engine::workbook` with its checks for zip
//! bombs, size and passwords) → header search → sheet choice (the other sheets are offered) →
//! a mapping step where a required field has no column (a select of the file's columns with
//! their first values; remembered in this browser for the next file with the same headings) →
//! preview (rows accepted, rows refused with their real sheet, row and column, the columns left
//! out because they identify a child, notices) → accept. A progress bar shows while a file is
//! read and a large one checked.
//!
//! [`pipeline`] is that logic, with no browser in it; [`ImportPanel`] is its page, generic over
//! the kind of record ([`RecordKind`]): the pupils' kind is in `school::import`, the
//! Communities' in `communities::import`. Nothing changes in a journey until the user accepts
//! the preview ([`Accepted`], which the journey applies to its data as it is then). Messages
//! cite no rule numbers (those are for Explain and the docs).

pub mod pipeline;

use std::rc::Rc;

use gloo::timers::future::TimeoutFuture;
use sen_funding::engine::grid::{self, Book, Sniffed, Source, MAX_FILE_BYTES};
use sen_funding::engine::register::{ColumnPreview, SheetInfo};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::ScrollTable;
use crate::school::common::{count, event_value, now_ms, pagination, plural, Shared};
pub use pipeline::{check, show, Env, ImportRow, Mapping, Phase, Preview, RecordKind, Request, Step};

/// The browser's clock, and this browser's memory of column choices (headings only).
pub struct BrowserEnv;

impl Env for BrowserEnv {
    fn now(&self) -> f64 {
        now_ms()
    }
    fn recall(&self, key: &str) -> Option<String> {
        crate::storage::preference_get(&format!("{}{key}", crate::browser::STORAGE_PREFIX))
    }
    fn keep(&self, key: &str, value: &str) {
        crate::storage::preference_set(&format!("{}{key}", crate::browser::STORAGE_PREFIX), value)
    }
}

/// The user accepted the preview: the journey applies it to its data as it is now.
#[derive(Debug, Clone, PartialEq)]
pub struct Accepted<R> {
    pub preview: Shared<Preview<R>>,
    /// The book the rows came from (a Community workbook's "Pots" sheet is read from it).
    pub book: Rc<Book>,
    /// Every row, those with problems too (to be fixed in the table), or only those accepted.
    pub all: bool,
    /// Replace the rows there, or add to them.
    pub replace: bool,
}

async fn yield_now() {
    TimeoutFuture::new(0).await;
}

/// Whether the bytes are a JSON document (a scenario file) rather than a list.
pub fn looks_like_json(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    b.iter().find(|c| !c.is_ascii_whitespace()) == Some(&b'{')
}

/// The context every step of an import needs.
struct Ctx<K: RecordKind> {
    kind: K,
    set: Callback<Phase<K::Record>>,
    on_json: Option<Callback<(String, Vec<u8>)>>,
    json_refusal: AttrValue,
}

impl<K: RecordKind> Clone for Ctx<K> {
    fn clone(&self) -> Self {
        Ctx { kind: self.kind.clone(), set: self.set.clone(), on_json: self.on_json.clone(), json_refusal: self.json_refusal.clone() }
    }
}

async fn run_book<K: RecordKind>(ctx: Ctx<K>, file: String, book: Book, started: f64) {
    let rows: usize = book.sheets.iter().map(|s| s.rows.len()).sum();
    if rows > 5000 {
        ctx.set.emit(Phase::Busy { file: file.clone(), stage: "Checking rows".into(), done: 0, total: rows });
        yield_now().await;
    }
    let step = check(&ctx.kind, &file, Rc::new(book), Request::default(), &BrowserEnv, started);
    ctx.set.emit(show(step));
}

/// A file chosen or dropped: refused by size before it is read, then read as a grid.
async fn import_file<K: RecordKind>(ctx: Ctx<K>, file: web_sys::File) {
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
        Sniffed::Text if looks_like_json(&bytes) => match &ctx.on_json {
            Some(on_json) => {
                ctx.set.emit(Phase::Idle);
                on_json.emit((name, bytes));
                return;
            }
            None => Err(ctx.json_refusal.to_string()),
        },
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
fn import_pasted<K: RecordKind>(ctx: Ctx<K>, text: String) {
    let started = now_ms();
    let name = "the pasted cells".to_string();
    match grid::pasted_book(&text) {
        Ok(book) => wasm_bindgen_futures::spawn_local(run_book(ctx, name, book, started)),
        Err(e) => ctx.set.emit(Phase::Failed { file: name, message: format!("{}: {}", e.path, e.message) }),
    }
}

#[derive(Properties, PartialEq)]
pub struct ImportPanelProps<K: RecordKind> {
    pub kind: K,
    /// The ids of the panel's parts start with this: `import` gives `import-preview`,
    /// `import-sheet`, `import-map-band`, …
    pub prefix: AttrValue,
    /// The file input's id.
    pub file_id: AttrValue,
    pub label: AttrValue,
    pub hint: Html,
    /// The file input's `accept`.
    pub accept: AttrValue,
    /// There are rows already (not an example): "Replace the … with", and offer to add.
    pub has_rows: bool,
    /// Whether rows can be added to those there (else an import replaces them).
    #[prop_or(true)]
    pub can_add: bool,
    /// Where the data is, for "Nothing in the workspace has changed."
    pub data_name: AttrValue,
    /// A JSON file (a scenario) is handed to the journey; without this it is refused with
    /// `json_refusal`.
    #[prop_or_default]
    pub on_json: Option<Callback<(String, Vec<u8>)>>,
    #[prop_or_default]
    pub json_refusal: AttrValue,
    /// Cells pasted into an input field are imported too (the pupils table), not only those
    /// pasted elsewhere on the page.
    #[prop_or(false)]
    pub paste_in_fields: bool,
    /// The journey is busy with a file of its own (a scenario): the file input waits.
    #[prop_or(false)]
    pub busy: bool,
    pub on_accept: Callback<Accepted<K::Record>>,
}

#[component]
pub fn ImportPanel<K: RecordKind>(props: &ImportPanelProps<K>) -> Html {
    let phase = use_state(|| Phase::<K::Record>::Idle);
    let dragging = use_state(|| false);
    let set: Callback<Phase<K::Record>> = {
        let phase = phase.clone();
        Callback::from(move |p| phase.set(p))
    };
    let ctx = Ctx { kind: props.kind.clone(), set: set.clone(), on_json: props.on_json.clone(), json_refusal: props.json_refusal.clone() };
    let prefix = props.prefix.to_string();
    let id = |part: &str| format!("{prefix}-{part}");

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
    // A block of cells pasted on the page (not into a text area, nor, unless the journey wants
    // it, into a field).
    {
        let ctx = ctx.clone();
        let in_fields = props.paste_in_fields;
        use_effect_with(props.kind.clone(), move |_| {
            let listener = web_sys::window().and_then(|w| w.document()).map(|doc| {
                gloo::events::EventListener::new(&doc, "paste", move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::ClipboardEvent>() else { return };
                    let Some(text) = e.clipboard_data().and_then(|d| d.get_data("text/plain").ok()) else { return };
                    let in_text_field = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
                        let tag = el.tag_name();
                        tag == "TEXTAREA"
                            || (!in_fields && matches!(tag.as_str(), "INPUT" | "SELECT"))
                            || el.closest("[data-no-paste-import]").ok().flatten().is_some()
                    });
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

    let unchanged = format!("Nothing in {} has changed.", props.data_name);
    let body = match &*phase {
        Phase::Idle => html! {},
        Phase::Busy { file, stage, done, total } => html! {
            <div class="app-ws-import__progress" id={id("progress")} role="status" aria-live="polite">
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
            <div class="govuk-error-summary app-ws-import__failed" id={id("failed")} role="alert" tabindex="-1">
                <h3 class="govuk-error-summary__title">{ format!("{file} could not be imported") }</h3>
                <div class="govuk-error-summary__body">
                    <p class="govuk-body">{ message }</p>
                    <p class="govuk-body">{ unchanged.clone() }</p>
                </div>
            </div>
        },
        Phase::Step(step) => {
            let rerun = {
                let set = set.clone();
                let kind = props.kind.clone();
                let step = step.clone();
                Callback::from(move |request: Request| {
                    let next = check(&kind, &step.file, step.book.clone(), request, &BrowserEnv, now_ms());
                    set.emit(show(next));
                })
            };
            let close = {
                let phase = phase.clone();
                Callback::from(move |_| phase.set(Phase::Idle))
            };
            let finish = |all: bool, replace: bool| {
                let phase = phase.clone();
                let on_accept = props.on_accept.clone();
                let p = step.preview.clone();
                let book = step.book.clone();
                Callback::from(move |_| {
                    let Some(p) = &p else { return };
                    on_accept.emit(Accepted { preview: p.clone(), book: book.clone(), all, replace });
                    phase.set(Phase::Idle);
                })
            };
            html! {
                <div class="app-ws-import__step" id={id("step")}>
                    { sheet_choice(&props.kind, &prefix, step, &rerun) }
                    if let Some(problem) = &step.problem {
                        <div class="govuk-error-summary" id={id("problem")} role="alert" tabindex="-1">
                            <h3 class="govuk-error-summary__title">{ format!("{} needs a hand", step.file) }</h3>
                            <div class="govuk-error-summary__body"><p class="govuk-body">{ problem }</p>
                            if step.mapping.is_some() {
                                <p class="govuk-body">{ format!("Choose the column for each field below. {unchanged}") }</p>
                            } else {
                                <p class="govuk-body">{ unchanged.clone() }</p>
                            }
                            </div>
                        </div>
                    }
                    if let Some(m) = &step.mapping { { mapping_step(&props.kind, &prefix, step, m, &rerun) } }
                    if let Some(p) = &step.preview {
                        <ImportPreview<K> kind={props.kind.clone()} prefix={props.prefix.clone()} preview={p.clone()} has_rows={props.has_rows} can_add={props.can_add}
                            focus={step.mapping.is_none()}
                            on_accepted={finish(false, true)} on_accepted_add={finish(false, false)}
                            on_all={finish(true, true)} on_all_add={finish(true, false)} on_cancel={close.clone()} />
                    } else {
                        <button type="button" class="app-link-button" id={id("cancel")} onclick={close}>{ "Cancel" }</button>
                    }
                </div>
            }
        }
    };

    let busy = props.busy || matches!(&*phase, Phase::Busy { .. });
    let hint_id = format!("{}-hint", props.file_id);
    html! {
        <div class={classes!("app-ws-import", dragging.then_some("app-ws-import--drop"))} id={prefix.clone()} {ondragover} {ondragleave} {ondrop}>
            <div class="govuk-form-group">
                <label class="govuk-label govuk-label--s" for={props.file_id.clone()}>{ props.label.clone() }</label>
                <div class="govuk-hint" id={hint_id.clone()}>{ props.hint.clone() }</div>
                <input class="govuk-file-upload" id={props.file_id.clone()} name={props.file_id.clone()} type="file"
                    accept={props.accept.clone()} aria-describedby={hint_id} disabled={busy} {onchange} />
            </div>
            { body }
        </div>
    }
}

/// The sheet read, with the others offered.
fn sheet_choice<K: RecordKind>(kind: &K, prefix: &str, step: &Step<K::Record>, rerun: &Callback<Request>) -> Html {
    let with_rows: Vec<(usize, &SheetInfo)> = step.sheets.iter().enumerate().collect();
    if step.sheets.len() < 2 {
        return html! {};
    }
    let onchange = {
        let rerun = rerun.clone();
        Callback::from(move |e: Event| {
            if let Ok(i) = event_value(&e).parse::<usize>() {
                rerun.emit(Request { sheet: Some(i), choices: Vec::new(), headerless: false });
            }
        })
    };
    let id = format!("{prefix}-sheet");
    let hint_id = format!("{prefix}-sheet-hint");
    let (one, many) = (kind.one(), kind.many());
    html! {
        <div class="govuk-form-group">
            <label class="govuk-label govuk-label--s" for={id.clone()}>{ format!("The sheet of {} with the {many}", step.file) }</label>
            <div class="govuk-hint" id={hint_id.clone()}>{ format!("The calculator reads the first sheet with the {one} columns. Choose another if that is not the one.") }</div>
            <select class="govuk-select" id={id} aria-describedby={hint_id} {onchange}>
                { for with_rows.iter().map(|(i, s)| {
                    let hint = match s.header {
                        Some(h) => format!("{} — {}, the {one} columns on row {h}", s.name, plural(s.rows, "row", "rows")),
                        None if s.rows == 0 => format!("{} — empty", s.name),
                        None => format!("{} — {}, no row with the {one} columns", s.name, plural(s.rows, "row", "rows")),
                    };
                    html! { <option value={i.to_string()} selected={step.sheet == Some(*i)}>{ hint }</option> }
                }) }
            </select>
        </div>
    }
}

/// The mapping step: for each field, a select of the file's columns with their first values.
fn mapping_step<K: RecordKind>(kind: &K, prefix: &str, step: &Step<K::Record>, m: &Mapping, rerun: &Callback<Request>) -> Html {
    let fields = kind.kind().fields();
    let offered: Vec<&ColumnPreview> = m.columns.iter().filter(|c| c.left_out.is_none()).collect();
    let choose = |fi: usize| {
        let rerun = rerun.clone();
        let step = step.clone();
        let m = m.clone();
        Callback::from(move |e: Event| {
            let column = event_value(&e).parse::<usize>().ok();
            rerun.emit(pipeline::with_choice(&step, &m, fi, column, fields));
        })
    };
    html! {
        <div class="app-ws-import__mapping" id={format!("{prefix}-mapping")}>
            <fieldset class="govuk-fieldset">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{ "Which column holds each field?" }</legend>
                <div class="govuk-hint">
                    { if m.header_ix.is_none() { "The cells have no header row: choose the column of each field. " } else { "" } }
                    { "The rows are checked as soon as every field marked required has a column. This browser remembers your choice for the next file with the same headings." }
                    if m.remembered { { " These are the columns you chose last time for a file with these headings." } }
                </div>
                { for fields.iter().enumerate().map(|(fi, f)| {
                    let id = format!("{prefix}-map-{}", f.key);
                    let chosen = m.chosen.get(fi).copied().flatten();
                    html! {
                        <div class="govuk-form-group">
                            <label class="govuk-label" for={id.clone()}>{ kind.label(f.key) }{ if f.required { " (required)" } else { " (optional)" } }</label>
                            <select class="govuk-select" id={id.clone()} onchange={choose(fi)}>
                                <option value="" selected={chosen.is_none()}>{ kind.no_column(f) }</option>
                                { for offered.iter().map(|c| {
                                    let first = if c.first_values.is_empty() { "no values".to_string() } else { c.first_values.iter().map(|v| format!("“{v}”")).collect::<Vec<_>>().join(", ") };
                                    let text = format!("{} (column {}) — {}", c.heading, grid::column_letters(c.column), first);
                                    html! { <option value={c.column.to_string()} selected={chosen == Some(c.column)}>{ text }</option> }
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
pub struct ImportPreviewProps<K: RecordKind> {
    pub kind: K,
    pub prefix: AttrValue,
    pub preview: Shared<Preview<K::Record>>,
    pub has_rows: bool,
    pub can_add: bool,
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
pub fn ImportPreview<K: RecordKind>(props: &ImportPreviewProps<K>) -> Html {
    let p = &*props.preview;
    let kind = &props.kind;
    let prefix = props.prefix.to_string();
    let id = |part: &str| format!("{prefix}-{part}");
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
    let rejected: Vec<&ImportRow<K::Record>> = p.rows.iter().filter(|r| !r.accepted()).collect();
    let accepted: Vec<(&ImportRow<K::Record>, &K::Record)> = p.rows.iter().filter(|r| r.accepted()).filter_map(|r| r.record.as_ref().map(|x| (r, x))).collect();

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
    let reasons = |r: &ImportRow<K::Record>| -> Html {
        html! { <ul class="govuk-list app-ws-import__reasons">{ for r.faults.iter().map(|m| html! { <li>{ m }</li> }) }</ul> }
    };
    let (one, many) = (kind.one(), kind.many());
    let seconds = format!("{:.2}", p.elapsed_ms / 1000.0);
    html! {
        <div class="app-ws-import__preview" id={id("preview")} data-accepted={p.accepted.to_string()} data-rejected={p.rejected.to_string()} data-elapsed-ms={format!("{:.0}", p.elapsed_ms)}>
            <h3 class="govuk-heading-s" tabindex="-1" ref={heading}>{ format!("Check the rows of {}", p.file) }</h3>
            <p class="govuk-body">
                { format!("Read as {}: ", p.source) }
                <strong>{ format!("{} accepted", plural(p.accepted, "row", "rows")) }</strong>
                { ", " }
                <strong class={(p.rejected > 0).then_some("app-ws-pupils__bad")}>{ format!("{} with problems", count(p.rejected)) }</strong>
                { format!(". Checked in {seconds} seconds.") }
            </p>
            if !p.notices.is_empty() {
                <div class="govuk-inset-text" id={id("notices")}>
                    { for p.notices.iter().map(|n| html! { <p class="govuk-body">{ n }</p> }) }
                </div>
            }
            if !p.columns.is_empty() {
                <details class="govuk-details" id={id("columns")}>
                    <summary class="govuk-details__summary"><span class="govuk-details__summary-text">{ "The columns read" }</span></summary>
                    <div class="govuk-details__text"><ul class="govuk-list">{ for p.columns.iter().map(|c| html! { <li>{ c }</li> }) }</ul></div>
                </details>
            }
            if !p.left_out.is_empty() {
                <div id={id("left-out")}>
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
                <table class="govuk-table app-ws-import__table" id={id("rejected")}>
                    <caption class="govuk-table__caption">{ format!("Rows with problems ({})", count(p.rejected)) }</caption>
                    <thead class="govuk-table__head"><tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">{ unit_cap }</th>
                        <th scope="col" class="govuk-table__header">{ kind.label("id") }</th>
                        <th scope="col" class="govuk-table__header">{ "What is wrong" }</th>
                    </tr></thead>
                    <tbody class="govuk-table__body">
                        { for rejected.iter().skip(bad_page * PREVIEW_PAGE).take(PREVIEW_PAGE).map(|r| html! {
                            <tr class="govuk-table__row" data-line={r.line.to_string()}>
                                <td class="govuk-table__cell">{ r.line }</td>
                                <td class="govuk-table__cell">{ r.cells.first().cloned().unwrap_or_default() }</td>
                                <td class="govuk-table__cell">{ reasons(r) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                </ScrollTable>
                { pagination(&id("rejected-pages"), "Pages of the rows with problems", bad_page, bad_pages, set_bad) }
            }
            if p.accepted > 0 {
                <ScrollTable label="Rows accepted">
                <table class="govuk-table app-ws-import__table" id={id("accepted")}>
                    <caption class="govuk-table__caption">{ format!("Rows accepted ({}), as the calculator reads them", count(p.accepted)) }</caption>
                    <thead class="govuk-table__head"><tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">{ unit_cap }</th>
                        { for kind.shown_heads().iter().map(|(h, numeric)| html! {
                            <th scope="col" class={classes!("govuk-table__header", numeric.then_some("govuk-table__header--numeric"))}>{ *h }</th>
                        }) }
                    </tr></thead>
                    <tbody class="govuk-table__body">
                        { for accepted.iter().skip(ok_page * PREVIEW_PAGE).take(PREVIEW_PAGE).map(|(r, rec)| html! {
                            <tr class="govuk-table__row" data-line={r.line.to_string()}>
                                <td class="govuk-table__cell">{ r.line }</td>
                                { for kind.shown(rec).into_iter().zip(kind.shown_heads()).map(|(v, (_, numeric))| html! {
                                    <td class={classes!("govuk-table__cell", numeric.then_some("govuk-table__cell--numeric"))}>{ v }</td>
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
                </ScrollTable>
                { pagination(&id("accepted-pages"), "Pages of the rows accepted", ok_page, ok_pages, set_ok) }
            }
            <div class="govuk-button-group">
                if p.accepted > 0 {
                    <button type="button" class="govuk-button" id={id("accepted-button")} onclick={props.on_accepted.clone()}>
                        { if props.has_rows { format!("Replace the {many} with the {} accepted", count(p.accepted)) } else { format!("Add the {} accepted", plural(p.accepted, one, many)) } }
                    </button>
                    if props.has_rows && props.can_add {
                        <button type="button" class="govuk-button govuk-button--secondary" id={id("accepted-add")} onclick={props.on_accepted_add.clone()}>{ format!("Add them to the {many} already there") }</button>
                    }
                }
                if p.rejected > 0 {
                    <button type="button" class="govuk-button govuk-button--secondary" id={id("all-button")} onclick={if props.has_rows && props.can_add { props.on_all_add.clone() } else { props.on_all.clone() }}>
                        { format!("Put all {} rows in the table and fix them there", count(p.rows.len())) }
                    </button>
                }
                <button type="button" class="app-link-button" id={id("cancel")} onclick={props.on_cancel.clone()}>{ "Cancel" }</button>
            </div>
            if p.rejected > 0 {
                <p class="govuk-body-s">{ "Or fix the file in your spreadsheet program and choose it again." }</p>
            }
        </div>
    }
}
