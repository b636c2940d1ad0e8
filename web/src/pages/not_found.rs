//! An address that leads nowhere.

use yew::prelude::*;

use super::{page_heading, PageProps};
use crate::route::Page;

#[component]
pub fn NotFoundPage(_props: &PageProps) -> Html {
    html! {
        <>
            { page_heading(Page::NotFound) }
            <p class="govuk-body">{ "There is no page at this address." }</p>
            <p class="govuk-body"><a href={Page::Home.href()}>{ "Go to the start of the calculator" }</a></p>
        </>
    }
}
