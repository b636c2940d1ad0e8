//! Which rule pays each pupil in each academic year (R4, with the year group of the AY, R11.2),
//! the tariff (R3.1), the moderation flags (R4.9, R5.9), and the pupil's amounts for a period
//! (R7.2, R7.3) over its months on roll (R7.1, R11.3).

pub use super::context::{setting_ix, BandInfo, Ctx, PupilCtx};
use super::explain::Trace;
use super::money::{div_round_half_up, fmt_fraction, format_gbp, format_gbp_fixed, times_small, Fixed, FIXED_PENNY};
use super::moving_up::{self, Place};
use super::periods::{describe_months, Ay, ALL_MONTHS};
use super::protection::{self, Protection};
use super::ratecard::{Route, Setting};
use super::scenario::{Pupil, YearGroup};

/// The route of R4 that pays a pupil in an AY (the names of the result JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PupilRoute {
    /// R4.1
    OutOfScope,
    /// R4.2, R4.3
    Current,
    /// R4.4, R4.8
    Tariff,
    /// R4.5
    ProtectedEhcp,
    /// R4.6
    CommunityExisting,
    /// R4.7, R4.9
    Community,
}

impl PupilRoute {
    pub const ALL: [PupilRoute; 6] =
        [PupilRoute::OutOfScope, PupilRoute::Current, PupilRoute::Tariff, PupilRoute::ProtectedEhcp, PupilRoute::CommunityExisting, PupilRoute::Community];
    pub fn as_str(self) -> &'static str {
        match self {
            PupilRoute::OutOfScope => "out_of_scope",
            PupilRoute::Current => "current",
            PupilRoute::Tariff => "tariff",
            PupilRoute::ProtectedEhcp => "protected_ehcp",
            PupilRoute::CommunityExisting => "community_existing",
            PupilRoute::Community => "community",
        }
    }
    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            PupilRoute::OutOfScope => "Outside the new model (early years or post-16)",
            PupilRoute::Current => "Current system",
            PupilRoute::Tariff => "Tariff (Specific Allocation Funding)",
            PupilRoute::ProtectedEhcp => "Protected EHCP rate",
            PupilRoute::CommunityExisting => "Community, existing claim",
            PupilRoute::Community => "Community",
        }
    }
}

/// Flags a pupil carries in an AY (R4.4, R4.9, R5.9), as a small bit set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flags(pub u8);

impl Flags {
    pub const BAND_BELOW_SETTING: Flags = Flags(1);
    pub const MODERATION: Flags = Flags(2);
    const NAMES: [(Flags, &'static str); 2] = [(Flags::BAND_BELOW_SETTING, "band_below_setting"), (Flags::MODERATION, "moderation")];

    pub fn has(self, f: Flags) -> bool {
        self.0 & f.0 != 0
    }
    pub fn set(&mut self, f: Flags) {
        self.0 |= f.0;
    }
    pub fn names(self) -> Vec<&'static str> {
        Flags::NAMES.iter().filter(|(f, _)| self.has(*f)).map(|(_, n)| *n).collect()
    }
}

/// What R4 (with R3 and R6) decides for a pupil in an AY: the route, the annual rate, the
/// months of the AY the rate applies in (all of them, but for option D's delay), and flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    pub route: PupilRoute,
    pub rate: Fixed,
    pub rate_months: u16,
    pub flags: Flags,
}

