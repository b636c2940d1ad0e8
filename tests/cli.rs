//! The `sen-funding` command-line tool, run as a user would: exit codes, stdout and stderr.

use std::io::Write;
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sen-funding"))
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn temp(name: &str, bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("sen-funding-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::File::create(&p).unwrap().write_all(bytes).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn calc_prints_the_result_json_and_exits_0() {
    let o = run(&["calc", &fixture("scenario-small.json")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON on stdout");
    assert_eq!(v["rate_card"]["status"], "illustrative");
    let p1 = &v["schools"][0]["pupils"][0];
    assert_eq!(p1["id"], "P001");
    assert_eq!(p1["years"]["2025/26"]["route"], "protected_ehcp");
    assert_eq!(p1["years"]["2026/27"]["e3"], "10000.00");
    // P002: option B at 75% in C1: 0.75 × 8,000.
    assert_eq!(v["schools"][0]["pupils"][1]["years"]["2025/26"]["e3"], "6000.00");
    assert_eq!(v["communities"][0]["years"]["2025/26"]["committed"], "6000.00");
    // The worked examples of docs/MODEL.md.
    assert_eq!(p1["years"]["2025/26"]["e3"], "12000.00");
    assert_eq!(p1["financial_years"]["2026-27"]["e3"], "10833.33");
    let c1 = &v["communities"][0]["years"]["2025/26"];
    assert_eq!((&c1["historic_share"], &c1["formula_share"], &c1["blended_share"]), (&"0.75".into(), &"0.5".into(), &"0.6875".into()));
    assert_eq!((&c1["net"], &c1["gross"]), (&"687500.00".into(), &"697500.00".into()));
    // The special school's MGL: floor 11,400 against a tariff of 10,000.
    assert_eq!(v["schools"][1]["years"]["2026/27"]["mgl_adjustment"], "1400.00");
    assert!(stderr(&o).is_empty());
    // --compact gives the same document on one line.
    let c = run(&["calc", &fixture("scenario-small.json"), "--compact"]);
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&c.stdout).unwrap(), v);
    assert_eq!(stdout(&c).lines().count(), 1);
}

#[test]
fn validate_says_ok_or_lists_every_fault_and_exits_2() {
    let o = run(&["validate", &fixture("scenario-small.json")]);
    assert_eq!((o.status.code(), stdout(&o).trim()), (Some(0), "ok"));
    let text = std::fs::read_to_string(fixture("scenario-small.json")).unwrap().replace("../../www", concat!(env!("CARGO_MANIFEST_DIR"), "/www"));
    let bad = text
        .replace("\"SA4\"", "\"SA9\"")
        .replace("\"12000\", \"year_group\"", "\"12,000\", \"year_group\"")
        .replace("\"protection\": \"D\"", "\"protection\": \"E\"");
    let f = temp("bad.json", bad.as_bytes());
    for cmd in ["validate", "calc"] {
        let o = run(&[cmd, &f]);
        assert_eq!(o.status.code(), Some(2), "{cmd}");
        assert!(o.stdout.is_empty(), "{cmd}: nothing on stdout");
        let err = stderr(&o);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(
            lines,
            vec![
                "communities[1].protection: must be one of A, B, C, D (got \"E\")",
                "schools[0].pupils[0].current_e3: must be an amount in pounds from 0 to 1,000,000,000 with at most two decimals, e.g. 6000 or 6000.50 (got \"12,000\")",
                "schools[0].pupils[2].band: unknown band \"SA9\" (known: U, S, W, SA1, SA2, SA3, SA4, SA5)",
            ],
            "{cmd}"
        );
    }
}

#[test]
fn broken_inputs_never_panic() {
    let junk: Vec<u8> = (0..2048u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    let text = std::fs::read_to_string(fixture("scenario-small.json")).unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", vec![]),
        ("truncated", text.as_bytes()[..text.len() / 3].to_vec()),
        ("junk", junk),
        ("array", b"[1,2,3]".to_vec()),
        ("deep", "[".repeat(100_000).into_bytes()),
        ("nul", b"{\"schools\": [\0]}".to_vec()),
    ];
    for (name, bytes) in cases {
        let f = temp(&format!("{name}.json"), &bytes);
        for cmd in ["validate", "calc"] {
            let o = run(&[cmd, &f]);
            assert_eq!(o.status.code(), Some(2), "{name} {cmd}: {}", stderr(&o));
            assert!(o.stdout.is_empty(), "{name} {cmd}");
            assert!(!stderr(&o).contains("panicked"), "{name} {cmd}");
            assert!(!stderr(&o).trim().is_empty(), "{name} {cmd}: says what is wrong");
        }
        let o = run(&["import", "pupils", &f]);
        assert_eq!(o.status.code(), Some(2), "{name} import");
    }
    let o = run(&["calc", "/no/such/file.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("cannot read the scenario \"/no/such/file.json\""));
}

#[test]
fn explain_cites_rules_for_a_pupil_a_school_and_a_community() {
    let f = fixture("scenario-small.json");
    let o = run(&["explain", &f, "--school", "100001", "--pupil", "P002", "--year", "2025/26"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t = stdout(&o);
    assert!(t.contains("R4.6:"), "{t}");
    assert!(t.contains("R6.2: Protection option B (protect a share), chosen by Community C1 (Example North): 75% × £8,000.00 = £6,000.00 a year"), "{t}");
    assert!(t.contains("R5.9:"), "{t}");
    let o = run(&["explain", &f, "--community", "C1", "--year", "2025/26"]);
    let t = stdout(&o);
    assert!(
        t.contains(
            "R5.5: 75% × historic share 0.750000 + 25% × formula share 0.500000 = 0.687500 (community.historic_weight 2025/26 = 0.75, source 24/00120 §5.9)"
        ),
        "{t}"
    );
    let o = run(&["explain", &f, "--school", "200001", "--year", "2026-27", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules: Vec<&str> = v["steps"].as_array().unwrap().iter().map(|s| s["rule"].as_str().unwrap()).collect();
    assert!(rules.contains(&"R8.4"), "{rules:?}");
    let o = run(&["explain", &f, "--school", "999", "--year", "2025/26"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o).trim(), "--school: no school with URN \"999\" in the scenario");
}

#[test]
fn import_prints_the_json_list_or_every_faulty_row() {
    let o = run(&["import", "pupils", &fixture("pupils-windows-1252.csv")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 5);
    assert_eq!(
        v[0],
        serde_json::json!({"id": "P001", "setting": "mainstream", "band": "SA3", "ehcp": true, "current_e3": "12500.00", "year_group": "5", "start": "2025-09-01"})
    );
    let o = run(&["import", "pupils", &fixture("pupils-bad-windows-1252.csv")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).lines().all(|l| l.starts_with("line ")), "{}", stderr(&o));
    assert!(stderr(&o).contains("line 4: current_e3: is missing"));
    let o = run(&["import", "communities", &fixture("communities-windows-1252.csv")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["historic"], "1250000.00");
    assert_eq!(v[0]["protection_rate"], "0.75");
    // The imported list drops straight into a scenario that validates.
    let scen = serde_json::json!({
        "rate_card_path": concat!(env!("CARGO_MANIFEST_DIR"), "/www/ratecards/kent-illustrative-2025.json"),
        "pots": {"2025/26": "5000000"},
        "communities": v,
        "schools": [{"urn": "1", "name": "Imported", "community": "C01", "pupils": serde_json::from_slice::<serde_json::Value>(&run(&["import", "pupils", &fixture("pupils-utf8-bom.csv")]).stdout).unwrap()}]
    });
    let f = temp("imported.json", scen.to_string().as_bytes());
    let o = run(&["validate", &f]);
    assert_eq!((o.status.code(), stdout(&o).trim().to_string()), (Some(0), "ok".to_string()), "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2_in_clap_form_with_the_usage() {
    // No command: the whole help, on stderr, exit 2.
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains("Usage: sen-funding <COMMAND>"), "{}", stderr(&o));
    for cmd in COMMANDS {
        assert!(stderr(&o).contains(&format!("\n  {cmd} ")), "{cmd} listed: {}", stderr(&o));
    }
    // Each kind of bad usage: clap's `error:` line, the command's usage, exit 2, nothing on stdout.
    let f = fixture("scenario-small.json");
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (vec!["calc", "a.json", "--frobnicate", "x"], "error: unexpected argument '--frobnicate' found", "Usage: sen-funding calc"),
        (vec!["calc"], "error: the following required arguments were not provided:", "Usage: sen-funding calc"),
        (vec!["frobnicate"], "error: unrecognized subcommand 'frobnicate'", "Usage: sen-funding <COMMAND>"),
        (
            vec!["explain", &f, "--school", "100001"],
            "error: the following required arguments were not provided:\n  --year <YEAR>",
            "Usage: sen-funding explain",
        ),
        (
            vec!["explain", &f, "--year", "2025/26"],
            "error: the following required arguments were not provided:\n  --school <URN>",
            "Usage: sen-funding explain",
        ),
        (vec!["explain", &f, "--school", "1", "--year", "26/27"], "error: invalid value '26/27' for '--year <YEAR>'", "For more information, try '--help'."),
        (
            vec!["explain", &f, "--school", "1", "--community", "C1", "--year", "2025/26"],
            "error: the argument '--school <URN>' cannot be used with '--community <ID>'",
            "Usage: sen-funding explain",
        ),
        (
            vec!["explain", &f, "--community", "C1", "--year", "2025-26"],
            "error: Community budgets are by academic year: give --year like 2026/27",
            "Usage: sen-funding explain",
        ),
        (vec!["explain", &f, "--help-me"], "error: unexpected argument '--help-me' found", "Usage: sen-funding explain"),
        (vec!["import", "people", "x.csv"], "error: invalid value 'people' for '<KIND>'", "[possible values: pupils, communities]"),
        (
            vec!["generate", "--pupils", "many"],
            "error: invalid value 'many' for '--pupils <N>': invalid digit found in string",
            "For more information, try '--help'.",
        ),
        (vec!["bench", "--runs"], "error: a value is required for '--runs <N>' but none was supplied", "For more information, try '--help'."),
    ];
    for (args, first, later) in cases {
        let o = run(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(o.stdout.is_empty(), "{args:?}");
        assert!(err.starts_with(first), "{args:?}: {err}");
        assert!(err.contains(later), "{args:?}: {err}");
    }
}

const COMMANDS: [&str; 6] = ["calc", "validate", "explain", "import", "generate", "bench"];

#[test]
fn every_command_has_help_with_usage_and_an_example() {
    for cmd in COMMANDS {
        for args in [vec![cmd, "--help"], vec!["help", cmd], vec![cmd, "-h"]] {
            let o = run(&args);
            let out = stdout(&o);
            assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
            assert!(out.contains(&format!("Usage: sen-funding {cmd}")), "{args:?}: {out}");
            assert!(out.contains("Example"), "{args:?}: {out}");
            assert!(out.contains(&format!("\n  sen-funding {cmd} ")) || out.contains(&format!("-- {cmd} ")), "{args:?}: an example of {cmd}: {out}");
        }
    }
    // `help` alone and `--help`: every command, and where the rules are.
    for args in [vec!["help"], vec!["--help"]] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(0));
        let out = stdout(&o);
        assert!(out.contains("docs/MODEL.md"), "{out}");
        for cmd in COMMANDS {
            assert!(out.contains(&format!("\n  {cmd} ")), "{cmd}: {out}");
        }
    }
    // The options each command documents.
    for (cmd, opts) in [
        ("calc", &["--compact"][..]),
        ("explain", &["--school <URN>", "--pupil <ID>", "--community <ID>", "--year <YEAR>", "--json"]),
        ("import", &["--rate-card <CARD.json>", "pupils", "communities"]),
        ("bench", &["--runs <N>", "--seed <N>"]),
        ("generate", &["--communities <N>", "--schools <N>", "--pupils <N>"]),
    ] {
        let out = stdout(&run(&[cmd, "--help"]));
        for opt in opts {
            assert!(out.contains(opt), "{cmd} --help documents {opt}: {out}");
        }
    }
}

#[test]
fn generate_makes_a_scenario_that_calc_accepts() {
    let o = run(&["generate", "--communities", "3", "--schools", "5", "--pupils", "40"]);
    assert_eq!(o.status.code(), Some(0));
    let mut v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["rate_card_path"] = serde_json::json!(concat!(env!("CARGO_MANIFEST_DIR"), "/www/ratecards/kent-illustrative-2025.json"));
    let f = temp("gen.json", v.to_string().as_bytes());
    let o = run(&["calc", &f, "--compact"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["schools"].as_array().unwrap().len(), 5);
    assert_eq!(r["schools"].as_array().unwrap().iter().map(|s| s["pupils"].as_array().unwrap().len()).sum::<usize>(), 40);
}

// --- calc --csv DIR and --xlsx FILE: read back, figure by figure, against the JSON result ---

/// Pennies of a money string of the result JSON (`-1234.56`).
fn pennies(s: &str) -> i64 {
    let (sign, s) = s.strip_prefix('-').map_or((1, s), |r| (-1, r));
    let (pounds, p) = s.split_once('.').expect("two decimals");
    assert_eq!(p.len(), 2, "{s}");
    sign * (pounds.parse::<i64>().unwrap() * 100 + p.parse::<i64>().unwrap())
}

fn money(p: i64) -> String {
    format!("{}{}.{:02}", if p < 0 { "-" } else { "" }, p.abs() / 100, p.abs() % 100)
}

fn neutral(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// Every exported table as the JSON result (and the scenario's own names, pots and pupils)
/// says it should be: (file name, sheet name, header, rows of text).
/// (file name, sheet name, header, rows of text)
type ExpectedTable = (&'static str, &'static str, Vec<&'static str>, Vec<Vec<String>>);

fn expected_tables(scenario: &serde_json::Value, r: &serde_json::Value) -> Vec<ExpectedTable> {
    let s = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
    let m = |v: &serde_json::Value| v.as_str().expect("money string").to_string();
    let (mut say, mut sfy, mut pay, mut pfy) = (vec![], vec![], vec![], vec![]);
    // R11.4: a year_group column after band when a school gives year_group_as_at.
    let year_groups = scenario["schools"].as_array().unwrap().iter().any(|school| school.get("year_group_as_at").is_some_and(|v| !v.is_null()));
    for (si, school) in r["schools"].as_array().unwrap().iter().enumerate() {
        let input = &scenario["schools"][si];
        assert_eq!(input["urn"], school["urn"]);
        let (urn, name, community) = (s(&school["urn"]), neutral(&s(&input["name"])), neutral(&s(&school["community"])));
        for (y, t) in school["years"].as_object().unwrap() {
            let ci = if t["community_indicative"].is_null() { String::new() } else { m(&t["community_indicative"]) };
            say.push(vec![
                y.clone(),
                urn.clone(),
                name.clone(),
                community.clone(),
                m(&t["direct"]),
                m(&t["mgl_adjustment"]),
                ci,
                m(&t["current"]),
                money(pennies(&m(&t["direct"])) - pennies(&m(&t["current"]))),
            ]);
        }
        for (f, t) in school["financial_years"].as_object().unwrap() {
            // The FY MGL adjustment (R8.4) is not in the JSON: it is the school's direct
            // figure less its pupils' Element 3 for that FY.
            let pupils_e3: i64 = school["pupils"].as_array().unwrap().iter().map(|p| pennies(p["financial_years"][f]["e3"].as_str().unwrap())).sum();
            let direct = pennies(&m(&t["direct"]));
            sfy.push(vec![
                f.clone(),
                urn.clone(),
                name.clone(),
                community.clone(),
                m(&t["direct"]),
                money(direct - pupils_e3),
                m(&t["current"]),
                money(direct - pennies(&m(&t["current"]))),
            ]);
        }
        for (pi, p) in school["pupils"].as_array().unwrap().iter().enumerate() {
            let pin = &input["pupils"][pi];
            let id = neutral(&s(&p["id"]));
            for (y, py) in p["years"].as_object().unwrap() {
                let flags: Vec<String> = py["flags"].as_array().unwrap().iter().map(s).collect();
                let mut row = vec![y.clone(), urn.clone(), id.clone(), s(&pin["setting"]), neutral(&s(&pin["band"]))];
                if year_groups {
                    row.push(py.get("year_group").map(s).unwrap_or_default());
                }
                row.extend([s(&py["route"]), m(&py["e3"]), m(&py["current"]), money(pennies(&m(&py["e3"])) - pennies(&m(&py["current"]))), flags.join(" ")]);
                pay.push(row);
            }
            for (f, pf) in p["financial_years"].as_object().unwrap() {
                pfy.push(vec![
                    f.clone(),
                    urn.clone(),
                    id.clone(),
                    m(&pf["e3"]),
                    m(&pf["current"]),
                    money(pennies(&m(&pf["e3"])) - pennies(&m(&pf["current"]))),
                ]);
            }
        }
    }
    let communities = r["communities"].as_array().unwrap();
    let years: Vec<String> = communities.first().map(|c| c["years"].as_object().unwrap().keys().cloned().collect()).unwrap_or_default();
    let (mut cay, mut rec) = (vec![], vec![]);
    for y in &years {
        let (mut net, mut gross, mut top) = (0, 0, 0);
        for (ci, c) in communities.iter().enumerate() {
            let t = &c["years"][y];
            cay.push(vec![
                y.clone(),
                neutral(&s(&c["id"])),
                neutral(&s(&scenario["communities"][ci]["name"])),
                s(&t["formula_share"]),
                s(&t["historic_share"]),
                s(&t["blended_share"]),
                m(&t["topslice"]),
                m(&t["net"]),
                m(&t["gross"]),
                m(&t["committed"]),
                m(&t["discretionary"]),
                if t["over_committed"].as_bool().unwrap() { "yes" } else { "no" }.to_string(),
            ]);
            net += pennies(&m(&t["net"]));
            gross += pennies(&m(&t["gross"]));
            top += pennies(&m(&t["topslice"]));
        }
        // The pot is the scenario's (in pounds, maybe without pence).
        let pot_text = s(&scenario["pots"][y]);
        let pot = pennies(&if pot_text.contains('.') { pot_text.clone() } else { format!("{pot_text}.00") });
        rec.push(vec![y.clone(), money(pot), money(top), money(net), money(gross), money(pot - net - top)]);
    }
    // The files, sheets and headers are the engine's one list of them; the rows are worked
    // out here, from the JSON.
    let rows = [say, sfy, pay, pfy, cay, rec];
    let mut shapes = sen_funding::engine::csv_out::SHAPES;
    if year_groups {
        shapes[2].2 = sen_funding::engine::csv_out::PUPILS_BY_AY_WITH_YEAR_GROUP;
    }
    shapes.iter().zip(rows).map(|(&(file, sheet, header), rows)| (file, sheet, header.to_vec(), rows)).collect()
}

const MONEY_COLUMNS: [&str; 17] = [
    "direct_e3",
    "mgl_adjustment",
    "community_indicative",
    "current",
    "change",
    "e3",
    "topslice",
    "net",
    "gross",
    "committed",
    "discretionary",
    "pot",
    "topslice_total",
    "sum_of_net",
    "sum_of_gross",
    "difference",
    "current_e3",
];

/// Runs `calc` three ways (JSON, --csv, --xlsx) and checks every cell of every table of both
/// files against the JSON result; returns the number of figures checked.
fn check_exports(scenario_path: &str, tag: &str) -> usize {
    use calamine::{Data, Reader};
    let scenario: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(scenario_path).unwrap()).unwrap();
    let o = run(&["calc", scenario_path, "--compact"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let dir = std::env::temp_dir().join(format!("sen-funding-cli-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (csv_dir, xlsx) = (dir.join("csv"), dir.join("figures.xlsx"));
    let o = run(&["calc", scenario_path, "--csv", csv_dir.to_str().unwrap(), "--xlsx", xlsx.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains(&format!("wrote {}", xlsx.display())), "{}", stdout(&o));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).expect("an xlsx calamine reads");
    assert_eq!(book.sheet_names(), ["About", "Schools by AY", "Schools by FY", "Pupils by AY", "Pupils by FY", "Communities by AY", "Reconciliation"]);
    let mut checked = 0;
    for (file, sheet, header, rows) in expected_tables(&scenario, &r) {
        assert!(!rows.is_empty() || file == "reconciliation" || file == "communities-by-ay", "{file}: a table with rows");
        // The CSV: a byte order mark, then the header and the rows.
        let bytes = std::fs::read(csv_dir.join(format!("{file}.csv"))).unwrap();
        assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF], "{file}: UTF-8 with a BOM, as the app's exports");
        let mut rd = csv::ReaderBuilder::new().has_headers(true).from_reader(&bytes[3..]);
        assert_eq!(rd.headers().unwrap().iter().collect::<Vec<_>>(), header, "{file}");
        let got: Vec<Vec<String>> = rd.records().map(|rec| rec.unwrap().iter().map(str::to_string).collect()).collect();
        assert_eq!(got.len(), rows.len(), "{file}: rows");
        for (i, (g, e)) in got.iter().zip(&rows).enumerate() {
            assert_eq!(g, e, "{file}.csv row {}", i + 2);
        }
        // The workbook: the same header in row 1, money as numbers that read back to the
        // JSON's figure to the penny, everything else as text.
        let range = book.worksheet_range(sheet).unwrap();
        let all: Vec<&[Data]> = range.rows().collect();
        assert_eq!(all.len(), rows.len() + 1, "{sheet}: rows");
        assert_eq!(all[0].iter().map(|c| c.to_string()).collect::<Vec<_>>(), header, "{sheet}");
        for (i, (g, e)) in all[1..].iter().zip(&rows).enumerate() {
            for (c, want) in e.iter().enumerate() {
                let cell = g.get(c).unwrap_or(&Data::Empty);
                let text = match cell {
                    Data::Float(f) => {
                        assert!(MONEY_COLUMNS.contains(&header[c]), "{sheet} row {} {}: only money is a number", i + 2, header[c]);
                        // Exactly the double nearest the JSON's amount, to the last bit.
                        assert_eq!(f.to_bits(), (pennies(want) as f64 / 100.0).to_bits(), "{sheet} row {} {}: {f} for {want}", i + 2, header[c]);
                        format!("{f:.2}")
                    }
                    Data::String(s) => {
                        assert!(!MONEY_COLUMNS.contains(&header[c]), "{sheet} row {} {}: money is a number, not text", i + 2, header[c]);
                        s.clone()
                    }
                    Data::Empty => String::new(),
                    other => panic!("{sheet} row {} {}: unexpected {other:?}", i + 2, header[c]),
                };
                assert_eq!(&text, want, "{sheet} row {} column {}", i + 2, header[c]);
                checked += 1;
            }
        }
    }
    let about = book.worksheet_range("About").unwrap();
    let r0 = &r["rate_card"]["id"];
    assert!(about.rows().any(|row| row.iter().any(|c| c.to_string().contains(r0.as_str().unwrap()))), "About names the rate card");
    checked
}

#[test]
fn calc_csv_and_xlsx_hold_exactly_the_json_figures() {
    let n = check_exports(&fixture("scenario-small.json"), "small");
    // 10 school-years × 9 + 8 × 8 + 20 × 10 + 16 × 6 + 6 × 12 + 3 × 6 columns.
    assert_eq!(n, 90 + 64 + 200 + 96 + 72 + 18);
}

#[test]
fn calc_csv_and_xlsx_of_a_generated_county() {
    let o = run(&["generate", "--communities", "4", "--schools", "30", "--pupils", "600", "--seed", "5"]);
    let mut v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["rate_card_path"] = serde_json::json!(concat!(env!("CARGO_MANIFEST_DIR"), "/www/ratecards/kent-illustrative-2025.json"));
    let f = temp("county.json", v.to_string().as_bytes());
    let n = check_exports(&f, "county");
    assert!(n > 600 * 4 * 10, "{n} figures checked");
}

#[test]
fn calc_exports_neutralise_formula_like_text() {
    let text = std::fs::read_to_string(fixture("scenario-small.json")).unwrap().replace("../../www", concat!(env!("CARGO_MANIFEST_DIR"), "/www"));
    let hostile = text
        .replace("\"Example Primary\"", "\"=HYPERLINK(\\\"http://x\\\",\\\"click\\\")\"")
        .replace("\"Example Special\"", "\"@SUM(1+1)\"")
        .replace("\"Example North\"", "\"+44 1234\"")
        .replace("\"Example South\"", "\"-South, with a comma\"")
        .replace("\"P002\"", "\"-P2\"");
    let f = temp("hostile.json", hostile.as_bytes());
    check_exports(&f, "hostile");
    // And plainly, in the files themselves.
    let dir = std::env::temp_dir().join(format!("sen-funding-cli-{}-hostile", std::process::id()));
    let csv_text = std::fs::read_to_string(dir.join("csv/schools-by-ay.csv")).unwrap();
    assert!(csv_text.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",C1,"), "{csv_text}");
    assert!(csv_text.contains(",'@SUM(1+1),,"), "{csv_text}");
    let c = std::fs::read_to_string(dir.join("csv/communities-by-ay.csv")).unwrap();
    assert!(c.contains(",'+44 1234,") && c.contains(",\"'-South, with a comma\","), "{c}");
    let p = std::fs::read_to_string(dir.join("csv/pupils-by-ay.csv")).unwrap();
    assert!(p.contains(",'-P2,mainstream,S,"), "{p}");
    // Negative money is a number, not neutralised.
    assert!(p.contains(",-2000.00,"), "{p}");
}

#[test]
fn calc_exports_nothing_from_a_faulty_scenario_and_says_when_it_cannot_write() {
    let text = std::fs::read_to_string(fixture("scenario-small.json"))
        .unwrap()
        .replace("../../www", concat!(env!("CARGO_MANIFEST_DIR"), "/www"))
        .replace("\"SA4\"", "\"SA9\"");
    let f = temp("faulty.json", text.as_bytes());
    let dir = std::env::temp_dir().join(format!("sen-funding-cli-{}-faulty", std::process::id()));
    let o = run(&["calc", &f, "--csv", dir.join("csv").to_str().unwrap(), "--xlsx", dir.join("f.xlsx").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains("schools[0].pupils[2].band: unknown band \"SA9\""), "{}", stderr(&o));
    assert!(!dir.exists(), "nothing written");
    // A folder that cannot be made: a plain message, exit 1.
    let file = temp("not-a-folder", b"x");
    let o = run(&["calc", &fixture("scenario-small.json"), "--csv", &format!("{file}/sub")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).starts_with("cannot make the folder"), "{}", stderr(&o));
    // --compact is for the JSON only.
    let o = run(&["calc", &fixture("scenario-small.json"), "--compact", "--csv", "x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("error: the argument '--compact' cannot be used with"), "{}", stderr(&o));
}

// --- R11, looking ahead: pupils move up a year ------------------------------------------------

/// FNV-1a, 64 bits: a fingerprint of an output too large to keep beside the tests.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// R11 is optional: a scenario without its fields gives exactly what it gave before. The files
/// in `tests/fixtures/before-r11/` (and the fingerprints below) were written by `sen-funding`
/// built from the code before R11 was added: `calc` (JSON and `--csv`) and `explain` of the
/// small scenario, and `calc` of a generated county, must still give them byte for byte. (A
/// rule changed on purpose changes them too: write them again with the CLI, and say why.)
#[test]
fn r11_without_its_fields_every_output_is_byte_for_byte_as_before() {
    let before = |name: &str| std::fs::read(fixture(&format!("before-r11/{name}"))).unwrap();
    let f = fixture("scenario-small.json");
    let o = run(&["calc", &f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout == before("scenario-small.result.json"), "calc of scenario-small.json differs from before R11:\n{}", stdout(&o));
    let dir = std::env::temp_dir().join(format!("sen-funding-cli-{}-before-r11", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(run(&["calc", &f, "--csv", dir.to_str().unwrap()]).status.code(), Some(0));
    for t in ["schools-by-ay", "schools-by-fy", "pupils-by-ay", "pupils-by-fy", "communities-by-ay", "reconciliation"] {
        let got = std::fs::read(dir.join(format!("{t}.csv"))).unwrap();
        assert!(got == before(&format!("scenario-small-csv/{t}.csv")), "{t}.csv differs from before R11:\n{}", String::from_utf8_lossy(&got));
    }
    for (args, file) in [
        (vec!["--school", "100001", "--year", "2026/27"], "explain-school-100001-2026-27.txt"),
        (vec!["--school", "100001", "--pupil", "P001", "--year", "2026-27"], "explain-pupil-P001-fy-2026-27.txt"),
        (vec!["--school", "100001", "--pupil", "P002", "--year", "2025/26", "--json"], "explain-pupil-P002-2025-26.json"),
        (vec!["--community", "C1", "--year", "2025/26"], "explain-community-C1-2025-26.txt"),
    ] {
        let o = run(&[&["explain", f.as_str()], &args[..]].concat());
        assert!(o.stdout == before(file), "explain {args:?} differs from before R11:\n{}", stdout(&o));
    }
    // A generated county (every route, leavers, joiners, year groups N2 to 12): the scenario,
    // its result JSON, its CSV tables and an explanation, by length and fingerprint.
    let o = run(&["generate", "--communities", "4", "--schools", "30", "--pupils", "600", "--seed", "5"]);
    assert_eq!((o.stdout.len(), fnv1a(&o.stdout)), (126_075, 0x863b_4568_4b0f_ac4b), "the generated county");
    let mut v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["rate_card_path"] = serde_json::json!(concat!(env!("CARGO_MANIFEST_DIR"), "/www/ratecards/kent-illustrative-2025.json"));
    let county = temp("county-before-r11.json", v.to_string().as_bytes());
    let o = run(&["calc", &county, "--compact"]);
    assert_eq!((o.stdout.len(), fnv1a(&o.stdout)), (408_005, 0x27e9_c5cc_b5e1_9a9d), "calc of the county");
    let o = run(&["explain", &county, "--school", "900001", "--year", "2027-28"]);
    assert_eq!((o.stdout.len(), fnv1a(&o.stdout)), (597, 0x24f3_84b4_3010_0cae), "explain of a county school");
    let cdir = dir.join("county");
    assert_eq!(run(&["calc", &county, "--csv", cdir.to_str().unwrap()]).status.code(), Some(0));
    for (t, len, hash) in [
        ("schools-by-ay", 11_272, 0xf014_6c9a_3a68_daf5u64),
        ("schools-by-fy", 8_743, 0x41bb_5d6d_259d_0b2f),
        ("pupils-by-ay", 222_586, 0xe7b6_1f0f_dd74_4d42),
        ("pupils-by-fy", 109_700, 0x6cb7_8cc2_dac4_09de),
        ("communities-by-ay", 2_554, 0x5de7_b661_9a6d_27eb),
        ("reconciliation", 287, 0xdb60_7f9e_97ca_845b),
    ] {
        let got = std::fs::read(cdir.join(format!("{t}.csv"))).unwrap();
        assert_eq!((got.len(), fnv1a(&got)), (len, hash), "{t}.csv of the county");
    }
}

#[test]
fn calc_follows_r11_pupils_moving_up_and_leaving() {
    let o = run(&["calc", &fixture("scenario-r11.json")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let primary = &v["schools"][0];
    let year = |p: usize, ay: &str| primary["pupils"][p]["years"][ay].clone();
    // P001, recorded in Year 4 in 2024/25 at a primary school whose last year group is 6:
    // Year 6 on the tariff in 2026/27, left in 2027/28 (R11.3).
    assert_eq!((year(0, "2026/27")["year_group"].clone(), year(0, "2026/27")["e3"].clone()), ("6".into(), "10000.00".into()));
    assert_eq!(
        (year(0, "2027/28")["year_group"].clone(), year(0, "2027/28")["e3"].clone(), year(0, "2027/28")["current"].clone()),
        ("7".into(), "0.00".into(), "0.00".into())
    );
    // FY 2027-28: April–August 2027 in Year 6 only: 5 × 10,000 / 12.
    assert_eq!(primary["pupils"][0]["financial_years"]["2027-28"]["e3"], "4166.67");
    // P002, Year 6 in 2024/25, has left by the community AY: nothing protected, so C1 commits
    // only P003's claim: 75% × £3,000 (R5.7, R6.2).
    assert_eq!(year(1, "2025/26")["e3"], "0.00");
    assert_eq!(v["communities"][0]["years"]["2025/26"]["committed"], "2250.00");
    assert_eq!(v["communities"][0]["years"]["2025/26"]["discretionary"], "685250.00");
    // P003 has no year group: none in the result, on roll throughout.
    assert!(year(2, "2025/26").get("year_group").is_none());
    // P004, N1 in 2024/25, is in Reception in 2026/27: into the model, the SA2 tariff £6,000.
    assert_eq!(
        (year(3, "2026/27")["year_group"].clone(), year(3, "2026/27")["route"].clone(), year(3, "2026/27")["e3"].clone()),
        ("R".into(), "tariff".into(), "6000.00".into())
    );
    assert_eq!(primary["years"]["2027/28"]["direct"], "6000.00");
    // The special school's Year 11 pupil is in Year 12 in 2026/27: outside the model (R4.1), so
    // the current £12,000 and no MGL adjustment, where without R11 the tariff and MGL applied.
    let special = &v["schools"][1];
    assert_eq!(special["pupils"][0]["years"]["2026/27"]["route"], "out_of_scope");
    assert_eq!(special["years"]["2026/27"]["mgl_adjustment"], "0.00");
    assert_eq!(special["years"]["2026/27"]["direct"], "12000.00");
}

#[test]
fn explain_says_what_r11_changed() {
    let f = fixture("scenario-r11.json");
    let o = run(&["explain", &f, "--school", "100001", "--pupil", "P001", "--year", "2027/28"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t = stdout(&o);
    assert!(
        t.contains("R11.2: Year groups are recorded as at 2024/25: Year 4 in 2024/25 is Year 7 in 2027/28 (moved up 3 years along N1, N2, R, 1 … 14)."),
        "{t}"
    );
    assert!(t.contains("R11.3: In Year 7 in 2027/28: left the school after Year 6, so the pupil is off roll for the whole of 2027/28"), "{t}");
    let o = run(&["explain", &f, "--school", "100001", "--pupil", "P001", "--year", "2027-28", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let steps: Vec<(String, String)> =
        v["steps"].as_array().unwrap().iter().map(|s| (s["rule"].as_str().unwrap().into(), s["text"].as_str().unwrap().into())).collect();
    assert!(
        steps.iter().any(|(r, t)| r == "R11.3" && t.starts_with("September–March 2027/28: in Year 7 in 2027/28: left the school after Year 6")),
        "{steps:?}"
    );
    let o = run(&["explain", &f, "--school", "200001", "--pupil", "S001", "--year", "2026/27"]);
    assert!(stdout(&o).contains("R4.1: Year group 12 in 2026/27 is outside Reception to Year 11 (early years and post-16 funding is unchanged), moved out of the new model by R11.2"), "{}", stdout(&o));
    let o = run(&["explain", &f, "--school", "100001", "--year", "2025/26"]);
    assert!(stdout(&o).contains("in 2025/26 1 pupil is off roll for the whole year (1 left the school after Year 6)"), "{}", stdout(&o));
    let o = run(&["explain", &f, "--community", "C1", "--year", "2025/26"]);
    assert!(stdout(&o).contains("R5.7: Committed (protected amounts of existing claims) £2,250.00"), "{}", stdout(&o));
    assert!(stdout(&o).contains("R11.3: 1 pupil with an existing claim in the Community's schools is off roll for the whole of 2025/26"), "{}", stdout(&o));
}

#[test]
fn calc_csv_and_xlsx_of_an_r11_scenario_carry_the_year_group_of_each_year() {
    let n = check_exports(&fixture("scenario-r11.json"), "r11");
    // 10 school-years × 9 + 8 × 8 + 25 pupil-years × 11 + 20 × 6 + 6 × 12 + 3 × 6 columns.
    assert_eq!(n, 90 + 64 + 275 + 120 + 72 + 18);
    let dir = std::env::temp_dir().join(format!("sen-funding-cli-{}-r11", std::process::id()));
    let p = std::fs::read_to_string(dir.join("csv/pupils-by-ay.csv")).unwrap();
    assert!(p.starts_with("\u{feff}year,urn,id,setting,band,year_group,route,e3,current,change,flags\r\n"), "{p}");
    assert!(p.contains("2027/28,100001,P001,mainstream,SA3,7,tariff,0.00,0.00,0.00,\r\n"), "{p}");
    // No year group for a pupil without one.
    assert!(p.contains("2025/26,100001,P003,mainstream,W,,community_existing,2250.00,3000.00,-750.00,\r\n"), "{p}");
}

#[test]
fn compare_a_base_without_r11_against_a_what_if_with_it() {
    // Reading: each side is computed with its own schools' fields; the change is R11's effect.
    let text = std::fs::read_to_string(fixture("scenario-r11.json")).unwrap().replace("../../www", concat!(env!("CARGO_MANIFEST_DIR"), "/www"));
    let with_r11 = temp("with-r11.json", text.as_bytes());
    let mut plain: serde_json::Value = serde_json::from_str(&text).unwrap();
    for school in plain["schools"].as_array_mut().unwrap() {
        let o = school.as_object_mut().unwrap();
        o.remove("year_group_as_at");
        o.remove("last_year_group");
    }
    let without = temp("without-r11.json", plain.to_string().as_bytes());
    let o = run(&["compare", &without, &with_r11]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // 2025/26 at the primary: P002 (Year 6 in 2024/25) has left, so its protected £6,000 goes;
    // P004 is N2, out of the model either way.
    assert_eq!(v["schools"][0]["years"]["2025/26"]["direct"], serde_json::json!({"base": "20250.00", "what_if": "14250.00", "change": "-6000.00"}));
    assert_eq!(v["communities"][0]["years"]["2025/26"]["committed"], serde_json::json!({"base": "8250.00", "what_if": "2250.00", "change": "-6000.00"}));
    // The special school's pupil leaves the model in 2026/27: no tariff (£10,000) and no MGL
    // floor (£1,400), the current £12,000 instead.
    assert_eq!(v["schools"][1]["years"]["2026/27"]["direct"], serde_json::json!({"base": "11400.00", "what_if": "12000.00", "change": "600.00"}));
}
