//! The whole calculation: every pupil's route and amounts per AY and FY (R4, R6, R7, with its
//! year group moved up each AY and leavers off roll, R11), the Community budgets (R5), each
//! school's totals with its MGL adjustment and indicative Community share (R5.8, R8), ready for
//! the result JSON (R10.4).

use super::community::{self, CountyYear};
use super::exact::Ratio;
use super::explain::NoTrace;
use super::mgl::{self, MglYear};
use super::moving_up::MovingUp;
use super::periods::{financial_years, Ay, Fy};
use super::protection::Protection;
use super::ratecard::Setting;
use super::routes::{self, Ctx, Flags, PupilCtx, PupilRoute, Sums};
use super::scenario::Scenario;
use std::collections::HashMap;

/// A pupil in one AY.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PupilYear {
    pub route: PupilRoute,
    pub flags: Flags,
    /// R7.2, pennies.
    pub e3: i64,
    /// R7.3, pennies.
    pub current: i64,
}

/// A pupil in one FY (R7.2 over the FY's months), pennies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PupilFy {
    pub e3: i64,
    pub current: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PupilOutcome {
    /// Parallel to [`Outcome::years`].
    pub years: Vec<PupilYear>,
    /// Parallel to [`Outcome::fys`].
    pub fys: Vec<PupilFy>,
}

