//! The Communities' data as a table of fields, one row a Community (the columns of R10.2).
//! Shown on request, and whenever a field has a problem, so every problem links to its field.

use std::collections::BTreeMap;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::model::{cell_id, field_label, Row, FIELDS};
use crate::components::ScrollTable;

#[derive(Properties, PartialEq)]
pub struct DataEditorProps {
    pub rows: Vec<Row>,
    /// Problems by field id.
    pub errors: BTreeMap<String, Vec<String>>,
    /// Open whatever the person chose: a field has a problem.
    pub force_open: bool,
    pub default_protection: String,
    pub on_cell: Callback<(usize, String, String)>,
    pub on_add: Callback<()>,
    pub on_remove: Callback<usize>,
}

#[component]
pub fn DataEditor(props: &DataEditorProps) -> Html {
    let open = use_state(|| false);
    // A field with a problem opens the table, and it stays open once the problem is put right:
    // every keystroke reaches the figures, so the field must not vanish while it is typed in.
    {
        let open = open.clone();
        use_effect_with(props.force_open, move |forced| {
            if *forced {
                open.set(true);
            }
        });
    }
    let shown = *open || props.force_open;
    let forced = props.force_open;
    let toggle = {
        let open = open.clone();
        // Closing is not possible while a field has a problem (the summary's link must reach it).
        Callback::from(move |_| open.set(forced || !shown))
    };
    html! {
        <div class="app-data-editor">
            <button type="button" class="govuk-button govuk-button--secondary" id="data-toggle" aria-expanded={shown.to_string()} aria-controls="data-table-region" onclick={toggle}>
                { if shown { "Hide the table of data" } else { "Show and change the data, Community by Community" } }
            </button>
            if shown {
                <div id="data-table-region">
                    <p class="govuk-body-s">
                        { "Each change is checked and the figures above are worked out again at once. Pupils are those aged 5–16 on roll in the \
                           Community's mainstream schools; IDACI A–F are pupil counts in each band of the Income Deprivation Affecting Children Index; \
                           historic is the Element 3 its schools received in the baseline year (R2.3)." }
                    </p>
                    <ScrollTable label="The Communities' data">
                        <table class="govuk-table app-data-table" id="data-table">
                            <caption class="govuk-visually-hidden">{ "The Communities' data, one row a Community" }</caption>
                            <thead class="govuk-table__head">
                                <tr class="govuk-table__row">
                                    <th scope="col" class="govuk-table__header">{ "Row" }</th>
                                    { for FIELDS.iter().map(|f| html! { <th scope="col" class="govuk-table__header">{ column_title(f) }</th> }) }
                                    <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">{ "Remove" }</span></th>
                                </tr>
                            </thead>
                            <tbody class="govuk-table__body">
                                { for props.rows.iter().enumerate().map(|(ix, row)| html! {
                                    <DataRow ix={ix} row={row.clone()} errors={row_errors(&props.errors, ix)} default_protection={props.default_protection.clone()}
                                        on_cell={props.on_cell.clone()} on_remove={props.on_remove.clone()} />
                                }) }
                            </tbody>
                        </table>
                    </ScrollTable>
                    <button type="button" class="govuk-button govuk-button--secondary" id="data-add" onclick={props.on_add.reform(|_| ())}>{ "Add a Community" }</button>
                </div>
            }
        </div>
    }
}

fn row_errors(all: &BTreeMap<String, Vec<String>>, ix: usize) -> BTreeMap<String, Vec<String>> {
    let prefix = format!("c-{ix}-");
    all.iter().filter(|(k, _)| k.starts_with(&prefix)).map(|(k, v)| (k.clone(), v.clone())).collect()
}

