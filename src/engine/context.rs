//! The rate card and the pupils as the hot path of R3, R4 and R6 needs them: each band's R3.1
//! tariff per setting, the key AYs (R1.5) and thresholds (R4), exact, and each pupil with its
//! school's R11 fields (how its year group moves). Shared by [`super::routes`] and
//! [`super::protection`], so neither depends on the other for them.

use super::money::{to_fixed, Fixed};
use super::moving_up::{self, MovingUp, Place};
use super::periods::Ay;
use super::ratecard::{RateCard, Route, Setting};
use super::scenario::Pupil;

/// A band as the hot path needs it.
#[derive(Debug, Clone, Copy)]
pub struct BandInfo {
    pub route: Route,
    /// R3.1 per setting, exact.
    pub tariff: [Fixed; 3],
}

/// The rate card as the hot path needs it: key AYs and thresholds, and each band's tariff.
pub struct Ctx<'a> {
    pub card: &'a RateCard,
    pub community_ay: Ay,
    pub tariff_ay: Ay,
    pub ehcp_direct: Fixed,
    pub moderation: Fixed,
    /// Each band by its code, in the card's order: a card has a handful of bands, so looking a
    /// code up in a list is quicker than hashing it, once per pupil.
    pub bands: Vec<(&'a str, BandInfo)>,
}

/// A setting's place in [`BandInfo::tariff`].
pub fn setting_ix(s: Setting) -> usize {
    match s {
        Setting::Mainstream => 0,
        Setting::Srp => 1,
        Setting::Special => 2,
    }
}

impl<'a> Ctx<'a> {
    pub fn new(card: &'a RateCard) -> Ctx<'a> {
        let bands = card
            .bands
            .iter()
            .map(|b| {
                let tariff = Setting::ALL.map(|s| card.tariff_annual(&b.code, s).map(to_fixed).unwrap_or(0));
                (b.code.as_str(), BandInfo { route: b.route, tariff })
            })
            .collect();
        Ctx {
            card,
            community_ay: card.community_ay(),
            tariff_ay: card.tariff_ay(),
            ehcp_direct: to_fixed(card.ehcp_direct),
            moderation: to_fixed(card.moderation),
            bands,
        }
    }

    pub fn band(&self, code: &str) -> BandInfo {
        // Codes of one length often differ only at the end (`SA1` … `SA5`): comparing the last
        // byte first spares a call to `memcmp` (a byte loop on wasm32) for each code passed over.
        let last = code.as_bytes().last();
        self.bands
            .iter()
            .find(|(c, _)| c.len() == code.len() && c.as_bytes().last() == last && *c == code)
            .map(|(_, b)| *b)
            .unwrap_or(BandInfo { route: Route::None, tariff: [0; 3] })
    }
}

/// A pupil prepared for the hot path.
pub struct PupilCtx<'p> {
    pub pupil: &'p Pupil,
    pub band: BandInfo,
    pub current: Fixed,
    /// Its school's R11 fields: how its year group moves from AY to AY.
    pub moving_up: MovingUp,
}

impl<'p> PupilCtx<'p> {
    /// A pupil whose year group is as entered in every AY (no R11, as in a school without
    /// `year_group_as_at`).
    pub fn new(ctx: &Ctx, pupil: &'p Pupil) -> PupilCtx<'p> {
        PupilCtx::in_school(ctx, pupil, MovingUp::NONE)
    }

    /// A pupil of a school with the R11 fields `moving_up` ([`MovingUp::of`] the school).
    pub fn in_school(ctx: &Ctx, pupil: &'p Pupil, moving_up: MovingUp) -> PupilCtx<'p> {
        PupilCtx { pupil, band: ctx.band(&pupil.band), current: to_fixed(pupil.current_e3), moving_up }
    }

    /// R11.2: the pupil's place along the sequence in `ay` (its year group as entered without R11).
    #[inline(always)]
    pub fn place(&self, ay: Ay) -> Place {
        moving_up::place_in(self.moving_up, self.pupil.year_group, ay)
    }

    /// R7.1 with R11.3: the months of `ay` the pupil is on roll.
    #[inline(always)]
    pub fn months_on_roll(&self, ay: Ay) -> u16 {
        moving_up::months_on_roll(self.moving_up, self.pupil, ay)
    }
}
