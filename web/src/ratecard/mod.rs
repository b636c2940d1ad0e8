//! The rate card journey: every parameter with its meaning, value and source; what-if edits of
//! the card in force (every journey recomputes at once), loading and downloading a card; and
//! the links that carry rate-card changes (never pupil data).

pub mod link;
mod params;
pub mod persist;
pub mod published;

pub use published::{BaselineBanner, PublishedCards};

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::browser;
use crate::components::{BandsTable, ErrorSummary, Problem};
use crate::route::Page;
use crate::state::Slot;
use crate::state::{Action, AppState, Baseline, BaselineSource};
use params::{catalogue, field_id, literal_of, shown, Kind, Param};
use sen_funding::engine::ratecard::{ProtectionOption, Setting};
use sen_funding::engine::{InputError, RateCard};

/// The app's state and its dispatcher, given to every page by the root component.
pub type AppHandle = UseReducerHandle<AppState>;

/// Applies the rate-card choices of the link the app was opened with, once the published
/// cards have loaded (R10.7): `card=ID` puts that published card in force, `set=PATH=VALUE`
/// changes it; `base=ID` with `baseset=PATH=VALUE` pins a baseline (R10.6). Returns the
/// problems of a link whose changes the engine refused (the published card stays).
#[hook]
pub fn use_card_link(state: &AppHandle) -> Vec<String> {
    let problems = use_state(Vec::<String>::new);
    let applied = use_mut_ref(|| false);
    {
        let state = state.clone();
        let problems = problems.clone();
        let ready = state.base_card.is_some() && !state.published.loading;
        use_effect_with(ready, move |ready| {
            if *ready && !*applied.borrow() {
                *applied.borrow_mut() = true;
                let query = link::hash_query();
                let mut found: Vec<String> = Vec::new();
                let published = state.published.clone();
                let named = |key: &str, found: &mut Vec<String>| -> Option<Rc<RateCard>> {
                    let id = link::query_value(&query, key)?;
                    match published.card(id) {
                        Some(c) => Some(c.clone()),
                        None => {
                            found.push(format!("{key}: there is no published rate card \"{id}\" that can be used"));
                            None
                        }
                    }
                };
                // The card in force.
                let chosen = named("card", &mut found);
                let Some(base) = chosen.clone().or_else(|| state.base_card.clone()) else { return };
                if chosen.is_some() && base != state.base_card.clone().unwrap_or_else(|| base.clone()) {
                    state.dispatch(Action::CardReplaced(base.clone()));
                }
                let changes = link::changes_in_query(&query);
                if !changes.is_empty() {
                    match link::apply(&base, &changes) {
                        Ok(card) => {
                            if card != *base {
                                state.dispatch(Action::CardEdited(Rc::new(card)));
                            }
                        }
                        Err(errs) => found.extend(errs.iter().map(|e| e.to_string())),
                    }
                }
                // The baseline.
                if let Some(from) = named("base", &mut found) {
                    let id = link::query_value(&query, "base").unwrap_or_default().to_string();
                    let changes = link::base_changes_in_query(&query);
                    if changes.is_empty() {
                        state.dispatch(Action::Baseline(Some(Baseline { source: BaselineSource::Published(id), card: from })));
                    } else {
                        match link::apply(&from, &changes) {
                            Ok(card) => state.dispatch(Action::Baseline(Some(Baseline { source: BaselineSource::Link, card: Rc::new(card) }))),
                            Err(errs) => found.extend(errs.iter().map(|e| format!("baseset: {e}"))),
                        }
                    }
                }
                if !found.is_empty() {
                    problems.set(found);
                }
            }
        });
    }
    (*problems).clone()
}

#[derive(Properties, PartialEq)]
pub struct LinkProblemsProps {
    pub problems: Vec<String>,
}