/// A school in one AY (R10.4), pennies.
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolYear {
    pub e3: i64,
    pub mgl: Vec<MglYear>,
    pub mgl_adjustment: i64,
    pub direct: i64,
    /// R5.8; `None` without school indicators or community figures.
    pub community_indicative: Option<i64>,
    pub current: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SchoolFy {
    pub e3: i64,
    /// R8.4
    pub mgl_adjustment: i64,
    pub direct: i64,
    pub current: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SchoolOutcome {
    pub protection: Protection,
    /// R5.8: the school's share within its community, where it has indicators.
    pub share: Option<Ratio>,
    pub years: Vec<SchoolYear>,
    pub fys: Vec<SchoolFy>,
    pub pupils: Vec<PupilOutcome>,
}

/// Everything the model computes for a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub years: Vec<Ay>,
    pub fys: Vec<Fy>,
    /// R5, for each modelled AY that has a pot (from the community AY on).
    pub county: Vec<CountyYear>,
    pub schools: Vec<SchoolOutcome>,
}

impl Outcome {
    pub fn year_ix(&self, ay: Ay) -> Option<usize> {
        self.years.iter().position(|y| *y == ay)
    }
    pub fn fy_ix(&self, fy: Fy) -> Option<usize> {
        self.fys.iter().position(|y| *y == fy)
    }
    pub fn county_year(&self, ay: Ay) -> Option<&CountyYear> {
        self.county.iter().find(|c| c.ay == ay)
    }
}

/// R7.2 for an FY: the April–August of one AY and the September–March of the next.
#[inline(always)]
fn fy_amount(summer: &Sums, autumn: &Sums) -> i64 {
    routes::amount(summer.summer + autumn.autumn)
}

/// R4, R6 and R7 for one pupil across the modelled years.
pub fn pupil_outcome(ctx: &Ctx, pc: &PupilCtx, prot: &Protection, years: &[Ay], fys: &[Fy]) -> PupilOutcome {
    pupil_outcome_with(ctx, pc, prot, years, &fy_parts(years, fys), &mut Vec::new())
}

/// For each FY (R1.4), the positions in `years` of the AY of its April–August and of the AY of
/// its September–March.
fn fy_parts(years: &[Ay], fys: &[Fy]) -> Vec<(Option<usize>, Option<usize>)> {
    fys.iter().map(|fy| (years.iter().position(|y| *y == fy.summer_ay()), years.iter().position(|y| *y == fy.autumn_ay()))).collect()
}

/// [`pupil_outcome`] with the FYs' parts worked out once for every pupil, and the AYs' R7.2
/// sums kept in `sums`, a buffer lent by the caller (the county's 50,000 pupils are then not
/// 50,000 allocations more).
#[inline] // the hot path: instantiated in `fast/` too, and built there for speed (calculate)
fn pupil_outcome_with(
    ctx: &Ctx,
    pc: &PupilCtx,
    prot: &Protection,
    years: &[Ay],
    fy_parts: &[(Option<usize>, Option<usize>)],
    sums: &mut Vec<(Sums, Sums)>,
) -> PupilOutcome {
    let mut out_years = Vec::with_capacity(years.len());
    sums.clear();
    for &ay in years {
        let d = routes::decide(ctx, pc, prot, ay, &mut NoTrace);
        let (e3, cur) = routes::pupil_sums(pc, &d, ay, &mut NoTrace);
        out_years.push(PupilYear { route: d.route, flags: d.flags, e3: routes::amount(e3.total()), current: routes::amount(cur.total()) });
        sums.push((e3, cur));
    }
    let fy_out = fy_parts
        .iter()
        .map(|parts| match *parts {
            (Some(s), Some(a)) => PupilFy { e3: fy_amount(&sums[s].0, &sums[a].0), current: fy_amount(&sums[s].1, &sums[a].1) },
            _ => PupilFy::default(),
        })
        .collect();
    PupilOutcome { years: out_years, fys: fy_out }
}

/// Runs the whole model on a valid scenario.
///
/// `#[inline]`: the web app calls it through `fast/` (`sen_funding_fast::calculate`), which the
/// release profile builds for speed; inlining makes the calculation that crate's code.
#[inline]
pub fn calculate(s: &Scenario) -> Outcome {
    let card = &s.rate_card;
    let ctx = Ctx::new(card);
    let years = s.years.clone();
    let fys = financial_years(&years);
    let community_ix: HashMap<&str, usize> = s.communities.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    // Each school's community, by its position: looked up once per school.
    let school_ci: Vec<Option<usize>> = s.schools.iter().map(|school| school.community.as_deref().and_then(|c| community_ix.get(c)).copied()).collect();
    let parts = fy_parts(&years, &fys);
    let mut sums = Vec::with_capacity(years.len());

    // Pupils (R4, R6, R7).
    let mut schools: Vec<SchoolOutcome> = s
        .schools
        .iter()
        .zip(&school_ci)
        .map(|(school, ci)| {
            let community = ci.map(|i| &s.communities[i]);
            let protection = Protection::for_community(card, community);
            // R11: each pupil's year group and months on roll follow the school's fields.
            let mu = MovingUp::of(school);
            let pupils =
                school.pupils.iter().map(|p| pupil_outcome_with(&ctx, &PupilCtx::in_school(&ctx, p, mu), &protection, &years, &parts, &mut sums)).collect();
            SchoolOutcome { protection, share: None, years: Vec::new(), fys: Vec::new(), pupils }
        })
        .collect();

    // R5.7: commitments, per community per AY.
    let mut committed = vec![vec![0i64; s.communities.len()]; years.len()];
    for (&ci, out) in school_ci.iter().zip(&schools) {
        if let Some(ci) = ci {
            for p in &out.pupils {
                for (yi, py) in p.years.iter().enumerate() {
                    if py.route == PupilRoute::CommunityExisting {
                        committed[yi][ci] += py.e3;
                    }
                }
            }
        }
    }

    // R5: each AY with a pot, from the community AY on.
    let county: Vec<CountyYear> = years
        .iter()
        .enumerate()
        .filter(|(_, ay)| **ay >= card.community_ay())
        .filter_map(|(yi, ay)| s.pots.get(ay).map(|pot| community::budgets(card, &s.communities, *ay, *pot, &committed[yi])))
        .collect();

    // R5.8: schools' shares within their communities.
    let mut members = vec![0usize; s.communities.len()];
    for (school, &ci) in s.schools.iter().zip(&school_ci) {
        if let (Some(ci), Some(_)) = (ci, &school.indicators) {
            members[ci] += 1;
        }
    }

    for ((school, &ci), out) in s.schools.iter().zip(&school_ci).zip(schools.iter_mut()) {
        out.share = match (ci, &school.indicators) {
            (Some(ci), Some(ind)) => Some(community::school_share(card, ind, &s.communities[ci].indicators, members[ci])),
            _ => None,
        };
        // School AYs (R8, R10.4).
        out.years = years
            .iter()
            .enumerate()
            .map(|(yi, &ay)| {
                let e3: i64 = out.pupils.iter().map(|p| p.years[yi].e3).sum();
                let current: i64 = out.pupils.iter().map(|p| p.years[yi].current).sum();
                let mgl: Vec<MglYear> = if ay >= card.tariff_ay() {
                    card.mgl
                        .applies_to
                        .iter()
                        .map(|&setting| match setting_totals(school, out, yi, setting) {
                            (0, 0) => mgl::nothing(card, setting),
                            (n, c) => mgl::adjust(card, setting, ay, n, c, &mut NoTrace),
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                let mgl_adjustment = mgl.iter().map(|m| m.adjustment).sum();
                let community_indicative = match (ci, &out.share, county.iter().find(|c| c.ay == ay)) {
                    (Some(ci), Some(share), Some(cy)) => Some(community::indicative(cy.communities[ci].discretionary, share)),
                    _ => None,
                };
                SchoolYear { e3, mgl, mgl_adjustment, direct: e3 + mgl_adjustment, community_indicative, current }
            })
            .collect();
        // School FYs (R8.4, R10.4).
        out.fys = fys
            .iter()
            .enumerate()
            .map(|(fi, fy)| {
                let e3: i64 = out.pupils.iter().map(|p| p.fys[fi].e3).sum();
                let current: i64 = out.pupils.iter().map(|p| p.fys[fi].current).sum();
                let mgl_adjustment = fy_mgl(&years, &out.years, *fy);
                SchoolFy { e3, mgl_adjustment, direct: e3 + mgl_adjustment, current }
            })
            .collect();
    }
    Outcome { years, fys, county, schools }
}

/// R8.1: `N` and `C` for the school's pupils in one setting.
#[inline] // the hot path: instantiated in `fast/` too, and built there for speed (calculate)
pub fn setting_totals(school: &super::scenario::School, out: &SchoolOutcome, yi: usize, setting: Setting) -> (i64, i64) {
    school.pupils.iter().zip(&out.pupils).filter(|(p, _)| p.setting == setting).fold((0, 0), |(n, c), (_, o)| (n + o.years[yi].e3, c + o.years[yi].current))
}

/// R8.4: the MGL adjustment of an FY: the school's adjustment (R10.4's `mgl_adjustment`) for
/// the AY of its April–August, less the part counted before, plus `round(adj × 7/12)` of the
/// next AY's.
pub fn fy_mgl(years: &[Ay], school_years: &[SchoolYear], fy: Fy) -> i64 {
    let mut total = 0;
    if let Some(i) = years.iter().position(|y| *y == fy.summer_ay()) {
        let adj = school_years[i].mgl_adjustment;
        total += adj - mgl::autumn_part(adj);
    }
    if let Some(i) = years.iter().position(|y| *y == fy.autumn_ay()) {
        total += mgl::autumn_part(school_years[i].mgl_adjustment);
    }
    total
}

/// A school's Element 3 in an AY by route (for the chart of the transition), pennies, in the
/// order of [`PupilRoute::ALL`]; routes with no pupils are left out.
pub fn e3_by_route(out: &SchoolOutcome, yi: usize) -> Vec<(PupilRoute, usize, i64)> {
    PupilRoute::ALL
        .iter()
        .filter_map(|&r| {
            let (n, e3) = out.pupils.iter().map(|p| p.years[yi]).filter(|y| y.route == r).fold((0, 0), |(n, e), y| (n + 1, e + y.e3));
            (n > 0).then_some((r, n, e3))
        })
        .collect()
}

/// One protection option's effect on a school in the community AY.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionOutcome {
    pub option: super::ratecard::ProtectionOption,
    /// The school's direct Element 3 in the community AY, pennies.
    pub direct: i64,
    /// Of which protected amounts of existing claims (R6), pennies.
    pub protected: i64,
    /// Pupils with a protected amount above zero.
    pub pupils_protected: usize,
}

/// The four protection options A–D side by side for a school in the community AY (R6): the
/// same calculation with each option in turn. `None` when the community AY is not modelled.
pub fn protection_options(s: &Scenario, si: usize) -> Option<Vec<OptionOutcome>> {
    let card = &s.rate_card;
    let ay = card.community_ay();
    let years = [ay];
    let school = s.schools.get(si)?;
    if !s.years.contains(&ay) {
        return None;
    }
    let ctx = Ctx::new(card);
    let community = school.community.as_deref().and_then(|c| s.community(c));
    let base = Protection::for_community(card, community);
    Some(
        super::ratecard::ProtectionOption::ALL
            .iter()
            .map(|&option| {
                let prot = base.with_option(option);
                let (mut direct, mut protected, mut n) = (0, 0, 0);
                let mut sums = Vec::with_capacity(1);
                let mu = MovingUp::of(school);
                for p in &school.pupils {
                    let o = pupil_outcome_with(&ctx, &PupilCtx::in_school(&ctx, p, mu), &prot, &years, &[], &mut sums);
                    let y = o.years[0];
                    direct += y.e3;
                    if y.route == PupilRoute::CommunityExisting {
                        protected += y.e3;
                        n += usize::from(y.e3 > 0);
                    }
                }
                OptionOutcome { option, direct, protected, pupils_protected: n }
            })
            .collect(),
    )
}
