//! R10.1a: a school's own register, as SIMS-, Arbor- and Bromcom-style SEN reports give it —
//! title rows above the header, names beside the ids, an SEN status column, band names instead
//! of codes, the pupils on the second sheet — read from .xlsx, .xls, .ods, CSV (Windows-1252)
//! and Excel's "Unicode text" (UTF-16, tab-separated), by the engine and by
//! `sen-funding import`. Names are never read: no name of a fixture appears in any output or
//! message. Every bad input gets a clear message quickly.
//!
//! The fixtures are committed in `tests/fixtures/registers/` (so that browser tests can use
//! the same files); the .xlsx and text ones are written by `write_fixtures` below
//! (`cargo test --test register -- --ignored write_fixtures`), the .xls, .ods and
//! password-protected ones by `tests/fixtures/registers/make_more.py` (see its README).

mod common;

use common::stored_zip::zip_of;
use common::{COMMUNITY_HEADINGS, SHIPPED};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use sen_funding::engine::grid::{self, Book, Source};
use sen_funding::engine::register::{self, Choice, Options};
use sen_funding::engine::{csv_import, workbook, RateCard, Setting};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

fn card() -> RateCard {
    RateCard::from_json_str(SHIPPED).unwrap()
}

fn dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/registers"))
}

fn path(name: &str) -> String {
    dir().join(name).display().to_string()
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

// --- the fixtures -------------------------------------------------------------------------

/// A cell as a report writes it.
#[derive(Clone, Copy)]
enum V {
    S(&'static str),
    /// A plain number.
    N(f64),
    /// A currency-formatted number.
    M(f64),
    /// A date cell.
    D(u16, u8, u8),
    B(bool),
    E,
}
use V::*;

struct Report {
    stem: &'static str,
    cover: &'static str,
    cover_rows: &'static [&'static str],
    sheet: &'static str,
    titles: &'static [&'static str],
    header: &'static [&'static str],
    rows: Vec<Vec<V>>,
    /// The header is printed again before this data row (a report printed page by page).
    repeat_header_before: Option<usize>,
}

/// Every name, UPN, date of birth and address in the fixtures: none may appear in any output.
const IDENTIFYING: &[&str] = &[
    "Hartley",
    "Olivia",
    "Pemberton",
    "Noah",
    "Okafor",
    "Amelia",
    "Nowak",
    "Jakub",
    "Fitzgerald",
    "Isla",
    "Ahmed",
    "Yusuf",
    "A123456789012",
    "B223456789012",
    "C323456789012",
    "2016-03-14",
    "14/03/2016",
    "Lindqvist",
    "Freya",
    "Marchetti",
    "Theo",
    "Teddy",
    "Chowdhury",
    "Maya",
    "Bellamy",
    "Oscar",
    "Kowalczyk",
    "Zara",
    "Orchard Lane",
    "Ashford",
    "2014-07-02",
    "Quinlan",
    "Harriet",
    "Saleh",
    "Ibrahim",
    "Delacroix",
    "Poppy",
    "Brennan",
    "Kai",
    "Thornbury",
    "Elsie",
    "CT1 2AB",
    "ME14 1XX",
    "TN23 4QP",
];

fn sims() -> Report {
    Report {
        stem: "sims-sen-register",
        cover: "Report details",
        cover_rows: &["SIMS .net report: SEN Register", "School: Oakfield Primary School", "Effective date: 01/09/2025"],
        sheet: "SEN Register",
        titles: &["Oakfield Primary School: SEN Register", "Effective date 01/09/2025"],
        header: &[
            "Adno",
            "Legal Surname",
            "Legal Forename",
            "UPN",
            "DOB",
            "Year",
            "Reg",
            "SEN Status",
            "Primary Need",
            "Continuum Band",
            "Top-up (£)",
            "Date of Admission",
        ],
        rows: vec![
            vec![
                S("001201"),
                S("Hartley"),
                S("Olivia"),
                S("A123456789012"),
                D(2016, 3, 14),
                S("Year 4"),
                S("4H"),
                S("E - Education, Health and Care Plan"),
                S("SEMH"),
                S("Specific Allocation 3"),
                M(12499.999999999998),
                D(2025, 9, 1),
            ],
            vec![
                S("001202"),
                S("Pemberton"),
                S("Noah"),
                S("B223456789012"),
                D(2020, 11, 2),
                S("Reception"),
                S("RB"),
                S("K - SEN Support"),
                S("SLCN"),
                S("SEN Support"),
                M(750.0),
                E,
            ],
            vec![
                S("001203"),
                S("Okafor"),
                S("Amelia"),
                S("C323456789012"),
                D(2014, 5, 20),
                S("Year 6"),
                S("6W"),
                S("E - Education, Health and Care Plan"),
                S("ASD"),
                S("Specific Allocation 4"),
                M(15000.5),
                D(2026, 1, 5),
            ],
            vec![
                S("001204"),
                S("Nowak"),
                S("Jakub"),
                E,
                E,
                S("Year 2"),
                S("2P"),
                S("K - SEN Support"),
                S("SpLD"),
                S("Wider Support and Strategies"),
                M(0.0),
                E,
            ],
            vec![
                S("001205"),
                S("Fitzgerald"),
                S("Isla"),
                E,
                E,
                S("Nursery 2"),
                S("N"),
                S("E - Education, Health and Care Plan"),
                S("PD"),
                S("Specific Allocation 5"),
                M(22000.0),
                E,
            ],
            vec![S("001206"), S("Ahmed"), S("Yusuf"), E, E, S("Year 11"), S("11C"), S("K - SEN Support"), S("MLD"), S("Universal"), M(0.0), E],
        ],
        repeat_header_before: None,
    }
}

fn sims_expected() -> Value {
    json!([
        {"id": "001201", "setting": "mainstream", "band": "SA3", "ehcp": true, "current_e3": "12500.00", "year_group": "4", "start": "2025-09-01"},
        {"id": "001202", "setting": "mainstream", "band": "S", "ehcp": false, "current_e3": "750.00", "year_group": "R"},
        {"id": "001203", "setting": "mainstream", "band": "SA4", "ehcp": true, "current_e3": "15000.50", "year_group": "6", "start": "2026-01-05"},
        {"id": "001204", "setting": "mainstream", "band": "W", "ehcp": false, "current_e3": "0.00", "year_group": "2"},
        {"id": "001205", "setting": "mainstream", "band": "SA5", "ehcp": true, "current_e3": "22000.00", "year_group": "N2"},
        {"id": "001206", "setting": "mainstream", "band": "U", "ehcp": false, "current_e3": "0.00", "year_group": "11"}
    ])
}

