//! Community budgets (for the council and for Communities, R5): the county's pot, every
//! Community's indicators and historic allocation, and the engine's figures for each Community
//! and year — shares, top-slice, net and gross budget, commitments, the discretionary sum and
//! the over-committed warning — reconciled to the penny, sortable, filterable, explained, and
//! exported as CSV, Excel and scenario JSON.
//!
//! It opens on a made-up example county of 50 Communities, labelled as such on the page. A
//! Community list is imported through the app's one import pipeline ([`crate::import`], the
//! same as the pupils': sheet choice, mapping step, preview), a scenario file at once; either
//! can be undone.

mod baseline;
mod editor;
pub(crate) mod import;
pub mod model;
pub(crate) mod persist;
mod results;
pub mod state;

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::browser;
use crate::components::{ErrorSummary, Problem};
use crate::ratecard::{link, ShareLink};
use crate::route::Page;
use crate::state::Action;
use crate::xlsx::{self, Sheet};
use model::{compute, describe, field_of, CountyInput, Model, Origin, Row};
pub use results::View;
use sen_funding::engine::{Ay, RateCard, Scenario};
use state::{CommunitiesAction, CommunitiesHandle, ImportReport};

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

#[derive(Properties, PartialEq)]
pub struct CommunitiesJourneyProps {
    pub card: Rc<RateCard>,
}

#[component]
pub fn CommunitiesJourney(props: &CommunitiesJourneyProps) -> Html {
    let card = props.card.clone();
    let Some(state) = use_context::<CommunitiesHandle>() else { return html! {} };
    // The first time: the data saved in this browser, or the made-up example county.
    {
        let state = state.clone();
        let card = card.clone();
        use_effect_with((), move |_| {
            if state.input.is_none() {
                wasm_bindgen_futures::spawn_local(async move {
                    let (input, report) = match persist::restore(&card).await {
                        Some(Ok(input)) => {
                            (input, Some(ImportReport { status: "Your Community data saved in this browser is back.".into(), ..Default::default() }))
                        }
                        Some(Err(why)) => (CountyInput::example(&card), Some(ImportReport { errors: vec![why], ..Default::default() })),
                        None => (CountyInput::example(&card), None),
                    };
                    state.dispatch(CommunitiesAction::Init { input, report });
                });
            }
        });
    }
    if state.input.is_none() {
        return html! { <p class="govuk-body" role="status">{ "Loading the Community data…" }</p> };
    }
    html! { <CommunitiesReady card={card} /> }
}

