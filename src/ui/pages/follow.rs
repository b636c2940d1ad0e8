//! "How funding follows the child": what a band attracts in each setting.

use yew::prelude::*;

use super::{card_pending, coming_soon, page_heading, PageProps};
use crate::ui::components::{CoreTable, TariffTable};
use crate::ui::route::Page;
use crate::ui::state::CardState;

#[component]
pub fn FollowTheChildPage(props: &PageProps) -> Html {
    let figures = match &props.card {
        CardState::Ready(card) => {
            let non_tariff: Vec<String> = card
                .bands
                .iter()
                .filter(|b| b.route != crate::engine::ratecard::Route::Tariff)
                .map(|b| format!("{} ({})", b.name, b.code))
                .collect();
            html! {
                <>
                    <p class="govuk-body">
                        { format!("Tariffs apply from the {} academic year. ", card.tariff_ay()) }
                        { "The figure follows the child: the same band attracts its top-up in whichever \
                           setting the child is taught, times that setting's factor on the rate card." }
                    </p>
                    <TariffTable card={card.clone()} />
                    <p class="govuk-body">
                        { format!("{} have no tariff: in mainstream schools, support at these levels is met \
                                   from the school's own budget or the Community of schools budget.",
                                  non_tariff.join(", ")) }
                    </p>
                    <h2 class="govuk-heading-m">{ "What the setting meets itself" }</h2>
                    <p class="govuk-body">
                        { "Element 3 is paid on top of what the school or setting already provides (rule R1.1). \
                           These amounts are context: they are not part of the top-up." }
                    </p>
                    <CoreTable card={card.clone()} />
                </>
            }
        }
        other => card_pending(other),
    };
    html! {
        <>
            { page_heading(Page::FollowTheChild) }
            <p class="govuk-body-l">
                { "A child's band of need on the Continuum of Need and Provision decides the top-up. \
                   These are the yearly amounts for each Specific Allocation band." }
            </p>
            { figures }
            <h2 class="govuk-heading-m">{ "A child's funding year by year" }</h2>
            { coming_soon("Choose a child's band, setting and EHCP status to see what is paid for them in each \
                           year of the change, and which rule applies.") }
        </>
    }
}