fn arbor() -> Report {
    Report {
        stem: "arbor-sen-students",
        cover: "Summary",
        cover_rows: &["Arbor: SEN students", "5 students"],
        sheet: "Students",
        titles: &["Arbor Education: SEN Students export", "Exported 01/09/2025 09:14"],
        header: &[
            "Admission No",
            "First Name",
            "Last Name",
            "Preferred Name",
            "Date of Birth",
            "Year Group",
            "SEN Status",
            "Band",
            "Provision",
            "Current Top-up",
            "Start Date",
            "Address",
        ],
        rows: vec![
            vec![
                S("A2301"),
                S("Freya"),
                S("Lindqvist"),
                S("Freya"),
                S("02/07/2014"),
                S("Y6"),
                S("EHCP"),
                S("SA 2"),
                S("Mainstream"),
                S("£6,000.00"),
                S("01/09/2025"),
                S("12 Orchard Lane, Ashford"),
            ],
            vec![S("A2302"), S("Theo"), S("Marchetti"), S("Teddy"), E, S("Y3"), S("SEN Support"), S("S"), S("Mainstream"), S("£1,250.50"), E, E],
            vec![S("A2303"), S("Maya"), S("Chowdhury"), E, E, S("Y8"), S("EHCP"), S("SA 4"), S("Resource base"), S("£9,000"), S("15/04/2026"), E],
            vec![S("A2304"), S("Oscar"), S("Bellamy"), E, E, S("Y5"), S("SEN Support"), S("W"), S("Mainstream"), S("£0.00"), E, E],
            vec![S("A2305"), S("Zara"), S("Kowalczyk"), E, E, S("Y10"), S("EHCP"), S("SA 5"), S("Specialist Resource Provision"), S("£22,000.00"), E, E],
        ],
        repeat_header_before: None,
    }
}

fn arbor_expected() -> Value {
    json!([
        {"id": "A2301", "setting": "mainstream", "band": "SA2", "ehcp": true, "current_e3": "6000.00", "year_group": "6", "start": "2025-09-01"},
        {"id": "A2302", "setting": "mainstream", "band": "S", "ehcp": false, "current_e3": "1250.50", "year_group": "3"},
        {"id": "A2303", "setting": "srp", "band": "SA4", "ehcp": true, "current_e3": "9000.00", "year_group": "8", "start": "2026-04-15"},
        {"id": "A2304", "setting": "mainstream", "band": "W", "ehcp": false, "current_e3": "0.00", "year_group": "5"},
        {"id": "A2305", "setting": "srp", "band": "SA5", "ehcp": true, "current_e3": "22000.00", "year_group": "10"}
    ])
}

/// A county's Community list as an officer keeps it (R10.2): a "Read me" sheet first, the
/// Communities on the second sheet under title rows, the workbook's own headings, one of which
/// ("Pupils 5 to 16") the calculator does not know, and a column it does not read.
fn communities() -> Report {
    Report {
        stem: "communities-own-headings",
        cover: "Read me",
        cover_rows: &["Kent Communities: data for 2025-26 budgets", "The Communities are on the next sheet.", "Made-up figures, for testing."],
        sheet: "Communities 2025-26",
        titles: &["Kent County Council: Community budgets", "Data as at 1 September 2025", ""],
        header: &[
            "Community ID",
            "Community name",
            "Area office",
            "Pupils 5 to 16",
            "IDACI band A",
            "IDACI band B",
            "IDACI band C",
            "IDACI band D",
            "IDACI band E",
            "IDACI band F",
            "Looked after children",
            "Low prior attainment",
            "Historic funding",
            "Protection option",
        ],
        rows: vec![
            community_row("K01", "Ashford Rural", "Ashford", [11200.0, 310.0, 420.0, 600.0, 710.0, 880.0, 1040.0, 42.0, 1430.0], 1_180_000.0, "B"),
            community_row("K02", "Canterbury City", "Canterbury", [9650.0, 640.0, 690.0, 815.0, 770.0, 790.0, 905.0, 77.0, 1680.0], 1_455_250.5, ""),
            community_row("K03", "Dover Coast", "Dover", [7420.0, 95.0, 160.0, 310.0, 515.0, 790.0, 1385.0, 21.0, 815.0], 655_000.0, "A"),
            community_row("K04", "Maidstone Central", "Maidstone", [15120.0, 805.0, 910.0, 990.0, 1110.0, 1190.0, 1295.0, 108.0, 2390.0], 1_895_000.0, "C"),
            community_row("K05", "Swale Villages", "Sittingbourne", [8810.0, 65.0, 118.0, 255.0, 470.0, 705.0, 1290.0, 26.0, 905.0], 702_500.0, ""),
        ],
        repeat_header_before: None,
    }
}

fn community_row(id: &'static str, name: &'static str, office: &'static str, n: [f64; 9], historic: f64, protection: &'static str) -> Vec<V> {
    let mut row = vec![S(id), S(name), S(office)];
    row.extend(n.iter().map(|x| N(*x)));
    row.push(M(historic));
    row.push(if protection.is_empty() { E } else { S(protection) });
    row
}

fn bromcom() -> Report {
    Report {
        stem: "bromcom-sen-list",
        cover: "Cover",
        cover_rows: &["Bromcom MIS: SEN list", "Filter: all students with SEN"],
        sheet: "SEN List",
        titles: &["Bromcom: SEN List", "Printed 01/09/2025", ""],
        header: &[
            "Reference",
            "Forename",
            "Surname",
            "Postcode",
            "NC Year",
            "Has EHCP",
            "Level",
            "Placement",
            "High Needs Top-up (£)",
            "Admission Date",
            "Leaving Date",
        ],
        rows: vec![
            vec![
                N(30117.0),
                S("Harriet"),
                S("Quinlan"),
                S("CT1 2AB"),
                N(7.0),
                B(true),
                S("Specific Allocation 1"),
                S("Special school"),
                M(3000.0),
                D(2024, 9, 2),
                E,
            ],
            vec![
                N(30118.0),
                S("Ibrahim"),
                S("Saleh"),
                S("ME14 1XX"),
                N(9.0),
                B(true),
                S("Specific Allocation 3"),
                S("SRP"),
                M(10000.0),
                D(2025, 9, 1),
                D(2026, 7, 22),
            ],
            vec![N(30119.0), S("Poppy"), S("Delacroix"), S("TN23 4QP"), N(1.0), B(false), S("SEN Support"), S("Mainstream"), M(500.25), E, E],
            vec![N(30120.0), S("Kai"), S("Brennan"), E, N(12.0), B(true), S("Specific Allocation 2"), S("Special school"), M(6000.0), E, E],
            vec![N(30121.0), S("Elsie"), S("Thornbury"), E, N(4.0), B(false), S("Wider Support and Strategies"), S("Mainstream"), M(0.0), E, E],
        ],
        repeat_header_before: Some(3),
    }
}

fn bromcom_expected() -> Value {
    json!([
        {"id": "30117", "setting": "special", "band": "SA1", "ehcp": true, "current_e3": "3000.00", "year_group": "7", "start": "2024-09-02"},
        {"id": "30118", "setting": "srp", "band": "SA3", "ehcp": true, "current_e3": "10000.00", "year_group": "9", "start": "2025-09-01", "end": "2026-07-22"},
        {"id": "30119", "setting": "mainstream", "band": "S", "ehcp": false, "current_e3": "500.25", "year_group": "1"},
        {"id": "30120", "setting": "special", "band": "SA2", "ehcp": true, "current_e3": "6000.00", "year_group": "12"},
        {"id": "30121", "setting": "mainstream", "band": "W", "ehcp": false, "current_e3": "0.00", "year_group": "4"}
    ])
}

/// The rows of a report's register sheet as they are laid out (titles, header, data, the
/// repeated header).
fn layout(r: &Report) -> Vec<Vec<V>> {
    let mut out: Vec<Vec<V>> = r.titles.iter().map(|t| if t.is_empty() { vec![] } else { vec![S(t)] }).collect();
    let header: Vec<V> = r.header.iter().map(|h| S(h)).collect();
    out.push(header.clone());
    for (i, row) in r.rows.iter().enumerate() {
        if r.repeat_header_before == Some(i) {
            out.push(vec![]);
            out.push(header.clone());
        }
        out.push(row.clone());
    }
    out
}

