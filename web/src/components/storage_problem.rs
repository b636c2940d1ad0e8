//! The notice that the browser is not keeping the work (its storage full or turned off, or
//! cleared while the page was open): the work stays in the page, and "Download your work"
//! saves all of it as one file, which "Open a saved workspace" reads back.

use yew::prelude::*;

use crate::storage::{use_problem, work_file, Problem};

#[component]
pub fn StorageProblem() -> Html {
    let problem = use_problem();
    let Some(problem) = problem else { return html! {} };
    html! { <StorageProblemNotice {problem} /> }
}

#[derive(Properties, PartialEq)]
struct NoticeProps {
    problem: Problem,
}

#[component]
fn StorageProblemNotice(props: &NoticeProps) -> Html {
    let downloaded = use_state(|| None::<Result<String, String>>);
    let download = {
        let downloaded = downloaded.clone();
        Callback::from(move |_| {
            let d = js_sys::Date::new_0();
            let name = format!("kent-sen-funding-work-{:04}-{:02}-{:02}.json", d.get_full_year(), d.get_month() + 1, d.get_date());
            downloaded.set(Some(crate::browser::download(&name, "application/json", work_file().as_bytes()).map(|()| name)));
        })
    };
    let (title, body) = match &props.problem {
        Problem::NotKept(why) => (
            "Your latest changes are not being kept in this browser",
            format!("The browser did not keep them: {why}. They are still here in this page, so keep it open, and download your work so as not to lose it."),
        ),
        Problem::Cleared => (
            "This browser's saved copy of your work was deleted",
            "It was deleted while the page was open (for example, the site's data was cleared in the browser's settings). Your work is still here in this page and is saved again when you next change it. Download your work to keep a copy now.".to_string(),
        ),
    };
    html! {
        <div class="govuk-error-summary app-storage-problem" id="storage-problem" role="alert" aria-labelledby="storage-problem-title">
            <h2 class="govuk-error-summary__title" id="storage-problem-title">{ title }</h2>
            <div class="govuk-error-summary__body">
                <p class="govuk-body">{ body }</p>
                <button type="button" class="govuk-button govuk-button--secondary" id="download-work" onclick={download}>{ "Download your work" }</button>
                <p class="govuk-body-s">{ "The file holds everything the calculator keeps for you: open it later with “Open a saved workspace” on the school page to put it all back." }</p>
                if let Some(done) = &*downloaded {
                    <p class="govuk-body" role="status" id="download-work-done">{
                        match done {
                            Ok(name) => format!("Saved as {name}."),
                            Err(e) => format!("The file could not be made: {e}."),
                        }
                    }</p>
                }
            </div>
        </div>
    }
}
