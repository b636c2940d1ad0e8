//! The details form read by the engine (`Scenario::from_entered`, R2.2–R2.4, R5.8, R10.5),
//! with the same errors and paths as its scenario reader (`schools[0].indicators.lac`) and no
//! scenario document written or read; each typed path is mapped to its field by the one mapper
//! of every journey (`crate::error_path`). The form's own rules for what may be left blank are
//! checked here, in its words ([`check_details`]): indicators (R2.3), the Community's beside the
//! school's (R5.8), the historic allocation (R5.4), option B's share (R6.2). The checked
//! details, with the pupils added, are the scenario the engine computes ([`scenario_with`]).

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::error_path::{part_of, Part};
use sen_funding::engine::errors::Path;
use sen_funding::engine::money::fmt_fraction;
use sen_funding::engine::periods::Ay;
use sen_funding::engine::ratecard::{ProtectionOption, RateCard};
use sen_funding::engine::scenario::{band_errors_from, EnteredCommunity, EnteredCounty, EnteredIndicators, EnteredSchool, Pupil};
use sen_funding::engine::Scenario;

use super::details_form::{parse_percent, DetailField, Details, IndicatorsDraft, Others};

/// The outcome of reading the details: what the engine made of them, or every fault.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct DetailsCheck {
    /// Faults of a field, in the engine's words.
    pub faults: Vec<(DetailField, String)>,
    /// Faults that belong to no field of the form (other Communities or schools of an opened
    /// file), with their paths.
    pub other: Vec<String>,
    /// The scenario without the user's pupils, when there is no fault.
    pub base: Option<Rc<Scenario>>,
}

/// Indicators left blank in the form: 0 each.
const NO_INDICATORS: EnteredIndicators<'static> = EnteredIndicators { pupils: "0", idaci: ["0"; 6], lac: "0", lpa: "0" };

/// Indicators typed in the form, as the engine reads them (`None`: all blank, no indicators).
/// A blank IDACI band, LAC or LPA is 0; a blank count of pupils is missing, said here in the
/// form's words (and left blank for the engine, whose fault there is not repeated).
fn indicators_as_typed<'a>(d: &'a IndicatorsDraft, field: fn(String) -> DetailField, faults: &mut Vec<(DetailField, String)>) -> Option<EnteredIndicators<'a>> {
    if d.is_blank() {
        return None;
    }
    if d.pupils.trim().is_empty() {
        faults.push((field("pupils".to_string()), "is missing: enter the number of pupils aged 5 to 16".to_string()));
    }
    let or_zero = |s: &'a String| if s.trim().is_empty() { "0" } else { s.as_str() };
    Some(EnteredIndicators { pupils: &d.pupils, idaci: std::array::from_fn(|i| or_zero(&d.idaci[i])), lac: or_zero(&d.lac), lpa: or_zero(&d.lpa) })
}