/// The rate-card changes of a link that could not be applied, each with its path.
#[component]
pub fn LinkProblems(props: &LinkProblemsProps) -> Html {
    if props.problems.is_empty() {
        return html! {};
    }
    html! {
        <div class="govuk-error-summary app-link-problems" role="alert" data-link-problems="true">
            <h2 class="govuk-error-summary__title">{ "The link's rate card changes were not used" }</h2>
            <div class="govuk-error-summary__body">
                <p>{ "The link changes the rate card in a way the calculator cannot accept, so the figures use the published rate card instead:" }</p>
                <ul class="govuk-list govuk-error-summary__list">
                    { for props.problems.iter().map(|p| html! { <li><code>{ p }</code></li> }) }
                </ul>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ShareLinkProps {
    /// The fragment of the view (`#/follow-the-child?band=…`).
    pub fragment: String,
    pub id: AttrValue,
    /// What the link does and does not carry.
    #[prop_or_default]
    pub hint: AttrValue,
    /// The rate card in force could not be put in the link.
    #[prop_or(true)]
    pub card_carried: bool,
}

/// "Link to this view": the address to copy, and a button that copies it.
#[component]
pub fn ShareLink(props: &ShareLinkProps) -> Html {
    let status = use_state(String::new);
    let url = link::full_url(&props.fragment);
    {
        let status = status.clone();
        use_effect_with(props.fragment.clone(), move |_| status.set(String::new()));
    }
    let copy = {
        let url = url.clone();
        let status = status.clone();
        Callback::from(move |_| {
            let clipboard = gloo::utils::window().navigator().clipboard();
            let promise = clipboard.write_text(&url);
            let status = status.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(promise).await {
                    Ok(_) => status.set("Link copied.".to_string()),
                    Err(_) => status.set("The browser did not allow copying: select the link and copy it.".to_string()),
                }
            });
        })
    };
    let hint_id = format!("{}-hint", props.id);
    html! {
        <div class="govuk-form-group app-share">
            <label class="govuk-label govuk-label--s" for={props.id.clone()}>{ "Link to this view" }</label>
            <div class="govuk-hint" id={hint_id.clone()}>
                { &props.hint }
                if !props.card_carried {
                    { " The rate card in force has a different shape from the published one, so the link cannot carry it: download the rate card and send the file too." }
                }
            </div>
            <input class="govuk-input app-share__url" id={props.id.clone()} type="text" readonly=true value={url} aria-describedby={hint_id} spellcheck="false" />
            <button type="button" class="govuk-button govuk-button--secondary app-share__copy" onclick={copy}>{ "Copy link" }</button>
            <span class="app-share__status" role="status">{ (*status).clone() }</span>
        </div>
    }
}

/// The rate card page's state, held above the page switch (what was typed and not yet
/// accepted is kept while another journey is shown).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RateCardPageState {
    /// Texts typed into fields that the engine has not accepted yet, by parameter path.
    pub drafts: BTreeMap<String, String>,
    /// Texts being typed, by parameter path: (the text as typed, its literal). Kept on every
    /// keystroke (and autosaved) without moving the caret; the engine checks a text when the
    /// field is left or Enter is pressed (`change`), and the figures follow then.
    pub typed: BTreeMap<String, (String, String)>,
    /// The engine's errors for those texts (R9).
    pub errors: Vec<InputError>,
    /// Why a rate card file could not be loaded.
    pub file_errors: Vec<String>,
    pub file_status: String,
}

pub enum RateCardPageAction {
    Drafts(BTreeMap<String, String>),
    /// A field's text as it is being typed (`None`: checked, no longer being typed).
    Typed(String, Option<(String, String)>),
    /// "Delete all my data": back to nothing typed.
    Reset,
    Errors(Vec<InputError>),
    FileErrors(Vec<String>),
    FileStatus(String),
}

impl Reducible for RateCardPageState {
    type Action = RateCardPageAction;

    fn reduce(self: Rc<Self>, action: RateCardPageAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            RateCardPageAction::Drafts(d) => s.drafts = d,
            RateCardPageAction::Typed(path, Some(t)) => {
                s.typed.insert(path, t);
            }
            RateCardPageAction::Typed(path, None) => {
                s.typed.remove(&path);
            }
            RateCardPageAction::Reset => s = RateCardPageState::default(),
            RateCardPageAction::Errors(e) => s.errors = e,
            RateCardPageAction::FileErrors(e) => s.file_errors = e,
            RateCardPageAction::FileStatus(t) => s.file_status = t,
        }
        if s == *self {
            return self;
        }
        Rc::new(s)
    }
}

