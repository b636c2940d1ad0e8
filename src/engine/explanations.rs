//! "Explain this figure": the derivation of every figure the engine produces — a pupil's,
//! a school's or a Community's, for an academic or a financial year — in plain English, each
//! step citing its rule. Pupil and MGL steps come from re-running the engine's own functions
//! with a recording [`Trace`](super::explain::Trace); school and Community steps are written
//! from the engine's own intermediate figures.

use super::calc::{fy_mgl, setting_totals, Outcome};
use super::community::{share6, TERMS};
use super::exact;
use super::explain::{Explanation, NoTrace, Step, Trace};
use super::mgl;
use super::money::{fmt_fraction, fmt_percent, format_gbp, format_gbp_fixed, format_gbp_pennies};
use super::moving_up::{self, MovingUp};
use super::periods::{describe_months, Ay, Fy, AUTUMN, SUMMER};
use super::ratecard::IDACI_BANDS;
use super::routes::{self, Ctx, PupilCtx, PupilRoute};
use super::scenario::Scenario;

/// A pupil's Element 3 and current-system figure for an AY.
pub fn pupil_year(s: &Scenario, out: &Outcome, si: usize, pi: usize, ay: Ay) -> Option<Explanation> {
    let school = s.schools.get(si)?;
    let p = school.pupils.get(pi)?;
    let so = out.schools.get(si)?;
    let yi = out.year_ix(ay)?;
    let ctx = Ctx::new(&s.rate_card);
    let pc = PupilCtx::in_school(&ctx, p, MovingUp::of(school));
    let mut steps: Vec<Step> = Vec::new();
    steps.step("R2.1", || pupil_summary(s, si, pi));
    let d = routes::decide(&ctx, &pc, &so.protection, ay, &mut steps);
    routes::pupil_sums(&pc, &d, ay, &mut steps);
    let py = so.pupils[pi].years[yi];
    let change = py.e3 - py.current;
    steps.step("R10.4", || {
        let flags = py.flags.names();
        let flags = if flags.is_empty() { "no flags".to_string() } else { format!("flags: {}", flags.join(", ")) };
        format!(
            "Route {}: Element 3 {} against {} under the current system, a change of {}; {flags}.",
            py.route.as_str(),
            format_gbp_pennies(py.e3),
            format_gbp_pennies(py.current),
            signed(change)
        )
    });
    Some(Explanation { title: format!("Pupil {} at {} ({}), {ay}: Element 3 {}", p.id, school.name, school.urn, format_gbp_pennies(py.e3)), steps })
}

/// A pupil's Element 3 for an FY: the April–August of one AY and the September–March of the
/// next, one division and one rounding (R7.2).
pub fn pupil_fy(s: &Scenario, out: &Outcome, si: usize, pi: usize, fy: Fy) -> Option<Explanation> {
    let school = s.schools.get(si)?;
    let p = school.pupils.get(pi)?;
    let so = out.schools.get(si)?;
    let fi = out.fy_ix(fy)?;
    let ctx = Ctx::new(&s.rate_card);
    let mu = MovingUp::of(school);
    let pc = PupilCtx::in_school(&ctx, p, mu);
    let mut steps: Vec<Step> = Vec::new();
    steps.step("R2.1", || pupil_summary(s, si, pi));
    steps.step("R1.4", || {
        format!(
            "Financial year {fy} runs 1 April {} – 31 March {}: April–August of {} and September–March of {}.",
            fy.0,
            fy.0 + 1,
            fy.summer_ay(),
            fy.autumn_ay()
        )
    });
    let mut total = 0i128;
    let mut cur_months = 0u32;
    for (ay, part, label) in [(fy.summer_ay(), SUMMER, "April–August"), (fy.autumn_ay(), AUTUMN, "September–March")] {
        let d = routes::decide(&ctx, &pc, &so.protection, ay, &mut NoTrace);
        // R7.1 with R11.3: the months on roll of the AY's part, by the AY's own year group.
        let on = pc.months_on_roll(ay) & part;
        let months = (on & d.rate_months).count_ones();
        total += d.rate * months as i128;
        cur_months += on.count_ones();
        // R11.2: each part of the FY has its own AY's year group (the move is in September).
        let yg = match (mu.applies(), p.year_group) {
            (true, Some(_)) => format!(" ({})", moving_up::describe_place(pc.place(ay))),
            _ => String::new(),
        };
        if let Some(off) = mu.applies().then(|| moving_up::off_roll(mu, pc.place(ay))).flatten() {
            steps.step("R11.3", || format!("{label} {ay}: {}, so the pupil is off roll in these months.", moving_up::describe_off_roll(off, ay)));
        }
        steps.step(route_rule(d.route, ay, &ctx), || {
            format!(
                "{label} {ay}{yg}: route {}, annual rate {} in {} of the on-roll months ({}).",
                d.route.as_str(),
                format_gbp_fixed(d.rate),
                months,
                describe_months(on)
            )
        });
    }
    let f = so.pupils[pi].fys[fi];
    steps.step("R7.2", || {
        format!("Element 3 = (Σ monthly rates {}) / 12 = {}, rounded half-up to the penny once.", format_gbp_fixed(total), format_gbp_pennies(f.e3))
    });
    steps.step("R7.3", || {
        format!("Current system = ({} a year × {} on-roll months) / 12 = {}.", format_gbp(p.current_e3), cur_months, format_gbp_pennies(f.current))
    });
    Some(Explanation {
        title: format!("Pupil {} at {} ({}), financial year {fy}: Element 3 {}", p.id, school.name, school.urn, format_gbp_pennies(f.e3)),
        steps,
    })
}

