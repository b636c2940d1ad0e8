//! The school workspace: state, what the engine makes of it (recomputed on every edit),
//! autosave, and the page's sections.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use sen_funding::engine::calc::{protection_options, OptionOutcome};
use sen_funding::engine::periods::{default_years, Ay};
use sen_funding::engine::{Outcome, RateCard, Scenario};
use sen_funding_fast::calculate;
use yew::prelude::*;

use super::announce::Announcer;
use super::baseline::Compared;
use super::common::{focus_id, plural, Shared};
use super::details::SchoolDetails;
use super::details_check::{check_details, scenario_with, DetailsCheck};
use super::details_form::DetailField;
use super::editor::PupilsEditor;
use super::export::KeepAndShare;
use super::first_names::{looks_like_name, name_warning};
use super::import::ImportPanel;
use super::results::Results;
use super::rows::{duplicates, Field};
use super::saved::{others_from_json, Saved, STORAGE_KEY, STORAGE_KEY_UNREADABLE, STORAGE_VERSION};
use super::state::{Action, Loaded, Notice, NoticeKind, Origin, WsState};
use crate::components::{ErrorSummary, Later, Problem};
use crate::split::defer;
use crate::storage;

/// The figures, when the input has no fault.
#[derive(Debug)]
pub struct Computed {
    pub scenario: Scenario,
    pub outcome: Outcome,
    /// R6 options A–D side by side for the community AY.
    pub options: Option<Vec<OptionOutcome>>,
    /// For each pupil of the scenario, its row's key.
    pub keys: Vec<u32>,
    /// For each pupil, its row number in the table (1-based).
    pub numbers: Vec<usize>,
}

/// What the workspace shows besides the input: faults, warnings, figures.
#[derive(Debug, Default)]
pub struct Derived {
    pub details: Rc<DetailsCheck>,
    /// Pupil ids used twice (R2.1), by row key.
    pub dups: HashMap<u32, String>,
    /// Ids that look like names, by row key.
    pub names: HashMap<u32, String>,
    /// Rows with a fault.
    pub bad_rows: usize,
    pub problems: Vec<Problem>,
    pub result: Option<Rc<Computed>>,
}

const SUMMARY_LIMIT: usize = 50;

fn derive(state: &WsState, details: Rc<DetailsCheck>) -> Derived {
    let rows = &state.rows;
    let dup_by_index = duplicates(rows.iter().enumerate().map(|(i, r)| (i, r.id())), |i| i + 1, "row");
    let mut dups = HashMap::new();
    for (i, m) in dup_by_index {
        dups.insert(rows[i].key, m);
    }
    let mut names = HashMap::new();
    let mut bad_rows = 0;
    let mut problems: Vec<Problem> = Vec::new();
    let mut more = 0usize;
    for (f, m) in &details.faults {
        problems.push(Problem::new(format!("{}: {m}", f.label()), Some(f.element_id())));
    }
    for m in &details.other {
        problems.push(Problem::new(format!("In the file you opened: {m}"), None));
    }
    for (i, r) in rows.iter().enumerate() {
        let faults = r.parsed.faults();
        let dup = dups.get(&r.key);
        if !faults.is_empty() || dup.is_some() {
            bad_rows += 1;
        }
        let id = r.id();
        let who = if id.is_empty() { format!("Row {}", i + 1) } else { format!("Row {} ({id})", i + 1) };
        let mut add = |field: Field, m: &str| {
            if problems.len() < SUMMARY_LIMIT {
                problems.push(Problem::new(format!("{who}, {}: {m}", field.label().to_lowercase()), Some(format!("pupil-{}-{}", r.key, field.key()))));
            } else {
                more += 1;
            }
        };
        if let Some(m) = dup {
            add(Field::Id, m);
        }
        for (f, m) in faults {
            add(*f, m);
        }
        if !id.is_empty() && looks_like_name(id) {
            names.insert(r.key, name_warning(id));
        }
    }
    if more > 0 {
        problems.push(Problem::new(format!("and {more} more: choose “Show only rows with problems” to see them all"), Some("pupils-problems-only".into())));
    }
    let result = match (&details.base, bad_rows, &state.card) {
        (Some(base), 0, Some(_)) => {
            let mut keys = Vec::with_capacity(rows.len());
            let mut numbers = Vec::with_capacity(rows.len());
            let pupils = rows
                .iter()
                .enumerate()
                .filter_map(|(i, r)| {
                    r.parsed.pupil().map(|p| {
                        keys.push(r.key);
                        numbers.push(i + 1);
                        p.clone()
                    })
                })
                .collect();
            let pupils: Vec<_> = pupils;
            if pupils.is_empty() {
                return Derived { details, dups, names, bad_rows, problems, result: None };
            }
            let scenario = scenario_with(base, pupils);
            let outcome = calculate(&scenario);
            let options = protection_options(&scenario, 0);
            Some(Rc::new(Computed { scenario, outcome, options, keys, numbers }))
        }
        _ => None,
    };
    Derived { details, dups, names, bad_rows, problems, result }
}

