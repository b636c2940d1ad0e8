//! Keeping and sharing the work: the autosave's status, saving and opening the whole
//! workspace as a scenario file (R10.3, the file `sen-funding calc` reads), exporting the
//! figures as CSV and Excel (text that could be read as a formula is neutralised), printing,
//! and deleting everything from this browser.

use std::rc::Rc;

use sen_funding::engine::money::fmt_pennies;
use sen_funding::engine::{RateCard, Scenario};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::baseline::{comparison_sheet, Compared};
use super::common::{plural, Shared};
use super::model::{cells_of, details_of, loose_open, others_of, Field};
use super::state::{Action, Loaded, Notice, NoticeKind, Origin, WsState};
use super::workspace::{Computed, SaveStatus};
use crate::browser::{download, read_file};
use crate::xlsx::{write_workbook, Cell, Sheet};

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}
fn money(p: i64) -> Cell {
    Cell::Number(fmt_pennies(p))
}

/// One row per pupil: the input columns (so that the file can be imported again, R10.1), then
/// each academic year's route, Element 3, current-system figure, change and flags, then each
/// financial year's.
pub fn pupils_sheet(c: &Computed, b: Option<&Compared>) -> Sheet {
    let out = &c.outcome;
    // R10.6: with a baseline pinned, each period's Element 3 under the baseline and the change.
    let bso = b.and_then(|b| b.run.outcome.schools.first());
    let so = &out.schools[0];
    let mut header: Vec<Cell> = Field::ALL.iter().map(|f| text(f.key())).collect();
    for y in &out.years {
        for what in ["route", "e3", "current", "change", "flags"] {
            header.push(text(format!("{y} {what}")));
        }
        if bso.is_some() {
            header.push(text(format!("{y} baseline e3")));
            header.push(text(format!("{y} change from baseline")));
        }
    }
    for f in &out.fys {
        for what in ["e3", "current", "change"] {
            header.push(text(format!("FY {f} {what}")));
        }
        if bso.is_some() {
            header.push(text(format!("FY {f} baseline e3")));
            header.push(text(format!("FY {f} change from baseline")));
        }
    }
    let mut rows = vec![header];
    for (pi, p) in c.scenario.schools[0].pupils.iter().enumerate() {
        let po = &so.pupils[pi];
        let mut row: Vec<Cell> = cells_of(p).into_iter().enumerate().map(|(i, v)| if i == Field::CurrentE3.ix() { Cell::Number(v) } else { text(v) }).collect();
        let bpo = bso.and_then(|s| s.pupils.get(pi));
        for (yi, y) in po.years.iter().enumerate() {
            row.push(text(y.route.as_str()));
            row.push(money(y.e3));
            row.push(money(y.current));
            row.push(money(y.e3 - y.current));
            row.push(text(y.flags.names().join(" ")));
            if bso.is_some() {
                let be = bpo.and_then(|p| p.years.get(yi)).map(|x| x.e3);
                row.push(be.map(money).unwrap_or_else(|| text("")));
                row.push(be.map(|be| money(y.e3 - be)).unwrap_or_else(|| text("")));
            }
        }
        for (fi, f) in po.fys.iter().enumerate() {
            row.push(money(f.e3));
            row.push(money(f.current));
            row.push(money(f.e3 - f.current));
            if bso.is_some() {
                let be = bpo.and_then(|p| p.fys.get(fi)).map(|x| x.e3);
                row.push(be.map(money).unwrap_or_else(|| text("")));
                row.push(be.map(|be| money(f.e3 - be)).unwrap_or_else(|| text("")));
            }
        }
        rows.push(row);
    }
    Sheet { name: "Pupils".into(), rows }
}