fn route_rule(r: PupilRoute, ay: Ay, ctx: &Ctx) -> &'static str {
    match r {
        PupilRoute::OutOfScope => "R4.1",
        PupilRoute::Current if ay < ctx.community_ay => "R4.2",
        PupilRoute::Current => "R4.3",
        PupilRoute::Tariff => "R4.4/R4.8",
        PupilRoute::ProtectedEhcp => "R4.5",
        PupilRoute::CommunityExisting => "R4.6",
        PupilRoute::Community => "R4.7/R4.9",
    }
}

fn pupil_summary(s: &Scenario, si: usize, pi: usize) -> String {
    let p = &s.schools[si].pupils[pi];
    let band = s.rate_card.band(&p.band);
    let as_at = s.schools[si].year_group_as_at.map(|a| format!(" (recorded as at {a}, R11.1)")).unwrap_or_default();
    let yg = p.year_group.map(|y| format!(", year group {}{as_at}", y.as_string())).unwrap_or_default();
    format!(
        "Pupil {}: {}, band {} ({}, route {}), {}, current E3 {} a year{yg}.",
        p.id,
        p.setting.as_str(),
        p.band,
        band.map_or("unknown", |b| b.name.as_str()),
        band.map_or("none", |b| b.route.as_str()),
        if p.ehcp { "with an EHCP" } else { "no EHCP" },
        format_gbp(p.current_e3)
    )
}

fn signed(p: i64) -> String {
    if p > 0 {
        format!("+{}", format_gbp_pennies(p))
    } else {
        format_gbp_pennies(p)
    }
}

/// A school's figures for an AY: direct Element 3, MGL adjustment, indicative Community share
/// and the current-system total.
pub fn school_year(s: &Scenario, out: &Outcome, si: usize, ay: Ay) -> Option<Explanation> {
    let school = s.schools.get(si)?;
    let so = out.schools.get(si)?;
    let yi = out.year_ix(ay)?;
    let y = &so.years[yi];
    let card = &s.rate_card;
    let mut steps: Vec<Step> = Vec::new();
    // Pupils by route.
    let mut by_route: Vec<(PupilRoute, usize, i64)> = Vec::new();
    for po in &so.pupils {
        let py = po.years[yi];
        match by_route.iter_mut().find(|(r, _, _)| *r == py.route) {
            Some(e) => {
                e.1 += 1;
                e.2 += py.e3;
            }
            None => by_route.push((py.route, 1, py.e3)),
        }
    }
    by_route.sort_by_key(|(r, _, _)| PupilRoute::ALL.iter().position(|x| x == r));
    steps.step("R7.2", || {
        let parts: Vec<String> = by_route.iter().map(|(r, n, e)| format!("{n} on {} {}", r.as_str(), format_gbp_pennies(*e))).collect();
        format!(
            "Σ of the {} pupils' Element 3 for {ay} = {} ({}).",
            school.pupils.len(),
            format_gbp_pennies(y.e3),
            if parts.is_empty() { "no pupils".to_string() } else { parts.join("; ") }
        )
    });
    moving_up_step(school, ay, &mut steps);
    if ay >= card.tariff_ay() {
        for m in &y.mgl {
            let (n, c) = setting_totals(school, so, yi, m.setting);
            mgl::adjust(card, m.setting, ay, n, c, &mut steps);
        }
        if y.mgl.is_empty() {
            steps.step("R8", || "No setting is listed in mgl.applies_to, so there is no MGL adjustment.".to_string());
        }
    } else {
        steps.step("R8", || format!("{ay} is before the tariff AY {}: no maximum gains and losses adjustment.", card.tariff_ay()));
    }
    steps.step("R10.4", || {
        format!(
            "Direct Element 3 = pupils {} + MGL adjustment {} = {}.",
            format_gbp_pennies(y.e3),
            format_gbp_pennies(y.mgl_adjustment),
            format_gbp_pennies(y.direct)
        )
    });
    community_share_steps(s, out, si, ay, &mut steps);
    steps.step("R7.3", || {
        let change = y.direct - y.current;
        let pct = if y.current != 0 {
            format!(" ({}%)", exact::to_decimal(&(exact::ratio_int(change * 100) / exact::ratio_int(y.current)), 1))
        } else {
            String::new()
        };
        format!("Current system total = Σ pupils' current figures = {}; change in direct funding {}{pct}.", format_gbp_pennies(y.current), signed(change))
    });
    Some(Explanation { title: format!("{} ({}), {ay}: direct Element 3 {}", school.name, school.urn, format_gbp_pennies(y.direct)), steps })
}

