//! `sen-funding`: the command-line tool of the Kent SEN Element 3 funding calculator, for
//! council officers' batch runs and for testing. It uses exactly the engine the web app uses.
//!
//! Exit codes: 0 success; 2 input errors (every one printed on stderr with its path, R10.5,
//! and nothing on stdout) or a usage error.

#[path = "sen-funding/import.rs"]
mod import;
use sen_funding::engine::explanations;
use sen_funding::engine::{calculate, result, Ay, Errors, Fy, InputError, RateCard, Scenario};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "\
sen-funding — the Kent SEN Element 3 funding model (FUNDING-MODEL.md R1–R10)

USAGE:
  sen-funding calc SCENARIO.json [--compact]
      Print the result JSON (R10.4) on stdout.
  sen-funding validate SCENARIO.json
      Print `ok`, or every input error with its path (R10.5) on stderr and exit 2.
  sen-funding explain SCENARIO.json --school URN [--pupil ID] --year 2026/27|2026-27 [--json]
  sen-funding explain SCENARIO.json --community ID --year 2026/27 [--json]
      Print the derivation of a school's, a pupil's or a Community's figures for an academic
      year (2026/27) or a financial year (2026-27), each step citing its rule.
  sen-funding import pupils FILE [--rate-card CARD.json] [--column FIELD=HEADING]...
                                 [--sheet NAME] [--setting mainstream|srp|special]
  sen-funding import communities FILE [--column FIELD=HEADING]... [--sheet NAME]
      Print the JSON list a school's register (R10.1, R10.1a) or a Community list (R10.2)
      describes, or every faulty row with its line or row number (exit 2). FILE may be CSV,
      .xlsx, .xls or .ods; the header row is found on the first sheet that has one; columns
      that only identify a child are never read. Pupil bands are checked against the rate card
      (by default the shipped illustrative card).
  sen-funding generate [--communities 50 --schools 600 --pupils 50000 --seed 1]
      Print a made-up county scenario (for benchmarks and demonstrations).
  sen-funding bench [--communities 50 --schools 600 --pupils 50000 --runs 20]
      Time a full calculation on a generated Kent-scale county.
";

const SHIPPED_CARD: &str = include_str!("../../www/ratecards/kent-illustrative-2025.json");

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(errs)) => {
            for e in errs {
                eprintln!("{e}");
            }
            ExitCode::from(2)
        }
        Err(Failure::Exit(code)) => ExitCode::from(code),
        Err(Failure::Usage(msg)) => {
            eprintln!("sen-funding: {msg}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

enum Failure {
    Input(Errors),
    Usage(String),
    /// The command has written its own messages.
    Exit(u8),
}

fn usage<T>(msg: impl Into<String>) -> Result<T, Failure> {
    Err(Failure::Usage(msg.into()))
}

/// Options after the positional arguments: `--name value` and flags.
struct Opts<'a> {
    positional: Vec<&'a str>,
    named: Vec<(&'a str, Option<&'a str>)>,
}

impl<'a> Opts<'a> {
    fn parse(args: &'a [String], flags: &[&str]) -> Result<Opts<'a>, Failure> {
        let mut positional = Vec::new();
        let mut named = Vec::new();
        let mut i = 0;
        while i < args.len() {
            let a = args[i].as_str();
            if let Some(name) = a.strip_prefix("--") {
                if flags.contains(&name) {
                    named.push((name, None));
                } else {
                    let v = args.get(i + 1).map(|s| s.as_str());
                    if v.is_none() {
                        return usage(format!("--{name} needs a value"));
                    }
                    named.push((name, v));
                    i += 1;
                }
            } else {
                positional.push(a);
            }
            i += 1;
        }
        Ok(Opts { positional, named })
    }
    fn get(&self, name: &str) -> Option<&'a str> {
        self.named.iter().find(|(n, _)| *n == name).and_then(|(_, v)| *v)
    }
    fn flag(&self, name: &str) -> bool {
        self.named.iter().any(|(n, _)| *n == name)
    }
    fn number(&self, name: &str, default: usize) -> Result<usize, Failure> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => v.parse().or_else(|_| usage(format!("--{name} must be a whole number (got \"{v}\")"))),
        }
    }
    fn check(&self, allowed: &[&str]) -> Result<(), Failure> {
        for (n, _) in &self.named {
            if !allowed.contains(n) {
                return usage(format!("unknown option --{n}"));
            }
        }
        Ok(())
    }
}