fn write_xlsx(r: &Report, file: &std::path::Path) {
    let mut book = Workbook::new();
    let money = Format::new().set_num_format("£#,##0.00");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let bold = Format::new().set_bold();
    let cover = book.add_worksheet();
    cover.set_name(r.cover).unwrap();
    for (i, t) in r.cover_rows.iter().enumerate() {
        cover.write_string(i as u32, 0, *t).unwrap();
    }
    let ws = book.add_worksheet();
    ws.set_name(r.sheet).unwrap();
    for (ri, row) in layout(r).iter().enumerate() {
        let ri = ri as u32;
        for (ci, v) in row.iter().enumerate() {
            let ci = ci as u16;
            match *v {
                S(s) if r.header.contains(&s) => ws.write_string_with_format(ri, ci, s, &bold).map(|_| ()),
                S(s) => ws.write_string(ri, ci, s).map(|_| ()),
                N(n) => ws.write_number(ri, ci, n).map(|_| ()),
                M(n) => ws.write_number_with_format(ri, ci, n, &money).map(|_| ()),
                D(y, m, d) => ws.write_datetime_with_format(ri, ci, ExcelDateTime::from_ymd(y, m, d).unwrap(), &date).map(|_| ()),
                B(b) => ws.write_boolean(ri, ci, b).map(|_| ()),
                E => Ok(()),
            }
            .unwrap();
        }
    }
    book.save(file).unwrap();
}

/// A cell as a spreadsheet program shows it, for text exports.
fn shown(v: V) -> String {
    match v {
        S(s) => s.to_string(),
        N(n) => format!("{n}"),
        M(n) => {
            let s = format!("{n:.2}");
            let (int, dec) = s.split_once('.').unwrap();
            let mut g = String::new();
            for (i, c) in int.chars().enumerate() {
                if i > 0 && (int.len() - i) % 3 == 0 {
                    g.push(',');
                }
                g.push(c);
            }
            format!("£{g}.{dec}")
        }
        D(y, m, d) => format!("{d:02}/{m:02}/{y}"),
        B(b) => if b { "TRUE" } else { "FALSE" }.to_string(),
        E => String::new(),
    }
}

/// The register sheet as CSV text ("Save as CSV" saves the sheet shown).
fn csv_text(r: &Report, sep: char) -> String {
    let mut out = String::new();
    for row in layout(r) {
        let cells: Vec<String> = row
            .iter()
            .map(|v| {
                let s = shown(*v);
                if sep == ',' && s.contains([',', '"']) {
                    format!("\"{}\"", s.replace('"', "\"\""))
                } else {
                    s
                }
            })
            .collect();
        out.push_str(&cells.join(&sep.to_string()));
        out.push_str("\r\n");
    }
    out
}

fn windows_1252(s: &str) -> Vec<u8> {
    s.chars().map(|c| if c == '£' { 0xA3 } else { u8::try_from(c as u32).ok().filter(|b| *b < 0x80).expect("ASCII or £") }).collect()
}

fn utf16le_bom(s: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for u in s.encode_utf16() {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

/// Writes the committed fixtures. Run after changing a report above.
#[test]
#[ignore]
fn write_fixtures() {
    std::fs::create_dir_all(dir()).unwrap();
    for r in [sims(), arbor(), bromcom(), communities()] {
        write_xlsx(&r, &dir().join(format!("{}.xlsx", r.stem)));
    }
    std::fs::write(dir().join("sims-sen-register.csv"), windows_1252(&csv_text(&sims(), ','))).unwrap();
    std::fs::write(dir().join("arbor-sen-students-unicode.txt"), utf16le_bom(&csv_text(&arbor(), '\t'))).unwrap();
    std::fs::write(dir().join("bromcom-sen-list.csv"), csv_text(&bromcom(), ',').into_bytes()).unwrap();
    let mut empty = Workbook::new();
    empty.add_worksheet().set_name("Sheet1").unwrap();
    empty.save(dir().join("empty-sheet.xlsx")).unwrap();
}

/// The seeds of the `workbook` fuzz target: `fuzz/corpus/workbook/seed-*`. The
/// SIMS-, Arbor- and Bromcom-style reports and a Community list as .xlsx (as written, and
/// re-zipped with every part stored uncompressed and the parts calamine does not read left
/// out, so that a mutation lands in the XML), the .xls, .ods, "Unicode text", password and
/// repeat-bomb fixtures. Each seed reads as its fixture does. Run after changing a report:
/// `cargo test --test register -- --ignored write_fuzz_seeds`.
#[test]
#[ignore]
fn write_fuzz_seeds() {
    let out = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/corpus/workbook"));
    std::fs::create_dir_all(&out).unwrap();
    let mut xlsx: Vec<(String, Vec<u8>)> = Vec::new();
    for r in [sims(), arbor(), bromcom()] {
        xlsx.push((r.stem.to_string(), read(&format!("{}.xlsx", r.stem))));
    }
    xlsx.push(("communities".into(), communities_workbook()));
    for (stem, bytes) in &xlsx {
        let stored = stored_zip(bytes);
        assert_eq!(workbook::read_any(&stored).unwrap(), workbook::read_any(bytes).unwrap(), "{stem}: the stored copy reads the same");
        std::fs::write(out.join(format!("seed-{stem}-stored.xlsx")), stored).unwrap();
    }
    std::fs::write(out.join("seed-sims-sen-register.xlsx"), &xlsx[0].1).unwrap();
    let ods = read("bromcom-sen-list.ods");
    let stored = stored_zip(&ods);
    assert_eq!(workbook::read_any(&stored).unwrap(), workbook::read_any(&ods).unwrap(), "the stored .ods reads the same");
    std::fs::write(out.join("seed-bromcom-sen-list-stored.ods"), stored).unwrap();
    for name in ["bromcom-sen-list.ods", "sims-sen-register.xls", "far-cells.xls", "password.xlsx", "bomb-repeats.ods", "arbor-sen-students-unicode.txt"] {
        std::fs::write(out.join(format!("seed-{name}")), read(name)).unwrap();
    }
}

/// A zip re-written with every part stored (uncompressed), leaving out the parts no reader
/// reads (document properties, the theme, thumbnails, settings).
fn stored_zip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        if name.starts_with("docProps/") || name.contains("theme/") || name.starts_with("Thumbnails/") || name == "settings.xml" || name == "meta.xml" {
            continue;
        }
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        parts.push((name, data));
    }
    let refs: Vec<(&str, &[u8])> = parts.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    zip_of(&refs)
}

// --- reading ------------------------------------------------------------------------------

fn pupils(book: &Book) -> register::Imported<sen_funding::engine::scenario::Pupil> {
    let card = card();
    let opts = Options { card: Some(&card), ..Options::default() };
    register::import_pupils(book, &opts)
}

fn as_json(imp: &register::Imported<sen_funding::engine::scenario::Pupil>) -> Value {
    Value::Array(imp.accepted.iter().map(|(_, p)| p.to_json()).collect())
}