/// The journey once its data is there: its own component, so that its hooks are called the
/// same way on every render (Yew's rule; a debug build stops at the early return above).
#[component]
fn CommunitiesReady(props: &CommunitiesJourneyProps) -> Html {
    let card = props.card.clone();
    let app = use_context::<crate::ratecard::AppHandle>();
    let Some(state) = use_context::<CommunitiesHandle>() else { return html! {} };
    let Some(input) = state.input.clone() else { return html! {} };
    let view = state.view.clone().unwrap_or_else(|| results::initial_view(None));
    let report = state.report.clone();
    let busy = state.busy;
    // Autosave, so nothing typed is lost: what the user typed (saved from the input handler, see
    // `persist::Autosave::note`), imported or changed, and at once when the page is hidden or
    // left. The made-up example is saved once it has been edited.
    let autosave = persist::use_autosave(&state, &card);
    // The data as the user has typed it so far: what the journey's state will be once the
    // actions dispatched are applied (each edit is applied here too, at once, for the autosave).
    let latest = use_mut_ref(|| None::<CountyInput>);
    *latest.borrow_mut() = Some(input.clone());

    let model = use_memo((card.clone(), input.clone()), |(card, input)| compute(card, input));
    // The figures an edit replaces are freed once the page has shown the new ones, not before.
    let shown_model = use_mut_ref(|| None::<Rc<Model>>);
    if !shown_model.borrow().as_ref().is_some_and(|m| Rc::ptr_eq(m, &model)) {
        if let Some(old) = shown_model.borrow_mut().replace(model.clone()) {
            browser::drop_when_idle(old);
        }
    }
    // R10.6: the county under the pinned baseline card, computed once per (data, baseline
    // card): an edit of the card in force does not recompute it.
    let pinned = app.as_ref().and_then(|a| a.baseline.clone());
    let base_model = use_memo((pinned.as_ref().map(|b| b.card.clone()), input.clone()), |(bc, input)| bc.as_ref().map(|bc| compute(bc, input)));
    let compared: Option<Result<Rc<baseline::CountyCompared>, String>> = {
        let label = pinned.as_ref().map(|b| b.label()).unwrap_or_default();
        let bc = pinned.as_ref().map(|b| b.card.clone());
        let key = (Rc::as_ptr(&model) as usize, Rc::as_ptr(&base_model) as usize);
        let (model, base_model) = (model.clone(), base_model.clone());
        (*use_memo(key, move |_| match (&*model, &*base_model, bc) {
            (Model::Ready(c), Some(Model::Ready(b)), Some(card)) => Some(Ok(Rc::new(baseline::CountyCompared {
                comparison: sen_funding::engine::compare::compare(
                    sen_funding::engine::compare::Computed::new(&b.scenario, &b.outcome),
                    sen_funding::engine::compare::Computed::new(&c.scenario, &c.outcome),
                ),
                label,
                card,
                base: b.clone(),
            }))),
            (_, Some(Model::Invalid(errs)), _) => Some(Err(errs.iter().take(3).map(|e| e.to_string()).collect::<Vec<_>>().join("; "))),
            _ => None,
        }))
        .clone()
    };

    // After the page shows the new figures: how long the edit took to show, for the benchmark.
    let edit_at = use_mut_ref(|| -1.0f64);
    {
        let calc_ms = match &*model {
            Model::Ready(c) => c.calc_ms,
            Model::Invalid(_) => -1.0,
        };
        let edit_at = edit_at.clone();
        use_effect_with((card.clone(), input.rev), move |_| {
            let at = std::mem::replace(&mut *edit_at.borrow_mut(), -1.0);
            if let Some(el) = gloo::utils::document().get_element_by_id("community-figures") {
                let _ = el.set_attribute("data-calc-ms", &format!("{calc_ms:.2}"));
                if at >= 0.0 {
                    let _ = el.set_attribute("data-recompute-ms", &format!("{:.2}", now_ms() - at));
                }
            }
        });
    }

    // Every change of the data is an action on the state as it is when it arrives. The data as
    // changed is handed to the autosave first, before the figures are worked out again from it
    // so closing the tab just after typing loses nothing.
    let edit = {
        let state = state.clone();
        let edit_at = edit_at.clone();
        let card = card.clone();
        move |f: Rc<dyn Fn(&mut CountyInput)>| {
            *edit_at.borrow_mut() = now_ms();
            let next = latest.borrow().clone().map(|mut next| {
                f(&mut next);
                next
            });
            if let Some(next) = next {
                *latest.borrow_mut() = Some(next.clone());
                autosave.note(next, card.clone());
            }
            state.dispatch(CommunitiesAction::Edit(f));
        }
    };
    let on_pot = {
        let edit = edit.clone();
        let card = card.clone();
        Callback::from(move |(ay, text): (Ay, String)| {
            let card = card.clone();
            edit(Rc::new(move |next: &mut CountyInput| {
                next.pots = next.pots_for(&card);
                if let Some(p) = next.pots.iter_mut().find(|(y, _)| *y == ay) {
                    p.1 = text.clone();
                } else {
                    next.pots.push((ay, text.clone()));
                }
            }));
        })
    };
    let on_cell = {
        let edit = edit.clone();
        Callback::from(move |(ix, field, text): (usize, String, String)| {
            edit(Rc::new(move |next: &mut CountyInput| {
                if let Some(r) = next.rows.get_mut(ix) {
                    r.set(&field, text.clone());
                }
            }));
        })
    };
    let on_add = {
        let edit = edit.clone();
        Callback::from(move |_| {
            edit(Rc::new(|next: &mut CountyInput| {
                let n = next.rows.len() + 1;
                let mut id = format!("C{n:02}");
                let mut k = n;
                while next.rows.iter().any(|r| r.id.trim() == id) {
                    k += 1;
                    id = format!("C{k:02}");
                }
                next.rows.push(Row { id, ..Row::default() });
            }));
        })
    };
    let on_remove = {
        let edit = edit.clone();
        Callback::from(move |ix: usize| {
            edit(Rc::new(move |next: &mut CountyInput| {
                if ix < next.rows.len() {
                    next.rows.remove(ix);
                }
            }));
        })
    };
    let replace_all = {
        let state = state.clone();
        let edit_at = edit_at.clone();
        Callback::from(move |(input, report): (CountyInput, ImportReport)| {
            *edit_at.borrow_mut() = now_ms();
            state.dispatch(CommunitiesAction::Replace { input, report });
        })
    };
    let use_example = {
        let replace_all = replace_all.clone();
        let card = card.clone();
        Callback::from(move |_| {
            replace_all.emit((CountyInput::example(&card), ImportReport { status: "The made-up example county is back.".into(), ..Default::default() }));
        })
    };
    let use_empty = {
        let replace_all = replace_all.clone();
        let card = card.clone();
        Callback::from(move |_| {
            replace_all.emit((
                CountyInput::empty(&card),
                ImportReport { status: "The table is empty: enter each Community, or import a file.".into(), ..Default::default() },
            ));
        })
    };
    let undo = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(CommunitiesAction::Undo))
    };

    // A scenario file (JSON) from the import panel: a whole county, read at once.
    let on_json = {
        let card = card.clone();
        let state = state.clone();
        let replace_all = replace_all.clone();
        Callback::from(move |(name, bytes): (String, Vec<u8>)| {
            let card = card.clone();
            let state = state.clone();
            let replace_all = replace_all.clone();
            state.dispatch(CommunitiesAction::Report(ImportReport { status: format!("Reading {name}…"), ..Default::default() }));
            state.dispatch(CommunitiesAction::Busy(true));
            wasm_bindgen_futures::spawn_local(async move {
                // Let the page say so before the work starts.
                gloo::timers::future::TimeoutFuture::new(0).await;
                match import_scenario(&bytes, &name, &card) {
                    Ok((next, rep)) => replace_all.emit((next, rep)),
                    Err(rep) => state.dispatch(CommunitiesAction::Report(rep)),
                }
            });
        })
    };
    // A Community list, once the user accepts its preview: applied to the data as it is then.
    let on_accept = {
        let state = state.clone();
        let card = card.clone();
        let edit_at = edit_at.clone();
        Callback::from(move |a: crate::import::Accepted<sen_funding::engine::scenario::Community>| {
            let rows = import::rows_of(&a);
            let pots = import::pots_sheet(&a.book).map(|(_, p)| p).filter(|p| !p.is_empty());
            let status = import::status_of(&a, rows.len(), pots.is_some());
            let errors = if a.all { a.preview.errors.clone() } else { Vec::new() };
            let (card, file) = (card.clone(), a.preview.file.clone());
            *edit_at.borrow_mut() = now_ms();
            state.dispatch(CommunitiesAction::ReplaceWith {
                make: Rc::new(move |current: &CountyInput| import::apply(current, &card, &file, rows.clone(), pots.as_deref())),
                report: ImportReport { status, errors, ..Default::default() },
            });
        })
    };

    let use_file_card = {
        let app = app.clone();
        let state = state.clone();
        let report = report.clone();
        Callback::from(move |_| {
            if let (Some(app), Some(c)) = (&app, report.file_card.clone()) {
                app.dispatch(Action::CardReplaced(c));
                state.dispatch(CommunitiesAction::Report(ImportReport {
                    status: "The rate card from the file is now in force, in every part of the calculator.".into(),
                    can_undo: report.can_undo,
                    ..Default::default()
                }));
            }
        })
    };

    // Downloads.
    let download_scenario = {
        let input = input.clone();
        let card = card.clone();
        Callback::from(move |_| {
            let v = input.to_json(&card, true);
            let text = serde_json::to_string_pretty(&v).unwrap_or_default();
            let _ = browser::download("community-scenario.json", "application/json", text.as_bytes());
        })
    };
    let download_communities_csv = {
        let input = input.clone();
        Callback::from(move |_| {
            let text = model::to_csv(&model::communities_table(&input.rows));
            let _ = browser::download("communities.csv", "text/csv;charset=utf-8", &text);
        })
    };
    let download_budgets_csv = {
        let model = model.clone();
        let compared_for_csv = compared.clone();
        Callback::from(move |_| {
            if let Model::Ready(c) = &*model {
                let rows = match &compared_for_csv {
                    Some(Ok(b)) => baseline::with_baseline_columns(model::budgets_table(c), c, b),
                    _ => model::budgets_table(c),
                };
                let text = model::to_csv(&rows);
                let _ = browser::download("community-budgets.csv", "text/csv;charset=utf-8", &text);
            }
        })
    };
    let download_xlsx = {
        let model = model.clone();
        let compared_for_xlsx = compared.clone();
        let input = input.clone();
        let card = card.clone();
        let state = state.clone();
        Callback::from(move |_| {
            let mut sheets = Vec::new();
            if let Model::Ready(c) = &*model {
                let rows = match &compared_for_xlsx {
                    Some(Ok(b)) => baseline::with_baseline_columns(model::budgets_table(c), c, b),
                    _ => model::budgets_table(c),
                };
                sheets.push(Sheet { name: "Budgets".into(), rows });
                sheets.push(Sheet { name: "Reconciliation".into(), rows: model::reconciliation_table(c) });
            }
            sheets.push(Sheet { name: "Communities".into(), rows: model::communities_table(&input.rows) });
            sheets.push(Sheet { name: "Pots".into(), rows: model::pots_table(&input, &card) });
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match xlsx::write_workbook(sheets).await {
                    Ok(bytes) => {
                        let _ = browser::download("community-budgets.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &bytes);
                    }
                    Err(e) => state.dispatch(CommunitiesAction::Report(ImportReport { errors: vec![e], ..Default::default() })),
                }
            });
        })
    };

    let set_view = {
        let state = state.clone();
        Callback::from(move |v: View| state.dispatch(CommunitiesAction::View(v)))
    };

    // Problems: every input error, each linked to its field.
    let problems: Vec<Problem> = match &*model {
        Model::Invalid(errs) => errs.iter().map(|e| Problem::new(describe(e, &input.rows), field_of(&e.path))).collect(),
        Model::Ready(_) => Vec::new(),
    };
    let cell_errors: std::collections::BTreeMap<String, Vec<String>> = {
        let mut m: std::collections::BTreeMap<String, Vec<String>> = std::collections::BTreeMap::new();
        if let Model::Invalid(errs) = &*model {
            for e in errs {
                if let Some(f) = field_of(&e.path) {
                    m.entry(f).or_default().push(e.message.clone());
                }
            }
        }
        m
    };
    let rows_have_errors = cell_errors.keys().any(|k| k.starts_with("c-"));

    let pots = input.pots_for(&card);
    let (card_params, changes, carried) = use_context::<crate::ratecard::AppHandle>().map(|a| link::app_card_params(&a)).unwrap_or_default();
    let fragment = link::fragment(Page::Communities, &[&view.to_params()[..], &card_params[..]].concat(), &changes);
    let schools = input.school_count();

    html! {
        <>
            // Checked as the person types: the summary takes focus only when the whole data is
            // replaced (an import, the example, undo), never on a key typed.
            <ErrorSummary problems={problems.clone()} focus_on={Some(state.replaced)} />
            { origin_banner(&input, schools) }
            <details class="govuk-details">
                <summary class="govuk-details__summary">{ "What is a Community of schools?" }</summary>
                <div class="govuk-details__text">
                    <p class="govuk-body">{ "A Community of schools is a local group of mainstream schools that work together on special educational needs. \
                        Each Community has a budget, held by Kent County Council, and its schools recommend how to use it for pupils on SEN Support \
                        and pupils with an EHCP who need lower levels of support (24/00120 §3.5, §3.20)." }</p>
                    <p class="govuk-body">{ "Each Community's share of the county's pot blends its historic allocation with a formula of pupil numbers and \
                        deprivation: 75% historic in the first year, the formula in full from the third (R5.5). Before the pot is shared, a top-slice is taken \
                        for each Community's chair and administrator and added back to its gross budget (R5.1)." }</p>
                </div>
            </details>

            <section class="app-pots" aria-labelledby="pots-title">
                <h2 class="govuk-heading-m" id="pots-title">{ "The county's pot" }</h2>
                <p class="govuk-body">{ "The amount available to all Community budgets together in each academic year, before the top-slice. \
                    Leave a year empty if there is no pot for it yet." }</p>
                <div class="app-pots__fields">
                    { for pots.iter().map(|(ay, text)| {
                        let id = format!("pot-{}", ay.0);
                        let err = cell_errors.get(&id).cloned().unwrap_or_default();
                        let on_pot = on_pot.clone();
                        let ay = *ay;
                        html! {
                            <div class={classes!("govuk-form-group", "app-pot", (!err.is_empty()).then_some("govuk-form-group--error"))}>
                                <label class="govuk-label govuk-label--s" for={id.clone()}>{ format!("Pot for {ay}") }</label>
                                if !err.is_empty() {
                                    <p class="govuk-error-message" id={format!("{id}-error")}><span class="govuk-visually-hidden">{ "Error: " }</span>{ err.join("; ") }</p>
                                }
                                <div class="app-money-input">
                                    <span class="app-money-input__prefix" aria-hidden="true">{ "£" }</span>
                                    <input class={classes!("govuk-input", "govuk-input--width-10", (!err.is_empty()).then_some("govuk-input--error"))}
                                        id={id.clone()} type="text" inputmode="decimal" spellcheck="false" value={text.clone()}
                                        aria-describedby={(!err.is_empty()).then(|| format!("{id}-error"))}
                                        oninput={Callback::from(move |e: InputEvent| on_pot.emit((ay, e.target_unchecked_into::<HtmlInputElement>().value())))} />
                                </div>
                            </div>
                        }
                    }) }
                </div>
            </section>

            {
                match &*model {
                    Model::Ready(c) => html! {
                        <>
                            <results::Results computed={c.clone()} card={card.clone()} view={view.clone()} on_view={set_view.clone()} />
                            // What the rates change (R10.6) is not one of the page's first
                            // figures: it waits for the rest of the app's code (`crate::rest`).
                            { {
                                let (computed, schools, view_year, compared) = (c.clone(), input.schools.clone(), view.year, compared.clone());
                                crate::split::defer(move || html! {
                                    <baseline::CountyWhatIf computed={computed.clone()} schools={schools.clone()} {view_year} compared={compared.clone()} />
                                })
                            } }
                        </>
                    },
                    Model::Invalid(_) => html! {
                        <div class="govuk-inset-text" id="community-figures" data-invalid="true">
                            <p class="govuk-body">{ format!("No figures are shown while the data has {} (listed at the top of the page): \
                                nothing is worked out from data with errors, and nothing you entered is lost.", plural(problems.len(), "problem", "problems")) }</p>
                        </div>
                    },
                }
            }

            <section class="app-community-data" aria-labelledby="data-title">
                <h2 class="govuk-heading-m" id="data-title">{ "The Communities' data" }</h2>
                <p class="govuk-body">
                    { "Import a list of Communities (a CSV file or a workbook with a column for each of id, name, pupils, IDACI bands A to F, \
                       looked-after children, low prior attainment and historic allocation, and optionally protection and protection rate), \
                       or a whole scenario file (JSON, as the sen-funding tool reads it). \
                       Or change the figures in the table below. The data stays in this browser: nothing is sent anywhere." }
                </p>
                // Importing waits for the rest of the app's code (`crate::rest`), as in the school
                // workspace: not part of the first load.
                { {
                    let (has_rows, on_json, on_accept) = (!input.rows.is_empty(), on_json.clone(), on_accept.clone());
                    crate::split::defer(move || html! {
                        <crate::import::ImportPanel<import::CommunityKind> kind={import::CommunityKind} prefix="community-import" file_id="community-file" label="Import a file"
                            hint={html! { "CSV (.csv), Excel (.xlsx, .xls) or OpenDocument (.ods) with its own headings — the calculator finds the header row and the sheet, and asks about any column it cannot find — or a scenario (.json). You check the rows before anything changes, and can undo the import. You can also drop a file here, or paste a block of cells copied from a spreadsheet." }}
                            accept=".csv,.txt,.tsv,.xlsx,.xlsm,.xlsb,.xls,.ods,.json,text/csv,text/plain,application/json"
                            {has_rows} can_add={false} data_name="the Communities' data" {busy}
                            on_json={on_json.clone()} on_accept={on_accept.clone()} />
                    })
                } }
                <p class="govuk-body app-file-status" role="status" id="community-import-status">{ report.status.clone() }</p>
                if !report.errors.is_empty() {
                    <div class="govuk-error-summary" role="alert" id="community-import-errors">
                        <h2 class="govuk-error-summary__title">{ "Problems in the file" }</h2>
                        <div class="govuk-error-summary__body">
                            <ul class="govuk-list govuk-error-summary__list">
                                { for report.errors.iter().take(50).map(|e| html! { <li>{ e }</li> }) }
                                if report.errors.len() > 50 { <li>{ format!("and {} more", report.errors.len() - 50) }</li> }
                            </ul>
                        </div>
                    </div>
                }
                if let Some(fc) = &report.file_card {
                    <div class="govuk-inset-text" id="community-file-card">
                        <p class="govuk-body">{ format!("The file has its own rate card, “{}” ({}), which differs from the one in force. The figures use the rate card in force.", fc.title, fc.id) }</p>
                        <button type="button" class="govuk-button govuk-button--secondary" onclick={use_file_card}>{ "Use the file's rate card instead" }</button>
                    </div>
                }
                <div class="govuk-button-group">
                    if report.can_undo {
                        <button type="button" class="govuk-button govuk-button--secondary" id="community-undo" onclick={undo}>{ "Undo" }</button>
                    }
                    <button type="button" class="govuk-button govuk-button--secondary" id="community-example" onclick={use_example}>{ "Use the made-up example" }</button>
                    <button type="button" class="govuk-button govuk-button--secondary" id="community-empty" onclick={use_empty}>{ "Start with an empty table" }</button>
                </div>
                <h3 class="govuk-heading-s">{ "Download" }</h3>
                <div class="govuk-button-group">
                    <button type="button" class="govuk-button" id="download-budgets-csv" onclick={download_budgets_csv} disabled={!matches!(&*model, Model::Ready(_))}>{ "Budgets (CSV)" }</button>
                    <button type="button" class="govuk-button" id="download-xlsx" onclick={download_xlsx}>{ "Budgets and data (Excel)" }</button>
                    <button type="button" class="govuk-button govuk-button--secondary" id="download-communities-csv" onclick={download_communities_csv}>{ "Communities' data (CSV)" }</button>
                    <button type="button" class="govuk-button govuk-button--secondary" id="download-scenario" onclick={download_scenario}>{ "Whole scenario (JSON)" }</button>
                </div>
                <editor::DataEditor rows={input.rows.clone()} errors={cell_errors.clone()} force_open={rows_have_errors} default_protection={card.protection.option.as_str().to_string()}
                    on_cell={on_cell} on_add={on_add} on_remove={on_remove} />
            </section>

            <ShareLink fragment={fragment} id="communities-link" card_carried={carried}
                hint="The link carries the year, sorting, filter and Community chosen, and any rate card changes. It does not carry the data: it shows the made-up example unless the person opening it loads the same file." />
        </>
    }
}