pub type RateCardPageHandle = UseReducerHandle<RateCardPageState>;

#[derive(Properties, PartialEq)]
pub struct RateCardJourneyProps {
    pub card: Rc<RateCard>,
}

/// The rate card page's body, once a valid card is in force.
#[component]
pub fn RateCardJourney(props: &RateCardJourneyProps) -> Html {
    let app = use_context::<AppHandle>();
    let Some(page) = use_context::<RateCardPageHandle>() else { return html! {} };
    let card = props.card.clone();
    let base = app.as_ref().and_then(|a| a.base_card.clone()).unwrap_or_else(|| card.clone());
    // Texts typed into fields that the engine has not accepted yet (the card in force stays).
    fn slot<T: 'static>(page: &RateCardPageHandle, value: T, make: fn(T) -> RateCardPageAction) -> Slot<T> {
        let page = page.clone();
        Slot::new(value, Callback::from(move |v| page.dispatch(make(v))))
    }
    let drafts = slot(&page, page.drafts.clone(), RateCardPageAction::Drafts);
    let errors = slot(&page, page.errors.clone(), RateCardPageAction::Errors);
    let file_errors = slot(&page, page.file_errors.clone(), RateCardPageAction::FileErrors);
    let file_status = slot(&page, page.file_status.clone(), RateCardPageAction::FileStatus);

    let base_leaves = use_memo(base.clone(), |b| link::flatten(&b.to_json()));
    let leaves = use_memo(card.clone(), |c| link::flatten(&c.to_json()));
    let modified: BTreeSet<String> = leaves
        .iter()
        .filter(|(p, v)| base_leaves.get(*p) != Some(*v))
        .map(|(p, _)| p.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .chain(base_leaves.keys().filter(|p| !leaves.contains_key(*p)).cloned())
        .collect();

    let dispatch: Callback<Action> = match &app {
        Some(app) => {
            let app = app.clone();
            Callback::from(move |a| app.dispatch(a))
        }
        None => Callback::noop(),
    };

    // One field changed: the card in force with every pending text and this one, checked by the engine.
    let on_edit = {
        let drafts = drafts.clone();
        let errors = errors.clone();
        let card = card.clone();
        let base = base.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |(path, lit): (String, String)| {
            let mut changes: BTreeMap<String, String> = link::changes(&base, &card).unwrap_or_default().into_iter().collect();
            for (p, l) in drafts.iter() {
                changes.insert(p.clone(), l.clone());
            }
            changes.insert(path.clone(), lit.clone());
            let list: Vec<(String, String)> = changes.into_iter().collect();
            match link::apply(&base, &list) {
                Ok(new_card) => {
                    drafts.set(BTreeMap::new());
                    errors.set(Vec::new());
                    if new_card == *base {
                        dispatch.emit(Action::CardReset);
                    } else if new_card != *card {
                        dispatch.emit(Action::CardEdited(Rc::new(new_card)));
                    }
                }
                Err(errs) => {
                    let mut d = (*drafts).clone();
                    d.insert(path, lit);
                    drafts.set(d);
                    errors.set(errs);
                }
            }
        })
    };

    let on_type = {
        let page = page.clone();
        Callback::from(move |(path, t): (String, Option<(String, String)>)| page.dispatch(RateCardPageAction::Typed(path, t)))
    };

    let reset = {
        let page = page.clone();
        let drafts = drafts.clone();
        let errors = errors.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |_| {
            drafts.set(BTreeMap::new());
            errors.set(Vec::new());
            for path in page.typed.keys() {
                page.dispatch(RateCardPageAction::Typed(path.clone(), None));
            }
            dispatch.emit(Action::CardReset);
        })
    };

    let download = {
        let card = card.clone();
        let is_modified = !modified.is_empty();
        Callback::from(move |_| {
            let mut v = card.to_json();
            let mut name = card.id.clone();
            if is_modified {
                // A what-if card is nobody's decision: say so in the file itself.
                name = format!("{}-modified", card.id);
                if let Some(m) = v.as_object_mut() {
                    m.insert("id".into(), serde_json::json!(name.clone()));
                    m.insert("title".into(), serde_json::json!(format!("{} (modified)", card.title)));
                    m.insert("status".into(), serde_json::json!("illustrative"));
                }
            }
            let text = serde_json::to_string_pretty(&v).unwrap_or_default();
            let _ = browser::download(&format!("{name}.json"), "application/json", text.as_bytes());
        })
    };

    let on_file = {
        let file_errors = file_errors.clone();
        let file_status = file_status.clone();
        let drafts = drafts.clone();
        let errors = errors.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            let name = file.name();
            let file_errors = file_errors.clone();
            let file_status = file_status.clone();
            let drafts = drafts.clone();
            let errors = errors.clone();
            let dispatch = dispatch.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let bytes = match browser::read_file(file).await {
                    Ok(b) => b,
                    Err(e) => {
                        file_status.set(String::new());
                        file_errors.set(vec![e]);
                        return;
                    }
                };
                let text = String::from_utf8_lossy(&bytes);
                match RateCard::from_json_str(&text) {
                    Ok(c) => {
                        file_errors.set(Vec::new());
                        drafts.set(BTreeMap::new());
                        errors.set(Vec::new());
                        file_status.set(format!("The rate card “{}” from {name} is now in force.", c.title));
                        dispatch.emit(Action::CardReplaced(Rc::new(c)));
                    }
                    Err(errs) => {
                        file_status.set(String::new());
                        file_errors.set(errs.iter().map(|e| format!("{name}: {e}")).collect());
                    }
                }
            });
        })
    };

    let sections = catalogue(&card);
    let all_params: Vec<&Param> = sections.iter().flat_map(|(_, params)| params.iter()).collect();
    let target_of = |path: &str| -> Option<String> {
        all_params.iter().find(|p| p.path == path).or_else(|| all_params.iter().find(|p| p.path.starts_with(&format!("{path}.")))).map(|p| field_id(&p.path))
    };
    let problems: Vec<Problem> = errors.iter().map(|e| Problem::new(e.to_string(), target_of(&e.path))).collect();
    let field_errors: BTreeMap<String, Vec<String>> = {
        let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for e in errors.iter() {
            let key = all_params
                .iter()
                .find(|p| p.path == e.path)
                .or_else(|| all_params.iter().find(|p| p.path.starts_with(&format!("{}.", e.path))))
                .map(|p| p.path.clone())
                .unwrap_or_default();
            m.entry(key).or_default().push(e.message.clone());
        }
        m
    };

    let (card_params, changes, carried) = app.as_ref().map(|a| link::app_card_params(a)).unwrap_or_default();
    let fragment = link::fragment(Page::RateCard, &card_params, &changes);

    let source_title = |src: &str| -> String {
        let id = card.sources.iter().find(|s| src == s.id || src.starts_with(&format!("{} ", s.id)));
        match id {
            Some(s) => format!("{src} — {}", s.title),
            None => src.to_string(),
        }
    };

    html! {
        <>
            // Checked as the person types: the summary never takes focus (each field says what is
            // wrong with it; a file of errors has its own alert below).
            <ErrorSummary problems={problems} title="The rate card in force has not changed" focus_on={Some(0)} />
            if !file_errors.is_empty() {
                <div class="govuk-error-summary" role="alert" id="card-file-errors" data-card-file-errors="true">
                    <h2 class="govuk-error-summary__title">{ "That file is not a valid rate card" }</h2>
                    <div class="govuk-error-summary__body">
                        <p>{ "The rate card in force has not changed. Every problem, with its path in the file:" }</p>
                        <ul class="govuk-list govuk-error-summary__list">
                            { for file_errors.iter().map(|e| html! { <li><code>{ e }</code></li> }) }
                        </ul>
                    </div>
                </div>
            }
            <dl class="govuk-summary-list" id="card-identity">
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">{ "Title" }</dt>
                    <dd class="govuk-summary-list__value">{ &card.title }</dd>
                </div>
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">{ "Identifier" }</dt>
                    <dd class="govuk-summary-list__value"><code>{ &card.id }</code></dd>
                </div>
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">{ "Status" }</dt>
                    <dd class="govuk-summary-list__value">
                        { card.status.as_str() }
                        if !modified.is_empty() {
                            { ", with what-if changes" }
                        }
                    </dd>
                </div>
            </dl>

            <BandsTable card={card.clone()} />

            <h2 class="govuk-heading-m" id="what-if">{ "Try other rates" }</h2>
            <p class="govuk-body">
                { "Change any value below to see what every figure in the calculator would be. The change applies as soon as \
                   you leave the field or press Enter, in every part of the calculator, and is marked as changed. Your changes \
                   are kept in this browser, on this computer only, until you choose “Undo all changes” or delete your data \
                   (under “Keep and share your work” in the school workspace)." }
            </p>
            if modified.is_empty() {
                <p class="govuk-body" id="card-changes-none">{ "No value has been changed." }</p>
            } else {
                <div class="govuk-inset-text app-card-changes" id="card-changes">
                    <p class="govuk-body"><strong>{ format!("{} changed from “{}”:", plural(modified.len(), "value", "values"), base.title) }</strong></p>
                    <ul class="govuk-list">
                        { for modified.iter().map(|p| html! {
                            <li>
                                <code>{ p }</code>{ ": " }
                                { display(base_leaves.get(p)) }{ " → " }<strong>{ display(leaves.get(p)) }</strong>
                            </li>
                        }) }
                    </ul>
                    <div class="govuk-button-group">
                        <button type="button" class="govuk-button govuk-button--secondary" id="card-reset" onclick={reset}>{ "Undo all changes" }</button>
                    </div>
                </div>
            }
            <div class="govuk-button-group">
                <button type="button" class="govuk-button" id="card-download" onclick={download}>
                    { if modified.is_empty() { "Download this rate card (JSON)" } else { "Download the changed rate card (JSON)" } }
                </button>
            </div>
            <div class="govuk-form-group">
                <label class="govuk-label govuk-label--s" for="card-file">{ "Load a rate card file (JSON)" }</label>
                <div class="govuk-hint" id="card-file-hint">
                    { "The calculator checks the file first: if it is not a valid rate card, every problem is listed and the rate card in force stays." }
                </div>
                <input class="govuk-file-upload" id="card-file" type="file" accept=".json,application/json" aria-describedby="card-file-hint" onchange={on_file} />
                <p class="govuk-body app-file-status" role="status">{ (*file_status).clone() }</p>
            </div>
            <ShareLink fragment={fragment} id="card-link" card_carried={carried}
                hint="The link carries the rate card changes in force, so whoever opens it sees the same figures." />

            <h2 class="govuk-heading-m">{ "Every parameter" }</h2>
            <nav aria-label="Sections of the rate card">
                <ul class="govuk-list app-card-sections">
                    { for sections.iter().map(|(s, _)| html! { <li><a href={"#/rate-card".to_string()} onclick={scroll_to(format!("section-{}", s.id))}>{ s.title }</a></li> }) }
                </ul>
            </nav>
            { for sections.iter().map(|(s, params)| {
                let rows = params.iter().map(|prm| {
                    let current = leaves.get(&prm.path);
                    let draft = drafts.get(&prm.path).cloned();
                    let typed = page.typed.get(&prm.path).map(|(text, _)| text.clone());
                    let is_modified = modified.contains(&prm.path);
                    let errs = field_errors.get(&prm.path).cloned().unwrap_or_default();
                    let src = card.source_of(&prm.source_key).map(&source_title);
                    html! {
                        <ParamRow param={prm.clone()} current={shown(prm.kind(), current)} draft={draft} typed={typed} on_type={on_type.clone()}
                            published={shown(prm.kind(), base_leaves.get(&prm.path))}
                            modified={is_modified} errors={errs} source={src} on_edit={on_edit.clone()} />
                    }
                });
                html! {
                    <section class="app-card-section" id={format!("section-{}", s.id)} aria-labelledby={format!("section-{}-title", s.id)}>
                        <h3 class="govuk-heading-s" id={format!("section-{}-title", s.id)}>{ s.title }</h3>
                        <p class="govuk-body">{ s.intro }</p>
                        <table class="govuk-table app-param-table" data-section={s.id}>
                            <caption class="govuk-visually-hidden">{ s.title }</caption>
                            <thead class="govuk-table__head">
                                <tr class="govuk-table__row">
                                    <th scope="col" class="govuk-table__header">{ "Parameter and meaning" }</th>
                                    <th scope="col" class="govuk-table__header">{ "Value" }</th>
                                    <th scope="col" class="govuk-table__header">{ "Source" }</th>
                                </tr>
                            </thead>
                            <tbody class="govuk-table__body">{ for rows }</tbody>
                        </table>
                    </section>
                }
            }) }
            <h2 class="govuk-heading-m">{ "Sources" }</h2>
            <ul class="govuk-list" id="card-sources">
                { for card.sources.iter().map(|s| html! {
                    <li><strong>{ &s.id }</strong>{ " — " }{ &s.title }
                        if !s.reference.is_empty() { <span class="app-band-description">{ &s.reference }</span> }
                    </li>
                }) }
            </ul>
        </>
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn display(v: Option<&String>) -> String {
    match v.map(String::as_str) {
        None => "(none)".to_string(),
        Some("null") => "none".to_string(),
        Some("") => "(none)".to_string(),
        Some(s) => s.to_string(),
    }
}

/// In-page links: the fragment is the route, so move focus instead of navigating.
fn scroll_to(id: String) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        if let Some(el) = gloo::utils::document().get_element_by_id(&id) {
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.set_attribute("tabindex", "-1");
                el.scroll_into_view();
                let _ = el.focus();
            }
        }
    })
}

