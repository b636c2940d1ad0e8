//! "How funding follows the child" (for parents): a band of the Continuum, an EHCP or not, and
//! the top-up the child attracts today; the engine's figures for a mainstream school, an SRP and
//! a special school side by side, year by year through the change (2024/25 to 2027/28).
//!
//! Nothing is stored: the choices live only in this page and in its link.

use std::rc::Rc;

use rust_decimal::Decimal;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::rest::FiguresShown;

use crate::components::{BarChart, ErrorSummary, ExplainFigure, Problem, Series};
use crate::ratecard::link;
use crate::ratecard::ShareLink;
use crate::route::Page;
use sen_funding::engine::compare::Pair;
use sen_funding::engine::follow::{follow_the_child, FollowSetting, FollowYear};
use sen_funding::engine::money::{fmt_money, format_gbp, format_gbp_pennies, parse_money_lenient};
use sen_funding::engine::ratecard::Route;
use sen_funding::engine::routes::PupilRoute;
use sen_funding::engine::{Ay, RateCard, Setting};

/// The years a parent sees: the last year of the current system to the first full tariff year.
pub const YEARS: [Ay; 4] = [Ay(2024), Ay(2025), Ay(2026), Ay(2027)];

/// What the parent chose, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub band: String,
    pub ehcp: bool,
    /// The current yearly top-up, as typed ("" for none).
    pub current: String,
}

/// The journey's state: the parent's choice while the app is open, held above the page switch
/// (so it survives moving between pages); never saved.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FollowState {
    pub choice: Option<Choice>,
}

/// The only way the journey's state changes.
#[derive(Clone, Debug)]
pub enum FollowAction {
    Choose(Choice),
}

impl Reducible for FollowState {
    type Action = FollowAction;

    fn reduce(self: Rc<Self>, action: FollowAction) -> Rc<Self> {
        match action {
            FollowAction::Choose(c) if self.choice.as_ref() != Some(&c) => Rc::new(FollowState { choice: Some(c) }),
            FollowAction::Choose(_) => self,
        }
    }
}

/// The journey's state as every component of the app gets it (from the root's context).
pub type FollowHandle = UseReducerHandle<FollowState>;

fn initial_choice(card: &RateCard, kept: Option<&Choice>) -> Choice {
    let query = link::hash_query();
    let from_link = link::query_value(&query, "band").is_some();
    if from_link {
        return Choice {
            band: link::query_value(&query, "band").unwrap_or_default().to_string(),
            ehcp: !matches!(link::query_value(&query, "ehcp"), Some("no" | "false" | "0")),
            current: link::query_value(&query, "current").unwrap_or_default().to_string(),
        };
    }
    if let Some(c) = kept {
        return c.clone();
    }
    // A first visit shows figures at once: the first tariff band, with an EHCP.
    let band = card.bands.iter().find(|b| b.route == Route::Tariff).or(card.bands.first()).map(|b| b.code.clone()).unwrap_or_default();
    Choice { band, ehcp: true, current: String::new() }
}

/// The choice as the page shows it, and the way to change it.
#[derive(Clone)]
struct ChoiceSetter {
    choice: Rc<Choice>,
    state: FollowHandle,
}

impl std::ops::Deref for ChoiceSetter {
    type Target = Choice;
    fn deref(&self) -> &Choice {
        &self.choice
    }
}

impl ChoiceSetter {
    fn set(&self, c: Choice) {
        self.state.dispatch(FollowAction::Choose(c));
    }
}

#[derive(Properties, PartialEq)]
pub struct FollowJourneyProps {
    pub card: Rc<RateCard>,
}