/// R11.3 for a school's figure: how many of its pupils are off roll for the whole AY because
/// their year group has moved past the school's (or before it starts); nothing without
/// `year_group_as_at`.
fn moving_up_step(school: &super::scenario::School, ay: Ay, steps: &mut Vec<Step>) {
    let mu = MovingUp::of(school);
    let Some(as_at) = mu.as_at else { return };
    let (mut left, mut not_yet, mut past_14) = (0usize, 0usize, 0usize);
    for p in &school.pupils {
        match moving_up::off_roll(mu, moving_up::place_in(mu, p.year_group, ay)) {
            Some(moving_up::OffRoll::LeftAfterLast(..)) => left += 1,
            Some(moving_up::OffRoll::NotYetAtSchool(_)) => not_yet += 1,
            Some(moving_up::OffRoll::LeftAfter14(_)) => past_14 += 1,
            None => {}
        }
    }
    steps.step("R11.3", || {
        let mut parts = Vec::new();
        if left > 0 {
            let last = mu.last.map_or_else(String::new, |l| l.label());
            parts.push(format!("{left} left the school after {last}"));
        }
        if past_14 > 0 {
            parts.push(format!("{past_14} left after Year 14"));
        }
        if not_yet > 0 {
            parts.push(format!("{not_yet} not yet at school"));
        }
        let n = left + not_yet + past_14;
        if n == 0 {
            format!("Year groups are recorded as at {as_at} and move up a year each September (R11.2): in {ay} every pupil with a year group is within the school's years, so none is off roll for the year.")
        } else {
            format!(
                "Year groups are recorded as at {as_at} and move up a year each September (R11.2): in {ay} {n} pupil{} off roll for the whole year ({}), counted at £0.00.",
                if n == 1 { " is" } else { "s are" },
                parts.join(", ")
            )
        }
    });
}

fn community_share_steps(s: &Scenario, out: &Outcome, si: usize, ay: Ay, steps: &mut Vec<Step>) {
    let school = &s.schools[si];
    let so = &out.schools[si];
    let card = &s.rate_card;
    let Some(cid) = &school.community else {
        steps.step("R5.8", || "The school has no Community, so there is no indicative Community share.".to_string());
        return;
    };
    let Some(ci) = s.communities.iter().position(|c| &c.id == cid) else { return };
    let Some(cy) = out.county_year(ay) else {
        steps.step("R5.8", || {
            format!("There are no Community figures for {ay} (no pot for the year, or before Community budgets begin), so the indicative share is not shown.")
        });
        return;
    };
    let (Some(share), Some(ind)) = (&so.share, &school.indicators) else {
        steps.step("R5.8", || "The school has not entered its own indicators, so its indicative share of the Community budget is not shown.".to_string());
        return;
    };
    let c = &s.communities[ci];
    let cvals = super::community::indicator_values(card, &c.indicators);
    let svals = super::community::indicator_values(card, ind);
    steps.step("R5.8", || {
        let parts: Vec<String> = (0..4).map(|t| format!("{} {}/{}", TERMS[t], fmt_fraction(svals[t]), fmt_fraction(cvals[t]))).collect();
        format!("The school's share within Community {} = R5.3 with the Community's indicators as totals ({}) = {}.", c.id, parts.join(", "), share6(share))
    });
    let r = &cy.communities[ci];
    let ind_p = so.years[out.year_ix(ay).unwrap_or(0)].community_indicative.unwrap_or(0);
    steps.step("R5.8", || {
        format!(
            "Indicative Community share = max(0, discretionary {}) × {} = {}. Indicative only: the Community decides.",
            format_gbp_pennies(r.discretionary),
            share6(share),
            format_gbp_pennies(ind_p)
        )
    });
}

