//! R11 with the school's details: "Year groups as recorded in" (R11.1, `year_group_as_at`) and
//! "The school's last year group" (R11.3, `last_year_group`), asked for under "Your school"
//! (R11.5). Both are kept as typed in [`Details`]; the engine reads them with the other details
//! (`Scenario::from_entered`, R10.5) and its faults reach these fields through the one mapper
//! (`crate::error_path`), as every other detail's do.
//!
//! A new school ("Start with my own school", or the first import over the example) starts with
//! the academic year that holds today, from the browser's clock ([`new_school_details`]): the
//! engine never reads a clock. A workspace saved or a scenario file written without the fields
//! keeps them blank, and its figures, until the person sets them.

use sen_funding::engine::periods::Ay;
use sen_funding::engine::scenario::YearGroup;
use yew::prelude::*;

use super::common::event_value;
use super::details_form::{DetailField, Details, SchoolKind};
use super::state::{Action, WsState};

/// The academic year (1 September to 31 August, R1.1) that holds a day of `month` (1–12) of
/// `year`.
pub fn ay_containing(year: i32, month: u32) -> Ay {
    if month >= 9 {
        Ay(year)
    } else {
        Ay(year - 1)
    }
}

/// The details of a new school: blank but for the academic year that holds today (R11.1), by
/// the browser's clock. Only in the browser (`js_sys::Date`).
pub fn new_school_details() -> Details {
    let now = js_sys::Date::new_0();
    let year = i32::try_from(now.get_full_year()).unwrap_or(2026);
    Details { year_group_as_at: ay_containing(year, now.get_month() + 1).to_string(), ..Details::default() }
}

/// The last year groups the select offers (R11.3), by the school's phase: `(value, label)`.
pub const LAST_YEAR_GROUPS: [(&str, &str); 4] = [
    ("6", "Year 6 (a primary or junior school)"),
    ("11", "Year 11 (a secondary school without a sixth form)"),
    ("13", "Year 13 (a school with a sixth form)"),
    ("14", "Year 14 (a special school or provision to age 19)"),
];

/// The select's options, "Not set" first: those of [`LAST_YEAR_GROUPS`], and the school's own
/// value where it is another (a middle school's `8` from a file, or text the engine refuses,
/// shown as it is with the engine's fault beside it: nothing read is lost).
pub fn last_year_group_options(current: &str) -> Vec<(String, String)> {
    let mut out = vec![(String::new(), "Not set: pupils stay until Year 14".to_string())];
    out.extend(LAST_YEAR_GROUPS.iter().map(|(v, l)| (v.to_string(), l.to_string())));
    let t = current.trim();
    if !t.is_empty() && !LAST_YEAR_GROUPS.iter().any(|(v, _)| *v == t) {
        let label = match YearGroup::parse(t) {
            Some(y) => format!("{} (from the file you opened)", y.label()),
            None => format!("“{t}” (from the file you opened)"),
        };
        out.push((current.to_string(), label));
    }
    out
}

/// The hint of the last year group, by the school's settings (R1.2).
pub fn last_year_group_hint(kind: SchoolKind) -> &'static str {
    match kind {
        SchoolKind::Special => {
            "Pupils moved up past it have left the school: for a special school to age 19, Year 14 (R11.3). \
             Choose “Not set” if pupils stay until Year 14."
        }
        SchoolKind::Mainstream | SchoolKind::MainstreamSrp => {
            "Pupils moved up past it have left the school: Year 6 for a primary school, Year 11 for a secondary school \
             without a sixth form, Year 13 with one (R11.3)."
        }
    }
}

/// The form's own check of the two fields, in its words (the engine's fault in the same field
/// is then not repeated, as for the other details): a last year group needs the year the year
/// groups are recorded in (R11.3).
pub fn own_faults(d: &Details, faults: &mut Vec<(DetailField, String)>) {
    if !d.last_year_group.trim().is_empty() && d.year_group_as_at.trim().is_empty() {
        faults.push((
            DetailField::LastYearGroup,
            "needs the year the pupils' year groups are recorded in: enter it above, for example 2026/27, or choose “Not set” (R11.3)".to_string(),
        ));
    }
}

#[derive(Properties, PartialEq)]
pub struct YearGroupFieldsProps {
    pub year_group_as_at: String,
    pub last_year_group: String,
    pub kind: SchoolKind,
    /// The faults of [`DetailField::YearGroupsAsAt`] and [`DetailField::LastYearGroup`].
    pub as_at_error: Option<String>,
    pub last_error: Option<String>,
    pub dispatch: UseReducerDispatcher<WsState>,
}

/// The `aria-describedby` of a field with a hint and, maybe, an error.
fn described(id: &str, error: bool) -> String {
    if error {
        format!("{id}-hint {id}-error")
    } else {
        format!("{id}-hint")
    }
}