fn run(args: &[String]) -> Result<(), Failure> {
    let Some(cmd) = args.first() else { return usage("no command given") };
    let rest = &args[1..];
    match cmd.as_str() {
        "calc" => {
            let o = Opts::parse(rest, &["compact"])?;
            o.check(&["compact"])?;
            let s = load_scenario(one_file(&o)?)?;
            let out = calculate(&s);
            let doc = result::ResultDoc { scenario: &s, outcome: &out };
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            let written = if o.flag("compact") { serde_json::to_writer(&mut w, &doc) } else { serde_json::to_writer_pretty(&mut w, &doc) };
            use std::io::Write;
            // A closed pipe (e.g. `| head`) is not an error of the input.
            let _ = written.map_err(|e| e.to_string()).and_then(|_| writeln!(w).map_err(|e| e.to_string())).and_then(|_| w.flush().map_err(|e| e.to_string()));
            Ok(())
        }
        "validate" => {
            let o = Opts::parse(rest, &[])?;
            o.check(&[])?;
            load_scenario(one_file(&o)?)?;
            println!("ok");
            Ok(())
        }
        "explain" => explain(rest),
        "import" => import(rest),
        "generate" => {
            let o = Opts::parse(rest, &[])?;
            o.check(&["communities", "schools", "pupils", "seed"])?;
            let size = size_of(&o)?;
            let card = shipped_card()?;
            let s = sen_funding::synth::county(&card, size, o.number("seed", 1)? as u64);
            let mut v = s.to_json();
            if let Some(m) = v.as_object_mut() {
                m.remove("rate_card");
                m.insert("rate_card_path".into(), serde_json::json!("www/ratecards/kent-illustrative-2025.json"));
            }
            println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
            Ok(())
        }
        "bench" => bench(rest),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => usage(format!("unknown command \"{other}\"")),
    }
}

fn one_file<'a>(o: &Opts<'a>) -> Result<&'a str, Failure> {
    match o.positional.as_slice() {
        [f] => Ok(f),
        [] => usage("give the scenario file, e.g. sen-funding calc scenario.json"),
        _ => usage(format!("expected one file, got {}", o.positional.join(" "))),
    }
}

fn read_text(path: &str, what: &str) -> Result<String, Failure> {
    let bytes = std::fs::read(path).map_err(|e| Failure::Input(vec![InputError::new("", format!("cannot read the {what} \"{path}\": {e}"))]))?;
    String::from_utf8(bytes).map_err(|e| {
        Failure::Input(vec![InputError::new("", format!("the {what} \"{path}\" is not UTF-8 text (invalid byte at offset {}): expected JSON", e.utf8_error().valid_up_to()))])
    })
}

/// Reads and validates a scenario file; `rate_card_path` is read relative to the scenario's
/// folder, then to the working directory.
fn load_scenario(path: &str) -> Result<Scenario, Failure> {
    let text = read_text(path, "scenario")?;
    let dir = Path::new(path).parent().map(Path::to_path_buf).unwrap_or_default();
    let mut resolve = |p: &str| -> Result<String, String> {
        let candidates: Vec<PathBuf> = if Path::new(p).is_absolute() { vec![PathBuf::from(p)] } else { vec![dir.join(p), PathBuf::from(p)] };
        for c in &candidates {
            if let Ok(bytes) = std::fs::read(c) {
                return String::from_utf8(bytes).map_err(|_| "the file is not UTF-8 text".to_string());
            }
        }
        Err(format!("no such file (looked in {})", candidates.iter().map(|c| c.display().to_string()).collect::<Vec<_>>().join(" and ")))
    };
    Scenario::from_json_str(&text, &mut resolve).map_err(Failure::Input)
}

fn shipped_card() -> Result<RateCard, Failure> {
    RateCard::from_json_str(SHIPPED_CARD).map_err(|e| Failure::Input(e.into_iter().map(|e| e.within("shipped rate card")).collect()))
}

enum Period {
    Ay(Ay),
    Fy(Fy),
}

