//! `sen-funding compare BASE.json WHAT_IF.json [--csv]`: every figure of two scenarios side by
//! side with the change (R10.6). Input errors in either file are reported together, one per
//! line on stderr, each path prefixed `base:` or `what_if:` (R10.5, R10.6); exit 2 and nothing
//! on stdout then.
//!
//! `--csv` prints one row per school, period and figure (schools in R10.6 order, each school's
//! academic years then its financial years): `urn,period,figure,base,what_if,change`, where
//! `period` is `2025/26` (AY) or `2025-26` (FY), `figure` is `direct`, `mgl_adjustment`,
//! `current` or `community_indicative` (AY) or `direct` or `current` (FY), and an absent
//! figure is an empty cell. Written by the one CSV writer, `sen_funding::wire::to_csv`: UTF-8
//! with a byte order mark, CRLF, text cells neutralised against formula injection, money as
//! plain numbers.

use sen_funding::engine::compare::{self, side_errors, Computed, Side};
use sen_funding::engine::{calculate, Errors};
use sen_funding::wire::{self, Cell};
use std::io::Write;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  sen-funding compare scenario.json what-if.json > comparison.json\n  sen-funding compare scenario.json what-if.json --csv > comparison.csv"
)]
pub struct CompareArgs {
    /// The baseline scenario (R10.3).
    #[arg(value_name = "BASE.json")]
    pub base: String,
    /// The what-if scenario (R10.3).
    #[arg(value_name = "WHAT_IF.json")]
    pub what_if: String,
    /// Print CSV (one row per school, period and figure) instead of the R10.6 JSON.
    #[arg(long)]
    pub csv: bool,
}

pub fn run(args: &CompareArgs) -> ExitCode {
    let base = super::common::load_scenario(std::path::Path::new(&args.base));
    let what_if = super::common::load_scenario(std::path::Path::new(&args.what_if));
    let (base, what_if) = match (base, what_if) {
        (Ok(b), Ok(w)) => (b, w),
        (b, w) => {
            let mut errs = Errors::new();
            if let Err(e) = b {
                errs.extend(side_errors(Side::Base, e));
            }
            if let Err(e) = w {
                errs.extend(side_errors(Side::WhatIf, e));
            }
            for e in errs {
                eprintln!("{e}");
            }
            return ExitCode::from(2);
        }
    };
    let (bo, wo) = (calculate(&base), calculate(&what_if));
    let cmp = compare::compare(Computed::new(&base, &bo), Computed::new(&what_if, &wo));
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // A closed pipe (e.g. `| head`) is not an error of the input.
    if args.csv {
        let mut rows: Vec<Vec<Cell>> = vec![compare::CSV_HEADER.iter().map(|h| Cell::Text(h.to_string())).collect()];
        rows.extend(cmp.csv_rows().into_iter().map(|[urn, period, figure, base, what_if, change]| {
            let money = |m: String| if m.is_empty() { Cell::Text(m) } else { Cell::Number(m) };
            vec![Cell::Text(urn), Cell::Text(period), Cell::Text(figure), money(base), money(what_if), money(change)]
        }));
        let _ = out.write_all(&wire::to_csv(&rows));
    } else {
        let _ = serde_json::to_writer_pretty(&mut out, &cmp).map_err(|e| e.to_string()).and_then(|_| writeln!(out).map_err(|e| e.to_string()));
    }
    let _ = out.flush();
    ExitCode::SUCCESS
}
