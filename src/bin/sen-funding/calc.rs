//! `sen-funding calc`: run the whole model (R1–R11) on a scenario and print the result JSON
//! (R10.4), or write its figures as CSV files or an Excel workbook, as the web app's exports
//! do (`engine::csv_out`).

use crate::common::{input_errors, load_scenario};
use crate::spreadsheet;
use sen_funding::engine::{calculate, csv_out, result};
use std::path::PathBuf;
use std::process::ExitCode;

/// Work out every figure of a scenario and print the result JSON (R10.4) on stdout, or write
/// the figures as CSV files (--csv) or an Excel workbook (--xlsx).
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  sen-funding calc tests/fixtures/scenario-small.json > result.json
  sen-funding calc county.json --compact | head -c 200
  sen-funding calc county.json --csv figures/ --xlsx figures.xlsx

With --csv or --xlsx the result JSON is not printed; the files written are listed on stdout.
--csv DIR writes, in DIR (made if need be, files replaced):
  schools-by-ay.csv      year, urn, name, community, direct_e3, mgl_adjustment,
                         community_indicative, current, change
  schools-by-fy.csv      year, urn, name, community, direct_e3, mgl_adjustment, current, change
  pupils-by-ay.csv       year, urn, id, setting, band, route, e3, current, change, flags
                         (with year_group after band when a school gives
                         year_group_as_at: the year group of each year, R11.4)
  pupils-by-fy.csv       year, urn, id, e3, current, change
  communities-by-ay.csv  year, id, name, formula_share, historic_share, blended_share,
                         topslice, net, gross, committed, discretionary, over_committed
  reconciliation.csv     year, pot, topslice_total, sum_of_net, sum_of_gross, difference
UTF-8 with a byte order mark; money as in the result JSON (6000.00); text that a spreadsheet
could take for a formula (= + - @ tab CR) starts with an apostrophe.
--xlsx FILE writes the same tables as sheets after an About sheet; money as numbers in £.
Exit codes: 0 written; 2 input errors (nothing written); 1 a file could not be written.")]
pub struct CalcArgs {
    /// The scenario JSON (R10.3); its `rate_card_path` is read relative to its folder.
    #[arg(value_name = "SCENARIO.json")]
    pub scenario: PathBuf,
    /// The result on one line rather than indented.
    #[arg(long, conflicts_with_all = ["csv", "xlsx"])]
    pub compact: bool,
    /// Write the figures as CSV files in this folder (one per table) instead of printing JSON.
    #[arg(long, value_name = "DIR")]
    pub csv: Option<PathBuf>,
    /// Write the figures as an Excel workbook (one sheet per table) instead of printing JSON.
    #[arg(long, value_name = "FILE.xlsx")]
    pub xlsx: Option<PathBuf>,
}

pub fn run(args: &CalcArgs) -> ExitCode {
    let s = match load_scenario(&args.scenario) {
        Ok(s) => s,
        Err(e) => return input_errors(e),
    };
    let out = calculate(&s);
    if args.csv.is_some() || args.xlsx.is_some() {
        let tables = csv_out::tables(&s, &out);
        let mut lines = Vec::new();
        if let Some(dir) = &args.csv {
            match spreadsheet::write_csv_dir(dir, &tables) {
                Ok(files) => lines.extend(files.iter().map(|(p, n)| format!("wrote {} ({n} rows)", p.display()))),
                Err(e) => return write_failed(&e),
            }
        }
        if let Some(file) = &args.xlsx {
            let card = &s.rate_card;
            let about = [
                ("Kent SEN funding calculator", "Element 3 figures of a scenario (sen-funding calc)".to_string()),
                ("Scenario", args.scenario.display().to_string()),
                ("Rate card", format!("{} ({}, {})", card.title, card.id, card.status.as_str())),
                ("Amounts", "pounds, exact to the penny (docs/MODEL.md R7, R10.4); shares as exact decimals (R5)".to_string()),
            ];
            if let Err(e) = spreadsheet::write_xlsx(file, &tables, &about) {
                return write_failed(&e);
            }
            lines.push(format!("wrote {} ({} sheets)", file.display(), tables.len() + 1));
        }
        for l in lines {
            println!("{l}");
        }
        return ExitCode::SUCCESS;
    }
    let doc = result::ResultDoc { scenario: &s, outcome: &out };
    use std::io::Write;
    let mut w = std::io::BufWriter::new(std::io::stdout().lock());
    let written = if args.compact { serde_json::to_writer(&mut w, &doc) } else { serde_json::to_writer_pretty(&mut w, &doc) };
    // A closed pipe (e.g. `| head`) is not an error of the input.
    let _ = written.map_err(|e| e.to_string()).and_then(|_| writeln!(w).map_err(|e| e.to_string())).and_then(|_| w.flush().map_err(|e| e.to_string()));
    ExitCode::SUCCESS
}

fn write_failed(message: &str) -> ExitCode {
    eprintln!("{message}");
    ExitCode::FAILURE
}
