//! R10.5: a county as entered in a form — Communities, a school without pupils, the pots, and
//! the Communities and schools already read from a file — checked by the engine's typed entry
//! point (`Scenario::from_entered`) gives exactly what the scenario reader
//! (`Scenario::from_value`) gives for the scenario document of the same fields: the same
//! errors, in the same order, under the same typed paths, and the same scenario when there is
//! no fault.

use sen_funding::engine::errors::{Path, Seg};
use sen_funding::engine::periods::default_years;
use sen_funding::engine::scenario::{
    band_errors_from, tidy_count, tidy_money, tidy_option, tidy_rate, Community, EnteredCommunity, EnteredCounty, EnteredIndicators, EnteredSchool, Indicators,
    School,
};
use sen_funding::engine::{Ay, Errors, InputError, RateCard, Scenario};
use serde_json::{json, Map, Value};

const SHIPPED: &str = include_str!("../www/ratecards/kent-illustrative-2025.json");

fn card() -> RateCard {
    RateCard::from_json_str(SHIPPED).expect("the shipped card")
}

/// Indicators as typed.
#[derive(Clone)]
struct Ind {
    pupils: String,
    idaci: [String; 6],
    lac: String,
    lpa: String,
}

fn ind(pupils: &str, idaci: [&str; 6], lac: &str, lpa: &str) -> Ind {
    Ind { pupils: pupils.into(), idaci: idaci.map(String::from), lac: lac.into(), lpa: lpa.into() }
}

/// A Community as typed.
#[derive(Clone)]
struct CommunityForm {
    id: String,
    name: String,
    ind: Ind,
    historic: String,
    protection: String,
    protection_rate: String,
}

/// A school as typed (no pupils).
#[derive(Clone)]
struct SchoolForm {
    urn: String,
    name: String,
    community: String,
    ind: Option<Ind>,
    /// R11.1, R11.3 as typed; blank for none.
    as_at: String,
    last: String,
}

/// What a form holds, and what was read from a file.
#[derive(Clone)]
struct Form {
    years: Vec<Ay>,
    pots: Vec<(Ay, String)>,
    communities: Vec<CommunityForm>,
    read_communities: Vec<Community>,
    schools: Vec<SchoolForm>,
    read_schools: Vec<School>,
}

impl Ind {
    fn entered(&self) -> EnteredIndicators<'_> {
        EnteredIndicators { pupils: &self.pupils, idaci: std::array::from_fn(|i| self.idaci[i].as_str()), lac: &self.lac, lpa: &self.lpa }
    }
    /// As the scenario document writes it: each count as typed, tidied as the typed route
    /// tidies it.
    fn to_json(&self) -> Value {
        let b = ["A", "B", "C", "D", "E", "F"];
        let idaci: Map<String, Value> = b.iter().zip(&self.idaci).map(|(b, t)| (b.to_string(), json!(tidy_count(t)))).collect();
        json!({"pupils": tidy_count(&self.pupils), "idaci": idaci, "lac": tidy_count(&self.lac), "lpa": tidy_count(&self.lpa)})
    }
}

