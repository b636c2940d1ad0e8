//! `sen-funding bench`: time a full calculation (R1–R11) on a generated Kent-scale county.

use crate::common::{input_errors, shipped_card, CountySizeArgs};
use sen_funding::engine::{calculate, result, Scenario};
use std::process::ExitCode;
use std::time::Instant;

/// Time a full calculation on a generated Kent-scale county: parsing, every rule, writing JSON.
#[derive(clap::Args, Debug)]
#[command(after_help = "Example:\n  cargo run --profile bench-cli -- bench --runs 20\n  sen-funding bench --communities 5 --schools 60 --pupils 5000 --runs 5")]
pub struct BenchArgs {
    #[command(flatten)]
    pub size: CountySizeArgs,
    /// How many times to run the calculation (the median is reported).
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub runs: usize,
    /// Print the calculation's timings as JSON (what the browser benchmark compares with).
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &BenchArgs) -> ExitCode {
    let size = args.size.size();
    let runs = args.runs.max(1);
    let card = match shipped_card() {
        Ok(c) => c,
        Err(e) => return input_errors(e),
    };
    let s = sen_funding::synth::county(&card, size, args.size.seed);
    let years = s.years.len();
    // The round trip a file-based run makes: scenario JSON text → validated scenario.
    let text = s.to_json().to_string();
    let t = Instant::now();
    let parsed = match Scenario::from_json_str(&text, &mut |_| Err("inline card expected".into())) {
        Ok(p) => p,
        Err(e) => return input_errors(e),
    };
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
    if args.json {
        println!(
            "{}",
            serde_json::json!({
                "median_ms": times[runs / 2],
                "min_ms": times[0],
                "max_ms": times[runs - 1],
                "total_direct_pennies": total_e3.to_string(),
            })
        );
        return ExitCode::SUCCESS;
    }
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
    ExitCode::SUCCESS
}