/// R4: the first rule that applies is the pupil's route for the AY.
#[inline] // the hot path: instantiated in `fast/` too, and built there for speed (calculate)
pub fn decide<T: Trace>(ctx: &Ctx, pc: &PupilCtx, prot: &Protection, ay: Ay, t: &mut T) -> Decision {
    let p = pc.pupil;
    let card = ctx.card;
    let current = pc.current;
    let flat = |route, rate| Decision { route, rate, rate_months: ALL_MONTHS, flags: Flags::default() };
    let cur_txt = || format_gbp(p.current_e3);

    // R4.1, with the year group of the AY (R11.2).
    if !pc.moving_up.applies() {
        if let Some(yg) = p.year_group.filter(|y| y.out_of_scope()) {
            t.step("R4.1", || {
                format!(
                    "Year group {} is outside Reception to Year 11 (early years and post-16 funding is unchanged), so the pupil is out of scope: the annual rate is the current E3 {}.",
                    yg.as_string(),
                    cur_txt()
                )
            });
            return flat(PupilRoute::OutOfScope, current);
        }
    } else if let Some(entered) = p.year_group {
        let place = pc.place(ay);
        t.step("R11.2", || format!("{}.", moving_up::describe_move(pc.moving_up, entered, ay)));
        if moving_up::out_of_model(place) {
            t.step("R4.1", || {
                let why = match place {
                    Place::In(y) => {
                        format!("Year group {} in {ay} is outside Reception to Year 11 (early years and post-16 funding is unchanged)", y.as_string())
                    }
                    _ => format!("In {ay} the pupil is {}, outside the sequence N1 … 14 (and Reception to Year 11)", moving_up::describe_place(place)),
                };
                let moved = if entered.out_of_scope() { "" } else { ", moved out of the new model by R11.2" };
                format!("{why}{moved}, so the pupil is out of scope: the annual rate is the current E3 {}.", cur_txt())
            });
            return flat(PupilRoute::OutOfScope, current);
        }
        if entered.out_of_scope() {
            t.step("R4.1", || {
                format!(
                    "Year group {} in {ay} is within Reception to Year 11 (recorded as {} in {}): moved into the new model by R11.2, so its rules apply.",
                    place.year_group().map_or_else(String::new, YearGroup::as_string),
                    entered.as_string(),
                    pc.moving_up.as_at.map_or_else(String::new, |a| a.to_string())
                )
            });
        }
    }
    // R4.2
    if ay < ctx.community_ay {
        t.step("R4.2", || {
            format!(
                "{ay} starts before Community budgets begin on {}, so the current system pays: the annual rate is the current E3 {} {}.",
                card.community_start,
                cur_txt(),
                card.cite("dates", "dates.community_start", &card.community_start.to_string())
            )
        });
        return flat(PupilRoute::Current, current);
    }
    let specialist = p.setting != Setting::Mainstream;
    // R4.3
    if specialist && ay < ctx.tariff_ay {
        t.step("R4.3", || {
            format!(
                "The pupil is in {} and {ay} starts before the tariff begins on {}, so the current system pays: the annual rate is the current E3 {} {}.",
                p.setting.phrase(),
                card.tariff_start,
                cur_txt(),
                card.cite("dates", "dates.tariff_start", &card.tariff_start.to_string())
            )
        });
        return flat(PupilRoute::Current, current);
    }
    // R4.4
    if specialist {
        if pc.band.route == Route::Tariff {
            let rate = pc.band.tariff[setting_ix(p.setting)];
            t.step("R4.4", || {
                format!("The pupil is in {} and {ay} is on or after the tariff start ({}), so the tariff pays.", p.setting.phrase(), card.tariff_start)
            });
            tariff_step(ctx, p, rate, t);
            return flat(PupilRoute::Tariff, rate);
        }
        t.step("R4.4", || {
            format!(
                "The pupil is in {} and {ay} is on or after the tariff start ({}), so the tariff pays; band {} is on the {} route, not the tariff, so the annual rate is £0.00 and the pupil is flagged band_below_setting.",
                p.setting.phrase(),
                card.tariff_start,
                p.band,
                pc.band.route.as_str()
            )
        });
        let mut d = flat(PupilRoute::Tariff, 0);
        d.flags.set(Flags::BAND_BELOW_SETTING);
        return d;
    }
    // Mainstream from here on.
    let mut d = if ay < ctx.tariff_ay {
        if p.ehcp && current > ctx.ehcp_direct {
            // R4.5
            t.step("R4.5", || {
                format!(
                    "Mainstream, {ay} is before the tariff start ({}), the pupil has an EHCP and the current E3 {} is above the direct threshold {}, so the EHCP rate is protected and paid directly: the annual rate is {} {}.",
                    card.tariff_start,
                    cur_txt(),
                    format_gbp(card.ehcp_direct),
                    cur_txt(),
                    card.cite("thresholds", "thresholds.ehcp_direct", &fmt_fraction(card.ehcp_direct))
                )
            });
            flat(PupilRoute::ProtectedEhcp, current)
        } else if current > 0 {
            // R4.6 with R6
            t.step("R4.6", || {
                let why = if p.ehcp {
                    format!("the pupil's EHCP rate {} is not above the direct threshold {}", cur_txt(), format_gbp(card.ehcp_direct))
                } else {
                    "the pupil has no EHCP".to_string()
                };
                format!(
                    "Mainstream, {ay} is before the tariff start ({}), {why}, and the pupil has an existing claim of {} a year: the Community decides the support; only the protected amount of R6 is paid directly.",
                    card.tariff_start,
                    cur_txt()
                )
            });
            let (rate, months) = protection::protected(ctx, pc, prot, ay, t);
            Decision { route: PupilRoute::CommunityExisting, rate, rate_months: months, flags: Flags::default() }
        } else {
            // R4.7
            t.step("R4.7", || format!("Mainstream, {ay} is before the tariff start ({}) and the pupil has no current E3: support is for the Community to fund; paid directly: £0.00.", card.tariff_start));
            flat(PupilRoute::Community, 0)
        }
    } else if p.ehcp && pc.band.route == Route::Tariff {
        // R4.8
        let rate = pc.band.tariff[setting_ix(p.setting)];
        t.step("R4.8", || {
            format!(
                "Mainstream, {ay} is on or after the tariff start ({}), the pupil has an EHCP and band {} is on the tariff route, so the tariff pays.",
                card.tariff_start, p.band
            )
        });
        tariff_step(ctx, p, rate, t);
        flat(PupilRoute::Tariff, rate)
    } else {
        // R4.9
        let mut d = flat(PupilRoute::Community, 0);
        if pc.band.route == Route::Tariff && !p.ehcp {
            d.flags.set(Flags::MODERATION);
            t.step("R4.9", || format!("Mainstream, {ay} is on or after the tariff start ({}): band {} is at a specific-allocation level but the pupil has no EHCP, so the Community funds the support and it is moderated (flag moderation). Paid directly: £0.00.", card.tariff_start, p.band));
        } else {
            t.step("R4.9", || {
                let why = if p.ehcp {
                    format!("band {} is on the {} route, not the tariff", p.band, pc.band.route.as_str())
                } else {
                    format!("the pupil has no EHCP (band {})", p.band)
                };
                format!(
                    "Mainstream, {ay} is on or after the tariff start ({}) and {why}: the Community funds any support. Paid directly: £0.00.",
                    card.tariff_start
                )
            });
        }
        d
    };
    // R5.9
    if matches!(d.route, PupilRoute::CommunityExisting | PupilRoute::Community) && current > ctx.moderation && !d.flags.has(Flags::MODERATION) {
        d.flags.set(Flags::MODERATION);
        t.step("R5.9", || {
            format!(
                "The current E3 {} is above the moderation threshold {}, so the pupil's support is moderated (flag moderation) {}.",
                cur_txt(),
                format_gbp(card.moderation),
                card.cite("thresholds", "thresholds.moderation", &fmt_fraction(card.moderation))
            )
        });
    }
    d
}