/// Reads the details with the engine's typed entry point (`Scenario::from_entered`, R2.2–R2.4,
/// R5.8, R10.5): the school (without pupils), its Community, the pots, and any other
/// Communities and schools of an opened file, from the form's text as typed — no scenario
/// document is written or read, and the rate card is not read again. Each fault's typed path
/// is mapped to its field by the one mapper ([`crate::error_path::part_of`]); a fault of no
/// field (another Community or school of the file) is kept with its path.
///
/// A few checks are the form's own, in its words, because the form asks for less than a
/// scenario holds: a blank IDACI band, LAC or LPA is 0 and indicators all blank are none, but
/// a blank count of pupils is missing; the Community's indicators are needed beside the
/// school's (R5.8; left blank they are 0); the historic allocation may be left blank (0) only
/// without other Communities (R5.4); option B's share is a percentage (R6.2). The engine's
/// fault in a field the form has already faulted is not repeated.
///
/// The base scenario holds the school as `schools[0]` (its pupils are added by
/// [`scenario_with`]), then the other schools, cloned from `others`: this runs on a details
/// edit, not on a pupil's.
pub fn check_details(d: &Details, others: &Others, years: &[Ay], card: &RateCard) -> DetailsCheck {
    let mut faults: Vec<(DetailField, String)> = Vec::new();
    super::year_groups::own_faults(d, &mut faults);
    let has_community = !d.community_id.trim().is_empty();
    let school_ind = indicators_as_typed(&d.school_indicators, DetailField::SchoolIndicator, &mut faults);
    let community_ind = indicators_as_typed(&d.community_indicators, DetailField::CommunityIndicator, &mut faults);
    if has_community && school_ind.is_some() && !d.school_indicators.pupils.trim().is_empty() && community_ind.is_none() {
        faults.push((
            DetailField::CommunityIndicator("pupils".into()),
            "is missing: enter your Community's indicators too, because the school's share is worked out against them (R5.8)".into(),
        ));
    }

    let mut communities = Vec::new();
    let protection_rate;
    if has_community {
        let historic = if d.historic.trim().is_empty() {
            if !others.communities.is_empty() {
                faults.push((
                    DetailField::Historic,
                    "is missing: enter your Community's historic allocation (0 if none): with the county's Communities it sets its historic share (R5.4)"
                        .into(),
                ));
            }
            "0"
        } else {
            d.historic.as_str()
        };
        protection_rate = match d.protection_rate.trim() {
            "" => String::new(),
            typed => parse_percent(typed).map(fmt_fraction).unwrap_or_else(|e| {
                faults.push((DetailField::ProtectionRate, e));
                String::new()
            }),
        };
        communities.push(EnteredCommunity {
            id: &d.community_id,
            name: if d.community_name.trim().is_empty() { &d.community_id } else { &d.community_name },
            indicators: community_ind.unwrap_or(NO_INDICATORS),
            historic,
            // A value the option buttons cannot hold (from a file opened to be fixed) is the
            // rate card's default.
            protection: ProtectionOption::parse(&d.protection).map_or("", ProtectionOption::as_str),
            protection_rate: &protection_rate,
        });
    }

    // The pots of the modelled years, when there is a Community to share them (R2.4).
    let pots = if has_community || !others.communities.is_empty() {
        d.pots.iter().filter_map(|(ay, text)| Ay::parse(ay).ok().filter(|y| years.contains(y)).map(|y| (y, text.as_str()))).collect()
    } else {
        Vec::new()
    };
    let county = EnteredCounty {
        years,
        pots,
        communities,
        read_communities: &others.communities,
        entered_schools: vec![EnteredSchool {
            urn: &d.urn,
            name: &d.name,
            community: &d.community_id,
            indicators: school_ind,
            year_group_as_at: &d.year_group_as_at,
            last_year_group: &d.last_year_group,
        }],
        schools: &others.schools,
    };
    let checked = Scenario::from_entered(card, &county);
    // The other schools' pupils against the card in force (R2.1): `schools[1]` on.
    let bands = band_errors_from(card, &others.schools, 1);

    let errs = match checked {
        Ok(mut s) if faults.is_empty() && bands.is_empty() => {
            s.schools.extend(others.schools.iter().cloned());
            return DetailsCheck { faults, other: Vec::new(), base: Some(Rc::new(s)) };
        }
        Ok(_) => bands,
        Err(mut errs) => {
            errs.extend(bands);
            errs
        }
    };
    let own = faults.len();
    let mut other = Vec::new();
    for e in errs {
        match detail_field_of(&e.path, has_community, &d.pots) {
            Some(f) if faults[..own].iter().any(|(g, _)| *g == f) => {}
            Some(f) => faults.push((f, e.message)),
            None => other.push(e.to_string()),
        }
    }
    DetailsCheck { faults, other, base: None }
}

/// The field of the form an engine error's typed path names, where it is one (the one mapper,
/// [`part_of`]): the school is `schools[0]`, its Community (when it has one) `communities[0]`.
fn detail_field_of(path: &Path, own_community: bool, pots: &BTreeMap<String, String>) -> Option<DetailField> {
    match part_of(path)? {
        Part::School(0, keys) => match keys.as_slice() {
            [] | ["name"] => Some(DetailField::Name),
            ["urn"] => Some(DetailField::Urn),
            ["community"] => Some(DetailField::CommunityId),
            ["indicators", key @ ..] if !key.is_empty() => Some(DetailField::SchoolIndicator(key.join("."))),
            ["year_group_as_at"] => Some(DetailField::YearGroupsAsAt),
            ["last_year_group"] => Some(DetailField::LastYearGroup),
            _ => None,
        },
        Part::Community(0, keys) if own_community => match keys.as_slice() {
            ["id"] => Some(DetailField::CommunityId),
            ["name"] => Some(DetailField::CommunityName),
            ["historic"] => Some(DetailField::Historic),
            ["protection"] => Some(DetailField::Protection),
            ["protection_rate"] => Some(DetailField::ProtectionRate),
            ["indicators", key @ ..] if !key.is_empty() => Some(DetailField::CommunityIndicator(key.join("."))),
            _ => None,
        },
        // The pot's field is keyed by the year as the form holds it.
        Part::Pot(ay) => Some(DetailField::Pot(pots.keys().find(|k| Ay::parse(k).ok() == Some(ay)).cloned().unwrap_or_else(|| ay.to_string()))),
        _ => None,
    }
}

