//! `sen-funding`: the command-line tool of the Kent SEN Element 3 funding calculator, for
//! council officers' batch runs and for testing. It uses exactly the engine the web app uses;
//! the rules it applies are in `docs/MODEL.md` (R1–R11).
//!
//! Arguments are parsed by clap (derive); each command lives in its own module exposing
//! `<Command>Args` and `run(&<Command>Args) -> ExitCode`.
//!
//! Exit codes: 0 success; 2 input errors (every one printed on stderr with its path, R10.5,
//! and nothing on stdout) or a usage error (in clap's form, with the command's usage).

mod bench;
mod calc;
mod common;
mod compare;
mod explain;
mod generate;
mod import;
mod spreadsheet;
mod validate;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// The Kent SEN Element 3 funding model (rules R1–R11, docs/MODEL.md), from the command line.
#[derive(Parser)]
#[command(
    name = "sen-funding",
    version,
    arg_required_else_help = true,
    after_help = "Examples:\n  sen-funding calc scenario.json > result.json\n  sen-funding calc scenario.json --csv figures/ --xlsx figures.xlsx\n  sen-funding explain scenario.json --school 100001 --year 2026/27\n  sen-funding help calc\n\nExit codes: 0 success; 2 input errors (each on stderr with its path, R10.5) or bad usage."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Calc(calc::CalcArgs),
    Validate(validate::ValidateArgs),
    Explain(explain::ExplainArgs),
    /// Every figure of two scenarios side by side with the change (R10.6).
    Compare(compare::CompareArgs),
    Import(import::ImportArgs),
    Generate(generate::GenerateArgs),
    Bench(bench::BenchArgs),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Calc(a) => calc::run(&a),
        Command::Validate(a) => validate::run(&a),
        Command::Explain(a) => explain::run(&a),
        Command::Compare(a) => compare::run(&a),
        Command::Import(a) => import::run(&a),
        Command::Generate(a) => generate::run(&a),
        Command::Bench(a) => bench::run(&a),
    }
}

/// A usage error found after parsing (e.g. a Community with a financial year), printed in
/// clap's form with the command's usage, exit code 2.
pub fn usage_error(command: &str, message: impl std::fmt::Display) -> ExitCode {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    cmd.build();
    let mut sub = cmd.find_subcommand(command).cloned().unwrap_or(cmd);
    let _ = sub.error(clap::error::ErrorKind::ArgumentConflict, message).print();
    ExitCode::from(2)
}