/// The workspace's state as every component of the app gets it: held by the root component,
/// above the page switch, so that it is kept while another journey is shown.
pub type SchoolHandle = UseReducerHandle<WsState>;

/// The workspace saved in this browser (its text, from [`crate::storage`]): what to load, or
/// why it cannot be read.
fn restore(text: &str, card: &RateCard) -> Result<(Loaded, Origin, Option<Notice>), String> {
    let saved: Saved = match serde_json::from_str(text) {
        Ok(s) => s,
        Err(e) => return Err(format!("it is not in a form this calculator can read ({e})")),
    };
    // Format 1 is the only one so far; an earlier build's copy in localStorage has been moved
    // into IndexedDB by `storage::get`. A newer format comes from a newer build (another tab).
    if saved.version != STORAGE_VERSION {
        return Err(format!(
            "it was saved by {} version of the calculator (format {}; this one reads format {STORAGE_VERSION}). Reload the page to use the latest version",
            if saved.version > STORAGE_VERSION { "a newer" } else { "another" },
            saved.version
        ));
    }
    let years: Vec<Ay> = saved.years.iter().filter_map(|y| Ay::parse(y).ok()).collect();
    let mut notice = None;
    let others = match others_from_json(&saved.communities, &saved.schools, card) {
        Ok(o) => o,
        Err(e) => {
            notice = Some(Notice {
                kind: NoticeKind::Warning,
                text: format!("The other Communities and schools of the file you opened last time could not be read with the rate card in force, so the workspace uses your Community's own budget: {e}"),
            });
            Default::default()
        }
    };
    Ok((
        Loaded {
            example: saved.example,
            details: saved.details,
            rows: saved.pupils,
            parsed: None,
            years: if years.is_empty() { default_years() } else { years },
            others,
        },
        Origin::Restored { saved_at: saved.saved_at },
        notice,
    ))
}

/// The workspace in its saved form.
pub fn saved_form(s: &WsState) -> Saved {
    Saved {
        version: STORAGE_VERSION,
        saved_at: String::from(js_sys::Date::new_0().to_iso_string()),
        example: s.example,
        details: (*s.details).clone(),
        pupils: s.rows.iter().map(|r| r.cells.clone()).collect(),
        years: s.years.iter().map(|y| y.to_string()).collect(),
        communities: s.others.communities.iter().map(|c| c.to_json()).collect(),
        schools: s.others.schools.iter().map(|c| c.to_json()).collect(),
    }
}

/// Whether the last autosave worked.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveStatus {
    Nothing,
    Saved(String),
    Failed(String),
}

/// Saves the workspace: the write starts at once (see [`crate::storage::set`]), and `status`,
/// if given, says when the browser has kept it, or why not. Returns how long the page was busy
/// with it (ms), which sets how soon after the next change the next save is made.
fn save_now(s: &WsState, status: Option<UseStateHandle<SaveStatus>>) -> f64 {
    let t0 = storage::now_ms();
    let saving =
        serde_json::to_string(&saved_form(s)).map_err(|e| format!("the workspace could not be written ({e})")).map(|text| storage::set(STORAGE_KEY, text));
    wasm_bindgen_futures::spawn_local(async move {
        let result = match saving {
            Ok(done) => done.await,
            Err(e) => Err(e),
        };
        if let Some(status) = status {
            status.set(match result {
                Ok(()) => {
                    let d = js_sys::Date::new_0();
                    SaveStatus::Saved(format!("{:02}:{:02}:{:02}", d.get_hours(), d.get_minutes(), d.get_seconds()))
                }
                Err(e) => SaveStatus::Failed(e),
            });
        }
    });
    storage::now_ms() - t0
}