/// The whole scenario: the checked details and the pupils (in row order).
pub fn scenario_with(base: &Scenario, pupils: Vec<Pupil>) -> Scenario {
    let mut s = base.clone();
    if let Some(school) = s.schools.first_mut() {
        school.pupils = pupils;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::super::rows::{parse_one, Cells};
    use super::*;
    use rust_decimal::Decimal;
    use sen_funding::engine::errors::Seg;
    use sen_funding::engine::periods::default_years;
    use sen_funding::engine::scenario::{Community, Indicators, School};
    use serde_json::json;

    fn card() -> RateCard {
        RateCard::from_json_str(include_str!("../../../www/ratecards/kent-illustrative-2025.json")).expect("the shipped card")
    }

    fn draft(pupils: &str, idaci: [&str; 6], lac: &str, lpa: &str) -> IndicatorsDraft {
        IndicatorsDraft { pupils: pupils.into(), idaci: idaci.map(String::from), lac: lac.into(), lpa: lpa.into() }
    }

    /// A school of Community C01 with its indicators and a budget for 2025/26.
    fn details() -> Details {
        let mut d = Details {
            name: "Our School".into(),
            urn: "118001".into(),
            community_id: "C01".into(),
            community_name: "Our Community".into(),
            protection: "B".into(),
            protection_rate: "60".into(),
            historic: "£300,000".into(),
            school_indicators: draft("300", ["1", "2", "3", "4", "5", "6"], "2", "40"),
            community_indicators: draft("1,200", ["10", "20", "30", "40", "50", "60"], "7", "150"),
            ..Details::default()
        };
        d.pots.insert("2025/26".into(), "£1,250,000".into());
        d
    }

    fn community(id: &str, pupils: u64) -> Community {
        let indicators = Indicators { pupils, idaci: [10, 20, 30, 40, 50, 60], lac: 5, lpa: 100 };
        Community { id: id.into(), name: format!("Community {id}"), indicators, historic: Decimal::from(250_000), protection: None, protection_rate: None }
    }

    fn school(urn: &str, community: Option<&str>) -> School {
        let cells: Cells = ["P1", "mainstream", "SA3", "no", "4000", "", "", ""].map(String::from);
        let pupil = parse_one(&cells, &card()).pupil().cloned().expect("a pupil");
        School {
            urn: urn.into(),
            name: format!("School {urn}"),
            community: community.map(String::from),
            indicators: None,
            pupils: vec![pupil],
            ..School::default()
        }
    }

    /// Two other Communities and two other schools, as from an opened county file.
    fn others() -> Others {
        Others { communities: vec![community("C02", 900), community("C03", 800)], schools: vec![school("118002", Some("C01")), school("118003", Some("C02"))] }
    }

    fn check(d: &Details, o: &Others) -> DetailsCheck {
        check_details(d, o, &default_years(), &card())
    }

    fn fault(f: DetailField, m: &str) -> (DetailField, String) {
        (f, m.to_string())
    }

    const MONEY: &str = "must be an amount in pounds from 0 to 1,000,000,000 with at most two decimals, e.g. 6000 or 6000.50";

    // R2.2–R2.4, R10.3: valid details are the scenario the engine reads from the same fields:
    // the school first, without pupils, then the others; its Community first.
    #[test]
    fn valid_details_are_the_base_scenario_with_the_school_first() {
        let o = others();
        let c = check(&details(), &o);
        assert_eq!((c.faults.as_slice(), c.other.as_slice()), (&[][..], &[][..]));
        let base = c.base.expect("a base scenario");
        let mut by_json = Scenario::from_value(
            &json!({
                "rate_card": card().to_json(),
                "pots": {"2025/26": "1250000.00"},
                "communities": [
                    {"id": "C01", "name": "Our Community", "historic": "300000.00", "protection": "B", "protection_rate": "0.6",
                     "indicators": {"pupils": 1200, "idaci": {"A": 10, "B": 20, "C": 30, "D": 40, "E": 50, "F": 60}, "lac": 7, "lpa": 150}},
                ],
                "schools": [{"urn": "118001", "name": "Our School", "community": "C01", "pupils": [],
                             "indicators": {"pupils": 300, "idaci": {"A": 1, "B": 2, "C": 3, "D": 4, "E": 5, "F": 6}, "lac": 2, "lpa": 40}}],
            }),
            &mut |_| Err("no files".into()),
        )
        .expect("the same fields as a document");
        by_json.communities.extend(o.communities.iter().cloned());
        by_json.schools.extend(o.schools.iter().cloned());
        assert_eq!(*base, by_json);
        assert_eq!(base.schools.iter().map(|s| s.urn.as_str()).collect::<Vec<_>>(), ["118001", "118002", "118003"]);
        assert!(base.schools[0].pupils.is_empty());
        assert_eq!(base.communities[0].protection_rate, Some(Decimal::new(6, 1)));
        // scenario_with fills the school's pupils, schools[0].
        let p = o.schools[0].pupils[0].clone();
        assert_eq!(scenario_with(&base, vec![p.clone()]).schools[0].pupils, vec![p]);
    }

    // Without a Community or other Communities: no pots, a historic allocation of 0 (R5.4).
    #[test]
    fn a_school_alone_needs_no_community_and_no_historic_allocation() {
        let mut d = details();
        d.community_id = String::new();
        d.community_indicators = IndicatorsDraft::default();
        let c = check(&d, &Others::default());
        let base = c.base.expect("valid");
        assert!(base.communities.is_empty() && base.pots.is_empty() && base.schools[0].community.is_none());
        let mut d = details();
        d.historic = " ".into();
        let base = check(&d, &Others::default()).base.expect("valid");
        assert_eq!(base.communities[0].historic, Decimal::ZERO);
    }

    // R10.5: each of the engine's faults, found under its typed path, reaches its field.
    #[test]
    fn r10_5_each_fault_of_the_details_is_mapped_to_its_field() {
        let mut d = details();
        d.urn = "9".repeat(65);
        d.name = "  ".into();
        d.school_indicators.pupils = "12x".into();
        d.community_indicators.idaci[2] = "-3".into();
        d.community_name = "N".repeat(201);
        d.historic = "£1,00".into();
        d.protection_rate = "175".into();
        d.pots.insert("2025/26".into(), "lots".into());
        d.pots.insert("2026/27".into(), "1,000".into());
        let c = check(&d, &others());
        assert_eq!(
            c.faults,
            [
                fault(DetailField::ProtectionRate, "must be a percentage from 0 to 100, e.g. 60 (got \"175\")"),
                fault(DetailField::CommunityName, "must be at most 200 characters (got 201)"),
                fault(DetailField::CommunityIndicator("idaci.C".into()), "must be a whole number of 0 or more, e.g. 120 (got \"-3\")"),
                fault(DetailField::Historic, &format!("{MONEY} (got \"£1,00\")")),
                fault(DetailField::Pot("2025/26".into()), &format!("{MONEY} (got \"lots\")")),
                fault(DetailField::Pot("2026/27".into()), "the pot 1000.00 is less than the top-slice 30000.00 (3 communities × 10000.00, R5.1)"),
                fault(DetailField::Urn, "must be at most 64 characters (got 65)"),
                fault(DetailField::Name, "must not be empty"),
                fault(DetailField::SchoolIndicator("pupils".into()), "must be a whole number of 0 or more, e.g. 120 (got \"12x\")"),
            ]
        );
        assert!(c.other.is_empty(), "{:?}", c.other);
        assert!(c.base.is_none());
    }

    // R5.8: a school's indicator above its Community's is the school's field's fault; the
    // form's own faults are said in its words, and the engine's in the same field not again.
    #[test]
    fn r5_8_the_forms_own_checks_keep_their_words() {
        let mut d = details();
        d.community_indicators = draft("350", ["10", "20", "2", "40", "50", "60"], "7", "150");
        let c = check(&d, &others());
        let over = "3 is more than its community's 2 (communities[0].indicators.idaci.C); a school's share comes from within its community (R5.8)";
        assert_eq!(c.faults, [fault(DetailField::SchoolIndicator("idaci.C".into()), over)]);

        // A blank count of pupils is missing (blank bands, LAC and LPA are 0); the historic
        // allocation is needed beside other Communities (R5.4).
        let mut d = details();
        d.school_indicators = draft("", ["", "", "", "", "", ""], "3", "");
        d.community_indicators.pupils = " ".into();
        d.historic = String::new();
        let c = check(&d, &others());
        assert_eq!(
            c.faults,
            [
                fault(DetailField::SchoolIndicator("pupils".into()), "is missing: enter the number of pupils aged 5 to 16"),
                fault(DetailField::CommunityIndicator("pupils".into()), "is missing: enter the number of pupils aged 5 to 16"),
                fault(
                    DetailField::Historic,
                    "is missing: enter your Community's historic allocation (0 if none): with the county's Communities it sets its historic share (R5.4)"
                ),
            ]
        );

        // The Community's indicators left blank beside the school's: asked for, and 0 meanwhile.
        let mut d = details();
        d.community_indicators = IndicatorsDraft::default();
        d.school_indicators = draft("300", ["", "", "", "", "", ""], "", "");
        let c = check(&d, &Others::default());
        assert_eq!(
            c.faults,
            [
                fault(
                    DetailField::CommunityIndicator("pupils".into()),
                    "is missing: enter your Community's indicators too, because the school's share is worked out against them (R5.8)"
                ),
                fault(
                    DetailField::SchoolIndicator("pupils".into()),
                    "300 is more than its community's 0 (communities[0].indicators.pupils); a school's share comes from within its community (R5.8)"
                ),
            ]
        );
    }

    // The other Communities and schools of an opened file: a fault of theirs is no field's, and
    // is kept with its path.
    #[test]
    fn r10_5_faults_of_the_others_are_kept_with_their_paths() {
        let mut d = details();
        d.community_id = "C02".into();
        d.urn = "118003".into();
        let c = check(&d, &others());
        assert!(c.faults.is_empty(), "{:?}", c.faults);
        assert_eq!(
            c.other,
            [
                "communities[1].id: \"C02\" is listed twice: community ids must be unique",
                "schools[1].community: unknown community \"C01\" (known: C02, C03)",
                "schools[2].urn: \"118003\" is listed twice: URNs must be unique",
            ]
        );
        // Their pupils' bands, against the card in force (R2.1).
        let mut o = others();
        o.schools[1].pupils[0].band = "SA9".into();
        let c = check(&details(), &o);
        assert!(c.faults.is_empty() && c.base.is_none());
        assert_eq!(c.other.len(), 1);
        assert!(c.other[0].starts_with("schools[2].pupils[0].band: unknown band \"SA9\" (known: "), "{:?}", c.other);
    }

    #[test]
    fn detail_fields_come_from_typed_paths() {
        let pots: BTreeMap<String, String> = [("2026/27".to_string(), String::new())].into();
        let at = |segs: Vec<Seg>, own| detail_field_of(&Path::from_segments(segs), own, &pots);
        let k = |s: &str| Seg::Key(s.to_string());
        assert_eq!(at(vec![k("schools"), Seg::Index(0), k("urn")], true), Some(DetailField::Urn));
        assert_eq!(at(vec![k("schools"), Seg::Index(0)], true), Some(DetailField::Name));
        assert_eq!(at(vec![k("schools"), Seg::Index(0), k("indicators"), k("idaci"), k("F")], true), Some(DetailField::SchoolIndicator("idaci.F".into())));
        assert_eq!(at(vec![k("schools"), Seg::Index(0), k("indicators")], true), None);
        assert_eq!(at(vec![k("schools"), Seg::Index(1), k("urn")], true), None);
        assert_eq!(at(vec![k("communities"), Seg::Index(0), k("historic")], true), Some(DetailField::Historic));
        assert_eq!(at(vec![k("communities"), Seg::Index(0), k("indicators"), k("lpa")], true), Some(DetailField::CommunityIndicator("lpa".into())));
        // Without a Community of its own, communities[0] is another's.
        assert_eq!(at(vec![k("communities"), Seg::Index(0), k("historic")], false), None);
        assert_eq!(at(vec![k("pots"), k("2026/27")], false), Some(DetailField::Pot("2026/27".into())));
        assert_eq!(at(vec![k("schools"), Seg::Index(0), k("pupils"), Seg::Index(0), k("band")], true), None);
    }
}
