//! `sen-funding calc`: run the whole model (R1–R10) on a scenario and print the result JSON
//! (R10.4).

use crate::common::{input_errors, load_scenario};
use sen_funding::engine::{calculate, result};
use std::path::PathBuf;
use std::process::ExitCode;

/// Work out every figure of a scenario and print the result JSON (R10.4) on stdout.
#[derive(clap::Args, Debug)]
#[command(after_help = "Example:\n  sen-funding calc tests/fixtures/scenario-small.json > result.json\n  sen-funding calc county.json --compact | head -c 200")]
pub struct CalcArgs {
    /// The scenario JSON (R10.3); its `rate_card_path` is read relative to its folder.
    #[arg(value_name = "SCENARIO.json")]
    pub scenario: PathBuf,
    /// The result on one line rather than indented.
    #[arg(long)]
    pub compact: bool,
}

pub fn run(args: &CalcArgs) -> ExitCode {
    let s = match load_scenario(&args.scenario) {
        Ok(s) => s,
        Err(e) => return input_errors(e),
    };
    let out = calculate(&s);
    let doc = result::ResultDoc { scenario: &s, outcome: &out };
    use std::io::Write;
    let mut w = std::io::BufWriter::new(std::io::stdout().lock());
    let written = if args.compact { serde_json::to_writer(&mut w, &doc) } else { serde_json::to_writer_pretty(&mut w, &doc) };
    // A closed pipe (e.g. `| head`) is not an error of the input.
    let _ = written.map_err(|e| e.to_string()).and_then(|_| writeln!(w).map_err(|e| e.to_string())).and_then(|_| w.flush().map_err(|e| e.to_string()));
    ExitCode::SUCCESS
}