#[derive(Properties, PartialEq)]
pub struct WorkspaceProps {
    pub card: Rc<RateCard>,
}

#[component]
pub fn Workspace(props: &WorkspaceProps) -> Html {
    let Some(state) = use_context::<SchoolHandle>() else { return html! {} };
    let dispatch = state.dispatcher();
    let save_status = use_state(|| SaveStatus::Nothing);
    let restore_problem = use_state(|| None::<String>);

    // The rate card in force: the first time, what to show (restored work or the example),
    // once the saved work has been read (IndexedDB answers asynchronously).
    let latest_card = use_mut_ref(|| None::<Rc<RateCard>>);
    let restoring = use_mut_ref(|| false);
    {
        let dispatch = dispatch.clone();
        let waiting = state.origin == Origin::Waiting;
        let restore_problem = restore_problem.clone();
        use_effect_with(props.card.clone(), move |card| {
            *latest_card.borrow_mut() = Some(card.clone());
            if !waiting {
                dispatch.dispatch(Action::Card { card: card.clone(), initial: None });
            } else if !std::mem::replace(&mut *restoring.borrow_mut(), true) {
                // The card may change while the saved work is read: the latest is used.
                wasm_bindgen_futures::spawn_local(async move {
                    let text = storage::get(STORAGE_KEY).await;
                    let Some(card) = latest_card.borrow().clone() else { return };
                    let initial = match text {
                        Ok(Some(text)) => match restore(&text, &card) {
                            Ok((loaded, origin, notice)) => {
                                if let Some(n) = notice {
                                    dispatch.dispatch(Action::Notice(Some(n)));
                                }
                                Some(Box::new((loaded, origin)))
                            }
                            Err(why) => {
                                // Kept aside rather than overwritten by the next save.
                                let kept = storage::set(STORAGE_KEY_UNREADABLE, text).await;
                                restore_problem.set(Some(match kept {
                                    Ok(()) => format!("{why}. It has been kept aside, not deleted"),
                                    Err(e) => format!("{why}. It could not be kept aside ({e}): save nothing here before reloading with the latest version"),
                                }));
                                None
                            }
                        },
                        Ok(None) => None,
                        Err(e) => {
                            restore_problem.set(Some(format!("this browser's storage could not be read ({e})")));
                            None
                        }
                    };
                    dispatch.dispatch(Action::Card { card, initial });
                });
            }
        });
    }

    // What the engine makes of the input: the details when they change, the rest on every edit.
    let details_check = {
        let s = state.clone();
        use_memo((state.details_rev, state.rows.is_empty(), state.card.as_ref().map(|c| Rc::as_ptr(c) as usize)), move |_| match &s.card {
            Some(card) => {
                let mut check = check_details(&s.details, &s.others, &s.years, card);
                // A school just started has no name or URN yet: not a fault until it has pupils.
                if s.rows.is_empty() {
                    check.faults.retain(|(f, _)| match f {
                        DetailField::Name => !s.details.name.trim().is_empty(),
                        DetailField::Urn => !s.details.urn.trim().is_empty(),
                        _ => true,
                    });
                }
                Rc::new(check)
            }
            None => Rc::new(DetailsCheck::default()),
        })
    };
    let derived = {
        let s = state.clone();
        let dc = (*details_check).clone();
        use_memo((state.rev, state.details_rev, state.card.as_ref().map(|c| Rc::as_ptr(c) as usize)), move |_| derive(&s, dc))
    };

    // R10.6: the same scenario under the pinned baseline card, computed once per (scenario,
    // baseline card): an edit of the what-if card does not recompute it (the key holds the
    // input's revisions and the baseline card, not the card in force).
    let app = use_context::<crate::ratecard::AppHandle>();
    let baseline_card = app.as_ref().and_then(|a| a.baseline_card().cloned());
    let baseline_run = {
        let result = derived.result.clone();
        use_memo((state.rev, state.details_rev, baseline_card.as_ref().map(|c| Rc::as_ptr(c) as usize)), move |_| match (&result, &baseline_card) {
            (Some(r), Some(card)) => Some(crate::compare_view::run_baseline(&r.scenario, card).map(|run| (card.clone(), run))),
            _ => None,
        })
    };
    let compared: Option<Result<Rc<Compared>, String>> = {
        let result = derived.result.clone();
        let run = baseline_run.clone();
        let label = app.as_ref().and_then(|a| a.baseline.as_ref().map(|b| b.label())).unwrap_or_default();
        let key = (result.as_ref().map(|r| Rc::as_ptr(r) as usize), Rc::as_ptr(&run) as usize);
        (*use_memo(key, move |_| match (&result, &*run) {
            (Some(r), Some(Ok((card, run)))) => Some(Ok(Rc::new(Compared {
                card: card.clone(),
                label,
                comparison: crate::compare_view::compare_runs(run, (&r.scenario, &r.outcome)),
                run: run.clone(),
            }))),
            (_, Some(Err(e))) => Some(Err(e.clone())),
            _ => None,
        }))
        .clone()
    };

    // Autosave, right after each change (later for a workspace slow to write, see
    // `storage::save_delay_ms`); at once when the page is hidden or left.
    let pending: Rc<RefCell<Option<Rc<WsState>>>> = use_memo((), |_| RefCell::new(None));
    let timer = use_mut_ref(|| None::<Timeout>);
    let cost = use_mut_ref(|| 0.0f64);
    {
        let pending = pending.clone();
        let timer = timer.clone();
        let save_status = save_status.clone();
        let snapshot: Rc<WsState> = Rc::new((*state).clone());
        use_effect_with(state.rev, move |_| {
            timer.borrow_mut().take();
            if snapshot.origin == Origin::Edited {
                *pending.borrow_mut() = Some(snapshot);
                let pending = pending.clone();
                let delay = storage::save_delay_ms(*cost.borrow());
                *timer.borrow_mut() = Some(Timeout::new(delay, move || {
                    if let Some(s) = pending.borrow_mut().take() {
                        *cost.borrow_mut() = save_now(&s, Some(save_status));
                    }
                }));
            } else {
                pending.borrow_mut().take();
            }
        });
    }
    {
        let pending = pending.clone();
        let state_for_keep = state.clone();
        use_effect_with((), move |_| {
            let flush = {
                let pending = pending.clone();
                move || {
                    if let Some(s) = pending.borrow_mut().take() {
                        let _ = save_now(&s, None);
                    }
                }
            };
            // Saved at once when the page is hidden or closed (nothing typed is lost).
            let listener = crate::browser::on_page_hidden(flush.clone());
            move || {
                drop(listener);
                flush();
                let _ = state_for_keep;
            }
        });
    }

    // Focus requests outside the pupils table (the table handles its own).
    {
        let dispatch = dispatch.clone();
        use_effect_with(state.focus.clone(), move |focus| {
            if let Some(id) = focus {
                if !id.starts_with("pupil-") && focus_id(id) {
                    dispatch.dispatch(Action::Focused);
                }
            }
        });
    }

    if state.origin == Origin::Waiting {
        return html! { <p class="govuk-body" role="status">{ "Opening the workspace…" }</p> };
    }

    let card = props.card.clone();
    let d = &*derived;

    // Error summary: a link to a field on another page of the table asks the table to show it.
    let on_summary_click = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(target) = e.target() else { return };
            let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(target) else { return };
            let Some(link) = el.closest("a").ok().flatten() else { return };
            let Some(href) = link.get_attribute("href") else { return };
            let id = href.trim_start_matches('#').to_string();
            if gloo::utils::document().get_element_by_id(&id).is_none() || id.starts_with("pupil-") {
                dispatch.dispatch(Action::Focus(id));
            }
        })
    };

    let start_own = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| {
            dispatch.dispatch(Action::Load {
                loaded: Box::new(Loaded {
                    example: false,
                    // R11.1: a new school's year groups as at today's AY, shown and changeable.
                    details: super::year_groups::new_school_details(),
                    rows: Vec::new(),
                    parsed: Some(Vec::new()),
                    years: default_years(),
                    others: Default::default(),
                }),
                notice: Some(Notice {
                    kind: NoticeKind::Success,
                    text: "The example has been cleared. Enter your school's details and pupils, or import them from a spreadsheet.".into(),
                }),
                checkpoint: false,
                origin: Origin::Edited,
            });
            dispatch.dispatch(Action::Focus("school-name".into()));
        })
    };
    let banner = if state.example {
        html! {
            <div class="app-ws-example-banner" id="example-banner" data-example="true">
                <h2 class="app-ws-example-banner__title">{ "Example school — made-up pupils" }</h2>
                <p class="govuk-body">
                    { "This is a made-up school so that you can see how the workspace works. Its pupils are invented \
                       (ids EX-01 to EX-12) and between them take every route of the new system. They move up a year each September, and the \
                       Year 6 pupils leave after 2026/27 (R11). Nothing here is real children's data." }
                </p>
                <button type="button" class="govuk-button app-ws-example-banner__button" id="start-own" onclick={start_own}>{ "Start with my own school" }</button>
            </div>
        }
    } else {
        html! {}
    };

    let restored = match (&state.origin, &*restore_problem) {
        (_, Some(why)) => html! {
            <div class="app-ws-notice app-ws-notice--warning" role="status">
                <p class="govuk-body">{ format!("The work saved in this browser could not be opened: {why}. The workspace shows the example school.") }</p>
            </div>
        },
        (Origin::Restored { saved_at }, None) => html! {
            <div class="app-ws-notice app-ws-notice--info" id="restored-notice" role="status">
                <p class="govuk-body">
                    { "Your work has been restored from this browser" }
                    { saved_at_text(saved_at) }
                    { ". It is kept on this computer only. " }
                </p>
            </div>
        },
        _ => html! {},
    };

    let notice = match &state.notice {
        Some(n) => {
            let class = match n.kind {
                NoticeKind::Success => "app-ws-notice--success",
                NoticeKind::Info => "app-ws-notice--info",
                NoticeKind::Warning => "app-ws-notice--warning",
            };
            let undo = state.undo.is_some().then(|| {
                let dispatch = dispatch.clone();
                html! { <button type="button" class="app-link-button" id="undo-delete" onclick={Callback::from(move |_| dispatch.dispatch(Action::Undo))}>{ "Undo" }</button> }
            });
            let close = {
                let dispatch = dispatch.clone();
                Callback::from(move |_| dispatch.dispatch(Action::Notice(None)))
            };
            html! {
                <div class={classes!("app-ws-notice", class)} id="workspace-notice">
                    <p class="govuk-body">{ &n.text }{ " " }{ for undo }</p>
                    <button type="button" class="app-link-button app-ws-notice__close" onclick={close}>{ "Dismiss" }<span class="govuk-visually-hidden">{ " this message" }</span></button>
                </div>
            }
        }
        None => html! {},
    };

    let jump = |id: &'static str| {
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            if let Some(el) = gloo::utils::document().get_element_by_id(id) {
                el.scroll_into_view();
                focus_id(id);
            }
        })
    };
    let contents = html! {
        <nav class="app-ws-contents" aria-label="On this page">
            <ul class="app-ws-contents__list">
                <li><a href="#details-heading" onclick={jump("details-heading")}>{ "Your school" }</a></li>
                <li><a href="#pupils-heading" onclick={jump("pupils-heading")}>{ "Pupils" }</a></li>
                <li><a href="#results-heading" onclick={jump("results-heading")}>{ "Results" }</a></li>
                <li><a href="#keep-heading" onclick={jump("keep-heading")}>{ "Keep and share your work" }</a></li>
            </ul>
        </nav>
    };
    let rows = Shared(state.rows.clone());
    let summary_title = if d.problems.is_empty() { "" } else { "There is a problem" };
    let _ = summary_title;

    html! {
        <div class="app-ws-workspace" data-rev={state.rev.to_string()}>
            { banner }
            { contents }
            { restored }
            { notice }
            <Announcer rev={state.rev} result={d.result.clone().map(Shared)} notice={state.notice.as_ref().map(|n| n.text.clone())} problems={d.problems.len()} undo={state.undo.is_some()} />
            <div onclick={on_summary_click} class="app-ws-workspace__summary">
                <ErrorSummary problems={d.problems.clone()} focus_on={Some(state.checkpoint as u64)} limit={SUMMARY_LIMIT + 1} />
            </div>
            <SchoolDetails
                details={Shared(state.details.clone())}
                check={Shared(d.details.clone())}
                card={Shared(card.clone())}
                years={Shared(state.years.clone())}
                others={Shared(state.others.clone())}
                dispatch={dispatch.clone()} />
            <section class="app-ws-section app-ws-section--pupils" aria-labelledby="pupils-heading">
                <h2 class="govuk-heading-m" id="pupils-heading" tabindex="-1">{ "Pupils" }</h2>
                <p class="govuk-body">
                    { "One row per pupil who has, or may need, additional support. Give each pupil a made-up id, \
                       such as P001 — never a name: ids are kept in this browser and written into every file you save or export." }
                </p>
                // The page is drawn top to bottom in turns (`Later`): the pupils, then the
                // results, each in a task of its own after the first frame.
                <Later>
                    { {
                        let (card, dispatch) = (card.clone(), dispatch.clone());
                        let (has_rows, example, default_setting) = (!state.rows.is_empty() && !state.example, state.example, state.details.kind.settings()[0]);
                        defer(move || html! {
                            <ImportPanel card={Shared(card.clone())} {has_rows} {example} dispatch={dispatch.clone()} {default_setting} />
                        })
                    } }
                    <PupilsEditor
                        rows={rows}
                        dups={Shared(Rc::new(d.dups.clone()))}
                        names={Shared(Rc::new(d.names.clone()))}
                        card={Shared(card.clone())}
                        kind={state.details.kind}
                        focus={state.focus.clone()}
                        bad_rows={d.bad_rows}
                        dispatch={dispatch.clone()} />
                </Later>
            </section>
            <Later turn={2}>
                <section class="app-ws-section" aria-labelledby="results-heading">
                    <h2 class="govuk-heading-m" id="results-heading" tabindex="-1">{ "Results" }</h2>
                    { match &d.result {
                        Some(r) => html! { <Results computed={Shared(r.clone())} school_name={state.details.name.clone()} compared={compared.clone()} /> },
                        None => no_results(d, state.card.is_some(), state.rows.len()),
                    } }
                </section>
                { {
                    let state = Shared(Rc::new((*state).clone()));
                    let computed = d.result.clone().map(Shared);
                    let compared = compared.clone().and_then(|c| c.ok()).map(Shared);
                    let problems = d.problems.len();
                    let card = Shared(card.clone());
                    let save_status = (*save_status).clone();
                    let dispatch = dispatch.clone();
                    defer(move || html! {
                        <KeepAndShare
                            state={state.clone()}
                            computed={computed.clone()}
                            compared={compared.clone()}
                            {problems}
                            card={card.clone()}
                            save_status={save_status.clone()}
                            dispatch={dispatch.clone()} />
                    })
                } }
            </Later>
        </div>
    }
}