impl Form {
    fn entered(&self) -> EnteredCounty<'_> {
        EnteredCounty {
            years: &self.years,
            pots: self.pots.iter().map(|(y, t)| (*y, t.as_str())).collect(),
            communities: self
                .communities
                .iter()
                .map(|c| EnteredCommunity {
                    id: &c.id,
                    name: &c.name,
                    indicators: c.ind.entered(),
                    historic: &c.historic,
                    protection: &c.protection,
                    protection_rate: &c.protection_rate,
                })
                .collect(),
            read_communities: &self.read_communities,
            entered_schools: self
                .schools
                .iter()
                .map(|s| EnteredSchool {
                    urn: &s.urn,
                    name: &s.name,
                    community: &s.community,
                    indicators: s.ind.as_ref().map(Ind::entered),
                    year_group_as_at: &s.as_at,
                    last_year_group: &s.last,
                })
                .collect(),
            schools: &self.read_schools,
        }
    }

    /// The scenario document (R10.3) of the same fields, with the card inline.
    fn to_json(&self, card: &RateCard) -> Value {
        let mut communities: Vec<Value> = self
            .communities
            .iter()
            .map(|c| {
                let mut m = Map::new();
                m.insert("id".into(), json!(c.id));
                m.insert("name".into(), json!(c.name));
                m.insert("indicators".into(), c.ind.to_json());
                m.insert("historic".into(), json!(tidy_money(&c.historic)));
                if !tidy_option(&c.protection).is_empty() {
                    m.insert("protection".into(), json!(tidy_option(&c.protection)));
                }
                if !tidy_rate(&c.protection_rate).is_empty() {
                    m.insert("protection_rate".into(), json!(tidy_rate(&c.protection_rate)));
                }
                Value::Object(m)
            })
            .collect();
        communities.extend(self.read_communities.iter().map(Community::to_json));
        let mut schools: Vec<Value> = self
            .schools
            .iter()
            .map(|s| {
                let mut m = Map::new();
                m.insert("urn".into(), json!(s.urn));
                m.insert("name".into(), json!(s.name));
                if !s.community.trim().is_empty() {
                    m.insert("community".into(), json!(s.community));
                }
                if let Some(i) = &s.ind {
                    m.insert("indicators".into(), i.to_json());
                }
                // R11: blank is absent; as typed (trimmed) otherwise.
                if !s.as_at.trim().is_empty() {
                    m.insert("year_group_as_at".into(), json!(s.as_at.trim()));
                }
                if !s.last.trim().is_empty() {
                    m.insert("last_year_group".into(), json!(s.last.trim()));
                }
                m.insert("pupils".into(), json!([]));
                Value::Object(m)
            })
            .collect();
        schools.extend(self.read_schools.iter().map(School::to_json));
        let pots: Map<String, Value> = self.pots.iter().filter(|(_, t)| !t.trim().is_empty()).map(|(y, t)| (y.to_string(), json!(tidy_money(t)))).collect();
        json!({
            "rate_card": card.to_json(),
            "years": self.years.iter().map(|y| y.to_string()).collect::<Vec<_>>(),
            "pots": pots,
            "communities": communities,
            "schools": schools,
        })
    }
}

fn by_json(card: &RateCard, f: &Form) -> Result<Scenario, Errors> {
    Scenario::from_value(&f.to_json(card), &mut |_| Err("no files".into()))
}

/// The typed route, with the read schools' bands (which it leaves to [`band_errors_from`]) and
/// the read schools after the entered ones, as the caller lends them.
fn by_typed(card: &RateCard, f: &Form) -> Result<Scenario, Errors> {
    let bands = band_errors_from(card, &f.read_schools, f.schools.len());
    match Scenario::from_entered(card, &f.entered()) {
        Err(mut errs) => {
            errs.extend(bands);
            Err(errs)
        }
        Ok(_) if !bands.is_empty() => Err(bands),
        Ok(mut s) => {
            assert_eq!(s.schools.len(), f.schools.len(), "only the entered schools are built");
            s.schools.extend(f.read_schools.iter().cloned());
            Ok(s)
        }
    }
}

fn texts(errs: &[InputError]) -> Vec<String> {
    errs.iter().map(|e| e.to_string()).collect()
}

/// Both routes' errors, checked equal (message, typed path, order); the errors as text.
fn same_errors(card: &RateCard, f: &Form) -> Vec<String> {
    let typed = by_typed(card, f).expect_err("faults expected (typed)");
    let json = by_json(card, f).expect_err("faults expected (JSON)");
    assert_eq!(texts(&typed), texts(&json));
    for (t, j) in typed.iter().zip(&json) {
        assert_eq!(t.path.segments(), j.path.segments(), "{t}");
        assert_eq!(t.message, j.message);
    }
    texts(&typed)
}

fn has(errs: &[String], expected: &str) {
    assert!(errs.iter().any(|e| e == expected), "missing {expected:?} in {errs:#?}");
}

fn indicators(pupils: u64, lac: u64) -> Indicators {
    Indicators { pupils, idaci: [10, 20, 30, 40, 50, 60], lac, lpa: 100 }
}

fn read_community(id: &str, pupils: u64) -> Community {
    Community {
        id: id.into(),
        name: format!("Community {id}"),
        indicators: indicators(pupils, 5),
        historic: 250000.into(),
        protection: None,
        protection_rate: None,
    }
}