/// A school's figures for an FY.
pub fn school_fy(s: &Scenario, out: &Outcome, si: usize, fy: Fy) -> Option<Explanation> {
    let school = s.schools.get(si)?;
    let so = out.schools.get(si)?;
    let fi = out.fy_ix(fy)?;
    let f = so.fys[fi];
    let mut steps: Vec<Step> = Vec::new();
    steps.step("R1.4", || format!("Financial year {fy}: April–August of {} and September–March of {}.", fy.summer_ay(), fy.autumn_ay()));
    steps.step("R7.2", || {
        format!(
            "Σ of the {} pupils' Element 3 for {fy} = {} (each pupil's FY amount is one division and one rounding).",
            school.pupils.len(),
            format_gbp_pennies(f.e3)
        )
    });
    for (ay, summer) in [(fy.summer_ay(), true), (fy.autumn_ay(), false)] {
        if let Some(yi) = out.year_ix(ay) {
            let adj = so.years[yi].mgl_adjustment;
            if so.years[yi].mgl.is_empty() {
                continue;
            }
            let part = if summer { adj - mgl::autumn_part(adj) } else { mgl::autumn_part(adj) };
            steps.step("R8.4", || {
                if summer {
                    format!(
                        "{ay} MGL adjustment {}: {} − round({} × 7/12) = {} counts in {fy}.",
                        format_gbp_pennies(adj),
                        format_gbp_pennies(adj),
                        format_gbp_pennies(adj),
                        format_gbp_pennies(part)
                    )
                } else {
                    format!(
                        "{ay} MGL adjustment {}: round({} × 7/12) = {} counts in {fy}.",
                        format_gbp_pennies(adj),
                        format_gbp_pennies(adj),
                        format_gbp_pennies(part)
                    )
                }
            });
        }
    }
    let adj = fy_mgl(&out.years, &so.years, fy);
    steps.step("R10.4", || {
        format!(
            "Direct Element 3 = {} + MGL {} = {}; current system {}.",
            format_gbp_pennies(f.e3),
            format_gbp_pennies(adj),
            format_gbp_pennies(f.direct),
            format_gbp_pennies(f.current)
        )
    });
    Some(Explanation { title: format!("{} ({}), financial year {fy}: direct Element 3 {}", school.name, school.urn, format_gbp_pennies(f.direct)), steps })
}

