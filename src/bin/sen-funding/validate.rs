//! `sen-funding validate`: check a scenario (R10.3) and say `ok`, or list every input error
//! with its path (R10.5).

use crate::common::{input_errors, load_scenario};
use std::path::PathBuf;
use std::process::ExitCode;

/// Check a scenario file: print `ok`, or every input error with its path (R10.5) on stderr and exit 2.
#[derive(clap::Args, Debug)]
#[command(after_help = "Example:\n  sen-funding validate scenario.json\n  ok")]
pub struct ValidateArgs {
    /// The scenario JSON (R10.3).
    #[arg(value_name = "SCENARIO.json")]
    pub scenario: PathBuf,
}

pub fn run(args: &ValidateArgs) -> ExitCode {
    match load_scenario(&args.scenario) {
        Ok(_) => {
            println!("ok");
            ExitCode::SUCCESS
        }
        Err(e) => input_errors(e),
    }
}