/// The school's totals by academic and financial year (R10.4), with the change.
pub fn totals_sheet(c: &Computed, b: Option<&Compared>) -> Sheet {
    let out = &c.outcome;
    let so = &out.schools[0];
    let mut header = ["period", "direct_e3", "mgl_adjustment", "community_indicative", "current", "change"].map(text).to_vec();
    // R10.6: with a baseline pinned, direct Element 3 under the baseline and the change.
    let sp = b.and_then(|b| b.comparison.schools.first());
    if sp.is_some() {
        header.extend(["baseline_direct_e3", "change_from_baseline"].map(text));
    }
    let opt = |p: Option<i64>| p.map(money).unwrap_or_else(|| text(""));
    let mut rows = vec![header];
    for (yi, y) in out.years.iter().enumerate() {
        let t = &so.years[yi];
        let mut row = vec![
            text(y.to_string()),
            money(t.direct),
            money(t.mgl_adjustment),
            t.community_indicative.map(money).unwrap_or_else(|| text("")),
            money(t.current),
            money(t.direct - t.current),
        ];
        if let Some(sp) = sp {
            let d = b.and_then(|b| b.comparison.years.iter().position(|a| a == y)).and_then(|i| sp.years.get(i)).map(|p| p.direct).unwrap_or_default();
            row.extend([opt(d.base), opt(d.change())]);
        }
        rows.push(row);
    }
    for (fi, f) in out.fys.iter().enumerate() {
        let t = so.fys[fi];
        let mut row = vec![text(format!("FY {f}")), money(t.direct), money(t.mgl_adjustment), text(""), money(t.current), money(t.direct - t.current)];
        if let Some(sp) = sp {
            let d = b.and_then(|b| b.comparison.fys.iter().position(|a| a == f)).and_then(|i| sp.fys.get(i)).map(|p| p.direct).unwrap_or_default();
            row.extend([opt(d.base), opt(d.change())]);
        }
        rows.push(row);
    }
    Sheet { name: "School totals".into(), rows }
}

fn options_sheet(c: &Computed) -> Option<Sheet> {
    let options = c.options.as_ref()?;
    let ay = c.scenario.rate_card.community_ay();
    let mut rows = vec![vec![text("option"), text(format!("{ay} direct_e3")), text("protected"), text("pupils_protected")]];
    for o in options {
        rows.push(vec![text(o.option.label()), money(o.direct), money(o.protected), Cell::Number(o.pupils_protected.to_string())]);
    }
    Some(Sheet { name: "Options A-D".into(), rows })
}

fn about_sheet(c: &Computed, b: Option<&Compared>) -> Sheet {
    let card = &c.scenario.rate_card;
    let school = &c.scenario.schools[0];
    let d = js_sys::Date::new_0();
    let when = format!("{:02}/{:02}/{} {:02}:{:02}", d.get_date(), d.get_month() + 1, d.get_full_year(), d.get_hours(), d.get_minutes());
    let rows = vec![
        vec![text("Kent SEN funding calculator: Element 3 figures")],
        vec![text("School"), text(format!("{} (URN {})", school.name, school.urn))],
        vec![text("Rate card"), text(format!("{} ({}, {})", card.title, card.id, card.status.as_str()))],
        vec![
            text("Status"),
            text(if card.status == sen_funding::engine::ratecard::Status::Illustrative {
                "Illustrative rates — not the council's decision"
            } else {
                "The council's published rates"
            }),
        ],
        vec![text("Baseline"), text(b.map(|b| format!("{} ({}, {})", b.label, b.card.id, b.card.status.as_str())).unwrap_or_else(|| "none pinned".into()))],
        vec![text("Made"), text(when)],
        vec![text("Amounts"), text("pounds, exact to the penny (docs/MODEL.md R7, R10.4)")],
    ];
    Sheet { name: "About".into(), rows }
}

/// A sheet as CSV (the one CSV writer, [`sen_funding::wire::to_csv`]).
pub fn to_csv(sheet: &Sheet) -> Vec<u8> {
    sen_funding::wire::to_csv(&sheet.rows)
}