/// A Community's budget for an AY (R5.1–R5.7).
pub fn community_year(s: &Scenario, out: &Outcome, ci: usize, ay: Ay) -> Option<Explanation> {
    let c = s.communities.get(ci)?;
    let cy = out.county_year(ay)?;
    let r = cy.communities.get(ci)?;
    let card = &s.rate_card;
    let n = s.communities.len();
    let mut steps: Vec<Step> = Vec::new();
    steps.step("R5.1", || {
        format!(
            "Top-slice T = {} × {n} communities = {}; distributable D = pot {} − T = {} {}.",
            format_gbp(card.community.topslice_per_community),
            format_gbp_pennies(cy.topslice_total),
            format_gbp_pennies(cy.pot),
            format_gbp_pennies(cy.distributable),
            card.cite("community", "community.topslice_per_community", &fmt_fraction(card.community.topslice_per_community))
        )
    });
    steps.step("R5.2", || {
        let idaci: Vec<String> = IDACI_BANDS
            .iter()
            .enumerate()
            .map(|(i, b)| format!("{b} {} × {}", c.indicators.idaci[i], fmt_fraction(card.community.idaci_band_weights[i])))
            .collect();
        format!(
            "Indicators of {}: pupils {}, IDACI {} = {}, LAC {}, low prior attainment {} {}.",
            c.id,
            r.values[0],
            idaci.join(" + "),
            fmt_fraction(r.values[1]),
            r.values[2],
            r.values[3],
            card.cite("community.idaci_band_weights", "community.idaci_band_weights", "A–F as listed")
        )
    });
    steps.step("R5.3", || match &cy.weights {
        None => format!(
            "Every indicator total is 0 (or every term with a total has weight 0), so each of the {n} communities has the same formula share: {}.",
            share6(&r.formula_share)
        ),
        Some(w) => {
            let parts: Vec<String> = (0..4)
                .map(|t| {
                    if cy.totals[t].is_zero() {
                        format!("{} dropped (county total 0)", TERMS[t])
                    } else {
                        format!("{} × {}/{}", share6(&w[t]), fmt_fraction(r.values[t]), fmt_fraction(cy.totals[t]))
                    }
                })
                .collect();
            format!(
                "Formula share = {} = {} (weights: population {}, deprivation {} split idaci {}, lac {}, lpa {}; {} {}).",
                parts.join(" + "),
                share6(&r.formula_share),
                fmt_fraction(card.community.w_pop),
                fmt_fraction(card.community.w_dep),
                fmt_fraction(card.community.mix_idaci),
                fmt_fraction(card.community.mix_lac),
                fmt_fraction(card.community.mix_lpa),
                card.cite("community.weights", "community.weights", "as listed"),
                card.cite("community.mix", "community.mix", "as listed")
            )
        }
    });
    steps.step("R5.4", || {
        if cy.historic_total.is_zero() {
            format!("No community has a historic allocation, so the historic share is the formula share: {}.", share6(&r.historic_share))
        } else {
            format!("Historic share = {} / {} = {}.", format_gbp(c.historic), format_gbp(cy.historic_total), share6(&r.historic_share))
        }
    });
    steps.step("R5.5", || {
        let hw = cy.historic_weight;
        format!(
            "{} × historic share {} + {} × formula share {} = {} {}.",
            fmt_percent(hw),
            share6(&r.historic_share),
            fmt_percent(rust_decimal::Decimal::ONE - hw),
            share6(&r.formula_share),
            share6(&r.blended_share),
            card.cite("community.historic_weight", &format!("community.historic_weight {ay}"), &fmt_fraction(hw))
        )
    });
    steps.step("R5.6", || {
        format!(
            "Net budget = D {} × {} = {} exactly; floored to the penny{} = {}. Gross = net + top-slice {} = {}.",
            format_gbp_pennies(cy.distributable),
            share6(&r.blended_share),
            mgl::gbp_exact(&r.exact_net),
            if r.extra_penny { " and given one of the leftover pennies (largest remainder)" } else { "" },
            format_gbp_pennies(r.net),
            format_gbp_pennies(r.topslice),
            format_gbp_pennies(r.gross)
        )
    });
    steps.step("R5.7", || {
        format!(
            "Committed (protected amounts of existing claims) {}; discretionary = {} − {} = {}{}.",
            format_gbp_pennies(r.committed),
            format_gbp_pennies(r.net),
            format_gbp_pennies(r.committed),
            format_gbp_pennies(r.discretionary),
            if r.over_committed { ": over-committed" } else { "" }
        )
    });
    // R11.3: existing claims of pupils who have left (or are not yet at school) commit nothing.
    if let Some(yi) = out.year_ix(ay) {
        let mut off = 0usize;
        for (school, so) in s.schools.iter().zip(&out.schools).filter(|(school, _)| school.community.as_deref() == Some(c.id.as_str())) {
            let mu = MovingUp::of(school);
            if !mu.applies() {
                continue;
            }
            off += school
                .pupils
                .iter()
                .zip(&so.pupils)
                .filter(|(p, po)| {
                    po.years[yi].route == PupilRoute::CommunityExisting && moving_up::off_roll(mu, moving_up::place_in(mu, p.year_group, ay)).is_some()
                })
                .count();
        }
        if off > 0 {
            steps.step("R11.3", || {
                format!(
                    "{off} pupil{} with an existing claim in the Community's schools {} off roll for the whole of {ay} (year groups moved up, R11.2: left, or not yet at school), so nothing of {} is committed.",
                    if off == 1 { "" } else { "s" },
                    if off == 1 { "is" } else { "are" },
                    if off == 1 { "it" } else { "them" }
                )
            });
        }
    }
    Some(Explanation { title: format!("Community {} ({}), {ay}: net budget {}", c.id, c.name, format_gbp_pennies(r.net)), steps })
}
