//! The result JSON (R10.4): money as strings with exactly two decimals, shares as strings; each
//! pupil's year group in each AY where its school moves year groups up (R11.4).
//! Written straight from the outcome by [`Serialize`] implementations (no intermediate
//! document), so a county's 30 MB result streams out quickly.

use super::calc::{Outcome, SchoolOutcome};
use super::community::share_json;
use super::money::fmt_pennies;
use super::moving_up::{self, MovingUp};
use super::periods::Ay;
use super::scenario::{Pupil, Scenario, School, YearGroup};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::Value;

/// The result document of R10.4: serialize it (`serde_json::to_writer`) or turn it into a
/// value with [`to_json`].
pub struct ResultDoc<'a> {
    pub scenario: &'a Scenario,
    pub outcome: &'a Outcome,
}

/// The result document of R10.4 as a JSON value.
pub fn to_json(s: &Scenario, out: &Outcome) -> Value {
    serde_json::to_value(ResultDoc { scenario: s, outcome: out }).unwrap_or(Value::Null)
}

/// Money: exactly two decimals (R10.4).
struct M(i64);
impl Serialize for M {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&fmt_pennies(self.0))
    }
}

#[derive(Serialize)]
struct RateCardRef<'a> {
    id: &'a str,
    status: &'a str,
}

#[derive(Serialize)]
struct CommunityYearDoc {
    formula_share: String,
    historic_share: String,
    blended_share: String,
    topslice: M,
    net: M,
    gross: M,
    committed: M,
    discretionary: M,
    over_committed: bool,
}

#[derive(Serialize)]
struct SchoolYearDoc {
    direct: M,
    mgl_adjustment: M,
    community_indicative: Option<M>,
    current: M,
}

#[derive(Serialize)]
struct SchoolFyDoc {
    direct: M,
    current: M,
}

#[derive(Serialize)]
struct PupilYearDoc {
    route: &'static str,
    e3: M,
    current: M,
    flags: Vec<&'static str>,
    /// R11.4: the year group in the AY, only where the school has `year_group_as_at` and the
    /// pupil a year group; `null` outside the sequence (not yet at school, left after Year 14).
    #[serde(skip_serializing_if = "Option::is_none")]
    year_group: Option<Option<String>>,
}

#[derive(Serialize)]
struct PupilFyDoc {
    e3: M,
    current: M,
}

impl Serialize for ResultDoc<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut m = ser.serialize_map(Some(3))?;
        let card = &self.scenario.rate_card;
        m.serialize_entry("rate_card", &RateCardRef { id: &card.id, status: card.status.as_str() })?;
        m.serialize_entry("communities", &Communities(self))?;
        m.serialize_entry("schools", &Schools(self))?;
        m.end()
    }
}

struct Communities<'a>(&'a ResultDoc<'a>);
impl Serialize for Communities<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let (s, out) = (self.0.scenario, self.0.outcome);
        let mut q = ser.serialize_seq(Some(s.communities.len()))?;
        for (ci, c) in s.communities.iter().enumerate() {
            q.serialize_element(&CommunityDoc { id: &c.id, years: CommunityYears { out, ci } })?;
        }
        q.end()
    }
}

#[derive(Serialize)]
struct CommunityDoc<'a> {
    id: &'a str,
    years: CommunityYears<'a>,
}

struct CommunityYears<'a> {
    out: &'a Outcome,
    ci: usize,
}
impl Serialize for CommunityYears<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut m = ser.serialize_map(Some(self.out.county.len()))?;
        for cy in &self.out.county {
            let r = &cy.communities[self.ci];
            let doc = CommunityYearDoc {
                formula_share: share_json(&r.formula_share),
                historic_share: share_json(&r.historic_share),
                blended_share: share_json(&r.blended_share),
                topslice: M(r.topslice),
                net: M(r.net),
                gross: M(r.gross),
                committed: M(r.committed),
                discretionary: M(r.discretionary),
                over_committed: r.over_committed,
            };
            m.serialize_entry(&cy.ay.to_string(), &doc)?;
        }
        m.end()
    }
}