fn origin_banner(input: &CountyInput, schools: usize) -> Html {
    let with_schools = if schools > 0 {
        format!(
            " It also has {} {}schools with {} {}pupils, whose existing claims make the commitments (R5.7).",
            group(schools),
            if input.schools.made_up { "made-up " } else { "" },
            group(input.schools.pupils),
            if input.schools.made_up { "made-up " } else { "" }
        )
    } else {
        " It has no schools or pupils, so nothing is committed (R5.7): load a scenario file with schools to see the commitments.".to_string()
    };
    match &input.origin {
        Origin::Example => html! {
            <div class="govuk-warning-text app-example-banner" id="community-origin" data-origin="example">
                <span class="govuk-warning-text__icon" aria-hidden="true">{ "!" }</span>
                <div class="govuk-warning-text__text">
                    <strong><span class="govuk-visually-hidden">{ "Warning: " }</span>{ "A made-up example county" }</strong>
                    <p class="govuk-warning-text__detail">
                        { format!("These {} Communities (“Example Community 1” and so on), their indicators, historic allocations and pots are invented, \
                                   to show how the model works. They are not Kent's figures.", input.rows.len()) }
                        { with_schools }
                        { " Import your own data below." }
                    </p>
                </div>
            </div>
        },
        Origin::File(name) => html! {
            <p class="govuk-body app-origin" id="community-origin" data-origin="file">
                <strong class="govuk-tag">{ "From a file" }</strong>{ format!(" {} Communities from {name}.", input.rows.len()) }{ with_schools }
            </p>
        },
        Origin::Entered => html! {
            <p class="govuk-body app-origin" id="community-origin" data-origin="entered">
                <strong class="govuk-tag">{ "Entered here" }</strong>{ format!(" {} Communities.", input.rows.len()) }{ with_schools }
            </p>
        },
    }
}

