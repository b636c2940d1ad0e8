//! R11, looking ahead: pupils move up a year each September and leavers leave.
//!
//! * R11.1 A school may say in which AY its pupils' `year_group`s are recorded
//!   (`year_group_as_at`, e.g. `2026/27`); without it every pupil's year group is as entered in
//!   every AY ([`MovingUp::of`]).
//! * R11.2 With `year_group_as_at` = A, a pupil's year group in AY Y is its entered year group
//!   moved `Y − A` places along N1, N2, R, 1, 2, … 14 (back for an AY before A); a pupil with no
//!   year group has none in any AY ([`place_in`]). R4.1 uses the year group of the AY
//!   ([`out_of_model`]).
//! * R11.3 A pupil is on roll in AY Y only where its year group in Y lies within the sequence
//!   (before N1: not yet at school; after 14: left) and is not after the school's
//!   `last_year_group`; otherwise it is off roll for the whole of Y, as if its `end` fell
//!   before Y (R7.1, R7.2), and its own `start` and `end` still apply in the years it is on
//!   roll ([`off_roll`], [`months_on_roll`]).
//! * R11.4 The result gives each pupil's year group in each AY where the school has
//!   `year_group_as_at` and the pupil a year group ([`result_year_group`]); an explanation of a
//!   figure R11 changed says so ([`describe_place`], [`describe_off_roll`]).
//!
//! A school without the fields gives exactly the figures it gave before: [`MovingUp::NONE`]
//! leaves every year group as entered and every pupil on roll by its own dates.

use super::periods::{Ay, OnRoll};
use super::scenario::{Pupil, School, YearGroup};

/// A school's R11 fields, as the hot path needs them (small and `Copy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MovingUp {
    /// R11.1 `year_group_as_at`.
    pub as_at: Option<Ay>,
    /// R11.3 `last_year_group` (only with `as_at`).
    pub last: Option<YearGroup>,
}

impl MovingUp {
    /// No R11: year groups as entered, every pupil on roll by its own dates.
    pub const NONE: MovingUp = MovingUp { as_at: None, last: None };

    /// R11.1: the school's fields.
    pub fn of(school: &School) -> MovingUp {
        MovingUp { as_at: school.year_group_as_at, last: school.last_year_group }
    }

    /// True when R11 moves this school's pupils (R11.1).
    #[inline(always)]
    pub fn applies(self) -> bool {
        self.as_at.is_some()
    }
}

/// Where a pupil is along the sequence N1, N2, R, 1 … 14 in an AY (R11.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The pupil has no year group (R2.1): none in any AY.
    NoYearGroup,
    /// In this year group.
    In(YearGroup),
    /// This many places before N1: not yet at school (R11.3).
    BeforeN1(u32),
    /// This many places after Year 14: left (R11.3).
    After14(u32),
}

impl Place {
    /// The year group, where the place is one of the sequence.
    pub fn year_group(self) -> Option<YearGroup> {
        match self {
            Place::In(y) => Some(y),
            _ => None,
        }
    }
}

/// R11.2: the pupil's year group in `ay`: as entered without `year_group_as_at`; with it, moved
/// `ay − as_at` places along the sequence (back for an AY before `as_at`).
#[inline(always)]
pub fn place_in(mu: MovingUp, entered: Option<YearGroup>, ay: Ay) -> Place {
    let Some(yg) = entered else { return Place::NoYearGroup };
    let Some(as_at) = mu.as_at else { return Place::In(yg) };
    // In i64: AYs a program builds need not be the 1990–2200 a scenario may give (no overflow).
    let p = i64::from(yg.position()) + i64::from(ay.0) - i64::from(as_at.0);
    let places = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    match i32::try_from(p).ok().and_then(YearGroup::at_position) {
        Some(y) => Place::In(y),
        None if p < 0 => Place::BeforeN1(places(-p)),
        None => Place::After14(places(p - i64::from(YearGroup::Y(14).position()))),
    }
}

/// Why R11.3 takes a pupil off roll for a whole AY.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffRoll {
    /// Its year group in the AY is before N1 (by this many places).
    NotYetAtSchool(u32),
    /// Its year group in the AY is after Year 14 (by this many places).
    LeftAfter14(u32),
    /// Its year group in the AY (the first) is after the school's last year group (the second).
    LeftAfterLast(YearGroup, YearGroup),
}