struct Schools<'a>(&'a ResultDoc<'a>);
impl Serialize for Schools<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let (s, out) = (self.0.scenario, self.0.outcome);
        let mut q = ser.serialize_seq(Some(s.schools.len()))?;
        for (school, so) in s.schools.iter().zip(&out.schools) {
            q.serialize_element(&SchoolDoc { school, so, out })?;
        }
        q.end()
    }
}

struct SchoolDoc<'a> {
    school: &'a School,
    so: &'a SchoolOutcome,
    out: &'a Outcome,
}
impl Serialize for SchoolDoc<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut m = ser.serialize_map(Some(5))?;
        m.serialize_entry("urn", &self.school.urn)?;
        m.serialize_entry("community", &self.school.community)?;
        m.serialize_entry("years", &SchoolYears(self))?;
        m.serialize_entry("financial_years", &SchoolFys(self))?;
        m.serialize_entry("pupils", &Pupils(self))?;
        m.end()
    }
}

struct SchoolYears<'a>(&'a SchoolDoc<'a>);
impl Serialize for SchoolYears<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let mut m = ser.serialize_map(Some(d.out.years.len()))?;
        for (y, sy) in d.out.years.iter().zip(&d.so.years) {
            let doc = SchoolYearDoc {
                direct: M(sy.direct),
                mgl_adjustment: M(sy.mgl_adjustment),
                community_indicative: sy.community_indicative.map(M),
                current: M(sy.current),
            };
            m.serialize_entry(&y.to_string(), &doc)?;
        }
        m.end()
    }
}

struct SchoolFys<'a>(&'a SchoolDoc<'a>);
impl Serialize for SchoolFys<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let mut m = ser.serialize_map(Some(d.out.fys.len()))?;
        for (f, sf) in d.out.fys.iter().zip(&d.so.fys) {
            m.serialize_entry(&f.to_string(), &SchoolFyDoc { direct: M(sf.direct), current: M(sf.current) })?;
        }
        m.end()
    }
}

struct Pupils<'a>(&'a SchoolDoc<'a>);
impl Serialize for Pupils<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let years: Vec<String> = d.out.years.iter().map(|y| y.to_string()).collect();
        let fys: Vec<String> = d.out.fys.iter().map(|f| f.to_string()).collect();
        let mu = MovingUp::of(d.school);
        let mut q = ser.serialize_seq(Some(d.school.pupils.len()))?;
        for (p, po) in d.school.pupils.iter().zip(&d.so.pupils) {
            q.serialize_element(&PupilDoc { pupil: p, mu, ays: &d.out.years, po, years: &years, fys: &fys })?;
        }
        q.end()
    }
}

struct PupilDoc<'a> {
    pupil: &'a Pupil,
    /// R11: the school's fields, for the pupil's year group in each AY (R11.4).
    mu: MovingUp,
    ays: &'a [Ay],
    po: &'a super::calc::PupilOutcome,
    years: &'a [String],
    fys: &'a [String],
}
impl Serialize for PupilDoc<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut m = ser.serialize_map(Some(3))?;
        m.serialize_entry("id", &self.pupil.id)?;
        m.serialize_entry("years", &PupilYears(self))?;
        m.serialize_entry("financial_years", &PupilFys(self))?;
        m.end()
    }
}

struct PupilYears<'a>(&'a PupilDoc<'a>);
impl Serialize for PupilYears<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let mut m = ser.serialize_map(Some(d.years.len()))?;
        for ((y, ay), py) in d.years.iter().zip(d.ays).zip(&d.po.years) {
            let year_group = moving_up::result_year_group(d.mu, d.pupil, *ay).map(|yg| yg.map(YearGroup::as_string));
            m.serialize_entry(y, &PupilYearDoc { route: py.route.as_str(), e3: M(py.e3), current: M(py.current), flags: py.flags.names(), year_group })?;
        }
        m.end()
    }
}

struct PupilFys<'a>(&'a PupilDoc<'a>);
impl Serialize for PupilFys<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let mut m = ser.serialize_map(Some(d.fys.len()))?;
        for (f, pf) in d.fys.iter().zip(&d.po.fys) {
            m.serialize_entry(f, &PupilFyDoc { e3: M(pf.e3), current: M(pf.current) })?;
        }
        m.end()
    }
}