fn explain(rest: &[String]) -> Result<(), Failure> {
    let o = Opts::parse(rest, &["json"])?;
    o.check(&["school", "pupil", "community", "year", "json"])?;
    let s = load_scenario(one_file(&o)?)?;
    let Some(year) = o.get("year") else { return usage("give --year, e.g. --year 2026/27 (academic) or --year 2026-27 (financial)") };
    let period = if year.contains('/') {
        Period::Ay(Ay::parse(year).or_else(|e| usage(format!("--year {e}")))?)
    } else {
        Period::Fy(Fy::parse(year).or_else(|e| usage(format!("--year {e}")))?)
    };
    let out = calculate(&s);
    let not_modelled = |what: &str| Failure::Input(vec![InputError::new("--year", format!("{year} is not modelled for this {what} (modelled academic years: {})", s.years.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(", ")))]);
    let exp = if let Some(cid) = o.get("community") {
        let ci = s.communities.iter().position(|c| c.id == cid).ok_or_else(|| Failure::Input(vec![InputError::new("--community", format!("no community \"{cid}\" in the scenario"))]))?;
        match period {
            Period::Ay(ay) => explanations::community_year(&s, &out, ci, ay).ok_or_else(|| Failure::Input(vec![InputError::new("--year", format!("{year} has no Community figures (no pot for it, or it is not modelled)"))]))?,
            Period::Fy(_) => return usage("Community budgets are by academic year: give --year like 2026/27"),
        }
    } else {
        let Some(urn) = o.get("school") else { return usage("give --school URN (or --community ID)") };
        let si = s.schools.iter().position(|x| x.urn == urn).ok_or_else(|| Failure::Input(vec![InputError::new("--school", format!("no school with URN \"{urn}\" in the scenario"))]))?;
        match o.get("pupil") {
            Some(pid) => {
                let pi = s.schools[si].pupils.iter().position(|p| p.id == pid).ok_or_else(|| Failure::Input(vec![InputError::new("--pupil", format!("no pupil \"{pid}\" at school {urn}"))]))?;
                match period {
                    Period::Ay(ay) => explanations::pupil_year(&s, &out, si, pi, ay),
                    Period::Fy(fy) => explanations::pupil_fy(&s, &out, si, pi, fy),
                }
                .ok_or_else(|| not_modelled("pupil"))?
            }
            None => match period {
                Period::Ay(ay) => explanations::school_year(&s, &out, si, ay),
                Period::Fy(fy) => explanations::school_fy(&s, &out, si, fy),
            }
            .ok_or_else(|| not_modelled("school"))?,
        }
    };
    if o.flag("json") {
        println!("{}", serde_json::to_string_pretty(&exp).unwrap_or_default());
    } else {
        print!("{}", exp.to_text());
    }
    Ok(())
}

fn import(rest: &[String]) -> Result<(), Failure> {
    use clap::Parser;
    #[derive(Parser)]
    #[command(name = "sen-funding import", no_binary_name = true)]
    struct Cli {
        #[command(flatten)]
        args: import::ImportArgs,
    }
    let cli = Cli::try_parse_from(rest).or_else(|e| usage(e.to_string().trim().trim_start_matches("error: ").to_string()))?;
    match import::run(&cli.args) {
        c if c == ExitCode::SUCCESS => Ok(()),
        _ => Err(Failure::Exit(2)),
    }
}

fn size_of(o: &Opts) -> Result<sen_funding::synth::CountySize, Failure> {
    let k = sen_funding::synth::KENT;
    Ok(sen_funding::synth::CountySize {
        communities: o.number("communities", k.communities)?,
        schools: o.number("schools", k.schools)?.max(1),
        pupils: o.number("pupils", k.pupils)?,
    })
}

fn bench(rest: &[String]) -> Result<(), Failure> {
    let o = Opts::parse(rest, &[])?;
    o.check(&["communities", "schools", "pupils", "runs", "seed"])?;
    let size = size_of(&o)?;
    let runs = o.number("runs", 20)?.max(1);
    let card = shipped_card()?;
    let s = sen_funding::synth::county(&card, size, o.number("seed", 1)? as u64);
    let years = s.years.len();
    // The round trip a file-based run makes: scenario JSON text → validated scenario.
    let text = s.to_json().to_string();
    let t = Instant::now();
    let parsed = Scenario::from_json_str(&text, &mut |_| Err("inline card expected".into())).map_err(Failure::Input)?;
    let parse_ms = t.elapsed().as_secs_f64() * 1e3;
    let mut times = Vec::with_capacity(runs);
    let mut out = calculate(&parsed);
    for _ in 0..runs {
        let t = Instant::now();
        out = calculate(&parsed);
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let t = Instant::now();
    let json = serde_json::to_string(&result::ResultDoc { scenario: &parsed, outcome: &out }).unwrap_or_default();
    let ser_ms = t.elapsed().as_secs_f64() * 1e3;
    let total_e3: i64 = out.schools.iter().map(|s| s.years.iter().map(|y| y.direct).sum::<i64>()).sum();
    println!(
        "county: {} communities, {} schools, {} pupils, {years} academic years\n\
         calculate (all rules, every figure): median {:.2} ms, min {:.2} ms, max {:.2} ms over {runs} runs\n\
         parse + validate scenario JSON ({:.1} MB): {:.1} ms\n\
         write result JSON ({:.1} MB): {:.1} ms\n\
         check: total direct E3 over the years £{}",
        s.communities.len(),
        s.schools.len(),
        size.pupils,
        times[runs / 2],
        times[0],
        times[runs - 1],
        text.len() as f64 / 1e6,
        parse_ms,
        json.len() as f64 / 1e6,
        ser_ms,
        sen_funding::engine::money::fmt_pennies(total_e3)
    );
    Ok(())
}
