//! "Your school": name, URN, settings, its Community and that Community's protection option,
//! the optional indicators and the budgets for the indicative Community share (R2.2–R2.4,
//! R5.8, R6).

use std::collections::HashMap;

use sen_funding::engine::money::fmt_percent;
use sen_funding::engine::periods::Ay;
use sen_funding::engine::ratecard::{ProtectionOption, IDACI_BANDS};
use sen_funding::engine::RateCard;
use yew::prelude::*;

use super::common::{event_value, plural, Shared};
use super::details_check::DetailsCheck;
use super::details_form::{indicator_label, DetailField, Details, IndicatorsDraft, Others, SchoolKind};
use super::state::{Action, WsState};

/// What each protection option means, from the council's papers (24/00120 §3.21–3.22).
pub fn option_text(o: ProtectionOption, card: &RateCard) -> String {
    match o {
        ProtectionOption::A => "From September 2025 existing SEN Support top-ups, and EHCP top-ups of £6,000 or less, \
            stop being paid to the school: the pupils are supported through requests to the Community. (24/00120 §3.21 A, the plan as consulted on.)"
            .into(),
        ProtectionOption::B => format!(
            "Each existing top-up keeps part of its funding until August 2026, paid from the \
             Community's budget, which leaves less for new requests. The council expects the share to be around 50% to 75%; the \
             rate card's default is {}. (24/00120 §3.21 B; the council's preferred option, §3.22.)",
            fmt_percent(card.protection.rate)
        ),
        ProtectionOption::C => "Pupils on SEN Support whose top-up is above £6,000 keep it in full until \
            August 2026; in the first year the Community decides only on cases under £6,000 and new cases. (24/00120 §3.21 C.)"
            .into(),
        ProtectionOption::D => format!(
            "Community decisions on existing cases start {} months later, so existing top-ups continue for the first {} months \
             of 2025/26. (24/00120 §3.21 D; the calculator's reading of the dates, see the model's notes.)",
            card.protection.delay_months, card.protection.delay_months
        ),
    }
}

#[derive(Properties, PartialEq)]
pub struct SchoolDetailsProps {
    pub details: Shared<Details>,
    pub check: Shared<DetailsCheck>,
    pub card: Shared<RateCard>,
    pub years: Shared<Vec<Ay>>,
    pub others: Shared<Others>,
    pub dispatch: UseReducerDispatcher<WsState>,
}

struct Ctx<'a> {
    faults: HashMap<DetailField, Vec<&'a str>>,
    dispatch: UseReducerDispatcher<WsState>,
}