fn error_message(id: &str, error: &Option<String>) -> Html {
    match error {
        Some(e) => html! {
            <p class="govuk-error-message" id={format!("{id}-error")}><span class="govuk-visually-hidden">{ "Error: " }</span>{ e }</p>
        },
        None => html! {},
    }
}

/// "Looking ahead: pupils move up a year" (R11.1, R11.3, R11.5).
#[component]
pub fn YearGroupFields(props: &YearGroupFieldsProps) -> Html {
    let as_at = DetailField::YearGroupsAsAt.element_id();
    let last = DetailField::LastYearGroup.element_id();
    let on_as_at = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: InputEvent| dispatch.dispatch(Action::Detail(DetailField::YearGroupsAsAt, event_value(&e))))
    };
    let on_last = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| dispatch.dispatch(Action::Detail(DetailField::LastYearGroup, event_value(&e))))
    };
    let (as_at_err, last_err) = (&props.as_at_error, &props.last_error);
    html! {
        <div class="app-ws-year-groups" id="school-year-groups">
            <h3 class="govuk-heading-s app-ws-details__subheading">{ "Looking ahead: pupils move up a year" }</h3>
            <p class="govuk-body app-ws-details__note">
                { "Each September every pupil moves up a year group: Nursery 1 (N1), Nursery 2 (N2), Reception, then Year 1 to Year 14. \
                   Pupils who move past the school's last year group have left, and their funding stops (R11.2, R11.3). \
                   Leave the year blank to keep every pupil in the year group entered, in every year (R11.1)." }
            </p>
            <div class="app-ws-details__pair">
                <div class={classes!("govuk-form-group", as_at_err.is_some().then_some("govuk-form-group--error"))}>
                    <label class="govuk-label" for={as_at.clone()}>{ "Year groups as recorded in" }</label>
                    <div class="govuk-hint" id={format!("{as_at}-hint")}>
                        { "The academic year of the pupils' year groups in the table, for example 2026/27 for a register taken this school year (R11.1)." }
                    </div>
                    { error_message(&as_at, as_at_err) }
                    <input class={classes!("govuk-input", "govuk-input--width-5", as_at_err.is_some().then_some("govuk-input--error"))}
                        id={as_at.clone()} name={as_at.clone()} type="text" spellcheck="false" autocomplete="off"
                        value={props.year_group_as_at.clone()}
                        aria-describedby={described(&as_at, as_at_err.is_some())}
                        aria-invalid={as_at_err.is_some().then_some("true")}
                        oninput={on_as_at} />
                </div>
                <div class={classes!("govuk-form-group", last_err.is_some().then_some("govuk-form-group--error"))}>
                    <label class="govuk-label" for={last.clone()}>{ "The school's last year group" }</label>
                    <div class="govuk-hint" id={format!("{last}-hint")}>{ last_year_group_hint(props.kind) }</div>
                    { error_message(&last, last_err) }
                    <select class={classes!("govuk-select", last_err.is_some().then_some("govuk-select--error"))}
                        id={last.clone()} name={last.clone()}
                        aria-describedby={described(&last, last_err.is_some())}
                        aria-invalid={last_err.is_some().then_some("true")}
                        onchange={on_last}>
                        { for last_year_group_options(&props.last_year_group).into_iter().map(|(v, l)| {
                            let selected = v.trim() == props.last_year_group.trim();
                            html! { <option value={v} {selected}>{ l }</option> }
                        }) }
                    </select>
                </div>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r11_1_the_academic_year_that_holds_a_day() {
        assert_eq!(ay_containing(2026, 9), Ay(2026));
        assert_eq!(ay_containing(2026, 12), Ay(2026));
        assert_eq!(ay_containing(2027, 1), Ay(2026));
        assert_eq!(ay_containing(2027, 8), Ay(2026));
        assert_eq!(ay_containing(2027, 8).to_string(), "2026/27");
    }

    #[test]
    fn r11_3_the_select_offers_the_phases_and_keeps_another_value() {
        let values = |c: &str| last_year_group_options(c).into_iter().map(|(v, _)| v).collect::<Vec<_>>();
        assert_eq!(values(""), ["", "6", "11", "13", "14"]);
        assert_eq!(values("11"), ["", "6", "11", "13", "14"]);
        assert_eq!(values("8"), ["", "6", "11", "13", "14", "8"]);
        assert_eq!(last_year_group_options("8")[5].1, "Year 8 (from the file you opened)");
        assert_eq!(last_year_group_options("Y6")[5], ("Y6".to_string(), "“Y6” (from the file you opened)".to_string()));
        // Every offered value is one the engine reads (R2.1's spelling).
        for (v, _) in LAST_YEAR_GROUPS {
            assert!(YearGroup::parse(v).is_some(), "{v}");
        }
    }

    #[test]
    fn r11_3_a_last_year_group_needs_the_year_of_the_record() {
        let mut faults = Vec::new();
        let d = Details { last_year_group: "6".into(), ..Details::default() };
        own_faults(&d, &mut faults);
        assert_eq!(faults.len(), 1);
        assert_eq!(faults[0].0, DetailField::LastYearGroup);
        let mut faults = Vec::new();
        own_faults(&Details { last_year_group: "6".into(), year_group_as_at: "2026/27".into(), ..Details::default() }, &mut faults);
        own_faults(&Details::default(), &mut faults);
        assert!(faults.is_empty());
    }

    fn card() -> sen_funding::engine::RateCard {
        sen_funding::engine::RateCard::from_json_str(include_str!("../../../www/ratecards/kent-illustrative-2025.json")).expect("the shipped card")
    }

    fn school(as_at: &str, last: &str) -> Details {
        Details { name: "Our School".into(), urn: "118001".into(), year_group_as_at: as_at.into(), last_year_group: last.into(), ..Details::default() }
    }

    fn check(d: &Details) -> super::super::details_check::DetailsCheck {
        super::super::details_check::check_details(d, &Default::default(), &sen_funding::engine::periods::default_years(), &card())
    }

    // R11.5: the two fields are the school's in the scenario the workspace computes and saves
    // as a file (its JSON is what `sen-funding calc` reads), and come back when it is opened.
    #[test]
    fn r11_5_the_fields_reach_the_scenario_and_come_back_from_it() {
        let c = check(&school(" 2026/27 ", "6"));
        assert!(c.faults.is_empty(), "{:?}", c.faults);
        let base = c.base.expect("valid");
        assert_eq!(base.schools[0].year_group_as_at, Some(Ay(2026)));
        assert_eq!(base.schools[0].last_year_group, Some(YearGroup::Y(6)));
        let v = base.to_json();
        assert_eq!(v["schools"][0]["year_group_as_at"], "2026/27");
        assert_eq!(v["schools"][0]["last_year_group"], "6");
        let d = super::super::details_form::details_of(&base, 0);
        assert_eq!((d.year_group_as_at.as_str(), d.last_year_group.as_str()), ("2026/27", "6"));
        // A file the engine refuses is opened loosely, the fields as written.
        let mut v = v;
        v["schools"][0]["last_year_group"] = serde_json::json!("Year 6");
        let (d, _, _) = super::super::saved::loose_open(&v).expect("opened loosely");
        assert_eq!((d.year_group_as_at.as_str(), d.last_year_group.as_str()), ("2026/27", "Year 6"));
        // Blank: no R11, and no keys in the file.
        let base = check(&school("", "")).base.expect("valid");
        assert_eq!((base.schools[0].year_group_as_at, base.schools[0].last_year_group), (None, None));
        let v = base.to_json();
        assert!(v["schools"][0].get("year_group_as_at").is_none() && v["schools"][0].get("last_year_group").is_none());
    }

    // R10.5: the engine's faults of the two fields reach them (element ids and labels); the
    // form's own check says a last year group needs the year, and the engine's is not repeated.
    #[test]
    fn r10_5_faults_of_the_fields_are_shown_at_the_fields() {
        let c = check(&school("2026-27", "15"));
        assert_eq!(
            c.faults,
            [
                (DetailField::YearGroupsAsAt, "must be an academic year like 2025/26 (got \"2026-27\")".to_string()),
                (DetailField::LastYearGroup, "must be N1, N2, R or a year from 1 to 14 (got \"15\")".to_string()),
            ]
        );
        assert!(c.other.is_empty() && c.base.is_none());
        let c = check(&school("", "6"));
        assert_eq!(c.faults.len(), 1, "{:?}", c.faults);
        assert_eq!(c.faults[0].0, DetailField::LastYearGroup);
        assert!(c.faults[0].1.starts_with("needs the year the pupils' year groups are recorded in"), "{:?}", c.faults);
        assert_eq!(DetailField::YearGroupsAsAt.element_id(), "school-year-groups-as-at");
        assert_eq!(DetailField::LastYearGroup.element_id(), "school-last-year-group");
        assert_eq!(DetailField::YearGroupsAsAt.label(), "Year groups as recorded in");
        assert_eq!(DetailField::LastYearGroup.label(), "The school's last year group");
    }

    // A workspace saved in this browser before R11 has neither field: blank, so its figures are
    // unchanged until the person sets them; one saved with them keeps them.
    #[test]
    fn r11_5_a_workspace_saved_without_the_fields_reads_them_as_blank() {
        let old = r#"{"version":1,"details":{"name":"Old","urn":"1"},"pupils":[]}"#;
        let saved: super::super::saved::Saved = serde_json::from_str(old).expect("an old workspace");
        assert_eq!((saved.details.year_group_as_at.as_str(), saved.details.last_year_group.as_str()), ("", ""));
        let d = school("2026/27", "11");
        let text = serde_json::to_string(&d).expect("written");
        let back: Details = serde_json::from_str(&text).expect("read");
        assert_eq!(back, d);
    }
}
