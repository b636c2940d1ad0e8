//! The published rate cards (R10.7) on the rate card page: every card the index lists, with a
//! choice of it as the card in force or as the baseline of a comparison (R10.6); the faults
//! of the index or of a card, each with its path; and the baseline pinned now.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use sen_funding::engine::RateCard;

use super::AppHandle;
use crate::browser;
use crate::state::{Action, Baseline, BaselineSource};
use crate::RATE_CARD_INDEX_URL;

/// The list of published cards and the baseline controls.
#[component]
pub fn PublishedCards() -> Html {
    let Some(app) = use_context::<AppHandle>() else { return html! {} };
    let load_errors = use_state(Vec::<String>::new);
    let published = app.published.clone();
    let in_force = app.card().cloned();
    let baseline = app.baseline.clone();

    let faults: Vec<String> = published.index_errors.iter().cloned().chain(published.cards.iter().flat_map(|c| c.errors.iter().cloned())).collect();

    let rows = published.cards.iter().map(|pc| {
        let id = pc.entry.id.clone();
        let is_current = published.current.as_deref() == Some(id.as_str());
        let in_force_here = match (&pc.card, &in_force) {
            (Some(c), Some(f)) => c == f,
            _ => false,
        };
        let from_here = match (&pc.card, &app.base_card) {
            (Some(c), Some(b)) => c == b,
            _ => false,
        };
        let is_baseline = matches!(&baseline, Some(Baseline { source: BaselineSource::Published(b), .. }) if *b == id);
        let actions = match &pc.card {
            Some(card) => {
                let use_it = {
                    let app = app.clone();
                    let card = card.clone();
                    Callback::from(move |_| app.dispatch(Action::CardReplaced(card.clone())))
                };
                let pin = {
                    let app = app.clone();
                    let card = card.clone();
                    let id = id.clone();
                    Callback::from(move |_| {
                        app.dispatch(Action::Baseline(Some(Baseline { source: BaselineSource::Published(id.clone()), card: card.clone() })))
                    })
                };
                html! {
                    <div class="govuk-button-group app-published__actions">
                        if !in_force_here {
                            <button type="button" class="govuk-button govuk-button--secondary" data-use-card={id.clone()} onclick={use_it}>
                                { "Use this card" }<span class="govuk-visually-hidden">{ format!(" ({})", pc.entry.title) }</span>
                            </button>
                        }
                        if !is_baseline {
                            <button type="button" class="govuk-button govuk-button--secondary" data-pin-card={id.clone()} onclick={pin}>
                                { "Compare against this card" }<span class="govuk-visually-hidden">{ format!(" ({})", pc.entry.title) }</span>
                            </button>
                        }
                    </div>
                }
            }
            None if pc.errors.is_empty() => html! { <span class="govuk-body-s">{ "Loading…" }</span> },
            None => html! { <strong class="govuk-tag govuk-tag--red">{ "Cannot be used: see the problems above" }</strong> },
        };
        html! {
            <tr class="govuk-table__row" data-published-card={id.clone()}>
                <th scope="row" class="govuk-table__header">
                    { &pc.entry.title }
                    <span class="app-band-description"><code>{ &id }</code>{ " — " }<code>{ &pc.entry.file }</code></span>
                </th>
                <td class="govuk-table__cell">
                    { pc.entry.status.as_str() }
                    if is_current { <br /><strong class="govuk-tag">{ "Current" }</strong> }
                </td>
                <td class="govuk-table__cell" data-card-role="true">
                    if in_force_here { <strong class="govuk-tag govuk-tag--green">{ "In force" }</strong>{ " " } }
                    else if from_here { <strong class="govuk-tag govuk-tag--yellow">{ "In force, with changes" }</strong>{ " " } }
                    if is_baseline { <strong class="govuk-tag govuk-tag--blue">{ "Baseline" }</strong> }
                </td>
                <td class="govuk-table__cell">{ actions }</td>
            </tr>
        }
    });

    let pin_before = {
        let app = app.clone();
        Callback::from(move |_| {
            if let Some(b) = app.base_card.clone() {
                app.dispatch(Action::Baseline(Some(Baseline { source: BaselineSource::BeforeEdits, card: b })));
            }
        })
    };
    let unpin = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::Baseline(None)))
    };
    let on_file = {
        let app = app.clone();
        let load_errors = load_errors.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            let name = file.name();
            let app = app.clone();
            let load_errors = load_errors.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let bytes = match browser::read_file(file).await {
                    Ok(b) => b,
                    Err(e) => return load_errors.set(vec![e]),
                };
                match RateCard::from_json_str(&String::from_utf8_lossy(&bytes)) {
                    Ok(c) => {
                        load_errors.set(Vec::new());
                        app.dispatch(Action::Baseline(Some(Baseline { source: BaselineSource::Loaded(name), card: Rc::new(c) })));
                    }
                    Err(errs) => load_errors.set(errs.iter().map(|e| format!("{name}: {e}")).collect()),
                }
            });
        })
    };

    html! {
        <section class="app-published" aria-labelledby="published-heading" id="published">
            <h2 class="govuk-heading-m" id="published-heading">{ "Published rate cards" }</h2>
            if let Some(note) = &published.fallback {
                <div class="govuk-warning-text" id="published-fallback" data-published-fallback="true">
                    <span class="govuk-warning-text__icon" aria-hidden="true">{ "!" }</span>
                    <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">{ "Warning" }</span>{ note }</strong>
                </div>
            }
            if !faults.is_empty() {
                <div class="govuk-error-summary" role="alert" id="published-errors" data-published-errors="true">
                    <h2 class="govuk-error-summary__title">{ "Some published rate cards cannot be used" }</h2>
                    <div class="govuk-error-summary__body">
                        <p>{ format!("Every problem, with its path in {RATE_CARD_INDEX_URL} or in the card's file. The calculator keeps to the last good card.") }</p>
                        <ul class="govuk-list govuk-error-summary__list">
                            { for faults.iter().map(|e| html! { <li><code>{ e }</code></li> }) }
                        </ul>
                    </div>
                </div>
            }
            if published.cards.is_empty() && published.loading {
                <p class="govuk-body" role="status">{ "Loading the list of published rate cards…" }</p>
            }
            if !published.cards.is_empty() {
                <p class="govuk-body">
                    { "The council publishes these rate cards. Use any of them for every figure in the calculator, or compare against one: \
                       then every figure shows the card in force, the baseline and the change." }
                </p>
                <crate::components::ScrollTable labelledby="published-cards-caption">
                <table class="govuk-table" id="published-cards">
                    <caption class="govuk-table__caption govuk-table__caption--s" id="published-cards-caption">{ "Published rate cards" }</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">{ "Rate card" }</th>
                            <th scope="col" class="govuk-table__header">{ "Status" }</th>
                            <th scope="col" class="govuk-table__header">{ "Now" }</th>
                            <th scope="col" class="govuk-table__header">{ "Choose" }</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">{ for rows }</tbody>
                </table>
                </crate::components::ScrollTable>
            }
            <h3 class="govuk-heading-s" id="baseline-heading">{ "Compare against a baseline" }</h3>
            <div id="baseline-status" role="status">
                { match &baseline {
                    Some(b) => html! {
                        <p class="govuk-body" data-baseline={b.card.id.clone()}>
                            { "Every figure is compared against " }<strong>{ b.label() }</strong>{ " (" }<code>{ &b.card.id }</code>{ ")." }
                        </p>
                    },
                    None => html! { <p class="govuk-body" data-baseline="">{ "No baseline is pinned: figures are shown under the card in force only." }</p> },
                } }
            </div>
            <div class="govuk-button-group">
                if app.card_modified() {
                    <button type="button" class="govuk-button govuk-button--secondary" id="pin-before-edits" onclick={pin_before}>
                        { "Compare against the card before my changes" }
                    </button>
                }
                if baseline.is_some() {
                    <button type="button" class="govuk-button govuk-button--warning" id="unpin-baseline" onclick={unpin}>{ "Stop comparing" }</button>
                }
            </div>
            <div class="govuk-form-group">
                <label class="govuk-label govuk-label--s" for="baseline-file">{ "Compare against a rate card file (JSON)" }</label>
                <div class="govuk-hint" id="baseline-file-hint">{ "The file is checked first; if it is not a valid rate card, every problem is listed." }</div>
                if !load_errors.is_empty() {
                    <ul class="govuk-list govuk-error-message" id="baseline-file-errors">
                        { for load_errors.iter().map(|e| html! { <li><code>{ e }</code></li> }) }
                    </ul>
                }
                <input class="govuk-file-upload" id="baseline-file" type="file" accept=".json,application/json" aria-describedby="baseline-file-hint" onchange={on_file} />
            </div>
        </section>
    }
}

/// A line at the top of every journey while a baseline is pinned: what the figures are
/// compared against, and a way to stop.
#[component]
pub fn BaselineBanner() -> Html {
    let Some(app) = use_context::<AppHandle>() else { return html! {} };
    let Some(b) = app.baseline.clone() else { return html! {} };
    let unpin = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::Baseline(None)))
    };
    html! {
        <div class="govuk-inset-text app-baseline-banner" id="baseline-banner" data-baseline={b.card.id.clone()}>
            { "Comparing against a baseline: " }<strong>{ b.label() }</strong>
            { ". Each figure shows the card in force (what-if), the baseline and the change. " }
            <a class="govuk-link" href="#/rate-card">{ "Choose another baseline" }</a>{ " or " }
            <button type="button" class="app-link-button" id="baseline-banner-unpin" onclick={unpin}>{ "stop comparing" }</button>{ "." }
        </div>
    }
}
