//! `sen-funding explain`: the derivation of a pupil's, a school's or a Community's figures for
//! one year, each step citing its rule (R4–R8) and its source.

use crate::common::{input_errors, load_scenario, one_error};
use crate::usage_error;
use sen_funding::engine::{calculate, explanations, Ay, Fy};
use std::path::PathBuf;
use std::process::ExitCode;

/// An academic year (`2026/27`) or a financial year (`2026-27`), R1.4.
#[derive(Clone, Copy, Debug)]
pub enum Period {
    Ay(Ay),
    Fy(Fy),
}

fn parse_period(s: &str) -> Result<Period, String> {
    if s.contains('/') {
        Ay::parse(s).map(Period::Ay)
    } else {
        Fy::parse(s).map(Period::Fy)
    }
}

/// Print the derivation of a school's, a pupil's or a Community's figures for an academic
/// year (2026/27) or a financial year (2026-27), each step citing its rule.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  sen-funding explain scenario.json --school 100001 --pupil P002 --year 2025/26\n  sen-funding explain scenario.json --school 200001 --year 2026-27 --json\n  sen-funding explain scenario.json --community C1 --year 2025/26"
)]
pub struct ExplainArgs {
    /// The scenario JSON (R10.3).
    #[arg(value_name = "SCENARIO.json")]
    pub scenario: PathBuf,
    /// The school, by URN.
    #[arg(long, value_name = "URN", required_unless_present = "community", conflicts_with = "community")]
    pub school: Option<String>,
    /// A pupil of that school, by id (needs --school).
    #[arg(long, value_name = "ID", requires = "school")]
    pub pupil: Option<String>,
    /// A Community, by id (academic years only).
    #[arg(long, value_name = "ID")]
    pub community: Option<String>,
    /// The year: academic as 2026/27, financial (April to March) as 2026-27.
    #[arg(long, value_name = "YEAR", value_parser = parse_period)]
    pub year: Period,
    /// The explanation as JSON (its steps, each with its rule) rather than text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &ExplainArgs) -> ExitCode {
    let s = match load_scenario(&args.scenario) {
        Ok(s) => s,
        Err(e) => return input_errors(e),
    };
    let year = match args.year {
        Period::Ay(a) => a.to_string(),
        Period::Fy(f) => f.to_string(),
    };
    let out = calculate(&s);
    let not_modelled = |what: &str| {
        one_error(
            "--year",
            format!(
                "{year} is not modelled for this {what} (modelled academic years: {})",
                s.years.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(", ")
            ),
        )
    };
    let exp = if let Some(cid) = &args.community {
        let Some(ci) = s.communities.iter().position(|c| &c.id == cid) else {
            return input_errors(one_error("--community", format!("no community \"{cid}\" in the scenario")));
        };
        match args.year {
            Period::Ay(ay) => match explanations::community_year(&s, &out, ci, ay) {
                Some(e) => e,
                None => return input_errors(one_error("--year", format!("{year} has no Community figures (no pot for it, or it is not modelled)"))),
            },
            Period::Fy(_) => return usage_error("explain", "Community budgets are by academic year: give --year like 2026/27"),
        }
    } else {
        let Some(urn) = &args.school else {
            return usage_error("explain", "give --school URN (or --community ID)");
        };
        let Some(si) = s.schools.iter().position(|x| &x.urn == urn) else {
            return input_errors(one_error("--school", format!("no school with URN \"{urn}\" in the scenario")));
        };
        let found = match &args.pupil {
            Some(pid) => {
                let Some(pi) = s.schools[si].pupils.iter().position(|p| &p.id == pid) else {
                    return input_errors(one_error("--pupil", format!("no pupil \"{pid}\" at school {urn}")));
                };
                match args.year {
                    Period::Ay(ay) => explanations::pupil_year(&s, &out, si, pi, ay),
                    Period::Fy(fy) => explanations::pupil_fy(&s, &out, si, pi, fy),
                }
                .ok_or_else(|| not_modelled("pupil"))
            }
            None => match args.year {
                Period::Ay(ay) => explanations::school_year(&s, &out, si, ay),
                Period::Fy(fy) => explanations::school_fy(&s, &out, si, fy),
            }
            .ok_or_else(|| not_modelled("school")),
        };
        match found {
            Ok(e) => e,
            Err(e) => return input_errors(e),
        }
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&exp).unwrap_or_default());
    } else {
        print!("{}", exp.to_text());
    }
    ExitCode::SUCCESS
}
