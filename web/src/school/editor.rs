//! The pupils table: every cell editable inline, by keyboard as by mouse; faulty cells show
//! the engine's message beside them. Rows are separate components whose props only change
//! when their own row does, so an edit re-renders one row, not the table.
//!
//! On a small screen (www/school.css, below 48em) the same rows are shown as cards, one pupil
//! each, every cell with its visible label and the row's actions: a restyling of
//! the same elements, so nothing the table can do is lost — editing, duplicating, deleting and
//! undoing work the same way by keyboard and by touch.

use std::collections::HashMap;
use std::rc::Rc;

use sen_funding::engine::csv_import::parse_yes_no;
use sen_funding::engine::ratecard::Setting;
use sen_funding::engine::RateCard;
use yew::prelude::*;

use super::common::{count, event_value, focus_id, pagination, plural, Shared};
use super::details_form::SchoolKind;
use super::rows::{Field, Row};
use super::state::{Action, WsState};
use crate::components::ScrollTable;

pub const PAGE_SIZE: usize = 25;

#[derive(Properties, PartialEq)]
pub struct PupilsEditorProps {
    pub rows: Shared<Vec<Rc<Row>>>,
    pub dups: Shared<HashMap<u32, String>>,
    pub names: Shared<HashMap<u32, String>>,
    pub card: Shared<RateCard>,
    pub kind: SchoolKind,
    pub focus: Option<String>,
    pub bad_rows: usize,
    pub dispatch: UseReducerDispatcher<WsState>,
}

fn row_key_of(id: &str) -> Option<u32> {
    id.strip_prefix("pupil-")?.split('-').next()?.parse().ok()
}