/// R11.3: whether the pupil is off roll for the whole AY, and why; `None`: on roll by its own
/// `start` and `end` (R2.1, R7.1).
#[inline(always)]
pub fn off_roll(mu: MovingUp, place: Place) -> Option<OffRoll> {
    match place {
        Place::NoYearGroup => None,
        Place::BeforeN1(n) => Some(OffRoll::NotYetAtSchool(n)),
        Place::After14(n) => Some(OffRoll::LeftAfter14(n)),
        Place::In(y) => match mu.last {
            Some(last) if y.position() > last.position() => Some(OffRoll::LeftAfterLast(y, last)),
            _ => None,
        },
    }
}

/// R11.3 with R7.1: the months of `ay` the pupil is on roll: none when R11.3 takes it off roll
/// for the year (as if its `end` fell before it), else the months of its own `start` and `end`.
#[inline(always)]
pub fn months_on_roll(mu: MovingUp, pupil: &Pupil, ay: Ay) -> u16 {
    if mu.applies() && off_roll(mu, place_in(mu, pupil.year_group, ay)).is_some() {
        return 0;
    }
    OnRoll { start: pupil.start, end: pupil.end }.months(ay)
}

/// R4.1 with R11.2: the pupil's year group in the AY is outside Reception to Year 11 — early
/// years or post-16 — or, moved, outside the sequence altogether (before N1, after Year 14),
/// which R4.1 treats alike.
#[inline(always)]
pub fn out_of_model(place: Place) -> bool {
    match place {
        Place::NoYearGroup => false,
        Place::In(y) => y.out_of_scope(),
        Place::BeforeN1(_) | Place::After14(_) => true,
    }
}

/// R11.4: the pupil's `year_group` in the result (R10.4) for an AY: absent (`None`) unless the
/// school has `year_group_as_at` and the pupil a year group; `Some(None)` (written `null`)
/// where the moved place lies outside the sequence (not yet at school, or left after Year 14).
pub fn result_year_group(mu: MovingUp, pupil: &Pupil, ay: Ay) -> Option<Option<YearGroup>> {
    if !mu.applies() || pupil.year_group.is_none() {
        return None;
    }
    Some(place_in(mu, pupil.year_group, ay).year_group())
}

/// A place for people: `Year 7`, `2 places before Nursery 1 (N1)`, `1 place after Year 14`.
pub fn describe_place(place: Place) -> String {
    let places = |n: u32| if n == 1 { "1 place".to_string() } else { format!("{n} places") };
    match place {
        Place::NoYearGroup => "no year group".to_string(),
        Place::In(y) => y.label(),
        Place::BeforeN1(n) => format!("{} before Nursery 1 (N1)", places(n)),
        Place::After14(n) => format!("{} after Year 14", places(n)),
    }
}

/// R11.2 for people: how the recorded year group becomes the AY's.
pub fn describe_move(mu: MovingUp, entered: YearGroup, ay: Ay) -> String {
    let Some(as_at) = mu.as_at else { return entered.label() };
    let place = describe_place(place_in(mu, Some(entered), ay));
    let d = i64::from(ay.0) - i64::from(as_at.0);
    let moved = match d {
        0 => "the year they are recorded in".to_string(),
        1 => "moved up 1 year along N1, N2, R, 1 … 14".to_string(),
        n if n > 0 => format!("moved up {n} years along N1, N2, R, 1 … 14"),
        -1 => "moved back 1 year along N1, N2, R, 1 … 14".to_string(),
        n => format!("moved back {} years along N1, N2, R, 1 … 14", -n),
    };
    format!("Year groups are recorded as at {as_at}: {} in {as_at} is {place} in {ay} ({moved})", entered.label())
}