#[derive(Properties, PartialEq)]
struct ParamRowProps {
    param: Param,
    /// The value in force, as the field shows it.
    current: String,
    /// Text typed but not accepted yet.
    draft: Option<String>,
    /// Text being typed (not checked yet).
    typed: Option<String>,
    on_type: Callback<(String, Option<(String, String)>)>,
    /// The value of the base card.
    published: String,
    modified: bool,
    errors: Vec<String>,
    source: Option<String>,
    on_edit: Callback<(String, String)>,
}

#[component]
fn ParamRow(props: &ParamRowProps) -> Html {
    let prm = &props.param;
    let id = field_id(&prm.path);
    let hint_id = format!("{id}-hint");
    let err_id = format!("{id}-error");
    let has_error = !props.errors.is_empty();
    let described = if has_error { format!("{hint_id} {err_id}") } else { hint_id.clone() };
    let value = props.typed.clone().or_else(|| props.draft.clone()).unwrap_or_else(|| props.current.clone());
    let edit = {
        let on_edit = props.on_edit.clone();
        let path = prm.path.clone();
        let kind = prm.kind();
        Callback::from(move |text: String| on_edit.emit((path.clone(), literal_of(kind, &text))))
    };
    // Checked by the engine when the field is left or Enter is pressed; until then every
    // keystroke is kept as typed (nothing typed is lost), so the caret never moves.
    let on_input_change = {
        let edit = edit.clone();
        let on_type = props.on_type.clone();
        let path = prm.path.clone();
        Callback::from(move |e: Event| {
            edit.emit(e.target_unchecked_into::<HtmlInputElement>().value());
            on_type.emit((path.clone(), None));
        })
    };
    let on_input = {
        let on_type = props.on_type.clone();
        let path = prm.path.clone();
        let kind = prm.kind();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            let lit = literal_of(kind, &text);
            on_type.emit((path.clone(), Some((text, lit))));
        })
    };
    let on_select_change = {
        let edit = edit.clone();
        Callback::from(move |e: Event| edit.emit(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let field_class = classes!(
        if matches!(prm.kind(), Kind::Protection | Kind::Route) { "govuk-select" } else { "govuk-input" },
        if matches!(prm.kind(), Kind::Date) { "govuk-input--width-10" } else { "govuk-input--width-5" },
        has_error.then_some("govuk-input--error"),
        props.modified.then_some("app-modified"),
    );
    let field = match prm.kind() {
        Kind::Protection | Kind::Route => {
            let options: Vec<(&str, &str)> = if prm.kind() == Kind::Protection {
                ProtectionOption::ALL.iter().map(|o| (o.as_str(), o.label())).collect()
            } else {
                vec![("none", "none — the school's own budget"), ("community", "community — the Community budget"), ("tariff", "tariff — a fixed yearly rate")]
            };
            html! {
                <select class={field_class} id={id.clone()} aria-describedby={described.clone()} onchange={on_select_change}>
                    { for options.iter().map(|(v, l)| html! { <option value={*v} selected={value == *v}>{ *l }</option> }) }
                </select>
            }
        }
        Kind::Settings => {
            let chosen: Vec<String> = value.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
            html! {
                <fieldset class="govuk-fieldset app-settings-choice" id={id.clone()} aria-describedby={described.clone()}>
                    <legend class="govuk-visually-hidden">{ &prm.label }</legend>
                    { for Setting::ALL.iter().map(|s| {
                        let sid = format!("{id}-{}", s.as_str());
                        let checked = chosen.iter().any(|c| c == s.as_str());
                        let toggle = {
                            let chosen = chosen.clone();
                            let edit = edit.clone();
                            let name = s.as_str().to_string();
                            Callback::from(move |e: Event| {
                                let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                                let mut next: Vec<String> = Setting::ALL.iter().map(|x| x.as_str().to_string())
                                    .filter(|x| if *x == name { on } else { chosen.contains(x) }).collect();
                                next.dedup();
                                edit.emit(next.join(","));
                            })
                        };
                        html! {
                            <div class="govuk-checkboxes__item">
                                <input class={classes!("govuk-checkboxes__input", props.modified.then_some("app-modified"))} type="checkbox" id={sid.clone()} checked={checked} onchange={toggle} />
                                <label class="govuk-label" for={sid}>{ s.label() }</label>
                            </div>
                        }
                    }) }
                </fieldset>
            }
        }
        _ => html! {
            <span class="app-param-input">
                if matches!(prm.kind(), Kind::Money | Kind::OptionalMoney) { <span class="app-param-input__prefix" aria-hidden="true">{ "£" }</span> }
                <input class={field_class} id={id.clone()} type="text" value={value.clone()} spellcheck="false"
                    inputmode={if matches!(prm.kind(), Kind::Date) { "text" } else { "decimal" }}
                    aria-describedby={described.clone()} oninput={on_input} onchange={on_input_change} />
            </span>
        },
    };
    html! {
        <tr class={classes!("govuk-table__row", has_error.then_some("app-param--error"))} data-param={prm.path.clone()} data-modified={props.modified.to_string()}>
            <th scope="row" class="govuk-table__header app-param__name">
                if matches!(prm.kind(), Kind::Settings) {
                    <span class="govuk-label govuk-label--s">{ &prm.label }</span>
                } else {
                    <label class="govuk-label govuk-label--s" for={id.clone()}>{ &prm.label }</label>
                }
                <span class="govuk-hint app-param__hint" id={hint_id}>
                    { &prm.meaning }{ " " }<span class="app-rule">{ prm.rule() }</span>{ " " }<code class="app-param__path">{ &prm.path }</code>
                </span>
            </th>
            <td class={classes!("govuk-table__cell", "app-param__value", has_error.then_some("govuk-form-group--error"))}>
                if has_error {
                    <span class="govuk-error-message" id={err_id}>
                        <span class="govuk-visually-hidden">{ "Error: " }</span>
                        { props.errors.join("; ") }
                    </span>
                }
                { field }
                if props.modified {
                    <span class="app-param__was">
                        <strong class="govuk-tag govuk-tag--yellow">{ "Changed" }</strong>
                        { format!(" was {}", if props.published.is_empty() { "none".to_string() } else { props.published.clone() }) }
                    </span>
                }
            </td>
            <td class="govuk-table__cell app-param__source">
                { props.source.clone().unwrap_or_else(|| "No source given".to_string()) }
                <span class="app-band-description">{ prm.note() }</span>
            </td>
        </tr>
    }
}