fn read_school(urn: &str, community: Option<&str>, ind: Option<Indicators>) -> School {
    let f = sen_funding::engine::scenario::Pupil {
        id: format!("P{urn}"),
        setting: sen_funding::engine::Setting::Mainstream,
        band: "SA3".into(),
        ehcp: false,
        current_e3: 4000.into(),
        year_group: None,
        start: None,
        end: None,
    };
    School { urn: urn.into(), name: format!("School {urn}"), community: community.map(String::from), indicators: ind, pupils: vec![f], ..School::default() }
}

/// A valid county as a school's details form holds it: its own Community and school typed in,
/// two other Communities and three other schools from an opened file.
fn valid() -> Form {
    let years = default_years();
    let pots = vec![(years[1], "£1,250,000".to_string()), (years[2], " ".to_string())];
    Form {
        years,
        pots,
        communities: vec![CommunityForm {
            id: " C01 ".into(),
            name: "Our Community".into(),
            ind: ind("1,200", ["10", "20", "30", "40", "50", "60"], "7", "150"),
            historic: "£300,000.50".into(),
            protection: "b".into(),
            protection_rate: "62.5%".into(),
        }],
        read_communities: vec![read_community("C02", 900), read_community("C03", 800)],
        schools: vec![SchoolForm {
            urn: " 118001".into(),
            name: "Our School".into(),
            community: "C01".into(),
            ind: Some(ind("300", ["1", "2", "3", "4", "5", "6"], "2", "40")),
            as_at: String::new(),
            last: String::new(),
        }],
        read_schools: vec![
            read_school("118002", Some("C01"), Some(indicators(100, 1))),
            read_school("118003", Some("C02"), None),
            read_school("118004", None, None),
        ],
    }
}

#[test]
fn r10_5_typed_entry_of_valid_details_is_the_scenario_the_json_gives() {
    let card = card();
    for f in [
        valid(),
        // No Community of its own, no indicators, no pots, nothing read.
        Form {
            pots: Vec::new(),
            communities: Vec::new(),
            read_communities: Vec::new(),
            schools: vec![SchoolForm {
                urn: "118001".into(),
                name: "Our School".into(),
                community: "".into(),
                ind: None,
                as_at: String::new(),
                last: String::new(),
            }],
            read_schools: Vec::new(),
            ..valid()
        },
    ] {
        let typed = by_typed(&card, &f).unwrap_or_else(|e| panic!("{:#?}", texts(&e)));
        let json = by_json(&card, &f).unwrap_or_else(|e| panic!("{:#?}", texts(&e)));
        assert_eq!(typed, json);
    }
    let s = by_typed(&card, &valid()).expect("valid");
    assert_eq!(s.schools[0].urn, "118001");
    assert_eq!(s.schools[0].community.as_deref(), Some("C01"));
    assert_eq!(s.schools[0].indicators.map(|i| i.lpa), Some(40));
    assert!(s.schools[0].pupils.is_empty());
    assert_eq!(s.schools.iter().map(|x| x.urn.as_str()).collect::<Vec<_>>(), ["118001", "118002", "118003", "118004"]);
    assert_eq!(s.communities.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["C01", "C02", "C03"]);
    assert_eq!(s.communities[0].historic, rust_decimal::Decimal::new(30000050, 2));
    assert_eq!(s.communities[0].protection_rate, Some(rust_decimal::Decimal::new(625, 3)));
    assert_eq!(s.communities[0].indicators.pupils, 1200);
    assert_eq!(s.pots.get(&valid().years[1]), Some(&rust_decimal::Decimal::from(1_250_000)));
    assert_eq!(s.pots.len(), 1, "a blank pot is none");
}

#[test]
fn r10_5_typed_entry_of_a_faulty_school_gives_the_json_errors() {
    let card = card();
    let mut f = valid();
    {
        let s = &mut f.schools[0];
        s.urn = "9".repeat(65);
        s.name = "  ".into();
        s.community = "C09".into();
        s.ind = Some(ind("12x", ["1", "2", "-3", "4", "5", "6"], "", "40"));
    }
    let errs = same_errors(&card, &f);
    assert_eq!(
        errs,
        [
            "schools[0].urn: must be at most 64 characters (got 65)",
            "schools[0].name: must not be empty",
            "schools[0].community: unknown community \"C09\" (known: C01, C02, C03)",
            "schools[0].indicators.pupils: must be a whole number of 0 or more, e.g. 120 (got \"12x\")",
            "schools[0].indicators.idaci.C: must be a whole number of 0 or more, e.g. 120 (got \"-3\")",
            "schools[0].indicators.lac: must be a whole number of 0 or more, e.g. 120 (got \"\")",
        ]
    );
    let e = by_typed(&card, &f).expect_err("faults");
    assert_eq!(e[0].path.segments(), &[Seg::Key("schools".into()), Seg::Index(0), Seg::Key("urn".into())]);
}