fn tariff_step<T: Trace>(ctx: &Ctx, p: &Pupil, rate: Fixed, t: &mut T) {
    let card = ctx.card;
    t.step("R3.1", || {
        let band = card.band(&p.band);
        let r = band.and_then(|b| b.rate).unwrap_or_default();
        let f = card.setting_factors.get(p.setting);
        let bsrc = band.and_then(|b| b.source.clone()).or_else(|| card.source_of("bands").map(str::to_string));
        let bcite = match bsrc {
            Some(s) => format!("(bands.{} rate = {}, source {s})", p.band, fmt_fraction(r)),
            None => format!("(bands.{} rate = {})", p.band, fmt_fraction(r)),
        };
        format!(
            "Tariff for band {}: rate {} × setting factor {} = {} a year {bcite} {}.",
            p.band,
            format_gbp(r),
            fmt_fraction(f),
            format_gbp_fixed(rate),
            card.cite("setting_factors", &format!("setting_factors.{}", p.setting.as_str()), &fmt_fraction(f))
        )
    });
}

/// R7.2 sums for one AY, split into September–March and April–August so that financial years
/// (R1.4) can be made from them without rounding twice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sums {
    pub autumn: Fixed,
    pub summer: Fixed,
}

impl Sums {
    /// Σ r_m over the on-roll months: the rate times the number of months it applies in.
    #[inline(always)]
    pub fn of(rate: Fixed, months: u16) -> Sums {
        use super::periods::{AUTUMN, SUMMER};
        Sums { autumn: times_small(rate, (months & AUTUMN).count_ones()), summer: times_small(rate, (months & SUMMER).count_ones()) }
    }
    #[inline(always)]
    pub fn total(self) -> Fixed {
        self.autumn + self.summer
    }
}