fn group(n: usize) -> String {
    sen_funding::engine::money::group_thousands(&n.to_string())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Reads a scenario file (JSON, R10.3): the whole county, its schools and pupils too.
fn import_scenario(bytes: &[u8], name: &str, card: &Rc<RateCard>) -> Result<(CountyInput, ImportReport), ImportReport> {
    let fail = |errors: Vec<String>| ImportReport { status: format!("{name} was not imported."), errors, ..Default::default() };
    let text = String::from_utf8_lossy(bytes);
    let mut by_path = None;
    let s = Scenario::from_json_str(&text, &mut |p| {
        by_path = Some(p.to_string());
        Ok(serde_json::to_string(&card.to_json()).unwrap_or_default())
    })
    .map_err(|errs| fail(errs.iter().map(|e| e.to_string()).collect()))?;
    let file_card = (by_path.is_none() && s.rate_card != **card).then(|| Rc::new(s.rate_card.clone()));
    let n_schools = s.schools.len();
    let n_pupils: usize = s.schools.iter().map(|x| x.pupils.len()).sum();
    let next = CountyInput::from_scenario(s, Origin::File(name.to_string()), false, card);
    let mut status =
        format!("Imported {} from {name}: {} Communities, {} schools, {} pupils.", "a scenario", next.rows.len(), group(n_schools), group(n_pupils));
    if let Some(p) = by_path {
        status.push_str(&format!(" The file names its rate card by path (“{p}”): the rate card in force is used."));
    }
    Ok((next, ImportReport { status, file_card, ..Default::default() }))
}