#[component]
pub fn FollowJourney(props: &FollowJourneyProps) -> Html {
    let card = props.card.clone();
    let Some(state) = use_context::<FollowHandle>() else { return html! {} };
    // A link's choice wins when the page is opened; after that, what the parent chose.
    let first = use_mut_ref(|| true);
    let choice: Rc<Choice> = Rc::new(if std::mem::take(&mut *first.borrow_mut()) {
        initial_choice(&card, state.choice.as_ref())
    } else {
        state.choice.clone().unwrap_or_else(|| initial_choice(&card, None))
    });
    {
        let state = state.clone();
        let c = (*choice).clone();
        use_effect_with((), move |_| state.dispatch(FollowAction::Choose(c)));
    }
    let choice = ChoiceSetter { choice, state: state.clone() };

    let band = card.band(&choice.band).cloned();
    let current: Result<Decimal, String> = if choice.current.trim().is_empty() { Ok(Decimal::ZERO) } else { parse_money_lenient(&choice.current) };
    let mut problems = Vec::new();
    if band.is_none() {
        problems.push(Problem::new(
            format!("Choose your child's band: {}", sen_funding::engine::scenario::unknown_band(&choice.band, &card)),
            card.bands.first().map(|b| format!("band-{}", b.code)),
        ));
    }
    if let Err(e) = &current {
        problems.push(Problem::new(format!("The top-up your child gets now {e}"), Some("current".to_string())));
    }

    let results = use_memo((card.clone(), choice.band.clone(), choice.ehcp, current.clone().ok()), |(card, band, ehcp, current)| match current {
        Some(cur) if card.band(band).is_some() => Some(follow_the_child(card, band, *ehcp, *cur, &YEARS)),
        _ => None,
    });

    // R10.6: the same child under the pinned baseline card, computed once per (choice,
    // baseline card), not on an edit of the card in force.
    let baseline = use_context::<crate::ratecard::AppHandle>().and_then(|a| a.baseline.clone());
    let baseline_results = use_memo((baseline.as_ref().map(|b| Rc::as_ptr(&b.card) as usize), choice.band.clone(), choice.ehcp, current.clone().ok()), {
        let baseline = baseline.clone();
        move |(_, band, ehcp, current)| match (&baseline, current) {
            (Some(b), Some(cur)) if b.card.band(band).is_some() => Some(Rc::new(follow_the_child(&b.card, band, *ehcp, *cur, &YEARS))),
            _ => None,
        }
    });
    let against = baseline.as_ref().zip((*baseline_results).clone()).map(|(b, r)| (b.label(), r));

    let set_band = {
        let choice = choice.clone();
        Callback::from(move |code: String| choice.set(Choice { band: code, ..(*choice).clone() }))
    };
    let set_ehcp = {
        let choice = choice.clone();
        Callback::from(move |ehcp: bool| choice.set(Choice { ehcp, ..(*choice).clone() }))
    };
    let set_current = {
        let choice = choice.clone();
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            choice.set(Choice { current: v, ..(*choice).clone() })
        })
    };

    // The link: the choice and the rate card changes in force.
    let current_for_link = match &current {
        Ok(d) if !d.is_zero() => fmt_money(*d),
        Ok(_) => String::new(),
        Err(_) => choice.current.clone(),
    };
    let params = [
        ("band".to_string(), choice.band.clone()),
        ("ehcp".to_string(), if choice.ehcp { "yes" } else { "no" }.to_string()),
        ("current".to_string(), current_for_link),
    ];
    let (card_params, changes, carried) = use_context::<crate::ratecard::AppHandle>().map(|a| link::app_card_params(&a)).unwrap_or_default();
    let fragment = link::fragment(Page::FollowTheChild, &[&params[..], &card_params[..]].concat(), &changes);

    let current_error = current.as_ref().err().cloned();
    html! {
        <>
            // Checked as it is typed: the summary never takes focus from the field.
            <ErrorSummary problems={problems} focus_on={Some(0)} />
            <form class="app-follow-form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())} novalidate=true>
                <div class="govuk-form-group">
                    <fieldset class="govuk-fieldset" aria-describedby="band-hint">
                        <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
                            <h2 class="app-fieldset-heading">{ "Your child's band of need" }</h2>
                        </legend>
                        <div class="govuk-hint" id="band-hint">
                            { "The band on Kent's Continuum of Need and Provision that best describes the support your child needs. \
                               Your child's school or SENCO can tell you which band applies." }
                        </div>
                        <div class="govuk-radios app-band-radios">
                            { for card.bands.iter().map(|b| {
                                let id = format!("band-{}", b.code);
                                let hint = format!("{id}-hint");
                                let code = b.code.clone();
                                let set_band = set_band.clone();
                                html! {
                                    <div class="govuk-radios__item">
                                        <input class="govuk-radios__input" type="radio" name="band" id={id.clone()} value={b.code.clone()}
                                            checked={choice.band == b.code} aria-describedby={hint.clone()}
                                            onchange={Callback::from(move |_| set_band.emit(code.clone()))} />
                                        <div class="app-radio-text">
                                            <label class="govuk-label govuk-radios__label" for={id}>
                                                <span class="app-band-code">{ &b.code }</span>{ " " }{ &b.name }
                                            </label>
                                            <div class="govuk-hint govuk-radios__hint" id={hint}>{ &b.description }</div>
                                        </div>
                                    </div>
                                }
                            }) }
                        </div>
                    </fieldset>
                </div>
                <div class="govuk-form-group">
                    <fieldset class="govuk-fieldset" aria-describedby="ehcp-hint">
                        <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
                            <h2 class="app-fieldset-heading">{ "Does your child have an EHCP?" }</h2>
                        </legend>
                        <div class="govuk-hint" id="ehcp-hint">{ "An Education, Health and Care Plan, agreed with the council." }</div>
                        <div class="govuk-radios govuk-radios--inline">
                            <div class="govuk-radios__item">
                                <input class="govuk-radios__input" type="radio" name="ehcp" id="ehcp-yes" value="yes" checked={choice.ehcp}
                                    onchange={{ let s = set_ehcp.clone(); Callback::from(move |_| s.emit(true)) }} />
                                <label class="govuk-label govuk-radios__label" for="ehcp-yes">{ "Yes" }</label>
                            </div>
                            <div class="govuk-radios__item">
                                <input class="govuk-radios__input" type="radio" name="ehcp" id="ehcp-no" value="no" checked={!choice.ehcp}
                                    onchange={{ let s = set_ehcp.clone(); Callback::from(move |_| s.emit(false)) }} />
                                <label class="govuk-label govuk-radios__label" for="ehcp-no">{ "No" }</label>
                            </div>
                        </div>
                    </fieldset>
                </div>
                <div class={classes!("govuk-form-group", current_error.is_some().then_some("govuk-form-group--error"))}>
                    <h2 class="govuk-label-wrapper app-fieldset-heading-wrapper">
                        <label class="govuk-label govuk-label--m app-label-heading" for="current">{ "Top-up your child's school gets now (optional)" }</label>
                    </h2>
                    <div class="govuk-hint" id="current-hint">
                        { "The yearly Element 3 top-up paid for your child under the current system, if you know it. \
                           Leave it empty if there is none or you do not know." }
                    </div>
                    if let Some(e) = &current_error {
                        <p class="govuk-error-message" id="current-error"><span class="govuk-visually-hidden">{ "Error: " }</span>{ format!("The top-up {e}") }</p>
                    }
                    <div class="app-money-input">
                        <span class="app-money-input__prefix" aria-hidden="true">{ "£" }</span>
                        <input class={classes!("govuk-input", "govuk-input--width-10", current_error.is_some().then_some("govuk-input--error"))}
                            id="current" name="current" type="text" inputmode="decimal" spellcheck="false"
                            aria-describedby={if current_error.is_some() { "current-hint current-error" } else { "current-hint" }}
                            value={choice.current.clone()} oninput={set_current} />
                    </div>
                </div>
                <noscript><button class="govuk-button" type="submit">{ "Show the funding" }</button></noscript>
            </form>
            {
                match (&*results, &band) {
                    (Some(settings), Some(band)) => html! {
                        <FollowResults card={card.clone()} settings={Rc::new(settings.clone())} band_code={band.code.clone()} ehcp={choice.ehcp} against={against.clone()} />
                    },
                    _ => html! { <p class="govuk-body" id="follow-no-figures">{ "Fix the problem above to see the figures." }</p> },
                }
            }
            <ShareLink fragment={fragment} id="follow-link" card_carried={carried}
                hint="The link carries the band, EHCP and top-up chosen, and any rate card changes. Nothing about your child is saved or sent anywhere." />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct FollowResultsProps {
    card: Rc<RateCard>,
    settings: Rc<Vec<FollowSetting>>,
    band_code: String,
    ehcp: bool,
    /// The baseline's label and the same child under it (R10.6), when one is pinned.
    #[prop_or_default]
    against: Option<(String, Rc<Vec<FollowSetting>>)>,
}

#[component]
fn FollowResults(props: &FollowResultsProps) -> Html {
    let card = &props.card;
    let Some(band) = card.band(&props.band_code) else { return html! {} };
    let with = if props.ehcp { "with an EHCP" } else { "without an EHCP" };
    let last = YEARS[YEARS.len() - 1];
    let series: Vec<Series> =
        props.settings.iter().map(|s| Series { name: s.setting.label().to_string(), values: s.years.iter().map(|y| y.e3).collect() }).collect();
    let groups: Vec<String> = YEARS.iter().map(|y| y.to_string()).collect();
    html! {
        <section class="app-follow-results" id="follow-results" aria-labelledby="follow-results-title">
            <FiguresShown />
            <h2 class="govuk-heading-m" id="follow-results-title">
                { format!("What is paid for a child on {} ({}), {with}", band.name, band.code) }
            </h2>
            <p class="govuk-body" id="follow-summary">
                { format!("In {last}, the Element 3 top-up paid for this child would be ") }
                { for props.settings.iter().enumerate().map(|(i, s)| {
                    let y = s.years.last();
                    let sep = if i + 1 == props.settings.len() { "." } else if i + 2 == props.settings.len() { " and " } else { ", " };
                    html! { <>
                        <strong>{ y.map(|y| format_gbp_pennies(y.e3)).unwrap_or_default() }</strong>
                        { format!(" in a {}", s.setting.label().to_lowercase().replace("specialist resource provision (srp)", "Specialist Resource Provision (SRP)")) }{ sep }
                    </> }
                }) }
                { " Each setting also meets the first part of the support from its own funding." }
            </p>
            <div class="app-follow-settings">
                { for props.settings.iter().map(|s| {
                    let base = props.against.as_ref().and_then(|(_, b)| b.iter().find(|x| x.setting == s.setting).cloned());
                    html! { <SettingCard card={card.clone()} setting={s.clone()} ehcp={props.ehcp} band_code={props.band_code.clone()} baseline={base} /> }
                }) }
            </div>
            if let Some((label, base)) = &props.against {
                <div class="app-scroll" role="region" aria-labelledby="follow-baseline-caption" tabindex="0">
                <table class="govuk-table" id="follow-baseline">
                    <caption class="govuk-table__caption govuk-table__caption--m" id="follow-baseline-caption">
                        { format!("Against the baseline: {label}") }
                    </caption>
                    <thead class="govuk-table__head"><tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">{ "Setting" }</th>
                        <th scope="col" class="govuk-table__header">{ "Academic year" }</th>
                        { crate::compare_view::pair_headers("Element 3 top-up") }
                    </tr></thead>
                    <tbody class="govuk-table__body">
                        { for props.settings.iter().flat_map(|s| {
                            let b = base.iter().find(|x| x.setting == s.setting);
                            s.years.iter().map(move |y| {
                                let by = b.and_then(|b| b.years.iter().find(|x| x.ay == y.ay)).map(|x| x.e3);
                                html! {
                                    <tr class="govuk-table__row" data-setting={s.setting.as_str()} data-ay={y.ay.to_string()}>
                                        <th scope="row" class="govuk-table__header">{ s.setting.label() }</th>
                                        <td class="govuk-table__cell">{ y.ay.to_string() }</td>
                                        { crate::compare_view::pair_cells("e3", Pair::new(by, Some(y.e3))) }
                                    </tr>
                                }
                            }).collect::<Vec<_>>()
                        }) }
                    </tbody>
                </table>
                </div>
            }
            <p class="govuk-body-s app-follow-note" id="follow-mgl-note">
                { format!("These are the top-ups for the child. From {}, an SRP's or special school's total top-up can also be adjusted \
                           while the change settles (maximum gains and losses, rule R8): that adjustment is for the school as a whole, \
                           not for one child. In mainstream schools, support through the Community of schools is agreed locally.", card.tariff_ay()) }
            </p>
            <BarChart caption="Element 3 top-up a year, by setting" groups={groups} series={series} id="follow-chart" />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SettingCardProps {
    card: Rc<RateCard>,
    setting: FollowSetting,
    ehcp: bool,
    band_code: String,
    /// The same setting under the baseline card (R10.6), when one is pinned.
    #[prop_or_default]
    baseline: Option<FollowSetting>,
}

#[component]
fn SettingCard(props: &SettingCardProps) -> Html {
    let s = &props.setting;
    let title_id = format!("follow-{}-title", s.setting.as_str());
    html! {
        <section class="app-follow-setting" data-setting={s.setting.as_str()} aria-labelledby={title_id.clone()}>
            <h3 class="govuk-heading-s" id={title_id}>{ s.setting.label() }</h3>
            <ol class="app-follow-years">
                { for s.years.iter().map(|y| {
                    let explanation = y.explanation.clone();
                    let compute = Callback::from(move |_| Some(explanation.clone()));
                    html! {
                        <li class="app-follow-year" data-ay={y.ay.to_string()} data-route={y.route.as_str()}>
                            <h4 class="app-follow-year__title">{ y.ay.to_string() }</h4>
                            <dl class="app-follow-year__figures">
                                <div>
                                    <dt>{ "Element 3 top-up" }</dt>
                                    <dd class="app-figure" data-figure="e3">{ format_gbp_pennies(y.e3) }</dd>
                                </div>
                                if let Some(b) = props.baseline.as_ref().and_then(|b| b.years.iter().find(|x| x.ay == y.ay)) {
                                    <div class="app-follow-year__baseline">
                                        <dt>{ "Under the baseline" }</dt>
                                        <dd data-figure="e3-baseline">{ format_gbp_pennies(b.e3) }</dd>
                                        <dt>{ "Change" }</dt>
                                        <dd data-figure="e3-change" class={crate::compare_view::change_class(Some(y.e3 - b.e3))}>{ crate::compare_view::signed(y.e3 - b.e3) }</dd>
                                    </div>
                                }
                                <div>
                                    <dt>{ core_label(s.setting) }</dt>
                                    <dd data-figure="core">{ format_gbp_pennies(y.core) }</dd>
                                </div>
                            </dl>
                            <p class="govuk-body-s app-follow-year__route">
                                <strong class="govuk-tag govuk-tag--grey">{ y.route.label() }</strong>{ " " }
                                { sentence(&props.card, s.setting, y, props.ehcp, &props.band_code) }
                            </p>
                            <ExplainFigure what={format!("{}, {}: Element 3 top-up", s.setting.label(), y.ay)} compute={compute} label="How this is worked out" />
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}

fn core_label(setting: Setting) -> &'static str {
    match setting {
        Setting::Mainstream => "Met first by the school (notional SEN budget)",
        Setting::Srp => "Met first by the SRP (core place funding)",
        Setting::Special => "Met first by the school (place funding)",
    }
}

/// What the route means for the child, in plain English. Amounts are the engine's.
fn sentence(card: &RateCard, setting: Setting, y: &FollowYear, ehcp: bool, band_code: &str) -> String {
    let paid = format_gbp_pennies(y.e3);
    let moderated = y.flags.contains(&"moderation");
    let below = y.flags.contains(&"band_below_setting");
    let band = card.band(band_code);
    match y.route {
        PupilRoute::OutOfScope => "Outside the new model: funding for early years and post-16 stays as it is.".to_string(),
        PupilRoute::Current => {
            let why = if y.ay < card.community_ay() {
                "This is the last year of the current system.".to_string()
            } else {
                format!("In SRPs and special schools the current system continues until the tariff starts on {}.", long_date(card.tariff_start))
            };
            if y.e3 == 0 {
                format!("{why} No top-up is paid now, so none continues.")
            } else {
                format!("{why} The current top-up of {paid} a year continues.")
            }
        }
        PupilRoute::ProtectedEhcp => format!(
            "Protected: an EHCP top-up above {} continues in full, paid directly to the school, until the tariff starts on {}.",
            format_gbp(card.ehcp_direct),
            long_date(card.tariff_start)
        ),
        PupilRoute::CommunityExisting => {
            if y.e3 > 0 {
                format!(
                    "The current top-up moves to the local Community of schools. In this first year {paid} of it is still paid directly to the school (the rate card's default protection, {}; each Community may choose another); the rest of the support is agreed with the Community.",
                    card.protection.option.label()
                )
            } else {
                "No top-up is paid directly: the local Community of schools agrees the support from its budget.".to_string()
            }
        }
        PupilRoute::Community => {
            let mut s = "No top-up is paid directly for the child: the local Community of schools agrees the support from its budget.".to_string();
            if moderated && band.is_some_and(|b| b.route == Route::Tariff) && !ehcp {
                s.push_str(" Without an EHCP, support at a Specific Allocation level goes through the Community and is moderated across Communities.");
            } else if moderated {
                s.push_str(" Support at this level is moderated across Communities.");
            }
            s
        }
        PupilRoute::Tariff => {
            if below {
                format!(
                    "This band has no tariff, so no top-up is paid in {}: the setting meets this level of need from its own funding.",
                    short_setting(setting)
                )
            } else {
                let rate = band.and_then(|b| b.rate).map(format_gbp).unwrap_or_default();
                let factor = card.setting_factors.get(setting);
                if factor == Decimal::ONE {
                    format!("The tariff: a fixed yearly top-up of {rate} for this band, paid to the setting wherever the child is taught.")
                } else {
                    format!(
                        "The tariff: the band's rate of {rate} a year times this setting's factor of {}, paid to the setting.",
                        sen_funding::engine::money::fmt_fraction(factor)
                    )
                }
            }
        }
    }
}

fn short_setting(setting: Setting) -> &'static str {
    match setting {
        Setting::Mainstream => "a mainstream school",
        Setting::Srp => "an SRP",
        Setting::Special => "a special school",
    }
}

fn long_date(d: sen_funding::engine::Date) -> String {
    const MONTHS: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    format!("{} {} {}", d.d, MONTHS.get(d.m as usize - 1).unwrap_or(&""), d.y)
}