fn saved_at_text(iso: &str) -> String {
    // 2025-01-31T12:34:56.000Z → 31/01/2025 12:34 (UTC in the file; shown as the browser's time).
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
    if d.get_time().is_nan() {
        return String::new();
    }
    format!(" (last saved {:02}/{:02}/{} at {:02}:{:02})", d.get_date(), d.get_month() + 1, d.get_full_year(), d.get_hours(), d.get_minutes())
}

fn no_results(d: &Derived, card: bool, rows: usize) -> Html {
    if !card {
        return html! { <p class="govuk-body">{ "The figures appear once the rate card has loaded." }</p> };
    }
    let mut reasons: Vec<String> = Vec::new();
    if !d.details.faults.is_empty() || !d.details.other.is_empty() {
        reasons.push(plural(d.details.faults.len() + d.details.other.len(), "problem", "problems") + " in the school's details");
    }
    if d.bad_rows > 0 {
        reasons.push(plural(d.bad_rows, "pupil row", "pupil rows") + " with problems");
    }
    if reasons.is_empty() {
        if rows == 0 || d.result.is_none() {
            return html! {
                <div class="app-ws-no-results" id="no-results" data-state="empty">
                    <p class="govuk-body">{ "Add your pupils above, or import them from a spreadsheet, to see your school's Element 3 year by year." }</p>
                </div>
            };
        }
        return html! {};
    }
    html! {
        <div class="app-ws-no-results" id="no-results" data-state="errors">
            <p class="govuk-body">
                <strong>{ format!("No figures yet: there {} ", if reasons.len() == 1 && (d.bad_rows == 1 || d.details.faults.len() + d.details.other.len() == 1) { "is" } else { "are" }) }{ reasons.join(" and ") }{ "." }</strong>
            </p>
            <p class="govuk-body">
                { "Nothing is worked out from input with a fault, so that no figure is ever based on a mistake. \
                   Fix the problems listed at the top of the page — everything you typed is kept meanwhile." }
            </p>
        </div>
    }
}