impl Ctx<'_> {
    fn error(&self, f: &DetailField) -> Option<String> {
        self.faults.get(f).map(|ms| ms.join("; "))
    }

    /// Every keystroke reaches the state (and so the autosave): nothing typed is lost if the
    /// tab is closed at once.
    fn on_input(&self, f: DetailField) -> Callback<InputEvent> {
        let dispatch = self.dispatch.clone();
        Callback::from(move |e: InputEvent| dispatch.dispatch(Action::Detail(f.clone(), event_value(&e))))
    }

    /// A GOV.UK text input with its label, hint and error.
    fn text(&self, f: DetailField, label: &str, hint: Option<&str>, value: &str, width: &'static str, inputmode: Option<&'static str>) -> Html {
        let id = f.element_id();
        let error = self.error(&f);
        let hint_id = format!("{id}-hint");
        let error_id = format!("{id}-error");
        let mut described = Vec::new();
        if hint.is_some() {
            described.push(hint_id.clone());
        }
        if error.is_some() {
            described.push(error_id.clone());
        }
        html! {
            <div class={classes!("govuk-form-group", error.is_some().then_some("govuk-form-group--error"))}>
                <label class="govuk-label" for={id.clone()}>{ label }</label>
                if let Some(h) = hint { <div class="govuk-hint" id={hint_id}>{ h }</div> }
                if let Some(e) = &error {
                    <p class="govuk-error-message" id={error_id}><span class="govuk-visually-hidden">{ "Error: " }</span>{ e }</p>
                }
                <input class={classes!("govuk-input", width, error.is_some().then_some("govuk-input--error"))}
                    id={id.clone()} name={id} type="text" spellcheck="false" autocomplete="off"
                    inputmode={inputmode}
                    value={value.to_string()}
                    aria-describedby={(!described.is_empty()).then(|| described.join(" "))}
                    aria-invalid={error.is_some().then_some("true")}
                    oninput={self.on_input(f)} />
            </div>
        }
    }

    /// A compact count input inside a grid of indicators.
    fn count(&self, f: DetailField, label: String, value: &str) -> Html {
        let id = f.element_id();
        let error = self.error(&f);
        let error_id = format!("{id}-error");
        html! {
            <div class={classes!("app-ws-indicator", error.is_some().then_some("app-ws-indicator--error"))}>
                <label class="govuk-label app-ws-indicator__label" for={id.clone()}>{ label }</label>
                if let Some(e) = &error {
                    <p class="govuk-error-message" id={error_id.clone()}><span class="govuk-visually-hidden">{ "Error: " }</span>{ e }</p>
                }
                <input class={classes!("govuk-input", "app-ws-indicator__input", error.is_some().then_some("govuk-input--error"))}
                    id={id.clone()} name={id} type="text" inputmode="numeric" spellcheck="false" autocomplete="off"
                    value={value.to_string()}
                    aria-describedby={error.is_some().then_some(error_id)}
                    aria-invalid={error.is_some().then_some("true")}
                    oninput={self.on_input(f)} />
            </div>
        }
    }

    fn indicators(&self, legend: &str, hint: &str, d: &IndicatorsDraft, field: fn(String) -> DetailField, prefix: &str) -> Html {
        let fields = d.fields();
        let (pupils, rest) = fields.split_first().expect("pupils first");
        let (idaci, others) = rest.split_at(IDACI_BANDS.len());
        html! {
            <fieldset class="govuk-fieldset app-ws-indicators" aria-describedby={format!("{prefix}-ind-hint")}>
                <legend class="govuk-fieldset__legend">{ legend }</legend>
                <div class="govuk-hint" id={format!("{prefix}-ind-hint")}>{ hint }</div>
                <div class="app-ws-indicators__row">
                    { self.count(field(pupils.0.clone()), "Pupils aged 5 to 16".into(), pupils.1) }
                    { for others.iter().map(|(k, v)| self.count(field(k.clone()), capitalise(&indicator_label(k)), v)) }
                </div>
                <p class="govuk-body-s app-ws-indicators__caption">{ "Pupils in each IDACI band (income deprivation affecting children), A the most deprived" }</p>
                <div class="app-ws-indicators__row app-ws-indicators__row--idaci">
                    { for idaci.iter().map(|(k, v)| self.count(field(k.clone()), format!("Band {}", k.trim_start_matches("idaci.")), v)) }
                </div>
            </fieldset>
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[component]
pub fn SchoolDetails(props: &SchoolDetailsProps) -> Html {
    let d = &*props.details;
    let card = &*props.card;
    let mut faults: HashMap<DetailField, Vec<&str>> = HashMap::new();
    for (f, m) in &props.check.faults {
        faults.entry(f.clone()).or_default().push(m.as_str());
    }
    let ctx = Ctx { faults, dispatch: props.dispatch.clone() };
    let county = !props.others.communities.is_empty();
    let has_community = !d.community_id.trim().is_empty();

    // Settings (R1.2).
    let kind = {
        let on = |k: SchoolKind| {
            let dispatch = props.dispatch.clone();
            Callback::from(move |_| dispatch.dispatch(Action::Detail(DetailField::Kind, k.as_str().to_string())))
        };
        html! {
            <div class="govuk-form-group">
                <fieldset class="govuk-fieldset" aria-describedby="school-kind-hint">
                    <legend class="govuk-fieldset__legend">{ "Which settings does the school have?" }</legend>
                    <div class="govuk-hint" id="school-kind-hint">{ "New rows in the pupils table start in the school's first setting." }</div>
                    <div class="govuk-radios" id="school-kind">
                        { for SchoolKind::ALL.iter().map(|&k| {
                            let id = format!("school-kind-{}", k.as_str());
                            html! {
                                <div class="govuk-radios__item">
                                    <input class="govuk-radios__input" id={id.clone()} name="school-kind" type="radio" value={k.as_str()} checked={d.kind == k} onchange={on(k)} />
                                    <label class="govuk-label govuk-radios__label" for={id}>{ k.label() }</label>
                                </div>
                            }
                        }) }
                    </div>
                </fieldset>
            </div>
        }
    };

    // Protection (R6): the Community's option, or the rate card's default.
    let protection = {
        let error = ctx.error(&DetailField::Protection);
        let chosen = ProtectionOption::parse(&d.protection);
        let default = card.protection.option;
        let radio = |value: &str, label: String, hint: String, checked: bool| {
            let id = if value.is_empty() { "community-protection".to_string() } else { format!("community-protection-{value}") };
            let hint_id = format!("{id}-hint");
            let dispatch = props.dispatch.clone();
            let v = value.to_string();
            let onchange = Callback::from(move |_| dispatch.dispatch(Action::Detail(DetailField::Protection, v.clone())));
            html! {
                <div class="govuk-radios__item">
                    <input class="govuk-radios__input" id={id.clone()} name="community-protection" type="radio" value={value.to_string()} {checked} {onchange} aria-describedby={hint_id.clone()} />
                    <div>
                        <label class="govuk-label govuk-radios__label" for={id}>{ label }</label>
                        <div class="govuk-hint govuk-radios__hint" id={hint_id}>{ hint }</div>
                    </div>
                </div>
            }
        };
        let b_in_force = chosen.unwrap_or(default) == ProtectionOption::B;
        html! {
            <div class={classes!("govuk-form-group", error.is_some().then_some("govuk-form-group--error"))}>
                <fieldset class="govuk-fieldset" aria-describedby="community-protection-about">
                    <legend class="govuk-fieldset__legend">{ "How does the Community protect existing claims in 2025/26?" }</legend>
                    <div class="govuk-hint" id="community-protection-about">
                        { "In the first Community year, each Community chooses one of four options for pupils whose existing top-up now goes \
                           through the Community budget (24/00120 §3.21). It changes what the school is paid directly for those pupils." }
                    </div>
                    if let Some(e) = &error { <p class="govuk-error-message"><span class="govuk-visually-hidden">{ "Error: " }</span>{ e }</p> }
                    <div class="govuk-radios">
                        { radio("", format!("Not decided yet: use the rate card's default ({})", default.label()), "The council's preferred option until the Community decides.".into(), chosen.is_none()) }
                        { for ProtectionOption::ALL.iter().map(|&o| radio(o.as_str(), format!("Option {}", o.label()), option_text(o, card), chosen == Some(o))) }
                    </div>
                </fieldset>
                if b_in_force {
                    <div class="app-ws-conditional">
                        { ctx.text(DetailField::ProtectionRate, "Share of existing claims protected under option B (%)",
                            Some(&format!("For example 60. Leave blank for the rate card's {}.", fmt_percent(card.protection.rate))),
                            &d.protection_rate, "govuk-input--width-5", Some("decimal")) }
                    </div>
                }
            </div>
        }
    };

    let community_years: Vec<Ay> = props.years.iter().copied().filter(|y| *y >= card.community_ay()).collect();
    let budgets = html! {
        <fieldset class="govuk-fieldset" aria-describedby="pots-hint">
            <legend class="govuk-fieldset__legend">{ if county { "The county pot for each year" } else { "Your Community's budget for each year" } }</legend>
            <div class="govuk-hint" id="pots-hint">
                { if county {
                    "The county-wide amount for Community budgets, before the top-slice for each Community's chair and administrator (R2.4, R5.1). It is shared among all the Communities of the file you opened."
                } else {
                    "Your Community's gross budget (including its top-slice for a chair and administrator), if you know it. Leave a year blank if not: that year will have no indicative share (R5.8)."
                } }
            </div>
            <div class="app-ws-indicators__row">
                { for community_years.iter().map(|y| {
                    let key = y.to_string();
                    let value = d.pots.get(&key).cloned().unwrap_or_default();
                    ctx.count(DetailField::Pot(key.clone()), format!("{key} (£)"), &value)
                }) }
            </div>
        </fieldset>
    };

    let indicators_open = props
        .check
        .faults
        .iter()
        .any(|(f, _)| matches!(f, DetailField::SchoolIndicator(_) | DetailField::CommunityIndicator(_) | DetailField::Pot(_) | DetailField::Historic))
        || !d.school_indicators.is_blank();

    let drop_others = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::DropOthers))
    };

    html! {
        <section class="app-ws-section app-ws-details" aria-labelledby="details-heading">
            <h2 class="govuk-heading-m" id="details-heading" tabindex="-1">{ "Your school" }</h2>
            <div class="app-ws-details__pair">
                { ctx.text(DetailField::Name, "School name", Some("As the council lists it."), &d.name, "govuk-input--width-20", None) }
                { ctx.text(DetailField::Urn, "URN", Some("Unique reference number, for example 118000."), &d.urn, "govuk-input--width-10", Some("numeric")) }
            </div>
            { kind }
            <super::year_groups::YearGroupFields
                year_group_as_at={d.year_group_as_at.clone()}
                last_year_group={d.last_year_group.clone()}
                kind={d.kind}
                as_at_error={ctx.error(&DetailField::YearGroupsAsAt)}
                last_error={ctx.error(&DetailField::LastYearGroup)}
                dispatch={props.dispatch.clone()} />

            <h3 class="govuk-heading-s app-ws-details__subheading">{ "Community of schools" }</h3>
            <details class="govuk-details">
                <summary class="govuk-details__summary"><span class="govuk-details__summary-text">{ "What is a Community of schools?" }</span></summary>
                <div class="govuk-details__text">
                    { "A Community of schools is a local group of mainstream schools that work together on special educational needs. \
                       Each Community has a budget, held by Kent County Council, and its schools recommend how to use it for pupils on \
                       SEN Support and pupils with an EHCP who need lower levels of support (24/00120 §3.5, §3.20)." }
                </div>
            </details>
            if county {
                <div class="app-ws-notice app-ws-notice--info" id="county-notice">
                    <p class="govuk-body">
                        { format!("This workspace also holds {} and {} from the file you opened, so the budgets below are the county's pots, shared among all the Communities (R5). ",
                            plural(props.others.communities.len(), "other Community", "other Communities"),
                            plural(props.others.schools.len(), "other school", "other schools")) }
                        <button type="button" class="app-link-button" id="drop-others" onclick={drop_others}>{ "Use my Community's own budget instead" }</button>
                    </p>
                </div>
            }
            <div class="app-ws-details__pair">
                { ctx.text(DetailField::CommunityId, "Community id", Some("For example C07. Leave blank if not in a Community."), &d.community_id, "govuk-input--width-10", None) }
                { ctx.text(DetailField::CommunityName, "Community name", Some("As the council names it."), &d.community_name, "govuk-input--width-20", None) }
            </div>
            if has_community {
                { protection }
            } else {
                <p class="govuk-body app-ws-details__note">
                    { format!("Without a Community, existing claims follow the rate card's default protection, {} (R6.5), and there is no indicative Community share.", card.protection.option.label()) }
                </p>
            }

            if has_community {
                <details class="govuk-details app-ws-details__optional" open={indicators_open} id="indicative-share">
                    <summary class="govuk-details__summary"><span class="govuk-details__summary-text">{ "Optional: your indicative share of the Community budget" }</span></summary>
                    <div class="govuk-details__text">
                        <p class="govuk-body">
                            { "The Community decides how its budget is used, but a school can see an indicative share: what is left of the \
                               Community's budget after protected claims, shared by the school's pupils and deprivation against the \
                               Community's (R5.8). Enter the school's figures, the Community's, and the Community's budget." }
                        </p>
                        { ctx.indicators("Your school's indicators", "From the school census. Leave an IDACI band, looked-after children or low prior attainment blank if none.", &d.school_indicators, DetailField::SchoolIndicator, "school") }
                        { ctx.indicators("Your Community's indicators", "The totals for all the Community's mainstream schools, as the council gives them.", &d.community_indicators, DetailField::CommunityIndicator, "community") }
                        if county {
                            { ctx.text(DetailField::Historic, "Your Community's historic allocation (£)", Some("What its schools received for SEN Support and EHCPs of £6,000 or less in the baseline year (R2.3, R5.4)."), &d.historic, "govuk-input--width-10", Some("decimal")) }
                        }
                        { budgets }
                    </div>
                </details>
            }
        </section>
    }
}