fn book(name: &str) -> Book {
    workbook::read_any(&read(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn r10_1a_sims_report_xlsx() {
    let b = book("sims-sen-register.xlsx");
    assert_eq!(b.source, Source::Xlsx);
    let imp = pupils(&b);
    assert!(imp.errors.is_empty(), "{:#?}", imp.errors);
    assert_eq!(as_json(&imp), sims_expected());
    assert_eq!(imp.sheet, Some(1), "the pupils are on the second sheet");
    assert_eq!(imp.sheets[0].header, None);
    assert_eq!(imp.header_row, Some(3), "two title rows above the header, no blank row stored");
    let left: Vec<&str> = imp.left_out.iter().map(|l| l.heading.as_str()).collect();
    assert_eq!(left, ["Legal Surname", "Legal Forename", "UPN", "DOB"]);
    let cols: Vec<(&str, &str)> = imp.columns.iter().map(|c| (c.field, c.heading.as_str())).collect();
    assert_eq!(
        cols,
        [
            ("id", "Adno"),
            ("band", "Continuum Band"),
            ("ehcp", "SEN Status"),
            ("current_e3", "Top-up (£)"),
            ("year_group", "Year"),
            ("start", "Date of Admission")
        ]
    );
    assert_eq!(imp.unused, ["Reg", "Primary Need"]);
    assert!(imp.notices.iter().any(|n| n.contains("no setting column") && n.contains("a mainstream school")), "{:?}", imp.notices);
    // The school's first setting, when it is not mainstream.
    let card = card();
    let srp = register::import_pupils(&b, &Options { card: Some(&card), default_setting: Setting::Srp, ..Options::default() });
    assert!(srp.accepted.iter().all(|(_, p)| p.setting == Setting::Srp));
}

#[test]
fn r10_1a_arbor_report_xlsx() {
    let imp = pupils(&book("arbor-sen-students.xlsx"));
    assert!(imp.errors.is_empty(), "{:#?}", imp.errors);
    assert_eq!(as_json(&imp), arbor_expected());
    assert_eq!((imp.sheet, imp.header_row), (Some(1), Some(3)));
    let left: Vec<&str> = imp.left_out.iter().map(|l| l.heading.as_str()).collect();
    assert_eq!(left, ["First Name", "Last Name", "Preferred Name", "Date of Birth", "Address"]);
    assert!(imp.notices.is_empty(), "{:?}", imp.notices);
}

#[test]
fn r10_1a_bromcom_report_xlsx_with_a_repeated_header() {
    let imp = pupils(&book("bromcom-sen-list.xlsx"));
    assert!(imp.errors.is_empty(), "{:#?}", imp.errors);
    assert_eq!(as_json(&imp), bromcom_expected());
    assert_eq!((imp.sheet, imp.header_row), (Some(1), Some(4)));
    let left: Vec<&str> = imp.left_out.iter().map(|l| l.heading.as_str()).collect();
    assert_eq!(left, ["Forename", "Surname", "Postcode"]);
    assert_eq!(imp.notices, ["Row 9 repeats the header row again, and was skipped."]);
    assert_eq!(imp.accepted.iter().map(|(n, _)| *n).collect::<Vec<_>>(), [5, 6, 7, 10, 11], "row numbers are the sheet's own");
}

#[test]
fn r10_1a_the_same_reports_as_text() {
    let imp = pupils(&book("sims-sen-register.csv"));
    assert_eq!(imp.source, Source::Csv(csv_import::Encoding::Windows1252));
    assert!(imp.errors.is_empty(), "{:#?}", imp.errors);
    assert_eq!(as_json(&imp), sims_expected());
    assert_eq!(imp.header_row, Some(3), "line 3 of the file");
    let bytes = read("arbor-sen-students-unicode.txt");
    assert_eq!(&bytes[..2], &[0xFF, 0xFE], "UTF-16 with its BOM, as Excel's \"Unicode text\"");
    let imp = pupils(&book("arbor-sen-students-unicode.txt"));
    assert_eq!(imp.source, Source::Csv(csv_import::Encoding::Utf16Le));
    assert!(imp.errors.is_empty(), "{:#?}", imp.errors);
    assert_eq!(as_json(&imp), arbor_expected());
    let imp = pupils(&book("bromcom-sen-list.csv"));
    assert!(imp.errors.is_empty(), "{:#?}", imp.errors);
    assert_eq!(as_json(&imp), bromcom_expected());
    // The pupil CSV reader (R10.1) is the same pipeline.
    let card = card();
    let old = csv_import::read_pupils(&read("sims-sen-register.csv"), Some(&card));
    assert!(old.errors.is_empty());
    assert_eq!(Value::Array(old.accepted.iter().map(|(_, p)| p.to_json()).collect()), sims_expected());
}

#[test]
fn r10_1a_xls_and_ods() {
    for (name, source, expected) in [("sims-sen-register.xls", Source::Xls, sims_expected()), ("bromcom-sen-list.ods", Source::Ods, bromcom_expected())] {
        if !dir().join(name).exists() {
            panic!("{name} is missing: run tests/fixtures/registers/make_more.py");
        }
        let b = book(name);
        assert_eq!(b.source, source, "{name}");
        let imp = pupils(&b);
        assert!(imp.errors.is_empty(), "{name}: {:#?}", imp.errors);
        assert_eq!(as_json(&imp), expected, "{name}");
    }
}

// --- the command line -----------------------------------------------------------------------

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sen-funding")).args(args).output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn r10_1a_cli_prints_the_same_pupils() {
    for (name, expected) in [
        ("sims-sen-register.xlsx", sims_expected()),
        ("sims-sen-register.csv", sims_expected()),
        ("sims-sen-register.xls", sims_expected()),
        ("arbor-sen-students.xlsx", arbor_expected()),
        ("arbor-sen-students-unicode.txt", arbor_expected()),
        ("bromcom-sen-list.xlsx", bromcom_expected()),
        ("bromcom-sen-list.ods", bromcom_expected()),
    ] {
        let o = cli(&["import", "pupils", &path(name)]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", text(&o.stderr));
        let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(v, expected, "{name}");
        let err = text(&o.stderr);
        assert!(err.lines().all(|l| l.starts_with("note: ")), "{name}: {err}");
    }
    let o = cli(&["import", "pupils", &path("sims-sen-register.xlsx")]);
    let err = text(&o.stderr);
    assert!(err.contains("note: read 6 records from the sheet \"SEN Register\" of the Excel workbook (.xlsx), header on row 3"), "{err}");
    assert!(err.contains("note: left out, never read: \"Legal Surname\" (it holds names), \"Legal Forename\" (it holds names), \"UPN\" (it holds unique pupil numbers), \"DOB\" (it holds dates of birth)"), "{err}");
    assert!(err.contains("every pupil is taken to be in a mainstream school"), "{err}");
    // --setting: the school's first setting when there is no setting column.
    let o = cli(&["import", "pupils", &path("sims-sen-register.xlsx"), "--setting", "special"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v.as_array().unwrap().iter().all(|p| p["setting"] == "special"));
}

/// Headings the calculator does not know: the header is not found, and the message says what
/// to do; `--column FIELD=HEADING` then reads them.
#[test]
fn r10_1a_columns_chosen_by_heading() {
    let csv = "Class list\nPupil code,Child's surname,Need,Plan?,Funding,Notes\nX1,Hartley,SA3,E,\"£4,000\",\nX2,Pemberton,S,K,0,\n";
    let f = temp("unknown-headings.csv", csv.as_bytes());
    let o = cli(&["import", "pupils", &f]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = text(&o.stderr);
    assert!(err.starts_with("No header row found: none of the first 100 lines has a column for each of id, band, ehcp and current_e3."), "{err}");
    assert!(err.contains("--column FIELD=HEADING"), "{err}");
    let o = cli(&["import", "pupils", &f, "--column", "id=Pupil code", "--column", "band=need", "--column", "ehcp=PLAN?", "--column", "current_e3=Funding"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v,
        json!([
            {"id": "X1", "setting": "mainstream", "band": "SA3", "ehcp": true, "current_e3": "4000.00"},
            {"id": "X2", "setting": "mainstream", "band": "S", "ehcp": false, "current_e3": "0.00"}
        ])
    );
    assert!(text(&o.stderr).contains("left out, never read: \"Child's surname\" (it holds names)"), "{}", text(&o.stderr));
    // A column that identifies a child is never read, even when chosen.
    let o =
        cli(&["import", "pupils", &f, "--column", "id=Child's surname", "--column", "band=need", "--column", "ehcp=PLAN?", "--column", "current_e3=Funding"]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.starts_with("line 2: the column \"Child's surname\" is never read: it can only identify a child (it holds names). Choose another column for id"),
        "{err}"
    );
    assert!(!err.contains("Hartley"), "{err}");
    // An unknown field.
    let o = cli(&["import", "pupils", &f, "--column", "colour=Notes"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).starts_with("there is no pupil field \"colour\""), "{}", text(&o.stderr));
}

/// A Community list (R10.2) as a workbook: a notes sheet, a title row, then the list.
fn communities_workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    book.add_worksheet().set_name("Notes").unwrap().write_string(0, 0, "Community indicators 2025").unwrap();
    let ws = book.add_worksheet();
    ws.set_name("Communities").unwrap();
    ws.write_string(0, 0, "Kent Communities of schools").unwrap();
    for (c, h) in COMMUNITY_HEADINGS.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    let pct = Format::new().set_num_format("0%");
    ws.write_string(3, 0, "C01").unwrap();
    ws.write_string(3, 1, "North Example").unwrap();
    for (c, n) in [12000.0, 300.0, 400.0, 500.0, 600.0, 700.0, 800.0, 40.0, 900.0, 1250000.0].iter().enumerate() {
        ws.write_number(3, c as u16 + 2, *n).unwrap();
    }
    ws.write_string(3, 12, "B").unwrap();
    ws.write_number_with_format(3, 13, 0.75, &pct).unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn r10_2_communities_from_a_workbook_with_title_rows() {
    let bytes = communities_workbook();
    let b = workbook::read_any(&bytes).unwrap();
    let imp = register::import_communities(&b, &Options::default());
    assert!(imp.errors.is_empty(), "{:#?}", imp.errors);
    assert_eq!((imp.sheet, imp.header_row), (Some(1), Some(3)));
    let c = &imp.accepted[0].1;
    assert_eq!(c.to_json()["historic"], "1250000.00");
    assert_eq!(c.to_json()["protection_rate"], "0.75");
    assert_eq!(c.indicators.idaci, [300, 400, 500, 600, 700, 800]);
    assert!(imp.left_out.is_empty(), "a Community's name is not a child's");
    let f = temp("communities.xlsx", &bytes);
    let o = cli(&["import", "communities", &f]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["id"], "C01");
    assert_eq!(v[0]["indicators"]["pupils"], 12000);
}

#[test]
#[ignore]
fn write_community_fixture() {
    let r = communities();
    write_xlsx(&r, &dir().join(format!("{}.xlsx", r.stem)));
}

/// The Community workbook of the browser test: no header is found until the column the
/// calculator does not know is chosen; then every Community is read, from the second sheet,
/// as the command line reads it with `--column`.
#[test]
fn r10_2_communities_with_their_own_headings_need_one_column_chosen() {
    let b = book("communities-own-headings.xlsx");
    let imp = register::import_communities(&b, &Options::default());
    assert!(imp.header_fault && imp.accepted.is_empty());
    assert_eq!(imp.best_guess, Some((1, 2)), "the header, under two title rows, looks most like one");
    let msg = &imp.errors[0].message;
    assert!(msg.contains("no column for pupils") && msg.contains("\"Pupils 5 to 16\""), "{msg}");
    let opts = Options { choices: vec![("pupils".into(), Choice::Heading("Pupils 5 to 16".into()))], ..Options::default() };
    let imp = register::import_communities(&b, &opts);
    assert!(imp.errors.is_empty(), "{:#?}", imp.errors);
    assert_eq!((imp.sheet, imp.header_row), (Some(1), Some(4)));
    assert_eq!(imp.unused, ["Area office"]);
    let got: Vec<Value> = imp.accepted.iter().map(|(_, c)| c.to_json()).collect();
    assert_eq!(got.len(), 5);
    assert_eq!(got[1]["historic"], "1455250.50");
    assert_eq!(got[0]["protection"], "B");
    assert_eq!(got[3]["indicators"]["idaci"]["F"], 1295);
    let o = cli(&["import", "communities", &path("communities-own-headings.xlsx"), "--column", "pupils=Pupils 5 to 16"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v, Value::Array(got));
}

// --- names are never read -----------------------------------------------------------------

fn assert_no_names(what: &str, s: &str) {
    for n in IDENTIFYING {
        assert!(!s.contains(n), "{what} shows \"{n}\":\n{s}");
    }
}

#[test]
fn r10_1a_no_name_appears_in_any_output_or_message() {
    let fixtures = [
        "sims-sen-register.xlsx",
        "sims-sen-register.csv",
        "sims-sen-register.xls",
        "arbor-sen-students.xlsx",
        "arbor-sen-students-unicode.txt",
        "bromcom-sen-list.xlsx",
        "bromcom-sen-list.csv",
        "bromcom-sen-list.ods",
    ];
    for name in fixtures {
        // The fixture really holds the names.
        let b = book(name);
        let all = format!("{b:?}");
        assert!(all.contains("Hartley") || all.contains("Lindqvist") || all.contains("Quinlan"), "{name}");
        let imp = pupils(&b);
        assert_no_names(name, &format!("{:?} {:?} {:?} {:?} {:?}", imp.accepted, imp.errors, imp.left_out, imp.unused, imp.notices));
        let o = cli(&["import", "pupils", &path(name)]);
        assert_no_names(name, &text(&o.stdout));
        assert_no_names(name, &text(&o.stderr));
        // With every row faulty (a card with other band codes) and with no header found (the
        // id column chosen under a heading that is not there), the messages show no names.
        let o = cli(&["import", "pupils", &path(name), "--rate-card", &temp("other-card.json", other_card().as_bytes())]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        assert!(text(&o.stderr).contains("unknown band"), "{name}: {}", text(&o.stderr));
        assert_no_names(name, &text(&o.stderr));
        let o = cli(&["import", "pupils", &path(name), "--column", "id=Pupil number"]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        assert_no_names(name, &text(&o.stderr));
        for bad in ["ehcp=Top-up (£)", "band=Surname"] {
            let o = cli(&["import", "pupils", &path(name), "--column", bad]);
            assert_no_names(name, &text(&o.stderr));
        }
    }
}

/// The shipped card with its band codes changed, so that every pupil's band is unknown.
fn other_card() -> String {
    let mut v: Value = serde_json::from_str(SHIPPED).unwrap();
    for b in v["bands"].as_array_mut().unwrap() {
        let code = format!("Z{}", b["code"].as_str().unwrap());
        b["code"] = json!(code);
        b["name"] = json!(format!("Other {code}"));
    }
    v.to_string()
}

// --- bad input ------------------------------------------------------------------------------

fn temp(name: &str, bytes: &[u8]) -> String {
    let d = std::env::temp_dir().join(format!("sen-funding-register-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    let p = d.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

/// A bad input: the CLI exits 2 within 5 seconds with a message containing `says`, and prints
/// nothing on stdout.
fn refused(file: &str, says: &str) -> String {
    let t = Instant::now();
    let o = cli(&["import", "pupils", file]);
    let took = t.elapsed();
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{file}: {err}");
    assert!(o.stdout.is_empty(), "{file}");
    assert!(err.contains(says), "{file}: expected \"{says}\" in\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(took < Duration::from_secs(5), "{file} took {took:?}");
    err
}

#[test]
fn bad_input_zip_bomb_disguised_as_xlsx() {
    let bytes = read("bomb.xlsx");
    assert!(bytes.len() < 2_000_000, "the bomb is small on disk");
    let t = Instant::now();
    let e = workbook::read_any(&bytes).unwrap_err();
    assert!(e.to_string().contains("would unpack to more than 256 MB"), "{e}");
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    refused(&path("bomb.xlsx"), "would unpack to more than 256 MB");
}

#[test]
fn bad_input_an_ods_whose_repeats_make_100_million_cells() {
    let bytes = read("bomb-repeats.ods");
    assert!(bytes.len() < 2_000);
    refused(&path("bomb-repeats.ods"), "repeats its rows or cells to more than 4,000,000 cells");
}

#[test]
fn bad_input_a_sheet_of_far_away_cells() {
    // 300 rows each with a cell in the last column (XFD): 4.9 million cells as a grid.
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for r in 0..300 {
        ws.write_string(r, 16_383, "x").unwrap();
    }
    let bytes = book.save_to_buffer().unwrap();
    let t = Instant::now();
    let e = workbook::read_any(&bytes).unwrap_err();
    assert!(t.elapsed() < Duration::from_secs(5));
    assert_eq!(
        e.to_string(),
        "The sheet \"Sheet1\" has more than 4,000,000 cells, far more than any register: save just the pupils in a new workbook and try again."
    );
    // One far-away cell is fine: rows are kept apart.
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "ID").unwrap();
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    assert!(workbook::read_any(&book.save_to_buffer().unwrap()).is_ok());
}

/// Found by the checks of the `workbook` fuzz target: an .xlsx cell may name any row
/// up to 4,294,967,295, and the spreadsheet module's grid for the web app
/// (`wire::from_book`) writes every row up to the last, so one such cell asked for 96 GB. A
/// cell that holds something below the last row a sheet can have (1,048,576) is refused as a
/// damaged file; the last row itself is read. The input is kept in the fuzz corpus
/// (`fuzz/corpus/workbook/crash-a-cell-beyond-the-last-row.xlsx`).
#[test]
fn bad_input_a_cell_below_the_last_row() {
    let bytes = read_corpus("crash-a-cell-beyond-the-last-row.xlsx");
    let t = Instant::now();
    let e = workbook::read_workbook(&bytes).unwrap_err();
    assert!(t.elapsed() < Duration::from_secs(5));
    assert_eq!(
        e.to_string(),
        "The sheet \"Pupils\" has a cell in row 4,000,000,000, below the last row a sheet can have (1,048,576): the file is damaged. Save it again from your spreadsheet program (as .xlsx) and try again."
    );
    let f = temp("row-4e9.xlsx", &bytes);
    refused(&f, "has a cell in row 4,000,000,000, below the last row a sheet can have");
    // The last row is read, and the web app's grid of it is as long as the sheet, no longer.
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "ID").unwrap();
    ws.write_string(1_048_575, 0, "x").unwrap();
    let b = workbook::read_workbook(&book.save_to_buffer().unwrap()).unwrap();
    assert_eq!(b.sheets[0].rows.last().map(|r| r.number), Some(1_048_576));
    assert_eq!(sen_funding::wire::from_book(&b)[0].rows.len(), 1_048_576);
}

fn read_corpus(name: &str) -> Vec<u8> {
    std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/corpus/workbook/").to_string() + name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn bad_input_an_xls_whose_cells_span_16_million() {
    refused(&path("far-cells.xls"), "A sheet of this workbook spans more than 4,000,000 cells");
}

#[test]
fn bad_input_a_200_mb_file() {
    let d = std::env::temp_dir().join(format!("sen-funding-register-big-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    let p = d.join("register.xlsx");
    // A sparse file: 200 MB long, no disk used.
    std::fs::File::create(&p).unwrap().set_len(200 * 1024 * 1024).unwrap();
    let err = refused(&p.display().to_string(), "The file is 200.0 MB, and the calculator reads files of up to 32 MB");
    assert_eq!(err.lines().count(), 1);
    std::fs::remove_file(&p).unwrap();
    // The engine refuses it too, without reading it.
    let big = vec![b'a'; grid::MAX_FILE_BYTES + 1];
    assert!(workbook::read_any(&big).unwrap_err().to_string().starts_with("The file is 32.0 MB"));
}

#[test]
fn bad_input_password_protected_workbook() {
    let bytes = read("password.xlsx");
    assert_eq!(grid::sniff(&bytes), grid::Sniffed::Ole2, "an encrypted .xlsx is an OLE2 file");
    let e = workbook::read_any(&bytes).unwrap_err();
    assert!(e.to_string().starts_with("This workbook is protected by a password"), "{e}");
    refused(&path("password.xlsx"), "protected by a password");
}

#[test]
fn bad_input_an_empty_sheet() {
    let e = refused(&path("empty-sheet.xlsx"), "The sheet \"Sheet1\" is empty: there are no rows to read.");
    assert_eq!(e.lines().count(), 1, "{e}");
    let imp = pupils(&book("empty-sheet.xlsx"));
    assert_eq!(imp.errors.len(), 1);
    assert!(!imp.header_fault, "choosing columns cannot help");
}

#[test]
fn bad_input_two_columns_that_look_like_ehcp() {
    let csv = "ID,Band,EHCP,Top-up,SEN Status\nP1,SA3,yes,100,E\n";
    let f = temp("two-ehcp.csv", csv.as_bytes());
    let err = refused(&f, "line 1: the columns \"EHCP\" (column C) and \"SEN Status\" (column E) both look like the ehcp column");
    assert!(err.contains("--column"), "{err}");
    // Choosing one of them settles it.
    let o = cli(&["import", "pupils", &f, "--column", "ehcp=SEN Status"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("not used: \"EHCP\""), "{}", text(&o.stderr));
}

#[test]
fn bad_input_a_workbook_where_csv_text_is_expected() {
    let bytes = read("sims-sen-register.xlsx");
    let card = card();
    let imp = csv_import::read_pupils(&bytes, Some(&card));
    assert_eq!(imp.errors.len(), 1);
    let e = imp.errors[0].to_string();
    assert!(e.starts_with("This file is a workbook (.xlsx or .ods), not CSV text"), "{e}");
    assert!(!e.contains("PK"), "zip bytes are never shown as a header: {e}");
    let imp = csv_import::read_pupils(&read("password.xlsx"), Some(&card));
    assert!(imp.errors[0].to_string().starts_with("This file is an Excel workbook (.xls, or a file protected by a password), not CSV text"));
    // The extension is not trusted: a workbook named .csv is read as a workbook, a CSV named
    // .xlsx as text.
    let f = temp("really-a-workbook.csv", &bytes);
    let o = cli(&["import", "pupils", &f]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(serde_json::from_slice::<Value>(&o.stdout).unwrap(), sims_expected());
    let f = temp("really-text.xlsx", &read("sims-sen-register.csv"));
    let o = cli(&["import", "pupils", &f]);
    assert_eq!(serde_json::from_slice::<Value>(&o.stdout).unwrap(), sims_expected());
    // A zip that is not a spreadsheet, and a damaged workbook.
    let f = temp("not-a-sheet.xlsx", &zip_of(&[("hello.txt", b"hi")]));
    refused(&f, "This file is a zip archive but not a spreadsheet");
    let f = temp("truncated.xlsx", &bytes[..bytes.len() / 2]);
    refused(&f, "cannot be opened");
}

#[test]
fn bad_input_a_zip_whose_directory_lies() {
    // A sheet part that declares 10 bytes but unpacks to 300 MB.
    let bytes = read("bomb-lying.xlsx");
    let t = Instant::now();
    let e = workbook::read_any(&bytes).unwrap_err();
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    let e = e.to_string();
    assert!(e.contains("would unpack to more than 256 MB") || e.contains("cannot be"), "{e}");
}

#[test]
fn faulty_rows_name_sheet_row_and_heading() {
    let mut book = Workbook::new();
    book.add_worksheet().set_name("Read me").unwrap().write_string(0, 0, "Our SEN register").unwrap();
    let ws = book.add_worksheet();
    ws.set_name("Pupils 2025").unwrap();
    for (c, h) in ["Adno", "Surname", "SEN Status", "Band", "Top-up (£)", "Year", "Start date"].iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    let row = |ws: &mut rust_xlsxwriter::Worksheet, r: u32, v: [&str; 7]| {
        for (c, s) in v.iter().enumerate() {
            if !s.is_empty() {
                ws.write_string(r, c as u16, *s).unwrap();
            }
        }
    };
    row(ws, 2, ["1001", "Hartley", "E", "SA3", "£10.005", "Year 15", "31/02/2026"]);
    row(ws, 3, ["1002", "Pemberton", "Statemented?", "SA 9", "", "Y4", ""]);
    ws.write_number(4, 0, 1003.0).unwrap();
    ws.write_string(4, 1, "Okafor").unwrap();
    ws.write_string(4, 2, "K").unwrap();
    ws.write_string(4, 3, "Specific Allocation 2").unwrap();
    ws.write_number(4, 4, -5.0).unwrap();
    ws.write_number(4, 6, 45901.0).unwrap();
    let b = workbook::read_any(&book.save_to_buffer().unwrap()).unwrap();
    let imp = pupils(&b);
    let errs: Vec<String> = imp.errors.iter().map(|e| e.to_string()).collect();
    let want = [
        "sheet \"Pupils 2025\" row 3: Top-up (£): must be an amount in pounds from 0 to 1,000,000,000 with at most two decimals, e.g. 6000 or 6000.50 (got \"£10.005\")",
        "sheet \"Pupils 2025\" row 3: Year: must be N1, N2, R or a year from 1 to 14 (got \"Year 15\")",
        "sheet \"Pupils 2025\" row 3: Start date: 31/02/2026 is not a real date (day/month/year)",
        "sheet \"Pupils 2025\" row 4: Band: unknown band \"SA 9\" (known: U, S, W, SA1, SA2, SA3, SA4, SA5)",
        "sheet \"Pupils 2025\" row 4: SEN Status: must be yes or no (also y/n, true/false, 1/0) (got \"Statemented?\")",
        "sheet \"Pupils 2025\" row 4: Top-up (£): is missing: enter the pupil's current annual top-up, or 0 if none",
        "sheet \"Pupils 2025\" row 5: Top-up (£): must be an amount in pounds from 0 to 1,000,000,000 with at most two decimals, e.g. 6000 or 6000.50 (got \"-5\")",
    ];
    assert_eq!(errs, want);
    assert_eq!(imp.rejected_rows, [3, 4, 5]);
    assert!(errs.iter().all(|e| !e.contains("R10")), "no rule numbers in messages");
    assert_no_names("errors", &format!("{errs:?}"));
    // An Excel serial number in a date column (a date cell whose format was lost) is its date.
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["ID", "Band", "EHCP", "E3", "Start"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "P1").unwrap();
    ws.write_string(1, 1, "sa 1").unwrap();
    ws.write_string(1, 2, "n").unwrap();
    ws.write_number(1, 3, 0.1 + 0.2).unwrap();
    ws.write_number(1, 4, 45901.0).unwrap();
    let imp = pupils(&workbook::read_any(&book.save_to_buffer().unwrap()).unwrap());
    assert!(imp.errors.is_empty(), "{:?}", imp.errors);
    assert_eq!(
        imp.accepted[0].1.to_json(),
        json!({"id": "P1", "setting": "mainstream", "band": "SA1", "ehcp": false, "current_e3": "0.30", "start": "2025-09-01"})
    );
}

#[test]
fn choices_by_position_for_a_mapping_step() {
    // The web app's mapping step chooses columns by position.
    let csv = "a,b,c,d\nP1,SA2,yes,6000\n";
    let b = grid::csv_book(csv.as_bytes()).unwrap();
    let card = card();
    let choices = vec![
        ("id".to_string(), Choice::Column(0)),
        ("band".into(), Choice::Column(1)),
        ("ehcp".into(), Choice::Column(2)),
        ("current_e3".into(), Choice::Column(3)),
    ];
    let imp = register::import_pupils(&b, &Options { card: Some(&card), choices, ..Options::default() });
    assert!(imp.errors.is_empty(), "{:?}", imp.errors);
    assert_eq!(imp.accepted[0].1.to_json(), json!({"id": "P1", "setting": "mainstream", "band": "SA2", "ehcp": true, "current_e3": "6000.00"}));
    // Without them, the best guess is none (no row names two fields), and the header is at fault.
    let imp = register::import_pupils(&b, &Options { card: Some(&card), ..Options::default() });
    assert!(imp.header_fault && imp.best_guess.is_none());
}

/// A block of cells pasted from a spreadsheet, with or
/// without its header row, goes through the same pipeline, with no CSV text built.
#[test]
fn pasted_cells_with_and_without_their_header() {
    let card = card();
    // Copied from the SIMS-style sheet: the header and two pupils, names included.
    let with = "Adno\tLegal Surname\tSEN Status\tContinuum Band\tTop-up (£)\n001201\tHartley\tE - Education, Health and Care Plan\tSpecific Allocation 3\t£12,500.00\n001202\tPemberton\tK - SEN Support\tSEN Support\t750\n";
    let b = grid::pasted_book(with).unwrap();
    assert_eq!(b.source, Source::Cells);
    let imp = register::import_pupils(&b, &Options { card: Some(&card), ..Options::default() });
    assert!(imp.errors.is_empty(), "{:?}", imp.errors);
    assert_eq!(
        as_json(&imp),
        json!([
            {"id": "001201", "setting": "mainstream", "band": "SA3", "ehcp": true, "current_e3": "12500.00"},
            {"id": "001202", "setting": "mainstream", "band": "S", "ehcp": false, "current_e3": "750.00"}
        ])
    );
    assert_eq!(imp.left_out[0].heading, "Legal Surname");
    assert_no_names("pasted", &format!("{:?} {:?}", imp.accepted, imp.errors));
    // Without the header row: the columns are chosen by position (the mapping step).
    let without = "001201\tHartley\tE\tSA3\t12500\n001202\tPemberton\tK\tS\t-1\n";
    let b = grid::pasted_book(without).unwrap();
    let choices = vec![
        ("id".to_string(), Choice::Column(0)),
        ("ehcp".into(), Choice::Column(2)),
        ("band".into(), Choice::Column(3)),
        ("current_e3".into(), Choice::Column(4)),
    ];
    let imp = register::import_pupils(&b, &Options { card: Some(&card), choices: choices.clone(), headerless: true, ..Options::default() });
    assert_eq!(imp.accepted.len(), 1);
    assert_eq!(imp.accepted[0].1.to_json(), json!({"id": "001201", "setting": "mainstream", "band": "SA3", "ehcp": true, "current_e3": "12500.00"}));
    assert_eq!(
        imp.errors.iter().map(|e| e.to_string()).collect::<Vec<_>>(),
        ["row 2: column E: must be an amount in pounds from 0 to 1,000,000,000 with at most two decimals, e.g. 6000 or 6000.50 (got \"-1\")"]
    );
    assert_eq!(imp.header_row, None);
    let imp = register::import_pupils(&b, &Options { card: Some(&card), choices: choices[..2].to_vec(), headerless: true, ..Options::default() });
    assert_eq!(imp.errors[0].to_string(), "Choose the column that holds band and current_e3: the cells have no header row to find them by.");
}

/// The mapping step shows each column's heading and first values, but never the values of a
/// column that identifies a child.
#[test]
fn mapping_step_preview_never_shows_names() {
    let b = book("sims-sen-register.xlsx");
    let imp = pupils(&b);
    let sheet = &b.sheets[imp.sheet.unwrap()];
    let header_ix = sheet.rows.iter().position(|r| Some(r.number) == imp.header_row);
    let cols = register::preview_columns(register::Kind::Pupils, sheet, header_ix, &[], 3);
    assert_eq!(cols.len(), 12);
    assert_eq!(
        (cols[0].heading.as_str(), cols[0].field, cols[0].first_values.clone()),
        ("Adno", Some("id"), vec!["001201".to_string(), "001202".into(), "001203".into()])
    );
    assert_eq!((cols[1].heading.as_str(), cols[1].left_out, cols[1].first_values.len()), ("Legal Surname", Some("it holds names"), 0));
    assert_eq!(cols[10].first_values, ["12500", "750", "15000.5"]);
    assert_eq!(cols[11].first_values, ["2025-09-01", "2026-01-05"]);
    assert_eq!(cols[8].field, None, "Primary Need is not read");
    assert_no_names("preview", &format!("{cols:?}"));
    // Without a header row: columns by letter, values shown (the page cannot know which hold
    // names until the user says).
    let p = grid::pasted_book("001201\tSA3\n").unwrap();
    let cols = register::preview_columns(register::Kind::Pupils, &p.sheets[0], None, &[], 3);
    assert_eq!(cols[1].heading, "column B");
    assert_eq!(cols[1].first_values, ["SA3"]);
}

#[test]
fn a_header_with_no_rows_and_utf16_without_its_bom() {
    let imp = pupils(&grid::csv_book(b"Title\nID,Band,EHCP,E3\n").unwrap());
    assert!(imp.errors.is_empty() && imp.accepted.is_empty());
    assert_eq!(imp.notices.last().map(String::as_str), Some("There are no pupils below the header on line 2."));
    // Excel's "Unicode text" saved without a BOM (little-endian), tab-separated.
    let text = "ID\tBand\tSEN Status\tTop-up\r\nP1\tSA 1\tE\t£3,000\r\n";
    let bytes: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    let imp = pupils(&grid::csv_book(&bytes).unwrap());
    assert_eq!(imp.source, Source::Csv(csv_import::Encoding::Utf16Le));
    assert_eq!(as_json(&imp), json!([{"id": "P1", "setting": "mainstream", "band": "SA1", "ehcp": true, "current_e3": "3000.00"}]));
}

// --- speed ----------------------------------------------------------------------------------

/// A register of `n` pupils as an .xlsx workbook (SIMS-style: title rows, names, codes).
fn big_register(n: usize) -> Vec<u8> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("SEN Register").unwrap();
    ws.write_string(0, 0, "SEN Register").unwrap();
    let head = ["Adno", "Surname", "Forename", "Year", "SEN Status", "Continuum Band", "Provision", "Top-up (£)", "Date of Admission"];
    for (c, h) in head.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    let bands = ["S", "W", "Specific Allocation 1", "SA 2", "SA3", "SA4", "SA5", "U"];
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for i in 0..n {
        let r = 3 + i as u32;
        ws.write_string(r, 0, format!("P{i:06}")).unwrap();
        ws.write_string(r, 1, "Surname").unwrap();
        ws.write_string(r, 2, "Forename").unwrap();
        ws.write_string(r, 3, format!("Year {}", 1 + i % 11)).unwrap();
        ws.write_string(r, 4, if i % 3 == 0 { "E - Education, Health and Care Plan" } else { "K - SEN Support" }).unwrap();
        ws.write_string(r, 5, bands[i % bands.len()]).unwrap();
        ws.write_string(r, 6, if i % 10 == 0 { "SRP" } else { "Mainstream" }).unwrap();
        ws.write_number(r, 7, (i % 2000) as f64 * 7.25).unwrap();
        ws.write_datetime_with_format(r, 8, ExcelDateTime::from_ymd(2025, 9, 1).unwrap(), &date).unwrap();
    }
    book.save_to_buffer().unwrap()
}

/// The target: a 50,000-row import takes ≤ 1 s natively (measured in an optimised build:
/// `cargo test --release --test register speed -- --nocapture`; this test fails only on a
/// regression of 5× that, or 60× in a debug build).
#[test]
fn speed_of_a_2000_and_a_50000_row_import() {
    let card = card();
    for n in [2_000, 50_000] {
        let bytes = big_register(n);
        // For timing the command line on the same file.
        if let Ok(d) = std::env::var("REGISTER_BENCH_DIR") {
            std::fs::write(format!("{d}/register-{n}.xlsx"), &bytes).unwrap();
        }
        let t = Instant::now();
        let b = workbook::read_any(&bytes).unwrap();
        let read_ms = t.elapsed().as_secs_f64() * 1e3;
        let imp = register::import_pupils(&b, &Options { card: Some(&card), ..Options::default() });
        let total = t.elapsed();
        assert!(imp.errors.is_empty(), "{:?}", &imp.errors[..imp.errors.len().min(3)]);
        assert_eq!(imp.accepted.len(), n);
        let csv: String = {
            let mut s = String::from("Adno,Surname,Year,SEN Status,Band,Top-up\n");
            for i in 0..n {
                s.push_str(&format!("P{i:06},Surname,Year {},E,SA3,\"£{},000.00\"\n", 1 + i % 11, 1 + i % 9));
            }
            s
        };
        let t2 = Instant::now();
        let imp = csv_import::read_pupils(csv.as_bytes(), Some(&card));
        let csv_total = t2.elapsed();
        assert_eq!(imp.accepted.len(), n);
        println!(
            "{n} rows: .xlsx ({:.1} MB) read {read_ms:.0} ms, read + import {:.0} ms; CSV ({:.1} MB) import {:.0} ms",
            bytes.len() as f64 / 1e6,
            total.as_secs_f64() * 1e3,
            csv.len() as f64 / 1e6,
            csv_total.as_secs_f64() * 1e3
        );
        let limit = if cfg!(debug_assertions) { 60.0 } else { 5.0 };
        assert!(total.as_secs_f64() <= limit && csv_total.as_secs_f64() <= limit, "{n} rows took {total:?} / {csv_total:?}");
    }
}