/// R7.2: `round(Σ r_m / 12)` in whole pennies: one division, one rounding.
#[inline(always)]
pub fn amount(sum: Fixed) -> i64 {
    div_round_half_up(sum, 12 * FIXED_PENNY) as i64
}

/// R7.1–R7.3 for one pupil and AY: the E3 and current-system sums, traced.
#[inline] // the hot path: instantiated in `fast/` too, and built there for speed (calculate)
pub fn pupil_sums<T: Trace>(pc: &PupilCtx, d: &Decision, ay: Ay, t: &mut T) -> (Sums, Sums) {
    let p = pc.pupil;
    let on = pc.months_on_roll(ay);
    let e3 = Sums::of(d.rate, on & d.rate_months);
    let cur = Sums::of(pc.current, on);
    let off = if pc.moving_up.applies() { moving_up::off_roll(pc.moving_up, pc.place(ay)) } else { None };
    match off {
        Some(off) => t.step("R11.3", || {
            format!(
                "{}, so the pupil is off roll for the whole of {ay}, as if its end date fell before it (R7.1): no months on roll.",
                capitalise(&moving_up::describe_off_roll(off, ay))
            )
        }),
        None => t.step("R7.1", || {
            let span = match (p.start, p.end) {
                (None, None) => "on roll throughout".to_string(),
                (Some(s), None) => format!("on roll from {s}"),
                (None, Some(e)) => format!("on roll until {e}"),
                (Some(s), Some(e)) => format!("on roll from {s} to {e}"),
            };
            format!("The pupil is {span}: in {ay} that is {}.", describe_months(on))
        }),
    }
    t.step("R7.2", || {
        let months = (on & d.rate_months).count_ones();
        let rest = if d.rate_months != ALL_MONTHS && on & !d.rate_months != 0 {
            format!(" (and £0.00 in the other {} on-roll month(s))", (on & !d.rate_months).count_ones())
        } else {
            String::new()
        };
        format!(
            "Element 3 = ({} a year × {months} month(s){rest}) / 12 = {}, rounded half-up to the penny.",
            format_gbp_fixed(d.rate),
            super::money::format_gbp_pennies(amount(e3.total()))
        )
    });
    t.step("R7.3", || {
        format!(
            "Current system = ({} a year × {} month(s)) / 12 = {}.",
            format_gbp(p.current_e3),
            on.count_ones(),
            super::money::format_gbp_pennies(amount(cur.total()))
        )
    });
    (e3, cur)
}

/// The text with its first letter in capitals (a sentence made of a phrase).
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