#[component]
pub fn PupilsEditor(props: &PupilsEditorProps) -> Html {
    let page = use_state(|| 0usize);
    let only_problems = use_state(|| false);
    let rows = &*props.rows;

    let is_bad = |r: &Row| !r.parsed.faults().is_empty() || props.dups.contains_key(&r.key);
    let visible: Vec<(usize, &Rc<Row>)> =
        if *only_problems { rows.iter().enumerate().filter(|(_, r)| is_bad(r)).collect() } else { rows.iter().enumerate().collect() };
    let pages = visible.len().div_ceil(PAGE_SIZE).max(1);
    let current = (*page).min(pages - 1);

    // Focus requests for cells: show the row's page first.
    {
        let page = page.clone();
        let only_problems = only_problems.clone();
        let dispatch = props.dispatch.clone();
        let target = props.focus.clone().filter(|f| f.starts_with("pupil-"));
        let where_: Option<Option<usize>> = target.as_deref().and_then(row_key_of).map(|k| visible.iter().position(|(_, r)| r.key == k));
        let in_table = target.as_deref().and_then(row_key_of).is_some_and(|k| rows.iter().any(|r| r.key == k));
        let cur = current;
        use_effect_with((target.clone(), cur, *only_problems), move |_| {
            let Some(id) = target else { return };
            match where_ {
                Some(Some(pos)) if pos / PAGE_SIZE != cur => page.set(pos / PAGE_SIZE),
                Some(None) if in_table && *only_problems => only_problems.set(false),
                _ => {
                    focus_id(&id);
                    dispatch.dispatch(Action::Focused);
                }
            }
        });
    }

    let go = {
        let page = page.clone();
        Callback::from(move |p: usize| {
            page.set(p);
            focus_id("pupils-table");
        })
    };
    let toggle = {
        let only_problems = only_problems.clone();
        let page = page.clone();
        Callback::from(move |_| {
            only_problems.set(!*only_problems);
            page.set(0);
        })
    };
    let add = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::AddRow))
    };
    // Control+Z (Command+Z) outside a text field undoes the last deletion, from the keyboard,
    // wherever the focus is in the table or on the cards; inside a field it stays the field's own.
    let undo_key = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            let typing = e
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA"));
            if (e.ctrl_key() || e.meta_key()) && !e.shift_key() && e.key().eq_ignore_ascii_case("z") && !typing {
                e.prevent_default();
                dispatch.dispatch(Action::Undo);
            }
        })
    };

    let start = current * PAGE_SIZE;
    let shown = &visible[start.min(visible.len())..(start + PAGE_SIZE).min(visible.len())];
    let card = props.card.clone();

    html! {
        <div class="app-ws-pupils" onkeydown={undo_key}>
            <div class="app-ws-pupils__bar">
                <p class="govuk-body app-ws-pupils__count" id="pupils-count">
                    { plural(rows.iter().filter(|r| !matches!(r.parsed, super::rows::Parsed::Blank)).count(), "pupil", "pupils") }
                    if props.bad_rows > 0 {
                        { ", " }<strong class="app-ws-pupils__bad">{ format!("{} with problems", plural(props.bad_rows, "row", "rows")) }</strong>
                    }
                </p>
                if props.bad_rows > 0 || *only_problems {
                    <div class="govuk-checkboxes__item app-ws-pupils__filter">
                        <input class="govuk-checkboxes__input" type="checkbox" id="pupils-problems-only" checked={*only_problems} onchange={toggle} />
                        <label class="govuk-label govuk-checkboxes__label" for="pupils-problems-only">{ "Show only rows with problems" }</label>
                    </div>
                }
            </div>
            if rows.is_empty() {
                <p class="govuk-body app-ws-pupils__empty" id="pupils-empty">{ "No pupils yet. Add them one by one, or import a spreadsheet." }</p>
            } else {
                <ScrollTable id="pupils-table" labelledby="pupils-caption">
                    <table class="govuk-table app-ws-pupils__table" aria-describedby="pupils-table-help">
                        <caption class="govuk-table__caption govuk-visually-hidden" id="pupils-caption">
                            { format!("Pupils: rows {} to {} of {}", count(start + 1), count(start + shown.len()), count(visible.len())) }
                        </caption>
                        <thead class="govuk-table__head">
                            <tr class="govuk-table__row">
                                <th scope="col" class="govuk-table__header app-ws-pupils__num">{ "Row" }</th>
                                { for Field::ALL.iter().map(|f| html! {
                                    <th scope="col" class={classes!("govuk-table__header", format!("app-ws-pupils__col--{}", f.key()))}>{ f.label() }</th>
                                }) }
                                <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">{ "Actions" }</span></th>
                            </tr>
                        </thead>
                        <tbody class="govuk-table__body">
                            { for shown.iter().map(|(i, r)| html! {
                                <PupilRow
                                    key={r.key}
                                    row={Shared((*r).clone())}
                                    number={i + 1}
                                    dup={props.dups.get(&r.key).cloned()}
                                    name_warning={props.names.get(&r.key).cloned()}
                                    card={card.clone()}
                                    kind={props.kind}
                                    dispatch={props.dispatch.clone()} />
                            }) }
                        </tbody>
                    </table>
                </ScrollTable>
                <p class="govuk-hint app-ws-pupils__help" id="pupils-table-help">
                    { "Changes are kept as you leave each cell. Amounts may be written as £1,200; dates as 01/09/2025 or 2025-09-01; \
                       year groups as R, 1 to 14, or Y7. Leave start and end blank for a pupil on roll all year." }
                </p>
                { pagination("pupils-pagination", "Pages of the pupils table", current, pages, go) }
            }
            <button type="button" class="govuk-button govuk-button--secondary" id="add-pupil" onclick={add}>{ "Add a pupil" }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct PupilRowProps {
    pub row: Shared<Row>,
    pub number: usize,
    pub dup: Option<String>,
    pub name_warning: Option<String>,
    pub card: Shared<RateCard>,
    pub kind: SchoolKind,
    pub dispatch: UseReducerDispatcher<WsState>,
}

/// One `<option>` per choice; the typed value, when it is none of them, is kept as its own
/// option so that nothing typed is lost.
fn options(choices: &[(String, String)], current: &str, matched: Option<&str>, placeholder: &str, unknown: &str) -> Html {
    let selected = matched.map(str::to_string).unwrap_or_else(|| current.to_string());
    let extra = matched.is_none().then(|| {
        if current.trim().is_empty() {
            html! { <option value="" selected=true>{ placeholder }</option> }
        } else {
            html! { <option value={current.to_string()} selected=true>{ format!("{current} – {unknown}") }</option> }
        }
    });
    html! {
        <>
            { for extra }
            { for choices.iter().map(|(v, label)| html! { <option value={v.clone()} selected={*v == selected}>{ label }</option> }) }
        </>
    }
}

/// A band as the table's select shows it, short enough for its column: a tariff band with its
/// rate (`SA3 · £10,000`), another with the start of its name (`W · Wider Support`).
fn band_label(b: &sen_funding::engine::ratecard::Band) -> String {
    match (b.route, b.rate) {
        (sen_funding::engine::ratecard::Route::Tariff, Some(rate)) => {
            let pounds = sen_funding::engine::money::format_gbp(rate);
            format!("{} · {}", b.code, pounds.strip_suffix(".00").unwrap_or(&pounds))
        }
        _ => {
            let short: Vec<&str> = b.name.split_whitespace().take(2).collect();
            format!("{} · {}", b.code, short.join(" "))
        }
    }
}

#[component]
pub fn PupilRow(props: &PupilRowProps) -> Html {
    let row = &*props.row;
    let key = row.key;
    let n = props.number;
    let mut faults: HashMap<Field, Vec<&str>> = HashMap::new();
    if let Some(d) = &props.dup {
        faults.entry(Field::Id).or_default().push(d);
    }
    for (f, m) in row.parsed.faults() {
        faults.entry(*f).or_default().push(m);
    }
    let setting_warning =
        row.parsed.pupil().filter(|p| !props.kind.settings().contains(&p.setting)).map(|p| {
            format!("This pupil's setting is {}, which the school's settings (under “Your school”) do not include.", p.setting.label().to_lowercase())
        });
    let id_of = |f: Field| format!("pupil-{key}-{}", f.key());
    let on = |f: Field| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| dispatch.dispatch(Action::Cell { key, field: f.ix(), value: event_value(&e) }))
    };
    // Text cells: every keystroke reaches the state and the autosave: nothing typed is lost.
    let on_input = |f: Field| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: InputEvent| dispatch.dispatch(Action::Cell { key, field: f.ix(), value: event_value(&e) }))
    };
    let who = if row.id().is_empty() { format!("row {n}") } else { format!("row {n}, {}", row.id()) };
    let described = |f: Field| {
        let mut ids = Vec::new();
        if faults.contains_key(&f) {
            ids.push(format!("{}-error", id_of(f)));
        }
        if f == Field::Id && props.name_warning.is_some() {
            ids.push(format!("{}-warning", id_of(f)));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    let input = |f: Field, class: &'static str, inputmode: Option<&'static str>| {
        let bad = faults.contains_key(&f);
        html! {
            <input class={classes!("govuk-input", "app-ws-cell", class, bad.then_some("govuk-input--error"))}
                id={id_of(f)} type="text" spellcheck="false" autocomplete="off" inputmode={inputmode}
                aria-label={format!("{}, {who}", f.label())}
                aria-invalid={bad.then_some("true")}
                aria-describedby={described(f)}
                value={row.cells[f.ix()].clone()}
                oninput={on_input(f)} />
        }
    };
    let select = |f: Field, body: Html| {
        let bad = faults.contains_key(&f);
        html! {
            <select class={classes!("govuk-select", "app-ws-cell", bad.then_some("govuk-select--error"))}
                id={id_of(f)}
                aria-label={format!("{}, {who}", f.label())}
                aria-invalid={bad.then_some("true")}
                aria-describedby={described(f)}
                onchange={on(f)}>
                { body }
            </select>
        }
    };

    // The cell's label, seen on the cards of a small screen (the column header does it in the
    // table); the control's own aria-label, which names the row too, stays its accessible name.
    let label = |f: Field| html! { <label class="app-ws-cell-label" for={id_of(f)} aria-hidden="true">{ f.label() }</label> };

    let setting_raw = &row.cells[Field::Setting.ix()];
    let setting_choices: Vec<(String, String)> = Setting::ALL
        .iter()
        .map(|s| {
            (
                s.as_str().to_string(),
                match s {
                    Setting::Mainstream => "Mainstream",
                    Setting::Srp => "SRP",
                    Setting::Special => "Special",
                }
                .to_string(),
            )
        })
        .collect();
    let setting_matched = Setting::parse(setting_raw).map(|s| s.as_str());

    let band_raw = &row.cells[Field::Band.ix()];
    let card = &*props.card;
    let band_choices: Vec<(String, String)> = card.bands.iter().map(|b| (b.code.clone(), band_label(b))).collect();
    let band_matched = card.bands.iter().find(|b| b.code.eq_ignore_ascii_case(band_raw.trim())).map(|b| b.code.as_str());

    let ehcp_raw = &row.cells[Field::Ehcp.ix()];
    let ehcp_choices = vec![("yes".to_string(), "Yes".to_string()), ("no".to_string(), "No".to_string())];
    let ehcp_matched = parse_yes_no(ehcp_raw).ok().map(|b| if b { "yes" } else { "no" });

    let duplicate = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::DuplicateRow(key)))
    };
    let delete = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::DeleteRow(key)))
    };

    let has_notes = !faults.is_empty() || props.name_warning.is_some() || setting_warning.is_some();
    let mut fault_list: Vec<(Field, String)> = faults.iter().map(|(f, ms)| (*f, ms.join("; "))).collect();
    fault_list.sort_by_key(|(f, _)| *f);

    html! {
        <>
            <tr class={classes!("govuk-table__row", "app-ws-pupils__row", (!faults.is_empty()).then_some("app-ws-pupils__row--error"), has_notes.then_some("app-ws-pupils__row--noted"))} data-key={key.to_string()} data-row={n.to_string()}>
                <th scope="row" class="govuk-table__header app-ws-pupils__num">{ n }</th>
                <td class="govuk-table__cell app-ws-pupils__cell app-ws-pupils__cell--id">{ label(Field::Id) }{ input(Field::Id, "app-ws-cell--id", None) }</td>
                <td class="govuk-table__cell app-ws-pupils__cell app-ws-pupils__cell--setting">{ label(Field::Setting) }{ select(Field::Setting, options(&setting_choices, setting_raw, setting_matched, "Choose", "unknown")) }</td>
                <td class="govuk-table__cell app-ws-pupils__cell app-ws-pupils__cell--band">{ label(Field::Band) }{ select(Field::Band, options(&band_choices, band_raw, band_matched, "Choose a band", "unknown")) }</td>
                <td class="govuk-table__cell app-ws-pupils__cell app-ws-pupils__cell--ehcp">{ label(Field::Ehcp) }{ select(Field::Ehcp, options(&ehcp_choices, ehcp_raw, ehcp_matched, "Choose", "unknown")) }</td>
                <td class="govuk-table__cell app-ws-pupils__cell app-ws-pupils__cell--current_e3">{ label(Field::CurrentE3) }{ input(Field::CurrentE3, "app-ws-cell--money", Some("decimal")) }</td>
                <td class="govuk-table__cell app-ws-pupils__cell app-ws-pupils__cell--year_group">{ label(Field::YearGroup) }{ input(Field::YearGroup, "app-ws-cell--year", None) }</td>
                <td class="govuk-table__cell app-ws-pupils__cell app-ws-pupils__cell--start">{ label(Field::Start) }{ input(Field::Start, "app-ws-cell--date", None) }</td>
                <td class="govuk-table__cell app-ws-pupils__cell app-ws-pupils__cell--end">{ label(Field::End) }{ input(Field::End, "app-ws-cell--date", None) }</td>
                <td class="govuk-table__cell app-ws-pupils__actions">
                    <button type="button" class="app-link-button" id={format!("pupil-{key}-duplicate")} onclick={duplicate}>
                        { "Duplicate" }<span class="govuk-visually-hidden">{ format!(" {who}") }</span>
                    </button>
                    <button type="button" class="app-link-button app-ws-link-button--warning" id={format!("pupil-{key}-delete")} onclick={delete}>
                        { "Delete" }<span class="govuk-visually-hidden">{ format!(" {who}") }</span>
                    </button>
                </td>
            </tr>
            if has_notes {
                <tr class="govuk-table__row app-ws-pupils__notes" data-key={key.to_string()}>
                    <td class="govuk-table__cell"></td>
                    <td class="govuk-table__cell" colspan="9">
                        { for fault_list.iter().map(|(f, m)| html! {
                            <p class="govuk-error-message app-ws-cell-error" id={format!("{}-error", id_of(*f))}>
                                <span class="govuk-visually-hidden">{ "Error: " }</span>{ format!("{}: {m}", f.label()) }
                            </p>
                        }) }
                        if let Some(w) = &props.name_warning {
                            <p class="app-ws-warning-message" id={format!("{}-warning", id_of(Field::Id))}>
                                <strong class="govuk-tag govuk-tag--yellow">{ "Check the id" }</strong>{ " " }{ w }
                            </p>
                        }
                        if let Some(w) = &setting_warning {
                            <p class="app-ws-warning-message"><strong class="govuk-tag govuk-tag--yellow">{ "Check the setting" }</strong>{ " " }{ w }</p>
                        }
                    </td>
                </tr>
            }
        </>
    }
}
