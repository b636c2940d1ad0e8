//! R11 in the results: for each modelled academic year, the pupils on roll, those joining and
//! those leaving, and their Element 3 — "Pupils joining and leaving, year by year".
//!
//! Everything comes from the engine: whether a pupil is on roll in a year is the engine's own
//! reading of R11.3 with R7.1 (`moving_up::months_on_roll`: off roll for a year after the
//! school's last year group, after Year 14 or before Nursery 1, else by the pupil's own start
//! and end), its year group in the year is the one the result gives (R11.4,
//! `moving_up::result_year_group`), and the money is each pupil's Element 3 of the year from
//! `calculate` (R7.2), summed in pence. Nothing is worked out here but those sums and counts.
//!
//! * On roll in Y: on roll for at least one month of Y.
//! * Joining in Y: on roll in Y, not in the year before (a start date in Y, or a move up into
//!   Nursery 1). What they bring: their Element 3 in Y.
//! * Leaving in Y: on roll in Y, not in the year after (moving past the last year group at the
//!   end of August, R11.3, or an end date in Y, R7.1). What they take away: their Element 3 in
//!   Y, which the school no longer receives from the next year.

use sen_funding::engine::moving_up::{months_on_roll, result_year_group, MovingUp};
use sen_funding::engine::periods::Ay;
use sen_funding::engine::scenario::YearGroup;
use sen_funding::engine::{Outcome, Scenario};
use yew::prelude::*;

use super::common::{count, gbp, Shared};
use super::workspace::Computed;
use crate::components::ScrollTable;

/// Some of a year's pupils: how many, their Element 3 in the year (pence), and how many in each
/// year group of the year (in the order N1 … 14, then those with no year group).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Group {
    pub pupils: usize,
    pub e3: i64,
    pub by_year_group: Vec<(Option<YearGroup>, usize)>,
}

impl Group {
    fn add(&mut self, e3: i64, year_group: Option<YearGroup>) {
        self.pupils += 1;
        self.e3 += e3;
        match self.by_year_group.iter_mut().find(|(y, _)| *y == year_group) {
            Some((_, n)) => *n += 1,
            None => self.by_year_group.push((year_group, 1)),
        }
    }

    fn sorted(mut self) -> Group {
        self.by_year_group.sort_by_key(|(y, _)| y.map_or(i32::MAX, YearGroup::position));
        self
    }

