//! The rate card's status, shown on every page: the figures are only as good as the rates
//! they are computed from.

use sen_funding::engine::ratecard::Status;
use yew::prelude::*;

use crate::route::Page;
use crate::state::CardState;

#[derive(Properties, PartialEq)]
pub struct RateCardNoticeProps {
    pub card: CardState,
    /// What-if changes of the rate card are in force (the rate card journey).
    #[prop_or(false)]
    pub modified: bool,
}

/// Illustrative rates: a warning ("Illustrative rates — not the council's decision").
/// Official rates: an information banner naming the card. Loading: a status line. A card that
/// failed to load or validate: an error summary listing every fault with its path.
#[component]
pub fn RateCardNotice(props: &RateCardNoticeProps) -> Html {
    let body = match &props.card {
        CardState::Loading => html! {
            <p class="app-notice-loading" role="status">{ "Loading the rate card…" }</p>
        },
        CardState::Ready(card) => match card.status {
            Status::Illustrative => html! {
                <div class="govuk-warning-text" data-status="illustrative">
                    <span class="govuk-warning-text__icon" aria-hidden="true">{ "!" }</span>
                    <div class="govuk-warning-text__text">
                        <strong>
                            <span class="govuk-visually-hidden">{ "Warning: " }</span>
                            { "Illustrative rates — not the council's decision" }
                        </strong>
                        <p class="govuk-warning-text__detail">
                            { format!("Every figure here is computed from the rate card “{}”. ", card.title) }
                            { "The council has not set these rates: use them to see how the model works, \
                               not to plan a budget. " }
                            <a href={Page::RateCard.href()}>{ "See the rates and their sources" }</a>
                        </p>
                    </div>
                </div>
            },
            Status::Official => html! {
                <div class="govuk-notification-banner" data-status="official">
                    <div class="govuk-notification-banner__header">
                        <h2 class="govuk-notification-banner__title">{ "Official rates" }</h2>
                    </div>
                    <div class="govuk-notification-banner__content">
                        <p class="govuk-notification-banner__heading">
                            { format!("Every figure here is computed from the council's published rate card “{}”.", card.title) }
                        </p>
                    </div>
                </div>
            },
        },
        CardState::Failed { url, errors } => html! {
            <div class="govuk-error-summary" role="alert" data-status="failed">
                <h2 class="govuk-error-summary__title">{ "The rate card could not be loaded" }</h2>
                <div class="govuk-error-summary__body">
                    <p>{ format!("No figures can be shown until the rate card at “{url}” is fixed:") }</p>
                    <ul class="govuk-list govuk-error-summary__list">
                        { for errors.iter().map(|e| html! { <li><code>{ e }</code></li> }) }
                    </ul>
                </div>
            </div>
        },
    };
    let modified = match (&props.card, props.modified) {
        (CardState::Ready(card), true) => html! {
            <div class="govuk-warning-text app-card-modified" data-card-modified="true">
                <span class="govuk-warning-text__icon" aria-hidden="true">{ "!" }</span>
                <div class="govuk-warning-text__text">
                    <strong>
                        <span class="govuk-visually-hidden">{ "Warning: " }</span>
                        { "Rate card modified — what-if figures" }
                    </strong>
                    <p class="govuk-warning-text__detail">
                        { format!("Some values of “{}” have been changed here, so the figures are not those of the rate card as published. ", card.title) }
                        <a href={Page::RateCard.href()}>{ "See or undo the changes" }</a>
                    </p>
                </div>
            </div>
        },
        _ => html! {},
    };
    html! {
        <section class="app-card-status" aria-label="Rate card status">
            { body }
            { modified }
        </section>
    }
}

/// A new build of the calculator is installed and waiting: it takes over only when the person
/// chooses to reload (nothing they typed is lost: every journey saves as it goes).
#[component]
pub fn UpdateNotice() -> Html {
    let reload = Callback::from(|_| crate::offline::activate_update());
    html! {
        <div class="govuk-notification-banner app-update" role="region" aria-labelledby="update-title" data-update="ready">
            <div class="govuk-notification-banner__header">
                <h2 class="govuk-notification-banner__title" id="update-title">{ "Update" }</h2>
            </div>
            <div class="govuk-notification-banner__content">
                <p class="govuk-notification-banner__heading" role="status">{ "A new version of the calculator is available" }</p>
                <p class="govuk-body">{ "Reload to use it. What you have entered is kept." }</p>
                <button type="button" class="govuk-button" id="update-reload" onclick={reload}>{ "Reload" }</button>
            </div>
        </div>
    }
}
