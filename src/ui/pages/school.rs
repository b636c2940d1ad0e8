//! The school workspace (coming soon).

use yew::prelude::*;

use super::{coming_soon, page_heading, PageProps};
use crate::ui::route::Page;

#[component]
pub fn SchoolPage(_props: &PageProps) -> Html {
    html! {
        <>
            { page_heading(Page::School) }
            <p class="govuk-body-l">{ Page::School.summary() }</p>
            { coming_soon("Enter or upload your pupils (pseudonymous IDs only, never names) to see your \
                           school's Element 3 funding by academic and financial year.") }
        </>
    }
}