fn column_title(f: &str) -> String {
    match f {
        "id" => "Id".into(),
        "name" => "Name".into(),
        "pupils" => "Pupils".into(),
        "lac" => "LAC".into(),
        "lpa" => "LPA".into(),
        "historic" => "Historic £".into(),
        "protection" => "Protection".into(),
        "protection_rate" => "Rate (B)".into(),
        f => f.strip_prefix("idaci_").map(|b| format!("IDACI {}", b.to_ascii_uppercase())).unwrap_or_else(|| f.to_string()),
    }
}

#[derive(Properties, PartialEq)]
struct DataRowProps {
    ix: usize,
    row: Row,
    errors: BTreeMap<String, Vec<String>>,
    default_protection: String,
    on_cell: Callback<(usize, String, String)>,
    on_remove: Callback<usize>,
}

#[component]
fn DataRow(props: &DataRowProps) -> Html {
    let ix = props.ix;
    let who = if props.row.name.trim().is_empty() { format!("Row {}", ix + 1) } else { props.row.name.trim().to_string() };
    html! {
        <tr class="govuk-table__row" data-row={ix.to_string()}>
            <th scope="row" class="govuk-table__header">{ ix + 1 }</th>
            { for FIELDS.iter().map(|f| {
                let id = cell_id(ix, f);
                let errs = props.errors.get(&id).cloned().unwrap_or_default();
                let err_id = format!("{id}-error");
                let label = format!("{who}: {}", field_label(f));
                let field = f.to_string();
                let on_cell = props.on_cell.clone();
                let invalid = !errs.is_empty();
                let input = if *f == "protection" {
                    let current = props.row.protection.trim().to_ascii_uppercase();
                    html! {
                        <select class={classes!("govuk-select", invalid.then_some("govuk-select--error"))} id={id.clone()}
                            aria-invalid={invalid.then_some("true")} aria-describedby={invalid.then(|| err_id.clone())}
                            onchange={Callback::from(move |e: Event| on_cell.emit((ix, field.clone(), e.target_unchecked_into::<HtmlSelectElement>().value())))}>
                            <option value="" selected={current.is_empty()}>{ format!("Default ({})", props.default_protection) }</option>
                            { for ["A", "B", "C", "D"].iter().map(|o| html! { <option value={*o} selected={current == *o}>{ *o }</option> }) }
                            if !current.is_empty() && !["A", "B", "C", "D"].contains(&current.as_str()) {
                                <option value={props.row.protection.clone()} selected=true>{ props.row.protection.clone() }</option>
                            }
                        </select>
                    }
                } else {
                    let width = match *f { "name" => "app-cell--wide", "historic" => "app-cell--money", "id" => "app-cell--id", _ => "app-cell--count" };
                    html! {
                        <input class={classes!("govuk-input", "app-cell-input", width, invalid.then_some("govuk-input--error"))} id={id.clone()} type="text"
                            value={props.row.get(f).to_string()} spellcheck="false"
                            inputmode={if matches!(*f, "id" | "name") { "text" } else { "decimal" }}
                            aria-invalid={invalid.then_some("true")} aria-describedby={invalid.then(|| err_id.clone())}
                            oninput={Callback::from(move |e: InputEvent| on_cell.emit((ix, field.clone(), e.target_unchecked_into::<HtmlInputElement>().value())))} />
                    }
                };
                html! {
                    <td class={classes!("govuk-table__cell", invalid.then_some("app-cell--error"))}>
                        <label class="govuk-visually-hidden" for={id.clone()}>{ label }</label>
                        { input }
                        if invalid {
                            <span class="govuk-error-message app-cell-error" id={err_id}><span class="govuk-visually-hidden">{ "Error: " }</span>{ errs.join("; ") }</span>
                        }
                    </td>
                }
            }) }
            <td class="govuk-table__cell">
                <button type="button" class="app-link-button" onclick={props.on_remove.reform(move |_| ix)}>
                    { "Remove" }<span class="govuk-visually-hidden">{ format!(" {who}") }</span>
                </button>
            </td>
        </tr>
    }
}
