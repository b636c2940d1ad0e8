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
    let bad = text.replace("\"SA4\"", "\"SA9\"").replace("\"12000\", \"year_group\"", "\"12,000\", \"year_group\"").replace("\"protection\": \"D\"", "\"protection\": \"E\"");
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
    assert!(t.contains("R5.5: 75% × historic share 0.750000 + 25% × formula share 0.500000 = 0.687500 (community.historic_weight 2025/26 = 0.75, source 24/00120 §5.9)"), "{t}");
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
    assert_eq!(v[0], serde_json::json!({"id": "P001", "setting": "mainstream", "band": "SA3", "ehcp": true, "current_e3": "12500.00", "year_group": "5", "start": "2025-09-01"}));
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
        (vec!["explain", &f, "--school", "100001"], "error: the following required arguments were not provided:\n  --year <YEAR>", "Usage: sen-funding explain"),
        (vec!["explain", &f, "--year", "2025/26"], "error: the following required arguments were not provided:\n  --school <URN>", "Usage: sen-funding explain"),
        (vec!["explain", &f, "--school", "1", "--year", "26/27"], "error: invalid value '26/27' for '--year <YEAR>'", "For more information, try '--help'."),
        (vec!["explain", &f, "--school", "1", "--community", "C1", "--year", "2025/26"], "error: the argument '--school <URN>' cannot be used with '--community <ID>'", "Usage: sen-funding explain"),
        (vec!["explain", &f, "--community", "C1", "--year", "2025-26"], "error: Community budgets are by academic year: give --year like 2026/27", "Usage: sen-funding explain"),
        (vec!["explain", &f, "--help-me"], "error: unexpected argument '--help-me' found", "Usage: sen-funding explain"),
        (vec!["import", "people", "x.csv"], "error: invalid value 'people' for '<KIND>'", "[possible values: pupils, communities]"),
        (vec!["generate", "--pupils", "many"], "error: invalid value 'many' for '--pupils <N>': invalid digit found in string", "For more information, try '--help'."),
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
    for (cmd, opts) in [("calc", &["--compact"][..]), ("explain", &["--school <URN>", "--pupil <ID>", "--community <ID>", "--year <YEAR>", "--json"]), ("import", &["--rate-card <CARD.json>", "pupils", "communities"]), ("bench", &["--runs <N>", "--seed <N>"]), ("generate", &["--communities <N>", "--schools <N>", "--pupils <N>"])] {
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
