//! Community budgets (coming soon).

use yew::prelude::*;

use super::{coming_soon, page_heading, PageProps};
use crate::ui::route::Page;

#[component]
pub fn CommunitiesPage(_props: &PageProps) -> Html {
    html! {
        <>
            { page_heading(Page::Communities) }
            <p class="govuk-body-l">{ Page::Communities.summary() }</p>
            { coming_soon("Enter the county's pot and each Community's indicators to see every Community's \
                           budget, its commitments and the choice of protection for existing claims.") }
        </>
    }
}