/// R11.3 for people: `in Year 7 in 2027/28: left the school after Year 6`.
pub fn describe_off_roll(off: OffRoll, ay: Ay) -> String {
    match off {
        OffRoll::NotYetAtSchool(n) => format!("in {ay} the pupil would be {}: not yet at school", describe_place(Place::BeforeN1(n))),
        OffRoll::LeftAfter14(n) => format!("in {ay} the pupil would be {}: left (the sequence ends at Year 14)", describe_place(Place::After14(n))),
        OffRoll::LeftAfterLast(y, last) => format!("in {} in {ay}: left the school after {}", y.label(), last.label()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mu(as_at: i32, last: Option<YearGroup>) -> MovingUp {
        MovingUp { as_at: Some(Ay(as_at)), last }
    }

    #[test]
    fn r11_2_year_groups_move_along_the_sequence() {
        let m = mu(2026, None);
        assert_eq!(place_in(m, Some(YearGroup::Y(6)), Ay(2027)), Place::In(YearGroup::Y(7)));
        assert_eq!(place_in(m, Some(YearGroup::N2), Ay(2027)), Place::In(YearGroup::R));
        assert_eq!(place_in(m, Some(YearGroup::R), Ay(2027)), Place::In(YearGroup::Y(1)));
        assert_eq!(place_in(m, Some(YearGroup::R), Ay(2025)), Place::In(YearGroup::N2));
        assert_eq!(place_in(m, Some(YearGroup::N1), Ay(2024)), Place::BeforeN1(2));
        assert_eq!(place_in(m, Some(YearGroup::Y(14)), Ay(2027)), Place::After14(1));
        assert_eq!(place_in(m, None, Ay(2027)), Place::NoYearGroup);
        // Without year_group_as_at, as entered in every AY (R11.1).
        assert_eq!(place_in(MovingUp::NONE, Some(YearGroup::Y(6)), Ay(2030)), Place::In(YearGroup::Y(6)));
    }

    #[test]
    fn r11_3_off_roll_before_n1_after_14_and_after_the_last_year_group() {
        let m = mu(2026, Some(YearGroup::Y(6)));
        assert_eq!(off_roll(m, Place::In(YearGroup::Y(6))), None);
        assert_eq!(off_roll(m, Place::In(YearGroup::Y(7))), Some(OffRoll::LeftAfterLast(YearGroup::Y(7), YearGroup::Y(6))));
        assert_eq!(off_roll(m, Place::BeforeN1(1)), Some(OffRoll::NotYetAtSchool(1)));
        assert_eq!(off_roll(mu(2026, None), Place::After14(3)), Some(OffRoll::LeftAfter14(3)));
        assert_eq!(off_roll(m, Place::NoYearGroup), None);
        assert_eq!(describe_off_roll(OffRoll::LeftAfterLast(YearGroup::Y(7), YearGroup::Y(6)), Ay(2027)), "in Year 7 in 2027/28: left the school after Year 6");
    }

    #[test]
    fn far_away_years_do_not_overflow() {
        let m = MovingUp { as_at: Some(Ay(i32::MIN)), last: None };
        assert_eq!(place_in(m, Some(YearGroup::N1), Ay(i32::MAX)), Place::After14(u32::MAX - 16));
        let m = MovingUp { as_at: Some(Ay(i32::MAX)), last: None };
        assert_eq!(place_in(m, Some(YearGroup::Y(14)), Ay(i32::MIN)), Place::BeforeN1(u32::MAX - 16));
    }

    #[test]
    fn r11_2_the_move_for_people() {
        let m = mu(2026, None);
        assert_eq!(
            describe_move(m, YearGroup::N2, Ay(2027)),
            "Year groups are recorded as at 2026/27: Nursery 2 (N2) in 2026/27 is Reception in 2027/28 (moved up 1 year along N1, N2, R, 1 … 14)"
        );
        assert!(describe_move(m, YearGroup::Y(3), Ay(2024)).ends_with("is Year 1 in 2024/25 (moved back 2 years along N1, N2, R, 1 … 14)"));
        assert!(describe_move(m, YearGroup::Y(3), Ay(2026)).ends_with("is Year 3 in 2026/27 (the year they are recorded in)"));
    }

    #[test]
    fn positions_round_trip() {
        for p in 0..=16 {
            assert_eq!(YearGroup::at_position(p).map(YearGroup::position), Some(p));
        }
        assert_eq!(YearGroup::at_position(-1), None);
        assert_eq!(YearGroup::at_position(17), None);
    }
}