fn slug(c: &Computed) -> String {
    let school = &c.scenario.schools[0];
    let base = if school.name.trim().is_empty() { school.urn.clone() } else { school.name.clone() };
    let mut s = String::new();
    for ch in base.chars() {
        if ch.is_ascii_alphanumeric() {
            s.push(ch.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    let s = s.trim_end_matches('-').to_string();
    if s.is_empty() {
        "school".into()
    } else {
        s
    }
}

/// What opening a file found.
#[derive(Clone, Debug, PartialEq)]
enum Opening {
    Idle,
    Reading(String),
    /// Several schools: which is the user's?
    ChooseSchool {
        file: String,
        scenario: Shared<Scenario>,
        notes: Vec<String>,
        selected: usize,
    },
    /// The engine refused the file: every error, and whether it can still be opened loosely.
    Refused {
        file: String,
        errors: Vec<String>,
        loose: Option<Shared<serde_json::Value>>,
    },
    Failed {
        file: String,
        message: String,
    },
}

fn loaded_from(s: &Scenario, si: usize) -> Loaded {
    Loaded {
        example: false,
        details: details_of(s, si),
        rows: s.schools[si].pupils.iter().map(cells_of).collect(),
        parsed: Some(s.schools[si].pupils.iter().cloned().map(super::model::Parsed::Pupil).collect()),
        years: s.years.clone(),
        others: others_of(s, si),
    }
}

#[derive(Properties, PartialEq)]
pub struct KeepAndShareProps {
    pub state: Shared<WsState>,
    pub computed: Option<Shared<Computed>>,
    /// Against the pinned baseline (R10.6), when there is one.
    #[prop_or_default]
    pub compared: Option<Shared<Compared>>,
    pub problems: usize,
    pub card: Shared<RateCard>,
    pub save_status: SaveStatus,
    pub dispatch: UseReducerDispatcher<WsState>,
}

#[component]
pub fn KeepAndShare(props: &KeepAndShareProps) -> Html {
    let opening = use_state(|| Opening::Idle);
    let message = use_state(|| None::<(bool, String)>);
    let confirm_delete = use_state(|| false);
    let busy = use_state(|| false);
    // "Delete all my data" resets every journey's state too, not only what is stored.
    let communities = use_context::<crate::communities::state::CommunitiesHandle>();
    let card_page = use_context::<crate::ratecard::RateCardPageHandle>();
    let app = use_context::<crate::ratecard::AppHandle>();

    let need_results = {
        let message = message.clone();
        let problems = props.problems;
        move || {
            message.set(Some((
                false,
                if problems > 0 {
                    format!("Fix the {} first: a saved or exported file holds figures, and none are worked out while there is a problem. Your work is kept in this browser meanwhile.", plural(problems, "problem", "problems"))
                } else {
                    "Add at least one pupil first.".to_string()
                },
            )))
        }
    };

    let save_scenario = {
        let c = props.computed.clone();
        let message = message.clone();
        let need = need_results.clone();
        Callback::from(move |_| match &c {
            Some(c) => {
                let text = serde_json::to_string_pretty(&c.scenario.to_json()).unwrap_or_default();
                let name = format!("{}-workspace.json", slug(c));
                match download(&name, "application/json", text.as_bytes()) {
                    Ok(()) => message.set(Some((true, format!("Saved as {name}: open it here later, or give it to `sen-funding calc`.")))),
                    Err(e) => message.set(Some((false, format!("The file could not be saved: {e}")))),
                }
            }
            None => need(),
        })
    };
    let export_csv = |which: &'static str| {
        let c = props.computed.clone();
        let b = props.compared.clone();
        let message = message.clone();
        let need = need_results.clone();
        Callback::from(move |_| match &c {
            Some(c) => {
                let b = b.as_deref();
                let (sheet, name) = match (which, b) {
                    ("pupils", _) => (pupils_sheet(c, b), format!("{}-pupils-element3.csv", slug(c))),
                    ("baseline", Some(b)) => (comparison_sheet(b), format!("{}-against-baseline.csv", slug(c))),
                    _ => (totals_sheet(c, b), format!("{}-totals-element3.csv", slug(c))),
                };
                match download(&name, "text/csv;charset=utf-8", &to_csv(&sheet)) {
                    Ok(()) => message.set(Some((true, format!("Exported {name}.")))),
                    Err(e) => message.set(Some((false, format!("The file could not be made: {e}")))),
                }
            }
            None => need(),
        })
    };
    let export_xlsx = {
        let c = props.computed.clone();
        let b = props.compared.clone();
        let message = message.clone();
        let busy = busy.clone();
        let need = need_results.clone();
        Callback::from(move |_| match &c {
            Some(c) => {
                let c = c.clone();
                let b = b.clone();
                let message = message.clone();
                let busy = busy.clone();
                busy.set(true);
                message.set(Some((true, "Making the Excel workbook…".into())));
                wasm_bindgen_futures::spawn_local(async move {
                    let b = b.as_deref();
                    let mut sheets = vec![pupils_sheet(&c, b), totals_sheet(&c, b)];
                    sheets.extend(b.map(comparison_sheet));
                    sheets.extend(options_sheet(&c));
                    sheets.push(about_sheet(&c, b));
                    let name = format!("{}-element3.xlsx", slug(&c));
                    match write_workbook(sheets).await {
                        Ok(bytes) => match download(&name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &bytes) {
                            Ok(()) => message.set(Some((true, format!("Exported {name}.")))),
                            Err(e) => message.set(Some((false, format!("The file could not be made: {e}")))),
                        },
                        Err(e) => message.set(Some((false, e))),
                    }
                    busy.set(false);
                });
            }
            None => need(),
        })
    };
    let print = Callback::from(|_| {
        let _ = gloo::utils::window().print();
    });

    // Opening a saved workspace (a scenario file).
    let card_json = props.card.to_json().to_string();
    let open_loaded = {
        let dispatch = props.dispatch.clone();
        let opening = opening.clone();
        move |loaded: Loaded, notes: Vec<String>, file: &str| {
            let text = if notes.is_empty() { format!("Opened {file}.") } else { format!("Opened {file}. {}", notes.join(" ")) };
            dispatch.dispatch(Action::Load {
                loaded: Box::new(loaded),
                notice: Some(Notice { kind: if notes.is_empty() { NoticeKind::Success } else { NoticeKind::Warning }, text }),
                checkpoint: true,
                origin: Origin::Edited,
            });
            dispatch.dispatch(Action::Focus("details-heading".into()));
            opening.set(Opening::Idle);
        }
    };
    let on_open = {
        let opening = opening.clone();
        let card = props.card.clone();
        let card_json = card_json.clone();
        let open_loaded = open_loaded.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            let (opening, card, card_json, open_loaded) = (opening.clone(), card.clone(), card_json.clone(), open_loaded.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                opening.set(Opening::Reading(name.clone()));
                let bytes = match read_file(file).await {
                    Ok(b) => b,
                    Err(message) => return opening.set(Opening::Failed { file: name, message }),
                };
                let Ok(text) = String::from_utf8(bytes) else {
                    return opening
                        .set(Opening::Failed { file: name, message: "It is not a text file: a saved workspace is a JSON file (scenario, R10.3).".into() });
                };
                // A file of "Download your work" (everything the calculator kept): put back as
                // it was saved, then the page starts again from it.
                if crate::storage::is_work_file(&text) {
                    match crate::storage::restore_work_file(&text).await {
                        Ok(refused) if refused.is_empty() => {
                            let _ = gloo::utils::window().location().reload();
                        }
                        Ok(refused) => opening
                            .set(Opening::Failed { file: name, message: format!("Some of the work in it could not be put back: {}.", refused.join("; ")) }),
                        Err(message) => opening.set(Opening::Failed { file: name, message }),
                    }
                    return;
                }
                let mut by_path = None;
                let result = Scenario::from_json_str(&text, &mut |path| {
                    by_path = Some(path.to_string());
                    Ok(card_json.clone())
                });
                match result {
                    Ok(mut s) => {
                        let mut notes = Vec::new();
                        if let Some(p) = by_path {
                            notes.push(format!("It names its rate card by file (“{p}”): the workspace uses the rate card in force, “{}”.", card.title));
                        } else if s.rate_card != *card {
                            notes.push(format!(
                                "It was saved with the rate card “{}” ({}); the workspace uses the rate card in force, “{}”. To use the file's rates, load its rate card on the Rate card page.",
                                s.rate_card.title, s.rate_card.id, card.title
                            ));
                        }
                        s.rate_card = (*card).clone();
                        s.rate_card_path = None;
                        if s.schools.is_empty() {
                            return opening.set(Opening::Failed {
                                file: name,
                                message: "The file lists no school: the workspace is for one school and its pupils.".into(),
                            });
                        }
                        if s.schools.len() == 1 {
                            open_loaded(loaded_from(&s, 0), notes, &name);
                        } else {
                            opening.set(Opening::ChooseSchool { file: name, scenario: Shared(Rc::new(s)), notes, selected: 0 });
                        }
                    }
                    Err(errs) => {
                        let loose = sen_funding::engine::json::parse(&text, "scenario").ok().filter(|v| loose_open(v).is_some()).map(|v| Shared(Rc::new(v)));
                        opening.set(Opening::Refused { file: name, errors: errs.iter().map(|e| e.to_string()).collect(), loose });
                    }
                }
            });
        })
    };

    let opening_body = match &*opening {
        Opening::Idle => html! {},
        Opening::Reading(f) => html! { <p class="govuk-body" role="status">{ format!("Opening {f}…") }</p> },
        Opening::Failed { file, message } => html! {
            <div class="govuk-error-summary" role="alert" id="open-failed">
                <h3 class="govuk-error-summary__title">{ format!("{file} could not be opened") }</h3>
                <div class="govuk-error-summary__body"><p class="govuk-body">{ message }</p></div>
            </div>
        },
        Opening::Refused { file, errors, loose } => {
            let anyway = loose.clone().map(|v| {
                let open_loaded = open_loaded.clone();
                let file = file.clone();
                Callback::from(move |_| {
                    if let Some((details, rows, years)) = loose_open(&v) {
                        let loaded = Loaded { example: false, details, rows, parsed: None, years, others: Default::default() };
                        open_loaded(loaded, vec!["The calculator found problems in it: fix them in the workspace (listed at the top).".into()], &file);
                    }
                })
            });
            html! {
                <div class="govuk-error-summary" role="alert" id="open-refused">
                    <h3 class="govuk-error-summary__title">{ format!("{file} has {}", plural(errors.len(), "problem", "problems")) }</h3>
                    <div class="govuk-error-summary__body">
                        <ul class="govuk-list govuk-error-summary__list">
                            { for errors.iter().take(50).map(|e| html! { <li><code>{ e }</code></li> }) }
                            if errors.len() > 50 { <li>{ format!("and {} more", errors.len() - 50) }</li> }
                        </ul>
                        <p class="govuk-body">{ "Nothing in the workspace has changed." }</p>
                        if let Some(cb) = anyway {
                            <button type="button" class="govuk-button govuk-button--secondary" id="open-anyway" onclick={cb}>{ "Open its first school anyway and fix the problems here" }</button>
                        }
                    </div>
                </div>
            }
        }
        Opening::ChooseSchool { file, scenario, notes, selected } => {
            let onchange = {
                let opening = opening.clone();
                Callback::from(move |e: Event| {
                    let v: usize = super::common::event_value(&e).parse().unwrap_or(0);
                    if let Opening::ChooseSchool { file, scenario, notes, .. } = &*opening {
                        opening.set(Opening::ChooseSchool { file: file.clone(), scenario: scenario.clone(), notes: notes.clone(), selected: v });
                    }
                })
            };
            let go = {
                let open_loaded = open_loaded.clone();
                let (file, scenario, notes, selected) = (file.clone(), scenario.clone(), notes.clone(), *selected);
                Callback::from(move |_| open_loaded(loaded_from(&scenario, selected), notes.clone(), &file))
            };
            html! {
                <div class="app-ws-open-choose" id="open-choose">
                    <div class="govuk-form-group">
                        <label class="govuk-label govuk-label--s" for="open-school">{ format!("{file} has {} schools: which is yours?", scenario.schools.len()) }</label>
                        <div class="govuk-hint">{ "The others, and their Communities, are kept: the budgets are then the county's pots, shared among all the Communities." }</div>
                        <select class="govuk-select" id="open-school" {onchange}>
                            { for scenario.schools.iter().enumerate().map(|(i, s)| html! { <option value={i.to_string()} selected={i == *selected}>{ format!("{} (URN {}, {})", s.name, s.urn, plural(s.pupils.len(), "pupil", "pupils")) }</option> }) }
                        </select>
                    </div>
                    <button type="button" class="govuk-button" id="open-school-go" onclick={go}>{ "Open this school" }</button>
                </div>
            }
        }
    };

    let delete_all = {
        let confirm = confirm_delete.clone();
        Callback::from(move |_| confirm.set(true))
    };
    let cancel_delete = {
        let confirm = confirm_delete.clone();
        Callback::from(move |_| {
            confirm.set(false);
            super::common::focus_id("delete-data");
        })
    };
    let really_delete = {
        let confirm = confirm_delete.clone();
        let dispatch = props.dispatch.clone();
        let card = props.card.clone();
        Callback::from(move |_| {
            // Every journey's state back to its start: the Community data, the rate card (the
            // published one, no what-if edits), what was typed on the rate card page.
            if let Some(c) = &communities {
                c.dispatch(crate::communities::state::CommunitiesAction::Reset);
            }
            if let Some(p) = &card_page {
                p.dispatch(crate::ratecard::RateCardPageAction::Reset);
            }
            if let Some(a) = &app {
                a.dispatch(crate::state::Action::CardForget);
            }
            dispatch.dispatch(Action::Load { loaded: Box::new(Loaded::example(&card)), notice: None, checkpoint: false, origin: Origin::FirstVisit });
            confirm.set(false);
            // Then every store (IndexedDB, and localStorage where earlier builds kept data).
            let dispatch = dispatch.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let notice = match crate::browser::delete_all_data().await {
                    Ok(()) => Notice {
                        kind: NoticeKind::Success,
                        text: "Everything the calculator kept in this browser has been deleted: the school workspace, the Community data and the rate card changes. \
                               It now shows the example school, which is not saved. Files you saved or exported are not affected."
                            .into(),
                    },
                    Err(e) => Notice {
                        kind: NoticeKind::Warning,
                        text: format!("The calculator could not delete what it kept in this browser ({e}). Try again, or clear this site's data in the browser's settings."),
                    },
                };
                dispatch.dispatch(Action::Notice(Some(notice)));
                dispatch.dispatch(Action::Focus("workspace-notice".into()));
            });
        })
    };

    let status = match &props.save_status {
        SaveStatus::Saved(at) => {
            html! { <p class="govuk-body" id="autosave-status" data-saved="true">{ format!("Your work is saved in this browser automatically, on this computer only (last saved at {at}).") }</p> }
        }
        SaveStatus::Failed(e) => html! {
            <p class="govuk-body app-ws-pupils__bad" id="autosave-status" data-saved="false" role="alert">
                { format!("Your latest changes could not be kept in this browser: {e}. Save the workspace as a file so as not to lose them.") }
            </p>
        },
        SaveStatus::Nothing => {
            html! { <p class="govuk-body" id="autosave-status">{ "Your work is saved in this browser automatically as you go, on this computer only." }</p> }
        }
    };

    let ready = props.computed.is_some();
    html! {
        <section class="app-ws-section app-ws-keep" aria-labelledby="keep-heading">
            <h2 class="govuk-heading-m" id="keep-heading" tabindex="-1">{ "Keep and share your work" }</h2>
            { status }
            if let Some((ok, m)) = &*message {
                <p class={classes!("govuk-body", "app-ws-keep__message", (!ok).then_some("app-ws-pupils__bad"))} id="keep-message" role="status">{ m }</p>
            }
            <div class="app-ws-keep__grid">
                <div class="app-ws-keep__item">
                    <h3 class="govuk-heading-s">{ "The whole workspace" }</h3>
                    <p class="govuk-body-s">{ "A scenario file (JSON) with the school, its pupils, its Community and the rate card: open it here later or on another computer, or run `sen-funding calc` on it for the same figures." }</p>
                    <button type="button" class="govuk-button" id="save-scenario" onclick={save_scenario} aria-disabled={(!ready).then_some("true")}>{ "Save the workspace as a file" }</button>
                    <div class="govuk-form-group">
                        <label class="govuk-label" for="open-scenario">{ "Open a saved workspace" }</label>
                        <div class="govuk-hint" id="open-scenario-hint">{ "It replaces what is in the workspace now." }</div>
                        <input class="govuk-file-upload" type="file" id="open-scenario" accept=".json,application/json" aria-describedby="open-scenario-hint" onchange={on_open} />
                    </div>
                    { opening_body }
                </div>
                <div class="app-ws-keep__item">
                    <h3 class="govuk-heading-s">{ "The figures" }</h3>
                    <p class="govuk-body-s">{ "Each pupil's figures for every year (the file can be imported again), the school's totals, and an Excel workbook with both and the four options." }</p>
                    <div class="govuk-button-group">
                        <button type="button" class="govuk-button govuk-button--secondary" id="export-pupils-csv" onclick={export_csv("pupils")} aria-disabled={(!ready).then_some("true")}>{ "Pupils' figures (CSV)" }</button>
                        <button type="button" class="govuk-button govuk-button--secondary" id="export-totals-csv" onclick={export_csv("totals")} aria-disabled={(!ready).then_some("true")}>{ "School totals (CSV)" }</button>
                        if props.compared.is_some() {
                            <button type="button" class="govuk-button govuk-button--secondary" id="export-baseline-csv" onclick={export_csv("baseline")}>{ "Against the baseline (CSV)" }</button>
                        }
                        <button type="button" class="govuk-button govuk-button--secondary" id="export-xlsx" onclick={export_xlsx} disabled={*busy} aria-disabled={(!ready).then_some("true")}>{ "Everything (Excel)" }</button>
                        <button type="button" class="govuk-button govuk-button--secondary" id="print-report" onclick={print}>{ "Print the report" }</button>
                    </div>
                </div>
            </div>
            <div class="app-ws-keep__danger">
                <h3 class="govuk-heading-s">{ "Delete your data" }</h3>
                <p class="govuk-body-s">{ "Removes the school, its pupils and everything else the workspace keeps in this browser. Files you have saved are not affected." }</p>
                if *confirm_delete {
                    <div class="app-ws-confirm" id="delete-confirm" role="alertdialog" aria-labelledby="delete-confirm-title">
                        <p class="govuk-body" id="delete-confirm-title"><strong>{ "Are you sure? This cannot be undone." }</strong></p>
                        <div class="govuk-button-group">
                            <button type="button" class="govuk-button govuk-button--warning" id="delete-confirm-yes" onclick={really_delete}>{ "Yes, delete all my data" }</button>
                            <button type="button" class="app-link-button" id="delete-confirm-no" onclick={cancel_delete}>{ "Cancel" }</button>
                        </div>
                    </div>
                } else {
                    <button type="button" class="govuk-button govuk-button--warning" id="delete-data" onclick={delete_all}>{ "Delete all my data from this browser" }</button>
                }
            </div>
        </section>
    }
}