// R5.8: a school's indicators above its Community's, the entered school's and a read one's.
#[test]
fn r5_8_typed_entry_reports_indicators_over_the_community_as_the_json_does() {
    let card = card();
    let mut f = valid();
    f.communities[0].ind = ind("350", ["10", "20", "2", "40", "50", "60"], "1", "150");
    f.read_schools[1].indicators = Some(indicators(1000, 1));
    let errs = same_errors(&card, &f);
    assert_eq!(
        errs,
        [
            "schools[0].indicators.idaci.C: 3 is more than its community's 2 (communities[0].indicators.idaci.C); a school's share comes from within its community (R5.8)",
            "schools[0].indicators.lac: 2 is more than its community's 1 (communities[0].indicators.lac); a school's share comes from within its community (R5.8)",
            "schools[1].indicators.idaci.C: 30 is more than its community's 2 (communities[0].indicators.idaci.C); a school's share comes from within its community (R5.8)",
            "schools[2].indicators.pupils: 1000 is more than its community's 900 (communities[1].indicators.pupils); a school's share comes from within its community (R5.8)",
        ]
    );
}

#[test]
fn r10_5_typed_entry_of_a_faulty_community_and_pots_gives_the_json_errors() {
    let card = card();
    let mut f = valid();
    {
        let c = &mut f.communities[0];
        c.historic = "£1,00".into();
        c.protection = " e ".into();
        c.protection_rate = "150%".into();
        c.name = "".into();
    }
    let (y1, y2, y3) = (f.years[1], f.years[2], f.years[0]);
    f.pots = vec![(y3, "100".into()), (y1, "lots".into()), (y2, "1,000".into())];
    let errs = same_errors(&card, &f);
    assert_eq!(
        errs,
        [
            "communities[0].name: must not be empty".to_string(),
            "communities[0].historic: must be an amount in pounds from 0 to 1,000,000,000 with at most two decimals, e.g. 6000 or 6000.50 (got \"£1,00\")"
                .into(),
            "communities[0].protection: must be one of A, B, C, D (got \"E\")".into(),
            "communities[0].protection_rate: must be between 0 and 1 (got \"1.5\")".into(),
            format!("pots.{y3}: {y3} is before the community AY {y1}: Community budgets begin on 2025-09-01 (R1.5, R2.4)"),
            format!("pots.{y1}: must be an amount in pounds from 0 to 1,000,000,000 with at most two decimals, e.g. 6000 or 6000.50 (got \"lots\")"),
            format!("pots.{y2}: the pot 1000.00 is less than the top-slice 30000.00 (3 communities × 10000.00, R5.1)"),
        ]
    );
}

// Ids and URNs are unique across what was entered and what was read; a read school's
// Community must still be there.
#[test]
fn r10_5_typed_entry_checks_the_others_of_an_opened_file_as_the_json_does() {
    let card = card();
    let mut f = valid();
    f.communities[0].id = "C02".into();
    f.schools[0].community = "C02".into();
    f.schools[0].urn = "118003".into();
    f.read_schools.push(read_school("118004", Some("C03"), None));
    let errs = same_errors(&card, &f);
    has(&errs, "communities[1].id: \"C02\" is listed twice: community ids must be unique");
    has(&errs, "schools[1].community: unknown community \"C01\" (known: C02, C03)");
    has(&errs, "schools[2].urn: \"118003\" is listed twice: URNs must be unique");
    has(&errs, "schools[4].urn: \"118004\" is listed twice: URNs must be unique");
    assert_eq!(errs.len(), 4, "{errs:#?}");
}

// R2.1: the read schools' bands against the card in force, under their place in the list.
#[test]
fn r10_5_the_read_schools_bands_are_reported_at_their_place_as_the_json_does() {
    let mut card = card();
    let gone = card.bands.iter().position(|b| b.code == "SA3").expect("SA3");
    card.bands.remove(gone);
    let errs = same_errors(&card, &valid());
    assert_eq!(errs.len(), 3, "{errs:#?}");
    assert!(errs[0].starts_with("schools[1].pupils[0].band: unknown band \"SA3\" (known: "), "{errs:#?}");
    assert!(errs[2].starts_with("schools[3].pupils[0].band: "), "{errs:#?}");
    assert!(Path::parse("schools[3].pupils[0].band") == by_typed(&card, &valid()).expect_err("faults")[2].path);
}