    /// `Year 6: 3, Year 5: 1` for people.
    pub fn year_groups_text(&self) -> String {
        self.by_year_group
            .iter()
            .map(|(y, n)| format!("{}: {}", y.map_or_else(|| "no year group".to_string(), YearGroup::label), count(*n)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// One modelled AY.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearMovers {
    pub ay: Ay,
    pub on_roll: Group,
    pub joining: Group,
    pub leaving: Group,
}

/// The pupils on roll, joining and leaving in each modelled AY of school `si`, where the school
/// gives the year its year groups are recorded in (R11.1); `None` otherwise.
pub fn movers(s: &Scenario, out: &Outcome, si: usize) -> Option<Vec<YearMovers>> {
    let school = s.schools.get(si)?;
    let so = out.schools.get(si)?;
    let mu = MovingUp::of(school);
    if !mu.applies() {
        return None;
    }
    let rows = out.years.iter().enumerate().map(|(yi, &ay)| {
        let (mut on_roll, mut joining, mut leaving) = (Group::default(), Group::default(), Group::default());
        for (p, po) in school.pupils.iter().zip(&so.pupils) {
            if months_on_roll(mu, p, ay) == 0 {
                continue;
            }
            let e3 = po.years.get(yi).map_or(0, |y| y.e3);
            // R11.4: on roll, the year group of the AY is one of the sequence (or none).
            let yg = result_year_group(mu, p, ay).flatten();
            on_roll.add(e3, yg);
            if months_on_roll(mu, p, Ay(ay.0.saturating_sub(1))) == 0 {
                joining.add(e3, yg);
            }
            if months_on_roll(mu, p, Ay(ay.0.saturating_add(1))) == 0 {
                leaving.add(e3, yg);
            }
        }
        YearMovers { ay, on_roll: on_roll.sorted(), joining: joining.sorted(), leaving: leaving.sorted() }
    });
    Some(rows.collect())
}

#[derive(Properties, PartialEq)]
pub struct MoversProps {
    pub computed: Shared<Computed>,
}

/// A count and, under it, its year groups.
fn count_cell(figure: &'static str, g: &Group) -> Html {
    let groups = g.year_groups_text();
    html! {
        <td class="govuk-table__cell govuk-table__cell--numeric">
            <span data-figure={figure}>{ count(g.pupils) }</span>
            if !groups.is_empty() {
                <span class="app-ws-movers__groups" data-groups={figure}>{ groups }</span>
            }
        </td>
    }
}

fn money_cell(figure: &'static str, pence: i64) -> Html {
    html! { <td class="govuk-table__cell govuk-table__cell--numeric" data-figure={figure}>{ gbp(pence) }</td> }
}

/// "Pupils joining and leaving, year by year" (R11), or where to set it going.
#[component]
pub fn Movers(props: &MoversProps) -> Html {
    let c = &*props.computed;
    let Some(years) = movers(&c.scenario, &c.outcome, 0) else {
        return html! {
            <div class="app-ws-movers" id="school-movers">
                <h3 class="govuk-heading-m">{ "Pupils joining and leaving, year by year" }</h3>
                <p class="govuk-body" id="movers-off">
                    { "Every pupil stays in the year group entered, in every year. To see pupils move up each September and leave after the \
                       school's last year group, enter the year their year groups are recorded in under “Your school” (R11.1)." }
                </p>
            </div>
        };
    };
    let school = &c.scenario.schools[0];
    let recorded = school.year_group_as_at.map(|a| a.to_string()).unwrap_or_default();
    let last = school
        .last_year_group
        .map_or_else(|| "no last year group is set, so pupils stay until Year 14".to_string(), |y| format!("the last year group is {}", y.label()));
    let rows = years.iter().map(|y| {
        html! {
            <tr class="govuk-table__row" data-ay={y.ay.to_string()}>
                <th scope="row" class="govuk-table__header">{ y.ay.to_string() }</th>
                { count_cell("on-roll", &y.on_roll) }
                { money_cell("on-roll-e3", y.on_roll.e3) }
                { count_cell("joining", &y.joining) }
                { money_cell("joining-e3", y.joining.e3) }
                { count_cell("leaving", &y.leaving) }
                { money_cell("leaving-e3", y.leaving.e3) }
            </tr>
        }
    });
    html! {
        <div class="app-ws-movers" id="school-movers">
            <h3 class="govuk-heading-m" id="movers-caption">{ "Pupils joining and leaving, year by year" }</h3>
            <p class="govuk-body">
                { format!("Year groups are recorded as in {recorded} and {last}: each September every pupil moves up a year (R11.2), \
                           and a pupil who moves past the last year group has left (R11.3).") }
            </p>
            <ScrollTable labelledby="movers-caption">
            <table class="govuk-table app-ws-movers__table" id="movers-table" aria-labelledby="movers-caption">
                { crate::components::figures_head("Academic year", &["Pupils on roll", "Their Element 3", "Joining", "Element 3 they bring", "Leaving during or at the end of the year", "Their Element 3 in that year"], None) }
                <tbody class="govuk-table__body">{ for rows }</tbody>
            </table>
            </ScrollTable>
            <details class="govuk-details">
                <summary class="govuk-details__summary"><span class="govuk-details__summary-text">{ "How these are worked out" }</span></summary>
                <div class="govuk-details__text">
                    <p class="govuk-body">
                        { "A pupil is on roll in a year when it is on roll for at least one month of it: its year group that year is within \
                           Nursery 1 (N1) to Year 14 and not after the school's last year group (R11.3), and the year is within its own start \
                           and end dates (R7.1)." }
                    </p>
                    <p class="govuk-body">
                        { "Joining: on roll this year but not the year before, because of a start date in the year or a move up into Nursery 1. \
                           Leaving: on roll this year but not the next, because the pupil moves past the last year group at the end of August \
                           or has an end date in the year. The year groups are those of the year." }
                    </p>
                    <p class="govuk-body">
                        { "Element 3 is each pupil's Element 3 for the year, as in “Each pupil's figures”, added up: what pupils joining bring \
                           in that year, and what pupils leaving were funded in their last year, which the school no longer receives from the \
                           next year (R7.2, R11.3)." }
                    </p>
                </div>
            </details>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sen_funding::engine::calculate;
    use sen_funding::engine::scenario::{Pupil, School};
    use sen_funding::engine::{Date, RateCard, Setting};

    fn card() -> RateCard {
        RateCard::from_json_str(include_str!("../../../www/ratecards/kent-illustrative-2025.json")).expect("the shipped card")
    }

    fn pupil(id: &str, band: &str, ehcp: bool, yg: YearGroup, start: Option<Date>, end: Option<Date>) -> Pupil {
        Pupil { id: id.into(), setting: Setting::Mainstream, band: band.into(), ehcp, current_e3: 12000.into(), year_group: Some(yg), start, end }
    }

    fn scenario(as_at: Option<Ay>, last: Option<YearGroup>, pupils: Vec<Pupil>) -> Scenario {
        Scenario {
            rate_card: card(),
            rate_card_path: None,
            years: sen_funding::engine::periods::default_years(),
            pots: Default::default(),
            communities: Vec::new(),
            schools: vec![School { urn: "1".into(), name: "S".into(), year_group_as_at: as_at, last_year_group: last, pupils, ..School::default() }],
        }
    }

    // R11.3: a Year 6 pupil of 2026/27 at a primary school leaves at the end of 2026/27 and takes
    // its Element 3 of that year with it; a Reception pupil with a start date in 2027/28 joins
    // then, bringing its Element 3 of that year; an N2 pupil of 2026/27 joins in 2025/26 (N1).
    #[test]
    fn r11_pupils_on_roll_joining_and_leaving_are_the_engines_figures_summed() {
        let s = scenario(
            Some(Ay(2026)),
            Some(YearGroup::Y(6)),
            vec![
                pupil("Y6", "SA3", true, YearGroup::Y(6), None, None),
                pupil("Y5", "SA3", true, YearGroup::Y(5), None, None),
                pupil("R", "SA3", true, YearGroup::N2, Date::new(2027, 9, 1), None),
                pupil("N2", "SA3", true, YearGroup::N2, None, None),
            ],
        );
        let out = calculate(&s);
        let m = movers(&s, &out, 0).expect("R11 is set");
        let at = |ay: i32| m.iter().find(|y| y.ay == Ay(ay)).expect("modelled");
        let e3 = |id: &str, ay: i32| {
            let pi = s.schools[0].pupils.iter().position(|p| p.id == id).expect("pupil");
            out.schools[0].pupils[pi].years[out.year_ix(Ay(ay)).expect("modelled")].e3
        };
        // 2026/27: all but the joiner of 2027/28; the Year 6 pupil leaves at its end.
        let y = at(2026);
        assert_eq!((y.on_roll.pupils, y.on_roll.e3), (3, e3("Y6", 2026) + e3("Y5", 2026) + e3("N2", 2026)));
        assert_eq!((y.leaving.pupils, y.leaving.e3), (1, e3("Y6", 2026)));
        assert_eq!(y.leaving.year_groups_text(), "Year 6: 1");
        assert!(y.leaving.e3 > 0);
        assert_eq!(y.joining.pupils, 0);
        // 2027/28: the Year 6 pupil has gone (R11.3); the one with a start date joins in Reception.
        let y = at(2027);
        assert_eq!(e3("Y6", 2027), 0);
        assert_eq!(y.on_roll.pupils, 3);
        assert_eq!((y.joining.pupils, y.joining.e3), (1, e3("R", 2027)));
        assert_eq!(y.joining.year_groups_text(), "Reception: 1");
        assert_eq!(y.on_roll.e3, out.schools[0].years[out.year_ix(Ay(2027)).expect("modelled")].e3);
        // 2028/29: the Year 5 pupil of 2026/27 is in Year 7: left after Year 6, at the end of 2027/28.
        assert_eq!(at(2027).leaving.year_groups_text(), "Year 6: 1");
        // Back in time: the N2 pupil of 2026/27 is N1 in 2025/26 and joins then; before N1 in 2024/25.
        assert_eq!(at(2025).joining.year_groups_text(), "Nursery 1 (N1): 1");
        assert_eq!(at(2024).on_roll.year_groups_text(), "Year 3: 1, Year 4: 1");
    }

    #[test]
    fn without_r11_there_is_no_table() {
        let s = scenario(None, None, vec![pupil("A", "SA3", true, YearGroup::Y(6), None, None)]);
        assert_eq!(movers(&s, &calculate(&s), 0), None);
    }
}
