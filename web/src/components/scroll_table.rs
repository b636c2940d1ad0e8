//! The one way a wide table scrolls (WCAG 1.4.10 reflow: the page no wider than a phone's):
//! inside its own region, never the page. The region can take focus, so keyboard users can
//! scroll it with the arrow keys, and it has an accessible name (the table's caption or
//! heading), so screen-reader users know what they are in. Every wide table of every journey is
//! wrapped in it; the styles are `.app-table-scroll` in www/components.css.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ScrollTableProps {
    /// The id of the element that names the region (the table's caption or its heading).
    #[prop_or_default]
    pub labelledby: Option<AttrValue>,
    /// A name of its own, when nothing on the page names the table.
    #[prop_or_default]
    pub label: Option<AttrValue>,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    /// More classes for the region.
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn ScrollTable(props: &ScrollTableProps) -> Html {
    html! {
        <div class={classes!("app-table-scroll", props.class.clone())} id={props.id.clone()} role="region" tabindex="0"
            aria-labelledby={props.labelledby.clone()} aria-label={props.label.clone()}>
            { props.children.clone() }
        </div>
    }
}