/// The school of [`valid`] with R11's two fields as typed.
fn with_r11(as_at: &str, last: &str) -> Form {
    let mut f = valid();
    f.schools[0].as_at = as_at.into();
    f.schools[0].last = last.into();
    f
}

// R11.1, R11.3, R11.5: the two fields typed with the school's details are the scenario the
// JSON gives; blank is absent, as without R11.
#[test]
fn r11_typed_entry_of_year_groups_recorded_and_the_last_year_group_is_the_json_scenario() {
    let card = card();
    for (as_at, last) in [(" 2026/27 ", "6"), ("2025/26", " 11"), ("2026/27", ""), ("", ""), ("2026/27", "N2"), ("2024/25", "14")] {
        let f = with_r11(as_at, last);
        let typed = by_typed(&card, &f).unwrap_or_else(|e| panic!("{as_at:?} {last:?}: {:#?}", texts(&e)));
        let json = by_json(&card, &f).unwrap_or_else(|e| panic!("{as_at:?} {last:?}: {:#?}", texts(&e)));
        assert_eq!(typed, json, "{as_at:?} {last:?}");
    }
    let s = by_typed(&card, &with_r11(" 2026/27 ", "6")).expect("valid");
    assert_eq!(s.schools[0].year_group_as_at, Some(Ay(2026)));
    assert_eq!(s.schools[0].last_year_group, Some(sen_funding::engine::scenario::YearGroup::Y(6)));
    let s = by_typed(&card, &with_r11(" ", " ")).expect("valid");
    assert_eq!((s.schools[0].year_group_as_at, s.schools[0].last_year_group), (None, None));
    assert_eq!(s, by_typed(&card, &valid()).expect("valid"), "blank fields are no R11");
}

// R11.3, R10.5, reading 40: each field's fault under its path, as the JSON reports it; a last
// year group without the year of the record is an error at last_year_group, once.
#[test]
fn r11_typed_entry_of_faulty_r11_fields_gives_the_json_errors() {
    let card = card();
    let cases: [(&str, &str, &[&str]); 6] = [
        (
            "2026-27",
            "Year 6",
            &[
                "schools[0].year_group_as_at: must be an academic year like 2025/26 (got \"2026-27\")",
                "schools[0].last_year_group: must be N1, N2, R or a year from 1 to 14 (got \"Year 6\")",
            ],
        ),
        ("2026/28", "", &["schools[0].year_group_as_at: 2026/28 is not an academic year: 2026/27 follows 2026"]),
        ("1890/91", "6", &["schools[0].year_group_as_at: 1890/91 is outside the years this calculator models"]),
        (
            "",
            "6",
            &["schools[0].last_year_group: needs year_group_as_at: give the academic year the pupils' year groups are recorded in, e.g. \"2026/27\", or leave last_year_group out (R11.3)"],
        ),
        // A faulty last year group without the year of the record: one error, not two.
        ("", "15", &["schools[0].last_year_group: must be N1, N2, R or a year from 1 to 14 (got \"15\")"]),
        // A faulty year of the record is reported on its own.
        ("next year", "6", &["schools[0].year_group_as_at: must be an academic year like 2025/26 (got \"next year\")"]),
    ];
    for (as_at, last, expected) in cases {
        let errs = same_errors(&card, &with_r11(as_at, last));
        assert_eq!(errs, expected, "{as_at:?} {last:?}");
    }
    // After the school's other faults, in the order the JSON reader gives them.
    let mut f = with_r11("2026", "0");
    f.schools[0].name = " ".into();
    let errs = same_errors(&card, &f);
    assert_eq!(errs.len(), 3, "{errs:#?}");
    assert_eq!(errs[0], "schools[0].name: must not be empty");
    let e = by_typed(&card, &f).expect_err("faults");
    assert_eq!(e[1].path.segments(), &[Seg::Key("schools".into()), Seg::Index(0), Seg::Key("year_group_as_at".into())]);
    assert_eq!(e[2].path.segments(), &[Seg::Key("schools".into()), Seg::Index(0), Seg::Key("last_year_group".into())]);
}
