//! `sen-funding import`: a pupil CSV (R10.1) or a Community CSV (R10.2) as the JSON list a
//! scenario (R10.3) takes, or every faulty row with its line number (R10.5).

use crate::common::{input_errors, one_error, read_text, shipped_card};
use sen_funding::engine::csv_import::{self, Import};
use sen_funding::engine::RateCard;
use std::path::PathBuf;
use std::process::ExitCode;

/// What a CSV describes.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum ImportKind {
    /// Pupils (R10.1): id, setting, band, ehcp, current_e3, year_group, start…
    Pupils,
    /// Communities (R10.2): id, name, historic, protection…
    Communities,
}

/// Print the JSON list a pupil (R10.1) or Community (R10.2) CSV describes, or every faulty
/// row with its line number (exit 2). Pupil bands are checked against the rate card (by
/// default the shipped illustrative card).
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  sen-funding import pupils pupils.csv > pupils.json\n  sen-funding import pupils pupils.csv --rate-card card.json\n  sen-funding import communities communities.csv"
)]
pub struct ImportArgs {
    /// What the file holds.
    #[arg(value_enum)]
    pub kind: ImportKind,
    /// The CSV file (UTF-8, with or without a byte order mark, or Windows-1252).
    #[arg(value_name = "FILE.csv")]
    pub file: PathBuf,
    /// The rate card whose bands pupils are checked against (default: the shipped illustrative card).
    #[arg(long, value_name = "CARD.json")]
    pub rate_card: Option<PathBuf>,
}

pub fn run(args: &ImportArgs) -> ExitCode {
    let file = &args.file;
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            return input_errors(one_error(
                "",
                format!("cannot read \"{}\": {e}", file.display()),
            ))
        }
    };
    fn finish<T>(imp: Import<T>, to_json: impl Fn(&T) -> serde_json::Value) -> ExitCode {
        if !imp.errors.is_empty() {
            return input_errors(imp.errors);
        }
        let list: Vec<serde_json::Value> = imp.accepted.iter().map(|(_, t)| to_json(t)).collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&list).unwrap_or_default()
        );
        ExitCode::SUCCESS
    }
    match args.kind {
        ImportKind::Pupils => {
            let card = match &args.rate_card {
                Some(p) => read_text(p, "rate card").and_then(|t| RateCard::from_json_str(&t)),
                None => shipped_card(),
            };
            match card {
                Ok(card) => finish(csv_import::read_pupils(&bytes, Some(&card)), |p| {
                    p.to_json()
                }),
                Err(e) => input_errors(e),
            }
        }
        ImportKind::Communities => finish(csv_import::read_communities(&bytes), |c| c.to_json()),
    }
}
